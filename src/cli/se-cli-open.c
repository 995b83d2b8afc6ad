/* se-cli-open.c: socket-explorer-cli open FILE.sews
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The listeners of a workspace, headless: the same servers a teacher
 * opens in the window, for a terminal, a script or a CI job. Each prints
 * its "listening on ENDPOINT" line as `listen` does, then the events of
 * all of them. A listener that cannot start says why and the others go
 * on.
 */
#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "se-cli.h"

int
se_cli_open (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SeWorkspace) workspace = NULL;
  g_autoptr(SeTrafficLog) log = NULL;
  g_autoptr(GPtrArray) listeners = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log_budget_text = NULL;
  g_autofree char *read_size_text = NULL;
  guint64 read_size = 0;
  gboolean json = FALSE;
  gboolean quiet = FALSE;
  GPtrArray *items;
  guint n_clients;
  const GOptionEntry entries[] = {
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json,
      N_("Print the events as JSON Lines"), NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
      N_("Print only the “listening on” lines"), NULL },
    { "read-size", 0, 0, G_OPTION_ARG_STRING, &read_size_text,
      N_("Bytes asked of each recv()/recvfrom() by every listener, instead of the read size the workspace gives"),
      N_("N") },
    { "log-budget", 0, 0, G_OPTION_ARG_STRING, &log_budget_text,
      N_("Memory for events not printed yet (default 64 MiB); past it the oldest are dropped and counted"),
      N_("BYTES") },
    { NULL }
  };

  context = g_option_context_new (_("FILE.sews"));
  g_option_context_set_summary (context,
                                _("Starts the listeners of a workspace (made in the window, or by hand: see\n"
                                  "docs/workspace-format.md) with their responders, prints a line\n"
                                  "“listening on ENDPOINT” for each, then their events, until interrupted."));
  g_option_context_set_description (context,
                                    _("Example:\n"
                                      "  socket-explorer-cli open data/workspaces/tutorial-servers.sews\n"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!se_cli_parse_options (context, &argc, &argv))
    return SE_CLI_EXIT_USAGE;

  if (argc != 2)
    return se_cli_fail (SE_CLI_EXIT_USAGE,
                        argc < 2 ? _("open: missing FILE.sews (see open --help)")
                                 : _("open: too many arguments (see open --help)"));

  if (read_size_text != NULL &&
      !se_cli_parse_number ("--read-size", read_size_text, 1, SE_CONNECTION_READ_SIZE_DEFAULT, &read_size))
    return SE_CLI_EXIT_USAGE;

  file = g_file_new_for_commandline_arg (argv[1]);
  workspace = se_workspace_new_from_file (file, NULL, &error);
  if (workspace == NULL)
    return se_cli_fail_error (SE_CLI_EXIT_FAILURE, error);

  log = se_cli_new_listen_log (log_budget_text, NULL);
  if (log == NULL)
    return SE_CLI_EXIT_USAGE;

  items = se_workspace_get_listeners (workspace);
  if (items->len == 0)
    return se_cli_fail (SE_CLI_EXIT_FAILURE, _("open: the workspace has no listeners"));

  listeners = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < items->len; i++)
    {
      SeListener *listener = se_workspace_listener_create (g_ptr_array_index (items, i), log, &error);

      /* The file was checked when it was read: this does not happen. */
      if (listener == NULL)
        return se_cli_fail_error (SE_CLI_EXIT_FAILURE, error);
      /* Like listen: a peer's FIN ends its connection (a relay passes
       * it on instead). */
      if (se_relay_get_for_listener (listener) == NULL)
        se_listener_set_close_on_eof (listener, TRUE);
      if (read_size > 0)
        se_listener_set_read_size (listener, (guint) read_size);
      g_ptr_array_add (listeners, listener);
    }

  n_clients = se_workspace_get_clients (workspace)->len;
  if (n_clients > 0)
    {
      /* Translators: on standard error, so that standard output stays the listeners' */
      g_autofree char *note = g_strdup_printf (ngettext ("open: the workspace’s %u client is not connected (use send, or the window)",
                                                         "open: the workspace’s %u clients are not connected (use send, or the window)",
                                                         n_clients),
                                               n_clients);

      g_printerr ("%s\n", note);
    }

  return se_cli_serve (listeners, log, json, quiet, FALSE, NULL);
}
