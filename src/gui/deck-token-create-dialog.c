/* deck-token-create-dialog.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-token-create"

#include "config.h"

#include <glib/gi18n.h>

#include "deck-ff-team.h"
#include "deck-token-create-dialog.h"

/* Asks for what a new token needs (name, expiry: never, 7, 30 or 90 days,
 * or a date from a calendar; read-only for personal tokens), or only for
 * a new expiry. It does no I/O: the page that opened it listens to
 * "submit", makes the call, and reports back with set_busy()/set_error()
 * or closes it. */

enum {
  EXPIRY_NEVER,
  EXPIRY_7_DAYS,
  EXPIRY_30_DAYS,
  EXPIRY_90_DAYS,
  EXPIRY_DATE,
};

struct _DeckTokenCreateDialog
{
  AdwWindow            parent_instance;

  DeckTokenCreateMode  mode;
  gboolean             busy;

  /* Template Widgets */
  AdwWindowTitle      *window_title;
  GtkButton           *submit_button;
  AdwEntryRow         *name_row;
  AdwComboRow         *expiry_row;
  AdwActionRow        *date_row;
  GtkMenuButton       *date_button;
  GtkCalendar         *calendar;
  AdwActionRow        *read_only_row;
  GtkSwitch           *read_only_switch;
  GtkLabel            *error_label;
  AdwPreferencesGroup *teams_group;
  AdwActionRow        *teams_status_row;

  GPtrArray           *team_checks; /* GtkCheckButton, with "team-id" data */
};

G_DEFINE_FINAL_TYPE (DeckTokenCreateDialog, deck_token_create_dialog, ADW_TYPE_WINDOW)

enum {
  SUBMIT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/*
 * Auxiliary methods
 */

/* The end of the picked day, local time. */
static GDateTime *
picked_date (DeckTokenCreateDialog *self)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (self->calendar);
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (day),
                                                         g_date_time_get_month (day),
                                                         g_date_time_get_day_of_month (day),
                                                         0, 0, 0);

  return g_date_time_add_seconds (midnight, 24 * 60 * 60 - 1);
}

static gboolean
is_valid (DeckTokenCreateDialog *self,
          const char           **problem)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));

  *problem = NULL;
  if (self->mode != DECK_TOKEN_CREATE_MODE_EXPIRY && *name == '\0')
    return FALSE;

  if (adw_combo_row_get_selected (self->expiry_row) == EXPIRY_DATE)
    {
      g_autoptr(GDateTime) date = picked_date (self);
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      if (g_date_time_compare (date, now) <= 0)
        {
          *problem = _("Pick a date in the future.");
          return FALSE;
        }
    }

  return TRUE;
}

static void
validate (DeckTokenCreateDialog *self)
{
  const char *problem = NULL;
  gboolean valid = is_valid (self, &problem);
  gboolean on_date = adw_combo_row_get_selected (self->expiry_row) == EXPIRY_DATE;

  gtk_widget_set_visible (GTK_WIDGET (self->date_row), on_date);
  if (on_date)
    {
      g_autoptr(GDateTime) date = picked_date (self);
      g_autofree char *text = g_date_time_format (date, "%x");

      gtk_menu_button_set_label (self->date_button, text);
    }

  deck_token_create_dialog_set_error (self, problem);
  gtk_widget_set_sensitive (GTK_WIDGET (self->submit_button), valid && !self->busy);
}

/*
 * Signal callbacks
 */

static void
submit_clicked_cb (DeckTokenCreateDialog *self)
{
  const char *problem;

  if (self->busy || !is_valid (self, &problem))
    return;

  g_signal_emit (self, signals[SUBMIT], 0);
}

/*
 * GObject overrides
 */

static void
deck_token_create_dialog_dispose (GObject *object)
{
  DeckTokenCreateDialog *self = DECK_TOKEN_CREATE_DIALOG (object);

  g_clear_pointer (&self->team_checks, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), DECK_TYPE_TOKEN_CREATE_DIALOG);

  G_OBJECT_CLASS (deck_token_create_dialog_parent_class)->dispose (object);
}

static void
deck_token_create_dialog_class_init (DeckTokenCreateDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = deck_token_create_dialog_dispose;

  /**
   * DeckTokenCreateDialog::submit:
   *
   * The user asked to create the token (or save the expiry) with valid input.
   */
  signals[SUBMIT] = g_signal_new ("submit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_PATH "/ui/deck-token-create-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DeckTokenCreateDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, DeckTokenCreateDialog, submit_button);
  gtk_widget_class_bind_template_child (widget_class, DeckTokenCreateDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, DeckTokenCreateDialog, expiry_row);
  gtk_widget_class_bind_template_child (widget_class, DeckTokenCreateDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, DeckTokenCreateDialog, date_button);
  gtk_widget_class_bind_template_child (widget_class, DeckTokenCreateDialog, calendar);
  gtk_widget_class_bind_template_child (widget_class, DeckTokenCreateDialog, read_only_row);
  gtk_widget_class_bind_template_child (widget_class, DeckTokenCreateDialog, read_only_switch);
  gtk_widget_class_bind_template_child (widget_class, DeckTokenCreateDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, DeckTokenCreateDialog, teams_group);
  gtk_widget_class_bind_template_child (widget_class, DeckTokenCreateDialog, teams_status_row);
  gtk_widget_class_bind_template_callback (widget_class, validate);
  gtk_widget_class_bind_template_callback (widget_class, submit_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
deck_token_create_dialog_init (DeckTokenCreateDialog *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) in_a_month = g_date_time_add_days (now, 30);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->team_checks = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_calendar_select_day (self->calendar, in_a_month);
}

/*
 * Public API
 */

/**
 * deck_token_create_dialog_new:
 * @parent: (nullable): the window to stay on top of
 * @mode: what to ask for
 * @token_name: (nullable): the token whose expiry changes, for
 *   %DECK_TOKEN_CREATE_MODE_EXPIRY
 *
 * Returns: (transfer none): the dialog, not yet presented
 */
DeckTokenCreateDialog *
deck_token_create_dialog_new (GtkWindow           *parent,
                              DeckTokenCreateMode  mode,
                              const char          *token_name)
{
  DeckTokenCreateDialog *self;

  self = g_object_new (DECK_TYPE_TOKEN_CREATE_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->mode = mode;

  if (mode == DECK_TOKEN_CREATE_MODE_EXPIRY)
    {
      adw_window_title_set_title (self->window_title, _("Change Expiry"));
      adw_window_title_set_subtitle (self->window_title, token_name);
      gtk_window_set_title (GTK_WINDOW (self), _("Change Expiry"));
      gtk_button_set_label (self->submit_button, _("_Save"));
      gtk_widget_set_visible (GTK_WIDGET (self->name_row), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->read_only_row), FALSE);
      adw_combo_row_set_selected (self->expiry_row, EXPIRY_30_DAYS);
    }
  else
    {
      const char *title = mode == DECK_TOKEN_CREATE_MODE_HTTP ? _("New HTTP Access Token")
                                                              : _("New Personal Access Token");

      adw_window_title_set_title (self->window_title, title);
      gtk_window_set_title (GTK_WINDOW (self), title);
      gtk_button_set_label (self->submit_button, _("C_reate"));
      gtk_widget_set_visible (GTK_WIDGET (self->read_only_row),
                              mode == DECK_TOKEN_CREATE_MODE_PERSONAL);
      gtk_widget_set_visible (GTK_WIDGET (self->teams_group),
                              mode == DECK_TOKEN_CREATE_MODE_PERSONAL);
    }

  validate (self);
  return self;
}

/**
 * deck_token_create_dialog_get_name:
 * @self: a #DeckTokenCreateDialog
 *
 * Returns: the name typed (as typed; the page trims it)
 */
const char *
deck_token_create_dialog_get_name (DeckTokenCreateDialog *self)
{
  g_return_val_if_fail (DECK_IS_TOKEN_CREATE_DIALOG (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->name_row));
}

/**
 * deck_token_create_dialog_get_expires_at:
 * @self: a #DeckTokenCreateDialog
 *
 * Returns: (transfer full) (nullable): when the token should expire (UTC),
 *   or %NULL for never
 */
GDateTime *
deck_token_create_dialog_get_expires_at (DeckTokenCreateDialog *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) date = NULL;

  g_return_val_if_fail (DECK_IS_TOKEN_CREATE_DIALOG (self), NULL);

  switch (adw_combo_row_get_selected (self->expiry_row))
    {
    case EXPIRY_7_DAYS:
      return g_date_time_add_days (now, 7);
    case EXPIRY_30_DAYS:
      return g_date_time_add_days (now, 30);
    case EXPIRY_90_DAYS:
      return g_date_time_add_days (now, 90);
    case EXPIRY_DATE:
      date = picked_date (self);
      return g_date_time_to_utc (date);
    case EXPIRY_NEVER:
    default:
      return NULL;
    }
}

/**
 * deck_token_create_dialog_get_read_only:
 * @self: a #DeckTokenCreateDialog
 *
 * Returns: whether a personal token should be read-only
 */
gboolean
deck_token_create_dialog_get_read_only (DeckTokenCreateDialog *self)
{
  g_return_val_if_fail (DECK_IS_TOKEN_CREATE_DIALOG (self), FALSE);

  return self->mode == DECK_TOKEN_CREATE_MODE_PERSONAL &&
         gtk_switch_get_active (self->read_only_switch);
}

/**
 * deck_token_create_dialog_set_busy:
 * @self: a #DeckTokenCreateDialog
 * @busy: whether a call is in flight
 *
 * Only the submit button waits; the fields keep focus and text.
 */
void
deck_token_create_dialog_set_busy (DeckTokenCreateDialog *self,
                                   gboolean               busy)
{
  g_return_if_fail (DECK_IS_TOKEN_CREATE_DIALOG (self));

  self->busy = busy;
  validate (self);
}

/**
 * deck_token_create_dialog_set_error:
 * @self: a #DeckTokenCreateDialog
 * @message: (nullable): what went wrong, in plain text, or %NULL
 */
void
deck_token_create_dialog_set_error (DeckTokenCreateDialog *self,
                                    const char            *message)
{
  g_return_if_fail (DECK_IS_TOKEN_CREATE_DIALOG (self));

  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/**
 * deck_token_create_dialog_set_teams:
 * @self: a #DeckTokenCreateDialog
 * @teams: (nullable): the account's teams (#DeckFfTeam), or %NULL when
 *   they could not be loaded
 * @problem: (nullable): why they could not be loaded
 *
 * Fills the "Limit to Teams" check list of a personal token.
 */
void
deck_token_create_dialog_set_teams (DeckTokenCreateDialog *self,
                                    GListModel            *teams,
                                    const char            *problem)
{
  g_return_if_fail (DECK_IS_TOKEN_CREATE_DIALOG (self));

  if (teams == NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->teams_status_row),
                                     _("The teams could not be loaded"));
      adw_action_row_set_subtitle (self->teams_status_row, problem);
      return;
    }

  adw_preferences_group_remove (self->teams_group, GTK_WIDGET (self->teams_status_row));
  for (guint i = 0; i < g_list_model_get_n_items (teams); i++)
    {
      g_autoptr(DeckFfTeam) team = g_list_model_get_item (teams, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), deck_ff_team_get_name (team));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   deck_ff_role_to_string (deck_ff_team_get_role (team)));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      deck_ff_team_get_name (team), -1);
      g_object_set_data_full (G_OBJECT (check), "team-id",
                              g_strdup (deck_ff_team_get_id (team)), g_free);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_preferences_group_add (self->teams_group, row);
      g_ptr_array_add (self->team_checks, g_object_ref (check));
    }
}

/**
 * deck_token_create_dialog_get_team_ids:
 * @self: a #DeckTokenCreateDialog
 *
 * Returns: (transfer full) (nullable): the ids of the teams checked, or
 *   %NULL for none (all teams)
 */
GStrv
deck_token_create_dialog_get_team_ids (DeckTokenCreateDialog *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = 0;

  g_return_val_if_fail (DECK_IS_TOKEN_CREATE_DIALOG (self), NULL);

  if (self->mode != DECK_TOKEN_CREATE_MODE_PERSONAL || self->team_checks == NULL)
    return NULL;

  for (guint i = 0; i < self->team_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->team_checks, i);

      if (gtk_check_button_get_active (check))
        {
          g_strv_builder_add (builder, g_object_get_data (G_OBJECT (check), "team-id"));
          n++;
        }
    }

  return n > 0 ? g_strv_builder_end (builder) : NULL;
}
