/* traffic-log-test-util.h: what the traffic log's test programs share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "se-event.h"
#include "se-traffic-log.h"

G_BEGIN_DECLS

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

/* A small JSON reader for one flat object per line: enough to prove each
 * line is valid JSON and to get its fields back. */
typedef struct
{
  char  type;  /* 's' string, 'n' number, 't' true, 'f' false, 'z' null */
  char *text;  /* decoded string, or the number as written */
} JsonValue;

/* A record chunk of the log, in bytes, as the budget tests allow for it. */
#define TEST_RECORD_CHUNK (4096 * 48)

/* What the views know, replayed from items-changed, and checked against
 * the events' own numbers (their index) on every change. */
typedef struct
{
  guint   n_items;
  guint   first_index;   /* of the item at 0, when n_items > 0 */
  guint64 n_removed;
} Replay;

void recorder_init (Recorder     *rec,
                    SeTrafficLog *log);
void recorder_finish (Recorder     *rec,
                      SeTrafficLog *log);
void assert_change (Recorder *rec,
                    guint     i,
                    guint     position,
                    guint     removed,
                    guint     added);
void one_iteration (void);
guint append_simple (SeTrafficLog *log,
                     SeEventKind   kind,
                     const char   *text);
SeEvent *get_event (SeTrafficLog *log,
                    guint         position);
void assert_data (SeEvent      *event,
                  const guint8 *expected,
                  gsize         expected_len);
GHashTable *json_parse_flat_object (const char *line);
const char *json_get (GHashTable *fields,
                      const char *key,
                      char        type);
char **write_lines (SeTrafficLog   *log,
                    SeExportFormat  format,
                    guint          *n_lines);
SeTrafficLog *make_sample_log (void);
void assert_time_prefix (const char *line,
                         gint64      time);
void check_json_line (const char *line,
                      SeEvent    *event,
                      guint       index);
char **read_file_lines (GFile *file,
                        guint *n_lines);
guint get_n_events (SeTrafficLog *log);
void append_numbered (SeTrafficLog *log,
                      guint64       number);
void assert_numbered (SeTrafficLog *log,
                      guint         position,
                      guint64       number);
gsize resident_size (void);
guint index_at (GListModel *model,
                guint       position);
void replay_items_changed_cb (GListModel *model,
                              guint       position,
                              guint       removed,
                              guint       added,
                              Replay     *replay);
char *list_dir (const char *path);
int file_mode (const char *path);
void export_and_wait (SeTrafficLog   *log,
                      const char     *path,
                      SeExportFormat  format,
                      GCancellable   *cancellable,
                      GError        **error,
                      gboolean        expect_ok);

G_END_DECLS
