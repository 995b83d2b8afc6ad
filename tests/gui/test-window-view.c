/* test-window-view.c: how the window shows itself: help, zoom, presentation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Needs a display: run under xvfb-run. Without one the test is skipped
 * (exit status 77).
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

static GtkWidget *
find_help_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      /* The list keeps it */
      if (g_strcmp0 (gtk_widget_get_name (toplevel), "help-window") == 0 &&
          gtk_widget_get_visible (toplevel))
        return toplevel;
    }

  return NULL;
}

/* F1 (win.help) explains the page shown; Esc closes it */
static void
assert_help (SeWindow   *window,
             const char *title,
             const char *text)
{
  GtkWidget *help;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.help", NULL));
  help = find_help_window ();
  g_assert_nonnull (help);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (help)) == GTK_WINDOW (window));
  g_assert_true (g_str_has_suffix (gtk_window_get_title (GTK_WINDOW (help)), title));
  if (!gui_test_find_label (help, text))
    g_error ("the help on “%s” does not say “%s”", title, text);
  /* The keyboard shortcuts are one button away */
  g_assert_true (gui_test_action_clickable (help, "help.shortcuts"));
  gtk_window_destroy (GTK_WINDOW (help));
  se_test_spin (20);
}

static void
test_help (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *endpoint = NULL;

  assert_help (fixture->window, "Getting Started", "A listener is the server side");

  endpoint = gui_test_start_listener (fixture->window, 0 /* TCP */, 1 /* echo */);
  assert_help (fixture->window, "A Stream Listener", "called listen()");
  gui_test_connect_client (fixture->window, endpoint);
  assert_help (fixture->window, "A Stream Client", "called connect()");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-resolve", NULL));
  assert_help (fixture->window, "Resolving Names", "getaddrinfo()");

  g_object_set (fixture->window, "log-only", TRUE, NULL);
  assert_help (fixture->window, "The Traffic Log", "Search addresses and data");
  g_object_set (fixture->window, "log-only", FALSE, NULL);
}

/* Zoom: the actions step through the levels, stop at the ends, keep the
 * setting, and text really gets larger. */
static int
label_height (GtkWidget *label)
{
  int height;

  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, -1, &height, NULL, NULL, NULL);
  return height;
}

typedef struct
{
  GtkWidget *label;
  int        height;
} HeightWait;

static gboolean
label_height_is (gpointer data)
{
  HeightWait *wait = data;

  return label_height (wait->label) == wait->height;
}

static gboolean
label_taller_than (gpointer data)
{
  HeightWait *wait = data;

  return label_height (wait->label) > wait->height;
}

static void
test_zoom (Fixture       *fixture,
           gconstpointer  data)
{
  HeightWait wait;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *window = GTK_WIDGET (fixture->window);
  /* Every window of the display follows the zoom, a plain one too */
  GtkWidget *other = gtk_window_new ();
  GtkWidget *label = gtk_label_new ("Socket Explorer");
  int normal, doubled;

  g_assert_cmpfloat_with_epsilon (se_zoom_step (1.0, 1), 1.1, 0.001);
  g_assert_cmpfloat_with_epsilon (se_zoom_step (1.0, -1), 0.9, 0.001);
  g_assert_cmpfloat_with_epsilon (se_zoom_step (3.0, 1), 3.0, 0.001);
  g_assert_cmpfloat_with_epsilon (se_zoom_step (0.5, -1), 0.5, 0.001);
  g_assert_cmpfloat_with_epsilon (se_zoom_step (2.3, 0), 1.0, 0.001);

  gtk_window_set_child (GTK_WINDOW (other), label);
  gtk_window_present (GTK_WINDOW (other));
  se_test_spin (50);
  normal = label_height (label);

  g_assert_true (gtk_widget_activate_action (window, "win.zoom-in", NULL));
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "zoom"), 1.1, 0.001);
  g_settings_set_double (settings, "zoom", 2.0);
  g_assert_cmpfloat_with_epsilon (se_zoom_get (gtk_widget_get_display (window)), 2.0, 0.001);
  /* The style is recomputed at the next frame */
  wait.label = label;
  wait.height = normal * 3 / 2;
  g_assert_true (se_test_wait_until (label_taller_than, &wait, WAIT_MS));
  doubled = label_height (label);
  g_assert_cmpint (doubled, >, normal * 3 / 2);

  /* At the end, zoom-in does nothing */
  g_settings_set_double (settings, "zoom", 3.0);
  se_test_spin (20);
  gtk_widget_activate_action (window, "win.zoom-in", NULL);
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "zoom"), 3.0, 0.001);
  g_assert_true (gtk_widget_activate_action (window, "win.zoom-reset", NULL));
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "zoom"), 1.0, 0.001);
  wait.label = label;
  wait.height = normal;
  g_assert_true (se_test_wait_until (label_height_is, &wait, WAIT_MS));
  gtk_window_destroy (GTK_WINDOW (other));
}

/* Presentation: F5's action hides the sidebar and marks the window; Esc's
 * leaves it, and is not taken when not presenting. */
static void
test_presentation (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  GtkWidget *sidebar = gui_test_get_named (window, "sidebar");
  gboolean presentation;

  /* Not presenting: Esc's action is disabled and changes nothing */
  gtk_widget_activate_action (window, "win.leave-presentation", NULL);
  g_object_get (window, "presentation", &presentation, NULL);
  g_assert_false (presentation);
  g_assert_true (gtk_widget_activate_action (window, "win.presentation", NULL));
  g_object_get (window, "presentation", &presentation, NULL);
  g_assert_true (presentation);
  g_assert_true (gtk_widget_has_css_class (window, "presentation"));
  g_assert_false (gtk_widget_is_visible (sidebar));

  g_assert_true (gtk_widget_activate_action (window, "win.leave-presentation", NULL));
  g_object_get (window, "presentation", &presentation, NULL);
  g_assert_false (presentation);
  g_assert_false (gtk_widget_has_css_class (window, "presentation"));
  g_assert_true (gtk_widget_is_visible (sidebar));
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

  g_test_add ("/window/help", Fixture, NULL, fixture_set_up, test_help, fixture_tear_down);
  g_test_add ("/window/zoom", Fixture, NULL, fixture_set_up, test_zoom, fixture_tear_down);
  g_test_add ("/window/presentation", Fixture, NULL, fixture_set_up, test_presentation, fixture_tear_down);

  return g_test_run ();
}
