/* test-sockets-close.c: how connections and sockets end
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real sockets only: 127.0.0.1, ::1 and Unix sockets in a temp dir, port 0,
 * and bounded waits.
 *
 * Reset, half-close, a close that drains the queue, a send that fails
 * after the peer spoke, reopening and reconnecting, and no descriptor
 * left behind.
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
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = se_test_make_temp_dir ();

  g_test_add_func ("/sockets/reset", test_reset);
  g_test_add_func ("/sockets/half-close", test_half_close);
  g_test_add_func ("/sockets/no-fd-leak", test_no_fd_leak);
  g_test_add_func ("/sockets/datagram-reopen", test_datagram_reopen);
  g_test_add_func ("/sockets/send-error-ignored", test_send_error_ignored);
  g_test_add_func ("/sockets/close-drains-queue", test_close_drains_queue);
  g_test_add_func ("/sockets/client-reconnect", test_client_reconnect);
  g_test_add_func ("/sockets/send-fails-after-peer-spoke", test_send_fails_after_peer_spoke);

  ret = g_test_run ();
  se_test_remove_dir (tmpdir);
  g_free (tmpdir);
  return ret;
}
