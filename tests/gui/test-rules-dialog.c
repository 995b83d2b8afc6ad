/* test-rules-dialog.c: the New Listener dialog's rules, then a plain
 * socket on 127.0.0.1 answered by them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "gui-test-util.h"
#include "se-client-page.h"
#include "se-new-client-dialog.h"
#include "se-new-listener-dialog.h"
#include "se-rules-editor.h"
#include "socket-explorer-core.h"
#include "se-test-util.h"
#include "se-window.h"

#define WAIT_MS GUI_TEST_WAIT_MS

static void
send_expect (GSocket    *socket,
             const char *text,
             const char *expected)
{
  g_autoptr(GByteArray) received = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  GuiTestReadWait wait = { socket, received, strlen (expected) };

  g_assert_cmpint (g_socket_send (socket, text, strlen (text), NULL, &error), ==, (gssize) strlen (text));
  if (!se_test_wait_until (gui_test_received_enough_cb, &wait, WAIT_MS))
    g_error ("received %u bytes, expected “%s”", received->len, expected);
  g_assert_cmpmem (received->data, received->len, expected, strlen (expected));
}

/* The last rule row's entries, in the order they were made */
static GtkEditable *
nth_entry (GtkWidget *editor,
           guint      n)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  GtkWidget *w = editor;

  /* Walk the editor's widgets depth-first and keep the GtkText of each entry */
  while (w != NULL)
    {
      GtkWidget *next;

      if (GTK_IS_ENTRY (w))
        g_ptr_array_add (entries, w);
      next = gtk_widget_get_first_child (w);
      while (next == NULL && w != editor)
        {
          next = gtk_widget_get_next_sibling (w);
          if (next == NULL)
            w = gtk_widget_get_parent (w);
        }
      w = next;
    }
  g_assert_cmpuint (n, <, entries->len);
  return GTK_EDITABLE (g_ptr_array_index (entries, n));
}

static void
test_rules_from_dialog (void)
{
  SeWindow *window;
  GtkWidget *dialog, *editor;
  GListModel *listeners;
  g_autoptr(SeListenerProxy) listener = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  SeEndpoint *bound;
  g_autofree char *host_port = NULL;

  window = se_window_new (NULL);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  se_test_spin (50);
  listeners = se_window_get_listeners (window);

  dialog = gui_test_open_listener_dialog (window);
  adw_combo_row_set_selected (ADW_COMBO_ROW (gui_test_get_named (dialog, "listener-address")), 0);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (gui_test_get_named (dialog, "listener-port")), 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (gui_test_get_named (dialog, "listener-responder")), 2);  /* UPPERCASE */
  editor = gui_test_get_named (dialog, "listener-rules");
  g_assert_true (gui_test_action_clickable (dialog, "rules.add"));

  /* A new rule has nothing to match yet: Start waits */
  gtk_widget_activate_action (editor, "rules.add", NULL);
  g_assert_false (se_rules_editor_get_valid (SE_RULES_EDITOR (editor)));
  g_assert_false (gui_test_action_clickable (dialog, "dialog.start"));

  gtk_editable_set_text (nth_entry (editor, 0), "HELO");
  gtk_editable_set_text (nth_entry (editor, 1), "250 hello #{{counter}}\\r\\n");
  g_assert_true (se_rules_editor_get_valid (SE_RULES_EDITOR (editor)));
  g_assert_true (gui_test_action_clickable (dialog, "dialog.start"));

  /* A regex that does not compile: said, and Start is off */
  se_rules_editor_add_rule (SE_RULES_EDITOR (editor), SE_RULE_REGEX, "^GET (", "x", 0, FALSE);
  g_assert_false (se_rules_editor_get_valid (SE_RULES_EDITOR (editor)));
  g_assert_false (gui_test_action_clickable (dialog, "dialog.start"));
  gtk_editable_set_text (nth_entry (editor, 2), "^GET (\\S+)");
  gtk_editable_set_text (nth_entry (editor, 3), "you asked for \\1");
  g_assert_true (se_rules_editor_get_valid (SE_RULES_EDITOR (editor)));
  g_assert_cmpuint (se_rules_editor_get_n_rules (SE_RULES_EDITOR (editor)), ==, 2);

  gtk_widget_activate_action (dialog, "dialog.start", NULL);
  g_assert_true (gui_test_wait_for_items (listeners, 1));
  g_assert_true (gui_test_wait_toplevel_gone (SE_TYPE_NEW_LISTENER_DIALOG));
  listener = g_list_model_get_item (listeners, 0);
  g_assert_nonnull (se_listener_proxy_get_rules (listener));
  g_assert_cmpuint (se_rule_set_get_n_rules (se_listener_proxy_get_rules (listener)), ==, 2);

  /* The page says the listener has rules, and which */
  {
    GtkWidget *details = gui_test_get_named (se_window_get_visible_page (window), "listener-details");
    const char *tooltip = gtk_widget_get_tooltip_text (details);

    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (details)), "2 rules"));
    g_assert_nonnull (tooltip);
    g_assert_nonnull (strstr (tooltip, "2. regex:^GET (\\S+)=>you asked for \\1"));
  }

  bound = se_listener_proxy_get_endpoint (listener);
  host_port = g_strdup_printf ("127.0.0.1:%u", se_endpoint_get_port (bound));
  connection = g_socket_client_connect_to_host (client, host_port, 0, NULL, &error);
  g_assert_no_error (error);
  {
    GSocket *socket = g_socket_connection_get_socket (connection);

    send_expect (socket, "HELO x", "250 hello #1\r\n");
    send_expect (socket, "GET /a", "you asked for /a");
    send_expect (socket, "other", "OTHER");
  }

  g_clear_object (&connection);
  gtk_window_destroy (GTK_WINDOW (window));
  se_test_spin (20);
  g_assert_null (window);
}

/* A client's rules answer the server's greeting */
static void
test_client_rules_from_dialog (void)
{
  g_autoptr(GSocket) server = NULL;
  g_autoptr(GSocket) peer = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  SeWindow *window;
  GtkWidget *dialog, *editor;
  GListModel *clients;

  server = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_true (g_socket_bind (server, any, TRUE, &error));
  g_assert_true (g_socket_listen (server, &error));
  bound = g_socket_get_local_address (server, &error);
  endpoint = g_strdup_printf ("tcp://127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  window = se_window_new (NULL);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  se_test_spin (50);
  clients = se_window_get_clients (window);

  dialog = gui_test_open_client_dialog (window, endpoint);
  editor = gui_test_get_named (dialog, "client-rules");
  g_assert_true (gtk_widget_get_visible (editor));
  se_rules_editor_add_rule (SE_RULES_EDITOR (editor), SE_RULE_REGEX, "^220 (\\S+)", "EHLO \\1\\r\\n", 0, FALSE);
  g_assert_true (gui_test_action_clickable (dialog, "dialog.connect"));
  gtk_widget_activate_action (dialog, "dialog.connect", NULL);
  g_assert_true (gui_test_wait_for_items (clients, 1));
  {
    g_autoptr(SeClientProxy) client = g_list_model_get_item (clients, 0);

    g_assert_nonnull (se_client_proxy_get_rules (client));
  }

  g_socket_set_timeout (server, WAIT_MS / 1000 + 1);
  peer = g_socket_accept (server, NULL, &error);
  g_assert_no_error (error);
  send_expect (peer, "220 mail.example ESMTP\r\n", "EHLO mail.example\r\n");

  gtk_window_destroy (GTK_WINDOW (window));
  se_test_spin (20);
  g_assert_null (window);
}

/* A UDP client's rules answer the datagrams the server sends back */
static void
test_udp_client_rules_from_dialog (void)
{
  g_autoptr(GSocket) server = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocketAddress) from = NULL;
  g_autoptr(GByteArray) received = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  SeWindow *window;
  GtkWidget *dialog, *editor, *page;
  GuiTestReadWait wait;
  char buffer[64];
  gssize n = -1;

  server = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, &error);
  g_assert_true (g_socket_bind (server, any, TRUE, &error));
  bound = g_socket_get_local_address (server, &error);
  endpoint = g_strdup_printf ("udp://127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  window = se_window_new (NULL);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  se_test_spin (50);

  dialog = gui_test_open_client_dialog (window, endpoint);
  editor = gui_test_get_named (dialog, "client-rules");
  g_assert_true (gtk_widget_get_visible (editor));
  se_rules_editor_add_rule (SE_RULES_EDITOR (editor), SE_RULE_REGEX, "^ping (\\d+)", "pong \\1", 0, FALSE);
  g_assert_true (gui_test_action_clickable (dialog, "dialog.connect"));
  gtk_widget_activate_action (dialog, "dialog.connect", NULL);
  g_assert_true (gui_test_wait_for_items (se_window_get_clients (window), 1));
  g_assert_true (gui_test_wait_toplevel_gone (SE_TYPE_NEW_CLIENT_DIALOG));
  page = se_window_get_visible_page (window);
  g_assert_true (SE_IS_CLIENT_PAGE (page));
  /* The page says it has a rule, and which */
  {
    GtkWidget *status = gui_test_get_named (page, "client-status");
    const char *tooltip = gtk_widget_get_tooltip_text (status);

    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (status)), " · 1 rule"));
    g_assert_nonnull (tooltip);
    g_assert_nonnull (strstr (tooltip, "regex:^ping"));
  }

  /* The client speaks first, so that the server knows where it is */
  gui_test_send_from_page (page, "hello");
  for (guint i = 0; i < WAIT_MS / 10 && n < 0; i++)
    {
      n = g_socket_receive_from (server, &from, buffer, sizeof buffer, NULL, NULL);
      if (n < 0)
        se_test_spin (10);
    }
  g_assert_cmpmem (buffer, n, "hello", 5);

  g_socket_set_blocking (server, FALSE);
  g_assert_cmpint (g_socket_send_to (server, from, "ping 42", 7, NULL, &error), ==, 7);
  wait = (GuiTestReadWait) { server, received, 7 };
  g_assert_true (se_test_wait_until (gui_test_received_enough_cb, &wait, WAIT_MS));
  g_assert_cmpmem (received->data, received->len, "pong 42", 7);

  gtk_window_destroy (GTK_WINDOW (window));
  se_test_spin (20);
  g_assert_null (window);
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("No display: skipping the rules dialog tests (run them under xvfb-run)\n");
      return 77;
    }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/rules-dialog/rules-from-dialog", test_rules_from_dialog);
  g_test_add_func ("/rules-dialog/client-rules-from-dialog", test_client_rules_from_dialog);
  g_test_add_func ("/rules-dialog/udp-client-rules-from-dialog", test_udp_client_rules_from_dialog);

  return g_test_run ();
}
