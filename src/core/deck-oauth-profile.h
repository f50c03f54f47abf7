/* deck-oauth-profile.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "deck-oauth-error.h"

G_BEGIN_DECLS

/**
 * DeckOAuthTokenEncoding:
 * @DECK_OAUTH_TOKEN_ENCODING_FORM: `application/x-www-form-urlencoded`
 *   bodies, as RFC 6749 §4.1.3 asks (the default)
 * @DECK_OAUTH_TOKEN_ENCODING_JSON: a JSON object, as FlowFuse's own tools
 *   plugin sends it
 *
 * How token requests (code exchange and refresh) are encoded. Revocation
 * requests are always form-encoded (RFC 7009 §2.1).
 */
typedef enum
{
  DECK_OAUTH_TOKEN_ENCODING_FORM,
  DECK_OAUTH_TOKEN_ENCODING_JSON,
} DeckOAuthTokenEncoding;

/* FlowFuse's hard-coded public client and the one redirect path it accepts
 * for it (API.md §1.4). */
#define DECK_OAUTH_FLOWFUSE_CLIENT_ID     "ff-plugin"
#define DECK_OAUTH_FLOWFUSE_SCOPE         "ff-plugin"
#define DECK_OAUTH_FLOWFUSE_REDIRECT_PATH "/flowfuse-nr-tools/auth/callback"
#define DECK_OAUTH_DEFAULT_REDIRECT_PATH  "/callback"

#define DECK_TYPE_OAUTH_PROFILE (deck_oauth_profile_get_type ())
G_DECLARE_FINAL_TYPE (DeckOAuthProfile, deck_oauth_profile, DECK, OAUTH_PROFILE, GObject)

DeckOAuthProfile       *deck_oauth_profile_new                        (const char              *client_id,
                                                                       const char              *authorization_endpoint,
                                                                       const char              *token_endpoint);
DeckOAuthProfile       *deck_oauth_profile_new_flowfuse               (const char              *base_url);
void                    deck_oauth_profile_discover_async             (const char              *issuer,
                                                                       const char              *client_id,
                                                                       GCancellable            *cancellable,
                                                                       GAsyncReadyCallback      callback,
                                                                       gpointer                 user_data);
DeckOAuthProfile       *deck_oauth_profile_discover_finish            (GAsyncResult            *result,
                                                                       GError                 **error);

gboolean                deck_oauth_profile_validate                   (DeckOAuthProfile        *self,
                                                                       GError                 **error);
gboolean                deck_oauth_check_endpoint                     (const char              *url,
                                                                       const char              *what,
                                                                       GError                 **error);

const char             *deck_oauth_profile_get_issuer                 (DeckOAuthProfile        *self);
void                    deck_oauth_profile_set_issuer                 (DeckOAuthProfile        *self,
                                                                       const char              *issuer);
const char             *deck_oauth_profile_get_authorization_endpoint (DeckOAuthProfile        *self);
void                    deck_oauth_profile_set_authorization_endpoint (DeckOAuthProfile        *self,
                                                                       const char              *url);
const char             *deck_oauth_profile_get_token_endpoint         (DeckOAuthProfile        *self);
void                    deck_oauth_profile_set_token_endpoint         (DeckOAuthProfile        *self,
                                                                       const char              *url);
const char             *deck_oauth_profile_get_revocation_endpoint    (DeckOAuthProfile        *self);
void                    deck_oauth_profile_set_revocation_endpoint    (DeckOAuthProfile        *self,
                                                                       const char              *url);
const char             *deck_oauth_profile_get_userinfo_endpoint      (DeckOAuthProfile        *self);
void                    deck_oauth_profile_set_userinfo_endpoint      (DeckOAuthProfile        *self,
                                                                       const char              *url);
const char             *deck_oauth_profile_get_client_id              (DeckOAuthProfile        *self);
void                    deck_oauth_profile_set_client_id              (DeckOAuthProfile        *self,
                                                                       const char              *client_id);
const char             *deck_oauth_profile_get_client_secret          (DeckOAuthProfile        *self);
void                    deck_oauth_profile_set_client_secret          (DeckOAuthProfile        *self,
                                                                       const char              *client_secret);
const char * const     *deck_oauth_profile_get_scopes                 (DeckOAuthProfile        *self);
const char * const     *deck_oauth_profile_get_scopes_supported       (DeckOAuthProfile        *self);
void                    deck_oauth_profile_set_scopes                 (DeckOAuthProfile        *self,
                                                                       const char * const      *scopes);
char                   *deck_oauth_profile_dup_scope_string           (DeckOAuthProfile        *self);
GHashTable             *deck_oauth_profile_get_extra_params           (DeckOAuthProfile        *self);
void                    deck_oauth_profile_set_extra_param            (DeckOAuthProfile        *self,
                                                                       const char              *name,
                                                                       const char              *value);
const char             *deck_oauth_profile_get_redirect_path          (DeckOAuthProfile        *self);
void                    deck_oauth_profile_set_redirect_path          (DeckOAuthProfile        *self,
                                                                       const char              *path);
DeckOAuthTokenEncoding  deck_oauth_profile_get_token_encoding         (DeckOAuthProfile        *self);
void                    deck_oauth_profile_set_token_encoding         (DeckOAuthProfile        *self,
                                                                       DeckOAuthTokenEncoding   encoding);
gboolean                deck_oauth_profile_get_require_iss            (DeckOAuthProfile        *self);
void                    deck_oauth_profile_set_require_iss            (DeckOAuthProfile        *self,
                                                                       gboolean                 require_iss);

G_END_DECLS
