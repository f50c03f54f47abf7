/* deck-test-peers.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-test-peers"

#include "config.h"

#include <gio/gio.h>

#include "deck-test-peers.h"

/* The real peers (FlowFuse, Node-RED, an OIDC server) come from
 * tests/peers/launch.mjs. tests/harness.sh starts them once for the whole
 * run and exports DECK_PEERS_FILE; a test started by hand starts its own
 * launcher, which dies with the test (it exits when its stdin closes). */

static JsonParser *peers_parser;
static GSubprocess *launcher;

static gboolean
load_file (const char  *path,
           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_file (parser, path, error))
    return FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s is not a JSON object", path);
      return FALSE;
    }

  peers_parser = g_steal_pointer (&parser);
  return TRUE;
}

static gboolean
start_launcher (const char  *peer,
                GError     **error)
{
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *script = NULL;
  g_autofree char *line = NULL;
  const char *dir = g_getenv ("DECK_PEERS_DIR");

  g_assert_nonnull (dir);
  script = g_build_filename (dir, "launch.mjs", NULL);

  launcher = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                               error, "node", script, "--only", peer, NULL);
  if (launcher == NULL)
    return FALSE;

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (launcher));
  while ((line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, error)) != NULL)
    {
      if (g_str_has_prefix (line, "READY "))
        return load_file (line + strlen ("READY "), error);
      if (g_str_has_prefix (line, "FAILED"))
        break;
      g_clear_pointer (&line, g_free);
    }

  if (error != NULL && *error == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The peer launcher failed: %s",
                 line ? line : "it exited without a word");
  return FALSE;
}

/**
 * deck_test_peers_get:
 * @peer: "flowfuse", "nodered", "nodered_noauth", "oidc", …
 *
 * Returns: (transfer none) (nullable): the peer's description from
 *   peers.json, or %NULL when the test was marked skipped because the
 *   peers could not be installed on this machine (the reason is printed)
 */
JsonObject *
deck_test_peers_get (const char *peer)
{
  g_autoptr(GError) error = NULL;
  const char *unavailable = g_getenv ("DECK_PEERS_UNAVAILABLE");
  const char *file = g_getenv ("DECK_PEERS_FILE");
  JsonObject *root;

  if (unavailable != NULL && *unavailable != '\0')
    {
      g_autofree char *msg = g_strdup_printf ("real peers unavailable: %s", unavailable);
      g_test_skip (msg);
      return NULL;
    }

  if (peers_parser == NULL)
    {
      if (file != NULL && *file != '\0')
        {
          if (!load_file (file, &error))
            g_error ("Cannot read DECK_PEERS_FILE %s: %s", file, error->message);
        }
      else
        {
          g_autofree char *modules = g_build_filename (g_getenv ("DECK_PEERS_DIR"),
                                                       "node_modules", NULL);

          if (!g_file_test (modules, G_FILE_TEST_IS_DIR))
            {
              g_test_skip ("real peers not installed: run tests/peers/install.sh, "
                           "or run the whole suite with .ci/test.sh");
              return NULL;
            }

          if (!start_launcher (peer, &error))
            g_error ("Cannot start the real peers: %s", error->message);
        }
    }

  root = json_node_get_object (json_parser_get_root (peers_parser));
  if (!json_object_has_member (root, peer))
    g_error ("peers.json has no \"%s\" (was it started with --only?)", peer);

  return json_object_get_object_member (root, peer);
}

/**
 * deck_test_peers_get_string:
 * @object: a peer object
 * @path: a dotted member path, such as "admin.username"
 *
 * Returns: (transfer none): the string; fails the test when missing
 */
const char *
deck_test_peers_get_string (JsonObject *object,
                            const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonObject *cursor = object;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (cursor == NULL || !json_object_has_member (cursor, parts[i]))
        g_error ("peers.json: missing member %s", path);

      if (parts[i + 1] == NULL)
        return json_object_get_string_member (cursor, parts[i]);

      cursor = json_object_get_object_member (cursor, parts[i]);
    }

  g_assert_not_reached ();
}
