/* test-context-peers.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Accounts end to end, as the UI adds them, against the real FlowFuse and
 * the throwaway gnome-keyring: by password (Flowdeck mints its own token
 * and removing the account deletes it on the server), by password with
 * an authenticator code (the seeded user with MFA), by a pasted token
 * (a token revoked on the server turns the account into "signed out"),
 * and a wrong token (nothing is kept).
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "deck-context.h"
#include "deck-fault-server.h"
#include "deck-secrets.h"
#include "deck-secure.h"
#include "deck-server-probe.h"
#include "deck-snapshot.h"
#include "deck-test-peers.h"
#include "deck-test-util.h"

#define RUN(call_expr) \
  G_STMT_START { \
    GAsyncResult *slot_ = NULL; \
    g_clear_object (&result); \
    call_expr; \
    result = deck_test_wait_result (&slot_, 60); \
  } G_STMT_END
#define CB deck_test_store_result_cb, &slot_

static char *
temp_accounts_path (void)
{
  g_autofree char *dir = g_dir_make_tmp ("flowdeck-context-XXXXXX", NULL);

  g_assert_nonnull (dir);
  return g_build_filename (dir, "accounts.json", NULL);
}

static gboolean
skip_without_keyring (void)
{
  if (g_strcmp0 (g_getenv ("DECK_TEST_KEYRING"), "1") == 0)
    return FALSE;

  g_test_skip ("no throwaway keyring: run under tests/harness.sh");
  return TRUE;
}

/* The admin's own view of their tokens, through the seeded PAT. */
static gboolean
server_has_token (JsonObject *peer,
                  const char *token_id)
{
  g_autoptr(DeckFlowfuseClient) admin = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) tokens = NULL;
  g_autoptr(GError) error = NULL;

  admin = deck_flowfuse_client_new (deck_test_peers_get_string (peer, "url"), &error);
  g_assert_no_error (error);
  deck_flowfuse_client_set_token (admin, deck_test_peers_get_string (peer, "pat"));
  RUN (deck_flowfuse_client_list_personal_tokens_async (admin, NULL, CB));
  tokens = deck_flowfuse_client_finish_list (admin, result, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < g_list_model_get_n_items (tokens); i++)
    {
      g_autoptr(DeckFfPersonalToken) token = g_list_model_get_item (tokens, i);

      if (g_strcmp0 (deck_ff_personal_token_get_id (token), token_id) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
test_password_then_remove (void)
{
  JsonObject *peer = deck_test_peers_get ("flowfuse");
  g_autoptr(DeckContext) context = NULL;
  g_autoptr(DeckAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *minted_id = NULL;
  g_autofree char *warning = NULL;
  char *secret;

  if (peer == NULL || skip_without_keyring ())
    return;

  path = temp_accounts_path ();
  context = deck_context_new (path);

  /* A wrong password: a clear error and nothing kept. */
  RUN (deck_context_add_flowfuse_password_async (context, deck_test_peers_get_string (peer, "url"),
                                                 deck_test_peers_get_string (peer, "admin.username"),
                                                 "not the password", NULL, NULL, CB));
  account = deck_context_add_account_finish (context, result, &error);
  g_assert_null (account);
  g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (error->message, ==, "The user name or password is not right.");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  RUN (deck_context_add_flowfuse_password_async (context, deck_test_peers_get_string (peer, "url"),
                                                 deck_test_peers_get_string (peer, "admin.username"),
                                                 deck_test_peers_get_string (peer, "admin.password"),
                                                 NULL, NULL, CB));
  account = deck_context_add_account_finish (context, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (deck_account_get_credential (account), ==, DECK_ACCOUNT_CREDENTIAL_MINTED_PAT);
  g_assert_cmpstr (deck_account_get_username (account), ==,
                   deck_test_peers_get_string (peer, "admin.username"));
  minted_id = g_strdup (deck_account_get_minted_token_id (account));
  g_assert_nonnull (minted_id);
  g_assert_true (server_has_token (peer, minted_id));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  /* The minted value is in the keyring, and nowhere in the metadata. */
  RUN (deck_account_store_lookup_secret_async (deck_context_get_store (context), account,
                                               DECK_SECRET_KIND_PAT, NULL, CB));
  secret = deck_account_store_lookup_secret_finish (deck_context_get_store (context), result,
                                                    &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (secret, "ffpat_"));
  {
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_null (strstr (contents, secret));
    g_assert_null (strstr (contents, deck_test_peers_get_string (peer, "admin.password")));
  }
  deck_secure_free (secret);

  RUN (deck_context_remove_account_async (context, account, NULL, CB));
  g_assert_true (deck_context_remove_account_finish (context, result, &warning, &error));
  g_assert_no_error (error);
  g_assert_null (warning);

  /* Gone from the server, the keyring and the store. */
  g_assert_false (server_has_token (peer, minted_id));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (deck_context_get_store (context))), ==, 0);
  RUN (deck_account_store_lookup_secret_async (deck_context_get_store (context), account,
                                               DECK_SECRET_KIND_PAT, NULL, CB));
  secret = deck_account_store_lookup_secret_finish (deck_context_get_store (context), result,
                                                    &error);
  g_assert_no_error (error);
  g_assert_null (secret);
}

/* The user whose password sign-in needs a code from an authenticator
 * app: the server asks, a wrong code is refused, the right one gets
 * the account with a minted token, and removing it deletes the token. */
static void
test_password_with_mfa (void)
{
  JsonObject *peer = deck_test_peers_get ("flowfuse");
  g_autoptr(DeckContext) context = NULL;
  g_autoptr(DeckAccount) account = NULL;
  g_autoptr(DeckFlowfuseClient) check = NULL;
  g_autoptr(DeckFfUser) user = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *warning = NULL;
  g_autofree char *code = NULL;
  g_autofree char *wrong = NULL;
  const char *url, *username, *password, *secret_b32;
  char *secret;

  /* The helper itself, against RFC 6238's SHA-1 vector (T = 59 s). */
  code = deck_test_totp ("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", 59);
  g_assert_cmpstr (code, ==, "287082");
  g_clear_pointer (&code, g_free);

  if (peer == NULL || skip_without_keyring ())
    return;
  if (deck_test_peers_get_string (peer, "mfa.username") == NULL)
    {
      g_test_skip ("this FlowFuse peer has no MFA user (it needs the license)");
      return;
    }

  url = deck_test_peers_get_string (peer, "url");
  username = deck_test_peers_get_string (peer, "mfa.username");
  password = deck_test_peers_get_string (peer, "mfa.password");
  secret_b32 = deck_test_peers_get_string (peer, "mfa.totpSecret");
  path = temp_accounts_path ();
  context = deck_context_new (path);

  /* Right password, no code yet: the server asks for one. */
  RUN (deck_context_add_flowfuse_password_async (context, url, username, password, NULL, NULL, CB));
  account = deck_context_add_account_finish (context, result, &error);
  g_assert_null (account);
  g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_MFA_REQUIRED);
  g_assert_cmpstr (error->message, ==, "Enter the six-digit code from your authenticator app.");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* A code from an hour ago is refused, and nothing is kept. */
  wrong = deck_test_totp (secret_b32, g_get_real_time () / G_USEC_PER_SEC - 3600);
  RUN (deck_context_add_flowfuse_password_async (context, url, username, password, wrong, NULL,
                                                 CB));
  account = deck_context_add_account_finish (context, result, &error);
  g_assert_null (account);
  g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_MFA_REQUIRED);
  g_assert_cmpstr (error->message, ==, "That code is not right. Enter the current six-digit code.");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* The current code, typed with a stray space: signed in. */
  code = deck_test_totp (secret_b32, g_get_real_time () / G_USEC_PER_SEC);
  {
    g_autofree char *typed = g_strdup_printf (" %s ", code);

    RUN (deck_context_add_flowfuse_password_async (context, url, username, password, typed, NULL,
                                                   CB));
  }
  account = deck_context_add_account_finish (context, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (deck_account_get_credential (account), ==, DECK_ACCOUNT_CREDENTIAL_MINTED_PAT);
  g_assert_cmpstr (deck_account_get_username (account), ==, username);
  g_assert_nonnull (deck_account_get_minted_token_id (account));

  /* The minted token works on its own, as carol, with no session. */
  RUN (deck_account_store_lookup_secret_async (deck_context_get_store (context), account,
                                               DECK_SECRET_KIND_PAT, NULL, CB));
  secret = deck_account_store_lookup_secret_finish (deck_context_get_store (context), result,
                                                    &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (secret, "ffpat_"));
  check = deck_flowfuse_client_new (url, &error);
  g_assert_no_error (error);
  deck_flowfuse_client_set_token (check, secret);
  RUN (deck_flowfuse_client_get_user_async (check, NULL, CB));
  user = deck_flowfuse_client_get_user_finish (check, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (deck_ff_user_get_username (user), ==, username);
  g_assert_true (deck_ff_user_get_mfa_enabled (user));
  g_clear_object (&user);

  /* Removing the account deletes that token on the server. */
  RUN (deck_context_remove_account_async (context, account, NULL, CB));
  g_assert_true (deck_context_remove_account_finish (context, result, &warning, &error));
  g_assert_no_error (error);
  g_assert_null (warning);
  RUN (deck_flowfuse_client_get_user_async (check, NULL, CB));
  user = deck_flowfuse_client_get_user_finish (check, result, &error);
  g_assert_null (user);
  g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_UNAUTHORIZED);
  deck_secure_free (secret);
}

static void
test_revoked_token_signs_out (void)
{
  JsonObject *peer = deck_test_peers_get ("flowfuse");
  g_autoptr(DeckContext) context = NULL;
  g_autoptr(DeckAccount) account = NULL;
  g_autoptr(DeckFlowfuseClient) minter = NULL;
  g_autoptr(DeckFlowfuseClient) client = NULL;
  g_autoptr(DeckFfPersonalToken) token = NULL;
  g_autoptr(GListModel) teams = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  DeckSecureString value = NULL;

  if (peer == NULL || skip_without_keyring ())
    return;

  /* A token the user created elsewhere (here: minted by another client). */
  minter = deck_flowfuse_client_new (deck_test_peers_get_string (peer, "url"), &error);
  g_assert_no_error (error);
  RUN (deck_flowfuse_client_login_async (minter, deck_test_peers_get_string (peer, "admin.username"),
                                         deck_test_peers_get_string (peer, "admin.password"),
                                         NULL, CB));
  g_assert_true (deck_flowfuse_client_finish_boolean (minter, result, &error));
  RUN (deck_flowfuse_client_mint_token_async (minter, "revocation-test", NULL, CB));
  token = deck_flowfuse_client_mint_token_finish (minter, result, &value, &error);
  g_assert_no_error (error);

  path = temp_accounts_path ();
  context = deck_context_new (path);

  /* Not a token at all: refused before any request. */
  RUN (deck_context_add_flowfuse_token_async (context, deck_test_peers_get_string (peer, "url"),
                                              "my password", NULL, CB));
  g_assert_null (deck_context_add_account_finish (context, result, &error));
  g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* A well-formed token the server does not know: refused, nothing kept. */
  RUN (deck_context_add_flowfuse_token_async (context, deck_test_peers_get_string (peer, "url"),
                                              "ffpat_this-token-does-not-exist", NULL, CB));
  g_assert_null (deck_context_add_account_finish (context, result, &error));
  g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_UNAUTHORIZED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  RUN (deck_context_add_flowfuse_token_async (context, deck_test_peers_get_string (peer, "url"),
                                              value, NULL, CB));
  account = deck_context_add_account_finish (context, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (deck_account_get_credential (account), ==, DECK_ACCOUNT_CREDENTIAL_PAT);
  g_assert_cmpint (deck_account_get_status (account), ==, DECK_ACCOUNT_STATUS_SIGNED_IN);

  /* Revoked on the server … */
  RUN (deck_flowfuse_client_delete_personal_token_async (minter, deck_ff_personal_token_get_id (token),
                                                         NULL, CB));
  g_assert_true (deck_flowfuse_client_finish_boolean (minter, result, &error));

  /* … the next call fails and the account says "sign in again". */
  RUN (deck_context_get_flowfuse_client_async (context, account, NULL, CB));
  client = deck_context_get_flowfuse_client_finish (context, result, &error);
  g_assert_no_error (error);
  RUN (deck_flowfuse_client_list_teams_async (client, NULL, CB));
  teams = deck_flowfuse_client_finish_list (client, result, &error);
  g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_UNAUTHORIZED);
  g_assert_cmpint (deck_account_get_status (account), ==, DECK_ACCOUNT_STATUS_SIGNED_OUT);
  g_clear_error (&error);

  RUN (deck_context_remove_account_async (context, account, NULL, CB));
  g_assert_true (deck_context_remove_account_finish (context, result, NULL, &error));
  g_assert_no_error (error);
  deck_secure_clear (&value);
}

static void
test_node_red (void)
{
  JsonObject *peer = deck_test_peers_get ("nodered");
  JsonObject *noauth = deck_test_peers_get ("nodered_noauth");
  g_autoptr(DeckContext) context = NULL;
  g_autoptr(DeckAccount) account = NULL;
  g_autoptr(DeckAccount) open = NULL;
  g_autoptr(DeckNodeRedClient) client = NULL;
  g_autoptr(DeckNrSettings) settings = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *token = NULL;
  g_autofree char *warning = NULL;

  if (peer == NULL || noauth == NULL || skip_without_keyring ())
    return;

  path = temp_accounts_path ();
  context = deck_context_new (path);

  /* A wrong password: the server's answer, nothing kept. */
  RUN (deck_context_add_node_red_async (context, deck_test_peers_get_string (peer, "url"),
                                        "admin", "wrong", FALSE, NULL, CB));
  g_assert_null (deck_context_add_account_finish (context, result, &error));
  g_assert_error (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_INVALID_CREDENTIALS);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  RUN (deck_context_add_node_red_async (context, deck_test_peers_get_string (peer, "url"),
                                        "admin",
                                        deck_test_peers_get_string (peer, "users.admin.password"),
                                        FALSE, NULL, CB));
  account = deck_context_add_account_finish (context, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (deck_account_get_kind (account), ==, DECK_ACCOUNT_KIND_NODE_RED);
  g_assert_cmpint (deck_account_get_credential (account), ==,
                   DECK_ACCOUNT_CREDENTIAL_NODE_RED_TOKEN);
  g_assert_cmpstr (deck_account_get_username (account), ==, "admin");

  /* A fresh context reads the token back from the keyring. */
  g_clear_object (&context);
  context = deck_context_new (path);
  RUN (deck_context_load_async (context, NULL, CB));
  g_assert_true (deck_context_load_finish (context, result, &error));
  g_clear_object (&account);
  account = g_list_model_get_item (G_LIST_MODEL (deck_context_get_store (context)), 0);

  /* Two asking at once (as the sidebar and a page do at start) get the
   * same client. */
  {
    GAsyncResult *s1 = NULL, *s2 = NULL;
    g_autoptr(GAsyncResult) r1 = NULL;
    g_autoptr(GAsyncResult) r2 = NULL;

    deck_context_get_node_red_client_async (context, account, NULL, deck_test_store_result_cb, &s1);
    deck_context_get_node_red_client_async (context, account, NULL, deck_test_store_result_cb, &s2);
    r1 = deck_test_wait_result (&s1, 30);
    r2 = deck_test_wait_result (&s2, 30);
    client = deck_context_get_node_red_client_finish (context, r1, &error);
    g_assert_no_error (error);
    {
      g_autoptr(DeckNodeRedClient) other = deck_context_get_node_red_client_finish (context, r2,
                                                                                    &error);

      g_assert_no_error (error);
      g_assert_true (other == client);
    }
  }
  RUN (deck_node_red_client_get_settings_async (client, NULL, CB));
  settings = deck_node_red_client_get_settings_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (deck_nr_settings_get_user_name (settings), ==, "admin");
  token = g_strdup (deck_node_red_client_get_token (client));

  /* Removing the account revokes the token on the Node-RED. */
  RUN (deck_context_remove_account_async (context, account, NULL, CB));
  g_assert_true (deck_context_remove_account_finish (context, result, &warning, &error));
  g_assert_no_error (error);
  g_assert_null (warning);
  {
    g_autoptr(DeckNodeRedClient) check = deck_node_red_client_new (
      deck_test_peers_get_string (peer, "url"), &error);
    g_autoptr(DeckNrSettings) refused = NULL;

    deck_node_red_client_set_token (check, token, "*");
    RUN (deck_node_red_client_get_settings_async (check, NULL, CB));
    refused = deck_node_red_client_get_settings_finish (check, result, &error);
    g_assert_null (refused);
    g_assert_error (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_UNAUTHORIZED);
    g_clear_error (&error);
  }
  deck_secure_clear (&token);

  /* A Node-RED without admin authentication: connected without a token. */
  RUN (deck_context_add_node_red_async (context, deck_test_peers_get_string (noauth, "url"),
                                        NULL, NULL, FALSE, NULL, CB));
  open = deck_context_add_account_finish (context, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (deck_account_get_credential (open), ==, DECK_ACCOUNT_CREDENTIAL_NONE);
  RUN (deck_context_remove_account_async (context, open, NULL, CB));
  g_assert_true (deck_context_remove_account_finish (context, result, NULL, &error));
  g_assert_no_error (error);
}

/* Node-RED's single sign-on (adminAuth "strategy" through the oidc
 * peer): the probe says so, a person signs in (played over HTTP), and
 * the token the final redirect hands over becomes the account. */
static void
test_node_red_strategy (void)
{
  JsonObject *peer = deck_test_peers_get ("nodered_strategy");
  g_autoptr(DeckContext) context = NULL;
  g_autoptr(DeckAccount) account = NULL;
  g_autoptr(DeckServerProbe) probe = NULL;
  g_autoptr(DeckNodeRedClient) client = NULL;
  g_autoptr(DeckNrSettings) settings = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *final = NULL;
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  g_auto(DeckSecureString) token = NULL;
  const char *url;

  if (peer == NULL || skip_without_keyring ())
    return;
  url = deck_test_peers_get_string (peer, "url");

  RUN (deck_server_probe_async (url, FALSE, 10, NULL, CB));
  probe = deck_server_probe_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (probe->kind, ==, DECK_SERVER_KIND_NODE_RED);
  g_assert_cmpstr (probe->node_red_scheme, ==, "strategy");
  g_assert_cmpstr (probe->node_red_strategy_label, ==,
                   deck_test_peers_get_string (peer, "strategy.label"));

  final = deck_test_node_red_strategy_sign_in (url, deck_test_peers_get_string (peer, "strategy.username"),
                                               &error);
  g_assert_no_error (error);
  g_assert_true (deck_node_red_parse_strategy_redirect (url, final, &code, &token, &message));
  g_assert_null (code);          /* Node-RED 4 hands the token over */
  g_assert_null (message);
  g_assert_nonnull (token);

  path = temp_accounts_path ();
  context = deck_context_new (path);

  /* What is not a token of this Node-RED is refused, and nothing kept. */
  RUN (deck_context_add_node_red_strategy_async (context, url, NULL, "not-a-token", NULL, CB));
  g_assert_null (deck_context_add_account_finish (context, result, &error));
  g_assert_error (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  RUN (deck_context_add_node_red_strategy_async (context, url, NULL, token, NULL, CB));
  account = deck_context_add_account_finish (context, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (deck_account_get_kind (account), ==, DECK_ACCOUNT_KIND_NODE_RED);
  g_assert_cmpint (deck_account_get_credential (account), ==,
                   DECK_ACCOUNT_CREDENTIAL_NODE_RED_TOKEN);
  g_assert_cmpstr (deck_account_get_username (account), ==,
                   deck_test_peers_get_string (peer, "strategy.username"));

  /* The keyring has it: a fresh context's client works. */
  g_clear_object (&context);
  g_clear_object (&account);
  context = deck_context_new (path);
  RUN (deck_context_load_async (context, NULL, CB));
  g_assert_true (deck_context_load_finish (context, result, &error));
  account = g_list_model_get_item (G_LIST_MODEL (deck_context_get_store (context)), 0);
  RUN (deck_context_get_node_red_client_async (context, account, NULL, CB));
  client = deck_context_get_node_red_client_finish (context, result, &error);
  g_assert_no_error (error);
  RUN (deck_node_red_client_get_settings_async (client, NULL, CB));
  settings = deck_node_red_client_get_settings_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (deck_nr_settings_get_user_name (settings), ==,
                   deck_test_peers_get_string (peer, "strategy.username"));
  g_assert_false (deck_node_red_client_is_read_only (client));

  /* Signed out (Node-RED restarted, say), then signed in again: the new
   * sign-in takes the old account's place, no duplicate. */
  {
    g_autofree char *again = NULL;
    g_autofree char *code2 = NULL;
    g_auto(DeckSecureString) token2 = NULL;
    g_autoptr(DeckAccount) renewed = NULL;

    deck_account_set_status (account, DECK_ACCOUNT_STATUS_SIGNED_OUT);
    again = deck_test_node_red_strategy_sign_in (url, deck_test_peers_get_string (peer, "strategy.username"),
                                                 &error);
    g_assert_no_error (error);
    g_assert_true (deck_node_red_parse_strategy_redirect (url, again, &code2, &token2, NULL));
    RUN (deck_context_add_node_red_strategy_async (context, url, NULL, token2, NULL, CB));
    renewed = deck_context_add_account_finish (context, result, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (deck_context_get_store (context))), ==, 1);
    g_assert_cmpint (deck_account_get_status (renewed), ==, DECK_ACCOUNT_STATUS_SIGNED_IN);
    g_clear_object (&account);
    account = g_object_ref (renewed);
    deck_secure_clear (&token);
    token = g_steal_pointer (&token2);
  }

  /* Removing the account revokes the token on the Node-RED. */
  RUN (deck_context_remove_account_async (context, account, NULL, CB));
  g_assert_true (deck_context_remove_account_finish (context, result, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(DeckNodeRedClient) check = deck_node_red_client_new (url, &error);
    g_autoptr(DeckNrSettings) refused = NULL;

    deck_node_red_client_set_token (check, token, NULL);
    RUN (deck_node_red_client_get_settings_async (check, NULL, CB));
    refused = deck_node_red_client_get_settings_finish (check, result, &error);
    g_assert_null (refused);
    g_assert_error (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_UNAUTHORIZED);
    g_clear_error (&error);
  }
}

static void
test_sign_out_and_in_again (void)
{
  JsonObject *peer = deck_test_peers_get ("flowfuse");
  g_autoptr(DeckContext) context = NULL;
  g_autoptr(DeckAccount) account = NULL;
  g_autoptr(DeckAccount) again = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *minted_id = NULL;
  g_autofree char *warning = NULL;
  GListModel *accounts;
  char *secret;

  if (peer == NULL || skip_without_keyring ())
    return;

  path = temp_accounts_path ();
  context = deck_context_new (path);
  accounts = G_LIST_MODEL (deck_context_get_store (context));

  RUN (deck_context_add_flowfuse_password_async (context, deck_test_peers_get_string (peer, "url"),
                                                 deck_test_peers_get_string (peer, "admin.username"),
                                                 deck_test_peers_get_string (peer, "admin.password"),
                                                 NULL, NULL, CB));
  account = deck_context_add_account_finish (context, result, &error);
  g_assert_no_error (error);
  minted_id = g_strdup (deck_account_get_minted_token_id (account));

  /* Sign out: the minted token goes from the server and the keyring, the
   * account stays, signed out. */
  RUN (deck_context_sign_out_async (context, account, NULL, CB));
  g_assert_true (deck_context_remove_account_finish (context, result, &warning, &error));
  g_assert_no_error (error);
  g_assert_null (warning);
  g_assert_false (server_has_token (peer, minted_id));
  g_assert_cmpuint (g_list_model_get_n_items (accounts), ==, 1);
  g_assert_cmpint (deck_account_get_status (account), ==, DECK_ACCOUNT_STATUS_SIGNED_OUT);
  g_assert_cmpint (deck_account_get_credential (account), ==, DECK_ACCOUNT_CREDENTIAL_NONE);
  RUN (deck_account_store_lookup_secret_async (deck_context_get_store (context), account,
                                               DECK_SECRET_KIND_PAT, NULL, CB));
  secret = deck_account_store_lookup_secret_finish (deck_context_get_store (context), result,
                                                    &error);
  g_assert_no_error (error);
  g_assert_null (secret);

  /* Signing in again replaces the signed-out account. */
  RUN (deck_context_add_flowfuse_password_async (context, deck_test_peers_get_string (peer, "url"),
                                                 deck_test_peers_get_string (peer, "admin.username"),
                                                 deck_test_peers_get_string (peer, "admin.password"),
                                                 NULL, NULL, CB));
  again = deck_context_add_account_finish (context, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (accounts), ==, 1);
  g_assert_cmpint (deck_account_get_status (again), ==, DECK_ACCOUNT_STATUS_SIGNED_IN);
  g_assert_cmpint (deck_account_get_credential (again), ==, DECK_ACCOUNT_CREDENTIAL_MINTED_PAT);

  RUN (deck_context_remove_account_async (context, again, NULL, CB));
  g_assert_true (deck_context_remove_account_finish (context, result, NULL, &error));
  g_assert_no_error (error);
}


/* About 100 bytes: five seconds at the fault server's drip of one byte
 * per 50 ms, more than the 3 s a client waits for the keyring. */
#define TEAMS_JSON \
  "{\"count\":1,\"teams\":[{\"id\":\"t1\",\"name\":\"Team\",\"slug\":\"team\"," \
  "\"type\":{\"id\":\"tt\",\"name\":\"Starter\"}}]}"

static void
wait_for_prefetch (DeckContext *context)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (deck_context_is_prefetching (context) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (deck_context_is_prefetching (context));
}

static gboolean
model_has_id (GListModel *model,
              const char *id_property_value)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      g_autofree char *id = NULL;

      g_object_get (item, "id", &id, NULL);
      if (g_strcmp0 (id, id_property_value) == 0)
        return TRUE;
    }

  return FALSE;
}

/* The start-up prefetch: a second context (the next start of the app)
 * prefetches in a worker thread; its first client takes the secret and
 * the lists from there. Proven by taking both away before asking: the
 * keyring item is deleted and the token revoked on the server, yet the
 * client is made and its first teams and instances lists answer, once.
 * The next list goes to the server, which refuses the revoked token. */
/* What deck_context_load_snapshot_async() gives @account now. */
static DeckSnapshot *
load_snapshot (DeckContext *context,
               DeckAccount *account)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  DeckSnapshot *snapshot;

  RUN (deck_context_load_snapshot_async (context, account, NULL, CB));
  snapshot = deck_snapshot_load_finish (result, &error);
  g_assert_no_error (error);
  return snapshot;
}

static void
test_prefetch (void)
{
  JsonObject *peer = deck_test_peers_get ("flowfuse");
  g_autoptr(DeckContext) context = NULL;
  g_autoptr(DeckContext) next_start = NULL;
  g_autoptr(DeckAccount) account = NULL;
  g_autoptr(DeckFlowfuseClient) minter = NULL;
  g_autoptr(DeckFlowfuseClient) client = NULL;
  g_autoptr(DeckFfPersonalToken) token = NULL;
  g_autoptr(GListModel) teams = NULL;
  g_autoptr(GListModel) instances = NULL;
  g_autoptr(GListModel) again = NULL;
  g_autoptr(GListModel) last_teams = NULL;
  g_autoptr(GListModel) last_instances = NULL;
  g_autoptr(DeckSnapshot) snapshot = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  DeckSecureString value = NULL;
  const char *team_id;
  DeckAccount *reloaded;

  if (peer == NULL || skip_without_keyring ())
    return;

  team_id = deck_test_peers_get_string (peer, "team.id");
  minter = deck_flowfuse_client_new (deck_test_peers_get_string (peer, "url"), &error);
  g_assert_no_error (error);
  RUN (deck_flowfuse_client_login_async (minter, deck_test_peers_get_string (peer, "admin.username"),
                                         deck_test_peers_get_string (peer, "admin.password"),
                                         NULL, CB));
  g_assert_true (deck_flowfuse_client_finish_boolean (minter, result, &error));
  RUN (deck_flowfuse_client_mint_token_async (minter, "prefetch-test", NULL, CB));
  token = deck_flowfuse_client_mint_token_finish (minter, result, &value, &error);
  g_assert_no_error (error);

  path = temp_accounts_path ();
  context = deck_context_new (path);
  RUN (deck_context_add_flowfuse_token_async (context, deck_test_peers_get_string (peer, "url"),
                                              value, NULL, CB));
  account = deck_context_add_account_finish (context, result, &error);
  g_assert_no_error (error);
  deck_secure_clear (&value);

  /* What the last start showed: its snapshot. */
  RUN (deck_flowfuse_client_list_teams_async (minter, NULL, CB));
  last_teams = deck_flowfuse_client_finish_list (minter, result, &error);
  g_assert_no_error (error);
  RUN (deck_flowfuse_client_list_instances_without_state_async (minter, team_id, NULL, CB));
  last_instances = deck_flowfuse_client_finish_list (minter, result, &error);
  g_assert_no_error (error);
  RUN (deck_snapshot_save_async (deck_account_get_id (account),
                                 deck_snapshot_build (deck_account_get_id (account),
                                                      deck_account_get_url (account), last_teams,
                                                      team_id, last_instances, now),
                                 NULL, CB));
  g_assert_true (deck_snapshot_finish (result, &error));
  g_assert_no_error (error);

  /* The next start: prefetch, then load the accounts as the app does. */
  next_start = deck_context_new (path);
  deck_context_prefetch (next_start, deck_account_get_id (account), team_id);
  RUN (deck_context_load_async (next_start, NULL, CB));
  g_assert_true (deck_context_load_finish (next_start, result, &error));
  g_assert_no_error (error);
  wait_for_prefetch (next_start);
  reloaded = deck_account_store_find (deck_context_get_store (next_start),
                                      deck_account_get_id (account));
  g_assert_nonnull (reloaded);

  /* The prefetched lists are here: no rows of the last start to show
   * first, neither before the client is made nor after. */
  g_assert_null (load_snapshot (next_start, reloaded));

  RUN (deck_secrets_clear_async (DECK_SECRET_KIND_PAT, deck_account_get_id (account), NULL, CB));
  g_assert_true (deck_secrets_clear_finish (result, &error));
  g_assert_no_error (error);
  RUN (deck_flowfuse_client_delete_personal_token_async (minter, deck_ff_personal_token_get_id (token),
                                                         NULL, CB));
  g_assert_true (deck_flowfuse_client_finish_boolean (minter, result, &error));

  /* … the client still comes, with the prefetched sign-in … */
  RUN (deck_context_get_flowfuse_client_async (next_start, reloaded, NULL, CB));
  client = deck_context_get_flowfuse_client_finish (next_start, result, &error);
  g_assert_no_error (error);
  g_assert_null (load_snapshot (next_start, reloaded));

  /* … and its first lists are the prefetched ones. */
  RUN (deck_flowfuse_client_list_teams_async (client, NULL, CB));
  teams = deck_flowfuse_client_finish_list (client, result, &error);
  g_assert_no_error (error);
  g_assert_true (model_has_id (teams, team_id));
  RUN (deck_flowfuse_client_list_instances_without_state_async (client, team_id, NULL, CB));
  instances = deck_flowfuse_client_finish_list (client, result, &error);
  g_assert_no_error (error);
  g_assert_true (model_has_id (instances, deck_test_peers_get_string (peer, "instance.id")));

  /* Given out: the snapshot is read again. */
  snapshot = load_snapshot (next_start, reloaded);
  g_assert_nonnull (snapshot);
  g_assert_cmpuint (g_list_model_get_n_items (deck_snapshot_get_instances (snapshot)), ==,
                    g_list_model_get_n_items (last_instances));

  /* Once: the next list asks the server, which refuses the revoked token. */
  RUN (deck_flowfuse_client_list_teams_async (client, NULL, CB));
  again = deck_flowfuse_client_finish_list (client, result, &error);
  g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_UNAUTHORIZED);
  g_assert_null (again);
  g_assert_cmpint (deck_account_get_status (reloaded), ==, DECK_ACCOUNT_STATUS_SIGNED_OUT);
  g_clear_error (&error);

  RUN (deck_context_remove_account_async (next_start, reloaded, NULL, CB));
  g_assert_true (deck_context_remove_account_finish (next_start, result, NULL, &error));
  g_assert_no_error (error);
}

/* A prefetch whose requests are slow (the server drips its answer) is
 * waited for past the 3 s given to the keyring, and its answer used: the
 * slow request is made once, not again by the client. A prefetch without
 * an accounts file changes nothing. */
static void
test_prefetch_fallbacks (void)
{
  g_autoptr(DeckFaultServer) server = NULL;
  g_autoptr(DeckContext) context = NULL;
  g_autoptr(DeckContext) next_start = NULL;
  g_autoptr(DeckContext) empty = NULL;
  g_autoptr(DeckAccount) account = NULL;
  g_autoptr(DeckFlowfuseClient) client = NULL;
  g_autoptr(GListModel) teams = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *missing = NULL;
  g_autoptr(GBytes) teams_json = NULL;
  DeckAccount *reloaded;

  if (skip_without_keyring ())
    return;

  server = deck_fault_server_new ();
  deck_fault_server_set_json (server, "/api/v1/user", 200,
                              "{\"id\":\"u1\",\"username\":\"alice\",\"name\":\"Alice\","
                              "\"email\":\"alice@example.com\",\"admin\":false}");
  path = temp_accounts_path ();
  context = deck_context_new (path);
  RUN (deck_context_add_flowfuse_token_async (context, deck_fault_server_get_url (server),
                                              "ffpat_prefetch-fallback-token", NULL, CB));
  account = deck_context_add_account_finish (context, result, &error);
  g_assert_no_error (error);

  /* No accounts file: the prefetch ends with nothing. */
  missing = g_build_filename (g_get_tmp_dir (), "flowdeck-no-such-dir", "accounts.json", NULL);
  empty = deck_context_new (missing);
  deck_context_prefetch (empty, NULL, NULL);
  wait_for_prefetch (empty);

  /* The teams answer drips in over about 6 s. */
  teams_json = g_bytes_new_static (TEAMS_JSON, strlen (TEAMS_JSON));
  deck_fault_server_set (server, "/api/v1/user/teams", DECK_FAULT_DRIP, 200, "application/json",
                         teams_json);
  next_start = deck_context_new (path);
  deck_context_prefetch (next_start, NULL, NULL);
  RUN (deck_context_load_async (next_start, NULL, CB));
  g_assert_true (deck_context_load_finish (next_start, result, &error));
  reloaded = deck_account_store_find (deck_context_get_store (next_start),
                                      deck_account_get_id (account));
  g_assert_nonnull (reloaded);
  g_assert_true (deck_context_is_prefetching (next_start));

  RUN (deck_context_get_flowfuse_client_async (next_start, reloaded, NULL, CB));
  client = deck_context_get_flowfuse_client_finish (next_start, result, &error);
  g_assert_no_error (error);
  g_assert_false (deck_context_is_prefetching (next_start));

  /* Its first teams list is the prefetch's: asked once in all. */
  RUN (deck_flowfuse_client_list_teams_async (client, NULL, CB));
  teams = deck_flowfuse_client_finish_list (client, result, &error);
  g_assert_no_error (error);
  g_assert_true (model_has_id (teams, "t1"));
  g_assert_cmpuint (deck_fault_server_get_hits (server, "/api/v1/user/teams"), ==, 1);

  RUN (deck_context_remove_account_async (next_start, reloaded, NULL, CB));
  g_assert_true (deck_context_remove_account_finish (next_start, result, NULL, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/context/password-then-remove", test_password_then_remove);
  g_test_add_func ("/context/password-with-mfa", test_password_with_mfa);
  g_test_add_func ("/context/revoked-token-signs-out", test_revoked_token_signs_out);
  g_test_add_func ("/context/node-red", test_node_red);
  g_test_add_func ("/context/node-red-strategy", test_node_red_strategy);
  g_test_add_func ("/context/sign-out-and-in-again", test_sign_out_and_in_again);
  g_test_add_func ("/context/prefetch", test_prefetch);
  g_test_add_func ("/context/prefetch-fallbacks", test_prefetch_fallbacks);

  return g_test_run ();
}
