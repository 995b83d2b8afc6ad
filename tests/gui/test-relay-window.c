/* test-relay-window.c: a relay made in the window, used, saved and opened
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Needs a display: run under xvfb-run. Without one the test is skipped
 * (exit status 77). Real sockets on 127.0.0.1, port 0.
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gui-test-util.h"
#include "se-diagram-view.h"
#include "se-listener-page.h"
#include "se-new-listener-dialog.h"
#include "se-test-util.h"
#include "se-window.h"
#include "socket-explorer-core.h"

/* A plain client of the relay: sends text, returns what comes back. */
static char *
exchange (const char *endpoint_text,
          const char *text)
{
  g_autoptr(SeEndpoint) endpoint = se_endpoint_parse (endpoint_text, NULL);
  struct sockaddr_in addr = { .sin_family = AF_INET };
  struct timeval timeout = { .tv_sec = 5 };
  char buffer[64] = { 0 };
  gsize got = 0;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  addr.sin_port = g_htons (se_endpoint_get_port (endpoint));
  addr.sin_addr.s_addr = g_htonl (INADDR_LOOPBACK);
  g_assert_cmpint (connect (fd, (struct sockaddr *)&addr, sizeof addr), ==, 0);
  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  g_assert_cmpint (send (fd, text, strlen (text), 0), ==, (gssize) strlen (text));

  /* The sockets are on the network thread: a blocking read is fine. */
  while (got < strlen (text))
    {
      ssize_t n = recv (fd, buffer + got, sizeof buffer - 1 - got, 0);

      if (n <= 0)
        break;
      got += n;
    }
  close (fd);
  return g_strdup (buffer);
}

/* The relay's lifeline, once the diagram has drawn one with data arrows
 * on both sides of it */
static gboolean
relay_drawn_cb (gpointer data)
{
  SeDiagram *diagram = se_diagram_view_get_diagram (data);
  const SeDiagramLifeline *lifelines;
  const SeDiagramArrow *arrows;
  guint n_lifelines = 0, n_arrows = 0, into = 0, out = 0;

  if (diagram == NULL)
    return FALSE;
  lifelines = se_diagram_get_lifelines (diagram, &n_lifelines);
  arrows = se_diagram_get_arrows (diagram, &n_arrows);
  if (n_lifelines < 2 || lifelines[1].kind != SE_DIAGRAM_LIFELINE_RELAY)
    return FALSE;
  for (guint i = 0; i < n_arrows; i++)
    if (arrows[i].kind == SE_DIAGRAM_ARROW_DATA && !arrows[i].in_flight)
      {
        into += arrows[i].to_lifeline == 1;
        out += arrows[i].from_lifeline == 1;
      }
  return into >= 2 && out >= 2;
}

static void
test_relay_window (void)
{
  SeWindow *window = se_window_new (NULL);
  GListModel *listeners = se_window_get_listeners (window);
  g_autofree char *target = NULL;
  g_autofree char *relay_endpoint = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *dir = se_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "relay.sews", NULL);
  g_autofree char *saved = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(SeListenerProxy) reopened = NULL;
  GtkWidget *dialog, *page;
  guint before;

  gtk_window_present (GTK_WINDOW (window));
  se_test_spin (50);

  /* The server: an UPPERCASE echo */
  target = gui_test_start_listener (window, 0 /* TCP */, 2 /* UPPERCASE */);
  before = g_list_model_get_n_items (listeners);

  dialog = gui_test_open_listener_dialog (window);
  adw_combo_row_set_selected (ADW_COMBO_ROW (gui_test_get_named (dialog, "listener-kind")), 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (gui_test_get_named (dialog, "listener-address")), 0);
  gtk_switch_set_active (GTK_SWITCH (gui_test_get_named (dialog, "listener-relay")), TRUE);

  /* No target yet: nothing to start; the responder does not apply. */
  g_assert_true (gtk_widget_is_visible (gui_test_get_named (dialog, "listener-relay-target")));
  g_assert_false (gtk_widget_is_sensitive (gui_test_get_named (dialog, "listener-responder")));
  g_assert_false (gui_test_action_clickable (dialog, "dialog.start"));

  /* A datagram target for a stream listener: refused in plain words. */
  gtk_editable_set_text (GTK_EDITABLE (gui_test_get_named (dialog, "listener-relay-target")),
                         "udp://127.0.0.1:9");
  g_assert_true (gui_test_action_clickable (dialog, "dialog.start"));
  gtk_widget_activate_action (dialog, "dialog.start", NULL);
  se_test_spin (50);
  g_assert_true (gtk_widget_is_visible (gui_test_get_named (dialog, "listener-error")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (gui_test_get_named (dialog, "listener-error"))),
                            "like with like"));
  g_assert_cmpuint (g_list_model_get_n_items (listeners), ==, before);

  gtk_editable_set_text (GTK_EDITABLE (gui_test_get_named (dialog, "listener-relay-target")), target);
  gtk_widget_activate_action (dialog, "dialog.start", NULL);
  g_assert_true (gui_test_wait_for_items (listeners, before + 1));
  g_assert_true (gui_test_wait_toplevel_gone (SE_TYPE_NEW_LISTENER_DIALOG));

  page = se_window_get_visible_page (window);
  g_assert_true (SE_IS_LISTENER_PAGE (page));
  relay_endpoint = g_strdup (gtk_label_get_text (GTK_LABEL (gui_test_get_named (page, "listener-endpoint"))));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (gui_test_get_named (page, "listener-details"))),
                            "Relay to"));

  /* Numbered among the window's relays, apart from its listeners */
  {
    g_autofree char *title = NULL;

    g_object_get (page, "title", &title, NULL);
    g_assert_cmpstr (title, ==, "TCP Relay #1");
  }

  /* Through the relay to the UPPERCASE echo and back */
  reply = exchange (relay_endpoint, "through the window\n");
  g_assert_cmpstr (reply, ==, "THROUGH THE WINDOW\n");

  /* The relay's page in the sequence diagram: the outside client, the
   * relay (both legs on one lifeline), then the UPPERCASE listener's
   * sockets; the bytes go client → relay → server and back. */
  {
    SeDiagramView *view = SE_DIAGRAM_VIEW (gui_test_get_named (GTK_WIDGET (window), "diagram-view"));
    const SeDiagramLifeline *lifelines;
    guint n;

    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-diagram", NULL);
    g_assert_true (se_test_wait_until (relay_drawn_cb, view, 5000));
    lifelines = se_diagram_get_lifelines (se_diagram_view_get_diagram (view), &n);
    g_assert_cmpuint (n, ==, 4);
    g_assert_cmpint (lifelines[0].kind, ==, SE_DIAGRAM_LIFELINE_PEER);
    g_assert_true (g_str_has_prefix (lifelines[1].title, "relay #"));
    g_assert_cmpint (lifelines[2].kind, ==, SE_DIAGRAM_LIFELINE_LISTENING);
    g_assert_cmpint (lifelines[3].kind, ==, SE_DIAGRAM_LIFELINE_ACCEPTED);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-diagram", NULL);
  }

  /* Saved with its target, and opened again as a relay */
  g_assert_true (se_window_save_workspace (window, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
  g_assert_nonnull (strstr (saved, "\"relay\""));
  g_assert_nonnull (strstr (strstr (saved, "\"relay\""), target));

  before = g_list_model_get_n_items (listeners);
  /* The saved listeners are bound to ports in use: open the file with
   * port 0 instead, as a teacher's prepared file would have. */
  {
    g_autofree char *relay_member = g_strdup_printf ("\"%s\"", relay_endpoint);
    g_autofree char *target_member = g_strdup_printf ("\"endpoint\" : \"%s\"", target);
    g_autoptr(GString) text = g_string_new (saved);

    g_assert_cmpuint (g_string_replace (text, relay_member, "\"tcp://127.0.0.1:0\"", 1), ==, 1);
    g_assert_cmpuint (g_string_replace (text, target_member, "\"endpoint\" : \"tcp://127.0.0.1:0\"", 1), ==, 1);
    g_assert_true (g_file_set_contents (path, text->str, -1, NULL));
  }
  se_window_open_workspace (window, file);
  g_assert_true (gui_test_wait_for_items (listeners, before + 2));
  for (guint i = before; i < before + 2 && reopened == NULL; i++)
    {
      g_autoptr(SeListenerProxy) listener = g_list_model_get_item (listeners, i);

      if (se_listener_proxy_get_relay_target (listener) != NULL)
        reopened = g_object_ref (listener);
    }
  g_assert_nonnull (reopened);
  g_assert_cmpuint (se_listener_proxy_get_relay_idle_timeout_ms (reopened), ==, SE_RELAY_DEFAULT_IDLE_TIMEOUT_MS);

  gtk_window_destroy (GTK_WINDOW (window));
  se_test_spin (50);
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

  g_test_add_func ("/relay-window/dialog-page-workspace", test_relay_window);

  return g_test_run ();
}
