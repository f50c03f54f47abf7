/* fuzz-ff-models.c: FlowFuse JSON models
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: a FlowFuse API answer body. It is parsed as the HTTP layer parses
 * it; every model constructor then runs on the root object, and
 * deck_ff_list_from_json() runs with every model type on every array at the
 * root (a bare array, or a member such as `projects`, `teams`, `tokens`,
 * `log`, `meta`), the way the client's parse_list/parse_page do; and the
 * team-wide status parser, its states applied to instances.
 */

#include "config.h"

#include "deck-ff-application.h"
#include "deck-ff-audit-entry.h"
#include "deck-ff-http-token.h"
#include "deck-ff-instance.h"
#include "deck-ff-list.h"
#include "deck-ff-log-entry.h"
#include "deck-ff-personal-token.h"
#include "deck-ff-project-type.h"
#include "deck-ff-settings.h"
#include "deck-ff-stack.h"
#include "deck-ff-team-type.h"
#include "deck-ff-team.h"
#include "deck-ff-template.h"
#include "deck-ff-user.h"
#include "deck-flowfuse-client-private.h"
#include "deck-json.h"
#include "fuzz-common.h"

typedef gpointer (*NewFromJson) (JsonObject  *object,
                                 GError     **error);

typedef struct
{
  GType      (*get_type) (void);
  NewFromJson  new_from_json;
} Model;

static const Model models[] = {
  { deck_ff_application_get_type, (NewFromJson) deck_ff_application_new_from_json },
  { deck_ff_audit_entry_get_type, (NewFromJson) deck_ff_audit_entry_new_from_json },
  { deck_ff_http_token_get_type, (NewFromJson) deck_ff_http_token_new_from_json },
  { deck_ff_instance_get_type, (NewFromJson) deck_ff_instance_new_from_json },
  { deck_ff_log_entry_get_type, (NewFromJson) deck_ff_log_entry_new_from_json },
  { deck_ff_personal_token_get_type, (NewFromJson) deck_ff_personal_token_new_from_json },
  { deck_ff_project_type_get_type, (NewFromJson) deck_ff_project_type_new_from_json },
  { deck_ff_stack_get_type, (NewFromJson) deck_ff_stack_new_from_json },
  { deck_ff_team_get_type, (NewFromJson) deck_ff_team_new_from_json },
  { deck_ff_team_type_get_type, (NewFromJson) deck_ff_team_type_new_from_json },
  { deck_ff_template_get_type, (NewFromJson) deck_ff_template_new_from_json },
  { deck_ff_user_get_type, (NewFromJson) deck_ff_user_new_from_json },
};

/* At most this many items of a list are read back through the
 * properties (the constructors run on all of them). */
#define MAX_READ_BACK 8

static void
exercise_instance (DeckFfInstance *instance,
                   JsonObject     *root)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckFfInstance) again = deck_ff_instance_new_from_json (root, &error);

  (void) deck_ff_instance_matches (instance, "seed");
  (void) deck_ff_instance_matches (instance, "");
  (void) deck_ff_instance_state_to_label (deck_ff_instance_get_state_id (instance));
  (void) deck_ff_instance_state_is_transitional (deck_ff_instance_get_state_id (instance));

  /* A status answer ({meta: {state}} or the bare state) and a newer copy
   * applied to the model the list shows. */
  deck_ff_instance_apply_status (instance, root);
  if (deck_json_get_object (root, "meta") != NULL)
    deck_ff_instance_apply_status (instance, deck_json_get_object (root, "meta"));
  if (again != NULL)
    deck_ff_instance_update_from (instance, again);
  /* The search keys, folded again after those changes. */
  (void) deck_ff_instance_matches (instance, "seed");

  deck_fuzz_read_all (G_OBJECT (instance));
}

static void
run_lists (JsonArray *array)
{
  for (guint m = 0; m < G_N_ELEMENTS (models); m++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GListStore) store = deck_ff_list_from_json (array, models[m].get_type (), &error);
      guint n;

      g_assert ((store == NULL) != (error == NULL));
      if (store == NULL)
        continue;

      n = g_list_model_get_n_items (G_LIST_MODEL (store));
      g_assert_cmpuint (n, ==, json_array_get_length (array));
      for (guint i = 0; i < n && i < MAX_READ_BACK; i++)
        {
          g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (store), i);

          deck_fuzz_read_all (item);
          if (DECK_IS_FF_INSTANCE (item))
            (void) deck_ff_instance_matches (DECK_FF_INSTANCE (item), "instance");
        }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) root = deck_fuzz_parse_json (data, size, 200);
  JsonObject *object;

  if (root == NULL)
    return 0;

  if (JSON_NODE_HOLDS_ARRAY (root))
    {
      run_lists (json_node_get_array (root));
      return 0;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return 0;

  object = json_node_get_object (root);

  for (guint m = 0; m < G_N_ELEMENTS (models); m++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GObject) model = models[m].new_from_json (object, &error);

      g_assert ((model == NULL) != (error == NULL));
      if (model == NULL)
        continue;

      if (DECK_IS_FF_INSTANCE (model))
        exercise_instance (DECK_FF_INSTANCE (model), object);
      else
        deck_fuzz_read_all (model);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DeckFfSettings) settings = deck_ff_settings_new_from_json (object, &error);

    g_assert ((settings == NULL) != (error == NULL));
    if (settings != NULL)
      deck_fuzz_read_all (G_OBJECT (settings));
  }

  /* The team-wide live states (GET /teams/:id/applications/status), for
   * an instance of every id the answer names. */
  {
    g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         g_object_unref);
    JsonArray *applications = deck_json_get_array (object, "applications");
    g_autoptr(GError) error = NULL;
    GHashTableIter iter;
    gpointer value;
    gboolean ok;

    for (guint i = 0; applications != NULL && i < json_array_get_length (applications); i++)
      {
        JsonNode *app = json_array_get_element (applications, i);
        JsonArray *instances = JSON_NODE_HOLDS_OBJECT (app)
                                 ? deck_json_get_array (json_node_get_object (app), "instances")
                                 : NULL;

        for (guint j = 0; instances != NULL && j < json_array_get_length (instances); j++)
          {
            JsonNode *item = json_array_get_element (instances, j);
            const char *id = JSON_NODE_HOLDS_OBJECT (item)
                               ? deck_json_get_string (json_node_get_object (item), "id") : NULL;
            g_autoptr(JsonObject) stub = NULL;
            DeckFfInstance *instance;

            if (id == NULL || g_hash_table_contains (by_id, id))
              continue;
            stub = json_object_new ();
            json_object_set_string_member (stub, "id", id);
            json_object_set_string_member (stub, "name", "status-target");
            instance = deck_ff_instance_new_from_json (stub, NULL);
            g_assert_nonnull (instance);
            g_hash_table_insert (by_id, g_strdup (id), instance);
          }
      }

    /* Read as the client reads it (a table of states), then applied:
     * every instance the body names has its status object. */
    {
      g_autoptr(GHashTable) table = _deck_flowfuse_client_team_state_table (root, &error);
      gpointer key;

      ok = table != NULL;
      g_assert (ok == (error == NULL));
      g_hash_table_iter_init (&iter, by_id);
      while (ok && g_hash_table_iter_next (&iter, &key, &value))
        {
          JsonObject *status = g_hash_table_lookup (table, key);

          g_assert (status != NULL);
          deck_ff_instance_apply_status (value, status);
          (void) deck_ff_instance_matches (value, "run");
        }
    }
  }

  /* Every array member: `projects`, `teams`, `tokens`, `log`, `users`, … */
  {
    JsonObjectIter iter;
    const char *name;
    JsonNode *member;

    json_object_iter_init (&iter, object);
    while (json_object_iter_next (&iter, &name, &member))
      if (JSON_NODE_HOLDS_ARRAY (member))
        run_lists (json_node_get_array (member));
  }

  return 0;
}
