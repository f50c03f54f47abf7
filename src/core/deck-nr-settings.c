/* deck-nr-settings.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-nr-models"

#include "config.h"

#include "deck-json.h"
#include "deck-node-red-error.h"
#include "deck-nr-settings.h"

/* Node-RED's `GET /settings` (editor-api lib/admin/settings.js, runtime
 * settings.getRuntimeSettings). Required: `version`. `user` is absent when
 * adminAuth is off; `user.permissions` is a string ("*", "read") or an
 * array of them. Beware: these are the *user's* permissions, not the
 * scope of the token that asked (an admin's `read` token still shows "*"),
 * see deck_node_red_client_get_scope(). The editor theme is ignored. */

struct _DeckNrSettings
{
  GObject    parent_instance;

  char      *version;
  char      *user_name;
  GStrv      permissions;
  gboolean   anonymous;
  char      *http_node_root;
  gboolean   diagnostics_enabled;
  gboolean   runtime_state_enabled;
};

G_DEFINE_FINAL_TYPE (DeckNrSettings, deck_nr_settings, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_VERSION,
  PROP_USER_NAME,
  PROP_PERMISSIONS,
  PROP_ANONYMOUS,
  PROP_HTTP_NODE_ROOT,
  PROP_DIAGNOSTICS_ENABLED,
  PROP_RUNTIME_STATE_ENABLED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
deck_nr_settings_finalize (GObject *object)
{
  DeckNrSettings *self = (DeckNrSettings *)object;

  g_clear_pointer (&self->version, g_free);
  g_clear_pointer (&self->user_name, g_free);
  g_clear_pointer (&self->permissions, g_strfreev);
  g_clear_pointer (&self->http_node_root, g_free);

  G_OBJECT_CLASS (deck_nr_settings_parent_class)->finalize (object);
}

static void
deck_nr_settings_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DeckNrSettings *self = DECK_NR_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_VERSION:
      g_value_set_string (value, self->version);
      break;

    case PROP_USER_NAME:
      g_value_set_string (value, self->user_name);
      break;

    case PROP_PERMISSIONS:
      g_value_set_boxed (value, self->permissions);
      break;

    case PROP_ANONYMOUS:
      g_value_set_boolean (value, self->anonymous);
      break;

    case PROP_HTTP_NODE_ROOT:
      g_value_set_string (value, self->http_node_root);
      break;

    case PROP_DIAGNOSTICS_ENABLED:
      g_value_set_boolean (value, self->diagnostics_enabled);
      break;

    case PROP_RUNTIME_STATE_ENABLED:
      g_value_set_boolean (value, self->runtime_state_enabled);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_nr_settings_class_init (DeckNrSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = deck_nr_settings_finalize;
  object_class->get_property = deck_nr_settings_get_property;

  properties[PROP_VERSION] =
    g_param_spec_string ("version", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_USER_NAME] =
    g_param_spec_string ("user-name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_PERMISSIONS] =
    g_param_spec_boxed ("permissions", NULL, NULL, G_TYPE_STRV,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_ANONYMOUS] =
    g_param_spec_boolean ("anonymous", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_HTTP_NODE_ROOT] =
    g_param_spec_string ("http-node-root", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_DIAGNOSTICS_ENABLED] =
    g_param_spec_boolean ("diagnostics-enabled", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_RUNTIME_STATE_ENABLED] =
    g_param_spec_boolean ("runtime-state-enabled", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
deck_nr_settings_init (DeckNrSettings *self)
{
}

static GStrv
read_permissions (JsonObject *user)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *node = user ? json_object_get_member (user, "permissions") : NULL;
  const char *single = deck_json_node_get_string (node);

  if (single != NULL)
    {
      if (*single != '\0')
        g_strv_builder_add (builder, single);
    }
  else if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *item = deck_json_node_get_string (json_array_get_element (array, i));

          if (item != NULL && *item != '\0')
            g_strv_builder_add (builder, item);
        }
    }

  return g_strv_builder_end (builder);
}

static JsonNode *
setting_enabled (JsonObject *object,
                 const char *member)
{
  JsonObject *setting = deck_json_get_object (object, member);

  return setting ? json_object_get_member (setting, "enabled") : NULL;
}

static gboolean
setting_is_false (JsonObject *object,
                  const char *member)
{
  JsonNode *node = setting_enabled (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  return (json_node_get_value_type (node) == G_TYPE_BOOLEAN && !json_node_get_boolean (node)) ||
         g_strcmp0 (deck_json_node_get_string (node), "false") == 0;
}

static gboolean
setting_is_true (JsonObject *object,
                 const char *member)
{
  JsonNode *node = setting_enabled (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  return (json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node)) ||
         g_strcmp0 (deck_json_node_get_string (node), "true") == 0;
}

/**
 * deck_nr_settings_new_from_json:
 * @object: the body of `GET /settings`
 * @error: a location for a #GError, or %NULL
 *
 * Returns: (transfer full) (nullable): the settings, or %NULL with @error set
 *   to %DECK_NODE_RED_ERROR_UNEXPECTED_RESPONSE
 */
DeckNrSettings *
deck_nr_settings_new_from_json (JsonObject  *object,
                                GError     **error)
{
  DeckNrSettings *self;
  JsonObject *user;
  const char *version;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  version = deck_json_get_string (object, "version");
  if (version == NULL || *version == '\0')
    {
      g_propagate_error (error, deck_node_red_error_new_missing_field ("settings", "version"));
      return NULL;
    }

  user = deck_json_get_object (object, "user");

  self = g_object_new (DECK_TYPE_NR_SETTINGS, NULL);
  self->version = g_strdup (version);
  self->user_name = g_strdup (user ? deck_json_get_string (user, "username") : NULL);
  self->permissions = read_permissions (user);
  self->anonymous = user ? deck_json_get_bool (user, "anonymous", FALSE) : FALSE;
  self->http_node_root = g_strdup (deck_json_get_string (object, "httpNodeRoot"));
  /* Node-RED serves the diagnostics report unless it is turned off with
   * `enabled: false` (or "false"); runtime state control is off unless on. */
  self->diagnostics_enabled = !setting_is_false (object, "diagnostics");
  self->runtime_state_enabled = setting_is_true (object, "runtimeState");

  return self;
}

/**
 * deck_nr_settings_get_version:
 * @self: a #DeckNrSettings
 *
 * Returns: Node-RED's version, e.g. "4.1.15"
 */
const char *
deck_nr_settings_get_version (DeckNrSettings *self)
{
  g_return_val_if_fail (DECK_IS_NR_SETTINGS (self), NULL);

  return self->version;
}

/**
 * deck_nr_settings_get_user_name:
 * @self: a #DeckNrSettings
 *
 * Returns: (nullable): the signed-in user, or %NULL without adminAuth
 */
const char *
deck_nr_settings_get_user_name (DeckNrSettings *self)
{
  g_return_val_if_fail (DECK_IS_NR_SETTINGS (self), NULL);

  return self->user_name;
}

/**
 * deck_nr_settings_get_permissions:
 * @self: a #DeckNrSettings
 *
 * Returns: (transfer none): the user's permissions ("*", "read", …); empty
 *   without adminAuth
 */
const char * const *
deck_nr_settings_get_permissions (DeckNrSettings *self)
{
  g_return_val_if_fail (DECK_IS_NR_SETTINGS (self), NULL);

  return (const char * const *) self->permissions;
}

gboolean
deck_nr_settings_get_anonymous (DeckNrSettings *self)
{
  g_return_val_if_fail (DECK_IS_NR_SETTINGS (self), FALSE);

  return self->anonymous;
}

const char *
deck_nr_settings_get_http_node_root (DeckNrSettings *self)
{
  g_return_val_if_fail (DECK_IS_NR_SETTINGS (self), NULL);

  return self->http_node_root;
}

gboolean
deck_nr_settings_get_diagnostics_enabled (DeckNrSettings *self)
{
  g_return_val_if_fail (DECK_IS_NR_SETTINGS (self), FALSE);

  return self->diagnostics_enabled;
}

gboolean
deck_nr_settings_get_runtime_state_enabled (DeckNrSettings *self)
{
  g_return_val_if_fail (DECK_IS_NR_SETTINGS (self), FALSE);

  return self->runtime_state_enabled;
}
