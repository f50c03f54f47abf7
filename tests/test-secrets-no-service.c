/* test-secrets-no-service.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SECURITY.md S5: with no Secret Service on the bus, storing fails with a
 * clear "unavailable" error and nothing is written anywhere else. The test
 * runs its own private session bus (GTestDBus) with no service files, so
 * org.freedesktop.secrets cannot be activated on it.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "deck-secrets.h"
#include "deck-test-util.h"

static void
assert_dir_empty_or_missing (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);

  if (dir != NULL)
    g_assert_null (g_dir_read_name (dir));
}

static void
test_store_without_service (void)
{
  g_autoptr(GTestDBus) bus = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);

  deck_secrets_store_async (DECK_SECRET_KIND_PAT, "no-service-account", "Flowdeck test",
                            "ffpat_must-not-be-written", NULL,
                            deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 60);
  g_assert_false (deck_secrets_store_finish (result, &error));
  g_assert_error (error, DECK_SECRETS_ERROR, DECK_SECRETS_ERROR_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "keyring"));
  g_clear_error (&error);
  g_clear_object (&result);

  /* A lookup fails the same way rather than saying "not found". */
  deck_secrets_lookup_async (DECK_SECRET_KIND_PAT, "no-service-account", NULL,
                             deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 60);
  g_assert_null (deck_secrets_lookup_finish (result, &error));
  g_assert_error (error, DECK_SECRETS_ERROR, DECK_SECRETS_ERROR_UNAVAILABLE);

  /* No plain-text fallback: nothing was written under the (fresh) data,
   * config or cache dirs, where libsecret's file backend would write. */
  assert_dir_empty_or_missing (g_get_user_data_dir ());
  assert_dir_empty_or_missing (g_get_user_config_dir ());
  assert_dir_empty_or_missing (g_get_user_cache_dir ());

  secret_service_disconnect ();
  g_test_dbus_down (bus);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = NULL;
  int ret;

  /* Fresh, empty XDG dirs, set before GLib caches them. */
  home = g_dir_make_tmp ("flowdeck-noservice-XXXXXX", NULL);
  g_assert_nonnull (home);
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", home, TRUE);
  g_setenv ("XDG_CACHE_HOME", home, TRUE);
  g_unsetenv ("SECRET_BACKEND");

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/secrets/no-service", test_store_without_service);

  ret = g_test_run ();
  g_rmdir (home);
  return ret;
}
