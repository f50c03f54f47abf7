/* deck-instance-fixtures.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char       *deck_test_instances_json  (guint n);
GListStore *deck_test_make_instances  (guint n);

G_END_DECLS
