/* test-payload.c: the payload codec
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "se-error.h"
#include "se-payload.h"

static void
assert_bytes (GBytes     *bytes,
              const void *expected,
              gsize       expected_len)
{
  gsize len;
  const guint8 *data;

  g_assert_nonnull (bytes);
  data = g_bytes_get_data (bytes, &len);
  g_assert_cmpmem (data, len, expected, expected_len);
}

static void
test_text_plain (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) empty = se_payload_decode_text ("", &error);
  g_autoptr(GBytes) hello = NULL;
  g_autoptr(GBytes) chinese = NULL;

  g_assert_no_error (error);
  assert_bytes (empty, "", 0);

  hello = se_payload_decode_text ("Hello, world", &error);
  g_assert_no_error (error);
  assert_bytes (hello, "Hello, world", 12);

  chinese = se_payload_decode_text ("你好", &error);
  g_assert_no_error (error);
  assert_bytes (chinese, "\xe4\xbd\xa0\xe5\xa5\xbd", 6);
}

static void
test_text_escapes (void)
{
  static const struct
  {
    const char *input;
    const char *bytes;
    gsize       len;
  } cases[] = {
    { "a\\nb", "a\nb", 3 },
    { "\\r\\n", "\r\n", 2 },
    { "\\t", "\t", 1 },
    { "\\\\", "\\", 1 },
    { "\\\\n", "\\n", 2 },
    { "\\0", "\0", 1 },
    { "x\\0y", "x\0y", 3 },
    { "\\x48\\x65", "He", 2 },
    { "\\xff\\x00\\x7F", "\xff\0\x7f", 3 },
    { "\\xAb", "\xab", 1 },
    { "\\x411", "A1", 2 },
    { "say \\\"hi\\\" \\'x\\'", "say \"hi\" 'x'", 12 },
    { "GET / HTTP/1.0\\r\\n\\r\\n", "GET / HTTP/1.0\r\n\r\n", 18 },
    { "中\\t文", "\xe4\xb8\xad\t\xe6\x96\x87", 7 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = se_payload_decode_text (cases[i].input, &error);

      g_test_message ("decoding “%s”", cases[i].input);
      g_assert_no_error (error);
      assert_bytes (bytes, cases[i].bytes, cases[i].len);
    }
}

static void
test_text_errors (void)
{
  static const struct
  {
    const char *input;
    const char *shown;      /* the bad escape, as the message shows it */
    const char *position;   /* "character N" */
  } cases[] = {
    { "\\q", "“\\q”", "character 1" },
    { "abc\\z", "“\\z”", "character 4" },
    { "中文\\中", "“\\中”", "character 3" },
    { "\\x", "“\\x”", "character 1" },
    { "ab\\x4", "“\\x4”", "character 3" },
    { "\\xg0", "“\\xg”", "character 1" },
    { "\\x4z", "“\\x4z”", "character 1" },
    { "tail\\", "end", "character 5" },
    { "你好\\", "end", "character 3" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = se_payload_decode_text (cases[i].input, &error);

      g_test_message ("decoding “%s”: %s", cases[i].input, error ? error->message : "(no error)");
      g_assert_null (bytes);
      g_assert_error (error, SE_ERROR, SE_ERROR_INVALID_PAYLOAD);
      g_assert_nonnull (strstr (error->message, cases[i].shown));
      g_assert_nonnull (strstr (error->message, cases[i].position));
    }
}

static void
test_text_error_kinds (void)
{
  g_autoptr(GError) unknown = NULL;
  g_autoptr(GError) truncated = NULL;
  g_autoptr(GError) lone = NULL;
  g_autoptr(GBytes) b1 = se_payload_decode_text ("\\a", &unknown);
  g_autoptr(GBytes) b2 = se_payload_decode_text ("\\x1", &truncated);
  g_autoptr(GBytes) b3 = se_payload_decode_text ("x\\", &lone);

  g_assert_null (b1);
  g_assert_null (b2);
  g_assert_null (b3);
  g_assert_nonnull (strstr (unknown->message, "Unknown escape"));
  g_assert_nonnull (strstr (truncated->message, "two hex digits"));
  g_assert_nonnull (strstr (lone->message, "backslash"));
}

static void
test_hex (void)
{
  static const struct
  {
    const char *input;
    const char *bytes;
    gsize       len;
  } cases[] = {
    { "48 65 6c 6c 6f", "Hello", 5 },
    { "48656c6c6f", "Hello", 5 },
    { "48656C6C6F", "Hello", 5 },
    { "  48:65\t6c\n6c  6f ", "Hello", 5 },
    { "4865 6c6c 6f", "Hello", 5 },
    { "0x48 0x65 0X6c", "Hel", 3 },
    { "00 ff 7f", "\0\xff\x7f", 3 },
    { "de-ad,be-ef", "\xde\xad\xbe\xef", 4 },
    { "", "", 0 },
    { "   ", "", 0 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = se_payload_decode_hex (cases[i].input, &error);

      g_test_message ("decoding hex “%s”", cases[i].input);
      g_assert_no_error (error);
      assert_bytes (bytes, cases[i].bytes, cases[i].len);
    }
}

static void
test_hex_errors (void)
{
  static const struct
  {
    const char *input;
    const char *mentions;
    const char *position;
  } cases[] = {
    { "486", "Odd number", "character 1" },
    { "48 6 65", "“6”", "character 4" },
    { "48 65 6", "Odd number", "character 7" },
    { "48 zz", "“z”", "character 4" },
    { "4g", "“g”", "character 2" },
    { "48 中", "“中”", "character 4" },
    { "0x", "“x”", "character 2" },
    { "0x4", "“0x4”", "character 1" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = se_payload_decode_hex (cases[i].input, &error);

      g_test_message ("decoding hex “%s”: %s", cases[i].input, error ? error->message : "(no error)");
      g_assert_null (bytes);
      g_assert_error (error, SE_ERROR, SE_ERROR_INVALID_PAYLOAD);
      g_assert_nonnull (strstr (error->message, cases[i].mentions));
      g_assert_nonnull (strstr (error->message, cases[i].position));
    }
}

static void
test_decode_eol (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) none = se_payload_decode ("hi", SE_PAYLOAD_TEXT, SE_EOL_NONE, &error);
  g_autoptr(GBytes) lf = NULL;
  g_autoptr(GBytes) crlf = NULL;
  g_autoptr(GBytes) hex_crlf = NULL;
  g_autoptr(GBytes) bad = NULL;

  g_assert_no_error (error);
  assert_bytes (none, "hi", 2);

  lf = se_payload_decode ("hi\\t", SE_PAYLOAD_TEXT, SE_EOL_LF, &error);
  g_assert_no_error (error);
  assert_bytes (lf, "hi\t\n", 4);

  crlf = se_payload_decode ("", SE_PAYLOAD_TEXT, SE_EOL_CRLF, &error);
  g_assert_no_error (error);
  assert_bytes (crlf, "\r\n", 2);

  hex_crlf = se_payload_decode ("41 42", SE_PAYLOAD_HEX, SE_EOL_CRLF, &error);
  g_assert_no_error (error);
  assert_bytes (hex_crlf, "AB\r\n", 4);

  bad = se_payload_decode ("4", SE_PAYLOAD_HEX, SE_EOL_LF, &error);
  g_assert_null (bad);
  g_assert_error (error, SE_ERROR, SE_ERROR_INVALID_PAYLOAD);
}

static void
test_eol_strings (void)
{
  SeEol eol;

  g_assert_cmpstr (se_eol_to_string (SE_EOL_NONE), ==, "none");
  g_assert_cmpstr (se_eol_to_string (SE_EOL_LF), ==, "lf");
  g_assert_cmpstr (se_eol_to_string (SE_EOL_CRLF), ==, "crlf");

  for (int i = SE_EOL_NONE; i <= SE_EOL_CRLF; i++)
    {
      eol = (SeEol) -1;
      g_assert_true (se_eol_from_string (se_eol_to_string (i), &eol));
      g_assert_cmpint (eol, ==, i);
    }

  g_assert_true (se_eol_from_string ("CRLF", &eol));
  g_assert_cmpint (eol, ==, SE_EOL_CRLF);
  g_assert_false (se_eol_from_string ("cr", &eol));
  g_assert_false (se_eol_from_string ("", &eol));
  g_assert_false (se_eol_from_string (NULL, &eol));
}

static void
test_to_hex (void)
{
  const guint8 data[] = { 0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x00, 0xff, 0xAB };
  g_autofree char *spaced = se_payload_to_hex (data, sizeof data, TRUE);
  g_autofree char *packed = se_payload_to_hex (data, sizeof data, FALSE);
  g_autofree char *empty = se_payload_to_hex (NULL, 0, TRUE);
  g_autofree char *one = se_payload_to_hex (data, 1, TRUE);
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (spaced, ==, "48 65 6c 6c 6f 00 ff ab");
  g_assert_cmpstr (packed, ==, "48656c6c6f00ffab");
  g_assert_cmpstr (empty, ==, "");
  g_assert_cmpstr (one, ==, "48");

  back = se_payload_decode_hex (spaced, &error);
  g_assert_no_error (error);
  assert_bytes (back, data, sizeof data);
}

static void
test_escaped_preview (void)
{
  static const struct
  {
    const char *data;
    gsize       len;
    const char *preview;
  } cases[] = {
    { "Hello", 5, "Hello" },
    { "line\r\n", 6, "line\\r\\n" },
    { "a\tb\\c", 5, "a\\tb\\\\c" },
    { "\0\x01\x7f", 3, "\\x00\\x01\\x7f" },
    { "你好，世界\n", 16, "你好，世界\\n" },
    { "\xff\xfe ok", 5, "\\xff\\xfe ok" },
    /* A UTF-8 sequence cut short at the end: its bytes one by one. */
    { "ab\xe4\xbd", 4, "ab\\xe4\\xbd" },
    /* U+0085 (NEL) is a control character, escaped byte by byte. */
    { "\xc2\x85", 2, "\\xc2\\x85" },
    { "", 0, "" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *preview = se_payload_to_escaped ((const guint8 *) cases[i].data, cases[i].len, 0);

      g_assert_cmpstr (preview, ==, cases[i].preview);
      g_assert_true (g_utf8_validate (preview, -1, NULL));
      g_assert_null (strchr (preview, '\n'));
    }
}

static void
test_escaped_truncation (void)
{
  const char *chinese = "你好世界";
  g_autofree char *full = se_payload_to_escaped ((const guint8 *) "abcdef", 6, 6);
  g_autofree char *cut = se_payload_to_escaped ((const guint8 *) "abcdef", 6, 4);
  g_autofree char *cut_cn = se_payload_to_escaped ((const guint8 *) chinese, strlen (chinese), 2);
  g_autofree char *cut_escape = se_payload_to_escaped ((const guint8 *) "ab\ncd", 5, 3);
  g_autofree char *cut_hex = se_payload_to_escaped ((const guint8 *) "a\x01", 2, 4);

  g_assert_cmpstr (full, ==, "abcdef");
  g_assert_cmpstr (cut, ==, "abcd…");
  g_assert_cmpstr (cut_cn, ==, "你好…");
  /* Escapes are never split: "\n" does not fit in the third place. */
  g_assert_cmpstr (cut_escape, ==, "ab…");
  g_assert_cmpstr (cut_hex, ==, "a…");
}

/* Every byte value, alone among printable ASCII at every place of the
 * eight-byte runs the preview copies at once, shows as itself or as its
 * escape, and a cut falls in the same place. */
static void
test_escaped_every_byte (void)
{
  for (guint byte = 0; byte < 256; byte++)
    {
      g_autofree char *item = NULL;

      if (byte >= 0x20 && byte < 0x7f && byte != '\\')
        item = g_strdup_printf ("%c", (char) byte);
      else if (byte == '\n')
        item = g_strdup ("\\n");
      else if (byte == '\r')
        item = g_strdup ("\\r");
      else if (byte == '\t')
        item = g_strdup ("\\t");
      else if (byte == '\\')
        item = g_strdup ("\\\\");
      else
        /* A byte from 0x80 before an 'a' is never a whole character. */
        item = g_strdup_printf ("\\x%02x", byte);

      for (gsize at = 0; at < 24; at++)
        {
          guint8 data[24];
          g_autofree char *preview = NULL;
          g_autofree char *cut = NULL;
          g_autofree char *expected = NULL;
          g_autofree char *expected_cut = NULL;

          memset (data, 'a', sizeof data);
          data[at] = (guint8) byte;
          expected = g_strdup_printf ("%.*s%s%.*s", (int) at, "aaaaaaaaaaaaaaaaaaaaaaaa", item,
                                      (int) (sizeof data - at - 1), "aaaaaaaaaaaaaaaaaaaaaaaa");
          preview = se_payload_to_escaped (data, sizeof data, 0);
          g_assert_cmpstr (preview, ==, expected);

          /* Cut just before the byte's item: the a's before it, then "…". */
          expected_cut = g_strdup_printf ("%.*s…", (int) at, "aaaaaaaaaaaaaaaaaaaaaaaa");
          cut = se_payload_to_escaped (data, sizeof data, at + strlen (item) - 1);
          if (strlen (item) > 1)
            g_assert_cmpstr (cut, ==, expected_cut);
        }
    }
}

/* The preview decodes back to the same bytes, for any bytes. */
static void
test_escaped_round_trip (void)
{
  GRand *rand = g_rand_new_with_seed (g_test_rand_int ());

  for (int round = 0; round < 500; round++)
    {
      guint8 data[64];
      gsize len = g_rand_int_range (rand, 0, sizeof data);
      g_autofree char *preview = NULL;
      g_autoptr(GBytes) back = NULL;
      g_autoptr(GError) error = NULL;

      for (gsize i = 0; i < len; i++)
        {
          /* Mix random bytes with UTF-8 text and specials. */
          switch (g_rand_int_range (rand, 0, 4))
            {
            case 0: data[i] = (guint8) g_rand_int_range (rand, 0, 256); break;
            case 1: data[i] = (guint8) "\n\r\t\\x0"[g_rand_int_range (rand, 0, 6)]; break;
            default: data[i] = (guint8) "\xe4\xbd\xa0 a"[g_rand_int_range (rand, 0, 5)]; break;
            }
        }

      preview = se_payload_to_escaped (data, len, 0);
      g_assert_true (g_utf8_validate (preview, -1, NULL));
      back = se_payload_decode_text (preview, &error);
      g_assert_no_error (error);
      assert_bytes (back, data, len);

      /* Appended to a string, cut or not: the same preview. */
      for (gsize max_chars = 0; max_chars < 70; max_chars += 7)
        {
          g_autofree char *cut = se_payload_to_escaped (data, len, max_chars);
          g_autoptr(GString) appended = g_string_new ("x");

          se_payload_append_escaped (appended, data, len, max_chars);
          g_assert_cmpstr (appended->str + 1, ==, cut);
          g_assert_cmpuint (appended->len, ==, 1 + strlen (cut));
          if (max_chars == 0)
            g_assert_cmpstr (cut, ==, preview);
        }
    }

  g_rand_free (rand);
}

/* Random input never crashes a decoder, and each call either returns
 * bytes or sets an error, never both and never neither. */
static void
test_decode_random_input (void)
{
  static const char alphabet[] = "\\\\xX0123456789abcdefABCDEFgz nrt0:\"'\xe4\xbd\xa0\xff";
  GRand *rand = g_rand_new_with_seed (g_test_rand_int ());

  for (int round = 0; round < 2000; round++)
    {
      char input[32];
      gsize len = g_rand_int_range (rand, 0, sizeof input);
      g_autoptr(GError) text_error = NULL;
      g_autoptr(GError) hex_error = NULL;
      g_autoptr(GBytes) text = NULL;
      g_autoptr(GBytes) hex = NULL;

      for (gsize i = 0; i < len; i++)
        input[i] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
      input[len] = '\0';

      text = se_payload_decode_text (input, &text_error);
      g_assert_true ((text == NULL) != (text_error == NULL));
      if (text_error != NULL)
        g_assert_error (text_error, SE_ERROR, SE_ERROR_INVALID_PAYLOAD);

      hex = se_payload_decode_hex (input, &hex_error);
      g_assert_true ((hex == NULL) != (hex_error == NULL));
      if (hex_error != NULL)
        g_assert_error (hex_error, SE_ERROR, SE_ERROR_INVALID_PAYLOAD);
      else
        g_assert_cmpuint (g_bytes_get_size (hex), <=, len / 2);
    }

  g_rand_free (rand);
}

static void
test_hex_dump (void)
{
  const char *text = "Hello, world! This is a hex dump.\n";
  guint8 all[256];
  g_autofree char *one_line = se_payload_hex_dump ((const guint8 *) "Hello\n", 6);
  g_autofree char *dump = se_payload_hex_dump ((const guint8 *) text, strlen (text));
  g_autofree char *empty = se_payload_hex_dump (NULL, 0);
  g_autofree char *full = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpstr (one_line, ==,
                   "00000000  48 65 6c 6c 6f 0a                                 |Hello.|\n");

  g_assert_cmpstr (dump, ==,
                   "00000000  48 65 6c 6c 6f 2c 20 77  6f 72 6c 64 21 20 54 68  |Hello, world! Th|\n"
                   "00000010  69 73 20 69 73 20 61 20  68 65 78 20 64 75 6d 70  |is is a hex dump|\n"
                   "00000020  2e 0a                                             |..|\n");

  g_assert_cmpstr (empty, ==, "");

  for (guint i = 0; i < sizeof all; i++)
    all[i] = (guint8) i;
  full = se_payload_hex_dump (all, sizeof all);
  lines = g_strsplit (full, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 17);   /* 16 lines and "" */
  g_assert_cmpstr (lines[16], ==, "");
  g_assert_cmpstr (lines[2], ==,
                   "00000020  20 21 22 23 24 25 26 27  28 29 2a 2b 2c 2d 2e 2f  | !\"#$%&'()*+,-./|");
  g_assert_cmpstr (lines[15], ==,
                   "000000f0  f0 f1 f2 f3 f4 f5 f6 f7  f8 f9 fa fb fc fd fe ff  |................|");
  for (guint i = 0; i < 16; i++)
    g_assert_cmpuint (strlen (lines[i]), ==, 78);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/payload/text/plain", test_text_plain);
  g_test_add_func ("/payload/text/escapes", test_text_escapes);
  g_test_add_func ("/payload/text/errors", test_text_errors);
  g_test_add_func ("/payload/text/error-kinds", test_text_error_kinds);
  g_test_add_func ("/payload/hex/decode", test_hex);
  g_test_add_func ("/payload/hex/errors", test_hex_errors);
  g_test_add_func ("/payload/decode-eol", test_decode_eol);
  g_test_add_func ("/payload/eol-strings", test_eol_strings);
  g_test_add_func ("/payload/to-hex", test_to_hex);
  g_test_add_func ("/payload/escaped/preview", test_escaped_preview);
  g_test_add_func ("/payload/escaped/truncation", test_escaped_truncation);
  g_test_add_func ("/payload/escaped/round-trip", test_escaped_round_trip);
  g_test_add_func ("/payload/escaped/every-byte", test_escaped_every_byte);
  g_test_add_func ("/payload/decode-random-input", test_decode_random_input);
  g_test_add_func ("/payload/hex-dump", test_hex_dump);

  return g_test_run ();
}
