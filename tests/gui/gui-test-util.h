/* gui-test-util.h: driving the window through its widgets and actions, for
 * the window tests and the screenshot driver
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "se-log-view.h"
#include "se-window.h"

G_BEGIN_DECLS

#define GUI_TEST_WAIT_MS 10000

/* The descendant of root (or root) whose widget name is name */
GtkWidget *gui_test_find_named            (GtkWidget  *root,
                                           const char *name);
/* Same, but aborts the test if there is none */
GtkWidget *gui_test_get_named             (GtkWidget  *root,
                                           const char *name);
/* The text widget shows if it is a label or a cell of the log
 * (SeLogText), else NULL */
const char *gui_test_widget_text          (GtkWidget  *widget);
/* Whether a visible label (or log cell) of root contains text */
gboolean   gui_test_find_label            (GtkWidget  *root,
                                           const char *text);
/* Whether the button of root that triggers action can be clicked */
gboolean   gui_test_action_clickable      (GtkWidget  *root,
                                           const char *action);
/* Waits for a visible toplevel of that type to appear, or to be gone */
GtkWidget *gui_test_wait_for_toplevel     (GType       type);
gboolean   gui_test_wait_toplevel_gone    (GType       type);
/* Waits until *location is NULL: the object there had a weak pointer
 * added at location (g_object_add_weak_pointer) and is finalized, or
 * timeout_ms pass */
gboolean   gui_test_wait_finalized        (gpointer    location,
                                           guint       timeout_ms);
/* Waits until the model has at least n items */
gboolean   gui_test_wait_for_items        (GListModel *model,
                                           guint       n);

/* Opens the New Listener dialog */
GtkWidget *gui_test_open_listener_dialog  (SeWindow   *window);
/* Through the New Listener dialog: kind and responder are the rows of its
 * drop-downs (0 = TCP, 1 = UDP …; 0 = none, 1 = echo, 2 = uppercase …).
 * Returns the endpoint with the real port, as the listener page shows it. */
char      *gui_test_start_listener        (SeWindow   *window,
                                           guint       kind,
                                           guint       responder);
/* Opens the New Client dialog and types the endpoint */
GtkWidget *gui_test_open_client_dialog    (SeWindow   *window,
                                           const char *endpoint);
/* Connects a client through the dialog; returns its page */
GtkWidget *gui_test_connect_client        (SeWindow   *window,
                                           const char *endpoint);
/* Selects a row of the window's sidebar: 0 is Resolve, then the
 * listeners, then the clients (the other tools, such as Labs, are not
 * counted) */
void       gui_test_select_sidebar_row    (SeWindow   *window,
                                           int         index);
/* For se_test_wait_until(): reads what has arrived on socket into
 * received without blocking the window's main loop; TRUE once it holds
 * at least expected bytes. */
typedef struct
{
  GSocket    *socket;
  GByteArray *received;
  gsize       expected;
} GuiTestReadWait;

gboolean   gui_test_received_enough_cb    (gpointer    data);

/* Types text into the page's composer and sends it */
void       gui_test_send_from_page        (GtkWidget  *page,
                                           const char *text);

/* A log view on its own log, in a window of 900×600 (the log view's and
 * the export's tests): setup and teardown for g_test_add. */
typedef struct
{
  GtkWindow    *window;
  SeLogView    *view;
  SeTrafficLog *log;
} GuiTestLogFixture;

void       gui_test_log_fixture_setup     (GuiTestLogFixture *fixture,
                                           gconstpointer      data);
void       gui_test_log_fixture_teardown  (GuiTestLogFixture *fixture,
                                           gconstpointer      data);
/* One event with data of len bytes (all retained) */
void       gui_test_append                (SeTrafficLog *log,
                                           SeEventKind   kind,
                                           SeProtocol    protocol,
                                           guint         connection_id,
                                           const char   *local,
                                           const char   *remote,
                                           const char   *data,
                                           gsize         len,
                                           const char   *detail);
/* Nine events over four connections and three protocols (the log view's
 * and the export's tests), flushed. */
void       gui_test_append_sample         (SeTrafficLog *log);

G_END_DECLS
