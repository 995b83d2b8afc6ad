/* se-cli-send.c: socket-explorer-cli send ENDPOINT DATA
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "se-cli.h"
#include "se-encoding.h"

#define DEFAULT_WAIT_MS 1000

typedef struct
{
  GMainLoop       *loop;
  SeClient        *client;
  SeTrafficLog    *log;
  GBytes          *payload;
  const char      *macro_input;    /* --macros: the message, expanded at each send */
  SePayloadFormat  macro_format;
  SeEol            macro_eol;
  guint64          sent;           /* sends done, the {{counter}} of the next is sent + 1 */
  GCancellable    *cancellable;
  SeConnection    *connection;
  gulong           state_id;
  gulong           tls_id;
  gboolean         show_tls;       /* print the handshake's result on stderr */
  gulong           received_id;
  gulong           closed_id;
  gulong           log_changed_id;
  guint            remaining;      /* sends still to do */
  guint            interval_ms;
  guint            wait_ms;
  GSource         *send_source;    /* --interval 0: repeats as the loop goes round */
  SeSender        *sender;         /* --interval MS: the core's auto-send */
  gulong           sender_id;
  guint            wait_source;
  guint            errors_seen;    /* error events already looked at */
  GError          *error;
  gboolean         raw_output;
  gboolean         sendall;        /* all repeats in one send */
  gboolean         finished;
  const char      *encoding;       /* --encoding: text is sent in it, replies read in it */
  SeCliFileSender *file_sender;    /* --file */
} SendRun;

static void
stop_ticker (SendRun *run)
{
  if (run->send_source != NULL)
    {
      g_source_destroy (run->send_source);
      g_clear_pointer (&run->send_source, g_source_unref);
    }
}

static void
finish (SendRun *run,
        GError  *error)
{
  if (run->finished)
    {
      g_clear_error (&error);
      return;
    }

  run->finished = TRUE;
  run->error = error;
  stop_ticker (run);
  if (run->sender != NULL)
    {
      g_clear_signal_handler (&run->sender_id, run->sender);
      se_sender_stop (run->sender);
    }
  g_clear_handle_id (&run->wait_source, g_source_remove);
  g_main_loop_quit (run->loop);
}

static gboolean
wait_done_cb (gpointer user_data)
{
  SendRun *run = user_data;

  run->wait_source = 0;
  finish (run, NULL);

  return G_SOURCE_REMOVE;
}

static gboolean
peer_done (SendRun *run)
{
  SeConnectionState state;

  if (run->connection == NULL)
    return FALSE;

  state = se_connection_get_state (run->connection);
  if (state == SE_CONNECTION_STATE_CLOSED)
    return TRUE;

  /* The peer has said all it will say; once our sends are done too there
   * is nothing left to wait for. */
  return state == SE_CONNECTION_STATE_HALF_CLOSED_REMOTE && run->remaining == 0;
}

static void
check_peer_closed (SendRun *run)
{
  const GError *conn_error;

  if (run->finished || !peer_done (run))
    return;

  conn_error = se_connection_get_error (run->connection);
  finish (run, conn_error != NULL ? g_error_copy (conn_error) : NULL);
}

/* --encoding: the text (after escapes and macros, still UTF-8) becomes bytes
 * in the chosen encoding. Without it the UTF-8 bytes go as they are. */
static GBytes *
encode_payload (const char  *encoding,
                GBytes      *utf8,
                GError     **error)
{
  gsize len;
  const char *text = g_bytes_get_data (utf8, &len);

  if (encoding == NULL)
    return g_bytes_ref (utf8);
  return se_encoding_encode (encoding, text != NULL ? text : "", len, error);
}

static void send_sent (SendRun *run);

/* --sendall: every repeat in one buffer, handed to one send(), as a
 * program's sendall(message * n) would (the engine keeps sending what
 * the kernel did not take). */
static void
send_all_repeats (SendRun *run)
{
  g_autoptr(GByteArray) all = g_byte_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  while (run->remaining > 0)
    {
      g_autoptr(GBytes) expanded = NULL;
      GBytes *payload = run->payload;
      gsize len;
      const guint8 *data;

      run->remaining--;
      run->sent++;
      if (run->macro_input != NULL)
        {
          expanded = se_macro_expand (run->macro_input, run->macro_format, run->macro_eol,
                                      run->sent, NULL, &error);
          if (expanded == NULL)
            {
              finish (run, error);
              return;
            }
          payload = expanded;
        }
      data = g_bytes_get_data (payload, &len);
      if (len > 0)
        g_byte_array_append (all, data, len);
    }

  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&all));
  if (!se_client_send (run->client, bytes, &error))
    {
      finish (run, error);
      return;
    }
  send_sent (run);
}

static void
send_once (SendRun *run)
{
  g_autoptr(GBytes) expanded = NULL;
  GBytes *payload = run->payload;
  GError *error = NULL;

  if (run->sendall)
    {
      send_all_repeats (run);
      return;
    }

  run->remaining--;
  run->sent++;
  /* Each send its own expansion: {{counter}} counts, {{time}} moves. */
  if (run->macro_input != NULL)
    {
      expanded = se_macro_expand_encoded (run->macro_input, run->macro_format, run->macro_eol,
                                          run->encoding, run->sent, NULL, &error);
      if (expanded == NULL)
        {
          finish (run, error);
          return;
        }
      payload = expanded;
    }
  if (!se_client_send (run->client, payload, &error))
    {
      finish (run, error);
      return;
    }
  send_sent (run);
}

/* After a send: once the last is done, wait for the replies. */
static void
send_sent (SendRun *run)
{
  if (run->remaining == 0)
    {
      run->wait_source = g_timeout_add (run->wait_ms, wait_done_cb, run);
      check_peer_closed (run);
    }
}

/* --repeat N --interval MS: the core's sender (se-sender.c), the same as
 * the window's auto-send, is done or failed */
static void
sender_finished_cb (SeSender     *sender,
                    const GError *error,
                    SendRun      *run)
{
  run->sent += se_sender_get_done (sender);
  run->remaining = 0;
  if (error != NULL)
    {
      finish (run, g_error_copy (error));
      return;
    }
  send_sent (run);
}

/* Repeats on an absolute schedule, so that --repeat 1000 --interval 1
 * takes one second (GLib's timeouts would drift by the dispatch delay
 * each time, and sleep in whole milliseconds); with --macros each send
 * its own expansion, {{counter}} counting. */
static void
start_sender (SendRun *run)
{
  GError *error = NULL;
  gboolean ok;

  run->sender = g_object_ref (se_sender_get_for (G_OBJECT (run->client), NULL));
  run->sender_id = g_signal_connect (run->sender, "finished", G_CALLBACK (sender_finished_cb), run);
  if (run->macro_input != NULL)
    {
      g_autoptr(SeSavedMessage) message = se_saved_message_new ("", run->macro_input,
                                                                run->macro_format == SE_PAYLOAD_HEX,
                                                                run->macro_eol);

      se_saved_message_set_encoding (message, run->encoding != NULL ? run->encoding : "utf-8");
      ok = se_sender_start_repeat (run->sender, message, run->sent + 1, run->remaining,
                                   run->interval_ms, &error);
    }
  else
    ok = se_sender_start_repeat_bytes (run->sender, run->payload, run->remaining,
                                       run->interval_ms, &error);
  if (!ok)
    finish (run, error);
}

/* --file: every byte handed to the socket (or a failure). */
static void
file_sent_cb (GError  *error,
              gpointer user_data)
{
  SendRun *run = user_data;

  if (error != NULL)
    {
      finish (run, error);
      return;
    }

  run->remaining = 0;
  run->wait_source = g_timeout_add (run->wait_ms, wait_done_cb, run);
  check_peer_closed (run);
}

static gboolean
send_timeout_cb (gpointer user_data)
{
  SendRun *run = user_data;

  send_once (run);
  if (run->finished || run->remaining == 0)
    {
      g_clear_pointer (&run->send_source, g_source_unref);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
client_received_cb (SeClient   *client,
                    GBytes     *data,
                    const char *from,
                    SendRun    *run)
{
  gsize len;
  const guint8 *bytes;

  if (!run->raw_output)
    return;

  /* Like nc: the reply bytes as they are, so scripts can compare them. */
  bytes = g_bytes_get_data (data, &len);
  if (len > 0 && run->encoding != NULL)
    {
      /* Each read is decoded on its own: a character split across two
       * reads shows as \xHH escapes rather than as wrong characters. */
      g_autofree char *text = se_encoding_decode (run->encoding, bytes, len);

      fputs (text, stdout);
      fflush (stdout);
    }
  else if (len > 0)
    {
      fwrite (bytes, 1, len, stdout);
      fflush (stdout);
    }
}

static void
client_closed_cb (SeClient *client,
                  SendRun  *run)
{
  const GError *conn_error = NULL;

  if (run->connection != NULL)
    conn_error = se_connection_get_error (run->connection);
  finish (run, conn_error != NULL ? g_error_copy (conn_error) : NULL);
}

/* tls://: what the handshake agreed on and what the check of the
 * server's certificate found, on stderr (stdout is the server's bytes). */
static void
connection_tls_cb (SeConnection *connection,
                   GParamSpec   *pspec,
                   SendRun      *run)
{
  const char *summary = se_connection_get_tls_summary (connection);
  g_auto(GStrv) lines = NULL;

  if (summary == NULL || !run->show_tls)
    return;

  lines = g_strsplit (summary, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    /* Translators: prefix of the lines that describe a TLS handshake */
    g_printerr ("%s%s\n", i == 0 ? _("TLS: ") : "     ", lines[i]);
}

static void
connection_state_cb (SeConnection *connection,
                     GParamSpec   *pspec,
                     SendRun      *run)
{
  check_peer_closed (run);
}

static void
log_items_changed_cb (GListModel *model,
                      guint       position,
                      guint       removed,
                      guint       added,
                      SendRun    *run)
{
  guint n_items = g_list_model_get_n_items (model);

  if (removed > 0 && position < run->errors_seen)
    run->errors_seen = position;

  /* A datagram client learns of failures (ICMP port unreachable,
   * ECONNREFUSED on the next receive) only through the log. */
  for (guint i = run->errors_seen; i < n_items && !run->finished; i++)
    {
      g_autoptr(SeEvent) event = g_list_model_get_item (model, i);

      if (event != NULL && se_event_get_kind (event) == SE_EVENT_ERROR)
        finish (run, g_error_new_literal (SE_ERROR, SE_ERROR_FAILED,
                                          se_event_get_detail (event)));
    }
  run->errors_seen = n_items;
}

static void
client_connected_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  SendRun *run = user_data;
  GError *error = NULL;

  if (!se_client_connect_finish (SE_CLIENT (source), result, &error))
    {
      finish (run, error);
      return;
    }

  /* Errors from now on are about this exchange, not the connect attempts
   * (a name may resolve to addresses that refuse before one accepts). */
  se_traffic_log_flush (run->log);
  run->errors_seen = g_list_model_get_n_items (G_LIST_MODEL (run->log));
  run->log_changed_id = g_signal_connect (run->log, "items-changed",
                                          G_CALLBACK (log_items_changed_cb), run);

  run->connection = se_client_get_connection (run->client);
  if (run->connection != NULL)
    {
      g_object_ref (run->connection);
      run->state_id = g_signal_connect (run->connection, "notify::state",
                                        G_CALLBACK (connection_state_cb), run);
      run->tls_id = g_signal_connect (run->connection, "notify::tls-summary",
                                      G_CALLBACK (connection_tls_cb), run);
    }

  if (run->file_sender != NULL)
    {
      se_cli_file_sender_start (run->file_sender, run->client, file_sent_cb, run);
      return;
    }

  if (run->interval_ms > 0 && run->remaining > 1 && !run->sendall)
    {
      start_sender (run);
      return;
    }

  send_once (run);
  if (!run->finished && run->remaining > 0)
    {
      /* --interval 0: as fast as the loop goes round */
      run->send_source = g_idle_source_new ();
      g_source_set_callback (run->send_source, send_timeout_cb, run, NULL);
      g_source_attach (run->send_source, NULL);
    }
}

static gboolean
drain_check_cb (gpointer user_data)
{
  SendRun *run = user_data;
  SeConnectionState state = se_connection_get_state (run->connection);

  if (se_connection_get_queued_bytes (run->connection) == 0 ||
      state == SE_CONNECTION_STATE_CLOSED ||
      state == SE_CONNECTION_STATE_HALF_CLOSED_LOCAL)
    return G_SOURCE_REMOVE;

  return G_SOURCE_CONTINUE;
}

static gboolean
drain_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;

  return G_SOURCE_REMOVE;
}

/* With --wait 0 or a large payload, bytes may still be queued when the
 * exchange is over: let them go out (within the timeout) before closing. */
static void
drain_send_queue (SendRun *run,
                  guint    timeout_ms)
{
  gboolean timed_out = FALSE;
  guint check_id, timeout_id;

  if (run->connection == NULL || se_connection_get_queued_bytes (run->connection) == 0)
    return;

  check_id = g_timeout_add (10, drain_check_cb, run);
  timeout_id = g_timeout_add (timeout_ms, drain_timeout_cb, &timed_out);
  while (!timed_out && g_main_context_find_source_by_id (NULL, check_id) != NULL)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout_id);
  else if (g_main_context_find_source_by_id (NULL, check_id) != NULL)
    g_source_remove (check_id);
}

static gboolean
interrupt_cb (gpointer user_data)
{
  SendRun *run = user_data;

  g_cancellable_cancel (run->cancellable);
  finish (run, g_error_new_literal (SE_ERROR, SE_ERROR_CANCELLED, _("Interrupted")));

  return G_SOURCE_CONTINUE;
}

/* The library of --messages FILE, or the window's (its shipped messages
 * if it has none yet). Never written. */
static SeMessageLibrary *
se_cli_load_messages (const char *path)
{
  g_autoptr(SeMessageLibrary) library = se_message_library_new ();
  g_autoptr(GFile) file = path != NULL ? g_file_new_for_commandline_arg (path)
                                       : se_message_library_dup_default_file ();
  g_autoptr(GError) error = NULL;

  if (se_message_library_import_file (library, file, &error) < 0)
    {
      if (path != NULL || !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          se_cli_fail_error (SE_CLI_EXIT_USAGE, error);
          return NULL;
        }
      se_message_library_add_defaults (library);
    }
  return g_steal_pointer (&library);
}

static int
se_cli_fail_no_message (SeMessageLibrary *library,
                        const char       *name)
{
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *message = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (library)); i++)
    {
      g_autoptr(SeSavedMessage) saved = g_list_model_get_item (G_LIST_MODEL (library), i);

      g_string_append_printf (names, "%s“%s”", i > 0 ? ", " : "", se_saved_message_get_name (saved));
    }
  /* Translators: the second %s lists the names, e.g. “HTTP GET”, “SMTP EHLO” */
  message = g_strdup_printf (_("send --saved: no saved message “%s”; there are: %s"), name,
                             names->len > 0 ? names->str : _("none"));
  return se_cli_fail (SE_CLI_EXIT_USAGE, message);
}

int
se_cli_send (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SeEndpoint) target = NULL;
  g_autoptr(SeTrafficLog) log = NULL;
  g_autoptr(SeClient) client = NULL;
  g_autoptr(SeCliLogPrinter) printer = NULL;
  g_autoptr(SeCliLogPrinter) verbose_printer = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *eol_text = NULL;
  g_autofree char *repeat_text = NULL;
  g_autofree char *interval_text = NULL;
  g_autofree char *wait_text = NULL;
  g_autofree char *timeout_text = NULL;
  g_autofree char *encoding_text = NULL;
  g_autofree char *read_size_text = NULL;
  guint64 read_size = SE_CONNECTION_READ_SIZE_DEFAULT;
  gboolean nodelay = FALSE;
  gboolean no_nodelay = FALSE;
  gboolean insecure = FALSE;
  g_autofree char *pin = NULL;
  g_autofree char *ca_file = NULL;
  gboolean sendall = FALSE;
  g_autofree char *pcap_path = NULL;
  g_autoptr(SeCliLogFile) pcap = NULL;
  gboolean hex = FALSE;
  gboolean json = FALSE;
  gboolean macros = FALSE;
  gboolean verbose = FALSE;
  gboolean broadcast = FALSE;
  gboolean no_multicast_loop = FALSE;
  g_autofree char *multicast_ttl_text = NULL;
  g_autofree char *file_path = NULL;
  g_autofree char *datagram_size_text = NULL;
  g_autoptr(SeCliFileSender) file_sender = NULL;
  gboolean progress = FALSE;
  g_autofree char *saved_name = NULL;
  g_autofree char *messages_path = NULL;
  g_auto(GStrv) rule_texts = NULL;
  g_autoptr(SeRuleSet) rules = NULL;
  g_autoptr(SeMessageLibrary) library = NULL;
  const char *endpoint_text, *data_text;
  SeEol eol = SE_EOL_NONE;
  guint64 repeat = 1, interval = 0, wait = DEFAULT_WAIT_MS;
  guint64 timeout = SE_CLIENT_DEFAULT_CONNECT_TIMEOUT_MS;
  SendRun run = { 0 };
  guint sigint_id, sigterm_id;
  const GOptionEntry entries[] = {
    { "insecure", 'k', 0, G_OPTION_ARG_NONE, &insecure,
      N_("tls://: go on even if the server's certificate fails the check (the failure is still shown)"), NULL },
    { "pin", 0, 0, G_OPTION_ARG_STRING, &pin,
      N_("tls://: accept only the certificate with this SHA-256 fingerprint, trusted or not"),
      N_("SHA256") },
    { "cafile", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
      N_("tls://: check the server against the certificate authorities in FILE (PEM) instead of the system's"),
      N_("FILE") },
    { "hex", 'x', 0, G_OPTION_ARG_NONE, &hex,
      N_("DATA is hex (“48 65 6c 6c 6f” or “48656c6c6f”) instead of text with escapes"), NULL },
    { "encoding", 'E', 0, G_OPTION_ARG_STRING, &encoding_text,
      N_("Send the text in ENCODING and print replies decoded from it: utf-8 (the default), gb18030 (also gbk, gb2312), big5, latin1, utf-16le or utf-16be"),
      N_("ENCODING") },
    { "eol", 'e', 0, G_OPTION_ARG_STRING, &eol_text,
      N_("Line ending to append: none (the default), lf or crlf"), N_("EOL") },
    { "repeat", 'n', 0, G_OPTION_ARG_STRING, &repeat_text,
      N_("Send the message N times (default 1)"), N_("N") },
    { "interval", 'i', 0, G_OPTION_ARG_STRING, &interval_text,
      N_("Milliseconds between repeated sends (default 0)"), N_("MS") },
    { "sendall", 0, 0, G_OPTION_ARG_NONE, &sendall,
      N_("Send all repeats with one sendall() instead of one send() per repeat"), NULL },
    { "read-size", 0, 0, G_OPTION_ARG_STRING, &read_size_text,
      N_("Bytes asked of each recv()/recvfrom(), the bufsize argument: 1 to 65536 (the default); a small one shows a stream cut into pieces"),
      N_("N") },
    { "nodelay", 0, 0, G_OPTION_ARG_NONE, &nodelay,
      N_("TCP: set TCP_NODELAY, so that Nagle's algorithm does not hold small sends back to merge them"), NULL },
    { "no-nodelay", 0, 0, G_OPTION_ARG_NONE, &no_nodelay,
      N_("TCP: leave Nagle's algorithm on (the kernel's default)"), NULL },
    { "wait", 'w', 0, G_OPTION_ARG_STRING, &wait_text,
      N_("Milliseconds to wait for replies after the last send (default 1000)"), N_("MS") },
    { "timeout", 't', 0, G_OPTION_ARG_STRING, &timeout_text,
      N_("Milliseconds to wait for the connection (default 5000)"), N_("MS") },
    { "macros", 'm', 0, G_OPTION_ARG_NONE, &macros,
      N_("Expand {{counter}}, {{time}}, {{unix}}, {{random:N}}, {{uuid}}, {{len}} and {{file:PATH}} in DATA at each send"),
      NULL },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json,
      N_("Print every event as JSON Lines instead of the reply bytes"), NULL },
    { "file", 'f', 0, G_OPTION_ARG_FILENAME, &file_path,
      N_("Send the bytes of FILE instead of DATA (through the send queue; over UDP one datagram per --datagram-size bytes)"),
      N_("FILE") },
    { "datagram-size", 0, 0, G_OPTION_ARG_STRING, &datagram_size_text,
      N_("With --file over UDP or Unix datagrams: bytes per datagram (default 1024)"), N_("BYTES") },
    { "progress", 'p', 0, G_OPTION_ARG_NONE, &progress,
      N_("With --file: show the bytes sent so far on standard error (the default when it is a terminal)"), NULL },
    { "saved", 's', 0, G_OPTION_ARG_STRING, &saved_name,
      N_("Send the saved message NAME (its data, hex, line ending, encoding and macros) instead of DATA; ENDPOINT may be left out if the message has a target"),
      N_("NAME") },
    { "rule", 'R', 0, G_OPTION_ARG_STRING_ARRAY, &rule_texts,
      N_("Answer what the server sends (each read of a stream, each datagram back), TYPE[,delay=MS][,close]:MATCH=>REPLY as listen --rule takes it (repeatable, tried in order)"),
      N_("RULE") },
    { "messages", 0, 0, G_OPTION_ARG_FILENAME, &messages_path,
      N_("Where --saved looks: a saved-messages or workspace file (default: the window’s library)"),
      N_("FILE") },
    { "broadcast", 0, 0, G_OPTION_ARG_NONE, &broadcast,
      N_("UDP: set SO_BROADCAST, so that ENDPOINT may be a broadcast address"), NULL },
    { "multicast-ttl", 0, 0, G_OPTION_ARG_STRING, &multicast_ttl_text,
      N_("UDP: hops of datagrams sent to a multicast group (default 1: this network only)"),
      N_("N") },
    { "no-multicast-loop", 0, 0, G_OPTION_ARG_NONE, &no_multicast_loop,
      N_("UDP: do not deliver our own multicast datagrams back to this machine"), NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
      N_("Also print the events as text to standard error"), NULL },
    { "pcap", 0, 0, G_OPTION_ARG_FILENAME, &pcap_path,
      N_("Also write every send and receive to FILE as pcapng, for Wireshark or tshark"),
      N_("FILE") },
    { NULL }
  };

  context = g_option_context_new (_("ENDPOINT DATA"));
  g_option_context_set_summary (context,
                                _("Connects to ENDPOINT (TCP, Unix stream) or sends to it (UDP, Unix datagram),\n"
                                  "sends DATA, prints the replies that arrive until --wait milliseconds after\n"
                                  "the last send (or until the peer closes) and closes.\n"
                                  "DATA is text with the escapes \\n \\r \\t \\\\ \\xHH, or hex with --hex.\n"
                                  "The replies are written to standard output as raw bytes, like nc."));
  g_option_context_set_description (context,
                                    _("Examples:\n"
                                      "  socket-explorer-cli send tcp://127.0.0.1:7000 'hello\\n'\n"
                                      "  socket-explorer-cli send udp://127.0.0.1:7000 hello --repeat 3 --interval 500\n"
                                      "  socket-explorer-cli send unix:///tmp/demo.sock '48 65 6c 6c 6f' --hex --json\n"
                                      "  socket-explorer-cli send tcp://127.0.0.1:7000 '你好' --encoding gb18030\n"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!se_cli_parse_options (context, &argc, &argv))
    return SE_CLI_EXIT_USAGE;

  if (file_path != NULL)
    {
      guint64 datagram_size = 1024;

      if (argc != 2)
        return se_cli_fail (SE_CLI_EXIT_USAGE,
                            argc < 2 ? _("send: expected ENDPOINT (see send --help)")
                                     : _("send: --file sends the file's bytes: give no DATA"));
      if (hex || macros || encoding_text != NULL || repeat_text != NULL || eol_text != NULL)
        return se_cli_fail (SE_CLI_EXIT_USAGE,
                            _("send: --file sends the file's bytes as they are; --hex, --macros, --encoding, --eol and --repeat apply to DATA"));
      if (datagram_size_text != NULL &&
          !se_cli_parse_number ("--datagram-size", datagram_size_text, 1, 65507, &datagram_size))
        return SE_CLI_EXIT_USAGE;
      file_sender = se_cli_file_sender_new (file_path, (gsize) datagram_size,
                                            progress || isatty (STDERR_FILENO), &error);
      if (file_sender == NULL)
        return se_cli_fail_error (SE_CLI_EXIT_FAILURE, error);
      endpoint_text = argv[1];
      data_text = "";
    }
  else if (saved_name != NULL)
    {
      SeSavedMessage *message;

      if (argc > 2)
        return se_cli_fail (SE_CLI_EXIT_USAGE, _("send --saved: give ENDPOINT only; the data is the saved message’s"));
      library = se_cli_load_messages (messages_path);
      if (library == NULL)
        return SE_CLI_EXIT_USAGE;
      message = se_message_library_find (library, saved_name);
      if (message == NULL)
        return se_cli_fail_no_message (library, saved_name);
      endpoint_text = argc == 2 ? argv[1] : se_saved_message_get_target (message);
      if (endpoint_text == NULL)
        return se_cli_fail (SE_CLI_EXIT_USAGE, _("send --saved: the message has no target; give ENDPOINT"));
      data_text = se_saved_message_get_data (message);
      hex = se_saved_message_get_hex (message);
      if (eol_text == NULL)
        eol_text = g_strdup (se_eol_to_string (se_saved_message_get_eol (message)));
      /* Saved messages are sent with their macros, as the window does. */
      macros = se_macro_has_macros (data_text);
      if (encoding_text == NULL && !hex && g_strcmp0 (se_saved_message_get_encoding (message), "utf-8") != 0)
        encoding_text = g_strdup (se_saved_message_get_encoding (message));
    }
  else if (argc != 3)
    return se_cli_fail (SE_CLI_EXIT_USAGE,
                        argc < 3 ? _("send: expected ENDPOINT and DATA (see send --help)")
                                 : _("send: too many arguments (see send --help)"));
  else
    {
      endpoint_text = argv[1];
      data_text = argv[2];
    }

  if (eol_text != NULL && !se_eol_from_string (eol_text, &eol))
    {
      g_autofree char *message = g_strdup_printf (_("--eol: expected none, lf or crlf, not “%s”"), eol_text);

      return se_cli_fail (SE_CLI_EXIT_USAGE, message);
    }
  if ((repeat_text != NULL && !se_cli_parse_number ("--repeat", repeat_text, 1, G_MAXINT32, &repeat)) ||
      (interval_text != NULL && !se_cli_parse_number ("--interval", interval_text, 0, SE_SENDER_INTERVAL_MAX_MS, &interval)) ||
      (wait_text != NULL && !se_cli_parse_number ("--wait", wait_text, 0, G_MAXINT32, &wait)) ||
      (timeout_text != NULL && !se_cli_parse_number ("--timeout", timeout_text, 1, G_MAXINT32, &timeout)) ||
      (read_size_text != NULL && !se_cli_parse_number ("--read-size", read_size_text, 1, SE_CONNECTION_READ_SIZE_DEFAULT, &read_size)))
    return SE_CLI_EXIT_USAGE;
  if (nodelay && no_nodelay)
    return se_cli_fail (SE_CLI_EXIT_USAGE, _("--nodelay and --no-nodelay cannot be used together"));
  if (pin != NULL && !se_tls_fingerprint_matches (pin, pin))
    {
      g_autofree char *message = g_strdup_printf (_("--pin: expected a SHA-256 fingerprint, 64 hex digits (colons allowed), not “%s”"), pin);

      return se_cli_fail (SE_CLI_EXIT_USAGE, message);
    }

  if (encoding_text != NULL)
    {
      const SeEncoding *encoding;

      /* Hex is already bytes; an encoding would have nothing to convert. */
      if (hex)
        return se_cli_fail (SE_CLI_EXIT_USAGE, _("--encoding applies to text; with --hex DATA is already bytes"));
      /* With --macros the text is encoded piece by piece (se-macro.h):
       * {{file:PATH}} keeps its bytes, {{len}} counts the encoded ones */
      encoding = se_encoding_lookup (encoding_text, &error);
      if (encoding == NULL)
        return se_cli_fail_error (SE_CLI_EXIT_USAGE, error);
      run.encoding = encoding->id;
    }

  target = se_endpoint_parse (endpoint_text, &error);
  if (target == NULL)
    return se_cli_fail_error (SE_CLI_EXIT_USAGE, error);

  /* With --macros, the first expansion checks the message before any
   * socket is opened: an unknown macro is a usage error, not a send. */
  if (file_sender != NULL)
    payload = g_bytes_new (NULL, 0);
  else if (macros)
    payload = se_macro_expand_encoded (data_text, hex ? SE_PAYLOAD_HEX : SE_PAYLOAD_TEXT, eol,
                                       run.encoding, 1, NULL, &error);
  else
    payload = se_payload_decode (data_text, hex ? SE_PAYLOAD_HEX : SE_PAYLOAD_TEXT, eol, &error);
  if (payload == NULL)
    return se_cli_fail_error (SE_CLI_EXIT_USAGE, error);
  if (run.encoding != NULL && !macros)
    {
      GBytes *encoded = encode_payload (run.encoding, payload, &error);

      if (encoded == NULL)
        return se_cli_fail_error (SE_CLI_EXIT_USAGE, error);
      g_bytes_unref (payload);
      payload = encoded;
    }

  if (!se_cli_parse_rules (rule_texts, &rules, &error))
    return se_cli_fail_error (SE_CLI_EXIT_USAGE, error);

  log = se_traffic_log_new ();
  client = se_client_new (target, log);
  se_client_set_rules (client, rules);
  se_client_set_connect_timeout (client, (guint) timeout);
  se_client_set_broadcast (client, broadcast);
  if (no_multicast_loop)
    se_client_set_multicast_loop (client, FALSE);
  if (multicast_ttl_text != NULL)
    {
      guint64 value;

      if (!se_cli_parse_number ("--multicast-ttl", multicast_ttl_text, 0, 255, &value))
        return SE_CLI_EXIT_USAGE;
      se_client_set_multicast_ttl (client, (int) value);
    }
  se_client_set_read_size (client, (guint) read_size);
  se_client_set_nodelay (client, nodelay);
  if ((insecure || pin != NULL) && !se_endpoint_get_tls (target))
    return se_cli_fail (SE_CLI_EXIT_USAGE, _("--insecure and --pin are for tls:// endpoints"));
  if (ca_file != NULL && !se_endpoint_get_tls (target))
    return se_cli_fail (SE_CLI_EXIT_USAGE, _("--cafile is for tls:// endpoints"));
  se_client_set_tls_insecure (client, insecure);
  se_client_set_tls_pin (client, pin);
  se_client_set_tls_ca_file (client, ca_file);
  if (pcap_path != NULL)
    {
      pcap = se_cli_log_file_new (log, SE_EXPORT_PCAPNG, pcap_path, &error);
      if (pcap == NULL)
        return se_cli_fail_error (SE_CLI_EXIT_FAILURE, error);
    }

  if (json)
    printer = se_cli_log_printer_new (log, SE_EXPORT_JSON_LINES, stdout, SE_CLI_OUTPUT_BLOCKING);
  if (verbose)
    verbose_printer = se_cli_log_printer_new (log, SE_EXPORT_TEXT, stderr, SE_CLI_OUTPUT_BLOCKING);
  if (printer != NULL)
    se_cli_log_printer_start (printer);
  if (verbose_printer != NULL)
    se_cli_log_printer_start (verbose_printer);

  loop = g_main_loop_new (NULL, FALSE);
  cancellable = g_cancellable_new ();
  run.loop = loop;
  run.show_tls = !json && !verbose;
  run.client = client;
  run.log = log;
  run.payload = payload;
  if (macros)
    {
      run.macro_input = data_text;
      run.macro_format = hex ? SE_PAYLOAD_HEX : SE_PAYLOAD_TEXT;
      run.macro_eol = eol;
    }
  run.cancellable = cancellable;
  run.file_sender = file_sender;
  run.remaining = (guint) repeat;
  run.interval_ms = (guint) interval;
  run.wait_ms = (guint) wait;
  run.raw_output = !json;
  run.sendall = sendall;

  run.received_id = g_signal_connect (client, "received", G_CALLBACK (client_received_cb), &run);
  run.closed_id = g_signal_connect (client, "closed", G_CALLBACK (client_closed_cb), &run);
  sigint_id = g_unix_signal_add (SIGINT, interrupt_cb, &run);
  sigterm_id = g_unix_signal_add (SIGTERM, interrupt_cb, &run);

  se_client_connect_async (client, cancellable, client_connected_cb, &run);
  g_main_loop_run (loop);

  if (run.error == NULL)
    drain_send_queue (&run, (guint) timeout);

  g_clear_handle_id (&sigint_id, g_source_remove);
  g_clear_handle_id (&sigterm_id, g_source_remove);
  g_clear_signal_handler (&run.received_id, client);
  g_clear_signal_handler (&run.closed_id, client);
  g_clear_signal_handler (&run.log_changed_id, log);
  if (run.connection != NULL)
    {
      g_clear_signal_handler (&run.state_id, run.connection);
      g_clear_signal_handler (&run.tls_id, run.connection);
    }
  g_clear_object (&run.connection);
  if (run.sender != NULL)
    g_clear_signal_handler (&run.sender_id, run.sender);
  g_clear_object (&run.sender);

  /* Closing queues nothing new but lets queued data go; the shutdown and
   * close events end the log. */
  se_client_close (client);
  if (pcap != NULL)
    se_cli_log_file_finish (pcap);
  if (printer != NULL)
    se_cli_log_printer_drain (printer);
  if (verbose_printer != NULL)
    se_cli_log_printer_drain (verbose_printer);

  if (run.error != NULL)
    {
      g_autoptr(GError) send_error = g_steal_pointer (&run.error);

      return se_cli_fail_error (SE_CLI_EXIT_FAILURE, send_error);
    }

  return SE_CLI_EXIT_OK;
}
