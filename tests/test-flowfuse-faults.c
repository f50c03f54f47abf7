/* test-flowfuse-faults.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The FlowFuse client against an in-process fault-injecting SoupServer:
 * what a real FlowFuse cannot be made to do on demand (5xx, 429, stalls,
 * truncated, malformed or huge bodies, resets). Each must end in the right
 * error, never a crash or a hang, and leak nothing under ASan.
 */

#include "config.h"

#include <string.h>

#include "deck-fault-server.h"
#include "deck-flowfuse-client.h"
#include "deck-http.h"
#include "deck-test-util.h"

#define TEAMS_PATH "/api/v1/user/teams"
#define TEAMS_JSON "{\"meta\":{},\"count\":1,\"teams\":[{\"id\":\"t1\",\"name\":\"Team One\"," \
                   "\"slug\":\"team-one\",\"role\":50,\"instanceCount\":2,\"memberCount\":1," \
                   "\"type\":{\"id\":\"tt\",\"name\":\"Starter\",\"active\":true}}]}"

typedef struct
{
  DeckFaultServer    *server;
  DeckFlowfuseClient *client;
  guint               rejected;
} Fixture;

static void
rejected_cb (DeckFlowfuseClient *client,
             gpointer            user_data)
{
  Fixture *fixture = user_data;

  fixture->rejected++;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->server = deck_fault_server_new ();
  fixture->client = deck_flowfuse_client_new (deck_fault_server_get_url (fixture->server),
                                              &error);
  g_assert_no_error (error);
  deck_flowfuse_client_set_timeout (fixture->client, 2);
  deck_flowfuse_client_set_token (fixture->client, "ffpat_fault-test-token");
  g_signal_connect (fixture->client, "credential-rejected", G_CALLBACK (rejected_cb), fixture);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->server);
  /* Let closed connections and stopped sources finish. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GListModel *
list_teams (Fixture  *fixture,
            GError  **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  deck_flowfuse_client_list_teams_async (fixture->client, NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 30);
  return deck_flowfuse_client_finish_list (fixture->client, result, error);
}

/* Team t1's instances, with their live states or without. */
static GListModel *
list_instances (Fixture   *fixture,
                gboolean   with_states,
                GError   **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  if (with_states)
    deck_flowfuse_client_list_instances_async (fixture->client, "t1", NULL,
                                               deck_test_store_result_cb, &slot);
  else
    deck_flowfuse_client_list_instances_without_state_async (fixture->client, "t1", NULL,
                                                             deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 30);
  return deck_flowfuse_client_finish_list (fixture->client, result, error);
}

static void
test_ok (Fixture       *fixture,
         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) teams = NULL;
  g_autoptr(DeckFfTeam) team = NULL;

  deck_fault_server_set_json (fixture->server, TEAMS_PATH, 200, TEAMS_JSON);
  teams = list_teams (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (teams), ==, 1);
  team = g_list_model_get_item (teams, 0);
  g_assert_cmpstr (deck_ff_team_get_name (team), ==, "Team One");
  g_assert_cmpint (deck_ff_team_get_role (team), ==, DECK_FF_ROLE_OWNER);
}

static void
test_server_error (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) teams = NULL;

  deck_fault_server_set_json (fixture->server, TEAMS_PATH, 500,
                              "{\"code\":\"unexpected_error\",\"error\":\"db gone\"}");
  teams = list_teams (fixture, &error);
  g_assert_null (teams);
  g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_SERVER_ERROR);
  g_assert_cmpstr (deck_flowfuse_error_get_server_code (error), ==, "unexpected_error");
  g_assert_nonnull (strstr (error->message, "500"));
  g_assert_cmpuint (fixture->rejected, ==, 0);
}

static void
test_unauthorized_mid_session (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) first = NULL;
  g_autoptr(GListModel) second = NULL;

  deck_fault_server_set_json (fixture->server, TEAMS_PATH, 200, TEAMS_JSON);
  first = list_teams (fixture, &error);
  g_assert_no_error (error);

  /* The token is revoked on the server between two calls. */
  deck_fault_server_set_json (fixture->server, TEAMS_PATH, 401,
                              "{\"code\":\"unauthorized\",\"error\":\"unauthorized\"}");
  second = list_teams (fixture, &error);
  g_assert_null (second);
  g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_UNAUTHORIZED);
  g_assert_cmpuint (fixture->rejected, ==, 1);
}

static void
test_rate_limited (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) teams = NULL;

  deck_fault_server_set_json (fixture->server, TEAMS_PATH, 429,
                              "{\"statusCode\":429,\"error\":\"Too Many Requests\","
                              "\"message\":\"Rate limit exceeded, retry in 7 seconds\"}");
  deck_fault_server_set_header (fixture->server, TEAMS_PATH, "Retry-After", "7");
  teams = list_teams (fixture, &error);
  g_assert_null (teams);
  g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_RATE_LIMITED);
  g_assert_cmpint (deck_flowfuse_error_get_retry_after (error), ==, 7);
  g_assert_nonnull (strstr (error->message, "7"));
}

static void
test_stalled (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) teams = NULL;
  gint64 start = g_get_monotonic_time ();

  deck_fault_server_set (fixture->server, TEAMS_PATH, DECK_FAULT_STALL, 200, NULL, NULL);
  teams = list_teams (fixture, &error);
  g_assert_null (teams);
  g_assert_error (error, DECK_NET_ERROR, DECK_NET_ERROR_TIMEOUT);
  /* The client's 2 s timeout, not the test's 30 s guard, ended it. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
}

static void
test_truncated (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) teams = NULL;
  g_autoptr(GBytes) body = g_bytes_new_static (TEAMS_JSON, strlen (TEAMS_JSON));

  deck_fault_server_set (fixture->server, TEAMS_PATH, DECK_FAULT_TRUNCATE, 200,
                         "application/json", body);
  teams = list_teams (fixture, &error);
  g_assert_null (teams);
  g_assert_error (error, DECK_NET_ERROR, DECK_NET_ERROR_CONNECTION_LOST);
}

static void
test_reset (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) teams = NULL;

  deck_fault_server_set (fixture->server, TEAMS_PATH, DECK_FAULT_RESET, 200, NULL, NULL);
  teams = list_teams (fixture, &error);
  g_assert_null (teams);
  g_assert_true (g_error_matches (error, DECK_NET_ERROR, DECK_NET_ERROR_CONNECTION_LOST) ||
                 g_error_matches (error, DECK_NET_ERROR, DECK_NET_ERROR_FAILED));
}

static void
test_malformed (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) teams = NULL;

  deck_fault_server_set_json (fixture->server, TEAMS_PATH, 200, "{\"teams\": [{\"id\": \"t1\",");
  teams = list_teams (fixture, &error);
  g_assert_null (teams);
  g_assert_error (error, DECK_NET_ERROR, DECK_NET_ERROR_MALFORMED);
  /* The message never quotes the body. */
  g_assert_null (strstr (error->message, "t1"));
}

static void
test_html_instead_of_json (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) teams = NULL;
  g_autoptr(GBytes) body = g_bytes_new_static ("<html><body>Welcome to nginx</body></html>", 42);

  deck_fault_server_set (fixture->server, TEAMS_PATH, DECK_FAULT_RESPOND, 200, "text/html", body);
  teams = list_teams (fixture, &error);
  g_assert_null (teams);
  g_assert_error (error, DECK_NET_ERROR, DECK_NET_ERROR_WRONG_CONTENT_TYPE);
  g_assert_nonnull (strstr (error->message, "text/html"));
}

static void
test_html_error_page (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) teams = NULL;
  g_autoptr(GBytes) body = g_bytes_new_static ("<html>502 Bad Gateway</html>", 28);

  /* A proxy's error page: the status decides, not the body. */
  deck_fault_server_set (fixture->server, TEAMS_PATH, DECK_FAULT_RESPOND, 502, "text/html", body);
  teams = list_teams (fixture, &error);
  g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_SERVER_ERROR);
}

static void
test_huge_body (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) teams = NULL;
  gsize size = 50 * 1024 * 1024;
  char *huge = g_malloc (size);
  g_autoptr(GBytes) body = NULL;

  memset (huge, ' ', size);
  huge[0] = '[';
  huge[size - 1] = ']';
  body = g_bytes_new_take (huge, size);

  deck_fault_server_set (fixture->server, TEAMS_PATH, DECK_FAULT_RESPOND, 200,
                         "application/json", body);
  teams = list_teams (fixture, &error);
  g_assert_null (teams);
  g_assert_error (error, DECK_NET_ERROR, DECK_NET_ERROR_TOO_LARGE);
}

static void
test_large_valid_body (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) teams = NULL;
  g_autoptr(GString) json = g_string_new ("{\"teams\":[");
  g_autoptr(DeckFfTeam) last = NULL;

  /* Over 64 KiB: parsed (JSON, then models) in worker threads, handed
   * back to this one. */
  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (json, "%s{\"id\":\"t%u\",\"name\":\"Team %u\",\"role\":30}",
                            i ? "," : "", i, i);
  g_string_append (json, "]}");
  g_assert_cmpuint (json->len, >, 64 * 1024);

  deck_fault_server_set_json (fixture->server, TEAMS_PATH, 200, json->str);
  teams = list_teams (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (teams), ==, 3000);
  last = g_list_model_get_item (teams, 2999);
  g_assert_cmpstr (deck_ff_team_get_name (last), ==, "Team 2999");
  g_clear_object (&teams);

  /* The models too are built on a worker thread; a bad one at the end
   * still fails the whole list, with the field named. */
  g_string_truncate (json, json->len - 2);
  g_string_append (json, ",{\"name\":\"No id\"}]}");
  deck_fault_server_set_json (fixture->server, TEAMS_PATH, 200, json->str);
  teams = list_teams (fixture, &error);
  g_assert_null (teams);
  g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_UNEXPECTED_RESPONSE);
  g_assert_cmpstr (deck_flowfuse_error_get_field (error), ==, "id");
}

static void
test_missing_field (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) teams = NULL;

  deck_fault_server_set_json (fixture->server, TEAMS_PATH, 200,
                              "{\"teams\":[{\"name\":\"No id\"}]}");
  teams = list_teams (fixture, &error);
  g_assert_null (teams);
  g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_UNEXPECTED_RESPONSE);
  g_assert_cmpstr (deck_flowfuse_error_get_field (error), ==, "id");
  g_clear_error (&error);

  deck_fault_server_set_json (fixture->server, TEAMS_PATH, 200, "{\"count\":0}");
  teams = list_teams (fixture, &error);
  g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_UNEXPECTED_RESPONSE);
  g_assert_cmpstr (deck_flowfuse_error_get_field (error), ==, "teams");
  g_clear_error (&error);

  deck_fault_server_set_json (fixture->server, TEAMS_PATH, 200, "[1,2,3]");
  teams = list_teams (fixture, &error);
  g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_UNEXPECTED_RESPONSE);
}

static void
create_instance (Fixture  *fixture,
                 GError  **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(DeckFfInstance) instance = NULL;

  deck_flowfuse_client_create_instance_async (fixture->client, "bad name!", "app", "pt", "st",
                                              "tpl", NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 30);
  instance = deck_flowfuse_client_finish_object (fixture->client, result, error);
  g_assert_null (instance);
}

static void
test_invalid_input_names_field (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  deck_fault_server_set_json (fixture->server, "/api/v1/projects/", 409,
                              "{\"code\":\"invalid_project_name\",\"error\":\"name in use\"}");
  create_instance (fixture, &error);
  g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_CONFLICT);
  g_assert_cmpstr (deck_flowfuse_error_get_field (error), ==, "name");
  g_clear_error (&error);

  deck_fault_server_set_json (fixture->server, "/api/v1/projects/", 400,
                              "{\"statusCode\":400,\"code\":\"FST_ERR_VALIDATION\","
                              "\"error\":\"Bad Request\","
                              "\"message\":\"body must have required property 'stack'\"}");
  create_instance (fixture, &error);
  g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_INVALID_INPUT);
  g_assert_cmpstr (deck_flowfuse_error_get_field (error), ==, "stack");
  g_clear_error (&error);

  deck_fault_server_set_json (fixture->server, "/api/v1/projects/", 400,
                              "{\"code\":\"invalid_stack\",\"error\":\"Invalid stack\"}");
  create_instance (fixture, &error);
  g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_INVALID_INPUT);
  g_assert_cmpstr (deck_flowfuse_error_get_field (error), ==, "stack");
  g_assert_nonnull (strstr (error->message, "Invalid stack"));

  /* The request carried every field as JSON. */
  {
    GBytes *sent = deck_fault_server_get_last_body (fixture->server, "/api/v1/projects/");
    g_autofree char *text = g_strndup (g_bytes_get_data (sent, NULL), g_bytes_get_size (sent));

    g_assert_nonnull (strstr (text, "\"applicationId\":\"app\""));
    g_assert_nonnull (strstr (text, "\"template\":\"tpl\""));
  }
}

static void
test_server_codes (Fixture       *fixture,
                   gconstpointer  data)
{
  static const struct {
    guint status;
    const char *body;
    int code;
  } cases[] = {
    { 403, "{\"code\":\"pat_cannot_create_pat\",\"error\":\"PATs cannot create other PATs\"}",
      DECK_FLOWFUSE_ERROR_PAT_CANNOT_CREATE_PAT },
    { 403, "{\"code\":\"mfa_required\",\"error\":\"MFA required\"}",
      DECK_FLOWFUSE_ERROR_MFA_REQUIRED },
    { 401, "{\"code\":\"sso_required\",\"redirect\":\"/ee/sso/login?u=a\"}",
      DECK_FLOWFUSE_ERROR_SSO_REQUIRED },
    { 403, "{\"code\":\"user_suspended\",\"error\":\"User Suspended\"}",
      DECK_FLOWFUSE_ERROR_USER_SUSPENDED },
    { 403, "{\"code\":\"unauthorized\",\"error\":\"unauthorized\"}",
      DECK_FLOWFUSE_ERROR_FORBIDDEN },
    { 404, "{\"code\":\"not_found\",\"error\":\"Not Found\"}",
      DECK_FLOWFUSE_ERROR_NOT_FOUND },
    { 418, "", DECK_FLOWFUSE_ERROR_UNEXPECTED_RESPONSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GListModel) teams = NULL;

      deck_fault_server_set_json (fixture->server, TEAMS_PATH, cases[i].status, cases[i].body);
      teams = list_teams (fixture, &error);
      g_assert_null (teams);
      g_assert_error (error, DECK_FLOWFUSE_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, !=, "");
    }
}

static void
test_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckFlowfuseClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) teams = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) any = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autofree char *url = NULL;
  GAsyncResult *slot = NULL;

  /* A port that was just free and has nothing listening. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  any = g_inet_socket_address_new (loopback, 0);
  g_assert_true (g_socket_bind (socket, any, FALSE, &error));
  bound = g_socket_get_local_address (socket, &error);
  url = g_strdup_printf ("http://127.0.0.1:%u",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  client = deck_flowfuse_client_new (url, &error);
  g_assert_no_error (error);
  deck_flowfuse_client_set_token (client, "ffpat_x");
  deck_flowfuse_client_list_teams_async (client, NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 30);
  teams = deck_flowfuse_client_finish_list (client, result, &error);
  g_assert_error (error, DECK_NET_ERROR, DECK_NET_ERROR_CONNECTION_REFUSED);
}

static void
test_url_rules (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckFlowfuseClient) client = NULL;

  client = deck_flowfuse_client_new ("app.flowfuse.com/", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (deck_flowfuse_client_get_base_url (client), ==, "https://app.flowfuse.com");
  g_clear_object (&client);

  client = deck_flowfuse_client_new ("http://flowfuse.example.com", &error);
  g_assert_null (client);
  g_assert_error (error, DECK_NET_ERROR, DECK_NET_ERROR_INSECURE_URL);
  g_clear_error (&error);

  client = deck_flowfuse_client_new ("http://127.0.0.1:1880/", &error);
  g_assert_no_error (error);
  g_clear_object (&client);

  client = deck_flowfuse_client_new ("ftp://example.com", &error);
  g_assert_error (error, DECK_NET_ERROR, DECK_NET_ERROR_INVALID_URL);
  g_clear_error (&error);

  client = deck_flowfuse_client_new ("https://user:pw@example.com", &error);
  g_assert_error (error, DECK_NET_ERROR, DECK_NET_ERROR_INVALID_URL);
  g_clear_error (&error);

  client = deck_flowfuse_client_new ("  ", &error);
  g_assert_error (error, DECK_NET_ERROR, DECK_NET_ERROR_INVALID_URL);
}

static void
test_one_credential_per_request (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) teams = NULL;
  SoupMessageHeaders *headers;

  /* N4 in SECURITY.md: with a token, a bearer header and no cookie … */
  deck_fault_server_set_json (fixture->server, TEAMS_PATH, 200, TEAMS_JSON);
  teams = list_teams (fixture, &error);
  g_assert_no_error (error);
  headers = deck_fault_server_get_last_headers (fixture->server, TEAMS_PATH);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Authorization"), ==,
                   "Bearer ffpat_fault-test-token");
  g_assert_null (soup_message_headers_get_one (headers, "Cookie"));
  g_clear_object (&teams);

  /* … with a web session, the cookie and no bearer … */
  deck_flowfuse_client_set_session_cookie (fixture->client, "session-cookie-value");
  teams = list_teams (fixture, &error);
  g_assert_no_error (error);
  headers = deck_fault_server_get_last_headers (fixture->server, TEAMS_PATH);
  g_assert_null (soup_message_headers_get_one (headers, "Authorization"));
  g_assert_nonnull (strstr (soup_message_headers_get_one (headers, "Cookie"),
                            "sid=session-cookie-value"));
  g_clear_object (&teams);

  /* … and back to a token: the cookie is gone for good. */
  deck_flowfuse_client_set_token (fixture->client, "ffpat_second");
  teams = list_teams (fixture, &error);
  g_assert_no_error (error);
  headers = deck_fault_server_get_last_headers (fixture->server, TEAMS_PATH);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Authorization"), ==,
                   "Bearer ffpat_second");
  g_assert_null (soup_message_headers_get_one (headers, "Cookie"));
}

static void
test_expired_oauth_never_sent (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) teams = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) past = g_date_time_add_minutes (now, -5);

  deck_fault_server_set_json (fixture->server, TEAMS_PATH, 200, TEAMS_JSON);
  deck_flowfuse_client_set_oauth_tokens (fixture->client, "ffu_expired", NULL, past);
  teams = list_teams (fixture, &error);
  g_assert_null (teams);
  g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_TOKEN_EXPIRED);
  /* FlowFuse deletes the whole token row when it sees an expired token,
   * so it must never reach the server. */
  g_assert_cmpuint (deck_fault_server_get_hits (fixture->server, TEAMS_PATH), ==, 0);
}

typedef struct
{
  char *access;
  char *refresh;
  guint count;
} Changed;

static void
tokens_changed_cb (DeckFlowfuseClient *client,
                   const char         *access,
                   const char         *refresh,
                   GDateTime          *expires_at,
                   gpointer            user_data)
{
  Changed *changed = user_data;

  changed->count++;
  g_free (changed->access);
  g_free (changed->refresh);
  changed->access = g_strdup (access);
  changed->refresh = g_strdup (refresh);
}

static void
test_refresh_before_expiry (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) teams = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) soon = g_date_time_add_seconds (now, 20);
  Changed changed = { 0 };
  SoupMessageHeaders *headers;
  GBytes *sent;
  g_autofree char *text = NULL;

  deck_fault_server_set_json (fixture->server, TEAMS_PATH, 200, TEAMS_JSON);
  deck_fault_server_set_json (fixture->server, "/account/token", 200,
                              "{\"access_token\":\"ffu_new-access\",\"expires_in\":1799,"
                              "\"refresh_token\":\"ffu_new-refresh\"}");
  deck_flowfuse_client_set_oauth_tokens (fixture->client, "ffu_old-access", "ffu_old-refresh",
                                         soon);
  g_signal_connect (fixture->client, "tokens-changed", G_CALLBACK (tokens_changed_cb), &changed);

  /* Two calls at once share one refresh. */
  {
    GAsyncResult *slot1 = NULL;
    GAsyncResult *slot2 = NULL;
    g_autoptr(GAsyncResult) r1 = NULL;
    g_autoptr(GAsyncResult) r2 = NULL;
    g_autoptr(GListModel) t2 = NULL;

    deck_flowfuse_client_list_teams_async (fixture->client, NULL, deck_test_store_result_cb,
                                           &slot1);
    deck_flowfuse_client_list_teams_async (fixture->client, NULL, deck_test_store_result_cb,
                                           &slot2);
    r1 = deck_test_wait_result (&slot1, 30);
    r2 = deck_test_wait_result (&slot2, 30);
    teams = deck_flowfuse_client_finish_list (fixture->client, r1, &error);
    g_assert_no_error (error);
    t2 = deck_flowfuse_client_finish_list (fixture->client, r2, &error);
    g_assert_no_error (error);
  }

  g_assert_cmpuint (deck_fault_server_get_hits (fixture->server, "/account/token"), ==, 1);
  g_assert_cmpuint (changed.count, ==, 1);
  g_assert_cmpstr (changed.access, ==, "ffu_new-access");
  g_assert_cmpstr (changed.refresh, ==, "ffu_new-refresh");

  sent = deck_fault_server_get_last_body (fixture->server, "/account/token");
  text = g_strndup (g_bytes_get_data (sent, NULL), g_bytes_get_size (sent));
  g_assert_nonnull (strstr (text, "\"grant_type\":\"refresh_token\""));
  g_assert_nonnull (strstr (text, "\"refresh_token\":\"ffu_old-refresh\""));
  g_assert_nonnull (strstr (text, "\"client_id\":\"ff-plugin\""));

  headers = deck_fault_server_get_last_headers (fixture->server, TEAMS_PATH);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Authorization"), ==,
                   "Bearer ffu_new-access");

  g_free (changed.access);
  g_free (changed.refresh);
}

static void
test_refresh_refused (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) teams = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) soon = g_date_time_add_seconds (now, 20);

  deck_fault_server_set_json (fixture->server, TEAMS_PATH, 200, TEAMS_JSON);
  deck_fault_server_set_json (fixture->server, "/account/token", 400,
                              "{\"error\":\"invalid_request\",\"description\":\"bad token\"}");
  deck_flowfuse_client_set_oauth_tokens (fixture->client, "ffu_a", "ffu_dead-refresh", soon);
  teams = list_teams (fixture, &error);
  g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_TOKEN_EXPIRED);
  g_assert_cmpuint (deck_fault_server_get_hits (fixture->server, TEAMS_PATH), ==, 0);
  g_assert_cmpint (deck_flowfuse_client_get_credential (fixture->client), ==,
                   DECK_FLOWFUSE_CREDENTIAL_NONE);
  g_assert_cmpuint (fixture->rejected, ==, 1);
}

static void
test_cancel_in_flight (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) teams = NULL;
  GAsyncResult *slot = NULL;

  deck_flowfuse_client_set_timeout (fixture->client, 60);
  deck_fault_server_set (fixture->server, TEAMS_PATH, DECK_FAULT_STALL, 200, NULL, NULL);
  deck_flowfuse_client_list_teams_async (fixture->client, cancellable,
                                         deck_test_store_result_cb, &slot);
  while (deck_fault_server_get_hits (fixture->server, TEAMS_PATH) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (cancellable);
  result = deck_test_wait_result (&slot, 5);
  teams = deck_flowfuse_client_finish_list (fixture->client, result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_paging (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) instances = NULL;

  deck_fault_server_set_json (fixture->server, "/api/v1/teams/t1/projects?page=1&limit=100", 200,
                              "{\"count\":3,\"meta\":{\"page\":1,\"pageSize\":2,\"total\":3,"
                              "\"pageCount\":2},\"projects\":["
                              "{\"id\":\"a\",\"name\":\"one\"},{\"id\":\"b\",\"name\":\"two\"}]}");
  deck_fault_server_set_json (fixture->server, "/api/v1/teams/t1/projects?page=2&limit=100", 200,
                              "{\"count\":3,\"meta\":{\"page\":2,\"pageSize\":2,\"total\":3,"
                              "\"pageCount\":2},\"projects\":[{\"id\":\"c\",\"name\":\"three\"}]}");
  instances = list_instances (fixture, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (instances), ==, 3);
  {
    g_autoptr(DeckFfInstance) last = g_list_model_get_item (instances, 2);

    g_assert_cmpstr (deck_ff_instance_get_name (last), ==, "three");
  }
}


#define TEAM_STATUS_PATH "/api/v1/teams/t1/applications/status"
#define LIST_PATH "/api/v1/teams/t1/projects?page=1&limit=100"
#define TWO_APPS_LIST \
  "{\"count\":2,\"projects\":[" \
  "{\"id\":\"a\",\"name\":\"one\",\"team\":{\"id\":\"t1\"},\"application\":{\"id\":\"app1\",\"name\":\"First\"}}," \
  "{\"id\":\"b\",\"name\":\"two\",\"team\":{\"id\":\"t1\"},\"application\":{\"id\":\"app2\",\"name\":\"Second\"}}]}"

static GListModel *
list_with_states (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GListModel *instances;

  instances = list_instances (fixture, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (instances), ==, 2);
  return instances;
}

static DeckFfInstanceState
state_of (GListModel *instances,
          guint       position)
{
  g_autoptr(DeckFfInstance) instance = g_list_model_get_item (instances, position);

  return deck_ff_instance_get_state_id (instance);
}

/* The live states of a team's instances in several applications come
 * from one team-wide request (not one per application); a server without
 * it is asked per application. The same for a refresh. */
static void
test_team_states (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GListModel) instances = NULL;
  g_autoptr(GListModel) fallback = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  deck_fault_server_set_json (fixture->server, LIST_PATH, 200, TWO_APPS_LIST);
  deck_fault_server_set_json (fixture->server, TEAM_STATUS_PATH, 200,
                              "{\"count\":2,\"applications\":["
                              "{\"id\":\"app1\",\"instances\":[{\"id\":\"a\",\"meta\":{\"state\":\"running\"}}],\"devices\":[]},"
                              "{\"id\":\"app2\",\"instances\":[{\"id\":\"b\",\"meta\":{\"state\":\"stopped\"}}],\"devices\":[]}]}");
  instances = list_with_states (fixture);
  g_assert_cmpint (state_of (instances, 0), ==, DECK_FF_INSTANCE_STATE_RUNNING);
  g_assert_cmpint (state_of (instances, 1), ==, DECK_FF_INSTANCE_STATE_STOPPED);
  g_assert_cmpuint (deck_fault_server_get_hits (fixture->server, TEAM_STATUS_PATH), ==, 1);
  g_assert_cmpuint (deck_fault_server_get_hits (fixture->server, "/api/v1/applications/app1/instances/status"), ==, 0);

  /* A refresh of both applications' instances: again one request. */
  deck_fault_server_set_json (fixture->server, TEAM_STATUS_PATH, 200,
                              "{\"count\":2,\"applications\":["
                              "{\"id\":\"app1\",\"instances\":[{\"id\":\"a\",\"meta\":{\"state\":\"stopping\"}}]},"
                              "{\"id\":\"app2\",\"instances\":[{\"id\":\"b\",\"meta\":{\"state\":\"starting\"}}]}]}");
  deck_flowfuse_client_refresh_states_async (fixture->client, instances, NULL,
                                             deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 30);
  g_assert_true (deck_flowfuse_client_finish_boolean (fixture->client, result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (state_of (instances, 0), ==, DECK_FF_INSTANCE_STATE_STOPPING);
  g_assert_cmpint (state_of (instances, 1), ==, DECK_FF_INSTANCE_STATE_STARTING);
  g_assert_cmpuint (deck_fault_server_get_hits (fixture->server, TEAM_STATUS_PATH), ==, 2);
  g_assert_cmpuint (deck_fault_server_get_hits (fixture->server, "/api/v1/applications/app2/instances/status"), ==, 0);

  /* A server without it: per application, same result. */
  deck_fault_server_set_json (fixture->server, TEAM_STATUS_PATH, 404,
                              "{\"code\":\"not_found\",\"error\":\"Not Found\"}");
  deck_fault_server_set_json (fixture->server, "/api/v1/applications/app1/instances/status", 200,
                              "{\"count\":1,\"instances\":[{\"id\":\"a\",\"meta\":{\"state\":\"crashed\"}}]}");
  deck_fault_server_set_json (fixture->server, "/api/v1/applications/app2/instances/status", 200,
                              "{\"count\":1,\"instances\":[{\"id\":\"b\",\"meta\":{\"state\":\"running\"}}]}");
  fallback = list_with_states (fixture);
  g_assert_cmpint (state_of (fallback, 0), ==, DECK_FF_INSTANCE_STATE_CRASHED);
  g_assert_cmpint (state_of (fallback, 1), ==, DECK_FF_INSTANCE_STATE_RUNNING);
  g_assert_cmpuint (deck_fault_server_get_hits (fixture->server, "/api/v1/applications/app1/instances/status"), ==, 1);
  g_assert_cmpuint (deck_fault_server_get_hits (fixture->server, "/api/v1/applications/app2/instances/status"), ==, 1);
  g_assert_cmpuint (fixture->rejected, ==, 0);
}

/* The team's states are asked for as soon as the list's answer starts,
 * not after it is in and parsed: the server works them out meanwhile.
 * An instance they do not name (created in between) is asked for on its
 * own. */
static void
test_states_beside_list (Fixture       *fixture,
                         gconstpointer  data)
{
  const char *list = "{\"projects\":[{\"id\":\"a\",\"name\":\"1\",\"application\":{\"id\":\"p\"}},"
                     "{\"id\":\"b\",\"name\":\"2\",\"application\":{\"id\":\"p\"}}]}";
  g_autoptr(GBytes) body = g_bytes_new_static (list, strlen (list));
  g_autoptr(GListModel) instances = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  deck_fault_server_set_json (fixture->server, TEAM_STATUS_PATH, 200,
                              "{\"count\":1,\"applications\":[{\"id\":\"p\",\"instances\":"
                              "[{\"id\":\"a\",\"meta\":{\"state\":\"running\"}}]}]}");
  deck_fault_server_set_json (fixture->server, "/api/v1/applications/p/instances/status", 200,
                              "{\"count\":1,\"instances\":[{\"id\":\"b\",\"meta\":{\"state\":\"stopped\"}}]}");

  /* A list whose body never completes: its headers alone start the
   * states. */
  deck_fault_server_set (fixture->server, LIST_PATH, DECK_FAULT_TRUNCATE, 200, "application/json",
                         body);
  instances = list_instances (fixture, TRUE, &error);
  g_assert_nonnull (error);
  g_assert_null (instances);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (deck_fault_server_get_hits (fixture->server, TEAM_STATUS_PATH) == 0 &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (deck_fault_server_get_hits (fixture->server, TEAM_STATUS_PATH), ==, 1);

  g_clear_error (&error);
  deck_fault_server_set (fixture->server, LIST_PATH, DECK_FAULT_RESPOND, 200, "application/json",
                         body);
  instances = list_instances (fixture, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (instances), ==, 2);
  g_assert_cmpint (state_of (instances, 0), ==, DECK_FF_INSTANCE_STATE_RUNNING);
  g_assert_cmpint (state_of (instances, 1), ==, DECK_FF_INSTANCE_STATE_STOPPED);
  g_assert_cmpuint (deck_fault_server_get_hits (fixture->server, TEAM_STATUS_PATH), ==, 2);
  g_assert_cmpuint (deck_fault_server_get_hits (fixture->server, "/api/v1/applications/p/instances/status"), ==, 1);
}

/* Lists team t1's instances while the server holds the list back: were
 * the team's states asked for meanwhile? */
static gboolean
states_asked_before_list (Fixture *fixture)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) instances = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  guint lists = deck_fault_server_get_hits (fixture->server, LIST_PATH);
  guint states = deck_fault_server_get_hits (fixture->server, TEAM_STATUS_PATH);
  gboolean asked;
  gint64 deadline;

  deck_fault_server_set (fixture->server, LIST_PATH, DECK_FAULT_STALL, 200, NULL, NULL);
  deck_flowfuse_client_list_instances_async (fixture->client, "t1", cancellable,
                                             deck_test_store_result_cb, &slot);
  deadline = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (deck_fault_server_get_hits (fixture->server, LIST_PATH) == lists &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (deck_fault_server_get_hits (fixture->server, LIST_PATH), ==, lists + 1);

  /* Sent in the same turn as the list, if at all. */
  deadline = g_get_monotonic_time () + G_USEC_PER_SEC / 4;
  while (deck_fault_server_get_hits (fixture->server, TEAM_STATUS_PATH) == states &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  asked = deck_fault_server_get_hits (fixture->server, TEAM_STATUS_PATH) > states;

  g_cancellable_cancel (cancellable);
  result = deck_test_wait_result (&slot, 30);
  instances = deck_flowfuse_client_finish_list (fixture->client, result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (instances);
  return asked;
}

/* A team known to be small has its states asked for with its list; one
 * not known, or known to be large, when the list's answer comes. Known
 * from the team list, and from the team's last list. */
static void
test_states_with_small_team_list (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GString) large = g_string_new ("{\"projects\":[");
  g_autoptr(GListModel) teams = NULL;
  g_autoptr(GListModel) instances = NULL;
  g_autoptr(GError) error = NULL;

  deck_fault_server_set_json (fixture->server, TEAM_STATUS_PATH, 200,
                              "{\"count\":0,\"applications\":[]}");
  g_assert_false (states_asked_before_list (fixture));

  /* The team list says t1 has two. */
  deck_fault_server_set_json (fixture->server, TEAMS_PATH, 200, TEAMS_JSON);
  teams = list_teams (fixture, &error);
  g_assert_no_error (error);
  g_assert_true (states_asked_before_list (fixture));

  /* Its list then says 1,001. */
  for (guint i = 0; i < 1001; i++)
    g_string_append_printf (large, "%s{\"id\":\"i%u\",\"name\":\"n%u\",\"application\":{\"id\":\"p\"}}",
                            i ? "," : "", i, i);
  g_string_append (large, "]}");
  deck_fault_server_set_json (fixture->server, LIST_PATH, 200, large->str);
  instances = list_instances (fixture, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (instances), ==, 1001);
  g_assert_false (states_asked_before_list (fixture));

  /* And two again. */
  g_clear_object (&instances);
  deck_fault_server_set_json (fixture->server, LIST_PATH, 200, TWO_APPS_LIST);
  instances = list_instances (fixture, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (states_asked_before_list (fixture));
}

/* A list the server refuses asks for no states; a refusal of the states
 * after the list is announced once; a list without states asks for
 * none. */
static void
test_no_states_after_refusal (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GListModel) instances = NULL;
  g_autoptr(GError) error = NULL;

  deck_fault_server_set_json (fixture->server, LIST_PATH, 401,
                              "{\"code\":\"unauthorized\",\"error\":\"unauthorized\"}");
  deck_fault_server_set_json (fixture->server, TEAM_STATUS_PATH, 401,
                              "{\"code\":\"unauthorized\",\"error\":\"unauthorized\"}");
  instances = list_instances (fixture, TRUE, &error);
  g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_UNAUTHORIZED);
  g_assert_null (instances);
  g_assert_cmpuint (fixture->rejected, ==, 1);

  /* Let anything still in flight land before counting. */
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (deck_fault_server_get_hits (fixture->server, TEAM_STATUS_PATH), ==, 0);
  g_assert_cmpuint (fixture->rejected, ==, 1);

  /* Signed out between the list and its states: said once, not once
   * per status call. */
  g_clear_error (&error);
  deck_fault_server_set_json (fixture->server, LIST_PATH, 200, TWO_APPS_LIST);
  deck_fault_server_set_json (fixture->server, "/api/v1/applications/app1/instances/status", 401,
                              "{\"code\":\"unauthorized\",\"error\":\"unauthorized\"}");
  deck_fault_server_set_json (fixture->server, "/api/v1/applications/app2/instances/status", 401,
                              "{\"code\":\"unauthorized\",\"error\":\"unauthorized\"}");
  instances = list_instances (fixture, TRUE, &error);
  g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_UNAUTHORIZED);
  g_assert_null (instances);
  g_assert_cmpuint (deck_fault_server_get_hits (fixture->server, TEAM_STATUS_PATH), ==, 1);
  g_assert_cmpuint (fixture->rejected, ==, 2);

  g_clear_error (&error);
  instances = list_instances (fixture, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (instances), ==, 2);
  g_assert_cmpint (state_of (instances, 0), ==, DECK_FF_INSTANCE_STATE_UNKNOWN);
  g_assert_cmpuint (deck_fault_server_get_hits (fixture->server, TEAM_STATUS_PATH), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/flowfuse/faults/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("ok", test_ok);
  ADD ("team-states", test_team_states);
  ADD ("states-beside-list", test_states_beside_list);
  ADD ("states-with-small-team-list", test_states_with_small_team_list);
  ADD ("no-states-after-refusal", test_no_states_after_refusal);
  ADD ("server-error", test_server_error);
  ADD ("server-codes", test_server_codes);
  ADD ("unauthorized-mid-session", test_unauthorized_mid_session);
  ADD ("rate-limited", test_rate_limited);
  ADD ("stalled", test_stalled);
  ADD ("truncated", test_truncated);
  ADD ("reset", test_reset);
  ADD ("malformed", test_malformed);
  ADD ("html-instead-of-json", test_html_instead_of_json);
  ADD ("html-error-page", test_html_error_page);
  ADD ("huge-body", test_huge_body);
  ADD ("large-valid-body", test_large_valid_body);
  ADD ("missing-field", test_missing_field);
  ADD ("invalid-input-names-field", test_invalid_input_names_field);
  ADD ("one-credential-per-request", test_one_credential_per_request);
  ADD ("expired-oauth-never-sent", test_expired_oauth_never_sent);
  ADD ("refresh-before-expiry", test_refresh_before_expiry);
  ADD ("refresh-refused", test_refresh_refused);
  ADD ("cancel-in-flight", test_cancel_in_flight);
  ADD ("paging", test_paging);
  g_test_add_func ("/flowfuse/faults/refused", test_refused);
  g_test_add_func ("/flowfuse/faults/url-rules", test_url_rules);

  return g_test_run ();
}
