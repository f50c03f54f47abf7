/* deck-token-test.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * DeckTokenTestVerdict:
 * @DECK_TOKEN_TEST_ACCEPTED: 2xx or 3xx: the instance let the request through
 * @DECK_TOKEN_TEST_NOT_ACCEPTED: 401: the instance refused the token
 * @DECK_TOKEN_TEST_OTHER: any other status (403, 404, 5xx, …)
 */
typedef enum
{
  DECK_TOKEN_TEST_ACCEPTED,
  DECK_TOKEN_TEST_NOT_ACCEPTED,
  DECK_TOKEN_TEST_OTHER,
} DeckTokenTestVerdict;

char                 *deck_token_test_build_url (const char          *instance_url,
                                                 const char          *path,
                                                 GError             **error);
DeckTokenTestVerdict  deck_token_test_verdict   (guint                status);
char                 *deck_token_test_describe_status (guint          status);
void                  deck_token_test_async     (const char          *instance_url,
                                                 const char          *path,
                                                 const char          *token,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
guint                 deck_token_test_finish    (GAsyncResult        *result,
                                                 GError             **error);

G_END_DECLS
