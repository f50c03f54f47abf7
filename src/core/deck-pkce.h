/* deck-pkce.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* 32 random bytes, base64url without padding: 43 characters (RFC 7636 §4.1). */
#define DECK_PKCE_VERIFIER_BYTES 32
/* The OAuth `state`: at least 16 random bytes (O2 in SECURITY.md). */
#define DECK_PKCE_STATE_BYTES    32

char     *deck_pkce_new_verifier   (GError       **error);
char     *deck_pkce_challenge_for  (const char    *verifier);
char     *deck_pkce_new_state      (GError       **error);
char     *deck_base64url_encode    (const guint8  *data,
                                    gsize          length);
gboolean  deck_secure_equal        (const char    *a,
                                    const char    *b);

G_END_DECLS
