/* se-listener-private.h: what a relay needs of SeListener
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "se-listener.h"

G_BEGIN_DECLS

/* One datagram a datagram listener read (and logged): data is valid only
 * during the call; from is the sender in endpoint-address form. */
typedef void (*SeListenerDatagramFunc) (SeListener   *listener,
                                        const char   *from,
                                        const guint8 *data,
                                        gsize         len,
                                        gboolean      can_reply,
                                        gpointer      user_data);

/* Hands every datagram to func instead of the responder (NULL: back to
 * the responder). */
void _se_listener_set_datagram_func (SeListener             *self,
                                     SeListenerDatagramFunc  func,
                                     gpointer                user_data);

/* The log the listener appends to (may be NULL). */
SeTrafficLog *_se_listener_get_log (SeListener *self);

G_END_DECLS
