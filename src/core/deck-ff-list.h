/* deck-ff-list.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

GListStore *deck_ff_list_from_json (JsonArray  *array,
                                    GType       type,
                                    GError    **error);

G_END_DECLS
