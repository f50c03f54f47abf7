/* test-connections-peers.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * OAuth connections against the real peers (tests/peers/README.md):
 * oidc-provider as the Custom provider (discovery, consent by playing
 * the browser as test-oauth-peers.c does, granted scopes, account label,
 * refresh with rotation, revocation confirmed at /me, a narrowed grant)
 * and FlowFuse 2.4.0 for delivery (variables merged into the instance's
 * settings.env, secrets flagged hidden, other variables untouched,
 * removed on revoke). Needs the throwaway keyring of tests/harness.sh
 * (DECK_TEST_KEYRING=1); connections.json is grepped for every token.
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "deck-connection-store.h"
#include "deck-ff-env-var.h"
#include "deck-flowfuse-client.h"
#include "deck-oauth-flow.h"
#include "deck-oauth-profile.h"
#include "deck-secrets.h"
#include "deck-secure.h"
#include "deck-test-peers.h"
#include "deck-test-util.h"

static char *store_dir;

static gboolean
have_test_keyring (void)
{
  if (g_strcmp0 (g_getenv ("DECK_TEST_KEYRING"), "1") == 0)
    return TRUE;

  g_test_skip ("no throwaway keyring: run under tests/harness.sh, which starts gnome-keyring");
  return FALSE;
}

/*****************************************************************************
 * The browser (the minimum of test-oauth-peers.c, copied)
 *****************************************************************************/

typedef struct
{
  guint  status;
  char  *body;
  char  *location;
} Page;

static void
page_free (Page *page)
{
  g_free (page->body);
  g_free (page->location);
  g_free (page);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Page, page_free)

static SoupSession *
browser_new (void)
{
  SoupSession *session = soup_session_new ();
  g_autoptr(SoupCookieJar) jar = soup_cookie_jar_new ();

  soup_session_add_feature (session, SOUP_SESSION_FEATURE (jar));
  return session;
}

static Page *
browser_send (SoupSession *session,
              SoupMessage *msg)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  const char *location;
  Page *page;

  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL,
                                    deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 30);
  body = soup_session_send_and_read_finish (session, result, &error);
  g_assert_no_error (error);

  page = g_new0 (Page, 1);
  page->status = soup_message_get_status (msg);
  page->body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  location = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location");
  if (location != NULL)
    {
      g_autoptr(GUri) resolved = g_uri_parse_relative (soup_message_get_uri (msg), location,
                                                       SOUP_HTTP_URI_FLAGS, NULL);

      g_assert_nonnull (resolved);
      page->location = g_uri_to_string (resolved);
    }
  return page;
}

static Page *
browser_get (SoupSession *session,
             const char  *url)
{
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, url);

  g_assert_nonnull (msg);
  return browser_send (session, msg);
}

static char *
match_group (const char *pattern,
             const char *text)
{
  g_autoptr(GRegex) regex = g_regex_new (pattern, G_REGEX_CASELESS, 0, NULL);
  g_autoptr(GMatchInfo) info = NULL;
  g_autofree char *raw = NULL;
  g_auto(GStrv) parts = NULL;

  if (!g_regex_match (regex, text, 0, &info))
    return NULL;

  raw = g_match_info_fetch (info, 1);
  parts = g_strsplit (raw, "&amp;", -1);
  return g_strjoinv ("&", parts);
}

/* oidc-provider's devInteractions: follow 3xx, post the login and
 * consent forms, stop at the loopback redirect and deliver it. */
static void
drive_oidc (SoupSession *session,
            const char  *authorization_url,
            const char  *redirect_uri)
{
  g_autofree char *url = g_strdup (authorization_url);

  for (guint step = 0; step < 20; step++)
    {
      g_autoptr(Page) page = browser_get (session, url);
      g_autofree char *action = NULL;
      g_autofree char *prompt = NULL;
      g_autofree char *body = NULL;
      g_autoptr(SoupMessage) msg = NULL;
      g_autoptr(Page) posted = NULL;

      if (page->status >= 300 && page->status < 400)
        {
          g_assert_nonnull (page->location);
          g_free (url);
          url = g_strdup (page->location);

          if (g_str_has_prefix (url, redirect_uri))
            {
              g_autoptr(Page) done = browser_get (session, url);

              g_assert_cmpuint (done->status, ==, 200);
              return;
            }
          continue;
        }

      g_assert_cmpuint (page->status, ==, 200);
      action = match_group ("<form[^>]*action=\"([^\"]+)\"", page->body);
      prompt = match_group ("<input[^>]*name=\"prompt\"[^>]*value=\"([^\"]*)\"", page->body);
      g_assert_nonnull (action);
      g_assert_nonnull (prompt);

      if (g_strcmp0 (prompt, "login") == 0)
        body = soup_form_encode ("prompt", "login", "login", "tester",
                                 "password", "any-non-empty-password", NULL);
      else
        body = soup_form_encode ("prompt", prompt, NULL);

      msg = soup_message_new_from_encoded_form (SOUP_METHOD_POST, action,
                                                g_steal_pointer (&body));
      posted = browser_send (session, msg);
      g_assert_cmpuint (posted->status, >=, 300);
      g_assert_cmpuint (posted->status, <, 400);
      g_free (url);
      url = g_strdup (posted->location);
    }

  g_error ("The oidc-provider pages did not end at the redirect URI");
}

static guint
get_with_bearer (const char *url,
                 const char *token)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, url);
  g_autofree char *header = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(Page) page = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
  page = browser_send (session, msg);
  return page->status;
}

/*****************************************************************************
 * Helpers
 *****************************************************************************/

static DeckOAuthProfile *
custom_profile (JsonObject         *peer,
                const char * const *scopes,
                gboolean            consent)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  DeckOAuthProfile *profile;

  deck_oauth_profile_discover_async (deck_test_peers_get_string (peer, "issuer"),
                                     deck_test_peers_get_string (peer, "client_id"), NULL,
                                     deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 30);
  profile = deck_oauth_profile_discover_finish (result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (deck_oauth_profile_get_revocation_endpoint (profile));
  g_assert_nonnull (deck_oauth_profile_get_userinfo_endpoint (profile));

  deck_oauth_profile_set_scopes (profile, scopes);
  if (consent)
    deck_oauth_profile_set_extra_param (profile, "prompt", "consent");
  return profile;
}

static DeckOAuthTokens *
consent (DeckOAuthProfile *profile)
{
  g_autoptr(DeckOAuthFlow) flow = deck_oauth_flow_new (profile);
  g_autoptr(SoupSession) browser = browser_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  GAsyncResult *slot = NULL;
  DeckOAuthTokens *tokens;

  url = deck_oauth_flow_begin (flow, &error);
  g_assert_no_error (error);
  deck_oauth_flow_run_async (flow, 60, NULL, deck_test_store_result_cb, &slot);
  drive_oidc (browser, url, deck_oauth_flow_get_redirect_uri (flow));
  result = deck_test_wait_result (&slot, 30);
  tokens = deck_oauth_flow_run_finish (flow, result, &error);
  g_assert_no_error (error);
  return tokens;
}

static DeckConnectionStore *
new_store (void)
{
  g_autofree char *path = g_build_filename (store_dir, "connections.json", NULL);

  g_remove (path);
  return deck_connection_store_new (path);
}

static char *
keyring_lookup (DeckSecretKind  kind,
                const char     *id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  char *secret;

  deck_secrets_lookup_async (kind, id, NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 30);
  secret = deck_secrets_lookup_finish (result, &error);
  g_assert_no_error (error);
  return secret;
}

static char *
keyring_refresh_token (const char *id)
{
  g_auto(DeckSecureString) secret = keyring_lookup (DECK_SECRET_KIND_OAUTH, id);
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_nonnull (secret);
  g_assert_true (json_parser_load_from_data (parser, secret, -1, NULL));
  return g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                  "refresh_token"));
}

static void
add_connection (DeckConnectionStore   *store,
                DeckConnection        *connection,
                const DeckOAuthTokens *tokens)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  deck_connection_store_add_async (store, connection, NULL, tokens, NULL,
                                   deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 30);
  g_assert_true (deck_connection_store_add_finish (store, result, &error));
  g_assert_no_error (error);
}

static void
assert_file_free_of (DeckConnectionStore *store,
                     const char          *value)
{
  g_autofree char *contents = NULL;

  if (value == NULL)
    return;
  if (!g_file_get_contents (deck_connection_store_get_path (store), &contents, NULL, NULL))
    return;
  g_assert_null (strstr (contents, value));
}

static void
set_env (DeckFlowfuseClient *client,
         const char         *instance_id,
         GListModel         *env)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  deck_flowfuse_client_set_instance_env_async (client, instance_id, env, NULL,
                                               deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 30);
  g_assert_true (deck_flowfuse_client_set_instance_env_finish (client, result, &error));
  g_assert_no_error (error);
}

static DeckFlowfuseClient *
client_for (const char *server_url,
            gpointer    user_data)
{
  DeckFlowfuseClient *client = user_data;

  return g_strcmp0 (server_url, deck_flowfuse_client_get_base_url (client)) == 0 ? client : NULL;
}

/*****************************************************************************
 * Tests
 *****************************************************************************/

static void
test_connection_lifecycle (void)
{
  const char * const scopes[] = { "openid", "profile", "email", "offline_access", NULL };
  JsonObject *oidc = deck_test_peers_get ("oidc");
  JsonObject *ff = deck_test_peers_get ("flowfuse");
  g_autoptr(DeckOAuthProfile) profile = NULL;
  g_autoptr(DeckOAuthTokens) tokens = NULL;
  g_autoptr(DeckConnectionStore) store = NULL;
  g_autoptr(DeckConnection) connection = NULL;
  g_autoptr(DeckFlowfuseClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) missing = NULL;
  g_autofree char *first_refresh = NULL;
  g_autofree char *newest_refresh = NULL;
  g_autofree char *me = NULL;
  g_auto(DeckSecureString) access = NULL;
  g_auto(DeckSecureString) leftover = NULL;
  GAsyncResult *slot = NULL;
  const char *instance_id = NULL;
  const char *id;
  gboolean masked = TRUE;
  gboolean revoked = FALSE;
  struct stat st;

  if (oidc == NULL || !have_test_keyring ())
    return;

  /* Discovery and consent, as the Custom provider. */
  profile = custom_profile (oidc, scopes, TRUE);
  me = g_strdup (deck_oauth_profile_get_userinfo_endpoint (profile));
  tokens = consent (profile);
  first_refresh = g_strdup (tokens->refresh_token);
  g_assert_nonnull (first_refresh);

  store = new_store ();
  connection = deck_connection_new_for_profile (DECK_OAUTH_PRESET_CUSTOM, profile);
  id = deck_connection_get_id (connection);
  add_connection (store, connection, tokens);

  /* Granted scopes and the account label (the ID token holds only `sub`,
   * so the label comes from /me). */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_true (g_strv_contains (deck_connection_get_granted_scopes (connection),
                                  "offline_access"));
  missing = deck_connection_dup_missing_scopes (connection);
  g_assert_cmpuint (g_strv_length (missing), ==, 0);
  g_assert_cmpstr (deck_connection_get_account_label (connection), ==, "tester@example.test");
  g_assert_nonnull (deck_connection_get_expires_at (connection));
  g_assert_cmpint (deck_connection_get_refresh_state (connection), ==,
                   DECK_CONNECTION_REFRESH_IDLE);
  /* Renewal before expiry, as the app has it (taken off on delivery). */
  deck_connection_store_set_auto_refresh (store, 300);
  g_assert_cmpuint (deck_connection_store_get_n_scheduled (store), ==, 1);

  /* S1: secrets in the keyring, none in the file; the file is 0600. */
  g_assert_cmpint (g_stat (deck_connection_store_get_path (store), &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  assert_file_free_of (store, tokens->access_token);
  assert_file_free_of (store, tokens->refresh_token);
  {
    g_autofree char *stored = keyring_refresh_token (id);

    g_assert_cmpstr (stored, ==, first_refresh);
  }

  /* The access token as stored. */
  deck_connection_store_get_access_token_async (store, connection, NULL,
                                                deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 30);
  access = deck_connection_store_get_access_token_finish (store, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (access, ==, tokens->access_token);
  g_clear_object (&result);
  deck_secure_clear (&access);

  /* Refresh, twice at once: serialised, one rotation, newest kept. */
  {
    g_autoptr(GAsyncResult) r1 = NULL;
    g_autoptr(GAsyncResult) r2 = NULL;
    GAsyncResult *s1 = NULL, *s2 = NULL;

    deck_connection_store_refresh_async (store, connection, NULL, deck_test_store_result_cb, &s1);
    deck_connection_store_refresh_async (store, connection, NULL, deck_test_store_result_cb, &s2);
    g_assert_cmpint (deck_connection_get_refresh_state (connection), ==,
                     DECK_CONNECTION_REFRESH_RUNNING);
    r1 = deck_test_wait_result (&s1, 30);
    r2 = deck_test_wait_result (&s2, 30);
    g_assert_true (deck_connection_store_refresh_finish (store, r1, &error));
    g_assert_no_error (error);
    g_assert_true (deck_connection_store_refresh_finish (store, r2, &error));
    g_assert_no_error (error);
  }
  newest_refresh = keyring_refresh_token (id);
  g_assert_cmpstr (newest_refresh, !=, first_refresh);
  g_assert_cmpint (deck_connection_get_refresh_state (connection), ==,
                   DECK_CONNECTION_REFRESH_IDLE);
  assert_file_free_of (store, newest_refresh);

  deck_connection_store_get_access_token_async (store, connection, NULL,
                                                deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 30);
  access = deck_connection_store_get_access_token_finish (store, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpstr (access, !=, tokens->access_token);
  g_assert_cmpuint (get_with_bearer (me, access), ==, 200);

  /* Delivery to the real FlowFuse instance. */
  if (ff != NULL)
    {
      g_autoptr(GListStore) seed = g_list_store_new (DECK_TYPE_FF_ENV_VAR);
      g_autoptr(DeckFfEnvVar) keep = deck_ff_env_var_new ("FLOWDECK_TEST_KEEP", "keep-me", FALSE);
      g_autoptr(GListModel) before = NULL;
      g_autoptr(GListModel) env = NULL;
      g_autoptr(DeckFfEnvVar) v_id = NULL;
      g_autoptr(DeckFfEnvVar) v_secret = NULL;
      g_autoptr(DeckFfEnvVar) v_refresh = NULL;
      g_autoptr(DeckFfEnvVar) v_url = NULL;
      g_autoptr(DeckFfEnvVar) v_keep = NULL;
      const DeckConnectionDelivery *delivery;

      client = deck_flowfuse_client_new (deck_test_peers_get_string (ff, "url"), &error);
      g_assert_no_error (error);
      deck_flowfuse_client_set_token (client, deck_test_peers_get_string (ff, "pat"));
      instance_id = deck_test_peers_get_string (ff, "instance.id");

      /* A variable someone else set, which must survive. */
      before = deck_test_instance_env (client, instance_id);
      for (guint i = 0; i < g_list_model_get_n_items (before); i++)
        {
          g_autoptr(DeckFfEnvVar) var = g_list_model_get_item (before, i);

          if (g_strcmp0 (deck_ff_env_var_get_name (var), "FLOWDECK_TEST_KEEP") != 0)
            g_list_store_append (seed, var);
        }
      g_list_store_append (seed, keep);
      set_env (client, instance_id, G_LIST_MODEL (seed));

      deck_connection_store_deliver_async (store, connection, client, instance_id,
                                           deck_test_peers_get_string (ff, "instance.name"), NULL,
                                           NULL, deck_test_store_result_cb, &slot);
      result = deck_test_wait_result (&slot, 30);
      g_assert_true (deck_connection_store_deliver_finish (store, result, &masked, &error));
      g_assert_no_error (error);
      g_clear_object (&result);
      /* FlowFuse 2.4.0 keeps `hidden` but does not mask the value. */
      g_assert_false (masked);

      env = deck_test_instance_env (client, instance_id);
      v_id = deck_test_find_env_var (env, "OAUTH_CUSTOM_CLIENT_ID");
      v_secret = deck_test_find_env_var (env, "OAUTH_CUSTOM_CLIENT_SECRET");
      v_refresh = deck_test_find_env_var (env, "OAUTH_CUSTOM_REFRESH_TOKEN");
      v_url = deck_test_find_env_var (env, "OAUTH_CUSTOM_TOKEN_URL");
      v_keep = deck_test_find_env_var (env, "FLOWDECK_TEST_KEEP");
      g_assert_nonnull (v_id);
      g_assert_cmpstr (deck_ff_env_var_get_value (v_id), ==, "flowdeck-test");
      g_assert_false (deck_ff_env_var_get_hidden (v_id));
      g_assert_null (v_secret);   /* a public client has none */
      g_assert_nonnull (v_refresh);
      g_assert_true (deck_ff_env_var_get_hidden (v_refresh));
      g_assert_cmpstr (deck_ff_env_var_get_value (v_refresh), ==, newest_refresh);
      g_assert_nonnull (v_url);
      g_assert_cmpstr (deck_ff_env_var_get_value (v_url), ==,
                       deck_connection_get_token_endpoint (connection));
      g_assert_nonnull (v_keep);
      g_assert_cmpstr (deck_ff_env_var_get_value (v_keep), ==, "keep-me");

      g_assert_cmpuint (deck_connection_get_deliveries (connection)->len, ==, 1);
      delivery = g_ptr_array_index (deck_connection_get_deliveries (connection), 0);
      g_assert_cmpstr (delivery->instance_id, ==, instance_id);
      g_assert_null (delivery->names[DECK_CONNECTION_ENV_CLIENT_SECRET]);
      assert_file_free_of (store, newest_refresh);

      /* The instance holds the refresh token now: Flowdeck neither
       * renews nor refreshes (it would rotate the flow's copy away),
       * and says why. The access token in hand still works. */
      g_assert_true (deck_connection_get_refresh_holder (connection) == delivery);
      g_assert_cmpuint (deck_connection_store_get_n_scheduled (store), ==, 0);
      deck_connection_store_refresh_async (store, connection, NULL, deck_test_store_result_cb,
                                           &slot);
      result = deck_test_wait_result (&slot, 30);
      g_assert_false (deck_connection_store_refresh_finish (store, result, &error));
      g_assert_error (error, DECK_CONNECTION_STORE_ERROR, DECK_CONNECTION_STORE_ERROR_HANDED_OVER);
      g_assert_nonnull (strstr (error->message, deck_test_peers_get_string (ff, "instance.name")));
      g_clear_error (&error);
      g_clear_object (&result);
      {
        g_autofree char *still = keyring_refresh_token (id);

        g_assert_cmpstr (still, ==, newest_refresh);
      }

      /* Taken back from the instance: its other variables stay, and
       * Flowdeck renews again. */
      deck_connection_store_undeliver_async (store, connection, client, instance_id, NULL,
                                             deck_test_store_result_cb, &slot);
      result = deck_test_wait_result (&slot, 30);
      g_assert_true (deck_connection_store_undeliver_finish (store, result, &error));
      g_assert_no_error (error);
      g_clear_object (&result);
      g_assert_null (deck_connection_get_refresh_holder (connection));
      g_assert_cmpuint (deck_connection_get_deliveries (connection)->len, ==, 0);
      g_assert_cmpuint (deck_connection_store_get_n_scheduled (store), ==, 1);
      {
        g_autoptr(GListModel) after = deck_test_instance_env (client, instance_id);
        g_autoptr(DeckFfEnvVar) gone = deck_test_find_env_var (after, "OAUTH_CUSTOM_REFRESH_TOKEN");
        g_autoptr(DeckFfEnvVar) kept = deck_test_find_env_var (after, "FLOWDECK_TEST_KEEP");

        g_assert_null (gone);
        g_assert_nonnull (kept);
      }

      /* Delivered again, for the revocation below to take back. */
      deck_connection_store_deliver_async (store, connection, client, instance_id,
                                           deck_test_peers_get_string (ff, "instance.name"), NULL,
                                           NULL, deck_test_store_result_cb, &slot);
      result = deck_test_wait_result (&slot, 30);
      g_assert_true (deck_connection_store_deliver_finish (store, result, NULL, &error));
      g_assert_no_error (error);
      g_clear_object (&result);
      g_assert_cmpuint (deck_connection_store_get_n_scheduled (store), ==, 0);

      deck_connection_store_set_client_func (store, client_for, g_object_ref (client),
                                             g_object_unref);
    }

  /* Revoke: RFC 7009 at the provider, confirmed at /me; the instance
   * loses the variables; keyring and file forget the connection. */
  deck_connection_store_revoke_async (store, connection, NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 30);
  g_assert_true (deck_connection_store_revoke_finish (store, result, &revoked, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_true (revoked);
  g_assert_cmpuint (get_with_bearer (me, access), ==, 401);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  leftover = keyring_lookup (DECK_SECRET_KIND_OAUTH, id);
  g_assert_null (leftover);
  assert_file_free_of (store, id);

  if (ff != NULL)
    {
      g_autoptr(GListModel) env = deck_test_instance_env (client, instance_id);
      g_autoptr(DeckFfEnvVar) v_refresh = deck_test_find_env_var (env, "OAUTH_CUSTOM_REFRESH_TOKEN");
      g_autoptr(DeckFfEnvVar) v_id = deck_test_find_env_var (env, "OAUTH_CUSTOM_CLIENT_ID");
      g_autoptr(DeckFfEnvVar) v_keep = deck_test_find_env_var (env, "FLOWDECK_TEST_KEEP");
      g_autoptr(DeckFfEnvVar) v_platform = deck_test_find_env_var (env, "FF_INSTANCE_ID");

      g_assert_null (v_refresh);
      g_assert_null (v_id);
      g_assert_nonnull (v_keep);
      g_assert_cmpstr (deck_ff_env_var_get_value (v_keep), ==, "keep-me");
      g_assert_nonnull (v_platform);
    }
}

static void
test_narrowed_grant (void)
{
  /* oidc-provider drops offline_access without a consent prompt, and
   * ignores a scope it does not know. */
  const char * const scopes[] = { "openid", "email", "offline_access", "calendar.read", NULL };
  JsonObject *oidc = deck_test_peers_get ("oidc");
  g_autoptr(DeckOAuthProfile) profile = NULL;
  g_autoptr(DeckOAuthTokens) tokens = NULL;
  g_autoptr(DeckConnectionStore) store = NULL;
  g_autoptr(DeckConnection) connection = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) missing = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *granted = NULL;
  GAsyncResult *slot = NULL;

  if (oidc == NULL || !have_test_keyring ())
    return;

  profile = custom_profile (oidc, scopes, FALSE);
  tokens = consent (profile);
  store = new_store ();
  connection = deck_connection_new_for_profile (DECK_OAUTH_PRESET_CUSTOM, profile);
  add_connection (store, connection, tokens);

  missing = deck_connection_dup_missing_scopes (connection);
  joined = g_strjoinv (" ", missing);
  granted = tokens->scope ? g_strjoinv (" ", tokens->scope) : g_strdup ("(not listed)");
  g_test_message ("granted: %s; missing: %s", granted, joined);
  g_assert_true (g_strv_contains ((const char * const *) missing, "calendar.read"));
  g_assert_true (g_strv_contains ((const char * const *) missing, "offline_access"));
  g_assert_false (g_strv_contains ((const char * const *) missing, "openid"));
  g_assert_false (g_strv_contains ((const char * const *) missing, "email"));

  /* Cleanup through remove (local only). */
  deck_connection_store_remove_async (store, connection, NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 30);
  g_assert_true (deck_connection_store_remove_finish (store, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
}

static void
test_reload (void)
{
  const char * const scopes[] = { "openid", "email", "offline_access", NULL };
  JsonObject *oidc = deck_test_peers_get ("oidc");
  g_autoptr(DeckOAuthProfile) profile = NULL;
  g_autoptr(DeckOAuthTokens) tokens = NULL;
  g_autoptr(DeckConnectionStore) store = NULL;
  g_autoptr(DeckConnectionStore) again = NULL;
  g_autoptr(DeckConnection) connection = NULL;
  g_autoptr(DeckConnection) loaded = NULL;
  g_autoptr(DeckOAuthProfile) rebuilt = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  if (oidc == NULL || !have_test_keyring ())
    return;

  profile = custom_profile (oidc, scopes, TRUE);
  tokens = consent (profile);
  store = new_store ();
  connection = deck_connection_new_for_profile (DECK_OAUTH_PRESET_CUSTOM, profile);
  add_connection (store, connection, tokens);

  again = deck_connection_store_new (deck_connection_store_get_path (store));
  deck_connection_store_load_async (again, NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 30);
  g_assert_true (deck_connection_store_load_finish (again, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 1);
  loaded = g_list_model_get_item (G_LIST_MODEL (again), 0);
  g_assert_cmpstr (deck_connection_get_id (loaded), ==, deck_connection_get_id (connection));
  g_assert_cmpstr (deck_connection_get_account_label (loaded), ==, "tester@example.test");

  /* The rebuilt profile carries the consent prompt and the iss check. */
  rebuilt = deck_connection_build_profile (loaded, NULL);
  g_assert_cmpstr (g_hash_table_lookup (deck_oauth_profile_get_extra_params (rebuilt), "prompt"),
                   ==, "consent");
  g_assert_true (deck_oauth_profile_get_require_iss (rebuilt));

  /* A refresh through the reloaded store works (secrets from the keyring). */
  deck_connection_store_refresh_async (again, loaded, NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 30);
  g_assert_true (deck_connection_store_refresh_finish (again, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  deck_connection_store_revoke_async (again, loaded, NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 30);
  g_assert_true (deck_connection_store_revoke_finish (again, result, NULL, &error));
  g_assert_no_error (error);
}

/* Renewal before expiry: a token said to expire in 4 s is renewed in the
 * background (2 s lead, so after half the time left) with no call from
 * the test; the keyring then holds the rotated refresh token and the
 * next renewal is scheduled against the new expiry. Turning it off
 * unschedules. */
static void
test_auto_refresh (void)
{
  const char * const scopes[] = { "openid", "email", "offline_access", NULL };
  JsonObject *oidc = deck_test_peers_get ("oidc");
  g_autoptr(DeckOAuthProfile) profile = NULL;
  g_autoptr(DeckOAuthTokens) tokens = NULL;
  g_autoptr(DeckConnectionStore) store = NULL;
  g_autoptr(DeckConnection) connection = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *first_refresh = NULL;
  g_autofree char *renewed = NULL;
  gint64 deadline;

  if (oidc == NULL || !have_test_keyring ())
    return;

  profile = custom_profile (oidc, scopes, TRUE);
  tokens = consent (profile);
  first_refresh = g_strdup (tokens->refresh_token);
  now = g_date_time_new_now_utc ();
  g_clear_pointer (&tokens->expires_at, g_date_time_unref);
  tokens->expires_at = g_date_time_add_seconds (now, 4);

  store = new_store ();
  connection = deck_connection_new_for_profile (DECK_OAUTH_PRESET_CUSTOM, profile);
  add_connection (store, connection, tokens);
  g_assert_cmpuint (deck_connection_store_get_n_scheduled (store), ==, 0);

  deck_connection_store_set_auto_refresh (store, 2);
  g_assert_cmpuint (deck_connection_store_get_n_scheduled (store), ==, 1);

  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      GDateTime *expires_at = deck_connection_get_expires_at (connection);

      if (expires_at != NULL && g_date_time_difference (expires_at, now) > 600 * G_TIME_SPAN_SECOND &&
          deck_connection_get_refresh_state (connection) == DECK_CONNECTION_REFRESH_IDLE)
        break;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
    }

  /* oidc-provider's access tokens live an hour. */
  g_assert_cmpint (g_date_time_difference (deck_connection_get_expires_at (connection), now), >,
                   3000 * G_TIME_SPAN_SECOND);
  g_assert_cmpint (deck_connection_get_refresh_state (connection), ==,
                   DECK_CONNECTION_REFRESH_IDLE);
  renewed = keyring_refresh_token (deck_connection_get_id (connection));
  g_assert_cmpstr (renewed, !=, first_refresh);
  g_assert_cmpuint (deck_connection_store_get_n_scheduled (store), ==, 1);

  deck_connection_store_set_auto_refresh (store, 0);
  g_assert_cmpuint (deck_connection_store_get_n_scheduled (store), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  store_dir = g_dir_make_tmp ("flowdeck-connections-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/connections-peers/lifecycle", test_connection_lifecycle);
  g_test_add_func ("/connections-peers/narrowed-grant", test_narrowed_grant);
  g_test_add_func ("/connections-peers/reload", test_reload);
  g_test_add_func ("/connections-peers/auto-refresh", test_auto_refresh);

  ret = g_test_run ();

  {
    g_autofree char *path = g_build_filename (store_dir, "connections.json", NULL);

    g_remove (path);
    g_rmdir (store_dir);
    g_free (store_dir);
  }
  return ret;
}
