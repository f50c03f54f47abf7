/* deck-ff-application.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DECK_TYPE_FF_APPLICATION (deck_ff_application_get_type ())
G_DECLARE_FINAL_TYPE (DeckFfApplication, deck_ff_application, DECK, FF_APPLICATION, GObject)

DeckFfApplication *deck_ff_application_new_from_json   (JsonObject         *object,
                                                        GError            **error);
const char        *deck_ff_application_get_id          (DeckFfApplication  *self);
const char        *deck_ff_application_get_name        (DeckFfApplication  *self);
const char        *deck_ff_application_get_description (DeckFfApplication  *self);
const char        *deck_ff_application_get_team_id     (DeckFfApplication  *self);

G_END_DECLS
