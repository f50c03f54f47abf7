/* deck-token-reveal-dialog.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/**
 * DeckTokenKind:
 * @DECK_TOKEN_KIND_HTTP: an instance HTTP access token (`ffhttp_…`)
 * @DECK_TOKEN_KIND_PERSONAL: a personal access token (`ffpat_…`)
 */
typedef enum
{
  DECK_TOKEN_KIND_HTTP,
  DECK_TOKEN_KIND_PERSONAL,
} DeckTokenKind;

#define DECK_TYPE_TOKEN_REVEAL_DIALOG (deck_token_reveal_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DeckTokenRevealDialog, deck_token_reveal_dialog, DECK, TOKEN_REVEAL_DIALOG,
                      AdwWindow)

DeckTokenRevealDialog *deck_token_reveal_dialog_new        (GtkWindow             *parent,
                                                            DeckTokenKind          kind,
                                                            const char            *token_name,
                                                            char                  *value,
                                                            const char            *target_url);
gboolean               deck_token_reveal_dialog_get_copied (DeckTokenRevealDialog *self);
void                   deck_token_reveal_dialog_set_warning (DeckTokenRevealDialog *self,
                                                             const char            *warning);

G_END_DECLS
