/* deck-oauth-presets.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "deck-oauth-profile.h"

G_BEGIN_DECLS

/**
 * DeckOAuthPreset:
 * @DECK_OAUTH_PRESET_CUSTOM: any provider: issuer with discovery, or
 *   endpoints by hand
 * @DECK_OAUTH_PRESET_GOOGLE: Google (desktop app client)
 * @DECK_OAUTH_PRESET_MICROSOFT: Microsoft Entra ID, `common` tenant
 * @DECK_OAUTH_PRESET_GITHUB: GitHub (OAuth app or GitHub App)
 * @DECK_OAUTH_PRESET_SPOTIFY: Spotify
 *
 * The providers Flowdeck knows the endpoints of.
 */
typedef enum
{
  DECK_OAUTH_PRESET_CUSTOM,
  DECK_OAUTH_PRESET_GOOGLE,
  DECK_OAUTH_PRESET_MICROSOFT,
  DECK_OAUTH_PRESET_GITHUB,
  DECK_OAUTH_PRESET_SPOTIFY,
} DeckOAuthPreset;

#define DECK_OAUTH_PRESET_N (DECK_OAUTH_PRESET_SPOTIFY + 1)

/* Where every connection's loopback callback lands unless the user picks
 * another path: `http://127.0.0.1:<any port>/callback`. */
#define DECK_OAUTH_PRESET_REDIRECT_PATH DECK_OAUTH_DEFAULT_REDIRECT_PATH

/**
 * DeckOAuthPresetInfo:
 * @preset: which preset
 * @id: a stable id for files ("google")
 * @name: the display name (not translated: a brand)
 * @env_prefix: the default prefix of instance variables ("GOOGLE")
 * @issuer: (nullable): the OpenID issuer
 * @authorization_endpoint: (nullable): where the consent page is
 * @token_endpoint: (nullable): the token endpoint
 * @revocation_endpoint: (nullable): the RFC 7009 endpoint, if any
 * @userinfo_endpoint: (nullable): where the account's name can be read
 * @default_scopes: (nullable): space-separated scopes to suggest
 * @extra_params: (nullable): `name=value&…` added to the consent request
 * @secret_hint: whether the provider's client registration for a
 *   desktop app comes with a client secret the token endpoint wants
 * @any_port: whether a loopback redirect registered without a port
 *   accepts any port at request time (RFC 8252 §7.3)
 *
 * What Flowdeck knows about a provider, from its published documents
 * (the sources are named next to the table in deck-oauth-presets.c).
 */
typedef struct
{
  DeckOAuthPreset  preset;
  const char      *id;
  const char      *name;
  const char      *env_prefix;
  const char      *issuer;
  const char      *authorization_endpoint;
  const char      *token_endpoint;
  const char      *revocation_endpoint;
  const char      *userinfo_endpoint;
  const char      *default_scopes;
  const char      *extra_params;
  gboolean         secret_hint;
  gboolean         any_port;
} DeckOAuthPresetInfo;

const DeckOAuthPresetInfo *deck_oauth_preset_get_info            (DeckOAuthPreset      preset);
const DeckOAuthPresetInfo *deck_oauth_preset_lookup              (const char          *id);
DeckOAuthProfile          *deck_oauth_preset_build_profile       (DeckOAuthPreset      preset,
                                                                  const char          *client_id,
                                                                  const char          *client_secret,
                                                                  const char * const  *scopes,
                                                                  const char          *redirect_path);
DeckOAuthProfile          *deck_oauth_custom_profile_new         (DeckOAuthProfile    *discovered,
                                                                  const char          *client_id,
                                                                  const char          *client_secret,
                                                                  const char          *authorization_endpoint,
                                                                  const char          *token_endpoint,
                                                                  const char * const  *scopes);
char                      *deck_oauth_preset_redirect_uri_to_register (const char    *redirect_path);
GStrv                      deck_oauth_scopes_parse               (const char          *text);

G_END_DECLS
