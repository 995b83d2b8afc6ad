/* test-log-export.c: exporting the traffic log view's log, to a file and
 * through the file chooser (SeLogExport, as the view drives it)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "gui-test-util.h"
#include "se-log-view.h"
#include "se-log-writer.h"
#include "se-payload.h"
#include "se-test-util.h"

#define TIMEOUT_MS 10000

typedef GuiTestLogFixture Fixture;

/* Helpers */

/* Fixture */

/* Tests */

static void
toast_cb (SeLogView  *view,
          const char *message,
          char      **out)
{
  g_free (*out);
  *out = g_strdup (message);
}

static gboolean
is_set (gpointer data)
{
  return *(char **) data != NULL;
}

static gboolean
two_shown (gpointer data)
{
  Fixture *fixture = data;

  return g_list_model_get_n_items (se_log_view_get_model (fixture->view)) == 2;
}

static void
test_export (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *dir = se_test_make_temp_dir ();
  g_autofree char *json_path = g_build_filename (dir, "log.jsonl", NULL);
  g_autofree char *text_path = g_build_filename (dir, "log.txt", NULL);
  g_autofree char *bad_path = g_build_filename (dir, "no-such-dir", "log.txt", NULL);
  g_autoptr(GFile) json_file = g_file_new_for_path (json_path);
  g_autoptr(GFile) text_file = g_file_new_for_path (text_path);
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad_path);
  g_autofree char *contents = NULL;
  g_autofree char *message = NULL;
  g_auto(GStrv) lines = NULL;

  gui_test_append_sample (fixture->log);
  g_signal_connect (fixture->view, "toast", G_CALLBACK (toast_cb), &message);

  /* JSON Lines: one object per event, as the event formats itself. */
  se_log_view_export_to_file (fixture->view, json_file, SE_EXPORT_JSON_LINES);
  g_assert_true (se_test_wait_until (is_set, &message, TIMEOUT_MS));
  g_assert_nonnull (strstr (message, "log.jsonl"));
  g_assert_true (g_file_get_contents (json_path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 10);
  g_assert_cmpstr (lines[9], ==, "");
  for (guint i = 0; i < 9; i++)
    {
      g_autoptr(SeEvent) event = g_list_model_get_item (G_LIST_MODEL (fixture->log), i);
      g_autofree char *json = se_event_format_json (event);

      g_assert_cmpstr (lines[i], ==, json);
    }
  g_clear_pointer (&lines, g_strfreev);
  g_clear_pointer (&contents, g_free);
  g_clear_pointer (&message, g_free);

  /* Text: one line per event, as the event formats itself. */
  se_log_view_export_to_file (fixture->view, text_file, SE_EXPORT_TEXT);
  g_assert_true (se_test_wait_until (is_set, &message, TIMEOUT_MS));
  g_assert_nonnull (strstr (message, "log.txt"));
  g_assert_true (g_file_get_contents (text_path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 10);
  for (guint i = 0; i < 9; i++)
    {
      g_autoptr(SeEvent) event = g_list_model_get_item (G_LIST_MODEL (fixture->log), i);
      g_autofree char *text = se_event_format_text (event);

      g_assert_cmpstr (lines[i], ==, text);
    }
  g_clear_pointer (&message, g_free);

  /* pcapng: a binary file, the user's only; its blocks are tested in
   * test-pcapng, its packets with tshark in test-cli-pcap. */
  {
    g_autofree char *pcap_path = g_build_filename (dir, "log.pcapng", NULL);
    g_autoptr(GFile) pcap_file = g_file_new_for_path (pcap_path);
    g_autofree char *pcap = NULL;
    gsize pcap_len = 0;
    guint32 magic;
    GStatBuf st;

    se_log_view_export_to_file (fixture->view, pcap_file, SE_EXPORT_PCAPNG);
    g_assert_true (se_test_wait_until (is_set, &message, TIMEOUT_MS));
    g_assert_nonnull (strstr (message, "log.pcapng"));
    g_assert_true (g_file_get_contents (pcap_path, &pcap, &pcap_len, NULL));
    g_assert_cmpuint (pcap_len, >, 28);
    memcpy (&magic, pcap, 4);
    g_assert_cmphex (magic, ==, 0x0A0D0D0A);
    memcpy (&magic, pcap + 8, 4);
    g_assert_cmphex (magic, ==, 0x1A2B3C4D);
    g_assert_cmpint (g_stat (pcap_path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    g_unlink (pcap_path);
    g_clear_pointer (&message, g_free);
  }

  /* Only the rows the filters show: a search for "hello" keeps the
   * receive and the send of connection 1. */
  {
    g_autofree char *shown_path = g_build_filename (dir, "shown.txt", NULL);
    g_autoptr(GFile) shown_file = g_file_new_for_path (shown_path);
    g_autofree char *shown = NULL;
    g_auto(GStrv) shown_lines = NULL;

    gtk_editable_set_text (GTK_EDITABLE (gui_test_find_named (GTK_WIDGET (fixture->view), "search-entry")),
                           "hello");
    g_assert_true (se_test_wait_until (two_shown, fixture, TIMEOUT_MS));
    se_log_view_export_shown_to_file (fixture->view, shown_file, SE_EXPORT_TEXT);
    g_assert_true (se_test_wait_until (is_set, &message, TIMEOUT_MS));
    g_assert_true (g_file_get_contents (shown_path, &shown, NULL, NULL));
    shown_lines = g_strsplit (shown, "\n", -1);
    g_assert_cmpuint (g_strv_length (shown_lines), ==, 3);
    for (guint i = 0; i < 2; i++)
      {
        g_autoptr(SeEvent) event = g_list_model_get_item (se_log_view_get_model (fixture->view), i);
        g_autofree char *text = se_event_format_text (event);

        g_assert_cmpstr (shown_lines[i], ==, text);
      }
    /* The whole log is still the whole log. */
    g_clear_pointer (&message, g_free);
    se_log_view_export_to_file (fixture->view, shown_file, SE_EXPORT_TEXT);
    g_assert_true (se_test_wait_until (is_set, &message, TIMEOUT_MS));
    g_clear_pointer (&shown, g_free);
    g_assert_true (g_file_get_contents (shown_path, &shown, NULL, NULL));
    g_clear_pointer (&shown_lines, g_strfreev);
    shown_lines = g_strsplit (shown, "\n", -1);
    g_assert_cmpuint (g_strv_length (shown_lines), ==, 10);
    g_unlink (shown_path);
    g_clear_pointer (&message, g_free);
  }

  /* A failure says so in plain words. */
  se_log_view_export_to_file (fixture->view, bad_file, SE_EXPORT_TEXT);
  g_assert_true (se_test_wait_until (is_set, &message, TIMEOUT_MS));
  g_assert_true (g_str_has_prefix (message, "Could not export the log: "));

  g_signal_handlers_disconnect_by_func (fixture->view, toast_cb, &message);
  g_unlink (json_path);
  g_unlink (text_path);
  se_test_remove_dir (dir);
}

static GtkWidget *
find_file_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER (window) && gtk_widget_get_visible (window))
        return window;
    }

  return NULL;
}

/* The format choice: a drop-down of every writer, "Text", "JSON Lines",
 * "pcapng (Wireshark)". */
static GtkWidget *
find_format_dropdown (GtkWidget *root)
{
  if (GTK_IS_DROP_DOWN (root))
    {
      GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (root));

      if (GTK_IS_STRING_LIST (model) && g_list_model_get_n_items (model) == se_log_writer_get_n_writers () &&
          g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), 1), "JSON Lines") == 0 &&
          g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), 2), "pcapng (Wireshark)") == 0)
        return root;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_format_dropdown (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
file_chooser_shown (gpointer data)
{
  return find_file_chooser () != NULL;
}

static gboolean
file_chooser_gone (gpointer data)
{
  return find_file_chooser () == NULL;
}

/* Through the action: a file chooser opens, offering both formats. Without
 * a portal (as under Xvfb) GtkFileChooserNative shows a
 * GtkFileChooserDialog. What an accepted chooser does is
 * se_log_view_export_to_file(), tested above; here it is cancelled, and
 * nothing is written or said. */
static void
test_export_action (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *message = NULL;
  g_autoptr(GFile) current = NULL;
  g_autofree char *name = NULL;
  GtkWidget *chooser;
  GtkWidget *format;

  gui_test_append_sample (fixture->log);
  g_signal_connect (fixture->view, "toast", G_CALLBACK (toast_cb), &message);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "log.export", NULL));
  if (!se_test_wait_until (file_chooser_shown, NULL, TIMEOUT_MS))
    {
      g_signal_handlers_disconnect_by_func (fixture->view, toast_cb, &message);
      g_test_skip ("The file chooser did not show as a dialog (a portal?)");
      return;
    }
  chooser = find_file_chooser ();

  g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)), ==, GTK_FILE_CHOOSER_ACTION_SAVE);
  g_assert_cmpstr (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "format"), ==, "text");
  /* Picked the way a person does, in its drop-down (GTK 4.8's
   * gtk_file_chooser_set_choice() does not select an option). */
  format = find_format_dropdown (chooser);
  g_assert_nonnull (format);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (format), 2);
  g_assert_cmpstr (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "format"), ==, "pcapng");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (format), 1);
  g_assert_cmpstr (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "format"), ==, "jsonl");
  name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
  g_assert_cmpstr (name, ==, "traffic-log.txt");

  gtk_widget_activate (gtk_dialog_get_widget_for_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL));
  g_assert_true (se_test_wait_until (file_chooser_gone, NULL, TIMEOUT_MS));
  se_test_spin (100);
  g_assert_null (message);

  g_signal_handlers_disconnect_by_func (fixture->view, toast_cb, &message);
}

static GtkWidget *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (window))
        return window;
    }

  return NULL;
}

static gboolean
message_dialog_shown (gpointer data)
{
  return find_message_dialog () != NULL;
}

static gboolean
chooser_in_folder (gpointer data)
{
  GtkWidget *chooser = find_file_chooser ();
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) parent = NULL;

  if (chooser == NULL)
    return FALSE;
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    parent = g_file_get_parent (file);

  return parent != NULL && g_file_equal (parent, data);
}

/* Accepts the chooser with the format picked in its drop-down and the
 * suggested name, in dir. */
static void
export_through_chooser (Fixture    *fixture,
                        const char *dir,
                        guint       format)
{
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  GtkWidget *chooser;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "log.export", NULL));
  g_assert_true (se_test_wait_until (file_chooser_shown, NULL, TIMEOUT_MS));
  chooser = find_file_chooser ();
  /* The chooser opens in the working directory */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_format_dropdown (chooser)), format);
  g_assert_true (se_test_wait_until (chooser_in_folder, folder, TIMEOUT_MS));
  gtk_widget_activate (gtk_dialog_get_widget_for_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT));
  g_assert_true (se_test_wait_until (file_chooser_gone, NULL, TIMEOUT_MS));
}

/* Choosing JSON Lines with the suggested "traffic-log.txt" saves
 * "traffic-log.jsonl"; an existing file of the new name is only replaced
 * once the user says so. */
static void
test_export_extension (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *dir = se_test_make_temp_dir ();
  g_autofree char *json_path = g_build_filename (dir, "traffic-log.jsonl", NULL);
  g_autofree char *text_path = g_build_filename (dir, "traffic-log.txt", NULL);
  g_autofree char *message = NULL;
  g_autofree char *contents = NULL;
  GtkWidget *dialog;

  g_autofree char *cwd = g_get_current_dir ();

  gui_test_append_sample (fixture->log);
  g_signal_connect (fixture->view, "toast", G_CALLBACK (toast_cb), &message);
  g_assert_cmpint (g_chdir (dir), ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "log.export", NULL));
  if (!se_test_wait_until (file_chooser_shown, NULL, TIMEOUT_MS))
    {
      g_signal_handlers_disconnect_by_func (fixture->view, toast_cb, &message);
      g_test_skip ("The file chooser did not show as a dialog (a portal?)");
      g_assert_cmpint (g_chdir (cwd), ==, 0);
      se_test_remove_dir (dir);
      return;
    }
  gtk_widget_activate (gtk_dialog_get_widget_for_response (GTK_DIALOG (find_file_chooser ()), GTK_RESPONSE_CANCEL));
  g_assert_true (se_test_wait_until (file_chooser_gone, NULL, TIMEOUT_MS));

  export_through_chooser (fixture, dir, 1);
  g_assert_true (se_test_wait_until (is_set, &message, TIMEOUT_MS));
  g_assert_nonnull (strstr (message, "traffic-log.jsonl"));
  g_assert_true (g_file_test (json_path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (text_path, G_FILE_TEST_EXISTS));
  g_clear_pointer (&message, g_free);

  /* Again: traffic-log.jsonl is there now. Cancelling keeps it. */
  g_assert_true (g_file_set_contents (json_path, "keep me", -1, NULL));
  export_through_chooser (fixture, dir, 1);
  g_assert_true (se_test_wait_until (message_dialog_shown, NULL, TIMEOUT_MS));
  dialog = find_message_dialog ();
  /* What its Cancel button does: respond, then close */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  se_test_spin (200);
  g_assert_null (message);
  g_assert_true (g_file_get_contents (json_path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "keep me");
  g_clear_pointer (&contents, g_free);

  /* And replacing writes it. */
  export_through_chooser (fixture, dir, 1);
  g_assert_true (se_test_wait_until (message_dialog_shown, NULL, TIMEOUT_MS));
  dialog = find_message_dialog ();
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "replace");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (se_test_wait_until (is_set, &message, TIMEOUT_MS));
  g_assert_true (g_file_get_contents (json_path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, !=, "keep me");
  g_assert_true (g_str_has_prefix (contents, "{"));

  g_signal_handlers_disconnect_by_func (fixture->view, toast_cb, &message);
  g_assert_cmpint (g_chdir (cwd), ==, 0);
  g_unlink (json_path);
  se_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_printerr ("No display: skipping the log export tests\n");
      return 77;
    }
  adw_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, gui_test_log_fixture_setup, func, gui_test_log_fixture_teardown)

  ADD ("/log-view/export", test_export);
  ADD ("/log-view/export-action", test_export_action);
  ADD ("/log-view/export-extension", test_export_extension);

  return g_test_run ();
}
