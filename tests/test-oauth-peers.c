/* test-oauth-peers.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The OAuth flow against the real peers (tests/peers/README.md): the
 * oidc-provider server (discovery, code + PKCE, refresh rotation,
 * revocation, access_denied, a replayed code) and FlowFuse's `ff-plugin`
 * client. The test plays the browser with its own SoupSession and cookie
 * jar, and the last hop reaches the catcher's real HTTP server. Every log
 * message is captured with G_MESSAGES_DEBUG=all and checked for the code,
 * tokens, verifier and state (S2).
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "deck-oauth-flow.h"
#include "deck-oauth-profile.h"
#include "deck-test-peers.h"
#include "deck-test-util.h"

/*****************************************************************************
 * Log capture (S2)
 *****************************************************************************/

static GPtrArray *captured_logs;
static GPtrArray *secrets_seen;

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  g_autoptr(GString) line = g_string_new (NULL);

  for (gsize i = 0; i < n_fields; i++)
    {
      g_string_append_printf (line, "%s=", fields[i].key);
      if (fields[i].length < 0)
        g_string_append (line, fields[i].value);
      else
        g_string_append_len (line, fields[i].value, fields[i].length);
      g_string_append_c (line, ' ');
    }
  g_ptr_array_add (captured_logs, g_string_free (g_steal_pointer (&line), FALSE));

  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (log_level, fields, n_fields, user_data);

  return G_LOG_WRITER_HANDLED;
}

static void
remember_secret (const char *value)
{
  if (value != NULL && strlen (value) >= 8)
    g_ptr_array_add (secrets_seen, g_strdup (value));
}

static void
remember_tokens (const DeckOAuthTokens *tokens)
{
  remember_secret (tokens->access_token);
  remember_secret (tokens->refresh_token);
  remember_secret (tokens->id_token);
}

/*****************************************************************************
 * The browser
 *****************************************************************************/

typedef struct
{
  guint  status;
  char  *body;
  char  *location;   /* absolute, or NULL */
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

/* Sends @msg without following redirects, iterating the main context so
 * that the catcher (in this thread) can answer. */
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
html_unescape_amp (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "&amp;", -1);

  return g_strjoinv ("&", parts);
}

static char *
match_group (const char *pattern,
             const char *text)
{
  g_autoptr(GRegex) regex = g_regex_new (pattern, G_REGEX_CASELESS, 0, NULL);
  g_autoptr(GMatchInfo) info = NULL;
  g_autofree char *raw = NULL;

  g_assert_nonnull (regex);
  if (!g_regex_match (regex, text, 0, &info))
    return NULL;

  raw = g_match_info_fetch (info, 1);
  return html_unescape_amp (raw);
}

/* Drives oidc-provider's devInteractions pages as README.md describes:
 * follow 3xx; on a page, post its form (login, then consent), or with
 * @abort follow the "[ Cancel ]" link. Stops when a Location points at
 * @redirect_uri and sends that last request to the catcher. Returns the
 * callback URL. */
static char *
drive_oidc (SoupSession *session,
            const char  *authorization_url,
            const char  *redirect_uri,
            const char  *login,
            gboolean     abort)
{
  g_autofree char *url = g_strdup (authorization_url);

  for (guint step = 0; step < 20; step++)
    {
      g_autoptr(Page) page = browser_get (session, url);

      if (page->status >= 300 && page->status < 400)
        {
          g_assert_nonnull (page->location);
          g_free (url);
          url = g_strdup (page->location);

          if (g_str_has_prefix (url, redirect_uri))
            {
              /* The last hop reaches the catcher's real server. */
              g_autoptr(Page) done = browser_get (session, url);

              g_assert_cmpuint (done->status, ==, 200);
              g_assert_nonnull (strstr (done->body, "Flowdeck"));
              return g_steal_pointer (&url);
            }
          continue;
        }

      g_assert_cmpuint (page->status, ==, 200);
      {
        g_autofree char *action = match_group ("<form[^>]*action=\"([^\"]+)\"", page->body);
        g_autofree char *prompt = match_group ("<input[^>]*name=\"prompt\"[^>]*value=\"([^\"]*)\"",
                                               page->body);
        g_autoptr(SoupMessage) msg = NULL;
        g_autoptr(Page) posted = NULL;
        g_autofree char *body = NULL;

        g_assert_nonnull (action);
        g_assert_nonnull (prompt);
        g_test_message ("oidc page step %u: prompt=%s", step, prompt);

        if (abort)
          {
            g_free (url);
            url = g_strconcat (action, "/abort", NULL);
            continue;
          }

        if (g_strcmp0 (prompt, "login") == 0)
          body = soup_form_encode ("prompt", "login", "login", login,
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
    }

  g_error ("The oidc-provider pages did not end at the redirect URI");
}

/* The code in a callback URL (for the S2 check and the replay test). */
static char *
code_of (const char *callback_url)
{
  g_autoptr(GUri) uri = g_uri_parse (callback_url, G_URI_FLAGS_ENCODED_QUERY, NULL);
  g_autoptr(GHashTable) params = NULL;

  g_assert_nonnull (uri);
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_WWW_FORM, NULL);
  return g_strdup (g_hash_table_lookup (params, "code"));
}

static void
remember_url_secrets (DeckOAuthFlow *flow,
                      const char    *authorization_url)
{
  g_autoptr(GUri) uri = g_uri_parse (authorization_url, G_URI_FLAGS_ENCODED_QUERY, NULL);
  g_autoptr(GHashTable) params = NULL;

  g_assert_nonnull (uri);
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_WWW_FORM, NULL);
  remember_secret (g_hash_table_lookup (params, "state"));
  remember_secret (_deck_oauth_flow_peek_verifier (flow));
}

/* GET @url with a bearer token; returns the status and the body. */
static guint
get_with_bearer (const char  *url,
                 const char  *token,
                 char       **out_body)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, url);
  g_autofree char *header = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(Page) page = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
  page = browser_send (session, msg);
  if (out_body != NULL)
    *out_body = g_steal_pointer (&page->body);
  return page->status;
}

/*****************************************************************************
 * oidc-provider
 *****************************************************************************/

static DeckOAuthProfile *
discover (const char  *issuer,
          const char  *client_id,
          GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  deck_oauth_profile_discover_async (issuer, client_id, NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 30);
  return deck_oauth_profile_discover_finish (result, error);
}

static DeckOAuthProfile *
oidc_profile (JsonObject *peer)
{
  const char * const scopes[] = { "openid", "profile", "email", "offline_access", NULL };
  g_autoptr(GError) error = NULL;
  DeckOAuthProfile *profile;

  profile = discover (deck_test_peers_get_string (peer, "issuer"),
                      deck_test_peers_get_string (peer, "client_id"), &error);
  g_assert_no_error (error);
  deck_oauth_profile_set_scopes (profile, scopes);
  deck_oauth_profile_set_extra_param (profile, "prompt", "consent");
  return profile;
}

/* A whole flow; returns the tokens (or NULL with @error) and, in
 * @out_callback, the callback URL the browser was sent to. */
static DeckOAuthTokens *
oidc_flow (DeckOAuthProfile  *profile,
           gboolean           abort,
           char             **out_callback,
           GError           **error)
{
  g_autoptr(DeckOAuthFlow) flow = deck_oauth_flow_new (profile);
  g_autoptr(SoupSession) browser = browser_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *url = NULL;
  g_autofree char *callback = NULL;
  GAsyncResult *slot = NULL;

  url = deck_oauth_flow_begin (flow, error);
  g_assert_nonnull (url);
  remember_url_secrets (flow, url);

  deck_oauth_flow_run_async (flow, 60, NULL, deck_test_store_result_cb, &slot);
  callback = drive_oidc (browser, url, deck_oauth_flow_get_redirect_uri (flow), "tester", abort);
  {
    g_autofree char *code = code_of (callback);

    remember_secret (code);
  }

  result = deck_test_wait_result (&slot, 30);
  if (out_callback != NULL)
    *out_callback = g_steal_pointer (&callback);
  return deck_oauth_flow_run_finish (flow, result, error);
}

static DeckOAuthTokens *
refresh (DeckOAuthProfile  *profile,
         const char        *refresh_token,
         GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  DeckOAuthTokens *tokens;

  deck_oauth_refresh_async (profile, refresh_token, NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 30);
  tokens = deck_oauth_refresh_finish (result, error);
  if (tokens != NULL)
    remember_tokens (tokens);
  return tokens;
}

static gboolean
revoke_token (DeckOAuthProfile  *profile,
              const char        *token,
              const char        *hint,
              GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  deck_oauth_revoke_async (profile, token, hint, NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 30);
  return deck_oauth_revoke_finish (result, error);
}

static void
test_oidc_discovery (void)
{
  JsonObject *peer = deck_test_peers_get ("oidc");
  g_autoptr(DeckOAuthProfile) profile = NULL;
  g_autoptr(DeckOAuthProfile) wrong = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *with_slash = NULL;
  const char *issuer;

  if (peer == NULL)
    return;

  issuer = deck_test_peers_get_string (peer, "issuer");
  profile = discover (issuer, "flowdeck-test", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (deck_oauth_profile_get_issuer (profile), ==, issuer);
  g_assert_true (g_str_has_prefix (deck_oauth_profile_get_authorization_endpoint (profile), issuer));
  g_assert_true (g_str_has_suffix (deck_oauth_profile_get_authorization_endpoint (profile), "/auth"));
  g_assert_true (g_str_has_suffix (deck_oauth_profile_get_token_endpoint (profile), "/token"));
  g_assert_true (g_str_has_suffix (deck_oauth_profile_get_revocation_endpoint (profile),
                                   "/token/revocation"));
  g_assert_true (g_str_has_suffix (deck_oauth_profile_get_userinfo_endpoint (profile), "/me"));
  g_assert_true (deck_oauth_profile_get_require_iss (profile));
  g_assert_cmpstr (deck_oauth_profile_get_client_id (profile), ==, "flowdeck-test");
  /* The advertised scopes, for the connection dialog to offer. */
  g_assert_nonnull (deck_oauth_profile_get_scopes_supported (profile));
  g_assert_true (g_strv_contains (deck_oauth_profile_get_scopes_supported (profile), "openid"));
  g_assert_true (g_strv_contains (deck_oauth_profile_get_scopes_supported (profile), "api:read"));

  /* Mix-up defence: the document must name exactly the issuer asked for. */
  with_slash = g_strconcat (issuer, "/", NULL);
  wrong = discover (with_slash, "flowdeck-test", &error);
  g_assert_error (error, DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_ISSUER_MISMATCH);
  g_assert_null (wrong);
}

static void
test_oidc_flow_refresh (void)
{
  JsonObject *peer = deck_test_peers_get ("oidc");
  g_autoptr(DeckOAuthProfile) profile = NULL;
  g_autoptr(DeckOAuthTokens) first = NULL;
  g_autoptr(DeckOAuthTokens) second = NULL;
  g_autoptr(DeckOAuthTokens) third = NULL;
  g_autoptr(DeckOAuthTokens) stale = NULL;
  g_autoptr(DeckOAuthTokens) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *me = NULL;
  g_autofree char *body = NULL;

  if (peer == NULL)
    return;

  profile = oidc_profile (peer);
  first = oidc_flow (profile, FALSE, NULL, &error);
  g_assert_no_error (error);
  remember_tokens (first);

  g_assert_nonnull (first->access_token);
  g_assert_nonnull (first->refresh_token);
  g_assert_nonnull (first->id_token);
  g_assert_cmpstr (first->token_type, ==, "Bearer");
  g_assert_nonnull (first->scope);
  g_assert_true (g_strv_contains ((const char * const *) first->scope, "openid"));
  g_assert_true (g_strv_contains ((const char * const *) first->scope, "offline_access"));
  g_assert_nonnull (first->expires_at);

  me = g_strdup (deck_oauth_profile_get_userinfo_endpoint (profile));
  g_assert_cmpuint (get_with_bearer (me, first->access_token, &body), ==, 200);
  g_assert_nonnull (strstr (body, "\"sub\":\"tester\""));
  g_clear_pointer (&body, g_free);

  /* Rotation: each refresh gives a new refresh token, which works. */
  second = refresh (profile, first->refresh_token, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (second->refresh_token, !=, first->refresh_token);
  g_assert_cmpstr (second->access_token, !=, first->access_token);
  g_assert_cmpuint (get_with_bearer (me, second->access_token, NULL), ==, 200);

  third = refresh (profile, second->refresh_token, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (third->refresh_token, !=, second->refresh_token);
  g_assert_cmpuint (get_with_bearer (me, third->access_token, NULL), ==, 200);

  /* Last, because oidc-provider then revokes the whole grant: the old
   * refresh token is refused... */
  stale = refresh (profile, first->refresh_token, &error);
  g_assert_error (error, DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_TOKEN_ERROR);
  g_assert_nonnull (strstr (error->message, "invalid_grant"));
  g_assert_null (stale);
  g_clear_error (&error);

  /* ... and the newest tokens died with the grant (reuse detection). */
  g_assert_cmpuint (get_with_bearer (me, third->access_token, NULL), ==, 401);
  after = refresh (profile, third->refresh_token, &error);
  g_assert_error (error, DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_TOKEN_ERROR);
  g_assert_null (after);
}

static void
test_oidc_revoke (void)
{
  JsonObject *peer = deck_test_peers_get ("oidc");
  g_autoptr(DeckOAuthProfile) profile = NULL;
  g_autoptr(DeckOAuthTokens) tokens = NULL;
  g_autoptr(DeckOAuthTokens) after = NULL;
  g_autoptr(GError) error = NULL;
  const char *me;

  if (peer == NULL)
    return;

  profile = oidc_profile (peer);
  tokens = oidc_flow (profile, FALSE, NULL, &error);
  g_assert_no_error (error);
  remember_tokens (tokens);
  me = deck_oauth_profile_get_userinfo_endpoint (profile);

  g_assert_cmpuint (get_with_bearer (me, tokens->access_token, NULL), ==, 200);
  g_assert_true (revoke_token (profile, tokens->access_token, "access_token", &error));
  g_assert_no_error (error);
  /* O14/N6: confirmed, not assumed. */
  g_assert_cmpuint (get_with_bearer (me, tokens->access_token, NULL), ==, 401);

  /* Revoking the refresh token ends the grant. */
  g_assert_true (revoke_token (profile, tokens->refresh_token, "refresh_token", &error));
  g_assert_no_error (error);
  after = refresh (profile, tokens->refresh_token, &error);
  g_assert_error (error, DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_TOKEN_ERROR);
  g_assert_null (after);
}

static void
test_oidc_denied (void)
{
  JsonObject *peer = deck_test_peers_get ("oidc");
  g_autoptr(DeckOAuthProfile) profile = NULL;
  g_autoptr(DeckOAuthTokens) tokens = NULL;
  g_autoptr(GError) error = NULL;

  if (peer == NULL)
    return;

  profile = oidc_profile (peer);
  tokens = oidc_flow (profile, TRUE, NULL, &error);
  g_assert_error (error, DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_DENIED);
  g_assert_cmpstr (error->message, ==, "End-User aborted interaction");
  g_assert_null (tokens);
}

static void
test_oidc_replayed_code (void)
{
  JsonObject *peer = deck_test_peers_get ("oidc");
  g_autoptr(DeckOAuthProfile) profile = NULL;
  g_autoptr(DeckOAuthTokens) tokens = NULL;
  g_autoptr(DeckOAuthTokens) replayed = NULL;
  g_autoptr(DeckOAuthFlow) flow = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) auth_uri = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *callback = NULL;
  g_autofree char *code = NULL;
  g_autofree char *url = NULL;
  g_autofree char *replay = NULL;
  g_autofree char *state = NULL;
  g_autofree char *code_e = NULL;
  g_autofree char *iss_e = NULL;
  GAsyncResult *slot = NULL;
  guint me_status;

  if (peer == NULL)
    return;

  profile = oidc_profile (peer);
  tokens = oidc_flow (profile, FALSE, &callback, &error);
  g_assert_no_error (error);
  remember_tokens (tokens);
  code = code_of (callback);
  g_assert_nonnull (code);

  /* A second flow is handed the first flow's code with its own valid
   * state (as a web view would): the token endpoint refuses it. */
  flow = deck_oauth_flow_new (profile);
  url = deck_oauth_flow_begin (flow, &error);
  g_assert_no_error (error);
  remember_url_secrets (flow, url);
  auth_uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_QUERY, NULL);
  params = g_uri_parse_params (g_uri_get_query (auth_uri), -1, "&", G_URI_PARAMS_WWW_FORM, NULL);
  state = g_uri_escape_string (g_hash_table_lookup (params, "state"), NULL, FALSE);
  code_e = g_uri_escape_string (code, NULL, FALSE);
  iss_e = g_uri_escape_string (deck_oauth_profile_get_issuer (profile), NULL, FALSE);
  replay = g_strdup_printf ("%s?code=%s&state=%s&iss=%s", deck_oauth_flow_get_redirect_uri (flow),
                            code_e, state, iss_e);

  deck_oauth_flow_run_async (flow, 30, NULL, deck_test_store_result_cb, &slot);
  g_assert_true (deck_oauth_flow_handle_uri (flow, replay));
  result = deck_test_wait_result (&slot, 30);
  replayed = deck_oauth_flow_run_finish (flow, result, &error);
  g_assert_error (error, DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_TOKEN_ERROR);
  g_assert_null (replayed);
  g_test_message ("replayed code: %s", error->message);

  me_status = get_with_bearer (deck_oauth_profile_get_userinfo_endpoint (profile),
                               tokens->access_token, NULL);
  g_test_message ("after the replay, the first access token gets HTTP %u at /me", me_status);
}

/*****************************************************************************
 * FlowFuse ff-plugin
 *****************************************************************************/

static DeckOAuthTokens *
flowfuse_flow (JsonObject        *peer,
               DeckOAuthProfile  *profile,
               GError           **error)
{
  g_autoptr(DeckOAuthFlow) flow = deck_oauth_flow_new (profile);
  g_autoptr(SoupSession) browser = browser_new ();
  g_autoptr(SoupMessage) login = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) login_body = NULL;
  g_autoptr(Page) logged_in = NULL;
  g_autoptr(Page) authorize = NULL;
  g_autoptr(Page) complete = NULL;
  g_autoptr(Page) caught = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *login_url = NULL;
  g_autofree char *complete_url = NULL;
  g_autofree char *url = NULL;
  g_autofree char *json = NULL;
  g_autofree char *code = NULL;
  const char *base = deck_test_peers_get_string (peer, "url");
  const char *request_prefix;
  GAsyncResult *slot = NULL;

  url = deck_oauth_flow_begin (flow, error);
  g_assert_nonnull (url);
  remember_url_secrets (flow, url);
  deck_oauth_flow_run_async (flow, 60, NULL, deck_test_store_result_cb, &slot);

  /* What the SPA's login form does: POST /account/login (JSON). */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, deck_test_peers_get_string (peer, "admin.username"));
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, deck_test_peers_get_string (peer, "admin.password"));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  login_body = g_bytes_new (json, strlen (json));
  login_url = g_strconcat (base, "/account/login", NULL);
  login = soup_message_new (SOUP_METHOD_POST, login_url);
  soup_message_set_request_body_from_bytes (login, "application/json", login_body);
  logged_in = browser_send (browser, login);
  g_assert_cmpuint (logged_in->status, ==, 200);

  /* The authorization URL → /account/request/<id>. */
  authorize = browser_get (browser, url);
  g_assert_cmpuint (authorize->status, ==, 302);
  g_assert_nonnull (authorize->location);
  request_prefix = "/account/request/";
  g_assert_nonnull (strstr (authorize->location, request_prefix));

  /* "Allow" = GET /account/complete/<id> with the session cookie. */
  complete_url = g_strconcat (base, "/account/complete/",
                              strstr (authorize->location, request_prefix) + strlen (request_prefix),
                              NULL);
  complete = browser_get (browser, complete_url);
  g_assert_cmpuint (complete->status, ==, 302);
  g_assert_true (g_str_has_prefix (complete->location, deck_oauth_flow_get_redirect_uri (flow)));
  code = code_of (complete->location);
  remember_secret (code);

  caught = browser_get (browser, complete->location);
  g_assert_cmpuint (caught->status, ==, 200);

  result = deck_test_wait_result (&slot, 30);
  return deck_oauth_flow_run_finish (flow, result, error);
}

static void
test_flowfuse_flow_refresh (void)
{
  JsonObject *peer = deck_test_peers_get ("flowfuse");
  g_autoptr(DeckOAuthProfile) profile = NULL;
  g_autoptr(DeckOAuthTokens) tokens = NULL;
  g_autoptr(DeckOAuthTokens) rotated = NULL;
  g_autoptr(DeckOAuthTokens) stale = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *user_url = NULL;
  g_autofree char *body = NULL;

  if (peer == NULL)
    return;

  profile = deck_oauth_profile_new_flowfuse (deck_test_peers_get_string (peer, "url"));
  tokens = flowfuse_flow (peer, profile, &error);
  g_assert_no_error (error);
  remember_tokens (tokens);

  g_assert_true (g_str_has_prefix (tokens->access_token, "ffu_"));
  g_assert_true (g_str_has_prefix (tokens->refresh_token, "ffu_"));
  g_assert_null (tokens->token_type);   /* FlowFuse sends none */
  g_assert_null (tokens->scope);
  g_assert_nonnull (tokens->expires_at);

  user_url = g_strconcat (deck_test_peers_get_string (peer, "url"), "/api/v1/user", NULL);
  g_assert_cmpuint (get_with_bearer (user_url, tokens->access_token, &body), ==, 200);
  g_assert_nonnull (strstr (body, deck_test_peers_get_string (peer, "admin.username")));

  /* O13: refresh rotates; the new access token works... */
  rotated = refresh (profile, tokens->refresh_token, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rotated->refresh_token, !=, tokens->refresh_token);
  g_assert_cmpuint (get_with_bearer (user_url, rotated->access_token, NULL), ==, 200);

  /* ... and the old refresh and access tokens no longer do. */
  stale = refresh (profile, tokens->refresh_token, &error);
  g_assert_error (error, DECK_OAUTH_ERROR, DECK_OAUTH_ERROR_TOKEN_ERROR);
  g_assert_null (stale);
  g_test_message ("old FlowFuse refresh token: %s", error->message);
  g_assert_cmpuint (get_with_bearer (user_url, tokens->access_token, NULL), ==, 401);
  g_assert_cmpuint (get_with_bearer (user_url, rotated->access_token, NULL), ==, 200);
}

/*****************************************************************************
 * S2
 *****************************************************************************/

static void
test_no_secrets_in_logs (void)
{
  guint ours = 0;

  if (secrets_seen->len == 0)
    {
      g_test_skip ("no flow ran");
      return;
    }

  for (guint i = 0; i < captured_logs->len; i++)
    {
      const char *line = captured_logs->pdata[i];

      ours += strstr (line, "deck-oauth") != NULL || strstr (line, "deck-http") != NULL;
      for (guint j = 0; j < secrets_seen->len; j++)
        if (strstr (line, secrets_seen->pdata[j]) != NULL)
          g_error ("A secret leaked into a log message: %s", line);
    }

  g_test_message ("%u log lines (%u from Flowdeck) checked against %u secrets",
                  captured_logs->len, ours, secrets_seen->len);
  g_assert_cmpuint (ours, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  captured_logs = g_ptr_array_new_with_free_func (g_free);
  secrets_seen = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (capture_writer, NULL, NULL);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/oauth-peers/oidc/discovery", test_oidc_discovery);
  g_test_add_func ("/oauth-peers/oidc/flow-and-refresh", test_oidc_flow_refresh);
  g_test_add_func ("/oauth-peers/oidc/revoke", test_oidc_revoke);
  g_test_add_func ("/oauth-peers/oidc/denied", test_oidc_denied);
  g_test_add_func ("/oauth-peers/oidc/replayed-code", test_oidc_replayed_code);
  g_test_add_func ("/oauth-peers/flowfuse/flow-and-refresh", test_flowfuse_flow_refresh);
  g_test_add_func ("/oauth-peers/s2/no-secrets-in-logs", test_no_secrets_in_logs);

  ret = g_test_run ();

  g_ptr_array_unref (captured_logs);
  g_ptr_array_unref (secrets_seen);
  return ret;
}
