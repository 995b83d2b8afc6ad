/* test-encoding.c: text encodings (se-encoding)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "se-encoding.h"
#include "se-error.h"

static void
assert_encodes (const char *id,
                const char *text,
                const void *expected,
                gsize       expected_len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = se_encoding_encode (id, text, -1, &error);
  g_autofree char *back = NULL;
  gsize len;
  const guint8 *data;

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  data = g_bytes_get_data (bytes, &len);
  g_assert_cmpmem (data, len, expected, expected_len);

  back = se_encoding_decode (id, data, len);
  g_assert_cmpstr (back, ==, text);
}

static void
test_gb18030 (void)
{
  assert_encodes ("gb18030", "你好", "\xc4\xe3\xba\xc3", 4);
  assert_encodes ("GBK", "你好", "\xc4\xe3\xba\xc3", 4);
  assert_encodes ("gb2312", "hi 你好\n", "hi \xc4\xe3\xba\xc3\n", 8);
}

static void
test_big5 (void)
{
  /* 中文 in Big5 is a4 a4 a4 e5. */
  assert_encodes ("big5", "中文", "\xa4\xa4\xa4\xe5", 4);
}

static void
test_utf16 (void)
{
  g_autofree char *odd_le = NULL;
  g_autofree char *odd_be = NULL;

  assert_encodes ("utf-16le", "Hi你", "H\0i\0\x60\x4f", 6);
  assert_encodes ("utf-16be", "Hi你", "\0H\0i\x4f\x60", 6);

  /* An odd length leaves half a code unit at the end. */
  odd_le = se_encoding_decode ("utf-16le", (const guint8 *) "H\0i\0\x41", 5);
  g_assert_cmpstr (odd_le, ==, "Hi\\x41");
  odd_be = se_encoding_decode ("utf-16be", (const guint8 *) "\0H\0", 3);
  g_assert_cmpstr (odd_be, ==, "H\\x00");
}

static void
test_latin1_round_trip (void)
{
  guint8 all[256];
  g_autofree char *text = NULL;
  g_autofree char *nul = NULL;
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GBytes) zero = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  for (guint i = 0; i < 256; i++)
    all[i] = i;
  /* The decoded text is a C string, so the NUL byte is checked on its own
   * and the other 255 bytes as one run. */
  text = se_encoding_decode ("latin1", all + 1, 255);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_cmpint (g_utf8_strlen (text, -1), ==, 255);
  back = se_encoding_encode ("iso-8859-1", text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (back, &len), len, all + 1, 255);

  nul = se_encoding_decode ("latin1", all, 1);
  g_assert_cmpmem (nul, 1, "\0", 1);
  zero = se_encoding_encode ("latin1", "\0", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (zero, &len), len, all, 1);
}

static void
test_undecodable (void)
{
  g_autofree char *utf8 = NULL;
  g_autofree char *gb = NULL;
  g_autofree char *partial = NULL;

  /* One bad byte in the middle does not spoil what follows. */
  utf8 = se_encoding_decode ("utf-8", (const guint8 *) "a\xff" "b\xc3\xa9", 5);
  g_assert_cmpstr (utf8, ==, "a\\xffb\xc3\xa9");

  gb = se_encoding_decode ("gb18030", (const guint8 *) "\xc4\xe3\xff\xba\xc3", 5);
  g_assert_cmpstr (gb, ==, "你\\xff好");

  /* A multibyte sequence cut off at the end. */
  partial = se_encoding_decode ("gb18030", (const guint8 *) "\xc4\xe3\xba", 3);
  g_assert_cmpstr (partial, ==, "你\\xba");
}

static void
test_preview (void)
{
  g_autofree char *line = NULL;
  g_autofree char *cut = NULL;
  g_autofree char *big = NULL;
  guint8 many[1000];

  /* One line: controls and backslashes escaped, undecodable bytes too. */
  line = se_encoding_decode_preview ("gb18030", (const guint8 *) "\xc4\xe3\n\\\x01\xff", 6, 0);
  g_assert_cmpstr (line, ==, "你\\n\\\\\\x01\\xff");

  cut = se_encoding_decode_preview ("latin1", (const guint8 *) "abcdef", 6, 4);
  g_assert_cmpstr (cut, ==, "abcd…");

  /* A long payload is not decoded in full for a short preview. */
  memset (many, 'a', sizeof many);
  big = se_encoding_decode_preview ("utf-16le", many, sizeof many, 10);
  g_assert_cmpint (g_utf8_strlen (big, -1), ==, 11);
  g_assert_true (g_str_has_suffix (big, "…"));
}

static void
test_unrepresentable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = se_encoding_encode ("latin1", "ab你c", -1, &error);

  g_assert_null (bytes);
  g_assert_error (error, SE_ERROR, SE_ERROR_INVALID_PAYLOAD);
  g_assert_nonnull (strstr (error->message, "你"));
  g_assert_nonnull (strstr (error->message, "U+4F60"));
  g_assert_nonnull (strstr (error->message, "position 3"));
}

static void
test_aliases (void)
{
  static const struct { const char *name; const char *id; } cases[] = {
    { "UTF8", "utf-8" }, { "utf-8", "utf-8" }, { "GBK", "gb18030" },
    { "gb2312", "gb18030" }, { "Big5", "big5" }, { "ISO-8859-1", "latin1" },
    { "latin1", "latin1" }, { "UTF-16LE", "utf-16le" }, { "utf-16be", "utf-16be" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const SeEncoding *enc = se_encoding_lookup (cases[i].name, NULL);
      g_assert_nonnull (enc);
      g_assert_cmpstr (enc->id, ==, cases[i].id);
    }
}

static void
test_unknown (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_assert_null (se_encoding_lookup ("klingon", &error));
  g_assert_error (error, SE_ERROR, SE_ERROR_INVALID_PAYLOAD);
  g_assert_nonnull (strstr (error->message, "klingon"));

  bytes = se_encoding_encode ("ebcdic-x", "hi", -1, &error2);
  g_assert_null (bytes);
  g_assert_error (error2, SE_ERROR, SE_ERROR_INVALID_PAYLOAD);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/encoding/gb18030", test_gb18030);
  g_test_add_func ("/encoding/big5", test_big5);
  g_test_add_func ("/encoding/utf16", test_utf16);
  g_test_add_func ("/encoding/latin1-round-trip", test_latin1_round_trip);
  g_test_add_func ("/encoding/undecodable", test_undecodable);
  g_test_add_func ("/encoding/preview", test_preview);
  g_test_add_func ("/encoding/unrepresentable", test_unrepresentable);
  g_test_add_func ("/encoding/aliases", test_aliases);
  g_test_add_func ("/encoding/unknown", test_unknown);

  return g_test_run ();
}
