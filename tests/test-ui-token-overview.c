/* test-ui-token-overview.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The expiry overview against the real FlowFuse under Xvfb: HTTP tokens
 * on instances of two teams (2 and 40 days) and a personal token (5 days)
 * are listed with the rest, soonest first; "Expires Soon" keeps the 2-
 * and 5-day ones. Also through the UI: "Limit to Teams" in the personal
 * token dialog (FlowFuse 2.4.0 ignores teamIds, and the reveal dialog
 * says so), and "Test This Token" in the reveal dialog of an HTTP token,
 * against an in-process stand-in for the instance that asks FlowFuse
 * (`/account/check/http/<instance>`, what a real instance asks) whether
 * to let the bearer in: the stub driver runs no real instance. Everything
 * created is deleted at the end.
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <libsoup/soup.h>

#include "deck-application.h"
#include "deck-personal-tokens-page.h"
#include "deck-test-peers.h"
#include "deck-test-ui.h"
#include "deck-test-util.h"
#include "deck-token-create-dialog.h"
#include "deck-token-expiry-page.h"
#include "deck-token-overview.h"
#include "deck-token-reveal-dialog.h"
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

static GDateTime *
in_days (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  /* A little past the day, so "expires in N days" reads N. */
  return g_date_time_add (now, days * G_TIME_SPAN_DAY - 10 * G_TIME_SPAN_MINUTE);
}

static DeckFfHttpToken *
create_http_token (DeckFlowfuseClient *client,
                   const char         *instance_id,
                   const char         *name,
                   int                 days,
                   char              **out_value)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) expires = in_days (days);
  DeckFfHttpToken *token;

  RUN (deck_flowfuse_client_create_http_token_async (client, instance_id, name, expires, NULL, CB));
  token = deck_flowfuse_client_create_http_token_finish (client, result, out_value, &error);
  g_assert_no_error (error);
  return token;
}

/* A raw authenticated call for what the client has no method for. */
static guint
raw_call (JsonObject *peer,
          const char *method,
          const char *path)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strdup_printf ("%s%s", deck_test_peers_get_string (peer, "url"), path);
  g_autofree char *bearer = g_strdup_printf ("Bearer %s", deck_test_peers_get_string (peer, "pat"));

  msg = soup_message_new (method, url);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  return soup_message_get_status (msg);
}

static gboolean
overview_loaded (gpointer data)
{
  return g_strcmp0 (deck_token_expiry_page_get_state (DECK_TOKEN_EXPIRY_PAGE (data)), "loading") != 0;
}

static int
position_of (GListModel *model,
             const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DeckTokenEntry) entry = g_list_model_get_item (model, i);

      if (g_strcmp0 (deck_token_entry_get_id (entry), id) == 0)
        return (int) i;
    }

  return -1;
}

static DeckTokenEntry *
entry_at (GListModel *model,
          int         position)
{
  g_assert_cmpint (position, >=, 0);
  return g_list_model_get_item (model, (guint) position);
}

/*
 * The expiry overview
 */

static void
test_overview (void)
{
  JsonObject *peer = deck_test_peers_get ("flowfuse");
  g_autoptr(DeckAccount) account = NULL;
  g_autoptr(DeckFlowfuseClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckFfTeam) team2 = NULL;
  g_autoptr(DeckFfApplication) application = NULL;
  g_autoptr(DeckFfInstance) instance2 = NULL;
  g_autoptr(DeckFfHttpToken) soon_http = NULL;
  g_autoptr(DeckFfHttpToken) later_http = NULL;
  g_autoptr(DeckFfPersonalToken) soon_pat = NULL;
  g_autoptr(GDateTime) pat_expires = in_days (5);
  g_autofree char *stamp = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () % 100000000);
  g_autofree char *team_name = g_strdup_printf ("Overview Team %s", stamp);
  g_autofree char *team_slug = g_strdup_printf ("overview-%s", stamp);
  g_autofree char *instance_name = g_strdup_printf ("ov-%s", stamp);
  g_autofree char *name_2 = g_strdup_printf ("ov-http-2d-%s", stamp);
  g_autofree char *name_40 = g_strdup_printf ("ov-http-40d-%s", stamp);
  g_autofree char *name_5 = g_strdup_printf ("ov-pat-5d-%s", stamp);
  g_autofree char *path = NULL;
  g_autofree char *value = NULL;
  const char *seed_instance = NULL;
  DeckTokenExpiryPage *page;
  GListModel *entries, *shown;
  GtkWindow *window;
  int p2, p5, p40;

  if (peer == NULL)
    {
      g_test_skip ("no FlowFuse peer");
      return;
    }

  window = deck_test_ui_main_window (app);
  account = deck_test_ui_add_token_account (app, peer);
  client = deck_test_ui_context_client (app, account);
  seed_instance = deck_test_peers_get_string (peer, "instance.id");

  /* A second team of the type with HTTP tokens, with an instance. */
  RUN (deck_flowfuse_client_create_team_async (client, team_name,
                                               deck_test_peers_get_string (peer, "teamTypeId"),
                                               team_slug, NULL, CB));
  team2 = deck_flowfuse_client_finish_object (client, result, &error);
  g_assert_no_error (error);
  RUN (deck_flowfuse_client_create_application_async (client, deck_ff_team_get_id (team2),
                                                      "Overview Application", NULL, CB));
  application = deck_flowfuse_client_finish_object (client, result, &error);
  g_assert_no_error (error);
  RUN (deck_flowfuse_client_create_instance_async (client, instance_name,
                                                   deck_ff_application_get_id (application),
                                                   deck_test_peers_get_string (peer, "projectTypeId"),
                                                   deck_test_peers_get_string (peer, "stackId"),
                                                   deck_test_peers_get_string (peer, "templateId"),
                                                   NULL, CB));
  instance2 = deck_flowfuse_client_finish_object (client, result, &error);
  g_assert_no_error (error);

  /* The tokens: 2 days on the seed instance (team 1), 40 days on the new
   * one (team 2), a personal token for 5 days. Values are not needed. */
  soon_http = create_http_token (client, seed_instance, name_2, 2, NULL);
  later_http = create_http_token (client, deck_ff_instance_get_id (instance2), name_40, 40, NULL);
  RUN (deck_flowfuse_client_create_personal_token_async (client, name_5, pat_expires, FALSE, NULL,
                                                         NULL, CB));
  soon_pat = deck_flowfuse_client_create_personal_token_finish (client, result, &value, &error);
  g_assert_no_error (error);
  g_clear_pointer (&value, g_free);

  /* The overview, from the primary menu's action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.token-overview", NULL));
  page = DECK_TOKEN_EXPIRY_PAGE (deck_test_ui_find_widget (GTK_WIDGET (window),
                                                          DECK_TYPE_TOKEN_EXPIRY_PAGE));
  g_assert_nonnull (page);
  deck_test_ui_wait_for (overview_loaded, page, "the token overview");
  g_assert_cmpstr (deck_token_expiry_page_get_state (page), ==, "list");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));

  entries = deck_token_expiry_page_get_entries (page);
  g_test_message ("%u tokens in the overview", g_list_model_get_n_items (entries));
  p2 = position_of (entries, deck_ff_http_token_get_id (soon_http));
  p5 = position_of (entries, deck_ff_personal_token_get_id (soon_pat));
  p40 = position_of (entries, deck_ff_http_token_get_id (later_http));
  g_assert_cmpint (p2, >=, 0);
  g_assert_cmpint (p5, >, p2);
  g_assert_cmpint (p40, >, p5);

  /* Sorted throughout: expiry ascending, never-expiring last. */
  for (guint i = 1; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(DeckTokenEntry) a = g_list_model_get_item (entries, i - 1);
      g_autoptr(DeckTokenEntry) b = g_list_model_get_item (entries, i);

      g_assert_cmpint (deck_token_entry_compare (a, b, NULL), <=, 0);
      if (deck_token_entry_get_expires_at (a) == NULL)
        g_assert_null (deck_token_entry_get_expires_at (b));
    }

  /* What each is, from which team and instance. */
  {
    g_autoptr(DeckTokenEntry) e2 = entry_at (entries, p2);
    g_autoptr(DeckTokenEntry) e5 = entry_at (entries, p5);
    g_autoptr(DeckTokenEntry) e40 = entry_at (entries, p40);
    GtkWidget *row;

    g_assert_cmpint (deck_token_entry_get_kind (e2), ==, DECK_TOKEN_ENTRY_HTTP);
    g_assert_cmpstr (deck_token_entry_get_instance_id (e2), ==, seed_instance);
    g_assert_cmpstr (deck_token_entry_get_team_name (e2), ==,
                     deck_test_peers_get_string (peer, "team.name"));
    g_assert_cmpint (deck_token_entry_get_kind (e40), ==, DECK_TOKEN_ENTRY_HTTP);
    g_assert_cmpstr (deck_token_entry_get_instance_name (e40), ==, instance_name);
    g_assert_cmpstr (deck_token_entry_get_team_name (e40), ==, team_name);
    g_assert_cmpint (deck_token_entry_get_kind (e5), ==, DECK_TOKEN_ENTRY_PERSONAL);

    row = deck_token_expiry_page_get_row (page, deck_ff_http_token_get_id (soon_http));
    g_assert_nonnull (row);
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, name_2);
    g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                                     "HTTP token of seed-instance"));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (g_object_get_data (G_OBJECT (row), "badge"))),
                     ==, "expires in 2 days");
    row = deck_token_expiry_page_get_row (page, deck_ff_personal_token_get_id (soon_pat));
    g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                                     "Personal token of "));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (g_object_get_data (G_OBJECT (row), "badge"))),
                     ==, "expires in 5 days");
    row = deck_token_expiry_page_get_row (page, deck_ff_http_token_get_id (later_http));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (g_object_get_data (G_OBJECT (row), "badge"))),
                     ==, "expires in 40 days");
  }

  deck_test_ui_spin (6000); /* let the "account added" toast go by */
  deck_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-token-overview.png");

  /* Expires Soon: the 2- and 5-day ones, not the 40-day one. */
  deck_test_ui_click (deck_test_ui_find_button_labelled (GTK_WIDGET (page), "Expires _Soon"));
  shown = deck_token_expiry_page_get_shown (page);
  g_assert_cmpint (position_of (shown, deck_ff_http_token_get_id (soon_http)), >=, 0);
  g_assert_cmpint (position_of (shown, deck_ff_personal_token_get_id (soon_pat)), >=, 0);
  g_assert_cmpint (position_of (shown, deck_ff_http_token_get_id (later_http)), ==, -1);
  g_assert_nonnull (deck_token_expiry_page_get_row (page, deck_ff_http_token_get_id (soon_http)));
  g_assert_null (deck_token_expiry_page_get_row (page, deck_ff_http_token_get_id (later_http)));
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

    for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
      {
        g_autoptr(DeckTokenEntry) e = g_list_model_get_item (shown, i);

        g_assert_true (deck_token_entry_expires_soon (e, now, DECK_TOKEN_OVERVIEW_SOON));
      }

    /* The notification's decision over the same list names them too. */
    {
      g_autoptr(GPtrArray) soon = deck_token_overview_expiring (entries, now,
                                                               DECK_TOKEN_OVERVIEW_SOON);

      g_assert_cmpuint (soon->len, ==, g_list_model_get_n_items (shown));
    }
  }
  deck_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-token-overview-soon.png");

  /* Expired: none of ours. */
  deck_test_ui_click (deck_test_ui_find_button_labelled (GTK_WIDGET (page), "_Expired"));
  shown = deck_token_expiry_page_get_shown (page);
  g_assert_cmpint (position_of (shown, deck_ff_http_token_get_id (soon_http)), ==, -1);
  g_assert_cmpint (position_of (shown, deck_ff_personal_token_get_id (soon_pat)), ==, -1);
  deck_test_ui_click (deck_test_ui_find_button_labelled (GTK_WIDGET (page), "_All"));
  g_assert_cmpuint (g_list_model_get_n_items (deck_token_expiry_page_get_shown (page)), ==,
                    g_list_model_get_n_items (entries));

  /* Back, then clean up everything created. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close-subpage", NULL));
  RUN (deck_flowfuse_client_delete_http_token_async (client, seed_instance,
                                                     deck_ff_http_token_get_id (soon_http), NULL, CB));
  g_assert_true (deck_flowfuse_client_finish_boolean (client, result, &error));
  g_assert_no_error (error);
  RUN (deck_flowfuse_client_delete_http_token_async (client, deck_ff_instance_get_id (instance2),
                                                     deck_ff_http_token_get_id (later_http), NULL, CB));
  g_assert_true (deck_flowfuse_client_finish_boolean (client, result, &error));
  g_assert_no_error (error);
  RUN (deck_flowfuse_client_delete_personal_token_async (client,
                                                         deck_ff_personal_token_get_id (soon_pat),
                                                         NULL, CB));
  g_assert_true (deck_flowfuse_client_finish_boolean (client, result, &error));
  g_assert_no_error (error);
  RUN (deck_flowfuse_client_delete_instance_async (client, deck_ff_instance_get_id (instance2),
                                                   NULL, CB));
  g_assert_true (deck_flowfuse_client_finish_boolean (client, result, &error));
  g_assert_no_error (error);
  path = g_strdup_printf ("/api/v1/applications/%s", deck_ff_application_get_id (application));
  g_assert_cmpuint (raw_call (peer, "DELETE", path), <, 300);
  g_clear_pointer (&path, g_free);
  path = g_strdup_printf ("/api/v1/teams/%s", deck_ff_team_get_id (team2));
  g_assert_cmpuint (raw_call (peer, "DELETE", path), <, 300);

  deck_test_ui_remove_account (app, account);
  deck_test_ui_spin (200);
}

/*
 * "Limit to Teams" for a personal token
 */

static gboolean
personal_list_shown (gpointer data)
{
  return g_strcmp0 (deck_personal_tokens_page_get_state (DECK_PERSONAL_TOKENS_PAGE (data)),
                    "list") == 0;
}

static gboolean
team_row_shown (gpointer data)
{
  return deck_test_ui_find_row_titled (GTK_WIDGET (data), "Plain Team") != NULL;
}

static gboolean
revealed_or_failed (gpointer data)
{
  GtkWindow *create = deck_test_ui_find_toplevel (DECK_TYPE_TOKEN_CREATE_DIALOG);
  GtkWidget *error = create ? deck_test_ui_find_with_class (GTK_WIDGET (create), "error") : NULL;

  if (error != NULL && gtk_widget_get_visible (error))
    g_error ("Creating the token failed: %s", gtk_label_get_text (GTK_LABEL (error)));

  return deck_test_ui_find_toplevel (DECK_TYPE_TOKEN_REVEAL_DIALOG) != NULL;
}

static void
test_limit_to_teams (void)
{
  JsonObject *peer = deck_test_peers_get ("flowfuse");
  g_autoptr(DeckAccount) account = NULL;
  g_autoptr(DeckFlowfuseClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) tokens = NULL;
  g_autofree char *name = g_strdup_printf ("ui-teams-%" G_GINT64_FORMAT, g_get_real_time ());
  g_autofree char *value = NULL;
  DeckPersonalTokensPage *page;
  GtkWindow *window, *dialog, *confirm;
  GtkWidget *team_row;
  const char *created_id = NULL;

  if (peer == NULL)
    {
      g_test_skip ("no FlowFuse peer");
      return;
    }

  window = deck_test_ui_main_window (app);
  account = deck_test_ui_add_token_account (app, peer);
  client = deck_test_ui_context_client (app, account);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.personal-tokens", "s",
                                             deck_account_get_id (account)));
  page = DECK_PERSONAL_TOKENS_PAGE (deck_test_ui_find_widget (GTK_WIDGET (window),
                                                             DECK_TYPE_PERSONAL_TOKENS_PAGE));
  deck_test_ui_wait_for (personal_list_shown, page, "the personal tokens");

  deck_test_ui_click (deck_test_ui_find_button_with_action (GTK_WIDGET (page), "tokens.add"));
  deck_test_ui_wait_for (deck_test_ui_toplevel_shown, GSIZE_TO_POINTER (DECK_TYPE_TOKEN_CREATE_DIALOG),
                         "the create dialog");
  dialog = deck_test_ui_find_toplevel (DECK_TYPE_TOKEN_CREATE_DIALOG);
  deck_test_ui_wait_for (team_row_shown, dialog, "the account's teams in the dialog");
  gtk_editable_set_text (GTK_EDITABLE (deck_test_ui_find_row_titled (GTK_WIDGET (dialog), "Name")), name);
  adw_combo_row_set_selected (ADW_COMBO_ROW (deck_test_ui_find_row_titled (GTK_WIDGET (dialog), "Expires")), 1);
  team_row = deck_test_ui_find_row_titled (GTK_WIDGET (dialog), "Plain Team");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (deck_test_ui_find_widget (team_row, GTK_TYPE_CHECK_BUTTON)),
                               TRUE);
  {
    g_auto(GStrv) ids = deck_token_create_dialog_get_team_ids (DECK_TOKEN_CREATE_DIALOG (dialog));

    g_assert_nonnull (ids);
    g_assert_cmpuint (g_strv_length (ids), ==, 1);
    g_assert_cmpstr (ids[0], ==, deck_test_peers_get_string (peer, "plainTeam.id"));
  }
  deck_test_ui_save_screenshot (GTK_WIDGET (dialog), "screenshot-token-create-teams.png");
  deck_test_ui_click (deck_test_ui_find_button_labelled (GTK_WIDGET (dialog), "C_reate"));

  deck_test_ui_wait_for (revealed_or_failed, NULL, "the reveal dialog");
  dialog = deck_test_ui_find_toplevel (DECK_TYPE_TOKEN_REVEAL_DIALOG);
  value = g_strdup (gtk_label_get_text (deck_test_ui_find_label_prefixed (GTK_WIDGET (dialog), "ffpat_")));

  /* What the server made of it: FlowFuse 2.4.0 drops teamIds, and the
   * token reaches every team; the dialog must then say so. */
  {
    g_autoptr(DeckFlowfuseClient) probe = deck_flowfuse_client_new (deck_test_peers_get_string (peer, "url"), &error);
    g_autoptr(GListModel) teams = NULL;

    g_assert_no_error (error);
    deck_flowfuse_client_set_token (probe, value);
    RUN (deck_flowfuse_client_list_teams_async (probe, NULL, CB));
    teams = deck_flowfuse_client_finish_list (probe, result, &error);
    g_assert_no_error (error);
    g_test_message ("the team-limited token sees %u teams", g_list_model_get_n_items (teams));
    if (g_list_model_get_n_items (teams) > 1)
      {
        g_test_message ("this FlowFuse ignores teamIds for personal tokens");
        g_assert_nonnull (deck_test_ui_find_label_prefixed (GTK_WIDGET (dialog), "This server ignored “Limit to Teams”"));
      }
  }
  deck_test_ui_save_screenshot (GTK_WIDGET (dialog), "screenshot-token-reveal-teams.png");
  g_clear_pointer (&value, g_free);

  gtk_window_close (dialog);
  confirm = NULL;
  deck_test_ui_wait_for (deck_test_ui_toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG),
                         "the close confirmation");
  confirm = deck_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "close");
  deck_test_ui_wait_for (deck_test_ui_toplevel_gone, GSIZE_TO_POINTER (DECK_TYPE_TOKEN_REVEAL_DIALOG),
                         "the dialog to close");

  /* Clean up: the token. */
  RUN (deck_flowfuse_client_list_personal_tokens_async (client, NULL, CB));
  tokens = deck_flowfuse_client_finish_list (client, result, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (tokens); i++)
    {
      g_autoptr(DeckFfPersonalToken) token = g_list_model_get_item (tokens, i);

      if (g_strcmp0 (deck_ff_personal_token_get_name (token), name) == 0)
        created_id = deck_ff_personal_token_get_id (token);
    }
  g_assert_nonnull (created_id);
  RUN (deck_flowfuse_client_delete_personal_token_async (client, created_id, NULL, CB));
  g_assert_true (deck_flowfuse_client_finish_boolean (client, result, &error));
  g_assert_no_error (error);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close-subpage", NULL));
  deck_test_ui_remove_account (app, account);
  deck_test_ui_spin (200);
}

/*
 * "Test This Token": a stand-in instance that asks FlowFuse
 */

typedef struct
{
  SoupServer  *server;
  SoupSession *session;
  char        *url;
  char        *check_url;
  guint        requests;
} StandIn;

typedef struct
{
  StandIn           *stand_in;
  SoupServerMessage *msg;
  SoupMessage       *check;
} Pending;

static void
checked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  guint status = soup_message_get_status (pending->check);

  /* Like the instance's auth middleware: 200 from FlowFuse lets it in. */
  if (status == SOUP_STATUS_OK)
    soup_server_message_set_status (pending->msg, SOUP_STATUS_OK, NULL);
  else
    soup_server_message_set_status (pending->msg, SOUP_STATUS_UNAUTHORIZED, NULL);
  soup_server_message_unpause (pending->msg);
  g_object_unref (pending->msg);
  g_object_unref (pending->check);
  g_free (pending);
}

static void
stand_in_handler (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  StandIn *stand_in = user_data;
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Authorization");
  Pending *pending;

  stand_in->requests++;
  if (auth == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
      return;
    }

  pending = g_new0 (Pending, 1);
  pending->stand_in = stand_in;
  pending->msg = g_object_ref (msg);
  pending->check = soup_message_new ("GET", stand_in->check_url);
  soup_message_headers_replace (soup_message_get_request_headers (pending->check),
                                "Authorization", auth);
  soup_server_message_pause (msg);
  soup_session_send_and_read_async (stand_in->session, pending->check, G_PRIORITY_DEFAULT, NULL,
                                    checked_cb, pending);
}

static gboolean
test_result_shown (gpointer data)
{
  GtkWidget *label = deck_test_ui_find_with_class (GTK_WIDGET (data), "success");

  if (label == NULL)
    label = deck_test_ui_find_with_class (GTK_WIDGET (data), "error");
  return label != NULL && GTK_IS_LABEL (label) && gtk_widget_get_visible (label) &&
         gtk_widget_get_sensitive (deck_test_ui_find_button_labelled (GTK_WIDGET (data), "_Test"));
}

static GtkLabel *
test_result (GtkWindow *dialog)
{
  GtkWidget *label;

  deck_test_ui_wait_for (test_result_shown, dialog, "the test result");
  label = deck_test_ui_find_with_class (GTK_WIDGET (dialog), "success");
  if (label == NULL)
    label = deck_test_ui_find_with_class (GTK_WIDGET (dialog), "error");
  return GTK_LABEL (label);
}

static void
test_this_token (void)
{
  JsonObject *peer = deck_test_peers_get ("flowfuse");
  g_autoptr(DeckAccount) account = NULL;
  g_autoptr(DeckFlowfuseClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckFfHttpToken) token = NULL;
  g_autofree char *name = g_strdup_printf ("ui-test-this-%" G_GINT64_FORMAT, g_get_real_time ());
  char *value = NULL;
  const char *instance_id;
  StandIn stand_in = { 0 };
  DeckTokenRevealDialog *reveal;
  GtkLabel *label;
  GSList *uris;

  if (peer == NULL)
    {
      g_test_skip ("no FlowFuse peer");
      return;
    }

  deck_test_ui_main_window (app);
  account = deck_test_ui_add_token_account (app, peer);
  client = deck_test_ui_context_client (app, account);
  instance_id = deck_test_peers_get_string (peer, "instance.id");
  token = create_http_token (client, instance_id, name, 7, &value);

  stand_in.server = soup_server_new (NULL, NULL);
  stand_in.session = soup_session_new ();
  stand_in.check_url = g_strdup_printf ("%s/account/check/http/%s",
                                        deck_test_peers_get_string (peer, "url"), instance_id);
  soup_server_add_handler (stand_in.server, NULL, stand_in_handler, &stand_in, NULL);
  soup_server_listen_local (stand_in.server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (stand_in.server);
  stand_in.url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  /* The reveal dialog as the instance page opens it, with the stand-in's URL. */
  reveal = deck_token_reveal_dialog_new (gtk_application_get_active_window (GTK_APPLICATION (app)),
                                         DECK_TOKEN_KIND_HTTP, name, value, stand_in.url);
  value = NULL; /* the dialog owns and wipes it */
  gtk_window_present (GTK_WINDOW (reveal));
  deck_test_ui_spin (200);

  deck_test_ui_click (deck_test_ui_find_button_labelled (GTK_WIDGET (reveal), "_Test"));
  label = test_result (GTK_WINDOW (reveal));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (label), "success"));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (label), "Accepted: the instance answered 200"));
  g_assert_cmpuint (stand_in.requests, ==, 1);
  deck_test_ui_save_screenshot (GTK_WIDGET (reveal), "screenshot-token-test.png");

  /* Revoked: FlowFuse says no, the dialog says why it may be. */
  RUN (deck_flowfuse_client_delete_http_token_async (client, instance_id,
                                                     deck_ff_http_token_get_id (token), NULL, CB));
  g_assert_true (deck_flowfuse_client_finish_boolean (client, result, &error));
  g_assert_no_error (error);
  gtk_editable_set_text (GTK_EDITABLE (deck_test_ui_find_row_titled (GTK_WIDGET (reveal), "Path")),
                         "/ui");
  deck_test_ui_click (deck_test_ui_find_button_labelled (GTK_WIDGET (reveal), "_Test"));
  label = test_result (GTK_WINDOW (reveal));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (label), "error"));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (label), "Not accepted"));
  g_assert_nonnull (strstr (gtk_label_get_text (label), "5 minutes"));
  g_assert_nonnull (strstr (gtk_label_get_text (label), "another instance"));
  g_assert_cmpuint (stand_in.requests, ==, 2);
  deck_test_ui_save_screenshot (GTK_WIDGET (reveal), "screenshot-token-test-401.png");

  /* Testing is not copying: closing still asks. */
  g_assert_false (deck_token_reveal_dialog_get_copied (reveal));
  gtk_window_close (GTK_WINDOW (reveal));
  deck_test_ui_wait_for (deck_test_ui_toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG),
                         "the close confirmation");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (deck_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)),
                               "close");
  deck_test_ui_wait_for (deck_test_ui_toplevel_gone, GSIZE_TO_POINTER (DECK_TYPE_TOKEN_REVEAL_DIALOG),
                         "the dialog to close");

  soup_server_disconnect (stand_in.server);
  g_clear_object (&stand_in.server);
  g_clear_object (&stand_in.session);
  g_free (stand_in.url);
  g_free (stand_in.check_url);
  deck_test_ui_remove_account (app, account);
  deck_test_ui_spin (200);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  deck_test_isolate_data_dir ();
  deck_test_ui_init (&argc, &argv);

  app = deck_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/ui/token-overview/overview", test_overview);
  g_test_add_func ("/ui/token-overview/limit-to-teams", test_limit_to_teams);
  g_test_add_func ("/ui/token-overview/test-this-token", test_this_token);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
