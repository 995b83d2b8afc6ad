/* test-calls-window.c: read size, TCP_NODELAY and sendall set in the
 * window's dialogs and composer reach the sockets and show in the log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "gui-test-util.h"
#include "se-new-client-dialog.h"
#include "se-new-listener-dialog.h"
#include "socket-explorer-core.h"
#include "se-test-util.h"
#include "se-window.h"

#define WAIT_MS GUI_TEST_WAIT_MS

typedef struct
{
  SeTrafficLog *log;
  SeEventKind   kind;
  SeCall        call;
  guint         count;   /* matching events */
  guint64       bytes;   /* their sizes together */
  guint64       want;    /* bytes to wait for */
} Tally;

static void
tally (Tally *t)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (t->log));

  t->count = 0;
  t->bytes = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SeEvent) event = g_list_model_get_item (G_LIST_MODEL (t->log), i);

      if (se_event_get_kind (event) == t->kind && se_event_get_call (event) == t->call)
        {
          t->count++;
          t->bytes += se_event_get_size (event);
        }
    }
}

static gboolean
tally_reached_cb (gpointer data)
{
  Tally *t = data;

  tally (t);
  return t->bytes >= t->want;
}

static void
test_read_size_nodelay_sendall (void)
{
  SeWindow *window = se_window_new (NULL);
  SeTrafficLog *log = se_window_get_traffic_log (window);
  g_autofree char *endpoint = NULL;
  GtkWidget *dialog, *page;
  Tally sends = { log, SE_EVENT_SEND, SE_CALL_SEND, 0, 0, 20 };
  Tally reads = { log, SE_EVENT_RECEIVE, SE_CALL_RECV, 0, 0, 20 };
  guint n;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  se_test_spin (50);

  /* A TCP listener (no responder) reading 8 bytes at a time */
  dialog = gui_test_open_listener_dialog (window);
  adw_combo_row_set_selected (ADW_COMBO_ROW (gui_test_get_named (dialog, "listener-kind")), 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (gui_test_get_named (dialog, "listener-address")), 0);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (gui_test_get_named (dialog, "listener-port")), 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (gui_test_get_named (dialog, "listener-responder")), 0);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (gui_test_get_named (dialog, "listener-read-size")), 8);
  gtk_widget_activate_action (dialog, "dialog.start", NULL);
  g_assert_true (gui_test_wait_for_items (se_window_get_listeners (window), 1));
  g_assert_true (gui_test_wait_toplevel_gone (SE_TYPE_NEW_LISTENER_DIALOG));
  page = se_window_get_visible_page (window);
  endpoint = g_strdup (gtk_label_get_text (GTK_LABEL (gui_test_get_named (page, "listener-endpoint"))));
  {
    g_autoptr(SeListenerProxy) listener = g_list_model_get_item (se_window_get_listeners (window), 0);

    g_assert_cmpuint (se_listener_proxy_get_read_size (listener), ==, 8);
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (gui_test_get_named (page, "listener-details"))),
                              "Read size 8"));
  }

  /* A client with TCP_NODELAY and read size 16 */
  dialog = gui_test_open_client_dialog (window, endpoint);
  g_assert_true (gtk_widget_get_visible (gui_test_get_named (dialog, "client-nodelay")));
  gtk_switch_set_active (GTK_SWITCH (gui_test_get_named (dialog, "client-nodelay")), TRUE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (gui_test_get_named (dialog, "client-read-size")), 16);
  gtk_widget_activate_action (dialog, "dialog.connect", NULL);
  g_assert_true (gui_test_wait_for_items (se_window_get_clients (window), 1));
  g_assert_true (gui_test_wait_toplevel_gone (SE_TYPE_NEW_CLIENT_DIALOG));
  page = se_window_get_visible_page (window);
  {
    g_autoptr(SeClientProxy) client = g_list_model_get_item (se_window_get_clients (window), 0);

    g_assert_cmpuint (se_client_proxy_get_read_size (client), ==, 16);
    g_assert_true (se_client_proxy_get_nodelay (client));
  }

  /* "msg|" five times in one sendall(): one send of 20 bytes */
  /* The choice is there only for a repetition */
  g_assert_false (gtk_widget_get_visible (gui_test_get_named (page, "composer-sendall")));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (gui_test_get_named (page, "composer-count")), 5);
  g_assert_true (gtk_widget_get_visible (gui_test_get_named (page, "composer-sendall")));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (gui_test_get_named (page, "composer-sendall")), TRUE);
  g_assert_false (gtk_widget_get_sensitive (gui_test_get_named (page, "composer-interval")));
  gui_test_send_from_page (page, "msg|");

  g_assert_true (se_test_wait_until (tally_reached_cb, &sends, WAIT_MS));
  g_assert_cmpuint (sends.count, ==, 1);
  g_assert_true (se_test_wait_until (tally_reached_cb, &reads, WAIT_MS));
  g_assert_cmpuint (reads.bytes, ==, 20);
  g_assert_cmpuint (reads.count, >=, 3);

  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  {
    gboolean nodelay_seen = FALSE;

    for (guint i = 0; i < n; i++)
      {
        g_autoptr(SeEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);

        if (se_event_get_call (event) == SE_CALL_RECV && se_event_get_kind (event) == SE_EVENT_RECEIVE)
          {
            g_assert_cmpuint (se_event_get_asked (event), ==, 8);
            g_assert_cmpuint (se_event_get_size (event), <=, 8);
          }
        if (se_event_get_call (event) == SE_CALL_SEND)
          g_assert_cmpuint (se_event_get_asked (event), ==, 20);
        if (se_event_get_option (event) == SE_SOCKOPT_TCP_NODELAY)
          nodelay_seen = se_event_get_ret (event) == 0;
      }
    g_assert_true (nodelay_seen);
  }

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
      g_printerr ("No display: skipping the window's calls test (run it under xvfb-run)\n");
      return 77;
    }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/calls/read-size-nodelay-sendall", test_read_size_nodelay_sendall);

  return g_test_run ();
}
