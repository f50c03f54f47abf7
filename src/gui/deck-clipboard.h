/* deck-clipboard.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void     deck_clipboard_copy_secret        (GtkWidget       *widget,
                                            const char      *secret,
                                            AdwToastOverlay *overlay);
gboolean deck_clipboard_is_pending         (GdkClipboard    *clipboard);
void     deck_clipboard_clear_now          (GdkClipboard    *clipboard);
void     deck_clipboard_present_countdown  (GdkClipboard    *clipboard,
                                            AdwToastOverlay *overlay);

G_END_DECLS
