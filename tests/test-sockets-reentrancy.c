/* test-sockets-reentrancy.c: callbacks and lookups that stop what is running
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real sockets only: 127.0.0.1, ::1 and Unix sockets in a temp dir, port 0,
 * and bounded waits.
 *
 * A listener stopped while it accepts, a start or close while a name is
 * looked up, a cancelled connect, and handlers that drop the last
 * reference.
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

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sockets/reentrancy/stop-while-accepting", test_stop_while_accepting);
  g_test_add_func ("/sockets/start-during-lookup", test_start_during_lookup);
  g_test_add_func ("/sockets/connect-cancel", test_connect_cancel);
  g_test_add_func ("/sockets/close-during-lookup", test_close_during_lookup);
  g_test_add_func ("/sockets/reentrancy/handlers-drop-last-ref", test_handlers_drop_last_ref);

  ret = g_test_run ();
  return ret;
}
