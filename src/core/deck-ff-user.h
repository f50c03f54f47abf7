/* deck-ff-user.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DECK_TYPE_FF_USER (deck_ff_user_get_type ())
G_DECLARE_FINAL_TYPE (DeckFfUser, deck_ff_user, DECK, FF_USER, GObject)

DeckFfUser *deck_ff_user_new_from_json      (JsonObject  *object,
                                             GError     **error);
const char *deck_ff_user_get_id             (DeckFfUser  *self);
const char *deck_ff_user_get_username       (DeckFfUser  *self);
const char *deck_ff_user_get_name           (DeckFfUser  *self);
const char *deck_ff_user_get_email          (DeckFfUser  *self);
const char *deck_ff_user_get_avatar         (DeckFfUser  *self);
gboolean    deck_ff_user_get_admin          (DeckFfUser  *self);
gboolean    deck_ff_user_get_email_verified (DeckFfUser  *self);
gboolean    deck_ff_user_get_mfa_enabled    (DeckFfUser  *self);
gboolean    deck_ff_user_get_sso_enabled    (DeckFfUser  *self);
const char *deck_ff_user_get_default_team   (DeckFfUser  *self);
GDateTime  *deck_ff_user_get_created_at     (DeckFfUser  *self);
int         deck_ff_user_get_role           (DeckFfUser  *self);

G_END_DECLS
