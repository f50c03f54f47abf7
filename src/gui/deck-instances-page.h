/* deck-instances-page.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "deck-flowfuse-client.h"

G_BEGIN_DECLS

#define DECK_TYPE_INSTANCES_PAGE (deck_instances_page_get_type ())
G_DECLARE_FINAL_TYPE (DeckInstancesPage, deck_instances_page, DECK, INSTANCES_PAGE, GtkWidget)

GtkWidget  *deck_instances_page_new          (void);
void        deck_instances_page_set_team     (DeckInstancesPage  *self,
                                              DeckFlowfuseClient *client,
                                              DeckFfTeam         *team);
void        deck_instances_page_reload       (DeckInstancesPage  *self);
GListModel *deck_instances_page_get_model    (DeckInstancesPage  *self);
void        deck_instances_page_set_search   (DeckInstancesPage  *self,
                                              const char         *text);
const char *deck_instances_page_get_state    (DeckInstancesPage  *self);
gboolean    deck_instances_page_get_offline  (DeckInstancesPage  *self);
void        deck_instances_page_focus_search (DeckInstancesPage  *self);
DeckFlowfuseClient *deck_instances_page_get_client (DeckInstancesPage *self);
DeckFfTeam         *deck_instances_page_get_team   (DeckInstancesPage *self);
void        deck_instances_page_show_snapshot     (DeckInstancesPage  *self,
                                                   DeckFfTeam         *team,
                                                   GListModel         *instances,
                                                   GDateTime          *saved_at);
void        deck_instances_page_clear             (DeckInstancesPage  *self);
void        deck_instances_page_renew_team        (DeckInstancesPage  *self,
                                                   DeckFfTeam         *team);
void        deck_instances_page_show_error        (DeckInstancesPage  *self,
                                                   const GError       *error);
gboolean    deck_instances_page_get_from_snapshot (DeckInstancesPage  *self);
GListModel *deck_instances_page_get_instances     (DeckInstancesPage  *self);

/*< private >*/
/* Benchmarks: show @instances as if a team had listed them (no server,
 * no polling). */
void        _deck_instances_page_show      (DeckInstancesPage  *self,
                                            GListModel         *instances);

G_END_DECLS
