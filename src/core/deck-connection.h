/* deck-connection.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "deck-oauth-flow.h"
#include "deck-oauth-presets.h"
#include "deck-oauth-profile.h"

G_BEGIN_DECLS

/**
 * DeckConnectionEnv:
 * @DECK_CONNECTION_ENV_CLIENT_ID: the client id
 * @DECK_CONNECTION_ENV_CLIENT_SECRET: the client secret (a secret)
 * @DECK_CONNECTION_ENV_REFRESH_TOKEN: the refresh token (a secret)
 * @DECK_CONNECTION_ENV_TOKEN_URL: the token endpoint
 *
 * The instance variables a delivery writes.
 */
typedef enum
{
  DECK_CONNECTION_ENV_CLIENT_ID,
  DECK_CONNECTION_ENV_CLIENT_SECRET,
  DECK_CONNECTION_ENV_REFRESH_TOKEN,
  DECK_CONNECTION_ENV_TOKEN_URL,
} DeckConnectionEnv;

#define DECK_CONNECTION_ENV_N (DECK_CONNECTION_ENV_TOKEN_URL + 1)

/**
 * DeckConnectionRefreshState:
 * @DECK_CONNECTION_REFRESH_IDLE: nothing running; the last refresh (if any) worked
 * @DECK_CONNECTION_REFRESH_RUNNING: a refresh is running
 * @DECK_CONNECTION_REFRESH_FAILED: the last refresh failed (see
 *   deck_connection_get_last_error())
 * @DECK_CONNECTION_REFRESH_UNAVAILABLE: the provider sent no refresh token
 */
typedef enum
{
  DECK_CONNECTION_REFRESH_IDLE,
  DECK_CONNECTION_REFRESH_RUNNING,
  DECK_CONNECTION_REFRESH_FAILED,
  DECK_CONNECTION_REFRESH_UNAVAILABLE,
} DeckConnectionRefreshState;

/**
 * DeckConnectionDelivery:
 * @server_url: the FlowFuse server
 * @instance_id: the instance that holds the variables
 * @instance_name: (nullable): its name, for display
 * @names: the variable names written, by #DeckConnectionEnv (%NULL: not written)
 *
 * Where a connection's secrets were delivered.
 */
typedef struct
{
  char *server_url;
  char *instance_id;
  char *instance_name;
  char *names[DECK_CONNECTION_ENV_N];
} DeckConnectionDelivery;

#define DECK_TYPE_CONNECTION_DELIVERY (deck_connection_delivery_get_type ())
GType                   deck_connection_delivery_get_type (void) G_GNUC_CONST;
DeckConnectionDelivery *deck_connection_delivery_copy     (const DeckConnectionDelivery *delivery);
void                    deck_connection_delivery_free     (DeckConnectionDelivery       *delivery);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeckConnectionDelivery, deck_connection_delivery_free)

#define DECK_TYPE_CONNECTION (deck_connection_get_type ())
G_DECLARE_FINAL_TYPE (DeckConnection, deck_connection, DECK, CONNECTION, GObject)

DeckConnection          *deck_connection_new                   (DeckOAuthPreset      preset,
                                                                const char          *client_id);
DeckConnection          *deck_connection_new_for_profile       (DeckOAuthPreset      preset,
                                                                DeckOAuthProfile    *profile);
DeckConnection          *deck_connection_new_from_json         (JsonObject          *object,
                                                                GError             **error);
JsonObject              *deck_connection_to_json               (DeckConnection      *self);

const char              *deck_connection_get_id                (DeckConnection      *self);
DeckOAuthPreset          deck_connection_get_preset            (DeckConnection      *self);
const char              *deck_connection_get_provider_name     (DeckConnection      *self);
const char              *deck_connection_get_display_name      (DeckConnection      *self);
void                     deck_connection_set_display_name      (DeckConnection      *self,
                                                                const char          *name);
const char              *deck_connection_get_client_id         (DeckConnection      *self);
gboolean                 deck_connection_get_has_client_secret (DeckConnection      *self);
const char              *deck_connection_get_issuer            (DeckConnection      *self);
const char              *deck_connection_get_token_endpoint    (DeckConnection      *self);
const char              *deck_connection_get_revocation_endpoint (DeckConnection    *self);
const char              *deck_connection_get_userinfo_endpoint (DeckConnection      *self);
const char              *deck_connection_get_redirect_path     (DeckConnection      *self);
void                     deck_connection_set_redirect_path     (DeckConnection      *self,
                                                                const char          *path);
const char * const      *deck_connection_get_requested_scopes  (DeckConnection      *self);
void                     deck_connection_set_requested_scopes  (DeckConnection      *self,
                                                                const char * const  *scopes);
const char * const      *deck_connection_get_granted_scopes    (DeckConnection      *self);
GStrv                    deck_connection_dup_missing_scopes    (DeckConnection      *self);
const char              *deck_connection_get_account_label     (DeckConnection      *self);
GDateTime               *deck_connection_get_expires_at        (DeckConnection      *self);
DeckConnectionRefreshState deck_connection_get_refresh_state   (DeckConnection      *self);
const char              *deck_connection_get_last_error        (DeckConnection      *self);
GPtrArray               *deck_connection_get_deliveries        (DeckConnection      *self);
const DeckConnectionDelivery *deck_connection_get_refresh_holder (DeckConnection  *self);
char                    *deck_connection_dup_default_env_name  (DeckConnection      *self,
                                                                DeckConnectionEnv    which);

DeckOAuthProfile        *deck_connection_build_profile         (DeckConnection      *self,
                                                                const char          *client_secret);
char                    *deck_connection_label_from_id_token   (const char          *id_token);
char                    *deck_connection_label_from_claims     (JsonObject          *claims);

/*< private >: for DeckConnectionStore */
void                     _deck_connection_apply_tokens         (DeckConnection      *self,
                                                                const DeckOAuthTokens *tokens,
                                                                gboolean             initial);
void                     _deck_connection_set_account_label    (DeckConnection      *self,
                                                                const char          *label);
void                     _deck_connection_set_has_client_secret (DeckConnection     *self,
                                                                gboolean             has_secret);
void                     _deck_connection_set_refresh_state    (DeckConnection      *self,
                                                                DeckConnectionRefreshState state,
                                                                const char          *error_message);
void                     _deck_connection_set_delivery         (DeckConnection      *self,
                                                                const DeckConnectionDelivery *delivery);
gboolean                 _deck_connection_remove_delivery      (DeckConnection      *self,
                                                                const char          *server_url,
                                                                const char          *instance_id);

G_END_DECLS
