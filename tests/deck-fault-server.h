/* deck-fault-server.h
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/**
 * DeckFault:
 * @DECK_FAULT_RESPOND: answer with the given status, type and body
 * @DECK_FAULT_STALL: accept the request and never answer
 * @DECK_FAULT_TRUNCATE: promise a body (Content-Length) and close halfway
 * @DECK_FAULT_RESET: close the connection without answering
 * @DECK_FAULT_DRIP: answer the body one byte every 50 ms
 *
 * What a real peer cannot be made to do on demand.
 */
typedef enum
{
  DECK_FAULT_RESPOND,
  DECK_FAULT_STALL,
  DECK_FAULT_TRUNCATE,
  DECK_FAULT_RESET,
  DECK_FAULT_DRIP,
} DeckFault;

#define DECK_TYPE_FAULT_SERVER (deck_fault_server_get_type ())
G_DECLARE_FINAL_TYPE (DeckFaultServer, deck_fault_server, DECK, FAULT_SERVER, GObject)

DeckFaultServer *deck_fault_server_new            (void);
const char      *deck_fault_server_get_url        (DeckFaultServer *self);
void             deck_fault_server_set            (DeckFaultServer *self,
                                                   const char      *path,
                                                   DeckFault        fault,
                                                   guint            status,
                                                   const char      *content_type,
                                                   GBytes          *body);
void             deck_fault_server_set_json       (DeckFaultServer *self,
                                                   const char      *path,
                                                   guint            status,
                                                   const char      *json);
void             deck_fault_server_set_header     (DeckFaultServer *self,
                                                   const char      *path,
                                                   const char      *name,
                                                   const char      *value);
guint            deck_fault_server_get_hits       (DeckFaultServer *self,
                                                   const char      *path);
SoupMessageHeaders *deck_fault_server_get_last_headers (DeckFaultServer *self,
                                                   const char      *path);
GBytes          *deck_fault_server_get_last_body  (DeckFaultServer *self,
                                                   const char      *path);
guint            deck_fault_server_get_n_stalled  (DeckFaultServer *self);

G_END_DECLS
