/* deck-application.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-application"

#include "config.h"

#include <glib/gi18n.h>

#include "deck-application.h"
#include "deck-json.h"
#include "deck-token-overview.h"
#include "deck-window.h"

struct _DeckApplication
{
  AdwApplication  parent_instance;

  /* Owned References */
  GSettings      *settings;
  DeckContext    *context;
  GCancellable   *cancellable;
  char           *demo_peers;
  guint           daily_check_id;
  gboolean        checking;
  gboolean        notified;
};

#define EXPIRY_NOTIFICATION_ID "expiring-tokens"
#define DAILY_SECONDS (24 * 60 * 60)
/* The first check waits until start-up is over: it asks every account's
 * server for all its tokens, which would compete with the requests that
 * fill the window. */
#define FIRST_CHECK_SECONDS 20

G_DEFINE_FINAL_TYPE (DeckApplication, deck_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "version", 'v', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and exit"), NULL },
  { "demo", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, NULL,
    N_("Add the demo accounts described in FILE (tests/peers)"), N_("FILE") },
  { NULL }
};

/*
 * Actions
 */

static void
deck_application_quit_action (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
  DeckApplication *self = user_data;
  GList *windows;

  /* Close windows first so that each cancels its own work. */
  windows = gtk_application_get_windows (GTK_APPLICATION (self));
  while (windows != NULL)
    {
      GtkWindow *window = windows->data;

      windows = windows->next;
      gtk_window_close (window);
    }

  g_application_quit (G_APPLICATION (self));
}

static void
deck_application_about_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  DeckApplication *self = user_data;
  static const char *developers[] = { "Flowdeck developers", NULL };
  GtkWindow *window;
  GtkWidget *about;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", window,
                        "application-name", _("Flowdeck"),
                        "application-icon", APP_ID,
                        "developer-name", _("Flowdeck developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Manage FlowFuse and Node-RED instances and their "
                                      "access tokens from your desktop."),
                        "website", "https://github.com/flowdeck/flowdeck",
                        "issue-url", "https://github.com/flowdeck/flowdeck/issues",
                        "developers", developers,
                        /* Translators: put your names here, one per line. */
                        "translator-credits", _("translator-credits"),
                        "copyright", "© 2026 Flowdeck developers",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
deck_application_token_overview_action (GSimpleAction *action,
                                        GVariant      *parameter,
                                        gpointer       user_data)
{
  DeckApplication *self = user_data;
  GtkWindow *window;

  g_application_activate (G_APPLICATION (self));
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (DECK_IS_WINDOW (window))
    deck_window_show_token_overview (DECK_WINDOW (window));
}

static void
deck_application_preferences_action (GSimpleAction *action,
                                     GVariant      *parameter,
                                     gpointer       user_data)
{
  DeckApplication *self = user_data;
  g_autoptr(GtkBuilder) builder = NULL;
  GtkWindow *window;

  builder = gtk_builder_new_from_resource (APP_PATH "/ui/deck-preferences-window.ui");
  window = GTK_WINDOW (gtk_builder_get_object (builder, "preferences_window"));
  gtk_window_set_transient_for (window,
                                gtk_application_get_active_window (GTK_APPLICATION (self)));

  /* GSettings is the whole model: the rows bind to it directly. */
  g_settings_bind (self->settings, "clipboard-clear-seconds",
                   gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (
                     gtk_builder_get_object (builder, "clear_seconds"))),
                   "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "notify-expiring-tokens",
                   gtk_builder_get_object (builder, "notify_switch"), "active",
                   G_SETTINGS_BIND_DEFAULT);

  gtk_window_present (window);
}

static const GActionEntry app_actions[] = {
  { "preferences", deck_application_preferences_action },
  { "quit", deck_application_quit_action },
  { "about", deck_application_about_action },
  { "token-overview", deck_application_token_overview_action },
};

/*
 * The daily notification about tokens that expire soon. The decision is
 * core's (deck_token_overview_expiring()); this only sends it.
 */

static void
expiry_collected_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(DeckApplication) self = user_data;
  g_autoptr(GListModel) entries = NULL;
  g_autoptr(GPtrArray) soon = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GString) body = NULL;
  g_autofree char *title = NULL;

  self->checking = FALSE;
  entries = deck_token_overview_collect_finish (DECK_CONTEXT (source), result, NULL, NULL);
  if (entries == NULL || !g_settings_get_boolean (self->settings, "notify-expiring-tokens"))
    return;

  now = g_date_time_new_now_utc ();
  soon = deck_token_overview_expiring (entries, now, DECK_TOKEN_OVERVIEW_SOON);
  if (soon->len == 0)
    {
      if (self->notified)
        g_application_withdraw_notification (G_APPLICATION (self), EXPIRY_NOTIFICATION_ID);
      self->notified = FALSE;
      return;
    }

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u access token expires soon",
                                        "%u access tokens expire soon", soon->len),
                           soon->len);
  body = g_string_new (NULL);
  for (guint i = 0; i < soon->len && i < 5; i++)
    {
      DeckTokenEntry *entry = g_ptr_array_index (soon, i);

      if (body->len > 0)
        g_string_append (body, ", ");
      g_string_append (body, deck_token_entry_get_name (entry));
    }
  if (soon->len > 5)
    g_string_append (body, ", …");

  notification = g_notification_new (title);
  g_notification_set_body (notification, body->str);
  g_notification_set_default_action (notification, "app.token-overview");
  g_notification_add_button (notification, _("Show Tokens"), "app.token-overview");
  g_application_send_notification (G_APPLICATION (self), EXPIRY_NOTIFICATION_ID, notification);
  self->notified = TRUE;
}

static void
check_expiring_tokens (DeckApplication *self)
{
  if (self->checking || !g_settings_get_boolean (self->settings, "notify-expiring-tokens"))
    return;

  self->checking = TRUE;
  deck_token_overview_collect_async (self->context, self->cancellable, expiry_collected_cb,
                                     g_object_ref (self));
}

static gboolean
daily_check_cb (gpointer user_data)
{
  check_expiring_tokens (DECK_APPLICATION (user_data));
  return G_SOURCE_CONTINUE;
}

static gboolean
first_check_cb (gpointer user_data)
{
  DeckApplication *self = DECK_APPLICATION (user_data);

  check_expiring_tokens (self);
  self->daily_check_id = g_timeout_add_seconds_full (G_PRIORITY_LOW, DAILY_SECONDS,
                                                     daily_check_cb, self, NULL);
  return G_SOURCE_REMOVE;
}

/*
 * GApplication overrides
 */

static void context_loaded_cb (GObject      *source,
                               GAsyncResult *result,
                               gpointer      user_data);

static int
deck_application_handle_local_options (GApplication *application,
                                       GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", "flowdeck", PACKAGE_VERSION);
      return 0;
    }

  /* The demo: local servers from tests/peers/launch.mjs, added through the
   * same code paths a user's sign-in takes. */
  {
    DeckApplication *self = DECK_APPLICATION (application);
    g_autofree char *demo = NULL;

    if (g_variant_dict_lookup (options, "demo", "^ay", &demo))
      {
        g_free (self->demo_peers);
        self->demo_peers = g_steal_pointer (&demo);
      }
  }

  return -1;
}

static void
deck_application_startup (GApplication *application)
{
  DeckApplication *self = DECK_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  /* GtkApplication sets this one only for a help overlay it builds
   * itself; the window builds its own when first asked. */
  static const char *shortcuts_accels[] = { "<Control>question", NULL };
  g_autofree char *account_id = NULL;
  g_autofree char *team_id = NULL;

  /* Before GTK starts (a tenth of a second in which the main loop does
   * not run): a worker thread fetches the last team's instances
   * meanwhile, so that the window can show them in its first frames. */
  self->settings = g_settings_new (APP_ID);
  self->context = deck_context_new (NULL);
  account_id = g_settings_get_string (self->settings, "selected-account");
  team_id = g_settings_get_string (self->settings, "selected-team");
  deck_context_prefetch (self->context, account_id, team_id);

  G_APPLICATION_CLASS (deck_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay",
                                         shortcuts_accels);

  /* Accounts load in the background; the window follows the store. */
  self->cancellable = g_cancellable_new ();
  deck_context_load_async (self->context, self->cancellable, context_loaded_cb,
                           g_object_ref (self));
}

static void
deck_application_shutdown (GApplication *application)
{
  DeckApplication *self = DECK_APPLICATION (application);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->daily_check_id, g_source_remove);

  G_APPLICATION_CLASS (deck_application_parent_class)->shutdown (application);
}

static void
demo_added_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DeckApplication) self = user_data;
  g_autoptr(DeckAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = deck_context_add_account_finish (DECK_CONTEXT (source), result, &error);
  if (account == NULL)
    g_warning ("Demo account not added: %s", error->message);
  else
    g_message ("Demo account added: %s", deck_account_get_url (account));
}

static void
add_demo_accounts (DeckApplication *self)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *flowfuse, *nodered;

  if (!json_parser_load_from_file (parser, self->demo_peers, &error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_warning ("Cannot read the demo peers %s: %s", self->demo_peers,
                 error ? error->message : "not a JSON object");
      return;
    }

  root = json_node_get_object (json_parser_get_root (parser));
  flowfuse = deck_json_get_object (root, "flowfuse");
  nodered = deck_json_get_object (root, "nodered");

  if (flowfuse != NULL)
    deck_context_add_flowfuse_password_async (self->context,
                                              deck_json_get_string (flowfuse, "url"),
                                              deck_json_get_path_string (flowfuse, "admin.username"),
                                              deck_json_get_path_string (flowfuse, "admin.password"),
                                              NULL, self->cancellable, demo_added_cb,
                                              g_object_ref (self));
  if (nodered != NULL)
    deck_context_add_node_red_async (self->context, deck_json_get_string (nodered, "url"),
                                     "admin",
                                     deck_json_get_path_string (nodered, "users.admin.password"),
                                     FALSE, self->cancellable, demo_added_cb, g_object_ref (self));
}

static void
context_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DeckApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkWindow *window;

  if (deck_context_load_finish (DECK_CONTEXT (source), result, &error))
    {
      if (self->demo_peers != NULL)
        add_demo_accounts (self);
      /* Soon after start-up, then once a day while the app runs. */
      if (self->daily_check_id == 0)
        self->daily_check_id = g_timeout_add_seconds_full (G_PRIORITY_LOW, FIRST_CHECK_SECONDS,
                                                           first_check_cb, self, NULL);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* A damaged accounts file was set aside; say so where the user looks. */
  g_warning ("Loading accounts: %s", error->message);
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (DECK_IS_WINDOW (window))
    {
      AdwToast *toast = adw_toast_new (error->message);

      adw_toast_set_timeout (toast, 0);
      deck_window_add_toast (DECK_WINDOW (window), toast);
    }
}

static void
deck_application_activate (GApplication *application)
{
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (application));
  if (window == NULL)
    window = GTK_WINDOW (deck_window_new (DECK_APPLICATION (application)));

  gtk_window_present (window);
}

static void
deck_application_dispose (GObject *object)
{
  DeckApplication *self = DECK_APPLICATION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->daily_check_id, g_source_remove);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->demo_peers, g_free);

  G_OBJECT_CLASS (deck_application_parent_class)->dispose (object);
}

static void
deck_application_class_init (DeckApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = deck_application_dispose;

  app_class->activate = deck_application_activate;
  app_class->startup = deck_application_startup;
  app_class->shutdown = deck_application_shutdown;
  app_class->handle_local_options = deck_application_handle_local_options;
}

static void
deck_application_init (DeckApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
}

/*
 * Public API
 */

DeckApplication *
deck_application_new (void)
{
  return g_object_new (DECK_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", APP_PATH,
                       NULL);
}

/**
 * deck_application_get_settings:
 * @self: a #DeckApplication
 *
 * Returns: (transfer none): the app's #GSettings
 */
GSettings *
deck_application_get_settings (DeckApplication *self)
{
  g_return_val_if_fail (DECK_IS_APPLICATION (self), NULL);

  return self->settings;
}

/**
 * deck_application_get_context:
 * @self: a #DeckApplication
 *
 * Returns: (transfer none): the app's services (accounts, clients)
 */
DeckContext *
deck_application_get_context (DeckApplication *self)
{
  g_return_val_if_fail (DECK_IS_APPLICATION (self), NULL);

  return self->context;
}
