/* deck-ff-settings.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DECK_TYPE_FF_SETTINGS (deck_ff_settings_get_type ())
G_DECLARE_FINAL_TYPE (DeckFfSettings, deck_ff_settings, DECK, FF_SETTINGS, GObject)

DeckFfSettings *deck_ff_settings_new_from_json      (JsonObject      *object,
                                                     GError         **error);
const char     *deck_ff_settings_get_version        (DeckFfSettings  *self);
const char     *deck_ff_settings_get_base_url       (DeckFfSettings  *self);
const char     *deck_ff_settings_get_license_type   (DeckFfSettings  *self);
gboolean        deck_ff_settings_get_license_active (DeckFfSettings  *self);
gboolean        deck_ff_settings_get_registration   (DeckFfSettings  *self);
gboolean        deck_ff_settings_get_sso_only       (DeckFfSettings  *self);
gboolean        deck_ff_settings_is_signed_in_view  (DeckFfSettings  *self);
gboolean        deck_ff_settings_has_feature        (DeckFfSettings  *self,
                                                     const char      *feature);

G_END_DECLS
