/* se-listener.c: a TCP, UDP, Unix stream or Unix datagram listener
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Stream listeners accept on the main loop and hand each peer to an
 * SeConnection; datagram listeners read each datagram, run the responder
 * and reply to the sender's address. One non-blocking socket each, watched
 * by the reactor (se-reactor.c); nothing blocks the loop. Datagrams are
 * read and answered in batches (recvmmsg/sendmmsg), peers are accepted in
 * batches.
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
#include "se-tls.h"
#include "se-datagram-socket-private.h"
#include "se-error.h"
#include "se-listener-private.h"
#include "se-peer-private.h"
#include "se-rate-meter.h"
#include "se-reactor-private.h"
#include "se-rule-private.h"
#include "se-multicast-private.h"
#include "se-socket-private.h"

/* Accept at most this many peers per wake-up, so one busy listener cannot
 * starve the rest of the loop. */
#define ACCEPT_BATCH 64
/* Replies sent with one sendmmsg(). */
#define REPLY_BATCH 32
/* Peers remembered by a datagram listener (with counters, and for "send
 * to all"); datagrams from further addresses are logged and answered but
 * not given a peer of their own. */
#define MAX_PEERS 4096

struct _SeListener
{
  GObject        parent_instance;

  guint          id;
  SeEndpoint    *endpoint;
  SeResponder   *responder;
  SeRuleSet     *rules;       /* NULL: none */
  guint64        rule_replies;  /* {{counter}} of datagram rule replies */
  SeTrafficLog  *log;
  guint          backlog;

  int            fd;
  SeWatch        watch;       /* stream kinds: the listening socket */
  SeDatagramSocket datagram;  /* datagram kinds: fd, read in batches */
  struct _ReplyBatch *replies;
  GSource       *retry_source;
  GSource       *idle_source;
  guint          max_connections;
  guint          idle_timeout;     /* seconds, 0 = never */
  guint          receive_buffer;   /* SO_RCVBUF asked for datagram sockets, 0 = the kernel's */
  SeDatagramOptions multicast;     /* datagram kinds: groups joined, multicast TTL and loop */
  guint          read_size;        /* recv(bufsize) of every read */
  SeCall         failed_call;      /* the call the next log_error() reports, and its errno */
  int            failed_errno;
  gboolean       close_on_eof;
  GTlsCertificate *tls_certificate;  /* tls://: given, or made on start; NULL: none yet */
  char          *tls_fingerprint;    /* its SHA-256 fingerprint */
  char          *tls_cert_file;      /* read at each start, if set */
  char          *tls_key_file;
  gboolean       specific_address;  /* bound to one inet address, not a wildcard */
  char          *local_address;
  gboolean       running;
  /* The start that waits for its name lookup (owned by the lookup). */
  GTask         *start_task;

  /* Unix socket file we created, to remove on stop (only if it is still ours). */
  char          *unix_path;
  dev_t          unix_dev;
  ino_t          unix_ino;

  GListStore    *connections;

  GListStore    *peers;       /* SePeer */
  GHashTable    *peer_index;  /* SeSockaddr* (the peer's own) → SePeer* */
  GPtrArray     *touched;     /* SePeer* whose counters changed in this batch */

  SeListenerDatagramFunc datagram_func;  /* a relay's, instead of the responder */
  gpointer       datagram_data;
  /* Rates: sampled once a second while running, from the counters of
   * every connection, open or closed, and of every datagram. */
  SeRateMeter    rates;
  GSource       *rate_timer;
  guint64        closed_totals[SE_RATE_N_KINDS];    /* connections gone */
  guint64        datagram_totals[SE_RATE_N_KINDS];
};

enum {
  PROP_0,
  PROP_ENDPOINT,
  PROP_RUNNING,
  PROP_BACKLOG,
  PROP_MAX_CONNECTIONS,
  PROP_IDLE_TIMEOUT,
  PROP_CLOSE_ON_EOF,
  PROP_RECEIVE_BUFFER,
  PROP_READ_SIZE,
  PROP_ID,
  PROP_RESPONDER,
  PROP_RULES,
  PROP_MULTICAST_GROUPS,
  PROP_MULTICAST_TTL,
  PROP_MULTICAST_LOOP,
  PROP_TLS_FINGERPRINT,
  PROP_TLS_CERT_FILE,
  PROP_TLS_KEY_FILE,
  PROP_RATE_FIRST,
  N_PROPS = PROP_RATE_FIRST + SE_RATE_N_KINDS
};

static GParamSpec *properties[N_PROPS];

enum {
  DATAGRAM_RECEIVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SeListener, se_listener, G_TYPE_OBJECT)

static void se_listener_accept_cb   (SeWatch *watch, guint32 events, gpointer user_data);
static const SeDatagramFuncs datagram_funcs;
static void update_idle_timer       (SeListener *self);

/* helpers */

static SeProtocol
protocol (SeListener *self)
{
  return se_endpoint_get_protocol (self->endpoint);
}

/* Appends an event of this listener: its protocol, and its own address
 * unless the event names another (a connection's). */
static void
append_info (SeListener  *self,
             SeEventInfo *info)
{
  if (self->log == NULL)
    return;

  info->protocol = protocol (self);
  if (info->local == NULL)
    info->local = self->local_address;
  se_traffic_log_append_info (self->log, info);
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
  SeEventInfo info = {
    .kind = kind,
    .remote = remote,
    .size = size,
    .data = data,
    .data_len = data_len,
    .text = detail,
  };

  append_info (self, &info);
}

/* A call that failed: the next log_error() says which, with its errno. */
static void
set_failed_call (SeListener *self,
                 SeCall      call,
                 int         errsv)
{
  self->failed_call = call;
  self->failed_errno = errsv;
}

/* An event that is a call of this listener's own socket. */
static void
log_call (SeListener  *self,
          SeEventInfo *info)
{
  if (protocol (self) == SE_PROTOCOL_TCP && self->fd >= 0 && info->tcp_state == SE_TCP_STATE_NONE)
    info->tcp_state = _se_socket_tcp_state (self->fd);
  append_info (self, info);
}

static void
set_certificate (SeListener      *self,
                 GTlsCertificate *certificate)
{
  g_autofree char *fingerprint = certificate != NULL ? se_tls_certificate_fingerprint (certificate) : NULL;

  g_set_object (&self->tls_certificate, certificate);
  if (g_strcmp0 (fingerprint, self->tls_fingerprint) == 0)
    return;
  g_free (self->tls_fingerprint);
  self->tls_fingerprint = g_steal_pointer (&fingerprint);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TLS_FINGERPRINT]);
}

/* tls://: a certificate before the socket exists, so that a listener
 * without one fails whole. Without a certificate of its own it makes a
 * self-signed one for this machine's loopback names, and says so. */
static gboolean
prepare_tls (SeListener  *self,
             GError     **error)
{
  /* Files are read again at each start: a certificate renewed on disk
   * is the one a restarted listener presents. */
  if (self->tls_cert_file != NULL)
    {
      g_autoptr(GTlsCertificate) certificate = se_tls_load_certificate (self->tls_cert_file,
                                                                        self->tls_key_file, error);

      if (certificate == NULL)
        {
          log_event (self, SE_EVENT_ERROR, NULL, 0, NULL, 0, (*error)->message);
          return FALSE;
        }
      set_certificate (self, certificate);
    }
  else if (self->tls_certificate == NULL)
    {
      g_autofree char *text = NULL;

      g_autoptr(GTlsCertificate) certificate = se_tls_make_self_signed (error);

      if (certificate == NULL)
        {
          log_event (self, SE_EVENT_ERROR, NULL, 0, NULL, 0, (*error)->message);
          return FALSE;
        }
      set_certificate (self, certificate);

      text = g_strdup_printf (_("made a self-signed certificate for localhost, 127.0.0.1 and ::1: SHA-256 %s; clients must pin it or skip the check"),
                              self->tls_fingerprint);
      log_event (self, SE_EVENT_TLS, NULL, 0, NULL, 0, text);
    }
  else if (!se_tls_check_backend (error))
    {
      log_event (self, SE_EVENT_ERROR, NULL, 0, NULL, 0, (*error)->message);
      return FALSE;
    }

  return TRUE;
}

static void
log_error (SeListener   *self,
           const GError *error)
{
  SeEventInfo info = {
    .kind = SE_EVENT_ERROR,
    .text = error->message,
    .call = self->failed_call,
    .ret = -1,
    .error_number = self->failed_call != SE_CALL_NONE ? self->failed_errno : 0,
  };

  set_failed_call (self, SE_CALL_NONE, 0);
  append_info (self, &info);
}

static void
add_connection_totals (guint64       totals[SE_RATE_N_KINDS],
                       SeConnection *connection)
{
  totals[SE_RATE_BYTES_RECEIVED] += se_connection_get_bytes_received (connection);
  totals[SE_RATE_BYTES_SENT] += se_connection_get_bytes_sent (connection);
  totals[SE_RATE_MESSAGES_RECEIVED] += se_connection_get_messages_received (connection);
  totals[SE_RATE_MESSAGES_SENT] += se_connection_get_messages_sent (connection);
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
      add_connection_totals (totals, connection);
    }
  se_rate_meter_notify (G_OBJECT (self), properties, PROP_RATE_FIRST,
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
      se_rate_meter_notify (G_OBJECT (self), properties, PROP_RATE_FIRST,
                            se_rate_meter_reset (&self->rates));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/* The peer for a sender's address, made on its first datagram. NULL past
 * MAX_PEERS. */
static SePeer *
remember_peer (SeListener       *self,
               const SeSockaddr *addr,
               const char       *text)
{
  SePeer *peer = g_hash_table_lookup (self->peer_index, addr);

  if (peer != NULL || g_hash_table_size (self->peer_index) >= MAX_PEERS)
    return peer;

  peer = _se_peer_new (addr, text);
  g_hash_table_insert (self->peer_index, (gpointer) _se_peer_get_sockaddr (peer), peer);
  g_list_store_append (self->peers, peer);
  g_object_unref (peer);  /* the store holds it */
  return peer;
}

static void
count_peer (SeListener       *self,
            SePeer           *peer,
            gboolean          sent,
            gsize             size)
{
  gboolean first;

  /* Every datagram counts in the listener's rates, also past MAX_PEERS. */
  self->datagram_totals[sent ? SE_RATE_BYTES_SENT : SE_RATE_BYTES_RECEIVED] += size;
  self->datagram_totals[sent ? SE_RATE_MESSAGES_SENT : SE_RATE_MESSAGES_RECEIVED]++;
  if (peer == NULL)
    return;

  first = sent ? _se_peer_count_sent (peer, size) : _se_peer_count_received (peer, size);
  if (first)
    g_ptr_array_add (self->touched, peer);
}

/* Tells the views of the peers' counters once per batch. */
static void
flush_peers (SeListener *self)
{
  for (guint i = 0; i < self->touched->len; i++)
    _se_peer_flush_notify (g_ptr_array_index (self->touched, i));
  g_ptr_array_set_size (self->touched, 0);
}

/* One datagram sent: sendto() took n of len bytes. */
static void
log_sendto (SeListener   *self,
            const char   *to_text,
            const guint8 *bytes,
            gsize         n,
            gsize         len)
{
  SeEventInfo info = {
    .kind = SE_EVENT_SEND,
    .remote = to_text,
    .size = n,
    .data = bytes,
    .data_len = n,
    .call = SE_CALL_SENDTO,
    .ret = n,
    .asked = (guint32) MIN (len, G_MAXUINT32),
  };

  append_info (self, &info);
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
      int errsv = errno;
      GError *local_error = se_error_new_errno (errsv, "sendto", to_text);
      SeEventInfo info = {
        .kind = SE_EVENT_ERROR,
        .remote = to_text,
        .text = local_error->message,
        .call = SE_CALL_SENDTO,
        .ret = -1,
        .error_number = errsv,
        .asked = (guint32) MIN (len, G_MAXUINT32),
      };

      append_info (self, &info);
      g_propagate_error (error, local_error);
      return FALSE;
    }

  log_sendto (self, to_text, bytes, n, len);
  count_peer (self, g_hash_table_lookup (self->peer_index, to), TRUE, n);
  return TRUE;
}

static void
connection_closed_cb (SeConnection *connection,
                      SeListener   *self)
{
  guint position;

  if (g_list_store_find (self->connections, connection, &position))
    {
      add_connection_totals (self->closed_totals, connection);
      g_list_store_remove (self->connections, position);
    }
}

/* Replies waiting for one sendmmsg(); their bytes and addresses are
 * those of the batch just read, or kept here. */
typedef struct _ReplyBatch
{
  struct mmsghdr  msgs[REPLY_BATCH];
  struct iovec    iovs[REPLY_BATCH];
  SeSockaddr     *to[REPLY_BATCH];
  GBytes         *keep[REPLY_BATCH];   /* replies that are not slot bytes */
  guint           n;
} ReplyBatch;

/* Forgets replies still waiting for sendmmsg(): their addresses and
 * bytes point into a batch that was read before the socket closed (a
 * callback stopped the listener mid-batch). */
static void
discard_replies (SeListener *self)
{
  if (self->replies == NULL)
    return;

  for (guint i = 0; i < self->replies->n; i++)
    g_clear_pointer (&self->replies->keep[i], g_bytes_unref);
  self->replies->n = 0;
}

static void
close_socket (SeListener *self)
{
  discard_replies (self);
  _se_watch_clear (&self->watch);
  _se_source_clear (&self->retry_source);
  _se_source_clear (&self->idle_source);

  if (self->datagram.fd >= 0)
    {
      _se_datagram_options_leave (&self->multicast, self->datagram.fd, self->log,
                                  protocol (self), self->local_address);
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
      set_failed_call (self, SE_CALL_SOCKET, errsv);
      return FALSE;
    }
  /* Named by the address it is going to be bound to: it has none yet. */
  _se_socket_log_open (self->log, protocol (self), 0, fd, 0, wanted, NULL);

  if (family != AF_UNIX && stream)
    {
      /* What every server does so that a restart is not refused while old
       * connections linger in TIME_WAIT; a live listener still gets
       * EADDRINUSE. */
      _se_socket_set_option (fd, SE_SOCKOPT_SO_REUSEADDR, 1, self->log, protocol (self), 0, wanted, NULL);
    }

  if (!stream && self->receive_buffer > 0)
    {
      int size = (int) MIN (self->receive_buffer, G_MAXINT / 2);

      /* The kernel's default (about 208 KiB) overflows within
       * milliseconds of a datagram flood. SO_RCVBUFFORCE may exceed
       * net.core.rmem_max but needs CAP_NET_ADMIN; SO_RCVBUF is capped at
       * rmem_max. Either way the listener works, with what it got. */
      if (_se_socket_set_option (fd, SE_SOCKOPT_SO_RCVBUFFORCE, size, self->log, protocol (self), 0, wanted, NULL) != 0)
        _se_socket_set_option (fd, SE_SOCKOPT_SO_RCVBUF, size, self->log, protocol (self), 0, wanted, NULL);
    }

  if (bind (fd, (const struct sockaddr *)&addr->addr, addr->len) != 0)
    {
      int errsv = errno;

      se_set_error_errno (error, errsv, "bind", wanted);
      set_failed_call (self, SE_CALL_BIND, errsv);
      close (fd);
      return FALSE;
    }

  self->fd = fd;
  g_free (self->local_address);  /* a listener started again */
  self->local_address = _se_socket_local_string (fd);
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
                                   protocol (self), self->local_address, error))
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
          set_failed_call (self, SE_CALL_LISTEN, errsv);
          close_socket (self);
          return FALSE;
        }

      log_call (self, &info);
    }

  _se_datagram_socket_set_read_size (&self->datagram, self->read_size);
  if (stream ? !_se_watch_start (&self->watch, fd, EPOLLIN, se_listener_accept_cb, self)
             : !_se_datagram_socket_start (&self->datagram, fd, &datagram_funcs, self))
    {
      se_set_error_errno (error, errno, "epoll_ctl", self->local_address);
      close_socket (self);
      return FALSE;
    }

  set_running (self, TRUE);
  update_idle_timer (self);
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
          .local = se_connection_get_local_address (connection),
          .remote = se_connection_get_remote_address (connection),
          .text = detail,
        };

        append_info (self, &info);
      }
      se_connection_close (connection);
    }

  return G_SOURCE_CONTINUE;
}

static void
update_idle_timer (SeListener *self)
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
      log_event (self, SE_EVENT_ERROR, from_text, 0, NULL, 0, detail);
    }
  close (fd);
}

static void
se_listener_accept_cb (SeWatch  *watch,
                       guint32   events,
                       gpointer  user_data)
{
  SeListener *self = user_data;
  g_autoptr(SeListener) hold = g_object_ref (self);
  int fd = self->fd;

  /* A callback run from here (the connection list changing, a responder's
   * reply closing the peer) may stop the listener: then fd is closed, and
   * perhaps already reused, so never accept() on it again. */
  for (guint i = 0; i < ACCEPT_BATCH && self->fd == fd; i++)
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
          set_failed_call (self, SE_CALL_ACCEPT, errsv);
          log_error (self, error);

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
      connection = _se_connection_new (client_fd, 0, protocol (self), TRUE,
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
          .local = se_connection_get_local_address (connection),
          .remote = se_connection_get_remote_address (connection),
          .detail = SE_EVENT_DETAIL_ACCEPTED,
          .call = SE_CALL_ACCEPT,
          .ret = client_fd,
          /* The new socket's state: the handshake is done. */
          .tcp_state = protocol (self) == SE_PROTOCOL_TCP ? _se_socket_tcp_state (client_fd) : SE_TCP_STATE_NONE,
        };

        append_info (self, &info);
      }

      g_signal_connect_object (connection, "closed",
                               G_CALLBACK (connection_closed_cb), self, 0);
      g_list_store_append (self->connections, connection);
      _se_connection_start (connection);
    }
}


/* Sends the batched replies with one sendmmsg() where the kernel takes
 * them all, and logs each; a reply the kernel refuses goes through
 * send_datagram(), which logs the error. */
static void
reply_batch_flush (SeListener *self,
                   ReplyBatch *batch)
{
  guint done = 0;

  while (done < batch->n && self->fd >= 0)
    {
      int n;

      do
        n = sendmmsg (self->fd, batch->msgs + done, batch->n - done, MSG_NOSIGNAL);
      while (n < 0 && errno == EINTR);

      if (n <= 0)
        {
          g_autoptr(GBytes) bytes = g_bytes_new (batch->iovs[done].iov_base, batch->iovs[done].iov_len);
          g_autofree char *to_text = _se_sockaddr_to_string (batch->to[done]);

          /* Logs the failure (or, if it goes through now, the send). */
          send_datagram (self, batch->to[done], to_text, bytes, NULL);
          done++;
          continue;
        }

      for (int i = 0; i < n; i++)
        {
          guint k = done + i;

          log_sendto (self, _se_datagram_socket_name (&self->datagram, batch->to[k]),
                      batch->iovs[k].iov_base, batch->msgs[k].msg_len, batch->iovs[k].iov_len);
          count_peer (self, g_hash_table_lookup (self->peer_index, batch->to[k]),
                      TRUE, batch->msgs[k].msg_len);
        }
      done += n;
    }

  for (guint i = 0; i < batch->n; i++)
    g_clear_pointer (&batch->keep[i], g_bytes_unref);
  batch->n = 0;
}

static void
reply_batch_add (SeListener *self,
                 ReplyBatch *batch,
                 SeSockaddr *to,
                 const guint8 *data,
                 gsize       len,
                 GBytes     *keep)
{
  struct mmsghdr *msg;

  if (batch->n == REPLY_BATCH)
    reply_batch_flush (self, batch);

  msg = &batch->msgs[batch->n];
  memset (msg, 0, sizeof *msg);
  batch->iovs[batch->n].iov_base = (void *) data;
  batch->iovs[batch->n].iov_len = len;
  msg->msg_hdr.msg_iov = &batch->iovs[batch->n];
  msg->msg_hdr.msg_iovlen = 1;
  msg->msg_hdr.msg_name = &to->addr;
  msg->msg_hdr.msg_namelen = to->len;
  batch->to[batch->n] = to;
  batch->keep[batch->n] = keep ? g_bytes_ref (keep) : NULL;
  batch->n++;
}

/* A rule matched a datagram: its reply goes back to the peer */
static void
rule_reply_cb (GObject    *target,
               const char *peer,
               GBytes     *reply,
               gboolean    close_after)
{
  se_listener_send_to (SE_LISTENER (target), peer, reply, NULL);
}

static void
datagram_received_cb (SeDatagramSocket *socket,
                      const SeDatagram *datagram,
                      gpointer          user_data)
{
  SeListener *self = user_data;
  SeResponderKind kind = se_responder_get_kind (self->responder);
  SeEventInfo info = {
    .kind = SE_EVENT_RECEIVE,
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

  /* A relay forwards it (se-relay.c) instead of a responder answering. */
  if (self->datagram_func != NULL)
    {
      count_peer (self, datagram->can_reply ? remember_peer (self, datagram->from, datagram->from_text) : NULL,
                  FALSE, datagram->size);
      self->datagram_func (self, datagram->from_text, datagram->data, datagram->kept,
                           datagram->can_reply, self->datagram_data);
      return;
    }

  count_peer (self, datagram->can_reply ? remember_peer (self, datagram->from, datagram->from_text) : NULL,
              FALSE, datagram->size);

  /* Only made into GBytes for someone who listens (listen --save-dir). */
  if (g_signal_has_handler_pending (self, signals[DATAGRAM_RECEIVED], 0, TRUE))
    {
      g_autoptr(GBytes) bytes = g_bytes_new (datagram->data, datagram->kept);

      g_signal_emit (self, signals[DATAGRAM_RECEIVED], 0, bytes, datagram->from_text);
      if (self->datagram.fd < 0)
        return;
    }

  if (self->rules != NULL && datagram->can_reply &&
      _se_rule_set_answer (self->rules, G_OBJECT (self), rule_reply_cb, datagram->from_text,
                           datagram->data, datagram->kept, self->rule_replies + 1))
    {
      self->rule_replies++;
      return;
    }

  if (kind == SE_RESPONDER_NONE || kind == SE_RESPONDER_DISCARD)
    return;

  if (!datagram->can_reply)
    {
      log_event (self, SE_EVENT_ERROR, datagram->from_text, 0, NULL, 0,
                 _("Cannot reply: the sender's socket has no address (an unbound Unix datagram socket)"));
      return;
    }

  if (self->replies == NULL)
    self->replies = g_new0 (ReplyBatch, 1);

  /* Echo answers with the slot's own bytes; other responders with the
   * replies they made, kept until the batch is sent. */
  if (kind == SE_RESPONDER_ECHO)
    {
      reply_batch_add (self, self->replies, datagram->from, datagram->data, datagram->kept, NULL);
    }
  else
    {
      SeResponse response;

      se_response_init (&response);
      se_responder_on_data (self->responder, NULL, datagram->data, datagram->kept, TRUE, &response);
      for (guint r = 0; r < response.replies->len; r++)
        {
          GBytes *reply = g_ptr_array_index (response.replies, r);
          gsize len;
          const guint8 *bytes = g_bytes_get_data (reply, &len);

          reply_batch_add (self, self->replies, datagram->from, bytes, len, reply);
        }
      se_response_clear (&response);
    }
}

/* The slots are read into again next: answer this batch first. */
static void
datagram_batch_done_cb (SeDatagramSocket *socket,
                        gpointer          user_data)
{
  SeListener *self = user_data;
  g_autoptr(SeListener) hold = g_object_ref (self);

  if (self->replies != NULL && self->replies->n > 0)
    reply_batch_flush (self, self->replies);
  flush_peers (self);
}

static void
datagram_failed_cb (SeDatagramSocket *socket,
                    int               errsv,
                    gpointer          user_data)
{
  SeListener *self = user_data;
  g_autoptr(GError) error = NULL;

  /* ICMP errors from an earlier sendto() surface here (e.g.
   * ECONNREFUSED); they do not stop the listener. */
  error = se_error_new_errno (errsv, "recvfrom", NULL);
  set_failed_call (self, SE_CALL_RECVFROM, errsv);
  log_error (self, error);
}

static const SeDatagramFuncs datagram_funcs = {
  .received = datagram_received_cb,
  .batch_done = datagram_batch_done_cb,
  .failed = datagram_failed_cb,
};

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
  se_rate_meter_timer_clear (&self->rate_timer);

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
  g_clear_pointer (&self->rules, se_rule_set_unref);
  g_clear_pointer (&self->peer_index, g_hash_table_unref);
  g_clear_object (&self->peers);
  g_clear_pointer (&self->touched, g_ptr_array_unref);
  g_clear_object (&self->tls_certificate);
  g_free (self->tls_fingerprint);
  g_free (self->tls_cert_file);
  g_free (self->tls_key_file);
  g_free (self->local_address);
  _se_datagram_socket_clear (&self->datagram);
  _se_datagram_options_clear (&self->multicast);
  discard_replies (self);
  g_free (self->replies);

  G_OBJECT_CLASS (se_listener_parent_class)->finalize (object);
}

static void
se_listener_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SeListener *self = SE_LISTENER (object);

  if (prop_id >= PROP_RATE_FIRST && prop_id < N_PROPS)
    {
      g_value_set_double (value, se_rate_meter_get (&self->rates, prop_id - PROP_RATE_FIRST));
      return;
    }

  switch (prop_id)
    {
    case PROP_TLS_FINGERPRINT:
      g_value_set_string (value, self->tls_fingerprint);
      break;
    case PROP_TLS_CERT_FILE:
      g_value_set_string (value, self->tls_cert_file);
      break;
    case PROP_TLS_KEY_FILE:
      g_value_set_string (value, self->tls_key_file);
      break;
    case PROP_ENDPOINT:
      g_value_set_boxed (value, self->endpoint);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_BACKLOG:
      g_value_set_uint (value, self->backlog);
      break;
    case PROP_MAX_CONNECTIONS:
      g_value_set_uint (value, self->max_connections);
      break;
    case PROP_IDLE_TIMEOUT:
      g_value_set_uint (value, self->idle_timeout);
      break;
    case PROP_CLOSE_ON_EOF:
      g_value_set_boolean (value, self->close_on_eof);
      break;
    case PROP_RECEIVE_BUFFER:
      g_value_set_uint (value, self->receive_buffer);
      break;
    case PROP_MULTICAST_GROUPS:
      g_value_set_boxed (value, self->multicast.groups);
      break;
    case PROP_MULTICAST_TTL:
      g_value_set_int (value, self->multicast.ttl);
      break;
    case PROP_MULTICAST_LOOP:
      g_value_set_boolean (value, self->multicast.loop);
      break;
    case PROP_READ_SIZE:
      g_value_set_uint (value, self->read_size);
      break;
    case PROP_ID:
      g_value_set_uint (value, self->id);
      break;
    case PROP_RESPONDER:
      g_value_set_boxed (value, self->responder);
      break;
    case PROP_RULES:
      g_value_set_boxed (value, self->rules);
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
    case PROP_MAX_CONNECTIONS:
      se_listener_set_max_connections (self, g_value_get_uint (value));
      break;
    case PROP_IDLE_TIMEOUT:
      se_listener_set_idle_timeout (self, g_value_get_uint (value));
      break;
    case PROP_CLOSE_ON_EOF:
      se_listener_set_close_on_eof (self, g_value_get_boolean (value));
      break;
    case PROP_RECEIVE_BUFFER:
      se_listener_set_receive_buffer (self, g_value_get_uint (value));
      break;
    case PROP_MULTICAST_GROUPS:
      {
        g_autoptr(GError) error = NULL;

        if (!se_listener_set_multicast_groups (self, g_value_get_boxed (value), &error))
          g_warning ("%s", error->message);
      }
      break;
    case PROP_MULTICAST_TTL:
      se_listener_set_multicast_ttl (self, g_value_get_int (value));
      break;
    case PROP_MULTICAST_LOOP:
      se_listener_set_multicast_loop (self, g_value_get_boolean (value));
      break;
    case PROP_READ_SIZE:
      se_listener_set_read_size (self, g_value_get_uint (value));
      break;
    case PROP_RULES:
      se_listener_set_rules (self, g_value_get_boxed (value));
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
  /* Peers accepted past this many open connections are closed at once,
   * and the log says so; 0 = no limit. */
  properties[PROP_MAX_CONNECTIONS] =
    g_param_spec_uint ("max-connections", NULL, NULL, 0, G_MAXUINT, SE_LISTENER_DEFAULT_MAX_CONNECTIONS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Seconds without a byte either way after which a connection is
   * closed; 0 = never. */
  properties[PROP_IDLE_TIMEOUT] =
    g_param_spec_uint ("idle-timeout", NULL, NULL, 0, G_MAXUINT / 4, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Close a connection once its peer has sent FIN, even without a
   * responder (the tutorials' servers do). */
  properties[PROP_CLOSE_ON_EOF] =
    g_param_spec_boolean ("close-on-eof", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* SO_RCVBUF asked for a datagram socket at start; 0 = the kernel's. */
  properties[PROP_RECEIVE_BUFFER] =
    g_param_spec_uint ("receive-buffer", NULL, NULL, 0, G_MAXINT / 2, SE_LISTENER_DEFAULT_RECEIVE_BUFFER,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MULTICAST_GROUPS] =
    g_param_spec_boxed ("multicast-groups", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MULTICAST_TTL] =
    g_param_spec_int ("multicast-ttl", NULL, NULL, -1, 255, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MULTICAST_LOOP] =
    g_param_spec_boolean ("multicast-loop", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* tls://: the SHA-256 fingerprint of the listener's certificate, once
   * it has one (given, or made on start); NULL before. */
  properties[PROP_TLS_FINGERPRINT] =
    g_param_spec_string ("tls-fingerprint", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* tls://: the PEM files of its certificate and key, read at each
   * start (se_listener_set_tls_files()); NULL for none. */
  properties[PROP_TLS_CERT_FILE] =
    g_param_spec_string ("tls-cert-file", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TLS_KEY_FILE] =
    g_param_spec_string ("tls-key-file", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The bufsize of every recv()/recvfrom(), for connections accepted and
   * datagrams read from now on. */
  properties[PROP_READ_SIZE] =
    g_param_spec_uint ("read-size", NULL, NULL, 1, SE_CONNECTION_READ_SIZE_DEFAULT,
                       SE_CONNECTION_READ_SIZE_DEFAULT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ID] =
    g_param_spec_uint ("id", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESPONDER] =
    g_param_spec_boxed ("responder", NULL, NULL, SE_TYPE_RESPONDER,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Match-and-reply rules, tried before the responder (NULL: none). */
  properties[PROP_RULES] =
    g_param_spec_boxed ("rules", NULL, NULL, SE_TYPE_RULE_SET,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* Bytes and messages per second over the last second, of all its
   * connections and datagrams (se-rate-meter.h). */
  se_rate_meter_make_properties (properties, PROP_RATE_FIRST);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SeListener::datagram-received:
   * @data: the bytes of one datagram (at most 64 KiB of it)
   * @from: the sender, in endpoint-address form
   *
   * Datagram listeners: one datagram read, after it was logged.
   */
  signals[DATAGRAM_RECEIVED] =
    g_signal_new ("datagram-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_BYTES, G_TYPE_STRING);
}

static void
se_listener_init (SeListener *self)
{
  static guint next_id = 0;

  self->id = ++next_id;
  self->fd = -1;
  _se_datagram_socket_init (&self->datagram);
  _se_datagram_options_init (&self->multicast);
  self->backlog = SE_LISTENER_DEFAULT_BACKLOG;
  self->max_connections = SE_LISTENER_DEFAULT_MAX_CONNECTIONS;
  self->receive_buffer = SE_LISTENER_DEFAULT_RECEIVE_BUFFER;
  self->read_size = SE_CONNECTION_READ_SIZE_DEFAULT;
  self->connections = g_list_store_new (SE_TYPE_CONNECTION);
  self->peers = g_list_store_new (SE_TYPE_PEER);
  self->peer_index = g_hash_table_new (_se_sockaddr_hash, _se_sockaddr_equal);
  self->touched = g_ptr_array_new ();
}

/* private API */

void
_se_listener_set_datagram_func (SeListener             *self,
                                SeListenerDatagramFunc  func,
                                gpointer                user_data)
{
  g_return_if_fail (SE_IS_LISTENER (self));

  self->datagram_func = func;
  self->datagram_data = user_data;
}

SeTrafficLog *
_se_listener_get_log (SeListener *self)
{
  g_return_val_if_fail (SE_IS_LISTENER (self), NULL);

  return self->log;
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

  if (self->responder == responder)
    return;

  se_responder_ref (responder);
  g_clear_pointer (&self->responder, se_responder_unref);
  self->responder = responder;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESPONDER]);
}

SeRuleSet *
se_listener_get_rules (SeListener *self)
{
  g_return_val_if_fail (SE_IS_LISTENER (self), NULL);
  return self->rules;
}

/* Applies to connections accepted from now on and to datagrams; an empty
 * set is the same as none. */
void
se_listener_set_rules (SeListener *self,
                       SeRuleSet  *rules)
{
  g_return_if_fail (SE_IS_LISTENER (self));

  if (rules != NULL && se_rule_set_get_n_rules (rules) == 0)
    rules = NULL;
  if (self->rules == rules)
    return;

  if (rules != NULL)
    se_rule_set_ref (rules);
  g_clear_pointer (&self->rules, se_rule_set_unref);
  self->rules = rules;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RULES]);
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

#define DEFINE_UINT_PROPERTY(name, field, PROP, after)            \
guint                                                              \
se_listener_get_##name (SeListener *self)                         \
{                                                                  \
  g_return_val_if_fail (SE_IS_LISTENER (self), 0);                 \
  return self->field;                                              \
}                                                                  \
                                                                   \
void                                                               \
se_listener_set_##name (SeListener *self,                          \
                        guint       value)                         \
{                                                                  \
  g_return_if_fail (SE_IS_LISTENER (self));                        \
  if (self->field == value)                                        \
    return;                                                        \
  self->field = value;                                             \
  after;                                                           \
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);    \
}

DEFINE_UINT_PROPERTY (max_connections, max_connections, PROP_MAX_CONNECTIONS, (void) 0)
DEFINE_UINT_PROPERTY (idle_timeout, idle_timeout, PROP_IDLE_TIMEOUT, update_idle_timer (self))
DEFINE_UINT_PROPERTY (receive_buffer, receive_buffer, PROP_RECEIVE_BUFFER, (void) 0)

const char * const *
se_listener_get_multicast_groups (SeListener *self)
{
  g_return_val_if_fail (SE_IS_LISTENER (self), NULL);

  return (const char * const *) self->multicast.groups;
}

gboolean
se_listener_set_multicast_groups (SeListener         *self,
                                  const char * const *groups,
                                  GError            **error)
{
  g_return_val_if_fail (SE_IS_LISTENER (self), FALSE);

  if (!_se_datagram_options_set_groups (&self->multicast, groups, error))
    return FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MULTICAST_GROUPS]);
  return TRUE;
}

int
se_listener_get_multicast_ttl (SeListener *self)
{
  g_return_val_if_fail (SE_IS_LISTENER (self), -1);

  return self->multicast.ttl;
}

void
se_listener_set_multicast_ttl (SeListener *self,
                               int         ttl)
{
  g_return_if_fail (SE_IS_LISTENER (self));

  if (_se_datagram_options_set_ttl (&self->multicast, ttl))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MULTICAST_TTL]);
}

gboolean
se_listener_get_multicast_loop (SeListener *self)
{
  g_return_val_if_fail (SE_IS_LISTENER (self), TRUE);

  return self->multicast.loop;
}

void
se_listener_set_multicast_loop (SeListener *self,
                                gboolean    loop)
{
  g_return_if_fail (SE_IS_LISTENER (self));

  if (_se_datagram_options_set_loop (&self->multicast, loop))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MULTICAST_LOOP]);
}

guint
se_listener_get_read_size (SeListener *self)
{
  g_return_val_if_fail (SE_IS_LISTENER (self), SE_CONNECTION_READ_SIZE_DEFAULT);
  return self->read_size;
}

void
se_listener_set_read_size (SeListener *self,
                           guint       read_size)
{
  g_return_if_fail (SE_IS_LISTENER (self));
  read_size = CLAMP (read_size, 1, SE_CONNECTION_READ_SIZE_DEFAULT);
  if (self->read_size == read_size)
    return;
  self->read_size = read_size;
  _se_datagram_socket_set_read_size (&self->datagram, read_size);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_SIZE]);
}

gboolean
se_listener_get_close_on_eof (SeListener *self)
{
  g_return_val_if_fail (SE_IS_LISTENER (self), FALSE);
  return self->close_on_eof;
}

void
se_listener_set_close_on_eof (SeListener *self,
                              gboolean    close_on_eof)
{
  g_return_if_fail (SE_IS_LISTENER (self));

  close_on_eof = !!close_on_eof;
  if (self->close_on_eof == close_on_eof)
    return;
  self->close_on_eof = close_on_eof;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLOSE_ON_EOF]);
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

GListModel *
se_listener_get_peers (SeListener *self)
{
  g_return_val_if_fail (SE_IS_LISTENER (self), NULL);
  return G_LIST_MODEL (self->peers);
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

  if (se_endpoint_get_tls (self->endpoint) && !prepare_tls (self, &error))
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

  {
    /* Asked before close(): after it there is no fd left to ask. */
    SeEventInfo info = {
      .kind = SE_EVENT_CLOSE,
      .text = _("listening socket closed"),
      .call = SE_CALL_CLOSE,
      .tcp_state = protocol (self) == SE_PROTOCOL_TCP ? _se_socket_tcp_state (self->fd) : SE_TCP_STATE_NONE,
    };

    close_socket (self);
    append_info (self, &info);
  }
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

      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->peers));

      if (n == 0)
        {
          g_set_error (error, SE_ERROR, SE_ERROR_CLOSED,
                       _("Cannot send: no datagram has arrived yet, so there is no peer to answer"));
          return FALSE;
        }

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(SePeer) peer = g_list_model_get_item (G_LIST_MODEL (self->peers), i);
          g_autoptr(GError) local_error = NULL;

          if (!send_datagram (self, _se_peer_get_sockaddr (peer), se_peer_get_address (peer),
                              data, &local_error))
            {
              if (ok)
                g_propagate_error (error, g_steal_pointer (&local_error));
              ok = FALSE;
            }
        }
      flush_peers (self);
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

  {
    gboolean ok = send_datagram (self, &addr, peer, data, error);

    flush_peers (self);
    return ok;
  }
}

/**
 * se_listener_set_tls_certificate:
 * @certificate: (nullable): a certificate with its private key, or %NULL
 *   for a self-signed one made when the listener starts
 *
 * For tls:// listeners; takes effect for connections accepted from now on.
 */
void
se_listener_set_tls_certificate (SeListener      *self,
                                 GTlsCertificate *certificate)
{
  g_return_if_fail (SE_IS_LISTENER (self));
  g_return_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate));

  set_certificate (self, certificate);
}

/**
 * se_listener_set_tls_files:
 * @cert_file: (nullable): a PEM file with the certificate (and perhaps
 *   the key), or %NULL for none
 * @key_file: (nullable): a PEM file with the key, if not in @cert_file
 *
 * For tls:// listeners: the files are read when the listener starts (an
 * unusable one fails the start, and is logged), and again at each start.
 * They take the place of a certificate set with
 * se_listener_set_tls_certificate().
 */
void
se_listener_set_tls_files (SeListener *self,
                           const char *cert_file,
                           const char *key_file)
{
  g_return_if_fail (SE_IS_LISTENER (self));
  g_return_if_fail (cert_file != NULL || key_file == NULL);

  if (g_strcmp0 (self->tls_cert_file, cert_file) != 0)
    {
      g_free (self->tls_cert_file);
      self->tls_cert_file = g_strdup (cert_file);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TLS_CERT_FILE]);
    }
  if (g_strcmp0 (self->tls_key_file, key_file) != 0)
    {
      g_free (self->tls_key_file);
      self->tls_key_file = g_strdup (key_file);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TLS_KEY_FILE]);
    }
}

const char *
se_listener_get_tls_fingerprint (SeListener *self)
{
  g_return_val_if_fail (SE_IS_LISTENER (self), NULL);

  return self->tls_fingerprint;
}
