/* deck-token-expiry-page.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "deck-context.h"

G_BEGIN_DECLS

/**
 * DeckTokenExpiryFilter:
 * @DECK_TOKEN_EXPIRY_FILTER_ALL: every token
 * @DECK_TOKEN_EXPIRY_FILTER_EXPIRED: tokens that have expired
 * @DECK_TOKEN_EXPIRY_FILTER_SOON: tokens that expire within 7 days
 */
typedef enum
{
  DECK_TOKEN_EXPIRY_FILTER_ALL,
  DECK_TOKEN_EXPIRY_FILTER_EXPIRED,
  DECK_TOKEN_EXPIRY_FILTER_SOON,
} DeckTokenExpiryFilter;

#define DECK_TYPE_TOKEN_EXPIRY_PAGE (deck_token_expiry_page_get_type ())
G_DECLARE_FINAL_TYPE (DeckTokenExpiryPage, deck_token_expiry_page, DECK, TOKEN_EXPIRY_PAGE,
                      GtkWidget)

GtkWidget   *deck_token_expiry_page_new         (void);
void         deck_token_expiry_page_set_context (DeckTokenExpiryPage   *self,
                                                 DeckContext           *context);
void         deck_token_expiry_page_reload      (DeckTokenExpiryPage   *self);
void         deck_token_expiry_page_set_filter  (DeckTokenExpiryPage   *self,
                                                 DeckTokenExpiryFilter  filter);
GListModel  *deck_token_expiry_page_get_entries (DeckTokenExpiryPage   *self);
GListModel  *deck_token_expiry_page_get_shown   (DeckTokenExpiryPage   *self);
const char  *deck_token_expiry_page_get_state   (DeckTokenExpiryPage   *self);
GtkWidget   *deck_token_expiry_page_get_row     (DeckTokenExpiryPage   *self,
                                                 const char            *token_id);

G_END_DECLS
