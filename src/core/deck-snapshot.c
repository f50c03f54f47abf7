/* deck-snapshot.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-snapshot"

#include "config.h"

#include <errno.h>

#include <glib/gstdio.h>

#include "deck-ff-instance.h"
#include "deck-ff-team.h"
#include "deck-json.h"
#include "deck-snapshot.h"

/* What an account showed last, so that the next start shows it at once
 * (marked as updating) while the server's answers load: the account's
 * teams and the instances of the team shown.
 *
 * - One file per account: `$XDG_CACHE_HOME/flowdeck/snapshots/<sha256 of
 *   the account id>.snapshot`, 0600 in a 0700 folder, written whole (a
 *   temporary file renamed over). It holds names, ids, URLs and states,
 *   never a credential. It is deleted when the account signs out (or is
 *   signed out by the server) or is removed, and a sweep at start deletes
 *   the files of accounts that are gone or signed out.
 * - A deletion wins over every save asked for before it, whichever thread
 *   runs first: each file has a count of deletions, bumped when one is
 *   asked; a save remembers the count when asked and writes only if it is
 *   unchanged, checking and writing under the lock the deletion takes to
 *   delete. The main thread never waits for that lock.
 * - The file is one serialized GVariant of SNAPSHOT_TYPE: no parse tree
 *   to build or free, so 5,000 instances read back in ~45 ms, where JSON
 *   took ~145 ms (~90 ms to parse and make the models, ~50 ms to free the
 *   tree; tests/bench-snapshot.c).
 *   GVariant reads untrusted bytes safely (a malformed part reads as its
 *   default value). On top: a size limit, a magic number that also tells
 *   a file of the other byte order, the same account id and server URL,
 *   and the models' own rules (deck_ff_*_new_from_variant(): ids and names
 *   not empty, known roles and enums). tests/fuzz/fuzz-snapshot.c.
 *
 *   (magic, account id, server URL, saved (µs since 1970),
 *    [team…], team id or nothing, [instance…] of that team)
 */

#define SNAPSHOT_MAGIC   0x32534446u   /* "FDS2" on little-endian machines */
#define MAX_FILE_SIZE    (64 * 1024 * 1024)
#define SNAPSHOT_TYPE    G_VARIANT_TYPE ("(ussxa(ssmsmsiiima{sb})msa(ssmssbmsmsmsmsmsmsmsmsmsmsmxmxmxu))")

struct _DeckSnapshot
{
  char       *account_id;
  char       *account_url;
  GListModel *teams;
  char       *team_id;
  GListModel *instances;
  GDateTime  *saved_at;
};

/* file_lock is held by workers around a file's write or deletion;
 * deletions_lock only around the table, so that the main thread never
 * waits for a file. */
static GMutex      file_lock;
static GMutex      deletions_lock;
static GHashTable *deletions;   /* path → number of deletions asked; under deletions_lock */

static guint
deletions_of (const char *path)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&deletions_lock);

  if (deletions == NULL)
    return 0;

  return GPOINTER_TO_UINT (g_hash_table_lookup (deletions, path));
}

static char *
snapshots_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "flowdeck", "snapshots", NULL);
}

static char *
file_name_for (const char *account_id)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, account_id, -1);

  return g_strconcat (hash, ".snapshot", NULL);
}

/**
 * deck_snapshot_path:
 * @account_id: an account id
 *
 * Returns: (transfer full): where the account's snapshot is kept
 */
char *
deck_snapshot_path (const char *account_id)
{
  g_autofree char *dir = snapshots_dir ();
  g_autofree char *name = NULL;

  g_return_val_if_fail (account_id != NULL, NULL);

  name = file_name_for (account_id);
  return g_build_filename (dir, name, NULL);
}

static GVariant *
to_variant_array (GListModel         *model,
                  const GVariantType *element_type,
                  GVariant *(*to_variant) (gpointer item))
{
  guint n = model != NULL ? g_list_model_get_n_items (model) : 0;
  g_autofree GVariant **children = g_new (GVariant *, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      children[i] = to_variant (item);
    }

  return g_variant_new_array (element_type, children, n);
}

struct _DeckSnapshotBuilder
{
  char      *account_id;
  char      *account_url;
  char      *team_id;
  GDateTime *saved_at;
  GVariant  *teams;       /* built at once: a handful */
  GPtrArray *instances;   /* references, copied a step at a time */
  GVariant **children;
  guint      next;
};

/**
 * deck_snapshot_builder_new:
 * @account_id: the account's id
 * @account_url: the account's server
 * @teams: (nullable): the account's teams (#DeckFfTeam)
 * @team_id: (nullable): the team shown
 * @instances: (nullable): its instances (#DeckFfInstance)
 * @saved_at: when
 *
 * Copies a snapshot out of models a step at a time, on the thread that
 * owns them, so that thousands of instances do not hold up a frame
 * (tests/bench-snapshot.c). The teams are copied now; the instances are
 * the ones @instances holds now (a later change of the list is not seen;
 * a change of an instance before its step is).
 *
 * Returns: (transfer full): a new builder
 */
DeckSnapshotBuilder *
deck_snapshot_builder_new (const char *account_id,
                           const char *account_url,
                           GListModel *teams,
                           const char *team_id,
                           GListModel *instances,
                           GDateTime  *saved_at)
{
  DeckSnapshotBuilder *self;
  guint n;

  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (account_url != NULL, NULL);
  g_return_val_if_fail (saved_at != NULL, NULL);

  self = g_new0 (DeckSnapshotBuilder, 1);
  self->account_id = g_strdup (account_id);
  self->account_url = g_strdup (account_url);
  self->saved_at = g_date_time_ref (saved_at);
  self->teams = g_variant_ref_sink (to_variant_array (teams, DECK_FF_TEAM_VARIANT_TYPE,
                                                      (gpointer) deck_ff_team_to_variant));
  self->instances = g_ptr_array_new_with_free_func (g_object_unref);
  if (team_id != NULL && instances != NULL)
    {
      self->team_id = g_strdup (team_id);
      n = g_list_model_get_n_items (instances);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (self->instances, g_list_model_get_item (instances, i));
    }
  self->children = g_new0 (GVariant *, MAX (self->instances->len, 1));
  return self;
}

/**
 * deck_snapshot_builder_step:
 * @self: a #DeckSnapshotBuilder
 * @n: how many instances to copy at most
 *
 * Returns: %TRUE when every instance is copied
 */
gboolean
deck_snapshot_builder_step (DeckSnapshotBuilder *self,
                            guint                n)
{
  g_return_val_if_fail (self != NULL, TRUE);

  for (; n > 0 && self->next < self->instances->len; n--, self->next++)
    self->children[self->next] =
      g_variant_ref_sink (deck_ff_instance_to_variant (self->instances->pdata[self->next]));

  return self->next == self->instances->len;
}

/**
 * deck_snapshot_builder_end:
 * @self: a #DeckSnapshotBuilder whose steps are done
 *
 * Returns: (transfer full): the snapshot, a #GVariant for
 *   deck_snapshot_save_async()
 */
GVariant *
deck_snapshot_builder_end (DeckSnapshotBuilder *self)
{
  GVariant *instances;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->next == self->instances->len, NULL);

  instances = g_variant_new_array (DECK_FF_INSTANCE_VARIANT_TYPE, self->children,
                                   self->instances->len);
  return g_variant_ref_sink (
    g_variant_new ("(ussx@a(ssmsmsiiima{sb})ms@a(ssmssbmsmsmsmsmsmsmsmsmsmsmxmxmxu))",
                   SNAPSHOT_MAGIC, self->account_id, self->account_url,
                   deck_json_datetime_to_usec (self->saved_at), self->teams, self->team_id,
                   instances));
}

void
deck_snapshot_builder_free (DeckSnapshotBuilder *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < self->next; i++)
    g_variant_unref (self->children[i]);
  g_free (self->children);
  g_ptr_array_unref (self->instances);
  g_variant_unref (self->teams);
  g_date_time_unref (self->saved_at);
  g_free (self->team_id);
  g_free (self->account_url);
  g_free (self->account_id);
  g_free (self);
}

/**
 * deck_snapshot_build:
 * @account_id: the account's id
 * @account_url: the account's server
 * @teams: (nullable): the account's teams (#DeckFfTeam)
 * @team_id: (nullable): the team shown
 * @instances: (nullable): its instances (#DeckFfInstance)
 * @saved_at: when
 *
 * A #DeckSnapshotBuilder's work in one go.
 *
 * Returns: (transfer full): the snapshot, a #GVariant
 */
GVariant *
deck_snapshot_build (const char *account_id,
                     const char *account_url,
                     GListModel *teams,
                     const char *team_id,
                     GListModel *instances,
                     GDateTime  *saved_at)
{
  g_autoptr(DeckSnapshotBuilder) builder = NULL;

  builder = deck_snapshot_builder_new (account_id, account_url, teams, team_id, instances,
                                       saved_at);
  deck_snapshot_builder_step (builder, G_MAXUINT);
  return deck_snapshot_builder_end (builder);
}

static gpointer
fail (GError    **error,
      const char *problem)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The start-up snapshot %s", problem);
  return NULL;
}

/**
 * deck_snapshot_parse:
 * @data: the file's contents
 * @length: their length
 * @account_id: the account it must be of
 * @account_url: the server it must be of
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (nullable): the snapshot, or %NULL with @error
 *   (%G_IO_ERROR_INVALID_DATA) when the data is damaged, of another
 *   version, or of another account or server
 */
DeckSnapshot *
deck_snapshot_parse (const char  *data,
                     gsize        length,
                     const char  *account_id,
                     const char  *account_url,
                     GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GVariant) root = NULL;
  g_autoptr(GVariant) teams = NULL;
  g_autoptr(GVariant) instances = NULL;
  g_autoptr(DeckSnapshot) self = NULL;
  g_autoptr(GListStore) team_list = NULL;
  const char *id, *url, *team_id;
  guint32 magic;
  gint64 saved;
  gsize n;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (account_url != NULL, NULL);

  if (length > MAX_FILE_SIZE)
    return fail (error, "is too large");

  /* The bytes are the caller's until this returns; every string read is
   * copied into the models before then. */
  bytes = g_bytes_new_static (data, length);
  root = g_variant_ref_sink (g_variant_new_from_bytes (SNAPSHOT_TYPE, bytes, FALSE));
  g_variant_get (root, "(u&s&sx@a(ssmsmsiiima{sb})m&s@a(ssmssbmsmsmsmsmsmsmsmsmsmsmxmxmxu))",
                 &magic, &id, &url, &saved, &teams, &team_id, &instances);
  if (magic != SNAPSHOT_MAGIC)
    return fail (error, "is of another version or byte order, or damaged");
  if (g_strcmp0 (id, account_id) != 0 || g_strcmp0 (url, account_url) != 0)
    return fail (error, "is of another account");

  self = g_new0 (DeckSnapshot, 1);
  self->account_id = g_strdup (account_id);
  self->account_url = g_strdup (account_url);
  self->saved_at = deck_json_datetime_from_usec (saved);
  if (self->saved_at == NULL)
    return fail (error, "has no time");

  n = g_variant_n_children (teams);
  team_list = g_list_store_new (DECK_TYPE_FF_TEAM);
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) child = g_variant_get_child_value (teams, i);
      g_autoptr(DeckFfTeam) team = deck_ff_team_new_from_variant (child);

      if (team == NULL)
        return fail (error, "has a team without id or name");
      g_list_store_append (team_list, team);
    }
  self->teams = G_LIST_MODEL (g_steal_pointer (&team_list));

  if (team_id != NULL && *team_id != '\0')
    {
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
      GListStore *store = g_list_store_new (DECK_TYPE_FF_INSTANCE);

      self->team_id = g_strdup (team_id);
      self->instances = G_LIST_MODEL (store);
      n = g_variant_n_children (instances);
      for (gsize i = 0; i < n; i++)
        {
          g_autoptr(GVariant) child = g_variant_get_child_value (instances, i);
          DeckFfInstance *instance = deck_ff_instance_new_from_variant (child);

          if (instance == NULL)
            return fail (error, "has an instance without id or name");
          g_ptr_array_add (items, instance);
        }
      g_list_store_splice (store, 0, 0, items->pdata, items->len);
    }

  return g_steal_pointer (&self);
}

/**
 * deck_snapshot_get_account_id:
 * @self: a #DeckSnapshot
 *
 * Returns: the account it is of
 */
const char *
deck_snapshot_get_account_id (DeckSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->account_id;
}

/**
 * deck_snapshot_get_account_url:
 * @self: a #DeckSnapshot
 *
 * Returns: that account's server
 */
const char *
deck_snapshot_get_account_url (DeckSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->account_url;
}

/**
 * deck_snapshot_get_teams:
 * @self: a #DeckSnapshot
 *
 * Returns: (transfer none): the account's teams (#DeckFfTeam)
 */
GListModel *
deck_snapshot_get_teams (DeckSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->teams;
}

/**
 * deck_snapshot_get_team_id:
 * @self: a #DeckSnapshot
 *
 * Returns: (nullable): the team whose instances it holds
 */
const char *
deck_snapshot_get_team_id (DeckSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->team_id;
}

/**
 * deck_snapshot_get_instances:
 * @self: a #DeckSnapshot
 *
 * Returns: (transfer none) (nullable): that team's instances (#DeckFfInstance)
 */
GListModel *
deck_snapshot_get_instances (DeckSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->instances;
}

/**
 * deck_snapshot_get_saved_at:
 * @self: a #DeckSnapshot
 *
 * Returns: (transfer none): when it was saved
 */
GDateTime *
deck_snapshot_get_saved_at (DeckSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->saved_at;
}

void
deck_snapshot_free (DeckSnapshot *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->account_id, g_free);
  g_clear_pointer (&self->account_url, g_free);
  g_clear_object (&self->teams);
  g_clear_pointer (&self->team_id, g_free);
  g_clear_object (&self->instances);
  g_clear_pointer (&self->saved_at, g_date_time_unref);
  g_free (self);
}

/*
 * Files, in worker threads
 */

typedef struct
{
  char     *path;
  char     *account_id;
  char     *account_url;
  GVariant *variant;
  guint     deletions;
  GStrv     keep;
} FileData;

static void
file_data_free (FileData *data)
{
  g_free (data->path);
  g_free (data->account_id);
  g_free (data->account_url);
  g_clear_pointer (&data->variant, g_variant_unref);
  g_strfreev (data->keep);
  g_free (data);
}

static GTask *
file_task (const char          *account_id,
           gpointer             source_tag,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  FileData *data = g_new0 (FileData, 1);

  g_task_set_source_tag (task, source_tag);
  if (account_id != NULL)
    {
      data->account_id = g_strdup (account_id);
      data->path = deck_snapshot_path (account_id);
    }
  g_task_set_task_data (task, data, (GDestroyNotify) file_data_free);
  return task;
}

static gboolean
write_file (const char  *path,
            GVariant    *variant,
            GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot make %s: %s", dir, g_strerror (saved_errno));
      return FALSE;
    }

  /* g_variant_get_data() serializes it: here, not on the main thread. */
  return g_file_set_contents_full (path, g_variant_get_data (variant),
                                   (gssize) g_variant_get_size (variant),
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  FileData *data = task_data;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&file_lock);
  GError *error = NULL;

  /* Deleted since the save was asked for: the deletion stands. */
  if (deletions_of (data->path) != data->deletions)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (!write_file (data->path, data->variant, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * deck_snapshot_save_async:
 * @account_id: the account's id
 * @snapshot: (transfer full): from deck_snapshot_build()
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Writes the account's snapshot in a worker thread. A
 * deck_snapshot_forget_async() asked for later wins, whichever runs
 * first. Finish with deck_snapshot_finish().
 */
void
deck_snapshot_save_async (const char          *account_id,
                          GVariant            *snapshot,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FileData *data;

  g_return_if_fail (account_id != NULL);
  g_return_if_fail (snapshot != NULL);

  task = file_task (account_id, deck_snapshot_save_async, cancellable, callback, user_data);
  data = g_task_get_task_data (task);
  data->variant = snapshot;
  data->deletions = deletions_of (data->path);
  g_task_run_in_thread (task, save_thread);
}

/**
 * deck_snapshot_load_sync:
 * @account_id: the account's id
 * @account_url: its server
 * @error: a location for a #GError
 *
 * Reads and parses the account's snapshot. Blocks: for worker threads
 * (deck_snapshot_load_async(), the start-up prefetch).
 *
 * Returns: (transfer full) (nullable): the snapshot; %NULL without @error
 *   when the account has none
 */
DeckSnapshot *
deck_snapshot_load_sync (const char  *account_id,
                         const char  *account_url,
                         GError     **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (account_url != NULL, NULL);

  path = deck_snapshot_path (account_id);
  file = g_mapped_file_new (path, FALSE, &local_error);
  if (file == NULL)
    {
      if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", local_error->message);
      return NULL;
    }

  return deck_snapshot_parse (g_mapped_file_get_contents (file), g_mapped_file_get_length (file),
                              account_id, account_url, error);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  FileData *data = task_data;
  GError *error = NULL;
  DeckSnapshot *snapshot;

  snapshot = deck_snapshot_load_sync (data->account_id, data->account_url, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, snapshot, (GDestroyNotify) deck_snapshot_free);
}

/**
 * deck_snapshot_load_async:
 * @account_id: the account's id
 * @account_url: its server
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Reads and parses the account's snapshot in a worker thread.
 */
void
deck_snapshot_load_async (const char          *account_id,
                          const char          *account_url,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FileData *data;

  g_return_if_fail (account_id != NULL);
  g_return_if_fail (account_url != NULL);

  task = file_task (account_id, deck_snapshot_load_async, cancellable, callback, user_data);
  data = g_task_get_task_data (task);
  data->account_url = g_strdup (account_url);
  g_task_run_in_thread (task, load_thread);
}

/**
 * deck_snapshot_load_finish:
 * @result: the result
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (nullable): the snapshot; %NULL without @error
 *   when the account has none
 */
DeckSnapshot *
deck_snapshot_load_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
delete_file (const char  *path,
             GError     **error)
{
  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot delete %s: %s", path, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

static void
forget_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  FileData *data = task_data;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&file_lock);
  GError *error = NULL;

  if (!delete_file (data->path, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * deck_snapshot_forget_async:
 * @account_id: the account's id
 * @cancellable: (nullable): a #GCancellable
 * @callback: (nullable): called when done
 * @user_data: data for @callback
 *
 * Deletes the account's snapshot, and voids every save asked for before.
 * Finish with deck_snapshot_finish().
 */
void
deck_snapshot_forget_async (const char          *account_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FileData *data;

  g_return_if_fail (account_id != NULL);

  task = file_task (account_id, deck_snapshot_forget_async, cancellable, callback, user_data);
  data = g_task_get_task_data (task);
  g_mutex_lock (&deletions_lock);
  if (deletions == NULL)
    deletions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_replace (deletions, g_strdup (data->path),
                        GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (deletions,
                                                                                 data->path)) + 1));
  g_mutex_unlock (&deletions_lock);
  /* Not cancellable: a deletion asked for is done. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, forget_thread);
}

static void
sweep_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  FileData *data = task_data;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&file_lock);
  g_autofree char *dir_path = snapshots_dir ();
  g_autoptr(GHashTable) keep = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GDir) dir = NULL;
  const char *name;
  GError *error = NULL;

  for (guint i = 0; data->keep[i] != NULL; i++)
    g_hash_table_add (keep, file_name_for (data->keep[i]));

  dir = g_dir_open (dir_path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;

      if (g_hash_table_contains (keep, name))
        continue;

      path = g_build_filename (dir_path, name, NULL);
      if (error == NULL)
        delete_file (path, &error);
      else
        delete_file (path, NULL);
    }

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * deck_snapshot_sweep_async:
 * @keep_account_ids: the accounts whose snapshots stay
 * @cancellable: (nullable): a #GCancellable
 * @callback: (nullable): called when done
 * @user_data: data for @callback
 *
 * Deletes every other file in the snapshots folder (left by an account
 * removed while the app was quitting, say). Finish with
 * deck_snapshot_finish().
 */
void
deck_snapshot_sweep_async (const char * const  *keep_account_ids,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FileData *data;

  g_return_if_fail (keep_account_ids != NULL);

  task = file_task (NULL, deck_snapshot_sweep_async, cancellable, callback, user_data);
  data = g_task_get_task_data (task);
  data->keep = g_strdupv ((GStrv) keep_account_ids);
  g_task_run_in_thread (task, sweep_thread);
}

/**
 * deck_snapshot_finish:
 * @result: the result of deck_snapshot_save_async(),
 *   deck_snapshot_forget_async() or deck_snapshot_sweep_async()
 * @error: a location for a #GError
 *
 * Returns: whether the file was written or deleted
 */
gboolean
deck_snapshot_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
