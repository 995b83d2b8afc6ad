/* se-cli-listen.c: socket-explorer-cli listen ENDPOINT
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "se-cli.h"
#include "se-encoding.h"
#include "se-json.h"

typedef struct
{
  GMainLoop       *loop;
  GPtrArray       *listeners;     /* SeListener */
  SeCliLogPrinter *printer;
  GError          *error;         /* the start that failed, if that ends the run */
  gboolean         json;
  gboolean         stop_on_error; /* listen: a failed start ends it; open: the others go on */
  guint            pending;       /* starts not finished */
  guint            started;
} ListenRun;

/* listen --show-options: the options of the bound socket, after the
 * "listening on" line */
static gboolean show_options;

static void
quiet_items_changed_cb (GListModel *log,
                        guint       position,
                        guint       removed,
                        guint       added,
                        gpointer    user_data)
{
  if (added > 0)
    se_traffic_log_drop_before (SE_TRAFFIC_LOG (log), g_list_model_get_n_items (log));
}

static gboolean
stop_signal_cb (gpointer user_data)
{
  ListenRun *run = user_data;

  g_main_loop_quit (run->loop);

  return G_SOURCE_CONTINUE;
}

static void
print_listening (ListenRun  *run,
                 SeListener *listener)
{
  g_autofree char *bound = se_endpoint_to_string (se_listener_get_endpoint (listener));
  g_autoptr(GString) line = g_string_new (NULL);

  if (run->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      se_json_builder_add_member_string (builder, "listening", bound);
      if (se_listener_get_tls_fingerprint (listener) != NULL)
        se_json_builder_add_member_string (builder, "tls_fingerprint",
                                           se_listener_get_tls_fingerprint (listener));
      json_builder_end_object (builder);
      se_json_builder_append (builder, line);
      g_string_append_c (line, '\n');
    }
  else
    {
      /* TRANSLATORS: the first line of "listen"; scripts read the port from
       * it, so keep the endpoint last. */
      g_string_append_printf (line, _("listening on %s"), bound);
      g_string_append_c (line, '\n');
      /* tls://: the fingerprint a client pins (send --pin), on a line of
       * its own so that the endpoint stays last on the first one. */
      if (se_listener_get_tls_fingerprint (listener) != NULL)
        {
          /* TRANSLATORS: printed under "listening on tls://…"; keep the fingerprint last */
          g_string_append_printf (line, _("certificate SHA-256 %s"),
                                  se_listener_get_tls_fingerprint (listener));
          g_string_append_c (line, '\n');
        }
    }
  if (show_options)
    {
      g_autoptr(GArray) options = se_socket_options_read (G_OBJECT (listener));

      for (guint i = 0; options != NULL && i < options->len; i++)
        {
          const SeSocketOption *option = &g_array_index (options, SeSocketOption, i);

          if (run->json)
            {
              g_autoptr(JsonBuilder) builder = json_builder_new ();

              json_builder_begin_object (builder);
              se_json_builder_add_member_string (builder, "option", option->name);
              json_builder_set_member_name (builder, "value");
              json_builder_add_int_value (builder, option->value);
              json_builder_end_object (builder);
              se_json_builder_append (builder, line);
              g_string_append_c (line, '\n');
            }
          else
            g_string_append_printf (line, "  %-12s %-8d %s\n", option->name, option->value,
                                    se_socket_option_explain (option->name));
        }
    }
  fputs (line->str, stdout);
  fflush (stdout);
}

static void
listener_started_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ListenRun *run = user_data;
  SeListener *listener = SE_LISTENER (source);
  g_autoptr(GError) error = NULL;

  run->pending--;
  if (!se_listener_start_finish (listener, result, &error))
    {
      if (run->stop_on_error)
        {
          run->error = g_steal_pointer (&error);
          g_main_loop_quit (run->loop);
          return;
        }
      /* open: this one says why, the others go on */
      {
        g_autofree char *asked = se_endpoint_to_string (se_listener_get_endpoint (listener));
        /* Translators: a listener of a workspace that did not start: its endpoint, then why */
        g_autofree char *message = g_strdup_printf (_("%s: %s"), asked, error->message);

        se_cli_fail (SE_CLI_EXIT_FAILURE, message);
      }
    }
  else
    {
      run->started++;
      print_listening (run, listener);
    }

  if (run->pending > 0)
    return;

  if (run->started == 0)
    {
      g_set_error_literal (&run->error, SE_ERROR, SE_ERROR_FAILED, _("No listener could start"));
      g_main_loop_quit (run->loop);
      return;
    }

  /* Now the events that came before (bind, listen), then every batch:
   * the "listening on" lines come first. */
  if (run->printer != NULL)
    se_cli_log_printer_start (run->printer);
}

int
se_cli_serve (GPtrArray    *listeners,
              SeTrafficLog *log,
              gboolean      json,
              gboolean      quiet,
              gboolean      stop_on_error,
              const char   *encoding)
{
  /* open has no --data-limit: its JSON lines keep every byte, as before */
  return se_cli_serve_with_file (listeners, log, json, 0, quiet, stop_on_error, encoding, NULL);
}

gboolean
se_cli_parse_data_limit (const char *text,
                         gsize      *limit)
{
  guint64 value = SE_CLI_JSON_DATA_LIMIT_DEFAULT;

  if (text != NULL && !se_cli_parse_number ("--data-limit", text, 0, G_MAXSIZE, &value))
    return FALSE;
  *limit = (gsize) value;

  return TRUE;
}

int
se_cli_serve_with_file (GPtrArray    *listeners,
                        SeTrafficLog *log,
                        gboolean      json,
                        gsize         json_data_limit,
                        gboolean      quiet,
                        gboolean      stop_on_error,
                        const char   *encoding,
                        SeCliLogFile *pcap)
{
  g_autoptr(SeCliLogPrinter) printer = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  ListenRun run = { 0 };
  guint sigint_id, sigterm_id;

  if (!quiet)
    {
      printer = se_cli_log_printer_new (log, json ? SE_EXPORT_JSON_LINES : SE_EXPORT_TEXT, stdout,
                                        SE_CLI_OUTPUT_NONBLOCKING);
      se_cli_log_printer_set_drop_printed (printer, TRUE);
      se_cli_log_printer_set_encoding (printer, encoding);
      se_cli_log_printer_set_data_limit (printer, json_data_limit);
      /* A text line shows a preview of the payload, a JSON line at most
       * json_data_limit bytes of it: copying more into the log would cost
       * without showing anything. */
      if (!json && pcap == NULL)
        se_traffic_log_set_capture_per_event (log, SE_EVENT_TEXT_PREVIEW_BYTES);
      else if (json && json_data_limit > 0 && pcap == NULL)
        se_traffic_log_set_capture_per_event (log, json_data_limit);
    }
  else
    {
      /* Nothing is printed, so nothing need be kept: a million echoes do
       * not grow the listener, and no payload is copied (unless the
       * payload goes to a file, which has seen each batch before this
       * drops it). */
      if (pcap == NULL)
        se_traffic_log_set_capture_budget (log, 0);
      g_signal_connect (log, "items-changed", G_CALLBACK (quiet_items_changed_cb), NULL);
    }

  /* A reader that closes the pipe (`| head -1` to learn the port) must
   * not kill a listener that is serving clients: writes then fail with
   * EPIPE instead, the printer stops printing and counts the events, and
   * the listener goes on until interrupted. (The core's own sends use
   * MSG_NOSIGNAL already.) */
  signal (SIGPIPE, SIG_IGN);

  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  run.listeners = listeners;
  run.printer = printer;
  run.json = json;
  run.stop_on_error = stop_on_error;
  run.pending = listeners->len;

  sigint_id = g_unix_signal_add (SIGINT, stop_signal_cb, &run);
  sigterm_id = g_unix_signal_add (SIGTERM, stop_signal_cb, &run);

  for (guint i = 0; i < listeners->len; i++)
    se_listener_start_async (g_ptr_array_index (listeners, i), NULL, listener_started_cb, &run);
  g_main_loop_run (loop);

  /* The signal sources stay until the output is drained: a second
   * Ctrl+C during that bounded wait must not kill the process before the
   * printer is freed and has put back the flags of stdout. */
  /* Closes every connection and removes Unix socket files; the close
   * events are the last lines (after a failed start, the events up to the
   * failure: resolve, error). */
  for (guint i = 0; i < listeners->len; i++)
    se_listener_stop (g_ptr_array_index (listeners, i));
  if (pcap != NULL)
    se_cli_log_file_finish (pcap);
  if (printer != NULL)
    se_cli_log_printer_drain (printer);
  g_clear_pointer (&printer, se_cli_log_printer_free);
  g_clear_handle_id (&sigint_id, g_source_remove);
  g_clear_handle_id (&sigterm_id, g_source_remove);

  if (run.error != NULL)
    {
      g_autoptr(GError) start_error = g_steal_pointer (&run.error);

      return se_cli_fail_error (SE_CLI_EXIT_FAILURE, start_error);
    }

  return SE_CLI_EXIT_OK;
}

SeTrafficLog *
se_cli_new_listen_log (const char *log_budget_text,
                       const char *capture_budget_text)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  guint64 log_budget = SE_CLI_LISTEN_DEFAULT_LOG_BUDGET;

  if (log_budget_text != NULL &&
      !se_cli_parse_number ("--log-budget", log_budget_text, 1, G_MAXSIZE, &log_budget))
    return NULL;

  /* A hundred lines a second is plenty for a person or a script, and the
   * loop then need not go round once more after every batch. */
  se_traffic_log_set_publish_interval (log, 10);
  se_traffic_log_set_memory_budget (log, (gsize) log_budget);
  if (capture_budget_text != NULL)
    {
      guint64 budget;

      if (!se_cli_parse_number ("--capture-budget", capture_budget_text, 0, G_MAXSIZE, &budget))
        return NULL;
      se_traffic_log_set_capture_budget (log, (gsize) budget);
    }

  return g_steal_pointer (&log);
}

int
se_cli_listen (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SeEndpoint) endpoint = NULL;
  g_autoptr(SeResponder) responder = NULL;
  g_autoptr(SeRuleSet) rules = NULL;
  g_autoptr(SeTrafficLog) log = NULL;
  g_autoptr(SeListener) listener = NULL;
  g_autoptr(GPtrArray) listeners = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *respond = NULL;
  g_autofree char *backlog_text = NULL;
  g_autofree char *budget_text = NULL;
  g_autofree char *data_limit_text = NULL;
  g_autofree char *max_connections_text = NULL;
  g_autofree char *idle_timeout_text = NULL;
  g_autofree char *receive_buffer_text = NULL;
  g_auto(GStrv) joins = NULL;
  g_autofree char *save_dir = NULL;
  g_autoptr(SeCliSaver) saver = NULL;
  g_auto(GStrv) rule_texts = NULL;
  g_autofree char *multicast_ttl_text = NULL;
  gboolean no_multicast_loop = FALSE;
  g_autofree char *queue_limit_text = NULL;
  g_autofree char *read_size_text = NULL;
  g_autofree char *log_budget_text = NULL;
  g_autofree char *encoding_text = NULL;
  g_autofree char *pcap_path = NULL;
  g_autoptr(SeCliLogFile) pcap = NULL;
  g_autofree char *cert_path = NULL;
  g_autofree char *key_path = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  const SeEncoding *encoding = NULL;
  gsize data_limit = SE_CLI_JSON_DATA_LIMIT_DEFAULT;
  gboolean json = FALSE;
  gboolean quiet = FALSE;
  const GOptionEntry entries[] = {
    { "respond", 'r', 0, G_OPTION_ARG_STRING, &respond,
      N_("How to answer: echo, upper, timestamp, greeting=TEXT, discard, framed or none (the default)"),
      N_("RESPONDER") },
    { "rule", 'R', 0, G_OPTION_ARG_STRING_ARRAY, &rule_texts,
      N_("Answer what matches first: TYPE[,delay=MS][,close]:MATCH=>REPLY, TYPE exact, prefix, contains or regex; REPLY may hold \\1…\\9 and macros (repeatable, tried in order, before the responder)"),
      N_("RULE") },
    { "backlog", 'b', 0, G_OPTION_ARG_STRING, &backlog_text,
      N_("Length of the queue of connections not yet accepted (default 128)"), N_("N") },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json,
      N_("Print the events as JSON Lines"), NULL },
    { "data-limit", 0, 0, G_OPTION_ARG_STRING, &data_limit_text,
      N_("JSON: the hex of at most this many payload bytes per event (default 1024; 0 = all); “data_complete” is false when cut"),
      N_("BYTES") },
    { "encoding", 'E', 0, G_OPTION_ARG_STRING, &encoding_text,
      N_("Also show received and sent text decoded from ENCODING: utf-8, gb18030 (also gbk, gb2312), big5, latin1, utf-16le or utf-16be"),
      N_("ENCODING") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
      N_("Print only the first line (the bound endpoint)"), NULL },
    { "pcap", 0, 0, G_OPTION_ARG_FILENAME, &pcap_path,
      N_("Also write every send and receive to FILE as pcapng, for Wireshark or tshark"),
      N_("FILE") },
    { "capture-budget", 0, 0, G_OPTION_ARG_STRING, &budget_text,
      N_("Keep at most this many payload bytes in the log (default 64 MiB); sizes stay exact"),
      N_("BYTES") },
    { "log-budget", 0, 0, G_OPTION_ARG_STRING, &log_budget_text,
      N_("Memory for events not printed yet (default 64 MiB); past it the oldest are dropped and counted"),
      N_("BYTES") },
    { "max-connections", 0, 0, G_OPTION_ARG_STRING, &max_connections_text,
      N_("Refuse (accept, log and close) peers past this many open connections (default 10000; 0 = no limit)"),
      N_("N") },
    { "idle-timeout", 0, 0, G_OPTION_ARG_STRING, &idle_timeout_text,
      N_("Close a connection after this many seconds without a byte either way (default 0 = never)"),
      N_("SECONDS") },
    { "receive-buffer", 0, 0, G_OPTION_ARG_STRING, &receive_buffer_text,
      N_("Receive buffer (SO_RCVBUF) of a datagram socket (default 4 MiB; 0 = the kernel's)"),
      N_("BYTES") },
    { "save-dir", 0, 0, G_OPTION_ARG_FILENAME, &save_dir,
      N_("Write each connection's received bytes to its own file in DIR (conn-ID-PEER.bin; a datagram sender's to from-PEER.bin)"),
      N_("DIR") },
    { "join", 0, 0, G_OPTION_ARG_STRING_ARRAY, &joins,
      N_("UDP: join a multicast group, GROUP[@INTERFACE][/SOURCE] (repeatable; listen on 0.0.0.0 or [::])"),
      N_("GROUP") },
    { "multicast-ttl", 0, 0, G_OPTION_ARG_STRING, &multicast_ttl_text,
      N_("UDP: hops of the replies sent to a multicast group (default 1: this network only)"),
      N_("N") },
    { "no-multicast-loop", 0, 0, G_OPTION_ARG_NONE, &no_multicast_loop,
      N_("UDP: do not deliver our own multicast datagrams back to this machine"), NULL },
    { "read-size", 0, 0, G_OPTION_ARG_STRING, &read_size_text,
      N_("Bytes asked of each recv()/recvfrom(), the bufsize argument: 1 to 65536 (the default); a small one shows a stream cut into pieces"),
      N_("N") },
    { "send-queue-limit", 0, 0, G_OPTION_ARG_STRING, &queue_limit_text,
      N_("Bytes waiting to be sent on all connections together (default 64 MiB); past it responders stop reading"),
      N_("BYTES") },
    { "show-options", 0, 0, G_OPTION_ARG_NONE, &show_options,
      N_("After binding, print the socket's options as getsockopt() reads them (SO_REUSEADDR, SO_RCVBUF, …)"),
      NULL },
    { "cert", 0, 0, G_OPTION_ARG_FILENAME, &cert_path,
      N_("tls://: the certificate to present, a PEM file (without it, a self-signed one is made for localhost)"),
      N_("FILE") },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key_path,
      N_("tls://: the certificate's private key, a PEM file (if it is not in the --cert file)"),
      N_("FILE") },
    { NULL }
  };

  context = g_option_context_new (_("ENDPOINT"));
  g_option_context_set_summary (context,
                                _("Listens on ENDPOINT, answers with a responder and prints one line per event\n"
                                  "until interrupted (Ctrl+C or SIGTERM). The first line names the bound\n"
                                  "endpoint with the real port, e.g. “listening on tcp://127.0.0.1:40123”."));
  g_option_context_set_description (context,
                                    _("Examples:\n"
                                      "  socket-explorer-cli listen tcp://127.0.0.1:7000 --respond echo\n"
                                      "  socket-explorer-cli listen udp://127.0.0.1:0 --respond timestamp --json\n"
                                      "  socket-explorer-cli listen unix:///tmp/demo.sock --respond greeting='Thank you for connection'\n"
                                      "  socket-explorer-cli listen tcp://127.0.0.1:7000 --encoding gb18030\n"
                                      "  socket-explorer-cli listen tls://127.0.0.1:7443 --respond echo --cert server.pem --key server.key\n"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!se_cli_parse_options (context, &argc, &argv))
    return SE_CLI_EXIT_USAGE;

  if (argc != 2)
    return se_cli_fail (SE_CLI_EXIT_USAGE,
                        argc < 2 ? _("listen: missing ENDPOINT (see listen --help)")
                                 : _("listen: too many arguments (see listen --help)"));

  endpoint = se_endpoint_parse (argv[1], &error);
  if (endpoint == NULL)
    return se_cli_fail_error (SE_CLI_EXIT_USAGE, error);

  if (encoding_text != NULL)
    {
      encoding = se_encoding_lookup (encoding_text, &error);
      if (encoding == NULL)
        return se_cli_fail_error (SE_CLI_EXIT_USAGE, error);
    }

  responder = se_responder_parse (respond != NULL ? respond : "none", &error);
  if (responder == NULL)
    return se_cli_fail_error (SE_CLI_EXIT_USAGE, error);

  if (!se_cli_parse_rules (rule_texts, &rules, &error))
    return se_cli_fail_error (SE_CLI_EXIT_USAGE, error);

  log = se_cli_new_listen_log (log_budget_text, budget_text);
  if (log == NULL)
    return SE_CLI_EXIT_USAGE;
  if (!se_cli_parse_data_limit (data_limit_text, &data_limit))
    return SE_CLI_EXIT_USAGE;

  if ((cert_path != NULL || key_path != NULL) && !se_endpoint_get_tls (endpoint))
    return se_cli_fail (SE_CLI_EXIT_USAGE, _("--cert and --key are for tls:// endpoints"));
  if (key_path != NULL && cert_path == NULL)
    return se_cli_fail (SE_CLI_EXIT_USAGE, _("--key needs --cert"));
  if (cert_path != NULL)
    {
      certificate = se_tls_load_certificate (cert_path, key_path, &error);
      if (certificate == NULL)
        return se_cli_fail_error (SE_CLI_EXIT_FAILURE, error);
    }

  listener = se_listener_new (endpoint, responder, log);
  se_listener_set_tls_certificate (listener, certificate);
  /* Like the tutorials' servers: a peer's FIN ends the connection, also
   * without a responder, so that clients that connect, send and close do
   * not pile up half-closed sockets until the descriptors run out. */
  se_listener_set_close_on_eof (listener, TRUE);
  se_listener_set_rules (listener, rules);
  if (max_connections_text != NULL)
    {
      guint64 value;

      if (!se_cli_parse_number ("--max-connections", max_connections_text, 0, G_MAXUINT, &value))
        return SE_CLI_EXIT_USAGE;
      se_listener_set_max_connections (listener, (guint) value);
    }
  if (idle_timeout_text != NULL)
    {
      guint64 value;

      if (!se_cli_parse_number ("--idle-timeout", idle_timeout_text, 0, G_MAXUINT / 4, &value))
        return SE_CLI_EXIT_USAGE;
      se_listener_set_idle_timeout (listener, (guint) value);
    }
  if (read_size_text != NULL)
    {
      guint64 value;

      if (!se_cli_parse_number ("--read-size", read_size_text, 1, SE_CONNECTION_READ_SIZE_DEFAULT, &value))
        return SE_CLI_EXIT_USAGE;
      se_listener_set_read_size (listener, (guint) value);
    }
  if (receive_buffer_text != NULL)
    {
      guint64 value;

      if (!se_cli_parse_number ("--receive-buffer", receive_buffer_text, 0, G_MAXINT / 2, &value))
        return SE_CLI_EXIT_USAGE;
      se_listener_set_receive_buffer (listener, (guint) value);
    }
  if (save_dir != NULL)
    {
      saver = se_cli_saver_new (save_dir, &error);
      if (saver == NULL)
        return se_cli_fail_error (SE_CLI_EXIT_USAGE, error);
      se_cli_saver_watch (saver, listener);
    }
  if (joins != NULL && !se_listener_set_multicast_groups (listener, (const char * const *) joins, &error))
    return se_cli_fail_error (SE_CLI_EXIT_USAGE, error);
  if (multicast_ttl_text != NULL)
    {
      guint64 value;

      if (!se_cli_parse_number ("--multicast-ttl", multicast_ttl_text, 0, 255, &value))
        return SE_CLI_EXIT_USAGE;
      se_listener_set_multicast_ttl (listener, (int) value);
    }
  if (no_multicast_loop)
    se_listener_set_multicast_loop (listener, FALSE);
  if (queue_limit_text != NULL)
    {
      guint64 value;

      if (!se_cli_parse_number ("--send-queue-limit", queue_limit_text, 0, G_MAXSIZE, &value))
        return SE_CLI_EXIT_USAGE;
      se_connection_set_send_queue_total_limit ((gsize) value);
    }
  if (backlog_text != NULL)
    {
      guint64 backlog;

      if (!se_cli_parse_number ("--backlog", backlog_text, 1, 65535, &backlog))
        return SE_CLI_EXIT_USAGE;
      se_listener_set_backlog (listener, (guint) backlog);
    }

  /* Before se_cli_serve_with_file() makes the printer, which drops
   * events once printed: the file sees every batch first. */
  if (pcap_path != NULL)
    {
      pcap = se_cli_log_file_new (log, SE_EXPORT_PCAPNG, pcap_path, &error);
      if (pcap == NULL)
        return se_cli_fail_error (SE_CLI_EXIT_FAILURE, error);
    }

  listeners = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (listeners, g_steal_pointer (&listener));

  return se_cli_serve_with_file (listeners, log, json, data_limit, quiet, TRUE,
                                 encoding != NULL ? encoding->id : NULL, pcap);
}
