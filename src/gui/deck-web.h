/* deck-web.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "deck-oauth-flow.h"
#include "deck-oauth-profile.h"

G_BEGIN_DECLS

/* The sign-in dialog with its embedded web view (DeckOAuthDialog) lives in
 * a module, libflowdeck-web.so, loaded the first time a sign-in needs it:
 * WebKitGTK and the ~100 libraries it brings cost start-up time and
 * memory that most sessions never need. These are its entry points; the
 * dialog is handed around as a GtkWindow. */

gboolean         deck_web_is_loaded                 (void);
GtkWindow       *deck_web_sign_in_new               (GtkWindow            *parent,
                                                     DeckOAuthProfile     *profile,
                                                     GError              **error);
GtkWindow       *deck_web_node_red_sign_in_new      (GtkWindow            *parent,
                                                     const char           *editor_url,
                                                     gboolean              allow_insecure,
                                                     GError              **error);
void             deck_web_sign_in_set_capture_cookie (GtkWindow           *dialog,
                                                     const char           *name);
char            *deck_web_sign_in_steal_cookie      (GtkWindow            *dialog);
void             deck_web_sign_in_run_async         (GtkWindow            *dialog,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
DeckOAuthTokens *deck_web_sign_in_run_finish        (GtkWindow            *dialog,
                                                     GAsyncResult         *result,
                                                     GError              **error);
gboolean         deck_web_sign_in_run_node_red_finish (GtkWindow          *dialog,
                                                     GAsyncResult         *result,
                                                     char                **out_code,
                                                     char                **out_access_token,
                                                     GError              **error);

G_END_DECLS
