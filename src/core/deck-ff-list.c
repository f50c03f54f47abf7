/* deck-ff-list.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-ff-models"

#include "config.h"

#include <glib/gi18n.h>

#include "deck-ff-application.h"
#include "deck-ff-audit-entry.h"
#include "deck-ff-http-token.h"
#include "deck-ff-instance.h"
#include "deck-ff-list.h"
#include "deck-ff-log-entry.h"
#include "deck-ff-personal-token.h"
#include "deck-ff-project-type.h"
#include "deck-ff-stack.h"
#include "deck-ff-team-type.h"
#include "deck-ff-team.h"
#include "deck-ff-template.h"
#include "deck-ff-user.h"
#include "deck-flowfuse-error.h"

/* Every model's constructor has the shape (JsonObject *, GError **) →
 * (transfer full) instance, so one table turns a JSON array of any of them
 * into a GListStore. The casts only change the pointer type returned. */
typedef gpointer (*NewFromJson) (JsonObject  *object,
                                 GError     **error);

static NewFromJson
lookup_constructor (GType type)
{
  if (type == DECK_TYPE_FF_APPLICATION)
    return (NewFromJson) deck_ff_application_new_from_json;
  if (type == DECK_TYPE_FF_AUDIT_ENTRY)
    return (NewFromJson) deck_ff_audit_entry_new_from_json;
  if (type == DECK_TYPE_FF_HTTP_TOKEN)
    return (NewFromJson) deck_ff_http_token_new_from_json;
  if (type == DECK_TYPE_FF_INSTANCE)
    return (NewFromJson) deck_ff_instance_new_from_json;
  if (type == DECK_TYPE_FF_LOG_ENTRY)
    return (NewFromJson) deck_ff_log_entry_new_from_json;
  if (type == DECK_TYPE_FF_PERSONAL_TOKEN)
    return (NewFromJson) deck_ff_personal_token_new_from_json;
  if (type == DECK_TYPE_FF_PROJECT_TYPE)
    return (NewFromJson) deck_ff_project_type_new_from_json;
  if (type == DECK_TYPE_FF_STACK)
    return (NewFromJson) deck_ff_stack_new_from_json;
  if (type == DECK_TYPE_FF_TEAM)
    return (NewFromJson) deck_ff_team_new_from_json;
  if (type == DECK_TYPE_FF_TEAM_TYPE)
    return (NewFromJson) deck_ff_team_type_new_from_json;
  if (type == DECK_TYPE_FF_TEMPLATE)
    return (NewFromJson) deck_ff_template_new_from_json;
  if (type == DECK_TYPE_FF_USER)
    return (NewFromJson) deck_ff_user_new_from_json;

  return NULL;
}

/**
 * deck_ff_list_from_json:
 * @array: a JSON array from the server, e.g. the `projects` of a team
 * @type: the model type of the items, e.g. %DECK_TYPE_FF_INSTANCE
 * @error: a location for a #GError, or %NULL
 *
 * Builds a list of models. The list is all or nothing: when an item is not
 * an object, or its model refuses it, the whole list fails with a
 * %DECK_FLOWFUSE_ERROR_UNEXPECTED_RESPONSE whose message names the item's
 * index (and whose field, if any, is the model's). Hiding a broken item
 * would show the user a list that looks complete and is not.
 *
 * Returns: (transfer full) (nullable): a #GListStore of @type, in the
 *   array's order, or %NULL with @error set
 */
GListStore *
deck_ff_list_from_json (JsonArray  *array,
                        GType       type,
                        GError    **error)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GListStore) store = NULL;
  NewFromJson new_from_json;
  guint n;

  g_return_val_if_fail (array != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  new_from_json = lookup_constructor (type);
  g_return_val_if_fail (new_from_json != NULL, NULL);

  n = json_array_get_length (array);
  items = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr(GError) local_error = NULL;
      gpointer item;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_autofree char *message = NULL;

          /* Translators: %u is a position in a list, counted from 0. */
          message = g_strdup_printf (_("The server sent an unexpected answer: item %u of "
                                       "the list is not an object."), i);
          g_propagate_error (error, deck_flowfuse_error_new (DECK_FLOWFUSE_ERROR_UNEXPECTED_RESPONSE,
                                                             NULL, NULL, -1, message));
          return NULL;
        }

      item = new_from_json (json_node_get_object (node), &local_error);
      if (item == NULL)
        {
          /* Translators: %u is a position in a list, counted from 0; the
           * rest of the message follows. */
          g_prefix_error (&local_error, _("Item %u: "), i);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      g_ptr_array_add (items, item);
    }

  /* One splice, so that a view bound later sees one items-changed. */
  store = g_list_store_new (type);
  g_list_store_splice (store, 0, 0, items->pdata, items->len);

  return g_steal_pointer (&store);
}
