/* se-traffic-log.c: the traffic log, a GListModel of SeEvent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gunixoutputstream.h>

#include "se-error.h"

#include "se-event-private.h"
#include "se-log-writer-private.h"
#include "se-traffic-log.h"

/* How the log stays small and fast with a million events:
 *
 * - Each event is a 56-byte SeRecord. Records live in fixed-size chunks
 *   that never move once allocated, so growing the log never copies
 *   what is already there.
 * - Addresses and details are interned: every distinct string is stored
 *   once (as a GRefString) and records hold its slot.
 * - Payload bytes go into an arena of 1 MiB blocks (a large payload gets a
 *   block of its own) until the capture budget is spent.
 * - SeEvent objects are made only when a view asks for one.
 *
 * Events are numbered from 0 since the log was made or last cleared (the
 * "sequence"). With a memory budget the oldest events are dropped: the
 * store keeps the events [first, end), so first is also the number of
 * events dropped. Dropping frees whole record chunks, the arena blocks no
 * kept record uses (each block knows the first and last event using it)
 * and the strings no kept record uses: the string slots are kept in a
 * list ordered by their last use, so the unused ones are at its head.
 *
 * Threads: the log belongs to the thread that made it (its owner, the
 * GUI thread in the window); views, flushes, drops, clears and exports
 * happen there. Events may be appended from another thread too (the
 * window's network thread): the store is guarded by a mutex, held only
 * to write or read records. Only the owner drops events, so positions
 * the views know stay valid between two of its flushes; an append from
 * another thread never flushes, it arms the owner's batch timer.
 *
 * A snapshot for an export takes
 * a reference on every record chunk, arena block and string it may read
 * (they are all atomically reference-counted), so the main thread may
 * keep appending, drop the oldest events or clear the log while the
 * export thread reads the snapshot without locks: records below the
 * snapshot's end are never written again, and what the store lets go of
 * is freed only when the snapshot lets go of it too. */

#define RECORDS_PER_CHUNK   4096
#define RECORD_CHUNK_SIZE   (RECORDS_PER_CHUNK * sizeof (SeRecord))
#define ARENA_CHUNK_SIZE    (1024 * 1024)
#define ARENA_OWN_BLOCK     (ARENA_CHUNK_SIZE / 4)  /* payloads from this size get their own block */
#define COPY_DATA_MAX       (64 * 1024)             /* larger payloads are handed out without a copy */
#define EXPORT_BUFFER_SIZE  (64 * 1024)
/* What an interned string costs besides its characters: the GRefString
 * header and malloc's own. */
#define STRING_OVERHEAD     (4 * sizeof (gpointer))
/* How far appends may go past the memory budget before one batch is
 * flushed early to drop the oldest events: see se_traffic_log_append(). */
#define BUDGET_SLACK        (2 * RECORD_CHUNK_SIZE)
/* See schedule_batch_locked(). */
#define FLOOD_BATCH         1000
#define FLOOD_INTERVAL_MS   250

typedef enum
{
  RECORD_DATA_COMPLETE = 1 << 0,
} RecordFlags;

typedef struct
{
  gint64  time;           /* g_get_real_time() */
  guint64 size;           /* exact */
  guint32 local;          /* string slot, 0 = none */
  guint32 remote;         /* string slot, 0 = none */
  guint32 detail;         /* TEXT: string slot, 0 = none; otherwise the detail's arg */
  guint32 connection_id;
  guint32 data_block;     /* arena block number (modulo 2^32) */
  guint32 data_offset;    /* within the block */
  guint32 data_len;       /* retained bytes */
  guint8  kind;
  guint8  protocol;
  guint8  flags;          /* RecordFlags */
  guint8  detail_code;    /* SeEventDetail */
  /* The call (SeEventInfo.call …): its return value is not stored but
   * follows from the rest, see record_ret(). */
  guint32 arg;            /* asked; the fd for socket() and accept() */
  guint8  call;           /* SeCall */
  guint8  error_number;   /* errno; Linux's are all below 256 */
  guint8  option;         /* SeSockopt */
  guint8  tcp_state;      /* SeTcpState */
} SeRecord;

G_STATIC_ASSERT (sizeof (SeRecord) == 56);

typedef struct
{
  guint8  *data;          /* g_atomic_rc_box, NULL once freed */
  gsize    size;
  guint64  first_use;     /* sequence of the first and last events using it */
  guint64  last_use;
} ArenaBlock;

typedef struct
{
  char    *str;           /* GRefString, NULL for a free slot */
  guint64  last_use;      /* sequence of the last event using it */
  guint32  prev;          /* the use list (older, newer), or the free list (next only); 0 = end */
  guint32  next;
} StringSlot;

typedef struct
{
  guint64     first;          /* sequence of the oldest event kept = number dropped */
  guint64     end;            /* sequence of the next event = number appended */

  GPtrArray  *record_chunks;  /* g_atomic_rc_box SeRecord[RECORDS_PER_CHUNK] each */
  guint64     chunk_base;     /* sequence of record_chunks[0][0] */

  GArray     *blocks;         /* ArenaBlock */
  guint64     block_base;     /* number of blocks[0] */
  guint64     current_block;  /* number of the shared block being filled, or G_MAXUINT64 */
  gsize       current_used;
  gsize       blocks_size;    /* bytes allocated in blocks */
  gsize       retained;       /* payload bytes of the events kept */

  GArray     *strings;        /* StringSlot; [0] is "no string" */
  GHashTable *string_index;   /* GRefString → slot */
  guint32     oldest_string;  /* head and tail of the use list, 0 = empty */
  guint32     newest_string;
  guint32     free_strings;   /* head of the free slot list, 0 = empty */
  gsize       strings_size;   /* characters and overhead of the strings kept */
} SeLogStore;

/* What an export reads: see the comment at the top. */
typedef struct
{
  guint64    first;
  guint64    end;
  guint64    chunk_base;
  guint64    block_base;
  SeRecord **record_chunks;   /* each referenced */
  guint      n_record_chunks;
  guint8   **blocks;          /* each referenced, or NULL */
  guint      n_blocks;
  char     **strings;         /* each referenced, or NULL */
  guint      n_strings;
} SeLogSnapshot;

typedef struct
{
  SeLogSnapshot     *snapshot;
  GFile             *file;
  SeExportFormat     format;
  SeEventFilterFunc  filter;          /* NULL: every event */
  gpointer           filter_data;
  GDestroyNotify     filter_data_free;
} ExportJob;

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

/* Store */

static void
store_free (SeLogStore *store)
{
  for (guint i = 0; i < store->record_chunks->len; i++)
    g_atomic_rc_box_release (g_ptr_array_index (store->record_chunks, i));
  g_ptr_array_unref (store->record_chunks);

  for (guint i = 0; i < store->blocks->len; i++)
    {
      ArenaBlock *block = &g_array_index (store->blocks, ArenaBlock, i);

      if (block->data != NULL)
        g_atomic_rc_box_release (block->data);
    }
  g_array_unref (store->blocks);

  g_hash_table_unref (store->string_index);
  for (guint i = 0; i < store->strings->len; i++)
    {
      StringSlot *slot = &g_array_index (store->strings, StringSlot, i);

      if (slot->str != NULL)
        g_ref_string_release (slot->str);
    }
  g_array_unref (store->strings);

  g_free (store);
}

static SeLogStore *
store_new (void)
{
  SeLogStore *store = g_new0 (SeLogStore, 1);
  StringSlot none = { NULL, 0, 0, 0 };

  store->record_chunks = g_ptr_array_new ();
  store->blocks = g_array_new (FALSE, FALSE, sizeof (ArenaBlock));
  store->current_block = G_MAXUINT64;
  store->strings = g_array_new (FALSE, FALSE, sizeof (StringSlot));
  g_array_append_val (store->strings, none);
  store->string_index = g_hash_table_new (g_str_hash, g_str_equal);

  return store;
}

static inline SeRecord *
store_get_record (SeLogStore *store,
                  guint64     seq)
{
  SeRecord *chunk = g_ptr_array_index (store->record_chunks, (seq - store->chunk_base) / RECORDS_PER_CHUNK);

  return &chunk[seq % RECORDS_PER_CHUNK];
}

static inline ArenaBlock *
store_get_block (SeLogStore *store,
                 guint64     number)
{
  return &g_array_index (store->blocks, ArenaBlock, number - store->block_base);
}

static inline StringSlot *
string_slot (SeLogStore *store,
             guint32     index)
{
  return &g_array_index (store->strings, StringSlot, index);
}

static void
string_unlink (SeLogStore *store,
               guint32     index)
{
  StringSlot *slot = string_slot (store, index);

  if (slot->prev != 0)
    string_slot (store, slot->prev)->next = slot->next;
  else
    store->oldest_string = slot->next;

  if (slot->next != 0)
    string_slot (store, slot->next)->prev = slot->prev;
  else
    store->newest_string = slot->prev;

  slot->prev = slot->next = 0;
}

static void
string_link_newest (SeLogStore *store,
                    guint32     index)
{
  StringSlot *slot = string_slot (store, index);

  slot->prev = store->newest_string;
  slot->next = 0;
  if (store->newest_string != 0)
    string_slot (store, store->newest_string)->next = index;
  else
    store->oldest_string = index;
  store->newest_string = index;
}

/* Returns the slot of str for the event with sequence seq, and marks the
 * string as used by it. */
static guint32
store_intern (SeLogStore *store,
              const char *str,
              guint64     seq)
{
  gpointer value;
  char *ref;
  guint32 index;

  if (str == NULL || str[0] == '\0')
    return 0;

  if (g_hash_table_lookup_extended (store->string_index, str, NULL, &value))
    {
      index = GPOINTER_TO_UINT (value);
      string_slot (store, index)->last_use = seq;
      /* Keeps the use list ordered by last use. */
      if (store->newest_string != index)
        {
          string_unlink (store, index);
          string_link_newest (store, index);
        }
      return index;
    }

  ref = g_ref_string_new (str);

  if (store->free_strings != 0)
    {
      index = store->free_strings;
      store->free_strings = string_slot (store, index)->next;
    }
  else
    {
      StringSlot empty = { NULL, 0, 0, 0 };

      g_return_val_if_fail (store->strings->len < G_MAXUINT32, 0);
      index = store->strings->len;
      g_array_append_val (store->strings, empty);
    }

  string_slot (store, index)->str = ref;
  string_slot (store, index)->last_use = seq;
  string_link_newest (store, index);
  g_hash_table_insert (store->string_index, ref, GUINT_TO_POINTER (index));
  store->strings_size += g_ref_string_length (ref) + 1 + STRING_OVERHEAD;

  return index;
}

static ArenaBlock *
store_add_block (SeLogStore *store,
                 gsize       size,
                 guint64     seq)
{
  ArenaBlock block = { g_atomic_rc_box_alloc (size), size, seq, seq };

  g_array_append_val (store->blocks, block);
  store->blocks_size += size;

  return &g_array_index (store->blocks, ArenaBlock, store->blocks->len - 1);
}

/* Copies len bytes (len > 0, len <= G_MAXUINT32) of the event with
 * sequence seq into the arena. */
static void
store_add_bytes (SeLogStore   *store,
                 const guint8 *data,
                 gsize         len,
                 guint64       seq,
                 guint32      *block_number,
                 guint32      *offset)
{
  ArenaBlock *block;
  guint8 *dest;

  if (len >= ARENA_OWN_BLOCK)
    {
      block = store_add_block (store, len, seq);
      *block_number = (guint32) (store->block_base + store->blocks->len - 1);
      *offset = 0;
      dest = block->data;
    }
  else
    {
      if (store->current_block == G_MAXUINT64 || store->current_used + len > ARENA_CHUNK_SIZE)
        {
          store_add_block (store, ARENA_CHUNK_SIZE, seq);
          store->current_block = store->block_base + store->blocks->len - 1;
          store->current_used = 0;
        }

      block = store_get_block (store, store->current_block);
      block->last_use = seq;
      *block_number = (guint32) store->current_block;
      *offset = (guint32) store->current_used;
      dest = block->data + store->current_used;
      store->current_used += len;
    }

  memcpy (dest, data, len);
}

/* Forgets the events before new_first and frees what only they used. */
static void
store_drop_to (SeLogStore *store,
               guint64     new_first)
{
  guint n_chunks = 0;
  guint n_blocks = 0;

  g_assert (new_first >= store->first && new_first <= store->end);

  for (guint64 seq = store->first; seq < new_first; seq++)
    store->retained -= store_get_record (store, seq)->data_len;
  store->first = new_first;

  while (n_chunks < store->record_chunks->len &&
         store->chunk_base + (guint64) (n_chunks + 1) * RECORDS_PER_CHUNK <= new_first)
    g_atomic_rc_box_release (g_ptr_array_index (store->record_chunks, n_chunks++));
  if (n_chunks > 0)
    {
      g_ptr_array_remove_range (store->record_chunks, 0, n_chunks);
      store->chunk_base += (guint64) n_chunks * RECORDS_PER_CHUNK;
    }

  /* Blocks are made in the order of their first use; the few made
   * before new_first that are still in use (the shared block being
   * filled) are kept and looked at again next time. */
  for (guint i = 0; i < store->blocks->len; i++)
    {
      ArenaBlock *block = &g_array_index (store->blocks, ArenaBlock, i);

      if (block->first_use >= new_first)
        break;

      if (block->data != NULL && block->last_use < new_first)
        {
          g_clear_pointer (&block->data, g_atomic_rc_box_release);
          store->blocks_size -= block->size;
          if (store->block_base + i == store->current_block)
            store->current_block = G_MAXUINT64;
        }
    }
  while (n_blocks < store->blocks->len &&
         g_array_index (store->blocks, ArenaBlock, n_blocks).data == NULL)
    n_blocks++;
  if (n_blocks > 0)
    {
      g_array_remove_range (store->blocks, 0, n_blocks);
      store->block_base += n_blocks;
    }

  while (store->oldest_string != 0 &&
         string_slot (store, store->oldest_string)->last_use < new_first)
    {
      guint32 index = store->oldest_string;
      StringSlot *slot = string_slot (store, index);

      string_unlink (store, index);
      g_hash_table_remove (store->string_index, slot->str);
      store->strings_size -= g_ref_string_length (slot->str) + 1 + STRING_OVERHEAD;
      g_clear_pointer (&slot->str, g_ref_string_release);
      slot->last_use = 0;
      slot->next = store->free_strings;
      store->free_strings = index;
    }
}

/* What an array of n elements has allocated: GArray grows by powers of
 * two. */
static gsize
array_capacity (guint n)
{
  gsize capacity = 16;

  while (capacity < n)
    capacity *= 2;

  return capacity;
}

static gsize
store_get_memory_size (SeLogStore *store)
{
  gsize size = sizeof *store;
  gsize n_buckets;

  /* The arrays grow by powers of two. */
  size += store->record_chunks->len * (RECORD_CHUNK_SIZE + 2 * sizeof (gpointer) + sizeof (gpointer));
  size += store->blocks_size + array_capacity (store->blocks->len) * sizeof (ArenaBlock);
  size += store->strings_size + array_capacity (store->strings->len) * sizeof (StringSlot);
  /* GHashTable: a hash, a key and a value per bucket, a power of two
   * between 4/3 and 4 buckets per entry; say 2. */
  n_buckets = MAX (8, 2 * g_hash_table_size (store->string_index));
  size += n_buckets * (sizeof (guint) + 2 * sizeof (gpointer));

  return size;
}

static void
arena_release (gpointer data)
{
  g_atomic_rc_box_release (data);
}

/* The number of the record's block counted from block_base. Block
 * numbers are kept modulo 2^32, and far fewer than 2^32 blocks are ever
 * in use at once. */
static inline guint
block_number (const SeRecord *record,
              guint64         block_base)
{
  return (guint32) (record->data_block - (guint32) block_base);
}

/* What the call returned: -1 when it failed, the fd for socket() and
 * accept(), the bytes for the data calls, else 0. */
static inline gint64
record_ret (const SeRecord *record)
{
  if (record->error_number != 0)
    return -1;

  switch (record->call)
    {
    case SE_CALL_SOCKET:
    case SE_CALL_ACCEPT:
      return record->arg;
    case SE_CALL_SEND:
    case SE_CALL_SENDTO:
    case SE_CALL_RECV:
    case SE_CALL_RECVFROM:
      return (gint64) MIN (record->size, (guint64) G_MAXINT64);
    default:
      return 0;
    }
}

/* Makes the item for one record, from the store or a snapshot: local,
 * remote and detail are its GRefStrings, block its arena block. */
static SeEvent *
event_new_for_record (const SeRecord *record,
                      guint64         seq,
                      const char     *local,
                      const char     *remote,
                      const char     *detail,
                      guint8         *block)
{
  g_autoptr(GBytes) data = NULL;
  g_autofree char *made = NULL;
  char *made_ref = NULL;
  SeEvent *event;

  if (record->data_len > 0)
    {
      const guint8 *bytes = block + record->data_offset;

      /* Small payloads are copied, so an item does not keep a block
       * alive after the log dropped it; large ones share the block. */
      if (record->data_len <= COPY_DATA_MAX)
        data = g_bytes_new (bytes, record->data_len);
      else
        data = g_bytes_new_with_free_func (bytes, record->data_len,
                                           arena_release, g_atomic_rc_box_acquire (block));
    }

  /* A coded detail becomes text only now, when someone looks. */
  if (record->detail_code != SE_EVENT_DETAIL_TEXT)
    {
      made = _se_event_format_detail (record->detail_code, record->detail,
                                      record->connection_id, record->size,
                                      record->data_len, local);
      detail = made_ref = g_ref_string_new (made);
    }

  /* The index is the sequence: it stays the same for an event when
   * earlier ones are dropped (modulo 2^32, as SeEvent:index is a guint). */
  event = _se_event_new ((guint) seq,
                        record->time,
                        record->kind,
                        record->protocol,
                        record->connection_id,
                        local,
                        remote,
                        record->size,
                        data,
                        (record->flags & RECORD_DATA_COMPLETE) != 0,
                        detail);
  _se_event_set_detail_code (event, record->detail_code);
  if (record->detail_code != SE_EVENT_DETAIL_TEXT)
    _se_event_set_detail_arg (event, record->detail);
  if (record->call != SE_CALL_NONE)
    _se_event_set_call (event, record->call, record_ret (record), record->error_number,
                        (record->call == SE_CALL_SOCKET || record->call == SE_CALL_ACCEPT) ? 0 : record->arg,
                        record->option, record->tcp_state);
  g_clear_pointer (&made_ref, g_ref_string_release);
  return event;
}

/* Snapshot */

static SeLogSnapshot *
snapshot_new (SeLogStore *store)
{
  SeLogSnapshot *snapshot = g_new0 (SeLogSnapshot, 1);

  snapshot->first = store->first;
  snapshot->end = store->end;
  snapshot->chunk_base = store->chunk_base;
  snapshot->block_base = store->block_base;

  snapshot->n_record_chunks = store->record_chunks->len;
  snapshot->record_chunks = g_new (SeRecord *, MAX (1, snapshot->n_record_chunks));
  for (guint i = 0; i < snapshot->n_record_chunks; i++)
    snapshot->record_chunks[i] = g_atomic_rc_box_acquire (g_ptr_array_index (store->record_chunks, i));

  snapshot->n_blocks = store->blocks->len;
  snapshot->blocks = g_new (guint8 *, MAX (1, snapshot->n_blocks));
  for (guint i = 0; i < snapshot->n_blocks; i++)
    {
      guint8 *data = g_array_index (store->blocks, ArenaBlock, i).data;

      snapshot->blocks[i] = data != NULL ? g_atomic_rc_box_acquire (data) : NULL;
    }

  snapshot->n_strings = store->strings->len;
  snapshot->strings = g_new (char *, snapshot->n_strings);
  for (guint i = 0; i < snapshot->n_strings; i++)
    {
      char *str = g_array_index (store->strings, StringSlot, i).str;

      snapshot->strings[i] = str != NULL ? g_ref_string_acquire (str) : NULL;
    }

  return snapshot;
}

/* May run on any thread. */
static void
snapshot_free (SeLogSnapshot *snapshot)
{
  for (guint i = 0; i < snapshot->n_record_chunks; i++)
    g_atomic_rc_box_release (snapshot->record_chunks[i]);
  for (guint i = 0; i < snapshot->n_blocks; i++)
    if (snapshot->blocks[i] != NULL)
      g_atomic_rc_box_release (snapshot->blocks[i]);
  for (guint i = 0; i < snapshot->n_strings; i++)
    if (snapshot->strings[i] != NULL)
      g_ref_string_release (snapshot->strings[i]);

  g_free (snapshot->record_chunks);
  g_free (snapshot->blocks);
  g_free (snapshot->strings);
  g_free (snapshot);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeLogSnapshot, snapshot_free)

static gboolean
snapshot_write (SeLogSnapshot     *snapshot,
                SeExportFormat     format,
                SeEventFilterFunc  filter,
                gpointer           filter_data,
                GOutputStream     *stream,
                GCancellable   *cancellable,
                GError        **error)
{
  const SeLogWriter *writer = se_log_writer_get (format);
  g_autoptr(GString) buffer = g_string_sized_new (EXPORT_BUFFER_SIZE + 1024);
  gpointer state = se_log_writer_state_new (writer);
  gboolean ok = FALSE;

  writer->begin (writer, buffer);

  /* Nothing is lost silently: the file says what it does not hold. */
  if (snapshot->first > 0)
    writer->write_dropped (writer, snapshot->first, buffer);

  for (guint64 seq = snapshot->first; seq < snapshot->end; seq++)
    {
      guint64 chunk = (seq - snapshot->chunk_base) / RECORDS_PER_CHUNK;
      const SeRecord *record = &snapshot->record_chunks[chunk][seq % RECORDS_PER_CHUNK];
      guint8 *block = record->data_len > 0 ? snapshot->blocks[block_number (record, snapshot->block_base)] : NULL;
      g_autoptr(SeEvent) event = event_new_for_record (record, seq,
                                                       snapshot->strings[record->local],
                                                       snapshot->strings[record->remote],
                                                       record->detail_code == SE_EVENT_DETAIL_TEXT ? snapshot->strings[record->detail] : NULL,
                                                       block);

      if (filter != NULL && !filter (event, filter_data))
        continue;
      writer->write_event (writer, state, event, buffer);

      if (buffer->len >= EXPORT_BUFFER_SIZE)
        {
          /* Not every stream looks at the cancellable. */
          if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
              !g_output_stream_write_all (stream, buffer->str, buffer->len, NULL, cancellable, error))
            goto out;
          g_string_truncate (buffer, 0);
        }
    }

  writer->end (writer, buffer);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  if (buffer->len > 0 &&
      !g_output_stream_write_all (stream, buffer->str, buffer->len, NULL, cancellable, error))
    goto out;

  ok = g_output_stream_flush (stream, cancellable, error);

out:
  se_log_writer_state_free (writer, state);
  return ok;
}

static void
export_job_free (gpointer data)
{
  ExportJob *job = data;

  g_clear_pointer (&job->snapshot, snapshot_free);
  g_clear_object (&job->file);
  if (job->filter_data_free != NULL)
    g_clear_pointer (&job->filter_data, job->filter_data_free);
  g_free (job);
}

/* Batching */

/* What the memory budget counts: the same as se_traffic_log_get_memory_size(). */
static gsize
log_get_memory_size (SeTrafficLog *self)
{
  return sizeof *self + store_get_memory_size (self->store);
}

static guint
store_get_n_events (SeLogStore *store)
{
  return (guint) (store->end - store->first);
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
      guint64 chunk_end = (store->first / RECORDS_PER_CHUNK + 1) * RECORDS_PER_CHUNK;

      if (size <= self->memory_budget)
        break;

      if (chunk_end < store->end)
        store_drop_to (store, chunk_end);
      else if (size - RECORD_CHUNK_SIZE > self->memory_budget)
        store_drop_to (store, store->first + 1);
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
  n_events = store_get_n_events (self->store);
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

/* Callbacks */

/* what says what failed, with the file's name for display. */
static void
set_file_error (GError     **error,
                int          errsv,
                const char  *what)
{
  /* Translators: what failed, then why, then an errno name such as
   * EACCES, e.g. "Could not create a file in “/tmp”: Permission denied (EACCES)" */
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), _("%s: %s (%s)"),
               what, g_strerror (errsv), se_errno_name (errsv));
}

/* Writes the export next to the target in a new file only the user can
 * read (the log holds other people's traffic), then renames it over the
 * target: the target is either the old file or the whole new one, never
 * half written; a symbolic link there is replaced, not followed; and on
 * failure or cancel nothing is left behind. */
static gboolean
export_to_path (ExportJob     *job,
                const char    *path,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_strdup_printf (".%s.XXXXXX", base);
  g_autofree char *temp_path = g_build_filename (dir, name, NULL);
  g_autoptr(GOutputStream) stream = NULL;
  int fd;
  int dir_fd;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  fd = g_mkstemp_full (temp_path, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int errsv = errno;

      g_autofree char *display = g_filename_display_name (dir);
      /* Translators: %s is a folder */
      g_autofree char *what = g_strdup_printf (_("Could not create a file in “%s”"), display);

      set_file_error (error, errsv, what);
      return FALSE;
    }

  stream = g_unix_output_stream_new (fd, TRUE);

  if (!snapshot_write (job->snapshot, job->format, job->filter, job->filter_data,
                       stream, cancellable, error))
    goto fail;

  /* The data reach the disk before the name points at them, so a crash
   * does not leave an empty file where the old one was. */
  if (fsync (fd) != 0)
    {
      int errsv = errno;

      g_autofree char *display = g_filename_display_name (path);
      /* Translators: %s is a file name */
      g_autofree char *what = g_strdup_printf (_("Could not write “%s”"), display);

      set_file_error (error, errsv, what);
      goto fail;
    }

  if (!g_output_stream_close (stream, NULL, error))
    goto fail;

  /* The last chance to cancel without touching the target. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto fail;

  if (rename (temp_path, path) != 0)
    {
      int errsv = errno;

      g_autofree char *display = g_filename_display_name (path);
      /* Translators: %s is a file name */
      g_autofree char *what = g_strdup_printf (_("Could not replace “%s”"), display);

      set_file_error (error, errsv, what);
      goto fail;
    }

  /* And the new name reaches the disk; failing here loses nothing that
   * was not written already. */
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0)
    {
      fsync (dir_fd);
      close (dir_fd);
    }

  return TRUE;

fail:
  g_output_stream_close (stream, NULL, NULL);
  g_unlink (temp_path);
  return FALSE;
}

/* For a file with no local path (a remote location): GIO's own replace,
 * which also writes a temporary file where it can. */
static gboolean
export_to_file (ExportJob     *job,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GFileOutputStream) stream = NULL;

  stream = g_file_replace (job->file, NULL, FALSE, G_FILE_CREATE_PRIVATE, cancellable, error);
  if (stream == NULL)
    return FALSE;

  if (!snapshot_write (job->snapshot, job->format, job->filter, job->filter_data,
                       G_OUTPUT_STREAM (stream), cancellable, error))
    {
      g_autoptr(GCancellable) abandon = g_cancellable_new ();

      /* Closing with a cancelled cancellable leaves the file it was
       * replacing in place (GIO discards its temporary file). */
      g_cancellable_cancel (abandon);
      g_output_stream_close (G_OUTPUT_STREAM (stream), abandon, NULL);
      return FALSE;
    }

  return g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autofree char *path = g_file_get_path (job->file);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (path != NULL)
    ok = export_to_path (job, path, cancellable, &error);
  else
    ok = export_to_file (job, cancellable, &error);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
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
  g_autoptr(GMutexLocker) locker = NULL;
  SeLogStore *store;
  const SeRecord *record;
  guint64 seq;

  if (position >= self->n_items)
    return NULL;

  locker = g_mutex_locker_new (&self->lock);
  store = self->store;
  seq = store->first + position;
  record = store_get_record (store, seq);

  return event_new_for_record (record, seq,
                               string_slot (store, record->local)->str,
                               string_slot (store, record->remote)->str,
                               record->detail_code == SE_EVENT_DETAIL_TEXT ? string_slot (store, record->detail)->str : NULL,
                               record->data_len > 0 ? g_array_index (store->blocks, ArenaBlock, block_number (record, store->block_base)).data : NULL);
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

  g_clear_pointer (&self->store, store_free);
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
  self->store = store_new ();
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

guint
se_traffic_log_append_info (SeTrafficLog      *self,
                            const SeEventInfo *info)
{
  SeEventKind kind;
  SeProtocol protocol;
  const guint8 *data;
  gsize data_len;
  guint64 size;
  SeLogStore *store;
  SeRecord *record;
  gsize keep = 0;
  guint64 seq;

  g_return_val_if_fail (SE_IS_TRAFFIC_LOG (self), G_MAXUINT);
  g_return_val_if_fail (info != NULL, G_MAXUINT);
  g_return_val_if_fail (info->detail <= SE_EVENT_DETAIL_RELAYED, G_MAXUINT);
  g_return_val_if_fail (info->call < SE_CALL_N_CALLS, G_MAXUINT);
  g_return_val_if_fail (info->tcp_state < SE_TCP_STATE_N_STATES, G_MAXUINT);
  g_return_val_if_fail (info->option < SE_SOCKOPT_N_OPTIONS, G_MAXUINT);

  kind = info->kind;
  protocol = info->protocol;
  data = info->data;
  data_len = info->data_len;
  size = info->size;
  g_return_val_if_fail (kind < SE_EVENT_N_KINDS, G_MAXUINT);
  g_return_val_if_fail (protocol <= SE_PROTOCOL_NONE, G_MAXUINT);
  g_return_val_if_fail (data != NULL || data_len == 0, G_MAXUINT);
  g_return_val_if_fail (data_len <= size, G_MAXUINT);

  g_mutex_lock (&self->lock);
  store = self->store;
  seq = store->end;
  /* Positions in the list are guints. */
  if G_UNLIKELY (store_get_n_events (store) >= G_MAXUINT)
    {
      g_mutex_unlock (&self->lock);
      g_return_val_if_reached (G_MAXUINT);
    }

  if (seq % RECORDS_PER_CHUNK == 0)
    {
      if (store->record_chunks->len == 0)
        store->chunk_base = seq;
      g_ptr_array_add (store->record_chunks, g_atomic_rc_box_alloc (RECORD_CHUNK_SIZE));
    }
  record = store_get_record (store, seq);

  record->time = g_get_real_time ();
  record->size = size;
  record->local = store_intern (store, info->local, seq);
  record->remote = store_intern (store, info->remote, seq);
  if (info->detail == SE_EVENT_DETAIL_TEXT)
    record->detail = store_intern (store, info->text, seq);
  else
    record->detail = info->detail_arg;
  record->detail_code = info->detail;
  record->connection_id = info->connection_id;
  record->kind = kind;
  record->protocol = protocol;
  record->call = info->call;
  record->error_number = (guint8) CLAMP (info->error_number, 0, G_MAXUINT8);
  record->option = info->option;
  record->tcp_state = info->tcp_state;
  if (info->call == SE_CALL_SOCKET || info->call == SE_CALL_ACCEPT)
    record->arg = info->error_number == 0 ? (guint32) CLAMP (info->ret, 0, G_MAXINT32) : 0;
  else
    record->arg = info->asked;

  if (data_len > 0 && store->retained < self->capture_budget)
    keep = MIN (MIN (data_len, self->capture_budget - store->retained), G_MAXUINT32);
  if (self->capture_per_event > 0)
    keep = MIN (keep, self->capture_per_event);

  record->data_block = 0;
  record->data_offset = 0;
  record->data_len = (guint32) keep;
  if (keep > 0)
    {
      store_add_bytes (store, data, keep, seq, &record->data_block, &record->data_offset);
      store->retained += keep;
    }

  /* Complete means: every byte of the event is in the log. */
  record->flags = keep == size ? RECORD_DATA_COMPLETE : 0;

  store->end = seq + 1;

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

  return (guint) seq;
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
  g_clear_pointer (&self->store, store_free);
  self->store = store_new ();
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

guint
se_traffic_log_get_connection_id (SeTrafficLog *self,
                                  guint         position)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (SE_IS_TRAFFIC_LOG (self), 0);
  g_return_val_if_fail (position < self->n_items, 0);

  locker = g_mutex_locker_new (&self->lock);
  return store_get_record (self->store, self->store->first + position)->connection_id;
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
    ids[i] = store_get_record (self->store, self->store->first + position + i)->connection_id;
  return n;
}

guint
se_traffic_log_get_n_events (SeTrafficLog *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (SE_IS_TRAFFIC_LOG (self), 0);

  locker = g_mutex_locker_new (&self->lock);
  return store_get_n_events (self->store);
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
  store_drop_to (self->store, self->store->first + position);
  n_events = store_get_n_events (self->store);
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

/**
 * se_traffic_log_write:
 * @self: an #SeTrafficLog
 * @format: a format of the writer table (se-log-writer.h)
 * @stream: where to write; it is flushed, not closed
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes every event in the log (also those not yet flushed to the
 * views), one line each, after a line saying how many earlier events were
 * dropped if any were (in JSON Lines: {"dropped":N}). This blocks on @stream: on the main thread use
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
  g_return_val_if_fail (se_log_writer_get (format) != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_mutex_lock (&self->lock);
  snapshot = snapshot_new (self->store);
  g_mutex_unlock (&self->lock);

  return snapshot_write (snapshot, format, NULL, NULL, stream, cancellable, error);
}

/**
 * se_traffic_log_export_async:
 * @self: an #SeTrafficLog
 * @file: the file to write (replaced if it exists, see below)
 * @format: a format of the writer table (se-log-writer.h)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the current thread-default main context when done
 * @user_data: data for @callback
 *
 * Writes the events in the log at this call to @file on a worker
 * thread, as se_traffic_log_write() does. Appending, flushing, dropping
 * and clearing meanwhile is safe and does not change what is written.
 *
 * A local @file is written as a new file readable by the user only (mode
 * 0600), next to it, then renamed over it: a symbolic link at @file is
 * replaced, not followed, and on error or cancel @file is left as it was
 * with nothing new beside it.
 */
void
se_traffic_log_export_async (SeTrafficLog        *self,
                             GFile               *file,
                             SeExportFormat       format,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  se_traffic_log_export_filtered_async (self, file, format, NULL, NULL, NULL,
                                        cancellable, callback, user_data);
}

/**
 * se_traffic_log_export_filtered_async:
 * @filter: (nullable): which events to write, called on the worker thread
 * @filter_data: for @filter; freed with @filter_data_free on any thread
 *
 * The same as se_traffic_log_export_async(), with only the events for
 * which @filter returns %TRUE (the rows a view shows). The dropped note
 * stays: those events are not in the file either way.
 * se_traffic_log_export_finish() gives the outcome.
 */
void
se_traffic_log_export_filtered_async (SeTrafficLog        *self,
                                      GFile               *file,
                                      SeExportFormat       format,
                                      SeEventFilterFunc    filter,
                                      gpointer             filter_data,
                                      GDestroyNotify       filter_data_free,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  ExportJob *job;

  g_return_if_fail (SE_IS_TRAFFIC_LOG (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (se_log_writer_get (format) != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, se_traffic_log_export_async);
  g_task_set_name (task, "[socket-explorer] se_traffic_log_export_async");

  job = g_new0 (ExportJob, 1);
  g_mutex_lock (&self->lock);
  job->snapshot = snapshot_new (self->store);
  g_mutex_unlock (&self->lock);
  job->file = g_object_ref (file);
  job->format = format;
  job->filter = filter;
  job->filter_data = filter_data;
  job->filter_data_free = filter_data_free;

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
