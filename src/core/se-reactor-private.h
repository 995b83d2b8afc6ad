/* se-reactor-private.h: one epoll instance that drives every socket of a main context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sys/epoll.h>

#include <glib.h>

G_BEGIN_DECLS

typedef struct _SeReactor SeReactor;
typedef struct _SeWatch   SeWatch;

/* Called with what epoll reported: EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP,
 * EPOLLRDHUP. The watch may be cleared (and its owner disposed) from the
 * callback: the reactor never touches it again after that. */
typedef void (*SeWatchFunc) (SeWatch  *watch,
                             guint32   events,
                             gpointer  user_data);

/* Embedded in the object that owns the socket; no allocation per watch.
 * Fields are the reactor's. */
struct _SeWatch
{
  SeReactor   *reactor;
  int          fd;
  guint32      events;      /* what epoll is asked for now */
  SeWatchFunc  func;
  gpointer     user_data;
  guint        added : 1;   /* the fd is in the epoll set */
};

/* The reactor of the thread-default main context (made on first use,
 * attached to that context, and kept for as long as the process runs). */
SeReactor *_se_reactor_get_default   (void);

/* Starts watching fd for events (EPOLLIN, EPOLLOUT; 0 = only errors and
 * hang-ups, which epoll always reports). fd must stay open until
 * _se_watch_clear(). Returns FALSE with errno if epoll refused it. */
gboolean   _se_watch_start           (SeWatch     *watch,
                                      int          fd,
                                      guint32      events,
                                      SeWatchFunc  func,
                                      gpointer     user_data);
/* Changes what is watched; a no-op (no syscall) when nothing changes. */
void       _se_watch_set_events      (SeWatch     *watch,
                                      guint32      events);
/* Stops watching, before the fd is closed. Safe on a watch never started
 * or already cleared, and from inside a callback. */
void       _se_watch_clear           (SeWatch     *watch);
static inline gboolean
_se_watch_is_active (const SeWatch *watch)
{
  return watch->added;
}

/* A 64 KiB buffer for reads, one per reactor (so per thread): a reactor
 * dispatches one socket at a time, and the bytes are used (logged,
 * answered) before the next socket is read. Tens of thousands of
 * connections do not each hold a read buffer. */
#define _SE_REACTOR_BUFFER_SIZE (64 * 1024)
guint8    *_se_reactor_get_buffer    (SeReactor   *reactor);

/* Bytes waiting in the send queues of every connection of the process,
 * and the cap on them (see se_connection_set_send_queue_total_limit()). */
gsize      _se_reactor_get_queued_total (void);
void       _se_reactor_add_queued       (gssize delta);

/* A timeout attached to the calling thread's own main context, where its
 * sockets are watched (the network thread's in the window), and not to
 * the global default one g_timeout_add() uses: that would run it on the
 * GUI thread. Returns a reference; stop it with _se_source_clear(), from
 * any thread. */
GSource *_se_timeout_source_add (guint        interval_ms,
                                 GSourceFunc  func,
                                 gpointer     data);

static inline void
_se_source_clear (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

G_END_DECLS
