/* interval-ref.c: how exactly periodic sends keep their interval
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   interval-ref sink COUNT INTERVAL_MS
 *       binds UDP 127.0.0.1:0, prints "port=N", then receives COUNT
 *       datagrams (or stops 5 s after the last one) and prints
 *       "received=N p50_us=… p99_us=… max_us=… drift_ms=…": the
 *       deviation of each gap between arrivals from INTERVAL_MS, and how
 *       much later than (COUNT - 1) × INTERVAL_MS the last one came.
 *   interval-ref send PORT COUNT INTERVAL_MS
 *       the reference sender: one datagram to 127.0.0.1:PORT every
 *       INTERVAL_MS on an absolute schedule (clock_nanosleep TIMER_ABSTIME).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int64_t
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int
compare (const void *a, const void *b)
{
  int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;

  return x < y ? -1 : x > y;
}

static int
sink (long count, long interval_ms)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof addr;
  int64_t *arrivals = calloc (count, sizeof *arrivals);
  int64_t *dev = calloc (count, sizeof *dev);
  long n = 0;
  int size = 4 << 20;
  int fd = socket (AF_INET, SOCK_DGRAM, 0);
  char buf[2048];

  if (fd < 0 || arrivals == NULL || dev == NULL ||
      bind (fd, (struct sockaddr *) &addr, sizeof addr) != 0 ||
      getsockname (fd, (struct sockaddr *) &addr, &len) != 0)
    {
      perror ("interval-ref sink");
      return 1;
    }
  setsockopt (fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  printf ("port=%d\n", ntohs (addr.sin_port));
  fflush (stdout);

  while (n < count)
    {
      struct pollfd pfd = { .fd = fd, .events = POLLIN };
      int r = poll (&pfd, 1, n == 0 ? 60000 : 5000);

      if (r <= 0)
        break;
      if (recv (fd, buf, sizeof buf, 0) >= 0)
        arrivals[n++] = now_ns ();
    }

  for (long i = 1; i < n; i++)
    {
      int64_t d = (arrivals[i] - arrivals[i - 1]) - (int64_t) interval_ms * 1000000;

      dev[i - 1] = d < 0 ? -d : d;
    }
  qsort (dev, n > 1 ? n - 1 : 0, sizeof *dev, compare);
  printf ("received=%ld p50_us=%.1f p99_us=%.1f max_us=%.1f drift_ms=%.2f\n", n,
          n > 1 ? dev[(n - 1) / 2] / 1000.0 : 0.0,
          n > 1 ? dev[(n - 1) * 99 / 100] / 1000.0 : 0.0,
          n > 1 ? dev[n - 2] / 1000.0 : 0.0,
          n > 1 ? ((arrivals[n - 1] - arrivals[0]) - (int64_t) (n - 1) * interval_ms * 1000000) / 1e6 : 0.0);
  return 0;
}

static int
sender (int port, long count, long interval_ms)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons (port),
                              .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  int fd = socket (AF_INET, SOCK_DGRAM, 0);
  struct timespec next;

  if (fd < 0)
    {
      perror ("interval-ref send");
      return 1;
    }
  clock_gettime (CLOCK_MONOTONIC, &next);
  for (long i = 0; i < count; i++)
    {
      if (i > 0)
        {
          next.tv_nsec += interval_ms * 1000000;
          while (next.tv_nsec >= 1000000000)
            {
              next.tv_sec++;
              next.tv_nsec -= 1000000000;
            }
          while (clock_nanosleep (CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR)
            ;
        }
      sendto (fd, "tick", 4, 0, (struct sockaddr *) &addr, sizeof addr);
    }
  return 0;
}

int
main (int argc, char **argv)
{
  if (argc == 4 && strcmp (argv[1], "sink") == 0)
    return sink (atol (argv[2]), atol (argv[3]));
  if (argc == 5 && strcmp (argv[1], "send") == 0)
    return sender (atoi (argv[2]), atol (argv[3]), atol (argv[4]));
  fprintf (stderr, "usage: interval-ref sink COUNT INTERVAL_MS | interval-ref send PORT COUNT INTERVAL_MS\n");
  return 2;
}
