/* traffic-log-test-util.c: what the traffic log's test programs share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "se-payload.h"
#include "se-test-util.h"
#include "traffic-log-test-util.h"

/* items-changed recorder */

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

void
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

void
recorder_finish (Recorder     *rec,
                 SeTrafficLog *log)
{
  g_signal_handlers_disconnect_by_data (log, rec);
  g_clear_pointer (&rec->changes, g_array_unref);
}

void
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
void
one_iteration (void)
{
  g_main_context_iteration (NULL, FALSE);
}

guint
append_simple (SeTrafficLog *log,
               SeEventKind   kind,
               const char   *text)
{
  gsize len = text != NULL ? strlen (text) : 0;

  return se_traffic_log_append (log, kind, SE_PROTOCOL_TCP, 1,
                                "127.0.0.1:7000", "127.0.0.1:51000",
                                len, (const guint8 *) text, len, NULL);
}

SeEvent *
get_event (SeTrafficLog *log,
           guint         position)
{
  SeEvent *event = g_list_model_get_item (G_LIST_MODEL (log), position);

  g_assert_nonnull (event);
  g_assert_true (SE_IS_EVENT (event));
  return event;
}

void
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

/* The JSON reader (see the header) */

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
GHashTable *
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

const char *
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

char **
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
SeTrafficLog *
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

void
assert_time_prefix (const char *line,
                    gint64      time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (time / G_USEC_PER_SEC);
  g_autofree char *hms = g_date_time_format (dt, "%H:%M:%S");
  g_autofree char *expected = g_strdup_printf ("%s.%06d ", hms, (int) (time % G_USEC_PER_SEC));

  g_assert_true (g_regex_match_simple ("^[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{6} ", line, 0, 0));
  g_assert_true (g_str_has_prefix (line, expected));
}

void
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

char **
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

/* Memory budget and dropping */

guint
get_n_events (SeTrafficLog *log)
{
  guint n = 0;

  g_object_get (log, "n-events", &n, NULL);
  return n;
}

/* Appends an event whose detail says its number, so every event has a
 * string of its own. */
void
append_numbered (SeTrafficLog *log,
                 guint64       number)
{
  char detail[64];

  g_snprintf (detail, sizeof detail, "event number %" G_GUINT64_FORMAT, number);
  se_traffic_log_append (log, SE_EVENT_SEND, SE_PROTOCOL_UDP, 1,
                         "127.0.0.1:7000", "127.0.0.1:51000",
                         4, (const guint8 *) "data", 4, detail);
}

void
assert_numbered (SeTrafficLog *log,
                 guint         position,
                 guint64       number)
{
  g_autoptr(SeEvent) event = get_event (log, position);
  g_autofree char *detail = g_strdup_printf ("event number %" G_GUINT64_FORMAT, number);

  g_assert_cmpstr (se_event_get_detail (event), ==, detail);
  g_assert_cmpuint (se_event_get_index (event), ==, (guint) number);
}

/* Resident memory of this process in bytes, or 0 where /proc has none. */
gsize
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

/* Replaying items-changed */

guint
index_at (GListModel *model,
          guint       position)
{
  g_autoptr(SeEvent) event = g_list_model_get_item (model, position);

  g_assert_nonnull (event);
  return se_event_get_index (event);
}

void
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

/* g_ptr_array_sort() passes pointers to the elements. */
static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* The names in dir, sorted, as one string: "a b c". */
char *
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

int
file_mode (const char *path)
{
  GStatBuf buf;

  g_assert_cmpint (g_lstat (path, &buf), ==, 0);
  return buf.st_mode & 07777;
}

void
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
