/* se-codegen-private.h: what the Python and the C writers of se-codegen share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "se-codegen.h"

G_BEGIN_DECLS

/* One program being written: the options, and what follows from them. */
typedef struct
{
  const SeCodeOptions *options;
  GString             *out;
  SeProtocol           protocol;
  SeResponderKind      responder;   /* SE_RESPONDER_NONE without one */
  gboolean             stream;
  gboolean             is_unix;
  gboolean             tls;         /* tls://: TCP with a TLS stream on top */
  gboolean             ipv6;        /* the host is an IPv6 literal */
  const char          *family;      /* "AF_INET", "AF_INET6" or "AF_UNIX" */
  const char          *type;        /* "SOCK_STREAM" or "SOCK_DGRAM" */
  const char          *comment;     /* "# " or " * " before a comment line */
} SeCodeWriter;

/* Appends a comment at depth levels of indent (4 spaces in Python, 2 in
 * C): "# text" or "/ * text * /", one line per line of text. */
void   _se_code_comment            (SeCodeWriter *w,
                                    guint         depth,
                                    const char   *text);
/* Appends printf-formatted code at depth levels of indent, then a newline. */
void   _se_code_line               (SeCodeWriter *w,
                                    guint         depth,
                                    const char   *format,
                                    ...) G_GNUC_PRINTF (3, 4);

/* Literals: Python 'str', Python b'bytes', C "string". */
void   _se_code_python_str         (GString      *out,
                                    const char   *text);
void   _se_code_python_bytes       (GString      *out,
                                    const guint8 *data,
                                    gsize         len);
void   _se_code_c_string           (GString      *out,
                                    const guint8 *data,
                                    gsize         len);

/* The first lines of every program: what it does, in a sentence or two. */
char  *_se_code_summary            (SeCodeWriter *w);
/* The step comments the seeds number: "Step 1: create the socket…" */
char  *_se_code_socket_comment     (SeCodeWriter *w);
/* What the responder does, as the comment above its code. */
const char *_se_code_responder_comment (SeCodeWriter *w);
/* The comment above the message: text with a line ending, hex, bytes. */
char  *_se_code_message_comment    (SeCodeWriter *w);
/* TRUE when the message is valid UTF-8 with a character past ASCII,
 * best written as text and encoded; FALSE for ASCII or other bytes. */
gboolean _se_code_message_is_unicode (SeCodeWriter *w);

/* The "listening on tcp://HOST:" part before the port (the whole line
 * for Unix kinds, which have no port). */
char  *_se_code_listening_prefix   (SeCodeWriter *w);

void   _se_code_write_python       (SeCodeWriter *w);
void   _se_code_write_c            (SeCodeWriter *w);

G_END_DECLS
