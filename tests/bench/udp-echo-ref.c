/* udp-echo-ref.c: the reference for run-all's UDP rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   udp-echo-ref
 *
 * The smallest UDP echo server: one blocking socket on 127.0.0.1, port
 * chosen by the system and printed first ("listening on
 * udp://127.0.0.1:PORT", like socket-explorer-cli listen), then recvfrom()
 * and sendto() the same bytes back, in a loop, with the kernel's default
 * buffer sizes (socket-explorer-cli does not change them either). Runs until
 * SIGTERM or SIGINT.
 */
#define _GNU_SOURCE

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static volatile sig_atomic_t stop_requested;

static void
on_stop_signal (int signum)
{
  (void) signum;
  stop_requested = 1;
}

static void
die (const char *what)
{
  fprintf (stderr, "udp-echo-ref: %s: %s\n", what, strerror (errno));
  exit (1);
}

int
main (void)
{
  static char buffer[65536];
  struct sockaddr_in addr = { 0 };
  socklen_t len = sizeof addr;
  struct sigaction sa = { 0 };
  int s;

  /* No SA_RESTART: recvfrom() returns EINTR and the loop sees the flag. */
  sa.sa_handler = on_stop_signal;
  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGINT, &sa, NULL);

  s = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (s < 0)
    die ("socket");
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (bind (s, (struct sockaddr *) &addr, sizeof addr) < 0)
    die ("bind");
  if (getsockname (s, (struct sockaddr *) &addr, &len) < 0)
    die ("getsockname");
  printf ("listening on udp://127.0.0.1:%u\n", ntohs (addr.sin_port));
  fflush (stdout);

  while (!stop_requested)
    {
      struct sockaddr_storage from;
      socklen_t from_len = sizeof from;
      ssize_t n = recvfrom (s, buffer, sizeof buffer, 0,
                            (struct sockaddr *) &from, &from_len);

      if (n < 0)
        {
          if (errno == EINTR || errno == ECONNREFUSED)
            continue;
          die ("recvfrom");
        }
      if (sendto (s, buffer, (size_t) n, 0, (struct sockaddr *) &from, from_len) < 0
          && errno != EINTR && errno != ECONNREFUSED && errno != ENOBUFS && errno != EAGAIN)
        die ("sendto");
    }
  close (s);

  return 0;
}
