/* se-macro.h: {{counter}}, {{time}} and the other macros of a message
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "se-payload.h"

G_BEGIN_DECLS

/* Expands the macros of a message, then decodes it as se_payload_decode()
 * does (escapes in text, digits in hex) and appends the line ending:
 *
 *   {{counter}}     counter, in decimal (the sender's count, from 1)
 *   {{time}}        the local time, ISO 8601 with milliseconds
 *   {{unix}}        seconds since 1970
 *   {{random:N}}    N random bytes, as lowercase hex digits (N ≤ 4096)
 *   {{uuid}}        a random UUID
 *   {{len}}         the length in bytes of the rest of the message after
 *                   expansion (line ending included), in decimal
 *   {{file:PATH}}   the bytes of a file (at most 16 MiB)
 *   {{{{            a literal "{{"
 *
 * In hex messages a macro's bytes are inserted as they are (the digits of
 * {{counter}} as ASCII). An unknown or unterminated macro is an error
 * (SE_ERROR_INVALID_PAYLOAD) whose *error_offset (if not NULL) is the
 * character offset of its "{{", for a composer to put the cursor there. */
GBytes   *se_macro_expand       (const char       *input,
                                 SePayloadFormat   format,
                                 SeEol             eol,
                                 guint64           counter,
                                 glong            *error_offset,
                                 GError          **error);
/* The same, for text sent in another encoding (an se-encoding id such as
 * "gb18030"; NULL or "utf-8" is the above): the text of the message, of
 * the macros that give text ({{counter}}, {{time}}, {{uuid}}, …) and the
 * line ending are sent in that encoding, {{file:PATH}} inserts its bytes
 * as they are, and {{len}} counts the bytes that are sent. Text the
 * encoding cannot hold is an error. Hex messages have no encoding. */
GBytes   *se_macro_expand_encoded (const char     *input,
                                   SePayloadFormat format,
                                   SeEol           eol,
                                   const char     *encoding,
                                   guint64         counter,
                                   glong          *error_offset,
                                   GError        **error);
/* Whether input contains a macro (or an escaped "{{"). */
gboolean  se_macro_has_macros   (const char       *input);

G_END_DECLS
