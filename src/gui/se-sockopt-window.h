/* se-sockopt-window.h: the options of a page's sockets, read and changed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "se-client-proxy.h"
#include "se-listener-proxy.h"
#include "se-proxy.h"

G_BEGIN_DECLS

#define SE_TYPE_SOCKOPT_WINDOW (se_sockopt_window_get_type ())

G_DECLARE_FINAL_TYPE (SeSockoptWindow, se_sockopt_window, SE, SOCKOPT_WINDOW, AdwWindow)

GtkWidget *se_sockopt_window_new        (GtkWindow       *parent);
/* A socket to choose from (a listener, connection or client proxy),
 * named by label; the first one added is shown. */
void       se_sockopt_window_add_socket (SeSockoptWindow *self,
                                         SeProxy         *socket,
                                         const char      *label);
/* Opens the window for a listener's socket and its connections, or for
 * a client's socket, over the window of from (a page). */
GtkWidget *se_sockopt_window_show_listener (GtkWidget       *from,
                                            SeListenerProxy *listener);
GtkWidget *se_sockopt_window_show_client   (GtkWidget       *from,
                                            SeClientProxy   *client);
/* Reads the shown socket's options again. */
void       se_sockopt_window_refresh    (SeSockoptWindow *self);

G_END_DECLS
