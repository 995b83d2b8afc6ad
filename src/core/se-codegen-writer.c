/* se-codegen-writer.c: the lines, comments and literals both languages' writers use
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * se-codegen.c sets up an SeCodeWriter and hands it to the Python or the
 * C writer; both build their program from these pieces, so a comment or a
 * summary reads the same in either language.
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "se-codegen-private.h"

void
_se_code_line (SeCodeWriter *w,
               guint         depth,
               const char   *format,
               ...)
{
  va_list args;

  for (guint i = 0; i < depth; i++)
    g_string_append (w->out, w->options->language == SE_CODE_PYTHON ? "    " : "  ");

  va_start (args, format);
  g_string_append_vprintf (w->out, format, args);
  va_end (args);
  g_string_append_c (w->out, '\n');
}

void
_se_code_comment (SeCodeWriter *w,
                  guint         depth,
                  const char   *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  gboolean python = w->options->language == SE_CODE_PYTHON;
  guint n = g_strv_length (lines);

  for (guint i = 0; i < n; i++)
    {
      /* A translation must not end a C comment early. */
      g_autoptr(GString) line = g_string_new (lines[i]);

      g_string_replace (line, "*/", "* /", 0);
      if (python)
        _se_code_line (w, depth, "# %s", line->str);
      else if (n == 1)
        _se_code_line (w, depth, "/* %s */", line->str);
      else if (i == 0)
        _se_code_line (w, depth, "/* %s", line->str);
      else
        _se_code_line (w, depth, " * %s%s", line->str, i == n - 1 ? " */" : "");
    }
}

void
_se_code_python_str (GString    *out,
                     const char *text)
{
  g_string_append_c (out, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '\\' || c == '\'')
        g_string_append_printf (out, "\\%c", c);
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_c (out, (char) c);   /* UTF-8 as it is */
    }
  g_string_append_c (out, '\'');
}

void
_se_code_python_bytes (GString      *out,
                       const guint8 *data,
                       gsize         len)
{
  g_string_append (out, "b'");
  for (gsize i = 0; i < len; i++)
    {
      guint8 c = data[i];

      if (c == '\\' || c == '\'')
        g_string_append_printf (out, "\\%c", c);
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x20 || c >= 0x7f)
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '\'');
}

void
_se_code_c_string (GString      *out,
                   const guint8 *data,
                   gsize         len)
{
  gboolean utf8 = g_utf8_validate ((const char *) data, (gssize) len, NULL);
  gboolean after_hex = FALSE;

  g_string_append_c (out, '"');
  for (gsize i = 0; i < len; i++)
    {
      guint8 c = data[i];
      gboolean hex = FALSE;

      /* "\x41" followed by "B" would read as one escape: end the literal
       * and start another, which C joins. */
      if (after_hex && g_ascii_isxdigit (c))
        g_string_append (out, "\" \"");

      if (c == '\\' || c == '"')
        g_string_append_printf (out, "\\%c", c);
      else if (c == '?' && i > 0 && data[i - 1] == '?')
        g_string_append (out, "\\?");   /* no trigraph warnings */
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x20 || c == 0x7f || (c >= 0x80 && !utf8))
        {
          g_string_append_printf (out, "\\x%02x", c);
          hex = TRUE;
        }
      else
        g_string_append_c (out, (char) c);   /* ASCII, or UTF-8 text */
      after_hex = hex;
    }
  g_string_append_c (out, '"');
}

gboolean
_se_code_message_is_unicode (SeCodeWriter *w)
{
  gsize len;
  const guint8 *data;
  gboolean ascii = TRUE;

  if (w->options->data == NULL || w->options->format == SE_PAYLOAD_HEX)
    return FALSE;

  data = g_bytes_get_data (w->options->data, &len);
  for (gsize i = 0; i < len; i++)
    if (data[i] >= 0x80)
      ascii = FALSE;

  return !ascii && g_utf8_validate ((const char *) data, (gssize) len, NULL);
}

static const char *
protocol_title (SeProtocol protocol)
{
  switch (protocol)
    {
    case SE_PROTOCOL_TCP:
      return "TCP";
    case SE_PROTOCOL_UDP:
      return "UDP";
    case SE_PROTOCOL_UNIX:
      /* Translators: a kind of socket, in the first comment of a program */
      return _("Unix stream");
    case SE_PROTOCOL_UNIX_DGRAM:
      /* Translators: a kind of socket, in the first comment of a program */
      return _("Unix datagram");
    case SE_PROTOCOL_NONE:
    default:
      return "";
    }
}

char *
_se_code_summary (SeCodeWriter *w)
{
  const SeCodeOptions *o = w->options;
  g_autofree char *where = se_endpoint_to_address (o->endpoint);
  const char *kind = w->tls ? "TLS" : protocol_title (w->protocol);
  const char *does;

  if (o->role == SE_CODE_SEND)
    {
      if (w->stream)
        /* Translators: the first comment of a generated client program; the
         * first %s is TCP or Unix stream, the second an address */
        return g_strdup_printf (_("A %s client: it connects to %s, sends the message\n"
                                  "and writes the replies to standard output."), kind, where);
      /* Translators: the first %s is UDP or Unix datagram, the second an address */
      return g_strdup_printf (_("A %s client: it sends the message to %s in datagrams\n"
                                "and writes the replies to standard output."), kind, where);
    }

  switch (w->responder)
    {
    case SE_RESPONDER_ECHO:
      does = _("It answers every message with the same bytes (echo).");
      break;
    case SE_RESPONDER_UPPER:
      does = _("It answers every message with the same text in UPPERCASE.");
      break;
    case SE_RESPONDER_TIMESTAMP:
      does = _("It answers every message with “[ctime] message”, like the tutorials’ timestamp server.");
      break;
    case SE_RESPONDER_GREETING:
      does = w->stream ? _("It greets every client and closes the connection.")
                       : _("It answers every datagram with a greeting.");
      break;
    case SE_RESPONDER_DISCARD:
      does = _("It reads everything and answers nothing (discard).");
      break;
    case SE_RESPONDER_FRAMED:
      does = _("It announces the size of every message as “PREFIX|n”, waits for any go-ahead,\n"
               "then sends the message back, like the tutorials’ command server.");
      break;
    case SE_RESPONDER_NONE:
    default:
      does = _("It prints what arrives and answers nothing.");
      break;
    }

  /* Translators: the first comment of a generated server program; the first
   * %s is TCP, UDP, Unix stream or Unix datagram, the second an address,
   * the third says what it answers */
  return g_strdup_printf (_("A %s server on %s.\n%s"), kind, where, does);
}

char *
_se_code_socket_comment (SeCodeWriter *w)
{
  const char *family;
  const char *type;

  if (w->is_unix)
    /* Translators: AF_UNIX is a constant in the code: keep it */
    family = _("a Unix socket (AF_UNIX)");
  else if (w->ipv6)
    family = _("IPv6 (AF_INET6)");
  else
    family = _("IPv4 (AF_INET)");

  if (w->stream)
    type = _("a stream (SOCK_STREAM)");
  else
    type = _("datagrams (SOCK_DGRAM)");

  /* Translators: a comment in a generated program: "Step 1: create the
   * socket: IPv4 (AF_INET), a stream (SOCK_STREAM)" */
  return g_strdup_printf (_("Step 1: create the socket: %s, %s"), family, type);
}

const char *
_se_code_responder_comment (SeCodeWriter *w)
{
  switch (w->responder)
    {
    case SE_RESPONDER_ECHO:
      return _("Echo: send the same bytes back");
    case SE_RESPONDER_UPPER:
      return _("Send the same bytes back, the letters a to z in UPPERCASE");
    case SE_RESPONDER_TIMESTAMP:
      return _("Send back “[ctime] data”, like the tutorials’ timestamp server");
    case SE_RESPONDER_GREETING:
      return w->stream ? _("Send the greeting")
                       : _("Answer every datagram with the greeting");
    case SE_RESPONDER_DISCARD:
      return _("Discard: nothing is sent back");
    case SE_RESPONDER_FRAMED:
      return w->stream ? _("Framed: announce the size as PREFIX|n, keep the message until the go-ahead")
                       : _("Framed: announce the size as PREFIX|n, then send the datagram back\n"
                           "(a datagram arrives whole, so it needs no go-ahead)");
    case SE_RESPONDER_NONE:
    default:
      return _("No responder: nothing is sent back");
    }
}

char *
_se_code_message_comment (SeCodeWriter *w)
{
  const SeCodeOptions *o = w->options;

  if (o->format == SE_PAYLOAD_HEX)
    return g_strdup (_("The message to send, typed as bytes in hexadecimal"));

  switch (o->eol)
    {
    case SE_EOL_LF:
      /* Translators: \n is code, keep it */
      return g_strdup (_("The message to send: text and the line ending \\n (LF)"));
    case SE_EOL_CRLF:
      /* Translators: \r\n is code, keep it */
      return g_strdup (_("The message to send: text and the line ending \\r\\n (CRLF)"));
    case SE_EOL_NONE:
    default:
      return g_strdup (_("The message to send: text, without a line ending"));
    }
}

char *
_se_code_listening_prefix (SeCodeWriter *w)
{
  const SeEndpoint *endpoint = w->options->endpoint;
  const char *scheme = w->tls ? "tls" : se_protocol_to_string (w->protocol);

  if (w->is_unix)
    return g_strdup_printf ("listening on %s://%s", scheme, se_endpoint_get_path (endpoint));
  if (w->ipv6)
    return g_strdup_printf ("listening on %s://[%s]:", scheme, se_endpoint_get_host (endpoint));
  return g_strdup_printf ("listening on %s://%s:", scheme, se_endpoint_get_host (endpoint));
}
