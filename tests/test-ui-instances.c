/* test-ui-instances.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Teams and instances through the UI against the real FlowFuse, under
 * Xvfb: an instance is created through the dialog (a name that breaks the
 * rule shows the rule; a name in use shows the server's reason on the
 * name; then a valid name in a new application), appears in the list and
 * on the server, and is deleted through the list's typed-name
 * confirmation. A team is created and opens from the sidebar. The team
 * page lists alice as Owner and bob as Member. The instance page shows
 * the stub driver's log, follows it while open (and only then), and the
 * audit log. Screenshots are kept (light and dark for the dialog).
 * The first frame of a long list builds only the rows that fit the window.
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "deck-application.h"
#include "deck-create-instance-dialog.h"
#include "deck-create-team-dialog.h"
#include "deck-fault-server.h"
#include "deck-ff-list.h"
#include "deck-instance-fixtures.h"
#include "deck-instance-page.h"
#include "deck-instance-row.h"
#include "deck-instances-page.h"
#include "deck-oauth-dialog.h"
#include "deck-snapshot.h"
#include "deck-team-page.h"
#include "deck-test-relay.h"
#include "deck-test-peers.h"
#include "deck-test-ui.h"
#include "deck-test-util.h"
#include "deck-window.h"

#define RUN(call_expr) \
  G_STMT_START { \
    GAsyncResult *slot_ = NULL; \
    g_clear_object (&result); \
    call_expr; \
    result = deck_test_wait_result (&slot_, 60); \
  } G_STMT_END
#define CB deck_test_store_result_cb, &slot_

static DeckApplication *app;

/*
 * Pages and the admin's own view (the window and accounts: deck-test-ui.c)
 */

/* The admin's own view, through the seeded PAT, independent of the app. */
static DeckFlowfuseClient *
admin_client (JsonObject *peer)
{
  g_autoptr(GError) error = NULL;
  DeckFlowfuseClient *client;

  client = deck_flowfuse_client_new (deck_test_peers_get_string (peer, "url"), &error);
  g_assert_no_error (error);
  deck_flowfuse_client_set_token (client, deck_test_peers_get_string (peer, "pat"));
  return client;
}

static GtkListBoxRow *
sidebar_team_row (GtkWindow  *window,
                  const char *team_id,
                  const char *team_name)
{
  GtkListBox *sidebar;
  GtkListBoxRow *row;

  sidebar = GTK_LIST_BOX (deck_test_ui_find_with_class (GTK_WIDGET (window), "navigation-sidebar"));
  g_assert_nonnull (sidebar);
  for (int i = 0; (row = gtk_list_box_get_row_at_index (sidebar, i)) != NULL; i++)
    {
      DeckFfTeam *team = g_object_get_data (G_OBJECT (row), "team");

      if (team == NULL)
        continue;
      if ((team_id != NULL && g_strcmp0 (deck_ff_team_get_id (team), team_id) == 0) ||
          (team_name != NULL && g_strcmp0 (deck_ff_team_get_name (team), team_name) == 0))
        return row;
    }

  return NULL;
}

static void
select_team (GtkWindow  *window,
             const char *team_id)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  GtkListBoxRow *row;

  while ((row = sidebar_team_row (window, team_id, NULL)) == NULL)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Team %s never showed in the sidebar", team_id);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }

  gtk_list_box_unselect_all (GTK_LIST_BOX (gtk_widget_get_parent (GTK_WIDGET (row))));
  gtk_list_box_select_row (GTK_LIST_BOX (gtk_widget_get_parent (GTK_WIDGET (row))), row);
}

typedef struct
{
  DeckInstancesPage *page;
  const char        *id;
  const char        *name;
} InstanceWait;

static DeckFfInstance *
find_listed (InstanceWait *wait)
{
  GListModel *model = deck_instances_page_get_model (wait->page);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DeckFfInstance) instance = g_list_model_get_item (model, i);

      if ((wait->id != NULL && g_strcmp0 (deck_ff_instance_get_id (instance), wait->id) == 0) ||
          (wait->name != NULL && g_strcmp0 (deck_ff_instance_get_name (instance), wait->name) == 0))
        return instance; /* the model keeps its reference */
    }

  return NULL;
}

static gboolean
instance_listed (gpointer data)
{
  return find_listed (data) != NULL;
}

static gboolean
instance_unlisted (gpointer data)
{
  return find_listed (data) == NULL;
}

static DeckInstancesPage *
open_seeded_team (GtkWindow  *window,
                  JsonObject *peer)
{
  DeckInstancesPage *instances;
  InstanceWait iw = { NULL, NULL, NULL };

  select_team (window, deck_test_peers_get_string (peer, "team.id"));
  instances = DECK_INSTANCES_PAGE (deck_test_ui_find_widget (GTK_WIDGET (window),
                                                             DECK_TYPE_INSTANCES_PAGE));
  iw.page = instances;
  iw.id = deck_test_peers_get_string (peer, "instance.id");
  deck_test_ui_wait_for (instance_listed, &iw, "the seeded instance in the list");
  return instances;
}

static gboolean
create_dialog_ready (gpointer data)
{
  return deck_create_instance_dialog_get_ready (DECK_CREATE_INSTANCE_DIALOG (data));
}

static gboolean
create_dialog_settled (gpointer data)
{
  GtkWidget *create = deck_test_ui_find_button_labelled (GTK_WIDGET (data), "C_reate");

  return create != NULL && gtk_widget_is_sensitive (create);
}

static gboolean
create_dialog_gone (gpointer data)
{
  GtkWindow *dialog = deck_test_ui_find_toplevel (DECK_TYPE_CREATE_INSTANCE_DIALOG);

  if (dialog != NULL && deck_create_instance_dialog_get_error (DECK_CREATE_INSTANCE_DIALOG (dialog)))
    g_error ("Creating the instance failed: %s",
             deck_create_instance_dialog_get_error (DECK_CREATE_INSTANCE_DIALOG (dialog)));
  if (dialog != NULL)
    {
      static const char *fields[] = { "name", "applicationId", "projectType", "stack", "template" };

      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        if (deck_create_instance_dialog_get_field_error (DECK_CREATE_INSTANCE_DIALOG (dialog),
                                                         fields[i]) != NULL)
          g_error ("Creating the instance failed on %s: %s", fields[i],
                   deck_create_instance_dialog_get_field_error (DECK_CREATE_INSTANCE_DIALOG (dialog),
                                                                fields[i]));
    }

  return dialog == NULL;
}

static DeckFfInstance *
server_instance_named (JsonObject *peer,
                       const char *name)
{
  g_autoptr(DeckFlowfuseClient) client = admin_client (peer);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;

  RUN (deck_flowfuse_client_list_instances_async (client, deck_test_peers_get_string (peer, "team.id"),
                                                  NULL, CB));
  list = deck_flowfuse_client_finish_list (client, result, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(DeckFfInstance) instance = g_list_model_get_item (list, i);

      if (g_strcmp0 (deck_ff_instance_get_name (instance), name) == 0)
        return g_steal_pointer (&instance);
    }

  return NULL;
}

/* Toasts of earlier steps (the window lives across tests) would cover
 * the screenshot: close them the way a person does. */
static GtkWidget *
find_toast_close (GtkWidget *root)
{
  if (GTK_IS_BUTTON (root) && gtk_widget_get_mapped (root) &&
      g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (root)), "window-close-symbolic") == 0 &&
      gtk_widget_get_ancestor (root, g_type_from_name ("AdwToastWidget")) != NULL)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_toast_close (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
dismiss_toasts (GtkWindow *window)
{
  GtkWidget *close;

  g_assert_true (g_type_from_name ("AdwToastWidget") != G_TYPE_INVALID);
  for (guint i = 0; i < 30 && (close = find_toast_close (GTK_WIDGET (window))) != NULL; i++)
    {
      deck_test_ui_click (close);
      deck_test_ui_spin (500);
    }
  g_assert_null (find_toast_close (GTK_WIDGET (window)));
}

static void
set_color_scheme (AdwColorScheme scheme)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), scheme);
  deck_test_ui_spin (300);
}

/*
 * Tests
 */

static void
test_create_and_delete_instance (void)
{
  JsonObject *peer = deck_test_peers_get ("flowfuse");
  g_autoptr(DeckAccount) account = NULL;
  g_autoptr(DeckFlowfuseClient) client = NULL;
  g_autoptr(DeckFfInstance) created = NULL;
  g_autoptr(DeckFfInstance) gone = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *app_name = NULL;
  DeckInstancesPage *instances;
  GtkWindow *window, *dialog, *confirm;
  GtkWidget *name_row, *app_row, *hint, *entry;
  const char *message;
  InstanceWait iw = { NULL, NULL, NULL };
  guint n_apps;

  if (peer == NULL)
    return;

  window = deck_test_ui_main_window (app);
  account = deck_test_ui_add_token_account (app, peer);
  instances = open_seeded_team (window, peer);

  /* The header's New Instance button opens the dialog. */
  deck_test_ui_click (deck_test_ui_find_button_with_action (GTK_WIDGET (window), "win.create-instance"));
  deck_test_ui_wait_for (deck_test_ui_toplevel_shown,
                         GSIZE_TO_POINTER (DECK_TYPE_CREATE_INSTANCE_DIALOG), "the create dialog");
  dialog = deck_test_ui_find_toplevel (DECK_TYPE_CREATE_INSTANCE_DIALOG);
  deck_test_ui_wait_for (create_dialog_ready, dialog, "the pickers to load");
  g_assert_null (deck_create_instance_dialog_get_error (DECK_CREATE_INSTANCE_DIALOG (dialog)));
  g_assert_false (gtk_widget_is_sensitive (deck_test_ui_find_button_labelled (GTK_WIDGET (dialog), "C_reate")));

  /* Type, stack and template are preselected. */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (deck_test_ui_find_row_titled (GTK_WIDGET (dialog), "Instance _Type"))), ==, 0);
  g_assert_nonnull (adw_combo_row_get_selected_item (ADW_COMBO_ROW (deck_test_ui_find_row_titled (GTK_WIDGET (dialog), "_Stack"))));
  g_assert_nonnull (adw_combo_row_get_selected_item (ADW_COMBO_ROW (deck_test_ui_find_row_titled (GTK_WIDGET (dialog), "T_emplate"))));

  /* A name that breaks the rule: the rule shows, in red, and Create waits. */
  name_row = deck_test_ui_find_row_titled (GTK_WIDGET (dialog), "Name");
  gtk_editable_set_text (GTK_EDITABLE (name_row), "1st instance");
  message = deck_create_instance_dialog_get_field_error (DECK_CREATE_INSTANCE_DIALOG (dialog), "name");
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "Start with a letter"));
  hint = GTK_WIDGET (deck_test_ui_find_label_prefixed (GTK_WIDGET (dialog), "Start with a letter"));
  g_assert_nonnull (hint);
  g_assert_true (gtk_widget_has_css_class (hint, "error"));
  g_assert_true (gtk_widget_has_css_class (name_row, "error"));
  g_assert_false (gtk_widget_is_sensitive (deck_test_ui_find_button_labelled (GTK_WIDGET (dialog), "C_reate")));
  deck_test_ui_save_screenshot (GTK_WIDGET (dialog), "screenshot-create-instance-invalid.png");

  /* A well-formed name in use: the server's reason lands on the name. */
  gtk_editable_set_text (GTK_EDITABLE (name_row), deck_test_peers_get_string (peer, "instance.name"));
  g_assert_null (deck_create_instance_dialog_get_field_error (DECK_CREATE_INSTANCE_DIALOG (dialog), "name"));
  g_assert_false (gtk_widget_has_css_class (name_row, "error"));
  deck_test_ui_click (deck_test_ui_find_button_labelled (GTK_WIDGET (dialog), "C_reate"));
  deck_test_ui_wait_for (create_dialog_settled, dialog, "the server's answer");
  message = deck_create_instance_dialog_get_field_error (DECK_CREATE_INSTANCE_DIALOG (dialog), "name");
  g_assert_nonnull (message);
  g_test_message ("server said about the name: %s", message);
  g_assert_true (gtk_widget_has_css_class (name_row, "error"));
  g_assert_nonnull (deck_test_ui_find_label_prefixed (GTK_WIDGET (dialog), message));

  /* A valid, unique name in a new application. */
  name = g_strdup_printf ("ui-%" G_GINT64_FORMAT, g_get_real_time () % 100000000);
  app_name = g_strdup_printf ("UI Application %" G_GINT64_FORMAT, g_get_real_time () % 100000000);
  gtk_editable_set_text (GTK_EDITABLE (name_row), name);
  g_assert_null (deck_create_instance_dialog_get_field_error (DECK_CREATE_INSTANCE_DIALOG (dialog), "name"));
  app_row = deck_test_ui_find_row_titled (GTK_WIDGET (dialog), "_Application");
  n_apps = g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (app_row)));
  adw_combo_row_set_selected (ADW_COMBO_ROW (app_row), n_apps - 1);
  entry = deck_test_ui_find_row_titled (GTK_WIDGET (dialog), "New Application Name");
  g_assert_true (gtk_widget_get_visible (entry));
  g_assert_false (gtk_widget_is_sensitive (deck_test_ui_find_button_labelled (GTK_WIDGET (dialog), "C_reate")));
  gtk_editable_set_text (GTK_EDITABLE (entry), app_name);
  g_assert_true (gtk_widget_is_sensitive (deck_test_ui_find_button_labelled (GTK_WIDGET (dialog), "C_reate")));
  deck_test_ui_save_screenshot (GTK_WIDGET (dialog), "screenshot-create-instance.png");
  set_color_scheme (ADW_COLOR_SCHEME_FORCE_DARK);
  deck_test_ui_save_screenshot (GTK_WIDGET (dialog), "screenshot-create-instance-dark.png");
  set_color_scheme (ADW_COLOR_SCHEME_DEFAULT);

  deck_test_ui_click (deck_test_ui_find_button_labelled (GTK_WIDGET (dialog), "C_reate"));
  deck_test_ui_wait_for (create_dialog_gone, NULL, "the instance to be created");

  /* In the list, and on the server. */
  iw.page = instances;
  iw.name = name;
  deck_test_ui_wait_for (instance_listed, &iw, "the new instance in the list");
  g_assert_cmpstr (deck_ff_instance_get_application_name (find_listed (&iw)), ==, app_name);
  created = server_instance_named (peer, name);
  g_assert_nonnull (created);

  /* The stub driver's start timer must fire before the instance goes
   * (see test-flowfuse-peers.c): wait until it runs. */
  client = admin_client (peer);
  RUN (deck_flowfuse_client_wait_for_state_async (client, deck_ff_instance_get_id (created), 30,
                                                  NULL, CB));
  {
    g_autoptr(DeckFfInstance) settled = deck_flowfuse_client_finish_object (client, result, &error);

    g_assert_no_error (error);
    g_assert_cmpint (deck_ff_instance_get_state_id (settled), ==, DECK_FF_INSTANCE_STATE_RUNNING);
  }
  deck_test_ui_spin (700);

  /* Delete through the list's action: Delete waits for the typed name. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (instances), "instances.delete", "s",
                                             deck_ff_instance_get_id (created)));
  deck_test_ui_wait_for (deck_test_ui_toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG),
                         "the delete confirmation");
  confirm = deck_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (confirm), "delete"));
  entry = deck_test_ui_find_widget (GTK_WIDGET (confirm), GTK_TYPE_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (entry), "ui-wrong");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (confirm), "delete"));
  gtk_editable_set_text (GTK_EDITABLE (entry), name);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (confirm), "delete"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "delete");
  deck_test_ui_wait_for (instance_unlisted, &iw, "the instance to leave the list");

  RUN (deck_flowfuse_client_get_instance_async (client, deck_ff_instance_get_id (created), NULL, CB));
  gone = deck_flowfuse_client_finish_object (client, result, &error);
  g_assert_null (gone);
  g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (server_instance_named (peer, name));

  deck_test_ui_remove_account (app, account);
  deck_test_ui_spin (200);
}

static gboolean
team_dialog_ready (gpointer data)
{
  return deck_create_team_dialog_get_ready (DECK_CREATE_TEAM_DIALOG (data));
}

typedef struct
{
  GtkWindow  *window;
  const char *name;
} TeamWait;

static gboolean
team_opened (gpointer data)
{
  TeamWait *wait = data;
  GtkWindow *dialog = deck_test_ui_find_toplevel (DECK_TYPE_CREATE_TEAM_DIALOG);
  GtkListBoxRow *row = sidebar_team_row (wait->window, NULL, wait->name);
  DeckInstancesPage *instances = DECK_INSTANCES_PAGE (deck_test_ui_find_widget (GTK_WIDGET (wait->window),
                                                                                DECK_TYPE_INSTANCES_PAGE));
  DeckFfTeam *team = deck_instances_page_get_team (instances);

  if (dialog != NULL && deck_create_team_dialog_get_error (DECK_CREATE_TEAM_DIALOG (dialog)) != NULL)
    g_error ("Creating the team failed: %s",
             deck_create_team_dialog_get_error (DECK_CREATE_TEAM_DIALOG (dialog)));

  return row != NULL && gtk_list_box_row_is_selected (row) && team != NULL &&
         g_strcmp0 (deck_ff_team_get_name (team), wait->name) == 0 &&
         g_strcmp0 (deck_instances_page_get_state (instances), "loading") != 0;
}

static void
test_create_team (void)
{
  JsonObject *peer = deck_test_peers_get ("flowfuse");
  g_autoptr(DeckAccount) account = NULL;
  g_autofree char *name = NULL;
  g_autofree char *slug = NULL;
  GtkWindow *window, *dialog;
  GtkWidget *slug_row;
  DeckInstancesPage *instances;
  TeamWait tw;

  if (peer == NULL)
    return;

  window = deck_test_ui_main_window (app);
  account = deck_test_ui_add_token_account (app, peer);
  open_seeded_team (window, peer);

  /* From the primary menu's action (the selected team's account). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.create-team", "s", ""));
  deck_test_ui_wait_for (deck_test_ui_toplevel_shown,
                         GSIZE_TO_POINTER (DECK_TYPE_CREATE_TEAM_DIALOG), "the team dialog");
  dialog = deck_test_ui_find_toplevel (DECK_TYPE_CREATE_TEAM_DIALOG);
  deck_test_ui_wait_for (team_dialog_ready, dialog, "the team types");
  g_assert_nonnull (adw_combo_row_get_selected_item (ADW_COMBO_ROW (deck_test_ui_find_row_titled (GTK_WIDGET (dialog), "Team _Type"))));

  /* The slug follows the name until edited; a bad one is refused as typed. */
  name = g_strdup_printf ("UI Team %" G_GINT64_FORMAT, g_get_real_time () % 100000000);
  slug = g_strdup_printf ("ui-team-%" G_GINT64_FORMAT, g_get_real_time () % 100000000);
  gtk_editable_set_text (GTK_EDITABLE (deck_test_ui_find_row_titled (GTK_WIDGET (dialog), "Name")), name);
  slug_row = deck_test_ui_find_row_titled (GTK_WIDGET (dialog), "Slug");
  g_assert_true (g_str_has_prefix (gtk_editable_get_text (GTK_EDITABLE (slug_row)), "ui-team-"));
  gtk_editable_set_text (GTK_EDITABLE (slug_row), "no spaces please");
  g_assert_true (gtk_widget_has_css_class (slug_row, "error"));
  g_assert_false (gtk_widget_is_sensitive (deck_test_ui_find_button_labelled (GTK_WIDGET (dialog), "C_reate")));
  gtk_editable_set_text (GTK_EDITABLE (slug_row), slug);
  g_assert_false (gtk_widget_has_css_class (slug_row, "error"));
  deck_test_ui_save_screenshot (GTK_WIDGET (dialog), "screenshot-create-team.png");
  deck_test_ui_click (deck_test_ui_find_button_labelled (GTK_WIDGET (dialog), "C_reate"));

  /* It shows in the sidebar, selected, and its (empty) list opens. */
  tw.window = window;
  tw.name = name;
  deck_test_ui_wait_for (team_opened, &tw, "the new team to open");
  g_assert_null (deck_test_ui_find_toplevel (DECK_TYPE_CREATE_TEAM_DIALOG));
  instances = DECK_INSTANCES_PAGE (deck_test_ui_find_widget (GTK_WIDGET (window), DECK_TYPE_INSTANCES_PAGE));
  g_assert_cmpstr (deck_ff_team_get_slug (deck_instances_page_get_team (instances)), ==, slug);
  g_assert_cmpstr (deck_instances_page_get_state (instances), ==, "empty");
  /* The empty state offers to create an instance. */
  g_assert_nonnull (deck_test_ui_find_button_labelled (GTK_WIDGET (instances), "_Create Instance"));

  deck_test_ui_remove_account (app, account);
  deck_test_ui_spin (200);
}


typedef struct
{
  GtkWindow  *window;
  const char *team_id;
} TeamShown;

static gboolean
team_shown (gpointer data)
{
  TeamShown *wait = data;
  GtkListBoxRow *row = sidebar_team_row (wait->window, wait->team_id, NULL);
  DeckInstancesPage *instances = DECK_INSTANCES_PAGE (deck_test_ui_find_widget (GTK_WIDGET (wait->window),
                                                                                DECK_TYPE_INSTANCES_PAGE));
  DeckFfTeam *team = deck_instances_page_get_team (instances);

  return row != NULL && gtk_list_box_row_is_selected (row) && team != NULL &&
         g_strcmp0 (deck_ff_team_get_id (team), wait->team_id) == 0;
}

/* The team picked last opens again in the next window (and the next
 * start prefetches it), not the account's first team. */
static void
test_reopens_last_team (void)
{
  JsonObject *peer = deck_test_peers_get ("flowfuse");
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(DeckAccount) account = NULL;
  g_autofree char *account_id = NULL;
  g_autofree char *team_id = NULL;
  g_autofree char *first_id = NULL;
  g_autofree char *saved = NULL;
  GtkListBoxRow *row, *last = NULL;
  GtkListBox *sidebar;
  GtkWindow *window;
  TeamShown shown;

  if (peer == NULL)
    return;

  window = deck_test_ui_main_window (app);
  account = deck_test_ui_add_token_account (app, peer);
  account_id = g_strdup (deck_account_get_id (account));
  open_seeded_team (window, peer);

  /* Pick the account's last team, so that it is not the default. */
  sidebar = GTK_LIST_BOX (deck_test_ui_find_with_class (GTK_WIDGET (window), "navigation-sidebar"));
  for (int i = 0; (row = gtk_list_box_get_row_at_index (sidebar, i)) != NULL; i++)
    {
      DeckFfTeam *team = g_object_get_data (G_OBJECT (row), "team");

      if (team == NULL)
        continue;
      if (first_id == NULL)
        first_id = g_strdup (deck_ff_team_get_id (team));
      last = row;
    }
  g_assert_nonnull (last);
  team_id = g_strdup (deck_ff_team_get_id (g_object_get_data (G_OBJECT (last), "team")));
  g_assert_cmpstr (team_id, !=, first_id);
  select_team (window, team_id);
  shown.window = window;
  shown.team_id = team_id;
  deck_test_ui_wait_for (team_shown, &shown, "the picked team");

  saved = g_settings_get_string (settings, "selected-team");
  g_assert_cmpstr (saved, ==, team_id);
  g_clear_pointer (&saved, g_free);
  saved = g_settings_get_string (settings, "selected-account");
  g_assert_cmpstr (saved, ==, account_id);

  /* A new window opens on it by itself. */
  gtk_window_destroy (window);
  deck_test_ui_spin (100);
  window = deck_test_ui_main_window (app);
  shown.window = window;
  deck_test_ui_wait_for (team_shown, &shown, "the last team in a new window");

  deck_test_ui_remove_account (app, account);
  deck_test_ui_spin (200);
  g_settings_reset (settings, "selected-team");
  g_settings_reset (settings, "selected-account");
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static gboolean
file_gone (gpointer data)
{
  return !g_file_test (data, G_FILE_TEST_EXISTS);
}

/* @needle in the (binary) file contents */
static gboolean
holds (const char *contents,
       gsize       length,
       const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; n <= length && i <= length - n; i++)
    if (memcmp (contents + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
list_shown (gpointer data)
{
  return g_strcmp0 (deck_instances_page_get_state (data), "list") == 0;
}

static gboolean
list_current (gpointer data)
{
  return list_shown (data) && !deck_instances_page_get_offline (data) &&
         !deck_instances_page_get_from_snapshot (data);
}

/* The next start shows the team as the last one left it, with no
 * server: the window's first team list and instance list come from the
 * start-up snapshot (here with the server cut off, so that nothing else
 * can fill them). The file holds names, not the token, and goes with the
 * account. */
static void
test_snapshot_at_start (void)
{
  JsonObject *peer = deck_test_peers_get ("flowfuse");
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(DeckTestRelay) relay = NULL;
  g_autoptr(DeckAccount) account = NULL;
  g_autofree char *relay_url = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  const char *team_id, *instance_name;
  DeckInstancesPage *instances;
  GtkWindow *window;
  TeamShown shown;
  InstanceWait iw = { NULL, NULL, NULL };

  if (peer == NULL)
    return;

  team_id = deck_test_peers_get_string (peer, "team.id");
  instance_name = deck_test_peers_get_string (peer, "instance.name");
  relay = deck_test_relay_new (deck_test_peers_get_string (peer, "url"));
  relay_url = deck_test_relay_get_url (relay);
  window = deck_test_ui_main_window (app);
  account = deck_test_ui_add_token_account_at (app, relay_url,
                                               deck_test_peers_get_string (peer, "pat"));
  path = deck_snapshot_path (deck_account_get_id (account));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* Shown once with live state: kept. */
  instances = open_seeded_team (window, peer);
  deck_test_ui_wait_for (file_exists, path, "the snapshot file");
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (holds (contents, length, instance_name));
  g_assert_true (holds (contents, length, team_id));
  g_assert_false (holds (contents, length, deck_test_peers_get_string (peer, "pat")));
  g_assert_false (holds (contents, length, "ffpat_"));

  /* The next window, the server gone. */
  gtk_window_destroy (window);
  deck_test_ui_spin (100);
  deck_test_relay_cut (relay);
  window = deck_test_ui_main_window (app);
  shown.window = window;
  shown.team_id = team_id;
  deck_test_ui_wait_for (team_shown, &shown, "the last team from the snapshot");
  instances = DECK_INSTANCES_PAGE (deck_test_ui_find_widget (GTK_WIDGET (window),
                                                             DECK_TYPE_INSTANCES_PAGE));
  deck_test_ui_wait_for (list_shown, instances, "the snapshot's rows");
  iw.page = instances;
  iw.id = deck_test_peers_get_string (peer, "instance.id");
  g_assert_nonnull (find_listed (&iw));
  /* The server cannot be reached: the rows stay, greyed, and say so. */
  deck_test_ui_spin (500);
  g_assert_cmpstr (deck_instances_page_get_state (instances), ==, "list");
  g_assert_true (deck_instances_page_get_offline (instances));
  deck_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-snapshot-offline.png");

  /* The server is back: the rows are the server's again. */
  deck_test_relay_restore (relay);
  deck_instances_page_reload (instances);
  deck_test_ui_wait_for (list_current, instances, "the server's list over the snapshot");
  g_assert_nonnull (find_listed (&iw));

  /* Removing the account deletes its snapshot. */
  deck_test_ui_remove_account (app, account);
  deck_test_ui_wait_for (file_gone, path, "the snapshot to go with the account");
  deck_test_ui_spin (200);
  g_settings_reset (settings, "selected-team");
  g_settings_reset (settings, "selected-account");
}

static gboolean
from_snapshot (gpointer data)
{
  return deck_instances_page_get_from_snapshot (data);
}

static gboolean
updating_banner_shown (gpointer data)
{
  GtkWidget *banner = deck_test_ui_find_with_class (data, "updating-banner");

  g_assert_nonnull (banner);
  return gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_parent (banner)));
}

static GListModel *
list_from (const char *json,
           const char *member,
           GType       type)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GListStore *list;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  list = deck_ff_list_from_json (json_object_get_array_member (
                                   json_node_get_object (json_parser_get_root (parser)), member),
                                 type, &error);
  g_assert_no_error (error);
  return G_LIST_MODEL (list);
}

/* A slow server: the snapshot's rows show at once, a banner says they
 * are being updated once that takes over a second, and the server's list
 * replaces them (an instance gone since is gone) and the banner goes. */
static void
test_updating_banner (void)
{
  static const char teams_json[] =
    "{\"count\":1,\"teams\":[{\"id\":\"dripteam\",\"name\":\"Drip Team\",\"role\":50}]}";
  static const char projects_json[] =
    "{\"count\":1,\"projects\":[{\"id\":\"d1\",\"name\":\"drip-instance\"}]}";
  static const char snapshot_json[] =
    "{\"projects\":[{\"id\":\"d1\",\"name\":\"drip-instance\"},"
    "{\"id\":\"d2\",\"name\":\"gone-instance\"}]}";
  g_autoptr(DeckFaultServer) server = deck_fault_server_new ();
  g_autoptr(GBytes) teams_body = g_bytes_new_static (teams_json, strlen (teams_json));
  g_autoptr(GBytes) projects_body = g_bytes_new_static (projects_json, strlen (projects_json));
  g_autoptr(GListModel) teams = list_from (teams_json, "teams", DECK_TYPE_FF_TEAM);
  g_autoptr(GListModel) snapshot = list_from (snapshot_json, "projects", DECK_TYPE_FF_INSTANCE);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  DeckContext *context = deck_application_get_context (app);
  g_autoptr(DeckAccount) account = NULL;
  g_autofree char *path = NULL;
  DeckInstancesPage *instances;
  InstanceWait iw = { NULL, NULL, NULL };
  DeckFfInstance *gone;
  GtkWindow *window;

  if (g_strcmp0 (g_getenv ("DECK_TEST_KEYRING"), "1") != 0)
    {
      g_test_skip ("no throwaway keyring: run under tests/harness.sh");
      return;
    }

  deck_fault_server_set_json (server, "/api/v1/user", 200,
                              "{\"id\":\"u7\",\"username\":\"erin\",\"name\":\"Erin Drip\","
                              "\"email\":\"erin@example.com\",\"admin\":false}");
  /* One byte per 50 ms: ~3.5 s for the teams, ~3 s for the list. */
  deck_fault_server_set (server, "/api/v1/user/teams", DECK_FAULT_DRIP, 200, "application/json",
                         teams_body);
  deck_fault_server_set (server, "/api/v1/teams/dripteam/projects", DECK_FAULT_DRIP, 200,
                         "application/json", projects_body);

  window = deck_test_ui_main_window (app);
  account = deck_test_ui_add_token_account_at (app, deck_fault_server_get_url (server),
                                               "ffpat_updating-banner");
  path = deck_snapshot_path (deck_account_get_id (account));
  deck_context_save_snapshot (context, account, teams, "dripteam", snapshot);
  deck_test_ui_wait_for (file_exists, path, "the snapshot file");
  g_settings_set_string (settings, "selected-account", deck_account_get_id (account));
  g_settings_set_string (settings, "selected-team", "dripteam");

  gtk_window_destroy (window);
  deck_test_ui_spin (100);
  window = deck_test_ui_main_window (app);
  instances = DECK_INSTANCES_PAGE (deck_test_ui_find_widget (GTK_WIDGET (window),
                                                             DECK_TYPE_INSTANCES_PAGE));
  deck_test_ui_wait_for (from_snapshot, instances, "the snapshot's rows");
  iw.page = instances;
  iw.name = "gone-instance";
  g_assert_nonnull (find_listed (&iw));
  g_assert_cmpstr (deck_instances_page_get_state (instances), ==, "list");
  /* Not at once: with a quick server it would only flicker. */
  deck_test_ui_spin (400);
  g_assert_false (updating_banner_shown (window));

  gone = find_listed (&iw);
  g_object_add_weak_pointer (G_OBJECT (gone), (gpointer *) &gone);

  deck_test_ui_wait_for (updating_banner_shown, window, "the updating banner");
  g_assert_true (deck_instances_page_get_from_snapshot (instances));
  deck_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-snapshot-updating.png");

  deck_test_ui_wait_for (list_current, instances, "the server's list");
  g_assert_null (find_listed (&iw));
  /* The snapshot's models go once replaced (nothing keeps them). */
  deck_test_ui_spin (200);
  g_assert_null (gone);
  iw.name = "drip-instance";
  g_assert_nonnull (find_listed (&iw));
  g_assert_false (updating_banner_shown (window));

  deck_test_ui_remove_account (app, account);
  deck_test_ui_wait_for (file_gone, path, "the snapshot to go with the account");
  g_settings_reset (settings, "selected-team");
  g_settings_reset (settings, "selected-account");
}

static void
count_opened_cb (DeckInstancesPage *page,
                 DeckFfInstance    *instance,
                 guint             *opened)
{
  (*opened)++;
}

/* Rows from the snapshot before the account's client is ready: the
 * actions that need the server are off until the client comes. */
static void
test_snapshot_actions (void)
{
  g_autoptr(GListModel) teams = list_from ("{\"teams\":[{\"id\":\"t1\",\"name\":\"T\"}]}",
                                           "teams", DECK_TYPE_FF_TEAM);
  g_autoptr(GListModel) rows = list_from ("{\"projects\":[{\"id\":\"i1\",\"name\":\"one\"}]}",
                                          "projects", DECK_TYPE_FF_INSTANCE);
  g_autoptr(DeckFfTeam) team = g_list_model_get_item (teams, 0);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(DeckFlowfuseClient) client = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window = gtk_window_new ();
  DeckInstancesPage *page = DECK_INSTANCES_PAGE (deck_instances_page_new ());
  guint opened = 0;

  /* Nothing listens on the discard port: the list is refused at once. */
  client = deck_flowfuse_client_new ("http://127.0.0.1:9", &error);
  g_assert_no_error (error);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  g_signal_connect (page, "open-instance", G_CALLBACK (count_opened_cb), &opened);

  deck_instances_page_show_snapshot (page, team, rows, now);
  g_assert_true (deck_instances_page_get_from_snapshot (page));
  gtk_widget_activate_action (GTK_WIDGET (page), "instances.open", "s", "i1");
  g_assert_cmpuint (opened, ==, 0);

  deck_instances_page_set_team (page, client, team);
  gtk_widget_activate_action (GTK_WIDGET (page), "instances.open", "s", "i1");
  g_assert_cmpuint (opened, ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  deck_test_ui_spin (100);
}

static gboolean
team_page_loaded (gpointer data)
{
  const char *state = deck_team_page_get_state (DECK_TEAM_PAGE (data));

  if (g_strcmp0 (state, "error") == 0 || g_strcmp0 (state, "members-error") == 0)
    g_error ("The team page failed to load");
  return g_strcmp0 (state, "details") == 0;
}

static void
assert_member_role (GtkWidget  *page,
                    const char *title,
                    const char *role)
{
  GtkWidget *row = deck_test_ui_find_row_titled (page, title);

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_mapped (row));
  g_assert_nonnull (deck_test_ui_find_label_prefixed (row, role));
}

static void
test_team_page (void)
{
  JsonObject *peer = deck_test_peers_get ("flowfuse");
  g_autoptr(DeckAccount) account = NULL;
  GtkWindow *window;
  DeckTeamPage *page;

  if (peer == NULL)
    return;

  window = deck_test_ui_main_window (app);
  account = deck_test_ui_add_token_account (app, peer);
  open_seeded_team (window, peer);

  deck_test_ui_click (deck_test_ui_find_button_with_action (GTK_WIDGET (window), "win.show-team"));
  page = DECK_TEAM_PAGE (deck_test_ui_find_widget (GTK_WIDGET (window), DECK_TYPE_TEAM_PAGE));
  deck_test_ui_wait_for (team_page_loaded, page, "the team page");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));

  assert_member_role (GTK_WIDGET (page), deck_test_peers_get_string (peer, "admin.name"), "Owner");
  assert_member_role (GTK_WIDGET (page), deck_test_peers_get_string (peer, "member.name"), "Member");
  g_assert_cmpuint (g_list_model_get_n_items (deck_team_page_get_members (page)), >=, 2);
  {
    GtkWidget *members = deck_test_ui_find_row_titled (GTK_WIDGET (page), "Members");
    GtkWidget *count_instances = deck_test_ui_find_row_titled (GTK_WIDGET (page), "Instances");

    g_assert_nonnull (members);
    g_assert_nonnull (count_instances);
    g_assert_nonnull (deck_test_ui_find_label_prefixed (members, "2"));
  }

  dismiss_toasts (window);
  deck_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-team.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close-subpage", NULL));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (page)));
  deck_test_ui_remove_account (app, account);
  deck_test_ui_spin (200);
}

static gboolean
logs_and_audit_loaded (gpointer data)
{
  DeckInstancePage *page = data;

  if (g_strcmp0 (deck_instance_page_get_logs_state (page), "error") == 0)
    g_error ("The logs failed to load");
  if (g_strcmp0 (deck_instance_page_get_audit_state (page), "error") == 0)
    g_error ("The audit log failed to load");

  return g_strcmp0 (deck_instance_page_get_logs_state (page), "list") == 0 &&
         g_strcmp0 (deck_instance_page_get_audit_state (page), "list") == 0;
}

static gboolean
log_has (GListModel *logs,
         const char *text)
{
  for (guint i = 0; i < g_list_model_get_n_items (logs); i++)
    {
      g_autoptr(DeckFfLogEntry) entry = g_list_model_get_item (logs, i);

      if (strstr (deck_ff_log_entry_get_msg (entry), text) != NULL)
        return TRUE;
    }

  return FALSE;
}

typedef struct
{
  GListModel *logs;
  guint       more_than;
} LogsWait;

static gboolean
logs_grew (gpointer data)
{
  LogsWait *wait = data;

  return g_list_model_get_n_items (wait->logs) > wait->more_than;
}

static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  double x = 0, y = 0;

  /* Measured from what scrolls, not from the viewport that moves it. */
  if (GTK_IS_VIEWPORT (content))
    content = gtk_viewport_get_child (GTK_VIEWPORT (content));

  g_assert_true (gtk_widget_translate_coordinates (widget, content, 0, 0, &x, &y));
  gtk_adjustment_set_value (adjustment, y - 12);
  deck_test_ui_spin (200);
}

static gboolean
first_state_known (gpointer data)
{
  g_autoptr(DeckFfInstance) first = g_list_model_get_item (data, 0);

  return first != NULL && deck_ff_instance_get_state_id (first) != DECK_FF_INSTANCE_STATE_UNKNOWN;
}

typedef struct
{
  GListModel     *model;
  DeckFfInstance *before;
} ReloadWait;

static gboolean
first_row_replaced (gpointer data)
{
  ReloadWait *wait = data;
  g_autoptr(DeckFfInstance) first = g_list_model_get_item (wait->model, 0);

  return first != NULL && first != wait->before;
}

static gboolean
oauth_failed (gpointer data)
{
  return deck_oauth_dialog_get_state (data) == DECK_OAUTH_DIALOG_STATE_NETWORK_ERROR;
}

static void
test_instance_logs (void)
{
  JsonObject *peer = deck_test_peers_get ("flowfuse");
  g_autoptr(DeckAccount) account = NULL;
  DeckInstancesPage *instances;
  DeckInstancePage *page;
  GtkWindow *window;
  GListModel *logs;
  GtkLabel *label;
  LogsWait lw;
  guint n;

  if (peer == NULL)
    return;

  window = deck_test_ui_main_window (app);
  account = deck_test_ui_add_token_account (app, peer);
  instances = open_seeded_team (window, peer);

  /* The list arrives before its live states. On a reload the rows keep
   * the state they had until the status call answers: no blink to "…". */
  {
    GListModel *model = deck_instances_page_get_model (instances);
    ReloadWait rw = { model, NULL };
    g_autoptr(DeckFfInstance) after = NULL;

    /* The window may still be switching to this team: let it land. */
    deck_test_ui_wait_for (first_state_known, model, "the live states");
    deck_test_ui_spin (1500);
    deck_test_ui_wait_for (first_state_known, model, "the live states");
    rw.before = g_list_model_get_item (model, 0);
    deck_instances_page_reload (instances);
    deck_test_ui_wait_for (first_row_replaced, &rw, "the reloaded list");
    after = g_list_model_get_item (model, 0);
    g_assert_true (after != rw.before);
    g_assert_cmpint (deck_ff_instance_get_state_id (after), ==,
                     deck_ff_instance_get_state_id (rw.before));
    g_clear_object (&rw.before);
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (instances), "instances.open", "s",
                                             deck_test_peers_get_string (peer, "instance.id")));
  page = DECK_INSTANCE_PAGE (deck_test_ui_find_widget (GTK_WIDGET (window), DECK_TYPE_INSTANCE_PAGE));
  deck_test_ui_wait_for (logs_and_audit_loaded, page, "the logs and the audit log");

  /* The stub driver's fixed log, with its levels in words and colour. */
  logs = deck_instance_page_get_logs (page);
  g_assert_true (log_has (logs, "Fake Log Entry"));
  g_assert_true (log_has (logs, "Captain Scarlet is indestructible"));
  label = deck_test_ui_find_label_prefixed (GTK_WIDGET (page), "Fake Log Entry");
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (label), "monospace"));
  label = deck_test_ui_find_label_prefixed (GTK_WIDGET (page), "Captain Scarlet");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (label), "error"));
  g_assert_nonnull (deck_test_ui_find_with_class (GTK_WIDGET (page), "warning"));
  g_assert_cmpuint (g_list_model_get_n_items (deck_instance_page_get_audit (page)), >, 0);

  /* It follows while open: the stub answers each poll with its newest
   * entry again. */
  lw.logs = logs;
  lw.more_than = g_list_model_get_n_items (logs);
  deck_test_ui_wait_for (logs_grew, &lw, "the log to follow");

  dismiss_toasts (window);
  scroll_to (gtk_widget_get_ancestor (deck_test_ui_find_with_class (GTK_WIDGET (page), "instance-log"),
                                      ADW_TYPE_PREFERENCES_GROUP));
  deck_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-instance-logs.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  deck_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-instance-logs-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* Hidden (the window), it stops polling; shown again, it follows again. */
  gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (page)));
  deck_test_ui_spin (1500); /* a poll already on its way may land */
  n = g_list_model_get_n_items (logs);
  deck_test_ui_spin (9000);
  g_assert_cmpuint (g_list_model_get_n_items (logs), ==, n);
  gtk_window_present (window);
  lw.more_than = n;
  deck_test_ui_wait_for (logs_grew, &lw, "the log to follow again");

  /* Admin API: one click opens the Node-RED sign-in at the instance's
   * address. The stub driver's instances live at plain http on a made-up
   * host, which the dialog refuses before loading anything (so nothing
   * leaves loopback). The whole strategy sign-in is tested against a
   * Node-RED with one in test-ui-accounts (/ui/accounts/node-red-strategy). */
  {
    GListModel *accounts = G_LIST_MODEL (deck_context_get_store (deck_application_get_context (app)));
    guint n_accounts = g_list_model_get_n_items (accounts);
    DeckOAuthDialog *oauth;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "instance.open-admin-api", NULL));
    deck_test_ui_wait_for (deck_test_ui_toplevel_shown, GSIZE_TO_POINTER (DECK_TYPE_OAUTH_DIALOG),
                           "the admin API sign-in");
    oauth = DECK_OAUTH_DIALOG (deck_test_ui_find_toplevel (DECK_TYPE_OAUTH_DIALOG));
    deck_test_ui_wait_for (oauth_failed, oauth, "the insecure address to be refused");
    g_assert_cmpuint (_deck_oauth_dialog_get_n_blocked (oauth), ==, 1);
    label = deck_test_ui_find_label_prefixed (GTK_WIDGET (oauth),
                                              "seed-instance.example.com was not opened");
    g_assert_nonnull (label);
    g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (label)));
    g_assert_nonnull (strstr (gtk_label_get_text (label), "not encrypted"));
    deck_test_ui_save_screenshot (GTK_WIDGET (oauth), "screenshot-admin-api-refused.png");
    gtk_window_close (GTK_WINDOW (oauth));
    deck_test_ui_wait_for (deck_test_ui_toplevel_gone, GSIZE_TO_POINTER (DECK_TYPE_OAUTH_DIALOG),
                           "the sign-in dialog to close");
    g_assert_cmpuint (g_list_model_get_n_items (accounts), ==, n_accounts);
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close-subpage", NULL));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (page)));

  deck_test_ui_remove_account (app, account);
  deck_test_ui_spin (200);
}

/*
 * The first frame of a long list
 */

typedef struct
{
  GtkWidget *grid;
  guint      frames;
  guint      first_items;  /* the grid's items when the first frame was drawn */
  guint      first_mapped; /* rows mapped in it */
  double     first_bottom; /* the lowest mapped row's bottom edge, in the grid */
} FirstFrame;

static void
rows_below (GtkWidget  *widget,
            GtkWidget  *grid,
            guint      *mapped,
            guint      *built,
            double     *bottom)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (DECK_IS_INSTANCE_ROW (child))
        {
          graphene_rect_t bounds;

          (*built)++;
          if (gtk_widget_get_mapped (child) && gtk_widget_compute_bounds (child, grid, &bounds))
            {
              (*mapped)++;
              *bottom = MAX (*bottom, bounds.origin.y + bounds.size.height);
            }
          continue;
        }
      rows_below (child, grid, mapped, built, bottom);
    }
}

static guint
grid_items (GtkWidget *grid)
{
  return g_list_model_get_n_items (G_LIST_MODEL (gtk_grid_view_get_model (GTK_GRID_VIEW (grid))));
}

/* Connected before the page's own handler (realize, before map): sees
 * the first frame as it was drawn. */
static void
first_frame_after_paint_cb (GdkFrameClock *clock,
                            FirstFrame    *frame)
{
  guint built = 0;

  if (frame->frames++ > 0)
    return;
  frame->first_items = grid_items (frame->grid);
  rows_below (frame->grid, frame->grid, &frame->first_mapped, &built, &frame->first_bottom);
}

static gboolean
first_frame_drawn (gpointer data)
{
  return ((FirstFrame *) data)->frames >= 3;
}

/* The status pages under @root that are visible (styled by GTK). */
static guint
visible_status_pages (GtkWidget *root)
{
  guint n = ADW_IS_STATUS_PAGE (root) && gtk_widget_get_visible (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += visible_status_pages (child);
  return n;
}

static void
test_first_frame_rows (void)
{
  g_autoptr(GListStore) instances = deck_test_make_instances (200);
  g_autoptr(GListStore) fewer = deck_test_make_instances (150);
  FirstFrame frame = { 0 };
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = deck_instances_page_new ();
  guint limit = 700 / 48 + 1;
  guint mapped = 0, built = 0;
  double bottom = 0;
  gulong id;

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_set_child (GTK_WINDOW (window), page);
  frame.grid = deck_test_ui_find_widget (page, GTK_TYPE_GRID_VIEW);
  g_assert_nonnull (frame.grid);
  gtk_widget_realize (window);
  id = g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                         G_CALLBACK (first_frame_after_paint_cb), &frame);
  gtk_window_present (GTK_WINDOW (window));
  _deck_instances_page_show (DECK_INSTANCES_PAGE (page), G_LIST_MODEL (instances));

  /* Before any frame: the grid has only the rows the window can hold,
   * and has built no more. */
  g_assert_cmpuint (grid_items (frame.grid), ==, limit);
  rows_below (frame.grid, frame.grid, &mapped, &built, &bottom);
  g_assert_cmpuint (built, <=, limit);

  deck_test_ui_wait_for (first_frame_drawn, &frame, "the first frames");
  g_signal_handler_disconnect (gtk_widget_get_frame_clock (window), id);

  /* The first frame: those rows filled the list, top to bottom. */
  g_test_message ("first frame: %u items, %u rows mapped, bottom %.0f of %d px",
                  frame.first_items, frame.first_mapped, frame.first_bottom,
                  gtk_widget_get_height (frame.grid));
  g_assert_cmpuint (frame.first_items, ==, limit);
  g_assert_cmpuint (frame.first_mapped, >, 0);
  g_assert_cmpuint (frame.first_mapped, <, limit);
  g_assert_cmpfloat (frame.first_bottom, >=, gtk_widget_get_height (frame.grid));

  /* After it: all of them, and the grid keeps its usual rows around. */
  g_assert_cmpuint (grid_items (frame.grid), ==, 200);
  mapped = built = 0;
  rows_below (frame.grid, frame.grid, &mapped, &built, &bottom);
  g_assert_cmpuint (built, >, limit);

  /* A new list later (another team, a search) is not cut again. */
  _deck_instances_page_show (DECK_INSTANCES_PAGE (page), G_LIST_MODEL (fewer));
  g_assert_cmpuint (grid_items (frame.grid), ==, 150);

  /* The empty, no-results and error pages stay hidden (unstyled) until
   * one is needed. */
  g_assert_cmpuint (visible_status_pages (page), ==, 0);
  g_list_store_remove_all (fewer);
  _deck_instances_page_show (DECK_INSTANCES_PAGE (page), G_LIST_MODEL (fewer));
  g_assert_cmpstr (deck_instances_page_get_state (DECK_INSTANCES_PAGE (page)), ==, "empty");
  g_assert_cmpuint (visible_status_pages (page), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  deck_test_isolate_data_dir ();
  deck_test_ui_init (&argc, &argv);

  app = deck_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/ui/instances/create-and-delete", test_create_and_delete_instance);
  g_test_add_func ("/ui/instances/create-team", test_create_team);
  g_test_add_func ("/ui/instances/reopens-last-team", test_reopens_last_team);
  g_test_add_func ("/ui/instances/snapshot-at-start", test_snapshot_at_start);
  g_test_add_func ("/ui/instances/updating-banner", test_updating_banner);
  g_test_add_func ("/ui/instances/snapshot-actions", test_snapshot_actions);
  g_test_add_func ("/ui/instances/team-page", test_team_page);
  g_test_add_func ("/ui/instances/logs", test_instance_logs);
  g_test_add_func ("/ui/instances/first-frame-rows", test_first_frame_rows);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
