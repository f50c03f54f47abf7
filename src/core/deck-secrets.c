/* deck-secrets.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-secrets"

#include "config.h"

#include <glib/gi18n.h>

#include <json-glib/json-glib.h>

#include "deck-json.h"
#include "deck-secrets.h"
#include "deck-secure.h"

/* The only place Flowdeck keeps secrets: the Secret Service, through
 * libsecret (inside Flatpak, libsecret talks to the Secret portal by
 * itself). Attributes are NOT secret, so they only name the account and
 * the kind of secret; the value is the secret. Every call is async. */

G_DEFINE_QUARK (deck-secrets-error-quark, deck_secrets_error)

#define ATTR_ACCOUNT "account"
#define ATTR_KIND    "kind"

const SecretSchema *
deck_secrets_get_schema (void)
{
  static const SecretSchema schema = {
    APP_ID ".Token", SECRET_SCHEMA_NONE,
    {
      { ATTR_ACCOUNT, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { ATTR_KIND, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "NULL", 0 },
    }
  };

  return &schema;
}

const char *
deck_secret_kind_to_string (DeckSecretKind kind)
{
  switch (kind)
    {
    case DECK_SECRET_KIND_PAT:
      return "pat";
    case DECK_SECRET_KIND_OAUTH:
      return "oauth";
    case DECK_SECRET_KIND_CLIENT_SECRET:
      return "client-secret";
    case DECK_SECRET_KIND_NODE_RED:
      return "node-red";
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Turns whatever libsecret or D-Bus said into one of our three errors,
 * with a sentence a user can act on. The original message is kept for the
 * log, never a secret: libsecret errors do not carry values. */
static GError *
translate_error (const GError *error)
{
  int code = DECK_SECRETS_ERROR_FAILED;
  const char *message;

  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_EXEC_FAILED) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_CHILD_EXITED) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NO_SERVER) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_FILE_NOT_FOUND) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    {
      code = DECK_SECRETS_ERROR_UNAVAILABLE;
      message = _("No keyring is available. Flowdeck keeps tokens only in the keyring "
                  "(Secret Service), so nothing was saved. Install or start a keyring "
                  "such as GNOME Keyring and try again.");
    }
  else if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED) ||
           g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_ACCESS_DENIED))
    {
      code = DECK_SECRETS_ERROR_LOCKED;
      message = _("The keyring is locked and was not unlocked, so nothing was saved.");
    }
  else
    {
      message = _("The keyring reported a problem");
    }

  if (code == DECK_SECRETS_ERROR_FAILED)
    return g_error_new (DECK_SECRETS_ERROR, code, "%s: %s", message, error->message);

  g_debug ("Keyring error (%s, %d): %s", g_quark_to_string (error->domain), error->code,
           error->message);
  return g_error_new_literal (DECK_SECRETS_ERROR, code, message);
}

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_error (task, translate_error (error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * deck_secrets_store_async:
 * @kind: what the secret is
 * @account_id: the account it belongs to (not secret)
 * @label: a translated label the user sees in Seahorse
 * @secret: the value; copied by libsecret into secure memory
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Stores (or replaces) the secret of @kind for @account_id in the default
 * collection.
 */
void
deck_secrets_store_async (DeckSecretKind       kind,
                          const char          *account_id,
                          const char          *label,
                          const char          *secret,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (account_id != NULL && *account_id != '\0');
  g_return_if_fail (label != NULL);
  g_return_if_fail (secret != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_secrets_store_async);

  secret_password_store (DECK_SECRETS_SCHEMA, SECRET_COLLECTION_DEFAULT, label, secret,
                         cancellable, store_cb, g_steal_pointer (&task),
                         ATTR_ACCOUNT, account_id,
                         ATTR_KIND, deck_secret_kind_to_string (kind),
                         NULL);
}

gboolean
deck_secrets_store_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == deck_secrets_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *secret;
  char *copy;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_error (task, translate_error (error));
      return;
    }

  if (secret == NULL)
    {
      /* Not found is not an error: the caller decides what it means. */
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  /* Hand out a normal heap string so that callers free every secret the
   * same way (deck_secure_free); the libsecret copy is wiped here. */
  copy = g_strdup (secret);
  secret_password_free (secret);
  g_task_return_pointer (task, copy, (GDestroyNotify) deck_secure_free);
}

/**
 * deck_secrets_lookup_async:
 * @kind: what the secret is
 * @account_id: the account it belongs to
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Looks up a secret, unlocking the collection if needed (the keyring may
 * ask the user).
 */
void
deck_secrets_lookup_async (DeckSecretKind       kind,
                           const char          *account_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (account_id != NULL && *account_id != '\0');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_secrets_lookup_async);

  secret_password_lookup (DECK_SECRETS_SCHEMA, cancellable, lookup_cb, g_steal_pointer (&task),
                          ATTR_ACCOUNT, account_id,
                          ATTR_KIND, deck_secret_kind_to_string (kind),
                          NULL);
}

/*
 * The OAuth token set as kept in the keyring: one JSON secret,
 * {access_token, refresh_token, expires_at}.
 */

/**
 * deck_secrets_oauth_to_json:
 * @access: the access token
 * @refresh: (nullable): the refresh token
 * @expires_at: (nullable): when @access expires
 *
 * Returns: (transfer full): the secret to keep; free with deck_secure_free()
 */
char *
deck_secrets_oauth_to_json (const char *access,
                            const char *refresh,
                            GDateTime  *expires_at)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *expiry = expires_at ? g_date_time_format_iso8601 (expires_at) : NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "access_token");
  json_builder_add_string_value (builder, access);
  json_builder_set_member_name (builder, "refresh_token");
  json_builder_add_string_value (builder, refresh);
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_string_value (builder, expiry);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/**
 * deck_secrets_oauth_from_json:
 * @json: a secret made by deck_secrets_oauth_to_json()
 * @access: (out) (transfer full): the access token (deck_secure_free())
 * @refresh: (out) (transfer full) (nullable): the refresh token (deck_secure_free())
 * @expires_at: (out) (transfer full): when the access token expires
 *
 * Returns: %FALSE (and nothing set) when @json is not such a token set
 *   with an access token and its expiry
 */
gboolean
deck_secrets_oauth_from_json (const char  *json,
                              char       **access,
                              char       **refresh,
                              GDateTime  **expires_at)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GDateTime) expiry = NULL;
  JsonObject *object;
  const char *access_token;

  g_return_val_if_fail (access != NULL && refresh != NULL && expires_at != NULL, FALSE);

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;

  object = json_node_get_object (json_parser_get_root (parser));
  access_token = deck_json_get_string (object, "access_token");
  expiry = deck_json_get_datetime (object, "expires_at");
  if (access_token == NULL || expiry == NULL)
    return FALSE;

  *access = g_strdup (access_token);
  *refresh = g_strdup (deck_json_get_string (object, "refresh_token"));
  *expires_at = g_steal_pointer (&expiry);
  return TRUE;
}

/**
 * deck_secrets_lookup_unlocked_sync:
 * @kind: what the secret is
 * @account_id: the account it belongs to
 * @cancellable: (nullable): a #GCancellable
 * @error: a location for a #GError, or %NULL
 *
 * Looks up a secret without ever asking the user: a locked collection
 * counts as "no secret". Blocking, for a worker thread only (the start-up
 * prefetch of #DeckContext). It talks to the Secret Service through a
 * connection of its own, so that no main context of that thread outlives
 * it in libsecret's shared service object; inside a sandbox (where
 * libsecret uses the secrets portal instead) it finds nothing.
 *
 * Returns: (transfer full) (nullable): the secret, to be freed with
 *   deck_secure_free(); %NULL with @error unset when there is none
 */
char *
deck_secrets_lookup_unlocked_sync (DeckSecretKind   kind,
                                   const char      *account_id,
                                   GCancellable    *cancellable,
                                   GError         **error)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autolist(SecretItem) items = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (account_id != NULL && *account_id != '\0', NULL);

  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) || g_getenv ("SNAP_NAME") != NULL)
    return NULL;

  service = secret_service_open_sync (SECRET_TYPE_SERVICE, NULL, SECRET_SERVICE_OPEN_SESSION,
                                      cancellable, &local_error);
  if (service == NULL)
    goto failed;

  attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (attributes, (gpointer) ATTR_ACCOUNT, (gpointer) account_id);
  g_hash_table_insert (attributes, (gpointer) ATTR_KIND,
                       (gpointer) deck_secret_kind_to_string (kind));
  /* No SECRET_SEARCH_UNLOCK: a locked item comes back without a secret. */
  items = secret_service_search_sync (service, DECK_SECRETS_SCHEMA, attributes,
                                      SECRET_SEARCH_LOAD_SECRETS, cancellable, &local_error);
  if (local_error != NULL)
    goto failed;

  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr(SecretValue) value = secret_item_get_secret (l->data);
      const char *text = value ? secret_value_get_text (value) : NULL;

      if (text != NULL)
        return g_strdup (text);
    }

  return NULL;

failed:
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_propagate_error (error, translate_error (local_error));
  return NULL;
}

/**
 * deck_secrets_lookup_finish:
 * @result: the result
 * @error: a location for a #GError, or %NULL
 *
 * Returns: (transfer full) (nullable): the secret, to be freed with
 *   deck_secure_free(), or %NULL when there is none (@error unset) or on
 *   failure (@error set)
 */
char *
deck_secrets_lookup_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == deck_secrets_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
clear_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  gboolean removed;

  removed = secret_password_clear_finish (result, &error);
  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_error (task, translate_error (error));
      return;
    }

  g_task_return_boolean (task, removed);
}

/**
 * deck_secrets_clear_async:
 * @kind: what the secret is
 * @account_id: the account it belongs to
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Removes the secret. Finishes with %FALSE and no error when there was
 * nothing to remove.
 */
void
deck_secrets_clear_async (DeckSecretKind       kind,
                          const char          *account_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (account_id != NULL && *account_id != '\0');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_secrets_clear_async);

  secret_password_clear (DECK_SECRETS_SCHEMA, cancellable, clear_cb, g_steal_pointer (&task),
                         ATTR_ACCOUNT, account_id,
                         ATTR_KIND, deck_secret_kind_to_string (kind),
                         NULL);
}

gboolean
deck_secrets_clear_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == deck_secrets_clear_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
