/* fuzz-node-red.c: Node-RED admin API answers
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: a body of `/settings`, `/flows` (v1: an array; v2: {rev, flows}),
 * `/nodes`, `/auth/login` or `/auth/token`. Parsed as the HTTP layer parses
 * it; then the Node-RED models' constructors run on it:
 * deck_nr_settings_new_from_json() on an object, deck_nr_module_list_from_json()
 * on an array, and deck_nr_flow_new_from_json() on every `tab` of a flows
 * list, with its node count (as the client's parse_flows counts `z`).
 *
 * The client's own parse of /auth/login and /auth/token
 * (deck-node-red-client.c) is static and was being written at the time:
 * not covered here yet.
 */

#include "config.h"

#include "deck-json.h"
#include "deck-nr-flow.h"
#include "deck-nr-module.h"
#include "deck-nr-settings.h"
#include "fuzz-common.h"

static void
run_flows (JsonArray *items)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = json_array_get_length (items);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      const char *z;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;

      z = deck_json_get_string (json_node_get_object (node), "z");
      if (z != NULL)
        g_hash_table_insert (counts, (char *) z,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, z)) + 1));
    }

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      g_autoptr(DeckNrFlow) tab = NULL;
      g_autoptr(GError) error = NULL;
      JsonObject *item;
      const char *id;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;

      /* Every object, not only `type: tab`: the constructor must refuse
       * what is not a tab without harm. */
      item = json_node_get_object (node);
      id = deck_json_get_string (item, "id");
      tab = deck_nr_flow_new_from_json (item,
                                        id ? GPOINTER_TO_UINT (g_hash_table_lookup (counts, id)) : 0,
                                        &error);
      g_assert ((tab == NULL) != (error == NULL));
      if (tab != NULL)
        deck_fuzz_read_all (G_OBJECT (tab));
    }
}

static void
run_modules (JsonArray *array)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) modules = deck_nr_module_list_from_json (array, &error);

  g_assert ((modules == NULL) != (error == NULL));
  for (guint i = 0; modules != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (modules)); i++)
    {
      g_autoptr(GObject) module = g_list_model_get_item (G_LIST_MODEL (modules), i);

      deck_fuzz_read_all (module);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) root = deck_fuzz_parse_json (data, size, 200);

  if (root == NULL)
    return 0;

  if (JSON_NODE_HOLDS_ARRAY (root))
    {
      run_modules (json_node_get_array (root));
      run_flows (json_node_get_array (root));
    }
  else if (JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);
      g_autoptr(DeckNrSettings) settings = NULL;
      g_autoptr(GError) error = NULL;
      JsonArray *flows;

      settings = deck_nr_settings_new_from_json (object, &error);
      g_assert ((settings == NULL) != (error == NULL));
      if (settings != NULL)
        deck_fuzz_read_all (G_OBJECT (settings));

      if ((flows = deck_json_get_array (object, "flows")) != NULL)
        run_flows (flows);
    }

  return 0;
}
