/* deck-token-overview.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-token-overview"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "deck-token-overview.h"

/* Every access token the user can see, across all FlowFuse accounts: the
 * personal tokens of each account and the HTTP tokens of every instance
 * of every team where the user may manage them (the same capability
 * check as the instance page: licensed server, team type with
 * "teamHttpSecurity", Owner role; a team that fails it is skipped
 * quietly). Only list calls go out, at most
 * DECK_TOKEN_OVERVIEW_MAX_CONCURRENT at a time, all with the caller's
 * cancellable. An account or instance that cannot be read becomes a
 * "problem" (a sentence for the user) and the rest is still listed.
 *
 * Only names, ids and expiry dates are kept: no token value is ever part
 * of a list answer. */

/*
 * DeckTokenEntry
 */

struct _DeckTokenEntry
{
  GObject             parent_instance;

  DeckTokenEntryKind  kind;
  char               *id;
  char               *name;
  GDateTime          *expires_at;
  char               *account_id;
  char               *account_name;
  char               *instance_id;
  char               *instance_name;
  char               *team_name;
  gboolean            flowdeck_own;
};

G_DEFINE_FINAL_TYPE (DeckTokenEntry, deck_token_entry, G_TYPE_OBJECT)

static void
deck_token_entry_finalize (GObject *object)
{
  DeckTokenEntry *self = DECK_TOKEN_ENTRY (object);

  g_free (self->id);
  g_free (self->name);
  g_clear_pointer (&self->expires_at, g_date_time_unref);
  g_free (self->account_id);
  g_free (self->account_name);
  g_free (self->instance_id);
  g_free (self->instance_name);
  g_free (self->team_name);

  G_OBJECT_CLASS (deck_token_entry_parent_class)->finalize (object);
}

static void
deck_token_entry_class_init (DeckTokenEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = deck_token_entry_finalize;
}

static void
deck_token_entry_init (DeckTokenEntry *self)
{
}

/**
 * deck_token_entry_new:
 * @kind: HTTP or personal
 * @id: the token's id
 * @name: the token's name
 * @expires_at: (nullable): its expiry, %NULL for never
 * @account_id: the account it was found through
 * @account_name: that account's display name
 * @instance_id: (nullable): the instance, for HTTP tokens
 * @instance_name: (nullable): the instance's name, for HTTP tokens
 * @team_name: (nullable): the instance's team, for HTTP tokens
 *
 * Returns: (transfer full): a new entry
 */
DeckTokenEntry *
deck_token_entry_new (DeckTokenEntryKind  kind,
                      const char         *id,
                      const char         *name,
                      GDateTime          *expires_at,
                      const char         *account_id,
                      const char         *account_name,
                      const char         *instance_id,
                      const char         *instance_name,
                      const char         *team_name)
{
  DeckTokenEntry *self = g_object_new (DECK_TYPE_TOKEN_ENTRY, NULL);

  self->kind = kind;
  self->id = g_strdup (id);
  self->name = g_strdup (name != NULL ? name : "");
  self->expires_at = expires_at != NULL ? g_date_time_ref (expires_at) : NULL;
  self->account_id = g_strdup (account_id);
  self->account_name = g_strdup (account_name);
  self->instance_id = g_strdup (instance_id);
  self->instance_name = g_strdup (instance_name);
  self->team_name = g_strdup (team_name);

  return self;
}

DeckTokenEntryKind
deck_token_entry_get_kind (DeckTokenEntry *self)
{
  g_return_val_if_fail (DECK_IS_TOKEN_ENTRY (self), DECK_TOKEN_ENTRY_HTTP);
  return self->kind;
}

const char *
deck_token_entry_get_id (DeckTokenEntry *self)
{
  g_return_val_if_fail (DECK_IS_TOKEN_ENTRY (self), NULL);
  return self->id;
}

const char *
deck_token_entry_get_name (DeckTokenEntry *self)
{
  g_return_val_if_fail (DECK_IS_TOKEN_ENTRY (self), NULL);
  return self->name;
}

/**
 * deck_token_entry_get_expires_at:
 * @self: a #DeckTokenEntry
 *
 * Returns: (transfer none) (nullable): the expiry, %NULL for never
 */
GDateTime *
deck_token_entry_get_expires_at (DeckTokenEntry *self)
{
  g_return_val_if_fail (DECK_IS_TOKEN_ENTRY (self), NULL);
  return self->expires_at;
}

const char *
deck_token_entry_get_account_id (DeckTokenEntry *self)
{
  g_return_val_if_fail (DECK_IS_TOKEN_ENTRY (self), NULL);
  return self->account_id;
}

const char *
deck_token_entry_get_account_name (DeckTokenEntry *self)
{
  g_return_val_if_fail (DECK_IS_TOKEN_ENTRY (self), NULL);
  return self->account_name;
}

const char *
deck_token_entry_get_instance_id (DeckTokenEntry *self)
{
  g_return_val_if_fail (DECK_IS_TOKEN_ENTRY (self), NULL);
  return self->instance_id;
}

const char *
deck_token_entry_get_instance_name (DeckTokenEntry *self)
{
  g_return_val_if_fail (DECK_IS_TOKEN_ENTRY (self), NULL);
  return self->instance_name;
}

const char *
deck_token_entry_get_team_name (DeckTokenEntry *self)
{
  g_return_val_if_fail (DECK_IS_TOKEN_ENTRY (self), NULL);
  return self->team_name;
}

/**
 * deck_token_entry_get_flowdeck_own:
 * @self: a #DeckTokenEntry
 *
 * Returns: whether this is the personal token Flowdeck signs in with
 */
gboolean
deck_token_entry_get_flowdeck_own (DeckTokenEntry *self)
{
  g_return_val_if_fail (DECK_IS_TOKEN_ENTRY (self), FALSE);
  return self->flowdeck_own;
}

void
deck_token_entry_set_flowdeck_own (DeckTokenEntry *self,
                                   gboolean        own)
{
  g_return_if_fail (DECK_IS_TOKEN_ENTRY (self));
  self->flowdeck_own = own;
}

/**
 * deck_token_entry_is_expired:
 * @self: a #DeckTokenEntry
 * @now: the present
 *
 * Returns: whether the token has expired by @now
 */
gboolean
deck_token_entry_is_expired (DeckTokenEntry *self,
                             GDateTime      *now)
{
  g_return_val_if_fail (DECK_IS_TOKEN_ENTRY (self), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  return self->expires_at != NULL && g_date_time_compare (self->expires_at, now) <= 0;
}

/**
 * deck_token_entry_expires_soon:
 * @self: a #DeckTokenEntry
 * @now: the present
 * @within: how soon is soon (%DECK_TOKEN_OVERVIEW_SOON)
 *
 * Returns: whether the token still works at @now but expires within
 *   @within (an expired token does not "expire soon")
 */
gboolean
deck_token_entry_expires_soon (DeckTokenEntry *self,
                               GDateTime      *now,
                               GTimeSpan       within)
{
  GTimeSpan left;

  g_return_val_if_fail (DECK_IS_TOKEN_ENTRY (self), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  if (self->expires_at == NULL)
    return FALSE;

  left = g_date_time_difference (self->expires_at, now);
  return left > 0 && left <= within;
}

/**
 * deck_token_entry_compare:
 * @a: a #DeckTokenEntry
 * @b: another
 * @user_data: unused
 *
 * The overview's order: soonest expiry first, never-expiring last, then
 * by name and id so that the order is stable.
 *
 * Returns: <0, 0 or >0
 */
int
deck_token_entry_compare (gconstpointer a,
                          gconstpointer b,
                          gpointer      user_data)
{
  DeckTokenEntry *x = (DeckTokenEntry *) a;
  DeckTokenEntry *y = (DeckTokenEntry *) b;
  int c;

  if (x->expires_at != NULL && y->expires_at == NULL)
    return -1;
  if (x->expires_at == NULL && y->expires_at != NULL)
    return 1;
  if (x->expires_at != NULL && (c = g_date_time_compare (x->expires_at, y->expires_at)) != 0)
    return c;

  c = g_utf8_collate (x->name, y->name);
  if (c != 0)
    return c;

  return g_strcmp0 (x->id, y->id);
}

/**
 * deck_token_overview_expiring:
 * @entries: a #GListModel of #DeckTokenEntry
 * @now: the present
 * @within: how soon (%DECK_TOKEN_OVERVIEW_SOON)
 *
 * The notification's decision: the tokens that still work at @now and
 * expire within @within. Tokens that have already expired are not in it
 * (the overview shows them; a daily notice about them would only nag).
 *
 * Returns: (transfer container) (element-type DeckTokenEntry): those
 *   entries, in @entries' order; empty when nothing should be notified
 */
GPtrArray *
deck_token_overview_expiring (GListModel *entries,
                              GDateTime  *now,
                              GTimeSpan   within)
{
  GPtrArray *soon = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (entries), soon);
  g_return_val_if_fail (now != NULL, soon);

  n = g_list_model_get_n_items (entries);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DeckTokenEntry) entry = g_list_model_get_item (entries, i);

      if (DECK_IS_TOKEN_ENTRY (entry) && deck_token_entry_expires_soon (entry, now, within))
        g_ptr_array_add (soon, g_steal_pointer (&entry));
    }

  return soon;
}

/*
 * Collecting
 */

typedef enum
{
  JOB_CLIENT,
  JOB_SETTINGS,
  JOB_TEAMS,
  JOB_TEAM,
  JOB_INSTANCES,
  JOB_HTTP_TOKENS,
  JOB_PERSONAL_TOKENS,
} JobKind;

typedef struct
{
  gatomicrefcount     ref_count;
  DeckAccount        *account;
  DeckFlowfuseClient *client;
} AccountState;

typedef struct
{
  JobKind         kind;
  AccountState   *account;
  DeckFfTeam     *team;
  DeckFfInstance *instance;
  GTask          *task;
} Job;

typedef struct
{
  DeckContext *context;
  GQueue       pending;
  guint        running;
  gboolean     returned;
  GListStore  *entries;
  GPtrArray   *problems;
} Collect;

static AccountState *
account_state_ref (AccountState *state)
{
  g_atomic_ref_count_inc (&state->ref_count);
  return state;
}

static void
account_state_unref (AccountState *state)
{
  if (!g_atomic_ref_count_dec (&state->ref_count))
    return;

  g_clear_object (&state->account);
  g_clear_object (&state->client);
  g_free (state);
}

static void
job_free (Job *job)
{
  g_clear_pointer (&job->account, account_state_unref);
  g_clear_object (&job->team);
  g_clear_object (&job->instance);
  g_clear_object (&job->task);
  g_free (job);
}

static void
collect_free (Collect *collect)
{
  g_queue_clear_full (&collect->pending, (GDestroyNotify) job_free);
  g_clear_object (&collect->context);
  g_clear_object (&collect->entries);
  g_clear_pointer (&collect->problems, g_ptr_array_unref);
  g_free (collect);
}

static void pump (GTask *task);

static void
push (GTask          *task,
      JobKind         kind,
      AccountState   *account,
      DeckFfTeam     *team,
      DeckFfInstance *instance)
{
  Collect *collect = g_task_get_task_data (task);
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->account = account_state_ref (account);
  job->team = team != NULL ? g_object_ref (team) : NULL;
  job->instance = instance != NULL ? g_object_ref (instance) : NULL;
  job->task = g_object_ref (task);
  g_queue_push_tail (&collect->pending, job);
}

static void
add_problem (Collect    *collect,
             Job        *job,
             const char *where,
             GError     *error)
{
  /* Translators: the first %s is an account (or "account · instance"),
   * the second what went wrong. */
  char *text = g_strdup_printf (_("%s: %s"), where != NULL ? where
                                : deck_account_get_display_name (job->account->account),
                                error->message);

  g_debug ("Token overview: %s", text);
  g_ptr_array_add (collect->problems, text);
}

static gboolean
is_cancelled (GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
job_done (Job *job)
{
  GTask *task = g_object_ref (job->task);
  Collect *collect = g_task_get_task_data (task);

  collect->running--;
  job_free (job);
  pump (task);
  g_object_unref (task);
}

static void
client_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Job *job = user_data;
  Collect *collect = g_task_get_task_data (job->task);
  g_autoptr(GError) error = NULL;

  job->account->client = deck_context_get_flowfuse_client_finish (DECK_CONTEXT (source), result,
                                                                  &error);
  if (job->account->client == NULL)
    {
      if (!is_cancelled (error))
        add_problem (collect, job, NULL, error);
    }
  else
    {
      push (job->task, JOB_PERSONAL_TOKENS, job->account, NULL, NULL);
      push (job->task, JOB_SETTINGS, job->account, NULL, NULL);
    }

  job_done (job);
}

static void
settings_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Job *job = user_data;
  Collect *collect = g_task_get_task_data (job->task);
  g_autoptr(DeckFfSettings) settings = NULL;
  g_autoptr(GError) error = NULL;

  settings = deck_flowfuse_client_get_settings_finish (DECK_FLOWFUSE_CLIENT (source), result,
                                                       &error);
  if (settings == NULL)
    {
      if (!is_cancelled (error))
        add_problem (collect, job, NULL, error);
    }
  else if (deck_ff_settings_has_feature (settings, "httpBearerTokens"))
    {
      push (job->task, JOB_TEAMS, job->account, NULL, NULL);
    }
  /* else: no license for HTTP tokens; personal tokens only. */

  job_done (job);
}

static void
teams_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Job *job = user_data;
  Collect *collect = g_task_get_task_data (job->task);
  g_autoptr(GListModel) teams = NULL;
  g_autoptr(GError) error = NULL;

  teams = deck_flowfuse_client_finish_list (DECK_FLOWFUSE_CLIENT (source), result, &error);
  if (teams == NULL)
    {
      if (!is_cancelled (error))
        add_problem (collect, job, NULL, error);
      job_done (job);
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (teams); i++)
    {
      g_autoptr(DeckFfTeam) team = g_list_model_get_item (teams, i);

      /* Only Owners manage instance tokens. */
      if (deck_ff_team_get_role (team) >= DECK_FF_ROLE_OWNER)
        push (job->task, JOB_TEAM, job->account, team, NULL);
    }

  job_done (job);
}

static void
team_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Job *job = user_data;
  Collect *collect = g_task_get_task_data (job->task);
  g_autoptr(DeckFfTeam) team = NULL;
  g_autoptr(GError) error = NULL;

  /* The full team carries its type's features; the list may not. */
  team = deck_flowfuse_client_finish_object (DECK_FLOWFUSE_CLIENT (source), result, &error);
  if (team == NULL)
    {
      if (!is_cancelled (error))
        add_problem (collect, job, NULL, error);
    }
  else if (deck_ff_team_has_feature (team, "teamHttpSecurity"))
    {
      push (job->task, JOB_INSTANCES, job->account, job->team, NULL);
    }

  job_done (job);
}

static void
instances_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Job *job = user_data;
  Collect *collect = g_task_get_task_data (job->task);
  g_autoptr(GListModel) instances = NULL;
  g_autoptr(GError) error = NULL;

  instances = deck_flowfuse_client_finish_list (DECK_FLOWFUSE_CLIENT (source), result, &error);
  if (instances == NULL)
    {
      if (!is_cancelled (error))
        add_problem (collect, job, NULL, error);
      job_done (job);
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (instances); i++)
    {
      g_autoptr(DeckFfInstance) instance = g_list_model_get_item (instances, i);

      push (job->task, JOB_HTTP_TOKENS, job->account, job->team, instance);
    }

  job_done (job);
}

static void
http_tokens_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Job *job = user_data;
  Collect *collect = g_task_get_task_data (job->task);
  g_autoptr(GListModel) tokens = NULL;
  g_autoptr(GError) error = NULL;
  DeckAccount *account = job->account->account;

  tokens = deck_flowfuse_client_finish_list (DECK_FLOWFUSE_CLIENT (source), result, &error);
  if (tokens == NULL)
    {
      if (!is_cancelled (error))
        {
          g_autofree char *where = g_strdup_printf ("%s · %s",
                                                    deck_account_get_display_name (account),
                                                    deck_ff_instance_get_name (job->instance));

          add_problem (collect, job, where, error);
        }
      job_done (job);
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (tokens); i++)
    {
      g_autoptr(DeckFfHttpToken) token = g_list_model_get_item (tokens, i);
      g_autoptr(DeckTokenEntry) entry = NULL;

      entry = deck_token_entry_new (DECK_TOKEN_ENTRY_HTTP,
                                    deck_ff_http_token_get_id (token),
                                    deck_ff_http_token_get_name (token),
                                    deck_ff_http_token_get_expires_at (token),
                                    deck_account_get_id (account),
                                    deck_account_get_display_name (account),
                                    deck_ff_instance_get_id (job->instance),
                                    deck_ff_instance_get_name (job->instance),
                                    deck_ff_team_get_name (job->team));
      g_list_store_append (collect->entries, entry);
    }

  job_done (job);
}

static void
personal_tokens_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Job *job = user_data;
  Collect *collect = g_task_get_task_data (job->task);
  g_autoptr(GListModel) tokens = NULL;
  g_autoptr(GError) error = NULL;
  DeckAccount *account = job->account->account;
  const char *minted = deck_account_get_minted_token_id (account);

  tokens = deck_flowfuse_client_finish_list (DECK_FLOWFUSE_CLIENT (source), result, &error);
  if (tokens == NULL)
    {
      if (!is_cancelled (error))
        add_problem (collect, job, NULL, error);
      job_done (job);
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (tokens); i++)
    {
      g_autoptr(DeckFfPersonalToken) token = g_list_model_get_item (tokens, i);
      g_autoptr(DeckTokenEntry) entry = NULL;

      entry = deck_token_entry_new (DECK_TOKEN_ENTRY_PERSONAL,
                                    deck_ff_personal_token_get_id (token),
                                    deck_ff_personal_token_get_name (token),
                                    deck_ff_personal_token_get_expires_at (token),
                                    deck_account_get_id (account),
                                    deck_account_get_display_name (account),
                                    NULL, NULL, NULL);
      deck_token_entry_set_flowdeck_own (entry, minted != NULL &&
                                         g_strcmp0 (minted, deck_ff_personal_token_get_id (token)) == 0);
      g_list_store_append (collect->entries, entry);
    }

  job_done (job);
}

static void
start (Job *job)
{
  GCancellable *cancellable = g_task_get_cancellable (job->task);
  Collect *collect = g_task_get_task_data (job->task);
  DeckFlowfuseClient *client = job->account->client;

  if (job->kind == JOB_CLIENT)
    deck_context_get_flowfuse_client_async (collect->context, job->account->account, cancellable,
                                            client_cb, job);
  else if (job->kind == JOB_SETTINGS)
    deck_flowfuse_client_get_settings_async (client, cancellable, settings_cb, job);
  else if (job->kind == JOB_TEAMS)
    deck_flowfuse_client_list_teams_async (client, cancellable, teams_cb, job);
  else if (job->kind == JOB_TEAM)
    deck_flowfuse_client_get_team_async (client, deck_ff_team_get_id (job->team), cancellable,
                                         team_cb, job);
  else if (job->kind == JOB_INSTANCES)
    deck_flowfuse_client_list_instances_async (client, deck_ff_team_get_id (job->team),
                                               cancellable, instances_cb, job);
  else if (job->kind == JOB_HTTP_TOKENS)
    deck_flowfuse_client_list_http_tokens_async (client, deck_ff_instance_get_id (job->instance),
                                                 cancellable, http_tokens_cb, job);
  else
    deck_flowfuse_client_list_personal_tokens_async (client, cancellable, personal_tokens_cb, job);
}

static void
pump (GTask *task)
{
  Collect *collect = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (collect->returned)
    return;

  /* Cancelled: start nothing more, wait for what runs. */
  if (g_cancellable_is_cancelled (cancellable))
    g_queue_clear_full (&collect->pending, (GDestroyNotify) job_free);

  while (collect->running < DECK_TOKEN_OVERVIEW_MAX_CONCURRENT &&
         !g_queue_is_empty (&collect->pending))
    {
      collect->running++;
      start (g_queue_pop_head (&collect->pending));
    }

  if (collect->running > 0 || !g_queue_is_empty (&collect->pending))
    return;

  collect->returned = TRUE;
  if (g_task_return_error_if_cancelled (task))
    return;

  g_list_store_sort (collect->entries, deck_token_entry_compare, NULL);
  g_task_return_boolean (task, TRUE);
}

/**
 * deck_token_overview_collect_async:
 * @context: the app's services
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Collects the tokens of every FlowFuse account that is not signed out.
 */
void
deck_token_overview_collect_async (DeckContext         *context,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GListModel *accounts;
  Collect *collect;

  g_return_if_fail (DECK_IS_CONTEXT (context));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (context, cancellable, callback, user_data);
  g_task_set_source_tag (task, deck_token_overview_collect_async);
  collect = g_new0 (Collect, 1);
  collect->context = g_object_ref (context);
  g_queue_init (&collect->pending);
  collect->entries = g_list_store_new (DECK_TYPE_TOKEN_ENTRY);
  collect->problems = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, collect, (GDestroyNotify) collect_free);

  accounts = G_LIST_MODEL (deck_context_get_store (context));
  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(DeckAccount) account = g_list_model_get_item (accounts, i);
      AccountState *state;

      if (deck_account_get_kind (account) != DECK_ACCOUNT_KIND_FLOWFUSE ||
          deck_account_get_status (account) == DECK_ACCOUNT_STATUS_SIGNED_OUT)
        continue;

      state = g_new0 (AccountState, 1);
      g_atomic_ref_count_init (&state->ref_count);
      state->account = g_object_ref (account);
      push (task, JOB_CLIENT, state, NULL, NULL);
      account_state_unref (state);
    }

  pump (task);
}

/**
 * deck_token_overview_collect_finish:
 * @context: the app's services
 * @result: the result
 * @out_problems: (out) (optional) (transfer full): what could not be read,
 *   one sentence each (%NULL-terminated, maybe empty)
 * @error: a location for a #GError, or %NULL
 *
 * Returns: (transfer full): a #GListModel of #DeckTokenEntry sorted by
 *   expiry, or %NULL when cancelled
 */
GListModel *
deck_token_overview_collect_finish (DeckContext   *context,
                                    GAsyncResult  *result,
                                    GStrv         *out_problems,
                                    GError       **error)
{
  Collect *collect;

  g_return_val_if_fail (g_task_is_valid (result, context), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        deck_token_overview_collect_async, NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;

  collect = g_task_get_task_data (G_TASK (result));
  if (out_problems != NULL)
    {
      GPtrArray *copy = g_ptr_array_new ();

      for (guint i = 0; i < collect->problems->len; i++)
        g_ptr_array_add (copy, g_strdup (g_ptr_array_index (collect->problems, i)));
      g_ptr_array_add (copy, NULL);
      *out_problems = (GStrv) g_ptr_array_free (copy, FALSE);
    }

  return G_LIST_MODEL (g_object_ref (collect->entries));
}
