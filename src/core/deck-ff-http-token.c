/* deck-ff-http-token.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-ff-models"

#include "config.h"

#include "deck-ff-http-token.h"
#include "deck-json.h"

/* An instance's HTTP access token (`ffhttp_…`) summary, from
 * `GET /api/v1/projects/:id/httpTokens` (forge/ee/routes/httpTokens).
 * Required: `id`, `name`. `expiresAt` may be an ISO string, a number of
 * milliseconds since the epoch, or null (never expires).
 *
 * The token VALUE is never read: `POST …/httpTokens` answers
 * `{id, name, expiresAt, token}` and the caller takes `token` from the JSON
 * itself. Nothing here copies it. */

struct _DeckFfHttpToken
{
  GObject    parent_instance;

  char      *id;
  char      *name;
  GDateTime *expires_at;
};

G_DEFINE_FINAL_TYPE (DeckFfHttpToken, deck_ff_http_token, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_EXPIRES_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
deck_ff_http_token_finalize (GObject *object)
{
  DeckFfHttpToken *self = (DeckFfHttpToken *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->expires_at, g_date_time_unref);

  G_OBJECT_CLASS (deck_ff_http_token_parent_class)->finalize (object);
}

static void
deck_ff_http_token_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DeckFfHttpToken *self = DECK_FF_HTTP_TOKEN (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, deck_ff_http_token_get_id (self));
      break;

    case PROP_NAME:
      g_value_set_string (value, deck_ff_http_token_get_name (self));
      break;

    case PROP_EXPIRES_AT:
      g_value_set_boxed (value, deck_ff_http_token_get_expires_at (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_ff_http_token_class_init (DeckFfHttpTokenClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = deck_ff_http_token_finalize;
  object_class->get_property = deck_ff_http_token_get_property;

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

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
deck_ff_http_token_init (DeckFfHttpToken *self)
{
}

/**
 * deck_ff_http_token_new_from_json:
 * @object: a JSON object from the server
 * @error: a location for a #GError, or %NULL
 *
 * Reads an HTTP access token summary. Required: `id`, `name`. A `token`
 * member (the secret value) is ignored.
 *
 * Returns: (transfer full) (nullable): a new #DeckFfHttpToken, or %NULL with @error
 *   set to a %DECK_FLOWFUSE_ERROR_UNEXPECTED_RESPONSE naming the field
 */
DeckFfHttpToken *
deck_ff_http_token_new_from_json (JsonObject  *object,
                                  GError     **error)
{
  DeckFfHttpToken *self;
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

  self = g_object_new (DECK_TYPE_FF_HTTP_TOKEN, NULL);
  self->id = g_strdup (id);
  self->name = g_strdup (name);
  self->expires_at = deck_json_get_datetime (object, "expiresAt");

  return self;
}

/**
 * deck_ff_http_token_get_id:
 * @self: a #DeckFfHttpToken
 *
 * Returns: the token's hashid
 */
const char *
deck_ff_http_token_get_id (DeckFfHttpToken *self)
{
  g_return_val_if_fail (DECK_IS_FF_HTTP_TOKEN (self), NULL);

  return self->id;
}

/**
 * deck_ff_http_token_get_name:
 * @self: a #DeckFfHttpToken
 *
 * Returns: the name the user gave the token
 */
const char *
deck_ff_http_token_get_name (DeckFfHttpToken *self)
{
  g_return_val_if_fail (DECK_IS_FF_HTTP_TOKEN (self), NULL);

  return self->name;
}

/**
 * deck_ff_http_token_get_expires_at:
 * @self: a #DeckFfHttpToken
 *
 * Returns: (transfer none) (nullable): when the token expires; %NULL when it never does
 */
GDateTime *
deck_ff_http_token_get_expires_at (DeckFfHttpToken *self)
{
  g_return_val_if_fail (DECK_IS_FF_HTTP_TOKEN (self), NULL);

  return self->expires_at;
}

/**
 * deck_ff_http_token_is_expired:
 * @self: a #DeckFfHttpToken
 * @now: (nullable): the current time, or %NULL for the clock's
 *
 * Uses FlowFuse's rule: a token expires once `expiresAt` lies in the past.
 *
 * Returns: %TRUE if the token has an expiry and it has passed
 */
gboolean
deck_ff_http_token_is_expired (DeckFfHttpToken *self,
                               GDateTime       *now)
{
  g_autoptr(GDateTime) clock = NULL;

  g_return_val_if_fail (DECK_IS_FF_HTTP_TOKEN (self), FALSE);

  if (self->expires_at == NULL)
    return FALSE;

  if (now == NULL)
    now = clock = g_date_time_new_now_utc ();

  return g_date_time_compare (self->expires_at, now) < 0;
}

/**
 * deck_ff_http_token_expires_within:
 * @self: a #DeckFfHttpToken
 * @now: (nullable): the current time, or %NULL for the clock's
 * @span: how far ahead to look
 *
 * For "expires soon" warnings. A token that has already expired also
 * expires within any @span; a token without expiry never does.
 *
 * Returns: %TRUE if the token expires before @now + @span
 */
gboolean
deck_ff_http_token_expires_within (DeckFfHttpToken *self,
                                   GDateTime       *now,
                                   GTimeSpan        span)
{
  g_autoptr(GDateTime) clock = NULL;

  g_return_val_if_fail (DECK_IS_FF_HTTP_TOKEN (self), FALSE);

  if (self->expires_at == NULL)
    return FALSE;

  if (now == NULL)
    now = clock = g_date_time_new_now_utc ();

  return g_date_time_difference (self->expires_at, now) < span;
}
