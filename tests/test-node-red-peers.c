/* test-node-red-peers.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Node-RED admin API client end to end against the real Node-RED 4.1.15
 * that tests/peers/launch.mjs starts: "nodered" (adminAuth credentials,
 * users admin `*` and reader `read`, two seeded tabs) and "nodered_noauth".
 * Tests share the servers; each signs in for itself and revokes what it
 * can. Node-RED counts sign-in attempts per user name (more than 5 in 10
 * minutes are refused) and forgets them on success, so failed attempts use
 * their own user names where they can.
 */

#include "config.h"

#include <string.h>

#include "deck-http.h"
#include "deck-node-red-client.h"
#include "deck-secure.h"
#include "deck-test-peers.h"
#include "deck-test-util.h"

#define TAB1_ID "a1b2c3d4e5f60001"
#define TAB2_ID "a1b2c3d4e5f60002"

#define RUN(call_expr) \
  G_STMT_START { \
    GAsyncResult *slot_ = NULL; \
    g_clear_object (&result); \
    call_expr; \
    result = deck_test_wait_result (&slot_, 60); \
  } G_STMT_END
#define CB deck_test_store_result_cb, &slot_

static DeckNodeRedClient *
client_for (JsonObject *peer)
{
  g_autoptr(GError) error = NULL;
  DeckNodeRedClient *client;

  client = deck_node_red_client_new (deck_test_peers_get_string (peer, "url"), &error);
  g_assert_no_error (error);
  return client;
}

static gboolean
login (DeckNodeRedClient  *client,
       JsonObject         *peer,
       const char         *user,
       const char         *scope,
       GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *path = g_strdup_printf ("users.%s.password", user);

  RUN (deck_node_red_client_login_async (client, user, deck_test_peers_get_string (peer, path),
                                         scope, NULL, CB));
  return deck_node_red_client_login_finish (client, result, error);
}

static DeckNrSettings *
get_settings (DeckNodeRedClient  *client,
              GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  RUN (deck_node_red_client_get_settings_async (client, NULL, CB));
  return deck_node_red_client_get_settings_finish (client, result, error);
}

static void
revoke_quietly (DeckNodeRedClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (!deck_node_red_client_has_token (client))
    return;

  RUN (deck_node_red_client_revoke_async (client, NULL, CB));
  deck_node_red_client_revoke_finish (client, result, &error);
  g_assert_no_error (error);
}

static void
test_probe (void)
{
  JsonObject *peer = deck_test_peers_get ("nodered");
  JsonObject *noauth_peer;
  g_autoptr(DeckNodeRedClient) client = NULL;
  g_autoptr(DeckNodeRedClient) noauth = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckNrLoginInfo) info = NULL;
  g_autoptr(DeckNrLoginInfo) open_info = NULL;
  DeckNrPrompt *prompt;

  if (peer == NULL)
    return;

  client = client_for (peer);
  RUN (deck_node_red_client_probe_async (client, NULL, CB));
  info = deck_node_red_client_probe_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->auth, ==, DECK_NODE_RED_AUTH_CREDENTIALS);
  g_assert_cmpuint (info->prompts->len, ==, 2);
  prompt = g_ptr_array_index (info->prompts, 0);
  g_assert_cmpstr (prompt->id, ==, "username");
  g_assert_cmpstr (prompt->type, ==, "text");
  g_assert_cmpstr (prompt->label, ==, "user.username");
  prompt = g_ptr_array_index (info->prompts, 1);
  g_assert_cmpstr (prompt->id, ==, "password");
  g_assert_cmpstr (prompt->type, ==, "password");
  g_assert_null (info->strategy_url);

  noauth_peer = deck_test_peers_get ("nodered_noauth");
  noauth = client_for (noauth_peer);
  RUN (deck_node_red_client_probe_async (noauth, NULL, CB));
  open_info = deck_node_red_client_probe_finish (noauth, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (open_info->auth, ==, DECK_NODE_RED_AUTH_NONE);
  g_assert_cmpuint (open_info->prompts->len, ==, 0);
}

static void
test_full_access (void)
{
  JsonObject *peer = deck_test_peers_get ("nodered");
  g_autoptr(DeckNodeRedClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckNrSettings) settings = NULL;
  g_autoptr(DeckNrFlows) flows = NULL;
  g_autoptr(GListModel) modules = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(DeckNrFlow) tab1 = NULL;
  g_autoptr(DeckNrFlow) tab2 = NULL;
  g_autoptr(DeckNrModule) module = NULL;
  g_autofree char *rev = NULL;
  const char * const *permissions;

  if (peer == NULL)
    return;

  client = client_for (peer);
  g_assert_true (login (client, peer, "admin", DECK_NODE_RED_SCOPE_ALL, &error));
  g_assert_no_error (error);
  g_assert_true (deck_node_red_client_has_token (client));
  g_assert_false (deck_node_red_client_is_read_only (client));
  /* Node-RED's default session lifetime: one week. */
  g_assert_nonnull (deck_node_red_client_get_token_expiry (client));

  settings = get_settings (client, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (deck_nr_settings_get_version (settings), "4.1."));
  g_assert_cmpstr (deck_nr_settings_get_version (settings), ==,
                   deck_test_peers_get_string (peer, "version"));
  g_assert_cmpstr (deck_nr_settings_get_user_name (settings), ==, "admin");
  permissions = deck_nr_settings_get_permissions (settings);
  g_assert_cmpstr (permissions[0], ==, "*");
  g_assert_null (permissions[1]);
  g_assert_true (deck_nr_settings_get_diagnostics_enabled (settings));
  g_assert_true (deck_nr_settings_get_runtime_state_enabled (settings));

  RUN (deck_node_red_client_get_flows_async (client, NULL, CB));
  flows = deck_node_red_client_get_flows_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (flows->rev);
  g_assert_cmpuint (strlen (flows->rev), >, 0);
  g_assert_cmpuint (flows->n_items, ==, 7);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (flows->tabs)), ==, 2);
  tab1 = g_list_model_get_item (G_LIST_MODEL (flows->tabs), 0);
  tab2 = g_list_model_get_item (G_LIST_MODEL (flows->tabs), 1);
  g_assert_cmpstr (deck_nr_flow_get_id (tab1), ==, TAB1_ID);
  g_assert_cmpstr (deck_nr_flow_get_label (tab1), ==, "Flowdeck Tab 1");
  g_assert_cmpstr (deck_nr_flow_get_info (tab1), ==, "Seeded by tests/peers/launch.mjs");
  g_assert_false (deck_nr_flow_get_disabled (tab1));
  g_assert_cmpuint (deck_nr_flow_get_node_count (tab1), ==, 3);
  g_assert_cmpstr (deck_nr_flow_get_id (tab2), ==, TAB2_ID);
  g_assert_cmpstr (deck_nr_flow_get_label (tab2), ==, "Flowdeck Tab 2");
  g_assert_cmpuint (deck_nr_flow_get_node_count (tab2), ==, 2);

  RUN (deck_node_red_client_list_modules_async (client, NULL, CB));
  modules = deck_node_red_client_list_modules_finish (client, result, &error);
  g_assert_no_error (error);
  /* The launcher isolates the core nodes: only "node-red" itself. */
  g_assert_cmpuint (g_list_model_get_n_items (modules), ==, 1);
  module = g_list_model_get_item (modules, 0);
  g_assert_cmpstr (deck_nr_module_get_name (module), ==, "node-red");
  g_assert_cmpstr (deck_nr_module_get_version (module), ==,
                   deck_test_peers_get_string (peer, "version"));
  g_assert_true (deck_nr_module_get_enabled (module));
  g_assert_cmpuint (deck_nr_module_get_node_set_count (module), >, 10);

  RUN (deck_node_red_client_get_diagnostics_async (client, NULL, CB));
  report = deck_node_red_client_get_diagnostics_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (report, "runtime"));
  g_assert_true (json_object_has_member (report, "nodejs"));

  /* A reload restarts the same flows: the revision stays. */
  RUN (deck_node_red_client_reload_flows_async (client, NULL, CB));
  rev = deck_node_red_client_reload_flows_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rev, ==, flows->rev);

  revoke_quietly (client);
}

static void
test_read_only (void)
{
  JsonObject *peer = deck_test_peers_get ("nodered");
  g_autoptr(DeckNodeRedClient) reader = NULL;
  g_autoptr(DeckNodeRedClient) admin_read = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckNrSettings) settings = NULL;
  g_autoptr(DeckNrFlows) flows = NULL;
  g_autofree char *rev = NULL;

  if (peer == NULL)
    return;

  /* The reader user, with a read token. */
  reader = client_for (peer);
  g_assert_true (login (reader, peer, "reader", DECK_NODE_RED_SCOPE_READ, &error));
  g_assert_no_error (error);
  g_assert_true (deck_node_red_client_is_read_only (reader));

  settings = get_settings (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (deck_nr_settings_get_user_name (settings), ==, "reader");
  g_assert_cmpstr (deck_nr_settings_get_permissions (settings)[0], ==, "read");

  RUN (deck_node_red_client_get_flows_async (reader, NULL, CB));
  flows = deck_node_red_client_get_flows_finish (reader, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (flows->tabs)), ==, 2);

  /* A write: Node-RED answers a bare 401; the client says why. */
  RUN (deck_node_red_client_reload_flows_async (reader, NULL, CB));
  rev = deck_node_red_client_reload_flows_finish (reader, result, &error);
  g_assert_null (rev);
  g_assert_error (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "read-only"));
  g_clear_error (&error);

  /* The token still works after the refused write. */
  g_clear_object (&settings);
  settings = get_settings (reader, &error);
  g_assert_no_error (error);

  /* The admin asking for a read token: /settings still shows the user's
   * "*" permission, but the client remembers the scope it asked for. */
  admin_read = client_for (peer);
  g_assert_true (login (admin_read, peer, "admin", DECK_NODE_RED_SCOPE_READ, &error));
  g_assert_no_error (error);
  g_clear_object (&settings);
  settings = get_settings (admin_read, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (deck_nr_settings_get_permissions (settings)[0], ==, "*");
  g_assert_true (deck_node_red_client_is_read_only (admin_read));
  RUN (deck_node_red_client_reload_flows_async (admin_read, NULL, CB));
  rev = deck_node_red_client_reload_flows_finish (admin_read, result, &error);
  g_assert_error (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_FORBIDDEN);
  g_clear_error (&error);

  /* The reader cannot get more than it has. */
  {
    g_autoptr(DeckNodeRedClient) greedy = client_for (peer);

    g_assert_false (login (greedy, peer, "reader", DECK_NODE_RED_SCOPE_ALL, &error));
    g_assert_error (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_INVALID_CREDENTIALS);
    g_clear_error (&error);
  }

  revoke_quietly (reader);
  revoke_quietly (admin_read);
}

static void
test_revoke (void)
{
  JsonObject *peer = deck_test_peers_get ("nodered");
  g_autoptr(DeckNodeRedClient) client = NULL;
  g_autoptr(DeckNodeRedClient) checker = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckNrSettings) settings = NULL;
  g_auto(DeckSecureString) token = NULL;
  guint attempts = 0;

  if (peer == NULL)
    return;

  client = client_for (peer);

  /* Node-RED tokens are base64 of 128 random bytes: most hold a "+", the
   * character an unencoded form body turns into a space. Get one. */
  do
    {
      g_autoptr(DeckNodeRedClient) spare = NULL;

      if (deck_node_red_client_has_token (client))
        {
          /* Keep this one aside and revoke it properly. */
          spare = client_for (peer);
          deck_node_red_client_set_token (spare, deck_node_red_client_get_token (client),
                                          DECK_NODE_RED_SCOPE_ALL);
          revoke_quietly (spare);
        }

      g_assert_true (login (client, peer, "admin", DECK_NODE_RED_SCOPE_ALL, &error));
      g_assert_no_error (error);
      attempts++;
    }
  while (strchr (deck_node_red_client_get_token (client), '+') == NULL && attempts < 20);

  g_assert_nonnull (strchr (deck_node_red_client_get_token (client), '+'));
  token = g_strdup (deck_node_red_client_get_token (client));

  settings = get_settings (client, &error);
  g_assert_no_error (error);

  /* Succeeds only if the confirmation step saw 401. */
  RUN (deck_node_red_client_revoke_async (client, NULL, CB));
  g_assert_true (deck_node_red_client_revoke_finish (client, result, &error));
  g_assert_no_error (error);
  g_assert_false (deck_node_red_client_has_token (client));

  /* Independently: the token is refused now. */
  checker = client_for (peer);
  deck_node_red_client_set_token (checker, token, DECK_NODE_RED_SCOPE_ALL);
  g_clear_object (&settings);
  settings = get_settings (checker, &error);
  g_assert_null (settings);
  g_assert_error (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  /* Revoking it again: Node-RED refuses the dead bearer, and the check
   * confirms it is dead, which is what was asked. */
  RUN (deck_node_red_client_revoke_async (checker, NULL, CB));
  g_assert_true (deck_node_red_client_revoke_finish (checker, result, &error));
  g_assert_no_error (error);
}

static void
test_wrong_password (void)
{
  JsonObject *peer = deck_test_peers_get ("nodered");
  g_autoptr(DeckNodeRedClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (peer == NULL)
    return;

  client = client_for (peer);
  RUN (deck_node_red_client_login_async (client, "admin", "not-the-password+&=",
                                         DECK_NODE_RED_SCOPE_ALL, NULL, CB));
  g_assert_false (deck_node_red_client_login_finish (client, result, &error));
  g_assert_error (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_INVALID_CREDENTIALS);
  g_assert_cmpstr (deck_node_red_error_get_server_code (error), ==, "invalid_grant");
  g_assert_nonnull (strstr (error->message, "user name and password"));
  g_assert_null (strstr (error->message, "not-the-password"));
  g_assert_false (deck_node_red_client_has_token (client));
  g_clear_error (&error);

  /* A success forgets the failed attempts of that user name. */
  g_assert_true (login (client, peer, "admin", DECK_NODE_RED_SCOPE_ALL, &error));
  g_assert_no_error (error);
  revoke_quietly (client);
}

static void
test_too_many_attempts (void)
{
  JsonObject *peer = deck_test_peers_get ("nodered");
  g_autoptr(DeckNodeRedClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL;

  if (peer == NULL)
    return;

  /* A user name of its own: the limit is per name, for 10 minutes. */
  user = g_strdup_printf ("flowdeck-ghost-%d-%" G_GINT64_FORMAT, (int) getpid (),
                          g_get_real_time ());
  client = client_for (peer);

  for (guint i = 0; i < 5; i++)
    {
      RUN (deck_node_red_client_login_async (client, user, "wrong", DECK_NODE_RED_SCOPE_ALL,
                                             NULL, CB));
      g_assert_false (deck_node_red_client_login_finish (client, result, &error));
      g_assert_error (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_INVALID_CREDENTIALS);
      g_clear_error (&error);
    }

  RUN (deck_node_red_client_login_async (client, user, "wrong", DECK_NODE_RED_SCOPE_ALL,
                                         NULL, CB));
  g_assert_false (deck_node_red_client_login_finish (client, result, &error));
  g_assert_error (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_TOO_MANY_ATTEMPTS);
  g_assert_cmpstr (deck_node_red_error_get_server_code (error), ==, "server_error");
  g_assert_nonnull (strstr (error->message, "10 minutes"));
}

static void
test_no_token (void)
{
  JsonObject *peer = deck_test_peers_get ("nodered");
  JsonObject *noauth_peer;
  g_autoptr(DeckNodeRedClient) client = NULL;
  g_autoptr(DeckNodeRedClient) noauth = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckNrSettings) settings = NULL;
  g_autoptr(DeckNrFlows) flows = NULL;

  if (peer == NULL)
    return;

  client = client_for (peer);
  settings = get_settings (client, &error);
  g_assert_null (settings);
  g_assert_error (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  /* A made-up token. */
  deck_node_red_client_set_token (client, "bm90IGEgdG9rZW4+/w==", DECK_NODE_RED_SCOPE_ALL);
  settings = get_settings (client, &error);
  g_assert_error (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  /* Without adminAuth, no token is needed and there is no user. */
  noauth_peer = deck_test_peers_get ("nodered_noauth");
  noauth = client_for (noauth_peer);
  settings = get_settings (noauth, &error);
  g_assert_no_error (error);
  g_assert_null (deck_nr_settings_get_user_name (settings));
  RUN (deck_node_red_client_get_flows_async (noauth, NULL, CB));
  flows = deck_node_red_client_get_flows_finish (noauth, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (flows->tabs)), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/node-red/peers/probe", test_probe);
  g_test_add_func ("/node-red/peers/full-access", test_full_access);
  g_test_add_func ("/node-red/peers/read-only", test_read_only);
  g_test_add_func ("/node-red/peers/revoke", test_revoke);
  g_test_add_func ("/node-red/peers/wrong-password", test_wrong_password);
  g_test_add_func ("/node-red/peers/too-many-attempts", test_too_many_attempts);
  g_test_add_func ("/node-red/peers/no-token", test_no_token);

  return g_test_run ();
}
