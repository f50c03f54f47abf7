/* deck-web.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-web"

#include "config.h"

#include <glib/gi18n.h>
#include <gmodule.h>

#include "deck-web.h"

/* Loads libflowdeck-web.so once, on the first sign-in that needs a web
 * view, and keeps it (it registers GTypes, so it is never unloaded).
 * Where: next to the executable in a meson build tree (<exe dir>/gui/,
 * with build.ninja one level up), else the installed PKGLIBDIR. A process that was linked with it (the tests)
 * already has the entry points, and uses those. */

#define MODULE_NAME "libflowdeck-web.so"

typedef GtkWindow *(*NewFunc)          (GtkWindow *, DeckOAuthProfile *);
typedef GtkWindow *(*NewNodeRedFunc)   (GtkWindow *, const char *, gboolean);
typedef void       (*SetCookieFunc)    (GtkWindow *, const char *);
typedef char      *(*StealCookieFunc)  (GtkWindow *);
typedef void       (*RunFunc)          (GtkWindow *, GCancellable *, GAsyncReadyCallback, gpointer);
typedef DeckOAuthTokens *(*FinishFunc) (GtkWindow *, GAsyncResult *, GError **);
typedef gboolean   (*FinishNodeRedFunc) (GtkWindow *, GAsyncResult *, char **, char **, GError **);

static struct
{
  gboolean          loaded;
  NewFunc           new_dialog;
  NewNodeRedFunc    new_node_red;
  SetCookieFunc     set_capture_cookie;
  StealCookieFunc   steal_cookie;
  RunFunc           run_async;
  FinishFunc        run_finish;
  FinishNodeRedFunc run_node_red_finish;
} web;

static gboolean
lookup_all (GModule *module)
{
  return g_module_symbol (module, "deck_oauth_dialog_new", (gpointer *) &web.new_dialog) &&
         g_module_symbol (module, "deck_oauth_dialog_new_for_node_red",
                          (gpointer *) &web.new_node_red) &&
         g_module_symbol (module, "deck_oauth_dialog_set_capture_cookie",
                          (gpointer *) &web.set_capture_cookie) &&
         g_module_symbol (module, "deck_oauth_dialog_steal_cookie", (gpointer *) &web.steal_cookie) &&
         g_module_symbol (module, "deck_oauth_dialog_run_async", (gpointer *) &web.run_async) &&
         g_module_symbol (module, "deck_oauth_dialog_run_finish", (gpointer *) &web.run_finish) &&
         g_module_symbol (module, "deck_oauth_dialog_run_node_red_finish",
                          (gpointer *) &web.run_node_red_finish);
}

static char *
module_path (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  if (exe != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (exe);
      g_autofree char *uninstalled = g_build_filename (dir, "gui", MODULE_NAME, NULL);
      g_autofree char *ninja = g_build_filename (dir, "..", "build.ninja", NULL);

      /* A meson build tree (<build>/src/flowdeck): never an installed app. */
      if (g_file_test (ninja, G_FILE_TEST_IS_REGULAR) &&
          g_file_test (uninstalled, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&uninstalled);
    }

  return g_build_filename (PKGLIBDIR, MODULE_NAME, NULL);
}

static gboolean
ensure_loaded (GError **error)
{
  g_autofree char *path = NULL;
  GModule *program;
  GModule *module;
  gint64 start;

  if (web.loaded)
    return TRUE;

  /* The program itself stays loaded: its symbols outlive the handle. */
  program = g_module_open (NULL, G_MODULE_BIND_LAZY);
  if (program != NULL)
    {
      web.loaded = lookup_all (program);
      g_module_close (program);
      if (web.loaded)
        return TRUE;
    }

  path = module_path ();
  start = g_get_monotonic_time ();
  module = g_module_open (path, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  if (module == NULL || !lookup_all (module))
    {
      g_warning ("Loading the web view module %s failed: %s", path, g_module_error ());
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The sign-in window could not be opened: its web view is missing (%s)."),
                   g_module_error ());
      if (module != NULL)
        g_module_close (module);
      return FALSE;
    }

  g_module_make_resident (module);
  web.loaded = TRUE;
  g_debug ("Loaded the web view module in %.1f ms",
           (g_get_monotonic_time () - start) / 1000.0);
  return TRUE;
}

/**
 * deck_web_is_loaded:
 *
 * Returns: whether the web view module has been loaded
 */
gboolean
deck_web_is_loaded (void)
{
  return web.loaded;
}

/**
 * deck_web_sign_in_new:
 * @parent: (nullable): the window the dialog belongs to
 * @profile: the server and client to sign in with
 * @error: a location for a #GError, or %NULL
 *
 * Returns: (transfer full) (nullable): a new sign-in dialog (see
 *   deck_oauth_dialog_new()), or %NULL when the module is missing
 */
GtkWindow *
deck_web_sign_in_new (GtkWindow         *parent,
                      DeckOAuthProfile  *profile,
                      GError           **error)
{
  if (!ensure_loaded (error))
    return NULL;
  return web.new_dialog (parent, profile);
}

/**
 * deck_web_node_red_sign_in_new:
 * @parent: (nullable): the window the dialog belongs to
 * @editor_url: the Node-RED editor
 * @allow_insecure: the user accepted plain http for it
 * @error: a location for a #GError, or %NULL
 *
 * Returns: (transfer full) (nullable): a new dialog for a Node-RED
 *   strategy sign-in (see deck_oauth_dialog_new_for_node_red())
 */
GtkWindow *
deck_web_node_red_sign_in_new (GtkWindow   *parent,
                               const char  *editor_url,
                               gboolean     allow_insecure,
                               GError     **error)
{
  if (!ensure_loaded (error))
    return NULL;
  return web.new_node_red (parent, editor_url, allow_insecure);
}

void
deck_web_sign_in_set_capture_cookie (GtkWindow  *dialog,
                                     const char *name)
{
  g_return_if_fail (web.loaded);
  web.set_capture_cookie (dialog, name);
}

char *
deck_web_sign_in_steal_cookie (GtkWindow *dialog)
{
  g_return_val_if_fail (web.loaded, NULL);
  return web.steal_cookie (dialog);
}

void
deck_web_sign_in_run_async (GtkWindow           *dialog,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (web.loaded);
  web.run_async (dialog, cancellable, callback, user_data);
}

DeckOAuthTokens *
deck_web_sign_in_run_finish (GtkWindow     *dialog,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (web.loaded, NULL);
  return web.run_finish (dialog, result, error);
}

gboolean
deck_web_sign_in_run_node_red_finish (GtkWindow     *dialog,
                                      GAsyncResult  *result,
                                      char         **out_code,
                                      char         **out_access_token,
                                      GError       **error)
{
  g_return_val_if_fail (web.loaded, FALSE);
  return web.run_node_red_finish (dialog, result, out_code, out_access_token, error);
}
