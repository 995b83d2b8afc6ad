/* se-resolver.h: name, address, service and protocol lookups, like Python's socket module
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "se-traffic-log.h"

G_BEGIN_DECLS

/* One getaddrinfo() result. */
typedef struct
{
  int   family;     /* AF_INET, AF_INET6 */
  int   socktype;   /* SOCK_STREAM, SOCK_DGRAM, SOCK_RAW */
  int   protocol;   /* IPPROTO_TCP, IPPROTO_UDP, 0 */
  char *address;    /* "127.0.0.1", "::1" */
} SeAddrInfo;

/* What a forward lookup found. */
typedef struct
{
  char      *name;            /* what was asked */
  char      *canonical_name;  /* AI_CANONNAME, or NULL */
  GPtrArray *entries;         /* SeAddrInfo*, in getaddrinfo order */
} SeLookupResult;

/* What a reverse lookup found (gethostbyaddr). */
typedef struct
{
  char  *address;
  char  *host_name;
  char **aliases;   /* NULL-terminated, may be empty */
} SeReverseResult;

/* getservbyname()/getservbyport() */
typedef struct
{
  char    *name;
  guint16  port;      /* host byte order */
  char    *protocol;  /* "tcp", "udp" */
  char   **aliases;
} SeServiceResult;

#define SE_TYPE_RESOLVER (se_resolver_get_type ())

G_DECLARE_FINAL_TYPE (SeResolver, se_resolver, SE, RESOLVER, GObject)

/* log may be NULL; otherwise every lookup and failure is a "resolve" or
 * "error" event. */
SeResolver      *se_resolver_new                  (SeTrafficLog *log);

void             se_resolver_lookup_name_async    (SeResolver          *self,
                                                   const char          *name,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
SeLookupResult  *se_resolver_lookup_name_finish   (SeResolver    *self,
                                                   GAsyncResult  *result,
                                                   GError       **error);

void             se_resolver_lookup_address_async (SeResolver          *self,
                                                   const char          *address,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
SeReverseResult *se_resolver_lookup_address_finish (SeResolver   *self,
                                                   GAsyncResult  *result,
                                                   GError       **error);

/* socket.gethostname() and socket.getfqdn() */
const char      *se_resolver_get_host_name        (void);
void             se_resolver_get_fqdn_async       (SeResolver          *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
char            *se_resolver_get_fqdn_finish      (SeResolver    *self,
                                                   GAsyncResult  *result,
                                                   GError       **error);

/* service is a name ("http") or a port number ("80"); protocol "tcp" or
 * "udp". Reads the services database on a worker thread. */
void             se_resolver_lookup_service_async (SeResolver          *self,
                                                   const char          *service,
                                                   const char          *protocol,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
SeServiceResult *se_resolver_lookup_service_finish (SeResolver   *self,
                                                   GAsyncResult  *result,
                                                   GError       **error);

/* getprotobyname() on a worker thread: "tcp" → 6; -1 and an error if
 * unknown. */
void             se_resolver_lookup_protocol_async (SeResolver          *self,
                                                    const char          *name,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
int              se_resolver_lookup_protocol_finish (SeResolver    *self,
                                                     GAsyncResult  *result,
                                                     GError       **error);

/* getprotobyname(): "tcp" → 6. Returns -1 and sets error if unknown.
 * Reads the protocols database on the calling thread. */
int              se_resolver_lookup_protocol      (const char    *name,
                                                   GError       **error);

const char      *se_address_family_to_string      (int family);    /* "AF_INET" */
const char      *se_socket_type_to_string         (int socktype);  /* "SOCK_STREAM" */
const char      *se_ip_protocol_to_string         (int protocol);  /* "IPPROTO_TCP" */

void             se_lookup_result_free            (SeLookupResult  *result);
void             se_reverse_result_free           (SeReverseResult *result);
void             se_service_result_free           (SeServiceResult *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeLookupResult, se_lookup_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeReverseResult, se_reverse_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeServiceResult, se_service_result_free)

G_END_DECLS
