/* se-event-json.h: events read back from JSON Lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "se-event.h"

G_BEGIN_DECLS

/* One event from the JSON object that se_event_format_json() writes (as
 * `listen --json`, `send --json` and a JSON Lines export print it). Keys
 * it does not know are ignored, so that logs with more fields still read.
 * Returns NULL with SE_ERROR_INVALID_PAYLOAD when line is not such an
 * object. */
SeEvent   *se_event_new_from_json    (const char  *line,
                                      gssize       length,
                                      GError     **error);

/* Every event of a JSON Lines text, in order. Blank lines and the
 * objects that are not events (the first "listening" line, the "dropped"
 * and "not_printed" counts) are skipped; any other line that is not an
 * event is an error whose message names its line number. */
GPtrArray *se_event_parse_json_lines (const char  *text,
                                      gsize        length,
                                      GError     **error);

G_END_DECLS
