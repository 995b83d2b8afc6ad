/* test-log-filter.c: the log view's filter, search and connection menu, without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "se-endpoint.h"
#include "se-event.h"
#include "se-log-connections.h"
#include "se-log-counter.h"
#include "se-log-filter.h"
#include "se-traffic-log.h"

/* The events every test filters, appended the way the engine and the
 * window do: through a real log. */
enum {
  EV_LISTEN,       /* TCP, no connection, 127.0.0.1:8080 */
  EV_ACCEPT,       /* TCP #1, peer 127.0.0.1:51000 */
  EV_RECEIVE_TEXT, /* TCP #1, "GET /Index.html HTTP/1.1\r\n" */
  EV_SEND_BINARY,  /* UDP #2, bytes 00 01 ff "ok" */
  EV_ERROR,        /* Unix #3, "Connection refused" */
  EV_RESOLVE_UTF8, /* TCP, no connection, "Straße" */
  N_EVENTS
};

static SeTrafficLog *
make_log (void)
{
  SeTrafficLog *log = se_traffic_log_new ();
  static const char request[] = "GET /Index.html HTTP/1.1\r\n";
  static const guint8 binary[] = { 0x00, 0x01, 0xff, 'o', 'k' };
  SeEventInfo info = { 0 };

  info.kind = SE_EVENT_LISTEN;
  info.protocol = SE_PROTOCOL_TCP;
  info.local = "127.0.0.1:8080";
  info.detail = SE_EVENT_DETAIL_LISTENING;
  info.detail_arg = 5;
  se_traffic_log_append_info (log, &info);

  info = (SeEventInfo) { 0 };
  info.kind = SE_EVENT_ACCEPT;
  info.protocol = SE_PROTOCOL_TCP;
  info.connection_id = 1;
  info.local = "127.0.0.1:8080";
  info.remote = "127.0.0.1:51000";
  se_traffic_log_append_info (log, &info);

  se_traffic_log_append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_TCP, 1,
                         "127.0.0.1:8080", "127.0.0.1:51000",
                         strlen (request), (const guint8 *) request, strlen (request), NULL);
  se_traffic_log_append (log, SE_EVENT_SEND, SE_PROTOCOL_UDP, 2,
                         "[::1]:9000", "[::1]:9001",
                         sizeof binary, binary, sizeof binary, NULL);
  se_traffic_log_append (log, SE_EVENT_ERROR, SE_PROTOCOL_UNIX, 3,
                         NULL, "/tmp/se-test/socket", 0, NULL, 0, "Connection refused");
  se_traffic_log_append (log, SE_EVENT_RESOLVE, SE_PROTOCOL_TCP, 0,
                         NULL, NULL, 0, NULL, 0, "Straße → 127.0.0.1");
  se_traffic_log_flush (log);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, N_EVENTS);

  return log;
}

/* A bit per event that the filter lets through. */
static guint
matches (SeLogFilter  *filter,
         SeTrafficLog *log)
{
  guint bits = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(SeEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (gtk_filter_match (GTK_FILTER (filter), event))
        bits |= 1u << i;
    }

  return bits;
}

#define BIT(n) (1u << (n))
#define ALL ((1u << N_EVENTS) - 1)

static void
test_any (void)
{
  g_autoptr(SeTrafficLog) log = make_log ();
  g_autoptr(SeLogFilter) filter = se_log_filter_new ();

  g_assert_true (se_log_filter_is_any (filter));
  g_assert_cmpint (gtk_filter_get_strictness (GTK_FILTER (filter)), ==, GTK_FILTER_MATCH_ALL);
  g_assert_cmpuint (matches (filter, log), ==, ALL);

  /* An empty search is no search. */
  se_log_filter_set_criteria (filter, 0, -1, -1, "");
  g_assert_true (se_log_filter_is_any (filter));
  g_assert_null (se_log_filter_get_search (filter));
  g_assert_cmpint (gtk_filter_get_strictness (GTK_FILTER (filter)), ==, GTK_FILTER_MATCH_ALL);
}

static void
test_kind_protocol_connection (void)
{
  g_autoptr(SeTrafficLog) log = make_log ();
  g_autoptr(SeLogFilter) filter = se_log_filter_new ();

  se_log_filter_set_criteria (filter, 0, -1, SE_EVENT_SEND, NULL);
  g_assert_false (se_log_filter_is_any (filter));
  g_assert_cmpint (gtk_filter_get_strictness (GTK_FILTER (filter)), ==, GTK_FILTER_MATCH_SOME);
  g_assert_cmpint (se_log_filter_get_kind (filter), ==, SE_EVENT_SEND);
  g_assert_cmpuint (matches (filter, log), ==, BIT (EV_SEND_BINARY));

  se_log_filter_set_criteria (filter, 0, SE_PROTOCOL_TCP, -1, NULL);
  g_assert_cmpint (se_log_filter_get_protocol (filter), ==, SE_PROTOCOL_TCP);
  g_assert_cmpuint (matches (filter, log), ==,
                    BIT (EV_LISTEN) | BIT (EV_ACCEPT) | BIT (EV_RECEIVE_TEXT) | BIT (EV_RESOLVE_UTF8));

  se_log_filter_set_criteria (filter, 0, SE_PROTOCOL_UNIX, -1, NULL);
  g_assert_cmpuint (matches (filter, log), ==, BIT (EV_ERROR));

  se_log_filter_set_criteria (filter, 1, -1, -1, NULL);
  g_assert_cmpuint (se_log_filter_get_connection_id (filter), ==, 1);
  g_assert_cmpuint (matches (filter, log), ==, BIT (EV_ACCEPT) | BIT (EV_RECEIVE_TEXT));

  /* All of them at once: each must hold. */
  se_log_filter_set_criteria (filter, 1, SE_PROTOCOL_TCP, SE_EVENT_RECEIVE, NULL);
  g_assert_cmpuint (matches (filter, log), ==, BIT (EV_RECEIVE_TEXT));
  se_log_filter_set_criteria (filter, 1, SE_PROTOCOL_UDP, SE_EVENT_RECEIVE, NULL);
  g_assert_cmpuint (matches (filter, log), ==, 0);
}

static void
test_search (void)
{
  g_autoptr(SeTrafficLog) log = make_log ();
  g_autoptr(SeLogFilter) filter = se_log_filter_new ();

  /* Addresses, either side. */
  se_log_filter_set_criteria (filter, 0, -1, -1, "51000");
  g_assert_cmpuint (matches (filter, log), ==, BIT (EV_ACCEPT) | BIT (EV_RECEIVE_TEXT));
  se_log_filter_set_criteria (filter, 0, -1, -1, "[::1]");
  g_assert_cmpuint (matches (filter, log), ==, BIT (EV_SEND_BINARY));

  /* The detail, and a coded one as its text says it. */
  se_log_filter_set_criteria (filter, 0, -1, -1, "REFUSED");
  g_assert_cmpstr (se_log_filter_get_search (filter), ==, "REFUSED");
  g_assert_cmpuint (matches (filter, log), ==, BIT (EV_ERROR));

  /* The data, case-insensitively, in the bytes themselves. */
  se_log_filter_set_criteria (filter, 0, -1, -1, "index.HTML");
  g_assert_cmpuint (matches (filter, log), ==, BIT (EV_RECEIVE_TEXT));
  se_log_filter_set_criteria (filter, 0, -1, -1, "OK");
  g_assert_cmpuint (matches (filter, log) & BIT (EV_SEND_BINARY), ==, BIT (EV_SEND_BINARY));

  /* Escapes, as the preview shows them: a line end, and bytes in hex. */
  se_log_filter_set_criteria (filter, 0, -1, -1, "1.1\\r\\n");
  g_assert_cmpuint (matches (filter, log), ==, BIT (EV_RECEIVE_TEXT));
  se_log_filter_set_criteria (filter, 0, -1, -1, "\\x00\\x01");
  g_assert_cmpuint (matches (filter, log), ==, BIT (EV_SEND_BINARY));
  se_log_filter_set_criteria (filter, 0, -1, -1, "\\xFF");
  g_assert_cmpuint (matches (filter, log), ==, BIT (EV_SEND_BINARY));
  se_log_filter_set_criteria (filter, 0, -1, -1, "\\x02");
  g_assert_cmpuint (matches (filter, log), ==, 0);

  /* Non-ASCII, casefolded. */
  se_log_filter_set_criteria (filter, 0, -1, -1, "STRAßE");
  g_assert_cmpuint (matches (filter, log), ==, BIT (EV_RESOLVE_UTF8));
  se_log_filter_set_criteria (filter, 0, -1, -1, "straße");
  g_assert_cmpuint (matches (filter, log), ==, BIT (EV_RESOLVE_UTF8));

  /* With another criterion. */
  se_log_filter_set_criteria (filter, 0, -1, SE_EVENT_ACCEPT, "127.0.0.1");
  g_assert_cmpuint (matches (filter, log), ==, BIT (EV_ACCEPT));
}

typedef struct
{
  guint           n_changed;
  GtkFilterChange last;
} Changes;

static void
changed_cb (GtkFilter       *filter,
            GtkFilterChange  change,
            Changes         *changes)
{
  changes->n_changed++;
  changes->last = change;
}

#define ASSERT_CHANGE(changes, n, change_) \
  G_STMT_START { \
    g_assert_cmpuint ((changes).n_changed, ==, (n)); \
    g_assert_cmpint ((changes).last, ==, (change_)); \
  } G_STMT_END

static void
test_changed (void)
{
  g_autoptr(SeLogFilter) filter = se_log_filter_new ();
  Changes changes = { 0, -1 };

  g_signal_connect (filter, "changed", G_CALLBACK (changed_cb), &changes);

  /* Nothing new: no signal. */
  se_log_filter_set_criteria (filter, 0, -1, -1, NULL);
  g_assert_cmpuint (changes.n_changed, ==, 0);

  se_log_filter_set_criteria (filter, 0, -1, SE_EVENT_SEND, NULL);
  ASSERT_CHANGE (changes, 1, GTK_FILTER_CHANGE_MORE_STRICT);
  se_log_filter_set_criteria (filter, 0, -1, SE_EVENT_SEND, NULL);
  g_assert_cmpuint (changes.n_changed, ==, 1);

  /* One kind for another: some come, some go. */
  se_log_filter_set_criteria (filter, 0, -1, SE_EVENT_RECEIVE, NULL);
  ASSERT_CHANGE (changes, 2, GTK_FILTER_CHANGE_DIFFERENT);

  se_log_filter_set_criteria (filter, 4, SE_PROTOCOL_TCP, SE_EVENT_RECEIVE, NULL);
  ASSERT_CHANGE (changes, 3, GTK_FILTER_CHANGE_MORE_STRICT);

  /* A longer needle that holds the old one only takes events away. */
  se_log_filter_set_criteria (filter, 4, SE_PROTOCOL_TCP, SE_EVENT_RECEIVE, "GE");
  ASSERT_CHANGE (changes, 4, GTK_FILTER_CHANGE_MORE_STRICT);
  se_log_filter_set_criteria (filter, 4, SE_PROTOCOL_TCP, SE_EVENT_RECEIVE, "GET");
  ASSERT_CHANGE (changes, 5, GTK_FILTER_CHANGE_MORE_STRICT);
  /* Case does not matter to the match, so not to the change either. */
  se_log_filter_set_criteria (filter, 4, SE_PROTOCOL_TCP, SE_EVENT_RECEIVE, "get");
  g_assert_cmpuint (changes.n_changed, ==, 5);
  se_log_filter_set_criteria (filter, 4, SE_PROTOCOL_TCP, SE_EVENT_RECEIVE, "ge");
  ASSERT_CHANGE (changes, 6, GTK_FILTER_CHANGE_LESS_STRICT);
  se_log_filter_set_criteria (filter, 4, SE_PROTOCOL_TCP, SE_EVENT_RECEIVE, "post");
  ASSERT_CHANGE (changes, 7, GTK_FILTER_CHANGE_DIFFERENT);

  /* Stricter in one criterion, looser in another: different. */
  se_log_filter_set_criteria (filter, 0, SE_PROTOCOL_TCP, SE_EVENT_RECEIVE, "posts");
  ASSERT_CHANGE (changes, 8, GTK_FILTER_CHANGE_DIFFERENT);

  /* Letting go of each, one after another, only adds events. */
  se_log_filter_set_criteria (filter, 0, -1, SE_EVENT_RECEIVE, "posts");
  ASSERT_CHANGE (changes, 9, GTK_FILTER_CHANGE_LESS_STRICT);
  se_log_filter_set_criteria (filter, 0, -1, SE_EVENT_RECEIVE, "");
  ASSERT_CHANGE (changes, 10, GTK_FILTER_CHANGE_LESS_STRICT);
  g_assert_false (se_log_filter_is_any (filter));
  se_log_filter_set_criteria (filter, 0, -1, -1, NULL);
  ASSERT_CHANGE (changes, 11, GTK_FILTER_CHANGE_LESS_STRICT);
  g_assert_true (se_log_filter_is_any (filter));
  g_assert_cmpint (gtk_filter_get_strictness (GTK_FILTER (filter)), ==, GTK_FILTER_MATCH_ALL);
}

/* Through a filter model, as the view uses it: the strictness lets every
 * event through, and each change leaves the model with what a fresh look
 * at every event would give. */
static void
test_filter_model (void)
{
  g_autoptr(SeTrafficLog) log = make_log ();
  SeLogFilter *filter = se_log_filter_new ();
  g_autoptr(GtkFilterListModel) model =
    gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (log)), GTK_FILTER (filter));
  static const struct { guint id; int protocol; int kind; const char *search; guint n; } steps[] = {
    { 0, -1, -1, NULL, N_EVENTS },
    { 0, SE_PROTOCOL_TCP, -1, NULL, 4 },
    { 1, SE_PROTOCOL_TCP, -1, NULL, 2 },
    { 1, SE_PROTOCOL_TCP, -1, "get", 1 },
    { 0, -1, -1, "get", 1 },
    { 0, -1, -1, "127", 4 },
    { 0, -1, -1, NULL, N_EVENTS },
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      se_log_filter_set_criteria (filter, steps[i].id, steps[i].protocol, steps[i].kind,
                                  steps[i].search);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, steps[i].n);
    }

  /* New events are filtered as they come. */
  se_log_filter_set_criteria (filter, 0, -1, SE_EVENT_CLOSE, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  se_traffic_log_append (log, SE_EVENT_CLOSE, SE_PROTOCOL_TCP, 1, NULL, NULL, 0, NULL, 0, NULL);
  se_traffic_log_flush (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
}

/* The connection menu beside the filter: each connection once, named by
 * its peer (or its own address when it has none), in the order seen. */
static void
test_connections (void)
{
  g_autoptr(SeTrafficLog) log = make_log ();
  g_autoptr(SeLogConnections) connections = se_log_connections_new ();
  GListModel *model = se_log_connections_get_model (connections);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 0), ==, "All connections");

  se_log_connections_scan (connections, log, 0, 3);
  se_log_connections_scan (connections, log, 3, N_EVENTS - 3);
  /* Scanning again adds nothing. */
  se_log_connections_scan (connections, log, 0, N_EVENTS);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 1), ==, "#1 127.0.0.1:51000");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 2), ==, "#2 [::1]:9001");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 3), ==, "#3 /tmp/se-test/socket");
  g_assert_cmpuint (se_log_connections_get_id (connections, 0), ==, 0);
  g_assert_cmpuint (se_log_connections_get_id (connections, 2), ==, 2);
  g_assert_cmpuint (se_log_connections_get_id (connections, 3), ==, 3);
  g_assert_cmpuint (se_log_connections_get_id (connections, 4), ==, 0);

  se_log_connections_reset (connections);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  se_log_connections_scan (connections, log, EV_SEND_BINARY, 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  g_assert_cmpuint (se_log_connections_get_id (connections, 1), ==, 2);
}

/* A flood's batch is read in chunks of ids under one lock each: a new
 * connection is found wherever it falls, on a chunk's edge or not, and
 * whatever position the scan starts from. */
static void
test_connections_chunks (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeLogConnections) connections = se_log_connections_new ();
  static const guint at[] = { 0, 1023, 1024, 1025, 2047, 2500, 2999 };
  guint ids[3000];

  for (guint i = 0, k = 0; i < 3000; i++)
    {
      guint id = k < G_N_ELEMENTS (at) && at[k] == i ? 10 + k++ : 0;

      se_traffic_log_append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_UDP, id,
                             "127.0.0.1:9000", "127.0.0.1:9001", 1, (const guint8 *) "x", 1, NULL);
    }
  se_traffic_log_flush (log);

  /* The bulk read agrees with the one-by-one read, and stops at the end */
  g_assert_cmpuint (se_traffic_log_get_connection_ids (log, 0, 3000, ids), ==, 3000);
  for (guint i = 0; i < 3000; i++)
    g_assert_cmpuint (ids[i], ==, se_traffic_log_get_connection_id (log, i));
  g_assert_cmpuint (se_traffic_log_get_connection_ids (log, 2990, 100, ids), ==, 10);
  g_assert_cmpuint (ids[9], ==, 10 + G_N_ELEMENTS (at) - 1);
  g_assert_cmpuint (se_traffic_log_get_connection_ids (log, 3000, 1, ids), ==, 0);

  se_log_connections_scan (connections, log, 0, 7);
  se_log_connections_scan (connections, log, 7, 3000 - 7);
  g_assert_cmpuint (g_list_model_get_n_items (se_log_connections_get_model (connections)), ==,
                    1 + G_N_ELEMENTS (at));
  for (guint k = 0; k < G_N_ELEMENTS (at); k++)
    g_assert_cmpuint (se_log_connections_get_id (connections, 1 + k), ==, 10 + k);
}

/* The line under the log, made without a display */
static void
test_counter_text (void)
{
  g_autofree char *plain = se_log_counter_text (1, 1, FALSE, NULL, FALSE, NULL);
  g_autofree char *filtered = se_log_counter_text (12, 3, TRUE, NULL, FALSE, NULL);
  g_autofree char *everything = se_log_counter_text (12, 12, FALSE, "4 earlier events dropped", TRUE,
                                                     "1 kB/s in, 0 B/s out");

  g_assert_cmpstr (plain, ==, "1 event");
  g_assert_cmpstr (filtered, ==, "12 events (3 shown)");
  g_assert_cmpstr (everything, ==, "12 events; 4 earlier events dropped, paused · 1 kB/s in, 0 B/s out");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/log-filter/any", test_any);
  g_test_add_func ("/log-filter/kind-protocol-connection", test_kind_protocol_connection);
  g_test_add_func ("/log-filter/search", test_search);
  g_test_add_func ("/log-filter/changed", test_changed);
  g_test_add_func ("/log-filter/filter-model", test_filter_model);
  g_test_add_func ("/log-connections/scan", test_connections);
  g_test_add_func ("/log-connections/scan-chunks", test_connections_chunks);
  g_test_add_func ("/log-counter/text", test_counter_text);

  return g_test_run ();
}
