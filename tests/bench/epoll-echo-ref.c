/* epoll-echo-ref.c: the reference for run-all's many-connection rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   epoll-echo-ref [BACKLOG]
 *
 * A TCP echo server on 127.0.0.1 in one thread with one level-triggered
 * epoll set: the port is chosen by the system and printed first
 * ("listening on tcp://127.0.0.1:PORT"), like socket-explorer-cli listen.
 * Every connection is a small struct; a write that does not complete keeps
 * the rest in a buffer and stops reading that connection until it is sent.
 * The listen() backlog is 128 unless given, the same as socket-explorer-cli
 * listen's default, and like it, it leaves Nagle's algorithm on. It raises its RLIMIT_NOFILE to the hard limit, and runs
 * until SIGTERM or SIGINT (then it closes everything and exits 0).
 */
#define _GNU_SOURCE

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUFFER_SIZE (64 * 1024)
#define MAX_EVENTS 256

typedef struct
{
  int    fd;
  char  *pending;      /* bytes read but not yet written back, or NULL */
  size_t pending_off;
  size_t pending_len;
} Conn;

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
  fprintf (stderr, "epoll-echo-ref: %s: %s\n", what, strerror (errno));
  exit (1);
}

static void
conn_close (int   ep,
            Conn *conn)
{
  epoll_ctl (ep, EPOLL_CTL_DEL, conn->fd, NULL);
  close (conn->fd);
  free (conn->pending);
  free (conn);
}

static void
conn_watch (int   ep,
            Conn *conn,
            int   op,
            unsigned int events)
{
  struct epoll_event ev = { 0 };

  ev.events = events;
  ev.data.ptr = conn;
  if (epoll_ctl (ep, op, conn->fd, &ev) < 0)
    die ("epoll_ctl");
}

/* Writes what is pending; returns 0 when all of it is out, 1 when some is
 * left (the connection then waits for EPOLLOUT), -1 on error. */
static int
conn_flush (Conn *conn)
{
  while (conn->pending_off < conn->pending_len)
    {
      ssize_t w = send (conn->fd, conn->pending + conn->pending_off,
                        conn->pending_len - conn->pending_off, MSG_NOSIGNAL);

      if (w < 0)
        {
          if (errno == EINTR)
            continue;
          if (errno == EAGAIN || errno == EWOULDBLOCK)
            return 1;
          return -1;
        }
      conn->pending_off += (size_t) w;
    }
  free (conn->pending);
  conn->pending = NULL;
  conn->pending_off = conn->pending_len = 0;

  return 0;
}

/* Reads once and echoes what came; returns -1 when the connection is done. */
static int
conn_read (int   ep,
           Conn *conn)
{
  static char buffer[BUFFER_SIZE];
  ssize_t n, done = 0;

  n = recv (conn->fd, buffer, sizeof buffer, 0);
  if (n < 0)
    return (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -1;
  if (n == 0)
    return -1;

  while (done < n)
    {
      ssize_t w = send (conn->fd, buffer + done, (size_t) (n - done), MSG_NOSIGNAL);

      if (w < 0)
        {
          if (errno == EINTR)
            continue;
          if (errno == EAGAIN || errno == EWOULDBLOCK)
            break;
          return -1;
        }
      done += w;
    }

  if (done < n)
    {
      conn->pending_len = (size_t) (n - done);
      conn->pending_off = 0;
      conn->pending = malloc (conn->pending_len);
      if (conn->pending == NULL)
        return -1;
      memcpy (conn->pending, buffer + done, conn->pending_len);
      conn_watch (ep, conn, EPOLL_CTL_MOD, EPOLLOUT);
    }

  return 0;
}

static void
accept_all (int ep,
            int listener)
{
  static int warned;

  for (;;)
    {
      int fd = accept4 (listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
      Conn *conn;

      if (fd < 0)
        {
          if (errno == EINTR || errno == ECONNABORTED)
            continue;
          if (errno != EAGAIN && errno != EWOULDBLOCK && !warned)
            {
              fprintf (stderr, "epoll-echo-ref: accept4: %s\n", strerror (errno));
              warned = 1;
            }
          return;
        }
      conn = calloc (1, sizeof *conn);
      if (conn == NULL)
        {
          close (fd);
          return;
        }
      conn->fd = fd;
      conn_watch (ep, conn, EPOLL_CTL_ADD, EPOLLIN);
    }
}

int
main (int   argc,
      char *argv[])
{
  struct sockaddr_in addr = { 0 };
  socklen_t len = sizeof addr;
  struct epoll_event events[MAX_EVENTS];
  struct epoll_event lev = { 0 };
  struct sigaction sa = { 0 };
  struct rlimit rl;
  int backlog = argc > 1 ? atoi (argv[1]) : 128;
  int one = 1;
  int s, ep;

  signal (SIGPIPE, SIG_IGN);
  sa.sa_handler = on_stop_signal;
  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGINT, &sa, NULL);

  if (getrlimit (RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max)
    {
      rl.rlim_cur = rl.rlim_max;
      setrlimit (RLIMIT_NOFILE, &rl);
    }

  s = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (s < 0)
    die ("socket");
  setsockopt (s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (bind (s, (struct sockaddr *) &addr, sizeof addr) < 0)
    die ("bind");
  if (listen (s, backlog > 0 ? backlog : 128) < 0)
    die ("listen");
  if (getsockname (s, (struct sockaddr *) &addr, &len) < 0)
    die ("getsockname");

  ep = epoll_create1 (EPOLL_CLOEXEC);
  if (ep < 0)
    die ("epoll_create1");
  lev.events = EPOLLIN;
  lev.data.ptr = NULL; /* NULL marks the listening socket */
  if (epoll_ctl (ep, EPOLL_CTL_ADD, s, &lev) < 0)
    die ("epoll_ctl");

  printf ("listening on tcp://127.0.0.1:%u\n", ntohs (addr.sin_port));
  fflush (stdout);

  while (!stop_requested)
    {
      int n = epoll_wait (ep, events, MAX_EVENTS, 1000);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          die ("epoll_wait");
        }
      for (int i = 0; i < n; i++)
        {
          Conn *conn = events[i].data.ptr;
          int r;

          if (conn == NULL)
            {
              accept_all (ep, s);
              continue;
            }
          if (conn->pending != NULL)
            {
              r = conn_flush (conn);
              if (r == 0)
                conn_watch (ep, conn, EPOLL_CTL_MOD, EPOLLIN);
            }
          else if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))
            r = conn_read (ep, conn);
          else
            r = 0;
          if (r < 0)
            conn_close (ep, conn);
        }
    }

  /* Connections left open are closed by exit(); the kernel does the rest. */
  close (ep);
  close (s);

  return 0;
}
