/* se-listener.c: a TCP, UDP, Unix stream or Unix datagram listener
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Stream listeners accept on the main loop and hand each peer to an
 * SeConnection; datagram listeners read each datagram, run the responder
 * and reply to the sender's address. One non-blocking socket each, watched
 * with g_unix_fd_add_full(); nothing blocks the loop.
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
#include <glib-unix.h>

#include "se-connection-private.h"
#include "se-error.h"
#include "se-listener.h"
#include "se-socket-private.h"

/* Accept at most this many peers per wake-up, so one busy listener cannot
 * starve the rest of the loop. */
#define ACCEPT_BATCH 64
#define DATAGRAM_BATCH 64
/* Peers remembered by a datagram listener (for "send to all"). */
#define MAX_PEERS 1024

typedef struct
{
  char       *text;
  SeSockaddr  addr;
} Peer;

struct _SeListener
{
  GObject        parent_instance;

  guint          id;
  SeEndpoint    *endpoint;
  SeResponder   *responder;
  SeTrafficLog  *log;
  guint          backlog;

  int            fd;
  guint          source;
  guint          retry_source;
  char          *local_address;
  gboolean       running;
  /* The start that waits for its name lookup (owned by the lookup). */
  GTask         *start_task;

  /* Unix socket file we created, to remove on stop (only if it is still ours). */
  char          *unix_path;
  dev_t          unix_dev;
  ino_t          unix_ino;

  GListStore    *connections;

  GPtrArray     *peers;       /* Peer* */
  GPtrArray     *peer_names;  /* char*, NULL-terminated view of the peers */
  guint8        *buffer;
};

enum {
  PROP_0,
  PROP_ENDPOINT,
  PROP_RUNNING,
  PROP_BACKLOG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SeListener, se_listener, G_TYPE_OBJECT)

static gboolean se_listener_accept_cb   (int fd, GIOCondition condition, gpointer user_data);
static gboolean se_listener_datagram_cb (int fd, GIOCondition condition, gpointer user_data);

/* helpers */

static void
peer_free (gpointer data)
{
  Peer *peer = data;

  g_free (peer->text);
  g_free (peer);
}

static SeProtocol
protocol (SeListener *self)
{
  return se_endpoint_get_protocol (self->endpoint);
}

static void
log_event (SeListener   *self,
           SeEventKind   kind,
           const char   *remote,
           guint64       size,
           const guint8 *data,
           gsize         data_len,
           const char   *detail)
{
  if (self->log == NULL)
    return;

  se_traffic_log_append (self->log, kind, protocol (self), 0,
                         self->local_address ? self->local_address : "",
                         remote ? remote : "", size, data, data_len, detail);
}

static void
log_error (SeListener   *self,
           const GError *error)
{
  log_event (self, SE_EVENT_ERROR, NULL, 0, NULL, 0, error->message);
}

static void
set_running (SeListener *self,
             gboolean    running)
{
  if (self->running == running)
    return;

  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
remember_peer (SeListener       *self,
               const SeSockaddr *addr,
               const char       *text)
{
  Peer *peer;

  for (guint i = 0; i < self->peers->len; i++)
    {
      Peer *p = g_ptr_array_index (self->peers, i);

      if (p->addr.len == addr->len && memcmp (&p->addr.addr, &addr->addr, addr->len) == 0)
        return;
    }

  if (self->peers->len >= MAX_PEERS)
    return;

  peer = g_new0 (Peer, 1);
  peer->text = g_strdup (text);
  peer->addr = *addr;
  g_ptr_array_add (self->peers, peer);

  /* Keep the NULL-terminated name view in step. */
  g_ptr_array_remove_index (self->peer_names, self->peer_names->len - 1);
  g_ptr_array_add (self->peer_names, peer->text);
  g_ptr_array_add (self->peer_names, NULL);
}

static gboolean
send_datagram (SeListener       *self,
               const SeSockaddr *to,
               const char       *to_text,
               GBytes           *data,
               GError          **error)
{
  gsize len;
  const guint8 *bytes = g_bytes_get_data (data, &len);
  ssize_t n;

  if (self->fd < 0)
    {
      g_set_error (error, SE_ERROR, SE_ERROR_CLOSED,
                   _("Cannot send: the listener is stopped"));
      return FALSE;
    }

  do
    n = sendto (self->fd, bytes, len, MSG_NOSIGNAL,
                (const struct sockaddr *)&to->addr, to->len);
  while (n < 0 && errno == EINTR);

  if (n < 0)
    {
      /* error may be NULL: the failure is logged all the same. */
      GError *local_error = se_error_new_errno (errno, "sendto", to_text);

      log_event (self, SE_EVENT_ERROR, to_text, 0, NULL, 0, local_error->message);
      g_propagate_error (error, local_error);
      return FALSE;
    }

  log_event (self, SE_EVENT_SEND, to_text, n, bytes, n, NULL);
  return TRUE;
}

static void
connection_closed_cb (SeConnection *connection,
                      SeListener   *self)
{
  guint position;

  if (g_list_store_find (self->connections, connection, &position))
    g_list_store_remove (self->connections, position);
}

static void
close_socket (SeListener *self)
{
  g_clear_handle_id (&self->source, g_source_remove);
  g_clear_handle_id (&self->retry_source, g_source_remove);

  if (self->fd >= 0)
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
      se_set_error_errno (error, errno, "socket", wanted);
      return FALSE;
    }

  if (family != AF_UNIX && stream)
    {
      int one = 1;

      /* What every server does so that a restart is not refused while old
       * connections linger in TIME_WAIT; a live listener still gets
       * EADDRINUSE. */
      setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    }

  if (bind (fd, (const struct sockaddr *)&addr->addr, addr->len) != 0)
    {
      int errsv = errno;

      se_set_error_errno (error, errsv, "bind", wanted);
      close (fd);
      return FALSE;
    }

  self->fd = fd;
  self->local_address = _se_socket_local_string (fd);

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
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDPOINT]);
        }
    }

  {
    g_autofree char *detail = NULL;

    if (family != AF_UNIX && se_endpoint_get_port (self->endpoint) != 0 &&
        strcmp (wanted, self->local_address) != 0)
      detail = g_strdup_printf (_("bind(%s): the system chose %s"), wanted, self->local_address);
    else
      detail = g_strdup_printf (_("bind(%s)"), wanted);
    log_event (self, SE_EVENT_BIND, NULL, 0, NULL, 0, detail);
  }

  if (stream)
    {
      g_autofree char *detail = NULL;

      if (listen (fd, (int) self->backlog) != 0)
        {
          se_set_error_errno (error, errno, "listen", self->local_address);
          close_socket (self);
          return FALSE;
        }

      detail = g_strdup_printf (_("listen(backlog=%u): waiting for connections"), self->backlog);
      log_event (self, SE_EVENT_LISTEN, NULL, 0, NULL, 0, detail);
      self->source = g_unix_fd_add_full (G_PRIORITY_DEFAULT, fd, G_IO_IN,
                                         se_listener_accept_cb, self, NULL);
    }
  else
    {
      self->source = g_unix_fd_add_full (G_PRIORITY_DEFAULT, fd, G_IO_IN,
                                         se_listener_datagram_cb, self, NULL);
    }

  set_running (self, TRUE);
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

/* callbacks */

static gboolean
se_listener_retry_accept_cb (gpointer user_data)
{
  SeListener *self = user_data;

  self->retry_source = 0;
  if (self->fd >= 0 && self->source == 0)
    self->source = g_unix_fd_add_full (G_PRIORITY_DEFAULT, self->fd, G_IO_IN,
                                       se_listener_accept_cb, self, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
se_listener_accept_cb (int          fd,
                       GIOCondition condition,
                       gpointer     user_data)
{
  SeListener *self = user_data;
  g_autoptr(SeListener) hold = g_object_ref (self);

  /* A callback run from here (the connection list changing, a responder's
   * reply closing the peer) may stop the listener: then fd is closed, and
   * perhaps already reused, so never accept() on it again. */
  for (guint i = 0; i < ACCEPT_BATCH && self->fd == fd; i++)
    {
      g_autoptr(SeConnection) connection = NULL;
      g_autofree char *detail = NULL;
      int client_fd;

      client_fd = accept4 (fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (client_fd < 0)
        {
          int errsv = errno;
          g_autoptr(GError) error = NULL;

          if (errsv == EAGAIN || errsv == EWOULDBLOCK)
            break;
          if (errsv == EINTR || errsv == ECONNABORTED)
            continue;

          error = se_error_new_errno (errsv, "accept", self->local_address);
          log_error (self, error);

          /* Out of descriptors and the like: do not spin, try again soon. */
          self->source = 0;
          self->retry_source = g_timeout_add (250, se_listener_retry_accept_cb, self);
          return G_SOURCE_REMOVE;
        }

      connection = _se_connection_new (client_fd, 0, protocol (self), TRUE,
                                       self->log, self->responder);
      detail = g_strdup_printf (_("accept() returned a new socket for connection #%u"),
                                se_connection_get_id (connection));
      if (self->log != NULL)
        se_traffic_log_append (self->log, SE_EVENT_ACCEPT, protocol (self),
                               se_connection_get_id (connection),
                               se_connection_get_local_address (connection),
                               se_connection_get_remote_address (connection),
                               0, NULL, 0, detail);

      g_signal_connect_object (connection, "closed",
                               G_CALLBACK (connection_closed_cb), self, 0);
      g_list_store_append (self->connections, connection);
      _se_connection_start (connection);
    }

  if (self->fd != fd)
    return G_SOURCE_REMOVE;

  return G_SOURCE_CONTINUE;
}

static gboolean
se_listener_datagram_cb (int          fd,
                         GIOCondition condition,
                         gpointer     user_data)
{
  SeListener *self = user_data;
  g_autoptr(SeListener) hold = g_object_ref (self);

  if (self->buffer == NULL)
    self->buffer = g_malloc (_SE_DATAGRAM_MAX);

  for (guint i = 0; i < DATAGRAM_BATCH && self->fd == fd; i++)
    {
      SeSockaddr from;
      g_autofree char *from_text = NULL;
      gboolean can_reply;
      ssize_t n;

      n = _se_socket_recv_datagram (fd, self->buffer, &from);
      if (n < 0)
        {
          int errsv = errno;
          g_autoptr(GError) error = NULL;

          if (errsv == EAGAIN || errsv == EWOULDBLOCK)
            break;

          /* ICMP errors from an earlier sendto() surface here (e.g.
           * ECONNREFUSED); they do not stop the listener. */
          error = se_error_new_errno (errsv, "recvfrom", NULL);
          log_error (self, error);
          continue;
        }

      from_text = _se_sockaddr_to_string (&from);
      can_reply = !(from.addr.ss_family == AF_UNIX &&
                    from.len <= offsetof (struct sockaddr_un, sun_path));

      {
        gsize kept = MIN ((gsize) n, _SE_DATAGRAM_MAX);
        g_autofree char *detail = NULL;

        if ((gsize) n > kept)
          detail = g_strdup_printf (_("datagram of %zd bytes truncated to %zu"), n, kept);
        log_event (self, SE_EVENT_RECEIVE, from_text, n, self->buffer, kept, detail);
        n = kept;
      }

      if (can_reply)
        remember_peer (self, &from, from_text);

      if (self->responder != NULL && se_responder_get_kind (self->responder) != SE_RESPONDER_NONE &&
          se_responder_get_kind (self->responder) != SE_RESPONDER_DISCARD)
        {
          SeResponse response;

          se_response_init (&response);
          se_responder_on_data (self->responder, NULL, self->buffer, n, TRUE, &response);

          if (!can_reply && response.replies->len > 0)
            {
              log_event (self, SE_EVENT_ERROR, from_text, 0, NULL, 0,
                         _("Cannot reply: the sender's socket has no address (an unbound Unix datagram socket)"));
            }
          else
            {
              for (guint r = 0; r < response.replies->len; r++)
                {
                  g_autoptr(GError) error = NULL;

                  if (!send_datagram (self, &from, from_text,
                                      g_ptr_array_index (response.replies, r), &error))
                    break;
                }
            }
          se_response_clear (&response);
        }
    }

  return G_SOURCE_CONTINUE;
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
      log_error (self, nice);
      g_task_return_error (task, g_steal_pointer (&nice));
      return;
    }

  if (!bind_inet (self, addresses->data, &error))
    {
      log_error (self, error);
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else
    g_task_return_boolean (task, TRUE);

  g_resolver_free_addresses (addresses);
}

/* overrides */

static void
se_listener_dispose (GObject *object)
{
  SeListener *self = (SeListener *)object;

  if (self->running)
    se_listener_stop (self);
  close_socket (self);

  g_clear_object (&self->connections);
  g_clear_object (&self->log);

  G_OBJECT_CLASS (se_listener_parent_class)->dispose (object);
}

static void
se_listener_finalize (GObject *object)
{
  SeListener *self = (SeListener *)object;

  g_clear_pointer (&self->endpoint, se_endpoint_unref);
  g_clear_pointer (&self->responder, se_responder_unref);
  g_clear_pointer (&self->peers, g_ptr_array_unref);
  g_clear_pointer (&self->peer_names, g_ptr_array_unref);
  g_free (self->local_address);
  g_free (self->buffer);

  G_OBJECT_CLASS (se_listener_parent_class)->finalize (object);
}

static void
se_listener_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SeListener *self = SE_LISTENER (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_boxed (value, self->endpoint);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_BACKLOG:
      g_value_set_uint (value, self->backlog);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
se_listener_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SeListener *self = SE_LISTENER (object);

  switch (prop_id)
    {
    case PROP_BACKLOG:
      se_listener_set_backlog (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
se_listener_class_init (SeListenerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = se_listener_dispose;
  object_class->finalize = se_listener_finalize;
  object_class->get_property = se_listener_get_property;
  object_class->set_property = se_listener_set_property;

  properties[PROP_ENDPOINT] =
    g_param_spec_boxed ("endpoint", NULL, NULL, SE_TYPE_ENDPOINT,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BACKLOG] =
    g_param_spec_uint ("backlog", NULL, NULL, 1, 65535, SE_LISTENER_DEFAULT_BACKLOG,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
se_listener_init (SeListener *self)
{
  static guint next_id = 0;

  self->id = ++next_id;
  self->fd = -1;
  self->backlog = SE_LISTENER_DEFAULT_BACKLOG;
  self->connections = g_list_store_new (SE_TYPE_CONNECTION);
  self->peers = g_ptr_array_new_with_free_func (peer_free);
  self->peer_names = g_ptr_array_new ();
  g_ptr_array_add (self->peer_names, NULL);
}

/* public API */

SeListener *
se_listener_new (SeEndpoint   *endpoint,
                 SeResponder  *responder,
                 SeTrafficLog *log)
{
  SeListener *self;

  g_return_val_if_fail (endpoint != NULL, NULL);
  g_return_val_if_fail (log == NULL || SE_IS_TRAFFIC_LOG (log), NULL);

  self = g_object_new (SE_TYPE_LISTENER, NULL);
  self->endpoint = se_endpoint_ref (endpoint);
  self->responder = responder ? se_responder_ref (responder) : se_responder_new (SE_RESPONDER_NONE, NULL);
  self->log = log ? g_object_ref (log) : NULL;

  return self;
}

SeEndpoint *
se_listener_get_endpoint (SeListener *self)
{
  g_return_val_if_fail (SE_IS_LISTENER (self), NULL);
  return self->endpoint;
}

SeResponder *
se_listener_get_responder (SeListener *self)
{
  g_return_val_if_fail (SE_IS_LISTENER (self), NULL);
  return self->responder;
}

/* Applies to connections accepted from now on and to datagrams. */
void
se_listener_set_responder (SeListener  *self,
                           SeResponder *responder)
{
  g_return_if_fail (SE_IS_LISTENER (self));
  g_return_if_fail (responder != NULL);

  se_responder_ref (responder);
  g_clear_pointer (&self->responder, se_responder_unref);
  self->responder = responder;
}

guint
se_listener_get_backlog (SeListener *self)
{
  g_return_val_if_fail (SE_IS_LISTENER (self), 0);
  return self->backlog;
}

void
se_listener_set_backlog (SeListener *self,
                         guint       backlog)
{
  g_return_if_fail (SE_IS_LISTENER (self));

  backlog = CLAMP (backlog, 1, 65535);
  if (self->backlog == backlog)
    return;

  self->backlog = backlog;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BACKLOG]);
}

gboolean
se_listener_get_running (SeListener *self)
{
  g_return_val_if_fail (SE_IS_LISTENER (self), FALSE);
  return self->running;
}

guint
se_listener_get_id (SeListener *self)
{
  g_return_val_if_fail (SE_IS_LISTENER (self), 0);
  return self->id;
}

GListModel *
se_listener_get_connections (SeListener *self)
{
  g_return_val_if_fail (SE_IS_LISTENER (self), NULL);
  return G_LIST_MODEL (self->connections);
}

const char * const *
se_listener_get_peers (SeListener *self)
{
  g_return_val_if_fail (SE_IS_LISTENER (self), NULL);
  return (const char * const *) self->peer_names->pdata;
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
          log_error (self, error);
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
          log_error (self, error);
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
      log_error (self, error);
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

  close_socket (self);
  log_event (self, SE_EVENT_CLOSE, NULL, 0, NULL, 0, _("listening socket closed"));
  set_running (self, FALSE);
}

gboolean
se_listener_send_all (SeListener  *self,
                      GBytes      *data,
                      GError     **error)
{
  g_return_val_if_fail (SE_IS_LISTENER (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  if (self->fd < 0)
    {
      g_set_error (error, SE_ERROR, SE_ERROR_CLOSED,
                   _("Cannot send: the listener is stopped"));
      return FALSE;
    }

  if (se_endpoint_is_stream (self->endpoint))
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));
      gboolean ok = TRUE;

      if (n == 0)
        {
          g_set_error (error, SE_ERROR, SE_ERROR_CLOSED,
                       _("Cannot send: no client is connected"));
          return FALSE;
        }

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(SeConnection) connection =
            g_list_model_get_item (G_LIST_MODEL (self->connections), i);
          g_autoptr(GError) local_error = NULL;

          if (!se_connection_send (connection, data, &local_error))
            {
              if (ok)
                g_propagate_error (error, g_steal_pointer (&local_error));
              ok = FALSE;
            }
        }
      return ok;
    }
  else
    {
      gboolean ok = TRUE;

      if (self->peers->len == 0)
        {
          g_set_error (error, SE_ERROR, SE_ERROR_CLOSED,
                       _("Cannot send: no datagram has arrived yet, so there is no peer to answer"));
          return FALSE;
        }

      for (guint i = 0; i < self->peers->len; i++)
        {
          Peer *peer = g_ptr_array_index (self->peers, i);
          g_autoptr(GError) local_error = NULL;

          if (!send_datagram (self, &peer->addr, peer->text, data, &local_error))
            {
              if (ok)
                g_propagate_error (error, g_steal_pointer (&local_error));
              ok = FALSE;
            }
        }
      return ok;
    }
}

gboolean
se_listener_send_to (SeListener  *self,
                     const char  *peer,
                     GBytes      *data,
                     GError     **error)
{
  SeSockaddr addr;

  g_return_val_if_fail (SE_IS_LISTENER (self), FALSE);
  g_return_val_if_fail (peer != NULL, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  if (se_endpoint_is_stream (self->endpoint))
    {
      g_set_error (error, SE_ERROR, SE_ERROR_FAILED,
                   _("A stream listener sends to its connections, not to addresses"));
      return FALSE;
    }

  if (!_se_sockaddr_parse (&addr, peer, se_endpoint_is_unix (self->endpoint)))
    {
      g_set_error (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
                   _("“%s” is not a peer address (expected 127.0.0.1:5000, [::1]:5000 or a Unix path)"),
                   peer);
      return FALSE;
    }

  return send_datagram (self, &addr, peer, data, error);
}
