/* deck-node-red-error.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-node-red"

#include "config.h"

#include <glib/gi18n.h>

#include "deck-node-red-error.h"

/* An extended error domain (GLib ≥ 2.68), like DECK_FLOWFUSE_ERROR: besides
 * code and message, a Node-RED error carries the server's own code (the
 * `error` of an OAuth answer or the `code` of an admin API answer) and how
 * long a rate limit asks us to wait. */
typedef struct
{
  char   *server_code;
  gint64  retry_after;
} DeckNodeRedErrorPrivate;

static void
deck_node_red_error_private_init (DeckNodeRedErrorPrivate *priv)
{
  priv->retry_after = -1;
}

static void
deck_node_red_error_private_copy (const DeckNodeRedErrorPrivate *src,
                                  DeckNodeRedErrorPrivate       *dest)
{
  dest->server_code = g_strdup (src->server_code);
  dest->retry_after = src->retry_after;
}

static void
deck_node_red_error_private_clear (DeckNodeRedErrorPrivate *priv)
{
  g_clear_pointer (&priv->server_code, g_free);
}

G_DEFINE_EXTENDED_ERROR (DeckNodeRedError, deck_node_red_error)

/**
 * deck_node_red_error_new:
 * @code: the error code
 * @server_code: (nullable): Node-RED's `error` or `code` (e.g. "invalid_grant")
 * @retry_after: seconds to wait before retrying, or -1
 * @message: a message fit to show a user
 *
 * Returns: (transfer full): a new #GError in %DECK_NODE_RED_ERROR
 */
GError *
deck_node_red_error_new (DeckNodeRedError  code,
                         const char       *server_code,
                         gint64            retry_after,
                         const char       *message)
{
  GError *error = g_error_new_literal (DECK_NODE_RED_ERROR, code, message);
  DeckNodeRedErrorPrivate *priv = deck_node_red_error_get_private (error);

  priv->server_code = g_strdup (server_code);
  priv->retry_after = retry_after;

  return error;
}

/**
 * deck_node_red_error_new_missing_field:
 * @what: what was being read, e.g. "settings"
 * @field: the missing member
 *
 * Returns: (transfer full): a %DECK_NODE_RED_ERROR_UNEXPECTED_RESPONSE error
 *   naming the field
 */
GError *
deck_node_red_error_new_missing_field (const char *what,
                                       const char *field)
{
  g_autofree char *message = NULL;

  /* Translators: the first %s is a JSON field name, the second what was
   * read ("settings", "sign-in answer", …). */
  message = g_strdup_printf (_("Node-RED sent an unexpected answer: “%s” is missing from the %s."),
                             field, what);
  return deck_node_red_error_new (DECK_NODE_RED_ERROR_UNEXPECTED_RESPONSE, NULL, -1, message);
}

const char *
deck_node_red_error_get_server_code (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != DECK_NODE_RED_ERROR)
    return NULL;

  return deck_node_red_error_get_private (error)->server_code;
}

gint64
deck_node_red_error_get_retry_after (const GError *error)
{
  g_return_val_if_fail (error != NULL, -1);

  if (error->domain != DECK_NODE_RED_ERROR)
    return -1;

  return deck_node_red_error_get_private (error)->retry_after;
}
