/* se-connection.c: one stream connection (TCP or Unix stream), accepted or connected
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The connection owns a non-blocking socket and watches it through the
 * reactor (se-reactor.c), one epoll instance per main context: no thread
 * and no GLib source per connection, nothing blocks.
 * Raw file descriptors are used rather than GSocket so that every failure
 * keeps its exact errno, which the app names to the learner.
 *
 * This file is the GObject (properties, signals, construction) and the
 * helpers every part uses; the read-write data path is in
 * se-connection-io.c, close and shutdown in se-connection-close.c
 * (se-connection-internal.h is what they share).
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <glib/gi18n-lib.h>

#include "se-connection-internal.h"
#include "se-error.h"
#include "se-socket-private.h"
#include "se-rule-private.h"

/* One recv() reads at most this much, like recv(bufsize), unless the
 * listener or client asks for less (its read size). */
#define READ_CHUNK SE_CONNECTION_READ_SIZE_DEFAULT

GParamSpec *_se_connection_properties[N_PROPS];
guint _se_connection_signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SeConnection, se_connection, G_TYPE_OBJECT)

/* helpers */

static void
log_coded (SeConnection      *self,
           SeEventKind        kind,
           guint64            size,
           const guint8      *data,
           gsize              data_len,
           SeEventDetailCode  code,
           guint32            arg,
           const char        *text)
{
  SeEventInfo info = {
    .kind = kind,
    .protocol = self->protocol,
    .connection_id = self->id,
    .size = size,
    .data = data,
    .data_len = data_len,
    .detail = code,
    .detail_arg = arg,
    .text = text,
  };

  _se_connection_set_info_addresses (self, &info);
  if (self->log != NULL)
    se_traffic_log_append_info (self->log, &info);
}

/* The kernel's TCP state of this connection's socket, for the events
 * that change it (see se_event_get_tcp_state()). */
SeTcpState
_se_connection_tcp_state (SeConnection *self)
{
  return self->protocol == SE_PROTOCOL_TCP ? _se_socket_tcp_state (self->fd) : SE_TCP_STATE_NONE;
}

/* An event that is a call: info has the kind, the call and what it
 * returned; the connection adds who it is. */
void
_se_connection_log_call (SeConnection *self,
                         SeEventInfo  *info)
{
  info->protocol = self->protocol;
  info->connection_id = self->id;
  _se_connection_set_info_addresses (self, info);

  if (self->log != NULL)
    se_traffic_log_append_info (self->log, info);
}

void
_se_connection_log_event (SeConnection *self,
                          SeEventKind   kind,
                          guint64       size,
                          const guint8 *data,
                          gsize         data_len,
                          const char   *detail)
{
  log_coded (self, kind, size, data, data_len, SE_EVENT_DETAIL_TEXT, 0, detail);
}

static void
set_state (SeConnection      *self,
           SeConnectionState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), _se_connection_properties[PROP_STATE]);
}

void
_se_connection_update_state (SeConnection *self)
{
  if (self->fd < 0)
    set_state (self, SE_CONNECTION_STATE_CLOSED);
  else if (self->local_shut)
    set_state (self, SE_CONNECTION_STATE_HALF_CLOSED_LOCAL);
  else if (self->remote_shut)
    set_state (self, SE_CONNECTION_STATE_HALF_CLOSED_REMOTE);
  else
    set_state (self, SE_CONNECTION_STATE_CONNECTED);
}

/* A call that failed with errsv (asked: its size, for a send). */
void
_se_connection_record_error (SeConnection *self,
                             int           errsv,
                             const char   *context,
                             SeCall        call,
                             gsize         asked)
{
  g_autoptr(GError) error = se_error_new_errno (errsv, context, self->remote_address);
  SeEventInfo info = {
    .kind = SE_EVENT_ERROR,
    .text = error->message,
    .call = call,
    .ret = -1,
    .error_number = call != SE_CALL_NONE ? errsv : 0,
    .asked = (guint32) MIN (asked, G_MAXUINT32),
  };

  if (call != SE_CALL_NONE)
    info.tcp_state = _se_connection_tcp_state (self);
  _se_connection_log_call (self, &info);

  if (self->error == NULL)
    {
      self->error = g_steal_pointer (&error);
      g_object_notify_by_pspec (G_OBJECT (self), _se_connection_properties[PROP_ERROR]);
    }
}

/* Asks the reactor for what the connection wants now: to read unless the
 * peer finished, reading is paused or a close is under way; to write
 * while something is queued. Errors and hang-ups are always reported. */
void
_se_connection_update_watch (SeConnection *self)
{
  guint32 events = 0;

  if (self->fd < 0)
    return;

  if (!self->remote_shut && !self->read_paused && !self->read_held &&
      !self->recv_held && !self->close_pending)
    events |= EPOLLIN;
  if (g_queue_get_length (&self->send_queue) > self->held_sends)
    events |= EPOLLOUT;
  events = _se_transport_events (self->transport, events);
  if (events == SE_TRANSPORT_UNWATCHED)
    {
      /* Until the transport wakes the connection (transport_wake). */
      _se_watch_clear (&self->watch);
      return;
    }

  _se_watch_set_events (&self->watch, events);
}

void
_se_connection_add_queued (SeConnection *self,
                           gssize        delta)
{
  self->queued_bytes += delta;
  _se_reactor_add_queued (delta);
}

void
_se_connection_clear_queue (SeConnection *self)
{
  GBytes *bytes;

  while ((bytes = g_queue_pop_head (&self->send_queue)) != NULL)
    g_bytes_unref (bytes);

  self->head_offset = 0;
  self->held_sends = 0;
  if (self->queued_bytes != 0)
    {
      _se_connection_add_queued (self, -(gssize) self->queued_bytes);
      g_object_notify_by_pspec (G_OBJECT (self), _se_connection_properties[PROP_QUEUED_BYTES]);
    }
}

/* close(), logged with the state the socket was in when it was called:
 * after it there is no fd left to ask. */
void
_se_connection_log_close (SeConnection *self,
                          const char   *detail)
{
  SeEventInfo info = {
    .kind = SE_EVENT_CLOSE,
    .text = detail,
    .call = SE_CALL_CLOSE,
    .tcp_state = _se_connection_tcp_state (self),
  };

  g_clear_pointer (&self->transport, _se_transport_close);
  self->fd = -1;
  _se_connection_log_call (self, &info);
}

/* overrides */

static void
se_connection_dispose (GObject *object)
{
  SeConnection *self = (SeConnection *)object;

  if (self->fd >= 0)
    {
      _se_watch_clear (&self->watch);
      _se_source_clear (&self->drain_timeout);
      _se_connection_log_close (self, NULL);
    }
  _se_connection_clear_queue (self);

  g_clear_object (&self->log);
  g_clear_pointer (&self->responder, se_responder_unref);
  g_clear_pointer (&self->responder_state, se_responder_state_free);
  g_clear_pointer (&self->rules, se_rule_set_unref);

  G_OBJECT_CLASS (se_connection_parent_class)->dispose (object);
}

static void
se_connection_finalize (GObject *object)
{
  SeConnection *self = (SeConnection *)object;

  g_free (self->local_address);
  g_free (self->remote_address);
  g_free (self->tls_summary);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (se_connection_parent_class)->finalize (object);
}

static void
se_connection_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SeConnection *self = SE_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_uint (value, self->id);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_LOCAL_ADDRESS:
      g_value_set_string (value, self->local_address);
      break;
    case PROP_REMOTE_ADDRESS:
      g_value_set_string (value, self->remote_address);
      break;
    case PROP_BYTES_SENT:
      g_value_set_uint64 (value, self->bytes_sent);
      break;
    case PROP_BYTES_RECEIVED:
      g_value_set_uint64 (value, self->bytes_received);
      break;
    case PROP_MESSAGES_SENT:
      g_value_set_uint64 (value, self->messages_sent);
      break;
    case PROP_MESSAGES_RECEIVED:
      g_value_set_uint64 (value, self->messages_received);
      break;
    case PROP_QUEUED_BYTES:
      g_value_set_uint64 (value, self->queued_bytes);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case PROP_TLS_SUMMARY:
      g_value_set_string (value, self->tls_summary);
      break;
    default:
      if (prop_id >= PROP_RATE_FIRST && prop_id < N_PROPS)
        g_value_set_double (value, se_rate_meter_get (&self->rates, prop_id - PROP_RATE_FIRST));
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
se_connection_class_init (SeConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = se_connection_dispose;
  object_class->finalize = se_connection_finalize;
  object_class->get_property = se_connection_get_property;

  _se_connection_properties[PROP_ID] =
    g_param_spec_uint ("id", NULL, NULL, 0, G_MAXUINT, 0, flags);
  /* An SeConnectionState; an int so that no enum GType is needed to bind it. */
  _se_connection_properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      SE_CONNECTION_STATE_CONNECTED, SE_CONNECTION_STATE_CLOSED,
                      SE_CONNECTION_STATE_CONNECTED, flags);
  _se_connection_properties[PROP_LOCAL_ADDRESS] =
    g_param_spec_string ("local-address", NULL, NULL, NULL, flags);
  _se_connection_properties[PROP_REMOTE_ADDRESS] =
    g_param_spec_string ("remote-address", NULL, NULL, NULL, flags);
  _se_connection_properties[PROP_BYTES_SENT] =
    g_param_spec_uint64 ("bytes-sent", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  _se_connection_properties[PROP_BYTES_RECEIVED] =
    g_param_spec_uint64 ("bytes-received", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  _se_connection_properties[PROP_MESSAGES_SENT] =
    g_param_spec_uint64 ("messages-sent", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  _se_connection_properties[PROP_MESSAGES_RECEIVED] =
    g_param_spec_uint64 ("messages-received", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  _se_connection_properties[PROP_QUEUED_BYTES] =
    g_param_spec_uint64 ("queued-bytes", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  /* The first error, if any (a GError) */
  _se_connection_properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, flags);
  /* A TLS stream's handshake result in a few lines: version and cipher,
   * the peer's certificate chain, what the check found. NULL for a plain
   * connection, and until the handshake is done. */
  _se_connection_properties[PROP_TLS_SUMMARY] =
    g_param_spec_string ("tls-summary", NULL, NULL, NULL, flags);
  /* Bytes and messages per second over the last second (se-rate-meter.h),
   * sampled by the listener or client that owns it. */
  se_rate_meter_make_properties (_se_connection_properties, PROP_RATE_FIRST);

  g_object_class_install_properties (object_class, N_PROPS, _se_connection_properties);

  /**
   * SeConnection::received:
   * @data: the bytes one recv() returned
   */
  _se_connection_signals[RECEIVED] =
    g_signal_new ("received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BYTES);
  /**
   * SeConnection::closed:
   * The socket was closed (by either side, a reset, or a failure).
   */
  _se_connection_signals[CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
se_connection_init (SeConnection *self)
{
  self->fd = -1;
  self->read_size = READ_CHUNK;
  g_queue_init (&self->send_queue);
}

/* private API */

guint
_se_next_connection_id (void)
{
  static guint next_id = 0;

  return ++next_id;
}

static void
set_sockaddr (SeSockaddr    *out,
              gconstpointer  addr,
              gsize          len)
{
  out->len = (socklen_t) MIN (len, sizeof out->addr);
  memcpy (&out->addr, addr, out->len);
}

/* The connection's addresses in an event: binary where they are known,
 * so the log formats them only when shown. */
void
_se_connection_set_info_addresses (SeConnection *self,
                                   SeEventInfo  *info)
{
  info->local = self->local_address;
  info->remote = self->remote_address;
  if (self->local_sa.len > 0)
    {
      info->local_sa = (const struct sockaddr *) &self->local_sa.addr;
      info->local_sa_len = self->local_sa.len;
    }
  if (self->remote_sa.len > 0)
    {
      info->remote_sa = (const struct sockaddr *) &self->remote_sa.addr;
      info->remote_sa_len = self->remote_sa.len;
    }
}

SeConnection *
_se_connection_new (int           fd,
                    guint         id,
                    SeProtocol    protocol,
                    gboolean      accepted,
                    SeTrafficLog *log,
                    SeResponder  *responder,
                    const char   *local,
                    gconstpointer peer,
                    gsize         peer_len)
{
  SeConnection *self;
  struct sockaddr_storage addr;
  socklen_t len;

  g_return_val_if_fail (fd >= 0, NULL);

  self = g_object_new (SE_TYPE_CONNECTION, NULL);
  self->transport = _se_transport_new_socket (fd);
  self->fd = fd;
  self->id = id != 0 ? id : _se_next_connection_id ();
  self->protocol = protocol;
  self->accepted = accepted;
  self->log = log ? g_object_ref (log) : NULL;
  self->responder = responder ? se_responder_ref (responder) : NULL;
  self->responder_state = se_responder_state_new ();

  self->local_address = g_strdup (local);
  if (self->local_address == NULL)
    {
      len = sizeof addr;
      if (getsockname (fd, (struct sockaddr *)&addr, &len) == 0)
        {
          self->local_address = se_format_sockaddr (&addr, len);
          set_sockaddr (&self->local_sa, &addr, len);
        }
      else
        self->local_address = g_strdup ("");
    }

  if (peer != NULL)
    {
      self->remote_address = se_format_sockaddr (peer, peer_len);
      set_sockaddr (&self->remote_sa, peer, peer_len);
    }
  else
    {
      len = sizeof addr;
      if (getpeername (fd, (struct sockaddr *)&addr, &len) == 0)
        {
          self->remote_address = se_format_sockaddr (&addr, len);
          set_sockaddr (&self->remote_sa, &addr, len);
        }
      else
        self->remote_address = g_strdup ("");
    }

  return self;
}

void
_se_connection_set_close_on_eof (SeConnection *self,
                                 gboolean      close_on_eof)
{
  g_return_if_fail (SE_IS_CONNECTION (self));

  self->close_on_eof = !!close_on_eof;
}

void
_se_connection_set_read_held (SeConnection *self,
                              gboolean      held)
{
  g_return_if_fail (SE_IS_CONNECTION (self));

  held = !!held;
  if (self->read_held == held)
    return;
  self->read_held = held;
  _se_connection_update_watch (self);
}

void
_se_connection_set_rules (SeConnection *self,
                          SeRuleSet    *rules)
{
  g_return_if_fail (SE_IS_CONNECTION (self));

  rules = _se_rule_set_ref_if_any (rules);
  g_clear_pointer (&self->rules, se_rule_set_unref);
  self->rules = rules;
}

gboolean
_se_connection_is_closing (SeConnection *self)
{
  g_return_val_if_fail (SE_IS_CONNECTION (self), TRUE);

  return self->fd < 0 || self->close_pending;
}

void
_se_connection_set_read_size (SeConnection *self,
                              guint         read_size)
{
  g_return_if_fail (SE_IS_CONNECTION (self));

  self->read_size = CLAMP (read_size, 1, READ_CHUNK);
}

gint64
_se_connection_get_last_activity (SeConnection *self)
{
  g_return_val_if_fail (SE_IS_CONNECTION (self), 0);

  return self->last_activity;
}

/* public API */

guint
se_connection_get_id (SeConnection *self)
{
  g_return_val_if_fail (SE_IS_CONNECTION (self), 0);
  return self->id;
}

SeProtocol
se_connection_get_protocol (SeConnection *self)
{
  g_return_val_if_fail (SE_IS_CONNECTION (self), SE_PROTOCOL_TCP);
  return self->protocol;
}

SeConnectionState
se_connection_get_state (SeConnection *self)
{
  g_return_val_if_fail (SE_IS_CONNECTION (self), SE_CONNECTION_STATE_CLOSED);
  return self->state;
}

const char *
se_connection_get_local_address (SeConnection *self)
{
  g_return_val_if_fail (SE_IS_CONNECTION (self), NULL);
  return self->local_address;
}

const char *
se_connection_get_remote_address (SeConnection *self)
{
  g_return_val_if_fail (SE_IS_CONNECTION (self), NULL);
  return self->remote_address;
}

gboolean
se_connection_get_accepted (SeConnection *self)
{
  g_return_val_if_fail (SE_IS_CONNECTION (self), FALSE);
  return self->accepted;
}

guint64
se_connection_get_bytes_sent (SeConnection *self)
{
  g_return_val_if_fail (SE_IS_CONNECTION (self), 0);
  return self->bytes_sent;
}

guint64
se_connection_get_bytes_received (SeConnection *self)
{
  g_return_val_if_fail (SE_IS_CONNECTION (self), 0);
  return self->bytes_received;
}

guint64
se_connection_get_messages_sent (SeConnection *self)
{
  g_return_val_if_fail (SE_IS_CONNECTION (self), 0);
  return self->messages_sent;
}

guint64
se_connection_get_messages_received (SeConnection *self)
{
  g_return_val_if_fail (SE_IS_CONNECTION (self), 0);
  return self->messages_received;
}

gsize
se_connection_get_queued_bytes (SeConnection *self)
{
  g_return_val_if_fail (SE_IS_CONNECTION (self), 0);
  return self->queued_bytes;
}

const char *
se_connection_get_tls_summary (SeConnection *self)
{
  g_return_val_if_fail (SE_IS_CONNECTION (self), NULL);
  return self->tls_summary;
}

const GError *
se_connection_get_error (SeConnection *self)
{
  g_return_val_if_fail (SE_IS_CONNECTION (self), NULL);
  return self->error;
}

gboolean
se_connection_get_kernel_queues (SeConnection *self,
                                 guint        *unread,
                                 guint        *unsent)
{
  int in = 0, out = 0;

  g_return_val_if_fail (SE_IS_CONNECTION (self), FALSE);

  if (self->fd < 0 ||
      ioctl (self->fd, SIOCINQ, &in) != 0 ||
      ioctl (self->fd, SIOCOUTQ, &out) != 0)
    return FALSE;

  if (unread != NULL)
    *unread = (guint) MAX (in, 0);
  if (unsent != NULL)
    *unsent = (guint) MAX (out, 0);
  return TRUE;
}

const char *
se_connection_state_to_string (SeConnectionState state)
{
  switch (state)
    {
    case SE_CONNECTION_STATE_CONNECTED:
      return _("connected");
    case SE_CONNECTION_STATE_HALF_CLOSED_LOCAL:
      return _("half-closed (we sent FIN)");
    case SE_CONNECTION_STATE_HALF_CLOSED_REMOTE:
      return _("half-closed (peer sent FIN)");
    case SE_CONNECTION_STATE_CLOSED:
      return _("closed");
    default:
      return "?";
    }
}

void
_se_connection_sample_rates (SeConnection *self,
                             gint64        now)
{
  guint64 totals[SE_RATE_N_KINDS] = {
    [SE_RATE_BYTES_RECEIVED] = self->bytes_received,
    [SE_RATE_BYTES_SENT] = self->bytes_sent,
    [SE_RATE_MESSAGES_RECEIVED] = self->messages_received,
    [SE_RATE_MESSAGES_SENT] = self->messages_sent,
  };

  g_return_if_fail (SE_IS_CONNECTION (self));

  se_rate_meter_notify (G_OBJECT (self), _se_connection_properties, PROP_RATE_FIRST,
                        se_rate_meter_sample (&self->rates, now, totals));
}

int
_se_connection_get_socket (SeConnection  *self,
                           SeTrafficLog **log)
{
  g_return_val_if_fail (SE_IS_CONNECTION (self), -1);

  if (log != NULL)
    *log = self->log;
  return self->fd;
}
