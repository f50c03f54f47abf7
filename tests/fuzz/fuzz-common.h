/* fuzz-common.h: shared by the libFuzzer targets in tests/fuzz/
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stddef.h>
#include <stdint.h>

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* libFuzzer's entry points (each target defines the first; fuzz-common.c
 * the second). With -Dfuzzing=false, replay-main.c calls both. */
int       LLVMFuzzerTestOneInput (const uint8_t  *data,
                                  size_t          size);
int       LLVMFuzzerInitialize   (int            *argc,
                                  char         ***argv);

JsonNode *deck_fuzz_parse_json   (const uint8_t  *data,
                                  size_t          size,
                                  guint           status);
void      deck_fuzz_read_all     (GObject        *object);
gboolean  deck_fuzz_skip_known   (const char     *bug);

G_END_DECLS
