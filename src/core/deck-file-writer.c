/* deck-file-writer.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes one small file (accounts.json, connections.json) so that a
 * crash never leaves it half-written, and never blocks the main loop:
 *
 *  - the folder is made (0700) and the file looked for in a worker thread;
 *  - an existing file is replaced with g_file_replace_contents_bytes_async()
 *    (GIO writes a temporary file and renames it over); a new one is
 *    written to `<path>.new` and renamed into place, so it appears whole;
 *  - both are created private (0600).
 *
 * Writes never overlap. Writes asked for while one runs wait for it and
 * then share one write, serialized from the newest state at that moment.
 * The owner (a store) keeps the writer and passes itself as @user_data of
 * the serializer; every pending write is for a task of the owner that
 * holds the owner alive.
 */

#define G_LOG_DOMAIN "deck-file-writer"

#include "config.h"

#include <errno.h>

#include <glib/gstdio.h>

#include "deck-file-writer.h"

struct _DeckFileWriter
{
  GObject                      parent_instance;

  char                        *path;
  GFile                       *file;
  GFile                       *new_file;
  DeckFileWriterSerializeFunc  serialize;
  gpointer                     user_data;

  GPtrArray                   *write_tasks;   /* answered by the running write */
  GPtrArray                   *queued_tasks;  /* wait for the next one */
  gboolean                     writing;
};

G_DEFINE_FINAL_TYPE (DeckFileWriter, deck_file_writer, G_TYPE_OBJECT)

typedef struct
{
  GBytes   *bytes;
  gboolean  exists;
} WriteData;

static void start_write (DeckFileWriter *self);

static void
write_data_free (WriteData *data)
{
  g_clear_pointer (&data->bytes, g_bytes_unref);
  g_free (data);
}

/* Answers every write the finished one was for. The next write (if any
 * were asked for meanwhile) starts first, so that a callback asking for
 * another write simply joins the queue. */
static void
finish_write (DeckFileWriter *self,
              const GError   *error)
{
  g_autoptr(GPtrArray) tasks = g_steal_pointer (&self->write_tasks);

  self->write_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  self->writing = FALSE;

  if (error != NULL)
    g_debug ("Writing %s failed: %s", self->path, error->message);

  if (self->queued_tasks->len > 0)
    start_write (self);

  for (guint i = 0; i < tasks->len; i++)
    {
      if (error != NULL)
        g_task_return_error (tasks->pdata[i], g_error_copy (error));
      else
        g_task_return_boolean (tasks->pdata[i], TRUE);
    }
}

static void
write_moved_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  g_file_move_finish (G_FILE (source), result, &error);
  finish_write (g_task_get_source_object (task), error);
}

static void
write_replaced_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeckFileWriter *self = g_task_get_source_object (task);
  WriteData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      finish_write (self, error);
      return;
    }

  if (!data->exists)
    {
      /* rename(2): the complete file appears at once. */
      g_file_move_async (self->new_file, self->file,
                         G_FILE_COPY_OVERWRITE | G_FILE_COPY_NOFOLLOW_SYMLINKS,
                         G_PRIORITY_DEFAULT, NULL, NULL, NULL, write_moved_cb,
                         g_steal_pointer (&task));
      return;
    }

  finish_write (self, NULL);
}

static void
write_prepared_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  DeckFileWriter *self = DECK_FILE_WRITER (source);
  GTask *task = G_TASK (result);
  WriteData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (task, &error))
    {
      finish_write (self, error);
      return;
    }

  g_file_replace_contents_bytes_async (data->exists ? self->file : self->new_file, data->bytes,
                                       NULL, FALSE,
                                       G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, write_replaced_cb, g_object_ref (task));
}

/* In a worker thread: mkdir and stat block. */
static void
prepare_write_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  DeckFileWriter *self = source_object;
  WriteData *data = task_data;
  g_autofree char *dir = g_path_get_dirname (self->path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (errsv), "%s: %s", dir,
                               g_strerror (errsv));
      return;
    }

  data->exists = g_file_test (self->path, G_FILE_TEST_EXISTS);
  g_task_return_boolean (task, TRUE);
}

static void
start_write (DeckFileWriter *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *swap;
  WriteData *data;
  GBytes *bytes;

  g_assert (!self->writing);
  g_assert (self->write_tasks->len == 0);

  swap = self->write_tasks;
  self->write_tasks = self->queued_tasks;
  self->queued_tasks = swap;
  self->writing = TRUE;

  bytes = self->serialize (self->user_data, &error);
  if (bytes == NULL)
    {
      finish_write (self, error);
      return;
    }

  data = g_new0 (WriteData, 1);
  data->bytes = bytes;

  task = g_task_new (self, NULL, write_prepared_cb, NULL);
  g_task_set_source_tag (task, start_write);
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);
  g_task_run_in_thread (task, prepare_write_thread);
}

static void
deck_file_writer_finalize (GObject *object)
{
  DeckFileWriter *self = DECK_FILE_WRITER (object);

  /* Pending writes hold a reference to the writer. */
  g_assert (self->write_tasks->len == 0);
  g_assert (self->queued_tasks->len == 0);

  g_clear_pointer (&self->path, g_free);
  g_clear_object (&self->file);
  g_clear_object (&self->new_file);
  g_clear_pointer (&self->write_tasks, g_ptr_array_unref);
  g_clear_pointer (&self->queued_tasks, g_ptr_array_unref);

  G_OBJECT_CLASS (deck_file_writer_parent_class)->finalize (object);
}

static void
deck_file_writer_class_init (DeckFileWriterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = deck_file_writer_finalize;
}

static void
deck_file_writer_init (DeckFileWriter *self)
{
  self->write_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  self->queued_tasks = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * deck_file_writer_new:
 * @path: the file
 * @serialize: makes the file's contents, when a write starts
 * @user_data: (unowned): for @serialize; must outlive every pending write
 *
 * Returns: (transfer full): a writer for @path
 */
DeckFileWriter *
deck_file_writer_new (const char                  *path,
                      DeckFileWriterSerializeFunc  serialize,
                      gpointer                     user_data)
{
  DeckFileWriter *self;
  g_autofree char *new_path = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (serialize != NULL, NULL);

  self = g_object_new (DECK_TYPE_FILE_WRITER, NULL);
  self->path = g_strdup (path);
  self->file = g_file_new_for_path (path);
  new_path = g_strconcat (path, ".new", NULL);
  self->new_file = g_file_new_for_path (new_path);
  self->serialize = serialize;
  self->user_data = user_data;
  return self;
}

/**
 * deck_file_writer_write_async:
 * @self: a #DeckFileWriter
 * @callback: called when the file is written (or could not be)
 * @user_data: data for @callback
 *
 * Writes the file from the serializer's output at the time the write
 * starts. Not cancellable: once asked for, the write happens.
 */
void
deck_file_writer_write_async (DeckFileWriter      *self,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (DECK_IS_FILE_WRITER (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, deck_file_writer_write_async);
  g_ptr_array_add (self->queued_tasks, task);

  if (!self->writing)
    start_write (self);
}

/**
 * deck_file_writer_write_finish:
 *
 * Returns: %TRUE once the file is written, or %FALSE with a #GIOError
 *   (or the serializer's error)
 */
gboolean
deck_file_writer_write_finish (DeckFileWriter  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == deck_file_writer_write_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
