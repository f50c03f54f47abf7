/* deck-http.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-http"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "deck-http.h"
#include "deck-json.h"
#include "deck-http-private.h"
#include "deck-secure.h"

/* One request, read defensively: the body is read in chunks up to a limit
 * (a server cannot make us allocate without bound), transport failures
 * become DECK_NET_ERROR with a sentence a user can act on, and large JSON
 * bodies are parsed in a worker thread so the main loop stays fluid.
 * Nothing here logs a body or a header value: either may hold a token. */

G_DEFINE_QUARK (deck-net-error-quark, deck_net_error)

#define READ_CHUNK       (64 * 1024)
#define THREAD_PARSE_MIN (64 * 1024)
#define MAX_JSON_DEPTH   64

typedef struct
{
  SoupSession   *session;
  SoupMessage   *message;
  GInputStream  *stream;
  GByteArray    *buffer;
  DeckHttpFlags  flags;
  gsize          max_body;
  gint64         started;
} SendState;

static void
send_state_free (SendState *state)
{
  g_clear_object (&state->session);
  g_clear_object (&state->message);
  g_clear_object (&state->stream);
  if (state->buffer != NULL)
    {
      deck_secure_wipe (state->buffer->data, state->buffer->len);
      g_byte_array_unref (state->buffer);
    }
  g_free (state);
}

void
deck_http_response_free (DeckHttpResponse *response)
{
  if (response == NULL)
    return;

  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->json, json_node_unref);
  g_clear_pointer (&response->content_type, g_free);
  g_free (response);
}

/**
 * deck_http_session_new:
 * @timeout_seconds: how long a connection may stay silent before the
 *   request fails with %DECK_NET_ERROR_TIMEOUT
 *
 * Returns: (transfer full): a #SoupSession with Flowdeck's user agent. It
 *   verifies TLS certificates against the system store and never accepts
 *   a bad one.
 */
SoupSession *
deck_http_session_new (guint timeout_seconds)
{
  return soup_session_new_with_options ("user-agent", "Flowdeck/" PACKAGE_VERSION " ",
                                        "timeout", timeout_seconds,
                                        "idle-timeout", 60,
                                        NULL);
}

/**
 * deck_http_describe_tls_errors:
 * @flags: what was wrong with the certificate
 *
 * Returns: (transfer full): a sentence naming the certificate problem
 */
char *
deck_http_describe_tls_errors (GTlsCertificateFlags flags)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  g_autofree char *joined = NULL;

  if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    g_ptr_array_add (parts, (char *) _("it is not signed by a known certificate authority (self-signed?)"));
  if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    g_ptr_array_add (parts, (char *) _("it was issued for another host name"));
  if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    g_ptr_array_add (parts, (char *) _("it is not valid yet"));
  if (flags & G_TLS_CERTIFICATE_EXPIRED)
    g_ptr_array_add (parts, (char *) _("it has expired"));
  if (flags & G_TLS_CERTIFICATE_REVOKED)
    g_ptr_array_add (parts, (char *) _("it has been revoked"));
  if (flags & G_TLS_CERTIFICATE_INSECURE)
    g_ptr_array_add (parts, (char *) _("it uses an insecure algorithm"));
  if (flags & G_TLS_CERTIFICATE_GENERIC_ERROR || parts->len == 0)
    g_ptr_array_add (parts, (char *) _("it could not be verified"));
  g_ptr_array_add (parts, NULL);

  joined = g_strjoinv ("; ", (char **) parts->pdata);
  /* Translators: %s lists certificate problems, e.g. "it has expired". */
  return g_strdup_printf (_("The server’s security certificate is not trusted: %s."), joined);
}

static GError *
translate_transport_error (SoupMessage  *message,
                           const GError *error)
{
  GUri *uri = soup_message_get_uri (message);
  const char *host = uri ? g_uri_get_host (uri) : NULL;
  int port = uri ? g_uri_get_port (uri) : -1;
  g_autofree char *where = NULL;

  if (host == NULL)
    host = "?";
  where = port > 0 ? g_strdup_printf ("%s:%d", host, port) : g_strdup (host);

  if (error->domain == G_TLS_ERROR)
    {
      GTlsCertificateFlags flags = soup_message_get_tls_peer_certificate_errors (message);

      if (flags != 0 || g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
        {
          g_autofree char *what = deck_http_describe_tls_errors (flags);

          return g_error_new (DECK_NET_ERROR, DECK_NET_ERROR_TLS, "%s (%s)", what, where);
        }

      return g_error_new (DECK_NET_ERROR, DECK_NET_ERROR_TLS,
                          _("A secure connection to %s could not be set up: %s"),
                          where, error->message);
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return g_error_new (DECK_NET_ERROR, DECK_NET_ERROR_CONNECTION_REFUSED,
                        _("Could not connect to %s: nothing answered there. Is the server "
                          "running and the address right?"), where);

  if (error->domain == G_RESOLVER_ERROR)
    return g_error_new (DECK_NET_ERROR, DECK_NET_ERROR_HOST_NOT_FOUND,
                        _("The server name “%s” could not be found. Check the address and "
                          "your network connection."), host);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE))
    return g_error_new (DECK_NET_ERROR, DECK_NET_ERROR_NETWORK_UNREACHABLE,
                        _("%s cannot be reached from this network. Are you offline?"), where);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (DECK_NET_ERROR, DECK_NET_ERROR_TIMEOUT,
                        _("%s did not answer in time."), where);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
      error->domain == SOUP_SESSION_ERROR)
    return g_error_new (DECK_NET_ERROR, DECK_NET_ERROR_CONNECTION_LOST,
                        _("The connection to %s broke off before the whole answer arrived."),
                        where);

  return g_error_new (DECK_NET_ERROR, DECK_NET_ERROR_FAILED,
                      _("Talking to %s failed: %s"), where, error->message);
}

static gint64
parse_retry_after (SoupMessage *message)
{
  const char *value;
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = NULL;
  guint64 seconds;

  value = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                        "Retry-After");
  if (value == NULL)
    return -1;

  if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT32, &seconds, NULL))
    return (gint64) seconds;

  when = soup_date_time_new_from_http_string (value);
  if (when == NULL)
    return -1;

  now = g_date_time_new_now_utc ();
  return MAX (0, g_date_time_difference (when, now) / G_USEC_PER_SEC);
}

static gboolean
is_json_type (const char *content_type)
{
  if (content_type == NULL)
    return FALSE;

  return g_ascii_strcasecmp (content_type, "application/json") == 0 ||
         g_str_has_suffix (content_type, "+json");
}

static void
wipe_and_free (gpointer data)
{
  GByteArray *array = data;

  deck_secure_wipe (array->data, array->len);
  g_byte_array_unref (array);
}

/* Parses @response->body when asked to. A 2xx answer that is not JSON is
 * an error; an error status with a non-JSON body (a proxy's HTML page) is
 * left to the caller, which maps the status. */
static gboolean
parse_json (DeckHttpResponse  *response,
            GError           **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean ok_status = SOUP_STATUS_IS_SUCCESSFUL (response->status);
  gsize len = g_bytes_get_size (response->body);
  const char *data = g_bytes_get_data (response->body, NULL);

  if (len == 0)
    return TRUE;

  if (!is_json_type (response->content_type))
    {
      if (!ok_status)
        return TRUE;

      g_set_error (error, DECK_NET_ERROR, DECK_NET_ERROR_WRONG_CONTENT_TYPE,
                   _("The server answered with “%s” where data was expected. Is this the "
                     "right address?"),
                   response->content_type ? response->content_type : _("an unknown type"));
      return FALSE;
    }

  /* API answers nest a few levels; a hostile body of "[[[[…" would
   * overflow json-glib's stack. */
  if (!deck_json_check_shape (data, len, MAX_JSON_DEPTH))
    {
      if (!ok_status)
        return TRUE;

      g_set_error_literal (error, DECK_NET_ERROR, DECK_NET_ERROR_MALFORMED,
                           _("The server’s answer could not be read: it is not valid JSON "
                             "or it was cut short."));
      return FALSE;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, &local_error))
    {
      if (!ok_status)
        return TRUE;

      /* json-glib's message quotes the input near the error: keep it out
       * of anything a user or a log sees. */
      g_debug ("JSON parse error at byte count %" G_GSIZE_FORMAT " (%s)", len,
               g_quark_to_string (local_error->domain));
      g_set_error_literal (error, DECK_NET_ERROR, DECK_NET_ERROR_MALFORMED,
                           _("The server’s answer could not be read: it is not valid JSON "
                             "or it was cut short."));
      return FALSE;
    }

  response->json = json_parser_steal_root (parser);
  return TRUE;
}

/* Owns the response while a worker thread parses it. */
typedef struct
{
  DeckHttpResponse *response;
} ParseJob;

static void
parse_job_free (ParseJob *job)
{
  g_clear_pointer (&job->response, deck_http_response_free);
  g_free (job);
}

static void
parse_in_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  ParseJob *job = task_data;
  GError *error = NULL;

  if (!parse_json (job->response, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
parse_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GTask *parse_task = G_TASK (result);
  ParseJob *job = g_task_get_task_data (parse_task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (parse_task, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* Take the response out of the job before the parse task frees it. */
  g_task_return_pointer (task, g_steal_pointer (&job->response),
                         (GDestroyNotify) deck_http_response_free);
}

static void
finish_response (GTask *task)
{
  SendState *state = g_task_get_task_data (task);
  g_autoptr(DeckHttpResponse) response = g_new0 (DeckHttpResponse, 1);
  SoupMessageHeaders *headers = soup_message_get_response_headers (state->message);
  GError *error = NULL;
  GByteArray *buffer;

  response->status = soup_message_get_status (state->message);
  response->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  response->retry_after = parse_retry_after (state->message);

  buffer = g_steal_pointer (&state->buffer);
  response->body = g_bytes_new_with_free_func (buffer->data, buffer->len,
                                               wipe_and_free, buffer);

  g_debug ("%s %s → %u (%" G_GSIZE_FORMAT " bytes, %.1f ms)",
           soup_message_get_method (state->message),
           g_uri_get_path (soup_message_get_uri (state->message)),
           response->status, g_bytes_get_size (response->body),
           (g_get_monotonic_time () - state->started) / 1000.0);

  if (!(state->flags & DECK_HTTP_FLAGS_JSON))
    {
      g_task_return_pointer (task, g_steal_pointer (&response),
                             (GDestroyNotify) deck_http_response_free);
      return;
    }

  if (g_bytes_get_size (response->body) >= THREAD_PARSE_MIN)
    {
      GTask *parse_task = g_task_new (NULL, g_task_get_cancellable (task), parse_done_cb,
                                      g_object_ref (task));
      ParseJob *job = g_new0 (ParseJob, 1);

      job->response = g_steal_pointer (&response);
      g_task_set_task_data (parse_task, job, (GDestroyNotify) parse_job_free);
      g_task_run_in_thread (parse_task, parse_in_thread);
      g_object_unref (parse_task);
      return;
    }

  if (!parse_json (response, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&response),
                         (GDestroyNotify) deck_http_response_free);
}

static void read_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data);

static void
read_next (GTask *task)
{
  SendState *state = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (state->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), read_cb, task);
}

static GError *
too_large_error (SendState *state)
{
  g_autofree char *limit = g_format_size (state->max_body);

  return g_error_new (DECK_NET_ERROR, DECK_NET_ERROR_TOO_LARGE,
                      _("The server’s answer is larger than %s, more than Flowdeck accepts."),
                      limit);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SendState *state = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (chunk == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_error (task, translate_transport_error (state->message, error));
      return;
    }

  len = g_bytes_get_size (chunk);
  if (len == 0)
    {
      SoupMessageHeaders *headers = soup_message_get_response_headers (state->message);
      goffset promised = soup_message_headers_get_content_length (headers);

      g_input_stream_close_async (state->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);

      /* libsoup may take a close as the end of the body; a body shorter
       * than its Content-Length was cut off (unless it was compressed,
       * where the length counts the compressed bytes). */
      if (promised > 0 && (guint64) promised > state->buffer->len &&
          soup_message_headers_get_one (headers, "Content-Encoding") == NULL)
        {
          g_autoptr(GError) cut = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                                                       "short body");

          g_task_return_error (task, translate_transport_error (state->message, cut));
          return;
        }

      finish_response (task);
      return;
    }

  if (state->buffer->len + len > state->max_body)
    {
      /* Stop reading; closing the stream drops the connection. */
      g_input_stream_close_async (state->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      g_task_return_error (task, too_large_error (state));
      return;
    }

  g_byte_array_append (state->buffer, g_bytes_get_data (chunk, NULL), len);
  deck_secure_wipe ((gpointer) g_bytes_get_data (chunk, NULL), len);
  read_next (g_steal_pointer (&task));
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SendState *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  goffset length;

  state->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (state->stream == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_error (task, translate_transport_error (state->message, error));
      return;
    }

  length = soup_message_headers_get_content_length (
      soup_message_get_response_headers (state->message));
  if (length > 0 && (guint64) length > state->max_body)
    {
      g_input_stream_close_async (state->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      g_task_return_error (task, too_large_error (state));
      return;
    }

  state->buffer = g_byte_array_sized_new (length > 0 ? (guint) length : READ_CHUNK);
  read_next (g_steal_pointer (&task));
}

/**
 * deck_http_send_async:
 * @session: the client's #SoupSession
 * @message: the request (not sent yet)
 * @flags: how to treat the body
 * @max_body: the largest body accepted, or 0 for %DECK_HTTP_DEFAULT_MAX_BODY
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Sends @message and reads the whole answer. Any HTTP status is a
 * success here: the caller maps statuses to its own errors.
 */
void
deck_http_send_async (SoupSession         *session,
                      SoupMessage         *message,
                      DeckHttpFlags        flags,
                      gsize                max_body,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SendState *state;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (SOUP_IS_MESSAGE (message));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_http_send_async);

  state = g_new0 (SendState, 1);
  state->session = g_object_ref (session);
  state->message = g_object_ref (message);
  state->flags = flags;
  state->max_body = max_body > 0 ? max_body : DECK_HTTP_DEFAULT_MAX_BODY;
  state->started = g_get_monotonic_time ();
  g_task_set_task_data (task, state, (GDestroyNotify) send_state_free);

  if (flags & DECK_HTTP_FLAGS_JSON)
    soup_message_headers_replace (soup_message_get_request_headers (message),
                                  "Accept", "application/json");

  soup_session_send_async (session, message, G_PRIORITY_DEFAULT, cancellable, send_cb,
                           g_steal_pointer (&task));
}

/**
 * deck_http_send_finish:
 * @result: the result
 * @error: a location for a #GError, or %NULL
 *
 * Returns: (transfer full): the response, or %NULL with @error set to a
 *   %DECK_NET_ERROR (or %G_IO_ERROR_CANCELLED)
 */
DeckHttpResponse *
deck_http_send_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == deck_http_send_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * deck_http_host_is_loopback:
 * @host: a host name or IP literal
 *
 * Returns: %TRUE for 127.0.0.0/8, ::1 and localhost
 */
gboolean
deck_http_host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/**
 * deck_http_check_url:
 * @url: what the user typed
 * @allow_insecure: whether plain http to a non-loopback host is allowed
 *   (only after the user saw a warning)
 * @out_uri: (out) (optional): the normalised URI
 * @error: a location for a #GError, or %NULL
 *
 * Checks a server address (N3 in SECURITY.md): `https://` is assumed when
 * no scheme is given, only http(s) is accepted, there must be a host and
 * no user name or password in it, and plain http is for loopback only
 * unless @allow_insecure.
 *
 * Returns: %TRUE if the URL can be used
 */
gboolean
deck_http_check_url (const char  *url,
                     gboolean     allow_insecure,
                     GUri       **out_uri,
                     GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *with_scheme = NULL;
  const char *scheme;
  const char *host;

  g_return_val_if_fail (url != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (url));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, DECK_NET_ERROR, DECK_NET_ERROR_INVALID_URL,
                           _("Enter the server’s address."));
      return FALSE;
    }

  if (strstr (trimmed, "://") == NULL)
    with_scheme = g_strconcat ("https://", trimmed, NULL);
  else
    with_scheme = g_strdup (trimmed);

  uri = g_uri_parse (with_scheme, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL)
    {
      g_set_error_literal (error, DECK_NET_ERROR, DECK_NET_ERROR_INVALID_URL,
                           _("This is not a valid web address."));
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0)
    {
      g_set_error (error, DECK_NET_ERROR, DECK_NET_ERROR_INVALID_URL,
                   _("Only https:// addresses can be used, not %s://."), scheme);
      return FALSE;
    }

  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    {
      g_set_error_literal (error, DECK_NET_ERROR, DECK_NET_ERROR_INVALID_URL,
                           _("The address has no server name."));
      return FALSE;
    }

  if (g_uri_get_user (uri) != NULL || g_uri_get_password (uri) != NULL)
    {
      g_set_error_literal (error, DECK_NET_ERROR, DECK_NET_ERROR_INVALID_URL,
                           _("Do not put a user name or password in the address; Flowdeck "
                             "asks for them separately."));
      return FALSE;
    }

  if (g_strcmp0 (scheme, "http") == 0 && !allow_insecure && !deck_http_host_is_loopback (host))
    {
      g_set_error (error, DECK_NET_ERROR, DECK_NET_ERROR_INSECURE_URL,
                   _("“%s” uses plain http: tokens and passwords would cross the network "
                     "unencrypted. Use https://."), host);
      return FALSE;
    }

  if (out_uri != NULL)
    *out_uri = g_steal_pointer (&uri);

  return TRUE;
}

/**
 * deck_http_json_body:
 * @node: the JSON to send
 *
 * Returns: (transfer full): @node serialised, for a request body. The
 *   bytes are wiped when freed, since request bodies can hold secrets.
 */
GBytes *
deck_http_json_body (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  GByteArray *array;
  char *text;
  gsize len;

  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, &len);

  array = g_byte_array_new_take ((guint8 *) text, len);
  return g_bytes_new_with_free_func (array->data, array->len, wipe_and_free, array);
}

/*< private >
 * _deck_http_parse_body:
 * @response: a response with @status, @content_type and @body set
 * @error: a location for a #GError, or %NULL
 *
 * For the fuzz targets only (tests/fuzz/): runs the body parse that
 * deck_http_send_async() runs on a worker thread, without a network.
 *
 * Returns: what the parse returns; @response->json is set on success
 */
gboolean
_deck_http_parse_body (DeckHttpResponse  *response,
                       GError           **error)
{
  g_return_val_if_fail (response != NULL && response->body != NULL, FALSE);
  return parse_json (response, error);
}
