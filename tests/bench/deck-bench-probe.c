/* deck-bench-probe.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An LD_PRELOAD probe for tests/bench/run-benchmarks.sh: it watches the
 * real, unmodified app from outside its source. It wraps
 * gtk_window_present() to find the main window, then listens to the
 * window's frame clock ("after-paint", i.e. once a frame has been drawn)
 * and reports, as lines on the file named by $DECK_BENCH_PROBE_OUT:
 *
 *   first-frame <monotonic µs>                 the window's first frame
 *   rows <monotonic µs> <rows mapped> <from>   first frame showing instance rows (mapped,
 *                                              and in no stack that is mid-transition); <from>
 *                                              is "snapshot" when they are the start-up
 *                                              snapshot's (the page's from-snapshot), else "server"
 *   fresh-rows <monotonic µs> <rows mapped>    first frame showing the server's rows
 *   oauth-shown <monotonic µs>                 the OAuth dialog's web view finished loading
 *   oauth-closed <monotonic µs>                both dialogs closed again
 *   error <text>
 *
 * Commands, one per line on the fd $DECK_BENCH_PROBE_CMD_FD (optional):
 *   oauth-open <server url>   "Add Account" → server URL → "Sign In with
 *                             FlowFuse": the same path a user clicks
 *   oauth-close               close the OAuth dialog and "Add Account"
 *   malloc-trim               malloc_trim(0): how much of the RSS is freed heap
 *                             glibc kept (reports "trimmed <µs>")
 *   quit                      app.quit
 *
 * Times are CLOCK_MONOTONIC (g_get_monotonic_time()), the clock the
 * runner reads just before it starts the process.
 */

#define _GNU_SOURCE

#include <dlfcn.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <adwaita.h>
#include <gtk/gtk.h>

static FILE      *out;
static GtkWidget *main_window;
static gboolean   seen_first_frame;
static gboolean   seen_rows;
static gboolean   seen_fresh_rows;
static char      *oauth_url;
static guint      oauth_step_id;
static int        oauth_stage;
static GtkWidget *oauth_web_view;

static void
report (const char *format,
        ...)
{
  va_list args;

  if (out == NULL)
    {
      const char *path = g_getenv ("DECK_BENCH_PROBE_OUT");

      out = path ? fopen (path, "a") : stderr;
      if (out == NULL)
        out = stderr;
    }
  va_start (args, format);
  vfprintf (out, format, args);
  va_end (args);
  fputc ('\n', out);
  fflush (out);
}

static gboolean
is_type (GtkWidget  *widget,
         const char *type_name)
{
  GType type = g_type_from_name (type_name);

  return type != 0 && g_type_is_a (G_OBJECT_TYPE (widget), type);
}

/* Depth-first search of @root's widget tree. */
static GtkWidget *
find_widget (GtkWidget  *root,
             gboolean  (*match) (GtkWidget *, gconstpointer),
             gconstpointer data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static guint
count_mapped (GtkWidget  *root,
              const char *type_name)
{
  guint n = 0;

  if (!gtk_widget_get_mapped (root))
    return 0;
  /* A page fading in over another is not shown yet (mapped, but drawn
   * at a fraction of its opacity): counted when the fade is over. */
  if (GTK_IS_STACK (root) && gtk_stack_get_transition_running (GTK_STACK (root)))
    return 0;
  if (is_type (root, type_name))
    n++;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_mapped (child, type_name);
  return n;
}

static gboolean
match_type (GtkWidget     *widget,
            gconstpointer  data)
{
  return is_type (widget, data);
}

static gboolean
match_builder_id (GtkWidget     *widget,
                  gconstpointer  data)
{
  const char *id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget));

  return id != NULL && strcmp (id, data) == 0;
}

static gboolean
match_oauth_row (GtkWidget     *widget,
                 gconstpointer  data)
{
  const char *title;

  if (!ADW_IS_ACTION_ROW (widget) || !gtk_widget_get_mapped (widget))
    return FALSE;
  title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
  return title != NULL && strstr (title, "FlowFuse") != NULL;
}

static GtkWidget *
find_toplevel (const char *type_name)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (is_type (window, type_name) && gtk_widget_get_visible (window))
        return window;
    }
  return NULL;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  gint64 now = g_get_monotonic_time ();
  guint rows;

  if (!seen_first_frame)
    {
      seen_first_frame = TRUE;
      report ("first-frame %" G_GINT64_FORMAT, now);
    }
  if (seen_fresh_rows || main_window == NULL)
    return;

  rows = count_mapped (main_window, "DeckInstanceRow");
  if (rows > 0)
    {
      GtkWidget *page = find_widget (main_window, match_type, "DeckInstancesPage");
      gboolean from_snapshot = FALSE;

      if (page != NULL)
        g_object_get (page, "from-snapshot", &from_snapshot, NULL);
      if (!seen_rows)
        report ("rows %" G_GINT64_FORMAT " %u %s", now, rows,
                from_snapshot ? "snapshot" : "server");
      seen_rows = TRUE;
      if (!from_snapshot)
        {
          seen_fresh_rows = TRUE;
          report ("fresh-rows %" G_GINT64_FORMAT " %u", now, rows);
        }
    }
}

static void
realize_cb (GtkWidget *window,
            gpointer   user_data)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint_cb), NULL);
}

/*
 * Driving the OAuth dialog
 */

static void
web_view_load_changed_cb (GObject  *web_view,
                          int       event,
                          gpointer  user_data)
{
  /* WEBKIT_LOAD_FINISHED == 3 (no WebKit headers needed here). */
  if (event == 3 && oauth_stage == 3)
    {
      oauth_stage = 4;
      report ("oauth-shown %" G_GINT64_FORMAT, g_get_monotonic_time ());
    }
}

static gboolean
oauth_step_cb (gpointer user_data)
{
  GtkWidget *dialog = find_toplevel ("DeckAddAccountDialog");
  static int ticks;

  if (++ticks > 600) /* 30 s */
    {
      report ("error oauth dialog did not open (stage %d)", oauth_stage);
      oauth_step_id = 0;
      return G_SOURCE_REMOVE;
    }

  switch (oauth_stage)
    {
    case 0: /* Add Account: the server page */
      {
        GtkWidget *url_row, *button;

        if (dialog == NULL)
          return G_SOURCE_CONTINUE;
        url_row = find_widget (dialog, match_builder_id, "url_row");
        button = find_widget (dialog, match_builder_id, "continue_button");
        if (url_row == NULL || button == NULL)
          return G_SOURCE_CONTINUE;
        gtk_editable_set_text (GTK_EDITABLE (url_row), oauth_url);
        gtk_widget_activate (button);
        oauth_stage = 1;
        return G_SOURCE_CONTINUE;
      }

    case 1: /* the method page, once the server was probed */
      {
        GtkWidget *row;

        if (dialog == NULL)
          return G_SOURCE_CONTINUE;
        row = find_widget (dialog, match_oauth_row, NULL);
        if (row == NULL)
          return G_SOURCE_CONTINUE;
        adw_action_row_activate (ADW_ACTION_ROW (row));
        oauth_stage = 2;
        return G_SOURCE_CONTINUE;
      }

    case 2: /* the OAuth dialog and its web view */
      {
        GtkWidget *oauth = find_toplevel ("DeckOAuthDialog");
        GtkWidget *web_view;

        if (oauth == NULL)
          return G_SOURCE_CONTINUE;
        web_view = find_widget (oauth, match_type, "WebKitWebView");
        if (web_view == NULL)
          return G_SOURCE_CONTINUE;
        oauth_web_view = web_view;
        g_object_add_weak_pointer (G_OBJECT (web_view), (gpointer *) &oauth_web_view);
        oauth_stage = 3;
        g_signal_connect (web_view, "load-changed", G_CALLBACK (web_view_load_changed_cb), NULL);
        report ("oauth-dialog %" G_GINT64_FORMAT, g_get_monotonic_time ());
        oauth_step_id = 0;
        return G_SOURCE_REMOVE;
      }

    default:
      oauth_step_id = 0;
      return G_SOURCE_REMOVE;
    }
}

static gboolean
closed_check_cb (gpointer user_data)
{
  if (find_toplevel ("DeckOAuthDialog") != NULL || find_toplevel ("DeckAddAccountDialog") != NULL)
    return G_SOURCE_CONTINUE;
  report ("oauth-closed %" G_GINT64_FORMAT " webview-alive=%d", g_get_monotonic_time (),
          oauth_web_view != NULL);
  return G_SOURCE_REMOVE;
}

static void
run_command (const char *line)
{
  if (g_str_has_prefix (line, "oauth-open "))
    {
      g_free (oauth_url);
      oauth_url = g_strdup (line + strlen ("oauth-open "));
      oauth_stage = 0;
      gtk_widget_activate_action (main_window, "win.add-account", NULL);
      if (oauth_step_id == 0)
        oauth_step_id = g_timeout_add (50, oauth_step_cb, NULL);
    }
  else if (strcmp (line, "oauth-close") == 0)
    {
      GtkWidget *window;

      if ((window = find_toplevel ("DeckOAuthDialog")) != NULL)
        gtk_window_close (GTK_WINDOW (window));
      if ((window = find_toplevel ("DeckAddAccountDialog")) != NULL)
        gtk_window_close (GTK_WINDOW (window));
      g_timeout_add (50, closed_check_cb, NULL);
    }
  else if (strcmp (line, "malloc-trim") == 0)
    {
      malloc_trim (0);
      report ("trimmed %" G_GINT64_FORMAT, g_get_monotonic_time ());
    }
  else if (strcmp (line, "quit") == 0)
    {
      g_action_group_activate_action (G_ACTION_GROUP (g_application_get_default ()), "quit", NULL);
    }
  else
    {
      report ("error unknown command %s", line);
    }
}

static gboolean
command_cb (GIOChannel   *channel,
            GIOCondition  condition,
            gpointer      user_data)
{
  g_autofree char *line = NULL;
  GIOStatus status;

  status = g_io_channel_read_line (channel, &line, NULL, NULL, NULL);
  if (status == G_IO_STATUS_NORMAL && line != NULL)
    {
      g_strchomp (line);
      run_command (line);
      return G_SOURCE_CONTINUE;
    }
  return status == G_IO_STATUS_AGAIN ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/*
 * The wrapped entry point
 */

void
gtk_window_present (GtkWindow *window)
{
  static void (*real_present) (GtkWindow *) = NULL;
  const char *fd_string;

  if (real_present == NULL)
    real_present = dlsym (RTLD_NEXT, "gtk_window_present");

  if (main_window == NULL && is_type (GTK_WIDGET (window), "DeckWindow"))
    {
      main_window = GTK_WIDGET (window);
      if (gtk_widget_get_realized (main_window))
        realize_cb (main_window, NULL);
      else
        g_signal_connect (main_window, "realize", G_CALLBACK (realize_cb), NULL);

      fd_string = g_getenv ("DECK_BENCH_PROBE_CMD_FD");
      if (fd_string != NULL)
        {
          GIOChannel *channel = g_io_channel_unix_new (atoi (fd_string));

          g_io_add_watch (channel, G_IO_IN | G_IO_HUP | G_IO_ERR, command_cb, NULL);
          g_io_channel_unref (channel);
        }
    }

  real_present (window);
}
