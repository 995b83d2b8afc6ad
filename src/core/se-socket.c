/* se-socket.c: socket helpers shared by listeners and clients
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <string.h>
#include <sys/time.h>
#include <sys/un.h>
#include <netinet/in.h>

#include "se-socket-private.h"

int
_se_socket_open (int family,
                 int type)
{
  return socket (family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
}

void
_se_sockaddr_from_inet (SeSockaddr   *out,
                        GInetAddress *address,
                        guint16       port)
{
  g_autoptr(GSocketAddress) sa = g_inet_socket_address_new (address, port);
  gssize len = g_socket_address_get_native_size (sa);

  memset (out, 0, sizeof *out);
  g_assert (len > 0 && (gsize) len <= sizeof out->addr);
  g_socket_address_to_native (sa, &out->addr, len, NULL);
  out->len = len;
}

gboolean
_se_sockaddr_from_unix_path (SeSockaddr *out,
                             const char *path)
{
  struct sockaddr_un *sun = (struct sockaddr_un *)&out->addr;
  gsize len = strlen (path);

  memset (out, 0, sizeof *out);
  if (len == 0 || len >= sizeof sun->sun_path)
    return FALSE;

  sun->sun_family = AF_UNIX;
  memcpy (sun->sun_path, path, len);
  out->len = offsetof (struct sockaddr_un, sun_path) + len + 1;
  return TRUE;
}

char *
_se_sockaddr_to_string (const SeSockaddr *addr)
{
  return se_format_sockaddr (&addr->addr, addr->len);
}

char *
_se_socket_local_string (int fd)
{
  SeSockaddr addr;

  addr.len = sizeof addr.addr;
  if (getsockname (fd, (struct sockaddr *)&addr.addr, &addr.len) != 0)
    return g_strdup ("");
  return _se_sockaddr_to_string (&addr);
}

gboolean
_se_sockaddr_parse (SeSockaddr *out,
                    const char *text,
                    gboolean    is_unix)
{
  g_autofree char *host = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  const char *colon;
  guint64 port;
  char *end = NULL;

  if (is_unix)
    return _se_sockaddr_from_unix_path (out, text);

  colon = strrchr (text, ':');
  if (colon == NULL)
    return FALSE;

  if (text[0] == '[')
    {
      if (colon == text || colon[-1] != ']')
        return FALSE;
      host = g_strndup (text + 1, colon - text - 2);
    }
  else
    host = g_strndup (text, colon - text);

  port = g_ascii_strtoull (colon + 1, &end, 10);
  if (end == colon + 1 || *end != '\0' || port > 65535)
    return FALSE;

  inet = g_inet_address_new_from_string (host);
  if (inet == NULL)
    return FALSE;

  _se_sockaddr_from_inet (out, inet, port);
  return TRUE;
}

GInetAddress *
_se_literal_address (const char *host)
{
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);

  return g_inet_address_new_from_string (host);
}

SeTcpState
_se_socket_tcp_state (int fd)
{
  struct tcp_info info;
  socklen_t len = sizeof info;

  if (fd < 0)
    return SE_TCP_STATE_NONE;

  /* The kernel copies at most len bytes; tcpi_state is the first. */
  if (getsockopt (fd, IPPROTO_TCP, TCP_INFO, &info, &len) != 0 || len < 1 ||
      info.tcpi_state == 0 || info.tcpi_state >= SE_TCP_STATE_N_STATES)
    return SE_TCP_STATE_NONE;

  return (SeTcpState) info.tcpi_state;
}

int
_se_socket_set_option (int           fd,
                       SeSockopt     option,
                       int           value,
                       SeTrafficLog *log,
                       SeProtocol    protocol,
                       guint         connection_id,
                       const char   *local,
                       const char   *remote)
{
  int level = SOL_SOCKET;
  int name;
  int errsv = 0;
  int rc;
  struct timeval timeout;
  gconstpointer optval = &value;
  socklen_t optlen = sizeof value;

  switch (option)
    {
    case SE_SOCKOPT_SO_REUSEADDR: name = SO_REUSEADDR; break;
    case SE_SOCKOPT_SO_RCVBUF: name = SO_RCVBUF; break;
    case SE_SOCKOPT_SO_RCVBUFFORCE: name = SO_RCVBUFFORCE; break;
    case SE_SOCKOPT_SO_SNDBUF: name = SO_SNDBUF; break;
    case SE_SOCKOPT_SO_BROADCAST: name = SO_BROADCAST; break;
    case SE_SOCKOPT_SO_KEEPALIVE: name = SO_KEEPALIVE; break;
    case SE_SOCKOPT_TCP_NODELAY: level = IPPROTO_TCP; name = TCP_NODELAY; break;
    case SE_SOCKOPT_IPV6_V6ONLY: level = IPPROTO_IPV6; name = IPV6_V6ONLY; break;
    case SE_SOCKOPT_IP_MULTICAST_TTL: level = IPPROTO_IP; name = IP_MULTICAST_TTL; break;
    case SE_SOCKOPT_IP_MULTICAST_LOOP: level = IPPROTO_IP; name = IP_MULTICAST_LOOP; break;
    case SE_SOCKOPT_IPV6_MULTICAST_HOPS: level = IPPROTO_IPV6; name = IPV6_MULTICAST_HOPS; break;
    case SE_SOCKOPT_IPV6_MULTICAST_LOOP: level = IPPROTO_IPV6; name = IPV6_MULTICAST_LOOP; break;
    case SE_SOCKOPT_SO_RCVTIMEO:
    case SE_SOCKOPT_SO_SNDTIMEO:
      /* value is in milliseconds; the kernel takes a struct timeval */
      name = option == SE_SOCKOPT_SO_RCVTIMEO ? SO_RCVTIMEO : SO_SNDTIMEO;
      timeout.tv_sec = MAX (value, 0) / 1000;
      timeout.tv_usec = (MAX (value, 0) % 1000) * 1000;
      optval = &timeout;
      optlen = sizeof timeout;
      break;
    case SE_SOCKOPT_SO_LINGER:
    case SE_SOCKOPT_NONE:
    default:
      g_return_val_if_reached (EINVAL);
    }

  rc = setsockopt (fd, level, name, optval, optlen);
  if (rc != 0)
    errsv = errno;

  if (log != NULL)
    {
      SeEventInfo info = {
        .kind = SE_EVENT_SETSOCKOPT,
        .protocol = protocol,
        .connection_id = connection_id,
        .local = local,
        .remote = remote,
        .call = SE_CALL_SETSOCKOPT,
        .ret = rc,
        .error_number = errsv,
        .asked = (guint32) MAX (value, 0),
        .option = option,
      };

      se_traffic_log_append_info (log, &info);
    }

  return errsv;
}

void
_se_socket_log_open (SeTrafficLog *log,
                     SeProtocol    protocol,
                     guint         connection_id,
                     int           fd,
                     int           errsv,
                     const char   *local,
                     const char   *remote)
{
  SeEventInfo info = {
    .kind = SE_EVENT_SOCKET,
    .protocol = protocol,
    .connection_id = connection_id,
    .local = local,
    .remote = remote,
    .call = SE_CALL_SOCKET,
    .ret = fd,
    .error_number = fd < 0 ? errsv : 0,
  };

  if (log == NULL)
    return;
  if (protocol == SE_PROTOCOL_TCP && fd >= 0)
    info.tcp_state = _se_socket_tcp_state (fd);
  se_traffic_log_append_info (log, &info);
}
