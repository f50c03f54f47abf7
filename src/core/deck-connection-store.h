/* deck-connection-store.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "deck-connection.h"
#include "deck-flowfuse-client.h"
#include "deck-oauth-flow.h"

G_BEGIN_DECLS

/**
 * DeckConnectionStoreError:
 * @DECK_CONNECTION_STORE_ERROR_CORRUPT: connections.json could not be read;
 *   it was moved aside (the message says where)
 * @DECK_CONNECTION_STORE_ERROR_IO: the file could not be read or written
 * @DECK_CONNECTION_STORE_ERROR_NOT_FOUND: the connection is not in the store
 * @DECK_CONNECTION_STORE_ERROR_NO_TOKENS: the keyring holds no tokens for it
 * @DECK_CONNECTION_STORE_ERROR_INVALID_NAME: an environment variable name
 *   FlowFuse would refuse, or the same name twice
 * @DECK_CONNECTION_STORE_ERROR_UNSAFE_MERGE: the instance has hidden
 *   variables whose values the server masks; rewriting the list would
 *   erase them, so nothing was written
 * @DECK_CONNECTION_STORE_ERROR_INSTANCES: the secrets could not be removed
 *   from some instances (the message names them); the connection stays
 * @DECK_CONNECTION_STORE_ERROR_HANDED_OVER: an instance holds the refresh
 *   token (deck_connection_get_refresh_holder()), so Flowdeck does not
 *   refresh
 *
 * Keyring, OAuth, FlowFuse and network errors pass through in their own
 * domains.
 */
typedef enum
{
  DECK_CONNECTION_STORE_ERROR_CORRUPT,
  DECK_CONNECTION_STORE_ERROR_IO,
  DECK_CONNECTION_STORE_ERROR_NOT_FOUND,
  DECK_CONNECTION_STORE_ERROR_NO_TOKENS,
  DECK_CONNECTION_STORE_ERROR_INVALID_NAME,
  DECK_CONNECTION_STORE_ERROR_UNSAFE_MERGE,
  DECK_CONNECTION_STORE_ERROR_INSTANCES,
  DECK_CONNECTION_STORE_ERROR_HANDED_OVER,
} DeckConnectionStoreError;

#define DECK_CONNECTION_STORE_ERROR (deck_connection_store_error_quark ())
GQuark deck_connection_store_error_quark (void);

/**
 * DeckConnectionClientFunc:
 * @server_url: a FlowFuse server a connection was delivered to
 * @user_data: data given with the function
 *
 * Returns: (transfer none) (nullable): a signed-in client for @server_url
 */
typedef DeckFlowfuseClient *(*DeckConnectionClientFunc) (const char *server_url,
                                                         gpointer    user_data);

#define DECK_TYPE_CONNECTION_STORE (deck_connection_store_get_type ())
G_DECLARE_FINAL_TYPE (DeckConnectionStore, deck_connection_store, DECK, CONNECTION_STORE, GObject)

char                *deck_connection_store_default_path      (void);
DeckConnectionStore *deck_connection_store_new               (const char               *path);
const char          *deck_connection_store_get_path          (DeckConnectionStore      *self);
DeckConnection      *deck_connection_store_find              (DeckConnectionStore      *self,
                                                              const char               *id);
void                 deck_connection_store_set_client_func   (DeckConnectionStore      *self,
                                                              DeckConnectionClientFunc  func,
                                                              gpointer                  user_data,
                                                              GDestroyNotify            destroy);

void                 deck_connection_store_load_async        (DeckConnectionStore      *self,
                                                              GCancellable             *cancellable,
                                                              GAsyncReadyCallback       callback,
                                                              gpointer                  user_data);
gboolean             deck_connection_store_load_finish       (DeckConnectionStore      *self,
                                                              GAsyncResult             *result,
                                                              GError                  **error);
void                 deck_connection_store_save_async        (DeckConnectionStore      *self,
                                                              GCancellable             *cancellable,
                                                              GAsyncReadyCallback       callback,
                                                              gpointer                  user_data);
gboolean             deck_connection_store_save_finish       (DeckConnectionStore      *self,
                                                              GAsyncResult             *result,
                                                              GError                  **error);

void                 deck_connection_store_add_async         (DeckConnectionStore      *self,
                                                              DeckConnection           *connection,
                                                              const char               *client_secret,
                                                              const DeckOAuthTokens    *tokens,
                                                              GCancellable             *cancellable,
                                                              GAsyncReadyCallback       callback,
                                                              gpointer                  user_data);
gboolean             deck_connection_store_add_finish        (DeckConnectionStore      *self,
                                                              GAsyncResult             *result,
                                                              GError                  **error);
void                 deck_connection_store_set_auto_refresh  (DeckConnectionStore      *self,
                                                              guint                     lead_seconds);
guint                deck_connection_store_get_n_scheduled   (DeckConnectionStore      *self);
void                 deck_connection_store_refresh_async     (DeckConnectionStore      *self,
                                                              DeckConnection           *connection,
                                                              GCancellable             *cancellable,
                                                              GAsyncReadyCallback       callback,
                                                              gpointer                  user_data);
gboolean             deck_connection_store_refresh_finish    (DeckConnectionStore      *self,
                                                              GAsyncResult             *result,
                                                              GError                  **error);
void                 deck_connection_store_get_access_token_async  (DeckConnectionStore *self,
                                                                    DeckConnection      *connection,
                                                                    GCancellable        *cancellable,
                                                                    GAsyncReadyCallback  callback,
                                                                    gpointer             user_data);
char                *deck_connection_store_get_access_token_finish (DeckConnectionStore *self,
                                                                    GAsyncResult        *result,
                                                                    GError             **error);
void                 deck_connection_store_revoke_async      (DeckConnectionStore      *self,
                                                              DeckConnection           *connection,
                                                              GCancellable             *cancellable,
                                                              GAsyncReadyCallback       callback,
                                                              gpointer                  user_data);
gboolean             deck_connection_store_revoke_finish     (DeckConnectionStore      *self,
                                                              GAsyncResult             *result,
                                                              gboolean                 *out_revoked_at_provider,
                                                              GError                  **error);
void                 deck_connection_store_remove_async      (DeckConnectionStore      *self,
                                                              DeckConnection           *connection,
                                                              GCancellable             *cancellable,
                                                              GAsyncReadyCallback       callback,
                                                              gpointer                  user_data);
gboolean             deck_connection_store_remove_finish     (DeckConnectionStore      *self,
                                                              GAsyncResult             *result,
                                                              GError                  **error);
void                 deck_connection_store_deliver_async     (DeckConnectionStore      *self,
                                                              DeckConnection           *connection,
                                                              DeckFlowfuseClient       *client,
                                                              const char               *instance_id,
                                                              const char               *instance_name,
                                                              const char * const       *names,
                                                              GCancellable             *cancellable,
                                                              GAsyncReadyCallback       callback,
                                                              gpointer                  user_data);
gboolean             deck_connection_store_deliver_finish    (DeckConnectionStore      *self,
                                                              GAsyncResult             *result,
                                                              gboolean                 *out_secrets_masked,
                                                              GError                  **error);
void                 deck_connection_store_undeliver_async   (DeckConnectionStore      *self,
                                                              DeckConnection           *connection,
                                                              DeckFlowfuseClient       *client,
                                                              const char               *instance_id,
                                                              GCancellable             *cancellable,
                                                              GAsyncReadyCallback       callback,
                                                              gpointer                  user_data);
gboolean             deck_connection_store_undeliver_finish  (DeckConnectionStore      *self,
                                                              GAsyncResult             *result,
                                                              GError                  **error);

gboolean             deck_connection_env_name_is_valid       (const char               *name);

G_END_DECLS
