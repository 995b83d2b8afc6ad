/* test-pcapng.c: the pcapng writer, read back block by block (no tshark needed)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "se-endpoint.h"
#include "se-log-writer.h"
#include "se-pcapng-private.h"
#include "se-traffic-log.h"

/* A block as read back: type and body (between the two lengths). */
typedef struct
{
  guint32       type;
  const guint8 *body;
  gsize         body_len;
} Block;

/* An Enhanced Packet Block's fields. */
typedef struct
{
  guint32       interface_id;
  guint64       time;
  guint32       captured;
  guint32       original;
  const guint8 *data;
  char         *comment;
} Packet;

static guint32
get_u32 (const guint8 *p)
{
  guint32 value;

  memcpy (&value, p, 4);
  return value;
}

static guint16
get_u16 (const guint8 *p)
{
  guint16 value;

  memcpy (&value, p, 2);
  return value;
}

static guint16
get_be16 (const guint8 *p)
{
  return (guint16) (p[0] << 8 | p[1]);
}

static guint32
get_be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

/* Every block: a length that is a multiple of 4, the same at both ends. */
static GArray *
parse_blocks (const guint8 *data,
              gsize         len)
{
  GArray *blocks = g_array_new (FALSE, FALSE, sizeof (Block));
  gsize offset = 0;

  g_assert_cmpuint (len % 4, ==, 0);
  while (offset < len)
    {
      Block block;
      guint32 total;

      g_assert_cmpuint (len - offset, >=, 12);
      block.type = get_u32 (data + offset);
      total = get_u32 (data + offset + 4);
      g_assert_cmpuint (total % 4, ==, 0);
      g_assert_cmpuint (total, >=, 12);
      g_assert_cmpuint (total, <=, len - offset);
      g_assert_cmpuint (get_u32 (data + offset + total - 4), ==, total);
      block.body = data + offset + 8;
      block.body_len = total - 12;
      g_array_append_val (blocks, block);
      offset += total;
    }

  return blocks;
}

/* Options: code, length, value padded to 32 bits, then opt_endofopt. */
static const guint8 *
find_option (const guint8 *options,
             gsize         len,
             guint16       code,
             guint16      *value_len)
{
  gsize offset = 0;

  while (offset + 4 <= len)
    {
      guint16 c = get_u16 (options + offset);
      guint16 l = get_u16 (options + offset + 2);

      if (c == 0)
        {
          g_assert_cmpuint (l, ==, 0);
          return NULL;
        }
      g_assert_cmpuint (offset + 4 + l, <=, len);
      if (c == code)
        {
          *value_len = l;
          return options + offset + 4;
        }
      offset += 4 + ((l + 3u) & ~3u);
    }

  return NULL;
}

static Packet
packet_of (const Block *block)
{
  Packet packet = { 0 };
  gsize padded;
  const guint8 *comment;
  guint16 comment_len = 0;

  g_assert_cmphex (block->type, ==, SE_PCAPNG_BLOCK_ENHANCED_PACKET);
  packet.interface_id = get_u32 (block->body);
  packet.time = (guint64) get_u32 (block->body + 4) << 32 | get_u32 (block->body + 8);
  packet.captured = get_u32 (block->body + 12);
  packet.original = get_u32 (block->body + 16);
  packet.data = block->body + 20;
  g_assert_cmpuint (packet.original, >=, packet.captured);
  padded = (packet.captured + 3u) & ~3u;
  g_assert_cmpuint (20 + padded, <=, block->body_len);
  comment = find_option (block->body + 20 + padded, block->body_len - 20 - padded, 1, &comment_len);
  if (comment != NULL)
    packet.comment = g_strndup ((const char *) comment, comment_len);

  return packet;
}

static void
packet_clear (gpointer data)
{
  g_free (((Packet *) data)->comment);
}

/* The file of a log: the section header, the two interfaces, and its
 * packets (interface statistics blocks are counted in n_stats). */
static GArray *
export_packets (SeTrafficLog *log,
                GBytes      **file,
                guint        *n_stats,
                guint64      *n_dropped)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) blocks = NULL;
  GArray *packets = g_array_new (FALSE, FALSE, sizeof (Packet));
  const guint8 *data;
  gsize len;

  g_array_set_clear_func (packets, packet_clear);
  g_assert_true (se_traffic_log_write (log, SE_EXPORT_PCAPNG, stream, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  *file = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
  data = g_bytes_get_data (*file, &len);

  blocks = parse_blocks (data, len);
  g_assert_cmpuint (blocks->len, >=, 3);

  /* Section header: magic, version 1.0, length unknown. */
  {
    Block *shb = &g_array_index (blocks, Block, 0);

    g_assert_cmphex (shb->type, ==, SE_PCAPNG_BLOCK_SECTION_HEADER);
    g_assert_cmphex (get_u32 (shb->body), ==, SE_PCAPNG_BYTE_ORDER_MAGIC);
    g_assert_cmpuint (get_u16 (shb->body + 4), ==, 1);
    g_assert_cmpuint (get_u16 (shb->body + 6), ==, 0);
  }
  /* Raw IP, then Wireshark's exported PDU. */
  g_assert_cmphex (g_array_index (blocks, Block, 1).type, ==, SE_PCAPNG_BLOCK_INTERFACE);
  g_assert_cmpuint (get_u16 (g_array_index (blocks, Block, 1).body), ==, SE_PCAPNG_LINKTYPE_RAW);
  g_assert_cmphex (g_array_index (blocks, Block, 2).type, ==, SE_PCAPNG_BLOCK_INTERFACE);
  g_assert_cmpuint (get_u16 (g_array_index (blocks, Block, 2).body), ==, SE_PCAPNG_LINKTYPE_UPPER_PDU);

  *n_stats = 0;
  *n_dropped = 0;
  for (guint i = 3; i < blocks->len; i++)
    {
      Block *block = &g_array_index (blocks, Block, i);

      if (block->type == SE_PCAPNG_BLOCK_INTERFACE_STATS)
        {
          const guint8 *value;
          guint16 value_len = 0;

          (*n_stats)++;
          value = find_option (block->body + 12, block->body_len - 12, 5, &value_len);
          if (value != NULL)
            {
              g_assert_cmpuint (value_len, ==, 8);
              memcpy (n_dropped, value, 8);
            }
          continue;
        }

      {
        Packet packet = packet_of (block);

        g_assert_cmpuint (packet.interface_id, <, SE_PCAPNG_N_INTERFACES);
        g_array_append_val (packets, packet);
      }
    }

  return packets;
}

static void
append (SeTrafficLog      *log,
        SeEventKind        kind,
        SeProtocol         protocol,
        guint              connection_id,
        const char        *local,
        const char        *remote,
        const char        *data,
        gsize              size,
        SeEventDetailCode  detail)
{
  SeEventInfo info = {
    .kind = kind,
    .protocol = protocol,
    .connection_id = connection_id,
    .local = local,
    .remote = remote,
    .size = size,
    .data = (const guint8 *) data,
    .data_len = data != NULL ? size : 0,
    .detail = detail,
  };

  se_traffic_log_append_info (log, &info);
}

/* What a synthetic IPv4 or IPv6 + TCP/UDP packet says. */
typedef struct
{
  int           version;
  guint8        protocol;
  const guint8 *src;
  const guint8 *dst;
  guint16       src_port;
  guint16       dst_port;
  guint32       seq;
  guint32       ack;
  guint8        flags;
  const guint8 *payload;
  gsize         payload_len;
  gboolean      checksum_ok;
} Inet;

static Inet
inet_of (const Packet *packet)
{
  Inet inet = { 0 };
  const guint8 *p = packet->data;
  gsize ip_len, l4_len, l4_total;
  guint32 sum;
  guint8 pseudo[4];

  g_assert_cmpuint (packet->interface_id, ==, SE_PCAPNG_INTERFACE_IP);
  inet.version = p[0] >> 4;
  if (inet.version == 4)
    {
      g_assert_cmphex (p[0], ==, 0x45);
      ip_len = 20;
      /* The header checksum adds up. */
      g_assert_cmphex (_se_pcapng_checksum_fold (_se_pcapng_checksum_add (0, p, 20)), ==, 0xffff);
      g_assert_cmpuint (get_be16 (p + 2), ==, packet->original);
      inet.protocol = p[9];
      inet.src = p + 12;
      inet.dst = p + 16;
    }
  else
    {
      g_assert_cmpint (inet.version, ==, 6);
      ip_len = 40;
      g_assert_cmpuint (get_be16 (p + 4) + 40, ==, packet->original);
      inet.protocol = p[6];
      inet.src = p + 8;
      inet.dst = p + 24;
    }

  l4_len = inet.protocol == 6 ? 20 : 8;
  g_assert_cmpuint (packet->captured, >=, ip_len + l4_len);
  inet.src_port = get_be16 (p + ip_len);
  inet.dst_port = get_be16 (p + ip_len + 2);
  if (inet.protocol == 6)
    {
      inet.seq = get_be32 (p + ip_len + 4);
      inet.ack = get_be32 (p + ip_len + 8);
      g_assert_cmpuint (p[ip_len + 12], ==, 5 << 4);
      inet.flags = p[ip_len + 13];
    }
  else
    {
      g_assert_cmpint (inet.protocol, ==, 17);
      g_assert_cmpuint (get_be16 (p + ip_len + 4), ==, packet->original - ip_len);
    }
  inet.payload = p + ip_len + l4_len;
  inet.payload_len = packet->captured - ip_len - l4_len;

  /* The TCP or UDP checksum, pseudo-header included. */
  l4_total = packet->original - ip_len;
  sum = _se_pcapng_checksum_add (0, inet.src, inet.version == 4 ? 8 : 32);
  pseudo[0] = 0;
  pseudo[1] = inet.protocol;
  pseudo[2] = (guint8) (l4_total >> 8);
  pseudo[3] = (guint8) l4_total;
  sum = _se_pcapng_checksum_add (sum, pseudo, 4);
  sum = _se_pcapng_checksum_add (sum, p + ip_len, packet->captured - ip_len);
  inet.checksum_ok = _se_pcapng_checksum_fold (sum) == 0xffff;

  return inet;
}

static void
assert_v4 (const guint8 *addr,
           guint8        a,
           guint8        b,
           guint8        c,
           guint8        d)
{
  g_assert_cmpuint (addr[0], ==, a);
  g_assert_cmpuint (addr[1], ==, b);
  g_assert_cmpuint (addr[2], ==, c);
  g_assert_cmpuint (addr[3], ==, d);
}

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_PSH 0x08
#define TCP_ACK 0x10

/* A client's whole TCP story: handshake, data both ways in stream order,
 * the peer's FIN, our FIN on close. */
static void
test_tcp_stream (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GArray) packets = NULL;
  guint n_stats;
  guint64 n_dropped;
  Inet syn, synack, ack, send1, send2, recv1, fin_in, fin_out;
  const char *client = "127.0.0.1:40000";
  const char *server = "10.1.2.3:7000";

  append (log, SE_EVENT_CONNECT, SE_PROTOCOL_TCP, 1, client, server, NULL, 0, SE_EVENT_DETAIL_CONNECTED);
  append (log, SE_EVENT_SEND, SE_PROTOCOL_TCP, 1, client, server, "hello", 5, SE_EVENT_DETAIL_TEXT);
  append (log, SE_EVENT_SEND, SE_PROTOCOL_TCP, 1, client, server, "abc", 3, SE_EVENT_DETAIL_TEXT);
  append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_TCP, 1, client, server, "odd", 3, SE_EVENT_DETAIL_TEXT);
  /* Events that have no packet. */
  append (log, SE_EVENT_ERROR, SE_PROTOCOL_TCP, 1, client, server, NULL, 0, SE_EVENT_DETAIL_TEXT);
  append (log, SE_EVENT_SHUTDOWN, SE_PROTOCOL_TCP, 1, client, server, NULL, 0, SE_EVENT_DETAIL_PEER_EOF);
  append (log, SE_EVENT_CLOSE, SE_PROTOCOL_TCP, 1, client, server, NULL, 0, SE_EVENT_DETAIL_TEXT);
  se_traffic_log_flush (log);

  packets = export_packets (log, &file, &n_stats, &n_dropped);
  g_assert_cmpuint (n_stats, ==, 0);
  g_assert_cmpuint (packets->len, ==, 8);

  syn = inet_of (&g_array_index (packets, Packet, 0));
  synack = inet_of (&g_array_index (packets, Packet, 1));
  ack = inet_of (&g_array_index (packets, Packet, 2));
  send1 = inet_of (&g_array_index (packets, Packet, 3));
  send2 = inet_of (&g_array_index (packets, Packet, 4));
  recv1 = inet_of (&g_array_index (packets, Packet, 5));
  fin_in = inet_of (&g_array_index (packets, Packet, 6));
  fin_out = inet_of (&g_array_index (packets, Packet, 7));

  /* Addresses and ports, each way. */
  g_assert_cmpint (syn.version, ==, 4);
  assert_v4 (syn.src, 127, 0, 0, 1);
  assert_v4 (syn.dst, 10, 1, 2, 3);
  g_assert_cmpuint (syn.src_port, ==, 40000);
  g_assert_cmpuint (syn.dst_port, ==, 7000);
  assert_v4 (synack.src, 10, 1, 2, 3);
  g_assert_cmpuint (synack.src_port, ==, 7000);
  assert_v4 (recv1.src, 10, 1, 2, 3);
  assert_v4 (recv1.dst, 127, 0, 0, 1);
  g_assert_cmpuint (recv1.dst_port, ==, 40000);

  /* The handshake, then sequence numbers that count the bytes. */
  g_assert_cmphex (syn.flags, ==, TCP_SYN);
  g_assert_cmphex (synack.flags, ==, TCP_SYN | TCP_ACK);
  g_assert_cmphex (ack.flags, ==, TCP_ACK);
  g_assert_cmpuint (synack.ack, ==, syn.seq + 1);
  g_assert_cmpuint (ack.seq, ==, syn.seq + 1);
  g_assert_cmpuint (ack.ack, ==, synack.seq + 1);
  g_assert_cmphex (send1.flags, ==, TCP_PSH | TCP_ACK);
  g_assert_cmpuint (send1.seq, ==, syn.seq + 1);
  g_assert_cmpuint (send2.seq, ==, send1.seq + 5);
  g_assert_cmpuint (recv1.seq, ==, synack.seq + 1);
  g_assert_cmpuint (recv1.ack, ==, send2.seq + 3);
  g_assert_cmphex (fin_in.flags, ==, TCP_FIN | TCP_ACK);
  g_assert_cmpuint (fin_in.seq, ==, recv1.seq + 3);
  assert_v4 (fin_in.src, 10, 1, 2, 3);
  g_assert_cmphex (fin_out.flags, ==, TCP_FIN | TCP_ACK);
  g_assert_cmpuint (fin_out.seq, ==, send2.seq + 3);
  g_assert_cmpuint (fin_out.ack, ==, fin_in.seq + 1);

  /* The bytes, with checksums that add up. */
  g_assert_cmpmem (send1.payload, send1.payload_len, "hello", 5);
  g_assert_cmpmem (send2.payload, send2.payload_len, "abc", 3);
  g_assert_cmpmem (recv1.payload, recv1.payload_len, "odd", 3);
  g_assert_true (syn.checksum_ok);
  g_assert_true (send1.checksum_ok);
  g_assert_true (recv1.checksum_ok);  /* odd length: the last byte is padded */
  g_assert_true (fin_out.checksum_ok);

  /* Times are the events'. */
  for (guint i = 0; i < packets->len; i++)
    g_assert_cmpuint (g_array_index (packets, Packet, i).time, >, G_GUINT64_CONSTANT (1500000000000000));
}

/* A listener and its client in one log are the two ends of one
 * connection: the same bytes get the same sequence numbers. */
static void
test_both_ends_agree (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GArray) packets = NULL;
  guint n_stats;
  guint64 n_dropped;
  const char *client = "[::1]:40000";
  const char *server = "[::1]:7000";
  Inet sent, received;

  append (log, SE_EVENT_CONNECT, SE_PROTOCOL_TCP, 1, client, server, NULL, 0, SE_EVENT_DETAIL_CONNECTED);
  append (log, SE_EVENT_ACCEPT, SE_PROTOCOL_TCP, 2, server, client, NULL, 0, SE_EVENT_DETAIL_ACCEPTED);
  append (log, SE_EVENT_SEND, SE_PROTOCOL_TCP, 1, client, server, "ping", 4, SE_EVENT_DETAIL_TEXT);
  append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_TCP, 2, server, client, "ping", 4, SE_EVENT_DETAIL_TEXT);
  se_traffic_log_flush (log);

  packets = export_packets (log, &file, &n_stats, &n_dropped);
  g_assert_cmpuint (packets->len, ==, 8);
  sent = inet_of (&g_array_index (packets, Packet, 6));
  received = inet_of (&g_array_index (packets, Packet, 7));
  g_assert_cmpint (sent.version, ==, 6);
  g_assert_cmpmem (sent.src, 16, received.src, 16);
  g_assert_cmpuint (sent.src_port, ==, 40000);
  g_assert_cmpuint (received.src_port, ==, 40000);
  g_assert_cmpuint (sent.seq, ==, received.seq);
  g_assert_cmpuint (sent.ack, ==, received.ack);
  g_assert_true (received.checksum_ok);
}

/* Addresses the log kept in binary make the same packets as the same
 * addresses given as text (the writer reads the numbers, not the text). */
static void
append_pair (SeTrafficLog    *binary,
             SeTrafficLog    *text,
             SeEventKind      kind,
             SeProtocol       protocol,
             guint            connection_id,
             gconstpointer    local,
             gsize            local_len,
             gconstpointer    remote,
             gsize            remote_len,
             const char      *data)
{
  g_autofree char *local_text = se_format_sockaddr (local, local_len);
  g_autofree char *remote_text = se_format_sockaddr (remote, remote_len);
  gsize size = data != NULL ? strlen (data) : 0;
  SeEventInfo info = {
    .kind = kind,
    .protocol = protocol,
    .connection_id = connection_id,
    .size = size,
    .data = (const guint8 *) data,
    .data_len = size,
    .local_sa = local,
    .local_sa_len = local_len,
    .remote_sa = remote,
    .remote_sa_len = remote_len,
  };

  se_traffic_log_append_info (binary, &info);
  info.local_sa = info.remote_sa = NULL;
  info.local = local_text;
  info.remote = remote_text;
  se_traffic_log_append_info (text, &info);
}

static void
test_binary_addresses (void)
{
  g_autoptr(SeTrafficLog) binary = se_traffic_log_new ();
  g_autoptr(SeTrafficLog) text = se_traffic_log_new ();
  g_autoptr(GBytes) binary_file = NULL;
  g_autoptr(GBytes) text_file = NULL;
  g_autoptr(GArray) binary_packets = NULL;
  g_autoptr(GArray) text_packets = NULL;
  struct sockaddr_in v4 = { .sin_family = AF_INET, .sin_port = htons (7000) };
  struct sockaddr_in v4_peer = { .sin_family = AF_INET, .sin_port = htons (51000) };
  struct sockaddr_in6 v6 = { .sin6_family = AF_INET6, .sin6_port = htons (7001) };
  struct sockaddr_in6 v6_scoped = { .sin6_family = AF_INET6, .sin6_port = htons (51001), .sin6_scope_id = 1 };
  guint n_stats;
  guint64 n_dropped;

  v4.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  v4_peer.sin_addr.s_addr = htonl (INADDR_LOOPBACK + 1);
  v6.sin6_addr = in6addr_loopback;
  g_assert_cmpint (inet_pton (AF_INET6, "fe80::1", &v6_scoped.sin6_addr), ==, 1);

  append_pair (binary, text, SE_EVENT_RECEIVE, SE_PROTOCOL_UDP, 0, &v4, sizeof v4, &v4_peer, sizeof v4_peer, "ping");
  append_pair (binary, text, SE_EVENT_SEND, SE_PROTOCOL_UDP, 0, &v4, sizeof v4, &v4_peer, sizeof v4_peer, "pong");
  append_pair (binary, text, SE_EVENT_ACCEPT, SE_PROTOCOL_TCP, 1, &v6, sizeof v6, &v6_scoped, sizeof v6_scoped, NULL);
  append_pair (binary, text, SE_EVENT_RECEIVE, SE_PROTOCOL_TCP, 1, &v6, sizeof v6, &v6_scoped, sizeof v6_scoped, "hello");
  /* One side IPv4, the other IPv6: both written as IPv6. */
  append_pair (binary, text, SE_EVENT_RECEIVE, SE_PROTOCOL_UDP, 0, &v6, sizeof v6, &v4_peer, sizeof v4_peer, "mixed");
  se_traffic_log_flush (binary);
  se_traffic_log_flush (text);

  binary_packets = export_packets (binary, &binary_file, &n_stats, &n_dropped);
  text_packets = export_packets (text, &text_file, &n_stats, &n_dropped);
  g_assert_cmpuint (binary_packets->len, ==, text_packets->len);
  g_assert_cmpuint (binary_packets->len, >=, 5);
  for (guint i = 0; i < binary_packets->len; i++)
    {
      Packet *a = &g_array_index (binary_packets, Packet, i);
      Packet *b = &g_array_index (text_packets, Packet, i);

      g_assert_cmpuint (a->interface_id, ==, b->interface_id);
      g_assert_cmpmem (a->data, a->captured, b->data, b->captured);
      g_assert_cmpuint (a->original, ==, b->original);
    }
  {
    Inet first = inet_of (&g_array_index (binary_packets, Packet, 0));

    g_assert_cmpint (first.version, ==, 4);
    g_assert_cmpuint (first.src_port, ==, 51000);
  }
}

/* More than an IP packet holds: several segments; past the capture
 * budget: the real lengths, the kept bytes, no checksum. */
static void
test_large_and_cut (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GArray) packets = NULL;
  g_autofree char *big = g_malloc (100000);
  guint n_stats;
  guint64 n_dropped;
  Inet first, second, cut;
  const Packet *cut_packet;

  for (gsize i = 0; i < 100000; i++)
    big[i] = (char) (i * 7);
  se_traffic_log_set_capture_budget (log, 100000 + 10);
  append (log, SE_EVENT_SEND, SE_PROTOCOL_TCP, 1, "127.0.0.1:1", "127.0.0.1:2", big, 100000, SE_EVENT_DETAIL_TEXT);
  append (log, SE_EVENT_SEND, SE_PROTOCOL_UDP, 2, "127.0.0.1:3", "127.0.0.1:4", big, 300, SE_EVENT_DETAIL_TEXT);
  se_traffic_log_flush (log);

  packets = export_packets (log, &file, &n_stats, &n_dropped);
  g_assert_cmpuint (packets->len, ==, 3);
  first = inet_of (&g_array_index (packets, Packet, 0));
  second = inet_of (&g_array_index (packets, Packet, 1));
  g_assert_cmpuint (first.payload_len, ==, SE_PCAPNG_MAX_SEGMENT);
  g_assert_cmpuint (second.payload_len, ==, 100000 - SE_PCAPNG_MAX_SEGMENT);
  g_assert_cmpuint (second.seq, ==, first.seq + SE_PCAPNG_MAX_SEGMENT);
  g_assert_cmpmem (first.payload, first.payload_len, big, SE_PCAPNG_MAX_SEGMENT);
  g_assert_cmpmem (second.payload, second.payload_len, big + SE_PCAPNG_MAX_SEGMENT, second.payload_len);
  g_assert_true (first.checksum_ok);
  g_assert_true (second.checksum_ok);

  /* The datagram: only 10 of its 300 bytes were kept. */
  cut_packet = &g_array_index (packets, Packet, 2);
  cut = inet_of (cut_packet);
  g_assert_cmpuint (cut.protocol, ==, 17);
  g_assert_cmpuint (cut.payload_len, ==, 10);
  g_assert_cmpuint (cut_packet->original, ==, 20 + 8 + 300);
  g_assert_cmpmem (cut.payload, 10, big, 10);
  g_assert_cmpuint (get_be16 (cut.payload - 2), ==, 0);  /* checksum: not computed */
}

/* Unix sockets: an exported PDU for the "data" dissector, the paths in
 * a comment; dropped events are the interface's drop count. */
static void
test_unix_and_dropped (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GArray) packets = NULL;
  guint n_stats;
  guint64 n_dropped;
  const Packet *packet;
  const guint8 *p;
  gboolean data_dissector = FALSE;

  append (log, SE_EVENT_SEND, SE_PROTOCOL_UDP, 1, "127.0.0.1:1", "127.0.0.1:2", "gone", 4, SE_EVENT_DETAIL_TEXT);
  append (log, SE_EVENT_LISTEN, SE_PROTOCOL_UNIX, 0, "/tmp/a.sock", "", NULL, 0, SE_EVENT_DETAIL_LISTENING);
  append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_UNIX, 2, "/tmp/a.sock", "", "unix\x00\xff", 6, SE_EVENT_DETAIL_TEXT);
  se_traffic_log_flush (log);
  se_traffic_log_drop_before (log, 1);

  packets = export_packets (log, &file, &n_stats, &n_dropped);
  g_assert_cmpuint (n_stats, ==, 1);
  g_assert_cmpuint (n_dropped, ==, 1);
  g_assert_cmpuint (packets->len, ==, 1);

  packet = &g_array_index (packets, Packet, 0);
  g_assert_cmpuint (packet->interface_id, ==, SE_PCAPNG_INTERFACE_UNIX);
  g_assert_cmpstr (packet->comment, ==, "receive unix #2 (unnamed) \xe2\x86\x92 /tmp/a.sock");

  /* Tags, big-endian, each a multiple of 4 long, up to the end tag. */
  p = packet->data;
  for (;;)
    {
      guint16 tag = get_be16 (p);
      guint16 len = get_be16 (p + 2);

      g_assert_cmpuint (len % 4, ==, 0);
      g_assert_cmpuint (p + 4 + len - packet->data, <=, packet->captured);
      if (tag == 12)
        data_dissector = strncmp ((const char *) p + 4, "data", len) == 0;
      p += 4 + len;
      if (tag == 0)
        break;
    }
  g_assert_true (data_dissector);
  g_assert_cmpmem (p, packet->captured - (p - packet->data), "unix\x00\xff", 6);
  g_assert_cmpuint (packet->original, ==, packet->captured);
}

/* Written twice, the same log is the same bytes: the state is per file. */
static void
test_state_per_file (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GBytes) a = NULL;
  g_autoptr(GBytes) b = NULL;
  g_autoptr(GArray) packets_a = NULL;
  g_autoptr(GArray) packets_b = NULL;
  guint n_stats;
  guint64 n_dropped;

  append (log, SE_EVENT_SEND, SE_PROTOCOL_TCP, 1, "127.0.0.1:1", "127.0.0.1:2", "x", 1, SE_EVENT_DETAIL_TEXT);
  se_traffic_log_flush (log);
  packets_a = export_packets (log, &a, &n_stats, &n_dropped);
  packets_b = export_packets (log, &b, &n_stats, &n_dropped);
  g_assert_true (g_bytes_equal (a, b));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pcapng/tcp-stream", test_tcp_stream);
  g_test_add_func ("/pcapng/both-ends-agree", test_both_ends_agree);
  g_test_add_func ("/pcapng/binary-addresses", test_binary_addresses);
  g_test_add_func ("/pcapng/large-and-cut", test_large_and_cut);
  g_test_add_func ("/pcapng/unix-and-dropped", test_unix_and_dropped);
  g_test_add_func ("/pcapng/state-per-file", test_state_per_file);

  return g_test_run ();
}
