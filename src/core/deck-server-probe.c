/* deck-server-probe.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-probe"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "deck-flowfuse-error.h"
#include "deck-http.h"
#include "deck-json.h"
#include "deck-server-probe.h"

/* Finds out what a server address is, without any credential: FlowFuse
 * answers GET /api/v1/settings with an object holding "features";
 * Node-RED answers GET /auth/login with {} or {"type": …}. */

typedef struct
{
  SoupSession *session;
  char        *url;
} ProbeState;

static void
probe_state_free (ProbeState *state)
{
  g_clear_object (&state->session);
  g_clear_pointer (&state->url, g_free);
  g_free (state);
}

void
deck_server_probe_free (DeckServerProbe *probe)
{
  if (probe == NULL)
    return;

  g_clear_pointer (&probe->url, g_free);
  g_clear_pointer (&probe->node_red_scheme, g_free);
  g_clear_pointer (&probe->node_red_strategy_label, g_free);
  g_free (probe);
}

static JsonObject *
json_object_of (DeckHttpResponse *response)
{
  if (response == NULL || !SOUP_STATUS_IS_SUCCESSFUL (response->status) ||
      response->json == NULL || !JSON_NODE_HOLDS_OBJECT (response->json))
    return NULL;

  return json_node_get_object (response->json);
}

static void
node_red_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ProbeState *state = g_task_get_task_data (task);
  g_autoptr(DeckHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  DeckServerProbe *probe;
  JsonObject *object;
  const char *type;

  response = deck_http_send_finish (result, &error);
  if (response == NULL && !g_error_matches (error, DECK_NET_ERROR, DECK_NET_ERROR_MALFORMED) &&
      !g_error_matches (error, DECK_NET_ERROR, DECK_NET_ERROR_WRONG_CONTENT_TYPE))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  object = json_object_of (response);
  if (object == NULL)
    {
      g_task_return_error (task, deck_flowfuse_error_new (
                             DECK_FLOWFUSE_ERROR_NOT_FLOWFUSE, NULL, NULL, -1,
                             _("This address answers, but not as FlowFuse or Node-RED does. "
                               "Check the address: for FlowFuse use the address of its web "
                               "page, for Node-RED the address of its editor.")));
      return;
    }

  type = deck_json_get_string (object, "type");
  probe = g_new0 (DeckServerProbe, 1);
  probe->kind = DECK_SERVER_KIND_NODE_RED;
  probe->url = g_strdup (state->url);
  probe->node_red_scheme = g_strdup (type ? type : "none");
  if (g_strcmp0 (type, "strategy") == 0)
    {
      JsonArray *prompts = deck_json_get_array (object, "prompts");

      if (prompts != NULL && json_array_get_length (prompts) > 0 &&
          JSON_NODE_HOLDS_OBJECT (json_array_get_element (prompts, 0)))
        {
          const char *label = deck_json_get_string (json_array_get_object_element (prompts, 0),
                                                    "label");

          if (label != NULL && *label != '\0' && g_utf8_strlen (label, -1) <= 80)
            probe->node_red_strategy_label = g_strdup (label);
        }
    }
  g_task_return_pointer (task, probe, (GDestroyNotify) deck_server_probe_free);
}

static void
flowfuse_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ProbeState *state = g_task_get_task_data (task);
  g_autoptr(DeckHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autofree char *url = NULL;
  JsonObject *object;

  response = deck_http_send_finish (result, &error);
  if (response == NULL && error->domain == DECK_NET_ERROR &&
      error->code != DECK_NET_ERROR_MALFORMED && error->code != DECK_NET_ERROR_WRONG_CONTENT_TYPE &&
      error->code != DECK_NET_ERROR_TOO_LARGE)
    {
      /* Refused, unknown host, TLS, timeout: no point asking again. */
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  object = json_object_of (response);
  if (object != NULL && deck_json_get_object (object, "features") != NULL)
    {
      DeckServerProbe *probe = g_new0 (DeckServerProbe, 1);

      probe->kind = DECK_SERVER_KIND_FLOWFUSE;
      probe->url = g_strdup (state->url);
      probe->signup = deck_json_get_bool (object, "user:signup", FALSE);
      probe->sso_only = deck_json_get_bool (object, "platform:sso:only", FALSE);
      g_task_return_pointer (task, probe, (GDestroyNotify) deck_server_probe_free);
      return;
    }

  url = g_strconcat (state->url, "/auth/login", NULL);
  message = soup_message_new ("GET", url);
  deck_http_send_async (state->session, message, DECK_HTTP_FLAGS_JSON, 64 * 1024,
                        g_task_get_cancellable (task), node_red_cb, g_object_ref (task));
}

/**
 * deck_server_probe_async:
 * @url: what the user typed
 * @allow_insecure: allow plain http to a non-loopback host
 * @timeout_seconds: how long the server may stay silent
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Checks the address (see deck_http_check_url()) and asks the server what
 * it is, with no credential.
 */
void
deck_server_probe_async (const char          *url,
                         gboolean             allow_insecure,
                         guint                timeout_seconds,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *settings_url = NULL;
  ProbeState *state;
  gsize len;

  g_return_if_fail (url != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_server_probe_async);

  if (!deck_http_check_url (url, allow_insecure, &uri, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  state = g_new0 (ProbeState, 1);
  state->session = deck_http_session_new (timeout_seconds);
  state->url = g_uri_to_string_partial (uri, G_URI_HIDE_QUERY | G_URI_HIDE_FRAGMENT);
  len = strlen (state->url);
  while (len > 0 && state->url[len - 1] == '/')
    state->url[--len] = '\0';
  g_task_set_task_data (task, state, (GDestroyNotify) probe_state_free);

  settings_url = g_strconcat (state->url, "/api/v1/settings", NULL);
  message = soup_message_new ("GET", settings_url);
  deck_http_send_async (state->session, message, DECK_HTTP_FLAGS_JSON, 1024 * 1024, cancellable,
                        flowfuse_cb, g_steal_pointer (&task));
}

/**
 * deck_server_probe_finish:
 * @result: the result
 * @error: a location for a #GError, or %NULL
 *
 * Returns: (transfer full): what the server is, or %NULL with @error (a
 *   %DECK_NET_ERROR, or %DECK_FLOWFUSE_ERROR_NOT_FLOWFUSE)
 */
DeckServerProbe *
deck_server_probe_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == deck_server_probe_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
