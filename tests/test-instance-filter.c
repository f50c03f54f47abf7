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


static DeckFfInstance *
instance_from_json (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  DeckFfInstance *instance;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  instance = deck_ff_instance_new_from_json (json_node_get_object (json_parser_get_root (parser)),
                                             &error);
  g_assert_no_error (error);
  return instance;
}

static gboolean
matches (DeckFfInstance *instance,
         const char     *query)
{
  g_autofree char *folded = g_utf8_casefold (query, -1);

  return deck_ff_instance_matches (instance, folded);
}

/* The search keys are folded once and kept: a renamed instance, a moved
 * one and a new state are found by what they are now. */
static void
test_filter_follows_changes (void)
{
  g_autoptr(DeckFfInstance) instance = NULL;
  g_autoptr(DeckFfInstance) renamed = NULL;
  g_autoptr(JsonObject) status = json_object_new ();
  JsonObject *meta = json_object_new ();

  instance = instance_from_json ("{\"id\":\"i1\",\"name\":\"Alpha\",\"meta\":{\"state\":\"running\"},"
                                 "\"application\":{\"id\":\"a1\",\"name\":\"Lager\"}}");
  g_assert_true (matches (instance, "alpha"));
  g_assert_true (matches (instance, "LAGER"));
  g_assert_true (matches (instance, "running"));
  g_assert_false (matches (instance, "stopped"));
  /* Name and application are searched apart, not run together. */
  g_assert_false (matches (instance, "alphalager"));

  renamed = instance_from_json ("{\"id\":\"i1\",\"name\":\"Beta\",\"meta\":{\"state\":\"running\"},"
                                "\"application\":{\"id\":\"a2\",\"name\":\"Küche\"}}");
  deck_ff_instance_update_from (instance, renamed);
  g_assert_false (matches (instance, "alpha"));
  g_assert_false (matches (instance, "lager"));
  g_assert_true (matches (instance, "beta"));
  g_assert_true (matches (instance, "KÜCHE"));

  json_object_set_string_member (meta, "state", "stopped");
  json_object_set_object_member (status, "meta", meta);
  deck_ff_instance_apply_status (instance, status);
  g_assert_true (matches (instance, "stopped"));
  g_assert_false (matches (instance, "running"));
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
  g_test_add_func ("/instances/filter-follows-changes", test_filter_follows_changes);
  g_test_add_func ("/instances/dashboard-url", test_dashboard_url);

  return g_test_run ();
}
