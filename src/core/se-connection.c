/* se-connection.c: one stream connection (TCP or Unix stream), accepted or connected
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The connection owns a non-blocking socket and watches it through the
 * reactor (se-reactor.c), one epoll instance per main context: no thread
 * and no GLib source per connection, nothing blocks.
 * Raw file descriptors are used rather than GSocket so that every failure
 * keeps its exact errno, which the app names to the learner.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <glib/gi18n-lib.h>

#include "se-connection-private.h"
#include "se-rate-meter.h"
#include "se-error.h"
#include "se-reactor-private.h"
#include "se-socket-private.h"
#include "se-rule-private.h"
#include "se-transport-private.h"
#include "se-tls-private.h"

/* One recv() reads at most this much, like recv(bufsize), unless the
 * listener or client asks for less (its read size). */
#define READ_CHUNK SE_CONNECTION_READ_SIZE_DEFAULT
/* recv() calls per wake-up: a busy peer gets this many, then the other
 * ready sockets get their turn (the socket stays readable, so epoll
 * reports it again on the next iteration). */
#define READ_BUDGET 16
/* While more than this waits to be sent, stop reading: an echo responder
 * must not queue without bound when the peer does not read. */
#define READ_PAUSE_QUEUED (1 * 1024 * 1024)
#define READ_RESUME_QUEUED (256 * 1024)
/* How long a closing connection may take to send what is still queued,
 * like the kernel's own buffer after close(); then the rest is dropped
 * (and the log says how much). */
#define CLOSE_DRAIN_TIMEOUT_MS 5000

struct _SeConnection
{
  GObject            parent_instance;

  SeTransport       *transport;   /* NULL once closed */
  int                fd;          /* the transport's, -1 once closed */
  guint              id;
  SeProtocol         protocol;
  SeConnectionState  state;
  gboolean           accepted;
  guint              read_size;   /* recv(bufsize), 1 to READ_CHUNK */

  char              *local_address;
  char              *remote_address;

  SeTrafficLog      *log;
  SeResponder       *responder;
  SeResponderState  *responder_state;
  SeRuleSet         *rules;       /* NULL: none, the hot path is untouched */

  guint64            bytes_sent;
  guint64            bytes_received;
  guint64            messages_sent;
  guint64            messages_received;
  SeRateMeter        rates;             /* sampled by its owner, once a second */

  GQueue             send_queue;      /* GBytes */
  gsize              head_offset;     /* bytes of the head already written */
  gsize              queued_bytes;

  SeWatch            watch;
  gint64             last_activity;   /* monotonic µs of the last read or write */
  gboolean           read_paused;
  gboolean           read_held;         /* by its owner (a relay's other leg is full) */
  gboolean           close_on_eof;      /* close after the peer's FIN */
  gboolean           total_cap_logged;  /* "paused: total cap" said once */
  gboolean           shutdown_pending;  /* shutdown(SHUT_WR) once drained */
  gboolean           close_pending;     /* close once drained */
  gboolean           local_shut;
  gboolean           remote_shut;

  GError            *error;
  char              *tls_summary;    /* the handshake's result; NULL: none (yet) */
  gboolean           tls_failed;     /* the TLS stream could not be made: close at start */
  GSource           *drain_timeout;  /* a close waiting for the queue to drain */
  gboolean           draining;       /* holds a reference while draining */
};

/* The limit on the bytes queued by all connections together. */
/* Set by the window's thread, read by the network thread. */
static gsize send_queue_total_limit_value = SE_CONNECTION_SEND_QUEUE_TOTAL_DEFAULT;
#define send_queue_total_limit ((gsize) g_atomic_pointer_get ((gpointer *) &send_queue_total_limit_value))

enum {
  PROP_0,
  PROP_ID,
  PROP_STATE,
  PROP_LOCAL_ADDRESS,
  PROP_REMOTE_ADDRESS,
  PROP_BYTES_SENT,
  PROP_BYTES_RECEIVED,
  PROP_MESSAGES_SENT,
  PROP_MESSAGES_RECEIVED,
  PROP_QUEUED_BYTES,
  PROP_ERROR,
  PROP_TLS_SUMMARY,
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

G_DEFINE_FINAL_TYPE (SeConnection, se_connection, G_TYPE_OBJECT)

static void se_connection_ready_cb     (SeWatch *watch, guint32 events, gpointer user_data);
static void se_connection_finish_close (SeConnection *self, const char *detail);

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
    .local = self->local_address,
    .remote = self->remote_address,
    .size = size,
    .data = data,
    .data_len = data_len,
    .detail = code,
    .detail_arg = arg,
    .text = text,
  };

  if (self->log != NULL)
    se_traffic_log_append_info (self->log, &info);
}

/* The kernel's TCP state of this connection's socket, for the events
 * that change it (see se_event_get_tcp_state()). */
static SeTcpState
tcp_state (SeConnection *self)
{
  return self->protocol == SE_PROTOCOL_TCP ? _se_socket_tcp_state (self->fd) : SE_TCP_STATE_NONE;
}

/* An event that is a call: info has the kind, the call and what it
 * returned; the connection adds who it is. */
static void
log_call (SeConnection *self,
          SeEventInfo  *info)
{
  info->protocol = self->protocol;
  info->connection_id = self->id;
  info->local = self->local_address;
  info->remote = self->remote_address;

  if (self->log != NULL)
    se_traffic_log_append_info (self->log, info);
}

static void
log_event (SeConnection *self,
           SeEventKind   kind,
           guint64       size,
           const guint8 *data,
           gsize         data_len,
           const char   *detail)
{
  log_coded (self, kind, size, data, data_len, SE_EVENT_DETAIL_TEXT, 0, detail);
}

/* One send() of n bytes out of asked: a send() that took only part of
 * what was asked is exactly the difference between send() and sendall(),
 * so the log says so. */
static void
log_send (SeConnection *self,
          const guint8 *data,
          gsize         n,
          gsize         asked)
{
  g_autofree char *detail = NULL;
  SeEventInfo info = {
    .kind = SE_EVENT_SEND,
    .size = n,
    .data = data,
    .data_len = n,
    .call = SE_CALL_SEND,
    .ret = n,
    .asked = (guint32) MIN (asked, G_MAXUINT32),
  };

  if (n < asked && asked <= G_MAXUINT32)
    info.detail = SE_EVENT_DETAIL_PARTIAL_SEND, info.detail_arg = (guint32) asked;
  else if (n < asked)
    info.text = detail = g_strdup_printf (_("partial send: %zd of %zu bytes accepted by the kernel, the rest is queued"),
                                          (gssize) n, asked);
  log_call (self, &info);
}

static void
set_state (SeConnection      *self,
           SeConnectionState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
update_state (SeConnection *self)
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
static void
record_error (SeConnection *self,
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
    info.tcp_state = tcp_state (self);
  log_call (self, &info);

  if (self->error == NULL)
    {
      self->error = g_steal_pointer (&error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }
}

/* A send the connection cannot take: the caller gets the error, and the
 * log shows it, like every other failure. Takes the message. */
static gboolean
refuse (SeConnection  *self,
        GError       **error,
        SeError        code,
        char          *message)
{
  log_event (self, SE_EVENT_ERROR, 0, NULL, 0, message);
  g_set_error_literal (error, SE_ERROR, code, message);
  g_free (message);
  return FALSE;
}

/* Asks the reactor for what the connection wants now: to read unless the
 * peer finished, reading is paused or a close is under way; to write
 * while something is queued. Errors and hang-ups are always reported. */
static void
update_watch (SeConnection *self)
{
  guint32 events = 0;

  if (self->fd < 0)
    return;

  if (!self->remote_shut && !self->read_paused && !self->read_held && !self->close_pending)
    events |= EPOLLIN;
  if (!g_queue_is_empty (&self->send_queue))
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

static void
add_queued (SeConnection *self,
            gssize        delta)
{
  self->queued_bytes += delta;
  _se_reactor_add_queued (delta);
}

static void
clear_queue (SeConnection *self)
{
  GBytes *bytes;

  while ((bytes = g_queue_pop_head (&self->send_queue)) != NULL)
    g_bytes_unref (bytes);

  self->head_offset = 0;
  if (self->queued_bytes != 0)
    {
      add_queued (self, -(gssize) self->queued_bytes);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUED_BYTES]);
    }
}

static void
do_shutdown (SeConnection *self)
{
  self->shutdown_pending = FALSE;

  if (self->fd < 0 || self->local_shut)
    return;

  {
    int errsv = _se_transport_shutdown_write (self->transport);

    if (errsv != 0)
      {
        record_error (self, errsv, "shutdown", SE_CALL_SHUTDOWN, SHUT_WR);
        return;
      }
  }

  self->local_shut = TRUE;
  {
    SeEventInfo info = {
      .kind = SE_EVENT_SHUTDOWN,
      .detail = SE_EVENT_DETAIL_SHUT_WR,
      .call = SE_CALL_SHUTDOWN,
      .asked = SHUT_WR,
      .tcp_state = tcp_state (self),
    };

    log_call (self, &info);
  }
  update_state (self);

  /* Both directions are finished: nothing more can happen on it. */
  if (self->remote_shut)
    se_connection_finish_close (self, NULL);
}

static void
maybe_resume_reading (SeConnection *self)
{
  if (self->read_paused && self->queued_bytes <= READ_RESUME_QUEUED)
    {
      self->read_paused = FALSE;
      update_watch (self);
    }
}

/* The received counters are notified once per batch of reads, not per
 * read: views redraw once for all of them. */
static void
notify_received (SeConnection *self,
                 guint64       messages_before)
{
  if (self->messages_received == messages_before)
    return;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_RECEIVED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGES_RECEIVED]);
}

/* Counts one send() that took n of the asked bytes; the caller notifies
 * (once per batch) and moves its queue. */
static void
count_sent (SeConnection *self,
            const guint8 *data,
            gsize         n,
            gsize         asked)
{
  log_send (self, data, n, asked);
  self->bytes_sent += n;
  self->last_activity = g_get_monotonic_time ();
}

/* Counts one recv() of n bytes into the reactor's buffer: the log keeps
 * the bytes (its own copy, within the capture budget), views that listen
 * get them as GBytes (made only if someone listens). */
static void
count_received (SeConnection *self,
                const guint8 *data,
                gsize         n)
{
  self->bytes_received += n;
  self->messages_received++;
  self->last_activity = g_get_monotonic_time ();
  {
    /* No TCP_INFO here: a system call per read would cost more than the
     * read's own bookkeeping (see se_event_get_tcp_state()). */
    SeEventInfo info = {
      .kind = SE_EVENT_RECEIVE,
      .size = n,
      .data = data,
      .data_len = n,
      .call = SE_CALL_RECV,
      .ret = n,
      .asked = self->read_size,
    };

    log_call (self, &info);
  }

  if (g_signal_has_handler_pending (self, signals[RECEIVED], 0, TRUE))
    {
      g_autoptr(GBytes) bytes = g_bytes_new (data, n);

      g_signal_emit (self, signals[RECEIVED], 0, bytes);
    }
}

/* Reads what is already in the receive buffer without waiting, as
 * received events, before the connection is closed for a failed send. */
static void
receive_pending (SeConnection *self)
{
  /* Not the reactor's buffer: this runs from inside a send, which may
   * itself run while a read's bytes are still in use. Rare. */
  g_autofree guint8 *buffer = g_malloc (self->read_size);
  guint64 messages_before = self->messages_received;

  for (guint i = 0; i < 64 && self->fd >= 0 && !self->remote_shut; i++)
    {
      int errsv;
      gssize n = _se_transport_recv (self->transport, buffer, self->read_size, &errsv);

      if (n <= 0)
        break;

      count_received (self, buffer, n);
    }
  notify_received (self, messages_before);
}

/* A send() failed for good: the peer is gone (EPIPE, ECONNRESET), but
 * what it sent before may still wait in our receive buffer, like a
 * greeting server's text: read it before closing, so nothing is lost. */
static void
send_failed (SeConnection *self,
             int           errsv,
             gsize         asked)
{
  receive_pending (self);
  record_error (self, errsv, "send", SE_CALL_SEND, asked);
  se_connection_finish_close (self, NULL);
}

/* Writes as much of the queue as the socket takes now. Returns FALSE if
 * the connection failed (and was closed). */
static gboolean
flush_queue (SeConnection *self)
{
  guint64 sent_before = self->bytes_sent;
  guint64 messages_before = self->messages_sent;
  gboolean ok = TRUE;

  while (self->fd >= 0 && !g_queue_is_empty (&self->send_queue))
    {
      GBytes *head = g_queue_peek_head (&self->send_queue);
      gsize len;
      const guint8 *data = g_bytes_get_data (head, &len);
      gsize remaining = len - self->head_offset;
      int errsv;
      gssize n = _se_transport_send (self->transport, data + self->head_offset, remaining, &errsv);

      if (n < 0)
        {
          if (errsv == EAGAIN || errsv == EWOULDBLOCK)
            break;

          send_failed (self, errsv, remaining);
          ok = FALSE;
          break;
        }

      count_sent (self, data + self->head_offset, n, remaining);
      self->head_offset += n;
      add_queued (self, -n);

      if (self->head_offset == len)
        {
          g_bytes_unref (g_queue_pop_head (&self->send_queue));
          self->head_offset = 0;
          self->messages_sent++;
        }
    }

  if (self->bytes_sent != sent_before)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_SENT]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUED_BYTES]);
    }
  if (self->messages_sent != messages_before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGES_SENT]);

  if (!ok || self->fd < 0)
    return FALSE;

  if (g_queue_is_empty (&self->send_queue))
    {
      if (self->close_pending)
        {
          se_connection_finish_close (self, NULL);
          return FALSE;
        }
      if (self->shutdown_pending)
        do_shutdown (self);
    }

  if (self->fd >= 0)
    {
      maybe_resume_reading (self);
      update_watch (self);
    }

  return self->fd >= 0;
}

static gboolean
drain_timeout_cb (gpointer user_data)
{
  SeConnection *self = user_data;

  g_clear_pointer (&self->drain_timeout, g_source_unref);
  se_connection_finish_close (self, NULL);
  return G_SOURCE_REMOVE;
}

/* Closes once the queue has drained (at once if it is empty), reading no
 * more meanwhile. The connection keeps itself alive until then. */
static void
begin_close (SeConnection *self)
{
  if (self->fd < 0)
    return;

  self->close_pending = TRUE;
  update_watch (self);

  if (!g_queue_is_empty (&self->send_queue))
    flush_queue (self);
  if (self->fd < 0)
    return;
  if (g_queue_is_empty (&self->send_queue))
    {
      se_connection_finish_close (self, NULL);
      return;
    }

  if (!self->draining)
    {
      self->draining = TRUE;
      g_object_ref (self);
    }
  if (self->drain_timeout == NULL)
    self->drain_timeout = _se_timeout_source_add (CLOSE_DRAIN_TIMEOUT_MS, drain_timeout_cb, self);
}

static void
apply_response (SeConnection *self,
                SeResponse   *response)
{
  for (guint i = 0; i < response->replies->len; i++)
    {
      g_autoptr(GError) error = NULL;

      /* A refused reply is logged by se_connection_send(). */
      if (!se_connection_send (self, g_ptr_array_index (response->replies, i), &error))
        return;
    }

  if (response->close && self->fd >= 0)
    begin_close (self);
}

/* close(), logged with the state the socket was in when it was called:
 * after it there is no fd left to ask. */
static void
log_close (SeConnection *self,
           const char   *detail)
{
  SeEventInfo info = {
    .kind = SE_EVENT_CLOSE,
    .text = detail,
    .call = SE_CALL_CLOSE,
    .tcp_state = tcp_state (self),
  };

  g_clear_pointer (&self->transport, _se_transport_close);
  self->fd = -1;
  log_call (self, &info);
}

/* Called once both directions are done or on close/reset/failure. */
static void
se_connection_finish_close (SeConnection *self,
                            const char   *detail)
{
  g_autofree char *dropped = NULL;

  if (self->fd < 0)
    return;

  _se_watch_clear (&self->watch);
  _se_source_clear (&self->drain_timeout);

  if (self->queued_bytes > 0 && detail == NULL)
    detail = dropped = g_strdup_printf (_("%zu queued bytes were not sent"),
                                        self->queued_bytes);

  log_close (self, detail);
  clear_queue (self);
  update_state (self);

  g_signal_emit (self, signals[CLOSED], 0);

  /* The reference begin_close() took to finish sending; last. */
  if (self->draining)
    {
      self->draining = FALSE;
      g_object_unref (self);
    }
}

/* callbacks */

/* The peer sent FIN: recv() returned b''. */
static void
handle_eof (SeConnection *self)
{
  self->remote_shut = TRUE;
  {
    SeEventInfo info = {
      .kind = SE_EVENT_SHUTDOWN,
      .detail = SE_EVENT_DETAIL_PEER_EOF,
      .call = SE_CALL_RECV,
      .asked = self->read_size,
      .tcp_state = tcp_state (self),
    };

    log_call (self, &info);
  }
  update_state (self);
  update_watch (self);

  if (self->local_shut)
    {
      se_connection_finish_close (self, NULL);
    }
  else if (self->close_on_eof ||
           (self->accepted && self->responder != NULL &&
            se_responder_get_kind (self->responder) != SE_RESPONDER_NONE))
    {
      /* What the seeds' servers do when recv() returns nothing: finish
       * sending, then close. */
      begin_close (self);
    }
}

/* Stops reading while this connection's replies wait on a peer that does
 * not read, or while all connections together hold the total cap: a
 * responder must not queue without bound. Reading resumes once this
 * connection's own queue has drained. */
static gboolean
maybe_pause_reading (SeConnection *self)
{
  SeResponderKind kind;
  gboolean over_total;

  if (self->responder == NULL)
    return FALSE;
  kind = se_responder_get_kind (self->responder);
  if (kind == SE_RESPONDER_NONE || kind == SE_RESPONDER_DISCARD || self->queued_bytes == 0)
    return FALSE;

  over_total = _se_reactor_get_queued_total () >= send_queue_total_limit;
  if (self->queued_bytes < READ_PAUSE_QUEUED && !over_total)
    return FALSE;

  if (over_total && !self->total_cap_logged)
    {
      g_autofree char *detail = NULL;

      self->total_cap_logged = TRUE;
      detail = g_strdup_printf (_("Reading paused: the send queues of all connections hold %zu bytes, the limit is %zu; connection #%u is read again once its own %zu queued bytes are sent"),
                                _se_reactor_get_queued_total (), send_queue_total_limit,
                                self->id, self->queued_bytes);
      log_event (self, SE_EVENT_ERROR, 0, NULL, 0, detail);
    }

  self->read_paused = TRUE;
  update_watch (self);
  return TRUE;
}

/* Sends from the caller's bytes without copying them if nothing waits
 * (the usual case for an echo), and queues only what the socket did not
 * take. Returns FALSE if the connection failed. */
static gboolean
send_or_queue (SeConnection *self,
               const guint8 *data,
               gsize         len)
{
  gssize n = 0;

  if (g_queue_is_empty (&self->send_queue))
    {
      int errsv;

      n = _se_transport_send (self->transport, data, len, &errsv);
      if (n < 0)
        {
          if (errsv != EAGAIN && errsv != EWOULDBLOCK)
            {
              send_failed (self, errsv, len);
              return FALSE;
            }
          n = 0;
        }

      if (n > 0)
        {
          count_sent (self, data, n, len);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_SENT]);
          if ((gsize) n == len)
            {
              self->messages_sent++;
              g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGES_SENT]);
              return TRUE;
            }
        }
    }

  /* The head of the queue counts as sent in part: head_offset. */
  g_queue_push_tail (&self->send_queue, g_bytes_new (data, len));
  if (g_queue_get_length (&self->send_queue) == 1)
    self->head_offset = n;
  add_queued (self, len - n);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUED_BYTES]);
  update_watch (self);
  return TRUE;
}

/* Runs the responder on one read's bytes. */
static void
respond (SeConnection *self,
         const guint8 *data,
         gsize         n)
{
  SeResponse response;

  /* Echo replies with the very bytes read: no reply buffer at all. */
  if (se_responder_get_kind (self->responder) == SE_RESPONDER_ECHO)
    {
      if (self->queued_bytes > 0 && self->queued_bytes + n > SE_CONNECTION_SEND_QUEUE_MAX)
        {
          g_autoptr(GBytes) bytes = g_bytes_new (data, n);
          g_autoptr(GError) error = NULL;

          /* Refused, and logged as such, by the common path. */
          se_connection_send (self, bytes, &error);
          return;
        }
      send_or_queue (self, data, n);
      return;
    }

  se_response_init (&response);
  se_responder_on_data (self->responder, self->responder_state,
                        data, n, FALSE, &response);
  apply_response (self, &response);
  se_response_clear (&response);
}

/* A rule matched: its reply goes out like the responder's (a refused
 * send, closed meanwhile or queue full, is logged by the send). */
static void
rule_reply_cb (GObject    *target,
               const char *peer,
               GBytes     *reply,
               gboolean    close_after)
{
  SeConnection *self = SE_CONNECTION (target);

  if (g_bytes_get_size (reply) > 0)
    se_connection_send (self, reply, NULL);
  if (close_after && se_connection_get_state (self) != SE_CONNECTION_STATE_CLOSED)
    se_connection_close (self);
}

/* Reads until the socket is empty or the budget is spent. */
static void
read_some (SeConnection *self)
{
  guint8 *buffer = _se_reactor_get_buffer (self->watch.reactor);

  for (guint i = 0; i < READ_BUDGET && self->fd >= 0 && !self->remote_shut &&
                    !self->read_paused && !self->read_held && !self->close_pending; i++)
    {
      int errsv;
      gssize n = _se_transport_recv (self->transport, buffer, self->read_size, &errsv);

      if (n < 0)
        {
          if (errsv == EAGAIN || errsv == EWOULDBLOCK)
            return;

          record_error (self, errsv, "recv", SE_CALL_RECV, self->read_size);
          se_connection_finish_close (self, NULL);
          return;
        }

      if (n == 0)
        {
          handle_eof (self);
          return;
        }

      count_received (self, buffer, n);

      if (self->rules != NULL && self->fd >= 0 && !self->close_pending &&
          _se_rule_set_answer (self->rules, G_OBJECT (self), rule_reply_cb, NULL, buffer, n,
                               self->messages_sent + 1))
        ; /* a rule answered instead of the responder */
      else if (self->fd >= 0 && self->responder != NULL && !self->close_pending)
        respond (self, buffer, n);

      if (self->fd < 0 || maybe_pause_reading (self))
        return;

      /* Level-triggered: a short read means the socket was empty just
       * now, and if more arrives epoll says so again. This saves the
       * recv() that would only return EAGAIN. */
      if ((gsize) n < self->read_size)
        return;
    }
}

static void
read_ready (SeConnection *self)
{
  guint64 messages_before = self->messages_received;

  read_some (self);
  notify_received (self, messages_before);
}

static void
se_connection_ready_cb (SeWatch  *watch,
                        guint32   events,
                        gpointer  user_data)
{
  SeConnection *self = user_data;
  g_autoptr(SeConnection) hold = g_object_ref (self);

  /* Write first: a reset peer shows up as a failed send or read either
   * way, and what it sent before is read by the failing send. */
  if ((events & (EPOLLOUT | EPOLLERR)) && !g_queue_is_empty (&self->send_queue))
    flush_queue (self);

  if (self->fd >= 0 && (events & (EPOLLIN | EPOLLERR | EPOLLHUP | EPOLLRDHUP)) &&
      (self->watch.events & EPOLLIN))
    read_ready (self);

  if (self->fd < 0)
    return;

  /* Nothing asked for and still reported: an error or a hang-up on a
   * socket that is not read (paused, or the peer finished). Find out
   * which, rather than be told again on every iteration. */
  if ((events & (EPOLLERR | EPOLLHUP)) && !(self->watch.events & EPOLLIN))
    {
      int err = 0;
      socklen_t len = sizeof err;

      if (getsockopt (self->fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err != 0)
        {
          record_error (self, err, "recv", SE_CALL_RECV, self->read_size);
          se_connection_finish_close (self, NULL);
        }
      else if (events & EPOLLHUP)
        {
          /* Both directions are finished. */
          se_connection_finish_close (self, NULL);
        }
    }
}

/* The TLS transport's news: its handshake is done (or failed), or bytes
 * wait in its buffer. Read and write as if epoll had said so. */
static void
transport_wake (gpointer owner)
{
  SeConnection *self = owner;
  g_autoptr(SeConnection) hold = g_object_ref (self);

  if (self->fd < 0)
    return;

  if (!_se_watch_is_active (&self->watch) &&
      !_se_watch_start (&self->watch, self->fd, 0, se_connection_ready_cb, self))
    {
      record_error (self, errno, "epoll_ctl", SE_CALL_NONE, 0);
      se_connection_finish_close (self, NULL);
      return;
    }
  update_watch (self);
  se_connection_ready_cb (&self->watch, EPOLLIN | EPOLLOUT, self);
}

static void
transport_note (gpointer           owner,
                const SeEventInfo *note)
{
  SeConnection *self = owner;
  SeEventInfo info = *note;

  log_call (self, &info);

  if (info.kind == SE_EVENT_TLS && self->transport != NULL && _se_transport_is_tls (self->transport) &&
      _se_tls_transport_get_summary (self->transport) != NULL &&
      g_strcmp0 (self->tls_summary, _se_tls_transport_get_summary (self->transport)) != 0)
    {
      g_free (self->tls_summary);
      self->tls_summary = g_strdup (_se_tls_transport_get_summary (self->transport));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TLS_SUMMARY]);
    }
  else if (info.kind == SE_EVENT_ERROR && self->error == NULL && info.text != NULL)
    {
      self->error = g_error_new_literal (SE_ERROR, SE_ERROR_FAILED, info.text);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }
}

static const SeTransportHooks transport_hooks = {
  .wake = transport_wake,
  .note = transport_note,
};

/* overrides */

static void
se_connection_dispose (GObject *object)
{
  SeConnection *self = (SeConnection *)object;

  if (self->fd >= 0)
    {
      _se_watch_clear (&self->watch);
      _se_source_clear (&self->drain_timeout);
      log_close (self, NULL);
    }
  clear_queue (self);

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

  properties[PROP_ID] =
    g_param_spec_uint ("id", NULL, NULL, 0, G_MAXUINT, 0, flags);
  /* An SeConnectionState; an int so that no enum GType is needed to bind it. */
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      SE_CONNECTION_STATE_CONNECTED, SE_CONNECTION_STATE_CLOSED,
                      SE_CONNECTION_STATE_CONNECTED, flags);
  properties[PROP_LOCAL_ADDRESS] =
    g_param_spec_string ("local-address", NULL, NULL, NULL, flags);
  properties[PROP_REMOTE_ADDRESS] =
    g_param_spec_string ("remote-address", NULL, NULL, NULL, flags);
  properties[PROP_BYTES_SENT] =
    g_param_spec_uint64 ("bytes-sent", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_BYTES_RECEIVED] =
    g_param_spec_uint64 ("bytes-received", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_MESSAGES_SENT] =
    g_param_spec_uint64 ("messages-sent", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_MESSAGES_RECEIVED] =
    g_param_spec_uint64 ("messages-received", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_QUEUED_BYTES] =
    g_param_spec_uint64 ("queued-bytes", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  /* The first error, if any (a GError) */
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, flags);
  /* A TLS stream's handshake result in a few lines: version and cipher,
   * the peer's certificate chain, what the check found. NULL for a plain
   * connection, and until the handshake is done. */
  properties[PROP_TLS_SUMMARY] =
    g_param_spec_string ("tls-summary", NULL, NULL, NULL, flags);
  /* Bytes and messages per second over the last second (se-rate-meter.h),
   * sampled by the listener or client that owns it. */
  se_rate_meter_make_properties (properties, PROP_RATE_FIRST);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SeConnection::received:
   * @data: the bytes one recv() returned
   */
  signals[RECEIVED] =
    g_signal_new ("received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BYTES);
  /**
   * SeConnection::closed:
   * The socket was closed (by either side, a reset, or a failure).
   */
  signals[CLOSED] =
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
        self->local_address = se_format_sockaddr (&addr, len);
      else
        self->local_address = g_strdup ("");
    }

  if (peer != NULL)
    self->remote_address = se_format_sockaddr (peer, peer_len);
  else
    {
      len = sizeof addr;
      if (getpeername (fd, (struct sockaddr *)&addr, &len) == 0)
        self->remote_address = se_format_sockaddr (&addr, len);
      else
        self->remote_address = g_strdup ("");
    }

  return self;
}

gboolean
_se_connection_use_tls (SeConnection       *self,
                        const SeTlsParams  *params,
                        GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  SeTransport *tls;

  g_return_val_if_fail (SE_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (self->fd >= 0 && !_se_transport_is_tls (self->transport), FALSE);

  tls = _se_tls_transport_new (self->fd, params, &local_error);
  if (tls == NULL)
    {
      log_event (self, SE_EVENT_ERROR, 0, NULL, 0, local_error->message);
      if (error != NULL)
        *error = g_error_copy (local_error);
      if (self->error == NULL)
        self->error = g_steal_pointer (&local_error);
      self->tls_failed = TRUE;
      return FALSE;
    }

  /* Same descriptor: the TLS transport watches and closes it now. */
  _se_transport_steal_fd (self->transport);
  self->transport = tls;
  _se_transport_set_hooks (self->transport, &transport_hooks, self);
  return TRUE;
}

void
_se_connection_start (SeConnection *self)
{
  g_return_if_fail (SE_IS_CONNECTION (self));

  if (self->tls_failed)
    {
      se_connection_finish_close (self, NULL);
      return;
    }

  if (self->accepted && self->responder != NULL)
    {
      SeResponse response;

      se_response_init (&response);
      se_responder_on_accept (self->responder, self->responder_state, &response);
      apply_response (self, &response);
      se_response_clear (&response);
    }

  if (self->fd < 0)
    return;

  self->last_activity = g_get_monotonic_time ();
  if (!_se_watch_start (&self->watch, self->fd, 0, se_connection_ready_cb, self))
    {
      /* The kernel's limit on watched descriptors (max_user_watches). */
      record_error (self, errno, "epoll_ctl", SE_CALL_NONE, 0);
      se_connection_finish_close (self, NULL);
      return;
    }
  update_watch (self);
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
  update_watch (self);
}

void
_se_connection_set_rules (SeConnection *self,
                          SeRuleSet    *rules)
{
  g_return_if_fail (SE_IS_CONNECTION (self));

  if (rules != NULL && se_rule_set_get_n_rules (rules) == 0)
    rules = NULL;
  if (rules != NULL)
    se_rule_set_ref (rules);
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

gboolean
se_connection_send (SeConnection  *self,
                    GBytes        *data,
                    GError       **error)
{
  gsize len;

  g_return_val_if_fail (SE_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  len = g_bytes_get_size (data);

  if (self->fd < 0)
    return refuse (self, error, SE_ERROR_CLOSED,
                   g_strdup_printf (_("Cannot send: connection #%u is closed"), self->id));
  if (self->close_pending)
    return refuse (self, error, SE_ERROR_CLOSED,
                   g_strdup_printf (_("Cannot send: connection #%u is closing"), self->id));
  if (self->local_shut || self->shutdown_pending)
    return refuse (self, error, SE_ERROR_CLOSED,
                   g_strdup_printf (_("Cannot send: connection #%u was shut down for writing"), self->id));

  if (len == 0)
    return TRUE;

  /* One message larger than the cap is taken when nothing waits: its
   * bytes are in memory already, and a bound on what piles up behind a
   * peer that does not read is what the cap is for. */
  if (self->queued_bytes > 0 && self->queued_bytes + len > SE_CONNECTION_SEND_QUEUE_MAX)
    return refuse (self, error, SE_ERROR_QUEUE_FULL,
                   g_strdup_printf (_("Cannot send: %zu bytes are already waiting on connection #%u because the peer is not reading; the send queue holds at most %d MiB"),
                                    self->queued_bytes, self->id, SE_CONNECTION_SEND_QUEUE_MAX / (1024 * 1024)));
  if (_se_reactor_get_queued_total () + len > send_queue_total_limit)
    return refuse (self, error, SE_ERROR_QUEUE_FULL,
                   g_strdup_printf (_("Cannot send: the send queues of all connections already hold %zu bytes for peers that are not reading; together they hold at most %zu bytes"),
                                    _se_reactor_get_queued_total (), send_queue_total_limit));

  g_queue_push_tail (&self->send_queue, g_bytes_ref (data));
  add_queued (self, len);

  /* Write now if nothing was waiting; otherwise the write watch will. */
  if (g_queue_get_length (&self->send_queue) == 1)
    {
      g_autoptr(SeConnection) hold = g_object_ref (self);

      flush_queue (self);
    }
  else
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUED_BYTES]);
    }

  return TRUE;
}

gboolean
se_connection_shutdown (SeConnection  *self,
                        GError       **error)
{
  g_autoptr(SeConnection) hold = NULL;

  g_return_val_if_fail (SE_IS_CONNECTION (self), FALSE);

  if (self->fd < 0)
    {
      g_set_error (error, SE_ERROR, SE_ERROR_CLOSED,
                   _("Cannot shut down: connection #%u is closed"), self->id);
      return FALSE;
    }
  if (self->local_shut || self->shutdown_pending)
    {
      g_set_error (error, SE_ERROR, SE_ERROR_CLOSED,
                   _("Connection #%u is already shut down for writing"), self->id);
      return FALSE;
    }

  hold = g_object_ref (self);
  if (g_queue_is_empty (&self->send_queue))
    do_shutdown (self);
  else
    self->shutdown_pending = TRUE;

  return TRUE;
}

void
se_connection_close (SeConnection *self)
{
  g_autoptr(SeConnection) hold = NULL;

  g_return_if_fail (SE_IS_CONNECTION (self));

  if (self->fd < 0)
    return;

  hold = g_object_ref (self);
  begin_close (self);
}

void
_se_connection_close_now (SeConnection *self)
{
  g_autoptr(SeConnection) hold = NULL;

  g_return_if_fail (SE_IS_CONNECTION (self));

  if (self->fd < 0)
    return;

  hold = g_object_ref (self);
  /* Give what is queued one last non-blocking chance. */
  if (!g_queue_is_empty (&self->send_queue))
    flush_queue (self);
  se_connection_finish_close (self, NULL);
}

gsize
se_connection_get_send_queue_total_limit (void)
{
  return send_queue_total_limit;
}

void
se_connection_set_send_queue_total_limit (gsize limit)
{
  g_atomic_pointer_set ((gpointer *) &send_queue_total_limit_value, (gpointer) limit);
}

void
se_connection_reset (SeConnection *self)
{
  g_autoptr(SeConnection) hold = NULL;
  int errsv;

  g_return_if_fail (SE_IS_CONNECTION (self));

  if (self->fd < 0)
    return;

  hold = g_object_ref (self);
  errsv = _se_transport_set_reset (self->transport);
  {
    SeEventInfo info = {
      .kind = SE_EVENT_SETSOCKOPT,
      .call = SE_CALL_SETSOCKOPT,
      .ret = errsv != 0 ? -1 : 0,
      .error_number = errsv,
      .option = SE_SOCKOPT_SO_LINGER,
      .asked = 0,
    };

    log_call (self, &info);
  }
  clear_queue (self);
  se_connection_finish_close (self, _("abortive close: SO_LINGER 0, the peer gets a reset (RST)"));
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

  se_rate_meter_notify (G_OBJECT (self), properties, PROP_RATE_FIRST,
                        se_rate_meter_sample (&self->rates, now, totals));
}
