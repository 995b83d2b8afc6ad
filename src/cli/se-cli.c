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
  { "relay", N_("LISTEN-ENDPOINT TARGET-ENDPOINT"),
    N_("Forward every connection or datagram to a target and log both legs"),
    se_cli_relay },
  { "send", N_("ENDPOINT DATA"),
    N_("Connect or send to an endpoint, send a message and print the replies"),
    se_cli_send },
  { "resolve", N_("NAME|ADDRESS|SERVICE/PROTO"),
    N_("Look up host names, addresses, services and protocols"),
    se_cli_resolve },
  { "open", N_("FILE.sews"),
    N_("Start the listeners of a workspace and log their events"),
    se_cli_open },
  { "code", N_("listen ENDPOINT | send ENDPOINT DATA"),
    N_("Print a Python or C program that does what listen or send does"),
    se_cli_code },
  { "explain", N_("[CALL|ERRNO|EAI-NAME]"),
    N_("Explain a socket call or an error, with the Python line that makes it"),
    se_cli_explain },
  { "inspect", N_("ADDRESS|PORT"),
    N_("Show an address or a port as bytes, in both byte orders and in a sockaddr"),
    se_cli_inspect },
  { "diagram", N_("LOG.jsonl"),
    N_("Draw the sockets of a JSON Lines log as a sequence diagram (SVG)"),
    se_cli_diagram },
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
  g_string_append_printf (help, "%s\n\n", _("Socket Explorer on the command line: every socket call it makes is logged."));
  g_string_append_printf (help, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *usage = g_strdup_printf ("%s %s", commands[i].name, _(commands[i].arguments));

      g_string_append_printf (help, "  %-38s %s\n", usage, _(commands[i].summary));
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
main (int   argc,
      char *argv[])
{
  const char *command;
  const char *localedir;

  setlocale (LC_ALL, "");
  /* SE_LOCALEDIR is set by `meson devenv` to the catalogs compiled in the
   * build tree, so that LANGUAGE=zh_CN works before installing; an
   * installed build leaves it unset and uses the configured localedir. */
  localedir = g_getenv ("SE_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE,
                  localedir != NULL && localedir[0] != '\0' ? localedir : LOCALEDIR);
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
    g_autoptr(GString) names = g_string_new (NULL);
    g_autofree char *message = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
      g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", commands[i].name);
    /* Translators: %s is what was typed, then the list "listen, relay, send, …" */
    message = g_strdup_printf (_("Unknown command “%s”; the commands are %s (see --help)"),
                               command, names->str);
    return se_cli_fail (SE_CLI_EXIT_USAGE, message);
  }
}
