/* deck-oauth-dialog.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-oauth-dialog"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "deck-http.h"
#include "deck-node-red-client.h"
#include "deck-oauth-dialog.h"
#include "deck-secure.h"

/* The OAuth consent dialog: the provider's pages in an embedded WebKit
 * view, with the loopback catcher of a DeckOAuthFlow waiting behind it.
 *
 * Each attempt (the first one and every "Try Again") gets a new flow,
 * whose catcher listens BEFORE anything is loaded (O5), and a new web
 * view with its own ephemeral network session and web context, dropped
 * when the attempt ends or the dialog closes: no cookie, storage or cache
 * survives a login (O9).
 *
 * decide-policy lets the view navigate only http(s) (plain http only to
 * loopback hosts), hands a navigation to the redirect URI (parsed scheme,
 * host, port and path compared, never a prefix) to the flow instead of
 * loading it, and keeps new-window requests in this view (O10). Nothing
 * is injected into, or read from, the provider's pages. The header shows
 * the host of the loaded page and whether its connection is secure, and
 * "Use System Browser" opens the same authorization URL with the same
 * catcher waiting (O11). A TLS error stops the page with the certificate
 * problem named, with no way around it (O12).
 *
 * The authorization URL holds the `state`: it is never logged.
 *
 * deck_oauth_dialog_new_for_node_red() runs a Node-RED strategy (single
 * sign-on) sign-in in the same hardened view: no flow and no catcher;
 * the view opens `<editor>/auth/strategy` and the navigation to the
 * editor's `?code=` / `?access_token=` redirect (API.md §6.3) is taken
 * instead of loaded. A system browser cannot finish this one: Node-RED
 * redirects to its own address, so that button is hidden. */

#define DEFAULT_TIMEOUT_SECONDS (15 * 60)
#define AUTO_CLOSE_MS           1200
#define HANDOVER_CHECK_MS       250

struct _DeckOAuthDialog
{
  AdwWindow             parent_instance;

  /* Cancellable which cancels when the dialog closes */
  GCancellable         *cancellable;

  /* Owned References */
  DeckOAuthProfile     *profile;
  char                 *node_red_url;      /* Node-RED strategy mode */
  GUri                 *node_red_origin;   /* plain http allowed here, if set */
  gboolean              node_red_callback; /* the strategy's callback was reached */
  guint                 node_red_idle;
  GTask                *task;              /* the pending run, if any */
  GError               *error;             /* why the last attempt failed */
  char                 *capture_cookie;    /* a cookie to keep on success */
  char                 *captured;          /* its value (secret: wiped) */
  GCancellable         *external;          /* the caller's cancellable */
  gulong                external_id;

  /* The current attempt */
  DeckOAuthFlow        *flow;
  GCancellable         *flow_cancellable;
  char                 *authorization_url;
  GUri                 *redirect_uri;
  WebKitNetworkSession *network_session;
  WebKitWebContext     *web_context;
  WebKitWebView        *web_view;
  gboolean              flow_running;
  gboolean              page_loaded;
  gboolean              load_failed;
  gboolean              in_browser;

  DeckOAuthDialogState  state;
  guint                 timeout_seconds;
  guint                 n_blocked;
  guint                 auto_close_id;
  guint                 handover_id;
  gboolean              auto_close;
  gboolean              closing;

  /* Template Widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwBin               *web_bin;
  AdwWindowTitle       *window_title;
  GtkImage             *security_icon;
  GtkSpinner           *spinner;
  AdwStatusPage        *result_page;
  GtkButton            *try_again_button;
  GtkWidget            *browser_button;
};

/* What a Node-RED strategy sign-in ends with: one of the two. */
typedef struct
{
  char *code;
  char *access_token;
} NodeRedResult;

static void
node_red_result_free (NodeRedResult *result)
{
  deck_secure_clear (&result->code);
  deck_secure_clear (&result->access_token);
  g_free (result);
}

G_DEFINE_FINAL_TYPE (DeckOAuthDialog, deck_oauth_dialog, ADW_TYPE_WINDOW)

G_DEFINE_ENUM_TYPE (DeckOAuthDialogState, deck_oauth_dialog_state,
  G_DEFINE_ENUM_VALUE (DECK_OAUTH_DIALOG_STATE_LOADING, "loading"),
  G_DEFINE_ENUM_VALUE (DECK_OAUTH_DIALOG_STATE_WAITING, "waiting"),
  G_DEFINE_ENUM_VALUE (DECK_OAUTH_DIALOG_STATE_EXCHANGING, "exchanging"),
  G_DEFINE_ENUM_VALUE (DECK_OAUTH_DIALOG_STATE_GRANTED, "granted"),
  G_DEFINE_ENUM_VALUE (DECK_OAUTH_DIALOG_STATE_DENIED, "denied"),
  G_DEFINE_ENUM_VALUE (DECK_OAUTH_DIALOG_STATE_TIMED_OUT, "timed-out"),
  G_DEFINE_ENUM_VALUE (DECK_OAUTH_DIALOG_STATE_NETWORK_ERROR, "network-error"),
  G_DEFINE_ENUM_VALUE (DECK_OAUTH_DIALOG_STATE_CANCELLED, "cancelled"))

enum {
  PROP_0,
  PROP_PROFILE,
  PROP_STATE,
  PROP_WEB_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef enum
{
  VERDICT_ALLOW,
  VERDICT_REDIRECT,
  VERDICT_BLOCK_SCHEME,
  VERDICT_BLOCK_INSECURE,
} Verdict;

static void start_attempt (DeckOAuthDialog *self);

/*
 * Auxiliary methods
 */

static gboolean
state_is_failure (DeckOAuthDialogState state)
{
  return state == DECK_OAUTH_DIALOG_STATE_DENIED ||
         state == DECK_OAUTH_DIALOG_STATE_TIMED_OUT ||
         state == DECK_OAUTH_DIALOG_STATE_NETWORK_ERROR;
}

static gboolean
state_is_busy (DeckOAuthDialogState state)
{
  return state == DECK_OAUTH_DIALOG_STATE_LOADING ||
         state == DECK_OAUTH_DIALOG_STATE_WAITING ||
         state == DECK_OAUTH_DIALOG_STATE_EXCHANGING;
}

static void
toast (DeckOAuthDialog *self,
       const char      *text)
{
  AdwToast *t = adw_toast_new (text);

  adw_toast_set_timeout (t, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

static void
deck_oauth_dialog_actions_update (DeckOAuthDialog *self)
{
  gboolean on_web = self->web_view != NULL && !self->in_browser &&
                    (self->state == DECK_OAUTH_DIALOG_STATE_LOADING ||
                     self->state == DECK_OAUTH_DIALOG_STATE_WAITING);
  gboolean loading = on_web && webkit_web_view_is_loading (self->web_view);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "oauth.back",
                                 on_web && webkit_web_view_can_go_back (self->web_view));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "oauth.reload", on_web);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "oauth.system-browser",
                                 on_web && self->authorization_url != NULL && self->flow_running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "oauth.try-again",
                                 state_is_failure (self->state));

  gtk_spinner_set_spinning (self->spinner,
                            loading || self->state == DECK_OAUTH_DIALOG_STATE_EXCHANGING);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner),
                          loading || self->state == DECK_OAUTH_DIALOG_STATE_EXCHANGING);
}

static void
set_state (DeckOAuthDialog      *self,
           DeckOAuthDialogState  state)
{
  if (self->state == state)
    return;

  g_debug ("State %d → %d", self->state, state);
  self->state = state;
  deck_oauth_dialog_actions_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* "host" or "host:port" as a person reads it; IPv6 literals in brackets,
 * default ports left out. */
static char *
describe_host (GUri *uri)
{
  const char *host = g_uri_get_host (uri);
  int port = g_uri_get_port (uri);
  const char *scheme = g_uri_get_scheme (uri);
  gboolean default_port;
  g_autofree char *shown = NULL;

  if (host == NULL || *host == '\0')
    return NULL;

  shown = strchr (host, ':') != NULL ? g_strdup_printf ("[%s]", host) : g_strdup (host);
  default_port = port == -1 ||
                 (g_ascii_strcasecmp (scheme, "https") == 0 && port == 443) ||
                 (g_ascii_strcasecmp (scheme, "http") == 0 && port == 80);
  if (default_port)
    return g_steal_pointer (&shown);

  return g_strdup_printf ("%s:%d", shown, port);
}

static void
set_security (DeckOAuthDialog *self,
              const char      *icon_name,
              const char      *text)
{
  gtk_image_set_from_icon_name (self->security_icon, icon_name);
  gtk_widget_set_visible (GTK_WIDGET (self->security_icon), icon_name != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->security_icon), text);
  if (text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->security_icon),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                    -1);
  adw_window_title_set_subtitle (self->window_title, text);
}

/* O11: the host of the page shown and the state of its connection. */
static void
update_location (DeckOAuthDialog *self)
{
  const char *uri_string = self->web_view ? webkit_web_view_get_uri (self->web_view) : NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *host = NULL;
  GTlsCertificateFlags errors = 0;
  GTlsCertificate *certificate = NULL;
  const char *scheme;

  if (uri_string != NULL)
    uri = g_uri_parse (uri_string, G_URI_FLAGS_ENCODED, NULL);
  if (uri != NULL)
    host = describe_host (uri);

  if (host == NULL)
    {
      adw_window_title_set_title (self->window_title, _("Sign In"));
      set_security (self, NULL, NULL);
      return;
    }

  adw_window_title_set_title (self->window_title, host);
  scheme = g_uri_get_scheme (uri);

  if (g_ascii_strcasecmp (scheme, "https") == 0)
    {
      if (webkit_web_view_get_tls_info (self->web_view, &certificate, &errors) && errors == 0)
        set_security (self, "channel-secure-symbolic", _("Secure connection"));
      else
        set_security (self, "channel-insecure-symbolic", _("Connection not verified"));
    }
  else if (deck_http_host_is_loopback (g_uri_get_host (uri)))
    {
      set_security (self, "computer-symbolic", _("This computer, not encrypted"));
    }
  else
    {
      set_security (self, "channel-insecure-symbolic", _("Not secure"));
    }
}

static void
show_result (DeckOAuthDialog      *self,
             DeckOAuthDialogState  state,
             const GError         *error)
{
  g_autofree char *escaped = NULL;
  const char *icon = NULL;
  const char *title = NULL;
  const char *description = NULL;

  /* The description of an AdwStatusPage is markup: text from the
   * provider or the network is escaped, never interpreted (O7). */
  if (error != NULL)
    escaped = g_markup_escape_text (error->message, -1);

  switch (state)
    {
    case DECK_OAUTH_DIALOG_STATE_GRANTED:
      icon = "emblem-ok-symbolic";
      title = _("Signed In");
      description = _("You can continue in Flowdeck.");
      break;

    case DECK_OAUTH_DIALOG_STATE_DENIED:
      icon = "action-unavailable-symbolic";
      title = _("Access Denied");
      description = escaped;
      break;

    case DECK_OAUTH_DIALOG_STATE_TIMED_OUT:
      icon = "alarm-symbolic";
      title = _("Sign-In Timed Out");
      description = _("The sign-in was not finished in time. Try again when you are ready.");
      break;

    case DECK_OAUTH_DIALOG_STATE_NETWORK_ERROR:
      icon = "network-error-symbolic";
      title = _("Could Not Sign In");
      description = escaped;
      break;

    case DECK_OAUTH_DIALOG_STATE_CANCELLED:
      icon = "process-stop-symbolic";
      title = _("Sign-In Cancelled");
      break;

    case DECK_OAUTH_DIALOG_STATE_LOADING:
    case DECK_OAUTH_DIALOG_STATE_WAITING:
    case DECK_OAUTH_DIALOG_STATE_EXCHANGING:
    default:
      g_assert_not_reached ();
    }

  adw_status_page_set_icon_name (self->result_page, icon);
  adw_status_page_set_title (self->result_page, title);
  adw_status_page_set_description (self->result_page, description);
  gtk_widget_set_visible (GTK_WIDGET (self->try_again_button), state_is_failure (state));
  gtk_stack_set_visible_child_name (self->stack, "result");
  set_state (self, state);

  if (state_is_failure (state))
    gtk_widget_grab_focus (GTK_WIDGET (self->try_again_button));
}

static void
return_error (DeckOAuthDialog *self,
              GError          *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  if (task != NULL)
    g_task_return_error (task, error);
  else
    g_error_free (error);
}

/* Ends the current attempt: its catcher stops listening (the pending
 * run of the flow then ends with G_IO_ERROR_CANCELLED, which
 * flow_run_cb() ignores unless the dialog is closing). */
static void
cancel_flow (DeckOAuthDialog *self)
{
  g_clear_handle_id (&self->handover_id, g_source_remove);
  if (self->flow_cancellable != NULL)
    g_cancellable_cancel (self->flow_cancellable);
}

static void
destroy_web_view (DeckOAuthDialog *self)
{
  if (self->web_view != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->web_view, self);
      webkit_web_view_stop_loading (self->web_view);
      adw_bin_set_child (self->web_bin, NULL);
      g_clear_object (&self->web_view);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WEB_VIEW]);
    }

  /* O9: the session (cookies, storage, cache, all in memory) goes with
   * the view. */
  g_clear_object (&self->network_session);
  g_clear_object (&self->web_context);
}

/* A failure seen by the dialog itself (a page that did not load, a TLS
 * error, an insecure page): the attempt ends and the error is shown. */
static void
fail_attempt (DeckOAuthDialog *self,
              GError          *error)
{
  DeckOAuthDialogState state = DECK_OAUTH_DIALOG_STATE_NETWORK_ERROR;

  g_debug ("Sign-in attempt failed: %s", error->message);

  if (g_error_matches (error, DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_DENIED))
    state = DECK_OAUTH_DIALOG_STATE_DENIED;
  else if (g_error_matches (error, DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_TIMEOUT))
    state = DECK_OAUTH_DIALOG_STATE_TIMED_OUT;

  g_clear_error (&self->error);
  self->error = error;

  cancel_flow (self);
  if (self->web_view != NULL)
    webkit_web_view_stop_loading (self->web_view);
  show_result (self, state, self->error);
}

static void granted    (DeckOAuthDialog *self,
                        DeckOAuthTokens *tokens_in);
static void cookies_cb (GObject         *source,
                        GAsyncResult    *result,
                        gpointer         user_data);
static void granted_idle_cb (gpointer    user_data);

static gboolean
auto_close_cb (gpointer user_data)
{
  DeckOAuthDialog *self = user_data;

  self->auto_close_id = 0;
  gtk_window_close (GTK_WINDOW (self));
  return G_SOURCE_REMOVE;
}

static void
flow_run_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DeckOAuthDialog) self = user_data;
  g_autoptr(DeckOAuthTokens) tokens = NULL;
  g_autoptr(GError) error = NULL;
  DeckOAuthFlow *flow = DECK_OAUTH_FLOW (source);

  tokens = deck_oauth_flow_run_finish (flow, result, &error);

  /* An attempt replaced by "Try Again", or a disposed dialog. */
  if (flow != self->flow)
    return;

  self->flow_running = FALSE;
  g_clear_handle_id (&self->handover_id, g_source_remove);

  /* Closed while the code was being exchanged: the user said no. */
  if (self->closing && self->state == DECK_OAUTH_DIALOG_STATE_CANCELLED)
    {
      g_clear_pointer (&tokens, deck_oauth_tokens_free);
      g_clear_error (&error);
      return_error (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                               _("The sign-in was cancelled.")));
      return;
    }

  if (tokens != NULL && self->capture_cookie != NULL && self->network_session != NULL)
    {
      /* Keep the web session's cookie before the session goes away (the
       * caller may use it once, to mint its own token); then finish. */
      WebKitCookieManager *cookies = webkit_network_session_get_cookie_manager (self->network_session);
      GTask *capture = g_task_new (self, NULL, NULL, NULL);

      /* No destroy notify: cookies_cb() always hands the tokens on. */
      g_task_set_task_data (capture, g_steal_pointer (&tokens), NULL);
      webkit_cookie_manager_get_cookies (cookies,
                                         deck_oauth_profile_get_authorization_endpoint (self->profile),
                                         NULL, cookies_cb, capture);
      return;
    }

  if (tokens != NULL)
    {
      granted (self, g_steal_pointer (&tokens));
      return;
    }

  /* An attempt the dialog ended itself (fail_attempt()). */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  fail_attempt (self, g_steal_pointer (&error));
}

static void
granted (DeckOAuthDialog *self,
         DeckOAuthTokens *tokens_in)
{
  g_autoptr(DeckOAuthTokens) tokens = tokens_in;

    {
      g_autoptr(GTask) task = g_steal_pointer (&self->task);

      g_debug ("Signed in");
      destroy_web_view (self);
      show_result (self, DECK_OAUTH_DIALOG_STATE_GRANTED, NULL);
      if (task != NULL)
        g_task_return_pointer (task, g_steal_pointer (&tokens),
                               (GDestroyNotify) deck_oauth_tokens_free);
      if (self->auto_close && !self->closing)
        self->auto_close_id = g_timeout_add (AUTO_CLOSE_MS, auto_close_cb, self);
    }
}

static void
cookies_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) capture = user_data;
  DeckOAuthDialog *self = g_task_get_source_object (capture);
  g_autoptr(GError) error = NULL;
  GList *cookies;

  cookies = webkit_cookie_manager_get_cookies_finish (WEBKIT_COOKIE_MANAGER (source), result,
                                                      &error);
  for (GList *l = cookies; l != NULL; l = l->next)
    {
      SoupCookie *cookie = l->data;

      if (g_strcmp0 (soup_cookie_get_name (cookie), self->capture_cookie) == 0)
        {
          deck_secure_clear (&self->captured);
          self->captured = g_strdup (soup_cookie_get_value (cookie));
        }
    }
  g_list_free_full (cookies, (GDestroyNotify) soup_cookie_free);

  if (error != NULL)
    g_debug ("Reading the session cookie failed: %s", error->message);

  /* Not from inside the cookie manager's own callback: granted() drops
   * the network session that owns the cookie manager. */
  g_idle_add_once (granted_idle_cb, g_steal_pointer (&capture));
}

static void
granted_idle_cb (gpointer user_data)
{
  g_autoptr(GTask) capture = user_data;

  granted (g_task_get_source_object (capture), g_task_get_task_data (capture));
}

/*
 * Web view policy (O10)
 */

static gboolean
is_redirect_uri (DeckOAuthDialog *self,
                 GUri            *uri)
{
  GUri *redirect = self->redirect_uri;

  return redirect != NULL &&
         g_strcmp0 (g_uri_get_scheme (uri), g_uri_get_scheme (redirect)) == 0 &&
         g_strcmp0 (g_uri_get_host (uri), g_uri_get_host (redirect)) == 0 &&
         g_uri_get_port (uri) == g_uri_get_port (redirect) &&
         g_strcmp0 (g_uri_get_path (uri), g_uri_get_path (redirect)) == 0;
}

static Verdict
judge_navigation (DeckOAuthDialog  *self,
                  const char       *uri_string,
                  char            **what)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  uri = g_uri_parse (uri_string, G_URI_FLAGS_ENCODED | G_URI_FLAGS_SCHEME_NORMALIZE, NULL);
  if (uri == NULL)
    {
      *what = g_strdup (_("an unreadable address"));
      return VERDICT_BLOCK_SCHEME;
    }

  scheme = g_uri_get_scheme (uri);

  if (is_redirect_uri (self, uri))
    return VERDICT_REDIRECT;


  /* Empty frames (about:blank, about:srcdoc) load nothing. */
  if (g_strcmp0 (scheme, "about") == 0 &&
      (g_strcmp0 (g_uri_get_path (uri), "blank") == 0 ||
       g_strcmp0 (g_uri_get_path (uri), "srcdoc") == 0))
    return VERDICT_ALLOW;

  if (g_strcmp0 (scheme, "https") == 0 && g_uri_get_host (uri) != NULL)
    return VERDICT_ALLOW;

  if (g_strcmp0 (scheme, "http") == 0 && g_uri_get_host (uri) != NULL)
    {
      if (deck_http_host_is_loopback (g_uri_get_host (uri)))
        return VERDICT_ALLOW;

      /* A Node-RED the user chose to reach over plain http: its own
       * origin only. */
      if (self->node_red_origin != NULL &&
          g_ascii_strcasecmp (g_uri_get_host (uri), g_uri_get_host (self->node_red_origin)) == 0 &&
          g_uri_get_port (uri) == g_uri_get_port (self->node_red_origin))
        return VERDICT_ALLOW;

      *what = describe_host (uri);
      return VERDICT_BLOCK_INSECURE;
    }

  *what = g_strdup_printf ("%s:", scheme);
  return VERDICT_BLOCK_SCHEME;
}

static gboolean
handover_check_cb (gpointer user_data)
{
  DeckOAuthDialog *self = user_data;

  self->handover_id = 0;

  /* The catcher took the code when the flow has wiped its verifier (it
   * does so as soon as the token request is built). A redirect it
   * rejected (a wrong `state`, O2) leaves the flow waiting: back to the
   * page. Only the pointer is compared, the value is never read. */
  if (self->flow_running && self->flow != NULL &&
      _deck_oauth_flow_peek_verifier (self->flow) != NULL &&
      self->state == DECK_OAUTH_DIALOG_STATE_EXCHANGING)
    {
      toast (self, _("An answer that does not belong to this sign-in was ignored."));
      gtk_stack_set_visible_child_name (self->stack, "web");
      set_state (self, DECK_OAUTH_DIALOG_STATE_WAITING);
    }

  return G_SOURCE_REMOVE;
}

/* Node-RED's redirect ends the strategy sign-in: its code or token goes
 * to the caller (who exchanges a code within its 20 seconds), or its
 * session_message is shown. */
static void
node_red_redirect (DeckOAuthDialog *self,
                   const char      *uri)
{
  g_autoptr(GTask) task = NULL;
  NodeRedResult *result;
  g_autofree char *message = NULL;

  if (!state_is_busy (self->state))
    return;

  result = g_new0 (NodeRedResult, 1);
  if (!deck_node_red_parse_strategy_redirect (self->node_red_url, uri, &result->code,
                                              &result->access_token, &message) ||
      (result->code == NULL && result->access_token == NULL))
    {
      node_red_result_free (result);
      g_debug ("Node-RED ended the sign-in without a token");
      fail_attempt (self, g_error_new (DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_DENIED,
                                       /* Translators: %s is Node-RED's own message. */
                                       _("Node-RED did not sign you in: %s"),
                                       message && *message ? message : _("no reason given")));
      return;
    }

  g_debug ("Node-RED finished the strategy sign-in (%s)",
           result->code != NULL ? "exchange code" : "token handed over");
  task = g_steal_pointer (&self->task);
  destroy_web_view (self);
  show_result (self, DECK_OAUTH_DIALOG_STATE_GRANTED, NULL);
  if (task != NULL)
    g_task_return_pointer (task, result, (GDestroyNotify) node_red_result_free);
  else
    node_red_result_free (result);
  if (self->auto_close && !self->closing)
    self->auto_close_id = g_timeout_add (AUTO_CLOSE_MS, auto_close_cb, self);
}

typedef struct
{
  DeckOAuthDialog *self;
  char            *uri;   /* holds the token: wiped */
} NodeRedIdle;

static void
node_red_idle_free (NodeRedIdle *idle)
{
  g_clear_object (&idle->self);
  deck_secure_clear (&idle->uri);
  g_free (idle);
}

static gboolean
node_red_idle_cb (gpointer user_data)
{
  NodeRedIdle *idle = user_data;

  idle->self->node_red_idle = 0;
  node_red_redirect (idle->self, idle->uri);
  return G_SOURCE_REMOVE;
}

static void
hand_over_redirect (DeckOAuthDialog *self,
                    const char      *uri)
{
  if (self->node_red_url != NULL)
    {
      NodeRedIdle *idle;

      if (self->node_red_idle != 0 || !state_is_busy (self->state))
        return;

      /* Not from inside the view's own decide-policy: finishing drops
       * the view. */
      idle = g_new0 (NodeRedIdle, 1);
      idle->self = g_object_ref (self);
      idle->uri = g_strdup (uri);
      gtk_stack_set_visible_child_name (self->stack, "exchanging");
      set_state (self, DECK_OAUTH_DIALOG_STATE_EXCHANGING);
      self->node_red_idle = g_idle_add_full (G_PRIORITY_DEFAULT, node_red_idle_cb, idle,
                                             (GDestroyNotify) node_red_idle_free);
      return;
    }

  if (self->flow == NULL || !self->flow_running)
    return;

  g_debug ("The web view reached the redirect URI; handing it to the flow");
  if (!deck_oauth_flow_handle_uri (self->flow, uri))
    return;

  /* flow_run_cb() may have run already (a denial ends at once). */
  if (!self->flow_running)
    return;

  gtk_stack_set_visible_child_name (self->stack, "exchanging");
  set_state (self, DECK_OAUTH_DIALOG_STATE_EXCHANGING);
  g_clear_handle_id (&self->handover_id, g_source_remove);
  self->handover_id = g_timeout_add (HANDOVER_CHECK_MS, handover_check_cb, self);
}

/* <editor>/auth/strategy/callback: the IdP sends the browser back there. */
static gboolean
is_node_red_callback (DeckOAuthDialog *self,
                      const char      *uri_string)
{
  g_autoptr(GUri) editor = g_uri_parse (self->node_red_url,
                                        G_URI_FLAGS_ENCODED | G_URI_FLAGS_SCHEME_NORMALIZE, NULL);
  g_autoptr(GUri) uri = g_uri_parse (uri_string,
                                     G_URI_FLAGS_ENCODED | G_URI_FLAGS_SCHEME_NORMALIZE, NULL);
  g_autofree char *base = NULL;
  g_autofree char *callback = NULL;
  gsize len;

  if (editor == NULL || uri == NULL ||
      g_ascii_strcasecmp (g_uri_get_scheme (editor), g_uri_get_scheme (uri)) != 0 ||
      g_ascii_strcasecmp (g_uri_get_host (editor), g_uri_get_host (uri)) != 0 ||
      g_uri_get_port (editor) != g_uri_get_port (uri))
    return FALSE;

  base = g_strdup (g_uri_get_path (editor));
  len = strlen (base);
  while (len > 0 && base[len - 1] == '/')
    base[--len] = '\0';
  callback = g_strconcat (base, "/auth/strategy/callback", NULL);
  return g_strcmp0 (g_uri_get_path (uri), callback) == 0;
}

static void
block_navigation (DeckOAuthDialog *self,
                  Verdict          verdict,
                  const char      *what)
{
  g_autofree char *text = NULL;

  self->n_blocked++;
  g_debug ("Blocked a navigation (%s)",
           verdict == VERDICT_BLOCK_INSECURE ? "plain http to a remote host" : "not http(s)");

  if (verdict == VERDICT_BLOCK_INSECURE)
    /* Translators: %s is a host name such as "example.com". */
    text = g_strdup_printf (_("%s was not opened: its connection is not encrypted. Only pages "
                              "on this computer may use plain http."), what);
  else
    /* Translators: %s is an address scheme such as "file:". */
    text = g_strdup_printf (_("A link to a “%s” address was blocked: only web pages can be "
                              "opened here."), what);

  /* Nothing shown yet: the provider itself sent us there. */
  if (!self->page_loaded && verdict == VERDICT_BLOCK_INSECURE)
    {
      fail_attempt (self, g_error_new_literal (DECK_NET_ERROR, DECK_NET_ERROR_INSECURE_URL, text));
      return;
    }

  toast (self, text);
}

static gboolean
decide_policy_cb (WebKitWebView            *web_view,
                  WebKitPolicyDecision     *decision,
                  WebKitPolicyDecisionType  type,
                  DeckOAuthDialog          *self)
{
  WebKitNavigationAction *action;
  const char *uri;
  g_autofree char *what = NULL;
  Verdict verdict;

  switch (type)
    {
    case WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION:
    case WEBKIT_POLICY_DECISION_TYPE_NEW_WINDOW_ACTION:
      action = webkit_navigation_policy_decision_get_navigation_action (
          WEBKIT_NAVIGATION_POLICY_DECISION (decision));
      uri = webkit_uri_request_get_uri (webkit_navigation_action_get_request (action));

      if (self->node_red_url != NULL &&
          deck_node_red_parse_strategy_redirect (self->node_red_url, uri, NULL, NULL, NULL))
        {
          /* Never loaded. Taken only as the server's redirect out of the
           * strategy's callback, in this view: not a link, a script or
           * a pop-up of some page. */
          webkit_policy_decision_ignore (decision);
          if (type == WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION &&
              webkit_navigation_action_is_redirect (action) && self->node_red_callback)
            hand_over_redirect (self, uri);
          else
            {
              self->n_blocked++;
              g_debug ("Ignored a navigation to the editor's sign-in answer that was not "
                       "Node-RED's redirect");
            }
          return TRUE;
        }

      verdict = judge_navigation (self, uri, &what);
      if (verdict == VERDICT_ALLOW && self->node_red_url != NULL && is_node_red_callback (self, uri))
        self->node_red_callback = TRUE;

      switch (verdict)
        {
        case VERDICT_REDIRECT:
          /* Never loaded: the code goes straight to the flow. */
          webkit_policy_decision_ignore (decision);
          hand_over_redirect (self, uri);
          return TRUE;

        case VERDICT_BLOCK_SCHEME:
        case VERDICT_BLOCK_INSECURE:
          webkit_policy_decision_ignore (decision);
          block_navigation (self, verdict, what);
          return TRUE;

        case VERDICT_ALLOW:
          if (type == WEBKIT_POLICY_DECISION_TYPE_NEW_WINDOW_ACTION)
            {
              /* Pop-ups and target=_blank stay in the dialog. */
              webkit_policy_decision_ignore (decision);
              if (!g_str_has_prefix (uri, "about:"))
                webkit_web_view_load_uri (web_view, uri);
              return TRUE;
            }
          webkit_policy_decision_use (decision);
          return TRUE;

        default:
          g_assert_not_reached ();
        }
      break;

    case WEBKIT_POLICY_DECISION_TYPE_RESPONSE:
      /* No downloads from a sign-in page. */
      if (!webkit_response_policy_decision_is_mime_type_supported (
              WEBKIT_RESPONSE_POLICY_DECISION (decision)))
        {
          webkit_policy_decision_ignore (decision);
          self->n_blocked++;
          toast (self, _("A download was blocked."));
          return TRUE;
        }
      return FALSE;

    default:
      return FALSE;
    }

  return FALSE;
}

static gboolean
permission_request_cb (WebKitWebView           *web_view,
                       WebKitPermissionRequest *request,
                       DeckOAuthDialog         *self)
{
  /* Location, notifications, camera…: a sign-in page needs none. */
  webkit_permission_request_deny (request);
  return TRUE;
}

static void
load_changed_cb (WebKitWebView   *web_view,
                 WebKitLoadEvent  event,
                 DeckOAuthDialog *self)
{
  switch (event)
    {
    case WEBKIT_LOAD_STARTED:
      self->load_failed = FALSE;
      break;

    case WEBKIT_LOAD_COMMITTED:
      update_location (self);
      break;

    case WEBKIT_LOAD_FINISHED:
      if (!self->load_failed)
        {
          self->page_loaded = TRUE;
          if (self->state == DECK_OAUTH_DIALOG_STATE_LOADING)
            set_state (self, DECK_OAUTH_DIALOG_STATE_WAITING);
        }
      break;

    case WEBKIT_LOAD_REDIRECTED:
    default:
      break;
    }

  deck_oauth_dialog_actions_update (self);
}

static gboolean
load_failed_cb (WebKitWebView   *web_view,
                WebKitLoadEvent  event,
                const char      *failing_uri,
                GError          *error,
                DeckOAuthDialog *self)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *host = NULL;

  /* What our own policy stopped, and loads replaced by newer ones. */
  if (g_error_matches (error, WEBKIT_NETWORK_ERROR, WEBKIT_NETWORK_ERROR_CANCELLED) ||
      g_error_matches (error, WEBKIT_POLICY_ERROR,
                       WEBKIT_POLICY_ERROR_FRAME_LOAD_INTERRUPTED_BY_POLICY_CHANGE) ||
      g_error_matches (error, WEBKIT_POLICY_ERROR, WEBKIT_POLICY_ERROR_CANNOT_SHOW_MIME_TYPE))
    return FALSE;

  self->load_failed = TRUE;
  if (!state_is_busy (self->state) || self->in_browser)
    return TRUE;

  uri = g_uri_parse (failing_uri, G_URI_FLAGS_ENCODED, NULL);
  host = uri ? describe_host (uri) : NULL;
  fail_attempt (self, g_error_new (DECK_NET_ERROR, DECK_NET_ERROR_FAILED,
                                   /* Translators: the first %s is a host name, the
                                    * second what went wrong. */
                                   _("The page on %s could not be loaded: %s"),
                                   host ? host : _("the sign-in server"), error->message));
  return TRUE;
}

static gboolean
load_failed_with_tls_errors_cb (WebKitWebView        *web_view,
                                const char           *failing_uri,
                                GTlsCertificate      *certificate,
                                GTlsCertificateFlags  errors,
                                DeckOAuthDialog      *self)
{
  g_autoptr(GUri) uri = g_uri_parse (failing_uri, G_URI_FLAGS_ENCODED, NULL);
  g_autofree char *host = uri ? describe_host (uri) : NULL;
  g_autofree char *what = deck_http_describe_tls_errors (errors);

  /* O12: stop, name the problem, offer no way around it. */
  self->load_failed = TRUE;
  fail_attempt (self, g_error_new (DECK_NET_ERROR, DECK_NET_ERROR_TLS, "%s (%s)", what,
                                   host ? host : failing_uri));
  return TRUE;
}

static void
web_process_terminated_cb (WebKitWebView                     *web_view,
                           WebKitWebProcessTerminationReason  reason,
                           DeckOAuthDialog                   *self)
{
  if (!state_is_busy (self->state))
    return;

  fail_attempt (self, g_error_new_literal (DECK_NET_ERROR, DECK_NET_ERROR_FAILED,
                                           _("The sign-in page stopped unexpectedly.")));
}

static void
notify_uri_cb (WebKitWebView   *web_view,
               GParamSpec      *pspec,
               DeckOAuthDialog *self)
{
  update_location (self);
  deck_oauth_dialog_actions_update (self);
}

static void
notify_is_loading_cb (WebKitWebView   *web_view,
                      GParamSpec      *pspec,
                      DeckOAuthDialog *self)
{
  deck_oauth_dialog_actions_update (self);
}

static void
create_web_view (DeckOAuthDialog *self)
{
  g_autoptr(WebKitSettings) settings = NULL;

  destroy_web_view (self);

  /* O9: a new in-memory session and a new web context (its own web
   * process and memory cache) for every attempt. */
  self->network_session = webkit_network_session_new_ephemeral ();
  webkit_network_session_set_tls_errors_policy (self->network_session,
                                                WEBKIT_TLS_ERRORS_POLICY_FAIL);
  self->web_context = webkit_web_context_new ();
  webkit_web_context_set_cache_model (self->web_context, WEBKIT_CACHE_MODEL_DOCUMENT_VIEWER);

  /* Provider pages need JavaScript; nothing else is enabled. WebKitGTK 6
   * has no plugins to turn off. Hardware acceleration is off: the pages
   * are simple, and it keeps working under Xvfb with the cairo renderer. */
  settings = webkit_settings_new_with_settings ("enable-javascript", TRUE,
                                                "enable-developer-extras", FALSE,
                                                "enable-page-cache", FALSE,
                                                "javascript-can-open-windows-automatically", FALSE,
                                                "javascript-can-access-clipboard", FALSE,
                                                "enable-back-forward-navigation-gestures", FALSE,
                                                "hardware-acceleration-policy",
                                                WEBKIT_HARDWARE_ACCELERATION_POLICY_NEVER,
                                                NULL);

  self->web_view = g_object_ref_sink (g_object_new (WEBKIT_TYPE_WEB_VIEW,
                                                    "network-session", self->network_session,
                                                    "web-context", self->web_context,
                                                    "settings", settings,
                                                    "hexpand", TRUE,
                                                    "vexpand", TRUE,
                                                    NULL));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->web_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Sign-in page"),
                                  -1);

  g_signal_connect (self->web_view, "decide-policy", G_CALLBACK (decide_policy_cb), self);
  g_signal_connect (self->web_view, "permission-request", G_CALLBACK (permission_request_cb), self);
  g_signal_connect (self->web_view, "load-changed", G_CALLBACK (load_changed_cb), self);
  g_signal_connect (self->web_view, "load-failed", G_CALLBACK (load_failed_cb), self);
  g_signal_connect (self->web_view, "load-failed-with-tls-errors",
                    G_CALLBACK (load_failed_with_tls_errors_cb), self);
  g_signal_connect (self->web_view, "web-process-terminated",
                    G_CALLBACK (web_process_terminated_cb), self);
  g_signal_connect (self->web_view, "notify::uri", G_CALLBACK (notify_uri_cb), self);
  g_signal_connect (self->web_view, "notify::is-loading", G_CALLBACK (notify_is_loading_cb), self);

  adw_bin_set_child (self->web_bin, GTK_WIDGET (self->web_view));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WEB_VIEW]);
}

/* One sign-in attempt: a new flow (catcher listening first), then a new
 * web view loading the authorization URL. */
static void
start_attempt (DeckOAuthDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  cancel_flow (self);
  g_clear_object (&self->flow_cancellable);
  g_clear_object (&self->flow);
  g_clear_pointer (&self->redirect_uri, g_uri_unref);
  g_clear_pointer (&self->authorization_url, g_free);
  g_clear_error (&self->error);
  self->flow_running = FALSE;
  self->page_loaded = FALSE;
  self->load_failed = FALSE;
  self->in_browser = FALSE;

  gtk_stack_set_visible_child_name (self->stack, "web");
  set_state (self, DECK_OAUTH_DIALOG_STATE_LOADING);

  if (self->node_red_url != NULL)
    {
      g_autofree char *base = g_strdup (self->node_red_url);
      gsize len = strlen (base);

      self->node_red_callback = FALSE;
      g_clear_handle_id (&self->node_red_idle, g_source_remove);
      while (len > 0 && base[len - 1] == '/')
        base[--len] = '\0';
      self->authorization_url = g_strconcat (base, "/auth/strategy", NULL);
      create_web_view (self);
      webkit_web_view_load_uri (self->web_view, self->authorization_url);
      deck_oauth_dialog_actions_update (self);
      return;
    }

  self->flow = deck_oauth_flow_new (self->profile);
  url = deck_oauth_flow_begin (self->flow, &error);
  if (url == NULL)
    {
      fail_attempt (self, g_steal_pointer (&error));
      return;
    }

  self->redirect_uri = g_uri_parse (deck_oauth_flow_get_redirect_uri (self->flow),
                                    G_URI_FLAGS_ENCODED | G_URI_FLAGS_SCHEME_NORMALIZE, NULL);
  g_assert (self->redirect_uri != NULL);
  self->authorization_url = g_steal_pointer (&url);

  self->flow_cancellable = g_cancellable_new ();
  self->flow_running = TRUE;
  deck_oauth_flow_run_async (self->flow, self->timeout_seconds, self->flow_cancellable,
                             flow_run_cb, g_object_ref (self));

  /* The catcher listens; only now may the URL be followed. */
  create_web_view (self);
  webkit_web_view_load_uri (self->web_view, self->authorization_url);
  deck_oauth_dialog_actions_update (self);
}

/*
 * Actions
 */

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  DeckOAuthDialog *self = DECK_OAUTH_DIALOG (widget);

  if (self->web_view != NULL)
    webkit_web_view_go_back (self->web_view);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  DeckOAuthDialog *self = DECK_OAUTH_DIALOG (widget);

  if (self->web_view != NULL)
    webkit_web_view_reload (self->web_view);
}

static void
show_uri_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DeckOAuthDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error))
    return;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !self->in_browser)
    return;

  g_debug ("Could not open the system browser: %s", error->message);
  self->in_browser = FALSE;
  gtk_stack_set_visible_child_name (self->stack, "web");
  deck_oauth_dialog_actions_update (self);
  toast (self, _("No web browser could be opened. Sign in here instead."));
}

static void
system_browser_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  DeckOAuthDialog *self = DECK_OAUTH_DIALOG (widget);

  if (self->authorization_url == NULL || !self->flow_running)
    return;

  /* RFC 8252 §8.12: the same URL, the same catcher still waiting. */
  g_debug ("Opening the authorization URL in the system browser");
  self->in_browser = TRUE;
  if (self->web_view != NULL)
    webkit_web_view_stop_loading (self->web_view);
  gtk_stack_set_visible_child_name (self->stack, "browser");
  if (self->state == DECK_OAUTH_DIALOG_STATE_LOADING)
    set_state (self, DECK_OAUTH_DIALOG_STATE_WAITING);
  deck_oauth_dialog_actions_update (self);

  gtk_show_uri_full (GTK_WINDOW (self), self->authorization_url, GDK_CURRENT_TIME,
                     self->cancellable, show_uri_cb, g_object_ref (self));
}

static void
try_again_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  DeckOAuthDialog *self = DECK_OAUTH_DIALOG (widget);

  if (state_is_failure (self->state) && !self->closing)
    start_attempt (self);
}

/*
 * Signal callbacks
 */

static gboolean
external_cancel_idle_cb (gpointer user_data)
{
  g_autoptr(DeckOAuthDialog) self = user_data;

  if (!self->closing)
    gtk_window_close (GTK_WINDOW (self));
  return G_SOURCE_REMOVE;
}

static void
external_cancelled_cb (GCancellable    *cancellable,
                       DeckOAuthDialog *self)
{
  /* May run inside g_cancellable_connect(): close from an idle. */
  g_idle_add (external_cancel_idle_cb, g_object_ref (self));
}

/*
 * Parent class overrides
 */

static gboolean
deck_oauth_dialog_close_request (GtkWindow *window)
{
  DeckOAuthDialog *self = DECK_OAUTH_DIALOG (window);

  if (self->closing)
    return GTK_WINDOW_CLASS (deck_oauth_dialog_parent_class)->close_request (window);

  self->closing = TRUE;
  g_clear_handle_id (&self->auto_close_id, g_source_remove);
  g_clear_handle_id (&self->handover_id, g_source_remove);

  if (state_is_failure (self->state) && self->error != NULL)
    {
      return_error (self, g_error_copy (self->error));
    }
  else if (self->state != DECK_OAUTH_DIALOG_STATE_GRANTED)
    {
      set_state (self, DECK_OAUTH_DIALOG_STATE_CANCELLED);
      if (self->flow_running)
        cancel_flow (self);     /* flow_run_cb() returns CANCELLED */
      else
        return_error (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                 _("The sign-in was cancelled.")));
    }

  /* O9: drop the session now, not when the last reference goes. */
  destroy_web_view (self);
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (deck_oauth_dialog_parent_class)->close_request (window);
}

static void
deck_oauth_dialog_dispose (GObject *object)
{
  DeckOAuthDialog *self = (DeckOAuthDialog *) object;

  g_cancellable_cancel (self->cancellable);
  cancel_flow (self);
  g_clear_handle_id (&self->node_red_idle, g_source_remove);
  g_clear_handle_id (&self->auto_close_id, g_source_remove);
  g_clear_handle_id (&self->handover_id, g_source_remove);
  if (self->external != NULL)
    {
      g_cancellable_disconnect (self->external, self->external_id);
      self->external_id = 0;
      g_clear_object (&self->external);
    }
  if (self->task != NULL)
    return_error (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                             _("The sign-in was cancelled.")));

  destroy_web_view (self);
  g_clear_object (&self->flow);
  g_clear_object (&self->flow_cancellable);
  g_clear_object (&self->profile);

  G_OBJECT_CLASS (deck_oauth_dialog_parent_class)->dispose (object);
}

static void
deck_oauth_dialog_finalize (GObject *object)
{
  DeckOAuthDialog *self = (DeckOAuthDialog *) object;

  /* The authorization URL holds the state. */
  if (self->authorization_url != NULL)
    memset (self->authorization_url, 0, strlen (self->authorization_url));
  g_clear_pointer (&self->authorization_url, g_free);
  g_clear_pointer (&self->redirect_uri, g_uri_unref);
  g_clear_error (&self->error);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->capture_cookie, g_free);
  g_clear_pointer (&self->node_red_url, g_free);
  g_clear_pointer (&self->node_red_origin, g_uri_unref);
  deck_secure_clear (&self->captured);

  G_OBJECT_CLASS (deck_oauth_dialog_parent_class)->finalize (object);
}

static void
deck_oauth_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DeckOAuthDialog *self = DECK_OAUTH_DIALOG (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      g_value_set_object (value, self->profile);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_WEB_VIEW:
      g_value_set_object (value, self->web_view);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_oauth_dialog_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  DeckOAuthDialog *self = DECK_OAUTH_DIALOG (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      self->profile = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_oauth_dialog_class_init (DeckOAuthDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = deck_oauth_dialog_dispose;
  object_class->finalize = deck_oauth_dialog_finalize;
  object_class->get_property = deck_oauth_dialog_get_property;
  object_class->set_property = deck_oauth_dialog_set_property;

  window_class->close_request = deck_oauth_dialog_close_request;

  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL, DECK_TYPE_OAUTH_PROFILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, DECK_TYPE_OAUTH_DIALOG_STATE,
                       DECK_OAUTH_DIALOG_STATE_LOADING,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /* The current attempt's view (a new one per attempt), for tests. */
  properties[PROP_WEB_VIEW] =
    g_param_spec_object ("web-view", NULL, NULL, WEBKIT_TYPE_WEB_VIEW,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_PATH "/ui/deck-oauth-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DeckOAuthDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DeckOAuthDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, DeckOAuthDialog, web_bin);
  gtk_widget_class_bind_template_child (widget_class, DeckOAuthDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, DeckOAuthDialog, security_icon);
  gtk_widget_class_bind_template_child (widget_class, DeckOAuthDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, DeckOAuthDialog, result_page);
  gtk_widget_class_bind_template_child (widget_class, DeckOAuthDialog, try_again_button);
  gtk_widget_class_bind_template_child (widget_class, DeckOAuthDialog, browser_button);

  gtk_widget_class_install_action (widget_class, "oauth.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "oauth.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "oauth.system-browser", NULL,
                                   system_browser_action);
  gtk_widget_class_install_action (widget_class, "oauth.try-again", NULL, try_again_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "oauth.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "oauth.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "oauth.reload", NULL);
}

static void
deck_oauth_dialog_init (DeckOAuthDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->timeout_seconds = DEFAULT_TIMEOUT_SECONDS;
  self->auto_close = TRUE;
  self->state = DECK_OAUTH_DIALOG_STATE_LOADING;

  set_security (self, NULL, NULL);
  deck_oauth_dialog_actions_update (self);
}

/*
 * Public API
 */

/**
 * deck_oauth_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 * @profile: the server and client to sign in with
 *
 * Returns: (transfer full): a new modal sign-in dialog; call
 *   deck_oauth_dialog_run_async() to show it and start
 */
DeckOAuthDialog *
deck_oauth_dialog_new (GtkWindow        *parent,
                       DeckOAuthProfile *profile)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DECK_IS_OAUTH_PROFILE (profile), NULL);

  return g_object_new (DECK_TYPE_OAUTH_DIALOG,
                       "transient-for", parent,
                       "profile", profile,
                       NULL);
}

/**
 * deck_oauth_dialog_new_for_node_red:
 * @parent: (nullable): the window the dialog belongs to
 * @editor_url: the Node-RED editor's address (its `/auth/login` said
 *   `strategy`)
 * @allow_insecure: whether the user accepted plain http for this editor
 *   (a Node-RED on their network); other plain-http hosts stay blocked
 *
 * A dialog for Node-RED's own single sign-on: the user signs in on the
 * pages its strategy leads to. Run it with deck_oauth_dialog_run_async()
 * and finish with deck_oauth_dialog_run_node_red_finish().
 *
 * Returns: (transfer full): a new modal sign-in dialog
 */
DeckOAuthDialog *
deck_oauth_dialog_new_for_node_red (GtkWindow  *parent,
                                    const char *editor_url,
                                    gboolean    allow_insecure)
{
  DeckOAuthDialog *self;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (editor_url != NULL, NULL);

  self = g_object_new (DECK_TYPE_OAUTH_DIALOG, "transient-for", parent, NULL);
  self->node_red_url = g_strdup (editor_url);
  if (allow_insecure)
    self->node_red_origin = g_uri_parse (editor_url,
                                         G_URI_FLAGS_ENCODED | G_URI_FLAGS_SCHEME_NORMALIZE, NULL);
  gtk_widget_set_visible (self->browser_button, FALSE);
  return self;
}

/**
 * deck_oauth_dialog_run_node_red_finish:
 * @self: a #DeckOAuthDialog made by deck_oauth_dialog_new_for_node_red()
 * @result: the result
 * @out_code: (out) (nullable): the exchange code (Node-RED ≥ 5); free
 *   with deck_secure_free()
 * @out_access_token: (out) (nullable): or the token itself (Node-RED ≤ 4);
 *   free with deck_secure_free()
 * @error: a location for a #GError, or %NULL
 *
 * Returns: %TRUE with exactly one of @out_code and @out_access_token set
 */
gboolean
deck_oauth_dialog_run_node_red_finish (DeckOAuthDialog  *self,
                                       GAsyncResult     *result,
                                       char            **out_code,
                                       char            **out_access_token,
                                       GError          **error)
{
  NodeRedResult *outcome;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == deck_oauth_dialog_run_async,
                        FALSE);
  g_return_val_if_fail (out_code != NULL && out_access_token != NULL, FALSE);

  *out_code = NULL;
  *out_access_token = NULL;
  outcome = g_task_propagate_pointer (G_TASK (result), error);
  if (outcome == NULL)
    return FALSE;

  *out_code = g_steal_pointer (&outcome->code);
  *out_access_token = g_steal_pointer (&outcome->access_token);
  node_red_result_free (outcome);
  return TRUE;
}

/**
 * deck_oauth_dialog_get_profile:
 * @self: a #DeckOAuthDialog
 *
 * Returns: (transfer none): the profile
 */
DeckOAuthProfile *
deck_oauth_dialog_get_profile (DeckOAuthDialog *self)
{
  g_return_val_if_fail (DECK_IS_OAUTH_DIALOG (self), NULL);
  return self->profile;
}

/**
 * deck_oauth_dialog_get_state:
 * @self: a #DeckOAuthDialog
 *
 * Returns: where the dialog is
 */
DeckOAuthDialogState
deck_oauth_dialog_get_state (DeckOAuthDialog *self)
{
  g_return_val_if_fail (DECK_IS_OAUTH_DIALOG (self), DECK_OAUTH_DIALOG_STATE_LOADING);
  return self->state;
}

/**
 * deck_oauth_dialog_run_async:
 * @self: a new #DeckOAuthDialog
 * @cancellable: (nullable): a #GCancellable; cancelling closes the dialog
 * @callback: called with the tokens or an error
 * @user_data: data for @callback
 *
 * Shows the dialog and starts the sign-in. The result comes when the
 * user is signed in (the dialog then closes itself shortly after), or
 * when the dialog is closed: with the error shown (denied, timed out,
 * network), or %G_IO_ERROR_CANCELLED. Failures offer "Try Again", which
 * starts a new attempt in the same dialog, so they are only returned
 * once the dialog closes.
 */
void
deck_oauth_dialog_run_async (DeckOAuthDialog     *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DECK_IS_OAUTH_DIALOG (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->task == NULL && self->flow == NULL && !self->closing);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_oauth_dialog_run_async);
  /* The tokens are returned directly; a cancellation is reported through
   * the dialog closing, after the catcher stopped. */
  g_task_set_check_cancellable (task, FALSE);
  self->task = g_steal_pointer (&task);

  gtk_window_present (GTK_WINDOW (self));
  start_attempt (self);

  if (cancellable != NULL)
    {
      self->external = g_object_ref (cancellable);
      self->external_id = g_cancellable_connect (cancellable, G_CALLBACK (external_cancelled_cb),
                                                 self, NULL);
    }
}

/**
 * deck_oauth_dialog_run_finish:
 * @self: a #DeckOAuthDialog
 * @result: the result
 * @error: a location for a #GError, or %NULL
 *
 * Returns: (transfer full): the tokens, or %NULL with @error set: a
 *   %DECK_OAUTH_ERROR (%DECK_OAUTH_ERROR_DENIED, %DECK_OAUTH_ERROR_TIMEOUT,
 *   …), a %DECK_NET_ERROR, or %G_IO_ERROR_CANCELLED when the dialog was
 *   closed
 */
DeckOAuthTokens *
deck_oauth_dialog_run_finish (DeckOAuthDialog  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == deck_oauth_dialog_run_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/*
 * Private API, for tests
 */

WebKitWebView *
_deck_oauth_dialog_get_web_view (DeckOAuthDialog *self)
{
  g_return_val_if_fail (DECK_IS_OAUTH_DIALOG (self), NULL);
  return self->web_view;
}

DeckOAuthFlow *
_deck_oauth_dialog_get_flow (DeckOAuthDialog *self)
{
  g_return_val_if_fail (DECK_IS_OAUTH_DIALOG (self), NULL);
  return self->flow;
}

guint
_deck_oauth_dialog_get_n_blocked (DeckOAuthDialog *self)
{
  g_return_val_if_fail (DECK_IS_OAUTH_DIALOG (self), 0);
  return self->n_blocked;
}

void
_deck_oauth_dialog_set_timeout (DeckOAuthDialog *self,
                                guint            seconds)
{
  g_return_if_fail (DECK_IS_OAUTH_DIALOG (self));
  self->timeout_seconds = seconds;
}

void
_deck_oauth_dialog_set_auto_close (DeckOAuthDialog *self,
                                   gboolean         auto_close)
{
  g_return_if_fail (DECK_IS_OAUTH_DIALOG (self));
  self->auto_close = !!auto_close;
}

/**
 * deck_oauth_dialog_set_capture_cookie:
 * @self: a #DeckOAuthDialog
 * @name: (nullable): the name of a cookie of the authorization server
 *
 * On success, keep this cookie of the sign-in's web session (FlowFuse's
 * `sid`) before the session is dropped, for deck_oauth_dialog_steal_cookie().
 */
void
deck_oauth_dialog_set_capture_cookie (DeckOAuthDialog *self,
                                      const char      *name)
{
  g_return_if_fail (DECK_IS_OAUTH_DIALOG (self));

  g_free (self->capture_cookie);
  self->capture_cookie = g_strdup (name);
}

/**
 * deck_oauth_dialog_steal_cookie:
 * @self: a #DeckOAuthDialog
 *
 * Returns: (transfer full) (nullable): the captured cookie's value, once;
 *   free with deck_secure_free()
 */
char *
deck_oauth_dialog_steal_cookie (DeckOAuthDialog *self)
{
  g_return_val_if_fail (DECK_IS_OAUTH_DIALOG (self), NULL);

  return g_steal_pointer (&self->captured);
}
