/* deck-prefetch.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "deck-snapshot.h"

G_BEGIN_DECLS

typedef struct _DeckPrefetch DeckPrefetch;

/**
 * DeckPrefetchStage:
 * @DECK_PREFETCH_STARTED: reading the accounts file and the keyring
 * @DECK_PREFETCH_REQUESTING: the secret is found; the requests are under way
 *
 * Where the worker is, in the gint given to deck_prefetch_run_async()
 * (read with g_atomic_int_get()).
 */
typedef enum
{
  DECK_PREFETCH_STARTED,
  DECK_PREFETCH_REQUESTING,
} DeckPrefetchStage;

void          deck_prefetch_run_async         (const char           *accounts_path,
                                               const char           *account_id,
                                               const char           *team_id,
                                               gint                 *stage,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
DeckPrefetch *deck_prefetch_run_finish        (GAsyncResult         *result,
                                               GError              **error);

const char   *deck_prefetch_get_account_id    (DeckPrefetch         *self);
const char   *deck_prefetch_get_account_url   (DeckPrefetch         *self);
char         *deck_prefetch_take_secret       (DeckPrefetch         *self);
GListModel   *deck_prefetch_get_teams         (DeckPrefetch         *self);
const char   *deck_prefetch_get_team_id       (DeckPrefetch         *self);
GListModel   *deck_prefetch_get_instances     (DeckPrefetch         *self);
gint64        deck_prefetch_get_fetched_at    (DeckPrefetch         *self);
void          deck_prefetch_free              (DeckPrefetch         *self);

void          deck_prefetch_snapshot_async    (const char           *accounts_path,
                                               const char           *account_id,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
DeckSnapshot *deck_prefetch_snapshot_finish   (GAsyncResult         *result,
                                               GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeckPrefetch, deck_prefetch_free)

G_END_DECLS
