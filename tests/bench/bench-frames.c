/* bench-frames.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Frame times of the real instances page (DeckInstancesPage, the widget
 * the app shows) over the real FlowFuse peer's team ($DECK_PEERS_FILE from
 * tests/harness.sh, under its Xvfb), while scrolling and while typing a
 * search, from GTK's own frame clock: each frame's time from
 * ::before-paint to ::after-paint (update, layout, and rendering with
 * the cairo renderer). tests/bench/run-benchmarks.sh runs it after seeding
 * 50 or 5,000 instances.
 *
 * Scrolling: 150 steps of a third of a page down the whole list, then a
 * jump back to the top, each step waiting for its frame. Typing: the
 * search field gets "bench-0004" one key at a time (five rounds, cleared
 * between rounds); each keystroke waits for its frame. Prints one
 * "name value" line per figure; exit 77 (skip) without peers.
 *
 * `bench-frames --fixtures N` shows N made-up instances instead (no
 * server; for profiling the widgets, e.g. under perf).
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <adwaita.h>

#include "deck-flowfuse-client.h"
#include "deck-instance-fixtures.h"
#include "deck-instances-page.h"
#include "deck-test-util.h"

typedef struct
{
  gint64  before;
  guint64 n_frames;
  GArray *durations;   /* double ms, while recording */
} Frames;

static void
before_paint_cb (GdkFrameClock *clock,
                 Frames        *frames)
{
  frames->before = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Frames        *frames)
{
  if (frames->before != 0 && frames->durations != NULL)
    {
      double ms = (g_get_monotonic_time () - frames->before) / 1000.0;

      g_array_append_val (frames->durations, ms);
    }
  frames->before = 0;
  frames->n_frames++;
}

/* Iterates until a frame after now has been painted (or 2 s pass). */
static double
wait_for_frame (Frames    *frames,
                GtkWidget *widget)
{
  guint64 target = frames->n_frames + 1;
  gint64 start = g_get_monotonic_time ();

  gtk_widget_queue_draw (widget);
  while (frames->n_frames < target && g_get_monotonic_time () - start < 2 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static void
report (const char *name,
        GArray     *values)
{
  double *v = (double *) values->data;
  guint over = 0;

  deck_test_sort_doubles (v, values->len);
  for (guint i = 0; i < values->len; i++)
    over += v[i] > 16.0;
  g_print ("%s-frames %u\n%s-median %.2f\n%s-p95 %.2f\n%s-longest %.2f\n%s-over-16ms %u\n",
           name, values->len, name, v[values->len / 2], name,
           v[MIN (values->len - 1, values->len * 95 / 100)], name, v[values->len - 1], name, over);
}

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

int
main (int   argc,
      char *argv[])
{
  const char *file = g_getenv ("DECK_PEERS_FILE");
  const char *typed = "bench-0004";
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(DeckFlowfuseClient) client = NULL;
  g_autoptr(GObject) team = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) filtering = g_array_new (FALSE, FALSE, sizeof (double));
  GAsyncResult *slot = NULL;
  JsonObject *flowfuse;
  GtkWidget *window, *page, *list;
  GtkAdjustment *adjustment;
  GdkFrameClock *clock;
  Frames frames = { 0 };
  guint fixtures = 0;
  gint64 deadline;
  guint n_items;

  if (argc == 3 && g_str_equal (argv[1], "--fixtures"))
    fixtures = (guint) atoi (argv[2]);
  else if (file == NULL || !json_parser_load_from_file (parser, file, NULL))
    {
      g_print ("1..0 # SKIP no real peers (run inside tests/harness.sh)\n");
      return 77;
    }
  gtk_init ();
  adw_init ();

  if (fixtures > 0)
    {
      g_autoptr(GListStore) made = deck_test_make_instances (fixtures);

      window = gtk_window_new ();
      gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
      page = deck_instances_page_new ();
      gtk_window_set_child (GTK_WINDOW (window), page);
      gtk_window_present (GTK_WINDOW (window));
      _deck_instances_page_show (DECK_INSTANCES_PAGE (page), G_LIST_MODEL (made));
      typed = "instance-0004";
      goto measure;
    }

  flowfuse = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                            "flowfuse");
  client = deck_flowfuse_client_new (json_object_get_string_member (flowfuse, "url"), &error);
  g_assert_no_error (error);
  deck_flowfuse_client_set_token (client, json_object_get_string_member (flowfuse, "pat"));
  deck_flowfuse_client_set_timeout (client, 120);
  deck_flowfuse_client_get_team_async (client,
                                       json_object_get_string_member (json_object_get_object_member (flowfuse, "team"), "id"),
                                       NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 60);
  team = deck_flowfuse_client_finish_object (client, result, &error);
  g_assert_no_error (error);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  page = deck_instances_page_new ();
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  deck_instances_page_set_team (DECK_INSTANCES_PAGE (page), client, (gpointer) team);

  deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  while (g_strcmp0 (deck_instances_page_get_state (DECK_INSTANCES_PAGE (page)), "list") != 0 &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (deck_instances_page_get_state (DECK_INSTANCES_PAGE (page)), ==, "list");
measure:
  n_items = g_list_model_get_n_items (deck_instances_page_get_model (DECK_INSTANCES_PAGE (page)));
  g_print ("instances %u\n", n_items);

  clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), &frames);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &frames);
  spin (1000);   /* settle: rows, live state */

  /* Scrolling. */
  list = find_type (page, GTK_TYPE_GRID_VIEW);
  g_assert_nonnull (list);
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  frames.durations = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint step = 0; step <= 150; step++)
    {
      double page_size = gtk_adjustment_get_page_size (adjustment);
      double top = gtk_adjustment_get_upper (adjustment) - page_size;
      double value = step < 150 ? MIN (top, step * page_size / 3) : 0;

      gtk_adjustment_set_value (adjustment, value);
      wait_for_frame (&frames, list);
    }
  report ("scroll", frames.durations);
  g_clear_pointer (&frames.durations, g_array_unref);

  /* Typing a search. */
  frames.durations = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint round = 0; round < 5; round++)
    {
      for (gsize len = 1; len <= strlen (typed); len++)
        {
          g_autofree char *prefix = g_strndup (typed, len);
          gint64 start = g_get_monotonic_time ();
          double ms;

          deck_instances_page_set_search (DECK_INSTANCES_PAGE (page), prefix);
          ms = (g_get_monotonic_time () - start) / 1000.0;
          g_array_append_val (filtering, ms);
          wait_for_frame (&frames, list);
          ms = (g_get_monotonic_time () - start) / 1000.0;
          g_array_append_val (latencies, ms);
        }
      if (round == 0)
        g_print ("search-matches %u\n",
                 g_list_model_get_n_items (deck_instances_page_get_model (DECK_INSTANCES_PAGE (page))));
      deck_instances_page_set_search (DECK_INSTANCES_PAGE (page), "");
      wait_for_frame (&frames, list);
    }
  report ("filter", frames.durations);
  report ("keystroke", latencies);
  report ("search-call", filtering);
  g_clear_pointer (&frames.durations, g_array_unref);

  g_signal_handlers_disconnect_by_data (clock, &frames);
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
  return 0;
}
