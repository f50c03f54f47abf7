/* deck-oauth-flow-private.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "deck-http.h"
#include "deck-oauth-flow.h"

G_BEGIN_DECLS

/*< private >
 * Entry points for the fuzz targets in tests/fuzz/ only: the parse of an
 * untrusted input that the public API runs behind a network or a file.
 */
DeckOAuthTokens *_deck_oauth_flow_parse_token_response (DeckHttpResponse  *response,
                                                        GError           **error);

G_END_DECLS
