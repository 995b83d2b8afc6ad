/* se-listener-stream.c: a stream listener's peers: accept, refuse, idle
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Accepts peers in batches and hands each to an SeConnection, refuses
 * those past max-connections, closes connections that stay idle past
 * the listener's timeout, and keeps the counters of those gone for the
 * rates. The GObject is in se-listener.c.
 */
#include "config.h"

#include <errno.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "se-connection-private.h"
#include "se-error.h"
#include "se-listener-private.h"

/* Accept at most this many peers per wake-up, so one busy listener cannot
 * starve the rest of the loop. */
#define ACCEPT_BATCH 64

void
_se_listener_add_connection_totals (guint64       totals[SE_RATE_N_KINDS],
                                    SeConnection *connection)
{
  totals[SE_RATE_BYTES_RECEIVED] += se_connection_get_bytes_received (connection);
  totals[SE_RATE_BYTES_SENT] += se_connection_get_bytes_sent (connection);
  totals[SE_RATE_MESSAGES_RECEIVED] += se_connection_get_messages_received (connection);
  totals[SE_RATE_MESSAGES_SENT] += se_connection_get_messages_sent (connection);
}

static void
connection_closed_cb (SeConnection *connection,
                      SeListener   *self)
{
  guint position;

  if (g_list_store_find (self->connections, connection, &position))
    {
      _se_listener_add_connection_totals (self->closed_totals, connection);
      g_list_store_remove (self->connections, position);
    }
}

/* callbacks */

static gboolean
se_listener_retry_accept_cb (gpointer user_data)
{
  SeListener *self = user_data;

  g_clear_pointer (&self->retry_source, g_source_unref);
  if (self->fd >= 0)
    _se_watch_set_events (&self->watch, EPOLLIN);
  return G_SOURCE_REMOVE;
}

/* Closes the connections that have been quiet for idle_timeout seconds. */
static gboolean
se_listener_idle_cb (gpointer user_data)
{
  SeListener *self = user_data;
  g_autoptr(SeListener) hold = g_object_ref (self);
  g_autoptr(GPtrArray) idle = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 limit = g_get_monotonic_time () - (gint64) self->idle_timeout * G_USEC_PER_SEC;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));

  for (guint i = 0; i < n; i++)
    {
      SeConnection *connection = g_list_model_get_item (G_LIST_MODEL (self->connections), i);

      /* One already closing (sending what it still has queued) was
       * logged and closed once: not again at every check. */
      if (_se_connection_get_last_activity (connection) <= limit &&
          !_se_connection_is_closing (connection))
        g_ptr_array_add (idle, connection);
      else
        g_object_unref (connection);
    }

  for (guint i = 0; i < idle->len; i++)
    {
      SeConnection *connection = g_ptr_array_index (idle, i);
      g_autofree char *detail = NULL;

      detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Connection #%u closed: nothing was sent or received for %u second (the listener's idle timeout)",
                                             "Connection #%u closed: nothing was sent or received for %u seconds (the listener's idle timeout)",
                                             self->idle_timeout),
                                se_connection_get_id (connection), self->idle_timeout);
      {
        SeEventInfo info = {
          .kind = SE_EVENT_ERROR,
          .connection_id = se_connection_get_id (connection),
          .text = detail,
        };

        _se_connection_set_info_addresses (connection, &info);
        _se_listener_append_info (self, &info);
      }
      se_connection_close (connection);
    }

  return G_SOURCE_CONTINUE;
}

void
_se_listener_update_idle_timer (SeListener *self)
{
  _se_source_clear (&self->idle_source);

  /* A check every quarter of the timeout (at least every second) closes
   * an idle peer at most a quarter late; one timer for all of them. */
  if (self->idle_timeout > 0 && self->fd >= 0 && se_endpoint_is_stream (self->endpoint))
    self->idle_source = _se_timeout_source_add (1000 * MAX (1, self->idle_timeout / 4),
                                               se_listener_idle_cb, self);
}

/* A peer accepted past max_connections: logged, then closed at once. */
static void
refuse_peer (SeListener *self,
             int         fd,
             const SeSockaddr *from)
{
  if (self->log != NULL)
    {
      g_autofree char *from_text = _se_sockaddr_to_string (from);
      g_autofree char *detail = NULL;

      detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Connection refused: the listener already has %u connection, its maximum; accept() took the peer and close() ended it at once",
                                             "Connection refused: the listener already has %u connections, its maximum; accept() took the peer and close() ended it at once",
                                             self->max_connections),
                                self->max_connections);
      _se_listener_log_event (self, SE_EVENT_ERROR, from_text, 0, NULL, 0, detail);
    }
  close (fd);
}

static void
accept_step_release_cb (GObject    *owner,
                        SeStepKind  kind,
                        gboolean    stepping)
{
  SeListener *self = SE_LISTENER (owner);

  if (!self->accept_held || self->fd < 0)
    return;
  self->accept_held = FALSE;
  _se_watch_set_events (&self->watch, EPOLLIN);
  if (stepping)
    {
      self->accept_released = TRUE;
      _se_listener_accept_cb (&self->watch, EPOLLIN, self);
    }
}

void
_se_listener_accept_cb (SeWatch  *watch,
                        guint32   events,
                        gpointer  user_data)
{
  SeListener *self = user_data;
  g_autoptr(SeListener) hold = g_object_ref (self);
  int fd = self->fd;
  guint batch = ACCEPT_BATCH;

  /* Step mode: the peer waits in the backlog until "Next" (se-stepper.c). */
  if (_se_stepper_is_on ())
    {
      if (!self->accept_released)
        {
          self->accept_held = TRUE;
          _se_watch_set_events (&self->watch, 0);
          _se_stepper_hold (G_OBJECT (self), SE_STEP_ACCEPT,
                            _se_step_describe (SE_STEP_ACCEPT, _se_listener_protocol (self), 0,
                                               self->local_address, 0),
                            accept_step_release_cb);
          return;
        }
      self->accept_released = FALSE;
      batch = 1;
    }

  /* A callback run from here (the connection list changing, a responder's
   * reply closing the peer) may stop the listener: then fd is closed, and
   * perhaps already reused, so never accept() on it again. */
  for (guint i = 0; i < batch && self->fd == fd; i++)
    {
      g_autoptr(SeConnection) connection = NULL;
      SeSockaddr from;
      int client_fd;

      from.len = sizeof from.addr;
      client_fd = accept4 (fd, (struct sockaddr *)&from.addr, &from.len,
                           SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (client_fd < 0)
        {
          int errsv = errno;
          g_autoptr(GError) error = NULL;

          if (errsv == EAGAIN || errsv == EWOULDBLOCK)
            break;
          if (errsv == EINTR || errsv == ECONNABORTED)
            continue;

          error = se_error_new_errno (errsv, "accept", self->local_address);
          _se_listener_set_failed_call (self, SE_CALL_ACCEPT, errsv);
          _se_listener_log_error (self, error);

          /* Out of descriptors and the like: do not spin, try again soon. */
          _se_watch_set_events (&self->watch, 0);
          _se_source_clear (&self->retry_source);
          self->retry_source = _se_timeout_source_add (250, se_listener_retry_accept_cb, self);
          return;
        }

      if (self->max_connections > 0 &&
          g_list_model_get_n_items (G_LIST_MODEL (self->connections)) >= self->max_connections)
        {
          refuse_peer (self, client_fd, &from);
          continue;
        }

      /* Bound to one address, every accepted socket has it as its own;
       * a wildcard or Unix listener asks each socket. */
      connection = _se_connection_new (client_fd, 0, _se_listener_protocol (self), TRUE,
                                       self->log, self->responder,
                                       self->specific_address ? self->local_address : NULL,
                                       from.addr.ss_family != AF_UNIX ? &from.addr : NULL,
                                       from.len);
      if (self->tls_certificate != NULL && se_endpoint_get_tls (self->endpoint))
        {
          SeTlsParams params = {
            .server = TRUE,
            .certificate = self->tls_certificate,
          };

          /* A failure is logged, and the connection closes at start */
          _se_connection_use_tls (connection, &params, NULL);
        }
      _se_connection_set_close_on_eof (connection, self->close_on_eof);
      _se_connection_set_read_size (connection, self->read_size);
      _se_connection_set_rules (connection, self->rules);
      {
        SeEventInfo info = {
          .kind = SE_EVENT_ACCEPT,
          .connection_id = se_connection_get_id (connection),
          .detail = SE_EVENT_DETAIL_ACCEPTED,
          .call = SE_CALL_ACCEPT,
          .ret = client_fd,
          /* The new socket's state: the handshake is done. */
          .tcp_state = _se_listener_protocol (self) == SE_PROTOCOL_TCP ? _se_socket_tcp_state (client_fd) : SE_TCP_STATE_NONE,
        };

        _se_connection_set_info_addresses (connection, &info);
        _se_listener_append_info (self, &info);
      }

      g_signal_connect_object (connection, "closed",
                               G_CALLBACK (connection_closed_cb), self, 0);
      g_list_store_append (self->connections, connection);
      _se_connection_start (connection);
    }
}
