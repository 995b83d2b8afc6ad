/* se-json.h: the one way the project writes JSON (over json-glib)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* json-glib's generator copies strings as they are and expects UTF-8.
 * Every string the project writes as JSON goes through these, which
 * replace bytes that are not valid UTF-8 with U+FFFD first
 * (g_utf8_make_valid), so an address, a host name or an error message
 * with odd bytes gives the same valid JSON everywhere. Bytes that must
 * stay exact (a payload) are written as hex, never as a JSON string. */

/* Adds text as a string value (after set_member_name, or in an array);
 * NULL adds null. */
void   se_json_builder_add_string        (JsonBuilder *builder,
                                          const char  *text);
void   se_json_builder_add_member_string (JsonBuilder *builder,
                                          const char  *name,
                                          const char  *text);
/* An array of strings; NULL gives []. */
void   se_json_builder_add_member_strv   (JsonBuilder *builder,
                                          const char  *name,
                                          char       **strv);
void   se_json_builder_add_member_int    (JsonBuilder *builder,
                                          const char  *name,
                                          gint64       value);

/* A builder of this thread's, reset, for one object at a time (a writer
 * of one object per event): not to unref, and not to hold across a call
 * that may use it too. */
JsonBuilder *se_json_thread_builder      (void);
/* Appends the builder's root on one line, without a newline. */
void   se_json_builder_append            (JsonBuilder *builder,
                                          GString     *out);
/* The same, as a new string. */
char  *se_json_builder_to_string         (JsonBuilder *builder);

/* {"name":value}, without a newline: the count lines ("dropped",
 * "not_printed"). */
void   se_json_append_count              (GString     *out,
                                          const char  *name,
                                          guint64      value);

G_END_DECLS
