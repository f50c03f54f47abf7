/* deck-loopback-catcher.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-oauth"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "deck-loopback-catcher.h"
#include "deck-pkce.h"
#include "deck-secure.h"

/* The OAuth redirect catcher for native apps (RFC 8252 §7.3; O2, O4, O5,
 * O7 and O8 in SECURITY.md):
 *
 * - a SoupServer on the IP literal 127.0.0.1 (never `localhost`, never
 *   0.0.0.0), on a port the kernel picks, listening before anyone sees
 *   the authorization URL;
 * - exactly one path; anything else is 404;
 * - `state` is compared in constant time before anything else is looked
 *   at. A wrong or missing one gets 400 and the catcher KEEPS WAITING: a
 *   stray or forged request must not end the user's sign-in;
 * - with a known issuer, `iss` must equal it (RFC 9207);
 * - `error` (with `error_description`, or FlowFuse's `errorDescription`)
 *   ends the wait with DENIED or PROVIDER_ERROR;
 * - after the first callback that ends the wait, the answer page is
 *   written and then the listening socket is closed, so a second
 *   connection is refused. It also closes on cancel and on timeout.
 *
 * The embedded web view hands over a redirect it intercepted with
 * deck_loopback_catcher_handle_uri(), which applies the same checks.
 *
 * Logs say what happened, never a value: no code, state or iss. */

struct _DeckLoopbackCatcher
{
  GObject            parent_instance;

  char              *path;
  char              *expected_state;
  char              *expected_iss;

  SoupServer        *server;
  char              *redirect_uri;
  guint              port;
  gboolean           listening;

  /* The outcome, once a callback ended the wait: a code or an error. */
  gboolean           done;
  char              *code;
  GError            *error;
  SoupServerMessage *final_message;
  guint              finish_idle;

  GTask             *wait_task;
  GSource           *timeout_source;
  GSource           *cancel_source;
};

G_DEFINE_FINAL_TYPE (DeckLoopbackCatcher, deck_loopback_catcher, G_TYPE_OBJECT)

/* An authorization response is small; anything longer is not one. */
#define MAX_DESCRIPTION_CHARS 1000

typedef enum
{
  OUTCOME_BAD_REQUEST,  /* 400, keep waiting */
  OUTCOME_SUCCESS,
  OUTCOME_DENIED,
  OUTCOME_FAILED,
} Outcome;

/*
 * Auxiliary methods
 */

static char *
html_page (const char *title,
           const char *text,
           const char *detail)
{
  g_autofree char *title_e = g_markup_escape_text (title, -1);
  g_autofree char *text_e = g_markup_escape_text (text, -1);
  g_autofree char *detail_e = detail ? g_markup_escape_text (detail, -1) : NULL;

  /* Self-contained: no script, no external style, font or image, so the
   * page loads nothing and leaks nothing (not even a Referer). */
  return g_strdup_printf ("<!DOCTYPE html>\n"
                          "<html><head><meta charset=\"utf-8\">"
                          "<meta name=\"viewport\" content=\"width=device-width\">"
                          "<title>%s</title>"
                          "<style>body{font-family:sans-serif;max-width:36em;margin:4em auto;"
                          "padding:0 1em;line-height:1.5}"
                          "p.detail{white-space:pre-wrap;overflow-wrap:anywhere}</style>"
                          "</head><body><h1>%s</h1>%s%s%s<p>%s</p></body></html>\n",
                          title_e, title_e,
                          detail_e ? "<p class=\"detail\">" : "",
                          detail_e ? detail_e : "",
                          detail_e ? "</p>" : "",
                          text_e);
}

static void
respond (SoupServerMessage *msg,
         guint              status,
         char              *page)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "Content-Security-Policy",
                                "default-src 'none'; style-src 'unsafe-inline'");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    page, strlen (page));
}

static void
secure_free_value (gpointer data)
{
  deck_secure_free (data);
}

/* Parses an application/x-www-form-urlencoded query. Values are secrets
 * (the code) and are wiped with the table. A repeated parameter makes the
 * whole response invalid (RFC 6749 §3.1). */
static GHashTable *
parse_query (const char *query)
{
  g_autoptr(GHashTable) params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        secure_free_value);
  g_autoptr(GError) error = NULL;
  GUriParamsIter iter;
  char *name = NULL;
  char *value = NULL;

  if (query == NULL)
    return g_steal_pointer (&params);

  g_uri_params_iter_init (&iter, query, -1, "&", G_URI_PARAMS_WWW_FORM);
  while (g_uri_params_iter_next (&iter, &name, &value, &error))
    {
      if (name == NULL || g_hash_table_contains (params, name))
        {
          g_free (name);
          deck_secure_free (value);
          return NULL;
        }

      g_hash_table_insert (params, name, value);
      name = NULL;
      value = NULL;
    }

  /* Bad %-encoding (or a NUL byte) anywhere: the whole query is invalid,
   * not just the part after it. */
  if (error != NULL)
    return NULL;

  return g_steal_pointer (&params);
}

static char *
clean_description (const char *text)
{
  g_autofree char *valid = NULL;

  if (text == NULL || *text == '\0')
    return NULL;

  valid = g_utf8_make_valid (text, -1);
  if (g_utf8_strlen (valid, -1) > MAX_DESCRIPTION_CHARS)
    {
      char *end = g_utf8_offset_to_pointer (valid, MAX_DESCRIPTION_CHARS);

      *end = '\0';
    }

  return g_steal_pointer (&valid);
}

/* The single decision procedure for HTTP callbacks and intercepted
 * redirects. On a terminal outcome it stores self->code or self->error;
 * @detail receives text for the page (an error description). */
static Outcome
process_query (DeckLoopbackCatcher  *self,
               const char           *query,
               char                **detail)
{
  g_autoptr(GHashTable) params = parse_query (query);
  const char *state;
  const char *iss;
  const char *error_code;
  const char *code;
  g_autofree char *description = NULL;

  if (params == NULL)
    {
      g_debug ("Authorization callback with an unreadable query: rejected, still waiting");
      return OUTCOME_BAD_REQUEST;
    }

  /* O2: state first, in constant time, before anything else is read. */
  state = g_hash_table_lookup (params, "state");
  if (!deck_secure_equal (state, self->expected_state))
    {
      g_debug ("Authorization callback with %s state: rejected, still waiting",
               state == NULL ? "no" : "a wrong");
      return OUTCOME_BAD_REQUEST;
    }

  /* O8 / RFC 9207: the response must come from the server we asked. */
  iss = g_hash_table_lookup (params, "iss");
  if (self->expected_iss != NULL && g_strcmp0 (iss, self->expected_iss) != 0)
    {
      g_debug ("Authorization callback with %s iss: flow ended",
               iss == NULL ? "no" : "a wrong");
      self->error = g_error_new_literal (DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_ISSUER_MISMATCH,
                                         _("The sign-in answer came from a different server "
                                           "than the one Flowdeck asked. Flowdeck stopped to "
                                           "protect your account."));
      return OUTCOME_FAILED;
    }

  error_code = g_hash_table_lookup (params, "error");
  if (error_code != NULL)
    {
      description = clean_description (g_hash_table_lookup (params, "error_description"));
      if (description == NULL)
        description = clean_description (g_hash_table_lookup (params, "errorDescription"));

      if (g_strcmp0 (error_code, "access_denied") == 0)
        {
          g_debug ("Authorization callback: access denied");
          self->error = g_error_new_literal (DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_DENIED,
                                             description ? description
                                                         : _("Access was denied."));
          *detail = g_steal_pointer (&description);
          return OUTCOME_DENIED;
        }
      else
        {
          g_autofree char *clean_code = clean_description (error_code);

          g_debug ("Authorization callback: the provider reported an error");
          self->error = g_error_new (DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_PROVIDER_ERROR,
                                     /* Translators: %s is an OAuth error code such as
                                      * "invalid_scope", then the server's explanation. */
                                     _("The sign-in server reported an error (%s)%s%s"),
                                     clean_code,
                                     description ? ": " : ".",
                                     description ? description : "");
          *detail = g_strdup (self->error->message);
          return OUTCOME_FAILED;
        }
    }

  code = g_hash_table_lookup (params, "code");
  if (code == NULL || *code == '\0')
    {
      g_debug ("Authorization callback without code or error: flow ended");
      self->error = g_error_new_literal (DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_MALFORMED,
                                         _("The sign-in server’s answer holds neither an "
                                           "authorization code nor an error."));
      return OUTCOME_FAILED;
    }

  g_debug ("Authorization callback accepted");
  self->code = g_strdup (code);
  return OUTCOME_SUCCESS;
}

static void
clear_sources (DeckLoopbackCatcher *self)
{
  if (self->timeout_source != NULL)
    {
      g_source_destroy (self->timeout_source);
      g_clear_pointer (&self->timeout_source, g_source_unref);
    }
  if (self->cancel_source != NULL)
    {
      g_source_destroy (self->cancel_source);
      g_clear_pointer (&self->cancel_source, g_source_unref);
    }
}

static void
stop_listening (DeckLoopbackCatcher *self)
{
  if (self->server != NULL && self->listening)
    {
      soup_server_disconnect (self->server);
      g_debug ("Loopback catcher stopped listening");
    }

  self->listening = FALSE;
  g_clear_object (&self->final_message);
  g_clear_handle_id (&self->finish_idle, g_source_remove);
}

/* The socket is closed first, then the waiter learns the outcome: once
 * wait_finish() returns, a second connection is refused (O5). */
static void
finish (DeckLoopbackCatcher *self)
{
  g_autoptr(GTask) task = NULL;

  stop_listening (self);
  clear_sources (self);

  if (self->wait_task == NULL || !self->done)
    return;

  task = g_steal_pointer (&self->wait_task);
  if (self->code != NULL)
    g_task_return_pointer (task, g_steal_pointer (&self->code), (GDestroyNotify) deck_secure_free);
  else
    g_task_return_error (task, g_error_copy (self->error));
}

static gboolean
finish_idle_cb (gpointer user_data)
{
  DeckLoopbackCatcher *self = user_data;

  self->finish_idle = 0;
  finish (self);
  return G_SOURCE_REMOVE;
}

static void
end_with_error (DeckLoopbackCatcher *self,
                GError              *error)
{
  if (self->done)
    {
      g_error_free (error);
    }
  else
    {
      self->done = TRUE;
      self->error = error;
    }

  finish (self);
}

/*
 * Signal callbacks
 */

static void
request_done_cb (SoupServer          *server,
                 SoupServerMessage   *msg,
                 DeckLoopbackCatcher *self)
{
  /* The answer page of the callback that ended the wait is out (or the
   * browser hung up): now close. From an idle, not from inside libsoup's
   * own emission. */
  if (msg != self->final_message || self->finish_idle != 0)
    return;

  self->finish_idle = g_idle_add_full (G_PRIORITY_DEFAULT, finish_idle_cb,
                                       g_object_ref (self), g_object_unref);
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  DeckLoopbackCatcher *self = user_data;
  g_autofree char *detail = NULL;
  const char *closing = _("You can close this window and return to Flowdeck.");
  Outcome outcome;

  if (g_strcmp0 (path, self->path) != 0)
    {
      respond (msg, SOUP_STATUS_NOT_FOUND,
               html_page (_("Not found"), _("There is nothing here."), NULL));
      return;
    }

  if (self->done)
    {
      respond (msg, SOUP_STATUS_GONE,
               html_page (_("Sign-in already finished"), closing, NULL));
      return;
    }

  if (g_strcmp0 (soup_server_message_get_method (msg), SOUP_METHOD_GET) != 0)
    {
      respond (msg, SOUP_STATUS_METHOD_NOT_ALLOWED,
               html_page (_("Not allowed"), _("There is nothing here."), NULL));
      return;
    }

  outcome = process_query (self, g_uri_get_query (soup_server_message_get_uri (msg)), &detail);
  switch (outcome)
    {
    case OUTCOME_BAD_REQUEST:
      respond (msg, SOUP_STATUS_BAD_REQUEST,
               html_page (_("Invalid sign-in answer"),
                          _("This answer does not belong to the sign-in Flowdeck is waiting "
                            "for, so it was ignored. Flowdeck is still waiting."), NULL));
      return;

    case OUTCOME_SUCCESS:
      respond (msg, SOUP_STATUS_OK, html_page (_("Signed in"), closing, NULL));
      break;

    case OUTCOME_DENIED:
      respond (msg, SOUP_STATUS_OK, html_page (_("Access was denied"), closing, detail));
      break;

    case OUTCOME_FAILED:
      respond (msg, SOUP_STATUS_BAD_REQUEST,
               html_page (_("Sign-in failed"), closing, detail ? detail : self->error->message));
      break;

    default:
      g_assert_not_reached ();
    }

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Connection", "close");
  self->done = TRUE;
  g_set_object (&self->final_message, msg);
}

static gboolean
timeout_cb (gpointer user_data)
{
  DeckLoopbackCatcher *self = user_data;

  g_debug ("Loopback catcher timed out");
  g_clear_pointer (&self->timeout_source, g_source_unref);
  end_with_error (self, g_error_new_literal (DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_TIMEOUT,
                                             _("The sign-in was not completed in time.")));
  return G_SOURCE_REMOVE;
}

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  DeckLoopbackCatcher *self = user_data;

  g_debug ("Loopback catcher cancelled");
  g_clear_pointer (&self->cancel_source, g_source_unref);
  end_with_error (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                             _("The sign-in was cancelled.")));
  return G_SOURCE_REMOVE;
}

/*
 * Parent class overrides
 */

static void
deck_loopback_catcher_dispose (GObject *object)
{
  DeckLoopbackCatcher *self = (DeckLoopbackCatcher *) object;

  stop_listening (self);
  clear_sources (self);
  if (self->server != NULL)
    g_signal_handlers_disconnect_by_data (self->server, self);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (deck_loopback_catcher_parent_class)->dispose (object);
}

static void
deck_loopback_catcher_finalize (GObject *object)
{
  DeckLoopbackCatcher *self = (DeckLoopbackCatcher *) object;

  g_assert (self->wait_task == NULL);

  g_clear_pointer (&self->path, g_free);
  deck_secure_clear (&self->expected_state);
  g_clear_pointer (&self->expected_iss, g_free);
  g_clear_pointer (&self->redirect_uri, g_free);
  deck_secure_clear (&self->code);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (deck_loopback_catcher_parent_class)->finalize (object);
}

static void
deck_loopback_catcher_class_init (DeckLoopbackCatcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = deck_loopback_catcher_dispose;
  object_class->finalize = deck_loopback_catcher_finalize;
}

static void
deck_loopback_catcher_init (DeckLoopbackCatcher *self)
{
}

/*
 * Public API
 */

/**
 * deck_loopback_catcher_new:
 * @path: the one path served, such as `/callback`
 * @expected_state: the `state` sent in the authorization request
 * @expected_iss: (nullable): when set, every callback must carry an `iss`
 *   equal to it (RFC 9207); %NULL when the server does not send one
 *
 * Returns: (transfer full): a new catcher; call
 *   deck_loopback_catcher_start() before handing out the authorization URL
 */
DeckLoopbackCatcher *
deck_loopback_catcher_new (const char *path,
                           const char *expected_state,
                           const char *expected_iss)
{
  DeckLoopbackCatcher *self;

  g_return_val_if_fail (path != NULL && path[0] == '/', NULL);
  g_return_val_if_fail (expected_state != NULL && *expected_state != '\0', NULL);

  self = g_object_new (DECK_TYPE_LOOPBACK_CATCHER, NULL);
  self->path = g_strdup (path);
  self->expected_state = g_strdup (expected_state);
  self->expected_iss = g_strdup (expected_iss);
  return self;
}

/**
 * deck_loopback_catcher_start:
 * @self: a #DeckLoopbackCatcher
 * @error: a location for a #GError, or %NULL
 *
 * Starts listening on 127.0.0.1 on a port the kernel picks (RFC 8252
 * §7.3, O4). Checks that the listening socket really is on 127.0.0.1.
 *
 * Returns: %TRUE when listening
 */
gboolean
deck_loopback_catcher_start (DeckLoopbackCatcher  *self,
                             GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  GSList *listeners;

  g_return_val_if_fail (DECK_IS_LOOPBACK_CATCHER (self), FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);

  self->server = soup_server_new ("server-header", "Flowdeck ", NULL);
  soup_server_add_handler (self->server, NULL, server_callback, self, NULL);
  g_signal_connect (self->server, "request-finished", G_CALLBACK (request_done_cb), self);
  g_signal_connect (self->server, "request-aborted", G_CALLBACK (request_done_cb), self);

  /* soup_server_listen_local() with IPV4_ONLY binds 127.0.0.1 (the IP
   * literal, not a resolved "localhost"); port 0 is ephemeral. */
  if (!soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &local_error))
    {
      g_set_error (error, DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_NOT_SUPPORTED,
                   _("Could not listen for the sign-in answer on 127.0.0.1: %s"),
                   local_error->message);
      return FALSE;
    }
  self->listening = TRUE;

  listeners = soup_server_get_listeners (self->server);
  for (GSList *l = listeners; l != NULL; l = l->next)
    {
      g_autoptr(GSocketAddress) address = g_socket_get_local_address (l->data, NULL);
      g_autofree char *ip = NULL;

      if (G_IS_INET_SOCKET_ADDRESS (address))
        ip = g_inet_address_to_string (
            g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));

      if (g_strcmp0 (ip, "127.0.0.1") != 0 || self->port != 0)
        {
          stop_listening (self);
          g_set_error_literal (error, DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_NOT_SUPPORTED,
                               _("The sign-in listener is not on 127.0.0.1 only."));
          g_slist_free (listeners);
          return FALSE;
        }

      self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
    }
  g_slist_free (listeners);

  if (self->port == 0)
    {
      stop_listening (self);
      g_set_error_literal (error, DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_NOT_SUPPORTED,
                           _("The sign-in listener has no port."));
      return FALSE;
    }

  self->redirect_uri = g_strdup_printf ("http://127.0.0.1:%u%s", self->port, self->path);
  g_debug ("Loopback catcher listening on 127.0.0.1:%u", self->port);
  return TRUE;
}

/**
 * deck_loopback_catcher_get_redirect_uri:
 * @self: a #DeckLoopbackCatcher
 *
 * Returns: (nullable): `http://127.0.0.1:<port><path>` once started; the
 *   exact string to send as `redirect_uri` in both requests (O6)
 */
const char *
deck_loopback_catcher_get_redirect_uri (DeckLoopbackCatcher *self)
{
  g_return_val_if_fail (DECK_IS_LOOPBACK_CATCHER (self), NULL);
  return self->redirect_uri;
}

/**
 * deck_loopback_catcher_is_listening:
 * @self: a #DeckLoopbackCatcher
 *
 * Returns: whether the socket is still open
 */
gboolean
deck_loopback_catcher_is_listening (DeckLoopbackCatcher *self)
{
  g_return_val_if_fail (DECK_IS_LOOPBACK_CATCHER (self), FALSE);
  return self->listening;
}

/**
 * deck_loopback_catcher_wait_async:
 * @self: a started #DeckLoopbackCatcher
 * @timeout_seconds: give up after this long (0: never)
 * @cancellable: (nullable): a #GCancellable; cancelling closes the catcher
 * @callback: called once a callback ended the wait, on timeout or cancel
 * @user_data: data for @callback
 *
 * Waits for the one valid callback. A callback that arrived before this
 * call is not lost. Only one wait at a time.
 */
void
deck_loopback_catcher_wait_async (DeckLoopbackCatcher *self,
                                  guint                timeout_seconds,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DECK_IS_LOOPBACK_CATCHER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->wait_task == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_loopback_catcher_wait_async);

  if (self->server == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               "The loopback catcher was not started");
      return;
    }

  if (self->done && self->code == NULL && self->error == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED,
                               "The loopback catcher already delivered its result");
      return;
    }

  self->wait_task = g_steal_pointer (&task);

  if (self->done)
    {
      /* The outcome is known; if its page is still being written,
       * request_done_cb() finishes. */
      if (self->final_message == NULL)
        finish (self);
      return;
    }

  if (!self->listening)
    {
      end_with_error (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                 _("The sign-in was cancelled.")));
      return;
    }

  if (timeout_seconds > 0)
    {
      self->timeout_source = g_timeout_source_new_seconds (timeout_seconds);
      g_source_set_callback (self->timeout_source, timeout_cb, self, NULL);
      g_source_attach (self->timeout_source, g_main_context_get_thread_default ());
    }

  if (cancellable != NULL)
    {
      self->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->cancel_source, G_SOURCE_FUNC (cancelled_cb), self, NULL);
      g_source_attach (self->cancel_source, g_main_context_get_thread_default ());
    }
}

/**
 * deck_loopback_catcher_wait_finish:
 * @self: a #DeckLoopbackCatcher
 * @result: the result
 * @error: a location for a #GError, or %NULL
 *
 * Returns: (transfer full): the authorization code (free it with
 *   deck_secure_free()), or %NULL with @error set: %DECK_OAUTH_ERROR_DENIED,
 *   %DECK_OAUTH_ERROR_PROVIDER_ERROR, %DECK_OAUTH_ERROR_ISSUER_MISMATCH,
 *   %DECK_OAUTH_ERROR_MALFORMED, %DECK_OAUTH_ERROR_TIMEOUT or
 *   %G_IO_ERROR_CANCELLED
 */
char *
deck_loopback_catcher_wait_finish (DeckLoopbackCatcher  *self,
                                   GAsyncResult         *result,
                                   GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        deck_loopback_catcher_wait_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * deck_loopback_catcher_handle_uri:
 * @self: a started #DeckLoopbackCatcher
 * @uri: a URI the embedded web view is about to load
 *
 * Lets the web view hand over the redirect without loading it. The URI
 * matches when its parsed scheme, host, port and path equal the redirect
 * URI's (O10); its query then gets exactly the checks of an HTTP callback
 * (a wrong `state` is ignored and the wait goes on).
 *
 * Returns: %TRUE if @uri is the redirect URI (the web view must not load
 *   it), %FALSE if it is some other address
 */
gboolean
deck_loopback_catcher_handle_uri (DeckLoopbackCatcher *self,
                                  const char          *uri)
{
  g_autoptr(GUri) parsed = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (DECK_IS_LOOPBACK_CATCHER (self), FALSE);
  g_return_val_if_fail (uri != NULL, FALSE);

  if (self->port == 0)
    return FALSE;

  parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED_QUERY, NULL);
  if (parsed == NULL ||
      g_strcmp0 (g_uri_get_scheme (parsed), "http") != 0 ||
      g_strcmp0 (g_uri_get_host (parsed), "127.0.0.1") != 0 ||
      g_uri_get_port (parsed) != (int) self->port ||
      g_strcmp0 (g_uri_get_path (parsed), self->path) != 0)
    return FALSE;

  if (self->done)
    return TRUE;

  if (process_query (self, g_uri_get_query (parsed), &detail) == OUTCOME_BAD_REQUEST)
    return TRUE;

  self->done = TRUE;
  finish (self);
  return TRUE;
}

/**
 * deck_loopback_catcher_stop:
 * @self: a #DeckLoopbackCatcher
 *
 * Closes the socket now. A pending wait ends with %G_IO_ERROR_CANCELLED.
 */
void
deck_loopback_catcher_stop (DeckLoopbackCatcher *self)
{
  g_return_if_fail (DECK_IS_LOOPBACK_CATCHER (self));

  if (self->wait_task != NULL)
    end_with_error (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                               _("The sign-in was cancelled.")));
  else
    {
      stop_listening (self);
      clear_sources (self);
    }
}

/*< private >
 * _deck_loopback_catcher_get_server:
 * @self: a #DeckLoopbackCatcher
 *
 * For tests that inspect the listening sockets (O4).
 *
 * Returns: (transfer none) (nullable): the server, once started
 */
SoupServer *
_deck_loopback_catcher_get_server (DeckLoopbackCatcher *self)
{
  g_return_val_if_fail (DECK_IS_LOOPBACK_CATCHER (self), NULL);
  return self->server;
}
