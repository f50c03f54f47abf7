/* deck-test-peers.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonObject *deck_test_peers_get        (const char *peer);
const char *deck_test_peers_get_string (JsonObject *object,
                                        const char *path);

G_END_DECLS
