/* test-diagram-view.c: the live sequence diagram beside the window's log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real listener and client over loopback, driven through the window;
 * the diagram follows their events, and a click on an arrow selects its
 * event in the log. Needs a display (xvfb-run); skipped without one.
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "gui-test-util.h"
#include "se-diagram-area.h"
#include "se-diagram-view.h"
#include "se-log-view.h"
#include "se-test-util.h"
#include "se-window.h"
#include "socket-explorer-core.h"

#define WAIT_MS GUI_TEST_WAIT_MS

typedef struct
{
  SeWindow *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->window = se_window_new (NULL);
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1200, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
  se_test_spin (50);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  se_test_spin (20);
  g_assert_null (fixture->window);
}

static SeDiagramView *
diagram_view (Fixture *fixture)
{
  return SE_DIAGRAM_VIEW (gui_test_get_named (GTK_WIDGET (fixture->window), "diagram-view"));
}

typedef struct
{
  SeDiagramView      *view;
  SeDiagramArrowKind  kind;
  guint               count;
} ArrowWait;

static guint
count_arrows (SeDiagramView      *view,
              SeDiagramArrowKind  kind)
{
  SeDiagram *diagram = se_diagram_view_get_diagram (view);
  const SeDiagramArrow *arrows;
  guint n = 0, found = 0;

  if (diagram == NULL)
    return 0;
  arrows = se_diagram_get_arrows (diagram, &n);
  for (guint i = 0; i < n; i++)
    if (arrows[i].kind == kind && !arrows[i].in_flight)
      found++;
  return found;
}

static gboolean
arrows_present_cb (gpointer data)
{
  ArrowWait *wait = data;

  return count_arrows (wait->view, wait->kind) >= wait->count;
}

/* Whether the diagram's viewport shows its end: the adjustment is there,
 * and the area has been laid out at that place (the viewport moves it on
 * the layout after the value changed, which on a busy machine may be a
 * frame later) */
static gboolean
at_end_cb (gpointer data)
{
  GtkWidget *area = se_diagram_view_get_area (data);
  GtkWidget *viewport = gtk_widget_get_parent (area);
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (viewport));
  double x = 0, y = 0;

  return gtk_adjustment_get_upper (adjustment) > gtk_adjustment_get_page_size (adjustment) &&
         gtk_adjustment_get_value (adjustment) ==
         gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) &&
         gtk_widget_translate_coordinates (area, viewport, 0, 0, &x, &y) &&
         y == -gtk_adjustment_get_value (adjustment);
}

static void
wait_for_arrows (SeDiagramView      *view,
                 SeDiagramArrowKind  kind,
                 guint               count)
{
  ArrowWait wait = { view, kind, count };

  if (!se_test_wait_until (arrows_present_cb, &wait, WAIT_MS))
    g_error ("the diagram has %u arrows of kind %d, expected %u",
             count_arrows (view, kind), kind, count);
}

/* A press of the primary button at (x, y), as the area's click gesture
 * gets it. */
static void
click_at (GtkWidget *widget,
          double     x,
          double     y)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean clicked = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller))
        {
          g_signal_emit_by_name (controller, "pressed", 1, x, y);
          clicked = TRUE;
        }
    }
  g_assert_true (clicked);
}

static void
test_live_and_click (Fixture       *fixture,
                     gconstpointer  data)
{
  SeDiagramView *view = diagram_view (fixture);
  SeLogView *log_view = SE_LOG_VIEW (se_window_get_log_view (fixture->window));
  g_autofree char *endpoint = NULL;
  const SeDiagramLifeline *lifelines;
  const SeDiagramArrow *arrows;
  const SeDiagramLayout *layout;
  GtkWidget *page;
  SeEvent *selected;
  guint n, data_arrow = SE_DIAGRAM_NONE;

  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (view)));
  g_assert_true (gui_test_action_clickable (GTK_WIDGET (fixture->window), "win.show-diagram"));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-diagram", NULL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (view)));

  endpoint = gui_test_start_listener (fixture->window, 0 /* TCP */, 1 /* echo */);
  page = gui_test_connect_client (fixture->window, endpoint);
  g_assert_true (se_window_get_visible_page (fixture->window) == page);

  /* The client's page: its socket, the listening socket, the accepted one */
  wait_for_arrows (view, SE_DIAGRAM_ARROW_CONNECT, 1);
  lifelines = se_diagram_get_lifelines (se_diagram_view_get_diagram (view), &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (lifelines[0].kind, ==, SE_DIAGRAM_LIFELINE_CLIENT);
  g_assert_cmpint (lifelines[1].kind, ==, SE_DIAGRAM_LIFELINE_LISTENING);
  g_assert_cmpint (lifelines[2].kind, ==, SE_DIAGRAM_LIFELINE_ACCEPTED);

  /* New events are drawn as they come: the message and its echo */
  gui_test_send_from_page (page, "hello");
  wait_for_arrows (view, SE_DIAGRAM_ARROW_DATA, 2);

  /* A click on the first data arrow selects its send in the log, even
   * when the log's search hides it */
  gtk_editable_set_text (GTK_EDITABLE (gui_test_get_named (GTK_WIDGET (log_view), "search-entry")),
                         "no such text");
  /* The entry tells the log a moment later */
  g_assert_true (se_test_wait_n_items (se_log_view_get_model (log_view), 0, WAIT_MS));
  arrows = se_diagram_get_arrows (se_diagram_view_get_diagram (view), &n);
  for (guint i = 0; i < n && data_arrow == SE_DIAGRAM_NONE; i++)
    if (arrows[i].kind == SE_DIAGRAM_ARROW_DATA)
      data_arrow = i;
  g_assert_cmpuint (data_arrow, !=, SE_DIAGRAM_NONE);
  layout = se_diagram_area_get_layout (SE_DIAGRAM_AREA (se_diagram_view_get_area (view)));
  g_assert_nonnull (layout);
  {
    const SeDiagramLayoutArrow *a = &layout->arrows[data_arrow];

    click_at (se_diagram_view_get_area (view),
              a->x1 + (a->x2 - a->x1) * 0.25, a->y1 + (a->y2 - a->y1) * 0.25);
  }
  se_test_spin (50);
  selected = se_log_view_get_selected (log_view);
  g_assert_nonnull (selected);
  g_assert_cmpuint (se_event_get_index (selected), ==, arrows[data_arrow].event_index);
  g_assert_cmpint (se_event_get_kind (selected), ==, SE_EVENT_SEND);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (gui_test_get_named (GTK_WIDGET (log_view), "search-entry"))),
                   ==, "");

  /* The keyboard: Down goes to the next call in time, in the log too */
  {
    GtkWidget *area = se_diagram_view_get_area (view);
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (area);
    const SeDiagramStep *steps = se_diagram_get_steps (se_diagram_view_get_diagram (view), &n);
    guint next = SE_DIAGRAM_NONE;
    gboolean handled = FALSE;

    for (guint i = 0; i + 1 < n; i++)
      if (steps[i].event_index == arrows[data_arrow].event_index)
        next = steps[i + 1].event_index;
    g_assert_cmpuint (next, !=, SE_DIAGRAM_NONE);
    g_assert_true (gtk_widget_get_focusable (area));

    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

        if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
          g_signal_emit_by_name (controller, "key-pressed", GDK_KEY_Down, 0, 0, &handled);
      }
    g_assert_true (handled);
    selected = se_log_view_get_selected (log_view);
    g_assert_nonnull (selected);
    g_assert_cmpuint (se_event_get_index (selected), ==, next);
  }

  /* The exports: the same drawing, as SVG and PNG */
  {
    g_autoptr(GBytes) svg = se_diagram_view_dup_svg (view);
    g_autoptr(GBytes) png = se_diagram_view_dup_png (view, NULL);
    g_autofree char *text = g_strndup (g_bytes_get_data (svg, NULL), g_bytes_get_size (svg));

    g_assert_nonnull (strstr (text, ">connect()=0</text>"));
    g_assert_nonnull (strstr (text, ">accept()="));
    g_assert_nonnull (strstr (text, "“hello”"));
    g_assert_nonnull (png);
    g_assert_cmpuint (g_bytes_get_size (png), >, 8);
    g_assert_cmpint (memcmp (g_bytes_get_data (png, NULL), "\x89PNG", 4), ==, 0);
  }

  /* Taller than its view (presentation mode's larger text, more rows),
   * it follows the end: the rows drawn are the rows shown, the viewport
   * has the adjustment's place */
  g_object_set (fixture->window, "presentation", TRUE, NULL);
  se_test_spin (200);
  {
    /* Back at the end, as the user scrolls there: following again */
    GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (gtk_widget_get_parent (se_diagram_view_get_area (view))));

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  }
  /* One at a time, each after its echo: sent back to back, two could
   * arrive in one read (TCP keeps no boundaries) and draw one arrow */
  for (guint i = 0; i < 4; i++)
    {
      gui_test_send_from_page (page, "more");
      wait_for_arrows (view, SE_DIAGRAM_ARROW_DATA, 2 + 2 * (i + 1));
    }
  /* The scroll follows on the next layout: wait for it (bounded), not a
   * fixed time, so a loaded machine does not fail it */
  g_assert_true (se_test_wait_until (at_end_cb, view, WAIT_MS));
  {
    GtkWidget *area = se_diagram_view_get_area (view);
    GtkWidget *viewport = gtk_widget_get_parent (area);
    GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (viewport));
    double x = 0, y = 0;

    g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, gtk_adjustment_get_page_size (adjustment));
    g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==,
                       gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
    g_assert_true (gtk_widget_translate_coordinates (area, viewport, 0, 0, &x, &y));
    g_assert_cmpfloat (y, ==, -gtk_adjustment_get_value (adjustment));
  }
  g_object_set (fixture->window, "presentation", FALSE, NULL);

  /* The action again hides it */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-diagram", NULL);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (view)));
}

/* A listener's page draws its socket and its connections, with the
 * other ends; two clients make two connection sockets. */
static void
test_listener_focus (Fixture       *fixture,
                     gconstpointer  data)
{
  SeDiagramView *view = diagram_view (fixture);
  g_autofree char *endpoint = NULL;
  const SeDiagramLifeline *lifelines;
  guint n, n_accepted = 0, n_clients = 0;

  g_object_set (fixture->window, "show-diagram", TRUE, NULL);
  endpoint = gui_test_start_listener (fixture->window, 0 /* TCP */, 1 /* echo */);
  gui_test_connect_client (fixture->window, endpoint);
  gui_test_connect_client (fixture->window, endpoint);
  gui_test_select_sidebar_row (fixture->window, 1);
  wait_for_arrows (view, SE_DIAGRAM_ARROW_CONNECT, 2);

  lifelines = se_diagram_get_lifelines (se_diagram_view_get_diagram (view), &n);
  for (guint i = 0; i < n; i++)
    {
      n_accepted += lifelines[i].kind == SE_DIAGRAM_LIFELINE_ACCEPTED;
      n_clients += lifelines[i].kind == SE_DIAGRAM_LIFELINE_CLIENT;
    }
  g_assert_cmpuint (n_accepted, ==, 2);
  g_assert_cmpuint (n_clients, ==, 2);

  /* The connection chosen in the log's drop-down: it alone, its other
   * end and the listening socket */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (gui_test_get_named (GTK_WIDGET (fixture->window),
                                                                 "connection-dropdown")), 1);
  lifelines = se_diagram_get_lifelines (se_diagram_view_get_diagram (view), &n);
  g_assert_cmpuint (n, ==, 3);
  n_accepted = n_clients = 0;
  for (guint i = 0; i < n; i++)
    {
      n_accepted += lifelines[i].kind == SE_DIAGRAM_LIFELINE_ACCEPTED;
      n_clients += lifelines[i].kind == SE_DIAGRAM_LIFELINE_CLIENT;
    }
  g_assert_cmpuint (n_accepted, ==, 1);
  g_assert_cmpuint (n_clients, ==, 1);
  g_assert_cmpuint (se_log_view_get_connection_id (SE_LOG_VIEW (se_window_get_log_view (fixture->window))), !=, 0);
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("No display: skipping the diagram view tests (run them under xvfb-run)\n");
      return 77;
    }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/diagram-view/live-and-click", Fixture, NULL, fixture_set_up, test_live_and_click, fixture_tear_down);
  g_test_add ("/diagram-view/listener-focus", Fixture, NULL, fixture_set_up, test_listener_focus, fixture_tear_down);

  return g_test_run ();
}
