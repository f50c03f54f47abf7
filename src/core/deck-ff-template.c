/* deck-ff-template.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-ff-models"

#include "config.h"

#include "deck-ff-template.h"
#include "deck-json.h"

/* An instance template, from `GET /api/v1/templates`
 * (forge/db/views/ProjectTemplate.js). Required: `id`, `name`. The
 * template's settings and policy are not modelled. */

struct _DeckFfTemplate
{
  GObject  parent_instance;

  char    *id;
  char    *name;
  char    *description;
};

G_DEFINE_FINAL_TYPE (DeckFfTemplate, deck_ff_template, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_DESCRIPTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
deck_ff_template_finalize (GObject *object)
{
  DeckFfTemplate *self = (DeckFfTemplate *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (deck_ff_template_parent_class)->finalize (object);
}

static void
deck_ff_template_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DeckFfTemplate *self = DECK_FF_TEMPLATE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, deck_ff_template_get_id (self));
      break;

    case PROP_NAME:
      g_value_set_string (value, deck_ff_template_get_name (self));
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, deck_ff_template_get_description (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_ff_template_class_init (DeckFfTemplateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = deck_ff_template_finalize;
  object_class->get_property = deck_ff_template_get_property;

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

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
deck_ff_template_init (DeckFfTemplate *self)
{
}

/**
 * deck_ff_template_new_from_json:
 * @object: a JSON object from the server
 * @error: a location for a #GError, or %NULL
 *
 * Reads a template. Required: `id`, `name`.
 *
 * Returns: (transfer full) (nullable): a new #DeckFfTemplate, or %NULL with @error
 *   set to a %DECK_FLOWFUSE_ERROR_UNEXPECTED_RESPONSE naming the field
 */
DeckFfTemplate *
deck_ff_template_new_from_json (JsonObject  *object,
                                GError     **error)
{
  DeckFfTemplate *self;
  const char *id;
  const char *name;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  id = deck_json_require_string (object, "id", "template", error);
  if (id == NULL)
    return NULL;

  name = deck_json_require_string (object, "name", "template", error);
  if (name == NULL)
    return NULL;

  self = g_object_new (DECK_TYPE_FF_TEMPLATE, NULL);
  self->id = g_strdup (id);
  self->name = g_strdup (name);
  self->description = g_strdup (deck_json_get_string (object, "description"));

  return self;
}

/**
 * deck_ff_template_get_id:
 * @self: a #DeckFfTemplate
 *
 * Returns: the template's hashid
 */
const char *
deck_ff_template_get_id (DeckFfTemplate *self)
{
  g_return_val_if_fail (DECK_IS_FF_TEMPLATE (self), NULL);

  return self->id;
}

/**
 * deck_ff_template_get_name:
 * @self: a #DeckFfTemplate
 *
 * Returns: the display name
 */
const char *
deck_ff_template_get_name (DeckFfTemplate *self)
{
  g_return_val_if_fail (DECK_IS_FF_TEMPLATE (self), NULL);

  return self->name;
}

/**
 * deck_ff_template_get_description:
 * @self: a #DeckFfTemplate
 *
 * Returns: (nullable): the description
 */
const char *
deck_ff_template_get_description (DeckFfTemplate *self)
{
  g_return_val_if_fail (DECK_IS_FF_TEMPLATE (self), NULL);

  return self->description;
}
