/* test-stepper.c: step mode holds send, recv, accept, close, connect,
 * sendto and recvfrom until "Next"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real sockets on 127.0.0.1 (port 0) or in a temporary directory,
 * bounded waits.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include "socket-explorer-core.h"
#include "se-sockopt-private.h"
#include "se-test-util.h"

#define WAIT_MS 5000

typedef struct
{
  SeTrafficLog *log;
  SeListener   *listener;
  SeClient     *client;
  GByteArray   *client_received;
  char         *dir;   /* a Unix datagram listener's */
} Fixture;

/* The listener of a datagram test: "udp" or "unix-dgram", and its
 * responder. */
typedef struct
{
  const char *protocol;
  const char *responder;
} DatagramParams;

static void
client_received_cb (SeClient   *client,
                    GBytes     *bytes,
                    const char *from,
                    Fixture    *fixture)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  g_byte_array_append (fixture->client_received, data, len);
}

static SeConnection *
server_side (Fixture *fixture)
{
  g_autoptr(SeConnection) connection =
    g_list_model_get_item (se_listener_get_connections (fixture->listener), 0);

  return connection; /* the listener's list keeps it */
}

static void
connect_client (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  fixture->client = se_client_new (se_listener_get_endpoint (fixture->listener), fixture->log);
  g_signal_connect (fixture->client, "received", G_CALLBACK (client_received_cb), fixture);
  se_client_connect_async (fixture->client, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, WAIT_MS);
  se_client_connect_finish (fixture->client, result, &error);
  g_assert_no_error (error);
}

/* In step mode: the connect() is held, and Next lets it go. */
static void
connect_client_stepped (Fixture *fixture)
{
  SeStepper *stepper = se_stepper_get_default ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  fixture->client = se_client_new (se_listener_get_endpoint (fixture->listener), fixture->log);
  g_signal_connect (fixture->client, "received", G_CALLBACK (client_received_cb), fixture);
  se_client_connect_async (fixture->client, NULL, se_test_store_result, &result);
  g_assert_cmpuint (se_stepper_get_n_held (stepper), ==, 1);
  g_assert_true (g_str_has_prefix (se_stepper_get_next_description (stepper), "connect() to tcp://127.0.0.1:"));
  g_assert_true (se_stepper_next (stepper));
  se_test_wait_result (&result, WAIT_MS);
  se_client_connect_finish (fixture->client, result, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(SeEndpoint) endpoint = se_endpoint_parse ("tcp://127.0.0.1:0", NULL);
  g_autoptr(SeResponder) responder = se_responder_parse (data != NULL ? data : "none", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  fixture->log = se_traffic_log_new ();
  fixture->client_received = g_byte_array_new ();
  fixture->listener = se_listener_new (endpoint, responder, fixture->log);
  se_listener_start_async (fixture->listener, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, WAIT_MS);
  se_listener_start_finish (fixture->listener, result, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up_datagram (Fixture       *fixture,
                         gconstpointer  data)
{
  const DatagramParams *params = data;
  g_autoptr(SeEndpoint) endpoint = NULL;
  g_autoptr(SeResponder) responder = se_responder_parse (params->responder, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (g_str_equal (params->protocol, "udp"))
    text = g_strdup ("udp://127.0.0.1:0");
  else
    {
      fixture->dir = se_test_make_temp_dir ();
      text = g_strdup_printf ("unix-dgram://%s/server", fixture->dir);
    }
  endpoint = se_endpoint_parse (text, &error);
  g_assert_no_error (error);

  fixture->log = se_traffic_log_new ();
  fixture->client_received = g_byte_array_new ();
  fixture->listener = se_listener_new (endpoint, responder, fixture->log);
  se_listener_start_async (fixture->listener, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, WAIT_MS);
  se_listener_start_finish (fixture->listener, result, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  se_stepper_set_enabled (se_stepper_get_default (), FALSE);
  if (fixture->client != NULL)
    {
      g_signal_handlers_disconnect_by_data (fixture->client, fixture);
      g_assert_finalize_object (fixture->client);
    }
  se_listener_stop (fixture->listener);
  g_assert_finalize_object (fixture->listener);
  g_assert_cmpuint (se_stepper_get_n_held (se_stepper_get_default ()), ==, 0);
  g_object_unref (fixture->log);
  g_byte_array_unref (fixture->client_received);
  if (fixture->dir != NULL)
    {
      se_test_remove_dir (fixture->dir);
      g_free (fixture->dir);
    }
}

static gboolean
has_connection (gpointer data)
{
  Fixture *fixture = data;

  return g_list_model_get_n_items (se_listener_get_connections (fixture->listener)) > 0;
}

static gboolean
has_held (gpointer data)
{
  return se_stepper_get_n_held (se_stepper_get_default ()) >= GPOINTER_TO_UINT (data);
}

static guint
count_calls (SeTrafficLog *log,
             SeCall        call)
{
  guint n = 0;

  /* The log tells its views once per batch */
  se_test_spin (50);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(SeEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);

      n += se_event_get_call (event) == call;
    }
  return n;
}

static gboolean
received_bytes (gpointer data)
{
  gpointer *args = data;

  return se_connection_get_bytes_received (args[0]) >= GPOINTER_TO_UINT (args[1]);
}

static void
send_text (SeClient   *client,
           const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;

  g_assert_true (se_client_send (client, bytes, &error));
  g_assert_no_error (error);
}

/* A held send reaches nobody; Next sends it, then the peer's recv() is
 * held with the bytes in its kernel buffer (SIOCINQ) until Next. */
static void
test_send_and_recv (Fixture       *fixture,
                    gconstpointer  data)
{
  SeStepper *stepper = se_stepper_get_default ();
  SeConnection *server;
  guint unread = 0, unsent = 0;

  connect_client (fixture);
  g_assert_true (se_test_wait_until (has_connection, fixture, WAIT_MS));
  server = server_side (fixture);

  se_stepper_set_enabled (stepper, TRUE);
  send_text (fixture->client, "hello");
  g_assert_cmpuint (se_stepper_get_n_held (stepper), ==, 1);
  g_assert_true (g_str_has_prefix (se_stepper_get_next_description (stepper), "send(5) on TCP connection #"));

  se_test_spin (100);
  g_assert_cmpuint (se_connection_get_bytes_sent (se_client_get_connection (fixture->client)), ==, 0);
  g_assert_cmpuint (count_calls (fixture->log, SE_CALL_SEND), ==, 0);
  g_assert_true (se_connection_get_kernel_queues (server, &unread, NULL));
  g_assert_cmpuint (unread, ==, 0);

  /* Next: the one send() is made */
  g_assert_true (se_stepper_next (stepper));
  g_assert_cmpuint (se_connection_get_bytes_sent (se_client_get_connection (fixture->client)), ==, 5);
  g_assert_cmpuint (count_calls (fixture->log, SE_CALL_SEND), ==, 1);

  /* The server's socket becomes readable: its recv() is held */
  g_assert_true (se_test_wait_until (has_held, GUINT_TO_POINTER (1), WAIT_MS));
  g_assert_true (g_str_has_prefix (se_stepper_get_next_description (stepper), "recv() on TCP connection #"));
  g_assert_nonnull (strstr (se_stepper_get_next_description (stepper), "5 bytes wait in the kernel"));
  se_test_spin (100);
  g_assert_cmpuint (se_connection_get_bytes_received (server), ==, 0);
  g_assert_true (se_connection_get_kernel_queues (server, &unread, &unsent));
  g_assert_cmpuint (unread, ==, 5);

  g_assert_true (se_stepper_next (stepper));
  g_assert_cmpuint (se_connection_get_bytes_received (server), ==, 5);
  g_assert_true (se_connection_get_kernel_queues (server, &unread, NULL));
  g_assert_cmpuint (unread, ==, 0);
  g_assert_cmpuint (count_calls (fixture->log, SE_CALL_RECV), ==, 1);
  g_assert_false (se_stepper_next (stepper));
}

/* Turning step mode off lets everything held go, in order. */
static void
test_release_all (Fixture       *fixture,
                  gconstpointer  data)
{
  SeStepper *stepper = se_stepper_get_default ();
  SeConnection *server;
  g_autoptr(GBytes) reply = g_bytes_new_static ("xyz", 3);
  g_autoptr(GError) error = NULL;
  gpointer args[2];

  connect_client (fixture);
  g_assert_true (se_test_wait_until (has_connection, fixture, WAIT_MS));
  server = server_side (fixture);

  se_stepper_set_enabled (stepper, TRUE);
  send_text (fixture->client, "abc");
  send_text (fixture->client, "def");
  g_assert_true (se_connection_send (server, reply, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (se_stepper_get_n_held (stepper), ==, 3);
  g_assert_cmpuint (se_connection_get_queued_bytes (server), ==, 3);

  se_stepper_set_enabled (stepper, FALSE);
  g_assert_cmpuint (se_stepper_get_n_held (stepper), ==, 0);
  g_assert_cmpuint (se_connection_get_bytes_sent (se_client_get_connection (fixture->client)), ==, 6);
  g_assert_cmpuint (se_connection_get_queued_bytes (server), ==, 0);

  args[0] = server;
  args[1] = GUINT_TO_POINTER (6);
  g_assert_true (se_test_wait_until (received_bytes, args, WAIT_MS));
  args[0] = se_client_get_connection (fixture->client);
  args[1] = GUINT_TO_POINTER (3);
  g_assert_true (se_test_wait_until (received_bytes, args, WAIT_MS));
  g_assert_cmpmem (fixture->client_received->data, fixture->client_received->len, "xyz", 3);
  g_assert_cmpuint (se_stepper_get_n_held (stepper), ==, 0);
}

/* The peer waits in the backlog until accept() is let go; an echo
 * responder's reply and close are held like the app's own. */
static void
test_accept_and_close (Fixture       *fixture,
                       gconstpointer  data)
{
  SeStepper *stepper = se_stepper_get_default ();
  SeConnection *server;

  se_stepper_set_enabled (stepper, TRUE);
  connect_client_stepped (fixture);  /* the kernel finishes the handshake */
  g_assert_true (se_test_wait_until (has_held, GUINT_TO_POINTER (1), WAIT_MS));
  g_assert_true (g_str_has_prefix (se_stepper_get_next_description (stepper), "accept() on TCP listener 127.0.0.1:"));
  g_assert_cmpuint (g_list_model_get_n_items (se_listener_get_connections (fixture->listener)), ==, 0);
  g_assert_true (se_stepper_next (stepper));
  g_assert_cmpuint (g_list_model_get_n_items (se_listener_get_connections (fixture->listener)), ==, 1);
  server = server_side (fixture);

  /* send, then the echo's recv and its reply, each one step */
  send_text (fixture->client, "ping");
  g_assert_true (se_stepper_next (stepper));
  g_assert_true (se_test_wait_until (has_held, GUINT_TO_POINTER (1), WAIT_MS));
  g_assert_true (se_stepper_next (stepper));   /* recv */
  g_assert_cmpuint (se_stepper_get_n_held (stepper), ==, 1);
  g_assert_true (g_str_has_prefix (se_stepper_get_next_description (stepper), "send(4)"));
  g_assert_cmpuint (se_connection_get_bytes_sent (server), ==, 0);
  g_assert_true (se_stepper_next (stepper));   /* the echo's send */
  g_assert_cmpuint (se_connection_get_bytes_sent (server), ==, 4);

  /* close() is a step of its own */
  se_client_close (fixture->client);
  g_assert_cmpuint (se_stepper_get_n_held (stepper), ==, 1);
  g_assert_true (g_str_has_prefix (se_stepper_get_next_description (stepper), "close() of TCP connection #"));
  g_assert_true (se_client_get_connected (fixture->client));
  g_assert_true (se_stepper_next (stepper));
  g_assert_false (se_client_get_connected (fixture->client));
}

/* Closing a socket while calls of it are held forgets them: nothing
 * keeps it alive, nothing is released into a closed socket. */
static void
test_close_while_held (Fixture       *fixture,
                       gconstpointer  data)
{
  SeStepper *stepper = se_stepper_get_default ();

  connect_client (fixture);
  g_assert_true (se_test_wait_until (has_connection, fixture, WAIT_MS));

  se_stepper_set_enabled (stepper, TRUE);
  send_text (fixture->client, "one");
  send_text (fixture->client, "two");
  se_client_close (fixture->client);
  g_assert_cmpuint (se_stepper_get_n_held (stepper), ==, 3);

  /* The client goes away: its connection closes at once */
  g_signal_handlers_disconnect_by_data (fixture->client, fixture);
  g_assert_finalize_object (g_steal_pointer (&fixture->client));
  g_assert_cmpuint (se_stepper_get_n_held (stepper), ==, 0);

  /* The server reads the FIN as one more held step; stopping the
   * listener forgets it. */
  g_assert_true (se_test_wait_until (has_held, GUINT_TO_POINTER (1), WAIT_MS));
  g_assert_nonnull (strstr (se_stepper_get_next_description (stepper), "FIN"));
  se_listener_stop (fixture->listener);
  g_assert_cmpuint (se_stepper_get_n_held (stepper), ==, 0);
  g_assert_false (se_stepper_next (stepper));
}

/* A plain listening socket on 127.0.0.1 (port 0), not an SeListener:
 * what a non-blocking accept() takes is exactly its backlog. */
static int
plain_listener (guint16 *port)
{
  struct sockaddr_in addr = { .sin_family = AF_INET };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (fd, (struct sockaddr *)&addr, sizeof addr), ==, 0);
  g_assert_cmpint (listen (fd, 8), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *)&addr, &len), ==, 0);
  *port = ntohs (addr.sin_port);
  return fd;
}

static void
assert_backlog_empty (int fd)
{
  int peer = accept4 (fd, NULL, NULL, SOCK_CLOEXEC);
  int errsv = errno;

  if (peer >= 0)
    close (peer);
  g_assert_cmpint (peer, ==, -1);
  g_assert_true (errsv == EAGAIN || errsv == EWOULDBLOCK);
}

typedef struct
{
  int fd;
  int peer;
} AcceptArgs;

static gboolean
accepted (gpointer data)
{
  AcceptArgs *args = data;

  if (args->peer < 0)
    args->peer = accept4 (args->fd, NULL, NULL, SOCK_CLOEXEC);
  return args->peer >= 0;
}

static void
wait_accepted (int fd)
{
  AcceptArgs args = { fd, -1 };

  g_assert_true (se_test_wait_until (accepted, &args, WAIT_MS));
  close (args.peer);
}

/* Starts a connect of a new client in step mode: it is held. */
static SeClient *
start_held_connect (SeEndpoint    *endpoint,
                    SeTrafficLog  *log,
                    GCancellable  *cancellable,
                    GAsyncResult **result)
{
  SeStepper *stepper = se_stepper_get_default ();
  SeClient *client = se_client_new (endpoint, log);
  g_autofree char *text = se_endpoint_to_string (endpoint);
  g_autofree char *expected = g_strdup_printf ("connect() to %s", text);

  se_client_connect_async (client, cancellable, se_test_store_result, result);
  g_assert_cmpuint (se_stepper_get_n_held (stepper), ==, 1);
  g_assert_cmpstr (se_stepper_get_next_description (stepper), ==, expected);
  return client;
}

/* error_domain 0: it succeeds */
static void
finish_connect (SeClient      *client,
                GAsyncResult **result,
                GQuark         error_domain,
                gint           error_code)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  se_test_wait_result (result, WAIT_MS);
  ok = se_client_connect_finish (client, *result, &error);
  g_clear_object (result);
  if (error_domain == 0)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
    }
  else
    {
      g_assert_error (error, error_domain, error_code);
      g_assert_false (ok);
    }
}

/* connect() is held: no SYN goes out, so the server's backlog stays
 * empty until Next; closing, cancelling or leaving step mode ends the
 * hold. */
static void
test_connect_held (void)
{
  SeStepper *stepper = se_stepper_get_default ();
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeEndpoint) endpoint = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *text = NULL;
  SeClient *client;
  guint16 port;
  int server = plain_listener (&port);

  text = g_strdup_printf ("tcp://127.0.0.1:%u", port);
  endpoint = se_endpoint_parse (text, NULL);
  se_stepper_set_enabled (stepper, TRUE);

  /* Held: the server sees nothing */
  client = start_held_connect (endpoint, log, NULL, &result);
  se_test_spin (100);
  g_assert_null (result);
  assert_backlog_empty (server);
  g_assert_cmpuint (count_calls (log, SE_CALL_CONNECT), ==, 0);
  g_assert_false (se_client_get_connected (client));

  /* Next: connect() is made, the peer is in the backlog */
  g_assert_true (se_stepper_next (stepper));
  finish_connect (client, &result, 0, 0);
  wait_accepted (server);
  g_assert_cmpuint (count_calls (log, SE_CALL_CONNECT), ==, 1);
  /* (the peer's FIN may wait as a held recv(): the client forgets it) */
  g_assert_finalize_object (client);
  g_assert_cmpuint (se_stepper_get_n_held (stepper), ==, 0);

  /* Closing the client forgets the held connect() */
  client = start_held_connect (endpoint, log, NULL, &result);
  se_client_close (client);
  g_assert_cmpuint (se_stepper_get_n_held (stepper), ==, 0);
  finish_connect (client, &result, SE_ERROR, SE_ERROR_CANCELLED);
  se_test_spin (100);
  assert_backlog_empty (server);
  g_assert_finalize_object (client);

  /* So does cancelling the connect */
  client = start_held_connect (endpoint, log, cancellable, &result);
  g_cancellable_cancel (cancellable);
  finish_connect (client, &result, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (se_stepper_get_n_held (stepper), ==, 0);
  g_assert_false (se_stepper_next (stepper));
  se_test_spin (100);
  assert_backlog_empty (server);
  g_assert_finalize_object (client);

  /* Leaving step mode makes it as usual */
  client = start_held_connect (endpoint, log, NULL, &result);
  se_stepper_set_enabled (stepper, FALSE);
  g_assert_cmpuint (se_stepper_get_n_held (stepper), ==, 0);
  finish_connect (client, &result, 0, 0);
  wait_accepted (server);
  g_assert_finalize_object (client);
  close (server);
}

/* The bytes FIONREAD reports on a datagram socket: the next datagram's. */
static int
next_datagram_size (int fd)
{
  int n = -1;

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ioctl (fd, FIONREAD, &n), ==, 0);
  return n;
}

static gboolean
client_received_len (gpointer data)
{
  gpointer *args = data;
  Fixture *fixture = args[0];

  return fixture->client_received->len >= GPOINTER_TO_UINT (args[1]);
}

static const char *
datagram_family (gconstpointer data)
{
  const DatagramParams *params = data;

  return g_str_equal (params->protocol, "udp") ? "UDP" : "Unix datagram";
}

/* A held sendto() reaches nobody until Next; the receiver's readable
 * socket is not read, its datagrams wait in the kernel (FIONREAD), and
 * each Next reads exactly one. */
static void
test_datagram_send_and_recv (Fixture       *fixture,
                             gconstpointer  data)
{
  SeStepper *stepper = se_stepper_get_default ();
  g_autofree char *on_client = g_strdup_printf (" on %s client #", datagram_family (data));
  g_autofree char *on_listener = g_strdup_printf ("recvfrom() on %s listener ", datagram_family (data));
  int server_fd = _se_listener_get_socket (fixture->listener, NULL);

  connect_client (fixture);
  se_stepper_set_enabled (stepper, TRUE);
  send_text (fixture->client, "hello");
  send_text (fixture->client, "world!");
  g_assert_cmpuint (se_stepper_get_n_held (stepper), ==, 2);
  g_assert_true (g_str_has_prefix (se_stepper_get_next_description (stepper), "sendto(5) to "));
  g_assert_nonnull (strstr (se_stepper_get_next_description (stepper), on_client));

  se_test_spin (100);
  g_assert_cmpint (next_datagram_size (server_fd), ==, 0);
  g_assert_cmpuint (count_calls (fixture->log, SE_CALL_SENDTO), ==, 0);
  g_assert_cmpuint (se_client_get_datagrams_sent (fixture->client), ==, 0);

  /* Two Nexts: the two sendto() calls, nothing read yet */
  g_assert_true (se_stepper_next (stepper));
  g_assert_true (g_str_has_prefix (se_stepper_get_next_description (stepper), "sendto(6) to "));
  g_assert_true (se_stepper_next (stepper));
  g_assert_cmpuint (se_client_get_datagrams_sent (fixture->client), ==, 2);
  g_assert_cmpuint (count_calls (fixture->log, SE_CALL_SENDTO), ==, 2);

  /* The listener's socket is readable: its recvfrom() is held */
  g_assert_true (se_test_wait_until (has_held, GUINT_TO_POINTER (1), WAIT_MS));
  g_assert_true (g_str_has_prefix (se_stepper_get_next_description (stepper), on_listener));
  g_assert_nonnull (strstr (se_stepper_get_next_description (stepper), "a datagram of 5 bytes waits in the kernel"));
  se_test_spin (100);
  g_assert_cmpuint (se_stepper_get_n_held (stepper), ==, 1);
  g_assert_cmpint (next_datagram_size (server_fd), ==, 5);
  g_assert_cmpuint (count_calls (fixture->log, SE_CALL_RECVFROM), ==, 0);

  /* One Next, one datagram; the other stays in the kernel */
  g_assert_true (se_stepper_next (stepper));
  g_assert_cmpuint (count_calls (fixture->log, SE_CALL_RECVFROM), ==, 1);
  g_assert_cmpint (next_datagram_size (server_fd), ==, 6);
  g_assert_true (se_test_wait_until (has_held, GUINT_TO_POINTER (1), WAIT_MS));
  g_assert_nonnull (strstr (se_stepper_get_next_description (stepper), "a datagram of 6 bytes waits in the kernel"));

  g_assert_true (se_stepper_next (stepper));
  g_assert_cmpuint (count_calls (fixture->log, SE_CALL_RECVFROM), ==, 2);
  g_assert_cmpint (next_datagram_size (server_fd), ==, 0);
  se_test_spin (100);
  g_assert_cmpuint (se_stepper_get_n_held (stepper), ==, 0);
}

/* The echo responder's reply is a held sendto() of the listener, the
 * client's recvfrom() a held step of its own; so is the listener's
 * "send to all". Leaving step mode lets the rest go, in order. */
static void
test_datagram_echo (Fixture       *fixture,
                    gconstpointer  data)
{
  SeStepper *stepper = se_stepper_get_default ();
  g_autofree char *on_listener = g_strdup_printf (" on %s listener ", datagram_family (data));
  g_autofree char *on_client = g_strdup_printf ("recvfrom() on %s client #", datagram_family (data));
  g_autoptr(GBytes) bang = g_bytes_new_static ("!", 1);
  g_autoptr(GError) error = NULL;
  gpointer args[2] = { fixture, GUINT_TO_POINTER (9) };
  int client_fd;

  connect_client (fixture);
  client_fd = _se_client_get_socket (fixture->client, NULL);
  se_stepper_set_enabled (stepper, TRUE);
  send_text (fixture->client, "ping");
  g_assert_true (se_stepper_next (stepper));                   /* sendto */
  g_assert_true (se_test_wait_until (has_held, GUINT_TO_POINTER (1), WAIT_MS));
  g_assert_true (se_stepper_next (stepper));                   /* recvfrom */

  /* The reply waits in the app */
  g_assert_cmpuint (se_stepper_get_n_held (stepper), ==, 1);
  g_assert_true (g_str_has_prefix (se_stepper_get_next_description (stepper), "sendto(4) to "));
  g_assert_nonnull (strstr (se_stepper_get_next_description (stepper), on_listener));
  se_test_spin (100);
  g_assert_cmpint (next_datagram_size (client_fd), ==, 0);
  g_assert_true (se_stepper_next (stepper));                   /* the echo */

  /* It waits in the client's kernel buffer */
  g_assert_true (se_test_wait_until (has_held, GUINT_TO_POINTER (1), WAIT_MS));
  g_assert_true (g_str_has_prefix (se_stepper_get_next_description (stepper), on_client));
  g_assert_cmpint (next_datagram_size (client_fd), ==, 4);
  g_assert_cmpuint (fixture->client_received->len, ==, 0);
  g_assert_true (se_stepper_next (stepper));
  g_assert_cmpmem (fixture->client_received->data, fixture->client_received->len, "ping", 4);

  /* The listener's own send, then more of the client's: all go when
   * step mode ends */
  g_assert_true (se_listener_send_all (fixture->listener, bang, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (se_stepper_get_next_description (stepper), "sendto(1) to "));
  send_text (fixture->client, "ab");
  send_text (fixture->client, "cd");
  g_assert_cmpuint (se_stepper_get_n_held (stepper), ==, 3);
  se_stepper_set_enabled (stepper, FALSE);
  g_assert_cmpuint (se_stepper_get_n_held (stepper), ==, 0);
  g_assert_true (se_test_wait_until (client_received_len, args, WAIT_MS));
  g_assert_cmpmem (fixture->client_received->data, fixture->client_received->len, "ping!abcd", 9);
}

/* Closing a datagram socket forgets its held calls: the datagrams are
 * never sent, nothing keeps the socket alive. */
static void
test_datagram_close_while_held (Fixture       *fixture,
                                gconstpointer  data)
{
  SeStepper *stepper = se_stepper_get_default ();
  int server_fd = _se_listener_get_socket (fixture->listener, NULL);

  connect_client (fixture);
  se_stepper_set_enabled (stepper, TRUE);
  send_text (fixture->client, "x");
  g_assert_true (se_stepper_next (stepper));
  g_assert_true (se_test_wait_until (has_held, GUINT_TO_POINTER (1), WAIT_MS));  /* the listener's recvfrom */

  send_text (fixture->client, "one");
  send_text (fixture->client, "two");
  g_assert_cmpuint (se_stepper_get_n_held (stepper), ==, 3);
  se_client_close (fixture->client);
  g_assert_cmpuint (se_stepper_get_n_held (stepper), ==, 1);
  g_signal_handlers_disconnect_by_data (fixture->client, fixture);
  g_assert_finalize_object (g_steal_pointer (&fixture->client));

  se_test_spin (100);
  g_assert_cmpint (next_datagram_size (server_fd), ==, 1);  /* "x" only */
  se_listener_stop (fixture->listener);
  g_assert_cmpuint (se_stepper_get_n_held (stepper), ==, 0);
  g_assert_false (se_stepper_next (stepper));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, responder) \
  g_test_add (path, Fixture, responder, fixture_set_up, func, fixture_tear_down)
  ADD ("/stepper/send-and-recv", test_send_and_recv, NULL);
  ADD ("/stepper/release-all", test_release_all, NULL);
  ADD ("/stepper/accept-and-close", test_accept_and_close, "echo");
  ADD ("/stepper/close-while-held", test_close_while_held, NULL);
#undef ADD
  g_test_add_func ("/stepper/connect", test_connect_held);

#define ADD_DGRAM(protocol, name, func, responder) G_STMT_START { \
    static const DatagramParams params = { protocol, responder }; \
    g_test_add ("/stepper/" protocol "/" name, Fixture, &params, \
                fixture_set_up_datagram, func, fixture_tear_down); \
  } G_STMT_END
  ADD_DGRAM ("udp", "send-and-recv", test_datagram_send_and_recv, "none");
  ADD_DGRAM ("udp", "echo", test_datagram_echo, "echo");
  ADD_DGRAM ("udp", "close-while-held", test_datagram_close_while_held, "none");
  ADD_DGRAM ("unix-dgram", "send-and-recv", test_datagram_send_and_recv, "none");
  ADD_DGRAM ("unix-dgram", "echo", test_datagram_echo, "echo");
#undef ADD_DGRAM

  return g_test_run ();
}
