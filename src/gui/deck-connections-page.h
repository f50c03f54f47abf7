/* deck-connections-page.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "deck-connection-store.h"
#include "deck-flowfuse-client.h"

G_BEGIN_DECLS

#define DECK_TYPE_CONNECTIONS_PAGE (deck_connections_page_get_type ())
G_DECLARE_FINAL_TYPE (DeckConnectionsPage, deck_connections_page, DECK, CONNECTIONS_PAGE, GtkWidget)

GtkWidget           *deck_connections_page_new           (DeckConnectionStore *store);
DeckConnectionStore *deck_connections_page_get_store     (DeckConnectionsPage *self);
void                 deck_connections_page_set_flowfuse  (DeckConnectionsPage *self,
                                                          DeckFlowfuseClient  *client,
                                                          GListModel          *instances);
GtkWidget           *deck_connections_page_get_row       (DeckConnectionsPage *self,
                                                          const char          *connection_id);

G_END_DECLS
