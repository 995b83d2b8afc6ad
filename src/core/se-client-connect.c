/* se-client-connect.c: a stream client's connect attempts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Resolves the host without blocking (GResolver), then tries each
 * address in turn with a non-blocking connect() and a timeout, like
 * socket.create_connection(), and hands the connected socket to an
 * SeConnection; a datagram client's connect opens its socket
 * (se-client-datagram.c). The GObject, and the end of a connect, are in
 * se-client.c. In step mode each attempt's connect() waits for "Next"
 * (se-stepper.c).
 */
#include "config.h"

#include <errno.h>
#include <unistd.h>
#include <sys/un.h>
#include <netinet/in.h>

#include <glib/gi18n-lib.h>

#include "se-client-private.h"
#include "se-connection-private.h"
#include "se-error.h"

static void try_next_address (SeClient *self);

/* call failed with errsv (SE_CALL_NONE: our own timeout, no call). */
static void
attempt_failed (SeClient *self,
                GError   *error,
                SeCall    call,
                int       errsv)
{
  if (self->addresses != NULL)
    {
      /* Like socket.create_connection(): one address failing is not the
       * end while the name has more. */
      g_autofree char *detail = g_strdup_printf (_("%s; trying the next address"), error->message);

      _se_client_log_failed_call (self, NULL, self->attempt_text, detail, call, errsv, 0);
    }
  else
    _se_client_log_failed_call (self, NULL, self->attempt_text, error->message, call, errsv, 0);
  g_clear_error (&self->last_error);
  self->last_error = error;
  _se_client_cancel_attempt (self);
  try_next_address (self);
}

static void
connection_received_cb (SeConnection *connection,
                        GBytes       *bytes,
                        SeClient     *self)
{
  g_signal_emit (self, _se_client_signals[RECEIVED], 0, bytes,
                 se_connection_get_remote_address (connection));
}

static void
connection_closed_cb (SeConnection *connection,
                      SeClient     *self)
{
  _se_client_notify_connected (self);
  g_signal_emit (self, _se_client_signals[CLOSED], 0);
}

static void
connected (SeClient *self,
           int       fd)
{
  _se_watch_clear (&self->attempt_watch);
  _se_source_clear (&self->timeout_source);
  self->attempt_fd = -1;

  /* The connection shares its id with the client, so that the whole story
   * of one client is one thread in the log. */
  self->connection = _se_connection_new (fd, self->id, _se_client_protocol (self), FALSE, self->log, NULL,
                                         NULL, NULL, 0);
  _se_connection_set_read_size (self->connection, self->read_size);
  _se_connection_set_rules (self->connection, self->rules);
  {
    SeEventInfo info = {
      .kind = SE_EVENT_CONNECT,
      .detail = SE_EVENT_DETAIL_CONNECTED,
      .call = SE_CALL_CONNECT,
      .tcp_state = _se_client_protocol (self) == SE_PROTOCOL_TCP ? _se_socket_tcp_state (fd) : SE_TCP_STATE_NONE,
    };

    _se_connection_set_info_addresses (self->connection, &info);
    _se_client_append_info (self, &info);
  }

  /* tls://: the handshake starts on the connected socket, and what was
   * sent meanwhile waits in the connection's queue until it is done. A
   * TLS stream that cannot even be set up (an unreadable CA file) fails
   * the connect, with the reason. */
  if (se_endpoint_get_tls (self->target))
    {
      g_autoptr(GError) error = NULL;
      SeTlsParams params = {
        .server = FALSE,
        .host = se_endpoint_get_host (self->target),
        .port = se_endpoint_get_port (self->target),
        .insecure = self->tls_insecure,
        .pin = self->tls_pin,
        .ca_file = self->tls_ca_file,
      };

      if (!_se_connection_use_tls (self->connection, &params, &error))
        {
          _se_connection_close_now (self->connection);
          g_clear_object (&self->connection);
          _se_client_finish_connecting (self, g_steal_pointer (&error));
          return;
        }
    }

  g_signal_connect_object (self->connection, "received",
                           G_CALLBACK (connection_received_cb), self, 0);
  g_signal_connect_object (self->connection, "closed",
                           G_CALLBACK (connection_closed_cb), self, 0);
  _se_connection_start (self->connection);

  g_object_notify_by_pspec (G_OBJECT (self), _se_client_properties[PROP_CONNECTION]);
  _se_client_notify_connected (self);
  _se_client_finish_connecting (self, NULL);
}

static void
attempt_writable_cb (SeWatch  *watch,
                     guint32   events,
                     gpointer  user_data)
{
  SeClient *self = user_data;
  g_autoptr(SeClient) hold = g_object_ref (self);
  int fd = watch->fd;
  int err = 0;
  socklen_t len = sizeof err;

  _se_watch_clear (&self->attempt_watch);

  if (getsockopt (fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
    err = errno;

  if (err == 0)
    connected (self, fd);
  else
    attempt_failed (self, se_error_new_errno (err, "connect", self->attempt_text), SE_CALL_CONNECT, err);
}

static gboolean
attempt_timeout_cb (gpointer user_data)
{
  SeClient *self = user_data;
  GError *error;

  g_clear_pointer (&self->timeout_source, g_source_unref);
  error = g_error_new (SE_ERROR, SE_ERROR_TIMED_OUT,
                       _("Timed out: %s did not answer within %u ms; nothing completed the TCP handshake (ETIMEDOUT)"),
                       self->attempt_text, self->connect_timeout);
  attempt_failed (self, error, SE_CALL_NONE, 0);
  return G_SOURCE_REMOVE;
}

static gboolean
attempt_cancelled_cb (GCancellable *cancellable,
                      gpointer      user_data)
{
  SeClient *self = user_data;
  g_autoptr(SeClient) hold = g_object_ref (self);
  GError *error;

  error = g_error_new (SE_ERROR, SE_ERROR_CANCELLED,
                       _("Cancelled: the connection to %s was abandoned before it completed"),
                       self->attempt_text ? self->attempt_text : se_endpoint_get_host (self->target));
  _se_client_log_event (self, SE_EVENT_ERROR, NULL, self->attempt_text, 0, NULL, 0, error->message);
  _se_client_finish_connecting (self, error);
  return G_SOURCE_REMOVE;
}

static void connect_attempt (SeClient *self);

/* Step mode: "Next" makes the held connect(); step mode ending makes it
 * as usual. */
static void
connect_release_cb (GObject    *owner,
                    SeStepKind  kind,
                    gboolean    stepping)
{
  SeClient *self = SE_CLIENT (owner);

  if (!self->connect_held || self->attempt_fd < 0)
    return;
  self->connect_held = FALSE;
  connect_attempt (self);
}

/* A cancel must end a hanging handshake (or a held connect()) now, not
 * at the timeout. */
static void
watch_cancel (SeClient *self)
{
  if (self->cancel_source == NULL && self->task != NULL &&
      g_task_get_cancellable (self->task) != NULL)
    {
      self->cancel_source = g_cancellable_source_new (g_task_get_cancellable (self->task));
      g_source_set_callback (self->cancel_source, G_SOURCE_FUNC (attempt_cancelled_cb), self, NULL);
      g_source_attach (self->cancel_source, g_task_get_context (self->task));
    }
}

static void
start_attempt (SeClient         *self,
               const SeSockaddr *addr,
               int               family)
{
  int fd;

  self->attempt_text = _se_sockaddr_to_string (addr);

  fd = _se_socket_open (family, SOCK_STREAM);
  if (fd < 0)
    {
      int errsv = errno;

      attempt_failed (self, se_error_new_errno (errsv, "socket", self->attempt_text), SE_CALL_SOCKET, errsv);
      return;
    }
  self->attempt_fd = fd;
  _se_socket_log_open (self->log, _se_client_protocol (self), self->id, fd, 0, NULL, self->attempt_text);
  /* Nagle's algorithm off: each send() goes out at once rather than
   * waiting to be merged with the next. */
  if (self->nodelay && family != AF_UNIX)
    _se_socket_set_option (fd, SE_SOCKOPT_TCP_NODELAY, 1, self->log, _se_client_protocol (self), self->id,
                           NULL, self->attempt_text);
  self->attempt_addr = *addr;

  /* Step mode: nothing goes out until "Next" (se-stepper.c). */
  if (_se_stepper_is_on ())
    {
      self->connect_held = TRUE;
      watch_cancel (self);
      _se_stepper_hold (G_OBJECT (self), SE_STEP_CONNECT,
                        _se_step_describe (SE_STEP_CONNECT, _se_client_protocol (self), self->id,
                                           self->attempt_text, 0),
                        connect_release_cb);
      return;
    }
  connect_attempt (self);
}

/* The non-blocking connect() of the attempt's socket. */
static void
connect_attempt (SeClient *self)
{
  const SeSockaddr *addr = &self->attempt_addr;
  int family = addr->addr.ss_family;
  int fd = self->attempt_fd;

  if (connect (fd, (const struct sockaddr *)&addr->addr, addr->len) == 0)
    {
      connected (self, fd);
      return;
    }

  /* For a Unix stream socket EAGAIN is no handshake in progress: the
   * listener's backlog is full. */
  if (errno != EINPROGRESS && !(errno == EAGAIN && family != AF_UNIX))
    {
      int errsv = errno;

      attempt_failed (self, se_error_new_errno (errsv, "connect", self->attempt_text), SE_CALL_CONNECT, errsv);
      return;
    }

  /* The handshake is under way; the socket becomes writable when it ends. */
  if (!_se_watch_start (&self->attempt_watch, fd, EPOLLOUT, attempt_writable_cb, self))
    {
      attempt_failed (self, se_error_new_errno (errno, "epoll_ctl", self->attempt_text), SE_CALL_NONE, 0);
      return;
    }

  watch_cancel (self);
  if (self->connect_timeout > 0)
    self->timeout_source = _se_timeout_source_add (self->connect_timeout, attempt_timeout_cb, self);
}

static void
try_next_address (SeClient *self)
{
  g_autoptr(GInetAddress) address = NULL;
  SeSockaddr addr;

  if (self->task != NULL && g_task_return_error_if_cancelled (self->task))
    {
      g_clear_object (&self->task);
      _se_client_finish_connecting (self, NULL);
      return;
    }

  if (self->addresses == NULL)
    {
      GError *error = g_steal_pointer (&self->last_error);

      if (error == NULL)
        error = g_error_new (SE_ERROR, SE_ERROR_NAME_NOT_FOUND,
                             _("Name not found: “%s” has no address"),
                             se_endpoint_get_host (self->target));
      _se_client_finish_connecting (self, error);
      return;
    }

  address = self->addresses->data;
  self->addresses = g_list_delete_link (self->addresses, self->addresses);

  _se_sockaddr_from_inet (&addr, address, se_endpoint_get_port (self->target));
  start_attempt (self, &addr,
                 g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6 ? AF_INET6 : AF_INET);
}

static void
stream_lookup_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SeClient *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  GList *addresses;

  addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (source), result, &error);

  /* Closed (or cancelled) while looking up: this connect is over. */
  if (self->task != task)
    {
      g_resolver_free_addresses (addresses);
      return;
    }

  if (addresses == NULL)
    {
      _se_client_lookup_failed (self, error);
      return;
    }

  self->addresses = addresses;
  try_next_address (self);
}

void
se_client_connect_async (SeClient            *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GInetAddress) literal = NULL;
  SeProtocol proto;

  g_return_if_fail (SE_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, se_client_connect_async);

  /* A closed connection may be connected again, as a new connection. */
  if (self->connection != NULL &&
      se_connection_get_state (self->connection) == SE_CONNECTION_STATE_CLOSED)
    {
      g_signal_handlers_disconnect_by_data (self->connection, self);
      g_clear_object (&self->connection);
      self->id = _se_next_connection_id ();
      g_object_notify_by_pspec (G_OBJECT (self), _se_client_properties[PROP_CONNECTION]);
    }

  if (self->connecting || self->connection != NULL || self->fd >= 0)
    {
      g_task_return_new_error (task, SE_ERROR, SE_ERROR_FAILED,
                               _("The client is already connected or connecting"));
      return;
    }

  self->connecting = TRUE;
  self->task = g_steal_pointer (&task);
  proto = _se_client_protocol (self);

  if (proto == SE_PROTOCOL_UNIX || proto == SE_PROTOCOL_UNIX_DGRAM)
    {
      const char *path = se_endpoint_get_path (self->target);

      if (!_se_sockaddr_from_unix_path (&self->target_addr, path))
        {
          _se_client_finish_connecting (self, g_error_new (SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
                                                           _("The Unix socket path is empty or too long")));
          return;
        }
      g_free (self->target_text);
      self->target_text = g_strdup (path);

      if (proto == SE_PROTOCOL_UNIX)
        start_attempt (self, &self->target_addr, AF_UNIX);
      else
        _se_client_finish_datagram (self);
      return;
    }

  literal = g_inet_address_new_from_string (se_endpoint_get_host (self->target));

  if (proto == SE_PROTOCOL_TCP)
    {
      if (literal != NULL)
        {
          self->addresses = g_list_prepend (NULL, g_steal_pointer (&literal));
          try_next_address (self);
        }
      else
        g_resolver_lookup_by_name_async (g_resolver_get_default (),
                                         se_endpoint_get_host (self->target),
                                         g_task_get_cancellable (self->task),
                                         stream_lookup_cb, g_object_ref (self->task));
      return;
    }

  /* UDP */
  if (literal != NULL)
    {
      _se_sockaddr_from_inet (&self->target_addr, literal, se_endpoint_get_port (self->target));
      g_free (self->target_text);
      self->target_text = _se_sockaddr_to_string (&self->target_addr);
      _se_client_finish_datagram (self);
      return;
    }

  g_resolver_lookup_by_name_async (g_resolver_get_default (),
                                   se_endpoint_get_host (self->target),
                                   g_task_get_cancellable (self->task),
                                   _se_client_datagram_lookup_cb, g_object_ref (self->task));
}

gboolean
se_client_connect_finish (SeClient      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (SE_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
