/* test-ui-offline.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Losing the network while watching a team's instances, under Xvfb
 * against the real FlowFuse behind a loopback relay that the test can
 * cut: the live-state poll fails, a banner says the app is offline, the
 * last known list stays (greyed, nothing lost); a reload while offline
 * keeps it too; when the network is back, Retry brings the live list
 * back and the banner goes. Screenshots are kept.
 */

#include "config.h"

#include <adwaita.h>

#include "deck-instances-page.h"
#include "deck-test-peers.h"
#include "deck-test-relay.h"
#include "deck-test-ui.h"
#include "deck-test-util.h"

static gboolean
page_shows_list (gpointer data)
{
  return g_strcmp0 (deck_instances_page_get_state (DECK_INSTANCES_PAGE (data)), "list") == 0;
}

static gboolean
page_offline (gpointer data)
{
  return deck_instances_page_get_offline (DECK_INSTANCES_PAGE (data));
}

static gboolean
page_online (gpointer data)
{
  return !deck_instances_page_get_offline (DECK_INSTANCES_PAGE (data));
}

static gboolean
list_greyed (GtkWidget *page)
{
  GtkWidget *list = deck_test_ui_find_widget (page, GTK_TYPE_GRID_VIEW);

  g_assert_nonnull (list);
  return gtk_widget_has_css_class (list, "offline-data");
}

static GtkWidget *
find_banner_revealer (GtkWidget *root)
{
  if (GTK_IS_REVEALER (root) && gtk_revealer_get_child (GTK_REVEALER (root)) != NULL &&
      gtk_widget_has_css_class (gtk_revealer_get_child (GTK_REVEALER (root)), "offline-banner"))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_banner_revealer (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
banner_shown (GtkWidget *page)
{
  GtkWidget *revealer = find_banner_revealer (page);

  g_assert_nonnull (revealer);
  return gtk_revealer_get_reveal_child (GTK_REVEALER (revealer));
}

static void
test_offline_keeps_last_known (void)
{
  JsonObject *peer = deck_test_peers_get ("flowfuse");
  g_autoptr(DeckTestRelay) relay = NULL;
  g_autoptr(DeckFlowfuseClient) client = NULL;
  g_autoptr(DeckFfTeam) team = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GtkWidget *window;
  GtkWidget *page;
  guint n;

  if (peer == NULL)
    return;

  relay = deck_test_relay_new (deck_test_peers_get_string (peer, "url"));
  url = deck_test_relay_get_url (relay);
  client = deck_flowfuse_client_new (url, &error);
  g_assert_no_error (error);
  deck_flowfuse_client_set_token (client, deck_test_peers_get_string (peer, "pat"));

  deck_flowfuse_client_get_team_async (client, deck_test_peers_get_string (peer, "team.id"), NULL,
                                       deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 60);
  team = deck_flowfuse_client_finish_object (client, result, &error);
  g_assert_no_error (error);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 560);
  page = deck_instances_page_new ();
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  deck_instances_page_set_team (DECK_INSTANCES_PAGE (page), client, team);
  deck_test_ui_wait_for (page_shows_list, page, "the instances list");
  n = g_list_model_get_n_items (deck_instances_page_get_model (DECK_INSTANCES_PAGE (page)));
  g_assert_cmpuint (n, >, 0);
  g_assert_false (deck_instances_page_get_offline (DECK_INSTANCES_PAGE (page)));
  g_assert_false (banner_shown (page));
  g_assert_false (list_greyed (page));

  /* The network goes: the next live-state poll finds out. */
  deck_test_relay_cut (relay);
  deck_test_ui_wait_for (page_offline, page, "the page to notice it is offline");
  g_assert_true (banner_shown (page));
  g_assert_true (list_greyed (page));
  g_assert_cmpstr (deck_instances_page_get_state (DECK_INSTANCES_PAGE (page)), ==, "list");
  g_assert_cmpuint (g_list_model_get_n_items (deck_instances_page_get_model (DECK_INSTANCES_PAGE (page))),
                    ==, n);
  deck_test_ui_spin (400);
  deck_test_ui_save_screenshot (window, "screenshot-instances-offline.png");

  /* Retry while still offline: the list stays, not an error page. */
  deck_test_ui_click (deck_test_ui_find_button_labelled (page, "_Retry"));
  deck_test_ui_spin (1000);
  g_assert_true (deck_instances_page_get_offline (DECK_INSTANCES_PAGE (page)));
  g_assert_cmpstr (deck_instances_page_get_state (DECK_INSTANCES_PAGE (page)), ==, "list");
  g_assert_cmpuint (g_list_model_get_n_items (deck_instances_page_get_model (DECK_INSTANCES_PAGE (page))),
                    ==, n);

  /* The network is back: Retry loads the live list again. */
  deck_test_relay_restore (relay);
  deck_test_ui_click (deck_test_ui_find_button_labelled (page, "_Retry"));
  deck_test_ui_wait_for (page_online, page, "the page to be back online");
  g_assert_false (banner_shown (page));
  g_assert_false (list_greyed (page));
  g_assert_cmpstr (deck_instances_page_get_state (DECK_INSTANCES_PAGE (page)), ==, "list");
  g_assert_cmpuint (g_list_model_get_n_items (deck_instances_page_get_model (DECK_INSTANCES_PAGE (page))),
                    >, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
main (int   argc,
      char *argv[])
{
  deck_test_isolate_data_dir ();
  deck_test_ui_init (&argc, &argv);

  /* The app's own styles, as AdwApplication would load them. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/flowdeck/Flowdeck/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add_func ("/ui/offline/keeps-last-known", test_offline_keeps_last_known);

  return g_test_run ();
}
