/* fuzz-loopback-catcher.c: the loopback catcher's redirect handling
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: a redirect URI, as a web view hands it to
 * deck_loopback_catcher_handle_uri(). So that inputs reach the query
 * parser, an input starting with `?` is appended to the catcher's own
 * redirect URI and one starting with `/` to its `http://127.0.0.1:<port>`;
 * anything else is taken as the whole URI. Each input gets a fresh,
 * listening catcher that expects `state=st` and, for inputs of even length,
 * the oidc peer's `iss`; a wait is pending, so a terminal outcome reaches
 * the waiter, and the wait is stopped when the input was rejected.
 */

#include "config.h"

#include "deck-loopback-catcher.h"
#include "deck-secure.h"
#include "fuzz-common.h"

#define SEED_ISS "http://127.0.0.1:38545"

typedef struct
{
  gboolean  finished;
  char     *code;
  GError   *error;
} Wait;

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->code = deck_loopback_catcher_wait_finish (DECK_LOOPBACK_CATCHER (source), result,
                                                  &wait->error);
  wait->finished = TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(DeckLoopbackCatcher) catcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *input = g_strndup ((const char *) data, size);
  g_autofree char *uri = NULL;
  g_autofree char *origin = NULL;
  Wait wait = { 0 };
  gboolean handled;
  guint spins = 0;

  catcher = deck_loopback_catcher_new ("/callback", "st", size % 2 == 0 ? SEED_ISS : NULL);
  if (!deck_loopback_catcher_start (catcher, &error))
    g_error ("The catcher did not start: %s", error->message);

  origin = g_strndup (deck_loopback_catcher_get_redirect_uri (catcher),
                      strlen (deck_loopback_catcher_get_redirect_uri (catcher)) -
                      strlen ("/callback"));
  if (input[0] == '?')
    uri = g_strconcat (deck_loopback_catcher_get_redirect_uri (catcher), input, NULL);
  else if (input[0] == '/')
    uri = g_strconcat (origin, input, NULL);
  else
    uri = g_strdup (input);

  deck_loopback_catcher_wait_async (catcher, 0, NULL, wait_cb, &wait);
  handled = deck_loopback_catcher_handle_uri (catcher, uri);

  /* A second call with the same URI never changes an outcome. */
  if (handled)
    g_assert_true (deck_loopback_catcher_handle_uri (catcher, uri));

  if (!wait.finished && deck_loopback_catcher_is_listening (catcher))
    deck_loopback_catcher_stop (catcher);

  while (!wait.finished)
    {
      g_main_context_iteration (NULL, FALSE);
      if (++spins > 10000)
        g_error ("The wait never ended (input handled: %d)", handled);
    }

  g_assert ((wait.code == NULL) != (wait.error == NULL));
  g_assert (!deck_loopback_catcher_is_listening (catcher));
  if (wait.code != NULL)
    g_assert (handled && *wait.code != '\0');

  deck_secure_free (wait.code);
  g_clear_error (&wait.error);

  /* Nothing may stay scheduled on the context after the catcher is gone. */
  g_clear_object (&catcher);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  return 0;
}
