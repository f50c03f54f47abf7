/* deck-ff-project-type.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-ff-models"

#include "config.h"

#include "deck-ff-project-type.h"
#include "deck-json.h"

/* An instance type ("project type" in the API), from
 * `GET /api/v1/project-types` (forge/db/views/ProjectType.js), or the
 * `projectType` summary `{id, name}` inside an instance. Required: `id`,
 * `name`. `active` defaults to TRUE when absent. */

struct _DeckFfProjectType
{
  GObject   parent_instance;

  char     *id;
  char     *name;
  char     *description;
  gboolean  active;
};

G_DEFINE_FINAL_TYPE (DeckFfProjectType, deck_ff_project_type, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
deck_ff_project_type_finalize (GObject *object)
{
  DeckFfProjectType *self = (DeckFfProjectType *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (deck_ff_project_type_parent_class)->finalize (object);
}

static void
deck_ff_project_type_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  DeckFfProjectType *self = DECK_FF_PROJECT_TYPE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, deck_ff_project_type_get_id (self));
      break;

    case PROP_NAME:
      g_value_set_string (value, deck_ff_project_type_get_name (self));
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, deck_ff_project_type_get_description (self));
      break;

    case PROP_ACTIVE:
      g_value_set_boolean (value, deck_ff_project_type_get_active (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_ff_project_type_class_init (DeckFfProjectTypeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = deck_ff_project_type_finalize;
  object_class->get_property = deck_ff_project_type_get_property;

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

  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
deck_ff_project_type_init (DeckFfProjectType *self)
{
}

/**
 * deck_ff_project_type_new_from_json:
 * @object: a JSON object from the server
 * @error: a location for a #GError, or %NULL
 *
 * Reads an instance type. Required: `id`, `name`.
 *
 * Returns: (transfer full) (nullable): a new #DeckFfProjectType, or %NULL with @error
 *   set to a %DECK_FLOWFUSE_ERROR_UNEXPECTED_RESPONSE naming the field
 */
DeckFfProjectType *
deck_ff_project_type_new_from_json (JsonObject  *object,
                                    GError     **error)
{
  DeckFfProjectType *self;
  const char *id;
  const char *name;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  id = deck_json_require_string (object, "id", "instance type", error);
  if (id == NULL)
    return NULL;

  name = deck_json_require_string (object, "name", "instance type", error);
  if (name == NULL)
    return NULL;

  self = g_object_new (DECK_TYPE_FF_PROJECT_TYPE, NULL);
  self->id = g_strdup (id);
  self->name = g_strdup (name);
  self->description = g_strdup (deck_json_get_string (object, "description"));
  self->active = deck_json_get_bool (object, "active", TRUE);

  return self;
}

/**
 * deck_ff_project_type_get_id:
 * @self: a #DeckFfProjectType
 *
 * Returns: the instance type's hashid
 */
const char *
deck_ff_project_type_get_id (DeckFfProjectType *self)
{
  g_return_val_if_fail (DECK_IS_FF_PROJECT_TYPE (self), NULL);

  return self->id;
}

/**
 * deck_ff_project_type_get_name:
 * @self: a #DeckFfProjectType
 *
 * Returns: the display name
 */
const char *
deck_ff_project_type_get_name (DeckFfProjectType *self)
{
  g_return_val_if_fail (DECK_IS_FF_PROJECT_TYPE (self), NULL);

  return self->name;
}

/**
 * deck_ff_project_type_get_description:
 * @self: a #DeckFfProjectType
 *
 * Returns: (nullable): the description
 */
const char *
deck_ff_project_type_get_description (DeckFfProjectType *self)
{
  g_return_val_if_fail (DECK_IS_FF_PROJECT_TYPE (self), NULL);

  return self->description;
}

/**
 * deck_ff_project_type_get_active:
 * @self: a #DeckFfProjectType
 *
 * Returns: whether new instances may use this type
 */
gboolean
deck_ff_project_type_get_active (DeckFfProjectType *self)
{
  g_return_val_if_fail (DECK_IS_FF_PROJECT_TYPE (self), FALSE);

  return self->active;
}
