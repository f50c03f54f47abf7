/* deck-ff-http-token.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DECK_TYPE_FF_HTTP_TOKEN (deck_ff_http_token_get_type ())
G_DECLARE_FINAL_TYPE (DeckFfHttpToken, deck_ff_http_token, DECK, FF_HTTP_TOKEN, GObject)

DeckFfHttpToken *deck_ff_http_token_new_from_json  (JsonObject       *object,
                                                    GError          **error);
const char      *deck_ff_http_token_get_id         (DeckFfHttpToken  *self);
const char      *deck_ff_http_token_get_name       (DeckFfHttpToken  *self);
GDateTime       *deck_ff_http_token_get_expires_at (DeckFfHttpToken  *self);
gboolean         deck_ff_http_token_is_expired     (DeckFfHttpToken  *self,
                                                    GDateTime        *now);
gboolean         deck_ff_http_token_expires_within (DeckFfHttpToken  *self,
                                                    GDateTime        *now,
                                                    GTimeSpan         span);

G_END_DECLS
