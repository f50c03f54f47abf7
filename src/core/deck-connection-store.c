/* deck-connection-store.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-connection"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>

#include "deck-connection-store.h"
#include "deck-file-writer.h"
#include "deck-ff-env-var.h"
#include "deck-http.h"
#include "deck-json.h"
#include "deck-secrets.h"
#include "deck-secure.h"

/* The OAuth connections, as a GListModel of DeckConnection, and where
 * they live (the same split as DeckAccountStore, SECURITY.md S1/S6):
 *
 *  - metadata in `$XDG_DATA_HOME/flowdeck/connections.json`,
 *    `{ "version": 1, "connections": [ … ] }`, mode 0600 in a 0700
 *    folder, replaced atomically (a temporary file renamed over the old
 *    one: g_file_replace_contents_bytes_async() when the file exists, a
 *    `.new` file then rename(2) when it does not; DeckFileWriter). One write at a time;
 *    saves asked for meanwhile are answered by one more write made from
 *    the newest state;
 *  - secrets in the keyring only, with the connection id as the
 *    `account` attribute: DECK_SECRET_KIND_CLIENT_SECRET (the client
 *    secret, if any) and DECK_SECRET_KIND_OAUTH (a JSON object with the
 *    access token, the newest refresh token, the token type and expiry).
 *
 * Refreshes of one connection are serialised: with refresh-token
 * rotation a second refresh with the same (now old) refresh token would
 * fail, and servers with reuse detection (oidc-provider, RFC 9700
 * §4.14.2) would then revoke the whole grant. A refresh asked for while
 * one runs waits for it and shares its outcome.
 *
 * Delivery writes the client id, client secret, refresh token and token
 * URL as environment variables of a FlowFuse instance. FlowFuse's API
 * only replaces the whole list, so the store reads it, keeps every
 * variable it does not own, replaces its own, and writes it back. Secrets
 * are sent with `hidden: true`; FlowFuse 2.4.0 keeps the flag but does
 * not mask the value (verified against the peer), newer servers send
 * hidden values back as ''. Such a masked variable that is not ours
 * cannot be written back without erasing it, so the store then refuses
 * (DECK_CONNECTION_STORE_ERROR_UNSAFE_MERGE) instead of guessing.
 *
 * A caveat the UI states: once a refresh token is delivered, the flow and
 * Flowdeck share it; with rotation, whoever refreshes first invalidates
 * the other's copy. */

#define FILE_VERSION        1
#define MAX_FILE_SIZE       (4 * 1024 * 1024)
#define REFRESH_MARGIN_S    60
#define HTTP_TIMEOUT_S      30
#define USERINFO_MAX_BODY   (64 * 1024)

G_DEFINE_QUARK (deck-connection-store-error-quark, deck_connection_store_error)

struct _DeckConnectionStore
{
  GObject                   parent_instance;

  char                     *path;
  GFile                    *file;

  /* Owned References */
  GPtrArray                *connections;
  GHashTable               *refreshing;     /* id → GPtrArray of waiting GTask */
  GHashTable               *delivering;     /* ids being written to an instance */

  DeckConnectionClientFunc  client_func;
  gpointer                  client_data;
  GDestroyNotify            client_destroy;

  DeckFileWriter           *writer;

  /* Renewing access tokens before they expire */
  guint                     auto_refresh_lead;  /* seconds; 0: off */
  GHashTable               *timers;             /* id → source id */
  GCancellable             *auto_cancellable;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DeckConnectionStore, deck_connection_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* One operation's state, as the GTask's data. */
typedef struct
{
  DeckConnection     *connection;
  DeckOAuthTokens    *tokens;
  char               *client_secret;
  DeckOAuthProfile   *profile;
  DeckFlowfuseClient *client;
  SoupSession        *session;
  char               *instance_id;
  char               *instance_name;
  char               *names[DECK_CONNECTION_ENV_N];
  void              (*then) (GTask *task);
  guint               index;
  gboolean            revoked_at_provider;
  gboolean            secrets_masked;
  GError             *deferred;
} Op;


/*
 * Auxiliary methods
 */

static void
op_free (Op *op)
{
  g_clear_object (&op->connection);
  g_clear_pointer (&op->tokens, deck_oauth_tokens_free);
  deck_secure_clear (&op->client_secret);
  g_clear_object (&op->profile);
  g_clear_object (&op->client);
  g_clear_object (&op->session);
  g_clear_pointer (&op->instance_id, g_free);
  g_clear_pointer (&op->instance_name, g_free);
  for (guint i = 0; i < DECK_CONNECTION_ENV_N; i++)
    g_clear_pointer (&op->names[i], g_free);
  g_clear_error (&op->deferred);
  g_free (op);
}

static GTask *
op_task_new (DeckConnectionStore *self,
             DeckConnection      *connection,
             gpointer             tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Op *op = g_new0 (Op, 1);

  g_task_set_source_tag (task, tag);
  op->connection = connection ? g_object_ref (connection) : NULL;
  g_task_set_task_data (task, op, (GDestroyNotify) op_free);
  return task;
}

static gboolean
contains (DeckConnectionStore *self,
          DeckConnection      *connection,
          guint               *position)
{
  return g_ptr_array_find (self->connections, connection, position);
}

static gboolean
return_if_missing (GTask *task)
{
  DeckConnectionStore *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);

  if (contains (self, op->connection, NULL))
    return FALSE;

  g_task_return_new_error (task, DECK_CONNECTION_STORE_ERROR,
                           DECK_CONNECTION_STORE_ERROR_NOT_FOUND,
                           _("The connection is not in Flowdeck."));
  return TRUE;
}

static char *
secret_label (DeckConnection *connection)
{
  /* Translators: %s is a provider ("Google") or a connection's name. */
  return g_strdup_printf (_("Flowdeck OAuth connection to %s"),
                          deck_connection_get_display_name (connection));
}

static char *
tokens_to_secret (const DeckOAuthTokens *tokens)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "access_token");
  json_builder_add_string_value (builder, tokens->access_token);
  if (tokens->refresh_token != NULL)
    {
      json_builder_set_member_name (builder, "refresh_token");
      json_builder_add_string_value (builder, tokens->refresh_token);
    }
  if (tokens->token_type != NULL)
    {
      json_builder_set_member_name (builder, "token_type");
      json_builder_add_string_value (builder, tokens->token_type);
    }
  if (tokens->expires_at != NULL)
    {
      json_builder_set_member_name (builder, "expires_at");
      json_builder_add_int_value (builder, g_date_time_to_unix (tokens->expires_at));
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static DeckOAuthTokens *
tokens_from_secret (const char *secret)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(DeckOAuthTokens) tokens = NULL;
  JsonObject *object;
  const char *access;
  gint64 expires;

  if (secret == NULL || !json_parser_load_from_data (parser, secret, -1, NULL) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;

  object = json_node_get_object (json_parser_get_root (parser));
  access = deck_json_get_string (object, "access_token");
  if (access == NULL)
    return NULL;

  tokens = g_new0 (DeckOAuthTokens, 1);
  tokens->access_token = g_strdup (access);
  tokens->refresh_token = g_strdup (deck_json_get_string (object, "refresh_token"));
  tokens->token_type = g_strdup (deck_json_get_string (object, "token_type"));
  expires = deck_json_get_int (object, "expires_at", -1);
  if (expires > 0)
    tokens->expires_at = g_date_time_new_from_unix_utc (expires);

  /* The parser's copies of the tokens go with it; json-glib offers no
   * wipe, which is why the store keeps the parse this short-lived. */
  return g_steal_pointer (&tokens);
}

/*
 * Renewal before expiry
 */

typedef struct
{
  DeckConnectionStore *self;   /* unowned: the store removes its timers */
  char                *id;
} AutoRefresh;

static void
auto_refresh_free (gpointer data)
{
  AutoRefresh *ar = data;

  g_free (ar->id);
  g_free (ar);
}

static void
remove_timer (gpointer data)
{
  g_source_remove (GPOINTER_TO_UINT (data));
}

static void
auto_refreshed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DeckConnectionStore) self = user_data;
  g_autoptr(GError) error = NULL;

  /* On success refresh_complete() has scheduled the next renewal; a
   * failure leaves the connection FAILED, unscheduled: no retry loop
   * against a provider that refuses, the user sees it and reconnects. */
  if (!deck_connection_store_refresh_finish (self, result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("Renewing an OAuth connection before expiry failed: %s", error->message);
}

static gboolean
auto_refresh_cb (gpointer data)
{
  AutoRefresh *ar = data;
  DeckConnectionStore *self = ar->self;
  DeckConnection *connection;

  /* This source ends now: the table must not remove it again. */
  {
    gpointer key = NULL;

    if (g_hash_table_steal_extended (self->timers, ar->id, &key, NULL))
      g_free (key);
  }

  connection = deck_connection_store_find (self, ar->id);
  if (connection != NULL)
    {
      g_debug ("Renewing connection %s before its access token expires", ar->id);
      deck_connection_store_refresh_async (self, connection, self->auto_cancellable,
                                           auto_refreshed_cb, g_object_ref (self));
    }

  return G_SOURCE_REMOVE;
}

static void
schedule_auto_refresh (DeckConnectionStore *self,
                       DeckConnection      *connection)
{
  const char *id = deck_connection_get_id (connection);
  GDateTime *expires_at = deck_connection_get_expires_at (connection);
  DeckConnectionRefreshState state = deck_connection_get_refresh_state (connection);
  g_autoptr(GDateTime) now = NULL;
  AutoRefresh *ar;
  GTimeSpan left, delay;
  guint source_id;

  g_hash_table_remove (self->timers, id);

  /* Off; no expiry; no refresh token; or the last refresh failed (the
   * user reconnects). An expired token is renewed when next used. */
  if (self->auto_refresh_lead == 0 || expires_at == NULL ||
      state == DECK_CONNECTION_REFRESH_UNAVAILABLE || state == DECK_CONNECTION_REFRESH_FAILED ||
      state == DECK_CONNECTION_REFRESH_RUNNING)
    return;

  /* An instance holds the refresh token: the flow renews, not us. */
  if (deck_connection_get_refresh_holder (connection) != NULL)
    return;

  now = g_date_time_new_now_utc ();
  left = g_date_time_difference (expires_at, now);
  if (left <= 0)
    return;

  /* `lead` before expiry, but never sooner than half the time left: a
   * provider whose tokens live shorter than the lead is not hammered. */
  delay = MAX (left - (GTimeSpan) self->auto_refresh_lead * G_TIME_SPAN_SECOND, left / 2);
  ar = g_new0 (AutoRefresh, 1);
  ar->self = self;
  ar->id = g_strdup (id);
  source_id = g_timeout_add_full (G_PRIORITY_DEFAULT,
                                  (guint) MIN (delay / 1000, (GTimeSpan) G_MAXUINT),
                                  auto_refresh_cb, ar, auto_refresh_free);
  g_source_set_name_by_id (source_id, "[flowdeck] connection renewal");
  g_hash_table_insert (self->timers, g_strdup (id), GUINT_TO_POINTER (source_id));
}

static void
reschedule_all (DeckConnectionStore *self)
{
  g_hash_table_remove_all (self->timers);
  for (guint i = 0; i < self->connections->len; i++)
    schedule_auto_refresh (self, self->connections->pdata[i]);
}

static void
items_changed (DeckConnectionStore *self,
               guint                position,
               guint                removed,
               guint                added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
remove_connection (DeckConnectionStore *self,
                   DeckConnection      *connection)
{
  guint position;

  if (contains (self, connection, &position))
    {
      g_hash_table_remove (self->timers, deck_connection_get_id (connection));
      g_ptr_array_remove_index (self->connections, position);
      items_changed (self, position, 1, 0);
    }
}

static void
log_clear_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!deck_secrets_clear_finish (result, &error) && error != NULL)
    g_message ("Could not clear a keyring item of a connection: %s", error->message);
}

gboolean
deck_connection_env_name_is_valid (const char *name)
{
  /* FlowFuse's own rule (forge/db/controllers/ProjectTemplate.js). */
  if (name == NULL || *name == '\0' || g_ascii_isdigit (*name))
    return FALSE;

  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;

  return TRUE;
}

/*
 * GListModel
 */

static GType
get_item_type (GListModel *model)
{
  return DECK_TYPE_CONNECTION;
}

static guint
get_n_items (GListModel *model)
{
  return DECK_CONNECTION_STORE (model)->connections->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  DeckConnectionStore *self = DECK_CONNECTION_STORE (model);

  if (position >= self->connections->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->connections, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/*
 * Parent class overrides
 */

static void
deck_connection_store_dispose (GObject *object)
{
  DeckConnectionStore *self = (DeckConnectionStore *) object;

  if (self->client_destroy != NULL)
    g_clear_pointer (&self->client_data, self->client_destroy);
  self->client_func = NULL;
  /* No renewal from here on: the timers hold no reference. */
  self->auto_refresh_lead = 0;
  g_cancellable_cancel (self->auto_cancellable);
  g_hash_table_remove_all (self->timers);

  G_OBJECT_CLASS (deck_connection_store_parent_class)->dispose (object);
}

static void
deck_connection_store_finalize (GObject *object)
{
  DeckConnectionStore *self = (DeckConnectionStore *) object;

  g_clear_pointer (&self->path, g_free);
  g_clear_object (&self->file);
  g_clear_pointer (&self->connections, g_ptr_array_unref);
  g_clear_pointer (&self->refreshing, g_hash_table_unref);
  g_clear_pointer (&self->delivering, g_hash_table_unref);
  g_clear_object (&self->writer);
  g_clear_pointer (&self->timers, g_hash_table_unref);
  g_clear_object (&self->auto_cancellable);

  G_OBJECT_CLASS (deck_connection_store_parent_class)->finalize (object);
}

static void
deck_connection_store_class_init (DeckConnectionStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = deck_connection_store_dispose;
  object_class->finalize = deck_connection_store_finalize;
}

static void
deck_connection_store_init (DeckConnectionStore *self)
{
  self->connections = g_ptr_array_new_with_free_func (g_object_unref);
  self->delivering = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->refreshing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_ptr_array_unref);
  self->timers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, remove_timer);
  self->auto_cancellable = g_cancellable_new ();
}

/*
 * Reading
 */

static void
backup_moved_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  const char *backup = g_task_get_task_data (task);

  if (!g_file_move_finish (G_FILE (source), result, &error))
    {
      g_task_return_new_error (task, DECK_CONNECTION_STORE_ERROR,
                               DECK_CONNECTION_STORE_ERROR_IO,
                               _("The connections file could not be read, nor moved aside (%s)."),
                               error->message);
      return;
    }

  /* Translators: %s is a path. */
  g_task_return_new_error (task, DECK_CONNECTION_STORE_ERROR, DECK_CONNECTION_STORE_ERROR_CORRUPT,
                           _("The connections file could not be read. It was moved to “%s”."),
                           backup);
}

static gboolean
parse_file (const char  *data,
            gsize        length,
            GPtrArray   *out)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *array;

  if (length > MAX_FILE_SIZE || !g_utf8_validate_len (data, length, NULL) ||
      !json_parser_load_from_data (parser, data, (gssize) length, NULL) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;

  root = json_node_get_object (json_parser_get_root (parser));
  array = deck_json_get_array (root, "connections");
  if (deck_json_get_int (root, "version", -1) != FILE_VERSION || array == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr(GError) error = NULL;
      DeckConnection *connection;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return FALSE;

      connection = deck_connection_new_from_json (json_node_get_object (node), &error);
      if (connection == NULL)
        return FALSE;
      g_ptr_array_add (out, connection);
    }

  return TRUE;
}

static void
load_contents_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeckConnectionStore *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) loaded = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  guint old_len;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          g_task_return_new_error (task, DECK_CONNECTION_STORE_ERROR,
                                   DECK_CONNECTION_STORE_ERROR_IO,
                                   _("Could not read the connections file: %s"), error->message);
          return;
        }
    }
  else if (!parse_file (contents, length, loaded))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
      char *backup = g_strdup_printf ("%s.corrupt-%s", self->path, stamp);
      g_autoptr(GFile) backup_file = g_file_new_for_path (backup);

      g_message ("The connections file %s is corrupt", self->path);
      g_task_set_task_data (task, backup, g_free);
      g_file_move_async (self->file, backup_file, G_FILE_COPY_NOFOLLOW_SYMLINKS,
                         G_PRIORITY_DEFAULT, NULL, NULL, NULL, backup_moved_cb,
                         g_steal_pointer (&task));
      return;
    }

  old_len = self->connections->len;
  g_ptr_array_set_size (self->connections, 0);
  for (guint i = 0; i < loaded->len; i++)
    g_ptr_array_add (self->connections, g_object_ref (loaded->pdata[i]));
  items_changed (self, 0, old_len, self->connections->len);
  g_task_return_boolean (task, TRUE);
}

/*
 * Writing
 */

/* For the file writer, when a write starts. */
static GBytes *
serialize_cb (gpointer   user_data,
              GError   **error)
{
  DeckConnectionStore *self = user_data;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();
  JsonArray *array = json_array_sized_new (self->connections->len);
  gsize length = 0;
  char *text;

  for (guint i = 0; i < self->connections->len; i++)
    json_array_add_object_element (array, deck_connection_to_json (self->connections->pdata[i]));

  json_object_set_int_member (object, "version", FILE_VERSION);
  json_object_set_array_member (object, "connections", array);
  json_node_take_object (root, object);

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  return g_bytes_new_take (text, length);
}

/*
 * Secrets of one connection: the tokens, then the client secret
 */

static void
lookup_client_secret_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  op->client_secret = deck_secrets_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  op->profile = deck_connection_build_profile (op->connection, op->client_secret);
  op->then (task);
}

static void
lookup_tokens_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_auto(DeckSecureString) secret = NULL;

  secret = deck_secrets_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  op->tokens = tokens_from_secret (secret);
  if (op->tokens == NULL)
    {
      g_task_return_new_error (task, DECK_CONNECTION_STORE_ERROR,
                               DECK_CONNECTION_STORE_ERROR_NO_TOKENS,
                               _("The keyring holds no tokens for this connection. Connect "
                                 "again."));
      g_object_unref (task);
      return;
    }

  if (deck_connection_get_has_client_secret (op->connection))
    {
      deck_secrets_lookup_async (DECK_SECRET_KIND_CLIENT_SECRET,
                                 deck_connection_get_id (op->connection),
                                 g_task_get_cancellable (task), lookup_client_secret_cb, task);
      return;
    }

  op->profile = deck_connection_build_profile (op->connection, NULL);
  op->then (task);
}

/* Loads tokens (and the client secret) into @task's Op, then calls
 * @then with the task; on failure returns the error. Takes @task. */
static void
load_secrets (GTask  *task,
              void  (*then) (GTask *task))
{
  Op *op = g_task_get_task_data (task);

  op->then = then;
  deck_secrets_lookup_async (DECK_SECRET_KIND_OAUTH, deck_connection_get_id (op->connection),
                             g_task_get_cancellable (task), lookup_tokens_cb, task);
}

/*
 * Public API: basics
 */

/**
 * deck_connection_store_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/flowdeck/connections.json`
 */
char *
deck_connection_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "flowdeck", "connections.json", NULL);
}

/**
 * deck_connection_store_new:
 * @path: (nullable): the metadata file, or %NULL for the default
 *
 * Returns: (transfer full): an empty store; load it
 */
DeckConnectionStore *
deck_connection_store_new (const char *path)
{
  DeckConnectionStore *self = g_object_new (DECK_TYPE_CONNECTION_STORE, NULL);

  self->path = path ? g_strdup (path) : deck_connection_store_default_path ();
  self->file = g_file_new_for_path (self->path);
  self->writer = deck_file_writer_new (self->path, serialize_cb, self);
  return self;
}

const char *
deck_connection_store_get_path (DeckConnectionStore *self)
{
  g_return_val_if_fail (DECK_IS_CONNECTION_STORE (self), NULL);
  return self->path;
}

/**
 * deck_connection_store_find:
 * @self: a #DeckConnectionStore
 * @id: a connection id
 *
 * Returns: (transfer none) (nullable): the connection
 */
DeckConnection *
deck_connection_store_find (DeckConnectionStore *self,
                            const char          *id)
{
  g_return_val_if_fail (DECK_IS_CONNECTION_STORE (self), NULL);

  for (guint i = 0; i < self->connections->len; i++)
    if (g_strcmp0 (deck_connection_get_id (self->connections->pdata[i]), id) == 0)
      return self->connections->pdata[i];

  return NULL;
}

/**
 * deck_connection_store_set_client_func:
 * @self: a #DeckConnectionStore
 * @func: (nullable): finds the signed-in client for a FlowFuse server
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Revoking uses @func to remove the secrets from the instances they were
 * delivered to.
 */
void
deck_connection_store_set_client_func (DeckConnectionStore      *self,
                                       DeckConnectionClientFunc  func,
                                       gpointer                  user_data,
                                       GDestroyNotify            destroy)
{
  g_return_if_fail (DECK_IS_CONNECTION_STORE (self));

  if (self->client_destroy != NULL)
    g_clear_pointer (&self->client_data, self->client_destroy);

  self->client_func = func;
  self->client_data = user_data;
  self->client_destroy = destroy;
}

/**
 * deck_connection_store_load_async:
 * @self: a #DeckConnectionStore
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Reads connections.json. A missing file is an empty store; a corrupt
 * one is moved to `connections.json.corrupt-<UTC time>` and the store
 * starts empty (%DECK_CONNECTION_STORE_ERROR_CORRUPT).
 */
void
deck_connection_store_load_async (DeckConnectionStore *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (DECK_IS_CONNECTION_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_connection_store_load_async);
  g_task_set_check_cancellable (task, FALSE);
  g_file_load_contents_async (self->file, cancellable, load_contents_cb, task);
}

gboolean
deck_connection_store_load_finish (DeckConnectionStore  *self,
                                   GAsyncResult         *result,
                                   GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        deck_connection_store_load_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (deck_file_writer_write_finish (DECK_FILE_WRITER (source), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_new_error (task, DECK_CONNECTION_STORE_ERROR, DECK_CONNECTION_STORE_ERROR_IO,
                             _("Could not save the connections file: %s"), error->message);
}

/**
 * deck_connection_store_save_async:
 * @self: a #DeckConnectionStore
 * @cancellable: (nullable): a #GCancellable (stops waiting, not the write)
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Writes connections.json atomically, mode 0600.
 */
void
deck_connection_store_save_async (DeckConnectionStore *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (DECK_IS_CONNECTION_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_connection_store_save_async);
  deck_file_writer_write_async (self->writer, written_cb, task);
}

gboolean
deck_connection_store_save_finish (DeckConnectionStore  *self,
                                   GAsyncResult         *result,
                                   GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        deck_connection_store_save_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Saves, then answers @task with TRUE (or the save's error). Takes @task. */
static void
save_then_return_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!deck_connection_store_save_finish (DECK_CONNECTION_STORE (source), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
save_then_return (GTask *task)
{
  deck_connection_store_save_async (g_task_get_source_object (task), NULL, save_then_return_cb,
                                    task);
}

/*
 * Adding
 */

static void
add_saved_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeckConnectionStore *self = DECK_CONNECTION_STORE (source);
  Op *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!deck_connection_store_save_finish (self, result, &error))
    {
      /* FALSE means "not added": no entry and no orphaned keyring items. */
      const char *id = deck_connection_get_id (op->connection);

      remove_connection (self, op->connection);
      deck_secrets_clear_async (DECK_SECRET_KIND_OAUTH, id, NULL, log_clear_cb, NULL);
      deck_secrets_clear_async (DECK_SECRET_KIND_CLIENT_SECRET, id, NULL, log_clear_cb, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
add_tokens_stored_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeckConnectionStore *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* S5: no keyring, no connection, nothing written. */
  if (!deck_secrets_store_finish (result, &error))
    {
      deck_secrets_clear_async (DECK_SECRET_KIND_CLIENT_SECRET,
                                deck_connection_get_id (op->connection), NULL, log_clear_cb, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_ptr_array_add (self->connections, g_object_ref (op->connection));
  items_changed (self, self->connections->len - 1, 0, 1);
  deck_connection_store_save_async (self, NULL, add_saved_cb, g_steal_pointer (&task));
}

static void
add_store_tokens (GTask *task)
{
  Op *op = g_task_get_task_data (task);
  g_autofree char *label = secret_label (op->connection);
  g_auto(DeckSecureString) secret = tokens_to_secret (op->tokens);

  deck_secrets_store_async (DECK_SECRET_KIND_OAUTH, deck_connection_get_id (op->connection),
                            label, secret, g_task_get_cancellable (task), add_tokens_stored_cb,
                            task);
}

static void
add_secret_stored_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;

  if (!deck_secrets_store_finish (result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  add_store_tokens (task);
}

static void
add_store_secrets (GTask *task)
{
  Op *op = g_task_get_task_data (task);
  g_autofree char *label = NULL;

  if (op->client_secret == NULL)
    {
      add_store_tokens (task);
      return;
    }

  label = secret_label (op->connection);
  deck_secrets_store_async (DECK_SECRET_KIND_CLIENT_SECRET,
                            deck_connection_get_id (op->connection), label, op->client_secret,
                            g_task_get_cancellable (task), add_secret_stored_cb, task);
}

static void
userinfo_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  g_autoptr(DeckHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = deck_http_send_finish (result, &error);
  if (response == NULL)
    g_debug ("No account label: userinfo request failed: %s", error->message);
  else if (response->status == SOUP_STATUS_OK && response->json != NULL &&
           JSON_NODE_HOLDS_OBJECT (response->json))
    {
      g_autofree char *label =
        deck_connection_label_from_claims (json_node_get_object (response->json));

      _deck_connection_set_account_label (op->connection, label);
    }
  else
    g_debug ("No account label: userinfo answered HTTP %u", response->status);

  add_store_secrets (task);
}

/**
 * deck_connection_store_add_async:
 * @self: a #DeckConnectionStore
 * @connection: a new connection (deck_connection_new_for_profile())
 * @client_secret: (nullable): its client secret
 * @tokens: what the consent returned
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Records the granted scopes and expiry, finds a label for the account
 * (the ID token's `email`/`name`, else the userinfo endpoint; display
 * only), stores the client secret and the tokens in the keyring and only
 * then adds @connection and saves. On any failure nothing is kept.
 */
void
deck_connection_store_add_async (DeckConnectionStore   *self,
                                 DeckConnection        *connection,
                                 const char            *client_secret,
                                 const DeckOAuthTokens *tokens,
                                 GCancellable          *cancellable,
                                 GAsyncReadyCallback    callback,
                                 gpointer               user_data)
{
  GTask *task;
  Op *op;
  g_autofree char *label = NULL;
  const char *userinfo;

  g_return_if_fail (DECK_IS_CONNECTION_STORE (self));
  g_return_if_fail (DECK_IS_CONNECTION (connection));
  g_return_if_fail (tokens != NULL && tokens->access_token != NULL);

  task = op_task_new (self, connection, deck_connection_store_add_async, cancellable, callback,
                      user_data);
  g_task_set_check_cancellable (task, FALSE);
  op = g_task_get_task_data (task);
  op->tokens = deck_oauth_tokens_copy (tokens);
  if (client_secret != NULL && *client_secret != '\0')
    op->client_secret = g_strdup (client_secret);

  if (contains (self, connection, NULL) || deck_connection_store_find (self,
                                                                      deck_connection_get_id (connection)))
    {
      g_task_return_new_error (task, DECK_CONNECTION_STORE_ERROR,
                               DECK_CONNECTION_STORE_ERROR_IO,
                               _("This connection is already in Flowdeck."));
      g_object_unref (task);
      return;
    }

  _deck_connection_set_has_client_secret (connection, op->client_secret != NULL);
  _deck_connection_apply_tokens (connection, tokens, TRUE);

  label = deck_connection_label_from_id_token (tokens->id_token);
  _deck_connection_set_account_label (connection, label);

  userinfo = deck_connection_get_userinfo_endpoint (connection);
  if (label == NULL && userinfo != NULL && deck_oauth_check_endpoint (userinfo, "userinfo", NULL))
    {
      g_autoptr(SoupMessage) message = soup_message_new (SOUP_METHOD_GET, userinfo);
      g_autofree char *header = g_strconcat ("Bearer ", tokens->access_token, NULL);

      if (message != NULL)
        {
          op->session = deck_http_session_new (HTTP_TIMEOUT_S);
          soup_message_headers_replace (soup_message_get_request_headers (message),
                                        "Authorization", header);
          deck_secure_wipe (header, strlen (header));
          deck_http_send_async (op->session, message, DECK_HTTP_FLAGS_JSON, USERINFO_MAX_BODY,
                                cancellable, userinfo_cb, task);
          return;
        }
    }

  add_store_secrets (task);
}

gboolean
deck_connection_store_add_finish (DeckConnectionStore  *self,
                                  GAsyncResult         *result,
                                  GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        deck_connection_store_add_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/*
 * Refreshing (serialised per connection)
 */

static void
refresh_complete (DeckConnectionStore *self,
                  DeckConnection      *connection,
                  const GError        *error)
{
  g_autoptr(GPtrArray) waiters = NULL;
  g_autofree char *key = NULL;

  if (!g_hash_table_steal_extended (self->refreshing, deck_connection_get_id (connection),
                                    (gpointer *) &key, (gpointer *) &waiters))
    return;

  _deck_connection_set_refresh_state (connection, error != NULL
                                                    ? DECK_CONNECTION_REFRESH_FAILED
                                                    : DECK_CONNECTION_REFRESH_IDLE,
                                      error != NULL ? error->message : NULL);

  schedule_auto_refresh (self, connection);

  for (guint i = 0; i < waiters->len; i++)
    {
      if (error != NULL)
        g_task_return_error (waiters->pdata[i], g_error_copy (error));
      else
        g_task_return_boolean (waiters->pdata[i], TRUE);
    }
}

static void
refresh_saved_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!deck_connection_store_save_finish (DECK_CONNECTION_STORE (source), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
refresh_stored_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeckConnectionStore *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!deck_secrets_store_finish (result, &error))
    {
      /* The new refresh token is lost and, with rotation, the old one is
       * dead: the user must connect again. Say so. */
      g_prefix_error (&error, _("The renewed tokens could not be kept: "));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  _deck_connection_apply_tokens (op->connection, op->tokens, FALSE);
  deck_connection_store_save_async (self, NULL, refresh_saved_cb, g_steal_pointer (&task));
}

static void
refresh_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckOAuthTokens) tokens = NULL;
  g_autofree char *label = NULL;
  g_auto(DeckSecureString) secret = NULL;

  tokens = deck_oauth_refresh_finish (result, &error);
  if (tokens == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* O13: keep the newest refresh token (the flow already fell back to
   * the old one when the server sent none). */
  g_clear_pointer (&op->tokens, deck_oauth_tokens_free);
  op->tokens = g_steal_pointer (&tokens);
  secret = tokens_to_secret (op->tokens);
  label = secret_label (op->connection);
  deck_secrets_store_async (DECK_SECRET_KIND_OAUTH, deck_connection_get_id (op->connection),
                            label, secret, NULL, refresh_stored_cb, g_steal_pointer (&task));
}

static void
refresh_with_secrets (GTask *task)
{
  Op *op = g_task_get_task_data (task);

  if (op->tokens->refresh_token == NULL)
    {
      g_task_return_new_error (task, DECK_CONNECTION_STORE_ERROR,
                               DECK_CONNECTION_STORE_ERROR_NO_TOKENS,
                               _("The provider gave no refresh token. Connect again when the "
                                 "access token expires."));
      g_object_unref (task);
      return;
    }

  /* Not cancellable: a refresh the server carried out must be stored,
   * or the rotated token would be lost. */
  deck_oauth_refresh_async (op->profile, op->tokens->refresh_token, NULL, refresh_done_cb, task);
}

/* The worker's outcome goes to every waiter. */
static void
refresh_worker_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DeckConnection) connection = user_data;
  g_autoptr(GError) error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  refresh_complete (DECK_CONNECTION_STORE (source), connection, error);
}

/* The product's rule for a delivered refresh token (see
 * deck_connection_get_refresh_holder()): refreshing here would rotate
 * it away from under the flow, so refuse and say why. */
static gboolean
return_if_handed_over (GTask *task)
{
  Op *op = g_task_get_task_data (task);
  const DeckConnectionDelivery *holder = deck_connection_get_refresh_holder (op->connection);

  if (holder == NULL)
    return FALSE;

  g_task_return_new_error (task, DECK_CONNECTION_STORE_ERROR,
                           DECK_CONNECTION_STORE_ERROR_HANDED_OVER,
                           _("The instance %s holds this connection’s refresh token, so its "
                             "flow does the refreshing. Flowdeck does not refresh, because that "
                             "would invalidate the instance’s copy. Remove the connection from "
                             "the instance to refresh here again."),
                           holder->instance_name != NULL ? holder->instance_name
                                                         : holder->instance_id);
  return TRUE;
}

/**
 * deck_connection_store_refresh_async:
 * @self: a #DeckConnectionStore
 * @connection: a connection in @self
 * @cancellable: (nullable): stops waiting; a refresh the provider already
 *   answered is still stored
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Refreshes the access token and keeps the newest refresh token in the
 * keyring (rotation, O13). Refreshes of one connection never overlap.
 * Fails with %DECK_CONNECTION_STORE_ERROR_HANDED_OVER while an instance
 * holds the refresh token.
 */
void
deck_connection_store_refresh_async (DeckConnectionStore *self,
                                     DeckConnection      *connection,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task;
  GPtrArray *waiters;
  GTask *worker;

  g_return_if_fail (DECK_IS_CONNECTION_STORE (self));
  g_return_if_fail (DECK_IS_CONNECTION (connection));

  task = op_task_new (self, connection, deck_connection_store_refresh_async, cancellable,
                      callback, user_data);
  if (return_if_missing (task))
    {
      g_object_unref (task);
      return;
    }

  if (return_if_handed_over (task))
    {
      g_object_unref (task);
      return;
    }

  /* The refresh token is being written to an instance: rotating it now
   * would hand the instance a dead one. */
  if (g_hash_table_contains (self->delivering, deck_connection_get_id (connection)))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("The connection is being delivered to an instance. Try again "
                                 "in a moment."));
      g_object_unref (task);
      return;
    }

  waiters = g_hash_table_lookup (self->refreshing, deck_connection_get_id (connection));
  if (waiters != NULL)
    {
      g_ptr_array_add (waiters, task);
      return;
    }

  waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (waiters, task);
  g_hash_table_insert (self->refreshing, g_strdup (deck_connection_get_id (connection)), waiters);
  _deck_connection_set_refresh_state (connection, DECK_CONNECTION_REFRESH_RUNNING, NULL);

  /* The worker task carries the secrets; the waiters get its outcome. */
  worker = op_task_new (self, connection, refresh_worker_cb, NULL, refresh_worker_cb,
                        g_object_ref (connection));
  load_secrets (worker, refresh_with_secrets);
}

gboolean
deck_connection_store_refresh_finish (DeckConnectionStore  *self,
                                      GAsyncResult         *result,
                                      GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        deck_connection_store_refresh_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/*
 * Access token
 */

static void
access_token_loaded (GTask *task)
{
  Op *op = g_task_get_task_data (task);

  g_task_return_pointer (task, g_strdup (op->tokens->access_token),
                         (GDestroyNotify) deck_secure_free);
  g_object_unref (task);
}

static void
access_token_refreshed_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;

  if (!deck_connection_store_refresh_finish (DECK_CONNECTION_STORE (source), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  load_secrets (task, access_token_loaded);
}

/**
 * deck_connection_store_get_access_token_async:
 * @self: a #DeckConnectionStore
 * @connection: a connection in @self
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * The current access token, refreshed first when it expires within a
 * minute and a refresh token is known.
 */
void
deck_connection_store_get_access_token_async (DeckConnectionStore *self,
                                              DeckConnection      *connection,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  GTask *task;
  GDateTime *expires;

  g_return_if_fail (DECK_IS_CONNECTION_STORE (self));
  g_return_if_fail (DECK_IS_CONNECTION (connection));

  task = op_task_new (self, connection, deck_connection_store_get_access_token_async,
                      cancellable, callback, user_data);
  if (return_if_missing (task))
    {
      g_object_unref (task);
      return;
    }

  expires = deck_connection_get_expires_at (connection);
  if (expires != NULL &&
      deck_connection_get_refresh_state (connection) != DECK_CONNECTION_REFRESH_UNAVAILABLE)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      if (g_date_time_difference (expires, now) < REFRESH_MARGIN_S * G_TIME_SPAN_SECOND)
        {
          deck_connection_store_refresh_async (self, connection, cancellable,
                                               access_token_refreshed_cb, task);
          return;
        }
    }

  load_secrets (task, access_token_loaded);
}

/**
 * deck_connection_store_get_access_token_finish:
 * @self: a #DeckConnectionStore
 * @result: the result
 * @error: a location for a #GError, or %NULL
 *
 * Returns: (transfer full): the access token; free with deck_secure_free()
 */
char *
deck_connection_store_get_access_token_finish (DeckConnectionStore  *self,
                                               GAsyncResult         *result,
                                               GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        deck_connection_store_get_access_token_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/*
 * Delivery to an instance: merge, never drop others
 */

static gboolean
is_ours (Op         *op,
         const char *name)
{
  for (guint i = 0; i < DECK_CONNECTION_ENV_N; i++)
    if (g_strcmp0 (op->names[i], name) == 0)
      return TRUE;
  return FALSE;
}

/* The instance's variables without ours; NULL with @error when one that
 * is not ours is masked (it could not be written back). */
static GListStore *
others_of (Op          *op,
           GListModel  *env,
           GError     **error)
{
  g_autoptr(GListStore) out = g_list_store_new (DECK_TYPE_FF_ENV_VAR);

  for (guint i = 0; i < g_list_model_get_n_items (env); i++)
    {
      g_autoptr(DeckFfEnvVar) var = g_list_model_get_item (env, i);
      const char *name = deck_ff_env_var_get_name (var);

      if (deck_ff_env_var_get_platform (var) || is_ours (op, name))
        continue;

      if (deck_ff_env_var_get_hidden (var) && *deck_ff_env_var_get_value (var) == '\0')
        {
          g_set_error (error, DECK_CONNECTION_STORE_ERROR,
                       DECK_CONNECTION_STORE_ERROR_UNSAFE_MERGE,
                       _("The instance has a hidden variable (%s) whose value the server does "
                         "not show. Writing the variables would erase it, so Flowdeck changed "
                         "nothing. Set the variables in FlowFuse instead."), name);
          return NULL;
        }

      g_list_store_append (out, var);
    }

  return g_steal_pointer (&out);
}

static void deliver_checked_cb (GObject *source, GAsyncResult *result, gpointer user_data);

static void
deliver_written_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!deck_flowfuse_client_set_instance_env_finish (DECK_FLOWFUSE_CLIENT (source), result,
                                                     &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  /* Read back: are hidden values masked by this server? */
  deck_flowfuse_client_get_instance_env_async (op->client, op->instance_id,
                                               g_task_get_cancellable (task),
                                               deliver_checked_cb, task);
}

static void
deliver_checked_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  DeckConnectionStore *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  g_autoptr(GListModel) env = NULL;
  g_autoptr(GError) error = NULL;
  DeckConnectionDelivery delivery = { 0 };
  const char *secret_name = op->names[DECK_CONNECTION_ENV_REFRESH_TOKEN];

  if (secret_name == NULL)
    secret_name = op->names[DECK_CONNECTION_ENV_CLIENT_SECRET];

  env = deck_flowfuse_client_get_instance_env_finish (DECK_FLOWFUSE_CLIENT (source), result,
                                                      &error);
  if (env != NULL && secret_name != NULL)
    for (guint i = 0; i < g_list_model_get_n_items (env); i++)
      {
        g_autoptr(DeckFfEnvVar) var = g_list_model_get_item (env, i);

        if (g_strcmp0 (deck_ff_env_var_get_name (var), secret_name) == 0)
          op->secrets_masked = deck_ff_env_var_get_hidden (var) &&
                               *deck_ff_env_var_get_value (var) == '\0';
      }
  if (env == NULL)
    g_debug ("Could not read the variables back: %s", error->message);

  delivery.server_url = (char *) deck_flowfuse_client_get_base_url (op->client);
  delivery.instance_id = op->instance_id;
  delivery.instance_name = op->instance_name;
  for (guint i = 0; i < DECK_CONNECTION_ENV_N; i++)
    delivery.names[i] = op->names[i];
  _deck_connection_set_delivery (op->connection, &delivery);
  /* The flow now renews: no timer of ours. */
  schedule_auto_refresh (self, op->connection);

  g_debug ("Delivered a connection to an instance (values %s)",
           op->secrets_masked ? "masked" : "not masked by the server");
  deck_connection_store_save_async (self, NULL, save_then_return_cb, task);
}

static void
deliver_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  g_autoptr(GListModel) env = NULL;
  g_autoptr(GListStore) merged = NULL;
  g_autoptr(GError) error = NULL;
  const char *values[DECK_CONNECTION_ENV_N];

  env = deck_flowfuse_client_get_instance_env_finish (DECK_FLOWFUSE_CLIENT (source), result,
                                                      &error);
  if (env != NULL)
    merged = others_of (op, env, &error);
  if (merged == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  values[DECK_CONNECTION_ENV_CLIENT_ID] = deck_connection_get_client_id (op->connection);
  values[DECK_CONNECTION_ENV_CLIENT_SECRET] = op->client_secret;
  values[DECK_CONNECTION_ENV_REFRESH_TOKEN] = op->tokens->refresh_token;
  values[DECK_CONNECTION_ENV_TOKEN_URL] = deck_connection_get_token_endpoint (op->connection);

  for (guint i = 0; i < DECK_CONNECTION_ENV_N; i++)
    {
      g_autoptr(DeckFfEnvVar) var = NULL;
      gboolean secret = i == DECK_CONNECTION_ENV_CLIENT_SECRET ||
                        i == DECK_CONNECTION_ENV_REFRESH_TOKEN;

      /* Nothing to deliver (a public client, no refresh token): no name. */
      if (values[i] == NULL)
        {
          g_clear_pointer (&op->names[i], g_free);
          continue;
        }

      var = deck_ff_env_var_new (op->names[i], values[i], secret);
      g_list_store_append (merged, var);
    }

  deck_flowfuse_client_set_instance_env_async (op->client, op->instance_id,
                                               G_LIST_MODEL (merged),
                                               g_task_get_cancellable (task),
                                               deliver_written_cb, task);
}

static void
deliver_with_secrets (GTask *task)
{
  Op *op = g_task_get_task_data (task);

  deck_flowfuse_client_get_instance_env_async (op->client, op->instance_id,
                                               g_task_get_cancellable (task),
                                               deliver_read_cb, task);
}

static void
delivery_completed_cb (GTask      *task,
                       GParamSpec *pspec,
                       char       *id)
{
  DeckConnectionStore *self = g_task_get_source_object (task);
  DeckConnection *connection;

  g_hash_table_remove (self->delivering, id);
  /* Not delivered after all: renewal as before. */
  connection = deck_connection_store_find (self, id);
  if (connection != NULL)
    schedule_auto_refresh (self, connection);
}

/**
 * deck_connection_store_deliver_async:
 * @self: a #DeckConnectionStore
 * @connection: a connection in @self
 * @client: a signed-in client of the instance's server
 * @instance_id: the instance
 * @instance_name: (nullable): its name, for display
 * @names: (nullable) (array fixed-size=4): variable names by
 *   #DeckConnectionEnv; %NULL (or %NULL entries) for the defaults
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Writes client id, client secret, refresh token and token URL as
 * environment variables of the instance, keeping all its other
 * variables, with the secrets marked hidden. Records the delivery. The
 * instance must restart to see them.
 */
void
deck_connection_store_deliver_async (DeckConnectionStore *self,
                                     DeckConnection      *connection,
                                     DeckFlowfuseClient  *client,
                                     const char          *instance_id,
                                     const char          *instance_name,
                                     const char * const  *names,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task;
  Op *op;

  g_return_if_fail (DECK_IS_CONNECTION_STORE (self));
  g_return_if_fail (DECK_IS_CONNECTION (connection));
  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (client));
  g_return_if_fail (instance_id != NULL);

  task = op_task_new (self, connection, deck_connection_store_deliver_async, cancellable,
                      callback, user_data);
  if (return_if_missing (task))
    {
      g_object_unref (task);
      return;
    }

  /* The refresh token must not rotate between reading and writing it. */
  if (g_hash_table_contains (self->refreshing, deck_connection_get_id (connection)) ||
      g_hash_table_contains (self->delivering, deck_connection_get_id (connection)))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("The connection is being refreshed. Try again in a moment."));
      g_object_unref (task);
      return;
    }

  /* One holder of the refresh token: two flows refreshing it would
   * invalidate each other's copy. */
  {
    const DeckConnectionDelivery *holder = deck_connection_get_refresh_holder (connection);

    if (holder != NULL &&
        (g_strcmp0 (holder->instance_id, instance_id) != 0 ||
         g_strcmp0 (holder->server_url, deck_flowfuse_client_get_base_url (client)) != 0))
      {
        g_task_return_new_error (task, DECK_CONNECTION_STORE_ERROR,
                                 DECK_CONNECTION_STORE_ERROR_HANDED_OVER,
                                 _("The instance %s already holds this connection’s refresh "
                                   "token. Two flows refreshing it would invalidate each "
                                   "other’s copy: remove it there first."),
                                 holder->instance_name != NULL ? holder->instance_name
                                                               : holder->instance_id);
        g_object_unref (task);
        return;
      }
  }

  /* No renewal while the token is written; the flow renews afterwards. */
  g_hash_table_add (self->delivering, g_strdup (deck_connection_get_id (connection)));
  g_hash_table_remove (self->timers, deck_connection_get_id (connection));
  g_signal_connect_data (task, "notify::completed", G_CALLBACK (delivery_completed_cb),
                         g_strdup (deck_connection_get_id (connection)),
                         (GClosureNotify) g_free, 0);

  op = g_task_get_task_data (task);
  op->client = g_object_ref (client);
  op->instance_id = g_strdup (instance_id);
  op->instance_name = g_strdup (instance_name);
  for (guint i = 0; i < DECK_CONNECTION_ENV_N; i++)
    {
      const char *name = names != NULL ? names[i] : NULL;

      op->names[i] = name != NULL && *name != '\0'
                       ? g_strdup (name)
                       : deck_connection_dup_default_env_name (connection, i);

      if (!deck_connection_env_name_is_valid (op->names[i]))
        {
          g_task_return_new_error (task, DECK_CONNECTION_STORE_ERROR,
                                   DECK_CONNECTION_STORE_ERROR_INVALID_NAME,
                                   _("“%s” is not a valid variable name: use letters, digits "
                                     "and “_”, not starting with a digit."), op->names[i]);
          g_object_unref (task);
          return;
        }

      for (guint j = 0; j < i; j++)
        if (g_strcmp0 (op->names[i], op->names[j]) == 0)
          {
            g_task_return_new_error (task, DECK_CONNECTION_STORE_ERROR,
                                     DECK_CONNECTION_STORE_ERROR_INVALID_NAME,
                                     _("The name “%s” is used twice."), op->names[i]);
            g_object_unref (task);
            return;
          }
    }

  load_secrets (task, deliver_with_secrets);
}

/**
 * deck_connection_store_deliver_finish:
 * @self: a #DeckConnectionStore
 * @result: the result
 * @out_secrets_masked: (out) (optional): whether the server hides the
 *   secret values from other readers (FALSE on FlowFuse 2.4.0)
 * @error: a location for a #GError, or %NULL
 *
 * Returns: %TRUE when the variables were written and recorded
 */
gboolean
deck_connection_store_deliver_finish (DeckConnectionStore  *self,
                                      GAsyncResult         *result,
                                      gboolean             *out_secrets_masked,
                                      GError              **error)
{
  Op *op;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        deck_connection_store_deliver_async, FALSE);

  op = g_task_get_task_data (G_TASK (result));
  if (out_secrets_masked != NULL)
    *out_secrets_masked = op->secrets_masked;
  return g_task_propagate_boolean (G_TASK (result), error);
}

/*
 * Taking a delivery back
 */

typedef struct
{
  DeckConnection     *connection;
  DeckFlowfuseClient *client;
  char               *server_url;
  char               *instance_id;
  Op                  op;          /* only its names are used */
} Undeliver;

static void
undeliver_free (Undeliver *u)
{
  g_clear_object (&u->connection);
  g_clear_object (&u->client);
  g_free (u->server_url);
  g_free (u->instance_id);
  for (guint i = 0; i < DECK_CONNECTION_ENV_N; i++)
    g_free (u->op.names[i]);
  g_free (u);
}

static void
undeliver_written_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  Undeliver *u = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!deck_flowfuse_client_set_instance_env_finish (DECK_FLOWFUSE_CLIENT (source), result,
                                                     &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  _deck_connection_remove_delivery (u->connection, u->server_url, u->instance_id);
  schedule_auto_refresh (g_task_get_source_object (task), u->connection);
  deck_connection_store_save_async (g_task_get_source_object (task), NULL, save_then_return_cb,
                                    task);
}

static void
undeliver_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  Undeliver *u = g_task_get_task_data (task);
  g_autoptr(GListModel) env = NULL;
  g_autoptr(GListStore) others = NULL;
  g_autoptr(GError) error = NULL;

  env = deck_flowfuse_client_get_instance_env_finish (DECK_FLOWFUSE_CLIENT (source), result,
                                                      &error);
  if (env == NULL &&
      g_error_matches (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_NOT_FOUND))
    {
      /* The instance is gone, and its variables with it. */
      _deck_connection_remove_delivery (u->connection, u->server_url, u->instance_id);
      schedule_auto_refresh (g_task_get_source_object (task), u->connection);
      deck_connection_store_save_async (g_task_get_source_object (task), NULL,
                                        save_then_return_cb, task);
      return;
    }
  if (env != NULL)
    others = others_of (&u->op, env, &error);
  if (others == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  deck_flowfuse_client_set_instance_env_async (u->client, u->instance_id, G_LIST_MODEL (others),
                                               g_task_get_cancellable (task),
                                               undeliver_written_cb, task);
}

static void
undeliver_start (DeckConnectionStore          *self,
                 DeckConnection               *connection,
                 DeckFlowfuseClient           *client,
                 const DeckConnectionDelivery *delivery,
                 GCancellable                 *cancellable,
                 gpointer                      tag,
                 GAsyncReadyCallback           callback,
                 gpointer                      user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Undeliver *u = g_new0 (Undeliver, 1);

  g_task_set_source_tag (task, tag);
  u->connection = g_object_ref (connection);
  u->client = g_object_ref (client);
  u->server_url = g_strdup (delivery->server_url);
  u->instance_id = g_strdup (delivery->instance_id);
  for (guint i = 0; i < DECK_CONNECTION_ENV_N; i++)
    u->op.names[i] = g_strdup (delivery->names[i]);
  g_task_set_task_data (task, u, (GDestroyNotify) undeliver_free);

  deck_flowfuse_client_get_instance_env_async (client, u->instance_id, cancellable,
                                               undeliver_read_cb, task);
}

static const DeckConnectionDelivery *
find_delivery (DeckConnection *connection,
               const char     *server_url,
               const char     *instance_id)
{
  GPtrArray *deliveries = deck_connection_get_deliveries (connection);

  for (guint i = 0; i < deliveries->len; i++)
    {
      const DeckConnectionDelivery *d = g_ptr_array_index (deliveries, i);

      if (g_strcmp0 (d->server_url, server_url) == 0 &&
          g_strcmp0 (d->instance_id, instance_id) == 0)
        return d;
    }

  return NULL;
}

/**
 * deck_connection_store_undeliver_async:
 * @self: a #DeckConnectionStore
 * @connection: a connection in @self
 * @client: a signed-in client of the instance's server
 * @instance_id: an instance the connection was delivered to
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Removes the connection's variables from the instance (keeping all
 * others) and forgets the delivery.
 */
void
deck_connection_store_undeliver_async (DeckConnectionStore *self,
                                       DeckConnection      *connection,
                                       DeckFlowfuseClient  *client,
                                       const char          *instance_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  const DeckConnectionDelivery *delivery;

  g_return_if_fail (DECK_IS_CONNECTION_STORE (self));
  g_return_if_fail (DECK_IS_CONNECTION (connection));
  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (client));
  g_return_if_fail (instance_id != NULL);

  delivery = find_delivery (connection, deck_flowfuse_client_get_base_url (client), instance_id);
  if (delivery == NULL)
    {
      g_task_report_new_error (self, callback, user_data, deck_connection_store_undeliver_async,
                               DECK_CONNECTION_STORE_ERROR, DECK_CONNECTION_STORE_ERROR_NOT_FOUND,
                               _("This connection was not delivered to that instance."));
      return;
    }

  undeliver_start (self, connection, client, delivery, cancellable,
                   deck_connection_store_undeliver_async, callback, user_data);
}

gboolean
deck_connection_store_undeliver_finish (DeckConnectionStore  *self,
                                        GAsyncResult         *result,
                                        GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        deck_connection_store_undeliver_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/*
 * Revoking and removing
 */

static void remove_clear_next (GTask *task);

static void
remove_cleared_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!deck_secrets_clear_finish (result, &error) && error != NULL)
    {
      /* Keep the entry: a secret must not stay behind unseen. */
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  op->index++;
  remove_clear_next (task);
}

static void
remove_clear_next (GTask *task)
{
  Op *op = g_task_get_task_data (task);
  const DeckSecretKind kinds[] = { DECK_SECRET_KIND_OAUTH, DECK_SECRET_KIND_CLIENT_SECRET };

  if (op->index < G_N_ELEMENTS (kinds))
    {
      deck_secrets_clear_async (kinds[op->index], deck_connection_get_id (op->connection), NULL,
                                remove_cleared_cb, task);
      return;
    }

  remove_connection (g_task_get_source_object (task), op->connection);
  save_then_return (task);
}

static void revoke_undeliver_next (GTask *task);

static void
revoke_undelivered_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (op->deferred == NULL)
        op->deferred = g_steal_pointer (&error);
      op->index++;   /* this delivery stays recorded: skip it */
    }

  revoke_undeliver_next (task);
}

/* Removes the secrets from every instance; op->index counts the
 * deliveries that stay (failed). */
static void
revoke_undeliver_next (GTask *task)
{
  DeckConnectionStore *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  GPtrArray *deliveries = deck_connection_get_deliveries (op->connection);
  const DeckConnectionDelivery *delivery;
  DeckFlowfuseClient *client = NULL;

  if (op->index >= deliveries->len)
    {
      if (op->deferred != NULL)
        {
          g_autoptr(GError) error = g_steal_pointer (&op->deferred);

          /* The grant is gone (if the provider could revoke it), but some
           * instance still holds the variables: keep the connection so
           * that it can be tried again. */
          deck_connection_store_save_async (self, NULL, NULL, NULL);
          g_task_return_new_error (task, DECK_CONNECTION_STORE_ERROR,
                                   DECK_CONNECTION_STORE_ERROR_INSTANCES,
                                   _("The connection’s secrets could not be removed from every "
                                     "instance: %s"), error->message);
          g_object_unref (task);
          return;
        }

      op->index = 0;
      remove_clear_next (task);
      return;
    }

  delivery = g_ptr_array_index (deliveries, op->index);
  if (self->client_func != NULL)
    client = self->client_func (delivery->server_url, self->client_data);

  if (client == NULL)
    {
      if (op->deferred == NULL)
        op->deferred = g_error_new (DECK_CONNECTION_STORE_ERROR,
                                    DECK_CONNECTION_STORE_ERROR_INSTANCES,
                                    _("Flowdeck is not signed in to %s, which holds them for "
                                      "“%s”."), delivery->server_url,
                                    delivery->instance_name ? delivery->instance_name
                                                            : delivery->instance_id);
      op->index++;
      revoke_undeliver_next (task);
      return;
    }

  undeliver_start (self, op->connection, client, delivery, NULL, revoke_undeliver_next,
                   revoke_undelivered_cb, task);
}

static void
revoke_access_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!deck_oauth_revoke_finish (result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  op->revoked_at_provider = TRUE;
  op->index = 0;
  revoke_undeliver_next (task);
}

static void
revoke_refresh_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!deck_oauth_revoke_finish (result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  /* Most servers end the access tokens with the grant; revoke the access
   * token too so that it is confirmed, not assumed (N6). */
  deck_oauth_revoke_async (op->profile, op->tokens->access_token, "access_token",
                           g_task_get_cancellable (task), revoke_access_cb, task);
}

static void
revoke_with_secrets (GTask *task)
{
  Op *op = g_task_get_task_data (task);

  if (deck_oauth_profile_get_revocation_endpoint (op->profile) == NULL)
    {
      /* O14: nothing to call; the UI says the grant remains. */
      op->revoked_at_provider = FALSE;
      op->index = 0;
      revoke_undeliver_next (task);
      return;
    }

  if (op->tokens->refresh_token != NULL)
    deck_oauth_revoke_async (op->profile, op->tokens->refresh_token, "refresh_token",
                             g_task_get_cancellable (task), revoke_refresh_cb, task);
  else
    deck_oauth_revoke_async (op->profile, op->tokens->access_token, "access_token",
                             g_task_get_cancellable (task), revoke_access_cb, task);
}

/**
 * deck_connection_store_revoke_async:
 * @self: a #DeckConnectionStore
 * @connection: a connection in @self
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Revokes the grant at the provider (RFC 7009: the refresh token, then
 * the access token) when it has an endpoint, removes the secrets from
 * every instance they were delivered to (through the client func), then
 * clears the keyring and forgets the connection. Without an endpoint the
 * grant remains at the provider: deck_connection_store_revoke_finish()
 * says so and the UI must tell the user. If an instance cannot be
 * cleaned, the connection stays (%DECK_CONNECTION_STORE_ERROR_INSTANCES)
 * and revoking again retries.
 */
void
deck_connection_store_revoke_async (DeckConnectionStore *self,
                                    DeckConnection      *connection,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (DECK_IS_CONNECTION_STORE (self));
  g_return_if_fail (DECK_IS_CONNECTION (connection));

  task = op_task_new (self, connection, deck_connection_store_revoke_async, cancellable,
                      callback, user_data);
  if (return_if_missing (task))
    {
      g_object_unref (task);
      return;
    }

  load_secrets (task, revoke_with_secrets);
}

/**
 * deck_connection_store_revoke_finish:
 * @self: a #DeckConnectionStore
 * @result: the result
 * @out_revoked_at_provider: (out) (optional): whether the provider
 *   confirmed the revocation; %FALSE means the grant remains there until
 *   the user removes it in the provider's account settings
 * @error: a location for a #GError, or %NULL
 *
 * Returns: %TRUE when the connection is gone from Flowdeck
 */
gboolean
deck_connection_store_revoke_finish (DeckConnectionStore  *self,
                                     GAsyncResult         *result,
                                     gboolean             *out_revoked_at_provider,
                                     GError              **error)
{
  Op *op;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        deck_connection_store_revoke_async, FALSE);

  op = g_task_get_task_data (G_TASK (result));
  if (out_revoked_at_provider != NULL)
    *out_revoked_at_provider = op->revoked_at_provider;
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * deck_connection_store_remove_async:
 * @self: a #DeckConnectionStore
 * @connection: a connection in @self
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Forgets the connection here only: clears its keyring items, removes it
 * and saves. Neither the provider nor any instance is told: use
 * deck_connection_store_revoke_async() for that.
 */
void
deck_connection_store_remove_async (DeckConnectionStore *self,
                                    DeckConnection      *connection,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (DECK_IS_CONNECTION_STORE (self));
  g_return_if_fail (DECK_IS_CONNECTION (connection));

  task = op_task_new (self, connection, deck_connection_store_remove_async, cancellable,
                      callback, user_data);
  g_task_set_check_cancellable (task, FALSE);
  if (return_if_missing (task))
    {
      g_object_unref (task);
      return;
    }

  remove_clear_next (task);
}

gboolean
deck_connection_store_remove_finish (DeckConnectionStore  *self,
                                     GAsyncResult         *result,
                                     GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        deck_connection_store_remove_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * deck_connection_store_set_auto_refresh:
 * @self: a #DeckConnectionStore
 * @lead_seconds: renew this long before an access token expires; 0 to stop
 *
 * Renews access tokens in the background before they expire (never
 * sooner than half the time they have left), so a flow that was handed
 * the connection, or a copy of its access token, keeps working. A
 * renewal that fails leaves the connection in
 * %DECK_CONNECTION_REFRESH_FAILED and is not retried on its own.
 */
void
deck_connection_store_set_auto_refresh (DeckConnectionStore *self,
                                        guint                lead_seconds)
{
  g_return_if_fail (DECK_IS_CONNECTION_STORE (self));

  self->auto_refresh_lead = lead_seconds;
  reschedule_all (self);
}

/**
 * deck_connection_store_get_n_scheduled:
 * @self: a #DeckConnectionStore
 *
 * Returns: how many connections have a renewal scheduled
 */
guint
deck_connection_store_get_n_scheduled (DeckConnectionStore *self)
{
  g_return_val_if_fail (DECK_IS_CONNECTION_STORE (self), 0);

  return g_hash_table_size (self->timers);
}
