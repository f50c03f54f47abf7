/* deck-token-expiry-page.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-token-expiry"

#include "config.h"

#include <glib/gi18n.h>

#include "deck-format.h"
#include "deck-gui-util.h"
#include "deck-token-expiry-page.h"
#include "deck-token-overview.h"
#include "deck-token-row.h"

/* The expiry overview: every access token the user can see across all
 * FlowFuse accounts (collected by deck-token-overview.c), soonest expiry
 * first, never-expiring last, with the filters All, Expired and Expires
 * Soon (within 7 days). Accounts or instances that could not be read are
 * named above the list; the rest is shown anyway. */

struct _DeckTokenExpiryPage
{
  GtkWidget           parent_instance;

  /* Owned References */
  DeckContext        *context;
  GCancellable       *cancellable;
  GListStore         *entries;
  GtkCustomFilter    *filter;
  GtkFilterListModel *shown;
  GDateTime          *now;
  DeckTokenExpiryFilter mode;

  /* Template Widgets */
  GtkStack           *stack;
  AdwPreferencesGroup *group;
  GtkLabel           *problems_label;
  GtkListBox         *tokens_list;
  GtkToggleButton    *all_button;
  GtkToggleButton    *expired_button;
  GtkToggleButton    *soon_button;
};

G_DEFINE_FINAL_TYPE (DeckTokenExpiryPage, deck_token_expiry_page, GTK_TYPE_WIDGET)

/*
 * Rows and filter
 */

static char *
describe_kind (DeckTokenEntry *entry)
{
  if (deck_token_entry_get_kind (entry) == DECK_TOKEN_ENTRY_HTTP)
    {
      if (deck_token_entry_get_team_name (entry) != NULL)
        /* Translators: the first %s is an instance, the second its team. */
        return g_strdup_printf (_("HTTP token of %s · %s"), deck_token_entry_get_instance_name (entry),
                                deck_token_entry_get_team_name (entry));
      /* Translators: %s is an instance. */
      return g_strdup_printf (_("HTTP token of %s"), deck_token_entry_get_instance_name (entry));
    }

  if (deck_token_entry_get_flowdeck_own (entry))
    /* Translators: %s is an account's name. */
    return g_strdup_printf (_("Personal token of %s · Used by Flowdeck"),
                            deck_token_entry_get_account_name (entry));

  /* Translators: %s is an account's name. */
  return g_strdup_printf (_("Personal token of %s"), deck_token_entry_get_account_name (entry));
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  DeckTokenExpiryPage *self = user_data;
  DeckTokenEntry *entry = item;
  GDateTime *expires_at = deck_token_entry_get_expires_at (entry);
  g_autofree char *expiry = deck_format_expiry (expires_at, self->now);
  g_autofree char *kind = describe_kind (entry);
  g_autofree char *a11y = NULL;
  g_autofree char *tooltip = NULL;
  GtkWidget *row, *badge, *icon;

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), deck_token_entry_get_name (entry));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), kind);

  icon = gtk_image_new_from_icon_name (deck_token_entry_get_kind (entry) == DECK_TOKEN_ENTRY_HTTP
                                       ? "network-server-symbolic" : "avatar-default-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  deck_token_entry_get_kind (entry) == DECK_TOKEN_ENTRY_HTTP
                                  ? _("HTTP access token") : _("Personal access token"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  badge = gtk_label_new (expiry);
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (badge, "state-badge");
  gtk_widget_add_css_class (badge, "caption");
  gtk_widget_add_css_class (badge, deck_token_expiry_css_class (expires_at, self->now));
  if (expires_at != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (expires_at);

      tooltip = g_date_time_format (local, "%x %X");
      gtk_widget_set_tooltip_text (badge, tooltip);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);

  /* Translators: token name, what it is, its expiry. */
  a11y = g_strdup_printf (_("%s, %s, %s"), deck_token_entry_get_name (entry), kind, expiry);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);

  g_object_set_data_full (G_OBJECT (row), "token-id", g_strdup (deck_token_entry_get_id (entry)),
                          g_free);
  g_object_set_data (G_OBJECT (row), "badge", badge);
  return row;
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  DeckTokenExpiryPage *self = user_data;
  DeckTokenEntry *entry = item;

  if (self->mode == DECK_TOKEN_EXPIRY_FILTER_EXPIRED)
    return deck_token_entry_is_expired (entry, self->now);
  if (self->mode == DECK_TOKEN_EXPIRY_FILTER_SOON)
    return deck_token_entry_expires_soon (entry, self->now, DECK_TOKEN_OVERVIEW_SOON);

  return TRUE;
}

static void
refresh_now (DeckTokenExpiryPage *self)
{
  g_clear_pointer (&self->now, g_date_time_unref);
  self->now = g_date_time_new_now_utc ();
}

static void
filter_toggled_cb (DeckTokenExpiryPage *self,
                   GtkToggleButton     *button)
{
  if (!gtk_toggle_button_get_active (button))
    return;

  if (button == self->expired_button)
    self->mode = DECK_TOKEN_EXPIRY_FILTER_EXPIRED;
  else if (button == self->soon_button)
    self->mode = DECK_TOKEN_EXPIRY_FILTER_SOON;
  else
    self->mode = DECK_TOKEN_EXPIRY_FILTER_ALL;

  refresh_now (self);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/*
 * Loading
 */

static void
collected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DeckTokenExpiryPage) self = user_data;
  g_autoptr(GListModel) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) problems = NULL;
  g_autoptr(GPtrArray) items = NULL;
  guint n;

  entries = deck_token_overview_collect_finish (DECK_CONTEXT (source), result, &problems, &error);
  if (entries == NULL)
    return; /* only when cancelled */

  n = g_list_model_get_n_items (entries);
  items = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (entries, i));

  refresh_now (self);
  g_list_store_splice (self->entries, 0, g_list_model_get_n_items (G_LIST_MODEL (self->entries)),
                       items->pdata, items->len);

  if (problems != NULL && problems[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv ("\n", problems);
      g_autofree char *text = g_strdup_printf ("%s\n%s", _("Some tokens could not be listed:"),
                                               joined);

      g_debug ("Token overview incomplete: %u problems", g_strv_length (problems));
      gtk_label_set_text (self->problems_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label),
                          problems != NULL && problems[0] != NULL);

  deck_gui_stack_show (self->stack,
                       n > 0 || (problems != NULL && problems[0] != NULL) ? "list" : "empty");
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  deck_token_expiry_page_reload (DECK_TOKEN_EXPIRY_PAGE (widget));
}

/*
 * GObject overrides
 */

static void
deck_token_expiry_page_dispose (GObject *object)
{
  DeckTokenExpiryPage *self = DECK_TOKEN_EXPIRY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DECK_TYPE_TOKEN_EXPIRY_PAGE);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->context);
  g_clear_object (&self->shown);
  g_clear_object (&self->entries);

  G_OBJECT_CLASS (deck_token_expiry_page_parent_class)->dispose (object);
}

static void
deck_token_expiry_page_finalize (GObject *object)
{
  DeckTokenExpiryPage *self = DECK_TOKEN_EXPIRY_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->now, g_date_time_unref);

  G_OBJECT_CLASS (deck_token_expiry_page_parent_class)->finalize (object);
}

static void
deck_token_expiry_page_class_init (DeckTokenExpiryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = deck_token_expiry_page_dispose;
  object_class->finalize = deck_token_expiry_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_PATH "/ui/deck-token-expiry-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DeckTokenExpiryPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DeckTokenExpiryPage, group);
  gtk_widget_class_bind_template_child (widget_class, DeckTokenExpiryPage, problems_label);
  gtk_widget_class_bind_template_child (widget_class, DeckTokenExpiryPage, tokens_list);
  gtk_widget_class_bind_template_child (widget_class, DeckTokenExpiryPage, all_button);
  gtk_widget_class_bind_template_child (widget_class, DeckTokenExpiryPage, expired_button);
  gtk_widget_class_bind_template_child (widget_class, DeckTokenExpiryPage, soon_button);
  gtk_widget_class_bind_template_callback (widget_class, filter_toggled_cb);

  gtk_widget_class_install_action (widget_class, "overview.reload", NULL, reload_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "overview.reload", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
deck_token_expiry_page_init (DeckTokenExpiryPage *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->now = g_date_time_new_now_utc ();
  self->entries = g_list_store_new (DECK_TYPE_TOKEN_ENTRY);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->shown = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->entries)),
                                           GTK_FILTER (self->filter));
  gtk_list_box_bind_model (self->tokens_list, G_LIST_MODEL (self->shown), create_row, self, NULL);

  placeholder = gtk_label_new (_("No tokens match this filter"));
  gtk_widget_set_margin_top (placeholder, 18);
  gtk_widget_set_margin_bottom (placeholder, 18);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (self->tokens_list, placeholder);
}

/*
 * Public API
 */

GtkWidget *
deck_token_expiry_page_new (void)
{
  return g_object_new (DECK_TYPE_TOKEN_EXPIRY_PAGE, NULL);
}

/**
 * deck_token_expiry_page_set_context:
 * @self: a #DeckTokenExpiryPage
 * @context: the app's services, whose accounts the page looks through
 */
void
deck_token_expiry_page_set_context (DeckTokenExpiryPage *self,
                                    DeckContext         *context)
{
  g_return_if_fail (DECK_IS_TOKEN_EXPIRY_PAGE (self));
  g_return_if_fail (DECK_IS_CONTEXT (context));

  g_set_object (&self->context, context);
}

/**
 * deck_token_expiry_page_reload:
 * @self: a #DeckTokenExpiryPage
 *
 * Collects the tokens again (what is shown stays until the new list is in).
 */
void
deck_token_expiry_page_reload (DeckTokenExpiryPage *self)
{
  g_return_if_fail (DECK_IS_TOKEN_EXPIRY_PAGE (self));

  if (self->context == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (g_list_model_get_n_items (G_LIST_MODEL (self->entries)) == 0)
    deck_gui_stack_show (self->stack, "loading");
  deck_token_overview_collect_async (self->context, self->cancellable, collected_cb,
                                     g_object_ref (self));
}

/**
 * deck_token_expiry_page_set_filter:
 * @self: a #DeckTokenExpiryPage
 * @filter: which tokens to show
 */
void
deck_token_expiry_page_set_filter (DeckTokenExpiryPage   *self,
                                   DeckTokenExpiryFilter  filter)
{
  GtkToggleButton *button;

  g_return_if_fail (DECK_IS_TOKEN_EXPIRY_PAGE (self));

  if (filter == DECK_TOKEN_EXPIRY_FILTER_EXPIRED)
    button = self->expired_button;
  else if (filter == DECK_TOKEN_EXPIRY_FILTER_SOON)
    button = self->soon_button;
  else
    button = self->all_button;

  gtk_toggle_button_set_active (button, TRUE);
}

/**
 * deck_token_expiry_page_get_entries:
 * @self: a #DeckTokenExpiryPage
 *
 * Returns: (transfer none): every #DeckTokenEntry collected, sorted
 */
GListModel *
deck_token_expiry_page_get_entries (DeckTokenExpiryPage *self)
{
  g_return_val_if_fail (DECK_IS_TOKEN_EXPIRY_PAGE (self), NULL);

  return G_LIST_MODEL (self->entries);
}

/**
 * deck_token_expiry_page_get_shown:
 * @self: a #DeckTokenExpiryPage
 *
 * Returns: (transfer none): the entries the filter lets through
 */
GListModel *
deck_token_expiry_page_get_shown (DeckTokenExpiryPage *self)
{
  g_return_val_if_fail (DECK_IS_TOKEN_EXPIRY_PAGE (self), NULL);

  return G_LIST_MODEL (self->shown);
}

/**
 * deck_token_expiry_page_get_state:
 * @self: a #DeckTokenExpiryPage
 *
 * Returns: "loading", "list" or "empty"
 */
const char *
deck_token_expiry_page_get_state (DeckTokenExpiryPage *self)
{
  g_return_val_if_fail (DECK_IS_TOKEN_EXPIRY_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * deck_token_expiry_page_get_row:
 * @self: a #DeckTokenExpiryPage
 * @token_id: a token id
 *
 * Returns: (transfer none) (nullable): the row showing @token_id
 */
GtkWidget *
deck_token_expiry_page_get_row (DeckTokenExpiryPage *self,
                                const char          *token_id)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (DECK_IS_TOKEN_EXPIRY_PAGE (self), NULL);

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->tokens_list, i)) != NULL; i++)
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "token-id"), token_id) == 0)
      return GTK_WIDGET (row);

  return NULL;
}
