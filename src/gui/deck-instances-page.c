/* deck-instances-page.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-instances-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "deck-format.h"
#include "deck-gui-util.h"
#include "deck-http.h"
#include "deck-instance-row.h"
#include "deck-instances-page.h"

/* All instances of a team: a one-column GtkGridView over filter and sort
 * models (no per-row network; fluid at thousands of rows: a GtkListView
 * keeps row widgets for 200 items around its anchor, which a search then
 * rebuilds and remeasures at once; a grid view keeps about 30), live state polled while
 * the page is mapped (back-off on errors), a search that filters by name,
 * application and state as you type, and the instance actions
 * (instances.open/start/stop/restart/suspend/open-editor/copy-url/delete,
 * each taking the instance id; "open" emits ::open-instance for the window). Every call goes through the core client with
 * this page's cancellable, cancelled when the page is disposed. */

#define POLL_SECONDS     5
#define POLL_MAX_SECONDS 60
/* A list from the start-up snapshot says it is updating only when the
 * server takes longer than this (a banner that comes and goes within a
 * moment is only a flicker). */
#define UPDATING_BANNER_MS 1000
/* Until the page has drawn rows once, the grid gets only as many as fit
 * the window (its height over this; a row is at least 50 px, its 34 px
 * buttons and 16 px of margins), not the ~30 a grid view keeps: the rows
 * no one sees yet are built in the frame after the first. */
#define FIRST_FRAME_ROW_HEIGHT 48

struct _DeckInstancesPage
{
  GtkWidget           parent_instance;

  /* Owned References */
  DeckFlowfuseClient *client;
  DeckFfTeam         *team;
  GCancellable       *cancellable;
  GListStore         *instances;
  GtkSortListModel   *sorted;
  GListStore         *filtered;   /* shown: sorted, then searched */
  GtkSliceListModel  *first_rows; /* filtered, cut to the window until rows are drawn */
  gboolean            rows_drawn;
  gulong              after_paint_id;
  char               *search;
  guint               poll_id;
  guint               poll_seconds;
  gboolean            polling;
  gboolean            repoll;      /* the list changed during a poll */
  gboolean            offline;
  gboolean            from_snapshot; /* rows from the start-up snapshot, no client yet */
  gboolean            save_pending;  /* a fresh list whose states are on the way */
  guint               updating_id;

  /* Template Widgets */
  GtkStack           *stack;
  GtkGridView        *list_view;
  AdwStatusPage      *error_page;
  AdwStatusPage      *empty_page;
  AdwStatusPage      *no_results_page;
  GtkSearchEntry     *search_entry;
  GtkSearchBar       *search_bar;
  GtkRevealer        *offline_revealer;
  GtkLabel           *offline_label;
  GtkRevealer        *updating_revealer;
  GtkLabel           *updating_label;
};

G_DEFINE_FINAL_TYPE (DeckInstancesPage, deck_instances_page, GTK_TYPE_WIDGET)

enum {
  OPEN_INSTANCE,
  UPDATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_FROM_SNAPSHOT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/*
 * Auxiliary methods
 */

static DeckFfInstance *
find_instance (DeckInstancesPage *self,
               const char        *id,
               guint             *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->instances));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DeckFfInstance) instance = g_list_model_get_item (G_LIST_MODEL (self->instances), i);

      if (g_strcmp0 (deck_ff_instance_get_id (instance), id) == 0)
        {
          if (position != NULL)
            *position = i;
          return instance; /* the store keeps its reference */
        }
    }

  return NULL;
}

static void
set_optimistic_state (DeckFfInstance *instance,
                      const char     *state)
{
  g_autoptr(JsonObject) status = json_object_new ();
  JsonObject *meta = json_object_new ();

  json_object_set_string_member (meta, "state", state);
  json_object_set_object_member (status, "meta", meta);
  deck_ff_instance_apply_status (instance, status);
}

static void
update_visible_page (DeckInstancesPage *self)
{
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->instances));
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));

  if (total == 0)
    deck_gui_stack_show (self->stack, "empty");
  else if (shown == 0)
    deck_gui_stack_show (self->stack, "no-results");
  else
    deck_gui_stack_show (self->stack, "list");
}

/* The server cannot be reached (as opposed to answering with an error). */
static gboolean
is_unreachable (const GError *error)
{
  return error != NULL && error->domain == DECK_NET_ERROR &&
         (error->code == DECK_NET_ERROR_CONNECTION_REFUSED ||
          error->code == DECK_NET_ERROR_HOST_NOT_FOUND ||
          error->code == DECK_NET_ERROR_NETWORK_UNREACHABLE ||
          error->code == DECK_NET_ERROR_TIMEOUT ||
          error->code == DECK_NET_ERROR_CONNECTION_LOST);
}

/* Offline: a banner says so and the last known list stays, greyed. */
static void
set_offline (DeckInstancesPage *self,
             const GError      *error)
{
  gboolean offline = error != NULL;

  if (offline)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->offline_label), error->message);

  if (offline == self->offline)
    return;

  self->offline = offline;
  if (offline)
    g_message ("Offline, showing the last known instances: %s", error->message);
  else
    g_message ("Back online");
  gtk_revealer_set_reveal_child (self->offline_revealer, offline);
  if (offline)
    gtk_widget_add_css_class (GTK_WIDGET (self->list_view), "offline-data");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->list_view), "offline-data");
}

/* The actions that ask the server, or open a page that does: off while
 * the rows are the snapshot's and there is no client yet. */
static void
set_server_actions_enabled (DeckInstancesPage *self,
                            gboolean           enabled)
{
  static const char *const actions[] = {
    "instances.start", "instances.stop", "instances.restart", "instances.suspend",
    "instances.open", "instances.delete",
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i], enabled);
}

static void
set_from_snapshot (DeckInstancesPage *self,
                   gboolean           from_snapshot)
{
  if (self->from_snapshot == from_snapshot)
    return;

  self->from_snapshot = from_snapshot;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FROM_SNAPSHOT]);
}

/* The rows are the server's now (or will not be): no snapshot banner. */
static void
end_snapshot (DeckInstancesPage *self)
{
  set_from_snapshot (self, FALSE);
  g_clear_handle_id (&self->updating_id, g_source_remove);
  gtk_revealer_set_reveal_child (self->updating_revealer, FALSE);
}

/* Whatever the team shown was doing is no longer wanted: its requests,
 * its polling, a save it was about to ask for, its banners. */
static void
forget_work (DeckInstancesPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_handle_id (&self->poll_id, g_source_remove);
  self->polling = FALSE;
  self->save_pending = FALSE;
  end_snapshot (self);
  set_offline (self, NULL);
}

static gboolean
show_updating_cb (gpointer user_data)
{
  DeckInstancesPage *self = user_data;

  self->updating_id = 0;
  gtk_revealer_set_reveal_child (self->updating_revealer, TRUE);
  return G_SOURCE_REMOVE;
}

/* How many rows the first frame with rows needs: as many as the window's
 * height holds, or all when that height is not known yet or may be the
 * screen's. */
static guint
first_frame_rows (DeckInstancesPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  int width, height;

  if (!GTK_IS_WINDOW (root) || gtk_window_is_maximized (GTK_WINDOW (root)) ||
      gtk_window_is_fullscreen (GTK_WINDOW (root)))
    return G_MAXUINT;
  height = gtk_widget_get_height (GTK_WIDGET (root));
  if (height <= 0)
    gtk_window_get_default_size (GTK_WINDOW (root), &width, &height); /* GTK 4.8: both */
  if (height <= 0)
    return G_MAXUINT;

  return height / FIRST_FRAME_ROW_HEIGHT + 1;
}

/* After the first frame that drew rows: the grid gets all of them. */
static void
after_paint_cb (GdkFrameClock     *clock,
                DeckInstancesPage *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0)
    return;

  self->rows_drawn = TRUE;
  g_clear_signal_handler (&self->after_paint_id, clock);
  gtk_slice_list_model_set_size (self->first_rows, G_MAXUINT);
}

/* The rows shown: the sorted instances that match the search, put in
 * place with one change. (A GtkFilterListModel reports a new search as
 * one change per run of rows that came or went; with thousands of
 * instances the list then spent ~100 ms per keystroke on them.) */
static void
refilter (DeckInstancesPage *self)
{
  GListModel *sorted = G_LIST_MODEL (self->sorted);
  GListModel *shown = G_LIST_MODEL (self->filtered);
  guint n = g_list_model_get_n_items (sorted);
  guint n_shown = g_list_model_get_n_items (shown);
  g_autoptr(GPtrArray) matches = g_ptr_array_new_full (n, g_object_unref);
  gboolean same;

  for (guint i = 0; i < n; i++)
    {
      DeckFfInstance *instance = g_list_model_get_item (sorted, i);

      if (deck_ff_instance_matches (instance, self->search))
        g_ptr_array_add (matches, instance);
      else
        g_object_unref (instance);
    }

  /* Nothing changed (a live-state poll, mostly): no change at all. */
  same = matches->len == n_shown;
  for (guint i = 0; same && i < n_shown; i++)
    {
      g_autoptr(GObject) current = g_list_model_get_item (shown, i);

      same = current == matches->pdata[i];
    }
  if (same)
    return;

  if (!self->rows_drawn)
    gtk_slice_list_model_set_size (self->first_rows, first_frame_rows (self));
  g_list_store_splice (self->filtered, 0, n_shown, matches->pdata, matches->len);
}

static int
sort_func (gconstpointer a,
           gconstpointer b,
           gpointer      user_data)
{
  DeckFfInstance *x = (DeckFfInstance *) a;
  DeckFfInstance *y = (DeckFfInstance *) b;
  int by_app;

  by_app = g_strcmp0 (deck_ff_instance_get_application_name (x),
                      deck_ff_instance_get_application_name (y));
  if (by_app != 0)
    return by_app;

  return g_utf8_collate (deck_ff_instance_get_name (x), deck_ff_instance_get_name (y));
}

/*
 * Loading and polling
 */

static void     schedule_poll (DeckInstancesPage *self);
static gboolean poll_cb       (gpointer           user_data);

static void
refresh_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DeckInstancesPage) self = user_data;
  g_autoptr(GError) error = NULL;

  self->polling = FALSE;
  if (!deck_flowfuse_client_finish_boolean (DECK_FLOWFUSE_CLIENT (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* Keep the last known states and slow down. */
      g_debug ("Live state refresh failed: %s", error->message);
      self->poll_seconds = MIN (self->poll_seconds * 2, POLL_MAX_SECONDS);
      if (is_unreachable (error))
        set_offline (self, error);
    }
  else
    {
      self->poll_seconds = POLL_SECONDS;
      set_offline (self, NULL);
      /* A fresh list with its states: worth keeping for the next start. */
      if (self->save_pending)
        {
          self->save_pending = FALSE;
          g_signal_emit (self, signals[UPDATED], 0);
        }
    }

  /* A state may now match or miss the search (rows themselves follow
   * their instance; only a search needs the filter run again). */
  if (self->search != NULL)
    refilter (self);
  update_visible_page (self);

  /* That poll was for the rows before a reload: the new ones now. */
  if (self->repoll)
    {
      self->repoll = FALSE;
      poll_cb (self);
      return;
    }
  schedule_poll (self);
}

static gboolean
poll_cb (gpointer user_data)
{
  DeckInstancesPage *self = user_data;

  self->poll_id = 0;

  /* Paused while hidden; mapping the page again schedules the next poll. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || self->client == NULL || self->polling)
    return G_SOURCE_REMOVE;

  self->polling = TRUE;
  deck_flowfuse_client_refresh_states_async (self->client, G_LIST_MODEL (self->instances),
                                             self->cancellable, refresh_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
schedule_poll (DeckInstancesPage *self)
{
  if (self->poll_id != 0 || self->client == NULL)
    return;

  self->poll_id = g_timeout_add_seconds (self->poll_seconds, poll_cb, self);
}

static void
list_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(DeckInstancesPage) self = user_data;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  list = deck_flowfuse_client_finish_list (DECK_FLOWFUSE_CLIENT (source), result, &error);
  if (list == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      end_snapshot (self);

      /* Unreachable with a list already shown: keep it, greyed, and
       * let polling find out when the server is back. */
      if (is_unreachable (error) && g_list_model_get_n_items (G_LIST_MODEL (self->instances)) > 0)
        {
          set_offline (self, error);
          update_visible_page (self);
          self->poll_seconds = MIN (self->poll_seconds * 2, POLL_MAX_SECONDS);
          schedule_poll (self);
          return;
        }

      g_warning ("Loading instances failed: %s", error->message);
      adw_status_page_set_description (self->error_page, error->message);
      deck_gui_stack_show (self->stack, "error");
      return;
    }

  end_snapshot (self);
  self->save_pending = TRUE;
  set_offline (self, NULL);
  self->poll_seconds = POLL_SECONDS;
  n = g_list_model_get_n_items (list);
  {
    g_autoptr(GPtrArray) items = g_ptr_array_new_full (n, g_object_unref);
    g_autoptr(GHashTable) known = g_hash_table_new (g_str_hash, g_str_equal);
    guint n_known = g_list_model_get_n_items (G_LIST_MODEL (self->instances));

    /* The list has no live state: rows keep the last known one until
     * the status calls below bring the fresh one. */
    for (guint i = 0; i < n_known; i++)
      {
        DeckFfInstance *old = g_list_model_get_item (G_LIST_MODEL (self->instances), i);

        g_hash_table_insert (known, (gpointer) deck_ff_instance_get_id (old), old);
        g_object_unref (old);   /* the store still holds it */
      }
    for (guint i = 0; i < n; i++)
      {
        DeckFfInstance *instance = g_list_model_get_item (list, i);
        DeckFfInstance *old = g_hash_table_lookup (known, deck_ff_instance_get_id (instance));

        if (old != NULL)
          deck_ff_instance_take_live_state (instance, old);
        g_ptr_array_add (items, instance);
      }
    g_list_store_splice (self->instances, 0, n_known, items->pdata, items->len);
  }

  update_visible_page (self);

  /* Rows first, states right after (one request per application). */
  g_clear_handle_id (&self->poll_id, g_source_remove);
  if (self->polling)
    self->repoll = TRUE;
  else
    poll_cb (self);
}

/*
 * Actions
 */

typedef struct
{
  DeckInstancesPage *self;
  DeckFfInstance    *instance;
  DeckFfAction       action;
} ActionData;

static void
action_data_free (ActionData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->instance);
  g_free (data);
}

static char *
done_message (DeckFfAction  action,
              const char   *name)
{
  switch (action)
    {
    case DECK_FF_ACTION_START:
      /* Translators: %s is an instance name. */
      return g_strdup_printf (_("“%s” is running"), name);
    case DECK_FF_ACTION_STOP:
      return g_strdup_printf (_("“%s” stopped"), name);
    case DECK_FF_ACTION_RESTART:
      return g_strdup_printf (_("“%s” restarted"), name);
    case DECK_FF_ACTION_SUSPEND:
    default:
      return g_strdup_printf (_("“%s” suspended"), name);
    }
}

static void
settled_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  ActionData *data = user_data;
  g_autoptr(DeckFfInstance) settled = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  settled = deck_flowfuse_client_finish_object (DECK_FLOWFUSE_CLIENT (source), result, &error);
  if (settled == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        deck_gui_toast (GTK_WIDGET (data->self), error->message, 4);
      action_data_free (data);
      return;
    }

  deck_ff_instance_update_from (data->instance, settled);
  text = done_message (data->action, deck_ff_instance_get_name (data->instance));
  deck_gui_toast (GTK_WIDGET (data->self), text, 4);
  action_data_free (data);
}

static void
action_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  ActionData *data = user_data;
  g_autoptr(GError) error = NULL;

  if (!deck_flowfuse_client_finish_boolean (DECK_FLOWFUSE_CLIENT (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = NULL;

          /* Translators: the first %s is an instance name, the second the reason. */
          text = g_strdup_printf (_("“%s”: %s"), deck_ff_instance_get_name (data->instance),
                                  error->message);
          deck_gui_toast (GTK_WIDGET (data->self), text, 4);
          /* Undo the optimistic state: ask the server what it is. */
          deck_instances_page_reload (data->self);
        }
      action_data_free (data);
      return;
    }

  deck_flowfuse_client_wait_for_state_async (DECK_FLOWFUSE_CLIENT (source),
                                             deck_ff_instance_get_id (data->instance), 120,
                                             data->self->cancellable, settled_cb, data);
}

static void
run_action (DeckInstancesPage *self,
            const char        *id,
            DeckFfAction       action)
{
  static const char *optimistic[] = { "starting", "stopping", "restarting", "suspending" };
  DeckFfInstance *instance = find_instance (self, id, NULL);
  ActionData *data;

  if (instance == NULL || self->client == NULL)
    return;

  data = g_new0 (ActionData, 1);
  data->self = g_object_ref (self);
  data->instance = g_object_ref (instance);
  data->action = action;

  set_optimistic_state (instance, optimistic[action]);
  deck_flowfuse_client_instance_action_async (self->client, id, action, self->cancellable,
                                              action_cb, data);
}

static void
instances_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DeckInstancesPage *self = DECK_INSTANCES_PAGE (widget);
  const char *id = g_variant_get_string (parameter, NULL);

  if (g_str_equal (action_name, "instances.start"))
    run_action (self, id, DECK_FF_ACTION_START);
  else if (g_str_equal (action_name, "instances.stop"))
    run_action (self, id, DECK_FF_ACTION_STOP);
  else if (g_str_equal (action_name, "instances.restart"))
    run_action (self, id, DECK_FF_ACTION_RESTART);
  else if (g_str_equal (action_name, "instances.suspend"))
    run_action (self, id, DECK_FF_ACTION_SUSPEND);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DeckInstancesPage *self = DECK_INSTANCES_PAGE (widget);
  DeckFfInstance *instance = find_instance (self, g_variant_get_string (parameter, NULL), NULL);

  if (instance != NULL)
    g_signal_emit (self, signals[OPEN_INSTANCE], 0, instance);
}

static void
list_activate_cb (DeckInstancesPage *self,
                  guint              position)
{
  g_autoptr(DeckFfInstance) instance = g_list_model_get_item (G_LIST_MODEL (self->filtered),
                                                              position);

  if (instance != NULL)
    g_signal_emit (self, signals[OPEN_INSTANCE], 0, instance);
}

static void
open_editor_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DeckInstancesPage *self = DECK_INSTANCES_PAGE (widget);
  DeckFfInstance *instance = find_instance (self, g_variant_get_string (parameter, NULL), NULL);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (instance == NULL || deck_ff_instance_get_url (instance) == NULL)
    return;

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                deck_ff_instance_get_url (instance), GDK_CURRENT_TIME);
}

static void
open_dashboard_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  DeckInstancesPage *self = DECK_INSTANCES_PAGE (widget);
  DeckFfInstance *instance = find_instance (self, g_variant_get_string (parameter, NULL), NULL);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *url = NULL;

  if (instance == NULL || (url = deck_ff_instance_dup_dashboard_url (instance)) == NULL)
    return;

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, url, GDK_CURRENT_TIME);
}

static void
copy_url_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DeckInstancesPage *self = DECK_INSTANCES_PAGE (widget);
  DeckFfInstance *instance = find_instance (self, g_variant_get_string (parameter, NULL), NULL);

  if (instance == NULL || deck_ff_instance_get_url (instance) == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), deck_ff_instance_get_url (instance));
  deck_gui_toast (GTK_WIDGET (self), _("Address copied"), 4);
}

static void
delete_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  ActionData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint position;

  if (!deck_flowfuse_client_finish_boolean (DECK_FLOWFUSE_CLIENT (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          text = g_strdup_printf (_("“%s” was not deleted: %s"),
                                  deck_ff_instance_get_name (data->instance), error->message);
          deck_gui_toast (GTK_WIDGET (data->self), text, 4);
        }
      action_data_free (data);
      return;
    }

  if (find_instance (data->self, deck_ff_instance_get_id (data->instance), &position) != NULL)
    g_list_store_remove (data->self->instances, position);
  update_visible_page (data->self);

  text = g_strdup_printf (_("“%s” deleted"), deck_ff_instance_get_name (data->instance));
  deck_gui_toast (GTK_WIDGET (data->self), text, 4);
  action_data_free (data);
}

static void
delete_entry_changed_cb (GtkEditable     *entry,
                         AdwMessageDialog *dialog)
{
  const char *expected = g_object_get_data (G_OBJECT (dialog), "instance-name");

  adw_message_dialog_set_response_enabled (dialog, "delete",
                                           g_strcmp0 (gtk_editable_get_text (entry), expected) == 0);
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  ActionData *data;

  if (g_strcmp0 (response, "delete") != 0)
    return;

  /* The dialog owned the data until now; the delete call owns it next. */
  data = g_object_steal_data (G_OBJECT (dialog), "action-data");
  if (data == NULL)
    return;

  deck_flowfuse_client_delete_instance_async (data->self->client,
                                              deck_ff_instance_get_id (data->instance),
                                              data->self->cancellable, delete_cb, data);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DeckInstancesPage *self = DECK_INSTANCES_PAGE (widget);
  DeckFfInstance *instance = find_instance (self, g_variant_get_string (parameter, NULL), NULL);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;
  GtkWidget *entry;
  ActionData *data;

  if (instance == NULL || self->client == NULL)
    return;

  data = g_new0 (ActionData, 1);
  data->self = g_object_ref (self);
  data->instance = g_object_ref (instance);

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Delete Instance?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” and its flows, settings and logs will be deleted for "
                                    "good. Type its name to confirm."),
                                  deck_ff_instance_get_name (instance));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "delete", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), deck_ff_instance_get_name (instance));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Instance name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);

  g_object_set_data_full (G_OBJECT (dialog), "instance-name",
                          g_strdup (deck_ff_instance_get_name (instance)), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "action-data", data,
                          (GDestroyNotify) action_data_free);
  g_signal_connect (entry, "changed", G_CALLBACK (delete_entry_changed_cb), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (delete_response_cb), NULL);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
retry_clicked_cb (DeckInstancesPage *self)
{
  deck_instances_page_reload (self);
}

static void
search_changed_cb (DeckInstancesPage *self)
{
  deck_instances_page_set_search (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
toggle_search_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DeckInstancesPage *self = DECK_INSTANCES_PAGE (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  gtk_list_item_set_child (item, g_object_new (DECK_TYPE_INSTANCE_ROW, NULL));
  gtk_list_item_set_activatable (item, TRUE);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  deck_instance_row_set_instance (DECK_INSTANCE_ROW (gtk_list_item_get_child (item)),
                                  gtk_list_item_get_item (item));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  deck_instance_row_set_instance (DECK_INSTANCE_ROW (gtk_list_item_get_child (item)), NULL);
}

/*
 * GtkWidget
 */

static void
deck_instances_page_map (GtkWidget *widget)
{
  DeckInstancesPage *self = DECK_INSTANCES_PAGE (widget);

  GTK_WIDGET_CLASS (deck_instances_page_parent_class)->map (widget);

  if (!self->rows_drawn && self->after_paint_id == 0)
    self->after_paint_id = g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                                             G_CALLBACK (after_paint_cb), self);

  /* Resume live state as soon as the page is visible again. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->instances)) > 0 && self->poll_id == 0 &&
      !self->polling)
    poll_cb (self);
}

static void
deck_instances_page_unmap (GtkWidget *widget)
{
  DeckInstancesPage *self = DECK_INSTANCES_PAGE (widget);

  g_clear_signal_handler (&self->after_paint_id, gtk_widget_get_frame_clock (widget));

  GTK_WIDGET_CLASS (deck_instances_page_parent_class)->unmap (widget);
}

static void
deck_instances_page_dispose (GObject *object)
{
  DeckInstancesPage *self = DECK_INSTANCES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_clear_handle_id (&self->updating_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), DECK_TYPE_INSTANCES_PAGE);
  /* The template's top-level box is not a bound child: unparent it too. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->client);
  g_clear_object (&self->team);
  g_clear_object (&self->first_rows);
  g_clear_object (&self->filtered);
  g_clear_object (&self->sorted);
  g_clear_object (&self->instances);

  G_OBJECT_CLASS (deck_instances_page_parent_class)->dispose (object);
}

static void
deck_instances_page_finalize (GObject *object)
{
  DeckInstancesPage *self = DECK_INSTANCES_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->search, g_free);

  G_OBJECT_CLASS (deck_instances_page_parent_class)->finalize (object);
}

static void
deck_instances_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DeckInstancesPage *self = DECK_INSTANCES_PAGE (object);

  switch (prop_id)
    {
    case PROP_FROM_SNAPSHOT:
      g_value_set_boolean (value, self->from_snapshot);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_instances_page_class_init (DeckInstancesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = deck_instances_page_dispose;
  object_class->finalize = deck_instances_page_finalize;
  object_class->get_property = deck_instances_page_get_property;

  /**
   * DeckInstancesPage:from-snapshot:
   *
   * Whether the rows are the start-up snapshot's, not yet the server's.
   */
  properties[PROP_FROM_SNAPSHOT] =
    g_param_spec_boolean ("from-snapshot", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
  widget_class->map = deck_instances_page_map;
  widget_class->unmap = deck_instances_page_unmap;

  /**
   * DeckInstancesPage::open-instance:
   * @self: the page
   * @instance: the instance to open
   *
   * The user opened an instance (its row, or Open in its menu).
   */
  signals[OPEN_INSTANCE] = g_signal_new ("open-instance", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, DECK_TYPE_FF_INSTANCE);

  /**
   * DeckInstancesPage::updated:
   * @self: the page
   *
   * The team's list came from the server and its live states after it:
   * deck_instances_page_get_instances() is fresh.
   */
  signals[UPDATED] = g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/deck-instances-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DeckInstancesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DeckInstancesPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, DeckInstancesPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, DeckInstancesPage, offline_revealer);
  gtk_widget_class_bind_template_child (widget_class, DeckInstancesPage, offline_label);
  gtk_widget_class_bind_template_child (widget_class, DeckInstancesPage, updating_revealer);
  gtk_widget_class_bind_template_child (widget_class, DeckInstancesPage, updating_label);
  gtk_widget_class_bind_template_child (widget_class, DeckInstancesPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, DeckInstancesPage, no_results_page);
  gtk_widget_class_bind_template_child (widget_class, DeckInstancesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DeckInstancesPage, search_bar);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);

  gtk_widget_class_install_action (widget_class, "instances.start", "s", instances_action);
  gtk_widget_class_install_action (widget_class, "instances.stop", "s", instances_action);
  gtk_widget_class_install_action (widget_class, "instances.restart", "s", instances_action);
  gtk_widget_class_install_action (widget_class, "instances.suspend", "s", instances_action);
  gtk_widget_class_install_action (widget_class, "instances.open", "s", open_action);
  gtk_widget_class_install_action (widget_class, "instances.open-editor", "s", open_editor_action);
  gtk_widget_class_install_action (widget_class, "instances.open-dashboard", "s",
                                   open_dashboard_action);
  gtk_widget_class_install_action (widget_class, "instances.copy-url", "s", copy_url_action);
  gtk_widget_class_install_action (widget_class, "instances.delete", "s", delete_action);
  gtk_widget_class_install_action (widget_class, "instances.search", NULL, toggle_search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "instances.search", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  g_type_ensure (DECK_TYPE_INSTANCE_ROW);
}

static void
deck_instances_page_init (DeckInstancesPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkNoSelection) selection = NULL;
  GtkCustomSorter *sorter;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->poll_seconds = POLL_SECONDS;
  self->instances = g_list_store_new (DECK_TYPE_FF_INSTANCE);

  sorter = gtk_custom_sorter_new (sort_func, NULL, NULL);
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->instances)),
                                          GTK_SORTER (sorter));
  self->filtered = g_list_store_new (DECK_TYPE_FF_INSTANCE);
  g_signal_connect_object (self->sorted, "items-changed", G_CALLBACK (refilter), self,
                           G_CONNECT_SWAPPED);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  gtk_grid_view_set_factory (self->list_view, factory);
  self->first_rows = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)), 0,
                                               G_MAXUINT);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->first_rows)));
  gtk_grid_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  g_signal_connect_object (self->list_view, "activate", G_CALLBACK (list_activate_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filtered, "items-changed", G_CALLBACK (update_visible_page), self,
                           G_CONNECT_SWAPPED);
}

/*
 * Public API
 */

GtkWidget *
deck_instances_page_new (void)
{
  return g_object_new (DECK_TYPE_INSTANCES_PAGE, NULL);
}

/**
 * deck_instances_page_set_team:
 * @self: a #DeckInstancesPage
 * @client: the account's client
 * @team: the team to show
 *
 * Shows @team's instances, loading them now.
 */
void
deck_instances_page_set_team (DeckInstancesPage  *self,
                              DeckFlowfuseClient *client,
                              DeckFfTeam         *team)
{
  g_return_if_fail (DECK_IS_INSTANCES_PAGE (self));
  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (client));
  g_return_if_fail (DECK_IS_FF_TEAM (team));

  /* The team shown already (chosen again, or its model renewed). */
  if (self->client == client && self->team != NULL &&
      g_strcmp0 (deck_ff_team_get_id (self->team), deck_ff_team_get_id (team)) == 0)
    {
      g_set_object (&self->team, team);
      return;
    }

  /* Its rows from the start-up snapshot: they stay until the server's
   * list replaces them (rows of the same instance keep their place). The
   * team model stays too: it may be the server's already
   * (deck_instances_page_renew_team()). */
  if (self->from_snapshot && self->client == NULL && self->team != NULL &&
      g_strcmp0 (deck_ff_team_get_id (self->team), deck_ff_team_get_id (team)) == 0)
    {
      g_set_object (&self->client, client);
      set_server_actions_enabled (self, TRUE);
      deck_instances_page_reload (self);
      return;
    }

  forget_work (self);
  g_set_object (&self->client, client);
  g_set_object (&self->team, team);
  set_server_actions_enabled (self, TRUE);
  g_list_store_remove_all (self->instances);
  deck_instances_page_reload (self);
}

/**
 * deck_instances_page_clear:
 * @self: a #DeckInstancesPage
 *
 * Forgets the team shown (its account went): its work is cancelled and
 * its rows, client and team dropped.
 */
void
deck_instances_page_clear (DeckInstancesPage *self)
{
  g_return_if_fail (DECK_IS_INSTANCES_PAGE (self));

  forget_work (self);
  g_clear_object (&self->client);
  g_clear_object (&self->team);
  g_list_store_remove_all (self->instances);
}

/**
 * deck_instances_page_renew_team:
 * @self: a #DeckInstancesPage
 * @team: a newer model of the team shown
 *
 * Takes @team in place of the team shown if it is the same team.
 */
void
deck_instances_page_renew_team (DeckInstancesPage *self,
                                DeckFfTeam        *team)
{
  g_return_if_fail (DECK_IS_INSTANCES_PAGE (self));
  g_return_if_fail (DECK_IS_FF_TEAM (team));

  if (self->team != NULL &&
      g_strcmp0 (deck_ff_team_get_id (self->team), deck_ff_team_get_id (team)) == 0)
    g_set_object (&self->team, team);
}

/**
 * deck_instances_page_show_snapshot:
 * @self: a #DeckInstancesPage
 * @team: the team
 * @instances: its instances as the start-up snapshot has them
 * @saved_at: when they were saved
 *
 * Shows @instances before the account's client is ready. The next
 * deck_instances_page_set_team() with the same team loads the server's
 * list over them; a banner says the list is updating if that takes a
 * while.
 */
void
deck_instances_page_show_snapshot (DeckInstancesPage *self,
                                   DeckFfTeam        *team,
                                   GListModel        *instances,
                                   GDateTime         *saved_at)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (DECK_IS_INSTANCES_PAGE (self));
  g_return_if_fail (DECK_IS_FF_TEAM (team));
  g_return_if_fail (G_IS_LIST_MODEL (instances));
  g_return_if_fail (saved_at != NULL);

  forget_work (self);
  g_clear_object (&self->client);
  g_set_object (&self->team, team);
  set_server_actions_enabled (self, FALSE);

  local = g_date_time_to_local (saved_at);
  when = deck_format_relative_time (local, NULL);
  /* Translators: %s is a relative time, such as "5 minutes ago". */
  text = g_strdup_printf (_("Updating — showing the list from %s"), when);
  gtk_label_set_label (self->updating_label, text);
  self->updating_id = g_timeout_add (UPDATING_BANNER_MS, show_updating_cb, self);

  _deck_instances_page_show (self, instances);
  set_from_snapshot (self, TRUE);
}

/**
 * deck_instances_page_show_error:
 * @self: a #DeckInstancesPage
 * @error: why the team cannot be shown
 *
 * The account's client could not be had: the error instead of the rows
 * (a snapshot's rows are not left as if they were current).
 */
void
deck_instances_page_show_error (DeckInstancesPage *self,
                                const GError      *error)
{
  g_return_if_fail (DECK_IS_INSTANCES_PAGE (self));
  g_return_if_fail (error != NULL);

  end_snapshot (self);
  adw_status_page_set_description (self->error_page, error->message);
  deck_gui_stack_show (self->stack, "error");
}

/**
 * deck_instances_page_get_from_snapshot:
 * @self: a #DeckInstancesPage
 *
 * Returns: whether the rows are the start-up snapshot's, not yet the
 *   server's
 */
gboolean
deck_instances_page_get_from_snapshot (DeckInstancesPage *self)
{
  g_return_val_if_fail (DECK_IS_INSTANCES_PAGE (self), FALSE);

  return self->from_snapshot;
}

/**
 * deck_instances_page_get_instances:
 * @self: a #DeckInstancesPage
 *
 * Returns: (transfer none): every instance of the team, unsorted and
 *   without the search
 */
GListModel *
deck_instances_page_get_instances (DeckInstancesPage *self)
{
  g_return_val_if_fail (DECK_IS_INSTANCES_PAGE (self), NULL);

  return G_LIST_MODEL (self->instances);
}

/**
 * deck_instances_page_reload:
 * @self: a #DeckInstancesPage
 *
 * Loads the team's instances again (every page).
 */
void
deck_instances_page_reload (DeckInstancesPage *self)
{
  g_return_if_fail (DECK_IS_INSTANCES_PAGE (self));

  if (self->client == NULL || self->team == NULL)
    return;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->instances)) == 0)
    deck_gui_stack_show (self->stack, "loading");

  deck_flowfuse_client_list_instances_without_state_async (self->client,
                                                           deck_ff_team_get_id (self->team),
                                                           self->cancellable, list_cb,
                                                           g_object_ref (self));
}

/**
 * deck_instances_page_get_model:
 * @self: a #DeckInstancesPage
 *
 * Returns: (transfer none): the rows shown, after search and sorting
 */
GListModel *
deck_instances_page_get_model (DeckInstancesPage *self)
{
  g_return_val_if_fail (DECK_IS_INSTANCES_PAGE (self), NULL);

  return G_LIST_MODEL (self->filtered);
}

void
_deck_instances_page_show (DeckInstancesPage *self,
                           GListModel        *instances)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (DECK_IS_INSTANCES_PAGE (self));

  for (guint i = 0; i < g_list_model_get_n_items (instances); i++)
    g_ptr_array_add (items, g_list_model_get_item (instances, i));
  g_list_store_splice (self->instances, 0, g_list_model_get_n_items (G_LIST_MODEL (self->instances)),
                       items->pdata, items->len);
  update_visible_page (self);
}

/**
 * deck_instances_page_set_search:
 * @self: a #DeckInstancesPage
 * @text: (nullable): what to look for in names, applications and states
 */
void
deck_instances_page_set_search (DeckInstancesPage *self,
                                const char        *text)
{
  g_return_if_fail (DECK_IS_INSTANCES_PAGE (self));

  g_clear_pointer (&self->search, g_free);
  if (text != NULL && *text != '\0')
    self->search = g_utf8_casefold (text, -1);

  refilter (self);
}

/**
 * deck_instances_page_get_state:
 * @self: a #DeckInstancesPage
 *
 * Returns: which view shows: "loading", "list", "empty", "no-results" or "error"
 */
const char *
deck_instances_page_get_state (DeckInstancesPage *self)
{
  g_return_val_if_fail (DECK_IS_INSTANCES_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * deck_instances_page_focus_search:
 * @self: a #DeckInstancesPage
 *
 * Shows the search bar and puts the cursor in it.
 */
void
deck_instances_page_focus_search (DeckInstancesPage *self)
{
  g_return_if_fail (DECK_IS_INSTANCES_PAGE (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/**
 * deck_instances_page_get_client:
 * @self: a #DeckInstancesPage
 *
 * Returns: (transfer none) (nullable): the client of the team shown
 */
DeckFlowfuseClient *
deck_instances_page_get_client (DeckInstancesPage *self)
{
  g_return_val_if_fail (DECK_IS_INSTANCES_PAGE (self), NULL);

  return self->client;
}

/**
 * deck_instances_page_get_team:
 * @self: a #DeckInstancesPage
 *
 * Returns: (transfer none) (nullable): the team shown
 */
DeckFfTeam *
deck_instances_page_get_team (DeckInstancesPage *self)
{
  g_return_val_if_fail (DECK_IS_INSTANCES_PAGE (self), NULL);

  return self->team;
}

/**
 * deck_instances_page_get_offline:
 * @self: a #DeckInstancesPage
 *
 * Returns: whether the server could not be reached at the last try, and
 *   the list shows the last known state
 */
gboolean
deck_instances_page_get_offline (DeckInstancesPage *self)
{
  g_return_val_if_fail (DECK_IS_INSTANCES_PAGE (self), FALSE);

  return self->offline;
}
