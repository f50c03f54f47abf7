/* deck-window.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-window"

#include "config.h"

#include <glib/gi18n.h>

#include "deck-add-account-dialog.h"
#include "deck-create-instance-dialog.h"
#include "deck-create-team-dialog.h"
#include "deck-format.h"
#include "deck-gui-util.h"
#include "deck-http.h"
#include "deck-instance-page.h"
#include "deck-instances-page.h"
#include "deck-node-red-page.h"
#include "deck-secure.h"
#include "deck-connections-page.h"
#include "deck-personal-tokens-page.h"
#include "deck-snapshot.h"
#include "deck-team-page.h"
#include "deck-token-expiry-page.h"
#include "deck-web.h"
#include "deck-window.h"

struct _DeckWindow
{
  AdwApplicationWindow  parent_instance;

  /* Cancellable which cancels when the window closes */
  GCancellable         *cancellable;

  /* Owned References */
  GSettings            *settings;
  DeckContext          *context;
  GHashTable           *teams;        /* account id → GListModel of DeckFfTeam */
  GHashTable           *team_errors;  /* account id → error message */
  char                 *team_title;
  char                 *team_subtitle;
  guint                 navigation;   /* bumped on each navigation, so late loads do not
                                       * take the user somewhere they left */
  gboolean              auto_selecting;
  char                 *pending_team_id; /* a new team to open once the sidebar has it */
  GHashTable           *snapshots;    /* account id → DeckSnapshot whose rows wait to be shown */
  DeckAccount          *page_account; /* the account of the team the instances page shows */

  /* Template Widgets */
  AdwToastOverlay      *toast_overlay;
  GMenuModel           *primary_menu;
  GtkMenuButton        *welcome_menu_button;
  GtkMenuButton        *sidebar_menu_button;
  GtkStack             *main_stack;
  AdwStatusPage        *welcome_page;
  AdwLeaflet           *leaflet;
  GtkListBox           *sidebar_list;
  GtkStack             *content_stack;
  DeckNodeRedPage      *node_red_page;
  DeckConnectionsPage  *connections_page;
  AdwWindowTitle       *content_title;
  DeckInstancesPage    *instances_page;
  DeckInstancePage     *instance_page;
  DeckPersonalTokensPage *tokens_page;
  DeckTeamPage         *team_page;
  DeckTokenExpiryPage  *expiry_page;
  GtkButton            *back_button;
  GtkButton            *search_button;
  GtkButton            *create_button;
  GtkButton            *team_button;
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
 * Sidebar: each account, then its teams
 */

static void load_teams (DeckWindow  *self,
                        DeckAccount *account);

/* An account's menu, as its state is when the menu opens. */
static GMenuModel *
account_menu (DeckAccount *account)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenuItem) refresh = g_menu_item_new (_("_Refresh"), NULL);
  g_autoptr(GMenuItem) remove = g_menu_item_new (_("_Remove Account…"), NULL);

  if (deck_account_get_kind (account) == DECK_ACCOUNT_KIND_FLOWFUSE)
    {
      g_autoptr(GMenuItem) tokens = g_menu_item_new (_("_Personal Access Tokens"), NULL);
      g_autoptr(GMenuItem) new_team = g_menu_item_new (_("New _Team…"), NULL);

      g_menu_item_set_action_and_target_value (new_team, "win.create-team",
                                               g_variant_new_string (deck_account_get_id (account)));
      g_menu_append_item (menu, new_team);
      g_menu_item_set_action_and_target_value (tokens, "win.personal-tokens",
                                               g_variant_new_string (deck_account_get_id (account)));
      g_menu_append_item (menu, tokens);
    }
  g_menu_item_set_action_and_target_value (refresh, "win.refresh-account",
                                           g_variant_new_string (deck_account_get_id (account)));
  g_menu_item_set_action_and_target_value (remove, "win.remove-account",
                                           g_variant_new_string (deck_account_get_id (account)));
  g_menu_append_item (menu, refresh);
  {
    gboolean signed_out = deck_account_get_status (account) == DECK_ACCOUNT_STATUS_SIGNED_OUT ||
                          deck_account_get_credential (account) == DECK_ACCOUNT_CREDENTIAL_NONE;
    g_autoptr(GMenuItem) sign = g_menu_item_new (signed_out ? _("Sign _In Again…")
                                                            : _("Sign _Out"), NULL);

    /* A Node-RED without admin authentication has nothing to sign out of. */
    if (signed_out || deck_account_get_kind (account) == DECK_ACCOUNT_KIND_FLOWFUSE ||
        deck_account_get_credential (account) == DECK_ACCOUNT_CREDENTIAL_NODE_RED_TOKEN)
      {
        g_menu_item_set_action_and_target_value (sign, signed_out ? "win.sign-in-again"
                                                                  : "win.sign-out",
                                                 g_variant_new_string (deck_account_get_id (account)));
        g_menu_append_item (menu, sign);
      }
  }
  g_menu_append_item (menu, remove);
  return G_MENU_MODEL (menu);
}

/* Made when it opens, not on every rebuild of the sidebar: a popover
 * menu is dozens of widgets, and the sidebar is rebuilt several times
 * during start-up. */
static void
account_menu_popup_cb (GtkMenuButton *button,
                       gpointer       user_data)
{
  g_autoptr(GMenuModel) menu = account_menu (DECK_ACCOUNT (user_data));

  gtk_menu_button_set_menu_model (button, menu);
}

static GtkWidget *
account_header_row (DeckWindow  *self,
                    DeckAccount *account)
{
  g_autoptr(GUri) uri = g_uri_parse (deck_account_get_url (account), G_URI_FLAGS_NONE, NULL);
  g_autofree char *subtitle = NULL;
  g_autofree char *node_red_host = NULL;
  const char *host = uri ? g_uri_get_host (uri) : deck_account_get_url (account);
  const char *error = g_hash_table_lookup (self->team_errors, deck_account_get_id (account));
  GtkWidget *row, *box, *avatar, *labels, *title, *sub, *button;

  if (deck_account_get_kind (account) == DECK_ACCOUNT_KIND_NODE_RED)
    host = node_red_host = g_strdup_printf (_("Node-RED · %s"), host);

  if (deck_account_get_status (account) == DECK_ACCOUNT_STATUS_SIGNED_OUT)
    /* Translators: %s is a server's host name. */
    subtitle = g_strdup_printf (_("%s · Signed out — sign in again"), host);
  else if (error != NULL)
    subtitle = g_strdup_printf (_("%s · Offline"), host);
  else
    subtitle = g_strdup (host);

  row = gtk_list_box_row_new ();
  if (deck_account_get_kind (account) == DECK_ACCOUNT_KIND_NODE_RED)
    {
      /* A Node-RED has no teams: its own row opens its overview. */
      g_object_set_data_full (G_OBJECT (row), "account", g_object_ref (account), g_object_unref);
    }
  else
    {
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
    }
  gtk_widget_add_css_class (row, "account-row");

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 2);
  avatar = adw_avatar_new (32, deck_account_get_display_name (account), TRUE);
  labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_hexpand (labels, TRUE);
  title = gtk_label_new (deck_account_get_display_name (account));
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "heading");
  sub = gtk_label_new (subtitle);
  gtk_label_set_xalign (GTK_LABEL (sub), 0);
  gtk_label_set_ellipsize (GTK_LABEL (sub), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (sub, "caption");
  gtk_widget_add_css_class (sub, deck_account_get_status (account) == DECK_ACCOUNT_STATUS_SIGNED_OUT
                                   ? "error" : "dim-label");
  if (error != NULL)
    gtk_widget_set_tooltip_text (sub, error);
  gtk_box_append (GTK_BOX (labels), title);
  gtk_box_append (GTK_BOX (labels), sub);

  button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (button), account_menu_popup_cb,
                                         g_object_ref (account), g_object_unref);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Account Menu"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Account menu"), -1);

  gtk_box_append (GTK_BOX (box), avatar);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_box_append (GTK_BOX (box), button);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static GtkWidget *
team_row (DeckAccount *account,
          DeckFfTeam  *team)
{
  GtkWidget *row, *box, *name, *role;

  row = gtk_list_box_row_new ();
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_start (box, 42);
  name = gtk_label_new (deck_ff_team_get_name (team));
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  role = gtk_label_new (deck_ff_role_to_string (deck_ff_team_get_role (team)));
  gtk_widget_add_css_class (role, "dim-label");
  gtk_widget_add_css_class (role, "caption");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), role);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  g_object_set_data_full (G_OBJECT (row), "account", g_object_ref (account), g_object_unref);
  g_object_set_data_full (G_OBJECT (row), "team", g_object_ref (team), g_object_unref);
  return row;
}

static void row_selected_cb (DeckWindow    *self,
                             GtkListBoxRow *row);
static void show_content    (DeckWindow    *self,
                             const char    *name,
                             const char    *title,
                             const char    *subtitle);

/* Accounts, or the welcome page when there are none. Until the accounts
 * file is read the welcome page shows no welcome: the user may have
 * accounts. */
static void
update_main_stack (DeckWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (deck_context_get_store (self->context)));

  gtk_widget_set_visible (GTK_WIDGET (self->welcome_page),
                          deck_context_get_accounts_loaded (self->context));
  deck_gui_stack_show (self->main_stack, n > 0 ? "accounts" : "welcome");
}

static void
rebuild_sidebar (DeckWindow *self)
{
  GListModel *accounts = G_LIST_MODEL (deck_context_get_store (self->context));
  guint n = g_list_model_get_n_items (accounts);
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (self->sidebar_list);
  g_autofree char *selected_account = NULL;
  g_autofree char *selected_team = NULL;
  GtkWidget *child;

  /* The team shown stays selected (its model may be renewed; nothing
   * reloads). */
  if (selected != NULL && g_object_get_data (G_OBJECT (selected), "team") != NULL)
    {
      selected_account = g_strdup (deck_account_get_id (g_object_get_data (G_OBJECT (selected),
                                                                           "account")));
      selected_team = g_strdup (deck_ff_team_get_id (g_object_get_data (G_OBJECT (selected),
                                                                        "team")));
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list))) != NULL)
    gtk_list_box_remove (self->sidebar_list, child);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DeckAccount) account = g_list_model_get_item (accounts, i);
      GListModel *teams = g_hash_table_lookup (self->teams, deck_account_get_id (account));

      gtk_list_box_append (self->sidebar_list, account_header_row (self, account));
      if (teams == NULL)
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (teams); j++)
        {
          g_autoptr(DeckFfTeam) team = g_list_model_get_item (teams, j);
          GtkWidget *row = team_row (account, team);

          gtk_list_box_append (self->sidebar_list, row);
          if (selected_team != NULL &&
              g_strcmp0 (deck_account_get_id (account), selected_account) == 0 &&
              g_strcmp0 (deck_ff_team_get_id (team), selected_team) == 0)
            {
              g_signal_handlers_block_by_func (self->sidebar_list, row_selected_cb, self);
              gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (row));
              g_signal_handlers_unblock_by_func (self->sidebar_list, row_selected_cb, self);
            }
        }
    }

  update_main_stack (self);
}

typedef struct
{
  DeckWindow  *self;
  DeckAccount *account;
} TeamsLoad;

static void
teams_load_free (TeamsLoad *load)
{
  g_clear_object (&load->self);
  g_clear_object (&load->account);
  g_free (load);
}

static void
select_first_team (DeckWindow *self)
{
  GtkListBoxRow *row;

  if (gtk_list_box_get_selected_row (self->sidebar_list) != NULL)
    return;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->sidebar_list, i)) != NULL; i++)
    if (g_object_get_data (G_OBJECT (row), "team") != NULL)
      {
        /* Not the user's choice: it must not pull them off a subpage. */
        self->auto_selecting = TRUE;
        gtk_list_box_select_row (self->sidebar_list, row);
        self->auto_selecting = FALSE;
        return;
      }
}

/* The team shown at the last start, once the sidebar has it; else the
 * first team. */
static void
select_pending_team (DeckWindow *self)
{
  GtkListBoxRow *row;

  if (self->pending_team_id != NULL)
    {
      for (int i = 0; (row = gtk_list_box_get_row_at_index (self->sidebar_list, i)) != NULL; i++)
        {
          DeckFfTeam *team = g_object_get_data (G_OBJECT (row), "team");

          if (team != NULL && g_strcmp0 (deck_ff_team_get_id (team), self->pending_team_id) == 0)
            {
              g_clear_pointer (&self->pending_team_id, g_free);
              gtk_list_box_select_row (self->sidebar_list, row);
              break;
            }
        }
    }
  select_first_team (self);
}

/* The account was removed while its teams loaded (its token revoked on
 * the way out, so the answer is a refusal): nothing to show or say. */
static gboolean
account_still_there (TeamsLoad *load)
{
  return deck_account_store_find (deck_context_get_store (load->self->context),
                                  deck_account_get_id (load->account)) == load->account;
}

static void
teams_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  TeamsLoad *load = user_data;
  DeckWindow *self = load->self;
  g_autoptr(GListModel) teams = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = deck_account_get_id (load->account);
  GListModel *teams_now = NULL;   /* the server's, if it answered */

  teams = deck_flowfuse_client_finish_list (DECK_FLOWFUSE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !account_still_there (load))
    {
      teams_load_free (load);
      return;
    }

  if (teams == NULL)
    {
      g_hash_table_replace (self->team_errors, g_strdup (id), g_strdup (error->message));
      /* Offline, or signed out by the server, is a state the sidebar
       * shows (the teams last shown stay, from the snapshot), not a fault.
       * A refusal also comes when the account is being removed: its token
       * is deleted on the server before it leaves the store. */
      if (error->domain == DECK_NET_ERROR)
        {
          g_message ("%s is offline: %s", deck_account_get_url (load->account), error->message);
          deck_account_set_status (load->account, DECK_ACCOUNT_STATUS_OFFLINE);
        }
      else if (g_error_matches (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_UNAUTHORIZED) ||
               g_error_matches (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_TOKEN_EXPIRED))
        {
          g_message ("%s refused the sign-in: %s", deck_account_get_url (load->account),
                     error->message);
        }
      else
        {
          g_warning ("Loading the teams of %s failed: %s", deck_account_get_url (load->account),
                     error->message);
        }
    }
  else
    {
      g_hash_table_remove (self->team_errors, id);
      teams_now = teams;
      g_hash_table_replace (self->teams, g_strdup (id), g_steal_pointer (&teams));
      /* The server's teams are here: rows of the snapshot not shown by
       * now are not wanted. */
      g_hash_table_remove (self->snapshots, id);
      if (deck_account_get_status (load->account) == DECK_ACCOUNT_STATUS_OFFLINE)
        deck_account_set_status (load->account, DECK_ACCOUNT_STATUS_SIGNED_IN);
    }

  rebuild_sidebar (self);
  /* The page shows this account's team: with the server's model now
   * (deck_instances_page_renew_team() takes only the same team). */
  if (self->page_account == load->account && teams_now != NULL)
    for (guint i = 0; i < g_list_model_get_n_items (teams_now); i++)
      {
        g_autoptr(DeckFfTeam) team = g_list_model_get_item (teams_now, i);

        deck_instances_page_renew_team (self->instances_page, team);
      }
  select_pending_team (self);
  teams_load_free (load);
}

static void
client_for_teams_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  TeamsLoad *load = user_data;
  g_autoptr(DeckFlowfuseClient) client = NULL;
  g_autoptr(GError) error = NULL;

  client = deck_context_get_flowfuse_client_finish (DECK_CONTEXT (source), result, &error);
  if (client == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && account_still_there (load))
        {
          g_warning ("No client for %s: %s", deck_account_get_url (load->account), error->message);
          g_hash_table_replace (load->self->team_errors, g_strdup (deck_account_get_id (load->account)),
                                g_strdup (error->message));
          rebuild_sidebar (load->self);
        }
      teams_load_free (load);
      return;
    }

  deck_flowfuse_client_list_teams_async (client, load->self->cancellable, teams_loaded_cb, load);
}

static void
snapshot_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  TeamsLoad *load = user_data;
  DeckWindow *self = load->self;
  g_autoptr(DeckSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = deck_account_get_id (load->account);

  snapshot = deck_snapshot_load_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      teams_load_free (load);
      return;
    }
  if (error != NULL)
    g_message ("Account %s: %s", id, error->message);

  /* Too late (the server answered first, or the account went): unused. */
  if (snapshot == NULL || g_hash_table_contains (self->teams, id) || !account_still_there (load) ||
      deck_account_get_status (load->account) == DECK_ACCOUNT_STATUS_SIGNED_OUT)
    {
      teams_load_free (load);
      return;
    }

  g_debug ("Account %s: showing the start-up snapshot", id);
  g_hash_table_replace (self->teams, g_strdup (id),
                        g_object_ref (deck_snapshot_get_teams (snapshot)));
  if (deck_snapshot_get_instances (snapshot) != NULL)
    g_hash_table_replace (self->snapshots, g_strdup (id), g_steal_pointer (&snapshot));
  rebuild_sidebar (self);
  select_pending_team (self);
  teams_load_free (load);
}

static void
load_teams (DeckWindow  *self,
            DeckAccount *account)
{
  TeamsLoad *load;

  if (deck_account_get_kind (account) != DECK_ACCOUNT_KIND_FLOWFUSE)
    return;

  /* Nothing to ask with: the account waits for "Sign In Again". */
  if (deck_account_get_credential (account) == DECK_ACCOUNT_CREDENTIAL_NONE)
    return;

  /* What it showed at the last start, until the server answers. */
  if (!g_hash_table_contains (self->teams, deck_account_get_id (account)))
    {
      load = g_new0 (TeamsLoad, 1);
      load->self = g_object_ref (self);
      load->account = g_object_ref (account);
      deck_context_load_snapshot_async (self->context, account, self->cancellable,
                                        snapshot_loaded_cb, load);
    }

  load = g_new0 (TeamsLoad, 1);
  load->self = g_object_ref (self);
  load->account = g_object_ref (account);
  deck_context_get_flowfuse_client_async (self->context, account, self->cancellable,
                                          client_for_teams_cb, load);
}

static void
account_status_cb (DeckWindow *self)
{
  rebuild_sidebar (self);
}

static void
accounts_changed_cb (DeckWindow *self,
                     guint       position,
                     guint       removed,
                     guint       added,
                     GListModel *accounts)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(DeckAccount) account = g_list_model_get_item (accounts, i);

      g_signal_connect_object (account, "notify::status", G_CALLBACK (account_status_cb), self,
                               G_CONNECT_SWAPPED);
      load_teams (self, account);
    }

  /* The account of the team shown went: so does the team. */
  if (removed > 0 && self->page_account != NULL &&
      deck_account_store_find (deck_context_get_store (self->context),
                               deck_account_get_id (self->page_account)) != self->page_account)
    {
      g_clear_object (&self->page_account);
      deck_instances_page_clear (self->instances_page);
      if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "instances") == 0)
        show_content (self, "none", NULL, NULL);
    }

  rebuild_sidebar (self);
}

/*
 * Content: the team's instances, or a subpage (one instance, or an
 * account's personal access tokens) with a Back button
 */

static gboolean
showing_subpage (DeckWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->content_stack);

  return g_strcmp0 (name, "instance") == 0 || g_strcmp0 (name, "tokens") == 0 ||
         g_strcmp0 (name, "connections") == 0 || g_strcmp0 (name, "team") == 0 ||
         g_strcmp0 (name, "token-overview") == 0;
}

static void
update_header (DeckWindow *self)
{
  gboolean subpage = showing_subpage (self);
  gboolean on_list = g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack),
                                "instances") == 0;
  /* A team from the start-up snapshot has no client yet: nothing to ask. */
  gboolean has_team = deck_instances_page_get_team (self->instances_page) != NULL &&
                      deck_instances_page_get_client (self->instances_page) != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->back_button),
                          subpage || adw_leaflet_get_folded (self->leaflet));
  gtk_widget_set_visible (GTK_WIDGET (self->search_button), on_list);
  gtk_widget_set_visible (GTK_WIDGET (self->create_button), on_list);
  gtk_widget_set_visible (GTK_WIDGET (self->team_button), on_list);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.close-subpage", subpage);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.create-instance", has_team);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-team", has_team);
}

static void
show_content (DeckWindow *self,
              const char *name,
              const char *title,
              const char *subtitle)
{
  gtk_stack_set_visible_child_name (self->content_stack, name);
  adw_window_title_set_title (self->content_title, title);
  adw_window_title_set_subtitle (self->content_title, subtitle);
  update_header (self);
}

/*
 * Subpages, made when first needed: the window at start-up needs only
 * the instances list, and GTK styles every page a stack holds.
 */

/* The page in @slot, made (of @type) and added as @name the first time. */
static gpointer
lazy_page (DeckWindow  *self,
           gpointer    *slot,
           GType        type,
           const char  *name)
{
  if (*slot == NULL)
    {
      *slot = g_object_new (type, NULL);
      gtk_stack_add_named (self->content_stack, *slot, name);
    }
  return *slot;
}

static DeckInstancePage *
instance_page (DeckWindow *self)
{
  return lazy_page (self, (gpointer *) &self->instance_page, DECK_TYPE_INSTANCE_PAGE, "instance");
}

static DeckNodeRedPage *
node_red_page (DeckWindow *self)
{
  return lazy_page (self, (gpointer *) &self->node_red_page, DECK_TYPE_NODE_RED_PAGE, "node-red");
}

static DeckTeamPage *
team_page (DeckWindow *self)
{
  return lazy_page (self, (gpointer *) &self->team_page, DECK_TYPE_TEAM_PAGE, "team");
}

static DeckPersonalTokensPage *
tokens_page (DeckWindow *self)
{
  return lazy_page (self, (gpointer *) &self->tokens_page, DECK_TYPE_PERSONAL_TOKENS_PAGE,
                    "tokens");
}

static DeckTokenExpiryPage *
expiry_page (DeckWindow *self)
{
  if (self->expiry_page == NULL)
    {
      lazy_page (self, (gpointer *) &self->expiry_page, DECK_TYPE_TOKEN_EXPIRY_PAGE,
                 "token-overview");
      deck_token_expiry_page_set_context (self->expiry_page, self->context);
    }
  return self->expiry_page;
}

static DeckConnectionsPage *
connections_page (DeckWindow *self)
{
  if (self->connections_page == NULL)
    {
      DeckConnectionStore *store = deck_context_get_connections (self->context);

      self->connections_page = DECK_CONNECTIONS_PAGE (deck_connections_page_new (store));
      gtk_stack_add_named (self->content_stack, GTK_WIDGET (self->connections_page),
                           "connections");
    }
  return self->connections_page;
}

static void
clear_subpages (DeckWindow *self)
{
  if (self->instance_page != NULL)
    deck_instance_page_clear (self->instance_page);
  if (self->tokens_page != NULL)
    deck_personal_tokens_page_clear (self->tokens_page);
  if (self->team_page != NULL)
    deck_team_page_clear (self->team_page);
}

static void
leave_subpage (DeckWindow *self)
{
  self->navigation++;
  clear_subpages (self);
  if (deck_instances_page_get_client (self->instances_page) != NULL)
    show_content (self, "instances", self->team_title, self->team_subtitle);
  else
    show_content (self, "none", NULL, NULL);
}

static void
open_instance_cb (DeckWindow        *self,
                  DeckFfInstance    *instance,
                  DeckInstancesPage *page)
{
  DeckFlowfuseClient *client = deck_instances_page_get_client (page);

  if (client != NULL)
    deck_window_show_instance (self, client, instance);
}

typedef struct
{
  DeckWindow *self;
  DeckFfTeam *team;
  guint       navigation;
} ShowTeam;

static void
client_for_team_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ShowTeam *show = user_data;
  g_autoptr(DeckFlowfuseClient) client = NULL;
  g_autoptr(GError) error = NULL;

  client = deck_context_get_flowfuse_client_finish (DECK_CONTEXT (source), result, &error);
  if (client != NULL)
    {
      deck_instances_page_set_team (show->self->instances_page, client, show->team);
      update_header (show->self);
      /* The user may have opened a subpage meanwhile: stay there. */
      if (show->navigation == show->self->navigation)
        {
          clear_subpages (show->self);
          show_content (show->self, "instances", show->self->team_title,
                        show->self->team_subtitle);
        }
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Rows from the snapshot must not pass for the team's. */
      DeckFfTeam *shown = deck_instances_page_get_team (show->self->instances_page);

      if (deck_instances_page_get_from_snapshot (show->self->instances_page) && shown != NULL &&
          g_strcmp0 (deck_ff_team_get_id (shown), deck_ff_team_get_id (show->team)) == 0)
        deck_instances_page_show_error (show->self->instances_page, error);
      deck_window_add_toast (show->self, adw_toast_new (error->message));
    }

  g_object_unref (show->self);
  g_object_unref (show->team);
  g_free (show);
}

/* The team's rows as the last start left them, while its client and
 * list load (once: the snapshot is dropped when used or passed over). */
static void
show_snapshot (DeckWindow  *self,
               DeckAccount *account,
               DeckFfTeam  *team,
               guint        navigation)
{
  g_autoptr(DeckSnapshot) snapshot = NULL;
  gpointer key;

  if (!g_hash_table_steal_extended (self->snapshots, deck_account_get_id (account), &key,
                                    (gpointer *) &snapshot))
    return;
  g_free (key);

  if (g_strcmp0 (deck_snapshot_get_team_id (snapshot), deck_ff_team_get_id (team)) != 0 ||
      deck_instances_page_get_team (self->instances_page) != NULL)
    return;

  deck_instances_page_show_snapshot (self->instances_page, team,
                                     deck_snapshot_get_instances (snapshot),
                                     deck_snapshot_get_saved_at (snapshot));
  update_header (self);
  if (navigation == self->navigation)
    {
      clear_subpages (self);
      show_content (self, "instances", self->team_title, self->team_subtitle);
    }
}

/* A fresh list with its states: kept for the next start. */
static void
instances_updated_cb (DeckWindow        *self,
                      DeckInstancesPage *page)
{
  DeckFfTeam *team = deck_instances_page_get_team (page);
  GListModel *teams;

  if (self->page_account == NULL || team == NULL)
    return;

  teams = g_hash_table_lookup (self->teams, deck_account_get_id (self->page_account));
  deck_context_save_snapshot (self->context, self->page_account, teams, deck_ff_team_get_id (team),
                              deck_instances_page_get_instances (page));
}

static void
row_selected_cb (DeckWindow    *self,
                 GtkListBoxRow *row)
{
  DeckAccount *account;
  DeckFfTeam *team;
  ShowTeam *show;
  g_autoptr(GUri) uri = NULL;

  if (row == NULL)
    return;

  account = g_object_get_data (G_OBJECT (row), "account");
  team = g_object_get_data (G_OBJECT (row), "team");
  if (account != NULL && team == NULL &&
      deck_account_get_kind (account) == DECK_ACCOUNT_KIND_NODE_RED)
    {
      g_autoptr(GUri) nr_uri = g_uri_parse (deck_account_get_url (account), G_URI_FLAGS_NONE,
                                            NULL);
      g_autofree char *subtitle = g_strdup_printf (_("Node-RED · %s"),
                                                   nr_uri ? g_uri_get_host (nr_uri) : "");

      self->navigation++;
      clear_subpages (self);
      deck_node_red_page_set_account (node_red_page (self), self->context, account);
      show_content (self, "node-red", deck_account_get_display_name (account), subtitle);
      adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
      return;
    }

  if (account == NULL || team == NULL)
    return;

  /* The team the user picked is the one the next start opens (and
   * prefetches); one shown on its own leaves their choice alone. */
  if (!self->auto_selecting)
    {
      g_clear_pointer (&self->pending_team_id, g_free);
      g_settings_set_string (self->settings, "selected-account", deck_account_get_id (account));
      g_settings_set_string (self->settings, "selected-team", deck_ff_team_get_id (team));
    }

  uri = g_uri_parse (deck_account_get_url (account), G_URI_FLAGS_NONE, NULL);
  g_free (self->team_title);
  self->team_title = g_strdup (deck_ff_team_get_name (team));
  g_free (self->team_subtitle);
  self->team_subtitle = g_strdup (uri ? g_uri_get_host (uri) : NULL);
  show = g_new0 (ShowTeam, 1);
  show->self = g_object_ref (self);
  show->team = g_object_ref (team);

  if (self->auto_selecting && showing_subpage (self))
    {
      /* Load the team behind the subpage; Back shows it. */
      show->navigation = self->navigation - 1;
    }
  else
    {
      show->navigation = ++self->navigation;
      adw_window_title_set_title (self->content_title, self->team_title);
      adw_window_title_set_subtitle (self->content_title, self->team_subtitle);
      adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
    }

  g_set_object (&self->page_account, account);
  show_snapshot (self, account, team, show->navigation);
  deck_context_get_flowfuse_client_async (self->context, account, self->cancellable,
                                          client_for_team_cb, show);
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
  DeckAddAccountDialog *dialog;

  dialog = deck_add_account_dialog_new (GTK_WINDOW (self), self->context);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
refresh_account_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  DeckWindow *self = DECK_WINDOW (widget);
  DeckAccount *account = deck_account_store_find (deck_context_get_store (self->context),
                                                  g_variant_get_string (parameter, NULL));

  if (account != NULL)
    load_teams (self, account);
  deck_instances_page_reload (self->instances_page);
}

static void
removed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DeckWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *warning = NULL;

  if (!deck_context_remove_account_finish (DECK_CONTEXT (source), result, &warning, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        deck_window_add_toast (self, adw_toast_new (error->message));
      return;
    }

  if (warning != NULL)
    {
      AdwToast *toast = adw_toast_new (warning);

      adw_toast_set_timeout (toast, 0);
      deck_window_add_toast (self, toast);
    }
  else
    {
      deck_window_add_toast (self, adw_toast_new (_("Account removed")));
    }

  clear_subpages (self);
  show_content (self, "none", NULL, NULL);
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    DeckWindow       *self)
{
  DeckAccount *account = g_object_get_data (G_OBJECT (dialog), "account");

  if (g_strcmp0 (response, "remove") != 0 || account == NULL)
    return;

  g_hash_table_remove (self->teams, deck_account_get_id (account));
  deck_context_remove_account_async (self->context, account, self->cancellable, removed_cb,
                                     g_object_ref (self));
}

static void
signed_out_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DeckWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *warning = NULL;
  AdwToast *toast;

  if (!deck_context_remove_account_finish (DECK_CONTEXT (source), result, &warning, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        deck_window_add_toast (self, adw_toast_new (error->message));
      return;
    }

  toast = adw_toast_new (warning ? warning : _("Signed out"));
  if (warning != NULL)
    adw_toast_set_timeout (toast, 0);
  deck_window_add_toast (self, toast);
  rebuild_sidebar (self);
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DeckWindow *self = DECK_WINDOW (widget);
  DeckAccount *account = deck_account_store_find (deck_context_get_store (self->context),
                                                  g_variant_get_string (parameter, NULL));

  if (account == NULL)
    return;

  g_hash_table_remove (self->teams, deck_account_get_id (account));
  deck_context_sign_out_async (self->context, account, self->cancellable, signed_out_cb,
                               g_object_ref (self));
}

static void
sign_in_again_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DeckWindow *self = DECK_WINDOW (widget);
  DeckAccount *account = deck_account_store_find (deck_context_get_store (self->context),
                                                  g_variant_get_string (parameter, NULL));
  DeckAddAccountDialog *dialog;

  if (account == NULL)
    return;

  /* The same assistant, at this account's server; signing in as the same
   * user replaces the signed-out account. */
  dialog = deck_add_account_dialog_new (GTK_WINDOW (self), self->context);
  deck_add_account_dialog_set_url (dialog, deck_account_get_url (account));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* "Open Admin API" of a FlowFuse instance: its Node-RED signs in with
 * the FlowFuse account through the instance's strategy, in one click. */

static GtkListBoxRow *
sidebar_row_for (DeckWindow  *self,
                 DeckAccount *account)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (g_object_get_data (G_OBJECT (child), "account") == (gpointer) account &&
        g_object_get_data (G_OBJECT (child), "team") == NULL &&
        gtk_list_box_row_get_selectable (GTK_LIST_BOX_ROW (child)))
      return GTK_LIST_BOX_ROW (child);

  return NULL;
}

static DeckAccount *
node_red_account_at (DeckWindow *self,
                     const char *url)
{
  GListModel *accounts = G_LIST_MODEL (deck_context_get_store (self->context));

  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(DeckAccount) account = g_list_model_get_item (accounts, i);

      if (deck_account_get_kind (account) == DECK_ACCOUNT_KIND_NODE_RED &&
          deck_account_get_status (account) != DECK_ACCOUNT_STATUS_SIGNED_OUT &&
          g_strcmp0 (deck_account_get_url (account), url) == 0)
        return account;   /* the store holds it */
    }

  return NULL;
}

static void
show_node_red_account (DeckWindow  *self,
                       DeckAccount *account)
{
  GtkListBoxRow *row = sidebar_row_for (self, account);

  if (row != NULL)
    gtk_list_box_select_row (self->sidebar_list, row);
}

typedef struct
{
  DeckWindow *self;
  char       *url;
} AdminApi;

static void
admin_api_free (AdminApi *data)
{
  g_clear_object (&data->self);
  g_free (data->url);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdminApi, admin_api_free)

static void
admin_api_added_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(AdminApi) data = user_data;
  g_autoptr(DeckAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = deck_context_add_account_finish (DECK_CONTEXT (source), result, &error);
  if (account == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_message ("Signing in to a Node-RED admin API failed: %s", error->message);
          deck_window_add_toast (data->self, adw_toast_new (error->message));
        }
      return;
    }

  show_node_red_account (data->self, account);
}

static void
admin_api_signed_in_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(AdminApi) data = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(DeckSecureString) code = NULL;
  g_auto(DeckSecureString) token = NULL;

  if (!deck_web_sign_in_run_node_red_finish (GTK_WINDOW (source), result, &code, &token,
                                             &error))
    {
      /* The dialog showed why; closing it is the answer. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("Node-RED admin API sign-in: %s", error->message);
      return;
    }

  deck_context_add_node_red_strategy_async (data->self->context, data->url, code, token,
                                            data->self->cancellable, admin_api_added_cb,
                                            g_steal_pointer (&data));
}

static void
open_admin_api_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  DeckWindow *self = DECK_WINDOW (widget);
  const char *url = g_variant_get_string (parameter, NULL);
  DeckAccount *existing = node_red_account_at (self, url);
  g_autoptr(GError) error = NULL;
  GtkWindow *dialog;
  AdminApi *data;

  if (existing != NULL)
    {
      show_node_red_account (self, existing);
      return;
    }

  /* Plain http to an instance is refused: FlowFuse's own sign-in goes
   * through it. */
  dialog = deck_web_node_red_sign_in_new (GTK_WINDOW (self), url, FALSE, &error);
  if (dialog == NULL)
    {
      deck_window_add_toast (self, adw_toast_new (error->message));
      return;
    }
  data = g_new0 (AdminApi, 1);
  data->self = g_object_ref (self);
  data->url = g_strdup (url);
  deck_web_sign_in_run_async (dialog, self->cancellable, admin_api_signed_in_cb, data);
}

static void
remove_account_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  DeckWindow *self = DECK_WINDOW (widget);
  DeckAccount *account = deck_account_store_find (deck_context_get_store (self->context),
                                                  g_variant_get_string (parameter, NULL));
  GtkWidget *dialog;

  if (account == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Remove Account?"), NULL);
  if (deck_account_get_credential (account) == DECK_ACCOUNT_CREDENTIAL_MINTED_PAT)
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                    _("Flowdeck signs out of %s, deletes the token it created "
                                      "for itself on the server and forgets the account. "
                                      "Nothing changes on your instances."),
                                    deck_account_get_url (account));
  else
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                    _("Flowdeck forgets %s and removes its token from the "
                                      "keyring. The token itself stays valid on the server "
                                      "until you revoke it there."),
                                    deck_account_get_url (account));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "account", g_object_ref (account), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
instance_created_cb (DeckWindow     *self,
                     DeckFfInstance *instance)
{
  /* Translators: %s is an instance name. */
  g_autofree char *text = g_strdup_printf (_("“%s” created"), deck_ff_instance_get_name (instance));

  deck_instances_page_reload (self->instances_page);
  deck_window_add_toast (self, adw_toast_new (text));
}

static void
create_instance_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  DeckWindow *self = DECK_WINDOW (widget);
  DeckFlowfuseClient *client = deck_instances_page_get_client (self->instances_page);
  DeckFfTeam *team = deck_instances_page_get_team (self->instances_page);
  DeckCreateInstanceDialog *dialog;

  if (client == NULL || team == NULL)
    return;

  dialog = deck_create_instance_dialog_new (GTK_WINDOW (self), client, team);
  g_signal_connect_object (dialog, "created", G_CALLBACK (instance_created_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_team_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DeckWindow *self = DECK_WINDOW (widget);
  DeckFlowfuseClient *client = deck_instances_page_get_client (self->instances_page);
  DeckFfTeam *team = deck_instances_page_get_team (self->instances_page);

  if (client == NULL || team == NULL)
    return;

  self->navigation++;
  if (self->instance_page != NULL)
    deck_instance_page_clear (self->instance_page);
  if (self->tokens_page != NULL)
    deck_personal_tokens_page_clear (self->tokens_page);
  deck_team_page_set_team (team_page (self), client, team);
  show_content (self, "team", deck_ff_team_get_name (team), _("Team"));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

typedef struct
{
  DeckWindow  *self;
  DeckAccount *account;
} CreateTeam;

static void
create_team_free (CreateTeam *create)
{
  g_clear_object (&create->self);
  g_clear_object (&create->account);
  g_free (create);
}

static void
team_created_cb (DeckCreateTeamDialog *dialog,
                 DeckFfTeam           *team,
                 DeckWindow           *self)
{
  DeckAccount *account = g_object_get_data (G_OBJECT (dialog), "account");
  /* Translators: %s is a team name. */
  g_autofree char *text = g_strdup_printf (_("Team “%s” created"), deck_ff_team_get_name (team));

  /* The sidebar opens it as soon as it lists it. */
  g_free (self->pending_team_id);
  self->pending_team_id = g_strdup (deck_ff_team_get_id (team));
  if (account != NULL)
    load_teams (self, account);
  deck_window_add_toast (self, adw_toast_new (text));
}

static void
client_for_create_team_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  CreateTeam *create = user_data;
  g_autoptr(DeckFlowfuseClient) client = NULL;
  g_autoptr(GError) error = NULL;
  DeckCreateTeamDialog *dialog;

  client = deck_context_get_flowfuse_client_finish (DECK_CONTEXT (source), result, &error);
  if (client == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        deck_window_add_toast (create->self, adw_toast_new (error->message));
      create_team_free (create);
      return;
    }

  dialog = deck_create_team_dialog_new (GTK_WINDOW (create->self), client,
                                        deck_account_get_display_name (create->account));
  g_object_set_data_full (G_OBJECT (dialog), "account", g_object_ref (create->account),
                          g_object_unref);
  g_signal_connect_object (dialog, "created", G_CALLBACK (team_created_cb), create->self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  create_team_free (create);
}

/* The account asked for, else the selected team's, else the first FlowFuse one. */
static DeckAccount *
account_for_new_team (DeckWindow *self,
                      const char *account_id)
{
  GListModel *accounts = G_LIST_MODEL (deck_context_get_store (self->context));
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->sidebar_list);
  DeckAccount *account = NULL;

  if (account_id != NULL && *account_id != '\0')
    return deck_account_store_find (deck_context_get_store (self->context), account_id);

  if (row != NULL && g_object_get_data (G_OBJECT (row), "team") != NULL)
    return g_object_get_data (G_OBJECT (row), "account");

  for (guint i = 0; account == NULL && i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(DeckAccount) candidate = g_list_model_get_item (accounts, i);

      if (deck_account_get_kind (candidate) == DECK_ACCOUNT_KIND_FLOWFUSE)
        account = candidate; /* the store keeps its reference */
    }

  return account;
}

static void
create_team_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DeckWindow *self = DECK_WINDOW (widget);
  DeckAccount *account = account_for_new_team (self, g_variant_get_string (parameter, NULL));
  CreateTeam *create;

  if (account == NULL || deck_account_get_kind (account) != DECK_ACCOUNT_KIND_FLOWFUSE)
    {
      deck_window_add_toast (self, adw_toast_new (_("Add a FlowFuse account first")));
      return;
    }

  create = g_new0 (CreateTeam, 1);
  create->self = g_object_ref (self);
  create->account = g_object_ref (account);
  deck_context_get_flowfuse_client_async (self->context, account, self->cancellable,
                                          client_for_create_team_cb, create);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DeckWindow *self = DECK_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "instances") == 0)
    deck_instances_page_focus_search (self->instances_page);
}

/* The keyboard shortcuts window, made the first time it is asked for:
 * GtkApplicationWindow would build it (hundreds of widgets) with every
 * window, during start-up. Handed to it then, it is set up as if it had
 * (transient, hidden on close, its shortcuts showing the application's
 * accels) and goes with the window. */
static void
show_help_overlay_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (widget);
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (window);

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder =
        gtk_builder_new_from_resource (APP_PATH "/ui/deck-shortcuts-window.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_application_window_set_help_overlay (window, overlay);
    }

  gtk_window_present (GTK_WINDOW (overlay));
}

/* The main menu's popover, made when it first opens (a popover menu is
 * dozens of widgets) and kept: GTK asks before every opening. */
static void
primary_menu_popup_cb (GtkMenuButton *button,
                       gpointer       user_data)
{
  DeckWindow *self = user_data;

  if (gtk_menu_button_get_menu_model (button) == NULL)
    gtk_menu_button_set_menu_model (button, self->primary_menu);
}

static void
connections_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DeckWindow *self = DECK_WINDOW (widget);
  DeckFlowfuseClient *client = deck_instances_page_get_client (self->instances_page);
  DeckConnectionsPage *page = connections_page (self);

  /* Delivering to an instance uses the team shown last, if any. */
  if (client != NULL)
    deck_connections_page_set_flowfuse (page, client,
                                        deck_instances_page_get_model (self->instances_page));

  self->navigation++;
  gtk_stack_set_visible_child_name (self->main_stack, "accounts");
  show_content (self, "connections", _("OAuth Connections"),
                _("Tokens for the services your flows use"));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
token_overview_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  deck_window_show_token_overview (DECK_WINDOW (widget));
}

static void
select_team_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DeckWindow *self = DECK_WINDOW (widget);
  int wanted = g_variant_get_int32 (parameter);
  GtkListBoxRow *row;
  int seen = 0;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->sidebar_list, i)) != NULL; i++)
    {
      if (g_object_get_data (G_OBJECT (row), "team") == NULL)
        continue;
      if (++seen == wanted)
        {
          gtk_list_box_select_row (self->sidebar_list, row);
          return;
        }
    }
}

static void
deck_window_navigate_back_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  DeckWindow *self = DECK_WINDOW (widget);

  if (showing_subpage (self))
    leave_subpage (self);
  else
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
close_subpage_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DeckWindow *self = DECK_WINDOW (widget);

  if (showing_subpage (self))
    leave_subpage (self);
}

typedef struct
{
  DeckWindow  *self;
  DeckAccount *account;
  guint        navigation;
} ShowTokens;

static void
client_for_tokens_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  ShowTokens *show = user_data;
  g_autoptr(DeckFlowfuseClient) client = NULL;
  g_autoptr(GError) error = NULL;

  client = deck_context_get_flowfuse_client_finish (DECK_CONTEXT (source), result, &error);
  if (client != NULL && show->navigation != show->self->navigation)
    {
      /* The user went elsewhere while the client was being prepared. */
    }
  else if (client != NULL)
    {
      if (show->self->instance_page != NULL)
        deck_instance_page_clear (show->self->instance_page);
      deck_personal_tokens_page_set_account (tokens_page (show->self), client, show->account);
      show_content (show->self, "tokens", _("Personal Access Tokens"),
                    deck_account_get_display_name (show->account));
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      deck_window_add_toast (show->self, adw_toast_new (error->message));
    }

  g_object_unref (show->self);
  g_object_unref (show->account);
  g_free (show);
}

static void
personal_tokens_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  deck_window_show_personal_tokens (DECK_WINDOW (widget), g_variant_get_string (parameter, NULL));
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
  g_clear_object (&self->context);
  g_clear_pointer (&self->teams, g_hash_table_unref);
  g_clear_pointer (&self->team_errors, g_hash_table_unref);
  g_clear_pointer (&self->snapshots, g_hash_table_unref);
  g_clear_object (&self->page_account);

  G_OBJECT_CLASS (deck_window_parent_class)->dispose (object);
}

static void
deck_window_finalize (GObject *object)
{
  DeckWindow *self = DECK_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->team_title, g_free);
  g_clear_pointer (&self->team_subtitle, g_free);
  g_clear_pointer (&self->pending_team_id, g_free);

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
  gtk_widget_class_bind_template_child (widget_class, DeckWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, DeckWindow, welcome_menu_button);
  gtk_widget_class_bind_template_child (widget_class, DeckWindow, sidebar_menu_button);
  gtk_widget_class_bind_template_child (widget_class, DeckWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, DeckWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, DeckWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, DeckWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, DeckWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, DeckWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, DeckWindow, instances_page);
  gtk_widget_class_bind_template_child (widget_class, DeckWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, DeckWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, DeckWindow, create_button);
  gtk_widget_class_bind_template_child (widget_class, DeckWindow, team_button);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, update_header);

  gtk_widget_class_install_action (widget_class, "win.add-account", NULL,
                                   deck_window_add_account_action);
  gtk_widget_class_install_action (widget_class, "win.navigate-back", NULL,
                                   deck_window_navigate_back_action);
  gtk_widget_class_install_action (widget_class, "win.refresh-account", "s",
                                   refresh_account_action);
  gtk_widget_class_install_action (widget_class, "win.remove-account", "s",
                                   remove_account_action);
  gtk_widget_class_install_action (widget_class, "win.sign-out", "s", sign_out_action);
  gtk_widget_class_install_action (widget_class, "win.sign-in-again", "s",
                                   sign_in_again_action);
  gtk_widget_class_install_action (widget_class, "win.open-admin-api", "s",
                                   open_admin_api_action);
  gtk_widget_class_install_action (widget_class, "win.select-team", "i", select_team_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.connections", NULL, connections_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL,
                                   show_help_overlay_action);
  gtk_widget_class_install_action (widget_class, "win.token-overview", NULL,
                                   token_overview_action);
  gtk_widget_class_install_action (widget_class, "win.personal-tokens", "s",
                                   personal_tokens_action);
  gtk_widget_class_install_action (widget_class, "win.close-subpage", NULL, close_subpage_action);
  gtk_widget_class_install_action (widget_class, "win.create-instance", NULL,
                                   create_instance_action);
  gtk_widget_class_install_action (widget_class, "win.create-team", "s", create_team_action);
  gtk_widget_class_install_action (widget_class, "win.show-team", NULL, show_team_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.create-instance", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.close-subpage",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search",
                                       NULL);
  for (guint i = 1; i <= 9; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0 + i, GDK_CONTROL_MASK,
                                         "win.select-team", "i", (int) i);

  g_type_ensure (DECK_TYPE_INSTANCES_PAGE);
  g_type_ensure (DECK_TYPE_NODE_RED_PAGE);
  g_type_ensure (DECK_TYPE_INSTANCE_PAGE);
  g_type_ensure (DECK_TYPE_PERSONAL_TOKENS_PAGE);
  g_type_ensure (DECK_TYPE_TEAM_PAGE);
  g_type_ensure (DECK_TYPE_TOKEN_EXPIRY_PAGE);
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
  self->teams = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->team_errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->snapshots = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) deck_snapshot_free);
  /* Reopen the team shown last, once its account has listed it. */
  self->pending_team_id = g_settings_get_string (self->settings, "selected-team");
  if (*self->pending_team_id == '\0')
    g_clear_pointer (&self->pending_team_id, g_free);

  adw_status_page_set_icon_name (self->welcome_page, APP_ID);
  gtk_menu_button_set_create_popup_func (self->welcome_menu_button, primary_menu_popup_cb, self,
                                         NULL);
  gtk_menu_button_set_create_popup_func (self->sidebar_menu_button, primary_menu_popup_cb, self,
                                         NULL);
  g_signal_connect_object (self->instances_page, "open-instance", G_CALLBACK (open_instance_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->instances_page, "updated", G_CALLBACK (instances_updated_cb),
                           self, G_CONNECT_SWAPPED);
  update_header (self);
  deck_window_restore_state (self);
}

/*
 * Public API
 */

DeckWindow *
deck_window_new (DeckApplication *application)
{
  DeckWindow *self;
  GListModel *accounts;

  self = g_object_new (DECK_TYPE_WINDOW,
                       "application", application,
                       NULL);

  /* The window follows the accounts: sidebar rows, teams, welcome page. */
  self->context = g_object_ref (deck_application_get_context (application));
  accounts = G_LIST_MODEL (deck_context_get_store (self->context));
  g_signal_connect_object (accounts, "items-changed", G_CALLBACK (accounts_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::accounts-loaded",
                           G_CALLBACK (update_main_stack), self, G_CONNECT_SWAPPED);
  accounts_changed_cb (self, 0, 0, g_list_model_get_n_items (accounts), accounts);

  return self;
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

/**
 * deck_window_show_instance:
 * @self: a #DeckWindow
 * @client: the client of @instance's account
 * @instance: the instance
 *
 * Shows @instance's page (details and HTTP access tokens); Back, Escape
 * or Alt+Left return to the list.
 */
void
deck_window_show_instance (DeckWindow         *self,
                           DeckFlowfuseClient *client,
                           DeckFfInstance     *instance)
{
  g_return_if_fail (DECK_IS_WINDOW (self));
  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (client));
  g_return_if_fail (DECK_IS_FF_INSTANCE (instance));

  self->navigation++;
  if (self->tokens_page != NULL)
    deck_personal_tokens_page_clear (self->tokens_page);
  deck_instance_page_set_instance (instance_page (self), client, instance);
  show_content (self, "instance", deck_ff_instance_get_name (instance),
                deck_ff_instance_get_application_name (instance));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/**
 * deck_window_show_personal_tokens:
 * @self: a #DeckWindow
 * @account_id: a FlowFuse account's id
 *
 * Shows the account's personal access tokens (once its client is ready).
 */
void
deck_window_show_personal_tokens (DeckWindow *self,
                                  const char *account_id)
{
  DeckAccount *account;
  ShowTokens *show;

  g_return_if_fail (DECK_IS_WINDOW (self));
  g_return_if_fail (account_id != NULL);

  account = deck_account_store_find (deck_context_get_store (self->context), account_id);
  if (account == NULL || deck_account_get_kind (account) != DECK_ACCOUNT_KIND_FLOWFUSE)
    return;

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  /* Made now, filled when the client is there. */
  tokens_page (self);
  show = g_new0 (ShowTokens, 1);
  show->self = g_object_ref (self);
  show->account = g_object_ref (account);
  show->navigation = ++self->navigation;
  deck_context_get_flowfuse_client_async (self->context, account, self->cancellable,
                                          client_for_tokens_cb, show);
}

/**
 * deck_window_show_token_overview:
 * @self: a #DeckWindow
 *
 * Shows every access token of every account, sorted by expiry, collecting
 * them anew; Back, Escape or Alt+Left return.
 */
void
deck_window_show_token_overview (DeckWindow *self)
{
  g_return_if_fail (DECK_IS_WINDOW (self));

  self->navigation++;
  clear_subpages (self);
  gtk_stack_set_visible_child_name (self->main_stack, "accounts");
  deck_token_expiry_page_reload (expiry_page (self));
  show_content (self, "token-overview", _("Access Tokens"), _("All accounts, by expiry"));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}
