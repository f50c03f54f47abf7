/* test-account-store.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * DeckAccount and DeckAccountStore: JSON round trips, the file's mode,
 * atomic writes under SIGKILL (SECURITY.md S6), corrupt files, and, with
 * the throwaway keyring of tests/harness.sh, adding and removing accounts
 * with their secrets (S1). Every test works in its own temp dir.
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "deck-account-store.h"
#include "deck-secrets.h"
#include "deck-secure.h"
#include "deck-test-util.h"

#define ATOMIC_ACCOUNTS   1000
#define ATOMIC_ITERATIONS 25

/*
 * Auxiliary methods
 */

static void
rm_rf (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);

  if (dir != NULL)
    {
      const char *name;

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
              !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            rm_rf (child);
          else
            g_unlink (child);
        }
      g_dir_close (dir);
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("flowdeck-accounts-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "flowdeck", "accounts.json", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  rm_rf (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->path, g_free);
}

/* Never touch the keyring of the person running the tests: only the
 * throwaway one that tests/harness.sh starts (it sets DECK_TEST_KEYRING). */
static gboolean
have_test_keyring (void)
{
  if (g_strcmp0 (g_getenv ("DECK_TEST_KEYRING"), "1") == 0)
    return TRUE;

  g_test_skip ("no throwaway keyring: run under tests/harness.sh, which starts gnome-keyring");
  return FALSE;
}

static gboolean
load (DeckAccountStore  *store,
      GError           **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  deck_account_store_load_async (store, NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 30);
  return deck_account_store_load_finish (store, result, error);
}

static gboolean
save (DeckAccountStore  *store,
      GError           **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  deck_account_store_save_async (store, NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 30);
  return deck_account_store_save_finish (store, result, error);
}

static gboolean
add (DeckAccountStore  *store,
     DeckAccount       *account,
     DeckSecretKind     kind,
     const char        *secret,
     GError           **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  deck_account_store_add_async (store, account, kind, secret, NULL,
                                deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 30);
  return deck_account_store_add_finish (store, result, error);
}

static gboolean
remove_account (DeckAccountStore  *store,
                DeckAccount       *account,
                GError           **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  deck_account_store_remove_async (store, account, NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 30);
  return deck_account_store_remove_finish (store, result, error);
}

static char *
lookup (DeckAccountStore  *store,
        DeckAccount       *account,
        DeckSecretKind     kind,
        GError           **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  deck_account_store_lookup_secret_async (store, account, kind, NULL,
                                          deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 30);
  return deck_account_store_lookup_secret_finish (store, result, error);
}

static gboolean
replace_secret (DeckAccountStore  *store,
                DeckAccount       *account,
                DeckSecretKind     kind,
                const char        *secret,
                GError           **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  deck_account_store_replace_secret_async (store, account, kind, secret, NULL,
                                           deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 30);
  return deck_account_store_replace_secret_finish (store, result, error);
}

static char *
random_secret (const char *prefix)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *rand = deck_random_token (24, &error);

  g_assert_no_error (error);
  return g_strconcat (prefix, rand, NULL);
}

static DeckAccount *
make_account (DeckAccountKind  kind,
              const char      *url,
              const char      *username)
{
  DeckAccount *account = deck_account_new (kind, url);

  deck_account_set_username (account, username);
  return account;
}

static void
assert_same_account (DeckAccount *a,
                     DeckAccount *b)
{
  g_assert_cmpstr (deck_account_get_id (a), ==, deck_account_get_id (b));
  g_assert_cmpint (deck_account_get_kind (a), ==, deck_account_get_kind (b));
  g_assert_cmpstr (deck_account_get_url (a), ==, deck_account_get_url (b));
  g_assert_cmpstr (deck_account_get_display_name (a), ==, deck_account_get_display_name (b));
  g_assert_cmpstr (deck_account_get_username (a), ==, deck_account_get_username (b));
  g_assert_cmpstr (deck_account_get_avatar_url (a), ==, deck_account_get_avatar_url (b));
  g_assert_cmpint (deck_account_get_credential (a), ==, deck_account_get_credential (b));
  g_assert_cmpstr (deck_account_get_minted_token_id (a), ==, deck_account_get_minted_token_id (b));
  g_assert_true (g_date_time_equal (deck_account_get_created_at (a),
                                    deck_account_get_created_at (b)));
  if (deck_account_get_token_expiry (a) == NULL)
    g_assert_null (deck_account_get_token_expiry (b));
  else
    g_assert_true (g_date_time_equal (deck_account_get_token_expiry (a),
                                      deck_account_get_token_expiry (b)));
}

static void
assert_mode (const char *path,
             guint       mode)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, mode);
}

static void
write_file (const char *path,
            const char *data,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
}

/* Writes a valid accounts file of @n accounts whose display names record
 * @generation, the way the atomic-write test checks completeness. */
static void
write_accounts_file (const char *path,
                     guint       n,
                     guint       generation)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();
  JsonArray *array = json_array_new ();
  g_autofree char *text = NULL;
  gsize length;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *url = g_strdup_printf ("https://ff%u.example.com", i);
      g_autofree char *name = g_strdup_printf ("gen-%u-%u", generation, i);
      g_autoptr(DeckAccount) account = make_account (DECK_ACCOUNT_KIND_FLOWFUSE, url, "alice");

      deck_account_set_display_name (account, name);
      deck_account_set_avatar_url (account, "https://www.gravatar.com/avatar/0123456789abcdef");
      deck_account_set_credential (account, DECK_ACCOUNT_CREDENTIAL_PAT);
      json_array_add_object_element (array, deck_account_to_json (account));
    }

  json_object_set_int_member (object, "version", 1);
  json_object_set_array_member (object, "accounts", array);
  json_node_take_object (root, object);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  write_file (path, text, (gssize) length);
}

static guint
count_backups (const char *path,
               char      **first_backup)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *prefix = g_strconcat (base, ".corrupt-", NULL);
  g_autoptr(GDir) gdir = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  if (gdir == NULL)
    return 0;

  while ((name = g_dir_read_name (gdir)) != NULL)
    {
      if (!g_str_has_prefix (name, prefix))
        continue;

      if (n == 0 && first_backup != NULL)
        *first_backup = g_build_filename (dir, name, NULL);
      n++;
    }

  return n;
}

static guint
count_temp_files (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GDir) gdir = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (gdir != NULL && (name = g_dir_read_name (gdir)) != NULL)
    {
      if (g_str_has_prefix (name, ".goutputstream-") || g_str_has_suffix (name, ".new"))
        n++;
    }

  return n;
}

/*
 * DeckAccount
 */

static void
test_account_json_round_trip (void)
{
  g_autoptr(DeckAccount) account = NULL;
  g_autoptr(DeckAccount) copy = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GDateTime) expiry = NULL;
  g_autoptr(GError) error = NULL;

  account = make_account (DECK_ACCOUNT_KIND_FLOWFUSE, "https://app.flowfuse.com", "alice");
  g_assert_true (g_uuid_string_is_valid (deck_account_get_id (account)));
  g_assert_nonnull (deck_account_get_created_at (account));
  g_assert_cmpint (deck_account_get_status (account), ==, DECK_ACCOUNT_STATUS_SIGNED_IN);

  expiry = g_date_time_new_utc (2030, 1, 2, 3, 4, 5.25);
  deck_account_set_display_name (account, "Alice A.");
  deck_account_set_avatar_url (account, "https://www.gravatar.com/avatar/abc");
  deck_account_set_credential (account, DECK_ACCOUNT_CREDENTIAL_MINTED_PAT);
  deck_account_set_token_expiry (account, expiry);
  deck_account_set_minted_token_id (account, "tok-42");
  deck_account_set_status (account, DECK_ACCOUNT_STATUS_OFFLINE);

  object = deck_account_to_json (account);
  g_assert_false (json_object_has_member (object, "status"));
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "flowfuse");
  g_assert_cmpstr (json_object_get_string_member (object, "credential"), ==, "minted-pat");

  /* Unknown members are ignored. */
  json_object_set_string_member (object, "from_the_future", "ignored");
  copy = deck_account_new_from_json (object, &error);
  g_assert_no_error (error);
  assert_same_account (account, copy);
  g_assert_cmpint (deck_account_get_status (copy), ==, DECK_ACCOUNT_STATUS_SIGNED_IN);

  /* Two new accounts never share an id. */
  {
    g_autoptr(DeckAccount) other = deck_account_new (DECK_ACCOUNT_KIND_NODE_RED,
                                                     "http://127.0.0.1:1880");

    g_assert_cmpstr (deck_account_get_id (other), !=, deck_account_get_id (account));
    g_assert_cmpint (deck_account_get_kind (other), ==, DECK_ACCOUNT_KIND_NODE_RED);
  }
}

static void
test_account_json_invalid (void)
{
  const char *cases[] = {
    "{}",
    "{\"kind\": \"flowfuse\", \"url\": \"https://a.example\"}",
    "{\"id\": \"\", \"kind\": \"flowfuse\", \"url\": \"https://a.example\"}",
    "{\"id\": 5, \"kind\": \"flowfuse\", \"url\": \"https://a.example\"}",
    "{\"id\": \"x\", \"url\": \"https://a.example\"}",
    "{\"id\": \"x\", \"kind\": \"gopher\", \"url\": \"https://a.example\"}",
    "{\"id\": \"x\", \"kind\": 0, \"url\": \"https://a.example\"}",
    "{\"id\": \"x\", \"kind\": \"flowfuse\"}",
    "{\"id\": \"x\", \"kind\": \"flowfuse\", \"url\": \"not a url\"}",
    "{\"id\": \"x\", \"kind\": \"flowfuse\", \"url\": [\"https://a.example\"]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (cases[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(DeckAccount) account = NULL;

      g_assert_nonnull (node);
      account = deck_account_new_from_json (json_node_get_object (node), &error);
      g_assert_error (error, DECK_ACCOUNT_STORE_ERROR, DECK_ACCOUNT_STORE_ERROR_CORRUPT);
      g_assert_null (account);
    }

  /* Wrong types of optional members read as absent; an unknown
   * credential as none. */
  {
    g_autoptr(JsonNode) node = json_from_string (
      "{\"id\": \"x\", \"kind\": \"node-red\", \"url\": \"http://127.0.0.1:1880\","
      " \"username\": 7, \"display_name\": null, \"credential\": \"telepathy\","
      " \"token_expiry\": {\"a\": 1}, \"created_at\": true}", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(DeckAccount) account = NULL;

    account = deck_account_new_from_json (json_node_get_object (node), &error);
    g_assert_no_error (error);
    g_assert_null (deck_account_get_username (account));
    g_assert_null (deck_account_get_display_name (account));
    g_assert_null (deck_account_get_token_expiry (account));
    g_assert_nonnull (deck_account_get_created_at (account));
    g_assert_cmpint (deck_account_get_credential (account), ==, DECK_ACCOUNT_CREDENTIAL_NONE);
  }
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_account_notify (void)
{
  g_autoptr(DeckAccount) account = deck_account_new (DECK_ACCOUNT_KIND_FLOWFUSE,
                                                     "https://a.example");
  g_autoptr(GDateTime) t1 = g_date_time_new_utc (2030, 1, 1, 0, 0, 0);
  g_autoptr(GDateTime) t1_again = g_date_time_new_utc (2030, 1, 1, 0, 0, 0);
  guint count = 0;

  g_signal_connect (account, "notify", G_CALLBACK (count_notify_cb), &count);

  deck_account_set_username (account, "bob");
  deck_account_set_username (account, "bob");
  g_object_set (account, "username", "bob", NULL);
  g_assert_cmpuint (count, ==, 1);

  deck_account_set_url (account, "https://a.example");
  g_assert_cmpuint (count, ==, 1);

  deck_account_set_token_expiry (account, t1);
  deck_account_set_token_expiry (account, t1_again);
  g_assert_cmpuint (count, ==, 2);
  deck_account_set_token_expiry (account, NULL);
  deck_account_set_token_expiry (account, NULL);
  g_assert_cmpuint (count, ==, 3);

  deck_account_set_status (account, DECK_ACCOUNT_STATUS_SIGNED_OUT);
  deck_account_set_status (account, DECK_ACCOUNT_STATUS_SIGNED_OUT);
  deck_account_set_credential (account, DECK_ACCOUNT_CREDENTIAL_OAUTH);
  deck_account_set_credential (account, DECK_ACCOUNT_CREDENTIAL_OAUTH);
  deck_account_set_minted_token_id (account, NULL);
  g_assert_cmpuint (count, ==, 5);
}

/*
 * DeckAccountStore without a keyring
 */

static void
test_store_missing_file (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(DeckAccountStore) store = deck_account_store_new (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autofree char *parent = g_path_get_dirname (fixture->path);

  g_assert_true (load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (store)) == DECK_TYPE_ACCOUNT);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (store), 0));
  g_assert_null (deck_account_store_find (store, "nope"));

  /* Loading writes nothing. */
  g_assert_false (g_file_test (parent, G_FILE_TEST_EXISTS));
}

static void
test_store_default_path (void)
{
  g_autofree char *path = deck_account_store_default_path ();
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "flowdeck",
                                                "accounts.json", NULL);

  g_assert_cmpstr (path, ==, expected);
}

static void
test_store_file_mode (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(DeckAccountStore) store = deck_account_store_new (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autofree char *parent = g_path_get_dirname (fixture->path);
  g_autofree char *contents = NULL;
  mode_t old_umask = umask (022);

  g_assert_true (load (store, &error));
  g_assert_true (save (store, &error));
  g_assert_no_error (error);
  assert_mode (fixture->path, 0600);
  assert_mode (parent, 0700);

  g_file_get_contents (fixture->path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, "\"version\" : 1"));

  /* A file someone made readable by others is replaced by a private one. */
  g_assert_cmpint (g_chmod (fixture->path, 0644), ==, 0);
  g_assert_true (save (store, &error));
  g_assert_no_error (error);
  assert_mode (fixture->path, 0600);

  /* No temp file is left behind. */
  {
    g_autofree char *tmp = g_strconcat (fixture->path, ".new", NULL);

    g_assert_false (g_file_test (tmp, G_FILE_TEST_EXISTS));
  }

  umask (old_umask);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  GString *log = user_data;

  g_string_append_printf (log, "%u-%u+%u;", position, removed, added);
}

static void
test_store_list_model (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(DeckAccountStore) store = deck_account_store_new (fixture->path);
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckAccount) first = NULL;
  guint notified = 0;

  write_accounts_file (fixture->path, 3, 0);
  g_signal_connect (store, "items-changed", G_CALLBACK (items_changed_cb), log);
  g_signal_connect (store, "notify::n-items", G_CALLBACK (count_notify_cb), &notified);

  g_assert_true (load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (log->str, ==, "0-0+3;");
  g_assert_cmpuint (notified, ==, 1);

  first = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_assert_cmpstr (deck_account_get_display_name (first), ==, "gen-0-0");
  g_assert_true (deck_account_store_find (store, deck_account_get_id (first)) == first);

  {
    guint n;

    g_object_get (store, "n-items", &n, NULL);
    g_assert_cmpuint (n, ==, 3);
  }

  /* Reloading the same file replaces all items; n-items did not change. */
  g_assert_true (load (store, &error));
  g_assert_cmpstr (log->str, ==, "0-0+3;0-3+3;");
  g_assert_cmpuint (notified, ==, 1);
}

static void
test_store_duplicate (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(DeckAccountStore) store = deck_account_store_new (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckAccount) same = NULL;
  g_autoptr(DeckAccount) other_user = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  write_accounts_file (fixture->path, 2, 0);
  g_assert_true (load (store, &error));
  g_file_get_contents (fixture->path, &before, NULL, NULL);

  /* The same server spelled differently, the same user: a duplicate. The
   * check comes before the keyring, so this needs none. */
  same = make_account (DECK_ACCOUNT_KIND_FLOWFUSE, "https://FF0.example.com:443/", "alice");
  g_assert_false (add (store, same, DECK_SECRET_KIND_PAT, "ffpat_dup", &error));
  g_assert_error (error, DECK_ACCOUNT_STORE_ERROR, DECK_ACCOUNT_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);

  /* An account already in the store, added again. */
  {
    g_autoptr(DeckAccount) in_store = g_list_model_get_item (G_LIST_MODEL (store), 1);

    g_assert_false (add (store, in_store, DECK_SECRET_KIND_PAT, "ffpat_dup", &error));
    g_assert_error (error, DECK_ACCOUNT_STORE_ERROR, DECK_ACCOUNT_STORE_ERROR_DUPLICATE);
    g_clear_error (&error);
  }

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  g_file_get_contents (fixture->path, &after, NULL, NULL);
  g_assert_cmpstr (before, ==, after);

  /* Removing an account that is not in the store. */
  other_user = make_account (DECK_ACCOUNT_KIND_FLOWFUSE, "https://ff0.example.com", "bob");
  g_assert_false (remove_account (store, other_user, &error));
  g_assert_error (error, DECK_ACCOUNT_STORE_ERROR, DECK_ACCOUNT_STORE_ERROR_NOT_FOUND);
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  guint *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (deck_account_store_save_finish (DECK_ACCOUNT_STORE (source), result, &error));
  g_assert_no_error (error);
  (*done)++;
}

static void
test_store_save_queue (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(DeckAccountStore) store = deck_account_store_new (fixture->path);
  g_autoptr(DeckAccountStore) reread = deck_account_store_new (fixture->path);
  g_autoptr(DeckAccount) account = NULL;
  g_autoptr(DeckAccount) reread_account = NULL;
  g_autoptr(GError) error = NULL;
  guint done = 0;

  write_accounts_file (fixture->path, 50, 0);
  g_assert_true (load (store, &error));
  account = g_list_model_get_item (G_LIST_MODEL (store), 7);

  /* Ten saves without waiting, the state changing in between: every one
   * completes, and the file ends with the last state. */
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *name = g_strdup_printf ("name %u", i);

      deck_account_set_display_name (account, name);
      deck_account_store_save_async (store, NULL, save_done_cb, &done);
    }

  while (done < 10)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (load (reread, &error));
  g_assert_no_error (error);
  reread_account = g_list_model_get_item (G_LIST_MODEL (reread), 7);
  g_assert_cmpstr (deck_account_get_display_name (reread_account), ==, "name 9");

  /* A save whose cancellable is already cancelled does nothing. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GAsyncResult) result = NULL;
    GAsyncResult *slot = NULL;

    g_cancellable_cancel (cancellable);
    deck_account_store_save_async (store, cancellable, deck_test_store_result_cb, &slot);
    result = deck_test_wait_result (&slot, 30);
    g_assert_false (deck_account_store_save_finish (store, result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
}

/*
 * Corrupt files (S6)
 */

typedef struct
{
  const char *name;
  const char *data;
  gssize      length;   /* -1: strlen */
} CorruptCase;

static char *
make_deep_nesting (void)
{
  gsize n = 200000;
  char *s = g_malloc (n + 1);

  memset (s, '[', n);
  s[n] = '\0';
  return s;
}

static void
check_corrupt_file (const char *path,
                    const char *bytes,
                    gsize       length)
{
  g_autoptr(DeckAccountStore) store = deck_account_store_new (path);
  g_autoptr(DeckAccountStore) reread = deck_account_store_new (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *backup_bytes = NULL;
  gsize backup_length = 0;

  write_file (path, bytes, (gssize) length);

  g_assert_false (load (store, &error));
  g_assert_error (error, DECK_ACCOUNT_STORE_ERROR, DECK_ACCOUNT_STORE_ERROR_CORRUPT);

  /* The backup exists, byte for byte, and the message names it. */
  g_assert_cmpuint (count_backups (path, &backup), ==, 1);
  g_assert_nonnull (strstr (error->message, backup));
  g_file_get_contents (backup, &backup_bytes, &backup_length, NULL);
  g_assert_cmpmem (backup_bytes, backup_length, bytes, length);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* The store is usable: empty, and it saves a valid file. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_assert_true (save (store, &error));
  g_assert_no_error (error);
  g_assert_true (load (reread, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reread)), ==, 0);

  g_unlink (backup);
  g_unlink (path);
}

static void
test_store_corrupt_files (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *deep = make_deep_nesting ();
  g_autofree char *deep_object = NULL;
  g_autofree char *valid = NULL;
  gsize valid_length;
  const CorruptCase cases[] = {
    { "empty", "", 0 },
    { "garbage", "\x7f" "ELF\x02\x01\x01\x00 garbage \xff\xfe", 19 },
    { "nul-bytes", "{\"version\": 1,\0\"accounts\": []}", 30 },
    { "not-utf8", "{\"version\": 1, \"accounts\": [], \"x\": \"\xc3\x28\"}", -1 },
    { "text", "hello", -1 },
    { "null", "null", -1 },
    { "number", "42", -1 },
    { "string", "\"accounts\"", -1 },
    { "array", "[]", -1 },
    { "no-version", "{\"accounts\": []}", -1 },
    { "string-version", "{\"version\": \"1\", \"accounts\": []}", -1 },
    { "future-version", "{\"version\": 2, \"accounts\": []}", -1 },
    { "no-accounts", "{\"version\": 1}", -1 },
    { "accounts-object", "{\"version\": 1, \"accounts\": {}}", -1 },
    { "accounts-null", "{\"version\": 1, \"accounts\": null}", -1 },
    { "unterminated", "{\"version\": 1, \"accounts\": [", -1 },
    { "unterminated-string", "{\"version\": 1, \"accounts\": [\"abc", -1 },
    { "trailing", "{\"version\": 1, \"accounts\": []} {}", -1 },
    { "comment", "/* [ */ {\"version\": 1, \"accounts\": []}", -1 },
    { "single-quotes", "{'version': 1, 'accounts': []}", -1 },
    { "deep-array", deep, -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize length = cases[i].length < 0 ? strlen (cases[i].data) : (gsize) cases[i].length;

      g_test_message ("corrupt case: %s", cases[i].name);
      check_corrupt_file (fixture->path, cases[i].data, length);
    }

  /* A deep nest inside a valid-looking file, with brackets hidden in a
   * string that a naive count would balance. */
  deep_object = g_strconcat ("{\"version\": 1, \"x\": \"]]]]\", \"accounts\": [", deep, NULL);
  check_corrupt_file (fixture->path, deep_object, strlen (deep_object));

  /* Every prefix of a valid file but the whole is corrupt, never a crash. */
  write_accounts_file (fixture->path, 2, 0);
  g_file_get_contents (fixture->path, &valid, &valid_length, NULL);
  for (gsize cut = 0; cut < valid_length; cut += 1 + valid_length / 40)
    {
      g_autofree char *prefix = g_strndup (valid, cut);

      g_test_message ("truncated at %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT, cut, valid_length);
      check_corrupt_file (fixture->path, prefix, cut);
    }
}

static void
test_store_bad_entries (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(DeckAccountStore) store = deck_account_store_new (fixture->path);
  g_autoptr(DeckAccountStore) reread = deck_account_store_new (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *backup_bytes = NULL;
  const char *bytes =
    "{\"version\": 1, \"accounts\": ["
    "  {\"id\": \"a1\", \"kind\": \"flowfuse\", \"url\": \"https://one.example\","
    "   \"username\": \"u\"},"
    "  {\"id\": \"a2\", \"kind\": \"flowfuse\"},"
    "  42,"
    "  {\"id\": \"a3\", \"kind\": \"carrier-pigeon\", \"url\": \"https://x.example\"},"
    "  {\"id\": \"a1\", \"kind\": \"node-red\", \"url\": \"http://127.0.0.1:1880\"},"
    "  {\"id\": \"a4\", \"kind\": \"node-red\", \"url\": \"http://127.0.0.1:1880\","
    "   \"credential\": \"node-red-token\"}"
    "]}";

  write_file (fixture->path, bytes, -1);

  g_assert_false (load (store, &error));
  g_assert_error (error, DECK_ACCOUNT_STORE_ERROR, DECK_ACCOUNT_STORE_ERROR_CORRUPT);
  g_test_message ("%s", error->message);

  /* The good entries are in, the bad ones left out. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  g_assert_nonnull (deck_account_store_find (store, "a1"));
  g_assert_nonnull (deck_account_store_find (store, "a4"));
  g_assert_null (deck_account_store_find (store, "a2"));

  /* The original is kept byte for byte, and named in the message. */
  g_assert_cmpuint (count_backups (fixture->path, &backup), ==, 1);
  g_assert_nonnull (strstr (error->message, backup));
  g_file_get_contents (backup, &backup_bytes, NULL, NULL);
  g_assert_cmpstr (backup_bytes, ==, bytes);
  g_clear_error (&error);

  /* The good entries were written back: a fresh load is clean. */
  g_assert_true (load (reread, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reread)), ==, 2);
  assert_same_account (deck_account_store_find (store, "a4"),
                       deck_account_store_find (reread, "a4"));
  g_assert_cmpuint (count_backups (fixture->path, NULL), ==, 1);
}

static void
test_store_backup_names (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* Two corrupt files in a row (within the same second, most likely):
   * two backups, neither overwritten. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(DeckAccountStore) store = deck_account_store_new (fixture->path);

      write_file (fixture->path, i == 0 ? "first" : "second", -1);
      g_assert_false (load (store, &error));
      g_assert_error (error, DECK_ACCOUNT_STORE_ERROR, DECK_ACCOUNT_STORE_ERROR_CORRUPT);
      g_clear_error (&error);
    }

  g_assert_cmpuint (count_backups (fixture->path, NULL), ==, 2);
}

static void
test_store_backup_impossible (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(DeckAccountStore) store = deck_account_store_new (fixture->path);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  /* Occupy every backup name of the next few seconds with a folder, so
   * that the corrupt file cannot be moved aside. (A read-only folder
   * would not stop root, who may run these tests.) */
  write_file (fixture->path, "not json", -1);
  for (int s = 0; s < 4; s++)
    {
      g_autoptr(GDateTime) t = g_date_time_add_seconds (now, s);
      g_autofree char *stamp = g_date_time_format (t, "%Y%m%dT%H%M%SZ");

      for (guint n = 0; n <= 100; n++)
        {
          g_autofree char *name = n == 0 ? g_strdup_printf ("%s.corrupt-%s", fixture->path, stamp)
                                         : g_strdup_printf ("%s.corrupt-%s-%u", fixture->path,
                                                            stamp, n);

          g_assert_cmpint (g_mkdir (name, 0700), ==, 0);
        }
    }

  g_assert_false (load (store, &error));
  g_assert_error (error, DECK_ACCOUNT_STORE_ERROR, DECK_ACCOUNT_STORE_ERROR_CORRUPT);
  g_clear_error (&error);

  /* The only copy is not overwritten. */
  g_assert_false (save (store, &error));
  g_assert_error (error, DECK_ACCOUNT_STORE_ERROR, DECK_ACCOUNT_STORE_ERROR_IO);
  g_file_get_contents (fixture->path, &contents, NULL, NULL);
  g_assert_cmpstr (contents, ==, "not json");
}

/*
 * Atomic writes under SIGKILL (S6)
 */

/* The child: loads the file, then rewrites it forever, each time with
 * every display name set to the next generation. */
static int
run_atomic_writer (const char *path)
{
  g_autoptr(DeckAccountStore) store = deck_account_store_new (path);
  g_autoptr(GError) error = NULL;
  guint n;

  if (!load (store, &error))
    g_printerr ("writer: load: %s\n", error->message);

  n = g_list_model_get_n_items (G_LIST_MODEL (store));
  if (write (STDOUT_FILENO, "ready\n", 6) != 6)
    return 1;

  for (guint generation = 1; ; generation++)
    {
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(DeckAccount) account = g_list_model_get_item (G_LIST_MODEL (store), i);
          g_autofree char *name = g_strdup_printf ("gen-%u-%u", generation, i);

          deck_account_set_display_name (account, name);
        }

      if (!save (store, &error))
        {
          g_printerr ("writer: save: %s\n", error->message);
          return 1;
        }
    }

  return 0;
}

/* Returns the generation the file holds, asserting it is one complete
 * version: valid JSON, every account there, all of one generation. */
static guint
check_complete_file (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *accounts;
  guint generation = G_MAXUINT;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "version"), ==, 1);
  accounts = json_object_get_array_member (root, "accounts");
  g_assert_cmpuint (json_array_get_length (accounts), ==, ATOMIC_ACCOUNTS);

  for (guint i = 0; i < ATOMIC_ACCOUNTS; i++)
    {
      JsonObject *object = json_array_get_object_element (accounts, i);
      g_autoptr(DeckAccount) account = deck_account_new_from_json (object, &error);
      guint g, index;

      g_assert_no_error (error);
      g_assert_cmpint (sscanf (deck_account_get_display_name (account), "gen-%u-%u", &g, &index),
                       ==, 2);
      g_assert_cmpuint (index, ==, i);
      if (generation == G_MAXUINT)
        generation = g;
      g_assert_cmpuint (g, ==, generation);
    }

  return generation;
}

static void
test_store_atomic_write (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new ();
  guint new_versions_seen = 0;

  write_accounts_file (fixture->path, ATOMIC_ACCOUNTS, 0);

  for (guint iteration = 0; iteration < ATOMIC_ITERATIONS; iteration++)
    {
      g_autoptr(GError) error = NULL;
      const char *argv[] = { "/proc/self/exe", "--atomic-writer", fixture->path, NULL };
      char line[16] = { 0 };
      GPid pid;
      int out_fd;
      int status;
      gulong delay;
      gssize got;

      g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                NULL, NULL, &pid, NULL, &out_fd, NULL, &error);
      g_assert_no_error (error);

      /* Wait until the writer has loaded, then kill it at a random point
       * of its write loop. */
      got = read (out_fd, line, sizeof line - 1);
      g_assert_cmpint (got, >, 0);
      g_assert_true (g_str_has_prefix (line, "ready"));

      delay = g_rand_int_range (rand, 0, 60000);
      g_usleep (delay);
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status));
      g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
      close (out_fd);
      g_spawn_close_pid (pid);

      if (check_complete_file (fixture->path) != 0)
        new_versions_seen++;
    }

  /* The writer did get to replace the file, so the kills hit live writes
   * (GLib's temp files left behind show kills in the middle of one). */
  g_test_message ("%u of %u kills left a newer version, %u interrupted a write",
                  new_versions_seen, ATOMIC_ITERATIONS, count_temp_files (fixture->path));
  g_assert_cmpuint (new_versions_seen, >, 0);

  /* And the store reads what is left without complaint. */
  {
    g_autoptr(DeckAccountStore) store = deck_account_store_new (fixture->path);
    g_autoptr(GError) error = NULL;

    g_assert_true (load (store, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, ATOMIC_ACCOUNTS);
  }
}

/*
 * With the throwaway keyring (S1, S5)
 */

static void
test_store_round_trip (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(DeckAccountStore) store = NULL;
  g_autoptr(DeckAccountStore) reread = NULL;
  g_autoptr(DeckAccount) flowfuse = NULL;
  g_autoptr(DeckAccount) nodered = NULL;
  g_autoptr(GDateTime) expiry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pat = NULL;
  g_autofree char *nr_token = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *parent = NULL;
  gsize length;

  if (!have_test_keyring ())
    return;

  pat = random_secret ("ffpat_");
  nr_token = random_secret ("nrtok-");
  store = deck_account_store_new (fixture->path);
  g_assert_true (load (store, &error));

  flowfuse = make_account (DECK_ACCOUNT_KIND_FLOWFUSE, "https://app.flowfuse.com", "alice");
  deck_account_set_display_name (flowfuse, "Alice");
  deck_account_set_avatar_url (flowfuse, "https://www.gravatar.com/avatar/a");
  deck_account_set_credential (flowfuse, DECK_ACCOUNT_CREDENTIAL_PAT);
  deck_account_set_minted_token_id (flowfuse, "pat-17");
  expiry = g_date_time_new_utc (2031, 5, 6, 7, 8, 9);
  deck_account_set_token_expiry (flowfuse, expiry);

  nodered = make_account (DECK_ACCOUNT_KIND_NODE_RED, "http://127.0.0.1:1880", "admin");
  deck_account_set_credential (nodered, DECK_ACCOUNT_CREDENTIAL_NODE_RED_TOKEN);

  g_assert_true (add (store, flowfuse, DECK_SECRET_KIND_PAT, pat, &error));
  g_assert_no_error (error);
  g_assert_true (add (store, nodered, DECK_SECRET_KIND_NODE_RED, nr_token, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  g_assert_true (save (store, &error));
  g_assert_no_error (error);

  /* The file is private, in a private folder, and holds no secret (S1). */
  parent = g_path_get_dirname (fixture->path);
  assert_mode (fixture->path, 0600);
  assert_mode (parent, 0700);
  g_file_get_contents (fixture->path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_null (g_strstr_len (contents, length, pat));
  g_assert_null (g_strstr_len (contents, length, pat + strlen ("ffpat_")));
  g_assert_null (g_strstr_len (contents, length, nr_token));
  g_assert_null (g_strstr_len (contents, length, "ffpat_"));

  /* A new store reads the same accounts, in order. */
  reread = deck_account_store_new (fixture->path);
  g_assert_true (load (reread, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reread)), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(DeckAccount) a = g_list_model_get_item (G_LIST_MODEL (store), i);
      g_autoptr(DeckAccount) b = g_list_model_get_item (G_LIST_MODEL (reread), i);

      assert_same_account (a, b);
    }

  /* The secrets come back from the keyring through the new store. */
  {
    DeckAccount *ff = deck_account_store_find (reread, deck_account_get_id (flowfuse));
    DeckAccount *nr = deck_account_store_find (reread, deck_account_get_id (nodered));
    g_auto(DeckSecureString) got_pat = lookup (reread, ff, DECK_SECRET_KIND_PAT, &error);
    g_auto(DeckSecureString) got_nr = NULL;
    g_auto(DeckSecureString) none = NULL;

    g_assert_no_error (error);
    g_assert_cmpstr (got_pat, ==, pat);
    got_nr = lookup (reread, nr, DECK_SECRET_KIND_NODE_RED, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (got_nr, ==, nr_token);
    none = lookup (reread, nr, DECK_SECRET_KIND_PAT, &error);
    g_assert_no_error (error);
    g_assert_null (none);
  }

  /* The keyring item's label names user and server, and nothing secret;
   * its attributes only the account and the kind. */
  {
    g_autoptr(SecretService) service = NULL;
    g_autoptr(GHashTable) attrs = NULL;
    GList *items;

    service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
    g_assert_no_error (error);
    attrs = secret_attributes_build (DECK_SECRETS_SCHEMA,
                                     "account", deck_account_get_id (flowfuse), NULL);
    items = secret_service_search_sync (service, DECK_SECRETS_SCHEMA, attrs, SECRET_SEARCH_ALL,
                                        NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_length (items), ==, 1);
    {
      g_autofree char *label = secret_item_get_label (items->data);
      g_autoptr(GHashTable) item_attrs = secret_item_get_attributes (items->data);

      g_assert_cmpstr (label, ==, "Flowdeck: alice on app.flowfuse.com");
      g_assert_cmpstr (g_hash_table_lookup (item_attrs, "kind"), ==, "pat");
    }
    g_list_free_full (items, g_object_unref);
  }

  /* Adding the same account again is refused, before the keyring. */
  {
    g_autoptr(DeckAccount) again = make_account (DECK_ACCOUNT_KIND_FLOWFUSE,
                                                 "https://app.flowfuse.com/", "alice");

    g_assert_false (add (reread, again, DECK_SECRET_KIND_PAT, "ffpat_other", &error));
    g_assert_error (error, DECK_ACCOUNT_STORE_ERROR, DECK_ACCOUNT_STORE_ERROR_DUPLICATE);
    g_clear_error (&error);
  }

  g_assert_true (remove_account (store, flowfuse, &error));
  g_assert_no_error (error);
  g_assert_true (remove_account (store, nodered, &error));
  g_assert_no_error (error);
}

static void
test_store_remove (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(DeckAccountStore) store = NULL;
  g_autoptr(DeckAccountStore) reread = NULL;
  g_autoptr(DeckAccount) keep = NULL;
  g_autoptr(DeckAccount) gone = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *gone_id = NULL;

  if (!have_test_keyring ())
    return;

  secret = random_secret ("ffpat_");
  store = deck_account_store_new (fixture->path);
  g_assert_true (load (store, &error));

  keep = make_account (DECK_ACCOUNT_KIND_FLOWFUSE, "https://a.example", "keep");
  gone = make_account (DECK_ACCOUNT_KIND_FLOWFUSE, "https://a.example", "gone");
  gone_id = g_strdup (deck_account_get_id (gone));
  g_assert_true (add (store, keep, DECK_SECRET_KIND_PAT, "ffpat_keep", &error));
  g_assert_true (add (store, gone, DECK_SECRET_KIND_OAUTH, secret, &error));
  g_assert_no_error (error);

  /* A second secret kind on the same account: removal clears them all. */
  g_assert_true (replace_secret (store, gone, DECK_SECRET_KIND_PAT, "ffpat_second", &error));
  g_assert_no_error (error);

  g_assert_true (remove_account (store, gone, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_null (deck_account_store_find (store, gone_id));

  for (guint i = 0; i < 2; i++)
    {
      DeckSecretKind kind = i == 0 ? DECK_SECRET_KIND_OAUTH : DECK_SECRET_KIND_PAT;
      g_auto(DeckSecureString) value = lookup (store, gone, kind, &error);

      g_assert_no_error (error);
      g_assert_null (value);
    }

  /* The other account keeps its secret; the file lost the removed one. */
  {
    g_auto(DeckSecureString) value = lookup (store, keep, DECK_SECRET_KIND_PAT, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (value, ==, "ffpat_keep");
  }

  g_file_get_contents (fixture->path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (contents, gone_id));
  g_assert_nonnull (strstr (contents, deck_account_get_id (keep)));

  reread = deck_account_store_new (fixture->path);
  g_assert_true (load (reread, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reread)), ==, 1);

  /* Replacing the secret of a removed account is refused. */
  g_assert_false (replace_secret (store, gone, DECK_SECRET_KIND_PAT, "ffpat_late", &error));
  g_assert_error (error, DECK_ACCOUNT_STORE_ERROR, DECK_ACCOUNT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (remove_account (store, keep, &error));
  g_assert_no_error (error);
}

static void
test_store_replace_secret (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(DeckAccountStore) store = NULL;
  g_autoptr(DeckAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  if (!have_test_keyring ())
    return;

  first = random_secret ("{\"access_token\":\"");
  second = random_secret ("{\"access_token\":\"");
  store = deck_account_store_new (fixture->path);
  g_assert_true (load (store, &error));

  account = make_account (DECK_ACCOUNT_KIND_FLOWFUSE, "https://b.example", "carol");
  deck_account_set_credential (account, DECK_ACCOUNT_CREDENTIAL_OAUTH);
  g_assert_true (add (store, account, DECK_SECRET_KIND_OAUTH, first, &error));
  g_assert_no_error (error);

  g_assert_true (replace_secret (store, account, DECK_SECRET_KIND_OAUTH, second, &error));
  g_assert_no_error (error);

  {
    g_auto(DeckSecureString) value = lookup (store, account, DECK_SECRET_KIND_OAUTH, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (value, ==, second);
  }

  g_assert_true (remove_account (store, account, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_strcmp0 (argv[1], "--atomic-writer") == 0)
    return run_atomic_writer (argv[2]);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/account/json-round-trip", test_account_json_round_trip);
  g_test_add_func ("/account/json-invalid", test_account_json_invalid);
  g_test_add_func ("/account/notify", test_account_notify);
  g_test_add_func ("/account-store/default-path", test_store_default_path);

#define ADD_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD_TEST ("/account-store/missing-file", test_store_missing_file);
  ADD_TEST ("/account-store/file-mode", test_store_file_mode);
  ADD_TEST ("/account-store/list-model", test_store_list_model);
  ADD_TEST ("/account-store/duplicate", test_store_duplicate);
  ADD_TEST ("/account-store/save-queue", test_store_save_queue);
  ADD_TEST ("/account-store/corrupt/files", test_store_corrupt_files);
  ADD_TEST ("/account-store/corrupt/bad-entries", test_store_bad_entries);
  ADD_TEST ("/account-store/corrupt/backup-names", test_store_backup_names);
  ADD_TEST ("/account-store/corrupt/backup-impossible", test_store_backup_impossible);
  ADD_TEST ("/account-store/atomic-write", test_store_atomic_write);
  ADD_TEST ("/account-store/keyring/round-trip", test_store_round_trip);
  ADD_TEST ("/account-store/keyring/remove", test_store_remove);
  ADD_TEST ("/account-store/keyring/replace-secret", test_store_replace_secret);

#undef ADD_TEST

  return g_test_run ();
}
