/* se-pcapng.c: traffic log events as pcapng blocks
 *
 * The log knows what each socket sent and received, not what went over
 * the wire, so the packets are made up the way text2pcap makes them up:
 * TCP and UDP payloads get synthetic IPv4 or IPv6 and TCP or UDP headers
 * with the real addresses and ports, on an interface of link type
 * LINKTYPE_RAW. TCP sequence numbers are counted per connection from an
 * initial number derived from the two addresses, so Wireshark follows
 * each stream, and a listener and its client in the same log (both ends
 * of one connection) tell the same story with the same numbers. A
 * connect or accept becomes the three-way handshake, a shutdown or close
 * a FIN. Checksums are real when the log kept the whole payload, 0 (not
 * computed) when it did not; the packet's original length is then the
 * real one, its captured length what the log kept.
 *
 * Unix sockets have no addresses Wireshark could show in an IP header.
 * Their payloads go to a second interface of link type
 * LINKTYPE_WIRESHARK_UPPER_PDU (Wireshark's "exported PDU"), with tags
 * that hand the bytes to the "data" dissector, put "Unix" in the
 * Protocol column and the socket paths in the Info column; each of those
 * packets also carries the paths as a packet comment.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <arpa/inet.h>
#include <string.h>

#include "se-event-private.h"
#include "se-pcapng-private.h"

/* Option codes of the pcapng specification. */
enum
{
  OPT_END = 0,
  OPT_COMMENT = 1,
  SHB_USERAPPL = 4,
  IF_NAME = 2,
  IF_DESCRIPTION = 3,
  ISB_IFDROP = 5,
};

/* Tags of Wireshark's exported PDU (wsutil/exported_pdu_tlvs.h). */
enum
{
  EXP_PDU_TAG_END_OF_OPT = 0,
  EXP_PDU_TAG_DISSECTOR_NAME = 12,
  EXP_PDU_TAG_COL_PROT_TEXT = 33,
  EXP_PDU_TAG_COL_INFO_TEXT = 36,
};

enum
{
  TCP_FIN = 0x01,
  TCP_SYN = 0x02,
  TCP_PSH = 0x08,
  TCP_ACK = 0x10,
};

enum
{
  DIR_OUT,  /* local → remote: what this side sent */
  DIR_IN,   /* remote → local: what it received */
};

typedef struct
{
  guint8  family;     /* 4 or 6 */
  guint8  addr[16];
  guint16 port;
} InetAddr;

typedef struct
{
  char    *local;     /* the addresses the numbers belong to: a client that */
  char    *remote;    /* connects again starts a new flow */
  guint32  next_seq[2];
  gboolean fin[2];
} Flow;

struct _SePcapngState
{
  GHashTable *flows;  /* connection id → Flow */
  guint16     ip_id;
};

/* Blocks */

static inline void
append_u16 (GString *out,
            guint16  value)
{
  g_string_append_len (out, (const char *) &value, sizeof value);
}

static inline void
append_u32 (GString *out,
            guint32  value)
{
  g_string_append_len (out, (const char *) &value, sizeof value);
}

static inline void
append_padding (GString *out,
                gsize    len)
{
  static const char zeros[4] = { 0 };

  if (len % 4 != 0)
    g_string_append_len (out, zeros, 4 - len % 4);
}

static void
append_option (GString    *out,
               guint16     code,
               const void *value,
               gsize       len)
{
  len = MIN (len, G_MAXUINT16 & ~3u);
  append_u16 (out, code);
  append_u16 (out, (guint16) len);
  g_string_append_len (out, value, len);
  append_padding (out, len);
}

static void
append_string_option (GString    *out,
                      guint16     code,
                      const char *value)
{
  if (value != NULL && value[0] != '\0')
    append_option (out, code, value, strlen (value));
}

static void
append_end_of_options (GString *out)
{
  append_u16 (out, OPT_END);
  append_u16 (out, 0);
}

/* Every block: type, total length, body, total length again. */
static gsize
block_begin (GString *out,
             guint32  type)
{
  gsize start = out->len;

  append_u32 (out, type);
  append_u32 (out, 0);  /* filled in by block_end() */
  return start;
}

static void
block_end (GString *out,
           gsize    start)
{
  guint32 total = (guint32) (out->len - start + 4);

  g_assert ((out->len - start) % 4 == 0);
  append_u32 (out, total);
  memcpy (out->str + start + 4, &total, sizeof total);
}

void
_se_pcapng_append_section_header (GString    *out,
                                  const char *application)
{
  gsize start = block_begin (out, SE_PCAPNG_BLOCK_SECTION_HEADER);
  gint64 section_length = -1;  /* not given: the file is written as it goes */

  append_u32 (out, SE_PCAPNG_BYTE_ORDER_MAGIC);
  append_u16 (out, 1);  /* major version */
  append_u16 (out, 0);  /* minor version */
  g_string_append_len (out, (const char *) &section_length, sizeof section_length);
  append_string_option (out, SHB_USERAPPL, application);
  append_end_of_options (out);
  block_end (out, start);
}

void
_se_pcapng_append_interface (GString    *out,
                             guint16     link_type,
                             const char *name,
                             const char *description)
{
  gsize start = block_begin (out, SE_PCAPNG_BLOCK_INTERFACE);

  append_u16 (out, link_type);
  append_u16 (out, 0);       /* reserved */
  append_u32 (out, 0);       /* snap length: no limit */
  append_string_option (out, IF_NAME, name);
  append_string_option (out, IF_DESCRIPTION, description);
  /* No if_tsresol: the default, microseconds, is the log's. */
  append_end_of_options (out);
  block_end (out, start);
}

void
_se_pcapng_append_packet (GString      *out,
                          guint32       interface_id,
                          gint64        time_us,
                          const guint8 *header,
                          gsize         header_len,
                          const guint8 *data,
                          gsize         data_len,
                          guint64       original_len,
                          const char   *comment)
{
  gsize start = block_begin (out, SE_PCAPNG_BLOCK_ENHANCED_PACKET);
  guint64 time = (guint64) MAX (time_us, 0);
  gsize captured = header_len + data_len;

  append_u32 (out, interface_id);
  append_u32 (out, (guint32) (time >> 32));
  append_u32 (out, (guint32) time);
  append_u32 (out, (guint32) captured);
  append_u32 (out, (guint32) MIN (MAX (original_len, captured), G_MAXUINT32));
  g_string_append_len (out, (const char *) header, header_len);
  if (data_len > 0)
    g_string_append_len (out, (const char *) data, data_len);
  append_padding (out, captured);
  if (comment != NULL && comment[0] != '\0')
    {
      append_string_option (out, OPT_COMMENT, comment);
      append_end_of_options (out);
    }
  block_end (out, start);
}

void
_se_pcapng_append_statistics (GString    *out,
                              guint32     interface_id,
                              gint64      time_us,
                              guint64     n_dropped,
                              const char *comment)
{
  gsize start = block_begin (out, SE_PCAPNG_BLOCK_INTERFACE_STATS);
  guint64 time = (guint64) MAX (time_us, 0);

  append_u32 (out, interface_id);
  append_u32 (out, (guint32) (time >> 32));
  append_u32 (out, (guint32) time);
  append_string_option (out, OPT_COMMENT, comment);
  if (n_dropped > 0)
    append_option (out, ISB_IFDROP, &n_dropped, sizeof n_dropped);
  append_end_of_options (out);
  block_end (out, start);
}

/* Checksums */

guint32
_se_pcapng_checksum_add (guint32       sum,
                         const guint8 *data,
                         gsize         len)
{
  guint64 wide = sum;
  gsize i = 0;

  /* Big-endian 16-bit words, four at a time. */
  for (; i + 8 <= len; i += 8)
    wide += ((guint32) data[i] << 8 | data[i + 1]) +
            ((guint32) data[i + 2] << 8 | data[i + 3]) +
            ((guint32) data[i + 4] << 8 | data[i + 5]) +
            ((guint32) data[i + 6] << 8 | data[i + 7]);
  for (; i + 2 <= len; i += 2)
    wide += (guint32) data[i] << 8 | data[i + 1];
  if (i < len)
    wide += (guint32) data[i] << 8;

  while (wide >> 16)
    wide = (wide & 0xffff) + (wide >> 16);
  return (guint32) wide;
}

guint16
_se_pcapng_checksum_fold (guint32 sum)
{
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return (guint16) sum;
}

/* Synthetic headers */

static inline void
put_u16 (guint8  *p,
         guint16  value)
{
  p[0] = (guint8) (value >> 8);
  p[1] = (guint8) value;
}

static inline void
put_u32 (guint8  *p,
         guint32  value)
{
  p[0] = (guint8) (value >> 24);
  p[1] = (guint8) (value >> 16);
  p[2] = (guint8) (value >> 8);
  p[3] = (guint8) value;
}

/* "127.0.0.1:5000", "[::1]:5000", "[fe80::1%eth0]:5000" */
static gboolean
parse_inet (const char *text,
            InetAddr   *addr)
{
  const char *colon;
  const char *host;
  gsize host_len;
  char buffer[INET6_ADDRSTRLEN + 1];
  char *end = NULL;
  guint64 port;
  char *percent;

  if (text == NULL || (colon = strrchr (text, ':')) == NULL || colon[1] == '\0')
    return FALSE;

  port = g_ascii_strtoull (colon + 1, &end, 10);
  if (*end != '\0' || port > G_MAXUINT16)
    return FALSE;

  host = text;
  host_len = colon - text;
  if (host_len >= 2 && host[0] == '[' && host[host_len - 1] == ']')
    {
      host++;
      host_len -= 2;
    }
  if (host_len == 0 || host_len >= sizeof buffer)
    return FALSE;
  memcpy (buffer, host, host_len);
  buffer[host_len] = '\0';
  if ((percent = strchr (buffer, '%')) != NULL)
    *percent = '\0';

  memset (addr->addr, 0, sizeof addr->addr);
  if (inet_pton (AF_INET, buffer, addr->addr) == 1)
    addr->family = 4;
  else if (inet_pton (AF_INET6, buffer, addr->addr) == 1)
    addr->family = 6;
  else
    return FALSE;
  addr->port = (guint16) port;

  return TRUE;
}

/* The event's local or remote address: from the bytes the log kept
 * where it has them, else from the text. */
static gboolean
event_inet (SeEvent  *event,
            gboolean  remote,
            InetAddr *addr)
{
  gsize len = 0;
  const guint8 *sa = _se_event_get_sockaddr (event, remote, &len);
  struct sockaddr_in sin;
  struct sockaddr_in6 sin6;

  if (sa == NULL)
    return parse_inet (remote ? se_event_get_remote (event) : se_event_get_local (event), addr);

  /* Copies: the log's bytes need not be aligned for the structs. */
  memset (addr->addr, 0, sizeof addr->addr);
  if (len >= sizeof sin && ((const struct sockaddr *) sa)->sa_family == AF_INET)
    {
      memcpy (&sin, sa, sizeof sin);
      addr->family = 4;
      memcpy (addr->addr, &sin.sin_addr, 4);
      addr->port = ntohs (sin.sin_port);
      return TRUE;
    }
  if (len >= sizeof sin6 && ((const struct sockaddr *) sa)->sa_family == AF_INET6)
    {
      memcpy (&sin6, sa, sizeof sin6);
      addr->family = 6;
      memcpy (addr->addr, &sin6.sin6_addr, 16);
      addr->port = ntohs (sin6.sin6_port);
      return TRUE;
    }
  return FALSE;
}

/* ::ffff:a.b.c.d, for a pair of addresses of both families. */
static void
map_to_ipv6 (InetAddr *addr)
{
  guint8 v4[4];

  if (addr->family != 4)
    return;
  memcpy (v4, addr->addr, 4);
  memset (addr->addr, 0, 16);
  addr->addr[10] = 0xff;
  addr->addr[11] = 0xff;
  memcpy (addr->addr + 12, v4, 4);
  addr->family = 6;
}

/* One TCP segment or UDP datagram of size bytes, data_len of them known. */
static void
append_inet_packet (SePcapngState  *state,
                    GString        *out,
                    gint64          time_us,
                    gboolean        tcp,
                    const InetAddr *src,
                    const InetAddr *dst,
                    guint8          flags,
                    guint32         seq,
                    guint32         ack,
                    const guint8   *data,
                    gsize           data_len,
                    guint64         size)
{
  guint8 header[40 + 20] = { 0 };
  gsize ip_len = src->family == 4 ? 20 : 40;
  gsize l4_len = tcp ? 20 : 8;
  guint8 *l4 = header + ip_len;
  guint8 proto = tcp ? 6 : 17;
  guint64 l4_total = l4_len + size;
  gsize addr_len = src->family == 4 ? 4 : 16;

  if (src->family == 4)
    {
      header[0] = 0x45;
      put_u16 (header + 2, (guint16) MIN (ip_len + l4_total, G_MAXUINT16));
      put_u16 (header + 4, state->ip_id++);
      put_u16 (header + 6, 0x4000);  /* don't fragment */
      header[8] = 64;
      header[9] = proto;
      memcpy (header + 12, src->addr, 4);
      memcpy (header + 16, dst->addr, 4);
      put_u16 (header + 10, (guint16) ~_se_pcapng_checksum_fold (_se_pcapng_checksum_add (0, header, 20)));
    }
  else
    {
      header[0] = 0x60;
      put_u16 (header + 4, (guint16) MIN (l4_total, G_MAXUINT16));
      header[6] = proto;
      header[7] = 64;
      memcpy (header + 8, src->addr, 16);
      memcpy (header + 24, dst->addr, 16);
    }

  put_u16 (l4, src->port);
  put_u16 (l4 + 2, dst->port);
  if (tcp)
    {
      put_u32 (l4 + 4, seq);
      put_u32 (l4 + 8, (flags & TCP_ACK) ? ack : 0);
      l4[12] = 5 << 4;       /* data offset: 20 bytes, no options */
      l4[13] = flags;
      put_u16 (l4 + 14, 65535);  /* window */
    }
  else
    {
      put_u16 (l4 + 4, (guint16) MIN (l4_total, G_MAXUINT16));
    }

  /* The checksum needs every byte: without them it is 0, "not computed". */
  if (data_len == size && l4_total <= G_MAXUINT16)
    {
      guint8 pseudo[4];
      guint32 sum;
      guint16 checksum;

      /* Pseudo-header: the addresses, the protocol, the length. */
      sum = _se_pcapng_checksum_add (0, src->family == 4 ? header + 12 : header + 8, 2 * addr_len);
      put_u16 (pseudo, proto);
      put_u16 (pseudo + 2, (guint16) l4_total);
      sum = _se_pcapng_checksum_add (sum, pseudo, 4);
      sum = _se_pcapng_checksum_add (sum, l4, l4_len);
      sum = _se_pcapng_checksum_add (sum, data, data_len);
      checksum = (guint16) ~_se_pcapng_checksum_fold (sum);
      if (!tcp && checksum == 0)
        checksum = 0xffff;  /* UDP: 0 would mean "none" */
      put_u16 (l4 + (tcp ? 16 : 6), checksum);
    }

  _se_pcapng_append_packet (out, SE_PCAPNG_INTERFACE_IP, time_us,
                            header, ip_len + l4_len, data, data_len,
                            ip_len + l4_total, NULL);
}

/* Unix sockets */

static void
append_tag (GString    *out,
            guint16     tag,
            const char *value)
{
  gsize len = strlen (value);
  gsize padded = (len + 3) & ~(gsize) 3;
  guint8 head[4];

  /* Big-endian, unlike the blocks; the NULs that pad a string to 32 bits
   * count in its length, as Wireshark writes them. */
  padded = MIN (padded, G_MAXUINT16 & ~3u);
  len = MIN (len, padded);
  put_u16 (head, tag);
  put_u16 (head + 2, (guint16) padded);
  g_string_append_len (out, (const char *) head, 4);
  g_string_append_len (out, value, len);
  for (gsize i = len; i < padded; i++)
    g_string_append_c (out, '\0');
}

static void
append_unix_packet (GString      *out,
                    SeEvent      *event,
                    gboolean      sent,
                    const guint8 *data,
                    gsize         data_len)
{
  g_autoptr(GString) tags = g_string_sized_new (128);
  g_autofree char *info = NULL;
  const char *local = se_event_get_local (event);
  const char *remote = se_event_get_remote (event);
  SeProtocol protocol = se_event_get_protocol (event);

  /* An unbound client socket has no path: say so rather than nothing. */
  if (local[0] == '\0')
    local = "(unnamed)";
  if (remote[0] == '\0')
    remote = "(unnamed)";
  info = g_strdup_printf ("%s %s #%u %s %s %s",
                          se_event_kind_to_string (se_event_get_kind (event)),
                          se_protocol_to_string (protocol),
                          se_event_get_connection_id (event),
                          sent ? local : remote,
                          "\xe2\x86\x92",  /* → */
                          sent ? remote : local);

  append_tag (tags, EXP_PDU_TAG_DISSECTOR_NAME, "data");
  append_tag (tags, EXP_PDU_TAG_COL_PROT_TEXT, protocol == SE_PROTOCOL_UNIX ? "Unix" : "Unix-dgram");
  append_tag (tags, EXP_PDU_TAG_COL_INFO_TEXT, info);
  g_string_append_len (tags, "\0\0\0\0", 4);  /* end of tags */

  _se_pcapng_append_packet (out, SE_PCAPNG_INTERFACE_UNIX, se_event_get_time (event),
                            (const guint8 *) tags->str, tags->len, data, data_len,
                            tags->len + se_event_get_size (event), info);
}

/* TCP flows */

static void
flow_free (gpointer data)
{
  Flow *flow = data;

  g_free (flow->local);
  g_free (flow->remote);
  g_free (flow);
}

/* The first sequence number of one direction: the same for both ends'
 * views of it, different for every pair of addresses. */
static guint32
initial_sequence (const char *from,
                  const char *to)
{
  return g_str_hash (from) * 31u + g_str_hash (to) * 0x9e3779b1u;
}

static Flow *
lookup_flow (SePcapngState *state,
             guint          connection_id,
             const char    *local,
             const char    *remote,
             gboolean       fresh)
{
  Flow *flow = g_hash_table_lookup (state->flows, GUINT_TO_POINTER (connection_id));

  if (flow != NULL && !fresh &&
      g_str_equal (flow->local, local) && g_str_equal (flow->remote, remote))
    return flow;

  flow = g_new0 (Flow, 1);
  flow->local = g_strdup (local);
  flow->remote = g_strdup (remote);
  /* Data starts one past the SYN's number, whether the SYN is in the
   * file or not. */
  flow->next_seq[DIR_OUT] = initial_sequence (local, remote) + 1;
  flow->next_seq[DIR_IN] = initial_sequence (remote, local) + 1;
  g_hash_table_replace (state->flows, GUINT_TO_POINTER (connection_id), flow);

  return flow;
}

static void
append_segment (SePcapngState  *state,
                GString        *out,
                gint64          time_us,
                const InetAddr  addrs[2],  /* local, remote */
                Flow           *flow,
                int             dir,
                guint8          flags,
                const guint8   *data,
                gsize           data_len,
                guint64         size)
{
  const InetAddr *src = dir == DIR_OUT ? &addrs[0] : &addrs[1];
  const InetAddr *dst = dir == DIR_OUT ? &addrs[1] : &addrs[0];

  append_inet_packet (state, out, time_us, TRUE, src, dst, flags,
                      flow->next_seq[dir], flow->next_seq[!dir],
                      data, data_len, size);
  flow->next_seq[dir] += (guint32) size + ((flags & (TCP_SYN | TCP_FIN)) ? 1 : 0);
}

static void
append_handshake (SePcapngState  *state,
                  GString        *out,
                  gint64          time_us,
                  const InetAddr  addrs[2],
                  Flow           *flow,
                  int             opener)
{
  /* Back to the SYNs' own numbers. */
  flow->next_seq[DIR_OUT]--;
  flow->next_seq[DIR_IN]--;
  append_segment (state, out, time_us, addrs, flow, opener, TCP_SYN, NULL, 0, 0);
  append_segment (state, out, time_us, addrs, flow, !opener, TCP_SYN | TCP_ACK, NULL, 0, 0);
  append_segment (state, out, time_us, addrs, flow, opener, TCP_ACK, NULL, 0, 0);
}

static void
write_tcp_event (SePcapngState  *state,
                 SeEvent        *event,
                 const InetAddr  addrs[2],
                 const guint8   *data,
                 gsize           data_len,
                 GString        *out)
{
  SeEventKind kind = se_event_get_kind (event);
  guint id = se_event_get_connection_id (event);
  const char *local = se_event_get_local (event);
  const char *remote = se_event_get_remote (event);
  gint64 time_us = se_event_get_time (event);
  guint64 size = se_event_get_size (event);
  Flow *flow;

  switch ((int) kind)
    {
    case SE_EVENT_CONNECT:
    case SE_EVENT_ACCEPT:
      /* A relay's note that ties its legs is no handshake: each leg's
       * own accept() and connect() are */
      if (se_event_get_relayed_to (event) != 0)
        break;
      flow = lookup_flow (state, id, local, remote, TRUE);
      append_handshake (state, out, time_us, addrs, flow,
                        kind == SE_EVENT_CONNECT ? DIR_OUT : DIR_IN);
      break;

    case SE_EVENT_SEND:
    case SE_EVENT_RECEIVE:
      {
        int dir = kind == SE_EVENT_SEND ? DIR_OUT : DIR_IN;
        guint64 offset = 0;

        flow = lookup_flow (state, id, local, remote, FALSE);
        /* One segment per event, unless IP cannot carry it in one. */
        do
          {
            guint64 chunk = MIN (size - offset, SE_PCAPNG_MAX_SEGMENT);
            gsize kept = offset < data_len ? (gsize) MIN (data_len - offset, chunk) : 0;

            append_segment (state, out, time_us, addrs, flow, dir, TCP_PSH | TCP_ACK,
                            kept > 0 ? data + offset : NULL, kept, chunk);
            offset += chunk;
          }
        while (offset < size);
      }
      break;

    case SE_EVENT_SHUTDOWN:
      {
        SeEventDetailCode code = se_event_get_detail_code (event);
        int dir;

        if (code == SE_EVENT_DETAIL_SHUT_WR)
          dir = DIR_OUT;
        else if (code == SE_EVENT_DETAIL_PEER_EOF)
          dir = DIR_IN;
        else
          break;
        flow = lookup_flow (state, id, local, remote, FALSE);
        if (!flow->fin[dir])
          append_segment (state, out, time_us, addrs, flow, dir, TCP_FIN | TCP_ACK, NULL, 0, 0);
        flow->fin[dir] = TRUE;
      }
      break;

    case SE_EVENT_CLOSE:
      flow = lookup_flow (state, id, local, remote, FALSE);
      if (!flow->fin[DIR_OUT])
        append_segment (state, out, time_us, addrs, flow, DIR_OUT, TCP_FIN | TCP_ACK, NULL, 0, 0);
      g_hash_table_remove (state->flows, GUINT_TO_POINTER (id));
      break;

    default:
      break;
    }
}

/* State */

SePcapngState *
_se_pcapng_state_new (void)
{
  SePcapngState *state = g_new0 (SePcapngState, 1);

  state->flows = g_hash_table_new_full (NULL, NULL, NULL, flow_free);
  return state;
}

void
_se_pcapng_state_free (SePcapngState *state)
{
  if (state == NULL)
    return;

  g_hash_table_unref (state->flows);
  g_free (state);
}

void
_se_pcapng_write_event (SePcapngState *state,
                        SeEvent       *event,
                        GString       *out)
{
  SeEventKind kind = se_event_get_kind (event);
  SeProtocol protocol = se_event_get_protocol (event);
  GBytes *bytes = se_event_get_data (event);
  const guint8 *data = NULL;
  gsize data_len = 0;
  InetAddr addrs[2];

  g_return_if_fail (state != NULL);
  g_return_if_fail (SE_IS_EVENT (event));

  if (bytes != NULL)
    data = g_bytes_get_data (bytes, &data_len);

  switch ((int) protocol)
    {
    case SE_PROTOCOL_TCP:
    case SE_PROTOCOL_UDP:
      if (!event_inet (event, FALSE, &addrs[0]) ||
          !event_inet (event, TRUE, &addrs[1]))
        return;
      if (addrs[0].family != addrs[1].family)
        {
          map_to_ipv6 (&addrs[0]);
          map_to_ipv6 (&addrs[1]);
        }
      if (protocol == SE_PROTOCOL_TCP)
        write_tcp_event (state, event, addrs, data, data_len, out);
      else if (kind == SE_EVENT_SEND || kind == SE_EVENT_RECEIVE)
        append_inet_packet (state, out, se_event_get_time (event), FALSE,
                            kind == SE_EVENT_SEND ? &addrs[0] : &addrs[1],
                            kind == SE_EVENT_SEND ? &addrs[1] : &addrs[0],
                            0, 0, 0, data, data_len, se_event_get_size (event));
      break;

    case SE_PROTOCOL_UNIX:
    case SE_PROTOCOL_UNIX_DGRAM:
      if (kind == SE_EVENT_SEND || kind == SE_EVENT_RECEIVE)
        append_unix_packet (out, event, kind == SE_EVENT_SEND, data, data_len);
      break;

    default:
      break;
    }
}
