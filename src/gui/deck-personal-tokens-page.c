/* deck-personal-tokens-page.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-personal-tokens"

#include "config.h"

#include <glib/gi18n.h>

#include "deck-gui-util.h"
#include "deck-personal-tokens-page.h"
#include "deck-token-create-dialog.h"
#include "deck-token-reveal-dialog.h"
#include "deck-token-row.h"

/* An account's personal access tokens: list, create (name, expiry,
 * read-only), change expiry, revoke. The token Flowdeck minted for itself
 * is marked, and its Revoke stays disabled with the reason: revoking it
 * here would sign Flowdeck out; removing the account revokes it. */

struct _DeckPersonalTokensPage
{
  GtkWidget           parent_instance;

  /* Owned References */
  DeckFlowfuseClient *client;
  DeckAccount        *account;
  GCancellable       *cancellable;
  GListStore         *tokens;

  /* Template Widgets */
  GtkStack           *stack;
  AdwStatusPage      *error_page;
  AdwPreferencesGroup *group;
  GtkListBox         *tokens_list;
};

G_DEFINE_FINAL_TYPE (DeckPersonalTokensPage, deck_personal_tokens_page, GTK_TYPE_WIDGET)

/*
 * Auxiliary methods
 */

static DeckFfPersonalToken *
find_token (DeckPersonalTokensPage *self,
            const char             *id,
            guint                  *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tokens));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DeckFfPersonalToken) token = g_list_model_get_item (G_LIST_MODEL (self->tokens), i);

      if (g_strcmp0 (deck_ff_personal_token_get_id (token), id) == 0)
        {
          if (position != NULL)
            *position = i;
          return token; /* the store keeps its reference */
        }
    }

  return NULL;
}

static gboolean
is_self_token (DeckPersonalTokensPage *self,
               DeckFfPersonalToken    *token)
{
  const char *minted = self->account ? deck_account_get_minted_token_id (self->account) : NULL;

  return minted != NULL && g_strcmp0 (minted, deck_ff_personal_token_get_id (token)) == 0;
}

static GtkWidget *
create_token_row (gpointer item,
                  gpointer user_data)
{
  DeckPersonalTokensPage *self = user_data;
  DeckFfPersonalToken *token = item;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  const char *blocked = NULL;

  if (is_self_token (self, token))
    {
      g_string_append (subtitle, _("Used by Flowdeck"));
      blocked = _("Flowdeck signs in with this token. Remove the account to revoke it.");
    }
  if (deck_ff_personal_token_get_read_only (token))
    {
      if (subtitle->len > 0)
        g_string_append (subtitle, " · ");
      g_string_append (subtitle, _("Read-only"));
    }

  return deck_token_row_new (deck_ff_personal_token_get_id (token),
                             deck_ff_personal_token_get_name (token),
                             subtitle->len > 0 ? subtitle->str : NULL,
                             deck_ff_personal_token_get_expires_at (token),
                             "tokens.change-expiry", "tokens.revoke", blocked);
}

/*
 * Loading
 */

static void
list_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(DeckPersonalTokensPage) self = user_data;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  guint n;

  list = deck_flowfuse_client_finish_list (DECK_FLOWFUSE_CLIENT (source), result, &error);
  if (list == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_warning ("Loading personal access tokens failed: %s", error->message);
      adw_status_page_set_description (self->error_page, error->message);
      deck_gui_stack_show (self->stack, "error");
      return;
    }

  n = g_list_model_get_n_items (list);
  items = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (list, i));
  g_list_store_splice (self->tokens, 0, g_list_model_get_n_items (G_LIST_MODEL (self->tokens)),
                       items->pdata, items->len);
  deck_gui_stack_show (self->stack, "list");
}

/*
 * Creating
 */

typedef struct
{
  DeckPersonalTokensPage *self;
  DeckTokenCreateDialog  *dialog;
  DeckFfPersonalToken    *token;
  gboolean                read_only;
  GStrv                   team_ids;
} DialogOp;

static void
dialog_op_free (DialogOp *op)
{
  g_clear_object (&op->self);
  g_clear_object (&op->dialog);
  g_clear_object (&op->token);
  g_clear_pointer (&op->team_ids, g_strfreev);
  g_free (op);
}

static gboolean
dialog_failed (DialogOp *op,
               GError   *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return TRUE;

  if (gtk_widget_get_visible (GTK_WIDGET (op->dialog)))
    {
      deck_token_create_dialog_set_busy (op->dialog, FALSE);
      deck_token_create_dialog_set_error (op->dialog, error->message);
    }
  else
    {
      deck_gui_toast (GTK_WIDGET (op->self), error->message, 5);
    }

  return TRUE;
}

static void
created_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  DialogOp *op = user_data;
  DeckPersonalTokensPage *self = op->self;
  g_autoptr(DeckFfPersonalToken) token = NULL;
  g_autoptr(GError) error = NULL;
  DeckTokenRevealDialog *reveal;
  char *value = NULL;

  token = deck_flowfuse_client_create_personal_token_finish (DECK_FLOWFUSE_CLIENT (source),
                                                             result, &value, &error);
  if (token == NULL)
    {
      dialog_failed (op, error);
      dialog_op_free (op);
      return;
    }

  g_list_store_append (self->tokens, token);
  if (gtk_widget_get_visible (GTK_WIDGET (op->dialog)))
    gtk_window_destroy (GTK_WINDOW (op->dialog));


  /* The value moves into the dialog, which wipes it when it closes. */
  reveal = deck_token_reveal_dialog_new (deck_gui_parent_window (GTK_WIDGET (self)), DECK_TOKEN_KIND_PERSONAL,
                                         deck_ff_personal_token_get_name (token),
                                         g_steal_pointer (&value),
                                         deck_flowfuse_client_get_base_url (self->client));
  /* Older servers (FlowFuse 2.4) ignore readOnly and teamIds: never let
   * the user believe a full-access token is read-only or limited. */
  {
    g_autoptr(GString) warning = g_string_new (NULL);
    const char * const *teams = deck_ff_personal_token_get_team_ids (token);

    if (op->read_only && !deck_ff_personal_token_get_read_only (token))
      g_string_append (warning, _("This server ignored “Read-only”: this token has full "
                                  "access."));
    if (op->team_ids != NULL && (teams == NULL || teams[0] == NULL ||
                                 g_strv_length ((GStrv) teams) != g_strv_length (op->team_ids)))
      {
        if (warning->len > 0)
          g_string_append_c (warning, ' ');
        g_string_append (warning, _("This server ignored “Limit to Teams”: this token reaches "
                                    "all your teams."));
      }
    if (warning->len > 0)
      {
        g_string_append_c (warning, ' ');
        g_string_append (warning, _("Revoke it if that is not what you want."));
        deck_token_reveal_dialog_set_warning (reveal, warning->str);
      }
  }
  gtk_window_present (GTK_WINDOW (reveal));
  dialog_op_free (op);
}

static void
create_submit_cb (DeckTokenCreateDialog  *dialog,
                  DeckPersonalTokensPage *self)
{
  g_autoptr(GDateTime) expires_at = deck_token_create_dialog_get_expires_at (dialog);
  g_autofree char *name = g_strstrip (g_strdup (deck_token_create_dialog_get_name (dialog)));
  DialogOp *op;

  if (self->client == NULL)
    {
      deck_token_create_dialog_set_error (dialog, _("The account is no longer shown. Close "
                                                    "this window and open its page again."));
      return;
    }

  op = g_new0 (DialogOp, 1);
  op->self = g_object_ref (self);
  op->dialog = g_object_ref (dialog);

  op->read_only = deck_token_create_dialog_get_read_only (dialog);
  op->team_ids = deck_token_create_dialog_get_team_ids (dialog);

  deck_token_create_dialog_set_error (dialog, NULL);
  deck_token_create_dialog_set_busy (dialog, TRUE);
  deck_flowfuse_client_create_personal_token_async (self->client, name, expires_at,
                                                    op->read_only,
                                                    (const char * const *) op->team_ids,
                                                    self->cancellable, created_cb, op);
}

static void
teams_for_dialog_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(DeckTokenCreateDialog) dialog = user_data;
  g_autoptr(GListModel) teams = NULL;
  g_autoptr(GError) error = NULL;

  teams = deck_flowfuse_client_finish_list (DECK_FLOWFUSE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      !gtk_widget_get_visible (GTK_WIDGET (dialog)))
    return;

  deck_token_create_dialog_set_teams (dialog, teams, error != NULL ? error->message : NULL);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  DeckPersonalTokensPage *self = DECK_PERSONAL_TOKENS_PAGE (widget);
  DeckTokenCreateDialog *dialog;

  if (self->client == NULL)
    return;

  dialog = deck_token_create_dialog_new (deck_gui_parent_window (GTK_WIDGET (self)), DECK_TOKEN_CREATE_MODE_PERSONAL,
                                         NULL);
  g_signal_connect_object (dialog, "submit", G_CALLBACK (create_submit_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  /* The "Limit to Teams" list fills in when the teams are in. */
  deck_flowfuse_client_list_teams_async (self->client, self->cancellable, teams_for_dialog_cb,
                                         g_object_ref (dialog));
}

/*
 * Changing the expiry
 */

static void
updated_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  DialogOp *op = user_data;
  g_autoptr(DeckFfPersonalToken) token = NULL;
  g_autoptr(GError) error = NULL;
  guint position;

  token = deck_flowfuse_client_finish_object (DECK_FLOWFUSE_CLIENT (source), result, &error);
  if (token == NULL)
    {
      dialog_failed (op, error);
      dialog_op_free (op);
      return;
    }

  if (find_token (op->self, deck_ff_personal_token_get_id (op->token), &position) != NULL)
    g_list_store_splice (op->self->tokens, position, 1, (gpointer *) &token, 1);
  if (gtk_widget_get_visible (GTK_WIDGET (op->dialog)))
    gtk_window_destroy (GTK_WINDOW (op->dialog));
  deck_gui_toast (GTK_WIDGET (op->self), _("Expiry changed"), 3);
  dialog_op_free (op);
}

static void
expiry_submit_cb (DeckTokenCreateDialog  *dialog,
                  DeckPersonalTokensPage *self)
{
  g_autoptr(GDateTime) expires_at = deck_token_create_dialog_get_expires_at (dialog);
  DialogOp *op;

  if (self->client == NULL)
    {
      deck_token_create_dialog_set_error (dialog, _("The account is no longer shown. Close "
                                                    "this window and open its page again."));
      return;
    }

  op = g_new0 (DialogOp, 1);
  op->self = g_object_ref (self);
  op->dialog = g_object_ref (dialog);
  op->token = g_object_ref (g_object_get_data (G_OBJECT (dialog), "token"));

  deck_token_create_dialog_set_error (dialog, NULL);
  deck_token_create_dialog_set_busy (dialog, TRUE);
  deck_flowfuse_client_update_personal_token_async (self->client, op->token, expires_at,
                                                    self->cancellable, updated_cb, op);
}

static void
change_expiry_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DeckPersonalTokensPage *self = DECK_PERSONAL_TOKENS_PAGE (widget);
  DeckFfPersonalToken *token = find_token (self, g_variant_get_string (parameter, NULL), NULL);
  DeckTokenCreateDialog *dialog;

  if (token == NULL)
    return;

  dialog = deck_token_create_dialog_new (deck_gui_parent_window (GTK_WIDGET (self)), DECK_TOKEN_CREATE_MODE_EXPIRY,
                                         deck_ff_personal_token_get_name (token));
  g_object_set_data_full (G_OBJECT (dialog), "token", g_object_ref (token), g_object_unref);
  g_signal_connect_object (dialog, "submit", G_CALLBACK (expiry_submit_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/*
 * Revoking
 */

static void
revoked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  DialogOp *op = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint position;

  if (!deck_flowfuse_client_finish_boolean (DECK_FLOWFUSE_CLIENT (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Translators: the first %s is a token name, the second the reason. */
          text = g_strdup_printf (_("“%s” was not revoked: %s"),
                                  deck_ff_personal_token_get_name (op->token), error->message);
          deck_gui_toast (GTK_WIDGET (op->self), text, 6);
        }
      dialog_op_free (op);
      return;
    }

  if (find_token (op->self, deck_ff_personal_token_get_id (op->token), &position) != NULL)
    g_list_store_remove (op->self->tokens, position);

  /* Translators: %s is a token name. */
  text = g_strdup_printf (_("“%s” revoked"), deck_ff_personal_token_get_name (op->token));
  deck_gui_toast (GTK_WIDGET (op->self), text, 4);
  dialog_op_free (op);
}

static void
revoke_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  DialogOp *op;

  if (g_strcmp0 (response, "revoke") != 0)
    return;

  op = g_object_steal_data (G_OBJECT (dialog), "revoke-op");
  if (op == NULL)
    return;

  deck_flowfuse_client_delete_personal_token_async (op->self->client,
                                                    deck_ff_personal_token_get_id (op->token),
                                                    op->self->cancellable, revoked_cb, op);
}

static void
revoke_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DeckPersonalTokensPage *self = DECK_PERSONAL_TOKENS_PAGE (widget);
  DeckFfPersonalToken *token = find_token (self, g_variant_get_string (parameter, NULL), NULL);
  GtkWidget *dialog;
  DialogOp *op;

  /* The row offers no Revoke for Flowdeck's own token; refuse it here too. */
  if (token == NULL || is_self_token (self, token))
    return;

  op = g_new0 (DialogOp, 1);
  op->self = g_object_ref (self);
  op->token = g_object_ref (token);

  dialog = adw_message_dialog_new (deck_gui_parent_window (GTK_WIDGET (self)), _("Revoke Token?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Scripts and tools that use “%s” will be signed out. This "
                                    "cannot be undone."),
                                  deck_ff_personal_token_get_name (token));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "revoke", _("_Revoke"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "revoke",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "revoke-op", op, (GDestroyNotify) dialog_op_free);
  g_signal_connect (dialog, "response", G_CALLBACK (revoke_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  deck_personal_tokens_page_reload (DECK_PERSONAL_TOKENS_PAGE (widget));
}

/*
 * GObject overrides
 */

static void
deck_personal_tokens_page_dispose (GObject *object)
{
  DeckPersonalTokensPage *self = DECK_PERSONAL_TOKENS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DECK_TYPE_PERSONAL_TOKENS_PAGE);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->client);
  g_clear_object (&self->account);
  g_clear_object (&self->tokens);

  G_OBJECT_CLASS (deck_personal_tokens_page_parent_class)->dispose (object);
}

static void
deck_personal_tokens_page_finalize (GObject *object)
{
  DeckPersonalTokensPage *self = DECK_PERSONAL_TOKENS_PAGE (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (deck_personal_tokens_page_parent_class)->finalize (object);
}

static void
deck_personal_tokens_page_class_init (DeckPersonalTokensPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = deck_personal_tokens_page_dispose;
  object_class->finalize = deck_personal_tokens_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_PATH "/ui/deck-personal-tokens-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DeckPersonalTokensPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DeckPersonalTokensPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, DeckPersonalTokensPage, group);
  gtk_widget_class_bind_template_child (widget_class, DeckPersonalTokensPage, tokens_list);

  gtk_widget_class_install_action (widget_class, "tokens.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "tokens.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "tokens.change-expiry", "s",
                                   change_expiry_action);
  gtk_widget_class_install_action (widget_class, "tokens.revoke", "s", revoke_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "tokens.reload", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
deck_personal_tokens_page_init (DeckPersonalTokensPage *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->tokens = g_list_store_new (DECK_TYPE_FF_PERSONAL_TOKEN);
  gtk_list_box_bind_model (self->tokens_list, G_LIST_MODEL (self->tokens), create_token_row, self,
                           NULL);

  placeholder = gtk_label_new (_("No personal access tokens"));
  gtk_widget_set_margin_top (placeholder, 18);
  gtk_widget_set_margin_bottom (placeholder, 18);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (self->tokens_list, placeholder);
}

/*
 * Public API
 */

GtkWidget *
deck_personal_tokens_page_new (void)
{
  return g_object_new (DECK_TYPE_PERSONAL_TOKENS_PAGE, NULL);
}

/**
 * deck_personal_tokens_page_set_account:
 * @self: a #DeckPersonalTokensPage
 * @client: the account's client
 * @account: the account
 *
 * Shows @account's personal access tokens, loading them now.
 */
void
deck_personal_tokens_page_set_account (DeckPersonalTokensPage *self,
                                       DeckFlowfuseClient     *client,
                                       DeckAccount            *account)
{
  g_return_if_fail (DECK_IS_PERSONAL_TOKENS_PAGE (self));
  g_return_if_fail (DECK_IS_FLOWFUSE_CLIENT (client));
  g_return_if_fail (DECK_IS_ACCOUNT (account));

  deck_personal_tokens_page_clear (self);
  g_set_object (&self->client, client);
  g_set_object (&self->account, account);
  deck_personal_tokens_page_reload (self);
}

/**
 * deck_personal_tokens_page_clear:
 * @self: a #DeckPersonalTokensPage
 *
 * Stops what the page is doing and forgets the account.
 */
void
deck_personal_tokens_page_clear (DeckPersonalTokensPage *self)
{
  g_return_if_fail (DECK_IS_PERSONAL_TOKENS_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_object (&self->client);
  g_clear_object (&self->account);
  g_list_store_remove_all (self->tokens);
  deck_gui_stack_show (self->stack, "loading");
}

/**
 * deck_personal_tokens_page_reload:
 * @self: a #DeckPersonalTokensPage
 */
void
deck_personal_tokens_page_reload (DeckPersonalTokensPage *self)
{
  g_return_if_fail (DECK_IS_PERSONAL_TOKENS_PAGE (self));

  if (self->client == NULL)
    return;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->tokens)) == 0)
    deck_gui_stack_show (self->stack, "loading");
  deck_flowfuse_client_list_personal_tokens_async (self->client, self->cancellable, list_cb,
                                                   g_object_ref (self));
}

/**
 * deck_personal_tokens_page_get_account:
 * @self: a #DeckPersonalTokensPage
 *
 * Returns: (transfer none) (nullable): the account shown
 */
DeckAccount *
deck_personal_tokens_page_get_account (DeckPersonalTokensPage *self)
{
  g_return_val_if_fail (DECK_IS_PERSONAL_TOKENS_PAGE (self), NULL);

  return self->account;
}

/**
 * deck_personal_tokens_page_get_tokens:
 * @self: a #DeckPersonalTokensPage
 *
 * Returns: (transfer none): the #DeckFfPersonalToken list shown
 */
GListModel *
deck_personal_tokens_page_get_tokens (DeckPersonalTokensPage *self)
{
  g_return_val_if_fail (DECK_IS_PERSONAL_TOKENS_PAGE (self), NULL);

  return G_LIST_MODEL (self->tokens);
}

/**
 * deck_personal_tokens_page_get_state:
 * @self: a #DeckPersonalTokensPage
 *
 * Returns: "loading", "list" or "error"
 */
const char *
deck_personal_tokens_page_get_state (DeckPersonalTokensPage *self)
{
  g_return_val_if_fail (DECK_IS_PERSONAL_TOKENS_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * deck_personal_tokens_page_get_row:
 * @self: a #DeckPersonalTokensPage
 * @token_id: a token id
 *
 * Returns: (transfer none) (nullable): the row showing @token_id
 */
GtkWidget *
deck_personal_tokens_page_get_row (DeckPersonalTokensPage *self,
                                   const char             *token_id)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (DECK_IS_PERSONAL_TOKENS_PAGE (self), NULL);

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->tokens_list, i)) != NULL; i++)
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "token-id"), token_id) == 0)
      return GTK_WIDGET (row);

  return NULL;
}
