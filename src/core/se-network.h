/* se-network.h: a network thread for a GUI, and proxies of its sockets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SE_TYPE_NETWORK (se_network_get_type ())

G_DECLARE_FINAL_TYPE (SeNetwork, se_network, SE, NETWORK, GObject)

typedef void (*SeNetworkFunc) (gpointer data);

/* Starts a thread with its own main context. The thread that calls this
 * is the network's owner: proxies (SeListenerProxy, SeClientProxy, …)
 * are used there and are told of changes there, in batches at most once
 * per publish interval (16 ms, a frame). */
SeNetwork    *se_network_new          (void);
GMainContext *se_network_get_context  (SeNetwork     *self);
/* Runs func (data) on the network thread and waits for it; then
 * delivers to the proxies, before returning, the values and list changes
 * it made (signals and async results wait for the main loop). */
void          se_network_call         (SeNetwork     *self,
                                       SeNetworkFunc  func,
                                       gpointer       data);
/* Delivers to the proxies what the network thread published so far,
 * signals and async results included. */
void          se_network_deliver      (SeNetwork     *self);
/* Stops the thread once what is queued for it has run. Proxies still
 * alive keep working as far as reading their last values goes; calls
 * then run on the calling thread. Called by the owner; idempotent. */
void          se_network_shutdown     (SeNetwork     *self);

G_END_DECLS
