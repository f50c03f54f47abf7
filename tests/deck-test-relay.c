/* deck-test-relay.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A TCP relay on 127.0.0.1 in front of a real peer, so a test can take
 * the network away and give it back: cutting closes every relayed
 * connection and the listening socket (new connections are refused, as
 * with a dead server or a dropped network); restoring listens again on
 * the same port. Bytes pass through unchanged: the peer answers.
 */

#define G_LOG_DOMAIN "deck-test"

#include "config.h"

#include "deck-test-relay.h"

struct _DeckTestRelay
{
  GSocketService *service;
  GCancellable   *cancellable;
  char           *target_host;
  guint16         target_port;
  guint16         port;
};

typedef struct
{
  GSocketConnection *downstream;
  GCancellable      *cancellable;
} Pending;

static void
splice_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Either side closing (or a cut) ends it; both streams get closed. */
  g_io_stream_splice_finish (result, &error);
}

static void
upstream_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(GSocketConnection) upstream = NULL;
  g_autoptr(GError) error = NULL;

  upstream = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &error);
  if (upstream == NULL || g_cancellable_is_cancelled (pending->cancellable))
    {
      g_io_stream_close (G_IO_STREAM (pending->downstream), NULL, NULL);
    }
  else
    {
      g_io_stream_splice_async (G_IO_STREAM (pending->downstream), G_IO_STREAM (upstream),
                                G_IO_STREAM_SPLICE_CLOSE_STREAM1 |
                                G_IO_STREAM_SPLICE_CLOSE_STREAM2,
                                G_PRIORITY_DEFAULT, pending->cancellable, splice_done_cb, NULL);
    }

  g_object_unref (pending->downstream);
  g_object_unref (pending->cancellable);
  g_free (pending);
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  DeckTestRelay *self = user_data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  Pending *pending = g_new0 (Pending, 1);

  pending->downstream = g_object_ref (connection);
  pending->cancellable = g_object_ref (self->cancellable);
  g_socket_client_connect_to_host_async (client, self->target_host, self->target_port,
                                         self->cancellable, upstream_cb, pending);
  return TRUE;
}

static void
relay_listen (DeckTestRelay *self)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, self->port);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  /* A closed listener cannot listen again: a new one, same port. */
  g_clear_object (&self->service);
  self->service = g_socket_service_new ();
  g_signal_connect (self->service, "incoming", G_CALLBACK (incoming_cb), self);
  g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                 &effective, &error);
  g_assert_no_error (error);
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_socket_service_start (self->service);
}

/**
 * deck_test_relay_new:
 * @target_url: the peer, as `http://127.0.0.1:PORT`
 *
 * Returns: (transfer full): a relay listening on an ephemeral port
 */
DeckTestRelay *
deck_test_relay_new (const char *target_url)
{
  DeckTestRelay *self = g_new0 (DeckTestRelay, 1);
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;

  uri = g_uri_parse (target_url, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_uri_get_host (uri), ==, "127.0.0.1");
  self->target_host = g_strdup (g_uri_get_host (uri));
  self->target_port = (guint16) g_uri_get_port (uri);
  self->cancellable = g_cancellable_new ();
  relay_listen (self);
  return self;
}

/**
 * deck_test_relay_get_url:
 *
 * Returns: (transfer full): `http://127.0.0.1:PORT` of the relay
 */
char *
deck_test_relay_get_url (DeckTestRelay *self)
{
  return g_strdup_printf ("http://127.0.0.1:%u", self->port);
}

/**
 * deck_test_relay_cut:
 *
 * Closes every relayed connection and stops listening: the network is gone.
 */
void
deck_test_relay_cut (DeckTestRelay *self)
{
  g_socket_service_stop (self->service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  /* Let the spliced streams see the cancellation and close. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/**
 * deck_test_relay_restore:
 *
 * Listens again, on the same port.
 */
void
deck_test_relay_restore (DeckTestRelay *self)
{
  relay_listen (self);
}

void
deck_test_relay_free (DeckTestRelay *self)
{
  deck_test_relay_cut (self);
  g_clear_object (&self->service);
  g_clear_object (&self->cancellable);
  g_free (self->target_host);
  g_free (self);
}
