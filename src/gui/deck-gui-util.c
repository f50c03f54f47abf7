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

/* The frame clock's counter when the stack's page was last set here (-1
 * before the clock's first frame), or NO_CLOCK when the stack had no
 * frame clock yet (not realized). */
#define NO_CLOCK G_MININT64
#define SHOWN_AT_KEY "deck-gui-shown-at-frame"

/**
 * deck_gui_stack_show:
 * @stack: a #GtkStack
 * @name: the page to show
 *
 * Shows @name with the stack's transition only when the page it leaves
 * has been drawn: a page that came and went between two frames (a
 * spinner for a list that was already there, a welcome page before the
 * accounts file was read) is not faded out over the one that replaces it.
 * A page this function set counts as drawn once a frame began after it;
 * one set otherwise (the template's, or before the stack was realized),
 * once the window has drawn a frame at all.
 *
 * A page's child may be kept hidden until it is first needed (an error
 * or empty state): GTK styles every visible page a stack holds, shown or
 * not. Showing it here makes it visible.
 */
void
deck_gui_stack_show (GtkStack   *stack,
                     const char *name)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (stack));
  gint64 *shown_at = g_object_get_data (G_OBJECT (stack), SHOWN_AT_KEY);
  gint64 now = clock != NULL ? gdk_frame_clock_get_frame_counter (clock) : NO_CLOCK;
  GtkWidget *child;
  gboolean drawn;

  if (shown_at == NULL || *shown_at == NO_CLOCK)
    drawn = now >= 0;
  else
    drawn = now > *shown_at;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (stack), name) == 0)
    return;

  child = gtk_stack_get_child_by_name (stack, name);
  if (child != NULL)
    gtk_widget_set_visible (child, TRUE);

  gtk_stack_set_visible_child_full (stack, name,
                                    drawn ? gtk_stack_get_transition_type (stack)
                                          : GTK_STACK_TRANSITION_TYPE_NONE);
  if (shown_at == NULL)
    {
      shown_at = g_new (gint64, 1);
      g_object_set_data_full (G_OBJECT (stack), SHOWN_AT_KEY, shown_at, g_free);
    }
  *shown_at = now;
}
