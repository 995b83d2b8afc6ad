/* bench-pcapng.c: the pcapng export of a million events, for tests/bench/run-all
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * bench-pcapng N OUT.pcapng [HEXDUMP]
 *
 * Fills a traffic log with N events (64-byte payloads, sends and
 * receives alternating, over 1,000 connections: TCP over IPv4 and IPv6,
 * some UDP and Unix, as in bench-log), then times se_traffic_log_write()
 * of the whole log as pcapng to OUT.pcapng (the window's export does
 * exactly this on its worker thread) and prints one line of key=value
 * figures. With HEXDUMP it also writes (untimed) the same payloads in
 * the input format of Wireshark's text2pcap, with I/O direction marks,
 * which run-all turns into pcapng with synthetic IPv4/TCP headers as the
 * reference.
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gio/gunixoutputstream.h>
#include <glib/gstdio.h>

#include "bench-workload.h"
#include "se-traffic-log.h"


static gboolean
write_hexdump (guint       n,
               const char *path)
{
  static const char digits[] = "0123456789abcdef";
  FILE *out = fopen (path, "w");
  guint8 payload[BENCH_PAYLOAD_SIZE];
  char line[2 + 7 + 3 * BENCH_PAYLOAD_SIZE + 2];

  if (out == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      char *p = line;

      bench_fill_payload (payload, i);
      *p++ = (i & 1) ? 'I' : 'O';
      memcpy (p, " 000000", 7);
      p += 7;
      for (guint b = 0; b < BENCH_PAYLOAD_SIZE; b++)
        {
          *p++ = ' ';
          *p++ = digits[payload[b] >> 4];
          *p++ = digits[payload[b] & 0xf];
        }
      *p++ = '\n';
      fwrite (line, 1, p - line, out);
    }

  return fclose (out) == 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GOutputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  guint8 payload[BENCH_PAYLOAD_SIZE];
  guint n;
  int fd;
  gint64 start;
  double seconds;
  off_t size;

  if (argc < 3)
    {
      fprintf (stderr, "usage: %s N OUT.pcapng [HEXDUMP]\n", argv[0]);
      return 2;
    }
  n = (guint) strtoul (argv[1], NULL, 10);

  bench_connections_make ("");
  se_traffic_log_set_capture_budget (log, (gsize) n * BENCH_PAYLOAD_SIZE + 1);
  for (guint i = 0; i < n; i++)
    {
      const BenchConnection *c = &bench_connections[i % BENCH_N_CONNECTIONS];

      bench_fill_payload (payload, i);
      se_traffic_log_append (log, (i & 1) ? SE_EVENT_RECEIVE : SE_EVENT_SEND,
                             c->protocol, i % BENCH_N_CONNECTIONS + 1, c->local, c->remote,
                             BENCH_PAYLOAD_SIZE, payload, BENCH_PAYLOAD_SIZE, NULL);
    }
  se_traffic_log_flush (log);

  fd = open (argv[2], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      perror (argv[2]);
      return 1;
    }
  stream = g_unix_output_stream_new (fd, TRUE);

  start = g_get_monotonic_time ();
  if (!se_traffic_log_write (log, SE_EXPORT_PCAPNG, stream, NULL, &error) ||
      !g_output_stream_close (stream, NULL, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  {
    GStatBuf st;

    size = g_stat (argv[2], &st) == 0 ? st.st_size : -1;
  }

  if (argc > 3 && !write_hexdump (n, argv[3]))
    {
      perror (argv[3]);
      return 1;
    }

  printf ("events=%u seconds=%.3f rate=%.0f bytes=%lld\n",
          n, seconds, n / seconds, (long long) size);

  bench_connections_free ();

  return 0;
}
