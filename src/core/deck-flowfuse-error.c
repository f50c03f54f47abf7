/* deck-flowfuse-error.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-flowfuse"

#include "config.h"

#include <glib/gi18n.h>

#include "deck-flowfuse-error.h"

/* An extended error domain (GLib ≥ 2.68): besides code and message, a
 * FlowFuse error carries the server's own code, the field a validation
 * error names, and how long a rate limit asks us to wait. */
typedef struct
{
  char   *server_code;
  char   *field;
  gint64  retry_after;
} DeckFlowfuseErrorPrivate;

static void
deck_flowfuse_error_private_init (DeckFlowfuseErrorPrivate *priv)
{
  priv->retry_after = -1;
}

static void
deck_flowfuse_error_private_copy (const DeckFlowfuseErrorPrivate *src,
                                  DeckFlowfuseErrorPrivate       *dest)
{
  dest->server_code = g_strdup (src->server_code);
  dest->field = g_strdup (src->field);
  dest->retry_after = src->retry_after;
}

static void
deck_flowfuse_error_private_clear (DeckFlowfuseErrorPrivate *priv)
{
  g_clear_pointer (&priv->server_code, g_free);
  g_clear_pointer (&priv->field, g_free);
}

G_DEFINE_EXTENDED_ERROR (DeckFlowfuseError, deck_flowfuse_error)

/**
 * deck_flowfuse_error_new:
 * @code: the error code
 * @server_code: (nullable): FlowFuse's `code` (e.g. "invalid_project_name")
 * @field: (nullable): the input field the error is about
 * @retry_after: seconds to wait before retrying, or -1
 * @message: a message fit to show a user
 *
 * Returns: (transfer full): a new #GError in %DECK_FLOWFUSE_ERROR
 */
GError *
deck_flowfuse_error_new (DeckFlowfuseError  code,
                         const char        *server_code,
                         const char        *field,
                         gint64             retry_after,
                         const char        *message)
{
  GError *error = g_error_new_literal (DECK_FLOWFUSE_ERROR, code, message);
  DeckFlowfuseErrorPrivate *priv = deck_flowfuse_error_get_private (error);

  priv->server_code = g_strdup (server_code);
  priv->field = g_strdup (field);
  priv->retry_after = retry_after;

  return error;
}

/**
 * deck_flowfuse_error_new_missing_field:
 * @what: what was being read, e.g. "instance"
 * @field: the missing member
 *
 * Returns: (transfer full): an %DECK_FLOWFUSE_ERROR_UNEXPECTED_RESPONSE error
 *   naming the field
 */
GError *
deck_flowfuse_error_new_missing_field (const char *what,
                                       const char *field)
{
  g_autofree char *message = NULL;

  /* Translators: the first %s is a kind of object (instance, team, …), the
   * second a JSON field name. */
  message = g_strdup_printf (_("The server sent an unexpected answer: the %s has no “%s”."),
                             what, field);
  return deck_flowfuse_error_new (DECK_FLOWFUSE_ERROR_UNEXPECTED_RESPONSE, NULL, field, -1,
                                  message);
}

const char *
deck_flowfuse_error_get_server_code (const GError *error)
{
  DeckFlowfuseErrorPrivate *priv;

  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != DECK_FLOWFUSE_ERROR)
    return NULL;

  priv = deck_flowfuse_error_get_private (error);
  return priv->server_code;
}

const char *
deck_flowfuse_error_get_field (const GError *error)
{
  DeckFlowfuseErrorPrivate *priv;

  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != DECK_FLOWFUSE_ERROR)
    return NULL;

  priv = deck_flowfuse_error_get_private (error);
  return priv->field;
}

gint64
deck_flowfuse_error_get_retry_after (const GError *error)
{
  DeckFlowfuseErrorPrivate *priv;

  g_return_val_if_fail (error != NULL, -1);

  if (error->domain != DECK_FLOWFUSE_ERROR)
    return -1;

  priv = deck_flowfuse_error_get_private (error);
  return priv->retry_after;
}
