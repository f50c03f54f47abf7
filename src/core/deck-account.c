/* deck-account.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-account"

#include "config.h"

#include <glib/gi18n.h>

#include "deck-account-store.h"
#include "deck-account.h"
#include "deck-json.h"

/* One signed-in (or once signed-in) server: what Flowdeck shows and needs
 * to reconnect, never how it authenticates. The secret lives only in the
 * keyring, keyed by the account id (SECURITY.md S1); nothing here, not a
 * property and not a JSON member, ever holds one.
 *
 * `id` and `kind` are construct-only: the id names the keyring items and
 * the kind decides which API the account talks to, so neither may change
 * under a stored secret. `status` is runtime state and is not persisted. */

struct _DeckAccount
{
  GObject                parent_instance;

  char                  *id;
  DeckAccountKind        kind;
  GDateTime             *created_at;
  char                  *url;
  char                  *display_name;
  char                  *username;
  char                  *avatar_url;
  DeckAccountCredential  credential;
  GDateTime             *token_expiry;
  char                  *minted_token_id;
  DeckAccountStatus      status;
};

G_DEFINE_FINAL_TYPE (DeckAccount, deck_account, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (DeckAccountKind, deck_account_kind,
                    G_DEFINE_ENUM_VALUE (DECK_ACCOUNT_KIND_FLOWFUSE, "flowfuse"),
                    G_DEFINE_ENUM_VALUE (DECK_ACCOUNT_KIND_NODE_RED, "node-red"))

G_DEFINE_ENUM_TYPE (DeckAccountCredential, deck_account_credential,
                    G_DEFINE_ENUM_VALUE (DECK_ACCOUNT_CREDENTIAL_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (DECK_ACCOUNT_CREDENTIAL_PAT, "pat"),
                    G_DEFINE_ENUM_VALUE (DECK_ACCOUNT_CREDENTIAL_OAUTH, "oauth"),
                    G_DEFINE_ENUM_VALUE (DECK_ACCOUNT_CREDENTIAL_MINTED_PAT, "minted-pat"),
                    G_DEFINE_ENUM_VALUE (DECK_ACCOUNT_CREDENTIAL_NODE_RED_TOKEN, "node-red-token"))

G_DEFINE_ENUM_TYPE (DeckAccountStatus, deck_account_status,
                    G_DEFINE_ENUM_VALUE (DECK_ACCOUNT_STATUS_SIGNED_IN, "signed-in"),
                    G_DEFINE_ENUM_VALUE (DECK_ACCOUNT_STATUS_SIGNED_OUT, "signed-out"),
                    G_DEFINE_ENUM_VALUE (DECK_ACCOUNT_STATUS_OFFLINE, "offline"))

enum {
  PROP_0,
  PROP_ID,
  PROP_KIND,
  PROP_CREATED_AT,
  PROP_URL,
  PROP_DISPLAY_NAME,
  PROP_USERNAME,
  PROP_AVATAR_URL,
  PROP_CREDENTIAL,
  PROP_TOKEN_EXPIRY,
  PROP_MINTED_TOKEN_ID,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* JSON member names. */
#define KEY_ID              "id"
#define KEY_KIND            "kind"
#define KEY_CREATED_AT      "created_at"
#define KEY_URL             "url"
#define KEY_DISPLAY_NAME    "display_name"
#define KEY_USERNAME        "username"
#define KEY_AVATAR_URL      "avatar_url"
#define KEY_CREDENTIAL      "credential"
#define KEY_TOKEN_EXPIRY    "token_expiry"
#define KEY_MINTED_TOKEN_ID "minted_token_id"

/*
 * Auxiliary methods
 */

static gboolean
replace_string (char       **field,
                const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static const char *
enum_to_nick (GType type,
              int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *enum_value = g_enum_get_value (klass, value);

  /* Nicks are static strings of a static type: valid after the unref. */
  return enum_value != NULL ? enum_value->value_nick : NULL;
}

static gboolean
enum_from_nick (GType       type,
                const char *nick,
                int        *out_value)
{
  g_autoptr(GEnumClass) klass = NULL;
  GEnumValue *enum_value;

  if (nick == NULL)
    return FALSE;

  klass = g_type_class_ref (type);
  enum_value = g_enum_get_value_by_nick (klass, nick);
  if (enum_value == NULL)
    return FALSE;

  *out_value = enum_value->value;
  return TRUE;
}

static void
set_optional_string (JsonObject *object,
                     const char *member,
                     const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
}

static void
set_optional_datetime (JsonObject *object,
                       const char *member,
                       GDateTime  *value)
{
  g_autofree char *text = NULL;

  if (value == NULL)
    return;

  text = g_date_time_format_iso8601 (value);
  if (text != NULL)
    json_object_set_string_member (object, member, text);
}

static GError *
bad_member_error (const char *member)
{
  /* Translators: %s is the name of a field in the accounts file. */
  return g_error_new (DECK_ACCOUNT_STORE_ERROR, DECK_ACCOUNT_STORE_ERROR_CORRUPT,
                      _("An account has no valid “%s”."), member);
}

/*
 * Parent class overrides
 */

static void
deck_account_constructed (GObject *object)
{
  DeckAccount *self = (DeckAccount *)object;

  G_OBJECT_CLASS (deck_account_parent_class)->constructed (object);

  if (self->id == NULL || *self->id == '\0')
    {
      g_free (self->id);
      self->id = g_uuid_string_random ();
    }

  if (self->created_at == NULL)
    self->created_at = g_date_time_new_now_utc ();
}

static void
deck_account_finalize (GObject *object)
{
  DeckAccount *self = (DeckAccount *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->avatar_url, g_free);
  g_clear_pointer (&self->token_expiry, g_date_time_unref);
  g_clear_pointer (&self->minted_token_id, g_free);

  G_OBJECT_CLASS (deck_account_parent_class)->finalize (object);
}

static void
deck_account_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  DeckAccount *self = DECK_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, deck_account_get_id (self));
      break;

    case PROP_KIND:
      g_value_set_enum (value, deck_account_get_kind (self));
      break;

    case PROP_CREATED_AT:
      g_value_set_boxed (value, deck_account_get_created_at (self));
      break;

    case PROP_URL:
      g_value_set_string (value, deck_account_get_url (self));
      break;

    case PROP_DISPLAY_NAME:
      g_value_set_string (value, deck_account_get_display_name (self));
      break;

    case PROP_USERNAME:
      g_value_set_string (value, deck_account_get_username (self));
      break;

    case PROP_AVATAR_URL:
      g_value_set_string (value, deck_account_get_avatar_url (self));
      break;

    case PROP_CREDENTIAL:
      g_value_set_enum (value, deck_account_get_credential (self));
      break;

    case PROP_TOKEN_EXPIRY:
      g_value_set_boxed (value, deck_account_get_token_expiry (self));
      break;

    case PROP_MINTED_TOKEN_ID:
      g_value_set_string (value, deck_account_get_minted_token_id (self));
      break;

    case PROP_STATUS:
      g_value_set_enum (value, deck_account_get_status (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_account_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  DeckAccount *self = DECK_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;

    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;

    case PROP_CREATED_AT:
      self->created_at = g_value_dup_boxed (value);
      break;

    case PROP_URL:
      deck_account_set_url (self, g_value_get_string (value));
      break;

    case PROP_DISPLAY_NAME:
      deck_account_set_display_name (self, g_value_get_string (value));
      break;

    case PROP_USERNAME:
      deck_account_set_username (self, g_value_get_string (value));
      break;

    case PROP_AVATAR_URL:
      deck_account_set_avatar_url (self, g_value_get_string (value));
      break;

    case PROP_CREDENTIAL:
      deck_account_set_credential (self, g_value_get_enum (value));
      break;

    case PROP_TOKEN_EXPIRY:
      deck_account_set_token_expiry (self, g_value_get_boxed (value));
      break;

    case PROP_MINTED_TOKEN_ID:
      deck_account_set_minted_token_id (self, g_value_get_string (value));
      break;

    case PROP_STATUS:
      deck_account_set_status (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/*
 * class_init and init
 */

static void
deck_account_class_init (DeckAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = deck_account_constructed;
  object_class->finalize = deck_account_finalize;
  object_class->get_property = deck_account_get_property;
  object_class->set_property = deck_account_set_property;

  /**
   * DeckAccount:id:
   *
   * A random UUID made when the account is created; it names the
   * account's keyring items. Not secret.
   */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       DECK_TYPE_ACCOUNT_KIND,
                       DECK_ACCOUNT_KIND_FLOWFUSE,
                       (G_PARAM_READWRITE |
                        G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_STATIC_STRINGS));

  properties[PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        (G_PARAM_READWRITE |
                         G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * DeckAccount:url:
   *
   * The server's base URL, e.g. `https://app.flowfuse.com`.
   */
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_STATIC_STRINGS |
                          G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_STATIC_STRINGS |
                          G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_STATIC_STRINGS |
                          G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_AVATAR_URL] =
    g_param_spec_string ("avatar-url", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_STATIC_STRINGS |
                          G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_CREDENTIAL] =
    g_param_spec_enum ("credential", NULL, NULL,
                       DECK_TYPE_ACCOUNT_CREDENTIAL,
                       DECK_ACCOUNT_CREDENTIAL_NONE,
                       (G_PARAM_READWRITE |
                        G_PARAM_STATIC_STRINGS |
                        G_PARAM_EXPLICIT_NOTIFY));

  /**
   * DeckAccount:token-expiry:
   *
   * When the current access token expires, or %NULL when it does not (or
   * is not known to).
   */
  properties[PROP_TOKEN_EXPIRY] =
    g_param_spec_boxed ("token-expiry", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        (G_PARAM_READWRITE |
                         G_PARAM_STATIC_STRINGS |
                         G_PARAM_EXPLICIT_NOTIFY));

  /**
   * DeckAccount:minted-token-id:
   *
   * The server's id of the personal access token Flowdeck created for
   * itself (%DECK_ACCOUNT_CREDENTIAL_MINTED_PAT), so that the UI can mark
   * it and signing out can delete it on the server; otherwise %NULL.
   */
  properties[PROP_MINTED_TOKEN_ID] =
    g_param_spec_string ("minted-token-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_STATIC_STRINGS |
                          G_PARAM_EXPLICIT_NOTIFY));

  /**
   * DeckAccount:status:
   *
   * Whether the account currently works. Runtime only, never saved.
   */
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       DECK_TYPE_ACCOUNT_STATUS,
                       DECK_ACCOUNT_STATUS_SIGNED_IN,
                       (G_PARAM_READWRITE |
                        G_PARAM_STATIC_STRINGS |
                        G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
deck_account_init (DeckAccount *self)
{
  self->kind = DECK_ACCOUNT_KIND_FLOWFUSE;
  self->credential = DECK_ACCOUNT_CREDENTIAL_NONE;
  self->status = DECK_ACCOUNT_STATUS_SIGNED_IN;
}

/*
 * Public API
 */

/**
 * deck_account_new:
 * @kind: the kind of server
 * @url: the server's base URL
 *
 * Returns: (transfer full): a new account with a fresh random id
 */
DeckAccount *
deck_account_new (DeckAccountKind  kind,
                  const char      *url)
{
  g_return_val_if_fail (url != NULL, NULL);

  return g_object_new (DECK_TYPE_ACCOUNT,
                       "kind", kind,
                       "url", url,
                       NULL);
}

/**
 * deck_account_new_from_json:
 * @object: one entry of the accounts file
 * @error: a location for a #GError, or %NULL
 *
 * Reads an account as deck_account_to_json() wrote it. `id`, `kind` and
 * `url` are required (a known kind, a valid absolute URL); everything
 * else is optional, and a member of the wrong type reads as absent.
 * Unknown members are ignored, and an unknown credential reads as
 * %DECK_ACCOUNT_CREDENTIAL_NONE (the user is then asked to sign in again).
 *
 * Returns: (transfer full) (nullable): the account, or %NULL with @error
 *   set to %DECK_ACCOUNT_STORE_ERROR_CORRUPT
 */
DeckAccount *
deck_account_new_from_json (JsonObject  *object,
                            GError     **error)
{
  g_autoptr(GDateTime) created_at = NULL;
  g_autoptr(GDateTime) token_expiry = NULL;
  DeckAccount *self;
  const char *id;
  const char *url;
  int kind;
  int credential;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  id = deck_json_get_string (object, KEY_ID);
  if (id == NULL || *id == '\0')
    {
      g_propagate_error (error, bad_member_error (KEY_ID));
      return NULL;
    }

  if (!enum_from_nick (DECK_TYPE_ACCOUNT_KIND, deck_json_get_string (object, KEY_KIND), &kind))
    {
      g_propagate_error (error, bad_member_error (KEY_KIND));
      return NULL;
    }

  url = deck_json_get_string (object, KEY_URL);
  if (url == NULL || !g_uri_is_valid (url, G_URI_FLAGS_NONE, NULL))
    {
      g_propagate_error (error, bad_member_error (KEY_URL));
      return NULL;
    }

  if (!enum_from_nick (DECK_TYPE_ACCOUNT_CREDENTIAL,
                       deck_json_get_string (object, KEY_CREDENTIAL),
                       &credential))
    credential = DECK_ACCOUNT_CREDENTIAL_NONE;

  created_at = deck_json_get_datetime (object, KEY_CREATED_AT);
  token_expiry = deck_json_get_datetime (object, KEY_TOKEN_EXPIRY);

  self = g_object_new (DECK_TYPE_ACCOUNT,
                       "id", id,
                       "kind", kind,
                       "created-at", created_at,
                       "url", url,
                       "credential", credential,
                       "token-expiry", token_expiry,
                       NULL);

  deck_account_set_display_name (self, deck_json_get_string (object, KEY_DISPLAY_NAME));
  deck_account_set_username (self, deck_json_get_string (object, KEY_USERNAME));
  deck_account_set_avatar_url (self, deck_json_get_string (object, KEY_AVATAR_URL));
  deck_account_set_minted_token_id (self, deck_json_get_string (object, KEY_MINTED_TOKEN_ID));

  return self;
}

/**
 * deck_account_to_json:
 * @self: a #DeckAccount
 *
 * Serialises what is needed to show and reconnect the account: no secret
 * (there is none here to write) and not the runtime #DeckAccount:status.
 * Absent optional values are left out.
 *
 * Returns: (transfer full): a new #JsonObject
 */
JsonObject *
deck_account_to_json (DeckAccount *self)
{
  JsonObject *object;

  g_return_val_if_fail (DECK_IS_ACCOUNT (self), NULL);

  object = json_object_new ();
  json_object_set_string_member (object, KEY_ID, self->id);
  json_object_set_string_member (object, KEY_KIND,
                                 enum_to_nick (DECK_TYPE_ACCOUNT_KIND, self->kind));
  set_optional_string (object, KEY_URL, self->url);
  set_optional_string (object, KEY_DISPLAY_NAME, self->display_name);
  set_optional_string (object, KEY_USERNAME, self->username);
  set_optional_string (object, KEY_AVATAR_URL, self->avatar_url);
  set_optional_string (object, KEY_CREDENTIAL,
                       enum_to_nick (DECK_TYPE_ACCOUNT_CREDENTIAL, self->credential));
  set_optional_datetime (object, KEY_TOKEN_EXPIRY, self->token_expiry);
  set_optional_string (object, KEY_MINTED_TOKEN_ID, self->minted_token_id);
  set_optional_datetime (object, KEY_CREATED_AT, self->created_at);

  return object;
}

const char *
deck_account_get_id (DeckAccount *self)
{
  g_return_val_if_fail (DECK_IS_ACCOUNT (self), NULL);

  return self->id;
}

DeckAccountKind
deck_account_get_kind (DeckAccount *self)
{
  g_return_val_if_fail (DECK_IS_ACCOUNT (self), DECK_ACCOUNT_KIND_FLOWFUSE);

  return self->kind;
}

/**
 * deck_account_get_created_at:
 * @self: a #DeckAccount
 *
 * Returns: (transfer none): when the account was added
 */
GDateTime *
deck_account_get_created_at (DeckAccount *self)
{
  g_return_val_if_fail (DECK_IS_ACCOUNT (self), NULL);

  return self->created_at;
}

const char *
deck_account_get_url (DeckAccount *self)
{
  g_return_val_if_fail (DECK_IS_ACCOUNT (self), NULL);

  return self->url;
}

void
deck_account_set_url (DeckAccount *self,
                      const char  *url)
{
  g_return_if_fail (DECK_IS_ACCOUNT (self));
  g_return_if_fail (url != NULL);

  if (replace_string (&self->url, url))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
}

const char *
deck_account_get_display_name (DeckAccount *self)
{
  g_return_val_if_fail (DECK_IS_ACCOUNT (self), NULL);

  return self->display_name;
}

void
deck_account_set_display_name (DeckAccount *self,
                               const char  *display_name)
{
  g_return_if_fail (DECK_IS_ACCOUNT (self));

  if (replace_string (&self->display_name, display_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
}

const char *
deck_account_get_username (DeckAccount *self)
{
  g_return_val_if_fail (DECK_IS_ACCOUNT (self), NULL);

  return self->username;
}

void
deck_account_set_username (DeckAccount *self,
                           const char  *username)
{
  g_return_if_fail (DECK_IS_ACCOUNT (self));

  if (replace_string (&self->username, username))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USERNAME]);
}

const char *
deck_account_get_avatar_url (DeckAccount *self)
{
  g_return_val_if_fail (DECK_IS_ACCOUNT (self), NULL);

  return self->avatar_url;
}

void
deck_account_set_avatar_url (DeckAccount *self,
                             const char  *avatar_url)
{
  g_return_if_fail (DECK_IS_ACCOUNT (self));

  if (replace_string (&self->avatar_url, avatar_url))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVATAR_URL]);
}

DeckAccountCredential
deck_account_get_credential (DeckAccount *self)
{
  g_return_val_if_fail (DECK_IS_ACCOUNT (self), DECK_ACCOUNT_CREDENTIAL_NONE);

  return self->credential;
}

/**
 * deck_account_get_secret_kind:
 * @self: a #DeckAccount
 *
 * Returns: which keyring secret holds the account's sign-in
 */
DeckSecretKind
deck_account_get_secret_kind (DeckAccount *self)
{
  g_return_val_if_fail (DECK_IS_ACCOUNT (self), DECK_SECRET_KIND_PAT);

  if (self->kind == DECK_ACCOUNT_KIND_NODE_RED)
    return DECK_SECRET_KIND_NODE_RED;

  return self->credential == DECK_ACCOUNT_CREDENTIAL_OAUTH ? DECK_SECRET_KIND_OAUTH
                                                           : DECK_SECRET_KIND_PAT;
}

void
deck_account_set_credential (DeckAccount           *self,
                             DeckAccountCredential  credential)
{
  g_return_if_fail (DECK_IS_ACCOUNT (self));

  if (self->credential == credential)
    return;

  self->credential = credential;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREDENTIAL]);
}

/**
 * deck_account_get_token_expiry:
 * @self: a #DeckAccount
 *
 * Returns: (transfer none) (nullable): when the access token expires
 */
GDateTime *
deck_account_get_token_expiry (DeckAccount *self)
{
  g_return_val_if_fail (DECK_IS_ACCOUNT (self), NULL);

  return self->token_expiry;
}

void
deck_account_set_token_expiry (DeckAccount *self,
                               GDateTime   *token_expiry)
{
  g_return_if_fail (DECK_IS_ACCOUNT (self));

  if (self->token_expiry == token_expiry)
    return;

  if (self->token_expiry != NULL && token_expiry != NULL &&
      g_date_time_equal (self->token_expiry, token_expiry))
    return;

  g_clear_pointer (&self->token_expiry, g_date_time_unref);
  if (token_expiry != NULL)
    self->token_expiry = g_date_time_ref (token_expiry);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN_EXPIRY]);
}

const char *
deck_account_get_minted_token_id (DeckAccount *self)
{
  g_return_val_if_fail (DECK_IS_ACCOUNT (self), NULL);

  return self->minted_token_id;
}

void
deck_account_set_minted_token_id (DeckAccount *self,
                                  const char  *minted_token_id)
{
  g_return_if_fail (DECK_IS_ACCOUNT (self));

  if (replace_string (&self->minted_token_id, minted_token_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MINTED_TOKEN_ID]);
}

DeckAccountStatus
deck_account_get_status (DeckAccount *self)
{
  g_return_val_if_fail (DECK_IS_ACCOUNT (self), DECK_ACCOUNT_STATUS_SIGNED_OUT);

  return self->status;
}

void
deck_account_set_status (DeckAccount       *self,
                         DeckAccountStatus  status)
{
  g_return_if_fail (DECK_IS_ACCOUNT (self));

  if (self->status == status)
    return;

  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}
