/* se-transport-private.h: what a stream connection reads from and writes to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sys/epoll.h>

#include <glib.h>

#include "se-event.h"

G_BEGIN_DECLS

/* A connection talks to its peer through a transport, not a raw fd, so
 * that a TLS stream can stand where a plain socket does: the connection
 * keeps its queue, counters, log and states, the transport moves bytes.
 * Every call is non-blocking and reports failures as an errno value (a
 * TLS transport maps its own failures onto the nearest one and keeps the
 * details for the log). */
typedef struct _SeTransport      SeTransport;

/* Not an epoll flag (the engine never uses EPOLLET): see events(). */
#define SE_TRANSPORT_UNWATCHED ((guint32) 1u << 31)
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
  /* The epoll events to watch when the connection wants @wanted (NULL:
   * just those), or SE_TRANSPORT_UNWATCHED: take the fd out of epoll
   * altogether, errors and hang-ups included. A TLS stream does that
   * while its handshake runs on GIO's worker thread, which owns the
   * socket meanwhile, and says when it is done with the wake hook. */
  guint32 (*events)         (SeTransport  *self,
                             guint32       wanted);
  /* Closes the descriptor and frees the transport. */
  void    (*close)          (SeTransport  *self);
};

/* What a transport tells its connection between calls: wake asks it to
 * try reading and writing again now (a handshake finished, or bytes wait
 * in the transport's own buffer where epoll cannot see them); note hands
 * it an event for the log (the connection fills in its id and addresses). */
typedef struct
{
  void (*wake) (gpointer owner);
  void (*note) (gpointer owner, const SeEventInfo *info);
} SeTransportHooks;

struct _SeTransport
{
  const SeTransportClass *klass;
  int                     fd;     /* what the reactor watches */
  const SeTransportHooks *hooks;  /* set by the connection; may be NULL */
  gpointer                owner;
};

/* A plain stream socket (TCP, Unix stream). Takes ownership of fd. */
SeTransport *_se_transport_new_socket (int fd);
/* Frees a plain socket transport and hands its fd back, open (for a TLS
 * transport to take over before any byte moved). */
int          _se_transport_steal_fd   (SeTransport *self);

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
_se_transport_events (SeTransport *self,
                      guint32      wanted)
{
  return self->klass->events != NULL ? self->klass->events (self, wanted) : wanted;
}

static inline void
_se_transport_set_hooks (SeTransport            *self,
                         const SeTransportHooks *hooks,
                         gpointer                owner)
{
  self->hooks = hooks;
  self->owner = owner;
}

static inline void
_se_transport_close (SeTransport *self)
{
  self->klass->close (self);
}

G_END_DECLS
