/* deck-oauth-flow.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-oauth"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "deck-http.h"
#include "deck-json.h"
#include "deck-oauth-flow.h"
#include "deck-oauth-flow-private.h"
#include "deck-pkce.h"
#include "deck-secure.h"

/* The OAuth 2.0 authorization code flow with PKCE for a native app
 * (RFC 8252, RFC 7636, RFC 9700):
 *
 *   flow = deck_oauth_flow_new (profile);
 *   url = deck_oauth_flow_begin (flow, &error);   catcher listening now
 *   open url in the browser or the web view;
 *   deck_oauth_flow_run_async (flow, timeout, cancellable, …);
 *   tokens = deck_oauth_flow_run_finish (…);
 *
 * begin() makes a fresh verifier and state from getrandom(2), starts the
 * loopback catcher and only then returns the URL, which always carries
 * `code_challenge` and `code_challenge_method=S256` (O1). run_async()
 * waits for the one valid callback and exchanges the code at once, with
 * the same `redirect_uri` string (O6); verifier, state and code are wiped
 * as soon as the token request is built. A flow is single use.
 *
 * deck_oauth_refresh_async() and deck_oauth_revoke_async() work from a
 * profile alone. No message here contains a code, token, verifier or
 * state (S2): the debug lines say which step happened and its HTTP status. */

struct _DeckOAuthFlow
{
  GObject              parent_instance;

  DeckOAuthProfile    *profile;
  SoupSession         *session;
  DeckLoopbackCatcher *catcher;
  char                *verifier;
  char                *state;
  gboolean             begun;
  gboolean             running;
};

G_DEFINE_FINAL_TYPE (DeckOAuthFlow, deck_oauth_flow, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROFILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define HTTP_TIMEOUT_SECONDS 30
#define TOKEN_MAX_BODY       (256 * 1024)

/*
 * DeckOAuthTokens
 */

G_DEFINE_BOXED_TYPE (DeckOAuthTokens, deck_oauth_tokens, deck_oauth_tokens_copy,
                     deck_oauth_tokens_free)

/**
 * deck_oauth_tokens_copy:
 * @tokens: a #DeckOAuthTokens
 *
 * Returns: (transfer full): a deep copy
 */
DeckOAuthTokens *
deck_oauth_tokens_copy (const DeckOAuthTokens *tokens)
{
  DeckOAuthTokens *copy;

  g_return_val_if_fail (tokens != NULL, NULL);

  copy = g_new0 (DeckOAuthTokens, 1);
  copy->access_token = g_strdup (tokens->access_token);
  copy->refresh_token = g_strdup (tokens->refresh_token);
  copy->id_token = g_strdup (tokens->id_token);
  copy->token_type = g_strdup (tokens->token_type);
  copy->scope = g_strdupv (tokens->scope);
  copy->expires_at = tokens->expires_at ? g_date_time_ref (tokens->expires_at) : NULL;
  return copy;
}

/**
 * deck_oauth_tokens_free:
 * @tokens: (nullable): a #DeckOAuthTokens
 *
 * Overwrites the token strings and frees everything.
 */
void
deck_oauth_tokens_free (DeckOAuthTokens *tokens)
{
  if (tokens == NULL)
    return;

  deck_secure_clear (&tokens->access_token);
  deck_secure_clear (&tokens->refresh_token);
  deck_secure_clear (&tokens->id_token);
  g_clear_pointer (&tokens->token_type, g_free);
  g_clear_pointer (&tokens->scope, g_strfreev);
  g_clear_pointer (&tokens->expires_at, g_date_time_unref);
  g_free (tokens);
}

/*
 * Token endpoint requests (shared by the code exchange and refresh)
 */

typedef struct
{
  SoupSession *session;
  char        *fallback_refresh;
  const char  *what;
} TokenRequest;

static void
token_request_free (TokenRequest *request)
{
  g_clear_object (&request->session);
  deck_secure_clear (&request->fallback_refresh);
  g_free (request);
}

static void
wipe_string_bytes (gpointer data)
{
  deck_secure_free (data);
}

/* @fields: name, value, name, value, …, NULL; a %NULL value after a name
 * cannot be expressed, so optional fields are added by the caller only
 * when set. */
static GBytes *
encode_body (DeckOAuthTokenEncoding   encoding,
             const char * const      *fields,
             const char             **content_type)
{
  if (encoding == DECK_OAUTH_TOKEN_ENCODING_JSON)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      for (guint i = 0; fields[i] != NULL; i += 2)
        {
          json_builder_set_member_name (builder, fields[i]);
          json_builder_add_string_value (builder, fields[i + 1]);
        }
      json_builder_end_object (builder);

      root = json_builder_get_root (builder);
      *content_type = "application/json";
      return deck_http_json_body (root);
    }
  else
    {
      g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
      char *text;

      /* soup_form_encode_hash() escapes every reserved character (N6: a
       * token with '+', '&' or '=' must survive the trip). */
      for (guint i = 0; fields[i] != NULL; i += 2)
        g_hash_table_insert (form, (gpointer) fields[i], (gpointer) fields[i + 1]);

      text = soup_form_encode_hash (form);
      *content_type = "application/x-www-form-urlencoded";
      return g_bytes_new_with_free_func (text, strlen (text), wipe_string_bytes, text);
    }
}

static SoupMessage *
build_post (const char          *url,
            DeckOAuthTokenEncoding encoding,
            const char * const  *fields,
            GError             **error)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  const char *content_type = NULL;

  message = soup_message_new (SOUP_METHOD_POST, url);
  if (message == NULL)
    {
      g_set_error_literal (error, DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_MALFORMED,
                           _("The sign-in server’s address is not valid."));
      return NULL;
    }

  body = encode_body (encoding, fields, &content_type);
  soup_message_set_request_body_from_bytes (message, content_type, body);
  return g_steal_pointer (&message);
}

static GError *
endpoint_error (DeckHttpResponse *response,
                const char       *what)
{
  JsonObject *object = NULL;
  const char *code = NULL;
  const char *description = NULL;
  g_autofree char *clean_code = NULL;
  g_autofree char *clean_description = NULL;

  if (response->json != NULL && JSON_NODE_HOLDS_OBJECT (response->json))
    object = json_node_get_object (response->json);

  if (object != NULL)
    {
      code = deck_json_get_string (object, "error");
      description = deck_json_get_string (object, "error_description");
      /* FlowFuse says "description". */
      if (description == NULL)
        description = deck_json_get_string (object, "description");
    }

  g_debug ("%s request refused: HTTP %u%s", what, response->status,
           code ? " with an OAuth error" : "");

  if (code == NULL)
    return g_error_new (DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_TOKEN_ERROR,
                        _("The sign-in server refused the request (HTTP %u)."),
                        response->status);

  clean_code = g_utf8_make_valid (code, -1);
  clean_description = description ? g_utf8_make_valid (description, -1) : NULL;

  if (clean_description != NULL && *clean_description != '\0')
    /* Translators: the first %s is an OAuth error code ("invalid_grant"),
     * the second the server's explanation. */
    return g_error_new (DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_TOKEN_ERROR,
                        _("The sign-in server refused the request (%s): %s"),
                        clean_code, clean_description);

  return g_error_new (DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_TOKEN_ERROR,
                      _("The sign-in server refused the request (%s)."), clean_code);
}

static DeckOAuthTokens *
parse_tokens (JsonObject  *object,
              GError     **error)
{
  g_autoptr(DeckOAuthTokens) tokens = g_new0 (DeckOAuthTokens, 1);
  const char *access = deck_json_get_string (object, "access_token");
  const char *scope = deck_json_get_string (object, "scope");
  gint64 expires_in = deck_json_get_int (object, "expires_in", -1);

  if (access == NULL || *access == '\0')
    {
      g_set_error_literal (error, DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_MALFORMED,
                           _("The sign-in server’s answer holds no access token."));
      return NULL;
    }

  tokens->access_token = g_strdup (access);
  tokens->refresh_token = g_strdup (deck_json_get_string (object, "refresh_token"));
  tokens->id_token = g_strdup (deck_json_get_string (object, "id_token"));
  tokens->token_type = g_strdup (deck_json_get_string (object, "token_type"));

  if (scope != NULL)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) parts = g_strsplit (scope, " ", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        if (*parts[i] != '\0')
          g_strv_builder_add (builder, parts[i]);

      tokens->scope = g_strv_builder_end (builder);
    }

  if (expires_in > 0 && expires_in < G_MAXINT32)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      tokens->expires_at = g_date_time_add_seconds (now, (double) expires_in);
    }

  return g_steal_pointer (&tokens);
}

static void
token_request_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TokenRequest *request = g_task_get_task_data (task);
  g_autoptr(DeckHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  DeckOAuthTokens *tokens;

  response = deck_http_send_finish (result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (response->status))
    {
      g_task_return_error (task, endpoint_error (response, request->what));
      return;
    }

  if (response->json == NULL || !JSON_NODE_HOLDS_OBJECT (response->json))
    {
      g_task_return_new_error (task, DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_MALFORMED,
                               _("The sign-in server’s answer could not be read."));
      return;
    }

  tokens = parse_tokens (json_node_get_object (response->json), &error);
  if (tokens == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Rotation (O13): a new refresh token replaces the old one; a server
   * that sends none means the old one stays valid. */
  if (tokens->refresh_token == NULL && request->fallback_refresh != NULL)
    tokens->refresh_token = g_steal_pointer (&request->fallback_refresh);

  g_debug ("%s request succeeded: HTTP %u, %s refresh token, expiry %s", request->what,
           response->status, tokens->refresh_token ? "with" : "without",
           tokens->expires_at ? "known" : "unknown");
  g_task_return_pointer (task, tokens, (GDestroyNotify) deck_oauth_tokens_free);
}

/* Sends @fields to @url and returns the tokens into @task. */
static void
send_token_request (GTask                 *task,
                    SoupSession           *session,
                    const char            *url,
                    DeckOAuthTokenEncoding encoding,
                    const char * const    *fields)
{
  g_autoptr(SoupMessage) message = NULL;
  GError *error = NULL;

  message = build_post (url, encoding, fields, &error);
  if (message == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  deck_http_send_async (session, message, DECK_HTTP_FLAGS_JSON, TOKEN_MAX_BODY,
                        g_task_get_cancellable (task), token_request_cb, task);
}

/* Appends client_id and, for a confidential client, client_secret
 * (`client_secret_post`, RFC 6749 §2.3.1). */
static void
add_client (GPtrArray        *fields,
            DeckOAuthProfile *profile)
{
  const char *secret = deck_oauth_profile_get_client_secret (profile);

  g_ptr_array_add (fields, (char *) "client_id");
  g_ptr_array_add (fields, (char *) deck_oauth_profile_get_client_id (profile));
  if (secret != NULL)
    {
      g_ptr_array_add (fields, (char *) "client_secret");
      g_ptr_array_add (fields, (char *) secret);
    }
}

/*
 * Auxiliary methods
 */

static void
wipe_secrets (DeckOAuthFlow *self)
{
  deck_secure_clear (&self->verifier);
  deck_secure_clear (&self->state);
}

static void
append_param (GString    *query,
              const char *name,
              const char *value)
{
  if (query->len > 0)
    g_string_append_c (query, '&');
  g_string_append_uri_escaped (query, name, NULL, FALSE);
  g_string_append_c (query, '=');
  g_string_append_uri_escaped (query, value, NULL, FALSE);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/*
 * Signal callbacks
 */

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeckOAuthFlow *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(SoupMessage) message = NULL;
  DeckSecureString code = NULL;
  GCancellable *cancellable;
  TokenRequest *request;

  code = deck_loopback_catcher_wait_finish (DECK_LOOPBACK_CATCHER (source), result, &error);
  if (code == NULL)
    {
      wipe_secrets (self);
      self->running = FALSE;
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* O6: exchange at once, with the exact redirect_uri string sent before. */
  fields = g_ptr_array_new ();
  g_ptr_array_add (fields, (char *) "grant_type");
  g_ptr_array_add (fields, (char *) "authorization_code");
  g_ptr_array_add (fields, (char *) "code");
  g_ptr_array_add (fields, code);
  g_ptr_array_add (fields, (char *) "redirect_uri");
  g_ptr_array_add (fields, (char *) deck_loopback_catcher_get_redirect_uri (self->catcher));
  g_ptr_array_add (fields, (char *) "code_verifier");
  g_ptr_array_add (fields, self->verifier);
  add_client (fields, self->profile);
  g_ptr_array_add (fields, NULL);

  request = g_new0 (TokenRequest, 1);
  request->session = g_object_ref (self->session);
  request->what = "Code exchange";
  g_task_set_task_data (task, request, (GDestroyNotify) token_request_free);

  message = build_post (deck_oauth_profile_get_token_endpoint (self->profile),
                        deck_oauth_profile_get_token_encoding (self->profile),
                        (const char * const *) fields->pdata, &error);

  /* The body holds its own (wiped-on-free) copy: the verifier, the state
   * and the code are not needed any more. */
  wipe_secrets (self);
  deck_secure_clear (&code);
  self->running = FALSE;

  if (message == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_debug ("Exchanging the authorization code");
  cancellable = g_task_get_cancellable (task);
  deck_http_send_async (self->session, message, DECK_HTTP_FLAGS_JSON, TOKEN_MAX_BODY,
                        cancellable, token_request_cb, g_steal_pointer (&task));
}

/*
 * Parent class overrides
 */

static void
deck_oauth_flow_dispose (GObject *object)
{
  DeckOAuthFlow *self = (DeckOAuthFlow *) object;

  if (self->catcher != NULL)
    deck_loopback_catcher_stop (self->catcher);
  g_clear_object (&self->catcher);
  g_clear_object (&self->session);
  g_clear_object (&self->profile);

  G_OBJECT_CLASS (deck_oauth_flow_parent_class)->dispose (object);
}

static void
deck_oauth_flow_finalize (GObject *object)
{
  DeckOAuthFlow *self = (DeckOAuthFlow *) object;

  wipe_secrets (self);

  G_OBJECT_CLASS (deck_oauth_flow_parent_class)->finalize (object);
}

static void
deck_oauth_flow_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DeckOAuthFlow *self = DECK_OAUTH_FLOW (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      g_value_set_object (value, self->profile);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_oauth_flow_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  DeckOAuthFlow *self = DECK_OAUTH_FLOW (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      self->profile = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_oauth_flow_class_init (DeckOAuthFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = deck_oauth_flow_dispose;
  object_class->finalize = deck_oauth_flow_finalize;
  object_class->get_property = deck_oauth_flow_get_property;
  object_class->set_property = deck_oauth_flow_set_property;

  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL, DECK_TYPE_OAUTH_PROFILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
deck_oauth_flow_init (DeckOAuthFlow *self)
{
  self->session = deck_http_session_new (HTTP_TIMEOUT_SECONDS);
}

/*
 * Public API
 */

/**
 * deck_oauth_flow_new:
 * @profile: the server and client to sign in with
 *
 * Returns: (transfer full): a new, single-use #DeckOAuthFlow
 */
DeckOAuthFlow *
deck_oauth_flow_new (DeckOAuthProfile *profile)
{
  g_return_val_if_fail (DECK_IS_OAUTH_PROFILE (profile), NULL);

  return g_object_new (DECK_TYPE_OAUTH_FLOW, "profile", profile, NULL);
}

/**
 * deck_oauth_flow_get_profile:
 * @self: a #DeckOAuthFlow
 *
 * Returns: (transfer none): the profile
 */
DeckOAuthProfile *
deck_oauth_flow_get_profile (DeckOAuthFlow *self)
{
  g_return_val_if_fail (DECK_IS_OAUTH_FLOW (self), NULL);
  return self->profile;
}

/**
 * deck_oauth_flow_begin:
 * @self: a #DeckOAuthFlow
 * @error: a location for a #GError, or %NULL
 *
 * Makes the verifier and state, starts the loopback catcher, then builds
 * the authorization URL: `response_type=code`, `client_id`,
 * `redirect_uri`, `scope`, `state`, `code_challenge`,
 * `code_challenge_method=S256`, then the profile's extra parameters.
 *
 * Returns: (transfer full): the URL to open (it holds the state: do not
 *   log it), or %NULL with @error set
 */
char *
deck_oauth_flow_begin (DeckOAuthFlow  *self,
                       GError        **error)
{
  g_autoptr(GString) query = NULL;
  g_autoptr(GPtrArray) extra_names = NULL;
  g_autofree char *challenge = NULL;
  g_autofree char *scope = NULL;
  const char *endpoint;
  const char *expected_iss = NULL;
  GHashTable *extra;
  GHashTableIter iter;
  gpointer name;

  g_return_val_if_fail (DECK_IS_OAUTH_FLOW (self), NULL);
  g_return_val_if_fail (!self->begun, NULL);

  if (!deck_oauth_profile_validate (self->profile, error))
    return NULL;

  if (deck_oauth_profile_get_require_iss (self->profile))
    {
      expected_iss = deck_oauth_profile_get_issuer (self->profile);
      if (expected_iss == NULL)
        {
          g_set_error_literal (error, DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_MALFORMED,
                               _("The sign-in server’s issuer is not known."));
          return NULL;
        }
    }

  self->verifier = deck_pkce_new_verifier (error);
  if (self->verifier == NULL)
    return NULL;

  self->state = deck_pkce_new_state (error);
  if (self->state == NULL)
    {
      wipe_secrets (self);
      return NULL;
    }

  /* O5: listen before anyone can follow the URL. */
  self->catcher = deck_loopback_catcher_new (deck_oauth_profile_get_redirect_path (self->profile),
                                             self->state, expected_iss);
  if (!deck_loopback_catcher_start (self->catcher, error))
    {
      g_clear_object (&self->catcher);
      wipe_secrets (self);
      return NULL;
    }

  self->begun = TRUE;
  challenge = deck_pkce_challenge_for (self->verifier);
  scope = deck_oauth_profile_dup_scope_string (self->profile);

  query = g_string_new (NULL);
  append_param (query, "response_type", "code");
  append_param (query, "client_id", deck_oauth_profile_get_client_id (self->profile));
  append_param (query, "redirect_uri", deck_loopback_catcher_get_redirect_uri (self->catcher));
  if (scope != NULL)
    append_param (query, "scope", scope);
  append_param (query, "state", self->state);
  append_param (query, "code_challenge", challenge);
  append_param (query, "code_challenge_method", "S256");

  /* Extra parameters in a stable order; the profile refuses the names
   * set above, so none can replace or remove PKCE. */
  extra = deck_oauth_profile_get_extra_params (self->profile);
  extra_names = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, extra);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    g_ptr_array_add (extra_names, name);
  g_ptr_array_sort (extra_names, compare_strings);
  for (guint i = 0; i < extra_names->len; i++)
    append_param (query, extra_names->pdata[i], g_hash_table_lookup (extra, extra_names->pdata[i]));

  endpoint = deck_oauth_profile_get_authorization_endpoint (self->profile);
  g_debug ("Authorization request built; waiting on the loopback catcher");
  return g_strconcat (endpoint, strchr (endpoint, '?') ? "&" : "?", query->str, NULL);
}

/**
 * deck_oauth_flow_get_redirect_uri:
 * @self: a #DeckOAuthFlow
 *
 * Returns: (nullable): the loopback redirect URI, once begun
 */
const char *
deck_oauth_flow_get_redirect_uri (DeckOAuthFlow *self)
{
  g_return_val_if_fail (DECK_IS_OAUTH_FLOW (self), NULL);

  return self->catcher ? deck_loopback_catcher_get_redirect_uri (self->catcher) : NULL;
}

/**
 * deck_oauth_flow_handle_uri:
 * @self: a #DeckOAuthFlow
 * @uri: a URI the embedded web view is about to load
 *
 * See deck_loopback_catcher_handle_uri().
 *
 * Returns: %TRUE if @uri is the redirect (do not load it)
 */
gboolean
deck_oauth_flow_handle_uri (DeckOAuthFlow *self,
                            const char    *uri)
{
  g_return_val_if_fail (DECK_IS_OAUTH_FLOW (self), FALSE);

  return self->catcher != NULL && deck_loopback_catcher_handle_uri (self->catcher, uri);
}

/**
 * deck_oauth_flow_run_async:
 * @self: a begun #DeckOAuthFlow
 * @timeout_seconds: how long the user may take (0: no limit)
 * @cancellable: (nullable): a #GCancellable; cancelling closes the catcher
 * @callback: called with the tokens or an error
 * @user_data: data for @callback
 *
 * Waits for the callback and exchanges the code at the token endpoint.
 */
void
deck_oauth_flow_run_async (DeckOAuthFlow       *self,
                           guint                timeout_seconds,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DECK_IS_OAUTH_FLOW (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->begun && !self->running);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_oauth_flow_run_async);

  if (self->verifier == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED,
                               "This sign-in flow has already run");
      return;
    }

  self->running = TRUE;
  deck_loopback_catcher_wait_async (self->catcher, timeout_seconds, cancellable, wait_cb,
                                    g_steal_pointer (&task));
}

/**
 * deck_oauth_flow_run_finish:
 * @self: a #DeckOAuthFlow
 * @result: the result
 * @error: a location for a #GError, or %NULL
 *
 * Returns: (transfer full): the tokens, or %NULL with @error set (a
 *   %DECK_OAUTH_ERROR, a %DECK_NET_ERROR or %G_IO_ERROR_CANCELLED)
 */
DeckOAuthTokens *
deck_oauth_flow_run_finish (DeckOAuthFlow  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == deck_oauth_flow_run_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * deck_oauth_refresh_async:
 * @profile: the server and client
 * @refresh_token: the newest refresh token
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Uses the refresh token (RFC 6749 §6), encoded as the profile says.
 */
void
deck_oauth_refresh_async (DeckOAuthProfile    *profile,
                          const char          *refresh_token,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  TokenRequest *request;

  g_return_if_fail (DECK_IS_OAUTH_PROFILE (profile));
  g_return_if_fail (refresh_token != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_oauth_refresh_async);

  request = g_new0 (TokenRequest, 1);
  request->session = deck_http_session_new (HTTP_TIMEOUT_SECONDS);
  request->fallback_refresh = g_strdup (refresh_token);
  request->what = "Refresh";
  g_task_set_task_data (task, request, (GDestroyNotify) token_request_free);

  fields = g_ptr_array_new ();
  g_ptr_array_add (fields, (char *) "grant_type");
  g_ptr_array_add (fields, (char *) "refresh_token");
  g_ptr_array_add (fields, (char *) "refresh_token");
  g_ptr_array_add (fields, (char *) refresh_token);
  add_client (fields, profile);
  g_ptr_array_add (fields, NULL);

  g_debug ("Refreshing an access token");
  send_token_request (g_steal_pointer (&task), request->session,
                      deck_oauth_profile_get_token_endpoint (profile),
                      deck_oauth_profile_get_token_encoding (profile),
                      (const char * const *) fields->pdata);
}

/**
 * deck_oauth_refresh_finish:
 * @result: the result
 * @error: a location for a #GError, or %NULL
 *
 * Returns: (transfer full): the new tokens, whose @refresh_token is the
 *   rotated one or, when the server sent none, the one used; or %NULL with
 *   @error set (%DECK_OAUTH_ERROR_TOKEN_ERROR when refused)
 */
DeckOAuthTokens *
deck_oauth_refresh_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == deck_oauth_refresh_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
revoke_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(DeckHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = deck_http_send_finish (result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* RFC 7009 §2.2: 200 whether or not the token was valid. */
  if (response->status != SOUP_STATUS_OK)
    {
      g_task_return_error (task, endpoint_error (response, "Revocation"));
      return;
    }

  g_debug ("Revocation accepted: HTTP %u", response->status);
  g_task_return_boolean (task, TRUE);
}

/**
 * deck_oauth_revoke_async:
 * @profile: the server and client
 * @token: the token to revoke
 * @token_type_hint: (nullable): "access_token" or "refresh_token"
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Revokes @token at the profile's RFC 7009 endpoint, always form-encoded.
 * Fails with %DECK_OAUTH_ERROR_NOT_SUPPORTED when there is none (FlowFuse):
 * then the grant remains and the UI must say so (O14).
 */
void
deck_oauth_revoke_async (DeckOAuthProfile    *profile,
                         const char          *token,
                         const char          *token_type_hint,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GError) error = NULL;
  const char *endpoint;

  g_return_if_fail (DECK_IS_OAUTH_PROFILE (profile));
  g_return_if_fail (token != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_oauth_revoke_async);

  endpoint = deck_oauth_profile_get_revocation_endpoint (profile);
  if (endpoint == NULL)
    {
      g_task_return_new_error (task, DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_NOT_SUPPORTED,
                               _("This server cannot revoke sign-ins. The access stays "
                                 "granted until it expires."));
      return;
    }

  fields = g_ptr_array_new ();
  g_ptr_array_add (fields, (char *) "token");
  g_ptr_array_add (fields, (char *) token);
  if (token_type_hint != NULL)
    {
      g_ptr_array_add (fields, (char *) "token_type_hint");
      g_ptr_array_add (fields, (char *) token_type_hint);
    }
  add_client (fields, profile);
  g_ptr_array_add (fields, NULL);

  message = build_post (endpoint, DECK_OAUTH_TOKEN_ENCODING_FORM,
                        (const char * const *) fields->pdata, &error);
  if (message == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  session = deck_http_session_new (HTTP_TIMEOUT_SECONDS);
  g_task_set_task_data (task, g_object_ref (session), g_object_unref);

  g_debug ("Revoking a token");
  deck_http_send_async (session, message, DECK_HTTP_FLAGS_JSON, TOKEN_MAX_BODY, cancellable,
                        revoke_cb, g_steal_pointer (&task));
}

/**
 * deck_oauth_revoke_finish:
 * @result: the result
 * @error: a location for a #GError, or %NULL
 *
 * Returns: %TRUE when the server confirmed the revocation
 */
gboolean
deck_oauth_revoke_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == deck_oauth_revoke_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/*< private >
 * _deck_oauth_flow_peek_verifier:
 * @self: a #DeckOAuthFlow
 *
 * For tests only (the S2 log check needs every secret value to look for).
 *
 * Returns: (nullable): the verifier until the exchange wiped it
 */
const char *
_deck_oauth_flow_peek_verifier (DeckOAuthFlow *self)
{
  g_return_val_if_fail (DECK_IS_OAUTH_FLOW (self), NULL);
  return self->verifier;
}

/*< private >
 * _deck_oauth_flow_parse_token_response:
 * @response: a token endpoint's answer (status and parsed JSON)
 * @error: a location for a #GError, or %NULL
 *
 * For the fuzz targets only (tests/fuzz/): the decisions token_request_cb()
 * takes on an answer (endpoint_error() for an error status, parse_tokens()
 * for a success), without a network.
 *
 * Returns: (transfer full) (nullable): the tokens, or %NULL with @error set
 */
DeckOAuthTokens *
_deck_oauth_flow_parse_token_response (DeckHttpResponse  *response,
                                       GError           **error)
{
  g_return_val_if_fail (response != NULL, NULL);

  if (!SOUP_STATUS_IS_SUCCESSFUL (response->status))
    {
      g_propagate_error (error, endpoint_error (response, "Token"));
      return NULL;
    }

  if (response->json == NULL || !JSON_NODE_HOLDS_OBJECT (response->json))
    {
      g_set_error_literal (error, DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_MALFORMED,
                           _("The sign-in server’s answer could not be read."));
      return NULL;
    }

  return parse_tokens (json_node_get_object (response->json), error);
}
