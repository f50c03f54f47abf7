/* test-instance-filter.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The instance list's search over 5,000 instances: by name, application
 * and state label, case-insensitively, including non-ASCII. Correctness
 * only; bench-instance-filter reports the time per keystroke.
 */

#include "config.h"

#include "deck-ff-instance.h"
#include "deck-ff-list.h"
#include "deck-instance-fixtures.h"

static guint
count_matches (GListModel *instances,
               const char *query)
{
  g_autofree char *folded = query ? g_utf8_casefold (query, -1) : NULL;
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (instances); i++)
    {
      g_autoptr(DeckFfInstance) instance = g_list_model_get_item (instances, i);

      n += deck_ff_instance_matches (instance, folded);
    }

  return n;
}

static void
test_filter_5000 (void)
{
  g_autoptr(GListStore) instances = deck_test_make_instances (5000);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (instances)), ==, 5000);

  /* Empty query: everything. */
  g_assert_cmpuint (count_matches (G_LIST_MODEL (instances), NULL), ==, 5000);
  g_assert_cmpuint (count_matches (G_LIST_MODEL (instances), ""), ==, 5000);

  /* By name: instance-00042 exactly, instance-0004x ten of them. */
  g_assert_cmpuint (count_matches (G_LIST_MODEL (instances), "instance-00042"), ==, 1);
  g_assert_cmpuint (count_matches (G_LIST_MODEL (instances), "INSTANCE-0004"), ==, 10);

  /* By application: 10 applications, 500 each. */
  g_assert_cmpuint (count_matches (G_LIST_MODEL (instances), "Application 3"), ==, 500);

  /* By state label: every 7th is stopped. */
  g_assert_cmpuint (count_matches (G_LIST_MODEL (instances), "stopped"), ==, (5000 + 6) / 7);

  /* Non-ASCII folding: "Überwachung" matches "überWACHUNG". */
  g_assert_cmpuint (count_matches (G_LIST_MODEL (instances), "überWACHUNG"), ==, 1);

  g_assert_cmpuint (count_matches (G_LIST_MODEL (instances), "no such thing"), ==, 0);
}

static void
test_dashboard_url (void)
{
  g_autoptr(GListStore) instances = deck_test_make_instances (2);
  g_autoptr(DeckFfInstance) instance = g_list_model_get_item (G_LIST_MODEL (instances), 1);
  g_autofree char *url = deck_ff_instance_dup_dashboard_url (instance);

  g_assert_cmpstr (url, ==, "https://instance-00001.example.com/dashboard");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/instances/filter-5000", test_filter_5000);
  g_test_add_func ("/instances/dashboard-url", test_dashboard_url);

  return g_test_run ();
}
