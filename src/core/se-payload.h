/* se-payload.h: the payload codec: text with escapes, hex, previews, hex dumps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  SE_EOL_NONE,
  SE_EOL_LF,
  SE_EOL_CRLF,
} SeEol;

typedef enum
{
  SE_PAYLOAD_TEXT,  /* UTF-8 text with \n \r \t \\ \xHH escapes */
  SE_PAYLOAD_HEX,   /* "48 65 6c 6c 6f" or "48656c6c6f" */
} SePayloadFormat;

/* Decodes user input into bytes and appends the line ending. */
GBytes     *se_payload_decode        (const char      *input,
                                      SePayloadFormat  format,
                                      SeEol            eol,
                                      GError         **error);
GBytes     *se_payload_decode_text   (const char      *input,
                                      GError         **error);
GBytes     *se_payload_decode_hex    (const char      *input,
                                      GError         **error);

gboolean    se_eol_from_string       (const char      *text,
                                      SeEol           *eol);
const char *se_eol_to_string         (SeEol            eol);

/* "48 65 6c 6c 6f", lowercase, with or without separating spaces. */
char       *se_payload_to_hex        (const guint8    *data,
                                      gsize            len,
                                      gboolean         spaced);
/* A one-line printable preview: printable ASCII/UTF-8 as is, everything
 * else as the escapes se_payload_decode_text() accepts, at most
 * max_chars characters, then "…". */
char       *se_payload_to_escaped    (const guint8    *data,
                                      gsize            len,
                                      gsize            max_chars);
/* The same, appended to out. */
void        se_payload_append_escaped (GString        *out,
                                       const guint8   *data,
                                       gsize           len,
                                       gsize           max_chars);
/* A classic hex dump: offset, 16 bytes in hex, and the ASCII column. */
char       *se_payload_hex_dump      (const guint8    *data,
                                      gsize            len);

G_END_DECLS
