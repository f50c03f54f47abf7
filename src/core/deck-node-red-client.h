/* deck-node-red-client.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "deck-node-red-error.h"
#include "deck-nr-flow.h"
#include "deck-nr-module.h"
#include "deck-nr-settings.h"

G_BEGIN_DECLS

#define DECK_TYPE_NODE_RED_CLIENT (deck_node_red_client_get_type ())
G_DECLARE_FINAL_TYPE (DeckNodeRedClient, deck_node_red_client, DECK, NODE_RED_CLIENT, GObject)

/* The scopes a password grant can ask for. */
#define DECK_NODE_RED_SCOPE_ALL  "*"
#define DECK_NODE_RED_SCOPE_READ "read"

/**
 * DeckNodeRedAuth:
 * @DECK_NODE_RED_AUTH_NONE: no adminAuth: the admin API is open (`{}`)
 * @DECK_NODE_RED_AUTH_CREDENTIALS: user name and password (password grant)
 * @DECK_NODE_RED_AUTH_STRATEGY: a browser sign-in (Passport strategy; every FlowFuse instance)
 */
typedef enum
{
  DECK_NODE_RED_AUTH_NONE,
  DECK_NODE_RED_AUTH_CREDENTIALS,
  DECK_NODE_RED_AUTH_STRATEGY,
} DeckNodeRedAuth;

/**
 * DeckNrPrompt:
 * @id: (nullable): the form field ("username", "password")
 * @type: (nullable): "text", "password" or "button"
 * @label: (nullable): a Node-RED message key ("user.username") or a label
 */
typedef struct
{
  char *id;
  char *type;
  char *label;
} DeckNrPrompt;

/**
 * DeckNrLoginInfo:
 * @auth: how to sign in
 * @prompts: (element-type DeckNrPrompt): what the sign-in form asks for
 * @strategy_label: (nullable): the strategy button's label ("Sign in")
 * @strategy_icon: (nullable): the strategy button's icon
 * @strategy_url: (nullable): where a web view starts the strategy sign-in:
 *   always `<url>/auth/strategy`
 * @auto_login: the editor would go to @strategy_url without asking
 * @login_message: (nullable): the theme's message for the sign-in page
 *
 * What `GET <url>/auth/login` says.
 */
typedef struct
{
  DeckNodeRedAuth  auth;
  GPtrArray       *prompts;
  char            *strategy_label;
  char            *strategy_icon;
  char            *strategy_url;
  gboolean         auto_login;
  char            *login_message;
} DeckNrLoginInfo;

void deck_nr_login_info_free (DeckNrLoginInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeckNrLoginInfo, deck_nr_login_info_free)

/**
 * DeckNrFlows:
 * @rev: (nullable): the flows' revision (`rev` of the v2 API)
 * @tabs: the flow tabs (#DeckNrFlow), in the editor's order
 * @n_items: how many items the flows hold in all (tabs, subflows, nodes, config nodes)
 */
typedef struct
{
  char       *rev;
  GListStore *tabs;
  guint       n_items;
} DeckNrFlows;

void deck_nr_flows_free (DeckNrFlows *flows);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeckNrFlows, deck_nr_flows_free)

DeckNodeRedClient  *deck_node_red_client_new                  (const char          *url,
                                                               GError             **error);
const char         *deck_node_red_client_get_url              (DeckNodeRedClient   *self);
void                deck_node_red_client_set_timeout          (DeckNodeRedClient   *self,
                                                               guint                seconds);
void                deck_node_red_client_set_token            (DeckNodeRedClient   *self,
                                                               const char          *token,
                                                               const char          *scope);
gboolean            deck_node_red_client_has_token            (DeckNodeRedClient   *self);
const char         *deck_node_red_client_get_token            (DeckNodeRedClient   *self);
const char * const *deck_node_red_client_get_scope            (DeckNodeRedClient   *self);
gboolean            deck_node_red_client_is_read_only         (DeckNodeRedClient   *self);
GDateTime          *deck_node_red_client_get_token_expiry     (DeckNodeRedClient   *self);
void                deck_node_red_client_sign_out             (DeckNodeRedClient   *self);

/* Signing in and out */
void                deck_node_red_client_probe_async          (DeckNodeRedClient   *self,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
DeckNrLoginInfo    *deck_node_red_client_probe_finish         (DeckNodeRedClient   *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);
void                deck_node_red_client_login_async          (DeckNodeRedClient   *self,
                                                               const char          *username,
                                                               const char          *password,
                                                               const char          *scope,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
gboolean            deck_node_red_client_login_finish         (DeckNodeRedClient   *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);
void                deck_node_red_client_exchange_code_async  (DeckNodeRedClient   *self,
                                                               const char          *code,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
gboolean            deck_node_red_client_exchange_code_finish (DeckNodeRedClient   *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);
gboolean            deck_node_red_parse_strategy_redirect     (const char          *editor_url,
                                                               const char          *uri,
                                                               char               **out_code,
                                                               char               **out_access_token,
                                                               char               **out_message);
void                deck_node_red_client_revoke_async         (DeckNodeRedClient   *self,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
gboolean            deck_node_red_client_revoke_finish        (DeckNodeRedClient   *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);

/* The admin API */
void                deck_node_red_client_get_settings_async   (DeckNodeRedClient   *self,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
DeckNrSettings     *deck_node_red_client_get_settings_finish  (DeckNodeRedClient   *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);
void                deck_node_red_client_get_flows_async      (DeckNodeRedClient   *self,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
DeckNrFlows        *deck_node_red_client_get_flows_finish     (DeckNodeRedClient   *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);
void                deck_node_red_client_list_modules_async   (DeckNodeRedClient   *self,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
GListModel         *deck_node_red_client_list_modules_finish  (DeckNodeRedClient   *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);
void                deck_node_red_client_get_diagnostics_async (DeckNodeRedClient  *self,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
JsonObject         *deck_node_red_client_get_diagnostics_finish (DeckNodeRedClient *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);
void                deck_node_red_client_reload_flows_async   (DeckNodeRedClient   *self,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
char               *deck_node_red_client_reload_flows_finish  (DeckNodeRedClient   *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);

G_END_DECLS
