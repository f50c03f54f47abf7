/* deck-add-account-dialog.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-add-account"

#include "config.h"

#include <glib/gi18n.h>

#include "deck-add-account-dialog.h"
#include "deck-flowfuse-error.h"
#include "deck-http.h"
#include "deck-secure.h"
#include "deck-server-probe.h"
#include "deck-web.h"

/* The add-account assistant: a server address, probed without any
 * credential, then the ways to sign in that fit what answered. Every
 * step goes through DeckContext (verify, keyring, then metadata); the
 * dialog only presents it. Closing the dialog cancels what it started.
 * Nothing the user typed is lost on an error: the fields keep their
 * text and the message says what to change. */

#define FLOWFUSE_CLOUD "https://app.flowfuse.com"

struct _DeckAddAccountDialog
{
  AdwWindow         parent_instance;

  /* Owned References */
  DeckContext      *context;
  GCancellable     *cancellable;
  DeckServerProbe  *probe;
  char             *error_text;
  char             *session_cookie;   /* the sign-in's web session, used once */
  DeckAccount      *read_only;        /* the OAuth account, until upgraded */

  /* Template Widgets */
  GtkStack         *stack;
  GtkButton        *back_button;
  AdwEntryRow      *url_row;
  GtkCheckButton   *insecure_check;
  GtkButton        *continue_button;
  GtkLabel         *server_error;
  GtkLabel         *server_summary;
  AdwEntryRow      *username_row;
  AdwPasswordEntryRow *password_row;
  AdwEntryRow      *mfa_row;
  GtkButton        *password_button;
  GtkLabel         *password_error;
  AdwPasswordEntryRow *token_row;
  GtkButton        *token_button;
  GtkLabel         *token_error;
  GtkLabel         *unsupported_label;
  GtkLabel         *oauth_label;
  GtkLabel         *nr_label;
  AdwPreferencesGroup *nr_credentials;
  AdwEntryRow      *nr_username_row;
  AdwPasswordEntryRow *nr_password_row;
  GtkSwitch        *nr_read_only;
  GtkLabel         *nr_error;
  GtkButton        *nr_button;
  GtkButton        *manage_button;
  GtkLabel         *oauth_error;
};

G_DEFINE_FINAL_TYPE (DeckAddAccountDialog, deck_add_account_dialog, ADW_TYPE_WINDOW)

/*
 * Auxiliary methods
 */

static void
set_busy (DeckAddAccountDialog *self,
          gboolean              busy)
{
  /* Only the buttons wait; entries keep their focus and text (making a
   * focused entry insensitive loses its focus-out in GTK 4.8). */
  gtk_widget_set_sensitive (GTK_WIDGET (self->continue_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->token_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->nr_button), !busy);
  if (self->manage_button != NULL && self->session_cookie != NULL)
    gtk_widget_set_sensitive (GTK_WIDGET (self->manage_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->back_button), !busy);
}

static void
show_error (DeckAddAccountDialog *self,
            GtkLabel             *label,
            const GError         *error)
{
  g_free (self->error_text);
  self->error_text = error ? g_strdup (error->message) : NULL;

  /* Plain text: server words never become markup. */
  gtk_label_set_text (label, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), error != NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (label), "error");
  if (error != NULL)
    g_message ("Add account: %s", error->message);
}

static void
go_to (DeckAddAccountDialog *self,
       const char           *page)
{
  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), g_strcmp0 (page, "server") != 0);
}

static void
account_added (DeckAddAccountDialog *self,
               DeckAccount          *account)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  GtkWidget *overlay = parent ? gtk_widget_get_first_child (GTK_WIDGET (parent)) : NULL;
  g_autofree char *text = NULL;

  text = g_strdup_printf (_("Signed in as %s"), deck_account_get_display_name (account));
  g_message ("%s on %s", text, deck_account_get_url (account));

  while (overlay != NULL && !ADW_IS_TOAST_OVERLAY (overlay))
    overlay = gtk_widget_get_first_child (overlay);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));

  gtk_window_close (GTK_WINDOW (self));
}

/*
 * Server page
 */

static void
probe_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DeckAddAccountDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;

  g_clear_pointer (&self->probe, deck_server_probe_free);
  self->probe = deck_server_probe_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  gtk_button_set_label (self->continue_button, _("_Continue"));

  if (self->probe == NULL)
    {
      /* An unencrypted address may still be used after an explicit choice. */
      gtk_widget_set_visible (GTK_WIDGET (self->insecure_check),
                              g_error_matches (error, DECK_NET_ERROR, DECK_NET_ERROR_INSECURE_URL));
      show_error (self, self->server_error, error);
      gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
      return;
    }

  show_error (self, self->server_error, NULL);
  uri = g_uri_parse (self->probe->url, G_URI_FLAGS_NONE, NULL);

  if (self->probe->kind == DECK_SERVER_KIND_NODE_RED)
    {
      const char *scheme = self->probe->node_red_scheme;
      const char *host = uri ? g_uri_get_host (uri) : self->probe->url;
      g_autofree char *text = NULL;

      if (g_strcmp0 (scheme, "strategy") == 0)
        {
          const char *label = self->probe->node_red_strategy_label;

          if (label != NULL)
            /* Translators: the first %s is a host, the second the label of
             * Node-RED's sign-in button, such as "Sign in with GitHub". */
            text = g_strdup_printf (_("The Node-RED at %s signs in through a web page (“%s”). "
                                      "Flowdeck opens that page here; it keeps only the sign-in "
                                      "Node-RED gives, in your keyring."),
                                    host, label);
          else
            text = g_strdup_printf (_("The Node-RED at %s signs in through a web page. Flowdeck "
                                      "opens that page here; it keeps only the sign-in Node-RED "
                                      "gives, in your keyring."),
                                    host);
          gtk_button_set_label (self->nr_button, _("_Sign In…"));
          gtk_widget_remove_css_class (GTK_WIDGET (self->nr_button), "destructive-action");
          gtk_widget_add_css_class (GTK_WIDGET (self->nr_button), "suggested-action");
        }
      else if (g_strcmp0 (scheme, "credentials") == 0)
        {
          text = g_strdup_printf (_("Node-RED at %s. Sign in with a user of its admin API."),
                                  host);
          gtk_button_set_label (self->nr_button, _("_Sign In"));
          gtk_widget_remove_css_class (GTK_WIDGET (self->nr_button), "destructive-action");
          gtk_widget_add_css_class (GTK_WIDGET (self->nr_button), "suggested-action");
        }
      else
        {
          text = g_strdup_printf (_("The Node-RED at %s has no admin authentication: anyone "
                                    "who can reach it can change its flows. Flowdeck can "
                                    "connect without signing in."),
                                  host);
          gtk_button_set_label (self->nr_button, _("_Connect Anyway"));
          gtk_widget_remove_css_class (GTK_WIDGET (self->nr_button), "suggested-action");
          gtk_widget_add_css_class (GTK_WIDGET (self->nr_button), "destructive-action");
        }

      gtk_label_set_text (self->nr_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->nr_credentials),
                              g_strcmp0 (scheme, "credentials") == 0);
      go_to (self, "node-red");
      return;
    }

  {
    g_autofree char *summary = NULL;

    /* Translators: %s is a server's host name. */
    summary = g_strdup_printf (_("FlowFuse at %s"), uri ? g_uri_get_host (uri) : self->probe->url);
    gtk_label_set_text (self->server_summary, summary);
  }
  go_to (self, "method");
}

static void
continue_clicked_cb (DeckAddAccountDialog *self)
{
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->url_row));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  show_error (self, self->server_error, NULL);
  set_busy (self, TRUE);
  gtk_button_set_label (self->continue_button, _("Checking…"));
  deck_server_probe_async (url, gtk_check_button_get_active (self->insecure_check), 15,
                           self->cancellable, probe_cb, g_object_ref (self));
}

static void
url_changed_cb (DeckAddAccountDialog *self)
{
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->url_row));

  gtk_widget_set_sensitive (GTK_WIDGET (self->continue_button), url != NULL && *url != '\0');
}

/*
 * Method page
 */

static void
use_token_cb (DeckAddAccountDialog *self)
{
  go_to (self, "token");
  gtk_widget_grab_focus (GTK_WIDGET (self->token_row));
}

static void
use_password_cb (DeckAddAccountDialog *self)
{
  go_to (self, "password");
  gtk_widget_grab_focus (GTK_WIDGET (self->username_row));
}

/*
 * Sign in with FlowFuse (OAuth, read-only), then optionally upgrade
 */

static void
manage_added_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DeckAddAccountDialog) self = user_data;
  g_autoptr(DeckAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = deck_context_add_account_finish (DECK_CONTEXT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  gtk_button_set_label (self->manage_button, _("_Allow Flowdeck to Manage Instances and Tokens"));
  if (account == NULL)
    {
      /* The read-only account is still there: nothing was lost. */
      show_error (self, self->oauth_error, error);
      return;
    }

  account_added (self, account);
}

static void
manage_clicked_cb (DeckAddAccountDialog *self)
{
  g_autofree char *cookie = g_steal_pointer (&self->session_cookie);

  if (cookie == NULL || self->probe == NULL)
    return;

  show_error (self, self->oauth_error, NULL);
  set_busy (self, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->manage_button), FALSE);
  gtk_button_set_label (self->manage_button, _("Creating Flowdeck’s Token…"));
  deck_context_add_flowfuse_session_async (self->context, self->probe->url, cookie,
                                           self->read_only, self->cancellable, manage_added_cb,
                                           g_object_ref (self));
  deck_secure_wipe (cookie, strlen (cookie));
}

static void
stay_read_only_cb (DeckAddAccountDialog *self)
{
  if (self->read_only != NULL)
    account_added (self, self->read_only);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
oauth_added_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DeckAddAccountDialog) self = user_data;
  g_autoptr(DeckAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  account = deck_context_add_account_finish (DECK_CONTEXT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (account == NULL)
    {
      deck_secure_clear (&self->session_cookie);
      go_to (self, "method");
      show_error (self, self->server_error, error);
      return;
    }

  g_set_object (&self->read_only, account);
  text = g_strdup_printf (_("Signed in as %s. FlowFuse gives this kind of sign-in read access "
                            "only: you can see teams and instances, but not start or stop them "
                            "or manage tokens."),
                          deck_account_get_display_name (account));
  gtk_label_set_text (self->oauth_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->manage_button), self->session_cookie != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->manage_button), self->session_cookie != NULL);
  go_to (self, "signed-in");
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), FALSE);
}

static void
oauth_dialog_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DeckAddAccountDialog) self = user_data;
  g_autoptr(DeckOAuthTokens) tokens = NULL;
  g_autoptr(GError) error = NULL;

  tokens = deck_web_sign_in_run_finish (GTK_WINDOW (source), result, &error);
  if (tokens == NULL)
    {
      set_busy (self, FALSE);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, self->server_error, error);
      return;
    }

  deck_secure_clear (&self->session_cookie);
  self->session_cookie = deck_web_sign_in_steal_cookie (GTK_WINDOW (source));
  deck_context_add_flowfuse_oauth_async (self->context, self->probe->url, tokens,
                                         self->cancellable, oauth_added_cb, g_object_ref (self));
}

static void
use_oauth_cb (DeckAddAccountDialog *self)
{
  g_autoptr(DeckOAuthProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *dialog;

  if (self->probe == NULL)
    return;

  profile = deck_oauth_profile_new_flowfuse (self->probe->url);
  dialog = deck_web_sign_in_new (GTK_WINDOW (self), profile, &error);
  if (dialog == NULL)
    {
      show_error (self, self->server_error, error);
      return;
    }
  /* FlowFuse's web session, to create Flowdeck's own token only if the
   * user then asks for it. */
  deck_web_sign_in_set_capture_cookie (dialog, "sid");
  set_busy (self, TRUE);
  deck_web_sign_in_run_async (dialog, self->cancellable, oauth_dialog_cb, g_object_ref (self));
}

/*
 * Token page
 */

static void
token_added_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DeckAddAccountDialog) self = user_data;
  g_autoptr(DeckAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = deck_context_add_account_finish (DECK_CONTEXT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  gtk_button_set_label (self->token_button, _("_Add Account"));
  if (account == NULL)
    {
      show_error (self, self->token_error, error);
      gtk_widget_grab_focus (GTK_WIDGET (self->token_row));
      return;
    }

  account_added (self, account);
}

static void
token_clicked_cb (DeckAddAccountDialog *self)
{
  const char *token = gtk_editable_get_text (GTK_EDITABLE (self->token_row));

  if (self->probe == NULL || token == NULL || *token == '\0')
    return;

  show_error (self, self->token_error, NULL);
  set_busy (self, TRUE);
  gtk_button_set_label (self->token_button, _("Checking…"));
  deck_context_add_flowfuse_token_async (self->context, self->probe->url, token,
                                         self->cancellable, token_added_cb, g_object_ref (self));
}

/*
 * Password page
 */

static void
password_added_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DeckAddAccountDialog) self = user_data;
  g_autoptr(DeckAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = deck_context_add_account_finish (DECK_CONTEXT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  gtk_button_set_label (self->password_button, _("_Sign In"));
  if (account == NULL)
    {
      gboolean first_ask = FALSE;

      if (g_error_matches (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_MFA_REQUIRED))
        {
          first_ask = !gtk_widget_get_visible (GTK_WIDGET (self->mfa_row));
          gtk_widget_set_visible (GTK_WIDGET (self->mfa_row), TRUE);
          gtk_widget_grab_focus (GTK_WIDGET (self->mfa_row));
        }
      show_error (self, self->password_error, error);
      /* The server asking for the code is the next step, not a mistake. */
      if (first_ask)
        {
          gtk_widget_remove_css_class (GTK_WIDGET (self->password_error), "error");
          gtk_widget_add_css_class (GTK_WIDGET (self->password_error), "dim-label");
        }
      return;
    }

  account_added (self, account);
}

static void
password_clicked_cb (DeckAddAccountDialog *self)
{
  const char *username = gtk_editable_get_text (GTK_EDITABLE (self->username_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  const char *code = gtk_editable_get_text (GTK_EDITABLE (self->mfa_row));

  if (self->probe == NULL || *username == '\0' || *password == '\0')
    return;

  show_error (self, self->password_error, NULL);
  set_busy (self, TRUE);
  gtk_button_set_label (self->password_button, _("Signing In…"));
  deck_context_add_flowfuse_password_async (self->context, self->probe->url, username, password,
                                            gtk_widget_get_visible (GTK_WIDGET (self->mfa_row))
                                              ? code : NULL,
                                            self->cancellable, password_added_cb,
                                            g_object_ref (self));
}

/*
 * Node-RED page
 */

static void
node_red_added_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DeckAddAccountDialog) self = user_data;
  g_autoptr(DeckAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = deck_context_add_account_finish (DECK_CONTEXT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (account == NULL)
    {
      show_error (self, self->nr_error, error);
      return;
    }

  account_added (self, account);
}

static void
node_red_strategy_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(DeckAddAccountDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(DeckSecureString) code = NULL;
  g_auto(DeckSecureString) token = NULL;

  if (!deck_web_sign_in_run_node_red_finish (GTK_WINDOW (source), result, &code, &token,
                                             &error))
    {
      set_busy (self, FALSE);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, self->nr_error, error);
      return;
    }

  /* A code is good for 20 seconds: exchanged at once. */
  deck_context_add_node_red_strategy_async (self->context, self->probe->url, code, token,
                                            self->cancellable, node_red_added_cb,
                                            g_object_ref (self));
}

static void
node_red_clicked_cb (DeckAddAccountDialog *self)
{
  gboolean credentials;

  if (self->probe == NULL)
    return;

  if (g_strcmp0 (self->probe->node_red_scheme, "strategy") == 0)
    {
      g_autoptr(GError) error = NULL;
      /* Plain http only on this computer (loopback), as for every
       * Node-RED request Flowdeck makes. */
      GtkWindow *dialog = deck_web_node_red_sign_in_new (GTK_WINDOW (self), self->probe->url,
                                                         FALSE, &error);

      show_error (self, self->nr_error, error);
      if (dialog == NULL)
        return;
      set_busy (self, TRUE);
      deck_web_sign_in_run_async (dialog, self->cancellable, node_red_strategy_cb,
                                  g_object_ref (self));
      return;
    }

  credentials = g_strcmp0 (self->probe->node_red_scheme, "credentials") == 0;
  if (credentials && *gtk_editable_get_text (GTK_EDITABLE (self->nr_username_row)) == '\0')
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->nr_username_row));
      return;
    }

  show_error (self, self->nr_error, NULL);
  set_busy (self, TRUE);
  deck_context_add_node_red_async (self->context, self->probe->url,
                                   credentials
                                     ? gtk_editable_get_text (GTK_EDITABLE (self->nr_username_row))
                                     : NULL,
                                   credentials
                                     ? gtk_editable_get_text (GTK_EDITABLE (self->nr_password_row))
                                     : NULL,
                                   gtk_switch_get_active (self->nr_read_only),
                                   self->cancellable, node_red_added_cb, g_object_ref (self));
}

static void
back_clicked_cb (DeckAddAccountDialog *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (page, "token") == 0 || g_strcmp0 (page, "password") == 0)
    go_to (self, "method");
  else
    go_to (self, "server");
}

/*
 * GObject
 */

static gboolean
deck_add_account_dialog_close_request (GtkWindow *window)
{
  DeckAddAccountDialog *self = DECK_ADD_ACCOUNT_DIALOG (window);

  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (deck_add_account_dialog_parent_class)->close_request (window);
}

static void
deck_add_account_dialog_dispose (GObject *object)
{
  DeckAddAccountDialog *self = DECK_ADD_ACCOUNT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DECK_TYPE_ADD_ACCOUNT_DIALOG);
  g_clear_object (&self->context);
  g_clear_object (&self->read_only);

  G_OBJECT_CLASS (deck_add_account_dialog_parent_class)->dispose (object);
}

static void
deck_add_account_dialog_finalize (GObject *object)
{
  DeckAddAccountDialog *self = DECK_ADD_ACCOUNT_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->probe, deck_server_probe_free);
  g_clear_pointer (&self->error_text, g_free);
  deck_secure_clear (&self->session_cookie);

  G_OBJECT_CLASS (deck_add_account_dialog_parent_class)->finalize (object);
}

static void
deck_add_account_dialog_class_init (DeckAddAccountDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = deck_add_account_dialog_dispose;
  object_class->finalize = deck_add_account_dialog_finalize;
  window_class->close_request = deck_add_account_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_PATH "/ui/deck-add-account-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DeckAddAccountDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, DeckAddAccountDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, DeckAddAccountDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, DeckAddAccountDialog, insecure_check);
  gtk_widget_class_bind_template_child (widget_class, DeckAddAccountDialog, continue_button);
  gtk_widget_class_bind_template_child (widget_class, DeckAddAccountDialog, server_error);
  gtk_widget_class_bind_template_child (widget_class, DeckAddAccountDialog, server_summary);
  gtk_widget_class_bind_template_child (widget_class, DeckAddAccountDialog, username_row);
  gtk_widget_class_bind_template_child (widget_class, DeckAddAccountDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, DeckAddAccountDialog, mfa_row);
  gtk_widget_class_bind_template_child (widget_class, DeckAddAccountDialog, password_button);
  gtk_widget_class_bind_template_child (widget_class, DeckAddAccountDialog, password_error);
  gtk_widget_class_bind_template_child (widget_class, DeckAddAccountDialog, token_row);
  gtk_widget_class_bind_template_child (widget_class, DeckAddAccountDialog, token_button);
  gtk_widget_class_bind_template_child (widget_class, DeckAddAccountDialog, token_error);
  gtk_widget_class_bind_template_child (widget_class, DeckAddAccountDialog, unsupported_label);
  gtk_widget_class_bind_template_child (widget_class, DeckAddAccountDialog, oauth_label);
  gtk_widget_class_bind_template_child (widget_class, DeckAddAccountDialog, nr_label);
  gtk_widget_class_bind_template_child (widget_class, DeckAddAccountDialog, nr_credentials);
  gtk_widget_class_bind_template_child (widget_class, DeckAddAccountDialog, nr_username_row);
  gtk_widget_class_bind_template_child (widget_class, DeckAddAccountDialog, nr_password_row);
  gtk_widget_class_bind_template_child (widget_class, DeckAddAccountDialog, nr_read_only);
  gtk_widget_class_bind_template_child (widget_class, DeckAddAccountDialog, nr_error);
  gtk_widget_class_bind_template_child (widget_class, DeckAddAccountDialog, nr_button);
  gtk_widget_class_bind_template_callback (widget_class, node_red_clicked_cb);
  gtk_widget_class_bind_template_child (widget_class, DeckAddAccountDialog, manage_button);
  gtk_widget_class_bind_template_child (widget_class, DeckAddAccountDialog, oauth_error);
  gtk_widget_class_bind_template_callback (widget_class, use_oauth_cb);
  gtk_widget_class_bind_template_callback (widget_class, manage_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, stay_read_only_cb);
  gtk_widget_class_bind_template_callback (widget_class, continue_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, url_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, use_token_cb);
  gtk_widget_class_bind_template_callback (widget_class, use_password_cb);
  gtk_widget_class_bind_template_callback (widget_class, token_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
deck_add_account_dialog_init (DeckAddAccountDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), FLOWFUSE_CLOUD);
  go_to (self, "server");
}

/*
 * Public API
 */

DeckAddAccountDialog *
deck_add_account_dialog_new (GtkWindow   *parent,
                             DeckContext *context)
{
  DeckAddAccountDialog *self;

  g_return_val_if_fail (DECK_IS_CONTEXT (context), NULL);

  self = g_object_new (DECK_TYPE_ADD_ACCOUNT_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->context = g_object_ref (context);
  return self;
}

/**
 * deck_add_account_dialog_get_page:
 * @self: a #DeckAddAccountDialog
 *
 * Returns: the step shown: "server", "method", "token", "password",
 *   "signed-in", "node-red" or "unsupported"
 */
const char *
deck_add_account_dialog_get_page (DeckAddAccountDialog *self)
{
  g_return_val_if_fail (DECK_IS_ADD_ACCOUNT_DIALOG (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * deck_add_account_dialog_get_error:
 * @self: a #DeckAddAccountDialog
 *
 * Returns: (nullable): the error shown last, if any
 */
const char *
deck_add_account_dialog_get_error (DeckAddAccountDialog *self)
{
  g_return_val_if_fail (DECK_IS_ADD_ACCOUNT_DIALOG (self), NULL);

  return self->error_text;
}

/**
 * deck_add_account_dialog_set_url:
 * @self: a #DeckAddAccountDialog
 * @url: a server address
 *
 * Starts at @url (signing in again to a known server).
 */
void
deck_add_account_dialog_set_url (DeckAddAccountDialog *self,
                                 const char           *url)
{
  g_return_if_fail (DECK_IS_ADD_ACCOUNT_DIALOG (self));
  g_return_if_fail (url != NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
}
