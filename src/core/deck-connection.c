/* deck-connection.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-connection"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "deck-connection.h"
#include "deck-json.h"
#include "deck-secure.h"

/* An OAuth connection: one consent at one provider, with the user's own
 * client, whose tokens a flow on a FlowFuse instance can use. This object
 * holds only what may be written in plain text (connections.json): the
 * provider, endpoints, client id, scopes asked and granted, a label for
 * the account, the access token's expiry and where the secrets were
 * delivered. The client secret and the tokens live in the keyring only
 * (DeckConnectionStore, SECURITY.md S1). */

struct _DeckConnection
{
  GObject                     parent_instance;

  char                       *id;
  DeckOAuthPreset             preset;
  char                       *display_name;
  char                       *client_id;
  gboolean                    has_client_secret;

  char                       *issuer;
  char                       *authorization_endpoint;
  char                       *token_endpoint;
  char                       *revocation_endpoint;
  char                       *userinfo_endpoint;
  char                       *redirect_path;
  char                       *extra_params;      /* custom only: `a=b&c=d` */
  gboolean                    require_iss;

  GStrv                       requested_scopes;
  GStrv                       granted_scopes;    /* NULL: as requested (RFC 6749 §5.1) */
  gboolean                    has_refresh_token;
  char                       *account_label;
  GDateTime                  *expires_at;

  DeckConnectionRefreshState  refresh_state;
  char                       *last_error;

  GPtrArray                  *deliveries;        /* DeckConnectionDelivery */
};

G_DEFINE_FINAL_TYPE (DeckConnection, deck_connection, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (DeckConnectionDelivery, deck_connection_delivery,
                     deck_connection_delivery_copy, deck_connection_delivery_free)

enum {
  PROP_0,
  PROP_ID,
  PROP_DISPLAY_NAME,
  PROP_CLIENT_ID,
  PROP_ACCOUNT_LABEL,
  PROP_REQUESTED_SCOPES,
  PROP_GRANTED_SCOPES,
  PROP_EXPIRES_AT,
  PROP_REFRESH_STATE,
  PROP_N_DELIVERIES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const env_suffixes[DECK_CONNECTION_ENV_N] = {
  "CLIENT_ID", "CLIENT_SECRET", "REFRESH_TOKEN", "TOKEN_URL",
};

static const char * const env_keys[DECK_CONNECTION_ENV_N] = {
  "client_id", "client_secret", "refresh_token", "token_url",
};

/*
 * DeckConnectionDelivery
 */

DeckConnectionDelivery *
deck_connection_delivery_copy (const DeckConnectionDelivery *delivery)
{
  DeckConnectionDelivery *copy;

  g_return_val_if_fail (delivery != NULL, NULL);

  copy = g_new0 (DeckConnectionDelivery, 1);
  copy->server_url = g_strdup (delivery->server_url);
  copy->instance_id = g_strdup (delivery->instance_id);
  copy->instance_name = g_strdup (delivery->instance_name);
  for (guint i = 0; i < DECK_CONNECTION_ENV_N; i++)
    copy->names[i] = g_strdup (delivery->names[i]);
  return copy;
}

void
deck_connection_delivery_free (DeckConnectionDelivery *delivery)
{
  if (delivery == NULL)
    return;

  g_free (delivery->server_url);
  g_free (delivery->instance_id);
  g_free (delivery->instance_name);
  for (guint i = 0; i < DECK_CONNECTION_ENV_N; i++)
    g_free (delivery->names[i]);
  g_free (delivery);
}

/*
 * Auxiliary methods
 */

static char *
new_id (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(DeckSecureString) token = deck_random_token (12, &error);

  /* Not a secret, just unique; getrandom() failing is not expected. */
  if (token == NULL)
    return g_strdup_printf ("conn-%" G_GINT64_FORMAT, g_get_real_time ());

  return g_strconcat ("conn-", token, NULL);
}

static GStrv
strv_from_json (JsonObject *object,
                const char *member)
{
  JsonArray *array = deck_json_get_array (object, member);
  g_autoptr(GStrvBuilder) builder = NULL;

  if (array == NULL)
    return NULL;

  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *s = deck_json_node_get_string (json_array_get_element (array, i));

      if (s != NULL && *s != '\0')
        g_strv_builder_add (builder, s);
    }
  return g_strv_builder_end (builder);
}

static JsonNode *
strv_to_json (const char * const *strv)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_array_add_string_element (array, strv[i]);
  json_node_take_array (node, array);
  return node;
}

static void
set_optional_string (JsonObject *object,
                     const char *member,
                     const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
}

static char *
encode_extra_params (DeckOAuthProfile *profile)
{
  GHashTable *extra = deck_oauth_profile_get_extra_params (profile);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  GHashTableIter iter;
  gpointer name;

  g_hash_table_iter_init (&iter, extra);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    g_ptr_array_add (names, name);
  if (names->len == 0)
    return NULL;

  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < names->len; i++)
    {
      if (text->len > 0)
        g_string_append_c (text, '&');
      g_string_append_uri_escaped (text, names->pdata[i], NULL, FALSE);
      g_string_append_c (text, '=');
      g_string_append_uri_escaped (text, g_hash_table_lookup (extra, names->pdata[i]), NULL,
                                   FALSE);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Whether @granted covers the requested @scope. Providers do not echo
 * scopes verbatim: Microsoft answers `https://graph.microsoft.com/User.Read`
 * for `User.Read` and leaves out `offline_access`; Google answers
 * `https://www.googleapis.com/auth/userinfo.email` for `email`. */
static gboolean
scope_granted (const char         *scope,
               const char * const *granted,
               gboolean            implied_offline)
{
  if (g_strcmp0 (scope, "offline_access") == 0 && implied_offline)
    return TRUE;

  for (guint i = 0; granted[i] != NULL; i++)
    {
      const char *g = granted[i];
      const char *slash = strrchr (g, '/');

      if (g_strcmp0 (g, scope) == 0)
        return TRUE;
      if (slash != NULL && g_ascii_strcasecmp (slash + 1, scope) == 0)
        return TRUE;
      if (slash != NULL && g_str_has_prefix (slash + 1, "userinfo.") &&
          g_strcmp0 (slash + 1 + strlen ("userinfo."), scope) == 0)
        return TRUE;
    }

  return FALSE;
}

/*
 * Parent class overrides
 */

static void
deck_connection_finalize (GObject *object)
{
  DeckConnection *self = (DeckConnection *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->client_id, g_free);
  g_clear_pointer (&self->issuer, g_free);
  g_clear_pointer (&self->authorization_endpoint, g_free);
  g_clear_pointer (&self->token_endpoint, g_free);
  g_clear_pointer (&self->revocation_endpoint, g_free);
  g_clear_pointer (&self->userinfo_endpoint, g_free);
  g_clear_pointer (&self->redirect_path, g_free);
  g_clear_pointer (&self->extra_params, g_free);
  g_clear_pointer (&self->requested_scopes, g_strfreev);
  g_clear_pointer (&self->granted_scopes, g_strfreev);
  g_clear_pointer (&self->account_label, g_free);
  g_clear_pointer (&self->expires_at, g_date_time_unref);
  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->deliveries, g_ptr_array_unref);

  G_OBJECT_CLASS (deck_connection_parent_class)->finalize (object);
}

static void
deck_connection_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DeckConnection *self = DECK_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, deck_connection_get_display_name (self));
      break;
    case PROP_CLIENT_ID:
      g_value_set_string (value, self->client_id);
      break;
    case PROP_ACCOUNT_LABEL:
      g_value_set_string (value, self->account_label);
      break;
    case PROP_REQUESTED_SCOPES:
      g_value_set_boxed (value, self->requested_scopes);
      break;
    case PROP_GRANTED_SCOPES:
      g_value_set_boxed (value, self->granted_scopes);
      break;
    case PROP_EXPIRES_AT:
      g_value_set_boxed (value, self->expires_at);
      break;
    case PROP_REFRESH_STATE:
      g_value_set_int (value, self->refresh_state);
      break;
    case PROP_N_DELIVERIES:
      g_value_set_uint (value, self->deliveries->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_connection_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  DeckConnection *self = DECK_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_DISPLAY_NAME:
      deck_connection_set_display_name (self, g_value_get_string (value));
      break;
    case PROP_REQUESTED_SCOPES:
      deck_connection_set_requested_scopes (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_connection_class_init (DeckConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = deck_connection_finalize;
  object_class->get_property = deck_connection_get_property;
  object_class->set_property = deck_connection_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, ro);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, rw);
  properties[PROP_CLIENT_ID] = g_param_spec_string ("client-id", NULL, NULL, NULL, ro);
  properties[PROP_ACCOUNT_LABEL] = g_param_spec_string ("account-label", NULL, NULL, NULL, ro);
  properties[PROP_REQUESTED_SCOPES] =
    g_param_spec_boxed ("requested-scopes", NULL, NULL, G_TYPE_STRV, rw);
  properties[PROP_GRANTED_SCOPES] =
    g_param_spec_boxed ("granted-scopes", NULL, NULL, G_TYPE_STRV, ro);
  properties[PROP_EXPIRES_AT] =
    g_param_spec_boxed ("expires-at", NULL, NULL, G_TYPE_DATE_TIME, ro);
  properties[PROP_REFRESH_STATE] =
    g_param_spec_int ("refresh-state", NULL, NULL, DECK_CONNECTION_REFRESH_IDLE,
                      DECK_CONNECTION_REFRESH_UNAVAILABLE, DECK_CONNECTION_REFRESH_IDLE, ro);
  properties[PROP_N_DELIVERIES] = g_param_spec_uint ("n-deliveries", NULL, NULL, 0, G_MAXUINT,
                                                     0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
deck_connection_init (DeckConnection *self)
{
  self->redirect_path = g_strdup (DECK_OAUTH_PRESET_REDIRECT_PATH);
  self->deliveries = g_ptr_array_new_with_free_func ((GDestroyNotify) deck_connection_delivery_free);
}

/*
 * Public API
 */

/**
 * deck_connection_new:
 * @preset: a preset other than %DECK_OAUTH_PRESET_CUSTOM
 * @client_id: the user's client id
 *
 * A connection with the preset's endpoints and default scopes; for
 * custom providers use deck_connection_new_for_profile().
 *
 * Returns: (transfer full): a new #DeckConnection with a fresh id
 */
DeckConnection *
deck_connection_new (DeckOAuthPreset  preset,
                     const char      *client_id)
{
  g_autoptr(DeckOAuthProfile) profile = NULL;

  g_return_val_if_fail (preset != DECK_OAUTH_PRESET_CUSTOM, NULL);
  g_return_val_if_fail (client_id != NULL, NULL);

  profile = deck_oauth_preset_build_profile (preset, client_id, NULL, NULL, NULL);
  return deck_connection_new_for_profile (preset, profile);
}

/**
 * deck_connection_new_for_profile:
 * @preset: which preset @profile came from (or custom)
 * @profile: the profile the consent runs with
 *
 * Copies endpoints, client id, scopes (as requested), the redirect path
 * and, for custom providers, the extra parameters. Not the secret: the
 * store keeps it in the keyring.
 *
 * Returns: (transfer full): a new #DeckConnection with a fresh id
 */
DeckConnection *
deck_connection_new_for_profile (DeckOAuthPreset   preset,
                                 DeckOAuthProfile *profile)
{
  DeckConnection *self;

  g_return_val_if_fail ((guint) preset < DECK_OAUTH_PRESET_N, NULL);
  g_return_val_if_fail (DECK_IS_OAUTH_PROFILE (profile), NULL);

  self = g_object_new (DECK_TYPE_CONNECTION, NULL);
  self->id = new_id ();
  self->preset = preset;
  self->client_id = g_strdup (deck_oauth_profile_get_client_id (profile));
  self->has_client_secret = deck_oauth_profile_get_client_secret (profile) != NULL;
  self->issuer = g_strdup (deck_oauth_profile_get_issuer (profile));
  self->authorization_endpoint = g_strdup (deck_oauth_profile_get_authorization_endpoint (profile));
  self->token_endpoint = g_strdup (deck_oauth_profile_get_token_endpoint (profile));
  self->revocation_endpoint = g_strdup (deck_oauth_profile_get_revocation_endpoint (profile));
  self->userinfo_endpoint = g_strdup (deck_oauth_profile_get_userinfo_endpoint (profile));
  g_free (self->redirect_path);
  self->redirect_path = g_strdup (deck_oauth_profile_get_redirect_path (profile));
  self->require_iss = deck_oauth_profile_get_require_iss (profile);
  self->requested_scopes = g_strdupv ((char **) deck_oauth_profile_get_scopes (profile));
  if (preset == DECK_OAUTH_PRESET_CUSTOM)
    self->extra_params = encode_extra_params (profile);

  return self;
}

/**
 * deck_connection_new_from_json:
 * @object: an entry of connections.json
 * @error: a location for a #GError, or %NULL
 *
 * Returns: (transfer full) (nullable): the connection, or %NULL with
 *   @error when the entry is unusable
 */
DeckConnection *
deck_connection_new_from_json (JsonObject  *object,
                               GError     **error)
{
  g_autoptr(DeckConnection) self = NULL;
  const DeckOAuthPresetInfo *info;
  const char *id = deck_json_get_string (object, "id");
  const char *client_id = deck_json_get_string (object, "client_id");
  const char *token_endpoint = deck_json_get_string (object, "token_endpoint");
  const char *authorization_endpoint = deck_json_get_string (object, "authorization_endpoint");
  JsonArray *deliveries;

  info = deck_oauth_preset_lookup (deck_json_get_string (object, "preset"));
  if (id == NULL || *id == '\0' || info == NULL || client_id == NULL ||
      token_endpoint == NULL || authorization_endpoint == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("A connection lacks its id, provider, client id or endpoints."));
      return NULL;
    }

  self = g_object_new (DECK_TYPE_CONNECTION, NULL);
  self->id = g_strdup (id);
  self->preset = info->preset;
  self->display_name = g_strdup (deck_json_get_string (object, "display_name"));
  self->client_id = g_strdup (client_id);
  self->has_client_secret = deck_json_get_bool (object, "has_client_secret", FALSE);
  self->issuer = g_strdup (deck_json_get_string (object, "issuer"));
  self->authorization_endpoint = g_strdup (authorization_endpoint);
  self->token_endpoint = g_strdup (token_endpoint);
  self->revocation_endpoint = g_strdup (deck_json_get_string (object, "revocation_endpoint"));
  self->userinfo_endpoint = g_strdup (deck_json_get_string (object, "userinfo_endpoint"));
  if (deck_json_get_string (object, "redirect_path") != NULL)
    {
      g_free (self->redirect_path);
      self->redirect_path = g_strdup (deck_json_get_string (object, "redirect_path"));
    }
  self->extra_params = g_strdup (deck_json_get_string (object, "extra_params"));
  self->require_iss = deck_json_get_bool (object, "require_iss", FALSE);
  self->requested_scopes = strv_from_json (object, "requested_scopes");
  self->granted_scopes = strv_from_json (object, "granted_scopes");
  self->has_refresh_token = deck_json_get_bool (object, "has_refresh_token", FALSE);
  self->account_label = g_strdup (deck_json_get_string (object, "account_label"));
  self->expires_at = deck_json_get_datetime (object, "expires_at");
  if (!self->has_refresh_token)
    self->refresh_state = DECK_CONNECTION_REFRESH_UNAVAILABLE;

  deliveries = deck_json_get_array (object, "deliveries");
  for (guint i = 0; deliveries != NULL && i < json_array_get_length (deliveries); i++)
    {
      JsonNode *node = json_array_get_element (deliveries, i);
      JsonObject *item, *names;
      DeckConnectionDelivery *delivery;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      item = json_node_get_object (node);
      if (deck_json_get_string (item, "server_url") == NULL ||
          deck_json_get_string (item, "instance_id") == NULL)
        continue;

      delivery = g_new0 (DeckConnectionDelivery, 1);
      delivery->server_url = g_strdup (deck_json_get_string (item, "server_url"));
      delivery->instance_id = g_strdup (deck_json_get_string (item, "instance_id"));
      delivery->instance_name = g_strdup (deck_json_get_string (item, "instance_name"));
      names = deck_json_get_object (item, "names");
      for (guint j = 0; names != NULL && j < DECK_CONNECTION_ENV_N; j++)
        delivery->names[j] = g_strdup (deck_json_get_string (names, env_keys[j]));
      g_ptr_array_add (self->deliveries, delivery);
    }

  return g_steal_pointer (&self);
}

/**
 * deck_connection_to_json:
 * @self: a #DeckConnection
 *
 * Returns: (transfer full): the entry for connections.json; holds no secret
 */
JsonObject *
deck_connection_to_json (DeckConnection *self)
{
  JsonObject *object = json_object_new ();
  JsonArray *deliveries = json_array_new ();

  g_return_val_if_fail (DECK_IS_CONNECTION (self), NULL);

  json_object_set_string_member (object, "id", self->id);
  json_object_set_string_member (object, "preset", deck_oauth_preset_get_info (self->preset)->id);
  set_optional_string (object, "display_name", self->display_name);
  json_object_set_string_member (object, "client_id", self->client_id);
  json_object_set_boolean_member (object, "has_client_secret", self->has_client_secret);
  set_optional_string (object, "issuer", self->issuer);
  json_object_set_string_member (object, "authorization_endpoint", self->authorization_endpoint);
  json_object_set_string_member (object, "token_endpoint", self->token_endpoint);
  set_optional_string (object, "revocation_endpoint", self->revocation_endpoint);
  set_optional_string (object, "userinfo_endpoint", self->userinfo_endpoint);
  json_object_set_string_member (object, "redirect_path", self->redirect_path);
  set_optional_string (object, "extra_params", self->extra_params);
  json_object_set_boolean_member (object, "require_iss", self->require_iss);
  json_object_set_member (object, "requested_scopes",
                          strv_to_json ((const char * const *) self->requested_scopes));
  if (self->granted_scopes != NULL)
    json_object_set_member (object, "granted_scopes",
                            strv_to_json ((const char * const *) self->granted_scopes));
  json_object_set_boolean_member (object, "has_refresh_token", self->has_refresh_token);
  set_optional_string (object, "account_label", self->account_label);
  if (self->expires_at != NULL)
    {
      g_autofree char *text = g_date_time_format_iso8601 (self->expires_at);

      json_object_set_string_member (object, "expires_at", text);
    }

  for (guint i = 0; i < self->deliveries->len; i++)
    {
      DeckConnectionDelivery *delivery = g_ptr_array_index (self->deliveries, i);
      JsonObject *item = json_object_new ();
      JsonObject *names = json_object_new ();

      json_object_set_string_member (item, "server_url", delivery->server_url);
      json_object_set_string_member (item, "instance_id", delivery->instance_id);
      set_optional_string (item, "instance_name", delivery->instance_name);
      for (guint j = 0; j < DECK_CONNECTION_ENV_N; j++)
        set_optional_string (names, env_keys[j], delivery->names[j]);
      json_object_set_object_member (item, "names", names);
      json_array_add_object_element (deliveries, item);
    }
  json_object_set_array_member (object, "deliveries", deliveries);

  return object;
}

const char *
deck_connection_get_id (DeckConnection *self)
{
  g_return_val_if_fail (DECK_IS_CONNECTION (self), NULL);
  return self->id;
}

DeckOAuthPreset
deck_connection_get_preset (DeckConnection *self)
{
  g_return_val_if_fail (DECK_IS_CONNECTION (self), DECK_OAUTH_PRESET_CUSTOM);
  return self->preset;
}

/**
 * deck_connection_get_provider_name:
 * @self: a #DeckConnection
 *
 * Returns: "Google", "Microsoft", …, or for a custom provider the host of
 *   its issuer (or token endpoint)
 */
const char *
deck_connection_get_provider_name (DeckConnection *self)
{
  g_return_val_if_fail (DECK_IS_CONNECTION (self), NULL);

  if (self->preset != DECK_OAUTH_PRESET_CUSTOM)
    return deck_oauth_preset_get_info (self->preset)->name;

  return self->issuer != NULL ? self->issuer : self->token_endpoint;
}

/**
 * deck_connection_get_display_name:
 * @self: a #DeckConnection
 *
 * Returns: the name the user gave, or the provider's name
 */
const char *
deck_connection_get_display_name (DeckConnection *self)
{
  g_return_val_if_fail (DECK_IS_CONNECTION (self), NULL);

  if (self->display_name != NULL && *self->display_name != '\0')
    return self->display_name;

  return deck_connection_get_provider_name (self);
}

void
deck_connection_set_display_name (DeckConnection *self,
                                  const char     *name)
{
  g_return_if_fail (DECK_IS_CONNECTION (self));

  if (g_strcmp0 (self->display_name, name) == 0)
    return;

  g_free (self->display_name);
  self->display_name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
}

const char *
deck_connection_get_client_id (DeckConnection *self)
{
  g_return_val_if_fail (DECK_IS_CONNECTION (self), NULL);
  return self->client_id;
}

/**
 * deck_connection_get_has_client_secret:
 * @self: a #DeckConnection
 *
 * Returns: whether a client secret is in the keyring for this connection
 */
gboolean
deck_connection_get_has_client_secret (DeckConnection *self)
{
  g_return_val_if_fail (DECK_IS_CONNECTION (self), FALSE);
  return self->has_client_secret;
}

const char *
deck_connection_get_issuer (DeckConnection *self)
{
  g_return_val_if_fail (DECK_IS_CONNECTION (self), NULL);
  return self->issuer;
}

const char *
deck_connection_get_token_endpoint (DeckConnection *self)
{
  g_return_val_if_fail (DECK_IS_CONNECTION (self), NULL);
  return self->token_endpoint;
}

/**
 * deck_connection_get_revocation_endpoint:
 * @self: a #DeckConnection
 *
 * Returns: (nullable): the RFC 7009 endpoint; %NULL means a revoke only
 *   forgets the tokens here and the grant remains at the provider
 */
const char *
deck_connection_get_revocation_endpoint (DeckConnection *self)
{
  g_return_val_if_fail (DECK_IS_CONNECTION (self), NULL);
  return self->revocation_endpoint;
}

const char *
deck_connection_get_userinfo_endpoint (DeckConnection *self)
{
  g_return_val_if_fail (DECK_IS_CONNECTION (self), NULL);
  return self->userinfo_endpoint;
}

/**
 * deck_connection_get_redirect_path:
 * @self: a #DeckConnection
 *
 * Returns: the loopback path, fixed for the connection (the port is not)
 */
const char *
deck_connection_get_redirect_path (DeckConnection *self)
{
  g_return_val_if_fail (DECK_IS_CONNECTION (self), NULL);
  return self->redirect_path;
}

void
deck_connection_set_redirect_path (DeckConnection *self,
                                   const char     *path)
{
  g_return_if_fail (DECK_IS_CONNECTION (self));
  g_return_if_fail (path != NULL && path[0] == '/');

  g_free (self->redirect_path);
  self->redirect_path = g_strdup (path);
}

const char * const *
deck_connection_get_requested_scopes (DeckConnection *self)
{
  g_return_val_if_fail (DECK_IS_CONNECTION (self), NULL);
  return (const char * const *) self->requested_scopes;
}

void
deck_connection_set_requested_scopes (DeckConnection     *self,
                                      const char * const *scopes)
{
  g_return_if_fail (DECK_IS_CONNECTION (self));

  if (self->requested_scopes != NULL && scopes != NULL &&
      g_strv_equal ((const char * const *) self->requested_scopes, scopes))
    return;

  g_strfreev (self->requested_scopes);
  self->requested_scopes = g_strdupv ((char **) scopes);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUESTED_SCOPES]);
}

/**
 * deck_connection_get_granted_scopes:
 * @self: a #DeckConnection
 *
 * Returns: (nullable) (transfer none): the scopes the provider said it
 *   granted, or %NULL when it did not say (then: as requested)
 */
const char * const *
deck_connection_get_granted_scopes (DeckConnection *self)
{
  g_return_val_if_fail (DECK_IS_CONNECTION (self), NULL);
  return (const char * const *) self->granted_scopes;
}

/**
 * deck_connection_dup_missing_scopes:
 * @self: a #DeckConnection
 *
 * The requested scopes the provider did not grant (a narrowed grant,
 * RFC 6749 §3.3). Provider spellings are matched (see scope_granted()).
 *
 * Returns: (transfer full): the missing scopes, maybe none
 */
GStrv
deck_connection_dup_missing_scopes (DeckConnection *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (DECK_IS_CONNECTION (self), NULL);

  for (guint i = 0; self->granted_scopes != NULL && self->requested_scopes != NULL &&
                    self->requested_scopes[i] != NULL; i++)
    if (!scope_granted (self->requested_scopes[i], (const char * const *) self->granted_scopes,
                        /* Only Microsoft leaves out a granted
                         * offline_access; elsewhere (oidc-provider
                         * without a consent prompt) its absence is a
                         * real narrowing even if a refresh token came. */
                        self->preset == DECK_OAUTH_PRESET_MICROSOFT &&
                        self->has_refresh_token))
      g_strv_builder_add (builder, self->requested_scopes[i]);

  return g_strv_builder_end (builder);
}

/**
 * deck_connection_get_account_label:
 * @self: a #DeckConnection
 *
 * Returns: (nullable): who granted the access (email or name), for display
 *   only: it comes from an unverified ID token or the userinfo answer
 */
const char *
deck_connection_get_account_label (DeckConnection *self)
{
  g_return_val_if_fail (DECK_IS_CONNECTION (self), NULL);
  return self->account_label;
}

/**
 * deck_connection_get_expires_at:
 * @self: a #DeckConnection
 *
 * Returns: (nullable) (transfer none): when the current access token expires
 */
GDateTime *
deck_connection_get_expires_at (DeckConnection *self)
{
  g_return_val_if_fail (DECK_IS_CONNECTION (self), NULL);
  return self->expires_at;
}

DeckConnectionRefreshState
deck_connection_get_refresh_state (DeckConnection *self)
{
  g_return_val_if_fail (DECK_IS_CONNECTION (self), DECK_CONNECTION_REFRESH_IDLE);
  return self->refresh_state;
}

const char *
deck_connection_get_last_error (DeckConnection *self)
{
  g_return_val_if_fail (DECK_IS_CONNECTION (self), NULL);
  return self->last_error;
}

/**
 * deck_connection_get_deliveries:
 * @self: a #DeckConnection
 *
 * Returns: (transfer none) (element-type DeckConnectionDelivery): the
 *   instances that hold this connection's secrets
 */
GPtrArray *
deck_connection_get_deliveries (DeckConnection *self)
{
  g_return_val_if_fail (DECK_IS_CONNECTION (self), NULL);
  return self->deliveries;
}

/**
 * deck_connection_get_refresh_holder:
 * @self: a #DeckConnection
 *
 * A refresh token delivered to an instance is the flow's to use: with
 * rotation, whoever refreshes first invalidates the other's copy. So
 * while an instance holds it, Flowdeck does not refresh (the store
 * refuses with %DECK_CONNECTION_STORE_ERROR_HANDED_OVER) and renews
 * nothing before expiry.
 *
 * Returns: (transfer none) (nullable): the first delivery that holds
 *   the refresh token, or %NULL when Flowdeck alone holds it
 */
const DeckConnectionDelivery *
deck_connection_get_refresh_holder (DeckConnection *self)
{
  g_return_val_if_fail (DECK_IS_CONNECTION (self), NULL);

  for (guint i = 0; i < self->deliveries->len; i++)
    {
      const DeckConnectionDelivery *delivery = g_ptr_array_index (self->deliveries, i);

      if (delivery->names[DECK_CONNECTION_ENV_REFRESH_TOKEN] != NULL)
        return delivery;
    }

  return NULL;
}

/**
 * deck_connection_dup_default_env_name:
 * @self: a #DeckConnection
 * @which: which variable
 *
 * Returns: (transfer full): `OAUTH_<PROVIDER>_<WHAT>`, such as
 *   `OAUTH_GOOGLE_REFRESH_TOKEN`
 */
char *
deck_connection_dup_default_env_name (DeckConnection    *self,
                                      DeckConnectionEnv  which)
{
  g_return_val_if_fail (DECK_IS_CONNECTION (self), NULL);
  g_return_val_if_fail ((guint) which < DECK_CONNECTION_ENV_N, NULL);

  return g_strdup_printf ("OAUTH_%s_%s", deck_oauth_preset_get_info (self->preset)->env_prefix,
                          env_suffixes[which]);
}

/**
 * deck_connection_build_profile:
 * @self: a #DeckConnection
 * @client_secret: (nullable): the secret from the keyring
 *
 * Returns: (transfer full): a profile for a new consent, a refresh or a
 *   revocation with this connection's client
 */
DeckOAuthProfile *
deck_connection_build_profile (DeckConnection *self,
                               const char     *client_secret)
{
  DeckOAuthProfile *profile;

  g_return_val_if_fail (DECK_IS_CONNECTION (self), NULL);

  if (self->preset != DECK_OAUTH_PRESET_CUSTOM)
    return deck_oauth_preset_build_profile (self->preset, self->client_id, client_secret,
                                            (const char * const *) self->requested_scopes,
                                            self->redirect_path);

  profile = deck_oauth_profile_new (self->client_id, self->authorization_endpoint,
                                    self->token_endpoint);
  deck_oauth_profile_set_issuer (profile, self->issuer);
  deck_oauth_profile_set_revocation_endpoint (profile, self->revocation_endpoint);
  deck_oauth_profile_set_userinfo_endpoint (profile, self->userinfo_endpoint);
  deck_oauth_profile_set_redirect_path (profile, self->redirect_path);
  deck_oauth_profile_set_require_iss (profile, self->require_iss);
  deck_oauth_profile_set_scopes (profile, (const char * const *) self->requested_scopes);
  if (client_secret != NULL && *client_secret != '\0')
    deck_oauth_profile_set_client_secret (profile, client_secret);

  if (self->extra_params != NULL)
    {
      g_autoptr(GHashTable) params = g_uri_parse_params (self->extra_params, -1, "&",
                                                         G_URI_PARAMS_NONE, NULL);
      GHashTableIter iter;
      gpointer name, value;

      if (params != NULL)
        {
          g_hash_table_iter_init (&iter, params);
          while (g_hash_table_iter_next (&iter, &name, &value))
            {
              const char * const reserved[] = {
                "response_type", "client_id", "redirect_uri", "scope", "state",
                "code_challenge", "code_challenge_method", NULL
              };

              /* The file is not trusted to relax PKCE or the redirect. */
              if (!g_strv_contains (reserved, name) && *(const char *) name != '\0')
                deck_oauth_profile_set_extra_param (profile, name, value);
            }
        }
    }

  return profile;
}

/**
 * deck_connection_label_from_claims:
 * @claims: an ID token payload or a userinfo answer
 *
 * Returns: (transfer full) (nullable): `email`, else `preferred_username`,
 *   `name`, GitHub's `login`, Spotify's `display_name`, else %NULL
 */
char *
deck_connection_label_from_claims (JsonObject *claims)
{
  const char * const names[] = {
    "email", "preferred_username", "name", "login", "display_name", NULL
  };

  g_return_val_if_fail (claims != NULL, NULL);

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *value = deck_json_get_string (claims, names[i]);

      if (value != NULL && *value != '\0' && g_utf8_strlen (value, -1) <= 256)
        return g_utf8_make_valid (value, -1);
    }

  return NULL;
}

/**
 * deck_connection_label_from_id_token:
 * @id_token: (nullable): a JWS compact serialization
 *
 * Reads the payload of an ID token **without verifying it**: the result
 * is a label to show, never a security decision (the token came straight
 * from the token endpoint over TLS, but its signature is not checked).
 *
 * Returns: (transfer full) (nullable): a label, see
 *   deck_connection_label_from_claims()
 */
char *
deck_connection_label_from_id_token (const char *id_token)
{
  g_autoptr(JsonParser) parser = NULL;
  g_auto(GStrv) parts = NULL;
  g_autofree guchar *decoded = NULL;
  g_autoptr(GString) b64 = NULL;
  JsonNode *root;
  gsize length = 0;

  if (id_token == NULL || strlen (id_token) > 64 * 1024)
    return NULL;

  parts = g_strsplit (id_token, ".", 4);
  if (g_strv_length (parts) != 3 || *parts[1] == '\0')
    return NULL;

  b64 = g_string_new (parts[1]);
  for (gsize i = 0; i < b64->len; i++)
    {
      if (b64->str[i] == '-')
        b64->str[i] = '+';
      else if (b64->str[i] == '_')
        b64->str[i] = '/';
      else if (!g_ascii_isalnum (b64->str[i]) && b64->str[i] != '+' && b64->str[i] != '/')
        return NULL;
    }
  while (b64->len % 4 != 0)
    g_string_append_c (b64, '=');

  decoded = g_base64_decode (b64->str, &length);
  if (decoded == NULL || length == 0 || !g_utf8_validate ((const char *) decoded, length, NULL))
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, (const char *) decoded, length, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return deck_connection_label_from_claims (json_node_get_object (root));
}

/*< private >
 * _deck_connection_apply_tokens:
 * @self: a #DeckConnection
 * @tokens: a token response
 * @initial: whether it is the consent's (else a refresh's)
 *
 * Records the expiry and the granted scopes. A refresh answer without
 * `scope` keeps the scopes known (RFC 6749 §5.1: unchanged).
 */
void
_deck_connection_apply_tokens (DeckConnection        *self,
                               const DeckOAuthTokens *tokens,
                               gboolean               initial)
{
  g_return_if_fail (DECK_IS_CONNECTION (self));
  g_return_if_fail (tokens != NULL);

  g_clear_pointer (&self->expires_at, g_date_time_unref);
  if (tokens->expires_at != NULL)
    self->expires_at = g_date_time_ref (tokens->expires_at);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPIRES_AT]);

  if (initial || tokens->refresh_token != NULL)
    self->has_refresh_token = tokens->refresh_token != NULL;

  if (tokens->scope != NULL || initial)
    {
      g_autofree char *joined = NULL;

      g_clear_pointer (&self->granted_scopes, g_strfreev);
      if (tokens->scope != NULL)
        {
          joined = g_strjoinv (" ", tokens->scope);
          self->granted_scopes = deck_oauth_scopes_parse (joined);
        }
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GRANTED_SCOPES]);
    }

  /* A refresh that is still being stored stays RUNNING: the store says
   * when it is done (and schedules the next renewal then). */
  if (!self->has_refresh_token)
    _deck_connection_set_refresh_state (self, DECK_CONNECTION_REFRESH_UNAVAILABLE, NULL);
  else if (self->refresh_state != DECK_CONNECTION_REFRESH_RUNNING)
    _deck_connection_set_refresh_state (self, DECK_CONNECTION_REFRESH_IDLE, NULL);
}

void
_deck_connection_set_account_label (DeckConnection *self,
                                    const char     *label)
{
  g_return_if_fail (DECK_IS_CONNECTION (self));

  if (g_strcmp0 (self->account_label, label) == 0)
    return;

  g_free (self->account_label);
  self->account_label = g_strdup (label);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT_LABEL]);
}

void
_deck_connection_set_has_client_secret (DeckConnection *self,
                                        gboolean        has_secret)
{
  g_return_if_fail (DECK_IS_CONNECTION (self));
  self->has_client_secret = !!has_secret;
}

void
_deck_connection_set_refresh_state (DeckConnection             *self,
                                    DeckConnectionRefreshState  state,
                                    const char                 *error_message)
{
  g_return_if_fail (DECK_IS_CONNECTION (self));

  g_free (self->last_error);
  self->last_error = g_strdup (error_message);

  if (self->refresh_state == state)
    return;

  self->refresh_state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESH_STATE]);
}

/* Adds or replaces the delivery for (server, instance). */
void
_deck_connection_set_delivery (DeckConnection               *self,
                               const DeckConnectionDelivery *delivery)
{
  g_return_if_fail (DECK_IS_CONNECTION (self));
  g_return_if_fail (delivery != NULL);

  _deck_connection_remove_delivery (self, delivery->server_url, delivery->instance_id);
  g_ptr_array_add (self->deliveries, deck_connection_delivery_copy (delivery));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DELIVERIES]);
}

gboolean
_deck_connection_remove_delivery (DeckConnection *self,
                                  const char     *server_url,
                                  const char     *instance_id)
{
  g_return_val_if_fail (DECK_IS_CONNECTION (self), FALSE);

  for (guint i = 0; i < self->deliveries->len; i++)
    {
      DeckConnectionDelivery *d = g_ptr_array_index (self->deliveries, i);

      if (g_strcmp0 (d->server_url, server_url) == 0 &&
          g_strcmp0 (d->instance_id, instance_id) == 0)
        {
          g_ptr_array_remove_index (self->deliveries, i);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DELIVERIES]);
          return TRUE;
        }
    }

  return FALSE;
}
