/* bench-request.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Per-request cost of the Flowdeck client against the real FlowFuse peer
 * ($DECK_PEERS_FILE from tests/harness.sh), to set beside `curl` on the
 * same URLs (tests/bench/run-benchmarks.sh does that):
 *
 *   user      deck_flowfuse_client_get_user()      GET /api/v1/user
 *   list      deck_flowfuse_client_list_instances() GET /api/v1/teams/<id>/projects
 *             (+ one GET …/applications/<id>/instances/status per application)
 *   bare-*    soup_session_send_and_read() of the same URLs, body only
 *
 * One warm-up call each (connection set up, as curl's first transfer of
 * a keep-alive loop), then RUNS calls; prints one "name median min" line
 * per measurement, in ms, and "instances N". Exit 77 (skip) without peers.
 */

#include "config.h"

#include <stdlib.h>

#include <libsoup/soup.h>

#include "deck-flowfuse-client.h"
#include "deck-test-util.h"

static void
print_stats (const char *name,
             double     *values,
             guint       n)
{
  deck_test_sort_doubles (values, n);
  g_print ("%s %.3f %.3f\n", name, values[n / 2], values[0]);
}

static double
bare_get (SoupSession *session,
          const char  *url,
          const char  *token)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *auth = g_strdup_printf ("Bearer %s", token);
  GAsyncResult *slot = NULL;
  gint64 start;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  start = g_get_monotonic_time ();
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL,
                                    deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 120);
  body = soup_session_send_and_read_finish (session, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  const char *file = g_getenv ("DECK_PEERS_FILE");
  guint runs = argc > 1 ? (guint) atoi (argv[1]) : 15;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(DeckFlowfuseClient) client = NULL;
  g_autoptr(SoupSession) bare = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *user_ms = NULL, *list_ms = NULL, *bare_user_ms = NULL, *bare_list_ms = NULL;
  g_autofree char *user_url = NULL, *list_url = NULL;
  JsonObject *flowfuse;
  const char *url, *pat, *team;
  guint n_instances = 0;

  if (file == NULL || !json_parser_load_from_file (parser, file, NULL))
    {
      g_print ("1..0 # SKIP no real peers (run inside tests/harness.sh)\n");
      return 77;
    }
  flowfuse = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                            "flowfuse");
  url = json_object_get_string_member (flowfuse, "url");
  pat = json_object_get_string_member (flowfuse, "pat");
  team = json_object_get_string_member (json_object_get_object_member (flowfuse, "team"), "id");
  runs = MAX (runs, 3);

  client = deck_flowfuse_client_new (url, &error);
  g_assert_no_error (error);
  deck_flowfuse_client_set_token (client, pat);
  deck_flowfuse_client_set_timeout (client, 120);
  bare = soup_session_new ();
  user_url = g_strdup_printf ("%s/api/v1/user", url);
  list_url = g_strdup_printf ("%s/api/v1/teams/%s/projects", url, team);

  user_ms = g_new0 (double, runs);
  list_ms = g_new0 (double, runs);
  bare_user_ms = g_new0 (double, runs);
  bare_list_ms = g_new0 (double, runs);

  /* The small request first, all runs in a row (as curl does them), so
   * that no large response just before skews it; then the lists. */
  for (guint run = 0; run <= runs; run++) /* run 0: warm-up */
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GObject) user = NULL;
      GAsyncResult *slot = NULL;
      gint64 start;
      double b_user;

      start = g_get_monotonic_time ();
      deck_flowfuse_client_get_user_async (client, NULL, deck_test_store_result_cb, &slot);
      result = deck_test_wait_result (&slot, 120);
      user = G_OBJECT (deck_flowfuse_client_get_user_finish (client, result, &error));
      g_assert_no_error (error);
      if (run > 0)
        user_ms[run - 1] = (g_get_monotonic_time () - start) / 1000.0;

      b_user = bare_get (bare, user_url, pat);
      if (run > 0)
        bare_user_ms[run - 1] = b_user;
    }

  for (guint run = 0; run <= runs; run++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GListModel) list = NULL;
      GAsyncResult *slot = NULL;
      gint64 start;
      double b_list;

      start = g_get_monotonic_time ();
      deck_flowfuse_client_list_instances_async (client, team, NULL, deck_test_store_result_cb,
                                                 &slot);
      result = deck_test_wait_result (&slot, 120);
      list = deck_flowfuse_client_finish_list (client, result, &error);
      g_assert_no_error (error);
      n_instances = g_list_model_get_n_items (list);
      if (run > 0)
        list_ms[run - 1] = (g_get_monotonic_time () - start) / 1000.0;

      b_list = bare_get (bare, list_url, pat);
      if (run > 0)
        bare_list_ms[run - 1] = b_list;
    }

  g_print ("instances %u\nruns %u\n", n_instances, runs);
  print_stats ("client-user", user_ms, runs);
  print_stats ("bare-user", bare_user_ms, runs);
  print_stats ("client-list", list_ms, runs);
  print_stats ("bare-list", bare_list_ms, runs);
  return 0;
}
