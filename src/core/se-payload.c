/* se-payload.c: the payload codec: text with escapes, hex, previews, hex dumps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "se-call-private.h"
#include "se-error.h"
#include "se-payload.h"

static const char * const eol_names[] = {
  [SE_EOL_NONE] = "none",
  [SE_EOL_LF] = "lf",
  [SE_EOL_CRLF] = "crlf",
};

/* The 1-based character position of byte offset @offset in @input:
 * counts UTF-8 lead bytes, so it stays sensible for invalid input too. */
static guint
char_position (const char *input,
               gsize       offset)
{
  guint pos = 1;

  for (gsize i = 0; i < offset; i++)
    {
      if (((guchar) input[i] & 0xc0) != 0x80)
        pos++;
    }

  return pos;
}

/* The UTF-8 character (or the single byte, if invalid) at @p, as a string. */
static char *
char_at (const char *p)
{
  const char *end;

  if (*p == '\0')
    return g_strdup ("");

  end = g_utf8_find_next_char (p, NULL);
  if (end == NULL || !g_utf8_validate (p, end - p, NULL))
    end = p + 1;

  return g_strndup (p, end - p);
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/**
 * se_payload_decode_text:
 * @input: UTF-8 text with the escapes \n \r \t \\ \0 \" \' and \xHH
 * @error: return location for a %SE_ERROR_INVALID_PAYLOAD error, which
 *   names the bad escape and its character position (counted from 1)
 *
 * Returns: (transfer full) (nullable): the bytes
 */
GBytes *
se_payload_decode_text (const char  *input,
                        GError     **error)
{
  g_autoptr(GByteArray) out = NULL;
  gsize len;

  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  len = strlen (input);
  out = g_byte_array_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      guint8 byte;

      if (input[i] != '\\')
        {
          g_byte_array_append (out, (const guint8 *) &input[i], 1);
          continue;
        }

      if (i + 1 >= len)
        {
          g_set_error (error, SE_ERROR, SE_ERROR_INVALID_PAYLOAD,
                       _("Lone backslash at the end (character %u); write \\\\ for a backslash"),
                       char_position (input, i));
          return NULL;
        }

      switch (input[i + 1])
        {
        case 'n': byte = '\n'; break;
        case 'r': byte = '\r'; break;
        case 't': byte = '\t'; break;
        case '0': byte = '\0'; break;
        case '\\': byte = '\\'; break;
        case '"': byte = '"'; break;
        case '\'': byte = '\''; break;

        case 'x':
          {
            int hi = i + 2 < len ? hex_value (input[i + 2]) : -1;
            int lo = hi >= 0 && i + 3 < len ? hex_value (input[i + 3]) : -1;

            if (hi < 0 || lo < 0)
              {
                /* Show the escape as written: \x and what followed it. */
                g_autoptr(GString) shown = g_string_new ("\\x");

                if (i + 2 < len)
                  {
                    g_autofree char *c = char_at (&input[i + 2]);
                    g_string_append (shown, c);
                    if (hi >= 0 && i + 3 < len)
                      {
                        g_autofree char *c2 = char_at (&input[i + 3]);
                        g_string_append (shown, c2);
                      }
                  }

                g_set_error (error, SE_ERROR, SE_ERROR_INVALID_PAYLOAD,
                             _("Incomplete escape “%s” at character %u: \\x needs exactly two hex digits, like \\x0a"),
                             shown->str, char_position (input, i));
                return NULL;
              }

            byte = (guint8) (hi << 4 | lo);
            g_byte_array_append (out, &byte, 1);
            i += 3;
            continue;
          }

        default:
          {
            g_autofree char *c = char_at (&input[i + 1]);

            g_set_error (error, SE_ERROR, SE_ERROR_INVALID_PAYLOAD,
                         _("Unknown escape “\\%s” at character %u; use \\n, \\r, \\t, \\\\, \\0 or \\xHH"),
                         c, char_position (input, i));
            return NULL;
          }
        }

      g_byte_array_append (out, &byte, 1);
      i++;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static gboolean
is_hex_separator (char c)
{
  return g_ascii_isspace (c) || c == ':' || c == ',' || c == '-';
}

/**
 * se_payload_decode_hex:
 * @input: pairs of hex digits, "48 65 6c 6c 6f" or "48656c6c6f"; groups
 *   may be separated by whitespace, ':', ',' or '-' and start with "0x"
 * @error: return location for a %SE_ERROR_INVALID_PAYLOAD error, which
 *   names the bad character or group and its character position
 *
 * Returns: (transfer full) (nullable): the bytes
 */
GBytes *
se_payload_decode_hex (const char  *input,
                       GError     **error)
{
  g_autoptr(GByteArray) out = NULL;
  gsize len;
  gsize i = 0;

  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  len = strlen (input);
  out = g_byte_array_sized_new (len / 2);

  while (i < len)
    {
      gsize start;
      gsize digits_start;

      if (is_hex_separator (input[i]))
        {
          i++;
          continue;
        }

      /* One group: an optional 0x, then an even number of hex digits. */
      start = i;
      if (input[i] == '0' && i + 2 < len
          && (input[i + 1] == 'x' || input[i + 1] == 'X')
          && hex_value (input[i + 2]) >= 0)
        i += 2;
      digits_start = i;

      while (i < len && !is_hex_separator (input[i]))
        {
          if (hex_value (input[i]) < 0)
            {
              g_autofree char *c = char_at (&input[i]);

              g_set_error (error, SE_ERROR, SE_ERROR_INVALID_PAYLOAD,
                           _("“%s” at character %u is not a hex digit; use 0–9 and a–f, optionally separated by spaces or “:”"),
                           c, char_position (input, i));
              return NULL;
            }
          i++;
        }

      if ((i - digits_start) % 2 != 0)
        {
          g_autofree char *group = g_strndup (&input[start], i - start);

          g_set_error (error, SE_ERROR, SE_ERROR_INVALID_PAYLOAD,
                       _("Odd number of hex digits in “%s” at character %u: every byte needs two digits, like 0a"),
                       group, char_position (input, start));
          return NULL;
        }

      for (gsize j = digits_start; j < i; j += 2)
        {
          guint8 byte = (guint8) (hex_value (input[j]) << 4 | hex_value (input[j + 1]));
          g_byte_array_append (out, &byte, 1);
        }
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/**
 * se_payload_decode:
 * @input: what the user typed
 * @format: how to read it
 * @eol: the line ending to append
 * @error: return location for a %SE_ERROR_INVALID_PAYLOAD error
 *
 * Returns: (transfer full) (nullable): the bytes to send
 */
GBytes *
se_payload_decode (const char       *input,
                   SePayloadFormat   format,
                   SeEol             eol,
                   GError          **error)
{
  g_autoptr(GBytes) body = NULL;
  GByteArray *out;
  gconstpointer data;
  gsize len;

  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (eol >= SE_EOL_NONE && eol <= SE_EOL_CRLF, NULL);

  switch (format)
    {
    case SE_PAYLOAD_TEXT:
      body = se_payload_decode_text (input, error);
      break;
    case SE_PAYLOAD_HEX:
      body = se_payload_decode_hex (input, error);
      break;
    default:
      g_return_val_if_reached (NULL);
    }

  if (body == NULL)
    return NULL;

  if (eol == SE_EOL_NONE)
    return g_steal_pointer (&body);

  data = g_bytes_get_data (body, &len);
  out = g_byte_array_sized_new (len + 2);
  g_byte_array_append (out, data, len);
  if (eol == SE_EOL_CRLF)
    g_byte_array_append (out, (const guint8 *) "\r\n", 2);
  else
    g_byte_array_append (out, (const guint8 *) "\n", 1);

  return g_byte_array_free_to_bytes (out);
}

/* Accepts "none", "lf" and "crlf" in any ASCII case. */
gboolean
se_eol_from_string (const char *text,
                    SeEol      *eol)
{
  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (eol_names); i++)
    {
      if (g_ascii_strcasecmp (text, eol_names[i]) == 0)
        {
          if (eol != NULL)
            *eol = (SeEol) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
se_eol_to_string (SeEol eol)
{
  g_return_val_if_fail (eol >= SE_EOL_NONE && eol <= SE_EOL_CRLF, NULL);

  return eol_names[eol];
}

/**
 * se_payload_to_hex:
 * @data: (array length=len): the bytes
 * @len: their number
 * @spaced: whether to separate the bytes with single spaces
 *
 * Returns: (transfer full): lowercase hex, "48 65 6c" or "48656c"
 */
char *
se_payload_to_hex (const guint8 *data,
                   gsize         len,
                   gboolean      spaced)
{
  static const char digits[] = "0123456789abcdef";
  char *out;
  char *p;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (len < G_MAXSIZE / 3, NULL);

  p = out = g_malloc (len * 3 + 1);

  for (gsize i = 0; i < len; i++)
    {
      if (spaced && i > 0)
        *p++ = ' ';
      *p++ = digits[data[i] >> 4];
      *p++ = digits[data[i] & 0xf];
    }
  *p = '\0';

  return out;
}

/* The preview of se_payload_to_escaped() written to dest, which has room
 * for escaped_capacity() bytes; returns how many it wrote (no NUL). Each
 * item is at most 4 bytes and counts at least as many characters as it
 * has bytes divided by 4, so the preview is at most 4 × MIN (len,
 * max_chars) bytes, plus the "…". */
static gsize
escaped_capacity (gsize len,
                  gsize max_chars)
{
  return 4 * (max_chars > 0 ? MIN (len, max_chars) : len) + 4;
}

/* How escape_into() shows each byte: 0 as it is (printable ASCII), a
 * letter after a backslash ("\n"), 'x' as \xHH (also the bytes that
 * never start a UTF-8 character: 0x80 to 0xc1, 0xf5 to 0xff), 'u' as
 * itself if it starts a printable UTF-8 character, else as \xHH. */
static const char escape_class[256] = {
  'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 't', 'n', 'x', 'x', 'r', 'x', 'x',
  'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x',
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '\\', 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 'x',
  'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x',
  'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x',
  'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x',
  'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x',
  'x', 'x', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
  'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
  'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
  'u', 'u', 'u', 'u', 'u', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x',
};

/* Whether none of the 8 bytes of v needs escape_class: printable ASCII
 * and no backslash (0x5c; "haszero" of "Bit Twiddling Hacks"). */
static inline gboolean
plain8 (guint64 v)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  const guint64 highs = G_GUINT64_CONSTANT (0x8080808080808080);
  guint64 backslashes = v ^ (ones * 0x5c);

  return _se_bytes8_printable (v) && ((backslashes - ones) & ~backslashes & highs) == 0;
}

static gsize
escape_into (char         *dest,
             const guint8 *data,
             gsize         len,
             gsize         max_chars)
{
  static const char digits[] = "0123456789abcdef";
  char *out = dest;
  /* Characters still allowed. */
  gsize room = max_chars > 0 ? max_chars : G_MAXSIZE;
  gsize i = 0;

  while (i < len)
    {
      guint8 byte = data[i];
      char class = escape_class[byte];

      if (class == 0)
        {
          /* Printable ASCII, most of what is sent, goes as it is: eight
           * bytes at a time while they all are, then byte by byte. */
          gsize stop = i + MIN (len - i, room);

          if (room == 0)
            goto cut;
          while (i + 8 <= stop)
            {
              guint64 v;

              memcpy (&v, data + i, 8);
              if (!plain8 (v))
                break;
              memcpy (out, &v, 8);
              out += 8;
              i += 8;
              room -= 8;
            }
          while (i < stop && escape_class[data[i]] == 0)
            {
              *out++ = (char) data[i++];
              room--;
            }
          continue;
        }

      if (class == 'u')
        {
          const char *p = (const char *) data + i;
          gunichar ch = g_utf8_get_char_validated (p, (gssize) MIN (len - i, 6));

          if (ch != (gunichar) -1 && ch != (gunichar) -2 && ch != 0 && g_unichar_isprint (ch))
            {
              /* One whole printable character, shown as it is. */
              gsize item_bytes = g_utf8_next_char (p) - p;

              if (room < 1)
                goto cut;
              memcpy (out, p, item_bytes);
              out += item_bytes;
              room--;
              i += item_bytes;
              continue;
            }
          class = 'x';
        }

      if (class != 'x')
        {
          /* \n \r \t \\ */
          if (room < 2)
            goto cut;
          out[0] = '\\';
          out[1] = class;
          out += 2;
          room -= 2;
          i++;
          continue;
        }

      /* "\\x%02x", without printf: a flood of binary datagrams has one
       * of these per byte shown. */
      if (room < 4)
        goto cut;
      out[0] = '\\';
      out[1] = 'x';
      out[2] = digits[byte >> 4];
      out[3] = digits[byte & 0xf];
      out += 4;
      room -= 4;
      i++;
    }

  return out - dest;

cut:
  memcpy (out, "…", strlen ("…"));
  out += strlen ("…");
  return out - dest;
}

/**
 * se_payload_to_escaped:
 * @data: (array length=len): the bytes
 * @len: their number
 * @max_chars: the most characters to show, or 0 for no limit
 *
 * A one-line preview that se_payload_decode_text() reads back to the
 * same bytes (unless it was cut): printable UTF-8 (Chinese included) as
 * is, \n \r \t and \\ as escapes, every other byte as \xHH. When the
 * bytes do not fit in @max_chars characters, the preview stops before
 * the first item that does not fit and ends with "…".
 *
 * Returns: (transfer full): the preview
 */
char *
se_payload_to_escaped (const guint8 *data,
                       gsize         len,
                       gsize         max_chars)
{
  char *out;
  gsize n;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  out = g_malloc (escaped_capacity (len, max_chars) + 1);
  n = escape_into (out, data, len, max_chars);
  out[n] = '\0';

  return out;
}

/**
 * se_payload_append_escaped:
 * @out: where to append
 *
 * se_payload_to_escaped() appended to @out, with no string of its own.
 */
void
se_payload_append_escaped (GString      *out,
                           const guint8 *data,
                           gsize         len,
                           gsize         max_chars)
{
  gsize old_len;

  g_return_if_fail (out != NULL);
  g_return_if_fail (data != NULL || len == 0);

  old_len = out->len;
  g_string_set_size (out, old_len + escaped_capacity (len, max_chars));
  g_string_truncate (out, old_len + escape_into (out->str + old_len, data, len, max_chars));
}

/**
 * se_payload_hex_dump:
 * @data: (array length=len): the bytes
 * @len: their number
 *
 * The format of `hexdump -C`, one line per 16 bytes, each line ending
 * in a newline:
 * "00000000  48 65 6c 6c 6f 0a                                 |Hello.|"
 *
 * Returns: (transfer full): the dump; "" for no bytes
 */
char *
se_payload_hex_dump (const guint8 *data,
                     gsize         len)
{
  GString *str;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  str = g_string_sized_new ((len / 16 + 1) * 80);

  for (gsize line = 0; line < len; line += 16)
    {
      gsize n = MIN (16, len - line);

      g_string_append_printf (str, "%08" G_GSIZE_MODIFIER "x ", line);

      for (gsize j = 0; j < 16; j++)
        {
          if (j == 8)
            g_string_append_c (str, ' ');
          if (j < n)
            g_string_append_printf (str, " %02x", data[line + j]);
          else
            g_string_append (str, "   ");
        }

      g_string_append (str, "  |");
      for (gsize j = 0; j < n; j++)
        {
          guint8 b = data[line + j];
          g_string_append_c (str, b >= 0x20 && b < 0x7f ? (char) b : '.');
        }
      g_string_append (str, "|\n");
    }

  return g_string_free (str, FALSE);
}
