/* deck-create-team-dialog.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-create-team"

#include "config.h"

#include <glib/gi18n.h>

#include "deck-create-team-dialog.h"

/* A new team: a name, its slug (derived from the name until the user
 * edits it, checked against FlowFuse's rule as typed) and a team type
 * from the server, each with its description. The server's refusals land
 * on the field they name. On success ::created and the dialog closes. */

struct _DeckCreateTeamDialog
{
  AdwWindow           parent_instance;

  /* Owned References */
  DeckFlowfuseClient *client;
  GCancellable       *cancellable;
  GListStore         *types;
  char               *error;
  char               *slug_error;
  gboolean            loading;
  gboolean            busy;
  gboolean            slug_edited;
  gboolean            setting_slug;

  /* Template Widgets */
  AdwWindowTitle     *window_title;
  GtkButton          *create_button;
  GtkSpinner         *spinner;
  AdwEntryRow        *name_row;
  AdwEntryRow        *slug_row;
  GtkLabel           *slug_hint;
  AdwComboRow        *type_row;
  GtkLabel           *error_label;
};

G_DEFINE_FINAL_TYPE (DeckCreateTeamDialog, deck_create_team_dialog, ADW_TYPE_WINDOW)

enum {
  CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/*
 * Auxiliary methods
 */

/**
 * deck_team_slug_from_name:
 * @name: a team name
 *
 * Returns: (transfer full): the slug FlowFuse would make: lowercase
 *   letters and digits, everything else one hyphen
 */
char *
deck_team_slug_from_name (const char *name)
{
  GString *slug = g_string_new (NULL);

  for (const char *p = name; p != NULL && *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (slug, g_ascii_tolower (*p));
      else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);

  return g_string_free (slug, FALSE);
}

/**
 * deck_team_slug_is_valid:
 * @slug: a slug as typed
 *
 * Returns: whether FlowFuse accepts @slug's form (`^[a-z0-9-_]+$`, and not
 *   "create")
 */
gboolean
deck_team_slug_is_valid (const char *slug)
{
  if (slug == NULL || *slug == '\0' || g_ascii_strcasecmp (slug, "create") == 0)
    return FALSE;

  for (const char *p = slug; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;

  return TRUE;
}

static void
validate (DeckCreateTeamDialog *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  const char *slug = gtk_editable_get_text (GTK_EDITABLE (self->slug_row));
  gboolean slug_ok = deck_team_slug_is_valid (slug);
  gboolean slug_bad = (*slug != '\0' && !slug_ok) || self->slug_error != NULL;

  if (self->slug_error != NULL)
    gtk_label_set_text (self->slug_hint, self->slug_error);
  else
    gtk_label_set_text (self->slug_hint,
                        _("The team’s address in FlowFuse: lowercase letters, digits, hyphens "
                          "and underscores."));
  if (slug_bad)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->slug_row), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->slug_hint), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->slug_hint), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->slug_row), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->slug_hint), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->slug_hint), "dim-label");
    }

  gtk_label_set_text (self->error_label, self->error != NULL ? self->error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), self->error != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy || self->loading);
  gtk_spinner_set_spinning (self->spinner, self->busy || self->loading);
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button),
                            *name != '\0' && slug_ok && self->slug_error == NULL &&
                            adw_combo_row_get_selected_item (self->type_row) != NULL &&
                            !self->loading && !self->busy);
}

static void
set_error (DeckCreateTeamDialog *self,
           const char           *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
}

/*
 * Signal callbacks
 */

static void
types_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DeckCreateTeamDialog) self = user_data;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;

  list = deck_flowfuse_client_finish_list (DECK_FLOWFUSE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loading = FALSE;
  if (list == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not load the team types: %s"),
                                               error->message);

      set_error (self, text);
      validate (self);
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(DeckFfTeamType) type = g_list_model_get_item (list, i);

      if (deck_ff_team_type_get_active (type))
        g_list_store_append (self->types, type);
    }
  if (g_list_model_get_n_items (G_LIST_MODEL (self->types)) > 0)
    adw_combo_row_set_selected (self->type_row, 0);
  else
    set_error (self, _("This server offers no team types."));
  validate (self);
}

static void
created_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DeckCreateTeamDialog) self = user_data;
  g_autoptr(DeckFfTeam) team = NULL;
  g_autoptr(GError) error = NULL;

  team = deck_flowfuse_client_finish_object (DECK_FLOWFUSE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->busy = FALSE;
  if (team == NULL)
    {
      const char *field = error->domain == DECK_FLOWFUSE_ERROR
                          ? deck_flowfuse_error_get_field (error) : NULL;

      g_message ("Creating the team failed: %s", error->message);
      if (g_strcmp0 (field, "slug") == 0)
        {
          g_free (self->slug_error);
          self->slug_error = g_strdup (error->message);
        }
      else
        {
          set_error (self, error->message);
        }
      validate (self);
      return;
    }

  g_signal_emit (self, signals[CREATED], 0, team);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
create_clicked_cb (DeckCreateTeamDialog *self)
{
  g_autofree char *name = NULL;
  DeckFfTeamType *type;

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->create_button)) || self->client == NULL)
    return;

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  type = adw_combo_row_get_selected_item (self->type_row);
  set_error (self, NULL);
  self->busy = TRUE;
  validate (self);
  deck_flowfuse_client_create_team_async (self->client, name, deck_ff_team_type_get_id (type),
                                          gtk_editable_get_text (GTK_EDITABLE (self->slug_row)),
                                          self->cancellable, created_cb, g_object_ref (self));
}

static void
name_changed_cb (DeckCreateTeamDialog *self)
{
  if (!self->slug_edited)
    {
      g_autofree char *slug = deck_team_slug_from_name (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));

      self->setting_slug = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->slug_row), slug);
      self->setting_slug = FALSE;
    }
  validate (self);
}

static void
slug_changed_cb (DeckCreateTeamDialog *self)
{
  g_clear_pointer (&self->slug_error, g_free);
  if (!self->setting_slug)
    /* Edited by hand: it no longer follows the name, unless emptied. */
    self->slug_edited = *gtk_editable_get_text (GTK_EDITABLE (self->slug_row)) != '\0';
  validate (self);
}

static void
type_selected_cb (DeckCreateTeamDialog *self)
{
  DeckFfTeamType *type = adw_combo_row_get_selected_item (self->type_row);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->type_row),
                               type != NULL ? deck_ff_team_type_get_description (type) : NULL);
  validate (self);
}

static void
setup_type_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (detail), 40);
  gtk_widget_add_css_class (detail, "caption");
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_list_item_set_child (item, box);
}

static void
bind_type_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  DeckFfTeamType *type = gtk_list_item_get_item (item);
  GtkWidget *title = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  GtkWidget *detail = gtk_widget_get_next_sibling (title);
  const char *description = deck_ff_team_type_get_description (type);

  gtk_label_set_text (GTK_LABEL (title), deck_ff_team_type_get_name (type));
  gtk_label_set_text (GTK_LABEL (detail), description != NULL ? description : "");
  gtk_widget_set_visible (detail, description != NULL && *description != '\0');
}

/*
 * GObject overrides
 */

static void
deck_create_team_dialog_dispose (GObject *object)
{
  DeckCreateTeamDialog *self = DECK_CREATE_TEAM_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DECK_TYPE_CREATE_TEAM_DIALOG);
  g_clear_object (&self->client);
  g_clear_object (&self->types);

  G_OBJECT_CLASS (deck_create_team_dialog_parent_class)->dispose (object);
}

static void
deck_create_team_dialog_finalize (GObject *object)
{
  DeckCreateTeamDialog *self = DECK_CREATE_TEAM_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->slug_error, g_free);

  G_OBJECT_CLASS (deck_create_team_dialog_parent_class)->finalize (object);
}

static void
deck_create_team_dialog_class_init (DeckCreateTeamDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = deck_create_team_dialog_dispose;
  object_class->finalize = deck_create_team_dialog_finalize;

  /**
   * DeckCreateTeamDialog::created:
   * @self: the dialog
   * @team: the new team
   */
  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, DECK_TYPE_FF_TEAM);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_PATH "/ui/deck-create-team-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DeckCreateTeamDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateTeamDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateTeamDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateTeamDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateTeamDialog, slug_row);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateTeamDialog, slug_hint);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateTeamDialog, type_row);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateTeamDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, create_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, slug_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, type_selected_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
deck_create_team_dialog_init (DeckCreateTeamDialog *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkExpression) expression = NULL;

  self->cancellable = g_cancellable_new ();
  self->types = g_list_store_new (DECK_TYPE_FF_TEAM_TYPE);

  gtk_widget_init_template (GTK_WIDGET (self));

  expression = gtk_property_expression_new (DECK_TYPE_FF_TEAM_TYPE, NULL, "name");
  g_signal_connect (factory, "setup", G_CALLBACK (setup_type_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_type_cb), NULL);
  adw_combo_row_set_expression (self->type_row, expression);
  adw_combo_row_set_list_factory (self->type_row, factory);
  adw_combo_row_set_model (self->type_row, G_LIST_MODEL (self->types));
}

/*
 * Public API
 */

/**
 * deck_create_team_dialog_new:
 * @parent: (nullable): the window to stay on top of
 * @client: the account's client
 * @account_name: (nullable): the account, shown as the subtitle
 *
 * Returns: (transfer none): the dialog, loading the team types, not yet presented
 */
DeckCreateTeamDialog *
deck_create_team_dialog_new (GtkWindow          *parent,
                             DeckFlowfuseClient *client,
                             const char         *account_name)
{
  DeckCreateTeamDialog *self;

  g_return_val_if_fail (DECK_IS_FLOWFUSE_CLIENT (client), NULL);

  self = g_object_new (DECK_TYPE_CREATE_TEAM_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->client = g_object_ref (client);
  adw_window_title_set_subtitle (self->window_title, account_name);
  self->loading = TRUE;
  deck_flowfuse_client_list_team_types_async (client, self->cancellable, types_cb,
                                              g_object_ref (self));
  validate (self);

  return self;
}

/**
 * deck_create_team_dialog_get_ready:
 * @self: a #DeckCreateTeamDialog
 *
 * Returns: whether the team types have loaded
 */
gboolean
deck_create_team_dialog_get_ready (DeckCreateTeamDialog *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_TEAM_DIALOG (self), FALSE);

  return !self->loading;
}

/**
 * deck_create_team_dialog_get_error:
 * @self: a #DeckCreateTeamDialog
 *
 * Returns: (nullable): the error shown, if any (the slug's included)
 */
const char *
deck_create_team_dialog_get_error (DeckCreateTeamDialog *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_TEAM_DIALOG (self), NULL);

  return self->error != NULL ? self->error : self->slug_error;
}
