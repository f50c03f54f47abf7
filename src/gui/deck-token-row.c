/* deck-token-row.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-token-row"

#include "config.h"

#include <glib/gi18n.h>

#include "deck-format.h"
#include "deck-token-row.h"

/* One token in a list (HTTP or personal): its name, a labelled expiry
 * badge ("expired", "expires in 3 days", "never expires"; colour is never
 * the only cue) and two buttons whose actions take the token id. A row
 * whose token must not be revoked from here keeps its Revoke button,
 * insensitive, with the reason as tooltip and subtitle. */

#define SOON (7 * G_TIME_SPAN_DAY)

/**
 * deck_token_expiry_css_class:
 * @expires_at: (nullable): the expiry, %NULL for never
 * @now: (nullable): the present, or %NULL for the clock
 *
 * Returns: the style class of the expiry badge
 */
const char *
deck_token_expiry_css_class (GDateTime *expires_at,
                             GDateTime *now)
{
  g_autoptr(GDateTime) present = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  GTimeSpan left;

  if (expires_at == NULL)
    return "dim-label";

  left = g_date_time_difference (expires_at, present);
  if (left <= 0)
    return "error";
  if (left <= SOON)
    return "warning";

  return "accent";
}

/**
 * deck_token_row_new:
 * @token_id: the token's id, the target of both actions
 * @name: the token's name
 * @subtitle: (nullable): more about it
 * @expires_at: (nullable): its expiry
 * @change_expiry_action: the action for Change Expiry ("s": the id)
 * @revoke_action: the action for Revoke ("s": the id)
 * @revoke_blocked_reason: (nullable): why Revoke is disabled, or %NULL
 *
 * Returns: (transfer floating): an #AdwActionRow
 */
GtkWidget *
deck_token_row_new (const char *token_id,
                    const char *name,
                    const char *subtitle,
                    GDateTime  *expires_at,
                    const char *change_expiry_action,
                    const char *revoke_action,
                    const char *revoke_blocked_reason)
{
  g_autofree char *expiry = deck_format_expiry (expires_at, NULL);
  g_autofree char *a11y = NULL;
  GtkWidget *row, *badge, *change, *revoke;

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  badge = gtk_label_new (expiry);
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (badge, "state-badge");
  gtk_widget_add_css_class (badge, "caption");
  gtk_widget_add_css_class (badge, deck_token_expiry_css_class (expires_at, NULL));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);

  change = gtk_button_new_from_icon_name ("document-edit-symbolic");
  gtk_widget_set_valign (change, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (change, "flat");
  gtk_widget_set_tooltip_text (change, _("Change Expiry"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (change), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Change expiry"), -1);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (change), "s", token_id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (change), change_expiry_action);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), change);

  revoke = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (revoke, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (revoke, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (revoke), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Revoke"), -1);
  if (revoke_blocked_reason != NULL)
    {
      /* No action: an insensitive button that says why. */
      gtk_widget_set_sensitive (revoke, FALSE);
      gtk_widget_set_tooltip_text (revoke, revoke_blocked_reason);
      gtk_accessible_update_property (GTK_ACCESSIBLE (revoke), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      revoke_blocked_reason, -1);
    }
  else
    {
      gtk_widget_set_tooltip_text (revoke, _("Revoke…"));
      gtk_actionable_set_action_target (GTK_ACTIONABLE (revoke), "s", token_id);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (revoke), revoke_action);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), revoke);

  /* Translators: the first %s is a token name, the second its expiry ("expires in 3 days"). */
  a11y = g_strdup_printf (_("%s, %s"), name, expiry);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);

  g_object_set_data (G_OBJECT (row), "revoke-button", revoke);
  g_object_set_data (G_OBJECT (row), "expiry-button", change);
  g_object_set_data_full (G_OBJECT (row), "token-id", g_strdup (token_id), g_free);
  return row;
}

/**
 * deck_token_row_get_revoke_button:
 * @row: a row from deck_token_row_new()
 *
 * Returns: (transfer none): its Revoke button
 */
GtkButton *
deck_token_row_get_revoke_button (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "revoke-button");
}

/**
 * deck_token_row_get_expiry_button:
 * @row: a row from deck_token_row_new()
 *
 * Returns: (transfer none): its Change Expiry button
 */
GtkButton *
deck_token_row_get_expiry_button (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "expiry-button");
}
