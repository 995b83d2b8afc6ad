/* se-sockopt-private.h: the sockets the options inspector reads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each is defined in its socket's own file, next to the fd it hands out.
 */
#pragma once

#include "se-client.h"
#include "se-connection.h"
#include "se-listener.h"
#include "se-traffic-log.h"

G_BEGIN_DECLS

/* The socket's fd (-1 if it has none open) and the log its events go to
 * (transfer none, may be NULL). For a stream client: its connection's. */
int _se_connection_get_socket (SeConnection  *self,
                               SeTrafficLog **log);
int _se_listener_get_socket   (SeListener    *self,
                               SeTrafficLog **log);
int _se_client_get_socket     (SeClient      *self,
                               SeTrafficLog **log);

G_END_DECLS
