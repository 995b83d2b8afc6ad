/* test-multicast.c: multicast groups in New Listener, Broadcast in New
 * Client
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "gui-test-util.h"
#include "se-new-client-dialog.h"
#include "se-new-listener-dialog.h"
#include "se-test-util.h"
#include "se-window.h"
#include "socket-explorer-core.h"

#define WAIT_MS GUI_TEST_WAIT_MS

static gboolean
label_has_cb (gpointer data)
{
  GtkWidget *label = data;
  const char *needle = g_object_get_data (G_OBJECT (label), "needle");

  return gtk_widget_get_visible (label) &&
         strstr (gtk_label_get_text (GTK_LABEL (label)), needle) != NULL;
}

static void
assert_start_fails (GtkWidget  *dialog,
                    const char *groups,
                    const char *message)
{
  GtkWidget *error = gui_test_get_named (dialog, "listener-error");

  gtk_editable_set_text (GTK_EDITABLE (gui_test_get_named (dialog, "listener-groups")), groups);
  gtk_widget_activate_action (dialog, "dialog.start", NULL);
  g_object_set_data_full (G_OBJECT (error), "needle", g_strdup (message), g_free);
  if (!se_test_wait_until (label_has_cb, error, WAIT_MS))
    g_error ("the dialog does not say “%s”; it says “%s”", message,
             gtk_label_get_text (GTK_LABEL (error)));
}

/* The groups row is there for UDP only; a group that is not one, or
 * groups on a listener bound to one address, are said in the dialog and
 * nothing starts. */
static void
test_listener_groups (void)
{
  SeWindow *window = se_window_new (NULL);
  GListModel *listeners = se_window_get_listeners (window);
  GtkWidget *dialog, *groups;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  dialog = gui_test_open_listener_dialog (window);
  groups = gui_test_get_named (dialog, "listener-groups");

  adw_combo_row_set_selected (ADW_COMBO_ROW (gui_test_get_named (dialog, "listener-kind")), 0);
  g_assert_false (gtk_widget_get_visible (groups));
  adw_combo_row_set_selected (ADW_COMBO_ROW (gui_test_get_named (dialog, "listener-kind")), 1);
  g_assert_true (gtk_widget_get_visible (groups));
  adw_combo_row_set_selected (ADW_COMBO_ROW (gui_test_get_named (dialog, "listener-address")), 0);

  assert_start_fails (dialog, "10.0.0.1", "not a multicast group");
  assert_start_fails (dialog, "239.1.2.3, 239.1.2.4", "listen on 0.0.0.0");
  g_assert_cmpuint (g_list_model_get_n_items (listeners), ==, 0);

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  se_test_spin (20);
  g_assert_null (window);
}

typedef struct
{
  GSocket    *socket;
  GByteArray *received;
} ReadWait;

static gboolean
received_cb (gpointer data)
{
  ReadWait *wait = data;
  guint8 buf[256];
  gssize n = g_socket_receive_with_blocking (wait->socket, (char *) buf, sizeof buf, FALSE, NULL, NULL);

  if (n > 0)
    g_byte_array_append (wait->received, buf, n);
  return wait->received->len > 0;
}

static gboolean
log_has_error_cb (gpointer data)
{
  GListModel *log = data;

  for (guint i = 0; i < g_list_model_get_n_items (log); i++)
    {
      g_autoptr(SeEvent) event = g_list_model_get_item (log, i);

      if (se_event_get_kind (event) == SE_EVENT_ERROR &&
          strstr (se_event_get_detail (event), "SO_BROADCAST") != NULL)
        return TRUE;
    }
  return FALSE;
}

/* A UDP client to 127.255.255.255 (the loopback network's broadcast
 * address) sends only with Broadcast on; without it the log says why. */
static void
test_client_broadcast (void)
{
  g_autoptr(GInetAddress) broadcast = g_inet_address_new_from_string ("127.255.255.255");
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (broadcast, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) receiver = NULL;
  g_autoptr(GByteArray) received = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  SeWindow *window;
  GtkWidget *dialog, *page;
  ReadWait wait;

  receiver = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (receiver, any, FALSE, &error));
  bound = g_socket_get_local_address (receiver, &error);
  g_assert_no_error (error);
  endpoint = g_strdup_printf ("udp://127.255.255.255:%u",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  window = se_window_new (NULL);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));

  /* Off (the default): refused, and the log says what to turn on. */
  page = gui_test_connect_client (window, endpoint);
  gui_test_send_from_page (page, "nobody hears this");
  if (!se_test_wait_until (log_has_error_cb, se_window_get_traffic_log (window), WAIT_MS))
    g_error ("no error event that names SO_BROADCAST");

  /* On: it goes out. */
  dialog = gui_test_open_client_dialog (window, endpoint);
  g_assert_true (gtk_widget_get_visible (gui_test_get_named (dialog, "client-broadcast")));
  gtk_switch_set_active (GTK_SWITCH (gui_test_get_named (dialog, "client-broadcast")), TRUE);
  gtk_widget_activate_action (dialog, "dialog.connect", NULL);
  g_assert_true (gui_test_wait_toplevel_gone (SE_TYPE_NEW_CLIENT_DIALOG));
  page = se_window_get_visible_page (window);
  gui_test_send_from_page (page, "to everyone");

  wait = (ReadWait) { receiver, received };
  if (!se_test_wait_until (received_cb, &wait, WAIT_MS))
    g_error ("the broadcast did not arrive");
  g_assert_cmpmem (received->data, received->len, "to everyone", 11);

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
      g_printerr ("No display: skipping the multicast tests (run them under xvfb-run)\n");
      return 77;
    }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/multicast/listener-groups", test_listener_groups);
  g_test_add_func ("/multicast/client-broadcast", test_client_broadcast);

  return g_test_run ();
}
