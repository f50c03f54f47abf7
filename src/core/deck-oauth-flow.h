/* deck-oauth-flow.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "deck-loopback-catcher.h"
#include "deck-oauth-error.h"
#include "deck-oauth-profile.h"

G_BEGIN_DECLS

/**
 * DeckOAuthTokens:
 * @access_token: the access token
 * @refresh_token: (nullable): the refresh token; after a refresh, the
 *   newest one (rotation, O13)
 * @id_token: (nullable): the OpenID Connect ID token, not verified here
 * @token_type: (nullable): as the server sent it ("Bearer"); %NULL when
 *   the server sent none (FlowFuse), which means Bearer
 * @scope: (nullable) (array zero-terminated=1): the granted scopes, or
 *   %NULL when the server did not list them (RFC 6749 §5.1: then the
 *   requested ones)
 * @expires_at: (nullable): when the access token expires (UTC), or %NULL
 *   when the server did not say
 *
 * A token response. A plain boxed struct: copy with
 * deck_oauth_tokens_copy(), free with deck_oauth_tokens_free(), which
 * overwrites every token string before freeing it.
 */
typedef struct
{
  char      *access_token;
  char      *refresh_token;
  char      *id_token;
  char      *token_type;
  GStrv      scope;
  GDateTime *expires_at;
} DeckOAuthTokens;

#define DECK_TYPE_OAUTH_TOKENS (deck_oauth_tokens_get_type ())
GType            deck_oauth_tokens_get_type   (void) G_GNUC_CONST;
DeckOAuthTokens *deck_oauth_tokens_copy       (const DeckOAuthTokens *tokens);
void             deck_oauth_tokens_free       (DeckOAuthTokens       *tokens);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeckOAuthTokens, deck_oauth_tokens_free)

#define DECK_TYPE_OAUTH_FLOW (deck_oauth_flow_get_type ())
G_DECLARE_FINAL_TYPE (DeckOAuthFlow, deck_oauth_flow, DECK, OAUTH_FLOW, GObject)

DeckOAuthFlow       *deck_oauth_flow_new              (DeckOAuthProfile     *profile);
DeckOAuthProfile    *deck_oauth_flow_get_profile      (DeckOAuthFlow        *self);
char                *deck_oauth_flow_begin            (DeckOAuthFlow        *self,
                                                       GError              **error);
const char          *deck_oauth_flow_get_redirect_uri (DeckOAuthFlow        *self);
gboolean             deck_oauth_flow_handle_uri       (DeckOAuthFlow        *self,
                                                       const char           *uri);
void                 deck_oauth_flow_run_async        (DeckOAuthFlow        *self,
                                                       guint                 timeout_seconds,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
DeckOAuthTokens     *deck_oauth_flow_run_finish       (DeckOAuthFlow        *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

void                 deck_oauth_refresh_async         (DeckOAuthProfile     *profile,
                                                       const char           *refresh_token,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
DeckOAuthTokens     *deck_oauth_refresh_finish        (GAsyncResult         *result,
                                                       GError              **error);
void                 deck_oauth_revoke_async          (DeckOAuthProfile     *profile,
                                                       const char           *token,
                                                       const char           *token_type_hint,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean             deck_oauth_revoke_finish         (GAsyncResult         *result,
                                                       GError              **error);

/*< private >*/
const char          *_deck_oauth_flow_peek_verifier   (DeckOAuthFlow        *self);

G_END_DECLS
