/* test-stepper.c: step mode holds send, recv, accept and close until "Next"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real sockets on 127.0.0.1, port 0, bounded waits.
 */
#include "config.h"

#include <string.h>

#include "socket-explorer-core.h"
#include "se-test-util.h"

#define WAIT_MS 5000

typedef struct
{
  SeTrafficLog *log;
  SeListener   *listener;
  SeClient     *client;
  GByteArray   *client_received;
} Fixture;

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
  connect_client (fixture);  /* the kernel finishes the handshake */
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

  return g_test_run ();
}
