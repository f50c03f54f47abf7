/* deck-ff-personal-token.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-ff-models"

#include "config.h"

#include "deck-ff-personal-token.h"
#include "deck-json.h"

/* A personal access token's summary, from `GET /api/v1/user/tokens`
 * (PersonalAccessTokenSummary, forge/db/views/AccessToken.js). Required:
 * `id`, `name`. `expiresAt` is an ISO string or null (never expires); a
 * number of milliseconds is accepted too. The teams the token is limited
 * to come as `teams: [{id, name}]`; a `teamIds` array of strings is
 * accepted too.
 *
 * The token VALUE is never read: `POST /api/v1/user/tokens` answers with
 * the summary plus `token`, and the caller must take the value from the
 * JSON itself and put it in the keyring. Nothing here copies it. */

struct _DeckFfPersonalToken
{
  GObject     parent_instance;

  char       *id;
  char       *name;
  GDateTime  *expires_at;
  gboolean    read_only;
  gboolean    admin_opt_in;
  char      **team_ids;
};

G_DEFINE_FINAL_TYPE (DeckFfPersonalToken, deck_ff_personal_token, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_EXPIRES_AT,
  PROP_READ_ONLY,
  PROP_ADMIN_OPT_IN,
  PROP_TEAM_IDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char **
team_ids_from_json (JsonObject *object)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;
  gboolean objects;
  guint n;

  array = deck_json_get_array (object, "teams");
  objects = array != NULL;
  if (array == NULL)
    array = deck_json_get_array (object, "teamIds");
  if (array == NULL)
    return NULL;

  builder = g_strv_builder_new ();
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      const char *id;

      if (objects && JSON_NODE_HOLDS_OBJECT (node))
        id = deck_json_get_string (json_node_get_object (node), "id");
      else
        id = deck_json_node_get_string (node);

      if (id != NULL)
        g_strv_builder_add (builder, id);
    }

  return g_strv_builder_end (builder);
}

static void
deck_ff_personal_token_finalize (GObject *object)
{
  DeckFfPersonalToken *self = (DeckFfPersonalToken *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->expires_at, g_date_time_unref);
  g_clear_pointer (&self->team_ids, g_strfreev);

  G_OBJECT_CLASS (deck_ff_personal_token_parent_class)->finalize (object);
}

static void
deck_ff_personal_token_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  DeckFfPersonalToken *self = DECK_FF_PERSONAL_TOKEN (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, deck_ff_personal_token_get_id (self));
      break;

    case PROP_NAME:
      g_value_set_string (value, deck_ff_personal_token_get_name (self));
      break;

    case PROP_EXPIRES_AT:
      g_value_set_boxed (value, deck_ff_personal_token_get_expires_at (self));
      break;

    case PROP_READ_ONLY:
      g_value_set_boolean (value, deck_ff_personal_token_get_read_only (self));
      break;

    case PROP_ADMIN_OPT_IN:
      g_value_set_boolean (value, deck_ff_personal_token_get_admin_opt_in (self));
      break;

    case PROP_TEAM_IDS:
      g_value_set_boxed (value, deck_ff_personal_token_get_team_ids (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_ff_personal_token_class_init (DeckFfPersonalTokenClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = deck_ff_personal_token_finalize;
  object_class->get_property = deck_ff_personal_token_get_property;

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

  properties[PROP_EXPIRES_AT] =
    g_param_spec_boxed ("expires-at", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        (G_PARAM_READABLE |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_STATIC_STRINGS));

  properties[PROP_ADMIN_OPT_IN] =
    g_param_spec_boolean ("admin-opt-in", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_STATIC_STRINGS));

  properties[PROP_TEAM_IDS] =
    g_param_spec_boxed ("team-ids", NULL, NULL,
                        G_TYPE_STRV,
                        (G_PARAM_READABLE |
                         G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
deck_ff_personal_token_init (DeckFfPersonalToken *self)
{
}

/**
 * deck_ff_personal_token_new_from_json:
 * @object: a JSON object from the server
 * @error: a location for a #GError, or %NULL
 *
 * Reads a personal access token summary. Required: `id`, `name`. A
 * `token` member (the secret value) is ignored.
 *
 * Returns: (transfer full) (nullable): a new #DeckFfPersonalToken, or %NULL with @error
 *   set to a %DECK_FLOWFUSE_ERROR_UNEXPECTED_RESPONSE naming the field
 */
DeckFfPersonalToken *
deck_ff_personal_token_new_from_json (JsonObject  *object,
                                      GError     **error)
{
  DeckFfPersonalToken *self;
  const char *id;
  const char *name;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  id = deck_json_require_string (object, "id", "token", error);
  if (id == NULL)
    return NULL;

  name = deck_json_require_string (object, "name", "token", error);
  if (name == NULL)
    return NULL;

  self = g_object_new (DECK_TYPE_FF_PERSONAL_TOKEN, NULL);
  self->id = g_strdup (id);
  self->name = g_strdup (name);
  self->expires_at = deck_json_get_datetime (object, "expiresAt");
  self->read_only = deck_json_get_bool (object, "readOnly", FALSE);
  self->admin_opt_in = deck_json_get_bool (object, "adminOptIn", FALSE);
  self->team_ids = team_ids_from_json (object);

  return self;
}

/**
 * deck_ff_personal_token_get_id:
 * @self: a #DeckFfPersonalToken
 *
 * Returns: the token's hashid
 */
const char *
deck_ff_personal_token_get_id (DeckFfPersonalToken *self)
{
  g_return_val_if_fail (DECK_IS_FF_PERSONAL_TOKEN (self), NULL);

  return self->id;
}

/**
 * deck_ff_personal_token_get_name:
 * @self: a #DeckFfPersonalToken
 *
 * Returns: the name the user gave the token
 */
const char *
deck_ff_personal_token_get_name (DeckFfPersonalToken *self)
{
  g_return_val_if_fail (DECK_IS_FF_PERSONAL_TOKEN (self), NULL);

  return self->name;
}

/**
 * deck_ff_personal_token_get_expires_at:
 * @self: a #DeckFfPersonalToken
 *
 * Returns: (transfer none) (nullable): when the token expires; %NULL when it never does
 */
GDateTime *
deck_ff_personal_token_get_expires_at (DeckFfPersonalToken *self)
{
  g_return_val_if_fail (DECK_IS_FF_PERSONAL_TOKEN (self), NULL);

  return self->expires_at;
}

/**
 * deck_ff_personal_token_get_read_only:
 * @self: a #DeckFfPersonalToken
 *
 * Returns: whether the token may only read
 */
gboolean
deck_ff_personal_token_get_read_only (DeckFfPersonalToken *self)
{
  g_return_val_if_fail (DECK_IS_FF_PERSONAL_TOKEN (self), FALSE);

  return self->read_only;
}

/**
 * deck_ff_personal_token_get_admin_opt_in:
 * @self: a #DeckFfPersonalToken
 *
 * Returns: whether the token carries the user's admin rights
 */
gboolean
deck_ff_personal_token_get_admin_opt_in (DeckFfPersonalToken *self)
{
  g_return_val_if_fail (DECK_IS_FF_PERSONAL_TOKEN (self), FALSE);

  return self->admin_opt_in;
}

/**
 * deck_ff_personal_token_get_team_ids:
 * @self: a #DeckFfPersonalToken
 *
 * Returns: (transfer none) (nullable): the hashids of the teams the token is limited to, or
 *   %NULL when the server sent none
 */
const char * const *
deck_ff_personal_token_get_team_ids (DeckFfPersonalToken *self)
{
  g_return_val_if_fail (DECK_IS_FF_PERSONAL_TOKEN (self), NULL);

  return (const char * const *)self->team_ids;
}

/**
 * deck_ff_personal_token_is_expired:
 * @self: a #DeckFfPersonalToken
 * @now: (nullable): the current time, or %NULL for the clock's
 *
 * Uses FlowFuse's rule: a token expires once `expiresAt` lies in the past.
 *
 * Returns: %TRUE if the token has an expiry and it has passed
 */
gboolean
deck_ff_personal_token_is_expired (DeckFfPersonalToken *self,
                                   GDateTime           *now)
{
  g_autoptr(GDateTime) clock = NULL;

  g_return_val_if_fail (DECK_IS_FF_PERSONAL_TOKEN (self), FALSE);

  if (self->expires_at == NULL)
    return FALSE;

  if (now == NULL)
    now = clock = g_date_time_new_now_utc ();

  return g_date_time_compare (self->expires_at, now) < 0;
}

/**
 * deck_ff_personal_token_expires_within:
 * @self: a #DeckFfPersonalToken
 * @now: (nullable): the current time, or %NULL for the clock's
 * @span: how far ahead to look
 *
 * For "expires soon" warnings. A token that has already expired also
 * expires within any @span; a token without expiry never does.
 *
 * Returns: %TRUE if the token expires before @now + @span
 */
gboolean
deck_ff_personal_token_expires_within (DeckFfPersonalToken *self,
                                       GDateTime           *now,
                                       GTimeSpan            span)
{
  g_autoptr(GDateTime) clock = NULL;

  g_return_val_if_fail (DECK_IS_FF_PERSONAL_TOKEN (self), FALSE);

  if (self->expires_at == NULL)
    return FALSE;

  if (now == NULL)
    now = clock = g_date_time_new_now_utc ();

  return g_date_time_difference (self->expires_at, now) < span;
}
