/* test-step-window.c: step mode in the window, and the socket options window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Step mode through the window's actions (the header's toggle, the menu,
 * F10): a send from a client page waits, the bar says which call is
 * held, Next lets it go, leaving step mode lets the rest go; a UDP
 * client's sendto() and the listener's recvfrom() wait the same way, and
 * a connect() waits in the new client dialog, whose F10 is Next. The Options
 * button of a page opens the options of its socket, and a change made
 * there is a setsockopt() event in the log.
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "gui-test-util.h"
#include "se-new-client-dialog.h"
#include "se-sockopt-window.h"
#include "se-test-util.h"
#include "se-window.h"
#include "socket-explorer-core.h"

#define WAIT_MS GUI_TEST_WAIT_MS

static guint
count_calls (SeWindow *window,
             SeCall    call,
             SeSockopt option)
{
  GListModel *log = G_LIST_MODEL (se_window_get_traffic_log (window));
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (log); i++)
    {
      g_autoptr(SeEvent) event = g_list_model_get_item (log, i);

      n += se_event_get_call (event) == call &&
           (option == SE_SOCKOPT_NONE || se_event_get_option (event) == option);
    }
  return n;
}

typedef struct
{
  SeWindow  *window;
  SeCall     call;
  SeSockopt  option;
  guint      n;
} CallWait;

static gboolean
has_calls_cb (gpointer data)
{
  CallWait *wait = data;

  return count_calls (wait->window, wait->call, wait->option) >= wait->n;
}

/* The log is published to the window once a frame: waits until it holds
 * n such calls (and a moment more, for any that should not be there),
 * and returns how many it holds. */
static guint
wait_calls (SeWindow  *window,
            SeCall     call,
            SeSockopt  option,
            guint      n)
{
  CallWait wait = { window, call, option, n };

  se_test_wait_until (has_calls_cb, &wait, WAIT_MS);
  se_test_spin (100);
  return count_calls (window, call, option);
}

static gboolean
step_bar_says (SeWindow   *window,
               const char *text)
{
  return gui_test_find_label (GTK_WIDGET (window), text);
}

typedef struct
{
  SeWindow   *window;
  const char *text;
} Wait;

static gboolean
bar_says_cb (gpointer data)
{
  Wait *wait = data;

  return step_bar_says (wait->window, wait->text);
}

static void
test_step_mode (void)
{
  SeWindow *window = se_window_new (NULL);
  g_autofree char *endpoint = NULL;
  GtkWidget *page;
  Wait wait;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  se_test_spin (50);

  endpoint = gui_test_start_listener (window, 0 /* TCP */, 1 /* echo */);
  page = gui_test_connect_client (window, endpoint);
  g_assert_false (gui_test_action_clickable (GTK_WIDGET (window), "step.next"));

  /* The toggle of the header bar */
  g_assert_true (gui_test_action_clickable (GTK_WIDGET (window), "step.mode"));
  gtk_widget_activate_action (GTK_WIDGET (window), "step.mode", NULL);
  wait = (Wait) { window, "Step mode: nothing is held" };
  g_assert_true (se_test_wait_until (bar_says_cb, &wait, WAIT_MS));

  /* A send waits: nothing in the log, the bar names it */
  gui_test_send_from_page (page, "hello");
  se_test_spin (200);
  wait.text = "Held: send(5) on TCP connection #";
  g_assert_true (se_test_wait_until (bar_says_cb, &wait, WAIT_MS));
  g_assert_cmpuint (wait_calls (window, SE_CALL_SEND, SE_SOCKOPT_NONE, 0), ==, 0);
  g_assert_true (gui_test_action_clickable (GTK_WIDGET (window), "step.next"));
  /* The client's page counts them, still in the app */
  wait.text = "5 bytes wait in the app to be sent";
  g_assert_true (se_test_wait_until (bar_says_cb, &wait, WAIT_MS));

  /* Next: the send is made; the echo's recv() is held in turn */
  gtk_widget_activate_action (GTK_WIDGET (window), "step.next", NULL);
  g_assert_cmpuint (wait_calls (window, SE_CALL_SEND, SE_SOCKOPT_NONE, 1), ==, 1);
  wait.text = "5 bytes wait in the kernel";
  g_assert_true (se_test_wait_until (bar_says_cb, &wait, WAIT_MS));
  g_assert_cmpuint (wait_calls (window, SE_CALL_RECV, SE_SOCKOPT_NONE, 0), ==, 0);

  /* The listener's page counts them, read with SIOCINQ */
  gui_test_select_sidebar_row (window, 1);
  wait.text = "5 bytes in the kernel to read";
  g_assert_true (se_test_wait_until (bar_says_cb, &wait, WAIT_MS));
  g_assert_true (gtk_widget_get_visible (gui_test_get_named (GTK_WIDGET (window), "listener-kernel-queues")));

  /* Leaving step mode lets everything go: the echo comes back */
  gtk_widget_activate_action (GTK_WIDGET (window), "step.mode", NULL);
  se_test_spin (300);
  g_assert_false (gui_test_action_clickable (GTK_WIDGET (window), "step.next"));
  g_assert_cmpuint (wait_calls (window, SE_CALL_SEND, SE_SOCKOPT_NONE, 2), ==, 2);
  g_assert_cmpuint (wait_calls (window, SE_CALL_RECV, SE_SOCKOPT_NONE, 2), ==, 2);

  /* Closing the window while calls are held */
  gtk_widget_activate_action (GTK_WIDGET (window), "step.mode", NULL);
  gui_test_send_from_page (page, "bye");
  se_test_spin (100);
  wait.text = "Held: send(3)";
  g_assert_true (se_test_wait_until (bar_says_cb, &wait, WAIT_MS));
  gtk_window_destroy (GTK_WINDOW (window));
  se_test_spin (50);
  g_assert_null (window);
}

/* Datagrams are held too: the client's sendto(), the listener's
 * recvfrom() and its echo; a connect() from the (modal) new client
 * dialog waits for F10 there. */
static void
test_step_datagram_and_connect (void)
{
  SeWindow *window = se_window_new (NULL);
  g_autofree char *udp = NULL;
  g_autofree char *tcp = NULL;
  GListModel *clients = se_window_get_clients (window);
  GtkWidget *page, *dialog;
  Wait wait;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  se_test_spin (50);

  udp = gui_test_start_listener (window, 1 /* UDP */, 1 /* echo */);
  page = gui_test_connect_client (window, udp);
  gtk_widget_activate_action (GTK_WIDGET (window), "step.mode", NULL);
  wait = (Wait) { window, "Step mode: nothing is held" };
  g_assert_true (se_test_wait_until (bar_says_cb, &wait, WAIT_MS));

  gui_test_send_from_page (page, "hi");
  wait.text = "Held: sendto(2) to 127.0.0.1:";
  g_assert_true (se_test_wait_until (bar_says_cb, &wait, WAIT_MS));
  g_assert_cmpuint (wait_calls (window, SE_CALL_SENDTO, SE_SOCKOPT_NONE, 0), ==, 0);

  /* Next: sent; the listener's socket is not read */
  gtk_widget_activate_action (GTK_WIDGET (window), "step.next", NULL);
  g_assert_cmpuint (wait_calls (window, SE_CALL_SENDTO, SE_SOCKOPT_NONE, 1), ==, 1);
  wait.text = "a datagram of 2 bytes waits in the kernel";
  g_assert_true (se_test_wait_until (bar_says_cb, &wait, WAIT_MS));
  g_assert_cmpuint (wait_calls (window, SE_CALL_RECVFROM, SE_SOCKOPT_NONE, 0), ==, 0);

  /* Next: one recvfrom(); the echo's sendto() waits */
  gtk_widget_activate_action (GTK_WIDGET (window), "step.next", NULL);
  g_assert_cmpuint (wait_calls (window, SE_CALL_RECVFROM, SE_SOCKOPT_NONE, 1), ==, 1);
  wait.text = "Held: sendto(2) to 127.0.0.1:";
  g_assert_true (se_test_wait_until (bar_says_cb, &wait, WAIT_MS));
  g_assert_cmpuint (wait_calls (window, SE_CALL_SENDTO, SE_SOCKOPT_NONE, 1), ==, 1);

  /* A TCP client's connect() waits in its dialog */
  tcp = gui_test_start_listener (window, 0 /* TCP */, 0 /* none */);
  dialog = gui_test_open_client_dialog (window, tcp);
  gtk_widget_activate_action (dialog, "dialog.connect", NULL);
  wait.text = "1 more call waits";  /* the connect(), behind the echo */
  g_assert_true (se_test_wait_until (bar_says_cb, &wait, WAIT_MS));
  se_test_spin (100);
  g_assert_true (gui_test_wait_for_toplevel (SE_TYPE_NEW_CLIENT_DIALOG) == dialog);
  g_assert_cmpuint (g_list_model_get_n_items (clients), ==, 1);
  g_assert_cmpuint (wait_calls (window, SE_CALL_CONNECT, SE_SOCKOPT_NONE, 0), ==, 0);

  /* F10 in the dialog is Next: first the echo, then the connect() */
  gtk_widget_activate_action (dialog, "dialog.step-next", NULL);
  wait.text = "Held: connect() to tcp://127.0.0.1:";
  g_assert_true (se_test_wait_until (bar_says_cb, &wait, WAIT_MS));
  gtk_widget_activate_action (dialog, "dialog.step-next", NULL);
  g_assert_true (gui_test_wait_for_items (clients, 2));
  g_assert_true (gui_test_wait_toplevel_gone (SE_TYPE_NEW_CLIENT_DIALOG));
  g_assert_cmpuint (wait_calls (window, SE_CALL_CONNECT, SE_SOCKOPT_NONE, 1), ==, 1);

  /* Closing the window while calls are held (the client's recvfrom(),
   * the listener's accept()) */
  wait.text = "accept() on TCP listener";
  gtk_widget_activate_action (GTK_WIDGET (window), "step.next", NULL);  /* the client's recvfrom() */
  g_assert_true (se_test_wait_until (bar_says_cb, &wait, WAIT_MS));
  gtk_window_destroy (GTK_WINDOW (window));
  se_test_spin (50);
  g_assert_null (window);
}

static void
test_options_window (void)
{
  SeWindow *window = se_window_new (NULL);
  g_autofree char *endpoint = NULL;
  GtkWidget *page, *options, *keepalive, *nonblock, *socket_row, *rcvbuf;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  se_test_spin (50);

  endpoint = gui_test_start_listener (window, 0 /* TCP */, 1 /* echo */);
  page = gui_test_connect_client (window, endpoint);

  /* The client's Options button */
  g_assert_true (gui_test_action_clickable (page, "client.show-options"));
  gtk_widget_activate_action (page, "client.show-options", NULL);
  options = gui_test_wait_for_toplevel (SE_TYPE_SOCKOPT_WINDOW);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (options)) == GTK_WINDOW (window));

  keepalive = gui_test_get_named (options, "sockopt-SO_KEEPALIVE");
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (keepalive)));
  g_assert_true (gtk_widget_get_sensitive (keepalive));
  g_assert_true (gui_test_find_label (options, "Sends probes on an idle connection"));
  nonblock = gui_test_get_named (options, "sockopt-O_NONBLOCK");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (nonblock)));
  g_assert_false (gtk_widget_get_sensitive (nonblock));
  g_assert_null (gui_test_find_named (options, "sockopt-SO_BROADCAST"));

  /* A change is a setsockopt() call in the log, and is read back */
  g_assert_cmpuint (wait_calls (window, SE_CALL_SETSOCKOPT, SE_SOCKOPT_SO_KEEPALIVE, 0), ==, 0);
  gtk_switch_set_active (GTK_SWITCH (keepalive), TRUE);
  g_assert_cmpuint (wait_calls (window, SE_CALL_SETSOCKOPT, SE_SOCKOPT_SO_KEEPALIVE, 1), ==, 1);
  gtk_widget_activate_action (options, "sockopt.refresh", NULL);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (gui_test_get_named (options, "sockopt-SO_KEEPALIVE"))));

  /* A buffer size: what the kernel made of it shows (Linux doubles it) */
  rcvbuf = gui_test_get_named (options, "sockopt-SO_RCVBUF");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (rcvbuf), 16384);
  g_assert_cmpuint (wait_calls (window, SE_CALL_SETSOCKOPT, SE_SOCKOPT_SO_RCVBUF, 1), ==, 1);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (rcvbuf)), ==, 32768);
  gtk_window_destroy (GTK_WINDOW (options));

  /* The listener's: the listening socket, then its connection */
  gui_test_select_sidebar_row (window, 1);
  page = se_window_get_visible_page (window);
  gtk_widget_activate_action (page, "listener.show-options", NULL);
  options = gui_test_wait_for_toplevel (SE_TYPE_SOCKOPT_WINDOW);
  socket_row = gui_test_get_named (options, "sockopt-socket");
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (socket_row))), ==, 2);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (gui_test_get_named (options, "sockopt-SO_REUSEADDR"))));
  adw_combo_row_set_selected (ADW_COMBO_ROW (socket_row), 1);
  gtk_switch_set_active (GTK_SWITCH (gui_test_get_named (options, "sockopt-TCP_NODELAY")), TRUE);
  g_assert_cmpuint (wait_calls (window, SE_CALL_SETSOCKOPT, SE_SOCKOPT_TCP_NODELAY, 1), >=, 1);

  /* The listener stops: its socket has no options left */
  adw_combo_row_set_selected (ADW_COMBO_ROW (socket_row), 0);
  gtk_widget_activate_action (page, "listener.stop", NULL);
  se_test_spin (200);
  gtk_widget_activate_action (options, "sockopt.refresh", NULL);
  g_assert_true (gui_test_find_label (options, "The Socket Is Closed"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (gui_test_wait_toplevel_gone (SE_TYPE_SOCKOPT_WINDOW));
  se_test_spin (50);
  g_assert_null (window);
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("No display: skipping the step mode tests (run them under xvfb-run)\n");
      return 77;
    }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/step-window/step-mode", test_step_mode);
  g_test_add_func ("/step-window/datagram-and-connect", test_step_datagram_and_connect);
  g_test_add_func ("/step-window/options", test_options_window);

  return g_test_run ();
}
