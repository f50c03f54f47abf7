/* deck-format.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *deck_format_relative_time (GDateTime *when,
                                 GDateTime *now);
char *deck_format_expiry        (GDateTime *expires_at,
                                 GDateTime *now);

G_END_DECLS
