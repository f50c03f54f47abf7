/* test-ui-oauth.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The OAuth consent dialog with a real WebKit view under Xvfb, against
 * the real oidc-provider peer (tests/peers/README.md). The dialog loads
 * the provider's pages; the TEST plays the user by filling and submitting
 * the dev-interaction forms with webkit_web_view_evaluate_javascript()
 * (the dialog itself injects nothing). Covers O9 (a second dialog starts
 * signed out), O10 (file:/custom schemes blocked, target=_blank stays in
 * the dialog, the redirect is never loaded), O11 (the header shows the
 * host; "Use System Browser" opens the same URL with the same catcher),
 * O5 (closing stops the catcher) and O7 (the denial is shown).
 * /ui/oauth/add-connection runs the connections page's Add Connection
 * dialog through this consent and then delivers the connection to a
 * real FlowFuse instance and takes it back, through the page's dialogs.
 *
 * Every web view the dialog creates gets a proxy that refuses all but
 * loopback hosts (N5): nothing leaves the machine.
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <webkit/webkit.h>

#include "deck-connection-dialog.h"
#include "deck-connections-page.h"
#include "deck-ff-env-var.h"
#include "deck-ff-instance.h"
#include "deck-flowfuse-client.h"
#include "deck-http.h"
#include "deck-oauth-dialog.h"
#include "deck-test-peers.h"
#include "deck-test-ui.h"
#include "deck-test-util.h"

static GtkWindow *parent;

/*****************************************************************************
 * Helpers
 *****************************************************************************/

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main context until @done returns TRUE or @seconds pass. */
static gboolean
wait_until (gboolean (*done) (gpointer),
            gpointer   data,
            guint      seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  guint id = g_timeout_add (50, wake_cb, NULL);
  gboolean ok;

  while (!(ok = done (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (id);
  return ok;
}

static void
spin (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;
  guint id = g_timeout_add (20, wake_cb, NULL);

  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
}

typedef struct
{
  DeckOAuthDialog      *dialog;
  DeckOAuthDialogState  state;
} StateWait;

static gboolean
has_state (gpointer data)
{
  StateWait *wait = data;

  return deck_oauth_dialog_get_state (wait->dialog) == wait->state;
}

static void
wait_for_state (DeckOAuthDialog      *dialog,
                DeckOAuthDialogState  state,
                guint                 seconds)
{
  StateWait wait = { dialog, state };

  if (!wait_until (has_state, &wait, seconds))
    g_error ("The dialog did not reach state %d in %u s (it is in %d)", state, seconds,
             deck_oauth_dialog_get_state (dialog));
}

static GtkWidget *
find_widget (GtkWidget *root,
             gboolean (*match) (GtkWidget *, gconstpointer),
             gconstpointer data)
{
  if (match (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
is_window_title (GtkWidget     *widget,
                 gconstpointer  data)
{
  return ADW_IS_WINDOW_TITLE (widget);
}

static gboolean
is_stack (GtkWidget     *widget,
          gconstpointer  data)
{
  return GTK_IS_STACK (widget);
}

static gboolean
stack_settled (gpointer data)
{
  return !gtk_stack_get_transition_running (data);
}

/* The status page the dialog shows, once its crossfade is over. */
static GtkWidget *
shown_status_page (DeckOAuthDialog *dialog)
{
  GtkWidget *stack = find_widget (GTK_WIDGET (dialog), is_stack, NULL);
  GtkWidget *child;

  g_assert_nonnull (stack);
  g_assert_true (wait_until (stack_settled, stack, 10));
  child = gtk_stack_get_visible_child (GTK_STACK (stack));
  g_assert_true (ADW_IS_STATUS_PAGE (child));
  g_assert_true (gtk_widget_get_mapped (child));
  return child;
}

static gboolean
is_button_with_action (GtkWidget     *widget,
                       gconstpointer  action)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = deck_test_artifact_path (name);
  GskRenderer *renderer;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static gboolean
count_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  guint *frames = user_data;

  (*frames)++;
  return G_SOURCE_CONTINUE;
}

static void
wait_until_drawn (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  guint frames = 0;
  guint id;

  id = gtk_widget_add_tick_callback (widget, count_frame_cb, &frames, NULL);
  while (frames < 3 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_remove_tick_callback (widget, id);

  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_cmpuint (frames, >=, 3);
}

/*****************************************************************************
 * The provider and the dialog
 *****************************************************************************/

static JsonObject *
oidc_peer (void)
{
  JsonObject *peer = deck_test_peers_get ("oidc");

  g_assert_nonnull (peer);
  return peer;
}

static DeckOAuthProfile *
oidc_profile (void)
{
  const char * const scopes[] = { "openid", "profile", "email", "offline_access", NULL };
  JsonObject *peer = oidc_peer ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  DeckOAuthProfile *profile;

  deck_oauth_profile_discover_async (deck_test_peers_get_string (peer, "issuer"), "flowdeck-test",
                                     NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 30);
  profile = deck_oauth_profile_discover_finish (result, &error);
  g_assert_no_error (error);
  deck_oauth_profile_set_scopes (profile, scopes);
  deck_oauth_profile_set_extra_param (profile, "prompt", "consent");
  return profile;
}

/* "127.0.0.1:<port>" of the issuer: what the header must show (O11). */
static char *
issuer_host (void)
{
  g_autoptr(GUri) uri = g_uri_parse (deck_test_peers_get_string (oidc_peer (), "issuer"),
                                     G_URI_FLAGS_NONE, NULL);

  g_assert_nonnull (uri);
  return g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
}

/* N5: every view of the dialog reaches loopback hosts only. The proxy is
 * a closed loopback port, so any other host fails at once. */
static void
web_view_changed_cb (DeckOAuthDialog *dialog,
                     GParamSpec      *pspec,
                     gpointer         user_data)
{
  const char * const loopback[] = { "127.0.0.1", "localhost", "::1", NULL };
  WebKitWebView *view = _deck_oauth_dialog_get_web_view (dialog);
  WebKitNetworkProxySettings *proxy;
  WebKitNetworkSession *session;
  guint *n_views = user_data;

  if (view == NULL)
    return;

  (*n_views)++;
  session = webkit_web_view_get_network_session (view);
  /* O9: every view has an ephemeral session of its own. */
  g_assert_true (webkit_network_session_is_ephemeral (session));
  g_assert_true (session != webkit_network_session_get_default ());
  g_assert_false (webkit_settings_get_enable_developer_extras (webkit_web_view_get_settings (view)));

  proxy = webkit_network_proxy_settings_new ("http://127.0.0.1:9", loopback);
  webkit_network_session_set_proxy_settings (session, WEBKIT_NETWORK_PROXY_MODE_CUSTOM, proxy);
  webkit_network_proxy_settings_free (proxy);
}

typedef struct
{
  DeckOAuthDialog *dialog;
  GAsyncResult    *result;
  guint            n_views;
  GString         *states;   /* one letter per state seen, "LW…" */
} Run;

static void
state_changed_cb (DeckOAuthDialog *dialog,
                  GParamSpec      *pspec,
                  GString         *states)
{
  g_string_append_c (states, "LWXGDTNC"[deck_oauth_dialog_get_state (dialog)]);
}

static void
run_start (Run *run)
{
  g_autoptr(DeckOAuthProfile) profile = oidc_profile ();

  memset (run, 0, sizeof *run);
  run->states = g_string_new ("L");
  run->dialog = g_object_ref_sink (deck_oauth_dialog_new (parent, profile));
  g_signal_connect (run->dialog, "notify::state", G_CALLBACK (state_changed_cb), run->states);
  g_signal_connect (run->dialog, "notify::web-view", G_CALLBACK (web_view_changed_cb),
                    &run->n_views);
  g_assert_cmpint (deck_oauth_dialog_get_state (run->dialog), ==, DECK_OAUTH_DIALOG_STATE_LOADING);

  deck_oauth_dialog_run_async (run->dialog, NULL, deck_test_store_result_cb, &run->result);

  /* O5: listening before the view loads anything. */
  g_assert_nonnull (_deck_oauth_dialog_get_flow (run->dialog));
  g_assert_nonnull (deck_oauth_flow_get_redirect_uri (_deck_oauth_dialog_get_flow (run->dialog)));
  g_assert_cmpuint (run->n_views, ==, 1);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (run->dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (run->dialog)) == parent);
}

static DeckOAuthTokens *
run_finish (Run     *run,
            GError **error)
{
  g_autoptr(GAsyncResult) result = deck_test_wait_result (&run->result, 60);

  return deck_oauth_dialog_run_finish (run->dialog, result, error);
}

static void
run_clear (Run *run)
{
  if (gtk_widget_get_visible (GTK_WIDGET (run->dialog)))
    gtk_window_destroy (GTK_WINDOW (run->dialog));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&run->dialog);
  if (run->states != NULL)
    g_string_free (run->states, TRUE);
}

static WebKitWebView *
view_of (Run *run)
{
  WebKitWebView *view = NULL;

  /* The property and the private hook agree. */
  g_object_get (run->dialog, "web-view", &view, NULL);
  g_assert_nonnull (view);
  g_assert_true (view == _deck_oauth_dialog_get_web_view (run->dialog));
  g_object_unref (view);
  return view;
}

static char *
eval_js (WebKitWebView *view,
         const char    *script)
{
  return deck_test_ui_eval_js (view, script);
}

typedef struct
{
  Run        *run;
  const char *prompt;
} PromptWait;

static gboolean
page_has_prompt (gpointer data)
{
  PromptWait *wait = data;
  WebKitWebView *view = _deck_oauth_dialog_get_web_view (wait->run->dialog);
  g_autofree char *prompt = NULL;

  if (view == NULL || webkit_web_view_is_loading (view) ||
      deck_oauth_dialog_get_state (wait->run->dialog) != DECK_OAUTH_DIALOG_STATE_WAITING)
    return FALSE;

  prompt = deck_test_ui_oidc_prompt (view);
  return g_strcmp0 (prompt, wait->prompt) == 0;
}

/* Waits for the provider's login or consent page in the dialog. */
static void
wait_for_prompt (Run        *run,
                 const char *prompt)
{
  PromptWait wait = { run, prompt };

  if (!wait_until (page_has_prompt, &wait, 30))
    g_error ("The provider's “%s” page did not appear (page: %s)", prompt,
             webkit_web_view_get_uri (view_of (run)));
  g_test_message ("provider page with prompt=%s: %s", prompt, webkit_web_view_get_uri (view_of (run)));
}

static void
submit_login (Run *run)
{
  deck_test_ui_oidc_login (view_of (run), "tester");
}

static void
submit_consent (Run *run)
{
  deck_test_ui_oidc_consent (view_of (run));
}

static void
assert_header_shows_provider (Run *run)
{
  GtkWidget *title = find_widget (GTK_WIDGET (run->dialog), is_window_title, NULL);
  g_autofree char *host = issuer_host ();

  g_assert_nonnull (title);
  g_assert_cmpstr (adw_window_title_get_title (ADW_WINDOW_TITLE (title)), ==, host);
  /* Loopback http: shown as this computer, not as secure. */
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title)), ==,
                   "This computer, not encrypted");
}

/* Login, consent, tokens: a whole sign-in through the dialog. */
static void
sign_in (Run        *run,
         const char *screenshot)
{
  g_autoptr(DeckOAuthTokens) tokens = NULL;
  g_autoptr(GError) error = NULL;

  wait_for_prompt (run, "login");
  assert_header_shows_provider (run);
  if (screenshot != NULL)
    {
      wait_until_drawn (GTK_WIDGET (run->dialog));
      spin (500);
      save_screenshot (GTK_WIDGET (run->dialog), screenshot);
    }

  submit_login (run);
  wait_for_prompt (run, "consent");
  assert_header_shows_provider (run);
  submit_consent (run);

  tokens = run_finish (run, &error);
  g_assert_no_error (error);
  g_assert_nonnull (tokens);
  g_assert_nonnull (tokens->access_token);
  g_assert_cmpuint (strlen (tokens->access_token), >, 10);
  g_assert_nonnull (tokens->refresh_token);
  g_assert_cmpint (deck_oauth_dialog_get_state (run->dialog), ==, DECK_OAUTH_DIALOG_STATE_GRANTED);
  g_assert_cmpstr (run->states->str, ==, "LWXG");

  /* O9: the session went with the sign-in. */
  g_assert_null (_deck_oauth_dialog_get_web_view (run->dialog));
}

/*****************************************************************************
 * Tests
 *****************************************************************************/

static void
test_granted (void)
{
  Run run;
  GtkWidget *page;

  run_start (&run);
  _deck_oauth_dialog_set_auto_close (run.dialog, FALSE);
  sign_in (&run, "screenshot-oauth-dialog.png");

  wait_until_drawn (GTK_WIDGET (run.dialog));
  page = shown_status_page (run.dialog);
  g_assert_nonnull (page);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (page)), ==, "Signed In");
  save_screenshot (GTK_WIDGET (run.dialog), "screenshot-oauth-granted.png");

  /* Closing after success changes nothing. */
  gtk_window_close (GTK_WINDOW (run.dialog));
  spin (100);
  g_assert_cmpint (deck_oauth_dialog_get_state (run.dialog), ==, DECK_OAUTH_DIALOG_STATE_GRANTED);
  run_clear (&run);
}

static gboolean
dialog_hidden (gpointer data)
{
  return !gtk_widget_get_visible (GTK_WIDGET (data));
}

static void
test_second_dialog_signed_out (void)
{
  Run run;

  /* A full sign-in; the dialog closes itself. */
  run_start (&run);
  sign_in (&run, NULL);
  g_assert_true (wait_until (dialog_hidden, run.dialog, 10));
  run_clear (&run);

  /* O9: a new dialog starts at the login page again, not at consent
   * (with the first session's cookie the provider would skip the login,
   * tests/peers/README.md). */
  run_start (&run);
  wait_for_prompt (&run, "login");
  gtk_window_close (GTK_WINDOW (run.dialog));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DeckOAuthTokens) tokens = run_finish (&run, &error);

    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_null (tokens);
  }
  run_clear (&run);
}

static void
test_cancel (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckOAuthTokens) tokens = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GUri) redirect = NULL;
  Run run;

  run_start (&run);
  wait_for_prompt (&run, "login");

  redirect = g_uri_parse (deck_oauth_flow_get_redirect_uri (_deck_oauth_dialog_get_flow (run.dialog)),
                          G_URI_FLAGS_NONE, NULL);
  g_assert_nonnull (redirect);
  g_assert_cmpstr (g_uri_get_host (redirect), ==, "127.0.0.1");

  /* The catcher listens while the dialog waits. */
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", g_uri_get_port (redirect),
                                                NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&connection);

  gtk_window_close (GTK_WINDOW (run.dialog));
  g_assert_cmpint (deck_oauth_dialog_get_state (run.dialog), ==, DECK_OAUTH_DIALOG_STATE_CANCELLED);
  g_assert_null (_deck_oauth_dialog_get_web_view (run.dialog));

  tokens = run_finish (&run, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (tokens);
  g_clear_error (&error);

  /* O5: once the result is out, the port refuses connections. */
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", g_uri_get_port (redirect),
                                                NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_assert_null (connection);

  run_clear (&run);
}

/* The caller's cancellable closes the dialog the same way. */
static void
test_cancellable (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(DeckOAuthProfile) profile = oidc_profile ();
  g_autoptr(DeckOAuthTokens) tokens = NULL;
  g_autoptr(GError) error = NULL;
  Run run;

  memset (&run, 0, sizeof run);
  run.dialog = g_object_ref_sink (deck_oauth_dialog_new (parent, profile));
  g_signal_connect (run.dialog, "notify::web-view", G_CALLBACK (web_view_changed_cb),
                    &run.n_views);
  deck_oauth_dialog_run_async (run.dialog, cancellable, deck_test_store_result_cb, &run.result);
  wait_for_prompt (&run, "login");

  g_cancellable_cancel (cancellable);
  tokens = run_finish (&run, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (deck_oauth_dialog_get_state (run.dialog), ==, DECK_OAUTH_DIALOG_STATE_CANCELLED);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (run.dialog)));
  run_clear (&run);
}

static void
test_denied (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckOAuthTokens) tokens = NULL;
  g_autofree char *abort_url = NULL;
  GtkWidget *page;
  GtkWidget *try_again;
  const char *uri;
  Run run;

  run_start (&run);
  wait_for_prompt (&run, "login");

  /* The provider's "[ Cancel ]": GET /interaction/<uid>/abort. */
  uri = webkit_web_view_get_uri (view_of (&run));
  g_assert_nonnull (strstr (uri, "/interaction/"));
  abort_url = g_strconcat (uri, "/abort", NULL);
  webkit_web_view_load_uri (view_of (&run), abort_url);

  wait_for_state (run.dialog, DECK_OAUTH_DIALOG_STATE_DENIED, 30);
  wait_until_drawn (GTK_WIDGET (run.dialog));
  page = shown_status_page (run.dialog);
  g_assert_nonnull (page);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (page)), ==, "Access Denied");
  g_assert_cmpstr (adw_status_page_get_description (ADW_STATUS_PAGE (page)), ==,
                   "End-User aborted interaction");
  try_again = find_widget (GTK_WIDGET (run.dialog), is_button_with_action, "oauth.try-again");
  g_assert_nonnull (try_again);
  g_assert_true (gtk_widget_get_mapped (try_again));
  save_screenshot (GTK_WIDGET (run.dialog), "screenshot-oauth-denied.png");

  /* Nothing comes back until the user closes: "Try Again" is offered. */
  g_assert_null (run.result);
  gtk_window_close (GTK_WINDOW (run.dialog));
  tokens = run_finish (&run, &error);
  g_assert_error (error, DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_DENIED);
  g_assert_cmpstr (error->message, ==, "End-User aborted interaction");
  g_assert_cmpint (deck_oauth_dialog_get_state (run.dialog), ==, DECK_OAUTH_DIALOG_STATE_DENIED);
  run_clear (&run);
}

typedef struct
{
  DeckOAuthDialog *dialog;
  guint            n_blocked;
} BlockWait;

static gboolean
blocked_more (gpointer data)
{
  BlockWait *wait = data;

  return _deck_oauth_dialog_get_n_blocked (wait->dialog) > wait->n_blocked;
}

typedef struct
{
  WebKitWebView *view;
  const char    *uri;
} UriWait;

static gboolean
view_shows_uri (gpointer data)
{
  UriWait *wait = data;

  return g_strcmp0 (webkit_web_view_get_uri (wait->view), wait->uri) == 0 &&
         !webkit_web_view_is_loading (wait->view);
}

static void
test_navigation_policy (void)
{
  g_autofree char *login_uri = NULL;
  g_autofree char *target = NULL;
  g_autofree char *script = NULL;
  g_autofree char *done = NULL;
  g_autofree char *body = NULL;
  WebKitWebView *view;
  BlockWait blocked;
  UriWait uri_wait;
  guint n_toplevels;
  Run run;

  run_start (&run);
  wait_for_prompt (&run, "login");
  view = view_of (&run);
  login_uri = g_strdup (webkit_web_view_get_uri (view));

  /* file: from the API (as a link or a script would ask) is never loaded. */
  blocked = (BlockWait) { run.dialog, _deck_oauth_dialog_get_n_blocked (run.dialog) };
  webkit_web_view_load_uri (view, "file:///etc/passwd");
  g_assert_true (wait_until (blocked_more, &blocked, 10));
  spin (300);
  g_assert_cmpstr (webkit_web_view_get_uri (view), ==, login_uri);

  /* A custom scheme from the page's own script. */
  blocked.n_blocked = _deck_oauth_dialog_get_n_blocked (run.dialog);
  done = eval_js (view, "location.href = 'flowdeck-evil://steal?x=1'; 'navigated'");
  g_assert_cmpstr (done, ==, "navigated");
  g_assert_true (wait_until (blocked_more, &blocked, 10));
  g_clear_pointer (&done, g_free);

  /* data: as well. */
  blocked.n_blocked = _deck_oauth_dialog_get_n_blocked (run.dialog);
  webkit_web_view_load_uri (view, "data:text/html,<h1>not%20here</h1>");
  g_assert_true (wait_until (blocked_more, &blocked, 10));
  spin (300);
  g_assert_cmpstr (webkit_web_view_get_uri (view), ==, login_uri);
  g_assert_cmpint (deck_oauth_dialog_get_state (run.dialog), ==, DECK_OAUTH_DIALOG_STATE_WAITING);

  /* The page is still the provider's login page. */
  done = deck_test_ui_oidc_prompt (view);
  g_assert_cmpstr (done, ==, "login");
  g_clear_pointer (&done, g_free);

  /* The redirect URI with a forged code and a wrong state: handed to the
   * catcher (never loaded), which ignores it (O2); the dialog goes back to
   * the page and the catcher keeps listening. */
  {
    g_autoptr(GSocketClient) client = g_socket_client_new ();
    g_autoptr(GSocketConnection) connection = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GUri) redirect = NULL;
    const char *redirect_uri;

    redirect_uri = deck_oauth_flow_get_redirect_uri (_deck_oauth_dialog_get_flow (run.dialog));
    redirect = g_uri_parse (redirect_uri, G_URI_FLAGS_NONE, NULL);
    script = g_strdup_printf ("location.href = '%s?code=forged&state=wrong'; 'navigated'",
                              redirect_uri);
    done = eval_js (view, script);
    g_assert_cmpstr (done, ==, "navigated");
    g_clear_pointer (&done, g_free);
    g_clear_pointer (&script, g_free);
    spin (1000);
    g_assert_cmpint (deck_oauth_dialog_get_state (run.dialog), ==,
                     DECK_OAUTH_DIALOG_STATE_WAITING);
    g_assert_cmpstr (run.states->str, ==, "LWXW");
    g_assert_cmpstr (webkit_web_view_get_uri (view), ==, login_uri);
    connection = g_socket_client_connect_to_host (client, "127.0.0.1",
                                                  g_uri_get_port (redirect), NULL, &error);
    g_assert_no_error (error);
  }

  /* target=_blank: loaded in the same view, no new window. */
  n_toplevels = g_list_model_get_n_items (gtk_window_get_toplevels ());
  target = g_strconcat (deck_test_peers_get_string (oidc_peer (), "issuer"),
                        "/.well-known/openid-configuration", NULL);
  script = g_strdup_printf ("var a = document.createElement('a');"
                            "a.href = '%s'; a.target = '_blank'; a.id = 'blank-link';"
                            "a.textContent = 'Provider configuration';"
                            "document.body.appendChild(a); a.click(); 'clicked'", target);
  done = eval_js (view, script);
  g_assert_cmpstr (done, ==, "clicked");
  uri_wait = (UriWait) { view, target };
  if (!wait_until (view_shows_uri, &uri_wait, 15))
    g_error ("target=_blank did not load in the dialog (it shows %s)",
             webkit_web_view_get_uri (view));
  g_assert_true (view == _deck_oauth_dialog_get_web_view (run.dialog));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_window_get_toplevels ()), ==, n_toplevels);
  body = eval_js (view, "document.body.innerText.indexOf('authorization_endpoint') >= 0 ? 'yes' : 'no'");
  g_assert_cmpstr (body, ==, "yes");
  g_assert_cmpint (deck_oauth_dialog_get_state (run.dialog), ==, DECK_OAUTH_DIALOG_STATE_WAITING);
  assert_header_shows_provider (&run);

  /* Back returns to the login page. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (run.dialog), "oauth.back", NULL));
  uri_wait = (UriWait) { view, login_uri };
  g_assert_true (wait_until (view_shows_uri, &uri_wait, 15));

  gtk_window_close (GTK_WINDOW (run.dialog));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DeckOAuthTokens) tokens = run_finish (&run, &error);

    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
  run_clear (&run);
}

static void
test_timeout (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckOAuthTokens) tokens = NULL;
  GtkWidget *page;
  Run run;

  {
    g_autoptr(DeckOAuthProfile) profile = oidc_profile ();

    memset (&run, 0, sizeof run);
    run.dialog = g_object_ref_sink (deck_oauth_dialog_new (parent, profile));
    g_signal_connect (run.dialog, "notify::web-view", G_CALLBACK (web_view_changed_cb),
                      &run.n_views);
    _deck_oauth_dialog_set_timeout (run.dialog, 3);
    deck_oauth_dialog_run_async (run.dialog, NULL, deck_test_store_result_cb, &run.result);
  }

  wait_for_state (run.dialog, DECK_OAUTH_DIALOG_STATE_TIMED_OUT, 20);
  wait_until_drawn (GTK_WIDGET (run.dialog));
  page = shown_status_page (run.dialog);
  g_assert_nonnull (page);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (page)), ==, "Sign-In Timed Out");

  /* Try Again: a new attempt with a new view and session (O9). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (run.dialog), "oauth.try-again", NULL));
  g_assert_cmpuint (run.n_views, ==, 2);
  _deck_oauth_dialog_set_timeout (run.dialog, 0);
  wait_for_prompt (&run, "login");

  gtk_window_close (GTK_WINDOW (run.dialog));
  tokens = run_finish (&run, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  run_clear (&run);
}

/* O11: "Use System Browser" hands the SAME authorization URL to the
 * desktop's default browser, and the same catcher finishes the sign-in.
 * The "browser" is a desktop file in the harness's private XDG dirs whose
 * command writes the URL to a file; the test then plays the browser with
 * the real provider, ending at the catcher's real HTTP server. */
static char *
install_fake_browser (void)
{
  g_autofree char *apps = g_build_filename (g_get_user_data_dir (), "applications", NULL);
  g_autofree char *desktop = g_build_filename (apps, "deck-test-browser.desktop", NULL);
  g_autofree char *mimeapps = g_build_filename (g_get_user_config_dir (), "mimeapps.list", NULL);
  g_autofree char *script = g_build_filename (g_get_user_data_dir (), "deck-test-browser.sh", NULL);
  g_autofree char *desktop_text = NULL;
  g_autofree char *script_text = NULL;
  char *out = g_build_filename (g_get_user_data_dir (), "deck-test-browser.url", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (apps, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_config_dir (), 0700), ==, 0);

  script_text = g_strdup_printf ("#!/bin/sh\nprintf '%%s' \"$1\" > '%s.tmp' && mv '%s.tmp' '%s'\n",
                                 out, out, out);
  g_file_set_contents (script, script_text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (script, 0700), ==, 0);

  desktop_text = g_strdup_printf ("[Desktop Entry]\nType=Application\nName=Test Browser\n"
                                  "Exec=%s %%u\nMimeType=x-scheme-handler/http;"
                                  "x-scheme-handler/https;\nNoDisplay=true\n", script);
  g_file_set_contents (desktop, desktop_text, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (mimeapps, "[Default Applications]\n"
                                 "x-scheme-handler/http=deck-test-browser.desktop\n"
                                 "x-scheme-handler/https=deck-test-browser.desktop\n",
                       -1, &error);
  g_assert_no_error (error);
  g_unlink (out);
  return out;
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

typedef struct
{
  guint  status;
  char  *body;
  char  *location;
} Page;

static void
page_clear (Page *page)
{
  g_clear_pointer (&page->body, g_free);
  g_clear_pointer (&page->location, g_free);
}

static void
browser_send (SoupSession *session,
              SoupMessage *msg,
              Page        *page)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  const char *location;

  page_clear (page);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL,
                                    deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 30);
  body = soup_session_send_and_read_finish (session, result, &error);
  g_assert_no_error (error);

  page->status = soup_message_get_status (msg);
  page->body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  location = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location");
  if (location != NULL)
    {
      g_autoptr(GUri) resolved = g_uri_parse_relative (soup_message_get_uri (msg), location,
                                                       SOUP_HTTP_URI_FLAGS, NULL);
      page->location = g_uri_to_string (resolved);
    }
}

static char *
form_value (const char *pattern,
            const char *html)
{
  g_autoptr(GRegex) regex = g_regex_new (pattern, G_REGEX_CASELESS, 0, NULL);
  g_autoptr(GMatchInfo) info = NULL;

  if (!g_regex_match (regex, html, 0, &info))
    return NULL;
  return g_match_info_fetch (info, 1);
}

/* The system browser: follows redirects, posts the login and consent
 * forms, and stops after the catcher answered. */
static void
play_system_browser (const char *url,
                     const char *redirect_uri)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupCookieJar) jar = soup_cookie_jar_new ();
  g_autofree char *next = g_strdup (url);
  Page page = { 0 };

  soup_session_add_feature (session, SOUP_SESSION_FEATURE (jar));

  for (guint step = 0; step < 20; step++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, next);

      browser_send (session, msg, &page);
      if (g_str_has_prefix (next, redirect_uri))
        {
          /* The catcher's own page. */
          g_assert_cmpuint (page.status, ==, 200);
          page_clear (&page);
          return;
        }

      if (page.status >= 300 && page.status < 400)
        {
          g_free (next);
          next = g_strdup (page.location);
          continue;
        }

      g_assert_cmpuint (page.status, ==, 200);
      {
        g_autofree char *action = form_value ("<form[^>]*action=\"([^\"]+)\"", page.body);
        g_autofree char *prompt = form_value ("<input[^>]*name=\"prompt\"[^>]*value=\"([^\"]*)\"",
                                              page.body);
        g_autoptr(SoupMessage) post = NULL;
        char *body;

        g_assert_nonnull (action);
        g_assert_nonnull (prompt);
        if (g_strcmp0 (prompt, "login") == 0)
          body = soup_form_encode ("prompt", "login", "login", "tester", "password", "x", NULL);
        else
          body = soup_form_encode ("prompt", prompt, NULL);
        post = soup_message_new_from_encoded_form (SOUP_METHOD_POST, action, body);
        browser_send (session, post, &page);
        g_assert_cmpuint (page.status, >=, 300);
        g_free (next);
        next = g_strdup (page.location);
      }
    }

  g_error ("The system browser never reached the redirect URI");
}

static void
test_system_browser (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckOAuthTokens) tokens = NULL;
  g_autofree char *out = install_fake_browser ();
  g_autofree char *opened = NULL;
  g_autofree char *redirect_uri = NULL;
  GtkWidget *page;
  Run run;

  run_start (&run);
  _deck_oauth_dialog_set_auto_close (run.dialog, FALSE);
  wait_for_prompt (&run, "login");
  redirect_uri = g_strdup (deck_oauth_flow_get_redirect_uri (_deck_oauth_dialog_get_flow (run.dialog)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (run.dialog), "oauth.system-browser", NULL));
  if (!wait_until (file_exists, out, 20))
    g_error ("The default browser was not started");
  g_file_get_contents (out, &opened, NULL, &error);
  g_assert_no_error (error);

  /* The same authorization URL: same client, same redirect URI (so the
   * same catcher), PKCE S256. */
  g_assert_true (g_str_has_prefix (opened, deck_oauth_profile_get_authorization_endpoint (
                                               deck_oauth_dialog_get_profile (run.dialog))));
  {
    g_autoptr(GUri) uri = g_uri_parse (opened, G_URI_FLAGS_ENCODED_QUERY, NULL);
    g_autoptr(GHashTable) params = g_uri_parse_params (g_uri_get_query (uri), -1, "&",
                                                       G_URI_PARAMS_WWW_FORM, NULL);

    g_assert_cmpstr (g_hash_table_lookup (params, "redirect_uri"), ==, redirect_uri);
    g_assert_cmpstr (g_hash_table_lookup (params, "client_id"), ==, "flowdeck-test");
    g_assert_cmpstr (g_hash_table_lookup (params, "code_challenge_method"), ==, "S256");
  }

  wait_until_drawn (GTK_WIDGET (run.dialog));
  page = shown_status_page (run.dialog);
  g_assert_nonnull (page);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (page)), ==,
                   "Continue in Your Browser");
  g_assert_cmpint (deck_oauth_dialog_get_state (run.dialog), ==, DECK_OAUTH_DIALOG_STATE_WAITING);
  save_screenshot (GTK_WIDGET (run.dialog), "screenshot-oauth-system-browser.png");

  play_system_browser (opened, redirect_uri);
  tokens = run_finish (&run, &error);
  g_assert_no_error (error);
  g_assert_nonnull (tokens->access_token);
  g_assert_cmpint (deck_oauth_dialog_get_state (run.dialog), ==, DECK_OAUTH_DIALOG_STATE_GRANTED);

  g_unlink (out);
  run_clear (&run);
}

/* O12: a provider with a self-signed certificate stops the dialog with
 * the certificate problem named, and no way to accept it anyway. */
static void
test_tls_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckOAuthTokens) tokens = NULL;
  g_autoptr(DeckOAuthProfile) profile = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *cert_path = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *auth_url = NULL;
  g_autofree char *token_url = NULL;
  g_autofree char *escaped = NULL;
  g_autoptr(GSList) uris = NULL;
  GtkWidget *page;
  int status = -1;
  Run run;

  if (g_find_program_in_path ("openssl") == NULL)
    {
      g_test_skip ("openssl is needed to make a self-signed certificate");
      return;
    }

  dir = g_dir_make_tmp ("deck-tls-XXXXXX", &error);
  g_assert_no_error (error);
  cert_path = g_build_filename (dir, "cert.pem", NULL);
  key_path = g_build_filename (dir, "key.pem", NULL);
  {
    const char *argv[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                           "-keyout", key_path, "-out", cert_path, "-days", "1",
                           "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                           NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                  G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_cmpint (status, ==, 0);
  }
  certificate = g_tls_certificate_new_from_files (cert_path, key_path, &error);
  g_assert_no_error (error);
  g_unlink (cert_path);
  g_unlink (key_path);
  g_rmdir (dir);

  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS,
                            &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  g_assert_nonnull (uris);
  auth_url = g_strdup_printf ("https://127.0.0.1:%d/auth", g_uri_get_port (uris->data));
  token_url = g_strdup_printf ("https://127.0.0.1:%d/token", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  profile = deck_oauth_profile_new ("flowdeck-test", auth_url, token_url);
  memset (&run, 0, sizeof run);
  run.dialog = g_object_ref_sink (deck_oauth_dialog_new (parent, profile));
  g_signal_connect (run.dialog, "notify::web-view", G_CALLBACK (web_view_changed_cb),
                    &run.n_views);
  deck_oauth_dialog_run_async (run.dialog, NULL, deck_test_store_result_cb, &run.result);

  wait_for_state (run.dialog, DECK_OAUTH_DIALOG_STATE_NETWORK_ERROR, 30);
  wait_until_drawn (GTK_WIDGET (run.dialog));
  page = shown_status_page (run.dialog);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (page)), ==, "Could Not Sign In");
  escaped = g_markup_escape_text ("The server’s security certificate is not trusted: it is not "
                                  "signed by a known certificate authority (self-signed?).", -1);
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (page)), escaped));
  save_screenshot (GTK_WIDGET (run.dialog), "screenshot-oauth-tls-error.png");

  gtk_window_close (GTK_WINDOW (run.dialog));
  tokens = run_finish (&run, &error);
  g_assert_error (error, DECK_NET_ERROR, DECK_NET_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  run_clear (&run);
}

/*****************************************************************************
 * Add Connection, end to end: the connections page's dialog, consent in
 * WebKit, the granted scopes, then Deliver to and Remove from a real
 * FlowFuse instance through the page's own dialogs.
 *****************************************************************************/

static gboolean
store_has_one (gpointer data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (data)) == 1;
}

static gboolean
offered_shown (gpointer data)
{
  GtkLabel *label = deck_test_ui_find_label_prefixed (data, "The provider offers these scopes");

  return label != NULL && gtk_widget_get_visible (GTK_WIDGET (label));
}

typedef struct
{
  DeckConnection *connection;
  guint           n;
} DeliveriesWait;

static gboolean
has_n_deliveries (gpointer data)
{
  DeliveriesWait *wait = data;

  return deck_connection_get_deliveries (wait->connection)->len == wait->n;
}

/* Answers the page's message dialog and waits for it to go. */
static void
answer_message_dialog (const char *what,
                       const char *response)
{
  GtkWindow *dialog;

  deck_test_ui_wait_for (deck_test_ui_toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG),
                         what);
  dialog = deck_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), response));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  if (deck_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == dialog)
    gtk_window_destroy (dialog);
  deck_test_ui_wait_for (deck_test_ui_toplevel_gone, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG),
                         "the message dialog to close");
}

static void
deliver_and_take_back (GtkWidget      *page,
                       DeckConnection *connection)
{
  JsonObject *ff = deck_test_peers_get ("flowfuse");
  g_autoptr(DeckFlowfuseClient) client = NULL;
  g_autoptr(DeckFfInstance) instance = NULL;
  g_autoptr(GListStore) instances = g_list_store_new (DECK_TYPE_FF_INSTANCE);
  g_autoptr(GListModel) env = NULL;
  g_autoptr(DeckFfEnvVar) refresh_var = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  GAsyncResult *slot = NULL;
  const char *id = deck_connection_get_id (connection);
  GtkWidget *row;
  GtkWidget *refresh;
  GtkWidget *undeliver;
  DeliveriesWait wait = { connection, 1 };

  if (ff == NULL)
    {
      g_test_message ("no FlowFuse peer: delivery not driven");
      return;
    }

  /* An instance of its own: others test the seed instance's variables. */
  client = deck_flowfuse_client_new (deck_test_peers_get_string (ff, "url"), &error);
  g_assert_no_error (error);
  deck_flowfuse_client_set_token (client, deck_test_peers_get_string (ff, "pat"));
  name = g_strdup_printf ("ui-conn-%08x", g_random_int ());
  deck_flowfuse_client_create_instance_async (client, name,
                                              deck_test_peers_get_string (ff, "applicationId"),
                                              deck_test_peers_get_string (ff, "projectTypeId"),
                                              deck_test_peers_get_string (ff, "stackId"),
                                              deck_test_peers_get_string (ff, "templateId"),
                                              NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 60);
  instance = deck_flowfuse_client_finish_object (client, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_list_store_append (instances, instance);
  deck_connections_page_set_flowfuse (DECK_CONNECTIONS_PAGE (page), client,
                                      G_LIST_MODEL (instances));

  row = deck_connections_page_get_row (DECK_CONNECTIONS_PAGE (page), id);
  refresh = deck_test_ui_find_button_with_action (row, "connections.refresh");
  undeliver = g_object_get_data (G_OBJECT (row), "undeliver-button");
  g_assert_nonnull (refresh);
  g_assert_nonnull (undeliver);
  g_assert_true (gtk_widget_get_sensitive (refresh));
  g_assert_false (gtk_widget_get_visible (undeliver));

  /* Deliver to Instance…: the form proposes OAUTH_CUSTOM_* names. */
  g_assert_true (gtk_widget_activate_action (page, "connections.deliver", "s", id));
  deck_test_ui_wait_for (deck_test_ui_toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG),
                         "the delivery form");
  g_assert_nonnull (deck_test_ui_find_row_titled (GTK_WIDGET (deck_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)),
                                                  "Refresh token variable"));
  answer_message_dialog ("the delivery form", "deliver");
  deck_test_ui_wait_for (has_n_deliveries, &wait, "the delivery");

  env = deck_test_instance_env (client, deck_ff_instance_get_id (instance));
  refresh_var = deck_test_find_env_var (env, "OAUTH_CUSTOM_REFRESH_TOKEN");
  g_assert_nonnull (refresh_var);
  g_assert_true (deck_ff_env_var_get_hidden (refresh_var));
  g_clear_object (&refresh_var);
  g_clear_object (&env);

  /* The flow refreshes now: the page shows it and offers no Refresh. */
  deck_test_ui_spin (100);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                            "Refreshed by the flow on ui-conn-"));
  g_assert_false (gtk_widget_get_sensitive (refresh));
  g_assert_true (gtk_widget_get_visible (undeliver));
  deck_test_ui_save_screenshot (gtk_widget_get_ancestor (page, GTK_TYPE_WINDOW),
                                "screenshot-connections-delivered.png");

  /* Remove from Instance…: the variables go, Refresh comes back. */
  g_assert_true (gtk_widget_activate_action (page, "connections.undeliver", "s", id));
  answer_message_dialog ("the removal confirmation", "remove");
  wait.n = 0;
  deck_test_ui_wait_for (has_n_deliveries, &wait, "the removal");
  env = deck_test_instance_env (client, deck_ff_instance_get_id (instance));
  refresh_var = deck_test_find_env_var (env, "OAUTH_CUSTOM_REFRESH_TOKEN");
  g_assert_null (refresh_var);
  deck_test_ui_spin (100);
  g_assert_true (gtk_widget_get_sensitive (refresh));
  g_assert_false (gtk_widget_get_visible (undeliver));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Can refresh"));

  deck_connections_page_set_flowfuse (DECK_CONNECTIONS_PAGE (page), NULL, NULL);

  /* Clean up: the stub driver must have started it before a delete. */
  deck_flowfuse_client_wait_for_state_async (client, deck_ff_instance_get_id (instance), 60, NULL,
                                             deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 90);
  g_clear_object (&result);
  deck_test_ui_spin (700);
  deck_flowfuse_client_delete_instance_async (client, deck_ff_instance_get_id (instance), NULL,
                                              deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 60);
  g_assert_true (deck_flowfuse_client_finish_boolean (client, result, &error));
  g_assert_no_error (error);
}

static void
test_add_connection (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(DeckConnectionStore) store = NULL;
  g_autoptr(DeckConnection) connection = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) missing = NULL;
  GAsyncResult *slot = NULL;
  GtkWidget *window;
  GtkWidget *page;
  GtkWindow *dialog;
  GtkWidget *row;
  const char *subtitle;
  Run run;

  dir = g_dir_make_tmp ("flowdeck-ui-add-connection-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "connections.json", NULL);
  store = deck_connection_store_new (path);
  deck_connection_store_load_async (store, NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 10);
  g_assert_true (deck_connection_store_load_finish (store, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 520);
  page = deck_connections_page_new (store);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));

  /* Add Connection…: Custom, the real OIDC server by discovery; one
   * scope it does not offer, to see the narrowed grant reported. */
  g_assert_true (gtk_widget_activate_action (page, "connections.add", NULL));
  deck_test_ui_wait_for (deck_test_ui_toplevel_shown, GSIZE_TO_POINTER (DECK_TYPE_CONNECTION_DIALOG),
                         "the Add Connection dialog");
  dialog = deck_test_ui_find_toplevel (DECK_TYPE_CONNECTION_DIALOG);
  deck_connection_dialog_set_preset (DECK_CONNECTION_DIALOG (dialog), DECK_OAUTH_PRESET_CUSTOM);
  gtk_editable_set_text (GTK_EDITABLE (deck_test_ui_find_row_titled (GTK_WIDGET (dialog),
                                                                     "Issuer URL (discovery)")),
                         deck_test_peers_get_string (oidc_peer (), "issuer"));
  gtk_editable_set_text (GTK_EDITABLE (deck_test_ui_find_row_titled (GTK_WIDGET (dialog),
                                                                     "Client _ID")),
                         "flowdeck-test");
  gtk_editable_set_text (GTK_EDITABLE (deck_test_ui_find_row_titled (GTK_WIDGET (dialog),
                                                                     "S_copes (separated by spaces)")),
                         "openid email offline_access calendar.read");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "connection.discover", NULL));
  deck_test_ui_wait_for (offered_shown, dialog, "discovery");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "connection.continue", NULL));

  /* The consent dialog, driven as a user would. */
  deck_test_ui_wait_for (deck_test_ui_toplevel_shown, GSIZE_TO_POINTER (DECK_TYPE_OAUTH_DIALOG),
                         "the consent dialog");
  memset (&run, 0, sizeof run);
  run.dialog = g_object_ref (DECK_OAUTH_DIALOG (deck_test_ui_find_toplevel (DECK_TYPE_OAUTH_DIALOG)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (run.dialog)) == dialog);
  web_view_changed_cb (run.dialog, NULL, &run.n_views);
  g_signal_connect (run.dialog, "notify::web-view", G_CALLBACK (web_view_changed_cb),
                    &run.n_views);
  wait_for_prompt (&run, "login");
  submit_login (&run);
  wait_for_prompt (&run, "consent");
  submit_consent (&run);
  g_clear_object (&run.dialog);

  deck_test_ui_wait_for (store_has_one, store, "the connection to be added");
  deck_test_ui_wait_for (deck_test_ui_toplevel_gone, GSIZE_TO_POINTER (DECK_TYPE_CONNECTION_DIALOG),
                         "the Add Connection dialog to close");

  /* Granted scopes, the narrowed grant, the account from userinfo. */
  connection = g_list_model_get_item (G_LIST_MODEL (store), 0);
  missing = deck_connection_dup_missing_scopes (connection);
  g_assert_cmpuint (g_strv_length (missing), ==, 1);
  g_assert_cmpstr (missing[0], ==, "calendar.read");
  g_assert_true (g_strv_contains (deck_connection_get_granted_scopes (connection),
                                  "offline_access"));
  g_assert_cmpint (deck_connection_get_refresh_state (connection), ==,
                   DECK_CONNECTION_REFRESH_IDLE);
  deck_test_ui_spin (200);
  row = deck_connections_page_get_row (DECK_CONNECTIONS_PAGE (page),
                                       deck_connection_get_id (connection));
  g_assert_nonnull (row);
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  g_assert_nonnull (strstr (subtitle, "tester@example.test"));
  g_assert_nonnull (strstr (subtitle, "Not granted: calendar.read"));
  g_assert_nonnull (strstr (subtitle, "Can refresh"));
  deck_test_ui_save_screenshot (window, "screenshot-connections-added.png");

  deliver_and_take_back (page, connection);

  /* Leave nothing behind in the keyring. */
  deck_connection_store_revoke_async (store, connection, NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 30);
  g_assert_true (deck_connection_store_revoke_finish (store, result, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  deck_test_ui_spin (50);
  g_remove (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  deck_test_isolate_data_dir ();
  deck_test_ui_init (&argc, &argv);

  parent = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_title (parent, "Flowdeck test parent");
  gtk_window_present (parent);

  g_test_add_func ("/ui/oauth/granted", test_granted);
  g_test_add_func ("/ui/oauth/second-dialog-signed-out", test_second_dialog_signed_out);
  g_test_add_func ("/ui/oauth/cancel", test_cancel);
  g_test_add_func ("/ui/oauth/cancellable", test_cancellable);
  g_test_add_func ("/ui/oauth/denied", test_denied);
  g_test_add_func ("/ui/oauth/navigation-policy", test_navigation_policy);
  g_test_add_func ("/ui/oauth/timeout", test_timeout);
  g_test_add_func ("/ui/oauth/system-browser", test_system_browser);
  g_test_add_func ("/ui/oauth/tls-error", test_tls_error);
  g_test_add_func ("/ui/oauth/add-connection", test_add_connection);

  ret = g_test_run ();
  gtk_window_destroy (parent);
  return ret;
}
