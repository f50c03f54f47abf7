/* deck-personal-tokens-page.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "deck-account.h"
#include "deck-flowfuse-client.h"

G_BEGIN_DECLS

#define DECK_TYPE_PERSONAL_TOKENS_PAGE (deck_personal_tokens_page_get_type ())
G_DECLARE_FINAL_TYPE (DeckPersonalTokensPage, deck_personal_tokens_page, DECK,
                      PERSONAL_TOKENS_PAGE, GtkWidget)

GtkWidget   *deck_personal_tokens_page_new         (void);
void         deck_personal_tokens_page_set_account (DeckPersonalTokensPage *self,
                                                    DeckFlowfuseClient     *client,
                                                    DeckAccount            *account);
DeckAccount *deck_personal_tokens_page_get_account (DeckPersonalTokensPage *self);
void         deck_personal_tokens_page_reload      (DeckPersonalTokensPage *self);
void         deck_personal_tokens_page_clear       (DeckPersonalTokensPage *self);
GListModel  *deck_personal_tokens_page_get_tokens  (DeckPersonalTokensPage *self);
const char  *deck_personal_tokens_page_get_state   (DeckPersonalTokensPage *self);
GtkWidget   *deck_personal_tokens_page_get_row     (DeckPersonalTokensPage *self,
                                                    const char             *token_id);

G_END_DECLS
