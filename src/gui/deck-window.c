/* deck-window.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-window"

#include "config.h"

#include <glib/gi18n.h>

#include "deck-window.h"

struct _DeckWindow
{
  AdwApplicationWindow  parent_instance;

  /* Cancellable which cancels when the window closes */
  GCancellable         *cancellable;

  /* Owned References */
  GSettings            *settings;

  /* Template Widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwStatusPage        *welcome_page;
  AdwLeaflet           *leaflet;
};

G_DEFINE_FINAL_TYPE (DeckWindow, deck_window, ADW_TYPE_APPLICATION_WINDOW)

/*
 * Auxiliary methods
 */

static void
deck_window_save_state (DeckWindow *self)
{
  int width = 0;
  int height = 0;
  gboolean maximized;

  maximized = gtk_window_is_maximized (GTK_WINDOW (self));
  g_settings_set_boolean (self->settings, "window-maximized", maximized);

  /* The unmaximized size is what the user chose; keep it. */
  if (maximized)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
}

static void
deck_window_restore_state (DeckWindow *self)
{
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

/*
 * Actions
 */

static void
deck_window_add_account_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  DeckWindow *self = DECK_WINDOW (widget);

  /* The add-account assistant lands with the accounts issue; until then
   * the welcome page explains what is coming instead of a dead button. */
  deck_window_add_toast (self, adw_toast_new (_("Adding accounts is not available yet")));
}

static void
deck_window_navigate_back_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  DeckWindow *self = DECK_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/*
 * GtkWindow overrides
 */

static gboolean
deck_window_close_request (GtkWindow *window)
{
  DeckWindow *self = DECK_WINDOW (window);

  g_cancellable_cancel (self->cancellable);
  deck_window_save_state (self);

  return GTK_WINDOW_CLASS (deck_window_parent_class)->close_request (window);
}

/*
 * GObject overrides
 */

static void
deck_window_dispose (GObject *object)
{
  DeckWindow *self = DECK_WINDOW (object);

  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), DECK_TYPE_WINDOW);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (deck_window_parent_class)->dispose (object);
}

static void
deck_window_finalize (GObject *object)
{
  DeckWindow *self = DECK_WINDOW (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (deck_window_parent_class)->finalize (object);
}

static void
deck_window_class_init (DeckWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = deck_window_dispose;
  object_class->finalize = deck_window_finalize;

  window_class->close_request = deck_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/deck-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DeckWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DeckWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, DeckWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, DeckWindow, leaflet);

  gtk_widget_class_install_action (widget_class, "win.add-account", NULL,
                                   deck_window_add_account_action);
  gtk_widget_class_install_action (widget_class, "win.navigate-back", NULL,
                                   deck_window_navigate_back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.add-account", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "win.navigate-back", NULL);
}

static void
deck_window_init (DeckWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);

  adw_status_page_set_icon_name (self->welcome_page, APP_ID);
  deck_window_restore_state (self);
}

/*
 * Public API
 */

DeckWindow *
deck_window_new (DeckApplication *application)
{
  return g_object_new (DECK_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * deck_window_get_cancellable:
 * @self: a #DeckWindow
 *
 * Returns: (transfer none): the cancellable that is cancelled when the
 *   window closes; pass it to every operation started from this window
 */
GCancellable *
deck_window_get_cancellable (DeckWindow *self)
{
  g_return_val_if_fail (DECK_IS_WINDOW (self), NULL);

  return self->cancellable;
}

/**
 * deck_window_add_toast:
 * @self: a #DeckWindow
 * @toast: (transfer full): the toast
 */
void
deck_window_add_toast (DeckWindow *self,
                       AdwToast   *toast)
{
  g_return_if_fail (DECK_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
