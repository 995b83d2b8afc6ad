/* se-encoding.h: text encodings for payloads (UTF-8, GB18030, Big5, Latin-1, UTF-16)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *id;        /* stable id used in settings, CLI and workspaces */
  const char *label;     /* N_() marked; pass through _() before showing */
  const char *charset;   /* the iconv name */
} SeEncoding;

/* All encodings in display order, terminated by an entry with id == NULL. */
const SeEncoding *se_encoding_list   (void);
/* Looks up an id or a common alias ("gbk", "utf8", "iso-8859-1"), ignoring
 * case. Returns NULL and sets SE_ERROR_INVALID_PAYLOAD for unknown names. */
const SeEncoding *se_encoding_lookup (const char  *name,
                                      GError     **error);

/* UTF-8 text -> bytes in @encoding_id. A character the encoding cannot
 * represent is an error naming the character and its (1-based) position. */
GBytes           *se_encoding_encode (const char  *encoding_id,
                                      const char  *utf8,
                                      gssize       len,
                                      GError     **error);
/* Bytes -> UTF-8 display text; bytes that do not decode (including a
 * truncated trailing sequence) appear as \xHH. Never fails for a known
 * encoding; an unknown id decodes as UTF-8. */
char             *se_encoding_decode (const char  *encoding_id,
                                      const guint8 *data,
                                      gsize        len);

/* The same as a one-line preview in the escapes of se_payload_to_escaped
 * (\n \r \t \\ \xHH), at most max_chars characters (0: all), then "…".
 * For log lines and the Data column. */
char             *se_encoding_decode_preview (const char   *encoding_id,
                                              const guint8 *data,
                                              gsize         len,
                                              gsize         max_chars);

G_END_DECLS
