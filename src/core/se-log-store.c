/* se-log-store.c: the records, payload arena and interned strings and
 * addresses behind the traffic log (see se-log-store-private.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "se-call-private.h"
#include "se-endpoint.h"
#include "se-event-private.h"
#include "se-log-store-private.h"

#define ARENA_CHUNK_SIZE    (1024 * 1024)
#define ARENA_OWN_BLOCK     (ARENA_CHUNK_SIZE / 4)  /* payloads from this size get their own block */
#define COPY_DATA_MAX       (64 * 1024)             /* larger payloads are handed out without a copy */
/* What an interned string or address costs besides its bytes: the
 * GRefString or rc box header and malloc's own. */
#define SLOT_OVERHEAD       (4 * sizeof (gpointer))
/* The longest address interned: a struct sockaddr_storage. */
#define ADDRESS_MAX         ((guint32) sizeof (struct sockaddr_storage))

/* An SeLogAddress on the stack, to look one up without allocating. */
typedef struct
{
  char    *text;
  guint32  len;
  guint8   bytes[ADDRESS_MAX];
} AddressKey;

G_STATIC_ASSERT (G_STRUCT_OFFSET (AddressKey, len) == G_STRUCT_OFFSET (SeLogAddress, len));
G_STATIC_ASSERT (G_STRUCT_OFFSET (AddressKey, bytes) == G_STRUCT_OFFSET (SeLogAddress, bytes));

static guint
address_hash (gconstpointer key)
{
  const SeLogAddress *address = key;
  guint32 hash = 2166136261u ^ address->len;

  /* FNV-1a: addresses are short. */
  for (guint32 i = 0; i < address->len; i++)
    hash = (hash ^ address->bytes[i]) * 16777619u;

  return hash;
}

static gboolean
address_equal (gconstpointer a,
               gconstpointer b)
{
  const SeLogAddress *x = a;
  const SeLogAddress *y = b;

  return x->len == y->len && memcmp (x->bytes, y->bytes, x->len) == 0;
}

static gsize
address_size (const SeLogAddress *address)
{
  return sizeof *address + address->len + SLOT_OVERHEAD;
}

static gsize
string_size (const char *str)
{
  return g_ref_string_length ((char *) str) + 1 + SLOT_OVERHEAD;
}

static void
address_clear (gpointer data)
{
  SeLogAddress *address = data;

  g_clear_pointer (&address->text, g_ref_string_release);
}

void
_se_log_address_release (SeLogAddress *address)
{
  g_atomic_rc_box_release_full (address, address_clear);
}

/* Store */

void
_se_log_store_free (SeLogStore *store)
{
  for (guint i = 0; i < store->record_chunks->len; i++)
    g_atomic_rc_box_release (g_ptr_array_index (store->record_chunks, i));
  g_ptr_array_unref (store->record_chunks);

  for (guint i = 0; i < store->blocks->len; i++)
    {
      SeArenaBlock *block = &g_array_index (store->blocks, SeArenaBlock, i);

      if (block->data != NULL)
        g_atomic_rc_box_release (block->data);
    }
  g_array_unref (store->blocks);

  g_hash_table_unref (store->string_index);
  g_hash_table_unref (store->address_index);
  for (guint i = 0; i < store->slots->len; i++)
    {
      SeLogSlot *slot = &g_array_index (store->slots, SeLogSlot, i);

      if (slot->key == NULL)
        continue;
      if (slot->is_address)
        _se_log_address_release (slot->key);
      else
        g_ref_string_release (slot->key);
    }
  g_array_unref (store->slots);
  g_string_free (store->text_head, TRUE);

  g_free (store);
}

SeLogStore *
_se_log_store_new (void)
{
  SeLogStore *store = g_new0 (SeLogStore, 1);
  SeLogSlot none = { NULL, 0, 0, 0, 0 };

  store->record_chunks = g_ptr_array_new ();
  store->blocks = g_array_new (FALSE, FALSE, sizeof (SeArenaBlock));
  store->current_block = G_MAXUINT64;
  store->slots = g_array_new (FALSE, FALSE, sizeof (SeLogSlot));
  g_array_append_val (store->slots, none);
  store->string_index = g_hash_table_new (g_str_hash, g_str_equal);
  store->address_index = g_hash_table_new (address_hash, address_equal);
  store->text_head = g_string_new (NULL);

  return store;
}

static inline SeArenaBlock *
store_get_block (SeLogStore *store,
                 guint64     number)
{
  return &g_array_index (store->blocks, SeArenaBlock, number - store->block_base);
}

static inline SeLogSlot *
store_slot (SeLogStore *store,
            guint32     index)
{
  return &g_array_index (store->slots, SeLogSlot, index);
}

static void
slot_unlink (SeLogStore *store,
             guint32     index)
{
  SeLogSlot *slot = store_slot (store, index);

  if (slot->prev != 0)
    store_slot (store, slot->prev)->next = slot->next;
  else
    store->oldest_slot = slot->next;

  if (slot->next != 0)
    store_slot (store, slot->next)->prev = slot->prev;
  else
    store->newest_slot = slot->prev;

  slot->prev = slot->next = 0;
}

static void
slot_link_newest (SeLogStore *store,
                  guint32     index)
{
  SeLogSlot *slot = store_slot (store, index);

  slot->prev = store->newest_slot;
  slot->next = 0;
  if (store->newest_slot != 0)
    store_slot (store, store->newest_slot)->next = index;
  else
    store->oldest_slot = index;
  store->newest_slot = index;
}

/* Marks a slot found in an index as used by the event seq. */
static guint32
slot_use (SeLogStore *store,
          guint32     index,
          guint64     seq)
{
  store_slot (store, index)->last_use = seq;
  /* Keeps the use list ordered by last use, but for the two newest,
   * which may stay in either order: a socket's own address and its
   * peer's are used by turns, event after event. _se_log_store_drop_to()
   * then frees the older of the two with the newer, not before. */
  if (store->newest_slot != index && store_slot (store, store->newest_slot)->prev != index)
    {
      slot_unlink (store, index);
      slot_link_newest (store, index);
    }
  return index;
}

/* A free slot, linked as the newest, for the event seq. */
static guint32
slot_new (SeLogStore *store,
          guint64     seq)
{
  guint32 index;

  if (store->free_slots != 0)
    {
      index = store->free_slots;
      store->free_slots = store_slot (store, index)->next;
    }
  else
    {
      SeLogSlot empty = { NULL, 0, 0, 0, 0 };

      /* next has 31 bits. */
      g_return_val_if_fail (store->slots->len < G_MAXINT32, 0);
      index = store->slots->len;
      g_array_append_val (store->slots, empty);
    }

  store_slot (store, index)->last_use = seq;
  slot_link_newest (store, index);
  return index;
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
    return slot_use (store, GPOINTER_TO_UINT (value), seq);

  index = slot_new (store, seq);
  if (index == 0)
    return 0;

  ref = g_ref_string_new (str);
  store_slot (store, index)->key = ref;
  store_slot (store, index)->is_address = FALSE;
  g_hash_table_insert (store->string_index, ref, GUINT_TO_POINTER (index));
  store->slots_size += string_size (ref);

  return index;
}

/* memcmp () == 0, without a call for an IPv4 address (16 bytes). */
static inline gboolean
same_bytes (const void *a,
            const void *b,
            gsize       len)
{
  if (len == 16)
    {
      guint64 a0, a1, b0, b1;

      memcpy (&a0, a, 8);
      memcpy (&a1, (const guint8 *) a + 8, 8);
      memcpy (&b0, b, 8);
      memcpy (&b1, (const guint8 *) b + 8, 8);
      return a0 == b0 && a1 == b1;
    }
  return memcmp (a, b, len) == 0;
}

/* The same for a socket address: its bytes are kept, not its text. */
static guint32
store_intern_address (SeLogStore            *store,
                      const struct sockaddr *sa,
                      guint32                len,
                      guint64                seq)
{
  AddressKey key;
  SeLogAddress *address;
  gpointer value;
  guint32 index;

  len = MIN (len, ADDRESS_MAX);

  /* A flood comes from one peer to one socket: the same two addresses
   * event after event, compared where they are. A slot is compared by
   * its bytes, so one that was freed or given to another address since
   * simply does not match. */
  for (guint i = 0; i < G_N_ELEMENTS (store->recent_addresses); i++)
    {
      SeLogSlot *slot = store_slot (store, store->recent_addresses[i]);
      const SeLogAddress *recent = slot->key;

      if (slot->is_address && recent != NULL && recent->len == len &&
          same_bytes (recent->bytes, sa, len))
        return slot_use (store, store->recent_addresses[i], seq);
    }

  key.len = len;
  memcpy (key.bytes, sa, len);

  if (g_hash_table_lookup_extended (store->address_index, &key, NULL, &value))
    {
      index = GPOINTER_TO_UINT (value);
      store->recent_addresses[1] = store->recent_addresses[0];
      store->recent_addresses[0] = index;
      return slot_use (store, index, seq);
    }

  index = slot_new (store, seq);
  if (index == 0)
    return 0;
  store->recent_addresses[1] = store->recent_addresses[0];
  store->recent_addresses[0] = index;

  address = g_atomic_rc_box_alloc (sizeof (SeLogAddress) + key.len);
  address->text = NULL;
  address->len = key.len;
  memcpy (address->bytes, key.bytes, key.len);
  store_slot (store, index)->key = address;
  store_slot (store, index)->is_address = TRUE;
  g_hash_table_insert (store->address_index, address, GUINT_TO_POINTER (index));
  store->slots_size += address_size (address);

  return index;
}

/* What an address looks like: "127.0.0.1:7000", "[::1]:7000", a path… */
static char *
address_text_new (const SeLogAddress *address)
{
  g_autofree char *text = se_format_sockaddr (address->bytes, address->len);

  return g_ref_string_new (text);
}

/* The slot's text: a string, or an address made into text now if it was
 * not yet (and kept, counted in the store's size). NULL for slot 0. */
static const char *
store_slot_text (SeLogStore *store,
                 guint32     index)
{
  SeLogSlot *slot = store_slot (store, index);
  SeLogAddress *address;

  if (!slot->is_address)
    return slot->key;

  address = slot->key;
  if (address->text == NULL)
    {
      address->text = address_text_new (address);
      store->slots_size += string_size (address->text);
    }

  return address->text;
}

/* The slot's address, or NULL for a text (or slot 0). */
static SeLogAddress *
slot_address (SeLogStore *store,
              guint32     index)
{
  SeLogSlot *slot = store_slot (store, index);

  return slot->is_address ? slot->key : NULL;
}

static SeArenaBlock *
store_add_block (SeLogStore *store,
                 gsize       size,
                 guint64     seq)
{
  SeArenaBlock block = { g_atomic_rc_box_alloc (size), size, seq, seq };

  g_array_append_val (store->blocks, block);
  store->blocks_size += size;

  return &g_array_index (store->blocks, SeArenaBlock, store->blocks->len - 1);
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
  SeArenaBlock *block;
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

guint64
_se_log_store_append (SeLogStore        *store,
                      const SeEventInfo *info,
                      gint64             time,
                      gsize              keep_max)
{
  guint64 seq = store->end;
  SeRecord *record;
  gsize keep;

  if (seq % SE_LOG_RECORDS_PER_CHUNK == 0)
    {
      if (store->record_chunks->len == 0)
        store->chunk_base = seq;
      g_ptr_array_add (store->record_chunks, g_atomic_rc_box_alloc (SE_LOG_RECORD_CHUNK_SIZE));
    }
  record = _se_log_store_get_record (store, seq);

  record->time = time;
  record->size = info->size;
  /* A binary address wins over the text: it is made into text only when
   * an event with it is shown. */
  if (info->local_sa != NULL)
    record->local = store_intern_address (store, info->local_sa, info->local_sa_len, seq);
  else
    record->local = store_intern (store, info->local, seq);
  if (info->remote_sa != NULL)
    record->remote = store_intern_address (store, info->remote_sa, info->remote_sa_len, seq);
  else
    record->remote = store_intern (store, info->remote, seq);
  if (info->detail == SE_EVENT_DETAIL_TEXT)
    record->detail = store_intern (store, info->text, seq);
  else
    record->detail = info->detail_arg;
  record->detail_code = info->detail;
  record->connection_id = info->connection_id;
  record->kind = info->kind;
  record->protocol = info->protocol;
  record->call = info->call;
  record->error_number = (guint8) CLAMP (info->error_number, 0, G_MAXUINT8);
  record->option = info->option;
  record->tcp_state = info->tcp_state;
  if (info->call == SE_CALL_SOCKET || info->call == SE_CALL_ACCEPT)
    record->arg = info->error_number == 0 ? (guint32) CLAMP (info->ret, 0, G_MAXINT32) : 0;
  else
    record->arg = info->asked;

  keep = MIN (info->data_len, keep_max);
  record->data_block = 0;
  record->data_offset = 0;
  record->data_len = (guint32) keep;
  if (keep > 0)
    {
      store_add_bytes (store, info->data, keep, seq, &record->data_block, &record->data_offset);
      store->retained += keep;
    }

  /* Complete means: every byte of the event is in the log. */
  record->flags = keep == info->size ? SE_RECORD_DATA_COMPLETE : 0;

  store->end = seq + 1;
  return seq;
}

void
_se_log_store_drop_to (SeLogStore *store,
                       guint64     new_first)
{
  guint n_chunks = 0;
  guint n_blocks = 0;

  g_assert (new_first >= store->first && new_first <= store->end);

  /* Its slots may be freed and given to other strings. */
  store->text_head_valid = FALSE;

  for (guint64 seq = store->first; seq < new_first; seq++)
    store->retained -= _se_log_store_get_record (store, seq)->data_len;
  store->first = new_first;

  while (n_chunks < store->record_chunks->len &&
         store->chunk_base + (guint64) (n_chunks + 1) * SE_LOG_RECORDS_PER_CHUNK <= new_first)
    g_atomic_rc_box_release (g_ptr_array_index (store->record_chunks, n_chunks++));
  if (n_chunks > 0)
    {
      g_ptr_array_remove_range (store->record_chunks, 0, n_chunks);
      store->chunk_base += (guint64) n_chunks * SE_LOG_RECORDS_PER_CHUNK;
    }

  /* Blocks are made in the order of their first use; the few made
   * before new_first that are still in use (the shared block being
   * filled) are kept and looked at again next time. */
  for (guint i = 0; i < store->blocks->len; i++)
    {
      SeArenaBlock *block = &g_array_index (store->blocks, SeArenaBlock, i);

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
         g_array_index (store->blocks, SeArenaBlock, n_blocks).data == NULL)
    n_blocks++;
  if (n_blocks > 0)
    {
      g_array_remove_range (store->blocks, 0, n_blocks);
      store->block_base += n_blocks;
    }

  while (store->oldest_slot != 0 &&
         store_slot (store, store->oldest_slot)->last_use < new_first)
    {
      guint32 index = store->oldest_slot;
      SeLogSlot *slot = store_slot (store, index);

      slot_unlink (store, index);
      if (slot->is_address)
        {
          SeLogAddress *address = slot->key;

          g_hash_table_remove (store->address_index, address);
          store->slots_size -= address_size (address);
          if (address->text != NULL)
            store->slots_size -= string_size (address->text);
          _se_log_address_release (address);
        }
      else
        {
          g_hash_table_remove (store->string_index, slot->key);
          store->slots_size -= string_size (slot->key);
          g_ref_string_release (slot->key);
        }
      slot->key = NULL;
      slot->is_address = FALSE;
      slot->last_use = 0;
      slot->next = store->free_slots;
      store->free_slots = index;
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

/* GHashTable: a hash, a key and a value per bucket, a power of two
 * between 4/3 and 4 buckets per entry; say 2. */
static gsize
hash_table_size (GHashTable *table)
{
  gsize n_buckets = MAX (8, 2 * g_hash_table_size (table));

  return n_buckets * (sizeof (guint) + 2 * sizeof (gpointer));
}

gsize
_se_log_store_get_memory_size (SeLogStore *store)
{
  gsize size = sizeof *store;

  /* The arrays grow by powers of two. */
  size += store->record_chunks->len * (SE_LOG_RECORD_CHUNK_SIZE + 2 * sizeof (gpointer) + sizeof (gpointer));
  size += store->blocks_size + array_capacity (store->blocks->len) * sizeof (SeArenaBlock);
  size += store->slots_size + array_capacity (store->slots->len) * sizeof (SeLogSlot);
  size += hash_table_size (store->string_index);
  size += hash_table_size (store->address_index);

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
                      guint8         *block,
                      SeLogAddress   *local_address,
                      SeLogAddress   *remote_address)
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
                        (record->flags & SE_RECORD_DATA_COMPLETE) != 0,
                        detail);
  _se_event_set_detail_code (event, record->detail_code);
  if (record->detail_code != SE_EVENT_DETAIL_TEXT)
    _se_event_set_detail_arg (event, record->detail);
  _se_event_set_addresses (event, local_address, remote_address);
  if (record->call != SE_CALL_NONE)
    _se_event_set_call (event, record->call, record_ret (record), record->error_number,
                        (record->call == SE_CALL_SOCKET || record->call == SE_CALL_ACCEPT) ? 0 : record->arg,
                        record->option, record->tcp_state);
  g_clear_pointer (&made_ref, g_ref_string_release);
  return event;
}

SeEvent *
_se_log_store_get_event (SeLogStore *store,
                         guint64     seq)
{
  const SeRecord *record = _se_log_store_get_record (store, seq);

  return event_new_for_record (record, seq,
                               store_slot_text (store, record->local),
                               store_slot_text (store, record->remote),
                               record->detail_code == SE_EVENT_DETAIL_TEXT ? store_slot_text (store, record->detail) : NULL,
                               record->data_len > 0 ? store_get_block (store, store->block_base + block_number (record, store->block_base))->data : NULL,
                               slot_address (store, record->local),
                               slot_address (store, record->remote));
}

/* The record's fields, borrowed from the store: valid while the lock is
 * held. A coded detail is made into text in *made (to free). */
static void
record_fields (const SeRecord *record,
               const char     *local,
               const char     *remote,
               const char     *detail,
               guint8         *block,
               SeEventFields  *fields,
               char          **made)
{
  *made = NULL;
  if (record->detail_code != SE_EVENT_DETAIL_TEXT)
    detail = *made = _se_event_format_detail (record->detail_code, record->detail,
                                              record->connection_id, record->size,
                                              record->data_len, local);

  *fields = (SeEventFields) {
    .time = record->time,
    .size = record->size,
    .local = local,
    .remote = remote,
    .detail = detail,
    .detail_code = record->detail_code,
    .detail_arg = record->detail_code != SE_EVENT_DETAIL_TEXT ? record->detail : 0,
    .data = record->data_len > 0 ? block + record->data_offset : NULL,
    .data_len = record->data_len,
    .data_complete = (record->flags & SE_RECORD_DATA_COMPLETE) != 0,
    .connection_id = record->connection_id,
    .kind = record->kind,
    .protocol = record->protocol,
    /* As event_new_for_record(): an event that is no call has none of
     * the call's fields. */
    .call = record->call,
    .option = record->call != SE_CALL_NONE ? record->option : SE_SOCKOPT_NONE,
    .tcp_state = record->call != SE_CALL_NONE ? record->tcp_state : SE_TCP_STATE_NONE,
    .error_number = record->call != SE_CALL_NONE ? record->error_number : 0,
    .asked = (record->call == SE_CALL_NONE || record->call == SE_CALL_SOCKET ||
              record->call == SE_CALL_ACCEPT) ? 0 : record->arg,
    .ret = record->call != SE_CALL_NONE ? record_ret (record) : 0,
  };
}

/* The fields of the event seq, borrowed from the store (valid while the
 * lock is held); *made to free. */
static void
store_fields (SeLogStore    *store,
              guint64        seq,
              SeEventFields *fields,
              char         **made)
{
  const SeRecord *record = _se_log_store_get_record (store, seq);

  record_fields (record,
                 store_slot_text (store, record->local),
                 store_slot_text (store, record->remote),
                 record->detail_code == SE_EVENT_DETAIL_TEXT ? store_slot_text (store, record->detail) : NULL,
                 record->data_len > 0 ? store_get_block (store, store->block_base + block_number (record, store->block_base))->data : NULL,
                 fields, made);
  /* As _se_log_store_get_event(): the index is the sequence */
  fields->index = (guint) seq;
}

void
_se_log_store_append_text (SeLogStore *store,
                           guint64     seq,
                           GString    *out)
{
  const SeRecord *record = _se_log_store_get_record (store, seq);
  SeRecord *head = &store->text_head_record;
  g_autofree char *made = NULL;
  SeEventFields fields;

  store_fields (store, seq, &fields, &made);

  /* Same time, kind, protocol, connection and addresses (slots), and
   * the same arrow: the same head as the line before. */
  if (!store->text_head_valid ||
      record->time != head->time || record->kind != head->kind ||
      record->protocol != head->protocol || record->connection_id != head->connection_id ||
      record->local != head->local || record->remote != head->remote ||
      (record->detail_code == SE_EVENT_DETAIL_RELAYED) != (head->detail_code == SE_EVENT_DETAIL_RELAYED))
    {
      g_string_truncate (store->text_head, 0);
      _se_event_fields_append_text_part (&fields, store->text_head, SE_TEXT_PART_HEAD);
      *head = *record;
      store->text_head_valid = TRUE;
    }
  _se_string_put (out, store->text_head->str, store->text_head->len);
  _se_event_fields_append_text_part (&fields, out, SE_TEXT_PART_TAIL);
}

void
_se_log_store_append_json (SeLogStore *store,
                           guint64     seq,
                           gsize       data_limit,
                           GString    *out)
{
  g_autofree char *made = NULL;
  SeEventFields fields;

  store_fields (store, seq, &fields, &made);
  _se_event_fields_append_json (&fields, data_limit, out);
}

/* Snapshot */

SeLogSnapshot *
_se_log_snapshot_new (SeLogStore *store)
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
      guint8 *data = g_array_index (store->blocks, SeArenaBlock, i).data;

      snapshot->blocks[i] = data != NULL ? g_atomic_rc_box_acquire (data) : NULL;
    }

  snapshot->n_slots = store->slots->len;
  snapshot->strings = g_new (char *, snapshot->n_slots);
  snapshot->addresses = g_new (SeLogAddress *, snapshot->n_slots);
  for (guint i = 0; i < snapshot->n_slots; i++)
    {
      SeLogSlot *slot = store_slot (store, i);
      SeLogAddress *address = slot->is_address ? slot->key : NULL;
      char *text = address != NULL ? address->text : slot->key;

      /* An address's text is the store's: the snapshot takes what there
       * is now and makes the rest itself. */
      snapshot->strings[i] = text != NULL ? g_ref_string_acquire (text) : NULL;
      snapshot->addresses[i] = address != NULL ? g_atomic_rc_box_acquire (address) : NULL;
    }

  return snapshot;
}

void
_se_log_snapshot_free (SeLogSnapshot *snapshot)
{
  for (guint i = 0; i < snapshot->n_record_chunks; i++)
    g_atomic_rc_box_release (snapshot->record_chunks[i]);
  for (guint i = 0; i < snapshot->n_blocks; i++)
    if (snapshot->blocks[i] != NULL)
      g_atomic_rc_box_release (snapshot->blocks[i]);
  for (guint i = 0; i < snapshot->n_slots; i++)
    {
      if (snapshot->strings[i] != NULL)
        g_ref_string_release (snapshot->strings[i]);
      if (snapshot->addresses[i] != NULL)
        _se_log_address_release (snapshot->addresses[i]);
    }

  g_free (snapshot->record_chunks);
  g_free (snapshot->blocks);
  g_free (snapshot->strings);
  g_free (snapshot->addresses);
  g_free (snapshot);
}

/* As store_slot_text(), the text kept in the snapshot's own array. */
static const char *
snapshot_slot_text (SeLogSnapshot *snapshot,
                    guint32        index)
{
  if (snapshot->strings[index] == NULL && snapshot->addresses[index] != NULL)
    snapshot->strings[index] = address_text_new (snapshot->addresses[index]);

  return snapshot->strings[index];
}

static inline const SeRecord *
snapshot_get_record (SeLogSnapshot *snapshot,
                     guint64        seq)
{
  guint64 chunk = (seq - snapshot->chunk_base) / SE_LOG_RECORDS_PER_CHUNK;

  return &snapshot->record_chunks[chunk][seq % SE_LOG_RECORDS_PER_CHUNK];
}

void
_se_log_snapshot_append_text (SeLogSnapshot *snapshot,
                              guint64        seq,
                              GString       *out)
{
  const SeRecord *record = snapshot_get_record (snapshot, seq);
  g_autofree char *made = NULL;
  SeEventFields fields;

  record_fields (record,
                 snapshot_slot_text (snapshot, record->local),
                 snapshot_slot_text (snapshot, record->remote),
                 record->detail_code == SE_EVENT_DETAIL_TEXT ? snapshot->strings[record->detail] : NULL,
                 record->data_len > 0 ? snapshot->blocks[block_number (record, snapshot->block_base)] : NULL,
                 &fields, &made);
  _se_event_fields_append_text (&fields, out);
}

SeEvent *
_se_log_snapshot_get_event (SeLogSnapshot *snapshot,
                            guint64        seq)
{
  const SeRecord *record = snapshot_get_record (snapshot, seq);
  guint8 *block = record->data_len > 0 ? snapshot->blocks[block_number (record, snapshot->block_base)] : NULL;

  return event_new_for_record (record, seq,
                               snapshot_slot_text (snapshot, record->local),
                               snapshot_slot_text (snapshot, record->remote),
                               record->detail_code == SE_EVENT_DETAIL_TEXT ? snapshot->strings[record->detail] : NULL,
                               block,
                               snapshot->addresses[record->local],
                               snapshot->addresses[record->remote]);
}
