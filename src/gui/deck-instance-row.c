/* deck-instance-row.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-instance-row"

#include "config.h"

#include <glib/gi18n.h>

#include "deck-format.h"
#include "deck-instance-row.h"

/* One instance in the list: name, application, Node-RED version, last
 * deploy, a labelled state badge (colour is never the only cue) and quick
 * actions. It follows its DeckFfInstance through notify, so live-state
 * polling updates rows in place. Actions name the instance by id; the
 * instances page implements them.
 *
 * Built in code, not from a template: the list creates rows as it
 * scrolls and filters, and GtkBuilder made each one cost a millisecond
 * or more (tests/bench/bench-frames.c --fixtures 5000 under perf). */

struct _DeckInstanceRow
{
  GtkWidget       parent_instance;

  /* Owned References */
  DeckFfInstance *instance;
  GSignalGroup   *signals;

  /* Child Widgets */
  GtkLabel       *name_label;
  GtkLabel       *details_label;
  GtkLabel       *state_label;
  GtkButton      *start_button;
  GtkButton      *stop_button;
  GtkMenuButton  *menu_button;
  const char     *state_class;   /* static string */
};

G_DEFINE_FINAL_TYPE (DeckInstanceRow, deck_instance_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_INSTANCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


/**
 * deck_instance_state_css_class:
 * @state: a state
 *
 * Returns: the style class for @state's badge
 */
const char *
deck_instance_state_css_class (DeckFfInstanceState state)
{
  if (state == DECK_FF_INSTANCE_STATE_RUNNING)
    return "success";

  if (state == DECK_FF_INSTANCE_STATE_CRASHED || state == DECK_FF_INSTANCE_STATE_ERROR ||
      state == DECK_FF_INSTANCE_STATE_SAFE)
    return "error";

  if (state == DECK_FF_INSTANCE_STATE_STOPPED || state == DECK_FF_INSTANCE_STATE_SUSPENDED ||
      state == DECK_FF_INSTANCE_STATE_UNKNOWN)
    return "dim-label";

  return deck_ff_instance_state_is_transitional (state) ? "accent" : "warning";
}

static void
update (DeckInstanceRow *self)
{
  DeckFfInstance *instance = self->instance;
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *when = NULL;
  g_autofree char *a11y = NULL;
  DeckFfInstanceState state;
  const char *version;
  gboolean stopped;

  if (instance == NULL)
    return;

  state = deck_ff_instance_get_state_id (instance);
  gtk_label_set_label (self->name_label, deck_ff_instance_get_name (instance));

  if (deck_ff_instance_get_application_name (instance) != NULL)
    g_string_append (details, deck_ff_instance_get_application_name (instance));

  version = deck_ff_instance_get_node_red_version (instance);
  if (version != NULL)
    {
      g_string_append (details, details->len ? " · " : "");
      /* Translators: %s is the version of Node-RED an instance runs. */
      g_string_append_printf (details, _("Node-RED %s"), version);
    }

  if (deck_ff_instance_get_flow_last_updated_at (instance) != NULL)
    {
      when = deck_format_relative_time (deck_ff_instance_get_flow_last_updated_at (instance), NULL);
      /* Translators: %s is a relative time, e.g. "3 h ago". */
      g_string_append_printf (details, "%s", details->len ? " · " : "");
      g_string_append_printf (details, _("deployed %s"), when);
    }
  gtk_label_set_label (self->details_label, details->str);

  /* Not known yet (the list came before its states): a quiet ellipsis. */
  gtk_label_set_label (self->state_label, state == DECK_FF_INSTANCE_STATE_UNKNOWN
                                            ? "…" : deck_ff_instance_state_to_label (state));
  /* Restyle only on a change of class (every change costs a CSS pass). */
  if (g_strcmp0 (self->state_class, deck_instance_state_css_class (state)) != 0)
    {
      if (self->state_class != NULL)
        gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), self->state_class);
      self->state_class = deck_instance_state_css_class (state);
      gtk_widget_add_css_class (GTK_WIDGET (self->state_label), self->state_class);
    }

  stopped = state == DECK_FF_INSTANCE_STATE_STOPPED || state == DECK_FF_INSTANCE_STATE_SUSPENDED ||
            state == DECK_FF_INSTANCE_STATE_CRASHED;
  gtk_widget_set_visible (GTK_WIDGET (self->start_button), stopped);
  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), !stopped);
  gtk_widget_set_sensitive (GTK_WIDGET (self->stop_button),
                            !deck_ff_instance_state_is_transitional (state));

  /* Screen readers hear the name and the state, not just colours. */
  a11y = g_strdup_printf ("%s, %s", deck_ff_instance_get_name (instance),
                          deck_ff_instance_state_to_label (state));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
}

static GMenuModel *
build_menu (DeckInstanceRow *self)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) actions = g_menu_new ();
  g_autoptr(GMenu) links = g_menu_new ();
  g_autoptr(GMenu) danger = g_menu_new ();
  const char *id = deck_ff_instance_get_id (self->instance);

#define ITEM(section, label, action) \
  G_STMT_START { \
    g_autoptr(GMenuItem) item_ = g_menu_item_new (label, NULL); \
    g_menu_item_set_action_and_target_value (item_, action, g_variant_new_string (id)); \
    g_menu_append_item (section, item_); \
  } G_STMT_END

  ITEM (actions, _("_Open"), "instances.open");
  ITEM (actions, _("_Restart"), "instances.restart");
  ITEM (actions, _("S_uspend"), "instances.suspend");
  ITEM (links, _("Open _Editor"), "instances.open-editor");
  ITEM (links, _("Open _Dashboard"), "instances.open-dashboard");
  ITEM (links, _("_Copy Address"), "instances.copy-url");
  ITEM (danger, _("_Delete…"), "instances.delete");
#undef ITEM

  g_menu_append_section (menu, NULL, G_MENU_MODEL (actions));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (links));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (danger));
  return G_MENU_MODEL (menu);
}

/* The menu is built when it first opens, not for every row bound while
 * scrolling: a GtkPopoverMenu is dozens of widgets. */
static void
create_popup_cb (GtkMenuButton *button,
                 gpointer       user_data)
{
  DeckInstanceRow *self = user_data;
  g_autoptr(GMenuModel) menu = NULL;

  if (self->instance == NULL)
    return;

  menu = build_menu (self);
  gtk_menu_button_set_menu_model (button, menu);
}

static void
instance_notify_cb (DeckInstanceRow *self)
{
  update (self);
}

/*
 * GObject
 */

static void
deck_instance_row_dispose (GObject *object)
{
  DeckInstanceRow *self = DECK_INSTANCE_ROW (object);

  g_signal_group_set_target (self->signals, NULL);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->instance);
  g_clear_object (&self->signals);

  G_OBJECT_CLASS (deck_instance_row_parent_class)->dispose (object);
}

static void
deck_instance_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DeckInstanceRow *self = DECK_INSTANCE_ROW (object);

  switch (prop_id)
    {
    case PROP_INSTANCE:
      g_value_set_object (value, self->instance);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_instance_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  DeckInstanceRow *self = DECK_INSTANCE_ROW (object);

  switch (prop_id)
    {
    case PROP_INSTANCE:
      deck_instance_row_set_instance (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_instance_row_class_init (DeckInstanceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = deck_instance_row_dispose;
  object_class->get_property = deck_instance_row_get_property;
  object_class->set_property = deck_instance_row_set_property;

  properties[PROP_INSTANCE] =
    g_param_spec_object ("instance", NULL, NULL, DECK_TYPE_FF_INSTANCE,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  g_object_class_install_properties (object_class, N_PROPS, properties);


  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "deckinstancerow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

/* The tooltip asked for when shown: gtk_widget_set_tooltip_text() makes
 * GTK 4.8 query the pointer position (a round trip to the display
 * server) for every button of every new row. */
static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    text)
{
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static GtkWidget *
flat_icon_button (GtkWidget  *button,
                  const char *icon,
                  const char *tooltip,
                  const char *a11y_label)
{
  if (GTK_IS_MENU_BUTTON (button))
    gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), icon);
  else
    gtk_button_set_icon_name (GTK_BUTTON (button), icon);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  /* Static translated strings: they outlive the button. */
  gtk_widget_set_has_tooltip (button, TRUE);
  g_signal_connect (button, "query-tooltip", G_CALLBACK (query_tooltip_cb), (gpointer) tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  a11y_label, -1);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static void
deck_instance_row_init (DeckInstanceRow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_parent (box, GTK_WIDGET (self));

  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), text);

  self->name_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->name_label, 0);
  gtk_label_set_ellipsize (self->name_label, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->name_label), "heading");
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (self->name_label));

  self->details_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->details_label, 0);
  gtk_label_set_ellipsize (self->details_label, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->details_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->details_label), "caption");
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (self->details_label));

  self->state_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_valign (GTK_WIDGET (self->state_label), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "state-badge");
  gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "caption-heading");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->state_label));

  self->start_button = GTK_BUTTON (flat_icon_button (gtk_button_new (),
                                                     "media-playback-start-symbolic",
                                                     _("Start"), _("Start instance")));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->start_button));
  self->stop_button = GTK_BUTTON (flat_icon_button (gtk_button_new (),
                                                    "media-playback-stop-symbolic",
                                                    _("Stop"), _("Stop instance")));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stop_button));
  self->menu_button = GTK_MENU_BUTTON (flat_icon_button (gtk_menu_button_new (),
                                                         "view-more-symbolic",
                                                         _("More Actions"), _("More actions")));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->menu_button));

  self->signals = g_signal_group_new (DECK_TYPE_FF_INSTANCE);
  g_signal_group_connect_swapped (self->signals, "notify", G_CALLBACK (instance_notify_cb), self);
  gtk_menu_button_set_create_popup_func (self->menu_button, create_popup_cb, self, NULL);
}

/*
 * Public API
 */

DeckFfInstance *
deck_instance_row_get_instance (DeckInstanceRow *self)
{
  g_return_val_if_fail (DECK_IS_INSTANCE_ROW (self), NULL);

  return self->instance;
}

void
deck_instance_row_set_instance (DeckInstanceRow *self,
                                DeckFfInstance  *instance)
{
  g_return_if_fail (DECK_IS_INSTANCE_ROW (self));
  g_return_if_fail (!instance || DECK_IS_FF_INSTANCE (instance));

  if (!g_set_object (&self->instance, instance))
    return;

  g_signal_group_set_target (self->signals, instance);
  /* A menu built for the row's previous instance goes; the next opening
   * builds one for this one (create_popup_cb()). */
  if (gtk_menu_button_get_menu_model (self->menu_button) != NULL)
    gtk_menu_button_set_menu_model (self->menu_button, NULL);
  if (instance != NULL)
    {
      const char *id = deck_ff_instance_get_id (instance);

      /* Once per instance, not per state change: each change of action
       * re-registers the button with the window's actions. Target
       * first: a name without its target would not match the action's
       * parameter type. */
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->start_button), "s", id);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->start_button), "instances.start");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->stop_button), "s", id);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->stop_button), "instances.stop");
      update (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INSTANCE]);
}
