/* se-cli-diagram.c: socket-explorer-cli diagram LOG.jsonl
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's sequence diagram, drawn from a JSON Lines log (`listen
 * --json`, `send --json` or an export) as SVG, by the same model and
 * layout: a slide from a terminal.
 */
#include "config.h"

#include <stdio.h>

#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>

#include "se-cli.h"
#include "se-diagram.h"
#include "se-diagram-svg.h"
#include "se-event-json.h"

int
se_cli_diagram (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(SeDiagram) diagram = NULL;
  g_autofree char *output = NULL;
  g_autofree char *conn_text = NULL;
  g_autofree char *listener = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *svg = NULL;
  guint64 conn = 0;
  gsize length = 0;
  guint n_lifelines = 0;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write the SVG to FILE instead of standard output"), N_("FILE") },
    { "conn", 'c', 0, G_OPTION_ARG_STRING, &conn_text,
      N_("Draw only connection N, its other end and the listening socket between them"), N_("N") },
    { "listener", 'l', 0, G_OPTION_ARG_STRING, &listener,
      N_("Draw only the listening or bound socket of ADDRESS and its connections"), N_("ADDRESS") },
    { NULL }
  };

  context = g_option_context_new (_("LOG.jsonl"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Draws the sockets of a JSON Lines log as a sequence diagram (SVG):\n"
                                  "a lifeline per socket, time going down, an arrow per exchange,\n"
                                  "and the bytes of each send in the read that returned them.\n"
                                  "The log comes from “listen --json”, “send --json” or an export;\n"
                                  "“-” reads it from standard input."));
  g_option_context_set_description (context,
                                    _("Examples:\n"
                                      "  socket-explorer-cli listen tcp://127.0.0.1:7000 --json > server.jsonl\n"
                                      "  socket-explorer-cli diagram server.jsonl -o server.svg\n"
                                      "  socket-explorer-cli diagram log.jsonl --conn 2 > conn2.svg\n"));
  if (!se_cli_parse_options (context, &argc, &argv))
    return SE_CLI_EXIT_USAGE;

  if (argc != 2)
    return se_cli_fail (SE_CLI_EXIT_USAGE, _("diagram: give one log file (see diagram --help)"));
  if (conn_text != NULL && !se_cli_parse_number ("--conn", conn_text, 1, G_MAXUINT, &conn))
    return SE_CLI_EXIT_USAGE;
  if (conn != 0 && listener != NULL)
    return se_cli_fail (SE_CLI_EXIT_USAGE, _("diagram: --conn and --listener cannot be used together"));

  if (g_str_equal (argv[1], "-"))
    {
      g_autoptr(GInputStream) in = g_unix_input_stream_new (0, FALSE);
      g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();

      if (g_output_stream_splice (memory, in, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error) < 0)
        return se_cli_fail_error (SE_CLI_EXIT_FAILURE, error);
      length = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (memory));
      contents = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (memory));
    }
  else if (!g_file_get_contents (argv[1], &contents, &length, &error))
    return se_cli_fail_error (SE_CLI_EXIT_FAILURE, error);

  events = se_event_parse_json_lines (contents != NULL ? contents : "", length, &error);
  if (events == NULL)
    {
      /* Translators: the first %s is a file name, the second what is wrong, e.g. "line 3 is not an event: …" */
      g_autofree char *message = g_strdup_printf (_("%s: %s"),
                                                  g_str_equal (argv[1], "-") ? _("standard input") : argv[1],
                                                  error->message);

      return se_cli_fail (SE_CLI_EXIT_FAILURE, message);
    }

  diagram = se_diagram_new (events, (guint) conn, listener);
  se_diagram_get_lifelines (diagram, &n_lifelines);
  if (n_lifelines == 0)
    {
      g_autofree char *message = NULL;

      if (conn != 0)
        /* Translators: %u is a connection number, %s a file name */
        message = g_strdup_printf (_("diagram: no connection #%u in %s"), (guint) conn, argv[1]);
      else if (listener != NULL)
        /* Translators: the first %s is an address, the second a file name */
        message = g_strdup_printf (_("diagram: no socket of %s in %s"), listener, argv[1]);
      else
        /* Translators: %s is a file name */
        message = g_strdup_printf (_("diagram: no socket events in %s"), argv[1]);
      return se_cli_fail (SE_CLI_EXIT_FAILURE, message);
    }

  svg = se_diagram_to_svg (diagram, NULL);
  if (output == NULL || g_str_equal (output, "-"))
    {
      fputs (svg, stdout);
      if (fflush (stdout) != 0)
        return se_cli_fail (SE_CLI_EXIT_FAILURE, _("diagram: could not write to standard output"));
    }
  else if (!g_file_set_contents (output, svg, -1, &error))
    return se_cli_fail_error (SE_CLI_EXIT_FAILURE, error);

  return SE_CLI_EXIT_OK;
}
