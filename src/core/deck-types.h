/* deck-types.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Forward declarations of every core type, so that headers can name each
 * other without include cycles. Core never includes GTK. */

/**
 * DeckSecretKind:
 * @DECK_SECRET_KIND_PAT: a FlowFuse personal access token (`ffpat_…`)
 * @DECK_SECRET_KIND_OAUTH: an OAuth token set (access, refresh, expiry) as JSON
 * @DECK_SECRET_KIND_CLIENT_SECRET: an OAuth client secret
 * @DECK_SECRET_KIND_NODE_RED: a Node-RED admin API token
 *
 * What a keyring item holds. Stored as a non-secret attribute.
 */
typedef enum
{
  DECK_SECRET_KIND_PAT,
  DECK_SECRET_KIND_OAUTH,
  DECK_SECRET_KIND_CLIENT_SECRET,
  DECK_SECRET_KIND_NODE_RED,
} DeckSecretKind;

G_END_DECLS
