/* deck-flowfuse-error.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * DeckFlowfuseError:
 * @DECK_FLOWFUSE_ERROR_UNAUTHORIZED: 401: the credential is missing, wrong, expired or revoked
 * @DECK_FLOWFUSE_ERROR_FORBIDDEN: 403: signed in, but not allowed (role, read-only token, scope)
 * @DECK_FLOWFUSE_ERROR_NOT_FOUND: 404: gone, or not visible to this user
 * @DECK_FLOWFUSE_ERROR_INVALID_INPUT: 400: the server refused a value; see the field
 * @DECK_FLOWFUSE_ERROR_CONFLICT: 409: the name or slug is taken
 * @DECK_FLOWFUSE_ERROR_RATE_LIMITED: 429: too many requests; see retry-after
 * @DECK_FLOWFUSE_ERROR_SERVER_ERROR: 5xx
 * @DECK_FLOWFUSE_ERROR_UNEXPECTED_RESPONSE: the answer lacks a required field or has the wrong shape
 * @DECK_FLOWFUSE_ERROR_MFA_REQUIRED: sign-in needs the six-digit code
 * @DECK_FLOWFUSE_ERROR_SSO_REQUIRED: the user must sign in through single sign-on (a browser)
 * @DECK_FLOWFUSE_ERROR_USER_SUSPENDED: the account is suspended
 * @DECK_FLOWFUSE_ERROR_PAT_CANNOT_CREATE_PAT: a personal access token cannot create another one
 * @DECK_FLOWFUSE_ERROR_TOKEN_EXPIRED: the OAuth token expired and can no longer be refreshed
 * @DECK_FLOWFUSE_ERROR_NO_LICENSE: the server lacks the enterprise license for this feature
 * @DECK_FLOWFUSE_ERROR_TEAM_TYPE_FEATURE: the team's type does not include this feature
 * @DECK_FLOWFUSE_ERROR_NOT_OWNER: only team Owners can do this
 * @DECK_FLOWFUSE_ERROR_NOT_FLOWFUSE: the server does not look like FlowFuse
 *
 * FlowFuse's own answers, from its `{code, error}` bodies and HTTP status.
 * Transport failures (refused, DNS, TLS, timeout, bad JSON) are
 * %DECK_NET_ERROR. Every message is fit to show a user.
 */
typedef enum
{
  DECK_FLOWFUSE_ERROR_UNAUTHORIZED,
  DECK_FLOWFUSE_ERROR_FORBIDDEN,
  DECK_FLOWFUSE_ERROR_NOT_FOUND,
  DECK_FLOWFUSE_ERROR_INVALID_INPUT,
  DECK_FLOWFUSE_ERROR_CONFLICT,
  DECK_FLOWFUSE_ERROR_RATE_LIMITED,
  DECK_FLOWFUSE_ERROR_SERVER_ERROR,
  DECK_FLOWFUSE_ERROR_UNEXPECTED_RESPONSE,
  DECK_FLOWFUSE_ERROR_MFA_REQUIRED,
  DECK_FLOWFUSE_ERROR_SSO_REQUIRED,
  DECK_FLOWFUSE_ERROR_USER_SUSPENDED,
  DECK_FLOWFUSE_ERROR_PAT_CANNOT_CREATE_PAT,
  DECK_FLOWFUSE_ERROR_TOKEN_EXPIRED,
  DECK_FLOWFUSE_ERROR_NO_LICENSE,
  DECK_FLOWFUSE_ERROR_TEAM_TYPE_FEATURE,
  DECK_FLOWFUSE_ERROR_NOT_OWNER,
  DECK_FLOWFUSE_ERROR_NOT_FLOWFUSE,
} DeckFlowfuseError;

#define DECK_FLOWFUSE_ERROR (deck_flowfuse_error_quark ())
GQuark      deck_flowfuse_error_quark                (void);

GError     *deck_flowfuse_error_new                  (DeckFlowfuseError  code,
                                                      const char        *server_code,
                                                      const char        *field,
                                                      gint64             retry_after,
                                                      const char        *message);
GError     *deck_flowfuse_error_new_missing_field    (const char        *what,
                                                      const char        *field);
const char *deck_flowfuse_error_get_server_code      (const GError      *error);
const char *deck_flowfuse_error_get_field            (const GError      *error);
gint64      deck_flowfuse_error_get_retry_after      (const GError      *error);

G_END_DECLS
