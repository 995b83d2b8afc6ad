/* se-cli.c: socket-explorer-cli, the core without a window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "se-cli.h"

typedef struct
{
  const char       *name;
  const char       *arguments;
  const char       *summary;
  SeCliCommandFunc  func;
} SeCliCommand;

static const SeCliCommand commands[] = {
  { "listen", N_("ENDPOINT"),
    N_("Listen on an endpoint, answer with a responder and log every event"),
    se_cli_listen },
  { "send", N_("ENDPOINT DATA"),
    N_("Connect or send to an endpoint, send a message and print the replies"),
    se_cli_send },
  { "resolve", N_("NAME|ADDRESS|SERVICE/PROTO"),
    N_("Look up host names, addresses, services and protocols"),
    se_cli_resolve },
};

static int
run_command (const SeCliCommand  *cmd,
             int                  argc,
             char               **argv)
{
  g_autofree char *prgname = NULL;

  /* GOptionContext prints "Usage: PRGNAME [OPTION…] ARGUMENTS". */
  prgname = g_strdup_printf ("%s %s", SE_CLI_NAME, cmd->name);
  g_set_prgname (prgname);

  return cmd->func (argc, argv);
}

static void
print_help (FILE *stream)
{
  g_autoptr(GString) help = g_string_new (NULL);

  g_string_append_printf (help, "%s\n  %s %s\n  %s --help\n  %s --version\n\n",
                          _("Usage:"),
                          SE_CLI_NAME, _("COMMAND [OPTION…] ARGUMENTS"),
                          SE_CLI_NAME, SE_CLI_NAME);
  g_string_append_printf (help, "%s\n\n", _("Socket Explorer on the command line: listen, send and resolve."));
  g_string_append_printf (help, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *usage = g_strdup_printf ("%s %s", commands[i].name, _(commands[i].arguments));

      g_string_append_printf (help, "  %-36s %s\n", usage, _(commands[i].summary));
    }
  g_string_append_printf (help, "\n%s\n", _("Endpoints:"));
  g_string_append (help, "  tcp://HOST:PORT  udp://HOST:PORT  tcp://[::1]:PORT\n"
                         "  unix:///PATH/TO/SOCKET  unix-dgram:///PATH/TO/SOCKET\n");
  g_string_append_printf (help, "  %s\n\n", _("Port 0 lets the system choose a free port."));
  g_string_append_printf (help, "%s\n",
                          _("Run “socket-explorer-cli COMMAND --help” for the options of a command."));
  g_string_append_printf (help, "%s\n",
                          _("Exit status: 0 on success, 1 when the operation fails, 2 for a wrong command line."));

  fputs (help->str, stream);
}

int
se_cli_fail (int         status,
             const char *message)
{
  g_autofree char *line = g_strdup (message != NULL ? message : "");

  /* One line, whatever the message holds. */
  g_strdelimit (line, "\r\n", ' ');
  g_strchomp (line);
  fflush (stdout);
  fprintf (stderr, "%s: %s\n", SE_CLI_NAME, line);
  fflush (stderr);

  return status;
}

int
se_cli_fail_error (int           status,
                   const GError *error)
{
  return se_cli_fail (status, error != NULL ? error->message : _("Unknown error"));
}

gboolean
se_cli_parse_options (GOptionContext   *context,
                      int              *argc,
                      char           ***argv)
{
  g_autoptr(GError) error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      se_cli_fail_error (SE_CLI_EXIT_USAGE, error);
      return FALSE;
    }

  return TRUE;
}

gboolean
se_cli_parse_number (const char *option,
                     const char *text,
                     guint64     min,
                     guint64     max,
                     guint64    *value)
{
  g_autoptr(GError) error = NULL;

  if (!g_ascii_string_to_unsigned (text, 10, min, max, value, &error))
    {
      g_autofree char *message = NULL;
      g_autofree char *min_text = g_strdup_printf ("%" G_GUINT64_FORMAT, min);
      g_autofree char *max_text = g_strdup_printf ("%" G_GUINT64_FORMAT, max);

      /* TRANSLATORS: e.g. "--repeat: expected a whole number from 1 to 2147483647, not “x”" */
      message = g_strdup_printf (_("%s: expected a whole number from %s to %s, not “%s”"),
                                 option, min_text, max_text, text);
      se_cli_fail (SE_CLI_EXIT_USAGE, message);
      return FALSE;
    }

  return TRUE;
}

void
se_cli_json_append_string (GString    *json,
                           const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);

  g_string_append_c (json, '"');
  for (const char *p = valid; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':
          g_string_append (json, "\\\"");
          break;
        case '\\':
          g_string_append (json, "\\\\");
          break;
        case '\n':
          g_string_append (json, "\\n");
          break;
        case '\r':
          g_string_append (json, "\\r");
          break;
        case '\t':
          g_string_append (json, "\\t");
          break;
        case '\b':
          g_string_append (json, "\\b");
          break;
        case '\f':
          g_string_append (json, "\\f");
          break;
        default:
          if (c < 0x20 || c == 0x7f)
            g_string_append_printf (json, "\\u%04x", c);
          else
            g_string_append_c (json, (char) c);
          break;
        }
    }
  g_string_append_c (json, '"');
}

int
main (int   argc,
      char *argv[])
{
  const char *command;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      print_help (stderr);
      return SE_CLI_EXIT_USAGE;
    }

  command = argv[1];
  if (g_str_equal (command, "--help") || g_str_equal (command, "-h") ||
      g_str_equal (command, "-?") || g_str_equal (command, "help"))
    {
      /* "help COMMAND" is "COMMAND --help". */
      if (g_str_equal (command, "help") && argc > 2)
        {
          for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
            if (g_str_equal (argv[2], commands[i].name))
              {
                char *help_argv[] = { argv[2], (char *) "--help", NULL };

                return run_command (&commands[i], 2, help_argv);
              }
        }
      print_help (stdout);
      return SE_CLI_EXIT_OK;
    }

  if (g_str_equal (command, "--version") || g_str_equal (command, "-V"))
    {
      printf ("%s %s\n", SE_CLI_NAME, PACKAGE_VERSION);
      return SE_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (command, commands[i].name))
        return run_command (&commands[i], argc - 1, argv + 1);
    }

  {
    g_autofree char *message = NULL;

    message = g_strdup_printf (_("Unknown command “%s”; the commands are listen, send and resolve (see --help)"),
                               command);
    return se_cli_fail (SE_CLI_EXIT_USAGE, message);
  }
}
