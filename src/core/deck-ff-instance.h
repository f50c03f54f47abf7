/* deck-ff-instance.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * DeckFfInstanceState:
 * @DECK_FF_INSTANCE_STATE_UNKNOWN: "unknown", empty, absent, or a value this version does not know
 * @DECK_FF_INSTANCE_STATE_RUNNING: "running"
 * @DECK_FF_INSTANCE_STATE_STOPPED: "stopped"
 * @DECK_FF_INSTANCE_STATE_SUSPENDED: "suspended": no container at all
 * @DECK_FF_INSTANCE_STATE_STARTING: "starting" (in flight)
 * @DECK_FF_INSTANCE_STATE_STOPPING: "stopping" (in flight)
 * @DECK_FF_INSTANCE_STATE_RESTARTING: "restarting" (in flight)
 * @DECK_FF_INSTANCE_STATE_SUSPENDING: "suspending" (in flight)
 * @DECK_FF_INSTANCE_STATE_IMPORTING: "importing" (in flight)
 * @DECK_FF_INSTANCE_STATE_ROLLBACK: "rollback": a snapshot is being restored (in flight)
 * @DECK_FF_INSTANCE_STATE_LOADING: "loading": the launcher is setting up
 * @DECK_FF_INSTANCE_STATE_INSTALLING: "installing": the launcher installs modules
 * @DECK_FF_INSTANCE_STATE_SAFE: "safe": Node-RED runs in safe mode, flows stopped
 * @DECK_FF_INSTANCE_STATE_CRASHED: "crashed"
 * @DECK_FF_INSTANCE_STATE_ERROR: "error"
 * @DECK_FF_INSTANCE_STATE_WARNING: "warning"
 * @DECK_FF_INSTANCE_STATE_CONNECTED: "connected"
 * @DECK_FF_INSTANCE_STATE_INFO: "info"
 * @DECK_FF_INSTANCE_STATE_SUCCESS: "success"
 * @DECK_FF_INSTANCE_STATE_PUSHING: "pushing"
 * @DECK_FF_INSTANCE_STATE_PULLING: "pulling"
 * @DECK_FF_INSTANCE_STATE_PROTECTED: "protected"
 *
 * The live state of an instance, `meta.state`: every value API.md §3.4
 * lists (the forge's in-flight states, the database states, the
 * launcher's states and the states `instance-counts` accepts).
 */
typedef enum
{
  DECK_FF_INSTANCE_STATE_UNKNOWN,
  DECK_FF_INSTANCE_STATE_RUNNING,
  DECK_FF_INSTANCE_STATE_STOPPED,
  DECK_FF_INSTANCE_STATE_SUSPENDED,
  DECK_FF_INSTANCE_STATE_STARTING,
  DECK_FF_INSTANCE_STATE_STOPPING,
  DECK_FF_INSTANCE_STATE_RESTARTING,
  DECK_FF_INSTANCE_STATE_SUSPENDING,
  DECK_FF_INSTANCE_STATE_IMPORTING,
  DECK_FF_INSTANCE_STATE_ROLLBACK,
  DECK_FF_INSTANCE_STATE_LOADING,
  DECK_FF_INSTANCE_STATE_INSTALLING,
  DECK_FF_INSTANCE_STATE_SAFE,
  DECK_FF_INSTANCE_STATE_CRASHED,
  DECK_FF_INSTANCE_STATE_ERROR,
  DECK_FF_INSTANCE_STATE_WARNING,
  DECK_FF_INSTANCE_STATE_CONNECTED,
  DECK_FF_INSTANCE_STATE_INFO,
  DECK_FF_INSTANCE_STATE_SUCCESS,
  DECK_FF_INSTANCE_STATE_PUSHING,
  DECK_FF_INSTANCE_STATE_PULLING,
  DECK_FF_INSTANCE_STATE_PROTECTED,
} DeckFfInstanceState;

/**
 * DeckFfHttpNodeAuth:
 * @DECK_FF_HTTP_NODE_AUTH_NONE: HTTP routes and dashboards are open
 * @DECK_FF_HTTP_NODE_AUTH_BASIC: HTTP basic authentication
 * @DECK_FF_HTTP_NODE_AUTH_FLOWFORGE_USER: FlowFuse user authentication (and `ffhttp_` tokens)
 * @DECK_FF_HTTP_NODE_AUTH_UNKNOWN: the answer had no settings, or a type this version does not know
 *
 * `settings.httpNodeAuth.type` of an instance (API.md §3.6).
 */
typedef enum
{
  DECK_FF_HTTP_NODE_AUTH_NONE,
  DECK_FF_HTTP_NODE_AUTH_BASIC,
  DECK_FF_HTTP_NODE_AUTH_FLOWFORGE_USER,
  DECK_FF_HTTP_NODE_AUTH_UNKNOWN,
} DeckFfHttpNodeAuth;

#define DECK_TYPE_FF_INSTANCE_STATE (deck_ff_instance_state_get_type ())
#define DECK_TYPE_FF_HTTP_NODE_AUTH (deck_ff_http_node_auth_get_type ())

GType                deck_ff_instance_state_get_type         (void);
DeckFfInstanceState  deck_ff_instance_state_from_string      (const char          *state);
const char          *deck_ff_instance_state_to_label         (DeckFfInstanceState  state);
gboolean             deck_ff_instance_state_is_transitional  (DeckFfInstanceState  state);
GType                deck_ff_http_node_auth_get_type         (void);

#define DECK_TYPE_FF_INSTANCE (deck_ff_instance_get_type ())
/* deck_ff_instance_to_variant(): id, name, url, state, deploying,
 * Node-RED version, application id and name, team id, project type id
 * and name, stack id and name, template id and name, created, updated and
 * flows-updated times (µs since 1970, UTC), HTTP node auth */
#define DECK_FF_INSTANCE_VARIANT_TYPE G_VARIANT_TYPE ("(ssmssbmsmsmsmsmsmsmsmsmsmsmxmxmxu)")

G_DECLARE_FINAL_TYPE (DeckFfInstance, deck_ff_instance, DECK, FF_INSTANCE, GObject)

DeckFfInstance      *deck_ff_instance_new_from_json            (JsonObject      *object,
                                                                GError         **error);
GVariant            *deck_ff_instance_to_variant               (DeckFfInstance  *self);
DeckFfInstance      *deck_ff_instance_new_from_variant         (GVariant        *variant);
const char          *deck_ff_instance_get_id                   (DeckFfInstance  *self);
const char          *deck_ff_instance_get_name                 (DeckFfInstance  *self);
const char          *deck_ff_instance_get_url                  (DeckFfInstance  *self);
const char          *deck_ff_instance_get_state                (DeckFfInstance  *self);
DeckFfInstanceState  deck_ff_instance_get_state_id             (DeckFfInstance  *self);
gboolean             deck_ff_instance_get_is_deploying         (DeckFfInstance  *self);
const char          *deck_ff_instance_get_node_red_version     (DeckFfInstance  *self);
const char          *deck_ff_instance_get_application_id       (DeckFfInstance  *self);
const char          *deck_ff_instance_get_application_name     (DeckFfInstance  *self);
const char          *deck_ff_instance_get_team_id              (DeckFfInstance  *self);
const char          *deck_ff_instance_get_project_type_id      (DeckFfInstance  *self);
const char          *deck_ff_instance_get_project_type_name    (DeckFfInstance  *self);
const char          *deck_ff_instance_get_stack_id             (DeckFfInstance  *self);
const char          *deck_ff_instance_get_stack_name           (DeckFfInstance  *self);
const char          *deck_ff_instance_get_template_id          (DeckFfInstance  *self);
const char          *deck_ff_instance_get_template_name        (DeckFfInstance  *self);
GDateTime           *deck_ff_instance_get_created_at           (DeckFfInstance  *self);
GDateTime           *deck_ff_instance_get_updated_at           (DeckFfInstance  *self);
GDateTime           *deck_ff_instance_get_flow_last_updated_at (DeckFfInstance  *self);
DeckFfHttpNodeAuth   deck_ff_instance_get_http_node_auth       (DeckFfInstance  *self);
void                 deck_ff_instance_update_from              (DeckFfInstance  *self,
                                                                DeckFfInstance  *newer);
void                 deck_ff_instance_take_live_state          (DeckFfInstance  *self,
                                                                DeckFfInstance  *from);
void                 deck_ff_instance_apply_status             (DeckFfInstance  *self,
                                                                JsonObject      *status);
gboolean             deck_ff_instance_matches                  (DeckFfInstance  *self,
                                                                const char      *folded_query);
char                *deck_ff_instance_dup_dashboard_url        (DeckFfInstance  *self);

G_END_DECLS
