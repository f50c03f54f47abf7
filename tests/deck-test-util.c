/* deck-test-util.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-test"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "deck-test-util.h"

/**
 * deck_test_artifact_path:
 * @name: a file name
 *
 * Returns: (transfer full): where a test keeps an artifact (a screenshot,
 *   a log) for people to look at after the run; the folder is created
 */
char *
deck_test_artifact_path (const char *name)
{
  const char *dir = g_getenv ("DECK_ARTIFACTS_DIR");
  g_autofree char *fallback = NULL;

  if (dir == NULL)
    dir = fallback = g_build_filename (g_get_tmp_dir (), "flowdeck-artifacts", NULL);

  g_mkdir_with_parents (dir, 0700);
  return g_build_filename (dir, name, NULL);
}

/**
 * deck_test_store_result_cb:
 *
 * A #GAsyncReadyCallback whose user_data is a `GAsyncResult **`: it keeps a
 * reference to the result so that deck_test_wait_result() can return it.
 */
void
deck_test_store_result_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
  g_main_context_wakeup (NULL);
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/**
 * deck_test_wait_result:
 * @slot: the slot given to deck_test_store_result_cb()
 * @timeout_seconds: how long to wait before failing the test
 *
 * Iterates the default main context until the async call finished.
 *
 * Returns: (transfer full): the result; the slot is cleared
 */
GAsyncResult *
deck_test_wait_result (GAsyncResult **slot,
                       guint          timeout_seconds)
{
  gboolean timed_out = FALSE;
  guint id;

  id = g_timeout_add_seconds (timeout_seconds, timeout_cb, &timed_out);
  while (*slot == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("Timed out after %u s waiting for an async result", timeout_seconds);

  g_source_remove (id);
  return g_steal_pointer (slot);
}

/**
 * deck_test_isolate_data_dir:
 *
 * Gives this test program a data folder of its own (accounts.json,
 * connections.json), so that programs sharing the harness's HOME do not
 * see each other's accounts. Call it first in main(), before GLib reads
 * XDG_DATA_HOME. The folder is left for the harness to remove.
 */
void
deck_test_isolate_data_dir (void)
{
  const char *base = g_getenv ("DECK_HARNESS_TMP");
  g_autofree char *dir = NULL;

  if (base != NULL)
    {
      g_autofree char *template = g_build_filename (base, "data-XXXXXX", NULL);

      dir = g_mkdtemp (g_steal_pointer (&template));
    }
  else
    {
      dir = g_dir_make_tmp ("flowdeck-data-XXXXXX", NULL);
    }

  g_assert_nonnull (dir);
  g_setenv ("XDG_DATA_HOME", dir, TRUE);
}

/*
 * deck_test_totp:
 * @base32_secret: an RFC 4648 base32 secret, as in an otpauth:// URL
 * @unix_seconds: the time to compute the code for
 *
 * The RFC 6238 code (HMAC-SHA-1, 30-second steps, six digits) that an
 * authenticator app would show, so a test can pass a real MFA step.
 *
 * Returns: (transfer full): six digits
 */
char *
deck_test_totp (const char *base32_secret,
                gint64      unix_seconds)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  g_autoptr(GByteArray) key = g_byte_array_new ();
  g_autoptr(GHmac) hmac = NULL;
  guint64 counter = (guint64) (unix_seconds / 30);
  guint8 message[8];
  guint8 digest[20];
  gsize digest_len = sizeof digest;
  guint32 value = 0;
  guint bits = 0;
  guint offset;

  for (const char *p = base32_secret; *p != '\0' && *p != '='; p++)
    {
      const char *at = strchr (alphabet, g_ascii_toupper (*p));

      g_assert_nonnull (at);
      value = (value << 5) | (guint32) (at - alphabet);
      bits += 5;
      if (bits >= 8)
        {
          guint8 byte = (value >> (bits - 8)) & 0xff;

          g_byte_array_append (key, &byte, 1);
          bits -= 8;
        }
    }

  for (int i = 7; i >= 0; i--, counter >>= 8)
    message[i] = counter & 0xff;

  hmac = g_hmac_new (G_CHECKSUM_SHA1, key->data, key->len);
  g_hmac_update (hmac, message, sizeof message);
  g_hmac_get_digest (hmac, digest, &digest_len);
  g_assert_cmpuint (digest_len, ==, 20);

  offset = digest[19] & 0xf;
  value = ((guint32) (digest[offset] & 0x7f) << 24) | ((guint32) digest[offset + 1] << 16) |
          ((guint32) digest[offset + 2] << 8) | digest[offset + 3];

  return g_strdup_printf ("%06u", value % 1000000);
}
