/* fuzz-snapshot.c: the start-up snapshot file
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: the bytes of a snapshot file (`$XDG_CACHE_HOME/flowdeck/snapshots/
 * <hash>.snapshot`, a serialized GVariant, deck-snapshot.c), read as the
 * next start reads it: deck_snapshot_parse() for the account
 * "fuzz-account" of https://flowfuse.example.com (the seeds are of that
 * account, made of the FlowFuse peer's real answers). Every model read is then written back with
 * deck_snapshot_build(), as the window saves it, and read again: the same
 * teams, team and instances must come back.
 */

#include "config.h"

#include "deck-ff-instance.h"
#include "deck-ff-team.h"
#include "deck-snapshot.h"
#include "fuzz-common.h"

#define ACCOUNT_ID  "fuzz-account"
#define ACCOUNT_URL "https://flowfuse.example.com"

static void
read_all (GListModel *model)
{
  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      deck_fuzz_read_all (item);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(DeckSnapshot) snapshot = NULL;
  g_autoptr(DeckSnapshot) again = NULL;
  g_autoptr(GVariant) node = NULL;
  g_autoptr(GError) error = NULL;

  snapshot = deck_snapshot_parse ((const char *) data, size, ACCOUNT_ID, ACCOUNT_URL, &error);
  if (snapshot == NULL)
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      return 0;
    }
  g_assert_no_error (error);
  g_assert_nonnull (deck_snapshot_get_teams (snapshot));
  g_assert_nonnull (deck_snapshot_get_saved_at (snapshot));
  g_assert_true ((deck_snapshot_get_team_id (snapshot) == NULL) ==
                 (deck_snapshot_get_instances (snapshot) == NULL));
  read_all (deck_snapshot_get_teams (snapshot));
  read_all (deck_snapshot_get_instances (snapshot));

  node = deck_snapshot_build (ACCOUNT_ID, ACCOUNT_URL, deck_snapshot_get_teams (snapshot),
                              deck_snapshot_get_team_id (snapshot),
                              deck_snapshot_get_instances (snapshot),
                              deck_snapshot_get_saved_at (snapshot));
  again = deck_snapshot_parse (g_variant_get_data (node), g_variant_get_size (node), ACCOUNT_ID,
                               ACCOUNT_URL, &error);
  if (again == NULL)
    g_error ("a snapshot written back cannot be read again: %s", error->message);

  g_assert_cmpstr (deck_snapshot_get_team_id (again), ==, deck_snapshot_get_team_id (snapshot));
  g_assert_cmpuint (g_list_model_get_n_items (deck_snapshot_get_teams (again)), ==,
                    g_list_model_get_n_items (deck_snapshot_get_teams (snapshot)));
  if (deck_snapshot_get_instances (snapshot) != NULL)
    {
      GListModel *before = deck_snapshot_get_instances (snapshot);
      GListModel *after = deck_snapshot_get_instances (again);

      g_assert_cmpuint (g_list_model_get_n_items (after), ==, g_list_model_get_n_items (before));
      for (guint i = 0; i < g_list_model_get_n_items (before); i++)
        {
          g_autoptr(DeckFfInstance) a = g_list_model_get_item (before, i);
          g_autoptr(DeckFfInstance) b = g_list_model_get_item (after, i);

          g_assert_cmpstr (deck_ff_instance_get_id (a), ==, deck_ff_instance_get_id (b));
          g_assert_cmpstr (deck_ff_instance_get_name (a), ==, deck_ff_instance_get_name (b));
          g_assert_cmpstr (deck_ff_instance_get_state (a), ==, deck_ff_instance_get_state (b));
          g_assert_cmpstr (deck_ff_instance_get_node_red_version (a), ==,
                           deck_ff_instance_get_node_red_version (b));
          g_assert_cmpint (deck_ff_instance_get_http_node_auth (a), ==,
                           deck_ff_instance_get_http_node_auth (b));
        }
    }

  return 0;
}
