/* deck-token-row.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

GtkWidget  *deck_token_row_new               (const char *token_id,
                                              const char *name,
                                              const char *subtitle,
                                              GDateTime  *expires_at,
                                              const char *change_expiry_action,
                                              const char *revoke_action,
                                              const char *revoke_blocked_reason);
const char *deck_token_expiry_css_class      (GDateTime  *expires_at,
                                              GDateTime  *now);
GtkButton  *deck_token_row_get_revoke_button (GtkWidget  *row);
GtkButton  *deck_token_row_get_expiry_button (GtkWidget  *row);

G_END_DECLS
