/* deck-ff-log-entry.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DECK_TYPE_FF_LOG_ENTRY (deck_ff_log_entry_get_type ())
G_DECLARE_FINAL_TYPE (DeckFfLogEntry, deck_ff_log_entry, DECK, FF_LOG_ENTRY, GObject)

DeckFfLogEntry *deck_ff_log_entry_new_from_json (JsonObject      *object,
                                                 GError         **error);
const char     *deck_ff_log_entry_get_ts        (DeckFfLogEntry  *self);
GDateTime      *deck_ff_log_entry_get_timestamp (DeckFfLogEntry  *self);
const char     *deck_ff_log_entry_get_level     (DeckFfLogEntry  *self);
const char     *deck_ff_log_entry_get_msg       (DeckFfLogEntry  *self);

G_END_DECLS
