/* deck-oauth-error.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * DeckOAuthError:
 * @DECK_OAUTH_ERROR_DENIED: the user (or the provider) refused access
 *   (`error=access_denied`); the message is the provider's description,
 *   NOT escaped: escape it before putting it in markup
 * @DECK_OAUTH_ERROR_PROVIDER_ERROR: the authorization response carried
 *   another `error`; the message names it and keeps the description
 * @DECK_OAUTH_ERROR_INVALID_STATE: a callback had a missing or wrong
 *   `state`. Never a terminal error of a flow: the catcher answers 400
 *   and keeps waiting (O2 in SECURITY.md)
 * @DECK_OAUTH_ERROR_ISSUER_MISMATCH: the `iss` of a callback, or the
 *   `issuer` of a discovery document, is not the expected issuer (mix-up
 *   defence, RFC 9207 and RFC 8414 §3.3)
 * @DECK_OAUTH_ERROR_TIMEOUT: no valid callback arrived in time
 * @DECK_OAUTH_ERROR_TOKEN_ERROR: the token or revocation endpoint refused
 *   the request (its `error`/`error_description` are in the message)
 * @DECK_OAUTH_ERROR_MALFORMED: a response or document could not be used
 * @DECK_OAUTH_ERROR_NOT_SUPPORTED: the provider does not offer what was
 *   asked (no revocation endpoint, no PKCE S256)
 * @DECK_OAUTH_ERROR_INSECURE_ENDPOINT: an endpoint is neither https nor
 *   http on a loopback address
 *
 * Errors of the OAuth 2.0 code flow. Cancellation is always
 * %G_IO_ERROR_CANCELLED, and transport failures are %DECK_NET_ERROR.
 */
typedef enum
{
  DECK_OAUTH_ERROR_DENIED,
  DECK_OAUTH_ERROR_PROVIDER_ERROR,
  DECK_OAUTH_ERROR_INVALID_STATE,
  DECK_OAUTH_ERROR_ISSUER_MISMATCH,
  DECK_OAUTH_ERROR_TIMEOUT,
  DECK_OAUTH_ERROR_TOKEN_ERROR,
  DECK_OAUTH_ERROR_MALFORMED,
  DECK_OAUTH_ERROR_NOT_SUPPORTED,
  DECK_OAUTH_ERROR_INSECURE_ENDPOINT,
} DeckOAuthError;

#define DECK_OAUTH_ERROR (deck_oauth_error_quark ())
GQuark deck_oauth_error_quark (void);

G_END_DECLS
