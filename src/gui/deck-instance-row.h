/* deck-instance-row.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "deck-ff-instance.h"

G_BEGIN_DECLS

#define DECK_TYPE_INSTANCE_ROW (deck_instance_row_get_type ())
G_DECLARE_FINAL_TYPE (DeckInstanceRow, deck_instance_row, DECK, INSTANCE_ROW, GtkWidget)

DeckFfInstance *deck_instance_row_get_instance (DeckInstanceRow *self);
void            deck_instance_row_set_instance (DeckInstanceRow *self,
                                                DeckFfInstance  *instance);
const char     *deck_instance_state_css_class  (DeckFfInstanceState state);

G_END_DECLS
