/* deck-ff-personal-token.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DECK_TYPE_FF_PERSONAL_TOKEN (deck_ff_personal_token_get_type ())
G_DECLARE_FINAL_TYPE (DeckFfPersonalToken, deck_ff_personal_token, DECK, FF_PERSONAL_TOKEN, GObject)

DeckFfPersonalToken *deck_ff_personal_token_new_from_json    (JsonObject           *object,
                                                              GError              **error);
const char          *deck_ff_personal_token_get_id           (DeckFfPersonalToken  *self);
const char          *deck_ff_personal_token_get_name         (DeckFfPersonalToken  *self);
GDateTime           *deck_ff_personal_token_get_expires_at   (DeckFfPersonalToken  *self);
gboolean             deck_ff_personal_token_get_read_only    (DeckFfPersonalToken  *self);
gboolean             deck_ff_personal_token_get_admin_opt_in (DeckFfPersonalToken  *self);
const char * const  *deck_ff_personal_token_get_team_ids     (DeckFfPersonalToken  *self);
gboolean             deck_ff_personal_token_is_expired       (DeckFfPersonalToken  *self,
                                                              GDateTime            *now);
gboolean             deck_ff_personal_token_expires_within   (DeckFfPersonalToken  *self,
                                                              GDateTime            *now,
                                                              GTimeSpan             span);

G_END_DECLS
