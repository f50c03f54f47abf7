/* deck-account.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "deck-types.h"

G_BEGIN_DECLS

/**
 * DeckAccountKind:
 * @DECK_ACCOUNT_KIND_FLOWFUSE: a FlowFuse platform (cloud or self-hosted)
 * @DECK_ACCOUNT_KIND_NODE_RED: a stand-alone Node-RED (its admin API)
 *
 * What kind of server an account signs in to. Stored by nick.
 */
typedef enum
{
  DECK_ACCOUNT_KIND_FLOWFUSE,
  DECK_ACCOUNT_KIND_NODE_RED,
} DeckAccountKind;

/**
 * DeckAccountCredential:
 * @DECK_ACCOUNT_CREDENTIAL_NONE: no credential yet (or one this version does not know)
 * @DECK_ACCOUNT_CREDENTIAL_PAT: a FlowFuse personal access token (`ffpat_…`) the user pasted
 * @DECK_ACCOUNT_CREDENTIAL_OAUTH: FlowFuse OAuth (ff-plugin) access and refresh tokens;
 *   read-only access
 * @DECK_ACCOUNT_CREDENTIAL_MINTED_PAT: a personal access token Flowdeck created for itself;
 *   its server id is #DeckAccount:minted-token-id
 * @DECK_ACCOUNT_CREDENTIAL_NODE_RED_TOKEN: a Node-RED admin API token
 *
 * How the account authenticates. The secret itself is only ever in the
 * keyring; this says which kind of secret to look for there.
 */
typedef enum
{
  DECK_ACCOUNT_CREDENTIAL_NONE,
  DECK_ACCOUNT_CREDENTIAL_PAT,
  DECK_ACCOUNT_CREDENTIAL_OAUTH,
  DECK_ACCOUNT_CREDENTIAL_MINTED_PAT,
  DECK_ACCOUNT_CREDENTIAL_NODE_RED_TOKEN,
} DeckAccountCredential;

/**
 * DeckAccountStatus:
 * @DECK_ACCOUNT_STATUS_SIGNED_IN: the credential works (or is assumed to)
 * @DECK_ACCOUNT_STATUS_SIGNED_OUT: the credential was refused or is missing;
 *   the user needs to sign in again
 * @DECK_ACCOUNT_STATUS_OFFLINE: the server could not be reached
 *
 * Runtime state only; never written to disk.
 */
typedef enum
{
  DECK_ACCOUNT_STATUS_SIGNED_IN,
  DECK_ACCOUNT_STATUS_SIGNED_OUT,
  DECK_ACCOUNT_STATUS_OFFLINE,
} DeckAccountStatus;

#define DECK_TYPE_ACCOUNT_KIND (deck_account_kind_get_type ())
GType                  deck_account_kind_get_type          (void);
#define DECK_TYPE_ACCOUNT_CREDENTIAL (deck_account_credential_get_type ())
GType                  deck_account_credential_get_type    (void);
#define DECK_TYPE_ACCOUNT_STATUS (deck_account_status_get_type ())
GType                  deck_account_status_get_type        (void);

#define DECK_TYPE_ACCOUNT (deck_account_get_type ())
G_DECLARE_FINAL_TYPE (DeckAccount, deck_account, DECK, ACCOUNT, GObject)

DeckAccount           *deck_account_new                    (DeckAccountKind        kind,
                                                            const char            *url);
DeckAccount           *deck_account_new_from_json          (JsonObject            *object,
                                                            GError               **error);
JsonObject            *deck_account_to_json                (DeckAccount           *self);

const char            *deck_account_get_id                 (DeckAccount           *self);
DeckAccountKind        deck_account_get_kind               (DeckAccount           *self);
GDateTime             *deck_account_get_created_at         (DeckAccount           *self);

const char            *deck_account_get_url                (DeckAccount           *self);
void                   deck_account_set_url                (DeckAccount           *self,
                                                            const char            *url);
const char            *deck_account_get_display_name       (DeckAccount           *self);
void                   deck_account_set_display_name       (DeckAccount           *self,
                                                            const char            *display_name);
const char            *deck_account_get_username           (DeckAccount           *self);
void                   deck_account_set_username           (DeckAccount           *self,
                                                            const char            *username);
const char            *deck_account_get_avatar_url         (DeckAccount           *self);
void                   deck_account_set_avatar_url         (DeckAccount           *self,
                                                            const char            *avatar_url);
DeckAccountCredential  deck_account_get_credential         (DeckAccount           *self);
DeckSecretKind         deck_account_get_secret_kind        (DeckAccount           *self);
void                   deck_account_set_credential         (DeckAccount           *self,
                                                            DeckAccountCredential  credential);
GDateTime             *deck_account_get_token_expiry       (DeckAccount           *self);
void                   deck_account_set_token_expiry       (DeckAccount           *self,
                                                            GDateTime             *token_expiry);
const char            *deck_account_get_minted_token_id    (DeckAccount           *self);
void                   deck_account_set_minted_token_id    (DeckAccount           *self,
                                                            const char            *minted_token_id);
DeckAccountStatus      deck_account_get_status             (DeckAccount           *self);
void                   deck_account_set_status             (DeckAccount           *self,
                                                            DeckAccountStatus      status);

G_END_DECLS
