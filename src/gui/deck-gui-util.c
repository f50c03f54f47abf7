/* deck-gui-util.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The few things every page needs from the window around it.
 */

#define G_LOG_DOMAIN "deck-gui"

#include "config.h"

#include <adwaita.h>

#include "deck-gui-util.h"

/**
 * deck_gui_parent_window:
 * @widget: a widget
 *
 * Returns: (transfer none) (nullable): the window @widget is in, to be
 *   the parent of a dialog it opens
 */
GtkWindow *
deck_gui_parent_window (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/**
 * deck_gui_toast:
 * @widget: a widget inside an #AdwToastOverlay
 * @text: what to say (never a secret: it is logged too)
 * @timeout: seconds, 0 for the default
 *
 * Says @text in the nearest toast overlay around @widget, and in the log,
 * so a message the user saw can be found afterwards.
 */
void
deck_gui_toast (GtkWidget  *widget,
                const char *text,
                guint       timeout)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  AdwToast *toast;

  g_message ("%s", text);
  if (overlay == NULL)
    return;

  toast = adw_toast_new (text);
  if (timeout > 0)
    adw_toast_set_timeout (toast, timeout);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}
