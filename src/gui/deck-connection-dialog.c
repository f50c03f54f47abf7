/* deck-connection-dialog.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-connection-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "deck-connection-dialog.h"
#include "deck-json.h"
#include "deck-web.h"
#include "deck-secure.h"

/* Add Connection: pick a preset (or Custom: an issuer with discovery, or
 * endpoints by hand), type the client id, the optional secret and the
 * scopes, copy the redirect URI to register, then Continue runs the
 * consent in a DeckOAuthDialog and adds the connection to the store.
 * Emits ::added with the new connection; the page says what was granted. */

struct _DeckConnectionDialog
{
  AdwWindow            parent_instance;

  /* Template Widgets */
  AdwToastOverlay     *toast_overlay;
  AdwComboRow         *provider_row;
  AdwEntryRow         *issuer_row;
  AdwEntryRow         *authorization_row;
  AdwEntryRow         *token_row;
  AdwEntryRow         *client_id_row;
  AdwPasswordEntryRow *secret_row;
  AdwEntryRow         *scopes_row;
  GtkLabel            *offered_label;
  GtkFlowBox          *offered_box;
  AdwActionRow        *redirect_row;
  GtkWidget           *continue_button;

  /* Owned References */
  DeckConnectionStore *store;
  DeckOAuthProfile    *discovered;
  DeckOAuthProfile    *profile;      /* the one the consent runs with */
  GCancellable        *cancellable;
  char                *redirect_uri;
  gboolean             busy;
  gboolean             syncing;      /* scope toggles and entry in step */
};

G_DEFINE_FINAL_TYPE (DeckConnectionDialog, deck_connection_dialog, ADW_TYPE_WINDOW)

enum {
  ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The combo row's order. */
static const DeckOAuthPreset row_presets[] = {
  DECK_OAUTH_PRESET_GOOGLE,
  DECK_OAUTH_PRESET_MICROSOFT,
  DECK_OAUTH_PRESET_GITHUB,
  DECK_OAUTH_PRESET_SPOTIFY,
  DECK_OAUTH_PRESET_CUSTOM,
};

/*
 * Auxiliary methods
 */

static DeckOAuthPreset
current_preset (DeckConnectionDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->provider_row);

  return selected < G_N_ELEMENTS (row_presets) ? row_presets[selected] : DECK_OAUTH_PRESET_CUSTOM;
}

static void
toast (DeckConnectionDialog *self,
       const char           *text)
{
  AdwToast *t = adw_toast_new (text);

  adw_toast_set_timeout (t, 10);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

static const char *
text_of (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
update_state (DeckConnectionDialog *self)
{
  gboolean custom = current_preset (self) == DECK_OAUTH_PRESET_CUSTOM;
  gboolean endpoints = !custom || self->discovered != NULL ||
                       (*text_of (self->authorization_row) && *text_of (self->token_row));
  gboolean ready = !self->busy && *text_of (self->client_id_row) != '\0' && endpoints;

  gtk_widget_set_visible (GTK_WIDGET (self->issuer_row), custom);
  gtk_widget_set_visible (GTK_WIDGET (self->authorization_row), custom && !self->discovered);
  gtk_widget_set_visible (GTK_WIDGET (self->token_row), custom && !self->discovered);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connection.continue", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connection.discover",
                                 !self->busy && custom && *text_of (self->issuer_row) != '\0');
}

/* The offered scopes as toggle buttons: each one adds its scope to the
 * entry or takes it out; typing in the entry sets them. */
static void
clear_offered (DeckConnectionDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->offered_box))) != NULL)
    gtk_flow_box_remove (self->offered_box, child);
  gtk_widget_set_visible (GTK_WIDGET (self->offered_box), FALSE);
}

static void
sync_offered (DeckConnectionDialog *self)
{
  g_auto(GStrv) scopes = deck_oauth_scopes_parse (text_of (self->scopes_row));

  self->syncing = TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->offered_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *toggle = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));
      const char *scope = gtk_button_get_label (GTK_BUTTON (toggle));

      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle),
                                    g_strv_contains ((const char * const *) scopes, scope));
    }
  self->syncing = FALSE;
}

static void
scope_toggled_cb (GtkToggleButton      *toggle,
                  DeckConnectionDialog *self)
{
  g_auto(GStrv) scopes = deck_oauth_scopes_parse (text_of (self->scopes_row));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *scope = gtk_button_get_label (GTK_BUTTON (toggle));
  gboolean active = gtk_toggle_button_get_active (toggle);
  g_auto(GStrv) result = NULL;
  g_autofree char *text = NULL;

  if (self->syncing)
    return;

  for (guint i = 0; scopes[i] != NULL; i++)
    if (g_strcmp0 (scopes[i], scope) != 0)
      g_strv_builder_add (builder, scopes[i]);
  if (active)
    g_strv_builder_add (builder, scope);

  result = g_strv_builder_end (builder);
  text = g_strjoinv (" ", result);
  self->syncing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->scopes_row), text);
  self->syncing = FALSE;
}

static void
show_offered (DeckConnectionDialog *self,
              const char * const   *supported)
{
  clear_offered (self);
  for (guint i = 0; supported[i] != NULL; i++)
    {
      GtkWidget *toggle = gtk_toggle_button_new_with_label (supported[i]);

      gtk_widget_set_halign (toggle, GTK_ALIGN_START);
      gtk_widget_add_css_class (toggle, "pill");
      gtk_widget_add_css_class (toggle, "scope-toggle");
      g_signal_connect_object (toggle, "toggled", G_CALLBACK (scope_toggled_cb), self, 0);
      gtk_flow_box_append (self->offered_box, toggle);
    }
  sync_offered (self);
  gtk_widget_set_visible (GTK_WIDGET (self->offered_box), TRUE);
}

static void
scopes_changed_cb (DeckConnectionDialog *self)
{
  if (!self->syncing)
    sync_offered (self);
}

static void
provider_changed_cb (DeckConnectionDialog *self)
{
  const DeckOAuthPresetInfo *info = deck_oauth_preset_get_info (current_preset (self));

  gtk_editable_set_text (GTK_EDITABLE (self->scopes_row),
                         info->default_scopes ? info->default_scopes : "openid");
  gtk_widget_set_visible (GTK_WIDGET (self->offered_label), FALSE);
  clear_offered (self);
  update_state (self);
}

static void
entry_changed_cb (DeckConnectionDialog *self)
{
  update_state (self);
}

static DeckOAuthProfile *
build_profile (DeckConnectionDialog  *self,
               GError               **error)
{
  DeckOAuthPreset preset = current_preset (self);
  g_auto(GStrv) scopes = deck_oauth_scopes_parse (text_of (self->scopes_row));
  const char *client_id = text_of (self->client_id_row);
  const char *secret = gtk_editable_get_text (GTK_EDITABLE (self->secret_row));
  g_autoptr(DeckOAuthProfile) profile = NULL;

  if (preset != DECK_OAUTH_PRESET_CUSTOM)
    profile = deck_oauth_preset_build_profile (preset, client_id, secret,
                                               (const char * const *) scopes, NULL);
  else
    profile = deck_oauth_custom_profile_new (self->discovered, client_id, secret,
                                             text_of (self->authorization_row),
                                             text_of (self->token_row),
                                             (const char * const *) scopes);

  if (!deck_oauth_profile_validate (profile, error))
    return NULL;

  return g_steal_pointer (&profile);
}

/*
 * Actions and callbacks
 */

/* The dialog may close while the keyring works: only a weak reference. */
typedef struct
{
  GWeakRef        dialog;
  DeckConnection *connection;
} AddData;

static void
add_data_free (AddData *data)
{
  g_weak_ref_clear (&data->dialog);
  g_clear_object (&data->connection);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AddData, add_data_free)

static void
added_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(AddData) data = user_data;
  g_autoptr(DeckConnectionDialog) self = g_weak_ref_get (&data->dialog);
  g_autoptr(GError) error = NULL;

  if (!deck_connection_store_add_finish (DECK_CONNECTION_STORE (source), result, &error))
    {
      if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->busy = FALSE;
      update_state (self);
      toast (self, error->message);
      return;
    }

  if (self == NULL)
    return;

  g_signal_emit (self, signals[ADDED], 0, data->connection);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
consent_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DeckConnectionDialog) self = user_data;
  g_autoptr(DeckOAuthTokens) tokens = NULL;
  g_autoptr(GError) error = NULL;
  AddData *data;

  tokens = deck_web_sign_in_run_finish (GTK_WINDOW (source), result, &error);
  if (tokens == NULL)
    {
      self->busy = FALSE;
      update_state (self);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }

  data = g_new0 (AddData, 1);
  g_weak_ref_init (&data->dialog, self);
  data->connection = deck_connection_new_for_profile (current_preset (self), self->profile);
  /* Not the dialog's cancellable: tokens the provider issued are kept
   * even if the dialog is closed meanwhile. */
  deck_connection_store_add_async (self->store, data->connection,
                                   deck_oauth_profile_get_client_secret (self->profile), tokens,
                                   NULL, added_cb, data);
}

static void
continue_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  DeckConnectionDialog *self = DECK_CONNECTION_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  GtkWindow *consent;

  g_clear_object (&self->profile);
  self->profile = build_profile (self, &error);
  if (self->profile == NULL)
    {
      toast (self, error->message);
      return;
    }

  consent = deck_web_sign_in_new (GTK_WINDOW (self), self->profile, &error);
  if (consent == NULL)
    {
      toast (self, error->message);
      return;
    }

  self->busy = TRUE;
  update_state (self);
  deck_web_sign_in_run_async (consent, self->cancellable, consent_cb, g_object_ref (self));
}

static void
discover_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DeckConnectionDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  const char * const *supported;
  DeckOAuthProfile *profile;

  profile = deck_oauth_profile_discover_finish (result, &error);
  self->busy = FALSE;
  if (profile == NULL)
    {
      update_state (self);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }

  g_clear_object (&self->discovered);
  self->discovered = profile;
  update_state (self);
  toast (self, deck_oauth_profile_get_revocation_endpoint (profile) != NULL
                 ? _("Found the provider; it can revoke tokens")
                 : _("Found the provider; it cannot revoke tokens"));

  /* The scopes it advertises, from the same discovery document. */
  supported = deck_oauth_profile_get_scopes_supported (profile);
  if (supported != NULL && supported[0] != NULL)
    {
      gtk_label_set_text (self->offered_label,
                          _("The provider offers these scopes. Click one to ask for it, or "
                            "click it again to leave it out."));
      gtk_widget_set_visible (GTK_WIDGET (self->offered_label), TRUE);
      show_offered (self, supported);
    }
}

static void
discover_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  DeckConnectionDialog *self = DECK_CONNECTION_DIALOG (widget);

  g_clear_object (&self->discovered);
  self->busy = TRUE;
  update_state (self);
  deck_oauth_profile_discover_async (text_of (self->issuer_row), text_of (self->client_id_row),
                                     self->cancellable, discover_cb, g_object_ref (self));
}

static void
copy_redirect_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  DeckConnectionDialog *self = DECK_CONNECTION_DIALOG (widget);

  /* Not a secret: the plain clipboard. */
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->redirect_uri);
  toast (self, _("Redirect URI copied"));
}

/*
 * Parent class overrides
 */

static void
deck_connection_dialog_dispose (GObject *object)
{
  DeckConnectionDialog *self = (DeckConnectionDialog *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->discovered);
  g_clear_object (&self->profile);

  G_OBJECT_CLASS (deck_connection_dialog_parent_class)->dispose (object);
}

static void
deck_connection_dialog_finalize (GObject *object)
{
  DeckConnectionDialog *self = (DeckConnectionDialog *) object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->redirect_uri, g_free);

  G_OBJECT_CLASS (deck_connection_dialog_parent_class)->finalize (object);
}

static void
deck_connection_dialog_class_init (DeckConnectionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = deck_connection_dialog_dispose;
  object_class->finalize = deck_connection_dialog_finalize;

  /**
   * DeckConnectionDialog::added:
   * @self: the dialog
   * @connection: the new connection, in the store
   *
   * After the consent, when the connection is stored.
   */
  signals[ADDED] = g_signal_new ("added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 1, DECK_TYPE_CONNECTION);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/flowdeck/Flowdeck/ui/deck-connection-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DeckConnectionDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DeckConnectionDialog, provider_row);
  gtk_widget_class_bind_template_child (widget_class, DeckConnectionDialog, issuer_row);
  gtk_widget_class_bind_template_child (widget_class, DeckConnectionDialog, authorization_row);
  gtk_widget_class_bind_template_child (widget_class, DeckConnectionDialog, token_row);
  gtk_widget_class_bind_template_child (widget_class, DeckConnectionDialog, client_id_row);
  gtk_widget_class_bind_template_child (widget_class, DeckConnectionDialog, secret_row);
  gtk_widget_class_bind_template_child (widget_class, DeckConnectionDialog, scopes_row);
  gtk_widget_class_bind_template_child (widget_class, DeckConnectionDialog, offered_label);
  gtk_widget_class_bind_template_child (widget_class, DeckConnectionDialog, offered_box);
  gtk_widget_class_bind_template_child (widget_class, DeckConnectionDialog, redirect_row);
  gtk_widget_class_bind_template_child (widget_class, DeckConnectionDialog, continue_button);

  gtk_widget_class_install_action (widget_class, "connection.continue", NULL, continue_action);
  gtk_widget_class_install_action (widget_class, "connection.discover", NULL, discover_action);
  gtk_widget_class_install_action (widget_class, "connection.copy-redirect", NULL,
                                   copy_redirect_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
deck_connection_dialog_init (DeckConnectionDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->redirect_uri = deck_oauth_preset_redirect_uri_to_register (DECK_OAUTH_PRESET_REDIRECT_PATH);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->redirect_row), self->redirect_uri);

  g_signal_connect_swapped (self->provider_row, "notify::selected",
                            G_CALLBACK (provider_changed_cb), self);
  g_signal_connect_swapped (self->client_id_row, "changed", G_CALLBACK (entry_changed_cb), self);
  g_signal_connect_swapped (self->scopes_row, "changed", G_CALLBACK (scopes_changed_cb), self);
  g_signal_connect_swapped (self->issuer_row, "changed", G_CALLBACK (entry_changed_cb), self);
  g_signal_connect_swapped (self->authorization_row, "changed", G_CALLBACK (entry_changed_cb),
                            self);
  g_signal_connect_swapped (self->token_row, "changed", G_CALLBACK (entry_changed_cb), self);
  provider_changed_cb (self);
}

/*
 * Public API
 */

/**
 * deck_connection_dialog_new:
 * @parent: (nullable): the window to be modal for
 * @store: where the new connection goes
 *
 * Returns: (transfer none): a new dialog; present it
 */
DeckConnectionDialog *
deck_connection_dialog_new (GtkWindow           *parent,
                            DeckConnectionStore *store)
{
  DeckConnectionDialog *self;

  g_return_val_if_fail (DECK_IS_CONNECTION_STORE (store), NULL);

  self = g_object_new (DECK_TYPE_CONNECTION_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  return self;
}

void
deck_connection_dialog_set_preset (DeckConnectionDialog *self,
                                   DeckOAuthPreset       preset)
{
  g_return_if_fail (DECK_IS_CONNECTION_DIALOG (self));

  for (guint i = 0; i < G_N_ELEMENTS (row_presets); i++)
    if (row_presets[i] == preset)
      adw_combo_row_set_selected (self->provider_row, i);
}

/**
 * deck_connection_dialog_get_redirect_uri:
 * @self: a #DeckConnectionDialog
 *
 * Returns: the URI the dialog tells the user to register
 */
const char *
deck_connection_dialog_get_redirect_uri (DeckConnectionDialog *self)
{
  g_return_val_if_fail (DECK_IS_CONNECTION_DIALOG (self), NULL);
  return self->redirect_uri;
}
