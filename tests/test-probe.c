/* test-probe.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What an address is, asked of the real peers: FlowFuse, Node-RED with
 * and without admin authentication, and something that is neither (the
 * OIDC server).
 */

#include "config.h"

#include "deck-flowfuse-error.h"
#include "deck-http.h"
#include "deck-server-probe.h"
#include "deck-test-peers.h"
#include "deck-test-util.h"

static DeckServerProbe *
probe (const char  *url,
       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  deck_server_probe_async (url, FALSE, 10, NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 30);
  return deck_server_probe_finish (result, error);
}

static void
test_flowfuse (void)
{
  JsonObject *peer = deck_test_peers_get ("flowfuse");
  g_autoptr(DeckServerProbe) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *with_slash = NULL;

  if (peer == NULL)
    return;

  with_slash = g_strconcat (deck_test_peers_get_string (peer, "url"), "/", NULL);
  result = probe (with_slash, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->kind, ==, DECK_SERVER_KIND_FLOWFUSE);
  g_assert_cmpstr (result->url, ==, deck_test_peers_get_string (peer, "url"));
  g_assert_false (result->sso_only);
}

static void
test_node_red (void)
{
  JsonObject *peer = deck_test_peers_get ("nodered");
  JsonObject *noauth = deck_test_peers_get ("nodered_noauth");
  g_autoptr(DeckServerProbe) result = NULL;
  g_autoptr(GError) error = NULL;

  if (peer == NULL || noauth == NULL)
    return;

  result = probe (deck_test_peers_get_string (peer, "url"), &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->kind, ==, DECK_SERVER_KIND_NODE_RED);
  g_assert_cmpstr (result->node_red_scheme, ==, "credentials");
  g_clear_pointer (&result, deck_server_probe_free);

  result = probe (deck_test_peers_get_string (noauth, "url"), &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->kind, ==, DECK_SERVER_KIND_NODE_RED);
  g_assert_cmpstr (result->node_red_scheme, ==, "none");
}

static void
test_neither (void)
{
  JsonObject *peer = deck_test_peers_get ("oidc");
  g_autoptr(DeckServerProbe) result = NULL;
  g_autoptr(GError) error = NULL;

  if (peer == NULL)
    return;

  result = probe (deck_test_peers_get_string (peer, "issuer"), &error);
  g_assert_null (result);
  g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_NOT_FLOWFUSE);
}

static void
test_bad_addresses (void)
{
  g_autoptr(DeckServerProbe) result = NULL;
  g_autoptr(GError) error = NULL;

  result = probe ("http://flowfuse.example.com", &error);
  g_assert_error (error, DECK_NET_ERROR, DECK_NET_ERROR_INSECURE_URL);
  g_clear_error (&error);

  result = probe ("mailto:someone@example.com", &error);
  g_assert_error (error, DECK_NET_ERROR, DECK_NET_ERROR_INVALID_URL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/probe/flowfuse", test_flowfuse);
  g_test_add_func ("/probe/node-red", test_node_red);
  g_test_add_func ("/probe/neither", test_neither);
  g_test_add_func ("/probe/bad-addresses", test_bad_addresses);

  return g_test_run ();
}
