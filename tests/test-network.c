/* test-network.c: sockets on a network thread, seen through proxies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's rule: the sockets live on the network thread, the GUI
 * thread (here the test's main thread) sees them through proxies that
 * are told of changes on its own thread, in order.
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "socket-explorer-core.h"
#include "se-test-util.h"

#define WAIT_MS 5000

static GThread *main_thread;

static SeListenerProxy *
start_listener (SeNetwork    *network,
                SeTrafficLog *log,
                const char   *endpoint_text,
                const char   *responder_text)
{
  g_autoptr(SeEndpoint) endpoint = se_endpoint_parse (endpoint_text, NULL);
  g_autoptr(SeResponder) responder = se_responder_parse (responder_text, NULL);
  g_autoptr(SeListenerProxy) listener = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  listener = se_listener_proxy_new (network, endpoint, responder, log);
  g_assert_nonnull (listener);
  g_assert_false (se_listener_proxy_get_running (listener));
  se_listener_proxy_start_async (listener, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, WAIT_MS);
  g_assert_true (se_listener_proxy_start_finish (listener, result, &error));
  g_assert_no_error (error);
  /* The values are delivered before the result. */
  g_assert_true (se_listener_proxy_get_running (listener));
  g_assert_cmpuint (se_endpoint_get_port (se_listener_proxy_get_endpoint (listener)), !=, 0);

  return g_steal_pointer (&listener);
}

static int
raw_socket (SeListenerProxy *listener,
            int              type)
{
  struct sockaddr_in addr = { 0 };
  int fd = socket (AF_INET, type | SOCK_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  addr.sin_family = AF_INET;
  addr.sin_port = g_htons (se_endpoint_get_port (se_listener_proxy_get_endpoint (listener)));
  addr.sin_addr.s_addr = g_htonl (INADDR_LOOPBACK);
  g_assert_cmpint (connect (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);

  return fd;
}

/* The network thread serves without this thread's main loop running:
 * blocking calls here get their answers. */
static void
recv_exact (int    fd,
            void  *data,
            gsize  len)
{
  struct timeval tv = { 5, 0 };
  guint8 *p = data;

  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  while (len > 0)
    {
      ssize_t n = recv (fd, p, len, 0);

      g_assert_cmpint (n, >, 0);
      p += n;
      len -= n;
    }
}

static void
notify_on_main_cb (GObject    *object,
                   GParamSpec *pspec,
                   gpointer    user_data)
{
  guint *count = user_data;

  g_assert_true (g_thread_self () == main_thread);
  (*count)++;
}

typedef struct
{
  GListModel *model;
  guint64     bytes;
} CounterWait;

static gboolean
connection_received (gpointer data)
{
  CounterWait *wait = data;
  g_autoptr(SeConnectionProxy) connection = g_list_model_get_item (wait->model, 0);

  return connection != NULL && se_connection_proxy_get_bytes_received (connection) == wait->bytes;
}

static gboolean
log_has (gpointer data)
{
  return g_list_model_get_n_items (data) >= 4;
}

static void
test_listener (void)
{
  g_autoptr(SeNetwork) network = se_network_new ();
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeListenerProxy) listener = start_listener (network, log, "tcp://127.0.0.1:0", "echo");
  g_autoptr(SeConnectionProxy) connection = NULL;
  GListModel *connections = se_listener_proxy_get_connections (listener);
  CounterWait wait = { connections, 5 };
  guint notified = 0;
  char buf[5];
  int fd;

  fd = raw_socket (listener, SOCK_STREAM);
  g_assert_cmpint (send (fd, "hello", 5, MSG_NOSIGNAL), ==, 5);
  /* Answered at once, with this thread not iterating anything. */
  recv_exact (fd, buf, sizeof buf);
  g_assert_cmpmem (buf, 5, "hello", 5);

  /* The proxies and the log hear of it on this thread. */
  g_assert_true (se_test_wait_n_items (connections, 1, WAIT_MS));
  connection = g_list_model_get_item (connections, 0);
  g_assert_true (SE_IS_CONNECTION_PROXY (connection));
  g_signal_connect (connection, "notify", G_CALLBACK (notify_on_main_cb), &notified);
  g_assert_true (se_test_wait_until (connection_received, &wait, WAIT_MS));
  g_assert_cmpuint (se_connection_proxy_get_bytes_sent (connection), ==, 5);
  g_assert_cmpstr (se_connection_proxy_get_remote_address (connection), !=, NULL);
  g_assert_cmpint (se_connection_proxy_get_state (connection), ==, SE_CONNECTION_STATE_CONNECTED);
  g_assert_true (se_test_wait_until (log_has, log, WAIT_MS));

  /* More traffic: notified here, counters exact. */
  g_assert_cmpint (send (fd, "again", 5, MSG_NOSIGNAL), ==, 5);
  recv_exact (fd, buf, sizeof buf);
  wait.bytes = 10;
  g_assert_true (se_test_wait_until (connection_received, &wait, WAIT_MS));
  g_assert_cmpuint (notified, >, 0);

  /* A command is run there and its effect is seen on return. */
  se_connection_proxy_close (connection);
  g_assert_cmpint (se_connection_proxy_get_state (connection), ==, SE_CONNECTION_STATE_CLOSED);
  g_assert_cmpint (recv (fd, buf, sizeof buf, 0), ==, 0);
  close (fd);

  se_listener_proxy_stop (listener);
  g_assert_false (se_listener_proxy_get_running (listener));
}

static void
test_errors (void)
{
  g_autoptr(SeNetwork) network = se_network_new ();
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeListenerProxy) first = start_listener (network, log, "tcp://127.0.0.1:0", "none");
  g_autofree char *taken = g_strdup_printf ("tcp://127.0.0.1:%u", se_endpoint_get_port (se_listener_proxy_get_endpoint (first)));
  g_autoptr(SeEndpoint) endpoint = se_endpoint_parse (taken, NULL);
  g_autoptr(SeResponder) responder = se_responder_parse ("none", NULL);
  g_autoptr(SeListenerProxy) second = se_listener_proxy_new (network, endpoint, responder, log);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static ("x", 1);

  /* A failed start comes back as the core's error. */
  se_listener_proxy_start_async (second, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, WAIT_MS);
  g_assert_false (se_listener_proxy_start_finish (second, result, &error));
  g_assert_error (error, SE_ERROR, SE_ERROR_ADDRESS_IN_USE);
  g_assert_false (se_listener_proxy_get_running (second));
  g_clear_error (&error);

  /* And so does a refused command. */
  g_assert_false (se_listener_proxy_send_all (first, bytes, &error));
  g_assert_nonnull (error);
}

static void
received_cb (SeClientProxy *client,
             GBytes        *data,
             const char    *from,
             GString       *got)
{
  g_assert_true (g_thread_self () == main_thread);
  g_string_append_len (got, g_bytes_get_data (data, NULL), g_bytes_get_size (data));
}

static gboolean
got_pong (gpointer data)
{
  GString *got = data;

  return got->len >= 4;
}

static gboolean
client_counted (gpointer data)
{
  SeClientProxy *client = data;
  SeConnectionProxy *connection = se_client_proxy_get_connection (client);

  if (connection != NULL)
    return se_connection_proxy_get_bytes_received (connection) == 4;
  return se_client_proxy_get_bytes_received (client) == 4;
}

static void
test_client (gconstpointer data)
{
  const char *kind = data;
  g_autoptr(SeNetwork) network = se_network_new ();
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autofree char *listen_text = g_strdup_printf ("%s://127.0.0.1:0", kind);
  g_autoptr(SeListenerProxy) listener = start_listener (network, log, listen_text, "echo");
  g_autofree char *target_text = g_strdup_printf ("%s://127.0.0.1:%u", kind, se_endpoint_get_port (se_listener_proxy_get_endpoint (listener)));
  g_autoptr(SeEndpoint) target = se_endpoint_parse (target_text, NULL);
  g_autoptr(SeClientProxy) client = se_client_proxy_new (network, target, log);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) ping = g_bytes_new_static ("ping", 4);
  g_autoptr(GString) got = g_string_new (NULL);
  gboolean stream = g_str_equal (kind, "tcp");

  g_signal_connect (client, "received", G_CALLBACK (received_cb), got);
  se_client_proxy_connect_async (client, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, WAIT_MS);
  g_assert_true (se_client_proxy_connect_finish (client, result, &error));
  g_assert_no_error (error);
  g_assert_true (se_client_proxy_get_connected (client));
  g_assert_cmpuint (se_client_proxy_get_id (client), >, 0);
  g_assert_true (stream == (se_client_proxy_get_connection (client) != NULL));

  g_assert_true (se_client_proxy_send (client, ping, &error));
  g_assert_no_error (error);
  g_assert_true (se_test_wait_until (got_pong, got, WAIT_MS));
  g_assert_cmpstr (got->str, ==, "ping");

  /* Counters are told once per batch of reads, after the signal. */
  g_assert_true (se_test_wait_until (client_counted, client, WAIT_MS));
  if (stream)
    {
      SeConnectionProxy *connection = se_client_proxy_get_connection (client);

      g_assert_cmpuint (se_connection_proxy_get_bytes_sent (connection), ==, 4);
    }
  else
    {
      g_autoptr(SePeerProxy) peer = NULL;

      g_assert_cmpuint (se_client_proxy_get_datagrams_sent (client), ==, 1);
      /* The listener's peers, mirrored too */
      g_assert_true (se_test_wait_n_items (se_listener_proxy_get_peers (listener), 1, WAIT_MS));
      peer = g_list_model_get_item (se_listener_proxy_get_peers (listener), 0);
      g_assert_cmpuint (se_peer_proxy_get_datagrams_received (peer), ==, 1);
      /* The client's socket is bound to any address: same port. */
      g_assert_cmpstr (strrchr (se_peer_proxy_get_address (peer), ':'), ==,
                       strrchr (se_client_proxy_get_local_address (client), ':'));
    }

  se_client_proxy_close (client);
  g_assert_false (se_client_proxy_get_connected (client));
}

/* Proxies outliving the thread: reading works, commands run in place. */
static void
test_shutdown (void)
{
  g_autoptr(SeNetwork) network = se_network_new ();
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeListenerProxy) listener = start_listener (network, log, "udp://127.0.0.1:0", "echo");
  guint16 port = se_endpoint_get_port (se_listener_proxy_get_endpoint (listener));

  se_network_shutdown (network);
  se_network_shutdown (network);
  g_assert_true (se_listener_proxy_get_running (listener));
  g_assert_cmpuint (se_endpoint_get_port (se_listener_proxy_get_endpoint (listener)), ==, port);
  se_listener_proxy_stop (listener);
  g_assert_false (se_listener_proxy_get_running (listener));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  main_thread = g_thread_self ();

  g_test_add_func ("/network/listener", test_listener);
  g_test_add_func ("/network/errors", test_errors);
  g_test_add_data_func ("/network/client/tcp", "tcp", test_client);
  g_test_add_data_func ("/network/client/udp", "udp", test_client);
  g_test_add_func ("/network/shutdown", test_shutdown);

  return g_test_run ();
}
