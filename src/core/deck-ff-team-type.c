/* deck-ff-team-type.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-ff-models"

#include "config.h"

#include "deck-ff-team-type.h"
#include "deck-json.h"

/* A team type (forge/db/views/TeamType.js), either in full from
 * `GET /api/v1/team-types` and inside `GET /api/v1/teams/:id`, or as the
 * summary `{id, name, active}` that `GET /api/v1/user/teams` embeds.
 * Required: `id`, `name`. `active` defaults to TRUE when absent (the
 * server lists active types unless asked otherwise).
 *
 * `properties.features` is snapshotted into a table of truthiness, the
 * way FlowFuse's `TeamType.getFeatureProperty()` reads it; a feature that
 * is not there reads as FALSE.
 *
 * `properties.instances` maps instance-type hashids to `{active, limit,
 * free, …}`. allows-instances is TRUE when any entry has a truthy
 * `active`. When the object is absent (a summary) or not an object, we
 * know nothing and answer TRUE, so that the UI offers the action and the
 * server has the last word; an object with no active entry answers
 * FALSE. */

struct _DeckFfTeamType
{
  GObject     parent_instance;

  char       *id;
  char       *name;
  char       *description;
  gboolean    active;
  int         order;
  gboolean    allows_instances;
  GHashTable *features;
};

G_DEFINE_FINAL_TYPE (DeckFfTeamType, deck_ff_team_type, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_ACTIVE,
  PROP_ORDER,
  PROP_ALLOWS_INSTANCES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
allows_instances (JsonObject *object)
{
  JsonObject *instances;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  instances = deck_json_get_path_object (object, "properties.instances");
  if (instances == NULL)
    return TRUE;

  json_object_iter_init (&iter, instances);
  while (json_object_iter_next (&iter, &name, &node))
    {
      if (JSON_NODE_HOLDS_OBJECT (node) &&
          deck_json_node_is_truthy (json_object_get_member (json_node_get_object (node), "active")))
        return TRUE;
    }

  return FALSE;
}

static void
deck_ff_team_type_finalize (GObject *object)
{
  DeckFfTeamType *self = (DeckFfTeamType *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->features, g_hash_table_unref);

  G_OBJECT_CLASS (deck_ff_team_type_parent_class)->finalize (object);
}

static void
deck_ff_team_type_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DeckFfTeamType *self = DECK_FF_TEAM_TYPE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, deck_ff_team_type_get_id (self));
      break;

    case PROP_NAME:
      g_value_set_string (value, deck_ff_team_type_get_name (self));
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, deck_ff_team_type_get_description (self));
      break;

    case PROP_ACTIVE:
      g_value_set_boolean (value, deck_ff_team_type_get_active (self));
      break;

    case PROP_ORDER:
      g_value_set_int (value, deck_ff_team_type_get_order (self));
      break;

    case PROP_ALLOWS_INSTANCES:
      g_value_set_boolean (value, deck_ff_team_type_get_allows_instances (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_ff_team_type_class_init (DeckFfTeamTypeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = deck_ff_team_type_finalize;
  object_class->get_property = deck_ff_team_type_get_property;

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

  properties[PROP_ORDER] =
    g_param_spec_int ("order", NULL, NULL,
                      G_MININT, G_MAXINT, 0,
                      (G_PARAM_READABLE |
                       G_PARAM_STATIC_STRINGS));

  properties[PROP_ALLOWS_INSTANCES] =
    g_param_spec_boolean ("allows-instances", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
deck_ff_team_type_init (DeckFfTeamType *self)
{
}

/**
 * deck_ff_team_type_new_from_json:
 * @object: a JSON object from the server
 * @error: a location for a #GError, or %NULL
 *
 * Reads a team type or a team type summary. Required: `id`, `name`.
 *
 * Returns: (transfer full) (nullable): a new #DeckFfTeamType, or %NULL with @error
 *   set to a %DECK_FLOWFUSE_ERROR_UNEXPECTED_RESPONSE naming the field
 */
DeckFfTeamType *
deck_ff_team_type_new_from_json (JsonObject  *object,
                                 GError     **error)
{
  DeckFfTeamType *self;
  const char *id;
  const char *name;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  id = deck_json_require_string (object, "id", "team type", error);
  if (id == NULL)
    return NULL;

  name = deck_json_require_string (object, "name", "team type", error);
  if (name == NULL)
    return NULL;

  self = g_object_new (DECK_TYPE_FF_TEAM_TYPE, NULL);
  self->id = g_strdup (id);
  self->name = g_strdup (name);
  self->description = g_strdup (deck_json_get_string (object, "description"));
  self->active = deck_json_get_bool (object, "active", TRUE);
  self->order = (int) CLAMP (deck_json_get_int (object, "order", 0), G_MININT, G_MAXINT);
  self->allows_instances = allows_instances (object);
  self->features = deck_json_get_flags (object, "properties.features");

  return self;
}

/**
 * deck_ff_team_type_get_id:
 * @self: a #DeckFfTeamType
 *
 * Returns: the team type's hashid
 */
const char *
deck_ff_team_type_get_id (DeckFfTeamType *self)
{
  g_return_val_if_fail (DECK_IS_FF_TEAM_TYPE (self), NULL);

  return self->id;
}

/**
 * deck_ff_team_type_get_name:
 * @self: a #DeckFfTeamType
 *
 * Returns: the display name
 */
const char *
deck_ff_team_type_get_name (DeckFfTeamType *self)
{
  g_return_val_if_fail (DECK_IS_FF_TEAM_TYPE (self), NULL);

  return self->name;
}

/**
 * deck_ff_team_type_get_description:
 * @self: a #DeckFfTeamType
 *
 * Returns: (nullable): the description (Markdown)
 */
const char *
deck_ff_team_type_get_description (DeckFfTeamType *self)
{
  g_return_val_if_fail (DECK_IS_FF_TEAM_TYPE (self), NULL);

  return self->description;
}

/**
 * deck_ff_team_type_get_active:
 * @self: a #DeckFfTeamType
 *
 * Returns: whether new teams may use this type
 */
gboolean
deck_ff_team_type_get_active (DeckFfTeamType *self)
{
  g_return_val_if_fail (DECK_IS_FF_TEAM_TYPE (self), FALSE);

  return self->active;
}

/**
 * deck_ff_team_type_get_order:
 * @self: a #DeckFfTeamType
 *
 * Returns: the position in lists
 */
int
deck_ff_team_type_get_order (DeckFfTeamType *self)
{
  g_return_val_if_fail (DECK_IS_FF_TEAM_TYPE (self), 0);

  return self->order;
}

/**
 * deck_ff_team_type_get_allows_instances:
 * @self: a #DeckFfTeamType
 *
 * Returns: whether teams of this type may have hosted instances (see the notes at the top of
 *   deck-ff-team-type.c)
 */
gboolean
deck_ff_team_type_get_allows_instances (DeckFfTeamType *self)
{
  g_return_val_if_fail (DECK_IS_FF_TEAM_TYPE (self), FALSE);

  return self->allows_instances;
}

/**
 * deck_ff_team_type_has_feature:
 * @self: a #DeckFfTeamType
 * @feature: a feature name, e.g. "teamHttpSecurity"
 *
 * Reads `properties.features.<feature>` with JavaScript truthiness.
 *
 * Returns: whether the type enables @feature; %FALSE when it does not say
 */
gboolean
deck_ff_team_type_has_feature (DeckFfTeamType *self,
                               const char     *feature)
{
  gpointer value;

  g_return_val_if_fail (DECK_IS_FF_TEAM_TYPE (self), FALSE);
  g_return_val_if_fail (feature != NULL, FALSE);

  if (self->features == NULL ||
      !g_hash_table_lookup_extended (self->features, feature, NULL, &value))
    return FALSE;

  return GPOINTER_TO_UINT (value);
}
