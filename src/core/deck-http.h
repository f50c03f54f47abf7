/* deck-http.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/**
 * DeckNetError:
 * @DECK_NET_ERROR_INVALID_URL: the URL cannot be used (not http(s), no host, …)
 * @DECK_NET_ERROR_INSECURE_URL: plain http to a host that is not loopback
 * @DECK_NET_ERROR_CONNECTION_REFUSED: nothing listens at that address
 * @DECK_NET_ERROR_HOST_NOT_FOUND: the name does not resolve
 * @DECK_NET_ERROR_NETWORK_UNREACHABLE: no route / offline
 * @DECK_NET_ERROR_TLS: the TLS handshake or certificate failed (message names the problem)
 * @DECK_NET_ERROR_TIMEOUT: the server did not answer in time
 * @DECK_NET_ERROR_CONNECTION_LOST: the connection closed mid-response
 * @DECK_NET_ERROR_TOO_LARGE: the response body exceeded the limit
 * @DECK_NET_ERROR_WRONG_CONTENT_TYPE: the server sent something that is not JSON
 * @DECK_NET_ERROR_MALFORMED: the JSON could not be parsed (or was truncated)
 * @DECK_NET_ERROR_UNEXPECTED_STATUS: an HTTP status the caller did not expect
 * @DECK_NET_ERROR_FAILED: any other transport failure
 *
 * Transport-level failures shared by every client (FlowFuse, Node-RED,
 * OAuth). Each carries a message fit to show a user; none carries a body.
 */
typedef enum
{
  DECK_NET_ERROR_INVALID_URL,
  DECK_NET_ERROR_INSECURE_URL,
  DECK_NET_ERROR_CONNECTION_REFUSED,
  DECK_NET_ERROR_HOST_NOT_FOUND,
  DECK_NET_ERROR_NETWORK_UNREACHABLE,
  DECK_NET_ERROR_TLS,
  DECK_NET_ERROR_TIMEOUT,
  DECK_NET_ERROR_CONNECTION_LOST,
  DECK_NET_ERROR_TOO_LARGE,
  DECK_NET_ERROR_WRONG_CONTENT_TYPE,
  DECK_NET_ERROR_MALFORMED,
  DECK_NET_ERROR_UNEXPECTED_STATUS,
  DECK_NET_ERROR_FAILED,
} DeckNetError;

#define DECK_NET_ERROR (deck_net_error_quark ())
GQuark deck_net_error_quark (void);

/**
 * DeckHttpFlags:
 * @DECK_HTTP_FLAGS_NONE: return the body as is
 * @DECK_HTTP_FLAGS_JSON: parse the body as JSON (an empty body gives a %NULL node)
 */
typedef enum
{
  DECK_HTTP_FLAGS_NONE = 0,
  DECK_HTTP_FLAGS_JSON = 1 << 0,
} DeckHttpFlags;

/* The largest response body any client accepts (N1 in SECURITY.md). */
#define DECK_HTTP_DEFAULT_MAX_BODY (32 * 1024 * 1024)

/**
 * DeckHttpResponse:
 * @status: the HTTP status
 * @body: (nullable): the raw body (may hold secrets: never log it)
 * @json: (nullable): the parsed body with %DECK_HTTP_FLAGS_JSON
 * @content_type: (nullable): the media type without parameters
 * @retry_after: seconds from a Retry-After header, or -1
 *
 * What came back. Free with deck_http_response_free(); the body bytes are
 * wiped when the last reference to them is dropped through it.
 */
typedef struct
{
  guint       status;
  GBytes     *body;
  JsonNode   *json;
  char       *content_type;
  gint64      retry_after;
} DeckHttpResponse;

void              deck_http_response_free          (DeckHttpResponse     *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeckHttpResponse, deck_http_response_free)

SoupSession      *deck_http_session_new            (guint                 timeout_seconds);

void              deck_http_send_async             (SoupSession          *session,
                                                    SoupMessage          *message,
                                                    DeckHttpFlags         flags,
                                                    gsize                 max_body,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
DeckHttpResponse *deck_http_send_finish            (GAsyncResult         *result,
                                                    GError              **error);

gboolean          deck_http_check_url              (const char           *url,
                                                    gboolean              allow_insecure,
                                                    GUri                **out_uri,
                                                    GError              **error);
gboolean          deck_http_host_is_loopback       (const char           *host);
char             *deck_http_describe_tls_errors    (GTlsCertificateFlags  flags);
GBytes           *deck_http_json_body              (JsonNode             *node);

G_END_DECLS
