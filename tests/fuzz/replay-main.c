/* replay-main.c: runs a fuzz target without libFuzzer
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With -Dfuzzing=false each fuzz target is built with this main: it feeds
 * every file named on the command line (and every file in a directory
 * named there) to LLVMFuzzerTestOneInput() once, so the normal suite and
 * its ASan run exercise each target on the seed corpus.
 */

#include "config.h"

#include <stdio.h>

#include "fuzz-common.h"

static guint n_inputs;

static gboolean
replay_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      fprintf (stderr, "%s: %s\n", path, error->message);
      return FALSE;
    }

  LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
  n_inputs++;
  return TRUE;
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
replay_path (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    return replay_file (path);

  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    return FALSE;

  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, compare_paths);

  for (guint i = 0; i < names->len; i++)
    if (!replay_path (names->pdata[i]))
      return FALSE;

  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  LLVMFuzzerInitialize (&argc, &argv);

  if (argc < 2)
    {
      fprintf (stderr, "Usage: %s FILE|DIR…\n", argv[0]);
      return 2;
    }

  for (int i = 1; i < argc; i++)
    if (!replay_path (argv[i]))
      return 1;

  if (n_inputs == 0)
    {
      fprintf (stderr, "%s: no inputs\n", argv[0]);
      return 1;
    }

  printf ("%s: %u inputs replayed, no crash\n", argv[0], n_inputs);
  return 0;
}
