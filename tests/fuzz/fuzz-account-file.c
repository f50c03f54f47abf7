/* fuzz-account-file.c: the account metadata file
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: the bytes of `accounts.json`. Parsed as the store's load parses
 * it (size and UTF-8 checks, the nesting pre-check, json-glib, then
 * deck_account_new_from_json() on every entry); every account read is then
 * written back with deck_account_to_json() and read again, as a save and
 * the next start do.
 */

#include "config.h"

#include "deck-account-store-private.h"
#include "deck-account.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) accounts = NULL;
  g_autofree char *problem = NULL;
  int result;

  result = _deck_account_store_parse ((const char *) data, size, &accounts, &problem);
  g_assert (accounts != NULL);
  g_assert ((result == 0) == (problem == NULL));
  if (result == 2)
    g_assert_cmpuint (accounts->len, ==, 0);

  for (guint i = 0; i < accounts->len; i++)
    {
      DeckAccount *account = accounts->pdata[i];
      g_autoptr(JsonObject) object = deck_account_to_json (account);
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(DeckAccount) again = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      gsize length = 0;

      deck_fuzz_read_all (G_OBJECT (account));

      json_node_set_object (node, object);
      json_generator_set_root (generator, node);
      text = json_generator_to_data (generator, &length);

      /* Known bug (corpus/account-file/crash-invalid-utf8-escape): json-glib
       * 1.6 decodes octal escapes ("\\316") and lone surrogates ("\\udc00")
       * into strings that are not UTF-8; an account holding one is accepted,
       * and the file it is saved to is then refused whole at the next load. */
      if (!g_utf8_validate (text, (gssize) length, NULL) &&
          deck_fuzz_skip_known ("invalid-utf8-escape"))
        continue;

      if (!json_parser_load_from_data (parser, text, (gssize) length, &error))
        g_error ("an account written back is not JSON: %s", error->message);

      again = deck_account_new_from_json (json_node_get_object (json_parser_get_root (parser)),
                                          &error);
      if (again == NULL)
        g_error ("an account written back cannot be read again: %s", error->message);

      g_assert_cmpstr (deck_account_get_id (again), ==, deck_account_get_id (account));
      g_assert_cmpstr (deck_account_get_url (again), ==, deck_account_get_url (account));
      g_assert_cmpint (deck_account_get_kind (again), ==, deck_account_get_kind (account));
    }

  return 0;
}
