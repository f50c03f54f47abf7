/* deck-test-ui.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the UI tests share: waiting on the main loop, finding widgets the
 * way a person finds them (by label, title, action), clicking, and
 * screenshots of what a window shows, kept as artifacts.
 */

#include "config.h"

#include <adwaita.h>

#include "deck-test-peers.h"
#include "deck-test-ui.h"
#include "deck-test-util.h"
#include "deck-window.h"

/**
 * deck_test_ui_init:
 * @argc: main()'s
 * @argv: main()'s
 *
 * gtk_test_init() and adw_init(), and the daily notification about
 * expiring tokens turned off: it would be about tokens other test
 * programs create on the shared peer, and the harness has no
 * notification server, so GLib's warning about it would fail the test.
 * No UI test is about that notification.
 */
void
deck_test_ui_init (int    *argc,
                   char ***argv)
{
  g_autoptr(GSettings) settings = NULL;

  gtk_test_init (argc, argv, NULL);
  adw_init ();
  settings = g_settings_new (APP_ID);
  g_settings_set_boolean (settings, "notify-expiring-tokens", FALSE);
}

void
deck_test_ui_wait_for (gboolean   (*done) (gpointer),
          gpointer     data,
          const char  *what)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

void
deck_test_ui_spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

GtkWidget *
deck_test_ui_find_widget (GtkWidget *root,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = deck_test_ui_find_widget (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWidget *
deck_test_ui_find_button_labelled (GtkWidget  *root,
                      const char *label)
{
  if (GTK_IS_BUTTON (root) && gtk_widget_get_mapped (root) &&
      g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = deck_test_ui_find_button_labelled (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWidget *
deck_test_ui_find_button_with_action (GtkWidget  *root,
                         const char *action)
{
  if (GTK_IS_BUTTON (root) && gtk_widget_get_mapped (root) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = deck_test_ui_find_button_with_action (child, action);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_row_in (GtkWidget  *root,
             const char *title,
             gboolean    mapped_only)
{
  if (ADW_IS_PREFERENCES_ROW (root) && (!mapped_only || gtk_widget_get_mapped (root)) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row_in (child, title, mapped_only);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The row a person can see, if any: dialogs keep hidden pages with the
 * same titles (two "Password" rows, for FlowFuse and for Node-RED). */
GtkWidget *
deck_test_ui_find_row_titled (GtkWidget  *root,
                              const char *title)
{
  GtkWidget *row = find_row_in (root, title, TRUE);

  return row != NULL ? row : find_row_in (root, title, FALSE);
}

GtkLabel *
deck_test_ui_find_label_prefixed (GtkWidget  *root,
                     const char *prefix)
{
  if (GTK_IS_LABEL (root) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (root)), prefix))
    return GTK_LABEL (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = deck_test_ui_find_label_prefixed (child, prefix);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The newest toplevel of @type that is shown, or NULL. */
GtkWindow *
deck_test_ui_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        found = window;
    }

  return found;
}

gboolean
deck_test_ui_toplevel_shown (gpointer data)
{
  return deck_test_ui_find_toplevel (GPOINTER_TO_SIZE (data)) != NULL;
}

gboolean
deck_test_ui_toplevel_gone (gpointer data)
{
  return deck_test_ui_find_toplevel (GPOINTER_TO_SIZE (data)) == NULL;
}

GtkWidget *
deck_test_ui_find_with_class (GtkWidget  *root,
                 const char *css_class)
{
  if (gtk_widget_has_css_class (root, css_class))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = deck_test_ui_find_with_class (child, css_class);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
deck_test_ui_count_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  guint *frames = user_data;

  (*frames)++;
  return G_SOURCE_CONTINUE;
}

/* A deck_test_ui_click, as the button's own handler sees it (gtk_widget_activate ()
 * on a GTK 4 button emits "clicked" only after a 250 ms animation). */
void
deck_test_ui_click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

void
deck_test_ui_save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = deck_test_artifact_path (name);
  int width, height;

  {
    guint frames = 0;
    guint id = gtk_widget_add_tick_callback (widget, deck_test_ui_count_frame_cb, &frames, NULL);
    gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    while (frames < 30 && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
    gtk_widget_remove_tick_callback (widget, id);
    width = gtk_widget_get_width (widget);
    height = gtk_widget_get_height (widget);
  }

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}


/* Runs @script in the page; its string result, "" for other results, or
 * NULL when the page was between documents. */
char *
deck_test_ui_eval_js (WebKitWebView *view,
                      const char    *script)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JSCValue) value = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  webkit_web_view_evaluate_javascript (view, script, -1, NULL, NULL, NULL,
                                       deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 30);
  value = webkit_web_view_evaluate_javascript_finish (view, result, &error);
  if (value == NULL)
    {
      g_test_message ("script failed (page changing?): %s", error->message);
      return NULL;
    }

  return jsc_value_is_string (value) ? jsc_value_to_string (value) : g_strdup ("");
}

/* "login" or "consent" once such a page has loaded, else "" (or NULL). */
char *
deck_test_ui_oidc_prompt (WebKitWebView *view)
{
  if (webkit_web_view_is_loading (view))
    return g_strdup ("");

  return deck_test_ui_eval_js (view,
                               "(function () {"
                               "  var p = document.querySelector('form input[name=prompt]');"
                               "  return document.readyState === 'complete' && p ? p.value : '';"
                               "})()");
}

void
deck_test_ui_oidc_login (WebKitWebView *view,
                         const char    *login)
{
  g_autofree char *script = NULL;
  g_autofree char *done = NULL;

  g_assert_true (g_regex_match_simple ("^[A-Za-z0-9._-]+$", login, 0, 0));
  script = g_strdup_printf ("document.querySelector('input[name=login]').value = '%s';"
                            "document.querySelector('input[name=password]').value = 'any-password';"
                            "document.querySelector('form').submit();"
                            "'submitted'", login);
  done = deck_test_ui_eval_js (view, script);
  g_assert_cmpstr (done, ==, "submitted");
}

void
deck_test_ui_oidc_consent (WebKitWebView *view)
{
  g_autofree char *done = deck_test_ui_eval_js (view,
                                                "document.querySelector('form').submit(); 'submitted'");

  g_assert_cmpstr (done, ==, "submitted");
}

GtkWindow *
deck_test_ui_main_window (DeckApplication *app)
{
  GtkWindow *window;

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (DECK_IS_WINDOW (window));
  gtk_window_set_default_size (window, 1100, 760);
  return window;
}

/* A FlowFuse account by a personal access token for the server at @url. */
DeckAccount *
deck_test_ui_add_token_account_at (DeckApplication *app,
                                   const char      *url,
                                   const char      *token)
{
  DeckContext *context = deck_application_get_context (app);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  DeckAccount *account;

  deck_context_add_flowfuse_token_async (context, url, token, NULL, deck_test_store_result_cb,
                                         &slot);
  result = deck_test_wait_result (&slot, 60);
  account = deck_context_add_account_finish (context, result, &error);
  g_assert_no_error (error);
  return account;
}

/* A FlowFuse account by the peer's personal access token. */
DeckAccount *
deck_test_ui_add_token_account (DeckApplication *app,
                                JsonObject      *flowfuse_peer)
{
  return deck_test_ui_add_token_account_at (app, deck_test_peers_get_string (flowfuse_peer, "url"),
                                            deck_test_peers_get_string (flowfuse_peer, "pat"));
}

void
deck_test_ui_remove_account (DeckApplication *app,
                             DeckAccount     *account)
{
  DeckContext *context = deck_application_get_context (app);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  deck_context_remove_account_async (context, account, NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 60);
  g_assert_true (deck_context_remove_account_finish (context, result, NULL, &error));
  g_assert_no_error (error);
}

DeckFlowfuseClient *
deck_test_ui_context_client (DeckApplication *app,
                             DeckAccount     *account)
{
  DeckContext *context = deck_application_get_context (app);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  DeckFlowfuseClient *client;

  deck_context_get_flowfuse_client_async (context, account, NULL, deck_test_store_result_cb,
                                          &slot);
  result = deck_test_wait_result (&slot, 60);
  client = deck_context_get_flowfuse_client_finish (context, result, &error);
  g_assert_no_error (error);
  return client;
}
