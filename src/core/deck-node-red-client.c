/* deck-node-red-client.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-node-red"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "deck-http.h"
#include "deck-json.h"
#include "deck-node-red-client.h"
#include "deck-secure.h"

/* One object per Node-RED editor/admin root (`httpAdminRoot`), holding one
 * SoupSession. Every call is _async/_finish with a GCancellable and goes
 * through nr_call(), which builds the request (bearer token, `Node-RED-API-
 * Version: v2`), sends it through deck_http (size limits, transport errors,
 * JSON), maps Node-RED's answers to DECK_NODE_RED_ERROR and turns the JSON
 * into models.
 *
 * Node-RED quirks this file knows about (API.md §6, PEERS.md):
 *  - a valid token that lacks the permission gets 401 with an empty body,
 *    not 403, so a write with a `read` token looks like a dead token;
 *  - `/settings` shows the *user's* permissions, not the token's scope;
 *  - `POST /auth/revoke` answers 200 even when it revoked nothing (a `+`
 *    sent unencoded becomes a space), so a revocation is confirmed by
 *    checking that the token now gets 401;
 *  - more than 5 sign-in attempts per user in 10 minutes get a 500
 *    `server_error` "Too many login attempts. Wait 10 minutes…".
 * Token and password values are never logged; request and response bodies
 * that hold them are wiped. */

#define DEFAULT_TIMEOUT   30
#define ADMIN_CLIENT_ID   "node-red-admin"
#define FORM_CONTENT_TYPE "application/x-www-form-urlencoded"

struct _DeckNodeRedClient
{
  GObject      parent_instance;

  /* Owned References */
  SoupSession *session;
  char        *url;

  /* Secrets: wiped when replaced or finalized */
  char        *token;

  GStrv        scope;
  GDateTime   *expires_at;
  guint        timeout;
};

G_DEFINE_FINAL_TYPE (DeckNodeRedClient, deck_node_red_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_URL,
  PROP_SIGNED_IN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef enum
{
  CALL_ANONYMOUS = 1 << 0,  /* no bearer: /auth/login, /auth/token */
  CALL_WRITE     = 1 << 1,  /* needs a write permission */
  CALL_SIGN_IN   = 1 << 2,  /* /auth/token: refusals are about the credentials */
  CALL_PROBE     = 1 << 3,  /* /auth/login: an odd answer means "not Node-RED" */
} CallFlags;

typedef struct _Call Call;

typedef gpointer (*ParseFunc) (DeckNodeRedClient  *self,
                               Call               *call,
                               DeckHttpResponse   *response,
                               GError            **error);

struct _Call
{
  char           *method;
  char           *path;
  GBytes         *body;
  const char     *content_type;
  const char     *deployment_type;
  CallFlags       flags;
  ParseFunc       parse;
  GDestroyNotify  result_free;  /* NULL: the call returns a boolean */
  char           *scope;        /* sign-in: the scope asked for */
  char           *token;        /* revoke: the token being revoked (a secret) */
  SoupMessage    *message;
};

static void
call_free (Call *call)
{
  g_clear_pointer (&call->method, g_free);
  g_clear_pointer (&call->path, g_free);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_clear_pointer (&call->scope, g_free);
  deck_secure_clear (&call->token);
  g_clear_object (&call->message);
  g_free (call);
}

static Call *
call_new (const char *method,
          const char *path,
          CallFlags   flags,
          ParseFunc   parse)
{
  Call *call = g_new0 (Call, 1);

  call->method = g_strdup (method);
  call->path = g_strdup (path);
  call->flags = flags;
  call->parse = parse;

  return call;
}

void
deck_nr_login_info_free (DeckNrLoginInfo *info)
{
  if (info == NULL)
    return;

  g_clear_pointer (&info->prompts, g_ptr_array_unref);
  g_clear_pointer (&info->strategy_label, g_free);
  g_clear_pointer (&info->strategy_icon, g_free);
  g_clear_pointer (&info->strategy_url, g_free);
  g_clear_pointer (&info->login_message, g_free);
  g_free (info);
}

static void
prompt_free (DeckNrPrompt *prompt)
{
  g_clear_pointer (&prompt->id, g_free);
  g_clear_pointer (&prompt->type, g_free);
  g_clear_pointer (&prompt->label, g_free);
  g_free (prompt);
}

void
deck_nr_flows_free (DeckNrFlows *flows)
{
  if (flows == NULL)
    return;

  g_clear_pointer (&flows->rev, g_free);
  g_clear_object (&flows->tabs);
  g_free (flows);
}

/*
 * Secrets in request bodies
 */

static void
wipe_and_free (gpointer data)
{
  GByteArray *array = data;

  deck_secure_wipe (array->data, array->len);
  g_byte_array_unref (array);
}

/* Takes @text (from soup_form_encode()) into bytes that are wiped when
 * freed: a form body can hold a password or a token. */
static GBytes *
secret_bytes_take (char *text)
{
  GByteArray *array = g_byte_array_new_take ((guint8 *) text, strlen (text));

  return g_bytes_new_with_free_func (array->data, array->len, wipe_and_free, array);
}

/*
 * Scope
 */

static gboolean
scope_allows_write (const char * const *scope)
{
  for (guint i = 0; scope != NULL && scope[i] != NULL; i++)
    if (g_str_equal (scope[i], "*") || g_str_equal (scope[i], "write") ||
        g_str_equal (scope[i], "*.write") || g_str_has_suffix (scope[i], ".write"))
      return TRUE;

  return FALSE;
}

static gboolean
scope_is_read (const char * const *scope)
{
  if (scope == NULL || scope[0] == NULL)
    return FALSE;

  for (guint i = 0; scope[i] != NULL; i++)
    if (!g_str_equal (scope[i], "read") && !g_str_has_suffix (scope[i], ".read"))
      return FALSE;

  return TRUE;
}

/*
 * Errors
 */

static gboolean
says_too_many (const char *text)
{
  g_autofree char *lower = NULL;

  if (text == NULL)
    return FALSE;

  lower = g_ascii_strdown (text, -1);
  return strstr (lower, "too many") != NULL || strstr (lower, "wait 10 minutes") != NULL;
}

/* Node-RED's words, shortened: they go into a message for the user. */
static char *
server_detail (const char *text)
{
  if (text == NULL || *text == '\0')
    return NULL;

  if (g_utf8_strlen (text, -1) > 200)
    {
      g_autofree char *cut = g_utf8_substring (text, 0, 200);

      return g_strconcat (cut, "…", NULL);
    }

  return g_strdup (text);
}

static GError *
map_error (DeckNodeRedClient *self,
           Call              *call,
           DeckHttpResponse  *response)
{
  const char *server_code = NULL;
  const char *description = NULL;
  const char *challenge = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *message = NULL;
  guint status = response->status;
  DeckNodeRedError code;
  gboolean empty = response->body == NULL || g_bytes_get_size (response->body) == 0;

  /* OAuth (oauth2orize): {error, error_description}; admin API
   * (apiUtil.rejectHandler): {code, message}; the Node-RED 5 exchange:
   * {error: "Error: Invalid exchange code"}. */
  if (response->json != NULL && JSON_NODE_HOLDS_OBJECT (response->json))
    {
      JsonObject *object = json_node_get_object (response->json);

      server_code = deck_json_get_string (object, "error");
      if (server_code == NULL)
        server_code = deck_json_get_string (object, "code");
      description = deck_json_get_string (object, "error_description");
      if (description == NULL)
        description = deck_json_get_string (object, "message");
    }

  if (call->message != NULL)
    challenge = soup_message_headers_get_one (soup_message_get_response_headers (call->message),
                                              "WWW-Authenticate");

  g_debug ("Node-RED %s %s → %u (%s)", call->method, call->path, status,
           server_code ? server_code : "no code");

  if (status == 429 || says_too_many (description) || says_too_many (server_code))
    {
      if (response->retry_after > 0)
        message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "Too many sign-in attempts. Try again in %d second.",
                                                "Too many sign-in attempts. Try again in %d seconds.",
                                                (gulong) response->retry_after),
                                   (int) response->retry_after);
      else
        message = g_strdup (_("Too many sign-in attempts for this user. Node-RED refuses more "
                              "for 10 minutes; try again later."));
      return deck_node_red_error_new (DECK_NODE_RED_ERROR_TOO_MANY_ATTEMPTS, server_code,
                                      response->retry_after, message);
    }

  if (call->flags & CALL_SIGN_IN)
    {
      if (status == SOUP_STATUS_FORBIDDEN || g_strcmp0 (server_code, "invalid_grant") == 0)
        return deck_node_red_error_new (DECK_NODE_RED_ERROR_INVALID_CREDENTIALS, server_code, -1,
                                        _("Node-RED did not accept this user name and password "
                                          "(or the user lacks the permission asked for)."));

      if (status == SOUP_STATUS_BAD_REQUEST && call->body != NULL &&
          g_strcmp0 (call->content_type, "application/json") == 0)
        return deck_node_red_error_new (DECK_NODE_RED_ERROR_INVALID_CREDENTIALS, server_code, -1,
                                        _("Node-RED refused the sign-in code: it is only valid "
                                          "for 20 seconds and only once. Sign in again."));

      if (status == SOUP_STATUS_UNAUTHORIZED)
        return deck_node_red_error_new (DECK_NODE_RED_ERROR_INVALID_CREDENTIALS, server_code, -1,
                                        _("Node-RED refused the sign-in request. Does this "
                                          "Node-RED sign in with a user name and password?"));
    }

  detail = server_detail (description);

  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      /* A valid token without the permission gets a bare 401 (no body, no
       * challenge); so does any write with a read-only token. */
      if (self->token != NULL && self->scope != NULL &&
          !scope_allows_write ((const char * const *) self->scope) &&
          ((call->flags & CALL_WRITE) || (empty && challenge == NULL)))
        {
          code = DECK_NODE_RED_ERROR_FORBIDDEN;
          if (scope_is_read ((const char * const *) self->scope))
            message = g_strdup (_("This sign-in is read-only: Node-RED does not allow it to "
                                  "change anything. Sign in with full access to do this."));
          else
            message = g_strdup (_("This sign-in is not allowed to do this in Node-RED."));
        }
      else if (self->token == NULL && !(call->flags & CALL_ANONYMOUS))
        {
          code = DECK_NODE_RED_ERROR_UNAUTHORIZED;
          message = g_strdup (_("This Node-RED needs a sign-in."));
        }
      else
        {
          code = DECK_NODE_RED_ERROR_UNAUTHORIZED;
          message = g_strdup (_("Node-RED no longer accepts this sign-in: it expired, was "
                                "revoked, or Node-RED restarted. Sign in again."));
        }
      g_clear_pointer (&detail, g_free);
      break;

    case SOUP_STATUS_FORBIDDEN:
      code = DECK_NODE_RED_ERROR_FORBIDDEN;
      if (g_strcmp0 (server_code, "diagnostics.disabled") == 0)
        {
          message = g_strdup (_("Diagnostics are turned off in this Node-RED’s settings."));
          g_clear_pointer (&detail, g_free);
        }
      else
        message = g_strdup (_("Node-RED does not allow this sign-in to do this."));
      break;

    case SOUP_STATUS_NOT_FOUND:
      code = (call->flags & CALL_PROBE) ? DECK_NODE_RED_ERROR_NOT_NODE_RED
                                        : DECK_NODE_RED_ERROR_NOT_FOUND;
      if (call->flags & CALL_PROBE)
        message = g_strdup_printf (_("%s does not look like a Node-RED editor (it has no "
                                     "sign-in page). Is this the address of the editor?"),
                                   self->url);
      else
        message = g_strdup (_("Node-RED does not offer this here (it may be turned off in its "
                              "settings)."));
      break;

    default:
      if (status >= 500 && status < 600)
        {
          code = DECK_NODE_RED_ERROR_SERVER_ERROR;
          message = g_strdup_printf (_("Node-RED had a problem (HTTP %u)."), status);
        }
      else
        {
          code = DECK_NODE_RED_ERROR_UNEXPECTED_RESPONSE;
          message = g_strdup_printf (_("Node-RED gave an unexpected answer (HTTP %u)."), status);
        }
      break;
    }

  if (detail != NULL)
    {
      char *longer = g_strdup_printf ("%s (%s)", message, detail);

      g_free (message);
      message = longer;
    }

  return deck_node_red_error_new (code, server_code, response->retry_after, message);
}

static GError *
unexpected (const char *what)
{
  g_autofree char *message = NULL;

  /* Translators: %s is what was expected, e.g. "settings". */
  message = g_strdup_printf (_("Node-RED sent an unexpected answer where %s were expected."),
                             what);
  return deck_node_red_error_new (DECK_NODE_RED_ERROR_UNEXPECTED_RESPONSE, NULL, -1, message);
}

static JsonObject *
require_object (DeckHttpResponse  *response,
                const char        *what,
                GError           **error)
{
  if (response->json == NULL || !JSON_NODE_HOLDS_OBJECT (response->json))
    {
      g_propagate_error (error, unexpected (what));
      return NULL;
    }

  return json_node_get_object (response->json);
}

/*
 * Requests
 */

static SoupMessage *
build_message (DeckNodeRedClient  *self,
               Call               *call,
               GError            **error)
{
  g_autofree char *url = g_strconcat (self->url, call->path, NULL);
  g_autoptr(GUri) uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  const char *token = call->token ? call->token : self->token;
  SoupMessageHeaders *headers;
  SoupMessage *message;

  if (uri == NULL)
    {
      g_set_error (error, DECK_NET_ERROR, DECK_NET_ERROR_INVALID_URL,
                   _("Could not build a request for %s."), call->path);
      return NULL;
    }

  message = soup_message_new_from_uri (call->method, uri);
  headers = soup_message_get_request_headers (message);

  /* Nothing here is stored: Node-RED sets no cookie worth keeping. */
  soup_message_disable_feature (message, SOUP_TYPE_COOKIE_JAR);

  if (call->body != NULL)
    soup_message_set_request_body_from_bytes (message, call->content_type, call->body);
  else if (g_str_equal (call->method, "POST"))
    {
      g_autoptr(GBytes) empty = g_bytes_new_static ("{}", 2);

      soup_message_set_request_body_from_bytes (message, "application/json", empty);
    }

  if (!(call->flags & CALL_ANONYMOUS))
    {
      soup_message_headers_replace (headers, "Node-RED-API-Version", "v2");

      if (token != NULL)
        {
          g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

          soup_message_headers_replace (headers, "Authorization", value);
          deck_secure_wipe (value, strlen (value));
        }
    }

  if (call->deployment_type != NULL)
    soup_message_headers_replace (headers, "Node-RED-Deployment-Type", call->deployment_type);

  return message;
}

static GError *
not_node_red (DeckNodeRedClient *self)
{
  g_autofree char *message = NULL;

  message = g_strdup_printf (_("%s does not answer like Node-RED’s admin API (it sent a web "
                               "page or something else). Is this the address of the Node-RED "
                               "editor?"), self->url);
  return deck_node_red_error_new (DECK_NODE_RED_ERROR_NOT_NODE_RED, NULL, -1, message);
}

static GError *
probe_error (DeckNodeRedClient *self,
             GError            *error)
{
  if (!g_error_matches (error, DECK_NET_ERROR, DECK_NET_ERROR_WRONG_CONTENT_TYPE) &&
      !g_error_matches (error, DECK_NET_ERROR, DECK_NET_ERROR_MALFORMED))
    return error;

  g_error_free (error);
  return not_node_red (self);
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeckNodeRedClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(DeckHttpResponse) response = NULL;
  GError *error = NULL;
  gpointer value;

  response = deck_http_send_finish (result, &error);
  if (response == NULL)
    {
      if (call->flags & CALL_PROBE)
        error = probe_error (self, error);
      g_task_return_error (task, error);
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (response->status))
    {
      g_task_return_error (task, map_error (self, call, response));
      return;
    }

  value = call->parse != NULL ? call->parse (self, call, response, &error) : GINT_TO_POINTER (TRUE);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (call->result_free != NULL)
    g_task_return_pointer (task, value, call->result_free);
  else
    g_task_return_boolean (task, TRUE);
}

static void
nr_call (DeckNodeRedClient   *self,
         Call                *call,
         gpointer             source_tag,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);

  if (g_task_return_error_if_cancelled (task))
    return;

  call->message = build_message (self, call, &error);
  if (call->message == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  deck_http_send_async (self->session, call->message, DECK_HTTP_FLAGS_JSON, 0,
                        cancellable, send_cb, g_steal_pointer (&task));
}

static gpointer
finish_pointer (DeckNodeRedClient  *self,
                GAsyncResult       *result,
                gpointer            source_tag,
                GError            **error)
{
  g_return_val_if_fail (DECK_IS_NODE_RED_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
finish_boolean (DeckNodeRedClient  *self,
                GAsyncResult       *result,
                gpointer            source_tag,
                GError            **error)
{
  g_return_val_if_fail (DECK_IS_NODE_RED_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/*
 * Credentials
 */

static void
clear_token (DeckNodeRedClient *self)
{
  gboolean had_token = self->token != NULL;

  deck_secure_clear (&self->token);
  g_clear_pointer (&self->scope, g_strfreev);
  g_clear_pointer (&self->expires_at, g_date_time_unref);

  if (had_token)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
}

static void
store_token (DeckNodeRedClient *self,
             const char        *token,
             const char        *scope,
             gint64             expires_in)
{
  /* Copy first: @token may point into a body that is wiped next. */
  char *copy = g_strdup (token);
  gboolean had_token = self->token != NULL;

  deck_secure_clear (&self->token);
  g_clear_pointer (&self->scope, g_strfreev);
  g_clear_pointer (&self->expires_at, g_date_time_unref);

  self->token = copy;
  if (scope != NULL)
    self->scope = g_strsplit (scope, ",", -1);
  if (expires_in > 0)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      self->expires_at = g_date_time_add_seconds (now, (double) expires_in);
    }

  if (!had_token)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
}

/*
 * Parsing
 */

static gpointer
parse_login_info (DeckNodeRedClient  *self,
                  Call               *call,
                  DeckHttpResponse   *response,
                  GError            **error)
{
  g_autoptr(DeckNrLoginInfo) info = g_new0 (DeckNrLoginInfo, 1);
  JsonObject *object;
  JsonArray *prompts;
  const char *type;

  /* Anything but a JSON object is not Node-RED's /auth/login. */
  if (response->json == NULL || !JSON_NODE_HOLDS_OBJECT (response->json))
    {
      g_propagate_error (error, not_node_red (self));
      return NULL;
    }

  object = json_node_get_object (response->json);
  info->prompts = g_ptr_array_new_with_free_func ((GDestroyNotify) prompt_free);
  info->login_message = g_strdup (deck_json_get_string (object, "loginMessage"));

  if ((prompts = deck_json_get_array (object, "prompts")) != NULL)
    for (guint i = 0; i < json_array_get_length (prompts); i++)
      {
        JsonNode *node = json_array_get_element (prompts, i);
        JsonObject *item;
        DeckNrPrompt *prompt;

        if (!JSON_NODE_HOLDS_OBJECT (node))
          continue;

        item = json_node_get_object (node);
        prompt = g_new0 (DeckNrPrompt, 1);
        prompt->id = g_strdup (deck_json_get_string (item, "id"));
        prompt->type = g_strdup (deck_json_get_string (item, "type"));
        prompt->label = g_strdup (deck_json_get_string (item, "label"));
        g_ptr_array_add (info->prompts, prompt);

        if (g_strcmp0 (prompt->type, "button") == 0 && info->strategy_label == NULL)
          {
            info->strategy_label = g_strdup (prompt->label);
            info->strategy_icon = g_strdup (deck_json_get_string (item, "icon"));
          }
      }

  type = deck_json_get_string (object, "type");
  if (type == NULL)
    {
      info->auth = DECK_NODE_RED_AUTH_NONE;
    }
  else if (g_str_equal (type, "credentials"))
    {
      info->auth = DECK_NODE_RED_AUTH_CREDENTIALS;
    }
  else if (g_str_equal (type, "strategy"))
    {
      /* The prompt's `url` is relative to the editor page; the route
       * itself is fixed (adminApp.get('/auth/strategy')), so build it here
       * rather than follow a server-given URL to another origin. */
      info->auth = DECK_NODE_RED_AUTH_STRATEGY;
      info->auto_login = deck_json_get_bool (object, "autoLogin", FALSE);
      info->strategy_url = g_strconcat (self->url, "/auth/strategy", NULL);
    }
  else
    {
      g_autofree char *message = NULL;

      /* Translators: %s is a sign-in method named by the server. */
      message = g_strdup_printf (_("This Node-RED asks for a sign-in method Flowdeck does not "
                                   "know (“%s”)."), type);
      g_propagate_error (error, deck_node_red_error_new (DECK_NODE_RED_ERROR_UNEXPECTED_RESPONSE,
                                                         type, -1, message));
      return NULL;
    }

  return g_steal_pointer (&info);
}

/* Password grant ({access_token, expires_in, token_type}) and the Node-RED 5
 * exchange ({accessToken, expires_in}). Node-RED 4.1 does not echo the
 * scope: the token has the one asked for (a `scope` in the answer wins), or
 * none known yet (the exchange). */
static gpointer
parse_token (DeckNodeRedClient  *self,
             Call               *call,
             DeckHttpResponse   *response,
             GError            **error)
{
  JsonObject *object = require_object (response, _("sign-in details"), error);
  const char *granted;
  const char *token;

  if (object == NULL)
    return NULL;

  token = deck_json_get_string (object, "access_token");
  if (token == NULL)
    token = deck_json_get_string (object, "accessToken");
  if (token == NULL || *token == '\0')
    {
      g_propagate_error (error, deck_node_red_error_new_missing_field (_("sign-in answer"),
                                                                       "access_token"));
      return NULL;
    }

  granted = deck_json_get_string (object, "scope");
  store_token (self, token, granted != NULL && *granted != '\0' ? granted : call->scope,
               deck_json_get_int (object, "expires_in", 0));

  /* The body's bytes are wiped with the response, but json-glib keeps its
   * own copy of the string: overwrite it too. */
  deck_secure_wipe ((char *) token, strlen (token));

  return GINT_TO_POINTER (TRUE);
}

static gpointer
parse_settings (DeckNodeRedClient  *self,
                Call               *call,
                DeckHttpResponse   *response,
                GError            **error)
{
  JsonObject *object = require_object (response, _("settings"), error);
  DeckNrSettings *settings;
  const char * const *permissions;

  if (object == NULL)
    return NULL;

  settings = deck_nr_settings_new_from_json (object, error);
  if (settings == NULL)
    return NULL;

  /* A token from a browser sign-in carries the user's permissions; learn
   * them here. (A password grant's scope is known and may be narrower
   * than these, so it is kept.) */
  permissions = deck_nr_settings_get_permissions (settings);
  if (self->token != NULL && self->scope == NULL && permissions != NULL && permissions[0] != NULL)
    self->scope = g_strdupv ((char **) permissions);

  return settings;
}

static gpointer
parse_flows (DeckNodeRedClient  *self,
             Call               *call,
             DeckHttpResponse   *response,
             GError            **error)
{
  g_autoptr(DeckNrFlows) flows = g_new0 (DeckNrFlows, 1);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *items = NULL;

  /* v2: {rev, flows: [...]}; a v1 answer (a bare array) is taken too. */
  if (response->json != NULL && JSON_NODE_HOLDS_OBJECT (response->json))
    {
      JsonObject *object = json_node_get_object (response->json);

      items = deck_json_get_array (object, "flows");
      flows->rev = g_strdup (deck_json_get_string (object, "rev"));
      if (items == NULL)
        {
          g_propagate_error (error, deck_node_red_error_new_missing_field (_("flows"), "flows"));
          return NULL;
        }
    }
  else if (response->json != NULL && JSON_NODE_HOLDS_ARRAY (response->json))
    items = json_node_get_array (response->json);

  if (items == NULL)
    {
      g_propagate_error (error, unexpected (_("flows")));
      return NULL;
    }

  flows->n_items = json_array_get_length (items);
  flows->tabs = g_list_store_new (DECK_TYPE_NR_FLOW);

  for (guint i = 0; i < flows->n_items; i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      const char *z;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;

      z = deck_json_get_string (json_node_get_object (node), "z");
      if (z != NULL)
        g_hash_table_insert (counts, (char *) z,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, z)) + 1));
    }

  for (guint i = 0; i < flows->n_items; i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      g_autoptr(DeckNrFlow) tab = NULL;
      JsonObject *item;
      const char *id;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;

      item = json_node_get_object (node);
      if (g_strcmp0 (deck_json_get_string (item, "type"), "tab") != 0)
        continue;

      id = deck_json_get_string (item, "id");
      tab = deck_nr_flow_new_from_json (item,
                                        id ? GPOINTER_TO_UINT (g_hash_table_lookup (counts, id)) : 0,
                                        error);
      if (tab == NULL)
        return NULL;

      g_list_store_append (flows->tabs, tab);
    }

  return g_steal_pointer (&flows);
}

static gpointer
parse_modules (DeckNodeRedClient  *self,
               Call               *call,
               DeckHttpResponse   *response,
               GError            **error)
{
  if (response->json == NULL || !JSON_NODE_HOLDS_ARRAY (response->json))
    {
      g_propagate_error (error, unexpected (_("node modules")));
      return NULL;
    }

  return deck_nr_module_list_from_json (json_node_get_array (response->json), error);
}

static gpointer
parse_diagnostics (DeckNodeRedClient  *self,
                   Call               *call,
                   DeckHttpResponse   *response,
                   GError            **error)
{
  JsonObject *object = require_object (response, _("diagnostics"), error);

  return object ? json_object_ref (object) : NULL;
}

static gpointer
parse_rev (DeckNodeRedClient  *self,
           Call               *call,
           DeckHttpResponse   *response,
           GError            **error)
{
  JsonObject *object = require_object (response, _("flows"), error);
  const char *rev;

  if (object == NULL)
    return NULL;

  rev = deck_json_get_string (object, "rev");
  if (rev == NULL)
    {
      g_propagate_error (error, deck_node_red_error_new_missing_field (_("flows"), "rev"));
      return NULL;
    }

  return g_strdup (rev);
}

/*
 * GObject
 */

static void
deck_node_red_client_finalize (GObject *object)
{
  DeckNodeRedClient *self = DECK_NODE_RED_CLIENT (object);

  deck_secure_clear (&self->token);
  g_clear_pointer (&self->scope, g_strfreev);
  g_clear_pointer (&self->expires_at, g_date_time_unref);
  g_clear_object (&self->session);
  g_clear_pointer (&self->url, g_free);

  G_OBJECT_CLASS (deck_node_red_client_parent_class)->finalize (object);
}

static void
deck_node_red_client_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  DeckNodeRedClient *self = DECK_NODE_RED_CLIENT (object);

  switch (prop_id)
    {
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;

    case PROP_SIGNED_IN:
      g_value_set_boolean (value, self->token != NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_node_red_client_class_init (DeckNodeRedClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = deck_node_red_client_finalize;
  object_class->get_property = deck_node_red_client_get_property;

  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  /**
   * DeckNodeRedClient:signed-in:
   *
   * Whether the client holds a token (it may still be refused).
   */
  properties[PROP_SIGNED_IN] =
    g_param_spec_boolean ("signed-in", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
deck_node_red_client_init (DeckNodeRedClient *self)
{
  self->timeout = DEFAULT_TIMEOUT;
  self->session = deck_http_session_new (self->timeout);
}

/*
 * Public API: setup
 */

/**
 * deck_node_red_client_new:
 * @url: the Node-RED editor (admin root), e.g. `https://example.com/admin`
 * @error: a location for a #GError, or %NULL
 *
 * The URL is checked with deck_http_check_url(): https, or plain http to a
 * loopback address. A trailing slash, query and fragment are dropped.
 *
 * Returns: (transfer full) (nullable): a client with no token yet
 */
DeckNodeRedClient *
deck_node_red_client_new (const char  *url,
                          GError     **error)
{
  g_autoptr(DeckNodeRedClient) self = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *text = NULL;
  gsize len;

  g_return_val_if_fail (url != NULL, NULL);

  if (!deck_http_check_url (url, FALSE, &uri, error))
    return NULL;

  self = g_object_new (DECK_TYPE_NODE_RED_CLIENT, NULL);
  text = g_uri_to_string_partial (uri, G_URI_HIDE_QUERY | G_URI_HIDE_FRAGMENT);
  len = strlen (text);
  while (len > 0 && text[len - 1] == '/')
    text[--len] = '\0';

  self->url = g_steal_pointer (&text);

  return g_steal_pointer (&self);
}

const char *
deck_node_red_client_get_url (DeckNodeRedClient *self)
{
  g_return_val_if_fail (DECK_IS_NODE_RED_CLIENT (self), NULL);

  return self->url;
}

/**
 * deck_node_red_client_set_timeout:
 * @self: a #DeckNodeRedClient
 * @seconds: how long the server may stay silent
 */
void
deck_node_red_client_set_timeout (DeckNodeRedClient *self,
                                  guint              seconds)
{
  g_return_if_fail (DECK_IS_NODE_RED_CLIENT (self));
  g_return_if_fail (seconds > 0);

  self->timeout = seconds;
  g_object_set (self->session, "timeout", seconds, NULL);
}

/**
 * deck_node_red_client_set_token:
 * @self: a #DeckNodeRedClient
 * @token: a Node-RED access token (from the keyring, or handed over by the
 *   older `?access_token=` redirect of Node-RED ≤ 4); copied
 * @scope: (nullable): its scope ("*", "read"), or %NULL if unknown: then it
 *   is learned from the next deck_node_red_client_get_settings_async()
 */
void
deck_node_red_client_set_token (DeckNodeRedClient *self,
                                const char        *token,
                                const char        *scope)
{
  g_return_if_fail (DECK_IS_NODE_RED_CLIENT (self));
  g_return_if_fail (token != NULL && *token != '\0');

  store_token (self, token, scope, 0);
}

gboolean
deck_node_red_client_has_token (DeckNodeRedClient *self)
{
  g_return_val_if_fail (DECK_IS_NODE_RED_CLIENT (self), FALSE);

  return self->token != NULL;
}

/**
 * deck_node_red_client_get_token:
 * @self: a #DeckNodeRedClient
 *
 * For the keyring only: never log or show it.
 *
 * Returns: (nullable): the access token
 */
const char *
deck_node_red_client_get_token (DeckNodeRedClient *self)
{
  g_return_val_if_fail (DECK_IS_NODE_RED_CLIENT (self), NULL);

  return self->token;
}

/**
 * deck_node_red_client_get_scope:
 * @self: a #DeckNodeRedClient
 *
 * Returns: (nullable) (transfer none): the token's scope ({"*"}, {"read"},
 *   …), or %NULL while unknown
 */
const char * const *
deck_node_red_client_get_scope (DeckNodeRedClient *self)
{
  g_return_val_if_fail (DECK_IS_NODE_RED_CLIENT (self), NULL);

  return (const char * const *) self->scope;
}

/**
 * deck_node_red_client_is_read_only:
 * @self: a #DeckNodeRedClient
 *
 * Returns: %TRUE when the token's scope is known and allows no change
 */
gboolean
deck_node_red_client_is_read_only (DeckNodeRedClient *self)
{
  g_return_val_if_fail (DECK_IS_NODE_RED_CLIENT (self), FALSE);

  return self->scope != NULL && !scope_allows_write ((const char * const *) self->scope);
}

/**
 * deck_node_red_client_get_token_expiry:
 * @self: a #DeckNodeRedClient
 *
 * Node-RED may refuse the token earlier (revoked, instance restarted).
 *
 * Returns: (transfer none) (nullable): when the token expires, if known
 */
GDateTime *
deck_node_red_client_get_token_expiry (DeckNodeRedClient *self)
{
  g_return_val_if_fail (DECK_IS_NODE_RED_CLIENT (self), NULL);

  return self->expires_at;
}

/**
 * deck_node_red_client_sign_out:
 * @self: a #DeckNodeRedClient
 *
 * Forgets the token (wiping it from memory). Does not revoke it: see
 * deck_node_red_client_revoke_async().
 */
void
deck_node_red_client_sign_out (DeckNodeRedClient *self)
{
  g_return_if_fail (DECK_IS_NODE_RED_CLIENT (self));

  clear_token (self);
}

/*
 * Public API: signing in and out
 */

/**
 * deck_node_red_client_probe_async:
 * @self: a #DeckNodeRedClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Asks `GET <url>/auth/login` how to sign in. An address that does not
 * serve it fails with %DECK_NODE_RED_ERROR_NOT_NODE_RED.
 */
void
deck_node_red_client_probe_async (DeckNodeRedClient   *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  Call *call;

  g_return_if_fail (DECK_IS_NODE_RED_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  call = call_new ("GET", "/auth/login", CALL_ANONYMOUS | CALL_PROBE, parse_login_info);
  call->result_free = (GDestroyNotify) deck_nr_login_info_free;
  nr_call (self, call, deck_node_red_client_probe_async, cancellable, callback, user_data);
}

/**
 * deck_node_red_client_probe_finish:
 * @self: a #DeckNodeRedClient
 * @result: the result
 * @error: a location for a #GError, or %NULL
 *
 * Returns: (transfer full): how to sign in, or %NULL with @error
 */
DeckNrLoginInfo *
deck_node_red_client_probe_finish (DeckNodeRedClient  *self,
                                   GAsyncResult       *result,
                                   GError            **error)
{
  return finish_pointer (self, result, deck_node_red_client_probe_async, error);
}

/**
 * deck_node_red_client_login_async:
 * @self: a #DeckNodeRedClient
 * @username: the user name
 * @password: the password (not kept)
 * @scope: %DECK_NODE_RED_SCOPE_ALL or %DECK_NODE_RED_SCOPE_READ
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * The password grant (`adminAuth.type: "credentials"`): `POST /auth/token`,
 * form-encoded. On success the client holds the token; read it with
 * deck_node_red_client_get_token() to store it.
 */
void
deck_node_red_client_login_async (DeckNodeRedClient   *self,
                                  const char          *username,
                                  const char          *password,
                                  const char          *scope,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  Call *call;

  g_return_if_fail (DECK_IS_NODE_RED_CLIENT (self));
  g_return_if_fail (username != NULL);
  g_return_if_fail (password != NULL);
  g_return_if_fail (scope != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  call = call_new ("POST", "/auth/token", CALL_ANONYMOUS | CALL_SIGN_IN, parse_token);
  call->scope = g_strdup (scope);
  call->content_type = FORM_CONTENT_TYPE;
  /* soup_form_encode() escapes everything but [A-Za-z0-9._-]: a password
   * with "+", "&" or "=" arrives as typed. */
  call->body = secret_bytes_take (soup_form_encode ("client_id", ADMIN_CLIENT_ID,
                                                    "grant_type", "password",
                                                    "scope", scope,
                                                    "username", username,
                                                    "password", password,
                                                    NULL));
  nr_call (self, call, deck_node_red_client_login_async, cancellable, callback, user_data);
}

gboolean
deck_node_red_client_login_finish (DeckNodeRedClient  *self,
                                   GAsyncResult       *result,
                                   GError            **error)
{
  return finish_boolean (self, result, deck_node_red_client_login_async, error);
}

/**
 * deck_node_red_client_exchange_code_async:
 * @self: a #DeckNodeRedClient
 * @code: the `code` of the `?code=` redirect that ends a strategy sign-in
 *   (Node-RED ≥ 5); valid once, for 20 seconds
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * `POST /auth/token {code}` → `{accessToken, expires_in}`. The token's
 * scope is learned from the next deck_node_red_client_get_settings_async().
 * Node-RED ≤ 4 hands the token over directly (`?access_token=`): use
 * deck_node_red_client_set_token() for that.
 */
void
deck_node_red_client_exchange_code_async (DeckNodeRedClient   *self,
                                          const char          *code,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  Call *call;

  g_return_if_fail (DECK_IS_NODE_RED_CLIENT (self));
  g_return_if_fail (code != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  call = call_new ("POST", "/auth/token", CALL_ANONYMOUS | CALL_SIGN_IN, parse_token);
  call->content_type = "application/json";
  call->body = deck_http_json_body (body);
  nr_call (self, call, deck_node_red_client_exchange_code_async, cancellable, callback,
           user_data);
}

gboolean
deck_node_red_client_exchange_code_finish (DeckNodeRedClient  *self,
                                           GAsyncResult       *result,
                                           GError            **error)
{
  return finish_boolean (self, result, deck_node_red_client_exchange_code_async, error);
}

/* "/", "" and "/admin/" as "/" and "/admin": the editor's root. */
static char *
root_path (const char *path)
{
  gsize len;

  if (path == NULL || *path == '\0')
    return g_strdup ("/");

  len = strlen (path);
  while (len > 1 && path[len - 1] == '/')
    len--;
  return g_strndup (path, len);
}

/**
 * deck_node_red_parse_strategy_redirect:
 * @editor_url: the Node-RED editor's address (as the account has it)
 * @uri: an address the web view is about to load
 * @out_code: (out) (optional) (nullable): the `code` to exchange (Node-RED ≥ 5)
 * @out_access_token: (out) (optional) (nullable): the token itself
 *   (Node-RED ≤ 4); free with deck_secure_free()
 * @out_message: (out) (optional) (nullable): Node-RED's `session_message`
 *   when the sign-in failed
 *
 * Whether @uri is the redirect that ends a strategy sign-in: the editor's
 * own origin (scheme, host and port compared) and root path, with
 * `?code=`, `?access_token=` or `?session_message=` (API.md §6.3).
 * Nothing else matches, so a page elsewhere cannot end the sign-in.
 *
 * At most one of @out_code and @out_access_token is set: a code when
 * the redirect carries both.
 *
 * Returns: %TRUE when @uri ends the sign-in (one of the outs is set)
 */
gboolean
deck_node_red_parse_strategy_redirect (const char  *editor_url,
                                       const char  *uri,
                                       char       **out_code,
                                       char       **out_access_token,
                                       char       **out_message)
{
  g_autoptr(GUri) editor = NULL;
  g_autoptr(GUri) target = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *editor_root = NULL;
  g_autofree char *target_root = NULL;
  const char *code, *token, *message;

  g_return_val_if_fail (editor_url != NULL, FALSE);

  if (out_code != NULL)
    *out_code = NULL;
  if (out_access_token != NULL)
    *out_access_token = NULL;
  if (out_message != NULL)
    *out_message = NULL;

  if (uri == NULL)
    return FALSE;

  /* Normalised: an explicit default port (":443") is no port. */
  editor = g_uri_parse (editor_url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_SCHEME_NORMALIZE, NULL);
  target = g_uri_parse (uri, G_URI_FLAGS_ENCODED | G_URI_FLAGS_SCHEME_NORMALIZE, NULL);
  if (editor == NULL || target == NULL || g_uri_get_query (target) == NULL)
    return FALSE;

  if (g_ascii_strcasecmp (g_uri_get_scheme (editor), g_uri_get_scheme (target)) != 0 ||
      g_ascii_strcasecmp (g_uri_get_host (editor), g_uri_get_host (target)) != 0 ||
      g_uri_get_port (editor) != g_uri_get_port (target))
    return FALSE;

  editor_root = root_path (g_uri_get_path (editor));
  target_root = root_path (g_uri_get_path (target));
  if (g_strcmp0 (editor_root, target_root) != 0)
    return FALSE;

  params = g_uri_parse_params (g_uri_get_query (target), -1, "&", G_URI_PARAMS_NONE, NULL);
  if (params == NULL)
    return FALSE;

  code = g_hash_table_lookup (params, "code");
  token = g_hash_table_lookup (params, "access_token");
  message = g_hash_table_lookup (params, "session_message");
  if ((code == NULL || *code == '\0') && (token == NULL || *token == '\0') && message == NULL)
    return FALSE;

  /* One credential only: a code (Node-RED 5) wins over a token. */
  if (out_code != NULL && code != NULL && *code != '\0')
    *out_code = g_strdup (code);
  else if (out_access_token != NULL && token != NULL && *token != '\0')
    *out_access_token = g_strdup (token);
  if (out_message != NULL && message != NULL)
    *out_message = g_strdup (message);

  /* The table's copies go the way of all secrets. */
  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, params);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      deck_secure_wipe (value, strlen (value));
  }
  return TRUE;
}

/* Revocation, in two steps: POST /auth/revoke, then GET /settings with the
 * same token, which must now get 401. Node-RED answers 200 to a revoke
 * that revoked nothing. */

static void
revoke_confirm_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeckNodeRedClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(DeckHttpResponse) response = NULL;
  GError *error = NULL;

  response = deck_http_send_finish (result, &error);
  if (response == NULL)
    {
      g_prefix_error (&error, "%s", _("Could not check that the sign-in was revoked: "));
      g_task_return_error (task, error);
      return;
    }

  g_debug ("Node-RED revocation check → %u", response->status);

  if (response->status == SOUP_STATUS_UNAUTHORIZED)
    {
      /* Confirmed: forget the token unless another one replaced it. */
      if (g_strcmp0 (self->token, call->token) == 0)
        clear_token (self);
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (SOUP_STATUS_IS_SUCCESSFUL (response->status))
    g_task_return_error (task, deck_node_red_error_new (DECK_NODE_RED_ERROR_REVOKE_NOT_CONFIRMED,
                                                        NULL, -1,
                                                        _("Node-RED said the token was revoked, "
                                                          "but it still works. It stays valid "
                                                          "until it expires.")));
  else
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("Node-RED said the token was revoked, but checking that "
                                   "failed (HTTP %u)."), response->status);
      g_task_return_error (task, deck_node_red_error_new (DECK_NODE_RED_ERROR_REVOKE_NOT_CONFIRMED,
                                                          NULL, -1, message));
    }
}

static void
revoke_sent_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeckNodeRedClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(DeckHttpResponse) response = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  response = deck_http_send_finish (result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* A 401 here means the token was already dead: the check below tells. */
  if (!SOUP_STATUS_IS_SUCCESSFUL (response->status) &&
      response->status != SOUP_STATUS_UNAUTHORIZED)
    {
      g_task_return_error (task, map_error (self, call, response));
      return;
    }

  g_clear_pointer (&call->method, g_free);
  g_clear_pointer (&call->path, g_free);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_clear_object (&call->message);
  call->method = g_strdup ("GET");
  call->path = g_strdup ("/settings");
  call->content_type = NULL;

  call->message = build_message (self, call, &error);
  if (call->message == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  deck_http_send_async (self->session, call->message, DECK_HTTP_FLAGS_JSON, 0,
                        cancellable, revoke_confirm_cb, g_steal_pointer (&task));
}

/**
 * deck_node_red_client_revoke_async:
 * @self: a #DeckNodeRedClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Revokes the token (`POST /auth/revoke`, `token=` form-encoded), then
 * confirms it: `GET /settings` with it must answer 401. Only then does the
 * client forget it and the call succeed; otherwise it fails with
 * %DECK_NODE_RED_ERROR_REVOKE_NOT_CONFIRMED and keeps the token.
 */
void
deck_node_red_client_revoke_async (DeckNodeRedClient   *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  Call *call;

  g_return_if_fail (DECK_IS_NODE_RED_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_node_red_client_revoke_async);

  if (self->token == NULL)
    {
      g_task_return_error (task, deck_node_red_error_new (DECK_NODE_RED_ERROR_UNAUTHORIZED, NULL,
                                                          -1, _("There is no sign-in to revoke.")));
      return;
    }

  call = call_new ("POST", "/auth/revoke", 0, NULL);
  call->token = g_strdup (self->token);
  call->content_type = FORM_CONTENT_TYPE;
  /* Tokens are base64: "+", "/" and "=" must be escaped, or Node-RED
   * looks up another token, revokes nothing and still answers 200. */
  call->body = secret_bytes_take (soup_form_encode ("token", call->token, NULL));
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);

  if (g_task_return_error_if_cancelled (task))
    return;

  call->message = build_message (self, call, &error);
  if (call->message == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  deck_http_send_async (self->session, call->message, DECK_HTTP_FLAGS_JSON, 0,
                        cancellable, revoke_sent_cb, g_steal_pointer (&task));
}

/**
 * deck_node_red_client_revoke_finish:
 * @self: a #DeckNodeRedClient
 * @result: the result
 * @error: a location for a #GError, or %NULL
 *
 * Returns: %TRUE when Node-RED now refuses the token (checked)
 */
gboolean
deck_node_red_client_revoke_finish (DeckNodeRedClient  *self,
                                    GAsyncResult       *result,
                                    GError            **error)
{
  return finish_boolean (self, result, deck_node_red_client_revoke_async, error);
}

/*
 * Public API: the admin API
 */

void
deck_node_red_client_get_settings_async (DeckNodeRedClient   *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  Call *call;

  g_return_if_fail (DECK_IS_NODE_RED_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  call = call_new ("GET", "/settings", 0, parse_settings);
  call->result_free = g_object_unref;
  nr_call (self, call, deck_node_red_client_get_settings_async, cancellable, callback, user_data);
}

/**
 * deck_node_red_client_get_settings_finish:
 * @self: a #DeckNodeRedClient
 * @result: the result
 * @error: a location for a #GError, or %NULL
 *
 * Returns: (transfer full): the runtime settings, or %NULL with @error
 */
DeckNrSettings *
deck_node_red_client_get_settings_finish (DeckNodeRedClient  *self,
                                          GAsyncResult       *result,
                                          GError            **error)
{
  return finish_pointer (self, result, deck_node_red_client_get_settings_async, error);
}

void
deck_node_red_client_get_flows_async (DeckNodeRedClient   *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  Call *call;

  g_return_if_fail (DECK_IS_NODE_RED_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  call = call_new ("GET", "/flows", 0, parse_flows);
  call->result_free = (GDestroyNotify) deck_nr_flows_free;
  nr_call (self, call, deck_node_red_client_get_flows_async, cancellable, callback, user_data);
}

/**
 * deck_node_red_client_get_flows_finish:
 * @self: a #DeckNodeRedClient
 * @result: the result
 * @error: a location for a #GError, or %NULL
 *
 * Returns: (transfer full): the tabs and the revision, or %NULL with @error
 */
DeckNrFlows *
deck_node_red_client_get_flows_finish (DeckNodeRedClient  *self,
                                       GAsyncResult       *result,
                                       GError            **error)
{
  return finish_pointer (self, result, deck_node_red_client_get_flows_async, error);
}

void
deck_node_red_client_list_modules_async (DeckNodeRedClient   *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  Call *call;

  g_return_if_fail (DECK_IS_NODE_RED_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  /* deck_http asks for `Accept: application/json`, exactly what Node-RED
   * compares against; anything else gets the editor's HTML node configs. */
  call = call_new ("GET", "/nodes", 0, parse_modules);
  call->result_free = g_object_unref;
  nr_call (self, call, deck_node_red_client_list_modules_async, cancellable, callback, user_data);
}

/**
 * deck_node_red_client_list_modules_finish:
 * @self: a #DeckNodeRedClient
 * @result: the result
 * @error: a location for a #GError, or %NULL
 *
 * Returns: (transfer full): a #GListModel of #DeckNrModule, or %NULL with @error
 */
GListModel *
deck_node_red_client_list_modules_finish (DeckNodeRedClient  *self,
                                          GAsyncResult       *result,
                                          GError            **error)
{
  return finish_pointer (self, result, deck_node_red_client_list_modules_async, error);
}

void
deck_node_red_client_get_diagnostics_async (DeckNodeRedClient   *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  Call *call;

  g_return_if_fail (DECK_IS_NODE_RED_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  call = call_new ("GET", "/diagnostics", 0, parse_diagnostics);
  call->result_free = (GDestroyNotify) json_object_unref;
  nr_call (self, call, deck_node_red_client_get_diagnostics_async, cancellable, callback,
           user_data);
}

/**
 * deck_node_red_client_get_diagnostics_finish:
 * @self: a #DeckNodeRedClient
 * @result: the result
 * @error: a location for a #GError, or %NULL
 *
 * The report is Node-RED's own (`report`, `scope`, `time`, `intl`,
 * `nodejs`, `os`, `runtime`, …). When diagnostics are turned off in its
 * settings this fails with %DECK_NODE_RED_ERROR_FORBIDDEN.
 *
 * Returns: (transfer full): the report, or %NULL with @error
 */
JsonObject *
deck_node_red_client_get_diagnostics_finish (DeckNodeRedClient  *self,
                                             GAsyncResult       *result,
                                             GError            **error)
{
  return finish_pointer (self, result, deck_node_red_client_get_diagnostics_async, error);
}

/**
 * deck_node_red_client_reload_flows_async:
 * @self: a #DeckNodeRedClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Restarts the flows from storage (`POST /flows` with
 * `Node-RED-Deployment-Type: reload`). Needs a token with write access; a
 * `read` token fails with %DECK_NODE_RED_ERROR_FORBIDDEN.
 */
void
deck_node_red_client_reload_flows_async (DeckNodeRedClient   *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  Call *call;

  g_return_if_fail (DECK_IS_NODE_RED_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  call = call_new ("POST", "/flows", CALL_WRITE, parse_rev);
  call->deployment_type = "reload";
  call->result_free = g_free;
  nr_call (self, call, deck_node_red_client_reload_flows_async, cancellable, callback, user_data);
}

/**
 * deck_node_red_client_reload_flows_finish:
 * @self: a #DeckNodeRedClient
 * @result: the result
 * @error: a location for a #GError, or %NULL
 *
 * Returns: (transfer full): the flows' revision after the reload, or %NULL
 *   with @error
 */
char *
deck_node_red_client_reload_flows_finish (DeckNodeRedClient  *self,
                                          GAsyncResult       *result,
                                          GError            **error)
{
  return finish_pointer (self, result, deck_node_red_client_reload_flows_async, error);
}
