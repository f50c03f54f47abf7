/* deck-json.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "deck-json"

#include "config.h"

#include <math.h>
#include <string.h>

#include "deck-flowfuse-error.h"
#include "deck-json.h"

/* Type-checked reads from untrusted JSON. json-glib's own getters emit a
 * critical when a node has another type than asked for (and criticals
 * abort under tests), so every read here checks the node type and the
 * value type first. A member that is absent, null or of the wrong type
 * reads as "absent": NULL, or the caller's default. None of these
 * functions ever fails loudly; they are safe on any input. */

/* GDateTime covers 0001-01-01 to 9999-12-31 (UTC); outside that range it
 * returns NULL, but the multiplication to microseconds would overflow
 * first, so the range is checked here, in milliseconds. */
#define MIN_UNIX_MS (G_GINT64_CONSTANT (-62135596800) * 1000)
#define MAX_UNIX_MS (G_GINT64_CONSTANT (253402300799) * 1000 + 999)

/**
 * deck_json_node_get_string:
 * @node: (nullable): a #JsonNode
 *
 * Returns: (nullable): the string @node holds, or %NULL when @node is
 *   %NULL or anything but a string
 */
const char *
deck_json_node_get_string (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  /* json-glib 1.6 decodes octal escapes and lone surrogates into bytes
   * that are not UTF-8 (found by fuzzing); such a string is no string. */
  if (!g_utf8_validate (json_node_get_string (node), -1, NULL))
    return NULL;

  return json_node_get_string (node);
}

/**
 * deck_json_node_get_int:
 * @node: (nullable): a #JsonNode
 * @out_value: (out): where to store the number
 *
 * Reads an integer. A floating-point number with a fraction is truncated
 * towards zero; one that is not finite or does not fit in 64 bits is
 * refused, as is every other type (strings are not parsed).
 *
 * Returns: %TRUE if @node holds a number and @out_value was set
 */
gboolean
deck_json_node_get_int (JsonNode *node,
                        gint64   *out_value)
{
  GType type;

  g_return_val_if_fail (out_value != NULL, FALSE);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      *out_value = json_node_get_int (node);
      return TRUE;
    }

  if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      /* 2^63 is exactly representable; G_MAXINT64 is not. */
      if (!isfinite (d) || d < -9223372036854775808.0 || d >= 9223372036854775808.0)
        return FALSE;

      *out_value = (gint64) d;
      return TRUE;
    }

  return FALSE;
}

/**
 * deck_json_node_is_truthy:
 * @node: (nullable): a #JsonNode
 *
 * JavaScript truthiness, which is what FlowFuse applies to feature flags:
 * %NULL (absent), null, false, 0, NaN and "" are false; every other value,
 * object and array is true.
 *
 * Returns: whether @node is truthy
 */
gboolean
deck_json_node_is_truthy (JsonNode *node)
{
  GType type;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return FALSE;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return TRUE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  if (type == G_TYPE_INT64)
    return json_node_get_int (node) != 0;
  if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);
      return d != 0.0 && !isnan (d);
    }
  if (type == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);
      return s != NULL && *s != '\0';
    }

  return FALSE;
}

/**
 * deck_json_datetime_from_usec:
 * @usec: microseconds since the Unix epoch
 *
 * Returns: (transfer full) (nullable): the time in UTC, or %NULL when it
 *   lies outside what #GDateTime can hold (years 1 to 9999)
 */
GDateTime *
deck_json_datetime_from_usec (gint64 usec)
{
  g_autoptr(GDateTime) seconds = NULL;
  gint64 secs;
  gint64 rest;

  if (usec < MIN_UNIX_MS * 1000 || usec > MAX_UNIX_MS * 1000 + 999)
    return NULL;

  /* Floor division, so that times before 1970 keep a positive remainder. */
  secs = usec / G_USEC_PER_SEC;
  rest = usec % G_USEC_PER_SEC;
  if (rest < 0)
    {
      secs -= 1;
      rest += G_USEC_PER_SEC;
    }

  seconds = g_date_time_new_from_unix_utc (secs);
  if (seconds == NULL)
    return NULL;

  return g_date_time_add (seconds, rest);
}

/**
 * deck_json_datetime_to_usec:
 * @when: a time
 *
 * Returns: microseconds since the Unix epoch (what
 *   deck_json_datetime_from_usec() reads)
 */
gint64
deck_json_datetime_to_usec (GDateTime *when)
{
  g_return_val_if_fail (when != NULL, 0);

  return g_date_time_to_unix (when) * G_USEC_PER_SEC + g_date_time_get_microsecond (when);
}

/**
 * deck_json_datetime_from_ms:
 * @ms: milliseconds since the Unix epoch
 *
 * Returns: (transfer full) (nullable): the time in UTC, or %NULL when it
 *   lies outside what #GDateTime can hold (years 1 to 9999)
 */
GDateTime *
deck_json_datetime_from_ms (gint64 ms)
{
  if (ms < MIN_UNIX_MS || ms > MAX_UNIX_MS)
    return NULL;

  return deck_json_datetime_from_usec (ms * 1000);
}

/**
 * deck_json_node_get_datetime:
 * @node: (nullable): a #JsonNode
 *
 * Reads a time the way FlowFuse sends them: an ISO 8601 string (a
 * JavaScript `Date` serialised, e.g. "2024-05-01T09:30:00.000Z"; a string
 * without a zone is taken as UTC), or a number of milliseconds since the
 * Unix epoch.
 *
 * Returns: (transfer full) (nullable): the time, or %NULL for anything else
 */
GDateTime *
deck_json_node_get_datetime (JsonNode *node)
{
  const char *text;
  gint64 ms;

  text = deck_json_node_get_string (node);
  if (text != NULL)
    {
      g_autoptr(GTimeZone) utc = NULL;

      if (*text == '\0')
        return NULL;

      utc = g_time_zone_new_utc ();
      return g_date_time_new_from_iso8601 (text, utc);
    }

  if (deck_json_node_get_int (node, &ms))
    return deck_json_datetime_from_ms (ms);

  return NULL;
}

/**
 * deck_json_get_path:
 * @object: a #JsonObject
 * @path: member names separated by dots, e.g. "meta.versions.node-red"
 *
 * Walks nested objects. Every step but the last must be an object.
 *
 * Returns: (transfer none) (nullable): the node at @path, or %NULL
 */
JsonNode *
deck_json_get_path (JsonObject *object,
                    const char *path)
{
  const char *segment = path;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  for (;;)
    {
      const char *dot = strchr (segment, '.');
      g_autofree char *name = NULL;
      JsonNode *node;

      if (dot == NULL)
        return json_object_get_member (object, segment);

      name = g_strndup (segment, dot - segment);
      node = json_object_get_member (object, name);
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return NULL;

      object = json_node_get_object (node);
      segment = dot + 1;
    }
}

/**
 * deck_json_get_path_string:
 * @object: a #JsonObject
 * @path: a dotted path, see deck_json_get_path()
 *
 * Returns: (nullable): the string at @path, or %NULL
 */
const char *
deck_json_get_path_string (JsonObject *object,
                           const char *path)
{
  return deck_json_node_get_string (deck_json_get_path (object, path));
}

/**
 * deck_json_get_path_object:
 * @object: a #JsonObject
 * @path: a dotted path, see deck_json_get_path()
 *
 * Returns: (transfer none) (nullable): the object at @path, or %NULL
 */
JsonObject *
deck_json_get_path_object (JsonObject *object,
                           const char *path)
{
  JsonNode *node = deck_json_get_path (object, path);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

/**
 * deck_json_get_string:
 * @object: a #JsonObject
 * @member: a member name
 *
 * Returns: (nullable): the member's string, or %NULL when it is absent or
 *   not a string
 */
const char *
deck_json_get_string (JsonObject *object,
                      const char *member)
{
  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (member != NULL, NULL);

  return deck_json_node_get_string (json_object_get_member (object, member));
}

/**
 * deck_json_require_string:
 * @object: a #JsonObject
 * @member: a member name
 * @what: what is being read, for the error ("instance", "team", …)
 * @error: a location for a #GError, or %NULL
 *
 * Reads a required member, which must be a non-empty string.
 *
 * Returns: (nullable): the string, or %NULL with @error set to a
 *   %DECK_FLOWFUSE_ERROR_UNEXPECTED_RESPONSE naming @member
 */
const char *
deck_json_require_string (JsonObject  *object,
                          const char  *member,
                          const char  *what,
                          GError     **error)
{
  const char *value = deck_json_get_string (object, member);

  if (value == NULL || *value == '\0')
    {
      g_propagate_error (error, deck_flowfuse_error_new_missing_field (what, member));
      return NULL;
    }

  return value;
}

/**
 * deck_json_get_int:
 * @object: a #JsonObject
 * @member: a member name
 * @default_value: what to return when the member is not a number
 *
 * Returns: the member's value, see deck_json_node_get_int()
 */
gint64
deck_json_get_int (JsonObject *object,
                   const char *member,
                   gint64      default_value)
{
  gint64 value;

  g_return_val_if_fail (object != NULL, default_value);
  g_return_val_if_fail (member != NULL, default_value);

  if (deck_json_node_get_int (json_object_get_member (object, member), &value))
    return value;

  return default_value;
}

/**
 * deck_json_get_bool:
 * @object: a #JsonObject
 * @member: a member name
 * @default_value: what to return when the member is not a boolean
 *
 * Only JSON `true` and `false` count; use deck_json_node_is_truthy() for
 * JavaScript-style flags.
 *
 * Returns: the member's value, or @default_value
 */
gboolean
deck_json_get_bool (JsonObject *object,
                    const char *member,
                    gboolean    default_value)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL, default_value);
  g_return_val_if_fail (member != NULL, default_value);

  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return default_value;

  return json_node_get_boolean (node);
}

/**
 * deck_json_get_object:
 * @object: a #JsonObject
 * @member: a member name
 *
 * Returns: (transfer none) (nullable): the member's object, or %NULL
 */
JsonObject *
deck_json_get_object (JsonObject *object,
                      const char *member)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (member != NULL, NULL);

  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

/**
 * deck_json_get_array:
 * @object: a #JsonObject
 * @member: a member name
 *
 * Returns: (transfer none) (nullable): the member's array, or %NULL
 */
JsonArray *
deck_json_get_array (JsonObject *object,
                     const char *member)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (member != NULL, NULL);

  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  return json_node_get_array (node);
}

/**
 * deck_json_get_datetime:
 * @object: a #JsonObject
 * @member: a member name
 *
 * Returns: (transfer full) (nullable): the member as a time, see
 *   deck_json_node_get_datetime()
 */
GDateTime *
deck_json_get_datetime (JsonObject *object,
                        const char *member)
{
  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (member != NULL, NULL);

  return deck_json_node_get_datetime (json_object_get_member (object, member));
}

/**
 * deck_json_get_flags:
 * @object: a #JsonObject
 * @path: a dotted path to an object of flags, e.g. "properties.features"
 *
 * Snapshots an object of feature flags, so that a model does not keep
 * (mutable) JSON around. Each member maps to its truthiness; a member that
 * is present but falsy (`false`, null, 0, "") is kept, because FlowFuse
 * lets a present `false` override a default.
 *
 * Returns: (transfer full) (nullable) (element-type utf8 gboolean): member
 *   name → GUINT_TO_POINTER (truthiness), or %NULL when @path is not an
 *   object; look up with g_hash_table_lookup_extended()
 */
GHashTable *
deck_json_get_flags (JsonObject *object,
                     const char *path)
{
  JsonObject *flags;
  GHashTable *table;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  flags = deck_json_get_path_object (object, path);
  if (flags == NULL)
    return NULL;

  table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  json_object_iter_init (&iter, flags);
  while (json_object_iter_next (&iter, &name, &node))
    g_hash_table_replace (table, g_strdup (name),
                          GUINT_TO_POINTER (deck_json_node_is_truthy (node)));

  return table;
}

/* A lexical pass over the bytes before json-glib parses them: outside
 * strings only JSON's own characters may appear (so no comments or
 * single-quoted strings, which GScanner would accept and which could hide
 * brackets from this count), and arrays and objects may nest at most
 * @max_depth deep. json-glib 1.6 has no nesting limit and overflows the
 * stack on a few tens of kilobytes of "[" (found by fuzzing). Nothing may
 * follow the root value. Every untrusted body goes through this before
 * json-glib sees it. Returns %TRUE when the bytes may be parsed. */
gboolean
deck_json_check_shape (const char *data,
                       gsize       length,
                       guint       max_depth)
{
  gboolean in_string = FALSE;
  gboolean root_done = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      /* json-glib 1.6 ignores what follows the root value; we do not. */
      if (root_done && !g_ascii_isspace (c))
        return FALSE;

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;

        case '[':
        case '{':
          if (++depth > max_depth)
            return FALSE;
          break;

        case ']':
        case '}':
          if (depth == 0)
            return FALSE;
          if (--depth == 0)
            root_done = TRUE;
          break;

        case ' ':
        case '\t':
        case '\n':
        case '\r':
        case ',':
        case ':':
        case '-':
        case '+':
        case '.':
          break;

        default:
          if (!g_ascii_isalnum (c))
            return FALSE;
          break;
        }
    }

  return !in_string && depth == 0;
}
