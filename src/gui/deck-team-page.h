/* deck-team-page.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "deck-flowfuse-client.h"

G_BEGIN_DECLS

#define DECK_TYPE_TEAM_PAGE (deck_team_page_get_type ())
G_DECLARE_FINAL_TYPE (DeckTeamPage, deck_team_page, DECK, TEAM_PAGE, GtkWidget)

GtkWidget  *deck_team_page_new         (void);
void        deck_team_page_set_team    (DeckTeamPage       *self,
                                        DeckFlowfuseClient *client,
                                        DeckFfTeam         *team);
void        deck_team_page_clear       (DeckTeamPage       *self);
void        deck_team_page_reload      (DeckTeamPage       *self);
const char *deck_team_page_get_state   (DeckTeamPage       *self);
GListModel *deck_team_page_get_members (DeckTeamPage       *self);

G_END_DECLS
