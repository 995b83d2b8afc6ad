/* se-cli.h: what the commands of socket-explorer-cli share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "socket-explorer-core.h"

G_BEGIN_DECLS

#define SE_CLI_NAME "socket-explorer-cli"

/* What `listen` keeps of events it has not printed yet. */
#define SE_CLI_LISTEN_DEFAULT_LOG_BUDGET (64 * 1024 * 1024)

/* Exit statuses of every command. */
enum
{
  SE_CLI_EXIT_OK = 0,
  SE_CLI_EXIT_FAILURE = 1,  /* refused, timed out, name not found … */
  SE_CLI_EXIT_USAGE = 2,    /* the command line itself is wrong */
};

typedef int (*SeCliCommandFunc) (int    argc,
                                 char **argv);

int      se_cli_listen            (int          argc,
                                   char       **argv);
int      se_cli_send              (int          argc,
                                   char       **argv);
int      se_cli_resolve           (int          argc,
                                   char       **argv);
int      se_cli_code              (int          argc,
                                   char       **argv);
int      se_cli_explain           (int          argc,
                                   char       **argv);
int      se_cli_inspect           (int          argc,
                                   char       **argv);
int      se_cli_open              (int          argc,
                                   char       **argv);
int      se_cli_relay             (int          argc,
                                   char       **argv);
int      se_cli_diagram           (int          argc,
                                   char       **argv);
/* Starts the listeners, prints a "listening on ENDPOINT" line for each,
 * then the events of log (none with quiet), until SIGINT or SIGTERM; with
 * stop_on_error a listener that cannot start ends it (listen), otherwise
 * it says why and the others go on (open); encoding (an se-encoding id or
 * NULL) adds the decoded text to text lines. Returns the exit status. */
/* The log of listen, relay and open: published ten times a second, its
 * memory budget from --log-budget and its capture budget from
 * --capture-budget (NULL: the defaults); NULL if one is wrong (the error
 * is printed). */
SeTrafficLog *se_cli_new_listen_log (const char *log_budget_text,
                                     const char *capture_budget_text);
int      se_cli_serve             (GPtrArray    *listeners,
                                   SeTrafficLog *log,
                                   gboolean      json,
                                   gboolean      quiet,
                                   gboolean      stop_on_error,
                                   const char   *encoding);

/* listen --save-dir: each connection's received bytes to DIR/conn-ID-PEER.bin,
 * each datagram sender's to DIR/from-PEER.bin (new files, mode 0600). */
typedef struct _SeCliSaver SeCliSaver;
SeCliSaver *se_cli_saver_new      (const char  *dir,
                                   GError     **error);
void        se_cli_saver_watch    (SeCliSaver  *self,
                                   SeListener  *listener);
void        se_cli_saver_free     (SeCliSaver  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeCliSaver, se_cli_saver_free)

/* send --file: a file's bytes through a connected client, in bounded
 * memory (stream: through the send queue; datagram: one datagram per
 * datagram_size bytes), with progress on stderr if asked. done runs once,
 * with NULL when every byte was handed to the socket. */
typedef struct _SeCliFileSender SeCliFileSender;
typedef void (*SeCliFileSenderDone) (GError  *error,   /* transfer full, or NULL */
                                     gpointer user_data);
SeCliFileSender *se_cli_file_sender_new      (const char          *path,
                                              gsize                datagram_size,
                                              gboolean             progress,
                                              GError             **error);
guint64          se_cli_file_sender_get_size (SeCliFileSender     *self);
void             se_cli_file_sender_start    (SeCliFileSender     *self,
                                              SeClient            *client,
                                              SeCliFileSenderDone  done,
                                              gpointer             done_data);
void             se_cli_file_sender_free     (SeCliFileSender     *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeCliFileSender, se_cli_file_sender_free)
/* The same, and every event also written to pcap (NULL: none), whatever
 * quiet says; the log then keeps the payload it needs. */
typedef struct _SeCliLogFile SeCliLogFile;
/* json_data_limit: JSON Lines show the hex of at most this many bytes of
 * each event's payload (0: all that the log kept); --data-limit. */
#define SE_CLI_JSON_DATA_LIMIT_DEFAULT 1024
int      se_cli_serve_with_file   (GPtrArray    *listeners,
                                   SeTrafficLog *log,
                                   gboolean      json,
                                   gsize         json_data_limit,
                                   gboolean      quiet,
                                   gboolean      stop_on_error,
                                   const char   *encoding,
                                   SeCliLogFile *pcap);
/* The value the --data-limit option of listen and relay gives
 * (SE_CLI_JSON_DATA_LIMIT_DEFAULT when text is NULL); FALSE, with the
 * error printed, when text is not a size. */
gboolean se_cli_parse_data_limit  (const char   *text,
                                   gsize        *limit);

/* The --rule options (TYPE:MATCH=>REPLY, first match answers) as one
 * rule set in *rules, NULL when there are none; FALSE with error at the
 * first that does not parse. */
gboolean se_cli_parse_rules       (char       **texts,
                                   SeRuleSet  **rules,
                                   GError     **error);

/* Prints "socket-explorer-cli: MESSAGE" on one line to stderr and returns
 * status, so that commands can `return se_cli_fail (…)`. */
int      se_cli_fail              (int          status,
                                   const char  *message);
int      se_cli_fail_error        (int          status,
                                   const GError *error);
/* Parses the options of one command; on a bad command line prints the
 * error and returns FALSE. --help prints the help and exits 0. */
gboolean se_cli_parse_options     (GOptionContext *context,
                                   int         *argc,
                                   char      ***argv);
/* An integer option given as text, within [min, max]; prints an error and
 * returns FALSE otherwise. */
gboolean se_cli_parse_number      (const char  *option,
                                   const char  *text,
                                   guint64      min,
                                   guint64      max,
                                   guint64     *value);

/* Writes out the events of a log as they are flushed, in a format of the
 * core's writer table (se-log-writer.h), to one stream. The lines that do
 * not fit are counted by newline, so the format must write one line per
 * event: text and JSON Lines do. */
typedef struct _SeCliLogPrinter SeCliLogPrinter;

typedef enum
{
  /* The program waits for the reader (send: its output is its result). */
  SE_CLI_OUTPUT_BLOCKING,
  /* Nothing waits for the reader (listen: serving comes first). At most
   * SE_CLI_LOG_PRINTER_MAX_PENDING bytes wait for the output; the lines
   * that do not fit are counted, and a line says how many before the next
   * line printed. */
  SE_CLI_OUTPUT_NONBLOCKING,
} SeCliOutputMode;

#define SE_CLI_LOG_PRINTER_MAX_PENDING  (1024 * 1024)
/* How long se_cli_log_printer_drain() waits for a non-blocking output. */
#define SE_CLI_LOG_PRINTER_EXIT_WAIT_MS 2000

SeCliLogPrinter *se_cli_log_printer_new    (SeTrafficLog    *log,
                                            SeExportFormat   format,
                                            FILE            *stream,
                                            SeCliOutputMode  mode);
/* Once printed (or counted as not printed), events are dropped from the
 * log, so that it holds only what is still to be printed. */
void             se_cli_log_printer_set_drop_printed (SeCliLogPrinter *self,
                                                      gboolean         drop_printed);
/* Until started, events are held back (so that a header can come first);
 * starting prints the events so far. */
void             se_cli_log_printer_start  (SeCliLogPrinter *self);
/* Text lines of send and receive events also show the payload decoded in
 * encoding_id (an id of se-encoding; NULL: only the usual preview). */
#define SE_CLI_DECODED_PREVIEW_CHARS 64
void             se_cli_log_printer_set_encoding (SeCliLogPrinter *self,
                                                  const char      *encoding_id);
/* JSON Lines: "data" holds at most limit bytes of the payload (0: all). */
void             se_cli_log_printer_set_data_limit (SeCliLogPrinter *self,
                                                    gsize            limit);
/* At the end: flushes the log, prints whatever has not been printed yet,
 * waits for the output to take it (a non-blocking one at most
 * SE_CLI_LOG_PRINTER_EXIT_WAIT_MS), and says on stderr how many events
 * were not printed, if any that the output did not already say. */
void             se_cli_log_printer_drain  (SeCliLogPrinter *self);
/* Also puts back the flags of the output, if they were changed. */
void             se_cli_log_printer_free   (SeCliLogPrinter *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeCliLogPrinter, se_cli_log_printer_free)

/* Writes every event of a log to a file in a format of the writer table
 * (--pcap: pcapng), from the events already in the log on, one write per
 * batch. Make it before anything that drops events from the log (a
 * printer, --quiet), so that it sees each batch first. The file is
 * created with mode 0600 (or truncated); NULL and error if it cannot be. */
SeCliLogFile *se_cli_log_file_new    (SeTrafficLog    *log,
                                      SeExportFormat   format,
                                      const char      *path,
                                      GError         **error);
/* Writes the rest and closes the file; says on stderr what could not be
 * written, if anything. */
void          se_cli_log_file_finish (SeCliLogFile    *self);
void          se_cli_log_file_free   (SeCliLogFile    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeCliLogFile, se_cli_log_file_free)

G_END_DECLS
