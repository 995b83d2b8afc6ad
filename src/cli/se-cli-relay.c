/* se-cli-relay.c: socket-explorer-cli relay LISTEN-ENDPOINT TARGET-ENDPOINT
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdio.h>

#include <glib/gi18n.h>

#include "se-cli.h"

/* "60", "0.5": seconds, at most a day, in milliseconds. */
static gboolean
parse_seconds (const char *text,
               guint      *ms)
{
  char *end = NULL;
  double seconds = g_ascii_strtod (text, &end);

  if (end == text || *end != '\0' || !isfinite (seconds) || seconds < 0 || seconds > 86400)
    {
      g_autofree char *message = g_strdup_printf (_("--idle-timeout: “%s” is not a number of seconds from 0 to 86400"),
                                                  text);

      se_cli_fail (SE_CLI_EXIT_USAGE, message);
      return FALSE;
    }

  *ms = (guint) (seconds * 1000 + 0.5);
  return TRUE;
}

int
se_cli_relay (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SeEndpoint) endpoint = NULL;
  g_autoptr(SeEndpoint) target = NULL;
  g_autoptr(SeTrafficLog) log = NULL;
  g_autoptr(SeListener) listener = NULL;
  g_autoptr(SeRelay) relay = NULL;
  g_autoptr(GPtrArray) listeners = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *idle_timeout_text = NULL;
  g_autofree char *log_budget_text = NULL;
  g_autofree char *budget_text = NULL;
  g_autofree char *data_limit_text = NULL;
  g_autofree char *pcap_path = NULL;
  g_autoptr(SeCliLogFile) pcap = NULL;
  g_autofree char *cert_path = NULL;
  g_autofree char *key_path = NULL;
  gsize data_limit = SE_CLI_JSON_DATA_LIMIT_DEFAULT;
  gboolean json = FALSE;
  gboolean quiet = FALSE;
  guint idle_timeout_ms = SE_RELAY_DEFAULT_IDLE_TIMEOUT_MS;
  const GOptionEntry entries[] = {
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json,
      N_("Print the events as JSON Lines"), NULL },
    { "data-limit", 0, 0, G_OPTION_ARG_STRING, &data_limit_text,
      N_("JSON: the hex of at most this many payload bytes per event (default 1024; 0 = all); “data_complete” is false when cut"),
      N_("BYTES") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
      N_("Print only the first line (the bound endpoint)"), NULL },
    { "idle-timeout", 0, 0, G_OPTION_ARG_STRING, &idle_timeout_text,
      N_("Datagrams: end a source's session after this many seconds without a datagram either way (default 60; 0 = never)"),
      N_("SECONDS") },
    { "capture-budget", 0, 0, G_OPTION_ARG_STRING, &budget_text,
      N_("Keep at most this many payload bytes in the log (default 64 MiB); sizes stay exact"),
      N_("BYTES") },
    { "log-budget", 0, 0, G_OPTION_ARG_STRING, &log_budget_text,
      N_("Memory for events not printed yet (default 64 MiB); past it the oldest are dropped and counted"),
      N_("BYTES") },
    { "pcap", 0, 0, G_OPTION_ARG_FILENAME, &pcap_path,
      N_("Also write every send and receive to FILE as pcapng, for Wireshark or tshark"),
      N_("FILE") },
    { "cert", 0, 0, G_OPTION_ARG_FILENAME, &cert_path,
      N_("tls://: the certificate to present, a PEM file (without it, a self-signed one is made for localhost)"),
      N_("FILE") },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key_path,
      N_("tls://: the certificate's private key, a PEM file (if it is not in the --cert file)"),
      N_("FILE") },
    { NULL }
  };

  context = g_option_context_new (_("LISTEN-ENDPOINT TARGET-ENDPOINT"));
  g_option_context_set_summary (context,
                                _("Listens on LISTEN-ENDPOINT and forwards every connection (or datagram) to\n"
                                  "TARGET-ENDPOINT, printing the events of both legs until interrupted: each\n"
                                  "accepted connection gets a connection of its own to the target, and a FIN\n"
                                  "on one side is passed on to the other. Datagram sources each get a socket\n"
                                  "of their own to the target, and replies go back from the listening socket.\n"
                                  "The first line names the bound endpoint, e.g. “listening on tcp://127.0.0.1:40123”."));
  g_option_context_set_description (context,
                                    _("Examples:\n"
                                      "  socket-explorer-cli relay tcp://127.0.0.1:8080 tcp://example.org:80\n"
                                      "  socket-explorer-cli relay tcp://127.0.0.1:7000 unix:///tmp/demo.sock\n"
                                      "  socket-explorer-cli relay udp://127.0.0.1:5353 udp://127.0.0.1:53 --idle-timeout 10\n"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!se_cli_parse_options (context, &argc, &argv))
    return SE_CLI_EXIT_USAGE;

  if (argc != 3)
    return se_cli_fail (SE_CLI_EXIT_USAGE,
                        argc < 3 ? _("relay: missing LISTEN-ENDPOINT or TARGET-ENDPOINT (see relay --help)")
                                 : _("relay: too many arguments (see relay --help)"));

  endpoint = se_endpoint_parse (argv[1], &error);
  if (endpoint == NULL)
    return se_cli_fail_error (SE_CLI_EXIT_USAGE, error);
  target = se_endpoint_parse (argv[2], &error);
  if (target == NULL)
    return se_cli_fail_error (SE_CLI_EXIT_USAGE, error);
  if (idle_timeout_text != NULL && !parse_seconds (idle_timeout_text, &idle_timeout_ms))
    return SE_CLI_EXIT_USAGE;

  log = se_cli_new_listen_log (log_budget_text, budget_text);
  if (log == NULL)
    return SE_CLI_EXIT_USAGE;
  if (!se_cli_parse_data_limit (data_limit_text, &data_limit))
    return SE_CLI_EXIT_USAGE;

  if ((cert_path != NULL || key_path != NULL) && !se_endpoint_get_tls (endpoint))
    return se_cli_fail (SE_CLI_EXIT_USAGE, _("--cert and --key are for tls:// endpoints"));
  if (key_path != NULL && cert_path == NULL)
    return se_cli_fail (SE_CLI_EXIT_USAGE, _("--key needs --cert"));

  listener = se_listener_new (endpoint, NULL, log);
  /* Read when the relay starts: a file it cannot use fails the start */
  se_listener_set_tls_files (listener, cert_path, key_path);
  relay = se_relay_attach (listener, target, &error);
  if (relay == NULL)
    return se_cli_fail_error (SE_CLI_EXIT_USAGE, error);
  se_relay_set_idle_timeout_ms (relay, idle_timeout_ms);

  /* Both legs in one capture: Wireshark follows each as its own stream. */
  if (pcap_path != NULL)
    {
      pcap = se_cli_log_file_new (log, SE_EXPORT_PCAPNG, pcap_path, &error);
      if (pcap == NULL)
        return se_cli_fail_error (SE_CLI_EXIT_FAILURE, error);
    }

  listeners = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (listeners, g_steal_pointer (&listener));

  return se_cli_serve_with_file (listeners, log, json, data_limit, quiet, TRUE, NULL, pcap);
}
