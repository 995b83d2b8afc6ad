/* se-new-listener-dialog.h: choose a listener's kind, address, port and responder, and start it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "se-listener-proxy.h"
#include "se-traffic-log.h"

G_BEGIN_DECLS

#define SE_TYPE_NEW_LISTENER_DIALOG (se_new_listener_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SeNewListenerDialog, se_new_listener_dialog, SE, NEW_LISTENER_DIALOG, AdwWindow)

/* ::started (SeListenerProxy *listener) is emitted once the listener is bound
 * (and listening); the dialog then closes. Failures are shown in the
 * dialog, in plain words. */
SeNewListenerDialog *se_new_listener_dialog_new (GtkWindow    *parent,
                                                 SeNetwork    *network,
                                                 SeTrafficLog *log);

G_END_DECLS
