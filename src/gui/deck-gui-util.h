/* deck-gui-util.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkWindow *deck_gui_parent_window (GtkWidget  *widget);
void       deck_gui_toast         (GtkWidget  *widget,
                                   const char *text,
                                   guint       timeout);
void       deck_gui_stack_show    (GtkStack   *stack,
                                   const char *name);

G_END_DECLS
