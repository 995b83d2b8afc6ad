/* se-multicast-private.h: joining multicast groups, and the options of
 * datagram sockets that send to groups or broadcast addresses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "se-socket-private.h"

G_BEGIN_DECLS

/* One group to join, parsed from "GROUP[@IFACE][/SOURCE]":
 * "239.1.2.3", "239.1.2.3@eth0", "ff02::1234@lo",
 * "232.1.1.1@eth0/192.0.2.5" (source-specific). */
typedef struct
{
  SeSockaddr  group;    /* port 0 */
  SeSockaddr  source;   /* len 0: any source */
  guint       ifindex;  /* 0: the interface the system routes the group to */
  char       *text;     /* "239.1.2.3 on eth0 from 192.0.2.5", for the log */
} SeMulticastJoin;

gboolean  _se_multicast_parse        (const char      *text,
                                      SeMulticastJoin *out,
                                      GError         **error);
void      _se_multicast_join_clear   (SeMulticastJoin *join);
/* The family of the group (AF_INET or AF_INET6). */
int       _se_multicast_family       (const SeMulticastJoin *join);
/* MCAST_JOIN_GROUP or MCAST_JOIN_SOURCE_GROUP (and the LEAVE ones) on a
 * socket of the group's family; 0 or an errno. *option_name says which
 * option was set, for the log. */
int       _se_multicast_join         (int                    fd,
                                      const SeMulticastJoin *join,
                                      const char           **option_name);
int       _se_multicast_leave        (int                    fd,
                                      const SeMulticastJoin *join,
                                      const char           **option_name);
gboolean  _se_sockaddr_is_multicast  (const SeSockaddr *addr);
/* An IPv4 address a send may be a broadcast to (255.255.255.255, or a
 * host part of all ones such as 127.255.255.255): where EACCES means
 * SO_BROADCAST was not set. */
gboolean  _se_sockaddr_may_be_broadcast (const SeSockaddr *addr);

/* What a datagram listener or client asks of its socket beyond bind():
 * groups to join, and how its sends to groups and broadcasts go. */
typedef struct
{
  char    **groups;     /* as given, NULL = none */
  GArray   *joins;      /* SeMulticastJoin joined on the socket now, or NULL */
  int       ttl;        /* -1: the system's (1: the local network only) */
  gboolean  loop;       /* our own multicast sends come back to us */
  gboolean  broadcast;  /* SO_BROADCAST */
} SeDatagramOptions;

void      _se_datagram_options_init  (SeDatagramOptions *self);
void      _se_datagram_options_clear (SeDatagramOptions *self);
/* Checks and keeps the groups; FALSE with the error of the first bad one. */
gboolean  _se_datagram_options_set_groups (SeDatagramOptions  *self,
                                           const char * const *groups,
                                           GError            **error);
/* Sets the options on a new socket of family and joins the groups,
 * logging each join; on failure leaves what was joined and says why. */
/* bound: the address the socket was bound to; a group address is joined
 * too (NULL for a client). */
gboolean  _se_datagram_options_apply (SeDatagramOptions *self,
                                      int                fd,
                                      int                family,
                                      const SeSockaddr  *bound,
                                      SeTrafficLog      *log,
                                      SeProtocol         protocol,
                                      const char        *local,
                                      GError           **error);
/* The setters of the owner's properties: TRUE if the value changed
 * (then notify). ttl is -1 (the system's) to 255. */
gboolean  _se_datagram_options_set_ttl  (SeDatagramOptions *self,
                                         int                ttl);
gboolean  _se_datagram_options_set_loop (SeDatagramOptions *self,
                                         gboolean           loop);
/* Leaves the groups joined (before the socket closes), logging each. */
void      _se_datagram_options_leave (SeDatagramOptions *self,
                                      int                fd,
                                      SeTrafficLog      *log,
                                      SeProtocol         protocol,
                                      const char        *local);

G_END_DECLS
