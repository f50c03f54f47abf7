/* test-oauth-presets.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each provider preset builds the authorization URL its provider
 * documents (endpoint, client_id, scopes, PKCE S256, state, the loopback
 * redirect with the connection's fixed path), parsed with GUri. No
 * network: deck_oauth_flow_begin() only starts the local catcher. Also
 * the connection model's pure parts: ID token labels, narrowed grants,
 * env names, the JSON round trip without secrets.
 */

#include "config.h"

#include <string.h>

#include "deck-connection.h"
#include "deck-oauth-flow.h"
#include "deck-oauth-presets.h"

typedef struct
{
  DeckOAuthPreset  preset;
  const char      *authorize;
  const char      *token;
  const char      *revoke;     /* NULL: none */
  const char      *scope;      /* the default scopes, joined */
  const char      *extra[5];   /* name, value, …, NULL */
} Expected;

/* The providers' published endpoints (see deck-oauth-presets.c). */
static const Expected expected[] = {
  { DECK_OAUTH_PRESET_GOOGLE, "https://accounts.google.com/o/oauth2/v2/auth",
    "https://oauth2.googleapis.com/token", "https://oauth2.googleapis.com/revoke",
    "openid email", { "access_type", "offline", "prompt", "consent", NULL } },
  { DECK_OAUTH_PRESET_MICROSOFT, "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
    "https://login.microsoftonline.com/common/oauth2/v2.0/token", NULL,
    "openid offline_access User.Read", { NULL } },
  { DECK_OAUTH_PRESET_GITHUB, "https://github.com/login/oauth/authorize",
    "https://github.com/login/oauth/access_token", NULL, "read:user", { NULL } },
  { DECK_OAUTH_PRESET_SPOTIFY, "https://accounts.spotify.com/authorize",
    "https://accounts.spotify.com/api/token", NULL, "user-read-email", { NULL } },
};

static GHashTable *
query_of (const char *url,
          char      **out_base)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_QUERY, NULL);
  GHashTable *params;

  g_assert_nonnull (uri);
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_WWW_FORM, NULL);
  g_assert_nonnull (params);
  *out_base = g_uri_join (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                          g_uri_get_port (uri), g_uri_get_path (uri), NULL, NULL);
  return params;
}

static void
check_preset (gconstpointer data)
{
  const Expected *e = data;
  const DeckOAuthPresetInfo *info = deck_oauth_preset_get_info (e->preset);
  g_autoptr(DeckOAuthProfile) profile = NULL;
  g_autoptr(DeckOAuthFlow) flow = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GUri) redirect = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *base = NULL;
  g_autofree char *to_register = NULL;
  guint n_expected = 7;

  g_assert_cmpstr (deck_oauth_preset_lookup (info->id)->id, ==, info->id);
  g_assert_cmpstr (info->token_endpoint, ==, e->token);

  profile = deck_oauth_preset_build_profile (e->preset, "my-client.example", NULL, NULL,
                                             "/flowdeck/oauth");
  g_assert_cmpstr (deck_oauth_profile_get_token_endpoint (profile), ==, e->token);
  g_assert_cmpstr (deck_oauth_profile_get_revocation_endpoint (profile), ==, e->revoke);
  g_assert_null (deck_oauth_profile_get_client_secret (profile));

  flow = deck_oauth_flow_new (profile);
  url = deck_oauth_flow_begin (flow, &error);
  g_assert_no_error (error);
  params = query_of (url, &base);

  g_assert_cmpstr (base, ==, e->authorize);
  g_assert_cmpstr (g_hash_table_lookup (params, "response_type"), ==, "code");
  g_assert_cmpstr (g_hash_table_lookup (params, "client_id"), ==, "my-client.example");
  g_assert_cmpstr (g_hash_table_lookup (params, "scope"), ==, e->scope);
  g_assert_cmpstr (g_hash_table_lookup (params, "code_challenge_method"), ==, "S256");
  g_assert_cmpuint (strlen (g_hash_table_lookup (params, "code_challenge")), ==, 43);
  g_assert_cmpuint (strlen (g_hash_table_lookup (params, "state")), >=, 22);

  /* RFC 8252 §7.3: 127.0.0.1, an ephemeral port, the connection's path. */
  redirect = g_uri_parse (g_hash_table_lookup (params, "redirect_uri"), G_URI_FLAGS_NONE, NULL);
  g_assert_nonnull (redirect);
  g_assert_cmpstr (g_uri_get_scheme (redirect), ==, "http");
  g_assert_cmpstr (g_uri_get_host (redirect), ==, "127.0.0.1");
  g_assert_cmpint (g_uri_get_port (redirect), >, 0);
  g_assert_cmpstr (g_uri_get_path (redirect), ==, "/flowdeck/oauth");
  g_assert_true (info->any_port);

  to_register = deck_oauth_preset_redirect_uri_to_register ("/flowdeck/oauth");
  g_assert_cmpstr (to_register, ==, "http://127.0.0.1/flowdeck/oauth");

  for (guint i = 0; e->extra[i] != NULL; i += 2)
    {
      g_assert_cmpstr (g_hash_table_lookup (params, e->extra[i]), ==, e->extra[i + 1]);
      n_expected++;
    }
  /* Nothing else rides along. */
  g_assert_cmpuint (g_hash_table_size (params), ==, n_expected);
}

static void
test_secret_and_scopes (void)
{
  const char * const scopes[] = { "repo", "gist", NULL };
  g_autoptr(DeckOAuthProfile) profile = NULL;
  g_auto(GStrv) parsed = NULL;

  profile = deck_oauth_preset_build_profile (DECK_OAUTH_PRESET_GITHUB, "Iv1.abc", "s3cret-value",
                                             scopes, NULL);
  g_assert_cmpstr (deck_oauth_profile_get_client_secret (profile), ==, "s3cret-value");
  g_assert_true (g_strv_equal (deck_oauth_profile_get_scopes (profile), scopes));
  g_assert_cmpstr (deck_oauth_profile_get_redirect_path (profile), ==, "/callback");

  /* GitHub answers scopes comma-separated. */
  parsed = deck_oauth_scopes_parse ("repo,gist  repo\tuser:email");
  g_assert_cmpuint (g_strv_length (parsed), ==, 3);
  g_assert_cmpstr (parsed[0], ==, "repo");
  g_assert_cmpstr (parsed[1], ==, "gist");
  g_assert_cmpstr (parsed[2], ==, "user:email");
}

/* Custom: endpoints by hand or from discovery; OIDC Core §11 asks for
 * prompt=consent with offline_access, and nothing extra without it. */
static void
test_custom_profile (void)
{
  const char * const offline[] = { "openid", "offline_access", NULL };
  const char * const online[] = { "openid", "email", NULL };
  g_autoptr(DeckOAuthProfile) discovered = deck_oauth_profile_new ("ignored",
                                                                   "https://id.example.test/auth",
                                                                   "https://id.example.test/token");
  g_autoptr(DeckOAuthProfile) with_offline = NULL;
  g_autoptr(DeckOAuthProfile) without = NULL;
  g_autoptr(DeckOAuthProfile) by_hand = NULL;
  g_autoptr(DeckOAuthFlow) flow1 = NULL;
  g_autoptr(DeckOAuthFlow) flow2 = NULL;
  g_autoptr(GHashTable) params1 = NULL;
  g_autoptr(GHashTable) params2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url1 = NULL;
  g_autofree char *url2 = NULL;
  g_autofree char *base1 = NULL;
  g_autofree char *base2 = NULL;

  deck_oauth_profile_set_issuer (discovered, "https://id.example.test");
  deck_oauth_profile_set_revocation_endpoint (discovered, "https://id.example.test/revoke");

  with_offline = deck_oauth_custom_profile_new (discovered, "mine", "", NULL, NULL, offline);
  g_assert_true (deck_oauth_profile_validate (with_offline, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (deck_oauth_profile_get_client_id (with_offline), ==, "mine");
  g_assert_cmpstr (deck_oauth_profile_get_revocation_endpoint (with_offline), ==,
                   "https://id.example.test/revoke");
  g_assert_cmpstr (deck_oauth_profile_get_issuer (with_offline), ==, "https://id.example.test");
  g_assert_null (deck_oauth_profile_get_client_secret (with_offline));
  flow1 = deck_oauth_flow_new (with_offline);
  url1 = deck_oauth_flow_begin (flow1, &error);
  g_assert_no_error (error);
  params1 = query_of (url1, &base1);
  g_assert_cmpstr (base1, ==, "https://id.example.test/auth");
  g_assert_cmpstr (g_hash_table_lookup (params1, "prompt"), ==, "consent");
  g_assert_cmpstr (g_hash_table_lookup (params1, "scope"), ==, "openid offline_access");

  without = deck_oauth_custom_profile_new (NULL, "mine", "sh", "https://h.example.test/a",
                                           "https://h.example.test/t", online);
  g_assert_true (deck_oauth_profile_validate (without, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (deck_oauth_profile_get_client_secret (without), ==, "sh");
  g_assert_null (deck_oauth_profile_get_revocation_endpoint (without));
  flow2 = deck_oauth_flow_new (without);
  url2 = deck_oauth_flow_begin (flow2, &error);
  g_assert_no_error (error);
  params2 = query_of (url2, &base2);
  g_assert_cmpstr (base2, ==, "https://h.example.test/a");
  g_assert_null (g_hash_table_lookup (params2, "prompt"));

  /* Nothing typed: the profile does not validate (the dialog says why). */
  by_hand = deck_oauth_custom_profile_new (NULL, "mine", NULL, "", "", online);
  g_assert_false (deck_oauth_profile_validate (by_hand, &error));
  g_assert_nonnull (error);
}

static char *
fake_id_token (const char *payload)
{
  g_autofree char *b64 = g_base64_encode ((const guchar *) payload, strlen (payload));
  gsize len = strlen (b64);

  for (gsize i = 0; i < len; i++)
    b64[i] = b64[i] == '+' ? '-' : b64[i] == '/' ? '_' : b64[i];
  while (len > 0 && b64[len - 1] == '=')
    b64[--len] = '\0';

  return g_strconcat ("eyJhbGciOiJSUzI1NiJ9.", b64, ".c2lnbmF0dXJl", NULL);
}

static void
test_id_token_label (void)
{
  g_autofree char *with_email = fake_id_token ("{\"sub\":\"1\",\"email\":\"ada@example.org\"}");
  g_autofree char *with_name = fake_id_token ("{\"sub\":\"1\",\"name\":\"Ada L\"}");
  g_autofree char *only_sub = fake_id_token ("{\"sub\":\"1\"}");
  g_autofree char *label1 = deck_connection_label_from_id_token (with_email);
  g_autofree char *label2 = deck_connection_label_from_id_token (with_name);
  g_autofree char *label3 = deck_connection_label_from_id_token (only_sub);
  g_autofree char *label4 = deck_connection_label_from_id_token ("not.a.jwt!");
  g_autofree char *label5 = deck_connection_label_from_id_token ("onlyonepart");

  g_assert_cmpstr (label1, ==, "ada@example.org");
  g_assert_cmpstr (label2, ==, "Ada L");
  g_assert_null (label3);
  g_assert_null (label4);
  g_assert_null (label5);
}

static DeckOAuthTokens *
tokens_with_scope (const char *scope,
                   gboolean    refresh)
{
  DeckOAuthTokens *tokens = g_new0 (DeckOAuthTokens, 1);

  tokens->access_token = g_strdup ("access-abcdefgh");
  tokens->refresh_token = refresh ? g_strdup ("refresh-abcdefgh") : NULL;
  tokens->scope = scope ? g_strsplit (scope, " ", -1) : NULL;
  tokens->expires_at = g_date_time_new_now_utc ();
  return tokens;
}

static void
test_narrowed_grants (void)
{
  const char * const asked[] = { "openid", "email", "offline_access", "User.Read", NULL };
  g_autoptr(DeckConnection) ms = deck_connection_new (DECK_OAUTH_PRESET_MICROSOFT, "c");
  g_autoptr(DeckConnection) google = deck_connection_new (DECK_OAUTH_PRESET_GOOGLE, "c");
  g_autoptr(DeckOAuthTokens) ms_tokens = NULL;
  g_autoptr(DeckOAuthTokens) google_tokens = NULL;
  g_autoptr(DeckOAuthTokens) none = NULL;
  g_auto(GStrv) missing = NULL;
  g_auto(GStrv) missing2 = NULL;
  g_auto(GStrv) missing3 = NULL;

  /* Microsoft: full Graph URIs, no offline_access echoed, but a refresh
   * token: nothing is missing except what really is. */
  deck_connection_set_requested_scopes (ms, asked);
  ms_tokens = tokens_with_scope ("openid https://graph.microsoft.com/User.Read", TRUE);
  _deck_connection_apply_tokens (ms, ms_tokens, TRUE);
  missing = deck_connection_dup_missing_scopes (ms);
  g_assert_cmpuint (g_strv_length (missing), ==, 1);
  g_assert_cmpstr (missing[0], ==, "email");

  /* Google: userinfo URLs for the short names. */
  google_tokens = tokens_with_scope ("openid https://www.googleapis.com/auth/userinfo.email",
                                     TRUE);
  _deck_connection_apply_tokens (google, google_tokens, TRUE);
  missing2 = deck_connection_dup_missing_scopes (google);
  g_assert_cmpuint (g_strv_length (missing2), ==, 0);

  /* No `scope` in the answer: as requested (RFC 6749 §5.1). */
  none = tokens_with_scope (NULL, FALSE);
  _deck_connection_apply_tokens (google, none, TRUE);
  missing3 = deck_connection_dup_missing_scopes (google);
  g_assert_cmpuint (g_strv_length (missing3), ==, 0);
  g_assert_cmpint (deck_connection_get_refresh_state (google), ==,
                   DECK_CONNECTION_REFRESH_UNAVAILABLE);
}

static void
test_json_round_trip (void)
{
  g_autoptr(DeckConnection) connection = deck_connection_new (DECK_OAUTH_PRESET_SPOTIFY, "cid");
  g_autoptr(DeckConnection) back = NULL;
  g_autoptr(DeckOAuthTokens) tokens = tokens_with_scope ("user-read-email", TRUE);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *env = NULL;
  DeckConnectionDelivery delivery = { 0 };

  delivery.server_url = (char *) "https://ff.example";
  delivery.instance_id = (char *) "inst-1";
  delivery.instance_name = (char *) "My Instance";
  delivery.names[DECK_CONNECTION_ENV_CLIENT_ID] = (char *) "A_ID";
  delivery.names[DECK_CONNECTION_ENV_CLIENT_SECRET] = (char *) "A_SECRET";
  delivery.names[DECK_CONNECTION_ENV_REFRESH_TOKEN] = (char *) "A_REFRESH";
  delivery.names[DECK_CONNECTION_ENV_TOKEN_URL] = (char *) "A_URL";

  _deck_connection_apply_tokens (connection, tokens, TRUE);
  _deck_connection_set_account_label (connection, "ada@example.org");
  _deck_connection_set_delivery (connection, &delivery);
  json_node_take_object (node, deck_connection_to_json (connection));
  text = json_to_string (node, FALSE);

  g_assert_null (strstr (text, "access-abcdefgh"));
  g_assert_null (strstr (text, "refresh-abcdefgh"));

  back = deck_connection_new_from_json (json_node_get_object (node), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (deck_connection_get_id (back), ==, deck_connection_get_id (connection));
  g_assert_cmpint (deck_connection_get_preset (back), ==, DECK_OAUTH_PRESET_SPOTIFY);
  g_assert_cmpstr (deck_connection_get_account_label (back), ==, "ada@example.org");
  g_assert_cmpuint (deck_connection_get_deliveries (back)->len, ==, 1);
  g_assert_cmpstr (((DeckConnectionDelivery *) deck_connection_get_deliveries (back)->pdata[0])
                     ->names[DECK_CONNECTION_ENV_REFRESH_TOKEN], ==, "A_REFRESH");
  g_assert_nonnull (deck_connection_get_expires_at (back));

  env = deck_connection_dup_default_env_name (back, DECK_CONNECTION_ENV_TOKEN_URL);
  g_assert_cmpstr (env, ==, "OAUTH_SPOTIFY_TOKEN_URL");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *path = g_strdup_printf ("/oauth-presets/url/%s",
                                               deck_oauth_preset_get_info (expected[i].preset)->id);

      g_test_add_data_func (path, &expected[i], check_preset);
    }
  g_test_add_func ("/oauth-presets/secret-and-scopes", test_secret_and_scopes);
  g_test_add_func ("/oauth-presets/custom-profile", test_custom_profile);
  g_test_add_func ("/oauth-presets/id-token-label", test_id_token_label);
  g_test_add_func ("/oauth-presets/narrowed-grants", test_narrowed_grants);
  g_test_add_func ("/oauth-presets/json-round-trip", test_json_round_trip);

  return g_test_run ();
}
