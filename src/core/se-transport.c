/* se-transport.c: the plain socket transport of stream connections
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <unistd.h>
#include <sys/socket.h>

#include "se-transport-private.h"

static gssize
socket_recv (SeTransport *self,
             guint8      *buffer,
             gsize        size,
             int         *errsv)
{
  gssize n;

  do
    n = recv (self->fd, buffer, size, MSG_DONTWAIT);
  while (n < 0 && errno == EINTR);

  if (n < 0)
    *errsv = errno;
  return n;
}

static gssize
socket_send (SeTransport  *self,
             const guint8 *data,
             gsize         len,
             int          *errsv)
{
  gssize n;

  /* MSG_NOSIGNAL: a peer that is gone is EPIPE here, not SIGPIPE. */
  do
    n = send (self->fd, data, len, MSG_NOSIGNAL | MSG_DONTWAIT);
  while (n < 0 && errno == EINTR);

  if (n < 0)
    *errsv = errno;
  return n;
}

static int
socket_shutdown_write (SeTransport *self)
{
  return shutdown (self->fd, SHUT_WR) == 0 ? 0 : errno;
}

static int
socket_set_reset (SeTransport *self)
{
  /* SO_LINGER with a zero timeout makes close() send RST instead of FIN. */
  struct linger lin = { 1, 0 };

  return setsockopt (self->fd, SOL_SOCKET, SO_LINGER, &lin, sizeof lin) == 0 ? 0 : errno;
}

static void
socket_close (SeTransport *self)
{
  close (self->fd);
  g_free (self);
}

static const SeTransportClass socket_class = {
  .name = "socket",
  .recv = socket_recv,
  .send = socket_send,
  .shutdown_write = socket_shutdown_write,
  .set_reset = socket_set_reset,
  .close = socket_close,
};

SeTransport *
_se_transport_new_socket (int fd)
{
  SeTransport *self = g_new0 (SeTransport, 1);

  self->klass = &socket_class;
  self->fd = fd;
  return self;
}

int
_se_transport_steal_fd (SeTransport *self)
{
  int fd = self->fd;

  g_return_val_if_fail (self->klass == &socket_class, -1);

  g_free (self);
  return fd;
}
