/* deck-test-util.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-test"

#include "config.h"

#include <stdlib.h>

#include <string.h>

#include <glib/gstdio.h>

#include <libsoup/soup.h>

#include "deck-ff-env-var.h"
#include "deck-flowfuse-client.h"
#include "deck-node-red-client.h"
#include "deck-test-util.h"

/**
 * deck_test_artifact_path:
 * @name: a file name
 *
 * Returns: (transfer full): where a test keeps an artifact (a screenshot,
 *   a log) for people to look at after the run; the folder is created
 */
char *
deck_test_artifact_path (const char *name)
{
  const char *dir = g_getenv ("DECK_ARTIFACTS_DIR");
  g_autofree char *fallback = NULL;

  if (dir == NULL)
    dir = fallback = g_build_filename (g_get_tmp_dir (), "flowdeck-artifacts", NULL);

  g_mkdir_with_parents (dir, 0700);
  return g_build_filename (dir, name, NULL);
}

/**
 * deck_test_store_result_cb:
 *
 * A #GAsyncReadyCallback whose user_data is a `GAsyncResult **`: it keeps a
 * reference to the result so that deck_test_wait_result() can return it.
 */
void
deck_test_store_result_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
  g_main_context_wakeup (NULL);
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/**
 * deck_test_wait_result:
 * @slot: the slot given to deck_test_store_result_cb()
 * @timeout_seconds: how long to wait before failing the test
 *
 * Iterates the default main context until the async call finished.
 *
 * Returns: (transfer full): the result; the slot is cleared
 */
GAsyncResult *
deck_test_wait_result (GAsyncResult **slot,
                       guint          timeout_seconds)
{
  gboolean timed_out = FALSE;
  guint id;

  id = g_timeout_add_seconds (timeout_seconds, timeout_cb, &timed_out);
  while (*slot == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("Timed out after %u s waiting for an async result", timeout_seconds);

  g_source_remove (id);
  return g_steal_pointer (slot);
}

/**
 * deck_test_isolate_data_dir:
 *
 * Gives this test program a data folder of its own (accounts.json,
 * connections.json; its cache folder is inside), so that programs sharing the harness's HOME do not
 * see each other's accounts. Call it first in main(), before GLib reads
 * XDG_DATA_HOME. The folder is left for the harness to remove.
 */
void
deck_test_isolate_data_dir (void)
{
  const char *base = g_getenv ("DECK_HARNESS_TMP");
  g_autofree char *dir = NULL;

  if (base != NULL)
    {
      g_autofree char *template = g_build_filename (base, "data-XXXXXX", NULL);

      dir = g_mkdtemp (g_steal_pointer (&template));
    }
  else
    {
      dir = g_dir_make_tmp ("flowdeck-data-XXXXXX", NULL);
    }

  g_assert_nonnull (dir);
  g_setenv ("XDG_DATA_HOME", dir, TRUE);
  /* Start-up snapshots too: a program's sweep must not delete another's. */
  {
    g_autofree char *cache = g_build_filename (dir, "cache", NULL);

    g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  }
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/**
 * deck_test_sort_doubles:
 * @values: measurements
 * @n: how many
 *
 * Sorts @values in place, smallest first (benchmarks' medians and
 * percentiles).
 */
void
deck_test_sort_doubles (double *values,
                        gsize   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
}

/*
 * deck_test_totp:
 * @base32_secret: an RFC 4648 base32 secret, as in an otpauth:// URL
 * @unix_seconds: the time to compute the code for
 *
 * The RFC 6238 code (HMAC-SHA-1, 30-second steps, six digits) that an
 * authenticator app would show, so a test can pass a real MFA step.
 *
 * Returns: (transfer full): six digits
 */
char *
deck_test_totp (const char *base32_secret,
                gint64      unix_seconds)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  g_autoptr(GByteArray) key = g_byte_array_new ();
  g_autoptr(GHmac) hmac = NULL;
  guint64 counter = (guint64) (unix_seconds / 30);
  guint8 message[8];
  guint8 digest[20];
  gsize digest_len = sizeof digest;
  guint32 value = 0;
  guint bits = 0;
  guint offset;

  for (const char *p = base32_secret; *p != '\0' && *p != '='; p++)
    {
      const char *at = strchr (alphabet, g_ascii_toupper (*p));

      g_assert_nonnull (at);
      value = (value << 5) | (guint32) (at - alphabet);
      bits += 5;
      if (bits >= 8)
        {
          guint8 byte = (value >> (bits - 8)) & 0xff;

          g_byte_array_append (key, &byte, 1);
          bits -= 8;
        }
    }

  for (int i = 7; i >= 0; i--, counter >>= 8)
    message[i] = counter & 0xff;

  hmac = g_hmac_new (G_CHECKSUM_SHA1, key->data, key->len);
  g_hmac_update (hmac, message, sizeof message);
  g_hmac_get_digest (hmac, digest, &digest_len);
  g_assert_cmpuint (digest_len, ==, 20);

  offset = digest[19] & 0xf;
  value = ((guint32) (digest[offset] & 0x7f) << 24) | ((guint32) digest[offset + 1] << 16) |
          ((guint32) digest[offset + 2] << 8) | digest[offset + 3];

  return g_strdup_printf ("%06u", value % 1000000);
}

/* The value of the first `name="…"`-style attribute after @from, or NULL. */
static char *
html_attribute (const char *html,
                const char *prefix)
{
  const char *start = strstr (html, prefix);
  const char *end;

  if (start == NULL)
    return NULL;
  start += strlen (prefix);
  end = strchr (start, '"');
  return end != NULL ? g_strndup (start, end - start) : NULL;
}

/**
 * deck_test_node_red_strategy_sign_in:
 * @editor_url: a Node-RED whose adminAuth is the oidc peer's strategy
 * @login: the account to type on the oidc peer's login page
 * @error: a location for a #GError, or %NULL
 *
 * Plays a person through a strategy sign-in over plain HTTP, with no
 * browser: follows each redirect by hand with a cookie jar, and posts
 * the oidc peer's login and consent forms (its dev interactions, which
 * accept any password). Stops at the redirect that ends the sign-in.
 *
 * Returns: (transfer full): that redirect's URI (it holds the token)
 */
char *
deck_test_node_red_strategy_sign_in (const char  *editor_url,
                                     const char  *login,
                                     GError     **error)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (editor_url, "/auth/strategy", NULL);
  g_autofree char *form = NULL;

  soup_session_add_feature_by_type (session, SOUP_TYPE_COOKIE_JAR);

  for (guint step = 0; step < 20; step++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new (form ? "POST" : "GET", url);
      g_autoptr(GBytes) body = NULL;
      g_autofree char *html = NULL;
      g_autofree char *prompt = NULL;
      g_autofree char *action = NULL;
      guint status;

      if (msg == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "bad URL %s", url);
          return NULL;
        }
      soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
      if (form != NULL)
        {
          g_autoptr(GBytes) request = g_bytes_new (form, strlen (form));

          soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded",
                                                    request);
          g_clear_pointer (&form, g_free);
        }

      body = soup_session_send_and_read (session, msg, NULL, error);
      if (body == NULL)
        return NULL;
      status = soup_message_get_status (msg);

      if (SOUP_STATUS_IS_REDIRECTION (status))
        {
          const char *location = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                               "Location");
          g_autofree char *next = NULL;

          if (location == NULL)
            break;
          next = g_uri_resolve_relative (url, location, G_URI_FLAGS_ENCODED, error);
          if (next == NULL)
            return NULL;
          if (deck_node_red_parse_strategy_redirect (editor_url, next, NULL, NULL, NULL))
            return g_steal_pointer (&next);
          g_free (url);
          url = g_steal_pointer (&next);
          continue;
        }

      if (status != SOUP_STATUS_OK)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "HTTP %u at step %u", status, step);
          return NULL;
        }

      html = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      prompt = html_attribute (html, "name=\"prompt\" value=\"");
      action = html_attribute (html, "action=\"");
      if (prompt == NULL || action == NULL)
        break;

      if (g_strcmp0 (prompt, "login") == 0)
        {
          g_autofree char *escaped = g_uri_escape_string (login, NULL, FALSE);

          form = g_strdup_printf ("prompt=login&login=%s&password=any-password", escaped);
        }
      else
        form = g_strdup_printf ("prompt=%s", prompt);
      g_free (url);
      url = g_steal_pointer (&action);
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               "the strategy sign-in did not come back to Node-RED (last at %s)", url);
  return NULL;
}

/**
 * deck_test_instance_env:
 * @client: a signed-in client
 * @instance_id: an instance
 *
 * Returns: (transfer full): the instance's environment variables, as
 *   the server has them (asserts success)
 */
GListModel *
deck_test_instance_env (DeckFlowfuseClient *client,
                        const char         *instance_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  GListModel *env;

  deck_flowfuse_client_get_instance_env_async (client, instance_id, NULL,
                                               deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 30);
  env = deck_flowfuse_client_get_instance_env_finish (client, result, &error);
  g_assert_no_error (error);
  return env;
}

/**
 * deck_test_find_env_var:
 * @env: a list of #DeckFfEnvVar
 * @name: a variable name
 *
 * Returns: (transfer full) (nullable): the variable called @name
 */
DeckFfEnvVar *
deck_test_find_env_var (GListModel *env,
                        const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (env); i++)
    {
      g_autoptr(DeckFfEnvVar) var = g_list_model_get_item (env, i);

      if (g_strcmp0 (deck_ff_env_var_get_name (var), name) == 0)
        return g_steal_pointer (&var);
    }
  return NULL;
}
