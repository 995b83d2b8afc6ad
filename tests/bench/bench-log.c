/* bench-log.c: a million events in the traffic log, against one GObject per event
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Not a test: run it by hand (`ninja -C build tests/bench/bench-log &&
 * build/tests/bench/bench-log [N]`) and read the figures. It appends N
 * events (default 1,000,000) with realistic addresses and 64-byte
 * payloads, and measures the append rate, the memory the log holds, and
 * the time to hand out every item; then it stores the same events the
 * naive way, one GObject each in a GListStore, for reference.
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gio/gunixoutputstream.h>

#include "bench-workload.h"
#include "se-traffic-log.h"


/* The naive design: every event a GObject with its own copies. */

#define BENCH_TYPE_EVENT (bench_event_get_type ())
G_DECLARE_FINAL_TYPE (BenchEvent, bench_event, BENCH, EVENT, GObject)

struct _BenchEvent
{
  GObject      parent_instance;
  gint64       time;
  guint64      size;
  char        *local;
  char        *remote;
  char        *detail;
  GBytes      *data;
  guint        index;
  guint        connection_id;
  SeEventKind  kind;
  SeProtocol   protocol;
  gboolean     data_complete;
};

G_DEFINE_FINAL_TYPE (BenchEvent, bench_event, G_TYPE_OBJECT)

static void
bench_event_finalize (GObject *object)
{
  BenchEvent *self = (BenchEvent *)object;

  g_free (self->local);
  g_free (self->remote);
  g_free (self->detail);
  g_clear_pointer (&self->data, g_bytes_unref);

  G_OBJECT_CLASS (bench_event_parent_class)->finalize (object);
}

static void
bench_event_class_init (BenchEventClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bench_event_finalize;
}

static void
bench_event_init (BenchEvent *self)
{
}

/* Workload */

/* Memory */

static gsize
rss_bytes (void)
{
  g_autofree char *contents = NULL;
  unsigned long size = 0, resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &contents, NULL, NULL) ||
      sscanf (contents, "%lu %lu", &size, &resident) != 2)
    return 0;

  return (gsize) resident * (gsize) sysconf (_SC_PAGESIZE);
}

static double
mib (gsize bytes)
{
  return bytes / (1024.0 * 1024.0);
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

typedef struct
{
  double append_s;
  double items_s;
  gsize  rss_delta;
  gsize  reported;
} Figures;

static void
bench_traffic_log (guint    n,
                   Figures *out)
{
  guint8 payload[BENCH_PAYLOAD_SIZE];
  gsize rss_before = rss_bytes ();
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  gint64 start;
  guint64 checksum = 0;

  /* A budget large enough to keep every payload, as the default does for
   * a million 64-byte events. */
  g_assert (se_traffic_log_get_capture_budget (log) >= (gsize) n * BENCH_PAYLOAD_SIZE);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      const BenchConnection *c = &bench_connections[i % BENCH_N_CONNECTIONS];

      bench_fill_payload (payload, i);
      se_traffic_log_append (log,
                             (i & 1) ? SE_EVENT_RECEIVE : SE_EVENT_SEND,
                             c->protocol, i % BENCH_N_CONNECTIONS + 1,
                             c->local, c->remote,
                             BENCH_PAYLOAD_SIZE, payload, BENCH_PAYLOAD_SIZE, NULL);
      /* A main-loop batch every 64 events, as under a busy socket. */
      if (i % 64 == 63)
        se_traffic_log_flush (log);
    }
  se_traffic_log_flush (log);
  out->append_s = seconds_since (start);
  out->rss_delta = rss_bytes () - rss_before;
  out->reported = se_traffic_log_get_memory_size (log);

  g_assert (g_list_model_get_n_items (G_LIST_MODEL (log)) == n);
  g_assert (se_traffic_log_get_retained_bytes (log) == (gsize) n * BENCH_PAYLOAD_SIZE);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SeEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);

      checksum += se_event_get_size (event) + g_bytes_get_size (se_event_get_data (event));
    }
  out->items_s = seconds_since (start);
  g_assert (checksum == (guint64) n * BENCH_PAYLOAD_SIZE * 2);

  printf ("Traffic log (compact records, items on demand)\n");
  printf ("  append:       %8.3f s  %12.0f events/s\n", out->append_s, n / out->append_s);
  printf ("  get_item all: %8.3f s  %12.0f items/s\n", out->items_s, n / out->items_s);
  printf ("  memory (log's own count): %8.1f MiB  %6.1f B/event (%u B payload + %.1f B)\n",
          mib (out->reported), (double) out->reported / n, BENCH_PAYLOAD_SIZE,
          (double) out->reported / n - BENCH_PAYLOAD_SIZE);
  printf ("  memory (RSS growth):      %8.1f MiB  %6.1f B/event\n",
          mib (out->rss_delta), (double) out->rss_delta / n);

  /* Export throughput, to /dev/null. */
  {
    int fd = open ("/dev/null", O_WRONLY | O_CLOEXEC);

    if (fd >= 0)
      {
        g_autoptr(GOutputStream) null_stream = g_unix_output_stream_new (fd, TRUE);
        g_autoptr(GError) error = NULL;

        start = g_get_monotonic_time ();
        if (se_traffic_log_write (log, SE_EXPORT_JSON_LINES, null_stream, NULL, &error))
          printf ("  JSON Lines export: %8.3f s  %12.0f events/s\n",
                  seconds_since (start), n / seconds_since (start));
        else
          printf ("  JSON Lines export failed: %s\n", error->message);
      }
  }
}

static void
bench_naive (guint    n,
             Figures *out)
{
  guint8 payload[BENCH_PAYLOAD_SIZE];
  gsize rss_before = rss_bytes ();
  g_autoptr(GListStore) store = g_list_store_new (BENCH_TYPE_EVENT);
  gint64 start;
  guint64 checksum = 0;

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      const BenchConnection *c = &bench_connections[i % BENCH_N_CONNECTIONS];
      BenchEvent *event = g_object_new (BENCH_TYPE_EVENT, NULL);

      bench_fill_payload (payload, i);
      event->index = i;
      event->time = g_get_real_time ();
      event->kind = (i & 1) ? SE_EVENT_RECEIVE : SE_EVENT_SEND;
      event->protocol = c->protocol;
      event->connection_id = i % BENCH_N_CONNECTIONS + 1;
      event->local = g_strdup (c->local);
      event->remote = g_strdup (c->remote);
      event->detail = NULL;
      event->size = BENCH_PAYLOAD_SIZE;
      event->data = g_bytes_new (payload, BENCH_PAYLOAD_SIZE);
      event->data_complete = TRUE;
      g_list_store_append (store, event);
      g_object_unref (event);
    }
  out->append_s = seconds_since (start);
  out->rss_delta = rss_bytes () - rss_before;
  out->reported = 0;

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BenchEvent) event = g_list_model_get_item (G_LIST_MODEL (store), i);

      checksum += event->size + g_bytes_get_size (event->data);
    }
  out->items_s = seconds_since (start);
  g_assert (checksum == (guint64) n * BENCH_PAYLOAD_SIZE * 2);

  printf ("Reference: one GObject per event in a GListStore\n");
  printf ("  append:       %8.3f s  %12.0f events/s\n", out->append_s, n / out->append_s);
  printf ("  get_item all: %8.3f s  %12.0f items/s\n", out->items_s, n / out->items_s);
  printf ("  memory (RSS growth):      %8.1f MiB  %6.1f B/event\n",
          mib (out->rss_delta), (double) out->rss_delta / n);
}

int
main (int   argc,
      char *argv[])
{
  guint n = 1000000;
  Figures log_figures = { 0 };
  Figures naive_figures = { 0 };
  gint64 start = g_get_monotonic_time ();

  if (argc > 1)
    n = (guint) g_ascii_strtoull (argv[1], NULL, 10);
  if (n == 0)
    {
      fprintf (stderr, "usage: %s [N-EVENTS]\n", argv[0]);
      return 2;
    }

  bench_connections_make ("(unnamed)");

  printf ("%u events, %u connections, %u-byte payloads\n", n, BENCH_N_CONNECTIONS, BENCH_PAYLOAD_SIZE);
  printf ("RSS at start: %.1f MiB\n\n", mib (rss_bytes ()));

  bench_traffic_log (n, &log_figures);
  printf ("RSS after freeing the log: %.1f MiB\n\n", mib (rss_bytes ()));

  bench_naive (n, &naive_figures);
  printf ("\n");

  printf ("Naive / log:  memory %.1fx   append time %.1fx\n",
          (double) naive_figures.rss_delta / MAX (log_figures.rss_delta, 1),
          naive_figures.append_s / log_figures.append_s);
  printf ("Total run time: %.1f s\n", seconds_since (start));

  bench_connections_free ();

  return 0;
}
