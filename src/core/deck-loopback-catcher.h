/* deck-loopback-catcher.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "deck-oauth-error.h"

G_BEGIN_DECLS

#define DECK_TYPE_LOOPBACK_CATCHER (deck_loopback_catcher_get_type ())
G_DECLARE_FINAL_TYPE (DeckLoopbackCatcher, deck_loopback_catcher, DECK, LOOPBACK_CATCHER, GObject)

DeckLoopbackCatcher *deck_loopback_catcher_new              (const char           *path,
                                                             const char           *expected_state,
                                                             const char           *expected_iss);
gboolean             deck_loopback_catcher_start            (DeckLoopbackCatcher  *self,
                                                             GError              **error);
const char          *deck_loopback_catcher_get_redirect_uri (DeckLoopbackCatcher  *self);
gboolean             deck_loopback_catcher_is_listening     (DeckLoopbackCatcher  *self);
void                 deck_loopback_catcher_wait_async       (DeckLoopbackCatcher  *self,
                                                             guint                 timeout_seconds,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
char                *deck_loopback_catcher_wait_finish      (DeckLoopbackCatcher  *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
gboolean             deck_loopback_catcher_handle_uri       (DeckLoopbackCatcher  *self,
                                                             const char           *uri);
void                 deck_loopback_catcher_stop             (DeckLoopbackCatcher  *self);

/*< private >*/
SoupServer          *_deck_loopback_catcher_get_server      (DeckLoopbackCatcher  *self);

G_END_DECLS
