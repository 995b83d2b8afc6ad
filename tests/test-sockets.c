/* test-sockets.c: listeners, connections and clients over loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real sockets only: 127.0.0.1, ::1 and Unix sockets in a temp dir, port 0,
 * and bounded waits.
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
#include "se-test-util.h"

#define WAIT_MS 5000

/* A client plus what it received. */
typedef struct
{
  SeClient   *client;
  GByteArray *received;
  guint       n_datagrams;
  gboolean    closed;
} Peer;

static char *tmpdir;

static void
peer_received_cb (SeClient   *client,
                  GBytes     *bytes,
                  const char *from,
                  Peer       *peer)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  g_byte_array_append (peer->received, data, len);
  peer->n_datagrams++;
}

static void
peer_closed_cb (SeClient *client,
                Peer     *peer)
{
  peer->closed = TRUE;
}

static SeListener *
start_listener (const char    *endpoint_text,
                const char    *responder_text,
                SeTrafficLog  *log,
                GError       **error)
{
  g_autoptr(SeEndpoint) endpoint = se_endpoint_parse (endpoint_text, NULL);
  g_autoptr(SeResponder) responder = se_responder_parse (responder_text, NULL);
  g_autoptr(SeListener) listener = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_nonnull (endpoint);
  g_assert_nonnull (responder);

  listener = se_listener_new (endpoint, responder, log);
  se_listener_start_async (listener, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, WAIT_MS);

  if (!se_listener_start_finish (listener, result, error))
    return NULL;

  return g_steal_pointer (&listener);
}

static Peer *
peer_connect (SeEndpoint    *target,
              SeTrafficLog  *log,
              GError       **error)
{
  Peer *peer = g_new0 (Peer, 1);
  g_autoptr(GAsyncResult) result = NULL;

  peer->client = se_client_new (target, log);
  peer->received = g_byte_array_new ();
  g_signal_connect (peer->client, "received", G_CALLBACK (peer_received_cb), peer);
  g_signal_connect (peer->client, "closed", G_CALLBACK (peer_closed_cb), peer);

  se_client_connect_async (peer->client, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, WAIT_MS);

  if (!se_client_connect_finish (peer->client, result, error))
    {
      g_signal_handlers_disconnect_by_data (peer->client, peer);
      g_object_unref (peer->client);
      g_byte_array_unref (peer->received);
      g_free (peer);
      return NULL;
    }

  return peer;
}

static void
peer_free (Peer *peer)
{
  g_signal_handlers_disconnect_by_data (peer->client, peer);
  se_client_close (peer->client);
  g_assert_finalize_object (peer->client);
  g_byte_array_unref (peer->received);
  g_free (peer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Peer, peer_free)

static void
peer_send (Peer       *peer,
           const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;

  se_client_send (peer->client, bytes, &error);
  g_assert_no_error (error);
}

typedef struct
{
  Peer  *peer;
  gsize  len;
} WaitLen;

static gboolean
has_len (gpointer data)
{
  WaitLen *w = data;

  return w->peer->received->len >= w->len;
}

static gboolean
peer_wait_bytes (Peer  *peer,
                 gsize  len)
{
  WaitLen w = { peer, len };

  return se_test_wait_until (has_len, &w, WAIT_MS);
}

static char *
peer_text (Peer *peer)
{
  return g_strndup ((const char *) peer->received->data, peer->received->len);
}

static guint
count_events (SeTrafficLog *log,
              SeEventKind   kind)
{
  guint n = 0;

  se_traffic_log_flush (log);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(SeEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (se_event_get_kind (event) == kind)
        n++;
    }

  return n;
}

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

static guint
count_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static gboolean
fds_are (gpointer data)
{
  return count_fds () == GPOINTER_TO_UINT (data);
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

/* The endpoint for a listener of this kind: port 0 or a fresh Unix path. */
static char *
listen_text (const char *scheme,
             const char *host)
{
  static guint counter = 0;

  if (g_str_has_prefix (scheme, "unix"))
    return g_strdup_printf ("%s://%s/s%u.sock", scheme, tmpdir, ++counter);
  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("%s://[%s]:0", scheme, host);
  return g_strdup_printf ("%s://%s:0", scheme, host);
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
static gboolean
has_items (gpointer data)
{
  return g_list_model_get_n_items (data) > 0;
}

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

static SeConnection *
first_connection (SeListener *listener)
{
  GListModel *connections = se_listener_get_connections (listener);
  SeConnection *connection;

  se_test_wait_until (has_items, connections, WAIT_MS);
  g_assert_cmpuint (g_list_model_get_n_items (connections), >, 0);

  connection = g_list_model_get_item (connections, 0);
  g_object_unref (connection);  /* the listener holds it */
  return connection;
}

static gboolean
connection_closed (gpointer data)
{
  return se_connection_get_state (data) == SE_CONNECTION_STATE_CLOSED;
}

static gboolean
connection_half_closed_remote (gpointer data)
{
  return se_connection_get_state (data) == SE_CONNECTION_STATE_HALF_CLOSED_REMOTE;
}

/* A peer that resets: the other side sees ECONNRESET, in plain words. */
static void
test_reset (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SeListener) listener = start_listener ("tcp://127.0.0.1:0", "none", log, &error);
  g_autoptr(Peer) peer = NULL;
  g_autoptr(SeConnection) server_side = NULL;
  const GError *server_error;

  g_assert_no_error (error);
  peer = peer_connect (se_listener_get_endpoint (listener), log, &error);
  g_assert_no_error (error);
  server_side = g_object_ref (first_connection (listener));

  se_client_reset (peer->client);
  g_assert_true (peer->closed);

  g_assert_true (se_test_wait_until (connection_closed, server_side, WAIT_MS));
  server_error = se_connection_get_error (server_side);
  g_assert_nonnull (server_error);
  g_assert_error (server_error, SE_ERROR, SE_ERROR_CONNECTION_RESET);
  g_assert_nonnull (strstr (server_error->message, "ECONNRESET"));
  g_assert_cmpuint (count_events (log, SE_EVENT_ERROR), >=, 1);
}

/* A peer that half-closes: with a responder the server finishes and closes;
 * without one, the other direction stays open. */
static void
test_half_close (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SeListener) echo = start_listener ("tcp://127.0.0.1:0", "echo", log, &error);
  g_autoptr(SeListener) manual = NULL;
  g_autoptr(Peer) peer = NULL;
  g_autoptr(Peer) peer2 = NULL;
  SeConnection *server_side;
  g_autoptr(GBytes) reply = g_bytes_new_static ("still here", 10);
  g_autofree char *got = NULL;

  g_assert_no_error (error);
  peer = peer_connect (se_listener_get_endpoint (echo), log, &error);
  g_assert_no_error (error);

  peer_send (peer, "last words");
  se_client_shutdown (peer->client, &error);
  g_assert_no_error (error);
  g_assert_cmpint (se_connection_get_state (se_client_get_connection (peer->client)), ==,
                   SE_CONNECTION_STATE_HALF_CLOSED_LOCAL);

  /* Sending after shutdown is refused with a clear error. */
  {
    g_autoptr(GBytes) more = g_bytes_new_static ("x", 1);
    g_autoptr(GError) send_error = NULL;

    g_assert_false (se_client_send (peer->client, more, &send_error));
    g_assert_error (send_error, SE_ERROR, SE_ERROR_CLOSED);
  }

  g_assert_true (se_test_wait_for_flag (&peer->closed, WAIT_MS));
  got = peer_text (peer);
  g_assert_cmpstr (got, ==, "last words");
  g_clear_pointer (&got, g_free);

  /* No responder: the server can still talk after the client's FIN. */
  manual = start_listener ("tcp://127.0.0.1:0", "none", log, &error);
  g_assert_no_error (error);
  peer2 = peer_connect (se_listener_get_endpoint (manual), log, &error);
  g_assert_no_error (error);
  server_side = first_connection (manual);

  se_client_shutdown (peer2->client, &error);
  g_assert_no_error (error);
  se_test_wait_until (connection_half_closed_remote, server_side, WAIT_MS);
  g_assert_cmpint (se_connection_get_state (server_side), ==, SE_CONNECTION_STATE_HALF_CLOSED_REMOTE);

  se_connection_send (server_side, reply, &error);
  g_assert_no_error (error);
  g_assert_true (peer_wait_bytes (peer2, 10));
  got = peer_text (peer2);
  g_assert_cmpstr (got, ==, "still here");

  g_assert_cmpuint (count_events (log, SE_EVENT_SHUTDOWN), >=, 3);

  /* The two shutdowns read differently: our own half-close, and the
   * peer's FIN as the other side saw it. */
  {
    guint ours = 0, peers = 0;

    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
      {
        g_autoptr(SeEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);
        g_autofree char *line = NULL;

        if (se_event_get_kind (event) != SE_EVENT_SHUTDOWN)
          continue;
        line = se_event_format_text (event);
        switch (se_event_get_detail_code (event))
          {
          case SE_EVENT_DETAIL_SHUT_WR:
            ours++;
            g_assert_cmpstr (se_event_get_detail (event), ==, "shut down sending (shutdown(SHUT_WR))");
            g_assert_true (g_str_has_suffix (line, " shut down sending (shutdown(SHUT_WR))"));
            break;
          case SE_EVENT_DETAIL_PEER_EOF:
            peers++;
            g_assert_cmpstr (se_event_get_detail (event), ==, "peer closed its side (recv() returned 0)");
            g_assert_true (g_str_has_suffix (line, " peer closed its side (recv() returned 0)"));
            break;
          default:
            g_error ("a shutdown event that is neither ours nor the peer's: %s", line);
          }
      }
    /* Two clients shut down; both listeners' connections read the FIN */
    g_assert_cmpuint (ours, >=, 2);
    g_assert_cmpuint (peers, >=, 2);
  }
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

static void
test_refused (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SeListener) listener = start_listener ("tcp://127.0.0.1:0", "none", log, &error);
  g_autoptr(SeEndpoint) target = NULL;
  Peer *peer;

  g_assert_no_error (error);
  target = se_endpoint_ref (se_listener_get_endpoint (listener));
  se_listener_stop (listener);

  peer = peer_connect (target, log, &error);
  g_assert_null (peer);
  g_assert_error (error, SE_ERROR, SE_ERROR_CONNECTION_REFUSED);
  g_assert_nonnull (strstr (error->message, "ECONNREFUSED"));
  g_assert_cmpuint (count_events (log, SE_EVENT_ERROR), ==, 1);
}

static void
test_address_in_use (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SeListener) first = start_listener ("tcp://127.0.0.1:0", "none", log, &error);
  g_autofree char *same = NULL;
  g_autoptr(SeListener) second = NULL;
  g_autofree char *unix_text = g_strdup_printf ("unix://%s/inuse.sock", tmpdir);
  g_autoptr(SeListener) unix_first = NULL;
  g_autoptr(SeListener) unix_second = NULL;

  g_assert_no_error (error);
  same = se_endpoint_to_string (se_listener_get_endpoint (first));
  second = start_listener (same, "none", log, &error);
  g_assert_null (second);
  g_assert_error (error, SE_ERROR, SE_ERROR_ADDRESS_IN_USE);
  g_assert_nonnull (strstr (error->message, "EADDRINUSE"));
  g_clear_error (&error);

  unix_first = start_listener (unix_text, "none", log, &error);
  g_assert_no_error (error);
  unix_second = start_listener (unix_text, "none", log, &error);
  g_assert_null (unix_second);
  g_assert_error (error, SE_ERROR, SE_ERROR_ADDRESS_IN_USE);
  g_clear_error (&error);

  /* The failed second listener must not remove the first one's file. */
  g_assert_true (g_file_test (se_endpoint_get_path (se_listener_get_endpoint (unix_first)), G_FILE_TEST_EXISTS));
  se_listener_stop (unix_first);
  g_assert_false (g_file_test (se_endpoint_get_path (se_listener_get_endpoint (unix_first)), G_FILE_TEST_EXISTS));
}

static void
test_privileged_port_child (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SeListener) listener = NULL;

  listener = start_listener ("tcp://127.0.0.1:7", "none", log, &error);
  g_assert_null (listener);
  g_assert_error (error, SE_ERROR, SE_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "EACCES"));
  g_assert_cmpuint (count_events (log, SE_EVENT_ERROR), ==, 1);
}

/* Ports below 1024 need privileges: as root, the check runs in a child
 * that gives them up first. */
static void
test_privileged_port (void)
{
  g_autofree char *contents = NULL;

  if (g_file_get_contents ("/proc/sys/net/ipv4/ip_unprivileged_port_start", &contents, NULL, NULL) &&
      g_ascii_strtoull (contents, NULL, 10) <= 7)
    {
      g_test_skip ("this system lets everybody bind low ports");
      return;
    }

  if (g_test_subprocess ())
    {
      if (geteuid () == 0 && (setgid (65534) != 0 || setuid (65534) != 0))
        {
          g_test_skip ("cannot drop root privileges here");
          return;
        }
      test_privileged_port_child ();
      return;
    }

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_unix_missing (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("unix://%s/nobody-here.sock", tmpdir);
  g_autoptr(SeEndpoint) target = se_endpoint_parse (text, NULL);
  Peer *peer = peer_connect (target, log, &error);

  g_assert_null (peer);
  g_assert_error (error, SE_ERROR, SE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "ENOENT"));
}

/* A listener whose backlog is full and which never accepts: SYNs are
 * dropped, so a connect times out. */
/* A plain TCP socket (no SeListener) listening on 127.0.0.1 at a port the
 * system chooses; *sin gets its address and *target its endpoint. */
static int
raw_tcp_listen (int                 backlog,
                struct sockaddr_in *sin,
                SeEndpoint        **target)
{
  int lfd = socket (AF_INET, SOCK_STREAM, 0);
  socklen_t len = sizeof *sin;
  g_autofree char *text = NULL;

  *sin = (struct sockaddr_in) { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  g_assert_cmpint (bind (lfd, (struct sockaddr *)sin, sizeof *sin), ==, 0);
  g_assert_cmpint (listen (lfd, backlog), ==, 0);
  g_assert_cmpint (getsockname (lfd, (struct sockaddr *)sin, &len), ==, 0);
  text = g_strdup_printf ("tcp://127.0.0.1:%u", ntohs (sin->sin_port));
  *target = se_endpoint_parse (text, NULL);
  return lfd;
}

/* Fills the accept queue of a listener with backlog 0 with plain
 * non-blocking connects, so that the next SYN goes unanswered. */
static void
fill_accept_queue (const struct sockaddr_in *sin,
                   int                      *fillers,
                   guint                     n_fillers)
{
  for (guint i = 0; i < n_fillers; i++)
    {
      fillers[i] = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
      connect (fillers[i], (const struct sockaddr *)sin, sizeof *sin);
    }
  g_usleep (100 * 1000);
}

static void
test_connect_timeout (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GError) error = NULL;
  struct sockaddr_in sin;
  int fillers[8];
  g_autoptr(SeEndpoint) target = NULL;
  int lfd = raw_tcp_listen (0, &sin, &target);
  g_autoptr(SeClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gint64 start;

  fill_accept_queue (&sin, fillers, G_N_ELEMENTS (fillers));
  client = se_client_new (target, log);
  se_client_set_connect_timeout (client, 300);

  start = g_get_monotonic_time ();
  se_client_connect_async (client, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, WAIT_MS);

  if (se_client_connect_finish (client, result, &error))
    {
      /* The kernel accepted it after all (a larger queue than asked). */
      g_test_skip ("the kernel did not drop the SYN; cannot provoke a timeout here");
    }
  else
    {
      g_assert_error (error, SE_ERROR, SE_ERROR_TIMED_OUT);
      g_assert_nonnull (strstr (error->message, "ETIMEDOUT"));
      g_assert_cmpint (g_get_monotonic_time () - start, >=, 250 * 1000);
      g_assert_cmpuint (count_events (log, SE_EVENT_ERROR), ==, 1);
    }

  se_client_close (client);
  for (guint i = 0; i < G_N_ELEMENTS (fillers); i++)
    close (fillers[i]);
  close (lfd);
}

/* Each address a name resolves to is tried in turn: "localhost" may give
 * ::1 first while only 127.0.0.1 listens. */
static void
test_name_tries_each_address (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SeListener) listener = start_listener ("tcp://127.0.0.1:0", "echo", log, &error);
  g_autofree char *text = NULL;
  g_autoptr(SeEndpoint) target = NULL;
  g_autoptr(Peer) peer = NULL;
  g_autofree char *got = NULL;

  g_assert_no_error (error);
  text = g_strdup_printf ("tcp://localhost:%u", se_endpoint_get_port (se_listener_get_endpoint (listener)));
  target = se_endpoint_parse (text, NULL);
  peer = peer_connect (target, log, &error);
  g_assert_no_error (error);
  peer_send (peer, "hi");
  g_assert_true (peer_wait_bytes (peer, 2));
  got = peer_text (peer);
  g_assert_cmpstr (got, ==, "hi");
  g_assert_cmpstr (se_client_get_local_address (peer->client), !=, "");
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

/* Listeners and clients opened and closed many times leave no descriptor
 * behind. */
static void
test_no_fd_leak (void)
{
  guint before = count_fds ();

  for (guint round = 0; round < 5; round++)
    {
      g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(SeListener) tcp = start_listener ("tcp://127.0.0.1:0", "echo", log, &error);
      g_autoptr(SeListener) udp = start_listener ("udp://127.0.0.1:0", "echo", log, &error);
      g_autoptr(Peer) a = NULL;
      g_autoptr(Peer) b = NULL;
      g_autoptr(Peer) c = NULL;
      g_autoptr(SeEndpoint) gone = NULL;

      g_assert_no_error (error);
      a = peer_connect (se_listener_get_endpoint (tcp), log, &error);
      g_assert_no_error (error);
      b = peer_connect (se_listener_get_endpoint (udp), log, &error);
      g_assert_no_error (error);
      peer_send (a, "x");
      peer_send (b, "y");
      g_assert_true (peer_wait_bytes (a, 1));
      g_assert_true (peer_wait_bytes (b, 1));

      gone = se_endpoint_ref (se_listener_get_endpoint (tcp));
      se_listener_stop (tcp);
      c = peer_connect (gone, log, &error);
      g_assert_null (c);
      g_assert_error (error, SE_ERROR, SE_ERROR_CONNECTION_REFUSED);
    }

  se_test_spin (50);
  g_assert_cmpuint (count_fds (), ==, before);
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

/* Stopping a listener from a callback that runs while it accepts (here:
 * its connection list changing) must not leave accept() running on the
 * closed socket, log a bogus error, or leave a timer behind that outlives
 * the listener. */
static void
stop_on_items_changed_cb (GListModel *model,
                          guint       position,
                          guint       removed,
                          guint       added,
                          SeListener *listener)
{
  if (added > 0)
    se_listener_stop (listener);
}

static gboolean
peer_saw_eof (gpointer data)
{
  Peer *peer = data;
  SeConnection *connection = se_client_get_connection (peer->client);

  return connection != NULL &&
         se_connection_get_state (connection) != SE_CONNECTION_STATE_CONNECTED;
}

static gboolean
peer_saw_eof_client (gpointer data)
{
  SeConnection *connection = se_client_get_connection (data);

  return connection != NULL &&
         se_connection_get_state (connection) != SE_CONNECTION_STATE_CONNECTED;
}

static void
test_stop_while_accepting (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SeListener) listener = start_listener ("tcp://127.0.0.1:0", "echo", log, &error);
  g_autoptr(Peer) peer = NULL;
  guint before;

  g_assert_no_error (error);
  before = count_fds ();
  g_signal_connect (se_listener_get_connections (listener), "items-changed",
                    G_CALLBACK (stop_on_items_changed_cb), listener);
  peer = peer_connect (se_listener_get_endpoint (listener), log, &error);
  g_assert_no_error (error);
  g_assert_true (se_test_wait_until (peer_saw_eof, peer, WAIT_MS));
  g_assert_false (se_listener_get_running (listener));

  g_assert_cmpuint (count_events (log, SE_EVENT_ERROR), ==, 0);
  g_signal_handlers_disconnect_by_data (se_listener_get_connections (listener), listener);
  g_assert_finalize_object (g_steal_pointer (&listener));
  /* A retry timer left behind would now run on a freed listener. */
  se_test_spin (400);
  g_assert_cmpuint (count_events (log, SE_EVENT_ERROR), ==, 0);
  /* The client's socket is still open; nothing else is. */
  g_assert_cmpuint (count_fds (), ==, before);
}

/* A name from /etc/hosts (other than "localhost", which needs no lookup)
 * that stands for 127.0.0.1, so that a lookup never leaves the machine;
 * NULL if there is none. */
static char *
loopback_name_from_hosts_file (void)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/etc/hosts", &contents, NULL, NULL))
    return NULL;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;

      g_strdelimit (lines[i], "\t", ' ');
      if (strchr (lines[i], '#') != NULL)
        *strchr (lines[i], '#') = '\0';
      fields = g_strsplit (g_strstrip (lines[i]), " ", -1);
      if (fields[0] == NULL || strcmp (fields[0], "127.0.0.1") != 0)
        continue;
      for (guint f = 1; fields[f] != NULL; f++)
        if (fields[f][0] != '\0' && g_ascii_strcasecmp (fields[f], "localhost") != 0)
          return g_strdup (fields[f]);
    }

  return NULL;
}

static gboolean
pointer_is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* While a listener looks its host name up, a second start is refused (it
 * would bind a second socket and leak the first), and a stop makes the
 * start fail instead of binding after the user said stop. */
static void
test_start_during_lookup (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autofree char *name = loopback_name_from_hosts_file ();
  g_autofree char *text = NULL;
  g_autoptr(SeEndpoint) endpoint = NULL;
  g_autoptr(SeListener) listener = NULL;
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GError) error = NULL;
  guint before;

  if (name == NULL)
    {
      g_test_skip ("/etc/hosts names no loopback host other than localhost");
      return;
    }

  text = g_strdup_printf ("tcp://%s:0", name);
  endpoint = se_endpoint_parse (text, &error);
  g_assert_no_error (error);

  /* The first lookup may open descriptors of the resolver's own; count
   * only after one. */
  listener = se_listener_new (endpoint, NULL, log);
  se_listener_start_async (listener, NULL, se_test_store_result, &first);
  se_test_wait_result (&first, WAIT_MS);
  g_assert_true (se_listener_start_finish (listener, first, &error));
  g_assert_no_error (error);
  g_clear_object (&first);
  g_assert_finalize_object (g_steal_pointer (&listener));
  before = count_fds ();

  listener = se_listener_new (endpoint, NULL, log);

  se_listener_start_async (listener, NULL, se_test_store_result, &first);
  se_listener_start_async (listener, NULL, se_test_store_result, &second);
  se_test_wait_result (&first, WAIT_MS);
  se_test_wait_result (&second, WAIT_MS);
  g_assert_true (se_listener_start_finish (listener, first, &error));
  g_assert_no_error (error);
  g_assert_false (se_listener_start_finish (listener, second, &error));
  g_assert_error (error, SE_ERROR, SE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_true (se_listener_get_running (listener));
  g_assert_cmpuint (count_fds (), ==, before + 1);

  se_listener_stop (listener);
  g_assert_cmpuint (count_fds (), ==, before);
  g_clear_object (&first);

  /* Stopped before the lookup came back: the start fails, nothing is bound. */
  se_listener_start_async (listener, NULL, se_test_store_result, &first);
  se_listener_stop (listener);
  se_test_wait_result (&first, WAIT_MS);
  g_assert_false (se_listener_start_finish (listener, first, &error));
  g_assert_error (error, SE_ERROR, SE_ERROR_CANCELLED);
  g_assert_false (se_listener_get_running (listener));
  /* The abandoned lookup may hold a descriptor of the resolver's own
   * (/etc/hosts) for a moment on its thread, and may open one again for
   * another moment: what matters is that the count comes back. */
  g_assert_true (se_test_wait_until (fds_are, GUINT_TO_POINTER (before), WAIT_MS));
  g_clear_object (&first);
  g_clear_object (&second);
  /* The abandoned lookup holds the listener until its answer comes. */
  {
    gpointer weak = listener;

    g_object_add_weak_pointer (weak, &weak);
    g_clear_object (&listener);
    g_assert_true (se_test_wait_until (pointer_is_null, &weak, WAIT_MS));
  }
  se_test_wait_until (fds_are, GUINT_TO_POINTER (before), WAIT_MS);
  g_assert_cmpuint (count_fds (), ==, before);
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

/* Cancelling a connect whose handshake hangs ends it at once, not when
 * the connect timeout runs out. */
static void
test_connect_cancel (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GError) error = NULL;
  struct sockaddr_in sin;
  int fillers[8];
  g_autoptr(SeEndpoint) target = NULL;
  int lfd = raw_tcp_listen (0, &sin, &target);
  g_autoptr(SeClient) client = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  gint64 start;

  fill_accept_queue (&sin, fillers, G_N_ELEMENTS (fillers));
  client = se_client_new (target, log);
  se_client_set_connect_timeout (client, 4 * WAIT_MS);

  se_client_connect_async (client, cancellable, se_test_store_result, &result);
  se_test_spin (100);
  start = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  se_test_wait_result (&result, WAIT_MS);

  if (se_client_connect_finish (client, result, &error))
    {
      g_test_skip ("the kernel did not drop the SYN; cannot hold a connect open here");
    }
  else
    {
      /* GTask reports a cancelled cancellable as G_IO_ERROR_CANCELLED. */
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_cmpint (g_get_monotonic_time () - start, <, WAIT_MS * 1000 / 2);
      g_assert_false (se_client_get_connected (client));
    }

  g_clear_object (&result);
  g_assert_finalize_object (g_steal_pointer (&client));
  for (guint i = 0; i < G_N_ELEMENTS (fillers); i++)
    close (fillers[i]);
  close (lfd);
}

/* A client closed while it looks its host name up stays closed: the
 * lookup's answer must not connect it anyway. */
static void
test_close_during_lookup (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SeListener) listener = start_listener ("tcp://127.0.0.1:0", "none", log, &error);
  g_autofree char *name = loopback_name_from_hosts_file ();
  g_autofree char *text = NULL;
  g_autoptr(SeEndpoint) target = NULL;
  g_autoptr(SeClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_no_error (error);
  if (name == NULL)
    {
      g_test_skip ("/etc/hosts names no loopback host other than localhost");
      return;
    }

  text = g_strdup_printf ("tcp://%s:%u", name, se_endpoint_get_port (se_listener_get_endpoint (listener)));
  target = se_endpoint_parse (text, NULL);
  client = se_client_new (target, log);
  se_client_connect_async (client, NULL, se_test_store_result, &result);
  se_client_close (client);
  se_test_wait_result (&result, WAIT_MS);
  g_assert_false (se_client_connect_finish (client, result, &error));
  g_assert_error (error, SE_ERROR, SE_ERROR_CANCELLED);

  se_test_spin (500);
  g_assert_null (se_client_get_connection (client));
  g_assert_false (se_client_get_connected (client));
  g_assert_cmpuint (count_events (log, SE_EVENT_CONNECT), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (se_listener_get_connections (listener)), ==, 0);
}

/* Handlers that drop the last reference or close/stop from inside the
 * emission: nothing may touch freed memory (run under ASan). */
static void
close_on_received_cb (SeConnection *connection,
                      GBytes       *bytes,
                      gpointer      user_data)
{
  se_connection_close (connection);
}

static void
stop_on_received_cb (SeConnection *connection,
                     GBytes       *bytes,
                     SeListener   *listener)
{
  se_listener_stop (listener);
  g_object_unref (listener);
}

static void
unref_on_signal_cb (SeClient *client,
                    gpointer  user_data)
{
  gboolean *done = user_data;

  g_signal_handlers_disconnect_by_data (client, user_data);
  g_object_unref (client);
  *done = TRUE;
}

static void
unref_on_received_cb (SeClient   *client,
                      GBytes     *bytes,
                      const char *from,
                      gpointer    user_data)
{
  unref_on_signal_cb (client, user_data);
}

static void
test_handlers_drop_last_ref (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) hi = g_bytes_new_static ("hi", 2);

  /* A server connection closed from its own "received" handler, and the
   * client dropped from its "closed" handler. */
  {
    g_autoptr(SeListener) listener = start_listener ("tcp://127.0.0.1:0", "echo", log, &error);
    SeClient *client;
    g_autoptr(GAsyncResult) result = NULL;
    gboolean done = FALSE;

    g_assert_no_error (error);
    client = se_client_new (se_listener_get_endpoint (listener), log);
    se_client_connect_async (client, NULL, se_test_store_result, &result);
    se_test_wait_result (&result, WAIT_MS);
    g_assert_true (se_client_connect_finish (client, result, &error));
    g_signal_connect (first_connection (listener), "received", G_CALLBACK (close_on_received_cb), NULL);
    g_signal_connect (client, "closed", G_CALLBACK (unref_on_signal_cb), &done);
    g_clear_object (&result);
    g_assert_true (se_client_send (client, hi, &error));
    g_assert_true (se_test_wait_until (peer_saw_eof_client, client, WAIT_MS));
    se_client_close (g_object_ref (client));
    g_assert_true (done);
    g_object_unref (client);
  }

  /* A client dropped from its own "received" handler. */
  {
    g_autoptr(SeListener) listener = start_listener ("tcp://127.0.0.1:0", "echo", log, &error);
    SeClient *client;
    g_autoptr(GAsyncResult) result = NULL;
    gboolean done = FALSE;

    g_assert_no_error (error);
    client = se_client_new (se_listener_get_endpoint (listener), log);
    se_client_connect_async (client, NULL, se_test_store_result, &result);
    se_test_wait_result (&result, WAIT_MS);
    g_assert_true (se_client_connect_finish (client, result, &error));
    g_clear_object (&result);
    g_signal_connect (client, "received", G_CALLBACK (unref_on_received_cb), &done);
    g_assert_true (se_client_send (client, hi, &error));
    g_assert_true (se_test_wait_for_flag (&done, WAIT_MS));
    se_test_spin (50);
  }

  /* A listener stopped and dropped from a connection's "received" handler. */
  {
    SeListener *listener = start_listener ("tcp://127.0.0.1:0", "echo", log, &error);
    g_autoptr(Peer) peer = NULL;
    gpointer weak = listener;

    g_assert_no_error (error);
    peer = peer_connect (se_listener_get_endpoint (listener), log, &error);
    g_assert_no_error (error);
    g_signal_connect (first_connection (listener), "received", G_CALLBACK (stop_on_received_cb), listener);
    g_object_add_weak_pointer (weak, &weak);
    peer_send (peer, "bye");
    g_assert_true (se_test_wait_until (pointer_is_null, &weak, WAIT_MS));
    g_assert_true (se_test_wait_until (peer_saw_eof, peer, WAIT_MS));
  }
}

/* A datagram client can be closed and opened again, and each opening
 * shows its own addresses (ASan's leak check watches the old ones). */
static void
test_datagram_reopen (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SeListener) listener = start_listener ("udp://127.0.0.1:0", "echo", log, &error);
  g_autoptr(SeClient) client = NULL;

  g_assert_no_error (error);
  client = se_client_new (se_listener_get_endpoint (listener), log);
  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GBytes) hi = g_bytes_new_static ("hi", 2);

      se_client_connect_async (client, NULL, se_test_store_result, &result);
      se_test_wait_result (&result, WAIT_MS);
      g_assert_true (se_client_connect_finish (client, result, &error));
      g_assert_no_error (error);
      g_assert_true (se_client_send (client, hi, &error));
      g_assert_no_error (error);
      g_assert_true (g_str_has_prefix (se_client_get_local_address (client), "0.0.0.0:"));
      se_client_close (client);
      g_assert_false (se_client_get_connected (client));
    }
}

/* A caller may pass no GError: a failed send is still logged, and
 * nothing dereferences the missing error. */
static void
test_send_error_ignored (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *nobody = g_build_filename (tmpdir, "nobody.sock", NULL);
  g_autofree char *text = g_strdup_printf ("unix-dgram://%s", nobody);
  g_autoptr(SeEndpoint) target = se_endpoint_parse (text, NULL);
  g_autofree char *listen_at = listen_text ("unix-dgram", "");
  g_autoptr(SeListener) listener = start_listener (listen_at, "none", log, &error);
  g_autoptr(Peer) peer = NULL;
  g_autoptr(GBytes) hi = g_bytes_new_static ("hi", 2);

  g_assert_no_error (error);
  peer = peer_connect (target, log, &error);
  g_assert_no_error (error);

  g_assert_false (se_client_send (peer->client, hi, NULL));
  g_assert_cmpuint (count_events (log, SE_EVENT_ERROR), ==, 1);
  g_assert_false (se_listener_send_to (listener, nobody, hi, NULL));
  g_assert_cmpuint (count_events (log, SE_EVENT_ERROR), ==, 2);
}


/* Close with a large message still queued: it is all sent first, and the
 * peer then sees the close. */
static void
test_close_drains_queue (void)
{
  const gsize size = 8 * 1024 * 1024;
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SeListener) listener = start_listener ("tcp://127.0.0.1:0", "none", log, &error);
  g_autoptr(Peer) peer = NULL;
  g_autoptr(GBytes) big = NULL;
  SeConnection *server_side;
  guint8 *data = g_malloc (size);
  WaitLen w;

  for (gsize i = 0; i < size; i++)
    data[i] = i * 7;
  big = g_bytes_new_take (data, size);

  g_assert_no_error (error);
  peer = peer_connect (se_listener_get_endpoint (listener), log, &error);
  g_assert_no_error (error);
  server_side = g_object_ref (first_connection (listener));

  se_connection_send (server_side, big, &error);
  g_assert_no_error (error);
  /* The kernel cannot take 8 MiB at once: some is still queued. */
  g_assert_cmpuint (se_connection_get_queued_bytes (server_side), >, 0);

  se_connection_close (server_side);
  g_assert_cmpint (se_connection_get_state (server_side), !=, SE_CONNECTION_STATE_CLOSED);

  /* Sending more while closing is refused, and the log says so. */
  {
    g_autoptr(GBytes) more = g_bytes_new_static ("x", 1);
    g_autoptr(GError) send_error = NULL;
    guint errors_before = count_events (log, SE_EVENT_ERROR);

    g_assert_false (se_connection_send (server_side, more, &send_error));
    g_assert_error (send_error, SE_ERROR, SE_ERROR_CLOSED);
    g_assert_cmpuint (count_events (log, SE_EVENT_ERROR), ==, errors_before + 1);
  }

  w.peer = peer;
  w.len = size;
  g_assert_true (se_test_wait_until (has_len, &w, 30000));
  g_assert_cmpmem (peer->received->data, size, g_bytes_get_data (big, NULL), size);
  g_assert_true (se_test_wait_until (connection_closed, server_side, WAIT_MS));
  g_assert_true (se_test_wait_for_flag (&peer->closed, WAIT_MS) ||
                 se_connection_get_state (se_client_get_connection (peer->client)) == SE_CONNECTION_STATE_HALF_CLOSED_REMOTE);
  g_assert_cmpuint (se_connection_get_bytes_sent (server_side), ==, size);
  g_object_unref (server_side);
}

/* A closed stream client can connect again, as a new connection. */
static void
test_client_reconnect (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SeListener) listener = start_listener ("tcp://127.0.0.1:0", "echo", log, &error);
  g_autoptr(Peer) peer = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  guint first_id;

  g_assert_no_error (error);
  peer = peer_connect (se_listener_get_endpoint (listener), log, &error);
  g_assert_no_error (error);
  first_id = se_client_get_id (peer->client);
  se_client_close (peer->client);
  g_assert_false (se_client_get_connected (peer->client));

  se_client_connect_async (peer->client, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, WAIT_MS);
  se_client_connect_finish (peer->client, result, &error);
  g_assert_no_error (error);
  g_assert_true (se_client_get_connected (peer->client));
  g_assert_cmpuint (se_client_get_id (peer->client), !=, first_id);

  peer_send (peer, "again");
  g_assert_true (peer_wait_bytes (peer, 5));
  g_assert_cmpuint (count_events (log, SE_EVENT_CONNECT), ==, 2);
}

/* A Unix stream listener whose backlog is full: connect() fails at once
 * with EAGAIN, explained. */
static void
test_unix_backlog_full (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmpdir, "full.sock", NULL);
  g_autofree char *text = g_strdup_printf ("unix://%s", path);
  g_autoptr(SeEndpoint) target = se_endpoint_parse (text, NULL);
  struct sockaddr_un sun = { .sun_family = AF_UNIX };
  int lfd = socket (AF_UNIX, SOCK_STREAM, 0);
  int fillers[16];
  guint n_fillers = 0;
  Peer *peer;

  g_strlcpy (sun.sun_path, path, sizeof sun.sun_path);
  g_assert_cmpint (bind (lfd, (struct sockaddr *)&sun, sizeof sun), ==, 0);
  g_assert_cmpint (listen (lfd, 0), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (fillers); i++)
    {
      int fd = socket (AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);

      fillers[n_fillers++] = fd;
      if (connect (fd, (struct sockaddr *)&sun, sizeof sun) != 0 && errno == EAGAIN)
        break;
    }

  peer = peer_connect (target, log, &error);
  g_assert_null (peer);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "EAGAIN"));
  g_assert_nonnull (strstr (error->message, "backlog"));

  for (guint i = 0; i < n_fillers; i++)
    close (fillers[i]);
  close (lfd);
  g_unlink (path);
}

/* The peer said something and closed; our send then fails (EPIPE or
 * ECONNRESET). What it said must still reach us, before the error. */
static void
test_send_fails_after_peer_spoke (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GError) error = NULL;
  struct sockaddr_in sin;
  g_autoptr(SeEndpoint) target = NULL;
  int lfd = raw_tcp_listen (1, &sin, &target);
  g_autoptr(Peer) peer = NULL;
  g_autoptr(GBytes) x = g_bytes_new_static ("x", 1);
  g_autofree char *got = NULL;
  int cfd;
  gboolean failed = FALSE;

  peer = peer_connect (target, log, &error);
  g_assert_no_error (error);

  /* A plain blocking server: greet, close. Nothing of ours runs meanwhile,
   * so the greeting waits unread in the client's receive buffer. */
  cfd = accept (lfd, NULL, NULL);
  g_assert_cmpint (cfd, >=, 0);
  g_assert_cmpint (write (cfd, "bye", 3), ==, 3);
  close (cfd);
  close (lfd);
  g_usleep (50 * 1000);

  /* The first send is answered by RST, a later one fails. */
  for (guint i = 0; i < 5 && !failed; i++)
    {
      g_autoptr(GError) send_error = NULL;

      if (!se_client_send (peer->client, x, &send_error))
        failed = TRUE;
      else if (se_connection_get_state (se_client_get_connection (peer->client)) == SE_CONNECTION_STATE_CLOSED)
        failed = TRUE;
      g_usleep (20 * 1000);
    }
  g_assert_true (failed);

  got = peer_text (peer);
  g_assert_cmpstr (got, ==, "bye");
  g_assert_nonnull (se_connection_get_error (se_client_get_connection (peer->client)));
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
  g_test_add_func ("/sockets/reset", test_reset);
  g_test_add_func ("/sockets/half-close", test_half_close);
  g_test_add_func ("/sockets/large-transfer", test_large_transfer);
  g_test_add_func ("/sockets/addresses", test_addresses);
  g_test_add_func ("/sockets/send-all", test_send_all);
  g_test_add_func ("/sockets/name-tries-each-address", test_name_tries_each_address);
  g_test_add_func ("/sockets/errors/refused", test_refused);
  g_test_add_func ("/sockets/errors/address-in-use", test_address_in_use);
  g_test_add_func ("/sockets/errors/privileged-port", test_privileged_port);
  g_test_add_func ("/sockets/errors/unix-missing", test_unix_missing);
  g_test_add_func ("/sockets/errors/connect-timeout", test_connect_timeout);
  g_test_add_func ("/sockets/no-fd-leak", test_no_fd_leak);
  g_test_add_func ("/sockets/reentrancy/stop-while-accepting", test_stop_while_accepting);
  g_test_add_func ("/sockets/start-during-lookup", test_start_during_lookup);
  g_test_add_func ("/sockets/client-datagram-truncated", test_client_datagram_truncated);
  g_test_add_func ("/sockets/connect-cancel", test_connect_cancel);
  g_test_add_func ("/sockets/close-during-lookup", test_close_during_lookup);
  g_test_add_func ("/sockets/reentrancy/handlers-drop-last-ref", test_handlers_drop_last_ref);
  g_test_add_func ("/sockets/datagram-reopen", test_datagram_reopen);
  g_test_add_func ("/sockets/send-error-ignored", test_send_error_ignored);
  g_test_add_func ("/sockets/close-drains-queue", test_close_drains_queue);
  g_test_add_func ("/sockets/client-reconnect", test_client_reconnect);
  g_test_add_func ("/sockets/send-fails-after-peer-spoke", test_send_fails_after_peer_spoke);
  g_test_add_func ("/sockets/errors/unix-backlog-full", test_unix_backlog_full);

  ret = g_test_run ();
  se_test_remove_dir (tmpdir);
  g_free (tmpdir);
  return ret;
}
