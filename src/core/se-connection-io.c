/* se-connection-io.c: a stream connection's read-write data path
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads when the reactor says the socket is readable, runs the rules and
 * the responder on what it read, sends without copying when nothing
 * waits and queues what the socket does not take, pausing reads while
 * too much is queued; the peer's FIN, and a close that first sends what
 * is queued (for a while). The GObject is in se-connection.c.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <glib/gi18n-lib.h>

#include "se-connection-internal.h"
#include "se-error.h"
#include "se-rule-private.h"

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

enum { CLOSE_STEP_NONE, CLOSE_STEP_HELD, CLOSE_STEP_RELEASED };

static void step_release_cb (GObject *owner, SeStepKind kind, gboolean stepping);

/* The limit on the bytes queued by all connections together. */
/* Set by the window's thread, read by the network thread. */
static gsize send_queue_total_limit_value = SE_CONNECTION_SEND_QUEUE_TOTAL_DEFAULT;
#define send_queue_total_limit ((gsize) g_atomic_pointer_get ((gpointer *) &send_queue_total_limit_value))

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
  _se_connection_log_call (self, &info);
}

/* A send the connection cannot take: the caller gets the error, and the
 * log shows it, like every other failure. Takes the message. */
static gboolean
refuse (SeConnection  *self,
        GError       **error,
        SeError        code,
        char          *message)
{
  _se_connection_log_event (self, SE_EVENT_ERROR, 0, NULL, 0, message);
  g_set_error_literal (error, SE_ERROR, code, message);
  g_free (message);
  return FALSE;
}

static void
maybe_resume_reading (SeConnection *self)
{
  if (self->read_paused && self->queued_bytes <= READ_RESUME_QUEUED)
    {
      self->read_paused = FALSE;
      _se_connection_update_watch (self);
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

  g_object_notify_by_pspec (G_OBJECT (self), _se_connection_properties[PROP_BYTES_RECEIVED]);
  g_object_notify_by_pspec (G_OBJECT (self), _se_connection_properties[PROP_MESSAGES_RECEIVED]);
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

    _se_connection_log_call (self, &info);
  }

  if (g_signal_has_handler_pending (self, _se_connection_signals[RECEIVED], 0, TRUE))
    {
      g_autoptr(GBytes) bytes = g_bytes_new (data, n);

      g_signal_emit (self, _se_connection_signals[RECEIVED], 0, bytes);
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
  _se_connection_record_error (self, errsv, "send", SE_CALL_SEND, asked);
  _se_connection_finish_close (self, NULL);
}

/* Whether step mode holds this connection's calls. A TLS stream's are
 * not held: GnuTLS reads and writes records of its own (the handshake,
 * then whole records), so a held recv() or send() would not be the one
 * the user steps through, and a failed handshake must close at once. */
static gboolean
stepping (SeConnection *self)
{
  return _se_stepper_is_on () && !_se_transport_is_tls (self->transport);
}

/* Step mode: the message just queued waits for "Next". */
static void
hold_send (SeConnection *self,
           gsize         len)
{
  self->held_sends++;
  _se_stepper_hold (G_OBJECT (self), SE_STEP_SEND,
                    _se_step_describe (SE_STEP_SEND, self->protocol, self->id, NULL, len),
                    step_release_cb);
}

/* Step mode: the socket is readable; its bytes (or the peer's FIN) stay
 * in the kernel until "Next", and epoll is not asked meanwhile. */
static void
hold_recv (SeConnection *self)
{
  guint unread = 0;

  if (self->recv_held)
    return;
  self->recv_held = TRUE;
  _se_connection_update_watch (self);
  se_connection_get_kernel_queues (self, &unread, NULL);
  _se_stepper_hold (G_OBJECT (self), SE_STEP_RECV,
                    _se_step_describe (SE_STEP_RECV, self->protocol, self->id, NULL, unread),
                    step_release_cb);
}

/* Writes as much of the queue as the socket takes now. Returns FALSE if
 * the connection failed (and was closed). */
static gboolean
flush_queue (SeConnection *self)
{
  guint64 sent_before = self->bytes_sent;
  guint64 messages_before = self->messages_sent;
  gboolean ok = TRUE;

  while (self->fd >= 0 && g_queue_get_length (&self->send_queue) > self->held_sends)
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
      _se_connection_add_queued (self, -n);

      if (self->head_offset == len)
        {
          g_bytes_unref (g_queue_pop_head (&self->send_queue));
          self->head_offset = 0;
          self->messages_sent++;
        }
    }

  if (self->bytes_sent != sent_before)
    {
      g_object_notify_by_pspec (G_OBJECT (self), _se_connection_properties[PROP_BYTES_SENT]);
      g_object_notify_by_pspec (G_OBJECT (self), _se_connection_properties[PROP_QUEUED_BYTES]);
    }
  if (self->messages_sent != messages_before)
    g_object_notify_by_pspec (G_OBJECT (self), _se_connection_properties[PROP_MESSAGES_SENT]);

  if (!ok || self->fd < 0)
    return FALSE;

  if (g_queue_is_empty (&self->send_queue))
    {
      if (self->close_pending)
        {
          _se_connection_finish_close (self, NULL);
          return FALSE;
        }
      if (self->shutdown_pending)
        _se_connection_do_shutdown (self);
    }

  if (self->fd >= 0)
    {
      maybe_resume_reading (self);
      _se_connection_update_watch (self);
    }

  return self->fd >= 0;
}

static gboolean
drain_timeout_cb (gpointer user_data)
{
  SeConnection *self = user_data;

  g_clear_pointer (&self->drain_timeout, g_source_unref);
  _se_connection_finish_close (self, NULL);
  return G_SOURCE_REMOVE;
}

/* Closes once the queue has drained (at once if it is empty), reading no
 * more meanwhile. The connection keeps itself alive until then. */
static void
begin_close (SeConnection *self)
{
  if (self->fd < 0 || self->close_step == CLOSE_STEP_HELD)
    return;
  if (self->close_step == CLOSE_STEP_NONE && stepping (self))
    {
      self->close_step = CLOSE_STEP_HELD;
      _se_stepper_hold (G_OBJECT (self), SE_STEP_CLOSE,
                        _se_step_describe (SE_STEP_CLOSE, self->protocol, self->id, NULL, 0),
                        step_release_cb);
      return;
    }

  self->close_pending = TRUE;
  _se_connection_update_watch (self);

  if (!g_queue_is_empty (&self->send_queue))
    flush_queue (self);
  if (self->fd < 0)
    return;
  if (g_queue_is_empty (&self->send_queue))
    {
      _se_connection_finish_close (self, NULL);
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
      .tcp_state = _se_connection_tcp_state (self),
    };

    _se_connection_log_call (self, &info);
  }
  _se_connection_update_state (self);
  _se_connection_update_watch (self);

  if (self->local_shut)
    {
      _se_connection_finish_close (self, NULL);
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
      _se_connection_log_event (self, SE_EVENT_ERROR, 0, NULL, 0, detail);
    }

  self->read_paused = TRUE;
  _se_connection_update_watch (self);
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
  gboolean held = stepping (self);

  if (g_queue_is_empty (&self->send_queue) && !held)
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
          g_object_notify_by_pspec (G_OBJECT (self), _se_connection_properties[PROP_BYTES_SENT]);
          if ((gsize) n == len)
            {
              self->messages_sent++;
              g_object_notify_by_pspec (G_OBJECT (self), _se_connection_properties[PROP_MESSAGES_SENT]);
              return TRUE;
            }
        }
    }

  /* The head of the queue counts as sent in part: head_offset. */
  g_queue_push_tail (&self->send_queue, g_bytes_new (data, len));
  if (g_queue_get_length (&self->send_queue) == 1)
    self->head_offset = n;
  _se_connection_add_queued (self, len - n);
  if (held)
    hold_send (self, len);
  g_object_notify_by_pspec (G_OBJECT (self), _se_connection_properties[PROP_QUEUED_BYTES]);
  _se_connection_update_watch (self);
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
  guint budget = READ_BUDGET;

  if (stepping (self))
    {
      if (!self->recv_released)
        {
          hold_recv (self);
          return;
        }
      self->recv_released = FALSE;
      budget = 1;
    }

  for (guint i = 0; i < budget && self->fd >= 0 && !self->remote_shut &&
                    !self->read_paused && !self->read_held && !self->close_pending; i++)
    {
      int errsv;
      gssize n = _se_transport_recv (self->transport, buffer, self->read_size, &errsv);

      if (n < 0)
        {
          if (errsv == EAGAIN || errsv == EWOULDBLOCK)
            return;

          _se_connection_record_error (self, errsv, "recv", SE_CALL_RECV, self->read_size);
          _se_connection_finish_close (self, NULL);
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
          _se_connection_record_error (self, err, "recv", SE_CALL_RECV, self->read_size);
          _se_connection_finish_close (self, NULL);
        }
      else if (events & EPOLLHUP)
        {
          /* Both directions are finished. */
          _se_connection_finish_close (self, NULL);
        }
    }
}

/* A held call goes: one send, one recv or the close now; or, when step
 * mode ends, everything as usual. */
static void
step_release_cb (GObject    *owner,
                 SeStepKind  kind,
                 gboolean    stepping)
{
  SeConnection *self = SE_CONNECTION (owner);
  g_autoptr(SeConnection) hold = g_object_ref (self);

  if (self->fd < 0)
    return;

  switch (kind)
    {
    case SE_STEP_SEND:
      /* Held messages are the queue's last ones, and go in order. */
      if (self->held_sends > 0)
        self->held_sends--;
      flush_queue (self);
      break;
    case SE_STEP_RECV:
      self->recv_held = FALSE;
      if (stepping)
        {
          self->recv_released = TRUE;
          read_ready (self);
        }
      if (self->fd >= 0)
        _se_connection_update_watch (self);
      break;
    case SE_STEP_CLOSE:
      self->close_step = CLOSE_STEP_RELEASED;
      begin_close (self);
      break;
    case SE_STEP_ACCEPT:
    default:
      g_return_if_reached ();
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
      _se_connection_record_error (self, errno, "epoll_ctl", SE_CALL_NONE, 0);
      _se_connection_finish_close (self, NULL);
      return;
    }
  _se_connection_update_watch (self);
  se_connection_ready_cb (&self->watch, EPOLLIN | EPOLLOUT, self);
}

static void
transport_note (gpointer           owner,
                const SeEventInfo *note)
{
  SeConnection *self = owner;
  SeEventInfo info = *note;

  _se_connection_log_call (self, &info);

  if (info.kind == SE_EVENT_TLS && self->transport != NULL && _se_transport_is_tls (self->transport) &&
      _se_tls_transport_get_summary (self->transport) != NULL &&
      g_strcmp0 (self->tls_summary, _se_tls_transport_get_summary (self->transport)) != 0)
    {
      g_free (self->tls_summary);
      self->tls_summary = g_strdup (_se_tls_transport_get_summary (self->transport));
      g_object_notify_by_pspec (G_OBJECT (self), _se_connection_properties[PROP_TLS_SUMMARY]);
    }
  else if (info.kind == SE_EVENT_ERROR && self->error == NULL && info.text != NULL)
    {
      self->error = g_error_new_literal (SE_ERROR, SE_ERROR_FAILED, info.text);
      g_object_notify_by_pspec (G_OBJECT (self), _se_connection_properties[PROP_ERROR]);
    }
}

static const SeTransportHooks transport_hooks = {
  .wake = transport_wake,
  .note = transport_note,
};

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
      _se_connection_log_event (self, SE_EVENT_ERROR, 0, NULL, 0, local_error->message);
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
      _se_connection_finish_close (self, NULL);
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
      _se_connection_record_error (self, errno, "epoll_ctl", SE_CALL_NONE, 0);
      _se_connection_finish_close (self, NULL);
      return;
    }
  _se_connection_update_watch (self);
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
  _se_connection_add_queued (self, len);

  if (stepping (self))
    {
      hold_send (self, len);
      g_object_notify_by_pspec (G_OBJECT (self), _se_connection_properties[PROP_QUEUED_BYTES]);
    }
  /* Write now if nothing was waiting; otherwise the write watch will. */
  else if (g_queue_get_length (&self->send_queue) == 1)
    {
      g_autoptr(SeConnection) hold = g_object_ref (self);

      flush_queue (self);
    }
  else
    {
      g_object_notify_by_pspec (G_OBJECT (self), _se_connection_properties[PROP_QUEUED_BYTES]);
    }

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
  _se_connection_finish_close (self, NULL);
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
