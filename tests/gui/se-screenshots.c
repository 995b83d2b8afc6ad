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

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gui-test-util.h"
#include "se-application.h"
#include "se-log-view.h"
#include "se-preferences-window.h"
#include "se-resolve-page.h"
#include "se-rules-editor.h"
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
  GtkWidget *page, *client, *preferences;
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
  send_line (page, "ping");
  se_test_spin (300);

  /* Sidebar rows: Resolve, the two listeners, the three clients */
  gui_test_select_sidebar_row (window, 1);
  save_screenshot (GTK_WIDGET (window), dir, "listener");

  gui_test_select_sidebar_row (window, 3);
  save_screenshot (GTK_WIDGET (window), dir, "client");

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
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  se_test_spin (300);

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

  /* The engine's limits */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL);
  preferences = gui_test_wait_for_toplevel (SE_TYPE_PREFERENCES_WINDOW);
  se_test_spin (500);  /* allocated before it is drawn */
  save_screenshot (preferences, dir, "preferences");
  gtk_window_destroy (GTK_WINDOW (preferences));

  gtk_window_destroy (GTK_WINDOW (window));
  se_test_spin (100);
  se_test_remove_dir (data_home);

  return 0;
}
