/* se-listener-datagram.c: a datagram listener's datagrams and peers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads datagrams in batches (recvmmsg), remembers each sender as an
 * SePeer with its counters, runs the rules and the responder and sends
 * the replies in batches (sendmmsg); sending to one peer or to all of
 * them (a stream listener's "all" is its connections). The GObject is in
 * se-listener.c.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "se-connection-private.h"
#include "se-error.h"
#include "se-listener-private.h"
#include "se-peer-private.h"
#include "se-rule-private.h"

/* Replies sent with one sendmmsg(). */
#define REPLY_BATCH 32
/* Peers remembered by a datagram listener (with counters, and for "send
 * to all"); datagrams from further addresses are logged and answered but
 * not given a peer of their own. */
#define MAX_PEERS 4096

/* The peer of an address, if it has one: a repeat sender (a flood comes
 * from one) costs a compare, not a lookup. Peers stay until the listener
 * is finalized. */
static SePeer *
find_peer (SeListener       *self,
           const SeSockaddr *addr)
{
  SePeer *peer = self->last_peer;

  if (peer != NULL && _se_sockaddr_equal (_se_peer_get_sockaddr (peer), addr))
    return peer;

  peer = g_hash_table_lookup (self->peer_index, addr);
  if (peer != NULL)
    self->last_peer = peer;
  return peer;
}

/* The peer for a sender's address, made on its first datagram. NULL past
 * MAX_PEERS. */
static SePeer *
remember_peer (SeListener       *self,
               const SeDatagram *datagram)
{
  SePeer *peer = find_peer (self, datagram->from);

  if (peer != NULL || g_hash_table_size (self->peer_index) >= MAX_PEERS)
    return peer;

  peer = _se_peer_new (datagram->from, _se_datagram_from_text (datagram));
  g_hash_table_insert (self->peer_index, (gpointer) _se_peer_get_sockaddr (peer), peer);
  g_list_store_append (self->peers, peer);
  g_object_unref (peer);  /* the store holds it */
  self->last_peer = peer;
  return peer;
}

static void
count_peer (SeListener       *self,
            SePeer           *peer,
            gboolean          sent,
            gsize             size,
            gint64            time)
{
  gboolean first;

  /* Every datagram counts in the listener's rates, also past MAX_PEERS. */
  self->datagram_totals[sent ? SE_RATE_BYTES_SENT : SE_RATE_BYTES_RECEIVED] += size;
  self->datagram_totals[sent ? SE_RATE_MESSAGES_SENT : SE_RATE_MESSAGES_RECEIVED]++;
  if (peer == NULL)
    return;

  first = sent ? _se_peer_count_sent (peer, size, time) : _se_peer_count_received (peer, size, time);
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

/* The event of one datagram sent: sendto() took n of len bytes. */
static SeEventInfo
sendto_info (const SeSockaddr *to,
             const guint8     *bytes,
             gsize             n,
             gsize             len)
{
  return (SeEventInfo) {
    .kind = SE_EVENT_SEND,
    .remote_sa = _se_sockaddr_ptr (to),
    .remote_sa_len = to->len,
    .size = n,
    .data = bytes,
    .data_len = n,
    .call = SE_CALL_SENDTO,
    .ret = n,
    .asked = (guint32) MIN (len, G_MAXUINT32),
  };
}

/* The one sendto() of a datagram, logged and counted. */
static gboolean
send_now (SeListener       *self,
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

      _se_listener_append_info (self, &info);
      g_propagate_error (error, local_error);
      return FALSE;
    }

  {
    SeEventInfo info = sendto_info (to, bytes, n, len);

    info.time = g_get_real_time ();
    _se_listener_append_info (self, &info);
    count_peer (self, find_peer (self, to), TRUE, n, info.time);
  }
  return TRUE;
}

/* A sendto() now, or in step mode when "Next" lets it go (se-stepper.c). */
static gboolean
send_datagram (SeListener       *self,
               const SeSockaddr *to,
               const char       *to_text,
               GBytes           *data,
               GError          **error)
{
  if (self->fd >= 0 && _se_stepper_is_on ())
    {
      _se_datagram_socket_hold_send (&self->datagram, to, to_text, data);
      return TRUE;
    }
  return send_now (self, to, to_text, data, error);
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
void
_se_listener_discard_replies (SeListener *self)
{
  /* The events of the batch read so far are logged all the same. */
  _se_listener_flush_queued (self);
  self->datagram_handlers = 0;
  if (self->replies == NULL)
    return;

  for (guint i = 0; i < self->replies->n; i++)
    g_clear_pointer (&self->replies->keep[i], g_bytes_unref);
  self->replies->n = 0;
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
      gint64 now;
      int n;

      do
        n = sendmmsg (self->fd, batch->msgs + done, batch->n - done, MSG_NOSIGNAL);
      while (n < 0 && errno == EINTR);

      if (n <= 0)
        {
          g_autoptr(GBytes) bytes = g_bytes_new (batch->iovs[done].iov_base, batch->iovs[done].iov_len);
          g_autofree char *to_text = _se_sockaddr_to_string (batch->to[done]);

          /* Logs the failure (or, if it goes through now, the send). */
          send_now (self, batch->to[done], to_text, bytes, NULL);
          done++;
          continue;
        }

      /* One clock read for the datagrams of one sendmmsg(); the events
       * wait in the listener's queue, appended with one lock. */
      now = g_get_real_time ();
      for (int i = 0; i < n; i++)
        {
          guint k = done + i;
          SeEventInfo info = sendto_info (batch->to[k], batch->iovs[k].iov_base,
                                          batch->msgs[k].msg_len, batch->iovs[k].iov_len);

          info.time = now;
          _se_listener_queue_info (self, &info);
          count_peer (self, find_peer (self, batch->to[k]), TRUE, batch->msgs[k].msg_len, now);
        }
      done += n;
    }

  /* Before the replies' own bytes go. */
  _se_listener_flush_queued (self);
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

  /* Step mode: each reply is a sendto() of its own, held until "Next". */
  if (_se_stepper_is_on ())
    {
      g_autoptr(GBytes) bytes = keep != NULL ? g_bytes_ref (keep) : g_bytes_new (data, len);
      g_autofree char *to_text = _se_sockaddr_to_string (to);

      _se_datagram_socket_hold_send (&self->datagram, to, to_text, bytes);
      return;
    }

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
  SeEventInfo info = _se_datagram_receive_info (socket, datagram);

  /* Appended with the rest of the batch, before anything else this
   * listener logs. */
  _se_listener_queue_info (self, &info);

  /* A relay forwards it (se-relay.c) instead of a responder answering. */
  if (self->datagram_func != NULL)
    {
      count_peer (self, datagram->can_reply ? remember_peer (self, datagram) : NULL,
                  FALSE, datagram->size, datagram->time);
      if (self->datagram.fd < 0)
        return;
      /* It logs its own events, after this one. */
      _se_listener_flush_queued (self);
      self->datagram_func (self, _se_datagram_from_text (datagram), datagram->data, datagram->kept,
                           datagram->can_reply, self->datagram_data);
      return;
    }

  count_peer (self, datagram->can_reply ? remember_peer (self, datagram) : NULL,
              FALSE, datagram->size, datagram->time);
  /* A new peer goes into the peers model, whose items-changed may stop
   * the listener: then nothing more of this datagram, and no reply that
   * would outlive the batch's slots. */
  if (self->datagram.fd < 0)
    return;

  /* Only made into GBytes for someone who listens (listen --save-dir);
   * asked once per batch, as asking costs more than the rest of a
   * datagram's way here. */
  if (self->datagram_handlers == 0)
    self->datagram_handlers =
      g_signal_has_handler_pending (self, _se_listener_signals[DATAGRAM_RECEIVED], 0, TRUE) ? 2 : 1;
  if (self->datagram_handlers == 2)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (datagram->data, datagram->kept);

      _se_listener_flush_queued (self);
      g_signal_emit (self, _se_listener_signals[DATAGRAM_RECEIVED], 0, bytes, _se_datagram_from_text (datagram));
      if (self->datagram.fd < 0)
        return;
    }

  if (self->rules != NULL && datagram->can_reply &&
      _se_rule_set_answer (self->rules, G_OBJECT (self), rule_reply_cb, _se_datagram_from_text (datagram),
                           datagram->data, datagram->kept, self->rule_replies + 1))
    {
      self->rule_replies++;
      return;
    }

  if (kind == SE_RESPONDER_NONE || kind == SE_RESPONDER_DISCARD)
    return;

  if (!datagram->can_reply)
    {
      _se_listener_log_event (self, SE_EVENT_ERROR, _se_datagram_from_text (datagram), 0, NULL, 0,
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
  _se_listener_flush_queued (self);
  flush_peers (self);
  self->datagram_handlers = 0;
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
  _se_listener_set_failed_call (self, SE_CALL_RECVFROM, errsv);
  _se_listener_log_error (self, error);
}

static char *
datagram_describe_step_cb (SeDatagramSocket *socket,
                           SeStepKind        kind,
                           const char       *to,
                           gsize             size,
                           gpointer          user_data)
{
  SeListener *self = user_data;

  return _se_step_describe_datagram (kind, _se_listener_protocol (self), 0, self->local_address,
                                     to, size);
}

/* Step mode: the held sendto() goes now (a failure is logged). */
static void
datagram_send_released_cb (SeDatagramSocket *socket,
                           const SeSockaddr *to,
                           GBytes           *data,
                           gpointer          user_data)
{
  SeListener *self = user_data;
  g_autofree char *to_text = _se_sockaddr_to_string (to);

  send_now (self, to, to_text, data, NULL);
  flush_peers (self);
}

const SeDatagramFuncs _se_listener_datagram_funcs = {
  .received = datagram_received_cb,
  .batch_done = datagram_batch_done_cb,
  .failed = datagram_failed_cb,
  .describe_step = datagram_describe_step_cb,
  .send_released = datagram_send_released_cb,
};

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
