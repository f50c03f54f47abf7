/* deck-account-store.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-account-store"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>

#include "deck-account-store.h"
#include "deck-file-writer.h"
#include "deck-account-store-private.h"
#include "deck-json.h"
#include "deck-secrets.h"
#include "deck-secure.h"

/* The list of accounts, as a GListModel, and the two places they live:
 *
 *  - metadata (url, user, display name…) in one JSON file,
 *    `{ "version": 1, "accounts": [ … ] }`, by default
 *    `$XDG_DATA_HOME/flowdeck/accounts.json`, mode 0600 in a 0700 folder;
 *  - secrets only in the keyring (DeckSecrets), keyed by account id
 *    (SECURITY.md S1). Adding stores the secret first and the metadata
 *    only once the keyring accepted it (S5).
 *
 * Writing (S6, DeckFileWriter). Every save serialises the current accounts and replaces
 * the file with g_file_replace_contents_bytes_async(), which writes a
 * temporary file in the same folder, syncs it and renames it over the old
 * one; G_FILE_CREATE_REPLACE_DESTINATION stops GLib from copying an old
 * file's (possibly wider) mode onto the new one, G_FILE_CREATE_PRIVATE
 * makes it 0600. GLib only does this when the file already exists; a new
 * file would be written in place, so the first write goes to
 * `accounts.json.new` and is then renamed into place. Either way a reader
 * (or a crash) sees the old file or the new one, never half of one. At
 * most one write runs at a time; saves asked for meanwhile are answered
 * together by one more write, made from the state at the time it starts,
 * so the newest state wins. A write is not interrupted by a cancellable:
 * cancelling only stops waiting for it.
 *
 * Reading, and what "corrupt" means. The file is untrusted input: it is
 * size-limited, must be UTF-8, is checked for JSON nesting before
 * json-glib sees it (json-glib 1.6 recurses without a limit), and is read
 * with the type-checked getters of deck-json.
 *  - A missing file is an empty store, not an error.
 *  - A file that cannot be used at all (not JSON, not an object, another
 *    version, no "accounts" array, too big or too deep) is renamed to
 *    `accounts.json.corrupt-<UTC time>`, the store starts empty, and load
 *    fails with DECK_ACCOUNT_STORE_ERROR_CORRUPT naming the backup.
 *  - Bad entries in an otherwise good file (not an object, no valid id,
 *    kind or url, a repeated id or account) are skipped: the good ones are
 *    loaded, the original file is renamed to the same kind of backup, the
 *    good ones are written back, and load still fails with
 *    DECK_ACCOUNT_STORE_ERROR_CORRUPT so that the user is told.
 *  - If the backup cannot be made, the store refuses to save (IO error)
 *    until a later load succeeds, so the only copy is never overwritten.
 */

#define FILE_VERSION       1
#define MAX_FILE_SIZE      (16 * 1024 * 1024)
#define MAX_NESTING        32
#define MAX_BACKUP_TRIES   100

G_DEFINE_QUARK (deck-account-store-error-quark, deck_account_store_error)

struct _DeckAccountStore
{
  GObject     parent_instance;

  char       *path;
  GFile      *file;

  /* Owned References */
  GPtrArray  *accounts;      /* DeckAccount, the model's items */
  GPtrArray  *adding;        /* DeckAccount, waiting for the keyring */

  /* Saving: tasks the running write answers, and tasks for the next one. */
  DeckFileWriter *writer;

  /* A corrupt file could not be moved aside: do not overwrite it. */
  gboolean    keep_file;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DeckAccountStore, deck_account_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_N_ITEMS,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Every kind of secret an account may have; removing clears them all. */
static const DeckSecretKind all_secret_kinds[] = {
  DECK_SECRET_KIND_PAT,
  DECK_SECRET_KIND_OAUTH,
  DECK_SECRET_KIND_CLIENT_SECRET,
  DECK_SECRET_KIND_NODE_RED,
};

typedef enum
{
  PARSE_OK,
  PARSE_PARTIAL,
  PARSE_BAD,
} ParseResult;

typedef struct
{
  GPtrArray   *accounts;     /* the entries that could be read */
  char        *problem;      /* what was wrong, for the message */
  ParseResult  parse_result;
  char        *stamp;        /* UTC time for the backup's name */
  GFile       *backup;
  guint        attempt;
} LoadData;

typedef struct
{
  DeckAccount    *account;
  DeckSecretKind  kind;
  guint           next_kind;
} AccountOp;

/*
 * Auxiliary methods
 */

static void
load_data_free (LoadData *data)
{
  g_clear_pointer (&data->accounts, g_ptr_array_unref);
  g_clear_pointer (&data->problem, g_free);
  g_clear_pointer (&data->stamp, g_free);
  g_clear_object (&data->backup);
  g_free (data);
}

static AccountOp *
account_op_new (DeckAccount    *account,
                DeckSecretKind  kind)
{
  AccountOp *op = g_new0 (AccountOp, 1);

  op->account = g_object_ref (account);
  op->kind = kind;
  return op;
}

static void
account_op_free (AccountOp *op)
{
  g_clear_object (&op->account);
  g_free (op);
}

static void
deck_account_store_items_changed (DeckAccountStore *self,
                                  guint             position,
                                  guint             removed,
                                  guint             added)
{
  if (removed == 0 && added == 0)
    return;

  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);

  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
replace_all (DeckAccountStore *self,
             GPtrArray        *accounts)
{
  g_autoptr(GPtrArray) old = g_steal_pointer (&self->accounts);

  self->accounts = g_ptr_array_ref (accounts);
  deck_account_store_items_changed (self, 0, old->len, accounts->len);
}

static gboolean
find_position (DeckAccountStore *self,
               DeckAccount      *account,
               guint            *position)
{
  return g_ptr_array_find (self->accounts, account, position);
}

static void
remove_at (DeckAccountStore *self,
           guint             position)
{
  g_ptr_array_remove_index (self->accounts, position);
  deck_account_store_items_changed (self, position, 1, 0);
}

/* scheme://host:port/path, with the host lower-cased, the default port
 * made explicit and no trailing slash, so that "https://App.example/" and
 * "https://app.example:443" name the same server. */
static char *
normalize_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *host = NULL;
  g_autofree char *path = NULL;
  gsize len;

  if (url == NULL)
    return NULL;

  uri = g_uri_parse (url, G_URI_FLAGS_SCHEME_NORMALIZE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (url);

  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  path = g_strdup (g_uri_get_path (uri));
  len = strlen (path);
  while (len > 0 && path[len - 1] == '/')
    path[--len] = '\0';

  return g_strdup_printf ("%s://%s:%d%s", g_uri_get_scheme (uri), host, g_uri_get_port (uri),
                          path);
}

/* Kind, user and server: two accounts with the same key are the same
 * account (DECK_ACCOUNT_STORE_ERROR_DUPLICATE). */
static char *
identity_key (DeckAccount *account)
{
  g_autofree char *url = normalize_url (deck_account_get_url (account));
  const char *username = deck_account_get_username (account);

  return g_strdup_printf ("%d %c%s %s", deck_account_get_kind (account),
                          username != NULL ? '=' : '-', username != NULL ? username : "", url);
}

static gboolean
same_account (DeckAccount *a,
              DeckAccount *b)
{
  g_autofree char *key_a = NULL;
  g_autofree char *key_b = NULL;

  if (g_strcmp0 (deck_account_get_id (a), deck_account_get_id (b)) == 0)
    return TRUE;

  if (deck_account_get_kind (a) != deck_account_get_kind (b) ||
      g_strcmp0 (deck_account_get_username (a), deck_account_get_username (b)) != 0)
    return FALSE;

  key_a = identity_key (a);
  key_b = identity_key (b);
  return g_strcmp0 (key_a, key_b) == 0;
}

static DeckAccount *
find_same (GPtrArray   *accounts,
           DeckAccount *account)
{
  for (guint i = 0; i < accounts->len; i++)
    {
      DeckAccount *other = g_ptr_array_index (accounts, i);

      if (other != account && same_account (other, account))
        return other;
    }

  return NULL;
}

static char *
describe_server (DeckAccount *account)
{
  const char *url = deck_account_get_url (account);
  g_autoptr(GUri) uri = NULL;

  /* Not normalised: a port shows only when the URL names one. */
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return g_strdup (url);

  if (g_uri_get_port (uri) > 0)
    return g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));

  return g_strdup (g_uri_get_host (uri));
}

static const char *
describe_user (DeckAccount *account)
{
  if (deck_account_get_username (account) != NULL)
    return deck_account_get_username (account);

  if (deck_account_get_display_name (account) != NULL)
    return deck_account_get_display_name (account);

  return deck_account_get_id (account);
}

/* The label the user sees in the keyring manager: not secret. */
static char *
make_secret_label (DeckAccount *account)
{
  g_autofree char *server = describe_server (account);

  /* Translators: the label of a keyring item, shown in e.g. Passwords and
   * Keys; the first %s is a user name, the second a server such as
   * "app.flowfuse.com". */
  return g_strdup_printf (_("Flowdeck: %s on %s"), describe_user (account), server);
}

static GError *
io_error_new (const char   *prefix,
              const GError *error)
{
  return g_error_new (DECK_ACCOUNT_STORE_ERROR, DECK_ACCOUNT_STORE_ERROR_IO, "%s: %s",
                      prefix, error->message);
}

static void
log_clear_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!deck_secrets_clear_finish (result, &error) && error != NULL)
    g_warning ("Could not remove an orphaned keyring item: %s", error->message);
}

/*
 * Reading the file
 */

/* Parses the file's bytes. Never fails loudly: on any input it returns
 * the accounts it could read (maybe none) and, unless PARSE_OK, a
 * translated description of the first problem. */
static ParseResult
parse_accounts (const char  *data,
                gsize        length,
                GPtrArray  **out_accounts,
                char       **out_problem)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) seen_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_problem = NULL;
  JsonObject *root;
  JsonArray *array;
  guint n_skipped = 0;
  gint64 version;

  *out_accounts = NULL;
  *out_problem = NULL;

  if (length > MAX_FILE_SIZE)
    {
      *out_problem = g_strdup (_("the file is too large"));
      goto bad;
    }

  if (!g_utf8_validate_len (data, length, NULL))
    {
      *out_problem = g_strdup (_("the file is not UTF-8 text"));
      goto bad;
    }

  if (!deck_json_check_shape (data, length, MAX_NESTING))
    {
      *out_problem = g_strdup (_("the file is not valid JSON"));
      goto bad;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &error))
    {
      /* Translators: %s is the JSON parser's message. */
      *out_problem = g_strdup_printf (_("the file is not valid JSON: %s"), error->message);
      goto bad;
    }

  if (json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      *out_problem = g_strdup (_("the file does not hold a JSON object"));
      goto bad;
    }

  root = json_node_get_object (json_parser_get_root (parser));
  version = deck_json_get_int (root, "version", -1);
  if (version != FILE_VERSION)
    {
      /* Translators: %s is a version number, or "?" when there is none. */
      g_autofree char *text = version >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, version)
                                           : g_strdup ("?");

      *out_problem = g_strdup_printf (_("the file has an unsupported version (%s)"), text);
      goto bad;
    }

  array = deck_json_get_array (root, "accounts");
  if (array == NULL)
    {
      *out_problem = g_strdup (_("the file has no list of accounts"));
      goto bad;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr(DeckAccount) account = NULL;
      g_autoptr(GError) entry_error = NULL;

      if (JSON_NODE_HOLDS_OBJECT (node))
        account = deck_account_new_from_json (json_node_get_object (node), &entry_error);
      else
        entry_error = g_error_new_literal (DECK_ACCOUNT_STORE_ERROR,
                                           DECK_ACCOUNT_STORE_ERROR_CORRUPT,
                                           _("An account is not a JSON object."));

      if (account != NULL &&
          (!g_hash_table_add (seen_ids, g_strdup (deck_account_get_id (account))) ||
           !g_hash_table_add (seen_keys, identity_key (account))))
        {
          g_clear_object (&account);
          entry_error = g_error_new_literal (DECK_ACCOUNT_STORE_ERROR,
                                             DECK_ACCOUNT_STORE_ERROR_CORRUPT,
                                             _("An account is listed twice."));
        }

      if (account == NULL)
        {
          n_skipped++;
          if (first_problem == NULL)
            first_problem = g_strdup (entry_error->message);
          continue;
        }

      g_ptr_array_add (accounts, g_steal_pointer (&account));
    }

  *out_accounts = g_steal_pointer (&accounts);

  if (n_skipped == 0)
    return PARSE_OK;

  /* Translators: %u is a number of accounts; %s says what was wrong with
   * the first, e.g. "An account has no valid “url”." */
  *out_problem = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%u account could not be read: %s",
                                               "%u accounts could not be read, the first: %s",
                                               n_skipped),
                                  n_skipped, first_problem);
  return PARSE_PARTIAL;

bad:
  *out_accounts = g_ptr_array_new_with_free_func (g_object_unref);
  return PARSE_BAD;
}

static void move_to_backup (GTask *task);

static void
load_rewritten_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeckAccountStore *self = DECK_ACCOUNT_STORE (source);
  LoadData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *backup_path = g_file_get_path (data->backup);

  if (!deck_account_store_save_finish (self, result, &error))
    g_message ("Could not write back the readable accounts: %s", error->message);

  /* Translators: the first %s says what was wrong, the second is a path. */
  g_task_return_new_error (task, DECK_ACCOUNT_STORE_ERROR, DECK_ACCOUNT_STORE_ERROR_CORRUPT,
                           _("Some accounts could not be read and were left out (%s). "
                             "The original accounts file was kept as “%s”."),
                           data->problem, backup_path);
}

static void
backup_moved_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeckAccountStore *self = g_task_get_source_object (task);
  LoadData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *backup_path = NULL;

  if (!g_file_move_finish (G_FILE (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS) &&
          data->attempt < MAX_BACKUP_TRIES)
        {
          data->attempt++;
          move_to_backup (g_steal_pointer (&task));
          return;
        }

      /* Keep the only copy of the user's accounts: no save may replace it. */
      self->keep_file = TRUE;
      /* Translators: the first %s says what was wrong, the second why the
       * file could not be renamed. */
      g_task_return_new_error (task, DECK_ACCOUNT_STORE_ERROR, DECK_ACCOUNT_STORE_ERROR_CORRUPT,
                               _("The accounts file could not be read (%s), and it could not be "
                                 "moved aside (%s). Flowdeck will not change it."),
                               data->problem, error->message);
      return;
    }

  self->keep_file = FALSE;
  g_debug ("Moved a corrupt accounts file to %s", g_file_peek_path (data->backup));

  if (data->parse_result == PARSE_PARTIAL && data->accounts->len > 0)
    {
      deck_account_store_save_async (self, NULL, load_rewritten_cb, g_steal_pointer (&task));
      return;
    }

  backup_path = g_file_get_path (data->backup);
  /* Translators: the first %s says what was wrong, the second is a path. */
  g_task_return_new_error (task, DECK_ACCOUNT_STORE_ERROR, DECK_ACCOUNT_STORE_ERROR_CORRUPT,
                           _("The accounts file could not be read (%s). It was moved to “%s” "
                             "and Flowdeck started without those accounts."),
                           data->problem, backup_path);
}

static void
move_to_backup (GTask *task)
{
  DeckAccountStore *self = g_task_get_source_object (task);
  LoadData *data = g_task_get_task_data (task);
  g_autofree char *name = NULL;

  if (data->attempt == 0)
    name = g_strdup_printf ("%s.corrupt-%s", self->path, data->stamp);
  else
    name = g_strdup_printf ("%s.corrupt-%s-%u", self->path, data->stamp, data->attempt);

  g_clear_object (&data->backup);
  data->backup = g_file_new_for_path (name);

  /* Not cancellable: once the bytes were judged corrupt, the file on disk
   * must follow that judgement. A rename, so it keeps mode and bytes. */
  g_file_move_async (self->file, data->backup, G_FILE_COPY_NOFOLLOW_SYMLINKS,
                     G_PRIORITY_DEFAULT, NULL, NULL, NULL, backup_moved_cb, task);
}

/* The whole file in one step of a worker thread: one main-loop round
 * trip at start-up instead of one per open, read and close. */
static void
read_file_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents (G_FILE (task_data), cancellable, &contents, &length, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_bytes_new_take (contents, length), (GDestroyNotify) g_bytes_unref);
}

static void
load_contents_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeckAccountStore *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *contents;
  LoadData *data;
  gsize length = 0;

  bytes = g_task_propagate_pointer (G_TASK (result), &error);
  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          g_autoptr(GPtrArray) empty = g_ptr_array_new_with_free_func (g_object_unref);

          self->keep_file = FALSE;
          replace_all (self, empty);
          g_task_return_boolean (task, TRUE);
        }
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_error (task, io_error_new (_("Could not read the accounts file"), error));
      return;
    }

  contents = g_bytes_get_data (bytes, &length);
  data = g_new0 (LoadData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);

  data->parse_result = parse_accounts (contents, length, &data->accounts, &data->problem);
  replace_all (self, data->accounts);

  if (data->parse_result == PARSE_OK)
    {
      self->keep_file = FALSE;
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_message ("The accounts file %s is corrupt: %s", self->path, data->problem);

  now = g_date_time_new_now_utc ();
  data->stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  move_to_backup (g_steal_pointer (&task));
}

/*
 * Writing the file
 */

/* For the file writer, when a write starts. */
static GBytes *
serialize_cb (gpointer   user_data,
              GError   **error)
{
  DeckAccountStore *self = user_data;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonArray *array;
  gsize length = 0;
  char *text;

  if (self->keep_file)
    {
      g_set_error (error, DECK_ACCOUNT_STORE_ERROR, DECK_ACCOUNT_STORE_ERROR_IO,
                   _("The accounts file “%s” is damaged and could not be moved aside, "
                     "so Flowdeck does not overwrite it."),
                   self->path);
      return NULL;
    }

  generator = json_generator_new ();
  root = json_node_new (JSON_NODE_OBJECT);
  object = json_object_new ();
  array = json_array_sized_new (self->accounts->len);
  for (guint i = 0; i < self->accounts->len; i++)
    {
      DeckAccount *account = g_ptr_array_index (self->accounts, i);

      json_array_add_object_element (array, deck_account_to_json (account));
    }

  json_object_set_int_member (object, "version", FILE_VERSION);
  json_object_set_array_member (object, "accounts", array);
  json_node_take_object (root, object);

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);

  return g_bytes_new_take (text, length);
}

/*
 * Adding, removing and secrets
 */

static void
add_saved_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeckAccountStore *self = DECK_ACCOUNT_STORE (source);
  AccountOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  guint position;

  if (!deck_account_store_save_finish (self, result, &error))
    {
      /* Roll back, so that FALSE means "not added": no account that the
       * next start would not know, and no orphaned keyring item. */
      if (find_position (self, op->account, &position))
        remove_at (self, position);
      deck_secrets_clear_async (op->kind, deck_account_get_id (op->account), NULL,
                                log_clear_cb, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
add_stored_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeckAccountStore *self = g_task_get_source_object (task);
  AccountOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  g_ptr_array_remove (self->adding, op->account);

  /* S5: no keyring, a locked one, a cancel → the account is not added and
   * nothing is written. The keyring's error says why. */
  if (!deck_secrets_store_finish (result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_ptr_array_add (self->accounts, g_object_ref (op->account));
  deck_account_store_items_changed (self, self->accounts->len - 1, 0, 1);

  deck_account_store_save_async (self, NULL, add_saved_cb, g_steal_pointer (&task));
}

static void remove_clear_next (GTask *task);

static void
remove_saved_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!deck_account_store_save_finish (DECK_ACCOUNT_STORE (source), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
remove_cleared_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AccountOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* FALSE without an error: there was nothing of that kind to clear. */
  if (!deck_secrets_clear_finish (result, &error) && error != NULL)
    {
      /* Keep the account: dropping it now would leave its secret in the
       * keyring with nothing in Flowdeck pointing at it. */
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  op->next_kind++;
  remove_clear_next (g_steal_pointer (&task));
}

static void
remove_clear_next (GTask *task)
{
  DeckAccountStore *self = g_task_get_source_object (task);
  AccountOp *op = g_task_get_task_data (task);
  guint position;

  if (op->next_kind < G_N_ELEMENTS (all_secret_kinds))
    {
      deck_secrets_clear_async (all_secret_kinds[op->next_kind],
                                deck_account_get_id (op->account),
                                g_task_get_cancellable (task),
                                remove_cleared_cb, task);
      return;
    }

  if (find_position (self, op->account, &position))
    remove_at (self, position);

  deck_account_store_save_async (self, NULL, remove_saved_cb, task);
}

static void
lookup_secret_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = deck_secrets_lookup_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, secret, (GDestroyNotify) deck_secure_free);
}

static void
replace_secret_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeckAccountStore *self = g_task_get_source_object (task);
  AccountOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!deck_secrets_store_finish (result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Removed while the keyring was busy: do not leave the new secret behind. */
  if (!find_position (self, op->account, NULL))
    {
      deck_secrets_clear_async (op->kind, deck_account_get_id (op->account), NULL,
                                log_clear_cb, NULL);
      g_task_return_new_error (task, DECK_ACCOUNT_STORE_ERROR, DECK_ACCOUNT_STORE_ERROR_NOT_FOUND,
                               _("The account was removed."));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/*
 * Interface implementations
 */

static GType
deck_account_store_get_item_type (GListModel *model)
{
  return DECK_TYPE_ACCOUNT;
}

static guint
deck_account_store_get_n_items (GListModel *model)
{
  DeckAccountStore *self = DECK_ACCOUNT_STORE (model);

  return self->accounts->len;
}

static gpointer
deck_account_store_get_item (GListModel *model,
                             guint       position)
{
  DeckAccountStore *self = DECK_ACCOUNT_STORE (model);

  if (position >= self->accounts->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->accounts, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = deck_account_store_get_item_type;
  iface->get_n_items = deck_account_store_get_n_items;
  iface->get_item = deck_account_store_get_item;
}

/*
 * Parent class overrides
 */

static void
deck_account_store_dispose (GObject *object)
{
  DeckAccountStore *self = (DeckAccountStore *)object;

  /* Like GListStore, no items-changed while going away. */
  g_ptr_array_set_size (self->accounts, 0);
  g_ptr_array_set_size (self->adding, 0);

  G_OBJECT_CLASS (deck_account_store_parent_class)->dispose (object);
}

static void
deck_account_store_finalize (GObject *object)
{
  DeckAccountStore *self = (DeckAccountStore *)object;

  g_clear_pointer (&self->path, g_free);
  g_clear_object (&self->file);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  g_clear_pointer (&self->adding, g_ptr_array_unref);
  g_clear_object (&self->writer);

  G_OBJECT_CLASS (deck_account_store_parent_class)->finalize (object);
}

static void
deck_account_store_constructed (GObject *object)
{
  DeckAccountStore *self = (DeckAccountStore *)object;

  G_OBJECT_CLASS (deck_account_store_parent_class)->constructed (object);

  if (self->path == NULL)
    self->path = deck_account_store_default_path ();

  self->file = g_file_new_for_path (self->path);
  self->writer = deck_file_writer_new (self->path, serialize_cb, self);
}

static void
deck_account_store_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DeckAccountStore *self = DECK_ACCOUNT_STORE (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->accounts->len);
      break;

    case PROP_PATH:
      g_value_set_string (value, deck_account_store_get_path (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_account_store_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  DeckAccountStore *self = DECK_ACCOUNT_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/*
 * class_init and init
 */

static void
deck_account_store_class_init (DeckAccountStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = deck_account_store_constructed;
  object_class->dispose = deck_account_store_dispose;
  object_class->finalize = deck_account_store_finalize;
  object_class->get_property = deck_account_store_get_property;
  object_class->set_property = deck_account_store_set_property;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE |
                        G_PARAM_STATIC_STRINGS |
                        G_PARAM_EXPLICIT_NOTIFY));

  /**
   * DeckAccountStore:path:
   *
   * The accounts file; %NULL at construction means
   * deck_account_store_default_path().
   */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
deck_account_store_init (DeckAccountStore *self)
{
  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  self->adding = g_ptr_array_new_with_free_func (g_object_unref);
}

/*
 * Public API
 */

/**
 * deck_account_store_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/flowdeck/accounts.json`
 */
char *
deck_account_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "flowdeck", "accounts.json", NULL);
}

/**
 * deck_account_store_new:
 * @path: (nullable): the accounts file, or %NULL for the default
 *
 * Creates an empty store; call deck_account_store_load_async() to read
 * the file. Nothing is read or written until then.
 *
 * Returns: (transfer full): a new #DeckAccountStore
 */
DeckAccountStore *
deck_account_store_new (const char *path)
{
  return g_object_new (DECK_TYPE_ACCOUNT_STORE,
                       "path", path,
                       NULL);
}

const char *
deck_account_store_get_path (DeckAccountStore *self)
{
  g_return_val_if_fail (DECK_IS_ACCOUNT_STORE (self), NULL);

  return self->path;
}

/**
 * deck_account_store_find:
 * @self: a #DeckAccountStore
 * @id: an account id
 *
 * Returns: (transfer none) (nullable): the account with @id, if any
 */
DeckAccount *
deck_account_store_find (DeckAccountStore *self,
                         const char       *id)
{
  g_return_val_if_fail (DECK_IS_ACCOUNT_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->accounts->len; i++)
    {
      DeckAccount *account = g_ptr_array_index (self->accounts, i);

      if (g_strcmp0 (deck_account_get_id (account), id) == 0)
        return account;
    }

  return NULL;
}

/**
 * deck_account_store_load_async:
 * @self: a #DeckAccountStore
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Reads the accounts file and replaces the store's items with its
 * accounts. A missing file is an empty store. For a corrupt file, see the
 * policy at the top of this file: the store is still usable afterwards.
 */
void
deck_account_store_load_async (DeckAccountStore    *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) read = NULL;

  g_return_if_fail (DECK_IS_ACCOUNT_STORE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_account_store_load_async);
  /* Once the bytes are read, the outcome is reported as it is. */
  g_task_set_check_cancellable (task, FALSE);

  read = g_task_new (NULL, cancellable, load_contents_cb, g_steal_pointer (&task));
  g_task_set_check_cancellable (read, FALSE);
  g_task_set_task_data (read, g_object_ref (self->file), g_object_unref);
  g_task_run_in_thread (read, read_file_thread);
}

/**
 * deck_account_store_load_finish:
 * @self: a #DeckAccountStore
 * @result: the result
 * @error: a location for a #GError, or %NULL
 *
 * Returns: %TRUE if the file was read in full (or did not exist); %FALSE
 *   with %DECK_ACCOUNT_STORE_ERROR_CORRUPT (the message names the backup),
 *   %DECK_ACCOUNT_STORE_ERROR_IO or %G_IO_ERROR_CANCELLED
 */
gboolean
deck_account_store_load_finish (DeckAccountStore  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == deck_account_store_load_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The writer's I/O errors get the store's words; the serializer's own
 * error (a damaged file kept in place) is already in them. */
static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (deck_file_writer_write_finish (DECK_FILE_WRITER (source), result, &error))
    g_task_return_boolean (task, TRUE);
  else if (error->domain == DECK_ACCOUNT_STORE_ERROR)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_error (task, io_error_new (_("Could not save the accounts file"), error));
}

/**
 * deck_account_store_save_async:
 * @self: a #DeckAccountStore
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Writes the accounts atomically. Call it after changing an account's
 * properties; adding and removing save by themselves. A save asked for
 * while another runs waits for it and is then written from the newest
 * state. Cancelling stops waiting, not the write.
 */
void
deck_account_store_save_async (DeckAccountStore    *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DECK_IS_ACCOUNT_STORE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_account_store_save_async);

  if (g_task_return_error_if_cancelled (task))
    return;

  deck_file_writer_write_async (self->writer, written_cb, g_steal_pointer (&task));
}

gboolean
deck_account_store_save_finish (DeckAccountStore  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == deck_account_store_save_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * deck_account_store_add_async:
 * @self: a #DeckAccountStore
 * @account: a new account, not in any store
 * @kind: what @secret is
 * @secret: the account's secret
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Stores @secret in the keyring and, only once that worked, appends
 * @account and saves the accounts file. @secret is copied into the
 * keyring's secure memory before this returns; the caller should wipe its
 * own copy.
 *
 * Fails with %DECK_ACCOUNT_STORE_ERROR_DUPLICATE (an account of the same
 * kind, server and user is in the store), with the keyring's
 * %DECK_SECRETS_ERROR (nothing is added or written), or with
 * %DECK_ACCOUNT_STORE_ERROR_IO (the file could not be written; the account
 * and its secret are taken out again).
 */
void
deck_account_store_add_async (DeckAccountStore    *self,
                              DeckAccount         *account,
                              DeckSecretKind       kind,
                              const char          *secret,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;
  DeckAccount *existing;

  g_return_if_fail (DECK_IS_ACCOUNT_STORE (self));
  g_return_if_fail (DECK_IS_ACCOUNT (account));
  g_return_if_fail (deck_account_get_url (account) != NULL);
  g_return_if_fail (secret != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_account_store_add_async);
  /* Past the keyring, the outcome is reported as it is, cancelled or not. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, account_op_new (account, kind), (GDestroyNotify) account_op_free);

  existing = find_same (self->accounts, account);
  if (existing == NULL)
    existing = find_same (self->adding, account);
  if (existing != NULL || find_position (self, account, NULL))
    {
      g_autofree char *server = describe_server (account);

      /* Translators: the first %s is a user name, the second a server. */
      g_task_return_new_error (task, DECK_ACCOUNT_STORE_ERROR, DECK_ACCOUNT_STORE_ERROR_DUPLICATE,
                               _("%s on %s is already in Flowdeck."),
                               describe_user (account), server);
      return;
    }

  g_ptr_array_add (self->adding, g_object_ref (account));

  label = make_secret_label (account);
  deck_secrets_store_async (kind, deck_account_get_id (account), label, secret, cancellable,
                            add_stored_cb, g_steal_pointer (&task));
}

gboolean
deck_account_store_add_finish (DeckAccountStore  *self,
                               GAsyncResult      *result,
                               GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == deck_account_store_add_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * deck_account_store_remove_async:
 * @self: a #DeckAccountStore
 * @account: an account in @self
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Clears every kind of secret of @account from the keyring, then removes
 * it and saves. If the keyring fails, the account stays (so that no secret
 * is left behind unseen). Deleting a minted token on the server is the
 * caller's job, before this.
 */
void
deck_account_store_remove_async (DeckAccountStore    *self,
                                 DeckAccount         *account,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DECK_IS_ACCOUNT_STORE (self));
  g_return_if_fail (DECK_IS_ACCOUNT (account));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_account_store_remove_async);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, account_op_new (account, DECK_SECRET_KIND_PAT),
                        (GDestroyNotify) account_op_free);

  if (!find_position (self, account, NULL))
    {
      g_task_return_new_error (task, DECK_ACCOUNT_STORE_ERROR, DECK_ACCOUNT_STORE_ERROR_NOT_FOUND,
                               _("The account is not in Flowdeck."));
      return;
    }

  remove_clear_next (g_steal_pointer (&task));
}

gboolean
deck_account_store_remove_finish (DeckAccountStore  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == deck_account_store_remove_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * deck_account_store_lookup_secret_async:
 * @self: a #DeckAccountStore
 * @account: an account
 * @kind: which secret
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Looks the secret up in the keyring (which may ask the user to unlock).
 */
void
deck_account_store_lookup_secret_async (DeckAccountStore    *self,
                                        DeckAccount         *account,
                                        DeckSecretKind       kind,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DECK_IS_ACCOUNT_STORE (self));
  g_return_if_fail (DECK_IS_ACCOUNT (account));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_account_store_lookup_secret_async);

  deck_secrets_lookup_async (kind, deck_account_get_id (account), cancellable,
                             lookup_secret_cb, g_steal_pointer (&task));
}

/**
 * deck_account_store_lookup_secret_finish:
 * @self: a #DeckAccountStore
 * @result: the result
 * @error: a location for a #GError, or %NULL
 *
 * Returns: (transfer full) (nullable): the secret, to be freed with
 *   deck_secure_free(); %NULL with @error unset when there is none
 */
char *
deck_account_store_lookup_secret_finish (DeckAccountStore  *self,
                                         GAsyncResult      *result,
                                         GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        deck_account_store_lookup_secret_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * deck_account_store_replace_secret_async:
 * @self: a #DeckAccountStore
 * @account: an account in @self
 * @kind: which secret
 * @secret: the new value
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Replaces a secret in the keyring, e.g. after an OAuth refresh rotated
 * the tokens (SECURITY.md O13: always keep the newest). The metadata is
 * not written; save if the account's properties (say, the expiry) changed.
 */
void
deck_account_store_replace_secret_async (DeckAccountStore    *self,
                                         DeckAccount         *account,
                                         DeckSecretKind       kind,
                                         const char          *secret,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (DECK_IS_ACCOUNT_STORE (self));
  g_return_if_fail (DECK_IS_ACCOUNT (account));
  g_return_if_fail (secret != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_account_store_replace_secret_async);
  /* A secret the keyring took is reported as stored, cancelled or not. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, account_op_new (account, kind), (GDestroyNotify) account_op_free);

  if (!find_position (self, account, NULL))
    {
      g_task_return_new_error (task, DECK_ACCOUNT_STORE_ERROR, DECK_ACCOUNT_STORE_ERROR_NOT_FOUND,
                               _("The account is not in Flowdeck."));
      return;
    }

  label = make_secret_label (account);
  deck_secrets_store_async (kind, deck_account_get_id (account), label, secret, cancellable,
                            replace_secret_cb, g_steal_pointer (&task));
}

gboolean
deck_account_store_replace_secret_finish (DeckAccountStore  *self,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        deck_account_store_replace_secret_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/*< private >
 * _deck_account_store_parse:
 * @data: the bytes of an accounts file
 * @length: their length
 * @out_accounts: (out) (transfer full): the accounts read (maybe none)
 * @out_problem: (out) (transfer full) (nullable): what was wrong, if anything
 *
 * For the fuzz targets only (tests/fuzz/): the parse of the accounts file
 * that deck_account_store_load_async() runs, without touching the disk.
 *
 * Returns: 0 when all was read, 1 when some accounts were skipped, 2 when
 *   the file could not be read at all
 */
int
_deck_account_store_parse (const char  *data,
                           gsize        length,
                           GPtrArray  **out_accounts,
                           char       **out_problem)
{
  ParseResult result;

  g_return_val_if_fail (data != NULL || length == 0, 2);
  g_return_val_if_fail (out_accounts != NULL && out_problem != NULL, 2);

  result = parse_accounts (data ? data : "", length, out_accounts, out_problem);
  return result == PARSE_OK ? 0 : result == PARSE_PARTIAL ? 1 : 2;
}
