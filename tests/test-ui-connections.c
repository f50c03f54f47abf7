/* test-ui-connections.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Smoke test of the connections page and the Add Connection dialog
 * (under Xvfb, no network): a stored connection with a narrowed grant
 * shows its account, the scopes not granted and its delivery; the dialog
 * shows the exact redirect URI to register, enables Continue only with a
 * client id, and shows the issuer field only for Custom. The consent
 * through WebKit, delivery and removal are driven end to end in
 * test-ui-oauth.c (/ui/oauth/add-connection), next to the page helpers
 * for the provider's forms.
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "deck-connection-dialog.h"
#include "deck-connections-page.h"
#include "deck-test-peers.h"
#include "deck-test-ui.h"
#include "deck-test-util.h"

static char *tmp_dir;

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

typedef gboolean (*Match) (GtkWidget *widget, gconstpointer data);

static GtkWidget *
find_widget (GtkWidget     *root,
             Match          match,
             gconstpointer  data)
{
  if (match (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
is_row_titled (GtkWidget     *widget,
               gconstpointer  title)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
is_button_with_action (GtkWidget     *widget,
                       gconstpointer  action)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

static DeckConnectionStore *
store_with_one (void)
{
  const char *json =
    "{\"version\":1,\"connections\":[{\"id\":\"conn-test\",\"preset\":\"custom\","
    "\"client_id\":\"flowdeck-test\",\"issuer\":\"http://127.0.0.1:1\","
    "\"authorization_endpoint\":\"http://127.0.0.1:1/auth\","
    "\"token_endpoint\":\"http://127.0.0.1:1/token\",\"redirect_path\":\"/callback\","
    "\"requested_scopes\":[\"openid\",\"email\",\"calendar.read\"],"
    "\"granted_scopes\":[\"openid\",\"email\"],\"has_refresh_token\":true,"
    "\"account_label\":\"tester@example.test\",\"expires_at\":\"2030-01-01T00:00:00Z\","
    "\"deliveries\":[{\"server_url\":\"http://127.0.0.1:2\",\"instance_id\":\"i1\","
    "\"instance_name\":\"seed-instance\",\"names\":{\"client_id\":\"A\"}}]}]}";
  g_autofree char *path = g_build_filename (tmp_dir, "connections.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  DeckConnectionStore *store;

  g_assert_true (g_file_set_contents (path, json, -1, &error));
  store = deck_connection_store_new (path);
  deck_connection_store_load_async (store, NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 10);
  g_assert_true (deck_connection_store_load_finish (store, result, &error));
  g_assert_no_error (error);
  return store;
}

static void
test_page_row (void)
{
  g_autoptr(DeckConnectionStore) store = store_with_one ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = deck_connections_page_new (store);
  GtkWidget *row;
  const char *subtitle;

  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  spin (200);

  row = deck_connections_page_get_row (DECK_CONNECTIONS_PAGE (page), "conn-test");
  g_assert_nonnull (row);
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  g_assert_nonnull (strstr (subtitle, "tester@example.test"));
  g_assert_nonnull (strstr (subtitle, "Not granted: calendar.read"));
  g_assert_nonnull (strstr (subtitle, "Delivered to seed-instance"));
  g_assert_nonnull (find_widget (row, is_button_with_action, "connections.revoke"));
  g_assert_nonnull (find_widget (row, is_button_with_action, "connections.copy"));

  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
}

static gboolean
is_offered_label (GtkWidget     *widget,
                  gconstpointer  prefix)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
         g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix);
}

static gboolean
is_toggle_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_TOGGLE_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static void
save_dialog_screenshot (GtkWidget *widget)
{
  deck_test_ui_save_screenshot (widget, "screenshot-connection-dialog.png");
}

static void
test_dialog (void)
{
  g_autoptr(DeckConnectionStore) store = store_with_one ();
  DeckConnectionDialog *dialog = deck_connection_dialog_new (NULL, store);
  GtkWidget *widget = GTK_WIDGET (dialog);
  GtkWidget *client_row;
  GtkWidget *continue_button;
  GtkWidget *issuer_row;

  gtk_window_present (GTK_WINDOW (dialog));
  spin (200);

  g_assert_cmpstr (deck_connection_dialog_get_redirect_uri (dialog), ==,
                   "http://127.0.0.1/callback");
  g_assert_nonnull (find_widget (widget, is_row_titled, "http://127.0.0.1/callback"));

  client_row = find_widget (widget, is_row_titled, "Client _ID");
  continue_button = find_widget (widget, is_button_with_action, "connection.continue");
  issuer_row = find_widget (widget, is_row_titled, "Issuer URL (discovery)");
  g_assert_nonnull (client_row);
  g_assert_nonnull (continue_button);
  g_assert_nonnull (issuer_row);

  /* Google first: no issuer field; Continue needs a client id. */
  g_assert_false (gtk_widget_get_visible (issuer_row));
  g_assert_false (gtk_widget_get_sensitive (continue_button));
  gtk_editable_set_text (GTK_EDITABLE (client_row), "my-client");
  spin (50);
  g_assert_true (gtk_widget_get_sensitive (continue_button));

  /* Custom: endpoints needed (discovery or by hand). */
  deck_connection_dialog_set_preset (dialog, DECK_OAUTH_PRESET_CUSTOM);
  spin (50);
  g_assert_true (gtk_widget_get_visible (issuer_row));
  g_assert_false (gtk_widget_get_sensitive (continue_button));

  /* Discovery against the real OIDC server offers its advertised scopes
   * (from the one discovery request core makes) as toggles that edit
   * the scopes field, and follow it. */
  if (deck_test_peers_get ("oidc") != NULL)
    {
      GtkWidget *offered = NULL;
      GtkWidget *scopes_row = find_widget (widget, is_row_titled, "S_copes (separated by spaces)");
      GtkWidget *openid;
      GtkWidget *api_read;
      gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

      g_assert_nonnull (scopes_row);
      gtk_editable_set_text (GTK_EDITABLE (issuer_row),
                             deck_test_peers_get_string (deck_test_peers_get ("oidc"), "issuer"));
      spin (50);
      g_assert_true (gtk_widget_activate_action (widget, "connection.discover", NULL));
      while (offered == NULL && g_get_monotonic_time () < deadline)
        {
          spin (50);
          offered = find_widget (widget, is_offered_label, "The provider offers these scopes");
        }
      g_assert_nonnull (offered);

      openid = find_widget (widget, is_toggle_labelled, "openid");
      api_read = find_widget (widget, is_toggle_labelled, "api:read");
      g_assert_nonnull (openid);
      g_assert_nonnull (api_read);
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (scopes_row)), ==, "openid");
      g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (openid)));
      g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (api_read)));

      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (api_read), TRUE);
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (scopes_row)), ==, "openid api:read");
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (openid), FALSE);
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (scopes_row)), ==, "api:read");

      /* Typed scopes set the toggles. */
      gtk_editable_set_text (GTK_EDITABLE (scopes_row), "openid email");
      g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (openid)));
      g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (api_read)));
      spin (300);
      save_dialog_screenshot (widget);
    }

  gtk_window_destroy (GTK_WINDOW (dialog));
  spin (50);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  deck_test_isolate_data_dir ();
  deck_test_ui_init (&argc, &argv);

  tmp_dir = g_dir_make_tmp ("flowdeck-ui-connections-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/ui-connections/page-row", test_page_row);
  g_test_add_func ("/ui-connections/dialog", test_dialog);

  ret = g_test_run ();

  {
    g_autofree char *path = g_build_filename (tmp_dir, "connections.json", NULL);

    g_remove (path);
    g_rmdir (tmp_dir);
    g_free (tmp_dir);
  }
  return ret;
}
