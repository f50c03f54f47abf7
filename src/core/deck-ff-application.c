/* deck-ff-application.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-ff-models"

#include "config.h"

#include "deck-ff-application.h"
#include "deck-json.h"

/* An application (forge/db/views/Application.js), from
 * `GET /api/v1/teams/:id/applications` or `GET /api/v1/applications/:id`.
 * Required: `id`, `name`. The team comes as a `team` summary object; a
 * plain `teamId` string is accepted too. */

struct _DeckFfApplication
{
  GObject  parent_instance;

  char    *id;
  char    *name;
  char    *description;
  char    *team_id;
};

G_DEFINE_FINAL_TYPE (DeckFfApplication, deck_ff_application, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_TEAM_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
deck_ff_application_finalize (GObject *object)
{
  DeckFfApplication *self = (DeckFfApplication *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->team_id, g_free);

  G_OBJECT_CLASS (deck_ff_application_parent_class)->finalize (object);
}

static void
deck_ff_application_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DeckFfApplication *self = DECK_FF_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, deck_ff_application_get_id (self));
      break;

    case PROP_NAME:
      g_value_set_string (value, deck_ff_application_get_name (self));
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, deck_ff_application_get_description (self));
      break;

    case PROP_TEAM_ID:
      g_value_set_string (value, deck_ff_application_get_team_id (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_ff_application_class_init (DeckFfApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = deck_ff_application_finalize;
  object_class->get_property = deck_ff_application_get_property;

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

  properties[PROP_TEAM_ID] =
    g_param_spec_string ("team-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
deck_ff_application_init (DeckFfApplication *self)
{
}

/**
 * deck_ff_application_new_from_json:
 * @object: a JSON object from the server
 * @error: a location for a #GError, or %NULL
 *
 * Reads an application. Required: `id`, `name`.
 *
 * Returns: (transfer full) (nullable): a new #DeckFfApplication, or %NULL with @error
 *   set to a %DECK_FLOWFUSE_ERROR_UNEXPECTED_RESPONSE naming the field
 */
DeckFfApplication *
deck_ff_application_new_from_json (JsonObject  *object,
                                   GError     **error)
{
  DeckFfApplication *self;
  const char *id;
  const char *name;
  const char *team_id;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  id = deck_json_require_string (object, "id", "application", error);
  if (id == NULL)
    return NULL;

  name = deck_json_require_string (object, "name", "application", error);
  if (name == NULL)
    return NULL;

  self = g_object_new (DECK_TYPE_FF_APPLICATION, NULL);
  self->id = g_strdup (id);
  self->name = g_strdup (name);
  self->description = g_strdup (deck_json_get_string (object, "description"));

  team_id = deck_json_get_path_string (object, "team.id");
  if (team_id == NULL)
    team_id = deck_json_get_string (object, "teamId");
  self->team_id = g_strdup (team_id);

  return self;
}

/**
 * deck_ff_application_get_id:
 * @self: a #DeckFfApplication
 *
 * Returns: the application's hashid
 */
const char *
deck_ff_application_get_id (DeckFfApplication *self)
{
  g_return_val_if_fail (DECK_IS_FF_APPLICATION (self), NULL);

  return self->id;
}

/**
 * deck_ff_application_get_name:
 * @self: a #DeckFfApplication
 *
 * Returns: the display name
 */
const char *
deck_ff_application_get_name (DeckFfApplication *self)
{
  g_return_val_if_fail (DECK_IS_FF_APPLICATION (self), NULL);

  return self->name;
}

/**
 * deck_ff_application_get_description:
 * @self: a #DeckFfApplication
 *
 * Returns: (nullable): the description
 */
const char *
deck_ff_application_get_description (DeckFfApplication *self)
{
  g_return_val_if_fail (DECK_IS_FF_APPLICATION (self), NULL);

  return self->description;
}

/**
 * deck_ff_application_get_team_id:
 * @self: a #DeckFfApplication
 *
 * Returns: (nullable): the hashid of the application's team
 */
const char *
deck_ff_application_get_team_id (DeckFfApplication *self)
{
  g_return_val_if_fail (DECK_IS_FF_APPLICATION (self), NULL);

  return self->team_id;
}
