/* deck-ff-log-entry.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-ff-models"

#include "config.h"

#include "deck-ff-log-entry.h"
#include "deck-flowfuse-error.h"
#include "deck-json.h"

/* One line of `GET /api/v1/projects/:id/logs` (the launcher's log
 * buffer, nr-launcher/lib/logBuffer.js). Required: `ts`. `ts` is kept
 * verbatim because it is the paging cursor: FlowFuse sends a string of the
 * epoch milliseconds followed by a four-digit counter
 * ("17146542000000003"); a number is accepted and printed. The time is
 * read from the first 13 digits; with fewer digits timestamp is NULL. */

struct _DeckFfLogEntry
{
  GObject    parent_instance;

  char      *ts;
  GDateTime *timestamp;
  char      *level;
  char      *msg;
};

G_DEFINE_FINAL_TYPE (DeckFfLogEntry, deck_ff_log_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TS,
  PROP_TIMESTAMP,
  PROP_LEVEL,
  PROP_MSG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GDateTime *
timestamp_from_ts (const char *ts)
{
  gint64 ms = 0;

  for (guint i = 0; i < 13; i++)
    {
      if (!g_ascii_isdigit (ts[i]))
        return NULL;
      ms = ms * 10 + (ts[i] - '0');
    }

  return deck_json_datetime_from_ms (ms);
}

static void
deck_ff_log_entry_finalize (GObject *object)
{
  DeckFfLogEntry *self = (DeckFfLogEntry *)object;

  g_clear_pointer (&self->ts, g_free);
  g_clear_pointer (&self->timestamp, g_date_time_unref);
  g_clear_pointer (&self->level, g_free);
  g_clear_pointer (&self->msg, g_free);

  G_OBJECT_CLASS (deck_ff_log_entry_parent_class)->finalize (object);
}

static void
deck_ff_log_entry_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DeckFfLogEntry *self = DECK_FF_LOG_ENTRY (object);

  switch (prop_id)
    {
    case PROP_TS:
      g_value_set_string (value, deck_ff_log_entry_get_ts (self));
      break;

    case PROP_TIMESTAMP:
      g_value_set_boxed (value, deck_ff_log_entry_get_timestamp (self));
      break;

    case PROP_LEVEL:
      g_value_set_string (value, deck_ff_log_entry_get_level (self));
      break;

    case PROP_MSG:
      g_value_set_string (value, deck_ff_log_entry_get_msg (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_ff_log_entry_class_init (DeckFfLogEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = deck_ff_log_entry_finalize;
  object_class->get_property = deck_ff_log_entry_get_property;

  properties[PROP_TS] =
    g_param_spec_string ("ts", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_TIMESTAMP] =
    g_param_spec_boxed ("timestamp", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        (G_PARAM_READABLE |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_LEVEL] =
    g_param_spec_string ("level", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_MSG] =
    g_param_spec_string ("msg", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
deck_ff_log_entry_init (DeckFfLogEntry *self)
{
}

/**
 * deck_ff_log_entry_new_from_json:
 * @object: a JSON object from the server
 * @error: a location for a #GError, or %NULL
 *
 * Reads a log line. Required: `ts`.
 *
 * Returns: (transfer full) (nullable): a new #DeckFfLogEntry, or %NULL with @error
 *   set to a %DECK_FLOWFUSE_ERROR_UNEXPECTED_RESPONSE naming the field
 */
DeckFfLogEntry *
deck_ff_log_entry_new_from_json (JsonObject  *object,
                                 GError     **error)
{
  DeckFfLogEntry *self;
  g_autofree char *ts = NULL;
  JsonNode *node;
  gint64 number;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  node = json_object_get_member (object, "ts");
  if (deck_json_node_get_string (node) != NULL)
    ts = g_strdup (deck_json_node_get_string (node));
  else if (deck_json_node_get_int (node, &number) && number >= 0)
    ts = g_strdup_printf ("%" G_GINT64_FORMAT, number);

  if (ts == NULL || *ts == '\0')
    {
      g_propagate_error (error, deck_flowfuse_error_new_missing_field ("log entry", "ts"));
      return NULL;
    }

  self = g_object_new (DECK_TYPE_FF_LOG_ENTRY, NULL);
  self->timestamp = timestamp_from_ts (ts);
  self->ts = g_steal_pointer (&ts);
  self->level = g_strdup (deck_json_get_string (object, "level"));
  self->msg = g_strdup (deck_json_get_string (object, "msg"));

  return self;
}

/**
 * deck_ff_log_entry_get_ts:
 * @self: a #DeckFfLogEntry
 *
 * Returns: the cursor string exactly as sent
 */
const char *
deck_ff_log_entry_get_ts (DeckFfLogEntry *self)
{
  g_return_val_if_fail (DECK_IS_FF_LOG_ENTRY (self), NULL);

  return self->ts;
}

/**
 * deck_ff_log_entry_get_timestamp:
 * @self: a #DeckFfLogEntry
 *
 * Returns: (transfer none) (nullable): when the line was logged
 */
GDateTime *
deck_ff_log_entry_get_timestamp (DeckFfLogEntry *self)
{
  g_return_val_if_fail (DECK_IS_FF_LOG_ENTRY (self), NULL);

  return self->timestamp;
}

/**
 * deck_ff_log_entry_get_level:
 * @self: a #DeckFfLogEntry
 *
 * Returns: (nullable): the level ("info", "warn", "error", "system", …)
 */
const char *
deck_ff_log_entry_get_level (DeckFfLogEntry *self)
{
  g_return_val_if_fail (DECK_IS_FF_LOG_ENTRY (self), NULL);

  return self->level;
}

/**
 * deck_ff_log_entry_get_msg:
 * @self: a #DeckFfLogEntry
 *
 * Returns: (nullable): the message
 */
const char *
deck_ff_log_entry_get_msg (DeckFfLogEntry *self)
{
  g_return_val_if_fail (DECK_IS_FF_LOG_ENTRY (self), NULL);

  return self->msg;
}
