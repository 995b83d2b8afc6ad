/* test-relay.c: a listener that forwards to a target, both legs logged
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real sockets on 127.0.0.1 and Unix sockets in a temporary directory,
 * port 0, bounded waits. The relay's clients (and some targets) are plain
 * non-blocking sockets, so that they can half-close and read slowly.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "socket-explorer-core.h"
#include "se-reactor-private.h"
#include "se-test-util.h"

#define WAIT_MS 5000

static SeListener *
start_listener (const char   *endpoint_text,
                const char   *responder_text,
                const char   *relay_to,
                SeTrafficLog *log)
{
  g_autoptr(SeEndpoint) endpoint = se_endpoint_parse (endpoint_text, NULL);
  g_autoptr(SeResponder) responder = se_responder_parse (responder_text, NULL);
  g_autoptr(SeListener) listener = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (endpoint);
  g_assert_nonnull (responder);

  listener = se_listener_new (endpoint, responder, log);
  if (relay_to != NULL)
    {
      g_autoptr(SeEndpoint) target = se_endpoint_parse (relay_to, NULL);
      g_autoptr(SeRelay) relay = NULL;

      g_assert_nonnull (target);
      relay = se_relay_attach (listener, target, &error);
      g_assert_no_error (error);
      g_assert_true (se_relay_get_for_listener (listener) == relay);
    }
  se_listener_start_async (listener, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, WAIT_MS);
  g_assert_true (se_listener_start_finish (listener, result, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&listener);
}

static char *
bound (SeListener *listener)
{
  return se_endpoint_to_string (se_listener_get_endpoint (listener));
}

/* A non-blocking socket connected (or, for datagrams, just opened) to a
 * listener's bound endpoint. */
static int
raw_socket (SeListener *listener,
            gboolean    connect_it)
{
  SeEndpoint *endpoint = se_listener_get_endpoint (listener);
  gboolean stream = se_endpoint_is_stream (endpoint);
  int fd;

  if (se_endpoint_is_unix (endpoint))
    {
      struct sockaddr_un addr = { .sun_family = AF_UNIX };

      fd = socket (AF_UNIX, (stream ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC, 0);
      g_strlcpy (addr.sun_path, se_endpoint_get_path (endpoint), sizeof addr.sun_path);
      g_assert_cmpint (connect (fd, (struct sockaddr *)&addr, sizeof addr), ==, 0);
    }
  else
    {
      struct sockaddr_in addr = { .sin_family = AF_INET };

      fd = socket (AF_INET, (stream ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC, 0);
      addr.sin_port = g_htons (se_endpoint_get_port (endpoint));
      addr.sin_addr.s_addr = g_htonl (INADDR_LOOPBACK);
      if (connect_it)
        g_assert_cmpint (connect (fd, (struct sockaddr *)&addr, sizeof addr), ==, 0);
    }
  g_assert_cmpint (fd, >=, 0);
  return fd;
}

/* Sends everything, iterating the main loop while the socket is full. */
static void
raw_send_all (int         fd,
              const void *data,
              gsize       len)
{
  const guint8 *p = data;
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * 1000;

  while (len > 0)
    {
      ssize_t n = send (fd, p, len, MSG_NOSIGNAL | MSG_DONTWAIT);

      if (n > 0)
        {
          p += n;
          len -= n;
          continue;
        }
      g_assert_true (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK));
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
    }
}

/* Reads exactly len bytes, iterating the main loop meanwhile. */
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

/* TRUE once the other side finished: recv() returns 0 (or a reset). */
static gboolean
raw_wait_eof (int fd)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * 1000;
  guint8 byte;

  while (g_get_monotonic_time () < deadline)
    {
      ssize_t n = recv (fd, &byte, 1, MSG_DONTWAIT);

      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK))
        return TRUE;
      g_assert_cmpint (n, <, 1);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (500);
    }
  return FALSE;
}

/* The distinct connection ids of receive events that carry text. */
static GArray *
ids_receiving (SeTrafficLog *log,
               const char   *text)
{
  GListModel *model = G_LIST_MODEL (log);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (guint));

  se_traffic_log_flush (log);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SeEvent) event = g_list_model_get_item (model, i);
      GBytes *data = se_event_get_data (event);
      gboolean seen = FALSE;
      guint id = se_event_get_connection_id (event);

      if (se_event_get_kind (event) != SE_EVENT_RECEIVE || data == NULL ||
          g_bytes_get_size (data) != strlen (text) ||
          memcmp (g_bytes_get_data (data, NULL), text, strlen (text)) != 0)
        continue;
      for (guint k = 0; k < ids->len; k++)
        seen |= g_array_index (ids, guint, k) == id;
      if (!seen)
        g_array_append_val (ids, id);
    }
  return ids;
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

static gboolean
no_sessions (gpointer data)
{
  return se_relay_get_n_sessions (data) == 0;
}

/* A client of the relay talks to an echo target through it: the bytes go
 * both ways, and each leg is logged under its own id. */
static void
check_stream_relay (const char *relay_text,
                    const char *target_text)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeListener) target = start_listener (target_text, "echo", NULL, log);
  g_autofree char *target_bound = bound (target);
  g_autoptr(SeListener) relay_listener = start_listener (relay_text, "none", target_bound, log);
  SeRelay *relay = se_relay_get_for_listener (relay_listener);
  g_autoptr(GArray) ids = NULL;
  char reply[16];
  int fd = raw_socket (relay_listener, TRUE);
  guint accepted_id, paired_id;

  raw_send_all (fd, "ping relay", 10);
  g_assert_true (raw_recv_exact (fd, reply, 10));
  g_assert_cmpmem (reply, 10, "ping relay", 10);

  /* The relay's accepted leg, the target's accepted leg (the echo), and
   * the relay's leg to the target each received it. */
  ids = ids_receiving (log, "ping relay");
  g_assert_cmpuint (ids->len, ==, 3);
  g_assert_cmpuint (se_relay_get_n_sessions (relay), ==, 1);
  accepted_id = se_connection_get_id (g_list_model_get_item (se_listener_get_connections (relay_listener), 0));
  g_object_unref (g_list_model_get_item (se_listener_get_connections (relay_listener), 0));
  paired_id = se_relay_get_paired_id (relay, accepted_id);
  g_assert_cmpuint (paired_id, !=, 0);
  g_assert_cmpuint (paired_id, !=, accepted_id);
  g_assert_cmpuint (se_relay_get_paired_id (relay, paired_id), ==, accepted_id);
  g_assert_cmpuint (count_events (log, SE_EVENT_CONNECT, "relayed to connection"), ==, 1);
  /* The pairing is a coded detail: a view can follow it without text. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(SeEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);
      g_autofree char *expected = g_strdup_printf ("relayed to connection #%u", paired_id);

      if (se_event_get_detail_code (event) != SE_EVENT_DETAIL_RELAYED)
        continue;
      g_assert_cmpuint (se_event_get_kind (event), ==, SE_EVENT_CONNECT);
      g_assert_cmpuint (se_event_get_connection_id (event), ==, accepted_id);
      g_assert_cmpstr (se_event_get_detail (event), ==, expected);
    }

  close (fd);
  g_assert_true (se_test_wait_until (no_sessions, relay, WAIT_MS));
  se_listener_stop (relay_listener);
  se_listener_stop (target);
}

static void
test_tcp_to_tcp (void)
{
  check_stream_relay ("tcp://127.0.0.1:0", "tcp://127.0.0.1:0");
}

static void
test_tcp_to_unix (void)
{
  g_autofree char *dir = se_test_make_temp_dir ();
  g_autofree char *target = g_strdup_printf ("unix://%s/target.sock", dir);

  check_stream_relay ("tcp://127.0.0.1:0", target);
  se_test_remove_dir (dir);
}

static void
test_unix_to_tcp (void)
{
  g_autofree char *dir = se_test_make_temp_dir ();
  g_autofree char *relay = g_strdup_printf ("unix://%s/relay.sock", dir);

  check_stream_relay (relay, "tcp://127.0.0.1:0");
  se_test_remove_dir (dir);
}

/* A client's FIN reaches the target, whose reply still reaches the
 * client, and then the target's own FIN. */
static void
test_half_close (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autofree char *target_text = NULL;
  g_autoptr(SeListener) relay_listener = NULL;
  struct sockaddr_in addr = { .sin_family = AF_INET };
  socklen_t len = sizeof addr;
  int target_fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  int client, served = -1;
  char buffer[16];
  gint64 deadline;

  addr.sin_addr.s_addr = g_htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (target_fd, (struct sockaddr *)&addr, sizeof addr), ==, 0);
  g_assert_cmpint (listen (target_fd, 4), ==, 0);
  g_assert_cmpint (getsockname (target_fd, (struct sockaddr *)&addr, &len), ==, 0);
  target_text = g_strdup_printf ("tcp://127.0.0.1:%u", g_ntohs (addr.sin_port));

  relay_listener = start_listener ("tcp://127.0.0.1:0", "none", target_text, log);
  client = raw_socket (relay_listener, TRUE);

  deadline = g_get_monotonic_time () + WAIT_MS * 1000;
  while (served < 0 && g_get_monotonic_time () < deadline)
    {
      served = accept4 (target_fd, NULL, NULL, SOCK_CLOEXEC);
      if (served < 0)
        g_main_context_iteration (NULL, FALSE);
    }
  g_assert_cmpint (served, >=, 0);

  raw_send_all (client, "request", 7);
  g_assert_cmpint (shutdown (client, SHUT_WR), ==, 0);

  /* The target reads the request, then end of stream. */
  g_assert_true (raw_recv_exact (served, buffer, 7));
  g_assert_cmpmem (buffer, 7, "request", 7);
  g_assert_true (raw_wait_eof (served));

  /* Its reply still comes back through the half-closed pair. */
  raw_send_all (served, "reply", 5);
  g_assert_true (raw_recv_exact (client, buffer, 5));
  g_assert_cmpmem (buffer, 5, "reply", 5);
  close (served);
  g_assert_true (raw_wait_eof (client));

  /* Both peers' FINs, and the one the relay passed on to the target
   * (the client's leg then closes: nothing more can come from either). */
  g_assert_cmpuint (count_events (log, SE_EVENT_SHUTDOWN, "recv() returned 0"), ==, 2);
  g_assert_cmpuint (count_events (log, SE_EVENT_SHUTDOWN, "SHUT_WR"), ==, 1);
  g_assert_true (se_test_wait_until (no_sessions, se_relay_get_for_listener (relay_listener), WAIT_MS));

  close (client);
  close (target_fd);
  se_listener_stop (relay_listener);
}

/* A target that refuses: the client's connection is closed, and the log
 * says why. */
static void
test_target_refused (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeListener) relay_listener = NULL;
  g_autofree char *target_text = NULL;
  struct sockaddr_in addr = { .sin_family = AF_INET };
  socklen_t len = sizeof addr;
  int probe = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int client;

  /* A port that was free a moment ago, and nothing listens on it. */
  addr.sin_addr.s_addr = g_htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (probe, (struct sockaddr *)&addr, sizeof addr), ==, 0);
  g_assert_cmpint (getsockname (probe, (struct sockaddr *)&addr, &len), ==, 0);
  target_text = g_strdup_printf ("tcp://127.0.0.1:%u", g_ntohs (addr.sin_port));

  relay_listener = start_listener ("tcp://127.0.0.1:0", "none", target_text, log);
  client = raw_socket (relay_listener, TRUE);
  g_assert_true (raw_wait_eof (client));

  g_assert_cmpuint (count_events (log, SE_EVENT_ERROR, "Relay: cannot reach"), ==, 1);
  g_assert_true (se_test_wait_until (no_sessions, se_relay_get_for_listener (relay_listener), WAIT_MS));

  close (client);
  close (probe);
  se_listener_stop (relay_listener);
}

/* A target that sends a lot to a client that reads slowly: the relay
 * stops reading the target instead of queueing it all. */
static void
test_flow_control (void)
{
  const gsize total = 6 * 1024 * 1024;
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeListener) relay_listener = NULL;
  g_autofree char *target_text = NULL;
  g_autofree guint8 *data = g_malloc (total);
  g_autofree guint8 *got = g_malloc (total);
  struct sockaddr_in addr = { .sin_family = AF_INET };
  socklen_t len = sizeof addr;
  int target_fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  int client, served = -1;
  int small = 64 * 1024;
  gsize sent = 0, received = 0;
  gsize max_queued = 0;
  gint64 deadline;

  for (gsize i = 0; i < total; i++)
    data[i] = (guint8) (i * 7 + i / 251);

  /* Relay payloads are not kept: sizes are what this is about. */
  se_traffic_log_set_capture_budget (log, 0);

  addr.sin_addr.s_addr = g_htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (target_fd, (struct sockaddr *)&addr, sizeof addr), ==, 0);
  g_assert_cmpint (listen (target_fd, 4), ==, 0);
  g_assert_cmpint (getsockname (target_fd, (struct sockaddr *)&addr, &len), ==, 0);
  target_text = g_strdup_printf ("tcp://127.0.0.1:%u", g_ntohs (addr.sin_port));

  relay_listener = start_listener ("tcp://127.0.0.1:0", "none", target_text, log);
  client = raw_socket (relay_listener, TRUE);
  setsockopt (client, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);

  deadline = g_get_monotonic_time () + WAIT_MS * 1000;
  while (served < 0 && g_get_monotonic_time () < deadline)
    {
      served = accept4 (target_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
      if (served < 0)
        g_main_context_iteration (NULL, FALSE);
    }
  g_assert_cmpint (served, >=, 0);

  /* The target writes as fast as it may; the client reads 16 KiB per
   * round, with a pause: far slower. */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (received < total && g_get_monotonic_time () < deadline)
    {
      ssize_t n;

      if (sent < total)
        {
          n = send (served, data + sent, total - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
          if (n > 0)
            sent += n;
        }
      g_main_context_iteration (NULL, FALSE);
      max_queued = MAX (max_queued, _se_reactor_get_queued_total ());

      n = recv (client, got + received, MIN (16 * 1024, total - received), MSG_DONTWAIT);
      if (n > 0)
        received += n;
      g_usleep (200);
    }

  g_assert_cmpuint (received, ==, total);
  g_assert_cmpmem (got, total, data, total);
  /* Held at 1 MiB queued, plus at most one read budget's worth. */
  g_assert_cmpuint (max_queued, <=, 2 * 1024 * 1024);
  g_assert_cmpuint (max_queued, >=, 512 * 1024);

  close (served);
  close (client);
  close (target_fd);
  se_listener_stop (relay_listener);
}

/* Two sources, two sessions, each with its own socket to the target;
 * replies go back to the right source; quiet sessions end. */
static void
test_udp (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeListener) target = start_listener ("udp://127.0.0.1:0", "upper", NULL, log);
  g_autofree char *target_bound = bound (target);
  g_autoptr(SeListener) relay_listener = start_listener ("udp://127.0.0.1:0", "none", target_bound, log);
  SeRelay *relay = se_relay_get_for_listener (relay_listener);
  int a = raw_socket (relay_listener, TRUE);
  int b = raw_socket (relay_listener, TRUE);
  char buffer[16];
  g_autoptr(GArray) ids_a = NULL;
  g_autoptr(GArray) ids_b = NULL;

  se_relay_set_idle_timeout_ms (relay, 300);

  g_assert_cmpint (send (a, "from a", 6, 0), ==, 6);
  g_assert_cmpint (send (b, "from b", 6, 0), ==, 6);
  g_assert_true (raw_recv_exact (a, buffer, 6));
  g_assert_cmpmem (buffer, 6, "FROM A", 6);
  g_assert_true (raw_recv_exact (b, buffer, 6));
  g_assert_cmpmem (buffer, 6, "FROM B", 6);
  g_assert_cmpuint (se_relay_get_n_sessions (relay), ==, 2);

  /* A second datagram of a uses the same session. */
  g_assert_cmpint (send (a, "again", 5, 0), ==, 5);
  g_assert_true (raw_recv_exact (a, buffer, 5));
  g_assert_cmpmem (buffer, 5, "AGAIN", 5);
  g_assert_cmpuint (se_relay_get_n_sessions (relay), ==, 2);

  /* The relay's listener (id 0) and the target listener (id 0) received
   * each; the session's socket has an id of its own and got the reply. */
  ids_a = ids_receiving (log, "FROM A");
  ids_b = ids_receiving (log, "FROM B");
  g_assert_cmpuint (ids_a->len, ==, 1);
  g_assert_cmpuint (ids_b->len, ==, 1);
  g_assert_cmpuint (g_array_index (ids_a, guint, 0), !=, 0);
  g_assert_cmpuint (g_array_index (ids_a, guint, 0), !=, g_array_index (ids_b, guint, 0));

  g_assert_true (se_test_wait_until (no_sessions, relay, WAIT_MS));
  g_assert_cmpuint (count_events (log, SE_EVENT_CLOSE, "without a datagram"), ==, 2);

  /* After expiry, a source starts a new session. */
  g_assert_cmpint (send (a, "back", 4, 0), ==, 4);
  g_assert_true (raw_recv_exact (a, buffer, 4));
  g_assert_cmpmem (buffer, 4, "BACK", 4);
  g_assert_cmpuint (se_relay_get_n_sessions (relay), ==, 1);

  close (a);
  close (b);
  se_listener_stop (relay_listener);
  g_assert_cmpuint (se_relay_get_n_sessions (relay), ==, 0);
  se_listener_stop (target);
}

/* A burst read in one recvmmsg() shares that call's time, and the relay
 * logs its forwarding between the datagrams: the log's times still never
 * go back. */
static void
test_udp_burst_times (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeListener) target = start_listener ("udp://127.0.0.1:0", "echo", NULL, log);
  g_autofree char *target_bound = bound (target);
  g_autoptr(SeListener) relay_listener = start_listener ("udp://127.0.0.1:0", "none", target_bound, log);
  int a = raw_socket (relay_listener, TRUE);
  char buffer[16];
  guint n;
  gint64 previous = 0;

  /* Sent before the loop runs: one batch for the relay's listener */
  for (guint i = 0; i < 20; i++)
    g_assert_cmpint (send (a, "burst", 5, 0), ==, 5);
  for (guint i = 0; i < 20; i++)
    {
      g_assert_true (raw_recv_exact (a, buffer, 5));
      g_assert_cmpmem (buffer, 5, "burst", 5);
    }

  se_traffic_log_flush (log);
  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  g_assert_cmpuint (n, >=, 4 * 20);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SeEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);

      g_assert_cmpint (se_event_get_time (event), >=, previous);
      previous = se_event_get_time (event);
    }

  close (a);
  se_listener_stop (relay_listener);
  se_listener_stop (target);
}

/* A Unix datagram relay in front of a UDP target: the sender is bound
 * to a path, so the reply finds its way back. */
static void
test_unix_dgram_to_udp (void)
{
  g_autofree char *dir = se_test_make_temp_dir ();
  g_autofree char *relay_text = g_strdup_printf ("unix-dgram://%s/relay.sock", dir);
  g_autofree char *source_path = g_build_filename (dir, "source.sock", NULL);
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeListener) target = start_listener ("udp://127.0.0.1:0", "upper", NULL, log);
  g_autofree char *target_bound = bound (target);
  g_autoptr(SeListener) relay_listener = start_listener (relay_text, "none", target_bound, log);
  struct sockaddr_un source = { .sun_family = AF_UNIX };
  int fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  char buffer[16];

  g_strlcpy (source.sun_path, source_path, sizeof source.sun_path);
  g_assert_cmpint (bind (fd, (struct sockaddr *)&source, sizeof source), ==, 0);
  {
    struct sockaddr_un to = { .sun_family = AF_UNIX };

    g_strlcpy (to.sun_path, se_endpoint_get_path (se_listener_get_endpoint (relay_listener)), sizeof to.sun_path);
    g_assert_cmpint (connect (fd, (struct sockaddr *)&to, sizeof to), ==, 0);
  }

  g_assert_cmpint (send (fd, "local", 5, 0), ==, 5);
  g_assert_true (raw_recv_exact (fd, buffer, 5));
  g_assert_cmpmem (buffer, 5, "LOCAL", 5);
  g_assert_cmpuint (se_relay_get_n_sessions (se_relay_get_for_listener (relay_listener)), ==, 1);

  close (fd);
  se_listener_stop (relay_listener);
  se_listener_stop (target);
  se_test_remove_dir (dir);
}

static void
test_mismatch (void)
{
  g_autoptr(SeEndpoint) endpoint = se_endpoint_parse ("tcp://127.0.0.1:0", NULL);
  g_autoptr(SeEndpoint) target = se_endpoint_parse ("udp://127.0.0.1:9", NULL);
  g_autoptr(SeListener) listener = se_listener_new (endpoint, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SeRelay) relay = se_relay_attach (listener, target, &error);

  g_assert_null (relay);
  g_assert_error (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT);
  g_assert_null (se_relay_get_for_listener (listener));
}

/* The listener owns the relay: both go away together. */
static void
test_lifetime (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  SeListener *listener = start_listener ("tcp://127.0.0.1:0", "echo", "tcp://127.0.0.1:9", log);
  SeRelay *relay = g_object_ref (se_relay_get_for_listener (listener));

  g_assert_true (se_relay_get_listener (relay) == listener);
  se_listener_stop (listener);
  g_assert_finalize_object (listener);
  g_assert_null (se_relay_get_listener (relay));
  g_assert_finalize_object (relay);
}

/* A relay in a workspace: written, read back, made into a listener with
 * its relay, and described again from that listener. */
static void
test_workspace (void)
{
  g_autoptr(SeWorkspace) workspace = se_workspace_new ();
  g_autoptr(SeWorkspace) loaded = NULL;
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeListener) listener = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  SeWorkspaceListener *item;
  SeWorkspaceListener *plain;
  SeWorkspaceListener *again;
  SeRelay *relay;

  item = se_workspace_add_listener (workspace, "udp://127.0.0.1:0", "none");
  item->relay_to = g_strdup ("udp://127.0.0.1:5353");
  item->relay_idle_timeout_ms = 2500;
  se_workspace_add_listener (workspace, "tcp://127.0.0.1:0", "echo");

  data = se_workspace_to_data (workspace, NULL);
  loaded = se_workspace_new_from_data (data, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (se_workspace_get_listeners (loaded)->len, ==, 2);
  item = g_ptr_array_index (se_workspace_get_listeners (loaded), 0);
  plain = g_ptr_array_index (se_workspace_get_listeners (loaded), 1);
  g_assert_cmpstr (item->relay_to, ==, "udp://127.0.0.1:5353");
  g_assert_cmpuint (item->relay_idle_timeout_ms, ==, 2500);
  g_assert_null (plain->relay_to);

  listener = se_workspace_listener_create (item, log, &error);
  g_assert_no_error (error);
  relay = se_relay_get_for_listener (listener);
  g_assert_nonnull (relay);
  g_assert_cmpuint (se_relay_get_idle_timeout_ms (relay), ==, 2500);

  again = se_workspace_listener_new_from (listener, NULL);
  g_assert_cmpstr (again->relay_to, ==, "udp://127.0.0.1:5353");
  g_assert_cmpuint (again->relay_idle_timeout_ms, ==, 2500);
  se_workspace_listener_free (again);

  /* A stream listener cannot relay to a datagram target. */
  {
    g_autoptr(SeWorkspace) bad = NULL;
    const char *text =
      "{ \"format\": \"socket-explorer-workspace\", \"version\": 1,\n"
      "  \"listeners\": [ { \"endpoint\": \"tcp://127.0.0.1:0\", \"relay\": \"udp://127.0.0.1:53\" } ] }";

    bad = se_workspace_new_from_data (text, -1, &error);
    g_assert_null (bad);
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "like with like"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/relay/tcp-to-tcp", test_tcp_to_tcp);
  g_test_add_func ("/relay/tcp-to-unix", test_tcp_to_unix);
  g_test_add_func ("/relay/unix-to-tcp", test_unix_to_tcp);
  g_test_add_func ("/relay/half-close", test_half_close);
  g_test_add_func ("/relay/target-refused", test_target_refused);
  g_test_add_func ("/relay/flow-control", test_flow_control);
  g_test_add_func ("/relay/udp", test_udp);
  g_test_add_func ("/relay/udp-burst-times", test_udp_burst_times);
  g_test_add_func ("/relay/unix-dgram-to-udp", test_unix_dgram_to_udp);
  g_test_add_func ("/relay/mismatch", test_mismatch);
  g_test_add_func ("/relay/lifetime", test_lifetime);
  g_test_add_func ("/relay/workspace", test_workspace);

  return g_test_run ();
}
