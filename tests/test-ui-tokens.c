/* test-ui-tokens.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Access tokens through the UI against the real FlowFuse, under Xvfb with
 * the throwaway keyring: an instance's HTTP access token and a personal
 * access token are created, shown once, copied (the clipboard is cleared
 * after the timeout, but not when something else was copied meanwhile),
 * and revoked; after the dialog closes the value is nowhere: not in any
 * widget, the accounts file, the keyring, GSettings or the log (captured
 * with G_MESSAGES_DEBUG=all). Flowdeck's own minted token cannot be
 * revoked from the page. A team type without the feature and a server
 * without the license each explain themselves. Screenshots are kept.
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <libsoup/soup.h>

#include "deck-application.h"
#include "deck-instance-page.h"
#include "deck-instances-page.h"
#include "deck-personal-tokens-page.h"
#include "deck-secrets.h"
#include "deck-test-peers.h"
#include "deck-test-ui.h"
#include "deck-test-util.h"
#include "deck-token-create-dialog.h"
#include "deck-token-reveal-dialog.h"
#include "deck-token-row.h"
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
static GPtrArray *log_lines;
static GMutex log_mutex;

/*
 * Log capture: every message, whatever its level or domain
 */

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  g_autoptr(GString) line = g_string_new (NULL);

  for (gsize i = 0; i < n_fields; i++)
    {
      if (fields[i].length < 0)
        g_string_append_printf (line, "%s=%s ", fields[i].key, (const char *) fields[i].value);
      else
        {
          g_string_append_printf (line, "%s=", fields[i].key);
          g_string_append_len (line, fields[i].value, fields[i].length);
          g_string_append_c (line, ' ');
        }
    }

  g_mutex_lock (&log_mutex);
  g_ptr_array_add (log_lines, g_string_free (g_steal_pointer (&line), FALSE));
  g_mutex_unlock (&log_mutex);

  /* Show messages and worse; debug output is only recorded. */
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING |
                   G_LOG_LEVEL_MESSAGE))
    return g_log_writer_default (log_level, fields, n_fields, user_data);

  return G_LOG_WRITER_HANDLED;
}

/*
 * UI helpers (as in test-ui-accounts.c)
 */

static gboolean
revealed_or_failed (gpointer data)
{
  GtkWindow *create = deck_test_ui_find_toplevel (DECK_TYPE_TOKEN_CREATE_DIALOG);
  GtkWidget *error = create ? deck_test_ui_find_with_class (GTK_WIDGET (create), "error") : NULL;

  if (error != NULL && gtk_widget_get_visible (error))
    g_error ("Creating the token failed: %s", gtk_label_get_text (GTK_LABEL (error)));

  return deck_test_ui_find_toplevel (DECK_TYPE_TOKEN_REVEAL_DIALOG) != NULL;
}

static GtkWindow *
wait_toplevel (GType       type,
               const char *what)
{
  if (type == DECK_TYPE_TOKEN_REVEAL_DIALOG)
    deck_test_ui_wait_for (revealed_or_failed, NULL, what);
  else
    deck_test_ui_wait_for (deck_test_ui_toplevel_shown, GSIZE_TO_POINTER (type), what);
  return deck_test_ui_find_toplevel (type);
}

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

static gboolean
server_has_http_token (JsonObject *peer,
                       const char *instance_id,
                       const char *name)
{
  g_autoptr(DeckFlowfuseClient) client = admin_client (peer);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) tokens = NULL;
  g_autoptr(GError) error = NULL;

  RUN (deck_flowfuse_client_list_http_tokens_async (client, instance_id, NULL, CB));
  tokens = deck_flowfuse_client_finish_list (client, result, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (tokens); i++)
    {
      g_autoptr(DeckFfHttpToken) token = g_list_model_get_item (tokens, i);

      if (g_strcmp0 (deck_ff_http_token_get_name (token), name) == 0)
        return TRUE;
    }

  return FALSE;
}

static DeckFfPersonalToken *
server_personal_token (JsonObject *peer,
                       const char *name)
{
  g_autoptr(DeckFlowfuseClient) client = admin_client (peer);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) tokens = NULL;
  g_autoptr(GError) error = NULL;

  RUN (deck_flowfuse_client_list_personal_tokens_async (client, NULL, CB));
  tokens = deck_flowfuse_client_finish_list (client, result, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (tokens); i++)
    {
      g_autoptr(DeckFfPersonalToken) token = g_list_model_get_item (tokens, i);

      if (g_strcmp0 (deck_ff_personal_token_get_name (token), name) == 0)
        return g_steal_pointer (&token);
    }

  return NULL;
}

/* FlowFuse's own check of an instance bearer token (what the instance asks). */
static guint
check_http_bearer (JsonObject *peer,
                   const char *instance_id,
                   const char *value)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *bearer = NULL;

  url = g_strdup_printf ("%s/account/check/http/%s", deck_test_peers_get_string (peer, "url"),
                         instance_id);
  msg = soup_message_new ("GET", url);
  bearer = g_strdup_printf ("Bearer %s", value);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  return soup_message_get_status (msg);
}

static void
select_team (GtkWindow  *window,
             const char *team_id)
{
  GtkListBox *sidebar = NULL;
  GtkListBoxRow *row;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  sidebar = GTK_LIST_BOX (deck_test_ui_find_with_class (GTK_WIDGET (window), "navigation-sidebar"));
  g_assert_nonnull (sidebar);

  while (g_get_monotonic_time () < deadline)
    {
      for (int i = 0; (row = gtk_list_box_get_row_at_index (sidebar, i)) != NULL; i++)
        {
          DeckFfTeam *team = g_object_get_data (G_OBJECT (row), "team");

          if (team != NULL && g_strcmp0 (deck_ff_team_get_id (team), team_id) == 0)
            {
              gtk_list_box_unselect_all (sidebar);
              gtk_list_box_select_row (sidebar, row);
              return;
            }
        }
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }

  g_error ("Team %s never showed in the sidebar", team_id);
}

typedef struct
{
  DeckInstancesPage *page;
  const char        *id;
} InstanceWait;

static gboolean
instance_listed (gpointer data)
{
  InstanceWait *wait = data;
  GListModel *model = deck_instances_page_get_model (wait->page);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DeckFfInstance) instance = g_list_model_get_item (model, i);

      if (g_strcmp0 (deck_ff_instance_get_id (instance), wait->id) == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
tokens_section_settled (gpointer data)
{
  const char *state = deck_instance_page_get_tokens_state (DECK_INSTANCE_PAGE (data));

  return g_strcmp0 (state, "list") == 0 || g_strcmp0 (state, "unavailable") == 0;
}

static gboolean
personal_list_shown (gpointer data)
{
  return g_strcmp0 (deck_personal_tokens_page_get_state (DECK_PERSONAL_TOKENS_PAGE (data)),
                    "list") == 0;
}

/*
 * Where a secret must not be
 */

static void
assert_not_in (const char *haystack,
               const char *value,
               const char *where)
{
  if (haystack != NULL && strstr (haystack, value) != NULL)
    g_error ("The token value was found in %s", where);
}

static void
assert_not_in_widgets (GtkWidget  *widget,
                       const char *value)
{
  assert_not_in (gtk_widget_get_tooltip_text (widget), value, "a tooltip");
  if (GTK_IS_LABEL (widget))
    {
      assert_not_in (gtk_label_get_text (GTK_LABEL (widget)), value, "a label");
      assert_not_in (gtk_label_get_label (GTK_LABEL (widget)), value, "a label's markup");
    }
  if (GTK_IS_EDITABLE (widget))
    assert_not_in (gtk_editable_get_text (GTK_EDITABLE (widget)), value, "an editable");
  if (GTK_IS_BUTTON (widget))
    assert_not_in (gtk_button_get_label (GTK_BUTTON (widget)), value, "a button");
  if (ADW_IS_PREFERENCES_ROW (widget))
    assert_not_in (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), value, "a row");
  if (ADW_IS_ACTION_ROW (widget))
    assert_not_in (adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)), value, "a subtitle");
  if (ADW_IS_WINDOW_TITLE (widget))
    {
      assert_not_in (adw_window_title_get_title (ADW_WINDOW_TITLE (widget)), value, "a title");
      assert_not_in (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (widget)), value, "a title");
    }
  if (GTK_IS_TEXT_VIEW (widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
      GtkTextIter start, end;
      g_autofree char *text = NULL;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
      assert_not_in (text, value, "a text view");
    }
  if (GTK_IS_WINDOW (widget))
    assert_not_in (gtk_window_get_title (GTK_WINDOW (widget)), value, "a window title");

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_not_in_widgets (child, value);
}

static void
assert_value_nowhere (const char *value)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  DeckAccountStore *store = deck_context_get_store (deck_application_get_context (app));
  g_autofree char *accounts = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_auto(GStrv) keys = NULL;
  GList *items;

  g_assert_true (strlen (value) > 20);

  /* Every widget of every toplevel. */
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      assert_not_in_widgets (window, value);
    }

  /* The accounts metadata file. */
  if (g_file_get_contents (deck_account_store_get_path (store), &accounts, NULL, NULL))
    assert_not_in (accounts, value, "the accounts file");

  /* Every keyring item of the app's schema, attributes and secrets. */
  items = secret_password_search_sync (DECK_SECRETS_SCHEMA,
                                       SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK |
                                       SECRET_SEARCH_LOAD_SECRETS,
                                       NULL, &error, NULL);
  g_assert_no_error (error);
  g_test_message ("%u keyring items checked", g_list_length (items));
  for (GList *l = items; l != NULL; l = l->next)
    {
      SecretRetrievable *item = l->data;
      g_autoptr(SecretValue) secret = secret_retrievable_retrieve_secret_sync (item, NULL, &error);
      g_autoptr(GHashTable) attributes = secret_retrievable_get_attributes (item);
      g_autofree char *label = secret_retrievable_get_label (item);
      GHashTableIter iter;
      gpointer k, v;

      g_assert_no_error (error);
      if (secret != NULL)
        assert_not_in (secret_value_get_text (secret), value, "a keyring secret");
      assert_not_in (label, value, "a keyring label");
      g_hash_table_iter_init (&iter, attributes);
      while (g_hash_table_iter_next (&iter, &k, &v))
        assert_not_in (v, value, "a keyring attribute");
    }
  g_list_free_full (items, g_object_unref);

  /* GSettings. */
  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) v = g_settings_get_value (settings, keys[i]);
      g_autofree char *printed = g_variant_print (v, FALSE);

      assert_not_in (printed, value, "GSettings");
    }

  /* The log, at debug level. */
  g_mutex_lock (&log_mutex);
  g_assert_cmpuint (log_lines->len, >, 0);
  for (guint i = 0; i < log_lines->len; i++)
    assert_not_in (g_ptr_array_index (log_lines, i), value, "the log");
  g_mutex_unlock (&log_mutex);
}

/*
 * Clipboard
 */

static char *
clipboard_text (GdkClipboard *clipboard)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (gdk_clipboard_get_content (clipboard) == NULL && gdk_clipboard_is_local (clipboard))
    return NULL;

  RUN (gdk_clipboard_read_text_async (clipboard, NULL, CB));
  return gdk_clipboard_read_text_finish (clipboard, result, NULL);
}

static gboolean
clipboard_empty (gpointer data)
{
  return gdk_clipboard_get_content (GDK_CLIPBOARD (data)) == NULL;
}

/*
 * Tests
 */

static void
test_http_token (void)
{
  JsonObject *peer = deck_test_peers_get ("flowfuse");
  g_autoptr(DeckAccount) account = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *value = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  DeckInstancesPage *instances;
  DeckInstancePage *page;
  GdkClipboard *clipboard;
  GtkWindow *window, *dialog, *confirm;
  InstanceWait iw;
  const char *instance_id;
  g_autofree char *token_id = NULL;
  GListModel *tokens;

  if (peer == NULL)
    return;

  settings = g_settings_new (APP_ID);
  g_settings_set_uint (settings, "clipboard-clear-seconds", 5);

  window = deck_test_ui_main_window (app);
  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window));
  account = deck_test_ui_add_token_account (app, peer);
  instance_id = deck_test_peers_get_string (peer, "instance.id");
  name = g_strdup_printf ("ui-test-%" G_GINT64_FORMAT, g_get_real_time ());

  /* Open the seeded instance from its row's menu action. */
  select_team (window, deck_test_peers_get_string (peer, "team.id"));
  instances = DECK_INSTANCES_PAGE (deck_test_ui_find_widget (GTK_WIDGET (window), DECK_TYPE_INSTANCES_PAGE));
  iw.page = instances;
  iw.id = instance_id;
  deck_test_ui_wait_for (instance_listed, &iw, "the seeded instance in the list");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (instances), "instances.open", "s",
                                             instance_id));
  page = DECK_INSTANCE_PAGE (deck_test_ui_find_widget (GTK_WIDGET (window), DECK_TYPE_INSTANCE_PAGE));
  deck_test_ui_wait_for (tokens_section_settled, page, "the tokens section");
  g_assert_cmpstr (deck_instance_page_get_tokens_state (page), ==, "list");
  g_assert_null (deck_instance_page_get_capability_error (page));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));

  /* Create a token through the dialog: name and "in 7 days". */
  deck_test_ui_click (deck_test_ui_find_button_with_action (GTK_WIDGET (page), "instance.add-token"));
  dialog = wait_toplevel (DECK_TYPE_TOKEN_CREATE_DIALOG, "the create dialog");
  g_assert_false (gtk_widget_is_sensitive (deck_test_ui_find_button_labelled (GTK_WIDGET (dialog), "C_reate")));
  gtk_editable_set_text (GTK_EDITABLE (deck_test_ui_find_row_titled (GTK_WIDGET (dialog), "Name")), name);
  adw_combo_row_set_selected (ADW_COMBO_ROW (deck_test_ui_find_row_titled (GTK_WIDGET (dialog), "Expires")), 1);
  deck_test_ui_click (deck_test_ui_find_button_labelled (GTK_WIDGET (dialog), "C_reate"));

  /* Shown once: a value the API accepts. */
  dialog = wait_toplevel (DECK_TYPE_TOKEN_REVEAL_DIALOG, "the reveal dialog");
  g_assert_nonnull (deck_test_ui_find_label_prefixed (GTK_WIDGET (dialog), "ffhttp_"));
  value = g_strdup (gtk_label_get_text (deck_test_ui_find_label_prefixed (GTK_WIDGET (dialog), "ffhttp_")));
  g_assert_true (gtk_label_get_selectable (deck_test_ui_find_label_prefixed (GTK_WIDGET (dialog), "ffhttp_")));
  g_assert_true (server_has_http_token (peer, instance_id, name));
  g_assert_cmpuint (check_http_bearer (peer, instance_id, value), ==, 200);
  deck_test_ui_save_screenshot (GTK_WIDGET (dialog), "screenshot-token-reveal.png");

  /* Closing without copying asks first; going back keeps the dialog. */
  gtk_window_close (dialog);
  confirm = wait_toplevel (ADW_TYPE_MESSAGE_DIALOG, "the close confirmation");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "cancel");
  deck_test_ui_spin (100);
  g_assert_true (deck_test_ui_find_toplevel (DECK_TYPE_TOKEN_REVEAL_DIALOG) == dialog);

  /* Copy: the clipboard holds the value (through our provider) … */
  deck_test_ui_click (deck_test_ui_find_button_labelled (GTK_WIDGET (dialog), "_Copy"));
  g_assert_nonnull (gdk_clipboard_get_content (clipboard));
  text = clipboard_text (clipboard);
  g_assert_cmpstr (text, ==, value);
  g_clear_pointer (&text, g_free);

  /* … and something else copied before the timeout is left alone. */
  gdk_clipboard_set_text (clipboard, "something else");
  deck_test_ui_spin (6500);
  text = clipboard_text (clipboard);
  g_assert_cmpstr (text, ==, "something else");
  g_clear_pointer (&text, g_free);

  /* Copy again and let the timeout clear it. */
  deck_test_ui_click (deck_test_ui_find_button_labelled (GTK_WIDGET (dialog), "_Copy"));
  text = clipboard_text (clipboard);
  g_assert_cmpstr (text, ==, value);
  g_clear_pointer (&text, g_free);
  deck_test_ui_spin (3000);
  g_assert_nonnull (gdk_clipboard_get_content (clipboard));
  deck_test_ui_wait_for (clipboard_empty, clipboard, "the clipboard to be cleared");
  text = clipboard_text (clipboard);
  g_assert_null (text);

  /* Copied, so it closes at once, even with a countdown running: the
   * countdown moves to the main window and still clears the clipboard. */
  deck_test_ui_click (deck_test_ui_find_button_labelled (GTK_WIDGET (dialog), "_Copy"));
  g_assert_true (deck_token_reveal_dialog_get_copied (DECK_TOKEN_REVEAL_DIALOG (dialog)));
  gtk_window_close (dialog);
  deck_test_ui_wait_for (deck_test_ui_toplevel_gone, GSIZE_TO_POINTER (DECK_TYPE_TOKEN_REVEAL_DIALOG), "the dialog to close");
  g_assert_nonnull (gdk_clipboard_get_content (clipboard));
  deck_test_ui_wait_for (clipboard_empty, clipboard, "the clipboard to be cleared after the dialog closed");
  deck_test_ui_spin (200);
  assert_value_nowhere (value);

  /* The new token is in the list, with its expiry badge. */
  tokens = deck_instance_page_get_tokens (page);
  for (guint i = 0; i < g_list_model_get_n_items (tokens); i++)
    {
      g_autoptr(DeckFfHttpToken) token = g_list_model_get_item (tokens, i);

      if (g_strcmp0 (deck_ff_http_token_get_name (token), name) == 0)
        token_id = g_strdup (deck_ff_http_token_get_id (token));
    }
  g_assert_nonnull (token_id);
  g_assert_nonnull (deck_instance_page_get_row (page, token_id));
  deck_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-instance-page.png");

  /* Revoke through the row's button and the confirmation. */
  deck_test_ui_click (GTK_WIDGET (deck_token_row_get_revoke_button (deck_instance_page_get_row (page, token_id))));
  confirm = wait_toplevel (ADW_TYPE_MESSAGE_DIALOG, "the revoke confirmation");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "revoke");
  {
    gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

    while (deck_instance_page_get_row (page, token_id) != NULL &&
           g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE);
    g_assert_null (deck_instance_page_get_row (page, token_id));
  }
  /* It says that instances may accept it for up to five more minutes. */
  confirm = wait_toplevel (ADW_TYPE_MESSAGE_DIALOG, "the revoked note");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (confirm)),
                            "5 minutes"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "close");
  g_assert_false (server_has_http_token (peer, instance_id, name));
  g_assert_cmpuint (check_http_bearer (peer, instance_id, value), ==, 401);

  /* Tokens are not checked until the instance uses FlowFuse user auth. */
  if (deck_instance_page_get_auth_warning (page))
    {
      deck_test_ui_click (deck_test_ui_find_button_labelled (GTK_WIDGET (page), "Use FlowFuse User Authentication"));
      confirm = wait_toplevel (ADW_TYPE_MESSAGE_DIALOG, "the restart question");
      adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "later");
      {
        gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

        while (deck_instance_page_get_auth_warning (page) && g_get_monotonic_time () < deadline)
          g_main_context_iteration (NULL, FALSE);
      }
      g_assert_false (deck_instance_page_get_auth_warning (page));
    }

  /* Back (Alt+Left's action) returns to the list. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.navigate-back", NULL));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (instances)));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (page)));

  deck_test_ui_remove_account (app, account);
  deck_test_ui_spin (200);
}

static void
test_personal_token (void)
{
  JsonObject *peer = deck_test_peers_get ("flowfuse");
  DeckContext *context = deck_application_get_context (app);
  g_autoptr(DeckAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckFfPersonalToken) created = NULL;
  g_autofree char *value = NULL;
  g_autofree char *name = NULL;
  DeckPersonalTokensPage *page;
  GtkWindow *window, *dialog, *confirm;
  GtkWidget *row;
  GtkButton *revoke;

  if (peer == NULL)
    return;

  window = deck_test_ui_main_window (app);

  /* By password: Flowdeck mints its own token. */
  RUN (deck_context_add_flowfuse_password_async (context, deck_test_peers_get_string (peer, "url"),
                                                 deck_test_peers_get_string (peer, "admin.username"),
                                                 deck_test_peers_get_string (peer, "admin.password"),
                                                 NULL, NULL, CB));
  account = deck_context_add_account_finish (context, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (deck_account_get_minted_token_id (account));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.personal-tokens", "s",
                                             deck_account_get_id (account)));
  page = DECK_PERSONAL_TOKENS_PAGE (deck_test_ui_find_widget (GTK_WIDGET (window),
                                                 DECK_TYPE_PERSONAL_TOKENS_PAGE));
  deck_test_ui_wait_for (personal_list_shown, page, "the personal tokens");

  /* Flowdeck's own token: marked, Revoke disabled with the reason. */
  row = deck_personal_tokens_page_get_row (page, deck_account_get_minted_token_id (account));
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Used by Flowdeck");
  revoke = deck_token_row_get_revoke_button (row);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (revoke)));
  g_assert_nonnull (gtk_widget_get_tooltip_text (GTK_WIDGET (revoke)));
  g_assert_null (gtk_actionable_get_action_name (GTK_ACTIONABLE (revoke)));

  /* Create: name, read-only, a date from the calendar (30 days ahead). */
  name = g_strdup_printf ("ui-pat-%" G_GINT64_FORMAT, g_get_real_time ());
  deck_test_ui_click (deck_test_ui_find_button_with_action (GTK_WIDGET (page), "tokens.add"));
  dialog = wait_toplevel (DECK_TYPE_TOKEN_CREATE_DIALOG, "the create dialog");
  gtk_editable_set_text (GTK_EDITABLE (deck_test_ui_find_row_titled (GTK_WIDGET (dialog), "Name")), name);
  adw_combo_row_set_selected (ADW_COMBO_ROW (deck_test_ui_find_row_titled (GTK_WIDGET (dialog), "Expires")), 4);
  gtk_switch_set_active (GTK_SWITCH (deck_test_ui_find_widget (GTK_WIDGET (dialog), GTK_TYPE_SWITCH)), TRUE);
  deck_test_ui_save_screenshot (GTK_WIDGET (dialog), "screenshot-token-create.png");
  deck_test_ui_click (deck_test_ui_find_button_labelled (GTK_WIDGET (dialog), "C_reate"));

  dialog = wait_toplevel (DECK_TYPE_TOKEN_REVEAL_DIALOG, "the reveal dialog");
  value = g_strdup (gtk_label_get_text (deck_test_ui_find_label_prefixed (GTK_WIDGET (dialog), "ffpat_")));
  created = server_personal_token (peer, name);
  g_assert_nonnull (created);
  /* FlowFuse 2.4.0 ignores readOnly (newer servers keep it); the page
   * then says so in a toast rather than let the user believe it. */
  if (!deck_ff_personal_token_get_read_only (created))
    {
      g_test_message ("this FlowFuse ignores readOnly for personal tokens");
      g_assert_nonnull (deck_test_ui_find_label_prefixed (GTK_WIDGET (dialog), "This server ignored"));
      deck_test_ui_save_screenshot (GTK_WIDGET (dialog), "screenshot-token-reveal-personal.png");
    }
  g_assert_nonnull (deck_ff_personal_token_get_expires_at (created));

  /* The value works as a bearer. */
  {
    g_autoptr(DeckFlowfuseClient) client = NULL;
    g_autoptr(DeckFfUser) user = NULL;

    client = deck_flowfuse_client_new (deck_test_peers_get_string (peer, "url"), &error);
    g_assert_no_error (error);
    deck_flowfuse_client_set_token (client, value);
    RUN (deck_flowfuse_client_get_user_async (client, NULL, CB));
    user = deck_flowfuse_client_get_user_finish (client, result, &error);
    g_assert_no_error (error);
  }

  /* Close without copying: confirm, and it is gone. */
  gtk_window_close (dialog);
  confirm = wait_toplevel (ADW_TYPE_MESSAGE_DIALOG, "the close confirmation");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "close");
  deck_test_ui_wait_for (deck_test_ui_toplevel_gone, GSIZE_TO_POINTER (DECK_TYPE_TOKEN_REVEAL_DIALOG), "the dialog to close");
  deck_test_ui_spin (200);
  assert_value_nowhere (value);

  /* Change its expiry: 90 days. */
  row = deck_personal_tokens_page_get_row (page, deck_ff_personal_token_get_id (created));
  g_assert_nonnull (row);
  deck_test_ui_click (GTK_WIDGET (deck_token_row_get_expiry_button (row)));
  dialog = wait_toplevel (DECK_TYPE_TOKEN_CREATE_DIALOG, "the expiry dialog");
  adw_combo_row_set_selected (ADW_COMBO_ROW (deck_test_ui_find_row_titled (GTK_WIDGET (dialog), "Expires")), 3);
  deck_test_ui_click (deck_test_ui_find_button_labelled (GTK_WIDGET (dialog), "_Save"));
  deck_test_ui_wait_for (deck_test_ui_toplevel_gone, GSIZE_TO_POINTER (DECK_TYPE_TOKEN_CREATE_DIALOG), "the expiry change");
  {
    g_autoptr(DeckFfPersonalToken) updated = server_personal_token (peer, name);
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    GTimeSpan left = g_date_time_difference (deck_ff_personal_token_get_expires_at (updated), now);

    g_assert_cmpint (left / G_TIME_SPAN_DAY, >=, 89);
  }
  deck_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-personal-tokens.png");

  /* Revoke through the UI: gone from the server. */
  row = deck_personal_tokens_page_get_row (page, deck_ff_personal_token_get_id (created));
  deck_test_ui_click (GTK_WIDGET (deck_token_row_get_revoke_button (row)));
  confirm = wait_toplevel (ADW_TYPE_MESSAGE_DIALOG, "the revoke confirmation");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "revoke");
  {
    gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
    const char *id = deck_ff_personal_token_get_id (created);

    while (deck_personal_tokens_page_get_row (page, id) != NULL &&
           g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE);
    g_assert_null (deck_personal_tokens_page_get_row (page, id));
  }
  {
    g_autoptr(DeckFfPersonalToken) gone = server_personal_token (peer, name);

    g_assert_null (gone);
  }

  /* Flowdeck's own token is still there, until the account goes. */
  g_assert_nonnull (deck_personal_tokens_page_get_row (page,
                                                       deck_account_get_minted_token_id (account)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close-subpage", NULL));
  deck_test_ui_remove_account (app, account);
  deck_test_ui_spin (200);
}

static void
show_instance_and_wait (GtkWindow          *window,
                        DeckFlowfuseClient *client,
                        const char         *instance_id,
                        DeckInstancePage  **out_page)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckFfInstance) instance = NULL;
  DeckInstancePage *page;

  RUN (deck_flowfuse_client_get_instance_async (client, instance_id, NULL, CB));
  instance = deck_flowfuse_client_finish_object (client, result, &error);
  g_assert_no_error (error);

  deck_window_show_instance (DECK_WINDOW (window), client, instance);
  page = DECK_INSTANCE_PAGE (deck_test_ui_find_widget (GTK_WIDGET (window), DECK_TYPE_INSTANCE_PAGE));
  deck_test_ui_wait_for (tokens_section_settled, page, "the tokens section");
  *out_page = page;
}

static void
test_team_type_without_feature (void)
{
  JsonObject *peer = deck_test_peers_get ("flowfuse");
  g_autoptr(DeckAccount) account = NULL;
  g_autoptr(DeckFlowfuseClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckFfApplication) application = NULL;
  g_autoptr(DeckFfInstance) instance = NULL;
  g_autofree char *name = NULL;
  DeckInstancePage *page;
  GtkWindow *window;

  if (peer == NULL)
    return;

  window = deck_test_ui_main_window (app);
  account = deck_test_ui_add_token_account (app, peer);
  client = deck_test_ui_context_client (app, account);

  /* An instance in the team whose type lacks "teamHttpSecurity". */
  RUN (deck_flowfuse_client_create_application_async (client,
                                                      deck_test_peers_get_string (peer, "plainTeam.id"),
                                                      "Plain Application", NULL, CB));
  application = deck_flowfuse_client_finish_object (client, result, &error);
  g_assert_no_error (error);
  name = g_strdup_printf ("plain-%" G_GINT64_FORMAT, g_get_real_time () % 1000000);
  RUN (deck_flowfuse_client_create_instance_async (client, name,
                                                   deck_ff_application_get_id (application),
                                                   deck_test_peers_get_string (peer, "projectTypeId"),
                                                   deck_test_peers_get_string (peer, "stackId"),
                                                   deck_test_peers_get_string (peer, "templateId"),
                                                   NULL, CB));
  instance = deck_flowfuse_client_finish_object (client, result, &error);
  g_assert_no_error (error);

  show_instance_and_wait (window, client, deck_ff_instance_get_id (instance), &page);
  g_assert_cmpstr (deck_instance_page_get_tokens_state (page), ==, "unavailable");
  g_assert_error ((GError *) deck_instance_page_get_capability_error (page), DECK_FLOWFUSE_ERROR,
                  DECK_FLOWFUSE_ERROR_TEAM_TYPE_FEATURE);
  /* No dead buttons: nothing to add tokens with. */
  g_assert_null (deck_test_ui_find_button_with_action (GTK_WIDGET (page), "instance.add-token"));
  deck_test_ui_spin (6000); /* let earlier toasts (account added/removed) go by */
  deck_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-tokens-team-type.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close-subpage", NULL));
  RUN (deck_flowfuse_client_delete_instance_async (client, deck_ff_instance_get_id (instance),
                                                   NULL, CB));
  g_assert_true (deck_flowfuse_client_finish_boolean (client, result, &error));
  g_assert_no_error (error);
  deck_test_ui_remove_account (app, account);
  deck_test_ui_spin (200);
}

static void
test_server_without_license (void)
{
  JsonObject *peer = deck_test_peers_get ("flowfuse_unlicensed");
  g_autoptr(DeckAccount) account = NULL;
  g_autoptr(DeckFlowfuseClient) client = NULL;
  DeckInstancePage *page;
  GtkWindow *window;

  if (peer == NULL)
    return;

  window = deck_test_ui_main_window (app);
  account = deck_test_ui_add_token_account (app, peer);
  client = deck_test_ui_context_client (app, account);

  show_instance_and_wait (window, client, deck_test_peers_get_string (peer, "instance.id"), &page);
  g_assert_cmpstr (deck_instance_page_get_tokens_state (page), ==, "unavailable");
  g_assert_error ((GError *) deck_instance_page_get_capability_error (page), DECK_FLOWFUSE_ERROR,
                  DECK_FLOWFUSE_ERROR_NO_LICENSE);
  g_assert_null (deck_test_ui_find_button_with_action (GTK_WIDGET (page), "instance.add-token"));
  deck_test_ui_spin (6000); /* let earlier toasts (account added/removed) go by */
  deck_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-tokens-no-license.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close-subpage", NULL));
  deck_test_ui_remove_account (app, account);
  deck_test_ui_spin (200);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  /* Before anything logs: record every message, debug included. */
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  log_lines = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (capture_writer, NULL, NULL);

  deck_test_isolate_data_dir ();
  deck_test_ui_init (&argc, &argv);

  app = deck_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/ui/tokens/http", test_http_token);
  g_test_add_func ("/ui/tokens/personal", test_personal_token);
  g_test_add_func ("/ui/tokens/team-type-without-feature", test_team_type_without_feature);
  g_test_add_func ("/ui/tokens/server-without-license", test_server_without_license);

  ret = g_test_run ();
  g_clear_object (&app);
  g_clear_pointer (&log_lines, g_ptr_array_unref);
  return ret;
}
