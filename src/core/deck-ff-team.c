/* deck-ff-team.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-ff-models"

#include "config.h"

#include <glib/gi18n.h>

#include "deck-ff-team-type.h"
#include "deck-ff-team.h"
#include "deck-json.h"

/* A team, from the items of `GET /api/v1/user/teams` (TeamSummary +
 * `type` as a TeamTypeSummary, `role`, counts) and from
 * `GET /api/v1/teams/:id` (Team: full `type`, `properties`, counts, no
 * `role`). Required: `id`, `name`. `role` is a number; anything but a
 * known role reads as DECK_FF_ROLE_UNKNOWN (-1). Counts that are absent,
 * negative or not numbers read as 0. A `type` that is not a valid team
 * type leaves team-type NULL rather than failing the team. */

G_DEFINE_ENUM_TYPE (DeckFfRole, deck_ff_role,
                    G_DEFINE_ENUM_VALUE (DECK_FF_ROLE_UNKNOWN, "unknown"),
                    G_DEFINE_ENUM_VALUE (DECK_FF_ROLE_DASHBOARD, "dashboard"),
                    G_DEFINE_ENUM_VALUE (DECK_FF_ROLE_VIEWER, "viewer"),
                    G_DEFINE_ENUM_VALUE (DECK_FF_ROLE_MEMBER, "member"),
                    G_DEFINE_ENUM_VALUE (DECK_FF_ROLE_OWNER, "owner"),
                    G_DEFINE_ENUM_VALUE (DECK_FF_ROLE_ADMIN, "admin"))

struct _DeckFfTeam
{
  GObject         parent_instance;

  char           *id;
  char           *name;
  char           *slug;
  char           *avatar;
  int             role;
  int             instance_count;
  int             member_count;
  DeckFfTeamType *team_type;
  GHashTable     *features;
};

G_DEFINE_FINAL_TYPE (DeckFfTeam, deck_ff_team, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_SLUG,
  PROP_AVATAR,
  PROP_ROLE,
  PROP_INSTANCE_COUNT,
  PROP_MEMBER_COUNT,
  PROP_TEAM_TYPE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static int
role_from_int (gint64 role)
{
  switch (role)
    {
    case DECK_FF_ROLE_DASHBOARD:
    case DECK_FF_ROLE_VIEWER:
    case DECK_FF_ROLE_MEMBER:
    case DECK_FF_ROLE_OWNER:
    case DECK_FF_ROLE_ADMIN:
      return (int) role;

    default:
      return DECK_FF_ROLE_UNKNOWN;
    }
}

static int
role_from_json (JsonObject *object)
{
  gint64 role;

  if (!deck_json_node_get_int (json_object_get_member (object, "role"), &role))
    return DECK_FF_ROLE_UNKNOWN;

  return role_from_int (role);
}

static int
count_from_json (JsonObject *object,
                 const char *member)
{
  return (int) CLAMP (deck_json_get_int (object, member, 0), 0, G_MAXINT);
}

static void
deck_ff_team_dispose (GObject *object)
{
  DeckFfTeam *self = (DeckFfTeam *)object;

  g_clear_object (&self->team_type);

  G_OBJECT_CLASS (deck_ff_team_parent_class)->dispose (object);
}

static void
deck_ff_team_finalize (GObject *object)
{
  DeckFfTeam *self = (DeckFfTeam *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->slug, g_free);
  g_clear_pointer (&self->avatar, g_free);
  g_clear_pointer (&self->features, g_hash_table_unref);

  G_OBJECT_CLASS (deck_ff_team_parent_class)->finalize (object);
}

static void
deck_ff_team_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  DeckFfTeam *self = DECK_FF_TEAM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, deck_ff_team_get_id (self));
      break;

    case PROP_NAME:
      g_value_set_string (value, deck_ff_team_get_name (self));
      break;

    case PROP_SLUG:
      g_value_set_string (value, deck_ff_team_get_slug (self));
      break;

    case PROP_AVATAR:
      g_value_set_string (value, deck_ff_team_get_avatar (self));
      break;

    case PROP_ROLE:
      g_value_set_int (value, deck_ff_team_get_role (self));
      break;

    case PROP_INSTANCE_COUNT:
      g_value_set_int (value, deck_ff_team_get_instance_count (self));
      break;

    case PROP_MEMBER_COUNT:
      g_value_set_int (value, deck_ff_team_get_member_count (self));
      break;

    case PROP_TEAM_TYPE:
      g_value_set_object (value, deck_ff_team_get_team_type (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_ff_team_class_init (DeckFfTeamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = deck_ff_team_dispose;
  object_class->finalize = deck_ff_team_finalize;
  object_class->get_property = deck_ff_team_get_property;

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

  properties[PROP_SLUG] =
    g_param_spec_string ("slug", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_AVATAR] =
    g_param_spec_string ("avatar", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_ROLE] =
    g_param_spec_int ("role", NULL, NULL,
                      DECK_FF_ROLE_UNKNOWN, G_MAXINT, DECK_FF_ROLE_UNKNOWN,
                      (G_PARAM_READABLE |
                       G_PARAM_STATIC_STRINGS));

  properties[PROP_INSTANCE_COUNT] =
    g_param_spec_int ("instance-count", NULL, NULL,
                      0, G_MAXINT, 0,
                      (G_PARAM_READABLE |
                       G_PARAM_STATIC_STRINGS));

  properties[PROP_MEMBER_COUNT] =
    g_param_spec_int ("member-count", NULL, NULL,
                      0, G_MAXINT, 0,
                      (G_PARAM_READABLE |
                       G_PARAM_STATIC_STRINGS));

  properties[PROP_TEAM_TYPE] =
    g_param_spec_object ("team-type", NULL, NULL,
                         DECK_TYPE_FF_TEAM_TYPE,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
deck_ff_team_init (DeckFfTeam *self)
{
  self->role = DECK_FF_ROLE_UNKNOWN;
}

/**
 * deck_ff_team_new_from_json:
 * @object: a JSON object from the server
 * @error: a location for a #GError, or %NULL
 *
 * Reads a team. Required: `id`, `name`.
 *
 * Returns: (transfer full) (nullable): a new #DeckFfTeam, or %NULL with @error
 *   set to a %DECK_FLOWFUSE_ERROR_UNEXPECTED_RESPONSE naming the field
 */
DeckFfTeam *
deck_ff_team_new_from_json (JsonObject  *object,
                            GError     **error)
{
  DeckFfTeam *self;
  const char *id;
  const char *name;
  JsonObject *type;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  id = deck_json_require_string (object, "id", "team", error);
  if (id == NULL)
    return NULL;

  name = deck_json_require_string (object, "name", "team", error);
  if (name == NULL)
    return NULL;

  self = g_object_new (DECK_TYPE_FF_TEAM, NULL);
  self->id = g_strdup (id);
  self->name = g_strdup (name);
  self->slug = g_strdup (deck_json_get_string (object, "slug"));
  self->avatar = g_strdup (deck_json_get_string (object, "avatar"));
  self->role = role_from_json (object);
  self->instance_count = count_from_json (object, "instanceCount");
  self->member_count = count_from_json (object, "memberCount");
  self->features = deck_json_get_flags (object, "properties.features");

  type = deck_json_get_object (object, "type");
  if (type != NULL)
    self->team_type = deck_ff_team_type_new_from_json (type, NULL);

  return self;
}

/**
 * deck_ff_team_to_variant:
 * @self: a #DeckFfTeam
 *
 * The team as a %DECK_FF_TEAM_VARIANT_TYPE for the start-up snapshot
 * (deck-snapshot.c): what the sidebar shows, the role and the team's own
 * feature flags. The team type is left out: a team read back stands in
 * only until the server's list arrives.
 *
 * Returns: (transfer floating): a new #GVariant
 */
GVariant *
deck_ff_team_to_variant (DeckFfTeam *self)
{
  g_autoptr(GVariantBuilder) features = NULL;

  g_return_val_if_fail (DECK_IS_FF_TEAM (self), NULL);

  if (self->features != NULL)
    {
      GHashTableIter iter;
      gpointer name, value;

      features = g_variant_builder_new (G_VARIANT_TYPE ("a{sb}"));
      g_hash_table_iter_init (&iter, self->features);
      while (g_hash_table_iter_next (&iter, &name, &value))
        g_variant_builder_add (features, "{sb}", name, GPOINTER_TO_UINT (value) != 0);
    }

  return g_variant_new ("(ssmsmsiiima{sb})", self->id, self->name, self->slug, self->avatar,
                        (gint32) self->role, (gint32) self->instance_count,
                        (gint32) self->member_count, features);
}

/**
 * deck_ff_team_new_from_variant:
 * @variant: a %DECK_FF_TEAM_VARIANT_TYPE, from deck_ff_team_to_variant()
 *   or from a file (untrusted)
 *
 * Holds the team to the rules of deck_ff_team_new_from_json(): the id and
 * name must not be empty, a role this version does not know is unknown,
 * counts are not negative.
 *
 * Returns: (transfer full) (nullable): a new #DeckFfTeam, or %NULL when
 *   @variant has no id or name
 */
DeckFfTeam *
deck_ff_team_new_from_variant (GVariant *variant)
{
  g_autoptr(GVariantIter) features = NULL;
  const char *id, *name, *slug, *avatar;
  gint32 role, instances, members;
  DeckFfTeam *self;

  g_return_val_if_fail (variant != NULL, NULL);
  g_return_val_if_fail (g_variant_is_of_type (variant, DECK_FF_TEAM_VARIANT_TYPE), NULL);

  g_variant_get (variant, "(&s&sm&sm&siiima{sb})", &id, &name, &slug, &avatar, &role, &instances,
                 &members, &features);
  if (*id == '\0' || *name == '\0')
    return NULL;

  self = g_object_new (DECK_TYPE_FF_TEAM, NULL);
  self->id = g_strdup (id);
  self->name = g_strdup (name);
  self->slug = g_strdup (slug);
  self->avatar = g_strdup (avatar);
  self->role = role_from_int (role);
  self->instance_count = MAX (instances, 0);
  self->member_count = MAX (members, 0);
  if (features != NULL)
    {
      const char *feature;
      gboolean on;

      self->features = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      while (g_variant_iter_next (features, "{&sb}", &feature, &on))
        g_hash_table_replace (self->features, g_strdup (feature), GUINT_TO_POINTER (on != FALSE));
    }

  return self;
}

/**
 * deck_ff_team_get_id:
 * @self: a #DeckFfTeam
 *
 * Returns: the team's hashid
 */
const char *
deck_ff_team_get_id (DeckFfTeam *self)
{
  g_return_val_if_fail (DECK_IS_FF_TEAM (self), NULL);

  return self->id;
}

/**
 * deck_ff_team_get_name:
 * @self: a #DeckFfTeam
 *
 * Returns: the display name
 */
const char *
deck_ff_team_get_name (DeckFfTeam *self)
{
  g_return_val_if_fail (DECK_IS_FF_TEAM (self), NULL);

  return self->name;
}

/**
 * deck_ff_team_get_slug:
 * @self: a #DeckFfTeam
 *
 * Returns: (nullable): the URL slug
 */
const char *
deck_ff_team_get_slug (DeckFfTeam *self)
{
  g_return_val_if_fail (DECK_IS_FF_TEAM (self), NULL);

  return self->slug;
}

/**
 * deck_ff_team_get_avatar:
 * @self: a #DeckFfTeam
 *
 * Returns: (nullable): the URL of the avatar image
 */
const char *
deck_ff_team_get_avatar (DeckFfTeam *self)
{
  g_return_val_if_fail (DECK_IS_FF_TEAM (self), NULL);

  return self->avatar;
}

/**
 * deck_ff_team_get_role:
 * @self: a #DeckFfTeam
 *
 * Returns: the signed-in user's #DeckFfRole, or %DECK_FF_ROLE_UNKNOWN
 */
int
deck_ff_team_get_role (DeckFfTeam *self)
{
  g_return_val_if_fail (DECK_IS_FF_TEAM (self), DECK_FF_ROLE_UNKNOWN);

  return self->role;
}

/**
 * deck_ff_team_get_instance_count:
 * @self: a #DeckFfTeam
 *
 * Returns: the number of hosted instances
 */
int
deck_ff_team_get_instance_count (DeckFfTeam *self)
{
  g_return_val_if_fail (DECK_IS_FF_TEAM (self), 0);

  return self->instance_count;
}

/**
 * deck_ff_team_get_member_count:
 * @self: a #DeckFfTeam
 *
 * Returns: the number of members
 */
int
deck_ff_team_get_member_count (DeckFfTeam *self)
{
  g_return_val_if_fail (DECK_IS_FF_TEAM (self), 0);

  return self->member_count;
}

/**
 * deck_ff_team_get_team_type:
 * @self: a #DeckFfTeam
 *
 * Returns: (transfer none) (nullable): the team type (possibly only a summary)
 */
DeckFfTeamType *
deck_ff_team_get_team_type (DeckFfTeam *self)
{
  g_return_val_if_fail (DECK_IS_FF_TEAM (self), NULL);

  return self->team_type;
}

/**
 * deck_ff_team_has_feature:
 * @self: a #DeckFfTeam
 * @feature: a feature name, e.g. "teamHttpSecurity"
 *
 * FlowFuse's `Team.getFeatureProperty()` rule (forge/db/models/Team.js):
 * when the team's own `properties.features` has the member at all, its
 * truthiness decides, even when it is false; otherwise the team type
 * decides; a feature neither mentions is off.
 *
 * Returns: whether @feature is enabled for this team
 */
gboolean
deck_ff_team_has_feature (DeckFfTeam *self,
                          const char *feature)
{
  gpointer value;

  g_return_val_if_fail (DECK_IS_FF_TEAM (self), FALSE);
  g_return_val_if_fail (feature != NULL, FALSE);

  if (self->features != NULL &&
      g_hash_table_lookup_extended (self->features, feature, NULL, &value))
    return GPOINTER_TO_UINT (value);

  if (self->team_type != NULL)
    return deck_ff_team_type_has_feature (self->team_type, feature);

  return FALSE;
}

/**
 * deck_ff_role_to_string:
 * @role: a #DeckFfRole
 *
 * Returns: the role's translated name, for display
 */
const char *
deck_ff_role_to_string (DeckFfRole role)
{
  switch (role)
    {
    case DECK_FF_ROLE_DASHBOARD:
      return _("Dashboard");
    case DECK_FF_ROLE_VIEWER:
      return _("Viewer");
    case DECK_FF_ROLE_MEMBER:
      return _("Member");
    case DECK_FF_ROLE_OWNER:
      return _("Owner");
    case DECK_FF_ROLE_ADMIN:
      return _("Administrator");
    case DECK_FF_ROLE_UNKNOWN:
    default:
      /* Translators: a team role the app does not know. */
      return _("Unknown role");
    }
}
