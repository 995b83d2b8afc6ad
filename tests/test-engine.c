/* test-engine.c: the reactor, batches and limits of the socket engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real sockets on 127.0.0.1 only, port 0, bounded waits. The peers here
 * are plain sockets (not SeClient), so that they can misbehave: never
 * read, send half a message, reset, stay silent.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include "socket-explorer-core.h"
#include "se-test-util.h"

#define WAIT_MS 5000

static SeListener *
start_listener (const char   *endpoint_text,
                const char   *responder_text,
                SeTrafficLog *log,
                void        (*configure) (SeListener *listener))
{
  g_autoptr(SeEndpoint) endpoint = se_endpoint_parse (endpoint_text, NULL);
  g_autoptr(SeResponder) responder = se_responder_parse (responder_text, NULL);
  g_autoptr(SeListener) listener = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (endpoint);
  g_assert_nonnull (responder);

  listener = se_listener_new (endpoint, responder, log);
  if (configure != NULL)
    configure (listener);
  se_listener_start_async (listener, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, WAIT_MS);
  g_assert_true (se_listener_start_finish (listener, result, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&listener);
}

static void
listener_addr (SeListener         *listener,
               struct sockaddr_in *addr)
{
  memset (addr, 0, sizeof *addr);
  addr->sin_family = AF_INET;
  addr->sin_port = g_htons (se_endpoint_get_port (se_listener_get_endpoint (listener)));
  addr->sin_addr.s_addr = g_htonl (INADDR_LOOPBACK);
}

/* A blocking TCP socket connected to the listener; buffer_size, if not
 * 0, sets its send and receive buffers before the handshake (after it,
 * the window is already agreed). */
static int
raw_connect_sized (SeListener *listener,
                   int         buffer_size)
{
  struct sockaddr_in addr;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  if (buffer_size > 0)
    {
      setsockopt (fd, SOL_SOCKET, SO_RCVBUF, &buffer_size, sizeof buffer_size);
      setsockopt (fd, SOL_SOCKET, SO_SNDBUF, &buffer_size, sizeof buffer_size);
    }
  listener_addr (listener, &addr);
  g_assert_cmpint (connect (fd, (struct sockaddr *)&addr, sizeof addr), ==, 0);
  return fd;
}

static int
raw_connect (SeListener *listener)
{
  return raw_connect_sized (listener, 0);
}

static void
raw_send_all (int         fd,
              const void *data,
              gsize       len)
{
  const guint8 *p = data;

  while (len > 0)
    {
      ssize_t n = send (fd, p, len, MSG_NOSIGNAL);

      g_assert_cmpint (n, >, 0);
      p += n;
      len -= n;
    }
}

/* Reads exactly len bytes, iterating the main loop meanwhile (the server
 * runs on it); FALSE if they did not come within the wait. */
static gboolean
raw_recv_exact (int    fd,
                void  *data,
                gsize  len)
{
  guint8 *p = data;
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * 1000;

  while (len > 0 && g_get_monotonic_time () < deadline)
    {
      ssize_t n = recv (fd, p, len, MSG_DONTWAIT);

      if (n > 0)
        {
          p += n;
          len -= n;
        }
      else if (n == 0)
        return FALSE;
      else
        g_main_context_iteration (NULL, FALSE);
    }

  return len == 0;
}

/* TRUE once the server closed: recv() returns 0 or a reset. */
static gboolean
raw_wait_closed (int   fd,
                 guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint8 byte;

  while (g_get_monotonic_time () < deadline)
    {
      ssize_t n = recv (fd, &byte, 1, MSG_DONTWAIT);

      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK))
        return TRUE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return FALSE;
}

static guint
count_events (SeTrafficLog *log,
              SeEventKind   kind,
              const char   *detail_part)
{
  GListModel *model = G_LIST_MODEL (log);
  guint n = 0;

  se_traffic_log_flush (log);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SeEvent) event = g_list_model_get_item (model, i);

      if (se_event_get_kind (event) == kind &&
          (detail_part == NULL || strstr (se_event_get_detail (event), detail_part) != NULL))
        n++;
    }
  return n;
}

static void
wait_connections (SeListener *listener,
                  guint       n)
{
  GListModel *connections = se_listener_get_connections (listener);

  se_test_wait_n_items (connections, n, WAIT_MS);
  g_assert_cmpuint (g_list_model_get_n_items (connections), ==, n);
}

/* Raises the soft descriptor limit as far as the hard one allows;
 * returns the limit now in force. */
static rlim_t
raise_fd_limit (void)
{
  struct rlimit rl;

  g_assert_cmpint (getrlimit (RLIMIT_NOFILE, &rl), ==, 0);
  rl.rlim_cur = rl.rlim_max;
  setrlimit (RLIMIT_NOFILE, &rl);
  g_assert_cmpint (getrlimit (RLIMIT_NOFILE, &rl), ==, 0);
  return rl.rlim_cur;
}

/* Tests */

static void
stop_listener_cb (SeConnection *connection,
                  GBytes       *bytes,
                  SeListener   *listener)
{
  se_listener_stop (listener);
}

/* Many sockets ready in one epoll batch, and the first callback closes
 * them all: the rest of the batch must not reach the closed ones (ASan
 * sees a use after free otherwise). */
static void
test_close_others_in_batch (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeListener) listener = start_listener ("tcp://127.0.0.1:0", "echo", log, NULL);
  GListModel *connections = se_listener_get_connections (listener);
  int fds[40];

  for (guint i = 0; i < G_N_ELEMENTS (fds); i++)
    fds[i] = raw_connect (listener);
  wait_connections (listener, G_N_ELEMENTS (fds));

  for (guint i = 0; i < g_list_model_get_n_items (connections); i++)
    {
      g_autoptr(SeConnection) connection = g_list_model_get_item (connections, i);

      g_signal_connect_object (connection, "received", G_CALLBACK (stop_listener_cb), listener, 0);
    }

  /* All readable before the main loop looks: one batch. */
  for (guint i = 0; i < G_N_ELEMENTS (fds); i++)
    raw_send_all (fds[i], "x", 1);
  g_usleep (50 * 1000);

  for (guint i = 0; i < G_N_ELEMENTS (fds); i++)
    g_assert_true (raw_wait_closed (fds[i], WAIT_MS));

  g_assert_false (se_listener_get_running (listener));
  /* Exactly one connection read its byte before the listener stopped. */
  g_assert_cmpuint (count_events (log, SE_EVENT_RECEIVE, NULL), ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (fds); i++)
    close (fds[i]);
  g_assert_finalize_object (g_steal_pointer (&listener));
}

static void
set_max_3 (SeListener *listener)
{
  se_listener_set_max_connections (listener, 3);
}

/* Past max-connections a peer is accepted, logged and closed; below it
 * again, new peers are served. */
static void
test_max_connections (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeListener) listener = start_listener ("tcp://127.0.0.1:0", "echo", log, set_max_3);
  int fds[5];
  char buf[4];

  for (guint i = 0; i < 3; i++)
    fds[i] = raw_connect (listener);
  wait_connections (listener, 3);
  for (guint i = 3; i < 5; i++)
    fds[i] = raw_connect (listener);

  g_assert_true (raw_wait_closed (fds[3], WAIT_MS));
  g_assert_true (raw_wait_closed (fds[4], WAIT_MS));
  g_assert_cmpuint (g_list_model_get_n_items (se_listener_get_connections (listener)), ==, 3);
  g_assert_cmpuint (count_events (log, SE_EVENT_ERROR, "maximum"), ==, 2);

  /* The three admitted ones are served. */
  raw_send_all (fds[0], "abc", 3);
  g_assert_true (raw_recv_exact (fds[0], buf, 3));
  g_assert_cmpmem (buf, 3, "abc", 3);

  /* One leaves, a new one is admitted. */
  close (fds[0]);
  wait_connections (listener, 2);
  fds[0] = raw_connect (listener);
  raw_send_all (fds[0], "def", 3);
  g_assert_true (raw_recv_exact (fds[0], buf, 3));
  g_assert_cmpmem (buf, 3, "def", 3);

  for (guint i = 0; i < 5; i++)
    close (fds[i]);
  se_listener_stop (listener);
  g_assert_finalize_object (g_steal_pointer (&listener));
}

static void
set_idle_1 (SeListener *listener)
{
  se_listener_set_idle_timeout (listener, 1);
}

/* A silent peer is closed after the idle timeout; a talking one is not. */
static void
test_idle_timeout (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeListener) listener = start_listener ("tcp://127.0.0.1:0", "echo", log, set_idle_1);
  int silent = raw_connect (listener);
  int talking = raw_connect (listener);
  gint64 start = g_get_monotonic_time ();
  gboolean silent_closed = FALSE;
  char buf[1];

  wait_connections (listener, 2);

  /* For 2.5 s the talking peer sends every 200 ms. */
  while (g_get_monotonic_time () - start < 2500 * 1000)
    {
      raw_send_all (talking, "t", 1);
      g_assert_true (raw_recv_exact (talking, buf, 1));
      if (!silent_closed)
        silent_closed = raw_wait_closed (silent, 200);
      else
        se_test_spin (200);
    }

  g_assert_true (silent_closed);
  g_assert_cmpuint (g_list_model_get_n_items (se_listener_get_connections (listener)), ==, 1);
  g_assert_cmpuint (count_events (log, SE_EVENT_ERROR, "idle timeout"), ==, 1);

  close (silent);
  close (talking);
  se_listener_stop (listener);
  g_assert_finalize_object (g_steal_pointer (&listener));
}

static void
set_close_on_eof (SeListener *listener)
{
  se_listener_set_close_on_eof (listener, TRUE);
}

/* The peer's FIN: with close-on-eof the server closes, without a
 * responder; without it the connection stays half-closed by the peer. */
static void
test_close_on_eof (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();

  {
    g_autoptr(SeListener) listener = start_listener ("tcp://127.0.0.1:0", "none", log, set_close_on_eof);
    int fd = raw_connect (listener);

    wait_connections (listener, 1);
    raw_send_all (fd, "bye", 3);
    shutdown (fd, SHUT_WR);
    g_assert_true (raw_wait_closed (fd, WAIT_MS));
    wait_connections (listener, 0);
    close (fd);
    se_listener_stop (listener);
  }

  {
    g_autoptr(SeListener) listener = start_listener ("tcp://127.0.0.1:0", "none", log, NULL);
    int fd = raw_connect (listener);
    g_autoptr(SeConnection) connection = NULL;

    wait_connections (listener, 1);
    connection = g_list_model_get_item (se_listener_get_connections (listener), 0);
    shutdown (fd, SHUT_WR);
    g_assert_false (raw_wait_closed (fd, 300));
    g_assert_cmpint (se_connection_get_state (connection), ==, SE_CONNECTION_STATE_HALF_CLOSED_REMOTE);

    /* The peer's reset is still seen although nothing reads any more. */
    {
      struct linger lin = { 1, 0 };

      setsockopt (fd, SOL_SOCKET, SO_LINGER, &lin, sizeof lin);
      close (fd);
    }
    wait_connections (listener, 0);
    g_assert_cmpint (se_connection_get_state (connection), ==, SE_CONNECTION_STATE_CLOSED);
    se_listener_stop (listener);
  }
}

/* Peers that never read: the total cap on queued bytes holds, the log
 * says so once per connection, and once the peers read, every byte of
 * the echo arrives, in order. */
static void
test_total_queue_cap (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeListener) listener = NULL;
  gsize old_limit = se_connection_get_send_queue_total_limit ();
  const gsize limit = 512 * 1024;
  /* More than the kernel's buffers on both sides can hold. */
  const gsize per_peer = 24 * 1024 * 1024;
  g_autofree guint8 *data = g_malloc (per_peer);
  g_autofree guint8 *back = g_malloc (per_peer);
  int fds[3];

  se_connection_set_send_queue_total_limit (limit);
  listener = start_listener ("tcp://127.0.0.1:0", "echo", log, NULL);
  se_traffic_log_set_capture_budget (log, 0);

  for (gsize i = 0; i < per_peer; i++)
    data[i] = (guint8) (i * 7 + i / 251);

  for (guint i = 0; i < G_N_ELEMENTS (fds); i++)
    fds[i] = raw_connect_sized (listener, 64 * 1024);
  wait_connections (listener, G_N_ELEMENTS (fds));

  /* Send without reading, as far as the kernel takes it. */
  {
    gsize sent[G_N_ELEMENTS (fds)] = { 0 };
    gint64 deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;

    while (g_get_monotonic_time () < deadline)
      {
        for (guint i = 0; i < G_N_ELEMENTS (fds); i++)
          if (sent[i] < per_peer)
            {
              ssize_t n = send (fds[i], data + sent[i], per_peer - sent[i], MSG_DONTWAIT | MSG_NOSIGNAL);

              if (n > 0)
                sent[i] += n;
            }
        g_main_context_iteration (NULL, FALSE);
      }

    /* The server stopped reading: not all could be sent. */
    for (guint i = 0; i < G_N_ELEMENTS (fds); i++)
      g_assert_cmpuint (sent[i], <, per_peer);

    /* What waits in the server's queues is bounded: the cap plus at
     * most one read (64 KiB) per connection that crossed it. */
    {
      GListModel *connections = se_listener_get_connections (listener);
      gsize queued = 0;

      for (guint i = 0; i < g_list_model_get_n_items (connections); i++)
        {
          g_autoptr(SeConnection) connection = g_list_model_get_item (connections, i);

          queued += se_connection_get_queued_bytes (connection);
        }
      g_assert_cmpuint (queued, <=, limit + G_N_ELEMENTS (fds) * 64 * 1024);
    }
    g_assert_cmpuint (count_events (log, SE_EVENT_ERROR, "Reading paused"), >=, 1);
    g_assert_cmpuint (count_events (log, SE_EVENT_ERROR, "Reading paused"), <=, G_N_ELEMENTS (fds));

    /* Now each peer sends the rest and reads it all back, intact. */
    for (guint i = 0; i < G_N_ELEMENTS (fds); i++)
      {
        gsize got = 0;
        gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

        while ((got < per_peer || sent[i] < per_peer) && g_get_monotonic_time () < end)
          {
            ssize_t n;

            if (sent[i] < per_peer)
              {
                n = send (fds[i], data + sent[i], per_peer - sent[i], MSG_DONTWAIT | MSG_NOSIGNAL);
                if (n > 0)
                  sent[i] += n;
              }
            n = recv (fds[i], back + got, per_peer - got, MSG_DONTWAIT);
            if (n > 0)
              got += n;
            g_main_context_iteration (NULL, FALSE);
          }
        g_assert_cmpuint (got, ==, per_peer);
        g_assert_cmpmem (back, per_peer, data, per_peer);
      }
  }

  for (guint i = 0; i < G_N_ELEMENTS (fds); i++)
    close (fds[i]);
  se_listener_stop (listener);
  g_assert_finalize_object (g_steal_pointer (&listener));
  se_connection_set_send_queue_total_limit (old_limit);
}

static guint peer_notifies;

static void
peer_notify_cb (SePeer     *peer,
                GParamSpec *pspec,
                gpointer    user_data)
{
  peer_notifies++;
}

static void
peers_changed_cb (GListModel *peers,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(SePeer) peer = g_list_model_get_item (peers, i);

      g_signal_connect (peer, "notify::datagrams-received", G_CALLBACK (peer_notify_cb), NULL);
    }
}

/* A burst of datagrams is answered in batches: every one echoed, in
 * order, and each logged as one receive and one send. */
static void
test_datagram_batches (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeListener) listener = start_listener ("udp://127.0.0.1:0", "echo", log, NULL);
  struct sockaddr_in addr;
  const guint n = 300;
  int fd = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  int rcvbuf = 1024 * 1024;

  g_assert_cmpint (fd, >=, 0);
  setsockopt (fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
  listener_addr (listener, &addr);
  g_assert_cmpint (connect (fd, (struct sockaddr *)&addr, sizeof addr), ==, 0);
  peer_notifies = 0;
  g_signal_connect (se_listener_get_peers (listener), "items-changed", G_CALLBACK (peers_changed_cb), NULL);

  /* All sent before the server runs: they arrive as a few batches. */
  for (guint i = 0; i < n; i++)
    {
      char msg[32];
      int len = g_snprintf (msg, sizeof msg, "datagram %u", i);

      g_assert_cmpint (send (fd, msg, len, 0), ==, len);
    }

  for (guint i = 0; i < n; i++)
    {
      char want[32], got[64];
      int len = g_snprintf (want, sizeof want, "datagram %u", i);
      gint64 deadline = g_get_monotonic_time () + WAIT_MS * 1000;
      ssize_t r = -1;

      while (g_get_monotonic_time () < deadline)
        {
          r = recv (fd, got, sizeof got, MSG_DONTWAIT);
          if (r >= 0)
            break;
          g_main_context_iteration (NULL, FALSE);
        }
      g_assert_cmpint (r, ==, len);
      g_assert_cmpmem (got, r, want, len);
    }

  g_assert_cmpuint (count_events (log, SE_EVENT_RECEIVE, NULL), ==, n);
  g_assert_cmpuint (count_events (log, SE_EVENT_SEND, NULL), ==, n);
  {
    GListModel *peers = se_listener_get_peers (listener);
    g_autoptr(SePeer) peer = g_list_model_get_item (peers, 0);

    /* One sender, one peer, its counters exact and notified once per
     * batch at most. */
    g_assert_cmpuint (g_list_model_get_n_items (peers), ==, 1);
    g_assert_cmpuint (se_peer_get_datagrams_received (peer), ==, n);
    g_assert_cmpuint (se_peer_get_datagrams_sent (peer), ==, n);
    g_assert_cmpuint (se_peer_get_bytes_received (peer), ==, se_peer_get_bytes_sent (peer));
    g_assert_cmpuint (peer_notifies, >, 0);
    g_assert_cmpuint (peer_notifies, <, n);
  }

  close (fd);
  se_listener_stop (listener);
  g_assert_finalize_object (g_steal_pointer (&listener));
}

static void
set_kernel_receive_buffer (SeListener *listener)
{
  se_listener_set_receive_buffer (listener, 0);
}

/* Sends n datagrams of 1 KiB before the listener's loop runs, then lets
 * it read; returns how many it received. */
static guint
flood_receive (SeListener   *listener,
               SeTrafficLog *log,
               guint         n)
{
  struct sockaddr_in addr;
  int fd = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  char msg[1024] = { 0 };
  guint received = 0;

  listener_addr (listener, &addr);
  g_assert_cmpint (connect (fd, (struct sockaddr *)&addr, sizeof addr), ==, 0);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (send (fd, msg, sizeof msg, 0), ==, sizeof msg);

  /* Until nothing more comes for 200 ms. */
  for (guint quiet = 0; quiet < 4; )
    {
      guint now;

      se_test_spin (50);
      now = count_events (log, SE_EVENT_RECEIVE, NULL);
      quiet = now == received ? quiet + 1 : 0;
      received = now;
    }
  close (fd);
  return received;
}

/* The receive buffer a datagram listener asks for holds a burst that
 * the kernel's default (about 208 KiB) drops most of. */
static void
test_receive_buffer (void)
{
  const guint n = 1500;

  if (geteuid () != 0)
    {
      g_autofree char *rmem_max = NULL;

      /* Without CAP_NET_ADMIN, SO_RCVBUF is capped at rmem_max. */
      if (!g_file_get_contents ("/proc/sys/net/core/rmem_max", &rmem_max, NULL, NULL) ||
          g_ascii_strtoull (rmem_max, NULL, 10) < SE_LISTENER_DEFAULT_RECEIVE_BUFFER)
        {
          g_test_skip ("needs root or net.core.rmem_max >= 4 MiB for a receive buffer that large");
          return;
        }
    }

  {
    g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
    g_autoptr(SeListener) listener = start_listener ("udp://127.0.0.1:0", "none", log, NULL);

    g_assert_cmpuint (se_listener_get_receive_buffer (listener), ==, SE_LISTENER_DEFAULT_RECEIVE_BUFFER);
    g_assert_cmpuint (flood_receive (listener, log, n), ==, n);
    se_listener_stop (listener);
  }

  {
    g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
    g_autoptr(SeListener) listener = start_listener ("udp://127.0.0.1:0", "none", log,
                                                     set_kernel_receive_buffer);

    g_assert_cmpuint (flood_receive (listener, log, n), <, n);
    se_listener_stop (listener);
  }
}

/* Thousands of idle peers and one that talks: the talking one is
 * answered every time, and every idle one is still there. */
static void
test_many_idle (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeListener) listener = start_listener ("tcp://127.0.0.1:0", "echo", log, NULL);
  g_autoptr(GArray) idle = g_array_new (FALSE, FALSE, sizeof (int));
  rlim_t limit = raise_fd_limit ();
  guint n_idle = limit >= 4200 ? 2000 : (guint) (limit - 200) / 2;
  int active;
  char buf[8];

  for (guint i = 0; i < n_idle; i++)
    {
      int fd = raw_connect (listener);

      g_array_append_val (idle, fd);
      if (i % 64 == 0)
        g_main_context_iteration (NULL, FALSE);
    }
  wait_connections (listener, n_idle);

  active = raw_connect (listener);
  for (guint i = 0; i < 200; i++)
    {
      raw_send_all (active, "ping", 4);
      g_assert_true (raw_recv_exact (active, buf, 4));
      g_assert_cmpmem (buf, 4, "ping", 4);
    }
  g_assert_cmpuint (g_list_model_get_n_items (se_listener_get_connections (listener)), ==, n_idle + 1);

  close (active);
  for (guint i = 0; i < idle->len; i++)
    close (g_array_index (idle, int, i));
  wait_connections (listener, 0);
  se_listener_stop (listener);
  g_assert_finalize_object (g_steal_pointer (&listener));
}

static void
stop_on_new_peer_cb (GListModel *peers,
                     guint       position,
                     guint       removed,
                     guint       added,
                     SeListener *listener)
{
  if (added > 0)
    se_listener_stop (listener);
}

/* A listener stopped from a callback in the middle of a batch of
 * datagrams (here: when a new peer appears), then started again: the
 * replies of the old batch pointed into memory that is gone, and must
 * not be sent by the next batch (ASan sees it otherwise). */
static void
test_stop_mid_datagram_batch (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeListener) listener = start_listener ("udp://127.0.0.1:0", "echo", log, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  struct sockaddr_in addr;
  int fd = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  gulong handler;
  char buf[16];

  listener_addr (listener, &addr);
  g_assert_cmpint (connect (fd, (struct sockaddr *)&addr, sizeof addr), ==, 0);
  handler = g_signal_connect (se_listener_get_peers (listener), "items-changed",
                              G_CALLBACK (stop_on_new_peer_cb), listener);
  for (guint i = 0; i < 8; i++)
    g_assert_cmpint (send (fd, "first", 5, 0), ==, 5);
  se_test_spin (200);
  g_assert_false (se_listener_get_running (listener));
  g_signal_handler_disconnect (se_listener_get_peers (listener), handler);

  /* Again on the same port: only the new datagram is answered. */
  se_listener_start_async (listener, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, WAIT_MS);
  g_assert_true (se_listener_start_finish (listener, result, &error));
  g_assert_cmpint (send (fd, "second", 6, 0), ==, 6);
  {
    gint64 deadline = g_get_monotonic_time () + WAIT_MS * 1000;
    ssize_t r = -1;

    while (g_get_monotonic_time () < deadline)
      {
        r = recv (fd, buf, sizeof buf, MSG_DONTWAIT);
        if (r >= 0)
          break;
        g_main_context_iteration (NULL, FALSE);
      }
    g_assert_cmpint (r, ==, 6);
    g_assert_cmpmem (buf, 6, "second", 6);
  }
  se_test_spin (100);
  g_assert_cmpint (recv (fd, buf, sizeof buf, MSG_DONTWAIT), <, 0);

  close (fd);
  se_listener_stop (listener);
}

static gboolean
client_has_datagrams (gpointer data)
{
  return se_client_get_datagrams_received (data) >= 3;
}

/* A datagram client counts what it sent and received itself, from 0
 * again when it is opened again. */
static void
test_client_datagram_counters (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeListener) listener = start_listener ("udp://127.0.0.1:0", "echo", log, NULL);
  g_autoptr(SeClient) client = se_client_new (se_listener_get_endpoint (listener), log);
  g_autoptr(GBytes) hello = g_bytes_new_static ("hello", 5);
  g_autoptr(GError) error = NULL;

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GAsyncResult) result = NULL;

      se_client_connect_async (client, NULL, se_test_store_result, &result);
      se_test_wait_result (&result, WAIT_MS);
      g_assert_true (se_client_connect_finish (client, result, &error));
      g_assert_cmpuint (se_client_get_datagrams_sent (client), ==, 0);
      g_assert_cmpuint (se_client_get_datagrams_received (client), ==, 0);

      for (guint i = 0; i < 3; i++)
        g_assert_true (se_client_send (client, hello, &error));
      g_assert_true (se_test_wait_until (client_has_datagrams, client, WAIT_MS));
      g_assert_cmpuint (se_client_get_datagrams_sent (client), ==, 3);
      g_assert_cmpuint (se_client_get_bytes_sent (client), ==, 15);
      g_assert_cmpuint (se_client_get_datagrams_received (client), ==, 3);
      g_assert_cmpuint (se_client_get_bytes_received (client), ==, 15);
      se_client_close (client);
    }

  se_listener_stop (listener);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/reentrancy/close-others-in-batch", test_close_others_in_batch);
  g_test_add_func ("/engine/max-connections", test_max_connections);
  g_test_add_func ("/engine/idle-timeout", test_idle_timeout);
  g_test_add_func ("/engine/close-on-eof", test_close_on_eof);
  g_test_add_func ("/engine/total-queue-cap", test_total_queue_cap);
  g_test_add_func ("/engine/datagram-batches", test_datagram_batches);
  g_test_add_func ("/engine/receive-buffer", test_receive_buffer);
  g_test_add_func ("/engine/many-idle", test_many_idle);
  g_test_add_func ("/engine/client-datagram-counters", test_client_datagram_counters);
  g_test_add_func ("/engine/reentrancy/stop-mid-datagram-batch", test_stop_mid_datagram_batch);

  return g_test_run ();
}
