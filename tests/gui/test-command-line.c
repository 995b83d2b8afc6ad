/* test-command-line.c: socket-explorer --listen ENDPOINT [--respond RESPONDER],
 * run through the application's own command-line handling (g_application_run)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Needs a display: run under xvfb-run. Without one the test is skipped
 * (exit status 77). The second instance and the exit status of the real
 * binary are tested by test-command-line.py.
 */
#include "config.h"

#include <adwaita.h>

#include "gui-test-util.h"
#include "se-application.h"
#include "se-listener-page.h"
#include "se-test-util.h"
#include "se-window.h"
#include "socket-explorer-core.h"

#define WAIT_MS GUI_TEST_WAIT_MS

typedef void (*AppTestFunc) (SeWindow *window,
                             gpointer  data);

typedef struct
{
  AppTestFunc func;
  gpointer    data;
  guint       idle_id;
  gboolean    ran;
} AppTest;

/* Runs inside g_application_run, once the command line has been handled:
 * the window is there and its listeners are being started. */
static gboolean
run_test_cb (gpointer user_data)
{
  AppTest *test = user_data;
  GtkApplication *app = GTK_APPLICATION (g_application_get_default ());
  GtkWindow *window = gtk_application_get_active_window (app);

  test->idle_id = 0;

  /* g_application_run () also iterates the main context when it exits
   * before its main loop (a bad option): there is no window then, and
   * nothing to test. */
  if (window == NULL)
    return G_SOURCE_REMOVE;

  g_assert_true (SE_IS_WINDOW (window));
  test->func (SE_WINDOW (window), test->data);
  test->ran = TRUE;

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);

  return G_SOURCE_REMOVE;
}

/* Runs the application with these arguments, then func in its main loop;
 * returns the exit status. The application is not unique, so that the
 * test never hands its arguments to a Socket Explorer that is running
 * on the same session bus. */
static int
run_app (const char * const *arguments,
         AppTestFunc         func,
         gpointer            data,
         gboolean           *ran)
{
  SeApplication *app = se_application_new ();
  g_auto(GStrv) argv = g_strdupv ((char **) arguments);
  AppTest test = { func, data, 0, FALSE };
  int status;

  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_application_set_default (G_APPLICATION (app));
  test.idle_id = g_idle_add (run_test_cb, &test);
  status = g_application_run (G_APPLICATION (app), g_strv_length (argv), argv);
  g_clear_handle_id (&test.idle_id, g_source_remove);
  *ran = test.ran;

  g_application_set_default (NULL);
  g_assert_finalize_object (app);

  return status;
}

/* A blocking client on a thread, so that the listener can answer on the
 * main loop meanwhile */
typedef struct
{
  guint16   port;
  char      reply[64];
  gboolean  done;
  GError   *error;
} EchoClient;

static gpointer
echo_client_thread (gpointer data)
{
  EchoClient *client = data;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, client->port);
  gsize got = 0;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &client->error);
  if (socket != NULL)
    g_socket_set_timeout (socket, WAIT_MS / 1000);
  if (socket != NULL &&
      g_socket_connect (socket, address, NULL, &client->error) &&
      g_socket_send (socket, "hello\n", 6, NULL, &client->error) == 6)
    {
      /* TCP may cut the echo in pieces */
      while (got < 6)
        {
          gssize n = g_socket_receive (socket, client->reply + got,
                                       sizeof client->reply - 1 - got, NULL, &client->error);
          if (n <= 0)
            break;
          got += n;
        }
    }

  g_atomic_int_set (&client->done, TRUE);
  return NULL;
}

static void
select_listener_page (SeWindow   *window,
                      guint       position,
                      SeListenerProxy *listener)
{
  GtkWidget *page;

  /* Row 0 of the sidebar is Resolve, then come the listeners */
  gui_test_select_sidebar_row (window, position + 1);
  page = se_window_get_visible_page (window);
  g_assert_true (SE_IS_LISTENER_PAGE (page));
  g_assert_true (se_listener_page_get_listener (SE_LISTENER_PAGE (page)) == listener);
}

static void
listen_and_echo (SeWindow *window,
                 gpointer  data)
{
  GListModel *listeners = se_window_get_listeners (window);
  g_autoptr(SeListenerProxy) tcp = NULL;
  g_autoptr(SeListenerProxy) udp = NULL;
  EchoClient client = { 0, };
  GThread *thread;

  g_assert_true (gui_test_wait_for_items (listeners, 2));
  g_assert_cmpuint (g_list_model_get_n_items (listeners), ==, 2);

  /* In the order given, each with the responder that followed it */
  tcp = g_list_model_get_item (listeners, 0);
  udp = g_list_model_get_item (listeners, 1);
  g_assert_true (se_listener_proxy_get_running (tcp));
  g_assert_true (se_listener_proxy_get_running (udp));
  g_assert_cmpint (se_endpoint_get_protocol (se_listener_proxy_get_endpoint (tcp)), ==, SE_PROTOCOL_TCP);
  g_assert_cmpint (se_endpoint_get_protocol (se_listener_proxy_get_endpoint (udp)), ==, SE_PROTOCOL_UDP);
  g_assert_cmpint (se_responder_get_kind (se_listener_proxy_get_responder (tcp)), ==, SE_RESPONDER_ECHO);
  g_assert_cmpint (se_responder_get_kind (se_listener_proxy_get_responder (udp)), ==, SE_RESPONDER_NONE);

  /* Bound exactly where asked, with the port the system chose */
  g_assert_cmpstr (se_endpoint_get_host (se_listener_proxy_get_endpoint (tcp)), ==, "127.0.0.1");
  g_assert_cmpstr (se_endpoint_get_host (se_listener_proxy_get_endpoint (udp)), ==, "127.0.0.1");
  g_assert_cmpuint (se_endpoint_get_port (se_listener_proxy_get_endpoint (tcp)), !=, 0);
  g_assert_cmpuint (se_endpoint_get_port (se_listener_proxy_get_endpoint (udp)), !=, 0);

  /* Each has its page */
  select_listener_page (window, 0, tcp);
  select_listener_page (window, 1, udp);

  /* A real client on loopback gets its echo */
  client.port = se_endpoint_get_port (se_listener_proxy_get_endpoint (tcp));
  thread = g_thread_new ("echo-client", echo_client_thread, &client);
  g_assert_true (se_test_wait_for_flag (&client.done, WAIT_MS));
  g_thread_join (thread);
  g_assert_no_error (client.error);
  g_assert_cmpstr (client.reply, ==, "hello\n");
}

static void
test_listen_echo (void)
{
  const char *arguments[] = {
    "socket-explorer",
    "--listen", "tcp://127.0.0.1:0", "--respond", "echo",
    "--listen=udp://127.0.0.1:0",
    NULL
  };
  gboolean ran;

  g_assert_cmpint (run_app (arguments, listen_and_echo, NULL, &ran), ==, 0);
  g_assert_true (ran);
}

static gboolean
label_contains (GtkWidget  *root,
                const char *text)
{
  const char *shown = gui_test_widget_text (root);

  if (shown != NULL && strstr (shown, text) != NULL)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (label_contains (child, text))
      return TRUE;

  return FALSE;
}

static gboolean
toast_shown_cb (gpointer data)
{
  gpointer *args = data;

  return label_contains (args[0], args[1]);
}

static void
address_in_use (SeWindow *window,
                gpointer  data)
{
  g_autofree char *expected = g_strdup_printf ("tcp://127.0.0.1:%u", GPOINTER_TO_UINT (data));
  gpointer args[] = { window, expected };

  /* The failure is a toast naming the endpoint, and a page that says why
   * with a Retry button; the window (and the test: a g_warning would be
   * fatal) carries on. */
  g_assert_true (se_test_wait_until (toast_shown_cb, args, WAIT_MS));
  g_assert_true (label_contains (GTK_WIDGET (window), "Could not start the listener"));
  g_assert_cmpuint (g_list_model_get_n_items (se_window_get_listeners (window)), ==, 1);
  g_assert_true (label_contains (se_window_get_visible_page (window), "Could Not Start the Listener"));
  g_assert_true (gui_test_action_clickable (se_window_get_visible_page (window), "listener.start"));
}

static void
test_address_in_use (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) taken = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                           G_SOCKET_PROTOCOL_TCP, &error);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *endpoint = NULL;
  guint port;
  gboolean ran;

  g_assert_no_error (error);
  g_assert_true (g_socket_bind (taken, any_port, FALSE, &error));
  g_assert_true (g_socket_listen (taken, &error));
  bound = g_socket_get_local_address (taken, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  endpoint = g_strdup_printf ("tcp://127.0.0.1:%u", port);

  {
    const char *arguments[] = { "socket-explorer", "--listen", endpoint, "--respond", "echo", NULL };

    g_assert_cmpint (run_app (arguments, address_in_use, GUINT_TO_POINTER (port), &ran), ==, 0);
    g_assert_true (ran);
  }
}

static void
remember_endpoint (SeWindow *window,
                   gpointer  data)
{
  g_autoptr(SeListenerProxy) listener = NULL;

  g_assert_true (gui_test_wait_for_items (se_window_get_listeners (window), 1));
  listener = g_list_model_get_item (se_window_get_listeners (window), 0);
  *(char **) data = se_endpoint_to_string (se_listener_proxy_get_endpoint (listener));
}

static void
find_endpoint (SeWindow *window,
               gpointer  data)
{
  g_autoptr(SeListenerProxy) listener = NULL;
  g_autofree char *endpoint = NULL;

  g_assert_true (gui_test_wait_for_items (se_window_get_listeners (window), 1));
  listener = g_list_model_get_item (se_window_get_listeners (window), 0);
  endpoint = se_endpoint_to_string (se_listener_proxy_get_endpoint (listener));
  g_assert_cmpstr (endpoint, ==, data);
}

/* Quit (the app.quit action, as Ctrl+Q) with a listener running; the next
 * start with nothing asked for opens it again, on the same port. */
static void
test_session (void)
{
  const char *first[] = { "socket-explorer", "--listen", "tcp://127.0.0.1:0", "--respond", "echo", NULL };
  const char *second[] = { "socket-explorer", NULL };
  g_autofree char *endpoint = NULL;
  gboolean ran;

  g_assert_cmpint (run_app (first, remember_endpoint, &endpoint, &ran), ==, 0);
  g_assert_true (ran);
  g_assert_nonnull (endpoint);
  g_assert_cmpint (run_app (second, find_endpoint, endpoint, &ran), ==, 0);
  g_assert_true (ran);
}

static void
test_bad_options (void)
{
  const char *bad_endpoint[] = { "socket-explorer", "--listen", "bogus://x", NULL };
  const char *bad_responder[] = { "socket-explorer", "--listen", "tcp://127.0.0.1:0", "--respond", "shout", NULL };
  const char *respond_first[] = { "socket-explorer", "--respond", "echo", "--listen", "tcp://127.0.0.1:0", NULL };
  const char *two_responders[] = { "socket-explorer", "--listen", "tcp://127.0.0.1:0",
                                   "--respond", "echo", "--respond", "upper", NULL };
  const char * const *cases[] = { bad_endpoint, bad_responder, respond_first, two_responders };
  gboolean ran;

  /* Exit status 2 before the window opens: the test function never runs */
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpint (run_app (cases[i], NULL, NULL, &ran), ==, 2);
      g_assert_false (ran);
    }
}

static void
collect_accelerators (GtkWidget  *root,
                      GHashTable *found)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (root))
    {
      g_autofree char *accelerator = NULL;
      guint key;
      GdkModifierType mods;

      g_object_get (root, "accelerator", &accelerator, NULL);
      if (accelerator != NULL && gtk_accelerator_parse (accelerator, &key, &mods))
        g_hash_table_add (found, gtk_accelerator_name (key, mods));
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_accelerators (child, found);
}

/* Every accelerator the application sets is in the shortcuts window
 * (Ctrl+?), and F1 is the help of the page, not About */
static void
shortcuts_listed (SeWindow *window,
                  gpointer  data)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (window));
  g_auto(GStrv) actions = gtk_application_list_action_descriptions (app);
  g_autoptr(GHashTable) found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) help = gtk_application_get_accels_for_action (app, "win.help");
  /* The window win.show-help-overlay shows, built but not shown */
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource ("/io/github/socketexplorer/SocketExplorer/gtk/help-overlay.ui");
  GtkWidget *overlay = GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay"));

  g_assert_nonnull (overlay);
  collect_accelerators (overlay, found);
  g_assert_cmpuint (g_hash_table_size (found), >, 10);

  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (app, actions[i]);
      guint key;
      GdkModifierType mods;
      g_autofree char *name = NULL;

      g_assert_true (gtk_accelerator_parse (accels[0], &key, &mods));
      name = gtk_accelerator_name (key, mods);
      if (!g_hash_table_contains (found, name))
        g_error ("%s (%s) is not in the shortcuts window", actions[i], accels[0]);
    }

  g_assert_cmpstr (help[0], ==, "F1");
  gtk_window_destroy (GTK_WINDOW (overlay));
}

static void
test_shortcuts_listed (void)
{
  const char *arguments[] = { "socket-explorer", NULL };
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  gboolean ran;

  /* No session to restore: an empty window */
  g_settings_set_string (settings, "session", "");
  g_assert_cmpint (run_app (arguments, shortcuts_listed, NULL, &ran), ==, 0);
  g_assert_true (ran);
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("No display: skipping the command-line tests (run them under xvfb-run)\n");
      return 77;
    }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/command-line/listen-echo", test_listen_echo);
  g_test_add_func ("/command-line/address-in-use", test_address_in_use);
  g_test_add_func ("/command-line/bad-options", test_bad_options);
  g_test_add_func ("/command-line/session", test_session);
  g_test_add_func ("/command-line/shortcuts-listed", test_shortcuts_listed);

  return g_test_run ();
}
