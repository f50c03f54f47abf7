/* deck-create-instance-dialog.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-create-instance"

#include "config.h"

#include <glib/gi18n.h>

#include "deck-create-instance-dialog.h"

/* A new instance in a team: a name (checked as it is typed against
 * FlowFuse's own rule), an application (an existing one, or a new one by
 * name), and the instance type, stack and template, each a picker filled
 * from the server (stacks follow the type; the first of each is
 * preselected). Create makes the application first when it is new, then
 * the instance; the server's refusals land on the field they name. On
 * success the dialog emits ::created and closes. */

struct _DeckCreateInstanceDialog
{
  AdwWindow           parent_instance;

  /* Owned References */
  DeckFlowfuseClient *client;
  DeckFfTeam         *team;
  GCancellable       *cancellable;
  GCancellable       *stacks_cancellable;
  GListStore         *apps;
  GtkStringList      *app_names;     /* the apps' names, then "New Application…" */
  GListStore         *types;
  GListStore         *stacks;
  GListStore         *templates;
  GHashTable         *field_errors;  /* server field → message */
  char               *stacks_type_id;
  char               *error;
  guint               pending;
  gboolean            stacks_loading;
  gboolean            busy;

  /* Template Widgets */
  AdwWindowTitle     *window_title;
  GtkButton          *create_button;
  GtkSpinner         *spinner;
  AdwEntryRow        *name_row;
  GtkLabel           *name_hint;
  AdwComboRow        *app_row;
  AdwEntryRow        *new_app_row;
  GtkLabel           *app_message;
  AdwComboRow        *type_row;
  AdwComboRow        *stack_row;
  AdwComboRow        *template_row;
  GtkLabel           *options_message;
  GtkLabel           *error_label;
};

G_DEFINE_FINAL_TYPE (DeckCreateInstanceDialog, deck_create_instance_dialog, ADW_TYPE_WINDOW)

enum {
  CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define NAME_RULE N_("Start with a letter, then use only letters, digits and hyphens. Lowercase " \
                     "is recommended: the name becomes part of the instance’s address.")

/*
 * Auxiliary methods
 */

/**
 * deck_instance_name_is_valid:
 * @name: a name as typed
 *
 * FlowFuse's rule for instance names: `^[a-zA-Z][a-zA-Z0-9-]*$`.
 *
 * Returns: whether the server accepts @name's form
 */
gboolean
deck_instance_name_is_valid (const char *name)
{
  if (name == NULL || !g_ascii_isalpha (name[0]))
    return FALSE;

  for (const char *p = name + 1; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      return FALSE;

  return TRUE;
}

static gpointer
selected_item (AdwComboRow *row)
{
  return adw_combo_row_get_selected_item (row);
}

static gboolean
new_app_selected (DeckCreateInstanceDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->app_row);

  return selected != GTK_INVALID_LIST_POSITION &&
         selected >= g_list_model_get_n_items (G_LIST_MODEL (self->apps));
}

static DeckFfApplication *
selected_app (DeckCreateInstanceDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->app_row);
  g_autoptr(DeckFfApplication) app = NULL;

  if (selected == GTK_INVALID_LIST_POSITION ||
      selected >= g_list_model_get_n_items (G_LIST_MODEL (self->apps)))
    return NULL;

  app = g_list_model_get_item (G_LIST_MODEL (self->apps), selected);
  return app; /* the store keeps its reference */
}

static void
set_message (GtkLabel   *label,
             const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
}

static void
set_row_error (GtkWidget *row,
               gboolean   error)
{
  if (error)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

static void
validate (DeckCreateInstanceDialog *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  const char *name_error = g_hash_table_lookup (self->field_errors, "name");
  const char *app_error = g_hash_table_lookup (self->field_errors, "applicationId");
  g_autofree char *new_app = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->new_app_row))));
  gboolean name_ok = deck_instance_name_is_valid (name);
  gboolean name_bad = *name != '\0' && !name_ok;
  gboolean app_ok;
  gboolean options_ok;
  GString *options_error = g_string_new (NULL);
  static const char *option_fields[] = { "projectType", "stack", "template" };
  GtkWidget *option_rows[3];

  /* The rule stays in view; it turns red when the name breaks it. */
  if (name_error != NULL)
    gtk_label_set_text (self->name_hint, name_error);
  else
    gtk_label_set_text (self->name_hint, _(NAME_RULE));
  if (name_bad || name_error != NULL)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->name_hint), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->name_hint), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->name_hint), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->name_hint), "dim-label");
    }
  set_row_error (GTK_WIDGET (self->name_row), name_bad || name_error != NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->new_app_row), new_app_selected (self));
  app_ok = new_app_selected (self) ? *new_app != '\0' : selected_app (self) != NULL;
  set_message (self->app_message, app_error);
  set_row_error (GTK_WIDGET (new_app_selected (self) ? ADW_PREFERENCES_ROW (self->new_app_row)
                                                     : ADW_PREFERENCES_ROW (self->app_row)),
                 app_error != NULL);
  if (app_error == NULL)
    {
      set_row_error (GTK_WIDGET (self->new_app_row), FALSE);
      set_row_error (GTK_WIDGET (self->app_row), FALSE);
    }

  option_rows[0] = GTK_WIDGET (self->type_row);
  option_rows[1] = GTK_WIDGET (self->stack_row);
  option_rows[2] = GTK_WIDGET (self->template_row);
  for (guint i = 0; i < G_N_ELEMENTS (option_fields); i++)
    {
      const char *message = g_hash_table_lookup (self->field_errors, option_fields[i]);

      set_row_error (option_rows[i], message != NULL);
      if (message != NULL)
        {
          if (options_error->len > 0)
            g_string_append_c (options_error, '\n');
          g_string_append (options_error, message);
        }
    }
  if (self->pending == 0 && options_error->len == 0)
    {
      if (g_list_model_get_n_items (G_LIST_MODEL (self->types)) == 0)
        g_string_append (options_error, _("This server offers no instance types to this team."));
      else if (g_list_model_get_n_items (G_LIST_MODEL (self->stacks)) == 0)
        g_string_append (options_error, _("This instance type has no stacks yet. An administrator "
                                          "adds them in FlowFuse."));
      else if (g_list_model_get_n_items (G_LIST_MODEL (self->templates)) == 0)
        g_string_append (options_error, _("This server has no templates yet."));
    }
  set_message (self->options_message, options_error->len > 0 ? options_error->str : NULL);
  g_string_free (options_error, TRUE);

  options_ok = selected_item (self->type_row) != NULL && selected_item (self->stack_row) != NULL &&
               selected_item (self->template_row) != NULL;

  set_message (self->error_label, self->error);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy || self->pending > 0);
  gtk_spinner_set_spinning (self->spinner, self->busy || self->pending > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button),
                            name_ok && app_ok && options_ok && self->pending == 0 && !self->busy);
}

static void
set_error (DeckCreateInstanceDialog *self,
           const char               *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
}

/* Lists from the server: kept if active, in the server's order. */
static void
fill_store (GListStore *store,
            GListModel *list,
            gboolean  (*active) (gpointer))
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      gpointer item = g_list_model_get_item (list, i);

      if (active == NULL || active (item))
        g_ptr_array_add (items, item);
      else
        g_object_unref (item);
    }

  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)), items->pdata,
                       items->len);
}

static gboolean
type_active (gpointer item)
{
  return deck_ff_project_type_get_active (item);
}

static gboolean
stack_active (gpointer item)
{
  return deck_ff_stack_get_active (item);
}

static gboolean
finish_load (DeckCreateInstanceDialog *self,
             GObject                  *source,
             GAsyncResult             *result,
             const char               *what,
             gboolean                 *loading,
             GListModel              **out_list)
{
  g_autoptr(GError) error = NULL;

  *out_list = deck_flowfuse_client_finish_list (DECK_FLOWFUSE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;

  if (loading != NULL)
    *loading = FALSE;
  self->pending--;
  if (*out_list == NULL)
    {
      /* Translators: %s is what failed to load ("the applications"), then the reason. */
      g_autofree char *text = g_strdup_printf (_("Could not load %s: %s"), what, error->message);

      g_warning ("%s", text);
      set_error (self, text);
      validate (self);
      return FALSE;
    }

  return TRUE;
}

/*
 * Loading the pickers
 */

static void
apps_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(DeckCreateInstanceDialog) self = user_data;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  if (!finish_load (self, source, result, _("the applications"), NULL, &list))
    return;

  fill_store (self->apps, list, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->apps)); i++)
    {
      g_autoptr(DeckFfApplication) app = g_list_model_get_item (G_LIST_MODEL (self->apps), i);

      g_ptr_array_add (names, (gpointer) deck_ff_application_get_name (app));
    }
  g_ptr_array_add (names, (gpointer) _("New Application…"));
  g_ptr_array_add (names, NULL);
  gtk_string_list_splice (self->app_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->app_names)),
                          (const char * const *) names->pdata);
  adw_combo_row_set_selected (self->app_row, 0);
  validate (self);
}

static void
stacks_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DeckCreateInstanceDialog) self = user_data;
  g_autoptr(GListModel) list = NULL;

  if (!finish_load (self, source, result, _("the stacks"), &self->stacks_loading, &list))
    return;

  fill_store (self->stacks, list, stack_active);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->stacks)) > 0)
    adw_combo_row_set_selected (self->stack_row, 0);
  validate (self);
}

static void
load_stacks (DeckCreateInstanceDialog *self)
{
  DeckFfProjectType *type = selected_item (self->type_row);

  if (type == NULL || self->client == NULL)
    return;
  if (g_strcmp0 (self->stacks_type_id, deck_ff_project_type_get_id (type)) == 0)
    return;

  g_free (self->stacks_type_id);
  self->stacks_type_id = g_strdup (deck_ff_project_type_get_id (type));

  /* Only the stacks of the type chosen last count. */
  if (self->stacks_loading)
    self->pending--;
  if (self->stacks_cancellable != NULL)
    g_cancellable_cancel (self->stacks_cancellable);
  g_clear_object (&self->stacks_cancellable);
  self->stacks_cancellable = g_cancellable_new ();

  g_list_store_remove_all (self->stacks);
  self->stacks_loading = TRUE;
  self->pending++;
  deck_flowfuse_client_list_stacks_async (self->client, deck_ff_project_type_get_id (type),
                                          self->stacks_cancellable, stacks_cb,
                                          g_object_ref (self));
  validate (self);
}

static void
types_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DeckCreateInstanceDialog) self = user_data;
  g_autoptr(GListModel) list = NULL;

  if (!finish_load (self, source, result, _("the instance types"), NULL, &list))
    return;

  fill_store (self->types, list, type_active);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->types)) > 0)
    adw_combo_row_set_selected (self->type_row, 0);
  load_stacks (self);
  validate (self);
}

static void
templates_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DeckCreateInstanceDialog) self = user_data;
  g_autoptr(GListModel) list = NULL;

  if (!finish_load (self, source, result, _("the templates"), NULL, &list))
    return;

  fill_store (self->templates, list, NULL);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->templates)) > 0)
    adw_combo_row_set_selected (self->template_row, 0);
  validate (self);
}

/*
 * Creating
 */

static void
show_server_error (DeckCreateInstanceDialog *self,
                   const GError             *error,
                   const char               *default_field)
{
  const char *field = NULL;

  if (error->domain == DECK_FLOWFUSE_ERROR)
    field = deck_flowfuse_error_get_field (error);
  if (field == NULL)
    field = default_field;

  if (g_strcmp0 (field, "name") == 0 || g_strcmp0 (field, "applicationId") == 0 ||
      g_strcmp0 (field, "projectType") == 0 || g_strcmp0 (field, "stack") == 0 ||
      g_strcmp0 (field, "template") == 0)
    g_hash_table_replace (self->field_errors, g_strdup (field), g_strdup (error->message));
  else
    set_error (self, error->message);
}

static void
instance_created_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(DeckCreateInstanceDialog) self = user_data;
  g_autoptr(DeckFfInstance) instance = NULL;
  g_autoptr(GError) error = NULL;

  instance = deck_flowfuse_client_finish_object (DECK_FLOWFUSE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->busy = FALSE;
  if (instance == NULL)
    {
      g_message ("Creating the instance failed: %s", error->message);
      show_server_error (self, error, NULL);
      validate (self);
      return;
    }

  g_signal_emit (self, signals[CREATED], 0, instance);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
create_instance (DeckCreateInstanceDialog *self,
                 const char               *application_id)
{
  DeckFfProjectType *type = selected_item (self->type_row);
  DeckFfStack *stack = selected_item (self->stack_row);
  DeckFfTemplate *template = selected_item (self->template_row);

  deck_flowfuse_client_create_instance_async (self->client,
                                              gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                                              application_id,
                                              deck_ff_project_type_get_id (type),
                                              deck_ff_stack_get_id (stack),
                                              deck_ff_template_get_id (template),
                                              self->cancellable, instance_created_cb,
                                              g_object_ref (self));
}

static void
app_created_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DeckCreateInstanceDialog) self = user_data;
  g_autoptr(DeckFfApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  const char *name[2] = { NULL, NULL };
  guint position;

  app = deck_flowfuse_client_finish_object (DECK_FLOWFUSE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (app == NULL)
    {
      g_message ("Creating the application failed: %s", error->message);
      self->busy = FALSE;
      /* Whatever the server disliked, it was about the application. */
      g_hash_table_replace (self->field_errors, g_strdup ("applicationId"),
                            g_strdup (error->message));
      validate (self);
      return;
    }

  /* It exists now: pick it, so trying again does not make a second one. */
  position = g_list_model_get_n_items (G_LIST_MODEL (self->apps));
  g_list_store_append (self->apps, app);
  name[0] = deck_ff_application_get_name (app);
  gtk_string_list_splice (self->app_names, position, 0, name);
  adw_combo_row_set_selected (self->app_row, position);
  gtk_editable_set_text (GTK_EDITABLE (self->new_app_row), "");

  create_instance (self, deck_ff_application_get_id (app));
}

static void
create_clicked_cb (DeckCreateInstanceDialog *self)
{
  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->create_button)) || self->client == NULL)
    return;

  g_hash_table_remove_all (self->field_errors);
  set_error (self, NULL);
  self->busy = TRUE;
  validate (self);

  if (new_app_selected (self))
    {
      g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->new_app_row))));

      deck_flowfuse_client_create_application_async (self->client, deck_ff_team_get_id (self->team),
                                                     name, self->cancellable, app_created_cb,
                                                     g_object_ref (self));
    }
  else
    {
      create_instance (self, deck_ff_application_get_id (selected_app (self)));
    }
}

/*
 * Signal callbacks
 */

static void
name_changed_cb (DeckCreateInstanceDialog *self)
{
  g_hash_table_remove (self->field_errors, "name");
  validate (self);
}

static void
app_selected_cb (DeckCreateInstanceDialog *self)
{
  g_hash_table_remove (self->field_errors, "applicationId");
  validate (self);
}

static void
type_selected_cb (DeckCreateInstanceDialog *self)
{
  DeckFfProjectType *type = selected_item (self->type_row);

  g_hash_table_remove (self->field_errors, "projectType");
  g_hash_table_remove (self->field_errors, "stack");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->type_row),
                               type != NULL ? deck_ff_project_type_get_description (type) : NULL);
  load_stacks (self);
  validate (self);
}

static void
template_selected_cb (DeckCreateInstanceDialog *self)
{
  DeckFfTemplate *template = selected_item (self->template_row);

  g_hash_table_remove (self->field_errors, "template");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->template_row),
                               template != NULL ? deck_ff_template_get_description (template) : NULL);
  validate (self);
}

/* The pickers' popovers: name, and a line that tells them apart. */
static void
setup_choice_cb (GtkSignalListItemFactory *factory,
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
bind_choice_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GObject *choice = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *detail = gtk_widget_get_next_sibling (title);
  g_autofree char *version = NULL;
  const char *name = NULL;
  const char *text = NULL;

  if (DECK_IS_FF_PROJECT_TYPE (choice))
    {
      name = deck_ff_project_type_get_name (DECK_FF_PROJECT_TYPE (choice));
      text = deck_ff_project_type_get_description (DECK_FF_PROJECT_TYPE (choice));
    }
  else if (DECK_IS_FF_STACK (choice))
    {
      DeckFfStack *stack = DECK_FF_STACK (choice);

      name = deck_ff_stack_get_label (stack) ? deck_ff_stack_get_label (stack)
                                             : deck_ff_stack_get_name (stack);
      if (deck_ff_stack_get_node_red_version (stack) != NULL)
        /* Translators: %s is a version number. */
        text = version = g_strdup_printf (_("Node-RED %s"), deck_ff_stack_get_node_red_version (stack));
    }
  else if (DECK_IS_FF_TEMPLATE (choice))
    {
      name = deck_ff_template_get_name (DECK_FF_TEMPLATE (choice));
      text = deck_ff_template_get_description (DECK_FF_TEMPLATE (choice));
    }

  gtk_label_set_text (GTK_LABEL (title), name != NULL ? name : "");
  gtk_label_set_text (GTK_LABEL (detail), text != NULL ? text : "");
  gtk_widget_set_visible (detail, text != NULL && *text != '\0');
}

static char *
stack_display_name (DeckFfStack *stack,
                    gpointer     user_data)
{
  if (stack == NULL)
    return NULL;

  return g_strdup (deck_ff_stack_get_label (stack) ? deck_ff_stack_get_label (stack)
                                                   : deck_ff_stack_get_name (stack));
}

static void
set_picker (AdwComboRow   *row,
            GListModel    *model,
            GtkExpression *expression)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_choice_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_choice_cb), NULL);
  adw_combo_row_set_expression (row, expression);
  adw_combo_row_set_list_factory (row, factory);
  adw_combo_row_set_model (row, model);
  gtk_expression_unref (expression);
}

/*
 * GObject overrides
 */

static void
deck_create_instance_dialog_dispose (GObject *object)
{
  DeckCreateInstanceDialog *self = DECK_CREATE_INSTANCE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->stacks_cancellable != NULL)
    g_cancellable_cancel (self->stacks_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DECK_TYPE_CREATE_INSTANCE_DIALOG);
  g_clear_object (&self->client);
  g_clear_object (&self->team);
  g_clear_object (&self->apps);
  g_clear_object (&self->app_names);
  g_clear_object (&self->types);
  g_clear_object (&self->stacks);
  g_clear_object (&self->templates);

  G_OBJECT_CLASS (deck_create_instance_dialog_parent_class)->dispose (object);
}

static void
deck_create_instance_dialog_finalize (GObject *object)
{
  DeckCreateInstanceDialog *self = DECK_CREATE_INSTANCE_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->stacks_cancellable);
  g_clear_pointer (&self->field_errors, g_hash_table_unref);
  g_clear_pointer (&self->stacks_type_id, g_free);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (deck_create_instance_dialog_parent_class)->finalize (object);
}

static void
deck_create_instance_dialog_class_init (DeckCreateInstanceDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = deck_create_instance_dialog_dispose;
  object_class->finalize = deck_create_instance_dialog_finalize;

  /**
   * DeckCreateInstanceDialog::created:
   * @self: the dialog
   * @instance: the new instance
   *
   * The instance exists; the dialog closes right after.
   */
  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, DECK_TYPE_FF_INSTANCE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_PATH "/ui/deck-create-instance-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DeckCreateInstanceDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateInstanceDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateInstanceDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateInstanceDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateInstanceDialog, name_hint);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateInstanceDialog, app_row);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateInstanceDialog, new_app_row);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateInstanceDialog, app_message);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateInstanceDialog, type_row);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateInstanceDialog, stack_row);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateInstanceDialog, template_row);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateInstanceDialog, options_message);
  gtk_widget_class_bind_template_child (widget_class, DeckCreateInstanceDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, create_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, app_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, type_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, template_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, validate);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
deck_create_instance_dialog_init (DeckCreateInstanceDialog *self)
{
  self->cancellable = g_cancellable_new ();
  self->field_errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->apps = g_list_store_new (DECK_TYPE_FF_APPLICATION);
  self->app_names = gtk_string_list_new (NULL);
  self->types = g_list_store_new (DECK_TYPE_FF_PROJECT_TYPE);
  self->stacks = g_list_store_new (DECK_TYPE_FF_STACK);
  self->templates = g_list_store_new (DECK_TYPE_FF_TEMPLATE);

  gtk_widget_init_template (GTK_WIDGET (self));

  adw_combo_row_set_model (self->app_row, G_LIST_MODEL (self->app_names));
  set_picker (self->type_row, G_LIST_MODEL (self->types),
              gtk_property_expression_new (DECK_TYPE_FF_PROJECT_TYPE, NULL, "name"));
  set_picker (self->stack_row, G_LIST_MODEL (self->stacks),
              gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                           G_CALLBACK (stack_display_name), NULL, NULL));
  set_picker (self->template_row, G_LIST_MODEL (self->templates),
              gtk_property_expression_new (DECK_TYPE_FF_TEMPLATE, NULL, "name"));
}

/*
 * Public API
 */

/**
 * deck_create_instance_dialog_new:
 * @parent: (nullable): the window to stay on top of
 * @client: the account's client
 * @team: the team the instance belongs to
 *
 * Returns: (transfer none): the dialog, loading its pickers, not yet presented
 */
DeckCreateInstanceDialog *
deck_create_instance_dialog_new (GtkWindow          *parent,
                                 DeckFlowfuseClient *client,
                                 DeckFfTeam         *team)
{
  DeckCreateInstanceDialog *self;

  g_return_val_if_fail (DECK_IS_FLOWFUSE_CLIENT (client), NULL);
  g_return_val_if_fail (DECK_IS_FF_TEAM (team), NULL);

  self = g_object_new (DECK_TYPE_CREATE_INSTANCE_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->client = g_object_ref (client);
  self->team = g_object_ref (team);
  adw_window_title_set_subtitle (self->window_title, deck_ff_team_get_name (team));

  self->pending = 3;
  deck_flowfuse_client_list_applications_async (client, deck_ff_team_get_id (team),
                                                 self->cancellable, apps_cb, g_object_ref (self));
  deck_flowfuse_client_list_project_types_async (client, self->cancellable, types_cb,
                                                 g_object_ref (self));
  deck_flowfuse_client_list_templates_async (client, self->cancellable, templates_cb,
                                             g_object_ref (self));
  validate (self);

  return self;
}

/**
 * deck_create_instance_dialog_get_ready:
 * @self: a #DeckCreateInstanceDialog
 *
 * Returns: whether every picker has loaded
 */
gboolean
deck_create_instance_dialog_get_ready (DeckCreateInstanceDialog *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_INSTANCE_DIALOG (self), FALSE);

  return self->pending == 0;
}

/**
 * deck_create_instance_dialog_get_field_error:
 * @self: a #DeckCreateInstanceDialog
 * @field: a field as the server names it: "name", "applicationId",
 *   "projectType", "stack" or "template"
 *
 * Returns: (nullable): what the dialog shows as wrong with @field: the
 *   server's message, or for a name that breaks the rule, the rule
 */
const char *
deck_create_instance_dialog_get_field_error (DeckCreateInstanceDialog *self,
                                             const char               *field)
{
  const char *message;
  const char *name;

  g_return_val_if_fail (DECK_IS_CREATE_INSTANCE_DIALOG (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  if ((message = g_hash_table_lookup (self->field_errors, field)) != NULL)
    return message;

  name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  if (g_str_equal (field, "name") && *name != '\0' && !deck_instance_name_is_valid (name))
    return gtk_label_get_text (self->name_hint);

  return NULL;
}

/**
 * deck_create_instance_dialog_get_error:
 * @self: a #DeckCreateInstanceDialog
 *
 * Returns: (nullable): an error that belongs to no field (loading, network)
 */
const char *
deck_create_instance_dialog_get_error (DeckCreateInstanceDialog *self)
{
  g_return_val_if_fail (DECK_IS_CREATE_INSTANCE_DIALOG (self), NULL);

  return self->error;
}
