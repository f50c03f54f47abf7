/* test-token-overview.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The expiry overview's logic without a server: the order (soonest
 * first, never-expiring last), the "expired" and "expires soon" tests,
 * and the daily notification's decision (which tokens trigger it, given
 * a "now"). The collection itself runs against the real FlowFuse in
 * test-ui-token-overview.c; here only an empty context and cancellation.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "deck-test-util.h"
#include "deck-token-overview.h"

static DeckTokenEntry *
entry (const char *name,
       GDateTime  *now,
       GTimeSpan   from_now,
       gboolean    never)
{
  g_autoptr(GDateTime) at = never ? NULL : g_date_time_add (now, from_now);

  return deck_token_entry_new (DECK_TOKEN_ENTRY_HTTP, name, name, at, "acct", "Alice",
                               "inst", "seed-instance", "Team");
}

static GListStore *
fixture (GDateTime *now)
{
  GListStore *store = g_list_store_new (DECK_TYPE_TOKEN_ENTRY);
  DeckTokenEntry *items[] = {
    entry ("never", now, 0, TRUE),
    entry ("in-40-days", now, 40 * G_TIME_SPAN_DAY, FALSE),
    entry ("in-2-days", now, 2 * G_TIME_SPAN_DAY, FALSE),
    entry ("expired-yesterday", now, -G_TIME_SPAN_DAY, FALSE),
    entry ("in-7-days-exactly", now, 7 * G_TIME_SPAN_DAY, FALSE),
    entry ("in-7-days-and-a-minute", now, 7 * G_TIME_SPAN_DAY + G_TIME_SPAN_MINUTE, FALSE),
    entry ("in-an-hour", now, G_TIME_SPAN_HOUR, FALSE),
    entry ("expires-now", now, 0, FALSE),
    entry ("also-never", now, 0, TRUE),
  };

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_list_store_append (store, items[i]);
      g_object_unref (items[i]);
    }

  return store;
}

static void
test_order (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 25, 12, 0, 0);
  g_autoptr(GListStore) store = fixture (now);
  static const char *expected[] = {
    "expired-yesterday", "expires-now", "in-an-hour", "in-2-days", "in-7-days-exactly",
    "in-7-days-and-a-minute", "in-40-days", "also-never", "never",
  };

  g_list_store_sort (store, deck_token_entry_compare, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(DeckTokenEntry) e = g_list_model_get_item (G_LIST_MODEL (store), i);

      g_assert_cmpstr (deck_token_entry_get_name (e), ==, expected[i]);
    }
}

static void
test_expired_and_soon (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 25, 12, 0, 0);
  g_autoptr(DeckTokenEntry) past = entry ("p", now, -G_TIME_SPAN_SECOND, FALSE);
  g_autoptr(DeckTokenEntry) at_now = entry ("n", now, 0, FALSE);
  g_autoptr(DeckTokenEntry) soon = entry ("s", now, 3 * G_TIME_SPAN_DAY, FALSE);
  g_autoptr(DeckTokenEntry) later = entry ("l", now, 8 * G_TIME_SPAN_DAY, FALSE);
  g_autoptr(DeckTokenEntry) never = entry ("v", now, 0, TRUE);

  g_assert_true (deck_token_entry_is_expired (past, now));
  g_assert_true (deck_token_entry_is_expired (at_now, now));
  g_assert_false (deck_token_entry_is_expired (soon, now));
  g_assert_false (deck_token_entry_is_expired (never, now));

  g_assert_false (deck_token_entry_expires_soon (past, now, DECK_TOKEN_OVERVIEW_SOON));
  g_assert_false (deck_token_entry_expires_soon (at_now, now, DECK_TOKEN_OVERVIEW_SOON));
  g_assert_true (deck_token_entry_expires_soon (soon, now, DECK_TOKEN_OVERVIEW_SOON));
  g_assert_false (deck_token_entry_expires_soon (later, now, DECK_TOKEN_OVERVIEW_SOON));
  g_assert_false (deck_token_entry_expires_soon (never, now, DECK_TOKEN_OVERVIEW_SOON));
}

static gboolean
has (GPtrArray  *array,
     const char *name)
{
  for (guint i = 0; i < array->len; i++)
    if (g_strcmp0 (deck_token_entry_get_name (g_ptr_array_index (array, i)), name) == 0)
      return TRUE;

  return FALSE;
}

static void
test_notification_decision (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 25, 12, 0, 0);
  g_autoptr(GListStore) store = fixture (now);
  g_autoptr(GPtrArray) soon = NULL;
  g_autoptr(GPtrArray) week_later = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GListStore) empty = g_list_store_new (DECK_TYPE_TOKEN_ENTRY);
  g_autoptr(GDateTime) in_a_week = g_date_time_add_days (now, 7);
  g_autoptr(GDateTime) in_a_year = g_date_time_add_days (now, 365);

  /* Today: an hour, 2 days, exactly 7 days; not the expired ones, not
   * 7 days and a minute, not 40 days, not never. */
  soon = deck_token_overview_expiring (G_LIST_MODEL (store), now, DECK_TOKEN_OVERVIEW_SOON);
  g_assert_cmpuint (soon->len, ==, 3);
  g_assert_true (has (soon, "in-an-hour"));
  g_assert_true (has (soon, "in-2-days"));
  g_assert_true (has (soon, "in-7-days-exactly"));

  /* A week later the picture moves: 7 days and a minute, not yet 40. */
  week_later = deck_token_overview_expiring (G_LIST_MODEL (store), in_a_week,
                                             DECK_TOKEN_OVERVIEW_SOON);
  g_assert_cmpuint (week_later->len, ==, 1);
  g_assert_true (has (week_later, "in-7-days-and-a-minute"));

  /* A year later everything has expired or never does: nothing to say. */
  none = deck_token_overview_expiring (G_LIST_MODEL (store), in_a_year, DECK_TOKEN_OVERVIEW_SOON);
  g_assert_cmpuint (none->len, ==, 0);
  g_clear_pointer (&none, g_ptr_array_unref);
  none = deck_token_overview_expiring (G_LIST_MODEL (empty), now, DECK_TOKEN_OVERVIEW_SOON);
  g_assert_cmpuint (none->len, ==, 0);
}

static DeckContext *
empty_context (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("flowdeck-overview-XXXXXX", &error);
  g_autofree char *path = NULL;
  GAsyncResult *slot = NULL;
  DeckContext *context;

  g_assert_no_error (error);
  path = g_build_filename (dir, "accounts.json", NULL);
  context = deck_context_new (path);
  deck_context_load_async (context, NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 10);
  g_assert_true (deck_context_load_finish (context, result, &error));
  g_assert_no_error (error);
  /* Nothing is saved without accounts; leave no folder behind. */
  g_remove (path);
  g_rmdir (dir);
  return context;
}

static void
test_collect_empty (void)
{
  g_autoptr(DeckContext) context = empty_context ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) problems = NULL;
  GAsyncResult *slot = NULL;

  deck_token_overview_collect_async (context, NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 10);
  entries = deck_token_overview_collect_finish (context, result, &problems, &error);
  g_assert_no_error (error);
  g_assert_nonnull (entries);
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, 0);
  g_assert_nonnull (problems);
  g_assert_cmpuint (g_strv_length (problems), ==, 0);
}

static void
test_collect_cancelled (void)
{
  g_autoptr(DeckContext) context = empty_context ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) entries = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  g_cancellable_cancel (cancellable);
  deck_token_overview_collect_async (context, cancellable, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 10);
  entries = deck_token_overview_collect_finish (context, result, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (entries);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/token-overview/order", test_order);
  g_test_add_func ("/token-overview/expired-and-soon", test_expired_and_soon);
  g_test_add_func ("/token-overview/notification-decision", test_notification_decision);
  g_test_add_func ("/token-overview/collect-empty", test_collect_empty);
  g_test_add_func ("/token-overview/collect-cancelled", test_collect_cancelled);

  return g_test_run ();
}
