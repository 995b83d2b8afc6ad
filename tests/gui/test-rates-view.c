/* test-rates-view.c: the rates on the pages and in the status line, with
 * real traffic between the window's own listener and client
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "gui-test-util.h"
#include "se-rate-graph.h"
#include "se-test-util.h"
#include "se-window.h"

#define WAIT_MS GUI_TEST_WAIT_MS

static GtkWidget *
find_graph (GtkWidget *root)
{
  if (SE_IS_RATE_GRAPH (root))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_graph (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The status line: the label that says how many events, and now more. */
static GtkWidget *
find_label_containing (GtkWidget  *root,
                       const char *text)
{
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_label (GTK_LABEL (root)), text) != NULL)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_containing (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

typedef struct
{
  GtkWidget  *graph;
  const char *zero;   /* what the graph says while nothing moves */
} GraphWait;

static gboolean
graph_moved (gpointer data)
{
  GraphWait *wait = data;
  g_autofree char *text = se_rate_graph_dup_text (SE_RATE_GRAPH (wait->graph));

  return strstr (text, wait->zero) == NULL;
}

static gboolean
status_moved (gpointer data)
{
  GtkWidget *label = find_label_containing (data, " events · ");

  return label != NULL &&
         strstr (gtk_label_get_label (GTK_LABEL (label)), "0 B/s in, 0 B/s out") == NULL;
}

static void
test_rates (void)
{
  SeWindow *window = se_window_new (NULL);
  g_autofree char *tcp = NULL;
  GtkWidget *client;
  GtkWidget *listener;
  GraphWait wait;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  se_test_spin (50);

  tcp = gui_test_start_listener (window, 0 /* TCP */, 1 /* echo */);
  listener = se_window_get_visible_page (window);
  client = gui_test_connect_client (window, tcp);

  /* Each page has its graph, quiet at first. */
  wait.graph = find_graph (client);
  g_assert_nonnull (wait.graph);
  g_assert_nonnull (find_graph (listener));
  {
    g_autofree char *text = se_rate_graph_dup_text (SE_RATE_GRAPH (wait.graph));

    g_assert_cmpstr (text, ==, "In 0 B/s (0 msg/s), out 0 B/s (0 msg/s)");
  }
  g_assert_nonnull (find_label_containing (GTK_WIDGET (window), "0 B/s in, 0 B/s out"));

  /* Traffic: the client's rate out, the listener's in, the total. */
  gui_test_send_from_page (client, "hello, rates");
  wait.zero = "out 0 B/s (0 msg/s)";
  g_assert_true (se_test_wait_until (graph_moved, &wait, WAIT_MS));
  wait.graph = find_graph (listener);
  wait.zero = "In 0 B/s (0 msg/s)";
  g_assert_true (se_test_wait_until (graph_moved, &wait, WAIT_MS));
  g_assert_true (se_test_wait_until (status_moved, window, WAIT_MS));

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
      g_printerr ("No display: skipping the rates view tests (run them under xvfb-run)\n");
      return 77;
    }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/rates-view/pages-and-status", test_rates);

  return g_test_run ();
}
