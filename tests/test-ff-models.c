/* test-ff-models.c
 *
 * Copyright 2026 Flowdeck developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "deck-ff-application.h"
#include "deck-ff-audit-entry.h"
#include "deck-ff-http-token.h"
#include "deck-ff-instance.h"
#include "deck-ff-list.h"
#include "deck-ff-log-entry.h"
#include "deck-ff-personal-token.h"
#include "deck-ff-project-type.h"
#include "deck-ff-settings.h"
#include "deck-ff-stack.h"
#include "deck-ff-team-type.h"
#include "deck-ff-team.h"
#include "deck-ff-template.h"
#include "deck-ff-user.h"
#include "deck-flowfuse-error.h"
#include "deck-json.h"

/* Fixtures are the shapes FlowFuse sends (forge/db/views/…, API.md). */

typedef gpointer (*NewFromJson) (JsonObject  *object,
                                 GError     **error);

static const struct {
  const char  *name;
  NewFromJson  new_from_json;
} constructors[] = {
  { "application", (NewFromJson) deck_ff_application_new_from_json },
  { "audit-entry", (NewFromJson) deck_ff_audit_entry_new_from_json },
  { "http-token", (NewFromJson) deck_ff_http_token_new_from_json },
  { "instance", (NewFromJson) deck_ff_instance_new_from_json },
  { "log-entry", (NewFromJson) deck_ff_log_entry_new_from_json },
  { "personal-token", (NewFromJson) deck_ff_personal_token_new_from_json },
  { "project-type", (NewFromJson) deck_ff_project_type_new_from_json },
  { "settings", (NewFromJson) deck_ff_settings_new_from_json },
  { "stack", (NewFromJson) deck_ff_stack_new_from_json },
  { "team", (NewFromJson) deck_ff_team_new_from_json },
  { "team-type", (NewFromJson) deck_ff_team_type_new_from_json },
  { "template", (NewFromJson) deck_ff_template_new_from_json },
  { "user", (NewFromJson) deck_ff_user_new_from_json },
};

/*
 * Auxiliary methods
 */

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  node = json_from_string (json, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));

  return json_object_ref (json_node_get_object (node));
}

static JsonArray *
parse_array (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  node = json_from_string (json, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));

  return json_array_ref (json_node_get_array (node));
}

static void
assert_datetime (GDateTime  *value,
                 const char *iso)
{
  g_autoptr(GDateTime) expected = NULL;

  if (iso == NULL)
    {
      g_assert_null (value);
      return;
    }

  expected = g_date_time_new_from_iso8601 (iso, NULL);
  g_assert_nonnull (expected);
  g_assert_nonnull (value);
  if (!g_date_time_equal (value, expected))
    {
      g_autofree char *got = g_date_time_format_iso8601 (value);
      g_error ("expected %s, got %s", iso, got);
    }
}

static void
assert_missing_field (const GError *error,
                      const char   *field)
{
  g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_UNEXPECTED_RESPONSE);
  g_assert_cmpstr (deck_flowfuse_error_get_field (error), ==, field);
}

/* Reads every property through GObject, so that each get_property case
 * runs (a wrong GValue type there is a critical, fatal in tests), and
 * checks that no string anywhere contains @needle (when given). */
static void
read_all_properties (gpointer    object,
                     const char *needle)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint n;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n);
  for (guint i = 0; i < n; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;

      g_value_init (&value, pspecs[i]->value_type);
      g_object_get_property (object, pspecs[i]->name, &value);

      if (needle == NULL)
        continue;

      if (G_VALUE_HOLDS_STRING (&value) && g_value_get_string (&value) != NULL)
        g_assert_null (strstr (g_value_get_string (&value), needle));
      else if (G_VALUE_HOLDS (&value, G_TYPE_STRV) && g_value_get_boxed (&value) != NULL)
        {
          const char * const *strv = g_value_get_boxed (&value);

          for (guint j = 0; strv[j] != NULL; j++)
            g_assert_null (strstr (strv[j], needle));
        }
    }
}

static gpointer
construct (NewFromJson  new_from_json,
           const char  *json,
           GError     **error)
{
  g_autoptr(JsonObject) object = parse_object (json);

  return new_from_json (object, error);
}

/*
 * User
 */

static const char *user_json =
  "{"
  "  \"id\": \"pYm7b2GQ1k\","
  "  \"username\": \"alice\","
  "  \"name\": \"Alice Example\","
  "  \"email\": \"alice@example.com\","
  "  \"avatar\": \"https://forge.example.com/avatar/YWxpY2U\","
  "  \"admin\": true,"
  "  \"createdAt\": \"2024-01-15T09:12:33.000Z\","
  "  \"suspended\": false,"
  "  \"email_verified\": true,"
  "  \"defaultTeam\": \"dq2m9XkO0L\","
  "  \"sso_enabled\": false,"
  "  \"mfa_enabled\": true,"
  "  \"tcs_accepted\": \"2024-01-15T09:13:00.000Z\""
  "}";

static void
test_user (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckFfUser) user = NULL;
  g_autofree char *name = NULL;
  gboolean admin;

  user = construct ((NewFromJson) deck_ff_user_new_from_json, user_json, &error);
  g_assert_no_error (error);
  g_assert_true (DECK_IS_FF_USER (user));

  g_assert_cmpstr (deck_ff_user_get_id (user), ==, "pYm7b2GQ1k");
  g_assert_cmpstr (deck_ff_user_get_username (user), ==, "alice");
  g_assert_cmpstr (deck_ff_user_get_name (user), ==, "Alice Example");
  g_assert_cmpstr (deck_ff_user_get_email (user), ==, "alice@example.com");
  g_assert_cmpstr (deck_ff_user_get_avatar (user), ==, "https://forge.example.com/avatar/YWxpY2U");
  g_assert_true (deck_ff_user_get_admin (user));
  g_assert_true (deck_ff_user_get_email_verified (user));
  g_assert_true (deck_ff_user_get_mfa_enabled (user));
  g_assert_false (deck_ff_user_get_sso_enabled (user));
  g_assert_cmpstr (deck_ff_user_get_default_team (user), ==, "dq2m9XkO0L");
  assert_datetime (deck_ff_user_get_created_at (user), "2024-01-15T09:12:33Z");

  g_object_get (user, "name", &name, "admin", &admin, NULL);
  g_assert_cmpstr (name, ==, "Alice Example");
  g_assert_true (admin);
  read_all_properties (user, NULL);
}

static void
test_user_missing_fields (void)
{
  static const struct {
    const char *json;
    const char *field;
  } cases[] = {
    { "{\"username\": \"alice\"}", "id" },
    { "{\"id\": null, \"username\": \"alice\"}", "id" },
    { "{\"id\": 5, \"username\": \"alice\"}", "id" },
    { "{\"id\": \"\", \"username\": \"alice\"}", "id" },
    { "{\"id\": {\"x\": 1}, \"username\": \"alice\"}", "id" },
    { "{\"id\": \"pYm7b2GQ1k\"}", "username" },
    { "{\"id\": \"pYm7b2GQ1k\", \"username\": [\"alice\"]}", "username" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DeckFfUser) user = NULL;

      user = construct ((NewFromJson) deck_ff_user_new_from_json, cases[i].json, &error);
      g_assert_null (user);
      assert_missing_field (error, cases[i].field);
      g_assert_nonnull (strstr (error->message, cases[i].field));
    }
}

static void
test_user_minimal (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckFfUser) user = NULL;

  user = construct ((NewFromJson) deck_ff_user_new_from_json,
                    "{\"id\": \"u1\", \"username\": \"bob\", \"name\": 5, \"admin\": \"yes\","
                    " \"createdAt\": true, \"defaultTeam\": null, \"email_verified\": 1}",
                    &error);
  g_assert_no_error (error);
  g_assert_null (deck_ff_user_get_name (user));
  g_assert_null (deck_ff_user_get_email (user));
  g_assert_null (deck_ff_user_get_avatar (user));
  g_assert_false (deck_ff_user_get_admin (user));
  g_assert_false (deck_ff_user_get_email_verified (user));
  g_assert_false (deck_ff_user_get_mfa_enabled (user));
  g_assert_false (deck_ff_user_get_sso_enabled (user));
  g_assert_null (deck_ff_user_get_default_team (user));
  g_assert_null (deck_ff_user_get_created_at (user));
}

/*
 * Teams and team types
 */

static const char *team_type_json =
  "{"
  "  \"id\": \"tt8Lk2aQ9m\","
  "  \"name\": \"Enterprise\","
  "  \"active\": true,"
  "  \"order\": 3,"
  "  \"description\": \"For **large** teams\","
  "  \"teamCount\": 12,"
  "  \"properties\": {"
  "    \"users\": { \"limit\": null },"
  "    \"devices\": { \"limit\": 50 },"
  "    \"features\": { \"teamHttpSecurity\": true, \"fileStorageLimit\": 100,"
  "                    \"customHostnames\": false, \"emptyString\": \"\", \"nothing\": null },"
  "    \"instances\": {"
  "      \"p7a1B2c3D4\": { \"active\": false, \"limit\": 0, \"free\": 0 },"
  "      \"p9z8Y7x6W5\": { \"active\": true, \"limit\": null, \"free\": 1 }"
  "    },"
  "    \"billing\": {},"
  "    \"autoStackUpdate\": { \"enabled\": true }"
  "  }"
  "}";

static void
test_team_type (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckFfTeamType) type = NULL;

  type = construct ((NewFromJson) deck_ff_team_type_new_from_json, team_type_json, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (deck_ff_team_type_get_id (type), ==, "tt8Lk2aQ9m");
  g_assert_cmpstr (deck_ff_team_type_get_name (type), ==, "Enterprise");
  g_assert_cmpstr (deck_ff_team_type_get_description (type), ==, "For **large** teams");
  g_assert_true (deck_ff_team_type_get_active (type));
  g_assert_cmpint (deck_ff_team_type_get_order (type), ==, 3);
  g_assert_true (deck_ff_team_type_get_allows_instances (type));

  g_assert_true (deck_ff_team_type_has_feature (type, "teamHttpSecurity"));
  g_assert_true (deck_ff_team_type_has_feature (type, "fileStorageLimit"));
  g_assert_false (deck_ff_team_type_has_feature (type, "customHostnames"));
  g_assert_false (deck_ff_team_type_has_feature (type, "emptyString"));
  g_assert_false (deck_ff_team_type_has_feature (type, "nothing"));
  g_assert_false (deck_ff_team_type_has_feature (type, "instanceHttpTokens"));
  read_all_properties (type, NULL);
}

static void
test_team_type_allows_instances (void)
{
  static const struct {
    const char *json;
    gboolean    allows;
  } cases[] = {
    /* A summary says nothing: be lenient. */
    { "{\"id\": \"t\", \"name\": \"Starter\", \"active\": true}", TRUE },
    { "{\"id\": \"t\", \"name\": \"n\", \"properties\": {}}", TRUE },
    { "{\"id\": \"t\", \"name\": \"n\", \"properties\": {\"instances\": \"x\"}}", TRUE },
    { "{\"id\": \"t\", \"name\": \"n\", \"properties\": \"x\"}", TRUE },
    { "{\"id\": \"t\", \"name\": \"n\", \"properties\": {\"instances\": {}}}", FALSE },
    { "{\"id\": \"t\", \"name\": \"n\", \"properties\": {\"instances\":"
      " {\"a\": {\"active\": false}, \"b\": {\"limit\": 5}, \"c\": 7, \"d\": null}}}", FALSE },
    { "{\"id\": \"t\", \"name\": \"n\", \"properties\": {\"instances\":"
      " {\"a\": {\"active\": false}, \"b\": {\"active\": true}}}}", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DeckFfTeamType) type = NULL;

      type = construct ((NewFromJson) deck_ff_team_type_new_from_json, cases[i].json, &error);
      g_assert_no_error (error);
      g_assert_cmpint (deck_ff_team_type_get_allows_instances (type), ==, cases[i].allows);
    }
}

/* An item of GET /api/v1/user/teams. */
static const char *user_team_json =
  "{"
  "  \"id\": \"dq2m9XkO0L\","
  "  \"name\": \"Acme Robotics\","
  "  \"slug\": \"acme-robotics\","
  "  \"avatar\": \"https://www.gravatar.com/avatar/0?d=identicon\","
  "  \"suspended\": false,"
  "  \"links\": { \"self\": \"https://forge.example.com/api/v1/teams/dq2m9XkO0L\" },"
  "  \"type\": { \"id\": \"tt8Lk2aQ9m\", \"name\": \"Enterprise\", \"active\": true },"
  "  \"role\": 50,"
  "  \"instanceCount\": 4,"
  "  \"memberCount\": 7,"
  "  \"deviceCount\": 2"
  "}";

static void
test_team_user_list_item (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckFfTeam) team = NULL;
  DeckFfTeamType *type;

  team = construct ((NewFromJson) deck_ff_team_new_from_json, user_team_json, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (deck_ff_team_get_id (team), ==, "dq2m9XkO0L");
  g_assert_cmpstr (deck_ff_team_get_name (team), ==, "Acme Robotics");
  g_assert_cmpstr (deck_ff_team_get_slug (team), ==, "acme-robotics");
  g_assert_cmpstr (deck_ff_team_get_avatar (team), ==, "https://www.gravatar.com/avatar/0?d=identicon");
  g_assert_cmpint (deck_ff_team_get_role (team), ==, DECK_FF_ROLE_OWNER);
  g_assert_cmpint (deck_ff_team_get_instance_count (team), ==, 4);
  g_assert_cmpint (deck_ff_team_get_member_count (team), ==, 7);

  type = deck_ff_team_get_team_type (team);
  g_assert_true (DECK_IS_FF_TEAM_TYPE (type));
  g_assert_cmpstr (deck_ff_team_type_get_id (type), ==, "tt8Lk2aQ9m");
  g_assert_cmpstr (deck_ff_team_type_get_name (type), ==, "Enterprise");
  g_assert_null (deck_ff_team_type_get_description (type));
  g_assert_true (deck_ff_team_type_get_active (type));
  g_assert_true (deck_ff_team_type_get_allows_instances (type));

  /* A summary type has no features: the HTTP token feature is off. */
  g_assert_false (deck_ff_team_has_feature (team, "teamHttpSecurity"));
  read_all_properties (team, NULL);
}

static void
test_team_full (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckFfTeam) team = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonObject) type = parse_object (team_type_json);
  g_autoptr(JsonNode) type_node = json_node_new (JSON_NODE_OBJECT);

  /* GET /api/v1/teams/:id: Team with a full TeamType and no role. */
  object = parse_object ("{"
                         "  \"id\": \"dq2m9XkO0L\", \"name\": \"Acme Robotics\","
                         "  \"slug\": \"acme-robotics\", \"avatar\": \"a.png\","
                         "  \"properties\": {}, \"instanceCount\": 4,"
                         "  \"instanceCountByType\": { \"p9z8Y7x6W5\": 4 },"
                         "  \"memberCount\": 7, \"deviceCount\": 2, \"brokerCount\": 0,"
                         "  \"createdAt\": \"2023-11-02T12:00:00.000Z\","
                         "  \"updatedAt\": \"2024-04-22T16:05:00.000Z\""
                         "}");
  json_node_set_object (type_node, type);
  json_object_set_member (object, "type", g_steal_pointer (&type_node));

  team = deck_ff_team_new_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_cmpint (deck_ff_team_get_role (team), ==, DECK_FF_ROLE_UNKNOWN);
  g_assert_cmpint (deck_ff_team_type_get_order (deck_ff_team_get_team_type (team)), ==, 3);
  g_assert_true (deck_ff_team_has_feature (team, "teamHttpSecurity"));
  g_assert_false (deck_ff_team_has_feature (team, "customHostnames"));
  g_assert_false (deck_ff_team_has_feature (team, "unheardOf"));
}

static void
test_team_feature_resolution (void)
{
  static const struct {
    const char *team_features;
    const char *type_features;
    gboolean    expected;
  } cases[] = {
    /* The team's own value, when present at all, beats the type's. */
    { "{\"teamHttpSecurity\": false}", "{\"teamHttpSecurity\": true}", FALSE },
    { "{\"teamHttpSecurity\": true}", "{\"teamHttpSecurity\": false}", TRUE },
    { "{\"teamHttpSecurity\": true}", "{}", TRUE },
    { "{\"teamHttpSecurity\": null}", "{\"teamHttpSecurity\": true}", FALSE },
    { "{\"teamHttpSecurity\": 1}", "null", TRUE },
    /* Otherwise the type decides, and the default is FALSE. */
    { "{}", "{\"teamHttpSecurity\": true}", TRUE },
    { "{\"other\": true}", "{\"teamHttpSecurity\": false}", FALSE },
    { "{}", "{}", FALSE },
    { "\"x\"", "{\"teamHttpSecurity\": true}", TRUE },
    { "[true]", "[true]", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DeckFfTeam) team = NULL;
      g_autofree char *json = NULL;

      json = g_strdup_printf ("{\"id\": \"t1\", \"name\": \"Team\","
                              " \"properties\": {\"features\": %s},"
                              " \"type\": {\"id\": \"tt\", \"name\": \"Type\","
                              "   \"properties\": {\"features\": %s}}}",
                              cases[i].team_features, cases[i].type_features);
      team = construct ((NewFromJson) deck_ff_team_new_from_json, json, &error);
      g_assert_no_error (error);
      g_assert_cmpint (deck_ff_team_has_feature (team, "teamHttpSecurity"), ==, cases[i].expected);
    }
}

static void
test_team_roles (void)
{
  static const struct {
    const char *role;
    int         expected;
  } cases[] = {
    { "5", DECK_FF_ROLE_DASHBOARD },
    { "10", DECK_FF_ROLE_VIEWER },
    { "30", DECK_FF_ROLE_MEMBER },
    { "50", DECK_FF_ROLE_OWNER },
    { "99", DECK_FF_ROLE_ADMIN },
    { "50.0", DECK_FF_ROLE_OWNER },
    { "0", DECK_FF_ROLE_UNKNOWN },
    { "7", DECK_FF_ROLE_UNKNOWN },
    { "-1", DECK_FF_ROLE_UNKNOWN },
    { "1e300", DECK_FF_ROLE_UNKNOWN },
    { "\"50\"", DECK_FF_ROLE_UNKNOWN },
    { "true", DECK_FF_ROLE_UNKNOWN },
    { "null", DECK_FF_ROLE_UNKNOWN },
    { "{\"role\": 50}", DECK_FF_ROLE_UNKNOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DeckFfTeam) team = NULL;
      g_autofree char *json = NULL;

      json = g_strdup_printf ("{\"id\": \"t1\", \"name\": \"Team\", \"role\": %s}", cases[i].role);
      team = construct ((NewFromJson) deck_ff_team_new_from_json, json, &error);
      g_assert_no_error (error);
      g_assert_cmpint (deck_ff_team_get_role (team), ==, cases[i].expected);
    }

  g_assert_cmpstr (deck_ff_role_to_string (DECK_FF_ROLE_DASHBOARD), ==, "Dashboard");
  g_assert_cmpstr (deck_ff_role_to_string (DECK_FF_ROLE_VIEWER), ==, "Viewer");
  g_assert_cmpstr (deck_ff_role_to_string (DECK_FF_ROLE_MEMBER), ==, "Member");
  g_assert_cmpstr (deck_ff_role_to_string (DECK_FF_ROLE_OWNER), ==, "Owner");
  g_assert_cmpstr (deck_ff_role_to_string (DECK_FF_ROLE_ADMIN), ==, "Administrator");
  g_assert_cmpstr (deck_ff_role_to_string (DECK_FF_ROLE_UNKNOWN), ==, "Unknown role");
  g_assert_cmpstr (deck_ff_role_to_string (42), ==, "Unknown role");
  g_assert_true (G_TYPE_IS_ENUM (DECK_TYPE_FF_ROLE));
}

static void
test_team_bad_type (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckFfTeam) team = NULL;

  /* A broken type does not break the team. */
  team = construct ((NewFromJson) deck_ff_team_new_from_json,
                    "{\"id\": \"t1\", \"name\": \"Team\", \"type\": {\"name\": \"no id\"},"
                    " \"instanceCount\": -4, \"memberCount\": 1e12}",
                    &error);
  g_assert_no_error (error);
  g_assert_null (deck_ff_team_get_team_type (team));
  g_assert_cmpint (deck_ff_team_get_instance_count (team), ==, 0);
  g_assert_cmpint (deck_ff_team_get_member_count (team), ==, G_MAXINT);
  g_assert_false (deck_ff_team_has_feature (team, "teamHttpSecurity"));
}

/*
 * Applications, instance types, stacks, templates
 */

static void
test_application (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckFfApplication) app = NULL;

  app = construct ((NewFromJson) deck_ff_application_new_from_json,
                   "{\"id\": \"Yv9n3kq2aB\", \"name\": \"Factory floor\","
                   " \"description\": \"Line 1 and 2\","
                   " \"links\": {\"self\": \"https://forge.example.com/api/v1/applications/Yv9n3kq2aB\"},"
                   " \"team\": {\"id\": \"dq2m9XkO0L\", \"name\": \"Acme\", \"slug\": \"acme\"},"
                   " \"instances\": [], \"devices\": []}",
                   &error);
  g_assert_no_error (error);
  g_assert_cmpstr (deck_ff_application_get_id (app), ==, "Yv9n3kq2aB");
  g_assert_cmpstr (deck_ff_application_get_name (app), ==, "Factory floor");
  g_assert_cmpstr (deck_ff_application_get_description (app), ==, "Line 1 and 2");
  g_assert_cmpstr (deck_ff_application_get_team_id (app), ==, "dq2m9XkO0L");
  read_all_properties (app, NULL);
  g_clear_object (&app);

  app = construct ((NewFromJson) deck_ff_application_new_from_json,
                   "{\"id\": \"a\", \"name\": \"b\", \"description\": null, \"teamId\": \"tid\"}", &error);
  g_assert_no_error (error);
  g_assert_null (deck_ff_application_get_description (app));
  g_assert_cmpstr (deck_ff_application_get_team_id (app), ==, "tid");
  g_clear_object (&app);

  app = construct ((NewFromJson) deck_ff_application_new_from_json, "{\"id\": \"a\"}", &error);
  g_assert_null (app);
  assert_missing_field (error, "name");
}

static void
test_project_type (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckFfProjectType) type = NULL;

  type = construct ((NewFromJson) deck_ff_project_type_new_from_json,
                    "{\"id\": \"p9z8Y7x6W5\", \"name\": \"Small\", \"active\": true,"
                    " \"description\": \"1 vCPU, 256 MB\", \"order\": 1,"
                    " \"properties\": {\"billingDescription\": \"$15/month\"},"
                    " \"defaultStack\": \"s1x2Y3z4A5\", \"instanceCount\": 3}",
                    &error);
  g_assert_no_error (error);
  g_assert_cmpstr (deck_ff_project_type_get_id (type), ==, "p9z8Y7x6W5");
  g_assert_cmpstr (deck_ff_project_type_get_name (type), ==, "Small");
  g_assert_cmpstr (deck_ff_project_type_get_description (type), ==, "1 vCPU, 256 MB");
  g_assert_true (deck_ff_project_type_get_active (type));
  read_all_properties (type, NULL);
  g_clear_object (&type);

  type = construct ((NewFromJson) deck_ff_project_type_new_from_json,
                    "{\"id\": \"p\", \"name\": \"Old\", \"active\": false}", &error);
  g_assert_no_error (error);
  g_assert_false (deck_ff_project_type_get_active (type));
  g_assert_null (deck_ff_project_type_get_description (type));
}

static void
test_stack (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckFfStack) stack = NULL;

  stack = construct ((NewFromJson) deck_ff_stack_new_from_json,
                     "{\"id\": \"s1x2Y3z4A5\", \"name\": \"nr-4.0-small\", \"label\": \"Node-RED 4.0\","
                     " \"active\": true, \"projectType\": \"p9z8Y7x6W5\","
                     " \"properties\": {\"nodered\": \"4.0.2\", \"cpu\": 10, \"memory\": 256,"
                     "   \"container\": \"flowfuse/node-red:4.0.2-2.4.0\"},"
                     " \"createdAt\": \"2024-02-01T00:00:00.000Z\", \"projectCount\": 2}",
                     &error);
  g_assert_no_error (error);
  g_assert_cmpstr (deck_ff_stack_get_id (stack), ==, "s1x2Y3z4A5");
  g_assert_cmpstr (deck_ff_stack_get_name (stack), ==, "nr-4.0-small");
  g_assert_cmpstr (deck_ff_stack_get_label (stack), ==, "Node-RED 4.0");
  g_assert_true (deck_ff_stack_get_active (stack));
  g_assert_cmpstr (deck_ff_stack_get_project_type_id (stack), ==, "p9z8Y7x6W5");
  g_assert_cmpstr (deck_ff_stack_get_node_red_version (stack), ==, "4.0.2");
  read_all_properties (stack, NULL);
  g_clear_object (&stack);

  stack = construct ((NewFromJson) deck_ff_stack_new_from_json,
                     "{\"id\": \"s\", \"name\": \"n\", \"projectType\": {\"id\": \"pt\"},"
                     " \"properties\": {\"nodered\": 4}}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (deck_ff_stack_get_project_type_id (stack), ==, "pt");
  g_assert_null (deck_ff_stack_get_node_red_version (stack));
  g_assert_null (deck_ff_stack_get_label (stack));
}

static void
test_template (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckFfTemplate) template = NULL;

  template = construct ((NewFromJson) deck_ff_template_new_from_json,
                        "{\"id\": \"t8k2M3n4P5\", \"name\": \"Default\", \"active\": true,"
                        " \"description\": \"The default template\","
                        " \"settings\": {\"disableEditor\": false}, \"policy\": {\"httpNodeAuth\": true},"
                        " \"links\": {}}",
                        &error);
  g_assert_no_error (error);
  g_assert_cmpstr (deck_ff_template_get_id (template), ==, "t8k2M3n4P5");
  g_assert_cmpstr (deck_ff_template_get_name (template), ==, "Default");
  g_assert_cmpstr (deck_ff_template_get_description (template), ==, "The default template");
  read_all_properties (template, NULL);
  g_clear_object (&template);

  template = construct ((NewFromJson) deck_ff_template_new_from_json, "{\"name\": \"x\"}", &error);
  g_assert_null (template);
  assert_missing_field (error, "id");
}

/*
 * Instances
 */

static const char *instance_json =
  "{"
  "  \"id\": \"8d0c2f4e-2b5a-4c1e-9f0a-3a1b2c3d4e5f\","
  "  \"name\": \"line-monitor\","
  "  \"safeName\": \"line-monitor\","
  "  \"url\": \"https://line-monitor.flowfuse.example.com\","
  "  \"createdAt\": \"2024-03-01T10:00:00.000Z\","
  "  \"updatedAt\": \"2024-05-02T08:30:15.250Z\","
  "  \"links\": { \"self\": \"https://forge.example.com/api/v1/projects/8d0c2f4e\" },"
  "  \"hostname\": \"line-monitor.flowfuse.example.com\","
  "  \"application\": { \"id\": \"Yv9n3kq2aB\", \"name\": \"Factory floor\", \"links\": {} },"
  "  \"team\": { \"id\": \"dq2m9XkO0L\", \"name\": \"Acme\", \"slug\": \"acme\", \"links\": {} },"
  "  \"projectType\": { \"id\": \"p9z8Y7x6W5\", \"name\": \"Small\" },"
  "  \"settings\": {"
  "    \"env\": [ { \"name\": \"API_KEY\", \"value\": \"\", \"hidden\": true } ],"
  "    \"palette\": { \"modules\": [] },"
  "    \"httpNodeAuth\": { \"type\": \"flowforge-user\", \"user\": \"\", \"pass\": false }"
  "  },"
  "  \"template\": { \"id\": \"t8k2M3n4P5\", \"name\": \"Default\", \"links\": {},"
  "                  \"settings\": {}, \"policy\": {}, \"description\": \"\" },"
  "  \"stack\": { \"id\": \"s1x2Y3z4A5\", \"name\": \"nr-4.0-small\","
  "               \"properties\": { \"nodered\": \"4.0.2\", \"memory\": 256 }, \"links\": {} },"
  "  \"launcherSettings\": { \"healthCheckInterval\": 7500 },"
  "  \"flowLastUpdatedAt\": \"2024-05-02T08:29:59.000Z\","
  "  \"meta\": { \"state\": \"running\", \"isDeploying\": false,"
  "              \"versions\": { \"node-red\": \"4.0.3\", \"launcher\": \"2.4.0\", \"node\": \"18.20.2\" } },"
  "  \"isDeploying\": false"
  "}";

static void
test_instance (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckFfInstance) instance = NULL;
  DeckFfInstanceState state_id;
  DeckFfHttpNodeAuth auth;

  instance = construct ((NewFromJson) deck_ff_instance_new_from_json, instance_json, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (deck_ff_instance_get_id (instance), ==, "8d0c2f4e-2b5a-4c1e-9f0a-3a1b2c3d4e5f");
  g_assert_cmpstr (deck_ff_instance_get_name (instance), ==, "line-monitor");
  g_assert_cmpstr (deck_ff_instance_get_url (instance), ==, "https://line-monitor.flowfuse.example.com");
  g_assert_cmpstr (deck_ff_instance_get_state (instance), ==, "running");
  g_assert_cmpint (deck_ff_instance_get_state_id (instance), ==, DECK_FF_INSTANCE_STATE_RUNNING);
  g_assert_false (deck_ff_instance_get_is_deploying (instance));
  g_assert_cmpstr (deck_ff_instance_get_node_red_version (instance), ==, "4.0.3");
  g_assert_cmpstr (deck_ff_instance_get_application_id (instance), ==, "Yv9n3kq2aB");
  g_assert_cmpstr (deck_ff_instance_get_application_name (instance), ==, "Factory floor");
  g_assert_cmpstr (deck_ff_instance_get_team_id (instance), ==, "dq2m9XkO0L");
  g_assert_cmpstr (deck_ff_instance_get_project_type_id (instance), ==, "p9z8Y7x6W5");
  g_assert_cmpstr (deck_ff_instance_get_project_type_name (instance), ==, "Small");
  g_assert_cmpstr (deck_ff_instance_get_stack_id (instance), ==, "s1x2Y3z4A5");
  g_assert_cmpstr (deck_ff_instance_get_stack_name (instance), ==, "nr-4.0-small");
  g_assert_cmpstr (deck_ff_instance_get_template_id (instance), ==, "t8k2M3n4P5");
  g_assert_cmpstr (deck_ff_instance_get_template_name (instance), ==, "Default");
  assert_datetime (deck_ff_instance_get_created_at (instance), "2024-03-01T10:00:00Z");
  assert_datetime (deck_ff_instance_get_updated_at (instance), "2024-05-02T08:30:15.250Z");
  assert_datetime (deck_ff_instance_get_flow_last_updated_at (instance), "2024-05-02T08:29:59Z");
  g_assert_cmpint (deck_ff_instance_get_http_node_auth (instance), ==,
                   DECK_FF_HTTP_NODE_AUTH_FLOWFORGE_USER);

  g_object_get (instance, "state-id", &state_id, "http-node-auth", &auth, NULL);
  g_assert_cmpint (state_id, ==, DECK_FF_INSTANCE_STATE_RUNNING);
  g_assert_cmpint (auth, ==, DECK_FF_HTTP_NODE_AUTH_FLOWFORGE_USER);
  read_all_properties (instance, NULL);
}

static void
test_instance_minimal (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckFfInstance) instance = NULL;

  /* GET /api/v1/projects/:id/status */
  instance = construct ((NewFromJson) deck_ff_instance_new_from_json,
                        "{\"id\": \"8d0c2f4e\", \"name\": \"line-monitor\"}", &error);
  g_assert_no_error (error);
  g_assert_null (deck_ff_instance_get_url (instance));
  g_assert_cmpstr (deck_ff_instance_get_state (instance), ==, "unknown");
  g_assert_cmpint (deck_ff_instance_get_state_id (instance), ==, DECK_FF_INSTANCE_STATE_UNKNOWN);
  g_assert_false (deck_ff_instance_get_is_deploying (instance));
  g_assert_null (deck_ff_instance_get_node_red_version (instance));
  g_assert_null (deck_ff_instance_get_application_id (instance));
  g_assert_null (deck_ff_instance_get_application_name (instance));
  g_assert_null (deck_ff_instance_get_team_id (instance));
  g_assert_null (deck_ff_instance_get_project_type_id (instance));
  g_assert_null (deck_ff_instance_get_project_type_name (instance));
  g_assert_null (deck_ff_instance_get_stack_id (instance));
  g_assert_null (deck_ff_instance_get_stack_name (instance));
  g_assert_null (deck_ff_instance_get_template_id (instance));
  g_assert_null (deck_ff_instance_get_template_name (instance));
  g_assert_null (deck_ff_instance_get_created_at (instance));
  g_assert_null (deck_ff_instance_get_updated_at (instance));
  g_assert_null (deck_ff_instance_get_flow_last_updated_at (instance));
  g_assert_cmpint (deck_ff_instance_get_http_node_auth (instance), ==, DECK_FF_HTTP_NODE_AUTH_UNKNOWN);
  g_clear_object (&instance);

  instance = construct ((NewFromJson) deck_ff_instance_new_from_json,
                        "{\"name\": \"line-monitor\", \"url\": \"https://x\"}", &error);
  g_assert_null (instance);
  assert_missing_field (error, "id");
  g_clear_error (&error);

  instance = construct ((NewFromJson) deck_ff_instance_new_from_json,
                        "{\"id\": \"8d0c2f4e\", \"name\": 5}", &error);
  g_assert_null (instance);
  assert_missing_field (error, "name");
}

static void
test_instance_lenient (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckFfInstance) instance = NULL;

  /* No live versions: the stack's Node-RED version; top-level isDeploying. */
  instance = construct ((NewFromJson) deck_ff_instance_new_from_json,
                        "{\"id\": \"i\", \"name\": \"n\", \"isDeploying\": true,"
                        " \"meta\": {\"state\": \"\", \"versions\": \"x\"},"
                        " \"stack\": {\"id\": \"s\", \"name\": \"st\", \"properties\": {\"nodered\": \"3.1.9\"}},"
                        " \"applicationId\": \"app\", \"teamId\": \"team\","
                        " \"createdAt\": 1709287200000, \"updatedAt\": \"not a date\","
                        " \"flowLastUpdatedAt\": null}",
                        &error);
  g_assert_no_error (error);
  g_assert_cmpstr (deck_ff_instance_get_state (instance), ==, "unknown");
  g_assert_true (deck_ff_instance_get_is_deploying (instance));
  g_assert_cmpstr (deck_ff_instance_get_node_red_version (instance), ==, "3.1.9");
  g_assert_cmpstr (deck_ff_instance_get_application_id (instance), ==, "app");
  g_assert_cmpstr (deck_ff_instance_get_team_id (instance), ==, "team");
  assert_datetime (deck_ff_instance_get_created_at (instance), "2024-03-01T10:00:00Z");
  g_assert_null (deck_ff_instance_get_updated_at (instance));
  g_assert_null (deck_ff_instance_get_flow_last_updated_at (instance));
  g_clear_object (&instance);

  /* meta.isDeploying wins over the top-level copy. */
  instance = construct ((NewFromJson) deck_ff_instance_new_from_json,
                        "{\"id\": \"i\", \"name\": \"n\", \"isDeploying\": false,"
                        " \"meta\": {\"state\": \"starting\", \"isDeploying\": true}}",
                        &error);
  g_assert_no_error (error);
  g_assert_true (deck_ff_instance_get_is_deploying (instance));
  g_assert_cmpint (deck_ff_instance_get_state_id (instance), ==, DECK_FF_INSTANCE_STATE_STARTING);
  g_clear_object (&instance);

  instance = construct ((NewFromJson) deck_ff_instance_new_from_json,
                        "{\"id\": \"i\", \"name\": \"n\", \"meta\": \"x\", \"state\": \"running\"}",
                        &error);
  g_assert_no_error (error);
  g_assert_cmpstr (deck_ff_instance_get_state (instance), ==, "unknown");
}

static void
test_instance_http_node_auth (void)
{
  static const struct {
    const char         *settings;
    DeckFfHttpNodeAuth  expected;
  } cases[] = {
    { NULL, DECK_FF_HTTP_NODE_AUTH_UNKNOWN },
    { "\"x\"", DECK_FF_HTTP_NODE_AUTH_UNKNOWN },
    { "{}", DECK_FF_HTTP_NODE_AUTH_NONE },
    { "{\"httpNodeAuth\": null}", DECK_FF_HTTP_NODE_AUTH_NONE },
    { "{\"httpNodeAuth\": {\"type\": \"none\"}}", DECK_FF_HTTP_NODE_AUTH_NONE },
    { "{\"httpNodeAuth\": {\"type\": \"\"}}", DECK_FF_HTTP_NODE_AUTH_NONE },
    { "{\"httpNodeAuth\": {\"type\": \"basic\", \"user\": \"u\", \"pass\": true}}", DECK_FF_HTTP_NODE_AUTH_BASIC },
    { "{\"httpNodeAuth\": {\"type\": \"flowforge-user\"}}", DECK_FF_HTTP_NODE_AUTH_FLOWFORGE_USER },
    { "{\"httpNodeAuth\": {\"type\": \"oidc\"}}", DECK_FF_HTTP_NODE_AUTH_UNKNOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DeckFfInstance) instance = NULL;
      g_autofree char *json = NULL;

      if (cases[i].settings != NULL)
        json = g_strdup_printf ("{\"id\": \"i\", \"name\": \"n\", \"settings\": %s}", cases[i].settings);
      else
        json = g_strdup ("{\"id\": \"i\", \"name\": \"n\"}");

      instance = construct ((NewFromJson) deck_ff_instance_new_from_json, json, &error);
      g_assert_no_error (error);
      g_assert_cmpint (deck_ff_instance_get_http_node_auth (instance), ==, cases[i].expected);
    }
}

static void
test_instance_states (void)
{
  static const struct {
    const char          *name;
    DeckFfInstanceState  state;
    gboolean             transitional;
  } states[] = {
    { "running", DECK_FF_INSTANCE_STATE_RUNNING, FALSE },
    { "stopped", DECK_FF_INSTANCE_STATE_STOPPED, FALSE },
    { "suspended", DECK_FF_INSTANCE_STATE_SUSPENDED, FALSE },
    { "starting", DECK_FF_INSTANCE_STATE_STARTING, TRUE },
    { "stopping", DECK_FF_INSTANCE_STATE_STOPPING, TRUE },
    { "restarting", DECK_FF_INSTANCE_STATE_RESTARTING, TRUE },
    { "suspending", DECK_FF_INSTANCE_STATE_SUSPENDING, TRUE },
    { "importing", DECK_FF_INSTANCE_STATE_IMPORTING, TRUE },
    { "rollback", DECK_FF_INSTANCE_STATE_ROLLBACK, TRUE },
    { "loading", DECK_FF_INSTANCE_STATE_LOADING, TRUE },
    { "installing", DECK_FF_INSTANCE_STATE_INSTALLING, TRUE },
    { "safe", DECK_FF_INSTANCE_STATE_SAFE, FALSE },
    { "crashed", DECK_FF_INSTANCE_STATE_CRASHED, FALSE },
    { "error", DECK_FF_INSTANCE_STATE_ERROR, FALSE },
    { "warning", DECK_FF_INSTANCE_STATE_WARNING, FALSE },
    { "connected", DECK_FF_INSTANCE_STATE_CONNECTED, FALSE },
    { "info", DECK_FF_INSTANCE_STATE_INFO, FALSE },
    { "success", DECK_FF_INSTANCE_STATE_SUCCESS, FALSE },
    { "pushing", DECK_FF_INSTANCE_STATE_PUSHING, TRUE },
    { "pulling", DECK_FF_INSTANCE_STATE_PULLING, TRUE },
    { "protected", DECK_FF_INSTANCE_STATE_PROTECTED, FALSE },
    { "unknown", DECK_FF_INSTANCE_STATE_UNKNOWN, FALSE },
  };
  static const char *unknown[] = { "", "RUNNING", "offline", "running ", "runningx" };
  GEnumClass *klass;
  g_autoptr(GHashTable) labels = g_hash_table_new (g_str_hash, g_str_equal);

  /* The table covers the whole enum. */
  klass = g_type_class_ref (DECK_TYPE_FF_INSTANCE_STATE);
  g_assert_cmpuint (klass->n_values, ==, G_N_ELEMENTS (states));
  g_type_class_unref (klass);

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DeckFfInstance) instance = NULL;
      g_autofree char *json = NULL;
      const char *label;

      g_assert_cmpint (deck_ff_instance_state_from_string (states[i].name), ==, states[i].state);
      g_assert_cmpint (deck_ff_instance_state_is_transitional (states[i].state), ==,
                       states[i].transitional);

      label = deck_ff_instance_state_to_label (states[i].state);
      g_assert_nonnull (label);
      g_assert_cmpstr (label, !=, "");
      /* Every state has its own label. */
      g_assert_false (g_hash_table_contains (labels, label));
      g_hash_table_add (labels, (gpointer) label);

      json = g_strdup_printf ("{\"id\": \"i\", \"name\": \"n\", \"meta\": {\"state\": \"%s\"}}",
                              states[i].name);
      instance = construct ((NewFromJson) deck_ff_instance_new_from_json, json, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (deck_ff_instance_get_state (instance), ==, states[i].name);
      g_assert_cmpint (deck_ff_instance_get_state_id (instance), ==, states[i].state);
    }

  g_assert_cmpstr (deck_ff_instance_state_to_label (DECK_FF_INSTANCE_STATE_RUNNING), ==, "Running");
  g_assert_cmpstr (deck_ff_instance_state_to_label (DECK_FF_INSTANCE_STATE_SAFE), ==, "Safe mode");

  g_assert_cmpint (deck_ff_instance_state_from_string (NULL), ==, DECK_FF_INSTANCE_STATE_UNKNOWN);
  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    g_assert_cmpint (deck_ff_instance_state_from_string (unknown[i]), ==,
                     DECK_FF_INSTANCE_STATE_UNKNOWN);

  /* An unknown state is kept verbatim for display and logs. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DeckFfInstance) instance = NULL;

    instance = construct ((NewFromJson) deck_ff_instance_new_from_json,
                          "{\"id\": \"i\", \"name\": \"n\", \"meta\": {\"state\": \"hibernating\"}}",
                          &error);
    g_assert_no_error (error);
    g_assert_cmpstr (deck_ff_instance_get_state (instance), ==, "hibernating");
    g_assert_cmpint (deck_ff_instance_get_state_id (instance), ==, DECK_FF_INSTANCE_STATE_UNKNOWN);
  }
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  GPtrArray *notified = user_data;

  g_ptr_array_add (notified, g_strdup (pspec->name));
}

static gboolean
notified_contains (GPtrArray  *notified,
                   const char *name)
{
  for (guint i = 0; i < notified->len; i++)
    if (g_str_equal (g_ptr_array_index (notified, i), name))
      return TRUE;

  return FALSE;
}

static void
test_instance_update_from (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckFfInstance) instance = NULL;
  g_autoptr(DeckFfInstance) same = NULL;
  g_autoptr(DeckFfInstance) newer = NULL;
  g_autoptr(DeckFfInstance) stripped = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GPtrArray) notified = g_ptr_array_new_with_free_func (g_free);
  JsonObject *meta;

  instance = construct ((NewFromJson) deck_ff_instance_new_from_json, instance_json, &error);
  g_assert_no_error (error);
  g_signal_connect (instance, "notify", G_CALLBACK (notify_cb), notified);

  /* An identical answer changes nothing and notifies nothing. */
  same = construct ((NewFromJson) deck_ff_instance_new_from_json, instance_json, &error);
  g_assert_no_error (error);
  deck_ff_instance_update_from (instance, same);
  g_assert_cmpuint (notified->len, ==, 0);
  deck_ff_instance_update_from (instance, instance);
  g_assert_cmpuint (notified->len, ==, 0);

  /* The poll after pressing Restart. */
  object = parse_object (instance_json);
  meta = json_object_get_object_member (object, "meta");
  json_object_set_string_member (meta, "state", "restarting");
  json_object_set_boolean_member (meta, "isDeploying", TRUE);
  json_object_set_string_member (object, "updatedAt", "2024-05-02T08:31:00.000Z");
  newer = deck_ff_instance_new_from_json (object, &error);
  g_assert_no_error (error);

  deck_ff_instance_update_from (instance, newer);
  g_assert_cmpuint (notified->len, ==, 4);
  g_assert_true (notified_contains (notified, "state"));
  g_assert_true (notified_contains (notified, "state-id"));
  g_assert_true (notified_contains (notified, "is-deploying"));
  g_assert_true (notified_contains (notified, "updated-at"));
  g_assert_cmpstr (deck_ff_instance_get_state (instance), ==, "restarting");
  g_assert_cmpint (deck_ff_instance_get_state_id (instance), ==, DECK_FF_INSTANCE_STATE_RESTARTING);
  g_assert_true (deck_ff_instance_get_is_deploying (instance));
  assert_datetime (deck_ff_instance_get_updated_at (instance), "2024-05-02T08:31:00Z");
  /* The copy is independent of @newer. */
  g_clear_object (&newer);
  g_assert_cmpstr (deck_ff_instance_get_state (instance), ==, "restarting");

  /* Applying the same again notifies nothing. */
  g_ptr_array_set_size (notified, 0);
  newer = deck_ff_instance_new_from_json (object, &error);
  g_assert_no_error (error);
  deck_ff_instance_update_from (instance, newer);
  g_assert_cmpuint (notified->len, ==, 0);

  /* A status-only answer clears what it lacks: every other property. */
  stripped = construct ((NewFromJson) deck_ff_instance_new_from_json,
                        "{\"id\": \"8d0c2f4e-2b5a-4c1e-9f0a-3a1b2c3d4e5f\", \"name\": \"line-monitor\","
                        " \"meta\": {\"state\": \"restarting\", \"isDeploying\": true}}",
                        &error);
  g_assert_no_error (error);
  deck_ff_instance_update_from (instance, stripped);
  g_assert_false (notified_contains (notified, "id"));
  g_assert_false (notified_contains (notified, "name"));
  g_assert_false (notified_contains (notified, "state"));
  g_assert_false (notified_contains (notified, "state-id"));
  g_assert_false (notified_contains (notified, "is-deploying"));
  g_assert_true (notified_contains (notified, "url"));
  g_assert_true (notified_contains (notified, "http-node-auth"));
  g_assert_true (notified_contains (notified, "flow-last-updated-at"));
  g_assert_cmpuint (notified->len, ==, 15);
  g_assert_null (deck_ff_instance_get_url (instance));
}

/*
 * Tokens
 */

static void
test_personal_token (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckFfPersonalToken) token = NULL;
  g_autoptr(GDateTime) before = g_date_time_new_from_iso8601 ("2025-06-01T00:00:00Z", NULL);
  g_autoptr(GDateTime) after = g_date_time_new_from_iso8601 ("2025-07-01T00:00:01Z", NULL);
  const char * const *team_ids;

  /* The answer to POST /api/v1/user/tokens: the summary plus the value. */
  token = construct ((NewFromJson) deck_ff_personal_token_new_from_json,
                     "{\"id\": \"kP3s9Lw2Qz\", \"name\": \"Flowdeck on laptop\","
                     " \"expiresAt\": \"2025-07-01T00:00:00.000Z\", \"readOnly\": true,"
                     " \"adminOptIn\": false, \"scope\": \"\","
                     " \"teams\": [{\"id\": \"dq2m9XkO0L\", \"name\": \"Acme\"}, {\"id\": \"Qw8e7R6t5Y\", \"name\": null}],"
                     " \"token\": \"ffpat_secretvalue123\"}",
                     &error);
  g_assert_no_error (error);
  g_assert_cmpstr (deck_ff_personal_token_get_id (token), ==, "kP3s9Lw2Qz");
  g_assert_cmpstr (deck_ff_personal_token_get_name (token), ==, "Flowdeck on laptop");
  assert_datetime (deck_ff_personal_token_get_expires_at (token), "2025-07-01T00:00:00Z");
  g_assert_true (deck_ff_personal_token_get_read_only (token));
  g_assert_false (deck_ff_personal_token_get_admin_opt_in (token));
  team_ids = deck_ff_personal_token_get_team_ids (token);
  g_assert_nonnull (team_ids);
  g_assert_cmpuint (g_strv_length ((char **) team_ids), ==, 2);
  g_assert_cmpstr (team_ids[0], ==, "dq2m9XkO0L");
  g_assert_cmpstr (team_ids[1], ==, "Qw8e7R6t5Y");
  read_all_properties (token, "ffpat_secretvalue123");
  read_all_properties (token, "secretvalue");

  g_assert_false (deck_ff_personal_token_is_expired (token, before));
  g_assert_true (deck_ff_personal_token_is_expired (token, after));
  g_assert_false (deck_ff_personal_token_expires_within (token, before, 7 * G_TIME_SPAN_DAY));
  g_assert_true (deck_ff_personal_token_expires_within (token, before, 31 * G_TIME_SPAN_DAY));
  g_assert_true (deck_ff_personal_token_expires_within (token, after, G_TIME_SPAN_SECOND));
  g_clear_object (&token);

  /* Never expires; teamIds as strings. */
  token = construct ((NewFromJson) deck_ff_personal_token_new_from_json,
                     "{\"id\": \"a\", \"name\": \"b\", \"expiresAt\": null,"
                     " \"teamIds\": [\"t1\", 5, null, \"t2\"]}",
                     &error);
  g_assert_no_error (error);
  g_assert_null (deck_ff_personal_token_get_expires_at (token));
  g_assert_false (deck_ff_personal_token_is_expired (token, after));
  g_assert_false (deck_ff_personal_token_is_expired (token, NULL));
  g_assert_false (deck_ff_personal_token_expires_within (token, after, G_MAXINT64));
  team_ids = deck_ff_personal_token_get_team_ids (token);
  g_assert_cmpuint (g_strv_length ((char **) team_ids), ==, 2);
  g_assert_cmpstr (team_ids[1], ==, "t2");
  g_clear_object (&token);

  /* Absent teams: no restriction known. Wrong types everywhere. */
  token = construct ((NewFromJson) deck_ff_personal_token_new_from_json,
                     "{\"id\": \"a\", \"name\": \"b\", \"expiresAt\": true, \"readOnly\": \"yes\","
                     " \"teams\": \"all\"}",
                     &error);
  g_assert_no_error (error);
  g_assert_null (deck_ff_personal_token_get_expires_at (token));
  g_assert_false (deck_ff_personal_token_get_read_only (token));
  g_assert_null (deck_ff_personal_token_get_team_ids (token));
  g_clear_object (&token);

  token = construct ((NewFromJson) deck_ff_personal_token_new_from_json,
                     "{\"id\": \"a\", \"token\": \"ffpat_x\"}", &error);
  g_assert_null (token);
  assert_missing_field (error, "name");
}

static void
test_http_token (void)
{
  static const struct {
    const char *expires;
    const char *iso;
  } cases[] = {
    { "\"2025-07-01T00:00:00.000Z\"", "2025-07-01T00:00:00Z" },
    { "1751328000000", "2025-07-01T00:00:00Z" },
    { "1751328000123.0", "2025-07-01T00:00:00.123Z" },
    { "-1000", "1969-12-31T23:59:59Z" },
    { "null", NULL },
    { "true", NULL },
    { "\"\"", NULL },
    { "\"next week\"", NULL },
    { "{}", NULL },
    { "1e300", NULL },
    { "-9223372036854775807", NULL },
    { "9223372036854775807", NULL },
  };
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2025-06-30T12:00:00Z", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DeckFfHttpToken) token = NULL;
      g_autofree char *json = NULL;

      /* The answer to POST …/httpTokens, with the value. */
      json = g_strdup_printf ("{\"id\": \"hT5k2\", \"name\": \"Grafana\", \"expiresAt\": %s,"
                              " \"token\": \"ffhttp_secret\"}", cases[i].expires);
      token = construct ((NewFromJson) deck_ff_http_token_new_from_json, json, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (deck_ff_http_token_get_id (token), ==, "hT5k2");
      g_assert_cmpstr (deck_ff_http_token_get_name (token), ==, "Grafana");
      assert_datetime (deck_ff_http_token_get_expires_at (token), cases[i].iso);
      read_all_properties (token, "ffhttp_secret");
      read_all_properties (token, "secret");

      if (cases[i].iso == NULL)
        {
          g_assert_false (deck_ff_http_token_is_expired (token, now));
          g_assert_false (deck_ff_http_token_expires_within (token, now, G_TIME_SPAN_DAY));
        }
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DeckFfHttpToken) token = NULL;

    token = construct ((NewFromJson) deck_ff_http_token_new_from_json,
                       "{\"id\": \"hT5k2\", \"name\": \"Grafana\", \"expiresAt\": 1751328000000}",
                       &error);
    g_assert_no_error (error);
    g_assert_false (deck_ff_http_token_is_expired (token, now));
    g_assert_true (deck_ff_http_token_expires_within (token, now, G_TIME_SPAN_DAY));
    g_assert_false (deck_ff_http_token_expires_within (token, now, G_TIME_SPAN_HOUR));
  }
}

/*
 * Logs and audit log
 */

static void
test_log_entry (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckFfLogEntry) entry = NULL;

  entry = construct ((NewFromJson) deck_ff_log_entry_new_from_json,
                     "{\"ts\": \"17146542000120003\", \"level\": \"info\","
                     " \"msg\": \"Started flows\", \"src\": \"runtime\"}",
                     &error);
  g_assert_no_error (error);
  g_assert_cmpstr (deck_ff_log_entry_get_ts (entry), ==, "17146542000120003");
  assert_datetime (deck_ff_log_entry_get_timestamp (entry), "2024-05-02T12:50:00.012Z");
  g_assert_cmpstr (deck_ff_log_entry_get_level (entry), ==, "info");
  g_assert_cmpstr (deck_ff_log_entry_get_msg (entry), ==, "Started flows");
  read_all_properties (entry, NULL);
  g_clear_object (&entry);

  entry = construct ((NewFromJson) deck_ff_log_entry_new_from_json,
                     "{\"ts\": 17146542000120003, \"level\": 3, \"msg\": {\"a\": 1}}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (deck_ff_log_entry_get_ts (entry), ==, "17146542000120003");
  g_assert_nonnull (deck_ff_log_entry_get_timestamp (entry));
  g_assert_null (deck_ff_log_entry_get_level (entry));
  g_assert_null (deck_ff_log_entry_get_msg (entry));
  g_clear_object (&entry);

  entry = construct ((NewFromJson) deck_ff_log_entry_new_from_json,
                     "{\"ts\": \"1714654\", \"msg\": \"short\"}", &error);
  g_assert_no_error (error);
  g_assert_null (deck_ff_log_entry_get_timestamp (entry));
  g_clear_object (&entry);

  entry = construct ((NewFromJson) deck_ff_log_entry_new_from_json,
                     "{\"ts\": \"99999999999999999\"}", &error);
  g_assert_no_error (error);
  assert_datetime (deck_ff_log_entry_get_timestamp (entry), "2286-11-20T17:46:39.999Z");
  g_clear_object (&entry);

  entry = construct ((NewFromJson) deck_ff_log_entry_new_from_json,
                     "{\"ts\": \"abc\"}", &error);
  g_assert_no_error (error);
  g_assert_null (deck_ff_log_entry_get_timestamp (entry));
  g_clear_object (&entry);

  entry = construct ((NewFromJson) deck_ff_log_entry_new_from_json,
                     "{\"level\": \"info\", \"msg\": \"x\"}", &error);
  g_assert_null (entry);
  assert_missing_field (error, "ts");
  g_clear_error (&error);

  entry = construct ((NewFromJson) deck_ff_log_entry_new_from_json, "{\"ts\": -5}", &error);
  g_assert_null (entry);
  assert_missing_field (error, "ts");
}

static void
test_audit_entry (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckFfAuditEntry) entry = NULL;
  g_autoptr(JsonNode) body = NULL;

  entry = construct ((NewFromJson) deck_ff_audit_entry_new_from_json,
                     "{\"id\": \"aL9k2Mn3Bv\", \"createdAt\": \"2024-05-02T08:31:00.000Z\","
                     " \"username\": \"legacy\","
                     " \"user\": {\"id\": \"pYm7b2GQ1k\", \"name\": \"Alice\", \"username\": \"alice\"},"
                     " \"event\": \"project.httpToken.created\","
                     " \"scope\": {\"id\": \"8d0c2f4e\", \"type\": \"project\"},"
                     " \"trigger\": {\"id\": \"pYm7b2GQ1k\", \"type\": \"user\", \"name\": \"alice\"},"
                     " \"body\": {\"token\": {\"name\": \"Grafana\"}, \"project\": {\"id\": \"8d0c2f4e\"}}}",
                     &error);
  g_assert_no_error (error);
  g_assert_cmpstr (deck_ff_audit_entry_get_id (entry), ==, "aL9k2Mn3Bv");
  g_assert_cmpstr (deck_ff_audit_entry_get_event (entry), ==, "project.httpToken.created");
  assert_datetime (deck_ff_audit_entry_get_created_at (entry), "2024-05-02T08:31:00Z");
  g_assert_cmpstr (deck_ff_audit_entry_get_username (entry), ==, "alice");

  body = json_from_string (deck_ff_audit_entry_get_body_json (entry), &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (body));
  g_assert_cmpstr (deck_json_get_path_string (json_node_get_object (body), "token.name"), ==, "Grafana");
  read_all_properties (entry, NULL);
  g_clear_object (&entry);

  /* forge/db/views/AuditLog.js: top-level username, null user, null body. */
  entry = construct ((NewFromJson) deck_ff_audit_entry_new_from_json,
                     "{\"id\": \"x\", \"event\": \"project.started\", \"username\": \"bob\","
                     " \"user\": null, \"body\": null}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (deck_ff_audit_entry_get_username (entry), ==, "bob");
  g_assert_null (deck_ff_audit_entry_get_body_json (entry));
  g_clear_object (&entry);

  entry = construct ((NewFromJson) deck_ff_audit_entry_new_from_json,
                     "{\"id\": \"x\", \"event\": \"e\", \"body\": \"text\"}", &error);
  g_assert_no_error (error);
  g_assert_null (deck_ff_audit_entry_get_username (entry));
  g_assert_cmpstr (deck_ff_audit_entry_get_body_json (entry), ==, "\"text\"");
  g_clear_object (&entry);

  entry = construct ((NewFromJson) deck_ff_audit_entry_new_from_json, "{\"id\": \"x\"}", &error);
  g_assert_null (entry);
  assert_missing_field (error, "event");
}

/*
 * Settings
 */

static void
test_settings_public (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckFfSettings) settings = NULL;

  settings = construct ((NewFromJson) deck_ff_settings_new_from_json,
                        "{\"features\": {\"sso\": true, \"billing\": false},"
                        " \"user:signup\": true, \"user:reset-password\": true,"
                        " \"user:tcs-required\": false, \"user:tcs-url\": \"\"}",
                        &error);
  g_assert_no_error (error);
  g_assert_null (deck_ff_settings_get_version (settings));
  g_assert_null (deck_ff_settings_get_base_url (settings));
  g_assert_null (deck_ff_settings_get_license_type (settings));
  g_assert_false (deck_ff_settings_get_license_active (settings));
  g_assert_true (deck_ff_settings_get_registration (settings));
  g_assert_false (deck_ff_settings_get_sso_only (settings));
  g_assert_false (deck_ff_settings_is_signed_in_view (settings));
  g_assert_true (deck_ff_settings_has_feature (settings, "sso"));
  g_assert_false (deck_ff_settings_has_feature (settings, "billing"));
  g_assert_false (deck_ff_settings_has_feature (settings, "httpBearerTokens"));
  read_all_properties (settings, NULL);
}

static void
test_settings_signed_in (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DeckFfSettings) settings = NULL;

  /* A signed-in admin on an enterprise-licensed server. */
  settings = construct ((NewFromJson) deck_ff_settings_new_from_json,
                        "{\"team:user:invite:external\": false, \"team:create\": true,"
                        " \"email\": {\"enabled\": false}, \"stacks\": {},"
                        " \"features\": {\"httpBearerTokens\": true, \"ha\": true,"
                        "   \"customHostnames\": false, \"fileStorageLimit\": 0},"
                        " \"base_url\": \"https://forge.example.com\","
                        " \"license\": {\"type\": \"EE\", \"expiresAt\": \"2026-01-01T00:00:00.000Z\","
                        "   \"expiring\": false, \"expired\": false, \"daysRemaining\": 180},"
                        " \"platform:licensed\": true, \"user:signup\": false,"
                        " \"version:forge\": \"2.4.0\", \"version:node\": \"18.20.2\"}",
                        &error);
  g_assert_no_error (error);
  g_assert_cmpstr (deck_ff_settings_get_version (settings), ==, "2.4.0");
  g_assert_cmpstr (deck_ff_settings_get_base_url (settings), ==, "https://forge.example.com");
  g_assert_cmpstr (deck_ff_settings_get_license_type (settings), ==, "EE");
  g_assert_true (deck_ff_settings_get_license_active (settings));
  g_assert_false (deck_ff_settings_get_registration (settings));
  g_assert_false (deck_ff_settings_get_sso_only (settings));
  g_assert_true (deck_ff_settings_is_signed_in_view (settings));
  g_assert_true (deck_ff_settings_has_feature (settings, "httpBearerTokens"));
  g_assert_true (deck_ff_settings_has_feature (settings, "ha"));
  g_assert_false (deck_ff_settings_has_feature (settings, "customHostnames"));
  g_assert_false (deck_ff_settings_has_feature (settings, "fileStorageLimit"));
  g_clear_object (&settings);

  /* A non-admin on an unlicensed (Community Edition) server. */
  settings = construct ((NewFromJson) deck_ff_settings_new_from_json,
                        "{\"features\": {}, \"base_url\": \"http://localhost:3000\","
                        " \"license\": {\"type\": \"CE\", \"expired\": false},"
                        " \"platform:sso:only\": true}",
                        &error);
  g_assert_no_error (error);
  g_assert_null (deck_ff_settings_get_version (settings));
  g_assert_cmpstr (deck_ff_settings_get_license_type (settings), ==, "CE");
  g_assert_false (deck_ff_settings_get_license_active (settings));
  g_assert_true (deck_ff_settings_get_sso_only (settings));
  g_assert_true (deck_ff_settings_is_signed_in_view (settings));
  g_clear_object (&settings);

  /* An expired development license. */
  settings = construct ((NewFromJson) deck_ff_settings_new_from_json,
                        "{\"features\": {}, \"version\": \"2.4.0\","
                        " \"license\": {\"type\": \"DEV\", \"expired\": true}}",
                        &error);
  g_assert_no_error (error);
  g_assert_cmpstr (deck_ff_settings_get_version (settings), ==, "2.4.0");
  g_assert_false (deck_ff_settings_get_license_active (settings));
  g_clear_object (&settings);

  settings = construct ((NewFromJson) deck_ff_settings_new_from_json,
                        "{\"license\": {\"type\": \"EE\"}}", &error);
  g_assert_null (settings);
  assert_missing_field (error, "features");
  g_clear_error (&error);

  settings = construct ((NewFromJson) deck_ff_settings_new_from_json,
                        "{\"features\": [\"sso\"]}", &error);
  g_assert_null (settings);
  assert_missing_field (error, "features");
}

/*
 * Hostile input
 */

/* Every member any model reads, at the top level and nested. */
static const char *members[] = {
  "id", "name", "username", "email", "avatar", "admin", "email_verified", "mfa_enabled",
  "sso_enabled", "defaultTeam", "createdAt", "updatedAt", "description", "active", "order",
  "properties", "slug", "role", "instanceCount", "memberCount", "type", "team", "teamId", "url",
  "meta", "isDeploying", "application", "applicationId", "projectType", "stack", "template",
  "flowLastUpdatedAt", "settings", "label", "expiresAt", "readOnly", "adminOptIn", "teams",
  "teamIds", "ts", "level", "msg", "event", "user", "body", "features", "version",
  "version:forge", "base_url", "license", "user:signup", "platform:sso:only", "sso:only",
  "token", "state", "httpNodeAuth", "versions", "node-red", "nodered", "instances", "expired",
};

static const char *hostile_values[] = {
  "null", "true", "false", "0", "-1", "5", "1.5", "-0.0", "1e308", "-1e308", "1e20",
  "9223372036854775807", "-9223372036854775808", "\"\"", "\"x\"", "\"2024-13-45T99:99:99Z\"",
  "\"\\u0000\"", "[]", "[null, 1, \"a\", {}]", "{}", "{\"id\": {}, \"x\": [[]]}",
};

/* Members that hold objects in some model; in hostile objects they hold
 * the next level down, so that nested paths (meta.versions.node-red,
 * properties.instances.x.active, settings.httpNodeAuth.type, …) meet
 * @value too. "x" stands for any key of a map. */
static const char *containers[] = {
  "meta", "versions", "properties", "features", "instances", "x", "settings", "httpNodeAuth",
  "license", "type", "team", "application", "projectType", "stack", "template", "user",
};

/* Builds an object where every member in members[] is @value and, above
 * depth 0, every container is an object one level down. Levels are shared
 * (json_node_init_object() takes a reference), so size stays linear. */
static JsonObject *
hostile_object (JsonNode *value,
                guint     depth)
{
  JsonObject *object = json_object_new ();
  g_autoptr(JsonObject) child = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    json_object_set_member (object, members[i], json_node_copy (value));

  if (depth == 0)
    return object;

  child = hostile_object (value, depth - 1);
  for (guint i = 0; i < G_N_ELEMENTS (containers); i++)
    {
      JsonNode *node = json_node_alloc ();

      json_node_init_object (node, child);
      json_object_set_member (object, containers[i], node);
    }

  return object;
}

static void
check_hostile (JsonObject *object)
{
  for (guint c = 0; c < G_N_ELEMENTS (constructors); c++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GObject) model = NULL;

      model = constructors[c].new_from_json (object, &error);
      /* Either a model or an error, never both, never neither. */
      g_assert_true ((model == NULL) != (error == NULL));
      if (model != NULL)
        read_all_properties (model, NULL);
      else
        g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_UNEXPECTED_RESPONSE);
    }
}

static void
test_hostile_input (void)
{
  for (guint v = 0; v < G_N_ELEMENTS (hostile_values); v++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) value = json_from_string (hostile_values[v], &error);

      g_assert_no_error (error);

      for (guint depth = 0; depth <= 3; depth++)
        {
          g_autoptr(JsonObject) object = hostile_object (value, depth);

          /* As is: the required members are hostile too. */
          check_hostile (object);

          /* With valid required members, so the optional ones are read. */
          json_object_set_string_member (object, "id", "id-1");
          json_object_set_string_member (object, "name", "name-1");
          json_object_set_string_member (object, "username", "user-1");
          json_object_set_string_member (object, "event", "event-1");
          json_object_set_string_member (object, "ts", "17146542000120003");
          if (!JSON_NODE_HOLDS_OBJECT (value))
            json_object_set_object_member (object, "features", json_object_new ());
          check_hostile (object);

          for (guint c = 0; c < G_N_ELEMENTS (constructors); c++)
            {
              g_autoptr(GObject) model = constructors[c].new_from_json (object, &error);

              g_assert_no_error (error);
              g_assert_nonnull (model);
            }
        }
    }

  /* Empty objects fail cleanly for every model. */
  {
    g_autoptr(JsonObject) empty = json_object_new ();

    for (guint c = 0; c < G_N_ELEMENTS (constructors); c++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GObject) model = constructors[c].new_from_json (empty, &error);

        g_assert_null (model);
        g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_UNEXPECTED_RESPONSE);
        g_assert_nonnull (deck_flowfuse_error_get_field (error));
      }
  }
}

static void
test_json_helpers (void)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GHashTable) flags = NULL;
  gpointer value;

  object = parse_object ("{\"a\": {\"b\": {\"c\": \"deep\", \"n\": 7}}, \"s\": \"x\", \"i\": 42,"
                         " \"d\": 2.9, \"b\": true, \"nan\": \"NaN\","
                         " \"f\": {\"on\": true, \"off\": false, \"zero\": 0, \"str\": \"s\","
                         "         \"empty\": \"\", \"obj\": {}, \"arr\": [], \"null\": null}}");

  g_assert_cmpstr (deck_json_get_path_string (object, "a.b.c"), ==, "deep");
  g_assert_null (deck_json_get_path_string (object, "a.b.n"));
  g_assert_null (deck_json_get_path_string (object, "a.b.c.d"));
  g_assert_null (deck_json_get_path_string (object, "s.x"));
  g_assert_null (deck_json_get_path_string (object, "missing.x"));
  g_assert_null (deck_json_get_path_string (object, ""));
  g_assert_null (deck_json_get_path_string (object, "."));
  g_assert_null (deck_json_get_path_string (object, "a."));
  g_assert_nonnull (deck_json_get_path_object (object, "a.b"));
  g_assert_null (deck_json_get_path_object (object, "s"));

  g_assert_cmpstr (deck_json_get_string (object, "s"), ==, "x");
  g_assert_null (deck_json_get_string (object, "i"));
  g_assert_cmpint (deck_json_get_int (object, "i", -1), ==, 42);
  g_assert_cmpint (deck_json_get_int (object, "d", -1), ==, 2);
  g_assert_cmpint (deck_json_get_int (object, "s", -1), ==, -1);
  g_assert_cmpint (deck_json_get_int (object, "nan", -1), ==, -1);
  g_assert_true (deck_json_get_bool (object, "b", FALSE));
  g_assert_true (deck_json_get_bool (object, "i", TRUE));
  g_assert_false (deck_json_get_bool (object, "i", FALSE));
  g_assert_null (deck_json_get_object (object, "s"));
  g_assert_null (deck_json_get_array (object, "a"));
  g_assert_null (deck_json_get_datetime (object, "b"));

  dt = deck_json_datetime_from_ms (-1);
  assert_datetime (dt, "1969-12-31T23:59:59.999Z");
  g_clear_pointer (&dt, g_date_time_unref);
  dt = deck_json_datetime_from_ms (253402300799999);
  assert_datetime (dt, "9999-12-31T23:59:59.999Z");
  g_clear_pointer (&dt, g_date_time_unref);
  g_assert_null (deck_json_datetime_from_ms (253402300800000));
  g_assert_null (deck_json_datetime_from_ms (G_MININT64));
  g_assert_null (deck_json_datetime_from_ms (G_MAXINT64));

  flags = deck_json_get_flags (object, "f");
  g_assert_nonnull (flags);
  g_assert_cmpuint (g_hash_table_size (flags), ==, 8);
  g_assert_true (g_hash_table_lookup_extended (flags, "on", NULL, &value) && GPOINTER_TO_UINT (value));
  g_assert_true (g_hash_table_lookup_extended (flags, "off", NULL, &value) && !GPOINTER_TO_UINT (value));
  g_assert_true (g_hash_table_lookup_extended (flags, "zero", NULL, &value) && !GPOINTER_TO_UINT (value));
  g_assert_true (g_hash_table_lookup_extended (flags, "str", NULL, &value) && GPOINTER_TO_UINT (value));
  g_assert_true (g_hash_table_lookup_extended (flags, "empty", NULL, &value) && !GPOINTER_TO_UINT (value));
  g_assert_true (g_hash_table_lookup_extended (flags, "obj", NULL, &value) && GPOINTER_TO_UINT (value));
  g_assert_true (g_hash_table_lookup_extended (flags, "arr", NULL, &value) && GPOINTER_TO_UINT (value));
  g_assert_true (g_hash_table_lookup_extended (flags, "null", NULL, &value) && !GPOINTER_TO_UINT (value));
  g_assert_null (deck_json_get_flags (object, "s"));
}

/*
 * Lists
 */

static void
test_list (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) array = NULL;
  g_autoptr(GListStore) store = NULL;
  g_autoptr(DeckFfTeam) second = NULL;

  /* GET /api/v1/user/teams → teams */
  array = parse_array ("[{\"id\": \"t1\", \"name\": \"One\", \"role\": 30},"
                       " {\"id\": \"t2\", \"name\": \"Two\", \"role\": 50},"
                       " {\"id\": \"t3\", \"name\": \"Three\", \"role\": 10}]");
  store = deck_ff_list_from_json (array, DECK_TYPE_FF_TEAM, &error);
  g_assert_no_error (error);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (store)) == DECK_TYPE_FF_TEAM);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 3);
  second = g_list_model_get_item (G_LIST_MODEL (store), 1);
  g_assert_cmpstr (deck_ff_team_get_id (second), ==, "t2");
  g_assert_cmpint (deck_ff_team_get_role (second), ==, DECK_FF_ROLE_OWNER);
  g_clear_object (&store);
  g_clear_pointer (&array, json_array_unref);

  /* One bad item fails the list, naming the item and the field. */
  array = parse_array ("[{\"id\": \"t1\", \"name\": \"One\"}, {\"name\": \"No id\"}]");
  store = deck_ff_list_from_json (array, DECK_TYPE_FF_TEAM, &error);
  g_assert_null (store);
  assert_missing_field (error, "id");
  g_assert_true (g_str_has_prefix (error->message, "Item 1: "));
  g_clear_error (&error);
  g_clear_pointer (&array, json_array_unref);

  array = parse_array ("[{\"id\": \"t1\", \"name\": \"One\"}, null]");
  store = deck_ff_list_from_json (array, DECK_TYPE_FF_TEAM, &error);
  g_assert_null (store);
  g_assert_error (error, DECK_FLOWFUSE_ERROR, DECK_FLOWFUSE_ERROR_UNEXPECTED_RESPONSE);
  g_assert_nonnull (strstr (error->message, "item 1"));
  g_clear_error (&error);
  g_clear_pointer (&array, json_array_unref);

  array = parse_array ("[]");
  store = deck_ff_list_from_json (array, DECK_TYPE_FF_HTTP_TOKEN, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (store)) == DECK_TYPE_FF_HTTP_TOKEN);
  g_clear_object (&store);
  g_clear_pointer (&array, json_array_unref);

  /* Every model type is known to the list helper. */
  {
    static const struct {
      GType (*get_type) (void);
      const char *json;
    } kinds[] = {
      { deck_ff_application_get_type, "{\"id\": \"a\", \"name\": \"b\"}" },
      { deck_ff_audit_entry_get_type, "{\"id\": \"a\", \"event\": \"b\"}" },
      { deck_ff_http_token_get_type, "{\"id\": \"a\", \"name\": \"b\"}" },
      { deck_ff_instance_get_type, "{\"id\": \"a\", \"name\": \"b\"}" },
      { deck_ff_log_entry_get_type, "{\"ts\": \"17146542000120003\"}" },
      { deck_ff_personal_token_get_type, "{\"id\": \"a\", \"name\": \"b\"}" },
      { deck_ff_project_type_get_type, "{\"id\": \"a\", \"name\": \"b\"}" },
      { deck_ff_stack_get_type, "{\"id\": \"a\", \"name\": \"b\"}" },
      { deck_ff_team_get_type, "{\"id\": \"a\", \"name\": \"b\"}" },
      { deck_ff_team_type_get_type, "{\"id\": \"a\", \"name\": \"b\"}" },
      { deck_ff_template_get_type, "{\"id\": \"a\", \"name\": \"b\"}" },
      { deck_ff_user_get_type, "{\"id\": \"a\", \"username\": \"b\"}" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
      {
        g_autofree char *json = g_strdup_printf ("[%s]", kinds[i].json);
        g_autoptr(JsonArray) one = parse_array (json);
        g_autoptr(GListStore) list = deck_ff_list_from_json (one, kinds[i].get_type (), &error);
        g_autoptr(GObject) item = NULL;

        g_assert_no_error (error);
        item = g_list_model_get_item (G_LIST_MODEL (list), 0);
        g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (item, kinds[i].get_type ()));
      }
  }
}

static void
test_list_many_instances (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) template = parse_object (instance_json);
  g_autoptr(JsonArray) array = json_array_sized_new (5000);
  g_autoptr(GListStore) store = NULL;
  static const char *states[] = { "running", "stopped", "starting", "crashed", "suspended" };

  /* A big team's GET /api/v1/teams/:id/projects?includeMeta=true. */
  for (guint i = 0; i < 5000; i++)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      g_autofree char *id = g_strdup_printf ("00000000-0000-4000-8000-%012u", i);
      g_autofree char *name = g_strdup_printf ("instance-%u", i);
      JsonObject *object;

      json_node_set_object (node, template);
      g_clear_pointer (&node, json_node_unref);
      node = json_from_string (instance_json, &error);
      g_assert_no_error (error);
      object = json_node_get_object (node);
      json_object_set_string_member (object, "id", id);
      json_object_set_string_member (object, "name", name);
      json_object_set_string_member (json_object_get_object_member (object, "meta"), "state",
                                     states[i % G_N_ELEMENTS (states)]);
      json_array_add_element (array, g_steal_pointer (&node));
    }

  store = deck_ff_list_from_json (array, DECK_TYPE_FF_INSTANCE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 5000);

  for (guint i = 0; i < 5000; i += 499)
    {
      g_autoptr(DeckFfInstance) instance = g_list_model_get_item (G_LIST_MODEL (store), i);
      g_autofree char *name = g_strdup_printf ("instance-%u", i);

      g_assert_cmpstr (deck_ff_instance_get_name (instance), ==, name);
      g_assert_cmpstr (deck_ff_instance_get_state (instance), ==, states[i % G_N_ELEMENTS (states)]);
      g_assert_cmpstr (deck_ff_instance_get_node_red_version (instance), ==, "4.0.3");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ff-models/json-helpers", test_json_helpers);
  g_test_add_func ("/ff-models/user", test_user);
  g_test_add_func ("/ff-models/user/missing-fields", test_user_missing_fields);
  g_test_add_func ("/ff-models/user/minimal", test_user_minimal);
  g_test_add_func ("/ff-models/team-type", test_team_type);
  g_test_add_func ("/ff-models/team-type/allows-instances", test_team_type_allows_instances);
  g_test_add_func ("/ff-models/team/user-list-item", test_team_user_list_item);
  g_test_add_func ("/ff-models/team/full", test_team_full);
  g_test_add_func ("/ff-models/team/feature-resolution", test_team_feature_resolution);
  g_test_add_func ("/ff-models/team/roles", test_team_roles);
  g_test_add_func ("/ff-models/team/bad-type", test_team_bad_type);
  g_test_add_func ("/ff-models/application", test_application);
  g_test_add_func ("/ff-models/project-type", test_project_type);
  g_test_add_func ("/ff-models/stack", test_stack);
  g_test_add_func ("/ff-models/template", test_template);
  g_test_add_func ("/ff-models/instance", test_instance);
  g_test_add_func ("/ff-models/instance/minimal", test_instance_minimal);
  g_test_add_func ("/ff-models/instance/lenient", test_instance_lenient);
  g_test_add_func ("/ff-models/instance/http-node-auth", test_instance_http_node_auth);
  g_test_add_func ("/ff-models/instance/states", test_instance_states);
  g_test_add_func ("/ff-models/instance/update-from", test_instance_update_from);
  g_test_add_func ("/ff-models/personal-token", test_personal_token);
  g_test_add_func ("/ff-models/http-token", test_http_token);
  g_test_add_func ("/ff-models/log-entry", test_log_entry);
  g_test_add_func ("/ff-models/audit-entry", test_audit_entry);
  g_test_add_func ("/ff-models/settings/public", test_settings_public);
  g_test_add_func ("/ff-models/settings/signed-in", test_settings_signed_in);
  g_test_add_func ("/ff-models/hostile-input", test_hostile_input);
  g_test_add_func ("/ff-models/list", test_list);
  g_test_add_func ("/ff-models/list/many-instances", test_list_many_instances);

  return g_test_run ();
}
