/* se-cli-code.c: socket-explorer-cli code listen|send …: print the program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The options are the ones of `listen` and `send`, with the same names,
 * defaults and limits, so that a command line can be turned into a
 * program by putting "code" before it.
 */
#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "se-cli.h"
#include "se-encoding.h"

/* The largest read size: what one recv() of the app asks at most. */
#define MAX_READ_SIZE (16 * 1024 * 1024)

static int
print_program (const SeCodeOptions *options)
{
  g_autofree char *program = se_code_generate (options);

  fputs (program, stdout);
  fflush (stdout);

  return SE_CLI_EXIT_OK;
}

int
se_cli_code (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SeEndpoint) endpoint = NULL;
  g_autoptr(SeResponder) responder = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *lang_text = NULL;
  g_autofree char *respond = NULL;
  g_autofree char *read_size_text = NULL;
  g_autofree char *backlog_text = NULL;
  g_autofree char *eol_text = NULL;
  g_autofree char *repeat_text = NULL;
  g_autofree char *interval_text = NULL;
  g_autofree char *wait_text = NULL;
  g_autofree char *encoding_text = NULL;
  gboolean hex = FALSE;
  guint64 read_size = SE_CODE_DEFAULT_READ_SIZE, backlog = SE_CODE_DEFAULT_BACKLOG;
  guint64 repeat = 1, interval = 0, wait = SE_CODE_DEFAULT_WAIT_MS;
  SeCodeLanguage language = SE_CODE_PYTHON;
  SeEol eol = SE_EOL_NONE;
  SeCodeOptions options;
  gboolean listen;
  const GOptionEntry entries[] = {
    { "lang", 'l', 0, G_OPTION_ARG_STRING, &lang_text,
      N_("The language of the program: python (the default) or c"), N_("LANG") },
    { "read-size", 0, 0, G_OPTION_ARG_STRING, &read_size_text,
      N_("The most bytes one recv() returns (default 65536)"), N_("N") },
    { "respond", 'r', 0, G_OPTION_ARG_STRING, &respond,
      N_("listen: how to answer: echo, upper, timestamp, greeting=TEXT, discard, framed or none (the default)"),
      N_("RESPONDER") },
    { "backlog", 'b', 0, G_OPTION_ARG_STRING, &backlog_text,
      N_("listen: length of the queue of connections not yet accepted (default 128)"), N_("N") },
    { "hex", 'x', 0, G_OPTION_ARG_NONE, &hex,
      N_("send: DATA is hex instead of text with escapes"), NULL },
    { "encoding", 'E', 0, G_OPTION_ARG_STRING, &encoding_text,
      N_("send: the encoding the text is sent in (default utf-8)"), N_("ENCODING") },
    { "eol", 'e', 0, G_OPTION_ARG_STRING, &eol_text,
      N_("send: line ending to append: none (the default), lf or crlf"), N_("EOL") },
    { "repeat", 'n', 0, G_OPTION_ARG_STRING, &repeat_text,
      N_("send: send the message N times (default 1)"), N_("N") },
    { "interval", 'i', 0, G_OPTION_ARG_STRING, &interval_text,
      N_("send: milliseconds between repeated sends (default 0)"), N_("MS") },
    { "wait", 'w', 0, G_OPTION_ARG_STRING, &wait_text,
      N_("send: milliseconds to wait for replies after the last send (default 1000)"), N_("MS") },
    { NULL }
  };

  context = g_option_context_new (_("listen ENDPOINT | send ENDPOINT DATA"));
  g_option_context_set_summary (context,
                                _("Prints a complete Python 3 or C program that does what “listen” or “send”\n"
                                  "does with the same options: a server that answers with the responder and\n"
                                  "first prints “listening on ENDPOINT”, or a client that sends DATA and\n"
                                  "writes the replies to standard output."));
  g_option_context_set_description (context,
                                    _("Examples:\n"
                                      "  socket-explorer-cli code listen tcp://127.0.0.1:7000 --respond timestamp > server.py\n"
                                      "  socket-explorer-cli code send udp://127.0.0.1:7000 'hello\\n' --repeat 3 --lang c > client.c\n"
                                      "  gcc -Wall -o client client.c && ./client\n"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!se_cli_parse_options (context, &argc, &argv))
    return SE_CLI_EXIT_USAGE;

  if (argc < 2 || (!g_str_equal (argv[1], "listen") && !g_str_equal (argv[1], "send")))
    return se_cli_fail (SE_CLI_EXIT_USAGE,
                        _("code: expected “listen ENDPOINT” or “send ENDPOINT DATA” (see code --help)"));
  listen = g_str_equal (argv[1], "listen");
  if (listen && argc != 3)
    return se_cli_fail (SE_CLI_EXIT_USAGE,
                        argc < 3 ? _("code listen: missing ENDPOINT (see code --help)")
                                 : _("code listen: too many arguments (see code --help)"));
  if (!listen && argc != 4)
    return se_cli_fail (SE_CLI_EXIT_USAGE,
                        argc < 4 ? _("code send: expected ENDPOINT and DATA (see code --help)")
                                 : _("code send: too many arguments (see code --help)"));

  if (lang_text != NULL && !se_code_language_from_string (lang_text, &language))
    {
      g_autofree char *message = g_strdup_printf (_("--lang: expected python or c, not “%s”"), lang_text);

      return se_cli_fail (SE_CLI_EXIT_USAGE, message);
    }
  if (read_size_text != NULL &&
      !se_cli_parse_number ("--read-size", read_size_text, 1, MAX_READ_SIZE, &read_size))
    return SE_CLI_EXIT_USAGE;

  /* An option of the other command is a mistake, not something to ignore. */
  if (listen && (hex || encoding_text != NULL || eol_text != NULL || repeat_text != NULL ||
                 interval_text != NULL || wait_text != NULL))
    return se_cli_fail (SE_CLI_EXIT_USAGE,
                        _("code listen: --hex, --encoding, --eol, --repeat, --interval and --wait are options of send"));
  if (!listen && (respond != NULL || backlog_text != NULL))
    return se_cli_fail (SE_CLI_EXIT_USAGE,
                        _("code send: --respond and --backlog are options of listen"));

  endpoint = se_endpoint_parse (argv[2], &error);
  if (endpoint == NULL)
    return se_cli_fail_error (SE_CLI_EXIT_USAGE, error);

  se_code_options_init (&options, listen ? SE_CODE_LISTEN : SE_CODE_SEND, endpoint);
  options.language = language;
  options.read_size = (guint) read_size;

  if (listen)
    {
      responder = se_responder_parse (respond != NULL ? respond : "none", &error);
      if (responder == NULL)
        return se_cli_fail_error (SE_CLI_EXIT_USAGE, error);
      if (backlog_text != NULL && !se_cli_parse_number ("--backlog", backlog_text, 1, 65535, &backlog))
        return SE_CLI_EXIT_USAGE;
      options.responder = responder;
      options.backlog = (guint) backlog;

      return print_program (&options);
    }

  if (eol_text != NULL && !se_eol_from_string (eol_text, &eol))
    {
      g_autofree char *message = g_strdup_printf (_("--eol: expected none, lf or crlf, not “%s”"), eol_text);

      return se_cli_fail (SE_CLI_EXIT_USAGE, message);
    }
  if ((repeat_text != NULL && !se_cli_parse_number ("--repeat", repeat_text, 1, G_MAXINT32, &repeat)) ||
      (interval_text != NULL && !se_cli_parse_number ("--interval", interval_text, 0, G_MAXINT32, &interval)) ||
      (wait_text != NULL && !se_cli_parse_number ("--wait", wait_text, 0, G_MAXINT32, &wait)))
    return SE_CLI_EXIT_USAGE;

  payload = se_payload_decode (argv[3], hex ? SE_PAYLOAD_HEX : SE_PAYLOAD_TEXT, eol, &error);
  if (payload == NULL)
    return se_cli_fail_error (SE_CLI_EXIT_USAGE, error);
  if (encoding_text != NULL)
    {
      const SeEncoding *encoding;
      GBytes *encoded;
      gsize len;
      const char *text;

      if (hex)
        return se_cli_fail (SE_CLI_EXIT_USAGE, _("--encoding applies to text; with --hex DATA is already bytes"));
      encoding = se_encoding_lookup (encoding_text, &error);
      if (encoding == NULL)
        return se_cli_fail_error (SE_CLI_EXIT_USAGE, error);
      text = g_bytes_get_data (payload, &len);
      encoded = se_encoding_encode (encoding->id, text != NULL ? text : "", len, &error);
      if (encoded == NULL)
        return se_cli_fail_error (SE_CLI_EXIT_USAGE, error);
      g_bytes_unref (payload);
      payload = encoded;
    }

  options.data = payload;
  options.format = hex ? SE_PAYLOAD_HEX : SE_PAYLOAD_TEXT;
  options.eol = eol;
  options.repeat = (guint) repeat;
  options.interval_ms = (guint) interval;
  options.wait_ms = (guint) wait;

  return print_program (&options);
}
