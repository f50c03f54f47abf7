/* deck-account-store.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "deck-account.h"
#include "deck-types.h"

G_BEGIN_DECLS

/**
 * DeckAccountStoreError:
 * @DECK_ACCOUNT_STORE_ERROR_CORRUPT: the accounts file (or one of its
 *   entries) could not be read; it was moved aside and the message says where
 * @DECK_ACCOUNT_STORE_ERROR_IO: the accounts file could not be read or written
 * @DECK_ACCOUNT_STORE_ERROR_DUPLICATE: an account with the same kind, server
 *   and user name (or the same id) is already in the store
 * @DECK_ACCOUNT_STORE_ERROR_NOT_FOUND: the account is not (or no longer) in the store
 *
 * Keyring failures are not in this domain: they pass through as
 * %DECK_SECRETS_ERROR.
 */
typedef enum
{
  DECK_ACCOUNT_STORE_ERROR_CORRUPT,
  DECK_ACCOUNT_STORE_ERROR_IO,
  DECK_ACCOUNT_STORE_ERROR_DUPLICATE,
  DECK_ACCOUNT_STORE_ERROR_NOT_FOUND,
} DeckAccountStoreError;

#define DECK_ACCOUNT_STORE_ERROR (deck_account_store_error_quark ())
GQuark             deck_account_store_error_quark       (void);

#define DECK_TYPE_ACCOUNT_STORE (deck_account_store_get_type ())
G_DECLARE_FINAL_TYPE (DeckAccountStore, deck_account_store, DECK, ACCOUNT_STORE, GObject)

char              *deck_account_store_default_path      (void);
DeckAccountStore  *deck_account_store_new               (const char           *path);
const char        *deck_account_store_get_path          (DeckAccountStore     *self);
DeckAccount       *deck_account_store_find              (DeckAccountStore     *self,
                                                         const char           *id);

void               deck_account_store_load_async        (DeckAccountStore     *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean           deck_account_store_load_finish       (DeckAccountStore     *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
void               deck_account_store_save_async        (DeckAccountStore     *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean           deck_account_store_save_finish       (DeckAccountStore     *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
void               deck_account_store_add_async         (DeckAccountStore     *self,
                                                         DeckAccount          *account,
                                                         DeckSecretKind        kind,
                                                         const char           *secret,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean           deck_account_store_add_finish        (DeckAccountStore     *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
void               deck_account_store_remove_async      (DeckAccountStore     *self,
                                                         DeckAccount          *account,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean           deck_account_store_remove_finish     (DeckAccountStore     *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
void               deck_account_store_lookup_secret_async  (DeckAccountStore     *self,
                                                            DeckAccount          *account,
                                                            DeckSecretKind        kind,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
char              *deck_account_store_lookup_secret_finish (DeckAccountStore     *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
void               deck_account_store_replace_secret_async  (DeckAccountStore     *self,
                                                             DeckAccount          *account,
                                                             DeckSecretKind        kind,
                                                             const char           *secret,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean           deck_account_store_replace_secret_finish (DeckAccountStore     *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);

G_END_DECLS
