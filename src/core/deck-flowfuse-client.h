/* deck-flowfuse-client.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "deck-ff-application.h"
#include "deck-ff-audit-entry.h"
#include "deck-ff-http-token.h"
#include "deck-ff-instance.h"
#include "deck-ff-log-entry.h"
#include "deck-ff-personal-token.h"
#include "deck-ff-project-type.h"
#include "deck-ff-settings.h"
#include "deck-ff-stack.h"
#include "deck-ff-team.h"
#include "deck-ff-template.h"
#include "deck-ff-user.h"
#include "deck-flowfuse-error.h"

G_BEGIN_DECLS

#define DECK_TYPE_FLOWFUSE_CLIENT (deck_flowfuse_client_get_type ())
G_DECLARE_FINAL_TYPE (DeckFlowfuseClient, deck_flowfuse_client, DECK, FLOWFUSE_CLIENT, GObject)

/**
 * DeckFlowfuseCredential:
 * @DECK_FLOWFUSE_CREDENTIAL_NONE: signed out
 * @DECK_FLOWFUSE_CREDENTIAL_TOKEN: a personal access token (`ffpat_…`), sent as bearer
 * @DECK_FLOWFUSE_CREDENTIAL_OAUTH: an OAuth access token (`ffu_…`) with its refresh token
 * @DECK_FLOWFUSE_CREDENTIAL_SESSION: a web session cookie, only to mint the app's own token
 */
typedef enum
{
  DECK_FLOWFUSE_CREDENTIAL_NONE,
  DECK_FLOWFUSE_CREDENTIAL_TOKEN,
  DECK_FLOWFUSE_CREDENTIAL_OAUTH,
  DECK_FLOWFUSE_CREDENTIAL_SESSION,
} DeckFlowfuseCredential;

/**
 * DeckFfAction:
 * @DECK_FF_ACTION_START: start the instance
 * @DECK_FF_ACTION_STOP: stop it
 * @DECK_FF_ACTION_RESTART: restart it
 * @DECK_FF_ACTION_SUSPEND: suspend it (frees its resources)
 */
typedef enum
{
  DECK_FF_ACTION_START,
  DECK_FF_ACTION_STOP,
  DECK_FF_ACTION_RESTART,
  DECK_FF_ACTION_SUSPEND,
} DeckFfAction;

/**
 * DeckFfPage:
 * @items: the entries (#DeckFfLogEntry or #DeckFfAuditEntry), oldest first for logs
 * @next_cursor: (nullable): pass to get the next page (newer log entries)
 * @previous_cursor: (nullable): pass to get older log entries (starts with "-")
 *
 * One page of a cursor-paged list.
 */
typedef struct
{
  GListStore *items;
  char       *next_cursor;
  char       *previous_cursor;
} DeckFfPage;

void deck_ff_page_free (DeckFfPage *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeckFfPage, deck_ff_page_free)

DeckFlowfuseClient     *deck_flowfuse_client_new                 (const char           *base_url,
                                                                  GError              **error);
const char             *deck_flowfuse_client_get_base_url        (DeckFlowfuseClient   *self);
DeckFlowfuseCredential  deck_flowfuse_client_get_credential      (DeckFlowfuseClient   *self);
void                    deck_flowfuse_client_set_timeout         (DeckFlowfuseClient   *self,
                                                                  guint                 seconds);
void                    deck_flowfuse_client_set_token           (DeckFlowfuseClient   *self,
                                                                  const char           *token);
void                    deck_flowfuse_client_set_oauth_tokens    (DeckFlowfuseClient   *self,
                                                                  const char           *access_token,
                                                                  const char           *refresh_token,
                                                                  GDateTime            *expires_at);
GDateTime              *deck_flowfuse_client_get_token_expiry    (DeckFlowfuseClient   *self);
void                    deck_flowfuse_client_sign_out            (DeckFlowfuseClient   *self);

/* Platform and user */
void                    deck_flowfuse_client_get_settings_async  (DeckFlowfuseClient   *self,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
DeckFfSettings         *deck_flowfuse_client_get_settings_finish (DeckFlowfuseClient   *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);
void                    deck_flowfuse_client_get_user_async      (DeckFlowfuseClient   *self,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
DeckFfUser             *deck_flowfuse_client_get_user_finish     (DeckFlowfuseClient   *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);

/* Teams */
void                    deck_flowfuse_client_list_teams_async    (DeckFlowfuseClient   *self,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
void                    deck_flowfuse_client_get_team_async      (DeckFlowfuseClient   *self,
                                                                  const char           *team_id,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
void                    deck_flowfuse_client_create_team_async   (DeckFlowfuseClient   *self,
                                                                  const char           *name,
                                                                  const char           *team_type_id,
                                                                  const char           *slug,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
void                    deck_flowfuse_client_list_team_types_async (DeckFlowfuseClient *self,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
void                    deck_flowfuse_client_list_members_async  (DeckFlowfuseClient   *self,
                                                                  const char           *team_id,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
void                    deck_flowfuse_client_get_team_role_async (DeckFlowfuseClient   *self,
                                                                  const char           *team_id,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
int                     deck_flowfuse_client_get_team_role_finish (DeckFlowfuseClient  *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);

/* Applications and instances */
void                    deck_flowfuse_client_list_applications_async (DeckFlowfuseClient *self,
                                                                  const char           *team_id,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
void                    deck_flowfuse_client_create_application_async (DeckFlowfuseClient *self,
                                                                  const char           *team_id,
                                                                  const char           *name,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
void                    deck_flowfuse_client_list_instances_async (DeckFlowfuseClient  *self,
                                                                  const char           *team_id,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
void                    deck_flowfuse_client_list_instances_without_state_async (DeckFlowfuseClient  *self,
                                                                  const char          *team_id,
                                                                  GCancellable        *cancellable,
                                                                  GAsyncReadyCallback  callback,
                                                                  gpointer             user_data);
void                    deck_flowfuse_client_refresh_states_async (DeckFlowfuseClient  *self,
                                                                  GListModel           *instances,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
void                    deck_flowfuse_client_get_instance_async  (DeckFlowfuseClient   *self,
                                                                  const char           *instance_id,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
void                    deck_flowfuse_client_create_instance_async (DeckFlowfuseClient *self,
                                                                  const char           *name,
                                                                  const char           *application_id,
                                                                  const char           *project_type_id,
                                                                  const char           *stack_id,
                                                                  const char           *template_id,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
void                    deck_flowfuse_client_delete_instance_async (DeckFlowfuseClient *self,
                                                                  const char           *instance_id,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
void                    deck_flowfuse_client_instance_action_async (DeckFlowfuseClient *self,
                                                                  const char           *instance_id,
                                                                  DeckFfAction          action,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
void                    deck_flowfuse_client_wait_for_state_async (DeckFlowfuseClient  *self,
                                                                  const char           *instance_id,
                                                                  guint                 timeout_seconds,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
void                    deck_flowfuse_client_set_http_node_auth_async (DeckFlowfuseClient *self,
                                                                  const char           *instance_id,
                                                                  DeckFfHttpNodeAuth    auth,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
void                    deck_flowfuse_client_list_project_types_async (DeckFlowfuseClient *self,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
void                    deck_flowfuse_client_list_stacks_async   (DeckFlowfuseClient   *self,
                                                                  const char           *project_type_id,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
void                    deck_flowfuse_client_list_templates_async (DeckFlowfuseClient  *self,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
void                    deck_flowfuse_client_get_logs_async      (DeckFlowfuseClient   *self,
                                                                  const char           *instance_id,
                                                                  const char           *cursor,
                                                                  guint                 limit,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
void                    deck_flowfuse_client_get_audit_log_async (DeckFlowfuseClient   *self,
                                                                  const char           *instance_id,
                                                                  const char           *cursor,
                                                                  guint                 limit,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);

/* Personal access tokens */
void                    deck_flowfuse_client_list_personal_tokens_async (DeckFlowfuseClient *self,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
void                    deck_flowfuse_client_create_personal_token_async (DeckFlowfuseClient *self,
                                                                  const char           *name,
                                                                  GDateTime            *expires_at,
                                                                  gboolean              read_only,
                                                                  const char * const   *team_ids,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
DeckFfPersonalToken    *deck_flowfuse_client_create_personal_token_finish (DeckFlowfuseClient *self,
                                                                  GAsyncResult         *result,
                                                                  char                **out_value,
                                                                  GError              **error);
void                    deck_flowfuse_client_update_personal_token_async (DeckFlowfuseClient *self,
                                                                  DeckFfPersonalToken  *token,
                                                                  GDateTime            *expires_at,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
void                    deck_flowfuse_client_delete_personal_token_async (DeckFlowfuseClient *self,
                                                                  const char           *token_id,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);

/* Instance HTTP access tokens */
void                    deck_flowfuse_client_check_http_tokens_async (DeckFlowfuseClient *self,
                                                                  DeckFfInstance       *instance,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
void                    deck_flowfuse_client_list_http_tokens_async (DeckFlowfuseClient *self,
                                                                  const char           *instance_id,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
void                    deck_flowfuse_client_create_http_token_async (DeckFlowfuseClient *self,
                                                                  const char           *instance_id,
                                                                  const char           *name,
                                                                  GDateTime            *expires_at,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
DeckFfHttpToken        *deck_flowfuse_client_create_http_token_finish (DeckFlowfuseClient *self,
                                                                  GAsyncResult         *result,
                                                                  char                **out_value,
                                                                  GError              **error);
void                    deck_flowfuse_client_update_http_token_async (DeckFlowfuseClient *self,
                                                                  const char           *instance_id,
                                                                  const char           *token_id,
                                                                  GDateTime            *expires_at,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
void                    deck_flowfuse_client_delete_http_token_async (DeckFlowfuseClient *self,
                                                                  const char           *instance_id,
                                                                  const char           *token_id,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);

/* Minting the app's own token from a web session */
void                    deck_flowfuse_client_login_async         (DeckFlowfuseClient   *self,
                                                                  const char           *username,
                                                                  const char           *password,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
void                    deck_flowfuse_client_login_mfa_async     (DeckFlowfuseClient   *self,
                                                                  const char           *code,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
void                    deck_flowfuse_client_set_session_cookie  (DeckFlowfuseClient   *self,
                                                                  const char           *sid_cookie_value);
void                    deck_flowfuse_client_mint_token_async    (DeckFlowfuseClient   *self,
                                                                  const char           *hostname,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
DeckFfPersonalToken    *deck_flowfuse_client_mint_token_finish   (DeckFlowfuseClient   *self,
                                                                  GAsyncResult         *result,
                                                                  char                **out_value,
                                                                  GError              **error);

/* Generic finishers: each _async above without its own _finish pairs with
 * one of these, by the type of its result. */
gpointer                deck_flowfuse_client_finish_object       (DeckFlowfuseClient   *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);
GListModel             *deck_flowfuse_client_finish_list         (DeckFlowfuseClient   *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);
gboolean                deck_flowfuse_client_finish_boolean      (DeckFlowfuseClient   *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);
DeckFfPage             *deck_flowfuse_client_finish_page         (DeckFlowfuseClient   *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);

/* Instance environment variables (a #GListModel of #DeckFfEnvVar, from
 * deck-ff-env-var.h) */
void                    deck_flowfuse_client_get_instance_env_async (DeckFlowfuseClient *self,
                                                                  const char           *instance_id,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
GListModel             *deck_flowfuse_client_get_instance_env_finish (DeckFlowfuseClient *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);
void                    deck_flowfuse_client_set_instance_env_async (DeckFlowfuseClient *self,
                                                                  const char           *instance_id,
                                                                  GListModel           *env,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
gboolean                deck_flowfuse_client_set_instance_env_finish (DeckFlowfuseClient *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);

G_END_DECLS
