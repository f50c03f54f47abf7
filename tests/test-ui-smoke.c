/* test-ui-smoke.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens the real main window on the display that tests/harness.sh starts
 * (Xvfb), checks that a new user sees the welcome state with an "Add
 * Account" button, and keeps a screenshot as an artifact.
 */

#include "config.h"

#include <adwaita.h>

#include "deck-application.h"
#include "deck-gui-util.h"
#include "deck-test-ui.h"
#include "deck-test-util.h"
#include "deck-window.h"

static DeckApplication *app;

static GtkWidget *
find_widget (GtkWidget *root,
             gboolean (*match) (GtkWidget *, gconstpointer),
             gconstpointer data)
{
  if (match (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
is_status_page_titled (GtkWidget     *widget,
                       gconstpointer  title)
{
  return ADW_IS_STATUS_PAGE (widget) &&
         g_strcmp0 (adw_status_page_get_title (ADW_STATUS_PAGE (widget)), title) == 0;
}

static gboolean
is_spin_button (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_SPIN_BUTTON (widget);
}

static gboolean
is_button_with_action (GtkWidget     *widget,
                       gconstpointer  action)
{
  return GTK_IS_BUTTON (widget) && !GTK_IS_MENU_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0 &&
         gtk_widget_get_mapped (widget);
}

static gboolean
is_main_menu_button (GtkWidget     *widget,
                     gconstpointer  data)
{
  return GTK_IS_MENU_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)),
                    "open-menu-symbolic") == 0;
}

static gboolean
is_shortcut_for (GtkWidget     *widget,
                 gconstpointer  action)
{
  g_autofree char *name = NULL;

  if (!GTK_IS_SHORTCUTS_SHORTCUT (widget))
    return FALSE;
  g_object_get (widget, "action-name", &name, NULL);
  return g_strcmp0 (name, action) == 0;
}

/* The accelerator the shortcut for @action shows. */
static char *
shortcut_accel (GtkWidget  *root,
                const char *action)
{
  GtkWidget *shortcut = find_widget (root, is_shortcut_for, action);
  char *accel = NULL;

  g_assert_nonnull (shortcut);
  g_object_get (shortcut, "accelerator", &accel, NULL);
  return accel;
}

static gboolean
menu_has_action (GMenuModel *menu,
                 const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *name = NULL;
      GMenuModel *section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      gboolean found = FALSE;

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_strcmp0 (name, action) == 0)
        found = TRUE;
      else if (section != NULL)
        found = menu_has_action (section, action);
      g_clear_object (&section);
      if (found)
        return TRUE;
    }
  return FALSE;
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = deck_test_artifact_path (name);
  GskRenderer *renderer;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static gboolean
count_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  guint *frames = user_data;

  (*frames)++;
  return G_SOURCE_CONTINUE;
}

static void
wait_until_drawn (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  guint frames = 0;
  guint id;

  id = gtk_widget_add_tick_callback (widget, count_frame_cb, &frames, NULL);
  /* A few frames after mapping, layout has settled and content is drawn. */
  while (frames < 3 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_remove_tick_callback (widget, id);

  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_cmpuint (frames, >=, 3);
  g_assert_cmpint (gtk_widget_get_width (widget), >, 0);
}

static void
test_welcome_state (void)
{
  GtkWindow *window;
  GtkWidget *page;
  GtkWidget *button;

  g_application_activate (G_APPLICATION (app));

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (DECK_IS_WINDOW (window));

  /* The accounts file is read on a thread: until it is, no welcome (the
   * user may have accounts). */
  page = find_widget (GTK_WIDGET (window), is_status_page_titled, "Welcome to Flowdeck");
  g_assert_nonnull (page);
  g_assert_false (gtk_widget_get_visible (page));

  wait_until_drawn (GTK_WIDGET (window));
  deck_test_ui_wait_for ((gboolean (*) (gpointer)) gtk_widget_get_mapped, page,
                         "the welcome page");

  button = find_widget (GTK_WIDGET (window), is_button_with_action, "win.add-account");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));

  /* The actions a new user reaches from here exist and are enabled. */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quit"));

  save_screenshot (GTK_WIDGET (window), "ui-smoke-welcome.png");

  /* The main menu and the keyboard shortcuts window are made when first
   * asked for, not with the window; both work from here. */
  {
    GtkWidget *menu_button = find_widget (GTK_WIDGET (window), is_main_menu_button, NULL);
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                  "win.show-help-overlay");
    GtkWindow *shortcuts;
    GtkWidget *popover;

    g_assert_nonnull (menu_button);
    g_assert_null (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button)));
    g_assert_true (gtk_widget_is_sensitive (menu_button));
    gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
    popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button)));
    g_assert_true (GTK_IS_POPOVER_MENU (popover));
    g_assert_true (menu_has_action (gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (popover)),
                                    "win.show-help-overlay"));
    deck_test_ui_wait_for ((gboolean (*) (gpointer)) gtk_widget_get_mapped, popover,
                           "the main menu");
    gtk_menu_button_popdown (GTK_MENU_BUTTON (menu_button));
    /* Opened again, it is the same popover. */
    gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
    g_assert_true (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button))) ==
                   popover);
    gtk_menu_button_popdown (GTK_MENU_BUTTON (menu_button));

    /* (GtkApplicationWindow holds the one it builds itself, shown or not.) */
    g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
    g_assert_null (deck_test_ui_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW));
    g_assert_nonnull (accels);
    g_assert_cmpstr (accels[0], ==, "<Control>question");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay",
                                               NULL));
    shortcuts = deck_test_ui_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
    g_assert_nonnull (shortcuts);
    g_assert_true (GTK_WINDOW (gtk_application_window_get_help_overlay (
                     GTK_APPLICATION_WINDOW (window))) == shortcuts);
    g_assert_true (gtk_window_get_transient_for (shortcuts) == window);
    /* Its shortcuts show the application's accels, as when GTK makes it. */
    {
      g_autofree char *quit = shortcut_accel (GTK_WIDGET (shortcuts), "app.quit");
      g_autofree char *help = shortcut_accel (GTK_WIDGET (shortcuts), "win.show-help-overlay");

      g_assert_cmpstr (quit, ==, "<Control>q");
      g_assert_cmpstr (help, ==, "<Control>question");
    }
    deck_test_ui_wait_for ((gboolean (*) (gpointer)) gtk_widget_get_mapped, shortcuts,
                           "the keyboard shortcuts");
    /* Closed, it is hidden and shown again, not made twice. */
    gtk_window_close (shortcuts);
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (shortcuts)));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay",
                                               NULL));
    g_assert_true (deck_test_ui_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW) == shortcuts);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (shortcuts)));
  }

  gtk_window_destroy (window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_window_size_is_saved (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWindow *window;

  g_settings_set_int (settings, "window-width", 900);
  g_settings_set_int (settings, "window-height", 640);

  window = GTK_WINDOW (deck_window_new (app));
  gtk_window_present (window);
  wait_until_drawn (GTK_WIDGET (window));

  {
    int w, h;

    gtk_window_get_default_size (window, &w, &h);
    g_assert_cmpint (w, ==, 900);
    g_assert_cmpint (h, ==, 640);
  }

  gtk_window_set_default_size (window, 777, 555);
  gtk_window_close (window);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 777);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 555);
}

static void
test_preferences (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWindow *preferences = NULL;
  GtkWidget *spin;

  g_settings_set_uint (settings, "clipboard-clear-seconds", 45);
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);

  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (ADW_IS_PREFERENCES_WINDOW (l->data))
      preferences = l->data;
  g_assert_nonnull (preferences);
  wait_until_drawn (GTK_WIDGET (preferences));

  /* The row shows the setting, and changing the row changes it. */
  spin = find_widget (GTK_WIDGET (preferences), is_spin_button, NULL);
  g_assert_nonnull (spin);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 45);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 90);
  g_assert_cmpuint (g_settings_get_uint (settings, "clipboard-clear-seconds"), ==, 90);
  deck_test_ui_save_screenshot (GTK_WIDGET (preferences), "screenshot-preferences.png");

  gtk_window_destroy (preferences);
  g_settings_reset (settings, "clipboard-clear-seconds");
}

static GtkWidget *
stack_page (const char *text)
{
  return gtk_label_new (text);
}

/* deck_gui_stack_show(): the stack's transition only away from a page
 * that was drawn. */
static void
test_stack_show (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkStack *stack = GTK_STACK (gtk_stack_new ());
  gboolean animations = FALSE;

  gtk_stack_set_transition_type (stack, GTK_STACK_TRANSITION_TYPE_CROSSFADE);
  gtk_stack_set_transition_duration (stack, 5000);
  gtk_stack_add_named (stack, stack_page ("A"), "a");
  gtk_stack_add_named (stack, stack_page ("B"), "b");
  gtk_window_set_child (window, GTK_WIDGET (stack));
  /* (Fades need animations on, as they are by default.) */
  g_object_get (gtk_widget_get_settings (GTK_WIDGET (window)), "gtk-enable-animations",
                &animations, NULL);
  g_assert_true (animations);

  /* Before the window is shown, and before its first frame: no fade. */
  deck_gui_stack_show (stack, "b");
  gtk_window_present (window);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (stack)));
  deck_gui_stack_show (stack, "a");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "a");
  g_assert_false (gtk_stack_get_transition_running (stack));

  /* "a" was drawn: leaving it fades. */
  wait_until_drawn (GTK_WIDGET (window));
  deck_gui_stack_show (stack, "b");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "b");
  g_assert_true (gtk_stack_get_transition_running (stack));

  /* "b" was not drawn yet: leaving it again does not fade, and ends the
   * fade that brought it. */
  deck_gui_stack_show (stack, "a");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "a");
  g_assert_false (gtk_stack_get_transition_running (stack));

  /* The page shown already: nothing changes. */
  wait_until_drawn (GTK_WIDGET (window));
  deck_gui_stack_show (stack, "a");
  g_assert_false (gtk_stack_get_transition_running (stack));

  gtk_window_destroy (window);

  /* A page not set through it (the stack's first) counts as drawn once
   * the window has drawn a frame. */
  window = GTK_WINDOW (gtk_window_new ());
  stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_transition_type (stack, GTK_STACK_TRANSITION_TYPE_CROSSFADE);
  gtk_stack_set_transition_duration (stack, 5000);
  gtk_stack_add_named (stack, stack_page ("A"), "a");
  gtk_stack_add_named (stack, stack_page ("B"), "b");
  gtk_window_set_child (window, GTK_WIDGET (stack));
  gtk_window_present (window);
  wait_until_drawn (GTK_WIDGET (window));
  deck_gui_stack_show (stack, "b");
  g_assert_true (gtk_stack_get_transition_running (stack));

  /* A page kept hidden until needed is made visible, and shown. */
  {
    GtkWidget *hidden = stack_page ("C");

    gtk_widget_set_visible (hidden, FALSE);
    gtk_stack_add_named (stack, hidden, "c");
    deck_gui_stack_show (stack, "c");
    g_assert_true (gtk_widget_get_visible (hidden));
    g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "c");
  }
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  deck_test_isolate_data_dir ();
  deck_test_ui_init (&argc, &argv);

  /* One application for the whole program, as in real life: windows come
   * and go, the application stays registered. */
  app = deck_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/ui/welcome-state", test_welcome_state);
  g_test_add_func ("/ui/window-size-is-saved", test_window_size_is_saved);
  g_test_add_func ("/ui/preferences", test_preferences);
  g_test_add_func ("/ui/stack-show", test_stack_show);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
