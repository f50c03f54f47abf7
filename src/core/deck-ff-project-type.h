/* deck-ff-project-type.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DECK_TYPE_FF_PROJECT_TYPE (deck_ff_project_type_get_type ())
G_DECLARE_FINAL_TYPE (DeckFfProjectType, deck_ff_project_type, DECK, FF_PROJECT_TYPE, GObject)

DeckFfProjectType *deck_ff_project_type_new_from_json   (JsonObject         *object,
                                                         GError            **error);
const char        *deck_ff_project_type_get_id          (DeckFfProjectType  *self);
const char        *deck_ff_project_type_get_name        (DeckFfProjectType  *self);
const char        *deck_ff_project_type_get_description (DeckFfProjectType  *self);
gboolean           deck_ff_project_type_get_active      (DeckFfProjectType  *self);

G_END_DECLS
