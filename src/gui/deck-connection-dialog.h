/* deck-connection-dialog.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "deck-connection-store.h"

G_BEGIN_DECLS

#define DECK_TYPE_CONNECTION_DIALOG (deck_connection_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DeckConnectionDialog, deck_connection_dialog, DECK, CONNECTION_DIALOG, AdwWindow)

DeckConnectionDialog *deck_connection_dialog_new                (GtkWindow            *parent,
                                                                 DeckConnectionStore  *store);
void                  deck_connection_dialog_set_preset         (DeckConnectionDialog *self,
                                                                 DeckOAuthPreset       preset);
const char           *deck_connection_dialog_get_redirect_uri   (DeckConnectionDialog *self);

G_END_DECLS
