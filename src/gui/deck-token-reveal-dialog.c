/* deck-token-reveal-dialog.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-token-reveal"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "deck-clipboard.h"
#include "deck-secure.h"
#include "deck-token-reveal-dialog.h"
#include "deck-token-test.h"

/* Shows a new token's value exactly once (SECURITY.md S3): monospace,
 * selectable, not editable, with Copy and ready-made snippets that copy
 * through the clipboard hygiene of deck-clipboard.c. Closing without
 * having copied asks first.
 *
 * Memory: the value and the two snippets that contain it live in three
 * buffers this dialog owns; they are overwritten (deck_secure_wipe) as
 * the dialog closes, and the label is emptied before the widgets are
 * disposed. What cannot be wiped from here: the copy GtkLabel keeps of
 * its text and the PangoLayout built from it (both freed with plain
 * g_free when the text is replaced), the glyph caches of the renderer,
 * the bytes the HTTP client and JSON parser held while the creation
 * answer was read (freed, not wiped, by libsoup and json-glib), and
 * whatever other processes did with a copy they pasted. The snippets on
 * screen show only the token's prefix, never the value. */

struct _DeckTokenRevealDialog
{
  AdwWindow        parent_instance;

  /* Owned memory, wiped on close */
  char            *value;
  char            *curl_snippet;
  char            *node_snippet;

  DeckTokenKind    kind;
  char            *instance_url;
  GCancellable    *test_cancellable;
  gboolean         testing;
  gboolean         copied;
  gboolean         confirmed;

  /* Template Widgets */
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *window_title;
  GtkLabel        *warning_label;
  GtkLabel        *value_label;
  GtkButton       *copy_button;
  AdwPreferencesGroup *snippets_group;
  AdwActionRow    *curl_row;
  AdwActionRow    *node_row;
  AdwPreferencesGroup *test_group;
  AdwEntryRow     *path_row;
  GtkButton       *test_button;
  GtkLabel        *test_result_label;
};

G_DEFINE_FINAL_TYPE (DeckTokenRevealDialog, deck_token_reveal_dialog, ADW_TYPE_WINDOW)

/*
 * Auxiliary methods
 */

static void
wipe_secrets (DeckTokenRevealDialog *self)
{
  /* The label's own copy is freed by GTK, not wiped (see above); at least
   * no widget shows or holds the value after this. */
  if (self->value_label != NULL)
    gtk_label_set_text (self->value_label, "");

  deck_secure_clear (&self->value);
  deck_secure_clear (&self->curl_snippet);
  deck_secure_clear (&self->node_snippet);
}

/* "ffhttp_…": the prefix says which kind of token, the rest stays hidden. */
static char *
masked (const char *value)
{
  const char *underscore = strchr (value, '_');
  gsize n = underscore != NULL && underscore - value < 12 ? (gsize) (underscore - value) + 1 : 0;

  return g_strdup_printf ("%.*s…", (int) n, value);
}

static AdwToastOverlay *
find_overlay (GtkWidget *widget)
{
  if (widget == NULL)
    return NULL;
  if (ADW_IS_TOAST_OVERLAY (widget))
    return ADW_TOAST_OVERLAY (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwToastOverlay *found = find_overlay (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
copy_secret (DeckTokenRevealDialog *self,
             const char            *text)
{
  if (text == NULL)
    return;

  deck_clipboard_copy_secret (GTK_WIDGET (self), text, self->toast_overlay);
  self->copied = TRUE;
}

/*
 * Signal callbacks
 */

static void
copy_clicked_cb (DeckTokenRevealDialog *self)
{
  copy_secret (self, self->value);
}

static void
copy_curl_clicked_cb (DeckTokenRevealDialog *self)
{
  copy_secret (self, self->curl_snippet);
}

static void
copy_node_clicked_cb (DeckTokenRevealDialog *self)
{
  copy_secret (self, self->node_snippet);
}

static gboolean
scroll_to_end_cb (gpointer user_data)
{
  GtkWidget *label = user_data;
  GtkWidget *scrolled = gtk_widget_get_ancestor (label, GTK_TYPE_SCROLLED_WINDOW);

  if (scrolled != NULL)
    {
      GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

      gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) -
                                     gtk_adjustment_get_page_size (adj));
    }

  return G_SOURCE_REMOVE;
}

static void
show_test_result (DeckTokenRevealDialog *self,
                  const char            *css_class,
                  const char            *text)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_result_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_result_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_result_label), "warning");
  gtk_widget_add_css_class (GTK_WIDGET (self->test_result_label), css_class);
  gtk_label_set_text (self->test_result_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->test_result_label), TRUE);

  /* The result is at the bottom: bring it into view once laid out. */
  g_idle_add_full (G_PRIORITY_LOW, scroll_to_end_cb, g_object_ref (self->test_result_label),
                   g_object_unref);
}

static void
tested_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DeckTokenRevealDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *described = NULL;
  guint status;

  status = deck_token_test_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->testing = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), TRUE);

  if (error != NULL)
    {
      /* Translators: %s says why the request failed. */
      text = g_strdup_printf (_("The test request failed: %s"), error->message);
      show_test_result (self, "error", text);
      return;
    }

  if (deck_token_test_verdict (status) == DECK_TOKEN_TEST_ACCEPTED)
    {
      described = deck_token_test_describe_status (status);
      /* Translators: %s is an HTTP status ("200 OK"). */
      text = g_strdup_printf (_("Accepted: the instance answered %s."), described);
      show_test_result (self, "success", text);
    }
  else if (deck_token_test_verdict (status) == DECK_TOKEN_TEST_NOT_ACCEPTED)
    {
      show_test_result (self, "error",
                        _("Not accepted: the instance answered 401 Unauthorized. Likely "
                          "reasons: the instance does not use FlowFuse user authentication "
                          "for its HTTP endpoints (see “HTTP Security” on its page); the token "
                          "was revoked (instances remember token checks for up to 5 minutes, "
                          "so a change can take that long to show); or the token belongs to "
                          "another instance."));
    }
  else
    {
      described = deck_token_test_describe_status (status);
      /* Translators: %s is an HTTP status ("404 Not Found"). */
      text = g_strdup_printf (_("The instance answered %s."), described);
      show_test_result (self, "warning", text);
    }
}

static void
test_clicked_cb (DeckTokenRevealDialog *self)
{
  if (self->testing || self->value == NULL || self->instance_url == NULL)
    return;

  /* Only the button waits: the path entry may have the focus. */
  self->testing = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->test_result_label), FALSE);
  deck_token_test_async (self->instance_url, gtk_editable_get_text (GTK_EDITABLE (self->path_row)),
                         self->value, self->test_cancellable, tested_cb, g_object_ref (self));
}

static void
done_clicked_cb (DeckTokenRevealDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
label_copy_cb (GtkLabel              *label,
               DeckTokenRevealDialog *self)
{
  /* Ctrl+C or the context menu on the value: the same hygiene as Copy,
   * instead of GTK's plain clipboard text that nobody would clear. */
  g_signal_stop_emission_by_name (label, "copy-clipboard");
  copy_secret (self, self->value);
}

static gboolean
close_idle_cb (gpointer user_data)
{
  gtk_window_close (GTK_WINDOW (user_data));
  return G_SOURCE_REMOVE;
}

static void
confirm_response_cb (AdwMessageDialog      *dialog,
                     const char            *response,
                     DeckTokenRevealDialog *self)
{
  if (g_strcmp0 (response, "close") != 0)
    return;

  /* Closed once the question has gone: destroying the question's
   * transient parent while it still answers upsets GTK 4.8. */
  self->confirmed = TRUE;
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_idle_cb, g_object_ref (self), g_object_unref);
}

/*
 * GtkWindow overrides
 */

static gboolean
deck_token_reveal_dialog_close_request (GtkWindow *window)
{
  DeckTokenRevealDialog *self = DECK_TOKEN_REVEAL_DIALOG (window);
  GtkWindow *parent = gtk_window_get_transient_for (window);
  AdwToastOverlay *overlay;
  GtkWidget *dialog;

  if (!self->copied && !self->confirmed)
    {
      dialog = adw_message_dialog_new (window, _("Close Without Copying?"),
                                       _("The token will not be shown again. If you have not "
                                         "saved it, you will have to revoke it and create a "
                                         "new one."));
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Go Back"),
                                        "close", _("_Close"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "close",
                                                  ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      return TRUE;
    }

  g_cancellable_cancel (self->test_cancellable);
  wipe_secrets (self);

  /* The countdown goes on after the dialog: show it where the user is. */
  overlay = find_overlay (parent != NULL ? GTK_WIDGET (parent) : NULL);
  if (overlay != NULL)
    deck_clipboard_present_countdown (gtk_widget_get_clipboard (GTK_WIDGET (self)), overlay);

  return GTK_WINDOW_CLASS (deck_token_reveal_dialog_parent_class)->close_request (window);
}

/*
 * GObject overrides
 */

static void
deck_token_reveal_dialog_dispose (GObject *object)
{
  DeckTokenRevealDialog *self = DECK_TOKEN_REVEAL_DIALOG (object);

  g_cancellable_cancel (self->test_cancellable);
  wipe_secrets (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), DECK_TYPE_TOKEN_REVEAL_DIALOG);

  G_OBJECT_CLASS (deck_token_reveal_dialog_parent_class)->dispose (object);
}

static void
deck_token_reveal_dialog_finalize (GObject *object)
{
  DeckTokenRevealDialog *self = DECK_TOKEN_REVEAL_DIALOG (object);

  /* Already wiped in dispose; kept for the case dispose never ran. */
  wipe_secrets (self);
  g_clear_object (&self->test_cancellable);
  g_clear_pointer (&self->instance_url, g_free);

  G_OBJECT_CLASS (deck_token_reveal_dialog_parent_class)->finalize (object);
}

static void
deck_token_reveal_dialog_class_init (DeckTokenRevealDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = deck_token_reveal_dialog_dispose;
  object_class->finalize = deck_token_reveal_dialog_finalize;
  window_class->close_request = deck_token_reveal_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_PATH "/ui/deck-token-reveal-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DeckTokenRevealDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DeckTokenRevealDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, DeckTokenRevealDialog, warning_label);
  gtk_widget_class_bind_template_child (widget_class, DeckTokenRevealDialog, value_label);
  gtk_widget_class_bind_template_child (widget_class, DeckTokenRevealDialog, copy_button);
  gtk_widget_class_bind_template_child (widget_class, DeckTokenRevealDialog, snippets_group);
  gtk_widget_class_bind_template_child (widget_class, DeckTokenRevealDialog, curl_row);
  gtk_widget_class_bind_template_child (widget_class, DeckTokenRevealDialog, node_row);
  gtk_widget_class_bind_template_child (widget_class, DeckTokenRevealDialog, test_group);
  gtk_widget_class_bind_template_child (widget_class, DeckTokenRevealDialog, path_row);
  gtk_widget_class_bind_template_child (widget_class, DeckTokenRevealDialog, test_button);
  gtk_widget_class_bind_template_child (widget_class, DeckTokenRevealDialog, test_result_label);
  gtk_widget_class_bind_template_callback (widget_class, test_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_curl_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_node_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, done_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
deck_token_reveal_dialog_init (DeckTokenRevealDialog *self)
{
  g_autoptr(PangoAttrList) attributes = pango_attr_list_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->test_cancellable = g_cancellable_new ();

  /* Wrapped anywhere, but never with an inserted hyphen that is not part
   * of the token. */
  pango_attr_list_insert (attributes, pango_attr_insert_hyphens_new (FALSE));
  gtk_label_set_attributes (self->value_label, attributes);
  g_signal_connect (self->value_label, "copy-clipboard", G_CALLBACK (label_copy_cb), self);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->curl_row), FALSE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->node_row), FALSE);
}

/*
 * Public API
 */

/**
 * deck_token_reveal_dialog_new:
 * @parent: (nullable): the window to stay on top of
 * @kind: what kind of token @value is
 * @token_name: the token's name, for the title
 * @value: (transfer full): the token's value; the dialog owns it and
 *   overwrites it when it closes
 * @target_url: (nullable): where the token is used (the instance's URL for
 *   HTTP tokens, the FlowFuse server for personal tokens), for the snippets
 *
 * Returns: (transfer none): the dialog, not yet presented
 */
DeckTokenRevealDialog *
deck_token_reveal_dialog_new (GtkWindow     *parent,
                              DeckTokenKind  kind,
                              const char    *token_name,
                              char          *value,
                              const char    *target_url)
{
  DeckTokenRevealDialog *self;
  g_autofree char *shown = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (value != NULL, NULL);

  self = g_object_new (DECK_TYPE_TOKEN_REVEAL_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->kind = kind;
  self->value = value;
  shown = masked (value);

  adw_window_title_set_subtitle (self->window_title, token_name);
  gtk_label_set_text (self->value_label, self->value);

  if (target_url == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->snippets_group), FALSE);
    }
  else if (kind == DECK_TOKEN_KIND_HTTP)
    {
      self->curl_snippet = g_strdup_printf ("curl -H \"Authorization: Bearer %s\" %s",
                                            self->value, target_url);
      text = g_strdup_printf ("curl -H \"Authorization: Bearer %s\" %s", shown, target_url);
      adw_action_row_set_subtitle (self->curl_row, text);
      g_clear_pointer (&text, g_free);

      self->node_snippet = g_strdup_printf ("%s: GET\n%s: %s\n%s: %s\n%s: %s",
                                            _("Method"), _("URL"), target_url,
                                            _("Authentication"), _("bearer authentication"),
                                            _("Token"), self->value);
      text = g_strdup_printf ("%s: GET\n%s: %s\n%s: %s\n%s: %s",
                              _("Method"), _("URL"), target_url,
                              _("Authentication"), _("bearer authentication"),
                              _("Token"), shown);
      adw_action_row_set_subtitle (self->node_row, text);

      /* Test This Token: a request to a path of the instance. */
      self->instance_url = g_strdup (target_url);
      gtk_widget_set_visible (GTK_WIDGET (self->test_group), TRUE);
    }
  else
    {
      g_autofree char *api = g_strdup_printf ("%s/api/v1/user", target_url);

      self->curl_snippet = g_strdup_printf ("curl -H \"Authorization: Bearer %s\" %s",
                                            self->value, api);
      text = g_strdup_printf ("curl -H \"Authorization: Bearer %s\" %s", shown, api);
      adw_action_row_set_subtitle (self->curl_row, text);
      gtk_widget_set_visible (GTK_WIDGET (self->node_row), FALSE);
    }

  /* Focus Copy, not the value: a focused selectable label selects its
   * text, which would put the value in the primary selection. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->copy_button));

  return self;
}

/**
 * deck_token_reveal_dialog_get_copied:
 * @self: a #DeckTokenRevealDialog
 *
 * Returns: whether the value (or a snippet with it) was copied
 */
gboolean
deck_token_reveal_dialog_get_copied (DeckTokenRevealDialog *self)
{
  g_return_val_if_fail (DECK_IS_TOKEN_REVEAL_DIALOG (self), FALSE);

  return self->copied;
}

/**
 * deck_token_reveal_dialog_set_warning:
 * @self: a #DeckTokenRevealDialog
 * @warning: (nullable): something the user must know about the new token
 */
void
deck_token_reveal_dialog_set_warning (DeckTokenRevealDialog *self,
                                      const char            *warning)
{
  g_return_if_fail (DECK_IS_TOKEN_REVEAL_DIALOG (self));

  gtk_label_set_text (self->warning_label, warning != NULL ? warning : "");
  gtk_widget_set_visible (GTK_WIDGET (self->warning_label), warning != NULL);
}
