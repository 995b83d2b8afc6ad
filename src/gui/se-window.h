/* se-window.h: the main window: endpoints in a sidebar, their pages, and the traffic log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "se-endpoint.h"
#include "se-resolver.h"
#include "se-responder.h"
#include "se-traffic-log.h"

G_BEGIN_DECLS

#define SE_TYPE_WINDOW (se_window_get_type ())

G_DECLARE_FINAL_TYPE (SeWindow, se_window, SE, WINDOW, AdwApplicationWindow)

SeWindow     *se_window_new                 (AdwApplication *application);
/* The window's one traffic log, which every listener, client and lookup
 * of the window writes to. */
SeTrafficLog *se_window_get_traffic_log     (SeWindow       *self);
SeResolver   *se_window_get_resolver        (SeWindow       *self);
/* GListModel of SeListenerProxy / SeClientProxy, in the order they were
 * added: the two parts of the window's workspace (se-workspace.h) */
GListModel   *se_window_get_listeners       (SeWindow       *self);
GListModel   *se_window_get_clients         (SeWindow       *self);
/* The page of a listener or client proxy of the window, or NULL */
GtkWidget    *se_window_find_page           (SeWindow       *self,
                                             gpointer        proxy);
/* The SeLogView at the bottom of the content; it is built right after the
 * window's first frame, or by this call if that has not happened yet. */
GtkWidget    *se_window_get_log_view        (SeWindow       *self);
/* The page shown in the content area (a listener page, a client page, the
 * Resolve page or the welcome page) */
GtkWidget    *se_window_get_visible_page    (SeWindow       *self);
/* Starts a listener on exactly that endpoint (no loopback default, unlike
 * the New Listener dialog) on the window's log; once it runs it gets its
 * page, as if started from the dialog. If it cannot start, a toast says
 * why. */
/* Starts the workspace's listeners and shows its clients, not connected;
 * a file that cannot be read is a toast (se-window-workspace.c). */
void          se_window_open_workspace      (SeWindow       *self,
                                             GFile          *file);
gboolean      se_window_save_workspace      (SeWindow       *self,
                                             GFile          *file,
                                             GError        **error);
/* Keeps what the window has in the "session" setting (the application
 * does, when a window is closed); opens what it kept. FALSE if there was
 * nothing. */
void          se_window_save_session        (SeWindow       *self);
gboolean      se_window_restore_session     (SeWindow       *self);
/* Save (Ctrl+S): to the file opened or last saved, else as Save As… */
void          se_window_save_workspace_to_current (SeWindow *self);
/* The file opened or last saved (kept over a restart), or NULL */
GFile        *se_window_get_workspace_file  (SeWindow       *self);
/* The file choosers of Open Workspace… and Save Workspace As… */
void          se_window_choose_workspace_to_open (SeWindow  *self);
void          se_window_choose_workspace_to_save (SeWindow  *self);
void          se_window_start_listener      (SeWindow       *self,
                                             SeEndpoint     *endpoint,
                                             SeResponder    *responder);

G_END_DECLS
