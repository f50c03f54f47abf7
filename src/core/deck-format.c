/* deck-format.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-format"

#include "config.h"

#include <glib/gi18n.h>

#include "deck-format.h"

/* Human-readable times, translated, with plural forms, shared by every
 * list that shows "updated 3 h ago" or "expires in 3 days". */

static GDateTime *
now_or (GDateTime *now)
{
  return now ? g_date_time_ref (now) : g_date_time_new_now_utc ();
}

/**
 * deck_format_relative_time:
 * @when: (nullable): a moment in the past
 * @now: (nullable): the present, or %NULL for the clock
 *
 * Returns: (transfer full): e.g. "just now", "5 min ago", "3 h ago",
 *   "2 days ago", or the date for older moments; "never" for %NULL
 */
char *
deck_format_relative_time (GDateTime *when,
                           GDateTime *now)
{
  g_autoptr(GDateTime) present = NULL;
  GTimeSpan span;
  gint64 n;

  if (when == NULL)
    return g_strdup (_("never"));

  present = now_or (now);
  span = g_date_time_difference (present, when);

  if (span < G_TIME_SPAN_MINUTE)
    return g_strdup (_("just now"));

  if (span < G_TIME_SPAN_HOUR)
    {
      n = span / G_TIME_SPAN_MINUTE;
      /* Translators: a short time ago, in minutes. */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d min ago", "%d min ago", n),
                              (int) n);
    }

  if (span < G_TIME_SPAN_DAY)
    {
      n = span / G_TIME_SPAN_HOUR;
      /* Translators: a time ago, in hours ("h" is short for hours). */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d h ago", "%d h ago", n), (int) n);
    }

  if (span < 30 * G_TIME_SPAN_DAY)
    {
      n = span / G_TIME_SPAN_DAY;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", n),
                              (int) n);
    }

  {
    g_autoptr(GDateTime) local = g_date_time_to_local (when);

    /* Translators: a date, see strftime(3); e.g. "25 Nov 2026". */
    return g_date_time_format (local, _("%e %b %Y"));
  }
}

/**
 * deck_format_expiry:
 * @expires_at: (nullable): when a token expires, %NULL for never
 * @now: (nullable): the present, or %NULL for the clock
 *
 * Returns: (transfer full): "never expires", "expired", "expires today",
 *   "expires in 3 days", …
 */
char *
deck_format_expiry (GDateTime *expires_at,
                    GDateTime *now)
{
  g_autoptr(GDateTime) present = NULL;
  GTimeSpan span;
  gint64 days;

  if (expires_at == NULL)
    return g_strdup (_("never expires"));

  present = now_or (now);
  span = g_date_time_difference (expires_at, present);

  if (span <= 0)
    return g_strdup (_("expired"));

  if (span < G_TIME_SPAN_DAY)
    return g_strdup (_("expires today"));

  days = (span + G_TIME_SPAN_DAY - 1) / G_TIME_SPAN_DAY;
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "expires in %d day", "expires in %d days",
                                       days),
                          (int) days);
}
