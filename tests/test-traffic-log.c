/* test-traffic-log.c: the traffic log model, its batching, capture budget and exports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "se-endpoint.h"
#include "se-event.h"
#include "se-payload.h"
#include "se-test-util.h"
#include "se-traffic-log.h"

/* items-changed recorder */

typedef struct
{
  guint position;
  guint removed;
  guint added;
  guint n_items_then;  /* get_n_items() inside the handler */
} Change;

typedef struct
{
  GArray *changes;     /* Change */
  guint   n_items_notifies;
  guint   n_events_notifies;
  guint   n_dropped_notifies;
} Recorder;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Recorder   *rec)
{
  Change change = { position, removed, added, g_list_model_get_n_items (model) };

  g_array_append_val (rec->changes, change);
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           Recorder   *rec)
{
  if (g_str_equal (pspec->name, "n-items"))
    rec->n_items_notifies++;
  else if (g_str_equal (pspec->name, "n-events"))
    rec->n_events_notifies++;
  else if (g_str_equal (pspec->name, "n-dropped"))
    rec->n_dropped_notifies++;
}

static void
recorder_init (Recorder     *rec,
               SeTrafficLog *log)
{
  rec->changes = g_array_new (FALSE, TRUE, sizeof (Change));
  rec->n_items_notifies = 0;
  rec->n_events_notifies = 0;
  rec->n_dropped_notifies = 0;
  g_signal_connect (log, "items-changed", G_CALLBACK (items_changed_cb), rec);
  g_signal_connect (log, "notify", G_CALLBACK (notify_cb), rec);
}

static void
recorder_finish (Recorder     *rec,
                 SeTrafficLog *log)
{
  g_signal_handlers_disconnect_by_data (log, rec);
  g_clear_pointer (&rec->changes, g_array_unref);
}

static void
assert_change (Recorder *rec,
               guint     i,
               guint     position,
               guint     removed,
               guint     added)
{
  Change *change;

  g_assert_cmpuint (i, <, rec->changes->len);
  change = &g_array_index (rec->changes, Change, i);
  g_assert_cmpuint (change->position, ==, position);
  g_assert_cmpuint (change->removed, ==, removed);
  g_assert_cmpuint (change->added, ==, added);
}

/* Runs exactly one non-blocking iteration of the default main context. */
static void
one_iteration (void)
{
  g_main_context_iteration (NULL, FALSE);
}

static guint
append_simple (SeTrafficLog *log,
               SeEventKind   kind,
               const char   *text)
{
  gsize len = text != NULL ? strlen (text) : 0;

  return se_traffic_log_append (log, kind, SE_PROTOCOL_TCP, 1,
                                "127.0.0.1:7000", "127.0.0.1:51000",
                                len, (const guint8 *) text, len, NULL);
}

static SeEvent *
get_event (SeTrafficLog *log,
           guint         position)
{
  SeEvent *event = g_list_model_get_item (G_LIST_MODEL (log), position);

  g_assert_nonnull (event);
  g_assert_true (SE_IS_EVENT (event));
  return event;
}

static void
assert_data (SeEvent      *event,
             const guint8 *expected,
             gsize         expected_len)
{
  GBytes *data = se_event_get_data (event);
  gsize len = 0;
  const guint8 *bytes;

  g_assert_nonnull (data);
  bytes = g_bytes_get_data (data, &len);
  g_assert_cmpmem (bytes, len, expected, expected_len);
}

/* A small JSON reader for one flat object per line: enough to prove each
 * line is valid JSON and to get its fields back. */

typedef struct
{
  char  type;  /* 's' string, 'n' number, 't' true, 'f' false, 'z' null */
  char *text;  /* decoded string, or the number as written */
} JsonValue;

static void
json_value_free (gpointer data)
{
  JsonValue *value = data;

  g_free (value->text);
  g_free (value);
}

static void
skip_ws (const char **p)
{
  while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
    (*p)++;
}

static gboolean
read_hex4 (const char **p,
           gunichar    *out)
{
  gunichar v = 0;

  for (int i = 0; i < 4; i++)
    {
      int d = g_ascii_xdigit_value ((*p)[i]);

      if (d < 0)
        return FALSE;
      v = v * 16 + (gunichar) d;
    }
  *p += 4;
  *out = v;
  return TRUE;
}

static char *
json_read_string (const char **p)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *start;

  if (**p != '"')
    return NULL;
  (*p)++;

  for (;;)
    {
      guchar c = (guchar) **p;

      if (c == '\0' || c < 0x20)
        return NULL;  /* unterminated, or a raw control character */

      if (c == '"')
        {
          (*p)++;
          break;
        }

      if (c != '\\')
        {
          start = *p;
          while (**p != '\0' && **p != '"' && **p != '\\' && (guchar) **p >= 0x20)
            (*p)++;
          g_string_append_len (out, start, *p - start);
          continue;
        }

      (*p)++;
      switch (**p)
        {
        case '"': g_string_append_c (out, '"'); (*p)++; break;
        case '\\': g_string_append_c (out, '\\'); (*p)++; break;
        case '/': g_string_append_c (out, '/'); (*p)++; break;
        case 'b': g_string_append_c (out, '\b'); (*p)++; break;
        case 'f': g_string_append_c (out, '\f'); (*p)++; break;
        case 'n': g_string_append_c (out, '\n'); (*p)++; break;
        case 'r': g_string_append_c (out, '\r'); (*p)++; break;
        case 't': g_string_append_c (out, '\t'); (*p)++; break;
        case 'u':
          {
            gunichar ch;

            (*p)++;
            if (!read_hex4 (p, &ch))
              return NULL;
            if (ch >= 0xd800 && ch < 0xdc00)
              {
                gunichar low;

                if ((*p)[0] != '\\' || (*p)[1] != 'u')
                  return NULL;
                *p += 2;
                if (!read_hex4 (p, &low) || low < 0xdc00 || low > 0xdfff)
                  return NULL;
                ch = 0x10000 + ((ch - 0xd800) << 10) + (low - 0xdc00);
              }
            else if (ch >= 0xdc00 && ch < 0xe000)
              return NULL;
            g_string_append_unichar (out, ch);
          }
          break;
        default:
          return NULL;
        }
    }

  /* Raw bytes in JSON text must be UTF-8. */
  if (!g_utf8_validate (out->str, out->len, NULL))
    return NULL;

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Returns key → JsonValue, or NULL if line is not one valid flat object. */
static GHashTable *
json_parse_flat_object (const char *line)
{
  g_autoptr(GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, json_value_free);
  const char *p = line;

  if (!g_utf8_validate (line, -1, NULL))
    return NULL;

  skip_ws (&p);
  if (*p++ != '{')
    return NULL;
  skip_ws (&p);
  if (*p == '}')
    p++;
  else
    for (;;)
      {
        g_autofree char *key = NULL;
        JsonValue *value;

        skip_ws (&p);
        if ((key = json_read_string (&p)) == NULL)
          return NULL;
        skip_ws (&p);
        if (*p++ != ':')
          return NULL;
        skip_ws (&p);

        value = g_new0 (JsonValue, 1);
        if (*p == '"')
          {
            value->type = 's';
            value->text = json_read_string (&p);
          }
        else if (*p == '-' || g_ascii_isdigit (*p))
          {
            const char *start = p;

            if (*p == '-')
              p++;
            if (!g_ascii_isdigit (*p) || (*p == '0' && g_ascii_isdigit (p[1])))
              {
                json_value_free (value);
                return NULL;
              }
            while (g_ascii_isdigit (*p))
              p++;
            if (*p == '.' || *p == 'e' || *p == 'E')
              {
                json_value_free (value);
                return NULL;  /* our exports only write integers */
              }
            value->type = 'n';
            value->text = g_strndup (start, p - start);
          }
        else if (g_str_has_prefix (p, "true"))
          {
            value->type = 't';
            value->text = g_strdup ("true");
            p += 4;
          }
        else if (g_str_has_prefix (p, "false"))
          {
            value->type = 'f';
            value->text = g_strdup ("false");
            p += 5;
          }
        else if (g_str_has_prefix (p, "null"))
          {
            value->type = 'z';
            value->text = g_strdup ("null");
            p += 4;
          }

        if (value->text == NULL || g_hash_table_contains (fields, key))
          {
            json_value_free (value);
            return NULL;
          }
        g_hash_table_insert (fields, g_steal_pointer (&key), value);

        skip_ws (&p);
        if (*p == ',')
          {
            p++;
            continue;
          }
        if (*p == '}')
          {
            p++;
            break;
          }
        return NULL;
      }

  skip_ws (&p);
  if (*p != '\0')
    return NULL;

  return g_steal_pointer (&fields);
}

static const char *
json_get (GHashTable *fields,
          const char *key,
          char        type)
{
  JsonValue *value = g_hash_table_lookup (fields, key);

  if (value == NULL)
    g_error ("JSON key \"%s\" missing", key);
  if (value->type != type)
    g_error ("JSON key \"%s\" has type '%c', expected '%c'", key, value->type, type);
  return value->text;
}

static void
test_json_reader (void)
{
  /* The checker itself must reject what is not JSON. */
  static const char * const bad[] = {
    "", "{", "{\"a\":1", "{\"a\":01}", "{\"a\":\"x\ny\"}", "{\"a\":\"\\x41\"}",
    "{\"a\":\"\\ud800\"}", "{\"a\":\"\xff\"}", "{\"a\":1,}", "{\"a\":1}x", "{\"a\":1,\"a\":2}",
  };
  g_autoptr(GHashTable) fields = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GHashTable) f = json_parse_flat_object (bad[i]);

      if (f != NULL)
        g_error ("accepted invalid JSON: %s", bad[i]);
    }

  fields = json_parse_flat_object ("{\"s\":\"a\\\"b\\\\\\u00e9\\ud83d\\ude00\",\"n\":-12,\"t\":true,\"f\":false}");
  g_assert_nonnull (fields);
  g_assert_cmpstr (json_get (fields, "s", 's'), ==, "a\"b\\é😀");
  g_assert_cmpstr (json_get (fields, "n", 'n'), ==, "-12");
  json_get (fields, "t", 't');
  json_get (fields, "f", 'f');
}

/* Tests */

static void
test_kind_strings (void)
{
  static const char * const names[] = {
    "bind", "listen", "accept", "connect", "send", "receive",
    "shutdown", "close", "error", "resolve", "socket", "setsockopt", "join", "leave", "tls",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == SE_EVENT_N_KINDS);

  for (guint i = 0; i < SE_EVENT_N_KINDS; i++)
    {
      SeEventKind kind = SE_EVENT_N_KINDS;

      g_assert_cmpstr (se_event_kind_to_string (i), ==, names[i]);
      g_assert_true (se_event_kind_from_string (names[i], &kind));
      g_assert_cmpint (kind, ==, i);
    }

  g_assert_false (se_event_kind_from_string ("", NULL));
  g_assert_false (se_event_kind_from_string ("recv", NULL));
  g_assert_false (se_event_kind_from_string ("sendx", NULL));
}

static void
test_batching (void)
{
  SeTrafficLog *log = se_traffic_log_new ();
  Recorder rec;
  guint n_events = 0;

  recorder_init (&rec, log);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (log)) == SE_TYPE_EVENT);

  /* N appends: nothing visible yet. */
  for (guint i = 0; i < 5; i++)
    g_assert_cmpuint (append_simple (log, SE_EVENT_SEND, "x"), ==, i);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (log), 0));
  g_assert_cmpuint (rec.changes->len, ==, 0);
  g_object_get (log, "n-events", &n_events, NULL);
  g_assert_cmpuint (n_events, ==, 5);

  /* One main-loop iteration: exactly one items-changed for all of them. */
  one_iteration ();
  g_assert_cmpuint (rec.changes->len, ==, 1);
  assert_change (&rec, 0, 0, 0, 5);
  g_assert_cmpuint (g_array_index (rec.changes, Change, 0).n_items_then, ==, 5);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 5);
  g_assert_cmpuint (rec.n_items_notifies, ==, 1);
  g_assert_cmpuint (rec.n_events_notifies, ==, 1);

  /* Nothing pending: more iterations say nothing. */
  se_test_spin (20);
  g_assert_cmpuint (rec.changes->len, ==, 1);

  /* A second batch starts where the first ended. */
  for (guint i = 0; i < 3; i++)
    append_simple (log, SE_EVENT_RECEIVE, "y");
  one_iteration ();
  g_assert_cmpuint (rec.changes->len, ==, 2);
  assert_change (&rec, 1, 5, 0, 3);
  g_assert_cmpuint (g_array_index (rec.changes, Change, 1).n_items_then, ==, 8);

  /* An explicit flush tells the views at once, and the scheduled flush
   * then has nothing left to say. */
  append_simple (log, SE_EVENT_SEND, "a");
  append_simple (log, SE_EVENT_SEND, "b");
  se_traffic_log_flush (log);
  g_assert_cmpuint (rec.changes->len, ==, 3);
  assert_change (&rec, 2, 8, 0, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 10);
  se_test_spin (20);
  g_assert_cmpuint (rec.changes->len, ==, 3);

  /* Flushing with nothing pending is silent. */
  se_traffic_log_flush (log);
  g_assert_cmpuint (rec.changes->len, ==, 3);
  g_assert_cmpuint (rec.n_items_notifies, ==, 3);

  /* A big burst is still one signal. */
  for (guint i = 0; i < 10000; i++)
    append_simple (log, SE_EVENT_RECEIVE, "burst");
  one_iteration ();
  g_assert_cmpuint (rec.changes->len, ==, 4);
  assert_change (&rec, 3, 10, 0, 10000);

  recorder_finish (&rec, log);
  g_assert_finalize_object (log);
}

static void
test_get_item (void)
{
  SeTrafficLog *log = se_traffic_log_new ();
  static const guint8 payload[] = { 'h', 'i', 0, 0xff, '\n' };
  gint64 before, after;
  SeEvent *event;
  SeEvent *again;
  SeEventKind kind;
  SeProtocol protocol;
  guint64 size;
  guint index, conn;
  gboolean complete;
  g_autofree char *local = NULL;
  g_autofree char *detail = NULL;
  GBytes *data_prop = NULL;

  before = g_get_real_time ();
  g_assert_cmpuint (se_traffic_log_append (log, SE_EVENT_LISTEN, SE_PROTOCOL_TCP, 0,
                                           "127.0.0.1:7000", NULL, 0, NULL, 0, NULL), ==, 0);
  g_assert_cmpuint (se_traffic_log_append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_UDP, 42,
                                           "[::1]:9000", "[::1]:40000",
                                           sizeof payload, payload, sizeof payload, ""), ==, 1);
  g_assert_cmpuint (se_traffic_log_append (log, SE_EVENT_ERROR, SE_PROTOCOL_UNIX, 7,
                                           "", "/tmp/x.sock", 0, NULL, 0,
                                           "Connection refused (ECONNREFUSED)"), ==, 2);
  g_assert_cmpuint (se_traffic_log_append (log, SE_EVENT_SEND, SE_PROTOCOL_UNIX_DGRAM, 43,
                                           "[::1]:9000", "[::1]:40000", 0, NULL, 0, NULL), ==, 3);
  after = g_get_real_time ();
  se_traffic_log_flush (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 4);

  event = get_event (log, 0);
  g_assert_cmpuint (se_event_get_index (event), ==, 0);
  g_assert_cmpint (se_event_get_time (event), >=, before);
  g_assert_cmpint (se_event_get_time (event), <=, after);
  g_assert_cmpint (se_event_get_kind (event), ==, SE_EVENT_LISTEN);
  g_assert_cmpint (se_event_get_protocol (event), ==, SE_PROTOCOL_TCP);
  g_assert_cmpuint (se_event_get_connection_id (event), ==, 0);
  g_assert_cmpstr (se_event_get_local (event), ==, "127.0.0.1:7000");
  g_assert_cmpstr (se_event_get_remote (event), ==, "");
  g_assert_cmpuint (se_event_get_size (event), ==, 0);
  assert_data (event, NULL, 0);
  g_assert_true (se_event_get_data_complete (event));
  g_assert_cmpstr (se_event_get_detail (event), ==, "");
  g_assert_finalize_object (event);

  event = get_event (log, 1);
  g_assert_cmpuint (se_event_get_index (event), ==, 1);
  g_assert_cmpint (se_event_get_kind (event), ==, SE_EVENT_RECEIVE);
  g_assert_cmpint (se_event_get_protocol (event), ==, SE_PROTOCOL_UDP);
  g_assert_cmpuint (se_event_get_connection_id (event), ==, 42);
  g_assert_cmpstr (se_event_get_local (event), ==, "[::1]:9000");
  g_assert_cmpstr (se_event_get_remote (event), ==, "[::1]:40000");
  g_assert_cmpuint (se_event_get_size (event), ==, sizeof payload);
  assert_data (event, payload, sizeof payload);
  g_assert_true (se_event_get_data_complete (event));
  g_assert_cmpstr (se_event_get_detail (event), ==, "");

  /* The same fields as properties, for list views' expressions. */
  g_object_get (event,
                "index", &index,
                "kind", &kind,
                "protocol", &protocol,
                "connection-id", &conn,
                "local", &local,
                "size", &size,
                "data", &data_prop,
                "data-complete", &complete,
                "detail", &detail,
                NULL);
  g_assert_cmpuint (index, ==, 1);
  g_assert_cmpint (kind, ==, SE_EVENT_RECEIVE);
  g_assert_cmpint (protocol, ==, SE_PROTOCOL_UDP);
  g_assert_cmpuint (conn, ==, 42);
  g_assert_cmpstr (local, ==, "[::1]:9000");
  g_assert_cmpuint (size, ==, sizeof payload);
  g_assert_true (g_bytes_equal (data_prop, se_event_get_data (event)));
  g_assert_true (complete);
  g_assert_cmpstr (detail, ==, "");
  g_bytes_unref (data_prop);

  /* Items are made on demand: a new object each time, with the same
   * content; repeated addresses are stored once. */
  again = get_event (log, 1);
  g_assert_true (again != event);
  g_assert_cmpuint (se_event_get_connection_id (again), ==, 42);
  {
    SeEvent *fourth = get_event (log, 3);

    g_assert_true (se_event_get_local (fourth) == se_event_get_local (event));
    g_assert_true (se_event_get_remote (fourth) == se_event_get_remote (event));
    g_assert_cmpint (se_event_get_protocol (fourth), ==, SE_PROTOCOL_UNIX_DGRAM);
    g_assert_cmpuint (se_event_get_size (fourth), ==, 0);
    g_assert_true (se_event_get_data_complete (fourth));
    g_assert_finalize_object (fourth);
  }
  g_assert_finalize_object (again);
  g_assert_finalize_object (event);

  event = get_event (log, 2);
  g_assert_cmpint (se_event_get_kind (event), ==, SE_EVENT_ERROR);
  g_assert_cmpint (se_event_get_protocol (event), ==, SE_PROTOCOL_UNIX);
  g_assert_cmpstr (se_event_get_local (event), ==, "");
  g_assert_cmpstr (se_event_get_remote (event), ==, "/tmp/x.sock");
  g_assert_cmpstr (se_event_get_detail (event), ==, "Connection refused (ECONNREFUSED)");
  g_assert_finalize_object (event);

  g_assert_null (g_list_model_get_item (G_LIST_MODEL (log), 4));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (log), G_MAXUINT));

  g_assert_finalize_object (log);
}

/* The CLI's text lines show a preview: the log keeps only as much of each
 * payload as the preview can show, and the line looks as if it had all. */
static void
test_capture_per_event (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autofree guint8 *big = g_malloc (4096);
  g_autofree char *line = NULL;
  g_autofree char *full_line = NULL;
  SeEvent *event;

  memset (big, 'x', 4096);
  g_assert_cmpuint (se_traffic_log_get_capture_per_event (log), ==, 0);
  se_traffic_log_append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_TCP, 1, "a", "b", 4096, big, 4096, NULL);
  se_traffic_log_set_capture_per_event (log, SE_EVENT_TEXT_PREVIEW_BYTES);
  g_assert_cmpuint (se_traffic_log_get_capture_per_event (log), ==, SE_EVENT_TEXT_PREVIEW_BYTES);
  se_traffic_log_append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_TCP, 1, "a", "b", 4096, big, 4096, NULL);
  se_traffic_log_append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_TCP, 1, "a", "b", 5, big, 5, NULL);
  g_assert_cmpuint (se_traffic_log_get_retained_bytes (log), ==, 4096 + SE_EVENT_TEXT_PREVIEW_BYTES + 5);
  se_traffic_log_flush (log);

  event = get_event (log, 0);
  full_line = se_event_format_text (event);
  g_assert_finalize_object (event);

  event = get_event (log, 1);
  g_assert_cmpuint (se_event_get_size (event), ==, 4096);
  assert_data (event, big, SE_EVENT_TEXT_PREVIEW_BYTES);
  g_assert_false (se_event_get_data_complete (event));
  line = se_event_format_text (event);
  g_assert_finalize_object (event);
  /* Same line but for the time: a cut preview, no "not retained" note. */
  g_assert_cmpstr (strchr (line, ' '), ==, strchr (full_line, ' '));
  g_assert_null (strstr (line, "not retained"));
  g_assert_nonnull (strstr (line, "…"));

  /* Short payloads are kept whole. */
  event = get_event (log, 2);
  g_assert_true (se_event_get_data_complete (event));
  g_assert_finalize_object (event);
}

static void
test_capture_budget (void)
{
  SeTrafficLog *log = se_traffic_log_new ();
  static const guint8 six[] = "abcdef";
  static const guint8 five[] = "12345";
  SeEvent *event;

  g_assert_cmpuint (se_traffic_log_get_capture_budget (log), ==, SE_TRAFFIC_LOG_DEFAULT_CAPTURE_BUDGET);
  se_traffic_log_set_capture_budget (log, 10);
  g_assert_cmpuint (se_traffic_log_get_capture_budget (log), ==, 10);

  se_traffic_log_append (log, SE_EVENT_SEND, SE_PROTOCOL_TCP, 1, "a", "b", 6, six, 6, NULL);
  g_assert_cmpuint (se_traffic_log_get_retained_bytes (log), ==, 6);
  se_traffic_log_append (log, SE_EVENT_SEND, SE_PROTOCOL_TCP, 1, "a", "b", 6, six, 6, NULL);
  g_assert_cmpuint (se_traffic_log_get_retained_bytes (log), ==, 10);
  se_traffic_log_append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_TCP, 1, "a", "b", 5, five, 5, NULL);
  se_traffic_log_append (log, SE_EVENT_CLOSE, SE_PROTOCOL_TCP, 1, "a", "b", 0, NULL, 0, NULL);
  /* A size larger than the bytes given (say, a UDP datagram cut by the
   * read buffer): the size stays exact, the data is not complete. */
  se_traffic_log_append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_UDP, 0, "a", "b", 1000000, NULL, 0, NULL);
  g_assert_cmpuint (se_traffic_log_get_retained_bytes (log), ==, 10);
  se_traffic_log_flush (log);

  event = get_event (log, 0);
  g_assert_cmpuint (se_event_get_size (event), ==, 6);
  assert_data (event, six, 6);
  g_assert_true (se_event_get_data_complete (event));
  g_assert_finalize_object (event);

  /* Only what fits of the second one. */
  event = get_event (log, 1);
  g_assert_cmpuint (se_event_get_size (event), ==, 6);
  assert_data (event, six, 4);
  g_assert_false (se_event_get_data_complete (event));
  g_assert_finalize_object (event);

  /* Nothing of the third, but its size is exact. */
  event = get_event (log, 2);
  g_assert_cmpuint (se_event_get_size (event), ==, 5);
  assert_data (event, NULL, 0);
  g_assert_false (se_event_get_data_complete (event));
  g_assert_finalize_object (event);

  /* An event without bytes is complete even past the budget. */
  event = get_event (log, 3);
  g_assert_cmpuint (se_event_get_size (event), ==, 0);
  g_assert_true (se_event_get_data_complete (event));
  g_assert_finalize_object (event);

  event = get_event (log, 4);
  g_assert_cmpuint (se_event_get_size (event), ==, 1000000);
  assert_data (event, NULL, 0);
  g_assert_false (se_event_get_data_complete (event));
  g_assert_finalize_object (event);

  /* Raising the budget lets new events keep their bytes again. */
  se_traffic_log_set_capture_budget (log, 15);
  se_traffic_log_append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_TCP, 1, "a", "b", 5, five, 5, NULL);
  se_traffic_log_flush (log);
  event = get_event (log, 5);
  assert_data (event, five, 5);
  g_assert_true (se_event_get_data_complete (event));
  g_assert_finalize_object (event);
  g_assert_cmpuint (se_traffic_log_get_retained_bytes (log), ==, 15);

  /* Clearing frees the budget. */
  se_traffic_log_clear (log);
  g_assert_cmpuint (se_traffic_log_get_retained_bytes (log), ==, 0);
  se_traffic_log_append (log, SE_EVENT_SEND, SE_PROTOCOL_TCP, 1, "a", "b", 6, six, 6, NULL);
  se_traffic_log_flush (log);
  event = get_event (log, 0);
  assert_data (event, six, 6);
  g_assert_true (se_event_get_data_complete (event));
  g_assert_finalize_object (event);

  g_assert_finalize_object (log);
}

/* Payloads of every size land intact, across arena chunks and in blocks
 * of their own. */
static void
test_large_payloads (void)
{
  SeTrafficLog *log = se_traffic_log_new ();
  static const gsize sizes[] = { 1, 100 * 1000, 300 * 1000, 1, 700 * 1000, 200 * 1000, 262144, 3 * 1000 * 1000, 5 };
  g_autofree guint8 *buffer = g_malloc (3 * 1000 * 1000);
  gsize total = 0;

  for (gsize i = 0; i < 3 * 1000 * 1000; i++)
    buffer[i] = (guint8) (i * 7 + i / 251);

  for (guint round = 0; round < 4; round++)
    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
      {
        /* Each event starts at a different place in the pattern. */
        gsize start = (round * 13 + i * 101) % 1000;
        gsize len = MIN (sizes[i], 3 * 1000 * 1000 - start);

        se_traffic_log_append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_TCP, i, "l", "r",
                               len, buffer + start, len, NULL);
        total += len;
      }
  se_traffic_log_flush (log);

  g_assert_cmpuint (se_traffic_log_get_retained_bytes (log), ==, total);
  g_assert_cmpuint (se_traffic_log_get_memory_size (log), >=, total);

  for (guint round = 0; round < 4; round++)
    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
      {
        gsize start = (round * 13 + i * 101) % 1000;
        gsize len = MIN (sizes[i], 3 * 1000 * 1000 - start);
        SeEvent *event = get_event (log, round * G_N_ELEMENTS (sizes) + i);

        g_assert_cmpuint (se_event_get_size (event), ==, len);
        assert_data (event, buffer + start, len);
        g_assert_true (se_event_get_data_complete (event));
        g_assert_finalize_object (event);
      }

  g_assert_finalize_object (log);
}

static void
test_clear (void)
{
  SeTrafficLog *log = se_traffic_log_new ();
  Recorder rec;
  SeEvent *kept;
  gsize empty_size = se_traffic_log_get_memory_size (log);
  g_autofree guint8 *big = g_malloc0 (200 * 1000);

  recorder_init (&rec, log);

  for (guint i = 0; i < 10; i++)
    append_simple (log, SE_EVENT_SEND, "hello");
  se_traffic_log_append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_TCP, 1, "l", "r",
                         200 * 1000, big, 200 * 1000, "big");
  se_traffic_log_flush (log);
  g_assert_cmpuint (rec.changes->len, ==, 1);
  g_assert_cmpuint (se_traffic_log_get_memory_size (log), >, empty_size + 200 * 1000);

  kept = get_event (log, 10);

  se_traffic_log_clear (log);
  g_assert_cmpuint (rec.changes->len, ==, 2);
  assert_change (&rec, 1, 0, 11, 0);
  g_assert_cmpuint (g_array_index (rec.changes, Change, 1).n_items_then, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (log), 0));
  g_assert_cmpuint (se_traffic_log_get_retained_bytes (log), ==, 0);
  g_assert_cmpuint (se_traffic_log_get_memory_size (log), ==, empty_size);

  /* An item taken before the clear still holds its own copy. */
  g_assert_cmpstr (se_event_get_local (kept), ==, "l");
  g_assert_cmpstr (se_event_get_detail (kept), ==, "big");
  assert_data (kept, big, 200 * 1000);
  g_assert_finalize_object (kept);

  /* Indices start again at 0. */
  g_assert_cmpuint (append_simple (log, SE_EVENT_SEND, "again"), ==, 0);

  /* Clearing drops pending records too; views never saw them, so there is
   * nothing to remove and no signal. */
  se_traffic_log_clear (log);
  g_assert_cmpuint (rec.changes->len, ==, 2);
  se_test_spin (20);
  g_assert_cmpuint (rec.changes->len, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);

  /* Clearing an empty log is silent. */
  se_traffic_log_clear (log);
  g_assert_cmpuint (rec.changes->len, ==, 2);

  recorder_finish (&rec, log);
  g_assert_finalize_object (log);
}

static void
test_pause (void)
{
  SeTrafficLog *log = se_traffic_log_new ();
  Recorder rec;
  guint n_events = 0;
  gboolean paused = FALSE;

  recorder_init (&rec, log);

  append_simple (log, SE_EVENT_SEND, "seen");
  one_iteration ();
  g_assert_cmpuint (rec.changes->len, ==, 1);

  se_traffic_log_set_paused (log, TRUE);
  g_assert_true (se_traffic_log_get_paused (log));
  g_object_get (log, "paused", &paused, NULL);
  g_assert_true (paused);

  for (guint i = 0; i < 4; i++)
    append_simple (log, SE_EVENT_RECEIVE, "held");

  /* Appended and counted, but the views are not told. */
  se_test_spin (20);
  se_traffic_log_flush (log);
  g_assert_cmpuint (rec.changes->len, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 1);
  g_object_get (log, "n-events", &n_events, NULL);
  g_assert_cmpuint (n_events, ==, 5);
  g_assert_cmpuint (rec.n_events_notifies, ==, 2);

  /* Resuming shows them in one signal. */
  se_traffic_log_set_paused (log, FALSE);
  g_assert_false (se_traffic_log_get_paused (log));
  g_assert_cmpuint (rec.changes->len, ==, 2);
  assert_change (&rec, 1, 1, 0, 4);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 5);
  se_test_spin (20);
  g_assert_cmpuint (rec.changes->len, ==, 2);

  /* Setting the same value again changes nothing. */
  se_traffic_log_set_paused (log, FALSE);
  g_assert_cmpuint (rec.changes->len, ==, 2);

  /* Clear while paused empties what the views see. */
  se_traffic_log_set_paused (log, TRUE);
  append_simple (log, SE_EVENT_RECEIVE, "held");
  se_traffic_log_clear (log);
  g_assert_cmpuint (rec.changes->len, ==, 3);
  assert_change (&rec, 2, 0, 5, 0);
  se_traffic_log_set_paused (log, FALSE);
  g_assert_cmpuint (rec.changes->len, ==, 3);

  recorder_finish (&rec, log);
  g_assert_finalize_object (log);
}

static char **
write_lines (SeTrafficLog   *log,
             SeExportFormat  format,
             guint          *n_lines)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  char **lines;
  guint n;

  g_assert_true (se_traffic_log_write (log, format, stream, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (stream, NULL, NULL));

  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
  if (g_bytes_get_size (bytes) == 0)
    {
      *n_lines = 0;
      return g_new0 (char *, 1);
    }

  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_cmpuint (strlen (text), ==, g_bytes_get_size (bytes));

  g_assert_true (g_str_has_suffix (text, "\n"));
  text[strlen (text) - 1] = '\0';
  lines = g_strsplit (text, "\n", -1);
  n = g_strv_length (lines);
  *n_lines = n;

  return lines;
}

/* A log with one event of each interesting shape. */
static SeTrafficLog *
make_sample_log (void)
{
  SeTrafficLog *log = se_traffic_log_new ();
  static const guint8 binary[] = { 'A', 0x00, 0xff, '\n', '"', '\\' };

  se_traffic_log_set_capture_budget (log, 12);
  se_traffic_log_append (log, SE_EVENT_LISTEN, SE_PROTOCOL_TCP, 0,
                         "127.0.0.1:7000", NULL, 0, NULL, 0, NULL);
  se_traffic_log_append (log, SE_EVENT_ACCEPT, SE_PROTOCOL_TCP, 3,
                         "127.0.0.1:7000", "127.0.0.1:51000", 0, NULL, 0, NULL);
  se_traffic_log_append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_TCP, 3,
                         "127.0.0.1:7000", "127.0.0.1:51000", 5, (const guint8 *) "hello", 5, NULL);
  se_traffic_log_append (log, SE_EVENT_SEND, SE_PROTOCOL_UDP, 4,
                         "[::1]:5000", "[::1]:6000", sizeof binary, binary, sizeof binary, NULL);
  /* Past the 12-byte budget: 1 byte of 4 kept. */
  se_traffic_log_append (log, SE_EVENT_SEND, SE_PROTOCOL_UNIX, 5,
                         "/tmp/s.sock", "", 4, (const guint8 *) "WXYZ", 4, NULL);
  se_traffic_log_append (log, SE_EVENT_ERROR, SE_PROTOCOL_UNIX_DGRAM, 0,
                         "", "/tmp/d.sock", 0, NULL, 0,
                         "bad \xff\xfe end \"q\" \\ \n\t\x01 你好");
  se_traffic_log_append (log, SE_EVENT_CONNECT, SE_PROTOCOL_TCP, 6,
                         "127.0.0.1:51001", "127.0.0.1:7000", 0, NULL, 0, NULL);

  return log;
}

static void
assert_time_prefix (const char *line,
                    gint64      time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (time / G_USEC_PER_SEC);
  g_autofree char *hms = g_date_time_format (dt, "%H:%M:%S");
  g_autofree char *expected = g_strdup_printf ("%s.%06d ", hms, (int) (time % G_USEC_PER_SEC));

  g_assert_true (g_regex_match_simple ("^[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{6} ", line, 0, 0));
  g_assert_true (g_str_has_prefix (line, expected));
}

static void
test_export_text (void)
{
  SeTrafficLog *log = make_sample_log ();
  static const char * const expected_rest[] = {
    "listen tcp 127.0.0.1:7000",
    "accept tcp #3 127.0.0.1:7000 <- 127.0.0.1:51000",
    "receive tcp #3 127.0.0.1:7000 <- 127.0.0.1:51000 5 B \"hello\"",
    "send udp #4 [::1]:5000 -> [::1]:6000 6 B \"A\\x00\\xff\\n\"\\\\\"",
    "send unix #5 /tmp/s.sock 4 B \"W\" [not retained past capture budget]",
    "error unix-dgram -- /tmp/d.sock bad \xef\xbf\xbd\xef\xbf\xbd end \"q\" \\     你好",
    "connect tcp #6 127.0.0.1:51001 -> 127.0.0.1:7000",
  };
  g_auto(GStrv) lines = NULL;
  guint n_lines;

  /* Exports include what the views have not been told of yet. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
  lines = write_lines (log, SE_EXPORT_TEXT, &n_lines);
  g_assert_cmpuint (n_lines, ==, G_N_ELEMENTS (expected_rest));

  se_traffic_log_flush (log);

  for (guint i = 0; i < n_lines; i++)
    {
      SeEvent *event = get_event (log, i);
      g_autofree char *formatted = se_event_format_text (event);
      const char *rest = strchr (lines[i], ' ');

      g_assert_cmpstr (lines[i], ==, formatted);
      assert_time_prefix (lines[i], se_event_get_time (event));
      g_assert_nonnull (rest);
      g_assert_cmpstr (rest + 1, ==, expected_rest[i]);
      g_assert_finalize_object (event);
    }

  g_assert_finalize_object (log);
}

static void
test_export_text_preview_length (void)
{
  SeTrafficLog *log = se_traffic_log_new ();
  char payload[200];
  g_auto(GStrv) lines = NULL;
  guint n_lines;
  const char *quote;

  memset (payload, 'x', sizeof payload);
  se_traffic_log_append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_TCP, 1, "a", "b",
                         sizeof payload, (const guint8 *) payload, sizeof payload, NULL);
  lines = write_lines (log, SE_EXPORT_TEXT, &n_lines);
  g_assert_cmpuint (n_lines, ==, 1);

  /* 64 characters, then the ellipsis. */
  quote = strstr (lines[0], " 200 B \"");
  g_assert_nonnull (quote);
  quote += strlen (" 200 B \"");
  g_assert_cmpuint (strspn (quote, "x"), ==, 64);
  g_assert_cmpstr (quote + 64, ==, "…\"");

  g_assert_finalize_object (log);
}

static void
check_json_line (const char *line,
                 SeEvent    *event,
                 guint       index)
{
  g_autoptr(GHashTable) fields = json_parse_flat_object (line);
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *base = NULL;
  g_autofree char *iso = NULL;
  g_autofree char *hex = NULL;
  g_autofree char *time_text = NULL;
  g_autofree char *size_text = NULL;
  g_autofree char *index_text = NULL;
  g_autofree char *conn_text = NULL;
  gint64 time;
  gsize len;
  const guint8 *data;

  if (fields == NULL)
    g_error ("not a valid JSON object: %s", line);

  g_assert_cmpuint (g_hash_table_size (fields), ==, 12);

  time = se_event_get_time (event);
  dt = g_date_time_new_from_unix_utc (time / G_USEC_PER_SEC);
  base = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
  iso = g_strdup_printf ("%s.%06dZ", base, (int) (time % G_USEC_PER_SEC));
  time_text = g_strdup_printf ("%" G_GINT64_FORMAT, time);
  size_text = g_strdup_printf ("%" G_GUINT64_FORMAT, se_event_get_size (event));
  index_text = g_strdup_printf ("%u", index);
  conn_text = g_strdup_printf ("%u", se_event_get_connection_id (event));
  data = g_bytes_get_data (se_event_get_data (event), &len);
  hex = se_payload_to_hex (data, len, FALSE);

  g_assert_cmpstr (json_get (fields, "index", 'n'), ==, index_text);
  g_assert_cmpstr (json_get (fields, "time", 'n'), ==, time_text);
  g_assert_cmpstr (json_get (fields, "kind", 's'), ==, se_event_kind_to_string (se_event_get_kind (event)));
  g_assert_cmpstr (json_get (fields, "proto", 's'), ==, se_protocol_to_string (se_event_get_protocol (event)));
  g_assert_cmpstr (json_get (fields, "conn", 'n'), ==, conn_text);
  g_assert_cmpstr (json_get (fields, "local", 's'), ==, se_event_get_local (event));
  g_assert_cmpstr (json_get (fields, "remote", 's'), ==, se_event_get_remote (event));
  g_assert_cmpstr (json_get (fields, "size", 'n'), ==, size_text);
  g_assert_cmpstr (json_get (fields, "data", 's'), ==, hex);
  json_get (fields, "data_complete", se_event_get_data_complete (event) ? 't' : 'f');
  g_assert_true (g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{6}Z$",
                                       json_get (fields, "time_iso", 's'), 0, 0));
  g_assert_cmpstr (json_get (fields, "time_iso", 's'), ==, iso);
}

static void
test_export_json (void)
{
  SeTrafficLog *log = make_sample_log ();
  g_auto(GStrv) lines = NULL;
  guint n_lines;

  lines = write_lines (log, SE_EXPORT_JSON_LINES, &n_lines);
  g_assert_cmpuint (n_lines, ==, 7);
  se_traffic_log_flush (log);

  for (guint i = 0; i < n_lines; i++)
    {
      SeEvent *event = get_event (log, i);
      g_autofree char *formatted = se_event_format_json (event);

      g_assert_cmpstr (lines[i], ==, formatted);
      check_json_line (lines[i], event, i);
      g_assert_finalize_object (event);
    }

  /* The exact values of the tricky ones. */
  {
    g_autoptr(GHashTable) udp = json_parse_flat_object (lines[3]);
    g_autoptr(GHashTable) cut = json_parse_flat_object (lines[4]);
    g_autoptr(GHashTable) error = json_parse_flat_object (lines[5]);

    g_assert_cmpstr (json_get (udp, "proto", 's'), ==, "udp");
    g_assert_cmpstr (json_get (udp, "data", 's'), ==, "4100ff0a225c");
    g_assert_cmpstr (json_get (udp, "local", 's'), ==, "[::1]:5000");
    json_get (udp, "data_complete", 't');

    g_assert_cmpstr (json_get (cut, "size", 'n'), ==, "4");
    g_assert_cmpstr (json_get (cut, "data", 's'), ==, "57");
    g_assert_cmpstr (json_get (cut, "remote", 's'), ==, "");
    json_get (cut, "data_complete", 'f');

    g_assert_cmpstr (json_get (error, "kind", 's'), ==, "error");
    g_assert_cmpstr (json_get (error, "proto", 's'), ==, "unix-dgram");
    g_assert_cmpstr (json_get (error, "conn", 'n'), ==, "0");
    g_assert_cmpstr (json_get (error, "detail", 's'), ==,
                     "bad \xef\xbf\xbd\xef\xbf\xbd end \"q\" \\ \n\t\x01 你好");
    g_assert_cmpstr (json_get (error, "data", 's'), ==, "");
  }

  g_assert_finalize_object (log);
}

static void
test_json_time_iso (void)
{
  SeTrafficLog *log = se_traffic_log_new ();
  g_auto(GStrv) lines = NULL;
  guint n_lines;

  append_simple (log, SE_EVENT_SEND, "t");
  lines = write_lines (log, SE_EXPORT_JSON_LINES, &n_lines);
  g_assert_cmpuint (n_lines, ==, 1);

  {
    g_autoptr(GHashTable) fields = json_parse_flat_object (lines[0]);
    gint64 time = g_ascii_strtoll (json_get (fields, "time", 'n'), NULL, 10);
    g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
    g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (json_get (fields, "time_iso", 's'), utc);

    g_assert_nonnull (parsed);
    g_assert_cmpint (g_date_time_to_unix (parsed) * G_USEC_PER_SEC + g_date_time_get_microsecond (parsed), ==, time);
  }

  g_assert_finalize_object (log);
}

static void
test_write_empty_and_cancelled (void)
{
  SeTrafficLog *log = se_traffic_log_new ();
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_lines = 99;

  lines = write_lines (log, SE_EXPORT_JSON_LINES, &n_lines);
  g_assert_cmpuint (n_lines, ==, 0);

  append_simple (log, SE_EVENT_SEND, "x");
  g_cancellable_cancel (cancellable);
  g_assert_false (se_traffic_log_write (log, SE_EXPORT_TEXT, stream, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_assert_finalize_object (log);
}

static char **
read_file_lines (GFile *file,
                 guint *n_lines)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;
  char **lines;

  g_assert_true (g_file_load_contents (file, NULL, &contents, &len, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (len > 0);
  g_assert_cmpint (contents[len - 1], ==, '\n');
  contents[len - 1] = '\0';
  lines = g_strsplit (contents, "\n", -1);
  *n_lines = g_strv_length (lines);
  return lines;
}

static void
run_export_while_busy (gboolean clear_meanwhile)
{
  SeTrafficLog *log = se_traffic_log_new ();
  g_autofree char *dir = se_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "log.jsonl", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_lines = 0;
  const guint n_before = 20000;
  guint8 payload[64];

  for (guint i = 0; i < sizeof payload; i++)
    payload[i] = (guint8) i;

  /* Enough events (and payload to span several arena chunks) that the
   * export is still running while the main thread goes on. */
  se_traffic_log_set_capture_budget (log, 8 * 1024 * 1024);
  for (guint i = 0; i < n_before; i++)
    {
      g_autofree char *remote = g_strdup_printf ("127.0.0.1:%u", 40000 + i % 1000);
      guint8 big[200];

      memset (big, (int) (i & 0xff), sizeof big);
      se_traffic_log_append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_TCP, i % 1000 + 1,
                             "127.0.0.1:7000", remote, sizeof big, big, sizeof big, NULL);
    }
  se_traffic_log_flush (log);

  se_traffic_log_export_async (log, file, SE_EXPORT_JSON_LINES, NULL,
                               se_test_store_result, &result);

  /* The main thread keeps appending (new strings, new records, new arena
   * chunks) while the worker writes. */
  for (guint i = 0; i < 30000; i++)
    {
      g_autofree char *remote = g_strdup_printf ("127.0.0.1:%u", 50000 + i);

      se_traffic_log_append (log, SE_EVENT_SEND, SE_PROTOCOL_UDP, 99999,
                             "127.0.0.1:8000", remote, sizeof payload, payload, sizeof payload,
                             "during export");
      if (i % 1000 == 0)
        one_iteration ();
      if (clear_meanwhile && i == 100)
        se_traffic_log_clear (log);
    }

  se_test_wait_result (&result, 30000);
  g_assert_true (se_traffic_log_export_finish (log, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  /* Exactly the events present at the call. */
  lines = read_file_lines (file, &n_lines);
  g_assert_cmpuint (n_lines, ==, n_before);
  for (guint i = 0; i < n_lines; i += 997)
    {
      g_autoptr(GHashTable) fields = json_parse_flat_object (lines[i]);
      g_autofree char *index_text = g_strdup_printf ("%u", i);
      g_autofree char *remote = g_strdup_printf ("127.0.0.1:%u", 40000 + i % 1000);
      g_autofree char *hex = NULL;
      guint8 big[200];

      memset (big, (int) (i & 0xff), sizeof big);
      hex = se_payload_to_hex (big, sizeof big, FALSE);

      g_assert_nonnull (fields);
      g_assert_cmpstr (json_get (fields, "index", 'n'), ==, index_text);
      g_assert_cmpstr (json_get (fields, "kind", 's'), ==, "receive");
      g_assert_cmpstr (json_get (fields, "remote", 's'), ==, remote);
      g_assert_cmpstr (json_get (fields, "data", 's'), ==, hex);
      json_get (fields, "data_complete", 't');
    }
  {
    g_autoptr(GHashTable) last = json_parse_flat_object (lines[n_lines - 1]);

    g_assert_nonnull (last);
    g_assert_cmpstr (json_get (last, "kind", 's'), ==, "receive");
  }

  g_unlink (path);
  se_test_remove_dir (dir);
  g_assert_finalize_object (log);
}

static void
test_export_async_while_appending (void)
{
  run_export_while_busy (FALSE);
}

static void
test_export_async_while_clearing (void)
{
  run_export_while_busy (TRUE);
}

static void
test_export_async_text_replaces (void)
{
  SeTrafficLog *log = make_sample_log ();
  g_autofree char *dir = se_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "log.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) expected = NULL;
  guint n_lines = 0;
  guint n_expected = 0;

  g_assert_true (g_file_set_contents (path, "old contents, much longer than nothing\n", -1, NULL));

  se_traffic_log_export_async (log, file, SE_EXPORT_TEXT, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, 10000);
  g_assert_true (se_traffic_log_export_finish (log, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  lines = read_file_lines (file, &n_lines);
  expected = write_lines (log, SE_EXPORT_TEXT, &n_expected);
  g_assert_cmpuint (n_lines, ==, 7);
  g_assert_cmpstrv (lines, expected);

  g_unlink (path);
  se_test_remove_dir (dir);
  g_assert_finalize_object (log);
}

static void
test_export_async_errors (void)
{
  SeTrafficLog *log = make_sample_log ();
  g_autofree char *dir = se_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "missing-dir", "log.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  /* A file in a folder that does not exist. */
  se_traffic_log_export_async (log, file, SE_EXPORT_TEXT, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, 10000);
  g_assert_false (se_traffic_log_export_finish (log, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&result);

  /* Cancelled before it starts: no file is made. */
  g_clear_object (&file);
  g_free (path);
  path = g_build_filename (dir, "cancelled.txt", NULL);
  file = g_file_new_for_path (path);
  g_cancellable_cancel (cancellable);
  se_traffic_log_export_async (log, file, SE_EXPORT_TEXT, cancellable, se_test_store_result, &result);
  se_test_wait_result (&result, 10000);
  g_assert_false (se_traffic_log_export_finish (log, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_object (&result);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  se_test_remove_dir (dir);
  g_assert_finalize_object (log);
}

static void
test_memory_compact (void)
{
  SeTrafficLog *log = se_traffic_log_new ();
  gsize empty = se_traffic_log_get_memory_size (log);
  guint8 payload[64] = { 0 };
  const guint n = 100000;
  gsize per_event;

  for (guint i = 0; i < n; i++)
    {
      char remote[32];

      g_snprintf (remote, sizeof remote, "127.0.0.1:%u", 40000 + i % 500);
      se_traffic_log_append (log, (i & 1) ? SE_EVENT_SEND : SE_EVENT_RECEIVE, SE_PROTOCOL_TCP,
                             i % 500 + 1, "127.0.0.1:7000", remote,
                             sizeof payload, payload, sizeof payload, NULL);
    }

  g_assert_cmpuint (se_traffic_log_get_retained_bytes (log), ==, (gsize) n * sizeof payload);

  /* Records plus payload, with a little slack for chunks and strings:
   * well under 100 bytes per event on top of the payload. */
  per_event = (se_traffic_log_get_memory_size (log) - empty - n * sizeof payload) / n;
  g_test_message ("%" G_GSIZE_FORMAT " bytes per event besides the payload", per_event);
  g_assert_cmpuint (per_event, <, 100);

  g_assert_finalize_object (log);
}

/* Memory budget and dropping */

#define TEST_RECORD_CHUNK (4096 * 48)

static guint
get_n_events (SeTrafficLog *log)
{
  guint n = 0;

  g_object_get (log, "n-events", &n, NULL);
  return n;
}

/* Appends an event whose detail says its number, so every event has a
 * string of its own. */
static void
append_numbered (SeTrafficLog *log,
                 guint64       number)
{
  char detail[64];

  g_snprintf (detail, sizeof detail, "event number %" G_GUINT64_FORMAT, number);
  se_traffic_log_append (log, SE_EVENT_SEND, SE_PROTOCOL_UDP, 1,
                         "127.0.0.1:7000", "127.0.0.1:51000",
                         4, (const guint8 *) "data", 4, detail);
}

static void
assert_numbered (SeTrafficLog *log,
                 guint         position,
                 guint64       number)
{
  g_autoptr(SeEvent) event = get_event (log, position);
  g_autofree char *detail = g_strdup_printf ("event number %" G_GUINT64_FORMAT, number);

  g_assert_cmpstr (se_event_get_detail (event), ==, detail);
  g_assert_cmpuint (se_event_get_index (event), ==, (guint) number);
}

static void
test_drop_before (void)
{
  SeTrafficLog *log = se_traffic_log_new ();
  g_autoptr(GBytes) big_data = NULL;
  g_autofree char *message = NULL;
  g_autofree guint8 *big = g_malloc (300 * 1024);
  Recorder rec;

  g_assert_null (se_traffic_log_dup_dropped_message (log));

  /* A large payload gets an arena block of its own, and its item shares
   * it: the item must stay good after the log drops the event. */
  for (guint i = 0; i < 300 * 1024; i++)
    big[i] = (guint8) (i * 7);
  se_traffic_log_append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_TCP, 1, "a", "b",
                         300 * 1024, big, 300 * 1024, "event number 0");
  for (guint i = 1; i < 10; i++)
    append_numbered (log, i);
  se_traffic_log_flush (log);
  {
    g_autoptr(SeEvent) first = get_event (log, 0);

    big_data = g_bytes_ref (se_event_get_data (first));
  }
  g_assert_cmpuint (se_traffic_log_get_retained_bytes (log), ==, 300 * 1024 + 9 * 4);

  recorder_init (&rec, log);
  se_traffic_log_drop_before (log, 3);
  g_assert_cmpuint (rec.changes->len, ==, 1);
  assert_change (&rec, 0, 0, 3, 0);
  g_assert_cmpuint (g_array_index (rec.changes, Change, 0).n_items_then, ==, 7);
  g_assert_cmpuint (rec.n_dropped_notifies, ==, 1);
  g_assert_cmpuint (rec.n_events_notifies, ==, 1);
  g_assert_cmpuint (rec.n_items_notifies, ==, 1);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 7);
  g_assert_cmpuint (get_n_events (log), ==, 7);
  g_assert_cmpuint (se_traffic_log_get_n_dropped (log), ==, 3);
  g_assert_cmpuint (se_traffic_log_get_n_appended (log), ==, 10);
  g_assert_cmpuint (se_traffic_log_get_retained_bytes (log), ==, 7 * 4);
  for (guint i = 0; i < 7; i++)
    assert_numbered (log, i, i + 3);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (log), 7));

  /* The dropped event's bytes are still the item's. */
  g_assert_cmpuint (g_bytes_get_size (big_data), ==, 300 * 1024);
  g_assert_cmpmem (g_bytes_get_data (big_data, NULL), 300 * 1024, big, 300 * 1024);

  message = se_traffic_log_dup_dropped_message (log);
  g_assert_cmpstr (message, ==, "3 earlier events dropped");
  g_clear_pointer (&message, g_free);

  /* Nothing to drop: nothing said. */
  se_traffic_log_drop_before (log, 0);
  g_assert_cmpuint (rec.changes->len, ==, 1);
  g_assert_cmpuint (rec.n_dropped_notifies, ==, 1);

  /* Events the views have not been told of yet stay, and come with the
   * next flush. */
  append_numbered (log, 10);
  append_numbered (log, 11);
  se_traffic_log_drop_before (log, 7);
  g_assert_cmpuint (rec.changes->len, ==, 2);
  assert_change (&rec, 1, 0, 7, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
  g_assert_cmpuint (get_n_events (log), ==, 2);
  se_traffic_log_flush (log);
  g_assert_cmpuint (rec.changes->len, ==, 3);
  assert_change (&rec, 2, 0, 0, 2);
  assert_numbered (log, 0, 10);
  assert_numbered (log, 1, 11);
  g_assert_cmpuint (se_traffic_log_get_n_dropped (log), ==, 10);

  message = se_traffic_log_dup_dropped_message (log);
  g_assert_cmpstr (message, ==, "10 earlier events dropped");

  /* Dropping everything frees the arena, and the log goes on. */
  se_traffic_log_drop_before (log, 2);
  g_assert_cmpuint (se_traffic_log_get_retained_bytes (log), ==, 0);
  append_numbered (log, 12);
  se_traffic_log_flush (log);
  assert_numbered (log, 0, 12);

  /* Clearing starts the count again. */
  se_traffic_log_clear (log);
  g_assert_cmpuint (se_traffic_log_get_n_dropped (log), ==, 0);
  g_assert_cmpuint (se_traffic_log_get_n_appended (log), ==, 0);
  g_assert_null (se_traffic_log_dup_dropped_message (log));

  recorder_finish (&rec, log);
  g_assert_finalize_object (log);
}

static void
test_memory_budget_drops_chunks (void)
{
  SeTrafficLog *log = se_traffic_log_new ();
  const guint n = 3 * 4096 + 10;
  gsize size;
  Recorder rec;

  g_assert_cmpuint (se_traffic_log_get_memory_budget (log), ==, 0);

  for (guint i = 0; i < n; i++)
    append_numbered (log, i);
  se_traffic_log_flush (log);
  size = se_traffic_log_get_memory_size (log);

  recorder_init (&rec, log);

  /* One byte under: the oldest record chunk goes, all in one
   * items-changed at the next batch, not before. */
  se_traffic_log_set_memory_budget (log, size - 1);
  g_assert_cmpuint (se_traffic_log_get_memory_budget (log), ==, size - 1);
  g_assert_cmpuint (rec.changes->len, ==, 0);
  g_assert_cmpuint (se_traffic_log_get_n_dropped (log), ==, 0);
  one_iteration ();
  g_assert_cmpuint (rec.changes->len, ==, 1);
  assert_change (&rec, 0, 0, 4096, 0);
  g_assert_cmpuint (rec.n_dropped_notifies, ==, 1);
  g_assert_cmpuint (se_traffic_log_get_n_dropped (log), ==, 4096);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, n - 4096);
  g_assert_cmpuint (get_n_events (log), ==, n - 4096);
  assert_numbered (log, 0, 4096);
  assert_numbered (log, n - 4096 - 1, n - 1);
  /* The chunk, its 4096 strings and their payload are freed. */
  g_assert_cmpuint (se_traffic_log_get_memory_size (log), <=, size - TEST_RECORD_CHUNK - 4096 * 4);
  g_assert_cmpuint (se_traffic_log_get_retained_bytes (log), ==, (n - 4096) * 4);

  /* Paused: the views know 8202 events and are not told of new ones, but
   * are told of those dropped. */
  se_traffic_log_set_memory_budget (log, 0);
  se_traffic_log_set_paused (log, TRUE);
  for (guint i = n; i < n + 4096; i++)
    append_numbered (log, i);
  se_traffic_log_flush (log);
  g_assert_cmpuint (rec.changes->len, ==, 1);
  g_assert_cmpuint (get_n_events (log), ==, n - 4096 + 4096);

  /* A budget nothing fits: whole chunks go, then single events of the
   * last chunk, down to the newest. The views knew of 8202 of them. */
  se_traffic_log_set_memory_budget (log, 1);
  se_traffic_log_flush (log);
  g_assert_cmpuint (rec.changes->len, ==, 2);
  assert_change (&rec, 1, 0, n - 4096, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
  g_assert_cmpuint (get_n_events (log), ==, 1);
  g_assert_cmpuint (se_traffic_log_get_n_dropped (log), ==, n + 4096 - 1);
  g_assert_cmpuint (se_traffic_log_get_n_appended (log), ==, n + 4096);
  g_assert_cmpuint (rec.n_dropped_notifies, ==, 2);

  se_traffic_log_set_paused (log, FALSE);
  g_assert_cmpuint (rec.changes->len, ==, 3);
  assert_change (&rec, 2, 0, 0, 1);
  assert_numbered (log, 0, n + 4096 - 1);

  /* Unlimited again: nothing more is dropped. */
  se_traffic_log_set_memory_budget (log, 0);
  for (guint i = 0; i < 10000; i++)
    append_numbered (log, n + 4096 + i);
  se_traffic_log_flush (log);
  g_assert_cmpuint (get_n_events (log), ==, 10001);
  g_assert_cmpuint (rec.n_dropped_notifies, ==, 2);

  recorder_finish (&rec, log);
  g_assert_finalize_object (log);
}

/* Resident memory of this process in bytes, or 0 where /proc has none. */
static gsize
resident_size (void)
{
  g_autofree char *statm = NULL;
  g_auto(GStrv) fields = NULL;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL))
    return 0;

  fields = g_strsplit (statm, " ", -1);
  if (g_strv_length (fields) < 2)
    return 0;

  return (gsize) g_ascii_strtoull (fields[1], NULL, 10) * (gsize) sysconf (_SC_PAGESIZE);
}

/* What the views know, replayed from items-changed, and checked against
 * the events' own numbers (their index) on every change. */
typedef struct
{
  guint   n_items;
  guint   first_index;   /* of the item at 0, when n_items > 0 */
  guint64 n_removed;
} Replay;

static guint
index_at (GListModel *model,
          guint       position)
{
  g_autoptr(SeEvent) event = g_list_model_get_item (model, position);

  g_assert_nonnull (event);
  return se_event_get_index (event);
}

static void
replay_items_changed_cb (GListModel *model,
                         guint       position,
                         guint       removed,
                         guint       added,
                         Replay     *replay)
{
  if (removed > 0)
    {
      /* Drops are at the front, told on their own. */
      g_assert_cmpuint (position, ==, 0);
      g_assert_cmpuint (added, ==, 0);
      g_assert_cmpuint (removed, <=, replay->n_items);
      replay->n_items -= removed;
      replay->first_index += removed;
      replay->n_removed += removed;
    }
  else
    {
      /* Appends at the end, up to the newest. */
      g_assert_cmpuint (position, ==, replay->n_items);
      if (replay->n_items == 0)
        replay->first_index = index_at (model, 0);
      replay->n_items += added;
      g_assert_cmpuint (index_at (model, replay->n_items - 1), ==,
                        se_traffic_log_get_n_appended (SE_TRAFFIC_LOG (model)) - 1);
    }

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, replay->n_items);
  if (replay->n_items > 0)
    g_assert_cmpuint (index_at (model, 0), ==, replay->first_index);
}

static void
test_memory_budget_unique_strings (void)
{
  SeTrafficLog *log = se_traffic_log_new ();
  const gsize budget = 4 * 1024 * 1024;
  const guint n = 1000000;
  Replay replay = { 0, 0, 0 };
  gsize max_size = 0;
  gsize rss_early = 0;
  gsize rss_late;
  Recorder rec;

  recorder_init (&rec, log);
  g_signal_connect (log, "items-changed", G_CALLBACK (replay_items_changed_cb), &replay);
  g_object_set (log, "memory-budget", (guint64) budget, NULL);

  /* No main loop runs here: appends alone keep the log near its budget,
   * as a long burst would. Every event has a string of its own, which
   * must go with it. */
  for (guint i = 0; i < n; i++)
    {
      append_numbered (log, i);

      if (i % 1000 == 999)
        max_size = MAX (max_size, se_traffic_log_get_memory_size (log));
      if (i == 200000)
        rss_early = resident_size ();
    }
  se_traffic_log_flush (log);
  rss_late = resident_size ();

  g_test_message ("largest size %" G_GSIZE_FORMAT ", at the end %" G_GSIZE_FORMAT
                  ", resident %" G_GSIZE_FORMAT " -> %" G_GSIZE_FORMAT,
                  max_size, se_traffic_log_get_memory_size (log), rss_early, rss_late);

  g_assert_cmpuint (max_size, <=, budget + 3 * TEST_RECORD_CHUNK);
  g_assert_cmpuint (se_traffic_log_get_memory_size (log), <=, budget + TEST_RECORD_CHUNK);
  /* Most of the budget is used, not all of it dropped. */
  g_assert_cmpuint (get_n_events (log), >, 10000);
  g_assert_cmpuint (se_traffic_log_get_n_dropped (log) + get_n_events (log), ==, n);

  /* Without the dropping, a million distinct strings take over 100 MB.
   * (Not under AddressSanitizer: its quarantine keeps freed memory
   * resident on purpose.) */
#ifndef __SANITIZE_ADDRESS__
  if (rss_early > 0)
    g_assert_cmpuint (rss_late, <, rss_early + 32 * 1024 * 1024);
#endif

  /* Every items-changed said exactly what changed; see
   * replay_items_changed_cb(). */
  g_assert_cmpuint (replay.n_items, ==, get_n_events (log));
  g_assert_cmpuint (replay.n_removed, >, 900000);
  g_assert_cmpuint (replay.n_removed, <=, se_traffic_log_get_n_dropped (log));
  g_assert_cmpuint (rec.n_dropped_notifies, >, 0);
  assert_numbered (log, 0, se_traffic_log_get_n_dropped (log));
  assert_numbered (log, get_n_events (log) - 1, n - 1);

  g_signal_handlers_disconnect_by_data (log, &replay);
  recorder_finish (&rec, log);
  g_assert_finalize_object (log);
}

static void
test_export_dropped_line (void)
{
  SeTrafficLog *log = se_traffic_log_new ();
  g_auto(GStrv) text = NULL;
  g_auto(GStrv) json = NULL;
  guint n_lines = 0;

  for (guint i = 0; i < 5; i++)
    append_numbered (log, i);

  /* None dropped: no such line. */
  text = write_lines (log, SE_EXPORT_TEXT, &n_lines);
  g_assert_cmpuint (n_lines, ==, 5);
  g_clear_pointer (&text, g_strfreev);

  se_traffic_log_flush (log);
  se_traffic_log_drop_before (log, 1);

  text = write_lines (log, SE_EXPORT_TEXT, &n_lines);
  g_assert_cmpuint (n_lines, ==, 5);
  g_assert_cmpstr (text[0], ==, "1 earlier event dropped");
  g_assert_nonnull (strstr (text[1], "event number 1"));

  json = write_lines (log, SE_EXPORT_JSON_LINES, &n_lines);
  g_assert_cmpuint (n_lines, ==, 5);
  g_assert_cmpstr (json[0], ==, "{\"dropped\":1}");
  {
    g_autoptr(GHashTable) fields = json_parse_flat_object (json[1]);

    g_assert_nonnull (fields);
    g_assert_cmpstr (json_get (fields, "index", 'n'), ==, "1");
    g_assert_cmpstr (json_get (fields, "detail", 's'), ==, "event number 1");
  }

  g_assert_finalize_object (log);
}

/* The export reads a snapshot while the main thread appends and drops
 * the very chunks, blocks and strings it reads, and reuses their string
 * slots: what is written is still exactly the events of the call. */
static void
test_export_async_while_dropping (void)
{
  SeTrafficLog *log = se_traffic_log_new ();
  g_autofree char *dir = se_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "log.jsonl", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_lines = 0;
  guint64 first;
  guint n_before;

  for (guint i = 0; i < 30000; i++)
    {
      char remote[32];
      guint8 payload[200];

      g_snprintf (remote, sizeof remote, "127.0.0.1:%u", 10000 + i);
      memset (payload, (int) (i & 0xff), sizeof payload);
      se_traffic_log_append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_TCP, 1,
                             "127.0.0.1:7000", remote, sizeof payload, payload, sizeof payload, NULL);
    }
  se_traffic_log_flush (log);
  se_traffic_log_drop_before (log, 1000);
  first = se_traffic_log_get_n_dropped (log);
  n_before = get_n_events (log);

  se_traffic_log_export_async (log, file, SE_EXPORT_JSON_LINES, NULL,
                               se_test_store_result, &result);

  /* A budget far below what the snapshot holds: everything it reads is
   * dropped by the log while it runs. */
  se_traffic_log_set_memory_budget (log, 512 * 1024);
  for (guint i = 0; i < 60000; i++)
    {
      char remote[32];
      guint8 payload[200];

      g_snprintf (remote, sizeof remote, "10.0.0.1:%u", i);
      memset (payload, 0xee, sizeof payload);
      se_traffic_log_append (log, SE_EVENT_SEND, SE_PROTOCOL_UDP, 2,
                             "10.0.0.2:8000", remote, sizeof payload, payload, sizeof payload,
                             "during export");
      if (i % 1000 == 0)
        one_iteration ();
    }
  se_traffic_log_flush (log);
  g_assert_cmpuint (se_traffic_log_get_n_dropped (log), >, 30000);

  se_test_wait_result (&result, 30000);
  g_assert_true (se_traffic_log_export_finish (log, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  lines = read_file_lines (file, &n_lines);
  g_assert_cmpuint (n_lines, ==, n_before + 1);
  g_assert_cmpstr (lines[0], ==, "{\"dropped\":1000}");
  for (guint i = 1; i < n_lines; i++)
    {
      g_autoptr(GHashTable) fields = json_parse_flat_object (lines[i]);
      guint64 number = first + i - 1;
      g_autofree char *index_text = g_strdup_printf ("%" G_GUINT64_FORMAT, number);
      g_autofree char *remote = g_strdup_printf ("127.0.0.1:%" G_GUINT64_FORMAT, 10000 + number);
      g_autofree char *hex = NULL;
      guint8 payload[200];

      memset (payload, (int) (number & 0xff), sizeof payload);
      hex = se_payload_to_hex (payload, sizeof payload, FALSE);

      g_assert_nonnull (fields);
      g_assert_cmpstr (json_get (fields, "index", 'n'), ==, index_text);
      g_assert_cmpstr (json_get (fields, "remote", 's'), ==, remote);
      g_assert_cmpstr (json_get (fields, "local", 's'), ==, "127.0.0.1:7000");
      g_assert_cmpstr (json_get (fields, "data", 's'), ==, hex);
    }

  g_unlink (path);
  se_test_remove_dir (dir);
  g_assert_finalize_object (log);
}

/* Safe export */

/* g_ptr_array_sort() passes pointers to the elements. */
static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* The names in dir, sorted, as one string: "a b c". */
static char *
list_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);

  return g_strjoinv (" ", (char **) names->pdata);
}

static int
file_mode (const char *path)
{
  GStatBuf buf;

  g_assert_cmpint (g_lstat (path, &buf), ==, 0);
  return buf.st_mode & 07777;
}

static void
export_and_wait (SeTrafficLog   *log,
                 const char     *path,
                 SeExportFormat  format,
                 GCancellable   *cancellable,
                 GError        **error,
                 gboolean        expect_ok)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GAsyncResult *result = NULL;

  se_traffic_log_export_async (log, file, format, cancellable, se_test_store_result, &result);
  se_test_wait_result (&result, 30000);
  g_assert_true (se_traffic_log_export_finish (log, result, error) == expect_ok);
  g_clear_object (&result);
}

static void
test_export_safe_replace (void)
{
  SeTrafficLog *log = make_sample_log ();
  g_autofree char *dir = se_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "log.txt", NULL);
  g_autofree char *old_link = g_build_filename (dir, "old-link.txt", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *names = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) expected = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  guint n_lines = 0;
  guint n_expected = 0;
  int old_umask;

  /* An old file anyone may read, with a second name (a hard link): if
   * the export wrote into that file instead of replacing it, the second
   * name would show the new contents. */
  g_assert_true (g_file_set_contents (path, "old contents\n", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_assert_cmpint (link (path, old_link), ==, 0);

  /* Even with a umask that lets everyone read. */
  old_umask = umask (0);
  export_and_wait (log, path, SE_EXPORT_TEXT, NULL, &error, TRUE);
  umask (old_umask);
  g_assert_no_error (error);

  lines = read_file_lines (file, &n_lines);
  expected = write_lines (log, SE_EXPORT_TEXT, &n_expected);
  g_assert_cmpstrv (lines, expected);
  g_assert_cmpint (file_mode (path), ==, 0600);

  g_assert_true (g_file_get_contents (old_link, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old contents\n");
  g_assert_cmpint (file_mode (old_link), ==, 0644);

  /* No temporary file is left. */
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "log.txt old-link.txt");

  g_unlink (old_link);
  g_unlink (path);
  se_test_remove_dir (dir);
  g_assert_finalize_object (log);
}

static void
test_export_safe_symlink (void)
{
  SeTrafficLog *log = make_sample_log ();
  g_autofree char *dir = se_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "log.jsonl", NULL);
  g_autofree char *victim = g_build_filename (dir, "victim", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *names = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_lines = 0;
  GStatBuf buf;

  /* A link planted where the export goes must not make it write
   * through to another file. */
  g_assert_true (g_file_set_contents (victim, "precious\n", -1, NULL));
  g_assert_cmpint (symlink ("victim", path), ==, 0);

  export_and_wait (log, path, SE_EXPORT_JSON_LINES, NULL, &error, TRUE);
  g_assert_no_error (error);

  g_assert_cmpint (g_lstat (path, &buf), ==, 0);
  g_assert_true (S_ISREG (buf.st_mode));
  g_assert_cmpint (buf.st_mode & 07777, ==, 0600);
  lines = read_file_lines (file, &n_lines);
  g_assert_cmpuint (n_lines, ==, 7);

  g_assert_true (g_file_get_contents (victim, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "precious\n");

  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "log.jsonl victim");

  g_unlink (victim);
  g_unlink (path);
  se_test_remove_dir (dir);
  g_assert_finalize_object (log);
}

typedef struct
{
  const char   *dir;
  GCancellable *cancellable;
  int           temp_mode;  /* of the temporary file, or -1 */
} CancelWhenWriting;

/* Cancels as soon as the export's temporary file shows up. */
static gboolean
cancel_when_writing (gpointer data)
{
  CancelWhenWriting *cw = data;
  g_autoptr(GDir) dir = g_dir_open (cw->dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, ".log.txt."))
      {
        g_autofree char *temp = g_build_filename (cw->dir, name, NULL);
        GStatBuf buf;

        if (g_lstat (temp, &buf) == 0)
          cw->temp_mode = buf.st_mode & 07777;
        g_cancellable_cancel (cw->cancellable);
        return TRUE;
      }

  return FALSE;
}

static void
test_export_safe_cancel (void)
{
  SeTrafficLog *log = se_traffic_log_new ();
  g_autofree char *dir = se_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "log.txt", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *names = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  CancelWhenWriting cw = { dir, cancellable, -1 };
  GAsyncResult *result = NULL;

  /* Cancelled before it starts: no file, no temporary file. */
  g_cancellable_cancel (cancellable);
  append_numbered (log, 0);
  export_and_wait (log, path, SE_EXPORT_TEXT, cancellable, &error, FALSE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "");
  g_clear_pointer (&names, g_free);

  /* Cancelled while writing, over an old file: the old file stays as it
   * was, the temporary one goes. Enough events that the export takes
   * far longer than it takes to see its temporary file. */
  g_cancellable_reset (cancellable);
  g_assert_true (g_file_set_contents (path, "old contents\n", -1, NULL));
  for (guint i = 1; i < 400000; i++)
    append_numbered (log, i);

  se_traffic_log_export_async (log, file, SE_EXPORT_TEXT, cancellable, se_test_store_result, &result);
  g_assert_true (se_test_wait_until (cancel_when_writing, &cw, 30000));
  se_test_wait_result (&result, 30000);
  g_assert_false (se_traffic_log_export_finish (log, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_object (&result);

  /* Only the user could read it while it was being written. */
  if (cw.temp_mode != -1)
    g_assert_cmpint (cw.temp_mode, ==, 0600);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old contents\n");
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "log.txt");

  g_unlink (path);
  se_test_remove_dir (dir);
  g_assert_finalize_object (log);
}

/* Coded details are stored as codes: 100,000 accepts, each with its own
 * connection number, cost no string each, and still read as text. */
static void
test_coded_details (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeTrafficLog) texts = se_traffic_log_new ();
  const guint n = 100000;

  for (guint i = 1; i <= n; i++)
    {
      SeEventInfo info = {
        .kind = SE_EVENT_ACCEPT,
        .protocol = SE_PROTOCOL_TCP,
        .connection_id = i,
        .local = "127.0.0.1:7000",
        .remote = "127.0.0.1:50000",
        .detail = SE_EVENT_DETAIL_ACCEPTED,
      };
      g_autofree char *text = g_strdup_printf ("accept() returned a new socket for connection #%u", i);

      se_traffic_log_append_info (log, &info);
      info.detail = SE_EVENT_DETAIL_TEXT;
      info.text = text;
      se_traffic_log_append_info (texts, &info);
    }
  se_traffic_log_flush (log);
  se_traffic_log_flush (texts);

  /* The same events as text hold a string each; as codes, none. */
  g_assert_cmpuint (se_traffic_log_get_memory_size (log) + n * 40, <, se_traffic_log_get_memory_size (texts));

  {
    g_autoptr(SeEvent) first = g_list_model_get_item (G_LIST_MODEL (log), 0);
    g_autoptr(SeEvent) last = g_list_model_get_item (G_LIST_MODEL (log), n - 1);

    g_assert_cmpstr (se_event_get_detail (first), ==, "accept() returned a new socket for connection #1");
    g_assert_cmpstr (se_event_get_detail (last), ==, "accept() returned a new socket for connection #100000");
  }

  /* Every code reads as its text, from its fields. */
  {
    SeEventInfo partial = {
      .kind = SE_EVENT_SEND, .protocol = SE_PROTOCOL_TCP, .connection_id = 3,
      .size = 10, .data = (const guint8 *) "0123456789", .data_len = 10,
      .detail = SE_EVENT_DETAIL_PARTIAL_SEND, .detail_arg = 25,
    };
    SeEventInfo truncated = {
      .kind = SE_EVENT_RECEIVE, .protocol = SE_PROTOCOL_UNIX_DGRAM,
      .size = 70000, .data = (const guint8 *) "abc", .data_len = 3,
      .detail = SE_EVENT_DETAIL_TRUNCATED,
    };
    SeEventInfo connected = {
      .kind = SE_EVENT_CONNECT, .protocol = SE_PROTOCOL_TCP, .local = "127.0.0.1:4000",
      .detail = SE_EVENT_DETAIL_CONNECTED,
    };
    SeEventInfo listening = {
      .kind = SE_EVENT_LISTEN, .protocol = SE_PROTOCOL_TCP,
      .detail = SE_EVENT_DETAIL_LISTENING, .detail_arg = 5,
    };
    g_autoptr(SeTrafficLog) small = se_traffic_log_new ();
    const char *want[] = {
      "partial send: 10 of 25 bytes accepted by the kernel, the rest is queued",
      "datagram of 70000 bytes truncated to 3",
      "connect() succeeded: this side got 127.0.0.1:4000 from the system",
      "listen(backlog=5): waiting for connections",
    };

    se_traffic_log_append_info (small, &partial);
    se_traffic_log_append_info (small, &truncated);
    se_traffic_log_append_info (small, &connected);
    se_traffic_log_append_info (small, &listening);
    se_traffic_log_flush (small);
    for (guint i = 0; i < G_N_ELEMENTS (want); i++)
      {
        g_autoptr(SeEvent) event = g_list_model_get_item (G_LIST_MODEL (small), i);

        g_assert_cmpstr (se_event_get_detail (event), ==, want[i]);
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/traffic-log/json-reader", test_json_reader);
  g_test_add_func ("/traffic-log/kind-strings", test_kind_strings);
  g_test_add_func ("/traffic-log/batching", test_batching);
  g_test_add_func ("/traffic-log/get-item", test_get_item);
  g_test_add_func ("/traffic-log/capture-budget", test_capture_budget);
  g_test_add_func ("/traffic-log/capture-per-event", test_capture_per_event);
  g_test_add_func ("/traffic-log/large-payloads", test_large_payloads);
  g_test_add_func ("/traffic-log/clear", test_clear);
  g_test_add_func ("/traffic-log/pause", test_pause);
  g_test_add_func ("/traffic-log/export/text", test_export_text);
  g_test_add_func ("/traffic-log/export/text-preview-length", test_export_text_preview_length);
  g_test_add_func ("/traffic-log/export/json", test_export_json);
  g_test_add_func ("/traffic-log/export/json-time-iso", test_json_time_iso);
  g_test_add_func ("/traffic-log/export/empty-and-cancelled", test_write_empty_and_cancelled);
  g_test_add_func ("/traffic-log/export/async-while-appending", test_export_async_while_appending);
  g_test_add_func ("/traffic-log/export/async-while-clearing", test_export_async_while_clearing);
  g_test_add_func ("/traffic-log/export/async-text-replaces", test_export_async_text_replaces);
  g_test_add_func ("/traffic-log/export/async-errors", test_export_async_errors);
  g_test_add_func ("/traffic-log/memory-compact", test_memory_compact);
  g_test_add_func ("/traffic-log/budget/drop-before", test_drop_before);
  g_test_add_func ("/traffic-log/budget/drops-chunks", test_memory_budget_drops_chunks);
  g_test_add_func ("/traffic-log/budget/unique-strings", test_memory_budget_unique_strings);
  g_test_add_func ("/traffic-log/budget/export-dropped-line", test_export_dropped_line);
  g_test_add_func ("/traffic-log/budget/export-while-dropping", test_export_async_while_dropping);
  g_test_add_func ("/traffic-log/export/safe-replace", test_export_safe_replace);
  g_test_add_func ("/traffic-log/export/safe-symlink", test_export_safe_symlink);
  g_test_add_func ("/traffic-log/export/safe-cancel", test_export_safe_cancel);
  g_test_add_func ("/traffic-log/coded-details", test_coded_details);

  return g_test_run ();
}
