/* deck-secure.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-secure"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <glib/gi18n.h>

#include "deck-secure.h"

/**
 * deck_random_bytes:
 * @buffer: (out caller-allocates): where to write
 * @length: how many bytes
 * @error: a location for a #GError, or %NULL
 *
 * Fills @buffer from the kernel's CSPRNG with getrandom(2). Secrets (PKCE
 * verifiers, OAuth state) come only from here, never from g_random*().
 *
 * Returns: %TRUE on success
 */
gboolean
deck_random_bytes (guint8  *buffer,
                   gsize    length,
                   GError **error)
{
  gsize done = 0;

  g_return_val_if_fail (buffer != NULL || length == 0, FALSE);

  while (done < length)
    {
      ssize_t n = getrandom (buffer + done, length - done, 0);

      if (n < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Could not read random bytes from the system: %s"),
                       g_strerror (saved_errno));
          return FALSE;
        }

      done += (gsize) n;
    }

  return TRUE;
}

/**
 * deck_random_token:
 * @n_bytes: how many random bytes to encode
 * @error: a location for a #GError, or %NULL
 *
 * Returns: (transfer full): @n_bytes of randomness, base64url-encoded
 *   without padding; free with deck_secure_free()
 */
char *
deck_random_token (gsize    n_bytes,
                   GError **error)
{
  g_autofree guint8 *raw = g_malloc (n_bytes);
  char *encoded;
  gsize len;

  if (!deck_random_bytes (raw, n_bytes, error))
    return NULL;

  encoded = g_base64_encode (raw, n_bytes);
  deck_secure_wipe (raw, n_bytes);

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
 * deck_secure_wipe:
 * @data: memory to overwrite
 * @length: its size
 *
 * Overwrites memory in a way the compiler may not optimise away.
 */
void
deck_secure_wipe (void  *data,
                  gsize  length)
{
  if (data == NULL || length == 0)
    return;

  explicit_bzero (data, length);
}

/**
 * deck_secure_free:
 * @str: (nullable): a secret string
 *
 * Overwrites @str and frees it.
 */
void
deck_secure_free (char *str)
{
  if (str == NULL)
    return;

  deck_secure_wipe (str, strlen (str));
  g_free (str);
}

/**
 * deck_secure_clear:
 * @str: location of a secret string
 *
 * deck_secure_free() then sets *@str to %NULL.
 */
void
deck_secure_clear (char **str)
{
  g_return_if_fail (str != NULL);

  deck_secure_free (g_steal_pointer (str));
}
