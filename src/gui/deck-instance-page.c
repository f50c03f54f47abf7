/* deck-instance-page.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-instance-page"

#include "config.h"

#include <glib/gi18n.h>

#include "deck-format.h"
#include "deck-gui-util.h"
#include "deck-instance-page.h"
#include "deck-instance-row.h"
#include "deck-token-create-dialog.h"
#include "deck-token-reveal-dialog.h"
#include "deck-token-row.h"

/* One instance: its details, and its HTTP access tokens. Before listing
 * tokens the page asks the core whether this user may manage them at all
 * (license, team type, role) and, when not, says which and what to do,
 * with no buttons that could only fail. When the instance does not use
 * FlowFuse user authentication, tokens would not be checked: a row says
 * so and offers to switch it (then to restart). A new token's value goes
 * straight from the create call into the shown-once dialog, which owns
 * and wipes it; this page never keeps it. */

struct _DeckInstancePage
{
  GtkWidget           parent_instance;

  /* Owned References */
  DeckFlowfuseClient *client;
  DeckFfInstance     *instance;
  GCancellable       *cancellable;
  GListStore         *tokens;
  GError             *capability_error;
  GListStore         *logs;
  GListStore         *audit;
  char               *logs_next;
  char               *logs_previous;
  char               *audit_next;
  guint               logs_poll_id;
  gboolean            logs_polling;
  gboolean            logs_started;

  /* Template Widgets */
  GtkStack           *stack;
  AdwStatusPage      *error_page;
  AdwActionRow       *url_row;
  GtkLabel           *state_label;
  AdwActionRow       *version_row;
  AdwActionRow       *application_row;
  AdwActionRow       *created_row;
  AdwActionRow       *updated_row;
  GtkButton          *add_button;
  GtkStack           *tokens_stack;
  GtkImage           *capability_icon;
  GtkLabel           *capability_title;
  GtkLabel           *capability_description;
  GtkListBox         *auth_list;
  GtkButton          *auth_button;
  GtkListBox         *tokens_list;
  GtkButton          *older_button;
  GtkStack           *logs_stack;
  GtkLabel           *logs_error;
  GtkListBox         *logs_list;
  GtkStack           *audit_stack;
  GtkLabel           *audit_error;
  GtkListBox         *audit_list;
  GtkButton          *more_button;
};

G_DEFINE_FINAL_TYPE (DeckInstancePage, deck_instance_page, GTK_TYPE_WIDGET)

/*
 * Auxiliary methods
 */

static DeckFfHttpToken *
find_token (DeckInstancePage *self,
            const char       *id,
            guint            *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tokens));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DeckFfHttpToken) token = g_list_model_get_item (G_LIST_MODEL (self->tokens), i);

      if (g_strcmp0 (deck_ff_http_token_get_id (token), id) == 0)
        {
          if (position != NULL)
            *position = i;
          return token; /* the store keeps its reference */
        }
    }

  return NULL;
}

static void
set_subtitle (AdwActionRow *row,
              const char   *text)
{
  adw_action_row_set_subtitle (row, text != NULL && *text != '\0' ? text : _("Unknown"));
}

static void
set_date (AdwActionRow *row,
          GDateTime    *when)
{
  g_autofree char *relative = NULL;
  g_autofree char *absolute = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (when == NULL)
    {
      set_subtitle (row, NULL);
      return;
    }

  local = g_date_time_to_local (when);
  relative = deck_format_relative_time (when, NULL);
  absolute = g_date_time_format (local, "%x %X");
  /* Translators: the first %s is a date and time, the second e.g. "3 days ago". */
  text = g_strdup_printf (_("%s (%s)"), absolute, relative);
  adw_action_row_set_subtitle (row, text);
}

static void
fill_details (DeckInstancePage *self)
{
  DeckFfInstance *instance = self->instance;
  DeckFfInstanceState state = deck_ff_instance_get_state_id (instance);

  set_subtitle (self->url_row, deck_ff_instance_get_url (instance));
  gtk_label_set_text (self->state_label, deck_ff_instance_state_to_label (state));
  for (guint i = 0; i < 5; i++)
    {
      static const char *classes[] = { "success", "warning", "error", "dim-label", "accent" };

      gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), classes[i]);
    }
  gtk_widget_add_css_class (GTK_WIDGET (self->state_label), deck_instance_state_css_class (state));
  set_subtitle (self->version_row, deck_ff_instance_get_node_red_version (instance));
  set_subtitle (self->application_row, deck_ff_instance_get_application_name (instance));
  set_date (self->created_row, deck_ff_instance_get_created_at (instance));
  set_date (self->updated_row, deck_ff_instance_get_updated_at (instance));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "instance.open-editor",
                                 deck_ff_instance_get_url (instance) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "instance.open-admin-api",
                                 deck_ff_instance_get_url (instance) != NULL);
}

static void
update_auth_warning (DeckInstancePage *self)
{
  gboolean checked = self->instance != NULL &&
                     deck_ff_instance_get_http_node_auth (self->instance) ==
                     DECK_FF_HTTP_NODE_AUTH_FLOWFORGE_USER;

  gtk_widget_set_visible (GTK_WIDGET (self->auth_list), !checked);
}

static GtkWidget *
create_token_row (gpointer item,
                  gpointer user_data)
{
  DeckFfHttpToken *token = item;

  return deck_token_row_new (deck_ff_http_token_get_id (token),
                             deck_ff_http_token_get_name (token),
                             NULL,
                             deck_ff_http_token_get_expires_at (token),
                             "instance.change-expiry", "instance.revoke-token", NULL);
}

/*
 * Logs: the newest entries, followed while the page is mapped (polling
 * with the next cursor), older ones on demand (the previous cursor)
 */

#define LOGS_PAGE        50
#define LOGS_MAX         1000
#define LOGS_POLL_SECONDS 4
#define AUDIT_PAGE       20

static const char *
log_level_class (const char *level)
{
  if (level == NULL)
    return NULL;
  if (g_ascii_strcasecmp (level, "error") == 0 || g_ascii_strcasecmp (level, "fatal") == 0)
    return "error";
  if (g_ascii_strcasecmp (level, "warn") == 0 || g_ascii_strcasecmp (level, "warning") == 0)
    return "warning";
  if (g_ascii_strcasecmp (level, "system") == 0)
    return "accent";
  if (g_ascii_strcasecmp (level, "debug") == 0 || g_ascii_strcasecmp (level, "trace") == 0)
    return "dim-label";

  return NULL;
}

static GtkWidget *
create_log_row (gpointer item,
                gpointer user_data)
{
  DeckFfLogEntry *entry = item;
  GDateTime *when = deck_ff_log_entry_get_timestamp (entry);
  const char *level = deck_ff_log_entry_get_level (entry);
  const char *level_class = log_level_class (level);
  g_autofree char *message = g_strstrip (g_strdup (deck_ff_log_entry_get_msg (entry) ? deck_ff_log_entry_get_msg (entry) : ""));
  g_autofree char *time = NULL;
  GtkWidget *row, *box, *time_label, *level_label, *message_label;

  if (when != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (when);

      time = g_date_time_format (local, "%X");
    }

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "log-entry");
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  time_label = gtk_label_new (time != NULL ? time : "");
  gtk_widget_set_valign (time_label, GTK_ALIGN_START);
  gtk_widget_add_css_class (time_label, "caption");
  gtk_widget_add_css_class (time_label, "dim-label");
  gtk_widget_add_css_class (time_label, "numeric");

  /* The level in words, coloured: not colour alone. */
  level_label = gtk_label_new (level != NULL ? level : "");
  gtk_widget_set_valign (level_label, GTK_ALIGN_START);
  gtk_label_set_width_chars (GTK_LABEL (level_label), 6);
  gtk_widget_add_css_class (level_label, "state-badge");
  gtk_widget_add_css_class (level_label, "caption");
  gtk_widget_add_css_class (level_label, "log-level");
  if (level_class != NULL)
    gtk_widget_add_css_class (level_label, level_class);

  message_label = gtk_label_new (message);
  gtk_label_set_xalign (GTK_LABEL (message_label), 0);
  gtk_label_set_wrap (GTK_LABEL (message_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (message_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (message_label), TRUE);
  gtk_widget_set_hexpand (message_label, TRUE);
  gtk_widget_add_css_class (message_label, "monospace");
  gtk_widget_add_css_class (message_label, "log-message");
  if (g_strcmp0 (level_class, "error") == 0)
    gtk_widget_add_css_class (message_label, "error");

  gtk_box_append (GTK_BOX (box), time_label);
  gtk_box_append (GTK_BOX (box), level_label);
  gtk_box_append (GTK_BOX (box), message_label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static GtkWidget *
create_audit_row (gpointer item,
                  gpointer user_data)
{
  DeckFfAuditEntry *entry = item;
  GDateTime *when = deck_ff_audit_entry_get_created_at (entry);
  const char *user = deck_ff_audit_entry_get_username (entry);
  g_autofree char *relative = when != NULL ? deck_format_relative_time (when, NULL) : NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *row;

  if (user != NULL && relative != NULL)
    /* Translators: who did it, then when ("3 h ago"). */
    subtitle = g_strdup_printf (_("%s · %s"), user, relative);
  else
    subtitle = g_strdup (user != NULL ? user : relative);

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), deck_ff_audit_entry_get_event (entry));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (when != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (when);
      g_autofree char *absolute = g_date_time_format (local, "%x %X");

      gtk_widget_set_tooltip_text (row, absolute);
    }
  return row;
}

static void schedule_logs_poll (DeckInstancePage *self);

static void
store_page_items (GListStore *store,
                  GListStore *items,
                  guint       position,
                  guint       n_removed)
{
  g_autoptr(GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (items)); i++)
    g_ptr_array_add (array, g_list_model_get_item (G_LIST_MODEL (items), i));
  g_list_store_splice (store, position, n_removed, array->pdata, array->len);
}

static void
set_cursor (char       **cursor,
            const char  *value)
{
  g_free (*cursor);
  *cursor = g_strdup (value);
}

static void
logs_newer_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DeckInstancePage) self = user_data;
  g_autoptr(DeckFfPage) page = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  page = deck_flowfuse_client_finish_page (DECK_FLOWFUSE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->logs_polling = FALSE;
  if (page == NULL)
    {
      g_debug ("Following the logs failed: %s", error->message);
      schedule_logs_poll (self);
      return;
    }

  if (self->logs_next == NULL)
    {
      /* Nothing was there before: this is the tail. */
      store_page_items (self->logs, page->items, 0,
                        g_list_model_get_n_items (G_LIST_MODEL (self->logs)));
      set_cursor (&self->logs_previous, page->previous_cursor);
    }
  else
    {
      store_page_items (self->logs, page->items,
                        g_list_model_get_n_items (G_LIST_MODEL (self->logs)), 0);
    }
  if (page->next_cursor != NULL)
    set_cursor (&self->logs_next, page->next_cursor);

  /* A long-open page keeps the newest entries only. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->logs));
  if (n > LOGS_MAX)
    {
      g_autoptr(DeckFfLogEntry) oldest = NULL;
      g_autofree char *cursor = NULL;

      g_list_store_splice (self->logs, 0, n - LOGS_MAX, NULL, 0);
      /* What was dropped can be loaded again. */
      oldest = g_list_model_get_item (G_LIST_MODEL (self->logs), 0);
      cursor = g_strconcat ("-", deck_ff_log_entry_get_ts (oldest), NULL);
      set_cursor (&self->logs_previous, cursor);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->older_button), self->logs_previous != NULL);
  deck_gui_stack_show (self->logs_stack, "list");
  schedule_logs_poll (self);
}

static void
poll_logs (DeckInstancePage *self)
{
  if (self->client == NULL || self->instance == NULL || self->logs_polling)
    return;

  self->logs_polling = TRUE;
  deck_flowfuse_client_get_logs_async (self->client, deck_ff_instance_get_id (self->instance),
                                       self->logs_next, LOGS_PAGE, self->cancellable,
                                       logs_newer_cb, g_object_ref (self));
}

static gboolean
logs_poll_cb (gpointer user_data)
{
  DeckInstancePage *self = user_data;

  self->logs_poll_id = 0;

  /* Paused while hidden; mapping the page again resumes. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    poll_logs (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_logs_poll (DeckInstancePage *self)
{
  if (self->logs_poll_id != 0 || !self->logs_started || self->logs_polling ||
      !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  self->logs_poll_id = g_timeout_add_seconds (LOGS_POLL_SECONDS, logs_poll_cb, self);
}

static void
logs_first_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DeckInstancePage) self = user_data;
  g_autoptr(DeckFfPage) page = NULL;
  g_autoptr(GError) error = NULL;

  page = deck_flowfuse_client_finish_page (DECK_FLOWFUSE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->logs_polling = FALSE;
  if (page == NULL)
    {
      /* e.g. a suspended instance has no logs to show. */
      g_message ("Loading the logs of %s failed: %s",
                 deck_ff_instance_get_name (self->instance), error->message);
      gtk_label_set_text (self->logs_error, error->message);
      deck_gui_stack_show (self->logs_stack, "error");
      schedule_logs_poll (self);
      return;
    }

  store_page_items (self->logs, page->items, 0,
                    g_list_model_get_n_items (G_LIST_MODEL (self->logs)));
  set_cursor (&self->logs_next, page->next_cursor);
  set_cursor (&self->logs_previous, page->previous_cursor);
  gtk_widget_set_visible (GTK_WIDGET (self->older_button), self->logs_previous != NULL);
  deck_gui_stack_show (self->logs_stack, "list");
  schedule_logs_poll (self);
}

static void
logs_older_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DeckInstancePage) self = user_data;
  g_autoptr(DeckFfPage) page = NULL;
  g_autoptr(GError) error = NULL;

  page = deck_flowfuse_client_finish_page (DECK_FLOWFUSE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self->older_button), TRUE);
  if (page == NULL)
    {
      deck_gui_toast (GTK_WIDGET (self), error->message, 5);
      return;
    }

  store_page_items (self->logs, page->items, 0, 0);
  set_cursor (&self->logs_previous, page->previous_cursor);
  gtk_widget_set_visible (GTK_WIDGET (self->older_button), self->logs_previous != NULL &&
                          g_list_model_get_n_items (G_LIST_MODEL (page->items)) > 0);
}

static void
load_older_logs_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  DeckInstancePage *self = DECK_INSTANCE_PAGE (widget);

  if (self->client == NULL || self->instance == NULL || self->logs_previous == NULL)
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self->older_button), FALSE);
  deck_flowfuse_client_get_logs_async (self->client, deck_ff_instance_get_id (self->instance),
                                       self->logs_previous, LOGS_PAGE, self->cancellable,
                                       logs_older_cb, g_object_ref (self));
}

static void
audit_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DeckInstancePage) self = user_data;
  g_autoptr(DeckFfPage) page = NULL;
  g_autoptr(GError) error = NULL;
  gboolean first = self->audit_next == NULL;

  page = deck_flowfuse_client_finish_page (DECK_FLOWFUSE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self->more_button), TRUE);
  if (page == NULL)
    {
      if (first)
        {
          gtk_label_set_text (self->audit_error, error->message);
          deck_gui_stack_show (self->audit_stack, "error");
        }
      else
        {
          deck_gui_toast (GTK_WIDGET (self), error->message, 5);
        }
      return;
    }

  store_page_items (self->audit, page->items,
                    g_list_model_get_n_items (G_LIST_MODEL (self->audit)), 0);
  set_cursor (&self->audit_next, page->next_cursor);
  /* A cursor with an empty page means the end. */
  gtk_widget_set_visible (GTK_WIDGET (self->more_button),
                          self->audit_next != NULL &&
                          g_list_model_get_n_items (G_LIST_MODEL (page->items)) >= AUDIT_PAGE);
  deck_gui_stack_show (self->audit_stack, "list");
}

static void
load_more_audit_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  DeckInstancePage *self = DECK_INSTANCE_PAGE (widget);

  if (self->client == NULL || self->instance == NULL || self->audit_next == NULL)
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self->more_button), FALSE);
  deck_flowfuse_client_get_audit_log_async (self->client, deck_ff_instance_get_id (self->instance),
                                            self->audit_next, AUDIT_PAGE, self->cancellable,
                                            audit_cb, g_object_ref (self));
}

static void
start_logs (DeckInstancePage *self)
{
  const char *id = deck_ff_instance_get_id (self->instance);

  self->logs_started = TRUE;
  self->logs_polling = TRUE;
  deck_gui_stack_show (self->logs_stack, "loading");
  deck_gui_stack_show (self->audit_stack, "loading");
  deck_flowfuse_client_get_logs_async (self->client, id, NULL, LOGS_PAGE, self->cancellable,
                                       logs_first_cb, g_object_ref (self));
  deck_flowfuse_client_get_audit_log_async (self->client, id, NULL, AUDIT_PAGE, self->cancellable,
                                            audit_cb, g_object_ref (self));
}

/*
 * Loading: the instance, the capability check, the tokens
 */

static void
show_capability_error (DeckInstancePage *self,
                       GError           *error)
{
  const char *title = _("Could Not Check Access Tokens");
  const char *icon = "dialog-warning-symbolic";

  if (g_error_matches (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_NO_LICENSE))
    {
      title = _("Needs an Enterprise License");
      icon = "channel-secure-symbolic";
    }
  else if (g_error_matches (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_TEAM_TYPE_FEATURE))
    {
      title = _("Not Included in the Team’s Plan");
      icon = "system-users-symbolic";
    }
  else if (g_error_matches (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_NOT_OWNER))
    {
      title = _("Only Team Owners Manage Tokens");
      icon = "avatar-default-symbolic";
    }

  g_clear_error (&self->capability_error);
  self->capability_error = g_error_copy (error);
  gtk_image_set_from_icon_name (self->capability_icon, icon);
  gtk_label_set_text (self->capability_title, title);
  gtk_label_set_text (self->capability_description, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->add_button), FALSE);
  deck_gui_stack_show (self->tokens_stack, "unavailable");
}

static void
list_tokens_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DeckInstancePage) self = user_data;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  guint n;

  list = deck_flowfuse_client_finish_list (DECK_FLOWFUSE_CLIENT (source), result, &error);
  if (list == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_capability_error (self, error);
      return;
    }

  n = g_list_model_get_n_items (list);
  items = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (list, i));
  g_list_store_splice (self->tokens, 0, g_list_model_get_n_items (G_LIST_MODEL (self->tokens)),
                       items->pdata, items->len);

  update_auth_warning (self);
  gtk_widget_set_visible (GTK_WIDGET (self->add_button), TRUE);
  deck_gui_stack_show (self->tokens_stack, "list");
}

static void
check_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DeckInstancePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!deck_flowfuse_client_finish_boolean (DECK_FLOWFUSE_CLIENT (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_message ("HTTP access tokens unavailable for %s: %s",
                 deck_ff_instance_get_name (self->instance), error->message);
      show_capability_error (self, error);
      return;
    }

  g_clear_error (&self->capability_error);
  deck_flowfuse_client_list_http_tokens_async (self->client, deck_ff_instance_get_id (self->instance),
                                               self->cancellable, list_tokens_cb,
                                               g_object_ref (self));
}

static void
check_tokens (DeckInstancePage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->add_button), FALSE);
  deck_gui_stack_show (self->tokens_stack, "checking");
  deck_flowfuse_client_check_http_tokens_async (self->client, self->instance, self->cancellable,
                                                check_cb, g_object_ref (self));
}

static void
instance_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DeckInstancePage) self = user_data;
  g_autoptr(DeckFfInstance) instance = NULL;
  g_autoptr(GError) error = NULL;

  instance = deck_flowfuse_client_finish_object (DECK_FLOWFUSE_CLIENT (source), result, &error);
  if (instance == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_warning ("Loading the instance failed: %s", error->message);
      adw_status_page_set_description (self->error_page, error->message);
      deck_gui_stack_show (self->stack, "error");
      return;
    }

  /* The list's copy lacks the settings (HTTP security); this one has them. */
  g_set_object (&self->instance, instance);
  fill_details (self);
  deck_gui_stack_show (self->stack, "details");
  check_tokens (self);
  if (!self->logs_started)
    start_logs (self);
}

/*
 * Creating a token
 */

typedef struct
{
  DeckInstancePage      *self;
  DeckTokenCreateDialog *dialog;
  char                  *token_id;
} DialogOp;

static void
dialog_op_free (DialogOp *op)
{
  g_clear_object (&op->self);
  g_clear_object (&op->dialog);
  g_free (op->token_id);
  g_free (op);
}

static gboolean
dialog_open (DeckTokenCreateDialog *dialog)
{
  return gtk_widget_get_visible (GTK_WIDGET (dialog));
}

static void
created_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  DialogOp *op = user_data;
  DeckInstancePage *self = op->self;
  g_autoptr(DeckFfHttpToken) token = NULL;
  g_autoptr(GError) error = NULL;
  DeckTokenRevealDialog *reveal;
  char *value = NULL;

  token = deck_flowfuse_client_create_http_token_finish (DECK_FLOWFUSE_CLIENT (source), result,
                                                         &value, &error);
  if (token == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          if (dialog_open (op->dialog))
            {
              deck_token_create_dialog_set_busy (op->dialog, FALSE);
              deck_token_create_dialog_set_error (op->dialog, error->message);
            }
          else
            {
              deck_gui_toast (GTK_WIDGET (self), error->message, 5);
            }
        }
      dialog_op_free (op);
      return;
    }

  g_list_store_append (self->tokens, token);
  if (dialog_open (op->dialog))
    gtk_window_destroy (GTK_WINDOW (op->dialog));

  /* The value moves into the dialog, which wipes it when it closes. */
  reveal = deck_token_reveal_dialog_new (deck_gui_parent_window (GTK_WIDGET (self)), DECK_TOKEN_KIND_HTTP,
                                         deck_ff_http_token_get_name (token),
                                         g_steal_pointer (&value),
                                         deck_ff_instance_get_url (self->instance));
  gtk_window_present (GTK_WINDOW (reveal));
  dialog_op_free (op);
}

static void
create_submit_cb (DeckTokenCreateDialog *dialog,
                  DeckInstancePage      *self)
{
  g_autoptr(GDateTime) expires_at = deck_token_create_dialog_get_expires_at (dialog);
  g_autofree char *name = g_strstrip (g_strdup (deck_token_create_dialog_get_name (dialog)));
  DialogOp *op;

  if (self->client == NULL)
    {
      deck_token_create_dialog_set_error (dialog, _("The account is no longer shown. Close "
                                                    "this window and open its page again."));
      return;
    }

  op = g_new0 (DialogOp, 1);
  op->self = g_object_ref (self);
  op->dialog = g_object_ref (dialog);

  deck_token_create_dialog_set_error (dialog, NULL);
  deck_token_create_dialog_set_busy (dialog, TRUE);
  deck_flowfuse_client_create_http_token_async (self->client,
                                                deck_ff_instance_get_id (self->instance),
                                                name, expires_at, self->cancellable,
                                                created_cb, op);
}

static void
add_token_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DeckInstancePage *self = DECK_INSTANCE_PAGE (widget);
  DeckTokenCreateDialog *dialog;

  if (self->client == NULL || self->instance == NULL)
    return;

  dialog = deck_token_create_dialog_new (deck_gui_parent_window (GTK_WIDGET (self)), DECK_TOKEN_CREATE_MODE_HTTP, NULL);
  g_signal_connect_object (dialog, "submit", G_CALLBACK (create_submit_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/*
 * Changing the expiry
 */

static void
updated_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  DialogOp *op = user_data;
  DeckInstancePage *self = op->self;
  g_autoptr(DeckFfHttpToken) token = NULL;
  g_autoptr(GError) error = NULL;
  guint position;

  token = deck_flowfuse_client_finish_object (DECK_FLOWFUSE_CLIENT (source), result, &error);
  if (token == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          if (dialog_open (op->dialog))
            {
              deck_token_create_dialog_set_busy (op->dialog, FALSE);
              deck_token_create_dialog_set_error (op->dialog, error->message);
            }
          else
            {
              deck_gui_toast (GTK_WIDGET (self), error->message, 5);
            }
        }
      dialog_op_free (op);
      return;
    }

  if (find_token (self, op->token_id, &position) != NULL)
    g_list_store_splice (self->tokens, position, 1, (gpointer *) &token, 1);
  if (dialog_open (op->dialog))
    gtk_window_destroy (GTK_WINDOW (op->dialog));
  deck_gui_toast (GTK_WIDGET (self), _("Expiry changed"), 3);
  dialog_op_free (op);
}

static void
expiry_submit_cb (DeckTokenCreateDialog *dialog,
                  DeckInstancePage      *self)
{
  g_autoptr(GDateTime) expires_at = deck_token_create_dialog_get_expires_at (dialog);
  DialogOp *op;

  if (self->client == NULL)
    {
      deck_token_create_dialog_set_error (dialog, _("The account is no longer shown. Close "
                                                    "this window and open its page again."));
      return;
    }

  op = g_new0 (DialogOp, 1);
  op->self = g_object_ref (self);
  op->dialog = g_object_ref (dialog);
  op->token_id = g_strdup (g_object_get_data (G_OBJECT (dialog), "token-id"));

  deck_token_create_dialog_set_error (dialog, NULL);
  deck_token_create_dialog_set_busy (dialog, TRUE);
  deck_flowfuse_client_update_http_token_async (self->client,
                                                deck_ff_instance_get_id (self->instance),
                                                op->token_id, expires_at, self->cancellable,
                                                updated_cb, op);
}

static void
change_expiry_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DeckInstancePage *self = DECK_INSTANCE_PAGE (widget);
  DeckFfHttpToken *token = find_token (self, g_variant_get_string (parameter, NULL), NULL);
  DeckTokenCreateDialog *dialog;

  if (token == NULL)
    return;

  dialog = deck_token_create_dialog_new (deck_gui_parent_window (GTK_WIDGET (self)), DECK_TOKEN_CREATE_MODE_EXPIRY,
                                         deck_ff_http_token_get_name (token));
  g_object_set_data_full (G_OBJECT (dialog), "token-id",
                          g_strdup (deck_ff_http_token_get_id (token)), g_free);
  g_signal_connect_object (dialog, "submit", G_CALLBACK (expiry_submit_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/*
 * Revoking
 */

typedef struct
{
  DeckInstancePage *self;
  DeckFfHttpToken  *token;
} RevokeOp;

static void
revoke_op_free (RevokeOp *op)
{
  g_clear_object (&op->self);
  g_clear_object (&op->token);
  g_free (op);
}

static void
revoked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  RevokeOp *op = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkWidget *done;
  guint position;

  if (!deck_flowfuse_client_finish_boolean (DECK_FLOWFUSE_CLIENT (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Translators: the first %s is a token name, the second the reason. */
          text = g_strdup_printf (_("“%s” was not revoked: %s"),
                                  deck_ff_http_token_get_name (op->token), error->message);
          deck_gui_toast (GTK_WIDGET (op->self), text, 6);
        }
      revoke_op_free (op);
      return;
    }

  if (find_token (op->self, deck_ff_http_token_get_id (op->token), &position) != NULL)
    g_list_store_remove (op->self->tokens, position);

  /* Said plainly, not in a toast that truncates: the token is not dead
   * everywhere at once. */
  done = adw_message_dialog_new (deck_gui_parent_window (GTK_WIDGET (op->self)), _("Token Revoked"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (done),
                                  _("FlowFuse no longer accepts “%s”. Instances cache token "
                                    "checks for up to 5 minutes, so “%s” may still accept it "
                                    "that long."),
                                  deck_ff_http_token_get_name (op->token),
                                  deck_ff_instance_get_name (op->self->instance));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (done), "close", _("_OK"));
  gtk_window_present (GTK_WINDOW (done));
  revoke_op_free (op);
}

static void
revoke_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  RevokeOp *op;

  if (g_strcmp0 (response, "revoke") != 0)
    return;

  op = g_object_steal_data (G_OBJECT (dialog), "revoke-op");
  if (op == NULL)
    return;

  deck_flowfuse_client_delete_http_token_async (op->self->client,
                                                deck_ff_instance_get_id (op->self->instance),
                                                deck_ff_http_token_get_id (op->token),
                                                op->self->cancellable, revoked_cb, op);
}

static void
revoke_token_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DeckInstancePage *self = DECK_INSTANCE_PAGE (widget);
  DeckFfHttpToken *token = find_token (self, g_variant_get_string (parameter, NULL), NULL);
  GtkWidget *dialog;
  RevokeOp *op;

  if (token == NULL)
    return;

  op = g_new0 (RevokeOp, 1);
  op->self = g_object_ref (self);
  op->token = g_object_ref (token);

  dialog = adw_message_dialog_new (deck_gui_parent_window (GTK_WIDGET (self)), _("Revoke Token?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Whatever uses “%s” will be refused by “%s”. This cannot be "
                                    "undone."),
                                  deck_ff_http_token_get_name (token),
                                  deck_ff_instance_get_name (self->instance));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "revoke", _("_Revoke"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "revoke",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "revoke-op", op, (GDestroyNotify) revoke_op_free);
  g_signal_connect (dialog, "response", G_CALLBACK (revoke_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/*
 * HTTP security: switch to FlowFuse user authentication, then restart
 */

static void
restarted_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DeckInstancePage) self = user_data;
  g_autoptr(DeckFfInstance) settled = NULL;
  g_autoptr(GError) error = NULL;

  settled = deck_flowfuse_client_finish_object (DECK_FLOWFUSE_CLIENT (source), result, &error);
  if (settled == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        deck_gui_toast (GTK_WIDGET (self), error->message, 5);
      return;
    }

  deck_gui_toast (GTK_WIDGET (self), _("Restarted: the instance now checks HTTP access tokens"), 4);
  deck_instance_page_reload (self);
}

static void
restart_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DeckInstancePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!deck_flowfuse_client_finish_boolean (DECK_FLOWFUSE_CLIENT (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        deck_gui_toast (GTK_WIDGET (self), error->message, 5);
      return;
    }

  deck_flowfuse_client_wait_for_state_async (self->client, deck_ff_instance_get_id (self->instance),
                                             120, self->cancellable, restarted_cb,
                                             g_object_ref (self));
}

static void
restart_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     DeckInstancePage *self)
{
  if (g_strcmp0 (response, "restart") != 0)
    {
      deck_gui_toast (GTK_WIDGET (self), _("The new setting applies when the instance restarts"), 5);
      return;
    }

  deck_gui_toast (GTK_WIDGET (self), _("Restarting…"), 3);
  deck_flowfuse_client_instance_action_async (self->client, deck_ff_instance_get_id (self->instance),
                                              DECK_FF_ACTION_RESTART, self->cancellable,
                                              restart_cb, g_object_ref (self));
}

static void
auth_set_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DeckInstancePage) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  gtk_widget_set_sensitive (GTK_WIDGET (self->auth_button), TRUE);
  if (!deck_flowfuse_client_finish_boolean (DECK_FLOWFUSE_CLIENT (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        deck_gui_toast (GTK_WIDGET (self), error->message, 5);
      return;
    }

  /* The saved setting hides the warning; the running Node-RED needs a
   * restart to follow it. */
  deck_flowfuse_client_get_instance_async (self->client, deck_ff_instance_get_id (self->instance),
                                           self->cancellable, instance_cb, g_object_ref (self));

  dialog = adw_message_dialog_new (deck_gui_parent_window (GTK_WIDGET (self)), _("Restart the Instance?"),
                                   _("The instance uses FlowFuse User Authentication after a "
                                     "restart. Until then it does not check HTTP access "
                                     "tokens."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "later", _("_Later"),
                                    "restart", _("_Restart"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restart",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "restart");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "later");
  g_signal_connect_object (dialog, "response", G_CALLBACK (restart_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
use_flowfuse_auth_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  DeckInstancePage *self = DECK_INSTANCE_PAGE (widget);

  if (self->client == NULL || self->instance == NULL)
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self->auth_button), FALSE);
  deck_flowfuse_client_set_http_node_auth_async (self->client,
                                                 deck_ff_instance_get_id (self->instance),
                                                 DECK_FF_HTTP_NODE_AUTH_FLOWFORGE_USER,
                                                 self->cancellable, auth_set_cb,
                                                 g_object_ref (self));
}

/*
 * Other actions
 */

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  deck_instance_page_reload (DECK_INSTANCE_PAGE (widget));
}

static void
open_editor_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DeckInstancePage *self = DECK_INSTANCE_PAGE (widget);

  if (self->instance == NULL || deck_ff_instance_get_url (self->instance) == NULL)
    return;

  gtk_show_uri (deck_gui_parent_window (GTK_WIDGET (self)), deck_ff_instance_get_url (self->instance), GDK_CURRENT_TIME);
}

/* The window signs in to the instance's Node-RED (its strategy is
 * FlowFuse's own) and shows it as a Node-RED account. */
static void
open_admin_api_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  DeckInstancePage *self = DECK_INSTANCE_PAGE (widget);

  if (self->instance == NULL || deck_ff_instance_get_url (self->instance) == NULL)
    return;

  gtk_widget_activate_action (widget, "win.open-admin-api", "s",
                              deck_ff_instance_get_url (self->instance));
}

/*
 * GtkWidget overrides
 */

static void
deck_instance_page_map (GtkWidget *widget)
{
  DeckInstancePage *self = DECK_INSTANCE_PAGE (widget);

  GTK_WIDGET_CLASS (deck_instance_page_parent_class)->map (widget);

  /* Follow the logs again, at once: the user is looking. */
  if (self->logs_started && self->logs_poll_id == 0)
    poll_logs (self);
}

static void
deck_instance_page_unmap (GtkWidget *widget)
{
  DeckInstancePage *self = DECK_INSTANCE_PAGE (widget);

  g_clear_handle_id (&self->logs_poll_id, g_source_remove);

  GTK_WIDGET_CLASS (deck_instance_page_parent_class)->unmap (widget);
}

/*
 * GObject overrides
 */

static void
deck_instance_page_dispose (GObject *object)
{
  DeckInstancePage *self = DECK_INSTANCE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->logs_poll_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), DECK_TYPE_INSTANCE_PAGE);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->client);
  g_clear_object (&self->instance);
  g_clear_object (&self->tokens);
  g_clear_object (&self->logs);
  g_clear_object (&self->audit);

  G_OBJECT_CLASS (deck_instance_page_parent_class)->dispose (object);
}

static void
deck_instance_page_finalize (GObject *object)
{
  DeckInstancePage *self = DECK_INSTANCE_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_error (&self->capability_error);
  g_clear_pointer (&self->logs_next, g_free);
  g_clear_pointer (&self->logs_previous, g_free);
  g_clear_pointer (&self->audit_next, g_free);

  G_OBJECT_CLASS (deck_instance_page_parent_class)->finalize (object);
}

static void
deck_instance_page_class_init (DeckInstancePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = deck_instance_page_dispose;
  object_class->finalize = deck_instance_page_finalize;
  widget_class->map = deck_instance_page_map;
  widget_class->unmap = deck_instance_page_unmap;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/deck-instance-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DeckInstancePage, stack);
  gtk_widget_class_bind_template_child (widget_class, DeckInstancePage, error_page);
  gtk_widget_class_bind_template_child (widget_class, DeckInstancePage, url_row);
  gtk_widget_class_bind_template_child (widget_class, DeckInstancePage, state_label);
  gtk_widget_class_bind_template_child (widget_class, DeckInstancePage, version_row);
  gtk_widget_class_bind_template_child (widget_class, DeckInstancePage, application_row);
  gtk_widget_class_bind_template_child (widget_class, DeckInstancePage, created_row);
  gtk_widget_class_bind_template_child (widget_class, DeckInstancePage, updated_row);
  gtk_widget_class_bind_template_child (widget_class, DeckInstancePage, add_button);
  gtk_widget_class_bind_template_child (widget_class, DeckInstancePage, tokens_stack);
  gtk_widget_class_bind_template_child (widget_class, DeckInstancePage, capability_icon);
  gtk_widget_class_bind_template_child (widget_class, DeckInstancePage, capability_title);
  gtk_widget_class_bind_template_child (widget_class, DeckInstancePage, capability_description);
  gtk_widget_class_bind_template_child (widget_class, DeckInstancePage, auth_list);
  gtk_widget_class_bind_template_child (widget_class, DeckInstancePage, auth_button);
  gtk_widget_class_bind_template_child (widget_class, DeckInstancePage, tokens_list);
  gtk_widget_class_bind_template_child (widget_class, DeckInstancePage, older_button);
  gtk_widget_class_bind_template_child (widget_class, DeckInstancePage, logs_stack);
  gtk_widget_class_bind_template_child (widget_class, DeckInstancePage, logs_error);
  gtk_widget_class_bind_template_child (widget_class, DeckInstancePage, logs_list);
  gtk_widget_class_bind_template_child (widget_class, DeckInstancePage, audit_stack);
  gtk_widget_class_bind_template_child (widget_class, DeckInstancePage, audit_error);
  gtk_widget_class_bind_template_child (widget_class, DeckInstancePage, audit_list);
  gtk_widget_class_bind_template_child (widget_class, DeckInstancePage, more_button);

  gtk_widget_class_install_action (widget_class, "instance.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "instance.open-editor", NULL, open_editor_action);
  gtk_widget_class_install_action (widget_class, "instance.open-admin-api", NULL,
                                   open_admin_api_action);
  gtk_widget_class_install_action (widget_class, "instance.add-token", NULL, add_token_action);
  gtk_widget_class_install_action (widget_class, "instance.change-expiry", "s",
                                   change_expiry_action);
  gtk_widget_class_install_action (widget_class, "instance.revoke-token", "s",
                                   revoke_token_action);
  gtk_widget_class_install_action (widget_class, "instance.use-flowfuse-auth", NULL,
                                   use_flowfuse_auth_action);
  gtk_widget_class_install_action (widget_class, "instance.load-older-logs", NULL,
                                   load_older_logs_action);
  gtk_widget_class_install_action (widget_class, "instance.load-more-audit", NULL,
                                   load_more_audit_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "instance.reload", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static GtkWidget *
empty_placeholder (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_margin_top (label, 18);
  gtk_widget_set_margin_bottom (label, 18);
  gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static void
deck_instance_page_init (DeckInstancePage *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->tokens = g_list_store_new (DECK_TYPE_FF_HTTP_TOKEN);
  gtk_list_box_bind_model (self->tokens_list, G_LIST_MODEL (self->tokens), create_token_row, NULL,
                           NULL);
  self->logs = g_list_store_new (DECK_TYPE_FF_LOG_ENTRY);
  self->audit = g_list_store_new (DECK_TYPE_FF_AUDIT_ENTRY);
  gtk_list_box_bind_model (self->logs_list, G_LIST_MODEL (self->logs), create_log_row, NULL, NULL);
  gtk_list_box_bind_model (self->audit_list, G_LIST_MODEL (self->audit), create_audit_row, NULL,
                           NULL);
  gtk_list_box_set_placeholder (self->logs_list, empty_placeholder (_("No log entries yet.")));
  gtk_list_box_set_placeholder (self->audit_list, empty_placeholder (_("No audit entries yet.")));

  placeholder = gtk_label_new (_("No tokens yet. Add one for each script or service that calls "
                                 "this instance."));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_set_margin_top (placeholder, 18);
  gtk_widget_set_margin_bottom (placeholder, 18);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (self->tokens_list, placeholder);
}

/*
 * Public API
 */

GtkWidget *
deck_instance_page_new (void)
{
  return g_object_new (DECK_TYPE_INSTANCE_PAGE, NULL);
}

/**
 * deck_instance_page_set_instance:
 * @self: a #DeckInstancePage
 * @client: the account's client
 * @instance: the instance to show
 *
 * Shows @instance: its details at once, then the fresh details and its
 * HTTP access tokens as they load.
 */
void
deck_instance_page_set_instance (DeckInstancePage   *self,
                                 DeckFlowfuseClient *client,
                                 DeckFfInstance     *instance)
{
  g_return_if_fail (DECK_IS_INSTANCE_PAGE (self));
  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (client));
  g_return_if_fail (DECK_IS_FF_INSTANCE (instance));

  deck_instance_page_clear (self);
  g_set_object (&self->client, client);
  g_set_object (&self->instance, instance);

  fill_details (self);
  deck_gui_stack_show (self->stack, "details");
  deck_instance_page_reload (self);
}

/**
 * deck_instance_page_clear:
 * @self: a #DeckInstancePage
 *
 * Stops what the page is doing and forgets the instance.
 */
void
deck_instance_page_clear (DeckInstancePage *self)
{
  g_return_if_fail (DECK_IS_INSTANCE_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_error (&self->capability_error);
  g_clear_object (&self->client);
  g_clear_object (&self->instance);
  g_list_store_remove_all (self->tokens);
  g_clear_handle_id (&self->logs_poll_id, g_source_remove);
  self->logs_polling = FALSE;
  self->logs_started = FALSE;
  g_list_store_remove_all (self->logs);
  g_list_store_remove_all (self->audit);
  g_clear_pointer (&self->logs_next, g_free);
  g_clear_pointer (&self->logs_previous, g_free);
  g_clear_pointer (&self->audit_next, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->older_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->more_button), FALSE);
  deck_gui_stack_show (self->logs_stack, "loading");
  deck_gui_stack_show (self->audit_stack, "loading");
  gtk_widget_set_visible (GTK_WIDGET (self->add_button), FALSE);
  deck_gui_stack_show (self->tokens_stack, "checking");
  deck_gui_stack_show (self->stack, "loading");
}

/**
 * deck_instance_page_reload:
 * @self: a #DeckInstancePage
 *
 * Loads the instance again, then checks and lists its tokens.
 */
void
deck_instance_page_reload (DeckInstancePage *self)
{
  g_return_if_fail (DECK_IS_INSTANCE_PAGE (self));

  if (self->client == NULL || self->instance == NULL)
    return;

  deck_flowfuse_client_get_instance_async (self->client, deck_ff_instance_get_id (self->instance),
                                           self->cancellable, instance_cb, g_object_ref (self));
}

/**
 * deck_instance_page_get_instance:
 * @self: a #DeckInstancePage
 *
 * Returns: (transfer none) (nullable): the instance shown
 */
DeckFfInstance *
deck_instance_page_get_instance (DeckInstancePage *self)
{
  g_return_val_if_fail (DECK_IS_INSTANCE_PAGE (self), NULL);

  return self->instance;
}

/**
 * deck_instance_page_get_tokens:
 * @self: a #DeckInstancePage
 *
 * Returns: (transfer none): the #DeckFfHttpToken list shown
 */
GListModel *
deck_instance_page_get_tokens (DeckInstancePage *self)
{
  g_return_val_if_fail (DECK_IS_INSTANCE_PAGE (self), NULL);

  return G_LIST_MODEL (self->tokens);
}

/**
 * deck_instance_page_get_tokens_state:
 * @self: a #DeckInstancePage
 *
 * Returns: what the tokens section shows: "checking", "unavailable" or "list"
 */
const char *
deck_instance_page_get_tokens_state (DeckInstancePage *self)
{
  g_return_val_if_fail (DECK_IS_INSTANCE_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->tokens_stack);
}

/**
 * deck_instance_page_get_capability_error:
 * @self: a #DeckInstancePage
 *
 * Returns: (nullable): why tokens cannot be managed here, or %NULL
 */
const GError *
deck_instance_page_get_capability_error (DeckInstancePage *self)
{
  g_return_val_if_fail (DECK_IS_INSTANCE_PAGE (self), NULL);

  return self->capability_error;
}

/**
 * deck_instance_page_get_auth_warning:
 * @self: a #DeckInstancePage
 *
 * Returns: whether the "tokens are not checked" warning shows
 */
gboolean
deck_instance_page_get_auth_warning (DeckInstancePage *self)
{
  g_return_val_if_fail (DECK_IS_INSTANCE_PAGE (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->auth_list));
}

/**
 * deck_instance_page_get_row:
 * @self: a #DeckInstancePage
 * @token_id: a token id
 *
 * Returns: (transfer none) (nullable): the row showing @token_id
 */
GtkWidget *
deck_instance_page_get_row (DeckInstancePage *self,
                            const char       *token_id)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (DECK_IS_INSTANCE_PAGE (self), NULL);

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->tokens_list, i)) != NULL; i++)
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "token-id"), token_id) == 0)
      return GTK_WIDGET (row);

  return NULL;
}

/**
 * deck_instance_page_get_logs:
 * @self: a #DeckInstancePage
 *
 * Returns: (transfer none): the #DeckFfLogEntry list shown, oldest first
 */
GListModel *
deck_instance_page_get_logs (DeckInstancePage *self)
{
  g_return_val_if_fail (DECK_IS_INSTANCE_PAGE (self), NULL);

  return G_LIST_MODEL (self->logs);
}

/**
 * deck_instance_page_get_audit:
 * @self: a #DeckInstancePage
 *
 * Returns: (transfer none): the #DeckFfAuditEntry list shown, newest first
 */
GListModel *
deck_instance_page_get_audit (DeckInstancePage *self)
{
  g_return_val_if_fail (DECK_IS_INSTANCE_PAGE (self), NULL);

  return G_LIST_MODEL (self->audit);
}

/**
 * deck_instance_page_get_logs_state:
 * @self: a #DeckInstancePage
 *
 * Returns: what the logs section shows: "loading", "error" or "list"
 */
const char *
deck_instance_page_get_logs_state (DeckInstancePage *self)
{
  g_return_val_if_fail (DECK_IS_INSTANCE_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->logs_stack);
}

/**
 * deck_instance_page_get_audit_state:
 * @self: a #DeckInstancePage
 *
 * Returns: what the audit log section shows: "loading", "error" or "list"
 */
const char *
deck_instance_page_get_audit_state (DeckInstancePage *self)
{
  g_return_val_if_fail (DECK_IS_INSTANCE_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->audit_stack);
}
