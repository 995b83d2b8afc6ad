/* se-encoding.c: text encodings for payloads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "se-encoding.h"
#include "se-error.h"

/* GB18030 is a superset of GBK and GB2312, so one entry serves all three:
 * decoding GBK bytes as GB18030 gives the same text. */
static const SeEncoding encodings[] = {
  { "utf-8",    N_("UTF-8"),                  "UTF-8" },
  { "gb18030",  N_("Chinese Simplified (GB18030/GBK)"), "GB18030" },
  { "big5",     N_("Chinese Traditional (Big5)"), "BIG5" },
  { "latin1",   N_("Western (ISO-8859-1)"),   "ISO-8859-1" },
  { "utf-16le", N_("UTF-16 Little Endian"),   "UTF-16LE" },
  { "utf-16be", N_("UTF-16 Big Endian"),      "UTF-16BE" },
  { NULL, NULL, NULL },
};

static const struct { const char *alias; const char *id; } aliases[] = {
  { "utf8", "utf-8" },
  { "gbk", "gb18030" },
  { "gb2312", "gb18030" },
  { "gb-18030", "gb18030" },
  { "cp936", "gb18030" },
  { "big-5", "big5" },
  { "iso-8859-1", "latin1" },
  { "iso8859-1", "latin1" },
  { "latin-1", "latin1" },
  { "utf16le", "utf-16le" },
  { "utf16be", "utf-16be" },
};

const SeEncoding *
se_encoding_list (void)
{
  return encodings;
}

const SeEncoding *
se_encoding_lookup (const char  *name,
                    GError     **error)
{
  const char *id = name;

  if (name != NULL)
    {
      for (gsize i = 0; i < G_N_ELEMENTS (aliases); i++)
        if (g_ascii_strcasecmp (name, aliases[i].alias) == 0)
          id = aliases[i].id;
      for (gsize i = 0; encodings[i].id != NULL; i++)
        if (g_ascii_strcasecmp (id, encodings[i].id) == 0)
          return &encodings[i];
    }

  g_set_error (error, SE_ERROR, SE_ERROR_INVALID_PAYLOAD,
               _("Unknown encoding “%s”; use utf-8, gb18030, big5, latin1, utf-16le or utf-16be"),
               name != NULL ? name : "");
  return NULL;
}

/* Payloads may contain NUL (typed as \0), which g_utf8_validate rejects;
 * validate the runs between NULs instead. */
static gboolean
utf8_validate_with_nul (const char *s,
                        gsize       len)
{
  const char *end = s + len;

  while (s < end)
    {
      const char *nul = memchr (s, '\0', end - s);
      const char *stop = nul != NULL ? nul : end;

      if (!g_utf8_validate_len (s, stop - s, NULL))
        return FALSE;
      s = nul != NULL ? nul + 1 : end;
    }
  return TRUE;
}

GBytes *
se_encoding_encode (const char  *encoding_id,
                    const char  *utf8,
                    gssize       len,
                    GError     **error)
{
  const SeEncoding *enc = se_encoding_lookup (encoding_id, error);
  g_autoptr(GError) local = NULL;
  gsize read = 0, written = 0;
  char *out;

  if (enc == NULL)
    return NULL;
  if (len < 0)
    len = strlen (utf8);
  if (!utf8_validate_with_nul (utf8, len))
    {
      g_set_error_literal (error, SE_ERROR, SE_ERROR_INVALID_PAYLOAD,
                           _("The text is not valid UTF-8"));
      return NULL;
    }

  out = g_convert (utf8, len, enc->charset, "UTF-8", &read, &written, &local);
  if (out == NULL)
    {
      /* g_convert stops at the first character it cannot convert and
       * reports how far it got; turn that into a message people can act on. */
      if (g_error_matches (local, G_CONVERT_ERROR, G_CONVERT_ERROR_ILLEGAL_SEQUENCE)
          && read < (gsize) len)
        {
          gunichar c = g_utf8_get_char (utf8 + read);
          char ch[8] = { 0 };
          glong position = g_utf8_pointer_to_offset (utf8, utf8 + read) + 1;

          g_unichar_to_utf8 (c, ch);
          g_set_error (error, SE_ERROR, SE_ERROR_INVALID_PAYLOAD,
                       _("Character “%s” (U+%04X) at position %ld cannot be written in %s"),
                       ch, c, position, _(enc->label));
        }
      else
        g_set_error (error, SE_ERROR, SE_ERROR_INVALID_PAYLOAD,
                     _("Cannot convert the text to %s: %s"),
                     _(enc->label), local->message);
      return NULL;
    }

  return g_bytes_new_take (out, written);
}

/* Where decoded text goes: as it is (se_encoding_decode), or as a one-line
 * preview in the escapes of se_payload_to_escaped, cut at max_chars. */
typedef struct
{
  GString  *s;
  gboolean  one_line;
  gsize     max_chars;   /* 0: no limit */
  gsize     n_chars;
  gboolean  full;
} Sink;

static void
sink_item (Sink       *sink,
           const char *item,
           gsize       bytes,
           gsize       chars)
{
  if (sink->full)
    return;
  if (sink->max_chars > 0 && sink->n_chars + chars > sink->max_chars)
    {
      g_string_append (sink->s, "…");
      sink->full = TRUE;
      return;
    }
  g_string_append_len (sink->s, item, bytes);
  sink->n_chars += chars;
}

static void
sink_raw (Sink         *sink,
          const guint8 *data,
          gsize         len)
{
  for (gsize i = 0; i < len; i++)
    {
      char escape[5];

      g_snprintf (escape, sizeof escape, "\\x%02x", data[i]);
      sink_item (sink, escape, 4, 4);
    }
}

static void
sink_text (Sink       *sink,
           const char *text,
           gsize       len)
{
  const char *end = text + len;

  if (!sink->one_line)
    {
      g_string_append_len (sink->s, text, len);
      return;
    }

  for (const char *p = text; p < end && !sink->full; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gsize n = g_utf8_next_char (p) - p;

      switch (c)
        {
        case '\n': sink_item (sink, "\\n", 2, 2); break;
        case '\r': sink_item (sink, "\\r", 2, 2); break;
        case '\t': sink_item (sink, "\\t", 2, 2); break;
        case '\\': sink_item (sink, "\\\\", 2, 2); break;
        default:
          if (c != 0 && g_unichar_isprint (c))
            sink_item (sink, p, n, 1);
          else
            /* Controls would break the line: their UTF-8 bytes as \xHH. */
            sink_raw (sink, (const guint8 *) p, n);
          break;
        }
    }
}

static void
decode_into (Sink         *sink,
             const char   *encoding_id,
             const guint8 *data,
             gsize         len)
{
  const SeEncoding *enc = se_encoding_lookup (encoding_id, NULL);
  GIConv cd;
  char *in = (char *) data;
  gsize in_left = len;

  if (enc == NULL)
    enc = &encodings[0];
  cd = g_iconv_open ("UTF-8", enc->charset);
  if (cd == (GIConv) -1)
    {
      sink_raw (sink, data, len);
      return;
    }

  /* One iconv step at a time: on an invalid byte we show that byte as
   * \xHH and carry on after it, so one bad byte does not spoil the rest. */
  while (in_left > 0 && !sink->full)
    {
      char buf[1024];
      char *out = buf;
      gsize out_left = sizeof buf;
      gsize r = g_iconv (cd, &in, &in_left, &out, &out_left);
      int saved = errno;

      sink_text (sink, buf, out - buf);
      if (r != (gsize) -1 || saved == E2BIG)
        continue;
      if (saved == EILSEQ)
        {
          /* For UTF-16 an unpaired surrogate is two bytes; skipping one
           * would misalign everything after it. */
          gsize step = (g_str_has_prefix (enc->charset, "UTF-16") && in_left >= 2) ? 2 : 1;

          sink_raw (sink, (const guint8 *) in, step);
          in += step;
          in_left -= step;
          g_iconv (cd, NULL, NULL, NULL, NULL);
          continue;
        }
      /* EINVAL: an incomplete sequence at the end. */
      sink_raw (sink, (const guint8 *) in, in_left);
      break;
    }

  g_iconv_close (cd);
}

char *
se_encoding_decode (const char   *encoding_id,
                    const guint8 *data,
                    gsize         len)
{
  Sink sink = { g_string_sized_new (len + 16), FALSE, 0, 0, FALSE };

  decode_into (&sink, encoding_id, data, len);
  return g_string_free (sink.s, FALSE);
}

char *
se_encoding_decode_preview (const char   *encoding_id,
                            const guint8 *data,
                            gsize         len,
                            gsize         max_chars)
{
  Sink sink = { g_string_sized_new (64), TRUE, max_chars, 0, FALSE };
  gsize take = len;

  /* Every encoding here spends at most 4 bytes on a character, so this many
   * bytes always fill the preview: no need to decode a whole megabyte. */
  if (max_chars > 0 && len > 4 * (max_chars + 1))
    take = 4 * (max_chars + 1);
  decode_into (&sink, encoding_id, data, take);
  if (take < len && !sink.full)
    g_string_append (sink.s, "…");
  return g_string_free (sink.s, FALSE);
}
