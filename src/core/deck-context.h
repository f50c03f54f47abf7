/* deck-context.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "deck-account-store.h"
#include "deck-account.h"
#include "deck-connection-store.h"
#include "deck-flowfuse-client.h"
#include "deck-node-red-client.h"
#include "deck-oauth-flow.h"

G_BEGIN_DECLS

#define DECK_TYPE_CONTEXT (deck_context_get_type ())
G_DECLARE_FINAL_TYPE (DeckContext, deck_context, DECK, CONTEXT, GObject)

DeckContext        *deck_context_new                           (const char           *accounts_path);
DeckAccountStore   *deck_context_get_store                     (DeckContext          *self);
DeckConnectionStore *deck_context_get_connections              (DeckContext          *self);
void                deck_context_prefetch                      (DeckContext          *self,
                                                                const char           *account_id,
                                                                const char           *team_id);
gboolean            deck_context_is_prefetching                (DeckContext          *self);
void                deck_context_save_snapshot                 (DeckContext          *self,
                                                                DeckAccount          *account,
                                                                GListModel           *teams,
                                                                const char           *team_id,
                                                                GListModel           *instances);
void                deck_context_load_snapshot_async           (DeckContext          *self,
                                                                DeckAccount          *account,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
void                deck_context_load_async                    (DeckContext          *self,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
gboolean            deck_context_load_finish                   (DeckContext          *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);
gboolean            deck_context_get_accounts_loaded           (DeckContext          *self);
void                deck_context_get_flowfuse_client_async     (DeckContext          *self,
                                                                DeckAccount          *account,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
DeckFlowfuseClient *deck_context_get_flowfuse_client_finish    (DeckContext          *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);
void                deck_context_add_flowfuse_token_async      (DeckContext          *self,
                                                                const char           *url,
                                                                const char           *token,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
void                deck_context_add_flowfuse_password_async   (DeckContext          *self,
                                                                const char           *url,
                                                                const char           *username,
                                                                const char           *password,
                                                                const char           *mfa_code,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
void                deck_context_add_flowfuse_oauth_async      (DeckContext          *self,
                                                                const char           *url,
                                                                const DeckOAuthTokens *tokens,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
void                deck_context_add_flowfuse_session_async    (DeckContext          *self,
                                                                const char           *url,
                                                                const char           *session_cookie,
                                                                DeckAccount          *replace,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
void                deck_context_add_node_red_async            (DeckContext          *self,
                                                                const char           *url,
                                                                const char           *username,
                                                                const char           *password,
                                                                gboolean              read_only,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
void                deck_context_add_node_red_strategy_async   (DeckContext          *self,
                                                                const char           *url,
                                                                const char           *code,
                                                                const char           *access_token,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
void                deck_context_get_node_red_client_async     (DeckContext          *self,
                                                                DeckAccount          *account,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
DeckNodeRedClient  *deck_context_get_node_red_client_finish    (DeckContext          *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);
DeckAccount        *deck_context_add_account_finish            (DeckContext          *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);
void                deck_context_remove_account_async          (DeckContext          *self,
                                                                DeckAccount          *account,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
void                deck_context_sign_out_async                (DeckContext          *self,
                                                                DeckAccount          *account,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
gboolean            deck_context_remove_account_finish         (DeckContext          *self,
                                                                GAsyncResult         *result,
                                                                char                **warning,
                                                                GError              **error);

G_END_DECLS
