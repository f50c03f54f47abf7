/* test-secure.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "deck-secure.h"

static void
test_random_token_shape (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  a = deck_random_token (32, &error);
  g_assert_no_error (error);
  b = deck_random_token (32, &error);
  g_assert_no_error (error);

  /* 32 bytes base64url without padding is 43 characters (RFC 7636 §4.1). */
  g_assert_cmpuint (strlen (a), ==, 43);
  g_assert_cmpuint (strlen (b), ==, 43);
  g_assert_cmpstr (a, !=, b);

  for (const char *p = a; *p; p++)
    g_assert_true (g_ascii_isalnum (*p) || *p == '-' || *p == '_');
}

static void
test_random_bytes_not_constant (void)
{
  g_autoptr(GError) error = NULL;
  guint8 buf[64] = { 0 };
  guint zeros = 0;

  g_assert_true (deck_random_bytes (buf, sizeof buf, &error));
  g_assert_no_error (error);

  for (gsize i = 0; i < sizeof buf; i++)
    zeros += buf[i] == 0;

  /* 64 zero bytes from a CSPRNG has probability 2^-512. */
  g_assert_cmpuint (zeros, <, sizeof buf);
}

static void
test_secure_wipe (void)
{
  char buf[] = "ffpat_not-a-real-token";

  deck_secure_wipe (buf, strlen (buf));
  for (gsize i = 0; i < sizeof buf; i++)
    g_assert_cmpint (buf[i], ==, 0);
}

static void
test_secure_clear (void)
{
  char *s = g_strdup ("ffhttp_value");

  deck_secure_clear (&s);
  g_assert_null (s);
  deck_secure_clear (&s);
  g_assert_null (s);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/secure/random-token-shape", test_random_token_shape);
  g_test_add_func ("/secure/random-bytes-not-constant", test_random_bytes_not_constant);
  g_test_add_func ("/secure/wipe", test_secure_wipe);
  g_test_add_func ("/secure/clear", test_secure_clear);

  return g_test_run ();
}
