/* deck-test-relay.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _DeckTestRelay DeckTestRelay;

DeckTestRelay *deck_test_relay_new      (const char    *target_url);
char          *deck_test_relay_get_url  (DeckTestRelay *self);
void           deck_test_relay_cut      (DeckTestRelay *self);
void           deck_test_relay_restore  (DeckTestRelay *self);
void           deck_test_relay_free     (DeckTestRelay *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeckTestRelay, deck_test_relay_free)

G_END_DECLS
