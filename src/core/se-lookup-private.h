/* se-lookup-private.h: the blocking lookups behind SeResolver
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "se-resolver.h"

G_BEGIN_DECLS

/* Each blocks (run them on a worker thread) and touches no resolver. */
gboolean         _se_lookup_is_all_digits (const char *text);
/* socket.getaddrinfo(name, None) with AI_CANONNAME */
SeLookupResult  *_se_lookup_name          (const char  *name,
                                           GError     **error);
/* socket.gethostbyaddr(address) */
SeReverseResult *_se_lookup_address       (const char  *query,
                                           GError     **error);
/* socket.getservbyname() / socket.getservbyport() */
SeServiceResult *_se_lookup_service       (const char  *service,
                                           const char  *protocol,
                                           GError     **error);
/* socket.getfqdn(): never fails, the host name itself at worst */
char            *_se_lookup_fqdn          (const char *host_name);

G_END_DECLS
