/* deck-window.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "deck-application.h"
#include "deck-flowfuse-client.h"

G_BEGIN_DECLS

#define DECK_TYPE_WINDOW (deck_window_get_type ())
G_DECLARE_FINAL_TYPE (DeckWindow, deck_window, DECK, WINDOW, AdwApplicationWindow)

DeckWindow   *deck_window_new             (DeckApplication *application);
GCancellable *deck_window_get_cancellable (DeckWindow      *self);
void          deck_window_add_toast       (DeckWindow      *self,
                                           AdwToast        *toast);
void          deck_window_show_instance   (DeckWindow         *self,
                                           DeckFlowfuseClient *client,
                                           DeckFfInstance     *instance);
void          deck_window_show_personal_tokens (DeckWindow *self,
                                                const char *account_id);
void          deck_window_show_token_overview  (DeckWindow *self);

G_END_DECLS
