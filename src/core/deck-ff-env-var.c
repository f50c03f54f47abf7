/* deck-ff-env-var.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-flowfuse"

#include "config.h"

#include <glib/gi18n.h>

#include "deck-ff-env-var.h"
#include "deck-flowfuse-error.h"
#include "deck-json.h"
#include "deck-secure.h"

/* One environment variable of a FlowFuse instance, as
 * `GET /api/v1/projects/:id` lists it in `settings.env`:
 * `{name, value, hidden?, platform?, deprecated?}`.
 *
 * - `platform: true` marks the FF_* variables the server adds to the view
 *   (forge/db/controllers/Project.js); they are not stored and must not
 *   be written back.
 * - `hidden: true` asks newer servers to mask the value (it then comes
 *   back as ''). FlowFuse 2.4.0 stores the flag but does not mask
 *   (verified on the peer: the value comes back in clear).
 *
 * The value may be a secret: it is not a property, it is never logged,
 * and it is wiped on finalize. */

struct _DeckFfEnvVar
{
  GObject   parent_instance;

  char     *name;
  char     *value;
  gboolean  hidden;
  gboolean  platform;
};

G_DEFINE_FINAL_TYPE (DeckFfEnvVar, deck_ff_env_var, G_TYPE_OBJECT)

static void
deck_ff_env_var_finalize (GObject *object)
{
  DeckFfEnvVar *self = (DeckFfEnvVar *) object;

  g_clear_pointer (&self->name, g_free);
  deck_secure_clear (&self->value);

  G_OBJECT_CLASS (deck_ff_env_var_parent_class)->finalize (object);
}

static void
deck_ff_env_var_class_init (DeckFfEnvVarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = deck_ff_env_var_finalize;
}

static void
deck_ff_env_var_init (DeckFfEnvVar *self)
{
}

/**
 * deck_ff_env_var_new:
 * @name: the variable's name
 * @value: (nullable): its value ('' if %NULL)
 * @hidden: whether the server should mask it
 *
 * Returns: (transfer full): a new #DeckFfEnvVar
 */
DeckFfEnvVar *
deck_ff_env_var_new (const char *name,
                     const char *value,
                     gboolean    hidden)
{
  DeckFfEnvVar *self;

  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (DECK_TYPE_FF_ENV_VAR, NULL);
  self->name = g_strdup (name);
  self->value = g_strdup (value ? value : "");
  self->hidden = !!hidden;
  return self;
}

/**
 * deck_ff_env_var_new_from_json:
 * @object: an item of `settings.env`
 * @error: a location for a #GError, or %NULL
 *
 * Returns: (transfer full) (nullable): the variable, or %NULL with @error
 */
DeckFfEnvVar *
deck_ff_env_var_new_from_json (JsonObject  *object,
                               GError     **error)
{
  const char *name = deck_json_get_string (object, "name");
  DeckFfEnvVar *self;

  if (name == NULL || *name == '\0')
    {
      g_propagate_error (error, deck_flowfuse_error_new_missing_field ("environment variable",
                                                                       "name"));
      return NULL;
    }

  self = deck_ff_env_var_new (name, deck_json_get_string (object, "value"),
                              deck_json_get_bool (object, "hidden", FALSE));
  self->platform = deck_json_get_bool (object, "platform", FALSE);
  return self;
}

/**
 * deck_ff_env_var_to_json:
 * @self: a #DeckFfEnvVar
 *
 * Returns: (transfer full): `{name, value[, hidden: true]}`
 */
JsonNode *
deck_ff_env_var_to_json (DeckFfEnvVar *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (DECK_IS_FF_ENV_VAR (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, self->name);
  json_builder_set_member_name (builder, "value");
  json_builder_add_string_value (builder, self->value);
  if (self->hidden)
    {
      json_builder_set_member_name (builder, "hidden");
      json_builder_add_boolean_value (builder, TRUE);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

const char *
deck_ff_env_var_get_name (DeckFfEnvVar *self)
{
  g_return_val_if_fail (DECK_IS_FF_ENV_VAR (self), NULL);
  return self->name;
}

/**
 * deck_ff_env_var_get_value:
 * @self: a #DeckFfEnvVar
 *
 * Returns: the value; '' for a hidden variable on servers that mask
 */
const char *
deck_ff_env_var_get_value (DeckFfEnvVar *self)
{
  g_return_val_if_fail (DECK_IS_FF_ENV_VAR (self), NULL);
  return self->value;
}

gboolean
deck_ff_env_var_get_hidden (DeckFfEnvVar *self)
{
  g_return_val_if_fail (DECK_IS_FF_ENV_VAR (self), FALSE);
  return self->hidden;
}

/**
 * deck_ff_env_var_get_platform:
 * @self: a #DeckFfEnvVar
 *
 * Returns: whether the server added this variable itself (FF_*): it is
 *   shown, never written back
 */
gboolean
deck_ff_env_var_get_platform (DeckFfEnvVar *self)
{
  g_return_val_if_fail (DECK_IS_FF_ENV_VAR (self), FALSE);
  return self->platform;
}
