/* deck-nr-module.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DECK_TYPE_NR_MODULE (deck_nr_module_get_type ())
G_DECLARE_FINAL_TYPE (DeckNrModule, deck_nr_module, DECK, NR_MODULE, GObject)

GListStore *deck_nr_module_list_from_json     (JsonArray     *node_sets,
                                               GError       **error);
const char *deck_nr_module_get_name           (DeckNrModule  *self);
const char *deck_nr_module_get_version        (DeckNrModule  *self);
gboolean    deck_nr_module_get_enabled        (DeckNrModule  *self);
guint       deck_nr_module_get_node_set_count (DeckNrModule  *self);
guint       deck_nr_module_get_type_count     (DeckNrModule  *self);

G_END_DECLS
