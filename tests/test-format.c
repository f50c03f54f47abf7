/* test-format.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "deck-format.h"

static void
test_relative (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 25, 12, 0, 0);
  static const struct { GTimeSpan ago; const char *expected; } cases[] = {
    { 10 * G_TIME_SPAN_SECOND, "just now" },
    { 1 * G_TIME_SPAN_MINUTE, "1 min ago" },
    { 59 * G_TIME_SPAN_MINUTE, "59 min ago" },
    { 3 * G_TIME_SPAN_HOUR + 5 * G_TIME_SPAN_MINUTE, "3 h ago" },
    { 1 * G_TIME_SPAN_DAY, "1 day ago" },
    { 12 * G_TIME_SPAN_DAY, "12 days ago" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) when = g_date_time_add (now, -cases[i].ago);
      g_autofree char *text = deck_format_relative_time (when, now);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }

  {
    g_autofree char *text = deck_format_relative_time (NULL, now);

    g_assert_cmpstr (text, ==, "never");
  }

  {
    g_autoptr(GDateTime) old = g_date_time_new_utc (2025, 1, 5, 12, 0, 0);
    g_autofree char *text = deck_format_relative_time (old, now);

    g_assert_nonnull (strstr (text, "2025"));
  }
}

static void
test_expiry (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 25, 12, 0, 0);
  g_autoptr(GDateTime) past = g_date_time_add_minutes (now, -1);
  g_autoptr(GDateTime) tonight = g_date_time_add_hours (now, 5);
  g_autoptr(GDateTime) three = g_date_time_add_days (now, 3);
  g_autoptr(GDateTime) one = g_date_time_add_hours (now, 25);
  g_autofree char *a = deck_format_expiry (NULL, now);
  g_autofree char *b = deck_format_expiry (past, now);
  g_autofree char *c = deck_format_expiry (tonight, now);
  g_autofree char *d = deck_format_expiry (three, now);
  g_autofree char *e = deck_format_expiry (one, now);

  g_assert_cmpstr (a, ==, "never expires");
  g_assert_cmpstr (b, ==, "expired");
  g_assert_cmpstr (c, ==, "expires today");
  g_assert_cmpstr (d, ==, "expires in 3 days");
  g_assert_cmpstr (e, ==, "expires in 2 days");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/relative", test_relative);
  g_test_add_func ("/format/expiry", test_expiry);

  return g_test_run ();
}
