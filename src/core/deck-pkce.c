/* deck-pkce.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-pkce"

#include "config.h"

#include <string.h>

#include "deck-pkce.h"
#include "deck-secure.h"

/* PKCE (RFC 7636) with S256 only, and the OAuth `state`. All randomness
 * comes from deck_random_bytes() (getrandom(2), O3 in SECURITY.md). Every
 * string returned here is a secret: free it with deck_secure_free(). */

/**
 * deck_base64url_encode:
 * @data: bytes to encode
 * @length: how many
 *
 * Returns: (transfer full): @data in base64url without padding (RFC 4648
 *   §5, as RFC 7636 Appendix A asks); free with deck_secure_free()
 */
char *
deck_base64url_encode (const guint8 *data,
                       gsize         length)
{
  char *encoded;
  gsize len;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  encoded = g_base64_encode (data, length);
  len = strlen (encoded);

  for (gsize i = 0; i < len; i++)
    {
      if (encoded[i] == '+')
        encoded[i] = '-';
      else if (encoded[i] == '/')
        encoded[i] = '_';
    }
  while (len > 0 && encoded[len - 1] == '=')
    encoded[--len] = '\0';

  return encoded;
}

/**
 * deck_pkce_new_verifier:
 * @error: a location for a #GError, or %NULL
 *
 * Returns: (transfer full) (nullable): a new code verifier of
 *   %DECK_PKCE_VERIFIER_BYTES random bytes (43 characters); free with
 *   deck_secure_free()
 */
char *
deck_pkce_new_verifier (GError **error)
{
  return deck_random_token (DECK_PKCE_VERIFIER_BYTES, error);
}

/**
 * deck_pkce_new_state:
 * @error: a location for a #GError, or %NULL
 *
 * Returns: (transfer full) (nullable): a new `state` value of
 *   %DECK_PKCE_STATE_BYTES random bytes; free with deck_secure_free()
 */
char *
deck_pkce_new_state (GError **error)
{
  return deck_random_token (DECK_PKCE_STATE_BYTES, error);
}

/**
 * deck_pkce_challenge_for:
 * @verifier: a code verifier
 *
 * Returns: (transfer full): the S256 code challenge,
 *   `BASE64URL(SHA256(ASCII(verifier)))` (RFC 7636 §4.2)
 */
char *
deck_pkce_challenge_for (const char *verifier)
{
  g_autoptr(GChecksum) checksum = NULL;
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  char *challenge;

  g_return_val_if_fail (verifier != NULL, NULL);

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, (const guchar *) verifier, (gssize) strlen (verifier));
  g_checksum_get_digest (checksum, digest, &digest_len);
  g_assert (digest_len == sizeof digest);

  challenge = deck_base64url_encode (digest, digest_len);
  deck_secure_wipe (digest, sizeof digest);
  return challenge;
}

/**
 * deck_secure_equal:
 * @a: (nullable): a string received from outside (a callback's `state`)
 * @b: (nullable): the expected secret
 *
 * Compares two strings in time that depends only on their lengths, not on
 * where they first differ, so that an attacker who can time the answers
 * learns nothing about the expected value. %NULL equals nothing, not even
 * %NULL.
 *
 * Returns: %TRUE if both are non-%NULL and equal
 */
gboolean
deck_secure_equal (const char *a,
                   const char *b)
{
  volatile guint8 diff = 0;
  gsize len_a;
  gsize len_b;

  if (a == NULL || b == NULL)
    return FALSE;

  len_a = strlen (a);
  len_b = strlen (b);

  /* Walk the expected value in full whatever @a is; bytes past the end of
   * @a compare against @b itself (and so count as a difference through
   * the length check). */
  for (gsize i = 0; i < len_b; i++)
    {
      guint8 x = i < len_a ? (guint8) a[i] : (guint8) ~b[i];

      diff |= x ^ (guint8) b[i];
    }

  return diff == 0 && len_a == len_b;
}
