/* test-traffic-log-export.c: writing the traffic log as text and JSON Lines, and safe exports to files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <glib/gstdio.h>

#include "se-endpoint.h"
#include "se-event.h"
#include "se-payload.h"
#include "se-test-util.h"
#include "se-traffic-log.h"
#include "traffic-log-test-util.h"

static void
test_export_text (void)
{
  SeTrafficLog *log = make_sample_log ();
  static const char * const expected_rest[] = {
    "listen tcp 127.0.0.1:7000",
    "accept tcp #3 127.0.0.1:7000 <- 127.0.0.1:51000",
    "receive tcp #3 127.0.0.1:7000 <- 127.0.0.1:51000 5 B \"hello\"",
    "send udp #4 [::1]:5000 -> [::1]:6000 6 B \"A\\x00\\xff\\n\"\\\\\"",
    "send unix #5 /tmp/s.sock 4 B \"W\" [not retained past capture budget]",
    "error unix-dgram -- /tmp/d.sock bad \xef\xbf\xbd\xef\xbf\xbd end \"q\" \\     你好",
    "connect tcp #6 127.0.0.1:51001 -> 127.0.0.1:7000",
  };
  g_auto(GStrv) lines = NULL;
  guint n_lines;

  /* Exports include what the views have not been told of yet. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
  lines = write_lines (log, SE_EXPORT_TEXT, &n_lines);
  g_assert_cmpuint (n_lines, ==, G_N_ELEMENTS (expected_rest));

  se_traffic_log_flush (log);

  for (guint i = 0; i < n_lines; i++)
    {
      SeEvent *event = get_event (log, i);
      g_autofree char *formatted = se_event_format_text (event);
      const char *rest = strchr (lines[i], ' ');

      g_assert_cmpstr (lines[i], ==, formatted);
      assert_time_prefix (lines[i], se_event_get_time (event));
      g_assert_nonnull (rest);
      g_assert_cmpstr (rest + 1, ==, expected_rest[i]);
      g_assert_finalize_object (event);
    }

  g_assert_finalize_object (log);
}

static void
test_export_text_preview_length (void)
{
  SeTrafficLog *log = se_traffic_log_new ();
  char payload[200];
  g_auto(GStrv) lines = NULL;
  guint n_lines;
  const char *quote;

  memset (payload, 'x', sizeof payload);
  se_traffic_log_append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_TCP, 1, "a", "b",
                         sizeof payload, (const guint8 *) payload, sizeof payload, NULL);
  lines = write_lines (log, SE_EXPORT_TEXT, &n_lines);
  g_assert_cmpuint (n_lines, ==, 1);

  /* 64 characters, then the ellipsis. */
  quote = strstr (lines[0], " 200 B \"");
  g_assert_nonnull (quote);
  quote += strlen (" 200 B \"");
  g_assert_cmpuint (strspn (quote, "x"), ==, 64);
  g_assert_cmpstr (quote + 64, ==, "…\"");

  g_assert_finalize_object (log);
}

/* The line of the event at position alone, without its newline */
static void
line_of (SeTrafficLog   *log,
         SeExportFormat  format,
         guint           position,
         gsize           data_limit,
         GString        *line)
{
  g_string_truncate (line, 0);
  se_traffic_log_append_lines (log, format, position, 1, data_limit, line);
  g_assert_true (line->len > 0 && line->str[line->len - 1] == '\n');
  g_string_truncate (line, line->len - 1);
}

/* The CLI prints text lines straight from the records: the same bytes
 * as the items' own lines, whatever the event. */
static void
test_lines_from_record (void)
{
  g_autoptr(SeTrafficLog) log = make_sample_log ();
  struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons (7000) };
  static const SeEventInfo calls[] = {
    { .kind = SE_EVENT_SOCKET, .protocol = SE_PROTOCOL_TCP, .call = SE_CALL_SOCKET, .ret = 7 },
    { .kind = SE_EVENT_SETSOCKOPT, .protocol = SE_PROTOCOL_TCP, .call = SE_CALL_SETSOCKOPT,
      .option = SE_SOCKOPT_SO_REUSEADDR, .asked = 1 },
    { .kind = SE_EVENT_LISTEN, .protocol = SE_PROTOCOL_TCP, .call = SE_CALL_LISTEN, .asked = 128,
      .detail = SE_EVENT_DETAIL_LISTENING, .detail_arg = 128, .tcp_state = SE_TCP_STATE_LISTEN },
    { .kind = SE_EVENT_ACCEPT, .protocol = SE_PROTOCOL_TCP, .connection_id = 9, .call = SE_CALL_ACCEPT,
      .ret = 8, .detail = SE_EVENT_DETAIL_ACCEPTED, .tcp_state = SE_TCP_STATE_ESTABLISHED,
      .local = "127.0.0.1:7000", .remote = "127.0.0.1:51000" },
    { .kind = SE_EVENT_ERROR, .protocol = SE_PROTOCOL_TCP, .connection_id = 10, .call = SE_CALL_CONNECT,
      .ret = -1, .error_number = 111, .text = "Connection refused", .remote = "127.0.0.1:1" },
    { .kind = SE_EVENT_CONNECT, .protocol = SE_PROTOCOL_TCP, .connection_id = 10, .call = SE_CALL_CONNECT,
      .detail = SE_EVENT_DETAIL_CONNECTED, .local = "127.0.0.1:51002", .remote = "127.0.0.1:7000" },
    { .kind = SE_EVENT_SEND, .protocol = SE_PROTOCOL_TCP, .connection_id = 10, .call = SE_CALL_SEND,
      .size = 2, .data = (const guint8 *) "ab", .data_len = 2, .ret = 2, .asked = 5,
      .detail = SE_EVENT_DETAIL_PARTIAL_SEND, .detail_arg = 5 },
    { .kind = SE_EVENT_RECEIVE, .protocol = SE_PROTOCOL_TCP, .connection_id = 10, .call = SE_CALL_RECV,
      .asked = 65536, .detail = SE_EVENT_DETAIL_PEER_EOF, .tcp_state = SE_TCP_STATE_CLOSE_WAIT },
    { .kind = SE_EVENT_RECEIVE, .protocol = SE_PROTOCOL_UDP, .call = SE_CALL_RECVFROM, .size = 70000,
      .data = (const guint8 *) "0123456789", .data_len = 10, .ret = 70000, .asked = 10,
      .detail = SE_EVENT_DETAIL_TRUNCATED },
    { .kind = SE_EVENT_CONNECT, .protocol = SE_PROTOCOL_TCP, .connection_id = 11,
      .detail = SE_EVENT_DETAIL_RELAYED, .detail_arg = 12 },
    { .kind = SE_EVENT_SHUTDOWN, .protocol = SE_PROTOCOL_TCP, .connection_id = 10, .call = SE_CALL_SHUTDOWN,
      .asked = 1, .detail = SE_EVENT_DETAIL_SHUT_WR, .tcp_state = SE_TCP_STATE_FIN_WAIT1 },
    /* Not a call: what belongs to calls is not shown. */
    { .kind = SE_EVENT_CLOSE, .protocol = SE_PROTOCOL_TCP, .connection_id = 10,
      .option = SE_SOCKOPT_TCP_NODELAY, .tcp_state = SE_TCP_STATE_CLOSE, .asked = 3 },
    { .kind = SE_EVENT_RESOLVE, .protocol = SE_PROTOCOL_NONE, .remote = "localhost", .text = "127.0.0.1" },
  };
  SeEventInfo from = {
    .kind = SE_EVENT_RECEIVE, .protocol = SE_PROTOCOL_UDP, .call = SE_CALL_RECVFROM,
    .size = 3, .data = (const guint8 *) "\x01\x02x", .data_len = 3, .ret = 3, .asked = 65536,
    .remote_sa = (const struct sockaddr *) &sin, .remote_sa_len = sizeof sin,
  };
  g_autoptr(GString) line = g_string_new (NULL);
  g_auto(GStrv) exported = NULL;
  guint n_exported = 0;
  guint n;

  sin.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  se_traffic_log_set_capture_budget (log, 1024);
  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    se_traffic_log_append_info (log, &calls[i]);
  se_traffic_log_append_info (log, &from);
  se_traffic_log_flush (log);

  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  g_assert_cmpuint (n, ==, 7 + G_N_ELEMENTS (calls) + 1);
  /* A text export is made from the records too. */
  exported = write_lines (log, SE_EXPORT_TEXT, &n_exported);
  g_assert_cmpuint (n_exported, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SeEvent) event = get_event (log, i);
      g_autofree char *expected = se_event_format_text (event);

      g_autofree char *expected_json = se_event_format_json (event);
      g_autoptr(GString) expected_cut = g_string_new (NULL);

      line_of (log, SE_EXPORT_TEXT, i, 0, line);
      g_assert_cmpstr (line->str, ==, expected);
      g_assert_cmpstr (exported[i], ==, expected);

      /* And JSON lines (listen --json), whole and cut to one byte */
      line_of (log, SE_EXPORT_JSON_LINES, i, 0, line);
      g_assert_cmpstr (line->str, ==, expected_json);
      line_of (log, SE_EXPORT_JSON_LINES, i, 1, line);
      se_event_append_json (event, 1, expected_cut);
      g_assert_cmpstr (line->str, ==, expected_cut->str);
      if (se_event_get_size (event) > 1)
        g_assert_nonnull (strstr (line->str, "\"data_complete\":false"));
    }
  line_of (log, SE_EXPORT_TEXT, n - 1, 0, line);
  g_assert_true (g_str_has_suffix (line->str, "recvfrom(65536)=3"));
}

/* A batch of datagrams shares a time: consecutive lines that start the
 * same (time, kind, protocol, connection, addresses) are made with the
 * head of the one before, and still are the items' own lines, also
 * when only one of those differs and after the printed events were
 * dropped and their slots given to other addresses. */
static void
test_text_lines_batch (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  const gint64 t = G_GINT64_CONSTANT (1700000000123456);
  SeEventInfo infos[] = {
    { .kind = SE_EVENT_RECEIVE, .protocol = SE_PROTOCOL_UDP, .local = "127.0.0.1:7", .remote = "127.0.0.1:9",
      .size = 1, .data = (const guint8 *) "a", .data_len = 1, .call = SE_CALL_RECVFROM, .ret = 1, .time = t },
    { .kind = SE_EVENT_RECEIVE, .protocol = SE_PROTOCOL_UDP, .local = "127.0.0.1:7", .remote = "127.0.0.1:9",
      .size = 1, .data = (const guint8 *) "b", .data_len = 1, .call = SE_CALL_RECVFROM, .ret = 1, .time = t },
    { .kind = SE_EVENT_SEND, .protocol = SE_PROTOCOL_UDP, .local = "127.0.0.1:7", .remote = "127.0.0.1:9",
      .size = 1, .data = (const guint8 *) "b", .data_len = 1, .call = SE_CALL_SENDTO, .ret = 1, .time = t },
    { .kind = SE_EVENT_SEND, .protocol = SE_PROTOCOL_UDP, .local = "127.0.0.1:7", .remote = "127.0.0.1:8",
      .size = 1, .data = (const guint8 *) "c", .data_len = 1, .call = SE_CALL_SENDTO, .ret = 1, .time = t },
    { .kind = SE_EVENT_SEND, .protocol = SE_PROTOCOL_UDP, .local = "127.0.0.1:6", .remote = "127.0.0.1:8",
      .size = 1, .data = (const guint8 *) "c", .data_len = 1, .call = SE_CALL_SENDTO, .ret = 1, .time = t },
    { .kind = SE_EVENT_SEND, .protocol = SE_PROTOCOL_TCP, .local = "127.0.0.1:6", .remote = "127.0.0.1:8",
      .size = 1, .data = (const guint8 *) "c", .data_len = 1, .call = SE_CALL_SEND, .ret = 1, .time = t },
    { .kind = SE_EVENT_SEND, .protocol = SE_PROTOCOL_TCP, .connection_id = 3, .local = "127.0.0.1:6",
      .remote = "127.0.0.1:8", .size = 1, .data = (const guint8 *) "c", .data_len = 1, .time = t },
    { .kind = SE_EVENT_SEND, .protocol = SE_PROTOCOL_TCP, .connection_id = 3, .local = "127.0.0.1:6",
      .remote = "127.0.0.1:8", .size = 1, .data = (const guint8 *) "c", .data_len = 1, .time = t + 1 },
    { .kind = SE_EVENT_CONNECT, .protocol = SE_PROTOCOL_TCP, .local = "127.0.0.1:6", .remote = "127.0.0.1:8",
      .time = t + 1 },
    { .kind = SE_EVENT_CONNECT, .protocol = SE_PROTOCOL_TCP, .local = "127.0.0.1:6", .remote = "127.0.0.1:8",
      .detail = SE_EVENT_DETAIL_RELAYED, .detail_arg = 4, .time = t + 1 },
  };

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GString) lines = g_string_new (NULL);
      g_autoptr(GString) expected = g_string_new (NULL);
      guint n;

      /* The second round: other addresses, likely in the slots the
       * first round's had, from the time the first ended (a log's times
       * never go back). */
      if (round == 1)
        for (guint i = 0; i < G_N_ELEMENTS (infos); i++)
          {
            infos[i].local = g_str_equal (infos[i].local, "127.0.0.1:7") ? "[::1]:7" : "[::1]:6";
            infos[i].remote = g_str_equal (infos[i].remote, "127.0.0.1:9") ? "[::1]:9" : "[::1]:8";
            infos[i].time += 1;
          }

      se_traffic_log_append_infos (log, infos, G_N_ELEMENTS (infos));
      se_traffic_log_flush (log);
      n = g_list_model_get_n_items (G_LIST_MODEL (log));
      g_assert_cmpuint (n, ==, G_N_ELEMENTS (infos));

      se_traffic_log_append_lines (log, SE_EXPORT_TEXT, 0, n, 0, lines);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(SeEvent) event = get_event (log, i);
          g_autofree char *line = se_event_format_text (event);

          g_assert_cmpint (se_event_get_time (event), ==, infos[i].time);
          g_string_append (expected, line);
          g_string_append_c (expected, '\n');
        }
      g_assert_cmpstr (lines->str, ==, expected->str);
      se_traffic_log_drop_before (log, n);
    }

  /* The slot of a dropped event's address is given to the next new one:
   * the same slot number, another address. */
  for (guint i = 0; i < 2; i++)
    {
      SeEventInfo close = { .kind = SE_EVENT_CLOSE, .protocol = SE_PROTOCOL_UDP,
                            .remote = i == 0 ? "127.0.0.1:1" : "127.0.0.1:2", .time = t };
      g_autoptr(GString) line = g_string_new (NULL);

      se_traffic_log_append_info (log, &close);
      se_traffic_log_flush (log);
      se_traffic_log_append_lines (log, SE_EXPORT_TEXT, 0, 1, 0, line);
      g_assert_true (g_str_has_suffix (line->str, i == 0 ? " 127.0.0.1:1\n" : " 127.0.0.1:2\n"));
      se_traffic_log_drop_before (log, 1);
    }
}

static void
test_export_json (void)
{
  SeTrafficLog *log = make_sample_log ();
  g_auto(GStrv) lines = NULL;
  guint n_lines;

  lines = write_lines (log, SE_EXPORT_JSON_LINES, &n_lines);
  g_assert_cmpuint (n_lines, ==, 7);
  se_traffic_log_flush (log);

  for (guint i = 0; i < n_lines; i++)
    {
      SeEvent *event = get_event (log, i);
      g_autofree char *formatted = se_event_format_json (event);

      g_assert_cmpstr (lines[i], ==, formatted);
      check_json_line (lines[i], event, i);
      g_assert_finalize_object (event);
    }

  /* The exact values of the tricky ones. */
  {
    g_autoptr(GHashTable) udp = json_parse_flat_object (lines[3]);
    g_autoptr(GHashTable) cut = json_parse_flat_object (lines[4]);
    g_autoptr(GHashTable) error = json_parse_flat_object (lines[5]);

    g_assert_cmpstr (json_get (udp, "proto", 's'), ==, "udp");
    g_assert_cmpstr (json_get (udp, "data", 's'), ==, "4100ff0a225c");
    g_assert_cmpstr (json_get (udp, "local", 's'), ==, "[::1]:5000");
    json_get (udp, "data_complete", 't');

    g_assert_cmpstr (json_get (cut, "size", 'n'), ==, "4");
    g_assert_cmpstr (json_get (cut, "data", 's'), ==, "57");
    g_assert_cmpstr (json_get (cut, "remote", 's'), ==, "");
    json_get (cut, "data_complete", 'f');

    g_assert_cmpstr (json_get (error, "kind", 's'), ==, "error");
    g_assert_cmpstr (json_get (error, "proto", 's'), ==, "unix-dgram");
    g_assert_cmpstr (json_get (error, "conn", 'n'), ==, "0");
    g_assert_cmpstr (json_get (error, "detail", 's'), ==,
                     "bad \xef\xbf\xbd\xef\xbf\xbd end \"q\" \\ \n\t\x01 你好");
    g_assert_cmpstr (json_get (error, "data", 's'), ==, "");
  }

  g_assert_finalize_object (log);
}

static void
test_json_time_iso (void)
{
  SeTrafficLog *log = se_traffic_log_new ();
  g_auto(GStrv) lines = NULL;
  guint n_lines;

  append_simple (log, SE_EVENT_SEND, "t");
  lines = write_lines (log, SE_EXPORT_JSON_LINES, &n_lines);
  g_assert_cmpuint (n_lines, ==, 1);

  {
    g_autoptr(GHashTable) fields = json_parse_flat_object (lines[0]);
    gint64 time = g_ascii_strtoll (json_get (fields, "time", 'n'), NULL, 10);
    g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
    g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (json_get (fields, "time_iso", 's'), utc);

    g_assert_nonnull (parsed);
    g_assert_cmpint (g_date_time_to_unix (parsed) * G_USEC_PER_SEC + g_date_time_get_microsecond (parsed), ==, time);
  }

  g_assert_finalize_object (log);
}

static void
test_write_empty_and_cancelled (void)
{
  SeTrafficLog *log = se_traffic_log_new ();
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_lines = 99;

  lines = write_lines (log, SE_EXPORT_JSON_LINES, &n_lines);
  g_assert_cmpuint (n_lines, ==, 0);

  append_simple (log, SE_EVENT_SEND, "x");
  g_cancellable_cancel (cancellable);
  g_assert_false (se_traffic_log_write (log, SE_EXPORT_TEXT, stream, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_assert_finalize_object (log);
}

static void
run_export_while_busy (gboolean clear_meanwhile)
{
  SeTrafficLog *log = se_traffic_log_new ();
  g_autofree char *dir = se_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "log.jsonl", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_lines = 0;
  const guint n_before = 20000;
  guint8 payload[64];

  for (guint i = 0; i < sizeof payload; i++)
    payload[i] = (guint8) i;

  /* Enough events (and payload to span several arena chunks) that the
   * export is still running while the main thread goes on. */
  se_traffic_log_set_capture_budget (log, 8 * 1024 * 1024);
  for (guint i = 0; i < n_before; i++)
    {
      g_autofree char *remote = g_strdup_printf ("127.0.0.1:%u", 40000 + i % 1000);
      guint8 big[200];

      memset (big, (int) (i & 0xff), sizeof big);
      se_traffic_log_append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_TCP, i % 1000 + 1,
                             "127.0.0.1:7000", remote, sizeof big, big, sizeof big, NULL);
    }
  se_traffic_log_flush (log);

  se_traffic_log_export_async (log, file, SE_EXPORT_JSON_LINES, NULL,
                               se_test_store_result, &result);

  /* The main thread keeps appending (new strings, new records, new arena
   * chunks) while the worker writes. */
  for (guint i = 0; i < 30000; i++)
    {
      g_autofree char *remote = g_strdup_printf ("127.0.0.1:%u", 50000 + i);

      se_traffic_log_append (log, SE_EVENT_SEND, SE_PROTOCOL_UDP, 99999,
                             "127.0.0.1:8000", remote, sizeof payload, payload, sizeof payload,
                             "during export");
      if (i % 1000 == 0)
        one_iteration ();
      if (clear_meanwhile && i == 100)
        se_traffic_log_clear (log);
    }

  se_test_wait_result (&result, 30000);
  g_assert_true (se_traffic_log_export_finish (log, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  /* Exactly the events present at the call. */
  lines = read_file_lines (file, &n_lines);
  g_assert_cmpuint (n_lines, ==, n_before);
  for (guint i = 0; i < n_lines; i += 997)
    {
      g_autoptr(GHashTable) fields = json_parse_flat_object (lines[i]);
      g_autofree char *index_text = g_strdup_printf ("%u", i);
      g_autofree char *remote = g_strdup_printf ("127.0.0.1:%u", 40000 + i % 1000);
      g_autofree char *hex = NULL;
      guint8 big[200];

      memset (big, (int) (i & 0xff), sizeof big);
      hex = se_payload_to_hex (big, sizeof big, FALSE);

      g_assert_nonnull (fields);
      g_assert_cmpstr (json_get (fields, "index", 'n'), ==, index_text);
      g_assert_cmpstr (json_get (fields, "kind", 's'), ==, "receive");
      g_assert_cmpstr (json_get (fields, "remote", 's'), ==, remote);
      g_assert_cmpstr (json_get (fields, "data", 's'), ==, hex);
      json_get (fields, "data_complete", 't');
    }
  {
    g_autoptr(GHashTable) last = json_parse_flat_object (lines[n_lines - 1]);

    g_assert_nonnull (last);
    g_assert_cmpstr (json_get (last, "kind", 's'), ==, "receive");
  }

  g_unlink (path);
  se_test_remove_dir (dir);
  g_assert_finalize_object (log);
}

static void
test_export_async_while_appending (void)
{
  run_export_while_busy (FALSE);
}

static void
test_export_async_while_clearing (void)
{
  run_export_while_busy (TRUE);
}

static void
test_export_async_text_replaces (void)
{
  SeTrafficLog *log = make_sample_log ();
  g_autofree char *dir = se_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "log.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) expected = NULL;
  guint n_lines = 0;
  guint n_expected = 0;

  g_assert_true (g_file_set_contents (path, "old contents, much longer than nothing\n", -1, NULL));

  se_traffic_log_export_async (log, file, SE_EXPORT_TEXT, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, 10000);
  g_assert_true (se_traffic_log_export_finish (log, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  lines = read_file_lines (file, &n_lines);
  expected = write_lines (log, SE_EXPORT_TEXT, &n_expected);
  g_assert_cmpuint (n_lines, ==, 7);
  g_assert_cmpstrv (lines, expected);

  g_unlink (path);
  se_test_remove_dir (dir);
  g_assert_finalize_object (log);
}

static void
test_export_async_errors (void)
{
  SeTrafficLog *log = make_sample_log ();
  g_autofree char *dir = se_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "missing-dir", "log.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  /* A file in a folder that does not exist. */
  se_traffic_log_export_async (log, file, SE_EXPORT_TEXT, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, 10000);
  g_assert_false (se_traffic_log_export_finish (log, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&result);

  /* Cancelled before it starts: no file is made. */
  g_clear_object (&file);
  g_free (path);
  path = g_build_filename (dir, "cancelled.txt", NULL);
  file = g_file_new_for_path (path);
  g_cancellable_cancel (cancellable);
  se_traffic_log_export_async (log, file, SE_EXPORT_TEXT, cancellable, se_test_store_result, &result);
  se_test_wait_result (&result, 10000);
  g_assert_false (se_traffic_log_export_finish (log, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_object (&result);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  se_test_remove_dir (dir);
  g_assert_finalize_object (log);
}

static void
test_export_safe_replace (void)
{
  SeTrafficLog *log = make_sample_log ();
  g_autofree char *dir = se_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "log.txt", NULL);
  g_autofree char *old_link = g_build_filename (dir, "old-link.txt", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *names = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) expected = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  guint n_lines = 0;
  guint n_expected = 0;
  int old_umask;

  /* An old file anyone may read, with a second name (a hard link): if
   * the export wrote into that file instead of replacing it, the second
   * name would show the new contents. */
  g_assert_true (g_file_set_contents (path, "old contents\n", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_assert_cmpint (link (path, old_link), ==, 0);

  /* Even with a umask that lets everyone read. */
  old_umask = umask (0);
  export_and_wait (log, path, SE_EXPORT_TEXT, NULL, &error, TRUE);
  umask (old_umask);
  g_assert_no_error (error);

  lines = read_file_lines (file, &n_lines);
  expected = write_lines (log, SE_EXPORT_TEXT, &n_expected);
  g_assert_cmpstrv (lines, expected);
  g_assert_cmpint (file_mode (path), ==, 0600);

  g_assert_true (g_file_get_contents (old_link, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old contents\n");
  g_assert_cmpint (file_mode (old_link), ==, 0644);

  /* No temporary file is left. */
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "log.txt old-link.txt");

  g_unlink (old_link);
  g_unlink (path);
  se_test_remove_dir (dir);
  g_assert_finalize_object (log);
}

static void
test_export_safe_symlink (void)
{
  SeTrafficLog *log = make_sample_log ();
  g_autofree char *dir = se_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "log.jsonl", NULL);
  g_autofree char *victim = g_build_filename (dir, "victim", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *names = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_lines = 0;
  GStatBuf buf;

  /* A link planted where the export goes must not make it write
   * through to another file. */
  g_assert_true (g_file_set_contents (victim, "precious\n", -1, NULL));
  g_assert_cmpint (symlink ("victim", path), ==, 0);

  export_and_wait (log, path, SE_EXPORT_JSON_LINES, NULL, &error, TRUE);
  g_assert_no_error (error);

  g_assert_cmpint (g_lstat (path, &buf), ==, 0);
  g_assert_true (S_ISREG (buf.st_mode));
  g_assert_cmpint (buf.st_mode & 07777, ==, 0600);
  lines = read_file_lines (file, &n_lines);
  g_assert_cmpuint (n_lines, ==, 7);

  g_assert_true (g_file_get_contents (victim, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "precious\n");

  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "log.jsonl victim");

  g_unlink (victim);
  g_unlink (path);
  se_test_remove_dir (dir);
  g_assert_finalize_object (log);
}

typedef struct
{
  const char   *dir;
  GCancellable *cancellable;
  int           temp_mode;  /* of the temporary file, or -1 */
} CancelWhenWriting;

/* Cancels as soon as the export's temporary file shows up. */
static gboolean
cancel_when_writing (gpointer data)
{
  CancelWhenWriting *cw = data;
  g_autoptr(GDir) dir = g_dir_open (cw->dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, ".log.txt."))
      {
        g_autofree char *temp = g_build_filename (cw->dir, name, NULL);
        GStatBuf buf;

        if (g_lstat (temp, &buf) == 0)
          cw->temp_mode = buf.st_mode & 07777;
        g_cancellable_cancel (cw->cancellable);
        return TRUE;
      }

  return FALSE;
}

static void
test_export_safe_cancel (void)
{
  SeTrafficLog *log = se_traffic_log_new ();
  g_autofree char *dir = se_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "log.txt", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *names = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  CancelWhenWriting cw = { dir, cancellable, -1 };
  GAsyncResult *result = NULL;

  /* Cancelled before it starts: no file, no temporary file. */
  g_cancellable_cancel (cancellable);
  append_numbered (log, 0);
  export_and_wait (log, path, SE_EXPORT_TEXT, cancellable, &error, FALSE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "");
  g_clear_pointer (&names, g_free);

  /* Cancelled while writing, over an old file: the old file stays as it
   * was, the temporary one goes. Enough events that the export takes
   * far longer than it takes to see its temporary file. */
  g_cancellable_reset (cancellable);
  g_assert_true (g_file_set_contents (path, "old contents\n", -1, NULL));
  for (guint i = 1; i < 400000; i++)
    append_numbered (log, i);

  se_traffic_log_export_async (log, file, SE_EXPORT_TEXT, cancellable, se_test_store_result, &result);
  g_assert_true (se_test_wait_until (cancel_when_writing, &cw, 30000));
  se_test_wait_result (&result, 30000);
  g_assert_false (se_traffic_log_export_finish (log, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_object (&result);

  /* Only the user could read it while it was being written. */
  if (cw.temp_mode != -1)
    g_assert_cmpint (cw.temp_mode, ==, 0600);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old contents\n");
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "log.txt");

  g_unlink (path);
  se_test_remove_dir (dir);
  g_assert_finalize_object (log);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/traffic-log/export/text", test_export_text);
  g_test_add_func ("/traffic-log/export/text-preview-length", test_export_text_preview_length);
  g_test_add_func ("/traffic-log/export/lines-from-record", test_lines_from_record);
  g_test_add_func ("/traffic-log/export/text-lines-batch", test_text_lines_batch);
  g_test_add_func ("/traffic-log/export/json", test_export_json);
  g_test_add_func ("/traffic-log/export/json-time-iso", test_json_time_iso);
  g_test_add_func ("/traffic-log/export/empty-and-cancelled", test_write_empty_and_cancelled);
  g_test_add_func ("/traffic-log/export/async-while-appending", test_export_async_while_appending);
  g_test_add_func ("/traffic-log/export/async-while-clearing", test_export_async_while_clearing);
  g_test_add_func ("/traffic-log/export/async-text-replaces", test_export_async_text_replaces);
  g_test_add_func ("/traffic-log/export/async-errors", test_export_async_errors);
  g_test_add_func ("/traffic-log/export/safe-replace", test_export_safe_replace);
  g_test_add_func ("/traffic-log/export/safe-symlink", test_export_safe_symlink);
  g_test_add_func ("/traffic-log/export/safe-cancel", test_export_safe_cancel);

  return g_test_run ();
}
