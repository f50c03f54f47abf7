/* deck-secrets.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

#include "deck-types.h"

G_BEGIN_DECLS

/**
 * DeckSecretsError:
 * @DECK_SECRETS_ERROR_UNAVAILABLE: no Secret Service (or portal) is reachable
 * @DECK_SECRETS_ERROR_LOCKED: the keyring is locked and was not unlocked
 * @DECK_SECRETS_ERROR_FAILED: any other keyring failure
 */
typedef enum
{
  DECK_SECRETS_ERROR_UNAVAILABLE,
  DECK_SECRETS_ERROR_LOCKED,
  DECK_SECRETS_ERROR_FAILED,
} DeckSecretsError;

#define DECK_SECRETS_ERROR (deck_secrets_error_quark ())
GQuark               deck_secrets_error_quark        (void);

const SecretSchema  *deck_secrets_get_schema         (void) G_GNUC_CONST;
#define DECK_SECRETS_SCHEMA (deck_secrets_get_schema ())

const char          *deck_secret_kind_to_string      (DeckSecretKind        kind);

void                 deck_secrets_store_async        (DeckSecretKind        kind,
                                                      const char           *account_id,
                                                      const char           *label,
                                                      const char           *secret,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean             deck_secrets_store_finish       (GAsyncResult         *result,
                                                      GError              **error);
void                 deck_secrets_lookup_async       (DeckSecretKind        kind,
                                                      const char           *account_id,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
char                *deck_secrets_lookup_finish      (GAsyncResult         *result,
                                                      GError              **error);
void                 deck_secrets_clear_async        (DeckSecretKind        kind,
                                                      const char           *account_id,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean             deck_secrets_clear_finish       (GAsyncResult         *result,
                                                      GError              **error);

char                *deck_secrets_oauth_to_json      (const char           *access,
                                                      const char           *refresh,
                                                      GDateTime            *expires_at);
gboolean             deck_secrets_oauth_from_json    (const char           *json,
                                                      char                **access,
                                                      char                **refresh,
                                                      GDateTime           **expires_at);

char                *deck_secrets_lookup_unlocked_sync (DeckSecretKind      kind,
                                                        const char         *account_id,
                                                        GCancellable       *cancellable,
                                                        GError            **error);

G_END_DECLS
