/* test-layout.c: the window's controls fit at small sizes and large text,
 * and zoom and presentation mode change what they say they change
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Needs a display: run under xvfb-run. Without one the test is skipped
 * (exit status 77).
 */
#include "config.h"

#include <adwaita.h>

#include "gui-test-util.h"
#include "se-log-view.h"
#include "se-test-util.h"
#include "se-window.h"
#include "se-zoom.h"

typedef struct
{
  SeWindow *window;
} Fixture;

/* The window follows the "zoom" setting (the memory backend here) */
static void
set_zoom (double zoom)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_double (settings, "zoom", zoom);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  set_zoom (1.0);
  fixture->window = se_window_new (NULL);
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  se_test_spin (20);
  g_assert_null (fixture->window);
  set_zoom (1.0);
}

static void
present_at (SeWindow *window,
            int       width,
            int       height)
{
  /* Xvfb has no window manager: the default size is the size, less
   * the few pixels of the client-side frame */
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  se_test_spin (300);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, width);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), >=, width - 20);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), <=, height);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), >=, height - 20);
}

static GtkWidget *
find_actionable (GtkWidget  *root,
                 const char *action)
{
  if (GTK_IS_ACTIONABLE (root) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_actionable (child, action);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Inside the window, with a size, and not scrolled out of the part of
 * its scrolled window that shows: a control one can see and click. NULL
 * if it is, else what is wrong. */
static char *
widget_visibility_problem (SeWindow   *window,
                           GtkWidget  *widget,
                           const char *name)
{
  GtkWidget *scroller;
  graphene_rect_t bounds, shown;
  int width = gtk_widget_get_width (GTK_WIDGET (window));
  int height = gtk_widget_get_height (GTK_WIDGET (window));

  if (widget == NULL)
    return g_strdup_printf ("%s is missing", name);
  if (!gtk_widget_get_mapped (widget))
    return g_strdup_printf ("%s is not mapped", name);
  if (!gtk_widget_compute_bounds (widget, GTK_WIDGET (window), &bounds))
    return g_strdup_printf ("%s has no bounds", name);
  if (bounds.size.width < 1 || bounds.size.height < 1 ||
      bounds.origin.x < -0.5 || bounds.origin.y < -0.5 ||
      bounds.origin.x + bounds.size.width > width + 0.5 ||
      bounds.origin.y + bounds.size.height > height + 0.5)
    return g_strdup_printf ("%s is at %.0f,%.0f %.0f×%.0f, not inside the %d×%d window",
                            name, bounds.origin.x, bounds.origin.y, bounds.size.width,
                            bounds.size.height, width, height);

  scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  if (scroller != NULL && gtk_widget_compute_bounds (scroller, GTK_WIDGET (window), &shown) &&
      (bounds.origin.y < shown.origin.y - 0.5 ||
       bounds.origin.y + bounds.size.height > shown.origin.y + shown.size.height + 0.5))
    return g_strdup_printf ("%s (y %.0f to %.0f) is scrolled out of view (y %.0f to %.0f)",
                            name, bounds.origin.y, bounds.origin.y + bounds.size.height,
                            shown.origin.y, shown.origin.y + shown.size.height);

  return NULL;
}

/* Scrolls each scrolled window around widget (the innermost first) so
 * that it shows, as a user scrolling to it would */
static void
scroll_into_view (GtkWidget *widget)
{
  for (GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
       scroller != NULL;
       scroller = gtk_widget_get_ancestor (gtk_widget_get_parent (scroller), GTK_TYPE_SCROLLED_WINDOW))
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
      double value = gtk_adjustment_get_value (adjustment);
      double page = gtk_widget_get_height (scroller);
      graphene_rect_t bounds;

      g_assert_true (gtk_widget_compute_bounds (widget, scroller, &bounds));
      if (bounds.origin.y < 0)
        gtk_adjustment_set_value (adjustment, value + bounds.origin.y);
      else if (bounds.origin.y + bounds.size.height > page)
        gtk_adjustment_set_value (adjustment, value + bounds.origin.y + bounds.size.height - page);
      se_test_spin (50);
    }
}

/* widget_visibility_problem () as an assertion, looking again for up to
 * 5 s while the window settles (see assert_composer_visible ()) */
static void
assert_widget_visible (SeWindow   *window,
                       GtkWidget  *widget,
                       const char *name)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  char *problem;

  while ((problem = widget_visibility_problem (window, widget, name)) != NULL &&
         g_get_monotonic_time () < deadline)
    {
      g_free (problem);
      se_test_spin (50);
    }
  if (problem != NULL)
    g_error ("%s", problem);
}

/* The composer's entry, its send button and its options row, each where
 * one can see and click it. The window may still be settling (a scrolled
 * window follows its focus a frame or two after a resize, later on a
 * loaded machine): what matters is where things end up, so this looks
 * again for up to 5 s before it fails. */
static char *
composer_problem (SeWindow  *window,
                  GtkWidget *page)
{
  static const char * const names[] = {
    "composer-entry", "composer-message", "composer-eol", "composer-count", "composer-interval",
  };
  char *problem = widget_visibility_problem (window, find_actionable (page, "composer.send"), "Send");

  for (guint i = 0; problem == NULL && i < G_N_ELEMENTS (names); i++)
    problem = widget_visibility_problem (window, gui_test_get_named (page, names[i]), names[i]);
  return problem;
}

static void
assert_composer_visible (SeWindow  *window,
                         GtkWidget *page)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  char *problem;

  while ((problem = composer_problem (window, page)) != NULL &&
         g_get_monotonic_time () < deadline)
    {
      g_free (problem);
      se_test_spin (50);
    }
  if (problem != NULL)
    g_error ("%s", problem);
}

/* A listener page with a peer (so that its composer shows) and a client
 * page, each checked when shown. */
static void
check_pages (SeWindow *window)
{
  g_autofree char *endpoint = gui_test_start_listener (window, 0 /* TCP */, 1 /* echo */);
  GtkWidget *client = gui_test_connect_client (window, endpoint);

  se_test_spin (300);
  assert_composer_visible (window, client);
  /* A long endpoint is cut in the middle: the tooltip has all of it */
  g_assert_cmpstr (gtk_widget_get_tooltip_text (gui_test_get_named (client, "client-endpoint")), ==, endpoint);

  gui_test_select_sidebar_row (window, 1);
  se_test_spin (300);
  assert_composer_visible (window, se_window_get_visible_page (window));
}

/* Every control of the composer can be scrolled to and is then whole
 * inside the window: what a small screen (2× scale on 1280×800) allows */
static void
assert_composer_reachable (SeWindow  *window,
                           GtkWidget *page)
{
  const char *names[] = { "composer-entry", "composer-message", "composer-eol",
                          "composer-count", "composer-interval", NULL };
  GtkWidget *send = find_actionable (page, "composer.send");

  for (guint i = 0; names[i] != NULL; i++)
    {
      GtkWidget *widget = gui_test_get_named (page, names[i]);

      scroll_into_view (widget);
      assert_widget_visible (window, widget, names[i]);
    }
  scroll_into_view (send);
  assert_widget_visible (window, send, "Send");
}

static int
text_height (GtkWidget *widget)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, "Socket Explorer");
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return height;
}

static void
test_small_window (Fixture       *fixture,
                   gconstpointer  data)
{
  present_at (fixture->window, 800, 600);
  check_pages (fixture->window);
}

/* An event's details open in the log without pushing the composer of
 * the page out of view, in the default window and in a small one. */
static void
test_details_keep_composer (Fixture       *fixture,
                            gconstpointer  data)
{
  SeLogView *log_view;

  present_at (fixture->window, 1100, 720);
  check_pages (fixture->window);
  log_view = SE_LOG_VIEW (se_window_get_log_view (fixture->window));
  se_log_view_select (log_view, 0);
  se_test_spin (300);
  g_assert_nonnull (se_log_view_get_selected (log_view));
  g_assert_true (gtk_widget_get_mapped (gui_test_get_named (GTK_WIDGET (log_view), "detail")));
  assert_composer_visible (fixture->window, se_window_get_visible_page (fixture->window));

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 800, 600);
  se_test_spin (300);
  assert_composer_visible (fixture->window, se_window_get_visible_page (fixture->window));
}

static void
test_zoom_200 (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWidget *page, *label, *log_view;
  int before, log_before;

  present_at (fixture->window, 1280, 800);
  check_pages (fixture->window);

  page = se_window_get_visible_page (fixture->window);
  label = gui_test_get_named (page, "listener-endpoint");
  log_view = se_window_get_log_view (fixture->window);
  before = text_height (label);
  log_before = text_height (log_view);
  set_zoom (2.0);
  se_test_spin (500);
  /* Pango's line height grows with the font, if not exactly twice */
  g_assert_cmpint (text_height (label), >, before * 17 / 10);
  /* The log's text too */
  g_assert_cmpint (text_height (log_view), >, log_before * 17 / 10);

  assert_composer_visible (fixture->window, page);
  gui_test_select_sidebar_row (fixture->window, 2);
  se_test_spin (300);
  assert_composer_visible (fixture->window, se_window_get_visible_page (fixture->window));
}

static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* A window of that size fits the screen (in logical pixels). xvfb-run's
 * screen is 1280×1024: tests/gui/run-on-xvfb.py runs the tests that need
 * another screen on one of their own, and sets SE_TEST_SCREEN, so that
 * there a screen too small is a failure, not a skip. */
static gboolean
screen_at_least (int width,
                 int height)
{
  GListModel *monitors = gdk_display_get_monitors (gdk_display_get_default ());
  g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, 0);
  GdkRectangle geometry = { 0 };

  if (monitor != NULL)
    gdk_monitor_get_geometry (monitor, &geometry);
  if (geometry.width >= width && geometry.height >= height)
    return TRUE;

  if (g_getenv ("SE_TEST_SCREEN") != NULL)
    g_error ("the screen is %d×%d, not at least %d×%d", geometry.width, geometry.height, width, height);
  g_test_skip ("the screen is too small; the test runs on a screen of its own in test-layout-screens");
  return FALSE;
}

/* A 1920×1080 screen: the sidebar shows, every control is in view, and
 * the log's Data column gets the width the others leave */
static void
test_large_screen (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *log_view, *columns, *title;
  int title_width, columns_width;

  if (!screen_at_least (1920, 1080))
    return;
  present_at (fixture->window, 1920, 1080);
  check_pages (fixture->window);
  g_assert_true (gtk_widget_get_mapped (gui_test_get_named (GTK_WIDGET (fixture->window), "sidebar-pane")));

  /* The Data column's title spans the column */
  log_view = se_window_get_log_view (fixture->window);
  columns = gui_test_get_named (log_view, "log-column-view");
  title = find_label (columns, "Data");
  g_assert_nonnull (title);
  title = gtk_widget_get_parent (title);
  title_width = gtk_widget_get_width (title);
  columns_width = gtk_widget_get_width (columns);
  g_test_message ("Data column %d of %d pixels", title_width, columns_width);
  g_assert_cmpint (title_width, >=, columns_width * 2 / 5);
}

/* 2× scale on a 1280×800 screen: a 640×400 window in logical pixels.
 * The first screen is the welcome page with its buttons (not an empty
 * sidebar), and every control of a page can be scrolled to. Run with
 * GDK_SCALE=2 (tests/gui/meson.build). */
static void
test_scale_2 (Fixture       *fixture,
              gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  g_autofree char *endpoint = NULL;
  GtkWidget *client;

  if (!screen_at_least (640, 400))
    return;
  present_at (fixture->window, 640, 400);
  g_assert_cmpint (gtk_widget_get_scale_factor (window), ==, 2);

  g_assert_true (se_window_get_visible_page (fixture->window) == gui_test_get_named (window, "welcome-page"));
  assert_widget_visible (fixture->window, find_actionable (se_window_get_visible_page (fixture->window), "win.new-listener"),
                         "New Listener");
  assert_widget_visible (fixture->window, find_actionable (se_window_get_visible_page (fixture->window), "win.new-client"),
                         "New Client");

  endpoint = gui_test_start_listener (fixture->window, 0 /* TCP */, 1 /* echo */);
  client = gui_test_connect_client (fixture->window, endpoint);
  se_test_spin (300);
  assert_composer_reachable (fixture->window, client);
  scroll_into_view (find_actionable (client, "client.close"));
  assert_widget_visible (fixture->window, find_actionable (client, "client.close"), "Close");

  gui_test_select_sidebar_row (fixture->window, 1);
  se_test_spin (300);
  assert_composer_reachable (fixture->window, se_window_get_visible_page (fixture->window));
}

static void
test_presentation (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  GtkWidget *page, *label;
  int before;

  present_at (fixture->window, 1280, 800);
  check_pages (fixture->window);
  page = se_window_get_visible_page (fixture->window);
  label = gui_test_get_named (page, "listener-endpoint");
  before = text_height (label);

  gtk_widget_activate_action (window, "win.presentation", NULL);
  se_test_spin (500);
  g_assert_true (gtk_widget_has_css_class (window, "presentation"));
  g_assert_false (gtk_widget_get_mapped (gui_test_get_named (window, "sidebar-pane")));
  g_assert_true (gtk_widget_get_mapped (page));
  g_assert_true (gtk_widget_get_mapped (se_window_get_log_view (fixture->window)));
  g_assert_cmpint (text_height (label), >, before * 14 / 10);
  assert_composer_visible (fixture->window, page);

  /* At 200% on top, each page still fits a 1280-pixel projector */
  set_zoom (2.0);
  for (int row = 1; row <= 2; row++)
    {
      int minimum;

      gui_test_select_sidebar_row (fixture->window, row);
      se_test_spin (300);
      gtk_widget_measure (window, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
      g_assert_cmpint (minimum, <=, 1280);
    }
  set_zoom (1.0);
  gui_test_select_sidebar_row (fixture->window, 1);
  se_test_spin (300);

  /* Esc leaves it, through the action it is bound to */
  gtk_widget_activate_action (window, "win.leave-presentation", NULL);
  se_test_spin (300);
  g_assert_false (gtk_widget_has_css_class (window, "presentation"));
  g_assert_true (gtk_widget_get_mapped (gui_test_get_named (window, "sidebar-pane")));
  g_assert_cmpint (text_height (label), ==, before);
  /* and is then disabled, so that Esc does what it did before */
  g_assert_false (gtk_widget_activate_action (window, "win.leave-presentation", NULL) &&
                  gtk_widget_has_css_class (window, "presentation"));

  /* F5's action toggles it */
  gtk_widget_activate_action (window, "win.presentation", NULL);
  g_assert_true (gtk_widget_has_css_class (window, "presentation"));
  gtk_widget_activate_action (window, "win.presentation", NULL);
  g_assert_false (gtk_widget_has_css_class (window, "presentation"));
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("No display: skipping the layout tests (run them under xvfb-run)\n");
      return 77;
    }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* GTK reads GDK_SCALE when it opens the display: the 2× test runs in a
   * process of its own (test-layout-scale-2), the others at 1× */
  if (g_strcmp0 (g_getenv ("GDK_SCALE"), "2") == 0)
    {
      g_test_add ("/layout/scale-2", Fixture, NULL, fixture_set_up, test_scale_2, fixture_tear_down);
      return g_test_run ();
    }

  g_test_add ("/layout/small-window", Fixture, NULL, fixture_set_up, test_small_window, fixture_tear_down);
  g_test_add ("/layout/details-keep-composer", Fixture, NULL, fixture_set_up, test_details_keep_composer, fixture_tear_down);
  g_test_add ("/layout/zoom-200", Fixture, NULL, fixture_set_up, test_zoom_200, fixture_tear_down);
  g_test_add ("/layout/large-screen", Fixture, NULL, fixture_set_up, test_large_screen, fixture_tear_down);
  g_test_add ("/layout/presentation", Fixture, NULL, fixture_set_up, test_presentation, fixture_tear_down);

  return g_test_run ();
}
