/* deck-oauth-presets.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-oauth"

#include "config.h"

#include <string.h>

#include "deck-oauth-presets.h"

/* Provider presets: endpoints and habits of the providers people most
 * often wire into Node-RED flows. Each builds an ordinary
 * DeckOAuthProfile (the flow always adds PKCE S256, state and the
 * loopback redirect itself), with the user's own client id.
 *
 * What was checked, and where (November 2026):
 *
 * Google — developers.google.com/identity/protocols/oauth2/native-app
 *   ("OAuth 2.0 for Mobile & Desktop Apps"): authorization
 *   https://accounts.google.com/o/oauth2/v2/auth, token
 *   https://oauth2.googleapis.com/token, revocation
 *   https://oauth2.googleapis.com/revoke (form `token=`), PKCE S256;
 *   desktop clients use the loopback IP flow `http://127.0.0.1:<port>`
 *   with any port and get a client secret that is "not treated as a
 *   secret" but is sent to the token endpoint. The loopback migration
 *   guide (…/oauth2/resources/loopback-migration) keeps the loopback flow
 *   for desktop clients only. A refresh token comes back only with
 *   `access_type=offline`, and again on later consents only with
 *   `prompt=consent`. Google answers `scope` with full URLs for the
 *   short names (`email` → …/auth/userinfo.email), see
 *   deck_connection_dup_missing_scopes().
 *
 * Microsoft Entra ID — learn.microsoft.com/entra/identity-platform/
 *   v2-oauth2-auth-code-flow: https://login.microsoftonline.com/{tenant}/
 *   oauth2/v2.0/authorize and …/token (tenant `common` for work, school
 *   and personal accounts), PKCE recommended, scopes such as `openid
 *   offline_access User.Read` (the Graph short form). reply-url
 *   ("Redirect URI restrictions"): for loopback redirects of public
 *   (mobile and desktop) clients the port is ignored, so register
 *   `http://localhost/<path>` or, through the manifest,
 *   `http://127.0.0.1/<path>`. Entra ID has no RFC 7009 revocation
 *   endpoint (refresh tokens end with the user's sessions or the app's
 *   consent being removed), so there is none here. A public client must
 *   not send a secret.
 *
 * GitHub — docs.github.com/…/authorizing-oauth-apps: authorize
 *   https://github.com/login/oauth/authorize, token
 *   https://github.com/login/oauth/access_token, which answers
 *   `application/x-www-form-urlencoded` unless the request says `Accept:
 *   application/json` (deck_http_send_async() always does for JSON
 *   calls, so the flow gets JSON). "Loopback redirect urls": the
 *   redirect_uri may be `http://127.0.0.1:<port>/path` and "does not need
 *   to match the port specified in the callback url". PKCE
 *   (`code_challenge`, S256) is documented for OAuth apps and GitHub Apps
 *   since 2025. OAuth apps always need the client secret at the token
 *   endpoint; their tokens do not expire and come without refresh token
 *   (GitHub Apps with expiring user tokens do send one). GitHub answers
 *   `scope` comma-separated. Revocation is `DELETE
 *   /applications/{client_id}/token` with Basic auth, not RFC 7009: none
 *   here, so the UI says the grant remains.
 *
 * Spotify — developer.spotify.com/documentation/web-api/tutorials/
 *   code-pkce-flow and …/concepts/redirect_uri: authorize
 *   https://accounts.spotify.com/authorize, token
 *   https://accounts.spotify.com/api/token, PKCE without client secret;
 *   redirect URIs must be https or a loopback IP literal (`localhost` is
 *   refused since April 2025); a loopback URI registered without a port
 *   accepts a dynamically assigned port. No revocation endpoint.
 */

static const DeckOAuthPresetInfo presets[DECK_OAUTH_PRESET_N] = {
  [DECK_OAUTH_PRESET_CUSTOM] = {
    .preset = DECK_OAUTH_PRESET_CUSTOM,
    .id = "custom",
    .name = "Custom",
    .env_prefix = "CUSTOM",
    .secret_hint = FALSE,
    .any_port = FALSE,
  },
  [DECK_OAUTH_PRESET_GOOGLE] = {
    .preset = DECK_OAUTH_PRESET_GOOGLE,
    .id = "google",
    .name = "Google",
    .env_prefix = "GOOGLE",
    .issuer = "https://accounts.google.com",
    .authorization_endpoint = "https://accounts.google.com/o/oauth2/v2/auth",
    .token_endpoint = "https://oauth2.googleapis.com/token",
    .revocation_endpoint = "https://oauth2.googleapis.com/revoke",
    .userinfo_endpoint = "https://openidconnect.googleapis.com/v1/userinfo",
    .default_scopes = "openid email",
    .extra_params = "access_type=offline&prompt=consent",
    .secret_hint = TRUE,
    .any_port = TRUE,
  },
  [DECK_OAUTH_PRESET_MICROSOFT] = {
    .preset = DECK_OAUTH_PRESET_MICROSOFT,
    .id = "microsoft",
    .name = "Microsoft",
    .env_prefix = "MICROSOFT",
    /* The `common` tenant's ID tokens carry each user's own tenant as
     * `iss`, so there is no single issuer to check. */
    .issuer = NULL,
    .authorization_endpoint = "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
    .token_endpoint = "https://login.microsoftonline.com/common/oauth2/v2.0/token",
    .revocation_endpoint = NULL,
    .userinfo_endpoint = "https://graph.microsoft.com/oidc/userinfo",
    .default_scopes = "openid offline_access User.Read",
    .extra_params = NULL,
    .secret_hint = FALSE,
    .any_port = TRUE,
  },
  [DECK_OAUTH_PRESET_GITHUB] = {
    .preset = DECK_OAUTH_PRESET_GITHUB,
    .id = "github",
    .name = "GitHub",
    .env_prefix = "GITHUB",
    .issuer = NULL,
    .authorization_endpoint = "https://github.com/login/oauth/authorize",
    .token_endpoint = "https://github.com/login/oauth/access_token",
    .revocation_endpoint = NULL,
    .userinfo_endpoint = "https://api.github.com/user",
    .default_scopes = "read:user",
    .extra_params = NULL,
    .secret_hint = TRUE,
    .any_port = TRUE,
  },
  [DECK_OAUTH_PRESET_SPOTIFY] = {
    .preset = DECK_OAUTH_PRESET_SPOTIFY,
    .id = "spotify",
    .name = "Spotify",
    .env_prefix = "SPOTIFY",
    .issuer = NULL,
    .authorization_endpoint = "https://accounts.spotify.com/authorize",
    .token_endpoint = "https://accounts.spotify.com/api/token",
    .revocation_endpoint = NULL,
    .userinfo_endpoint = "https://api.spotify.com/v1/me",
    .default_scopes = "user-read-email",
    .extra_params = NULL,
    .secret_hint = FALSE,
    .any_port = TRUE,
  },
};

/**
 * deck_oauth_preset_get_info:
 * @preset: a #DeckOAuthPreset
 *
 * Returns: (transfer none): what Flowdeck knows about @preset
 */
const DeckOAuthPresetInfo *
deck_oauth_preset_get_info (DeckOAuthPreset preset)
{
  g_return_val_if_fail ((guint) preset < DECK_OAUTH_PRESET_N, &presets[DECK_OAUTH_PRESET_CUSTOM]);

  return &presets[preset];
}

/**
 * deck_oauth_preset_lookup:
 * @id: a preset id ("google", "custom", …)
 *
 * Returns: (transfer none) (nullable): the preset, or %NULL if unknown
 */
const DeckOAuthPresetInfo *
deck_oauth_preset_lookup (const char *id)
{
  if (id == NULL)
    return NULL;

  for (guint i = 0; i < DECK_OAUTH_PRESET_N; i++)
    if (g_strcmp0 (presets[i].id, id) == 0)
      return &presets[i];

  return NULL;
}

/**
 * deck_oauth_scopes_parse:
 * @text: (nullable): scopes as typed or as a server sent them
 *
 * Splits on spaces and commas (GitHub answers `repo,gist`), drops empty
 * and repeated entries, keeps the order.
 *
 * Returns: (transfer full): the scopes (maybe empty, never %NULL)
 */
GStrv
deck_oauth_scopes_parse (const char *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) parts = NULL;

  if (text == NULL)
    return g_strv_builder_end (builder);

  parts = g_strsplit_set (text, " ,\t\n", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (*parts[i] == '\0' || !g_hash_table_add (seen, parts[i]))
        continue;
      g_strv_builder_add (builder, parts[i]);
    }

  return g_strv_builder_end (builder);
}

/**
 * deck_oauth_preset_build_profile:
 * @preset: a preset other than %DECK_OAUTH_PRESET_CUSTOM
 * @client_id: the user's client id, registered at the provider
 * @client_secret: (nullable): its secret, when the provider wants one
 * @scopes: (nullable) (array zero-terminated=1): the scopes to ask for;
 *   %NULL for the preset's defaults
 * @redirect_path: (nullable): the loopback path (`/callback` if %NULL)
 *
 * Returns: (transfer full): a profile for deck_oauth_flow_new()
 */
DeckOAuthProfile *
deck_oauth_preset_build_profile (DeckOAuthPreset     preset,
                                 const char         *client_id,
                                 const char         *client_secret,
                                 const char * const *scopes,
                                 const char         *redirect_path)
{
  const DeckOAuthPresetInfo *info;
  DeckOAuthProfile *profile;

  g_return_val_if_fail (preset != DECK_OAUTH_PRESET_CUSTOM, NULL);
  g_return_val_if_fail ((guint) preset < DECK_OAUTH_PRESET_N, NULL);
  g_return_val_if_fail (client_id != NULL, NULL);

  info = &presets[preset];
  profile = deck_oauth_profile_new (client_id, info->authorization_endpoint,
                                    info->token_endpoint);
  deck_oauth_profile_set_issuer (profile, info->issuer);
  deck_oauth_profile_set_revocation_endpoint (profile, info->revocation_endpoint);
  deck_oauth_profile_set_userinfo_endpoint (profile, info->userinfo_endpoint);
  deck_oauth_profile_set_redirect_path (profile, redirect_path);
  if (client_secret != NULL && *client_secret != '\0')
    deck_oauth_profile_set_client_secret (profile, client_secret);

  if (scopes != NULL)
    deck_oauth_profile_set_scopes (profile, scopes);
  else
    {
      g_auto(GStrv) defaults = deck_oauth_scopes_parse (info->default_scopes);

      deck_oauth_profile_set_scopes (profile, (const char * const *) defaults);
    }

  if (info->extra_params != NULL)
    {
      g_autoptr(GHashTable) params = g_uri_parse_params (info->extra_params, -1, "&",
                                                         G_URI_PARAMS_NONE, NULL);
      GHashTableIter iter;
      gpointer name, value;

      g_assert (params != NULL);
      g_hash_table_iter_init (&iter, params);
      while (g_hash_table_iter_next (&iter, &name, &value))
        deck_oauth_profile_set_extra_param (profile, name, value);
    }

  return profile;
}

/**
 * deck_oauth_custom_profile_new:
 * @discovered: (nullable): the provider's discovery result; its
 *   endpoints, issuer and `iss` rule are used
 * @client_id: the user's client id
 * @client_secret: (nullable): the secret, for a confidential client
 * @authorization_endpoint: (nullable): by hand, when @discovered is %NULL
 * @token_endpoint: (nullable): by hand, when @discovered is %NULL
 * @scopes: (nullable): the scopes to ask for
 *
 * The profile for a *Custom* provider. OpenID Connect Core §11: a
 * request for `offline_access` is ignored unless `prompt=consent` is
 * sent, so it is sent then (a refresh token is what a connection is for).
 * Check the result with deck_oauth_profile_validate().
 *
 * Returns: (transfer full): a new profile
 */
DeckOAuthProfile *
deck_oauth_custom_profile_new (DeckOAuthProfile   *discovered,
                               const char         *client_id,
                               const char         *client_secret,
                               const char         *authorization_endpoint,
                               const char         *token_endpoint,
                               const char * const *scopes)
{
  DeckOAuthProfile *profile;

  g_return_val_if_fail (discovered == NULL || DECK_IS_OAUTH_PROFILE (discovered), NULL);
  g_return_val_if_fail (client_id != NULL, NULL);

  if (discovered != NULL)
    {
      profile = deck_oauth_profile_new (client_id,
                                        deck_oauth_profile_get_authorization_endpoint (discovered),
                                        deck_oauth_profile_get_token_endpoint (discovered));
      deck_oauth_profile_set_issuer (profile, deck_oauth_profile_get_issuer (discovered));
      deck_oauth_profile_set_revocation_endpoint (profile,
                                                  deck_oauth_profile_get_revocation_endpoint (discovered));
      deck_oauth_profile_set_userinfo_endpoint (profile,
                                                deck_oauth_profile_get_userinfo_endpoint (discovered));
      deck_oauth_profile_set_require_iss (profile, deck_oauth_profile_get_require_iss (discovered));
    }
  else
    profile = deck_oauth_profile_new (client_id,
                                      authorization_endpoint ? authorization_endpoint : "",
                                      token_endpoint ? token_endpoint : "");

  if (scopes != NULL)
    deck_oauth_profile_set_scopes (profile, scopes);
  if (client_secret != NULL && *client_secret != '\0')
    deck_oauth_profile_set_client_secret (profile, client_secret);
  if (scopes != NULL && g_strv_contains (scopes, "offline_access"))
    deck_oauth_profile_set_extra_param (profile, "prompt", "consent");

  return profile;
}

/**
 * deck_oauth_preset_redirect_uri_to_register:
 * @redirect_path: (nullable): the connection's loopback path
 *
 * The URI to register at the provider: the loopback IP literal without a
 * port (RFC 8252 §7.3: the port is chosen when the consent starts; the
 * providers above accept any port for such a registration).
 *
 * Returns: (transfer full): `http://127.0.0.1/<path>`
 */
char *
deck_oauth_preset_redirect_uri_to_register (const char *redirect_path)
{
  const char *path = redirect_path != NULL ? redirect_path : DECK_OAUTH_PRESET_REDIRECT_PATH;

  return g_strconcat ("http://127.0.0.1", path[0] == '/' ? "" : "/", path, NULL);
}
