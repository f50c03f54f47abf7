/* deck-file-writer.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * DeckFileWriterSerializeFunc:
 * @user_data: the data given to deck_file_writer_new()
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (nullable): the whole file as it should be now,
 *   or %NULL with @error to refuse the write
 */
typedef GBytes *(*DeckFileWriterSerializeFunc) (gpointer   user_data,
                                                GError   **error);

#define DECK_TYPE_FILE_WRITER (deck_file_writer_get_type ())
G_DECLARE_FINAL_TYPE (DeckFileWriter, deck_file_writer, DECK, FILE_WRITER, GObject)

DeckFileWriter *deck_file_writer_new          (const char                  *path,
                                               DeckFileWriterSerializeFunc  serialize,
                                               gpointer                     user_data);
void            deck_file_writer_write_async  (DeckFileWriter              *self,
                                               GAsyncReadyCallback          callback,
                                               gpointer                     user_data);
gboolean        deck_file_writer_write_finish (DeckFileWriter              *self,
                                               GAsyncResult                *result,
                                               GError                     **error);

G_END_DECLS
