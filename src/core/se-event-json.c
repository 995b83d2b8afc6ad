/* se-event-json.c: events written as JSON Lines, and read back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One object per event (se_event_format_json()), for `listen --json`,
 * `send --json` and the window's export. The sequence diagram of the CLI
 * (and the tests) reads those logs back: the same SeEvent objects the
 * window's log hands out, so that one model draws both.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "se-call-private.h"
#include "se-error.h"
#include "se-event-json.h"
#include "se-event-private.h"
#include "se-json.h"

/* Writing */

static inline const char *
string_or_empty (const char *str)
{
  return str != NULL ? str : "";
}

/**
 * se_event_format_json:
 * @self: an #SeEvent
 *
 * One JSON object on one line (no newline), with the keys "index", "time"
 * (µs since the epoch), "time_iso" (UTC, with µs), "kind", "proto",
 * "conn", "local", "remote", "size", "data" (lowercase hex of the retained
 * bytes), "data_complete" and "detail"; for an event that is a call also
 * "call", "ret", "asked" (calls that have one), "option" (setsockopt),
 * "errno" (its name, only when the call failed) and, for TCP when the
 * state was read, "tcp_state". Always valid JSON: bytes of the
 * strings that are not valid UTF-8 become U+FFFD (see se-json.h).
 *
 * Returns: (transfer full): the object
 */
char *
se_event_format_json (SeEvent *self)
{
  GString *out;

  g_return_val_if_fail (SE_IS_EVENT (self), NULL);

  out = g_string_sized_new (256 + 2 * g_bytes_get_size (se_event_get_data (self)));
  se_event_append_json (self, 0, out);

  return g_string_free (out, FALSE);
}

/**
 * se_event_append_json:
 * @self: an #SeEvent
 * @data_limit: at most this many bytes of the payload in "data", 0 for
 *   all that the log retained
 * @out: where to append
 *
 * Appends what se_event_format_json() returns (no newline), with "data"
 * cut to the first @data_limit bytes; "data_complete" is then false and
 * "size" stays the whole size, as when the capture budget ran out. This
 * is `listen --json --data-limit`: a flood of 64 KiB reads would
 * otherwise write 4 bytes of hex per byte echoed (received and sent).
 */
void
se_event_append_json (SeEvent *self,
                      gsize    data_limit,
                      GString *out)
{
  SeEventFields fields;

  g_return_if_fail (SE_IS_EVENT (self));
  g_return_if_fail (out != NULL);

  _se_event_get_fields (self, &fields);
  _se_event_fields_append_json (&fields, data_limit, out);
}

/* Appends the lowercase hex of data, as se_payload_to_hex (…, FALSE)
 * would, without a string of its own. */
static void
append_hex (GString      *out,
            const guint8 *data,
            gsize         len)
{
  /* Two digits per table entry, in memory order: one 16-bit store per
   * byte (the payload of a 64 KiB read is 128 KiB of hex). */
  static guint16 pairs[256];
  static gsize pairs_ready = 0;
  gsize at = out->len;
  char *p;

  if (g_once_init_enter (&pairs_ready))
    {
      static const char digits[] = "0123456789abcdef";

      for (guint i = 0; i < 256; i++)
        {
          char pair[2] = { digits[i >> 4], digits[i & 0xf] };

          memcpy (&pairs[i], pair, 2);
        }
      g_once_init_leave (&pairs_ready, 1);
    }

  g_string_set_size (out, at + 2 * len);
  p = out->str + at;
  for (gsize i = 0; i < len; i++, p += 2)
    memcpy (p, &pairs[data[i]], 2);
}

void
_se_event_fields_append_json (const SeEventFields *self,
                              gsize                data_limit,
                              GString             *out)
{
  static const char data_member[] = "\"data\":\"\"";
  JsonBuilder *builder;
  g_autofree char *tail = NULL;
  char time_iso[64];
  const guint8 *bytes = self->data;
  const char *at;
  gsize start = out->len;
  gsize len = self->data_len;
  gboolean cut = FALSE;

  if (data_limit > 0 && len > data_limit)
    {
      len = data_limit;
      cut = TRUE;
    }

  _se_event_format_time_iso (self->time, time_iso, sizeof time_iso);

  /* Through json-glib like every JSON the project writes (se-json.h):
   * strings are made valid UTF-8 first. One builder per thread: a log
   * printed as JSON Lines makes one object per event. */
  builder = se_json_thread_builder ();
  json_builder_begin_object (builder);
  se_json_builder_add_member_int (builder, "index", self->index);
  se_json_builder_add_member_int (builder, "time", self->time);
  se_json_builder_add_member_string (builder, "time_iso", time_iso);
  se_json_builder_add_member_string (builder, "kind", se_event_kind_to_string (self->kind));
  /* Omitted rather than "" for a lookup, which has no transport */
  if (self->protocol != SE_PROTOCOL_NONE)
    se_json_builder_add_member_string (builder, "proto", se_protocol_to_string (self->protocol));
  se_json_builder_add_member_int (builder, "conn", self->connection_id);
  se_json_builder_add_member_string (builder, "local", string_or_empty (self->local));
  se_json_builder_add_member_string (builder, "remote", string_or_empty (self->remote));
  se_json_builder_add_member_int (builder, "size", (gint64) MIN (self->size, (guint64) G_MAXINT64));
  /* Filled in below. */
  se_json_builder_add_member_string (builder, "data", "");
  json_builder_set_member_name (builder, "data_complete");
  json_builder_add_boolean_value (builder, self->data_complete && !cut);
  se_json_builder_add_member_string (builder, "detail", string_or_empty (self->detail));
  if (self->call != SE_CALL_NONE)
    {
      se_json_builder_add_member_string (builder, "call", se_call_to_string (self->call));
      se_json_builder_add_member_int (builder, "ret", self->ret);
      if (_se_call_has_asked (self->call))
        se_json_builder_add_member_int (builder, "asked", self->asked);
      if (self->option != SE_SOCKOPT_NONE)
        se_json_builder_add_member_string (builder, "option", se_sockopt_to_string (self->option));
      if (self->error_number != 0)
        se_json_builder_add_member_string (builder, "errno", se_errno_name (self->error_number));
    }
  if (self->tcp_state != SE_TCP_STATE_NONE)
    se_json_builder_add_member_string (builder, "tcp_state", se_tcp_state_to_string (self->tcp_state));
  /* A relay's note: the connection of the leg to the target, so that a
   * reader (the diagram) ties the legs without parsing the detail. */
  if (self->detail_code == SE_EVENT_DETAIL_RELAYED)
    se_json_builder_add_member_int (builder, "relayed_to", self->detail_arg);
  json_builder_end_object (builder);
  se_json_builder_append (builder, out);
  json_builder_reset (builder);

  if (len == 0)
    return;

  /* The payload's hex (128 KiB for a 64 KiB read) is written into the
   * empty "data" string of the generated object rather than handed to
   * json-glib: copying it into a node and escaping it char by char made
   * `listen --json` 36% slower (tests/bench/run-all, tcp). This stays
   * valid JSON: hex is only [0-9a-f], which needs no escape; and the
   * first "data":"" in the output is that member, because inside a
   * generated string every quote is escaped (\"), and after a string's
   * closing quote JSON allows only , : } ], never a letter. */
  at = strstr (out->str + start, data_member);
  g_assert (at != NULL);
  at += sizeof data_member - 2;  /* at the closing quote */
  tail = g_strdup (at);
  g_string_truncate (out, at - out->str);
  append_hex (out, bytes, len);
  g_string_append (out, tail);
}

/* Reading */

/* The lines JSON Lines logs carry besides events: skipped. */
static gboolean
is_not_event (JsonObject *object)
{
  return !json_object_has_member (object, "kind");
}

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
get_int (JsonObject *object,
         const char *name,
         gint64     *value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}

static char *
ref_string_or_null (const char *text)
{
  return text != NULL && text[0] != '\0' ? g_ref_string_new (text) : NULL;
}

static GBytes *
decode_hex (const char *hex,
            GError    **error)
{
  gsize len = strlen (hex);
  g_autofree guint8 *bytes = NULL;

  if (len % 2 != 0)
    {
      g_set_error (error, SE_ERROR, SE_ERROR_INVALID_PAYLOAD,
                   _("“data” is not hex: it has an odd number of digits"));
      return NULL;
    }

  bytes = g_malloc (len / 2 + 1);
  for (gsize i = 0; i < len; i += 2)
    {
      int hi = g_ascii_xdigit_value (hex[i]);
      int lo = g_ascii_xdigit_value (hex[i + 1]);

      if (hi < 0 || lo < 0)
        {
          g_set_error (error, SE_ERROR, SE_ERROR_INVALID_PAYLOAD,
                       _("“data” is not hex: “%c%c” is not a byte"), hex[i], hex[i + 1]);
          return NULL;
        }
      bytes[i / 2] = (guint8) (hi << 4 | lo);
    }

  return g_bytes_new_take (g_steal_pointer (&bytes), len / 2);
}

/* What the detail says, as the window's log keeps it as a code: from the
 * "call" field when the log has it, otherwise from the text (English, or
 * as this program translates it). Only the two a diagram must tell apart:
 * the peer's FIN and the user's own shutdown. */
static SeEventDetailCode
detail_code_for (SeEventKind  kind,
                 const char  *call,
                 const char  *detail)
{
  g_autofree char *peer_eof = NULL;
  g_autofree char *shut_wr = NULL;

  if (kind != SE_EVENT_SHUTDOWN)
    return SE_EVENT_DETAIL_TEXT;

  if (call != NULL)
    return g_str_equal (call, "shutdown") ? SE_EVENT_DETAIL_SHUT_WR : SE_EVENT_DETAIL_PEER_EOF;

  if (detail == NULL)
    return SE_EVENT_DETAIL_TEXT;

  peer_eof = _se_event_format_detail (SE_EVENT_DETAIL_PEER_EOF, 0, 0, 0, 0, NULL);
  shut_wr = _se_event_format_detail (SE_EVENT_DETAIL_SHUT_WR, 0, 0, 0, 0, NULL);
  if (g_str_equal (detail, peer_eof) || strstr (detail, "recv() returned 0") != NULL)
    return SE_EVENT_DETAIL_PEER_EOF;
  if (g_str_equal (detail, shut_wr) || strstr (detail, "SHUT_WR") != NULL)
    return SE_EVENT_DETAIL_SHUT_WR;
  return SE_EVENT_DETAIL_TEXT;
}

/* The errno an "errno" field names ("ECONNREFUSED"), 0 if none or unknown. */
static int
errno_from_name (const char *name)
{
  if (name == NULL)
    return 0;
  for (int e = 1; e < 200; e++)
    {
      if (g_strcmp0 (se_errno_name (e), name) == 0)
        return e;
    }
  return 0;
}

static SeSockopt
sockopt_from_name (const char *name)
{
  for (int o = SE_SOCKOPT_NONE + 1; name != NULL && o < SE_SOCKOPT_N_OPTIONS; o++)
    {
      if (g_strcmp0 (se_sockopt_to_string (o), name) == 0)
        return o;
    }
  return SE_SOCKOPT_NONE;
}

/* call, ret, asked, option, errno and tcp_state, as the JSON writer puts
 * them (logs made before they existed have none: SE_CALL_NONE). */
static void
read_call (SeEvent    *event,
           JsonObject *object)
{
  SeCall call = SE_CALL_NONE;
  SeTcpState state = SE_TCP_STATE_NONE;
  gint64 ret = 0, asked = 0;
  int error_number;

  const char *name = get_string (object, "call");

  if (name == NULL || !se_call_from_string (name, &call))
    return;
  get_int (object, "ret", &ret);
  get_int (object, "asked", &asked);
  error_number = errno_from_name (get_string (object, "errno"));
  if (get_string (object, "tcp_state") != NULL)
    se_tcp_state_from_string (get_string (object, "tcp_state"), &state);
  _se_event_set_call (event, call, error_number != 0 ? -1 : ret, error_number,
                      (guint32) CLAMP (asked, 0, G_MAXUINT32),
                      sockopt_from_name (get_string (object, "option")), state);
}

static SeEvent *
event_from_object (JsonObject  *object,
                   GError     **error)
{
  g_autoptr(GBytes) data = NULL;
  char *local, *remote, *detail;  /* GRefStrings, which the event acquires */
  SeEventKind kind;
  SeProtocol protocol = SE_PROTOCOL_NONE;
  const char *text;
  gint64 index = 0, time = 0, conn = 0, size = 0;
  gboolean data_complete = TRUE;
  SeEvent *event;

  text = get_string (object, "kind");
  if (text == NULL || !se_event_kind_from_string (text, &kind))
    {
      g_set_error (error, SE_ERROR, SE_ERROR_INVALID_PAYLOAD,
                   _("unknown event kind “%s”"), text != NULL ? text : "");
      return NULL;
    }

  text = get_string (object, "proto");
  if (text != NULL && !se_protocol_from_string (text, &protocol))
    {
      g_set_error (error, SE_ERROR, SE_ERROR_INVALID_PAYLOAD,
                   _("unknown protocol “%s”"), text);
      return NULL;
    }

  get_int (object, "index", &index);
  get_int (object, "time", &time);
  get_int (object, "conn", &conn);
  if (!get_int (object, "size", &size) || size < 0)
    size = 0;
  {
    JsonNode *node = json_object_get_member (object, "data_complete");

    if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
        json_node_get_value_type (node) == G_TYPE_BOOLEAN)
      data_complete = json_node_get_boolean (node);
  }

  text = get_string (object, "data");
  data = decode_hex (text != NULL ? text : "", error);
  if (data == NULL)
    return NULL;
  /* A log edited by hand: the size is at least what it holds. */
  size = MAX (size, (gint64) g_bytes_get_size (data));

  local = ref_string_or_null (get_string (object, "local"));
  remote = ref_string_or_null (get_string (object, "remote"));
  detail = ref_string_or_null (get_string (object, "detail"));

  event = _se_event_new ((guint) index, time, kind, protocol,
                         (guint) CLAMP (conn, 0, G_MAXUINT),
                         local, remote, (guint64) size, data, data_complete, detail);
  _se_event_set_detail_code (event, detail_code_for (kind, get_string (object, "call"), detail));
  /* A relay's note ties its legs (logs made before it have none) */
  {
    gint64 relayed_to = 0;

    if (get_int (object, "relayed_to", &relayed_to) && relayed_to > 0 && relayed_to <= G_MAXUINT32)
      {
        _se_event_set_detail_code (event, SE_EVENT_DETAIL_RELAYED);
        _se_event_set_detail_arg (event, (guint32) relayed_to);
      }
  }
  read_call (event, object);

  g_clear_pointer (&local, g_ref_string_release);
  g_clear_pointer (&remote, g_ref_string_release);
  g_clear_pointer (&detail, g_ref_string_release);

  return event;
}

/* Parses one line; *skip says it is not an event (no error). */
static SeEvent *
parse_line (JsonParser  *parser,
            const char  *line,
            gssize       length,
            gboolean    *skip,
            GError     **error)
{
  JsonNode *root;

  *skip = FALSE;
  if (!json_parser_load_from_data (parser, line, length, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, SE_ERROR, SE_ERROR_INVALID_PAYLOAD,
                   _("not a JSON object"));
      return NULL;
    }

  if (is_not_event (json_node_get_object (root)))
    {
      *skip = TRUE;
      return NULL;
    }

  return event_from_object (json_node_get_object (root), error);
}

SeEvent *
se_event_new_from_json (const char  *line,
                        gssize       length,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gboolean skip;
  SeEvent *event;

  g_return_val_if_fail (line != NULL, NULL);

  event = parse_line (parser, line, length, &skip, error);
  if (skip)
    g_set_error (error, SE_ERROR, SE_ERROR_INVALID_PAYLOAD,
                 _("the object has no “kind”: it is not an event"));
  return event;
}

GPtrArray *
se_event_parse_json_lines (const char  *text,
                           gsize        length,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  const char *end = text + length;
  const char *p = text;
  guint line_number = 0;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);
      const char *stop = eol != NULL ? eol : end;
      const char *q = p;
      g_autoptr(GError) local_error = NULL;
      SeEvent *event;
      gboolean skip;

      line_number++;

      while (q < stop && g_ascii_isspace (*q))
        q++;
      if (q < stop)
        {
          event = parse_line (parser, p, stop - p, &skip, &local_error);
          if (event != NULL)
            g_ptr_array_add (events, event);
          else if (!skip)
            {
              /* Translators: %u is a line number of the file, %s what is wrong with it */
              g_set_error (error, SE_ERROR, SE_ERROR_INVALID_PAYLOAD,
                           _("line %u is not an event: %s"), line_number, local_error->message);
              return NULL;
            }
        }

      p = stop + 1;
    }

  return g_steal_pointer (&events);
}
