/* se-traffic-log.c: the traffic log, a GListModel of SeEvent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"


#include "se-log-store-private.h"
#include "se-log-writer-private.h"
#include "se-traffic-log-private.h"

/* The store (se-log-store.c) keeps the events; this is the GListModel
 * over it, the memory budget and the batches that tell the views.
 * Exports are in se-traffic-log-export.c.
 *
 * Threads: the log belongs to the thread that made it (its owner, the
 * GUI thread in the window); views, flushes, drops, clears and exports
 * happen there. Events may be appended from another thread too (the
 * window's network thread): the store is guarded by a mutex, held only
 * to write or read records. Only the owner drops events, so positions
 * the views know stay valid between two of its flushes; an append from
 * another thread never flushes, it arms the owner's batch timer. */

/* How far appends may go past the memory budget before one batch is
 * flushed early to drop the oldest events: see se_traffic_log_append(). */
#define BUDGET_SLACK        (2 * SE_LOG_RECORD_CHUNK_SIZE)
/* See schedule_batch_locked(). */
#define FLOOD_BATCH         1000
#define FLOOD_INTERVAL_MS   250

struct _SeTrafficLog
{
  GObject       parent_instance;

  GMutex        lock;          /* guards store and batch_source */
  SeLogStore   *store;
  GMainContext *context;
  GThread      *owner;
  GSource      *batch_source;

  gsize         capture_budget;
  gsize         capture_per_event;  /* 0 = the whole payload */
  gint64        last_time;          /* of the newest record: times never go back */
  guint         publish_interval;  /* ms; 0 = once per main-loop batch */
  gint          last_batch;        /* events the last flush told of (atomic) */
  gsize         memory_budget;     /* 0 = unlimited */
  guint         n_items;           /* records the views know of, from store->first */
  guint         notified_n_events;
  guint64       notified_n_dropped;
  guint         paused : 1;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SeTrafficLog, se_traffic_log, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_CAPTURE_BUDGET,
  PROP_MEMORY_BUDGET,
  PROP_PUBLISH_INTERVAL,
  PROP_PAUSED,
  PROP_N_ITEMS,
  PROP_N_EVENTS,
  PROP_N_DROPPED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Batching */

/* What the memory budget counts: the same as se_traffic_log_get_memory_size(). */
static gsize
log_get_memory_size (SeTrafficLog *self)
{
  return sizeof *self + _se_log_store_get_memory_size (self->store);
}

/* n-events and n-dropped are told once per batch, like items-changed. */
static void
notify_counts (SeTrafficLog *self,
               guint         n_events,
               guint64       n_dropped)
{
  if (self->notified_n_events != n_events)
    {
      self->notified_n_events = n_events;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_EVENTS]);
    }

  if (self->notified_n_dropped != n_dropped)
    {
      self->notified_n_dropped = n_dropped;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DROPPED]);
    }
}

/* Tells the views that the n_dropped oldest events are gone, as far as
 * they knew of them. Called by the owner right after the store dropped
 * them, before anything can ask get_item() for one; not with the lock. */
static void
announce_dropped (SeTrafficLog *self,
                  guint64       n_dropped)
{
  guint removed = (guint) MIN (n_dropped, (guint64) self->n_items);

  if (removed > 0)
    {
      self->n_items -= removed;
      g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
}

/* Drops the oldest events until the store fits the memory budget: whole
 * record chunks while there is more than one, then single events of the
 * last chunk as long as the payload and strings alone are over it (the
 * last chunk itself cannot be freed). The newest event always stays. */
static void
enforce_memory_budget_locked (SeTrafficLog *self)
{
  SeLogStore *store = self->store;

  if (self->memory_budget == 0)
    return;

  /* One record chunk at a time, so the size is looked at again after
   * each; the views are told of all of it in one items-changed. */
  while (store->end - store->first > 1)
    {
      gsize size = log_get_memory_size (self);
      guint64 chunk_end = (store->first / SE_LOG_RECORDS_PER_CHUNK + 1) * SE_LOG_RECORDS_PER_CHUNK;

      if (size <= self->memory_budget)
        break;

      if (chunk_end < store->end)
        _se_log_store_drop_to (store, chunk_end);
      else if (size - SE_LOG_RECORD_CHUNK_SIZE > self->memory_budget)
        _se_log_store_drop_to (store, store->first + 1);
      else
        break;
    }
}

/* Tells the views about the batch: first the oldest events dropped to
 * keep to the memory budget (also while paused, as they are gone), then
 * the records appended since the last time, each in one items-changed. */
static void
flush_now (SeTrafficLog *self)
{
  guint n_events;
  guint64 old_first, first;

  g_assert (g_thread_self () == self->owner);

  g_mutex_lock (&self->lock);
  if (self->batch_source != NULL)
    {
      g_source_destroy (self->batch_source);
      g_clear_pointer (&self->batch_source, g_source_unref);
    }

  old_first = self->store->first;
  enforce_memory_budget_locked (self);
  first = self->store->first;
  n_events = _se_log_store_get_n_events (self->store);
  g_mutex_unlock (&self->lock);

  announce_dropped (self, first - old_first);

  if (!self->paused && self->n_items != n_events)
    {
      guint old_n = self->n_items;

      g_atomic_int_set (&self->last_batch, n_events - old_n);
      self->n_items = n_events;
      g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, self->n_items - old_n);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }

  /* Counters stay exact while paused. */
  notify_counts (self, n_events, first);
}

static gboolean
batch_cb (gpointer user_data)
{
  SeTrafficLog *self = user_data;

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->batch_source, g_source_unref);
  g_mutex_unlock (&self->lock);
  flush_now (self);

  return G_SOURCE_REMOVE;
}

/* With the lock held. */
static void
schedule_batch_locked (SeTrafficLog *self)
{
  if (self->batch_source != NULL)
    return;

  /* With no interval: an idle at default priority, which runs in the
   * next main-loop iteration, before GTK lays out and draws the frame.
   * With one (the window's frame, a CLI's print cadence): a timer armed
   * by the first append, so a flood is published a few times a second
   * per view instead of once per wake-up of the sockets, and the loop
   * does not go round once more after every batch of events. */
  if (self->publish_interval > 0)
    {
      guint interval = self->publish_interval;

      /* In a flood nobody reads the rows as they pass, and each publish
       * costs the views a relayout: past FLOOD_BATCH events a batch,
       * views are told four times a second instead of every interval
       * (ten times a second kept the window's main thread laying out
       * the log most of the time at 50,000 datagrams/s: tests/bench). */
      if ((guint) g_atomic_int_get (&self->last_batch) >= FLOOD_BATCH)
        interval = MAX (interval, FLOOD_INTERVAL_MS);
      self->batch_source = g_timeout_source_new (interval);
    }
  else
    self->batch_source = g_idle_source_new ();
  g_source_set_priority (self->batch_source, G_PRIORITY_DEFAULT);
  g_source_set_static_name (self->batch_source, "[socket-explorer] traffic log batch");
  g_source_set_callback (self->batch_source, batch_cb, self, NULL);
  g_source_attach (self->batch_source, self->context);
}

/* Overrides */

static GType
se_traffic_log_get_item_type (GListModel *model)
{
  return SE_TYPE_EVENT;
}

static guint
se_traffic_log_get_n_items (GListModel *model)
{
  return SE_TRAFFIC_LOG (model)->n_items;
}

static gpointer
se_traffic_log_get_item (GListModel *model,
                         guint       position)
{
  SeTrafficLog *self = SE_TRAFFIC_LOG (model);
  g_autoptr(GMutexLocker) locker = NULL;

  if (position >= self->n_items)
    return NULL;

  locker = g_mutex_locker_new (&self->lock);
  return _se_log_store_get_event (self->store, self->store->first + position);
}


static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = se_traffic_log_get_item_type;
  iface->get_n_items = se_traffic_log_get_n_items;
  iface->get_item = se_traffic_log_get_item;
}

static void
se_traffic_log_dispose (GObject *object)
{
  SeTrafficLog *self = (SeTrafficLog *)object;

  if (self->batch_source != NULL)
    {
      g_source_destroy (self->batch_source);
      g_clear_pointer (&self->batch_source, g_source_unref);
    }

  G_OBJECT_CLASS (se_traffic_log_parent_class)->dispose (object);
}

static void
se_traffic_log_finalize (GObject *object)
{
  SeTrafficLog *self = (SeTrafficLog *)object;

  g_clear_pointer (&self->store, _se_log_store_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (se_traffic_log_parent_class)->finalize (object);
}

static void
se_traffic_log_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SeTrafficLog *self = SE_TRAFFIC_LOG (object);

  switch (prop_id)
    {
    case PROP_CAPTURE_BUDGET:
      g_value_set_uint64 (value, self->capture_budget);
      break;

    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;

    case PROP_MEMORY_BUDGET:
      g_value_set_uint64 (value, self->memory_budget);
      break;

    case PROP_PUBLISH_INTERVAL:
      g_value_set_uint (value, self->publish_interval);
      break;

    case PROP_N_EVENTS:
      g_value_set_uint (value, se_traffic_log_get_n_events (self));
      break;

    case PROP_N_DROPPED:
      g_value_set_uint64 (value, se_traffic_log_get_n_dropped (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
se_traffic_log_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SeTrafficLog *self = SE_TRAFFIC_LOG (object);

  switch (prop_id)
    {
    case PROP_CAPTURE_BUDGET:
      se_traffic_log_set_capture_budget (self, (gsize) MIN (g_value_get_uint64 (value), G_MAXSIZE));
      break;

    case PROP_MEMORY_BUDGET:
      se_traffic_log_set_memory_budget (self, (gsize) MIN (g_value_get_uint64 (value), G_MAXSIZE));
      break;

    case PROP_PUBLISH_INTERVAL:
      se_traffic_log_set_publish_interval (self, g_value_get_uint (value));
      break;

    case PROP_PAUSED:
      se_traffic_log_set_paused (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
se_traffic_log_class_init (SeTrafficLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = se_traffic_log_dispose;
  object_class->finalize = se_traffic_log_finalize;
  object_class->get_property = se_traffic_log_get_property;
  object_class->set_property = se_traffic_log_set_property;

  /**
   * SeTrafficLog:capture-budget:
   *
   * How many payload bytes the log keeps in all. Past it, events keep
   * only what fits and are marked as not complete.
   */
  properties[PROP_CAPTURE_BUDGET] =
    g_param_spec_uint64 ("capture-budget", NULL, NULL,
                         0, G_MAXUINT64, SE_TRAFFIC_LOG_DEFAULT_CAPTURE_BUDGET,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SeTrafficLog:memory-budget:
   *
   * How many bytes the log may hold in all (records, payload and
   * strings, as se_traffic_log_get_memory_size() counts them), or 0 for
   * no limit. Past it, the oldest events are dropped at the next batch
   * (see #SeTrafficLog:n-dropped).
   */
  properties[PROP_MEMORY_BUDGET] =
    g_param_spec_uint64 ("memory-budget", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SeTrafficLog:publish-interval:
   *
   * At most how often, in milliseconds, the views are told of new events
   * (0: once per main-loop batch). se_traffic_log_flush() tells them at
   * once whatever the interval.
   */
  properties[PROP_PUBLISH_INTERVAL] =
    g_param_spec_uint ("publish-interval", NULL, NULL,
                       0, 10000, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SeTrafficLog:paused:
   *
   * While paused, events are still appended and counted (see
   * #SeTrafficLog:n-events) but the views are not told.
   */
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SeTrafficLog:n-items:
   *
   * The number of events the views see, as g_list_model_get_n_items().
   */
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SeTrafficLog:n-events:
   *
   * The number of events in the log now: those appended, including those
   * the views have not been told of yet (paused, or not flushed), less
   * those dropped. Notified once per batch.
   */
  properties[PROP_N_EVENTS] =
    g_param_spec_uint ("n-events", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SeTrafficLog:n-dropped:
   *
   * The number of the oldest events dropped since the log was made or
   * last cleared, to keep to #SeTrafficLog:memory-budget or by
   * se_traffic_log_drop_before(). Notified once per batch.
   */
  properties[PROP_N_DROPPED] =
    g_param_spec_uint64 ("n-dropped", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
se_traffic_log_init (SeTrafficLog *self)
{
  g_mutex_init (&self->lock);
  self->store = _se_log_store_new ();
  self->context = g_main_context_ref_thread_default ();
  self->owner = g_thread_self ();
  self->capture_budget = SE_TRAFFIC_LOG_DEFAULT_CAPTURE_BUDGET;
}

/* Public API */

SeTrafficLog *
se_traffic_log_new (void)
{
  return g_object_new (SE_TYPE_TRAFFIC_LOG, NULL);
}

guint
se_traffic_log_append (SeTrafficLog *self,
                       SeEventKind   kind,
                       SeProtocol    protocol,
                       guint         connection_id,
                       const char   *local,
                       const char   *remote,
                       guint64       size,
                       const guint8 *data,
                       gsize         data_len,
                       const char   *detail)
{
  SeEventInfo info = {
    .kind = kind,
    .protocol = protocol,
    .connection_id = connection_id,
    .local = local,
    .remote = remote,
    .size = size,
    .data = data,
    .data_len = data_len,
    .detail = SE_EVENT_DETAIL_TEXT,
    .text = detail,
  };

  return se_traffic_log_append_info (self, &info);
}

static gboolean
info_is_valid (const SeEventInfo *info)
{
  g_return_val_if_fail (info->detail <= SE_EVENT_DETAIL_RELAYED, FALSE);
  g_return_val_if_fail (info->call < SE_CALL_N_CALLS, FALSE);
  g_return_val_if_fail (info->tcp_state < SE_TCP_STATE_N_STATES, FALSE);
  g_return_val_if_fail (info->option < SE_SOCKOPT_N_OPTIONS, FALSE);
  g_return_val_if_fail (info->kind < SE_EVENT_N_KINDS, FALSE);
  g_return_val_if_fail (info->protocol <= SE_PROTOCOL_NONE, FALSE);
  g_return_val_if_fail (info->data != NULL || info->data_len == 0, FALSE);
  g_return_val_if_fail (info->data_len <= info->size, FALSE);
  return TRUE;
}

/* With the lock held: one record for info, at its own time or now
 * (*now read once, when first needed). G_MAXUINT64 when the log is full. */
static guint64
append_locked (SeTrafficLog      *self,
               const SeEventInfo *info,
               gint64            *now)
{
  SeLogStore *store = self->store;
  gsize keep_max = 0;
  gint64 time = info->time;

  /* Positions in the list are guints. */
  if G_UNLIKELY (_se_log_store_get_n_events (store) >= G_MAXUINT)
    return G_MAXUINT64;

  if (store->retained < self->capture_budget)
    keep_max = MIN (self->capture_budget - store->retained, G_MAXUINT32);
  if (self->capture_per_event > 0)
    keep_max = MIN (keep_max, self->capture_per_event);

  if (time == 0)
    {
      if (*now == 0)
        *now = g_get_real_time ();
      time = *now;
    }
  /* An event comes after the one before it in time too: a datagram of a
   * batch carries its recvmmsg()'s time, which may be older than what a
   * relay or a rule logged for the datagram before it; and another
   * thread may have read the clock before this one but appended after. */
  if (time < self->last_time)
    time = self->last_time;
  self->last_time = time;

  return _se_log_store_append (store, info, time, keep_max);
}

/* With the lock held, which it lets go of: after appends. */
static void
appended_unlock (SeTrafficLog *self)
{
  /* The oldest events are dropped once per batch; a long batch (a burst,
   * or appends without a main loop) gets flushed early instead of
   * growing past the budget, when the owner appends. Appends from
   * another thread wait for the owner's batch: the log may then be over
   * its budget by what arrives in one publish interval. */
  if (self->memory_budget > 0 &&
      log_get_memory_size (self) > self->memory_budget + BUDGET_SLACK &&
      g_thread_self () == self->owner)
    {
      g_mutex_unlock (&self->lock);
      flush_now (self);
    }
  else
    {
      schedule_batch_locked (self);
      g_mutex_unlock (&self->lock);
    }
}

guint
se_traffic_log_append_info (SeTrafficLog      *self,
                            const SeEventInfo *info)
{
  return se_traffic_log_append_infos (self, info, 1);
}

guint
se_traffic_log_append_infos (SeTrafficLog      *self,
                             const SeEventInfo *infos,
                             guint              n)
{
  guint64 first = G_MAXUINT64;
  gint64 now = 0;

  g_return_val_if_fail (SE_IS_TRAFFIC_LOG (self), G_MAXUINT);
  g_return_val_if_fail (infos != NULL || n == 0, G_MAXUINT);

  for (guint i = 0; i < n; i++)
    if (!info_is_valid (&infos[i]))
      return G_MAXUINT;
  if (n == 0)
    return G_MAXUINT;

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < n; i++)
    {
      guint64 seq = append_locked (self, &infos[i], &now);

      if G_UNLIKELY (seq == G_MAXUINT64)
        {
          appended_unlock (self);
          g_return_val_if_reached (G_MAXUINT);
        }
      if (i == 0)
        first = seq;
    }
  appended_unlock (self);

  return (guint) first;
}

void
se_traffic_log_flush (SeTrafficLog *self)
{
  g_return_if_fail (SE_IS_TRAFFIC_LOG (self));

  flush_now (self);
}

void
se_traffic_log_clear (SeTrafficLog *self)
{
  guint old_n;

  g_return_if_fail (SE_IS_TRAFFIC_LOG (self));

  g_mutex_lock (&self->lock);
  if (self->batch_source != NULL)
    {
      g_source_destroy (self->batch_source);
      g_clear_pointer (&self->batch_source, g_source_unref);
    }

  /* An export in progress holds its own references to what it reads. */
  g_clear_pointer (&self->store, _se_log_store_free);
  self->store = _se_log_store_new ();
  g_mutex_unlock (&self->lock);

  old_n = self->n_items;
  self->n_items = 0;

  if (old_n > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }

  notify_counts (self, 0, 0);
}

gsize
se_traffic_log_get_capture_budget (SeTrafficLog *self)
{
  g_return_val_if_fail (SE_IS_TRAFFIC_LOG (self), 0);

  return self->capture_budget;
}

void
se_traffic_log_set_capture_budget (SeTrafficLog *self,
                                   gsize         budget)
{
  g_return_if_fail (SE_IS_TRAFFIC_LOG (self));

  if (self->capture_budget != budget)
    {
      g_mutex_lock (&self->lock);
      self->capture_budget = budget;
      g_mutex_unlock (&self->lock);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPTURE_BUDGET]);
    }
}

gsize
se_traffic_log_get_capture_per_event (SeTrafficLog *self)
{
  g_return_val_if_fail (SE_IS_TRAFFIC_LOG (self), 0);

  return self->capture_per_event;
}

void
se_traffic_log_set_capture_per_event (SeTrafficLog *self,
                                      gsize         limit)
{
  g_return_if_fail (SE_IS_TRAFFIC_LOG (self));

  g_mutex_lock (&self->lock);
  self->capture_per_event = limit;
  g_mutex_unlock (&self->lock);
}

guint
se_traffic_log_get_publish_interval (SeTrafficLog *self)
{
  g_return_val_if_fail (SE_IS_TRAFFIC_LOG (self), 0);

  return self->publish_interval;
}

void
se_traffic_log_set_publish_interval (SeTrafficLog *self,
                                     guint         interval_ms)
{
  g_return_if_fail (SE_IS_TRAFFIC_LOG (self));

  interval_ms = MIN (interval_ms, 10000);
  if (self->publish_interval == interval_ms)
    return;

  self->publish_interval = interval_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PUBLISH_INTERVAL]);
}

gsize
se_traffic_log_get_retained_bytes (SeTrafficLog *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (SE_IS_TRAFFIC_LOG (self), 0);

  locker = g_mutex_locker_new (&self->lock);
  return self->store->retained;
}

gsize
se_traffic_log_get_memory_size (SeTrafficLog *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (SE_IS_TRAFFIC_LOG (self), 0);

  locker = g_mutex_locker_new (&self->lock);
  return log_get_memory_size (self);
}

gsize
se_traffic_log_get_memory_budget (SeTrafficLog *self)
{
  g_return_val_if_fail (SE_IS_TRAFFIC_LOG (self), 0);

  return self->memory_budget;
}

/**
 * se_traffic_log_set_memory_budget:
 * @self: an #SeTrafficLog
 * @budget: bytes, or 0 for no limit
 *
 * Sets how much memory the log may hold (see
 * se_traffic_log_get_memory_size()). When it holds more, the oldest
 * events are dropped at the next batch, whole record chunks at a time:
 * the log stays within the budget plus one record chunk (192 KiB), and
 * the newest event always stays even if it alone is larger. Between two
 * batches it may grow by up to two more chunks.
 */
void
se_traffic_log_set_memory_budget (SeTrafficLog *self,
                                  gsize         budget)
{
  g_return_if_fail (SE_IS_TRAFFIC_LOG (self));

  if (self->memory_budget == budget)
    return;

  g_mutex_lock (&self->lock);
  self->memory_budget = budget;
  /* A smaller budget drops events at the next batch, like an append. */
  if (budget > 0 && log_get_memory_size (self) > budget)
    schedule_batch_locked (self);
  g_mutex_unlock (&self->lock);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMORY_BUDGET]);
}

guint64
se_traffic_log_get_n_dropped (SeTrafficLog *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (SE_IS_TRAFFIC_LOG (self), 0);

  locker = g_mutex_locker_new (&self->lock);
  return self->store->first;
}

guint64
se_traffic_log_get_n_appended (SeTrafficLog *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (SE_IS_TRAFFIC_LOG (self), 0);

  locker = g_mutex_locker_new (&self->lock);
  return self->store->end;
}

/**
 * se_traffic_log_append_lines:
 * @self: an #SeTrafficLog
 * @format: %SE_EXPORT_TEXT or %SE_EXPORT_JSON_LINES
 * @position: a position in the list
 * @n: how many events from there
 * @data_limit: JSON Lines: at most this many payload bytes in "data"
 *   (0: all that was kept); ignored for text
 * @out: where to append
 *
 * Appends the line of each of the @n events from @position, each with
 * its newline: exactly what se_event_format_text() or
 * se_event_append_json() makes of the item, but straight from the log's
 * records and under one lock: a reader that prints every event (the
 * CLI's printer, a batch at a time) makes no SeEvent, copies no payload
 * and formats no address again.
 */
void
se_traffic_log_append_lines (SeTrafficLog   *self,
                             SeExportFormat  format,
                             guint           position,
                             guint           n,
                             gsize           data_limit,
                             GString        *out)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (SE_IS_TRAFFIC_LOG (self));
  g_return_if_fail (format == SE_EXPORT_TEXT || format == SE_EXPORT_JSON_LINES);
  g_return_if_fail (position <= self->n_items && n <= self->n_items - position);
  g_return_if_fail (out != NULL);

  locker = g_mutex_locker_new (&self->lock);
  for (guint i = 0; i < n; i++)
    {
      guint64 seq = self->store->first + position + i;

      if (format == SE_EXPORT_TEXT)
        _se_log_store_append_text (self->store, seq, out);
      else
        _se_log_store_append_json (self->store, seq, data_limit, out);
      g_string_append_c (out, '\n');
    }
}

guint
se_traffic_log_get_connection_id (SeTrafficLog *self,
                                  guint         position)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (SE_IS_TRAFFIC_LOG (self), 0);
  g_return_val_if_fail (position < self->n_items, 0);

  locker = g_mutex_locker_new (&self->lock);
  return _se_log_store_get_record (self->store, self->store->first + position)->connection_id;
}

guint
se_traffic_log_get_connection_ids (SeTrafficLog *self,
                                   guint         position,
                                   guint         n,
                                   guint        *ids)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (SE_IS_TRAFFIC_LOG (self), 0);
  g_return_val_if_fail (ids != NULL || n == 0, 0);

  if (position >= self->n_items)
    return 0;
  n = MIN (n, self->n_items - position);

  /* One lock for the lot: the network thread appends under it */
  locker = g_mutex_locker_new (&self->lock);
  for (guint i = 0; i < n; i++)
    ids[i] = _se_log_store_get_record (self->store, self->store->first + position + i)->connection_id;
  return n;
}

guint
se_traffic_log_get_n_events (SeTrafficLog *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (SE_IS_TRAFFIC_LOG (self), 0);

  locker = g_mutex_locker_new (&self->lock);
  return _se_log_store_get_n_events (self->store);
}

/**
 * se_traffic_log_drop_before:
 * @self: an #SeTrafficLog
 * @position: a position in the list, at most its number of items
 *
 * Forgets the events before @position, for a reader that is done with
 * them (a printer that has printed them). The views are told at once
 * with one items-changed (0, @position, 0); #SeTrafficLog:n-dropped and
 * #SeTrafficLog:n-events follow.
 */
void
se_traffic_log_drop_before (SeTrafficLog *self,
                            guint         position)
{
  g_return_if_fail (SE_IS_TRAFFIC_LOG (self));
  g_return_if_fail (position <= self->n_items);

  guint n_events;
  guint64 first;

  if (position == 0)
    return;

  g_mutex_lock (&self->lock);
  _se_log_store_drop_to (self->store, self->store->first + position);
  n_events = _se_log_store_get_n_events (self->store);
  first = self->store->first;
  g_mutex_unlock (&self->lock);

  announce_dropped (self, position);
  notify_counts (self, n_events, first);
}

/**
 * se_traffic_log_dup_dropped_message:
 * @self: an #SeTrafficLog
 *
 * Returns: (transfer full) (nullable): a line saying how many earlier
 *   events were dropped, such as "12345 earlier events dropped", or
 *   %NULL if none were
 */
char *
se_traffic_log_dup_dropped_message (SeTrafficLog *self)
{
  guint64 n_dropped;

  g_return_val_if_fail (SE_IS_TRAFFIC_LOG (self), NULL);

  n_dropped = se_traffic_log_get_n_dropped (self);
  if (n_dropped == 0)
    return NULL;

  return _se_log_writer_format_dropped (n_dropped);
}

gboolean
se_traffic_log_get_paused (SeTrafficLog *self)
{
  g_return_val_if_fail (SE_IS_TRAFFIC_LOG (self), FALSE);

  return self->paused;
}

void
se_traffic_log_set_paused (SeTrafficLog *self,
                           gboolean      paused)
{
  g_return_if_fail (SE_IS_TRAFFIC_LOG (self));

  paused = !!paused;

  if (self->paused == paused)
    return;

  self->paused = paused;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);

  /* Resuming shows what arrived meanwhile at once. */
  if (!paused)
    flush_now (self);
}

/* For se-traffic-log-export.c: what an export of the log now reads. */
SeLogSnapshot *
_se_traffic_log_snapshot (SeTrafficLog *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return _se_log_snapshot_new (self->store);
}
