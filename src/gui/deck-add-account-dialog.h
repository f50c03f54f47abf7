/* deck-add-account-dialog.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "deck-context.h"

G_BEGIN_DECLS

#define DECK_TYPE_ADD_ACCOUNT_DIALOG (deck_add_account_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DeckAddAccountDialog, deck_add_account_dialog, DECK, ADD_ACCOUNT_DIALOG, AdwWindow)

DeckAddAccountDialog *deck_add_account_dialog_new        (GtkWindow            *parent,
                                                          DeckContext          *context);
const char           *deck_add_account_dialog_get_page   (DeckAddAccountDialog *self);
const char           *deck_add_account_dialog_get_error  (DeckAddAccountDialog *self);
void                  deck_add_account_dialog_set_url    (DeckAddAccountDialog *self,
                                                          const char           *url);

G_END_DECLS
