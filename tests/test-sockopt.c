/* test-sockopt.c: the options inspector reads options and logs each change
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

static SeListener *
start_listener (const char   *text,
                SeTrafficLog *log)
{
  g_autoptr(SeEndpoint) endpoint = se_endpoint_parse (text, NULL);
  g_autoptr(SeResponder) responder = se_responder_parse ("none", NULL);
  g_autoptr(SeListener) listener = se_listener_new (endpoint, responder, log);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  se_listener_start_async (listener, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, WAIT_MS);
  se_listener_start_finish (listener, result, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&listener);
}

static SeClient *
connect_client (SeEndpoint   *target,
                SeTrafficLog *log)
{
  g_autoptr(SeClient) client = se_client_new (target, log);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  se_client_connect_async (client, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, WAIT_MS);
  se_client_connect_finish (client, result, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&client);
}

static const SeSocketOption *
find (GArray     *options,
      const char *name)
{
  for (guint i = 0; i < options->len; i++)
    if (g_strcmp0 (g_array_index (options, SeSocketOption, i).name, name) == 0)
      return &g_array_index (options, SeSocketOption, i);
  return NULL;
}

static int
value_of (GObject    *target,
          const char *name)
{
  g_autoptr(GArray) options = se_socket_options_read (target);
  const SeSocketOption *option;

  g_assert_nonnull (options);
  option = find (options, name);
  g_assert_nonnull (option);
  g_assert_cmpint (option->error_number, ==, 0);
  return option->value;
}

/* The last setsockopt event of the log. */
static SeEvent *
last_setsockopt (SeTrafficLog *log)
{
  se_test_spin (50);  /* the log tells its views once per batch */
  for (guint i = g_list_model_get_n_items (G_LIST_MODEL (log)); i > 0; i--)
    {
      g_autoptr(SeEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i - 1);

      if (se_event_get_call (event) == SE_CALL_SETSOCKOPT)
        return g_steal_pointer (&event);
    }
  return NULL;
}

static void
test_tcp (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeListener) listener = start_listener ("tcp://127.0.0.1:0", log);
  g_autoptr(SeClient) client = connect_client (se_listener_get_endpoint (listener), log);
  g_autoptr(GArray) options = NULL;
  g_autoptr(SeEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *call = NULL;
  GObject *connection = G_OBJECT (se_client_get_connection (client));

  /* A listener: SO_REUSEADDR as the engine set it, no SO_BROADCAST */
  options = se_socket_options_read (G_OBJECT (listener));
  g_assert_nonnull (find (options, "SO_REUSEADDR"));
  g_assert_nonnull (find (options, "TCP_NODELAY"));
  g_assert_null (find (options, "SO_BROADCAST"));
  g_assert_cmpint (find (options, "O_NONBLOCK")->value, ==, 1);
  g_assert_false (find (options, "O_NONBLOCK")->settable);
  g_assert_true (find (options, "SO_KEEPALIVE")->settable);
  g_assert_cmpint (find (options, "SO_RCVBUF")->value, >, 0);
  for (guint i = 0; i < options->len; i++)
    g_assert_cmpstr (se_socket_option_explain (g_array_index (options, SeSocketOption, i).name), !=, "");

  /* A change is made and logged as the call it is */
  g_assert_cmpint (value_of (connection, "TCP_NODELAY"), ==, se_client_get_nodelay (client));
  g_assert_true (se_socket_options_set (connection, SE_SOCKOPT_TCP_NODELAY, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (value_of (connection, "TCP_NODELAY"), ==, 1);
  event = last_setsockopt (log);
  g_assert_nonnull (event);
  g_assert_cmpint (se_event_get_option (event), ==, SE_SOCKOPT_TCP_NODELAY);
  g_assert_cmpuint (se_event_get_asked (event), ==, 1);
  g_assert_cmpint (se_event_get_ret (event), ==, 0);
  g_assert_cmpuint (se_event_get_connection_id (event), ==, se_connection_get_id (SE_CONNECTION (connection)));
  call = se_event_format_call (event);
  g_assert_cmpstr (call, ==, "setsockopt(IPPROTO_TCP, TCP_NODELAY, 1)=0");
  g_clear_object (&event);
  g_clear_pointer (&call, g_free);

  /* Timeouts are a struct timeval, shown in milliseconds */
  g_assert_cmpint (value_of (G_OBJECT (client), "SO_RCVTIMEO"), ==, 0);
  g_assert_true (se_socket_options_set (G_OBJECT (client), SE_SOCKOPT_SO_RCVTIMEO, 1500, &error));
  g_assert_no_error (error);
  g_assert_cmpint (value_of (G_OBJECT (client), "SO_RCVTIMEO"), ==, 1500);
  event = last_setsockopt (log);
  call = se_event_format_call (event);
  g_assert_cmpstr (call, ==, "setsockopt(SOL_SOCKET, SO_RCVTIMEO, 1500)=0");
  g_clear_object (&event);

  /* Linux doubles a buffer size for its bookkeeping */
  g_assert_true (se_socket_options_set (G_OBJECT (listener), SE_SOCKOPT_SO_SNDBUF, 16384, &error));
  g_assert_no_error (error);
  g_assert_cmpint (value_of (G_OBJECT (listener), "SO_SNDBUF"), ==, 32768);

  /* Blocking mode is shown, not changed: the network thread must not block */
  g_assert_false (se_socket_options_set (connection, SE_SOCKOPT_NONE, 0, &error));
  g_assert_error (error, SE_ERROR, SE_ERROR_FAILED);
  g_clear_error (&error);

  /* A closed socket has no options to read or change */
  se_client_reset (client);
  g_assert_null (se_socket_options_read (connection));
  g_assert_false (se_socket_options_set (connection, SE_SOCKOPT_SO_KEEPALIVE, 1, &error));
  g_assert_error (error, SE_ERROR, SE_ERROR_CLOSED);
  se_listener_stop (listener);
}

static void
test_udp (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeListener) listener = start_listener ("udp://127.0.0.1:0", log);
  g_autoptr(SeClient) client = connect_client (se_listener_get_endpoint (listener), log);
  g_autoptr(GArray) options = se_socket_options_read (G_OBJECT (client));
  g_autoptr(SeEvent) event = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (options);
  g_assert_null (find (options, "TCP_NODELAY"));
  g_assert_null (find (options, "SO_KEEPALIVE"));
  g_assert_cmpint (find (options, "SO_BROADCAST")->value, ==, 0);

  g_assert_true (se_socket_options_set (G_OBJECT (client), SE_SOCKOPT_SO_BROADCAST, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (value_of (G_OBJECT (client), "SO_BROADCAST"), ==, 1);
  event = last_setsockopt (log);
  g_assert_cmpint (se_event_get_option (event), ==, SE_SOCKOPT_SO_BROADCAST);
  g_assert_cmpint (se_event_get_protocol (event), ==, SE_PROTOCOL_UDP);

  /* The listener's datagram socket too */
  g_assert_cmpint (value_of (G_OBJECT (listener), "SO_BROADCAST"), ==, 0);
  se_client_close (client);
  se_listener_stop (listener);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sockopt/tcp", test_tcp);
  g_test_add_func ("/sockopt/udp", test_udp);

  return g_test_run ();
}
