/* se-client.c: a client of a TCP, UDP, Unix stream or Unix datagram endpoint
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Stream clients resolve the host without blocking (GResolver), then try
 * each address in turn with a non-blocking connect() and a timeout, like
 * socket.create_connection(). Datagram clients own one socket that sends to
 * the target and receives the replies.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/un.h>
#include <netinet/in.h>

#include <glib/gi18n-lib.h>

#include "se-rate-meter.h"
#include "se-client.h"
#include "se-connection-private.h"
#include "se-datagram-socket-private.h"
#include "se-error.h"
#include "se-reactor-private.h"
#include "se-multicast-private.h"
#include "se-socket-private.h"

struct _SeClient
{
  GObject        parent_instance;

  guint          id;
  SeEndpoint    *target;
  SeTrafficLog  *log;
  guint          connect_timeout;
  SeDatagramOptions datagram_options;  /* UDP: SO_BROADCAST, multicast TTL and loop */
  guint          read_size;     /* recv(bufsize) */
  gboolean       nodelay;       /* TCP_NODELAY on each new socket */
  gboolean       tls_insecure;  /* tls://: accept any certificate (still reported) */
  char          *tls_pin;       /* tls://: accept this SHA-256 fingerprint; NULL: none */
  char          *tls_ca_file;   /* tls://: these authorities instead of the system's */

  /* stream */
  SeConnection  *connection;
  SeRuleSet     *rules;        /* answer what the server sends; NULL: none */

  /* datagram */
  int            fd;            /* datagram.fd, or -1 */
  SeDatagramSocket datagram;
  SeSockaddr     target_addr;
  char          *target_text;
  char          *local_address;
  gboolean       received_unnotified;  /* counters changed in this batch */
  guint64        bytes_sent;        /* datagram counters; a stream */
  guint64        datagrams_sent;    /* client's are its connection's */
  guint64        bytes_received;
  guint64        datagrams_received;

  /* connecting */
  GTask         *task;
  GList         *addresses;      /* GInetAddress*, still to try */
  int            attempt_fd;
  char          *attempt_text;
  SeWatch        attempt_watch;
  GSource       *timeout_source;
  GSource       *cancel_source;  /* the task's cancellable, while attempting */
  GError        *last_error;
  gboolean       connecting;

  SeRateMeter    rates;        /* sampled once a second while connected */
  GSource       *rate_timer;
};

enum {
  PROP_0,
  PROP_CONNECTED,
  PROP_CONNECTION,
  PROP_BYTES_SENT,
  PROP_DATAGRAMS_SENT,
  PROP_BYTES_RECEIVED,
  PROP_DATAGRAMS_RECEIVED,
  PROP_ID,
  PROP_TARGET,
  PROP_LOCAL_ADDRESS,
  PROP_CONNECT_TIMEOUT,
  PROP_BROADCAST,
  PROP_MULTICAST_TTL,
  PROP_MULTICAST_LOOP,
  PROP_READ_SIZE,
  PROP_NODELAY,
  PROP_TLS_INSECURE,
  PROP_TLS_PIN,
  PROP_TLS_CA_FILE,
  PROP_RATE_FIRST,
  N_PROPS = PROP_RATE_FIRST + SE_RATE_N_KINDS
};

enum {
  RECEIVED,
  CLOSED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SeClient, se_client, G_TYPE_OBJECT)

static void try_next_address (SeClient *self);

/* helpers */

static SeProtocol
protocol (SeClient *self)
{
  return se_endpoint_get_protocol (self->target);
}

/* Appends an event of this client: its protocol and id (a stream
 * client's connection shares it, so its whole story is one thread). */
static void
append_info (SeClient    *self,
             SeEventInfo *info)
{
  if (self->log == NULL)
    return;

  info->protocol = protocol (self);
  info->connection_id = self->id;
  se_traffic_log_append_info (self->log, info);
}

static void
log_event (SeClient     *self,
           SeEventKind   kind,
           const char   *local,
           const char   *remote,
           guint64       size,
           const guint8 *data,
           gsize         data_len,
           const char   *detail)
{
  SeEventInfo info = {
    .kind = kind,
    .local = local,
    .remote = remote,
    .size = size,
    .data = data,
    .data_len = data_len,
    .text = detail,
  };

  append_info (self, &info);
}

/* A call that failed with errsv, as an error event naming it. */
static void
log_failed_call (SeClient   *self,
                 const char *local,
                 const char *remote,
                 const char *detail,
                 SeCall      call,
                 int         errsv,
                 gsize       asked)
{
  SeEventInfo info = {
    .kind = SE_EVENT_ERROR,
    .local = local,
    .remote = remote,
    .text = detail,
    .call = call,
    .ret = -1,
    .error_number = call != SE_CALL_NONE ? errsv : 0,
    .asked = (guint32) MIN (asked, G_MAXUINT32),
  };

  append_info (self, &info);
}

static gboolean
rate_tick_cb (gpointer user_data)
{
  SeClient *self = user_data;
  gint64 now = g_get_monotonic_time ();
  guint64 totals[SE_RATE_N_KINDS];

  /* A stream client's traffic is its connection's. */
  if (self->connection != NULL)
    {
      _se_connection_sample_rates (self->connection, now);
      totals[SE_RATE_BYTES_RECEIVED] = se_connection_get_bytes_received (self->connection);
      totals[SE_RATE_BYTES_SENT] = se_connection_get_bytes_sent (self->connection);
      totals[SE_RATE_MESSAGES_RECEIVED] = se_connection_get_messages_received (self->connection);
      totals[SE_RATE_MESSAGES_SENT] = se_connection_get_messages_sent (self->connection);
    }
  else
    {
      totals[SE_RATE_BYTES_RECEIVED] = self->bytes_received;
      totals[SE_RATE_BYTES_SENT] = self->bytes_sent;
      totals[SE_RATE_MESSAGES_RECEIVED] = self->datagrams_received;
      totals[SE_RATE_MESSAGES_SENT] = self->datagrams_sent;
    }
  se_rate_meter_notify (G_OBJECT (self), properties, PROP_RATE_FIRST,
                        se_rate_meter_sample (&self->rates, now, totals));

  return G_SOURCE_CONTINUE;
}

/* Every change of connected comes through here: the rates are sampled
 * while connected (or open, for datagrams). */
static void
notify_connected (SeClient *self)
{
  gboolean connected = se_client_get_connected (self);

  if (connected && self->rate_timer == NULL)
    {
      se_rate_meter_init (&self->rates);
      rate_tick_cb (self);  /* the baseline */
      self->rate_timer = se_rate_meter_timer_new (rate_tick_cb, self);
    }
  else if (!connected && self->rate_timer != NULL)
    {
      se_rate_meter_timer_clear (&self->rate_timer);
      se_rate_meter_notify (G_OBJECT (self), properties, PROP_RATE_FIRST,
                            se_rate_meter_reset (&self->rates));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

static void
cancel_attempt (SeClient *self)
{
  _se_watch_clear (&self->attempt_watch);
  _se_source_clear (&self->timeout_source);
  if (self->attempt_fd >= 0)
    {
      /* The failed attempt's socket: its state asked before close(). */
      SeEventInfo info = {
        .kind = SE_EVENT_CLOSE,
        .remote = self->attempt_text,
        .call = SE_CALL_CLOSE,
        .tcp_state = protocol (self) == SE_PROTOCOL_TCP ? _se_socket_tcp_state (self->attempt_fd) : SE_TCP_STATE_NONE,
      };

      close (self->attempt_fd);
      self->attempt_fd = -1;
      append_info (self, &info);
    }
  g_clear_pointer (&self->attempt_text, g_free);
}

static void
finish_connecting (SeClient *self,
                   GError   *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  if (self->cancel_source != NULL)
    {
      g_source_destroy (self->cancel_source);
      g_clear_pointer (&self->cancel_source, g_source_unref);
    }
  cancel_attempt (self);
  g_list_free_full (g_steal_pointer (&self->addresses), g_object_unref);
  g_clear_error (&self->last_error);
  self->connecting = FALSE;

  if (task == NULL)
    {
      g_clear_error (&error);
      return;
    }

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

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

      log_failed_call (self, NULL, self->attempt_text, detail, call, errsv, 0);
    }
  else
    log_failed_call (self, NULL, self->attempt_text, error->message, call, errsv, 0);
  g_clear_error (&self->last_error);
  self->last_error = error;
  cancel_attempt (self);
  try_next_address (self);
}

static void
connection_received_cb (SeConnection *connection,
                        GBytes       *bytes,
                        SeClient     *self)
{
  g_signal_emit (self, signals[RECEIVED], 0, bytes,
                 se_connection_get_remote_address (connection));
}

static void
connection_closed_cb (SeConnection *connection,
                      SeClient     *self)
{
  notify_connected (self);
  g_signal_emit (self, signals[CLOSED], 0);
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
  self->connection = _se_connection_new (fd, self->id, protocol (self), FALSE, self->log, NULL,
                                         NULL, NULL, 0);
  _se_connection_set_read_size (self->connection, self->read_size);
  _se_connection_set_rules (self->connection, self->rules);
  {
    SeEventInfo info = {
      .kind = SE_EVENT_CONNECT,
      .local = se_connection_get_local_address (self->connection),
      .remote = se_connection_get_remote_address (self->connection),
      .detail = SE_EVENT_DETAIL_CONNECTED,
      .call = SE_CALL_CONNECT,
      .tcp_state = protocol (self) == SE_PROTOCOL_TCP ? _se_socket_tcp_state (fd) : SE_TCP_STATE_NONE,
    };

    append_info (self, &info);
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
          finish_connecting (self, g_steal_pointer (&error));
          return;
        }
    }

  g_signal_connect_object (self->connection, "received",
                           G_CALLBACK (connection_received_cb), self, 0);
  g_signal_connect_object (self->connection, "closed",
                           G_CALLBACK (connection_closed_cb), self, 0);
  _se_connection_start (self->connection);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
  notify_connected (self);
  finish_connecting (self, NULL);
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
  log_event (self, SE_EVENT_ERROR, NULL, self->attempt_text, 0, NULL, 0, error->message);
  finish_connecting (self, error);
  return G_SOURCE_REMOVE;
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
  _se_socket_log_open (self->log, protocol (self), self->id, fd, 0, NULL, self->attempt_text);
  /* Nagle's algorithm off: each send() goes out at once rather than
   * waiting to be merged with the next. */
  if (self->nodelay && family != AF_UNIX)
    _se_socket_set_option (fd, SE_SOCKOPT_TCP_NODELAY, 1, self->log, protocol (self), self->id,
                           NULL, self->attempt_text);

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

  /* A cancel must end a hanging handshake now, not at the timeout. */
  if (self->cancel_source == NULL && self->task != NULL &&
      g_task_get_cancellable (self->task) != NULL)
    {
      self->cancel_source = g_cancellable_source_new (g_task_get_cancellable (self->task));
      g_source_set_callback (self->cancel_source, G_SOURCE_FUNC (attempt_cancelled_cb), self, NULL);
      g_source_attach (self->cancel_source, g_task_get_context (self->task));
    }
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
      finish_connecting (self, NULL);
      return;
    }

  if (self->addresses == NULL)
    {
      GError *error = g_steal_pointer (&self->last_error);

      if (error == NULL)
        error = g_error_new (SE_ERROR, SE_ERROR_NAME_NOT_FOUND,
                             _("Name not found: “%s” has no address"),
                             se_endpoint_get_host (self->target));
      finish_connecting (self, error);
      return;
    }

  address = self->addresses->data;
  self->addresses = g_list_delete_link (self->addresses, self->addresses);

  _se_sockaddr_from_inet (&addr, address, se_endpoint_get_port (self->target));
  start_attempt (self, &addr,
                 g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6 ? AF_INET6 : AF_INET);
}

/* datagram */

static void
datagram_received_cb (SeDatagramSocket *socket,
                      const SeDatagram *datagram,
                      gpointer          user_data)
{
  SeClient *self = user_data;
  g_autoptr(GBytes) bytes = NULL;
  SeEventInfo info = {
    .kind = SE_EVENT_RECEIVE,
    .local = self->local_address,
    .remote = datagram->from_text,
    .size = datagram->size,
    .data = datagram->data,
    .data_len = datagram->kept,
    .detail = datagram->size > datagram->kept ? SE_EVENT_DETAIL_TRUNCATED : SE_EVENT_DETAIL_TEXT,
    .call = SE_CALL_RECVFROM,
    .ret = datagram->size,
    .asked = _se_datagram_socket_get_read_size (socket),
  };

  append_info (self, &info);
  self->bytes_received += datagram->size;
  self->datagrams_received++;
  self->received_unnotified = TRUE;

  bytes = g_bytes_new (datagram->data, datagram->kept);
  g_signal_emit (self, signals[RECEIVED], 0, bytes, datagram->from_text);
}

/* The counters are notified once per batch, not per datagram. */
static void
datagram_batch_done_cb (SeDatagramSocket *socket,
                        gpointer          user_data)
{
  SeClient *self = user_data;

  if (self->received_unnotified)
    {
      self->received_unnotified = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_RECEIVED]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATAGRAMS_RECEIVED]);
    }
}

static void
datagram_failed_cb (SeDatagramSocket *socket,
                    int               errsv,
                    gpointer          user_data)
{
  SeClient *self = user_data;
  g_autoptr(GError) error = se_error_new_errno (errsv, "recvfrom", self->target_text);

  log_failed_call (self, self->local_address, self->target_text, error->message,
                   SE_CALL_RECVFROM, errsv, _se_datagram_socket_get_read_size (socket));
}

static const SeDatagramFuncs datagram_funcs = {
  .received = datagram_received_cb,
  .batch_done = datagram_batch_done_cb,
  .failed = datagram_failed_cb,
};

static gboolean
open_datagram (SeClient  *self,
               int        family,
               GError   **error)
{
  /* A client closed and opened again starts with no local address, and
   * counts afresh, as a stream client's new connection does. */
  g_clear_pointer (&self->local_address, g_free);
  self->bytes_sent = self->datagrams_sent = 0;
  self->bytes_received = self->datagrams_received = 0;
  for (guint i = PROP_BYTES_SENT; i <= PROP_DATAGRAMS_RECEIVED; i++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[i]);
  self->fd = _se_socket_open (family, SOCK_DGRAM);
  if (self->fd < 0)
    {
      se_set_error_errno (error, errno, "socket", self->target_text);
      return FALSE;
    }
  _se_socket_log_open (self->log, protocol (self), self->id, self->fd, 0, NULL, self->target_text);

  if (family == AF_UNIX)
    {
      sa_family_t autobind = AF_UNIX;

      /* Binding with only the family asks Linux for a unique abstract
       * address: without one, the server could not reply. */
      if (bind (self->fd, (const struct sockaddr *)&autobind, sizeof autobind) != 0)
        {
          se_set_error_errno (error, errno, "bind", NULL);
          close (self->fd);
          self->fd = -1;
          return FALSE;
        }
      self->local_address = _se_socket_local_string (self->fd);
      {
        SeEventInfo info = {
          .kind = SE_EVENT_BIND,
          .local = self->local_address,
          .text = _("autobind: the system gave this socket an abstract address so that replies can come back"),
          .call = SE_CALL_BIND,
        };

        append_info (self, &info);
      }
    }
  else
    {
      self->local_address = g_strdup ("");
    }

  if (!_se_datagram_options_apply (&self->datagram_options, self->fd, family, NULL, self->log,
                                   se_endpoint_get_protocol (self->target), self->local_address, error))
    {
      close (self->fd);
      self->fd = -1;
      return FALSE;
    }

  _se_datagram_socket_set_read_size (&self->datagram, self->read_size);
  if (!_se_datagram_socket_start (&self->datagram, self->fd, &datagram_funcs, self))
    {
      se_set_error_errno (error, errno, "epoll_ctl", self->target_text);
      close (self->fd);
      self->fd = -1;
      return FALSE;
    }
  notify_connected (self);
  return TRUE;
}

/* Opens the datagram socket for target_addr and ends the connect with
 * the outcome. */
static void
finish_datagram (SeClient *self)
{
  GError *error = NULL;

  if (!open_datagram (self, self->target_addr.addr.ss_family, &error))
    log_event (self, SE_EVENT_ERROR, NULL, self->target_text, 0, NULL, 0, error->message);
  finish_connecting (self, error);
}

/* The target's name did not resolve: say so in plain words, in the log
 * and to the caller. */
static void
lookup_failed (SeClient     *self,
               const GError *error)
{
  GError *nice;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    nice = g_error_new (SE_ERROR, SE_ERROR_CANCELLED, _("Cancelled"));
  else
    nice = g_error_new (SE_ERROR, SE_ERROR_NAME_NOT_FOUND,
                        _("Name not found: “%s” could not be resolved (%s)"),
                        se_endpoint_get_host (self->target), error->message);
  log_event (self, SE_EVENT_ERROR, NULL, se_endpoint_get_host (self->target),
             0, NULL, 0, nice->message);
  finish_connecting (self, nice);
}

static void
datagram_lookup_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SeClient *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  GList *addresses;
  GInetAddress *chosen = NULL;

  addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (source), result, &error);

  /* Closed (or cancelled) while looking up: this connect is over. */
  if (self->task != task)
    {
      g_resolver_free_addresses (addresses);
      return;
    }

  if (addresses == NULL)
    {
      lookup_failed (self, error);
      return;
    }

  /* A datagram gets no answer to say an address was wrong, so prefer
   * IPv4 the way the seeds' AF_INET sockets do. */
  for (GList *l = addresses; l != NULL; l = l->next)
    if (g_inet_address_get_family (l->data) == G_SOCKET_FAMILY_IPV4)
      {
        chosen = l->data;
        break;
      }
  if (chosen == NULL)
    chosen = addresses->data;

  _se_sockaddr_from_inet (&self->target_addr, chosen, se_endpoint_get_port (self->target));
  g_free (self->target_text);
  self->target_text = _se_sockaddr_to_string (&self->target_addr);
  g_resolver_free_addresses (addresses);

  finish_datagram (self);
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
      lookup_failed (self, error);
      return;
    }

  self->addresses = addresses;
  try_next_address (self);
}

/* overrides */

static void
se_client_dispose (GObject *object)
{
  SeClient *self = (SeClient *)object;

  if (self->task != NULL)
    finish_connecting (self, g_error_new (SE_ERROR, SE_ERROR_CANCELLED, _("Cancelled")));
  cancel_attempt (self);
  se_rate_meter_timer_clear (&self->rate_timer);

  if (self->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->connection, self);
      _se_connection_close_now (self->connection);
      g_clear_object (&self->connection);
    }

  if (self->fd >= 0)
    se_client_close (self);

  g_clear_object (&self->log);

  G_OBJECT_CLASS (se_client_parent_class)->dispose (object);
}

static void
se_client_finalize (GObject *object)
{
  SeClient *self = (SeClient *)object;

  g_clear_pointer (&self->target, se_endpoint_unref);
  g_free (self->target_text);
  g_free (self->local_address);
  _se_datagram_socket_clear (&self->datagram);
  _se_datagram_options_clear (&self->datagram_options);
  g_clear_error (&self->last_error);
  g_clear_pointer (&self->rules, se_rule_set_unref);
  g_free (self->tls_pin);
  g_free (self->tls_ca_file);

  G_OBJECT_CLASS (se_client_parent_class)->finalize (object);
}

static void
se_client_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SeClient *self = SE_CLIENT (object);

  if (prop_id >= PROP_RATE_FIRST && prop_id < N_PROPS)
    {
      g_value_set_double (value, se_rate_meter_get (&self->rates, prop_id - PROP_RATE_FIRST));
      return;
    }

  switch (prop_id)
    {
    case PROP_CONNECTED:
      g_value_set_boolean (value, se_client_get_connected (self));
      break;
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    case PROP_ID:
      g_value_set_uint (value, self->id);
      break;
    case PROP_TARGET:
      g_value_set_boxed (value, self->target);
      break;
    case PROP_LOCAL_ADDRESS:
      g_value_set_string (value, se_client_get_local_address (self));
      break;
    case PROP_CONNECT_TIMEOUT:
      g_value_set_uint (value, self->connect_timeout);
      break;
    case PROP_BROADCAST:
      g_value_set_boolean (value, self->datagram_options.broadcast);
      break;
    case PROP_MULTICAST_TTL:
      g_value_set_int (value, self->datagram_options.ttl);
      break;
    case PROP_MULTICAST_LOOP:
      g_value_set_boolean (value, self->datagram_options.loop);
      break;
    case PROP_READ_SIZE:
      g_value_set_uint (value, self->read_size);
      break;
    case PROP_NODELAY:
      g_value_set_boolean (value, self->nodelay);
      break;
    case PROP_TLS_INSECURE:
      g_value_set_boolean (value, self->tls_insecure);
      break;
    case PROP_TLS_PIN:
      g_value_set_string (value, self->tls_pin);
      break;
    case PROP_TLS_CA_FILE:
      g_value_set_string (value, self->tls_ca_file);
      break;
    case PROP_BYTES_SENT:
      g_value_set_uint64 (value, self->bytes_sent);
      break;
    case PROP_DATAGRAMS_SENT:
      g_value_set_uint64 (value, self->datagrams_sent);
      break;
    case PROP_BYTES_RECEIVED:
      g_value_set_uint64 (value, self->bytes_received);
      break;
    case PROP_DATAGRAMS_RECEIVED:
      g_value_set_uint64 (value, self->datagrams_received);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
se_client_class_init (SeClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = se_client_dispose;
  object_class->finalize = se_client_finalize;
  object_class->get_property = se_client_get_property;

  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, SE_TYPE_CONNECTION,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Datagram clients: what this opening of the socket sent and received
   * (a stream client's counters are its connection's). */
  properties[PROP_BYTES_SENT] =
    g_param_spec_uint64 ("bytes-sent", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATAGRAMS_SENT] =
    g_param_spec_uint64 ("datagrams-sent", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BYTES_RECEIVED] =
    g_param_spec_uint64 ("bytes-received", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATAGRAMS_RECEIVED] =
    g_param_spec_uint64 ("datagrams-received", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ID] =
    g_param_spec_uint ("id", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TARGET] =
    g_param_spec_boxed ("target", NULL, NULL, SE_TYPE_ENDPOINT,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* Told with connected: it changes when the socket is bound or closed. */
  properties[PROP_LOCAL_ADDRESS] =
    g_param_spec_string ("local-address", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECT_TIMEOUT] =
    g_param_spec_uint ("connect-timeout", NULL, NULL, 0, G_MAXUINT, SE_CLIENT_DEFAULT_CONNECT_TIMEOUT_MS,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* UDP: set on the socket when it opens. */
  properties[PROP_BROADCAST] =
    g_param_spec_boolean ("broadcast", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MULTICAST_TTL] =
    g_param_spec_int ("multicast-ttl", NULL, NULL, -1, 255, -1,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MULTICAST_LOOP] =
    g_param_spec_boolean ("multicast-loop", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READ_SIZE] =
    g_param_spec_uint ("read-size", NULL, NULL, 1, SE_CONNECTION_READ_SIZE_DEFAULT,
                       SE_CONNECTION_READ_SIZE_DEFAULT,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NODELAY] =
    g_param_spec_boolean ("nodelay", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TLS_INSECURE] =
    g_param_spec_boolean ("tls-insecure", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TLS_PIN] =
    g_param_spec_string ("tls-pin", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TLS_CA_FILE] =
    g_param_spec_string ("tls-ca-file", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* Bytes and messages per second over the last second (se-rate-meter.h). */
  se_rate_meter_make_properties (properties, PROP_RATE_FIRST);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SeClient::received:
   * @data: the bytes of one recv() or one datagram
   * @from: the sender, in endpoint-address form
   */
  signals[RECEIVED] =
    g_signal_new ("received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_BYTES, G_TYPE_STRING);
  signals[CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
se_client_init (SeClient *self)
{
  self->fd = -1;
  _se_datagram_socket_init (&self->datagram);
  _se_datagram_options_init (&self->datagram_options);
  self->attempt_fd = -1;
  self->connect_timeout = SE_CLIENT_DEFAULT_CONNECT_TIMEOUT_MS;
  self->read_size = SE_CONNECTION_READ_SIZE_DEFAULT;
}

/* public API */

gboolean
se_client_get_broadcast (SeClient *self)
{
  g_return_val_if_fail (SE_IS_CLIENT (self), FALSE);

  return self->datagram_options.broadcast;
}

void
se_client_set_broadcast (SeClient *self,
                         gboolean  broadcast)
{
  g_return_if_fail (SE_IS_CLIENT (self));

  broadcast = !!broadcast;
  if (self->datagram_options.broadcast == broadcast)
    return;
  self->datagram_options.broadcast = broadcast;
  /* An open socket changes at once, like Python's setsockopt() would,
   * and the log shows the call as it shows every other option. */
  if (self->fd >= 0 && self->connection == NULL)
    _se_socket_set_option (self->fd, SE_SOCKOPT_SO_BROADCAST, broadcast, self->log,
                           se_endpoint_get_protocol (self->target), 0, self->local_address, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BROADCAST]);
}

int
se_client_get_multicast_ttl (SeClient *self)
{
  g_return_val_if_fail (SE_IS_CLIENT (self), -1);

  return self->datagram_options.ttl;
}

void
se_client_set_multicast_ttl (SeClient *self,
                             int       ttl)
{
  g_return_if_fail (SE_IS_CLIENT (self));

  if (_se_datagram_options_set_ttl (&self->datagram_options, ttl))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MULTICAST_TTL]);
}

gboolean
se_client_get_multicast_loop (SeClient *self)
{
  g_return_val_if_fail (SE_IS_CLIENT (self), TRUE);

  return self->datagram_options.loop;
}

void
se_client_set_multicast_loop (SeClient *self,
                              gboolean  loop)
{
  g_return_if_fail (SE_IS_CLIENT (self));

  if (_se_datagram_options_set_loop (&self->datagram_options, loop))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MULTICAST_LOOP]);
}

SeClient *
se_client_new (SeEndpoint   *target,
               SeTrafficLog *log)
{
  SeClient *self;

  g_return_val_if_fail (target != NULL, NULL);
  g_return_val_if_fail (log == NULL || SE_IS_TRAFFIC_LOG (log), NULL);

  self = g_object_new (SE_TYPE_CLIENT, NULL);
  self->target = se_endpoint_ref (target);
  self->log = log ? g_object_ref (log) : NULL;
  self->id = _se_next_connection_id ();

  return self;
}

SeEndpoint *
se_client_get_target (SeClient *self)
{
  g_return_val_if_fail (SE_IS_CLIENT (self), NULL);
  return self->target;
}

guint
se_client_get_id (SeClient *self)
{
  g_return_val_if_fail (SE_IS_CLIENT (self), 0);
  return self->id;
}

SeRuleSet *
se_client_get_rules (SeClient *self)
{
  g_return_val_if_fail (SE_IS_CLIENT (self), NULL);
  return self->rules;
}

/* Stream clients: takes effect when the client connects. */
void
se_client_set_rules (SeClient  *self,
                     SeRuleSet *rules)
{
  g_return_if_fail (SE_IS_CLIENT (self));

  if (rules != NULL)
    se_rule_set_ref (rules);
  g_clear_pointer (&self->rules, se_rule_set_unref);
  self->rules = rules;
}

guint
se_client_get_connect_timeout (SeClient *self)
{
  g_return_val_if_fail (SE_IS_CLIENT (self), 0);
  return self->connect_timeout;
}

void
se_client_set_connect_timeout (SeClient *self,
                               guint     timeout_ms)
{
  g_return_if_fail (SE_IS_CLIENT (self));

  if (self->connect_timeout == timeout_ms)
    return;

  self->connect_timeout = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECT_TIMEOUT]);
}

guint
se_client_get_read_size (SeClient *self)
{
  g_return_val_if_fail (SE_IS_CLIENT (self), SE_CONNECTION_READ_SIZE_DEFAULT);
  return self->read_size;
}

void
se_client_set_read_size (SeClient *self,
                         guint     read_size)
{
  g_return_if_fail (SE_IS_CLIENT (self));

  read_size = CLAMP (read_size, 1, SE_CONNECTION_READ_SIZE_DEFAULT);
  if (self->read_size == read_size)
    return;
  self->read_size = read_size;
  if (self->connection != NULL)
    _se_connection_set_read_size (self->connection, read_size);
  _se_datagram_socket_set_read_size (&self->datagram, read_size);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_SIZE]);
}

gboolean
se_client_get_nodelay (SeClient *self)
{
  g_return_val_if_fail (SE_IS_CLIENT (self), FALSE);
  return self->nodelay;
}

void
se_client_set_nodelay (SeClient *self,
                       gboolean  nodelay)
{
  g_return_if_fail (SE_IS_CLIENT (self));

  nodelay = !!nodelay;
  if (self->nodelay == nodelay)
    return;
  self->nodelay = nodelay;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NODELAY]);
}

gboolean
se_client_get_tls_insecure (SeClient *self)
{
  g_return_val_if_fail (SE_IS_CLIENT (self), FALSE);

  return self->tls_insecure;
}

void
se_client_set_tls_insecure (SeClient *self,
                            gboolean  insecure)
{
  g_return_if_fail (SE_IS_CLIENT (self));

  insecure = !!insecure;
  if (self->tls_insecure == insecure)
    return;
  self->tls_insecure = insecure;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TLS_INSECURE]);
}

const char *
se_client_get_tls_pin (SeClient *self)
{
  g_return_val_if_fail (SE_IS_CLIENT (self), NULL);

  return self->tls_pin;
}

void
se_client_set_tls_pin (SeClient   *self,
                       const char *fingerprint)
{
  g_return_if_fail (SE_IS_CLIENT (self));

  if (fingerprint != NULL && *fingerprint == '\0')
    fingerprint = NULL;
  if (g_strcmp0 (self->tls_pin, fingerprint) == 0)
    return;
  g_free (self->tls_pin);
  self->tls_pin = g_strdup (fingerprint);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TLS_PIN]);
}

const char *
se_client_get_tls_ca_file (SeClient *self)
{
  g_return_val_if_fail (SE_IS_CLIENT (self), NULL);

  return self->tls_ca_file;
}

void
se_client_set_tls_ca_file (SeClient   *self,
                           const char *ca_file)
{
  g_return_if_fail (SE_IS_CLIENT (self));

  if (ca_file != NULL && *ca_file == '\0')
    ca_file = NULL;
  if (g_strcmp0 (self->tls_ca_file, ca_file) == 0)
    return;
  g_free (self->tls_ca_file);
  self->tls_ca_file = g_strdup (ca_file);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TLS_CA_FILE]);
}

SeConnection *
se_client_get_connection (SeClient *self)
{
  g_return_val_if_fail (SE_IS_CLIENT (self), NULL);
  return self->connection;
}

const char *
se_client_get_local_address (SeClient *self)
{
  g_return_val_if_fail (SE_IS_CLIENT (self), NULL);

  if (self->connection != NULL)
    return se_connection_get_local_address (self->connection);
  return self->local_address ? self->local_address : "";
}

gboolean
se_client_get_connected (SeClient *self)
{
  g_return_val_if_fail (SE_IS_CLIENT (self), FALSE);

  if (se_endpoint_is_stream (self->target))
    return self->connection != NULL &&
           se_connection_get_state (self->connection) != SE_CONNECTION_STATE_CLOSED;
  return self->fd >= 0;
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
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
    }

  if (self->connecting || self->connection != NULL || self->fd >= 0)
    {
      g_task_return_new_error (task, SE_ERROR, SE_ERROR_FAILED,
                               _("The client is already connected or connecting"));
      return;
    }

  self->connecting = TRUE;
  self->task = g_steal_pointer (&task);
  proto = protocol (self);

  if (proto == SE_PROTOCOL_UNIX || proto == SE_PROTOCOL_UNIX_DGRAM)
    {
      const char *path = se_endpoint_get_path (self->target);

      if (!_se_sockaddr_from_unix_path (&self->target_addr, path))
        {
          finish_connecting (self, g_error_new (SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
                                                _("The Unix socket path is empty or too long")));
          return;
        }
      g_free (self->target_text);
      self->target_text = g_strdup (path);

      if (proto == SE_PROTOCOL_UNIX)
        start_attempt (self, &self->target_addr, AF_UNIX);
      else
        finish_datagram (self);
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
      finish_datagram (self);
      return;
    }

  g_resolver_lookup_by_name_async (g_resolver_get_default (),
                                   se_endpoint_get_host (self->target),
                                   g_task_get_cancellable (self->task),
                                   datagram_lookup_cb, g_object_ref (self->task));
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

gboolean
se_client_send (SeClient  *self,
                GBytes    *data,
                GError   **error)
{
  gsize len;
  const guint8 *bytes;
  ssize_t n;

  g_return_val_if_fail (SE_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  if (se_endpoint_is_stream (self->target))
    {
      if (self->connection == NULL)
        {
          g_set_error (error, SE_ERROR, SE_ERROR_CLOSED,
                       _("Cannot send: the client is not connected"));
          return FALSE;
        }
      return se_connection_send (self->connection, data, error);
    }

  if (self->fd < 0)
    {
      g_set_error (error, SE_ERROR, SE_ERROR_CLOSED,
                   _("Cannot send: the client's socket is closed"));
      return FALSE;
    }

  bytes = g_bytes_get_data (data, &len);
  do
    n = sendto (self->fd, bytes, len, MSG_NOSIGNAL,
                (const struct sockaddr *)&self->target_addr.addr, self->target_addr.len);
  while (n < 0 && errno == EINTR);

  if (n < 0)
    {
      /* error may be NULL: the failure is logged all the same. */
      int errsv = errno;
      GError *local_error = se_error_new_errno (errsv, "sendto", self->target_text);

      if (errsv == EACCES && !self->datagram_options.broadcast &&
          _se_sockaddr_may_be_broadcast (&self->target_addr))
        {
          g_autofree char *message = local_error->message;

          local_error->message =
            /* Translators: appended to "sendto(…): Permission denied (EACCES)" */
            g_strdup_printf (_("%s: %s is a broadcast address, and sending to one needs SO_BROADCAST (turn on Broadcast, or --broadcast)"),
                             message, self->target_text);
        }

      log_failed_call (self, self->local_address, self->target_text, local_error->message,
                       SE_CALL_SENDTO, errsv, len);
      g_propagate_error (error, local_error);
      return FALSE;
    }

  /* The first sendto() on an unbound UDP socket binds it: show where. */
  if (self->local_address == NULL || self->local_address[0] == '\0')
    {
      g_free (self->local_address);
      self->local_address = _se_socket_local_string (self->fd);
    }

  {
    SeEventInfo info = {
      .kind = SE_EVENT_SEND,
      .local = self->local_address,
      .remote = self->target_text,
      .size = n,
      .data = bytes,
      .data_len = n,
      .call = SE_CALL_SENDTO,
      .ret = n,
      .asked = (guint32) MIN (len, G_MAXUINT32),
    };

    append_info (self, &info);
  }
  self->bytes_sent += n;
  self->datagrams_sent++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_SENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATAGRAMS_SENT]);
  return TRUE;
}

#define DEFINE_COUNTER(name)                              \
guint64                                                   \
se_client_get_##name (SeClient *self)                    \
{                                                         \
  g_return_val_if_fail (SE_IS_CLIENT (self), 0);          \
  return self->name;                                      \
}

DEFINE_COUNTER (bytes_sent)
DEFINE_COUNTER (datagrams_sent)
DEFINE_COUNTER (bytes_received)
DEFINE_COUNTER (datagrams_received)

gboolean
se_client_shutdown (SeClient  *self,
                    GError   **error)
{
  g_return_val_if_fail (SE_IS_CLIENT (self), FALSE);

  if (!se_endpoint_is_stream (self->target))
    {
      g_set_error (error, SE_ERROR, SE_ERROR_FAILED,
                   _("A datagram socket has no connection to half-close"));
      return FALSE;
    }
  if (self->connection == NULL)
    {
      g_set_error (error, SE_ERROR, SE_ERROR_CLOSED,
                   _("Cannot shut down: the client is not connected"));
      return FALSE;
    }
  return se_connection_shutdown (self->connection, error);
}

void
se_client_close (SeClient *self)
{
  g_return_if_fail (SE_IS_CLIENT (self));

  if (self->task != NULL)
    finish_connecting (self, g_error_new (SE_ERROR, SE_ERROR_CANCELLED,
                                          _("Cancelled: the client was closed while connecting")));

  if (self->connection != NULL)
    {
      se_connection_close (self->connection);
      return;
    }

  if (self->fd >= 0)
    {
      SeEventInfo info = {
        .kind = SE_EVENT_CLOSE,
        .local = self->local_address,
        .remote = self->target_text,
        .call = SE_CALL_CLOSE,
      };

      _se_datagram_socket_close (&self->datagram);
      self->fd = -1;
      append_info (self, &info);
      notify_connected (self);
      g_signal_emit (self, signals[CLOSED], 0);
    }
}

void
se_client_reset (SeClient *self)
{
  g_return_if_fail (SE_IS_CLIENT (self));

  if (self->connection != NULL)
    se_connection_reset (self->connection);
  else
    se_client_close (self);
}
