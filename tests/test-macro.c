/* test-macro.c: the macros of a message, expanded
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "socket-explorer-core.h"

static char *
expand (const char      *input,
        SePayloadFormat  format,
        SeEol            eol,
        guint64          counter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = se_macro_expand (input, format, eol, counter, NULL, &error);
  gsize len;
  const char *data;

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  data = g_bytes_get_data (bytes, &len);
  return g_strndup (data, len);
}

static void
test_plain (void)
{
  g_autofree char *a = expand ("no macros\\n", SE_PAYLOAD_TEXT, SE_EOL_NONE, 1);
  g_autofree char *b = expand ("n={{counter}};", SE_PAYLOAD_TEXT, SE_EOL_LF, 7);
  g_autofree char *c = expand ("{{{{counter}}", SE_PAYLOAD_TEXT, SE_EOL_NONE, 7);
  g_autofree char *d = expand ("48 {{counter}} 49", SE_PAYLOAD_HEX, SE_EOL_NONE, 12);

  g_assert_cmpstr (a, ==, "no macros\n");
  g_assert_cmpstr (b, ==, "n=7;\n");
  /* {{{{ is a literal {{: the rest is text */
  g_assert_cmpstr (c, ==, "{{counter}}");
  /* In hex, a macro's bytes go in as they are */
  g_assert_cmpstr (d, ==, "H12I");
  g_assert_false (se_macro_has_macros ("plain"));
  g_assert_true (se_macro_has_macros ("a {{uuid}}"));
}

/* {{len}} counts what follows it, the line ending and later lengths too */
static void
test_len (void)
{
  g_autofree char *a = expand ("{{len}}|hello", SE_PAYLOAD_TEXT, SE_EOL_NONE, 1);
  g_autofree char *b = expand ("{{len}}:abc", SE_PAYLOAD_TEXT, SE_EOL_CRLF, 1);
  g_autofree char *c = expand ("{{len}}|{{len}}|0123456789", SE_PAYLOAD_TEXT, SE_EOL_NONE, 1);

  g_assert_cmpstr (a, ==, "6|hello");
  g_assert_cmpstr (b, ==, "6:abc\r\n");
  /* The second counts "|0123456789" (11); the first "|11|0123456789" (14) */
  g_assert_cmpstr (c, ==, "14|11|0123456789");
}

static void
test_generated (void)
{
  g_autofree char *uuid = expand ("{{uuid}}", SE_PAYLOAD_TEXT, SE_EOL_NONE, 1);
  g_autofree char *random = expand ("{{random:8}}", SE_PAYLOAD_TEXT, SE_EOL_NONE, 1);
  g_autofree char *unix_time = expand ("{{unix}}", SE_PAYLOAD_TEXT, SE_EOL_NONE, 1);
  g_autofree char *time = expand ("{{time}}", SE_PAYLOAD_TEXT, SE_EOL_NONE, 1);
  g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (time, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_true (g_uuid_string_is_valid (uuid));
  g_assert_cmpuint (strlen (random), ==, 16);
  g_assert_cmpuint (strspn (random, "0123456789abcdef"), ==, 16);
  g_assert_cmpint (ABS (g_ascii_strtoll (unix_time, NULL, 10) - now), <=, 2);
  g_assert_nonnull (parsed);
  g_assert_cmpint (ABS (g_date_time_to_unix (parsed) - now), <=, 2);
}

static void
test_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("se-macro-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "body", NULL);
  g_autofree char *input = NULL;
  g_autofree char *out = NULL;

  g_assert_true (g_file_set_contents (path, "a\\b\x01", 4, NULL));
  input = g_strdup_printf ("<{{file:%s}}>", path);
  out = expand (input, SE_PAYLOAD_TEXT, SE_EOL_NONE, 1);
  /* The file's bytes as they are: no escape processing */
  g_assert_cmpmem (out, 6, "<a\\b\x01>", 6);
  g_unlink (path);
  g_rmdir (dir);
}

/* In another encoding the text is converted piece by piece: a file's
 * bytes are kept, and {{len}} counts what is sent */
static void
test_encoded (void)
{
  g_autofree char *dir = g_dir_make_tmp ("se-macro-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "body", NULL);
  g_autofree char *input = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  /* GB18030 "你好" is c4 e3 ba c3; the counter and CRLF are ASCII */
  bytes = se_macro_expand_encoded ("{{len}} 你好{{counter}}", SE_PAYLOAD_TEXT, SE_EOL_CRLF,
                                   "gb18030", 7, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   "8 \xc4\xe3\xba\xc3" "7\r\n", 9);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* UTF-16LE: the line ending and the digits take two bytes each; the
   * file's three bytes go as they are */
  g_assert_true (g_file_set_contents (path, "\x01\x02\x03", 3, NULL));
  input = g_strdup_printf ("{{len}}{{file:%s}}", path);
  bytes = se_macro_expand_encoded (input, SE_PAYLOAD_TEXT, SE_EOL_LF, "utf-16le", 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   "5\0\x01\x02\x03\n\0", 7);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* UTF-8, and hex, are as se_macro_expand () gives them */
  bytes = se_macro_expand_encoded ("é{{counter}}", SE_PAYLOAD_TEXT, SE_EOL_NONE, "utf-8", 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "\xc3\xa9" "2", 3);
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = se_macro_expand_encoded ("41{{len}}", SE_PAYLOAD_HEX, SE_EOL_NONE, "utf-16le", 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "A0", 2);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* Text Latin-1 cannot hold is an error, not a wrong byte */
  bytes = se_macro_expand_encoded ("你{{counter}}", SE_PAYLOAD_TEXT, SE_EOL_NONE, "latin1", 1, NULL, &error);
  g_assert_null (bytes);
  g_assert_nonnull (error);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_errors (void)
{
  static const struct {
    const char *input;
    glong       offset;
  } bad[] = {
    { "abc {{count}}", 4 },
    { "héllo {{counter", 6 },
    { "{{random:0}}", 0 },
    { "{{random:x}}", 0 },
    { "x{{file:/nonexistent/se-macro}}", 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      glong offset = -1;
      g_autoptr(GBytes) bytes = se_macro_expand (bad[i].input, SE_PAYLOAD_TEXT, SE_EOL_NONE, 1, &offset, &error);

      g_assert_null (bytes);
      g_assert_nonnull (error);
      g_assert_true (error->domain == SE_ERROR);
      g_assert_cmpint (offset, ==, bad[i].offset);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/macro/plain", test_plain);
  g_test_add_func ("/macro/len", test_len);
  g_test_add_func ("/macro/generated", test_generated);
  g_test_add_func ("/macro/file", test_file);
  g_test_add_func ("/macro/errors", test_errors);
  g_test_add_func ("/macro/encoded", test_encoded);

  return g_test_run ();
}
