/* se-cli-inspect.c: socket-explorer-cli inspect ADDRESS|PORT
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the window's Address Inspector shows, for a terminal: the bytes
 * inet_pton() writes, network and host byte order (htonl, htons), and the
 * struct sockaddr the kernel gets (src/core/se-inspect.c).
 */
#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "se-cli.h"
#include "se-inspect.h"

int
se_cli_inspect (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_auto(SeInspection) inspection = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  context = g_option_context_new (_("ADDRESS|PORT|ADDRESS:PORT"));
  g_option_context_set_summary (context,
                                _("Shows an address or a port as the socket calls see it: the bytes\n"
                                  "inet_pton() writes, network and host byte order (htonl, htons),\n"
                                  "and the struct sockaddr that bind() and connect() get."));
  g_option_context_set_description (context,
                                    _("Examples:\n"
                                      "  socket-explorer-cli inspect 192.168.1.10\n"
                                      "  socket-explorer-cli inspect 8080\n"
                                      "  socket-explorer-cli inspect '[::1]:8080'\n"));
  if (!se_cli_parse_options (context, &argc, &argv))
    return SE_CLI_EXIT_USAGE;

  if (argc != 2)
    return se_cli_fail (SE_CLI_EXIT_USAGE, _("inspect: give one address or port (see inspect --help)"));

  if (!se_inspection_parse (&inspection, argv[1], &error))
    {
      /* Translators: %s says what is wrong with the address */
      g_autofree char *message = g_strdup_printf (_("inspect: %s"), error->message);

      return se_cli_fail (SE_CLI_EXIT_USAGE, message);
    }

  text = se_inspection_format (&inspection);
  g_print ("%s", text);
  return SE_CLI_EXIT_OK;
}
