/* se-pcapng-private.h: traffic log events as pcapng blocks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "se-event.h"

G_BEGIN_DECLS

/* Block types and link types of the pcapng specification
 * (draft-ietf-opsawg-pcapng) and the tcpdump.org link-type list. */
#define SE_PCAPNG_BLOCK_SECTION_HEADER     0x0A0D0D0Au
#define SE_PCAPNG_BLOCK_INTERFACE          0x00000001u
#define SE_PCAPNG_BLOCK_INTERFACE_STATS    0x00000005u
#define SE_PCAPNG_BLOCK_ENHANCED_PACKET    0x00000006u
#define SE_PCAPNG_BYTE_ORDER_MAGIC         0x1A2B3C4Du

#define SE_PCAPNG_LINKTYPE_RAW             101  /* raw IPv4 or IPv6, by the version nibble */
#define SE_PCAPNG_LINKTYPE_UPPER_PDU       252  /* Wireshark's exported PDU: tags, then the bytes */

/* The interfaces every file declares, in this order: TCP and UDP as
 * synthetic IP packets, Unix sockets as exported PDUs for the "data"
 * dissector (they have no IP header to fake). */
enum
{
  SE_PCAPNG_INTERFACE_IP,
  SE_PCAPNG_INTERFACE_UNIX,
  SE_PCAPNG_N_INTERFACES,
};

/* The largest TCP payload of one synthetic segment (what fits in an IPv4
 * packet of 65535 bytes); a larger send or receive becomes several. */
#define SE_PCAPNG_MAX_SEGMENT (65535 - 20 - 20)

/* Blocks, appended to out in the host's byte order (the section header's
 * magic says which), each padded to 32 bits. */
void  _se_pcapng_append_section_header (GString      *out,
                                        const char   *application);
void  _se_pcapng_append_interface      (GString      *out,
                                        guint16       link_type,
                                        const char   *name,
                                        const char   *description);
/* One packet: header (the synthetic IP/TCP/UDP or exported-PDU header)
 * then data; original_len is the length of the packet on the wire, more
 * than header_len + data_len when the log kept only part of the payload.
 * comment may be NULL. */
void  _se_pcapng_append_packet         (GString      *out,
                                        guint32       interface_id,
                                        gint64        time_us,
                                        const guint8 *header,
                                        gsize         header_len,
                                        const guint8 *data,
                                        gsize         data_len,
                                        guint64       original_len,
                                        const char   *comment);
/* Interface statistics: n_dropped events that are not in the file (0:
 * none said), and a comment (may be NULL). */
void  _se_pcapng_append_statistics     (GString      *out,
                                        guint32       interface_id,
                                        gint64        time_us,
                                        guint64       n_dropped,
                                        const char   *comment);

/* The Internet checksum of a buffer, folded, not complemented: sums of
 * parts add up (with _se_pcapng_checksum_fold()). */
guint32 _se_pcapng_checksum_add        (guint32       sum,
                                        const guint8 *data,
                                        gsize         len);
guint16 _se_pcapng_checksum_fold       (guint32       sum);

/* What turns events into packets: TCP sequence numbers per connection,
 * so that Wireshark follows each stream. */
typedef struct _SePcapngState SePcapngState;

SePcapngState *_se_pcapng_state_new    (void);
void           _se_pcapng_state_free   (SePcapngState *state);
/* The packets of one event, if it has any: a send or receive (one
 * segment or datagram, more past SE_PCAPNG_MAX_SEGMENT), a TCP connect
 * or accept (SYN, SYN-ACK, ACK), shutdown or close (FIN). Other events
 * (listen, bind, error, resolve…) have none. */
void           _se_pcapng_write_event  (SePcapngState *state,
                                        SeEvent       *event,
                                        GString       *out);

G_END_DECLS
