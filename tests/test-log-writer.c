/* test-log-writer.c: the core's table of log writers and its one JSON
 * path: every writer's bytes for hostile strings, read back with
 * json-glib's own parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "socket-explorer-core.h"
#include "se-json.h"

/* Invalid UTF-8 (a lone continuation byte, a truncated sequence, an
 * overlong NUL), control characters, quotes and backslashes: no NUL,
 * since these are C strings. */
#define HOSTILE_LOCAL  "/tmp/s\xff\xfe\"q\\b"
#define HOSTILE_REMOTE "peer\x01\x1f\x7f\t\r\n\xe2\x82 end"
#define HOSTILE_DETAIL "bad \xc0\x80 \x80\xbf utf-8 \"quoted\" back\\slash \b\f é €"

static const guint8 payload[] = { 0x00, 0x01, 0x7f, 0x80, 0xff, '"', '\\', '\n', 'A' };

static SeEvent *
hostile_event (SeTrafficLog **log_out)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  SeEvent *event;

  se_traffic_log_append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_UNIX, 7,
                         HOSTILE_LOCAL, HOSTILE_REMOTE,
                         sizeof payload, payload, sizeof payload,
                         HOSTILE_DETAIL);
  se_traffic_log_flush (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 1);
  event = g_list_model_get_item (G_LIST_MODEL (log), 0);
  g_assert_nonnull (event);

  *log_out = g_steal_pointer (&log);
  return event;
}

/* Exactly one line, ending in its newline. */
static void
assert_one_line (const GString *out)
{
  g_assert_cmpuint (out->len, >, 0);
  g_assert_cmpint (out->str[out->len - 1], ==, '\n');
  g_assert_null (memchr (out->str, '\n', out->len - 1));
  g_assert_true (g_utf8_validate (out->str, out->len, NULL));
}

static JsonObject *
parse_object (JsonParser *parser,
              const char *text,
              gssize      len)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, text, len, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));

  return json_node_get_object (root);
}

static void
assert_string_member (JsonObject *object,
                      const char *name,
                      const char *raw)
{
  g_autofree char *expected = g_utf8_make_valid (raw, -1);

  g_assert_true (json_object_has_member (object, name));
  g_assert_cmpstr (json_object_get_string_member (object, name), ==, expected);
}

static void
test_table (void)
{
  guint n = se_log_writer_get_n_writers ();
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) extensions = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (n, >=, 2);
  g_assert_cmpstr (se_log_writer_get (SE_EXPORT_TEXT)->id, ==, "text");
  g_assert_cmpstr (se_log_writer_get (SE_EXPORT_TEXT)->extension, ==, "txt");
  g_assert_cmpstr (se_log_writer_get (SE_EXPORT_JSON_LINES)->id, ==, "jsonl");
  g_assert_cmpstr (se_log_writer_get (SE_EXPORT_JSON_LINES)->extension, ==, "jsonl");

  for (guint i = 0; i < n; i++)
    {
      const SeLogWriter *writer = se_log_writer_get ((SeExportFormat) i);

      g_assert_nonnull (writer);
      g_assert_cmpuint (writer->format, ==, i);
      g_assert_true (se_log_writer_lookup (writer->id) == writer);
      g_assert_true (g_hash_table_add (ids, (gpointer) writer->id));
      g_assert_true (g_hash_table_add (extensions, (gpointer) writer->extension));
      g_assert_null (strchr (writer->extension, '.'));
      g_assert_nonnull (strchr (writer->mime_type, '/'));
      g_assert_cmpstr (se_log_writer_get_display_name (writer), !=, "");
      g_assert_nonnull (writer->begin);
      g_assert_nonnull (writer->write_event);
      g_assert_nonnull (writer->write_dropped);
      g_assert_nonnull (writer->write_count);
      g_assert_nonnull (writer->end);
    }

  g_assert_null (se_log_writer_get ((SeExportFormat) n));
  g_assert_null (se_log_writer_lookup ("pcap-not-this"));
  g_assert_null (se_log_writer_lookup (""));
}

static void
test_jsonl_event (void)
{
  const SeLogWriter *writer = se_log_writer_lookup ("jsonl");
  g_autoptr(SeTrafficLog) log = NULL;
  g_autoptr(SeEvent) event = hostile_event (&log);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *hex = se_payload_to_hex (payload, sizeof payload, FALSE);
  static const char * const keys[] = {
    "index", "time", "time_iso", "kind", "proto", "conn", "local", "remote",
    "size", "data", "data_complete", "detail",
  };
  const char *previous = out->str;
  JsonObject *object;

  writer->write_event (writer, NULL, event, out);
  assert_one_line (out);

  object = parse_object (parser, out->str, out->len);
  g_assert_cmpuint (json_object_get_size (object), ==, G_N_ELEMENTS (keys));
  /* The keys, in the order that scripts comparing text rely on. */
  previous = out->str;
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *quoted = g_strdup_printf ("\"%s\":", keys[i]);
      const char *at = strstr (out->str, quoted);

      g_assert_nonnull (at);
      g_assert_true (at >= previous);
      previous = at;
    }

  g_assert_cmpint (json_object_get_int_member (object, "index"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "time"), ==, se_event_get_time (event));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (object, "time_iso"), "Z"));
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "receive");
  g_assert_cmpstr (json_object_get_string_member (object, "proto"), ==,
                   se_protocol_to_string (SE_PROTOCOL_UNIX));
  g_assert_cmpint (json_object_get_int_member (object, "conn"), ==, 7);
  assert_string_member (object, "local", HOSTILE_LOCAL);
  assert_string_member (object, "remote", HOSTILE_REMOTE);
  assert_string_member (object, "detail", HOSTILE_DETAIL);
  g_assert_cmpint (json_object_get_int_member (object, "size"), ==, sizeof payload);
  /* The payload's bytes stay exact, NUL and 0xff included. */
  g_assert_cmpstr (json_object_get_string_member (object, "data"), ==, hex);
  g_assert_cmpstr (hex, ==, "00017f80ff225c0a41");
  g_assert_true (json_object_get_boolean_member (object, "data_complete"));

  /* The same bytes as the event's own formatter. */
  {
    g_autofree char *line = se_event_format_json (event);

    g_assert_cmpuint (strlen (line) + 1, ==, out->len);
    g_assert_true (strncmp (line, out->str, strlen (line)) == 0);
  }
}

/* The payload's hex is written into the generated "data" member: strings
 * that look like that member must not receive it. */
static void
test_jsonl_data_lookalike (void)
{
  static const char *lookalikes[] = {
    "\"data\":\"\"", "x\\\"data\":\"\"", "\\", "data", "\"", "\"data\":\"\"\xff",
  };
  const SeLogWriter *writer = se_log_writer_get (SE_EXPORT_JSON_LINES);

  for (guint i = 0; i < G_N_ELEMENTS (lookalikes); i++)
    {
      g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
      g_autoptr(SeEvent) event = NULL;
      g_autoptr(GString) out = g_string_new (NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *object;

      se_traffic_log_append (log, SE_EVENT_SEND, SE_PROTOCOL_TCP, 1,
                             lookalikes[i], lookalikes[i],
                             2, (const guint8 *) "\xab\xcd", 2, lookalikes[i]);
      se_traffic_log_flush (log);
      event = g_list_model_get_item (G_LIST_MODEL (log), 0);

      writer->write_event (writer, NULL, event, out);
      assert_one_line (out);
      object = parse_object (parser, out->str, out->len);
      assert_string_member (object, "local", lookalikes[i]);
      assert_string_member (object, "remote", lookalikes[i]);
      assert_string_member (object, "detail", lookalikes[i]);
      g_assert_cmpstr (json_object_get_string_member (object, "data"), ==, "abcd");
    }
}

static void
test_text_event (void)
{
  const SeLogWriter *writer = se_log_writer_lookup ("text");
  g_autoptr(SeTrafficLog) log = NULL;
  g_autoptr(SeEvent) event = hostile_event (&log);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *line = se_event_format_text (event);

  writer->write_event (writer, NULL, event, out);
  assert_one_line (out);

  /* No control character but the newline: a terminal shows what it is told. */
  for (gsize i = 0; i + 1 < out->len; i++)
    g_assert_true ((guchar) out->str[i] >= 0x20 && out->str[i] != 0x7f);

  g_assert_cmpuint (strlen (line) + 1, ==, out->len);
  g_assert_true (strncmp (line, out->str, strlen (line)) == 0);
  g_assert_nonnull (strstr (out->str, " receive "));
  g_assert_nonnull (strstr (out->str, "\xef\xbf\xbd"));  /* U+FFFD for the bad bytes */
}

static void
test_begin_end (void)
{
  /* Text and JSON Lines files are just their lines: a header or trailer
   * would change what se_traffic_log_write() has always written. */
  for (guint i = 0; i < se_log_writer_get_n_writers (); i++)
    {
      const SeLogWriter *writer = se_log_writer_get ((SeExportFormat) i);
      g_autoptr(GString) out = g_string_new (NULL);

      if (writer->format != SE_EXPORT_TEXT && writer->format != SE_EXPORT_JSON_LINES)
        continue;
      writer->begin (writer, out);
      writer->end (writer, out);
      g_assert_cmpuint (out->len, ==, 0);
    }
}

static void
test_dropped (void)
{
  const SeLogWriter *text = se_log_writer_get (SE_EXPORT_TEXT);
  const SeLogWriter *jsonl = se_log_writer_get (SE_EXPORT_JSON_LINES);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  text->write_dropped (text, 12345, out);
  assert_one_line (out);
  g_assert_cmpstr (out->str, ==, "12345 earlier events dropped\n");

  g_string_truncate (out, 0);
  text->write_dropped (text, 1, out);
  g_assert_cmpstr (out->str, ==, "1 earlier event dropped\n");

  g_string_truncate (out, 0);
  jsonl->write_dropped (jsonl, G_GUINT64_CONSTANT (5000000000), out);
  assert_one_line (out);
  g_assert_cmpstr (out->str, ==, "{\"dropped\":5000000000}\n");
  object = parse_object (parser, out->str, out->len);
  g_assert_cmpint (json_object_get_int_member (object, "dropped"), ==, G_GINT64_CONSTANT (5000000000));

  /* The CLI's count of lines it could not print. */
  g_string_truncate (out, 0);
  jsonl->write_count (jsonl, "not_printed", 7, "7 events not printed", out);
  g_assert_cmpstr (out->str, ==, "{\"not_printed\":7}\n");
  g_string_truncate (out, 0);
  text->write_count (text, "not_printed", 7, "7 events not printed", out);
  g_assert_cmpstr (out->str, ==, "7 events not printed\n");
}

/* The log's own export goes through the same writers: the dropped line
 * first, then one line per event. */
static void
test_log_write (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 5; i++)
    se_traffic_log_append (log, SE_EVENT_SEND, SE_PROTOCOL_TCP, 1, "127.0.0.1:1", "127.0.0.1:2",
                           1, (const guint8 *) "x", 1, HOSTILE_DETAIL);
  se_traffic_log_flush (log);
  se_traffic_log_drop_before (log, 2);

  for (guint f = 0; f < se_log_writer_get_n_writers (); f++)
    {
      const SeLogWriter *writer = se_log_writer_get ((SeExportFormat) f);
      g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
      g_autoptr(GString) expected = g_string_new (NULL);
      gpointer state;
      const char *data;
      gsize len;

      g_assert_true (se_traffic_log_write (log, writer->format, stream, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_output_stream_close (stream, NULL, NULL));

      state = se_log_writer_state_new (writer);
      writer->begin (writer, expected);
      writer->write_dropped (writer, 2, expected);
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
        {
          g_autoptr(SeEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);

          writer->write_event (writer, state, event, expected);
        }
      writer->end (writer, expected);
      se_log_writer_state_free (writer, state);

      data = g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (stream));
      len = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream));
      g_assert_cmpuint (len, ==, expected->len);
      g_assert_true (memcmp (data, expected->str, len) == 0);
    }
}

/* The helper the CLI's resolve and listen use: odd bytes in a name give
 * valid JSON, NULL gives null, arrays of strings too. */
static void
test_json_helper (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;
  char *aliases[] = { (char *) "a\xff", (char *) "b\"\\", NULL };
  JsonObject *object;
  JsonArray *array;

  json_builder_begin_object (builder);
  se_json_builder_add_member_string (builder, "name", "h\xc3\x28st\x01.example");
  se_json_builder_add_member_string (builder, "canonical_name", NULL);
  se_json_builder_add_member_strv (builder, "aliases", aliases);
  se_json_builder_add_member_strv (builder, "none", NULL);
  se_json_builder_add_member_int (builder, "port", 65535);
  json_builder_end_object (builder);
  text = se_json_builder_to_string (builder);

  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_null (strchr (text, '\n'));
  object = parse_object (parser, text, -1);
  assert_string_member (object, "name", "h\xc3\x28st\x01.example");
  g_assert_true (json_object_get_null_member (object, "canonical_name"));
  array = json_object_get_array_member (object, "aliases");
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (array, 0), ==, "a\xef\xbf\xbd");
  g_assert_cmpstr (json_array_get_string_element (array, 1), ==, "b\"\\");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "none")), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "port"), ==, 65535);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/log-writer/table", test_table);
  g_test_add_func ("/log-writer/jsonl-event", test_jsonl_event);
  g_test_add_func ("/log-writer/jsonl-data-lookalike", test_jsonl_data_lookalike);
  g_test_add_func ("/log-writer/text-event", test_text_event);
  g_test_add_func ("/log-writer/begin-end", test_begin_end);
  g_test_add_func ("/log-writer/dropped", test_dropped);
  g_test_add_func ("/log-writer/log-write", test_log_write);
  g_test_add_func ("/log-writer/json-helper", test_json_helper);

  return g_test_run ();
}
