/* fuzz-oauth-token.c: OAuth token endpoint answers
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: a token endpoint's body (authorization code exchange, refresh, or
 * an error). Parsed as the HTTP layer parses it, then taken through the
 * flow's own decisions as a success answer (parse_tokens) and as an error
 * answer (endpoint_error).
 */

#include "config.h"

#include "deck-oauth-error.h"
#include "deck-oauth-flow-private.h"
#include "fuzz-common.h"

static void
take (const uint8_t *data,
      size_t         size,
      guint          status)
{
  DeckHttpResponse response = { 0 };
  g_autoptr(GError) error = NULL;
  DeckOAuthTokens *tokens;

  response.status = status;
  response.json = deck_fuzz_parse_json (data, size, status);
  response.retry_after = -1;

  tokens = _deck_oauth_flow_parse_token_response (&response, &error);
  g_assert ((tokens == NULL) != (error == NULL));
  if (tokens != NULL)
    {
      DeckOAuthTokens *copy = deck_oauth_tokens_copy (tokens);

      g_assert (tokens->access_token != NULL && *tokens->access_token != '\0');
      for (guint i = 0; tokens->scope != NULL && tokens->scope[i] != NULL; i++)
        g_assert (*tokens->scope[i] != '\0');

      deck_oauth_tokens_free (copy);
      deck_oauth_tokens_free (tokens);
    }
  else
    {
      g_assert (error->domain == DECK_OAUTH_ERROR);
    }

  g_clear_pointer (&response.json, json_node_unref);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  take (data, size, 200);
  take (data, size, 400);
  return 0;
}
