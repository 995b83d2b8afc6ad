/* se-cli-util.c: what the commands of socket-explorer-cli share (errors,
 * options), apart from main() so that tests can link it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "se-cli.h"

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

gboolean
se_cli_parse_rules (char       **texts,
                    SeRuleSet  **rules,
                    GError     **error)
{
  g_autoptr(GPtrArray) parsed = g_ptr_array_new_with_free_func ((GDestroyNotify) se_rule_unref);

  *rules = NULL;
  if (texts == NULL)
    return TRUE;

  for (guint i = 0; texts[i] != NULL; i++)
    {
      SeRule *rule = se_rule_parse (texts[i], error);

      if (rule == NULL)
        return FALSE;
      g_ptr_array_add (parsed, rule);
    }
  *rules = se_rule_set_new (parsed);
  return TRUE;
}
