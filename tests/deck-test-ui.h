/* deck-test-ui.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void       deck_test_ui_wait_for               (gboolean   (*done) (gpointer),
                                                gpointer     data,
                                                const char  *what);
void       deck_test_ui_spin                   (guint        ms);
GtkWidget *deck_test_ui_find_widget            (GtkWidget   *root,
                                                GType        type);
GtkWidget *deck_test_ui_find_button_labelled   (GtkWidget   *root,
                                                const char  *label);
GtkWidget *deck_test_ui_find_button_with_action (GtkWidget  *root,
                                                const char  *action);
GtkWidget *deck_test_ui_find_row_titled        (GtkWidget   *root,
                                                const char  *title);
GtkLabel  *deck_test_ui_find_label_prefixed    (GtkWidget   *root,
                                                const char  *prefix);
GtkWindow *deck_test_ui_find_toplevel          (GType        type);
gboolean   deck_test_ui_toplevel_shown         (gpointer     type);
gboolean   deck_test_ui_toplevel_gone          (gpointer     type);
GtkWidget *deck_test_ui_find_with_class        (GtkWidget   *root,
                                                const char  *css_class);
void       deck_test_ui_click                  (GtkWidget   *button);
void       deck_test_ui_save_screenshot        (GtkWidget   *widget,
                                                const char  *name);

G_END_DECLS
