/* deck-nr-flow.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-nr-models"

#include "config.h"

#include "deck-json.h"
#include "deck-node-red-error.h"
#include "deck-nr-flow.h"

/* One flow tab, an item `{id, type: "tab", label, disabled, info}` of
 * `GET /flows`. Required: `id`. The node count (items whose `z` is the
 * tab's id) is counted by the caller, which sees the whole list. */

struct _DeckNrFlow
{
  GObject   parent_instance;

  char     *id;
  char     *label;
  char     *info;
  gboolean  disabled;
  guint     node_count;
};

G_DEFINE_FINAL_TYPE (DeckNrFlow, deck_nr_flow, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_LABEL,
  PROP_INFO,
  PROP_DISABLED,
  PROP_NODE_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
deck_nr_flow_finalize (GObject *object)
{
  DeckNrFlow *self = (DeckNrFlow *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->info, g_free);

  G_OBJECT_CLASS (deck_nr_flow_parent_class)->finalize (object);
}

static void
deck_nr_flow_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  DeckNrFlow *self = DECK_NR_FLOW (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;

    case PROP_INFO:
      g_value_set_string (value, self->info);
      break;

    case PROP_DISABLED:
      g_value_set_boolean (value, self->disabled);
      break;

    case PROP_NODE_COUNT:
      g_value_set_uint (value, self->node_count);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_nr_flow_class_init (DeckNrFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = deck_nr_flow_finalize;
  object_class->get_property = deck_nr_flow_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_INFO] =
    g_param_spec_string ("info", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_DISABLED] =
    g_param_spec_boolean ("disabled", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_NODE_COUNT] =
    g_param_spec_uint ("node-count", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
deck_nr_flow_init (DeckNrFlow *self)
{
}

/**
 * deck_nr_flow_new_from_json:
 * @tab: an item of type "tab" from `GET /flows`
 * @node_count: how many nodes sit on it
 * @error: a location for a #GError, or %NULL
 *
 * Returns: (transfer full) (nullable): the tab, or %NULL with @error set to
 *   %DECK_NODE_RED_ERROR_UNEXPECTED_RESPONSE
 */
DeckNrFlow *
deck_nr_flow_new_from_json (JsonObject  *tab,
                            guint        node_count,
                            GError     **error)
{
  DeckNrFlow *self;
  const char *id;
  const char *label;

  g_return_val_if_fail (tab != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  id = deck_json_get_string (tab, "id");
  if (id == NULL || *id == '\0')
    {
      g_propagate_error (error, deck_node_red_error_new_missing_field ("flows", "id"));
      return NULL;
    }

  /* The editor shows the id when a tab has no label. */
  label = deck_json_get_string (tab, "label");

  self = g_object_new (DECK_TYPE_NR_FLOW, NULL);
  self->id = g_strdup (id);
  self->label = g_strdup (label != NULL && *label != '\0' ? label : id);
  self->info = g_strdup (deck_json_get_string (tab, "info"));
  self->disabled = deck_json_get_bool (tab, "disabled", FALSE);
  self->node_count = node_count;

  return self;
}

const char *
deck_nr_flow_get_id (DeckNrFlow *self)
{
  g_return_val_if_fail (DECK_IS_NR_FLOW (self), NULL);

  return self->id;
}

const char *
deck_nr_flow_get_label (DeckNrFlow *self)
{
  g_return_val_if_fail (DECK_IS_NR_FLOW (self), NULL);

  return self->label;
}

/**
 * deck_nr_flow_get_info:
 * @self: a #DeckNrFlow
 *
 * Returns: (nullable): the tab's description (Markdown)
 */
const char *
deck_nr_flow_get_info (DeckNrFlow *self)
{
  g_return_val_if_fail (DECK_IS_NR_FLOW (self), NULL);

  return self->info;
}

gboolean
deck_nr_flow_get_disabled (DeckNrFlow *self)
{
  g_return_val_if_fail (DECK_IS_NR_FLOW (self), FALSE);

  return self->disabled;
}

guint
deck_nr_flow_get_node_count (DeckNrFlow *self)
{
  g_return_val_if_fail (DECK_IS_NR_FLOW (self), 0);

  return self->node_count;
}
