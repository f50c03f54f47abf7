/* deck-nr-flow.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DECK_TYPE_NR_FLOW (deck_nr_flow_get_type ())
G_DECLARE_FINAL_TYPE (DeckNrFlow, deck_nr_flow, DECK, NR_FLOW, GObject)

DeckNrFlow *deck_nr_flow_new_from_json   (JsonObject  *tab,
                                          guint        node_count,
                                          GError     **error);
const char *deck_nr_flow_get_id          (DeckNrFlow  *self);
const char *deck_nr_flow_get_label       (DeckNrFlow  *self);
const char *deck_nr_flow_get_info        (DeckNrFlow  *self);
gboolean    deck_nr_flow_get_disabled    (DeckNrFlow  *self);
guint       deck_nr_flow_get_node_count  (DeckNrFlow  *self);

G_END_DECLS
