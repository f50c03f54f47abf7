/* test-secrets.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Round trips through the real Secret Service: the gnome-keyring-daemon
 * that tests/harness.sh starts unlocked on a private session bus.
 */

#include "config.h"

#include "deck-secrets.h"
#include "deck-secure.h"
#include "deck-test-util.h"

static char *
make_account_id (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *rand = deck_random_token (9, &error);

  g_assert_no_error (error);
  return g_strdup_printf ("test-%s", rand);
}

static gboolean
store (DeckSecretKind  kind,
       const char     *account,
       const char     *value,
       GError        **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  deck_secrets_store_async (kind, account, "Flowdeck test item", value, NULL,
                            deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 30);
  return deck_secrets_store_finish (result, error);
}

static char *
lookup (DeckSecretKind   kind,
        const char      *account,
        GError         **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  deck_secrets_lookup_async (kind, account, NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 30);
  return deck_secrets_lookup_finish (result, error);
}

static gboolean
clear (DeckSecretKind   kind,
       const char      *account,
       GError         **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  deck_secrets_clear_async (kind, account, NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 30);
  return deck_secrets_clear_finish (result, error);
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

static void
test_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *account = NULL;
  g_autofree char *value = NULL;
  g_autofree char *secret = NULL;

  if (!have_test_keyring ())
    return;

  account = make_account_id ();
  value = deck_random_token (32, &error);
  g_assert_no_error (error);
  secret = g_strdup_printf ("ffpat_%s", value);

  /* Nothing there yet: NULL without error. */
  {
    g_autofree char *none = lookup (DECK_SECRET_KIND_PAT, account, &error);

    g_assert_no_error (error);
    g_assert_null (none);
  }

  g_assert_true (store (DECK_SECRET_KIND_PAT, account, secret, &error));
  g_assert_no_error (error);

  {
    g_autofree char *found = lookup (DECK_SECRET_KIND_PAT, account, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (found, ==, secret);
  }

  /* Another kind for the same account is a separate item. */
  {
    g_autofree char *other = lookup (DECK_SECRET_KIND_OAUTH, account, &error);

    g_assert_no_error (error);
    g_assert_null (other);
  }

  /* Storing again replaces the value, not adds a second item. */
  g_assert_true (store (DECK_SECRET_KIND_PAT, account, "ffpat_replacement", &error));
  g_assert_no_error (error);
  {
    g_autofree char *found = lookup (DECK_SECRET_KIND_PAT, account, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (found, ==, "ffpat_replacement");
  }

  g_assert_true (clear (DECK_SECRET_KIND_PAT, account, &error));
  g_assert_no_error (error);
  {
    g_autofree char *gone = lookup (DECK_SECRET_KIND_PAT, account, &error);

    g_assert_no_error (error);
    g_assert_null (gone);
  }

  /* Clearing what is not there reports FALSE, not an error. */
  g_assert_false (clear (DECK_SECRET_KIND_PAT, account, &error));
  g_assert_no_error (error);
}

static void
test_attributes_hold_no_secret (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GHashTable) attrs = NULL;
  g_autofree char *account = NULL;
  GList *items;
  const char *secret = "ffpat_attribute-check-value";

  if (!have_test_keyring ())
    return;

  account = make_account_id ();
  g_assert_true (store (DECK_SECRET_KIND_PAT, account, secret, &error));
  g_assert_no_error (error);

  /* Read the stored item back through the raw libsecret API and check
   * what is visible without unlocking: the attributes and the label. */
  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_assert_no_error (error);
  attrs = secret_attributes_build (DECK_SECRETS_SCHEMA, "account", account, NULL);
  items = secret_service_search_sync (service, DECK_SECRETS_SCHEMA, attrs,
                                      SECRET_SEARCH_ALL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);

  {
    SecretItem *item = items->data;
    g_autoptr(GHashTable) item_attrs = secret_item_get_attributes (item);
    g_autofree char *label = secret_item_get_label (item);
    GHashTableIter iter;
    gpointer key, val;

    g_assert_cmpstr (g_hash_table_lookup (item_attrs, "kind"), ==, "pat");
    g_assert_cmpstr (g_hash_table_lookup (item_attrs, "account"), ==, account);
    g_assert_cmpstr (g_hash_table_lookup (item_attrs, "xdg:schema"), ==, APP_ID ".Token");
    g_assert_null (strstr (label, secret));

    g_hash_table_iter_init (&iter, item_attrs);
    while (g_hash_table_iter_next (&iter, &key, &val))
      g_assert_null (strstr (val, "ffpat_"));
  }

  g_list_free_full (items, g_object_unref);

  g_assert_true (clear (DECK_SECRET_KIND_PAT, account, &error));
  g_assert_no_error (error);
}


/* The OAuth token set as the keyring keeps it: what goes in comes out;
 * without an access token or its expiry it is not one. */
static void
test_oauth_format (void)
{
  g_autoptr(GDateTime) expires = g_date_time_new_utc (2031, 5, 6, 7, 8, 9);
  g_autoptr(GDateTime) expiry = NULL;
  DeckSecureString json = NULL;
  DeckSecureString access = NULL;
  DeckSecureString refresh = NULL;

  json = deck_secrets_oauth_to_json ("access-1", "refresh-1", expires);
  g_assert_true (deck_secrets_oauth_from_json (json, &access, &refresh, &expiry));
  g_assert_cmpstr (access, ==, "access-1");
  g_assert_cmpstr (refresh, ==, "refresh-1");
  g_assert_true (g_date_time_equal (expiry, expires));
  deck_secure_clear (&json);
  deck_secure_clear (&access);
  deck_secure_clear (&refresh);
  g_clear_pointer (&expiry, g_date_time_unref);

  /* No refresh token is allowed; no expiry, no access token or no JSON is not. */
  json = deck_secrets_oauth_to_json ("access-2", NULL, expires);
  g_assert_true (deck_secrets_oauth_from_json (json, &access, &refresh, &expiry));
  g_assert_cmpstr (access, ==, "access-2");
  g_assert_null (refresh);
  deck_secure_clear (&json);
  deck_secure_clear (&access);
  g_clear_pointer (&expiry, g_date_time_unref);

  json = deck_secrets_oauth_to_json ("access-3", "refresh-3", NULL);
  g_assert_false (deck_secrets_oauth_from_json (json, &access, &refresh, &expiry));
  g_assert_null (access);
  deck_secure_clear (&json);
  g_assert_false (deck_secrets_oauth_from_json ("{\"expires_at\":\"2031-05-06T07:08:09Z\"}",
                                                &access, &refresh, &expiry));
  g_assert_false (deck_secrets_oauth_from_json ("ffpat_not-json", &access, &refresh, &expiry));
  g_assert_false (deck_secrets_oauth_from_json (NULL, &access, &refresh, &expiry));
  g_assert_null (access);
  g_assert_null (expiry);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/secrets/round-trip", test_round_trip);
  g_test_add_func ("/secrets/oauth-format", test_oauth_format);
  g_test_add_func ("/secrets/attributes-hold-no-secret", test_attributes_hold_no_secret);

  return g_test_run ();
}
