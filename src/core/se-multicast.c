/* se-multicast.c: joining multicast groups, and the options of datagram
 * sockets that send to groups or broadcast addresses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <net/if.h>
#include <netinet/in.h>

#include <glib/gi18n-lib.h>

#include "se-error.h"
#include "se-multicast-private.h"

static gboolean
parse_address (const char    *text,
               GInetAddress **out)
{
  *out = g_inet_address_new_from_string (text);
  return *out != NULL;
}

gboolean
_se_multicast_parse (const char      *text,
                     SeMulticastJoin *out,
                     GError         **error)
{
  g_autofree char *group_text = NULL;
  g_autoptr(GInetAddress) group = NULL;
  g_autoptr(GInetAddress) source = NULL;
  g_autofree char *iface = NULL;
  const char *slash;
  const char *at;
  GString *described;

  g_return_val_if_fail (text != NULL, FALSE);

  memset (out, 0, sizeof *out);

  slash = strchr (text, '/');
  at = strchr (text, '@');
  if (at != NULL && slash != NULL && at > slash)
    at = NULL;
  group_text = g_strndup (text, at != NULL ? (gsize) (at - text) : slash != NULL ? (gsize) (slash - text) : strlen (text));

  if (!parse_address (group_text, &group))
    {
      g_set_error (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
                   /* Translators: %s is what the user gave, e.g. "239.1.2.x" */
                   _("“%s” is not an address: a group is written like 239.1.2.3 or ff02::1234, optionally followed by @INTERFACE and /SOURCE"),
                   group_text);
      return FALSE;
    }
  if (!g_inet_address_get_is_multicast (group))
    {
      g_set_error (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
                   /* Translators: %s is an address such as 10.0.0.1 */
                   _("%s is not a multicast group: IPv4 groups are 224.0.0.0 to 239.255.255.255, IPv6 groups start with ff"),
                   group_text);
      return FALSE;
    }

  if (at != NULL)
    {
      iface = slash != NULL ? g_strndup (at + 1, slash - at - 1) : g_strdup (at + 1);
      out->ifindex = if_nametoindex (iface);
      if (iface[0] == '\0' || out->ifindex == 0)
        {
          g_set_error (error, SE_ERROR, SE_ERROR_NOT_FOUND,
                       /* Translators: %s is a network interface name such as eth0 */
                       _("No network interface named “%s” (see `ip link` for the names)"),
                       iface);
          return FALSE;
        }
    }

  if (slash != NULL)
    {
      if (!parse_address (slash + 1, &source) ||
          g_inet_address_get_family (source) != g_inet_address_get_family (group) ||
          g_inet_address_get_is_multicast (source))
        {
          g_set_error (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
                       /* Translators: %s is what followed the "/" */
                       _("“%s” is not a source address of the group's family: source-specific joins are written GROUP/SOURCE"),
                       slash + 1);
          return FALSE;
        }
      _se_sockaddr_from_inet (&out->source, source, 0);
    }

  _se_sockaddr_from_inet (&out->group, group, 0);

  described = g_string_new (group_text);
  if (iface != NULL)
    /* Translators: appended to a group: "239.1.2.3 on eth0" */
    g_string_append_printf (described, _(" on %s"), iface);
  if (source != NULL)
    /* Translators: appended to a group: "232.1.1.1 from 192.0.2.5" */
    g_string_append_printf (described, _(" from %s"), slash + 1);
  out->text = g_string_free (described, FALSE);

  return TRUE;
}

void
_se_multicast_join_clear (SeMulticastJoin *join)
{
  g_clear_pointer (&join->text, g_free);
}

int
_se_multicast_family (const SeMulticastJoin *join)
{
  return join->group.addr.ss_family;
}

static int
level_for (int family)
{
  return family == AF_INET6 ? IPPROTO_IPV6 : IPPROTO_IP;
}

/* The protocol-independent options (RFC 3678) take an interface index
 * for both families and carry the source for source-specific joins. */
static int
set_membership (int                    fd,
                const SeMulticastJoin *join,
                gboolean               joining,
                const char           **option_name)
{
  int family = _se_multicast_family (join);
  int result;

  if (join->source.len > 0)
    {
      struct group_source_req req;

      memset (&req, 0, sizeof req);
      req.gsr_interface = join->ifindex;
      memcpy (&req.gsr_group, &join->group.addr, join->group.len);
      memcpy (&req.gsr_source, &join->source.addr, join->source.len);
      *option_name = joining ? "MCAST_JOIN_SOURCE_GROUP" : "MCAST_LEAVE_SOURCE_GROUP";
      result = setsockopt (fd, level_for (family),
                           joining ? MCAST_JOIN_SOURCE_GROUP : MCAST_LEAVE_SOURCE_GROUP,
                           &req, sizeof req);
    }
  else
    {
      struct group_req req;

      memset (&req, 0, sizeof req);
      req.gr_interface = join->ifindex;
      memcpy (&req.gr_group, &join->group.addr, join->group.len);
      *option_name = joining ? "MCAST_JOIN_GROUP" : "MCAST_LEAVE_GROUP";
      result = setsockopt (fd, level_for (family),
                           joining ? MCAST_JOIN_GROUP : MCAST_LEAVE_GROUP,
                           &req, sizeof req);
    }

  return result == 0 ? 0 : errno;
}

int
_se_multicast_join (int                    fd,
                    const SeMulticastJoin *join,
                    const char           **option_name)
{
  return set_membership (fd, join, TRUE, option_name);
}

int
_se_multicast_leave (int                    fd,
                     const SeMulticastJoin *join,
                     const char           **option_name)
{
  return set_membership (fd, join, FALSE, option_name);
}

gboolean
_se_sockaddr_is_multicast (const SeSockaddr *addr)
{
  if (addr->addr.ss_family == AF_INET)
    return IN_MULTICAST (g_ntohl (((const struct sockaddr_in *) &addr->addr)->sin_addr.s_addr));
  if (addr->addr.ss_family == AF_INET6)
    return IN6_IS_ADDR_MULTICAST (&((const struct sockaddr_in6 *) &addr->addr)->sin6_addr);
  return FALSE;
}

gboolean
_se_sockaddr_may_be_broadcast (const SeSockaddr *addr)
{
  guint32 host;

  if (addr->addr.ss_family != AF_INET)
    return FALSE;

  host = g_ntohl (((const struct sockaddr_in *) &addr->addr)->sin_addr.s_addr);
  /* The limited broadcast, or a subnet's: without knowing the netmask,
   * a last byte of all ones is the telling sign (x.y.z.255). */
  return host == INADDR_BROADCAST || (host & 0xff) == 0xff;
}

/* Datagram options ---------------------------------------------------------- */

static gboolean
sockaddr_is_wildcard (const SeSockaddr *addr)
{
  if (addr->addr.ss_family == AF_INET)
    return ((const struct sockaddr_in *) &addr->addr)->sin_addr.s_addr == htonl (INADDR_ANY);
  if (addr->addr.ss_family == AF_INET6)
    return IN6_IS_ADDR_UNSPECIFIED (&((const struct sockaddr_in6 *) &addr->addr)->sin6_addr);
  return FALSE;
}

void
_se_datagram_options_init (SeDatagramOptions *self)
{
  memset (self, 0, sizeof *self);
  self->ttl = -1;
  self->loop = TRUE;
}

static void
joins_free (GArray *joins)
{
  for (guint i = 0; i < joins->len; i++)
    _se_multicast_join_clear (&g_array_index (joins, SeMulticastJoin, i));
  g_array_unref (joins);
}

void
_se_datagram_options_clear (SeDatagramOptions *self)
{
  g_clear_pointer (&self->groups, g_strfreev);
  g_clear_pointer (&self->joins, joins_free);
}

gboolean
_se_datagram_options_set_groups (SeDatagramOptions  *self,
                                 const char * const *groups,
                                 GError            **error)
{
  for (guint i = 0; groups != NULL && groups[i] != NULL; i++)
    {
      SeMulticastJoin join;

      if (!_se_multicast_parse (groups[i], &join, error))
        return FALSE;
      _se_multicast_join_clear (&join);
    }

  g_strfreev (self->groups);
  self->groups = groups != NULL && groups[0] != NULL ? g_strdupv ((char **) groups) : NULL;
  return TRUE;
}

static void
log_membership (SeTrafficLog          *log,
                SeEventKind            kind,
                SeProtocol             protocol,
                const char            *local,
                const SeMulticastJoin *join,
                const char            *option_name)
{
  g_autofree char *detail = NULL;
  SeEventInfo info = { 0 };

  if (log == NULL)
    return;

  /* The call itself (setsockopt(IPPROTO_IP, MCAST_JOIN_GROUP, …)) is
   * shown from the event's call; the detail names the group. */
  if (kind == SE_EVENT_JOIN)
    /* Translators: "joined 239.1.2.3 on lo" */
    detail = g_strdup_printf (_("joined %s"), join->text);
  else if (g_str_equal (option_name, "close"))
    /* Translators: "left 239.1.2.3 on lo when the socket was closed" */
    detail = g_strdup_printf (_("left %s when the socket was closed"), join->text);
  else
    /* Translators: "left 239.1.2.3 on lo" */
    detail = g_strdup_printf (_("left %s"), join->text);

  info.kind = kind;
  info.protocol = protocol;
  info.local = local;
  info.text = detail;
  info.call = SE_CALL_SETSOCKOPT;
  info.option = g_str_equal (option_name, "MCAST_JOIN_GROUP") ? SE_SOCKOPT_MCAST_JOIN_GROUP :
                g_str_equal (option_name, "MCAST_LEAVE_GROUP") ? SE_SOCKOPT_MCAST_LEAVE_GROUP :
                g_str_equal (option_name, "MCAST_JOIN_SOURCE_GROUP") ? SE_SOCKOPT_MCAST_JOIN_SOURCE_GROUP :
                g_str_equal (option_name, "MCAST_LEAVE_SOURCE_GROUP") ? SE_SOCKOPT_MCAST_LEAVE_SOURCE_GROUP :
                SE_SOCKOPT_NONE;
  /* A leave by close() is no setsockopt() */
  if (info.option == SE_SOCKOPT_NONE)
    info.call = SE_CALL_NONE;
  se_traffic_log_append_info (log, &info);
}

static gboolean
set_option_failed (int          errsv,
                   const char  *option_name,
                   GError     **error)
{
  se_set_error_errno (error, errsv, "setsockopt", option_name);
  return FALSE;
}

gboolean
_se_datagram_options_apply (SeDatagramOptions *self,
                            int                fd,
                            int                family,
                            const SeSockaddr  *bound,
                            SeTrafficLog      *log,
                            SeProtocol         protocol,
                            const char        *local,
                            GError           **error)
{
  int errsv;

  g_return_val_if_fail (self->joins == NULL, FALSE);

  if (family != AF_INET && family != AF_INET6)
    {
      if (self->groups != NULL || self->broadcast)
        {
          g_set_error (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
                       _("Multicast groups and broadcast are for UDP sockets, not Unix ones"));
          return FALSE;
        }
      return TRUE;
    }

  /* Each a setsockopt() event, as the calls of a program */
  if (self->broadcast &&
      (errsv = _se_socket_set_option (fd, SE_SOCKOPT_SO_BROADCAST, 1, log, protocol, 0, local, NULL)) != 0)
    return set_option_failed (errsv, "SO_BROADCAST", error);
  if (self->ttl >= 0 &&
      (errsv = _se_socket_set_option (fd, family == AF_INET6 ? SE_SOCKOPT_IPV6_MULTICAST_HOPS : SE_SOCKOPT_IP_MULTICAST_TTL,
                                      self->ttl, log, protocol, 0, local, NULL)) != 0)
    return set_option_failed (errsv, family == AF_INET6 ? "IPV6_MULTICAST_HOPS" : "IP_MULTICAST_TTL", error);
  if (!self->loop &&
      (errsv = _se_socket_set_option (fd, family == AF_INET6 ? SE_SOCKOPT_IPV6_MULTICAST_LOOP : SE_SOCKOPT_IP_MULTICAST_LOOP,
                                      0, log, protocol, 0, local, NULL)) != 0)
    return set_option_failed (errsv, family == AF_INET6 ? "IPV6_MULTICAST_LOOP" : "IP_MULTICAST_LOOP", error);

  if (self->groups == NULL && (bound == NULL || !_se_sockaddr_is_multicast (bound)))
    return TRUE;

  /* The kernel gives a datagram to a socket whose bound address is its
   * destination: one bound to 127.0.0.1 never sees a group's. */
  if (self->groups != NULL && bound != NULL && !sockaddr_is_wildcard (bound))
    {
      g_set_error (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
                   "%s",
                   family == AF_INET6
                   ? _("To receive multicast groups, listen on [::] (udp://[::]:PORT): a socket bound to one address gets only datagrams sent to that address")
                   : _("To receive multicast groups, listen on 0.0.0.0 (udp://0.0.0.0:PORT): a socket bound to one address gets only datagrams sent to that address"));
      return FALSE;
    }

  self->joins = g_array_new (FALSE, TRUE, sizeof (SeMulticastJoin));
  for (int i = bound != NULL && _se_sockaddr_is_multicast (bound) ? -1 : 0;
       i < 0 || (self->groups != NULL && self->groups[i] != NULL); i++)
    {
      SeMulticastJoin join;
      const char *option_name = NULL;

      if (i < 0)
        {
          /* Bound to the group itself, as multicast receivers often are:
           * that group is joined on the system's interface for it. */
          memset (&join, 0, sizeof join);
          join.group = *bound;
          if (family == AF_INET)
            ((struct sockaddr_in *) &join.group.addr)->sin_port = 0;
          else
            ((struct sockaddr_in6 *) &join.group.addr)->sin6_port = 0;
          {
            g_autoptr(GSocketAddress) address = g_socket_address_new_from_native (&join.group.addr, join.group.len);

            join.text = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
          }
        }
      else if (!_se_multicast_parse (self->groups[i], &join, error))
        goto failed;

      if (_se_multicast_family (&join) != family)
        {
          g_set_error (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
                       family == AF_INET
                       /* Translators: %s is a group such as ff02::1234 */
                       ? _("Cannot join %s on an IPv4 socket: listen on an IPv6 address (such as [::]) to join IPv6 groups")
                       /* Translators: %s is a group such as 239.1.2.3 */
                       : _("Cannot join %s on an IPv6 socket: listen on an IPv4 address (such as 0.0.0.0) to join IPv4 groups"),
                       join.text);
          _se_multicast_join_clear (&join);
          goto failed;
        }

      errsv = _se_multicast_join (fd, &join, &option_name);
      if (errsv != 0)
        {
          g_autofree char *what = g_strdup_printf ("%s %s", option_name, join.text);

          se_set_error_errno (error, errsv, "setsockopt", what);
          _se_multicast_join_clear (&join);
          goto failed;
        }

      g_array_append_val (self->joins, join);
      log_membership (log, SE_EVENT_JOIN, protocol, local, &join, option_name);
    }
  return TRUE;

failed:
  _se_datagram_options_leave (self, fd, log, protocol, local);
  return FALSE;
}

void
_se_datagram_options_leave (SeDatagramOptions *self,
                            int                fd,
                            SeTrafficLog      *log,
                            SeProtocol         protocol,
                            const char        *local)
{
  if (self->joins == NULL)
    return;

  for (guint i = 0; i < self->joins->len; i++)
    {
      const SeMulticastJoin *join = &g_array_index (self->joins, SeMulticastJoin, i);
      const char *option_name = NULL;

      /* Closing the socket leaves too; saying so shows the other half of
       * the membership's life. */
      if (fd < 0 || _se_multicast_leave (fd, join, &option_name) == 0)
        log_membership (log, SE_EVENT_LEAVE, protocol, local, join,
                        option_name != NULL ? option_name : "close");
    }
  g_clear_pointer (&self->joins, joins_free);
}

gboolean
_se_datagram_options_set_ttl (SeDatagramOptions *self,
                              int                ttl)
{
  g_return_val_if_fail (ttl >= -1 && ttl <= 255, FALSE);

  if (self->ttl == ttl)
    return FALSE;
  self->ttl = ttl;
  return TRUE;
}

gboolean
_se_datagram_options_set_loop (SeDatagramOptions *self,
                               gboolean           loop)
{
  loop = !!loop;
  if (self->loop == loop)
    return FALSE;
  self->loop = loop;
  return TRUE;
}
