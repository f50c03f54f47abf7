/* test-tls.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * O12 for the API client: a certificate that is not trusted stops the
 * request and the error names the problem. In its own program because
 * LeakSanitizer's tracer crashes on the TLS worker threads (glib-networking
 * / GnuTLS) at exit; the ASan run keeps every memory-error check for it and
 * turns off only leak detection (tests/meson.build).
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "deck-flowfuse-client.h"
#include "deck-http.h"
#include "deck-test-util.h"

#define TEAMS_JSON "{\"teams\":[{\"id\":\"t1\",\"name\":\"Team One\"}]}"

static void
tls_handler (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, TEAMS_JSON,
                                    strlen (TEAMS_JSON));
  soup_server_message_set_status (msg, 200, NULL);
}

/* O12: a certificate that is not trusted stops the request, naming the
 * problem; there is no way around it for a remote host. */
static void
test_self_signed_certificate (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(DeckFlowfuseClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) teams = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *cert_path = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *url = NULL;
  GSList *uris;
  GAsyncResult *slot = NULL;
  int status = -1;

  if (g_find_program_in_path ("openssl") == NULL)
    {
      g_test_skip ("openssl is needed to make a self-signed certificate");
      return;
    }

  dir = g_dir_make_tmp ("deck-tls-XXXXXX", &error);
  g_assert_no_error (error);
  cert_path = g_build_filename (dir, "cert.pem", NULL);
  key_path = g_build_filename (dir, "key.pem", NULL);
  {
    const char *argv[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                           "-keyout", key_path, "-out", cert_path, "-days", "1",
                           "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                           NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                  G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_cmpint (status, ==, 0);
  }
  certificate = g_tls_certificate_new_from_files (cert_path, key_path, &error);
  g_assert_no_error (error);
  g_unlink (cert_path);
  g_unlink (key_path);
  g_rmdir (dir);

  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (server, NULL, tls_handler, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS,
                            &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("https://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  client = deck_flowfuse_client_new (url, &error);
  g_assert_no_error (error);
  deck_flowfuse_client_set_token (client, "ffpat_must-not-be-sent-over-untrusted-tls");
  deck_flowfuse_client_list_teams_async (client, NULL, deck_test_store_result_cb, &slot);
  result = deck_test_wait_result (&slot, 30);
  teams = deck_flowfuse_client_finish_list (client, result, &error);
  g_assert_null (teams);
  g_assert_error (error, DECK_NET_ERROR, DECK_NET_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, "certificate"));
  g_assert_nonnull (strstr (error->message, "not signed by a known certificate authority"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tls/self-signed-certificate", test_self_signed_certificate);

  return g_test_run ();
}
