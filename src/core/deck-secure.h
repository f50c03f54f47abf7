/* deck-secure.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean  deck_random_bytes        (guint8      *buffer,
                                    gsize        length,
                                    GError     **error);
char     *deck_random_token        (gsize        n_bytes,
                                    GError     **error);
void      deck_secure_wipe         (void        *data,
                                    gsize        length);
void      deck_secure_free         (char        *str);
void      deck_secure_clear        (char       **str);

typedef char *DeckSecureString;
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (DeckSecureString, deck_secure_free, NULL)

G_END_DECLS
