/* deck-token-create-dialog.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/**
 * DeckTokenCreateMode:
 * @DECK_TOKEN_CREATE_MODE_HTTP: a new instance HTTP access token: name and expiry
 * @DECK_TOKEN_CREATE_MODE_PERSONAL: a new personal access token: name, expiry, read-only
 * @DECK_TOKEN_CREATE_MODE_EXPIRY: a new expiry for an existing token
 */
typedef enum
{
  DECK_TOKEN_CREATE_MODE_HTTP,
  DECK_TOKEN_CREATE_MODE_PERSONAL,
  DECK_TOKEN_CREATE_MODE_EXPIRY,
} DeckTokenCreateMode;

#define DECK_TYPE_TOKEN_CREATE_DIALOG (deck_token_create_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DeckTokenCreateDialog, deck_token_create_dialog, DECK, TOKEN_CREATE_DIALOG,
                      AdwWindow)

DeckTokenCreateDialog *deck_token_create_dialog_new            (GtkWindow             *parent,
                                                                DeckTokenCreateMode    mode,
                                                                const char            *token_name);
const char            *deck_token_create_dialog_get_name       (DeckTokenCreateDialog *self);
GDateTime             *deck_token_create_dialog_get_expires_at (DeckTokenCreateDialog *self);
gboolean               deck_token_create_dialog_get_read_only  (DeckTokenCreateDialog *self);
void                   deck_token_create_dialog_set_busy       (DeckTokenCreateDialog *self,
                                                                gboolean               busy);
void                   deck_token_create_dialog_set_error      (DeckTokenCreateDialog *self,
                                                                const char            *message);
void                   deck_token_create_dialog_set_teams      (DeckTokenCreateDialog *self,
                                                                GListModel            *teams,
                                                                const char            *problem);
GStrv                  deck_token_create_dialog_get_team_ids   (DeckTokenCreateDialog *self);

G_END_DECLS
