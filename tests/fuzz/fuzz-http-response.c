/* fuzz-http-response.c: the HTTP layer's body parse and FlowFuse's error
 * mapping
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: a response body. It goes through deck-http.c's parse as a JSON
 * answer with a success status, as an error status (where a body that is
 * not JSON is left to the caller), and as an HTML page; the parsed body
 * then goes through the FlowFuse client's error mapping for every status
 * it distinguishes.
 */

#include "config.h"

#include "deck-flowfuse-client-private.h"
#include "deck-flowfuse-error.h"
#include "deck-http-private.h"
#include "fuzz-common.h"

static const guint statuses[] = { 400, 401, 403, 404, 409, 422, 429, 500, 503, 302, 200 };

static void
parse_as (const uint8_t *data,
          size_t         size,
          guint          status,
          const char    *content_type,
          gint64         retry_after)
{
  DeckHttpResponse response = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean ok;

  response.status = status;
  response.body = g_bytes_new_static (size ? data : (const uint8_t *) "", size);
  response.content_type = (char *) content_type;
  response.retry_after = retry_after;

  ok = _deck_http_parse_body (&response, &error);
  g_assert (ok == (error == NULL));
  g_assert (ok || response.json == NULL);
  if (error != NULL)
    g_assert (error->domain == DECK_NET_ERROR);

  for (guint i = 0; ok && i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(GError) mapped = NULL;

      response.status = statuses[i];
      mapped = _deck_flowfuse_client_map_error (&response, "/api/v1/fuzz");
      g_assert (mapped != NULL && mapped->domain == DECK_FLOWFUSE_ERROR);
      (void) deck_flowfuse_error_get_server_code (mapped);
      (void) deck_flowfuse_error_get_field (mapped);
      (void) deck_flowfuse_error_get_retry_after (mapped);
    }

  g_clear_pointer (&response.json, json_node_unref);
  g_bytes_unref (response.body);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  parse_as (data, size, 200, "application/json", -1);
  parse_as (data, size, 400, "application/problem+json", size & 1 ? 30 : -1);
  parse_as (data, size, 502, "text/html", -1);
  parse_as (data, size, 200, NULL, -1);
  return 0;
}
