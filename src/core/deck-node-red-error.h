/* deck-node-red-error.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * DeckNodeRedError:
 * @DECK_NODE_RED_ERROR_UNAUTHORIZED: 401: no token, or it expired, was revoked, or the
 *   instance restarted (FlowFuse-hosted tokens die with the instance)
 * @DECK_NODE_RED_ERROR_FORBIDDEN: signed in, but the token's scope does not allow this (Node-RED
 *   answers 401 with an empty body for that; a `read` token gets "this sign-in is read-only")
 * @DECK_NODE_RED_ERROR_INVALID_CREDENTIALS: 403 `invalid_grant`: wrong user name or password (or
 *   the user lacks the requested scope), or a sign-in code that expired or was used
 * @DECK_NODE_RED_ERROR_TOO_MANY_ATTEMPTS: Node-RED's limit on `/auth/token` (more than 5 attempts
 *   per user in 10 minutes: a 500 "Too many login attempts…", or a proxy's 429)
 * @DECK_NODE_RED_ERROR_NOT_NODE_RED: the address does not serve Node-RED's admin API
 * @DECK_NODE_RED_ERROR_SERVER_ERROR: 5xx
 * @DECK_NODE_RED_ERROR_UNEXPECTED_RESPONSE: a status or body shape the client did not expect
 * @DECK_NODE_RED_ERROR_NOT_FOUND: 404 on an admin path (e.g. no `/auth/revoke` without adminAuth)
 * @DECK_NODE_RED_ERROR_REVOKE_NOT_CONFIRMED: `/auth/revoke` answered 200 but the token still works
 *
 * Node-RED's own answers, from its `{error, error_description}` (auth) and
 * `{code, message}` (admin API) bodies, bare 401/403, and HTTP status.
 * Transport failures are %DECK_NET_ERROR. Every message is fit to show a
 * user and never holds a token or password.
 */
typedef enum
{
  DECK_NODE_RED_ERROR_UNAUTHORIZED,
  DECK_NODE_RED_ERROR_FORBIDDEN,
  DECK_NODE_RED_ERROR_INVALID_CREDENTIALS,
  DECK_NODE_RED_ERROR_TOO_MANY_ATTEMPTS,
  DECK_NODE_RED_ERROR_NOT_NODE_RED,
  DECK_NODE_RED_ERROR_SERVER_ERROR,
  DECK_NODE_RED_ERROR_UNEXPECTED_RESPONSE,
  DECK_NODE_RED_ERROR_NOT_FOUND,
  DECK_NODE_RED_ERROR_REVOKE_NOT_CONFIRMED,
} DeckNodeRedError;

#define DECK_NODE_RED_ERROR (deck_node_red_error_quark ())
GQuark      deck_node_red_error_quark             (void);

GError     *deck_node_red_error_new               (DeckNodeRedError  code,
                                                   const char       *server_code,
                                                   gint64            retry_after,
                                                   const char       *message);
GError     *deck_node_red_error_new_missing_field (const char       *what,
                                                   const char       *field);
const char *deck_node_red_error_get_server_code   (const GError     *error);
gint64      deck_node_red_error_get_retry_after   (const GError     *error);

G_END_DECLS
