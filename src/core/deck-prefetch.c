/* deck-prefetch.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The start-up prefetch: while the main thread starts GTK and builds the
 * window (a tenth of a second and more, during which its main loop does
 * not run), a worker thread reads the accounts file, the secret of the
 * account the user last looked at (never prompting: a locked keyring
 * means no secret), that account's teams and the instances of the team
 * last shown. #DeckContext hands the result to the first client it makes
 * for that account, so the window can show the instances in its first
 * frames instead of a round of requests later.
 *
 * The worker has a main context of its own; everything it creates on
 * that context (the client and its SoupSession) is gone before it
 * returns. What it hands back are plain models and one secret string.
 * OAuth tokens are used as they are: the worker never renews them (a
 * renewal rotates the refresh token, which only the main thread may
 * keep), so an access token near its expiry leaves the requests to the
 * main thread.
 */

#define G_LOG_DOMAIN "deck-prefetch"

#include "config.h"

#include <json-glib/json-glib.h>

#include "deck-account-store-private.h"
#include "deck-account.h"
#include "deck-flowfuse-client.h"
#include "deck-ff-team.h"
#include "deck-json.h"
#include "deck-prefetch.h"
#include "deck-secrets.h"
#include "deck-secure.h"
#include "deck-snapshot.h"

/* An access token this close to its expiry is left to the main thread. */
#define MIN_TOKEN_LIFETIME_SECONDS 60

struct _DeckPrefetch
{
  char       *account_id;
  char       *account_url;
  char       *secret;       /* wiped when taken or freed */
  GListModel *teams;
  char       *team_id;
  GListModel *instances;
  gint64      fetched_at;   /* monotonic µs */
};

typedef struct
{
  char *accounts_path;
  char *account_id;
  char *team_id;
  gint *stage;   /* shared with the caller: g_atomic_rc_box */
} Request;

static void
request_free (Request *request)
{
  g_clear_pointer (&request->stage, g_atomic_rc_box_release);
  g_free (request->accounts_path);
  g_free (request->account_id);
  g_free (request->team_id);
  g_free (request);
}

static Request *
request_new (const char *accounts_path,
             const char *account_id)
{
  Request *request = g_new0 (Request, 1);

  request->accounts_path = g_strdup (accounts_path);
  request->account_id = account_id && *account_id ? g_strdup (account_id) : NULL;
  return request;
}

/* A task of @source_tag for @request, run in a worker thread by @func. */
static void
run_request (Request             *request,
             gpointer             source_tag,
             GTaskThreadFunc      func,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  g_task_run_in_thread (task, func);
}

void
deck_prefetch_free (DeckPrefetch *self)
{
  if (self == NULL)
    return;

  g_free (self->account_id);
  g_free (self->account_url);
  deck_secure_clear (&self->secret);
  g_clear_object (&self->teams);
  g_free (self->team_id);
  g_clear_object (&self->instances);
  g_free (self);
}

/* The worker's own loop: runs @context until @slot holds a result. */
static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static GAsyncResult *
wait_result (GMainContext  *context,
             GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (context, TRUE);

  return *slot;
}

static DeckAccount *
choose_account (GPtrArray  *accounts,
                const char *wanted_id)
{
  DeckAccount *first = NULL;

  for (guint i = 0; i < accounts->len; i++)
    {
      DeckAccount *account = accounts->pdata[i];

      if (deck_account_get_kind (account) != DECK_ACCOUNT_KIND_FLOWFUSE ||
          deck_account_get_credential (account) == DECK_ACCOUNT_CREDENTIAL_NONE)
        continue;

      if (wanted_id != NULL && g_strcmp0 (deck_account_get_id (account), wanted_id) == 0)
        return account;
      if (first == NULL)
        first = account;
    }

  return first;
}

/* The account the request is for, from the accounts file (read only: a
 * damaged file is the main thread's to set aside), or %NULL. */
static DeckAccount *
read_chosen_account (Request *request)
{
  g_autoptr(GPtrArray) accounts = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *data = NULL;
  DeckAccount *account;
  gsize length;

  if (!g_file_get_contents (request->accounts_path, &data, &length, NULL))
    return NULL;
  _deck_account_store_parse (data, length, &accounts, &problem);
  account = choose_account (accounts, request->account_id);
  return account != NULL ? g_object_ref (account) : NULL;
}

/* The bearer token in @secret, if it may be used without renewal. */
static char *
usable_access_token (DeckAccount *account,
                     const char  *secret)
{
  g_autoptr(GDateTime) expires_at = NULL;
  g_autoptr(GDateTime) now = NULL;
  DeckSecureString refresh = NULL;
  char *access = NULL;

  if (deck_account_get_credential (account) != DECK_ACCOUNT_CREDENTIAL_OAUTH)
    return g_strdup (secret);

  if (!deck_secrets_oauth_from_json (secret, &access, &refresh, &expires_at))
    return NULL;

  now = g_date_time_new_now_utc ();
  if (g_date_time_difference (expires_at, now) < MIN_TOKEN_LIFETIME_SECONDS * G_TIME_SPAN_SECOND)
    deck_secure_clear (&access);
  return access;
}

/* The team to list: the one asked for if the user still has it. */
static const char *
choose_team (GListModel *teams,
             const char *wanted_id)
{
  const char *first = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (teams); i++)
    {
      g_autoptr(DeckFfTeam) team = g_list_model_get_item (teams, i);
      const char *id = deck_ff_team_get_id (team);

      if (wanted_id != NULL && g_strcmp0 (id, wanted_id) == 0)
        return wanted_id;
      /* The model keeps the team, and so the string, alive. */
      if (first == NULL)
        first = id;
    }

  return first;
}

/* The requests, on @context. Stops quietly at the first failure: the
 * main thread asks again and reports it. */
static void
fetch_lists (DeckPrefetch *self,
             DeckAccount  *account,
             const char   *wanted_team,
             GMainContext *context,
             GCancellable *cancellable)
{
  g_autoptr(DeckFlowfuseClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) teams = NULL;
  g_autoptr(GListModel) instances = NULL;
  g_autoptr(GError) error = NULL;
  DeckSecureString token = NULL;
  const char *team_id;

  token = usable_access_token (account, self->secret);
  if (token == NULL)
    {
      g_debug ("The saved sign-in needs renewing first: no prefetch");
      return;
    }

  client = deck_flowfuse_client_new (deck_account_get_url (account), &error);
  if (client == NULL)
    {
      deck_secure_clear (&token);
      return;
    }
  deck_flowfuse_client_set_token (client, token);
  deck_secure_clear (&token);

  deck_flowfuse_client_list_teams_async (client, cancellable, store_result_cb, &result);
  teams = deck_flowfuse_client_finish_list (client, wait_result (context, &result), &error);
  g_clear_object (&result);
  if (teams == NULL)
    {
      g_debug ("Prefetching teams: %s", error->message);
      return;
    }

  self->teams = g_object_ref (teams);
  team_id = choose_team (teams, wanted_team);
  if (team_id == NULL)
    return;

  deck_flowfuse_client_list_instances_without_state_async (client, team_id, cancellable,
                                                           store_result_cb, &result);
  instances = deck_flowfuse_client_finish_list (client, wait_result (context, &result), &error);
  g_clear_object (&result);
  if (instances == NULL)
    {
      g_debug ("Prefetching instances: %s", error->message);
      return;
    }

  self->team_id = g_strdup (team_id);
  self->instances = g_steal_pointer (&instances);
}

static DeckPrefetch *
prefetch (Request      *request,
          GMainContext *context,
          GCancellable *cancellable)
{
  g_autoptr(DeckPrefetch) self = g_new0 (DeckPrefetch, 1);
  g_autoptr(DeckAccount) account = read_chosen_account (request);
  g_autoptr(GError) error = NULL;

  if (account == NULL)
    return g_steal_pointer (&self);

  self->account_id = g_strdup (deck_account_get_id (account));
  self->account_url = g_strdup (deck_account_get_url (account));
  self->secret = deck_secrets_lookup_unlocked_sync (deck_account_get_secret_kind (account),
                                                    self->account_id, cancellable, &error);
  if (self->secret == NULL)
    {
      if (error != NULL)
        g_debug ("Prefetching the sign-in: %s", error->message);
      return g_steal_pointer (&self);
    }

  if (request->stage != NULL)
    g_atomic_int_set (request->stage, DECK_PREFETCH_REQUESTING);
  fetch_lists (self, account, request->team_id, context, cancellable);
  self->fetched_at = g_get_monotonic_time ();
  return g_steal_pointer (&self);
}

static void
prefetch_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  DeckPrefetch *result;

  g_main_context_push_thread_default (context);
  result = prefetch (task_data, context, cancellable);
  /* Whatever the client left on this context (idle connections) goes
   * with it, here. */
  while (g_main_context_pending (context))
    g_main_context_iteration (context, FALSE);
  g_main_context_pop_thread_default (context);

  if (g_cancellable_is_cancelled (cancellable))
    {
      deck_prefetch_free (result);
      g_task_return_error_if_cancelled (task);
      return;
    }

  g_task_return_pointer (task, result, (GDestroyNotify) deck_prefetch_free);
}

/**
 * deck_prefetch_run_async:
 * @accounts_path: the accounts file
 * @account_id: (nullable): the account to prefetch, or %NULL for the
 *   first FlowFuse account that is signed in
 * @team_id: (nullable): the team whose instances to list, or %NULL (or
 *   a team the account no longer has) for its first team
 * @stage: (nullable): a gint made with g_atomic_rc_box_new0(), which the
 *   worker keeps a reference to and sets to a #DeckPrefetchStage
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Runs the start-up prefetch in a worker thread. It never fails: what it
 * could not get is simply missing from the result.
 */
void
deck_prefetch_run_async (const char          *accounts_path,
                         const char          *account_id,
                         const char          *team_id,
                         gint                *stage,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  Request *request;

  g_return_if_fail (accounts_path != NULL);

  request = request_new (accounts_path, account_id);
  request->team_id = team_id && *team_id ? g_strdup (team_id) : NULL;
  request->stage = stage ? g_atomic_rc_box_acquire (stage) : NULL;
  run_request (request, deck_prefetch_run_async, prefetch_thread, cancellable, callback,
               user_data);
}

/**
 * deck_prefetch_run_finish:
 * @result: the result
 * @error: a location for a #GError, or %NULL
 *
 * Returns: (transfer full) (nullable): what was fetched; %NULL only when
 *   cancelled
 */
DeckPrefetch *
deck_prefetch_run_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == deck_prefetch_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * deck_prefetch_get_account_id:
 * @self: a #DeckPrefetch
 *
 * Returns: (nullable): the account it is for, or %NULL if none was found
 */
const char *
deck_prefetch_get_account_id (DeckPrefetch *self)
{
  return self->account_id;
}

const char *
deck_prefetch_get_account_url (DeckPrefetch *self)
{
  return self->account_url;
}

/**
 * deck_prefetch_take_secret:
 * @self: a #DeckPrefetch
 *
 * Returns: (transfer full) (nullable): the account's secret as the
 *   keyring holds it (free with deck_secure_free()); later calls give %NULL
 */
char *
deck_prefetch_take_secret (DeckPrefetch *self)
{
  return g_steal_pointer (&self->secret);
}

/**
 * deck_prefetch_get_teams:
 * @self: a #DeckPrefetch
 *
 * Returns: (transfer none) (nullable): the account's teams
 */
GListModel *
deck_prefetch_get_teams (DeckPrefetch *self)
{
  return self->teams;
}

/**
 * deck_prefetch_get_team_id:
 * @self: a #DeckPrefetch
 *
 * Returns: (nullable): the team whose instances were listed
 */
const char *
deck_prefetch_get_team_id (DeckPrefetch *self)
{
  return self->team_id;
}

/**
 * deck_prefetch_get_instances:
 * @self: a #DeckPrefetch
 *
 * Returns: (transfer none) (nullable): that team's instances, without
 *   live state (as deck_flowfuse_client_list_instances_without_state_async())
 */
GListModel *
deck_prefetch_get_instances (DeckPrefetch *self)
{
  return self->instances;
}

/**
 * deck_prefetch_get_fetched_at:
 * @self: a #DeckPrefetch
 *
 * Returns: when the lists were fetched (g_get_monotonic_time()), or 0
 */
gint64
deck_prefetch_get_fetched_at (DeckPrefetch *self)
{
  return self->fetched_at;
}

/*
 * The start-up snapshot, read alongside
 */

static void
snapshot_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  g_autoptr(DeckAccount) account = read_chosen_account (task_data);
  g_autoptr(GError) error = NULL;
  DeckSnapshot *snapshot;

  if (account == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  snapshot = deck_snapshot_load_sync (deck_account_get_id (account), deck_account_get_url (account),
                                      &error);
  if (error != NULL)
    g_message ("Start-up snapshot of %s: %s", deck_account_get_id (account), error->message);
  g_task_return_pointer (task, snapshot, (GDestroyNotify) deck_snapshot_free);
}

/**
 * deck_prefetch_snapshot_async:
 * @accounts_path: the accounts file
 * @account_id: (nullable): as for deck_prefetch_run_async()
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Reads, in a worker thread of its own (it must not wait for the keyring
 * or the server), the start-up snapshot (deck-snapshot.c) of the account
 * deck_prefetch_run_async() picks.
 */
void
deck_prefetch_snapshot_async (const char          *accounts_path,
                              const char          *account_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (accounts_path != NULL);

  run_request (request_new (accounts_path, account_id), deck_prefetch_snapshot_async,
               snapshot_thread, cancellable, callback, user_data);
}

/**
 * deck_prefetch_snapshot_finish:
 * @result: the result
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (nullable): the snapshot, or %NULL when there
 *   is none (or no account to read it for)
 */
DeckSnapshot *
deck_prefetch_snapshot_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
