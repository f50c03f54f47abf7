/* deck-team-page.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-team-page"

#include "config.h"

#include <glib/gi18n.h>

#include "deck-gui-util.h"
#include "deck-team-page.h"

/* One team: its counts (instances, members), its type, the user's role,
 * and its members with their roles. Loaded fresh each time it shows. */

struct _DeckTeamPage
{
  GtkWidget           parent_instance;

  /* Owned References */
  DeckFlowfuseClient *client;
  DeckFfTeam         *team;
  GCancellable       *cancellable;
  GListStore         *members;
  int                 role;   /* the user's, from the sidebar's copy */

  /* Template Widgets */
  GtkStack           *stack;
  AdwStatusPage      *error_page;
  GtkLabel           *instances_label;
  GtkLabel           *members_label;
  AdwActionRow       *type_row;
  AdwActionRow       *role_row;
  GtkStack           *members_stack;
  GtkLabel           *members_error;
  GtkListBox         *members_list;
};

G_DEFINE_FINAL_TYPE (DeckTeamPage, deck_team_page, GTK_TYPE_WIDGET)

/*
 * Auxiliary methods
 */

static void
set_count (GtkLabel *label,
           int       count)
{
  g_autofree char *text = count >= 0 ? g_strdup_printf ("%d", count) : g_strdup (_("Unknown"));

  gtk_label_set_text (label, text);
}

static void
fill_team (DeckTeamPage *self)
{
  DeckFfTeamType *type = deck_ff_team_get_team_type (self->team);
  int members = deck_ff_team_get_member_count (self->team);

  set_count (self->instances_label, deck_ff_team_get_instance_count (self->team));
  /* Older servers leave the member count out; the list has it. */
  if (members < 0 && gtk_stack_get_visible_child_name (self->members_stack) != NULL &&
      g_str_equal (gtk_stack_get_visible_child_name (self->members_stack), "list"))
    members = (int) g_list_model_get_n_items (G_LIST_MODEL (self->members));
  set_count (self->members_label, members);
  adw_action_row_set_subtitle (self->type_row,
                               type != NULL ? deck_ff_team_type_get_name (type) : _("Unknown"));
  adw_action_row_set_subtitle (self->role_row,
                               deck_ff_role_to_string (self->role));
}

static GtkWidget *
create_member_row (gpointer item,
                   gpointer user_data)
{
  DeckFfUser *user = item;
  const char *name = deck_ff_user_get_name (user);
  const char *username = deck_ff_user_get_username (user);
  const char *title = name != NULL && *name != '\0' ? name : username;
  g_autofree char *subtitle = NULL;
  GtkWidget *row, *avatar, *role;

  if (deck_ff_user_get_email (user) != NULL)
    /* Translators: a user name, then their email address. */
    subtitle = g_strdup_printf (_("%s · %s"), username, deck_ff_user_get_email (user));
  else
    subtitle = g_strdup (username);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  avatar = adw_avatar_new (32, title, TRUE);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), avatar);

  role = gtk_label_new (deck_ff_role_to_string (deck_ff_user_get_role (user)));
  gtk_widget_set_valign (role, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (role, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), role);

  g_object_set_data_full (G_OBJECT (row), "username", g_strdup (username), g_free);
  return row;
}

/*
 * Loading
 */

static void
members_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DeckTeamPage) self = user_data;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;

  list = deck_flowfuse_client_finish_list (DECK_FLOWFUSE_CLIENT (source), result, &error);
  if (list == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_warning ("Loading the members failed: %s", error->message);
      gtk_label_set_text (self->members_error, error->message);
      deck_gui_stack_show (self->members_stack, "error");
      return;
    }

  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    g_ptr_array_add (items, g_list_model_get_item (list, i));
  g_list_store_splice (self->members, 0, g_list_model_get_n_items (G_LIST_MODEL (self->members)),
                       items->pdata, items->len);
  deck_gui_stack_show (self->members_stack, "list");
  fill_team (self);
}

static void
team_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(DeckTeamPage) self = user_data;
  g_autoptr(DeckFfTeam) team = NULL;
  g_autoptr(GError) error = NULL;

  team = deck_flowfuse_client_finish_object (DECK_FLOWFUSE_CLIENT (source), result, &error);
  if (team == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_warning ("Loading the team failed: %s", error->message);
      adw_status_page_set_description (self->error_page, error->message);
      deck_gui_stack_show (self->stack, "error");
      return;
    }

  /* The single team may lack the user's role; the sidebar's copy has it. */
  if (deck_ff_team_get_role (team) != DECK_FF_ROLE_UNKNOWN)
    self->role = deck_ff_team_get_role (team);
  g_set_object (&self->team, team);
  fill_team (self);
  deck_gui_stack_show (self->stack, "details");
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  deck_team_page_reload (DECK_TEAM_PAGE (widget));
}

/*
 * GObject overrides
 */

static void
deck_team_page_dispose (GObject *object)
{
  DeckTeamPage *self = DECK_TEAM_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DECK_TYPE_TEAM_PAGE);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->client);
  g_clear_object (&self->team);
  g_clear_object (&self->members);

  G_OBJECT_CLASS (deck_team_page_parent_class)->dispose (object);
}

static void
deck_team_page_finalize (GObject *object)
{
  DeckTeamPage *self = DECK_TEAM_PAGE (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (deck_team_page_parent_class)->finalize (object);
}

static void
deck_team_page_class_init (DeckTeamPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = deck_team_page_dispose;
  object_class->finalize = deck_team_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/deck-team-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DeckTeamPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DeckTeamPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, DeckTeamPage, instances_label);
  gtk_widget_class_bind_template_child (widget_class, DeckTeamPage, members_label);
  gtk_widget_class_bind_template_child (widget_class, DeckTeamPage, type_row);
  gtk_widget_class_bind_template_child (widget_class, DeckTeamPage, role_row);
  gtk_widget_class_bind_template_child (widget_class, DeckTeamPage, members_stack);
  gtk_widget_class_bind_template_child (widget_class, DeckTeamPage, members_error);
  gtk_widget_class_bind_template_child (widget_class, DeckTeamPage, members_list);

  gtk_widget_class_install_action (widget_class, "team.reload", NULL, reload_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "team.reload", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
deck_team_page_init (DeckTeamPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->members = g_list_store_new (DECK_TYPE_FF_USER);
  gtk_list_box_bind_model (self->members_list, G_LIST_MODEL (self->members), create_member_row,
                           NULL, NULL);
}

/*
 * Public API
 */

GtkWidget *
deck_team_page_new (void)
{
  return g_object_new (DECK_TYPE_TEAM_PAGE, NULL);
}

/**
 * deck_team_page_set_team:
 * @self: a #DeckTeamPage
 * @client: the account's client
 * @team: the team (as the sidebar has it, with the user's role)
 *
 * Shows @team, loading its details and members now.
 */
void
deck_team_page_set_team (DeckTeamPage       *self,
                         DeckFlowfuseClient *client,
                         DeckFfTeam         *team)
{
  g_return_if_fail (DECK_IS_TEAM_PAGE (self));
  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (client));
  g_return_if_fail (DECK_IS_FF_TEAM (team));

  deck_team_page_clear (self);
  g_set_object (&self->client, client);
  g_set_object (&self->team, team);
  self->role = deck_ff_team_get_role (team);
  deck_team_page_reload (self);
}

/**
 * deck_team_page_clear:
 * @self: a #DeckTeamPage
 *
 * Stops loading and forgets the team.
 */
void
deck_team_page_clear (DeckTeamPage *self)
{
  g_return_if_fail (DECK_IS_TEAM_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_object (&self->client);
  g_clear_object (&self->team);
  g_list_store_remove_all (self->members);
  deck_gui_stack_show (self->stack, "loading");
  deck_gui_stack_show (self->members_stack, "loading");
}

/**
 * deck_team_page_reload:
 * @self: a #DeckTeamPage
 *
 * Loads the team's details and members again.
 */
void
deck_team_page_reload (DeckTeamPage *self)
{
  g_return_if_fail (DECK_IS_TEAM_PAGE (self));

  if (self->client == NULL || self->team == NULL)
    return;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "error") == 0)
    deck_gui_stack_show (self->stack, "loading");
  deck_flowfuse_client_get_team_async (self->client, deck_ff_team_get_id (self->team),
                                       self->cancellable, team_cb, g_object_ref (self));
  deck_flowfuse_client_list_members_async (self->client, deck_ff_team_get_id (self->team),
                                           self->cancellable, members_cb, g_object_ref (self));
}

/**
 * deck_team_page_get_state:
 * @self: a #DeckTeamPage
 *
 * Returns: "loading", "error", or "details" once the team and its
 *   members have loaded ("members-error" if only the members failed)
 */
const char *
deck_team_page_get_state (DeckTeamPage *self)
{
  const char *page;
  const char *members;

  g_return_val_if_fail (DECK_IS_TEAM_PAGE (self), NULL);

  page = gtk_stack_get_visible_child_name (self->stack);
  members = gtk_stack_get_visible_child_name (self->members_stack);
  if (g_strcmp0 (page, "details") != 0)
    return page;
  if (g_strcmp0 (members, "error") == 0)
    return "members-error";
  if (g_strcmp0 (members, "list") != 0)
    return "loading";

  return "details";
}

/**
 * deck_team_page_get_members:
 * @self: a #DeckTeamPage
 *
 * Returns: (transfer none): the #DeckFfUser list shown
 */
GListModel *
deck_team_page_get_members (DeckTeamPage *self)
{
  g_return_val_if_fail (DECK_IS_TEAM_PAGE (self), NULL);

  return G_LIST_MODEL (self->members);
}
