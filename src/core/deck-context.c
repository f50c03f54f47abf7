/* deck-context.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-context"

#include "config.h"

#include <glib/gi18n.h>

#include "deck-context.h"
#include "deck-flowfuse-client-private.h"
#include "deck-json.h"
#include "deck-prefetch.h"
#include "deck-snapshot.h"
#include "deck-secrets.h"
#include "deck-secure.h"

/* The app's services in one place (GNOME Calendar's GcalContext idea):
 * the account store, and one FlowFuse client per account, created on
 * first use from the secret in the keyring. Adding an account goes
 * through here so the UI, the demo and the tests take the same path:
 * verify the credential against the server, then keyring, then metadata.
 * A client whose credential is refused marks its account signed out. */

struct _DeckContext
{
  GObject           parent_instance;

  /* Owned References */
  DeckAccountStore *store;
  DeckConnectionStore *connections;
  GHashTable       *clients; /* account id → DeckFlowfuseClient */
  GHashTable       *nr_clients; /* account id → DeckNodeRedClient */
  GCancellable     *cancellable;
  gboolean          accounts_loaded;

  /* The start-up prefetch: its result until a client takes it, and the
   * client requests waiting for it */
  DeckPrefetch     *prefetch;
  GCancellable     *prefetch_cancellable;
  gint             *prefetch_stage;   /* DeckPrefetchStage, shared with the worker */
  gint64            prefetch_started;
  GPtrArray        *prefetch_waiters;
  guint             prefetch_wait_id;
  guint             prefetch_expire_id;
  gboolean          prefetching;

  /* The start-up snapshot, read alongside the prefetch (on a thread of
   * its own), until the window takes it */
  DeckSnapshot     *start_snapshot;
  GPtrArray        *snapshot_waiters;
  guint             start_snapshot_expire_id;
  gboolean          start_snapshot_loading;

  /* Snapshots being copied out of the models, a step per idle */
  GHashTable       *snapshot_builds; /* account id → SnapshotBuild */
};

G_DEFINE_FINAL_TYPE (DeckContext, deck_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACCOUNTS_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* How long a client waits for the start-up prefetch before asking itself:
 * a few seconds for the keyring; once the prefetch's requests are under
 * way (the very requests the client would make), up to a client's
 * timeout. And how long an unused result is kept. */
#define PREFETCH_WAIT_MS          3000
#define PREFETCH_REQUEST_WAIT_US  (30 * G_USEC_PER_SEC)
#define PREFETCH_KEEP_SECONDS     30

/* A signed-out account of the store for the same kind, server and user
 * as @account (which a new sign-in replaces), or %NULL. */
static DeckAccount *
signed_out_twin (DeckContext *self,
                 DeckAccount *account)
{
  GListModel *accounts = G_LIST_MODEL (self->store);
  DeckAccount *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(DeckAccount) other = g_list_model_get_item (accounts, i);

      if (deck_account_get_status (other) == DECK_ACCOUNT_STATUS_SIGNED_OUT &&
          deck_account_get_kind (other) == deck_account_get_kind (account) &&
          g_strcmp0 (deck_account_get_url (other), deck_account_get_url (account)) == 0 &&
          g_strcmp0 (deck_account_get_username (other), deck_account_get_username (account)) == 0)
        g_set_object (&found, other);
    }

  return found;
}

/*
 * Clients
 */

static void
credential_rejected_cb (DeckFlowfuseClient *client,
                        DeckAccount        *account)
{
  g_message ("The server refused the credential of account %s", deck_account_get_id (account));
  deck_account_set_status (account, DECK_ACCOUNT_STATUS_SIGNED_OUT);
}

static void
attach_client (DeckContext        *self,
               DeckAccount        *account,
               DeckFlowfuseClient *client)
{
  g_signal_connect_object (client, "credential-rejected", G_CALLBACK (credential_rejected_cb),
                           account, 0);
  g_hash_table_replace (self->clients, g_strdup (deck_account_get_id (account)),
                        g_object_ref (client));
}

typedef struct
{
  DeckAccount *account;
} ClientState;

/* Reads the keyring's JSON token set into @client; FALSE when unusable. */
static gboolean
apply_oauth_secret (DeckFlowfuseClient *client,
                    const char         *secret)
{
  g_autoptr(GDateTime) expires_at = NULL;
  DeckSecureString access = NULL;
  DeckSecureString refresh = NULL;

  if (!deck_secrets_oauth_from_json (secret, &access, &refresh, &expires_at))
    return FALSE;

  deck_flowfuse_client_set_oauth_tokens (client, access, refresh, expires_at);
  return TRUE;
}

static void
replaced_secret_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!deck_account_store_replace_secret_finish (DECK_ACCOUNT_STORE (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Keeping the renewed FlowFuse sign-in failed: %s", error->message);
}

/* The server rotated the tokens: the old refresh token is dead, so the
 * keyring must hold the new set before anything else happens. */
static void
tokens_changed_cb (DeckFlowfuseClient *client,
                   const char         *access,
                   const char         *refresh,
                   GDateTime          *expires_at,
                   DeckAccount        *account)
{
  DeckContext *self = g_object_get_data (G_OBJECT (client), "deck-context");
  DeckSecureString secret = NULL;

  if (self == NULL || self->store == NULL)
    return;

  secret = deck_secrets_oauth_to_json (access, refresh, expires_at);
  deck_account_set_token_expiry (account, expires_at);
  deck_account_store_replace_secret_async (self->store, account, DECK_SECRET_KIND_OAUTH, secret,
                                           self->cancellable, replaced_secret_cb, NULL);
  deck_secure_clear (&secret);
}

static void
client_state_free (ClientState *state)
{
  g_clear_object (&state->account);
  g_free (state);
}

/* Whether what was read for the account @id at @url (the start-up
 * prefetch, the start-up snapshot) is @account's. */
static gboolean
is_account (DeckAccount *account,
            const char  *id,
            const char  *url)
{
  return g_strcmp0 (id, deck_account_get_id (account)) == 0 &&
         g_strcmp0 (url, deck_account_get_url (account)) == 0;
}

/* Whether the start-up prefetch's result is in and is @account's. */
static gboolean
has_prefetch_for (DeckContext *self,
                  DeckAccount *account)
{
  return self->prefetch != NULL &&
         is_account (account, deck_prefetch_get_account_id (self->prefetch),
                     deck_prefetch_get_account_url (self->prefetch));
}

/* The start-up prefetch's secret and lists, if they are @account's. */
static DeckPrefetch *
take_prefetch_for (DeckContext *self,
                   DeckAccount *account)
{
  return has_prefetch_for (self, account) ? g_steal_pointer (&self->prefetch) : NULL;
}

/* Makes @account's client from @secret (taken) and returns it from @task. */
static void
flowfuse_client_from_secret (DeckContext  *self,
                             GTask        *task,
                             DeckAccount  *account,
                             char         *secret,
                             DeckPrefetch *prefetch)
{
  g_autoptr(DeckFlowfuseClient) client = NULL;
  g_autoptr(GError) error = NULL;
  DeckFlowfuseClient *existing;

  /* A call made at the same time created the client meanwhile: one
   * client per account (two holding one rotating refresh token would
   * sign each other out). */
  existing = g_hash_table_lookup (self->clients, deck_account_get_id (account));
  if (existing != NULL)
    {
      deck_secure_clear (&secret);
      g_task_return_pointer (task, g_object_ref (existing), g_object_unref);
      return;
    }

  if (secret == NULL)
    {
      deck_account_set_status (account, DECK_ACCOUNT_STATUS_SIGNED_OUT);
      g_task_return_new_error (task, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_UNAUTHORIZED,
                               _("The keyring holds no sign-in for this account. Sign in "
                                 "again."));
      return;
    }

  client = deck_flowfuse_client_new (deck_account_get_url (account), &error);
  if (client == NULL)
    {
      deck_secure_clear (&secret);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (deck_account_get_credential (account) == DECK_ACCOUNT_CREDENTIAL_OAUTH)
    {
      if (!apply_oauth_secret (client, secret))
        {
          deck_secure_clear (&secret);
          deck_account_set_status (account, DECK_ACCOUNT_STATUS_SIGNED_OUT);
          g_task_return_new_error (task, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_TOKEN_EXPIRED,
                                   _("The saved FlowFuse sign-in cannot be used any more. "
                                     "Sign in again."));
          return;
        }
      g_signal_connect_object (client, "tokens-changed", G_CALLBACK (tokens_changed_cb),
                               account, 0);
      g_object_set_data (G_OBJECT (client), "deck-context", self);
    }
  else
    {
      deck_flowfuse_client_set_token (client, secret);
    }
  deck_secure_clear (&secret);

  /* The first lists the window asks for are already here. */
  if (prefetch != NULL)
    _deck_flowfuse_client_seed (client, deck_prefetch_get_teams (prefetch),
                                deck_prefetch_get_team_id (prefetch),
                                deck_prefetch_get_instances (prefetch),
                                deck_prefetch_get_fetched_at (prefetch));

  attach_client (self, account, client);
  g_task_return_pointer (task, g_steal_pointer (&client), g_object_unref);
}

static void
client_secret_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ClientState *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  DeckSecureString secret = NULL;

  secret = deck_account_store_lookup_secret_finish (DECK_ACCOUNT_STORE (source), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  flowfuse_client_from_secret (g_task_get_source_object (task), task, state->account,
                               g_steal_pointer (&secret), NULL);
}

/* The client from the prefetched secret, or from the keyring. */
static void
flowfuse_client_lookup (DeckContext *self,
                        GTask       *task)
{
  ClientState *state = g_task_get_task_data (task);
  g_autoptr(DeckPrefetch) prefetch = take_prefetch_for (self, state->account);
  char *secret = prefetch ? deck_prefetch_take_secret (prefetch) : NULL;

  if (secret != NULL)
    {
      g_debug ("Account %s: the sign-in from the start-up prefetch",
               deck_account_get_id (state->account));
      flowfuse_client_from_secret (self, task, state->account, secret, prefetch);
      g_object_unref (task);
      return;
    }

  deck_account_store_lookup_secret_async (self->store, state->account,
                                          deck_account_get_secret_kind (state->account),
                                          g_task_get_cancellable (task), client_secret_cb, task);
}

/* The prefetch is over (or waited for long enough): the clients asked
 * for meanwhile are made now. */
static void
end_prefetch_wait (DeckContext *self)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->prefetch_waiters);

  self->prefetching = FALSE;
  g_clear_handle_id (&self->prefetch_wait_id, g_source_remove);
  if (waiters == NULL)
    return;

  /* Each task goes on to flowfuse_client_lookup(), which owns it. */
  g_ptr_array_set_free_func (waiters, NULL);
  for (guint i = 0; i < waiters->len; i++)
    flowfuse_client_lookup (self, waiters->pdata[i]);
}

static gboolean
prefetch_wait_timeout_cb (gpointer user_data)
{
  DeckContext *self = user_data;

  if (g_atomic_int_get (self->prefetch_stage) == DECK_PREFETCH_REQUESTING &&
      g_get_monotonic_time () - self->prefetch_started < PREFETCH_REQUEST_WAIT_US)
    return G_SOURCE_CONTINUE;

  self->prefetch_wait_id = 0;
  g_message ("The start-up prefetch takes too long: asking again");
  g_cancellable_cancel (self->prefetch_cancellable);
  end_prefetch_wait (self);
  return G_SOURCE_REMOVE;
}

/* Nobody asked for it: the secret is not kept around. */
static gboolean
prefetch_expire_cb (gpointer user_data)
{
  DeckContext *self = user_data;

  self->prefetch_expire_id = 0;
  g_clear_pointer (&self->prefetch, deck_prefetch_free);
  return G_SOURCE_REMOVE;
}

static void
prefetch_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  DeckContext *self;
  g_autoptr(DeckPrefetch) prefetch = NULL;
  g_autoptr(GError) error = NULL;

  /* Cancelled when the context went away or stopped waiting. */
  prefetch = deck_prefetch_run_finish (result, &error);
  if (prefetch == NULL)
    return;

  self = user_data;
  g_clear_pointer (&self->prefetch, deck_prefetch_free);
  self->prefetch = g_steal_pointer (&prefetch);
  self->prefetch_expire_id = g_timeout_add_seconds (PREFETCH_KEEP_SECONDS, prefetch_expire_cb, self);
  end_prefetch_wait (self);
}

/**
 * deck_context_is_prefetching:
 * @self: a #DeckContext
 *
 * Returns: %TRUE while client requests wait for the start-up prefetch
 */
gboolean
deck_context_is_prefetching (DeckContext *self)
{
  g_return_val_if_fail (DECK_IS_CONTEXT (self), FALSE);

  return self->prefetching;
}

static void start_snapshot_cb (GObject      *source,
                               GAsyncResult *result,
                               gpointer      user_data);

/**
 * deck_context_prefetch:
 * @self: a #DeckContext
 * @account_id: (nullable): the account to prepare, or %NULL for the first
 *   FlowFuse account that is signed in
 * @team_id: (nullable): the team whose instances to list, or %NULL for
 *   the account's first team
 *
 * Starts the start-up prefetch (see deck-prefetch.c): in a worker thread,
 * the account's secret (never prompting), its teams and the team's
 * instances. The first deck_context_get_flowfuse_client_async() for that
 * account waits for it (3 s for the keyring; once the prefetch's own
 * requests are under way, up to a client's timeout) and gives a client whose
 * first deck_flowfuse_client_list_teams_async() and
 * deck_flowfuse_client_list_instances_without_state_async() of that team
 * answer from it. On a thread of its own it also reads that account's
 * start-up snapshot, for the first deck_context_load_snapshot_async().
 * Call before deck_context_load_async(), once.
 */
void
deck_context_prefetch (DeckContext *self,
                       const char  *account_id,
                       const char  *team_id)
{
  g_return_if_fail (DECK_IS_CONTEXT (self));
  g_return_if_fail (!self->prefetching && self->prefetch_cancellable == NULL);

  self->prefetching = TRUE;
  self->prefetch_cancellable = g_cancellable_new ();
  self->prefetch_stage = g_atomic_rc_box_new0 (gint);
  self->prefetch_started = g_get_monotonic_time ();
  deck_prefetch_run_async (deck_account_store_get_path (self->store), account_id, team_id,
                           self->prefetch_stage, self->prefetch_cancellable, prefetch_cb, self);
  self->start_snapshot_loading = TRUE;
  deck_prefetch_snapshot_async (deck_account_store_get_path (self->store), account_id,
                                self->prefetch_cancellable, start_snapshot_cb, self);
}

/* How an account's client is made when @clients has none: it owns @task,
 * whose data is a ClientState, and returns the client from it. */
typedef void (*MakeClientFunc) (DeckContext *self,
                                GTask       *task);

/* An account's client from @clients, or made by @make (which also puts
 * it in @clients). */
static void
get_client (DeckContext         *self,
            GHashTable          *clients,
            DeckAccount         *account,
            MakeClientFunc       make,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GObject *client;
  ClientState *state;

  g_task_set_source_tag (task, source_tag);

  client = g_hash_table_lookup (clients, deck_account_get_id (account));
  if (client != NULL)
    {
      g_task_return_pointer (task, g_object_ref (client), g_object_unref);
      return;
    }

  state = g_new0 (ClientState, 1);
  state->account = g_object_ref (account);
  g_task_set_task_data (task, state, (GDestroyNotify) client_state_free);
  make (self, g_steal_pointer (&task));
}

/* A FlowFuse client, once the start-up prefetch (if running) is over. */
static void
make_flowfuse_client (DeckContext *self,
                      GTask       *task)
{
  if (self->prefetching)
    {
      if (self->prefetch_waiters == NULL)
        self->prefetch_waiters = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (self->prefetch_waiters, task);
      if (self->prefetch_wait_id == 0)
        self->prefetch_wait_id = g_timeout_add (PREFETCH_WAIT_MS, prefetch_wait_timeout_cb, self);
      return;
    }

  flowfuse_client_lookup (self, task);
}

/**
 * deck_context_get_flowfuse_client_async:
 * @self: a #DeckContext
 * @account: a FlowFuse account of the store
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Gives the account's client, creating it on first use from the keyring
 * (or from the start-up prefetch, see deck_context_prefetch()).
 */
void
deck_context_get_flowfuse_client_async (DeckContext         *self,
                                        DeckAccount         *account,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (DECK_IS_CONTEXT (self));
  g_return_if_fail (DECK_IS_ACCOUNT (account));

  get_client (self, self->clients, account, make_flowfuse_client,
              deck_context_get_flowfuse_client_async, cancellable, callback, user_data);
}

DeckFlowfuseClient *
deck_context_get_flowfuse_client_finish (DeckContext   *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        deck_context_get_flowfuse_client_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/*
 * Adding accounts
 */

typedef struct
{
  DeckFlowfuseClient *client;
  DeckAccount        *account;
  char               *secret;
  char               *mfa_code;
  char               *minted_id;
  DeckAccountCredential credential;
  DeckSecretKind      secret_kind;
  DeckAccount        *replace;
} AddState;

static void
add_state_free (AddState *state)
{
  g_clear_object (&state->client);
  g_clear_object (&state->account);
  deck_secure_clear (&state->secret);
  deck_secure_clear (&state->mfa_code);
  g_clear_pointer (&state->minted_id, g_free);
  g_clear_object (&state->replace);
  g_free (state);
}

static void
add_stored_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeckContext *self = g_task_get_source_object (task);
  AddState *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!deck_account_store_add_finish (DECK_ACCOUNT_STORE (source), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  attach_client (self, state->account, state->client);
  g_task_return_pointer (task, g_object_ref (state->account), g_object_unref);
}

static void
add_replaced_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeckContext *self = g_task_get_source_object (task);
  AddState *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  if (!deck_account_store_remove_finish (DECK_ACCOUNT_STORE (source), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_hash_table_remove (self->clients, deck_account_get_id (state->replace));
  cancellable = g_task_get_cancellable (task);
  deck_account_store_add_async (self->store, state->account, state->secret_kind, state->secret,
                                cancellable, add_stored_cb, g_steal_pointer (&task));
}

static void
add_user_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeckContext *self = g_task_get_source_object (task);
  AddState *state = g_task_get_task_data (task);
  g_autoptr(DeckFfUser) user = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;
  const char *name;

  user = deck_flowfuse_client_get_user_finish (state->client, result, &error);
  if (user == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  state->account = deck_account_new (DECK_ACCOUNT_KIND_FLOWFUSE,
                                     deck_flowfuse_client_get_base_url (state->client));
  name = deck_ff_user_get_name (user);
  deck_account_set_display_name (state->account,
                                 name && *name ? name : deck_ff_user_get_username (user));
  deck_account_set_username (state->account, deck_ff_user_get_username (user));
  deck_account_set_avatar_url (state->account, deck_ff_user_get_avatar (user));
  deck_account_set_credential (state->account, state->credential);
  deck_account_set_minted_token_id (state->account, state->minted_id);
  deck_account_set_token_expiry (state->account,
                                 state->credential == DECK_ACCOUNT_CREDENTIAL_OAUTH
                                   ? deck_flowfuse_client_get_token_expiry (state->client) : NULL);
  deck_account_set_status (state->account, DECK_ACCOUNT_STATUS_SIGNED_IN);

  /* Keyring first; the store writes metadata only if that worked. */
  cancellable = g_task_get_cancellable (task);
  if (state->replace == NULL)
    {
      /* Signing in again: the signed-out account of the same user and
       * server gives way to the new one. */
      state->replace = signed_out_twin (self, state->account);
    }

  if (state->replace != NULL)
    {
      /* Upgrading a read-only account: the new one takes its place. */
      deck_account_store_remove_async (self->store, state->replace, cancellable,
                                       add_replaced_cb, g_steal_pointer (&task));
      return;
    }

  deck_account_store_add_async (self->store, state->account, state->secret_kind, state->secret,
                                cancellable, add_stored_cb, g_steal_pointer (&task));
}

static void
add_verify (GTask *task)
{
  AddState *state = g_task_get_task_data (task);

  /* The credential proves itself before anything is kept. */
  deck_flowfuse_client_get_user_async (state->client, g_task_get_cancellable (task), add_user_cb,
                                       task);
}

/**
 * deck_context_add_flowfuse_token_async:
 * @self: a #DeckContext
 * @url: the FlowFuse server
 * @token: a personal access token the user pasted
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Checks the token with `GET /api/v1/user`, then keeps it in the keyring
 * and the account in the store. Finish with deck_context_add_account_finish().
 */
void
deck_context_add_flowfuse_token_async (DeckContext         *self,
                                       const char          *url,
                                       const char          *token,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *trimmed = NULL;
  AddState *state;

  g_return_if_fail (DECK_IS_CONTEXT (self));
  g_return_if_fail (url != NULL && token != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_context_add_flowfuse_token_async);
  state = g_new0 (AddState, 1);
  g_task_set_task_data (task, state, (GDestroyNotify) add_state_free);

  trimmed = g_strstrip (g_strdup (token));
  if (!g_str_has_prefix (trimmed, "ffpat_") || strlen (trimmed) < 12)
    {
      deck_secure_clear (&trimmed);
      g_task_return_new_error (task, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_INVALID_INPUT,
                               _("A personal access token starts with “ffpat_”. Create one in "
                                 "FlowFuse under User Settings → Security → Tokens."));
      return;
    }

  state->client = deck_flowfuse_client_new (url, &error);
  if (state->client == NULL)
    {
      deck_secure_clear (&trimmed);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  state->credential = DECK_ACCOUNT_CREDENTIAL_PAT;
  state->secret_kind = DECK_SECRET_KIND_PAT;
  state->secret = g_steal_pointer (&trimmed);
  deck_flowfuse_client_set_token (state->client, state->secret);
  add_verify (g_steal_pointer (&task));
}

static void
add_minted_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AddState *state = g_task_get_task_data (task);
  g_autoptr(DeckFfPersonalToken) token = NULL;
  g_autoptr(GError) error = NULL;

  token = deck_flowfuse_client_mint_token_finish (state->client, result, &state->secret, &error);
  if (token == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  state->credential = DECK_ACCOUNT_CREDENTIAL_MINTED_PAT;
  state->secret_kind = DECK_SECRET_KIND_PAT;
  state->minted_id = g_strdup (deck_ff_personal_token_get_id (token));
  add_verify (g_steal_pointer (&task));
}

static void
add_mint (GTask *task)
{
  AddState *state = g_task_get_task_data (task);

  deck_flowfuse_client_mint_token_async (state->client, g_get_host_name (),
                                         g_task_get_cancellable (task), add_minted_cb, task);
}

static void
add_mfa_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AddState *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!deck_flowfuse_client_finish_boolean (state->client, result, &error))
    {
      if (g_error_matches (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_UNAUTHORIZED))
        {
          g_clear_error (&error);
          error = deck_flowfuse_error_new (DECK_FLOWFUSE_ERROR_MFA_REQUIRED, "mfa_invalid", "code",
                                           -1, _("That code is not right. Enter the current "
                                                 "six-digit code."));
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  add_mint (g_steal_pointer (&task));
}

static void
add_login_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AddState *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!deck_flowfuse_client_finish_boolean (state->client, result, &error))
    {
      if (g_error_matches (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_MFA_REQUIRED) &&
          state->mfa_code != NULL)
        {
          GCancellable *cancellable = g_task_get_cancellable (task);

          deck_flowfuse_client_login_mfa_async (state->client, state->mfa_code, cancellable,
                                                add_mfa_cb, g_steal_pointer (&task));
          return;
        }

      if (g_error_matches (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_UNAUTHORIZED))
        {
          g_clear_error (&error);
          error = deck_flowfuse_error_new (DECK_FLOWFUSE_ERROR_UNAUTHORIZED, "unauthorized", NULL,
                                           -1, _("The user name or password is not right."));
        }

      /* MFA_REQUIRED without a code goes back to the UI, which asks. */
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  add_mint (g_steal_pointer (&task));
}

/**
 * deck_context_add_flowfuse_password_async:
 * @self: a #DeckContext
 * @url: the FlowFuse server
 * @username: user name or email
 * @password: the password (used once, never kept)
 * @mfa_code: (nullable): the six-digit code, when the server asked for one
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Signs in with a password, mints Flowdeck's own token ("Flowdeck on
 * <host>"), signs the web session out and keeps the token. Fails with
 * %DECK_FLOWFUSE_ERROR_MFA_REQUIRED when a code is needed and none was
 * given; call again with it. Finish with deck_context_add_account_finish().
 */
void
deck_context_add_flowfuse_password_async (DeckContext         *self,
                                          const char          *url,
                                          const char          *username,
                                          const char          *password,
                                          const char          *mfa_code,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  AddState *state;

  g_return_if_fail (DECK_IS_CONTEXT (self));
  g_return_if_fail (url != NULL && username != NULL && password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_context_add_flowfuse_password_async);
  state = g_new0 (AddState, 1);
  state->mfa_code = mfa_code && *mfa_code ? g_strstrip (g_strdup (mfa_code)) : NULL;
  g_task_set_task_data (task, state, (GDestroyNotify) add_state_free);

  state->client = deck_flowfuse_client_new (url, &error);
  if (state->client == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  deck_flowfuse_client_login_async (state->client, username, password, cancellable, add_login_cb,
                                    g_steal_pointer (&task));
}

/**
 * deck_context_add_flowfuse_oauth_async:
 * @self: a #DeckContext
 * @url: the FlowFuse server
 * @tokens: what the `ff-plugin` sign-in returned
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Keeps a FlowFuse OAuth sign-in (read access only, refreshed before it
 * expires). Finish with deck_context_add_account_finish().
 */
void
deck_context_add_flowfuse_oauth_async (DeckContext           *self,
                                       const char            *url,
                                       const DeckOAuthTokens *tokens,
                                       GCancellable          *cancellable,
                                       GAsyncReadyCallback    callback,
                                       gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  AddState *state;

  g_return_if_fail (DECK_IS_CONTEXT (self));
  g_return_if_fail (url != NULL && tokens != NULL && tokens->access_token != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_context_add_flowfuse_oauth_async);
  state = g_new0 (AddState, 1);
  g_task_set_task_data (task, state, (GDestroyNotify) add_state_free);

  state->client = deck_flowfuse_client_new (url, &error);
  if (state->client == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (tokens->expires_at == NULL)
    {
      g_task_return_new_error (task, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_UNEXPECTED_RESPONSE,
                               _("FlowFuse did not say when the sign-in expires."));
      return;
    }

  deck_flowfuse_client_set_oauth_tokens (state->client, tokens->access_token,
                                         tokens->refresh_token, tokens->expires_at);
  state->credential = DECK_ACCOUNT_CREDENTIAL_OAUTH;
  state->secret_kind = DECK_SECRET_KIND_OAUTH;
  state->secret = deck_secrets_oauth_to_json (tokens->access_token, tokens->refresh_token,
                                        tokens->expires_at);
  add_verify (g_steal_pointer (&task));
}

/**
 * deck_context_add_flowfuse_session_async:
 * @self: a #DeckContext
 * @url: the FlowFuse server
 * @session_cookie: the `sid` cookie of a signed-in web session (the OAuth
 *   dialog's); used once
 * @replace: (nullable): an account this one replaces (the read-only one)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * "Allow Flowdeck to manage instances and tokens": mints Flowdeck's own
 * token with the web session, signs that session out, and keeps the
 * token. Finish with deck_context_add_account_finish().
 */
void
deck_context_add_flowfuse_session_async (DeckContext         *self,
                                         const char          *url,
                                         const char          *session_cookie,
                                         DeckAccount         *replace,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  AddState *state;

  g_return_if_fail (DECK_IS_CONTEXT (self));
  g_return_if_fail (url != NULL && session_cookie != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_context_add_flowfuse_session_async);
  state = g_new0 (AddState, 1);
  state->replace = replace ? g_object_ref (replace) : NULL;
  g_task_set_task_data (task, state, (GDestroyNotify) add_state_free);

  state->client = deck_flowfuse_client_new (url, &error);
  if (state->client == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  deck_flowfuse_client_set_session_cookie (state->client, session_cookie);
  add_mint (g_steal_pointer (&task));
}

/*
 * Node-RED admin API accounts
 */

/* The Node-RED token as kept in the keyring: {token, scope, expires_at}.
 * A Node-RED without admin authentication keeps {"token": null}. */
static char *
node_red_secret_to_json (DeckNodeRedClient *client)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  const char * const *scope = deck_node_red_client_get_scope (client);
  GDateTime *expiry = deck_node_red_client_get_token_expiry (client);
  g_autofree char *expires_at = expiry ? g_date_time_format_iso8601 (expiry) : NULL;
  g_autofree char *scope_text = scope ? g_strjoinv (" ", (char **) scope) : NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  if (deck_node_red_client_has_token (client))
    json_builder_add_string_value (builder, deck_node_red_client_get_token (client));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "scope");
  json_builder_add_string_value (builder, scope_text);
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_string_value (builder, expires_at);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

typedef struct
{
  DeckNodeRedClient *client;
  DeckAccount       *account;
  char              *secret;
  char              *username;
  /* the sign-in step's finish: password grant or code exchange */
  gboolean         (*signed_in) (DeckNodeRedClient *, GAsyncResult *, GError **);
} NodeRedAdd;

static void
node_red_add_free (NodeRedAdd *state)
{
  g_clear_object (&state->client);
  g_clear_object (&state->account);
  deck_secure_clear (&state->secret);
  g_clear_pointer (&state->username, g_free);
  g_free (state);
}

/* A sign-in Node-RED issued but Flowdeck could not keep: revoke it
 * (best effort), so that no valid token is left behind. */
static void
node_red_fail (GTask  *task,
               GError *error)
{
  NodeRedAdd *state = g_task_get_task_data (task);

  if (state->client != NULL && deck_node_red_client_has_token (state->client))
    deck_node_red_client_revoke_async (state->client, NULL, NULL, NULL);
  g_task_return_error (task, error);
}

static void
node_red_stored_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeckContext *self = g_task_get_source_object (task);
  NodeRedAdd *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!deck_account_store_add_finish (DECK_ACCOUNT_STORE (source), result, &error))
    {
      node_red_fail (g_steal_pointer (&task), g_steal_pointer (&error));
      return;
    }

  g_hash_table_replace (self->nr_clients, g_strdup (deck_account_get_id (state->account)),
                        g_object_ref (state->client));
  g_task_return_pointer (task, g_object_ref (state->account), g_object_unref);
}

static void
node_red_replaced_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeckContext *self = g_task_get_source_object (task);
  NodeRedAdd *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  if (!deck_account_store_remove_finish (DECK_ACCOUNT_STORE (source), result, &error))
    {
      node_red_fail (g_steal_pointer (&task), g_steal_pointer (&error));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  deck_account_store_add_async (self->store, state->account, DECK_SECRET_KIND_NODE_RED,
                                state->secret, cancellable, node_red_stored_cb,
                                g_steal_pointer (&task));
}

static void
node_red_settings_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeckContext *self = g_task_get_source_object (task);
  NodeRedAdd *state = g_task_get_task_data (task);
  g_autoptr(DeckNrSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  GCancellable *cancellable;
  const char *user;

  settings = deck_node_red_client_get_settings_finish (state->client, result, &error);
  if (settings == NULL)
    {
      node_red_fail (g_steal_pointer (&task), g_steal_pointer (&error));
      return;
    }

  uri = g_uri_parse (deck_node_red_client_get_url (state->client), G_URI_FLAGS_NONE, NULL);
  user = deck_nr_settings_get_user_name (settings);
  state->account = deck_account_new (DECK_ACCOUNT_KIND_NODE_RED,
                                     deck_node_red_client_get_url (state->client));
  deck_account_set_display_name (state->account,
                                 user ? user : (uri ? g_uri_get_host (uri) : "Node-RED"));
  deck_account_set_username (state->account, user ? user : state->username);
  deck_account_set_credential (state->account,
                               deck_node_red_client_has_token (state->client)
                                 ? DECK_ACCOUNT_CREDENTIAL_NODE_RED_TOKEN
                                 : DECK_ACCOUNT_CREDENTIAL_NONE);
  deck_account_set_token_expiry (state->account,
                                 deck_node_red_client_get_token_expiry (state->client));
  deck_account_set_status (state->account, DECK_ACCOUNT_STATUS_SIGNED_IN);

  state->secret = node_red_secret_to_json (state->client);
  cancellable = g_task_get_cancellable (task);

  /* Signing in again: the signed-out account of the same user and
   * Node-RED gives way to the new one. */
  {
    g_autoptr(DeckAccount) other = signed_out_twin (self, state->account);

    if (other != NULL)
      {
        g_hash_table_remove (self->nr_clients, deck_account_get_id (other));
        deck_account_store_remove_async (self->store, other, cancellable,
                                         node_red_replaced_cb, g_steal_pointer (&task));
        return;
      }
  }

  deck_account_store_add_async (self->store, state->account, DECK_SECRET_KIND_NODE_RED,
                                state->secret, cancellable, node_red_stored_cb,
                                g_steal_pointer (&task));
}

/* Signed in (password grant or code exchange): check with /settings. */
static void
node_red_signed_in_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  NodeRedAdd *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  if (!state->signed_in (state->client, result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  deck_node_red_client_get_settings_async (state->client, cancellable, node_red_settings_cb,
                                           g_steal_pointer (&task));
}

/**
 * deck_context_add_node_red_async:
 * @self: a #DeckContext
 * @url: the Node-RED editor's address
 * @username: (nullable): for a Node-RED with `credentials` admin auth
 * @password: (nullable): its password (used once, never kept)
 * @read_only: ask for a `read` token instead of `*`
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Signs in to a Node-RED admin API (or, with no @username, connects to
 * one without admin authentication), checks the result with /settings,
 * keeps the token in the keyring. Finish with deck_context_add_account_finish().
 */
/* The task of a Node-RED sign-in, with its client; NULL (the error
 * returned through the task) when @url is not one Flowdeck will use. */
static GTask *
node_red_add_begin (DeckContext         *self,
                    const char          *url,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  NodeRedAdd *state = g_new0 (NodeRedAdd, 1);

  g_task_set_source_tag (task, deck_context_add_node_red_async);
  g_task_set_task_data (task, state, (GDestroyNotify) node_red_add_free);

  state->client = deck_node_red_client_new (url, &error);
  if (state->client == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return NULL;
    }

  return g_steal_pointer (&task);
}

void
deck_context_add_node_red_async (DeckContext         *self,
                                 const char          *url,
                                 const char          *username,
                                 const char          *password,
                                 gboolean             read_only,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  NodeRedAdd *state;

  g_return_if_fail (DECK_IS_CONTEXT (self));
  g_return_if_fail (url != NULL);

  task = node_red_add_begin (self, url, cancellable, callback, user_data);
  if (task == NULL)
    return;
  state = g_task_get_task_data (task);
  state->username = g_strdup (username);
  state->signed_in = deck_node_red_client_login_finish;

  if (username == NULL)
    {
      deck_node_red_client_get_settings_async (state->client, cancellable, node_red_settings_cb,
                                               g_steal_pointer (&task));
      return;
    }

  deck_node_red_client_login_async (state->client, username, password ? password : "",
                                    read_only ? "read" : "*", cancellable, node_red_signed_in_cb,
                                    g_steal_pointer (&task));
}

/**
 * deck_context_add_node_red_strategy_async:
 * @self: a #DeckContext
 * @url: the Node-RED editor's address
 * @code: (nullable): the `code` a Node-RED ≥ 5 strategy sign-in ended with
 * @access_token: (nullable): or the token a Node-RED ≤ 4 one handed over
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Finishes a strategy (single sign-on) sign-in that a web view ran up to
 * Node-RED's final redirect (deck_node_red_parse_strategy_redirect()):
 * exchanges @code (within its 20 seconds) or takes @access_token, checks
 * it with /settings, keeps it in the keyring and adds the account.
 * Finish with deck_context_add_account_finish().
 */
void
deck_context_add_node_red_strategy_async (DeckContext         *self,
                                          const char          *url,
                                          const char          *code,
                                          const char          *access_token,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  NodeRedAdd *state;

  g_return_if_fail (DECK_IS_CONTEXT (self));
  g_return_if_fail (url != NULL);

  /* Exactly one of them, or the caller's answer would never come. */
  if ((code == NULL) == (access_token == NULL))
    {
      g_task_report_new_error (self, callback, user_data, deck_context_add_node_red_async,
                               G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Node-RED ended the sign-in without a usable answer."));
      return;
    }

  task = node_red_add_begin (self, url, cancellable, callback, user_data);
  if (task == NULL)
    return;
  state = g_task_get_task_data (task);

  if (code != NULL)
    {
      state->signed_in = deck_node_red_client_exchange_code_finish;
      deck_node_red_client_exchange_code_async (state->client, code, cancellable,
                                                node_red_signed_in_cb, g_steal_pointer (&task));
      return;
    }

  /* Node-RED ≤ 4 says nothing of the token's lifetime or scope; the
   * scope comes with /settings, the lifetime stays unknown. */
  deck_node_red_client_set_token (state->client, access_token, NULL);
  deck_node_red_client_get_settings_async (state->client, cancellable, node_red_settings_cb,
                                           g_steal_pointer (&task));
}

static void
node_red_secret_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeckContext *self = g_task_get_source_object (task);
  ClientState *state = g_task_get_task_data (task);
  g_autoptr(DeckNodeRedClient) client = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  DeckNodeRedClient *existing;
  DeckSecureString secret = NULL;

  secret = deck_account_store_lookup_secret_finish (DECK_ACCOUNT_STORE (source), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Made meanwhile by a call at the same time: one client per account. */
  existing = g_hash_table_lookup (self->nr_clients, deck_account_get_id (state->account));
  if (existing != NULL)
    {
      deck_secure_clear (&secret);
      g_task_return_pointer (task, g_object_ref (existing), g_object_unref);
      return;
    }

  client = deck_node_red_client_new (deck_account_get_url (state->account), &error);
  if (client == NULL)
    {
      deck_secure_clear (&secret);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (secret != NULL && json_parser_load_from_data (parser, secret, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *object = json_node_get_object (json_parser_get_root (parser));
      const char *token = deck_json_get_string (object, "token");

      if (token != NULL)
        deck_node_red_client_set_token (client, token, deck_json_get_string (object, "scope"));
    }
  deck_secure_clear (&secret);

  if (deck_account_get_credential (state->account) == DECK_ACCOUNT_CREDENTIAL_NODE_RED_TOKEN &&
      !deck_node_red_client_has_token (client))
    {
      deck_account_set_status (state->account, DECK_ACCOUNT_STATUS_SIGNED_OUT);
      g_task_return_new_error (task, DECK_NODE_RED_ERROR, DECK_NODE_RED_ERROR_UNAUTHORIZED,
                               _("The keyring holds no sign-in for this Node-RED. Sign in "
                                 "again."));
      return;
    }

  g_hash_table_replace (self->nr_clients, g_strdup (deck_account_get_id (state->account)),
                        g_object_ref (client));
  g_task_return_pointer (task, g_steal_pointer (&client), g_object_unref);
}

/* A Node-RED client from the token in the keyring. */
static void
make_node_red_client (DeckContext *self,
                      GTask       *task)
{
  ClientState *state = g_task_get_task_data (task);

  deck_account_store_lookup_secret_async (self->store, state->account,
                                          deck_account_get_secret_kind (state->account),
                                          g_task_get_cancellable (task), node_red_secret_cb, task);
}

/**
 * deck_context_get_node_red_client_async:
 * @self: a #DeckContext
 * @account: a Node-RED account of the store
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Gives the account's Node-RED client, created from the keyring on first use.
 */
void
deck_context_get_node_red_client_async (DeckContext         *self,
                                        DeckAccount         *account,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (DECK_IS_CONTEXT (self));
  g_return_if_fail (DECK_IS_ACCOUNT (account));

  get_client (self, self->nr_clients, account, make_node_red_client,
              deck_context_get_node_red_client_async, cancellable, callback, user_data);
}

DeckNodeRedClient *
deck_context_get_node_red_client_finish (DeckContext   *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        deck_context_get_node_red_client_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * deck_context_add_account_finish:
 * @self: a #DeckContext
 * @result: the result
 * @error: a location for a #GError, or %NULL
 *
 * Returns: (transfer full): the new account, already in the store
 */
DeckAccount *
deck_context_add_account_finish (DeckContext   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/*
 * Start-up snapshots (deck-snapshot.c)
 */

static void
snapshot_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!deck_snapshot_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("Start-up snapshot: %s", error->message);
}

static void
forget_snapshot (DeckAccount *account)
{
  deck_snapshot_forget_async (deck_account_get_id (account), NULL, snapshot_done_cb, NULL);
}

static void
account_status_cb (DeckAccount *account)
{
  if (deck_account_get_status (account) == DECK_ACCOUNT_STATUS_SIGNED_OUT)
    forget_snapshot (account);
}

static void
accounts_changed_cb (DeckContext *self,
                     guint        position,
                     guint        removed,
                     guint        added,
                     GListModel  *accounts)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(DeckAccount) account = g_list_model_get_item (accounts, i);

      g_signal_connect (account, "notify::status", G_CALLBACK (account_status_cb), NULL);
    }
}

/* Whether @account's snapshot may be kept: a FlowFuse account of the
 * store, signed in. */
static gboolean
keeps_snapshot (DeckContext *self,
                DeckAccount *account)
{
  return deck_account_store_find (self->store, deck_account_get_id (account)) == account &&
         deck_account_get_kind (account) == DECK_ACCOUNT_KIND_FLOWFUSE &&
         deck_account_get_credential (account) != DECK_ACCOUNT_CREDENTIAL_NONE &&
         deck_account_get_status (account) != DECK_ACCOUNT_STATUS_SIGNED_OUT;
}

/* Deletes the snapshots of accounts that are gone or signed out (a
 * deletion that could not finish before the app quit). */
static void
sweep_snapshots (DeckContext *self)
{
  GListModel *accounts = G_LIST_MODEL (self->store);
  g_autoptr(GPtrArray) keep = g_ptr_array_new ();

  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(DeckAccount) account = g_list_model_get_item (accounts, i);

      if (keeps_snapshot (self, account))
        g_ptr_array_add (keep, (gpointer) deck_account_get_id (account));
    }
  g_ptr_array_add (keep, NULL);
  deck_snapshot_sweep_async ((const char * const *) keep->pdata, NULL, snapshot_done_cb, NULL);
}

/* Instances copied per main-loop round: ~1 ms (tests/bench-snapshot.c). */
#define SNAPSHOT_STEP 200

typedef struct
{
  DeckContext         *self;     /* unowned: the context owns the build */
  DeckAccount         *account;
  DeckSnapshotBuilder *builder;
  guint                idle_id;
} SnapshotBuild;

static void
snapshot_build_free (SnapshotBuild *build)
{
  g_clear_handle_id (&build->idle_id, g_source_remove);
  g_clear_object (&build->account);
  g_clear_pointer (&build->builder, deck_snapshot_builder_free);
  g_free (build);
}

static gboolean
snapshot_step_cb (gpointer user_data)
{
  SnapshotBuild *build = user_data;
  DeckContext *self = build->self;
  g_autofree char *id = NULL;

  if (!deck_snapshot_builder_step (build->builder, SNAPSHOT_STEP))
    return G_SOURCE_CONTINUE;

  build->idle_id = 0;
  /* Signed out or removed meanwhile: nothing is kept. */
  if (keeps_snapshot (self, build->account))
    deck_snapshot_save_async (deck_account_get_id (build->account),
                              deck_snapshot_builder_end (build->builder), NULL, snapshot_done_cb,
                              NULL);
  id = g_strdup (deck_account_get_id (build->account));
  g_hash_table_remove (self->snapshot_builds, id);
  return G_SOURCE_REMOVE;
}

/**
 * deck_context_save_snapshot:
 * @self: a #DeckContext
 * @account: a FlowFuse account of the store
 * @teams: (nullable): its teams (#DeckFfTeam)
 * @team_id: (nullable): the team shown
 * @instances: (nullable): that team's instances (#DeckFfInstance)
 *
 * Keeps what the window shows for the next start (deck-snapshot.c): the
 * models are copied a few hundred instances per main-loop round (a newer
 * save of the account replaces one still copying), the file is written in
 * a worker thread. Nothing is kept for an account that is signed out or
 * no longer in the store, when asked or when the copy is done.
 */
void
deck_context_save_snapshot (DeckContext *self,
                            DeckAccount *account,
                            GListModel  *teams,
                            const char  *team_id,
                            GListModel  *instances)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  SnapshotBuild *build;

  g_return_if_fail (DECK_IS_CONTEXT (self));
  g_return_if_fail (DECK_IS_ACCOUNT (account));

  if (!keeps_snapshot (self, account))
    return;

  build = g_new0 (SnapshotBuild, 1);
  build->self = self;
  build->account = g_object_ref (account);
  build->builder = deck_snapshot_builder_new (deck_account_get_id (account),
                                              deck_account_get_url (account), teams, team_id,
                                              instances, now);
  g_hash_table_replace (self->snapshot_builds, g_strdup (deck_account_get_id (account)), build);
  build->idle_id = g_idle_add_full (G_PRIORITY_LOW, snapshot_step_cb, build, NULL);
}

/* @task's account's snapshot: the start-up one if it is that account's
 * (once), else read now. */
static void
snapshot_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  DeckSnapshot *snapshot;

  snapshot = deck_snapshot_load_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, snapshot, (GDestroyNotify) deck_snapshot_free);
}

/* Whether the start-up prefetch brought @account's teams and instances,
 * not yet shown: those are what the window shows first. */
static gboolean
lists_prefetched (DeckContext *self,
                  DeckAccount *account)
{
  DeckFlowfuseClient *client;

  if (has_prefetch_for (self, account))
    return deck_prefetch_get_teams (self->prefetch) != NULL &&
           deck_prefetch_get_instances (self->prefetch) != NULL;

  client = g_hash_table_lookup (self->clients, deck_account_get_id (account));
  return client != NULL && _deck_flowfuse_client_has_seed (client);
}

static gboolean
is_start_snapshot_of (DeckContext *self,
                      DeckAccount *account)
{
  return self->start_snapshot != NULL &&
         is_account (account, deck_snapshot_get_account_id (self->start_snapshot),
                     deck_snapshot_get_account_url (self->start_snapshot));
}

static void
answer_snapshot (DeckContext *self,
                 GTask       *task)
{
  DeckAccount *account = g_task_get_task_data (task);

  /* The server's lists are already here: rows from the last start would
   * only be built to be replaced at once, before the first frame (at 50
   * instances, about 20 ms of a 0.2 s start). */
  if (lists_prefetched (self, account))
    {
      g_debug ("Account %s: the start-up prefetch's lists are in; no snapshot",
               deck_account_get_id (account));
      if (is_start_snapshot_of (self, account))
        {
          g_clear_handle_id (&self->start_snapshot_expire_id, g_source_remove);
          g_clear_pointer (&self->start_snapshot, deck_snapshot_free);
        }
      g_task_return_pointer (task, NULL, NULL);
      g_object_unref (task);
      return;
    }

  if (is_start_snapshot_of (self, account))
    {
      g_debug ("Account %s: the start-up snapshot, read during start-up",
               deck_account_get_id (account));
      g_clear_handle_id (&self->start_snapshot_expire_id, g_source_remove);
      g_task_return_pointer (task, g_steal_pointer (&self->start_snapshot),
                             (GDestroyNotify) deck_snapshot_free);
      g_object_unref (task);
      return;
    }

  deck_snapshot_load_async (deck_account_get_id (account), deck_account_get_url (account),
                            g_task_get_cancellable (task), snapshot_loaded_cb, task);
}

static gboolean
start_snapshot_expire_cb (gpointer user_data)
{
  DeckContext *self = user_data;

  self->start_snapshot_expire_id = 0;
  g_clear_pointer (&self->start_snapshot, deck_snapshot_free);
  return G_SOURCE_REMOVE;
}

static void
start_snapshot_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  DeckContext *self = user_data;
  g_autoptr(GPtrArray) waiters = NULL;
  g_autoptr(GError) error = NULL;
  DeckSnapshot *snapshot;

  snapshot = deck_prefetch_snapshot_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* the context is gone */

  self->start_snapshot_loading = FALSE;
  self->start_snapshot = snapshot;
  if (snapshot != NULL)
    self->start_snapshot_expire_id = g_timeout_add_seconds (PREFETCH_KEEP_SECONDS,
                                                            start_snapshot_expire_cb, self);
  waiters = g_steal_pointer (&self->snapshot_waiters);
  for (guint i = 0; waiters != NULL && i < waiters->len; i++)
    answer_snapshot (self, g_object_ref (waiters->pdata[i]));
}

/**
 * deck_context_load_snapshot_async:
 * @self: a #DeckContext
 * @account: a FlowFuse account of the store
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Reads what deck_context_save_snapshot() kept for @account, in a worker
 * thread; during start-up, the one deck_context_prefetch() started to
 * read (once). Finish with deck_snapshot_load_finish(): %NULL without an
 * error when there is none (or the account is signed out, or not of the
 * store), and while the start-up prefetch's lists of @account wait to be
 * given out: they are newer.
 */
void
deck_context_load_snapshot_async (DeckContext         *self,
                                  DeckAccount         *account,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (DECK_IS_CONTEXT (self));
  g_return_if_fail (DECK_IS_ACCOUNT (account));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_snapshot_load_async);
  g_task_set_task_data (task, g_object_ref (account), g_object_unref);

  /* None is kept for it, so none is read either. */
  if (!keeps_snapshot (self, account))
    {
      g_task_return_pointer (task, NULL, NULL);
      g_object_unref (task);
      return;
    }

  if (self->start_snapshot_loading)
    {
      if (self->snapshot_waiters == NULL)
        self->snapshot_waiters = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (self->snapshot_waiters, task);
      return;
    }

  answer_snapshot (self, task);
}

/*
 * Removing accounts
 */

typedef struct
{
  DeckAccount *account;
  char        *warning;
  gboolean     keep;      /* sign out: forget the credential, keep the account */
  guint        clearing;  /* keyring kinds still being cleared */
} RemoveState;

static void
remove_state_free (RemoveState *state)
{
  g_clear_object (&state->account);
  g_clear_pointer (&state->warning, g_free);
  g_free (state);
}

static void
remove_stored_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeckContext *self = g_task_get_source_object (task);
  RemoveState *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!deck_account_store_remove_finish (DECK_ACCOUNT_STORE (source), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_hash_table_remove (self->clients, deck_account_get_id (state->account));
  g_hash_table_remove (self->nr_clients, deck_account_get_id (state->account));
  /* Again: a save asked for while the account was leaving the store. */
  forget_snapshot (state->account);
  g_task_return_boolean (task, TRUE);
}

static void
signed_out_saved_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!deck_account_store_save_finish (DECK_ACCOUNT_STORE (source), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
signed_out_cleared_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeckContext *self = g_task_get_source_object (task);
  RemoveState *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  if (!deck_secrets_clear_finish (result, &error) && error != NULL && state->warning == NULL)
    state->warning = g_strdup (error->message);

  if (--state->clearing > 0)
    return;

  /* The account stays, without a credential: "sign in again". */
  g_hash_table_remove (self->clients, deck_account_get_id (state->account));
  g_hash_table_remove (self->nr_clients, deck_account_get_id (state->account));
  deck_account_set_credential (state->account, DECK_ACCOUNT_CREDENTIAL_NONE);
  deck_account_set_minted_token_id (state->account, NULL);
  deck_account_set_token_expiry (state->account, NULL);
  deck_account_set_status (state->account, DECK_ACCOUNT_STATUS_SIGNED_OUT);
  cancellable = g_task_get_cancellable (task);
  deck_account_store_save_async (self->store, cancellable, signed_out_saved_cb,
                                 g_steal_pointer (&task));
}

static void
remove_local (GTask *task)
{
  DeckContext *self = g_task_get_source_object (task);
  RemoveState *state = g_task_get_task_data (task);

  forget_snapshot (state->account);

  if (state->keep)
    {
      static const DeckSecretKind kinds[] = { DECK_SECRET_KIND_PAT, DECK_SECRET_KIND_OAUTH,
                                              DECK_SECRET_KIND_NODE_RED };

      state->clearing = G_N_ELEMENTS (kinds);
      for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
        deck_secrets_clear_async (kinds[i], deck_account_get_id (state->account),
                                  g_task_get_cancellable (task), signed_out_cleared_cb,
                                  g_object_ref (task));
      g_object_unref (task);
      return;
    }

  deck_account_store_remove_async (self->store, state->account, g_task_get_cancellable (task),
                                   remove_stored_cb, task);
}

static void
remove_token_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RemoveState *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!deck_flowfuse_client_finish_boolean (DECK_FLOWFUSE_CLIENT (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      /* The account goes anyway; the user learns the token is left. */
      state->warning = g_strdup_printf (_("Flowdeck’s token could not be deleted on the server "
                                          "(%s). Delete “Flowdeck on %s” in FlowFuse under User "
                                          "Settings → Security → Tokens."),
                                        error->message, g_get_host_name ());
      g_warning ("%s", state->warning);
    }

  remove_local (g_steal_pointer (&task));
}

static void
remove_client_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RemoveState *state = g_task_get_task_data (task);
  g_autoptr(DeckFlowfuseClient) client = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  client = deck_context_get_flowfuse_client_finish (DECK_CONTEXT (source), result, &error);
  if (client == NULL)
    {
      state->warning = g_strdup_printf (_("Flowdeck’s token could not be deleted on the server "
                                          "(%s). Delete “Flowdeck on %s” in FlowFuse under User "
                                          "Settings → Security → Tokens."),
                                        error->message, g_get_host_name ());
      remove_local (g_steal_pointer (&task));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  deck_flowfuse_client_delete_personal_token_async (client,
                                                    deck_account_get_minted_token_id (state->account),
                                                    cancellable, remove_token_cb,
                                                    g_steal_pointer (&task));
}

static void
remove_revoked_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RemoveState *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!deck_node_red_client_revoke_finish (DECK_NODE_RED_CLIENT (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      state->warning = g_strdup_printf (_("The Node-RED token could not be revoked (%s). It "
                                          "stays valid until it expires or Node-RED restarts."),
                                        error->message);
      g_warning ("%s", state->warning);
    }

  remove_local (g_steal_pointer (&task));
}

static void
remove_nr_client_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RemoveState *state = g_task_get_task_data (task);
  g_autoptr(DeckNodeRedClient) client = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  client = deck_context_get_node_red_client_finish (DECK_CONTEXT (source), result, &error);
  if (client == NULL)
    {
      state->warning = g_strdup_printf (_("The Node-RED token could not be revoked (%s). It "
                                          "stays valid until it expires or Node-RED restarts."),
                                        error->message);
      remove_local (g_steal_pointer (&task));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  deck_node_red_client_revoke_async (client, cancellable, remove_revoked_cb,
                                     g_steal_pointer (&task));
}

/**
 * deck_context_remove_account_async:
 * @self: a #DeckContext
 * @account: the account
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Signs out and forgets the account: deletes the token Flowdeck minted
 * for itself on the server (if any), clears the keyring items and the
 * metadata.
 */
void
deck_context_remove_account_async (DeckContext         *self,
                                   DeckAccount         *account,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RemoveState *state;

  g_return_if_fail (DECK_IS_CONTEXT (self));
  g_return_if_fail (DECK_IS_ACCOUNT (account));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_context_remove_account_async);
  state = g_new0 (RemoveState, 1);
  state->account = g_object_ref (account);
  g_task_set_task_data (task, state, (GDestroyNotify) remove_state_free);

  if (deck_account_get_credential (account) == DECK_ACCOUNT_CREDENTIAL_NODE_RED_TOKEN)
    {
      /* Sign out revokes the token on the Node-RED (and checks it). */
      deck_context_get_node_red_client_async (self, account, cancellable, remove_nr_client_cb,
                                              g_steal_pointer (&task));
      return;
    }

  if (deck_account_get_credential (account) == DECK_ACCOUNT_CREDENTIAL_MINTED_PAT &&
      deck_account_get_minted_token_id (account) != NULL)
    {
      deck_context_get_flowfuse_client_async (self, account, cancellable, remove_client_cb,
                                              g_steal_pointer (&task));
      return;
    }

  remove_local (g_steal_pointer (&task));
}

/**
 * deck_context_sign_out_async:
 * @self: a #DeckContext
 * @account: the account
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Signs out but keeps the account: deletes the token Flowdeck minted for
 * itself on the server (or revokes a Node-RED token), clears the keyring
 * items, and leaves the account "signed out" so that signing in again
 * replaces it. Finish with deck_context_remove_account_finish().
 */
void
deck_context_sign_out_async (DeckContext         *self,
                             DeckAccount         *account,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RemoveState *state;

  g_return_if_fail (DECK_IS_CONTEXT (self));
  g_return_if_fail (DECK_IS_ACCOUNT (account));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_context_remove_account_async);
  state = g_new0 (RemoveState, 1);
  state->account = g_object_ref (account);
  state->keep = TRUE;
  g_task_set_task_data (task, state, (GDestroyNotify) remove_state_free);

  if (deck_account_get_credential (account) == DECK_ACCOUNT_CREDENTIAL_NODE_RED_TOKEN)
    {
      deck_context_get_node_red_client_async (self, account, cancellable, remove_nr_client_cb,
                                              g_steal_pointer (&task));
      return;
    }

  if (deck_account_get_credential (account) == DECK_ACCOUNT_CREDENTIAL_MINTED_PAT &&
      deck_account_get_minted_token_id (account) != NULL)
    {
      deck_context_get_flowfuse_client_async (self, account, cancellable, remove_client_cb,
                                              g_steal_pointer (&task));
      return;
    }

  if (deck_account_get_credential (account) == DECK_ACCOUNT_CREDENTIAL_PAT)
    state->warning = g_strdup (_("Your personal access token was removed from the keyring. It "
                                 "stays valid on the server until you delete it there."));
  else if (deck_account_get_credential (account) == DECK_ACCOUNT_CREDENTIAL_OAUTH)
    state->warning = g_strdup (_("FlowFuse has no way to end this sign-in early; it lapses by "
                                 "itself within 30 minutes."));

  remove_local (g_steal_pointer (&task));
}

/**
 * deck_context_remove_account_finish:
 * @self: a #DeckContext
 * @result: the result
 * @warning: (out) (optional) (nullable): what could not be cleaned up on the
 *   server, for the user to see
 * @error: a location for a #GError, or %NULL
 *
 * Returns: %TRUE when the account is gone from Flowdeck
 */
gboolean
deck_context_remove_account_finish (DeckContext   *self,
                                    GAsyncResult  *result,
                                    char         **warning,
                                    GError       **error)
{
  RemoveState *state;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  state = g_task_get_task_data (G_TASK (result));
  if (warning != NULL)
    *warning = g_steal_pointer (&state->warning);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* For the connection store: a signed-in FlowFuse client for a server
 * (transfer none),
 * when one exists already (revoking a connection removes its variables
 * from the instances that hold them). */
static DeckFlowfuseClient *
client_for_server (const char *server_url,
                   gpointer    user_data)
{
  DeckContext *self = user_data;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->clients);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (g_strcmp0 (deck_flowfuse_client_get_base_url (value), server_url) == 0)
      return value;

  return NULL;
}

static void
connections_loaded_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!deck_connection_store_load_finish (DECK_CONNECTION_STORE (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Loading OAuth connections: %s", error->message);
}

/*
 * Loading
 */

static void
load_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  DeckContext *self = g_task_get_source_object (task);
  gboolean loaded;

  loaded = deck_account_store_load_finish (DECK_ACCOUNT_STORE (source), result, &error);
  /* Read, or set aside as damaged (the store is usable either way); not
   * when the app is going. */
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      self->accounts_loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNTS_LOADED]);
    }
  if (!loaded)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  sweep_snapshots (self);
  g_task_return_boolean (task, TRUE);
}

void
deck_context_load_async (DeckContext         *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (DECK_IS_CONTEXT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_context_load_async);
  deck_account_store_load_async (self->store, cancellable, load_cb, task);
  deck_connection_store_load_async (self->connections, cancellable, connections_loaded_cb, NULL);
}

/**
 * deck_context_get_accounts_loaded:
 * @self: a #DeckContext
 *
 * Returns: the #DeckContext:accounts-loaded property
 */
gboolean
deck_context_get_accounts_loaded (DeckContext *self)
{
  g_return_val_if_fail (DECK_IS_CONTEXT (self), FALSE);

  return self->accounts_loaded;
}

/**
 * deck_context_load_finish:
 * @self: a #DeckContext
 * @result: the result
 * @error: a location for a #GError, or %NULL
 *
 * Returns: %TRUE if the accounts loaded; on a corrupt file the store is
 *   still usable and @error says where the backup is
 */
gboolean
deck_context_load_finish (DeckContext   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/*
 * GObject
 */

static void
deck_context_dispose (GObject *object)
{
  DeckContext *self = DECK_CONTEXT (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->prefetch_cancellable);
  g_clear_object (&self->prefetch_cancellable);
  g_clear_pointer (&self->prefetch_stage, g_atomic_rc_box_release);
  g_clear_handle_id (&self->prefetch_wait_id, g_source_remove);
  g_clear_handle_id (&self->prefetch_expire_id, g_source_remove);
  g_clear_pointer (&self->prefetch, deck_prefetch_free);
  if (self->prefetch_waiters != NULL)
    {
      for (guint i = 0; i < self->prefetch_waiters->len; i++)
        g_task_return_new_error (self->prefetch_waiters->pdata[i], G_IO_ERROR,
                                 G_IO_ERROR_CANCELLED, "The context went away");
      g_clear_pointer (&self->prefetch_waiters, g_ptr_array_unref);
    }
  self->prefetching = FALSE;
  g_clear_handle_id (&self->start_snapshot_expire_id, g_source_remove);
  g_clear_pointer (&self->start_snapshot, deck_snapshot_free);
  if (self->snapshot_waiters != NULL)
    {
      for (guint i = 0; i < self->snapshot_waiters->len; i++)
        g_task_return_new_error (self->snapshot_waiters->pdata[i], G_IO_ERROR,
                                 G_IO_ERROR_CANCELLED, "The context went away");
      g_clear_pointer (&self->snapshot_waiters, g_ptr_array_unref);
    }
  self->start_snapshot_loading = FALSE;
  g_clear_pointer (&self->snapshot_builds, g_hash_table_unref);
  g_clear_pointer (&self->clients, g_hash_table_unref);
  g_clear_pointer (&self->nr_clients, g_hash_table_unref);
  g_clear_object (&self->store);
  g_clear_object (&self->connections);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (deck_context_parent_class)->dispose (object);
}

static void
deck_context_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  DeckContext *self = DECK_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_ACCOUNTS_LOADED:
      g_value_set_boolean (value, self->accounts_loaded);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
deck_context_class_init (DeckContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = deck_context_dispose;
  object_class->get_property = deck_context_get_property;

  /**
   * DeckContext:accounts-loaded:
   *
   * Whether deck_context_load_async() has read the accounts file (or
   * set a damaged one aside): until then, an empty store may only mean
   * "not read yet".
   */
  properties[PROP_ACCOUNTS_LOADED] =
    g_param_spec_boolean ("accounts-loaded", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
deck_context_init (DeckContext *self)
{
  self->clients = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->nr_clients = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->snapshot_builds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                 (GDestroyNotify) snapshot_build_free);
  self->cancellable = g_cancellable_new ();
}

/**
 * deck_context_new:
 * @accounts_path: (nullable): the accounts file, or %NULL for the default
 *
 * Returns: (transfer full): a new #DeckContext
 */
DeckContext *
deck_context_new (const char *accounts_path)
{
  DeckContext *self = g_object_new (DECK_TYPE_CONTEXT, NULL);
  g_autofree char *path = accounts_path ? g_strdup (accounts_path)
                                        : deck_account_store_default_path ();

  self->store = deck_account_store_new (path);
  g_signal_connect_object (self->store, "items-changed", G_CALLBACK (accounts_changed_cb), self,
                           G_CONNECT_SWAPPED);

  /* OAuth connections for flows live next to the accounts file. */
  {
    g_autofree char *dir = g_path_get_dirname (path);
    g_autofree char *connections = g_build_filename (dir, "connections.json", NULL);

    self->connections = deck_connection_store_new (connections);
    deck_connection_store_set_client_func (self->connections, client_for_server, self, NULL);
    /* Renew five minutes ahead, so flows handed a token keep working. */
    deck_connection_store_set_auto_refresh (self->connections, 5 * 60);
  }

  return self;
}

/**
 * deck_context_get_connections:
 * @self: a #DeckContext
 *
 * Returns: (transfer none): the OAuth connections for flows
 */
DeckConnectionStore *
deck_context_get_connections (DeckContext *self)
{
  g_return_val_if_fail (DECK_IS_CONTEXT (self), NULL);

  return self->connections;
}

/**
 * deck_context_get_store:
 * @self: a #DeckContext
 *
 * Returns: (transfer none): the accounts, a #GListModel of #DeckAccount
 */
DeckAccountStore *
deck_context_get_store (DeckContext *self)
{
  g_return_val_if_fail (DECK_IS_CONTEXT (self), NULL);

  return self->store;
}
