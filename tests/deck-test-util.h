/* deck-test-util.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "deck-ff-env-var.h"
#include "deck-flowfuse-client.h"

G_BEGIN_DECLS

char         *deck_test_artifact_path    (const char    *name);
void          deck_test_isolate_data_dir (void);
void          deck_test_sort_doubles     (double        *values,
                                          gsize          n);
GAsyncResult *deck_test_wait_result      (GAsyncResult **slot,
                                          guint          timeout_seconds);
void          deck_test_store_result_cb  (GObject       *source,
                                          GAsyncResult  *result,
                                          gpointer       user_data);
char         *deck_test_totp             (const char    *base32_secret,
                                          gint64         unix_seconds);
GListModel   *deck_test_instance_env     (DeckFlowfuseClient *client,
                                          const char         *instance_id);
DeckFfEnvVar *deck_test_find_env_var     (GListModel    *env,
                                          const char    *name);
char         *deck_test_node_red_strategy_sign_in (const char *editor_url,
                                                   const char *login,
                                                   GError    **error);

G_END_DECLS
