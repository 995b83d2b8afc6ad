/* se-call-private.h: the calls of the log by name, for SeEvent and its views
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "se-event.h"

G_BEGIN_DECLS

/* Whether the call has an "asked" argument worth showing (a bufsize, a
 * byte count, a backlog, shutdown's how, an option's value). */
gboolean _se_call_has_asked (SeCall      call);
/* Appends "recv(65536)=5", "setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)=0",
 * "connect()=-1 ECONNREFUSED": the call with its arguments, without the
 * fd; socket()'s family follows from the protocol and the addresses. */
void     _se_call_append    (GString    *out,
                             SeCall      call,
                             SeProtocol  protocol,
                             const char *local,
                             const char *remote,
                             SeSockopt   option,
                             guint32     asked,
                             gint64      ret,
                             int         error_number);

G_END_DECLS
