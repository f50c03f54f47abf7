/* deck-instance-fixtures.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Many instances shaped like FlowFuse's answers, for list tests and
 * benchmarks: "instance-NNNNN" in 10 applications, every 7th stopped, and
 * one with a non-ASCII name.
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "deck-ff-instance.h"
#include "deck-ff-list.h"
#include "deck-instance-fixtures.h"

char *
deck_test_instances_json (guint n)
{
  GString *json = g_string_new ("{\"count\":");

  g_string_append_printf (json, "%u,\"projects\":[", n);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (json,
                            "%s{\"id\":\"%08x-0000-4000-8000-%012x\",\"name\":\"%s%05u\","
                            "\"url\":\"https://instance-%05u.example.com\","
                            "\"createdAt\":\"2026-11-01T10:00:00.000Z\","
                            "\"updatedAt\":\"2026-11-20T10:00:00.000Z\","
                            "\"flowLastUpdatedAt\":\"2026-11-24T10:00:00.000Z\","
                            "\"meta\":{\"state\":\"%s\"},"
                            "\"application\":{\"id\":\"app%u\",\"name\":\"Application %u\"},"
                            "\"team\":{\"id\":\"team\",\"name\":\"Team\",\"slug\":\"team\"},"
                            "\"projectType\":{\"id\":\"pt\",\"name\":\"Default\"},"
                            "\"template\":{\"id\":\"tpl\",\"name\":\"Default\"},"
                            "\"stack\":{\"id\":\"st\",\"name\":\"nr4\",\"label\":\"Node-RED 4\","
                            "\"properties\":{\"nodered\":\"4.1.0\"}}}",
                            i ? "," : "", i, i, i == 4321 ? "Überwachung-" : "instance-", i, i,
                            i % 7 ? "running" : "stopped", i % 10, i % 10);
  g_string_append (json, "]}");
  return g_string_free (json, FALSE);
}

GListStore *
deck_test_make_instances (guint n)
{
  g_autofree char *json = deck_test_instances_json (n);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GListStore *store;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  store = deck_ff_list_from_json (json_object_get_array_member (
                                    json_node_get_object (json_parser_get_root (parser)),
                                    "projects"),
                                  DECK_TYPE_FF_INSTANCE, &error);
  g_assert_no_error (error);
  return store;
}
