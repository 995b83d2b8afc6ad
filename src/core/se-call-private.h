/* se-call-private.h: the calls of the log by name, for SeEvent and its views
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include "se-event.h"

G_BEGIN_DECLS

/* g_string_append_len() inline while the string has room: a text line
 * is a dozen small appends, and GString's own is a call each. */
static inline void
_se_string_put (GString    *out,
                const char *text,
                gsize       len)
{
  if (G_LIKELY (out->len + len < out->allocated_len))
    {
      memcpy (out->str + out->len, text, len);
      out->len += len;
      out->str[out->len] = '\0';
    }
  else
    g_string_append_len (out, text, len);
}

/* The same for a string (a literal's length is known when compiling). */
#define _se_string_put_str(out, text) _se_string_put ((out), (text), strlen (text))

/* Whether the 8 bytes of v (as memcpy() read them) are all printable
 * ASCII, 0x20 to 0x7e: the text line checks its strings and payload
 * eight bytes at a time. Exact ("Bit Twiddling Hacks": hasless,
 * hasmore). */
static inline gboolean
_se_bytes8_printable (guint64 v)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  const guint64 highs = G_GUINT64_CONSTANT (0x8080808080808080);
  guint64 below = (v - ones * 0x20) & ~v & highs;
  guint64 above = ((v + ones * (0x7f - 0x7e)) | v) & highs;

  return (below | above) == 0;
}

/* Whether the call has an "asked" argument worth showing (a bufsize, a
 * byte count, a backlog, shutdown's how, an option's value). */
gboolean _se_call_has_asked (SeCall      call);
/* Appends "recv(65536)=5", "setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)=0",
 * "connect()=-1 ECONNREFUSED": the call with its arguments, without the
 * fd; socket()'s family follows from the protocol and the addresses. */
void     _se_call_append    (GString    *out,
                             SeCall      call,
                             SeProtocol  protocol,
                             const char *local,
                             const char *remote,
                             SeSockopt   option,
                             guint32     asked,
                             gint64      ret,
                             int         error_number);

G_END_DECLS
