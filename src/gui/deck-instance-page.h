/* deck-instance-page.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "deck-flowfuse-client.h"

G_BEGIN_DECLS

#define DECK_TYPE_INSTANCE_PAGE (deck_instance_page_get_type ())
G_DECLARE_FINAL_TYPE (DeckInstancePage, deck_instance_page, DECK, INSTANCE_PAGE, GtkWidget)

GtkWidget      *deck_instance_page_new                  (void);
void            deck_instance_page_set_instance         (DeckInstancePage   *self,
                                                         DeckFlowfuseClient *client,
                                                         DeckFfInstance     *instance);
DeckFfInstance *deck_instance_page_get_instance         (DeckInstancePage   *self);
void            deck_instance_page_reload               (DeckInstancePage   *self);
GListModel     *deck_instance_page_get_tokens           (DeckInstancePage   *self);
const char     *deck_instance_page_get_tokens_state     (DeckInstancePage   *self);
const GError   *deck_instance_page_get_capability_error (DeckInstancePage   *self);
gboolean        deck_instance_page_get_auth_warning     (DeckInstancePage   *self);
void            deck_instance_page_clear                (DeckInstancePage   *self);
GtkWidget      *deck_instance_page_get_row              (DeckInstancePage   *self,
                                                         const char         *token_id);
GListModel     *deck_instance_page_get_logs             (DeckInstancePage   *self);
GListModel     *deck_instance_page_get_audit            (DeckInstancePage   *self);
const char     *deck_instance_page_get_logs_state       (DeckInstancePage   *self);
const char     *deck_instance_page_get_audit_state      (DeckInstancePage   *self);

G_END_DECLS
