/* deck-ff-stack.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DECK_TYPE_FF_STACK (deck_ff_stack_get_type ())
G_DECLARE_FINAL_TYPE (DeckFfStack, deck_ff_stack, DECK, FF_STACK, GObject)

DeckFfStack *deck_ff_stack_new_from_json        (JsonObject   *object,
                                                 GError      **error);
const char  *deck_ff_stack_get_id               (DeckFfStack  *self);
const char  *deck_ff_stack_get_name             (DeckFfStack  *self);
const char  *deck_ff_stack_get_label            (DeckFfStack  *self);
gboolean     deck_ff_stack_get_active           (DeckFfStack  *self);
const char  *deck_ff_stack_get_project_type_id  (DeckFfStack  *self);
const char  *deck_ff_stack_get_node_red_version (DeckFfStack  *self);

G_END_DECLS
