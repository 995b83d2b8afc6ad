/* se-socket-test-util.c: what the socket tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include "se-socket-test-util.h"
#include "se-test-util.h"

char *tmpdir;

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

SeListener *
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

Peer *
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

void
peer_free (Peer *peer)
{
  g_signal_handlers_disconnect_by_data (peer->client, peer);
  se_client_close (peer->client);
  g_assert_finalize_object (peer->client);
  g_byte_array_unref (peer->received);
  g_free (peer);
}

void
peer_send (Peer       *peer,
           const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;

  se_client_send (peer->client, bytes, &error);
  g_assert_no_error (error);
}

gboolean
has_len (gpointer data)
{
  WaitLen *w = data;

  return w->peer->received->len >= w->len;
}

gboolean
peer_wait_bytes (Peer  *peer,
                 gsize  len)
{
  WaitLen w = { peer, len };

  return se_test_wait_until (has_len, &w, WAIT_MS);
}

char *
peer_text (Peer *peer)
{
  return g_strndup ((const char *) peer->received->data, peer->received->len);
}

guint
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

guint
count_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

gboolean
fds_are (gpointer data)
{
  return count_fds () == GPOINTER_TO_UINT (data);
}

/* The endpoint for a listener of this kind: port 0 or a fresh Unix path. */
char *
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

static gboolean
has_items (gpointer data)
{
  return g_list_model_get_n_items (data) > 0;
}

SeConnection *
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

/* A plain TCP socket (no SeListener) listening on 127.0.0.1 at a port the
 * system chooses; *sin gets its address and *target its endpoint. */
int
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
void
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
