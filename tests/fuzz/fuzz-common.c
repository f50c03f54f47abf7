/* fuzz-common.c: shared by the libFuzzer targets in tests/fuzz/
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "deck-http-private.h"
#include "fuzz-common.h"

/* Debug messages are dropped (they cost time and the code never logs a
 * body) unless DECK_FUZZ_DEBUG is set, to see what an input reaches; a warning or a critical on any input is a bug, so it aborts and
 * libFuzzer reports it with the stack. */
static GLogWriterOutput
fuzz_log_writer (GLogLevelFlags   log_level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    {
      g_log_writer_standard_streams (log_level, fields, n_fields, user_data);
      fprintf (stderr, "fuzz: a warning or critical was logged: aborting\n");
      abort ();
    }

  if (user_data != NULL)
    return g_log_writer_standard_streams (log_level, fields, n_fields, user_data);

  return G_LOG_WRITER_HANDLED;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_writer_func (fuzz_log_writer,
                         g_getenv ("DECK_FUZZ_DEBUG") ? GINT_TO_POINTER (1) : NULL, NULL);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("GIO_USE_VFS", "local", TRUE);
  return 0;
}

/* Parses a body exactly as the HTTP layer does for every client: through
 * deck-http.c's own parse (json-glib's immutable parser), as an answer
 * with @status and type application/json. */
JsonNode *
deck_fuzz_parse_json (const uint8_t *data,
                      size_t         size,
                      guint          status)
{
  DeckHttpResponse response = { 0 };
  g_autoptr(GError) error = NULL;

  response.status = status;
  response.body = g_bytes_new_static (size ? data : (const uint8_t *) "", size);
  response.content_type = (char *) "application/json";
  response.retry_after = -1;

  if (!_deck_http_parse_body (&response, &error))
    g_assert (error != NULL && response.json == NULL);

  g_bytes_unref (response.body);
  return response.json;
}

/* Reads every readable property: every getter of a model runs on what its
 * constructor kept. */
void
deck_fuzz_read_all (GObject *object)
{
  g_autofree GParamSpec **specs = NULL;
  guint n_specs = 0;

  specs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n_specs);
  for (guint i = 0; i < n_specs; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;
      g_autofree char *text = NULL;

      if (!(specs[i]->flags & G_PARAM_READABLE))
        continue;

      g_value_init (&value, specs[i]->value_type);
      g_object_get_property (object, specs[i]->name, &value);
      if (G_VALUE_HOLDS_STRING (&value) && g_value_get_string (&value) != NULL)
        text = g_utf8_make_valid (g_value_get_string (&value), -1);
    }
}

/* DECK_FUZZ_SKIP_KNOWN=1 lets a long run go on past the bugs already
 * reported (each has a crash-* reproducer in corpus/, which the suite
 * replays without this variable): a target checks it where it would
 * otherwise stop on one of them. */
gboolean
deck_fuzz_skip_known (const char *bug)
{
  static int skip = -1;

  if (skip < 0)
    skip = g_strcmp0 (g_getenv ("DECK_FUZZ_SKIP_KNOWN"), "1") == 0;

  return skip;
}
