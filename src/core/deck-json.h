/* deck-json.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonNode    *deck_json_get_path             (JsonObject  *object,
                                             const char  *path);
const char  *deck_json_get_path_string      (JsonObject  *object,
                                             const char  *path);
JsonObject  *deck_json_get_path_object      (JsonObject  *object,
                                             const char  *path);
const char  *deck_json_get_string           (JsonObject  *object,
                                             const char  *member);
const char  *deck_json_require_string       (JsonObject  *object,
                                             const char  *member,
                                             const char  *what,
                                             GError     **error);
gint64       deck_json_get_int              (JsonObject  *object,
                                             const char  *member,
                                             gint64       default_value);
gboolean     deck_json_get_bool             (JsonObject  *object,
                                             const char  *member,
                                             gboolean     default_value);
JsonObject  *deck_json_get_object           (JsonObject  *object,
                                             const char  *member);
JsonArray   *deck_json_get_array            (JsonObject  *object,
                                             const char  *member);
GDateTime   *deck_json_get_datetime         (JsonObject  *object,
                                             const char  *member);
GDateTime   *deck_json_node_get_datetime    (JsonNode    *node);
const char  *deck_json_node_get_string      (JsonNode    *node);
gboolean     deck_json_node_get_int         (JsonNode    *node,
                                             gint64      *out_value);
gboolean     deck_json_node_is_truthy       (JsonNode    *node);
GHashTable  *deck_json_get_flags            (JsonObject  *object,
                                             const char  *path);
GDateTime   *deck_json_datetime_from_ms     (gint64       ms);
GDateTime   *deck_json_datetime_from_usec   (gint64       usec);
gint64       deck_json_datetime_to_usec     (GDateTime   *when);

gboolean     deck_json_check_shape          (const char  *data,
                                             gsize        length,
                                             guint        max_depth);

G_END_DECLS
