/* test-node-red-faults.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Node-RED admin API client against an in-process fault-injecting
 * SoupServer: each error shape Node-RED (or a proxy in front of it) can
 * send must map to the right DECK_NODE_RED_ERROR; request bodies must be
 * properly encoded; a revocation that Node-RED acknowledges but does not
 * carry out must be reported; no token or password may reach a log.
 */

#include "config.h"

#include <string.h>

#include "deck-fault-server.h"
#include "deck-http.h"
#include "deck-node-red-client.h"
#include "deck-test-util.h"

#define SECRET_PASSWORD "p+a&b=c/d e%"
#define SECRET_TOKEN    "a+b/c="

/* Every log line of the run, to prove that no secret is ever logged. */
static GString *log_capture;

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].key, "MESSAGE") == 0 && fields[i].length < 0)
      {
        g_string_append (log_capture, fields[i].value);
        g_string_append_c (log_capture, '\n');
      }

  /* Only problems reach the terminal: debug lines would go to stdout,
   * into the TAP stream. */
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (log_level, fields, n_fields, user_data);

  return G_LOG_WRITER_HANDLED;
}

typedef struct
{
  DeckFaultServer   *server;
  DeckNodeRedClient *client;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->server = deck_fault_server_new ();
  fixture->client = deck_node_red_client_new (deck_fault_server_get_url (fixture->server),
                                              &error);
  g_assert_no_error (error);
  deck_node_red_client_set_timeout (fixture->client, 2);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

#define RUN(call_expr) \
  G_STMT_START { \
    GAsyncResult *slot_ = NULL; \
    g_clear_object (&result); \
    call_expr; \
    result = deck_test_wait_result (&slot_, 30); \
  } G_STMT_END
#define CB deck_test_store_result_cb, &slot_

static char *
last_body (Fixture    *fixture,
           const char *path)
{
  GBytes *body = deck_fault_server_get_last_body (fixture->server, path);
  gsize len = 0;
  const char *data;

  g_assert_nonnull (body);
  data = g_bytes_get_data (body, &len);
  return g_strndup (data, len);
}

static const char *
last_header (Fixture    *fixture,
             const char *path,
             const char *name)
{
  SoupMessageHeaders *headers = deck_fault_server_get_last_headers (fixture->server, path);

  g_assert_nonnull (headers);
  return soup_message_headers_get_one (headers, name);
}

static void
set_raw (Fixture    *fixture,
         const char *path,
         guint       status,
         const char *content_type,
         const char *text)
{
  g_autoptr(GBytes) body = text ? g_bytes_new (text, strlen (text)) : NULL;

  deck_fault_server_set (fixture->server, path, DECK_FAULT_RESPOND, status, content_type, body);
}

static DeckNrLoginInfo *
probe (Fixture  *fixture,
       GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  RUN (deck_node_red_client_probe_async (fixture->client, NULL, CB));
  return deck_node_red_client_probe_finish (fixture->client, result, error);
}

static DeckNrSettings *
get_settings (Fixture  *fixture,
              GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  RUN (deck_node_red_client_get_settings_async (fixture->client, NULL, CB));
  return deck_node_red_client_get_settings_finish (fixture->client, result, error);
}

static gboolean
login (Fixture     *fixture,
       const char  *scope,
       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  RUN (deck_node_red_client_login_async (fixture->client, "admin", SECRET_PASSWORD, scope,
                                         NULL, CB));
  return deck_node_red_client_login_finish (fixture->client, result, error);
}

static char *
reload (Fixture  *fixture,
        GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  RUN (deck_node_red_client_reload_flows_async (fixture->client, NULL, CB));
  return deck_node_red_client_reload_flows_finish (fixture->client, result, error);
}

static gboolean
do_revoke (Fixture  *fixture,
           GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  RUN (deck_node_red_client_revoke_async (fixture->client, NULL, CB));
  return deck_node_red_client_revoke_finish (fixture->client, result, error);
}

/*
 * Probe
 */

static void
test_probe_schemes (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckNrLoginInfo) credentials = NULL;
  g_autoptr(DeckNrLoginInfo) none = NULL;
  g_autoptr(DeckNrLoginInfo) strategy = NULL;
  g_autofree char *expected_url = NULL;
  DeckNrPrompt *prompt;

  deck_fault_server_set_json (fixture->server, "/auth/login", 200,
                              "{\"type\":\"credentials\",\"prompts\":["
                              "{\"id\":\"username\",\"type\":\"text\",\"label\":\"user.username\"},"
                              "{\"id\":\"password\",\"type\":\"password\",\"label\":\"user.password\"}]}");
  credentials = probe (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpint (credentials->auth, ==, DECK_NODE_RED_AUTH_CREDENTIALS);
  g_assert_cmpuint (credentials->prompts->len, ==, 2);
  prompt = g_ptr_array_index (credentials->prompts, 1);
  g_assert_cmpstr (prompt->id, ==, "password");
  g_assert_cmpstr (prompt->type, ==, "password");
  g_assert_cmpstr (prompt->label, ==, "user.password");
  g_assert_null (credentials->strategy_url);
  /* The probe is anonymous. */
  g_assert_null (last_header (fixture, "/auth/login", "Authorization"));

  deck_fault_server_set_json (fixture->server, "/auth/login", 200, "{}");
  none = probe (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpint (none->auth, ==, DECK_NODE_RED_AUTH_NONE);
  g_assert_cmpuint (none->prompts->len, ==, 0);

  /* FlowFuse's launcher, with a hostile-looking prompt URL that is not
   * followed: the strategy route is fixed. */
  deck_fault_server_set_json (fixture->server, "/auth/login", 200,
                              "{\"type\":\"strategy\",\"autoLogin\":true,"
                              "\"loginRedirect\":\"auth/strategy\",\"prompts\":[{\"type\":\"button\","
                              "\"label\":\"Sign in\",\"icon\":\"fa-user\","
                              "\"url\":\"https://evil.example/auth/strategy\"}]}");
  strategy = probe (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpint (strategy->auth, ==, DECK_NODE_RED_AUTH_STRATEGY);
  g_assert_cmpstr (strategy->strategy_label, ==, "Sign in");
  g_assert_cmpstr (strategy->strategy_icon, ==, "fa-user");
  g_assert_true (strategy->auto_login);
  expected_url = g_strconcat (deck_fault_server_get_url (fixture->server), "/auth/strategy", NULL);
  g_assert_cmpstr (strategy->strategy_url, ==, expected_url);
}

static void
test_probe_not_node_red (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckNrLoginInfo) info = NULL;

  /* A web page (the dashboard, a proxy's login page). */
  set_raw (fixture, "/auth/login", 200, "text/html", "<html><body>Hello</body></html>");
  info = probe (fixture, &error);
  g_assert_null (info);
  g_assert_error (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_NOT_NODE_RED);
  g_clear_error (&error);

  /* No such route. */
  set_raw (fixture, "/auth/login", 404, "text/html", "<pre>Cannot GET /auth/login</pre>");
  info = probe (fixture, &error);
  g_assert_null (info);
  g_assert_error (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_NOT_NODE_RED);
  g_clear_error (&error);

  /* JSON, but not an object. */
  deck_fault_server_set_json (fixture->server, "/auth/login", 200, "[1,2,3]");
  info = probe (fixture, &error);
  g_assert_null (info);
  g_assert_error (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_NOT_NODE_RED);
  g_clear_error (&error);

  /* An unknown scheme. */
  deck_fault_server_set_json (fixture->server, "/auth/login", 200, "{\"type\":\"saml\"}");
  info = probe (fixture, &error);
  g_assert_null (info);
  g_assert_error (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_UNEXPECTED_RESPONSE);
  g_assert_nonnull (strstr (error->message, "saml"));
}

/*
 * Sign-in
 */

static void
test_login_form_encoded (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  const char * const *scope;

  deck_fault_server_set_json (fixture->server, "/auth/token", 200,
                              "{\"access_token\":\"" SECRET_TOKEN "\",\"expires_in\":604800,"
                              "\"token_type\":\"Bearer\"}");
  g_assert_true (login (fixture, DECK_NODE_RED_SCOPE_READ, &error));
  g_assert_no_error (error);

  body = last_body (fixture, "/auth/token");
  /* Everything escaped: "+", "&", "=", "/", "%" would otherwise change the
   * value; a space becomes "+". */
  g_assert_cmpstr (body, ==, "client_id=node-red-admin&grant_type=password&scope=read"
                             "&username=admin&password=p%2Ba%26b%3Dc%2Fd+e%25");
  g_assert_cmpstr (last_header (fixture, "/auth/token", "Content-Type"), ==,
                   "application/x-www-form-urlencoded");
  g_assert_null (last_header (fixture, "/auth/token", "Authorization"));

  g_assert_true (deck_node_red_client_has_token (fixture->client));
  g_assert_cmpstr (deck_node_red_client_get_token (fixture->client), ==, SECRET_TOKEN);
  scope = deck_node_red_client_get_scope (fixture->client);
  g_assert_nonnull (scope);
  g_assert_cmpstr (scope[0], ==, "read");
  g_assert_true (deck_node_red_client_is_read_only (fixture->client));
  g_assert_nonnull (deck_node_red_client_get_token_expiry (fixture->client));
}

static void
test_login_invalid_grant (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  deck_fault_server_set_json (fixture->server, "/auth/token", 403,
                              "{\"error\":\"invalid_grant\","
                              "\"error_description\":\"Invalid resource owner credentials\"}");
  g_assert_false (login (fixture, DECK_NODE_RED_SCOPE_ALL, &error));
  g_assert_error (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_INVALID_CREDENTIALS);
  g_assert_cmpstr (deck_node_red_error_get_server_code (error), ==, "invalid_grant");
  g_assert_false (deck_node_red_client_has_token (fixture->client));
}

static void
test_login_too_many_attempts (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* Node-RED's own limit: a 500 from oauth2orize's error handler. */
  deck_fault_server_set_json (fixture->server, "/auth/token", 500,
                              "{\"error\":\"server_error\",\"error_description\":"
                              "\"Too many login attempts. Wait 10 minutes and try again\"}");
  g_assert_false (login (fixture, DECK_NODE_RED_SCOPE_ALL, &error));
  g_assert_error (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_TOO_MANY_ATTEMPTS);
  g_assert_nonnull (strstr (error->message, "10 minutes"));
  g_clear_error (&error);

  /* A proxy's 429 with Retry-After. */
  deck_fault_server_set_json (fixture->server, "/auth/token", 429,
                              "{\"error\":\"Too Many Requests\"}");
  deck_fault_server_set_header (fixture->server, "/auth/token", "Retry-After", "30");
  g_assert_false (login (fixture, DECK_NODE_RED_SCOPE_ALL, &error));
  g_assert_error (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_TOO_MANY_ATTEMPTS);
  g_assert_cmpint (deck_node_red_error_get_retry_after (error), ==, 30);
  g_assert_nonnull (strstr (error->message, "30"));
}

static void
test_exchange_code (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckNrSettings) settings = NULL;
  g_autofree char *body = NULL;
  const char * const *scope;

  deck_fault_server_set_json (fixture->server, "/auth/token", 200,
                              "{\"accessToken\":\"exchanged+token==\",\"expires_in\":604800}");
  RUN (deck_node_red_client_exchange_code_async (fixture->client, "c0de+/=", NULL, CB));
  g_assert_true (deck_node_red_client_exchange_code_finish (fixture->client, result, &error));
  g_assert_no_error (error);
  body = last_body (fixture, "/auth/token");
  g_assert_cmpstr (body, ==, "{\"code\":\"c0de+/=\"}");
  g_assert_cmpstr (last_header (fixture, "/auth/token", "Content-Type"), ==, "application/json");
  g_assert_cmpstr (deck_node_red_client_get_token (fixture->client), ==, "exchanged+token==");

  /* The scope is unknown until the settings tell the user's permissions. */
  g_assert_null (deck_node_red_client_get_scope (fixture->client));
  deck_fault_server_set_json (fixture->server, "/settings", 200,
                              "{\"version\":\"5.0.4\",\"user\":{\"username\":\"alice\","
                              "\"permissions\":[\"read\"]}}");
  settings = get_settings (fixture, &error);
  g_assert_no_error (error);
  scope = deck_node_red_client_get_scope (fixture->client);
  g_assert_nonnull (scope);
  g_assert_cmpstr (scope[0], ==, "read");
  g_assert_null (scope[1]);
  g_assert_true (deck_node_red_client_is_read_only (fixture->client));

  /* An expired or replayed code. */
  deck_fault_server_set_json (fixture->server, "/auth/token", 400,
                              "{\"error\":\"Error: Invalid exchange code\"}");
  RUN (deck_node_red_client_exchange_code_async (fixture->client, "old", NULL, CB));
  g_assert_false (deck_node_red_client_exchange_code_finish (fixture->client, result, &error));
  g_assert_error (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_INVALID_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "20 seconds"));
}

/*
 * Error shapes on the admin API
 */

static void
test_error_shapes (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckNrSettings) settings = NULL;

  deck_node_red_client_set_token (fixture->client, SECRET_TOKEN, DECK_NODE_RED_SCOPE_ALL);

  /* {code, message} (apiUtil.rejectHandler) */
  deck_fault_server_set_json (fixture->server, "/settings", 400,
                              "{\"code\":\"invalid_api_version\","
                              "\"message\":\"Invalid API Version requested\"}");
  settings = get_settings (fixture, &error);
  g_assert_null (settings);
  g_assert_error (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_UNEXPECTED_RESPONSE);
  g_assert_cmpstr (deck_node_red_error_get_server_code (error), ==, "invalid_api_version");
  g_assert_nonnull (strstr (error->message, "Invalid API Version requested"));
  g_clear_error (&error);

  /* {error, error_description} with a 5xx */
  deck_fault_server_set_json (fixture->server, "/settings", 500,
                              "{\"error\":\"unexpected_error\",\"error_description\":\"disk full\"}");
  settings = get_settings (fixture, &error);
  g_assert_error (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_SERVER_ERROR);
  g_assert_cmpstr (deck_node_red_error_get_server_code (error), ==, "unexpected_error");
  g_assert_nonnull (strstr (error->message, "500"));
  g_assert_nonnull (strstr (error->message, "disk full"));
  g_clear_error (&error);

  /* Passport's 401: text "Unauthorized" and a challenge. */
  set_raw (fixture, "/settings", 401, "text/plain", "Unauthorized");
  deck_fault_server_set_header (fixture->server, "/settings", "WWW-Authenticate",
                                "Bearer realm=\"Users\", error=\"invalid_token\"");
  settings = get_settings (fixture, &error);
  g_assert_error (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (error->message, "Sign in again"));
  g_clear_error (&error);

  /* A bare 401 without a body. */
  set_raw (fixture, "/flows", 401, "text/plain", NULL);
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(DeckNrFlows) flows = NULL;

    RUN (deck_node_red_client_get_flows_async (fixture->client, NULL, CB));
    flows = deck_node_red_client_get_flows_finish (fixture->client, result, &error);
    g_assert_null (flows);
    g_assert_error (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_UNAUTHORIZED);
    g_clear_error (&error);
  }

  /* A bare 403 without a body. */
  set_raw (fixture, "/nodes", 403, "text/plain", NULL);
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GListModel) modules = NULL;

    RUN (deck_node_red_client_list_modules_async (fixture->client, NULL, CB));
    modules = deck_node_red_client_list_modules_finish (fixture->client, result, &error);
    g_assert_null (modules);
    g_assert_error (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_FORBIDDEN);
    g_clear_error (&error);
  }

  /* Diagnostics turned off: 403 {code, message}. */
  deck_fault_server_set_json (fixture->server, "/diagnostics", 403,
                              "{\"code\":\"diagnostics.disabled\","
                              "\"message\":\"diagnostics are disabled\"}");
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(JsonObject) report = NULL;

    RUN (deck_node_red_client_get_diagnostics_async (fixture->client, NULL, CB));
    report = deck_node_red_client_get_diagnostics_finish (fixture->client, result, &error);
    g_assert_null (report);
    g_assert_error (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_FORBIDDEN);
    g_assert_cmpstr (deck_node_red_error_get_server_code (error), ==, "diagnostics.disabled");
    g_clear_error (&error);
  }

  /* An unknown path. */
  deck_fault_server_set_json (fixture->server, "/settings", 404, "{\"code\":\"not_found\"}");
  settings = get_settings (fixture, &error);
  g_assert_error (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_NOT_FOUND);
}

static void
test_no_token (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckNrSettings) settings = NULL;

  set_raw (fixture, "/settings", 401, "text/plain", "Unauthorized");
  deck_fault_server_set_header (fixture->server, "/settings", "WWW-Authenticate",
                                "Bearer realm=\"Users\"");
  settings = get_settings (fixture, &error);
  g_assert_error (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (error->message, "needs a sign-in"));
  g_assert_null (last_header (fixture, "/settings", "Authorization"));
  g_assert_cmpstr (last_header (fixture, "/settings", "Node-RED-API-Version"), ==, "v2");
}

static void
test_html_instead_of_json (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckNrSettings) settings = NULL;

  deck_node_red_client_set_token (fixture->client, SECRET_TOKEN, DECK_NODE_RED_SCOPE_ALL);
  set_raw (fixture, "/settings", 200, "text/html", "<!DOCTYPE html><title>Node-RED</title>");
  settings = get_settings (fixture, &error);
  g_assert_null (settings);
  g_assert_error (error, DECK_NET_ERROR, DECK_NET_ERROR_WRONG_CONTENT_TYPE);
  g_clear_error (&error);

  /* An error status with an HTML page (a proxy) still maps by status. */
  set_raw (fixture, "/settings", 502, "text/html", "<h1>Bad Gateway</h1>");
  settings = get_settings (fixture, &error);
  g_assert_error (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_SERVER_ERROR);
  g_assert_null (strstr (error->message, "<h1>"));
}

static void
test_write_with_read_token (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *rev = NULL;

  /* Node-RED's answer to a write without the permission: a bare 401. */
  set_raw (fixture, "/flows", 401, "text/plain", NULL);

  deck_node_red_client_set_token (fixture->client, SECRET_TOKEN, DECK_NODE_RED_SCOPE_READ);
  rev = reload (fixture, &error);
  g_assert_null (rev);
  g_assert_error (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "read-only"));
  g_clear_error (&error);

  g_assert_cmpstr (last_header (fixture, "/flows", "Node-RED-Deployment-Type"), ==, "reload");
  g_assert_cmpstr (last_header (fixture, "/flows", "Node-RED-API-Version"), ==, "v2");
  g_assert_cmpstr (last_header (fixture, "/flows", "Authorization"), ==, "Bearer " SECRET_TOKEN);

  /* The same answer with a full-access token means the token is dead. */
  deck_node_red_client_set_token (fixture->client, SECRET_TOKEN, DECK_NODE_RED_SCOPE_ALL);
  rev = reload (fixture, &error);
  g_assert_error (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  deck_fault_server_set_json (fixture->server, "/flows", 200, "{\"rev\":\"abc123\"}");
  rev = reload (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rev, ==, "abc123");
}

/*
 * Revocation
 */

static void
test_revoke_form_encoded (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;

  deck_node_red_client_set_token (fixture->client, SECRET_TOKEN, DECK_NODE_RED_SCOPE_ALL);
  set_raw (fixture, "/auth/revoke", 200, "text/plain", NULL);
  set_raw (fixture, "/settings", 401, "text/plain", "Unauthorized");

  g_assert_true (do_revoke (fixture, &error));
  g_assert_no_error (error);

  body = last_body (fixture, "/auth/revoke");
  g_assert_cmpstr (body, ==, "token=a%2Bb%2Fc%3D");
  g_assert_cmpstr (last_header (fixture, "/auth/revoke", "Content-Type"), ==,
                   "application/x-www-form-urlencoded");
  g_assert_cmpstr (last_header (fixture, "/auth/revoke", "Authorization"), ==,
                   "Bearer " SECRET_TOKEN);

  /* Confirmed with the revoked token itself; then forgotten. */
  g_assert_cmpuint (deck_fault_server_get_hits (fixture->server, "/settings"), ==, 1);
  g_assert_cmpstr (last_header (fixture, "/settings", "Authorization"), ==, "Bearer " SECRET_TOKEN);
  g_assert_false (deck_node_red_client_has_token (fixture->client));
}

static void
test_revoke_not_confirmed (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  deck_node_red_client_set_token (fixture->client, SECRET_TOKEN, DECK_NODE_RED_SCOPE_ALL);
  set_raw (fixture, "/auth/revoke", 200, "text/plain", NULL);
  /* The token keeps working. */
  deck_fault_server_set_json (fixture->server, "/settings", 200,
                              "{\"version\":\"4.1.15\",\"user\":{\"username\":\"admin\","
                              "\"permissions\":\"*\"}}");

  g_assert_false (do_revoke (fixture, &error));
  g_assert_error (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_REVOKE_NOT_CONFIRMED);
  g_assert_nonnull (strstr (error->message, "still works"));
  g_assert_cmpuint (deck_fault_server_get_hits (fixture->server, "/settings"), ==, 1);
  /* The client keeps it: it is still valid, the user must know. */
  g_assert_cmpstr (deck_node_red_client_get_token (fixture->client), ==, SECRET_TOKEN);
  g_clear_error (&error);

  /* A revoke that fails outright is reported as such, without a check. */
  deck_fault_server_set_json (fixture->server, "/auth/revoke", 500,
                              "{\"code\":\"unexpected_error\",\"message\":\"boom\"}");
  g_assert_false (do_revoke (fixture, &error));
  g_assert_error (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_SERVER_ERROR);
  g_assert_cmpuint (deck_fault_server_get_hits (fixture->server, "/settings"), ==, 1);
  g_clear_error (&error);

  /* Nothing to revoke. */
  deck_node_red_client_sign_out (fixture->client);
  g_assert_false (do_revoke (fixture, &error));
  g_assert_error (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_UNAUTHORIZED);
}

/*
 * Parsing
 */

static void
test_models (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckNrSettings) settings = NULL;
  g_autoptr(DeckNrFlows) flows = NULL;
  g_autoptr(GListModel) modules = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(DeckNrFlow) tab = NULL;
  g_autoptr(DeckNrModule) module = NULL;
  const char * const *permissions;

  deck_node_red_client_set_token (fixture->client, SECRET_TOKEN, NULL);

  deck_fault_server_set_json (fixture->server, "/settings", 200,
                              "{\"httpNodeRoot\":\"/\",\"version\":\"4.1.15\",\"user\":{"
                              "\"username\":\"admin\",\"permissions\":\"*\"},"
                              "\"diagnostics\":{\"enabled\":false},\"runtimeState\":{\"enabled\":true},"
                              "\"editorTheme\":{\"tours\":false}}");
  settings = get_settings (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (deck_nr_settings_get_version (settings), ==, "4.1.15");
  g_assert_cmpstr (deck_nr_settings_get_user_name (settings), ==, "admin");
  permissions = deck_nr_settings_get_permissions (settings);
  g_assert_cmpstr (permissions[0], ==, "*");
  g_assert_null (permissions[1]);
  g_assert_false (deck_nr_settings_get_diagnostics_enabled (settings));
  g_assert_true (deck_nr_settings_get_runtime_state_enabled (settings));
  g_assert_false (deck_node_red_client_is_read_only (fixture->client));
  g_clear_object (&settings);

  /* No version: not Node-RED's settings. */
  deck_fault_server_set_json (fixture->server, "/settings", 200, "{\"user\":{}}");
  settings = get_settings (fixture, &error);
  g_assert_error (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_UNEXPECTED_RESPONSE);
  g_clear_error (&error);

  deck_fault_server_set_json (fixture->server, "/flows", 200,
                              "{\"rev\":\"r1\",\"flows\":["
                              "{\"id\":\"t1\",\"type\":\"tab\",\"label\":\"One\",\"disabled\":false},"
                              "{\"id\":\"t2\",\"type\":\"tab\",\"label\":\"\",\"disabled\":true},"
                              "{\"id\":\"sf\",\"type\":\"subflow\",\"name\":\"Sub\"},"
                              "{\"id\":\"n1\",\"type\":\"inject\",\"z\":\"t1\"},"
                              "{\"id\":\"n2\",\"type\":\"debug\",\"z\":\"t1\"},"
                              "{\"id\":\"n3\",\"type\":\"debug\",\"z\":\"sf\"},"
                              "{\"id\":\"c1\",\"type\":\"mqtt-broker\"},"
                              "42, {\"type\":\"tab\",\"id\":17}]}");
  RUN (deck_node_red_client_get_flows_async (fixture->client, NULL, CB));
  flows = deck_node_red_client_get_flows_finish (fixture->client, result, &error);
  g_assert_error (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_UNEXPECTED_RESPONSE);
  g_assert_null (flows);
  g_clear_error (&error);

  deck_fault_server_set_json (fixture->server, "/flows", 200,
                              "{\"rev\":\"r1\",\"flows\":["
                              "{\"id\":\"t1\",\"type\":\"tab\",\"label\":\"One\",\"disabled\":false},"
                              "{\"id\":\"t2\",\"type\":\"tab\",\"label\":\"\",\"disabled\":true},"
                              "{\"id\":\"sf\",\"type\":\"subflow\",\"name\":\"Sub\"},"
                              "{\"id\":\"n1\",\"type\":\"inject\",\"z\":\"t1\"},"
                              "{\"id\":\"n2\",\"type\":\"debug\",\"z\":\"t1\"},"
                              "{\"id\":\"n3\",\"type\":\"debug\",\"z\":\"sf\"},"
                              "{\"id\":\"c1\",\"type\":\"mqtt-broker\"}, 42]}");
  RUN (deck_node_red_client_get_flows_async (fixture->client, NULL, CB));
  flows = deck_node_red_client_get_flows_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (flows->rev, ==, "r1");
  g_assert_cmpuint (flows->n_items, ==, 8);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (flows->tabs)), ==, 2);
  tab = g_list_model_get_item (G_LIST_MODEL (flows->tabs), 0);
  g_assert_cmpstr (deck_nr_flow_get_label (tab), ==, "One");
  g_assert_cmpuint (deck_nr_flow_get_node_count (tab), ==, 2);
  g_assert_false (deck_nr_flow_get_disabled (tab));
  g_clear_object (&tab);
  tab = g_list_model_get_item (G_LIST_MODEL (flows->tabs), 1);
  g_assert_cmpstr (deck_nr_flow_get_label (tab), ==, "t2");
  g_assert_cmpuint (deck_nr_flow_get_node_count (tab), ==, 0);
  g_assert_true (deck_nr_flow_get_disabled (tab));

  deck_fault_server_set_json (fixture->server, "/nodes", 200,
                              "[{\"id\":\"node-red/inject\",\"name\":\"inject\",\"types\":[\"inject\"],"
                              "\"enabled\":true,\"module\":\"node-red\",\"version\":\"4.1.15\"},"
                              "{\"id\":\"node-red/debug\",\"name\":\"debug\",\"types\":[\"debug\"],"
                              "\"enabled\":true,\"module\":\"node-red\",\"version\":\"4.1.15\"},"
                              "{\"id\":\"node-red-x/x\",\"name\":\"x\",\"types\":[\"a\",\"b\"],"
                              "\"enabled\":false,\"module\":\"node-red-x\",\"version\":\"1.0.0\"}]");
  RUN (deck_node_red_client_list_modules_async (fixture->client, NULL, CB));
  modules = deck_node_red_client_list_modules_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (last_header (fixture, "/nodes", "Accept"), ==, "application/json");
  g_assert_cmpuint (g_list_model_get_n_items (modules), ==, 2);
  module = g_list_model_get_item (modules, 0);
  g_assert_cmpstr (deck_nr_module_get_name (module), ==, "node-red");
  g_assert_cmpstr (deck_nr_module_get_version (module), ==, "4.1.15");
  g_assert_cmpuint (deck_nr_module_get_node_set_count (module), ==, 2);
  g_assert_true (deck_nr_module_get_enabled (module));
  g_clear_object (&module);
  module = g_list_model_get_item (modules, 1);
  g_assert_false (deck_nr_module_get_enabled (module));
  g_assert_cmpuint (deck_nr_module_get_type_count (module), ==, 2);

  deck_fault_server_set_json (fixture->server, "/diagnostics", 200,
                              "{\"report\":\"diagnostics\",\"scope\":\"basic\"}");
  RUN (deck_node_red_client_get_diagnostics_async (fixture->client, NULL, CB));
  report = deck_node_red_client_get_diagnostics_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (report, "scope"), ==, "basic");
}

static void
test_no_secret_logged (void)
{
  /* Runs last: every other case has signed in, failed, revoked, … */
  g_assert_cmpuint (log_capture->len, >, 0);
  g_assert_null (strstr (log_capture->str, SECRET_TOKEN));
  g_assert_null (strstr (log_capture->str, "a%2Bb%2Fc%3D"));
  g_assert_null (strstr (log_capture->str, SECRET_PASSWORD));
  g_assert_null (strstr (log_capture->str, "p%2Ba%26b"));
  g_assert_null (strstr (log_capture->str, "exchanged+token"));
  g_assert_null (strstr (log_capture->str, "c0de"));
}

/* The redirect that ends a strategy sign-in, and nothing like it. */
static void
test_strategy_redirect (void)
{
  const char *editor = "http://127.0.0.1:1880";
  g_autofree char *code = NULL;
  g_autofree char *token = NULL;
  g_autofree char *message = NULL;

  /* Node-RED 4: the token itself, base64 with + / = left as sent. */
  g_assert_true (deck_node_red_parse_strategy_redirect (editor,
                                                        "http://127.0.0.1:1880/?access_token=ab+c/d=",
                                                        &code, &token, &message));
  g_assert_null (code);
  g_assert_cmpstr (token, ==, "ab+c/d=");
  g_assert_null (message);
  g_clear_pointer (&token, g_free);

  /* Node-RED 5: a code; the editor's root with or without its slash. */
  g_assert_true (deck_node_red_parse_strategy_redirect ("http://127.0.0.1:1880/",
                                                        "http://127.0.0.1:1880?code=XYZ",
                                                        &code, &token, &message));
  g_assert_cmpstr (code, ==, "XYZ");
  g_assert_null (token);
  g_clear_pointer (&code, g_free);

  /* Under an httpAdminRoot. */
  g_assert_true (deck_node_red_parse_strategy_redirect ("https://nr.example.test/admin",
                                                        "https://nr.example.test/admin/?code=1",
                                                        &code, NULL, NULL));
  g_assert_cmpstr (code, ==, "1");
  g_clear_pointer (&code, g_free);

  /* Both: the code only (one credential, never two). */
  g_assert_true (deck_node_red_parse_strategy_redirect (editor,
                                                        "http://127.0.0.1:1880/?access_token=t&code=c",
                                                        &code, &token, &message));
  g_assert_cmpstr (code, ==, "c");
  g_assert_null (token);
  g_clear_pointer (&code, g_free);

  /* An explicit default port is no port. */
  g_assert_true (deck_node_red_parse_strategy_redirect ("https://nr.example.test:443",
                                                        "https://nr.example.test/?code=d",
                                                        &code, NULL, NULL));
  g_assert_cmpstr (code, ==, "d");
  g_clear_pointer (&code, g_free);

  /* A failure: the message, no token. */
  g_assert_true (deck_node_red_parse_strategy_redirect (editor,
                                                        "http://127.0.0.1:1880/?session_message=Error%3A%20no",
                                                        &code, &token, &message));
  g_assert_null (code);
  g_assert_null (token);
  g_assert_cmpstr (message, ==, "Error: no");
  g_clear_pointer (&message, g_free);

  /* Not the end of the sign-in: another origin, port, scheme or path,
   * the strategy's own callback, the IdP's page, or no parameter. */
  g_assert_false (deck_node_red_parse_strategy_redirect (editor, "http://evil.test:1880/?access_token=x",
                                                         &code, &token, &message));
  g_assert_false (deck_node_red_parse_strategy_redirect (editor, "http://127.0.0.1:1881/?access_token=x",
                                                         &code, &token, &message));
  g_assert_false (deck_node_red_parse_strategy_redirect (editor, "https://127.0.0.1:1880/?access_token=x",
                                                         &code, &token, &message));
  g_assert_false (deck_node_red_parse_strategy_redirect (editor, "http://127.0.0.1:1880/x?access_token=x",
                                                         &code, &token, &message));
  g_assert_false (deck_node_red_parse_strategy_redirect (editor,
                                                         "http://127.0.0.1:1880/auth/strategy/callback?code=abc&state=s",
                                                         &code, &token, &message));
  g_assert_false (deck_node_red_parse_strategy_redirect (editor, "http://127.0.0.1:1880/?foo=1",
                                                         &code, &token, &message));
  g_assert_false (deck_node_red_parse_strategy_redirect (editor, "http://127.0.0.1:1880/",
                                                         &code, &token, &message));
  g_assert_false (deck_node_red_parse_strategy_redirect (editor, "not a uri", &code, &token, &message));
  g_assert_false (deck_node_red_parse_strategy_redirect (editor, NULL, &code, &token, &message));
  g_assert_null (code);
  g_assert_null (token);
  g_assert_null (message);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* The writer sees debug messages too, whatever G_MESSAGES_DEBUG says. */
  log_capture = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);

#define ADD(path, func) \
  g_test_add ("/node-red/faults/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("probe-schemes", test_probe_schemes);
  ADD ("probe-not-node-red", test_probe_not_node_red);
  ADD ("login-form-encoded", test_login_form_encoded);
  ADD ("login-invalid-grant", test_login_invalid_grant);
  ADD ("login-too-many-attempts", test_login_too_many_attempts);
  ADD ("exchange-code", test_exchange_code);
  ADD ("error-shapes", test_error_shapes);
  ADD ("no-token", test_no_token);
  ADD ("html-instead-of-json", test_html_instead_of_json);
  ADD ("write-with-read-token", test_write_with_read_token);
  ADD ("revoke-form-encoded", test_revoke_form_encoded);
  ADD ("revoke-not-confirmed", test_revoke_not_confirmed);
  ADD ("models", test_models);
  g_test_add_func ("/node-red/faults/no-secret-logged", test_no_secret_logged);
  g_test_add_func ("/node-red/strategy-redirect", test_strategy_redirect);

#undef ADD

  return g_test_run ();
}
