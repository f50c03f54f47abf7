/* deck-nr-settings.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DECK_TYPE_NR_SETTINGS (deck_nr_settings_get_type ())
G_DECLARE_FINAL_TYPE (DeckNrSettings, deck_nr_settings, DECK, NR_SETTINGS, GObject)

DeckNrSettings     *deck_nr_settings_new_from_json             (JsonObject      *object,
                                                                GError         **error);
const char         *deck_nr_settings_get_version               (DeckNrSettings  *self);
const char         *deck_nr_settings_get_user_name             (DeckNrSettings  *self);
const char * const *deck_nr_settings_get_permissions           (DeckNrSettings  *self);
gboolean            deck_nr_settings_get_anonymous             (DeckNrSettings  *self);
const char         *deck_nr_settings_get_http_node_root        (DeckNrSettings  *self);
gboolean            deck_nr_settings_get_diagnostics_enabled   (DeckNrSettings  *self);
gboolean            deck_nr_settings_get_runtime_state_enabled (DeckNrSettings  *self);

G_END_DECLS
