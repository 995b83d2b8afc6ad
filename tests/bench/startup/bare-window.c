/* bare-window.c: the baseline of the startup benchmark, a bare libadwaita window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With SE_STARTUP_BENCH=1 it prints "first-frame <µs since the epoch>"
 * once its first frame is painted, then quits, exactly like
 * socket-explorer does (src/gui/se-application.c).
 */
#include <adwaita.h>
#include <stdio.h>

static void
after_paint_cb (GdkFrameClock *frame_clock,
                GtkWindow     *window)
{
  g_signal_handlers_disconnect_by_func (frame_clock, after_paint_cb, window);
  g_print ("first-frame %" G_GINT64_FORMAT "\n", g_get_real_time ());
  fflush (stdout);
  gtk_window_destroy (window);
}

static void
map_cb (GtkWidget *window)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (after_paint_cb), window, 0);
}

static void
activate_cb (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_window_set_title (GTK_WINDOW (window), "Bare Window");
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  if (g_strcmp0 (g_getenv ("SE_STARTUP_BENCH"), "1") == 0)
    g_signal_connect (window, "map", G_CALLBACK (map_cb), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = adw_application_new ("io.github.socketexplorer.StartupBaseline",
                                                       G_APPLICATION_DEFAULT_FLAGS);

  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
