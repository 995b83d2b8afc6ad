/* se-application.c: the Socket Explorer application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <dlfcn.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "se-application.h"
#include "se-endpoint.h"
#include "se-responder.h"
#include "se-saved-messages-popover.h"
#include "se-window.h"

#define RESOURCE_PATH "/io/github/socketexplorer/SocketExplorer"

struct _SeApplication
{
  AdwApplication parent_instance;

  /* The arguments as given, while local_command_line runs: GOption keeps
   * the values of --listen and of --respond each in order, but not how
   * the two interleave, which pairs a responder with its listener. */
  char **local_arguments;
};

static const GOptionEntry option_entries[] = {
  { "listen", 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL,
    N_("Start a listener on ENDPOINT (tcp://HOST:PORT, tls://HOST:PORT, udp://HOST:PORT, "
       "unix:///PATH, unix-dgram:///PATH); repeatable"),
    N_("ENDPOINT") },
  { "respond", 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL,
    N_("Answer with RESPONDER (echo, upper, timestamp, greeting=TEXT, discard, "
       "framed, none) on the listener of the --listen just before it; "
       "none if not given"),
    N_("RESPONDER") },
  { NULL }
};

G_DEFINE_FINAL_TYPE (SeApplication, se_application, ADW_TYPE_APPLICATION)

/* Reads the --listen and --respond options from the arguments in the
 * order given, and checks them: each --respond belongs to the --listen
 * before it. Returns an a(ss) of endpoint and responder as given, the
 * responder "none" if there was no --respond. GOption has already read
 * these arguments (see handle_local_options), so an option without its
 * value is not possible here. */
static GVariant *
se_application_pair_listeners (const char * const  *arguments,
                               GError             **error)
{
  g_autoptr(GPtrArray) endpoints = g_ptr_array_new ();
  g_autoptr(GPtrArray) responders = g_ptr_array_new ();
  GVariantBuilder builder;

  for (guint i = 1; arguments[i] != NULL; i++)
    {
      const char *arg = arguments[i];
      const char *value = NULL;
      gboolean listen = FALSE;

      if (strcmp (arg, "--") == 0)
        break;

      if (strcmp (arg, "--listen") == 0 || strcmp (arg, "--respond") == 0)
        {
          listen = arg[2] == 'l';
          value = arguments[i + 1];
          if (value == NULL)
            break;
          i++;
        }
      else if (g_str_has_prefix (arg, "--listen="))
        {
          listen = TRUE;
          value = arg + strlen ("--listen=");
        }
      else if (g_str_has_prefix (arg, "--respond="))
        {
          value = arg + strlen ("--respond=");
        }
      else
        continue;

      if (listen)
        {
          g_autoptr(GError) local_error = NULL;
          g_autoptr(SeEndpoint) endpoint = se_endpoint_parse (value, &local_error);

          if (endpoint == NULL)
            {
              g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           /* Translators: the first %s is what was typed after --listen, the second why it is wrong */
                           _("--listen %s: %s"), value, local_error->message);
              return NULL;
            }
          g_ptr_array_add (endpoints, (gpointer) value);
          g_ptr_array_add (responders, NULL);
        }
      else
        {
          g_autoptr(GError) local_error = NULL;
          g_autoptr(SeResponder) responder = se_responder_parse (value, &local_error);

          if (responder == NULL)
            {
              g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           /* Translators: the first %s is what was typed after --respond, the second why it is wrong */
                           _("--respond %s: %s"), value, local_error->message);
              return NULL;
            }
          if (endpoints->len == 0)
            {
              g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--respond %s: put it after the --listen it answers for"), value);
              return NULL;
            }
          if (responders->pdata[responders->len - 1] != NULL)
            {
              g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--respond %s: --listen %s already has --respond %s"),
                           value, (const char *) endpoints->pdata[endpoints->len - 1],
                           (const char *) responders->pdata[responders->len - 1]);
              return NULL;
            }
          responders->pdata[responders->len - 1] = (gpointer) value;
        }
    }

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(ss)"));
  for (guint i = 0; i < endpoints->len; i++)
    g_variant_builder_add (&builder, "(ss)",
                           (const char *) endpoints->pdata[i],
                           responders->pdata[i] != NULL ? (const char *) responders->pdata[i] : "none");

  return g_variant_builder_end (&builder);
}

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

/* app.open-workspace and app.save-workspace-as: the file choosers of the
 * active window */
static void
se_application_workspace_action (GSimpleAction *action,
                                 GVariant      *parameter,
                                 gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (user_data);

  if (!SE_IS_WINDOW (window))
    return;

  if (g_str_equal (g_action_get_name (G_ACTION (action)), "open-workspace"))
    se_window_choose_workspace_to_open (SE_WINDOW (window));
  else
    se_window_choose_workspace_to_save (SE_WINDOW (window));
}

/* Quitting never loses the lesson: what the window has comes back at the
 * next start (se_window_restore_session). */
static gboolean
window_close_request_cb (GtkWindow *window,
                         gpointer   user_data)
{
  se_window_save_session (SE_WINDOW (window));
  return FALSE;
}

static const GActionEntry app_actions[] = {
  { "open-workspace", se_application_workspace_action },
  { "save-workspace-as", se_application_workspace_action },
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
      g_signal_connect (window, "close-request", G_CALLBACK (window_close_request_cb), NULL);
      if (g_strcmp0 (g_getenv ("SE_STARTUP_BENCH"), "1") == 0)
        g_signal_connect (window, "map", G_CALLBACK (bench_map_cb), NULL);
    }

  gtk_window_present (window);
}

static gboolean
se_application_local_command_line (GApplication   *app,
                                   char         ***arguments,
                                   int            *exit_status)
{
  SeApplication *self = SE_APPLICATION (app);
  gboolean handled;

  self->local_arguments = g_strdupv (*arguments);
  handled = G_APPLICATION_CLASS (se_application_parent_class)->local_command_line (app, arguments, exit_status);
  g_clear_pointer (&self->local_arguments, g_strfreev);

  return handled;
}

/* Runs in the process that was started, before it becomes the primary
 * instance or hands its options to the running one: a mistake in the
 * options is told here, and the window does not open. What the running
 * instance gets is the checked pairs, "listeners" (a(ss)), since the
 * order of the arguments is lost on the way. */
static int
se_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  SeApplication *self = SE_APPLICATION (app);
  g_autoptr(GVariant) listeners = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_variant_dict_contains (options, "listen") &&
      !g_variant_dict_contains (options, "respond"))
    return -1;

  /* handle-local-options is only emitted by local_command_line */
  g_return_val_if_fail (self->local_arguments != NULL, 1);

  listeners = se_application_pair_listeners ((const char * const *) self->local_arguments, &error);
  if (listeners == NULL)
    {
      /* Exit status 2, as socket-explorer-cli does for a bad argument */
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return 2;
    }

  g_variant_dict_remove (options, "listen");
  g_variant_dict_remove (options, "respond");
  g_variant_dict_insert_value (options, "listeners", g_steal_pointer (&listeners));

  return -1;
}

/* In the primary instance, for its own command line and for the command
 * line of every later "socket-explorer" (which then exits): shows the
 * window and starts the listeners asked for. */
static int
se_application_command_line (GApplication            *app,
                             GApplicationCommandLine *command_line)
{
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autoptr(GVariant) listeners = NULL;
  g_auto(GStrv) arguments = g_application_command_line_get_arguments (command_line, NULL);
  GtkWindow *window;
  GVariantIter iter;
  gboolean fresh;
  const char *endpoint_text;
  const char *responder_text;

  /* Files are workspaces (socket-explorer FILE.sews, a double click) */
  for (guint i = 1; arguments[0] != NULL && arguments[i] != NULL; i++)
    if (!g_str_has_suffix (arguments[i], ".sews"))
      {
        g_application_command_line_printerr (command_line,
                                             _("%s: unexpected argument “%s”; endpoints go after --listen, files end in .sews\n"),
                                             g_get_prgname (), arguments[i]);
        return 2;
      }

  fresh = gtk_application_get_active_window (GTK_APPLICATION (app)) == NULL;
  g_application_activate (app);
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_return_val_if_fail (SE_IS_WINDOW (window), 1);

  /* A new window with nothing asked for gets what the last one had */
  listeners = g_variant_dict_lookup_value (options, "listeners", G_VARIANT_TYPE ("a(ss)"));
  if (fresh && listeners == NULL && (arguments[0] == NULL || arguments[1] == NULL))
    se_window_restore_session (SE_WINDOW (window));

  for (guint i = 1; arguments[0] != NULL && arguments[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, arguments[i]);

      se_window_open_workspace (SE_WINDOW (window), file);
    }

  if (listeners == NULL)
    return 0;

  g_variant_iter_init (&iter, listeners);
  while (g_variant_iter_next (&iter, "(&s&s)", &endpoint_text, &responder_text))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SeEndpoint) endpoint = se_endpoint_parse (endpoint_text, &error);
      g_autoptr(SeResponder) responder = NULL;

      if (endpoint != NULL)
        responder = se_responder_parse (responder_text, &error);

      /* Checked by handle_local_options, but this came over D-Bus */
      if (responder == NULL)
        {
          g_application_command_line_printerr (command_line, "%s: %s\n", g_get_prgname (), error->message);
          return 2;
        }

      se_window_start_listener (SE_WINDOW (window), endpoint, responder);
    }

  return 0;
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

/* GTK 4.8 draws with OpenGL whenever it can, also when the only OpenGL
 * there is, is Mesa's software rasterizer (llvmpipe, softpipe): a
 * virtual machine or a remote desktop without a GPU, Xvfb. There every
 * frame rasterizes the whole window on the CPU (no buffer age), which
 * took 80–220 ms a frame on two busy cores while a flood kept the log
 * and the counters changing (tests/bench/run-all, the window row): the
 * main thread could not answer in time. GTK's cairo renderer draws the
 * same frame in about 2 ms there, and only what changed. GTK 4.14 makes
 * this choice itself ("gsk: Don't use gpu renderers with llvmpipe");
 * this makes it on 4.8, before the first window has a renderer. A
 * GSK_RENDERER set by the user wins. */
typedef const unsigned char *(*GetStringFunc) (unsigned int name);

#define SE_GL_RENDERER 0x1F01  /* GL_RENDERER */

static void
se_application_choose_renderer (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GdkGLContext) context = NULL;
  GetStringFunc *get_string;
  const char *renderer;

  /* GTK loads OpenGL through libepoxy, whose glGetString() follows the
   * current context (GLX or EGL): asked of the process rather than
   * linked, so the application needs no OpenGL library of its own. */
  get_string = dlsym (RTLD_DEFAULT, "epoxy_glGetString");
  if (display == NULL || g_getenv ("GSK_RENDERER") != NULL || get_string == NULL)
    return;
  /* No OpenGL at all: GTK draws with cairo anyway */
  if (!gdk_display_prepare_gl (display, NULL))
    return;
  context = gdk_display_create_gl_context (display, NULL);
  if (context == NULL || !gdk_gl_context_realize (context, NULL))
    return;

  gdk_gl_context_make_current (context);
  renderer = (const char *) (*get_string) (SE_GL_RENDERER);
  if (renderer != NULL &&
      (strstr (renderer, "llvmpipe") != NULL || strstr (renderer, "softpipe") != NULL ||
       strstr (renderer, "swrast") != NULL))
    {
      g_debug ("OpenGL is %s, a software rasterizer: drawing with cairo", renderer);
      g_setenv ("GSK_RENDERER", "cairo", FALSE);
    }
  gdk_gl_context_clear_current ();
}

static void
se_application_startup (GApplication *app)
{
  static const struct {
    const char *action;
    const char *accels[4];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "win.help", { "F1", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.new-listener", { "<Control>n", NULL } },
    { "win.new-client", { "<Control><Shift>n", NULL } },
    { "win.show-resolve", { "<Control>r", NULL } },
    { "win.log-only", { "<Control>l", NULL } },
    { "win.show-sidebar", { "<Alt>Left", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
    { "win.preferences", { "<Control>comma", NULL } },
    { "win.zoom-in", { "<Control>plus", "<Control>equal", "<Control>KP_Add", NULL } },
    { "win.zoom-out", { "<Control>minus", "<Control>KP_Subtract", NULL } },
    { "win.zoom-reset", { "<Control>0", "<Control>KP_0", NULL } },
    { "win.presentation", { "F5", NULL } },
    { "win.show-diagram", { "F8", NULL } },
    { "step.next", { "F10", NULL } },
    { "app.open-workspace", { "<Control>o", NULL } },
    { "win.save-workspace", { "<Control>s", NULL } },
    { "app.save-workspace-as", { "<Control><Shift>s", NULL } },
  };

  G_APPLICATION_CLASS (se_application_parent_class)->startup (app);

  se_application_choose_renderer ();
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

/* A saved-messages change made just before quitting is written now,
 * not left to a worker thread the exit would cut short. */
static void
se_application_shutdown (GApplication *app)
{
  se_saved_messages_flush ();

  G_APPLICATION_CLASS (se_application_parent_class)->shutdown (app);
}

static void
se_application_class_init (SeApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->shutdown = se_application_shutdown;
  app_class->activate = se_application_activate;
  app_class->startup = se_application_startup;
  app_class->local_command_line = se_application_local_command_line;
  app_class->handle_local_options = se_application_handle_local_options;
  app_class->command_line = se_application_command_line;
}

static void
se_application_init (SeApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self),
                                                     _("[--listen ENDPOINT [--respond RESPONDER]]…"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Watch sockets work: start listeners, connect clients, "
                                              "resolve names and follow every byte in a live traffic log."));
  g_application_set_option_context_description (G_APPLICATION (self),
                                                _("Each --respond answers for the --listen just before it; a "
                                                  "--listen without one has no responder (reply by hand). "
                                                  "Listeners bind exactly the address given. If Socket "
                                                  "Explorer is already running, its window gets the new "
                                                  "listeners.\n\n"
                                                  "Example:\n"
                                                  "  socket-explorer --listen tcp://127.0.0.1:7000 --respond echo "
                                                  "--listen udp://127.0.0.1:7001 --respond timestamp"));
}

SeApplication *
se_application_new (void)
{
  return g_object_new (SE_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       /* No automatic resources: see se_application_load_style () */
                       "resource-base-path", NULL,
                       /* --listen also reaches an instance that is already running */
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       NULL);
}
