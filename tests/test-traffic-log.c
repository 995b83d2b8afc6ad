/* test-traffic-log.c: the traffic log model, its batching, capture budget and addresses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "se-endpoint.h"
#include "se-event.h"
#include "se-payload.h"
#include "se-test-util.h"
#include "se-traffic-log.h"
#include "traffic-log-test-util.h"

static void
test_json_reader (void)
{
  /* The checker itself must reject what is not JSON. */
  static const char * const bad[] = {
    "", "{", "{\"a\":1", "{\"a\":01}", "{\"a\":\"x\ny\"}", "{\"a\":\"\\x41\"}",
    "{\"a\":\"\\ud800\"}", "{\"a\":\"\xff\"}", "{\"a\":1,}", "{\"a\":1}x", "{\"a\":1,\"a\":2}",
  };
  g_autoptr(GHashTable) fields = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GHashTable) f = json_parse_flat_object (bad[i]);

      if (f != NULL)
        g_error ("accepted invalid JSON: %s", bad[i]);
    }

  fields = json_parse_flat_object ("{\"s\":\"a\\\"b\\\\\\u00e9\\ud83d\\ude00\",\"n\":-12,\"t\":true,\"f\":false}");
  g_assert_nonnull (fields);
  g_assert_cmpstr (json_get (fields, "s", 's'), ==, "a\"b\\é😀");
  g_assert_cmpstr (json_get (fields, "n", 'n'), ==, "-12");
  json_get (fields, "t", 't');
  json_get (fields, "f", 'f');
}

/* Tests */

static void
test_kind_strings (void)
{
  static const char * const names[] = {
    "bind", "listen", "accept", "connect", "send", "receive",
    "shutdown", "close", "error", "resolve", "socket", "setsockopt", "join", "leave", "tls",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == SE_EVENT_N_KINDS);

  for (guint i = 0; i < SE_EVENT_N_KINDS; i++)
    {
      SeEventKind kind = SE_EVENT_N_KINDS;

      g_assert_cmpstr (se_event_kind_to_string (i), ==, names[i]);
      g_assert_true (se_event_kind_from_string (names[i], &kind));
      g_assert_cmpint (kind, ==, i);
    }

  g_assert_false (se_event_kind_from_string ("", NULL));
  g_assert_false (se_event_kind_from_string ("recv", NULL));
  g_assert_false (se_event_kind_from_string ("sendx", NULL));
}

static void
test_batching (void)
{
  SeTrafficLog *log = se_traffic_log_new ();
  Recorder rec;
  guint n_events = 0;

  recorder_init (&rec, log);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (log)) == SE_TYPE_EVENT);

  /* N appends: nothing visible yet. */
  for (guint i = 0; i < 5; i++)
    g_assert_cmpuint (append_simple (log, SE_EVENT_SEND, "x"), ==, i);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (log), 0));
  g_assert_cmpuint (rec.changes->len, ==, 0);
  g_object_get (log, "n-events", &n_events, NULL);
  g_assert_cmpuint (n_events, ==, 5);

  /* One main-loop iteration: exactly one items-changed for all of them. */
  one_iteration ();
  g_assert_cmpuint (rec.changes->len, ==, 1);
  assert_change (&rec, 0, 0, 0, 5);
  g_assert_cmpuint (g_array_index (rec.changes, Change, 0).n_items_then, ==, 5);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 5);
  g_assert_cmpuint (rec.n_items_notifies, ==, 1);
  g_assert_cmpuint (rec.n_events_notifies, ==, 1);

  /* Nothing pending: more iterations say nothing. */
  se_test_spin (20);
  g_assert_cmpuint (rec.changes->len, ==, 1);

  /* A second batch starts where the first ended. */
  for (guint i = 0; i < 3; i++)
    append_simple (log, SE_EVENT_RECEIVE, "y");
  one_iteration ();
  g_assert_cmpuint (rec.changes->len, ==, 2);
  assert_change (&rec, 1, 5, 0, 3);
  g_assert_cmpuint (g_array_index (rec.changes, Change, 1).n_items_then, ==, 8);

  /* An explicit flush tells the views at once, and the scheduled flush
   * then has nothing left to say. */
  append_simple (log, SE_EVENT_SEND, "a");
  append_simple (log, SE_EVENT_SEND, "b");
  se_traffic_log_flush (log);
  g_assert_cmpuint (rec.changes->len, ==, 3);
  assert_change (&rec, 2, 8, 0, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 10);
  se_test_spin (20);
  g_assert_cmpuint (rec.changes->len, ==, 3);

  /* Flushing with nothing pending is silent. */
  se_traffic_log_flush (log);
  g_assert_cmpuint (rec.changes->len, ==, 3);
  g_assert_cmpuint (rec.n_items_notifies, ==, 3);

  /* A big burst is still one signal. */
  for (guint i = 0; i < 10000; i++)
    append_simple (log, SE_EVENT_RECEIVE, "burst");
  one_iteration ();
  g_assert_cmpuint (rec.changes->len, ==, 4);
  assert_change (&rec, 3, 10, 0, 10000);

  recorder_finish (&rec, log);
  g_assert_finalize_object (log);
}

static void
test_get_item (void)
{
  SeTrafficLog *log = se_traffic_log_new ();
  static const guint8 payload[] = { 'h', 'i', 0, 0xff, '\n' };
  gint64 before, after;
  SeEvent *event;
  SeEvent *again;
  SeEventKind kind;
  SeProtocol protocol;
  guint64 size;
  guint index, conn;
  gboolean complete;
  g_autofree char *local = NULL;
  g_autofree char *detail = NULL;
  GBytes *data_prop = NULL;

  before = g_get_real_time ();
  g_assert_cmpuint (se_traffic_log_append (log, SE_EVENT_LISTEN, SE_PROTOCOL_TCP, 0,
                                           "127.0.0.1:7000", NULL, 0, NULL, 0, NULL), ==, 0);
  g_assert_cmpuint (se_traffic_log_append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_UDP, 42,
                                           "[::1]:9000", "[::1]:40000",
                                           sizeof payload, payload, sizeof payload, ""), ==, 1);
  g_assert_cmpuint (se_traffic_log_append (log, SE_EVENT_ERROR, SE_PROTOCOL_UNIX, 7,
                                           "", "/tmp/x.sock", 0, NULL, 0,
                                           "Connection refused (ECONNREFUSED)"), ==, 2);
  g_assert_cmpuint (se_traffic_log_append (log, SE_EVENT_SEND, SE_PROTOCOL_UNIX_DGRAM, 43,
                                           "[::1]:9000", "[::1]:40000", 0, NULL, 0, NULL), ==, 3);
  after = g_get_real_time ();
  se_traffic_log_flush (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 4);

  event = get_event (log, 0);
  g_assert_cmpuint (se_event_get_index (event), ==, 0);
  g_assert_cmpint (se_event_get_time (event), >=, before);
  g_assert_cmpint (se_event_get_time (event), <=, after);
  g_assert_cmpint (se_event_get_kind (event), ==, SE_EVENT_LISTEN);
  g_assert_cmpint (se_event_get_protocol (event), ==, SE_PROTOCOL_TCP);
  g_assert_cmpuint (se_event_get_connection_id (event), ==, 0);
  g_assert_cmpstr (se_event_get_local (event), ==, "127.0.0.1:7000");
  g_assert_cmpstr (se_event_get_remote (event), ==, "");
  g_assert_cmpuint (se_event_get_size (event), ==, 0);
  assert_data (event, NULL, 0);
  g_assert_true (se_event_get_data_complete (event));
  g_assert_cmpstr (se_event_get_detail (event), ==, "");
  g_assert_finalize_object (event);

  event = get_event (log, 1);
  g_assert_cmpuint (se_event_get_index (event), ==, 1);
  g_assert_cmpint (se_event_get_kind (event), ==, SE_EVENT_RECEIVE);
  g_assert_cmpint (se_event_get_protocol (event), ==, SE_PROTOCOL_UDP);
  g_assert_cmpuint (se_event_get_connection_id (event), ==, 42);
  g_assert_cmpstr (se_event_get_local (event), ==, "[::1]:9000");
  g_assert_cmpstr (se_event_get_remote (event), ==, "[::1]:40000");
  g_assert_cmpuint (se_event_get_size (event), ==, sizeof payload);
  assert_data (event, payload, sizeof payload);
  g_assert_true (se_event_get_data_complete (event));
  g_assert_cmpstr (se_event_get_detail (event), ==, "");

  /* The same fields as properties, for list views' expressions. */
  g_object_get (event,
                "index", &index,
                "kind", &kind,
                "protocol", &protocol,
                "connection-id", &conn,
                "local", &local,
                "size", &size,
                "data", &data_prop,
                "data-complete", &complete,
                "detail", &detail,
                NULL);
  g_assert_cmpuint (index, ==, 1);
  g_assert_cmpint (kind, ==, SE_EVENT_RECEIVE);
  g_assert_cmpint (protocol, ==, SE_PROTOCOL_UDP);
  g_assert_cmpuint (conn, ==, 42);
  g_assert_cmpstr (local, ==, "[::1]:9000");
  g_assert_cmpuint (size, ==, sizeof payload);
  g_assert_true (g_bytes_equal (data_prop, se_event_get_data (event)));
  g_assert_true (complete);
  g_assert_cmpstr (detail, ==, "");
  g_bytes_unref (data_prop);

  /* Items are made on demand: a new object each time, with the same
   * content; repeated addresses are stored once. */
  again = get_event (log, 1);
  g_assert_true (again != event);
  g_assert_cmpuint (se_event_get_connection_id (again), ==, 42);
  {
    SeEvent *fourth = get_event (log, 3);

    g_assert_true (se_event_get_local (fourth) == se_event_get_local (event));
    g_assert_true (se_event_get_remote (fourth) == se_event_get_remote (event));
    g_assert_cmpint (se_event_get_protocol (fourth), ==, SE_PROTOCOL_UNIX_DGRAM);
    g_assert_cmpuint (se_event_get_size (fourth), ==, 0);
    g_assert_true (se_event_get_data_complete (fourth));
    g_assert_finalize_object (fourth);
  }
  g_assert_finalize_object (again);
  g_assert_finalize_object (event);

  event = get_event (log, 2);
  g_assert_cmpint (se_event_get_kind (event), ==, SE_EVENT_ERROR);
  g_assert_cmpint (se_event_get_protocol (event), ==, SE_PROTOCOL_UNIX);
  g_assert_cmpstr (se_event_get_local (event), ==, "");
  g_assert_cmpstr (se_event_get_remote (event), ==, "/tmp/x.sock");
  g_assert_cmpstr (se_event_get_detail (event), ==, "Connection refused (ECONNREFUSED)");
  g_assert_finalize_object (event);

  g_assert_null (g_list_model_get_item (G_LIST_MODEL (log), 4));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (log), G_MAXUINT));

  g_assert_finalize_object (log);
}

/* The CLI's text lines show a preview: the log keeps only as much of each
 * payload as the preview can show, and the line looks as if it had all. */
static void
test_capture_per_event (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autofree guint8 *big = g_malloc (4096);
  g_autofree char *line = NULL;
  g_autofree char *full_line = NULL;
  SeEvent *event;

  memset (big, 'x', 4096);
  g_assert_cmpuint (se_traffic_log_get_capture_per_event (log), ==, 0);
  se_traffic_log_append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_TCP, 1, "a", "b", 4096, big, 4096, NULL);
  se_traffic_log_set_capture_per_event (log, SE_EVENT_TEXT_PREVIEW_BYTES);
  g_assert_cmpuint (se_traffic_log_get_capture_per_event (log), ==, SE_EVENT_TEXT_PREVIEW_BYTES);
  se_traffic_log_append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_TCP, 1, "a", "b", 4096, big, 4096, NULL);
  se_traffic_log_append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_TCP, 1, "a", "b", 5, big, 5, NULL);
  g_assert_cmpuint (se_traffic_log_get_retained_bytes (log), ==, 4096 + SE_EVENT_TEXT_PREVIEW_BYTES + 5);
  se_traffic_log_flush (log);

  event = get_event (log, 0);
  full_line = se_event_format_text (event);
  g_assert_finalize_object (event);

  event = get_event (log, 1);
  g_assert_cmpuint (se_event_get_size (event), ==, 4096);
  assert_data (event, big, SE_EVENT_TEXT_PREVIEW_BYTES);
  g_assert_false (se_event_get_data_complete (event));
  line = se_event_format_text (event);
  g_assert_finalize_object (event);
  /* Same line but for the time: a cut preview, no "not retained" note. */
  g_assert_cmpstr (strchr (line, ' '), ==, strchr (full_line, ' '));
  g_assert_null (strstr (line, "not retained"));
  g_assert_nonnull (strstr (line, "…"));

  /* Short payloads are kept whole. */
  event = get_event (log, 2);
  g_assert_true (se_event_get_data_complete (event));
  g_assert_finalize_object (event);
}

static void
test_capture_budget (void)
{
  SeTrafficLog *log = se_traffic_log_new ();
  static const guint8 six[] = "abcdef";
  static const guint8 five[] = "12345";
  SeEvent *event;

  g_assert_cmpuint (se_traffic_log_get_capture_budget (log), ==, SE_TRAFFIC_LOG_DEFAULT_CAPTURE_BUDGET);
  se_traffic_log_set_capture_budget (log, 10);
  g_assert_cmpuint (se_traffic_log_get_capture_budget (log), ==, 10);

  se_traffic_log_append (log, SE_EVENT_SEND, SE_PROTOCOL_TCP, 1, "a", "b", 6, six, 6, NULL);
  g_assert_cmpuint (se_traffic_log_get_retained_bytes (log), ==, 6);
  se_traffic_log_append (log, SE_EVENT_SEND, SE_PROTOCOL_TCP, 1, "a", "b", 6, six, 6, NULL);
  g_assert_cmpuint (se_traffic_log_get_retained_bytes (log), ==, 10);
  se_traffic_log_append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_TCP, 1, "a", "b", 5, five, 5, NULL);
  se_traffic_log_append (log, SE_EVENT_CLOSE, SE_PROTOCOL_TCP, 1, "a", "b", 0, NULL, 0, NULL);
  /* A size larger than the bytes given (say, a UDP datagram cut by the
   * read buffer): the size stays exact, the data is not complete. */
  se_traffic_log_append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_UDP, 0, "a", "b", 1000000, NULL, 0, NULL);
  g_assert_cmpuint (se_traffic_log_get_retained_bytes (log), ==, 10);
  se_traffic_log_flush (log);

  event = get_event (log, 0);
  g_assert_cmpuint (se_event_get_size (event), ==, 6);
  assert_data (event, six, 6);
  g_assert_true (se_event_get_data_complete (event));
  g_assert_finalize_object (event);

  /* Only what fits of the second one. */
  event = get_event (log, 1);
  g_assert_cmpuint (se_event_get_size (event), ==, 6);
  assert_data (event, six, 4);
  g_assert_false (se_event_get_data_complete (event));
  g_assert_finalize_object (event);

  /* Nothing of the third, but its size is exact. */
  event = get_event (log, 2);
  g_assert_cmpuint (se_event_get_size (event), ==, 5);
  assert_data (event, NULL, 0);
  g_assert_false (se_event_get_data_complete (event));
  g_assert_finalize_object (event);

  /* An event without bytes is complete even past the budget. */
  event = get_event (log, 3);
  g_assert_cmpuint (se_event_get_size (event), ==, 0);
  g_assert_true (se_event_get_data_complete (event));
  g_assert_finalize_object (event);

  event = get_event (log, 4);
  g_assert_cmpuint (se_event_get_size (event), ==, 1000000);
  assert_data (event, NULL, 0);
  g_assert_false (se_event_get_data_complete (event));
  g_assert_finalize_object (event);

  /* Raising the budget lets new events keep their bytes again. */
  se_traffic_log_set_capture_budget (log, 15);
  se_traffic_log_append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_TCP, 1, "a", "b", 5, five, 5, NULL);
  se_traffic_log_flush (log);
  event = get_event (log, 5);
  assert_data (event, five, 5);
  g_assert_true (se_event_get_data_complete (event));
  g_assert_finalize_object (event);
  g_assert_cmpuint (se_traffic_log_get_retained_bytes (log), ==, 15);

  /* Clearing frees the budget. */
  se_traffic_log_clear (log);
  g_assert_cmpuint (se_traffic_log_get_retained_bytes (log), ==, 0);
  se_traffic_log_append (log, SE_EVENT_SEND, SE_PROTOCOL_TCP, 1, "a", "b", 6, six, 6, NULL);
  se_traffic_log_flush (log);
  event = get_event (log, 0);
  assert_data (event, six, 6);
  g_assert_true (se_event_get_data_complete (event));
  g_assert_finalize_object (event);

  g_assert_finalize_object (log);
}

/* Payloads of every size land intact, across arena chunks and in blocks
 * of their own. */
static void
test_large_payloads (void)
{
  SeTrafficLog *log = se_traffic_log_new ();
  static const gsize sizes[] = { 1, 100 * 1000, 300 * 1000, 1, 700 * 1000, 200 * 1000, 262144, 3 * 1000 * 1000, 5 };
  g_autofree guint8 *buffer = g_malloc (3 * 1000 * 1000);
  gsize total = 0;

  for (gsize i = 0; i < 3 * 1000 * 1000; i++)
    buffer[i] = (guint8) (i * 7 + i / 251);

  for (guint round = 0; round < 4; round++)
    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
      {
        /* Each event starts at a different place in the pattern. */
        gsize start = (round * 13 + i * 101) % 1000;
        gsize len = MIN (sizes[i], 3 * 1000 * 1000 - start);

        se_traffic_log_append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_TCP, i, "l", "r",
                               len, buffer + start, len, NULL);
        total += len;
      }
  se_traffic_log_flush (log);

  g_assert_cmpuint (se_traffic_log_get_retained_bytes (log), ==, total);
  g_assert_cmpuint (se_traffic_log_get_memory_size (log), >=, total);

  for (guint round = 0; round < 4; round++)
    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
      {
        gsize start = (round * 13 + i * 101) % 1000;
        gsize len = MIN (sizes[i], 3 * 1000 * 1000 - start);
        SeEvent *event = get_event (log, round * G_N_ELEMENTS (sizes) + i);

        g_assert_cmpuint (se_event_get_size (event), ==, len);
        assert_data (event, buffer + start, len);
        g_assert_true (se_event_get_data_complete (event));
        g_assert_finalize_object (event);
      }

  g_assert_finalize_object (log);
}

static void
test_clear (void)
{
  SeTrafficLog *log = se_traffic_log_new ();
  Recorder rec;
  SeEvent *kept;
  gsize empty_size = se_traffic_log_get_memory_size (log);
  g_autofree guint8 *big = g_malloc0 (200 * 1000);

  recorder_init (&rec, log);

  for (guint i = 0; i < 10; i++)
    append_simple (log, SE_EVENT_SEND, "hello");
  se_traffic_log_append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_TCP, 1, "l", "r",
                         200 * 1000, big, 200 * 1000, "big");
  se_traffic_log_flush (log);
  g_assert_cmpuint (rec.changes->len, ==, 1);
  g_assert_cmpuint (se_traffic_log_get_memory_size (log), >, empty_size + 200 * 1000);

  kept = get_event (log, 10);

  se_traffic_log_clear (log);
  g_assert_cmpuint (rec.changes->len, ==, 2);
  assert_change (&rec, 1, 0, 11, 0);
  g_assert_cmpuint (g_array_index (rec.changes, Change, 1).n_items_then, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (log), 0));
  g_assert_cmpuint (se_traffic_log_get_retained_bytes (log), ==, 0);
  g_assert_cmpuint (se_traffic_log_get_memory_size (log), ==, empty_size);

  /* An item taken before the clear still holds its own copy. */
  g_assert_cmpstr (se_event_get_local (kept), ==, "l");
  g_assert_cmpstr (se_event_get_detail (kept), ==, "big");
  assert_data (kept, big, 200 * 1000);
  g_assert_finalize_object (kept);

  /* Indices start again at 0. */
  g_assert_cmpuint (append_simple (log, SE_EVENT_SEND, "again"), ==, 0);

  /* Clearing drops pending records too; views never saw them, so there is
   * nothing to remove and no signal. */
  se_traffic_log_clear (log);
  g_assert_cmpuint (rec.changes->len, ==, 2);
  se_test_spin (20);
  g_assert_cmpuint (rec.changes->len, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);

  /* Clearing an empty log is silent. */
  se_traffic_log_clear (log);
  g_assert_cmpuint (rec.changes->len, ==, 2);

  recorder_finish (&rec, log);
  g_assert_finalize_object (log);
}

static void
test_pause (void)
{
  SeTrafficLog *log = se_traffic_log_new ();
  Recorder rec;
  guint n_events = 0;
  gboolean paused = FALSE;

  recorder_init (&rec, log);

  append_simple (log, SE_EVENT_SEND, "seen");
  one_iteration ();
  g_assert_cmpuint (rec.changes->len, ==, 1);

  se_traffic_log_set_paused (log, TRUE);
  g_assert_true (se_traffic_log_get_paused (log));
  g_object_get (log, "paused", &paused, NULL);
  g_assert_true (paused);

  for (guint i = 0; i < 4; i++)
    append_simple (log, SE_EVENT_RECEIVE, "held");

  /* Appended and counted, but the views are not told. */
  se_test_spin (20);
  se_traffic_log_flush (log);
  g_assert_cmpuint (rec.changes->len, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 1);
  g_object_get (log, "n-events", &n_events, NULL);
  g_assert_cmpuint (n_events, ==, 5);
  g_assert_cmpuint (rec.n_events_notifies, ==, 2);

  /* Resuming shows them in one signal. */
  se_traffic_log_set_paused (log, FALSE);
  g_assert_false (se_traffic_log_get_paused (log));
  g_assert_cmpuint (rec.changes->len, ==, 2);
  assert_change (&rec, 1, 1, 0, 4);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 5);
  se_test_spin (20);
  g_assert_cmpuint (rec.changes->len, ==, 2);

  /* Setting the same value again changes nothing. */
  se_traffic_log_set_paused (log, FALSE);
  g_assert_cmpuint (rec.changes->len, ==, 2);

  /* Clear while paused empties what the views see. */
  se_traffic_log_set_paused (log, TRUE);
  append_simple (log, SE_EVENT_RECEIVE, "held");
  se_traffic_log_clear (log);
  g_assert_cmpuint (rec.changes->len, ==, 3);
  assert_change (&rec, 2, 0, 5, 0);
  se_traffic_log_set_paused (log, FALSE);
  g_assert_cmpuint (rec.changes->len, ==, 3);

  recorder_finish (&rec, log);
  g_assert_finalize_object (log);
}

static void
test_memory_compact (void)
{
  SeTrafficLog *log = se_traffic_log_new ();
  gsize empty = se_traffic_log_get_memory_size (log);
  guint8 payload[64] = { 0 };
  const guint n = 100000;
  gsize per_event;

  for (guint i = 0; i < n; i++)
    {
      char remote[32];

      g_snprintf (remote, sizeof remote, "127.0.0.1:%u", 40000 + i % 500);
      se_traffic_log_append (log, (i & 1) ? SE_EVENT_SEND : SE_EVENT_RECEIVE, SE_PROTOCOL_TCP,
                             i % 500 + 1, "127.0.0.1:7000", remote,
                             sizeof payload, payload, sizeof payload, NULL);
    }

  g_assert_cmpuint (se_traffic_log_get_retained_bytes (log), ==, (gsize) n * sizeof payload);

  /* Records plus payload, with a little slack for chunks and strings:
   * well under 100 bytes per event on top of the payload. */
  per_event = (se_traffic_log_get_memory_size (log) - empty - n * sizeof payload) / n;
  g_test_message ("%" G_GSIZE_FORMAT " bytes per event besides the payload", per_event);
  g_assert_cmpuint (per_event, <, 100);

  g_assert_finalize_object (log);
}

/* Coded details are stored as codes: 100,000 accepts, each with its own
 * connection number, cost no string each, and still read as text. */
static void
test_coded_details (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeTrafficLog) texts = se_traffic_log_new ();
  const guint n = 100000;

  for (guint i = 1; i <= n; i++)
    {
      SeEventInfo info = {
        .kind = SE_EVENT_ACCEPT,
        .protocol = SE_PROTOCOL_TCP,
        .connection_id = i,
        .local = "127.0.0.1:7000",
        .remote = "127.0.0.1:50000",
        .detail = SE_EVENT_DETAIL_ACCEPTED,
      };
      g_autofree char *text = g_strdup_printf ("accept() returned a new socket for connection #%u", i);

      se_traffic_log_append_info (log, &info);
      info.detail = SE_EVENT_DETAIL_TEXT;
      info.text = text;
      se_traffic_log_append_info (texts, &info);
    }
  se_traffic_log_flush (log);
  se_traffic_log_flush (texts);

  /* The same events as text hold a string each; as codes, none. */
  g_assert_cmpuint (se_traffic_log_get_memory_size (log) + n * 40, <, se_traffic_log_get_memory_size (texts));

  {
    g_autoptr(SeEvent) first = g_list_model_get_item (G_LIST_MODEL (log), 0);
    g_autoptr(SeEvent) last = g_list_model_get_item (G_LIST_MODEL (log), n - 1);

    g_assert_cmpstr (se_event_get_detail (first), ==, "accept() returned a new socket for connection #1");
    g_assert_cmpstr (se_event_get_detail (last), ==, "accept() returned a new socket for connection #100000");
  }

  /* Every code reads as its text, from its fields. */
  {
    SeEventInfo partial = {
      .kind = SE_EVENT_SEND, .protocol = SE_PROTOCOL_TCP, .connection_id = 3,
      .size = 10, .data = (const guint8 *) "0123456789", .data_len = 10,
      .detail = SE_EVENT_DETAIL_PARTIAL_SEND, .detail_arg = 25,
    };
    SeEventInfo truncated = {
      .kind = SE_EVENT_RECEIVE, .protocol = SE_PROTOCOL_UNIX_DGRAM,
      .size = 70000, .data = (const guint8 *) "abc", .data_len = 3,
      .detail = SE_EVENT_DETAIL_TRUNCATED,
    };
    SeEventInfo connected = {
      .kind = SE_EVENT_CONNECT, .protocol = SE_PROTOCOL_TCP, .local = "127.0.0.1:4000",
      .detail = SE_EVENT_DETAIL_CONNECTED,
    };
    SeEventInfo listening = {
      .kind = SE_EVENT_LISTEN, .protocol = SE_PROTOCOL_TCP,
      .detail = SE_EVENT_DETAIL_LISTENING, .detail_arg = 5,
    };
    g_autoptr(SeTrafficLog) small = se_traffic_log_new ();
    const char *want[] = {
      "partial send: 10 of 25 bytes accepted by the kernel, the rest is queued",
      "datagram of 70000 bytes truncated to 3",
      "connect() succeeded: this side got 127.0.0.1:4000 from the system",
      "listen(backlog=5): waiting for connections",
    };

    se_traffic_log_append_info (small, &partial);
    se_traffic_log_append_info (small, &truncated);
    se_traffic_log_append_info (small, &connected);
    se_traffic_log_append_info (small, &listening);
    se_traffic_log_flush (small);
    for (guint i = 0; i < G_N_ELEMENTS (want); i++)
      {
        g_autoptr(SeEvent) event = g_list_model_get_item (G_LIST_MODEL (small), i);

        g_assert_cmpstr (se_event_get_detail (event), ==, want[i]);
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/traffic-log/json-reader", test_json_reader);
  g_test_add_func ("/traffic-log/kind-strings", test_kind_strings);
  g_test_add_func ("/traffic-log/batching", test_batching);
  g_test_add_func ("/traffic-log/get-item", test_get_item);
  g_test_add_func ("/traffic-log/capture-budget", test_capture_budget);
  g_test_add_func ("/traffic-log/capture-per-event", test_capture_per_event);
  g_test_add_func ("/traffic-log/large-payloads", test_large_payloads);
  g_test_add_func ("/traffic-log/clear", test_clear);
  g_test_add_func ("/traffic-log/pause", test_pause);
  g_test_add_func ("/traffic-log/memory-compact", test_memory_compact);
  g_test_add_func ("/traffic-log/coded-details", test_coded_details);

  return g_test_run ();
}
