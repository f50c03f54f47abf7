/* deck-account-store-private.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*< private >
 * Entry points for the fuzz targets in tests/fuzz/ only: the parse of an
 * untrusted input that the public API runs behind a network or a file.
 */
int _deck_account_store_parse (const char  *data,
                               gsize        length,
                               GPtrArray  **out_accounts,
                               char       **out_problem);

G_END_DECLS
