/* test-window.c: the window, driven only through its actions and widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Needs a display: run under xvfb-run. Without one the test is skipped
 * (exit status 77).
 *
 * Pages and traffic: listeners and clients made through the dialogs,
 * echoes, errors shown on the page, the composer, reconnecting, numbering
 * and a window that serves while busy. What the window keeps is in
 * test-window-state.c, how it shows itself in test-window-view.c.
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gui-test-util.h"
#include "se-preferences-window.h"
#include "se-client-page.h"
#include "se-composer.h"
#include "se-listener-page.h"
#include "se-page.h"
#include "se-log-view.h"
#include "se-new-client-dialog.h"
#include "se-new-listener-dialog.h"
#include "se-test-util.h"
#include "window-test-util.h"
#include "se-window.h"
#include "se-zoom.h"
#include "socket-explorer-core.h"

#define WAIT_MS GUI_TEST_WAIT_MS

/* The log, seen through the log view's rows ------------------------------- */

typedef struct
{
  GListModel  *rows;
  SeEventKind  kind;
  guint64      size;   /* G_MAXUINT64: any */
  guint        count;  /* at least this many */
} RowWait;

static guint
count_rows (GListModel  *rows,
            SeEventKind  kind,
            guint64      size)
{
  guint found = 0;

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(SeEvent) event = g_list_model_get_item (rows, i);

      if (se_event_get_kind (event) == kind &&
          (size == G_MAXUINT64 || se_event_get_size (event) == size))
        found++;
    }

  return found;
}

static gboolean
rows_present_cb (gpointer data)
{
  RowWait *wait = data;

  return count_rows (wait->rows, wait->kind, wait->size) >= wait->count;
}

static void
assert_log_rows (Fixture     *fixture,
                 SeEventKind  kind,
                 guint64      size,
                 guint        count)
{
  SeLogView *view = SE_LOG_VIEW (se_window_get_log_view (fixture->window));
  SeTrafficLog *log = se_window_get_traffic_log (fixture->window);
  RowWait in_view = { se_log_view_get_model (view), kind, size, count };

  g_assert_true (se_log_view_get_log (view) == log);
  if (!se_test_wait_until (rows_present_cb, &in_view, WAIT_MS))
    g_error ("the log view shows %u %s rows of size %" G_GUINT64_FORMAT ", expected %u",
             count_rows (in_view.rows, kind, size), se_event_kind_to_string (kind), size, count);
  g_assert_cmpuint (count_rows (G_LIST_MODEL (log), kind, size), >=, count);
}

/* The client page's replies ----------------------------------------------- */

typedef struct
{
  GtkTextView *view;
  const char  *needle;
} ReplyWait;

static gboolean
text_view_contains_cb (gpointer data)
{
  ReplyWait *wait = data;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (wait->view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  return strstr (text, wait->needle) != NULL;
}

static void
assert_reply_shown (GtkWidget  *client_page,
                    const char *text)
{
  ReplyWait wait = { GTK_TEXT_VIEW (gui_test_get_named (client_page, "client-replies")), text };

  g_assert_true (se_test_wait_until (text_view_contains_cb, &wait, WAIT_MS));
}

typedef struct
{
  GtkLabel    *label;
  const char  *expected;
} LabelWait;

static gboolean
label_is_cb (gpointer data)
{
  LabelWait *wait = data;

  return g_strcmp0 (gtk_label_get_text (wait->label), wait->expected) == 0;
}

/* The counters come through the network thread's proxies: wait for them */
static void
assert_traffic_shown (GtkWidget  *client_page,
                      const char *expected)
{
  LabelWait wait = { GTK_LABEL (gui_test_get_named (client_page, "client-traffic")), expected };

  if (!se_test_wait_until (label_is_cb, &wait, WAIT_MS))
    g_error ("the client's counters read “%s”, not “%s”", gtk_label_get_text (wait.label), expected);
}

/* Tests ------------------------------------------------------------------- */

static void
test_tcp_echo (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *endpoint = gui_test_start_listener (fixture->window, 0 /* TCP */, 1 /* echo */);
  GtkWidget *listener_page = se_window_get_visible_page (fixture->window);
  GtkWidget *client_page;
  GListModel *connections;

  g_assert_true (g_str_has_prefix (endpoint, "tcp://127.0.0.1:"));
  assert_log_rows (fixture, SE_EVENT_LISTEN, G_MAXUINT64, 1);

  client_page = gui_test_connect_client (fixture->window, endpoint);
  assert_log_rows (fixture, SE_EVENT_CONNECT, G_MAXUINT64, 1);
  assert_log_rows (fixture, SE_EVENT_ACCEPT, G_MAXUINT64, 1);

  /* The listener page lists the accepted connection */
  connections = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (gui_test_get_named (listener_page, "listener-connections"))));
  g_assert_true (gui_test_wait_for_items (connections, 1));

  gui_test_send_from_page (client_page, "hello");
  /* The client sends 5 bytes, the listener receives them and echoes them,
   * and the client receives the echo. */
  assert_log_rows (fixture, SE_EVENT_SEND, 5, 2);
  assert_log_rows (fixture, SE_EVENT_RECEIVE, 5, 2);

  assert_reply_shown (client_page, "hello");
  /* A stream counts reads and sends, not messages it does not have */
  assert_traffic_shown (client_page, "Sent 5 bytes in 1 send · received 5 bytes in 1 read");

  /* A received event's details explain recv(), with its Python line */
  {
    SeLogView *view = SE_LOG_VIEW (se_window_get_log_view (fixture->window));
    GListModel *rows = se_log_view_get_model (view);
    const char *explanation;

    for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
      {
        g_autoptr(SeEvent) event = g_list_model_get_item (rows, i);

        if (se_event_get_kind (event) == SE_EVENT_RECEIVE)
          {
            se_log_view_select (view, i);
            break;
          }
      }
    se_test_spin (50);
    explanation = gtk_label_get_text (GTK_LABEL (gui_test_get_named (GTK_WIDGET (fixture->window), "explain-label")));
    g_assert_true (g_str_has_prefix (explanation, "recv() returns bytes"));
    g_assert_nonnull (strstr (explanation, "data = conn.recv(1024)"));
    se_log_view_select (view, GTK_INVALID_LIST_POSITION);
  }

  /* The endpoint is remembered, most recent first */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_auto(GStrv) recent = g_settings_get_strv (settings, "recent-endpoints");

    g_assert_nonnull (recent[0]);
    g_assert_cmpstr (recent[0], ==, endpoint);
  }

  /* Half-close from the client: the echo listener sees the end of the stream */
  g_assert_true (gui_test_action_clickable (client_page, "client.half-close"));
  gtk_widget_activate_action (client_page, "client.half-close", NULL);
  assert_log_rows (fixture, SE_EVENT_SHUTDOWN, G_MAXUINT64, 1);

  /* Both pages keep the SePage contract the sidebar and header read */
  {
    g_autofree char *title = se_page_dup_title (SE_PAGE (client_page));
    g_autofree char *page_endpoint = se_page_dup_endpoint (SE_PAGE (listener_page));
    g_autofree char *icon = se_page_dup_icon_name (SE_PAGE (listener_page));

    g_assert_true (g_str_has_prefix (title, "TCP Client #"));
    g_assert_cmpstr (page_endpoint, ==, endpoint);
    g_assert_cmpstr (icon, ==, "network-server-symbolic");
  }

  /* Stop the listener from its page */
  gtk_widget_activate_action (listener_page, "listener.stop", NULL);
  g_assert_false (gui_test_action_clickable (listener_page, "listener.stop"));
  assert_log_rows (fixture, SE_EVENT_CLOSE, G_MAXUINT64, 1);
}

static void
test_udp_echo (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *endpoint = gui_test_start_listener (fixture->window, 1 /* UDP */, 1 /* echo */);
  GtkWidget *listener_page = se_window_get_visible_page (fixture->window);
  GtkWidget *client_page;
  GListModel *peers;

  g_assert_true (g_str_has_prefix (endpoint, "udp://127.0.0.1:"));
  assert_log_rows (fixture, SE_EVENT_BIND, G_MAXUINT64, 1);

  client_page = gui_test_connect_client (fixture->window, endpoint);
  gui_test_send_from_page (client_page, "hello");

  assert_log_rows (fixture, SE_EVENT_SEND, 5, 2);
  assert_log_rows (fixture, SE_EVENT_RECEIVE, 5, 2);
  g_assert_cmpuint (count_rows (G_LIST_MODEL (se_window_get_traffic_log (fixture->window)),
                                SE_EVENT_ACCEPT, G_MAXUINT64), ==, 0);

  assert_reply_shown (client_page, "hello");
  assert_traffic_shown (client_page, "Sent 5 bytes in 1 datagram · received 5 bytes in 1 datagram");

  /* The listener page lists the peer it heard from, and can answer it */
  peers = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (gui_test_get_named (listener_page, "listener-peers"))));
  g_assert_true (gui_test_wait_for_items (peers, 1));
  /* with headers: address, received, sent */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (GTK_COLUMN_VIEW (gui_test_get_named (listener_page, "listener-peers")))), ==, 3);
  /* The client shows its peer as TCP does, without the scheme */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gui_test_get_named (client_page, "client-remote"))), ==,
                   endpoint + strlen ("udp://"));
  /* Rows: Resolve, the listener, the client */
  gui_test_select_sidebar_row (fixture->window, 1);
  g_assert_true (se_window_get_visible_page (fixture->window) == listener_page);
  gui_test_send_from_page (listener_page, "hi");
  assert_log_rows (fixture, SE_EVENT_SEND, 2, 1);
  assert_log_rows (fixture, SE_EVENT_RECEIVE, 2, 1);
}

static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *endpoint = gui_test_start_listener (fixture->window, 0 /* TCP */, 0 /* none */);
  GtkWidget *listener_page = se_window_get_visible_page (fixture->window);
  GtkWidget *dialog, *message;
  guint errors_before;

  /* Stop it: nothing listens on that port any more */
  gtk_widget_activate_action (listener_page, "listener.stop", NULL);
  g_assert_false (se_listener_proxy_get_running (se_listener_page_get_listener (SE_LISTENER_PAGE (listener_page))));
  errors_before = count_rows (G_LIST_MODEL (se_window_get_traffic_log (fixture->window)),
                              SE_EVENT_ERROR, G_MAXUINT64);

  dialog = gui_test_open_client_dialog (fixture->window, endpoint);
  gtk_widget_activate_action (dialog, "dialog.connect", NULL);

  message = gui_test_get_named (dialog, "client-error");
  g_assert_true (se_test_wait_until ((gboolean (*) (gpointer)) gtk_widget_is_visible, message, WAIT_MS));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (message)), "refused"));
  assert_log_rows (fixture, SE_EVENT_ERROR, G_MAXUINT64, errors_before + 1);

  /* The dialog stays open for another try, and no client was added */
  g_assert_true (gtk_widget_get_visible (dialog));
  g_assert_cmpuint (g_list_model_get_n_items (se_window_get_clients (fixture->window)), ==, 0);
  gtk_window_close (GTK_WINDOW (dialog));
}

static void
test_invalid_endpoint (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkWidget *dialog = gui_test_open_client_dialog (fixture->window, "tcp//127.0.0.1:7");
  GtkWidget *message = gui_test_get_named (dialog, "client-error");

  g_assert_true (gtk_widget_is_visible (message));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (message)), !=, "");
  g_assert_false (gui_test_action_clickable (dialog, "dialog.connect"));

  gtk_editable_set_text (GTK_EDITABLE (gui_test_get_named (dialog, "client-endpoint-entry")), "tcp://127.0.0.1:0");
  g_assert_true (gtk_widget_is_visible (message));
  g_assert_false (gui_test_action_clickable (dialog, "dialog.connect"));

  gtk_editable_set_text (GTK_EDITABLE (gui_test_get_named (dialog, "client-endpoint-entry")), "tcp://127.0.0.1:7");
  g_assert_false (gtk_widget_is_visible (message));
  g_assert_true (gui_test_action_clickable (dialog, "dialog.connect"));

  gtk_window_close (GTK_WINDOW (dialog));
}

static void
test_all_interfaces_warning (Fixture       *fixture,
                             gconstpointer  data)
{
  GtkWidget *dialog;
  GtkWidget *warning;

  dialog = gui_test_open_listener_dialog (fixture->window);
  warning = gui_test_get_named (dialog, "listener-warning");

  g_assert_false (gtk_widget_is_visible (warning));
  adw_combo_row_set_selected (ADW_COMBO_ROW (gui_test_get_named (dialog, "listener-address")), 2);  /* 0.0.0.0 */
  g_assert_true (gtk_widget_is_visible (warning));
  adw_combo_row_set_selected (ADW_COMBO_ROW (gui_test_get_named (dialog, "listener-address")), 3);  /* :: */
  g_assert_true (gtk_widget_is_visible (warning));
  adw_combo_row_set_selected (ADW_COMBO_ROW (gui_test_get_named (dialog, "listener-address")), 0);
  g_assert_false (gtk_widget_is_visible (warning));

  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_cmpuint (g_list_model_get_n_items (se_window_get_listeners (fixture->window)), ==, 0);
}

/* Enter in the first field starts the listener: the focus is in the port,
 * not on Cancel, and Start is the default widget. */
static void
test_listener_dialog_enter (Fixture       *fixture,
                            gconstpointer  data)
{
  GListModel *listeners = se_window_get_listeners (fixture->window);
  GtkWidget *dialog, *port, *focus, *start;
  SeListenerProxy *listener;

  dialog = gui_test_open_listener_dialog (fixture->window);
  se_test_spin (20);

  port = gui_test_get_named (dialog, "listener-port");
  focus = gtk_root_get_focus (GTK_ROOT (dialog));
  g_assert_nonnull (focus);
  g_assert_true (focus == port || gtk_widget_is_ancestor (focus, port));

  start = gtk_window_get_default_widget (GTK_WINDOW (dialog));
  g_assert_nonnull (start);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (start)), ==, "dialog.start");

  /* Enter, as the key press would: the focused text emits "activate" */
  g_assert_true (GTK_IS_TEXT (focus));
  g_signal_emit_by_name (focus, "activate");
  g_assert_true (gui_test_wait_for_items (listeners, 1));
  g_assert_true (gui_test_wait_toplevel_gone (SE_TYPE_NEW_LISTENER_DIALOG));

  listener = g_list_model_get_item (listeners, 0);
  g_assert_true (se_listener_proxy_get_running (listener));
  g_assert_cmpuint (se_endpoint_get_port (se_listener_proxy_get_endpoint (listener)), !=, 0);
  g_object_unref (listener);
  assert_log_rows (fixture, SE_EVENT_LISTEN, G_MAXUINT64, 1);
}

/* Enter in the endpoint connects */
static void
test_client_dialog_enter (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *endpoint = gui_test_start_listener (fixture->window, 0 /* TCP */, 1 /* echo */);
  GtkWidget *dialog = gui_test_open_client_dialog (fixture->window, endpoint);
  GtkWidget *entry = gui_test_get_named (dialog, "client-endpoint-entry");
  GtkWidget *focus;

  se_test_spin (20);
  focus = gtk_root_get_focus (GTK_ROOT (dialog));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, entry));

  g_assert_true (GTK_IS_TEXT (focus));
  g_signal_emit_by_name (focus, "activate");
  g_assert_true (gui_test_wait_for_items (se_window_get_clients (fixture->window), 1));
  g_assert_true (gui_test_wait_toplevel_gone (SE_TYPE_NEW_CLIENT_DIALOG));
  assert_log_rows (fixture, SE_EVENT_CONNECT, G_MAXUINT64, 1);
}

/* A failed start says why; changing the port makes the message go away,
 * and the next try starts. */
static void
test_listener_error_clears (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *endpoint = gui_test_start_listener (fixture->window, 0 /* TCP */, 0 /* none */);
  g_autoptr(SeEndpoint) taken = se_endpoint_parse (endpoint, NULL);
  GListModel *listeners = se_window_get_listeners (fixture->window);
  GtkWidget *dialog, *error, *port;

  g_assert_nonnull (taken);
  dialog = gui_test_open_listener_dialog (fixture->window);
  error = gui_test_get_named (dialog, "listener-error");
  port = gui_test_get_named (dialog, "listener-port");

  /* The port the first listener holds */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (port), se_endpoint_get_port (taken));
  gtk_widget_activate_action (dialog, "dialog.start", NULL);
  g_assert_true (se_test_wait_until ((gboolean (*) (gpointer)) gtk_widget_is_visible, error, WAIT_MS));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error)), !=, "");
  g_assert_cmpuint (g_list_model_get_n_items (listeners), ==, 1);

  /* Typing another port clears it */
  gtk_editable_set_text (GTK_EDITABLE (port), "0");
  g_assert_false (gtk_widget_is_visible (error));

  /* So does choosing another address after a new failure */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (port), se_endpoint_get_port (taken));
  gtk_widget_activate_action (dialog, "dialog.start", NULL);
  g_assert_true (se_test_wait_until ((gboolean (*) (gpointer)) gtk_widget_is_visible, error, WAIT_MS));
  adw_combo_row_set_selected (ADW_COMBO_ROW (gui_test_get_named (dialog, "listener-address")), 1);  /* ::1 */
  g_assert_false (gtk_widget_is_visible (error));
  adw_combo_row_set_selected (ADW_COMBO_ROW (gui_test_get_named (dialog, "listener-address")), 0);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (port), 0);
  gtk_widget_activate_action (dialog, "dialog.start", NULL);
  g_assert_true (gui_test_wait_for_items (listeners, 2));
  g_assert_true (gui_test_wait_toplevel_gone (SE_TYPE_NEW_LISTENER_DIALOG));
}

static gboolean
composer_idle_cb (gpointer data)
{
  return !se_composer_get_repeating (data);
}

/* A repeated send says how far it got, and the hint counts the repeats */
static void
test_composer_repeat (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *endpoint = gui_test_start_listener (fixture->window, 0 /* TCP */, 0 /* none */);
  GtkWidget *page = gui_test_connect_client (fixture->window, endpoint);
  GtkWidget *message = gui_test_get_named (page, "composer-message");
  GtkWidget *composer = gtk_widget_get_ancestor (gui_test_get_named (page, "composer-entry"), SE_TYPE_COMPOSER);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (gui_test_get_named (page, "composer-count")), 3);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (gui_test_get_named (page, "composer-interval")), 200);
  gtk_editable_set_text (GTK_EDITABLE (gui_test_get_named (page, "composer-entry")), "again\\n");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (message)), "6 bytes will be sent 3 times"));

  gui_test_send_from_page (page, "again\\n");
  g_assert_true (se_composer_get_repeating (SE_COMPOSER (composer)));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (message)), ==, "Sending 1 of 3…");
  g_assert_true (gui_test_action_clickable (page, "composer.stop"));

  g_assert_true (se_test_wait_until (composer_idle_cb, composer, WAIT_MS));
  assert_log_rows (fixture, SE_EVENT_SEND, 6, 3);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (message)), "6 bytes will be sent 3 times"));
  g_assert_false (gui_test_action_clickable (page, "composer.stop"));
}

/* A datagram greeting closes nothing; a datagram client has no connect timeout */
static void
test_datagram_choices (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkWidget *dialog;
  AdwComboRow *responder;
  GtkStringList *responders;

  dialog = gui_test_open_listener_dialog (fixture->window);
  responder = ADW_COMBO_ROW (gui_test_get_named (dialog, "listener-responder"));
  responders = GTK_STRING_LIST (adw_combo_row_get_model (responder));
  adw_combo_row_set_selected (responder, 4);
  g_assert_cmpstr (gtk_string_list_get_string (responders, 4), ==, "Greeting, then close");
  adw_combo_row_set_selected (ADW_COMBO_ROW (gui_test_get_named (dialog, "listener-kind")), 1);  /* UDP */
  g_assert_cmpstr (gtk_string_list_get_string (responders, 4), ==, "Greeting");
  g_assert_cmpuint (adw_combo_row_get_selected (responder), ==, 4);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (gui_test_get_named (dialog, "listener-greeting"))), ==,
                   "Thank you for connection");
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (gui_test_wait_toplevel_gone (SE_TYPE_NEW_LISTENER_DIALOG));

  dialog = gui_test_open_client_dialog (fixture->window, "udp://127.0.0.1:9");
  g_assert_false (gtk_widget_is_visible (gui_test_get_named (dialog, "client-timeout")));
  gtk_editable_set_text (GTK_EDITABLE (gui_test_get_named (dialog, "client-endpoint-entry")), "tcp://127.0.0.1:9");
  g_assert_true (gtk_widget_is_visible (gui_test_get_named (dialog, "client-timeout")));
  gtk_window_close (GTK_WINDOW (dialog));
}

static gboolean
client_connected_cb (gpointer data)
{
  return se_client_proxy_get_connected (data);
}

/* A closed client connects again as a new connection; a stopped listener
 * binds its address again. Both only when they apply. */
static void
test_reconnect_restart (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *endpoint = gui_test_start_listener (fixture->window, 0 /* TCP */, 1 /* echo */);
  GtkWidget *listener_page = se_window_get_visible_page (fixture->window);
  SeListenerProxy *listener = se_listener_page_get_listener (SE_LISTENER_PAGE (listener_page));
  GtkWidget *client_page = gui_test_connect_client (fixture->window, endpoint);
  SeClientProxy *client = se_client_page_get_client (SE_CLIENT_PAGE (client_page));
  guint first_id = se_client_proxy_get_id (client);
  g_autofree char *title = NULL;

  /* The heading is no Tab stop */
  g_assert_false (gtk_widget_get_focusable (gui_test_get_named (client_page, "client-endpoint")));
  g_assert_false (gtk_widget_get_focusable (gui_test_get_named (listener_page, "listener-endpoint")));

  g_assert_false (gui_test_action_clickable (client_page, "client.reconnect"));
  gtk_widget_activate_action (client_page, "client.close", NULL);
  g_assert_false (se_client_proxy_get_connected (client));
  g_assert_true (gui_test_action_clickable (client_page, "client.reconnect"));

  gtk_widget_activate_action (client_page, "client.reconnect", NULL);
  g_assert_true (se_test_wait_until (client_connected_cb, client, WAIT_MS));
  assert_log_rows (fixture, SE_EVENT_CONNECT, G_MAXUINT64, 2);
  assert_log_rows (fixture, SE_EVENT_ACCEPT, G_MAXUINT64, 2);
  g_assert_cmpuint (se_client_proxy_get_id (client), !=, first_id);
  /* The page keeps its number among the TCP clients: the same client */
  g_object_get (client_page, "title", &title, NULL);
  g_assert_cmpstr (title, ==, "TCP Client #1");
  g_assert_false (gui_test_action_clickable (client_page, "client.reconnect"));

  /* The new connection works */
  gui_test_send_from_page (client_page, "again");
  assert_reply_shown (client_page, "again");

  /* Stop the listener, then start it again on the same port */
  g_assert_false (gui_test_action_clickable (listener_page, "listener.start"));
  gtk_widget_activate_action (listener_page, "listener.stop", NULL);
  g_assert_false (se_listener_proxy_get_running (listener));
  g_assert_true (gui_test_action_clickable (listener_page, "listener.start"));

  gtk_widget_activate_action (listener_page, "listener.start", NULL);
  g_assert_true (se_test_wait_until (listener_running_cb, listener, WAIT_MS));
  assert_log_rows (fixture, SE_EVENT_BIND, G_MAXUINT64, 2);
  assert_log_rows (fixture, SE_EVENT_LISTEN, G_MAXUINT64, 2);
  g_assert_false (gui_test_action_clickable (listener_page, "listener.start"));
  g_assert_true (gui_test_action_clickable (listener_page, "listener.stop"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gui_test_get_named (listener_page, "listener-endpoint"))), ==, endpoint);

  /* and a client reaches it there */
  gtk_widget_activate_action (client_page, "client.close", NULL);
  gtk_widget_activate_action (client_page, "client.reconnect", NULL);
  g_assert_true (se_test_wait_until (client_connected_cb, client, WAIT_MS));
  assert_log_rows (fixture, SE_EVENT_ACCEPT, G_MAXUINT64, 3);
}

/* The window's sockets run on their own thread: a listener answers while
 * the GUI thread does not iterate its main loop at all (here it blocks in
 * recv()), and what happened reaches the log and the page afterwards. */
static void
test_serves_while_gui_busy (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *endpoint = gui_test_start_listener (fixture->window, 0 /* TCP */, 1 /* echo */);
  GtkWidget *listener_page = se_window_get_visible_page (fixture->window);
  g_autoptr(SeEndpoint) parsed = se_endpoint_parse (endpoint, NULL);
  struct sockaddr_in addr = { 0 };
  struct timeval tv = { 5, 0 };
  char buf[8] = { 0 };
  GListModel *connections;
  int fd;

  addr.sin_family = AF_INET;
  addr.sin_port = g_htons (se_endpoint_get_port (parsed));
  addr.sin_addr.s_addr = g_htonl (INADDR_LOOPBACK);
  fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (fd, >=, 0);
  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  g_assert_cmpint (connect (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (send (fd, "busy", 4, MSG_NOSIGNAL), ==, 4);
  g_assert_cmpint (recv (fd, buf, sizeof buf, MSG_WAITALL), ==, 4);
  g_assert_cmpstr (buf, ==, "busy");

  connections = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (gui_test_get_named (listener_page, "listener-connections"))));
  g_assert_true (gui_test_wait_for_items (connections, 1));
  assert_log_rows (fixture, SE_EVENT_RECEIVE, 4, 1);
  assert_log_rows (fixture, SE_EVENT_SEND, 4, 1);
  close (fd);
}

/* Pages are numbered per kind: the second TCP client is "TCP Client #2"
 * even though the log's connection ids count every connection */
static void
test_numbering (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *tcp = gui_test_start_listener (fixture->window, 0 /* TCP */, 1 /* echo */);
  GtkWidget *tcp_listener = se_window_get_visible_page (fixture->window);
  GtkWidget *first = gui_test_connect_client (fixture->window, tcp);
  GtkWidget *second = gui_test_connect_client (fixture->window, tcp);
  g_autofree char *udp = gui_test_start_listener (fixture->window, 1 /* UDP */, 1 /* echo */);
  GtkWidget *udp_listener = se_window_get_visible_page (fixture->window);
  GtkWidget *third = gui_test_connect_client (fixture->window, udp);
  struct { GtkWidget *page; const char *title; } expected[] = {
    { tcp_listener, "TCP Listener #1" },
    { udp_listener, "UDP Listener #1" },
    { first, "TCP Client #1" },
    { second, "TCP Client #2" },
    { third, "UDP Client #1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *title = se_page_dup_title (SE_PAGE (expected[i].page));

      g_assert_cmpstr (title, ==, expected[i].title);
    }
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("No display: skipping the window tests (run them under xvfb-run)\n");
      return 77;
    }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/window/tcp-echo", Fixture, NULL, fixture_set_up, test_tcp_echo, fixture_tear_down);
  g_test_add ("/window/udp-echo", Fixture, NULL, fixture_set_up, test_udp_echo, fixture_tear_down);
  g_test_add ("/window/refused", Fixture, NULL, fixture_set_up, test_refused, fixture_tear_down);
  g_test_add ("/window/invalid-endpoint", Fixture, NULL, fixture_set_up, test_invalid_endpoint, fixture_tear_down);
  g_test_add ("/window/all-interfaces-warning", Fixture, NULL, fixture_set_up, test_all_interfaces_warning, fixture_tear_down);
  g_test_add ("/window/listener-dialog-enter", Fixture, NULL, fixture_set_up, test_listener_dialog_enter, fixture_tear_down);
  g_test_add ("/window/client-dialog-enter", Fixture, NULL, fixture_set_up, test_client_dialog_enter, fixture_tear_down);
  g_test_add ("/window/listener-error-clears", Fixture, NULL, fixture_set_up, test_listener_error_clears, fixture_tear_down);
  g_test_add ("/window/composer-repeat", Fixture, NULL, fixture_set_up, test_composer_repeat, fixture_tear_down);
  g_test_add ("/window/datagram-choices", Fixture, NULL, fixture_set_up, test_datagram_choices, fixture_tear_down);
  g_test_add ("/window/reconnect-restart", Fixture, NULL, fixture_set_up, test_reconnect_restart, fixture_tear_down);
  g_test_add ("/window/serves-while-gui-busy", Fixture, NULL, fixture_set_up, test_serves_while_gui_busy, fixture_tear_down);
  g_test_add ("/window/numbering", Fixture, NULL, fixture_set_up, test_numbering, fixture_tear_down);

  return g_test_run ();
}
