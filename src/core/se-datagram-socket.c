/* se-datagram-socket.c: the datagram socket of listeners and clients
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads datagrams in batches with recvmmsg(): one system call for up to
 * 32 of them. Each slot can hold the largest datagram, but the kernel
 * writes only the bytes a datagram has, so the untouched pages of a slot
 * never become resident. Listeners and clients read the same way; what
 * they do with a datagram (log, count, answer) is theirs.
 *
 * In step mode (se-stepper.c) a readable socket is not read until
 * "Next", which reads one datagram; a sendto() waits with its address.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/un.h>

#include "se-datagram-socket-private.h"

static void recv_release_cb (GObject    *owner,
                             SeStepKind  kind,
                             gboolean    stepping,
                             gpointer    data);

/* Step mode: the socket is readable; its datagrams stay in the kernel
 * until "Next", and epoll is not asked meanwhile. */
static void
hold_recv (SeDatagramSocket *self)
{
  int next_size = 0;

  if (self->recv_held)
    {
      int err = 0;
      socklen_t len = sizeof err;

      /* Only an error reports a socket not asked for anything: take it,
       * rather than be told again on every iteration. */
      if (getsockopt (self->fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err != 0)
        self->funcs->failed (self, err, self->owner);
      return;
    }
  self->recv_held = TRUE;
  _se_watch_set_events (&self->watch, 0);
  /* The size of the next datagram (SIOCINQ, as FIONREAD for datagrams). */
  if (ioctl (self->fd, FIONREAD, &next_size) != 0)
    next_size = 0;
  _se_stepper_hold_data (G_OBJECT (self->owner), SE_STEP_RECV,
                         self->funcs->describe_step (self, SE_STEP_RECV, NULL, MAX (next_size, 0), self->owner),
                         recv_release_cb, self, NULL);
}

static void
ready_cb (SeWatch  *watch,
          guint32   events,
          gpointer  user_data)
{
  SeDatagramSocket *self = user_data;
  /* A callback may drop the owner's last reference; the socket is part
   * of it. */
  g_autoptr(GObject) hold = g_object_ref (self->owner);
  struct mmsghdr msgs[_SE_DATAGRAM_BATCH];
  struct iovec iovs[_SE_DATAGRAM_BATCH];
  SeSockaddr from[_SE_DATAGRAM_BATCH];
  int fd = self->fd;
  gsize read_size = _se_datagram_socket_get_read_size (self);
  guint batch = _SE_DATAGRAM_BATCH;
  guint rounds = _SE_DATAGRAM_ROUNDS;

  if (_se_stepper_is_on ())
    {
      if (!self->recv_released)
        {
          hold_recv (self);
          return;
        }
      self->recv_released = FALSE;
      batch = rounds = 1;
    }

  if (self->slots == NULL)
    self->slots = g_malloc ((gsize) _SE_DATAGRAM_BATCH * _SE_DATAGRAM_MAX);

  for (guint round = 0; round < rounds && self->fd == fd; round++)
    {
      gint64 now;
      int n;

      for (guint i = 0; i < batch; i++)
        {
          memset (&msgs[i], 0, sizeof msgs[i]);
          /* The kernel writes the address and its length (below); the
           * family is read even when it wrote none. */
          from[i].addr.ss_family = AF_UNSPEC;
          iovs[i].iov_base = self->slots + (gsize) i * _SE_DATAGRAM_MAX;
          iovs[i].iov_len = read_size;
          msgs[i].msg_hdr.msg_iov = &iovs[i];
          msgs[i].msg_hdr.msg_iovlen = 1;
          msgs[i].msg_hdr.msg_name = &from[i].addr;
          msgs[i].msg_hdr.msg_namelen = sizeof from[i].addr;
        }

      /* MSG_TRUNC: msg_len is a datagram's real size even when it was
       * longer than its slot. */
      do
        n = recvmmsg (fd, msgs, batch, MSG_DONTWAIT | MSG_TRUNC, NULL);
      while (n < 0 && errno == EINTR);

      if (n < 0)
        {
          int errsv = errno;

          if (errsv == EAGAIN || errsv == EWOULDBLOCK)
            break;
          self->funcs->failed (self, errsv, self->owner);
          continue;
        }

      /* The clock is read once per recvmmsg(): its datagrams all came
       * to the program as it returned. */
      now = g_get_real_time ();
      for (int i = 0; i < n && self->fd == fd; i++)
        {
          SeDatagram datagram;

          from[i].len = msgs[i].msg_hdr.msg_namelen;
          datagram.data = iovs[i].iov_base;
          datagram.size = msgs[i].msg_len;
          datagram.kept = MIN (datagram.size, read_size);
          datagram.from = &from[i];
          datagram.socket = self;
          datagram.time = now;
          /* An unbound Unix datagram socket has no address to answer. */
          datagram.can_reply = !(from[i].addr.ss_family == AF_UNIX &&
                                 from[i].len <= offsetof (struct sockaddr_un, sun_path));
          self->funcs->received (self, &datagram, self->owner);
        }

      if (self->fd == fd && self->funcs->batch_done != NULL)
        self->funcs->batch_done (self, self->owner);

      if ((guint) n < batch)
        break;
    }
}

/* The held recvfrom() goes: one datagram now ("Next"), or reading as
 * usual (step mode ended). */
static void
recv_release_cb (GObject    *owner,
                 SeStepKind  kind,
                 gboolean    stepping,
                 gpointer    data)
{
  SeDatagramSocket *self = data;

  if (self->fd < 0)
    return;
  self->recv_held = FALSE;
  _se_watch_set_events (&self->watch, EPOLLIN);
  if (stepping)
    {
      self->recv_released = TRUE;
      ready_cb (&self->watch, EPOLLIN, self);
    }
}

typedef struct
{
  SeDatagramSocket *socket;  /* part of the step's owner, which it keeps */
  SeSockaddr        to;
  GBytes           *data;
} HeldSend;

static void
held_send_free (gpointer data)
{
  HeldSend *held = data;

  g_bytes_unref (held->data);
  g_free (held);
}

static void
send_release_cb (GObject    *owner,
                 SeStepKind  kind,
                 gboolean    stepping,
                 gpointer    data)
{
  HeldSend *held = data;

  if (held->socket->fd >= 0)
    held->socket->funcs->send_released (held->socket, &held->to, held->data, owner);
}

void
_se_datagram_socket_hold_send (SeDatagramSocket *self,
                               const SeSockaddr *to,
                               const char       *to_text,
                               GBytes           *data)
{
  HeldSend *held;

  g_return_if_fail (self->fd >= 0);

  held = g_new (HeldSend, 1);
  held->socket = self;
  held->to = *to;
  held->data = g_bytes_ref (data);
  _se_stepper_hold_data (G_OBJECT (self->owner), SE_STEP_SEND,
                         self->funcs->describe_step (self, SE_STEP_SEND, to_text,
                                                     g_bytes_get_size (data), self->owner),
                         send_release_cb, held, held_send_free);
}

void
_se_datagram_socket_set_read_size (SeDatagramSocket *self,
                                   guint             read_size)
{
  self->read_size = CLAMP (read_size, 1, _SE_DATAGRAM_MAX);
}

guint
_se_datagram_socket_get_read_size (SeDatagramSocket *self)
{
  return self->read_size != 0 ? self->read_size : _SE_DATAGRAM_MAX;
}

void
_se_datagram_socket_init (SeDatagramSocket *self)
{
  memset (self, 0, sizeof *self);
  self->fd = -1;
}

gboolean
_se_datagram_socket_start (SeDatagramSocket      *self,
                           int                    fd,
                           const SeDatagramFuncs *funcs,
                           gpointer               owner)
{
  g_return_val_if_fail (self->fd < 0, FALSE);

  if (!_se_watch_start (&self->watch, fd, EPOLLIN, ready_cb, self))
    return FALSE;

  self->fd = fd;
  self->funcs = funcs;
  self->owner = owner;
  return TRUE;
}

void
_se_datagram_socket_close (SeDatagramSocket *self)
{
  if (self->fd < 0)
    return;

  _se_watch_clear (&self->watch);
  close (self->fd);
  self->fd = -1;
  self->recv_held = self->recv_released = FALSE;
  /* Its held sendto() and recvfrom() go with it. */
  _se_stepper_forget (G_OBJECT (self->owner));
}

void
_se_datagram_socket_clear (SeDatagramSocket *self)
{
  _se_datagram_socket_close (self);
  /* Not in close: a callback may close while its batch's slots are read. */
  g_clear_pointer (&self->slots, g_free);
  g_clear_pointer (&self->last_from_text, g_free);
}

const char *
_se_datagram_socket_name (SeDatagramSocket *self,
                          const SeSockaddr *addr)
{
  if (self->last_from_text == NULL || self->last_from.len != addr->len ||
      memcmp (&self->last_from.addr, &addr->addr, addr->len) != 0)
    {
      g_free (self->last_from_text);
      self->last_from_text = _se_sockaddr_to_string (addr);
      self->last_from = *addr;
    }
  return self->last_from_text;
}

SeEventInfo
_se_datagram_receive_info (SeDatagramSocket *socket,
                           const SeDatagram *datagram)
{
  return (SeEventInfo) {
    .kind = SE_EVENT_RECEIVE,
    .remote_sa = _se_sockaddr_ptr (datagram->from),
    .remote_sa_len = datagram->from->len,
    .size = datagram->size,
    .data = datagram->data,
    .data_len = datagram->kept,
    .detail = datagram->size > datagram->kept ? SE_EVENT_DETAIL_TRUNCATED : SE_EVENT_DETAIL_TEXT,
    .call = SE_CALL_RECVFROM,
    .ret = datagram->size,
    .asked = _se_datagram_socket_get_read_size (socket),
    .time = datagram->time,
  };
}
