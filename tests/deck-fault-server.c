/* deck-fault-server.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An in-process SoupServer on 127.0.0.1 (ephemeral port) for what the real
 * peers cannot produce on demand: 5xx, 429 with Retry-After, stalls,
 * truncated and malformed bodies, resets, slow drips, huge bodies. It runs
 * in the test's main context (like GNOME Calendar's gcal-simple-server
 * minus the thread), so a test spins the loop and both sides progress.
 */

#define G_LOG_DOMAIN "deck-fault-server"

#include "config.h"

#include <string.h>

#include "deck-fault-server.h"

typedef struct
{
  DeckFault           fault;
  guint               status;
  char               *content_type;
  GBytes             *body;
  GHashTable         *headers;
  guint               hits;
  SoupMessageHeaders *last_headers;
  GBytes             *last_body;
} Rule;

struct _DeckFaultServer
{
  GObject     parent_instance;

  SoupServer *server;
  char       *url;
  GHashTable *rules;
  GPtrArray  *stalled;     /* of Stall */
};

G_DEFINE_FINAL_TYPE (DeckFaultServer, deck_fault_server, G_TYPE_OBJECT)

static void
rule_free (Rule *rule)
{
  g_clear_pointer (&rule->content_type, g_free);
  g_clear_pointer (&rule->body, g_bytes_unref);
  g_clear_pointer (&rule->headers, g_hash_table_unref);
  g_clear_pointer (&rule->last_headers, soup_message_headers_unref);
  g_clear_pointer (&rule->last_body, g_bytes_unref);
  g_free (rule);
}

static Rule *
lookup_rule (DeckFaultServer *self,
             const char      *path)
{
  Rule *rule = g_hash_table_lookup (self->rules, path);

  if (rule == NULL)
    {
      rule = g_new0 (Rule, 1);
      rule->fault = DECK_FAULT_RESPOND;
      rule->status = 404;
      rule->content_type = g_strdup ("application/json");
      rule->body = g_bytes_new_static ("{\"code\":\"not_found\",\"error\":\"Not Found\"}", 40);
      rule->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_insert (self->rules, g_strdup (path), rule);
    }

  return rule;
}

typedef struct
{
  GIOStream *stream;
  GBytes    *body;
  gsize      offset;
  guint      source_id;
} Drip;

static gboolean
drip_cb (gpointer user_data)
{
  Drip *drip = user_data;
  GOutputStream *out = g_io_stream_get_output_stream (drip->stream);
  gsize len;
  const guint8 *data = g_bytes_get_data (drip->body, &len);

  if (drip->offset >= len ||
      g_output_stream_write (out, data + drip->offset, 1, NULL, NULL) != 1)
    {
      g_io_stream_close (drip->stream, NULL, NULL);
      g_object_unref (drip->stream);
      g_bytes_unref (drip->body);
      g_free (drip);
      return G_SOURCE_REMOVE;
    }

  drip->offset++;
  return G_SOURCE_CONTINUE;
}

/* Takes over the socket and writes a raw HTTP response. */
static void
write_raw (DeckFaultServer   *self,
           SoupServerMessage *msg,
           Rule              *rule)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);
  GOutputStream *out = g_io_stream_get_output_stream (stream);
  g_autofree char *head = NULL;
  gsize len = 0;
  const char *data = rule->body ? g_bytes_get_data (rule->body, &len) : "";

  if (rule->fault == DECK_FAULT_RESET)
    {
      g_io_stream_close (stream, NULL, NULL);
      return;
    }

  head = g_strdup_printf ("HTTP/1.1 %u OK\r\nContent-Type: %s\r\nContent-Length: %"
                          G_GSIZE_FORMAT "\r\nConnection: close\r\n\r\n",
                          rule->status, rule->content_type, len);
  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);

  if (rule->fault == DECK_FAULT_TRUNCATE)
    {
      g_output_stream_write_all (out, data, len / 2, NULL, NULL, NULL);
      g_io_stream_close (stream, NULL, NULL);
      return;
    }

  /* DECK_FAULT_DRIP */
  {
    Drip *drip = g_new0 (Drip, 1);

    drip->stream = g_steal_pointer (&stream);
    drip->body = g_bytes_ref (rule->body);
    drip->source_id = g_timeout_add (50, drip_cb, drip);
  }
}

/* A stalled answer: the paused message, and the source that watches its
 * socket for the client going away. */
typedef struct
{
  DeckFaultServer   *self;   /* unowned: the stall goes with the server */
  SoupServerMessage *msg;
  GSource           *source;
} Stall;

static void
stall_free (Stall *stall)
{
  g_source_destroy (stall->source);
  g_source_unref (stall->source);
  g_object_unref (stall->msg);
  g_free (stall);
}

/* The client went away (its timeout or a cancel closed the connection; a
 * client sends nothing else on a connection that waits for an answer).
 * The answer then fails on the closed connection, which ends the message
 * in libsoup: kept paused, every stall of a soak stayed in memory. */
static gboolean
stalled_client_gone_cb (GSocket      *socket,
                        GIOCondition  condition,
                        gpointer      user_data)
{
  Stall *stall = user_data;

  soup_server_message_set_status (stall->msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
  soup_server_message_unpause (stall->msg);
  g_ptr_array_remove_fast (stall->self->stalled, stall);
  return G_SOURCE_REMOVE;
}

static void
stall (DeckFaultServer   *self,
       SoupServerMessage *msg)
{
  Stall *stall = g_new0 (Stall, 1);

  soup_server_message_pause (msg);
  stall->self = self;
  stall->msg = g_object_ref (msg);
  stall->source = g_socket_create_source (soup_server_message_get_socket (msg),
                                          G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (stall->source, G_SOURCE_FUNC (stalled_client_gone_cb), stall, NULL);
  g_source_attach (stall->source, NULL);
  g_ptr_array_add (self->stalled, stall);
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  DeckFaultServer *self = user_data;
  const char *query_string = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autofree char *full = query_string ? g_strconcat (path, "?", query_string, NULL) : NULL;
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  GHashTableIter iter;
  gpointer key, value;
  Rule *rule;

  /* A rule for the exact path and query wins over one for the path. */
  if (full != NULL && g_hash_table_contains (self->rules, full))
    rule = lookup_rule (self, full);
  else
    rule = lookup_rule (self, path);

  rule->hits++;
  g_clear_pointer (&rule->last_headers, soup_message_headers_unref);
  rule->last_headers = soup_message_headers_ref (soup_server_message_get_request_headers (msg));
  g_clear_pointer (&rule->last_body, g_bytes_unref);
  rule->last_body = soup_message_body_flatten (request_body);

  switch (rule->fault)
    {
    case DECK_FAULT_STALL:
      /* Never answered: the client's timeout must fire. */
      stall (self, msg);
      return;

    case DECK_FAULT_TRUNCATE:
    case DECK_FAULT_RESET:
    case DECK_FAULT_DRIP:
      write_raw (self, msg, rule);
      return;

    case DECK_FAULT_RESPOND:
    default:
      break;
    }

  g_hash_table_iter_init (&iter, rule->headers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    soup_message_headers_replace (response_headers, key, value);

  if (rule->body != NULL)
    {
      gsize len;
      const char *data = g_bytes_get_data (rule->body, &len);

      soup_server_message_set_response (msg, rule->content_type, SOUP_MEMORY_COPY, data, len);
    }
  soup_server_message_set_status (msg, rule->status, NULL);
}

static void
deck_fault_server_finalize (GObject *object)
{
  DeckFaultServer *self = DECK_FAULT_SERVER (object);

  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_pointer (&self->stalled, g_ptr_array_unref);
  g_clear_pointer (&self->rules, g_hash_table_unref);
  g_clear_pointer (&self->url, g_free);

  G_OBJECT_CLASS (deck_fault_server_parent_class)->finalize (object);
}

static void
deck_fault_server_class_init (DeckFaultServerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = deck_fault_server_finalize;
}

static void
deck_fault_server_init (DeckFaultServer *self)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;
  GUri *uri;

  self->rules = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) rule_free);
  self->stalled = g_ptr_array_new_with_free_func ((GDestroyNotify) stall_free);
  self->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (self->server, NULL, handler, self, NULL);

  if (!soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("fault server: %s", error->message);

  uris = soup_server_get_uris (self->server);
  g_assert_nonnull (uris);
  uri = uris->data;
  self->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uri));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

DeckFaultServer *
deck_fault_server_new (void)
{
  return g_object_new (DECK_TYPE_FAULT_SERVER, NULL);
}

const char *
deck_fault_server_get_url (DeckFaultServer *self)
{
  return self->url;
}

void
deck_fault_server_set (DeckFaultServer *self,
                       const char      *path,
                       DeckFault        fault,
                       guint            status,
                       const char      *content_type,
                       GBytes          *body)
{
  Rule *rule = lookup_rule (self, path);

  rule->fault = fault;
  rule->status = status;
  g_free (rule->content_type);
  rule->content_type = g_strdup (content_type ? content_type : "application/json");
  g_clear_pointer (&rule->body, g_bytes_unref);
  rule->body = body ? g_bytes_ref (body) : NULL;
}

void
deck_fault_server_set_json (DeckFaultServer *self,
                            const char      *path,
                            guint            status,
                            const char      *json)
{
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));

  deck_fault_server_set (self, path, DECK_FAULT_RESPOND, status, "application/json", body);
}

void
deck_fault_server_set_header (DeckFaultServer *self,
                              const char      *path,
                              const char      *name,
                              const char      *value)
{
  Rule *rule = lookup_rule (self, path);

  g_hash_table_replace (rule->headers, g_strdup (name), g_strdup (value));
}

guint
deck_fault_server_get_hits (DeckFaultServer *self,
                            const char      *path)
{
  return lookup_rule (self, path)->hits;
}

SoupMessageHeaders *
deck_fault_server_get_last_headers (DeckFaultServer *self,
                                    const char      *path)
{
  return lookup_rule (self, path)->last_headers;
}

GBytes *
deck_fault_server_get_last_body (DeckFaultServer *self,
                                 const char      *path)
{
  return lookup_rule (self, path)->last_body;
}

/* Stalled answers still held: each is let go once its client closes the
 * connection. */
guint
deck_fault_server_get_n_stalled (DeckFaultServer *self)
{
  return self->stalled->len;
}
