/* deck-ff-template.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DECK_TYPE_FF_TEMPLATE (deck_ff_template_get_type ())
G_DECLARE_FINAL_TYPE (DeckFfTemplate, deck_ff_template, DECK, FF_TEMPLATE, GObject)

DeckFfTemplate *deck_ff_template_new_from_json   (JsonObject      *object,
                                                  GError         **error);
const char     *deck_ff_template_get_id          (DeckFfTemplate  *self);
const char     *deck_ff_template_get_name        (DeckFfTemplate  *self);
const char     *deck_ff_template_get_description (DeckFfTemplate  *self);

G_END_DECLS
