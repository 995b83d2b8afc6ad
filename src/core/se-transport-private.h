/* se-transport-private.h: what a stream connection reads from and writes to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sys/epoll.h>

#include <glib.h>

G_BEGIN_DECLS

/* A connection talks to its peer through a transport, not a raw fd, so
 * that a TLS stream can stand where a plain socket does: the connection
 * keeps its queue, counters, log and states, the transport moves bytes.
 * Every call is non-blocking and reports failures as an errno value (a
 * TLS transport maps its own failures onto the nearest one and keeps the
 * details for the log). */
typedef struct _SeTransport      SeTransport;
typedef struct _SeTransportClass SeTransportClass;

struct _SeTransportClass
{
  const char *name;  /* "tcp", "tls" … */

  /* Bytes read (> 0), 0 at the peer's end of stream, or -1 with *errsv
   * (EAGAIN: nothing now). */
  gssize  (*recv)           (SeTransport  *self,
                             guint8       *buffer,
                             gsize         size,
                             int          *errsv);
  /* Bytes taken (> 0), or -1 with *errsv (EAGAIN: none now). */
  gssize  (*send)           (SeTransport  *self,
                             const guint8 *data,
                             gsize         len,
                             int          *errsv);
  /* Ends the sending direction; 0 or an errno. */
  int     (*shutdown_write) (SeTransport  *self);
  /* Makes the next close abortive (the peer sees a reset); 0 or an errno. */
  int     (*set_reset)      (SeTransport  *self);
  /* Epoll events the transport needs beyond what the connection asks
   * for (a TLS stream must write to finish a read during a handshake). */
  guint32 (*extra_events)   (SeTransport  *self);
  /* Closes the descriptor and frees the transport. */
  void    (*close)          (SeTransport  *self);
};

struct _SeTransport
{
  const SeTransportClass *klass;
  int                     fd;   /* what the reactor watches */
};

/* A plain stream socket (TCP, Unix stream). Takes ownership of fd. */
SeTransport *_se_transport_new_socket (int fd);

static inline gssize
_se_transport_recv (SeTransport *self, guint8 *buffer, gsize size, int *errsv)
{
  return self->klass->recv (self, buffer, size, errsv);
}

static inline gssize
_se_transport_send (SeTransport *self, const guint8 *data, gsize len, int *errsv)
{
  return self->klass->send (self, data, len, errsv);
}

static inline int
_se_transport_shutdown_write (SeTransport *self)
{
  return self->klass->shutdown_write (self);
}

static inline int
_se_transport_set_reset (SeTransport *self)
{
  return self->klass->set_reset (self);
}

static inline guint32
_se_transport_extra_events (SeTransport *self)
{
  return self->klass->extra_events != NULL ? self->klass->extra_events (self) : 0;
}

static inline void
_se_transport_close (SeTransport *self)
{
  self->klass->close (self);
}

G_END_DECLS
