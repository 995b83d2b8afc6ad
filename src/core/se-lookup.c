/* se-lookup.c: the blocking lookups behind SeResolver (getaddrinfo(),
 * getnameinfo(), getservbyname(), getprotobyname()…) and the names of
 * their constants
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

/* EAI_NODATA, EAI_ADDRFAMILY and the other GNU getaddrinfo() codes. Must
 * come before the first system header. */
#ifndef _GNU_SOURCE
# define _GNU_SOURCE 1
#endif

#include <errno.h>
#include <string.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <netdb.h>

#include <glib/gi18n-lib.h>

#include "se-error.h"
#include "se-lookup-private.h"

/* The *_r database calls say ERANGE when their scratch buffer is too small;
 * it is doubled up to this size. */
#define SCRATCH_START 1024
#define SCRATCH_MAX   (1024 * 1024)

gboolean
_se_lookup_is_all_digits (const char *text)
{
  if (text == NULL || *text == '\0')
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
    }

  return TRUE;
}

static const char *
eai_name (int code)
{
  switch (code)
    {
    case EAI_BADFLAGS: return "EAI_BADFLAGS";
    case EAI_NONAME: return "EAI_NONAME";
    case EAI_AGAIN: return "EAI_AGAIN";
    case EAI_FAIL: return "EAI_FAIL";
    case EAI_FAMILY: return "EAI_FAMILY";
    case EAI_SOCKTYPE: return "EAI_SOCKTYPE";
    case EAI_SERVICE: return "EAI_SERVICE";
    case EAI_MEMORY: return "EAI_MEMORY";
    case EAI_SYSTEM: return "EAI_SYSTEM";
    case EAI_OVERFLOW: return "EAI_OVERFLOW";
#ifdef EAI_NODATA
    case EAI_NODATA: return "EAI_NODATA";
#endif
#ifdef EAI_ADDRFAMILY
    case EAI_ADDRFAMILY: return "EAI_ADDRFAMILY";
#endif
#ifdef EAI_CANCELED
    case EAI_CANCELED: return "EAI_CANCELED";
#endif
#ifdef EAI_INTR
    case EAI_INTR: return "EAI_INTR";
#endif
#ifdef EAI_IDN_ENCODE
    case EAI_IDN_ENCODE: return "EAI_IDN_ENCODE";
#endif
    default: return "EAI_?";
    }
}

/* A getaddrinfo()/getnameinfo() failure in plain words, like Python's
 * socket.gaierror: what could not be done, then the EAI_ name and the
 * system's own words. errsv is errno right after the call, for EAI_SYSTEM.
 * reverse: query is an address whose host name was asked. */
static GError *
gai_error_new (int         code,
               int         errsv,
               const char *query,
               gboolean    reverse)
{
  const char *name = eai_name (code);
  const char *words = gai_strerror (code);
  g_autofree char *explanation = NULL;
  g_autofree char *system_words = NULL;
  SeError error_code = SE_ERROR_NAME_NOT_FOUND;

  switch (code)
    {
    case EAI_NONAME:
      if (reverse)
        /* Translators: %s is an address such as 192.0.2.1 */
        explanation = g_strdup_printf (_("Name not found: no host name is known for “%s”"), query);
      else
        /* Translators: %s is a host name such as example.org */
        explanation = g_strdup_printf (_("Name not found: “%s” could not be resolved"), query);
      break;

#ifdef EAI_NODATA
    case EAI_NODATA:
#endif
#ifdef EAI_ADDRFAMILY
    case EAI_ADDRFAMILY:
#endif
      explanation = g_strdup_printf (_("Name not found: “%s” is a known name but has no address"), query);
      break;

    case EAI_AGAIN:
      explanation = g_strdup_printf (_("Name not found: “%s” could not be resolved now, because the name server did not answer; try again later"), query);
      break;

    case EAI_FAIL:
      explanation = g_strdup_printf (_("Name not found: “%s” could not be resolved, because the name server failed"), query);
      break;

    case EAI_SYSTEM:
      error_code = se_error_code_from_errno (errsv);
      /* "ENOENT, No such file or directory" */
      system_words = g_strdup_printf ("%s, %s", se_errno_name (errsv), g_strerror (errsv));
      words = system_words;
      explanation = g_strdup_printf (_("Lookup of “%s” failed"), query);
      break;

    default:
      error_code = SE_ERROR_FAILED;
      explanation = g_strdup_printf (_("Lookup of “%s” failed"), query);
      break;
    }

  return g_error_new (SE_ERROR, error_code,
                      /* Translators: an explanation, then a code such as EAI_NONAME and the system's words for it */
                      _("%s (%s: %s)"),
                      explanation, name, words);
}

static void
addr_info_free (gpointer data)
{
  SeAddrInfo *info = data;

  g_free (info->address);
  g_free (info);
}

static char *
numeric_host (const struct sockaddr *addr,
              socklen_t              addr_len)
{
  char host[NI_MAXHOST];

  if (getnameinfo (addr, addr_len, host, sizeof host, NULL, 0, NI_NUMERICHOST) != 0)
    return NULL;

  return g_strdup (host);
}

static char **
copy_aliases (char       **aliases,
              const char  *except)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; aliases != NULL && aliases[i] != NULL; i++)
    {
      if (g_strcmp0 (aliases[i], except) != 0)
        g_strv_builder_add (builder, aliases[i]);
    }

  return g_strv_builder_end (builder);
}

/* Worker-thread lookups. Each blocks; none touches the resolver. */

/* socket.getaddrinfo(name, None) with AI_CANONNAME: every family and every
 * socket type, in the order getaddrinfo() gives them. */
SeLookupResult *
_se_lookup_name (const char  *name,
             GError     **error)
{
  struct addrinfo hints;
  struct addrinfo *res = NULL;
  SeLookupResult *result;
  int rc;

  memset (&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = 0;
  hints.ai_flags = AI_CANONNAME;

  rc = getaddrinfo (name, NULL, &hints, &res);
  if (rc != 0)
    {
      int errsv = errno;

      g_propagate_error (error, gai_error_new (rc, errsv, name, FALSE));
      return NULL;
    }

  result = g_new0 (SeLookupResult, 1);
  result->name = g_strdup (name);
  result->entries = g_ptr_array_new_with_free_func (addr_info_free);

  for (const struct addrinfo *ai = res; ai != NULL; ai = ai->ai_next)
    {
      SeAddrInfo *info;
      char *address;

      if (result->canonical_name == NULL && ai->ai_canonname != NULL && ai->ai_canonname[0] != '\0')
        result->canonical_name = g_strdup (ai->ai_canonname);

      address = numeric_host (ai->ai_addr, ai->ai_addrlen);
      if (address == NULL)
        continue;

      info = g_new0 (SeAddrInfo, 1);
      info->family = ai->ai_family;
      info->socktype = ai->ai_socktype;
      info->protocol = ai->ai_protocol;
      info->address = address;
      g_ptr_array_add (result->entries, info);
    }

  freeaddrinfo (res);

  return result;
}

/* socket.gethostbyaddr(address): like Python, a name is first resolved and
 * its first address is used; a literal address never leaves the machine
 * for that step. The host name comes from getnameinfo(NI_NAMEREQD), the
 * aliases from gethostbyaddr_r(). */
SeReverseResult *
_se_lookup_address (const char  *query,
                GError     **error)
{
  struct addrinfo hints;
  struct addrinfo *res = NULL;
  char host[NI_MAXHOST];
  SeReverseResult *result;
  g_autofree char *address = NULL;
  g_autofree char *scratch = NULL;
  g_auto(GStrv) aliases = NULL;
  const void *raw = NULL;
  socklen_t raw_len = 0;
  int rc;

  memset (&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;

  rc = getaddrinfo (query, NULL, &hints, &res);
  if (rc != 0)
    {
      int errsv = errno;

      g_propagate_error (error, gai_error_new (rc, errsv, query, FALSE));
      return NULL;
    }

  address = numeric_host (res->ai_addr, res->ai_addrlen);
  rc = getnameinfo (res->ai_addr, res->ai_addrlen, host, sizeof host, NULL, 0, NI_NAMEREQD);
  if (rc != 0)
    {
      int errsv = errno;

      freeaddrinfo (res);
      g_propagate_error (error, gai_error_new (rc, errsv, address != NULL ? address : query, TRUE));
      return NULL;
    }

  if (res->ai_family == AF_INET)
    {
      raw = &((const struct sockaddr_in *) (gconstpointer) res->ai_addr)->sin_addr;
      raw_len = sizeof (struct in_addr);
    }
  else if (res->ai_family == AF_INET6)
    {
      raw = &((const struct sockaddr_in6 *) (gconstpointer) res->ai_addr)->sin6_addr;
      raw_len = sizeof (struct in6_addr);
    }

  /* The aliases, where the hosts database has any. Not finding them is
   * not an error: getnameinfo() already gave the name. */
  for (gsize scratch_len = SCRATCH_START; raw != NULL && scratch_len <= SCRATCH_MAX; scratch_len *= 2)
    {
      struct hostent entry;
      struct hostent *found = NULL;
      int h_errsv = 0;

      scratch = g_realloc (scratch, scratch_len);
      rc = gethostbyaddr_r (raw, raw_len, res->ai_family,
                            &entry, scratch, scratch_len, &found, &h_errsv);
      if (rc == ERANGE)
        continue;

      if (rc == 0 && found != NULL)
        {
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
          g_auto(GStrv) others = copy_aliases (found->h_aliases, host);

          /* Another official name than getnameinfo()'s is an alias too. */
          if (found->h_name != NULL && strcmp (found->h_name, host) != 0)
            g_strv_builder_add (builder, found->h_name);
          for (guint i = 0; others[i] != NULL; i++)
            {
              if (g_strcmp0 (others[i], found->h_name) != 0)
                g_strv_builder_add (builder, others[i]);
            }
          aliases = g_strv_builder_end (builder);
        }
      break;
    }

  freeaddrinfo (res);

  result = g_new0 (SeReverseResult, 1);
  result->address = address != NULL ? g_steal_pointer (&address) : g_strdup (query);
  result->host_name = g_strdup (host);
  result->aliases = aliases != NULL ? g_steal_pointer (&aliases) : g_new0 (char *, 1);

  return result;
}

/* socket.getservbyname(service, protocol) or, for a number,
 * socket.getservbyport(port, protocol). */
SeServiceResult *
_se_lookup_service (const char  *service,
                const char  *protocol,
                GError     **error)
{
  struct servent entry;
  struct servent *found = NULL;
  g_autofree char *scratch = NULL;
  gboolean by_port = _se_lookup_is_all_digits (service);
  guint64 port = 0;
  SeServiceResult *result;

  if (by_port &&
      !g_ascii_string_to_unsigned (service, 10, 0, G_MAXUINT16, &port, NULL))
    {
      g_set_error (error, SE_ERROR, SE_ERROR_NOT_FOUND,
                   /* Translators: %s is a number such as 70000 */
                   _("“%s” is not a port number: ports go from 0 to 65535"),
                   service);
      return NULL;
    }

  for (gsize scratch_len = SCRATCH_START; scratch_len <= SCRATCH_MAX; scratch_len *= 2)
    {
      int rc;

      scratch = g_realloc (scratch, scratch_len);
      if (by_port)
        rc = getservbyport_r (htons ((guint16) port), protocol,
                              &entry, scratch, scratch_len, &found);
      else
        rc = getservbyname_r (service, protocol,
                              &entry, scratch, scratch_len, &found);
      if (rc != ERANGE)
        break;
      found = NULL;
    }

  if (found == NULL)
    {
      if (by_port)
        g_set_error (error, SE_ERROR, SE_ERROR_NOT_FOUND,
                     /* Translators: "No service on port 12345 for tcp in the services database" */
                     _("No service on port %s for %s in the services database"),
                     service, protocol);
      else
        g_set_error (error, SE_ERROR, SE_ERROR_NOT_FOUND,
                     /* Translators: "No service named “foo” for tcp in the services database" */
                     _("No service named “%s” for %s in the services database"),
                     service, protocol);
      return NULL;
    }

  result = g_new0 (SeServiceResult, 1);
  result->name = g_strdup (found->s_name);
  result->port = ntohs ((guint16) found->s_port);
  result->protocol = g_strdup (found->s_proto);
  result->aliases = copy_aliases (found->s_aliases, found->s_name);

  return result;
}

/* socket.getfqdn(): the canonical name getaddrinfo() gives for the host
 * name, or the host name itself when there is none. Never fails. */
char *
_se_lookup_fqdn (const char *host_name)
{
  struct addrinfo hints;
  struct addrinfo *res = NULL;
  char *fqdn = NULL;

  memset (&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_CANONNAME;

  if (getaddrinfo (host_name, NULL, &hints, &res) == 0)
    {
      if (res->ai_canonname != NULL && res->ai_canonname[0] != '\0')
        fqdn = g_strdup (res->ai_canonname);
      freeaddrinfo (res);
    }

  return fqdn != NULL ? fqdn : g_strdup (host_name);
}


/**
 * se_resolver_lookup_protocol:
 * @name: a protocol name ("tcp") or number ("6")
 * @error: return location for a #GError
 *
 * socket.getprotobyname(name). A number is given back if the protocols
 * database knows it. This reads the small local protocols database
 * (/etc/protocols) directly, without a thread.
 *
 * Returns: the protocol number, or -1 with %SE_ERROR_NOT_FOUND
 */
int
se_resolver_lookup_protocol (const char  *name,
                             GError     **error)
{
  struct protoent entry;
  struct protoent *found = NULL;
  g_autofree char *scratch = NULL;
  gboolean by_number;
  guint64 number = 0;

  g_return_val_if_fail (name != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (name[0] == '\0')
    {
      g_set_error_literal (error, SE_ERROR, SE_ERROR_NOT_FOUND,
                           _("No protocol name was given"));
      return -1;
    }

  by_number = _se_lookup_is_all_digits (name);
  if (by_number &&
      !g_ascii_string_to_unsigned (name, 10, 0, 255, &number, NULL))
    {
      g_set_error (error, SE_ERROR, SE_ERROR_NOT_FOUND,
                   /* Translators: %s is a number such as 300 */
                   _("“%s” is not a protocol number: they go from 0 to 255"),
                   name);
      return -1;
    }

  for (gsize scratch_len = SCRATCH_START; scratch_len <= SCRATCH_MAX; scratch_len *= 2)
    {
      int rc;

      scratch = g_realloc (scratch, scratch_len);
      if (by_number)
        rc = getprotobynumber_r ((int) number, &entry, scratch, scratch_len, &found);
      else
        rc = getprotobyname_r (name, &entry, scratch, scratch_len, &found);
      if (rc != ERANGE)
        break;
      found = NULL;
    }

  if (found == NULL)
    {
      if (by_number)
        g_set_error (error, SE_ERROR, SE_ERROR_NOT_FOUND,
                     _("No protocol numbered %s in the protocols database"),
                     name);
      else
        g_set_error (error, SE_ERROR, SE_ERROR_NOT_FOUND,
                     _("No protocol named “%s” in the protocols database"),
                     name);
      return -1;
    }

  return found->p_proto;
}

/* A name for a number no table below knows, kept for the caller. */
static const char *
unknown_constant (int value)
{
  g_autofree char *text = g_strdup_printf ("%d", value);

  return g_intern_string (text);
}

/**
 * se_address_family_to_string:
 *
 * Returns: (transfer none): "AF_INET", "AF_INET6", "AF_UNIX", "AF_UNSPEC",
 *   or the number for another family
 */
const char *
se_address_family_to_string (int family)
{
  switch (family)
    {
    case AF_UNSPEC: return "AF_UNSPEC";
    case AF_INET: return "AF_INET";
    case AF_INET6: return "AF_INET6";
    case AF_UNIX: return "AF_UNIX";
    default: return unknown_constant (family);
    }
}

/**
 * se_socket_type_to_string:
 *
 * Returns: (transfer none): "SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", …,
 *   or the number for another type (0 for "any")
 */
const char *
se_socket_type_to_string (int socktype)
{
  switch (socktype)
    {
    case SOCK_STREAM: return "SOCK_STREAM";
    case SOCK_DGRAM: return "SOCK_DGRAM";
    case SOCK_RAW: return "SOCK_RAW";
    case SOCK_SEQPACKET: return "SOCK_SEQPACKET";
    case SOCK_RDM: return "SOCK_RDM";
    default: return unknown_constant (socktype);
    }
}

/**
 * se_ip_protocol_to_string:
 *
 * Returns: (transfer none): "IPPROTO_TCP", "IPPROTO_UDP", "IPPROTO_IP"
 *   for 0, …, or the number for another protocol
 */
const char *
se_ip_protocol_to_string (int protocol)
{
  switch (protocol)
    {
    case IPPROTO_IP: return "IPPROTO_IP";
    case IPPROTO_ICMP: return "IPPROTO_ICMP";
    case IPPROTO_TCP: return "IPPROTO_TCP";
    case IPPROTO_UDP: return "IPPROTO_UDP";
    case IPPROTO_IPV6: return "IPPROTO_IPV6";
    case IPPROTO_ICMPV6: return "IPPROTO_ICMPV6";
    case IPPROTO_SCTP: return "IPPROTO_SCTP";
    case IPPROTO_UDPLITE: return "IPPROTO_UDPLITE";
    case IPPROTO_RAW: return "IPPROTO_RAW";
    default: return unknown_constant (protocol);
    }
}

void
se_lookup_result_free (SeLookupResult *result)
{
  if (result == NULL)
    return;

  g_free (result->name);
  g_free (result->canonical_name);
  g_clear_pointer (&result->entries, g_ptr_array_unref);
  g_free (result);
}

void
se_reverse_result_free (SeReverseResult *result)
{
  if (result == NULL)
    return;

  g_free (result->address);
  g_free (result->host_name);
  g_strfreev (result->aliases);
  g_free (result);
}

void
se_service_result_free (SeServiceResult *result)
{
  if (result == NULL)
    return;

  g_free (result->name);
  g_free (result->protocol);
  g_strfreev (result->aliases);
  g_free (result);
}
