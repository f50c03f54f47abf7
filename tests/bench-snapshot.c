/* bench-snapshot.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Benchmark: the start-up snapshot (deck-snapshot.c) of 5,000 instances:
 * copying the models on the main thread (all at once, and the longest of
 * the 200-instance steps the context takes per main-loop round),
 * serializing it (a worker thread's share of a save), and reading it back
 * (deck_snapshot_parse(), what the start-up read does before the window
 * can show rows). Median and longest of 11 rounds, and the file's size.
 */

#include "config.h"

#include "deck-ff-team.h"
#include "deck-instance-fixtures.h"
#include "deck-snapshot.h"
#include "deck-test-util.h"

#define ROUNDS 11

static void
print_row (const char *what,
           double     *ms)
{
  deck_test_sort_doubles (ms, ROUNDS);
  g_print ("| %s | %.1f ms | %.1f ms |\n", what, ms[ROUNDS / 2], ms[ROUNDS - 1]);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GListStore) instances = deck_test_make_instances (5000);
  g_autoptr(GListStore) teams = g_list_store_new (DECK_TYPE_FF_TEAM);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  double build_ms[ROUNDS], step_ms[ROUNDS], write_ms[ROUNDS], parse_ms[ROUNDS];
  gsize length = 0;

  for (guint round = 0; round < ROUNDS; round++)
    {
      g_autoptr(GVariant) node = NULL;
      g_autoptr(GError) error = NULL;
      const char *text;
      DeckSnapshot *snapshot;
      gint64 start;

      /* As the context does it: 200 instances per main-loop round. */
      {
        g_autoptr(DeckSnapshotBuilder) builder = NULL;
        gboolean done = FALSE;

        step_ms[round] = 0;
        builder = deck_snapshot_builder_new ("bench-account", "https://flowfuse.example.com",
                                             G_LIST_MODEL (teams), "team-1",
                                             G_LIST_MODEL (instances), now);
        while (!done)
          {
            gint64 step_start = g_get_monotonic_time ();

            done = deck_snapshot_builder_step (builder, 200);
            step_ms[round] = MAX (step_ms[round], (g_get_monotonic_time () - step_start) / 1000.0);
          }
        g_variant_unref (deck_snapshot_builder_end (builder));
      }

      start = g_get_monotonic_time ();
      node = deck_snapshot_build ("bench-account", "https://flowfuse.example.com",
                                  G_LIST_MODEL (teams), "team-1", G_LIST_MODEL (instances), now);
      build_ms[round] = (g_get_monotonic_time () - start) / 1000.0;

      start = g_get_monotonic_time ();
      text = g_variant_get_data (node);
      length = g_variant_get_size (node);
      write_ms[round] = (g_get_monotonic_time () - start) / 1000.0;

      start = g_get_monotonic_time ();
      snapshot = deck_snapshot_parse (text, length, "bench-account", "https://flowfuse.example.com",
                                      &error);
      parse_ms[round] = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (deck_snapshot_get_instances (snapshot)), ==, 5000);
      deck_snapshot_free (snapshot);
    }

  g_print ("| start-up snapshot, 5,000 instances (%" G_GSIZE_FORMAT " KiB) | median | longest |\n"
           "|---|---|---|\n", length / 1024);
  print_row ("copy the models, all at once", build_ms);
  print_row ("copy the models, longest step of 200 (main thread, one per main-loop round)",
             step_ms);
  print_row ("serialize (worker thread)", write_ms);
  print_row ("read back: checks, parse, models (start-up thread)", parse_ms);
  return 0;
}
