/* se-reactor.c: one epoll instance that drives every socket of a main context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Why: with one GLib fd source per socket, every main-loop iteration hands
 * the whole set of descriptors to poll() and then checks each source, so
 * the cost of one event grows with the number of idle connections (a
 * thousand idle peers made one active client 14 times slower). Here the
 * main context watches a single descriptor, the epoll instance; the
 * kernel keeps the interest set and reports only the sockets that are
 * ready, so a wake-up costs the same with ten or ten thousand idle peers.
 *
 * The epoll set is level-triggered, like the fd sources it replaces: a
 * socket whose owner stops early (a read budget spent, a full queue) is
 * simply reported again on the next iteration, so no readiness is lost.
 */
#include "config.h"

#include <errno.h>
#include <unistd.h>
#ifdef HAVE_MALLOC_TRIM
#include <malloc.h>
#endif

#include "se-reactor-private.h"

/* Events handled per dispatch; more wait for the next iteration, which
 * lets the rest of the main loop (timers, the log's batch) run between. */
#define MAX_EVENTS 256

struct _SeReactor
{
  GSource             source;
  int                 epfd;
  gpointer            tag;
  /* While dispatching: the events being handed out, so that a watch
   * cleared meanwhile is not called again from this batch. */
  struct epoll_event *pending;
  int                 n_pending;
  struct epoll_event  events[MAX_EVENTS];
  guint8             *buffer;
};

G_LOCK_DEFINE_STATIC (reactors);
static GHashTable *reactors;   /* GMainContext* → SeReactor* */
static gssize queued_total;    /* atomic */
static gssize queued_peak;     /* atomic: the most queued since the queues were last empty */

/* Send queues that grew large (peers that did not read) leave the heap
 * full of freed 64 KiB blocks that glibc keeps: 50 such peers left 172 MB
 * resident after they closed. Once every queue is empty again, hand
 * that memory back. */
#define TRIM_AFTER_PEAK (8 * 1024 * 1024)

static gboolean
reactor_dispatch (GSource     *source,
                  GSourceFunc  callback,
                  gpointer     user_data)
{
  SeReactor *self = (SeReactor *) source;
  int n;

  do
    n = epoll_wait (self->epfd, self->events, MAX_EVENTS, 0);
  while (n < 0 && errno == EINTR);

  if (n <= 0)
    return G_SOURCE_CONTINUE;

  self->pending = self->events;
  self->n_pending = n;

  for (int i = 0; i < n; i++)
    {
      SeWatch *watch = self->events[i].data.ptr;

      /* Cleared by an earlier callback of this batch. */
      if (watch == NULL)
        continue;

      watch->func (watch, self->events[i].events, watch->user_data);
    }

  self->pending = NULL;
  self->n_pending = 0;

  return G_SOURCE_CONTINUE;
}

static GSourceFuncs reactor_funcs = {
  .dispatch = reactor_dispatch,
};

static SeReactor *
reactor_new (GMainContext *context)
{
  SeReactor *self;
  int epfd = epoll_create1 (EPOLL_CLOEXEC);

  /* Without epoll nothing can be watched; this only fails when the
   * process is out of descriptors or memory at start. */
  if (epfd < 0)
    g_error ("epoll_create1: %s", g_strerror (errno));

  self = (SeReactor *) g_source_new (&reactor_funcs, sizeof (SeReactor));
  self->epfd = epfd;
  g_source_set_static_name (&self->source, "[socket-explorer] socket reactor");
  g_source_set_priority (&self->source, G_PRIORITY_DEFAULT);
  g_source_set_can_recurse (&self->source, FALSE);
  self->tag = g_source_add_unix_fd (&self->source, epfd, G_IO_IN);
  g_source_attach (&self->source, context);

  return self;
}

SeReactor *
_se_reactor_get_default (void)
{
  GMainContext *context = g_main_context_ref_thread_default ();
  SeReactor *self;

  G_LOCK (reactors);
  if (reactors == NULL)
    reactors = g_hash_table_new (NULL, NULL);
  self = g_hash_table_lookup (reactors, context);
  if (self == NULL)
    {
      self = reactor_new (context);
      /* The table keeps the context and the reactor alive for good: a
       * context that has sockets lives as long as its thread anyway. */
      g_hash_table_insert (reactors, g_main_context_ref (context), self);
    }
  G_UNLOCK (reactors);

  g_main_context_unref (context);
  return self;
}

gboolean
_se_watch_start (SeWatch     *watch,
                 int          fd,
                 guint32      events,
                 SeWatchFunc  func,
                 gpointer     user_data)
{
  struct epoll_event ev = { 0 };

  g_return_val_if_fail (watch != NULL && !watch->added, FALSE);
  g_return_val_if_fail (fd >= 0 && func != NULL, FALSE);

  watch->reactor = _se_reactor_get_default ();
  watch->fd = fd;
  watch->events = events;
  watch->func = func;
  watch->user_data = user_data;

  ev.events = events;
  ev.data.ptr = watch;
  if (epoll_ctl (watch->reactor->epfd, EPOLL_CTL_ADD, fd, &ev) != 0)
    return FALSE;

  watch->added = TRUE;
  return TRUE;
}

void
_se_watch_set_events (SeWatch *watch,
                      guint32  events)
{
  struct epoll_event ev = { 0 };

  if (!watch->added || watch->events == events)
    return;

  ev.events = events;
  ev.data.ptr = watch;
  /* Only fails if the fd was closed behind our back, a bug of ours. */
  if (epoll_ctl (watch->reactor->epfd, EPOLL_CTL_MOD, watch->fd, &ev) != 0)
    g_critical ("epoll_ctl(MOD, %d): %s", watch->fd, g_strerror (errno));
  watch->events = events;
}

void
_se_watch_clear (SeWatch *watch)
{
  SeReactor *reactor = watch->reactor;

  if (!watch->added)
    return;

  epoll_ctl (reactor->epfd, EPOLL_CTL_DEL, watch->fd, NULL);
  watch->added = FALSE;

  /* Events of this batch not handed out yet must not reach it: its owner
   * may be gone by then. */
  for (int i = 0; i < reactor->n_pending; i++)
    if (reactor->pending[i].data.ptr == watch)
      reactor->pending[i].data.ptr = NULL;
}

guint8 *
_se_reactor_get_buffer (SeReactor *reactor)
{
  if (reactor->buffer == NULL)
    reactor->buffer = g_malloc (_SE_REACTOR_BUFFER_SIZE);

  return reactor->buffer;
}

gsize
_se_reactor_get_queued_total (void)
{
  return (gsize) g_atomic_pointer_get (&queued_total);
}

void
_se_reactor_add_queued (gssize delta)
{
  gssize total = g_atomic_pointer_add (&queued_total, delta) + delta;

  if (total > (gssize) g_atomic_pointer_get (&queued_peak))
    g_atomic_pointer_set (&queued_peak, total);

  if (total == 0 && (gssize) g_atomic_pointer_get (&queued_peak) >= TRIM_AFTER_PEAK)
    {
      g_atomic_pointer_set (&queued_peak, 0);
#ifdef HAVE_MALLOC_TRIM
      malloc_trim (0);
#endif
    }
}

GSource *
_se_timeout_source_add (guint        interval_ms,
                        GSourceFunc  func,
                        gpointer     data)
{
  GSource *source = g_timeout_source_new (interval_ms);

  g_source_set_callback (source, func, data, NULL);
  g_source_attach (source, g_main_context_get_thread_default ());
  return source;
}
