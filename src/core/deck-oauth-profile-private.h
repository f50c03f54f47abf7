/* deck-oauth-profile-private.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "deck-oauth-profile.h"

G_BEGIN_DECLS

/*< private >
 * Entry points for the fuzz targets in tests/fuzz/ only: the parse of an
 * untrusted input that the public API runs behind a network or a file.
 */
DeckOAuthProfile *_deck_oauth_profile_from_metadata (const char  *issuer,
                                                     const char  *client_id,
                                                     JsonObject  *doc,
                                                     GError     **error);

G_END_DECLS
