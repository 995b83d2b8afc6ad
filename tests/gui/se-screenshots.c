/* se-screenshots.c: drive the window to a populated state and save a
 * screenshot of each page, for data/screenshots/ and the README
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   xvfb-run -a env GSETTINGS_SCHEMA_DIR=build/data GSETTINGS_BACKEND=memory \
 *     build/tests/gui/se-screenshots data/screenshots
 *
 * Only loopback sockets on ports the system picks. ADW_DEBUG_COLOR_SCHEME=
 * prefer-dark gives the dark style. For another language, point
 * SE_LOCALEDIR at the build's translations and name a file suffix:
 *
 *   xvfb-run -a env LC_ALL=C.UTF-8 LANGUAGE=zh_CN SE_LOCALEDIR=build/po \
 *     GSETTINGS_SCHEMA_DIR=build/data GSETTINGS_BACKEND=memory \
 *     build/tests/gui/se-screenshots data/screenshots -zh_CN
 *
 * (a CJK font must be installed for zh_CN: fonts-noto-cjk on Debian).
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gui-test-util.h"
#include "se-composer.h"
#include "se-application.h"
#include "se-inspect-window.h"
#include "se-labs-page.h"
#include "se-code-window.h"
#include "se-endpoint-row.h"
#include "se-log-view.h"
#include "se-new-listener-dialog.h"
#include "se-preferences-window.h"
#include "se-resolve-page.h"
#include "se-rules-editor.h"
#include "se-sockopt-window.h"
#include "se-test-util.h"
#include "socket-explorer-core.h"

/* Appended to each file name: "listener-zh_CN.png" */
static const char *suffix = "";

static void
save_screenshot (GtkWidget  *widget,
                 const char *dir,
                 const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = g_strconcat (name, suffix, ".png", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  /* Let animations (stack transitions, spinners) settle */
  se_test_spin (700);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    g_error ("could not save %s", path);
  g_print ("saved %s (%d×%d)\n", path, width, height);
}

/* The window with an open popover drawn over it where it shows (a
 * popover is a surface of its own, not in the window's paintable). */
static void
save_screenshot_with_popover (GtkWidget  *window,
                              GtkWidget  *popover,
                              const char *dir,
                              const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GdkPaintable) popover_paintable = gtk_widget_paintable_new (popover);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = g_strconcat (name, suffix, ".png", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);
  double wx, wy, px, py;
  GdkSurface *surface;

  se_test_spin (700);

  gtk_native_get_surface_transform (GTK_NATIVE (window), &wx, &wy);
  gtk_native_get_surface_transform (GTK_NATIVE (popover), &px, &py);
  surface = gtk_native_get_surface (GTK_NATIVE (popover));
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (gdk_popup_get_position_x (GDK_POPUP (surface)) + px - wx,
                                                          gdk_popup_get_position_y (GDK_POPUP (surface)) + py - wy));
  gdk_paintable_snapshot (popover_paintable, GDK_SNAPSHOT (snapshot),
                          gtk_widget_get_width (popover), gtk_widget_get_height (popover));
  gtk_snapshot_restore (snapshot);
  node = gtk_snapshot_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    g_error ("could not save %s", path);
  g_print ("saved %s (%d×%d)\n", path, width, height);
}

static void
send_line (GtkWidget  *page,
           const char *text)
{
  /* With a line ending, as line-based servers expect */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (gui_test_get_named (page, "composer-eol")), 1);
  gui_test_send_from_page (page, text);
  se_test_spin (150);
}

/* A TCP relay (New Listener ▸ Relay) to target, with a client talking
 * through it; returns the relay's endpoint. */
static char *
start_relay (SeWindow   *window,
             const char *target)
{
  GListModel *listeners = se_window_get_listeners (window);
  guint before = g_list_model_get_n_items (listeners);
  GtkWidget *dialog = gui_test_open_listener_dialog (window);
  GtkWidget *page;

  adw_combo_row_set_selected (ADW_COMBO_ROW (gui_test_get_named (dialog, "listener-kind")), 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (gui_test_get_named (dialog, "listener-address")), 0);
  gtk_switch_set_active (GTK_SWITCH (gui_test_get_named (dialog, "listener-relay")), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (gui_test_get_named (dialog, "listener-relay-target")), target);
  gtk_widget_activate_action (dialog, "dialog.start", NULL);
  g_assert_true (gui_test_wait_for_items (listeners, before + 1));
  g_assert_true (gui_test_wait_toplevel_gone (SE_TYPE_NEW_LISTENER_DIALOG));

  page = se_window_get_visible_page (window);
  return g_strdup (gtk_label_get_text (GTK_LABEL (gui_test_get_named (page, "listener-endpoint"))));
}

/* A socket of this process on 127.0.0.1: a real client or server that
 * the window does not log. */
static int
plain_socket (guint16  port,
              guint16 *bound)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  addr.sin_port = htons (port);
  if (fd < 0 ||
      (bound != NULL && (bind (fd, (struct sockaddr *) &addr, sizeof addr) < 0 || listen (fd, 4) < 0 ||
                         getsockname (fd, (struct sockaddr *) &addr, &len) < 0)) ||
      (bound == NULL && connect (fd, (struct sockaddr *) &addr, sizeof addr) < 0))
    g_error ("plain socket on 127.0.0.1: %s", g_strerror (errno));
  if (bound != NULL)
    *bound = ntohs (addr.sin_port);
  return fd;
}

/* Waits (at most 5 s) until fd can be read */
static void
wait_readable (int fd)
{
  struct pollfd pfd = { .fd = fd, .events = POLLIN };

  if (poll (&pfd, 1, 5000) != 1)
    g_error ("nothing came within 5 s");
}

/* Reads what fd has, until EOF when until_eof */
static void
read_some (int      fd,
           gboolean until_eof)
{
  char buffer[512];
  ssize_t n;

  do
    {
      wait_readable (fd);
      n = recv (fd, buffer, sizeof buffer, 0);
    }
  while (until_eof && n > 0);
  if (n < 0)
    g_error ("recv: %s", g_strerror (errno));
}

/* Shows page as the user would: its row in the sidebar */
static void
select_page (SeWindow  *window,
             GtkWidget *page)
{
  GtkListBox *list = GTK_LIST_BOX (gui_test_get_named (GTK_WIDGET (window), "sidebar"));
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    if (SE_IS_ENDPOINT_ROW (row) && se_endpoint_row_get_page (SE_ENDPOINT_ROW (row)) == page)
      {
        gtk_list_box_select_row (list, row);
        se_test_spin (100);
        return;
      }
  g_error ("no sidebar row for the page");
}

static gboolean
resolve_done_cb (gpointer data)
{
  return !se_resolve_page_get_busy (data);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SeApplication) app = NULL;
  const char *dir = argc > 1 ? argv[1] : ".";
  const char *localedir = g_getenv ("SE_LOCALEDIR");
  g_autofree char *tcp = NULL;
  g_autofree char *udp = NULL;
  SeWindow *window;
  GtkWidget *page, *client, *preferences, *code, *udp_client;
  SeLogView *log_view;
  GListModel *rows;
  g_autofree char *data_home = NULL;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("No display: run this under xvfb-run\n");
      return 77;
    }

  if (argc > 2)
    suffix = argv[2];

  /* The shipped saved messages, not the user's own */
  data_home = se_test_make_temp_dir ();
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  /* As main.c does, or from the build tree */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_init ();
  app = se_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, NULL))
    g_error ("could not register the application");
  g_application_activate (G_APPLICATION (app));

  window = SE_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  se_test_spin (500);

  /* The first screen, with two recent workspaces of a teacher */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    const char *recent[] = { "file:///home/teacher/Lessons/tcp-servers.sews",
                             "file:///home/teacher/Lessons/week-3-udp.sews", NULL };

    g_settings_set_strv (settings, "recent-workspaces", recent);
    se_test_spin (500);
    save_screenshot (GTK_WIDGET (window), dir, "welcome");
    g_settings_set_strv (settings, "recent-workspaces", NULL);
  }

  /* A TCP listener that answers in UPPERCASE, with two clients */
  tcp = gui_test_start_listener (window, 0 /* TCP */, 2 /* UPPERCASE echo */);
  client = gui_test_connect_client (window, tcp);
  send_line (client, "hello, socket");
  send_line (client, "how are you?");
  page = gui_test_connect_client (window, tcp);
  send_line (page, "a second client");

  /* A UDP echo listener and one client */
  udp = gui_test_start_listener (window, 1 /* UDP */, 1 /* echo */);
  page = gui_test_connect_client (window, udp);
  udp_client = page;
  send_line (page, "ping");
  se_test_spin (300);

  /* Sidebar rows: Resolve, the two listeners, the three clients */
  gui_test_select_sidebar_row (window, 1);
  save_screenshot (GTK_WIDGET (window), dir, "listener");

  /* F1 on the listener page: what it did, in socket calls */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.help", NULL);
  {
    GListModel *toplevels = gtk_window_get_toplevels ();

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWidget) help = g_list_model_get_item (toplevels, i);

        if (g_strcmp0 (gtk_widget_get_name (help), "help-window") == 0)
          {
            se_test_spin (500);  /* allocated before it is drawn */
            save_screenshot (help, dir, "help");
            gtk_window_destroy (GTK_WINDOW (help));
            break;
          }
      }
  }

  gui_test_select_sidebar_row (window, 3);
  save_screenshot (GTK_WIDGET (window), dir, "client");

  /* The same client as a program to take home, in Python */
  gtk_widget_activate_action (se_window_get_visible_page (window), "client.show-code", NULL);
  code = gui_test_wait_for_toplevel (SE_TYPE_CODE_WINDOW);
  se_test_spin (500);
  save_screenshot (code, dir, "code");
  gtk_window_destroy (GTK_WINDOW (code));
  /* Rates: the first client talks for a few seconds; the listener's
   * graph and the status line's total follow, a point a second. */
  gui_test_select_sidebar_row (window, 1);
  for (guint i = 0; i < 20; i++)
    {
      send_line (client, i % 3 == 0 ? "a longer line, so that the graph goes up and down" : "tick");
      se_test_spin (350);
    }
  save_screenshot (GTK_WIDGET (window), dir, "rates");
  /* The saved messages of the client's composer, open */
  {
    GtkWidget *button = gui_test_get_named (se_window_get_visible_page (window), "composer-saved");

    gtk_menu_button_popup (GTK_MENU_BUTTON (button));
    se_test_spin (300);
    save_screenshot_with_popover (GTK_WIDGET (window),
                                  GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button))),
                                  dir, "saved-messages");
    gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  }

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-resolve", NULL);
  page = se_window_get_visible_page (window);
  gtk_editable_set_text (GTK_EDITABLE (gui_test_get_named (page, "query-row")), "localhost");
  gtk_widget_activate_action (page, "resolve.lookup", NULL);
  se_test_spin (100);
  se_test_wait_until (resolve_done_cb, page, GUI_TEST_WAIT_MS);
  save_screenshot (GTK_WIDGET (window), dir, "resolve");

  /* A lab in progress: the TCP server's steps that the session above
   * did are ticked, the last (a client disconnecting) is not yet */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-labs", NULL);
  se_labs_page_show_lab (SE_LABS_PAGE (se_window_get_visible_page (window)), "tcp-server");
  se_test_spin (300);
  save_screenshot (GTK_WIDGET (window), dir, "lab");

  /* The traffic log alone, with the first received message selected */
  gui_test_select_sidebar_row (window, 1);
  g_object_set (window, "log-only", TRUE, NULL);
  se_test_spin (300);  /* the detail pane takes its height from the view's */
  log_view = SE_LOG_VIEW (se_window_get_log_view (window));
  rows = se_log_view_get_model (log_view);
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(SeEvent) event = g_list_model_get_item (rows, i);

      if (se_event_get_kind (event) == SE_EVENT_RECEIVE)
        {
          se_log_view_select (log_view, i);
          break;
        }
    }
  save_screenshot (GTK_WIDGET (window), dir, "log");

  /* The same event explained: what recv() does, and its Python line */
  {
    GtkWidget *label = gui_test_get_named (GTK_WIDGET (window), "explain-label");

    gtk_stack_set_visible_child_name (GTK_STACK (gtk_widget_get_ancestor (label, GTK_TYPE_STACK)), "explain");
    se_test_spin (300);
    save_screenshot (GTK_WIDGET (window), dir, "explain");
    gtk_stack_set_visible_child_name (GTK_STACK (gtk_widget_get_ancestor (label, GTK_TYPE_STACK)), "text");
  }

  /* A class: a client's page and the log, full screen, large */
  se_log_view_select (log_view, GTK_INVALID_LIST_POSITION);
  g_object_set (window, "log-only", FALSE, NULL);
  gui_test_select_sidebar_row (window, 3);
  g_object_set (window, "presentation", TRUE, NULL);
  se_test_spin (800);
  save_screenshot (GTK_WIDGET (window), dir, "presentation");
  g_object_set (window, "presentation", FALSE, NULL);
  se_test_spin (300);

  /* A small screen: 800×600 at 150 % */
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL);
  se_test_spin (800);
  save_screenshot (GTK_WIDGET (window), dir, "small-window");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-reset", NULL);

  /* Text at 200 % in a 1280×800 window, on a client page */
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gui_test_select_sidebar_row (window, 3);
  for (guint i = 0; i < 5; i++)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL);
  se_test_spin (800);
  save_screenshot (GTK_WIDGET (window), dir, "zoom-200");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-reset", NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  se_test_spin (300);

  /* The message boundaries demonstration: five sends over TCP and UDP */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.boundaries-demo", NULL);
  gui_test_wait_for_items (se_window_get_clients (window), 5);
  se_test_spin (800);
  save_screenshot (GTK_WIDGET (window), dir, "boundaries");

  /* The Address Inspector */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.inspect-address", NULL);
  page = gui_test_wait_for_toplevel (SE_TYPE_INSPECT_WINDOW);
  se_inspect_window_set_text (SE_INSPECT_WINDOW (page), "192.168.1.10:8080");
  se_test_spin (500);
  save_screenshot (page, dir, "inspector");
  gtk_window_destroy (GTK_WINDOW (page));
  /* The sequence diagram (F8) beside the log, with the log alone: a
   * client sends a 150,000-byte file ({{file:…}}) to an echo listener,
   * which reads 64 KiB at a time: the arrows show which bytes of each
   * send() landed in which recv() */
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 960);
  {
    g_autofree char *echo = gui_test_start_listener (window, 0 /* TCP */, 1 /* echo */);
    GtkWidget *diagram = NULL;
    g_autoptr(GString) text = g_string_new (NULL);
    g_autofree char *tmp = se_test_make_temp_dir ();
    g_autofree char *path = g_build_filename (tmp, "message.txt", NULL);
    g_autofree char *macro = g_strdup_printf ("{{file:%s}}", path);

    while (text->len < 150000)
      g_string_append (text, "hello, socket ");
    g_string_truncate (text, 150000);
    if (!g_file_set_contents (path, text->str, text->len, NULL))
      g_error ("could not write %s", path);
    page = gui_test_connect_client (window, echo);
    gui_test_send_from_page (page, macro);
    se_test_spin (800);
    se_test_remove_dir (tmp);
    select_page (window, page);
    g_object_set (window, "log-only", TRUE, "show-diagram", TRUE, NULL);
    se_test_spin (300);
    diagram = gui_test_get_named (GTK_WIDGET (window), "diagram-view");
    gtk_paned_set_position (GTK_PANED (gtk_widget_get_parent (diagram)),
                            gtk_widget_get_width (gtk_widget_get_parent (diagram)) / 3);
    save_screenshot (GTK_WIDGET (window), dir, "diagram-tcp");

    /* UDP: datagrams with sendto/recvfrom, each whole, no connection */
    page = udp_client;
    select_page (window, page);
    send_line (page, "pong");
    send_line (page, "ping again");
    g_object_set (window, "log-only", TRUE, NULL);
    se_test_spin (500);
    save_screenshot (GTK_WIDGET (window), dir, "diagram-udp");
    g_object_set (window, "log-only", FALSE, "show-diagram", FALSE, NULL);
  }

  /* A listener's match-and-reply rules, one of them not compiling */
  {
    GtkWidget *dialog = gui_test_open_listener_dialog (window);
    SeRulesEditor *editor = SE_RULES_EDITOR (gui_test_get_named (dialog, "listener-rules"));

    se_rules_editor_add_rule (editor, SE_RULE_REGEX, "^GET (\\S+)",
                              "HTTP/1.0 200 OK\\r\\n\\r\\nyou asked for \\1", 0, TRUE);
    se_rules_editor_add_rule (editor, SE_RULE_REGEX, "^(QUIT", "221 Bye\\r\\n", 0, TRUE);
    se_rules_editor_add_rule (editor, SE_RULE_PREFIX, "HELO", "250 Hello {{counter}}\\r\\n", 500, FALSE);
    gtk_window_set_default_size (GTK_WINDOW (dialog), 640, 900);
    se_test_spin (300);
    save_screenshot (dialog, dir, "listener-rules");
    gtk_window_destroy (GTK_WINDOW (dialog));
  }

  /* Auto-send on a connection of the UPPERCASE listener: a line every
   * 100 ms, 100 times, its progress under the message, Stop beside it */
  {
    GtkWidget *composer;

    gui_test_select_sidebar_row (window, 1);
    page = se_window_get_visible_page (window);
    composer = gtk_widget_get_ancestor (gui_test_get_named (page, "composer-entry"), SE_TYPE_COMPOSER);
    gtk_drop_down_set_selected (GTK_DROP_DOWN (gui_test_get_named (page, "composer-eol")), 1);
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (gui_test_get_named (page, "composer-count")), 100);
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (gui_test_get_named (page, "composer-interval")), 100);
    gui_test_send_from_page (page, "tick {{counter}}");
    se_test_spin (2300);
    save_screenshot (GTK_WIDGET (window), dir, "auto-send");
    gtk_widget_activate_action (composer, "composer.stop", NULL);
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (gui_test_get_named (page, "composer-count")), 1);
    se_test_spin (200);
  }

  /* The engine's limits */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL);
  preferences = gui_test_wait_for_toplevel (SE_TYPE_PREFERENCES_WINDOW);
  se_test_spin (500);  /* allocated before it is drawn */
  save_screenshot (preferences, dir, "preferences");
  gtk_window_destroy (GTK_WINDOW (preferences));

  /* A relay in front of the UPPERCASE listener: a client talks to it
   * through the relay, and the log shows both legs */
  {
    g_autofree char *relay = start_relay (window, tcp);

    page = gui_test_connect_client (window, relay);
    send_line (page, "through the relay");
    send_line (page, "both legs are logged");
    se_test_spin (300);
    /* Sidebar: Resolve, then the listeners (the relay is the third) */
    gui_test_select_sidebar_row (window, 3);
    se_test_spin (300);
    save_screenshot (GTK_WIDGET (window), dir, "relay");
  }

  /* Step mode with the diagram: a client queued two sends; Next let the
   * first go, so its bytes wait in the echo listener's kernel buffer (the
   * dashed arrow) while the second send is held. Then the socket options
   * of the same client, TCP_NODELAY just turned on. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 960);
  {
    g_autofree char *echo = gui_test_start_listener (window, 0 /* TCP */, 1 /* echo */);
    GtkWidget *options;

    page = gui_test_connect_client (window, echo);
    select_page (window, page);
    gtk_widget_activate_action (GTK_WIDGET (window), "step.mode", NULL);
    send_line (page, "hello");
    send_line (page, "are you there?");
    gtk_widget_activate_action (GTK_WIDGET (window), "step.next", NULL);
    g_object_set (window, "log-only", TRUE, "show-diagram", TRUE, NULL);
    se_test_spin (300);
    {
      GtkWidget *diagram = gui_test_get_named (GTK_WIDGET (window), "diagram-view");

      gtk_paned_set_position (GTK_PANED (gtk_widget_get_parent (diagram)),
                              gtk_widget_get_width (gtk_widget_get_parent (diagram)) / 3);
    }
    se_test_spin (500);
    save_screenshot (GTK_WIDGET (window), dir, "step-mode");
    gtk_widget_activate_action (GTK_WIDGET (window), "step.mode", NULL);
    g_object_set (window, "log-only", FALSE, NULL);
    se_test_spin (300);

    gtk_widget_activate_action (page, "client.show-options", NULL);
    options = gui_test_wait_for_toplevel (SE_TYPE_SOCKOPT_WINDOW);
    gtk_switch_set_active (GTK_SWITCH (gui_test_get_named (options, "sockopt-TCP_NODELAY")), TRUE);
    gtk_window_set_default_size (GTK_WINDOW (options), 640, 900);
    se_test_spin (500);
    save_screenshot (options, dir, "socket-options");
    gtk_window_destroy (GTK_WINDOW (options));
    g_object_set (window, "show-diagram", FALSE, NULL);
  }

  /* The sequence diagram of a relayed session: a web client and server
   * of this process (not in the log) talk through a relay; three
   * lifelines, the client, the relay, the server */
  {
    guint16 server_port = 0;
    int server = plain_socket (0, &server_port);
    g_autofree char *target = g_strdup_printf ("tcp://127.0.0.1:%u", server_port);
    g_autofree char *relay = start_relay (window, target);
    g_autoptr(SeEndpoint) relay_endpoint = se_endpoint_parse (relay, NULL);
    GtkWidget *relay_page = se_window_get_visible_page (window);
    GtkWidget *diagram;
    int web_client, accepted;

    web_client = plain_socket (se_endpoint_get_port (relay_endpoint), NULL);
    send (web_client, "GET / HTTP/1.0\r\n\r\n", 18, MSG_NOSIGNAL);
    wait_readable (server);
    accepted = accept (server, NULL, NULL);
    read_some (accepted, FALSE);
    send (accepted, "HTTP/1.0 200 OK\r\n\r\n", 19, MSG_NOSIGNAL);
    send (accepted, "hello from the server", 21, MSG_NOSIGNAL);
    close (accepted);
    read_some (web_client, TRUE);
    close (web_client);
    close (server);
    se_test_spin (500);

    select_page (window, relay_page);
    g_object_set (window, "log-only", TRUE, "show-diagram", TRUE, NULL);
    se_test_spin (300);
    /* The diagram as wide as it goes (the log at its narrowest), so the
     * three lifelines are side by side */
    diagram = gui_test_get_named (GTK_WIDGET (window), "diagram-view");
    gtk_paned_set_position (GTK_PANED (gtk_widget_get_parent (diagram)), 0);
    se_test_spin (500);
    save_screenshot (GTK_WIDGET (window), dir, "diagram-relay");
    g_object_set (window, "log-only", FALSE, "show-diagram", FALSE, NULL);
  }

  /* TLS: an echo listener with a certificate made on the spot, and a
   * client that pinned its fingerprint (New Client fills it in): the
   * page shows the version, the cipher, and the chain with the check */
  {
    g_autofree char *tls = gui_test_start_listener (window, 4 /* TLS */, 1 /* echo */);

    page = gui_test_connect_client (window, tls);
    send_line (page, "hello over TLS");
    se_test_spin (500);
    save_screenshot (GTK_WIDGET (window), dir, "tls");
    /* The chain, in the popover of the Certificate button (a surface of
     * its own: shot by itself) */
    gtk_menu_button_popup (GTK_MENU_BUTTON (gui_test_get_named (page, "client-tls-button")));
    se_test_spin (500);
    save_screenshot (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (gui_test_get_named (page, "client-tls-button")))),
                     dir, "tls-certificate");
    gtk_menu_button_popdown (GTK_MENU_BUTTON (gui_test_get_named (page, "client-tls-button")));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  se_test_spin (100);
  se_test_remove_dir (data_home);

  return 0;
}
