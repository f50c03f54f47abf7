/* deck-ff-team-type.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DECK_TYPE_FF_TEAM_TYPE (deck_ff_team_type_get_type ())
G_DECLARE_FINAL_TYPE (DeckFfTeamType, deck_ff_team_type, DECK, FF_TEAM_TYPE, GObject)

DeckFfTeamType *deck_ff_team_type_new_from_json        (JsonObject      *object,
                                                        GError         **error);
const char     *deck_ff_team_type_get_id               (DeckFfTeamType  *self);
const char     *deck_ff_team_type_get_name             (DeckFfTeamType  *self);
const char     *deck_ff_team_type_get_description      (DeckFfTeamType  *self);
gboolean        deck_ff_team_type_get_active           (DeckFfTeamType  *self);
int             deck_ff_team_type_get_order            (DeckFfTeamType  *self);
gboolean        deck_ff_team_type_get_allows_instances (DeckFfTeamType  *self);
gboolean        deck_ff_team_type_has_feature          (DeckFfTeamType  *self,
                                                        const char      *feature);

G_END_DECLS
