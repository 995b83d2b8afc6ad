/* test-code-window.c: the Code window of listener and client pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window shows what the core's generator makes of the page's own
 * options (the same program `socket-explorer-cli code` prints; that those
 * programs run is tests/interop/test-codegen.py's job), follows the
 * composer as the user types, switches language, copies, and goes away
 * with its page.
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "gui-test-util.h"
#include "se-code-window.h"
#include "se-composer.h"
#include "se-test-util.h"
#include "se-window.h"
#include "socket-explorer-core.h"

#define WAIT_MS GUI_TEST_WAIT_MS

static char *
expected_client_program (const char     *endpoint_text,
                         const char     *data,
                         SeEol           eol,
                         guint           repeat,
                         SeCodeLanguage  language)
{
  g_autoptr(SeEndpoint) endpoint = se_endpoint_parse (endpoint_text, NULL);
  g_autoptr(GBytes) bytes = g_bytes_new (data, strlen (data));
  SeCodeOptions options;

  se_code_options_init (&options, SE_CODE_SEND, endpoint);
  options.data = bytes;
  options.eol = eol;
  options.repeat = repeat;
  options.interval_ms = 1000;   /* the composer's default */
  options.language = language;

  return se_code_generate (&options);
}

typedef struct
{
  char     *text;
  gboolean  done;
} ClipboardRead;

static void
clipboard_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ClipboardRead *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  read->done = TRUE;
}

static gboolean
clipboard_read_done_cb (gpointer data)
{
  return ((ClipboardRead *) data)->done;
}

static void
test_client_code (void)
{
  SeWindow *window = se_window_new (NULL);
  g_autofree char *endpoint = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *expected_c = NULL;
  ClipboardRead read = { 0 };
  GtkWidget *page, *composer, *code;
  GtkStack *stack;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  se_test_spin (50);

  endpoint = gui_test_start_listener (window, 0 /* TCP */, 1 /* echo */);
  page = gui_test_connect_client (window, endpoint);
  composer = gtk_widget_get_ancestor (gui_test_get_named (page, "composer-entry"), SE_TYPE_COMPOSER);
  se_composer_set_text (SE_COMPOSER (composer), "hello");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (gui_test_get_named (page, "composer-eol")), 1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (gui_test_get_named (page, "composer-count")), 2);

  /* The button of the page opens it, with the composer's message */
  g_assert_true (gui_test_action_clickable (page, "client.show-code"));
  gtk_widget_activate_action (page, "client.show-code", NULL);
  code = gui_test_wait_for_toplevel (SE_TYPE_CODE_WINDOW);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (code)) == GTK_WINDOW (window));
  expected = expected_client_program (endpoint, "hello\n", SE_EOL_LF, 2, SE_CODE_PYTHON);
  g_assert_cmpstr (se_code_window_get_text (SE_CODE_WINDOW (code)), ==, expected);
  g_assert_nonnull (strstr (expected, "MESSAGE = b'hello\\n'"));
  g_assert_nonnull (strstr (expected, "REPEAT = 2"));

  /* It follows the composer as the user types */
  se_composer_set_text (SE_COMPOSER (composer), "goodbye");
  g_free (expected);
  expected = expected_client_program (endpoint, "goodbye\n", SE_EOL_LF, 2, SE_CODE_PYTHON);
  g_assert_cmpstr (se_code_window_get_text (SE_CODE_WINDOW (code)), ==, expected);

  /* The switch: C */
  gtk_widget_activate_action (code, "code.language", "s", "c");
  expected_c = expected_client_program (endpoint, "goodbye\n", SE_EOL_LF, 2, SE_CODE_C);
  g_assert_cmpstr (se_code_window_get_text (SE_CODE_WINDOW (code)), ==, expected_c);
  g_assert_nonnull (strstr (expected_c, "static const char message[] = \"goodbye\\n\";"));

  /* Copy puts the whole program on the clipboard */
  g_assert_true (gui_test_action_clickable (code, "code.copy"));
  gtk_widget_activate_action (code, "code.copy", NULL);
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (code), NULL, clipboard_read_cb, &read);
  g_assert_true (se_test_wait_until (clipboard_read_done_cb, &read, WAIT_MS));
  g_assert_cmpstr (read.text, ==, expected_c);
  g_free (read.text);

  /* A message that does not decode: no program, and why */
  gtk_widget_activate_action (composer, "composer.format", "s", "hex");
  se_composer_set_text (SE_COMPOSER (composer), "zz");
  stack = GTK_STACK (gtk_widget_get_ancestor (gui_test_get_named (code, "code-text"), GTK_TYPE_STACK));
  g_assert_null (se_code_window_get_text (SE_CODE_WINDOW (code)));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  g_assert_false (gui_test_action_clickable (code, "code.copy"));
  g_assert_false (gui_test_action_clickable (code, "code.save"));
  /* …and back: hex as bytes.fromhex() in Python */
  se_composer_set_text (SE_COMPOSER (composer), "48 69");
  gtk_widget_activate_action (code, "code.language", "s", "python");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "code");
  g_assert_nonnull (strstr (se_code_window_get_text (SE_CODE_WINDOW (code)),
                            "MESSAGE = bytes.fromhex('48 69 0a')"));

  /* Removing the page closes its program */
  gtk_widget_activate_action (page, "client.remove", NULL);
  g_assert_true (gui_test_wait_toplevel_gone (SE_TYPE_CODE_WINDOW));

  gtk_window_destroy (GTK_WINDOW (window));
  se_test_spin (20);
  g_assert_null (window);
}

static void
test_listener_code (void)
{
  SeWindow *window = se_window_new (NULL);
  g_autofree char *endpoint = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(SeEndpoint) parsed = NULL;
  g_autoptr(SeResponder) upper = se_responder_new (SE_RESPONDER_UPPER, NULL);
  SeCodeOptions options;
  GtkWidget *page, *code, *note;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  se_test_spin (50);

  endpoint = gui_test_start_listener (window, 0 /* TCP */, 2 /* UPPERCASE echo */);
  gui_test_select_sidebar_row (window, 1);
  page = se_window_get_visible_page (window);
  g_assert_true (gui_test_action_clickable (page, "listener.show-code"));
  gtk_widget_activate_action (page, "listener.show-code", NULL);
  code = gui_test_wait_for_toplevel (SE_TYPE_CODE_WINDOW);

  /* The listener's own endpoint (the port it has), responder and backlog */
  parsed = se_endpoint_parse (endpoint, NULL);
  se_code_options_init (&options, SE_CODE_LISTEN, parsed);
  options.responder = upper;
  expected = se_code_generate (&options);
  g_assert_cmpstr (se_code_window_get_text (SE_CODE_WINDOW (code)), ==, expected);
  g_assert_nonnull (strstr (expected, "conn.sendall(data.upper())"));

  /* While it runs, the program could not bind the same port: it says so */
  note = gui_test_get_named (code, "code-note");
  g_assert_true (gtk_widget_get_visible (note));
  gtk_widget_activate_action (page, "listener.stop", NULL);
  se_test_spin (200);
  g_assert_false (gtk_widget_get_visible (note));

  /* Closed and opened again */
  gtk_window_destroy (GTK_WINDOW (code));
  g_assert_true (gui_test_wait_toplevel_gone (SE_TYPE_CODE_WINDOW));
  gtk_widget_activate_action (page, "listener.show-code", NULL);
  code = gui_test_wait_for_toplevel (SE_TYPE_CODE_WINDOW);
  g_assert_cmpstr (se_code_window_get_text (SE_CODE_WINDOW (code)), ==, expected);

  /* The window's pages go, and their programs with them */
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (gui_test_wait_toplevel_gone (SE_TYPE_CODE_WINDOW));
  se_test_spin (20);
  g_assert_null (window);
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("No display: skipping the Code window tests (run them under xvfb-run)\n");
      return 77;
    }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/code-window/client", test_client_code);
  g_test_add_func ("/code-window/listener", test_listener_code);

  return g_test_run ();
}
