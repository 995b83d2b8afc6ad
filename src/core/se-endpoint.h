/* se-endpoint.h: endpoint notation (tcp://HOST:PORT, tls://…, udp://…, unix://…, unix-dgram://…)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  SE_PROTOCOL_TCP,
  SE_PROTOCOL_UDP,
  SE_PROTOCOL_UNIX,        /* Unix stream */
  SE_PROTOCOL_UNIX_DGRAM,  /* Unix datagram */
  /* Only for events that involve no socket, such as name lookups: no
   * endpoint has it, and se_protocol_to_string() does not accept it. */
  SE_PROTOCOL_NONE,
} SeProtocol;

#define SE_UNIX_PATH_MAX 107   /* sizeof (sun_path) - 1 on Linux */

#define SE_TYPE_ENDPOINT (se_endpoint_get_type ())

/* An immutable, reference-counted endpoint. For TCP and UDP it has a host
 * (a name or a literal address, without brackets) and a port (0 = "let the
 * system choose"); for the Unix kinds it has a path. */
typedef struct _SeEndpoint SeEndpoint;

GType        se_endpoint_get_type      (void) G_GNUC_CONST;
SeEndpoint  *se_endpoint_parse         (const char   *text,
                                        GError      **error);
SeEndpoint  *se_endpoint_new_inet      (SeProtocol    protocol,
                                        const char   *host,
                                        guint16       port);
SeEndpoint  *se_endpoint_new_unix      (SeProtocol    protocol,
                                        const char   *path);
SeEndpoint  *se_endpoint_ref           (SeEndpoint   *self);
void         se_endpoint_unref         (SeEndpoint   *self);
SeProtocol   se_endpoint_get_protocol  (const SeEndpoint *self);
const char  *se_endpoint_get_host      (const SeEndpoint *self);
guint16      se_endpoint_get_port      (const SeEndpoint *self);
const char  *se_endpoint_get_path      (const SeEndpoint *self);
gboolean     se_endpoint_is_stream     (const SeEndpoint *self);
gboolean     se_endpoint_is_unix       (const SeEndpoint *self);
char        *se_endpoint_to_string     (const SeEndpoint *self);
char        *se_endpoint_to_address    (const SeEndpoint *self);
SeEndpoint  *se_endpoint_with_port     (const SeEndpoint *self,
                                        guint16       port);
/* tls://HOST:PORT is a TCP endpoint with TLS on top of the connection. */
SeEndpoint  *se_endpoint_with_tls      (const SeEndpoint *self,
                                        gboolean      tls);
gboolean     se_endpoint_get_tls       (const SeEndpoint *self);
gboolean     se_endpoint_equal         (const SeEndpoint *a,
                                        const SeEndpoint *b);

const char  *se_protocol_to_string     (SeProtocol    protocol);  /* "tcp", "udp", "unix", "unix-dgram" */
gboolean     se_protocol_from_string   (const char   *text,
                                        SeProtocol   *protocol);
gboolean     se_protocol_is_stream     (SeProtocol    protocol);

/* Formats a native socket address in endpoint-address form:
 * "127.0.0.1:7000", "[::1]:7000", "/tmp/x.sock", "(unnamed)" or
 * "@abstract" for an autobound Unix socket. */
char        *se_format_sockaddr        (gconstpointer sockaddr,
                                        gsize         len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeEndpoint, se_endpoint_unref)

G_END_DECLS
