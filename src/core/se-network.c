/* se-network.c: a network thread for a GUI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window runs its sockets here so that drawing never delays a read
 * and a flood of events never delays drawing. Core objects (listeners,
 * clients, connections, peers) live on this thread, in its main context,
 * and are used only there; the GUI holds proxies of them (se-proxy.c).
 *
 * Two queues cross the threads:
 * - owner -> network: closures, run in the network's main context
 *   (se_network_call() waits for its closure; _se_network_invoke() not);
 * - network -> owner: "ops" (a snapshot of an object's values, a list
 *   change, a signal, an async result), delivered in order by one
 *   timer on the owner's context armed by the first op of a batch: the
 *   GUI hears of the network at most once per frame, however busy.
 * Snapshots are taken when a batch is published (every 100 ms on the
 * network thread, and before any op that needs them), of every object
 * that notified meanwhile, so a counter that changes 50,000 times a
 * second costs ten snapshots a second.
 */
#include "config.h"

#include "se-proxy-private.h"

/* Ops reach the owner at most once a frame; the values of objects that
 * keep changing (counters in a flood) are snapshot ten times a second:
 * enough for a reader, and each new value costs the GUI a relayout. */
#define PUBLISH_INTERVAL_MS 16
#define SNAPSHOT_INTERVAL_MS 100

typedef struct
{
  SeProxy          *proxy;   /* a reference */
  gboolean          deferred;
  SeProxyApplyFunc  func;
  gpointer          data;
  GDestroyNotify    destroy;
} Op;

struct _SeNetwork
{
  GObject       parent_instance;

  GMainContext *owner_context;
  GMainContext *context;       /* the network thread's */
  GMainLoop    *loop;
  GThread      *thread;        /* NULL once shut down */

  /* network -> owner */
  GMutex        ops_lock;
  GQueue        ops;           /* Op */
  GSource      *deliver_source;

  /* Network thread only: what notified since the last publish (Dirty),
   * and the timer that publishes it. */
  GArray       *dirty;
  GSource      *publish_source;
};

G_DEFINE_FINAL_TYPE (SeNetwork, se_network, G_TYPE_OBJECT)

static void
op_free (Op *op)
{
  if (op->destroy != NULL)
    op->destroy (op->data);
  g_object_unref (op->proxy);
  g_free (op);
}

/* Owner side */

/* Runs the queued ops, or with all FALSE those that are not deferred;
 * the deferred ones stay queued, in order, for the timer. */
static void
deliver (SeNetwork *self,
         gboolean   all)
{
  GQueue ops = G_QUEUE_INIT;
  GQueue kept = G_QUEUE_INIT;
  Op *op;

  g_mutex_lock (&self->ops_lock);
  ops = self->ops;
  g_queue_init (&self->ops);
  if (all && self->deliver_source != NULL)
    {
      g_source_destroy (self->deliver_source);
      g_clear_pointer (&self->deliver_source, g_source_unref);
    }
  g_mutex_unlock (&self->ops_lock);

  while ((op = g_queue_pop_head (&ops)) != NULL)
    {
      if (!all && op->deferred)
        {
          g_queue_push_tail (&kept, op);
          continue;
        }
      op->func (op->proxy, op->data);
      op_free (op);
    }

  if (kept.length > 0)
    {
      /* Ahead of what was posted meanwhile; the timer is still armed. */
      g_mutex_lock (&self->ops_lock);
      while ((op = g_queue_pop_tail (&kept)) != NULL)
        g_queue_push_head (&self->ops, op);
      g_mutex_unlock (&self->ops_lock);
    }
}

void
se_network_deliver (SeNetwork *self)
{
  g_return_if_fail (SE_IS_NETWORK (self));

  deliver (self, TRUE);
}

static gboolean
deliver_cb (gpointer user_data)
{
  se_network_deliver (user_data);
  return G_SOURCE_REMOVE;
}

/* Network side */

void
_se_network_post (SeNetwork        *self,
                  SeProxy          *proxy,
                  SePostFlags       flags,
                  SeProxyApplyFunc  func,
                  gpointer          data,
                  GDestroyNotify    destroy)
{
  Op *op;

  /* The owner must see the values of this moment with the op; publishing
   * all pending snapshots keeps the order simple and costs little, as
   * they are few between two publishes. */
  if (flags & SE_POST_FLUSH)
    _se_network_flush (self);

  op = g_new (Op, 1);
  op->proxy = g_object_ref (proxy);
  op->deferred = (flags & SE_POST_DEFERRED) != 0;
  op->func = func;
  op->data = data;
  op->destroy = destroy;

  g_mutex_lock (&self->ops_lock);
  /* Shut down: the network's work runs on the owner's thread now. */
  if (self->owner_context == NULL)
    {
      g_mutex_unlock (&self->ops_lock);
      op->func (op->proxy, op->data);
      op_free (op);
      return;
    }

  g_queue_push_tail (&self->ops, op);
  if (self->deliver_source == NULL && self->owner_context != NULL)
    {
      self->deliver_source = g_timeout_source_new (PUBLISH_INTERVAL_MS);
      g_source_set_priority (self->deliver_source, G_PRIORITY_DEFAULT);
      g_source_set_static_name (self->deliver_source, "[socket-explorer] network delivery");
      /* The owner keeps the network alive while it delivers; the source
       * is destroyed at shutdown. */
      g_source_set_callback (self->deliver_source, deliver_cb, self, NULL);
      g_source_attach (self->deliver_source, self->owner_context);
    }
  g_mutex_unlock (&self->ops_lock);
}

typedef struct
{
  SeNetworkFunc publish;
  gpointer      data;
} Dirty;

static gboolean
publish_cb (gpointer user_data)
{
  SeNetwork *self = user_data;

  g_clear_pointer (&self->publish_source, g_source_unref);
  _se_network_flush (self);

  return G_SOURCE_REMOVE;
}

void
_se_network_mark_dirty (SeNetwork     *self,
                        SeNetworkFunc  publish,
                        gpointer       data)
{
  Dirty dirty = { publish, data };

  g_array_append_val (self->dirty, dirty);

  if (self->publish_source == NULL)
    {
      self->publish_source = g_timeout_source_new (SNAPSHOT_INTERVAL_MS);
      g_source_set_priority (self->publish_source, G_PRIORITY_DEFAULT);
      g_source_set_static_name (self->publish_source, "[socket-explorer] network publish");
      g_source_set_callback (self->publish_source, publish_cb, self, NULL);
      g_source_attach (self->publish_source, self->context);
    }
}

void
_se_network_forget_dirty (SeNetwork *self,
                          gpointer   data)
{
  for (guint i = 0; i < self->dirty->len; i++)
    if (g_array_index (self->dirty, Dirty, i).data == data)
      {
        g_array_remove_index_fast (self->dirty, i);
        return;
      }
}

void
_se_network_flush (SeNetwork *self)
{
  /* Publishing may mark others dirty (a client's new connection gets a
   * proxy with its values already, so it does not); take the list. */
  while (self->dirty->len > 0)
    {
      g_autoptr(GArray) dirty = self->dirty;

      self->dirty = g_array_new (FALSE, FALSE, sizeof (Dirty));
      for (guint i = 0; i < dirty->len; i++)
        {
          Dirty *entry = &g_array_index (dirty, Dirty, i);

          entry->publish (entry->data);
        }
    }
}

/* Closures for the network thread */

typedef struct
{
  SeNetwork     *network;
  SeNetworkFunc  func;
  gpointer       data;
  GMutex         lock;
  GCond          cond;
  gboolean       done;
} Call;

static gboolean
call_cb (gpointer user_data)
{
  Call *call = user_data;

  call->func (call->data);
  _se_network_flush (call->network);

  g_mutex_lock (&call->lock);
  call->done = TRUE;
  g_cond_signal (&call->cond);
  g_mutex_unlock (&call->lock);

  return G_SOURCE_REMOVE;
}

void
se_network_call (SeNetwork     *self,
                 SeNetworkFunc  func,
                 gpointer       data)
{
  Call call = { self, func, data };

  g_return_if_fail (SE_IS_NETWORK (self));
  g_return_if_fail (func != NULL);

  /* Shut down, or called from the network thread itself. */
  if (self->thread == NULL || g_thread_self () == self->thread)
    {
      func (data);
      if (self->thread == NULL)
        _se_network_flush (self);
      else
        return;
    }
  else
    {
      g_mutex_init (&call.lock);
      g_cond_init (&call.cond);
      /* High priority: a user's click goes before a batch of reads. */
      g_main_context_invoke_full (self->context, G_PRIORITY_HIGH, call_cb, &call, NULL);
      g_mutex_lock (&call.lock);
      while (!call.done)
        g_cond_wait (&call.cond, &call.lock);
      g_mutex_unlock (&call.lock);
      g_mutex_clear (&call.lock);
      g_cond_clear (&call.cond);
    }

  deliver (self, FALSE);
}

typedef struct
{
  SeNetworkFunc  func;
  gpointer       data;
  GDestroyNotify destroy;
} Invoke;

static gboolean
invoke_cb (gpointer user_data)
{
  Invoke *invoke = user_data;

  invoke->func (invoke->data);
  return G_SOURCE_REMOVE;
}

static void
invoke_free (gpointer data)
{
  Invoke *invoke = data;

  if (invoke->destroy != NULL)
    invoke->destroy (invoke->data);
  g_free (invoke);
}

void
_se_network_invoke (SeNetwork      *self,
                    SeNetworkFunc   func,
                    gpointer        data,
                    GDestroyNotify  destroy)
{
  Invoke *invoke;

  if (self->thread == NULL)
    {
      func (data);
      if (destroy != NULL)
        destroy (data);
      return;
    }

  invoke = g_new (Invoke, 1);
  invoke->func = func;
  invoke->data = data;
  invoke->destroy = destroy;
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, invoke_cb, invoke, invoke_free);
}

/* The thread */

static gpointer
network_thread (gpointer data)
{
  SeNetwork *self = data;

  g_main_context_push_thread_default (self->context);
  g_main_loop_run (self->loop);
  g_main_context_pop_thread_default (self->context);

  return NULL;
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

void
se_network_shutdown (SeNetwork *self)
{
  GSource *source;

  g_return_if_fail (SE_IS_NETWORK (self));

  if (self->thread == NULL)
    return;

  /* Low priority: what was queued before (releases of targets, a stop)
   * runs first. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_LOW);
  g_source_set_callback (source, quit_cb, g_main_loop_ref (self->loop), (GDestroyNotify) g_main_loop_unref);
  g_source_attach (source, self->context);
  g_source_unref (source);

  g_thread_join (g_steal_pointer (&self->thread));

  /* From now on the network's work runs on the owner's thread: do what
   * was queued after the quit, and hereafter call in place. */
  g_main_context_push_thread_default (self->context);
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);

  /* Ops not delivered yet are dropped, with the references they hold. */
  g_mutex_lock (&self->ops_lock);
  g_queue_clear_full (&self->ops, (GDestroyNotify) op_free);
  if (self->deliver_source != NULL)
    {
      g_source_destroy (self->deliver_source);
      g_clear_pointer (&self->deliver_source, g_source_unref);
    }
  g_clear_pointer (&self->owner_context, g_main_context_unref);
  g_mutex_unlock (&self->ops_lock);
}

GMainContext *
se_network_get_context (SeNetwork *self)
{
  g_return_val_if_fail (SE_IS_NETWORK (self), NULL);

  return self->context;
}

static void
se_network_dispose (GObject *object)
{
  SeNetwork *self = SE_NETWORK (object);

  se_network_shutdown (self);

  G_OBJECT_CLASS (se_network_parent_class)->dispose (object);
}

static void
se_network_finalize (GObject *object)
{
  SeNetwork *self = SE_NETWORK (object);

  if (self->publish_source != NULL)
    {
      g_source_destroy (self->publish_source);
      g_clear_pointer (&self->publish_source, g_source_unref);
    }
  g_array_unref (self->dirty);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->ops_lock);

  G_OBJECT_CLASS (se_network_parent_class)->finalize (object);
}

static void
se_network_class_init (SeNetworkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = se_network_dispose;
  object_class->finalize = se_network_finalize;
}

static void
se_network_init (SeNetwork *self)
{

  g_mutex_init (&self->ops_lock);
  g_queue_init (&self->ops);
  self->dirty = g_array_new (FALSE, FALSE, sizeof (Dirty));
  self->owner_context = g_main_context_ref_thread_default ();
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
}

SeNetwork *
se_network_new (void)
{
  SeNetwork *self = g_object_new (SE_TYPE_NETWORK, NULL);

  self->thread = g_thread_new ("se-network", network_thread, self);

  return self;
}
