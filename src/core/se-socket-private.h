/* se-socket-private.h: socket helpers shared by listeners and clients
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sys/socket.h>

#include <gio/gio.h>

#include "se-endpoint.h"
#include "se-traffic-log.h"

G_BEGIN_DECLS

/* The largest datagram we read: a UDP datagram cannot be larger. */
#define _SE_DATAGRAM_MAX 65536

typedef struct
{
  struct sockaddr_storage addr;
  socklen_t               len;
} SeSockaddr;

/* addr as SeEventInfo takes it (local_sa, remote_sa). */
static inline const struct sockaddr *
_se_sockaddr_ptr (const SeSockaddr *addr)
{
  return (const struct sockaddr *) &addr->addr;
}

/* socket() with SOCK_NONBLOCK | SOCK_CLOEXEC; -1 with errno on failure. */
int       _se_socket_open              (int          family,
                                        int          type);
/* Fills a native address from an inet address and port, or a Unix path. */
void      _se_sockaddr_from_inet       (SeSockaddr   *out,
                                        GInetAddress *address,
                                        guint16       port);
gboolean  _se_sockaddr_from_unix_path  (SeSockaddr   *out,
                                        const char   *path);
char     *_se_sockaddr_to_string       (const SeSockaddr *addr);
/* getsockname() formatted, or "" */
char     *_se_socket_local_string      (int           fd);
/* Parses "127.0.0.1:5000", "[::1]:5000", or a Unix path into a native address. */
gboolean  _se_sockaddr_parse           (SeSockaddr   *out,
                                        const char   *text,
                                        gboolean      is_unix);
/* A literal address for host ("127.0.0.1", "::1", "localhost" → loopback),
 * or NULL if host is a name that needs a lookup. */
GInetAddress *_se_literal_address      (const char   *host);
/* The kernel's TCP state of fd, from getsockopt(TCP_INFO): one system
 * call, made on the events that change the state (socket, bind, listen,
 * accept, connect, shutdown, close, the peer's FIN), not per read or
 * write. SE_TCP_STATE_NONE if fd is not a TCP socket or the call fails. */
SeTcpState _se_socket_tcp_state        (int           fd);
/* setsockopt() of an int option, logged as a setsockopt event with its
 * return value or errno (log may be NULL). Returns the errno, 0 if it
 * succeeded. */
int       _se_socket_set_option        (int           fd,
                                        SeSockopt     option,
                                        int           value,
                                        SeTrafficLog *log,
                                        SeProtocol    protocol,
                                        guint         connection_id,
                                        const char   *local,
                                        const char   *remote);
/* Logs socket()'s result (fd, or -1 with errsv) as a socket event. */
void      _se_socket_log_open          (SeTrafficLog *log,
                                        SeProtocol    protocol,
                                        guint         connection_id,
                                        int           fd,
                                        int           errsv,
                                        const char   *local,
                                        const char   *remote);
G_END_DECLS
