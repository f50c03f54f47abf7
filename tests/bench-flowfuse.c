/* bench-flowfuse.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Benchmark (suite "bench", run with `meson test --benchmark --suite bench`
 * or directly): list and model 5,000 instances from a local server, and
 * compare each call's cost with a bare soup_session_send_and_read of the
 * same URL. Prints a table; asserts nothing about time (figures are for
 * people and for the README), only that the lists are complete.
 */

#include "config.h"

#include <sys/resource.h>

#include "deck-fault-server.h"
#include "deck-flowfuse-client.h"
#include "deck-test-util.h"

#define N_INSTANCES 5000
#define RUNS        15

static char *
make_instances_json (guint n)
{
  GString *json = g_string_new ("{\"count\":");

  g_string_append_printf (json, "%u,\"projects\":[", n);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (json,
                            "%s{\"id\":\"%08x-0000-4000-8000-%012x\",\"name\":\"instance-%05u\","
                            "\"url\":\"https://instance-%05u.example.com\","
                            "\"createdAt\":\"2026-11-01T10:00:00.000Z\","
                            "\"updatedAt\":\"2026-11-20T10:00:00.000Z\","
                            "\"application\":{\"id\":\"app%u\",\"name\":\"Application %u\"},"
                            "\"team\":{\"id\":\"team\",\"name\":\"Team\",\"slug\":\"team\"},"
                            "\"projectType\":{\"id\":\"pt\",\"name\":\"Default\"},"
                            "\"template\":{\"id\":\"tpl\",\"name\":\"Default\"},"
                            "\"stack\":{\"id\":\"st\",\"name\":\"nr4\",\"label\":\"Node-RED 4\","
                            "\"properties\":{\"nodered\":\"4.1.0\"}}}",
                            i ? "," : "", i, i, i, i, i % 10, i % 10);
  g_string_append (json, "]}");
  return g_string_free (json, FALSE);
}

static char *
make_status_json (guint n,
                  guint app)
{
  GString *json = g_string_new ("{\"count\":0,\"instances\":[");
  gboolean first = TRUE;

  for (guint i = 0; i < n; i++)
    {
      if (i % 10 != app)
        continue;
      g_string_append_printf (json, "%s{\"id\":\"%08x-0000-4000-8000-%012x\",\"meta\":"
                              "{\"state\":\"%s\",\"isDeploying\":false}}",
                              first ? "" : ",", i, i, i % 7 ? "running" : "stopped");
      first = FALSE;
    }
  g_string_append (json, "]}");
  return g_string_free (json, FALSE);
}

static double
median (double *values,
        guint   n)
{
  deck_test_sort_doubles (values, n);
  return values[n / 2];
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(DeckFaultServer) server = NULL;
  g_autoptr(DeckFlowfuseClient) client = NULL;
  g_autoptr(SoupSession) bare = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *instances = make_instances_json (N_INSTANCES);
  g_autofree char *list_url = NULL;
  double client_ms[RUNS], bare_ms[RUNS], status_ms[RUNS];
  struct rusage usage;

  server = deck_fault_server_new ();
  deck_fault_server_set_json (server, "/api/v1/teams/team/projects?page=1&limit=100", 200,
                              instances);
  deck_fault_server_set_json (server, "/api/v1/teams/team/projects", 200, instances);
  {
    /* Per application, and the team's (all of them in one answer), as
     * FlowFuse 2.4.0 has both. */
    g_autoptr(GString) team = g_string_new ("{\"count\":10,\"applications\":[");

    for (guint app = 0; app < 10; app++)
      {
        g_autofree char *path = g_strdup_printf ("/api/v1/applications/app%u/instances/status", app);
        g_autofree char *json = make_status_json (N_INSTANCES, app);

        deck_fault_server_set_json (server, path, 200, json);
        g_string_append_printf (team, "%s{\"id\":\"app%u\",%s", app ? "," : "", app, json + 1);
      }
    g_string_append (team, "]}");
    deck_fault_server_set_json (server, "/api/v1/teams/team/applications/status", 200, team->str);
  }

  client = deck_flowfuse_client_new (deck_fault_server_get_url (server), &error);
  g_assert_no_error (error);
  deck_flowfuse_client_set_token (client, "ffpat_bench");
  bare = soup_session_new ();
  list_url = g_strdup_printf ("%s/api/v1/teams/team/projects", deck_fault_server_get_url (server));

  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GListModel) list = NULL;
      GAsyncResult *slot = NULL;
      gint64 start;

      /* The whole client path: request, JSON, 5,000 models, and the
       * team's live states (asked for while the list is read). */
      start = g_get_monotonic_time ();
      deck_flowfuse_client_list_instances_async (client, "team", NULL, deck_test_store_result_cb,
                                                 &slot);
      result = deck_test_wait_result (&slot, 60);
      list = deck_flowfuse_client_finish_list (client, result, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (list), ==, N_INSTANCES);
      client_ms[run] = (g_get_monotonic_time () - start) / 1000.0;

      /* One bare request of the same list, body only, in a worker
       * thread so the server (on this thread) can answer. */
      {
        g_autoptr(SoupMessage) msg = soup_message_new ("GET", list_url);
        g_autoptr(GBytes) body = NULL;

        start = g_get_monotonic_time ();
        soup_session_send_and_read_async (bare, msg, G_PRIORITY_DEFAULT, NULL,
                                          deck_test_store_result_cb, &slot);
        g_clear_object (&result);
        result = deck_test_wait_result (&slot, 60);
        body = soup_session_send_and_read_finish (bare, result, &error);
        g_assert_no_error (error);
        bare_ms[run] = (g_get_monotonic_time () - start) / 1000.0;
      }

      /* Live-state refresh alone (what the instance list polls). */
      start = g_get_monotonic_time ();
      deck_flowfuse_client_refresh_states_async (client, list, NULL, deck_test_store_result_cb,
                                                 &slot);
      g_clear_object (&result);
      result = deck_test_wait_result (&slot, 60);
      g_assert_true (deck_flowfuse_client_finish_boolean (client, result, &error));
      status_ms[run] = (g_get_monotonic_time () - start) / 1000.0;
    }

  getrusage (RUSAGE_SELF, &usage);

  {
    double c = median (client_ms, RUNS);
    double b = median (bare_ms, RUNS);

    g_print ("| benchmark (median of %d) | value |\n|---|---|\n", RUNS);
    g_print ("| list + model %d instances + live state (client) | %.1f ms |\n", N_INSTANCES, c);
    g_print ("| bare soup_session_send_and_read of the list | %.1f ms |\n", b);
    g_print ("| live-state refresh (10 applications, one team call) | %.1f ms |\n",
             median (status_ms, RUNS));
    g_print ("| client time / bare request (includes JSON → %d GObjects + the team's states) | %.2f× |\n",
             N_INSTANCES, c / b);
    g_print ("| peak RSS of the benchmark process | %.1f MiB |\n", usage.ru_maxrss / 1024.0);
  }

  return 0;
}
