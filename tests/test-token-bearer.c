/* test-token-bearer.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Test this token" (deck-token-test.c) against an in-process SoupServer
 * that plays a FlowFuse instance with user authentication: it checks the
 * bearer on every request (200 for the good token, 401 otherwise, a
 * redirect on /redirect that must not be followed). The test peers run
 * the FlowFuse stub driver, whose instances are not real Node-REDs that
 * could answer, so the real check is stood in for here. Transport
 * failures come from tests/deck-fault-server.h; paths that try to leave
 * the instance are refused before anything is sent.
 */

#include "config.h"

#include "deck-fault-server.h"
#include "deck-http.h"
#include "deck-test-util.h"
#include "deck-token-test.h"

#define GOOD "ffhttp_good-token-0123456789abcdef"

typedef struct
{
  SoupServer *server;
  char       *url;
  guint       hits;
  guint       redirect_followed;
} Instance;

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Instance *instance = user_data;
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Authorization");

  instance->hits++;
  if (g_strcmp0 (path, "/elsewhere") == 0)
    instance->redirect_followed++;

  if (g_strcmp0 (auth, "Bearer " GOOD) != 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
      return;
    }

  if (g_strcmp0 (path, "/redirect") == 0)
    {
      soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, "/elsewhere");
      return;
    }
  if (g_strcmp0 (path, "/missing") == 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, "<p>ok</p>", 9);
}

static void
instance_start (Instance *instance)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  instance->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (instance->server, NULL, handler, instance, NULL);
  soup_server_listen_local (instance->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (instance->server);
  instance->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
instance_stop (Instance *instance)
{
  soup_server_disconnect (instance->server);
  g_clear_object (&instance->server);
  g_clear_pointer (&instance->url, g_free);
}

static guint
run_test (const char  *url,
          const char  *path,
          const char  *token,
          GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  deck_token_test_async (url, path, token, NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 30);
  return deck_token_test_finish (result, error);
}

static void
test_accepted_and_not (void)
{
  Instance instance = { 0 };
  g_autoptr(GError) error = NULL;
  guint status;

  instance_start (&instance);

  /* The good token on "/" (default and typed), and a path without "/". */
  status = run_test (instance.url, NULL, GOOD, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (deck_token_test_verdict (status), ==, DECK_TOKEN_TEST_ACCEPTED);
  status = run_test (instance.url, "  /  ", GOOD, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  status = run_test (instance.url, "api/flows", GOOD, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);

  /* A wrong token: 401, "not accepted". */
  status = run_test (instance.url, "/", "ffhttp_revoked", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 401);
  g_assert_cmpint (deck_token_test_verdict (status), ==, DECK_TOKEN_TEST_NOT_ACCEPTED);

  /* A redirect is the answer, not followed: accepted. */
  status = run_test (instance.url, "/redirect", GOOD, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 302);
  g_assert_cmpint (deck_token_test_verdict (status), ==, DECK_TOKEN_TEST_ACCEPTED);
  g_assert_cmpuint (instance.redirect_followed, ==, 0);

  /* Anything else is reported as the status. */
  status = run_test (instance.url, "/missing", GOOD, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 404);
  g_assert_cmpint (deck_token_test_verdict (status), ==, DECK_TOKEN_TEST_OTHER);
  g_assert_cmpint (deck_token_test_verdict (500), ==, DECK_TOKEN_TEST_OTHER);
  g_assert_cmpint (deck_token_test_verdict (403), ==, DECK_TOKEN_TEST_OTHER);
  {
    g_autofree char *described = deck_token_test_describe_status (404);

    g_assert_cmpstr (described, ==, "404 Not Found");
  }

  g_assert_cmpuint (instance.hits, ==, 6);
  instance_stop (&instance);
}

static void
test_transport_errors (void)
{
  g_autoptr(DeckFaultServer) faults = deck_fault_server_new ();
  g_autoptr(GError) error = NULL;
  Instance instance = { 0 };
  g_autofree char *closed_url = NULL;
  guint status;

  /* The connection closes without an answer. */
  deck_fault_server_set (faults, "/", DECK_FAULT_RESET, 0, NULL, NULL);
  status = run_test (deck_fault_server_get_url (faults), "/", GOOD, &error);
  g_assert_cmpuint (status, ==, 0);
  g_assert_nonnull (error);
  g_assert_true (error->domain == DECK_NET_ERROR);
  g_clear_error (&error);

  /* Nothing listens any more. */
  instance_start (&instance);
  closed_url = g_strdup (instance.url);
  instance_stop (&instance);
  status = run_test (closed_url, "/", GOOD, &error);
  g_assert_cmpuint (status, ==, 0);
  g_assert_error (error, DECK_NET_ERROR, DECK_NET_ERROR_CONNECTION_REFUSED);
}

static void
test_stays_on_instance (void)
{
  static const struct { const char *base; const char *path; const char *expected; } ok[] = {
    { "https://inst.example.com", "/", "https://inst.example.com/" },
    { "https://inst.example.com/", "", "https://inst.example.com/" },
    { "https://inst.example.com", "api", "https://inst.example.com/api" },
    { "https://inst.example.com", "//evil.example.org/x", "https://inst.example.com//evil.example.org/x" },
    { "https://inst.example.com", "@evil.example.org", "https://inst.example.com/@evil.example.org" },
    { "https://inst.example.com:8443", "/ui?x=1", "https://inst.example.com:8443/ui?x=1" },
    { "http://127.0.0.1:1880", "/", "http://127.0.0.1:1880/" },
  };
  static const struct { const char *base; const char *path; int code; } bad[] = {
    { "http://inst.example.com", "/", DECK_NET_ERROR_INSECURE_URL },
    { "https://inst.example.com", "/a b", DECK_NET_ERROR_INVALID_URL },
    { "https://inst.example.com", "/a\nHost: x", DECK_NET_ERROR_INVALID_URL },
    { "https://inst.example.com", "/#frag", DECK_NET_ERROR_INVALID_URL },
    { "ftp://inst.example.com", "/", DECK_NET_ERROR_INVALID_URL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = deck_token_test_build_url (ok[i].base, ok[i].path, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (url, ==, ok[i].expected);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = deck_token_test_build_url (bad[i].base, bad[i].path, &error);

      g_assert_null (url);
      g_assert_error (error, DECK_NET_ERROR, bad[i].code);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/token-bearer/accepted-and-not", test_accepted_and_not);
  g_test_add_func ("/token-bearer/transport-errors", test_transport_errors);
  g_test_add_func ("/token-bearer/stays-on-instance", test_stays_on_instance);

  return g_test_run ();
}
