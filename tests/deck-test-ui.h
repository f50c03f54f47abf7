/* deck-test-ui.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <webkit/webkit.h>
#include <json-glib/json-glib.h>

#include "deck-application.h"
#include "deck-flowfuse-client.h"

G_BEGIN_DECLS

void       deck_test_ui_init                   (int         *argc,
                                                char      ***argv);
void       deck_test_ui_wait_for               (gboolean   (*done) (gpointer),
                                                gpointer     data,
                                                const char  *what);
void       deck_test_ui_spin                   (guint        ms);
GtkWidget *deck_test_ui_find_widget            (GtkWidget   *root,
                                                GType        type);
GtkWidget *deck_test_ui_find_button_labelled   (GtkWidget   *root,
                                                const char  *label);
GtkWidget *deck_test_ui_find_button_with_action (GtkWidget  *root,
                                                const char  *action);
GtkWidget *deck_test_ui_find_row_titled        (GtkWidget   *root,
                                                const char  *title);
GtkLabel  *deck_test_ui_find_label_prefixed    (GtkWidget   *root,
                                                const char  *prefix);
GtkWindow *deck_test_ui_find_toplevel          (GType        type);
gboolean   deck_test_ui_toplevel_shown         (gpointer     type);
gboolean   deck_test_ui_toplevel_gone          (gpointer     type);
GtkWidget *deck_test_ui_find_with_class        (GtkWidget   *root,
                                                const char  *css_class);
void       deck_test_ui_click                  (GtkWidget   *button);
void       deck_test_ui_save_screenshot        (GtkWidget   *widget,
                                                const char  *name);

/* The app's window, and accounts added and removed the way the app does
 * (through its DeckContext). */
GtkWindow          *deck_test_ui_main_window        (DeckApplication *app);
DeckAccount        *deck_test_ui_add_token_account  (DeckApplication *app,
                                                     JsonObject      *flowfuse_peer);
DeckAccount        *deck_test_ui_add_token_account_at (DeckApplication *app,
                                                       const char      *url,
                                                       const char      *token);
void                deck_test_ui_remove_account     (DeckApplication *app,
                                                     DeckAccount     *account);
DeckFlowfuseClient *deck_test_ui_context_client     (DeckApplication *app,
                                                     DeckAccount     *account);

/* The oidc peer's login and consent pages in a web view, played as a
 * person would: the test fills and submits them, the app injects nothing. */
char      *deck_test_ui_eval_js                (WebKitWebView *view,
                                                const char    *script);
char      *deck_test_ui_oidc_prompt            (WebKitWebView *view);
void       deck_test_ui_oidc_login             (WebKitWebView *view,
                                                const char    *login);
void       deck_test_ui_oidc_consent           (WebKitWebView *view);

G_END_DECLS
