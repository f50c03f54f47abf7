/* test-snapshot.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The start-up snapshot (deck-snapshot.c): what the window showed, read
 * back at the next start. Models from the FlowFuse peer's real answers
 * (the fuzz corpus) go in and must come out the same; damaged or foreign
 * files are refused; the file is private; a deletion beats every save
 * asked for before it; the context keeps nothing of a signed-out or
 * removed account. The context says when its accounts file was read.
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "deck-context.h"
#include "deck-ff-instance.h"
#include "deck-ff-list.h"
#include "deck-ff-team.h"
#include "deck-snapshot.h"
#include "deck-test-util.h"

#define ACCOUNT_ID  "3f1a7c1e-0000-4000-8000-000000000001"
#define ACCOUNT_URL "https://flowfuse.example.com"

static GListStore *
corpus_list (const char *name,
             const char *member,
             GType       type)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus", "ff-models", name,
                                                 NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GListStore *list;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  list = deck_ff_list_from_json (json_object_get_array_member (json_node_get_object (
                                   json_parser_get_root (parser)), member), type, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >, 0);
  return list;
}

/* The peer's instances, with live state and versions as a status call
 * brings them, and every kind of HTTP auth. */
static GListStore *
corpus_instances (void)
{
  GListStore *list = corpus_list ("ff-team-projects", "projects", DECK_TYPE_FF_INSTANCE);
  g_autoptr(GListStore) more = corpus_list ("ff-app-instances", "instances", DECK_TYPE_FF_INSTANCE);
  g_autoptr(DeckFfInstance) first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser,
                              "{\"meta\": {\"state\": \"running\", \"isDeploying\": true, "
                              "\"versions\": {\"node-red\": \"4.1.2\"}}}", -1, &error);
  g_assert_no_error (error);
  deck_ff_instance_apply_status (first, json_node_get_object (json_parser_get_root (parser)));

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (more)); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (more), i);

      g_list_store_append (list, item);
    }
  return list;
}

static void
assert_same_date (GDateTime *a,
                  GDateTime *b)
{
  g_assert_true ((a == NULL) == (b == NULL));
  if (a != NULL)
    g_assert_cmpint (g_date_time_compare (a, b), ==, 0);
}

static void
assert_same_instance (DeckFfInstance *a,
                      DeckFfInstance *b)
{
  g_assert_cmpstr (deck_ff_instance_get_id (a), ==, deck_ff_instance_get_id (b));
  g_assert_cmpstr (deck_ff_instance_get_name (a), ==, deck_ff_instance_get_name (b));
  g_assert_cmpstr (deck_ff_instance_get_url (a), ==, deck_ff_instance_get_url (b));
  g_assert_cmpstr (deck_ff_instance_get_state (a), ==, deck_ff_instance_get_state (b));
  g_assert_cmpint (deck_ff_instance_get_state_id (a), ==, deck_ff_instance_get_state_id (b));
  g_assert_cmpint (deck_ff_instance_get_is_deploying (a), ==, deck_ff_instance_get_is_deploying (b));
  g_assert_cmpstr (deck_ff_instance_get_node_red_version (a), ==,
                   deck_ff_instance_get_node_red_version (b));
  g_assert_cmpstr (deck_ff_instance_get_application_id (a), ==,
                   deck_ff_instance_get_application_id (b));
  g_assert_cmpstr (deck_ff_instance_get_application_name (a), ==,
                   deck_ff_instance_get_application_name (b));
  g_assert_cmpstr (deck_ff_instance_get_team_id (a), ==, deck_ff_instance_get_team_id (b));
  g_assert_cmpstr (deck_ff_instance_get_project_type_id (a), ==,
                   deck_ff_instance_get_project_type_id (b));
  g_assert_cmpstr (deck_ff_instance_get_project_type_name (a), ==,
                   deck_ff_instance_get_project_type_name (b));
  g_assert_cmpstr (deck_ff_instance_get_stack_id (a), ==, deck_ff_instance_get_stack_id (b));
  g_assert_cmpstr (deck_ff_instance_get_stack_name (a), ==, deck_ff_instance_get_stack_name (b));
  g_assert_cmpstr (deck_ff_instance_get_template_id (a), ==, deck_ff_instance_get_template_id (b));
  g_assert_cmpstr (deck_ff_instance_get_template_name (a), ==,
                   deck_ff_instance_get_template_name (b));
  assert_same_date (deck_ff_instance_get_created_at (a), deck_ff_instance_get_created_at (b));
  assert_same_date (deck_ff_instance_get_updated_at (a), deck_ff_instance_get_updated_at (b));
  assert_same_date (deck_ff_instance_get_flow_last_updated_at (a),
                    deck_ff_instance_get_flow_last_updated_at (b));
  g_assert_cmpint (deck_ff_instance_get_http_node_auth (a), ==,
                   deck_ff_instance_get_http_node_auth (b));
}

static void
assert_same_team (DeckFfTeam *a,
                  DeckFfTeam *b)
{
  static const char *const features[] = { "teamHttpSecurity", "instanceAutoSnapshot", "ha" };

  g_assert_cmpstr (deck_ff_team_get_id (a), ==, deck_ff_team_get_id (b));
  g_assert_cmpstr (deck_ff_team_get_name (a), ==, deck_ff_team_get_name (b));
  g_assert_cmpstr (deck_ff_team_get_slug (a), ==, deck_ff_team_get_slug (b));
  g_assert_cmpstr (deck_ff_team_get_avatar (a), ==, deck_ff_team_get_avatar (b));
  g_assert_cmpint (deck_ff_team_get_role (a), ==, deck_ff_team_get_role (b));
  g_assert_cmpint (deck_ff_team_get_instance_count (a), ==, deck_ff_team_get_instance_count (b));
  g_assert_cmpint (deck_ff_team_get_member_count (a), ==, deck_ff_team_get_member_count (b));
  for (guint i = 0; i < G_N_ELEMENTS (features); i++)
    if (deck_ff_team_get_team_type (a) == NULL)
      g_assert_cmpint (deck_ff_team_has_feature (a, features[i]), ==,
                       deck_ff_team_has_feature (b, features[i]));
}

static GBytes *
to_bytes (GVariant *snapshot)
{
  return g_variant_get_data_as_bytes (snapshot);
}

static DeckSnapshot *
parse_bytes (GBytes      *bytes,
             const char  *account_id,
             const char  *url,
             GError     **error)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  return deck_snapshot_parse (data, length, account_id, url, error);
}

static void
test_round_trip (void)
{
  g_autoptr(GListStore) instances = corpus_instances ();
  g_autoptr(GListStore) teams = corpus_list ("ff-teams", "teams", DECK_TYPE_FF_TEAM);
  g_autoptr(GDateTime) saved = g_date_time_new_from_unix_utc (1795000000);
  g_autoptr(GVariant) node = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(DeckSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *back;
  guint n_states = 0;

  node = deck_snapshot_build (ACCOUNT_ID, ACCOUNT_URL, G_LIST_MODEL (teams), "WNVpAEpDMB",
                              G_LIST_MODEL (instances), saved);
  bytes = to_bytes (node);
  snapshot = parse_bytes (bytes, ACCOUNT_ID, ACCOUNT_URL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (snapshot);

  g_assert_cmpstr (deck_snapshot_get_team_id (snapshot), ==, "WNVpAEpDMB");
  g_assert_true (g_date_time_equal (deck_snapshot_get_saved_at (snapshot), saved));

  back = deck_snapshot_get_instances (snapshot);
  g_assert_cmpuint (g_list_model_get_n_items (back), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (instances)));
  for (guint i = 0; i < g_list_model_get_n_items (back); i++)
    {
      g_autoptr(DeckFfInstance) a = g_list_model_get_item (G_LIST_MODEL (instances), i);
      g_autoptr(DeckFfInstance) b = g_list_model_get_item (back, i);

      assert_same_instance (a, b);
      n_states += deck_ff_instance_get_state_id (b) == DECK_FF_INSTANCE_STATE_RUNNING;
    }
  g_assert_cmpuint (n_states, >=, 1);  /* the live state is kept, not only the list's */

  back = deck_snapshot_get_teams (snapshot);
  g_assert_cmpuint (g_list_model_get_n_items (back), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (teams)));
  for (guint i = 0; i < g_list_model_get_n_items (back); i++)
    {
      g_autoptr(DeckFfTeam) a = g_list_model_get_item (G_LIST_MODEL (teams), i);
      g_autoptr(DeckFfTeam) b = g_list_model_get_item (back, i);

      assert_same_team (a, b);
    }

}

static void
test_teams_only (void)
{
  g_autoptr(GListStore) teams = corpus_list ("ff-teams", "teams", DECK_TYPE_FF_TEAM);
  g_autoptr(GDateTime) saved = g_date_time_new_now_utc ();
  g_autoptr(GVariant) node = deck_snapshot_build (ACCOUNT_ID, ACCOUNT_URL, G_LIST_MODEL (teams),
                                                  NULL, NULL, saved);
  g_autoptr(GBytes) bytes = to_bytes (node);
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckSnapshot) snapshot = parse_bytes (bytes, ACCOUNT_ID, ACCOUNT_URL, &error);

  g_assert_no_error (error);
  g_assert_null (deck_snapshot_get_team_id (snapshot));
  g_assert_null (deck_snapshot_get_instances (snapshot));
  g_assert_cmpuint (g_list_model_get_n_items (deck_snapshot_get_teams (snapshot)), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (teams)));
}

#define TEAM_TYPE     "(ssmsmsiiima{sb})"
#define INSTANCE_TYPE "(ssmssbmsmsmsmsmsmsmsmsmsmsmxmxmxu)"

static GBytes *
raw_snapshot (guint32     magic,
              const char *account,
              const char *url,
              gint64      saved,
              const char *team_name,
              const char *instance_name)
{
  g_autoptr(GVariantBuilder) teams = g_variant_builder_new (G_VARIANT_TYPE ("a" TEAM_TYPE));
  g_autoptr(GVariantBuilder) instances = g_variant_builder_new (G_VARIANT_TYPE ("a" INSTANCE_TYPE));
  g_autoptr(GVariant) snapshot = NULL;

  g_variant_builder_add (teams, TEAM_TYPE, "t1", team_name, NULL, NULL, 50, 1, 2, NULL);
  g_variant_builder_add (instances, "(ssmssbmsmsmsmsmsmsmsmsmsms@mx@mx@mxu)",
                         "i1", instance_name, NULL, "running", FALSE, NULL, NULL, NULL, NULL, NULL,
                         NULL, NULL, NULL, NULL, NULL,
                         g_variant_new_maybe (G_VARIANT_TYPE_INT64, NULL),
                         g_variant_new_maybe (G_VARIANT_TYPE_INT64, NULL),
                         g_variant_new_maybe (G_VARIANT_TYPE_INT64, NULL), 0u);
  snapshot = g_variant_ref_sink (g_variant_new ("(ussxa" TEAM_TYPE "msa" INSTANCE_TYPE ")", magic,
                                                account, url, saved, teams, "t1", instances));
  return g_variant_get_data_as_bytes (snapshot);
}

static void
test_refused (void)
{
  const guint32 magic = 0x32534446u;
  const gint64 now = g_get_real_time ();
  g_autoptr(GBytes) good = raw_snapshot (magic, ACCOUNT_ID, ACCOUNT_URL, now, "Team", "Instance");
  gsize good_length;
  const char *good_data = g_bytes_get_data (good, &good_length);
  g_autoptr(GVariant) swapped = NULL;
  struct {
    const char *name;
    GBytes     *bytes;
  } cases[] = {
    { "empty", g_bytes_new_static ("", 0) },
    { "text", g_bytes_new_static ("flowdeck", 8) },
    { "truncated", g_bytes_new (good_data, good_length / 2) },
    { "other-version", raw_snapshot (magic + 1, ACCOUNT_ID, ACCOUNT_URL, now, "Team", "Instance") },
    { "other-account", raw_snapshot (magic, "someone-else", ACCOUNT_URL, now, "Team", "Instance") },
    { "other-server", raw_snapshot (magic, ACCOUNT_ID, "https://evil.example.com", now, "Team",
                                    "Instance") },
    { "no-time", raw_snapshot (magic, ACCOUNT_ID, ACCOUNT_URL, G_MAXINT64, "Team", "Instance") },
    { "team-without-name", raw_snapshot (magic, ACCOUNT_ID, ACCOUNT_URL, now, "", "Instance") },
    { "instance-without-name", raw_snapshot (magic, ACCOUNT_ID, ACCOUNT_URL, now, "Team", "") },
    { "other-byte-order", NULL },
  };
  g_autoptr(DeckSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;

  /* The good one is read. */
  snapshot = deck_snapshot_parse (good_data, good_length, ACCOUNT_ID, ACCOUNT_URL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (snapshot);
  g_assert_cmpuint (g_list_model_get_n_items (deck_snapshot_get_instances (snapshot)), ==, 1);
  g_clear_pointer (&snapshot, deck_snapshot_free);

  swapped = g_variant_ref_sink (g_variant_byteswap (g_variant_new_from_bytes (
    G_VARIANT_TYPE ("(ussxa" TEAM_TYPE "msa" INSTANCE_TYPE ")"), good, FALSE)));
  cases[G_N_ELEMENTS (cases) - 1].bytes = g_variant_get_data_as_bytes (swapped);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize length;
      const char *data = g_bytes_get_data (cases[i].bytes, &length);

      g_test_message ("%s", cases[i].name);
      snapshot = deck_snapshot_parse (data != NULL ? data : "", length, ACCOUNT_ID, ACCOUNT_URL,
                                      &error);
      g_assert_null (snapshot);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_clear_error (&error);
      g_bytes_unref (cases[i].bytes);
    }
}

/*
 * Files
 */

static void
save_sync (const char *account_id,
           GListModel *instances)
{
  g_autoptr(GListStore) teams = corpus_list ("ff-teams", "teams", DECK_TYPE_FF_TEAM);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  deck_snapshot_save_async (account_id,
                            deck_snapshot_build (account_id, ACCOUNT_URL, G_LIST_MODEL (teams),
                                                 "WNVpAEpDMB", instances, now),
                            NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 10);
  g_assert_true (deck_snapshot_finish (result, &error));
  g_assert_no_error (error);
}

static DeckSnapshot *
load_sync (const char  *account_id,
           GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  deck_snapshot_load_async (account_id, ACCOUNT_URL, NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 10);
  return deck_snapshot_load_finish (result, error);
}

static void
wait_finished (GAsyncResult **slot)
{
  g_autoptr(GAsyncResult) result = deck_test_wait_result (slot, 10);
  g_autoptr(GError) error = NULL;

  g_assert_true (deck_snapshot_finish (result, &error));
  g_assert_no_error (error);
}

static void
test_files (void)
{
  g_autoptr(GListStore) instances = corpus_instances ();
  g_autofree char *path = deck_snapshot_path (ACCOUNT_ID);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(DeckSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  GStatBuf st;

  /* Under the user's cache folder, named without the account id. */
  g_assert_true (g_str_has_prefix (path, g_get_user_cache_dir ()));
  g_assert_null (strstr (path, ACCOUNT_ID));

  snapshot = load_sync (ACCOUNT_ID, &error);
  g_assert_no_error (error);
  g_assert_null (snapshot);   /* none yet: no error */

  save_sync (ACCOUNT_ID, G_LIST_MODEL (instances));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  snapshot = load_sync (ACCOUNT_ID, &error);
  g_assert_no_error (error);
  g_assert_nonnull (snapshot);
  g_assert_cmpuint (g_list_model_get_n_items (deck_snapshot_get_instances (snapshot)), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (instances)));
  g_clear_pointer (&snapshot, deck_snapshot_free);

  /* Another account's file under this name: refused, with an error. */
  {
    g_autofree char *other = deck_snapshot_path ("someone-else");

    snapshot = load_sync ("someone-else", &error);
    g_assert_null (snapshot);
    g_assert_no_error (error);   /* its own name has no file */
    g_assert_true (g_file_set_contents (other, "garbage", -1, NULL));
    snapshot = load_sync ("someone-else", &error);
    g_assert_null (snapshot);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    g_clear_error (&error);
    g_assert_cmpint (g_unlink (other), ==, 0);
  }

  deck_snapshot_forget_async (ACCOUNT_ID, NULL, deck_test_store_result_cb, &slot);
  wait_finished (&slot);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  snapshot = load_sync (ACCOUNT_ID, &error);
  g_assert_no_error (error);
  g_assert_null (snapshot);
}

/* A sign-out right after a save: the file is gone, whichever of the two
 * worker threads runs first. A save asked for after the sign-out is
 * written again. */
static void
test_forget_wins (void)
{
  g_autoptr(GListStore) instances = corpus_instances ();
  g_autoptr(GListStore) teams = corpus_list ("ff-teams", "teams", DECK_TYPE_FF_TEAM);
  g_autofree char *path = deck_snapshot_path (ACCOUNT_ID);

  for (guint round = 0; round < 50; round++)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      GAsyncResult *saved = NULL, *forgotten = NULL;

      for (guint i = 0; i < 3; i++)
        deck_snapshot_save_async (ACCOUNT_ID,
                                  deck_snapshot_build (ACCOUNT_ID, ACCOUNT_URL, G_LIST_MODEL (teams),
                                                       "WNVpAEpDMB", G_LIST_MODEL (instances), now),
                                  NULL, i == 0 ? deck_test_store_result_cb : NULL,
                                  i == 0 ? &saved : NULL);
      deck_snapshot_forget_async (ACCOUNT_ID, NULL, deck_test_store_result_cb, &forgotten);
      wait_finished (&saved);
      wait_finished (&forgotten);
      /* The other two saves are not waited for: let the pool drain. */
      for (guint spin = 0; spin < 20; spin++)
        {
          g_usleep (1000);
          while (g_main_context_iteration (NULL, FALSE));
        }
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }

  save_sync (ACCOUNT_ID, G_LIST_MODEL (instances));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_sweep (void)
{
  g_autoptr(GListStore) instances = corpus_instances ();
  g_autofree char *kept = deck_snapshot_path ("kept-account");
  g_autofree char *gone = deck_snapshot_path ("gone-account");
  g_autofree char *dir = g_path_get_dirname (kept);
  g_autofree char *stray = g_build_filename (dir, "0123.json.X1Y2Z3", NULL);
  const char *keep[] = { "kept-account", "never-saved", NULL };
  GAsyncResult *slot = NULL;

  save_sync ("kept-account", G_LIST_MODEL (instances));
  save_sync ("gone-account", G_LIST_MODEL (instances));
  g_assert_true (g_file_set_contents (stray, "half", -1, NULL));

  deck_snapshot_sweep_async (keep, NULL, deck_test_store_result_cb, &slot);
  wait_finished (&slot);
  g_assert_true (g_file_test (kept, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (gone, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (stray, G_FILE_TEST_EXISTS));
}

/*
 * The context
 */

static DeckContext *
context_with_account (const char   *dir,
                      DeckAccount **out_account)
{
  g_autofree char *path = g_build_filename (dir, "accounts.json", NULL);
  g_autoptr(DeckAccount) account = deck_account_new (DECK_ACCOUNT_KIND_FLOWFUSE, ACCOUNT_URL);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object = json_object_new ();
  JsonArray *array = json_array_new ();
  g_autofree char *text = NULL;
  DeckContext *context;
  GAsyncResult *slot = NULL;

  deck_account_set_username (account, "alice");
  deck_account_set_credential (account, DECK_ACCOUNT_CREDENTIAL_PAT);
  json_array_add_object_element (array, deck_account_to_json (account));
  json_object_set_int_member (object, "version", 1);
  json_object_set_array_member (object, "accounts", array);
  json_node_take_object (root, object);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));

  context = deck_context_new (path);
  g_assert_false (deck_context_get_accounts_loaded (context));
  deck_context_load_async (context, NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 10);
  g_assert_true (deck_context_load_finish (context, result, &error));
  g_assert_no_error (error);
  g_assert_true (deck_context_get_accounts_loaded (context));
  *out_account = deck_account_store_find (deck_context_get_store (context),
                                          deck_account_get_id (account));
  g_assert_nonnull (*out_account);
  return context;
}

static gboolean
wait_for_file (const char *path,
               gboolean    exists)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_file_test (path, G_FILE_TEST_EXISTS) != exists && g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return g_file_test (path, G_FILE_TEST_EXISTS) == exists;
}

static void
context_load (DeckContext   *context,
              DeckAccount   *account,
              DeckSnapshot **out,
              GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  deck_context_load_snapshot_async (context, account, NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 10);
  *out = deck_snapshot_load_finish (result, error);
}

static void
test_context (void)
{
  g_autofree char *dir = g_dir_make_tmp ("flowdeck-snapshot-XXXXXX", NULL);
  g_autoptr(GListStore) instances = corpus_instances ();
  g_autoptr(GListStore) teams = corpus_list ("ff-teams", "teams", DECK_TYPE_FF_TEAM);
  g_autoptr(DeckContext) context = NULL;
  g_autoptr(DeckSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  DeckAccount *account;

  context = context_with_account (dir, &account);
  path = deck_snapshot_path (deck_account_get_id (account));

  deck_context_save_snapshot (context, account, G_LIST_MODEL (teams), "WNVpAEpDMB",
                              G_LIST_MODEL (instances));
  g_assert_true (wait_for_file (path, TRUE));
  context_load (context, account, &snapshot, &error);
  g_assert_no_error (error);
  g_assert_nonnull (snapshot);
  g_assert_cmpuint (g_list_model_get_n_items (deck_snapshot_get_instances (snapshot)), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (instances)));
  g_clear_pointer (&snapshot, deck_snapshot_free);

  /* The server refuses the credential (while a newer save is still being
   * copied): the account is signed out and its snapshot goes, and the save
   * under way keeps nothing. Nothing is kept or read for it after. */
  deck_context_save_snapshot (context, account, G_LIST_MODEL (teams), "WNVpAEpDMB",
                              G_LIST_MODEL (instances));
  deck_account_set_status (account, DECK_ACCOUNT_STATUS_SIGNED_OUT);
  g_assert_true (wait_for_file (path, FALSE));
  for (guint i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  deck_context_save_snapshot (context, account, G_LIST_MODEL (teams), "WNVpAEpDMB",
                              G_LIST_MODEL (instances));
  for (guint i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  save_sync (deck_account_get_id (account), G_LIST_MODEL (instances));
  context_load (context, account, &snapshot, &error);
  g_assert_no_error (error);
  g_assert_null (snapshot);

  /* The next start sweeps a file left of a signed-out account (say, the
   * app quit before the deletion ran). */
  g_clear_object (&context);
  {
    g_autofree char *accounts = g_build_filename (dir, "accounts.json", NULL);
    g_autofree char *text = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    GAsyncResult *slot = NULL;
    g_auto(GStrv) parts = NULL;

    g_assert_true (g_file_get_contents (accounts, &text, NULL, NULL));
    parts = g_strsplit (text, "\"pat\"", -1);
    g_assert_cmpuint (g_strv_length (parts), ==, 2);
    g_free (text);
    text = g_strjoinv ("\"none\"", parts);
    g_assert_true (g_file_set_contents (accounts, text, -1, NULL));
    g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

    context = deck_context_new (accounts);
    deck_context_load_async (context, NULL, deck_test_store_result_cb, &slot);
    result = deck_test_wait_result (&slot, 10);
    g_assert_true (deck_context_load_finish (context, result, &error));
    g_assert_true (wait_for_file (path, FALSE));
  }
}

/* During start-up the snapshot of the account shown last is read on a
 * thread of its own (deck_context_prefetch()), before the window asks:
 * the window gets that one, once; later asks read the file. */
static void
test_context_start (void)
{
  g_autofree char *dir = g_dir_make_tmp ("flowdeck-snapshot-XXXXXX", NULL);
  g_autofree char *accounts = g_build_filename (dir, "accounts.json", NULL);
  g_autoptr(GListStore) instances = corpus_instances ();
  g_autoptr(DeckContext) first = NULL;
  g_autoptr(DeckContext) context = NULL;
  g_autoptr(DeckSnapshot) snapshot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GAsyncResult *slot = NULL;
  DeckAccount *account;
  gint64 until;

  first = context_with_account (dir, &account);
  path = deck_snapshot_path (deck_account_get_id (account));
  save_sync (deck_account_get_id (account), G_LIST_MODEL (instances));
  /* save_sync() writes for ACCOUNT_URL: the account's server. */
  g_assert_cmpstr (deck_account_get_url (account), ==, ACCOUNT_URL);
  g_clear_object (&first);

  context = deck_context_new (accounts);
  deck_context_prefetch (context, NULL, NULL);
  deck_context_load_async (context, NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 10);
  g_assert_true (deck_context_load_finish (context, result, &error));
  g_clear_object (&result);
  account = g_list_model_get_item (G_LIST_MODEL (deck_context_get_store (context)), 0);
  g_object_unref (account);   /* the store keeps it */

  /* Give the start-up read time to finish, then take the file away: only
   * that read can still answer. */
  until = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (deck_context_is_prefetching (context) || g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  g_assert_cmpint (g_unlink (path), ==, 0);

  /* Asked for the same account id at another server: not that read's. */
  deck_account_set_url (account, "https://other.example.com");
  context_load (context, account, &snapshot, &error);
  g_assert_no_error (error);
  g_assert_null (snapshot);
  deck_account_set_url (account, ACCOUNT_URL);

  context_load (context, account, &snapshot, &error);
  g_assert_no_error (error);
  g_assert_nonnull (snapshot);
  g_assert_cmpstr (deck_snapshot_get_account_id (snapshot), ==, deck_account_get_id (account));
  g_assert_cmpuint (g_list_model_get_n_items (deck_snapshot_get_instances (snapshot)), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (instances)));
  g_clear_pointer (&snapshot, deck_snapshot_free);

  /* Once: the next ask reads the file, which is gone. */
  context_load (context, account, &snapshot, &error);
  g_assert_no_error (error);
  g_assert_null (snapshot);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* DeckContext:accounts-loaded: once the file was read, and also when it
 * was damaged and set aside (the store is usable then too). */
static void
test_context_accounts_loaded (void)
{
  g_autofree char *dir = g_dir_make_tmp ("flowdeck-snapshot-XXXXXX", NULL);
  const char *contents[] = { NULL, "{\"version\": 1, \"accounts\": [",
                             "{\"version\": 1, \"accounts\": []}" };

  for (guint i = 0; i < G_N_ELEMENTS (contents); i++)
    {
      g_autofree char *name = g_strdup_printf ("accounts-%u.json", i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(DeckContext) context = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      GAsyncResult *slot = NULL;
      guint notified = 0;
      gboolean read;

      if (contents[i] != NULL)
        g_assert_true (g_file_set_contents (path, contents[i], -1, NULL));
      context = deck_context_new (path);
      g_signal_connect (context, "notify::accounts-loaded", G_CALLBACK (count_notify_cb),
                        &notified);
      g_assert_false (deck_context_get_accounts_loaded (context));

      deck_context_load_async (context, NULL, deck_test_store_result_cb, &slot);
      g_assert_false (deck_context_get_accounts_loaded (context));
      result = deck_test_wait_result (&slot, 10);
      read = deck_context_load_finish (context, result, &error);
      g_test_message ("file %u: %s", i, error ? error->message : "read");
      g_assert_true (read == (i != 1));
      if (i == 1)
        g_assert_error (error, DECK_ACCOUNT_STORE_ERROR, DECK_ACCOUNT_STORE_ERROR_CORRUPT);
      g_assert_true (deck_context_get_accounts_loaded (context));
      g_assert_cmpuint (notified, ==, 1);
    }
}

int
main (int   argc,
      char *argv[])
{
  deck_test_isolate_data_dir ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/snapshot/round-trip", test_round_trip);
  g_test_add_func ("/snapshot/teams-only", test_teams_only);
  g_test_add_func ("/snapshot/refused", test_refused);
  g_test_add_func ("/snapshot/files", test_files);
  g_test_add_func ("/snapshot/forget-wins", test_forget_wins);
  g_test_add_func ("/snapshot/sweep", test_sweep);
  g_test_add_func ("/snapshot/context", test_context);
  g_test_add_func ("/snapshot/context-start", test_context_start);
  g_test_add_func ("/context/accounts-loaded", test_context_accounts_loaded);

  return g_test_run ();
}
