/* se-error.h: the error domain of the Socket Explorer core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SE_ERROR (se_error_quark ())

/**
 * SeError:
 * Every failure the core reports carries one of these codes in the
 * %SE_ERROR domain. Socket failures also carry the errno name in the
 * message, e.g. "Connection refused … (ECONNREFUSED)".
 */
typedef enum
{
  SE_ERROR_FAILED,               /* any other errno */
  SE_ERROR_INVALID_ENDPOINT,     /* endpoint notation could not be parsed */
  SE_ERROR_INVALID_PAYLOAD,      /* bad escape or hex */
  SE_ERROR_INVALID_RESPONDER,    /* unknown responder name */
  SE_ERROR_CONNECTION_REFUSED,   /* ECONNREFUSED */
  SE_ERROR_UNREACHABLE,          /* ENETUNREACH, EHOSTUNREACH */
  SE_ERROR_TIMED_OUT,            /* ETIMEDOUT or our own timeout */
  SE_ERROR_ADDRESS_IN_USE,       /* EADDRINUSE */
  SE_ERROR_ADDRESS_NOT_AVAILABLE,/* EADDRNOTAVAIL */
  SE_ERROR_PERMISSION_DENIED,    /* EACCES, EPERM */
  SE_ERROR_NAME_NOT_FOUND,       /* getaddrinfo/getnameinfo failures */
  SE_ERROR_CONNECTION_RESET,     /* ECONNRESET */
  SE_ERROR_BROKEN_PIPE,          /* EPIPE */
  SE_ERROR_NOT_FOUND,            /* ENOENT (Unix socket path), unknown service/protocol */
  SE_ERROR_QUEUE_FULL,           /* the bounded send queue has no room */
  SE_ERROR_CLOSED,               /* the socket is already closed or shut down */
  SE_ERROR_CANCELLED,            /* the operation was cancelled */
} SeError;

GQuark       se_error_quark        (void);
const char  *se_errno_name         (int          errsv);
SeError      se_error_code_from_errno (int       errsv);
GError      *se_error_new_errno    (int          errsv,
                                    const char  *context,
                                    const char  *address);
void         se_set_error_errno    (GError     **error,
                                    int          errsv,
                                    const char  *context,
                                    const char  *address);

G_END_DECLS
