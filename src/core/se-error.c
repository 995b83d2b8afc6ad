/* se-error.c: the error domain of the Socket Explorer core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "se-endpoint.h"
#include "se-error.h"

typedef struct
{
  int         errsv;
  const char *name;
} ErrnoName;

/* The errno values a socket program meets, by their symbolic names. The
 * table is searched linearly; it is short and errors are rare. Aliases
 * (EWOULDBLOCK == EAGAIN, EDEADLOCK == EDEADLK, ENOTSUP == EOPNOTSUPP on
 * Linux) are left out so that the first, usual name wins. */
static const ErrnoName errno_names[] = {
  { EPERM, "EPERM" },
  { ENOENT, "ENOENT" },
  { ESRCH, "ESRCH" },
  { EINTR, "EINTR" },
  { EIO, "EIO" },
  { ENXIO, "ENXIO" },
  { E2BIG, "E2BIG" },
  { ENOEXEC, "ENOEXEC" },
  { EBADF, "EBADF" },
  { ECHILD, "ECHILD" },
  { EAGAIN, "EAGAIN" },
  { ENOMEM, "ENOMEM" },
  { EACCES, "EACCES" },
  { EFAULT, "EFAULT" },
  { EBUSY, "EBUSY" },
  { EEXIST, "EEXIST" },
  { EXDEV, "EXDEV" },
  { ENODEV, "ENODEV" },
  { ENOTDIR, "ENOTDIR" },
  { EISDIR, "EISDIR" },
  { EINVAL, "EINVAL" },
  { ENFILE, "ENFILE" },
  { EMFILE, "EMFILE" },
  { ENOTTY, "ENOTTY" },
  { EFBIG, "EFBIG" },
  { ENOSPC, "ENOSPC" },
  { ESPIPE, "ESPIPE" },
  { EROFS, "EROFS" },
  { EMLINK, "EMLINK" },
  { EPIPE, "EPIPE" },
  { EDOM, "EDOM" },
  { ERANGE, "ERANGE" },
  { ENAMETOOLONG, "ENAMETOOLONG" },
  { ENOSYS, "ENOSYS" },
  { ELOOP, "ELOOP" },
#ifdef ENODATA
  { ENODATA, "ENODATA" },
#endif
#ifdef ENONET
  { ENONET, "ENONET" },
#endif
#ifdef EPROTO
  { EPROTO, "EPROTO" },
#endif
#ifdef EBADMSG
  { EBADMSG, "EBADMSG" },
#endif
#ifdef EOVERFLOW
  { EOVERFLOW, "EOVERFLOW" },
#endif
  { ENOTSOCK, "ENOTSOCK" },
  { EDESTADDRREQ, "EDESTADDRREQ" },
  { EMSGSIZE, "EMSGSIZE" },
  { EPROTOTYPE, "EPROTOTYPE" },
  { ENOPROTOOPT, "ENOPROTOOPT" },
  { EPROTONOSUPPORT, "EPROTONOSUPPORT" },
#ifdef ESOCKTNOSUPPORT
  { ESOCKTNOSUPPORT, "ESOCKTNOSUPPORT" },
#endif
  { EOPNOTSUPP, "EOPNOTSUPP" },
#ifdef EPFNOSUPPORT
  { EPFNOSUPPORT, "EPFNOSUPPORT" },
#endif
  { EAFNOSUPPORT, "EAFNOSUPPORT" },
  { EADDRINUSE, "EADDRINUSE" },
  { EADDRNOTAVAIL, "EADDRNOTAVAIL" },
  { ENETDOWN, "ENETDOWN" },
  { ENETUNREACH, "ENETUNREACH" },
  { ENETRESET, "ENETRESET" },
  { ECONNABORTED, "ECONNABORTED" },
  { ECONNRESET, "ECONNRESET" },
  { ENOBUFS, "ENOBUFS" },
  { EISCONN, "EISCONN" },
  { ENOTCONN, "ENOTCONN" },
#ifdef ESHUTDOWN
  { ESHUTDOWN, "ESHUTDOWN" },
#endif
#ifdef ETOOMANYREFS
  { ETOOMANYREFS, "ETOOMANYREFS" },
#endif
  { ETIMEDOUT, "ETIMEDOUT" },
  { ECONNREFUSED, "ECONNREFUSED" },
#ifdef EHOSTDOWN
  { EHOSTDOWN, "EHOSTDOWN" },
#endif
  { EHOSTUNREACH, "EHOSTUNREACH" },
  { EALREADY, "EALREADY" },
  { EINPROGRESS, "EINPROGRESS" },
  { ECANCELED, "ECANCELED" },
};

/* The port of an "host:port" or "[v6]:port" address, or -1 if the
 * address has none (a Unix path, a bare host, NULL). */
static int
address_port (const char *address)
{
  const char *colon;
  const char *p;
  gint64 port = 0;

  if (address == NULL)
    return -1;

  colon = strrchr (address, ':');
  if (colon == NULL || colon[1] == '\0')
    return -1;

  /* "::1" alone is a host, not a port: require brackets for IPv6. */
  if (strchr (address, ':') != colon && colon[-1] != ']')
    return -1;

  for (p = colon + 1; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return -1;
      port = port * 10 + (*p - '0');
      if (port > 65535)
        return -1;
    }

  return (int) port;
}

static gboolean
context_is (const char *context,
            const char *name)
{
  return context != NULL && g_ascii_strcasecmp (context, name) == 0;
}

/* The plain-words explanation, without the trailing " (ENAME)". */
static char *
explain_errno (int         errsv,
               const char *context,
               const char *address)
{
  switch (errsv)
    {
    case ECONNREFUSED:
      if (address != NULL)
        /* Translators: %s is an address such as 127.0.0.1:9 */
        return g_strdup_printf (_("Connection refused: nothing is listening on %s"), address);
      return g_strdup (_("Connection refused: nothing is listening at that address"));

    case EADDRINUSE:
      if (address != NULL)
        return g_strdup_printf (_("Address already in use: another socket is already bound to %s"), address);
      return g_strdup (_("Address already in use: another socket is already bound to that address"));

    case EACCES:
    case EPERM:
      {
        int port = address_port (address);
        const char *what = errsv == EACCES ? _("Permission denied") : _("Operation not permitted");

        if (context_is (context, "bind") && port > 0 && port < 1024)
          /* Translators: the first %s is "Permission denied", the second an address */
          return g_strdup_printf (_("%s: ports below 1024 need special privileges (root or CAP_NET_BIND_SERVICE), so %s cannot be bound; choose a port of 1024 or above"),
                                  what, address);
        if (address != NULL && context_is (context, "bind"))
          /* Translators: "Permission denied: you may not bind to 127.0.0.1:8080" */
          return g_strdup_printf (_("%s: you may not bind to %s"), what, address);
        if (address != NULL)
          return g_strdup_printf (_("%s: you may not use %s"), what, address);
        return g_strdup_printf (_("%s: you do not have the rights for this operation"), what);
      }

    case ETIMEDOUT:
      if (address != NULL)
        return g_strdup_printf (_("Timed out: %s did not answer in time"), address);
      return g_strdup (_("Timed out: the other side did not answer in time"));

    case ENETUNREACH:
      if (address != NULL)
        return g_strdup_printf (_("Network unreachable: this computer has no route to the network of %s"), address);
      return g_strdup (_("Network unreachable: this computer has no route to that network"));

    case EHOSTUNREACH:
      if (address != NULL)
        return g_strdup_printf (_("Host unreachable: %s cannot be reached from this computer"), address);
      return g_strdup (_("Host unreachable: that host cannot be reached from this computer"));

    case ECONNRESET:
      if (address != NULL)
        return g_strdup_printf (_("Connection reset by the peer: %s closed the connection abruptly"), address);
      return g_strdup (_("Connection reset by the peer: the other side closed the connection abruptly"));

    case EPIPE:
      if (address != NULL)
        return g_strdup_printf (_("Broken pipe: %s has closed the connection, so nothing more can be sent to it"), address);
      return g_strdup (_("Broken pipe: the other side has closed the connection, so nothing more can be sent"));

    case ECONNABORTED:
      if (address != NULL)
        return g_strdup_printf (_("Connection aborted: the connection from %s was dropped before it could be accepted"), address);
      return g_strdup (_("Connection aborted: the connection was dropped before it could be accepted"));

    case EADDRNOTAVAIL:
      if (context_is (context, "bind") && address != NULL)
        return g_strdup_printf (_("Address not available: %s is not an address of this computer"), address);
      if (address != NULL)
        return g_strdup_printf (_("Address not available: %s cannot be used from this computer"), address);
      return g_strdup (_("Address not available: that address cannot be used from this computer"));

    case ENOENT:
      if (address != NULL)
        return g_strdup_printf (_("No such file or directory: there is no socket at %s"), address);
      return g_strdup (_("No such file or directory: there is no socket at that path"));

    case ENOTCONN:
      if (address != NULL)
        return g_strdup_printf (_("Not connected: the socket for %s is not connected to a peer"), address);
      return g_strdup (_("Not connected: the socket is not connected to a peer"));

    case EISCONN:
      if (address != NULL)
        return g_strdup_printf (_("Already connected: the socket is already connected, so it cannot connect to %s"), address);
      return g_strdup (_("Already connected: the socket is already connected"));

    case EAGAIN:
      /* A non-blocking connect() to a Unix stream socket says EAGAIN when
       * the listener's queue of waiting connections is full. */
      if (context_is (context, "connect") && address != NULL)
        return g_strdup_printf (_("Resource temporarily unavailable: %s has no room for another connection; its listen() backlog is full"), address);
      if (address != NULL)
        return g_strdup_printf (_("Resource temporarily unavailable: the call on %s would have to wait, and the socket does not block"), address);
      return g_strdup (_("Resource temporarily unavailable: the call would have to wait, and the socket does not block"));

    case EINPROGRESS:
      if (address != NULL)
        return g_strdup_printf (_("Operation in progress: the connection to %s has been started and is not finished yet"), address);
      return g_strdup (_("Operation in progress: the connection has been started and is not finished yet"));

    case EMSGSIZE:
      if (address != NULL)
        return g_strdup_printf (_("Message too long: the datagram for %s is larger than the socket can send in one piece"), address);
      return g_strdup (_("Message too long: the datagram is larger than the socket can send in one piece"));

    case EMFILE:
    case ENFILE:
      if (address != NULL)
        return g_strdup_printf (_("Too many open files: no socket for %s could be opened; close some sockets or connections and try again"), address);
      return g_strdup (_("Too many open files: close some sockets or connections and try again"));

    case EAFNOSUPPORT:
      if (address != NULL)
        return g_strdup_printf (_("Address family not supported: this computer cannot use addresses like %s"), address);
      return g_strdup (_("Address family not supported: this computer cannot use that kind of address"));

    case ENAMETOOLONG:
      if (address != NULL)
        return g_strdup_printf (_("File name too long: the Unix socket path %s is longer than %d bytes"), address, SE_UNIX_PATH_MAX);
      return g_strdup_printf (_("File name too long: a Unix socket path can be at most %d bytes"), SE_UNIX_PATH_MAX);

    default:
      break;
    }

  /* Anything else: the system's own words, and what we were doing. */
  if (context != NULL && address != NULL)
    /* Translators: "bind 127.0.0.1:7000 failed: Invalid argument" */
    return g_strdup_printf (_("%s %s failed: %s"), context, address, g_strerror (errsv));
  if (context != NULL)
    return g_strdup_printf (_("%s failed: %s"), context, g_strerror (errsv));
  if (address != NULL)
    return g_strdup_printf (_("%s: %s"), address, g_strerror (errsv));
  return g_strdup (g_strerror (errsv));
}

G_DEFINE_QUARK (se-error-quark, se_error)

/**
 * se_errno_name:
 * @errsv: an errno value
 *
 * Returns: the symbolic name of @errsv ("ECONNREFUSED"), or "errno N" for
 *   a value that is not in the table. The string is owned by the core.
 */
const char *
se_errno_name (int errsv)
{
  for (gsize i = 0; i < G_N_ELEMENTS (errno_names); i++)
    {
      if (errno_names[i].errsv == errsv)
        return errno_names[i].name;
    }

  {
    /* Unknown values are rare; intern them so the caller need not free. */
    g_autofree char *text = g_strdup_printf ("errno %d", errsv);
    return g_intern_string (text);
  }
}

SeError
se_error_code_from_errno (int errsv)
{
  switch (errsv)
    {
    case ECONNREFUSED:
      return SE_ERROR_CONNECTION_REFUSED;
    case ENETUNREACH:
    case EHOSTUNREACH:
#ifdef EHOSTDOWN
    case EHOSTDOWN:
#endif
#ifdef ENETDOWN
    case ENETDOWN:
#endif
      return SE_ERROR_UNREACHABLE;
    case ETIMEDOUT:
      return SE_ERROR_TIMED_OUT;
    case EADDRINUSE:
      return SE_ERROR_ADDRESS_IN_USE;
    case EADDRNOTAVAIL:
      return SE_ERROR_ADDRESS_NOT_AVAILABLE;
    case EACCES:
    case EPERM:
      return SE_ERROR_PERMISSION_DENIED;
    case ECONNRESET:
    case ECONNABORTED:
      return SE_ERROR_CONNECTION_RESET;
    case EPIPE:
      return SE_ERROR_BROKEN_PIPE;
    case ENOENT:
      return SE_ERROR_NOT_FOUND;
    case EBADF:
#ifdef ESHUTDOWN
    case ESHUTDOWN:
#endif
      return SE_ERROR_CLOSED;
    case ECANCELED:
      return SE_ERROR_CANCELLED;
    default:
      return SE_ERROR_FAILED;
    }
}

/**
 * se_error_new_errno:
 * @errsv: the errno of the failed call
 * @context: (nullable): what was being done: "connect", "bind", "send", …
 * @address: (nullable): the address involved, in endpoint-address form
 *
 * Returns: (transfer full): a #GError in %SE_ERROR whose message says in
 *   plain words what happened and ends with the errno name, e.g.
 *   "Connection refused: nothing is listening on 127.0.0.1:9 (ECONNREFUSED)".
 */
GError *
se_error_new_errno (int         errsv,
                    const char *context,
                    const char *address)
{
  g_autofree char *explanation = explain_errno (errsv, context, address);

  return g_error_new (SE_ERROR,
                      se_error_code_from_errno (errsv),
                      /* Translators: an explanation, then an errno name such as ECONNREFUSED */
                      _("%s (%s)"),
                      explanation, se_errno_name (errsv));
}

void
se_set_error_errno (GError     **error,
                    int          errsv,
                    const char  *context,
                    const char  *address)
{
  if (error == NULL)
    return;

  g_return_if_fail (*error == NULL);

  *error = se_error_new_errno (errsv, context, address);
}
