/* deck-create-instance-dialog.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "deck-flowfuse-client.h"

G_BEGIN_DECLS

#define DECK_TYPE_CREATE_INSTANCE_DIALOG (deck_create_instance_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DeckCreateInstanceDialog, deck_create_instance_dialog, DECK,
                      CREATE_INSTANCE_DIALOG, AdwWindow)

gboolean                  deck_instance_name_is_valid            (const char               *name);

DeckCreateInstanceDialog *deck_create_instance_dialog_new        (GtkWindow                *parent,
                                                                  DeckFlowfuseClient       *client,
                                                                  DeckFfTeam               *team);
gboolean                  deck_create_instance_dialog_get_ready  (DeckCreateInstanceDialog *self);
const char               *deck_create_instance_dialog_get_field_error (DeckCreateInstanceDialog *self,
                                                                  const char               *field);
const char               *deck_create_instance_dialog_get_error  (DeckCreateInstanceDialog *self);

G_END_DECLS
