/* deck-oauth-dialog.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <webkit/webkit.h>

#include "deck-oauth-flow.h"
#include "deck-oauth-profile.h"

G_BEGIN_DECLS

/**
 * DeckOAuthDialogState:
 * @DECK_OAUTH_DIALOG_STATE_LOADING: the catcher listens and the first
 *   provider page is loading
 * @DECK_OAUTH_DIALOG_STATE_WAITING: a provider page is shown (or the
 *   system browser was opened); waiting for the user
 * @DECK_OAUTH_DIALOG_STATE_EXCHANGING: the redirect arrived; the code is
 *   being exchanged for tokens
 * @DECK_OAUTH_DIALOG_STATE_GRANTED: signed in; the tokens were handed out
 * @DECK_OAUTH_DIALOG_STATE_DENIED: the user or the provider refused access
 * @DECK_OAUTH_DIALOG_STATE_TIMED_OUT: the sign-in was not finished in time
 * @DECK_OAUTH_DIALOG_STATE_NETWORK_ERROR: a page or the token request
 *   failed (network, TLS, a refused insecure page, a provider error)
 * @DECK_OAUTH_DIALOG_STATE_CANCELLED: the user closed the dialog
 *
 * Where a #DeckOAuthDialog is. DENIED, TIMED_OUT and NETWORK_ERROR show a
 * status page with "Try Again"; GRANTED and CANCELLED are final.
 */
typedef enum
{
  DECK_OAUTH_DIALOG_STATE_LOADING,
  DECK_OAUTH_DIALOG_STATE_WAITING,
  DECK_OAUTH_DIALOG_STATE_EXCHANGING,
  DECK_OAUTH_DIALOG_STATE_GRANTED,
  DECK_OAUTH_DIALOG_STATE_DENIED,
  DECK_OAUTH_DIALOG_STATE_TIMED_OUT,
  DECK_OAUTH_DIALOG_STATE_NETWORK_ERROR,
  DECK_OAUTH_DIALOG_STATE_CANCELLED,
} DeckOAuthDialogState;

#define DECK_TYPE_OAUTH_DIALOG_STATE (deck_oauth_dialog_state_get_type ())
GType deck_oauth_dialog_state_get_type (void) G_GNUC_CONST;

#define DECK_TYPE_OAUTH_DIALOG (deck_oauth_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DeckOAuthDialog, deck_oauth_dialog, DECK, OAUTH_DIALOG, AdwWindow)

DeckOAuthDialog      *deck_oauth_dialog_new             (GtkWindow            *parent,
                                                         DeckOAuthProfile     *profile);
DeckOAuthDialog      *deck_oauth_dialog_new_for_node_red (GtkWindow           *parent,
                                                          const char          *editor_url,
                                                          gboolean             allow_insecure);
DeckOAuthProfile     *deck_oauth_dialog_get_profile     (DeckOAuthDialog      *self);
DeckOAuthDialogState  deck_oauth_dialog_get_state       (DeckOAuthDialog      *self);
void                  deck_oauth_dialog_run_async       (DeckOAuthDialog      *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
DeckOAuthTokens      *deck_oauth_dialog_run_finish      (DeckOAuthDialog      *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
gboolean              deck_oauth_dialog_run_node_red_finish (DeckOAuthDialog  *self,
                                                           GAsyncResult     *result,
                                                           char            **out_code,
                                                           char            **out_access_token,
                                                           GError          **error);

/*< private >*/
/* Test hooks: the current attempt's view and flow, how many navigations
 * were blocked, the flow's timeout (0: none), and whether a granted
 * dialog closes itself. */
void                  deck_oauth_dialog_set_capture_cookie (DeckOAuthDialog *self,
                                                            const char      *name);
char                 *deck_oauth_dialog_steal_cookie    (DeckOAuthDialog      *self);

WebKitWebView        *_deck_oauth_dialog_get_web_view   (DeckOAuthDialog      *self);
DeckOAuthFlow        *_deck_oauth_dialog_get_flow       (DeckOAuthDialog      *self);
guint                 _deck_oauth_dialog_get_n_blocked  (DeckOAuthDialog      *self);
void                  _deck_oauth_dialog_set_timeout    (DeckOAuthDialog      *self,
                                                         guint                 seconds);
void                  _deck_oauth_dialog_set_auto_close (DeckOAuthDialog      *self,
                                                         gboolean              auto_close);

G_END_DECLS
