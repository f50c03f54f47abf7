/* deck-token-overview.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "deck-context.h"

G_BEGIN_DECLS

/**
 * DeckTokenEntryKind:
 * @DECK_TOKEN_ENTRY_HTTP: an instance HTTP access token
 * @DECK_TOKEN_ENTRY_PERSONAL: a personal access token of an account
 */
typedef enum
{
  DECK_TOKEN_ENTRY_HTTP,
  DECK_TOKEN_ENTRY_PERSONAL,
} DeckTokenEntryKind;

/* "Expires soon": within this span from now (and not expired yet). */
#define DECK_TOKEN_OVERVIEW_SOON (7 * G_TIME_SPAN_DAY)

/* How many list calls the collector has in flight at most. */
#define DECK_TOKEN_OVERVIEW_MAX_CONCURRENT 4

#define DECK_TYPE_TOKEN_ENTRY (deck_token_entry_get_type ())
G_DECLARE_FINAL_TYPE (DeckTokenEntry, deck_token_entry, DECK, TOKEN_ENTRY, GObject)

DeckTokenEntry     *deck_token_entry_new               (DeckTokenEntryKind  kind,
                                                        const char         *id,
                                                        const char         *name,
                                                        GDateTime          *expires_at,
                                                        const char         *account_id,
                                                        const char         *account_name,
                                                        const char         *instance_id,
                                                        const char         *instance_name,
                                                        const char         *team_name);
DeckTokenEntryKind  deck_token_entry_get_kind          (DeckTokenEntry     *self);
const char         *deck_token_entry_get_id            (DeckTokenEntry     *self);
const char         *deck_token_entry_get_name          (DeckTokenEntry     *self);
GDateTime          *deck_token_entry_get_expires_at    (DeckTokenEntry     *self);
const char         *deck_token_entry_get_account_id    (DeckTokenEntry     *self);
const char         *deck_token_entry_get_account_name  (DeckTokenEntry     *self);
const char         *deck_token_entry_get_instance_id   (DeckTokenEntry     *self);
const char         *deck_token_entry_get_instance_name (DeckTokenEntry     *self);
const char         *deck_token_entry_get_team_name     (DeckTokenEntry     *self);
gboolean            deck_token_entry_get_flowdeck_own  (DeckTokenEntry     *self);
void                deck_token_entry_set_flowdeck_own  (DeckTokenEntry     *self,
                                                        gboolean            own);
gboolean            deck_token_entry_is_expired        (DeckTokenEntry     *self,
                                                        GDateTime          *now);
gboolean            deck_token_entry_expires_soon      (DeckTokenEntry     *self,
                                                        GDateTime          *now,
                                                        GTimeSpan           within);
int                 deck_token_entry_compare           (gconstpointer       a,
                                                        gconstpointer       b,
                                                        gpointer            user_data);

GPtrArray          *deck_token_overview_expiring       (GListModel         *entries,
                                                        GDateTime          *now,
                                                        GTimeSpan           within);

void                deck_token_overview_collect_async  (DeckContext        *context,
                                                        GCancellable       *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer            user_data);
GListModel         *deck_token_overview_collect_finish (DeckContext        *context,
                                                        GAsyncResult       *result,
                                                        GStrv              *out_problems,
                                                        GError            **error);

G_END_DECLS
