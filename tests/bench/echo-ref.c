/* echo-ref.c: the reference for bench-echo.sh
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   echo-ref server        a minimal blocking TCP echo server on 127.0.0.1,
 *                          port chosen by the system and printed first;
 *                          accept, then read/write until EOF, one client at
 *                          a time, until killed
 *   echo-ref client PORT BYTES
 *                          connects to 127.0.0.1:PORT, writes BYTES on one
 *                          thread while it reads them back on another, and
 *                          prints "BYTES SECONDS MB/s" (1 MB = 10^6 bytes)
 *
 * The same client measures every server, so the numbers compare servers.
 * Only loopback; every wait is bounded (SO_RCVTIMEO, SO_SNDTIMEO).
 */
#define _GNU_SOURCE

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define SERVER_BUFFER (64 * 1024)
#define CLIENT_BUFFER (256 * 1024)
#define IO_TIMEOUT_S 30

static void
die (const char *what)
{
  fprintf (stderr, "echo-ref: %s: %s\n", what, strerror (errno));
  exit (1);
}

static int
run_server (void)
{
  struct sockaddr_in addr = { 0 };
  socklen_t len = sizeof addr;
  static char buffer[SERVER_BUFFER];
  int one = 1;
  int s;

  s = socket (AF_INET, SOCK_STREAM, 0);
  if (s < 0)
    die ("socket");
  setsockopt (s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (bind (s, (struct sockaddr *) &addr, sizeof addr) < 0)
    die ("bind");
  if (listen (s, 16) < 0)
    die ("listen");
  if (getsockname (s, (struct sockaddr *) &addr, &len) < 0)
    die ("getsockname");
  printf ("listening on tcp://127.0.0.1:%u\n", ntohs (addr.sin_port));
  fflush (stdout);

  for (;;)
    {
      int c = accept (s, NULL, NULL);
      ssize_t n;

      if (c < 0)
        {
          if (errno == EINTR)
            continue;
          die ("accept");
        }

      while ((n = read (c, buffer, sizeof buffer)) > 0)
        {
          ssize_t done = 0;

          while (done < n)
            {
              ssize_t w = write (c, buffer + done, n - done);

              if (w < 0)
                {
                  if (errno == EINTR)
                    continue;
                  break;
                }
              done += w;
            }
          if (done < n)
            break;
        }
      close (c);
    }

  return 0;
}

typedef struct
{
  int      fd;
  uint64_t total;
  int      failed;
} Writer;

static void *
writer_thread (void *data)
{
  Writer *w = data;
  char *buffer = malloc (CLIENT_BUFFER);
  uint64_t sent = 0;

  if (buffer == NULL)
    {
      w->failed = 1;
      return NULL;
    }
  for (size_t i = 0; i < CLIENT_BUFFER; i++)
    buffer[i] = (char) ('a' + i % 26);

  while (sent < w->total)
    {
      size_t chunk = w->total - sent < CLIENT_BUFFER ? (size_t) (w->total - sent) : CLIENT_BUFFER;
      ssize_t n = send (w->fd, buffer, chunk, MSG_NOSIGNAL);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          fprintf (stderr, "echo-ref: send: %s\n", strerror (errno));
          w->failed = 1;
          break;
        }
      sent += (uint64_t) n;
    }
  shutdown (w->fd, SHUT_WR);
  free (buffer);

  return NULL;
}

static double
now_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
run_client (const char *port_text,
            const char *bytes_text)
{
  struct sockaddr_in addr = { 0 };
  struct timeval timeout = { IO_TIMEOUT_S, 0 };
  char *buffer = malloc (CLIENT_BUFFER);
  Writer writer = { 0 };
  pthread_t thread;
  uint64_t received = 0;
  double start, elapsed;
  int s;

  if (buffer == NULL)
    die ("malloc");
  writer.total = strtoull (bytes_text, NULL, 10);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  addr.sin_port = htons ((uint16_t) atoi (port_text));

  s = socket (AF_INET, SOCK_STREAM, 0);
  if (s < 0)
    die ("socket");
  setsockopt (s, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt (s, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  if (connect (s, (struct sockaddr *) &addr, sizeof addr) < 0)
    die ("connect");

  start = now_s ();
  writer.fd = s;
  if (pthread_create (&thread, NULL, writer_thread, &writer) != 0)
    die ("pthread_create");

  while (received < writer.total)
    {
      ssize_t n = recv (s, buffer, CLIENT_BUFFER, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          fprintf (stderr, "echo-ref: recv after %llu of %llu bytes: %s\n",
                   (unsigned long long) received, (unsigned long long) writer.total,
                   strerror (errno));
          break;
        }
      if (n == 0)
        {
          fprintf (stderr, "echo-ref: the server closed after %llu of %llu bytes\n",
                   (unsigned long long) received, (unsigned long long) writer.total);
          break;
        }
      received += (uint64_t) n;
    }
  elapsed = now_s () - start;
  pthread_join (thread, NULL);
  close (s);
  free (buffer);

  if (received != writer.total || writer.failed)
    return 1;

  printf ("%llu %.6f %.1f\n", (unsigned long long) received, elapsed,
          elapsed > 0 ? received / elapsed / 1e6 : 0.0);

  return 0;
}

int
main (int   argc,
      char *argv[])
{
  signal (SIGPIPE, SIG_IGN);

  if (argc == 2 && strcmp (argv[1], "server") == 0)
    return run_server ();
  if (argc == 4 && strcmp (argv[1], "client") == 0)
    return run_client (argv[2], argv[3]);

  fprintf (stderr, "usage: echo-ref server | echo-ref client PORT BYTES\n");
  return 2;
}
