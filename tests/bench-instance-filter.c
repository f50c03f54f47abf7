/* bench-instance-filter.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Benchmark: the instance search over 5,000 instances, as typed one
 * keystroke at a time ("i", "in", … "instance-0004"), through the same
 * GtkFilterListModel + GtkCustomFilter the list uses (no display needed:
 * list models are plain GObjects). Prints ms per keystroke.
 */

#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "deck-ff-instance.h"
#include "deck-instance-fixtures.h"

static char *query;

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  return deck_ff_instance_matches (DECK_FF_INSTANCE (item), query);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GListStore) instances = deck_test_make_instances (5000);
  g_autoptr(GtkFilterListModel) filtered = NULL;
  GtkCustomFilter *filter;
  const char *typed = "instance-0004";
  double worst = 0, total = 0;
  guint keystrokes = 0;

  filter = gtk_custom_filter_new (filter_func, NULL, NULL);
  filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (instances)),
                                        GTK_FILTER (filter));

  for (int round = 0; round < 5; round++)
    for (gsize len = 1; len <= strlen (typed); len++)
      {
        g_autofree char *prefix = g_strndup (typed, len);
        gint64 start = g_get_monotonic_time ();
        double ms;

        g_free (query);
        query = g_utf8_casefold (prefix, -1);
        gtk_filter_changed (GTK_FILTER (filter), GTK_FILTER_CHANGE_MORE_STRICT);
        /* Reading the count forces the filtering to finish. */
        (void) g_list_model_get_n_items (G_LIST_MODEL (filtered));
        ms = (g_get_monotonic_time () - start) / 1000.0;
        total += ms;
        worst = MAX (worst, ms);
        keystrokes++;

        g_free (query);
        query = NULL;
        gtk_filter_changed (GTK_FILTER (filter), GTK_FILTER_CHANGE_LESS_STRICT);
        (void) g_list_model_get_n_items (G_LIST_MODEL (filtered));
        g_free (query);
        query = g_utf8_casefold (prefix, -1);
        gtk_filter_changed (GTK_FILTER (filter), GTK_FILTER_CHANGE_DIFFERENT);
      }

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filtered)), ==, 10);
  g_print ("| benchmark (5,000 instances, %u keystrokes) | value |\n|---|---|\n", keystrokes);
  g_print ("| filter per keystroke, mean | %.2f ms |\n", total / keystrokes);
  g_print ("| filter per keystroke, worst | %.2f ms |\n", worst);
  g_free (query);
  return 0;
}
