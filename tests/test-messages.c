/* test-messages.c: saved messages, their library file, import and export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "socket-explorer-core.h"
#include "se-test-util.h"

static char *
expand (SeSavedMessage *message,
        guint64         counter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = se_saved_message_expand (message, counter, &error);
  gsize len;
  const char *data;

  g_assert_no_error (error);
  data = g_bytes_get_data (bytes, &len);
  return g_strndup (data != NULL ? data : "", len);
}

static void
test_expand (void)
{
  g_autoptr(SeSavedMessage) text = se_saved_message_new ("n", "#{{counter}}\\t", FALSE, SE_EOL_CRLF);
  g_autoptr(SeSavedMessage) hex = se_saved_message_new ("h", "48 69", TRUE, SE_EOL_LF);
  g_autoptr(SeSavedMessage) gb = se_saved_message_new ("g", "你好", FALSE, SE_EOL_NONE);
  g_autoptr(SeSavedMessage) bad = se_saved_message_new ("b", "{{nope}}", FALSE, SE_EOL_NONE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) none = NULL;
  g_autofree char *a = expand (text, 3);
  g_autofree char *b = expand (hex, 1);
  g_autofree char *c = NULL;

  g_assert_cmpstr (a, ==, "#3\t\r\n");
  g_assert_cmpstr (b, ==, "Hi\n");
  se_saved_message_set_encoding (gb, "gbk");
  g_assert_cmpstr (se_saved_message_get_encoding (gb), ==, "gb18030");
  c = expand (gb, 1);
  g_assert_cmpstr (c, ==, "\xc4\xe3\xba\xc3");
  none = se_saved_message_expand (bad, 1, &error);
  g_assert_null (none);
  g_assert_error (error, SE_ERROR, SE_ERROR_INVALID_PAYLOAD);
}

static void
test_defaults (void)
{
  g_autoptr(SeMessageLibrary) library = se_message_library_new ();
  SeSavedMessage *get;
  g_autofree char *request = NULL;

  se_message_library_add_defaults (library);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), >=, 4);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (library)) == SE_TYPE_SAVED_MESSAGE);
  get = se_message_library_find (library, "HTTP GET");
  g_assert_nonnull (get);
  request = expand (get, 1);
  g_assert_true (g_str_has_prefix (request, "GET / HTTP/1.1\r\nHost: "));
  g_assert_true (g_str_has_suffix (request, "\r\n\r\n"));
  g_assert_nonnull (se_message_library_find (library, "Gopher menu"));
  g_assert_nonnull (se_message_library_find (library, "SMTP EHLO"));
  g_assert_nonnull (se_message_library_find (library, "POP3 USER"));

  /* Twice adds nothing more. */
  {
    guint n = g_list_model_get_n_items (G_LIST_MODEL (library));

    se_message_library_add_defaults (library);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, n);
  }
}

typedef struct
{
  guint position, removed, added, calls;
} Changed;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changed    *changed)
{
  changed->position = position;
  changed->removed = removed;
  changed->added = added;
  changed->calls++;
}

/* Kept in a file: missing → the shipped ones; every change written; read
 * back by a new library. */
static void
test_file (void)
{
  g_autofree char *dir = se_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "sub", "messages.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SeMessageLibrary) library = NULL;
  g_autoptr(SeMessageLibrary) again = NULL;
  g_autoptr(SeSavedMessage) mine = se_saved_message_new ("mine", "hello {{counter}}", FALSE, SE_EOL_LF);
  g_autoptr(GError) error = NULL;
  Changed changed = { 0 };
  guint n;
  struct stat st;

  library = se_message_library_new_for_file (file, &error);
  g_assert_no_error (error);
  n = g_list_model_get_n_items (G_LIST_MODEL (library));
  g_assert_cmpuint (n, >, 0);
  /* Reading writes nothing, nor does a flush with nothing changed. */
  se_test_spin (50);
  se_message_library_flush (library);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_signal_connect (library, "items-changed", G_CALLBACK (items_changed_cb), &changed);
  se_saved_message_set_target (mine, "tcp://127.0.0.1:7000");
  se_message_library_add (library, mine);
  g_assert_cmpuint (changed.calls, ==, 1);
  g_assert_cmpuint (changed.position, ==, n);
  g_assert_cmpuint (changed.added, ==, 1);
  se_message_library_remove (library, 0);
  g_assert_cmpuint (changed.position, ==, 0);
  g_assert_cmpuint (changed.removed, ==, 1);
  /* An edit of an item is saved too. */
  se_saved_message_set_name (mine, "renamed");

  /* Written from a worker thread after the changes settle. */
  for (guint i = 0; i < 200 && !g_file_test (path, G_FILE_TEST_EXISTS); i++)
    se_test_spin (10);
  se_message_library_flush (library);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  again = se_message_library_new_for_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, n);
  g_assert_null (se_message_library_find (again, "HTTP GET"));
  {
    SeSavedMessage *read = se_message_library_find (again, "renamed");

    g_assert_nonnull (read);
    g_assert_cmpstr (se_saved_message_get_data (read), ==, "hello {{counter}}");
    g_assert_cmpint (se_saved_message_get_eol (read), ==, SE_EOL_LF);
    g_assert_cmpstr (se_saved_message_get_target (read), ==, "tcp://127.0.0.1:7000");
  }

  g_signal_handlers_disconnect_by_data (library, &changed);
  g_clear_object (&library);
  g_clear_object (&again);
  se_test_remove_dir (dir);
}

/* A file that is not a library: an error that names it, the shipped
 * messages meanwhile, and the file left alone. */
static void
test_bad_file (void)
{
  g_autofree char *dir = se_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "messages.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SeMessageLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;

  g_assert_true (g_file_set_contents (path, "{\"format\": \"socket-explorer-messages\", \"version\": 1,\n"
                                            " \"messages\": [ {\"name\": \"x\"} ]}", -1, NULL));
  library = se_message_library_new_for_file (file, &error);
  g_assert_nonnull (library);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "messages.json"));
  g_assert_nonnull (strstr (error->message, "message 1"));
  g_assert_nonnull (se_message_library_find (library, "HTTP GET"));
  g_clear_object (&library);
  g_assert_true (g_file_get_contents (path, &kept, NULL, NULL));
  g_assert_nonnull (strstr (kept, "\"x\""));
  se_test_remove_dir (dir);
}

static void
test_import_export (void)
{
  g_autofree char *dir = se_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "export.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SeMessageLibrary) library = se_message_library_new ();
  g_autoptr(SeMessageLibrary) other = se_message_library_new ();
  g_autoptr(SeSavedMessage) gb = se_saved_message_new ("你好", "你好\\n", FALSE, SE_EOL_NONE);
  g_autoptr(GError) error = NULL;
  g_autofree char *unique = NULL;
  int added;

  se_message_library_add_defaults (library);
  se_saved_message_set_encoding (gb, "gb18030");
  se_message_library_add (library, gb);
  g_assert_true (se_message_library_export_file (library, file, &error));
  g_assert_no_error (error);

  added = se_message_library_import_file (other, file, &error);
  g_assert_no_error (error);
  g_assert_cmpint (added, ==, (int) g_list_model_get_n_items (G_LIST_MODEL (library)));
  g_assert_cmpstr (se_saved_message_get_encoding (se_message_library_find (other, "你好")), ==, "gb18030");
  /* The same again: nothing new. */
  g_assert_cmpint (se_message_library_import_file (other, file, &error), ==, 0);

  unique = se_message_library_unique_name (other, "HTTP GET");
  g_assert_cmpstr (unique, !=, "HTTP GET");
  g_assert_null (se_message_library_find (other, unique));

  /* A workspace's messages import too; other JSON is refused. */
  g_assert_cmpint (se_message_library_import_data (other,
                                                   "{\"format\": \"socket-explorer-workspace\", \"version\": 1,"
                                                   " \"messages\": [{\"name\": \"ws\", \"data\": \"00 ff\", \"hex\": true}]}",
                                                   -1, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_true (se_saved_message_get_hex (se_message_library_find (other, "ws")));
  g_assert_cmpint (se_message_library_import_data (other, "{\"format\": \"other\", \"version\": 1}", -1, &error), ==, -1);
  g_assert_error (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT);
  g_assert_nonnull (strstr (error->message, "socket-explorer-messages"));
  g_clear_error (&error);
  g_assert_cmpint (se_message_library_import_data (other,
                                                   "{\"format\": \"socket-explorer-messages\", \"version\": 1,"
                                                   " \"messages\": [{\"name\": \"t\", \"data\": \"x\", \"target\": \"tcp://nowhere\"}]}",
                                                   -1, &error), ==, -1);
  g_assert_nonnull (error);
  g_assert_null (se_message_library_find (other, "t"));

  se_test_remove_dir (dir);
}

/* Workspaces carry messages with their encoding and target. */
static void
test_workspace (void)
{
  g_autoptr(SeMessageLibrary) library = se_message_library_new ();
  g_autoptr(SeMessageLibrary) opened = se_message_library_new ();
  g_autoptr(SeWorkspace) workspace = se_workspace_new ();
  g_autoptr(SeWorkspace) read = NULL;
  g_autoptr(SeSavedMessage) message = se_saved_message_new ("to server", "hi", FALSE, SE_EOL_CRLF);
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  SeSavedMessage *back;

  se_saved_message_set_target (message, "udp://[::1]:7000");
  se_saved_message_set_encoding (message, "big5");
  se_message_library_add (library, message);
  se_message_library_fill_workspace (library, workspace);
  data = se_workspace_to_data (workspace, NULL);
  read = se_workspace_new_from_data (data, -1, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (se_message_library_add_from_workspace (opened, read), ==, 1);
  back = se_message_library_find (opened, "to server");
  g_assert_nonnull (back);
  g_assert_cmpstr (se_saved_message_get_target (back), ==, "udp://[::1]:7000");
  g_assert_cmpstr (se_saved_message_get_encoding (back), ==, "big5");
  g_assert_cmpint (se_saved_message_get_eol (back), ==, SE_EOL_CRLF);
  /* Opening the same workspace again does not duplicate its messages. */
  g_assert_cmpuint (se_message_library_add_from_workspace (opened, read), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/messages/expand", test_expand);
  g_test_add_func ("/messages/defaults", test_defaults);
  g_test_add_func ("/messages/file", test_file);
  g_test_add_func ("/messages/bad-file", test_bad_file);
  g_test_add_func ("/messages/import-export", test_import_export);
  g_test_add_func ("/messages/workspace", test_workspace);

  return g_test_run ();
}
