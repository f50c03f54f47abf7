/* deck-node-red-page.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "deck-context.h"

G_BEGIN_DECLS

#define DECK_TYPE_NODE_RED_PAGE (deck_node_red_page_get_type ())
G_DECLARE_FINAL_TYPE (DeckNodeRedPage, deck_node_red_page, DECK, NODE_RED_PAGE, GtkWidget)

void        deck_node_red_page_set_account (DeckNodeRedPage *self,
                                            DeckContext     *context,
                                            DeckAccount     *account);
void        deck_node_red_page_reload      (DeckNodeRedPage *self);
const char *deck_node_red_page_get_state   (DeckNodeRedPage *self);
guint       deck_node_red_page_get_n_flows (DeckNodeRedPage *self);

G_END_DECLS
