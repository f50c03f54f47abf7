/* deck-token-test.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-token-test"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "deck-http.h"
#include "deck-secure.h"
#include "deck-token-test.h"

/* "Test this token": one GET of a path of the instance with
 * `Authorization: Bearer <token>`, reporting the status. The request
 * only ever goes to the instance's own scheme, host and port (a path
 * like "//elsewhere/" cannot redirect the token), over https unless the
 * instance is on loopback, and redirects are not followed (a 3xx is the
 * answer: the token got past the check). The header string is wiped
 * after use; libsoup's own copy of the request headers is freed, not
 * wiped. Nothing here logs the token or the answer's body. */

#define TEST_TIMEOUT_SECONDS 20

/**
 * deck_token_test_build_url:
 * @instance_url: the instance's URL (`https://name.example.com`)
 * @path: (nullable): what the user typed, "/" when empty; a leading "/"
 *   is added when missing
 * @error: a location for a #GError, or %NULL
 *
 * Returns: (transfer full) (nullable): the URL to request, on the
 *   instance's own host, or %NULL with a %DECK_NET_ERROR
 */
char *
deck_token_test_build_url (const char  *instance_url,
                           const char  *path,
                           GError     **error)
{
  g_autoptr(GUri) base = NULL;
  g_autoptr(GUri) target = NULL;
  g_autofree char *trimmed_path = NULL;
  g_autofree char *base_string = NULL;
  g_autofree char *url = NULL;
  gsize len;
  int port;

  g_return_val_if_fail (instance_url != NULL, NULL);

  if (!deck_http_check_url (instance_url, FALSE, &base, error))
    return NULL;

  trimmed_path = g_strstrip (g_strdup (path != NULL ? path : ""));
  for (const char *p = trimmed_path; *p != '\0'; p++)
    if (g_ascii_iscntrl (*p) || *p == ' ' || *p == '#')
      {
        g_set_error_literal (error, DECK_NET_ERROR, DECK_NET_ERROR_INVALID_URL,
                             _("The path cannot contain spaces, control characters or “#”."));
        return NULL;
      }

  /* The instance URL without query, default port or trailing slash,
   * then the path. */
  port = g_uri_get_port (base);
  if ((port == 443 && g_strcmp0 (g_uri_get_scheme (base), "https") == 0) ||
      (port == 80 && g_strcmp0 (g_uri_get_scheme (base), "http") == 0))
    port = -1;
  base_string = g_uri_join (G_URI_FLAGS_NONE, g_uri_get_scheme (base), NULL,
                            g_uri_get_host (base), port, g_uri_get_path (base), NULL, NULL);
  len = strlen (base_string);
  while (len > 0 && base_string[len - 1] == '/')
    base_string[--len] = '\0';

  url = g_strconcat (base_string, trimmed_path[0] == '/' ? "" : "/", trimmed_path, NULL);
  target = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  if (target == NULL ||
      g_strcmp0 (g_uri_get_scheme (target), g_uri_get_scheme (base)) != 0 ||
      g_ascii_strcasecmp (g_uri_get_host (target), g_uri_get_host (base)) != 0 ||
      g_uri_get_port (target) != g_uri_get_port (base) ||
      g_uri_get_userinfo (target) != NULL)
    {
      g_set_error_literal (error, DECK_NET_ERROR, DECK_NET_ERROR_INVALID_URL,
                           _("This path does not stay on the instance."));
      return NULL;
    }

  return g_steal_pointer (&url);
}

/**
 * deck_token_test_verdict:
 * @status: an HTTP status
 *
 * Returns: what @status says about the token
 */
DeckTokenTestVerdict
deck_token_test_verdict (guint status)
{
  if (status >= 200 && status < 400)
    return DECK_TOKEN_TEST_ACCEPTED;
  if (status == SOUP_STATUS_UNAUTHORIZED)
    return DECK_TOKEN_TEST_NOT_ACCEPTED;

  return DECK_TOKEN_TEST_OTHER;
}

/**
 * deck_token_test_describe_status:
 * @status: an HTTP status
 *
 * Returns: (transfer full): "404 Not Found", or the number alone for a
 *   status without a name
 */
char *
deck_token_test_describe_status (guint status)
{
  const char *phrase = soup_status_get_phrase (status);

  if (phrase == NULL || *phrase == '\0')
    return g_strdup_printf ("%u", status);

  return g_strdup_printf ("%u %s", status, phrase);
}

typedef struct
{
  SoupSession *session;
  SoupMessage *message;
} TestState;

static void
test_state_free (TestState *state)
{
  g_clear_object (&state->message);
  g_clear_object (&state->session);
  g_free (state);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(DeckHttpResponse) response = NULL;
  GError *error = NULL;

  response = deck_http_send_finish (result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_int (task, response->status);
}

/**
 * deck_token_test_async:
 * @instance_url: the instance's URL
 * @path: (nullable): the path to request, "/" by default
 * @token: the token's value (not kept after the request is built)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Sends `GET <instance_url><path>` with the token as bearer.
 */
void
deck_token_test_async (const char          *instance_url,
                       const char          *path,
                       const char          *token,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *url = NULL;
  char *bearer = NULL;
  GError *error = NULL;
  TestState *state;

  g_return_if_fail (instance_url != NULL);
  g_return_if_fail (token != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_token_test_async);

  url = deck_token_test_build_url (instance_url, path, &error);
  if (url == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  state = g_new0 (TestState, 1);
  state->session = deck_http_session_new (TEST_TIMEOUT_SECONDS);
  state->message = soup_message_new ("GET", url);
  g_task_set_task_data (task, state, (GDestroyNotify) test_state_free);
  if (state->message == NULL)
    {
      g_task_return_new_error (task, DECK_NET_ERROR, DECK_NET_ERROR_INVALID_URL, "%s",
                               _("This path does not stay on the instance."));
      return;
    }

  soup_message_add_flags (state->message, SOUP_MESSAGE_NO_REDIRECT);
  bearer = g_strconcat ("Bearer ", token, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (state->message),
                                "Authorization", bearer);
  deck_secure_clear (&bearer);

  deck_http_send_async (state->session, state->message, DECK_HTTP_FLAGS_NONE, 0, cancellable,
                        sent_cb, g_object_ref (task));
}

/**
 * deck_token_test_finish:
 * @result: the result
 * @error: a location for a #GError, or %NULL
 *
 * Returns: the HTTP status, or 0 with @error (a %DECK_NET_ERROR or
 *   %G_IO_ERROR_CANCELLED)
 */
guint
deck_token_test_finish (GAsyncResult  *result,
                        GError       **error)
{
  gssize status;

  g_return_val_if_fail (g_task_is_valid (result, NULL), 0);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == deck_token_test_async, 0);

  status = g_task_propagate_int (G_TASK (result), error);
  return status > 0 ? (guint) status : 0;
}
