/* test-saved-messages.c: the composer's saved messages, sent from a
 * client page to a plain socket on 127.0.0.1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "gui-test-util.h"
#include "se-composer.h"
#include "se-saved-messages-popover.h"
#include "socket-explorer-core.h"
#include "se-test-util.h"
#include "se-window.h"

#define WAIT_MS GUI_TEST_WAIT_MS

static char *data_home;

static void
expect (GSocket    *peer,
        const char *expected)
{
  g_autoptr(GByteArray) received = g_byte_array_new ();
  GuiTestReadWait wait = { peer, received, strlen (expected) };

  if (!se_test_wait_until (gui_test_received_enough_cb, &wait, WAIT_MS))
    g_error ("received %u bytes, expected “%s”", received->len, expected);
  g_assert_cmpmem (received->data, received->len, expected, strlen (expected));
}

static GtkWidget *
client_page_to_plain_socket (SeWindow **window,
                             GSocket  **peer)
{
  g_autoptr(GSocket) server = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  GtkWidget *page;

  server = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (server, any, TRUE, &error));
  g_assert_true (g_socket_listen (server, &error));
  bound = g_socket_get_local_address (server, &error);
  endpoint = g_strdup_printf ("tcp://127.0.0.1:%u",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  *window = se_window_new (NULL);
  g_object_add_weak_pointer (G_OBJECT (*window), (gpointer *) window);
  gtk_window_present (GTK_WINDOW (*window));
  se_test_spin (50);

  page = gui_test_connect_client (*window, endpoint);
  g_socket_set_timeout (server, WAIT_MS / 1000 + 1);
  *peer = g_socket_accept (server, NULL, &error);
  g_assert_no_error (error);
  return page;
}

static void
test_send_save_edit (void)
{
  g_autoptr(GSocket) peer = NULL;
  SeMessageLibrary *library = se_saved_messages_get_library (NULL);
  SeWindow *window;
  GtkWidget *page, *entry, *composer;
  guint n;

  page = client_page_to_plain_socket (&window, &peer);
  entry = gui_test_get_named (page, "composer-entry");
  composer = gtk_widget_get_ancestor (entry, SE_TYPE_COMPOSER);

  /* A fresh data dir: the shipped messages, HTTP GET first (Ctrl+1) */
  n = g_list_model_get_n_items (G_LIST_MODEL (library));
  g_assert_cmpuint (n, >=, 4);
  g_assert_true (gtk_widget_activate_action (composer, "composer.send-saved", "i", 0));
  expect (peer, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
  /* The entry is left alone */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");

  /* Save Current: the entry (with its macro and line ending) becomes a
   * message; sent with Ctrl+N it counts with the page's messages */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (gui_test_get_named (page, "composer-eol")), 2);
  gtk_editable_set_text (GTK_EDITABLE (entry), "n={{counter}}");
  g_assert_true (gui_test_action_clickable (page, "composer.save-message"));
  gtk_widget_activate_action (composer, "composer.save-message", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, n + 1);
  {
    g_autoptr(SeSavedMessage) saved = g_list_model_get_item (G_LIST_MODEL (library), n);

    g_assert_cmpstr (se_saved_message_get_name (saved), ==, "n={{counter}}");
    g_assert_cmpint (se_saved_message_get_eol (saved), ==, SE_EOL_CRLF);
  }
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_widget_activate_action (composer, "composer.send-saved", "i", (int) n);
  expect (peer, "n=2\r\n");

  /* A position past the end sends nothing (an error bell) */
  gtk_widget_activate_action (composer, "composer.send-saved", "i", 99);

  /* Written to the data dir */
  se_message_library_flush (library);
  {
    g_autofree char *path = g_build_filename (data_home, "socket-explorer", "messages.json", NULL);
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_nonnull (strstr (contents, "n={{counter}}"));
  }

  /* Load into the composer: the popover's edit signal */
  {
    GtkWidget *button = gui_test_get_named (page, "composer-saved");
    GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
    g_autoptr(SeSavedMessage) smtp = g_object_ref (se_message_library_find (library, "SMTP EHLO"));

    g_assert_true (SE_IS_SAVED_MESSAGES_POPOVER (popover));
    g_signal_emit_by_name (popover, "edit", smtp);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "EHLO localhost");
    g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (gui_test_get_named (page, "composer-eol"))), ==, 2);
    gtk_widget_activate_action (composer, "composer.send", NULL);
    expect (peer, "EHLO localhost\r\n");
  }

  se_message_library_remove (library, n);
  gtk_window_destroy (GTK_WINDOW (window));
  se_test_spin (20);
  g_assert_null (window);
}

/* Send File…: the file's bytes as they are, whatever the composer's
 * format, line ending and macros */
static void
test_send_file (void)
{
  g_autoptr(GSocket) peer = NULL;
  g_autofree char *dir = se_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "request.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) missing = g_file_get_child (file, "missing");
  SeWindow *window;
  GtkWidget *page, *entry, *composer;
  static const char contents[] = "{{counter}}\\x00 as is\r\n";

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  page = client_page_to_plain_socket (&window, &peer);
  entry = gui_test_get_named (page, "composer-entry");
  composer = gtk_widget_get_ancestor (entry, SE_TYPE_COMPOSER);
  g_assert_true (gui_test_action_clickable (page, "composer.send-file"));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (gui_test_get_named (page, "composer-eol")), 2);

  se_composer_send_file (SE_COMPOSER (composer), file);
  expect (peer, contents);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (gui_test_get_named (page, "composer-message"))),
                            "request.txt"));

  /* A file that is not there: said under the entry, nothing sent */
  se_composer_send_file (SE_COMPOSER (composer), missing);
  for (guint i = 0; i < 100 && strstr (gtk_label_get_text (GTK_LABEL (gui_test_get_named (page, "composer-message"))), "missing") == NULL; i++)
    se_test_spin (10);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (gui_test_get_named (page, "composer-message"))), "missing"));

  gtk_window_destroy (GTK_WINDOW (window));
  se_test_spin (20);
  g_assert_null (window);
  se_test_remove_dir (dir);
}

/* Repeat 0 times: every interval until Stop */
static void
test_until_stopped (void)
{
  g_autoptr(GSocket) peer = NULL;
  g_autoptr(GByteArray) received = g_byte_array_new ();
  SeWindow *window;
  GtkWidget *page, *entry, *composer, *count, *interval, *label;
  GuiTestReadWait wait;
  guint got;

  page = client_page_to_plain_socket (&window, &peer);
  entry = gui_test_get_named (page, "composer-entry");
  composer = gtk_widget_get_ancestor (entry, SE_TYPE_COMPOSER);
  count = gui_test_get_named (page, "composer-count");
  interval = gui_test_get_named (page, "composer-interval");
  label = gui_test_get_named (page, "composer-message");

  gtk_editable_set_text (GTK_EDITABLE (entry), "x");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (count), 0);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (interval), 0);
  /* No interval: refused, said why */
  g_assert_false (gui_test_action_clickable (page, "composer.send"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "interval"));

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (interval), 5);
  g_assert_true (gui_test_action_clickable (page, "composer.send"));
  gtk_widget_activate_action (composer, "composer.send", NULL);
  g_assert_true (se_composer_get_repeating (SE_COMPOSER (composer)));

  /* Far more than any fixed count would stop at in this test: 20 */
  wait = (GuiTestReadWait) { peer, received, 20 };
  g_assert_true (se_test_wait_until (gui_test_received_enough_cb, &wait, WAIT_MS));
  g_assert_true (se_composer_get_repeating (SE_COMPOSER (composer)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "Stop"));

  gtk_widget_activate_action (composer, "composer.stop", NULL);
  g_assert_false (se_composer_get_repeating (SE_COMPOSER (composer)));
  /* Nothing more after Stop */
  se_test_spin (50);
  wait.expected = G_MAXSIZE;
  gui_test_received_enough_cb (&wait);
  got = received->len;
  se_test_spin (100);
  gui_test_received_enough_cb (&wait);
  g_assert_cmpuint (received->len, ==, got);

  gtk_window_destroy (GTK_WINDOW (window));
  se_test_spin (20);
  g_assert_null (window);
}

/* Opening a workspace adds its messages; saving one writes them. */
static void
test_workspace (void)
{
  SeMessageLibrary *library = se_saved_messages_get_library (NULL);
  g_autofree char *dir = se_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "demo.sews", NULL);
  g_autofree char *saved_path = g_build_filename (dir, "saved.sews", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) saved_file = g_file_new_for_path (saved_path);
  g_autoptr(SeWorkspace) saved = NULL;
  g_autoptr(GError) error = NULL;
  SeWindow *window;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (library));

  g_assert_true (g_file_set_contents (path,
                                      "{\"format\": \"socket-explorer-workspace\", \"version\": 1,"
                                      " \"messages\": [{\"name\": \"from the lesson\", \"data\": \"hi\", \"eol\": \"lf\"}]}",
                                      -1, NULL));
  window = se_window_new (NULL);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  se_window_open_workspace (window, file);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, n + 1);
  g_assert_nonnull (se_message_library_find (library, "from the lesson"));
  se_window_open_workspace (window, file);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, n + 1);

  g_assert_true (se_window_save_workspace (window, saved_file, &error));
  g_assert_no_error (error);
  saved = se_workspace_new_from_file (saved_file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (se_workspace_get_messages (saved)->len, ==, n + 1);

  se_message_library_remove (library, n);
  gtk_window_destroy (GTK_WINDOW (window));
  se_test_spin (20);
  g_assert_null (window);
  se_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("No display: skipping the saved-messages tests (run them under xvfb-run)\n");
      return 77;
    }

  /* Never the user's own library */
  data_home = se_test_make_temp_dir ();
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/saved-messages/send-save-edit", test_send_save_edit);
  g_test_add_func ("/saved-messages/workspace", test_workspace);
  g_test_add_func ("/saved-messages/send-file", test_send_file);
  g_test_add_func ("/saved-messages/until-stopped", test_until_stopped);

  status = g_test_run ();
  se_message_library_flush (se_saved_messages_get_library (NULL));
  se_test_remove_dir (data_home);
  g_free (data_home);
  return status;
}
