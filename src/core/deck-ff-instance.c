/* deck-ff-instance.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-ff-models"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "deck-ff-instance.h"
#include "deck-json.h"

/* A hosted Node-RED instance ("project" in the API): `Instance` merged
 * with `InstanceStatus`, from `GET /api/v1/projects/:id`,
 * `GET /api/v1/teams/:id/projects?includeMeta=true` and
 * `GET /api/v1/applications/:id/instances` (forge/db/views/Project.js).
 * Required: `id` (a UUID) and `name`. Team lists leave out `url`, so it
 * is optional.
 *
 * - state: `meta.state` verbatim; "unknown" when absent, empty or not a
 *   string. state-id is the same as a #DeckFfInstanceState.
 * - is-deploying: `meta.isDeploying`, else the top-level `isDeploying`.
 * - node-red-version: `meta.versions["node-red"]` (what runs), else the
 *   stack's `properties.nodered` (what the stack installs).
 * - application/team/projectType/stack/template: the ids and names of
 *   the embedded summaries; a plain `applicationId` or `teamId` string is
 *   accepted too.
 * - http-node-auth: UNKNOWN when the answer has no `settings` object at
 *   all (status-only answers); otherwise `settings.httpNodeAuth.type`,
 *   where absent, empty or "none" is NONE (what the launcher does) and a
 *   type we do not know is UNKNOWN.
 *
 * Every property notifies explicitly, and only from
 * deck_ff_instance_update_from(), so that rows bound to an instance update
 * in place while the list is polled. */

G_DEFINE_ENUM_TYPE (DeckFfInstanceState, deck_ff_instance_state,
                    G_DEFINE_ENUM_VALUE (DECK_FF_INSTANCE_STATE_UNKNOWN, "unknown"),
                    G_DEFINE_ENUM_VALUE (DECK_FF_INSTANCE_STATE_RUNNING, "running"),
                    G_DEFINE_ENUM_VALUE (DECK_FF_INSTANCE_STATE_STOPPED, "stopped"),
                    G_DEFINE_ENUM_VALUE (DECK_FF_INSTANCE_STATE_SUSPENDED, "suspended"),
                    G_DEFINE_ENUM_VALUE (DECK_FF_INSTANCE_STATE_STARTING, "starting"),
                    G_DEFINE_ENUM_VALUE (DECK_FF_INSTANCE_STATE_STOPPING, "stopping"),
                    G_DEFINE_ENUM_VALUE (DECK_FF_INSTANCE_STATE_RESTARTING, "restarting"),
                    G_DEFINE_ENUM_VALUE (DECK_FF_INSTANCE_STATE_SUSPENDING, "suspending"),
                    G_DEFINE_ENUM_VALUE (DECK_FF_INSTANCE_STATE_IMPORTING, "importing"),
                    G_DEFINE_ENUM_VALUE (DECK_FF_INSTANCE_STATE_ROLLBACK, "rollback"),
                    G_DEFINE_ENUM_VALUE (DECK_FF_INSTANCE_STATE_LOADING, "loading"),
                    G_DEFINE_ENUM_VALUE (DECK_FF_INSTANCE_STATE_INSTALLING, "installing"),
                    G_DEFINE_ENUM_VALUE (DECK_FF_INSTANCE_STATE_SAFE, "safe"),
                    G_DEFINE_ENUM_VALUE (DECK_FF_INSTANCE_STATE_CRASHED, "crashed"),
                    G_DEFINE_ENUM_VALUE (DECK_FF_INSTANCE_STATE_ERROR, "error"),
                    G_DEFINE_ENUM_VALUE (DECK_FF_INSTANCE_STATE_WARNING, "warning"),
                    G_DEFINE_ENUM_VALUE (DECK_FF_INSTANCE_STATE_CONNECTED, "connected"),
                    G_DEFINE_ENUM_VALUE (DECK_FF_INSTANCE_STATE_INFO, "info"),
                    G_DEFINE_ENUM_VALUE (DECK_FF_INSTANCE_STATE_SUCCESS, "success"),
                    G_DEFINE_ENUM_VALUE (DECK_FF_INSTANCE_STATE_PUSHING, "pushing"),
                    G_DEFINE_ENUM_VALUE (DECK_FF_INSTANCE_STATE_PULLING, "pulling"),
                    G_DEFINE_ENUM_VALUE (DECK_FF_INSTANCE_STATE_PROTECTED, "protected"))

G_DEFINE_ENUM_TYPE (DeckFfHttpNodeAuth, deck_ff_http_node_auth,
                    G_DEFINE_ENUM_VALUE (DECK_FF_HTTP_NODE_AUTH_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (DECK_FF_HTTP_NODE_AUTH_BASIC, "basic"),
                    G_DEFINE_ENUM_VALUE (DECK_FF_HTTP_NODE_AUTH_FLOWFORGE_USER, "flowforge-user"),
                    G_DEFINE_ENUM_VALUE (DECK_FF_HTTP_NODE_AUTH_UNKNOWN, "unknown"))

struct _DeckFfInstance
{
  GObject              parent_instance;

  char                *id;
  char                *name;
  char                *url;
  char                *state;
  DeckFfInstanceState  state_id;
  gboolean             is_deploying;
  char                *node_red_version;
  char                *application_id;
  char                *application_name;
  /* deck_ff_instance_matches()' casefolded name and application (two
   * strings back to back), and state label; dropped on a change */
  char                *folded_names;
  gsize                folded_name_len;
  char                *folded_state;
  DeckFfInstanceState  folded_state_id;
  char                *team_id;
  char                *project_type_id;
  char                *project_type_name;
  char                *stack_id;
  char                *stack_name;
  char                *template_id;
  char                *template_name;
  GDateTime           *created_at;
  GDateTime           *updated_at;
  GDateTime           *flow_last_updated_at;
  DeckFfHttpNodeAuth   http_node_auth;
};

G_DEFINE_FINAL_TYPE (DeckFfInstance, deck_ff_instance, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_URL,
  PROP_STATE,
  PROP_STATE_ID,
  PROP_IS_DEPLOYING,
  PROP_NODE_RED_VERSION,
  PROP_APPLICATION_ID,
  PROP_APPLICATION_NAME,
  PROP_TEAM_ID,
  PROP_PROJECT_TYPE_ID,
  PROP_PROJECT_TYPE_NAME,
  PROP_STACK_ID,
  PROP_STACK_NAME,
  PROP_TEMPLATE_ID,
  PROP_TEMPLATE_NAME,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_FLOW_LAST_UPDATED_AT,
  PROP_HTTP_NODE_AUTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
first_string (JsonObject *object,
              const char *path,
              const char *fallback_path)
{
  const char *value = deck_json_get_path_string (object, path);

  if (value == NULL && fallback_path != NULL)
    value = deck_json_get_path_string (object, fallback_path);

  return value;
}

static DeckFfHttpNodeAuth
http_node_auth_from_json (JsonObject *object)
{
  JsonObject *settings;
  const char *type;

  settings = deck_json_get_object (object, "settings");
  if (settings == NULL)
    return DECK_FF_HTTP_NODE_AUTH_UNKNOWN;

  type = deck_json_get_path_string (settings, "httpNodeAuth.type");
  if (type == NULL || *type == '\0' || g_str_equal (type, "none"))
    return DECK_FF_HTTP_NODE_AUTH_NONE;
  if (g_str_equal (type, "basic"))
    return DECK_FF_HTTP_NODE_AUTH_BASIC;
  if (g_str_equal (type, "flowforge-user"))
    return DECK_FF_HTTP_NODE_AUTH_FLOWFORGE_USER;

  return DECK_FF_HTTP_NODE_AUTH_UNKNOWN;
}

static gboolean
set_string (char       **dest,
            const char  *src)
{
  if (g_strcmp0 (*dest, src) == 0)
    return FALSE;

  g_free (*dest);
  *dest = g_strdup (src);
  return TRUE;
}

static gboolean
set_datetime (GDateTime **dest,
              GDateTime  *src)
{
  if (*dest == src || (*dest != NULL && src != NULL && g_date_time_equal (*dest, src)))
    return FALSE;

  g_clear_pointer (dest, g_date_time_unref);
  if (src != NULL)
    *dest = g_date_time_ref (src);
  return TRUE;
}

static void
deck_ff_instance_finalize (GObject *object)
{
  DeckFfInstance *self = (DeckFfInstance *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->state, g_free);
  g_clear_pointer (&self->node_red_version, g_free);
  g_clear_pointer (&self->application_id, g_free);
  g_clear_pointer (&self->application_name, g_free);
  g_clear_pointer (&self->folded_names, g_free);
  g_clear_pointer (&self->folded_state, g_free);
  g_clear_pointer (&self->team_id, g_free);
  g_clear_pointer (&self->project_type_id, g_free);
  g_clear_pointer (&self->project_type_name, g_free);
  g_clear_pointer (&self->stack_id, g_free);
  g_clear_pointer (&self->stack_name, g_free);
  g_clear_pointer (&self->template_id, g_free);
  g_clear_pointer (&self->template_name, g_free);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->updated_at, g_date_time_unref);
  g_clear_pointer (&self->flow_last_updated_at, g_date_time_unref);

  G_OBJECT_CLASS (deck_ff_instance_parent_class)->finalize (object);
}

static void
deck_ff_instance_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DeckFfInstance *self = DECK_FF_INSTANCE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, deck_ff_instance_get_id (self));
      break;

    case PROP_NAME:
      g_value_set_string (value, deck_ff_instance_get_name (self));
      break;

    case PROP_URL:
      g_value_set_string (value, deck_ff_instance_get_url (self));
      break;

    case PROP_STATE:
      g_value_set_string (value, deck_ff_instance_get_state (self));
      break;

    case PROP_STATE_ID:
      g_value_set_enum (value, deck_ff_instance_get_state_id (self));
      break;

    case PROP_IS_DEPLOYING:
      g_value_set_boolean (value, deck_ff_instance_get_is_deploying (self));
      break;

    case PROP_NODE_RED_VERSION:
      g_value_set_string (value, deck_ff_instance_get_node_red_version (self));
      break;

    case PROP_APPLICATION_ID:
      g_value_set_string (value, deck_ff_instance_get_application_id (self));
      break;

    case PROP_APPLICATION_NAME:
      g_value_set_string (value, deck_ff_instance_get_application_name (self));
      break;

    case PROP_TEAM_ID:
      g_value_set_string (value, deck_ff_instance_get_team_id (self));
      break;

    case PROP_PROJECT_TYPE_ID:
      g_value_set_string (value, deck_ff_instance_get_project_type_id (self));
      break;

    case PROP_PROJECT_TYPE_NAME:
      g_value_set_string (value, deck_ff_instance_get_project_type_name (self));
      break;

    case PROP_STACK_ID:
      g_value_set_string (value, deck_ff_instance_get_stack_id (self));
      break;

    case PROP_STACK_NAME:
      g_value_set_string (value, deck_ff_instance_get_stack_name (self));
      break;

    case PROP_TEMPLATE_ID:
      g_value_set_string (value, deck_ff_instance_get_template_id (self));
      break;

    case PROP_TEMPLATE_NAME:
      g_value_set_string (value, deck_ff_instance_get_template_name (self));
      break;

    case PROP_CREATED_AT:
      g_value_set_boxed (value, deck_ff_instance_get_created_at (self));
      break;

    case PROP_UPDATED_AT:
      g_value_set_boxed (value, deck_ff_instance_get_updated_at (self));
      break;

    case PROP_FLOW_LAST_UPDATED_AT:
      g_value_set_boxed (value, deck_ff_instance_get_flow_last_updated_at (self));
      break;

    case PROP_HTTP_NODE_AUTH:
      g_value_set_enum (value, deck_ff_instance_get_http_node_auth (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_ff_instance_class_init (DeckFfInstanceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = deck_ff_instance_finalize;
  object_class->get_property = deck_ff_instance_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS |
                          G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS |
                          G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS |
                          G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_STATE] =
    g_param_spec_string ("state", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS |
                          G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_STATE_ID] =
    g_param_spec_enum ("state-id", NULL, NULL,
                       DECK_TYPE_FF_INSTANCE_STATE, DECK_FF_INSTANCE_STATE_UNKNOWN,
                       (G_PARAM_READABLE |
                        G_PARAM_STATIC_STRINGS |
                        G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_IS_DEPLOYING] =
    g_param_spec_boolean ("is-deploying", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_STATIC_STRINGS |
                           G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_NODE_RED_VERSION] =
    g_param_spec_string ("node-red-version", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS |
                          G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_APPLICATION_ID] =
    g_param_spec_string ("application-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS |
                          G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_APPLICATION_NAME] =
    g_param_spec_string ("application-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS |
                          G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_TEAM_ID] =
    g_param_spec_string ("team-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS |
                          G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_PROJECT_TYPE_ID] =
    g_param_spec_string ("project-type-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS |
                          G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_PROJECT_TYPE_NAME] =
    g_param_spec_string ("project-type-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS |
                          G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_STACK_ID] =
    g_param_spec_string ("stack-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS |
                          G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_STACK_NAME] =
    g_param_spec_string ("stack-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS |
                          G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_TEMPLATE_ID] =
    g_param_spec_string ("template-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS |
                          G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_TEMPLATE_NAME] =
    g_param_spec_string ("template-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS |
                          G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        (G_PARAM_READABLE |
                         G_PARAM_STATIC_STRINGS |
                         G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_UPDATED_AT] =
    g_param_spec_boxed ("updated-at", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        (G_PARAM_READABLE |
                         G_PARAM_STATIC_STRINGS |
                         G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_FLOW_LAST_UPDATED_AT] =
    g_param_spec_boxed ("flow-last-updated-at", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        (G_PARAM_READABLE |
                         G_PARAM_STATIC_STRINGS |
                         G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_HTTP_NODE_AUTH] =
    g_param_spec_enum ("http-node-auth", NULL, NULL,
                       DECK_TYPE_FF_HTTP_NODE_AUTH, DECK_FF_HTTP_NODE_AUTH_UNKNOWN,
                       (G_PARAM_READABLE |
                        G_PARAM_STATIC_STRINGS |
                        G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
deck_ff_instance_init (DeckFfInstance *self)
{
  self->state_id = DECK_FF_INSTANCE_STATE_UNKNOWN;
  self->http_node_auth = DECK_FF_HTTP_NODE_AUTH_UNKNOWN;
}

/**
 * deck_ff_instance_new_from_json:
 * @object: a JSON object from the server
 * @error: a location for a #GError, or %NULL
 *
 * Reads an instance. Required: `id`, `name`.
 *
 * Returns: (transfer full) (nullable): a new #DeckFfInstance, or %NULL with @error
 *   set to a %DECK_FLOWFUSE_ERROR_UNEXPECTED_RESPONSE naming the field
 */
DeckFfInstance *
deck_ff_instance_new_from_json (JsonObject  *object,
                                GError     **error)
{
  DeckFfInstance *self;
  const char *id;
  const char *name;
  const char *state;
  JsonObject *meta;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  id = deck_json_require_string (object, "id", "instance", error);
  if (id == NULL)
    return NULL;

  name = deck_json_require_string (object, "name", "instance", error);
  if (name == NULL)
    return NULL;

  self = g_object_new (DECK_TYPE_FF_INSTANCE, NULL);
  self->id = g_strdup (id);
  self->name = g_strdup (name);
  self->url = g_strdup (deck_json_get_string (object, "url"));

  meta = deck_json_get_object (object, "meta");
  state = meta != NULL ? deck_json_get_string (meta, "state") : NULL;
  if (state == NULL || *state == '\0')
    state = "unknown";
  self->state = g_strdup (state);
  self->state_id = deck_ff_instance_state_from_string (state);

  self->is_deploying = deck_json_get_bool (object, "isDeploying", FALSE);
  if (meta != NULL)
    self->is_deploying = deck_json_get_bool (meta, "isDeploying", self->is_deploying);

  self->node_red_version = g_strdup (first_string (object, "meta.versions.node-red",
                                                   "stack.properties.nodered"));
  self->application_id = g_strdup (first_string (object, "application.id", "applicationId"));
  self->application_name = g_strdup (first_string (object, "application.name", NULL));
  self->team_id = g_strdup (first_string (object, "team.id", "teamId"));
  self->project_type_id = g_strdup (first_string (object, "projectType.id", NULL));
  self->project_type_name = g_strdup (first_string (object, "projectType.name", NULL));
  self->stack_id = g_strdup (first_string (object, "stack.id", NULL));
  self->stack_name = g_strdup (first_string (object, "stack.name", NULL));
  self->template_id = g_strdup (first_string (object, "template.id", NULL));
  self->template_name = g_strdup (first_string (object, "template.name", NULL));
  self->created_at = deck_json_get_datetime (object, "createdAt");
  self->updated_at = deck_json_get_datetime (object, "updatedAt");
  self->flow_last_updated_at = deck_json_get_datetime (object, "flowLastUpdatedAt");
  self->http_node_auth = http_node_auth_from_json (object);

  return self;
}

static const char *
empty_to_null (const char *value)
{
  return value != NULL && *value != '\0' ? value : NULL;
}

static GDateTime *
datetime_from_usec (GVariant *maybe)
{
  g_autoptr(GVariant) inner = maybe != NULL ? g_variant_get_maybe (maybe) : NULL;

  return inner != NULL ? deck_json_datetime_from_usec (g_variant_get_int64 (inner)) : NULL;
}

static GVariant *
usec_from_datetime (GDateTime *value)
{
  return g_variant_new_maybe (G_VARIANT_TYPE_INT64,
                              value != NULL ? g_variant_new_int64 (deck_json_datetime_to_usec (value))
                                            : NULL);
}

/**
 * deck_ff_instance_to_variant:
 * @self: a #DeckFfInstance
 *
 * Everything the instance holds, live state and versions included, as a
 * %DECK_FF_INSTANCE_VARIANT_TYPE for the start-up snapshot
 * (deck-snapshot.c); deck_ff_instance_new_from_variant() reads it back.
 *
 * Returns: (transfer floating): a new #GVariant
 */
GVariant *
deck_ff_instance_to_variant (DeckFfInstance *self)
{
  g_return_val_if_fail (DECK_IS_FF_INSTANCE (self), NULL);

  return g_variant_new ("(ssmssbmsmsmsmsmsmsmsmsmsms@mx@mx@mxu)",
                        self->id, self->name, self->url, self->state, self->is_deploying,
                        self->node_red_version, self->application_id, self->application_name,
                        self->team_id, self->project_type_id, self->project_type_name,
                        self->stack_id, self->stack_name, self->template_id, self->template_name,
                        usec_from_datetime (self->created_at),
                        usec_from_datetime (self->updated_at),
                        usec_from_datetime (self->flow_last_updated_at),
                        (guint32) self->http_node_auth);
}

/**
 * deck_ff_instance_new_from_variant:
 * @variant: a %DECK_FF_INSTANCE_VARIANT_TYPE, from
 *   deck_ff_instance_to_variant() or from a file (untrusted)
 *
 * Holds the instance to the same rules as deck_ff_instance_new_from_json():
 * the id and name must not be empty; an empty state is "unknown"; an
 * HTTP auth this version does not know is unknown.
 *
 * Returns: (transfer full) (nullable): a new #DeckFfInstance, or %NULL
 *   when @variant has no id or name
 */
DeckFfInstance *
deck_ff_instance_new_from_variant (GVariant *variant)
{
  DeckFfInstance *self;
  const char *id, *name, *url, *state, *version, *app_id, *app_name, *team_id;
  const char *pt_id, *pt_name, *stack_id, *stack_name, *tpl_id, *tpl_name;
  g_autoptr(GVariant) created = NULL;
  g_autoptr(GVariant) updated = NULL;
  g_autoptr(GVariant) flow = NULL;
  gboolean deploying;
  guint32 auth;

  g_return_val_if_fail (variant != NULL, NULL);
  g_return_val_if_fail (g_variant_is_of_type (variant, DECK_FF_INSTANCE_VARIANT_TYPE), NULL);

  g_variant_get (variant, "(&s&sm&s&sbm&sm&sm&sm&sm&sm&sm&sm&sm&sm&s@mx@mx@mxu)",
                 &id, &name, &url, &state, &deploying, &version, &app_id, &app_name, &team_id,
                 &pt_id, &pt_name, &stack_id, &stack_name, &tpl_id, &tpl_name,
                 &created, &updated, &flow, &auth);
  if (*id == '\0' || *name == '\0')
    return NULL;

  self = g_object_new (DECK_TYPE_FF_INSTANCE, NULL);
  self->id = g_strdup (id);
  self->name = g_strdup (name);
  self->url = g_strdup (url);
  self->state = g_strdup (*state != '\0' ? state : "unknown");
  self->state_id = deck_ff_instance_state_from_string (self->state);
  self->is_deploying = deploying;
  self->node_red_version = g_strdup (empty_to_null (version));
  self->application_id = g_strdup (empty_to_null (app_id));
  self->application_name = g_strdup (empty_to_null (app_name));
  self->team_id = g_strdup (empty_to_null (team_id));
  self->project_type_id = g_strdup (empty_to_null (pt_id));
  self->project_type_name = g_strdup (empty_to_null (pt_name));
  self->stack_id = g_strdup (empty_to_null (stack_id));
  self->stack_name = g_strdup (empty_to_null (stack_name));
  self->template_id = g_strdup (empty_to_null (tpl_id));
  self->template_name = g_strdup (empty_to_null (tpl_name));
  self->created_at = datetime_from_usec (created);
  self->updated_at = datetime_from_usec (updated);
  self->flow_last_updated_at = datetime_from_usec (flow);
  self->http_node_auth = auth <= DECK_FF_HTTP_NODE_AUTH_UNKNOWN ? auth
                                                                : DECK_FF_HTTP_NODE_AUTH_UNKNOWN;

  return self;
}

/**
 * deck_ff_instance_get_id:
 * @self: a #DeckFfInstance
 *
 * Returns: the instance's UUID
 */
const char *
deck_ff_instance_get_id (DeckFfInstance *self)
{
  g_return_val_if_fail (DECK_IS_FF_INSTANCE (self), NULL);

  return self->id;
}

/**
 * deck_ff_instance_get_name:
 * @self: a #DeckFfInstance
 *
 * Returns: the name (also its host name on most platforms)
 */
const char *
deck_ff_instance_get_name (DeckFfInstance *self)
{
  g_return_val_if_fail (DECK_IS_FF_INSTANCE (self), NULL);

  return self->name;
}

/**
 * deck_ff_instance_get_url:
 * @self: a #DeckFfInstance
 *
 * Returns: (nullable): the editor and admin API base URL
 */
const char *
deck_ff_instance_get_url (DeckFfInstance *self)
{
  g_return_val_if_fail (DECK_IS_FF_INSTANCE (self), NULL);

  return self->url;
}

/**
 * deck_ff_instance_get_state:
 * @self: a #DeckFfInstance
 *
 * Returns: the live state as the server sent it, "unknown" when it did not
 */
const char *
deck_ff_instance_get_state (DeckFfInstance *self)
{
  g_return_val_if_fail (DECK_IS_FF_INSTANCE (self), NULL);

  return self->state;
}

/**
 * deck_ff_instance_get_state_id:
 * @self: a #DeckFfInstance
 *
 * Returns: the live state
 */
DeckFfInstanceState
deck_ff_instance_get_state_id (DeckFfInstance *self)
{
  g_return_val_if_fail (DECK_IS_FF_INSTANCE (self), DECK_FF_INSTANCE_STATE_UNKNOWN);

  return self->state_id;
}

/**
 * deck_ff_instance_get_is_deploying:
 * @self: a #DeckFfInstance
 *
 * Returns: whether flows are being deployed
 */
gboolean
deck_ff_instance_get_is_deploying (DeckFfInstance *self)
{
  g_return_val_if_fail (DECK_IS_FF_INSTANCE (self), FALSE);

  return self->is_deploying;
}

/**
 * deck_ff_instance_get_node_red_version:
 * @self: a #DeckFfInstance
 *
 * Returns: (nullable): the Node-RED version
 */
const char *
deck_ff_instance_get_node_red_version (DeckFfInstance *self)
{
  g_return_val_if_fail (DECK_IS_FF_INSTANCE (self), NULL);

  return self->node_red_version;
}

/**
 * deck_ff_instance_get_application_id:
 * @self: a #DeckFfInstance
 *
 * Returns: (nullable): the hashid of the application
 */
const char *
deck_ff_instance_get_application_id (DeckFfInstance *self)
{
  g_return_val_if_fail (DECK_IS_FF_INSTANCE (self), NULL);

  return self->application_id;
}

/**
 * deck_ff_instance_get_application_name:
 * @self: a #DeckFfInstance
 *
 * Returns: (nullable): the name of the application
 */
const char *
deck_ff_instance_get_application_name (DeckFfInstance *self)
{
  g_return_val_if_fail (DECK_IS_FF_INSTANCE (self), NULL);

  return self->application_name;
}

/**
 * deck_ff_instance_get_team_id:
 * @self: a #DeckFfInstance
 *
 * Returns: (nullable): the hashid of the team
 */
const char *
deck_ff_instance_get_team_id (DeckFfInstance *self)
{
  g_return_val_if_fail (DECK_IS_FF_INSTANCE (self), NULL);

  return self->team_id;
}

/**
 * deck_ff_instance_get_project_type_id:
 * @self: a #DeckFfInstance
 *
 * Returns: (nullable): the hashid of the instance type
 */
const char *
deck_ff_instance_get_project_type_id (DeckFfInstance *self)
{
  g_return_val_if_fail (DECK_IS_FF_INSTANCE (self), NULL);

  return self->project_type_id;
}

/**
 * deck_ff_instance_get_project_type_name:
 * @self: a #DeckFfInstance
 *
 * Returns: (nullable): the name of the instance type
 */
const char *
deck_ff_instance_get_project_type_name (DeckFfInstance *self)
{
  g_return_val_if_fail (DECK_IS_FF_INSTANCE (self), NULL);

  return self->project_type_name;
}

/**
 * deck_ff_instance_get_stack_id:
 * @self: a #DeckFfInstance
 *
 * Returns: (nullable): the hashid of the stack
 */
const char *
deck_ff_instance_get_stack_id (DeckFfInstance *self)
{
  g_return_val_if_fail (DECK_IS_FF_INSTANCE (self), NULL);

  return self->stack_id;
}

/**
 * deck_ff_instance_get_stack_name:
 * @self: a #DeckFfInstance
 *
 * Returns: (nullable): the name of the stack
 */
const char *
deck_ff_instance_get_stack_name (DeckFfInstance *self)
{
  g_return_val_if_fail (DECK_IS_FF_INSTANCE (self), NULL);

  return self->stack_name;
}

/**
 * deck_ff_instance_get_template_id:
 * @self: a #DeckFfInstance
 *
 * Returns: (nullable): the hashid of the template
 */
const char *
deck_ff_instance_get_template_id (DeckFfInstance *self)
{
  g_return_val_if_fail (DECK_IS_FF_INSTANCE (self), NULL);

  return self->template_id;
}

/**
 * deck_ff_instance_get_template_name:
 * @self: a #DeckFfInstance
 *
 * Returns: (nullable): the name of the template
 */
const char *
deck_ff_instance_get_template_name (DeckFfInstance *self)
{
  g_return_val_if_fail (DECK_IS_FF_INSTANCE (self), NULL);

  return self->template_name;
}

/**
 * deck_ff_instance_get_created_at:
 * @self: a #DeckFfInstance
 *
 * Returns: (transfer none) (nullable): when the instance was created
 */
GDateTime *
deck_ff_instance_get_created_at (DeckFfInstance *self)
{
  g_return_val_if_fail (DECK_IS_FF_INSTANCE (self), NULL);

  return self->created_at;
}

/**
 * deck_ff_instance_get_updated_at:
 * @self: a #DeckFfInstance
 *
 * Returns: (transfer none) (nullable): when the instance was last changed
 */
GDateTime *
deck_ff_instance_get_updated_at (DeckFfInstance *self)
{
  g_return_val_if_fail (DECK_IS_FF_INSTANCE (self), NULL);

  return self->updated_at;
}

/**
 * deck_ff_instance_get_flow_last_updated_at:
 * @self: a #DeckFfInstance
 *
 * Returns: (transfer none) (nullable): when flows were last deployed
 */
GDateTime *
deck_ff_instance_get_flow_last_updated_at (DeckFfInstance *self)
{
  g_return_val_if_fail (DECK_IS_FF_INSTANCE (self), NULL);

  return self->flow_last_updated_at;
}

/**
 * deck_ff_instance_get_http_node_auth:
 * @self: a #DeckFfInstance
 *
 * Returns: how HTTP routes and dashboards are protected
 */
DeckFfHttpNodeAuth
deck_ff_instance_get_http_node_auth (DeckFfInstance *self)
{
  g_return_val_if_fail (DECK_IS_FF_INSTANCE (self), DECK_FF_HTTP_NODE_AUTH_UNKNOWN);

  return self->http_node_auth;
}

/**
 * deck_ff_instance_update_from:
 * @self: a #DeckFfInstance
 * @newer: a fresher copy of the same instance (same id)
 *
 * Copies every field of @newer into @self and notifies each property
 * whose value changed, and only those, once the copy is complete. A list
 * keeps its #DeckFfInstance objects and feeds each poll's answers through
 * this, so that bound rows update in place.
 *
 * Give it a full instance: a field @newer lacks is cleared in @self.
 */
void
deck_ff_instance_update_from (DeckFfInstance *self,
                              DeckFfInstance *newer)
{
  static const struct {
    gsize offset;
    guint prop;
  } strings[] = {
    { G_STRUCT_OFFSET (DeckFfInstance, name), PROP_NAME },
    { G_STRUCT_OFFSET (DeckFfInstance, url), PROP_URL },
    { G_STRUCT_OFFSET (DeckFfInstance, state), PROP_STATE },
    { G_STRUCT_OFFSET (DeckFfInstance, node_red_version), PROP_NODE_RED_VERSION },
    { G_STRUCT_OFFSET (DeckFfInstance, application_id), PROP_APPLICATION_ID },
    { G_STRUCT_OFFSET (DeckFfInstance, application_name), PROP_APPLICATION_NAME },
    { G_STRUCT_OFFSET (DeckFfInstance, team_id), PROP_TEAM_ID },
    { G_STRUCT_OFFSET (DeckFfInstance, project_type_id), PROP_PROJECT_TYPE_ID },
    { G_STRUCT_OFFSET (DeckFfInstance, project_type_name), PROP_PROJECT_TYPE_NAME },
    { G_STRUCT_OFFSET (DeckFfInstance, stack_id), PROP_STACK_ID },
    { G_STRUCT_OFFSET (DeckFfInstance, stack_name), PROP_STACK_NAME },
    { G_STRUCT_OFFSET (DeckFfInstance, template_id), PROP_TEMPLATE_ID },
    { G_STRUCT_OFFSET (DeckFfInstance, template_name), PROP_TEMPLATE_NAME },
  }, datetimes[] = {
    { G_STRUCT_OFFSET (DeckFfInstance, created_at), PROP_CREATED_AT },
    { G_STRUCT_OFFSET (DeckFfInstance, updated_at), PROP_UPDATED_AT },
    { G_STRUCT_OFFSET (DeckFfInstance, flow_last_updated_at), PROP_FLOW_LAST_UPDATED_AT },
  };

  g_return_if_fail (DECK_IS_FF_INSTANCE (self));
  g_return_if_fail (DECK_IS_FF_INSTANCE (newer));
  g_return_if_fail (g_strcmp0 (self->id, newer->id) == 0);

  if (self == newer)
    return;

  /* Notifications queue up until the copy is complete, so a handler
   * never sees a half-updated instance. */
  g_object_freeze_notify (G_OBJECT (self));
  g_clear_pointer (&self->folded_names, g_free);

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      if (set_string (G_STRUCT_MEMBER_P (self, strings[i].offset),
                      G_STRUCT_MEMBER (char *, newer, strings[i].offset)))
        g_object_notify_by_pspec (G_OBJECT (self), properties[strings[i].prop]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (datetimes); i++)
    {
      if (set_datetime (G_STRUCT_MEMBER_P (self, datetimes[i].offset),
                        G_STRUCT_MEMBER (GDateTime *, newer, datetimes[i].offset)))
        g_object_notify_by_pspec (G_OBJECT (self), properties[datetimes[i].prop]);
    }

  if (self->state_id != newer->state_id)
    {
      self->state_id = newer->state_id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE_ID]);
    }

  if (self->is_deploying != newer->is_deploying)
    {
      self->is_deploying = newer->is_deploying;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_DEPLOYING]);
    }

  if (self->http_node_auth != newer->http_node_auth)
    {
      self->http_node_auth = newer->http_node_auth;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HTTP_NODE_AUTH]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * deck_ff_instance_state_from_string:
 * @state: (nullable): a `meta.state` value
 *
 * Returns: the matching #DeckFfInstanceState, or
 *   %DECK_FF_INSTANCE_STATE_UNKNOWN for %NULL and anything unknown
 */
DeckFfInstanceState
deck_ff_instance_state_from_string (const char *state)
{
  GEnumClass *klass;
  GEnumValue *value;
  DeckFfInstanceState result = DECK_FF_INSTANCE_STATE_UNKNOWN;

  if (state == NULL)
    return result;

  /* The nicks are the wire strings. */
  klass = g_type_class_ref (DECK_TYPE_FF_INSTANCE_STATE);
  value = g_enum_get_value_by_nick (klass, state);
  if (value != NULL)
    result = value->value;
  g_type_class_unref (klass);

  return result;
}

/**
 * deck_ff_instance_state_to_label:
 * @state: a #DeckFfInstanceState
 *
 * Returns: a short translated label for @state, for display
 */
const char *
deck_ff_instance_state_to_label (DeckFfInstanceState state)
{
  switch (state)
    {
    case DECK_FF_INSTANCE_STATE_RUNNING:
      return C_("instance state", "Running");
    case DECK_FF_INSTANCE_STATE_STOPPED:
      return C_("instance state", "Stopped");
    case DECK_FF_INSTANCE_STATE_SUSPENDED:
      return C_("instance state", "Suspended");
    case DECK_FF_INSTANCE_STATE_STARTING:
      return C_("instance state", "Starting");
    case DECK_FF_INSTANCE_STATE_STOPPING:
      return C_("instance state", "Stopping");
    case DECK_FF_INSTANCE_STATE_RESTARTING:
      return C_("instance state", "Restarting");
    case DECK_FF_INSTANCE_STATE_SUSPENDING:
      return C_("instance state", "Suspending");
    case DECK_FF_INSTANCE_STATE_IMPORTING:
      return C_("instance state", "Importing");
    case DECK_FF_INSTANCE_STATE_ROLLBACK:
      return C_("instance state", "Rolling back");
    case DECK_FF_INSTANCE_STATE_LOADING:
      return C_("instance state", "Loading");
    case DECK_FF_INSTANCE_STATE_INSTALLING:
      return C_("instance state", "Installing");
    case DECK_FF_INSTANCE_STATE_SAFE:
      return C_("instance state", "Safe mode");
    case DECK_FF_INSTANCE_STATE_CRASHED:
      return C_("instance state", "Crashed");
    case DECK_FF_INSTANCE_STATE_ERROR:
      return C_("instance state", "Error");
    case DECK_FF_INSTANCE_STATE_WARNING:
      return C_("instance state", "Warning");
    case DECK_FF_INSTANCE_STATE_CONNECTED:
      return C_("instance state", "Connected");
    case DECK_FF_INSTANCE_STATE_INFO:
      return C_("instance state", "Info");
    case DECK_FF_INSTANCE_STATE_SUCCESS:
      return C_("instance state", "Success");
    case DECK_FF_INSTANCE_STATE_PUSHING:
      return C_("instance state", "Pushing");
    case DECK_FF_INSTANCE_STATE_PULLING:
      return C_("instance state", "Pulling");
    case DECK_FF_INSTANCE_STATE_PROTECTED:
      return C_("instance state", "Protected");
    case DECK_FF_INSTANCE_STATE_UNKNOWN:
    default:
      return C_("instance state", "Unknown");
    }
}

/**
 * deck_ff_instance_state_is_transitional:
 * @state: a #DeckFfInstanceState
 *
 * Whether @state is on its way to another one, so that the UI shows a
 * spinner and keeps polling: the forge's in-flight states (starting,
 * stopping, restarting, suspending, importing, rollback), the launcher's
 * set-up states (loading, installing) and pushing/pulling.
 *
 * Returns: %TRUE if @state is transitional
 */
gboolean
deck_ff_instance_state_is_transitional (DeckFfInstanceState state)
{
  switch (state)
    {
    case DECK_FF_INSTANCE_STATE_STARTING:
    case DECK_FF_INSTANCE_STATE_STOPPING:
    case DECK_FF_INSTANCE_STATE_RESTARTING:
    case DECK_FF_INSTANCE_STATE_SUSPENDING:
    case DECK_FF_INSTANCE_STATE_IMPORTING:
    case DECK_FF_INSTANCE_STATE_ROLLBACK:
    case DECK_FF_INSTANCE_STATE_LOADING:
    case DECK_FF_INSTANCE_STATE_INSTALLING:
    case DECK_FF_INSTANCE_STATE_PUSHING:
    case DECK_FF_INSTANCE_STATE_PULLING:
      return TRUE;

    case DECK_FF_INSTANCE_STATE_UNKNOWN:
    case DECK_FF_INSTANCE_STATE_RUNNING:
    case DECK_FF_INSTANCE_STATE_STOPPED:
    case DECK_FF_INSTANCE_STATE_SUSPENDED:
    case DECK_FF_INSTANCE_STATE_SAFE:
    case DECK_FF_INSTANCE_STATE_CRASHED:
    case DECK_FF_INSTANCE_STATE_ERROR:
    case DECK_FF_INSTANCE_STATE_WARNING:
    case DECK_FF_INSTANCE_STATE_CONNECTED:
    case DECK_FF_INSTANCE_STATE_INFO:
    case DECK_FF_INSTANCE_STATE_SUCCESS:
    case DECK_FF_INSTANCE_STATE_PROTECTED:
    default:
      return FALSE;
    }
}

/**
 * deck_ff_instance_apply_status:
 * @self: a #DeckFfInstance
 * @status: one entry of `GET /api/v1/applications/:id/instances/status`
 *   (`{id, meta: {state, isDeploying, versions?}}`) or the `meta` of an
 *   instance
 *
 * Updates only the live state (state, is-deploying, Node-RED version when
 * present), notifying what changed. FlowFuse 2.4.0 lists a team's
 * instances without their state; the per-application status call gives
 * it for many instances in one request.
 */
void
deck_ff_instance_apply_status (DeckFfInstance *self,
                               JsonObject     *status)
{
  JsonObject *meta;
  const char *state;
  const char *version;

  g_return_if_fail (DECK_IS_FF_INSTANCE (self));
  g_return_if_fail (status != NULL);

  meta = deck_json_get_object (status, "meta");
  if (meta == NULL)
    meta = status;

  state = deck_json_get_string (meta, "state");
  if (state == NULL || *state == '\0')
    state = "unknown";

  g_object_freeze_notify (G_OBJECT (self));

  if (set_string (&self->state, state))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);

  if (self->state_id != deck_ff_instance_state_from_string (state))
    {
      self->state_id = deck_ff_instance_state_from_string (state);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE_ID]);
    }

  if (self->is_deploying != deck_json_get_bool (meta, "isDeploying", FALSE))
    {
      self->is_deploying = !self->is_deploying;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_DEPLOYING]);
    }

  version = deck_json_get_path_string (meta, "versions.node-red");
  if (version != NULL && set_string (&self->node_red_version, version))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NODE_RED_VERSION]);

  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * deck_ff_instance_take_live_state:
 * @self: a #DeckFfInstance, as listed (no live state yet)
 * @from: the same instance as known before
 *
 * Keeps the last known state (and is-deploying) across a reload of the
 * list, until the status call brings the fresh one: a list reloaded after
 * an action does not blink to "unknown".
 */
void
deck_ff_instance_take_live_state (DeckFfInstance *self,
                                  DeckFfInstance *from)
{
  g_return_if_fail (DECK_IS_FF_INSTANCE (self));
  g_return_if_fail (DECK_IS_FF_INSTANCE (from));

  g_object_freeze_notify (G_OBJECT (self));
  if (set_string (&self->state, from->state))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  if (self->state_id != from->state_id)
    {
      self->state_id = from->state_id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE_ID]);
    }
  if (self->is_deploying != from->is_deploying)
    {
      self->is_deploying = from->is_deploying;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_DEPLOYING]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * deck_ff_instance_matches:
 * @self: a #DeckFfInstance
 * @folded_query: (nullable): what the user typed, already passed through
 *   g_utf8_casefold(); %NULL or empty matches everything
 *
 * The instance list's search: a case-insensitive substring of the name,
 * the application's name or the state's label.
 *
 * Returns: %TRUE if @self matches
 */
gboolean
deck_ff_instance_matches (DeckFfInstance *self,
                          const char     *folded_query)
{
  g_return_val_if_fail (DECK_IS_FF_INSTANCE (self), FALSE);

  if (folded_query == NULL || *folded_query == '\0')
    return TRUE;

  /* Casefolded once, not per keystroke: thousands of instances are
   * searched on every change of the search. */
  if (self->folded_names == NULL)
    {
      g_autofree char *name = g_utf8_casefold (self->name ? self->name : "", -1);
      g_autofree char *app = g_utf8_casefold (self->application_name ? self->application_name : "", -1);

      gsize app_len = strlen (app);

      self->folded_name_len = strlen (name);
      self->folded_names = g_malloc (self->folded_name_len + app_len + 2);
      memcpy (self->folded_names, name, self->folded_name_len + 1);
      memcpy (self->folded_names + self->folded_name_len + 1, app, app_len + 1);
    }
  if (self->folded_state == NULL || self->folded_state_id != self->state_id)
    {
      g_free (self->folded_state);
      self->folded_state = g_utf8_casefold (deck_ff_instance_state_to_label (self->state_id), -1);
      self->folded_state_id = self->state_id;
    }

  return strstr (self->folded_names, folded_query) != NULL ||
         strstr (self->folded_names + self->folded_name_len + 1, folded_query) != NULL ||
         strstr (self->folded_state, folded_query) != NULL;
}

/**
 * deck_ff_instance_dup_dashboard_url:
 * @self: a #DeckFfInstance
 *
 * The instance's dashboard: FlowFuse Dashboard (Node-RED Dashboard 2.0)
 * serves at `/dashboard` under the instance's address by default.
 *
 * Returns: (transfer full) (nullable): the address, or %NULL when the
 *   instance has none
 */
char *
deck_ff_instance_dup_dashboard_url (DeckFfInstance *self)
{
  g_autofree char *base = NULL;
  gsize len;

  g_return_val_if_fail (DECK_IS_FF_INSTANCE (self), NULL);

  if (self->url == NULL || *self->url == '\0')
    return NULL;

  base = g_strdup (self->url);
  len = strlen (base);
  while (len > 0 && base[len - 1] == '/')
    base[--len] = '\0';

  return g_strconcat (base, "/dashboard", NULL);
}
