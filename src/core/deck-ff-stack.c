/* deck-ff-stack.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-ff-models"

#include "config.h"

#include "deck-ff-stack.h"
#include "deck-json.h"

/* A stack, from `GET /api/v1/stacks?projectType=…`
 * (forge/db/views/ProjectStack.js). Required: `id`, `name`. `projectType`
 * is a hashid string (an object with an `id` is accepted too); the
 * Node-RED version is `properties.nodered`. `active` defaults to TRUE. */

struct _DeckFfStack
{
  GObject   parent_instance;

  char     *id;
  char     *name;
  char     *label;
  gboolean  active;
  char     *project_type_id;
  char     *node_red_version;
};

G_DEFINE_FINAL_TYPE (DeckFfStack, deck_ff_stack, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_LABEL,
  PROP_ACTIVE,
  PROP_PROJECT_TYPE_ID,
  PROP_NODE_RED_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
deck_ff_stack_finalize (GObject *object)
{
  DeckFfStack *self = (DeckFfStack *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->project_type_id, g_free);
  g_clear_pointer (&self->node_red_version, g_free);

  G_OBJECT_CLASS (deck_ff_stack_parent_class)->finalize (object);
}

static void
deck_ff_stack_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DeckFfStack *self = DECK_FF_STACK (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, deck_ff_stack_get_id (self));
      break;

    case PROP_NAME:
      g_value_set_string (value, deck_ff_stack_get_name (self));
      break;

    case PROP_LABEL:
      g_value_set_string (value, deck_ff_stack_get_label (self));
      break;

    case PROP_ACTIVE:
      g_value_set_boolean (value, deck_ff_stack_get_active (self));
      break;

    case PROP_PROJECT_TYPE_ID:
      g_value_set_string (value, deck_ff_stack_get_project_type_id (self));
      break;

    case PROP_NODE_RED_VERSION:
      g_value_set_string (value, deck_ff_stack_get_node_red_version (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_ff_stack_class_init (DeckFfStackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = deck_ff_stack_finalize;
  object_class->get_property = deck_ff_stack_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_STATIC_STRINGS));

  properties[PROP_PROJECT_TYPE_ID] =
    g_param_spec_string ("project-type-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_NODE_RED_VERSION] =
    g_param_spec_string ("node-red-version", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
deck_ff_stack_init (DeckFfStack *self)
{
}

/**
 * deck_ff_stack_new_from_json:
 * @object: a JSON object from the server
 * @error: a location for a #GError, or %NULL
 *
 * Reads a stack. Required: `id`, `name`.
 *
 * Returns: (transfer full) (nullable): a new #DeckFfStack, or %NULL with @error
 *   set to a %DECK_FLOWFUSE_ERROR_UNEXPECTED_RESPONSE naming the field
 */
DeckFfStack *
deck_ff_stack_new_from_json (JsonObject  *object,
                             GError     **error)
{
  DeckFfStack *self;
  const char *id;
  const char *name;
  const char *project_type;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  id = deck_json_require_string (object, "id", "stack", error);
  if (id == NULL)
    return NULL;

  name = deck_json_require_string (object, "name", "stack", error);
  if (name == NULL)
    return NULL;

  self = g_object_new (DECK_TYPE_FF_STACK, NULL);
  self->id = g_strdup (id);
  self->name = g_strdup (name);
  self->label = g_strdup (deck_json_get_string (object, "label"));
  self->active = deck_json_get_bool (object, "active", TRUE);
  self->node_red_version = g_strdup (deck_json_get_path_string (object, "properties.nodered"));

  project_type = deck_json_get_string (object, "projectType");
  if (project_type == NULL)
    project_type = deck_json_get_path_string (object, "projectType.id");
  self->project_type_id = g_strdup (project_type);

  return self;
}

/**
 * deck_ff_stack_get_id:
 * @self: a #DeckFfStack
 *
 * Returns: the stack's hashid
 */
const char *
deck_ff_stack_get_id (DeckFfStack *self)
{
  g_return_val_if_fail (DECK_IS_FF_STACK (self), NULL);

  return self->id;
}

/**
 * deck_ff_stack_get_name:
 * @self: a #DeckFfStack
 *
 * Returns: the internal name
 */
const char *
deck_ff_stack_get_name (DeckFfStack *self)
{
  g_return_val_if_fail (DECK_IS_FF_STACK (self), NULL);

  return self->name;
}

/**
 * deck_ff_stack_get_label:
 * @self: a #DeckFfStack
 *
 * Returns: (nullable): the display label
 */
const char *
deck_ff_stack_get_label (DeckFfStack *self)
{
  g_return_val_if_fail (DECK_IS_FF_STACK (self), NULL);

  return self->label;
}

/**
 * deck_ff_stack_get_active:
 * @self: a #DeckFfStack
 *
 * Returns: whether new instances may use this stack
 */
gboolean
deck_ff_stack_get_active (DeckFfStack *self)
{
  g_return_val_if_fail (DECK_IS_FF_STACK (self), FALSE);

  return self->active;
}

/**
 * deck_ff_stack_get_project_type_id:
 * @self: a #DeckFfStack
 *
 * Returns: (nullable): the hashid of the instance type
 */
const char *
deck_ff_stack_get_project_type_id (DeckFfStack *self)
{
  g_return_val_if_fail (DECK_IS_FF_STACK (self), NULL);

  return self->project_type_id;
}

/**
 * deck_ff_stack_get_node_red_version:
 * @self: a #DeckFfStack
 *
 * Returns: (nullable): the Node-RED version the stack runs
 */
const char *
deck_ff_stack_get_node_red_version (DeckFfStack *self)
{
  g_return_val_if_fail (DECK_IS_FF_STACK (self), NULL);

  return self->node_red_version;
}
