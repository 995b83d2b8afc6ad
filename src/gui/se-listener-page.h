/* se-listener-page.h: one listener, its connections or peers, and a composer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "se-connection-proxy.h"
#include "se-listener-proxy.h"
#include "se-peer-proxy.h"
#include "se-traffic-log.h"

G_BEGIN_DECLS

#define SE_TYPE_LISTENER_PAGE (se_listener_page_get_type ())

G_DECLARE_FINAL_TYPE (SeListenerPage, se_listener_page, SE, LISTENER_PAGE, GtkWidget)

/* ::remove-requested is emitted by the "listener.remove" action, once the
 * listener is stopped; the window then drops the page. */
GtkWidget   *se_listener_page_new          (SeListenerProxy     *listener,
                                            SeTrafficLog   *log);
SeListenerProxy  *se_listener_page_get_listener (SeListenerPage *self);
/* The listener could not start (its port is taken…): the page says why,
 * with a Retry button, until it runs. */
void         se_listener_page_set_start_error (SeListenerPage *self,
                                               const GError   *error);

G_END_DECLS
