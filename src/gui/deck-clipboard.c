/* deck-clipboard.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-clipboard"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "deck-clipboard.h"
#include "deck-secure.h"

/* Clipboard hygiene for secrets (SECURITY.md S4). A secret goes on the
 * clipboard through our own GdkContentProvider, backed by a buffer that is
 * wiped when the provider is finalized. After `clipboard-clear-seconds`
 * the clipboard is emptied, but only while our provider is still the
 * clipboard's content: identity of the provider, never a comparison of
 * the text read back (reading would copy the secret again, and another
 * application may legitimately have copied the same text). A toast counts
 * down and offers "Clear Now".
 *
 * What this cannot wipe: copies that other processes made while they
 * pasted (the X server or compositor hands the bytes over a pipe), and the
 * buffers GDK uses to serialize the bytes for such a transfer. */

#define STATE_KEY "deck-clipboard-state"

typedef struct
{
  GdkClipboard       *clipboard;   /* borrowed: the state lives on it */
  GdkContentProvider *provider;    /* ours, while a countdown runs */
  AdwToast           *toast;       /* the countdown toast, if shown */
  gulong              changed_id;
  guint               tick_id;
  guint               remaining;
} ClipState;

static void
wipe_and_free (gpointer data)
{
  deck_secure_free (data);
}

static gboolean
dismiss_cb (gpointer user_data)
{
  adw_toast_dismiss (ADW_TOAST (user_data));
  return G_SOURCE_REMOVE;
}

static void
drop_toast (ClipState *state)
{
  /* For a toast whose overlay goes away with its dialog: nothing to
   * dismiss, and dismissing could reach the overlay being destroyed. */
  if (state->toast == NULL)
    return;

  g_signal_handlers_disconnect_by_data (state->toast, state);
  g_clear_object (&state->toast);
}

static void
forget_toast (ClipState *state)
{
  if (state->toast == NULL)
    return;

  /* Dismissed a moment later: libadwaita 1.2 crashes when a toast is
   * dismissed while its show animation still runs (a second Copy right
   * after the first, or another application copying at once). */
  g_signal_handlers_disconnect_by_data (state->toast, state);
  g_timeout_add_full (G_PRIORITY_DEFAULT, 500, dismiss_cb, g_steal_pointer (&state->toast),
                      g_object_unref);
}

static void
stop (ClipState *state)
{
  g_clear_handle_id (&state->tick_id, g_source_remove);
  if (state->changed_id != 0)
    g_clear_signal_handler (&state->changed_id, state->clipboard);
  forget_toast (state);
  /* The clipboard may still hold a reference (when someone else's content
   * replaced ours, it dropped it); the buffer is wiped with the last one. */
  g_clear_object (&state->provider);
}

static void
state_free (ClipState *state)
{
  stop (state);
  g_free (state);
}

static ClipState *
get_state (GdkClipboard *clipboard,
           gboolean      create)
{
  ClipState *state = g_object_get_data (G_OBJECT (clipboard), STATE_KEY);

  if (state == NULL && create)
    {
      state = g_new0 (ClipState, 1);
      state->clipboard = clipboard;
      g_object_set_data_full (G_OBJECT (clipboard), STATE_KEY, state,
                              (GDestroyNotify) state_free);
    }

  return state;
}

static gboolean
still_ours (ClipState *state)
{
  return state->provider != NULL &&
         gdk_clipboard_get_content (state->clipboard) == state->provider;
}

static void
clear_if_ours (ClipState *state)
{
  if (still_ours (state))
    {
      g_debug ("Clearing the copied secret from the clipboard");
      gdk_clipboard_set_content (state->clipboard, NULL);
    }

  stop (state);
}

static char *
countdown_title (guint remaining)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Copied. The clipboard is cleared in %u second",
                                       "Copied. The clipboard is cleared in %u seconds",
                                       remaining),
                          remaining);
}

static void
toast_button_clicked_cb (AdwToast  *toast,
                         ClipState *state)
{
  clear_if_ours (state);
}

static void
toast_dismissed_cb (AdwToast  *toast,
                    ClipState *state)
{
  /* Dismissed by the user or by a newer toast: the countdown goes on. */
  g_signal_handlers_disconnect_by_data (toast, state);
  g_clear_object (&state->toast);
}

static void
show_toast (ClipState       *state,
            AdwToastOverlay *overlay)
{
  g_autofree char *title = countdown_title (state->remaining);

  forget_toast (state);
  if (overlay == NULL)
    return;

  state->toast = adw_toast_new (title);
  adw_toast_set_timeout (state->toast, 0);
  adw_toast_set_priority (state->toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_button_label (state->toast, _("Clear Now"));
  g_signal_connect (state->toast, "button-clicked", G_CALLBACK (toast_button_clicked_cb), state);
  g_signal_connect (state->toast, "dismissed", G_CALLBACK (toast_dismissed_cb), state);
  adw_toast_overlay_add_toast (overlay, g_object_ref (state->toast));
}

static gboolean
tick_cb (gpointer user_data)
{
  ClipState *state = user_data;

  if (state->remaining > 0)
    state->remaining--;

  if (state->remaining == 0)
    {
      state->tick_id = 0;
      clear_if_ours (state);
      return G_SOURCE_REMOVE;
    }

  if (state->toast != NULL)
    {
      g_autofree char *title = countdown_title (state->remaining);

      adw_toast_set_title (state->toast, title);
    }

  return G_SOURCE_CONTINUE;
}

static void
clipboard_changed_cb (GdkClipboard *clipboard,
                      ClipState    *state)
{
  /* Something else was copied: it is not ours to clear, and the
   * countdown has nothing left to count. */
  if (!still_ours (state))
    {
      g_debug ("The clipboard changed hands; not clearing it");
      stop (state);
    }
}

/**
 * deck_clipboard_copy_secret:
 * @widget: a widget on the display whose clipboard to use
 * @secret: the text to copy
 * @overlay: (nullable): where to show the countdown toast
 *
 * Puts @secret on the clipboard and clears it after the configured delay
 * (the `clipboard-clear-seconds` setting), unless something else has been
 * copied in the meantime.
 */
void
deck_clipboard_copy_secret (GtkWidget       *widget,
                            const char      *secret,
                            AdwToastOverlay *overlay)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GdkClipboard *clipboard;
  ClipState *state;
  char *buffer;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (secret != NULL);
  g_return_if_fail (overlay == NULL || ADW_IS_TOAST_OVERLAY (overlay));

  clipboard = gtk_widget_get_clipboard (widget);
  state = get_state (clipboard, TRUE);
  stop (state);

  /* One buffer, wiped when the last reference to the provider goes. */
  buffer = g_strdup (secret);
  bytes = g_bytes_new_with_free_func (buffer, strlen (buffer), wipe_and_free, buffer);
  state->provider = gdk_content_provider_new_for_bytes ("text/plain;charset=utf-8", bytes);

  gdk_clipboard_set_content (clipboard, state->provider);

  settings = g_settings_new (APP_ID);
  state->remaining = MAX (1, g_settings_get_uint (settings, "clipboard-clear-seconds"));
  state->tick_id = g_timeout_add_seconds (1, tick_cb, state);
  state->changed_id = g_signal_connect (clipboard, "changed", G_CALLBACK (clipboard_changed_cb),
                                        state);
  show_toast (state, overlay);
}

/**
 * deck_clipboard_is_pending:
 * @clipboard: a clipboard
 *
 * Returns: whether a secret we copied is on @clipboard, waiting to be cleared
 */
gboolean
deck_clipboard_is_pending (GdkClipboard *clipboard)
{
  ClipState *state;

  g_return_val_if_fail (GDK_IS_CLIPBOARD (clipboard), FALSE);

  state = get_state (clipboard, FALSE);
  return state != NULL && still_ours (state);
}

/**
 * deck_clipboard_clear_now:
 * @clipboard: a clipboard
 *
 * Clears @clipboard now if it still holds a secret we copied.
 */
void
deck_clipboard_clear_now (GdkClipboard *clipboard)
{
  ClipState *state;

  g_return_if_fail (GDK_IS_CLIPBOARD (clipboard));

  state = get_state (clipboard, FALSE);
  if (state != NULL)
    clear_if_ours (state);
}

/**
 * deck_clipboard_present_countdown:
 * @clipboard: a clipboard
 * @overlay: where to show the toast
 *
 * Shows the countdown toast in @overlay, when a countdown runs: for a
 * dialog that closes while its copy is still on the clipboard.
 */
void
deck_clipboard_present_countdown (GdkClipboard    *clipboard,
                                  AdwToastOverlay *overlay)
{
  ClipState *state;

  g_return_if_fail (GDK_IS_CLIPBOARD (clipboard));
  g_return_if_fail (ADW_IS_TOAST_OVERLAY (overlay));

  state = get_state (clipboard, FALSE);
  if (state != NULL && still_ours (state) && state->tick_id != 0)
    {
      drop_toast (state);
      show_toast (state, overlay);
    }
}
