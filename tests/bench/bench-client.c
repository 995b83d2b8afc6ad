/* bench-client.c: the load generators of tests/bench/run-all
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One client for every server, so the figures compare servers. Only
 * 127.0.0.1; every wait is bounded, and alarm() ends a run that hangs
 * anyway. Each mode prints one line of KEY=VALUE pairs on success (exit 0);
 * a failure is one line on stderr (exit 1); a wrong command line exits 2.
 *
 *   bench-client udp PORT [--window W | --rate R] [--seconds T] [--count N]
 *                         [--size BYTES] [--timeout-ms MS]
 *       Sends datagrams of BYTES (default 64) to 127.0.0.1:PORT and counts
 *       the echoes, until N are sent or T seconds have passed (whichever
 *       comes first; default T = 5, N unlimited). Every datagram carries
 *       its sequence number; one that is not echoed within MS (default 1000)
 *       of being sent is lost, and a late echo does not count.
 *         --window W  (default 32) keeps at most W datagrams in flight: as
 *                     fast as the server echoes, without overrunning it
 *         --rate R    offers R datagrams/s whatever comes back
 *       prints  sent= echoed= lost= loss_pct= seconds= offered= rate=
 *       (offered: datagrams sent per second; rate: echoes per second)
 *
 *   bench-client idle PORT N SECONDS [--size BYTES] [--sync]
 *       Opens one active connection and warms it up with 100 round trips,
 *       then opens N idle connections (that never send), then does round
 *       trips of BYTES (default 32) on the active one for SECONDS.
 *       With --sync it prints "warm" and "idle N" at those two points and
 *       each time waits for a line on stdin before it goes on, so that a
 *       script can read the server's memory in between.
 *       prints  idle= roundtrips= seconds= rate= median_us= p99_us=
 *
 *   bench-client connect PORT N
 *       Opens N connections one after the other; on each it sends 1 byte
 *       and waits for its echo (so the server has accepted and served it),
 *       and keeps it open. Then it closes them all (not timed).
 *       prints  connections= seconds= rate=
 *
 * RLIMIT_NOFILE is raised to the hard limit first.
 */
#define _GNU_SOURCE

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define RING_BITS 20
#define RING (1u << RING_BITS)        /* datagrams tracked at once */
#define LATENCY_MAX_US 1000000        /* histogram of round trips, 1 µs steps */
#define IO_TIMEOUT_S 10
#define SYNC_TIMEOUT_MS 120000
#define ALARM_SLACK_S 180

static double
now_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static void
fail (const char *what)
{
  fprintf (stderr, "bench-client: %s: %s\n", what, strerror (errno));
  exit (1);
}

static int
usage (void)
{
  fprintf (stderr,
           "usage: bench-client udp PORT [--window W | --rate R] [--seconds T] [--count N]\n"
           "                            [--size BYTES] [--timeout-ms MS]\n"
           "       bench-client idle PORT N SECONDS [--size BYTES] [--sync]\n"
           "       bench-client connect PORT N\n");
  return 2;
}

static int
parse_double (const char *text,
              double     *out)
{
  char *end = NULL;

  errno = 0;
  *out = strtod (text, &end);
  return errno == 0 && end != text && *end == '\0' && *out >= 0;
}

static void
raise_nofile (void)
{
  struct rlimit rl;

  if (getrlimit (RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max)
    {
      rl.rlim_cur = rl.rlim_max;
      setrlimit (RLIMIT_NOFILE, &rl);
    }
}

static struct sockaddr_in
loopback (const char *port_text)
{
  struct sockaddr_in addr = { 0 };
  double port;

  if (!parse_double (port_text, &port) || port < 1 || port > 65535)
    {
      fprintf (stderr, "bench-client: bad port %s\n", port_text);
      exit (2);
    }
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  addr.sin_port = htons ((uint16_t) port);

  return addr;
}

/* ---- udp ---------------------------------------------------------------- */

static double sent_at[RING];
static unsigned char echoed_flag[RING];

static int
run_udp (int    argc,
         char **argv)
{
  struct sockaddr_in addr;
  double window = 32, rate = 0, seconds = 5, count = 0, size = 64, timeout_ms = 1000;
  uint64_t sent = 0, echoed = 0, lost = 0, late = 0, oldest = 0;
  uint64_t max_count;
  char buffer[65536];
  double start, send_end = 0, last_echo = 0, timeout_s, now;
  int s;

  if (argc < 3)
    return usage ();
  addr = loopback (argv[2]);
  for (int i = 3; i < argc; i++)
    {
      double *target = NULL;

      if (strcmp (argv[i], "--window") == 0)
        target = &window;
      else if (strcmp (argv[i], "--rate") == 0)
        target = &rate;
      else if (strcmp (argv[i], "--seconds") == 0)
        target = &seconds;
      else if (strcmp (argv[i], "--count") == 0)
        target = &count;
      else if (strcmp (argv[i], "--size") == 0)
        target = &size;
      else if (strcmp (argv[i], "--timeout-ms") == 0)
        target = &timeout_ms;
      if (target == NULL || i + 1 >= argc || !parse_double (argv[i + 1], target))
        return usage ();
      i++;
    }
  if (size < 8 || size > 65000 || window < 1 || window >= RING || timeout_ms < 1 || seconds <= 0)
    return usage ();
  max_count = count > 0 ? (uint64_t) count : UINT64_MAX;
  timeout_s = timeout_ms / 1000.0;
  alarm ((unsigned int) (seconds + timeout_s) + ALARM_SLACK_S);

  s = socket (AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (s < 0)
    fail ("socket");
  /* The client's own receive buffer as large as the servers': on a busy
   * 2-core machine this process is sometimes not scheduled for a few ms,
   * and echoes dropped here would be counted as the server's loss. */
  {
    int rcvbuf = 4 * 1024 * 1024;

    if (setsockopt (s, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof rcvbuf) < 0)
      setsockopt (s, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
  }
  /* connect(): send() and recv() only with the server. */
  if (connect (s, (struct sockaddr *) &addr, sizeof addr) < 0)
    fail ("connect");
  for (size_t i = 0; i < sizeof buffer; i++)
    buffer[i] = (char) ('a' + i % 26);

  start = now_s ();
  for (;;)
    {
      int progress = 0;
      int sending;

      now = now_s ();
      sending = send_end == 0;
      if (sending && (sent >= max_count || now - start >= seconds))
        {
          send_end = now;
          sending = 0;
        }

      /* Send what is due. */
      while (sending)
        {
          uint64_t in_flight = sent - echoed - lost;
          ssize_t n;

          if (sent >= max_count)
            break;
          if (rate > 0 ? (double) sent >= (now - start) * rate : in_flight >= (uint64_t) window)
            break;
          if (sent - oldest >= RING)
            break;
          memcpy (buffer, &sent, sizeof sent);
          n = send (s, buffer, (size_t) size, MSG_NOSIGNAL);
          if (n < 0)
            {
              if (errno == EINTR)
                continue;
              if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS
                  || errno == ECONNREFUSED)
                break;
              fail ("send");
            }
          sent_at[sent % RING] = now;
          echoed_flag[sent % RING] = 0;
          sent++;
          progress = 1;
        }

      /* Take every echo there is. */
      for (;;)
        {
          uint64_t seq;
          ssize_t n = recv (s, buffer, sizeof buffer, 0);

          if (n < 0)
            {
              if (errno == EINTR || errno == ECONNREFUSED)
                continue;
              if (errno == EAGAIN || errno == EWOULDBLOCK)
                break;
              fail ("recv");
            }
          progress = 1;
          if ((size_t) n < sizeof seq)
            continue;
          memcpy (&seq, buffer, sizeof seq);
          if (seq < oldest || seq >= sent || echoed_flag[seq % RING])
            {
              late++;
              continue;
            }
          echoed_flag[seq % RING] = 1;
          echoed++;
          last_echo = now_s ();
        }

      /* Past the oldest datagram that is not echoed: lost after the timeout
       * (or when the ring is full). */
      now = now_s ();
      while (oldest < sent)
        {
          if (echoed_flag[oldest % RING])
            oldest++;
          else if (now - sent_at[oldest % RING] > timeout_s || sent - oldest >= RING)
            {
              lost++;
              oldest++;
            }
          else
            break;
        }

      if (!sending && oldest == sent)
        break;

      if (!progress)
        {
          struct pollfd pfd = { s, POLLIN, 0 };
          struct timespec wait = { 0, 1000000 };   /* 1 ms */

          if (sending && rate > 0)
            {
              double due = start + (double) (sent + 1) / rate - now_s ();

              if (due < 0)
                due = 0;
              if (due < 0.001)
                wait.tv_nsec = (long) (due * 1e9);
            }
          if (ppoll (&pfd, 1, &wait, NULL) < 0 && errno != EINTR)
            fail ("ppoll");
        }
    }
  close (s);

  {
    double send_time = send_end - start;
    double echo_time = (last_echo > start ? last_echo : send_end) - start;

    printf ("sent=%" PRIu64 " echoed=%" PRIu64 " lost=%" PRIu64 " late=%" PRIu64
            " loss_pct=%.4f seconds=%.6f offered=%.1f rate=%.1f\n",
            sent, echoed, lost, late, sent > 0 ? 100.0 * (double) lost / (double) sent : 0.0,
            echo_time, send_time > 0 ? (double) sent / send_time : 0.0,
            echo_time > 0 ? (double) echoed / echo_time : 0.0);
  }

  return 0;
}

/* ---- tcp helpers -------------------------------------------------------- */

static int
tcp_connect (const struct sockaddr_in *addr)
{
  struct timeval timeout = { IO_TIMEOUT_S, 0 };
  int s = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  if (s < 0)
    return -1;
  /* SO_SNDTIMEO also bounds connect(). */
  setsockopt (s, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt (s, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  if (connect (s, (const struct sockaddr *) addr, sizeof *addr) < 0)
    {
      int errsv = errno;

      close (s);
      errno = errsv;
      return -1;
    }

  return s;
}

static int
send_all (int         s,
          const char *data,
          size_t      len)
{
  size_t done = 0;

  while (done < len)
    {
      ssize_t n = send (s, data + done, len - done, MSG_NOSIGNAL);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return -1;
        }
      done += (size_t) n;
    }

  return 0;
}

static int
recv_all (int    s,
          char  *data,
          size_t len)
{
  size_t done = 0;

  while (done < len)
    {
      ssize_t n = recv (s, data + done, len - done, 0);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return -1;
        }
      if (n == 0)
        {
          errno = ECONNRESET;
          return -1;
        }
      done += (size_t) n;
    }

  return 0;
}

/* Waits for one line on stdin (at most SYNC_TIMEOUT_MS). */
static void
sync_point (const char *message)
{
  struct pollfd pfd = { STDIN_FILENO, POLLIN, 0 };
  char line[64];

  printf ("%s\n", message);
  fflush (stdout);
  if (poll (&pfd, 1, SYNC_TIMEOUT_MS) <= 0 || read (STDIN_FILENO, line, sizeof line) <= 0)
    {
      fprintf (stderr, "bench-client: no go-ahead on stdin after \"%s\"\n", message);
      exit (1);
    }
}

/* ---- idle --------------------------------------------------------------- */

static uint32_t latency_hist[LATENCY_MAX_US + 1];

static double
hist_quantile (uint64_t total,
               double   q)
{
  uint64_t rank = (uint64_t) ((double) total * q);
  uint64_t seen = 0;

  for (size_t i = 0; i <= LATENCY_MAX_US; i++)
    {
      seen += latency_hist[i];
      if (seen > rank)
        return (double) i;
    }

  return LATENCY_MAX_US;
}

static int
run_idle (int    argc,
          char **argv)
{
  struct sockaddr_in addr;
  double idle_d, seconds, size = 32;
  size_t idle;
  int do_sync = 0;
  int active, *fds;
  char *message, *reply;
  uint64_t trips = 0;
  double start, elapsed;

  if (argc < 5)
    return usage ();
  addr = loopback (argv[2]);
  if (!parse_double (argv[3], &idle_d) || !parse_double (argv[4], &seconds) || seconds <= 0)
    return usage ();
  for (int i = 5; i < argc; i++)
    {
      if (strcmp (argv[i], "--sync") == 0)
        do_sync = 1;
      else if (strcmp (argv[i], "--size") == 0 && i + 1 < argc
               && parse_double (argv[i + 1], &size) && size >= 1 && size <= 65536)
        i++;
      else
        return usage ();
    }
  idle = (size_t) idle_d;
  alarm ((unsigned int) seconds + ALARM_SLACK_S + (do_sync ? 2 * SYNC_TIMEOUT_MS / 1000 : 0));
  raise_nofile ();

  message = malloc ((size_t) size);
  reply = malloc ((size_t) size);
  fds = calloc (idle + 1, sizeof *fds);
  if (message == NULL || reply == NULL || fds == NULL)
    fail ("malloc");
  for (size_t i = 0; i < (size_t) size; i++)
    message[i] = (char) ('a' + i % 26);

  active = tcp_connect (&addr);
  if (active < 0)
    fail ("connect (active)");
  {
    int one = 1;

    setsockopt (active, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  for (int i = 0; i < 100; i++)
    if (send_all (active, message, (size_t) size) < 0 || recv_all (active, reply, (size_t) size) < 0)
      fail ("warm-up round trip");

  if (do_sync)
    sync_point ("warm");

  for (size_t i = 0; i < idle; i++)
    {
      fds[i] = tcp_connect (&addr);
      if (fds[i] < 0)
        {
          char what[80];

          snprintf (what, sizeof what, "connect (idle connection %zu of %zu)", i + 1, idle);
          fail (what);
        }
    }

  if (do_sync)
    {
      char what[64];

      snprintf (what, sizeof what, "idle %zu", idle);
      sync_point (what);
    }

  start = now_s ();
  do
    {
      double t0 = now_s (), us;

      if (send_all (active, message, (size_t) size) < 0 || recv_all (active, reply, (size_t) size) < 0)
        fail ("round trip");
      if (memcmp (message, reply, (size_t) size) != 0)
        {
          fprintf (stderr, "bench-client: the echo differs from what was sent\n");
          return 1;
        }
      us = (now_s () - t0) * 1e6;
      latency_hist[us < LATENCY_MAX_US ? (size_t) us : LATENCY_MAX_US]++;
      trips++;
    }
  while (now_s () - start < seconds);
  elapsed = now_s () - start;

  close (active);
  for (size_t i = 0; i < idle; i++)
    close (fds[i]);

  printf ("idle=%zu roundtrips=%" PRIu64 " seconds=%.6f rate=%.1f median_us=%.0f p99_us=%.0f\n",
          idle, trips, elapsed, (double) trips / elapsed,
          hist_quantile (trips, 0.5), hist_quantile (trips, 0.99));
  free (fds);
  free (message);
  free (reply);

  return 0;
}

/* ---- connect ------------------------------------------------------------ */

static int
run_connect (int    argc,
             char **argv)
{
  struct sockaddr_in addr;
  double count_d;
  size_t count;
  int *fds;
  double start, elapsed;

  if (argc != 4)
    return usage ();
  addr = loopback (argv[2]);
  if (!parse_double (argv[3], &count_d) || count_d < 1)
    return usage ();
  count = (size_t) count_d;
  alarm (ALARM_SLACK_S + (unsigned int) (count / 100));
  raise_nofile ();
  fds = calloc (count, sizeof *fds);
  if (fds == NULL)
    fail ("malloc");

  start = now_s ();
  for (size_t i = 0; i < count; i++)
    {
      char byte = 'x';

      fds[i] = tcp_connect (&addr);
      if (fds[i] < 0 || send_all (fds[i], &byte, 1) < 0 || recv_all (fds[i], &byte, 1) < 0)
        {
          char what[80];

          snprintf (what, sizeof what, "connection %zu of %zu", i + 1, count);
          fail (what);
        }
    }
  elapsed = now_s () - start;

  for (size_t i = 0; i < count; i++)
    close (fds[i]);
  free (fds);

  printf ("connections=%zu seconds=%.6f rate=%.1f\n", count, elapsed, (double) count / elapsed);

  return 0;
}

int
main (int   argc,
      char *argv[])
{
  signal (SIGPIPE, SIG_IGN);
  setvbuf (stdout, NULL, _IOLBF, 0);

  if (argc >= 2 && strcmp (argv[1], "udp") == 0)
    return run_udp (argc, argv);
  if (argc >= 2 && strcmp (argv[1], "idle") == 0)
    return run_idle (argc, argv);
  if (argc >= 2 && strcmp (argv[1], "connect") == 0)
    return run_connect (argc, argv);

  return usage ();
}
