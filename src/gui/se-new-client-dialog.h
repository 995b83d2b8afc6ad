/* se-new-client-dialog.h: type (or pick) an endpoint, and connect a client to it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "se-client-proxy.h"
#include "se-listener-proxy.h"
#include "se-traffic-log.h"

G_BEGIN_DECLS

#define SE_TYPE_NEW_CLIENT_DIALOG (se_new_client_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SeNewClientDialog, se_new_client_dialog, SE, NEW_CLIENT_DIALOG, AdwWindow)

/* recent: the recently used endpoints, most recent first; listeners: the
 * window's SeListenerProxy list, offered when running. ::connected (SeClientProxy *)
 * is emitted once the client is connected (stream) or its socket is open
 * (datagram); the dialog then closes. Failures are shown in the dialog. */
SeNewClientDialog *se_new_client_dialog_new          (GtkWindow          *parent,
                                                      SeNetwork          *network,
                                                      SeTrafficLog       *log,
                                                      const char * const *recent,
                                                      GListModel         *listeners);
void               se_new_client_dialog_set_endpoint (SeNewClientDialog  *self,
                                                      const char         *text);

G_END_DECLS
