/* deck-nr-module.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-nr-models"

#include "config.h"

#include "deck-json.h"
#include "deck-node-red-error.h"
#include "deck-nr-module.h"

/* A node module as the palette shows it. `GET /nodes` (with `Accept:
 * application/json`) lists node *sets* `{id: "<module>/<set>", name,
 * types, enabled, module, version, …}`; the sets of one module are folded
 * into one #DeckNrModule, in the order the modules first appear. A module
 * is enabled when any of its sets is. Required per set: `module`. */

struct _DeckNrModule
{
  GObject   parent_instance;

  char     *name;
  char     *version;
  gboolean  enabled;
  guint     node_set_count;
  guint     type_count;
};

G_DEFINE_FINAL_TYPE (DeckNrModule, deck_nr_module, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_VERSION,
  PROP_ENABLED,
  PROP_NODE_SET_COUNT,
  PROP_TYPE_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
deck_nr_module_finalize (GObject *object)
{
  DeckNrModule *self = (DeckNrModule *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->version, g_free);

  G_OBJECT_CLASS (deck_nr_module_parent_class)->finalize (object);
}

static void
deck_nr_module_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DeckNrModule *self = DECK_NR_MODULE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_VERSION:
      g_value_set_string (value, self->version);
      break;

    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;

    case PROP_NODE_SET_COUNT:
      g_value_set_uint (value, self->node_set_count);
      break;

    case PROP_TYPE_COUNT:
      g_value_set_uint (value, self->type_count);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_nr_module_class_init (DeckNrModuleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = deck_nr_module_finalize;
  object_class->get_property = deck_nr_module_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_VERSION] =
    g_param_spec_string ("version", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_NODE_SET_COUNT] =
    g_param_spec_uint ("node-set-count", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_TYPE_COUNT] =
    g_param_spec_uint ("type-count", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
deck_nr_module_init (DeckNrModule *self)
{
}

/**
 * deck_nr_module_list_from_json:
 * @node_sets: the body of `GET /nodes` (JSON)
 * @error: a location for a #GError, or %NULL
 *
 * Returns: (transfer full) (nullable): a #GListStore of #DeckNrModule, or
 *   %NULL with @error set to %DECK_NODE_RED_ERROR_UNEXPECTED_RESPONSE
 */
GListStore *
deck_nr_module_list_from_json (JsonArray  *node_sets,
                               GError    **error)
{
  g_autoptr(GListStore) store = g_list_store_new (DECK_TYPE_NR_MODULE);
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (node_sets != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint i = 0; i < json_array_get_length (node_sets); i++)
    {
      JsonNode *node = json_array_get_element (node_sets, i);
      JsonObject *set;
      JsonArray *types;
      DeckNrModule *module;
      const char *name;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_propagate_error (error,
                             deck_node_red_error_new_missing_field ("node list", "module"));
          return NULL;
        }

      set = json_node_get_object (node);
      name = deck_json_get_string (set, "module");
      if (name == NULL || *name == '\0')
        {
          g_propagate_error (error,
                             deck_node_red_error_new_missing_field ("node list", "module"));
          return NULL;
        }

      module = g_hash_table_lookup (by_name, name);
      if (module == NULL)
        {
          g_autoptr(DeckNrModule) created = g_object_new (DECK_TYPE_NR_MODULE, NULL);

          created->name = g_strdup (name);
          created->version = g_strdup (deck_json_get_string (set, "version"));
          g_list_store_append (store, created);
          module = created;
          /* The store holds the reference; the key is the module's own name. */
          g_hash_table_insert (by_name, module->name, module);
        }

      module->node_set_count++;
      if (deck_json_get_bool (set, "enabled", TRUE))
        module->enabled = TRUE;
      if ((types = deck_json_get_array (set, "types")) != NULL)
        module->type_count += json_array_get_length (types);
    }

  return g_steal_pointer (&store);
}

const char *
deck_nr_module_get_name (DeckNrModule *self)
{
  g_return_val_if_fail (DECK_IS_NR_MODULE (self), NULL);

  return self->name;
}

/**
 * deck_nr_module_get_version:
 * @self: a #DeckNrModule
 *
 * Returns: (nullable): the installed version
 */
const char *
deck_nr_module_get_version (DeckNrModule *self)
{
  g_return_val_if_fail (DECK_IS_NR_MODULE (self), NULL);

  return self->version;
}

gboolean
deck_nr_module_get_enabled (DeckNrModule *self)
{
  g_return_val_if_fail (DECK_IS_NR_MODULE (self), FALSE);

  return self->enabled;
}

guint
deck_nr_module_get_node_set_count (DeckNrModule *self)
{
  g_return_val_if_fail (DECK_IS_NR_MODULE (self), 0);

  return self->node_set_count;
}

guint
deck_nr_module_get_type_count (DeckNrModule *self)
{
  g_return_val_if_fail (DECK_IS_NR_MODULE (self), 0);

  return self->type_count;
}
