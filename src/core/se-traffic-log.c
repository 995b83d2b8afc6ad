/* se-traffic-log.c: the traffic log, a GListModel of SeEvent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "se-event-private.h"
#include "se-traffic-log.h"

/* How the log stays small and fast with a million events:
 *
 * - Each event is a 48-byte SeRecord. Records live in fixed-size chunks
 *   that never move once allocated, so growing the log never copies
 *   what is already there.
 * - Addresses and details are interned: every distinct string is stored
 *   once (as a GRefString) and records hold its index.
 * - Payload bytes go into an arena of 1 MiB chunks (a large payload gets a
 *   block of its own) until the capture budget is spent.
 * - SeEvent objects are made only when a view asks for one.
 *
 * All of that lives in an SeLogStore, reference-counted so that clearing
 * the log just starts a new store while an export still reads the old one.
 * Only the main thread writes to a store. A snapshot for an export copies
 * the chunk directories and the string table (arrays of pointers, small)
 * and records the counts; everything below those counts is never written
 * again, so the export thread reads it without locks while the main thread
 * keeps appending. */

#define RECORDS_PER_CHUNK   4096
#define ARENA_CHUNK_SIZE    (1024 * 1024)
#define ARENA_OWN_BLOCK     (ARENA_CHUNK_SIZE / 4)  /* payloads from this size get their own block */
#define COPY_DATA_MAX       (64 * 1024)             /* larger payloads are handed out without a copy */
#define EXPORT_BUFFER_SIZE  (64 * 1024)

typedef enum
{
  RECORD_DATA_COMPLETE = 1 << 0,
} RecordFlags;

typedef struct
{
  gint64  time;           /* g_get_real_time() */
  guint64 size;           /* exact */
  guint32 local;          /* string index, 0 = none */
  guint32 remote;         /* string index, 0 = none */
  guint32 detail;         /* string index, 0 = none */
  guint32 connection_id;
  guint32 data_block;     /* arena block index */
  guint32 data_offset;    /* within the block */
  guint32 data_len;       /* retained bytes */
  guint8  kind;
  guint8  protocol;
  guint8  flags;          /* RecordFlags */
  guint8  reserved;
} SeRecord;

G_STATIC_ASSERT (sizeof (SeRecord) == 48);

typedef struct
{
  GPtrArray  *record_chunks;  /* SeRecord[RECORDS_PER_CHUNK] each */
  guint       n_records;

  GPtrArray  *blocks;         /* guint8 arena blocks */
  guint       current_block;  /* the shared block being filled, or G_MAXUINT */
  gsize       current_used;
  gsize       blocks_size;    /* bytes allocated in blocks */
  gsize       retained;       /* payload bytes kept */

  GPtrArray  *strings;        /* GRefString; [0] is NULL, "no string" */
  GHashTable *string_index;   /* GRefString → index */
  gsize       strings_size;
} SeLogStore;

/* What an export reads: see the comment at the top. */
typedef struct
{
  SeLogStore  *store;
  guint        n_records;
  SeRecord   **record_chunks;
  guint8     **blocks;
  char       **strings;
} SeLogSnapshot;

typedef struct
{
  SeLogSnapshot  *snapshot;
  GFile          *file;
  SeExportFormat  format;
} ExportJob;

struct _SeTrafficLog
{
  GObject       parent_instance;

  SeLogStore   *store;
  GMainContext *context;
  GSource      *batch_source;

  gsize         capture_budget;
  guint         n_items;           /* records the views know of */
  guint         notified_n_events;
  guint         paused : 1;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SeTrafficLog, se_traffic_log, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_CAPTURE_BUDGET,
  PROP_PAUSED,
  PROP_N_ITEMS,
  PROP_N_EVENTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Store */

static void
ref_string_release0 (gpointer str)
{
  if (str != NULL)
    g_ref_string_release (str);
}

static void
store_clear (gpointer data)
{
  SeLogStore *store = data;

  g_clear_pointer (&store->string_index, g_hash_table_unref);
  g_clear_pointer (&store->strings, g_ptr_array_unref);
  g_clear_pointer (&store->blocks, g_ptr_array_unref);
  g_clear_pointer (&store->record_chunks, g_ptr_array_unref);
}

static SeLogStore *
store_new (void)
{
  SeLogStore *store = g_atomic_rc_box_new0 (SeLogStore);

  store->record_chunks = g_ptr_array_new_with_free_func (g_free);
  store->blocks = g_ptr_array_new_with_free_func (g_free);
  store->current_block = G_MAXUINT;
  store->strings = g_ptr_array_new_with_free_func (ref_string_release0);
  g_ptr_array_add (store->strings, NULL);
  store->string_index = g_hash_table_new (g_str_hash, g_str_equal);

  return store;
}

static SeLogStore *
store_ref (SeLogStore *store)
{
  return g_atomic_rc_box_acquire (store);
}

static void
store_unref (gpointer store)
{
  g_atomic_rc_box_release_full (store, store_clear);
}

static inline SeRecord *
store_get_record (SeLogStore *store,
                  guint       index)
{
  SeRecord *chunk = g_ptr_array_index (store->record_chunks, index / RECORDS_PER_CHUNK);

  return &chunk[index % RECORDS_PER_CHUNK];
}

static guint32
store_intern (SeLogStore *store,
              const char *str)
{
  gpointer value;
  char *ref;
  guint32 index;

  if (str == NULL || str[0] == '\0')
    return 0;

  if (g_hash_table_lookup_extended (store->string_index, str, NULL, &value))
    return GPOINTER_TO_UINT (value);

  ref = g_ref_string_new (str);
  index = store->strings->len;
  g_ptr_array_add (store->strings, ref);
  g_hash_table_insert (store->string_index, ref, GUINT_TO_POINTER (index));
  /* The string, its GRefString header and malloc's own. */
  store->strings_size += g_ref_string_length (ref) + 1 + 4 * sizeof (gpointer);

  return index;
}

/* Copies len bytes (len > 0, len <= G_MAXUINT32) into the arena. */
static void
store_add_bytes (SeLogStore   *store,
                 const guint8 *data,
                 gsize         len,
                 guint32      *block,
                 guint32      *offset)
{
  guint8 *dest;

  if (len >= ARENA_OWN_BLOCK)
    {
      dest = g_malloc (len);
      *block = store->blocks->len;
      *offset = 0;
      g_ptr_array_add (store->blocks, dest);
      store->blocks_size += len;
    }
  else
    {
      if (store->current_block == G_MAXUINT || store->current_used + len > ARENA_CHUNK_SIZE)
        {
          store->current_block = store->blocks->len;
          store->current_used = 0;
          g_ptr_array_add (store->blocks, g_malloc (ARENA_CHUNK_SIZE));
          store->blocks_size += ARENA_CHUNK_SIZE;
        }

      *block = store->current_block;
      *offset = (guint32) store->current_used;
      dest = (guint8 *) g_ptr_array_index (store->blocks, store->current_block) + store->current_used;
      store->current_used += len;
    }

  memcpy (dest, data, len);
}

static gsize
store_get_memory_size (SeLogStore *store)
{
  gsize size = sizeof *store;

  size += store->record_chunks->len * (RECORDS_PER_CHUNK * sizeof (SeRecord) + sizeof (gpointer));
  size += store->blocks_size + store->blocks->len * sizeof (gpointer);
  size += store->strings_size + store->strings->len * sizeof (gpointer);
  /* GHashTable: a hash, a key and a value per bucket, about 2 buckets per
   * entry. */
  size += g_hash_table_size (store->string_index) * 2 * (sizeof (guint) + 2 * sizeof (gpointer));

  return size;
}

/* Makes the item for one record. strings and blocks are the store's
 * arrays, or a snapshot's copies of them. */
static SeEvent *
event_new_for_record (SeLogStore     *store,
                      char          **strings,
                      guint8        **blocks,
                      const SeRecord *record,
                      guint           index)
{
  g_autoptr(GBytes) data = NULL;

  if (record->data_len > 0)
    {
      const guint8 *bytes = blocks[record->data_block] + record->data_offset;

      /* Small payloads are copied, so an item does not keep a cleared
       * store alive; large ones share the arena's memory. */
      if (record->data_len <= COPY_DATA_MAX)
        data = g_bytes_new (bytes, record->data_len);
      else
        data = g_bytes_new_with_free_func (bytes, record->data_len,
                                           store_unref, store_ref (store));
    }

  return _se_event_new (index,
                        record->time,
                        record->kind,
                        record->protocol,
                        record->connection_id,
                        strings[record->local],
                        strings[record->remote],
                        record->size,
                        data,
                        (record->flags & RECORD_DATA_COMPLETE) != 0,
                        strings[record->detail]);
}

/* Snapshot */

static SeLogSnapshot *
snapshot_new (SeLogStore *store)
{
  SeLogSnapshot *snapshot = g_new0 (SeLogSnapshot, 1);

  snapshot->store = store_ref (store);
  snapshot->n_records = store->n_records;
  snapshot->record_chunks = g_memdup2 (store->record_chunks->pdata,
                                       store->record_chunks->len * sizeof (gpointer));
  snapshot->blocks = g_memdup2 (store->blocks->pdata,
                                store->blocks->len * sizeof (gpointer));
  snapshot->strings = g_memdup2 (store->strings->pdata,
                                 store->strings->len * sizeof (gpointer));

  return snapshot;
}

static void
snapshot_free (SeLogSnapshot *snapshot)
{
  g_clear_pointer (&snapshot->store, store_unref);
  g_clear_pointer (&snapshot->record_chunks, g_free);
  g_clear_pointer (&snapshot->blocks, g_free);
  g_clear_pointer (&snapshot->strings, g_free);
  g_free (snapshot);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeLogSnapshot, snapshot_free)

static gboolean
snapshot_write (SeLogSnapshot  *snapshot,
                SeExportFormat  format,
                GOutputStream  *stream,
                GCancellable   *cancellable,
                GError        **error)
{
  g_autoptr(GString) buffer = g_string_sized_new (EXPORT_BUFFER_SIZE + 1024);

  for (guint i = 0; i < snapshot->n_records; i++)
    {
      const SeRecord *record = &snapshot->record_chunks[i / RECORDS_PER_CHUNK][i % RECORDS_PER_CHUNK];
      g_autoptr(SeEvent) event = event_new_for_record (snapshot->store,
                                                       snapshot->strings,
                                                       snapshot->blocks,
                                                       record, i);
      g_autofree char *line = NULL;

      if (format == SE_EXPORT_JSON_LINES)
        line = se_event_format_json (event);
      else
        line = se_event_format_text (event);

      g_string_append (buffer, line);
      g_string_append_c (buffer, '\n');

      if (buffer->len >= EXPORT_BUFFER_SIZE)
        {
          /* Not every stream looks at the cancellable. */
          if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
              !g_output_stream_write_all (stream, buffer->str, buffer->len, NULL, cancellable, error))
            return FALSE;
          g_string_truncate (buffer, 0);
        }
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (buffer->len > 0 &&
      !g_output_stream_write_all (stream, buffer->str, buffer->len, NULL, cancellable, error))
    return FALSE;

  return g_output_stream_flush (stream, cancellable, error);
}

static void
export_job_free (gpointer data)
{
  ExportJob *job = data;

  g_clear_pointer (&job->snapshot, snapshot_free);
  g_clear_object (&job->file);
  g_free (job);
}

/* Batching */

static void
notify_n_events (SeTrafficLog *self)
{
  if (self->notified_n_events != self->store->n_records)
    {
      self->notified_n_events = self->store->n_records;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_EVENTS]);
    }
}

/* Tells the views about the records appended since the last time: one
 * items-changed for the whole batch. */
static void
flush_now (SeTrafficLog *self)
{
  if (self->batch_source != NULL)
    {
      g_source_destroy (self->batch_source);
      g_clear_pointer (&self->batch_source, g_source_unref);
    }

  if (!self->paused && self->n_items != self->store->n_records)
    {
      guint old_n = self->n_items;

      self->n_items = self->store->n_records;
      g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, self->n_items - old_n);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }

  /* Counters stay exact while paused. */
  notify_n_events (self);
}

static gboolean
batch_cb (gpointer user_data)
{
  SeTrafficLog *self = user_data;

  g_clear_pointer (&self->batch_source, g_source_unref);
  flush_now (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_batch (SeTrafficLog *self)
{
  if (self->batch_source != NULL)
    return;

  /* Default priority: runs in the same main-loop iteration as the socket
   * sources that appended, before GTK lays out and draws the frame. */
  self->batch_source = g_idle_source_new ();
  g_source_set_priority (self->batch_source, G_PRIORITY_DEFAULT);
  g_source_set_static_name (self->batch_source, "[socket-explorer] traffic log batch");
  g_source_set_callback (self->batch_source, batch_cb, self, NULL);
  g_source_attach (self->batch_source, self->context);
}

/* Callbacks */

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  stream = g_file_replace (job->file, NULL, FALSE, G_FILE_CREATE_NONE, cancellable, &error);

  if (stream == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!snapshot_write (job->snapshot, job->format, G_OUTPUT_STREAM (stream), cancellable, &error))
    {
      g_autoptr(GCancellable) abandon = g_cancellable_new ();

      /* Closing with a cancelled cancellable leaves the file it was
       * replacing in place (GIO discards its temporary file). */
      g_cancellable_cancel (abandon);
      g_output_stream_close (G_OUTPUT_STREAM (stream), abandon, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/* The worker's task has no source object, so the last reference to it may
 * go away on the worker thread without taking the log with it; the
 * caller's task is completed here, on the log's main context. */
static void
export_thread_done_cb (GObject      *source_object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
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
  SeLogStore *store = self->store;

  if (position >= self->n_items)
    return NULL;

  return event_new_for_record (store,
                               (char **) store->strings->pdata,
                               (guint8 **) store->blocks->pdata,
                               store_get_record (store, position),
                               position);
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

  g_clear_pointer (&self->store, store_unref);
  g_clear_pointer (&self->context, g_main_context_unref);

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

    case PROP_N_EVENTS:
      g_value_set_uint (value, self->store->n_records);
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
   * The number of events appended, including those the views have not
   * been told of yet (paused, or not flushed). Notified once per batch.
   */
  properties[PROP_N_EVENTS] =
    g_param_spec_uint ("n-events", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
se_traffic_log_init (SeTrafficLog *self)
{
  self->store = store_new ();
  self->context = g_main_context_ref_thread_default ();
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
  SeLogStore *store;
  SeRecord *record;
  gsize keep = 0;
  guint index;

  g_return_val_if_fail (SE_IS_TRAFFIC_LOG (self), G_MAXUINT);
  g_return_val_if_fail (kind < SE_EVENT_N_KINDS, G_MAXUINT);
  g_return_val_if_fail (protocol <= SE_PROTOCOL_UNIX_DGRAM, G_MAXUINT);
  g_return_val_if_fail (data != NULL || data_len == 0, G_MAXUINT);
  g_return_val_if_fail (data_len <= size, G_MAXUINT);

  store = self->store;
  index = store->n_records;
  g_return_val_if_fail (index < G_MAXUINT, G_MAXUINT);

  if (index % RECORDS_PER_CHUNK == 0)
    g_ptr_array_add (store->record_chunks, g_new (SeRecord, RECORDS_PER_CHUNK));
  record = store_get_record (store, index);

  record->time = g_get_real_time ();
  record->size = size;
  record->local = store_intern (store, local);
  record->remote = store_intern (store, remote);
  record->detail = store_intern (store, detail);
  record->connection_id = connection_id;
  record->kind = kind;
  record->protocol = protocol;
  record->reserved = 0;

  if (data_len > 0 && store->retained < self->capture_budget)
    keep = MIN (MIN (data_len, self->capture_budget - store->retained), G_MAXUINT32);

  record->data_block = 0;
  record->data_offset = 0;
  record->data_len = (guint32) keep;
  if (keep > 0)
    {
      store_add_bytes (store, data, keep, &record->data_block, &record->data_offset);
      store->retained += keep;
    }

  /* Complete means: every byte of the event is in the log. */
  record->flags = keep == size ? RECORD_DATA_COMPLETE : 0;

  store->n_records = index + 1;
  schedule_batch (self);

  return index;
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

  if (self->batch_source != NULL)
    {
      g_source_destroy (self->batch_source);
      g_clear_pointer (&self->batch_source, g_source_unref);
    }

  /* An export in progress holds its own reference to the old store. */
  g_clear_pointer (&self->store, store_unref);
  self->store = store_new ();

  old_n = self->n_items;
  self->n_items = 0;

  if (old_n > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }

  notify_n_events (self);
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
      self->capture_budget = budget;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPTURE_BUDGET]);
    }
}

gsize
se_traffic_log_get_retained_bytes (SeTrafficLog *self)
{
  g_return_val_if_fail (SE_IS_TRAFFIC_LOG (self), 0);

  return self->store->retained;
}

gsize
se_traffic_log_get_memory_size (SeTrafficLog *self)
{
  g_return_val_if_fail (SE_IS_TRAFFIC_LOG (self), 0);

  return sizeof *self + store_get_memory_size (self->store);
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

/**
 * se_traffic_log_write:
 * @self: an #SeTrafficLog
 * @format: text or JSON Lines
 * @stream: where to write; it is flushed, not closed
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes every event appended so far (also those not yet flushed to the
 * views), one line each. This blocks on @stream: on the main thread use
 * it only for streams that do not block (memory, a pipe to a CLI);
 * for files use se_traffic_log_export_async().
 *
 * Returns: %TRUE on success
 */
gboolean
se_traffic_log_write (SeTrafficLog   *self,
                      SeExportFormat  format,
                      GOutputStream  *stream,
                      GCancellable   *cancellable,
                      GError        **error)
{
  g_autoptr(SeLogSnapshot) snapshot = NULL;

  g_return_val_if_fail (SE_IS_TRAFFIC_LOG (self), FALSE);
  g_return_val_if_fail (format == SE_EXPORT_TEXT || format == SE_EXPORT_JSON_LINES, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  snapshot = snapshot_new (self->store);

  return snapshot_write (snapshot, format, stream, cancellable, error);
}

/**
 * se_traffic_log_export_async:
 * @self: an #SeTrafficLog
 * @file: the file to write (replaced if it exists)
 * @format: text or JSON Lines
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the current thread-default main context when done
 * @user_data: data for @callback
 *
 * Writes the events appended before this call to @file on a worker
 * thread. Appending, flushing and clearing the log meanwhile is safe and
 * does not change what is written.
 */
void
se_traffic_log_export_async (SeTrafficLog        *self,
                             GFile               *file,
                             SeExportFormat       format,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  ExportJob *job;

  g_return_if_fail (SE_IS_TRAFFIC_LOG (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (format == SE_EXPORT_TEXT || format == SE_EXPORT_JSON_LINES);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, se_traffic_log_export_async);
  g_task_set_name (task, "[socket-explorer] se_traffic_log_export_async");

  job = g_new0 (ExportJob, 1);
  job->snapshot = snapshot_new (self->store);
  job->file = g_object_ref (file);
  job->format = format;

  worker = g_task_new (NULL, cancellable, export_thread_done_cb, g_steal_pointer (&task));
  g_task_set_name (worker, "[socket-explorer] traffic log export thread");
  g_task_set_task_data (worker, job, export_job_free);
  g_task_run_in_thread (worker, export_thread);
}

gboolean
se_traffic_log_export_finish (SeTrafficLog  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (SE_IS_TRAFFIC_LOG (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == se_traffic_log_export_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
