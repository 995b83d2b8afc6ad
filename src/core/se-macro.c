/* se-macro.c: {{counter}}, {{time}} and the other macros of a message
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Protocols want numbered requests, timestamps, random tokens and length
 * prefixes; a message is written once with macros and expanded at each
 * send. The message is cut into literal parts (decoded as the composer
 * always decodes them: escapes in text, digits in hex) and macros, whose
 * bytes are inserted as they are. {{len}} is filled in last, from the end,
 * since it counts what follows it. In another encoding than UTF-8 the
 * text parts are converted piece by piece, so that {{file:PATH}} keeps
 * its bytes and {{len}} counts what is really sent.
 */
#include "config.h"

#include <fcntl.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "se-encoding.h"
#include "se-error.h"
#include "se-macro.h"

#define RANDOM_MAX (4 * 1024)
#define FILE_MAX   (16 * 1024 * 1024)

typedef struct
{
  GBytes   *bytes;   /* NULL for a {{len}} not filled in yet */
  gboolean  is_len;
} Piece;

static void
piece_clear (gpointer data)
{
  Piece *piece = data;

  g_clear_pointer (&piece->bytes, g_bytes_unref);
}

gboolean
se_macro_has_macros (const char *input)
{
  g_return_val_if_fail (input != NULL, FALSE);

  return strstr (input, "{{") != NULL;
}

static void
set_error (GError     **error,
           glong       *error_offset,
           const char  *input,
           const char  *at,
           const char  *message)
{
  if (error_offset != NULL)
    *error_offset = g_utf8_pointer_to_offset (input, at);
  g_set_error_literal (error, SE_ERROR, SE_ERROR_INVALID_PAYLOAD, message);
}

static GBytes *
random_hex (guint n)
{
  static const char digits[] = "0123456789abcdef";
  char *hex = g_malloc (n * 2);

  /* Four random bytes from each g_random_int (), no printf per byte */
  for (guint i = 0; i < n; i += 4)
    {
      guint32 r = g_random_int ();

      for (guint j = i; j < MIN (i + 4, n); j++, r >>= 8)
        {
          hex[2 * j] = digits[(r >> 4) & 0xf];
          hex[2 * j + 1] = digits[r & 0xf];
        }
    }

  return g_bytes_new_take (hex, n * 2);
}

/* The bytes of one macro (name is what is between the braces), or NULL
 * with error. */
static GBytes *
expand_one (const char  *name,
            guint64      counter,
            GError     **error)
{
  if (g_str_equal (name, "counter"))
    {
      char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, counter);

      return g_bytes_new_take (text, strlen (text));
    }

  if (g_str_equal (name, "time"))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      char *text = g_date_time_format_iso8601 (now);

      return g_bytes_new_take (text, strlen (text));
    }

  if (g_str_equal (name, "unix"))
    {
      char *text = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);

      return g_bytes_new_take (text, strlen (text));
    }

  if (g_str_equal (name, "uuid"))
    {
      char *text = g_uuid_string_random ();

      return g_bytes_new_take (text, strlen (text));
    }

  if (g_str_has_prefix (name, "random:"))
    {
      guint64 n;

      if (!g_ascii_string_to_unsigned (name + strlen ("random:"), 10, 1, RANDOM_MAX, &n, NULL))
        {
          /* Translators: %d is the largest number of random bytes */
          g_set_error (error, SE_ERROR, SE_ERROR_INVALID_PAYLOAD,
                       _("{{random:N}} takes a number of bytes from 1 to %d"), RANDOM_MAX);
          return NULL;
        }
      return random_hex ((guint) n);
    }

  if (g_str_has_prefix (name, "file:"))
    {
      const char *path = name + strlen ("file:");
      g_autoptr(GMappedFile) file = NULL;
      g_autoptr(GError) file_error = NULL;

      file = g_mapped_file_new (path, FALSE, &file_error);
      if (file == NULL)
        {
          /* Translators: %s is the file's problem, e.g. "No such file or directory" */
          g_set_error (error, SE_ERROR, SE_ERROR_NOT_FOUND, _("{{file:…}}: %s"), file_error->message);
          return NULL;
        }
      if (g_mapped_file_get_length (file) > FILE_MAX)
        {
          g_set_error (error, SE_ERROR, SE_ERROR_INVALID_PAYLOAD,
                       _("{{file:…}}: the file is larger than 16 MiB, the most a message may hold"));
          return NULL;
        }
      return g_mapped_file_get_bytes (file);
    }

  /* Translators: %s is the unknown macro, e.g. {{count}} */
  g_set_error (error, SE_ERROR, SE_ERROR_INVALID_PAYLOAD,
               _("Unknown macro {{%s}}: the macros are {{counter}}, {{time}}, {{unix}}, "
                 "{{random:N}}, {{uuid}}, {{len}} and {{file:PATH}}; {{{{ is a literal {{"),
               name);
  return NULL;
}

/* Text (UTF-8) into the message's encoding; NULL encoding: as it is */
static GBytes *
encode_text (GBytes      *utf8,
             const char  *encoding,
             GError     **error)
{
  gsize len;
  const char *data = g_bytes_get_data (utf8, &len);

  if (encoding == NULL)
    return g_bytes_ref (utf8);

  return se_encoding_encode (encoding, data != NULL ? data : "", len, error);
}

static gboolean
add_literal (GArray           *pieces,
             const char       *start,
             const char       *end,
             SePayloadFormat   format,
             const char       *encoding,
             GError          **error)
{
  g_autofree char *text = g_strndup (start, end - start);
  g_autoptr(GBytes) decoded = NULL;
  Piece piece = { NULL, FALSE };

  if (text[0] == '\0')
    return TRUE;

  decoded = format == SE_PAYLOAD_HEX ? se_payload_decode_hex (text, error)
                                     : se_payload_decode_text (text, error);
  if (decoded == NULL)
    return FALSE;

  piece.bytes = encode_text (decoded, encoding, error);
  if (piece.bytes == NULL)
    return FALSE;

  g_array_append_val (pieces, piece);
  return TRUE;
}

GBytes *
se_macro_expand (const char       *input,
                 SePayloadFormat   format,
                 SeEol             eol,
                 guint64           counter,
                 glong            *error_offset,
                 GError          **error)
{
  return se_macro_expand_encoded (input, format, eol, NULL, counter, error_offset, error);
}

GBytes *
se_macro_expand_encoded (const char       *input,
                         SePayloadFormat   format,
                         SeEol             eol,
                         const char       *encoding,
                         guint64           counter,
                         glong            *error_offset,
                         GError          **error)
{
  g_autoptr(GArray) pieces = g_array_new (FALSE, TRUE, sizeof (Piece));
  g_autoptr(GByteArray) out = NULL;
  const char *p = input;
  const char *literal = input;
  const char *eol_bytes = eol == SE_EOL_LF ? "\n" : eol == SE_EOL_CRLF ? "\r\n" : "";
  gsize rest;

  g_autoptr(GBytes) eol_encoded = NULL;

  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_array_set_clear_func (pieces, piece_clear);

  /* Hex is bytes already; UTF-8 is what the text is */
  if (format == SE_PAYLOAD_HEX || (encoding != NULL && g_ascii_strcasecmp (encoding, "utf-8") == 0))
    encoding = NULL;
  if (encoding != NULL)
    {
      g_autoptr(GBytes) eol_text = g_bytes_new_static (eol_bytes, strlen (eol_bytes));

      eol_encoded = encode_text (eol_text, encoding, error);
      if (eol_encoded == NULL)
        return NULL;
    }
  else
    eol_encoded = g_bytes_new_static (eol_bytes, strlen (eol_bytes));

  while ((p = strstr (p, "{{")) != NULL)
    {
      const char *close;
      g_autofree char *name = NULL;
      Piece piece = { NULL, FALSE };

      if (g_str_has_prefix (p, "{{{{"))
        {
          /* The literal up to here, then "{{" itself */
          g_autoptr(GBytes) braces = g_bytes_new_static ("{{", 2);

          if (!add_literal (pieces, literal, p, format, encoding, error))
            return NULL;
          piece.bytes = encode_text (braces, encoding, error);
          if (piece.bytes == NULL)
            return NULL;
          g_array_append_val (pieces, piece);
          p += 4;
          literal = p;
          continue;
        }

      close = strstr (p + 2, "}}");
      if (close == NULL)
        {
          set_error (error, error_offset, input, p,
                     _("A macro is not closed: “{{” needs its “}}” (write {{{{ for a literal {{)"));
          return NULL;
        }

      if (!add_literal (pieces, literal, p, format, encoding, error))
        return NULL;

      name = g_strndup (p + 2, close - (p + 2));
      if (g_str_equal (name, "len"))
        {
          piece.is_len = TRUE;
        }
      else
        {
          g_autoptr(GError) macro_error = NULL;

          g_autoptr(GBytes) bytes = expand_one (name, counter, &macro_error);

          /* A file's bytes go as they are; the other macros give text */
          if (bytes != NULL)
            piece.bytes = g_str_has_prefix (name, "file:") ? g_bytes_ref (bytes)
                                                          : encode_text (bytes, encoding, &macro_error);
          if (piece.bytes == NULL)
            {
              if (error_offset != NULL)
                *error_offset = g_utf8_pointer_to_offset (input, p);
              g_propagate_error (error, g_steal_pointer (&macro_error));
              return NULL;
            }
        }
      g_array_append_val (pieces, piece);
      p = close + 2;
      literal = p;
    }

  if (!add_literal (pieces, literal, literal + strlen (literal), format, encoding, error))
    return NULL;

  /* {{len}} from the last: each counts the bytes after it, the line
   * ending and the digits of later {{len}} included. */
  rest = g_bytes_get_size (eol_encoded);
  for (guint i = pieces->len; i > 0; i--)
    {
      Piece *piece = &g_array_index (pieces, Piece, i - 1);

      if (piece->is_len)
        {
          char *text = g_strdup_printf ("%" G_GSIZE_FORMAT, rest);
          g_autoptr(GBytes) digits = g_bytes_new_take (text, strlen (text));

          /* Digits are in every encoding */
          piece->bytes = encode_text (digits, encoding, NULL);
        }
      rest += g_bytes_get_size (piece->bytes);
    }

  out = g_byte_array_sized_new (rest);
  for (guint i = 0; i < pieces->len; i++)
    {
      GBytes *bytes = g_array_index (pieces, Piece, i).bytes;

      g_byte_array_append (out, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    }
  g_byte_array_append (out, g_bytes_get_data (eol_encoded, NULL), g_bytes_get_size (eol_encoded));

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}
