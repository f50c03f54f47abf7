/* deck-ff-audit-entry.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-ff-models"

#include "config.h"

#include "deck-ff-audit-entry.h"
#include "deck-json.h"

/* One entry of `GET /api/v1/projects/:id/audit-log` (and the team's),
 * forge/db/views/AuditLog.js. Required: `id`, `event`. The view sends
 * the user name as a top-level `username` ("kept for compatibility") and
 * newer formatters a `user` object; `user.username` wins. `body` (any
 * JSON, event specific) is kept re-serialised, NULL when absent or null. */

struct _DeckFfAuditEntry
{
  GObject    parent_instance;

  char      *id;
  char      *event;
  GDateTime *created_at;
  char      *username;
  char      *body_json;
};

G_DEFINE_FINAL_TYPE (DeckFfAuditEntry, deck_ff_audit_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_EVENT,
  PROP_CREATED_AT,
  PROP_USERNAME,
  PROP_BODY_JSON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
deck_ff_audit_entry_finalize (GObject *object)
{
  DeckFfAuditEntry *self = (DeckFfAuditEntry *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->event, g_free);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->body_json, g_free);

  G_OBJECT_CLASS (deck_ff_audit_entry_parent_class)->finalize (object);
}

static void
deck_ff_audit_entry_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DeckFfAuditEntry *self = DECK_FF_AUDIT_ENTRY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, deck_ff_audit_entry_get_id (self));
      break;

    case PROP_EVENT:
      g_value_set_string (value, deck_ff_audit_entry_get_event (self));
      break;

    case PROP_CREATED_AT:
      g_value_set_boxed (value, deck_ff_audit_entry_get_created_at (self));
      break;

    case PROP_USERNAME:
      g_value_set_string (value, deck_ff_audit_entry_get_username (self));
      break;

    case PROP_BODY_JSON:
      g_value_set_string (value, deck_ff_audit_entry_get_body_json (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_ff_audit_entry_class_init (DeckFfAuditEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = deck_ff_audit_entry_finalize;
  object_class->get_property = deck_ff_audit_entry_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_EVENT] =
    g_param_spec_string ("event", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        (G_PARAM_READABLE |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_BODY_JSON] =
    g_param_spec_string ("body-json", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
deck_ff_audit_entry_init (DeckFfAuditEntry *self)
{
}

/**
 * deck_ff_audit_entry_new_from_json:
 * @object: a JSON object from the server
 * @error: a location for a #GError, or %NULL
 *
 * Reads an audit log entry. Required: `id`, `event`.
 *
 * Returns: (transfer full) (nullable): a new #DeckFfAuditEntry, or %NULL with @error
 *   set to a %DECK_FLOWFUSE_ERROR_UNEXPECTED_RESPONSE naming the field
 */
DeckFfAuditEntry *
deck_ff_audit_entry_new_from_json (JsonObject  *object,
                                   GError     **error)
{
  DeckFfAuditEntry *self;
  const char *id;
  const char *event;
  const char *username;
  JsonNode *body;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  id = deck_json_require_string (object, "id", "audit log entry", error);
  if (id == NULL)
    return NULL;

  event = deck_json_require_string (object, "event", "audit log entry", error);
  if (event == NULL)
    return NULL;

  self = g_object_new (DECK_TYPE_FF_AUDIT_ENTRY, NULL);
  self->id = g_strdup (id);
  self->event = g_strdup (event);
  self->created_at = deck_json_get_datetime (object, "createdAt");

  username = deck_json_get_path_string (object, "user.username");
  if (username == NULL)
    username = deck_json_get_string (object, "username");
  self->username = g_strdup (username);

  body = json_object_get_member (object, "body");
  if (body != NULL && !JSON_NODE_HOLDS_NULL (body))
    self->body_json = json_to_string (body, FALSE);

  return self;
}

/**
 * deck_ff_audit_entry_get_id:
 * @self: a #DeckFfAuditEntry
 *
 * Returns: the entry's hashid
 */
const char *
deck_ff_audit_entry_get_id (DeckFfAuditEntry *self)
{
  g_return_val_if_fail (DECK_IS_FF_AUDIT_ENTRY (self), NULL);

  return self->id;
}

/**
 * deck_ff_audit_entry_get_event:
 * @self: a #DeckFfAuditEntry
 *
 * Returns: the event name, e.g. "project.httpToken.created"
 */
const char *
deck_ff_audit_entry_get_event (DeckFfAuditEntry *self)
{
  g_return_val_if_fail (DECK_IS_FF_AUDIT_ENTRY (self), NULL);

  return self->event;
}

/**
 * deck_ff_audit_entry_get_created_at:
 * @self: a #DeckFfAuditEntry
 *
 * Returns: (transfer none) (nullable): when it happened
 */
GDateTime *
deck_ff_audit_entry_get_created_at (DeckFfAuditEntry *self)
{
  g_return_val_if_fail (DECK_IS_FF_AUDIT_ENTRY (self), NULL);

  return self->created_at;
}

/**
 * deck_ff_audit_entry_get_username:
 * @self: a #DeckFfAuditEntry
 *
 * Returns: (nullable): who did it
 */
const char *
deck_ff_audit_entry_get_username (DeckFfAuditEntry *self)
{
  g_return_val_if_fail (DECK_IS_FF_AUDIT_ENTRY (self), NULL);

  return self->username;
}

/**
 * deck_ff_audit_entry_get_body_json:
 * @self: a #DeckFfAuditEntry
 *
 * Returns: (nullable): the event details as JSON text
 */
const char *
deck_ff_audit_entry_get_body_json (DeckFfAuditEntry *self)
{
  g_return_val_if_fail (DECK_IS_FF_AUDIT_ENTRY (self), NULL);

  return self->body_json;
}
