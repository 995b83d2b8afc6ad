/* test-traffic-log-budget.c: the traffic log's memory budget: the oldest events dropped, nothing lost silently
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
test_drop_before (void)
{
  SeTrafficLog *log = se_traffic_log_new ();
  g_autoptr(GBytes) big_data = NULL;
  g_autofree char *message = NULL;
  g_autofree guint8 *big = g_malloc (300 * 1024);
  Recorder rec;

  g_assert_null (se_traffic_log_dup_dropped_message (log));

  /* A large payload gets an arena block of its own, and its item shares
   * it: the item must stay good after the log drops the event. */
  for (guint i = 0; i < 300 * 1024; i++)
    big[i] = (guint8) (i * 7);
  se_traffic_log_append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_TCP, 1, "a", "b",
                         300 * 1024, big, 300 * 1024, "event number 0");
  for (guint i = 1; i < 10; i++)
    append_numbered (log, i);
  se_traffic_log_flush (log);
  {
    g_autoptr(SeEvent) first = get_event (log, 0);

    big_data = g_bytes_ref (se_event_get_data (first));
  }
  g_assert_cmpuint (se_traffic_log_get_retained_bytes (log), ==, 300 * 1024 + 9 * 4);

  recorder_init (&rec, log);
  se_traffic_log_drop_before (log, 3);
  g_assert_cmpuint (rec.changes->len, ==, 1);
  assert_change (&rec, 0, 0, 3, 0);
  g_assert_cmpuint (g_array_index (rec.changes, Change, 0).n_items_then, ==, 7);
  g_assert_cmpuint (rec.n_dropped_notifies, ==, 1);
  g_assert_cmpuint (rec.n_events_notifies, ==, 1);
  g_assert_cmpuint (rec.n_items_notifies, ==, 1);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 7);
  g_assert_cmpuint (get_n_events (log), ==, 7);
  g_assert_cmpuint (se_traffic_log_get_n_dropped (log), ==, 3);
  g_assert_cmpuint (se_traffic_log_get_n_appended (log), ==, 10);
  g_assert_cmpuint (se_traffic_log_get_retained_bytes (log), ==, 7 * 4);
  for (guint i = 0; i < 7; i++)
    assert_numbered (log, i, i + 3);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (log), 7));

  /* The dropped event's bytes are still the item's. */
  g_assert_cmpuint (g_bytes_get_size (big_data), ==, 300 * 1024);
  g_assert_cmpmem (g_bytes_get_data (big_data, NULL), 300 * 1024, big, 300 * 1024);

  message = se_traffic_log_dup_dropped_message (log);
  g_assert_cmpstr (message, ==, "3 earlier events dropped");
  g_clear_pointer (&message, g_free);

  /* Nothing to drop: nothing said. */
  se_traffic_log_drop_before (log, 0);
  g_assert_cmpuint (rec.changes->len, ==, 1);
  g_assert_cmpuint (rec.n_dropped_notifies, ==, 1);

  /* Events the views have not been told of yet stay, and come with the
   * next flush. */
  append_numbered (log, 10);
  append_numbered (log, 11);
  se_traffic_log_drop_before (log, 7);
  g_assert_cmpuint (rec.changes->len, ==, 2);
  assert_change (&rec, 1, 0, 7, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
  g_assert_cmpuint (get_n_events (log), ==, 2);
  se_traffic_log_flush (log);
  g_assert_cmpuint (rec.changes->len, ==, 3);
  assert_change (&rec, 2, 0, 0, 2);
  assert_numbered (log, 0, 10);
  assert_numbered (log, 1, 11);
  g_assert_cmpuint (se_traffic_log_get_n_dropped (log), ==, 10);

  message = se_traffic_log_dup_dropped_message (log);
  g_assert_cmpstr (message, ==, "10 earlier events dropped");

  /* Dropping everything frees the arena, and the log goes on. */
  se_traffic_log_drop_before (log, 2);
  g_assert_cmpuint (se_traffic_log_get_retained_bytes (log), ==, 0);
  append_numbered (log, 12);
  se_traffic_log_flush (log);
  assert_numbered (log, 0, 12);

  /* Clearing starts the count again. */
  se_traffic_log_clear (log);
  g_assert_cmpuint (se_traffic_log_get_n_dropped (log), ==, 0);
  g_assert_cmpuint (se_traffic_log_get_n_appended (log), ==, 0);
  g_assert_null (se_traffic_log_dup_dropped_message (log));

  recorder_finish (&rec, log);
  g_assert_finalize_object (log);
}

static void
test_memory_budget_drops_chunks (void)
{
  SeTrafficLog *log = se_traffic_log_new ();
  const guint n = 3 * 4096 + 10;
  gsize size;
  Recorder rec;

  g_assert_cmpuint (se_traffic_log_get_memory_budget (log), ==, 0);

  for (guint i = 0; i < n; i++)
    append_numbered (log, i);
  se_traffic_log_flush (log);
  size = se_traffic_log_get_memory_size (log);

  recorder_init (&rec, log);

  /* One byte under: the oldest record chunk goes, all in one
   * items-changed at the next batch, not before. */
  se_traffic_log_set_memory_budget (log, size - 1);
  g_assert_cmpuint (se_traffic_log_get_memory_budget (log), ==, size - 1);
  g_assert_cmpuint (rec.changes->len, ==, 0);
  g_assert_cmpuint (se_traffic_log_get_n_dropped (log), ==, 0);
  one_iteration ();
  g_assert_cmpuint (rec.changes->len, ==, 1);
  assert_change (&rec, 0, 0, 4096, 0);
  g_assert_cmpuint (rec.n_dropped_notifies, ==, 1);
  g_assert_cmpuint (se_traffic_log_get_n_dropped (log), ==, 4096);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, n - 4096);
  g_assert_cmpuint (get_n_events (log), ==, n - 4096);
  assert_numbered (log, 0, 4096);
  assert_numbered (log, n - 4096 - 1, n - 1);
  /* The chunk, its 4096 strings and their payload are freed. */
  g_assert_cmpuint (se_traffic_log_get_memory_size (log), <=, size - TEST_RECORD_CHUNK - 4096 * 4);
  g_assert_cmpuint (se_traffic_log_get_retained_bytes (log), ==, (n - 4096) * 4);

  /* Paused: the views know 8202 events and are not told of new ones, but
   * are told of those dropped. */
  se_traffic_log_set_memory_budget (log, 0);
  se_traffic_log_set_paused (log, TRUE);
  for (guint i = n; i < n + 4096; i++)
    append_numbered (log, i);
  se_traffic_log_flush (log);
  g_assert_cmpuint (rec.changes->len, ==, 1);
  g_assert_cmpuint (get_n_events (log), ==, n - 4096 + 4096);

  /* A budget nothing fits: whole chunks go, then single events of the
   * last chunk, down to the newest. The views knew of 8202 of them. */
  se_traffic_log_set_memory_budget (log, 1);
  se_traffic_log_flush (log);
  g_assert_cmpuint (rec.changes->len, ==, 2);
  assert_change (&rec, 1, 0, n - 4096, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
  g_assert_cmpuint (get_n_events (log), ==, 1);
  g_assert_cmpuint (se_traffic_log_get_n_dropped (log), ==, n + 4096 - 1);
  g_assert_cmpuint (se_traffic_log_get_n_appended (log), ==, n + 4096);
  g_assert_cmpuint (rec.n_dropped_notifies, ==, 2);

  se_traffic_log_set_paused (log, FALSE);
  g_assert_cmpuint (rec.changes->len, ==, 3);
  assert_change (&rec, 2, 0, 0, 1);
  assert_numbered (log, 0, n + 4096 - 1);

  /* Unlimited again: nothing more is dropped. */
  se_traffic_log_set_memory_budget (log, 0);
  for (guint i = 0; i < 10000; i++)
    append_numbered (log, n + 4096 + i);
  se_traffic_log_flush (log);
  g_assert_cmpuint (get_n_events (log), ==, 10001);
  g_assert_cmpuint (rec.n_dropped_notifies, ==, 2);

  recorder_finish (&rec, log);
  g_assert_finalize_object (log);
}

static void
test_memory_budget_unique_strings (void)
{
  SeTrafficLog *log = se_traffic_log_new ();
  const gsize budget = 4 * 1024 * 1024;
  const guint n = 1000000;
  Replay replay = { 0, 0, 0 };
  gsize max_size = 0;
  gsize rss_early = 0;
  gsize rss_late;
  Recorder rec;

  recorder_init (&rec, log);
  g_signal_connect (log, "items-changed", G_CALLBACK (replay_items_changed_cb), &replay);
  g_object_set (log, "memory-budget", (guint64) budget, NULL);

  /* No main loop runs here: appends alone keep the log near its budget,
   * as a long burst would. Every event has a string of its own, which
   * must go with it. */
  for (guint i = 0; i < n; i++)
    {
      append_numbered (log, i);

      if (i % 1000 == 999)
        max_size = MAX (max_size, se_traffic_log_get_memory_size (log));
      if (i == 200000)
        rss_early = resident_size ();
    }
  se_traffic_log_flush (log);
  rss_late = resident_size ();

  g_test_message ("largest size %" G_GSIZE_FORMAT ", at the end %" G_GSIZE_FORMAT
                  ", resident %" G_GSIZE_FORMAT " -> %" G_GSIZE_FORMAT,
                  max_size, se_traffic_log_get_memory_size (log), rss_early, rss_late);

  g_assert_cmpuint (max_size, <=, budget + 3 * TEST_RECORD_CHUNK);
  g_assert_cmpuint (se_traffic_log_get_memory_size (log), <=, budget + TEST_RECORD_CHUNK);
  /* Most of the budget is used, not all of it dropped. */
  g_assert_cmpuint (get_n_events (log), >, 10000);
  g_assert_cmpuint (se_traffic_log_get_n_dropped (log) + get_n_events (log), ==, n);

  /* Without the dropping, a million distinct strings take over 100 MB.
   * (Not under AddressSanitizer: its quarantine keeps freed memory
   * resident on purpose.) */
#ifndef __SANITIZE_ADDRESS__
  if (rss_early > 0)
    g_assert_cmpuint (rss_late, <, rss_early + 32 * 1024 * 1024);
#endif

  /* Every items-changed said exactly what changed; see
   * replay_items_changed_cb(). */
  g_assert_cmpuint (replay.n_items, ==, get_n_events (log));
  g_assert_cmpuint (replay.n_removed, >, 900000);
  g_assert_cmpuint (replay.n_removed, <=, se_traffic_log_get_n_dropped (log));
  g_assert_cmpuint (rec.n_dropped_notifies, >, 0);
  assert_numbered (log, 0, se_traffic_log_get_n_dropped (log));
  assert_numbered (log, get_n_events (log) - 1, n - 1);

  g_signal_handlers_disconnect_by_data (log, &replay);
  recorder_finish (&rec, log);
  g_assert_finalize_object (log);
}

/* An event from a sender of its own, its address given in binary as the
 * engine gives a datagram's (127.x.y.z:port, only formatted here). */
static void
append_from_address (SeTrafficLog *log,
                     guint         number)
{
  struct sockaddr_in from = { 0 };
  SeEventInfo info = {
    .kind = SE_EVENT_RECEIVE,
    .protocol = SE_PROTOCOL_UDP,
    .local = "127.0.0.1:7000",
    .size = 4,
    .data = (const guint8 *) "data",
    .data_len = 4,
    .remote_sa = (const struct sockaddr *) &from,
    .remote_sa_len = sizeof from,
  };

  from.sin_family = AF_INET;
  from.sin_port = htons (1024 + number % 60000);
  from.sin_addr.s_addr = htonl (0x7f000000u | (number / 60000 + 1));
  se_traffic_log_append_info (log, &info);
}

/* Address slots go with the last event using them, as strings do, and
 * what they cost (their bytes, and their text once shown) is counted in
 * the log's size and so in its budget. */
static void
test_memory_budget_unique_addresses (void)
{
  SeTrafficLog *log = se_traffic_log_new ();
  const guint n = 1000;
  gsize appended, shown, dropped, again;

  /* Without a budget: 1,000 senders, then each of their events shown. */
  for (guint i = 0; i < n; i++)
    append_from_address (log, i);
  se_traffic_log_flush (log);
  appended = se_traffic_log_get_memory_size (log);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SeEvent) event = get_event (log, i);
      g_autofree char *expected = g_strdup_printf ("127.0.0.%u:%u", i / 60000 + 1, 1024 + i % 60000);

      g_assert_cmpstr (se_event_get_remote (event), ==, expected);
    }
  shown = se_traffic_log_get_memory_size (log);
  g_test_message ("1000 addresses: %" G_GSIZE_FORMAT " bytes, %" G_GSIZE_FORMAT " once shown",
                  appended, shown);
  /* Each text is counted: over 16 characters and a header each. */
  g_assert_cmpuint (shown, >=, appended + n * (16 + sizeof (gpointer)));

  /* Dropping the events frees their addresses and texts (the record
   * chunk and the arena block stay: the next events use them). */
  se_traffic_log_drop_before (log, n);
  dropped = se_traffic_log_get_memory_size (log);
  g_assert_cmpuint (shown - dropped, >=, n * 100);

  /* The next 1,000 senders take the freed slots: nothing grows. */
  for (guint i = 0; i < n; i++)
    append_from_address (log, n + i);
  again = se_traffic_log_get_memory_size (log);
  g_assert_cmpuint (again, <=, appended);
  g_assert_finalize_object (log);

  /* With a budget: a flood from a million senders, no main loop. */
  {
    const gsize budget = 4 * 1024 * 1024;
    const guint flood = 1000000;
    gsize max_size = 0;

    log = se_traffic_log_new ();
    g_object_set (log, "memory-budget", (guint64) budget, NULL);
    for (guint i = 0; i < flood; i++)
      {
        append_from_address (log, i);
        if (i % 1000 == 999)
          max_size = MAX (max_size, se_traffic_log_get_memory_size (log));
      }
    se_traffic_log_flush (log);

    g_test_message ("largest size %" G_GSIZE_FORMAT ", %u events kept", max_size, get_n_events (log));
    g_assert_cmpuint (max_size, <=, budget + 3 * TEST_RECORD_CHUNK);
    g_assert_cmpuint (se_traffic_log_get_memory_size (log), <=, budget + TEST_RECORD_CHUNK);
    g_assert_cmpuint (get_n_events (log), >, 10000);
    g_assert_cmpuint (se_traffic_log_get_n_dropped (log) + get_n_events (log), ==, flood);
    g_assert_finalize_object (log);
  }
}

static void
test_export_dropped_line (void)
{
  SeTrafficLog *log = se_traffic_log_new ();
  g_auto(GStrv) text = NULL;
  g_auto(GStrv) json = NULL;
  guint n_lines = 0;

  for (guint i = 0; i < 5; i++)
    append_numbered (log, i);

  /* None dropped: no such line. */
  text = write_lines (log, SE_EXPORT_TEXT, &n_lines);
  g_assert_cmpuint (n_lines, ==, 5);
  g_clear_pointer (&text, g_strfreev);

  se_traffic_log_flush (log);
  se_traffic_log_drop_before (log, 1);

  text = write_lines (log, SE_EXPORT_TEXT, &n_lines);
  g_assert_cmpuint (n_lines, ==, 5);
  g_assert_cmpstr (text[0], ==, "1 earlier event dropped");
  g_assert_nonnull (strstr (text[1], "event number 1"));

  json = write_lines (log, SE_EXPORT_JSON_LINES, &n_lines);
  g_assert_cmpuint (n_lines, ==, 5);
  g_assert_cmpstr (json[0], ==, "{\"dropped\":1}");
  {
    g_autoptr(GHashTable) fields = json_parse_flat_object (json[1]);

    g_assert_nonnull (fields);
    g_assert_cmpstr (json_get (fields, "index", 'n'), ==, "1");
    g_assert_cmpstr (json_get (fields, "detail", 's'), ==, "event number 1");
  }

  g_assert_finalize_object (log);
}

/* The export reads a snapshot while the main thread appends and drops
 * the very chunks, blocks and strings it reads, and reuses their string
 * slots: what is written is still exactly the events of the call. */
static void
test_export_async_while_dropping (void)
{
  SeTrafficLog *log = se_traffic_log_new ();
  g_autofree char *dir = se_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "log.jsonl", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_lines = 0;
  guint64 first;
  guint n_before;

  for (guint i = 0; i < 30000; i++)
    {
      char remote[32];
      guint8 payload[200];

      g_snprintf (remote, sizeof remote, "127.0.0.1:%u", 10000 + i);
      memset (payload, (int) (i & 0xff), sizeof payload);
      se_traffic_log_append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_TCP, 1,
                             "127.0.0.1:7000", remote, sizeof payload, payload, sizeof payload, NULL);
    }
  se_traffic_log_flush (log);
  se_traffic_log_drop_before (log, 1000);
  first = se_traffic_log_get_n_dropped (log);
  n_before = get_n_events (log);

  se_traffic_log_export_async (log, file, SE_EXPORT_JSON_LINES, NULL,
                               se_test_store_result, &result);

  /* A budget far below what the snapshot holds: everything it reads is
   * dropped by the log while it runs. */
  se_traffic_log_set_memory_budget (log, 512 * 1024);
  for (guint i = 0; i < 60000; i++)
    {
      char remote[32];
      guint8 payload[200];

      g_snprintf (remote, sizeof remote, "10.0.0.1:%u", i);
      memset (payload, 0xee, sizeof payload);
      se_traffic_log_append (log, SE_EVENT_SEND, SE_PROTOCOL_UDP, 2,
                             "10.0.0.2:8000", remote, sizeof payload, payload, sizeof payload,
                             "during export");
      if (i % 1000 == 0)
        one_iteration ();
    }
  se_traffic_log_flush (log);
  g_assert_cmpuint (se_traffic_log_get_n_dropped (log), >, 30000);

  se_test_wait_result (&result, 30000);
  g_assert_true (se_traffic_log_export_finish (log, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  lines = read_file_lines (file, &n_lines);
  g_assert_cmpuint (n_lines, ==, n_before + 1);
  g_assert_cmpstr (lines[0], ==, "{\"dropped\":1000}");
  for (guint i = 1; i < n_lines; i++)
    {
      g_autoptr(GHashTable) fields = json_parse_flat_object (lines[i]);
      guint64 number = first + i - 1;
      g_autofree char *index_text = g_strdup_printf ("%" G_GUINT64_FORMAT, number);
      g_autofree char *remote = g_strdup_printf ("127.0.0.1:%" G_GUINT64_FORMAT, 10000 + number);
      g_autofree char *hex = NULL;
      guint8 payload[200];

      memset (payload, (int) (number & 0xff), sizeof payload);
      hex = se_payload_to_hex (payload, sizeof payload, FALSE);

      g_assert_nonnull (fields);
      g_assert_cmpstr (json_get (fields, "index", 'n'), ==, index_text);
      g_assert_cmpstr (json_get (fields, "remote", 's'), ==, remote);
      g_assert_cmpstr (json_get (fields, "local", 's'), ==, "127.0.0.1:7000");
      g_assert_cmpstr (json_get (fields, "data", 's'), ==, hex);
    }

  g_unlink (path);
  se_test_remove_dir (dir);
  g_assert_finalize_object (log);
}

/* Safe export */

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/traffic-log/budget/drop-before", test_drop_before);
  g_test_add_func ("/traffic-log/budget/drops-chunks", test_memory_budget_drops_chunks);
  g_test_add_func ("/traffic-log/budget/unique-strings", test_memory_budget_unique_strings);
  g_test_add_func ("/traffic-log/budget/unique-addresses", test_memory_budget_unique_addresses);
  g_test_add_func ("/traffic-log/budget/export-dropped-line", test_export_dropped_line);
  g_test_add_func ("/traffic-log/budget/export-while-dropping", test_export_async_while_dropping);

  return g_test_run ();
}
