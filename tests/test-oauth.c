/* test-oauth.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The OAuth core without the real peers: PKCE (RFC 7636 Appendix B), the
 * authorization URL, the loopback catcher (O1–O8 in SECURITY.md), token
 * requests against an in-process SoupServer standing in for a token
 * endpoint, the grep for weak randomness (O3), and S2: no secret in any
 * log line, with G_MESSAGES_DEBUG=all. A separate SoupSession plays the
 * browser.
 */

#include "config.h"

#include <ifaddrs.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "deck-loopback-catcher.h"
#include "deck-oauth-flow.h"
#include "deck-oauth-profile.h"
#include "deck-pkce.h"
#include "deck-secure.h"
#include "deck-test-util.h"

#define TEST_STATE "test-state-0123456789-abcdefghij"

/*****************************************************************************
 * Log capture (S2)
 *****************************************************************************/

static GPtrArray *captured_logs;   /* every message, as text */
static GPtrArray *secrets_seen;    /* every secret value the tests handled */

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  g_autoptr(GString) line = g_string_new (NULL);

  for (gsize i = 0; i < n_fields; i++)
    {
      if (fields[i].length < 0)
        g_string_append_printf (line, "%s=%s ", fields[i].key, (const char *) fields[i].value);
      else
        {
          g_string_append_printf (line, "%s=", fields[i].key);
          g_string_append_len (line, fields[i].value, fields[i].length);
          g_string_append_c (line, ' ');
        }
    }
  g_ptr_array_add (captured_logs, g_string_free (g_steal_pointer (&line), FALSE));

  /* Keep warnings and worse visible (and fatal where GLib makes them so). */
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (log_level, fields, n_fields, user_data);

  return G_LOG_WRITER_HANDLED;
}

static void
remember_secret (const char *value)
{
  if (value != NULL && strlen (value) >= 8)
    g_ptr_array_add (secrets_seen, g_strdup (value));
}

/*****************************************************************************
 * The browser
 *****************************************************************************/

typedef struct
{
  guint  status;
  char  *body;
} Page;

static void
page_free (Page *page)
{
  g_free (page->body);
  g_free (page);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Page, page_free)

/* GET @url from a fresh SoupSession, iterating the main context (the
 * catcher runs in this thread). Returns NULL with @error on a transport
 * failure. */
static Page *
browser_get (const char  *url,
             GError     **error)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  GAsyncResult *slot = NULL;
  Page *page;

  g_assert_nonnull (msg);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL,
                                    deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 10);
  body = soup_session_send_and_read_finish (session, result, error);
  if (body == NULL)
    return NULL;

  page = g_new0 (Page, 1);
  page->status = soup_message_get_status (msg);
  page->body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  return page;
}

static guint
port_of (const char *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);

  g_assert_nonnull (parsed);
  return (guint) g_uri_get_port (parsed);
}

/* TRUE if a TCP connection to @ip:@port is refused (nothing listens). */
static gboolean
connection_refused (const char *ip,
                    guint       port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (ip);
  g_autoptr(GSocketAddress) target = g_inet_socket_address_new (address, (guint16) port);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  g_socket_client_set_timeout (client, 5);
  connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (target), NULL, &error);
  if (connection != NULL)
    return FALSE;

  g_test_message ("connect %s:%u: %s", ip, port, error->message);
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
}

static char *
callback_url (DeckLoopbackCatcher *catcher,
              const char          *query)
{
  return g_strconcat (deck_loopback_catcher_get_redirect_uri (catcher), "?", query, NULL);
}

static char *
wait_code (DeckLoopbackCatcher  *catcher,
           GAsyncResult        **slot,
           GError              **error)
{
  g_autoptr(GAsyncResult) result = deck_test_wait_result (slot, 10);

  return deck_loopback_catcher_wait_finish (catcher, result, error);
}

/* Iterates the main context until nothing is pending (the catcher closes
 * its socket from an idle). */
static void
drain_main_context (void)
{
  for (guint i = 0; i < 100 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
}

/*****************************************************************************
 * PKCE and helpers
 *****************************************************************************/

static void
test_pkce_rfc7636_vector (void)
{
  g_autofree char *challenge = NULL;

  /* RFC 7636 Appendix B: "code_challenge = E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM".
   * (The value in the issue, "…CHaoeKuZ4aSh2eT3-mrbH1c", is not the RFC's; Python's
   * hashlib + base64.urlsafe_b64encode agree with the RFC.) */
  challenge = deck_pkce_challenge_for ("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
  g_assert_cmpstr (challenge, ==, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

static void
test_pkce_verifiers_differ (void)
{
  g_autoptr(GError) error = NULL;
  DeckSecureString a = NULL;
  DeckSecureString b = NULL;
  DeckSecureString s1 = NULL;
  DeckSecureString s2 = NULL;

  a = deck_pkce_new_verifier (&error);
  g_assert_no_error (error);
  b = deck_pkce_new_verifier (&error);
  g_assert_no_error (error);
  s1 = deck_pkce_new_state (&error);
  g_assert_no_error (error);
  s2 = deck_pkce_new_state (&error);
  g_assert_no_error (error);

  g_assert_cmpuint (strlen (a), ==, 43);
  g_assert_cmpuint (strlen (b), ==, 43);
  g_assert_cmpstr (a, !=, b);
  for (const char *p = a; *p; p++)
    g_assert_true (g_ascii_isalnum (*p) || *p == '-' || *p == '_');

  /* >= 16 bytes of state: >= 22 base64url characters. */
  g_assert_cmpuint (strlen (s1), >=, 22);
  g_assert_cmpstr (s1, !=, s2);

  deck_secure_clear (&a);
  deck_secure_clear (&b);
  deck_secure_clear (&s1);
  deck_secure_clear (&s2);
}

static void
test_secure_equal (void)
{
  g_assert_true (deck_secure_equal ("abc", "abc"));
  g_assert_true (deck_secure_equal ("", ""));
  g_assert_false (deck_secure_equal ("abc", "abd"));
  g_assert_false (deck_secure_equal ("ab", "abc"));
  g_assert_false (deck_secure_equal ("abcd", "abc"));
  g_assert_false (deck_secure_equal ("", "abc"));
  g_assert_false (deck_secure_equal (NULL, "abc"));
  g_assert_false (deck_secure_equal ("abc", NULL));
  g_assert_false (deck_secure_equal (NULL, NULL));
}

/*****************************************************************************
 * The authorization URL
 *****************************************************************************/

static GHashTable *
query_of (const char *url,
          GUri      **out_uri)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_QUERY, NULL);
  GHashTable *params;

  g_assert_nonnull (uri);
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_WWW_FORM, NULL);
  g_assert_nonnull (params);
  if (out_uri != NULL)
    *out_uri = g_steal_pointer (&uri);
  return params;
}

static void
test_flow_authorization_url (void)
{
  g_autoptr(DeckOAuthProfile) profile = NULL;
  g_autoptr(DeckOAuthFlow) flow = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *challenge = NULL;
  const char * const scopes[] = { "openid", "profile", "offline_access", NULL };

  profile = deck_oauth_profile_new ("my-client", "https://id.example.test/oauth/auth?tenant=x",
                                    "https://id.example.test/oauth/token");
  deck_oauth_profile_set_scopes (profile, scopes);
  deck_oauth_profile_set_extra_param (profile, "prompt", "consent");
  deck_oauth_profile_set_extra_param (profile, "resource", "urn:a b&c");

  /* No profile can take PKCE or the state out of the request (O1). */
  g_test_expect_message ("deck-oauth", G_LOG_LEVEL_CRITICAL, "*reserved_params*");
  deck_oauth_profile_set_extra_param (profile, "code_challenge_method", "plain");
  g_test_assert_expected_messages ();
  g_test_expect_message ("deck-oauth", G_LOG_LEVEL_CRITICAL, "*reserved_params*");
  deck_oauth_profile_set_extra_param (profile, "state", "fixed");
  g_test_assert_expected_messages ();

  flow = deck_oauth_flow_new (profile);
  url = deck_oauth_flow_begin (flow, &error);
  g_assert_no_error (error);
  g_assert_nonnull (url);

  params = query_of (url, &uri);
  g_assert_cmpstr (g_uri_get_scheme (uri), ==, "https");
  g_assert_cmpstr (g_uri_get_host (uri), ==, "id.example.test");
  g_assert_cmpstr (g_uri_get_path (uri), ==, "/oauth/auth");
  g_assert_cmpstr (g_hash_table_lookup (params, "tenant"), ==, "x");
  g_assert_cmpstr (g_hash_table_lookup (params, "response_type"), ==, "code");
  g_assert_cmpstr (g_hash_table_lookup (params, "client_id"), ==, "my-client");
  g_assert_cmpstr (g_hash_table_lookup (params, "redirect_uri"), ==,
                   deck_oauth_flow_get_redirect_uri (flow));
  g_assert_true (g_str_has_prefix (g_hash_table_lookup (params, "redirect_uri"),
                                   "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (g_hash_table_lookup (params, "redirect_uri"), "/callback"));
  g_assert_cmpstr (g_hash_table_lookup (params, "scope"), ==, "openid profile offline_access");
  g_assert_cmpuint (strlen (g_hash_table_lookup (params, "state")), >=, 22);
  g_assert_cmpstr (g_hash_table_lookup (params, "code_challenge_method"), ==, "S256");
  g_assert_cmpstr (g_hash_table_lookup (params, "prompt"), ==, "consent");
  g_assert_cmpstr (g_hash_table_lookup (params, "resource"), ==, "urn:a b&c");

  challenge = deck_pkce_challenge_for (_deck_oauth_flow_peek_verifier (flow));
  g_assert_cmpstr (g_hash_table_lookup (params, "code_challenge"), ==, challenge);
  g_assert_cmpuint (strlen (challenge), ==, 43);

  remember_secret (g_hash_table_lookup (params, "state"));
  remember_secret (_deck_oauth_flow_peek_verifier (flow));
}

static void
test_flow_flowfuse_url (void)
{
  g_autoptr(DeckOAuthProfile) profile = deck_oauth_profile_new_flowfuse ("https://ff.example.test/");
  g_autoptr(DeckOAuthFlow) flow = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GHashTable) redirect_params = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GUri) redirect = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  g_assert_cmpstr (deck_oauth_profile_get_token_endpoint (profile), ==,
                   "https://ff.example.test/account/token");
  g_assert_null (deck_oauth_profile_get_revocation_endpoint (profile));
  g_assert_cmpint (deck_oauth_profile_get_token_encoding (profile), ==,
                   DECK_OAUTH_TOKEN_ENCODING_JSON);

  flow = deck_oauth_flow_new (profile);
  url = deck_oauth_flow_begin (flow, &error);
  g_assert_no_error (error);

  params = query_of (url, &uri);
  g_assert_cmpstr (g_uri_get_path (uri), ==, "/account/authorize");
  g_assert_cmpstr (g_hash_table_lookup (params, "client_id"), ==, "ff-plugin");
  g_assert_cmpstr (g_hash_table_lookup (params, "scope"), ==, "ff-plugin");
  g_assert_cmpstr (g_hash_table_lookup (params, "code_challenge_method"), ==, "S256");
  g_assert_nonnull (g_hash_table_lookup (params, "code_challenge"));
  g_assert_nonnull (g_hash_table_lookup (params, "state"));

  redirect = g_uri_parse (g_hash_table_lookup (params, "redirect_uri"), G_URI_FLAGS_NONE, NULL);
  g_assert_nonnull (redirect);
  g_assert_cmpstr (g_uri_get_host (redirect), ==, "127.0.0.1");
  g_assert_cmpstr (g_uri_get_path (redirect), ==, "/flowfuse-nr-tools/auth/callback");
  g_assert_cmpint (g_uri_get_port (redirect), >, 0);
}

static void
test_profile_rejects_insecure (void)
{
  g_autoptr(DeckOAuthProfile) profile = NULL;
  g_autoptr(DeckOAuthFlow) flow = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  profile = deck_oauth_profile_new ("c", "http://id.example.test/auth", "https://id.example.test/t");
  flow = deck_oauth_flow_new (profile);
  url = deck_oauth_flow_begin (flow, &error);
  g_assert_error (error, DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_INSECURE_ENDPOINT);
  g_assert_null (url);
  g_assert_null (deck_oauth_flow_get_redirect_uri (flow));

  g_assert_true (deck_oauth_check_endpoint ("http://127.0.0.1:9/x", "x", NULL));
  g_assert_true (deck_oauth_check_endpoint ("https://a.test/x", "x", NULL));
  g_assert_false (deck_oauth_check_endpoint ("ftp://a.test/x", "x", NULL));
  g_assert_false (deck_oauth_check_endpoint ("https://u:p@a.test/x", "x", NULL));
}

/*****************************************************************************
 * The loopback catcher
 *****************************************************************************/

static DeckLoopbackCatcher *
started_catcher (const char *expected_iss)
{
  DeckLoopbackCatcher *catcher = deck_loopback_catcher_new ("/callback", TEST_STATE, expected_iss);
  g_autoptr(GError) error = NULL;

  g_assert_true (deck_loopback_catcher_start (catcher, &error));
  g_assert_no_error (error);
  return catcher;
}

/* The first IPv4 address of an interface that is up and not loopback. */
static char *
find_non_loopback_ipv4 (void)
{
  struct ifaddrs *list = NULL;
  char *found = NULL;

  if (getifaddrs (&list) != 0)
    return NULL;

  for (struct ifaddrs *i = list; i != NULL && found == NULL; i = i->ifa_next)
    {
      g_autoptr(GInetAddress) address = NULL;

      if (i->ifa_addr == NULL || i->ifa_addr->sa_family != AF_INET)
        continue;

      address = g_inet_address_new_from_bytes (
          (const guint8 *) &((struct sockaddr_in *) (gpointer) i->ifa_addr)->sin_addr,
          G_SOCKET_FAMILY_IPV4);
      if (!g_inet_address_get_is_loopback (address) && !g_inet_address_get_is_any (address))
        found = g_inet_address_to_string (address);
    }

  freeifaddrs (list);
  return found;
}

static void
test_catcher_binds_loopback (void)
{
  g_autoptr(DeckLoopbackCatcher) catcher = started_catcher (NULL);
  SoupServer *server = _deck_loopback_catcher_get_server (catcher);
  g_autofree char *other_ip = NULL;
  GSList *uris;
  GSList *listeners;
  guint port;

  g_assert_true (g_str_has_prefix (deck_loopback_catcher_get_redirect_uri (catcher),
                                   "http://127.0.0.1:"));
  port = port_of (deck_loopback_catcher_get_redirect_uri (catcher));
  g_assert_cmpuint (port, >, 0);

  uris = soup_server_get_uris (server);
  g_assert_cmpuint (g_slist_length (uris), ==, 1);
  for (GSList *l = uris; l != NULL; l = l->next)
    {
      g_assert_cmpstr (g_uri_get_host (l->data), ==, "127.0.0.1");
      g_assert_cmpint (g_uri_get_port (l->data), ==, (int) port);
    }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  listeners = soup_server_get_listeners (server);
  for (GSList *l = listeners; l != NULL; l = l->next)
    {
      g_autoptr(GSocketAddress) local = g_socket_get_local_address (l->data, NULL);
      g_autofree char *ip = g_inet_address_to_string (
          g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local)));

      g_assert_cmpstr (ip, ==, "127.0.0.1");
    }
  g_slist_free (listeners);

  g_assert_false (connection_refused ("127.0.0.1", port));

  /* O4: the same port on the machine's network address is refused. */
  other_ip = find_non_loopback_ipv4 ();
  if (other_ip == NULL)
    g_test_message ("No non-loopback IPv4 address on this machine: sub-check skipped");
  else
    g_assert_true (connection_refused (other_ip, port));
}

static void
test_catcher_wrong_path (void)
{
  g_autoptr(DeckLoopbackCatcher) catcher = started_catcher (NULL);
  const char *redirect = deck_loopback_catcher_get_redirect_uri (catcher);
  guint port = port_of (redirect);
  const char *paths[] = { "/", "/other", "/callback/x", "/Callback", "/callbackx" };
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *url = NULL;
  g_autoptr(Page) ok = NULL;
  GAsyncResult *slot = NULL;

  deck_loopback_catcher_wait_async (catcher, 20, NULL, deck_test_store_result_cb, &slot);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *wrong = g_strdup_printf ("http://127.0.0.1:%u%s?state=%s&code=c0de-c0de",
                                                port, paths[i], TEST_STATE);
      g_autoptr(Page) page = browser_get (wrong, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (page->status, ==, 404);
    }

  g_assert_null (slot);
  g_assert_true (deck_loopback_catcher_is_listening (catcher));

  url = callback_url (catcher, "state=" TEST_STATE "&code=the-real-code");
  ok = browser_get (url, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ok->status, ==, 200);
  code = wait_code (catcher, &slot, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "the-real-code");
}

static void
test_catcher_bad_state (void)
{
  g_autoptr(DeckLoopbackCatcher) catcher = started_catcher (NULL);
  const char *bad[] = {
    "code=abcdefgh",                                              /* missing */
    "state=&code=abcdefgh",                                       /* empty */
    "state=wrong&code=abcdefgh",                                  /* wrong */
    "state=test-state-0123456789-abcdefghi&code=abcdefgh",        /* prefix */
    "state=" TEST_STATE "x&code=abcdefgh",                        /* longer */
    "state=" TEST_STATE "&state=" TEST_STATE "&code=abcdefgh",    /* repeated */
    "error=access_denied",                                        /* error without state */
    "state=" TEST_STATE "%00&code=abcdefgh",                      /* NUL in state */
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *url = NULL;
  g_autoptr(Page) ok = NULL;
  GAsyncResult *slot = NULL;

  deck_loopback_catcher_wait_async (catcher, 20, NULL, deck_test_store_result_cb, &slot);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *wrong = callback_url (catcher, bad[i]);
      g_autoptr(Page) page = browser_get (wrong, &error);

      g_assert_no_error (error);
      g_test_message ("%s -> %u", bad[i], page->status);
      g_assert_cmpuint (page->status, ==, 400);
      drain_main_context ();
      /* O2: the flow keeps waiting. */
      g_assert_null (slot);
      g_assert_true (deck_loopback_catcher_is_listening (catcher));
    }

  url = callback_url (catcher, "code=good-code-123&state=" TEST_STATE);
  ok = browser_get (url, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ok->status, ==, 200);
  g_assert_nonnull (strstr (ok->body, "You can close this window and return to Flowdeck"));

  code = wait_code (catcher, &slot, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "good-code-123");
}

static void
test_catcher_iss (void)
{
  const char *issuer = "http://127.0.0.1:1234";
  const char *cases[] = {
    "state=" TEST_STATE "&code=c&iss=http%3A%2F%2F127.0.0.1%3A9999",   /* wrong */
    "state=" TEST_STATE "&code=c",                                      /* missing */
    "state=" TEST_STATE "&code=c&iss=http%3A%2F%2F127.0.0.1%3A1234%2F", /* not exact */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DeckLoopbackCatcher) catcher = started_catcher (issuer);
      g_autofree char *url = callback_url (catcher, cases[i]);
      g_autoptr(GError) error = NULL;
      g_autofree char *code = NULL;
      g_autoptr(Page) page = NULL;
      GAsyncResult *slot = NULL;

      deck_loopback_catcher_wait_async (catcher, 20, NULL, deck_test_store_result_cb, &slot);
      page = browser_get (url, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (page->status, ==, 400);

      code = wait_code (catcher, &slot, &error);
      g_assert_error (error, DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_ISSUER_MISMATCH);
      g_assert_null (code);
      g_assert_false (deck_loopback_catcher_is_listening (catcher));
    }

  /* The right one passes. */
  {
    g_autoptr(DeckLoopbackCatcher) catcher = started_catcher (issuer);
    g_autofree char *url = callback_url (catcher, "state=" TEST_STATE
                                         "&code=c0de&iss=http%3A%2F%2F127.0.0.1%3A1234");
    g_autoptr(GError) error = NULL;
    g_autofree char *code = NULL;
    g_autoptr(Page) page = NULL;
    GAsyncResult *slot = NULL;

    deck_loopback_catcher_wait_async (catcher, 20, NULL, deck_test_store_result_cb, &slot);
    page = browser_get (url, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (page->status, ==, 200);
    code = wait_code (catcher, &slot, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (code, ==, "c0de");
  }
}

static void
test_catcher_denied (void)
{
  struct {
    const char *query;
    int         code;
    const char *message;
  } cases[] = {
    { "error=access_denied&error_description=%3Cb%3Ex%3C%2Fb%3E&state=" TEST_STATE,
      DECK_OAUTH_ERROR_DENIED, "<b>x</b>" },
    /* FlowFuse's camelCase spelling. */
    { "error=access_denied&errorDescription=Access%20%3Cscript%3EDenied&state=" TEST_STATE,
      DECK_OAUTH_ERROR_DENIED, "Access <script>Denied" },
    { "error=invalid_scope&error_description=%3Ci%3Ebad%3C%2Fi%3E&state=" TEST_STATE,
      DECK_OAUTH_ERROR_PROVIDER_ERROR, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DeckLoopbackCatcher) catcher = started_catcher (NULL);
      g_autofree char *url = callback_url (catcher, cases[i].query);
      g_autoptr(GError) error = NULL;
      g_autofree char *code = NULL;
      g_autoptr(Page) page = NULL;
      GAsyncResult *slot = NULL;

      deck_loopback_catcher_wait_async (catcher, 20, NULL, deck_test_store_result_cb, &slot);
      page = browser_get (url, &error);
      g_assert_no_error (error);

      code = wait_code (catcher, &slot, &error);
      g_assert_error (error, DECK_OAUTH_ERROR, cases[i].code);
      g_assert_null (code);
      if (cases[i].message != NULL)
        g_assert_cmpstr (error->message, ==, cases[i].message);
      else
        g_assert_nonnull (strstr (error->message, "<i>bad</i>"));

      /* O7: the page shows the text, escaped. */
      g_assert_null (strstr (page->body, "<b>"));
      g_assert_null (strstr (page->body, "<script>"));
      g_assert_null (strstr (page->body, "<i>"));
      g_assert_true (strstr (page->body, "&lt;b&gt;x&lt;/b&gt;") != NULL ||
                     strstr (page->body, "Access &lt;script&gt;Denied") != NULL ||
                     strstr (page->body, "&lt;i&gt;bad&lt;/i&gt;") != NULL);
      g_assert_false (deck_loopback_catcher_is_listening (catcher));
    }
}

static void
test_catcher_single_use (void)
{
  g_autoptr(DeckLoopbackCatcher) catcher = started_catcher (NULL);
  g_autofree char *url = callback_url (catcher, "state=" TEST_STATE "&code=first-code");
  g_autofree char *url2 = callback_url (catcher, "state=" TEST_STATE "&code=second-code");
  guint port = port_of (url);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autoptr(Page) page = NULL;
  g_autoptr(Page) page2 = NULL;
  GAsyncResult *slot = NULL;

  deck_loopback_catcher_wait_async (catcher, 20, NULL, deck_test_store_result_cb, &slot);
  page = browser_get (url, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->status, ==, 200);

  code = wait_code (catcher, &slot, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "first-code");

  /* O5: once the result is out, the socket is closed. */
  g_assert_false (deck_loopback_catcher_is_listening (catcher));
  g_assert_true (connection_refused ("127.0.0.1", port));
  page2 = browser_get (url2, &error);
  g_assert_null (page2);
  g_assert_nonnull (error);
  g_test_message ("second callback: %s", error->message);
}

static void
test_catcher_early_callback (void)
{
  g_autoptr(DeckLoopbackCatcher) catcher = started_catcher (NULL);
  g_autofree char *url = callback_url (catcher, "state=" TEST_STATE "&code=early-code");
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autoptr(Page) page = NULL;
  GAsyncResult *slot = NULL;

  /* The browser was faster than the call to wait_async(). */
  page = browser_get (url, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->status, ==, 200);
  drain_main_context ();

  deck_loopback_catcher_wait_async (catcher, 20, NULL, deck_test_store_result_cb, &slot);
  code = wait_code (catcher, &slot, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "early-code");
  g_assert_true (connection_refused ("127.0.0.1", port_of (url)));
}

static void
test_catcher_cancel (void)
{
  g_autoptr(DeckLoopbackCatcher) catcher = started_catcher (NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  guint port = port_of (deck_loopback_catcher_get_redirect_uri (catcher));
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  GAsyncResult *slot = NULL;

  deck_loopback_catcher_wait_async (catcher, 20, cancellable, deck_test_store_result_cb, &slot);
  g_assert_false (connection_refused ("127.0.0.1", port));
  g_cancellable_cancel (cancellable);

  code = wait_code (catcher, &slot, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (code);
  g_assert_true (connection_refused ("127.0.0.1", port));
}

static void
test_catcher_timeout (void)
{
  g_autoptr(DeckLoopbackCatcher) catcher = started_catcher (NULL);
  guint port = port_of (deck_loopback_catcher_get_redirect_uri (catcher));
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  GAsyncResult *slot = NULL;

  deck_loopback_catcher_wait_async (catcher, 1, NULL, deck_test_store_result_cb, &slot);
  code = wait_code (catcher, &slot, &error);
  g_assert_error (error, DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_TIMEOUT);
  g_assert_null (code);
  g_assert_true (connection_refused ("127.0.0.1", port));
}

static void
test_catcher_handle_uri (void)
{
  g_autoptr(DeckLoopbackCatcher) catcher = started_catcher (NULL);
  const char *redirect = deck_loopback_catcher_get_redirect_uri (catcher);
  guint port = port_of (redirect);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *other_port = NULL;
  g_autofree char *other_host = NULL;
  g_autofree char *other_scheme = NULL;
  g_autofree char *other_path = NULL;
  g_autofree char *bad_state = NULL;
  g_autofree char *good = NULL;
  GAsyncResult *slot = NULL;

  deck_loopback_catcher_wait_async (catcher, 20, NULL, deck_test_store_result_cb, &slot);

  /* Not our redirect: parsed scheme, host, port and path must all match. */
  other_port = g_strdup_printf ("http://127.0.0.1:%u/callback?state=%s&code=x", port + 1,
                                TEST_STATE);
  other_host = g_strdup_printf ("http://localhost:%u/callback?state=%s&code=x", port, TEST_STATE);
  other_scheme = g_strdup_printf ("https://127.0.0.1:%u/callback?state=%s&code=x", port,
                                  TEST_STATE);
  other_path = g_strdup_printf ("http://127.0.0.1:%u/callback2?state=%s&code=x", port,
                                TEST_STATE);
  g_assert_false (deck_loopback_catcher_handle_uri (catcher, other_port));
  g_assert_false (deck_loopback_catcher_handle_uri (catcher, other_host));
  g_assert_false (deck_loopback_catcher_handle_uri (catcher, other_scheme));
  g_assert_false (deck_loopback_catcher_handle_uri (catcher, other_path));
  g_assert_false (deck_loopback_catcher_handle_uri (catcher, "https://id.example.test/login"));

  /* Ours, but a wrong state: swallowed, still waiting. */
  bad_state = g_strdup_printf ("%s?state=nope&code=x", redirect);
  g_assert_true (deck_loopback_catcher_handle_uri (catcher, bad_state));
  drain_main_context ();
  g_assert_null (slot);
  g_assert_true (deck_loopback_catcher_is_listening (catcher));

  good = g_strdup_printf ("%s?code=web%%2Bview%%26code&state=%s", redirect, TEST_STATE);
  g_assert_true (deck_loopback_catcher_handle_uri (catcher, good));
  code = wait_code (catcher, &slot, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "web+view&code");
  g_assert_true (connection_refused ("127.0.0.1", port));
}

/*****************************************************************************
 * Token requests against an in-process token endpoint
 *****************************************************************************/

typedef struct
{
  SoupServer *server;
  char       *base;
  char       *challenge;      /* from the authorization URL */
  char       *redirect_uri;   /* from the authorization URL */
  char       *last_content_type;
  GHashTable *last_fields;
  guint       token_requests;
} FakeServer;

static GHashTable *
decode_fields (SoupServerMessage *msg,
               const char        *content_type)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  if (g_strcmp0 (content_type, "application/json") == 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      GHashTable *fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      JsonObject *object;
      GList *members;

      g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
      object = json_node_get_object (json_parser_get_root (parser));
      members = json_object_get_members (object);
      for (GList *l = members; l != NULL; l = l->next)
        g_hash_table_insert (fields, g_strdup (l->data),
                             g_strdup (json_object_get_string_member (object, l->data)));
      g_list_free (members);
      return fields;
    }

  g_assert_cmpstr (content_type, ==, "application/x-www-form-urlencoded");
  return soup_form_decode (text);
}

static void
reply_json (SoupServerMessage *msg,
            guint              status,
            const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json,
                                    strlen (json));
}

static void
fake_token_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  FakeServer *fake = user_data;
  const char *type = soup_message_headers_get_content_type (
      soup_server_message_get_request_headers (msg), NULL);
  const char *grant;

  fake->token_requests++;
  g_clear_pointer (&fake->last_fields, g_hash_table_unref);
  g_free (fake->last_content_type);
  fake->last_content_type = g_strdup (type);
  fake->last_fields = decode_fields (msg, type);
  grant = g_hash_table_lookup (fake->last_fields, "grant_type");

  if (g_strcmp0 (grant, "authorization_code") == 0)
    {
      g_autofree char *challenge = NULL;
      const char *verifier = g_hash_table_lookup (fake->last_fields, "code_verifier");

      if (g_strcmp0 (g_hash_table_lookup (fake->last_fields, "code"), "used-code") == 0)
        {
          reply_json (msg, 400, "{\"error\":\"invalid_grant\","
                                "\"error_description\":\"grant request is invalid\"}");
          return;
        }

      challenge = verifier ? deck_pkce_challenge_for (verifier) : NULL;
      if (g_strcmp0 (challenge, fake->challenge) != 0 ||
          g_strcmp0 (g_hash_table_lookup (fake->last_fields, "redirect_uri"),
                     fake->redirect_uri) != 0)
        {
          reply_json (msg, 400, "{\"error\":\"invalid_grant\"}");
          return;
        }

      reply_json (msg, 200, "{\"access_token\":\"at-first+token/value\",\"expires_in\":3600,"
                            "\"refresh_token\":\"rt-first+token/value\",\"token_type\":\"Bearer\","
                            "\"scope\":\"openid  profile\",\"id_token\":\"idt-header.body.sig\"}");
      return;
    }

  if (g_strcmp0 (grant, "refresh_token") == 0)
    {
      if (g_strcmp0 (g_hash_table_lookup (fake->last_fields, "refresh_token"),
                     "rt-keep-me-please") == 0)
        reply_json (msg, 200, "{\"access_token\":\"at-second-token\",\"expires_in\":60}");
      else
        reply_json (msg, 200, "{\"access_token\":\"at-third-token\",\"expires_in\":60,"
                              "\"refresh_token\":\"rt-rotated-token\"}");
      return;
    }

  reply_json (msg, 400, "{\"error\":\"unsupported_grant_type\"}");
}

static void
fake_revoke_cb (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  FakeServer *fake = user_data;
  const char *type = soup_message_headers_get_content_type (
      soup_server_message_get_request_headers (msg), NULL);

  g_clear_pointer (&fake->last_fields, g_hash_table_unref);
  g_free (fake->last_content_type);
  fake->last_content_type = g_strdup (type);
  fake->last_fields = decode_fields (msg, type);
  soup_server_message_set_status (msg, 200, NULL);
}

static FakeServer *
fake_server_new (void)
{
  FakeServer *fake = g_new0 (FakeServer, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fake->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fake->server, "/token", fake_token_cb, fake, NULL);
  soup_server_add_handler (fake->server, "/revoke", fake_revoke_cb, fake, NULL);
  g_assert_true (soup_server_listen_local (fake->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (fake->server);
  fake->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return fake;
}

static void
fake_server_free (FakeServer *fake)
{
  soup_server_disconnect (fake->server);
  g_object_unref (fake->server);
  g_free (fake->base);
  g_free (fake->challenge);
  g_free (fake->redirect_uri);
  g_free (fake->last_content_type);
  g_clear_pointer (&fake->last_fields, g_hash_table_unref);
  g_free (fake);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeServer, fake_server_free)

static DeckOAuthProfile *
fake_profile (FakeServer *fake)
{
  g_autofree char *auth = g_strconcat (fake->base, "/auth", NULL);
  g_autofree char *token = g_strconcat (fake->base, "/token", NULL);
  g_autofree char *revoke = g_strconcat (fake->base, "/revoke", NULL);
  const char * const scopes[] = { "openid", "profile", NULL };
  DeckOAuthProfile *profile = deck_oauth_profile_new ("fake-client", auth, token);

  deck_oauth_profile_set_revocation_endpoint (profile, revoke);
  deck_oauth_profile_set_scopes (profile, scopes);
  return profile;
}

/* Runs a whole flow against @fake, the test playing the browser by
 * calling the catcher with @code. */
static DeckOAuthTokens *
run_fake_flow (FakeServer        *fake,
               DeckOAuthProfile  *profile,
               const char        *code,
               GError           **error)
{
  g_autoptr(DeckOAuthFlow) flow = deck_oauth_flow_new (profile);
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(Page) page = NULL;
  g_autofree char *url = NULL;
  g_autofree char *callback = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *escaped_code = g_uri_escape_string (code, NULL, FALSE);
  GAsyncResult *slot = NULL;

  url = deck_oauth_flow_begin (flow, error);
  g_assert_nonnull (url);
  params = query_of (url, NULL);
  g_free (fake->challenge);
  fake->challenge = g_strdup (g_hash_table_lookup (params, "code_challenge"));
  g_free (fake->redirect_uri);
  fake->redirect_uri = g_strdup (g_hash_table_lookup (params, "redirect_uri"));
  remember_secret (_deck_oauth_flow_peek_verifier (flow));
  remember_secret (g_hash_table_lookup (params, "state"));
  remember_secret (code);

  deck_oauth_flow_run_async (flow, 20, NULL, deck_test_store_result_cb, &slot);

  escaped = g_uri_escape_string (g_hash_table_lookup (params, "state"), NULL, FALSE);
  callback = g_strdup_printf ("%s?code=%s&state=%s", fake->redirect_uri, escaped_code,
                              escaped);
  page = browser_get (callback, NULL);
  g_assert_nonnull (page);
  g_assert_cmpuint (page->status, ==, 200);

  result = deck_test_wait_result (&slot, 20);
  /* The verifier is wiped once the exchange was sent (O6). */
  g_assert_null (_deck_oauth_flow_peek_verifier (flow));
  return deck_oauth_flow_run_finish (flow, result, error);
}

static void
remember_tokens (const DeckOAuthTokens *tokens)
{
  remember_secret (tokens->access_token);
  remember_secret (tokens->refresh_token);
  remember_secret (tokens->id_token);
}

static void
test_flow_exchange_form (void)
{
  g_autoptr(FakeServer) fake = fake_server_new ();
  g_autoptr(DeckOAuthProfile) profile = fake_profile (fake);
  g_autoptr(DeckOAuthTokens) tokens = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  deck_oauth_profile_set_client_secret (profile, "very-secret+client&secret=");
  remember_secret ("very-secret+client&secret=");

  tokens = run_fake_flow (fake, profile, "code-with+plus", &error);
  g_assert_no_error (error);
  g_assert_nonnull (tokens);
  remember_tokens (tokens);

  g_assert_cmpstr (fake->last_content_type, ==, "application/x-www-form-urlencoded");
  g_assert_cmpstr (g_hash_table_lookup (fake->last_fields, "code"), ==, "code-with+plus");
  g_assert_cmpstr (g_hash_table_lookup (fake->last_fields, "client_id"), ==, "fake-client");
  g_assert_cmpstr (g_hash_table_lookup (fake->last_fields, "client_secret"), ==,
                   "very-secret+client&secret=");

  g_assert_cmpstr (tokens->access_token, ==, "at-first+token/value");
  g_assert_cmpstr (tokens->refresh_token, ==, "rt-first+token/value");
  g_assert_cmpstr (tokens->id_token, ==, "idt-header.body.sig");
  g_assert_cmpstr (tokens->token_type, ==, "Bearer");
  g_assert_nonnull (tokens->scope);
  g_assert_cmpuint (g_strv_length (tokens->scope), ==, 2);
  g_assert_cmpstr (tokens->scope[0], ==, "openid");
  g_assert_cmpstr (tokens->scope[1], ==, "profile");
  g_assert_nonnull (tokens->expires_at);
  g_assert_cmpint (g_date_time_difference (tokens->expires_at, now) / G_USEC_PER_SEC, >=, 3590);
  g_assert_cmpint (g_date_time_difference (tokens->expires_at, now) / G_USEC_PER_SEC, <=, 3610);
}

static void
test_flow_exchange_json (void)
{
  g_autoptr(FakeServer) fake = fake_server_new ();
  g_autoptr(DeckOAuthProfile) profile = fake_profile (fake);
  g_autoptr(DeckOAuthTokens) tokens = NULL;
  g_autoptr(GError) error = NULL;

  deck_oauth_profile_set_token_encoding (profile, DECK_OAUTH_TOKEN_ENCODING_JSON);
  tokens = run_fake_flow (fake, profile, "json-code-1234", &error);
  g_assert_no_error (error);
  remember_tokens (tokens);

  g_assert_cmpstr (fake->last_content_type, ==, "application/json");
  g_assert_cmpstr (g_hash_table_lookup (fake->last_fields, "grant_type"), ==,
                   "authorization_code");
  g_assert_cmpstr (g_hash_table_lookup (fake->last_fields, "code"), ==, "json-code-1234");
  g_assert_false (g_hash_table_contains (fake->last_fields, "client_secret"));
}

static void
test_flow_token_error (void)
{
  g_autoptr(FakeServer) fake = fake_server_new ();
  g_autoptr(DeckOAuthProfile) profile = fake_profile (fake);
  g_autoptr(DeckOAuthTokens) tokens = NULL;
  g_autoptr(GError) error = NULL;

  tokens = run_fake_flow (fake, profile, "used-code", &error);
  g_assert_error (error, DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_TOKEN_ERROR);
  g_assert_null (tokens);
  g_assert_nonnull (strstr (error->message, "invalid_grant"));
  g_assert_nonnull (strstr (error->message, "grant request is invalid"));
}

static void
test_refresh_rotation (void)
{
  g_autoptr(FakeServer) fake = fake_server_new ();
  g_autoptr(DeckOAuthProfile) profile = fake_profile (fake);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(DeckOAuthTokens) kept = NULL;
  g_autoptr(DeckOAuthTokens) rotated = NULL;
  GAsyncResult *slot = NULL;

  remember_secret ("rt-keep-me-please");
  deck_oauth_refresh_async (profile, "rt-keep-me-please", NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 10);
  kept = deck_oauth_refresh_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (fake->last_fields, "grant_type"), ==, "refresh_token");
  g_assert_cmpstr (kept->access_token, ==, "at-second-token");
  /* No new refresh token sent: the old one stays. */
  g_assert_cmpstr (kept->refresh_token, ==, "rt-keep-me-please");
  g_clear_object (&result);

  deck_oauth_refresh_async (profile, "rt-other-token", NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 10);
  rotated = deck_oauth_refresh_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rotated->refresh_token, ==, "rt-rotated-token");
  remember_tokens (kept);
  remember_tokens (rotated);
}

static void
test_revoke (void)
{
  g_autoptr(FakeServer) fake = fake_server_new ();
  g_autoptr(DeckOAuthProfile) profile = fake_profile (fake);
  g_autoptr(DeckOAuthProfile) flowfuse = deck_oauth_profile_new_flowfuse ("https://ff.test");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  remember_secret ("tok+en&with=specials");
  deck_oauth_revoke_async (profile, "tok+en&with=specials", "access_token", NULL,
                           deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 10);
  g_assert_true (deck_oauth_revoke_finish (result, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (fake->last_content_type, ==, "application/x-www-form-urlencoded");
  g_assert_cmpstr (g_hash_table_lookup (fake->last_fields, "token"), ==, "tok+en&with=specials");
  g_assert_cmpstr (g_hash_table_lookup (fake->last_fields, "token_type_hint"), ==, "access_token");
  g_assert_cmpstr (g_hash_table_lookup (fake->last_fields, "client_id"), ==, "fake-client");
  g_clear_object (&result);

  deck_oauth_revoke_async (flowfuse, "whatever-token", NULL, NULL, deck_test_store_result_cb,
                           &slot);
  result = deck_test_wait_result (&slot, 10);
  g_assert_false (deck_oauth_revoke_finish (result, &error));
  g_assert_error (error, DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_NOT_SUPPORTED);
}

/*****************************************************************************
 * O3: no weak randomness in src/
 *****************************************************************************/

static void
scan_dir (GFile     *dir,
          GRegex    *regex,
          GPtrArray *hits)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GError) error = NULL;
  GFileInfo *info;

  children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, &error);
  g_assert_no_error (error);

  while ((info = g_file_enumerator_next_file (children, NULL, &error)) != NULL)
    {
      g_autoptr(GFileInfo) owned = info;
      g_autoptr(GFile) child = g_file_get_child (dir, g_file_info_get_name (info));
      const char *name = g_file_info_get_name (info);

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        scan_dir (child, regex, hits);
      else if (g_str_has_suffix (name, ".c") || g_str_has_suffix (name, ".h"))
        {
          g_autofree char *contents = NULL;
          g_auto(GStrv) lines = NULL;

          g_assert_true (g_file_load_contents (child, NULL, &contents, NULL, NULL, NULL));
          lines = g_strsplit (contents, "\n", -1);
          for (guint i = 0; lines[i] != NULL; i++)
            if (g_regex_match (regex, lines[i], 0, NULL))
              g_ptr_array_add (hits, g_strdup_printf ("%s:%u: %s", g_file_peek_path (child),
                                                      i + 1, lines[i]));
        }
    }
  g_assert_no_error (error);
}

static void
test_no_weak_random (void)
{
  g_autofree char *src = g_test_build_filename (G_TEST_DIST, "..", "src", NULL);
  g_autoptr(GFile) dir = g_file_new_for_path (src);
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func (g_free);

  /* g_random_*(), g_rand_*(), rand(), srand(), random(), rand_r(),
   * [dlm]rand48(): none of them is a CSPRNG (O3). */
  regex = g_regex_new ("(^|[^A-Za-z0-9_])(g_random_[a-z_]+|g_rand_[a-z_]+|s?rand|s?random|rand_r|"
                       "[dlmejn]rand48)\\s*\\(", 0, 0, NULL);
  g_assert_nonnull (regex);

  g_assert_true (g_file_query_exists (dir, NULL));
  scan_dir (dir, regex, hits);

  for (guint i = 0; i < hits->len; i++)
    g_test_message ("weak randomness: %s", (const char *) hits->pdata[i]);
  g_assert_cmpuint (hits->len, ==, 0);

  /* The pattern itself works. */
  g_assert_true (g_regex_match (regex, "  x = g_random_int_range (0, 9);", 0, NULL));
  g_assert_true (g_regex_match (regex, "n = rand ();", 0, NULL));
  g_assert_false (g_regex_match (regex, "deck_random_bytes (buf, 32, NULL);", 0, NULL));
}

/*****************************************************************************
 * S2: no secret in any log line
 *****************************************************************************/

static void
test_no_secrets_in_logs (void)
{
  guint debug_lines = 0;

  /* The other tests ran first: GTest runs sub-suites in the order they
   * were created, and this one is registered last. */
  g_assert_cmpuint (secrets_seen->len, >, 10);

  for (guint i = 0; i < captured_logs->len; i++)
    {
      const char *line = captured_logs->pdata[i];

      debug_lines += strstr (line, "deck-oauth") != NULL;
      for (guint j = 0; j < secrets_seen->len; j++)
        if (strstr (line, secrets_seen->pdata[j]) != NULL)
          g_error ("A secret leaked into a log message: %s", line);
    }

  g_test_message ("%u log lines checked (%u from deck-oauth) against %u secrets",
                  captured_logs->len, debug_lines, secrets_seen->len);
  /* G_MESSAGES_DEBUG=all really reached our debug lines. */
  g_assert_cmpuint (debug_lines, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* S2: everything, debug included, goes through the capture. */
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  captured_logs = g_ptr_array_new_with_free_func (g_free);
  secrets_seen = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (capture_writer, NULL, NULL);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/oauth/pkce/rfc7636-vector", test_pkce_rfc7636_vector);
  g_test_add_func ("/oauth/pkce/verifiers-differ", test_pkce_verifiers_differ);
  g_test_add_func ("/oauth/pkce/secure-equal", test_secure_equal);
  g_test_add_func ("/oauth/flow/authorization-url", test_flow_authorization_url);
  g_test_add_func ("/oauth/flow/flowfuse-url", test_flow_flowfuse_url);
  g_test_add_func ("/oauth/profile/rejects-insecure", test_profile_rejects_insecure);
  g_test_add_func ("/oauth/catcher/binds-loopback", test_catcher_binds_loopback);
  g_test_add_func ("/oauth/catcher/wrong-path", test_catcher_wrong_path);
  g_test_add_func ("/oauth/catcher/bad-state", test_catcher_bad_state);
  g_test_add_func ("/oauth/catcher/iss", test_catcher_iss);
  g_test_add_func ("/oauth/catcher/denied", test_catcher_denied);
  g_test_add_func ("/oauth/catcher/single-use", test_catcher_single_use);
  g_test_add_func ("/oauth/catcher/early-callback", test_catcher_early_callback);
  g_test_add_func ("/oauth/catcher/cancel", test_catcher_cancel);
  g_test_add_func ("/oauth/catcher/timeout", test_catcher_timeout);
  g_test_add_func ("/oauth/catcher/handle-uri", test_catcher_handle_uri);
  g_test_add_func ("/oauth/flow/exchange-form", test_flow_exchange_form);
  g_test_add_func ("/oauth/flow/exchange-json", test_flow_exchange_json);
  g_test_add_func ("/oauth/flow/token-error", test_flow_token_error);
  g_test_add_func ("/oauth/refresh/rotation", test_refresh_rotation);
  g_test_add_func ("/oauth/revoke/form-and-unsupported", test_revoke);
  g_test_add_func ("/oauth/o3/no-weak-random", test_no_weak_random);
  g_test_add_func ("/oauth/s2/no-secrets-in-logs", test_no_secrets_in_logs);

  ret = g_test_run ();

  g_ptr_array_unref (captured_logs);
  g_ptr_array_unref (secrets_seen);
  return ret;
}
