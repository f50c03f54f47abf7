/* deck-snapshot.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _DeckSnapshot DeckSnapshot;
typedef struct _DeckSnapshotBuilder DeckSnapshotBuilder;

char         *deck_snapshot_path            (const char           *account_id);
GVariant     *deck_snapshot_build           (const char           *account_id,
                                             const char           *account_url,
                                             GListModel           *teams,
                                             const char           *team_id,
                                             GListModel           *instances,
                                             GDateTime            *saved_at);
DeckSnapshotBuilder *deck_snapshot_builder_new  (const char           *account_id,
                                                const char           *account_url,
                                                GListModel           *teams,
                                                const char           *team_id,
                                                GListModel           *instances,
                                                GDateTime            *saved_at);
gboolean      deck_snapshot_builder_step    (DeckSnapshotBuilder  *self,
                                             guint                 n);
GVariant     *deck_snapshot_builder_end     (DeckSnapshotBuilder  *self);
void          deck_snapshot_builder_free    (DeckSnapshotBuilder  *self);
DeckSnapshot *deck_snapshot_parse           (const char           *data,
                                             gsize                 length,
                                             const char           *account_id,
                                             const char           *account_url,
                                             GError              **error);

const char   *deck_snapshot_get_account_id  (DeckSnapshot         *self);
const char   *deck_snapshot_get_account_url (DeckSnapshot         *self);
GListModel   *deck_snapshot_get_teams       (DeckSnapshot         *self);
const char   *deck_snapshot_get_team_id     (DeckSnapshot         *self);
GListModel   *deck_snapshot_get_instances   (DeckSnapshot         *self);
GDateTime    *deck_snapshot_get_saved_at    (DeckSnapshot         *self);
void          deck_snapshot_free            (DeckSnapshot         *self);

void          deck_snapshot_save_async      (const char           *account_id,
                                             GVariant             *snapshot,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
DeckSnapshot *deck_snapshot_load_sync       (const char           *account_id,
                                             const char           *account_url,
                                             GError              **error);
void          deck_snapshot_load_async      (const char           *account_id,
                                             const char           *account_url,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
DeckSnapshot *deck_snapshot_load_finish     (GAsyncResult         *result,
                                             GError              **error);
void          deck_snapshot_forget_async    (const char           *account_id,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
void          deck_snapshot_sweep_async     (const char * const   *keep_account_ids,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean      deck_snapshot_finish          (GAsyncResult         *result,
                                             GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeckSnapshot, deck_snapshot_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeckSnapshotBuilder, deck_snapshot_builder_free)

G_END_DECLS
