/* test-calls.c: the log as the calls a program makes, with the kernel's TCP state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real sockets on 127.0.0.1 only, port 0, bounded waits. Each test runs
 * a listener and a client (or a plain socket) against one log and reads
 * back the calls, their return values, errnos and TCP states.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "socket-explorer-core.h"
#include "se-test-util.h"

#define WAIT_MS 5000

static SeListener *
start_listener (const char   *endpoint_text,
                SeTrafficLog *log,
                guint         read_size)
{
  g_autoptr(SeEndpoint) endpoint = se_endpoint_parse (endpoint_text, NULL);
  g_autoptr(SeResponder) responder = se_responder_parse ("none", NULL);
  g_autoptr(SeListener) listener = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  listener = se_listener_new (endpoint, responder, log);
  if (read_size > 0)
    se_listener_set_read_size (listener, read_size);
  se_listener_start_async (listener, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, WAIT_MS);
  g_assert_true (se_listener_start_finish (listener, result, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&listener);
}

static char *
listener_target (SeListener *listener,
                 const char *scheme)
{
  return g_strdup_printf ("%s://127.0.0.1:%u", scheme,
                          se_endpoint_get_port (se_listener_get_endpoint (listener)));
}

static gboolean
connect_client (SeClient  *client,
                GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  se_client_connect_async (client, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, WAIT_MS);
  return se_client_connect_finish (client, result, error);
}

/* The first event from position on (-1: none) of connection conn (0: the
 * listener's own) that is call, and, if kind is not -1, of that kind. */
static SeEvent *
find_call (SeTrafficLog *log,
           guint         conn,
           SeCall        call,
           int           kind,
           guint        *position)
{
  guint n;

  se_traffic_log_flush (log);
  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  for (guint i = position != NULL ? *position : 0; i < n; i++)
    {
      g_autoptr(SeEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (se_event_get_connection_id (event) == conn && se_event_get_call (event) == call &&
          (kind < 0 || se_event_get_kind (event) == (SeEventKind) kind))
        {
          if (position != NULL)
            *position = i;
          return g_steal_pointer (&event);
        }
    }
  return NULL;
}

typedef struct
{
  SeTrafficLog *log;
  guint         conn;
  SeCall        call;
  int           kind;
} Wanted;

static gboolean
has_call (gpointer data)
{
  Wanted *wanted = data;
  g_autoptr(SeEvent) event = find_call (wanted->log, wanted->conn, wanted->call, wanted->kind, NULL);

  return event != NULL;
}

static SeEvent *
wait_call (SeTrafficLog *log,
           guint         conn,
           SeCall        call,
           int           kind)
{
  Wanted wanted = { log, conn, call, kind };

  g_assert_true (se_test_wait_until (has_call, &wanted, WAIT_MS));
  return find_call (log, conn, call, kind, NULL);
}

static void
assert_json_has (SeEvent    *event,
                 const char *member)
{
  g_autofree char *json = se_event_format_json (event);

  g_assert_nonnull (strstr (json, member));
}

static void
assert_json_lacks (SeEvent    *event,
                   const char *member)
{
  g_autofree char *json = se_event_format_json (event);

  g_assert_null (strstr (json, member));
}

/* socket, setsockopt, bind, listen, accept, connect, send, recv,
 * shutdown, the peer's FIN and close, each with its return value and the
 * TCP state the kernel reports. */
static void
test_tcp_exchange (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeListener) listener = start_listener ("tcp://127.0.0.1:0", log, 0);
  g_autofree char *target_text = listener_target (listener, "tcp");
  g_autoptr(SeEndpoint) target = se_endpoint_parse (target_text, NULL);
  g_autoptr(SeClient) client = se_client_new (target, log);
  g_autoptr(SeConnection) served = NULL;
  g_autoptr(GBytes) hello = g_bytes_new_static ("hello", 5);
  g_autoptr(GError) error = NULL;
  g_autoptr(SeEvent) socket_event = NULL;
  g_autoptr(SeEvent) option = NULL;
  g_autoptr(SeEvent) bind_event = NULL;
  g_autoptr(SeEvent) listen_event = NULL;
  g_autoptr(SeEvent) accept_event = NULL;
  g_autoptr(SeEvent) client_socket = NULL;
  g_autoptr(SeEvent) connect_event = NULL;
  g_autoptr(SeEvent) send_event = NULL;
  g_autoptr(SeEvent) recv_event = NULL;
  g_autoptr(SeEvent) shutdown_event = NULL;
  g_autoptr(SeEvent) fin_event = NULL;
  g_autoptr(SeEvent) close_event = NULL;
  g_autoptr(SeEvent) client_fin = NULL;
  g_autoptr(SeEvent) client_close = NULL;
  g_autofree char *text = NULL;
  guint client_id = se_client_get_id (client);
  guint served_id;
  guint at = 0;

  /* The listener: socket → setsockopt → bind → listen, in that order. */
  socket_event = find_call (log, 0, SE_CALL_SOCKET, SE_EVENT_SOCKET, &at);
  g_assert_nonnull (socket_event);
  g_assert_cmpint (se_event_get_ret (socket_event), >=, 0);
  g_assert_cmpint (se_event_get_errno (socket_event), ==, 0);
  g_assert_cmpint (se_event_get_tcp_state (socket_event), ==, SE_TCP_STATE_CLOSE);
  text = se_event_format_call (socket_event);
  g_assert_true (g_str_has_prefix (text, "socket(AF_INET, SOCK_STREAM, 0)="));
  g_clear_pointer (&text, g_free);

  option = find_call (log, 0, SE_CALL_SETSOCKOPT, SE_EVENT_SETSOCKOPT, &at);
  g_assert_nonnull (option);
  g_assert_cmpint (se_event_get_option (option), ==, SE_SOCKOPT_SO_REUSEADDR);
  g_assert_cmpuint (se_event_get_asked (option), ==, 1);
  g_assert_cmpint (se_event_get_ret (option), ==, 0);
  text = se_event_format_call (option);
  g_assert_cmpstr (text, ==, "setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)=0");
  g_clear_pointer (&text, g_free);

  bind_event = find_call (log, 0, SE_CALL_BIND, SE_EVENT_BIND, &at);
  g_assert_nonnull (bind_event);
  g_assert_cmpint (se_event_get_ret (bind_event), ==, 0);

  listen_event = find_call (log, 0, SE_CALL_LISTEN, SE_EVENT_LISTEN, &at);
  g_assert_nonnull (listen_event);
  g_assert_cmpuint (se_event_get_asked (listen_event), ==, SE_LISTENER_DEFAULT_BACKLOG);
  g_assert_cmpint (se_event_get_tcp_state (listen_event), ==, SE_TCP_STATE_LISTEN);
  assert_json_has (listen_event, "\"call\":\"listen\"");
  assert_json_has (listen_event, "\"tcp_state\":\"LISTEN\"");
  assert_json_has (listen_event, "\"asked\":128");
  assert_json_lacks (listen_event, "\"errno\"");

  /* The client: socket → connect; the listener accepts. */
  se_client_set_read_size (client, 1024);
  g_assert_true (connect_client (client, &error));
  g_assert_no_error (error);

  client_socket = find_call (log, client_id, SE_CALL_SOCKET, SE_EVENT_SOCKET, NULL);
  g_assert_nonnull (client_socket);
  connect_event = find_call (log, client_id, SE_CALL_CONNECT, SE_EVENT_CONNECT, NULL);
  g_assert_nonnull (connect_event);
  g_assert_cmpint (se_event_get_ret (connect_event), ==, 0);
  g_assert_cmpint (se_event_get_tcp_state (connect_event), ==, SE_TCP_STATE_ESTABLISHED);
  g_assert_cmpuint (se_event_get_index (client_socket), <, se_event_get_index (connect_event));

  g_assert_true (se_test_wait_n_items (se_listener_get_connections (listener), 1, WAIT_MS));
  served = g_list_model_get_item (se_listener_get_connections (listener), 0);
  served_id = se_connection_get_id (served);
  accept_event = find_call (log, served_id, SE_CALL_ACCEPT, SE_EVENT_ACCEPT, NULL);
  g_assert_nonnull (accept_event);
  g_assert_cmpint (se_event_get_ret (accept_event), >=, 0);
  g_assert_cmpint (se_event_get_ret (accept_event), !=, se_event_get_ret (socket_event));
  g_assert_cmpint (se_event_get_tcp_state (accept_event), ==, SE_TCP_STATE_ESTABLISHED);

  /* send(5) = 5 on the client, recv(65536) = 5 on the listener's side. */
  g_assert_true (se_client_send (client, hello, &error));
  g_assert_no_error (error);
  send_event = find_call (log, client_id, SE_CALL_SEND, SE_EVENT_SEND, NULL);
  g_assert_nonnull (send_event);
  g_assert_cmpuint (se_event_get_asked (send_event), ==, 5);
  g_assert_cmpint (se_event_get_ret (send_event), ==, 5);
  text = se_event_format_call (send_event);
  g_assert_cmpstr (text, ==, "send(5)=5");
  g_clear_pointer (&text, g_free);

  recv_event = wait_call (log, served_id, SE_CALL_RECV, SE_EVENT_RECEIVE);
  g_assert_cmpuint (se_event_get_asked (recv_event), ==, SE_CONNECTION_READ_SIZE_DEFAULT);
  g_assert_cmpint (se_event_get_ret (recv_event), ==, 5);
  /* Data events make no TCP_INFO call. */
  g_assert_cmpint (se_event_get_tcp_state (recv_event), ==, SE_TCP_STATE_NONE);
  assert_json_has (recv_event, "\"call\":\"recv\"");
  assert_json_has (recv_event, "\"ret\":5");
  assert_json_has (recv_event, "\"asked\":65536");
  assert_json_lacks (recv_event, "tcp_state");

  /* shutdown(SHUT_WR): the client's FIN; the listener's recv() returns 0
   * and its socket is in CLOSE_WAIT. */
  g_assert_true (se_client_shutdown (client, &error));
  g_assert_no_error (error);
  shutdown_event = find_call (log, client_id, SE_CALL_SHUTDOWN, SE_EVENT_SHUTDOWN, NULL);
  g_assert_nonnull (shutdown_event);
  g_assert_cmpuint (se_event_get_asked (shutdown_event), ==, SHUT_WR);
  g_assert_cmpint (se_event_get_ret (shutdown_event), ==, 0);
  g_assert_true (se_event_get_tcp_state (shutdown_event) == SE_TCP_STATE_FIN_WAIT1 ||
                 se_event_get_tcp_state (shutdown_event) == SE_TCP_STATE_FIN_WAIT2);
  text = se_event_format_call (shutdown_event);
  g_assert_cmpstr (text, ==, "shutdown(SHUT_WR)=0");
  g_clear_pointer (&text, g_free);

  fin_event = wait_call (log, served_id, SE_CALL_RECV, SE_EVENT_SHUTDOWN);
  g_assert_cmpint (se_event_get_ret (fin_event), ==, 0);
  g_assert_cmpint (se_event_get_tcp_state (fin_event), ==, SE_TCP_STATE_CLOSE_WAIT);
  assert_json_has (fin_event, "\"tcp_state\":\"CLOSE_WAIT\"");

  /* The listener closes its side: close() from CLOSE_WAIT. The client
   * reads its FIN in FIN_WAIT2: Linux hands the connection's TIME_WAIT to
   * a small socket of its own (`ss -t state time-wait` shows it) and the
   * client's socket itself is CLOSE, as TCP_INFO says. */
  se_connection_close (served);
  close_event = wait_call (log, served_id, SE_CALL_CLOSE, SE_EVENT_CLOSE);
  g_assert_cmpint (se_event_get_ret (close_event), ==, 0);
  g_assert_cmpint (se_event_get_tcp_state (close_event), ==, SE_TCP_STATE_CLOSE_WAIT);

  client_fin = wait_call (log, client_id, SE_CALL_RECV, SE_EVENT_SHUTDOWN);
  g_assert_cmpuint (se_event_get_asked (client_fin), ==, 1024);
  g_assert_cmpint (se_event_get_tcp_state (client_fin), ==, SE_TCP_STATE_CLOSE);
  client_close = wait_call (log, client_id, SE_CALL_CLOSE, SE_EVENT_CLOSE);
  g_assert_cmpint (se_event_get_tcp_state (client_close), ==, SE_TCP_STATE_CLOSE);
  g_assert_cmpuint (se_event_get_index (client_fin), <, se_event_get_index (client_close));

  text = se_event_format_text (client_close);
  g_assert_nonnull (strstr (text, " close()=0 [CLOSE]"));
  g_clear_pointer (&text, g_free);

  se_listener_stop (listener);
}

/* connect() to a port that has a socket but no listen(): RST, and the
 * error event is connect() = -1 with ECONNREFUSED. */
static void
test_connect_refused (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  struct sockaddr_in addr = { .sin_family = AF_INET };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_autofree char *target_text = NULL;
  g_autoptr(SeEndpoint) target = NULL;
  g_autoptr(SeClient) client = NULL;
  g_autoptr(SeEvent) error_event = NULL;
  g_autoptr(SeEvent) close_event = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  addr.sin_addr.s_addr = g_htonl (INADDR_LOOPBACK);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (bind (fd, (struct sockaddr *)&addr, sizeof addr), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *)&addr, &len), ==, 0);

  target_text = g_strdup_printf ("tcp://127.0.0.1:%u", g_ntohs (addr.sin_port));
  target = se_endpoint_parse (target_text, NULL);
  client = se_client_new (target, log);
  g_assert_false (connect_client (client, &error));
  g_assert_error (error, SE_ERROR, SE_ERROR_CONNECTION_REFUSED);

  error_event = find_call (log, se_client_get_id (client), SE_CALL_CONNECT, SE_EVENT_ERROR, NULL);
  g_assert_nonnull (error_event);
  g_assert_cmpint (se_event_get_ret (error_event), ==, -1);
  g_assert_cmpint (se_event_get_errno (error_event), ==, ECONNREFUSED);
  text = se_event_format_call (error_event);
  g_assert_cmpstr (text, ==, "connect()=-1 ECONNREFUSED");
  assert_json_has (error_event, "\"errno\":\"ECONNREFUSED\"");
  assert_json_has (error_event, "\"ret\":-1");

  /* The attempt's socket is closed too. */
  close_event = find_call (log, se_client_get_id (client), SE_CALL_CLOSE, SE_EVENT_CLOSE, NULL);
  g_assert_nonnull (close_event);
  g_assert_cmpint (se_event_get_errno (close_event), ==, 0);
  g_assert_cmpuint (se_event_get_index (error_event), <, se_event_get_index (close_event));

  close (fd);
}

/* bind() to a port another listener has: the error event is bind() = -1
 * with EADDRINUSE, after the socket() and setsockopt() that came first. */
static void
test_bind_in_use (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeListener) first = start_listener ("tcp://127.0.0.1:0", log, 0);
  g_autofree char *taken = listener_target (first, "tcp");
  g_autoptr(SeEndpoint) endpoint = se_endpoint_parse (taken, NULL);
  g_autoptr(SeResponder) responder = se_responder_parse ("none", NULL);
  g_autoptr(SeListener) second = se_listener_new (endpoint, responder, log);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SeEvent) failed = NULL;
  g_autofree char *text = NULL;
  guint at;

  se_traffic_log_flush (log);
  at = g_list_model_get_n_items (G_LIST_MODEL (log));
  se_listener_start_async (second, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, WAIT_MS);
  g_assert_false (se_listener_start_finish (second, result, &error));
  g_assert_error (error, SE_ERROR, SE_ERROR_ADDRESS_IN_USE);

  failed = find_call (log, 0, SE_CALL_BIND, SE_EVENT_ERROR, &at);
  g_assert_nonnull (failed);
  g_assert_cmpint (se_event_get_errno (failed), ==, EADDRINUSE);
  g_assert_cmpint (se_event_get_ret (failed), ==, -1);
  text = se_event_format_call (failed);
  g_assert_cmpstr (text, ==, "bind()=-1 EADDRINUSE");

  se_listener_stop (first);
}

typedef struct
{
  SeTrafficLog *log;
  guint         conn;
  guint64       bytes;
} Received;

static guint64
received_bytes (SeTrafficLog *log,
                guint         conn,
                guint        *n_reads)
{
  guint64 total = 0;
  guint n;

  se_traffic_log_flush (log);
  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  if (n_reads != NULL)
    *n_reads = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SeEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (se_event_get_connection_id (event) == conn && se_event_get_kind (event) == SE_EVENT_RECEIVE)
        {
          total += se_event_get_size (event);
          if (n_reads != NULL)
            (*n_reads)++;
        }
    }
  return total;
}

static gboolean
has_received (gpointer data)
{
  Received *received = data;

  return received_bytes (received->log, received->conn, NULL) >= received->bytes;
}

/* With read size 8, five quick "msg|" sends (20 bytes) are read as
 * several recv(8) of at most 8 bytes each: a stream keeps no message
 * boundaries, and the read size cuts it. */
static void
test_read_size_cuts_stream (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeListener) listener = start_listener ("tcp://127.0.0.1:0", log, 8);
  g_autoptr(SeConnection) served = NULL;
  struct sockaddr_in addr = { .sin_family = AF_INET };
  Received received = { log, 0, 20 };
  guint n_reads = 0;
  guint n;
  int one = 1;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  g_assert_cmpuint (se_listener_get_read_size (listener), ==, 8);
  addr.sin_addr.s_addr = g_htonl (INADDR_LOOPBACK);
  addr.sin_port = g_htons (se_endpoint_get_port (se_listener_get_endpoint (listener)));
  g_assert_cmpint (fd, >=, 0);
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  g_assert_cmpint (connect (fd, (struct sockaddr *)&addr, sizeof addr), ==, 0);
  g_assert_true (se_test_wait_n_items (se_listener_get_connections (listener), 1, WAIT_MS));
  served = g_list_model_get_item (se_listener_get_connections (listener), 0);
  received.conn = se_connection_get_id (served);

  /* Five separate send() calls before the listener reads any of them. */
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (send (fd, "msg|", 4, 0), ==, 4);

  g_assert_true (se_test_wait_until (has_received, &received, WAIT_MS));
  g_assert_cmpuint (received_bytes (log, received.conn, &n_reads), ==, 20);
  /* 20 bytes in reads of at most 8: at least three. */
  g_assert_cmpuint (n_reads, >=, 3);

  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SeEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (se_event_get_connection_id (event) != received.conn || se_event_get_kind (event) != SE_EVENT_RECEIVE)
        continue;
      g_assert_cmpint (se_event_get_call (event), ==, SE_CALL_RECV);
      g_assert_cmpuint (se_event_get_asked (event), ==, 8);
      g_assert_cmpuint (se_event_get_size (event), <=, 8);
      g_assert_cmpint (se_event_get_ret (event), ==, (gint64) se_event_get_size (event));
    }

  close (fd);
  se_listener_stop (listener);
}

/* recvfrom(4) of a 10-byte datagram: the kernel says 10 (MSG_TRUNC),
 * 4 bytes are kept, the rest is lost. */
static void
test_read_size_datagram (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeListener) listener = start_listener ("udp://127.0.0.1:0", log, 4);
  g_autoptr(SeEvent) event = NULL;
  struct sockaddr_in addr = { .sin_family = AF_INET };
  int fd = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  g_autofree char *text = NULL;

  addr.sin_addr.s_addr = g_htonl (INADDR_LOOPBACK);
  addr.sin_port = g_htons (se_endpoint_get_port (se_listener_get_endpoint (listener)));
  g_assert_cmpint (sendto (fd, "0123456789", 10, 0, (struct sockaddr *)&addr, sizeof addr), ==, 10);

  event = wait_call (log, 0, SE_CALL_RECVFROM, SE_EVENT_RECEIVE);
  g_assert_cmpuint (se_event_get_asked (event), ==, 4);
  g_assert_cmpint (se_event_get_ret (event), ==, 10);
  g_assert_cmpuint (g_bytes_get_size (se_event_get_data (event)), ==, 4);
  g_assert_cmpint (se_event_get_detail_code (event), ==, SE_EVENT_DETAIL_TRUNCATED);
  text = se_event_format_call (event);
  g_assert_cmpstr (text, ==, "recvfrom(4)=10");

  close (fd);
  se_listener_stop (listener);
}

/* TCP_NODELAY on a client is a setsockopt() event between its socket()
 * and its connect(). */
static void
test_nodelay_logged (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeListener) listener = start_listener ("tcp://127.0.0.1:0", log, 0);
  g_autofree char *target_text = listener_target (listener, "tcp");
  g_autoptr(SeEndpoint) target = se_endpoint_parse (target_text, NULL);
  g_autoptr(SeClient) client = se_client_new (target, log);
  g_autoptr(SeClient) plain = se_client_new (target, log);
  g_autoptr(SeEvent) option = NULL;
  g_autoptr(SeEvent) none = NULL;
  g_autoptr(SeEvent) connect_event = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  se_client_set_nodelay (client, TRUE);
  g_assert_true (connect_client (client, &error));
  g_assert_no_error (error);

  option = find_call (log, se_client_get_id (client), SE_CALL_SETSOCKOPT, SE_EVENT_SETSOCKOPT, NULL);
  g_assert_nonnull (option);
  g_assert_cmpint (se_event_get_option (option), ==, SE_SOCKOPT_TCP_NODELAY);
  g_assert_cmpint (se_event_get_ret (option), ==, 0);
  text = se_event_format_call (option);
  g_assert_cmpstr (text, ==, "setsockopt(IPPROTO_TCP, TCP_NODELAY, 1)=0");
  assert_json_has (option, "\"option\":\"TCP_NODELAY\"");
  connect_event = find_call (log, se_client_get_id (client), SE_CALL_CONNECT, SE_EVENT_CONNECT, NULL);
  g_assert_cmpuint (se_event_get_index (option), <, se_event_get_index (connect_event));

  /* Left to the kernel: no call. */
  g_assert_true (connect_client (plain, &error));
  g_assert_no_error (error);
  none = find_call (log, se_client_get_id (plain), SE_CALL_SETSOCKOPT, -1, NULL);
  g_assert_null (none);

  se_client_close (client);
  se_client_close (plain);
  se_listener_stop (listener);
}

/* The kernel's queues of a connection: bytes that arrived and were not
 * read yet (SIOCINQ), and bytes the peer has not taken (SIOCOUTQ). */
static void
test_kernel_queues (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  struct sockaddr_in addr = { .sin_family = AF_INET };
  socklen_t len = sizeof addr;
  int server = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int peer;
  g_autofree char *target_text = NULL;
  g_autoptr(SeEndpoint) target = NULL;
  g_autoptr(SeClient) client = NULL;
  g_autoptr(GBytes) big = NULL;
  g_autoptr(GError) error = NULL;
  SeConnection *connection;
  guint unread = 0, unsent = 0;
  int small = 4096;

  addr.sin_addr.s_addr = g_htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (server, (struct sockaddr *)&addr, sizeof addr), ==, 0);
  g_assert_cmpint (listen (server, 1), ==, 0);
  g_assert_cmpint (getsockname (server, (struct sockaddr *)&addr, &len), ==, 0);
  /* A small receive buffer on the peer, so that sends pile up sooner */
  setsockopt (server, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);

  target_text = g_strdup_printf ("tcp://127.0.0.1:%u", g_ntohs (addr.sin_port));
  target = se_endpoint_parse (target_text, NULL);
  client = se_client_new (target, log);
  g_assert_true (connect_client (client, &error));
  g_assert_no_error (error);
  peer = accept (server, NULL, NULL);
  g_assert_cmpint (peer, >=, 0);
  connection = se_client_get_connection (client);

  g_assert_true (se_connection_get_kernel_queues (connection, &unread, &unsent));
  g_assert_cmpuint (unread, ==, 0);
  g_assert_cmpuint (unsent, ==, 0);

  /* Ten bytes from the peer wait until the client's main loop reads them */
  g_assert_cmpint (send (peer, "0123456789", 10, 0), ==, 10);
  for (guint i = 0; i < 1000 && unread < 10; i++)
    {
      g_usleep (1000);
      g_assert_true (se_connection_get_kernel_queues (connection, &unread, NULL));
    }
  g_assert_cmpuint (unread, ==, 10);

  /* 1 MiB to a peer that does not read: part of it stays in the kernel */
  big = g_bytes_new_take (g_malloc0 (1024 * 1024), 1024 * 1024);
  g_assert_true (se_client_send (client, big, &error));
  g_assert_no_error (error);
  g_assert_true (se_connection_get_kernel_queues (connection, NULL, &unsent));
  g_assert_cmpuint (unsent, >, 0);

  se_client_close (client);
  close (peer);
  close (server);
}

static void
test_names (void)
{
  SeCall call = SE_CALL_NONE;
  SeTcpState state = SE_TCP_STATE_NONE;

  for (guint i = SE_CALL_NONE + 1; i < SE_CALL_N_CALLS; i++)
    {
      g_assert_true (se_call_from_string (se_call_to_string (i), &call));
      g_assert_cmpint (call, ==, i);
    }
  g_assert_false (se_call_from_string ("", NULL));
  g_assert_false (se_call_from_string ("receive", NULL));

  for (guint i = SE_TCP_STATE_NONE + 1; i < SE_TCP_STATE_N_STATES; i++)
    {
      g_assert_true (se_tcp_state_from_string (se_tcp_state_to_string (i), &state));
      g_assert_cmpint (state, ==, i);
    }
  g_assert_null (se_tcp_state_to_string (SE_TCP_STATE_NONE));
  g_assert_cmpstr (se_tcp_state_to_string (SE_TCP_STATE_CLOSE_WAIT), ==, "CLOSE_WAIT");
  g_assert_cmpstr (se_sockopt_to_string (SE_SOCKOPT_SO_RCVBUF), ==, "SO_RCVBUF");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/calls/names", test_names);
  g_test_add_func ("/calls/tcp-exchange", test_tcp_exchange);
  g_test_add_func ("/calls/connect-refused", test_connect_refused);
  g_test_add_func ("/calls/bind-in-use", test_bind_in_use);
  g_test_add_func ("/calls/read-size/stream", test_read_size_cuts_stream);
  g_test_add_func ("/calls/read-size/datagram", test_read_size_datagram);
  g_test_add_func ("/calls/nodelay", test_nodelay_logged);
  g_test_add_func ("/calls/kernel-queues", test_kernel_queues);

  return g_test_run ();
}
