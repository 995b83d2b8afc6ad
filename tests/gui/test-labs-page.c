/* test-labs-page.c: the Labs page ticks steps as the student does them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Driven through the window's actions and dialogs, on loopback with
 * ports the system picks. Needs a display (xvfb-run); without one the
 * test is skipped (exit status 77).
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "gui-test-util.h"
#include "se-application.h"
#include "se-inspect-window.h"
#include "se-labs-page.h"
#include "se-test-util.h"
#include "socket-explorer-core.h"

typedef struct
{
  SeApplication *app;
  SeWindow      *window;
} Fixture;

typedef struct
{
  SeLabsPage *page;
  guint       n;
} WaitPassed;

static gboolean
passed_cb (gpointer data)
{
  WaitPassed *wait = data;

  return se_labs_page_get_n_passed (wait->page) >= wait->n;
}

static gboolean
wait_passed (SeLabsPage *page,
             guint       n)
{
  WaitPassed wait = { page, n };

  return se_test_wait_until (passed_cb, &wait, GUI_TEST_WAIT_MS);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->app = se_application_new ();
  g_application_set_flags (G_APPLICATION (fixture->app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (fixture->app), NULL, NULL));
  g_application_activate (G_APPLICATION (fixture->app));
  fixture->window = SE_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (fixture->app)));
  g_assert_nonnull (fixture->window);
  se_test_spin (200);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  se_test_spin (100);
  g_clear_object (&fixture->app);
}

static SeLabsPage *
show_labs (Fixture *fixture)
{
  GtkWidget *page;

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-labs", NULL);
  se_test_spin (100);
  page = se_window_get_visible_page (fixture->window);
  g_assert_true (SE_IS_LABS_PAGE (page));
  return SE_LABS_PAGE (page);
}

/* The timestamp lab: a listener from the dialog ticks the first step
 * (a check on the listeners), a client's reply the second (on the log) */
static void
test_labs_ticks (Fixture       *fixture,
                 gconstpointer  data)
{
  SeLabsPage *labs = show_labs (fixture);
  g_autofree char *endpoint = NULL;
  GtkWidget *client;

  g_assert_null (se_labs_page_get_lab_id (labs));
  g_assert_false (se_labs_page_show_lab (labs, "no-such-lab"));
  g_assert_true (se_labs_page_show_lab (labs, "timestamp"));
  g_assert_cmpstr (se_labs_page_get_lab_id (labs), ==, "timestamp");
  g_assert_cmpuint (se_labs_page_get_n_passed (labs), ==, 0);

  /* A TCP listener with the timestamp responder (the dialog's fourth) */
  endpoint = gui_test_start_listener (fixture->window, 0, 3);
  g_assert_true (wait_passed (labs, 1));

  client = gui_test_connect_client (fixture->window, endpoint);
  gui_test_send_from_page (client, "hello");
  g_assert_true (wait_passed (labs, 2));
  g_assert_cmpuint (se_labs_page_get_n_passed (labs), ==, 2);

  /* Back to the list, and to the lab again: still ticked */
  gtk_widget_activate_action (GTK_WIDGET (labs), "labs.back", NULL);
  g_assert_null (se_labs_page_get_lab_id (labs));
  g_assert_true (se_labs_page_show_lab (labs, "timestamp"));
  g_assert_cmpuint (se_labs_page_get_n_passed (labs), ==, 2);
}

/* A lab's workspace opens its listeners in the window */
static void
test_labs_workspace (Fixture       *fixture,
                     gconstpointer  data)
{
  SeLabsPage *labs = show_labs (fixture);
  GListModel *listeners = se_window_get_listeners (fixture->window);

  g_assert_true (se_labs_page_show_lab (labs, "tcp-server"));
  /* This lab has you start the listener yourself: no workspace */
  gtk_widget_activate_action (GTK_WIDGET (labs), "labs.open-workspace", NULL);
  se_test_spin (200);
  g_assert_cmpuint (g_list_model_get_n_items (listeners), ==, 0);

  g_assert_true (se_labs_page_show_lab (labs, "timestamp"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (labs), "labs.open-workspace", NULL));
  g_assert_true (gui_test_wait_for_items (listeners, 2));
}

/* One click: five messages over TCP and over UDP, and the boundaries lab
 * shown with what happened ticked: TCP ran them together, UDP kept five */
static void
test_labs_boundaries_demo (Fixture       *fixture,
                           gconstpointer  data)
{
  SeLabsPage *labs;

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.boundaries-demo", NULL);
  g_assert_true (gui_test_wait_for_items (se_window_get_clients (fixture->window), 2));
  se_test_spin (300);

  labs = SE_LABS_PAGE (se_window_get_visible_page (fixture->window));
  g_assert_true (SE_IS_LABS_PAGE (labs));
  g_assert_cmpstr (se_labs_page_get_lab_id (labs), ==, "boundaries");
  g_assert_true (wait_passed (labs, 2));
  g_assert_cmpuint (g_list_model_get_n_items (se_window_get_listeners (fixture->window)), ==, 2);
}

/* The Address Inspector shows what it is typed, and why not */
static void
test_inspect_window (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *inspector;
  GtkWidget *entry;

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.inspect-address", NULL);
  inspector = gui_test_wait_for_toplevel (SE_TYPE_INSPECT_WINDOW);
  g_assert_nonnull (strstr (se_inspect_window_get_shown (SE_INSPECT_WINDOW (inspector)), "7f 00 00 01"));

  /* Typed into its entry, as a user does */
  entry = gui_test_get_named (inspector, "inspect-entry");
  gtk_editable_set_text (GTK_EDITABLE (entry), "192.168.1.10:8080");
  g_assert_nonnull (strstr (se_inspect_window_get_shown (SE_INSPECT_WINDOW (inspector)), "c0 a8 01 0a"));
  g_assert_nonnull (strstr (se_inspect_window_get_shown (SE_INSPECT_WINDOW (inspector)), "htons(8080)"));
  g_assert_false (gtk_widget_has_css_class (entry, "error"));

  gtk_editable_set_text (GTK_EDITABLE (entry), "999.1.1.1");
  g_assert_nonnull (strstr (se_inspect_window_get_shown (SE_INSPECT_WINDOW (inspector)), "not an IPv4 address"));
  g_assert_true (gtk_widget_has_css_class (entry, "error"));

  gtk_window_destroy (GTK_WINDOW (inspector));
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("No display: skipped\n");
      return 77;
    }

  gtk_test_init (&argc, &argv, NULL);

  g_test_add ("/labs-page/ticks", Fixture, NULL, fixture_setup, test_labs_ticks, fixture_teardown);
  g_test_add ("/labs-page/workspace", Fixture, NULL, fixture_setup, test_labs_workspace, fixture_teardown);
  g_test_add ("/labs-page/inspect-window", Fixture, NULL, fixture_setup, test_inspect_window, fixture_teardown);
  g_test_add ("/labs-page/boundaries-demo", Fixture, NULL, fixture_setup, test_labs_boundaries_demo,
              fixture_teardown);

  return g_test_run ();
}
