/* test-sockets.c: listeners, connections and clients over loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real sockets only: 127.0.0.1, ::1 and Unix sockets in a temp dir, port 0,
 * and bounded waits.
 *
 * Every listener kind with its client kind and each responder, many
 * clients at once, a large transfer, a truncated datagram, the
 * addresses each side reports and sending to all peers. Errors are in
 * test-sockets-errors.c, endings in test-sockets-close.c, callbacks and
 * lookups that stop what is running in test-sockets-reentrancy.c.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <glib/gstdio.h>

#include "socket-explorer-core.h"
#include "se-socket-test-util.h"
#include "se-test-util.h"

static SeEvent *
find_event (SeTrafficLog *log,
            SeEventKind   kind,
            guint         nth)
{
  se_traffic_log_flush (log);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(SeEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (se_event_get_kind (event) == kind && nth-- == 0)
        return g_steal_pointer (&event);
    }

  return NULL;
}

static gboolean
have_ipv6_loopback (void)
{
  int fd = socket (AF_INET6, SOCK_STREAM, 0);
  struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = bind (fd, (struct sockaddr *)&sin6, sizeof sin6) == 0;
  close (fd);
  return ok;
}

/* Each listener kind × its client kind × each responder. */
typedef struct
{
  const char *scheme;
  const char *host;
  const char *responder;
} Matrix;

static void
test_matrix (gconstpointer data)
{
  const Matrix *m = data;
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = listen_text (m->scheme, m->host);
  g_autoptr(SeListener) listener = NULL;
  g_autoptr(Peer) peer = NULL;
  g_autofree char *got = NULL;
  gboolean stream = !g_str_has_suffix (m->scheme, "udp") && !g_str_has_suffix (m->scheme, "dgram");
  SeEndpoint *bound;

  if (strchr (m->host, ':') != NULL && !have_ipv6_loopback ())
    {
      g_test_skip ("no IPv6 loopback on this machine");
      return;
    }

  listener = start_listener (text, m->responder, log, &error);
  g_assert_no_error (error);
  g_assert_true (se_listener_get_running (listener));

  bound = se_listener_get_endpoint (listener);
  if (!se_endpoint_is_unix (bound))
    g_assert_cmpuint (se_endpoint_get_port (bound), >, 0);

  peer = peer_connect (bound, log, &error);
  g_assert_no_error (error);

  if (g_str_equal (m->responder, "greeting=Thank you for connection"))
    {
      if (stream)
        {
          /* Like the seeds' server: greet, then close. */
          g_assert_true (peer_wait_bytes (peer, 24));
          got = peer_text (peer);
          g_assert_cmpstr (got, ==, "Thank you for connection");
          g_assert_true (se_test_wait_for_flag (&peer->closed, WAIT_MS) ||
                         se_connection_get_state (se_client_get_connection (peer->client)) != SE_CONNECTION_STATE_CONNECTED);
          return;
        }
      peer_send (peer, "hi");
      g_assert_true (peer_wait_bytes (peer, 24));
      got = peer_text (peer);
      g_assert_cmpstr (got, ==, "Thank you for connection");
      return;
    }

  peer_send (peer, "hello");

  if (g_str_equal (m->responder, "echo"))
    {
      g_assert_true (peer_wait_bytes (peer, 5));
      got = peer_text (peer);
      g_assert_cmpstr (got, ==, "hello");
    }
  else if (g_str_equal (m->responder, "upper"))
    {
      g_assert_true (peer_wait_bytes (peer, 5));
      got = peer_text (peer);
      g_assert_cmpstr (got, ==, "HELLO");
    }
  else if (g_str_equal (m->responder, "timestamp"))
    {
      g_assert_true (peer_wait_bytes (peer, 32));
      got = peer_text (peer);
      g_assert_true (g_regex_match_simple ("^\\[\\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}\\] hello$",
                                           got, 0, 0));
    }
  else if (g_str_equal (m->responder, "framed"))
    {
      g_assert_true (peer_wait_bytes (peer, strlen ("CMD_RESULT_SIZE|5")));
      if (stream)
        {
          got = peer_text (peer);
          g_assert_cmpstr (got, ==, "CMD_RESULT_SIZE|5");
          g_clear_pointer (&got, g_free);
          /* The go-ahead, like the seed client's CMD_RESULT. */
          peer_send (peer, "CMD_RESULT");
        }
      g_assert_true (peer_wait_bytes (peer, strlen ("CMD_RESULT_SIZE|5hello")));
      got = peer_text (peer);
      g_assert_cmpstr (got, ==, "CMD_RESULT_SIZE|5hello");
    }
  else
    {
      /* none and discard: nothing comes back, but the listener saw it. */
      se_test_spin (100);
      g_assert_cmpuint (peer->received->len, ==, 0);
    }

  /* Whatever the responder, the log saw the message arrive. */
  {
    g_autoptr(SeEvent) receive = find_event (log, SE_EVENT_RECEIVE, 0);

    g_assert_nonnull (receive);
    g_assert_cmpuint (se_event_get_size (receive), ==, 5);
    g_assert_cmpuint (count_events (log, SE_EVENT_BIND), >=, 1);
    if (stream)
      {
        g_assert_cmpuint (count_events (log, SE_EVENT_LISTEN), ==, 1);
        g_assert_cmpuint (count_events (log, SE_EVENT_ACCEPT), ==, 1);
        g_assert_cmpuint (count_events (log, SE_EVENT_CONNECT), ==, 1);
      }
  }

  se_listener_stop (listener);
  g_assert_false (se_listener_get_running (listener));
  if (se_endpoint_is_unix (bound))
    g_assert_false (g_file_test (se_endpoint_get_path (bound), G_FILE_TEST_EXISTS));
}

/* Many clients at once, each served by the same listener. */
static void
test_many_clients (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SeListener) listener = start_listener ("tcp://127.0.0.1:0", "echo", log, &error);
  g_autoptr(GPtrArray) peers = g_ptr_array_new_with_free_func ((GDestroyNotify) peer_free);
  const guint n = 100;

  g_assert_no_error (error);

  for (guint i = 0; i < n; i++)
    {
      Peer *peer = peer_connect (se_listener_get_endpoint (listener), log, &error);

      g_assert_no_error (error);
      g_ptr_array_add (peers, peer);
    }

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *msg = g_strdup_printf ("client %u", i);

      peer_send (g_ptr_array_index (peers, i), msg);
    }

  for (guint i = 0; i < n; i++)
    {
      Peer *peer = g_ptr_array_index (peers, i);
      g_autofree char *want = g_strdup_printf ("client %u", i);
      g_autofree char *got = NULL;

      g_assert_true (peer_wait_bytes (peer, strlen (want)));
      got = peer_text (peer);
      g_assert_cmpstr (got, ==, want);
    }

  g_assert_cmpuint (g_list_model_get_n_items (se_listener_get_connections (listener)), ==, n);

  /* Closing a client takes its connection out of the listener's list. */
  g_ptr_array_remove_index (peers, 0);
  {
    GListModel *connections = se_listener_get_connections (listener);
    se_test_wait_n_items (connections, n - 1, WAIT_MS);
    g_assert_cmpuint (g_list_model_get_n_items (connections), ==, n - 1);
  }

  se_listener_stop (listener);
  g_assert_cmpuint (g_list_model_get_n_items (se_listener_get_connections (listener)), ==, 0);
  g_assert_finalize_object (g_steal_pointer (&listener));
}

/* 16 MiB through an echo listener, intact, with exact counters. */
static void
test_large_transfer (void)
{
  const gsize size = 16 * 1024 * 1024;
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SeListener) listener = start_listener ("tcp://127.0.0.1:0", "echo", log, &error);
  g_autoptr(Peer) peer = NULL;
  g_autoptr(GBytes) bytes = NULL;
  guint8 *data = g_malloc (size);
  GRand *rand = g_rand_new_with_seed (42);
  g_autofree char *sent_sum = NULL;
  g_autofree char *got_sum = NULL;
  SeConnection *server_side;
  WaitLen w;

  for (gsize i = 0; i < size; i += 4)
    {
      guint32 r = g_rand_int (rand);
      memcpy (data + i, &r, 4);
    }
  g_rand_free (rand);
  bytes = g_bytes_new_take (data, size);
  sent_sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

  g_assert_no_error (error);
  peer = peer_connect (se_listener_get_endpoint (listener), log, &error);
  g_assert_no_error (error);

  se_client_send (peer->client, bytes, &error);
  g_assert_no_error (error);

  w.peer = peer;
  w.len = size;
  g_assert_true (se_test_wait_until (has_len, &w, 60000));
  g_assert_cmpuint (peer->received->len, ==, size);
  got_sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, peer->received->data, size);
  g_assert_cmpstr (got_sum, ==, sent_sum);

  server_side = first_connection (listener);
  g_assert_cmpuint (se_connection_get_bytes_received (server_side), ==, size);
  g_assert_cmpuint (se_connection_get_bytes_sent (server_side), ==, size);
  g_assert_cmpuint (se_connection_get_bytes_sent (se_client_get_connection (peer->client)), ==, size);
  g_assert_cmpuint (se_connection_get_bytes_received (se_client_get_connection (peer->client)), ==, size);

  /* The log's sizes add up exactly, whatever the capture budget kept. */
  {
    guint64 received = 0;

    se_traffic_log_flush (log);
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
      {
        g_autoptr(SeEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);

        if (se_event_get_kind (event) == SE_EVENT_RECEIVE &&
            se_event_get_connection_id (event) == se_connection_get_id (server_side))
          received += se_event_get_size (event);
      }
    g_assert_cmpuint (received, ==, size);
  }
}

/* getsockname/getpeername are mirrored on both sides. */
static void
test_addresses (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SeListener) listener = start_listener ("tcp://127.0.0.1:0", "none", log, &error);
  g_autoptr(Peer) peer = NULL;
  SeConnection *server_side;
  SeConnection *client_side;

  g_assert_no_error (error);
  peer = peer_connect (se_listener_get_endpoint (listener), log, &error);
  g_assert_no_error (error);
  server_side = first_connection (listener);
  client_side = se_client_get_connection (peer->client);

  g_assert_cmpstr (se_connection_get_local_address (server_side), ==,
                   se_connection_get_remote_address (client_side));
  g_assert_cmpstr (se_connection_get_remote_address (server_side), ==,
                   se_connection_get_local_address (client_side));
  g_assert_true (g_str_has_prefix (se_connection_get_local_address (server_side), "127.0.0.1:"));
  g_assert_true (se_connection_get_accepted (server_side));
  g_assert_false (se_connection_get_accepted (client_side));
}

/* Send to every connection, and a datagram listener answering by hand. */
static gboolean
listener_has_peer (gpointer data)
{
  return g_list_model_get_n_items (se_listener_get_peers (data)) > 0;
}

static void
test_send_all (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SeListener) tcp = start_listener ("tcp://127.0.0.1:0", "none", log, &error);
  g_autoptr(SeListener) udp = NULL;
  g_autoptr(Peer) a = NULL;
  g_autoptr(Peer) b = NULL;
  g_autoptr(Peer) u = NULL;
  g_autoptr(GBytes) news = g_bytes_new_static ("news", 4);
  g_autoptr(SePeer) peer = NULL;

  g_assert_no_error (error);
  a = peer_connect (se_listener_get_endpoint (tcp), log, &error);
  g_assert_no_error (error);
  b = peer_connect (se_listener_get_endpoint (tcp), log, &error);
  g_assert_no_error (error);
  {
    se_test_wait_n_items (se_listener_get_connections (tcp), 2, WAIT_MS);
  }

  g_assert_true (se_listener_send_all (tcp, news, &error));
  g_assert_no_error (error);
  g_assert_true (peer_wait_bytes (a, 4));
  g_assert_true (peer_wait_bytes (b, 4));

  udp = start_listener ("udp://127.0.0.1:0", "none", log, &error);
  g_assert_no_error (error);
  g_assert_false (se_listener_send_all (udp, news, &error));
  g_assert_error (error, SE_ERROR, SE_ERROR_CLOSED);
  g_clear_error (&error);

  u = peer_connect (se_listener_get_endpoint (udp), log, &error);
  g_assert_no_error (error);
  peer_send (u, "anyone?");
  se_test_wait_until (listener_has_peer, udp, WAIT_MS);
  peer = g_list_model_get_item (se_listener_get_peers (udp), 0);
  g_assert_nonnull (peer);
  /* An unbound UDP socket is bound to the wildcard address by its first
   * sendto(): getsockname() says 0.0.0.0, the peer sees 127.0.0.1. */
  g_assert_true (g_str_has_prefix (se_client_get_local_address (u->client), "0.0.0.0:"));
  g_assert_cmpstr (strrchr (se_peer_get_address (peer), ':'), ==,
                   strrchr (se_client_get_local_address (u->client), ':'));
  /* The peer's own counters, from the core (not the log). */
  g_assert_cmpuint (se_peer_get_datagrams_received (peer), ==, 1);
  g_assert_cmpuint (se_peer_get_bytes_received (peer), ==, 7);
  g_assert_cmpuint (se_peer_get_datagrams_sent (peer), ==, 0);

  g_assert_true (se_listener_send_to (udp, se_peer_get_address (peer), news, &error));
  g_assert_no_error (error);
  g_assert_true (peer_wait_bytes (u, 4));
  g_assert_cmpuint (se_peer_get_datagrams_sent (peer), ==, 1);
  g_assert_cmpuint (se_peer_get_bytes_sent (peer), ==, 4);
  g_assert_true (se_listener_send_all (udp, news, &error));
  g_assert_cmpuint (se_peer_get_datagrams_sent (peer), ==, 2);
  g_assert_cmpuint (se_peer_get_bytes_sent (peer), ==, 8);
}

static gboolean
five_sent (gpointer data)
{
  return count_events (data, SE_EVENT_SEND) >= 5;
}

/* Datagrams that wait together are read by one recvmmsg() and answered
 * by one sendmmsg(): the log has each receive before the replies, in
 * order, every one of them; the receives share the time the call
 * returned, the replies theirs, and the peer was last seen then. */
static void
test_datagram_batch (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SeListener) listener = start_listener ("udp://127.0.0.1:0", "echo", log, &error);
  g_autoptr(SePeer) peer = NULL;
  struct sockaddr_in sin = { .sin_family = AF_INET };
  gint64 received_at = 0, sent_at = 0;
  guint n_received = 0, n_sent = 0;
  int fd;

  g_assert_no_error (error);
  sin.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  sin.sin_port = htons (se_endpoint_get_port (se_listener_get_endpoint (listener)));
  fd = socket (AF_INET, SOCK_DGRAM, 0);
  g_assert_cmpint (fd, >=, 0);
  /* All five wait in the socket before the loop runs. */
  for (char c = '0'; c < '5'; c++)
    g_assert_cmpint (sendto (fd, &c, 1, 0, (struct sockaddr *) &sin, sizeof sin), ==, 1);

  g_assert_true (se_test_wait_until (five_sent, log, WAIT_MS));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(SeEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);
      GBytes *data = se_event_get_data (event);

      if (se_event_get_kind (event) == SE_EVENT_RECEIVE)
        {
          g_assert_cmpuint (n_sent, ==, 0);
          g_assert_cmpmem (g_bytes_get_data (data, NULL), 1, &"01234"[n_received], 1);
          if (n_received++ == 0)
            received_at = se_event_get_time (event);
          g_assert_cmpint (se_event_get_time (event), ==, received_at);
        }
      else if (se_event_get_kind (event) == SE_EVENT_SEND)
        {
          g_assert_cmpmem (g_bytes_get_data (data, NULL), 1, &"01234"[n_sent], 1);
          if (n_sent++ == 0)
            sent_at = se_event_get_time (event);
          g_assert_cmpint (se_event_get_time (event), ==, sent_at);
        }
    }
  g_assert_cmpuint (n_received, ==, 5);
  g_assert_cmpuint (n_sent, ==, 5);
  g_assert_cmpint (sent_at, >=, received_at);

  peer = g_list_model_get_item (se_listener_get_peers (listener), 0);
  g_assert_nonnull (peer);
  g_assert_cmpuint (se_peer_get_datagrams_received (peer), ==, 5);
  g_assert_cmpuint (se_peer_get_datagrams_sent (peer), ==, 5);
  g_assert_cmpint (se_peer_get_last_seen (peer), ==, sent_at);
  close (fd);
}

/* A Unix datagram can be larger than the client's read buffer: the log
 * must give its real size and say it was cut, not pass the cut size off
 * as what was sent. */
static void
test_client_datagram_truncated (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmpdir, "big-dgram.sock", NULL);
  g_autofree char *text = g_strdup_printf ("unix-dgram://%s", path);
  g_autoptr(SeEndpoint) target = se_endpoint_parse (text, NULL);
  g_autoptr(Peer) peer = NULL;
  g_autoptr(SeEvent) event = NULL;
  struct sockaddr_storage from;
  socklen_t from_len = sizeof from;
  struct sockaddr_un sun = { .sun_family = AF_UNIX };
  gsize big = 100000;
  g_autofree guint8 *payload = g_malloc0 (big);
  int sndbuf = 4 * big;
  char hello[16];
  int fd;

  g_assert_cmpuint (strlen (path), <, sizeof sun.sun_path);
  strcpy (sun.sun_path, path);
  fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (bind (fd, (struct sockaddr *)&sun, sizeof sun), ==, 0);
  setsockopt (fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);

  peer = peer_connect (target, log, &error);
  g_assert_no_error (error);
  peer_send (peer, "hi");
  g_assert_cmpint (recvfrom (fd, hello, sizeof hello, 0, (struct sockaddr *)&from, &from_len), ==, 2);

  if (sendto (fd, payload, big, 0, (struct sockaddr *)&from, from_len) != (ssize_t) big)
    {
      g_test_skip ("the system does not take a 100000-byte Unix datagram");
      close (fd);
      g_unlink (path);
      return;
    }
  g_assert_true (peer_wait_bytes (peer, 1));

  event = find_event (log, SE_EVENT_RECEIVE, 0);
  g_assert_nonnull (event);
  g_assert_cmpuint (se_event_get_size (event), ==, big);
  g_assert_nonnull (strstr (se_event_get_detail (event), "truncated"));
  g_assert_cmpuint (peer->received->len, <, big);

  close (fd);
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  static const char *responders[] = {
    "none", "echo", "upper", "timestamp", "greeting=Thank you for connection", "discard", "framed",
  };
  static const struct { const char *scheme; const char *host; } kinds[] = {
    { "tcp", "127.0.0.1" },
    { "udp", "127.0.0.1" },
    { "unix", NULL },
    { "unix-dgram", NULL },
    { "tcp", "::1" },
    { "udp", "::1" },
  };
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = se_test_make_temp_dir ();

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    for (guint r = 0; r < G_N_ELEMENTS (responders); r++)
      {
        Matrix *m = g_new0 (Matrix, 1);
        g_autofree char *name = NULL;
        g_autofree char *responder_name = g_strdelimit (g_strdup (responders[r]), "= ", '\0');

        m->scheme = kinds[k].scheme;
        m->host = kinds[k].host ? kinds[k].host : "";
        m->responder = responders[r];
        name = g_strdup_printf ("/sockets/matrix/%s%s%s/%s", m->scheme,
                                kinds[k].host ? "/" : "",
                                kinds[k].host ? (strchr (kinds[k].host, ':') ? "ipv6" : "ipv4") : "",
                                responder_name);
        g_test_add_data_func_full (name, m, test_matrix, g_free);
      }

  g_test_add_func ("/sockets/many-clients", test_many_clients);
  g_test_add_func ("/sockets/large-transfer", test_large_transfer);
  g_test_add_func ("/sockets/addresses", test_addresses);
  g_test_add_func ("/sockets/send-all", test_send_all);
  g_test_add_func ("/sockets/datagram-batch", test_datagram_batch);
  g_test_add_func ("/sockets/client-datagram-truncated", test_client_datagram_truncated);

  ret = g_test_run ();
  se_test_remove_dir (tmpdir);
  g_free (tmpdir);
  return ret;
}
