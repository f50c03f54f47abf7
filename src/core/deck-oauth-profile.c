/* deck-oauth-profile.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-oauth"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "deck-http.h"
#include "deck-json.h"
#include "deck-oauth-profile.h"
#include "deck-oauth-profile-private.h"
#include "deck-secure.h"

/* DeckOAuthProfile is a plain GObject (not a boxed struct) that says
 * everything the flow needs to know about one authorization server and
 * one client: endpoints, client id and (optional) secret, scopes, extra
 * authorization parameters, the redirect path, how token requests are
 * encoded, and whether callbacks must carry `iss` (RFC 9207). It holds no
 * token. Three ways to get one: by hand (deck_oauth_profile_new() and the
 * setters), FlowFuse's `ff-plugin` client (deck_oauth_profile_new_flowfuse()),
 * or discovery from an issuer (RFC 8414 / OpenID Connect Discovery), which
 * checks the document's `issuer` against the one asked for (mix-up defence,
 * RFC 9700 §4.4). Provider presets can be built on the generic setters.
 *
 * The client secret is not a property on purpose: property dumps (the
 * GTK inspector, g_object_get in a debugger) must not show it, and nothing
 * here ever logs it. */

struct _DeckOAuthProfile
{
  GObject                 parent_instance;

  char                   *issuer;
  char                   *authorization_endpoint;
  char                   *token_endpoint;
  char                   *revocation_endpoint;
  char                   *userinfo_endpoint;
  char                   *client_id;
  char                   *client_secret;
  GStrv                   scopes;
  GStrv                   scopes_supported;  /* from discovery, or NULL */
  GHashTable             *extra_params;
  char                   *redirect_path;
  DeckOAuthTokenEncoding  token_encoding;
  gboolean                require_iss;
};

G_DEFINE_FINAL_TYPE (DeckOAuthProfile, deck_oauth_profile, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ISSUER,
  PROP_AUTHORIZATION_ENDPOINT,
  PROP_TOKEN_ENDPOINT,
  PROP_REVOCATION_ENDPOINT,
  PROP_USERINFO_ENDPOINT,
  PROP_CLIENT_ID,
  PROP_SCOPES,
  PROP_REDIRECT_PATH,
  PROP_REQUIRE_ISS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Parameters the flow sets itself; extra parameters may not replace them,
 * so that no profile can ever build a request without PKCE (O1). */
static const char * const reserved_params[] = {
  "response_type", "client_id", "redirect_uri", "scope", "state",
  "code_challenge", "code_challenge_method", NULL
};

#define DISCOVERY_TIMEOUT_SECONDS 30
#define DISCOVERY_MAX_BODY        (256 * 1024)

/*
 * Auxiliary methods
 */

static void
set_string (DeckOAuthProfile  *self,
            char             **field,
            const char        *value,
            guint              prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static char *
strip_trailing_slashes (const char *url)
{
  char *copy = g_strdup (url);
  gsize len = strlen (copy);

  while (len > 0 && copy[len - 1] == '/')
    copy[--len] = '\0';

  return copy;
}

/**
 * deck_oauth_check_endpoint:
 * @url: (nullable): an endpoint or issuer URL
 * @what: what it is, for the message ("token endpoint")
 * @error: a location for a #GError, or %NULL
 *
 * An endpoint must be an absolute `https` URL, or `http` on a loopback
 * address (the test peers, RFC 8252 §8.3), without user info or fragment.
 *
 * Returns: %TRUE if @url may be used
 */
gboolean
deck_oauth_check_endpoint (const char  *url,
                           const char  *what,
                           GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  if (url == NULL || *url == '\0')
    {
      g_set_error (error, DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_MALFORMED,
                   _("The sign-in server did not name its %s."), what);
      return FALSE;
    }

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      g_uri_get_userinfo (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_MALFORMED,
                   _("The sign-in server’s %s is not a valid address."), what);
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;

  if (g_ascii_strcasecmp (scheme, "http") == 0 && deck_http_host_is_loopback (host))
    return TRUE;

  g_set_error (error, DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_INSECURE_ENDPOINT,
               _("The sign-in server’s %s (%s) does not use https."), what, host);
  return FALSE;
}

/*
 * Parent class overrides
 */

static void
deck_oauth_profile_finalize (GObject *object)
{
  DeckOAuthProfile *self = (DeckOAuthProfile *) object;

  g_clear_pointer (&self->issuer, g_free);
  g_clear_pointer (&self->authorization_endpoint, g_free);
  g_clear_pointer (&self->token_endpoint, g_free);
  g_clear_pointer (&self->revocation_endpoint, g_free);
  g_clear_pointer (&self->userinfo_endpoint, g_free);
  g_clear_pointer (&self->scopes_supported, g_strfreev);
  g_clear_pointer (&self->client_id, g_free);
  deck_secure_clear (&self->client_secret);
  g_clear_pointer (&self->scopes, g_strfreev);
  g_clear_pointer (&self->extra_params, g_hash_table_unref);
  g_clear_pointer (&self->redirect_path, g_free);

  G_OBJECT_CLASS (deck_oauth_profile_parent_class)->finalize (object);
}

static void
deck_oauth_profile_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DeckOAuthProfile *self = DECK_OAUTH_PROFILE (object);

  switch (prop_id)
    {
    case PROP_ISSUER:
      g_value_set_string (value, self->issuer);
      break;
    case PROP_AUTHORIZATION_ENDPOINT:
      g_value_set_string (value, self->authorization_endpoint);
      break;
    case PROP_TOKEN_ENDPOINT:
      g_value_set_string (value, self->token_endpoint);
      break;
    case PROP_REVOCATION_ENDPOINT:
      g_value_set_string (value, self->revocation_endpoint);
      break;
    case PROP_USERINFO_ENDPOINT:
      g_value_set_string (value, self->userinfo_endpoint);
      break;
    case PROP_CLIENT_ID:
      g_value_set_string (value, self->client_id);
      break;
    case PROP_SCOPES:
      g_value_set_boxed (value, self->scopes);
      break;
    case PROP_REDIRECT_PATH:
      g_value_set_string (value, self->redirect_path);
      break;
    case PROP_REQUIRE_ISS:
      g_value_set_boolean (value, self->require_iss);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_oauth_profile_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  DeckOAuthProfile *self = DECK_OAUTH_PROFILE (object);

  switch (prop_id)
    {
    case PROP_ISSUER:
      deck_oauth_profile_set_issuer (self, g_value_get_string (value));
      break;
    case PROP_AUTHORIZATION_ENDPOINT:
      deck_oauth_profile_set_authorization_endpoint (self, g_value_get_string (value));
      break;
    case PROP_TOKEN_ENDPOINT:
      deck_oauth_profile_set_token_endpoint (self, g_value_get_string (value));
      break;
    case PROP_REVOCATION_ENDPOINT:
      deck_oauth_profile_set_revocation_endpoint (self, g_value_get_string (value));
      break;
    case PROP_USERINFO_ENDPOINT:
      deck_oauth_profile_set_userinfo_endpoint (self, g_value_get_string (value));
      break;
    case PROP_CLIENT_ID:
      deck_oauth_profile_set_client_id (self, g_value_get_string (value));
      break;
    case PROP_SCOPES:
      deck_oauth_profile_set_scopes (self, g_value_get_boxed (value));
      break;
    case PROP_REDIRECT_PATH:
      deck_oauth_profile_set_redirect_path (self, g_value_get_string (value));
      break;
    case PROP_REQUIRE_ISS:
      deck_oauth_profile_set_require_iss (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_oauth_profile_class_init (DeckOAuthProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = deck_oauth_profile_finalize;
  object_class->get_property = deck_oauth_profile_get_property;
  object_class->set_property = deck_oauth_profile_set_property;

  properties[PROP_ISSUER] = g_param_spec_string ("issuer", NULL, NULL, NULL, flags);
  properties[PROP_AUTHORIZATION_ENDPOINT] =
    g_param_spec_string ("authorization-endpoint", NULL, NULL, NULL, flags);
  properties[PROP_TOKEN_ENDPOINT] = g_param_spec_string ("token-endpoint", NULL, NULL, NULL, flags);
  properties[PROP_REVOCATION_ENDPOINT] =
    g_param_spec_string ("revocation-endpoint", NULL, NULL, NULL, flags);
  properties[PROP_USERINFO_ENDPOINT] =
    g_param_spec_string ("userinfo-endpoint", NULL, NULL, NULL, flags);
  properties[PROP_CLIENT_ID] = g_param_spec_string ("client-id", NULL, NULL, NULL, flags);
  properties[PROP_SCOPES] = g_param_spec_boxed ("scopes", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_REDIRECT_PATH] =
    g_param_spec_string ("redirect-path", NULL, NULL, DECK_OAUTH_DEFAULT_REDIRECT_PATH, flags);
  properties[PROP_REQUIRE_ISS] = g_param_spec_boolean ("require-iss", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
deck_oauth_profile_init (DeckOAuthProfile *self)
{
  self->redirect_path = g_strdup (DECK_OAUTH_DEFAULT_REDIRECT_PATH);
  self->extra_params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->token_encoding = DECK_OAUTH_TOKEN_ENCODING_FORM;
}

/*
 * Discovery
 */

typedef struct
{
  SoupSession *session;
  char        *issuer;
  char        *client_id;
  char        *urls[2];
  guint        attempt;
} DiscoverState;

static void
discover_state_free (DiscoverState *state)
{
  g_clear_object (&state->session);
  g_free (state->issuer);
  g_free (state->client_id);
  g_free (state->urls[0]);
  g_free (state->urls[1]);
  g_free (state);
}

/* RFC 8414 §3.1: the well-known segment goes between the host and the
 * issuer's path. */
static char *
rfc8414_url (GUri *issuer_uri)
{
  const char *path = g_uri_get_path (issuer_uri);
  g_autofree char *stripped = strip_trailing_slashes (path ? path : "");
  g_autofree char *new_path = g_strconcat ("/.well-known/oauth-authorization-server", stripped,
                                           NULL);

  return g_uri_join (G_URI_FLAGS_NONE, g_uri_get_scheme (issuer_uri), NULL,
                     g_uri_get_host (issuer_uri), g_uri_get_port (issuer_uri), new_path,
                     NULL, NULL);
}

static DeckOAuthProfile *
profile_from_metadata (DiscoverState  *state,
                       JsonObject     *doc,
                       GError        **error)
{
  g_autoptr(DeckOAuthProfile) profile = NULL;
  const char *issuer = deck_json_get_string (doc, "issuer");
  const char *authorization = deck_json_get_string (doc, "authorization_endpoint");
  const char *token = deck_json_get_string (doc, "token_endpoint");
  const char *revocation = deck_json_get_string (doc, "revocation_endpoint");
  const char *userinfo = deck_json_get_string (doc, "userinfo_endpoint");
  JsonArray *methods = deck_json_get_array (doc, "code_challenge_methods_supported");

  /* RFC 8414 §3.3 and OpenID Connect Discovery §4.3: the document must
   * name exactly the issuer we asked, or an attacker's server could pose
   * as another's. */
  if (g_strcmp0 (issuer, state->issuer) != 0)
    {
      g_set_error (error, DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_ISSUER_MISMATCH,
                   _("The sign-in server at %s claims to be a different server. Flowdeck "
                     "stopped to protect your account."), state->issuer);
      return NULL;
    }

  if (!deck_oauth_check_endpoint (authorization, _("authorization endpoint"), error) ||
      !deck_oauth_check_endpoint (token, _("token endpoint"), error) ||
      (revocation != NULL &&
       !deck_oauth_check_endpoint (revocation, _("revocation endpoint"), error)) ||
      (userinfo != NULL && !deck_oauth_check_endpoint (userinfo, _("user info endpoint"), error)))
    return NULL;

  if (methods != NULL)
    {
      gboolean s256 = FALSE;

      for (guint i = 0; i < json_array_get_length (methods); i++)
        s256 |= g_strcmp0 (deck_json_node_get_string (json_array_get_element (methods, i)),
                           "S256") == 0;

      if (!s256)
        {
          g_set_error (error, DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_NOT_SUPPORTED,
                       _("The sign-in server at %s does not support PKCE with S256, which "
                         "Flowdeck requires."), state->issuer);
          return NULL;
        }
    }

  profile = deck_oauth_profile_new (state->client_id, authorization, token);
  deck_oauth_profile_set_issuer (profile, state->issuer);
  deck_oauth_profile_set_revocation_endpoint (profile, revocation);
  deck_oauth_profile_set_userinfo_endpoint (profile, userinfo);
  /* What the user may pick from (at most 200: it is shown, not trusted). */
  {
    JsonArray *supported = deck_json_get_array (doc, "scopes_supported");

    if (supported != NULL)
      {
        g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

        for (guint i = 0; i < json_array_get_length (supported) && i < 200; i++)
          {
            const char *scope = deck_json_node_get_string (json_array_get_element (supported, i));

            if (scope != NULL)
              g_strv_builder_add (builder, scope);
          }
        profile->scopes_supported = g_strv_builder_end (builder);
      }
  }
  deck_oauth_profile_set_require_iss (profile,
                                      deck_json_get_bool (doc,
                                                          "authorization_response_iss_parameter_supported",
                                                          FALSE));
  return g_steal_pointer (&profile);
}

static void discover_next (GTask *task);

static void
discover_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DiscoverState *state = g_task_get_task_data (task);
  g_autoptr(DeckHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  DeckOAuthProfile *profile;

  response = deck_http_send_finish (result, &error);
  if (response == NULL)
    {
      /* A 200 that is not JSON (an HTML page) means "not here": try the
       * other well-known name. A transport failure ends the search. */
      if (g_error_matches (error, DECK_NET_ERROR, DECK_NET_ERROR_WRONG_CONTENT_TYPE) ||
          g_error_matches (error, DECK_NET_ERROR, DECK_NET_ERROR_MALFORMED))
        {
          discover_next (g_steal_pointer (&task));
          return;
        }

      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (response->status != SOUP_STATUS_OK || response->json == NULL ||
      !JSON_NODE_HOLDS_OBJECT (response->json))
    {
      g_debug ("No server metadata at well-known location %u (HTTP %u)", state->attempt,
               response->status);
      discover_next (g_steal_pointer (&task));
      return;
    }

  profile = profile_from_metadata (state, json_node_get_object (response->json), &error);
  if (profile == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, profile, g_object_unref);
}

static void
discover_next (GTask *task)
{
  DiscoverState *state = g_task_get_task_data (task);
  g_autoptr(SoupMessage) message = NULL;

  if (state->attempt >= G_N_ELEMENTS (state->urls))
    {
      g_task_return_new_error (task, DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_NOT_SUPPORTED,
                               _("%s publishes no OpenID Connect or OAuth server metadata."),
                               state->issuer);
      g_object_unref (task);
      return;
    }

  message = soup_message_new (SOUP_METHOD_GET, state->urls[state->attempt++]);
  deck_http_send_async (state->session, message, DECK_HTTP_FLAGS_JSON, DISCOVERY_MAX_BODY,
                        g_task_get_cancellable (task), discover_cb, task);
}

/**
 * deck_oauth_profile_discover_async:
 * @issuer: the issuer identifier, exactly as the server names itself
 * @client_id: the client id registered with it
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Reads `<issuer>/.well-known/openid-configuration`, or failing that the
 * RFC 8414 `/.well-known/oauth-authorization-server` document, and builds
 * a profile from it. The document's `issuer` must equal @issuer exactly,
 * every endpoint must be https (or loopback http), and if the server lists
 * its PKCE methods, S256 must be among them. The profile has no scopes:
 * set them with deck_oauth_profile_set_scopes().
 */
void
deck_oauth_profile_discover_async (const char          *issuer,
                                   const char          *client_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  DiscoverState *state;

  g_return_if_fail (issuer != NULL);
  g_return_if_fail (client_id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_oauth_profile_discover_async);

  if (!deck_oauth_check_endpoint (issuer, _("issuer"), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  uri = g_uri_parse (issuer, G_URI_FLAGS_NONE, NULL);
  if (g_uri_get_query (uri) != NULL)
    {
      g_task_return_new_error (task, DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_MALFORMED,
                               _("An issuer address cannot contain a query."));
      return;
    }

  state = g_new0 (DiscoverState, 1);
  state->session = deck_http_session_new (DISCOVERY_TIMEOUT_SECONDS);
  state->issuer = g_strdup (issuer);
  state->client_id = g_strdup (client_id);
  base = strip_trailing_slashes (issuer);
  state->urls[0] = g_strconcat (base, "/.well-known/openid-configuration", NULL);
  state->urls[1] = rfc8414_url (uri);
  g_task_set_task_data (task, state, (GDestroyNotify) discover_state_free);

  discover_next (g_steal_pointer (&task));
}

/**
 * deck_oauth_profile_discover_finish:
 * @result: the result
 * @error: a location for a #GError, or %NULL
 *
 * Returns: (transfer full): the profile, or %NULL with @error set
 */
DeckOAuthProfile *
deck_oauth_profile_discover_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        deck_oauth_profile_discover_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/*
 * Public API
 */

/**
 * deck_oauth_profile_new:
 * @client_id: the client id
 * @authorization_endpoint: the authorization endpoint URL
 * @token_endpoint: the token endpoint URL
 *
 * A generic profile with endpoints given by hand: form-encoded token
 * requests, redirect path `/callback`, no scopes, no `iss` check. Use the
 * setters for the rest.
 *
 * Returns: (transfer full): a new #DeckOAuthProfile
 */
DeckOAuthProfile *
deck_oauth_profile_new (const char *client_id,
                        const char *authorization_endpoint,
                        const char *token_endpoint)
{
  return g_object_new (DECK_TYPE_OAUTH_PROFILE,
                       "client-id", client_id,
                       "authorization-endpoint", authorization_endpoint,
                       "token-endpoint", token_endpoint,
                       NULL);
}

/**
 * deck_oauth_profile_new_flowfuse:
 * @base_url: the FlowFuse server, such as `https://app.flowfuse.com`
 *
 * FlowFuse's hard-coded public client `ff-plugin` (API.md §1.4): scope
 * `ff-plugin`, redirect path `/flowfuse-nr-tools/auth/callback`,
 * `<base>/account/authorize` and `<base>/account/token`, JSON token
 * requests, no revocation endpoint, no issuer (FlowFuse sends no `iss`).
 *
 * Returns: (transfer full): a new #DeckOAuthProfile
 */
DeckOAuthProfile *
deck_oauth_profile_new_flowfuse (const char *base_url)
{
  g_autofree char *base = NULL;
  g_autofree char *authorize = NULL;
  g_autofree char *token = NULL;
  const char * const scopes[] = { DECK_OAUTH_FLOWFUSE_SCOPE, NULL };
  DeckOAuthProfile *self;

  g_return_val_if_fail (base_url != NULL, NULL);

  base = strip_trailing_slashes (base_url);
  authorize = g_strconcat (base, "/account/authorize", NULL);
  token = g_strconcat (base, "/account/token", NULL);

  self = deck_oauth_profile_new (DECK_OAUTH_FLOWFUSE_CLIENT_ID, authorize, token);
  deck_oauth_profile_set_scopes (self, scopes);
  deck_oauth_profile_set_redirect_path (self, DECK_OAUTH_FLOWFUSE_REDIRECT_PATH);
  deck_oauth_profile_set_token_encoding (self, DECK_OAUTH_TOKEN_ENCODING_JSON);
  return self;
}

/**
 * deck_oauth_profile_validate:
 * @self: a #DeckOAuthProfile
 * @error: a location for a #GError, or %NULL
 *
 * Checks that a flow can be run with @self: a client id, https (or
 * loopback http) endpoints, and a redirect path that starts with `/`.
 *
 * Returns: %TRUE if usable
 */
gboolean
deck_oauth_profile_validate (DeckOAuthProfile  *self,
                             GError           **error)
{
  g_return_val_if_fail (DECK_IS_OAUTH_PROFILE (self), FALSE);

  if (self->client_id == NULL || *self->client_id == '\0')
    {
      g_set_error_literal (error, DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_MALFORMED,
                           _("No client id is set for this sign-in server."));
      return FALSE;
    }

  if (self->redirect_path == NULL || self->redirect_path[0] != '/')
    {
      g_set_error_literal (error, DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_MALFORMED,
                           _("The redirect path must start with “/”."));
      return FALSE;
    }

  return deck_oauth_check_endpoint (self->authorization_endpoint, _("authorization endpoint"),
                                    error) &&
         deck_oauth_check_endpoint (self->token_endpoint, _("token endpoint"), error) &&
         (self->revocation_endpoint == NULL ||
          deck_oauth_check_endpoint (self->revocation_endpoint, _("revocation endpoint"),
                                     error));
}

const char *
deck_oauth_profile_get_issuer (DeckOAuthProfile *self)
{
  g_return_val_if_fail (DECK_IS_OAUTH_PROFILE (self), NULL);
  return self->issuer;
}

void
deck_oauth_profile_set_issuer (DeckOAuthProfile *self,
                               const char       *issuer)
{
  g_return_if_fail (DECK_IS_OAUTH_PROFILE (self));
  set_string (self, &self->issuer, issuer, PROP_ISSUER);
}

const char *
deck_oauth_profile_get_authorization_endpoint (DeckOAuthProfile *self)
{
  g_return_val_if_fail (DECK_IS_OAUTH_PROFILE (self), NULL);
  return self->authorization_endpoint;
}

void
deck_oauth_profile_set_authorization_endpoint (DeckOAuthProfile *self,
                                               const char       *url)
{
  g_return_if_fail (DECK_IS_OAUTH_PROFILE (self));
  set_string (self, &self->authorization_endpoint, url, PROP_AUTHORIZATION_ENDPOINT);
}

const char *
deck_oauth_profile_get_token_endpoint (DeckOAuthProfile *self)
{
  g_return_val_if_fail (DECK_IS_OAUTH_PROFILE (self), NULL);
  return self->token_endpoint;
}

void
deck_oauth_profile_set_token_endpoint (DeckOAuthProfile *self,
                                       const char       *url)
{
  g_return_if_fail (DECK_IS_OAUTH_PROFILE (self));
  set_string (self, &self->token_endpoint, url, PROP_TOKEN_ENDPOINT);
}

/**
 * deck_oauth_profile_get_revocation_endpoint:
 * @self: a #DeckOAuthProfile
 *
 * Returns: (nullable): the RFC 7009 endpoint, or %NULL when the server
 *   offers none (then the UI says the grant remains, O14)
 */
const char *
deck_oauth_profile_get_revocation_endpoint (DeckOAuthProfile *self)
{
  g_return_val_if_fail (DECK_IS_OAUTH_PROFILE (self), NULL);
  return self->revocation_endpoint;
}

void
deck_oauth_profile_set_revocation_endpoint (DeckOAuthProfile *self,
                                            const char       *url)
{
  g_return_if_fail (DECK_IS_OAUTH_PROFILE (self));
  set_string (self, &self->revocation_endpoint, url, PROP_REVOCATION_ENDPOINT);
}

const char *
deck_oauth_profile_get_userinfo_endpoint (DeckOAuthProfile *self)
{
  g_return_val_if_fail (DECK_IS_OAUTH_PROFILE (self), NULL);
  return self->userinfo_endpoint;
}

void
deck_oauth_profile_set_userinfo_endpoint (DeckOAuthProfile *self,
                                          const char       *url)
{
  g_return_if_fail (DECK_IS_OAUTH_PROFILE (self));
  set_string (self, &self->userinfo_endpoint, url, PROP_USERINFO_ENDPOINT);
}

const char *
deck_oauth_profile_get_client_id (DeckOAuthProfile *self)
{
  g_return_val_if_fail (DECK_IS_OAUTH_PROFILE (self), NULL);
  return self->client_id;
}

void
deck_oauth_profile_set_client_id (DeckOAuthProfile *self,
                                  const char       *client_id)
{
  g_return_if_fail (DECK_IS_OAUTH_PROFILE (self));
  set_string (self, &self->client_id, client_id, PROP_CLIENT_ID);
}

/**
 * deck_oauth_profile_get_client_secret:
 * @self: a #DeckOAuthProfile
 *
 * Returns: (nullable): the client secret of a confidential client, sent as
 *   `client_secret` in token and revocation requests (never logged)
 */
const char *
deck_oauth_profile_get_client_secret (DeckOAuthProfile *self)
{
  g_return_val_if_fail (DECK_IS_OAUTH_PROFILE (self), NULL);
  return self->client_secret;
}

void
deck_oauth_profile_set_client_secret (DeckOAuthProfile *self,
                                      const char       *client_secret)
{
  g_return_if_fail (DECK_IS_OAUTH_PROFILE (self));

  if (g_strcmp0 (self->client_secret, client_secret) == 0)
    return;

  deck_secure_clear (&self->client_secret);
  self->client_secret = g_strdup (client_secret);
}

/**
 * deck_oauth_profile_get_scopes:
 * @self: a #DeckOAuthProfile
 *
 * Returns: (transfer none) (nullable) (array zero-terminated=1): the scopes
 */
const char * const *
deck_oauth_profile_get_scopes (DeckOAuthProfile *self)
{
  g_return_val_if_fail (DECK_IS_OAUTH_PROFILE (self), NULL);
  return (const char * const *) self->scopes;
}

void
deck_oauth_profile_set_scopes (DeckOAuthProfile   *self,
                               const char * const *scopes)
{
  g_return_if_fail (DECK_IS_OAUTH_PROFILE (self));

  if (self->scopes != NULL && scopes != NULL &&
      g_strv_equal ((const char * const *) self->scopes, scopes))
    return;
  if (self->scopes == NULL && scopes == NULL)
    return;

  g_strfreev (self->scopes);
  self->scopes = g_strdupv ((char **) scopes);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCOPES]);
}

/**
 * deck_oauth_profile_dup_scope_string:
 * @self: a #DeckOAuthProfile
 *
 * Returns: (transfer full) (nullable): the scopes joined with spaces, or
 *   %NULL when there are none
 */
char *
deck_oauth_profile_dup_scope_string (DeckOAuthProfile *self)
{
  g_return_val_if_fail (DECK_IS_OAUTH_PROFILE (self), NULL);

  if (self->scopes == NULL || self->scopes[0] == NULL)
    return NULL;

  return g_strjoinv (" ", self->scopes);
}

/**
 * deck_oauth_profile_get_extra_params:
 * @self: a #DeckOAuthProfile
 *
 * Returns: (transfer none) (element-type utf8 utf8): extra parameters of
 *   the authorization request (`prompt`, `access_type`, `resource`, …)
 */
GHashTable *
deck_oauth_profile_get_extra_params (DeckOAuthProfile *self)
{
  g_return_val_if_fail (DECK_IS_OAUTH_PROFILE (self), NULL);
  return self->extra_params;
}

/**
 * deck_oauth_profile_set_extra_param:
 * @self: a #DeckOAuthProfile
 * @name: a parameter name; not one the flow sets itself (`state`,
 *   `code_challenge`, `redirect_uri`, …)
 * @value: (nullable): its value, or %NULL to remove it
 *
 * Adds a parameter to the authorization request.
 */
void
deck_oauth_profile_set_extra_param (DeckOAuthProfile *self,
                                    const char       *name,
                                    const char       *value)
{
  g_return_if_fail (DECK_IS_OAUTH_PROFILE (self));
  g_return_if_fail (name != NULL && *name != '\0');
  g_return_if_fail (!g_strv_contains (reserved_params, name));

  if (value == NULL)
    g_hash_table_remove (self->extra_params, name);
  else
    g_hash_table_replace (self->extra_params, g_strdup (name), g_strdup (value));
}

const char *
deck_oauth_profile_get_redirect_path (DeckOAuthProfile *self)
{
  g_return_val_if_fail (DECK_IS_OAUTH_PROFILE (self), NULL);
  return self->redirect_path;
}

void
deck_oauth_profile_set_redirect_path (DeckOAuthProfile *self,
                                      const char       *path)
{
  g_return_if_fail (DECK_IS_OAUTH_PROFILE (self));
  set_string (self, &self->redirect_path, path ? path : DECK_OAUTH_DEFAULT_REDIRECT_PATH,
              PROP_REDIRECT_PATH);
}

DeckOAuthTokenEncoding
deck_oauth_profile_get_token_encoding (DeckOAuthProfile *self)
{
  g_return_val_if_fail (DECK_IS_OAUTH_PROFILE (self), DECK_OAUTH_TOKEN_ENCODING_FORM);
  return self->token_encoding;
}

void
deck_oauth_profile_set_token_encoding (DeckOAuthProfile       *self,
                                       DeckOAuthTokenEncoding  encoding)
{
  g_return_if_fail (DECK_IS_OAUTH_PROFILE (self));
  g_return_if_fail (encoding == DECK_OAUTH_TOKEN_ENCODING_FORM ||
                    encoding == DECK_OAUTH_TOKEN_ENCODING_JSON);
  self->token_encoding = encoding;
}

/**
 * deck_oauth_profile_get_require_iss:
 * @self: a #DeckOAuthProfile
 *
 * Returns: whether callbacks must carry an `iss` equal to the issuer
 *   (RFC 9207; set from discovery's
 *   `authorization_response_iss_parameter_supported`)
 */
gboolean
deck_oauth_profile_get_require_iss (DeckOAuthProfile *self)
{
  g_return_val_if_fail (DECK_IS_OAUTH_PROFILE (self), FALSE);
  return self->require_iss;
}

void
deck_oauth_profile_set_require_iss (DeckOAuthProfile *self,
                                    gboolean          require_iss)
{
  g_return_if_fail (DECK_IS_OAUTH_PROFILE (self));

  require_iss = !!require_iss;
  if (self->require_iss == require_iss)
    return;

  self->require_iss = require_iss;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUIRE_ISS]);
}

/*< private >
 * _deck_oauth_profile_from_metadata:
 * @issuer: the issuer that was asked
 * @client_id: the client ID
 * @doc: a discovery document
 * @error: a location for a #GError, or %NULL
 *
 * For the fuzz targets only (tests/fuzz/): the checks discovery runs on a
 * metadata document, without a network.
 *
 * Returns: (transfer full) (nullable): a profile, or %NULL with @error set
 */
DeckOAuthProfile *
_deck_oauth_profile_from_metadata (const char  *issuer,
                                   const char  *client_id,
                                   JsonObject  *doc,
                                   GError     **error)
{
  DiscoverState state = { 0 };

  g_return_val_if_fail (issuer != NULL && client_id != NULL && doc != NULL, NULL);

  state.issuer = (char *) issuer;
  state.client_id = (char *) client_id;
  return profile_from_metadata (&state, doc, error);
}

/**
 * deck_oauth_profile_get_scopes_supported:
 * @self: a #DeckOAuthProfile
 *
 * Returns: (nullable) (transfer none): the scopes the provider advertised
 *   in its discovery document (`scopes_supported`), or %NULL when the
 *   profile was not discovered or the document named none
 */
const char * const *
deck_oauth_profile_get_scopes_supported (DeckOAuthProfile *self)
{
  g_return_val_if_fail (DECK_IS_OAUTH_PROFILE (self), NULL);

  return (const char * const *) self->scopes_supported;
}
