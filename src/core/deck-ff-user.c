/* deck-ff-user.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-ff-models"

#include "config.h"

#include "deck-ff-user.h"
#include "deck-json.h"

/* The signed-in user, from `GET /api/v1/user` (forge/db/views/User.js
 * `userProfile`). Required: `id` and `username`. FlowFuse spells these
 * flags in snake_case (`email_verified`, `sso_enabled`, `mfa_enabled`),
 * sends `sso_enabled` only when SSO is configured and `mfa_enabled` only
 * in newer versions; absent flags read as FALSE. */

struct _DeckFfUser
{
  GObject    parent_instance;

  char      *id;
  char      *username;
  char      *name;
  char      *email;
  char      *avatar;
  gboolean   admin;
  gboolean   email_verified;
  gboolean   mfa_enabled;
  gboolean   sso_enabled;
  char      *default_team;
  GDateTime *created_at;
  int        role;
};

G_DEFINE_FINAL_TYPE (DeckFfUser, deck_ff_user, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_USERNAME,
  PROP_NAME,
  PROP_EMAIL,
  PROP_AVATAR,
  PROP_ADMIN,
  PROP_EMAIL_VERIFIED,
  PROP_MFA_ENABLED,
  PROP_SSO_ENABLED,
  PROP_DEFAULT_TEAM,
  PROP_CREATED_AT,
  PROP_ROLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
deck_ff_user_finalize (GObject *object)
{
  DeckFfUser *self = (DeckFfUser *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->avatar, g_free);
  g_clear_pointer (&self->default_team, g_free);
  g_clear_pointer (&self->created_at, g_date_time_unref);

  G_OBJECT_CLASS (deck_ff_user_parent_class)->finalize (object);
}

static void
deck_ff_user_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  DeckFfUser *self = DECK_FF_USER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, deck_ff_user_get_id (self));
      break;

    case PROP_USERNAME:
      g_value_set_string (value, deck_ff_user_get_username (self));
      break;

    case PROP_NAME:
      g_value_set_string (value, deck_ff_user_get_name (self));
      break;

    case PROP_EMAIL:
      g_value_set_string (value, deck_ff_user_get_email (self));
      break;

    case PROP_AVATAR:
      g_value_set_string (value, deck_ff_user_get_avatar (self));
      break;

    case PROP_ADMIN:
      g_value_set_boolean (value, deck_ff_user_get_admin (self));
      break;

    case PROP_EMAIL_VERIFIED:
      g_value_set_boolean (value, deck_ff_user_get_email_verified (self));
      break;

    case PROP_MFA_ENABLED:
      g_value_set_boolean (value, deck_ff_user_get_mfa_enabled (self));
      break;

    case PROP_SSO_ENABLED:
      g_value_set_boolean (value, deck_ff_user_get_sso_enabled (self));
      break;

    case PROP_DEFAULT_TEAM:
      g_value_set_string (value, deck_ff_user_get_default_team (self));
      break;

    case PROP_CREATED_AT:
      g_value_set_boxed (value, deck_ff_user_get_created_at (self));
      break;

    case PROP_ROLE:
      g_value_set_int (value, deck_ff_user_get_role (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_ff_user_class_init (DeckFfUserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = deck_ff_user_finalize;
  object_class->get_property = deck_ff_user_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_AVATAR] =
    g_param_spec_string ("avatar", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_ADMIN] =
    g_param_spec_boolean ("admin", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_STATIC_STRINGS));

  properties[PROP_EMAIL_VERIFIED] =
    g_param_spec_boolean ("email-verified", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_STATIC_STRINGS));

  properties[PROP_MFA_ENABLED] =
    g_param_spec_boolean ("mfa-enabled", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_STATIC_STRINGS));

  properties[PROP_SSO_ENABLED] =
    g_param_spec_boolean ("sso-enabled", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_STATIC_STRINGS));

  properties[PROP_DEFAULT_TEAM] =
    g_param_spec_string ("default-team", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        (G_PARAM_READABLE |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_ROLE] =
    g_param_spec_int ("role", NULL, NULL,
                      -1, G_MAXINT, -1,
                      (G_PARAM_READABLE |
                       G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
deck_ff_user_init (DeckFfUser *self)
{
}

/**
 * deck_ff_user_new_from_json:
 * @object: a JSON object from the server
 * @error: a location for a #GError, or %NULL
 *
 * Reads a user. Required: `id`, `username`.
 *
 * Returns: (transfer full) (nullable): a new #DeckFfUser, or %NULL with @error
 *   set to a %DECK_FLOWFUSE_ERROR_UNEXPECTED_RESPONSE naming the field
 */
DeckFfUser *
deck_ff_user_new_from_json (JsonObject  *object,
                            GError     **error)
{
  DeckFfUser *self;
  const char *id;
  const char *username;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  id = deck_json_require_string (object, "id", "user", error);
  if (id == NULL)
    return NULL;

  username = deck_json_require_string (object, "username", "user", error);
  if (username == NULL)
    return NULL;

  self = g_object_new (DECK_TYPE_FF_USER, NULL);
  self->id = g_strdup (id);
  self->username = g_strdup (username);
  self->name = g_strdup (deck_json_get_string (object, "name"));
  self->email = g_strdup (deck_json_get_string (object, "email"));
  self->avatar = g_strdup (deck_json_get_string (object, "avatar"));
  self->admin = deck_json_get_bool (object, "admin", FALSE);
  self->email_verified = deck_json_get_bool (object, "email_verified", FALSE);
  self->mfa_enabled = deck_json_get_bool (object, "mfa_enabled", FALSE);
  self->sso_enabled = deck_json_get_bool (object, "sso_enabled", FALSE);
  self->default_team = g_strdup (deck_json_get_string (object, "defaultTeam"));
  self->created_at = deck_json_get_datetime (object, "createdAt");
  /* Only in a team's member list: the member's role in that team. */
  self->role = (int) CLAMP (deck_json_get_int (object, "role", -1), -1, G_MAXINT);

  return self;
}

/**
 * deck_ff_user_get_id:
 * @self: a #DeckFfUser
 *
 * Returns: the user's hashid
 */
const char *
deck_ff_user_get_id (DeckFfUser *self)
{
  g_return_val_if_fail (DECK_IS_FF_USER (self), NULL);

  return self->id;
}

/**
 * deck_ff_user_get_username:
 * @self: a #DeckFfUser
 *
 * Returns: the user name used to sign in
 */
const char *
deck_ff_user_get_username (DeckFfUser *self)
{
  g_return_val_if_fail (DECK_IS_FF_USER (self), NULL);

  return self->username;
}

/**
 * deck_ff_user_get_name:
 * @self: a #DeckFfUser
 *
 * Returns: (nullable): the full name
 */
const char *
deck_ff_user_get_name (DeckFfUser *self)
{
  g_return_val_if_fail (DECK_IS_FF_USER (self), NULL);

  return self->name;
}

/**
 * deck_ff_user_get_email:
 * @self: a #DeckFfUser
 *
 * Returns: (nullable): the email address
 */
const char *
deck_ff_user_get_email (DeckFfUser *self)
{
  g_return_val_if_fail (DECK_IS_FF_USER (self), NULL);

  return self->email;
}

/**
 * deck_ff_user_get_avatar:
 * @self: a #DeckFfUser
 *
 * Returns: (nullable): the URL of the avatar image
 */
const char *
deck_ff_user_get_avatar (DeckFfUser *self)
{
  g_return_val_if_fail (DECK_IS_FF_USER (self), NULL);

  return self->avatar;
}

/**
 * deck_ff_user_get_admin:
 * @self: a #DeckFfUser
 *
 * Returns: whether the user is a platform administrator
 */
gboolean
deck_ff_user_get_admin (DeckFfUser *self)
{
  g_return_val_if_fail (DECK_IS_FF_USER (self), FALSE);

  return self->admin;
}

/**
 * deck_ff_user_get_email_verified:
 * @self: a #DeckFfUser
 *
 * Returns: whether the email address was verified
 */
gboolean
deck_ff_user_get_email_verified (DeckFfUser *self)
{
  g_return_val_if_fail (DECK_IS_FF_USER (self), FALSE);

  return self->email_verified;
}

/**
 * deck_ff_user_get_mfa_enabled:
 * @self: a #DeckFfUser
 *
 * Returns: whether two-factor authentication is on
 */
gboolean
deck_ff_user_get_mfa_enabled (DeckFfUser *self)
{
  g_return_val_if_fail (DECK_IS_FF_USER (self), FALSE);

  return self->mfa_enabled;
}

/**
 * deck_ff_user_get_sso_enabled:
 * @self: a #DeckFfUser
 *
 * Returns: whether the user signs in through single sign-on
 */
gboolean
deck_ff_user_get_sso_enabled (DeckFfUser *self)
{
  g_return_val_if_fail (DECK_IS_FF_USER (self), FALSE);

  return self->sso_enabled;
}

/**
 * deck_ff_user_get_default_team:
 * @self: a #DeckFfUser
 *
 * Returns: (nullable): the hashid of the default team
 */
const char *
deck_ff_user_get_default_team (DeckFfUser *self)
{
  g_return_val_if_fail (DECK_IS_FF_USER (self), NULL);

  return self->default_team;
}

/**
 * deck_ff_user_get_created_at:
 * @self: a #DeckFfUser
 *
 * Returns: (transfer none) (nullable): when the account was created
 */
GDateTime *
deck_ff_user_get_created_at (DeckFfUser *self)
{
  g_return_val_if_fail (DECK_IS_FF_USER (self), NULL);

  return self->created_at;
}

/**
 * deck_ff_user_get_role:
 * @self: a #DeckFfUser
 *
 * Returns: the user's role in the team when the user came from a team's
 *   member list (a #DeckFfRole value), -1 otherwise
 */
int
deck_ff_user_get_role (DeckFfUser *self)
{
  g_return_val_if_fail (DECK_IS_FF_USER (self), -1);

  return self->role;
}
