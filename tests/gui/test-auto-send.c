/* test-auto-send.c: the composer's auto-send and Send File through the
 * core's sender, with progress and Stop, on a client page and on each
 * connection of a listener page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "gui-test-util.h"
#include "se-client-page.h"
#include "se-composer.h"
#include "se-listener-page.h"
#include "se-send-progress.h"
#include "socket-explorer-core.h"
#include "se-test-util.h"
#include "se-window.h"

#define WAIT_MS GUI_TEST_WAIT_MS

static SeWindow *
window_new (void)
{
  SeWindow *window = se_window_new (NULL);

  gtk_window_present (GTK_WINDOW (window));
  se_test_spin (50);
  return window;
}

static void
window_destroy (SeWindow *window)
{
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (gui_test_wait_finalized (&window, WAIT_MS));
}

static SeComposer *
page_composer (GtkWidget *page)
{
  return SE_COMPOSER (gtk_widget_get_ancestor (gui_test_get_named (page, "composer-entry"), SE_TYPE_COMPOSER));
}

static const char *
progress_text (GtkWidget *page)
{
  return se_send_progress_get_text (SE_SEND_PROGRESS (gui_test_get_named (page, "composer-progress")));
}

static void
set_repeat (GtkWidget  *page,
            const char *text,
            guint       count,
            guint       interval)
{
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (gui_test_get_named (page, "composer-count")), count);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (gui_test_get_named (page, "composer-interval")), interval);
  gtk_editable_set_text (GTK_EDITABLE (gui_test_get_named (page, "composer-entry")), text);
}

static gboolean
composer_idle_cb (gpointer data)
{
  return !se_composer_get_repeating (data);
}

typedef struct
{
  GListModel *connections;
  guint       index;
  guint64     bytes;
} BytesWait;

static gboolean
connection_received_cb (gpointer data)
{
  BytesWait *wait = data;
  g_autoptr(SeConnectionProxy) connection = g_list_model_get_item (wait->connections, wait->index);

  return connection != NULL && se_connection_proxy_get_bytes_received (connection) >= wait->bytes;
}

static guint64
connection_received (GListModel *connections,
                     guint       index)
{
  g_autoptr(SeConnectionProxy) connection = g_list_model_get_item (connections, index);

  return se_connection_proxy_get_bytes_received (connection);
}

/* A client page: N times on a timer, the progress bar counting, then
 * gone; {{counter}} counts through the run */
static void
test_client_auto_send (void)
{
  SeWindow *window = window_new ();
  g_autofree char *endpoint = gui_test_start_listener (window, 0 /* TCP */, 0 /* none */);
  GtkWidget *page = gui_test_connect_client (window, endpoint);
  SeComposer *composer = page_composer (page);
  g_autoptr(SeListenerProxy) listener = g_list_model_get_item (se_window_get_listeners (window), 0);
  GListModel *connections = se_listener_proxy_get_connections (listener);
  BytesWait wait = { connections, 0, strlen ("n1;n2;n3;n4;n5;") };

  g_assert_true (gui_test_wait_for_items (connections, 1));
  set_repeat (page, "n{{counter}};", 5, 60);
  gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL);
  g_assert_true (se_composer_get_repeating (composer));
  g_assert_true (gui_test_action_clickable (page, "composer.stop"));
  g_assert_false (gui_test_action_clickable (page, "composer.send-file"));
  g_assert_cmpstr (progress_text (page), ==, "1 of 5 sent");
  g_assert_true (gtk_widget_get_visible (gui_test_get_named (page, "send-progress")));

  g_assert_true (se_test_wait_until (composer_idle_cb, composer, WAIT_MS));
  g_assert_true (se_test_wait_until (connection_received_cb, &wait, WAIT_MS));
  g_assert_cmpuint (connection_received (connections, 0), ==, wait.bytes);
  g_assert_cmpstr (progress_text (page), ==, "");
  g_assert_false (gui_test_action_clickable (page, "composer.stop"));
  g_assert_true (gui_test_action_clickable (page, "composer.send"));

  window_destroy (window);
}

/* A listener page: each connection its own auto-send; the composer shows
 * the selected one's, and Stop stops only that */
static void
test_connection_auto_send (void)
{
  SeWindow *window = window_new ();
  g_autofree char *endpoint = gui_test_start_listener (window, 0 /* TCP */, 0 /* none */);
  g_autoptr(SeListenerProxy) listener = g_list_model_get_item (se_window_get_listeners (window), 0);
  GListModel *connections = se_listener_proxy_get_connections (listener);
  GtkWidget *page;
  SeComposer *composer;
  GtkSingleSelection *selection;
  g_autoptr(GSocketClient) socket_client = g_socket_client_new ();
  g_autoptr(GSocketConnection) first = NULL;
  g_autoptr(GSocketConnection) second = NULL;
  g_autoptr(GError) error = NULL;
  const char *host_port = endpoint + strlen ("tcp://");
  g_autoptr(SeSenderProxy) first_sender = NULL;
  char buffer[4096];
  gssize n;

  first = g_socket_client_connect_to_host (socket_client, host_port, 0, NULL, &error);
  g_assert_no_error (error);
  second = g_socket_client_connect_to_host (socket_client, host_port, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gui_test_wait_for_items (connections, 2));

  gui_test_select_sidebar_row (window, 1);
  page = se_window_get_visible_page (window);
  g_assert_true (SE_IS_LISTENER_PAGE (page));
  composer = page_composer (page);
  selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (GTK_COLUMN_VIEW (gui_test_get_named (page, "listener-connections"))));

  /* The first connection: until stopped, every 5 ms */
  gtk_single_selection_set_selected (selection, 0);
  set_repeat (page, "x", 0, 5);
  g_assert_true (gui_test_action_clickable (page, "composer.send"));
  gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL);
  g_assert_true (se_composer_get_repeating (composer));
  g_assert_nonnull (strstr (progress_text (page), "until stopped"));
  {
    g_autoptr(SeConnectionProxy) connection = g_list_model_get_item (connections, 0);

    first_sender = se_sender_proxy_new (SE_PROXY (connection), NULL);
  }
  g_assert_true (se_sender_proxy_get_running (first_sender));

  /* The second: nothing running there, Send is offered; the first goes on */
  gtk_single_selection_set_selected (selection, 1);
  g_assert_false (se_composer_get_repeating (composer));
  g_assert_true (gui_test_action_clickable (page, "composer.send"));
  g_assert_cmpstr (progress_text (page), ==, "");
  g_assert_true (se_sender_proxy_get_running (first_sender));

  /* Back to the first: its run is shown, and Stop ends it */
  gtk_single_selection_set_selected (selection, 0);
  g_assert_true (se_composer_get_repeating (composer));
  g_assert_true (gui_test_action_clickable (page, "composer.stop"));
  gtk_widget_activate_action (GTK_WIDGET (composer), "composer.stop", NULL);
  g_assert_false (se_sender_proxy_get_running (first_sender));
  g_assert_false (se_composer_get_repeating (composer));
  g_assert_cmpuint (se_sender_proxy_get_done (first_sender), >, 0);

  /* The first socket got the x's, the second none */
  g_socket_set_blocking (g_socket_connection_get_socket (first), FALSE);
  g_socket_set_blocking (g_socket_connection_get_socket (second), FALSE);
  se_test_spin (50);
  n = g_socket_receive (g_socket_connection_get_socket (first), buffer, sizeof buffer, NULL, NULL);
  g_assert_cmpint (n, >, 0);
  g_assert_cmpint (buffer[0], ==, 'x');
  n = g_socket_receive (g_socket_connection_get_socket (second), buffer, sizeof buffer, NULL, NULL);
  g_assert_cmpint (n, <, 0);

  g_clear_object (&first_sender);
  window_destroy (window);
}

/* Send File: a 64 MiB file to a server that does not read goes out as
 * far as the socket buffers and the bounded queue take it, shows its
 * progress, and Stop cancels it */
static void
test_send_file_progress (void)
{
  SeWindow *window = window_new ();
  g_autoptr(GSocket) server = NULL;
  g_autoptr(GSocket) peer = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *dir = se_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "big.bin", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWidget *page;
  SeComposer *composer;
  const char *label;
  int fd;

  fd = open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 64 << 20), ==, 0);
  close (fd);

  server = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_true (g_socket_bind (server, any, TRUE, &error));
  g_assert_true (g_socket_listen (server, &error));
  bound = g_socket_get_local_address (server, &error);
  endpoint = g_strdup_printf ("tcp://127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  page = gui_test_connect_client (window, endpoint);
  g_socket_set_timeout (server, WAIT_MS / 1000 + 1);
  peer = g_socket_accept (server, NULL, &error);
  g_assert_no_error (error);
  composer = page_composer (page);

  g_assert_true (gui_test_action_clickable (page, "composer.send-file"));
  se_composer_send_file (composer, file);
  g_assert_true (se_composer_get_repeating (composer));
  g_assert_nonnull (strstr (progress_text (page), "big.bin: "));
  g_assert_nonnull (strstr (progress_text (page), "MB sent"));
  g_assert_true (gui_test_action_clickable (page, "composer.stop"));

  /* Nobody reads: it waits for the queue to drain, and stays running */
  se_test_spin (200);
  g_assert_true (se_composer_get_repeating (composer));

  gtk_widget_activate_action (GTK_WIDGET (composer), "composer.stop", NULL);
  g_assert_false (se_composer_get_repeating (composer));
  label = gtk_label_get_text (GTK_LABEL (gui_test_get_named (page, "composer-message")));
  g_assert_nonnull (strstr (label, "big.bin: "));
  g_assert_null (strstr (label, "sent ("));  /* stopped: no failure */
  {
    g_autofree char *size = g_format_size (64 << 20);
    g_autofree char *all = g_strdup_printf ("%s of %s", size, size);

    g_assert_null (strstr (label, all));
  }
  g_assert_true (gui_test_action_clickable (page, "composer.send-file"));

  window_destroy (window);
  se_test_remove_dir (dir);
}

/* Saved in workspaces: the client's auto-send comes back set up, ready
 * for Send */
static void
test_workspace (void)
{
  SeWindow *window = window_new ();
  g_autofree char *endpoint = gui_test_start_listener (window, 1 /* UDP */, 0 /* none */);
  GtkWidget *page = gui_test_connect_client (window, endpoint);
  g_autofree char *dir = se_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "auto.sews", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *saved = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *clients = se_window_get_clients (window);
  g_autoptr(SeClientProxy) reopened = NULL;
  GtkWidget *again;

  set_repeat (page, "tick {{counter}}", 7, 250);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (gui_test_get_named (page, "composer-eol")), 1);
  g_assert_true (se_window_save_workspace (window, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
  g_assert_nonnull (strstr (saved, "\"auto-send\""));
  g_assert_nonnull (strstr (saved, "tick {{counter}}"));

  se_window_open_workspace (window, file);
  g_assert_true (gui_test_wait_for_items (clients, 2));
  reopened = g_list_model_get_item (clients, 1);
  again = se_window_find_page (window, reopened);
  g_assert_true (SE_IS_CLIENT_PAGE (again));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (gui_test_get_named (again, "composer-entry"))), ==,
                   "tick {{counter}}");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (gui_test_get_named (again, "composer-count"))), ==, 7);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (gui_test_get_named (again, "composer-interval"))), ==, 250);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (gui_test_get_named (again, "composer-eol"))), ==, 1);
  /* Not started: a workspace's clients open unconnected */
  g_assert_false (se_composer_get_repeating (page_composer (again)));

  window_destroy (window);
  se_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("No display: skipping the auto-send tests (run them under xvfb-run)\n");
      return 77;
    }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/auto-send/client", test_client_auto_send);
  g_test_add_func ("/auto-send/connection", test_connection_auto_send);
  g_test_add_func ("/auto-send/send-file-progress", test_send_file_progress);
  g_test_add_func ("/auto-send/workspace", test_workspace);

  return g_test_run ();
}
