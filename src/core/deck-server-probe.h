/* deck-server-probe.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * DeckServerKind:
 * @DECK_SERVER_KIND_FLOWFUSE: a FlowFuse platform (answers `/api/v1/settings`)
 * @DECK_SERVER_KIND_NODE_RED: a Node-RED admin API (answers `/auth/login`)
 */
typedef enum
{
  DECK_SERVER_KIND_FLOWFUSE,
  DECK_SERVER_KIND_NODE_RED,
} DeckServerKind;

/**
 * DeckServerProbe:
 * @kind: what answered
 * @url: the normalised base URL (https assumed when no scheme was typed)
 * @sso_only: FlowFuse: password sign-in is off, only single sign-on
 * @signup: FlowFuse: the server lets people sign up
 * @node_red_scheme: Node-RED: "none", "credentials" or "strategy"
 * @node_red_strategy_label: (nullable): Node-RED "strategy": the label of
 *   its sign-in button ("Sign in with …"), as the server gives it
 *
 * What a server address turned out to be.
 */
typedef struct
{
  DeckServerKind  kind;
  char           *url;
  gboolean        sso_only;
  gboolean        signup;
  char           *node_red_scheme;
  char           *node_red_strategy_label;
} DeckServerProbe;

void             deck_server_probe_free   (DeckServerProbe      *probe);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeckServerProbe, deck_server_probe_free)

void             deck_server_probe_async  (const char           *url,
                                           gboolean              allow_insecure,
                                           guint                 timeout_seconds,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
DeckServerProbe *deck_server_probe_finish (GAsyncResult         *result,
                                           GError              **error);

G_END_DECLS
