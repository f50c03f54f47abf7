/* deck-create-team-dialog.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "deck-flowfuse-client.h"

G_BEGIN_DECLS

#define DECK_TYPE_CREATE_TEAM_DIALOG (deck_create_team_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DeckCreateTeamDialog, deck_create_team_dialog, DECK, CREATE_TEAM_DIALOG,
                      AdwWindow)

char                 *deck_team_slug_from_name             (const char           *name);
gboolean              deck_team_slug_is_valid              (const char           *slug);

DeckCreateTeamDialog *deck_create_team_dialog_new          (GtkWindow            *parent,
                                                            DeckFlowfuseClient   *client,
                                                            const char           *account_name);
gboolean              deck_create_team_dialog_get_ready    (DeckCreateTeamDialog *self);
const char           *deck_create_team_dialog_get_error    (DeckCreateTeamDialog *self);

G_END_DECLS
