/* deck-ff-settings.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-ff-models"

#include "config.h"

#include "deck-ff-settings.h"
#include "deck-flowfuse-error.h"
#include "deck-json.h"

/* `GET /api/v1/settings` (forge/routes/api/settings.js). The server
 * answers two shapes: signed out, only `features` (the public ones),
 * `user:signup`, `user:reset-password` and branding; signed in (cookie
 * session), `features`, `base_url`, `license`, `stacks`, … and, for
 * admins, `version:forge`, `user:signup` and more. Required: `features`
 * (every FlowFuse answer has it; it is also how we recognise FlowFuse).
 *
 * - version: `version`, else `version:forge` (admins only); NULL otherwise.
 * - license-active: `license.type` is "EE" or "DEV" (any non-empty type
 *   other than "CE": unlicensed servers send "CE") and `license.expired`
 *   is not true. The license tier is not sent here, so use the
 *   `httpBearerTokens` feature to know whether HTTP tokens exist.
 * - registration: `user:signup` is true (only in the public and admin
 *   answers; FALSE otherwise).
 * - sso-only: `platform:sso:only` (or `sso:only`) is truthy; FlowFuse 2.x
 *   does not send it, so it is usually FALSE.
 * - signed-in-view: the answer has `base_url` or `license`, which only the
 *   signed-in shape carries (or both `features` and a version). */

struct _DeckFfSettings
{
  GObject     parent_instance;

  char       *version;
  char       *base_url;
  char       *license_type;
  gboolean    license_active;
  gboolean    registration;
  gboolean    sso_only;
  gboolean    signed_in_view;
  GHashTable *features;
};

G_DEFINE_FINAL_TYPE (DeckFfSettings, deck_ff_settings, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_VERSION,
  PROP_BASE_URL,
  PROP_LICENSE_TYPE,
  PROP_LICENSE_ACTIVE,
  PROP_REGISTRATION,
  PROP_SSO_ONLY,
  PROP_SIGNED_IN_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
deck_ff_settings_finalize (GObject *object)
{
  DeckFfSettings *self = (DeckFfSettings *)object;

  g_clear_pointer (&self->version, g_free);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->license_type, g_free);
  g_clear_pointer (&self->features, g_hash_table_unref);

  G_OBJECT_CLASS (deck_ff_settings_parent_class)->finalize (object);
}

static void
deck_ff_settings_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DeckFfSettings *self = DECK_FF_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_VERSION:
      g_value_set_string (value, deck_ff_settings_get_version (self));
      break;

    case PROP_BASE_URL:
      g_value_set_string (value, deck_ff_settings_get_base_url (self));
      break;

    case PROP_LICENSE_TYPE:
      g_value_set_string (value, deck_ff_settings_get_license_type (self));
      break;

    case PROP_LICENSE_ACTIVE:
      g_value_set_boolean (value, deck_ff_settings_get_license_active (self));
      break;

    case PROP_REGISTRATION:
      g_value_set_boolean (value, deck_ff_settings_get_registration (self));
      break;

    case PROP_SSO_ONLY:
      g_value_set_boolean (value, deck_ff_settings_get_sso_only (self));
      break;

    case PROP_SIGNED_IN_VIEW:
      g_value_set_boolean (value, deck_ff_settings_is_signed_in_view (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_ff_settings_class_init (DeckFfSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = deck_ff_settings_finalize;
  object_class->get_property = deck_ff_settings_get_property;

  properties[PROP_VERSION] =
    g_param_spec_string ("version", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_LICENSE_TYPE] =
    g_param_spec_string ("license-type", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_LICENSE_ACTIVE] =
    g_param_spec_boolean ("license-active", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_STATIC_STRINGS));

  properties[PROP_REGISTRATION] =
    g_param_spec_boolean ("registration", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_STATIC_STRINGS));

  properties[PROP_SSO_ONLY] =
    g_param_spec_boolean ("sso-only", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_STATIC_STRINGS));

  properties[PROP_SIGNED_IN_VIEW] =
    g_param_spec_boolean ("signed-in-view", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
deck_ff_settings_init (DeckFfSettings *self)
{
}

/**
 * deck_ff_settings_new_from_json:
 * @object: a JSON object from the server
 * @error: a location for a #GError, or %NULL
 *
 * Reads the platform settings. Required: `features` (an object).
 *
 * Returns: (transfer full) (nullable): a new #DeckFfSettings, or %NULL with @error
 *   set to a %DECK_FLOWFUSE_ERROR_UNEXPECTED_RESPONSE naming the field
 */
DeckFfSettings *
deck_ff_settings_new_from_json (JsonObject  *object,
                                GError     **error)
{
  DeckFfSettings *self;
  JsonObject *license;
  const char *version;
  const char *license_type;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (deck_json_get_object (object, "features") == NULL)
    {
      g_propagate_error (error, deck_flowfuse_error_new_missing_field ("platform settings",
                                                                       "features"));
      return NULL;
    }

  self = g_object_new (DECK_TYPE_FF_SETTINGS, NULL);
  self->features = deck_json_get_flags (object, "features");

  version = deck_json_get_string (object, "version");
  if (version == NULL)
    version = deck_json_get_string (object, "version:forge");
  self->version = g_strdup (version);
  self->base_url = g_strdup (deck_json_get_string (object, "base_url"));

  license = deck_json_get_object (object, "license");
  license_type = license != NULL ? deck_json_get_string (license, "type") : NULL;
  self->license_type = g_strdup (license_type);
  self->license_active = (license_type != NULL && *license_type != '\0' &&
                          g_ascii_strcasecmp (license_type, "CE") != 0 &&
                          !deck_json_get_bool (license, "expired", FALSE));

  self->registration = deck_json_get_bool (object, "user:signup", FALSE);
  self->sso_only = (deck_json_node_is_truthy (json_object_get_member (object, "platform:sso:only")) ||
                    deck_json_node_is_truthy (json_object_get_member (object, "sso:only")));
  self->signed_in_view = (json_object_has_member (object, "base_url") ||
                          license != NULL ||
                          self->version != NULL);

  return self;
}

/**
 * deck_ff_settings_get_version:
 * @self: a #DeckFfSettings
 *
 * Returns: (nullable): the FlowFuse version, when the server said
 */
const char *
deck_ff_settings_get_version (DeckFfSettings *self)
{
  g_return_val_if_fail (DECK_IS_FF_SETTINGS (self), NULL);

  return self->version;
}

/**
 * deck_ff_settings_get_base_url:
 * @self: a #DeckFfSettings
 *
 * Returns: (nullable): the platform's public URL
 */
const char *
deck_ff_settings_get_base_url (DeckFfSettings *self)
{
  g_return_val_if_fail (DECK_IS_FF_SETTINGS (self), NULL);

  return self->base_url;
}

/**
 * deck_ff_settings_get_license_type:
 * @self: a #DeckFfSettings
 *
 * Returns: (nullable): the license type ("CE", "EE", "DEV")
 */
const char *
deck_ff_settings_get_license_type (DeckFfSettings *self)
{
  g_return_val_if_fail (DECK_IS_FF_SETTINGS (self), NULL);

  return self->license_type;
}

/**
 * deck_ff_settings_get_license_active:
 * @self: a #DeckFfSettings
 *
 * Returns: whether an enterprise license is in force
 */
gboolean
deck_ff_settings_get_license_active (DeckFfSettings *self)
{
  g_return_val_if_fail (DECK_IS_FF_SETTINGS (self), FALSE);

  return self->license_active;
}

/**
 * deck_ff_settings_get_registration:
 * @self: a #DeckFfSettings
 *
 * Returns: whether anyone may sign up
 */
gboolean
deck_ff_settings_get_registration (DeckFfSettings *self)
{
  g_return_val_if_fail (DECK_IS_FF_SETTINGS (self), FALSE);

  return self->registration;
}

/**
 * deck_ff_settings_get_sso_only:
 * @self: a #DeckFfSettings
 *
 * Returns: whether users must sign in through single sign-on
 */
gboolean
deck_ff_settings_get_sso_only (DeckFfSettings *self)
{
  g_return_val_if_fail (DECK_IS_FF_SETTINGS (self), FALSE);

  return self->sso_only;
}

/**
 * deck_ff_settings_is_signed_in_view:
 * @self: a #DeckFfSettings
 *
 * Returns: whether the answer was the signed-in one
 */
gboolean
deck_ff_settings_is_signed_in_view (DeckFfSettings *self)
{
  g_return_val_if_fail (DECK_IS_FF_SETTINGS (self), FALSE);

  return self->signed_in_view;
}

/**
 * deck_ff_settings_has_feature:
 * @self: a #DeckFfSettings
 * @feature: a platform feature, e.g. "httpBearerTokens"
 *
 * Reads `features.<feature>` with JavaScript truthiness. Signed out, the
 * server only lists its public features.
 *
 * Returns: whether the platform has @feature
 */
gboolean
deck_ff_settings_has_feature (DeckFfSettings *self,
                              const char     *feature)
{
  gpointer value;

  g_return_val_if_fail (DECK_IS_FF_SETTINGS (self), FALSE);
  g_return_val_if_fail (feature != NULL, FALSE);

  if (self->features == NULL ||
      !g_hash_table_lookup_extended (self->features, feature, NULL, &value))
    return FALSE;

  return GPOINTER_TO_UINT (value);
}
