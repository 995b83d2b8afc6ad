/* se-listener-start.c: a listener's socket: bind, listen, start and stop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens the socket with the options asked for, binds it (after looking
 * up a host name without blocking the loop), listens on a stream socket
 * and hands it to the reactor; stopping closes the peers first, then the
 * socket, and removes the Unix socket file if it is still ours. While
 * it runs, the rates are sampled once a second. The GObject is in
 * se-listener.c.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <netinet/in.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "se-connection-private.h"
#include "se-error.h"
#include "se-listener-private.h"

/* An event that is a call of this listener's own socket. */
static void
log_call (SeListener  *self,
          SeEventInfo *info)
{
  if (_se_listener_protocol (self) == SE_PROTOCOL_TCP && self->fd >= 0 && info->tcp_state == SE_TCP_STATE_NONE)
    info->tcp_state = _se_socket_tcp_state (self->fd);
  _se_listener_append_info (self, info);
}

static gboolean
rate_tick_cb (gpointer user_data)
{
  SeListener *self = user_data;
  guint64 totals[SE_RATE_N_KINDS];
  gint64 now = g_get_monotonic_time ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));

  for (guint kind = 0; kind < SE_RATE_N_KINDS; kind++)
    totals[kind] = self->closed_totals[kind] + self->datagram_totals[kind];
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SeConnection) connection = g_list_model_get_item (G_LIST_MODEL (self->connections), i);

      _se_connection_sample_rates (connection, now);
      _se_listener_add_connection_totals (totals, connection);
    }
  se_rate_meter_notify (G_OBJECT (self), _se_listener_properties, PROP_RATE_FIRST,
                        se_rate_meter_sample (&self->rates, now, totals));

  return G_SOURCE_CONTINUE;
}

static void
set_running (SeListener *self,
             gboolean    running)
{
  if (self->running == running)
    return;

  self->running = running;
  if (running)
    {
      rate_tick_cb (self);  /* the baseline */
      self->rate_timer = se_rate_meter_timer_new (rate_tick_cb, self);
    }
  else
    {
      se_rate_meter_timer_clear (&self->rate_timer);
      se_rate_meter_notify (G_OBJECT (self), _se_listener_properties, PROP_RATE_FIRST,
                            se_rate_meter_reset (&self->rates));
    }
  g_object_notify_by_pspec (G_OBJECT (self), _se_listener_properties[PROP_RUNNING]);
}

void
_se_listener_close_socket (SeListener *self)
{
  _se_listener_discard_replies (self);
  _se_watch_clear (&self->watch);
  _se_stepper_forget (G_OBJECT (self));
  self->accept_held = FALSE;
  _se_source_clear (&self->retry_source);
  _se_source_clear (&self->idle_source);

  if (self->datagram.fd >= 0)
    {
      _se_datagram_options_leave (&self->multicast, self->datagram.fd, self->log,
                                  _se_listener_protocol (self), self->local_address);
      /* Closes the fd. */
      _se_datagram_socket_close (&self->datagram);
      self->fd = -1;
    }
  else if (self->fd >= 0)
    {
      close (self->fd);
      self->fd = -1;
    }

  if (self->unix_path != NULL)
    {
      struct stat st;

      /* Remove the socket file only if it is still the one we bound. */
      if (g_lstat (self->unix_path, &st) == 0 && S_ISSOCK (st.st_mode) &&
          st.st_dev == self->unix_dev && st.st_ino == self->unix_ino)
        g_unlink (self->unix_path);
      g_clear_pointer (&self->unix_path, g_free);
    }
}

static gboolean
bind_and_listen (SeListener       *self,
                 const SeSockaddr *addr,
                 int               family,
                 GError          **error)
{
  gboolean stream = se_endpoint_is_stream (self->endpoint);
  g_autofree char *wanted = se_endpoint_to_address (self->endpoint);
  int fd;

  fd = _se_socket_open (family, stream ? SOCK_STREAM : SOCK_DGRAM);
  if (fd < 0)
    {
      int errsv = errno;

      se_set_error_errno (error, errsv, "socket", wanted);
      _se_listener_set_failed_call (self, SE_CALL_SOCKET, errsv);
      return FALSE;
    }
  /* Named by the address it is going to be bound to: it has none yet. */
  _se_socket_log_open (self->log, _se_listener_protocol (self), 0, fd, 0, wanted, NULL);

  if (family != AF_UNIX && stream)
    {
      /* What every server does so that a restart is not refused while old
       * connections linger in TIME_WAIT; a live listener still gets
       * EADDRINUSE. */
      _se_socket_set_option (fd, SE_SOCKOPT_SO_REUSEADDR, 1, self->log, _se_listener_protocol (self), 0, wanted, NULL);
    }

  if (!stream && self->receive_buffer > 0)
    {
      int size = (int) MIN (self->receive_buffer, G_MAXINT / 2);

      /* The kernel's default (about 208 KiB) overflows within
       * milliseconds of a datagram flood. SO_RCVBUFFORCE may exceed
       * net.core.rmem_max but needs CAP_NET_ADMIN; SO_RCVBUF is capped at
       * rmem_max. Either way the listener works, with what it got. */
      if (_se_socket_set_option (fd, SE_SOCKOPT_SO_RCVBUFFORCE, size, self->log, _se_listener_protocol (self), 0, wanted, NULL) != 0)
        _se_socket_set_option (fd, SE_SOCKOPT_SO_RCVBUF, size, self->log, _se_listener_protocol (self), 0, wanted, NULL);
    }

  if (bind (fd, (const struct sockaddr *)&addr->addr, addr->len) != 0)
    {
      int errsv = errno;

      se_set_error_errno (error, errsv, "bind", wanted);
      _se_listener_set_failed_call (self, SE_CALL_BIND, errsv);
      close (fd);
      return FALSE;
    }

  self->fd = fd;
  g_free (self->local_address);  /* a listener started again */
  self->local_sa.len = sizeof self->local_sa.addr;
  if (getsockname (fd, (struct sockaddr *) &self->local_sa.addr, &self->local_sa.len) != 0)
    self->local_sa.len = 0;
  self->local_address = self->local_sa.len > 0 ? _se_sockaddr_to_string (&self->local_sa) : g_strdup ("");
  if (family == AF_INET)
    self->specific_address = ((const struct sockaddr_in *) &addr->addr)->sin_addr.s_addr != htonl (INADDR_ANY);
  else if (family == AF_INET6)
    self->specific_address = !IN6_IS_ADDR_UNSPECIFIED (&((const struct sockaddr_in6 *) &addr->addr)->sin6_addr);
  else
    self->specific_address = FALSE;

  if (family == AF_UNIX)
    {
      struct stat st;
      const char *path = se_endpoint_get_path (self->endpoint);

      if (g_lstat (path, &st) == 0)
        {
          self->unix_path = g_strdup (path);
          self->unix_dev = st.st_dev;
          self->unix_ino = st.st_ino;
        }
    }
  else
    {
      /* Port 0 asked the system for a free port: show the chosen one. */
      SeSockaddr bound;
      guint16 port = 0;

      bound.len = sizeof bound.addr;
      if (getsockname (fd, (struct sockaddr *)&bound.addr, &bound.len) == 0)
        {
          if (bound.addr.ss_family == AF_INET)
            port = g_ntohs (((struct sockaddr_in *)&bound.addr)->sin_port);
          else if (bound.addr.ss_family == AF_INET6)
            port = g_ntohs (((struct sockaddr_in6 *)&bound.addr)->sin6_port);
        }

      if (port != se_endpoint_get_port (self->endpoint))
        {
          SeEndpoint *bound_endpoint = se_endpoint_with_port (self->endpoint, port);

          g_clear_pointer (&self->endpoint, se_endpoint_unref);
          self->endpoint = bound_endpoint;
          g_object_notify_by_pspec (G_OBJECT (self), _se_listener_properties[PROP_ENDPOINT]);
        }
    }

  {
    g_autofree char *detail = NULL;

    if (family != AF_UNIX && se_endpoint_get_port (self->endpoint) != 0 &&
        strcmp (wanted, self->local_address) != 0)
      detail = g_strdup_printf (_("bind(%s): the system chose %s"), wanted, self->local_address);
    else
      detail = g_strdup_printf (_("bind(%s)"), wanted);
    {
      SeEventInfo info = {
        .kind = SE_EVENT_BIND,
        .text = detail,
        .call = SE_CALL_BIND,
      };

      log_call (self, &info);
    }
  }

  if (!stream &&
      !_se_datagram_options_apply (&self->multicast, fd, family, addr, self->log,
                                   _se_listener_protocol (self), self->local_address, error))
    {
      close (fd);
      self->fd = -1;
      return FALSE;
    }

  if (stream)
    {
      SeEventInfo info = {
        .kind = SE_EVENT_LISTEN,
        .detail = SE_EVENT_DETAIL_LISTENING,
        .detail_arg = self->backlog,
        .call = SE_CALL_LISTEN,
        .asked = self->backlog,
      };

      if (listen (fd, (int) self->backlog) != 0)
        {
          int errsv = errno;

          se_set_error_errno (error, errsv, "listen", self->local_address);
          _se_listener_set_failed_call (self, SE_CALL_LISTEN, errsv);
          _se_listener_close_socket (self);
          return FALSE;
        }

      log_call (self, &info);
    }

  _se_datagram_socket_set_read_size (&self->datagram, self->read_size);
  if (stream ? !_se_watch_start (&self->watch, fd, EPOLLIN, _se_listener_accept_cb, self)
             : !_se_datagram_socket_start (&self->datagram, fd, &_se_listener_datagram_funcs, self))
    {
      se_set_error_errno (error, errno, "epoll_ctl", self->local_address);
      _se_listener_close_socket (self);
      return FALSE;
    }

  set_running (self, TRUE);
  _se_listener_update_idle_timer (self);
  return TRUE;
}

static gboolean
bind_inet (SeListener    *self,
           GInetAddress  *address,
           GError       **error)
{
  SeSockaddr addr;
  int family = g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6 ? AF_INET6 : AF_INET;

  _se_sockaddr_from_inet (&addr, address, se_endpoint_get_port (self->endpoint));
  return bind_and_listen (self, &addr, family, error);
}

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SeListener *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  GList *addresses;

  addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (source), result, &error);

  /* se_listener_stop() already ended this start. */
  if (self->start_task != task)
    {
      g_resolver_free_addresses (addresses);
      return;
    }
  self->start_task = NULL;

  if (addresses == NULL)
    {
      g_autoptr(GError) nice = NULL;
      g_autofree char *wanted = se_endpoint_to_address (self->endpoint);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        nice = g_error_new (SE_ERROR, SE_ERROR_CANCELLED, _("Cancelled"));
      else
        nice = g_error_new (SE_ERROR, SE_ERROR_NAME_NOT_FOUND,
                            _("Name not found: cannot bind to “%s” because its name could not be resolved (%s)"),
                            wanted, error->message);
      _se_listener_log_error (self, nice);
      g_task_return_error (task, g_steal_pointer (&nice));
      return;
    }

  if (!bind_inet (self, addresses->data, &error))
    {
      _se_listener_log_error (self, error);
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else
    g_task_return_boolean (task, TRUE);

  g_resolver_free_addresses (addresses);
}

void
se_listener_start_async (SeListener          *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) literal = NULL;

  g_return_if_fail (SE_IS_LISTENER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, se_listener_start_async);

  if (self->running || self->fd >= 0)
    {
      g_task_return_new_error (task, SE_ERROR, SE_ERROR_FAILED,
                               _("The listener is already running"));
      return;
    }
  if (self->start_task != NULL)
    {
      g_task_return_new_error (task, SE_ERROR, SE_ERROR_FAILED,
                               _("The listener is already starting: it is looking up its host name"));
      return;
    }

  if (se_endpoint_get_tls (self->endpoint) && !_se_listener_prepare_tls (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (se_endpoint_is_unix (self->endpoint))
    {
      SeSockaddr addr;

      if (!_se_sockaddr_from_unix_path (&addr, se_endpoint_get_path (self->endpoint)))
        {
          g_task_return_new_error (task, SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
                                   _("The Unix socket path is empty or too long"));
          return;
        }
      if (!bind_and_listen (self, &addr, AF_UNIX, &error))
        {
          _se_listener_log_error (self, error);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_task_return_boolean (task, TRUE);
      return;
    }

  literal = _se_literal_address (se_endpoint_get_host (self->endpoint));
  if (literal != NULL)
    {
      if (!bind_inet (self, literal, &error))
        {
          _se_listener_log_error (self, error);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* A host name, like the seeds' socket.gethostname(): look it up first,
   * without blocking the loop. */
  self->start_task = task;
  g_resolver_lookup_by_name_async (g_resolver_get_default (),
                                   se_endpoint_get_host (self->endpoint),
                                   cancellable, lookup_cb, g_steal_pointer (&task));
}

gboolean
se_listener_start_finish (SeListener    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (SE_IS_LISTENER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
se_listener_stop (SeListener *self)
{
  g_autoptr(SeListener) hold = NULL;

  g_return_if_fail (SE_IS_LISTENER (self));

  /* Stopped while looking up its host name: that start fails now, and
   * the lookup's answer is ignored when it comes. */
  if (self->start_task != NULL)
    {
      GTask *task = g_steal_pointer (&self->start_task);
      g_autoptr(GError) error = NULL;

      error = g_error_new (SE_ERROR, SE_ERROR_CANCELLED,
                           _("Cancelled: the listener was stopped before it started"));
      _se_listener_log_error (self, error);
      g_task_return_error (task, g_steal_pointer (&error));
    }

  if (self->fd < 0)
    return;

  hold = g_object_ref (self);

  /* Close the peers first, then the listening socket. */
  {
    g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
    guint n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));

    for (guint i = 0; i < n; i++)
      g_ptr_array_add (all, g_list_model_get_item (G_LIST_MODEL (self->connections), i));
    for (guint i = 0; i < all->len; i++)
      _se_connection_close_now (g_ptr_array_index (all, i));
    g_list_store_remove_all (self->connections);
  }

  {
    /* Asked before close(): after it there is no fd left to ask. */
    SeEventInfo info = {
      .kind = SE_EVENT_CLOSE,
      .text = _("listening socket closed"),
      .call = SE_CALL_CLOSE,
      .tcp_state = _se_listener_protocol (self) == SE_PROTOCOL_TCP ? _se_socket_tcp_state (self->fd) : SE_TCP_STATE_NONE,
    };

    _se_listener_close_socket (self);
    _se_listener_append_info (self, &info);
  }
  set_running (self, FALSE);
}
