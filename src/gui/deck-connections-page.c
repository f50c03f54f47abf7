/* deck-connections-page.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-connections-page"

#include "config.h"

#include <glib/gi18n.h>

#include "deck-clipboard.h"
#include "deck-connection-dialog.h"
#include "deck-connections-page.h"
#include "deck-ff-instance.h"
#include "deck-gui-util.h"
#include "deck-secure.h"

/* The list of OAuth connections: provider, account, granted scopes (and
 * the ones not granted), expiry and refresh state, with Refresh, Copy
 * Access Token, Deliver to Instance…, Remove from Instance… and Revoke
 * per row. The lead wires
 * it into the window and hands it the FlowFuse client and instances
 * (deck_connections_page_set_flowfuse()); without them, delivery is off.
 * Every action takes the connection id as its target. */

struct _DeckConnectionsPage
{
  GtkWidget            parent_instance;

  /* Template Widgets */
  AdwToastOverlay     *toast_overlay;
  GtkListBox          *list;

  /* Owned References */
  DeckConnectionStore *store;
  DeckFlowfuseClient  *client;
  GListModel          *instances;
  GCancellable        *cancellable;
};

G_DEFINE_FINAL_TYPE (DeckConnectionsPage, deck_connections_page, GTK_TYPE_WIDGET)

/* One running operation on a connection, for the callbacks. */
typedef struct
{
  DeckConnectionsPage *self;
  DeckConnection      *connection;
  char                *instance_id;
} PageOp;

static PageOp *
page_op_new (DeckConnectionsPage *self,
             DeckConnection      *connection)
{
  PageOp *op = g_new0 (PageOp, 1);

  op->self = g_object_ref (self);
  op->connection = g_object_ref (connection);
  return op;
}

static void
page_op_free (PageOp *op)
{
  g_clear_object (&op->self);
  g_clear_object (&op->connection);
  g_free (op->instance_id);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PageOp, page_op_free)

/*
 * Auxiliary methods
 */

static void
toast (DeckConnectionsPage *self,
       const char          *text)
{
  AdwToast *t = adw_toast_new (text);

  adw_toast_set_timeout (t, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static char *
describe (DeckConnection *connection)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char * const *granted = deck_connection_get_granted_scopes (connection);
  const char * const *requested = deck_connection_get_requested_scopes (connection);
  const char *account = deck_connection_get_account_label (connection);
  GDateTime *expires = deck_connection_get_expires_at (connection);
  g_auto(GStrv) missing = deck_connection_dup_missing_scopes (connection);
  g_autofree char *scopes = NULL;
  GPtrArray *deliveries = deck_connection_get_deliveries (connection);
  const DeckConnectionDelivery *holder = deck_connection_get_refresh_holder (connection);

  g_string_append (text, account != NULL ? account : _("Unknown account"));

  if (granted == NULL)
    granted = requested;
  scopes = granted != NULL ? g_strjoinv (" ", (char **) granted) : g_strdup ("");
  g_string_append_c (text, '\n');
  if (*scopes)
    /* Translators: %s is a list of OAuth scopes. */
    g_string_append_printf (text, _("Granted: %s"), scopes);
  else
    g_string_append (text, _("No scopes"));

  if (missing != NULL && missing[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (" ", missing);

      g_string_append (text, "\n⚠ ");
      /* Translators: %s is a list of OAuth scopes the provider refused. */
      g_string_append_printf (text, _("Not granted: %s"), joined);
    }

  if (expires != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (expires);
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *when = g_date_time_format (local, "%x %X");

      g_string_append_c (text, '\n');
      if (g_date_time_compare (expires, now) <= 0)
        /* Translators: %s is a date and time. */
        g_string_append_printf (text, _("Access token expired %s"), when);
      else
        g_string_append_printf (text, _("Access token expires %s"), when);
    }

  g_string_append (text, " · ");
  switch (deck_connection_get_refresh_state (connection))
    {
    case DECK_CONNECTION_REFRESH_RUNNING:
      g_string_append (text, _("Refreshing…"));
      break;
    case DECK_CONNECTION_REFRESH_FAILED:
      g_string_append_printf (text, _("Refresh failed: %s"),
                              deck_connection_get_last_error (connection));
      break;
    case DECK_CONNECTION_REFRESH_UNAVAILABLE:
      g_string_append (text, _("No refresh token"));
      break;
    case DECK_CONNECTION_REFRESH_IDLE:
    default:
      if (holder != NULL)
        /* Translators: %s is an instance name. Its flow holds the refresh token. */
        g_string_append_printf (text, _("Refreshed by the flow on %s"),
                                holder->instance_name ? holder->instance_name
                                                      : holder->instance_id);
      else
        g_string_append (text, _("Can refresh"));
      break;
    }

  for (guint i = 0; i < deliveries->len; i++)
    {
      DeckConnectionDelivery *d = g_ptr_array_index (deliveries, i);

      g_string_append_c (text, '\n');
      /* Translators: %s is an instance name. */
      g_string_append_printf (text, _("Delivered to %s"),
                              d->instance_name ? d->instance_name : d->instance_id);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
update_row (DeckConnection *connection,
            GParamSpec     *pspec,
            AdwActionRow   *row)
{
  g_autofree char *subtitle = describe (connection);
  g_autofree char *escaped = g_markup_escape_text (subtitle, -1);

  GtkWidget *refresh = g_object_get_data (G_OBJECT (row), "refresh-button");
  GtkWidget *undeliver = g_object_get_data (G_OBJECT (row), "undeliver-button");
  gboolean handed_over = deck_connection_get_refresh_holder (connection) != NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 deck_connection_get_display_name (connection));
  adw_action_row_set_subtitle (row, escaped);

  /* While an instance holds the refresh token, refreshing here would
   * invalidate its copy: no button that leads to that error. */
  gtk_widget_set_sensitive (refresh, !handed_over);
  gtk_widget_set_tooltip_text (refresh, handed_over
                                          ? _("The flow on the instance refreshes this "
                                              "connection")
                                          : _("Refresh Access Token"));
  gtk_widget_set_visible (undeliver, deck_connection_get_deliveries (connection)->len > 0);
}

static GtkWidget *
action_button (const char *icon,
               const char *tooltip,
               const char *action,
               const char *id)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", id);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tooltip, -1);
  return button;
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  DeckConnection *connection = item;
  const char *id = deck_connection_get_id (connection);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *refresh = action_button ("view-refresh-symbolic", _("Refresh Access Token"),
                                      "connections.refresh", id);
  GtkWidget *undeliver = action_button ("edit-undo-symbolic", _("Remove from Instance…"),
                                        "connections.undeliver", id);

  gtk_widget_set_name (row, id);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  g_object_set_data (G_OBJECT (row), "refresh-button", refresh);
  g_object_set_data (G_OBJECT (row), "undeliver-button", undeliver);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), refresh);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             action_button ("edit-copy-symbolic", _("Copy Access Token"),
                                            "connections.copy", id));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             action_button ("send-to-symbolic", _("Deliver to Instance…"),
                                            "connections.deliver", id));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), undeliver);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             action_button ("user-trash-symbolic", _("Revoke…"),
                                            "connections.revoke", id));

  update_row (connection, NULL, ADW_ACTION_ROW (row));
  g_signal_connect_object (connection, "notify", G_CALLBACK (update_row), row, 0);
  return row;
}

static DeckConnection *
lookup (DeckConnectionsPage *self,
        GVariant            *param)
{
  return deck_connection_store_find (self->store, g_variant_get_string (param, NULL));
}

/*
 * Actions
 */

static void
added_cb (DeckConnectionDialog *dialog,
          DeckConnection       *connection,
          DeckConnectionsPage  *self)
{
  g_auto(GStrv) missing = deck_connection_dup_missing_scopes (connection);
  g_autofree char *text = NULL;

  if (missing[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", missing);

      /* Translators: the first %s is a provider, the second a list of scopes. */
      text = g_strdup_printf (_("Connected, but %s did not grant: %s"),
                              deck_connection_get_provider_name (connection), joined);
    }
  else
    text = g_strdup_printf (_("Connected to %s"), deck_connection_get_display_name (connection));

  toast (self, text);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  DeckConnectionsPage *self = DECK_CONNECTIONS_PAGE (widget);
  DeckConnectionDialog *dialog = deck_connection_dialog_new (deck_gui_parent_window (GTK_WIDGET (self)), self->store);

  g_signal_connect_object (dialog, "added", G_CALLBACK (added_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
refresh_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PageOp) op = user_data;
  g_autoptr(GError) error = NULL;

  if (!deck_connection_store_refresh_finish (DECK_CONNECTION_STORE (source), result, &error))
    {
      if (!is_cancelled (error))
        toast (op->self, error->message);
      return;
    }

  toast (op->self, _("Access token refreshed"));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  DeckConnectionsPage *self = DECK_CONNECTIONS_PAGE (widget);
  DeckConnection *connection = lookup (self, param);

  if (connection == NULL)
    return;

  deck_connection_store_refresh_async (self->store, connection, self->cancellable, refresh_cb,
                                       page_op_new (self, connection));
}

static void
copy_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(PageOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(DeckSecureString) token = NULL;

  token = deck_connection_store_get_access_token_finish (DECK_CONNECTION_STORE (source), result,
                                                         &error);
  if (token == NULL)
    {
      if (!is_cancelled (error))
        toast (op->self, error->message);
      return;
    }

  /* S4: cleared after the timeout, only if it still holds our value. */
  deck_clipboard_copy_secret (GTK_WIDGET (op->self), token, op->self->toast_overlay);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  DeckConnectionsPage *self = DECK_CONNECTIONS_PAGE (widget);
  DeckConnection *connection = lookup (self, param);

  if (connection == NULL)
    return;

  deck_connection_store_get_access_token_async (self->store, connection, self->cancellable,
                                                copy_cb, page_op_new (self, connection));
}

static void
revoke_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PageOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gboolean at_provider = FALSE;

  if (!deck_connection_store_revoke_finish (DECK_CONNECTION_STORE (source), result, &at_provider,
                                            &error))
    {
      if (!is_cancelled (error))
        toast (op->self, error->message);
      return;
    }

  if (at_provider)
    /* Translators: %s is a provider. */
    text = g_strdup_printf (_("Access revoked at %s and removed from Flowdeck"),
                            deck_connection_get_provider_name (op->connection));
  else
    /* Translators: %s is a provider. O14: say that the grant remains. */
    text = g_strdup_printf (_("Removed from Flowdeck. %s cannot revoke it from here: the access "
                              "stays granted until you remove Flowdeck’s client in your account "
                              "settings there."),
                            deck_connection_get_provider_name (op->connection));
  toast (op->self, text);
}

static void
revoke_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  g_autoptr(PageOp) op = user_data;

  if (g_strcmp0 (response, "revoke") != 0)
    return;

  deck_connection_store_revoke_async (op->self->store, op->connection, op->self->cancellable,
                                      revoke_cb, page_op_new (op->self, op->connection));
}

static void
revoke_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  DeckConnectionsPage *self = DECK_CONNECTIONS_PAGE (widget);
  DeckConnection *connection = lookup (self, param);
  GtkWidget *dialog;
  guint n_instances;

  if (connection == NULL)
    return;

  n_instances = deck_connection_get_deliveries (connection)->len;
  dialog = adw_message_dialog_new (deck_gui_parent_window (GTK_WIDGET (self)), _("Revoke Connection?"), NULL);
  if (deck_connection_get_revocation_endpoint (connection) != NULL)
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                    g_dngettext (GETTEXT_PACKAGE,
                                                 "%s will be asked to revoke the tokens, and "
                                                 "the variables will be removed from %u instance.",
                                                 "%s will be asked to revoke the tokens, and "
                                                 "the variables will be removed from %u instances.",
                                                 n_instances),
                                    deck_connection_get_provider_name (connection), n_instances);
  else
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                    _("%s offers no way to revoke tokens from an app. Flowdeck "
                                      "will forget them and remove the variables from the "
                                      "instances, but the access stays granted until you "
                                      "remove it in your account settings at %s."),
                                    deck_connection_get_provider_name (connection),
                                    deck_connection_get_provider_name (connection));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "revoke", _("_Revoke"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "revoke",
                                              ADW_RESPONSE_DESTRUCTIVE);
  g_signal_connect (dialog, "response", G_CALLBACK (revoke_response_cb),
                    page_op_new (self, connection));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
restart_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PageOp) op = user_data;
  g_autoptr(GError) error = NULL;

  if (!deck_flowfuse_client_finish_boolean (DECK_FLOWFUSE_CLIENT (source), result, &error))
    {
      if (!is_cancelled (error))
        toast (op->self, error->message);
      return;
    }

  toast (op->self, _("The instance is restarting"));
}

static void
restart_clicked_cb (AdwToast *t,
                    PageOp   *op)
{
  if (op->self->client == NULL)
    return;

  deck_flowfuse_client_instance_action_async (op->self->client, op->instance_id,
                                              DECK_FF_ACTION_RESTART, op->self->cancellable,
                                              restart_cb, page_op_new (op->self, op->connection));
}

/* A toast that stays, with Restart for op's instance (op is taken). */
static void
restart_toast (PageOp     *op,
               const char *text)
{
  AdwToast *t = adw_toast_new (text);

  adw_toast_set_timeout (t, 0);
  adw_toast_set_button_label (t, _("_Restart"));
  g_signal_connect_data (t, "button-clicked", G_CALLBACK (restart_clicked_cb), op,
                         (GClosureNotify) page_op_free, 0);
  adw_toast_overlay_add_toast (op->self->toast_overlay, t);
}

static void
deliver_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  PageOp *op = user_data;
  g_autoptr(GError) error = NULL;
  gboolean masked = FALSE;

  if (!deck_connection_store_deliver_finish (DECK_CONNECTION_STORE (source), result, &masked,
                                             &error))
    {
      if (!is_cancelled (error))
        toast (op->self, error->message);
      page_op_free (op);
      return;
    }

  restart_toast (op, masked
                      ? _("Delivered. Restart the instance so that its flows see the variables.")
                      : _("Delivered. This FlowFuse version shows the secret variables to team "
                          "members who can edit the instance. Restart it so that its flows see "
                          "them."));
}

typedef struct
{
  PageOp      *op;
  GtkDropDown *instances;
  GtkEditable *names[DECK_CONNECTION_ENV_N];
} DeliverForm;

static void
deliver_form_free (DeliverForm *form)
{
  page_op_free (form->op);
  g_free (form);
}

static void
deliver_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     DeliverForm      *form)
{
  DeckConnectionsPage *self = form->op->self;
  g_autoptr(DeckFfInstance) instance = NULL;
  const char *names[DECK_CONNECTION_ENV_N];
  PageOp *op;

  if (g_strcmp0 (response, "deliver") != 0 || self->client == NULL)
    return;

  instance = g_list_model_get_item (self->instances, gtk_drop_down_get_selected (form->instances));
  if (instance == NULL)
    return;

  for (guint i = 0; i < DECK_CONNECTION_ENV_N; i++)
    names[i] = gtk_editable_get_text (form->names[i]);

  op = page_op_new (self, form->op->connection);
  op->instance_id = g_strdup (deck_ff_instance_get_id (instance));
  deck_connection_store_deliver_async (self->store, form->op->connection, self->client,
                                       deck_ff_instance_get_id (instance),
                                       deck_ff_instance_get_name (instance), names,
                                       self->cancellable, deliver_cb, op);
}

static void
deliver_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  DeckConnectionsPage *self = DECK_CONNECTIONS_PAGE (widget);
  DeckConnection *connection = lookup (self, param);
  g_autoptr(GtkExpression) expression = NULL;
  const char *labels[DECK_CONNECTION_ENV_N] = {
    N_("Client ID variable"), N_("Client secret variable"),
    N_("Refresh token variable"), N_("Token URL variable"),
  };
  DeliverForm *form;
  GtkWidget *dialog;
  GtkWidget *box;
  GtkWidget *list;

  if (connection == NULL)
    return;

  if (self->client == NULL || self->instances == NULL ||
      g_list_model_get_n_items (self->instances) == 0)
    {
      toast (self, _("Sign in to a FlowFuse account with instances first"));
      return;
    }

  form = g_new0 (DeliverForm, 1);
  form->op = page_op_new (self, connection);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  expression = gtk_property_expression_new (DECK_TYPE_FF_INSTANCE, NULL, "name");
  form->instances = GTK_DROP_DOWN (gtk_drop_down_new (g_object_ref (self->instances),
                                                      g_steal_pointer (&expression)));
  gtk_accessible_update_property (GTK_ACCESSIBLE (form->instances),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Instance"), -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (form->instances));

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; i < DECK_CONNECTION_ENV_N; i++)
    {
      GtkWidget *row = adw_entry_row_new ();
      g_autofree char *name = deck_connection_dup_default_env_name (connection, i);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(labels[i]));
      gtk_editable_set_text (GTK_EDITABLE (row), name);
      form->names[i] = GTK_EDITABLE (row);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  gtk_box_append (GTK_BOX (box), list);

  dialog = adw_message_dialog_new (deck_gui_parent_window (GTK_WIDGET (self)), _("Deliver to Instance"), NULL);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("The client ID, client secret, refresh token and token URL "
                                 "become environment variables of the instance; its other "
                                 "variables stay as they are. The secrets are marked hidden. "
                                 "From then on the flow does the refreshing and Flowdeck does "
                                 "not, because when the provider rotates the refresh token, "
                                 "whoever refreshes first invalidates the other’s copy."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "deliver", _("_Deliver"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "deliver",
                                              ADW_RESPONSE_SUGGESTED);
  g_signal_connect_data (dialog, "response", G_CALLBACK (deliver_response_cb), form,
                         (GClosureNotify) deliver_form_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
undeliver_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  PageOp *op = user_data;
  g_autoptr(GError) error = NULL;

  if (!deck_connection_store_undeliver_finish (DECK_CONNECTION_STORE (source), result, &error))
    {
      if (!is_cancelled (error))
        toast (op->self, error->message);
      page_op_free (op);
      return;
    }

  /* The running flow still has the values until it restarts. */
  restart_toast (op, _("Removed from the instance. Restart it so that its flows no longer "
                       "have the variables."));
}

typedef struct
{
  PageOp      *op;
  GtkDropDown *instances;   /* NULL with a single delivery */
  GPtrArray   *deliveries;  /* copies, as listed when the dialog opened */
} UndeliverForm;

static void
undeliver_form_free (UndeliverForm *form)
{
  page_op_free (form->op);
  g_clear_pointer (&form->deliveries, g_ptr_array_unref);
  g_free (form);
}

static void
undeliver_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       UndeliverForm    *form)
{
  DeckConnectionsPage *self = form->op->self;
  DeckConnection *connection = form->op->connection;
  GPtrArray *deliveries = form->deliveries;
  const DeckConnectionDelivery *delivery;
  guint index = form->instances != NULL ? gtk_drop_down_get_selected (form->instances) : 0;
  PageOp *op;

  if (g_strcmp0 (response, "remove") != 0 || index >= deliveries->len)
    return;

  delivery = g_ptr_array_index (deliveries, index);
  if (self->client == NULL ||
      g_strcmp0 (deck_flowfuse_client_get_base_url (self->client), delivery->server_url) != 0)
    {
      g_autofree char *text =
        /* Translators: %s is a FlowFuse server address. */
        g_strdup_printf (_("Sign in to %s and select it to remove the variables there"),
                         delivery->server_url);

      toast (self, text);
      return;
    }

  op = page_op_new (self, connection);
  op->instance_id = g_strdup (delivery->instance_id);
  deck_connection_store_undeliver_async (self->store, connection, self->client,
                                         delivery->instance_id, self->cancellable,
                                         undeliver_cb, op);
}

static void
undeliver_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  DeckConnectionsPage *self = DECK_CONNECTIONS_PAGE (widget);
  DeckConnection *connection = lookup (self, param);
  GPtrArray *deliveries;
  UndeliverForm *form;
  GtkWidget *dialog;

  if (connection == NULL)
    return;

  deliveries = deck_connection_get_deliveries (connection);
  if (deliveries->len == 0)
    return;

  form = g_new0 (UndeliverForm, 1);
  form->op = page_op_new (self, connection);
  form->deliveries = g_ptr_array_new_with_free_func ((GDestroyNotify) deck_connection_delivery_free);
  for (guint i = 0; i < deliveries->len; i++)
    g_ptr_array_add (form->deliveries,
                     deck_connection_delivery_copy (g_ptr_array_index (deliveries, i)));

  dialog = adw_message_dialog_new (deck_gui_parent_window (GTK_WIDGET (self)),
                                   _("Remove from Instance?"), NULL);
  if (deliveries->len == 1)
    {
      const DeckConnectionDelivery *d = g_ptr_array_index (deliveries, 0);

      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                      /* Translators: %s is an instance name. */
                                      _("The connection’s variables will be removed from %s; its "
                                        "other variables stay. Its flows lose access after the "
                                        "next restart, and Flowdeck refreshes the connection "
                                        "again. If the flow has refreshed it meanwhile, the "
                                        "provider may want you to connect again."),
                                      d->instance_name ? d->instance_name : d->instance_id);
    }
  else
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) names = NULL;

      for (guint i = 0; i < deliveries->len; i++)
        {
          const DeckConnectionDelivery *d = g_ptr_array_index (deliveries, i);

          g_strv_builder_add (builder, d->instance_name ? d->instance_name : d->instance_id);
        }
      names = g_strv_builder_end (builder);
      form->instances = GTK_DROP_DOWN (gtk_drop_down_new_from_strings ((const char * const *) names));
      gtk_accessible_update_property (GTK_ACCESSIBLE (form->instances),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Instance"), -1);
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                                   _("The connection’s variables will be removed from the "
                                     "instance you choose; its other variables stay. Its flows "
                                     "lose access after the next restart."));
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog),
                                          GTK_WIDGET (form->instances));
    }

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "remove", _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  g_signal_connect_data (dialog, "response", G_CALLBACK (undeliver_response_cb), form,
                         (GClosureNotify) undeliver_form_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/*
 * Parent class overrides
 */

static void
deck_connections_page_dispose (GObject *object)
{
  DeckConnectionsPage *self = (DeckConnectionsPage *) object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DECK_TYPE_CONNECTIONS_PAGE);
  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_clear_object (&self->instances);

  G_OBJECT_CLASS (deck_connections_page_parent_class)->dispose (object);
}

static void
deck_connections_page_finalize (GObject *object)
{
  DeckConnectionsPage *self = (DeckConnectionsPage *) object;

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (deck_connections_page_parent_class)->finalize (object);
}

static void
deck_connections_page_class_init (DeckConnectionsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = deck_connections_page_dispose;
  object_class->finalize = deck_connections_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/flowdeck/Flowdeck/ui/deck-connections-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DeckConnectionsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DeckConnectionsPage, list);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "connections.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "connections.refresh", "s", refresh_action);
  gtk_widget_class_install_action (widget_class, "connections.copy", "s", copy_action);
  gtk_widget_class_install_action (widget_class, "connections.deliver", "s", deliver_action);
  gtk_widget_class_install_action (widget_class, "connections.undeliver", "s", undeliver_action);
  gtk_widget_class_install_action (widget_class, "connections.revoke", "s", revoke_action);
}

static void
deck_connections_page_init (DeckConnectionsPage *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  placeholder = gtk_label_new (_("No connections yet. Add one to sign in to a provider."));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 18);
  gtk_widget_set_margin_bottom (placeholder, 18);
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_list_box_set_placeholder (self->list, placeholder);
}

/*
 * Public API
 */

/**
 * deck_connections_page_new:
 * @store: the connections (loaded or not)
 *
 * Returns: (transfer floating): a new #DeckConnectionsPage
 */
GtkWidget *
deck_connections_page_new (DeckConnectionStore *store)
{
  DeckConnectionsPage *self;

  g_return_val_if_fail (DECK_IS_CONNECTION_STORE (store), NULL);

  self = g_object_new (DECK_TYPE_CONNECTIONS_PAGE, NULL);
  self->store = g_object_ref (store);
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (store), create_row, self, NULL);
  return GTK_WIDGET (self);
}

DeckConnectionStore *
deck_connections_page_get_store (DeckConnectionsPage *self)
{
  g_return_val_if_fail (DECK_IS_CONNECTIONS_PAGE (self), NULL);
  return self->store;
}

/**
 * deck_connections_page_set_flowfuse:
 * @self: a #DeckConnectionsPage
 * @client: (nullable): the signed-in FlowFuse client
 * @instances: (nullable): a #GListModel of #DeckFfInstance to deliver to
 *
 * Enables *Deliver to Instance…*.
 */
void
deck_connections_page_set_flowfuse (DeckConnectionsPage *self,
                                    DeckFlowfuseClient  *client,
                                    GListModel          *instances)
{
  g_return_if_fail (DECK_IS_CONNECTIONS_PAGE (self));
  g_return_if_fail (client == NULL || DECK_IS_FLOWFUSE_CLIENT (client));
  g_return_if_fail (instances == NULL || G_IS_LIST_MODEL (instances));

  g_set_object (&self->client, client);
  g_set_object (&self->instances, instances);
}

/**
 * deck_connections_page_get_row:
 * @self: a #DeckConnectionsPage
 * @connection_id: a connection id
 *
 * Returns: (transfer none) (nullable): the connection's row (for tests)
 */
GtkWidget *
deck_connections_page_get_row (DeckConnectionsPage *self,
                               const char          *connection_id)
{
  g_return_val_if_fail (DECK_IS_CONNECTIONS_PAGE (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (gtk_widget_get_name (child), connection_id) == 0)
      return child;

  return NULL;
}
