/* test-peers-smoke.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real peers answer as the rest of the suite expects: FlowFuse's
 * public settings, Node-RED's admin auth scheme, and the OIDC server's
 * discovery document, all fetched with libsoup on loopback.
 */

#include "config.h"

#include <libsoup/soup.h>

#include "deck-test-peers.h"

static JsonObject *
get_json (const char *url,
          guint      *status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  g_assert_nonnull (msg);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);

  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                             g_bytes_get_size (body), &error));
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

static void
test_flowfuse_settings (void)
{
  JsonObject *peer = deck_test_peers_get ("flowfuse");
  g_autoptr(JsonObject) settings = NULL;
  g_autofree char *url = NULL;
  guint status = 0;

  if (peer == NULL)
    return;

  url = g_strconcat (deck_test_peers_get_string (peer, "url"), "/api/v1/settings", NULL);
  settings = get_json (url, &status);
  g_assert_cmpuint (status, ==, 200);
  /* Signed out, FlowFuse 2.4.0 shows the public variant: whether sign-up
   * is open and the platform features (the harness applied FlowFuse's
   * development enterprise license, so HTTP bearer tokens are on);
   * "version" is only shown to signed-in users. */
  g_assert_true (json_object_has_member (settings, "user:signup"));
  g_assert_false (json_object_has_member (settings, "version"));
  g_assert_true (json_object_get_boolean_member (
                   json_object_get_object_member (settings, "features"), "httpBearerTokens"));
}

static void
test_nodered_login_scheme (void)
{
  JsonObject *peer = deck_test_peers_get ("nodered");
  g_autoptr(JsonObject) login = NULL;
  g_autofree char *url = NULL;
  guint status = 0;
  JsonArray *prompts;

  if (peer == NULL)
    return;

  url = g_strconcat (deck_test_peers_get_string (peer, "url"), "/auth/login", NULL);
  login = get_json (url, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (login, "type"), ==, "credentials");
  prompts = json_object_get_array_member (login, "prompts");
  g_assert_nonnull (prompts);
  g_assert_cmpuint (json_array_get_length (prompts), ==, 2);
}

static void
test_oidc_discovery (void)
{
  JsonObject *peer = deck_test_peers_get ("oidc");
  g_autoptr(JsonObject) doc = NULL;
  g_autofree char *url = NULL;
  g_autofree char *expected_token = NULL;
  const char *issuer;
  JsonArray *methods;
  guint status = 0;
  gboolean s256 = FALSE;

  if (peer == NULL)
    return;

  issuer = deck_test_peers_get_string (peer, "issuer");
  url = g_strconcat (issuer, "/.well-known/openid-configuration", NULL);
  doc = get_json (url, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (doc, "issuer"), ==, issuer);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (doc, "token_endpoint"),
                                   issuer));
  g_assert_true (json_object_get_boolean_member (doc,
                                                 "authorization_response_iss_parameter_supported"));

  methods = json_object_get_array_member (doc, "code_challenge_methods_supported");
  for (guint i = 0; i < json_array_get_length (methods); i++)
    s256 |= g_strcmp0 (json_array_get_string_element (methods, i), "S256") == 0;
  g_assert_true (s256);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/peers/flowfuse/settings", test_flowfuse_settings);
  g_test_add_func ("/peers/nodered/login-scheme", test_nodered_login_scheme);
  g_test_add_func ("/peers/oidc/discovery", test_oidc_discovery);

  return g_test_run ();
}
