/* fuzz-oauth-discovery.c: OAuth / OpenID Connect discovery documents
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: a `.well-known/openid-configuration` or
 * `.well-known/oauth-authorization-server` body. Parsed as the HTTP layer
 * parses it, then checked as discovery checks it: once against the issuer
 * of the seed corpus (the oidc peer's) and once against the issuer the
 * document itself names (so the endpoint checks run on every input).
 */

#include "config.h"

#include "deck-json.h"
#include "deck-oauth-error.h"
#include "deck-oauth-profile-private.h"
#include "fuzz-common.h"

#define SEED_ISSUER "http://127.0.0.1:38545"

static void
check (const char *issuer,
       JsonObject *doc)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckOAuthProfile) profile = NULL;

  profile = _deck_oauth_profile_from_metadata (issuer, "flowdeck-test", doc, &error);
  g_assert ((profile == NULL) != (error == NULL));
  if (profile == NULL)
    {
      g_assert (error->domain == DECK_OAUTH_ERROR);
      return;
    }

  {
    g_autoptr(GError) invalid = NULL;

    g_free (deck_oauth_profile_dup_scope_string (profile));
    (void) deck_oauth_profile_validate (profile, &invalid);
    deck_fuzz_read_all (G_OBJECT (profile));
  }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) root = deck_fuzz_parse_json (data, size, 200);
  JsonObject *doc;
  const char *issuer;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return 0;

  doc = json_node_get_object (root);
  check (SEED_ISSUER, doc);

  issuer = deck_json_get_string (doc, "issuer");
  if (issuer != NULL && g_strcmp0 (issuer, SEED_ISSUER) != 0)
    check (issuer, doc);

  return 0;
}
