/* se-cli-explain.c: socket-explorer-cli explain CALL|ERRNO|EAI-NAME
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the window's event details say of a call or an error, for a
 * terminal: what it does, why it returns what it does, and the Python
 * line that makes it. With no name, the list of what can be explained.
 */
#include "config.h"

#include <string.h>

#include <stdio.h>

#include <glib/gi18n.h>

#include "se-cli.h"
#include "se-explain.h"

static void
print_list (void)
{
  static const struct {
    SeExplainKind  kind;
    const char    *title;
  } groups[] = {
    { SE_EXPLAIN_CALL, N_("Calls:") },
    { SE_EXPLAIN_ERRNO, N_("Errors (errno):") },
    { SE_EXPLAIN_EAI, N_("Name lookup errors (getaddrinfo):") },
    { SE_EXPLAIN_TLS, N_("TLS handshake and certificate problems:") },
  };
  const SeExplanation *all;
  int width = 0;
  guint n;

  all = se_explain_get_all (&n);
  /* One column for the names, as wide as the longest (TLS_HANDSHAKE_FAILED) */
  for (guint i = 0; i < n; i++)
    width = MAX (width, (int) strlen (all[i].name));
  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      g_print ("%s%s\n", g > 0 ? "\n" : "", _(groups[g].title));
      for (guint i = 0; i < n; i++)
        if (all[i].kind == groups[g].kind)
          g_print ("  %-*s %s\n", width, all[i].name, se_explanation_get_summary (&all[i]));
    }
}

int
se_cli_explain (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *text = NULL;
  const SeExplanation *explanation;

  context = g_option_context_new (_("[CALL|ERRNO|EAI-NAME]"));
  g_option_context_set_summary (context,
                                _("Explains a socket call or an error: what it does, why it returns\n"
                                  "what it does, and the Python line that makes the same call.\n"
                                  "With no name, lists what can be explained."));
  g_option_context_set_description (context,
                                    _("Examples:\n"
                                      "  socket-explorer-cli explain accept\n"
                                      "  socket-explorer-cli explain ECONNREFUSED\n"
                                      "  socket-explorer-cli explain EAI_NONAME\n"));
  if (!se_cli_parse_options (context, &argc, &argv))
    return SE_CLI_EXIT_USAGE;

  if (argc > 2)
    return se_cli_fail (SE_CLI_EXIT_USAGE, _("explain: give one name (see explain --help)"));

  if (argc == 1)
    {
      print_list ();
      return SE_CLI_EXIT_OK;
    }

  explanation = se_explain_lookup (argv[1]);
  if (explanation == NULL)
    {
      /* Translators: %s is what the user asked about, e.g. "acept" */
      g_autofree char *message = g_strdup_printf (_("explain: nothing is known of “%s”; run “socket-explorer-cli explain” for the list"),
                                                  argv[1]);

      return se_cli_fail (SE_CLI_EXIT_FAILURE, message);
    }

  text = se_explanation_format (explanation);
  fputs (text, stdout);

  return SE_CLI_EXIT_OK;
}
