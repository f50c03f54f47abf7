/* deck-ff-audit-entry.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DECK_TYPE_FF_AUDIT_ENTRY (deck_ff_audit_entry_get_type ())
G_DECLARE_FINAL_TYPE (DeckFfAuditEntry, deck_ff_audit_entry, DECK, FF_AUDIT_ENTRY, GObject)

DeckFfAuditEntry *deck_ff_audit_entry_new_from_json  (JsonObject        *object,
                                                      GError           **error);
const char       *deck_ff_audit_entry_get_id         (DeckFfAuditEntry  *self);
const char       *deck_ff_audit_entry_get_event      (DeckFfAuditEntry  *self);
GDateTime        *deck_ff_audit_entry_get_created_at (DeckFfAuditEntry  *self);
const char       *deck_ff_audit_entry_get_username   (DeckFfAuditEntry  *self);
const char       *deck_ff_audit_entry_get_body_json  (DeckFfAuditEntry  *self);

G_END_DECLS
