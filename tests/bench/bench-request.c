/* bench-request.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Per-request cost of the Flowdeck client against the real FlowFuse peer
 * ($DECK_PEERS_FILE from tests/harness.sh), beside `curl` and bare
 * libsoup on the same URLs:
 *
 *   user      deck_flowfuse_client_get_user()      GET /api/v1/user
 *   list      deck_flowfuse_client_list_instances() GET /api/v1/teams/<id>/projects
 *             and the team's live states, GET …/applications/status
 *   bare-*    soup_session_send_and_read() of the same URL, body only
 *   curl-*    curl's time_total of the same URLs, one after the other on
 *             one keep-alive connection (the first transfer, which sets
 *             the connection up, is not counted)
 *
 * The server's own time moves from minute to minute (Node.js's garbage
 * collector, its timers), by more than the differences measured here. So
 * the three take turns in blocks, and each median is over every block:
 * USER_BLOCKS blocks of client, bare libsoup and curl calls of the user
 * URL in a row, then LIST_BLOCKS of the lists. The user calls take about
 * a millisecond, so they take turns often: in five blocks of 200, one slow
 * spell of the server could fall on one side's calls and move the ratio
 * by 0.15 (1.07–1.26 in five runs, against 1.07–1.10 in 25 blocks of 40).
 *
 * Usage: bench-request [LIST_RUNS [USER_RUNS]] (defaults 15 and 100).
 * Prints one "name median min" line per measurement, in ms, and
 * "instances N". Exit 77 (skip) without peers.
 */

#include "config.h"

#include <stdlib.h>

#include <libsoup/soup.h>

#include "deck-flowfuse-client.h"
#include "deck-test-util.h"

#define USER_BLOCKS 25
#define LIST_BLOCKS 5

static void
print_stats (const char *name,
             GArray     *values)
{
  double *v = (double *) (gpointer) values->data;

  g_assert_cmpuint (values->len, >, 0);
  deck_test_sort_doubles (v, values->len);
  g_print ("%s %.3f %.3f\n", name, v[values->len / 2], v[0]);
}

static void
add (GArray *values,
     double  value)
{
  g_array_append_val (values, value);
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

/* One curl process: a warm-up GET of @warm_url (sets the connection up),
 * then @rounds times each of @urls in turn; each transfer's time_total
 * goes to out[i] (ms). The token goes in through curl's config on stdin,
 * not on its command line. */
static void
curl_block (const char  *warm_url,
            const char **urls,
            guint        n_urls,
            guint        rounds,
            const char  *token,
            GArray     **out)
{
  g_autoptr(GString) config = g_string_new ("silent\nfail\n");
  g_autoptr(GSubprocess) curl = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *times = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  g_string_append_printf (config, "header = \"Authorization: Bearer %s\"\n", token);
  g_string_append (config, "write-out = \"%{stderr}%{time_total}\\n\"\n");
  g_string_append_printf (config, "url = \"%s\"\noutput = \"/dev/null\"\n", warm_url);
  for (guint r = 0; r < rounds; r++)
    for (guint i = 0; i < n_urls; i++)
      g_string_append_printf (config, "url = \"%s\"\noutput = \"/dev/null\"\n", urls[i]);

  curl = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                           G_SUBPROCESS_FLAGS_STDERR_PIPE, &error, "curl", "-K", "-", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (curl, config->str, NULL, NULL, &times, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (curl));

  lines = g_strsplit (times, "\n", -1);
  for (guint k = 1; lines[k] != NULL && lines[k][0] != '\0'; k++, n++)   /* 0: the warm-up */
    add (out[n % n_urls], g_ascii_strtod (lines[k], NULL) * 1000.0);
  g_assert_cmpuint (n, ==, rounds * n_urls);
}

int
main (int   argc,
      char *argv[])
{
  const char *file = g_getenv ("DECK_PEERS_FILE");
  guint runs = argc > 1 ? (guint) atoi (argv[1]) : 15;
  guint user_runs = argc > 2 ? (guint) atoi (argv[2]) : 100;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(DeckFlowfuseClient) client = NULL;
  g_autoptr(SoupSession) bare = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) user_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare_user_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) curl_user_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) list_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare_list_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) curl_list_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) curl_team_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) curl_app_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) curl_list_team_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) curl_list_app_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *user_url = NULL, *list_url = NULL, *team_url = NULL, *app_url = NULL;
  JsonObject *flowfuse;
  const char *url, *pat, *team, *app;
  guint n_instances = 0;
  guint user_block, list_block;
  g_autofree char *curl = g_find_program_in_path ("curl");

  if (file == NULL || !json_parser_load_from_file (parser, file, NULL))
    {
      g_print ("1..0 # SKIP no real peers (run inside tests/harness.sh)\n");
      return 77;
    }
  if (curl == NULL)
    {
      g_print ("1..0 # SKIP no curl to compare with (apt-get install curl)\n");
      return 77;
    }
  flowfuse = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                            "flowfuse");
  url = json_object_get_string_member (flowfuse, "url");
  pat = json_object_get_string_member (flowfuse, "pat");
  team = json_object_get_string_member (json_object_get_object_member (flowfuse, "team"), "id");
  app = json_object_get_string_member (flowfuse, "applicationId");
  user_block = MAX (user_runs / USER_BLOCKS, 1);
  list_block = MAX (runs / LIST_BLOCKS, 1);

  client = deck_flowfuse_client_new (url, &error);
  g_assert_no_error (error);
  deck_flowfuse_client_set_token (client, pat);
  deck_flowfuse_client_set_timeout (client, 120);
  bare = soup_session_new ();
  user_url = g_strdup_printf ("%s/api/v1/user", url);
  list_url = g_strdup_printf ("%s/api/v1/teams/%s/projects", url, team);
  team_url = g_strdup_printf ("%s/api/v1/teams/%s/applications/status", url, team);
  app_url = g_strdup_printf ("%s/api/v1/applications/%s/instances/status", url, app);

  /* The small request first, all its blocks in a row, so that no large
   * response just before skews it; then the lists. Call -1 of each user
   * block is a warm-up (a connection set up, as curl's first transfer);
   * the lists reuse those connections. */
  for (guint block = 0; block < USER_BLOCKS; block++)
    {
      for (int run = -1; run < (int) user_block; run++)
        {
          g_autoptr(GAsyncResult) result = NULL;
          g_autoptr(GObject) user = NULL;
          GAsyncResult *slot = NULL;
          gint64 start = g_get_monotonic_time ();

          deck_flowfuse_client_get_user_async (client, NULL, deck_test_store_result_cb, &slot);
          result = deck_test_wait_result (&slot, 120);
          user = G_OBJECT (deck_flowfuse_client_get_user_finish (client, result, &error));
          g_assert_no_error (error);
          if (run >= 0)
            add (user_ms, (g_get_monotonic_time () - start) / 1000.0);
        }
      for (int run = -1; run < (int) user_block; run++)
        {
          double ms = bare_get (bare, user_url, pat);

          if (run >= 0)
            add (bare_user_ms, ms);
        }
      curl_block (user_url, (const char *[]) { user_url }, 1, user_block, pat,
                  (GArray *[]) { curl_user_ms });
    }

  for (guint block = 0; block < LIST_BLOCKS; block++)
    {
      for (guint run = 0; run < list_block; run++)
        {
          g_autoptr(GAsyncResult) result = NULL;
          g_autoptr(GListModel) list = NULL;
          GAsyncResult *slot = NULL;
          gint64 start = g_get_monotonic_time ();

          /* The connection is the one the user calls set up. */
          deck_flowfuse_client_list_instances_async (client, team, NULL, deck_test_store_result_cb,
                                                     &slot);
          result = deck_test_wait_result (&slot, 120);
          list = deck_flowfuse_client_finish_list (client, result, &error);
          g_assert_no_error (error);
          n_instances = g_list_model_get_n_items (list);
          add (list_ms, (g_get_monotonic_time () - start) / 1000.0);
        }
      for (guint run = 0; run < list_block; run++)
        add (bare_list_ms, bare_get (bare, list_url, pat));
      {
        guint first = curl_list_ms->len;

        curl_block (user_url, (const char *[]) { list_url, team_url, app_url }, 3, list_block, pat,
                    (GArray *[]) { curl_list_ms, curl_team_ms, curl_app_ms });
        for (guint i = first; i < curl_list_ms->len; i++)
          {
            add (curl_list_team_ms, g_array_index (curl_list_ms, double, i) +
                                    g_array_index (curl_team_ms, double, i));
            add (curl_list_app_ms, g_array_index (curl_list_ms, double, i) +
                                   g_array_index (curl_app_ms, double, i));
          }
      }
    }

  g_print ("instances %u\nruns %u\nuser-runs %u\nblocks %u\nuser-blocks %u\n", n_instances,
           list_ms->len, user_ms->len, LIST_BLOCKS, USER_BLOCKS);
  print_stats ("client-user", user_ms);
  print_stats ("bare-user", bare_user_ms);
  print_stats ("curl-user", curl_user_ms);
  print_stats ("client-list", list_ms);
  print_stats ("bare-list", bare_list_ms);
  print_stats ("curl-list", curl_list_ms);
  print_stats ("curl-team-status", curl_team_ms);
  print_stats ("curl-app-status", curl_app_ms);
  print_stats ("curl-list+team-status", curl_list_team_ms);
  print_stats ("curl-list+app-status", curl_list_app_ms);
  return 0;
}
