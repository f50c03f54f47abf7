/* test-flowfuse-peers.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The FlowFuse client end to end against the real FlowFuse 2.4.0 that
 * tests/peers/launch.mjs starts and seeds (development enterprise license,
 * team type with HTTP tokens, an Owner "alice" and a Member "bob"). Each
 * test makes its own names, so tests can share the server.
 */

#include "config.h"

#include <string.h>

#include "deck-flowfuse-client.h"
#include "deck-http.h"
#include "deck-secure.h"
#include "deck-test-peers.h"
#include "deck-test-util.h"

static char *
unique_name (const char *prefix)
{
  static guint counter;

  return g_strdup_printf ("%s-%d-%u", prefix, (int) getpid (), ++counter);
}

static DeckFlowfuseClient *
client_for (JsonObject *peer)
{
  g_autoptr(GError) error = NULL;
  DeckFlowfuseClient *client;

  client = deck_flowfuse_client_new (deck_test_peers_get_string (peer, "url"), &error);
  g_assert_no_error (error);
  deck_flowfuse_client_set_token (client, deck_test_peers_get_string (peer, "pat"));
  return client;
}

/* Runs one async call to completion. */
#define RUN(call_expr) \
  G_STMT_START { \
    GAsyncResult *slot_ = NULL; \
    g_clear_object (&result); \
    call_expr; \
    result = deck_test_wait_result (&slot_, 60); \
  } G_STMT_END
#define CB deck_test_store_result_cb, &slot_

static void
test_user_and_settings (void)
{
  JsonObject *peer = deck_test_peers_get ("flowfuse");
  g_autoptr(DeckFlowfuseClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckFfUser) user = NULL;
  g_autoptr(DeckFfSettings) settings = NULL;
  g_autoptr(GListModel) teams = NULL;
  gboolean found = FALSE;

  if (peer == NULL)
    return;

  client = client_for (peer);

  RUN (deck_flowfuse_client_get_user_async (client, NULL, CB));
  user = deck_flowfuse_client_get_user_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (deck_ff_user_get_username (user), ==,
                   deck_test_peers_get_string (peer, "admin.username"));
  g_assert_cmpstr (deck_ff_user_get_email (user), ==,
                   deck_test_peers_get_string (peer, "admin.email"));

  RUN (deck_flowfuse_client_get_settings_async (client, NULL, CB));
  settings = deck_flowfuse_client_get_settings_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_true (deck_ff_settings_has_feature (settings, "httpBearerTokens"));

  RUN (deck_flowfuse_client_list_teams_async (client, NULL, CB));
  teams = deck_flowfuse_client_finish_list (client, result, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (teams); i++)
    {
      g_autoptr(DeckFfTeam) team = g_list_model_get_item (teams, i);

      if (g_strcmp0 (deck_ff_team_get_id (team), deck_test_peers_get_string (peer, "team.id")) == 0)
        {
          found = TRUE;
          g_assert_cmpstr (deck_ff_team_get_name (team), ==, "Flowdeck Test");
          g_assert_cmpint (deck_ff_team_get_role (team), ==, DECK_FF_ROLE_OWNER);
        }
    }
  g_assert_true (found);
}

static void
test_instance_lifecycle (void)
{
  JsonObject *peer = deck_test_peers_get ("flowfuse");
  g_autoptr(DeckFlowfuseClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckFfTeam) team = NULL;
  g_autoptr(DeckFfApplication) app = NULL;
  g_autoptr(DeckFfInstance) instance = NULL;
  g_autoptr(DeckFfInstance) settled = NULL;
  g_autoptr(DeckFfInstance) gone = NULL;
  g_autofree char *team_name = unique_name ("team");
  g_autofree char *instance_name = unique_name ("inst");

  if (peer == NULL)
    return;

  client = client_for (peer);

  RUN (deck_flowfuse_client_create_team_async (client, team_name,
                                               deck_test_peers_get_string (peer, "teamTypeId"),
                                               NULL, NULL, CB));
  team = deck_flowfuse_client_finish_object (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (deck_ff_team_get_name (team), ==, team_name);

  RUN (deck_flowfuse_client_create_application_async (client, deck_ff_team_get_id (team),
                                                      "Lifecycle", NULL, CB));
  app = deck_flowfuse_client_finish_object (client, result, &error);
  g_assert_no_error (error);

  RUN (deck_flowfuse_client_create_instance_async (client, instance_name,
                                                   deck_ff_application_get_id (app),
                                                   deck_test_peers_get_string (peer, "projectTypeId"),
                                                   deck_test_peers_get_string (peer, "stackId"),
                                                   deck_test_peers_get_string (peer, "templateId"),
                                                   NULL, CB));
  instance = deck_flowfuse_client_finish_object (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (deck_ff_instance_get_name (instance), ==, instance_name);
  g_assert_cmpstr (deck_ff_instance_get_team_id (instance), ==, deck_ff_team_get_id (team));

  /* The same name again: a conflict naming the field. */
  {
    g_autoptr(DeckFfInstance) dup = NULL;

    RUN (deck_flowfuse_client_create_instance_async (client, instance_name,
                                                     deck_ff_application_get_id (app),
                                                     deck_test_peers_get_string (peer, "projectTypeId"),
                                                     deck_test_peers_get_string (peer, "stackId"),
                                                     deck_test_peers_get_string (peer, "templateId"),
                                                     NULL, CB));
    dup = deck_flowfuse_client_finish_object (client, result, &error);
    g_assert_null (dup);
    g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_CONFLICT);
    g_assert_cmpstr (deck_flowfuse_error_get_field (error), ==, "name");
    g_clear_error (&error);
  }

  RUN (deck_flowfuse_client_instance_action_async (client, deck_ff_instance_get_id (instance),
                                                   DECK_FF_ACTION_STOP, NULL, CB));
  g_assert_true (deck_flowfuse_client_finish_boolean (client, result, &error));
  g_assert_no_error (error);

  RUN (deck_flowfuse_client_wait_for_state_async (client, deck_ff_instance_get_id (instance), 30,
                                                  NULL, CB));
  settled = deck_flowfuse_client_finish_object (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (deck_ff_instance_get_state_id (settled), ==, DECK_FF_INSTANCE_STATE_STOPPED);
  g_clear_object (&settled);

  RUN (deck_flowfuse_client_instance_action_async (client, deck_ff_instance_get_id (instance),
                                                   DECK_FF_ACTION_START, NULL, CB));
  g_assert_true (deck_flowfuse_client_finish_boolean (client, result, &error));
  RUN (deck_flowfuse_client_wait_for_state_async (client, deck_ff_instance_get_id (instance), 30,
                                                  NULL, CB));
  settled = deck_flowfuse_client_finish_object (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (deck_ff_instance_get_state_id (settled), ==, DECK_FF_INSTANCE_STATE_RUNNING);

  /* FlowFuse 2.4.0's stub driver finishes a start with a 500 ms timer
   * that crashes the whole server if the instance was removed meanwhile
   * (forge/containers/stub/index.js, `list[project.id].state = 'running'`).
   * A real driver has no such timer; give the stub its half second. */
  g_usleep (700 * 1000);

  RUN (deck_flowfuse_client_delete_instance_async (client, deck_ff_instance_get_id (instance),
                                                   NULL, CB));
  g_assert_true (deck_flowfuse_client_finish_boolean (client, result, &error));
  g_assert_no_error (error);

  RUN (deck_flowfuse_client_get_instance_async (client, deck_ff_instance_get_id (instance),
                                                NULL, CB));
  gone = deck_flowfuse_client_finish_object (client, result, &error);
  g_assert_null (gone);
  g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_NOT_FOUND);
}

static void
test_paging_many_instances (void)
{
  JsonObject *peer = deck_test_peers_get ("flowfuse");
  g_autoptr(DeckFlowfuseClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckFfTeam) team = NULL;
  g_autoptr(DeckFfApplication) app = NULL;
  g_autoptr(GListModel) instances = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *team_name = unique_name ("paging");
  const guint n = 60;

  if (peer == NULL)
    return;

  client = client_for (peer);
  RUN (deck_flowfuse_client_create_team_async (client, team_name,
                                               deck_test_peers_get_string (peer, "teamTypeId"),
                                               NULL, NULL, CB));
  team = deck_flowfuse_client_finish_object (client, result, &error);
  g_assert_no_error (error);
  RUN (deck_flowfuse_client_create_application_async (client, deck_ff_team_get_id (team),
                                                      "Many", NULL, CB));
  app = deck_flowfuse_client_finish_object (client, result, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DeckFfInstance) instance = NULL;
      char *name = g_strdup_printf ("%s-i%02u", team_name, i);

      RUN (deck_flowfuse_client_create_instance_async (client, name,
                                                       deck_ff_application_get_id (app),
                                                       deck_test_peers_get_string (peer, "projectTypeId"),
                                                       deck_test_peers_get_string (peer, "stackId"),
                                                       deck_test_peers_get_string (peer, "templateId"),
                                                       NULL, CB));
      instance = deck_flowfuse_client_finish_object (client, result, &error);
      g_assert_no_error (error);
      g_hash_table_add (names, name);
    }

  RUN (deck_flowfuse_client_list_instances_async (client, deck_ff_team_get_id (team), NULL, CB));
  instances = deck_flowfuse_client_finish_list (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (instances), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DeckFfInstance) instance = g_list_model_get_item (instances, i);

      g_assert_true (g_hash_table_remove (names, deck_ff_instance_get_name (instance)));
      /* Live state comes with the list, without a request per row (the
       * newest may still be starting). */
      g_assert_true (deck_ff_instance_get_state_id (instance) == DECK_FF_INSTANCE_STATE_RUNNING ||
                     deck_ff_instance_get_state_id (instance) == DECK_FF_INSTANCE_STATE_STARTING);
    }
  g_assert_cmpuint (g_hash_table_size (names), ==, 0);

  /* Rows first: the same list without the status calls has no state
   * (FlowFuse 2.4.0 lists none); refresh_states brings it, and a state
   * already known can be kept across such a reload. */
  {
    g_autoptr(GListModel) quick = NULL;
    g_autoptr(DeckFfInstance) first = NULL;
    g_autoptr(DeckFfInstance) known = g_list_model_get_item (instances, 0);

    RUN (deck_flowfuse_client_list_instances_without_state_async (client, deck_ff_team_get_id (team),
                                                                  NULL, CB));
    quick = deck_flowfuse_client_finish_list (client, result, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (quick), ==, n);
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(DeckFfInstance) instance = g_list_model_get_item (quick, i);

        g_assert_cmpint (deck_ff_instance_get_state_id (instance), ==,
                         DECK_FF_INSTANCE_STATE_UNKNOWN);
      }

    first = g_list_model_get_item (quick, 0);
    deck_ff_instance_take_live_state (first, known);
    g_assert_cmpint (deck_ff_instance_get_state_id (first), ==,
                     deck_ff_instance_get_state_id (known));
    g_assert_cmpstr (deck_ff_instance_get_state (first), ==, deck_ff_instance_get_state (known));

    RUN (deck_flowfuse_client_refresh_states_async (client, quick, NULL, CB));
    g_assert_true (deck_flowfuse_client_finish_boolean (client, result, &error));
    g_assert_no_error (error);
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(DeckFfInstance) instance = g_list_model_get_item (quick, i);

        g_assert_cmpint (deck_ff_instance_get_state_id (instance), !=,
                         DECK_FF_INSTANCE_STATE_UNKNOWN);
      }
  }
}

static void
test_minted_token (void)
{
  JsonObject *peer = deck_test_peers_get ("flowfuse");
  g_autoptr(DeckFlowfuseClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckFfPersonalToken) token = NULL;
  g_autoptr(DeckFfUser) user = NULL;
  g_autoptr(GListModel) tokens = NULL;
  g_autofree char *value = NULL;
  g_autofree char *host = unique_name ("test-host");
  g_autofree char *expected_name = NULL;
  gboolean listed = FALSE;

  if (peer == NULL)
    return;

  client = deck_flowfuse_client_new (deck_test_peers_get_string (peer, "url"), &error);
  g_assert_no_error (error);

  /* A wrong password is a clear error. */
  RUN (deck_flowfuse_client_login_async (client, deck_test_peers_get_string (peer, "admin.username"),
                                         "wrong password", NULL, CB));
  g_assert_false (deck_flowfuse_client_finish_boolean (client, result, &error));
  g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  RUN (deck_flowfuse_client_login_async (client, deck_test_peers_get_string (peer, "admin.username"),
                                         deck_test_peers_get_string (peer, "admin.password"),
                                         NULL, CB));
  g_assert_true (deck_flowfuse_client_finish_boolean (client, result, &error));
  g_assert_no_error (error);

  RUN (deck_flowfuse_client_mint_token_async (client, host, NULL, CB));
  token = deck_flowfuse_client_mint_token_finish (client, result, &value, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (value, "ffpat_"));
  expected_name = g_strdup_printf ("Flowdeck on %s", host);
  g_assert_cmpstr (deck_ff_personal_token_get_name (token), ==, expected_name);
  g_assert_cmpint (deck_flowfuse_client_get_credential (client), ==,
                   DECK_FLOWFUSE_CREDENTIAL_TOKEN);

  /* The client now uses the minted token as a bearer. */
  RUN (deck_flowfuse_client_get_user_async (client, NULL, CB));
  user = deck_flowfuse_client_get_user_finish (client, result, &error);
  g_assert_no_error (error);

  RUN (deck_flowfuse_client_list_personal_tokens_async (client, NULL, CB));
  tokens = deck_flowfuse_client_finish_list (client, result, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (tokens); i++)
    {
      g_autoptr(DeckFfPersonalToken) t = g_list_model_get_item (tokens, i);

      listed |= g_strcmp0 (deck_ff_personal_token_get_id (t),
                           deck_ff_personal_token_get_id (token)) == 0;
    }
  g_assert_true (listed);

  /* FlowFuse 2.4.0 still lets a token create another token (newer
   * servers answer pat_cannot_create_pat, which test-flowfuse-faults
   * covers); here the second one must work and go away again. */
  {
    g_autoptr(DeckFfPersonalToken) other = NULL;
    g_autofree char *other_value = NULL;

    RUN (deck_flowfuse_client_create_personal_token_async (client, "second", NULL, FALSE, NULL,
                                                           NULL, CB));
    other = deck_flowfuse_client_create_personal_token_finish (client, result, &other_value,
                                                               &error);
    if (other == NULL)
      {
        g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_PAT_CANNOT_CREATE_PAT);
        g_clear_error (&error);
      }
    else
      {
        g_assert_true (g_str_has_prefix (other_value, "ffpat_"));
        RUN (deck_flowfuse_client_delete_personal_token_async (
               client, deck_ff_personal_token_get_id (other), NULL, CB));
        g_assert_true (deck_flowfuse_client_finish_boolean (client, result, &error));
        g_assert_no_error (error);
        deck_secure_clear (&other_value);
      }
  }

  /* Change its expiry, then delete it: the token stops working. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) later = g_date_time_add_days (now, 30);
    g_autoptr(DeckFfPersonalToken) updated = NULL;

    RUN (deck_flowfuse_client_update_personal_token_async (client, token, later, NULL, CB));
    updated = deck_flowfuse_client_finish_object (client, result, &error);
    g_assert_no_error (error);
    g_assert_nonnull (deck_ff_personal_token_get_expires_at (updated));
    g_assert_cmpint (g_date_time_to_unix (deck_ff_personal_token_get_expires_at (updated)), ==,
                     g_date_time_to_unix (later));
  }

  RUN (deck_flowfuse_client_delete_personal_token_async (client,
                                                         deck_ff_personal_token_get_id (token),
                                                         NULL, CB));
  g_assert_true (deck_flowfuse_client_finish_boolean (client, result, &error));
  g_assert_no_error (error);

  g_clear_object (&user);
  RUN (deck_flowfuse_client_get_user_async (client, NULL, CB));
  user = deck_flowfuse_client_get_user_finish (client, result, &error);
  g_assert_null (user);
  g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_UNAUTHORIZED);

  deck_secure_clear (&value);
}

static void
test_http_tokens (void)
{
  JsonObject *peer = deck_test_peers_get ("flowfuse");
  g_autoptr(DeckFlowfuseClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckFfInstance) instance = NULL;
  g_autoptr(DeckFfHttpToken) token = NULL;
  g_autoptr(DeckFfHttpToken) updated = NULL;
  g_autoptr(GListModel) tokens = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) week = g_date_time_add_days (now, 7);
  g_autofree char *value = NULL;
  g_autofree char *name = unique_name ("http-token");
  const char *instance_id;
  gboolean listed = FALSE;

  if (peer == NULL)
    return;

  client = client_for (peer);
  instance_id = deck_test_peers_get_string (peer, "instance.id");

  RUN (deck_flowfuse_client_get_instance_async (client, instance_id, NULL, CB));
  instance = deck_flowfuse_client_finish_object (client, result, &error);
  g_assert_no_error (error);

  RUN (deck_flowfuse_client_check_http_tokens_async (client, instance, NULL, CB));
  g_assert_true (deck_flowfuse_client_finish_boolean (client, result, &error));
  g_assert_no_error (error);

  RUN (deck_flowfuse_client_create_http_token_async (client, instance_id, name, NULL, NULL, CB));
  token = deck_flowfuse_client_create_http_token_finish (client, result, &value, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (value, "ffhttp_"));
  g_assert_null (deck_ff_http_token_get_expires_at (token));

  RUN (deck_flowfuse_client_list_http_tokens_async (client, instance_id, NULL, CB));
  tokens = deck_flowfuse_client_finish_list (client, result, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (tokens); i++)
    {
      g_autoptr(DeckFfHttpToken) t = g_list_model_get_item (tokens, i);

      listed |= g_strcmp0 (deck_ff_http_token_get_id (t), deck_ff_http_token_get_id (token)) == 0;
    }
  g_assert_true (listed);
  g_clear_object (&tokens);

  RUN (deck_flowfuse_client_update_http_token_async (client, instance_id,
                                                     deck_ff_http_token_get_id (token), week,
                                                     NULL, CB));
  updated = deck_flowfuse_client_finish_object (client, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (deck_ff_http_token_get_expires_at (updated));
  g_assert_cmpint (g_date_time_to_unix (deck_ff_http_token_get_expires_at (updated)), ==,
                   g_date_time_to_unix (week));

  RUN (deck_flowfuse_client_delete_http_token_async (client, instance_id,
                                                     deck_ff_http_token_get_id (token), NULL, CB));
  g_assert_true (deck_flowfuse_client_finish_boolean (client, result, &error));
  g_assert_no_error (error);

  RUN (deck_flowfuse_client_list_http_tokens_async (client, instance_id, NULL, CB));
  tokens = deck_flowfuse_client_finish_list (client, result, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (tokens); i++)
    {
      g_autoptr(DeckFfHttpToken) t = g_list_model_get_item (tokens, i);

      g_assert_cmpstr (deck_ff_http_token_get_id (t), !=, deck_ff_http_token_get_id (token));
    }

  deck_secure_clear (&value);
}

static DeckFfInstance *
make_instance_in (DeckFlowfuseClient *client,
                  JsonObject         *peer,
                  const char         *team_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckFfApplication) app = NULL;
  g_autofree char *name = unique_name ("cap");
  DeckFfInstance *instance;

  RUN (deck_flowfuse_client_create_application_async (client, team_id, name, NULL, CB));
  app = deck_flowfuse_client_finish_object (client, result, &error);
  g_assert_no_error (error);
  RUN (deck_flowfuse_client_create_instance_async (client, name, deck_ff_application_get_id (app),
                                                   deck_test_peers_get_string (peer, "projectTypeId"),
                                                   deck_test_peers_get_string (peer, "stackId"),
                                                   deck_test_peers_get_string (peer, "templateId"),
                                                   NULL, CB));
  instance = deck_flowfuse_client_finish_object (client, result, &error);
  g_assert_no_error (error);
  return instance;
}

static void
test_capability_team_type (void)
{
  JsonObject *peer = deck_test_peers_get ("flowfuse");
  g_autoptr(DeckFlowfuseClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckFfInstance) instance = NULL;

  if (peer == NULL)
    return;

  client = client_for (peer);
  instance = make_instance_in (client, peer, deck_test_peers_get_string (peer, "plainTeam.id"));

  RUN (deck_flowfuse_client_check_http_tokens_async (client, instance, NULL, CB));
  g_assert_false (deck_flowfuse_client_finish_boolean (client, result, &error));
  g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_TEAM_TYPE_FEATURE);
}

static void
test_capability_not_owner (void)
{
  JsonObject *peer = deck_test_peers_get ("flowfuse");
  g_autoptr(DeckFlowfuseClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckFfInstance) instance = NULL;

  if (peer == NULL)
    return;

  /* bob is a Member of the seeded team, signed in with his password. */
  client = deck_flowfuse_client_new (deck_test_peers_get_string (peer, "url"), &error);
  g_assert_no_error (error);
  RUN (deck_flowfuse_client_login_async (client, deck_test_peers_get_string (peer, "member.username"),
                                         deck_test_peers_get_string (peer, "member.password"),
                                         NULL, CB));
  g_assert_true (deck_flowfuse_client_finish_boolean (client, result, &error));
  g_assert_no_error (error);

  RUN (deck_flowfuse_client_get_instance_async (client, deck_test_peers_get_string (peer, "instance.id"),
                                                NULL, CB));
  instance = deck_flowfuse_client_finish_object (client, result, &error);
  g_assert_no_error (error);

  RUN (deck_flowfuse_client_check_http_tokens_async (client, instance, NULL, CB));
  g_assert_false (deck_flowfuse_client_finish_boolean (client, result, &error));
  g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_NOT_OWNER);
  g_clear_error (&error);

  /* And the server agrees: a Member cannot stop the instance. */
  RUN (deck_flowfuse_client_instance_action_async (client, deck_ff_instance_get_id (instance),
                                                   DECK_FF_ACTION_STOP, NULL, CB));
  g_assert_false (deck_flowfuse_client_finish_boolean (client, result, &error));
  g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_FORBIDDEN);
}

static void
test_capability_no_license (void)
{
  JsonObject *peer = deck_test_peers_get ("flowfuse_unlicensed");
  g_autoptr(DeckFlowfuseClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckFfInstance) instance = NULL;

  if (peer == NULL)
    return;

  client = client_for (peer);
  RUN (deck_flowfuse_client_get_instance_async (client, deck_test_peers_get_string (peer, "instance.id"),
                                                NULL, CB));
  instance = deck_flowfuse_client_finish_object (client, result, &error);
  g_assert_no_error (error);

  RUN (deck_flowfuse_client_check_http_tokens_async (client, instance, NULL, CB));
  g_assert_false (deck_flowfuse_client_finish_boolean (client, result, &error));
  g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_NO_LICENSE);
}

static void
test_members_logs_audit (void)
{
  JsonObject *peer = deck_test_peers_get ("flowfuse");
  g_autoptr(DeckFlowfuseClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) members = NULL;
  g_autoptr(DeckFfPage) logs = NULL;
  g_autoptr(DeckFfPage) older = NULL;
  g_autoptr(DeckFfPage) audit = NULL;
  const char *instance_id;
  gboolean saw_bob = FALSE;
  int role;

  if (peer == NULL)
    return;

  client = client_for (peer);
  instance_id = deck_test_peers_get_string (peer, "instance.id");

  RUN (deck_flowfuse_client_list_members_async (client, deck_test_peers_get_string (peer, "team.id"),
                                                NULL, CB));
  members = deck_flowfuse_client_finish_list (client, result, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (members); i++)
    {
      g_autoptr(DeckFfUser) member = g_list_model_get_item (members, i);

      if (g_strcmp0 (deck_ff_user_get_username (member), "bob") == 0)
        {
          saw_bob = TRUE;
          g_assert_cmpint (deck_ff_user_get_role (member), ==, DECK_FF_ROLE_MEMBER);
        }
    }
  g_assert_true (saw_bob);

  RUN (deck_flowfuse_client_get_team_role_async (client,
                                                 deck_test_peers_get_string (peer, "team.id"),
                                                 NULL, CB));
  role = deck_flowfuse_client_get_team_role_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (role, ==, DECK_FF_ROLE_OWNER);

  /* The stub driver serves a fixed log: the newest few, then older. */
  RUN (deck_flowfuse_client_get_logs_async (client, instance_id, NULL, 3, NULL, CB));
  logs = deck_flowfuse_client_finish_page (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (logs->items)), >, 0);
  g_assert_nonnull (logs->next_cursor);

  if (logs->previous_cursor != NULL)
    {
      RUN (deck_flowfuse_client_get_logs_async (client, instance_id, logs->previous_cursor, 3,
                                                NULL, CB));
      older = deck_flowfuse_client_finish_page (client, result, &error);
      g_assert_no_error (error);
    }

  RUN (deck_flowfuse_client_get_audit_log_async (client, instance_id, NULL, 2, NULL, CB));
  audit = deck_flowfuse_client_finish_page (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (audit->items)), <=, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (audit->items)), >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flowfuse/peers/user-and-settings", test_user_and_settings);
  g_test_add_func ("/flowfuse/peers/instance-lifecycle", test_instance_lifecycle);
  g_test_add_func ("/flowfuse/peers/paging-many-instances", test_paging_many_instances);
  g_test_add_func ("/flowfuse/peers/minted-token", test_minted_token);
  g_test_add_func ("/flowfuse/peers/http-tokens", test_http_tokens);
  g_test_add_func ("/flowfuse/peers/capability-team-type", test_capability_team_type);
  g_test_add_func ("/flowfuse/peers/capability-not-owner", test_capability_not_owner);
  g_test_add_func ("/flowfuse/peers/capability-no-license", test_capability_no_license);
  g_test_add_func ("/flowfuse/peers/members-logs-audit", test_members_logs_audit);

  return g_test_run ();
}
