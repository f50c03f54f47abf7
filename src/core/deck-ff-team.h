/* deck-ff-team.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "deck-ff-team-type.h"

G_BEGIN_DECLS

/**
 * DeckFfRole:
 * @DECK_FF_ROLE_UNKNOWN: not sent, or a number this version does not know
 * @DECK_FF_ROLE_DASHBOARD: may only open dashboards
 * @DECK_FF_ROLE_VIEWER: may look at everything, change nothing
 * @DECK_FF_ROLE_MEMBER: may edit flows and environment variables
 * @DECK_FF_ROLE_OWNER: manages the team, its members and instances
 * @DECK_FF_ROLE_ADMIN: a platform administrator (not a team role)
 *
 * A team role, numbered as FlowFuse sends it (`forge/lib/roles.js`).
 * Higher numbers include the permissions of lower ones.
 */
typedef enum
{
  DECK_FF_ROLE_UNKNOWN   = -1,
  DECK_FF_ROLE_DASHBOARD = 5,
  DECK_FF_ROLE_VIEWER    = 10,
  DECK_FF_ROLE_MEMBER    = 30,
  DECK_FF_ROLE_OWNER     = 50,
  DECK_FF_ROLE_ADMIN     = 99,
} DeckFfRole;

#define DECK_TYPE_FF_ROLE (deck_ff_role_get_type ())
GType       deck_ff_role_get_type  (void);
const char *deck_ff_role_to_string (DeckFfRole role);

#define DECK_TYPE_FF_TEAM (deck_ff_team_get_type ())
/* deck_ff_team_to_variant(): id, name, slug, avatar, role, instance count,
 * member count, the team's own feature flags */
#define DECK_FF_TEAM_VARIANT_TYPE G_VARIANT_TYPE ("(ssmsmsiiima{sb})")

G_DECLARE_FINAL_TYPE (DeckFfTeam, deck_ff_team, DECK, FF_TEAM, GObject)

DeckFfTeam     *deck_ff_team_new_from_json      (JsonObject  *object,
                                                 GError     **error);
GVariant       *deck_ff_team_to_variant         (DeckFfTeam  *self);
DeckFfTeam     *deck_ff_team_new_from_variant   (GVariant    *variant);
const char     *deck_ff_team_get_id             (DeckFfTeam  *self);
const char     *deck_ff_team_get_name           (DeckFfTeam  *self);
const char     *deck_ff_team_get_slug           (DeckFfTeam  *self);
const char     *deck_ff_team_get_avatar         (DeckFfTeam  *self);
int             deck_ff_team_get_role           (DeckFfTeam  *self);
int             deck_ff_team_get_instance_count (DeckFfTeam  *self);
int             deck_ff_team_get_member_count   (DeckFfTeam  *self);
DeckFfTeamType *deck_ff_team_get_team_type      (DeckFfTeam  *self);
gboolean        deck_ff_team_has_feature        (DeckFfTeam  *self,
                                                 const char  *feature);

G_END_DECLS
