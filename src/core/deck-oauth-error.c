/* deck-oauth-error.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-oauth"

#include "config.h"

#include "deck-oauth-error.h"

/* The error domain shared by the profile (discovery), the loopback catcher
 * and the flow, in its own file so that none of them has to include the
 * others. */

G_DEFINE_QUARK (deck-oauth-error-quark, deck_oauth_error)
