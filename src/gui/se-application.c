/* se-application.c: the Socket Explorer application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "se-application.h"
#include "se-window.h"

#define RESOURCE_PATH "/io/github/socketexplorer/SocketExplorer"

struct _SeApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (SeApplication, se_application, ADW_TYPE_APPLICATION)

/* SE_STARTUP_BENCH=1 (tests/bench/startup): print when the window's first
 * frame has been painted, then quit. That frame is the whole window, the
 * traffic log view included; if it were not, no time is printed and the
 * benchmark fails. */
static void
bench_after_paint_cb (GdkFrameClock *frame_clock,
                      GtkWindow     *window)
{
  g_signal_handlers_disconnect_by_func (frame_clock, bench_after_paint_cb, window);
  if (gtk_widget_get_mapped (se_window_get_log_view (SE_WINDOW (window))))
    g_print ("first-frame %" G_GINT64_FORMAT "\n", g_get_real_time ());
  else
    g_printerr ("The first frame does not show the traffic log view\n");
  fflush (stdout);
  gtk_window_destroy (window);
}

static void
bench_map_cb (GtkWidget *window)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (bench_after_paint_cb), window, 0);
}

static void
se_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows = gtk_application_get_windows (app);

  /* Closing the windows (rather than quitting at once) saves their
   * size and stops their sockets. */
  for (GList *l = windows; l != NULL; )
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }

  g_application_quit (G_APPLICATION (app));
}

static void
se_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  GtkApplication *app = user_data;
  static const char *developers[] = { "The Socket Explorer authors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Socket Explorer"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Socket Explorer authors"),
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "comments", _("Watch sockets work: start listeners, connect clients, "
                                      "resolve names and follow every byte in a live traffic log."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
se_application_shortcuts_action (GSimpleAction *action,
                                 GVariant      *parameter,
                                 gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (user_data);

  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", se_application_quit_action },
  { "about", se_application_about_action },
  { "shortcuts", se_application_shortcuts_action },
};

static void
se_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (se_window_new (ADW_APPLICATION (app)));
      if (g_strcmp0 (g_getenv ("SE_STARTUP_BENCH"), "1") == 0)
        g_signal_connect (window, "map", G_CALLBACK (bench_map_cb), NULL);
    }

  gtk_window_present (window);
}

/* The application sets no resource base path (see se_application_new),
 * so that GtkApplication does not build the shortcuts window for every
 * new window before it is first shown (SeWindow builds it on demand).
 * What libadwaita would then load from there, the application's style
 * sheet, is loaded here, once. */
static void
se_application_load_style (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, RESOURCE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
se_application_startup (GApplication *app)
{
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.about", { "F1", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.new-listener", { "<Control>n", NULL } },
    { "win.new-client", { "<Control><Shift>n", NULL } },
    { "win.show-resolve", { "<Control>r", NULL } },
    { "win.log-only", { "<Control>l", NULL } },
    { "win.show-sidebar", { "<Alt>Left", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
    { "win.preferences", { "<Control>comma", NULL } },
  };

  G_APPLICATION_CLASS (se_application_parent_class)->startup (app);

  se_application_load_style ();

  /* The app icon is in the resources, so About shows it even when the app
   * runs from the build directory; the automatic path is off (see above). */
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/io/github/socketexplorer/SocketExplorer/icons");

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app),
                                           accels[i].action, accels[i].accels);
}

static void
se_application_class_init (SeApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = se_application_activate;
  app_class->startup = se_application_startup;
}

static void
se_application_init (SeApplication *self)
{
}

SeApplication *
se_application_new (void)
{
  return g_object_new (SE_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       /* No automatic resources: see se_application_load_style () */
                       "resource-base-path", NULL,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}
