/* deck-flowfuse-client.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-flowfuse"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "deck-ff-list.h"
#include "deck-flowfuse-client.h"
#include "deck-flowfuse-client-private.h"
#include "deck-http.h"
#include "deck-json.h"
#include "deck-secure.h"

/* One object per FlowFuse account, holding one SoupSession. Every call is
 * _async/_finish with a GCancellable and goes through ff_call(), which
 *   1. makes sure the credential is usable (an OAuth token is refreshed
 *      *before* it expires, and never sent once expired: FlowFuse deletes
 *      the row, refresh token and all, when it sees an expired token);
 *   2. builds the request with exactly one credential: a bearer header,
 *      or (only while minting the app's own token) a session cookie;
 *   3. sends it through deck_http (size limits, transport errors);
 *   4. maps FlowFuse's {code, error} answers to DECK_FLOWFUSE_ERROR;
 *   5. turns the JSON into models.
 * Token values are never logged; request and response bodies are wiped. */

#define DEFAULT_TIMEOUT       30
#define REFRESH_MARGIN        (60 * G_TIME_SPAN_SECOND)
#define INSTANCES_PAGE_SIZE   100
#define FF_PLUGIN_CLIENT_ID   "ff-plugin"

struct _DeckFlowfuseClient
{
  GObject                 parent_instance;

  /* Owned References */
  SoupSession            *session;
  SoupCookieJar          *jar;
  char                   *base_url;
  GUri                   *base_uri;

  /* Secrets: wiped when replaced or finalized */
  char                   *token;
  char                   *refresh_token;

  DeckFlowfuseCredential  credential;
  GDateTime              *expires_at;
  guint                   timeout;

  /* An OAuth refresh in flight, and the calls waiting for it */
  gboolean                refreshing;
  GPtrArray              *refresh_waiters;

  /* The start-up prefetch's lists, each given out once, until seed_until */
  GListModel             *seed_teams;
  char                   *seed_team_id;
  GListModel             *seed_instances;
  gint64                  seed_until;

  /* Team id → its instances as last seen, plus one (list_instances()) */
  GHashTable             *team_sizes;
};

G_DEFINE_FINAL_TYPE (DeckFlowfuseClient, deck_flowfuse_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_CREDENTIAL,
  N_PROPS
};

enum {
  TOKENS_CHANGED,
  CREDENTIAL_REJECTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef gpointer (*ParseFunc) (DeckFlowfuseClient *self,
                               JsonNode           *node,
                               gpointer            parse_data,
                               GError            **error);

typedef enum
{
  RESULT_OBJECT,
  RESULT_LIST,
  RESULT_BOOLEAN,
  RESULT_PAGE,
  RESULT_INT,
  RESULT_VALUE,
  RESULT_TABLE,
} ResultKind;

/* Task data of every task this client returns starts with its result
 * kind, so that the generic finishers can check they fit. */
typedef struct
{
  ResultKind      kind;
  char           *method;
  char           *path;
  GBytes         *body;
  ParseFunc       parse;
  gpointer        parse_data;
  GDestroyNotify  parse_data_free;
  gboolean        anonymous;
  /* parse only builds new models from the JSON (no client, no shared
   * state): a large answer is parsed on a worker thread */
  gboolean        pure_parse;
  /* a 401 here is not announced: a call beside it, with the same
   * credential, announces it */
  gboolean        quiet;
  /* SoupMessage::got-headers of the request, with a reference to
   * answered_data (the server has done its work; the body is on its
   * way) */
  void          (*answered) (SoupMessage *message,
                             gpointer     data);
  GObject        *answered_data;
} Call;

/* A created token: the summary model and the value, returned once. */
typedef struct
{
  GObject *model;
  char    *value;
} CreatedToken;

static void
call_free (Call *call)
{
  g_clear_pointer (&call->method, g_free);
  g_clear_pointer (&call->path, g_free);
  g_clear_pointer (&call->body, g_bytes_unref);
  if (call->parse_data_free != NULL)
    g_clear_pointer (&call->parse_data, call->parse_data_free);
  g_free (call);
}

static void
created_token_free (CreatedToken *created)
{
  g_clear_object (&created->model);
  deck_secure_clear (&created->value);
  g_free (created);
}

void
deck_ff_page_free (DeckFfPage *page)
{
  if (page == NULL)
    return;

  g_clear_object (&page->items);
  g_clear_pointer (&page->next_cursor, g_free);
  g_clear_pointer (&page->previous_cursor, g_free);
  g_free (page);
}

/*
 * Errors
 */

/* FlowFuse names the offending field in its code: invalid_project_name,
 * invalid_stack, … Fastify's schema errors name it in the message:
 * "body/name must …" or "body must have required property 'name'". */
static char *
field_from_error (const char *code,
                  const char *message)
{
  static const struct { const char *code; const char *field; } known[] = {
    { "invalid_project_name", "name" },
    { "invalid_name", "name" },
    { "invalid_project_type", "projectType" },
    { "invalid_stack", "stack" },
    { "invalid_template", "template" },
    { "invalid_application", "applicationId" },
    { "invalid_slug", "slug" },
    { "invalid_team_type", "type" },
    { "invalid_team", "teamIds" },
    { "invalid_team_role", "role" },
  };
  const char *p;

  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (known); i++)
    if (g_strcmp0 (code, known[i].code) == 0)
      return g_strdup (known[i].field);

  if (message == NULL)
    return NULL;

  if ((p = strstr (message, "required property '")) != NULL)
    {
      const char *start = p + strlen ("required property '");
      const char *end = strchr (start, '\'');

      if (end != NULL && end > start)
        return g_strndup (start, end - start);
    }

  if (g_str_has_prefix (message, "body/"))
    {
      const char *start = message + strlen ("body/");
      const char *end = start;

      while (*end != '\0' && *end != ' ' && *end != '/')
        end++;
      if (end > start)
        return g_strndup (start, end - start);
    }

  return NULL;
}

static GError *
map_error (DeckHttpResponse *response,
           const char       *path)
{
  g_autofree char *field = NULL;
  const char *code = NULL;
  const char *detail = NULL;
  const char *long_message = NULL;
  guint status = response->status;
  JsonObject *object = NULL;
  DeckFlowfuseError error_code;
  g_autofree char *message = NULL;

  if (response->json != NULL && JSON_NODE_HOLDS_OBJECT (response->json))
    {
      object = json_node_get_object (response->json);
      code = deck_json_get_string (object, "code");
      detail = deck_json_get_string (object, "error");
      long_message = deck_json_get_string (object, "message");
      /* Fastify's own errors put a generic phrase ("Bad Request") in
       * "error" and the useful sentence in "message". */
      if (detail == NULL || (long_message != NULL && deck_json_get_int (object, "statusCode", 0) > 0))
        detail = long_message;
      if (detail == NULL)
        detail = deck_json_get_string (object, "description");
    }

  g_debug ("FlowFuse %s → %u (%s)", path, status, code ? code : "no code");

  if (g_strcmp0 (code, "mfa_required") == 0)
    return deck_flowfuse_error_new (DECK_FLOWFUSE_ERROR_MFA_REQUIRED, code, NULL, -1,
                                    _("Enter the six-digit code from your authenticator app."));
  if (g_strcmp0 (code, "sso_required") == 0)
    return deck_flowfuse_error_new (DECK_FLOWFUSE_ERROR_SSO_REQUIRED, code, NULL, -1,
                                    _("This account signs in with single sign-on. Use "
                                      "“Sign in with FlowFuse” or a personal access token."));
  if (g_strcmp0 (code, "user_suspended") == 0)
    return deck_flowfuse_error_new (DECK_FLOWFUSE_ERROR_USER_SUSPENDED, code, NULL, -1,
                                    _("This FlowFuse account is suspended."));
  if (g_strcmp0 (code, "pat_cannot_create_pat") == 0)
    return deck_flowfuse_error_new (DECK_FLOWFUSE_ERROR_PAT_CANNOT_CREATE_PAT, code, NULL, -1,
                                    _("A personal access token cannot create other tokens. "
                                      "Sign in with your password or in the browser to do this."));

  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      error_code = DECK_FLOWFUSE_ERROR_UNAUTHORIZED;
      message = g_strdup (_("FlowFuse did not accept the sign-in: it is wrong, has expired, or "
                            "was revoked. Sign in again."));
      break;

    case SOUP_STATUS_FORBIDDEN:
      error_code = DECK_FLOWFUSE_ERROR_FORBIDDEN;
      message = g_strdup (_("You are signed in, but not allowed to do this (your role in the "
                            "team, or a read-only token, does not permit it)."));
      break;

    case SOUP_STATUS_NOT_FOUND:
      error_code = DECK_FLOWFUSE_ERROR_NOT_FOUND;
      message = g_strdup (_("Not found: it may have been deleted, or you cannot see it."));
      break;

    case SOUP_STATUS_CONFLICT:
      error_code = DECK_FLOWFUSE_ERROR_CONFLICT;
      field = field_from_error (code, long_message ? long_message : detail);
      message = detail ? g_strdup_printf (_("Already taken: %s"), detail)
                       : g_strdup (_("That name is already taken."));
      break;

    case 429: /* Too Many Requests */
      error_code = DECK_FLOWFUSE_ERROR_RATE_LIMITED;
      if (response->retry_after >= 0)
        message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "Too many requests. Try again in %d second.",
                                                "Too many requests. Try again in %d seconds.",
                                                (gulong) response->retry_after),
                                   (int) response->retry_after);
      else
        message = g_strdup (_("Too many requests. Wait a moment and try again."));
      break;

    case SOUP_STATUS_BAD_REQUEST:
    case SOUP_STATUS_UNPROCESSABLE_ENTITY:
      error_code = DECK_FLOWFUSE_ERROR_INVALID_INPUT;
      field = field_from_error (code, long_message ? long_message : detail);
      message = detail ? g_strdup_printf (_("FlowFuse refused this: %s"), detail)
                       : g_strdup (_("FlowFuse refused this request."));
      break;

    default:
      if (status >= 500 && status < 600)
        {
          error_code = DECK_FLOWFUSE_ERROR_SERVER_ERROR;
          message = g_strdup_printf (_("The FlowFuse server had a problem (HTTP %u). Try again "
                                       "later."), status);
        }
      else
        {
          error_code = DECK_FLOWFUSE_ERROR_UNEXPECTED_RESPONSE;
          message = g_strdup_printf (_("The server gave an unexpected answer (HTTP %u)."),
                                     status);
        }
      break;
    }

  /* Add the server's own words where they say more than the status. */
  if (detail != NULL && error_code != DECK_FLOWFUSE_ERROR_INVALID_INPUT &&
      error_code != DECK_FLOWFUSE_ERROR_CONFLICT &&
      g_ascii_strcasecmp (detail, "unauthorized") != 0 &&
      g_ascii_strcasecmp (detail, "not found") != 0)
    {
      char *longer = g_strdup_printf ("%s (%s)", message, detail);

      g_free (message);
      message = longer;
    }

  return deck_flowfuse_error_new (error_code, code, field, response->retry_after, message);
}

/*
 * Credentials
 */

static void
set_credential (DeckFlowfuseClient     *self,
                DeckFlowfuseCredential  credential)
{
  if (self->credential == credential)
    return;

  self->credential = credential;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREDENTIAL]);
}

static void
drop_cookie_jar (DeckFlowfuseClient *self)
{
  if (self->jar == NULL)
    return;

  soup_session_remove_feature (self->session, SOUP_SESSION_FEATURE (self->jar));
  g_clear_object (&self->jar);
}

static void
ensure_cookie_jar (DeckFlowfuseClient *self)
{
  if (self->jar != NULL)
    return;

  /* In memory only: the session cookie never touches the disk. */
  self->jar = soup_cookie_jar_new ();
  soup_session_add_feature (self->session, SOUP_SESSION_FEATURE (self->jar));
}

static void
clear_secrets (DeckFlowfuseClient *self)
{
  deck_secure_clear (&self->token);
  deck_secure_clear (&self->refresh_token);
  g_clear_pointer (&self->expires_at, g_date_time_unref);
  /* Lists fetched with the old credential are not this one's. */
  g_clear_object (&self->seed_teams);
  g_clear_pointer (&self->seed_team_id, g_free);
  g_clear_object (&self->seed_instances);
}

static gboolean
oauth_token_expired (DeckFlowfuseClient *self,
                     GTimeSpan           margin)
{
  g_autoptr(GDateTime) now = NULL;

  if (self->expires_at == NULL)
    return FALSE;

  now = g_date_time_new_now_utc ();
  return g_date_time_difference (self->expires_at, now) <= margin;
}

/*
 * Requests
 */

static SoupMessage *
build_message (DeckFlowfuseClient  *self,
               Call                *call,
               GError             **error)
{
  g_autofree char *url = g_strconcat (self->base_url, call->path, NULL);
  g_autoptr(GUri) uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  SoupMessage *message;
  SoupMessageHeaders *headers;

  if (uri == NULL)
    {
      g_set_error (error, DECK_NET_ERROR, DECK_NET_ERROR_INVALID_URL,
                   _("Could not build a request for %s."), call->path);
      return NULL;
    }

  message = soup_message_new_from_uri (call->method, uri);
  headers = soup_message_get_request_headers (message);

  if (call->body != NULL)
    soup_message_set_request_body_from_bytes (message, "application/json", call->body);
  else if (g_strcmp0 (call->method, "POST") == 0 || g_strcmp0 (call->method, "PUT") == 0)
    soup_message_set_request_body_from_bytes (message, "application/json",
                                              g_bytes_new_static ("{}", 2));

  /* Exactly one credential per request (N4): FlowFuse ignores the bearer
   * when a session cookie is present, so the two must never travel
   * together. The jar exists only while a web session is in use. */
  switch (call->anonymous ? DECK_FLOWFUSE_CREDENTIAL_NONE : self->credential)
    {
    case DECK_FLOWFUSE_CREDENTIAL_TOKEN:
    case DECK_FLOWFUSE_CREDENTIAL_OAUTH:
      {
        g_autofree char *value = g_strconcat ("Bearer ", self->token, NULL);

        soup_message_disable_feature (message, SOUP_TYPE_COOKIE_JAR);
        soup_message_headers_replace (headers, "Authorization", value);
        deck_secure_wipe (value, strlen (value));
      }
      break;

    case DECK_FLOWFUSE_CREDENTIAL_SESSION:
      soup_message_headers_remove (headers, "Authorization");
      break;

    case DECK_FLOWFUSE_CREDENTIAL_NONE:
    default:
      soup_message_disable_feature (message, SOUP_TYPE_COOKIE_JAR);
      break;
    }

  return message;
}

static void refresh_async (DeckFlowfuseClient *self,
                           GTask              *waiter);

static void return_value (GTask      *task,
                          ResultKind  kind,
                          gpointer    value);

/* Answers of at least this size are turned into models on a worker
 * thread (when Call.pure_parse says that is safe). */
#define PARSE_IN_THREAD_MIN (64 * 1024)

/* A model parse on a worker thread: the response, and the call (owned by
 * the waiting task, which outlives this job). */
typedef struct
{
  DeckHttpResponse *response;
  Call             *call;
} ParseJob;

static void
parse_job_free (ParseJob *job)
{
  g_clear_pointer (&job->response, deck_http_response_free);
  g_free (job);
}

static GDestroyNotify
value_free_func (ResultKind kind)
{
  switch (kind)
    {
    case RESULT_OBJECT:
    case RESULT_LIST:
      return g_object_unref;
    case RESULT_PAGE:
      return (GDestroyNotify) deck_ff_page_free;
    case RESULT_VALUE:
      return (GDestroyNotify) created_token_free;
    case RESULT_TABLE:
      return (GDestroyNotify) g_hash_table_unref;
    case RESULT_INT:
    case RESULT_BOOLEAN:
    default:
      return NULL;
    }
}

static void
parse_thread (GTask        *parse_task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ParseJob *job = task_data;
  GError *error = NULL;
  gpointer value;

  value = job->call->parse (NULL, job->response->json, job->call->parse_data, &error);

  /* The tree is done with: freed here, not on the main thread, where a
   * list of thousands of instances took tens of milliseconds to free. */
  g_clear_pointer (&job->response->json, json_node_unref);

  if (error != NULL)
    g_task_return_error (parse_task, error);
  else
    g_task_return_pointer (parse_task, value, value_free_func (job->call->kind));
}

static void
parse_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  GError *error = NULL;
  gpointer value;

  value = g_task_propagate_pointer (G_TASK (result), &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  return_value (task, call->kind, value);
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeckFlowfuseClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(DeckHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  gpointer value;

  response = deck_http_send_finish (result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (response->status))
    {
      error = map_error (response, call->path);
      if (g_error_matches (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_UNAUTHORIZED) &&
          !call->anonymous && !call->quiet && self->credential != DECK_FLOWFUSE_CREDENTIAL_NONE)
        g_signal_emit (self, signals[CREDENTIAL_REJECTED], 0);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (call->parse == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Thousands of instances are tens of milliseconds of model building:
   * not on the main thread. */
  if (call->pure_parse && g_bytes_get_size (response->body) >= PARSE_IN_THREAD_MIN)
    {
      GCancellable *cancellable = g_task_get_cancellable (task);
      ParseJob *job = g_new0 (ParseJob, 1);
      GTask *parse_task;

      job->response = g_steal_pointer (&response);
      job->call = call;
      parse_task = g_task_new (NULL, cancellable, parse_done_cb, g_steal_pointer (&task));
      g_task_set_task_data (parse_task, job, (GDestroyNotify) parse_job_free);
      g_task_run_in_thread (parse_task, parse_thread);
      g_object_unref (parse_task);
      return;
    }

  value = call->parse (self, response->json, call->parse_data, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  return_value (task, call->kind, value);
}

static void
return_value (GTask      *task,
              ResultKind  kind,
              gpointer    value)
{
  switch (kind)
    {
    case RESULT_OBJECT:
    case RESULT_LIST:
      g_task_return_pointer (task, value, g_object_unref);
      break;
    case RESULT_PAGE:
      g_task_return_pointer (task, value, (GDestroyNotify) deck_ff_page_free);
      break;
    case RESULT_VALUE:
      g_task_return_pointer (task, value, (GDestroyNotify) created_token_free);
      break;
    case RESULT_TABLE:
      g_task_return_pointer (task, value, (GDestroyNotify) g_hash_table_unref);
      break;
    case RESULT_INT:
      g_task_return_int (task, GPOINTER_TO_INT (value));
      break;
    case RESULT_BOOLEAN:
    default:
      g_task_return_boolean (task, TRUE);
      break;
    }
}

/* Second half of ff_call(): the credential is known to be usable. */
static void
ff_call_send (GTask *task)
{
  DeckFlowfuseClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(SoupMessage) message = NULL;
  GError *error = NULL;

  if (self->credential == DECK_FLOWFUSE_CREDENTIAL_OAUTH && !call->anonymous &&
      oauth_token_expired (self, 0))
    {
      g_task_return_error (task, deck_flowfuse_error_new (DECK_FLOWFUSE_ERROR_TOKEN_EXPIRED,
                                                          NULL, NULL, -1,
                                                          _("Your FlowFuse sign-in has expired. "
                                                            "Sign in again.")));
      g_object_unref (task);
      return;
    }

  message = build_message (self, call, &error);
  if (message == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  if (call->answered != NULL)
    g_signal_connect_data (message, "got-headers", G_CALLBACK (call->answered),
                           g_object_ref (call->answered_data), (GClosureNotify) g_object_unref, 0);

  deck_http_send_async (self->session, message, DECK_HTTP_FLAGS_JSON, 0,
                        g_task_get_cancellable (task), send_cb, task);
}

static void
ff_call (DeckFlowfuseClient  *self,
         Call                *call,
         gpointer             source_tag,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  GTask *task;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  /* Refresh an OAuth token shortly *before* it expires. */
  if (self->credential == DECK_FLOWFUSE_CREDENTIAL_OAUTH && !call->anonymous &&
      self->refresh_token != NULL && oauth_token_expired (self, REFRESH_MARGIN))
    {
      refresh_async (self, task);
      return;
    }

  ff_call_send (task);
}

static Call *
call_new (const char *method,
          char       *path,
          JsonNode   *body,
          ParseFunc   parse,
          ResultKind  kind)
{
  Call *call = g_new0 (Call, 1);

  call->method = g_strdup (method);
  call->path = path;
  call->parse = parse;
  call->kind = kind;
  if (body != NULL)
    {
      call->body = deck_http_json_body (body);
      json_node_unref (body);
    }

  return call;
}

static char *
escape (const char *segment)
{
  return g_uri_escape_string (segment, NULL, FALSE);
}

/*
 * OAuth refresh (rotation: always keep the newest refresh token)
 */

static void
refresh_finish_waiters (DeckFlowfuseClient *self,
                        const GError       *error)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->refresh_waiters);

  self->refresh_waiters = g_ptr_array_new ();
  self->refreshing = FALSE;

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (error != NULL)
        {
          g_task_return_error (task, g_error_copy (error));
          g_object_unref (task);
        }
      else
        {
          ff_call_send (task);
        }
    }
}

static void
refresh_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DeckFlowfuseClient) self = user_data;
  g_autoptr(DeckHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  const char *access;
  const char *refresh;
  gint64 expires_in;

  response = deck_http_send_finish (result, &error);
  if (response == NULL)
    {
      /* A network failure is not the end of the sign-in: the old token
       * may still be valid for a while, and the next call retries. */
      refresh_finish_waiters (self, error);
      return;
    }

  object = response->json && JSON_NODE_HOLDS_OBJECT (response->json)
             ? json_node_get_object (response->json) : NULL;
  access = object ? deck_json_get_string (object, "access_token") : NULL;
  refresh = object ? deck_json_get_string (object, "refresh_token") : NULL;
  expires_in = object ? deck_json_get_int (object, "expires_in", -1) : -1;

  if (!SOUP_STATUS_IS_SUCCESSFUL (response->status) || access == NULL || expires_in <= 0)
    {
      g_debug ("OAuth refresh refused (HTTP %u)", response->status);
      clear_secrets (self);
      set_credential (self, DECK_FLOWFUSE_CREDENTIAL_NONE);
      error = deck_flowfuse_error_new (DECK_FLOWFUSE_ERROR_TOKEN_EXPIRED, NULL, NULL, -1,
                                       _("Your FlowFuse sign-in has expired and could not be "
                                         "renewed. Sign in again."));
      g_signal_emit (self, signals[CREDENTIAL_REJECTED], 0);
      refresh_finish_waiters (self, error);
      return;
    }

  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) expires_at = g_date_time_add_seconds (now, (double) expires_in);

    /* The server rotated both tokens: the old refresh token is dead now. */
    deck_flowfuse_client_set_oauth_tokens (self, access, refresh ? refresh : self->refresh_token,
                                           expires_at);
  }

  g_debug ("OAuth token refreshed; valid for %" G_GINT64_FORMAT " s", expires_in);
  g_signal_emit (self, signals[TOKENS_CHANGED], 0, self->token, self->refresh_token,
                 self->expires_at);
  refresh_finish_waiters (self, NULL);
}

static void
refresh_async (DeckFlowfuseClient *self,
               GTask              *waiter)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *url = NULL;

  g_ptr_array_add (self->refresh_waiters, waiter);
  if (self->refreshing)
    return;
  self->refreshing = TRUE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "grant_type");
  json_builder_add_string_value (builder, "refresh_token");
  json_builder_set_member_name (builder, "client_id");
  json_builder_add_string_value (builder, FF_PLUGIN_CLIENT_ID);
  json_builder_set_member_name (builder, "refresh_token");
  json_builder_add_string_value (builder, self->refresh_token);
  json_builder_end_object (builder);

  {
    g_autoptr(JsonNode) root = json_builder_get_root (builder);

    body = deck_http_json_body (root);
  }

  url = g_strconcat (self->base_url, "/account/token", NULL);
  message = soup_message_new ("POST", url);
  soup_message_disable_feature (message, SOUP_TYPE_COOKIE_JAR);
  soup_message_set_request_body_from_bytes (message, "application/json", body);

  /* Not tied to one caller's cancellable: the rotated tokens must be
   * received and kept even if the caller that triggered it goes away. */
  deck_http_send_async (self->session, message, DECK_HTTP_FLAGS_JSON, 0, NULL,
                        refresh_cb, g_object_ref (self));
}

/*
 * Parsing
 */

typedef gpointer (*NewFromJson) (JsonObject *object,
                                 GError    **error);

typedef struct
{
  const char *member;
  GType     (*get_type) (void);
  const char *what;
} ListSpec;

static const ListSpec teams_spec = { "teams", deck_ff_team_get_type, "team list" };
static const ListSpec team_types_spec = { "types", deck_ff_team_type_get_type, "team type list" };
static const ListSpec members_spec = { "members", deck_ff_user_get_type, "member list" };
static const ListSpec applications_spec = { "applications", deck_ff_application_get_type,
                                            "application list" };
static const ListSpec project_types_spec = { "types", deck_ff_project_type_get_type,
                                             "instance type list" };
static const ListSpec stacks_spec = { "stacks", deck_ff_stack_get_type, "stack list" };
static const ListSpec templates_spec = { "templates", deck_ff_template_get_type,
                                         "template list" };
static const ListSpec pat_spec = { "tokens", deck_ff_personal_token_get_type, "token list" };
static const ListSpec http_tokens_spec = { "tokens", deck_ff_http_token_get_type, "token list" };

static JsonObject *
require_object (JsonNode    *node,
                const char  *what,
                GError     **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *message = NULL;

      /* Translators: %s is what was expected, e.g. "instance". */
      message = g_strdup_printf (_("The server sent an unexpected answer where a %s was "
                                   "expected."), what);
      g_propagate_error (error, deck_flowfuse_error_new (DECK_FLOWFUSE_ERROR_UNEXPECTED_RESPONSE,
                                                         NULL, NULL, -1, message));
      return NULL;
    }

  return json_node_get_object (node);
}

static gpointer
parse_model (DeckFlowfuseClient  *self,
             JsonNode            *node,
             gpointer             parse_data,
             GError             **error)
{
  NewFromJson ctor = (NewFromJson) parse_data;
  JsonObject *object = require_object (node, "object", error);

  if (object == NULL)
    return NULL;

  return ctor (object, error);
}

static gpointer
parse_list (DeckFlowfuseClient  *self,
            JsonNode            *node,
            gpointer             parse_data,
            GError             **error)
{
  const ListSpec *spec = parse_data;
  JsonObject *object = require_object (node, spec->what, error);
  JsonArray *array;

  if (object == NULL)
    return NULL;

  array = deck_json_get_array (object, spec->member);
  if (array == NULL)
    {
      g_propagate_error (error, deck_flowfuse_error_new_missing_field (spec->what,
                                                                       spec->member));
      return NULL;
    }

  return deck_ff_list_from_json (array, spec->get_type (), error);
}

static gpointer
parse_page (DeckFlowfuseClient  *self,
            JsonNode            *node,
            gpointer             parse_data,
            GError             **error)
{
  const ListSpec *spec = parse_data;
  g_autoptr(DeckFfPage) page = g_new0 (DeckFfPage, 1);
  JsonObject *object = require_object (node, spec->what, error);
  JsonObject *meta;
  JsonArray *array;

  if (object == NULL)
    return NULL;

  array = deck_json_get_array (object, spec->member);
  if (array == NULL)
    {
      g_propagate_error (error, deck_flowfuse_error_new_missing_field (spec->what,
                                                                       spec->member));
      return NULL;
    }

  page->items = deck_ff_list_from_json (array, spec->get_type (), error);
  if (page->items == NULL)
    return NULL;

  if ((meta = deck_json_get_object (object, "meta")) != NULL)
    {
      page->next_cursor = g_strdup (deck_json_get_string (meta, "next_cursor"));
      page->previous_cursor = g_strdup (deck_json_get_string (meta, "previous_cursor"));
    }

  return g_steal_pointer (&page);
}

static gpointer
parse_role (DeckFlowfuseClient  *self,
            JsonNode            *node,
            gpointer             parse_data,
            GError             **error)
{
  JsonObject *object = require_object (node, "team role", error);
  gint64 role;

  if (object == NULL)
    return NULL;

  role = deck_json_get_int (object, "role", -1);
  if (role < 0)
    {
      g_propagate_error (error, deck_flowfuse_error_new_missing_field ("team role", "role"));
      return NULL;
    }

  return GINT_TO_POINTER ((int) role);
}

static gpointer
parse_created_token (DeckFlowfuseClient  *self,
                     JsonNode            *node,
                     gpointer             parse_data,
                     GError             **error)
{
  NewFromJson ctor = (NewFromJson) parse_data;
  JsonObject *object = require_object (node, "token", error);
  CreatedToken *created;
  const char *value;
  GObject *model;

  if (object == NULL)
    return NULL;

  value = deck_json_get_string (object, "token");
  if (value == NULL || *value == '\0')
    {
      g_propagate_error (error, deck_flowfuse_error_new_missing_field ("token", "token"));
      return NULL;
    }

  model = ctor (object, error);
  if (model == NULL)
    return NULL;

  created = g_new0 (CreatedToken, 1);
  created->model = model;
  created->value = g_strdup (value);

  /* The parsed tree is wiped with the response body's bytes, but json-glib
   * keeps its own copy of the string: overwrite it here. */
  deck_secure_wipe ((char *) value, strlen (value));

  return created;
}

/*
 * GObject
 */

static void
deck_flowfuse_client_finalize (GObject *object)
{
  DeckFlowfuseClient *self = DECK_FLOWFUSE_CLIENT (object);

  g_assert (self->refresh_waiters->len == 0);

  clear_secrets (self);
  drop_cookie_jar (self);
  g_clear_object (&self->session);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->base_uri, g_uri_unref);
  g_clear_pointer (&self->refresh_waiters, g_ptr_array_unref);
  g_clear_pointer (&self->team_sizes, g_hash_table_unref);

  G_OBJECT_CLASS (deck_flowfuse_client_parent_class)->finalize (object);
}

static void
deck_flowfuse_client_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  DeckFlowfuseClient *self = DECK_FLOWFUSE_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_CREDENTIAL:
      g_value_set_int (value, self->credential);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_flowfuse_client_class_init (DeckFlowfuseClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = deck_flowfuse_client_finalize;
  object_class->get_property = deck_flowfuse_client_get_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_CREDENTIAL] =
    g_param_spec_int ("credential", NULL, NULL,
                      DECK_FLOWFUSE_CREDENTIAL_NONE, DECK_FLOWFUSE_CREDENTIAL_SESSION,
                      DECK_FLOWFUSE_CREDENTIAL_NONE,
                      (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DeckFlowfuseClient::tokens-changed:
   * @access_token: the new access token
   * @refresh_token: the new refresh token (the old one no longer works)
   * @expires_at: when the access token expires
   *
   * Emitted after an OAuth refresh, so that the keyring copy is replaced.
   */
  signals[TOKENS_CHANGED] =
    g_signal_new ("tokens-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_DATE_TIME);

  /**
   * DeckFlowfuseClient::credential-rejected:
   *
   * Emitted when the server answered 401 or an OAuth refresh failed: the
   * account must be signed in again. Not emitted again until a new
   * credential is set.
   */
  signals[CREDENTIAL_REJECTED] =
    g_signal_new ("credential-rejected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
deck_flowfuse_client_init (DeckFlowfuseClient *self)
{
  self->timeout = DEFAULT_TIMEOUT;
  self->session = deck_http_session_new (self->timeout);
  self->refresh_waiters = g_ptr_array_new ();
  self->team_sizes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/*
 * Public API: setup
 */

/**
 * deck_flowfuse_client_new:
 * @base_url: the FlowFuse server, e.g. `https://app.flowfuse.com`
 * @error: a location for a #GError, or %NULL
 *
 * The URL is checked with deck_http_check_url(): https, or plain http to a
 * loopback address.
 *
 * Returns: (transfer full) (nullable): a client with no credential yet
 */
DeckFlowfuseClient *
deck_flowfuse_client_new (const char  *base_url,
                          GError     **error)
{
  g_autoptr(DeckFlowfuseClient) self = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *text = NULL;
  gsize len;

  g_return_val_if_fail (base_url != NULL, NULL);

  if (!deck_http_check_url (base_url, FALSE, &uri, error))
    return NULL;

  self = g_object_new (DECK_TYPE_FLOWFUSE_CLIENT, NULL);
  text = g_uri_to_string_partial (uri, G_URI_HIDE_QUERY | G_URI_HIDE_FRAGMENT);
  len = strlen (text);
  while (len > 0 && text[len - 1] == '/')
    text[--len] = '\0';

  self->base_url = g_steal_pointer (&text);
  self->base_uri = g_steal_pointer (&uri);

  return g_steal_pointer (&self);
}

const char *
deck_flowfuse_client_get_base_url (DeckFlowfuseClient *self)
{
  g_return_val_if_fail (DECK_IS_FLOWFUSE_CLIENT (self), NULL);

  return self->base_url;
}

DeckFlowfuseCredential
deck_flowfuse_client_get_credential (DeckFlowfuseClient *self)
{
  g_return_val_if_fail (DECK_IS_FLOWFUSE_CLIENT (self), DECK_FLOWFUSE_CREDENTIAL_NONE);

  return self->credential;
}

/**
 * deck_flowfuse_client_set_timeout:
 * @self: a #DeckFlowfuseClient
 * @seconds: how long the server may stay silent
 */
void
deck_flowfuse_client_set_timeout (DeckFlowfuseClient *self,
                                  guint               seconds)
{
  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));
  g_return_if_fail (seconds > 0);

  if (self->timeout == seconds)
    return;

  /* A new session: libsoup applies "timeout" only to new connections, and
   * a kept-alive one would go on with the old value. Requests in flight
   * hold their own reference to the old session and finish on it. */
  self->timeout = seconds;
  if (self->jar != NULL)
    soup_session_remove_feature (self->session, SOUP_SESSION_FEATURE (self->jar));
  g_clear_object (&self->session);
  self->session = deck_http_session_new (seconds);
  if (self->jar != NULL)
    soup_session_add_feature (self->session, SOUP_SESSION_FEATURE (self->jar));
}

/**
 * deck_flowfuse_client_set_token:
 * @self: a #DeckFlowfuseClient
 * @token: a personal access token (`ffpat_…`); copied
 *
 * Signs in with a personal access token, sent as a bearer token. Any web
 * session cookie is dropped.
 */
void
deck_flowfuse_client_set_token (DeckFlowfuseClient *self,
                                const char         *token)
{
  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));
  g_return_if_fail (token != NULL && *token != '\0');

  clear_secrets (self);
  drop_cookie_jar (self);
  self->token = g_strdup (token);
  set_credential (self, DECK_FLOWFUSE_CREDENTIAL_TOKEN);
}

/**
 * deck_flowfuse_client_set_oauth_tokens:
 * @self: a #DeckFlowfuseClient
 * @access_token: the OAuth access token (`ffu_…`)
 * @refresh_token: (nullable): its refresh token
 * @expires_at: when @access_token expires
 *
 * Signs in with OAuth tokens. The access token is refreshed a minute
 * before @expires_at, and never sent after it.
 */
void
deck_flowfuse_client_set_oauth_tokens (DeckFlowfuseClient *self,
                                       const char         *access_token,
                                       const char         *refresh_token,
                                       GDateTime          *expires_at)
{
  char *access_copy;
  char *refresh_copy;

  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));
  g_return_if_fail (access_token != NULL && *access_token != '\0');
  g_return_if_fail (expires_at != NULL);

  /* Copy first: the arguments may be our own fields (after a refresh). */
  access_copy = g_strdup (access_token);
  refresh_copy = g_strdup (refresh_token);
  g_date_time_ref (expires_at);

  clear_secrets (self);
  drop_cookie_jar (self);
  self->token = access_copy;
  self->refresh_token = refresh_copy;
  self->expires_at = expires_at;
  set_credential (self, DECK_FLOWFUSE_CREDENTIAL_OAUTH);
}

/**
 * deck_flowfuse_client_get_token_expiry:
 * @self: a #DeckFlowfuseClient
 *
 * Returns: (transfer none) (nullable): when the OAuth access token expires
 */
GDateTime *
deck_flowfuse_client_get_token_expiry (DeckFlowfuseClient *self)
{
  g_return_val_if_fail (DECK_IS_FLOWFUSE_CLIENT (self), NULL);

  return self->expires_at;
}

/**
 * deck_flowfuse_client_sign_out:
 * @self: a #DeckFlowfuseClient
 *
 * Forgets every credential (wiping it from memory). Does not revoke
 * anything on the server.
 */
void
deck_flowfuse_client_sign_out (DeckFlowfuseClient *self)
{
  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));

  clear_secrets (self);
  drop_cookie_jar (self);
  set_credential (self, DECK_FLOWFUSE_CREDENTIAL_NONE);
}

/**
 * deck_flowfuse_client_set_session_cookie:
 * @self: a #DeckFlowfuseClient
 * @sid_cookie_value: the value of FlowFuse's `sid` cookie from a signed-in
 *   web view
 *
 * Uses a web session, only to mint the app's own token (see
 * deck_flowfuse_client_mint_token_async()). Any bearer token is dropped.
 */
void
deck_flowfuse_client_set_session_cookie (DeckFlowfuseClient *self,
                                         const char         *sid_cookie_value)
{
  g_autoptr(SoupCookie) cookie = NULL;

  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));
  g_return_if_fail (sid_cookie_value != NULL);

  clear_secrets (self);
  drop_cookie_jar (self);
  ensure_cookie_jar (self);

  cookie = soup_cookie_new ("sid", sid_cookie_value, g_uri_get_host (self->base_uri), "/", -1);
  soup_cookie_set_http_only (cookie, TRUE);
  soup_cookie_jar_add_cookie_full (self->jar, g_steal_pointer (&cookie), self->base_uri, NULL);
  set_credential (self, DECK_FLOWFUSE_CREDENTIAL_SESSION);
}

/*
 * Public API: finishers
 */

static gboolean
check_result (DeckFlowfuseClient *self,
              GAsyncResult       *result,
              ResultKind          kind)
{
  ResultKind *data;

  g_return_val_if_fail (DECK_IS_FLOWFUSE_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  data = g_task_get_task_data (G_TASK (result));
  g_return_val_if_fail (data != NULL && *data == kind, FALSE);

  return TRUE;
}

/**
 * deck_flowfuse_client_finish_object:
 * @self: a #DeckFlowfuseClient
 * @result: the result
 * @error: a location for a #GError, or %NULL
 *
 * Finishes a call that returns one model (get_settings, get_user,
 * get_team, create_team, create_application, get_instance,
 * create_instance, wait_for_state, update_personal_token,
 * update_http_token).
 *
 * Returns: (transfer full) (type GObject): the model, or %NULL with @error
 */
gpointer
deck_flowfuse_client_finish_object (DeckFlowfuseClient  *self,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  if (!check_result (self, result, RESULT_OBJECT))
    return NULL;

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * deck_flowfuse_client_finish_list:
 * @self: a #DeckFlowfuseClient
 * @result: the result
 * @error: a location for a #GError, or %NULL
 *
 * Finishes a call that returns a list (list_teams, list_instances, …).
 *
 * Returns: (transfer full): a #GListModel of models, or %NULL with @error
 */
GListModel *
deck_flowfuse_client_finish_list (DeckFlowfuseClient  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  if (!check_result (self, result, RESULT_LIST))
    return NULL;

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * deck_flowfuse_client_finish_boolean:
 * @self: a #DeckFlowfuseClient
 * @result: the result
 * @error: a location for a #GError, or %NULL
 *
 * Finishes a call that only succeeds or fails (delete_*, instance_action,
 * set_http_node_auth, check_http_tokens, login, login_mfa).
 *
 * Returns: %TRUE on success
 */
gboolean
deck_flowfuse_client_finish_boolean (DeckFlowfuseClient  *self,
                                     GAsyncResult        *result,
                                     GError             **error)
{
  if (!check_result (self, result, RESULT_BOOLEAN))
    return FALSE;

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * deck_flowfuse_client_finish_page:
 * @self: a #DeckFlowfuseClient
 * @result: the result
 * @error: a location for a #GError, or %NULL
 *
 * Finishes get_logs and get_audit_log.
 *
 * Returns: (transfer full): the page, or %NULL with @error
 */
DeckFfPage *
deck_flowfuse_client_finish_page (DeckFlowfuseClient  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  if (!check_result (self, result, RESULT_PAGE))
    return NULL;

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gpointer
finish_created_token (DeckFlowfuseClient  *self,
                      GAsyncResult        *result,
                      char               **out_value,
                      GError             **error)
{
  CreatedToken *created;
  gpointer model;

  if (!check_result (self, result, RESULT_VALUE))
    return NULL;

  created = g_task_propagate_pointer (G_TASK (result), error);
  if (created == NULL)
    return NULL;

  model = g_steal_pointer (&created->model);
  if (out_value != NULL)
    *out_value = g_steal_pointer (&created->value);
  created_token_free (created);

  return model;
}

/**
 * deck_flowfuse_client_create_personal_token_finish:
 * @self: a #DeckFlowfuseClient
 * @result: the result
 * @out_value: (out) (optional): the token's value, shown to the user
 *   once; free with deck_secure_free(), never store it
 * @error: a location for a #GError, or %NULL
 *
 * Returns: (transfer full): the new token's summary
 */
DeckFfPersonalToken *
deck_flowfuse_client_create_personal_token_finish (DeckFlowfuseClient  *self,
                                                   GAsyncResult        *result,
                                                   char               **out_value,
                                                   GError             **error)
{
  return finish_created_token (self, result, out_value, error);
}

/**
 * deck_flowfuse_client_create_http_token_finish:
 * @self: a #DeckFlowfuseClient
 * @result: the result
 * @out_value: (out) (optional): the `ffhttp_…` value, returned only now;
 *   free with deck_secure_free(), never store it
 * @error: a location for a #GError, or %NULL
 *
 * Returns: (transfer full): the new token's summary
 */
DeckFfHttpToken *
deck_flowfuse_client_create_http_token_finish (DeckFlowfuseClient  *self,
                                               GAsyncResult        *result,
                                               char               **out_value,
                                               GError             **error)
{
  return finish_created_token (self, result, out_value, error);
}

/**
 * deck_flowfuse_client_get_team_role_finish:
 * @self: a #DeckFlowfuseClient
 * @result: the result
 * @error: a location for a #GError, or %NULL
 *
 * Returns: the user's role in the team (a #DeckFfRole), or -1 with @error
 */
int
deck_flowfuse_client_get_team_role_finish (DeckFlowfuseClient  *self,
                                           GAsyncResult        *result,
                                           GError             **error)
{
  GError *local_error = NULL;
  gssize role;

  if (!check_result (self, result, RESULT_INT))
    return -1;

  role = g_task_propagate_int (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return -1;
    }

  return (int) role;
}

/*
 * Public API: calls
 */

static JsonNode *
build_object (const char *first_member,
              ...) G_GNUC_NULL_TERMINATED;

/* Builds a JSON object from (name, GType-tag, value) triples: "s" for a
 * string (NULL adds null), "b" for a boolean, "i" for a gint64, "n" for a
 * JsonNode (transfer full, NULL adds null). */
static JsonNode *
build_object (const char *first_member,
              ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *member = first_member;
  va_list args;

  va_start (args, first_member);
  json_builder_begin_object (builder);
  while (member != NULL)
    {
      const char *type = va_arg (args, const char *);

      json_builder_set_member_name (builder, member);
      switch (type[0])
        {
        case 's':
          {
            const char *value = va_arg (args, const char *);

            if (value != NULL)
              json_builder_add_string_value (builder, value);
            else
              json_builder_add_null_value (builder);
          }
          break;
        case 'b':
          json_builder_add_boolean_value (builder, va_arg (args, gboolean));
          break;
        case 'i':
          json_builder_add_int_value (builder, va_arg (args, gint64));
          break;
        case 'n':
          {
            JsonNode *node = va_arg (args, JsonNode *);

            if (node != NULL)
              json_builder_add_value (builder, node);
            else
              json_builder_add_null_value (builder);
          }
          break;
        default:
          g_assert_not_reached ();
        }
      member = va_arg (args, const char *);
    }
  json_builder_end_object (builder);
  va_end (args);

  return json_builder_get_root (builder);
}

static JsonNode *
expiry_node (GDateTime *expires_at)
{
  JsonNode *node;

  if (expires_at == NULL)
    return NULL;

  /* FlowFuse takes expiry as milliseconds since the epoch. */
  node = json_node_new (JSON_NODE_VALUE);
  json_node_set_int (node, g_date_time_to_unix (expires_at) * 1000 +
                           g_date_time_get_microsecond (expires_at) / 1000);
  return node;
}

#define CALL(self, call, tag) \
  ff_call ((self), (call), (tag), cancellable, callback, user_data)

void
deck_flowfuse_client_get_settings_async (DeckFlowfuseClient  *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  Call *call;

  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));

  call = call_new ("GET", g_strdup ("/api/v1/settings"), NULL, parse_model, RESULT_OBJECT);
  call->parse_data = (gpointer) deck_ff_settings_new_from_json;
  CALL (self, call, deck_flowfuse_client_get_settings_async);
}

/**
 * deck_flowfuse_client_get_settings_finish:
 * @self: a #DeckFlowfuseClient
 * @result: the result
 * @error: a location for a #GError, or %NULL
 *
 * Returns: (transfer full): the platform settings (the public variant when
 *   signed out or signed in with a scoped OAuth token)
 */
DeckFfSettings *
deck_flowfuse_client_get_settings_finish (DeckFlowfuseClient  *self,
                                          GAsyncResult        *result,
                                          GError             **error)
{
  return deck_flowfuse_client_finish_object (self, result, error);
}

void
deck_flowfuse_client_get_user_async (DeckFlowfuseClient  *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  Call *call;

  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));

  call = call_new ("GET", g_strdup ("/api/v1/user"), NULL, parse_model, RESULT_OBJECT);
  call->parse_data = (gpointer) deck_ff_user_new_from_json;
  CALL (self, call, deck_flowfuse_client_get_user_async);
}

/**
 * deck_flowfuse_client_get_user_finish:
 * @self: a #DeckFlowfuseClient
 * @result: the result
 * @error: a location for a #GError, or %NULL
 *
 * Returns: (transfer full): the signed-in user
 */
DeckFfUser *
deck_flowfuse_client_get_user_finish (DeckFlowfuseClient  *self,
                                      GAsyncResult        *result,
                                      GError             **error)
{
  return deck_flowfuse_client_finish_object (self, result, error);
}

static void
list_call (DeckFlowfuseClient  *self,
           char                *path,
           const ListSpec      *spec,
           gpointer             tag,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  Call *call = call_new ("GET", path, NULL, parse_list, RESULT_LIST);

  call->pure_parse = TRUE;
  call->parse_data = (gpointer) spec;
  CALL (self, call, tag);
}

/*
 * Team sizes, for how list_instances() asks for live states
 */

/* A team of up to this many instances has its live states asked for
 * beside its list, at once: FlowFuse's two answers are small, and the two
 * round trips overlap. A larger team's states are asked for once the
 * list's answer starts to arrive: asked at once, FlowFuse works on both
 * together and the list, the larger job, comes later (1,038 against
 * 891 ms at 5,000 instances). tests/bench/bench-request at 50, 500,
 * 1,000 and 5,000 instances: beside is ahead at 50, even at 500 and
 * 1,000, behind at 5,000. */
#define STATES_BESIDE_LIST_MAX 1000

static void
note_team_size (DeckFlowfuseClient *self,
                const char         *team_id,
                guint               n_instances)
{
  g_hash_table_replace (self->team_sizes, g_strdup (team_id),
                        GUINT_TO_POINTER (MIN (n_instances, G_MAXUINT - 1) + 1));
}

/* What a team list says of each team's size. */
static void
note_team_sizes (DeckFlowfuseClient *self,
                 GListModel         *teams)
{
  for (guint i = 0; i < g_list_model_get_n_items (teams); i++)
    {
      g_autoptr(DeckFfTeam) team = g_list_model_get_item (teams, i);

      note_team_size (self, deck_ff_team_get_id (team), (guint) deck_ff_team_get_instance_count (team));
    }
}

/* A team not seen yet is taken as large. */
static gboolean
team_is_small (DeckFlowfuseClient *self,
               const char         *team_id)
{
  guint size = GPOINTER_TO_UINT (g_hash_table_lookup (self->team_sizes, team_id));

  return size != 0 && size - 1 <= STATES_BESIDE_LIST_MAX;
}

/* How long the prefetched lists may stand in for a request. */
#define SEED_LIFETIME_SECONDS 30

/**
 * _deck_flowfuse_client_seed:
 * @self: a #DeckFlowfuseClient
 * @teams: (nullable): the user's teams, as the list gives them
 * @team_id: (nullable): the team @instances belong to
 * @instances: (nullable): its instances, without live state
 * @fetched_at: when they were fetched (g_get_monotonic_time())
 *
 * Lists fetched at start-up with this client's credential (DeckContext's
 * prefetch). The next deck_flowfuse_client_list_teams_async(), and the
 * next deck_flowfuse_client_list_instances_without_state_async() of
 * @team_id, answer with them instead of a request: once each, and only
 * within SEED_LIFETIME_SECONDS of @fetched_at.
 */
void
_deck_flowfuse_client_seed (DeckFlowfuseClient *self,
                            GListModel         *teams,
                            const char         *team_id,
                            GListModel         *instances,
                            gint64              fetched_at)
{
  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));

  if (teams != NULL)
    note_team_sizes (self, teams);
  if (team_id != NULL && instances != NULL)
    note_team_size (self, team_id, g_list_model_get_n_items (instances));

  g_set_object (&self->seed_teams, teams);
  g_free (self->seed_team_id);
  self->seed_team_id = instances ? g_strdup (team_id) : NULL;
  g_set_object (&self->seed_instances, (team_id != NULL ? instances : NULL));
  self->seed_until = fetched_at + SEED_LIFETIME_SECONDS * G_USEC_PER_SEC;
}

/* Whether both prefetched lists are still to be given out. */
gboolean
_deck_flowfuse_client_has_seed (DeckFlowfuseClient *self)
{
  g_return_val_if_fail (DECK_IS_FLOWFUSE_CLIENT (self), FALSE);

  return self->seed_teams != NULL && self->seed_instances != NULL &&
         g_get_monotonic_time () < self->seed_until;
}

/* Answers from a seed (once), if there is a fresh one in @slot. */
static gboolean
answer_from_seed (DeckFlowfuseClient   *self,
                  GListModel          **slot,
                  gpointer              source_tag,
                  GCancellable         *cancellable,
                  GAsyncReadyCallback   callback,
                  gpointer              user_data)
{
  static const ResultKind kind = RESULT_LIST;
  g_autoptr(GListModel) model = g_steal_pointer (slot);
  g_autoptr(GTask) task = NULL;

  if (model == NULL || g_get_monotonic_time () >= self->seed_until)
    return FALSE;

  g_debug ("Answering %s from the start-up prefetch",
           source_tag == deck_flowfuse_client_list_teams_async ? "teams" : "instances");
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, (gpointer) &kind, NULL);
  g_task_return_pointer (task, g_steal_pointer (&model), g_object_unref);
  return TRUE;
}

static void
list_teams_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  DeckFlowfuseClient *self = DECK_FLOWFUSE_CLIENT (source);
  g_autoptr(GTask) task = user_data;
  GListModel *teams;
  GError *error = NULL;

  teams = deck_flowfuse_client_finish_list (self, result, &error);
  if (teams == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  note_team_sizes (self, teams);
  g_task_return_pointer (task, teams, g_object_unref);
}

void
deck_flowfuse_client_list_teams_async (DeckFlowfuseClient  *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  static const ResultKind kind = RESULT_LIST;
  GTask *task;

  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));

  if (answer_from_seed (self, &self->seed_teams, deck_flowfuse_client_list_teams_async,
                        cancellable, callback, user_data))
    return;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_flowfuse_client_list_teams_async);
  g_task_set_task_data (task, (gpointer) &kind, NULL);
  list_call (self, g_strdup ("/api/v1/user/teams"), &teams_spec,
             deck_flowfuse_client_list_teams_async, cancellable, list_teams_cb, task);
}

void
deck_flowfuse_client_get_team_async (DeckFlowfuseClient  *self,
                                     const char          *team_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autofree char *id = NULL;
  Call *call;

  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));
  g_return_if_fail (team_id != NULL);

  id = escape (team_id);
  call = call_new ("GET", g_strdup_printf ("/api/v1/teams/%s", id), NULL, parse_model,
                   RESULT_OBJECT);
  call->parse_data = (gpointer) deck_ff_team_new_from_json;
  CALL (self, call, deck_flowfuse_client_get_team_async);
}

void
deck_flowfuse_client_create_team_async (DeckFlowfuseClient  *self,
                                        const char          *name,
                                        const char          *team_type_id,
                                        const char          *slug,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  JsonNode *body;
  Call *call;

  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (team_type_id != NULL);

  if (slug != NULL && *slug != '\0')
    body = build_object ("name", "s", name, "type", "s", team_type_id, "slug", "s", slug, NULL);
  else
    body = build_object ("name", "s", name, "type", "s", team_type_id, NULL);

  call = call_new ("POST", g_strdup ("/api/v1/teams/"), body, parse_model, RESULT_OBJECT);
  call->parse_data = (gpointer) deck_ff_team_new_from_json;
  CALL (self, call, deck_flowfuse_client_create_team_async);
}

void
deck_flowfuse_client_list_team_types_async (DeckFlowfuseClient  *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));

  list_call (self, g_strdup ("/api/v1/team-types/"), &team_types_spec,
             deck_flowfuse_client_list_team_types_async, cancellable, callback, user_data);
}

void
deck_flowfuse_client_list_members_async (DeckFlowfuseClient  *self,
                                         const char          *team_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autofree char *id = NULL;

  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));
  g_return_if_fail (team_id != NULL);

  id = escape (team_id);
  list_call (self, g_strdup_printf ("/api/v1/teams/%s/members/", id), &members_spec,
             deck_flowfuse_client_list_members_async, cancellable, callback, user_data);
}

void
deck_flowfuse_client_get_team_role_async (DeckFlowfuseClient  *self,
                                          const char          *team_id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autofree char *id = NULL;

  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));
  g_return_if_fail (team_id != NULL);

  id = escape (team_id);
  CALL (self, call_new ("GET", g_strdup_printf ("/api/v1/teams/%s/user", id), NULL,
                        parse_role, RESULT_INT),
        deck_flowfuse_client_get_team_role_async);
}

void
deck_flowfuse_client_list_applications_async (DeckFlowfuseClient  *self,
                                              const char          *team_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  g_autofree char *id = NULL;

  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));
  g_return_if_fail (team_id != NULL);

  id = escape (team_id);
  list_call (self, g_strdup_printf ("/api/v1/teams/%s/applications?includeInstances=false", id),
             &applications_spec, deck_flowfuse_client_list_applications_async,
             cancellable, callback, user_data);
}

void
deck_flowfuse_client_create_application_async (DeckFlowfuseClient  *self,
                                               const char          *team_id,
                                               const char          *name,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  Call *call;

  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));
  g_return_if_fail (team_id != NULL);
  g_return_if_fail (name != NULL);

  call = call_new ("POST", g_strdup ("/api/v1/applications/"),
                   build_object ("name", "s", name, "teamId", "s", team_id, NULL),
                   parse_model, RESULT_OBJECT);
  call->parse_data = (gpointer) deck_ff_application_new_from_json;
  CALL (self, call, deck_flowfuse_client_create_application_async);
}

void
deck_flowfuse_client_get_instance_async (DeckFlowfuseClient  *self,
                                         const char          *instance_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autofree char *id = NULL;
  Call *call;

  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));
  g_return_if_fail (instance_id != NULL);

  id = escape (instance_id);
  call = call_new ("GET", g_strdup_printf ("/api/v1/projects/%s", id), NULL, parse_model,
                   RESULT_OBJECT);
  call->parse_data = (gpointer) deck_ff_instance_new_from_json;
  CALL (self, call, deck_flowfuse_client_get_instance_async);
}

void
deck_flowfuse_client_create_instance_async (DeckFlowfuseClient  *self,
                                            const char          *name,
                                            const char          *application_id,
                                            const char          *project_type_id,
                                            const char          *stack_id,
                                            const char          *template_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  Call *call;

  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));
  g_return_if_fail (name != NULL && application_id != NULL && project_type_id != NULL);
  g_return_if_fail (stack_id != NULL && template_id != NULL);

  call = call_new ("POST", g_strdup ("/api/v1/projects/"),
                   build_object ("name", "s", name,
                                 "applicationId", "s", application_id,
                                 "projectType", "s", project_type_id,
                                 "stack", "s", stack_id,
                                 "template", "s", template_id,
                                 NULL),
                   parse_model, RESULT_OBJECT);
  call->parse_data = (gpointer) deck_ff_instance_new_from_json;
  CALL (self, call, deck_flowfuse_client_create_instance_async);
}

void
deck_flowfuse_client_delete_instance_async (DeckFlowfuseClient  *self,
                                            const char          *instance_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autofree char *id = NULL;

  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));
  g_return_if_fail (instance_id != NULL);

  id = escape (instance_id);
  CALL (self, call_new ("DELETE", g_strdup_printf ("/api/v1/projects/%s", id), NULL, NULL,
                        RESULT_BOOLEAN),
        deck_flowfuse_client_delete_instance_async);
}

void
deck_flowfuse_client_instance_action_async (DeckFlowfuseClient  *self,
                                            const char          *instance_id,
                                            DeckFfAction         action,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  static const char *names[] = { "start", "stop", "restart", "suspend" };
  g_autofree char *id = NULL;

  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));
  g_return_if_fail (instance_id != NULL);
  g_return_if_fail ((guint) action < G_N_ELEMENTS (names));

  id = escape (instance_id);
  CALL (self, call_new ("POST", g_strdup_printf ("/api/v1/projects/%s/actions/%s", id,
                                                 names[action]),
                        NULL, NULL, RESULT_BOOLEAN),
        deck_flowfuse_client_instance_action_async);
}

void
deck_flowfuse_client_set_http_node_auth_async (DeckFlowfuseClient  *self,
                                               const char          *instance_id,
                                               DeckFfHttpNodeAuth   auth,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_autofree char *id = NULL;
  const char *type;
  JsonNode *settings;

  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));
  g_return_if_fail (instance_id != NULL);

  switch (auth)
    {
    case DECK_FF_HTTP_NODE_AUTH_NONE:
      type = "none";
      break;
    case DECK_FF_HTTP_NODE_AUTH_FLOWFORGE_USER:
      type = "flowforge-user";
      break;
    case DECK_FF_HTTP_NODE_AUTH_BASIC:
    case DECK_FF_HTTP_NODE_AUTH_UNKNOWN:
    default:
      /* Basic auth needs a user name and password: set it in the web UI. */
      g_return_if_reached ();
    }

  id = escape (instance_id);
  settings = build_object ("httpNodeAuth", "n", build_object ("type", "s", type, NULL), NULL);
  CALL (self, call_new ("PUT", g_strdup_printf ("/api/v1/projects/%s", id),
                        build_object ("settings", "n", settings, NULL), NULL, RESULT_BOOLEAN),
        deck_flowfuse_client_set_http_node_auth_async);
}

void
deck_flowfuse_client_list_project_types_async (DeckFlowfuseClient  *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));

  list_call (self, g_strdup ("/api/v1/project-types/"), &project_types_spec,
             deck_flowfuse_client_list_project_types_async, cancellable, callback, user_data);
}

void
deck_flowfuse_client_list_stacks_async (DeckFlowfuseClient  *self,
                                        const char          *project_type_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autofree char *id = NULL;

  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));

  if (project_type_id != NULL)
    {
      id = escape (project_type_id);
      list_call (self, g_strdup_printf ("/api/v1/stacks/?projectType=%s", id), &stacks_spec,
                 deck_flowfuse_client_list_stacks_async, cancellable, callback, user_data);
    }
  else
    {
      list_call (self, g_strdup ("/api/v1/stacks/"), &stacks_spec,
                 deck_flowfuse_client_list_stacks_async, cancellable, callback, user_data);
    }
}

void
deck_flowfuse_client_list_templates_async (DeckFlowfuseClient  *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));

  list_call (self, g_strdup ("/api/v1/templates/"), &templates_spec,
             deck_flowfuse_client_list_templates_async, cancellable, callback, user_data);
}

static const ListSpec logs_spec = { "log", deck_ff_log_entry_get_type, "log" };
static const ListSpec audit_spec = { "log", deck_ff_audit_entry_get_type, "audit log" };

static char *
paged_path (const char *base,
            const char *cursor,
            guint       limit)
{
  GString *path = g_string_new (base);

  g_string_append_printf (path, "?limit=%u", limit > 0 ? limit : 30);
  if (cursor != NULL && *cursor != '\0')
    {
      g_autofree char *escaped = escape (cursor);

      g_string_append_printf (path, "&cursor=%s", escaped);
    }

  return g_string_free (path, FALSE);
}

void
deck_flowfuse_client_get_logs_async (DeckFlowfuseClient  *self,
                                     const char          *instance_id,
                                     const char          *cursor,
                                     guint                limit,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autofree char *id = NULL;
  g_autofree char *base = NULL;
  Call *call;

  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));
  g_return_if_fail (instance_id != NULL);

  id = escape (instance_id);
  base = g_strdup_printf ("/api/v1/projects/%s/logs", id);
  call = call_new ("GET", paged_path (base, cursor, limit), NULL, parse_page, RESULT_PAGE);
  call->parse_data = (gpointer) &logs_spec;
  CALL (self, call, deck_flowfuse_client_get_logs_async);
}

void
deck_flowfuse_client_get_audit_log_async (DeckFlowfuseClient  *self,
                                          const char          *instance_id,
                                          const char          *cursor,
                                          guint                limit,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autofree char *id = NULL;
  g_autofree char *base = NULL;
  Call *call;

  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));
  g_return_if_fail (instance_id != NULL);

  id = escape (instance_id);
  base = g_strdup_printf ("/api/v1/projects/%s/audit-log", id);
  call = call_new ("GET", paged_path (base, cursor, limit), NULL, parse_page, RESULT_PAGE);
  call->parse_data = (gpointer) &audit_spec;
  CALL (self, call, deck_flowfuse_client_get_audit_log_async);
}

void
deck_flowfuse_client_list_personal_tokens_async (DeckFlowfuseClient  *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data)
{
  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));

  list_call (self, g_strdup ("/api/v1/user/tokens"), &pat_spec,
             deck_flowfuse_client_list_personal_tokens_async, cancellable, callback, user_data);
}

static JsonNode *
team_ids_node (const char * const *team_ids)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; team_ids != NULL && team_ids[i] != NULL; i++)
    json_builder_add_string_value (builder, team_ids[i]);
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

void
deck_flowfuse_client_create_personal_token_async (DeckFlowfuseClient  *self,
                                                  const char          *name,
                                                  GDateTime           *expires_at,
                                                  gboolean             read_only,
                                                  const char * const  *team_ids,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data)
{
  JsonNode *body;
  Call *call;

  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));
  g_return_if_fail (name != NULL && *name != '\0');

  /* "Never expires" is an absent expiresAt: FlowFuse 2.4.0 reads an
   * explicit null as the epoch, and the token dies on first use. */
  body = build_object ("name", "s", name, "scope", "s", "", "readOnly", "b", read_only, NULL);
  if (expires_at != NULL)
    json_object_set_member (json_node_get_object (body), "expiresAt", expiry_node (expires_at));
  if (team_ids != NULL && team_ids[0] != NULL)
    json_object_set_member (json_node_get_object (body), "teamIds", team_ids_node (team_ids));

  call = call_new ("POST", g_strdup ("/api/v1/user/tokens"), body, parse_created_token,
                   RESULT_VALUE);
  call->parse_data = (gpointer) deck_ff_personal_token_new_from_json;
  CALL (self, call, deck_flowfuse_client_create_personal_token_async);
}

void
deck_flowfuse_client_update_personal_token_async (DeckFlowfuseClient  *self,
                                                  DeckFfPersonalToken *token,
                                                  GDateTime           *expires_at,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data)
{
  g_autofree char *id = NULL;
  const char * const *team_ids;
  JsonNode *body;
  Call *call;

  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));
  g_return_if_fail (DECK_IS_FF_PERSONAL_TOKEN (token));

  /* PUT replaces scope, read-only and teams too (an omitted expiry means
   * "never"): send the token's current values with the new expiry. */
  team_ids = deck_ff_personal_token_get_team_ids (token);
  body = build_object ("scope", "s", "",
                       "readOnly", "b", deck_ff_personal_token_get_read_only (token), NULL);
  if (expires_at != NULL)
    json_object_set_member (json_node_get_object (body), "expiresAt", expiry_node (expires_at));
  if (team_ids != NULL && team_ids[0] != NULL)
    json_object_set_member (json_node_get_object (body), "teamIds", team_ids_node (team_ids));

  id = escape (deck_ff_personal_token_get_id (token));
  call = call_new ("PUT", g_strdup_printf ("/api/v1/user/tokens/%s", id), body, parse_model,
                   RESULT_OBJECT);
  call->parse_data = (gpointer) deck_ff_personal_token_new_from_json;
  CALL (self, call, deck_flowfuse_client_update_personal_token_async);
}

void
deck_flowfuse_client_delete_personal_token_async (DeckFlowfuseClient  *self,
                                                  const char          *token_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data)
{
  g_autofree char *id = NULL;

  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));
  g_return_if_fail (token_id != NULL);

  id = escape (token_id);
  CALL (self, call_new ("DELETE", g_strdup_printf ("/api/v1/user/tokens/%s", id), NULL, NULL,
                        RESULT_BOOLEAN),
        deck_flowfuse_client_delete_personal_token_async);
}

void
deck_flowfuse_client_list_http_tokens_async (DeckFlowfuseClient  *self,
                                             const char          *instance_id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_autofree char *id = NULL;

  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));
  g_return_if_fail (instance_id != NULL);

  id = escape (instance_id);
  list_call (self, g_strdup_printf ("/api/v1/projects/%s/httpTokens", id), &http_tokens_spec,
             deck_flowfuse_client_list_http_tokens_async, cancellable, callback, user_data);
}

void
deck_flowfuse_client_create_http_token_async (DeckFlowfuseClient  *self,
                                              const char          *instance_id,
                                              const char          *name,
                                              GDateTime           *expires_at,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  g_autofree char *id = NULL;
  Call *call;

  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));
  g_return_if_fail (instance_id != NULL);
  g_return_if_fail (name != NULL && *name != '\0');

  id = escape (instance_id);
  call = call_new ("POST", g_strdup_printf ("/api/v1/projects/%s/httpTokens", id),
                   build_object ("name", "s", name, "scope", "s", "",
                                 "expiresAt", "n", expiry_node (expires_at), NULL),
                   parse_created_token, RESULT_VALUE);
  /* (HTTP tokens take an explicit null for "never", verified on 2.4.0.) */
  call->parse_data = (gpointer) deck_ff_http_token_new_from_json;
  CALL (self, call, deck_flowfuse_client_create_http_token_async);
}

void
deck_flowfuse_client_update_http_token_async (DeckFlowfuseClient  *self,
                                              const char          *instance_id,
                                              const char          *token_id,
                                              GDateTime           *expires_at,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  g_autofree char *id = NULL;
  g_autofree char *tid = NULL;
  Call *call;

  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));
  g_return_if_fail (instance_id != NULL && token_id != NULL);

  id = escape (instance_id);
  tid = escape (token_id);
  call = call_new ("PUT", g_strdup_printf ("/api/v1/projects/%s/httpTokens/%s", id, tid),
                   build_object ("scope", "s", "", "expiresAt", "n", expiry_node (expires_at),
                                 NULL),
                   parse_model, RESULT_OBJECT);
  call->parse_data = (gpointer) deck_ff_http_token_new_from_json;
  CALL (self, call, deck_flowfuse_client_update_http_token_async);
}

void
deck_flowfuse_client_delete_http_token_async (DeckFlowfuseClient  *self,
                                              const char          *instance_id,
                                              const char          *token_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  g_autofree char *id = NULL;
  g_autofree char *tid = NULL;

  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));
  g_return_if_fail (instance_id != NULL && token_id != NULL);

  id = escape (instance_id);
  tid = escape (token_id);
  CALL (self, call_new ("DELETE", g_strdup_printf ("/api/v1/projects/%s/httpTokens/%s", id, tid),
                        NULL, NULL, RESULT_BOOLEAN),
        deck_flowfuse_client_delete_http_token_async);
}

/*
 * Multi-step calls
 */

/* All pages of a team's instances. FlowFuse pages /teams/:id/projects
 * when asked (page, limit → meta.pageCount); a server that ignores the
 * parameters answers everything at once, which ends the loop too. */
typedef struct
{
  ResultKind  kind;
  char       *team_id;
  GListStore *instances;
  guint       page;
  gboolean    without_states;
  /* The team's live states come from a request of their own: sent with
   * the list for a small team, else as soon as the server has answered
   * the list's first page, so that it works them out while Flowdeck
   * turns the list into models (STATES_BESIDE_LIST_MAX). */
  gboolean    states_beside;  /* asked for with the list: a small team */
  gboolean    states_asked;
  gboolean    states_pending;
  GHashTable *states;       /* instance id → status object, once in */
  GError     *states_error; /* or why not */
  gboolean    listed;       /* every page is in */
  gboolean    returned;
} ListInstances;

static void
list_instances_free (ListInstances *state)
{
  g_clear_pointer (&state->team_id, g_free);
  g_clear_object (&state->instances);
  g_clear_pointer (&state->states, g_hash_table_unref);
  g_clear_error (&state->states_error);
  g_free (state);
}

typedef void (*StatusFunc) (const char *id,
                            JsonObject *status,
                            gpointer    data);

/* Each entry of a status list ([{id, meta: {state, …}}, …]) that names
 * an instance. */
static void
each_status (JsonArray  *array,
             StatusFunc  func,
             gpointer    data)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      const char *id;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;

      id = deck_json_get_string (json_node_get_object (item), "id");
      if (id != NULL)
        func (id, json_node_get_object (item), data);
    }
}

/* @by_id: instance id → DeckFfInstance */
static void
apply_status_cb (const char *id,
                 JsonObject *status,
                 gpointer    by_id)
{
  DeckFfInstance *instance = g_hash_table_lookup (by_id, id);

  if (instance != NULL)
    deck_ff_instance_apply_status (instance, status);
}

/* A status list applied to the instances in @by_id that it names. */
static void
apply_statuses (JsonArray  *array,
                GHashTable *by_id)
{
  each_status (array, apply_status_cb, by_id);
}

/* The body of GET /teams/:id/applications/status: every application of
 * the team with its instances' live states (and its devices, ignored). */
static gboolean
each_team_status (JsonNode    *node,
                  StatusFunc   func,
                  gpointer     data,
                  GError     **error)
{
  JsonObject *object = require_object (node, "team status list", error);
  JsonArray *applications;

  if (object == NULL)
    return FALSE;

  applications = deck_json_get_array (object, "applications");
  if (applications == NULL)
    {
      g_propagate_error (error, deck_flowfuse_error_new_missing_field ("team status list",
                                                                       "applications"));
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (applications); i++)
    {
      JsonNode *app = json_array_get_element (applications, i);
      JsonArray *instances;

      if (!JSON_NODE_HOLDS_OBJECT (app))
        continue;
      instances = deck_json_get_array (json_node_get_object (app), "instances");
      if (instances != NULL)
        each_status (instances, func, data);
    }

  return TRUE;
}

static void
keep_status_cb (const char *id,
                JsonObject *status,
                gpointer    table)
{
  g_hash_table_replace (table, g_strdup (id), json_object_ref (status));
}

/* The team's states on their own (instance id → status object): parsed
 * off the main thread, applied to the instances there (a list's may not
 * even be in yet). */
static gpointer
parse_team_state_table (DeckFlowfuseClient  *self,
                        JsonNode            *node,
                        gpointer             parse_data,
                        GError             **error)
{
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) json_object_unref);

  if (!each_team_status (node, keep_status_cb, table, error))
    return NULL;

  return g_steal_pointer (&table);
}

/* Applies @states (instance id → status object) to @instances; returns
 * the instances that it has no state for. */
static GListStore *
apply_state_table (GHashTable *states,
                   GListModel *instances)
{
  GListStore *missing = g_list_store_new (DECK_TYPE_FF_INSTANCE);
  guint n = g_list_model_get_n_items (instances);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DeckFfInstance) instance = g_list_model_get_item (instances, i);
      JsonObject *status = g_hash_table_lookup (states, deck_ff_instance_get_id (instance));

      if (status != NULL)
        deck_ff_instance_apply_status (instance, status);
      else
        g_list_store_append (missing, instance);
    }

  return missing;
}

/**
 * _deck_flowfuse_client_team_state_table:
 * @node: the body of GET /teams/:id/applications/status
 * @error: a location for a #GError, or %NULL
 *
 * The team-wide status parser on its own, for the fuzz target.
 *
 * Returns: (transfer full) (element-type utf8 Json.Object): instance id
 *   → status object, or %NULL with @error
 */
GHashTable *
_deck_flowfuse_client_team_state_table (JsonNode  *node,
                                        GError   **error)
{
  return parse_team_state_table (NULL, node, NULL, error);
}

/* GET /teams/:id/applications/status, as a table of states. */
static Call *
team_statuses_call (const char *team_id)
{
  g_autofree char *id = escape (team_id);
  Call *call = call_new ("GET", g_strdup_printf ("/api/v1/teams/%s/applications/status", id),
                         NULL, parse_team_state_table, RESULT_TABLE);

  call->pure_parse = TRUE;
  return call;
}

static gpointer
parse_instances_page (DeckFlowfuseClient  *self,
                      JsonNode            *node,
                      gpointer             parse_data,
                      GError             **error)
{
  JsonObject *object = require_object (node, "instance list", error);
  DeckFfPage *page;
  JsonObject *meta;
  JsonArray *array;

  if (object == NULL)
    return NULL;

  array = deck_json_get_array (object, "projects");
  if (array == NULL)
    {
      g_propagate_error (error, deck_flowfuse_error_new_missing_field ("instance list",
                                                                       "projects"));
      return NULL;
    }

  page = g_new0 (DeckFfPage, 1);
  page->items = deck_ff_list_from_json (array, DECK_TYPE_FF_INSTANCE, error);
  if (page->items == NULL)
    {
      deck_ff_page_free (page);
      return NULL;
    }

  /* Reuse next_cursor for "there is a next page". */
  meta = deck_json_get_object (object, "meta");
  if (meta != NULL)
    {
      gint64 current = deck_json_get_int (meta, "page", 0);
      gint64 count = deck_json_get_int (meta, "pageCount", 0);

      if (current > 0 && count > current && json_array_get_length (array) > 0)
        page->next_cursor = g_strdup_printf ("%" G_GINT64_FORMAT, current + 1);
    }

  return page;
}

static void list_instances_next (GTask *task);

static void refresh_states (DeckFlowfuseClient  *self,
                            GListModel          *instances,
                            gboolean             team_wide,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data);

static void
list_instances_return (GTask  *task,
                       GError *error)
{
  ListInstances *state = g_task_get_task_data (task);

  state->returned = TRUE;
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  note_team_size (g_task_get_source_object (task), state->team_id,
                  g_list_model_get_n_items (G_LIST_MODEL (state->instances)));
  g_task_return_pointer (task, g_steal_pointer (&state->instances), g_object_unref);
}

static void
list_instances_states_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  deck_flowfuse_client_finish_boolean (DECK_FLOWFUSE_CLIENT (source), result, &error);
  list_instances_return (task, error);
}

/* Every page is in, and the team's states have come or failed. */
static void
list_instances_apply_states (GTask *task)
{
  DeckFlowfuseClient *self = g_task_get_source_object (task);
  ListInstances *state = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GListStore) missing = NULL;

  if (state->states == NULL)
    {
      if (g_error_matches (state->states_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          list_instances_return (task, g_steal_pointer (&state->states_error));
          g_object_unref (task);
          return;
        }

      /* A server without the team-wide call: one per application. */
      g_debug ("No team-wide live states (%s): asking per application",
               state->states_error->message);
      refresh_states (self, G_LIST_MODEL (state->instances), FALSE, cancellable,
                      list_instances_states_cb, task);
      return;
    }

  missing = apply_state_table (state->states, G_LIST_MODEL (state->instances));
  g_clear_pointer (&state->states, g_hash_table_unref);
  if (g_list_model_get_n_items (G_LIST_MODEL (missing)) == 0)
    {
      list_instances_return (task, NULL);
      g_object_unref (task);
      return;
    }

  /* Created between the two answers: asked for on their own. */
  g_debug ("%u instances are not in the team's states: asking again",
           g_list_model_get_n_items (G_LIST_MODEL (missing)));
  refresh_states (self, G_LIST_MODEL (missing), FALSE, cancellable, list_instances_states_cb,
                  task);
}

static void
list_instances_team_states_cb (GObject      *source,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ListInstances *state = g_task_get_task_data (task);

  state->states_pending = FALSE;
  state->states = g_task_propagate_pointer (G_TASK (result), &state->states_error);
  if (!state->returned && state->listed)
    list_instances_apply_states (g_steal_pointer (&task));
}

static void
list_instances_ask_states (GTask *task)
{
  DeckFlowfuseClient *self = g_task_get_source_object (task);
  ListInstances *state = g_task_get_task_data (task);
  Call *call;

  if (state->states_asked)
    return;
  state->states_asked = TRUE;
  state->states_pending = TRUE;

  call = team_statuses_call (state->team_id);
  call->quiet = TRUE;
  ff_call (self, call, deck_flowfuse_client_list_instances_async, g_task_get_cancellable (task),
           list_instances_team_states_cb, g_object_ref (task));
}

/* The list's answer is on its way: ask for the states now (not for an
 * error's headers, nor a redirect's). */
static void
list_instances_answered_cb (SoupMessage *message,
                            gpointer     user_data)
{
  GTask *task = user_data;
  ListInstances *state = g_task_get_task_data (task);

  if (SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)) && !state->returned)
    list_instances_ask_states (task);
}

static void
list_instances_page_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ListInstances *state = g_task_get_task_data (task);
  g_autoptr(DeckFfPage) page = NULL;
  GError *error = NULL;
  guint n;

  page = deck_flowfuse_client_finish_page (DECK_FLOWFUSE_CLIENT (source), result, &error);
  if (page == NULL)
    {
      list_instances_return (task, error);
      return;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (page->items));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (page->items), i);

      g_list_store_append (state->instances, item);
    }

  /* A bounded loop even if a server keeps saying "more". */
  if (page->next_cursor != NULL && state->page < 10000)
    {
      state->page++;
      list_instances_next (g_steal_pointer (&task));
      return;
    }

  if (state->without_states)
    {
      list_instances_return (task, NULL);
      return;
    }

  /* The list carries no live state on FlowFuse 2.4.0: it comes from the
   * team's status call, asked for when the list's first answer came. */
  state->listed = TRUE;
  list_instances_ask_states (task);
  if (!state->states_pending)
    list_instances_apply_states (g_steal_pointer (&task));
}

static void
list_instances_next (GTask *task)
{
  DeckFlowfuseClient *self = g_task_get_source_object (task);
  ListInstances *state = g_task_get_task_data (task);
  g_autofree char *id = escape (state->team_id);
  Call *call;

  call = call_new ("GET", g_strdup_printf ("/api/v1/teams/%s/projects?page=%u&limit=%u", id,
                                           state->page, INSTANCES_PAGE_SIZE),
                   NULL, parse_instances_page, RESULT_PAGE);
  call->pure_parse = TRUE;
  if (!state->without_states && !state->states_beside && !state->states_asked)
    {
      call->answered = list_instances_answered_cb;
      call->answered_data = G_OBJECT (task);
    }
  ff_call (self, call, list_instances_next, g_task_get_cancellable (task),
           list_instances_page_cb, task);
}

static void
list_instances (DeckFlowfuseClient  *self,
                const char          *team_id,
                gboolean             without_states,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task;
  ListInstances *state;

  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));
  g_return_if_fail (team_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_flowfuse_client_list_instances_async);
  state = g_new0 (ListInstances, 1);
  state->without_states = without_states;
  state->kind = RESULT_LIST;
  state->team_id = g_strdup (team_id);
  state->instances = g_list_store_new (DECK_TYPE_FF_INSTANCE);
  state->page = 1;
  state->states_beside = !without_states && team_is_small (self, team_id);
  g_task_set_task_data (task, state, (GDestroyNotify) list_instances_free);

  list_instances_next (g_object_ref (task));
  if (state->states_beside)
    list_instances_ask_states (task);
  g_object_unref (task);
}

void
deck_flowfuse_client_list_instances_async (DeckFlowfuseClient  *self,
                                           const char          *team_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  list_instances (self, team_id, FALSE, cancellable, callback, user_data);
}

/**
 * deck_flowfuse_client_list_instances_without_state_async:
 * @self: a #DeckFlowfuseClient
 * @team_id: the team
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * The team's instances as its list gives them, without the status calls
 * that deck_flowfuse_client_list_instances_async() adds: the states are
 * "unknown" until deck_flowfuse_client_refresh_states_async(). For
 * showing rows first and states a moment later. Finish with
 * deck_flowfuse_client_finish_list().
 */
void
deck_flowfuse_client_list_instances_without_state_async (DeckFlowfuseClient  *self,
                                                         const char          *team_id,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data)
{
  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));
  g_return_if_fail (team_id != NULL);

  if (g_strcmp0 (team_id, self->seed_team_id) == 0)
    {
      g_clear_pointer (&self->seed_team_id, g_free);
      if (answer_from_seed (self, &self->seed_instances,
                            deck_flowfuse_client_list_instances_async, cancellable, callback,
                            user_data))
        return;
    }

  list_instances (self, team_id, TRUE, cancellable, callback, user_data);
}

/* Live state for many instances: one status request per application. */
typedef struct
{
  ResultKind  kind;
  GHashTable *by_id;        /* instance id → DeckFfInstance */
  GPtrArray  *applications; /* application ids still to ask */
  char       *team_id;      /* the team of all of them, if one */
} RefreshStates;

static void
refresh_states_free (RefreshStates *state)
{
  g_clear_pointer (&state->by_id, g_hash_table_unref);
  g_clear_pointer (&state->applications, g_ptr_array_unref);
  g_clear_pointer (&state->team_id, g_free);
  g_free (state);
}

static gpointer
parse_statuses (DeckFlowfuseClient  *self,
                JsonNode            *node,
                gpointer             parse_data,
                GError             **error)
{
  GHashTable *by_id = parse_data;
  JsonObject *object = require_object (node, "instance status list", error);
  JsonArray *array;

  if (object == NULL)
    return NULL;

  array = deck_json_get_array (object, "instances");
  if (array == NULL)
    {
      g_propagate_error (error, deck_flowfuse_error_new_missing_field ("instance status list",
                                                                       "instances"));
      return NULL;
    }

  apply_statuses (array, by_id);
  return GINT_TO_POINTER (TRUE);
}

static void refresh_states_next (GTask *task);

static void
refresh_states_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!deck_flowfuse_client_finish_boolean (DECK_FLOWFUSE_CLIENT (source), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  refresh_states_next (g_steal_pointer (&task));
}

/* Several applications of one team: their states in one request; per
 * application if the server does not have it. */
static void
refresh_team_states_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RefreshStates *state = g_task_get_task_data (task);
  g_autoptr(GHashTable) states = NULL;
  g_autoptr(GError) error = NULL;

  states = g_task_propagate_pointer (G_TASK (result), &error);
  if (states != NULL)
    {
      g_hash_table_foreach (states, (GHFunc) apply_status_cb, state->by_id);
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_debug ("No team-wide live states (%s): asking per application", error->message);
  refresh_states_next (g_steal_pointer (&task));
}

static void
refresh_states_next (GTask *task)
{
  DeckFlowfuseClient *self = g_task_get_source_object (task);
  RefreshStates *state = g_task_get_task_data (task);
  g_autofree char *app_id = NULL;
  g_autofree char *id = NULL;
  Call *call;

  if (state->applications->len == 0)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  app_id = g_ptr_array_steal_index_fast (state->applications, state->applications->len - 1);
  id = escape (app_id);
  call = call_new ("GET", g_strdup_printf ("/api/v1/applications/%s/instances/status", id), NULL,
                   parse_statuses, RESULT_BOOLEAN);
  call->parse_data = g_hash_table_ref (state->by_id);
  call->parse_data_free = (GDestroyNotify) g_hash_table_unref;
  ff_call (self, call, refresh_states_next, g_task_get_cancellable (task), refresh_states_cb,
           task);
}

/**
 * deck_flowfuse_client_refresh_states_async:
 * @self: a #DeckFlowfuseClient
 * @instances: (element-type DeckFfInstance): instances to update in place
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches the live state of @instances with one request per application
 * and updates them in place (rows bound to them update by themselves).
 * Finish with deck_flowfuse_client_finish_boolean().
 */
void
deck_flowfuse_client_refresh_states_async (DeckFlowfuseClient  *self,
                                           GListModel          *instances,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  refresh_states (self, instances, TRUE, cancellable, callback, user_data);
}

/* @team_wide: whether one call for the team may do (when it is one team
 * with several applications) */
static void
refresh_states (DeckFlowfuseClient  *self,
                GListModel          *instances,
                gboolean             team_wide,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  RefreshStates *state;
  GTask *task;
  guint n;

  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));
  g_return_if_fail (G_IS_LIST_MODEL (instances));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_flowfuse_client_refresh_states_async);
  state = g_new0 (RefreshStates, 1);
  state->kind = RESULT_BOOLEAN;
  state->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  state->applications = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, state, (GDestroyNotify) refresh_states_free);

  n = g_list_model_get_n_items (instances);
  for (guint i = 0; i < n; i++)
    {
      DeckFfInstance *instance = g_list_model_get_item (instances, i);
      const char *app_id = deck_ff_instance_get_application_id (instance);
      const char *team_id = deck_ff_instance_get_team_id (instance);

      g_hash_table_insert (state->by_id, (gpointer) deck_ff_instance_get_id (instance), instance);
      if (app_id != NULL && !g_hash_table_contains (seen, app_id))
        {
          g_hash_table_add (seen, (gpointer) app_id);
          g_ptr_array_add (state->applications, g_strdup (app_id));
        }

      /* One team for all of them? Then one request can do. */
      if (i == 0)
        state->team_id = g_strdup (team_id);
      else if (g_strcmp0 (state->team_id, team_id) != 0)
        g_clear_pointer (&state->team_id, g_free);
    }

  if (team_wide && state->applications->len > 1 && state->team_id != NULL)
    {
      ff_call (self, team_statuses_call (state->team_id),
               deck_flowfuse_client_refresh_states_async, cancellable,
               refresh_team_states_cb, task);
      return;
    }

  refresh_states_next (task);
}

/* Polls an instance until its state settles, backing off from 0.5 s to
 * 5 s between polls. */
typedef struct
{
  ResultKind  kind;
  char       *instance_id;
  gint64      deadline;
  guint       delay_ms;
  guint       source_id;
  gulong      cancel_id;
} WaitState;

static void
wait_state_free (WaitState *state)
{
  g_clear_handle_id (&state->source_id, g_source_remove);
  g_clear_pointer (&state->instance_id, g_free);
  g_free (state);
}

static void wait_poll (GTask *task);

static gboolean
wait_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  WaitState *state = g_task_get_task_data (task);

  state->source_id = 0;
  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return G_SOURCE_REMOVE;
    }

  wait_poll (task);
  return G_SOURCE_REMOVE;
}

static void
wait_poll_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  WaitState *state = g_task_get_task_data (task);
  g_autoptr(DeckFfInstance) instance = NULL;
  g_autoptr(GError) error = NULL;

  instance = deck_flowfuse_client_finish_object (DECK_FLOWFUSE_CLIENT (source), result, &error);
  if (instance == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  if (!deck_ff_instance_state_is_transitional (deck_ff_instance_get_state_id (instance)))
    {
      g_task_return_pointer (task, g_steal_pointer (&instance), g_object_unref);
      g_object_unref (task);
      return;
    }

  if (g_get_monotonic_time () >= state->deadline)
    {
      g_task_return_new_error (task, DECK_NET_ERROR, DECK_NET_ERROR_TIMEOUT,
                               _("“%s” is still %s. It may need more time; check again "
                                 "later."),
                               deck_ff_instance_get_name (instance),
                               deck_ff_instance_state_to_label (
                                 deck_ff_instance_get_state_id (instance)));
      g_object_unref (task);
      return;
    }

  state->source_id = g_timeout_add (state->delay_ms, wait_timeout_cb, task);
  state->delay_ms = MIN (state->delay_ms * 2, 5000);
}

static void
wait_poll (GTask *task)
{
  WaitState *state = g_task_get_task_data (task);

  deck_flowfuse_client_get_instance_async (g_task_get_source_object (task), state->instance_id,
                                           g_task_get_cancellable (task), wait_poll_cb, task);
}

/**
 * deck_flowfuse_client_wait_for_state_async:
 * @self: a #DeckFlowfuseClient
 * @instance_id: the instance
 * @timeout_seconds: give up after this long
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Waits until the instance is no longer starting, stopping, restarting
 * or suspending. Finish with deck_flowfuse_client_finish_object(), which
 * gives the settled #DeckFfInstance.
 */
void
deck_flowfuse_client_wait_for_state_async (DeckFlowfuseClient  *self,
                                           const char          *instance_id,
                                           guint                timeout_seconds,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  GTask *task;
  WaitState *state;

  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));
  g_return_if_fail (instance_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_flowfuse_client_wait_for_state_async);
  state = g_new0 (WaitState, 1);
  state->kind = RESULT_OBJECT;
  state->instance_id = g_strdup (instance_id);
  state->deadline = g_get_monotonic_time () + (gint64) timeout_seconds * G_USEC_PER_SEC;
  state->delay_ms = 500;
  g_task_set_task_data (task, state, (GDestroyNotify) wait_state_free);

  wait_poll (task);
}

/* Capability check for instance HTTP tokens: license, then team type, then
 * role, so the UI can say *which* is missing. */
typedef struct
{
  ResultKind      kind;
  DeckFfInstance *instance;
} CheckState;

static void
check_state_free (CheckState *state)
{
  g_clear_object (&state->instance);
  g_free (state);
}

static void
check_role_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  int role;

  role = deck_flowfuse_client_get_team_role_finish (DECK_FLOWFUSE_CLIENT (source), result,
                                                    &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (role < DECK_FF_ROLE_OWNER)
    {
      g_task_return_error (task, deck_flowfuse_error_new (
                             DECK_FLOWFUSE_ERROR_NOT_OWNER, NULL, NULL, -1,
                             _("Only the team’s Owners can manage its instances’ access "
                               "tokens. Ask an Owner to create the token, or to make you an "
                               "Owner.")));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
check_team_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CheckState *state = g_task_get_task_data (task);
  g_autoptr(DeckFfTeam) team = NULL;
  g_autoptr(GError) error = NULL;

  team = deck_flowfuse_client_finish_object (DECK_FLOWFUSE_CLIENT (source), result, &error);
  if (team == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!deck_ff_team_has_feature (team, "teamHttpSecurity"))
    {
      g_task_return_error (task, deck_flowfuse_error_new (
                             DECK_FLOWFUSE_ERROR_TEAM_TYPE_FEATURE, NULL, NULL, -1,
                             _("The team’s plan does not include HTTP access tokens "
                               "(“Team-based Endpoint Security”). A FlowFuse administrator "
                               "can enable it for the team type.")));
      return;
    }

  deck_flowfuse_client_get_team_role_async (DECK_FLOWFUSE_CLIENT (source),
                                            deck_ff_instance_get_team_id (state->instance),
                                            g_task_get_cancellable (task), check_role_cb,
                                            g_object_ref (task));
}

static void
check_settings_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CheckState *state = g_task_get_task_data (task);
  g_autoptr(DeckFfSettings) settings = NULL;
  g_autoptr(GError) error = NULL;

  settings = deck_flowfuse_client_get_settings_finish (DECK_FLOWFUSE_CLIENT (source), result,
                                                       &error);
  if (settings == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!deck_ff_settings_has_feature (settings, "httpBearerTokens"))
    {
      g_task_return_error (task, deck_flowfuse_error_new (
                             DECK_FLOWFUSE_ERROR_NO_LICENSE, NULL, NULL, -1,
                             _("This FlowFuse server has no Enterprise license, which HTTP "
                               "access tokens need. Its administrator can add one.")));
      return;
    }

  deck_flowfuse_client_get_team_async (DECK_FLOWFUSE_CLIENT (source),
                                       deck_ff_instance_get_team_id (state->instance),
                                       g_task_get_cancellable (task), check_team_cb,
                                       g_object_ref (task));
}

/**
 * deck_flowfuse_client_check_http_tokens_async:
 * @self: a #DeckFlowfuseClient
 * @instance: the instance
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Finds out whether this user can manage HTTP access tokens of @instance.
 * Finish with deck_flowfuse_client_finish_boolean(); on %FALSE the error
 * is %DECK_FLOWFUSE_ERROR_NO_LICENSE, %DECK_FLOWFUSE_ERROR_TEAM_TYPE_FEATURE
 * or %DECK_FLOWFUSE_ERROR_NOT_OWNER (or a transport error).
 */
void
deck_flowfuse_client_check_http_tokens_async (DeckFlowfuseClient  *self,
                                              DeckFfInstance      *instance,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  GTask *task;
  CheckState *state;

  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));
  g_return_if_fail (DECK_IS_FF_INSTANCE (instance));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_flowfuse_client_check_http_tokens_async);
  state = g_new0 (CheckState, 1);
  state->kind = RESULT_BOOLEAN;
  state->instance = g_object_ref (instance);
  g_task_set_task_data (task, state, (GDestroyNotify) check_state_free);

  if (deck_ff_instance_get_team_id (instance) == NULL)
    {
      g_task_return_error (task, deck_flowfuse_error_new_missing_field ("instance", "team"));
      g_object_unref (task);
      return;
    }

  deck_flowfuse_client_get_settings_async (self, cancellable, check_settings_cb, task);
}

/*
 * Web session: sign in with a password (and MFA code), mint a token
 */

void
deck_flowfuse_client_login_async (DeckFlowfuseClient  *self,
                                  const char          *username,
                                  const char          *password,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  Call *call;

  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));
  g_return_if_fail (username != NULL && password != NULL);

  /* A new web session replaces any bearer token. */
  clear_secrets (self);
  drop_cookie_jar (self);
  ensure_cookie_jar (self);
  set_credential (self, DECK_FLOWFUSE_CREDENTIAL_SESSION);

  call = call_new ("POST", g_strdup ("/account/login"),
                   build_object ("username", "s", username, "password", "s", password, NULL),
                   NULL, RESULT_BOOLEAN);
  CALL (self, call, deck_flowfuse_client_login_async);
}

void
deck_flowfuse_client_login_mfa_async (DeckFlowfuseClient  *self,
                                      const char          *code,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));
  g_return_if_fail (code != NULL);
  g_return_if_fail (self->credential == DECK_FLOWFUSE_CREDENTIAL_SESSION);

  CALL (self, call_new ("POST", g_strdup ("/account/login/token"),
                        build_object ("token", "s", code, NULL), NULL, RESULT_BOOLEAN),
        deck_flowfuse_client_login_mfa_async);
}

typedef struct
{
  ResultKind    kind;
  CreatedToken *created;
} MintState;

static void
mint_state_free (MintState *state)
{
  g_clear_pointer (&state->created, created_token_free);
  g_free (state);
}

static void
mint_logout_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeckFlowfuseClient *self = DECK_FLOWFUSE_CLIENT (source);
  MintState *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* The token exists now whatever logout says; a failed logout leaves a
   * web session that expires on its own, so report it in the log only. */
  if (!deck_flowfuse_client_finish_boolean (self, result, &error))
    g_message ("Signing the web session out after minting the token failed: %s",
               error->message);

  deck_flowfuse_client_set_token (self, state->created->value);
  g_task_return_pointer (task, g_steal_pointer (&state->created),
                         (GDestroyNotify) created_token_free);
}

static void
mint_create_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeckFlowfuseClient *self = DECK_FLOWFUSE_CLIENT (source);
  MintState *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  CreatedToken *created;

  created = g_new0 (CreatedToken, 1);
  created->model = G_OBJECT (deck_flowfuse_client_create_personal_token_finish (self, result,
                                                                                &created->value,
                                                                                &error));
  if (created->model == NULL)
    {
      created_token_free (created);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  state->created = created;
  ff_call (self, call_new ("POST", g_strdup ("/account/logout"), NULL, NULL, RESULT_BOOLEAN),
           deck_flowfuse_client_login_async, NULL, mint_logout_cb, g_steal_pointer (&task));
}

/**
 * deck_flowfuse_client_mint_token_async:
 * @self: a #DeckFlowfuseClient signed in with a web session
 * @hostname: this computer's name, for the token's name
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Creates Flowdeck's own personal access token, named "Flowdeck on
 * @hostname", then signs the web session out so none is left behind. On
 * success the client uses the new token.
 */
void
deck_flowfuse_client_mint_token_async (DeckFlowfuseClient  *self,
                                       const char          *hostname,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autofree char *name = NULL;
  GTask *task;
  MintState *state;

  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));
  g_return_if_fail (hostname != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_flowfuse_client_mint_token_async);
  state = g_new0 (MintState, 1);
  state->kind = RESULT_VALUE;
  g_task_set_task_data (task, state, (GDestroyNotify) mint_state_free);

  if (self->credential != DECK_FLOWFUSE_CREDENTIAL_SESSION)
    {
      g_task_return_new_error (task, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_UNAUTHORIZED,
                               _("Sign in to FlowFuse first."));
      g_object_unref (task);
      return;
    }

  /* Translators: the name of the token Flowdeck creates for itself; %s is
   * the computer's name. */
  name = g_strdup_printf (_("Flowdeck on %s"), hostname);
  deck_flowfuse_client_create_personal_token_async (self, name, NULL, FALSE, NULL, cancellable,
                                                    mint_create_cb, task);
}

/**
 * deck_flowfuse_client_mint_token_finish:
 * @self: a #DeckFlowfuseClient
 * @result: the result
 * @out_value: (out) (optional): the token's value, to keep in the keyring;
 *   free with deck_secure_free()
 * @error: a location for a #GError, or %NULL
 *
 * Returns: (transfer full): the new token's summary
 */
DeckFfPersonalToken *
deck_flowfuse_client_mint_token_finish (DeckFlowfuseClient  *self,
                                        GAsyncResult        *result,
                                        char               **out_value,
                                        GError             **error)
{
  return finish_created_token (self, result, out_value, error);
}

/*< private >
 * _deck_flowfuse_client_map_error:
 * @response: an answer with an error status
 * @path: the request path, for the debug log
 *
 * For the fuzz targets only (tests/fuzz/): the mapping of an error answer
 * to a #DeckFlowfuseError, without a network.
 *
 * Returns: (transfer full): the error
 */
GError *
_deck_flowfuse_client_map_error (DeckHttpResponse *response,
                                 const char       *path)
{
  g_return_val_if_fail (response != NULL, NULL);
  return map_error (response, path);
}

/*
 * Instance environment variables (OAuth connections deliver their
 * client id, secret, refresh token and token URL here)
 */

#include "deck-ff-env-var.h"

static gpointer
parse_instance_env (DeckFlowfuseClient  *self,
                    JsonNode            *node,
                    gpointer             parse_data,
                    GError             **error)
{
  g_autoptr(GListStore) store = g_list_store_new (DECK_TYPE_FF_ENV_VAR);
  JsonObject *object = require_object (node, "instance", error);
  JsonObject *settings;
  JsonArray *env;

  if (object == NULL)
    return NULL;

  /* An instance without settings or without variables has none. */
  settings = deck_json_get_object (object, "settings");
  env = settings != NULL ? deck_json_get_array (settings, "env") : NULL;
  if (env == NULL)
    return g_steal_pointer (&store);

  for (guint i = 0; i < json_array_get_length (env); i++)
    {
      JsonNode *item = json_array_get_element (env, i);
      g_autoptr(DeckFfEnvVar) var = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          g_propagate_error (error,
                             deck_flowfuse_error_new (DECK_FLOWFUSE_ERROR_UNEXPECTED_RESPONSE,
                                                      NULL, NULL, -1,
                                                      _("The server sent an environment "
                                                        "variable Flowdeck cannot read.")));
          return NULL;
        }

      var = deck_ff_env_var_new_from_json (json_node_get_object (item), error);
      if (var == NULL)
        return NULL;
      g_list_store_append (store, var);
    }

  return g_steal_pointer (&store);
}

/**
 * deck_flowfuse_client_get_instance_env_async:
 * @self: a #DeckFlowfuseClient
 * @instance_id: the instance
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Reads `settings.env` of `GET /api/v1/projects/:id`. Servers that mask
 * hidden variables send their value as ''.
 */
void
deck_flowfuse_client_get_instance_env_async (DeckFlowfuseClient  *self,
                                             const char          *instance_id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_autofree char *id = NULL;

  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));
  g_return_if_fail (instance_id != NULL);

  id = escape (instance_id);
  CALL (self, call_new ("GET", g_strdup_printf ("/api/v1/projects/%s", id), NULL,
                        parse_instance_env, RESULT_LIST),
        deck_flowfuse_client_get_instance_env_async);
}

/**
 * deck_flowfuse_client_get_instance_env_finish:
 * @self: a #DeckFlowfuseClient
 * @result: the result
 * @error: a location for a #GError, or %NULL
 *
 * Returns: (transfer full): a #GListModel of #DeckFfEnvVar (the FF_*
 *   platform ones included, see deck_ff_env_var_get_platform()), or
 *   %NULL with @error
 */
GListModel *
deck_flowfuse_client_get_instance_env_finish (DeckFlowfuseClient  *self,
                                              GAsyncResult        *result,
                                              GError             **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        deck_flowfuse_client_get_instance_env_async, NULL);

  return deck_flowfuse_client_finish_list (self, result, error);
}

/**
 * deck_flowfuse_client_set_instance_env_async:
 * @self: a #DeckFlowfuseClient
 * @instance_id: the instance
 * @env: a #GListModel of #DeckFfEnvVar: the complete new list
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * `PUT /api/v1/projects/:id {settings: {env: [...]}}`. This *replaces*
 * the instance's variables: callers merge with what
 * deck_flowfuse_client_get_instance_env_async() returned. Platform
 * variables (FF_*) in @env are skipped. A body holding only
 * `settings.env` needs only the `project:edit-env` permission. The new
 * values take effect when the instance restarts.
 */
void
deck_flowfuse_client_set_instance_env_async (DeckFlowfuseClient  *self,
                                             const char          *instance_id,
                                             GListModel          *env,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_autofree char *id = NULL;
  JsonArray *array;
  JsonNode *array_node;
  guint n;

  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (self));
  g_return_if_fail (instance_id != NULL);
  g_return_if_fail (G_IS_LIST_MODEL (env));

  n = g_list_model_get_n_items (env);
  array = json_array_sized_new (n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DeckFfEnvVar) var = g_list_model_get_item (env, i);

      if (deck_ff_env_var_get_platform (var))
        continue;
      json_array_add_element (array, deck_ff_env_var_to_json (var));
    }
  array_node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (array_node, array);

  id = escape (instance_id);
  CALL (self, call_new ("PUT", g_strdup_printf ("/api/v1/projects/%s", id),
                        build_object ("settings", "n",
                                      build_object ("env", "n", array_node, NULL),
                                      NULL),
                        NULL, RESULT_BOOLEAN),
        deck_flowfuse_client_set_instance_env_async);
}

gboolean
deck_flowfuse_client_set_instance_env_finish (DeckFlowfuseClient  *self,
                                              GAsyncResult        *result,
                                              GError             **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        deck_flowfuse_client_set_instance_env_async, FALSE);

  return deck_flowfuse_client_finish_boolean (self, result, error);
}
