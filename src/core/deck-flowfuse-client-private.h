/* deck-flowfuse-client-private.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "deck-flowfuse-client.h"
#include "deck-http.h"

G_BEGIN_DECLS

/*< private >
 * Entry points for the fuzz targets in tests/fuzz/ only: the parse of an
 * untrusted input that the public API runs behind a network or a file.
 */
GError *_deck_flowfuse_client_map_error (DeckHttpResponse *response,
                                          const char       *path);

GHashTable *_deck_flowfuse_client_team_state_table (JsonNode    *node,
                                                     GError     **error);

void    _deck_flowfuse_client_seed       (DeckFlowfuseClient *self,
                                          GListModel         *teams,
                                          const char         *team_id,
                                          GListModel         *instances,
                                          gint64              fetched_at);
gboolean _deck_flowfuse_client_has_seed  (DeckFlowfuseClient *self);

G_END_DECLS
