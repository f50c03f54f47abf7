/* test-account-store-no-service.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SECURITY.md S5 for the account store: with no Secret Service on the bus,
 * adding an account fails with DECK_SECRETS_ERROR_UNAVAILABLE, the store
 * stays empty and no accounts file (not even its folder) is written.
 * Removing an account whose secrets cannot be cleared keeps it. Runs its
 * own private session bus (GTestDBus) with no services, in a process of
 * its own, because the other account-store tests need the real keyring.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "deck-account-store.h"
#include "deck-secrets.h"
#include "deck-test-util.h"

static GTestDBus *bus;
static char *home;

static void
assert_dir_empty_or_missing (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);

  if (dir != NULL)
    g_assert_null (g_dir_read_name (dir));
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  guint *changes = user_data;

  (*changes)++;
}

static gboolean
load (DeckAccountStore  *store,
      GError           **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  deck_account_store_load_async (store, NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 60);
  return deck_account_store_load_finish (store, result, error);
}

static void
test_add_without_service (void)
{
  g_autoptr(DeckAccountStore) store = NULL;
  g_autoptr(DeckAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  GAsyncResult *slot = NULL;
  guint changes = 0;

  dir = g_build_filename (home, "store", NULL);
  path = g_build_filename (dir, "flowdeck", "accounts.json", NULL);
  store = deck_account_store_new (path);
  g_assert_true (load (store, &error));
  g_assert_no_error (error);
  g_signal_connect (store, "items-changed", G_CALLBACK (items_changed_cb), &changes);

  account = deck_account_new (DECK_ACCOUNT_KIND_FLOWFUSE, "https://app.flowfuse.com");
  deck_account_set_username (account, "alice");
  deck_account_set_credential (account, DECK_ACCOUNT_CREDENTIAL_PAT);

  deck_account_store_add_async (store, account, DECK_SECRET_KIND_PAT, "ffpat_must-not-be-written",
                                NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 60);
  g_assert_false (deck_account_store_add_finish (store, result, &error));
  g_assert_error (error, DECK_SECRETS_ERROR, DECK_SECRETS_ERROR_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "keyring"));

  /* Not added, never listed, nothing written. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_assert_cmpuint (changes, ==, 0);
  g_assert_null (deck_account_store_find (store, deck_account_get_id (account)));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  assert_dir_empty_or_missing (dir);

  /* No plain-text fallback anywhere under the (fresh) XDG dirs either. */
  assert_dir_empty_or_missing (g_get_user_data_dir ());
  assert_dir_empty_or_missing (g_get_user_config_dir ());
  assert_dir_empty_or_missing (g_get_user_cache_dir ());
}

static void
test_remove_without_service (void)
{
  g_autoptr(DeckAccountStore) store = NULL;
  g_autoptr(DeckAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *after = NULL;
  const char *bytes =
    "{\"version\": 1, \"accounts\": ["
    "{\"id\": \"acc-1\", \"kind\": \"node-red\", \"url\": \"http://127.0.0.1:1880\"}]}";
  GAsyncResult *slot = NULL;

  dir = g_build_filename (home, "remove", NULL);
  path = g_build_filename (dir, "accounts.json", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, bytes, -1, &error);
  g_assert_no_error (error);

  store = deck_account_store_new (path);
  g_assert_true (load (store, &error));
  g_assert_no_error (error);
  account = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_assert_nonnull (account);

  /* The secrets cannot be cleared, so the account stays: dropping it
   * would leave a secret behind that Flowdeck no longer knows about. */
  deck_account_store_remove_async (store, account, NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 60);
  g_assert_false (deck_account_store_remove_finish (store, result, &error));
  g_assert_error (error, DECK_SECRETS_ERROR, DECK_SECRETS_ERROR_UNAVAILABLE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);

  g_file_get_contents (path, &after, NULL, NULL);
  g_assert_cmpstr (after, ==, bytes);

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* Fresh, empty XDG dirs, set before GLib caches them. */
  home = g_dir_make_tmp ("flowdeck-store-noservice-XXXXXX", NULL);
  g_assert_nonnull (home);
  {
    g_autofree char *data = g_build_filename (home, "data", NULL);
    g_autofree char *config = g_build_filename (home, "config", NULL);
    g_autofree char *cache = g_build_filename (home, "cache", NULL);

    g_setenv ("XDG_DATA_HOME", data, TRUE);
    g_setenv ("XDG_CONFIG_HOME", config, TRUE);
    g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  }
  g_unsetenv ("SECRET_BACKEND");

  g_test_init (&argc, &argv, NULL);

  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);

  g_test_add_func ("/account-store/no-service/add", test_add_without_service);
  g_test_add_func ("/account-store/no-service/remove", test_remove_without_service);

  ret = g_test_run ();

  secret_service_disconnect ();
  g_test_dbus_down (bus);
  g_clear_object (&bus);

  {
    g_autofree char *store_dir = g_build_filename (home, "store", NULL);

    g_rmdir (store_dir);
  }
  g_rmdir (home);
  g_free (home);
  return ret;
}
