/* deck-ff-env-var.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DECK_TYPE_FF_ENV_VAR (deck_ff_env_var_get_type ())
G_DECLARE_FINAL_TYPE (DeckFfEnvVar, deck_ff_env_var, DECK, FF_ENV_VAR, GObject)

DeckFfEnvVar *deck_ff_env_var_new            (const char    *name,
                                              const char    *value,
                                              gboolean       hidden);
DeckFfEnvVar *deck_ff_env_var_new_from_json  (JsonObject    *object,
                                              GError       **error);
JsonNode     *deck_ff_env_var_to_json        (DeckFfEnvVar  *self);
const char   *deck_ff_env_var_get_name       (DeckFfEnvVar  *self);
const char   *deck_ff_env_var_get_value      (DeckFfEnvVar  *self);
gboolean      deck_ff_env_var_get_hidden     (DeckFfEnvVar  *self);
gboolean      deck_ff_env_var_get_platform   (DeckFfEnvVar  *self);

G_END_DECLS
