/* se-log-store-private.h: the records, payload arena and interned
 * strings and addresses behind the traffic log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "se-event.h"

G_BEGIN_DECLS

/* How the log stays small and fast with a million events:
 *
 * - Each event is a 56-byte SeRecord. Records live in fixed-size chunks
 *   that never move once allocated, so growing the log never copies
 *   what is already there.
 * - Addresses and details are interned: every distinct string, and every
 *   distinct socket address (its raw sockaddr bytes), is stored once in
 *   a slot and records hold the slot's number. An address is made into
 *   text only when someone looks at an event that has it, once per slot.
 * - Payload bytes go into an arena of 1 MiB blocks (a large payload gets a
 *   block of its own) until the capture budget is spent.
 * - SeEvent objects are made only when a view asks for one.
 *
 * Events are numbered from 0 since the log was made or last cleared (the
 * "sequence"). With a memory budget the oldest events are dropped: the
 * store keeps the events [first, end), so first is also the number of
 * events dropped. Dropping frees whole record chunks, the arena blocks no
 * kept record uses (each block knows the first and last event using it)
 * and the slots no kept record uses: the slots are kept in a list ordered
 * by their last use, so the unused ones are at its head.
 *
 * The store has no lock of its own: SeTrafficLog holds its mutex around
 * every call. A snapshot for an export takes a reference on every record
 * chunk, arena block, string and address it may read (they are all
 * atomically reference-counted), so the log may keep appending, drop the
 * oldest events or clear while the export thread reads the snapshot
 * without locks: records below the snapshot's end are never written
 * again, and what the store lets go of is freed only when the snapshot
 * lets go of it too. */

#define SE_LOG_RECORDS_PER_CHUNK   4096
#define SE_LOG_RECORD_CHUNK_SIZE   (SE_LOG_RECORDS_PER_CHUNK * sizeof (SeRecord))

typedef enum
{
  SE_RECORD_DATA_COMPLETE = 1 << 0,
} SeRecordFlags;

typedef struct
{
  gint64  time;           /* g_get_real_time() */
  guint64 size;           /* exact */
  guint32 local;          /* slot, 0 = none */
  guint32 remote;         /* slot, 0 = none */
  guint32 detail;         /* TEXT: slot, 0 = none; otherwise the detail's arg */
  guint32 connection_id;
  guint32 data_block;     /* arena block number (modulo 2^32) */
  guint32 data_offset;    /* within the block */
  guint32 data_len;       /* retained bytes */
  guint8  kind;
  guint8  protocol;
  guint8  flags;          /* SeRecordFlags */
  guint8  detail_code;    /* SeEventDetail */
  /* The call (SeEventInfo.call …): its return value is not stored but
   * follows from the rest, see _se_record_ret(). */
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
} SeArenaBlock;

/* An interned socket address: a g_atomic_rc_box of its raw bytes. */
typedef struct
{
  char    *text;          /* GRefString made when first shown, NULL until; the store's (under its lock) */
  guint32  len;
  guint8   bytes[];       /* a struct sockaddr of len bytes */
} SeLogAddress;

/* Lets go of one reference to an address (from any thread). */
void        _se_log_address_release       (SeLogAddress      *address);

/* 24 bytes, as a million distinct strings make a million slots. */
typedef struct
{
  gpointer key;           /* a GRefString, or an SeLogAddress if is_address; NULL for a free slot */
  guint64  last_use;      /* sequence of the last event using it */
  guint32  prev;          /* the use list (older, newer), or the free list (next only); 0 = end */
  guint32  next : 31;
  guint32  is_address : 1;
} SeLogSlot;

G_STATIC_ASSERT (sizeof (SeLogSlot) == 24);

typedef struct
{
  guint64     first;          /* sequence of the oldest event kept = number dropped */
  guint64     end;            /* sequence of the next event = number appended */

  GPtrArray  *record_chunks;  /* g_atomic_rc_box SeRecord[SE_LOG_RECORDS_PER_CHUNK] each */
  guint64     chunk_base;     /* sequence of record_chunks[0][0] */

  GArray     *blocks;         /* SeArenaBlock */
  guint64     block_base;     /* number of blocks[0] */
  guint64     current_block;  /* number of the shared block being filled, or G_MAXUINT64 */
  gsize       current_used;
  gsize       blocks_size;    /* bytes allocated in blocks */
  gsize       retained;       /* payload bytes of the events kept */

  GArray     *slots;          /* SeLogSlot; [0] is "none" */
  GHashTable *string_index;   /* GRefString → slot */
  GHashTable *address_index;  /* SeLogAddress → slot (hashed on the bytes) */
  guint32     oldest_slot;    /* head and tail of the use list, 0 = empty */
  guint32     newest_slot;
  guint32     free_slots;     /* head of the free slot list, 0 = empty */
  guint32     recent_addresses[2];  /* slots of the last two addresses interned (a socket's
                                     * own and its peer's), checked before the index */
  gsize       slots_size;     /* bytes and overhead of the strings and addresses kept */

  /* The head of the last text line made (time to addresses, see
   * _se_event_fields_append_text_part()) and the record it was made
   * from: the lines of a batch of datagrams start the same. Forgotten
   * when slots may be freed. */
  GString    *text_head;
  SeRecord    text_head_record;
  gboolean    text_head_valid;
} SeLogStore;

/* What an export reads: see the comment at the top. */
typedef struct
{
  guint64       first;
  guint64       end;
  guint64       chunk_base;
  guint64       block_base;
  SeRecord    **record_chunks;   /* each referenced */
  guint         n_record_chunks;
  guint8      **blocks;          /* each referenced, or NULL */
  guint         n_blocks;
  char        **strings;         /* each referenced, or NULL; an address's text made when first read */
  SeLogAddress **addresses;      /* each referenced, or NULL; only their bytes are read */
  guint         n_slots;
} SeLogSnapshot;

SeLogStore *_se_log_store_new             (void);
void        _se_log_store_free            (SeLogStore        *store);

static inline SeRecord *
_se_log_store_get_record (SeLogStore *store,
                          guint64     seq)
{
  SeRecord *chunk = g_ptr_array_index (store->record_chunks,
                                       (seq - store->chunk_base) / SE_LOG_RECORDS_PER_CHUNK);

  return &chunk[seq % SE_LOG_RECORDS_PER_CHUNK];
}

static inline guint
_se_log_store_get_n_events (SeLogStore *store)
{
  return (guint) (store->end - store->first);
}

/* Appends one record for info at time (g_get_real_time()), keeping at
 * most keep_max payload bytes of it (the capture budget still left, per
 * event at most). Returns its sequence. */
guint64     _se_log_store_append          (SeLogStore        *store,
                                           const SeEventInfo *info,
                                           gint64             time,
                                           gsize              keep_max);
/* Forgets the events before new_first and frees what only they used. */
void        _se_log_store_drop_to         (SeLogStore        *store,
                                           guint64            new_first);
/* Heap memory held, as the memory budget counts it. */
gsize       _se_log_store_get_memory_size (SeLogStore        *store);
/* The item for the event seq (first <= seq < end); an address is made
 * into text here the first time it is shown, and that text is kept. */
SeEvent    *_se_log_store_get_event       (SeLogStore        *store,
                                           guint64            seq);

/* Appends the event's text line (as se_event_format_text() makes it, no
 * newline) straight from its record, without making an SeEvent. */
void        _se_log_store_append_text     (SeLogStore        *store,
                                           guint64            seq,
                                           GString           *out);
/* The same for its JSON line (se_event_append_json()). */
void        _se_log_store_append_json     (SeLogStore        *store,
                                           guint64            seq,
                                           gsize              data_limit,
                                           GString           *out);

/* Takes a reference on everything the store's events use now. */
SeLogSnapshot *_se_log_snapshot_new       (SeLogStore        *store);
/* May run on any thread. */
void        _se_log_snapshot_free         (SeLogSnapshot     *snapshot);
/* The item for the event seq of the snapshot; only for the thread that
 * reads the snapshot. */
SeEvent    *_se_log_snapshot_get_event    (SeLogSnapshot     *snapshot,
                                           guint64            seq);

/* _se_log_store_append_text() for the event seq of the snapshot. */
void        _se_log_snapshot_append_text  (SeLogSnapshot     *snapshot,
                                           guint64            seq,
                                           GString           *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeLogSnapshot, _se_log_snapshot_free)

G_END_DECLS
