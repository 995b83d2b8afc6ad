/* test-window-state.c: what the window keeps: settings, session, workspaces
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Needs a display: run under xvfb-run. Without one the test is skipped
 * (exit status 77).
 *
 * Settings saved, the session restored, Save and recent workspaces, a
 * workspace opened, the log's capture budget and the preferences.
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

static void
test_settings_saved (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  SeWindow *window;
  int width = 0, height = 0;

  window = se_window_new (NULL);
  gtk_window_present (GTK_WINDOW (window));
  se_test_spin (50);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 610);
  se_test_spin (50);
  gtk_window_close (GTK_WINDOW (window));
  se_test_spin (50);

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 610);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  /* A new window comes back at that size */
  window = se_window_new (NULL);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 610);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
session_has_cb (gpointer data)
{
  gpointer *args = data;
  g_autofree char *session = g_settings_get_string (args[0], "session");

  return strstr (session, args[1]) != NULL;
}

/* The session keeps the window's listeners and clients; a new window
 * gets them back: quitting never loses a lesson. */
static void
test_session (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(SeListenerProxy) listener = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *restored = NULL;
  g_autofree char *session = NULL;
  SeWindow *window;

  window = se_window_new (NULL);
  gtk_window_present (GTK_WINDOW (window));
  se_test_spin (50);
  g_settings_set_string (settings, "session", "");
  endpoint = gui_test_start_listener (window, 0 /* TCP */, 1 /* echo */);
  /* Kept a moment after the change, without closing (a crash, a logout) */
  {
    gpointer args[] = { settings, endpoint };

    g_assert_true (se_test_wait_until (session_has_cb, args, WAIT_MS));
  }
  /* What the application does when a window is closed (the quit test of
   * test-command-line.c goes through it) */
  se_window_save_session (window);
  gtk_window_destroy (GTK_WINDOW (window));
  se_test_spin (50);
  session = g_settings_get_string (settings, "session");
  g_test_message ("session: %s", session);
  g_assert_nonnull (strstr (session, endpoint));

  window = se_window_new (NULL);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (se_window_restore_session (window));
  g_assert_true (gui_test_wait_for_items (se_window_get_listeners (window), 1));
  listener = g_list_model_get_item (se_window_get_listeners (window), 0);
  restored = se_endpoint_to_string (se_listener_proxy_get_endpoint (listener));
  g_assert_cmpstr (restored, ==, endpoint);
  g_clear_object (&listener);
  gtk_window_destroy (GTK_WINDOW (window));
  se_test_spin (20);

  /* Nothing saved: nothing to restore */
  g_settings_set_string (settings, "session", "");
  window = se_window_new (NULL);
  g_assert_false (se_window_restore_session (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Save (Ctrl+S) writes to the file the workspace came from; the files
 * opened and saved are the recent workspaces, on the welcome page and in
 * the menu; the file is remembered over a restart with the session. */
static void
test_save_and_recent (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *dir = se_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "lesson.sews", NULL);
  g_autofree char *gone_path = g_build_filename (dir, "gone.sews", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) gone = g_file_new_for_path (gone_path);
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *gone_uri = g_file_get_uri (gone);
  g_autoptr(SeWorkspace) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) recent = NULL;
  GtkWidget *list;
  SeWorkspaceListener *item;
  SeWindow *window;

  g_settings_set_strv (settings, "recent-workspaces", NULL);
  g_assert_true (g_file_set_contents (path,
                                      "{\"format\": \"socket-explorer-workspace\", \"version\": 1,\n"
                                      " \"listeners\": [ {\"endpoint\": \"tcp://127.0.0.1:0\", \"responder\": \"echo\"} ],\n"
                                      " \"messages\": [ {\"name\": \"hello\", \"data\": \"hello\\\\n\"} ]}",
                                      -1, NULL));

  window = se_window_new (NULL);
  gtk_window_present (GTK_WINDOW (window));
  se_test_spin (50);
  list = gui_test_get_named (GTK_WIDGET (window), "recent-workspaces");
  g_assert_null (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));

  se_window_open_workspace (window, file);
  g_assert_true (gui_test_wait_for_items (se_window_get_listeners (window), 1));
  g_assert_true (g_file_equal (se_window_get_workspace_file (window), file));
  recent = g_settings_get_strv (settings, "recent-workspaces");
  g_assert_cmpstr (recent[0], ==, uri);
  g_assert_nonnull (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
  g_assert_true (gui_test_find_label (list, "lesson.sews"));
  /* The sidebar's title names the file */
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (gui_test_get_named (GTK_WIDGET (window), "sidebar-title"))),
                   ==, "lesson.sews");

  /* Ctrl+S: the listener on the port it got, the message kept */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save-workspace", NULL));
  saved = se_workspace_new_from_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (se_workspace_get_listeners (saved)->len, ==, 1);
  item = g_ptr_array_index (se_workspace_get_listeners (saved), 0);
  g_assert_false (g_str_has_suffix (item->endpoint, ":0"));
  /* The file's message, among the saved messages the workspace carries */
  {
    GPtrArray *messages = se_workspace_get_messages (saved);
    gboolean found = FALSE;

    for (guint i = 0; i < messages->len; i++)
      found |= g_strcmp0 (((SeWorkspaceMessage *) g_ptr_array_index (messages, i))->name, "hello") == 0;
    g_assert_true (found);
  }

  /* The session remembers the file: Save after a restart goes there */
  se_window_save_session (window);
  gtk_window_destroy (GTK_WINDOW (window));
  se_test_spin (50);
  window = se_window_new (NULL);
  g_assert_true (se_window_restore_session (window));
  g_assert_nonnull (se_window_get_workspace_file (window));
  g_assert_true (g_file_equal (se_window_get_workspace_file (window), file));

  /* A recent file that is gone: a toast, and it leaves the list */
  g_settings_set_strv (settings, "recent-workspaces", (const char *[]) { gone_uri, uri, NULL });
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-recent", "s", gone_uri));
  g_clear_pointer (&recent, g_strfreev);
  recent = g_settings_get_strv (settings, "recent-workspaces");
  g_assert_cmpstr (recent[0], ==, uri);
  g_assert_null (recent[1]);

  gtk_window_destroy (GTK_WINDOW (window));
  se_test_spin (50);
  g_settings_set_string (settings, "session", "");
  g_settings_set_string (settings, "session-file", "");
  se_test_remove_dir (dir);
}

static void
test_log_budget (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  SeWindow *window;
  SeTrafficLog *log;

  window = se_window_new (NULL);
  log = se_window_get_traffic_log (window);

  /* The schema's default, then whatever the setting becomes. */
  g_assert_cmpuint (se_traffic_log_get_memory_budget (log), ==, 256 * 1024 * 1024);
  g_settings_set_uint64 (settings, "log-budget", 1024 * 1024);
  g_assert_cmpuint (se_traffic_log_get_memory_budget (log), ==, 1024 * 1024);
  g_settings_set_uint64 (settings, "log-budget", 0);
  g_assert_cmpuint (se_traffic_log_get_memory_budget (log), ==, 0);

  g_settings_reset (settings, "log-budget");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The Preferences window edits the engine's limits: what is typed is in
 * the settings at once, the log follows, and a listener gets the
 * connection limits, also one that is already running. */
static void
test_preferences (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *endpoint = gui_test_start_listener (fixture->window, 0 /* TCP */, 1 /* echo */);
  GListModel *listeners = se_window_get_listeners (fixture->window);
  g_autoptr(SeListenerProxy) listener = g_list_model_get_item (listeners, 0);
  SeTrafficLog *log = se_window_get_traffic_log (fixture->window);
  GtkWidget *preferences;

  g_assert_cmpuint (se_listener_proxy_get_max_connections (listener), ==, 10000);
  g_assert_cmpuint (se_connection_get_send_queue_total_limit (), ==, 64 * 1024 * 1024);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.preferences", NULL));
  preferences = gui_test_wait_for_toplevel (SE_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (gui_test_get_named (preferences, "max-connections-spin")), 7);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (gui_test_get_named (preferences, "idle-timeout-spin")), 30);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (gui_test_get_named (preferences, "log-budget-spin")), 32);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (gui_test_get_named (preferences, "capture-budget-spin")), 8);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (gui_test_get_named (preferences, "send-queue-spin")), 16);

  g_assert_cmpuint (g_settings_get_uint (settings, "max-connections"), ==, 7);
  g_assert_cmpuint (g_settings_get_uint64 (settings, "log-budget"), ==, 32 * 1024 * 1024);
  g_assert_cmpuint (se_listener_proxy_get_max_connections (listener), ==, 7);
  g_assert_cmpuint (se_listener_proxy_get_idle_timeout (listener), ==, 30);
  g_assert_cmpuint (se_traffic_log_get_memory_budget (log), ==, 32 * 1024 * 1024);
  g_assert_cmpuint (se_traffic_log_get_capture_budget (log), ==, 8 * 1024 * 1024);
  g_assert_cmpuint (se_connection_get_send_queue_total_limit (), ==, 16 * 1024 * 1024);

  /* The settings show in the spin buttons when the window opens again. */
  gtk_window_destroy (GTK_WINDOW (preferences));
  g_assert_true (gui_test_wait_toplevel_gone (SE_TYPE_PREFERENCES_WINDOW));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.preferences", NULL));
  preferences = gui_test_wait_for_toplevel (SE_TYPE_PREFERENCES_WINDOW);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (gui_test_get_named (preferences, "max-connections-spin"))), ==, 7);
  gtk_window_destroy (GTK_WINDOW (preferences));

  for (guint i = 0; i < 5; i++)
    {
      static const char * const keys[] = {
        "max-connections", "idle-timeout", "log-budget", "capture-budget", "send-queue-limit",
      };

      g_settings_reset (settings, keys[i]);
    }
  g_assert_cmpuint (se_connection_get_send_queue_total_limit (), ==, 64 * 1024 * 1024);
}

/* A workspace opens: its listeners start (one whose port is taken says
 * why and the others open), its clients show, not connected; saved, the
 * window's listeners and clients come back from the file. */
static void
test_workspace (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *dir = se_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "lesson.sews", NULL);
  g_autofree char *saved_path = g_build_filename (dir, "saved.sews", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) saved_file = g_file_new_for_path (saved_path);
  g_autoptr(SeWorkspace) saved = NULL;
  g_autoptr(SeClientProxy) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  struct sockaddr_in addr = { 0 };
  socklen_t len = sizeof addr;
  SeWorkspaceListener *item;
  g_autoptr(SeListenerProxy) retried = NULL;
  GtkWidget *failed = NULL;
  int taken;

  /* A port that is taken, for the second listener */
  taken = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = g_htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (taken, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (listen (taken, 1), ==, 0);
  g_assert_cmpint (getsockname (taken, (struct sockaddr *) &addr, &len), ==, 0);

  text = g_strdup_printf ("{\"format\": \"socket-explorer-workspace\", \"version\": 1,\n"
                          " \"listeners\": [ {\"endpoint\": \"tcp://127.0.0.1:0\", \"responder\": \"upper\", \"backlog\": 7,\n"
                          "                   \"max-connections\": 3, \"idle-timeout\": 30},\n"
                          "                 {\"endpoint\": \"tcp://127.0.0.1:%u\", \"responder\": \"echo\"} ],\n"
                          " \"clients\": [ {\"endpoint\": \"udp://127.0.0.1:9\", \"connect-timeout\": 1500, \"encoding\": \"gb18030\"} ]}",
                          g_ntohs (addr.sin_port));
  g_assert_true (g_file_set_contents (path, text, -1, NULL));

  se_window_open_workspace (fixture->window, file);
  g_assert_true (gui_test_wait_for_items (se_window_get_clients (fixture->window), 1));
  g_assert_true (gui_test_wait_for_items (se_window_get_listeners (fixture->window), 2));
  client = g_list_model_get_item (se_window_get_clients (fixture->window), 0);
  g_assert_false (se_client_proxy_get_connected (client));
  g_assert_cmpuint (se_client_proxy_get_connect_timeout (client), ==, 1500);
  /* Shown not connected, with a button that connects it */
  g_assert_true (gui_test_find_label (se_window_find_page (fixture->window, client), "Not connected yet"));
  g_assert_true (gui_test_find_label (se_window_find_page (fixture->window, client), "_Connect"));
  g_assert_true (gui_test_action_clickable (se_window_find_page (fixture->window, client), "client.reconnect"));

  /* The one on the taken port has a page that says why, with Retry */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(SeListenerProxy) listener = g_list_model_get_item (se_window_get_listeners (fixture->window), i);

      if (!se_listener_proxy_get_running (listener))
        failed = se_window_find_page (fixture->window, listener);
    }
  g_assert_nonnull (failed);
  g_assert_true (gui_test_find_label (failed, "Could Not Start the Listener"));
  g_assert_true (gui_test_action_clickable (failed, "listener.start"));

  /* Saved, it is kept: the port may be free in class */
  g_assert_true (se_window_save_workspace (fixture->window, saved_file, &error));
  g_assert_no_error (error);
  saved = se_workspace_new_from_file (saved_file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (se_workspace_get_listeners (saved)->len, ==, 2);
  g_clear_object (&saved);

  /* The port is free again: Retry starts it */
  close (taken);
  g_assert_true (gtk_widget_activate_action (failed, "listener.start", NULL));
  g_assert_true (se_test_wait_until (listener_running_cb,
                                     se_listener_page_get_listener (SE_LISTENER_PAGE (failed)),
                                     GUI_TEST_WAIT_MS));
  g_assert_false (gui_test_find_label (failed, "Could Not Start the Listener"));

  /* Removed, it is gone from the sidebar, its page with it */
  retried = g_object_ref (se_listener_page_get_listener (SE_LISTENER_PAGE (failed)));
  g_object_add_weak_pointer (G_OBJECT (failed), (gpointer *) &failed);
  g_assert_true (gtk_widget_activate_action (failed, "listener.remove", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (se_window_get_listeners (fixture->window)), ==, 1);
  g_assert_null (se_window_find_page (fixture->window, retried));
  g_assert_true (gui_test_wait_finalized (&failed, GUI_TEST_WAIT_MS));

  g_assert_true (se_window_save_workspace (fixture->window, saved_file, &error));
  g_assert_no_error (error);
  saved = se_workspace_new_from_file (saved_file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (se_workspace_get_listeners (saved)->len, ==, 1);
  item = g_ptr_array_index (se_workspace_get_listeners (saved), 0);
  /* The port the system chose is kept */
  g_assert_true (g_str_has_prefix (item->endpoint, "tcp://127.0.0.1:"));
  g_assert_false (g_str_has_suffix (item->endpoint, ":0"));
  g_assert_cmpstr (item->responder, ==, "upper");
  g_assert_cmpuint (item->backlog, ==, 7);
  /* The file's limits, not the preferences' */
  g_assert_cmpuint (item->max_connections, ==, 3);
  g_assert_cmpuint (item->idle_timeout, ==, 30);
  g_assert_cmpuint (se_workspace_get_clients (saved)->len, ==, 1);
  g_assert_cmpstr (((SeWorkspaceClient *) g_ptr_array_index (se_workspace_get_clients (saved), 0))->endpoint,
                   ==, "udp://127.0.0.1:9");
  /* The client page's encoding came from the file and goes back to it */
  g_assert_cmpstr (((SeWorkspaceClient *) g_ptr_array_index (se_workspace_get_clients (saved), 0))->encoding,
                   ==, "gb18030");
  g_assert_cmpstr (item->encoding, ==, "utf-8");

  se_test_remove_dir (dir);
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

  g_test_add_func ("/window/settings-saved", test_settings_saved);
  g_test_add_func ("/window/log-budget", test_log_budget);
  g_test_add_func ("/window/session", test_session);
  g_test_add_func ("/window/save-and-recent", test_save_and_recent);
  g_test_add ("/window/workspace", Fixture, NULL, fixture_set_up, test_workspace, fixture_tear_down);
  g_test_add ("/window/preferences", Fixture, NULL, fixture_set_up, test_preferences, fixture_tear_down);

  return g_test_run ();
}
