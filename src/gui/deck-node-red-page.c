/* deck-node-red-page.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-node-red-page"

#include "config.h"

#include <glib/gi18n.h>

#include "deck-format.h"
#include "deck-gui-util.h"
#include "deck-node-red-page.h"

/* The overview of a Node-RED admin API connection: version, who is
 * signed in and with which permissions, the flows (tabs, node counts,
 * revision) and the installed modules, and "Reload Flows" when the token
 * may write. Everything comes from the core DeckNodeRedClient; a refused
 * token turns the account into "sign in again". */

struct _DeckNodeRedPage
{
  GtkWidget          parent_instance;

  /* Owned References */
  DeckContext       *context;
  DeckAccount       *account;
  DeckNodeRedClient *client;
  GCancellable      *cancellable;
  guint              n_flows;

  /* Template Widgets */
  GtkStack          *stack;
  AdwStatusPage     *error_page;
  AdwActionRow      *version_row;
  AdwActionRow      *user_row;
  AdwActionRow      *permissions_row;
  AdwActionRow      *expiry_row;
  AdwPreferencesGroup *flows_group;
  GtkListBox        *flows_list;
  GtkListBox        *modules_list;
  GtkButton         *reload_button;
};

G_DEFINE_FINAL_TYPE (DeckNodeRedPage, deck_node_red_page, GTK_TYPE_WIDGET)

static void
show_error (DeckNodeRedPage *self,
            const GError    *error)
{
  g_warning ("Node-RED: %s", error->message);
  if (g_error_matches (error, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_UNAUTHORIZED) &&
      self->account != NULL)
    deck_account_set_status (self->account, DECK_ACCOUNT_STATUS_SIGNED_OUT);

  adw_status_page_set_description (self->error_page, error->message);
  deck_gui_stack_show (self->stack, "error");
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
plain_row (const char *title,
           const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  /* Names come from the server: never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static void
modules_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DeckNodeRedPage) self = user_data;
  g_autoptr(GListModel) modules = NULL;
  g_autoptr(GError) error = NULL;

  modules = deck_node_red_client_list_modules_finish (DECK_NODE_RED_CLIENT (source), result, &error);
  if (modules == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }

  clear_list (self->modules_list);
  for (guint i = 0; i < g_list_model_get_n_items (modules); i++)
    {
      g_autoptr(DeckNrModule) module = g_list_model_get_item (modules, i);

      gtk_list_box_append (self->modules_list,
                           plain_row (deck_nr_module_get_name (module),
                                      deck_nr_module_get_version (module)));
    }
}

static void
flows_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DeckNodeRedPage) self = user_data;
  DeckNrFlows *flows;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;

  flows = deck_node_red_client_get_flows_finish (DECK_NODE_RED_CLIENT (source), result, &error);
  if (flows == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }

  clear_list (self->flows_list);
  self->n_flows = g_list_model_get_n_items (G_LIST_MODEL (flows->tabs));
  for (guint i = 0; i < self->n_flows; i++)
    {
      g_autoptr(DeckNrFlow) flow = g_list_model_get_item (G_LIST_MODEL (flows->tabs), i);
      g_autofree char *subtitle = NULL;
      guint nodes = deck_nr_flow_get_node_count (flow);

      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u node", "%u nodes", nodes),
                                  nodes);
      if (deck_nr_flow_get_disabled (flow))
        {
          char *longer = g_strdup_printf (_("%s · disabled"), subtitle);

          g_free (subtitle);
          subtitle = longer;
        }
      gtk_list_box_append (self->flows_list, plain_row (deck_nr_flow_get_label (flow), subtitle));
    }

  /* Translators: %s is the flows' revision, a hash. */
  {
    /* The revision is a long hash; its start tells revisions apart. */
    g_autofree char *rev = flows->rev ? g_strndup (flows->rev, 12) : g_strdup ("—");

    description = g_strdup_printf (_("Revision %s"), rev);
  }
  adw_preferences_group_set_description (self->flows_group, description);
  deck_nr_flows_free (flows);
  deck_gui_stack_show (self->stack, "overview");
}

static void
settings_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DeckNodeRedPage) self = user_data;
  g_autoptr(DeckNrSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *permissions = NULL;
  const char * const *perms;

  settings = deck_node_red_client_get_settings_finish (DECK_NODE_RED_CLIENT (source), result,
                                                       &error);
  if (settings == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }

  adw_action_row_set_subtitle (self->version_row, deck_nr_settings_get_version (settings)
                                                    ? deck_nr_settings_get_version (settings)
                                                    : _("unknown"));
  adw_action_row_set_subtitle (self->user_row, deck_nr_settings_get_user_name (settings)
                                                 ? deck_nr_settings_get_user_name (settings)
                                                 : _("Anonymous (no admin authentication)"));
  perms = deck_node_red_client_get_scope (self->client);
  if (perms == NULL)
    perms = deck_nr_settings_get_permissions (settings);
  permissions = perms ? g_strjoinv (", ", (char **) perms) : g_strdup ("*");
  if (g_strcmp0 (permissions, "*") == 0)
    adw_action_row_set_subtitle (self->permissions_row, _("Full access"));
  else if (deck_node_red_client_is_read_only (self->client))
    adw_action_row_set_subtitle (self->permissions_row, _("Read-only"));
  else
    adw_action_row_set_subtitle (self->permissions_row, permissions);

  /* Node-RED's tokens last sessionExpiryTime (a week by default); an
   * admin API without authentication has none. */
  {
    GDateTime *expiry = deck_node_red_client_get_token_expiry (self->client);

    if (expiry == NULL)
      expiry = deck_account_get_token_expiry (self->account);
    gtk_widget_set_visible (GTK_WIDGET (self->expiry_row), expiry != NULL);
    if (expiry != NULL)
      {
        g_autofree char *when = deck_format_expiry (expiry, NULL);
        g_autoptr(GDateTime) local = g_date_time_to_local (expiry);
        /* Translators: a date and time, see g_date_time_format() */
        g_autofree char *date = g_date_time_format (local, _("%-d %b %Y, %H:%M"));
        /* Translators: "expires in 7 days (Wed 2 Dec 2026 10:00:00)" */
        g_autofree char *subtitle = g_strdup_printf (_("%s (%s)"), when, date);

        adw_action_row_set_subtitle (self->expiry_row, subtitle);
      }
  }

  gtk_widget_set_sensitive (GTK_WIDGET (self->reload_button),
                            !deck_node_red_client_is_read_only (self->client));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->reload_button),
                               deck_node_red_client_is_read_only (self->client)
                                 ? _("This sign-in is read-only")
                                 : _("Restart the flows without a full deploy"));

  deck_node_red_client_get_flows_async (self->client, self->cancellable, flows_cb,
                                        g_object_ref (self));
  deck_node_red_client_list_modules_async (self->client, self->cancellable, modules_cb,
                                           g_object_ref (self));
}

static void
client_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DeckNodeRedPage) self = user_data;
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->client);
  self->client = deck_context_get_node_red_client_finish (DECK_CONTEXT (source), result, &error);
  if (self->client == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }

  deck_node_red_client_get_settings_async (self->client, self->cancellable, settings_cb,
                                           g_object_ref (self));
}

static void
reloaded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DeckNodeRedPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *rev = NULL;

  rev = deck_node_red_client_reload_flows_finish (DECK_NODE_RED_CLIENT (source), result, &error);
  gtk_widget_set_sensitive (GTK_WIDGET (self->reload_button), TRUE);
  if (rev == NULL && error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        deck_gui_toast (GTK_WIDGET (self), error->message, 0);
      return;
    }

  deck_gui_toast (GTK_WIDGET (self), _("Flows reloaded"), 0);
  deck_node_red_page_reload (self);
}

static void
reload_clicked_cb (DeckNodeRedPage *self)
{
  if (self->client == NULL)
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self->reload_button), FALSE);
  deck_node_red_client_reload_flows_async (self->client, self->cancellable, reloaded_cb,
                                           g_object_ref (self));
}

static void
retry_clicked_cb (DeckNodeRedPage *self)
{
  deck_node_red_page_reload (self);
}

static void
deck_node_red_page_dispose (GObject *object)
{
  DeckNodeRedPage *self = DECK_NODE_RED_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DECK_TYPE_NODE_RED_PAGE);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->client);
  g_clear_object (&self->account);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (deck_node_red_page_parent_class)->dispose (object);
}

static void
deck_node_red_page_finalize (GObject *object)
{
  DeckNodeRedPage *self = DECK_NODE_RED_PAGE (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (deck_node_red_page_parent_class)->finalize (object);
}

static void
deck_node_red_page_class_init (DeckNodeRedPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = deck_node_red_page_dispose;
  object_class->finalize = deck_node_red_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/deck-node-red-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DeckNodeRedPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DeckNodeRedPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, DeckNodeRedPage, version_row);
  gtk_widget_class_bind_template_child (widget_class, DeckNodeRedPage, user_row);
  gtk_widget_class_bind_template_child (widget_class, DeckNodeRedPage, permissions_row);
  gtk_widget_class_bind_template_child (widget_class, DeckNodeRedPage, expiry_row);
  gtk_widget_class_bind_template_child (widget_class, DeckNodeRedPage, flows_group);
  gtk_widget_class_bind_template_child (widget_class, DeckNodeRedPage, flows_list);
  gtk_widget_class_bind_template_child (widget_class, DeckNodeRedPage, modules_list);
  gtk_widget_class_bind_template_child (widget_class, DeckNodeRedPage, reload_button);
  gtk_widget_class_bind_template_callback (widget_class, reload_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
deck_node_red_page_init (DeckNodeRedPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * deck_node_red_page_set_account:
 * @self: a #DeckNodeRedPage
 * @context: the app's context
 * @account: a Node-RED account
 *
 * Shows @account's overview, loading it now.
 */
void
deck_node_red_page_set_account (DeckNodeRedPage *self,
                                DeckContext     *context,
                                DeckAccount     *account)
{
  g_return_if_fail (DECK_IS_NODE_RED_PAGE (self));
  g_return_if_fail (DECK_IS_CONTEXT (context));
  g_return_if_fail (DECK_IS_ACCOUNT (account));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_set_object (&self->context, context);
  g_set_object (&self->account, account);
  g_clear_object (&self->client);
  deck_node_red_page_reload (self);
}

/**
 * deck_node_red_page_reload:
 * @self: a #DeckNodeRedPage
 *
 * Loads settings, flows and modules again.
 */
void
deck_node_red_page_reload (DeckNodeRedPage *self)
{
  g_return_if_fail (DECK_IS_NODE_RED_PAGE (self));

  if (self->context == NULL || self->account == NULL)
    return;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "overview") != 0)
    deck_gui_stack_show (self->stack, "loading");

  deck_context_get_node_red_client_async (self->context, self->account, self->cancellable,
                                          client_cb, g_object_ref (self));
}

/**
 * deck_node_red_page_get_state:
 * @self: a #DeckNodeRedPage
 *
 * Returns: "loading", "overview" or "error"
 */
const char *
deck_node_red_page_get_state (DeckNodeRedPage *self)
{
  g_return_val_if_fail (DECK_IS_NODE_RED_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * deck_node_red_page_get_n_flows:
 * @self: a #DeckNodeRedPage
 *
 * Returns: how many flow tabs are shown
 */
guint
deck_node_red_page_get_n_flows (DeckNodeRedPage *self)
{
  g_return_val_if_fail (DECK_IS_NODE_RED_PAGE (self), 0);

  return self->n_flows;
}
