/* se-codegen-run.c: the file name a program is saved as and the command that runs it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Code window suggests the name when saving, and each program's first
 * comment says how to run it, so both come from here.
 */
#include "config.h"

#include <string.h>

#include "se-codegen.h"

char *
se_code_suggest_file_name (const SeCodeOptions *options)
{
  g_autoptr(GString) name = g_string_new (NULL);
  SeProtocol protocol;

  g_return_val_if_fail (options != NULL && options->endpoint != NULL, NULL);

  protocol = se_endpoint_get_protocol (options->endpoint);
  g_string_append (name, protocol == SE_PROTOCOL_UNIX_DGRAM ? "unix_dgram"
                         : se_endpoint_get_tls (options->endpoint) ? "tls"
                         : se_protocol_to_string (protocol));
  if (options->role == SE_CODE_LISTEN)
    {
      SeResponderKind kind = options->responder != NULL
                             ? se_responder_get_kind (options->responder) : SE_RESPONDER_NONE;

      if (kind != SE_RESPONDER_NONE)
        {
          g_autofree char *notation = se_responder_to_string (options->responder);
          g_auto(GStrv) parts = g_strsplit (notation, "=", 2);

          g_string_append_printf (name, "_%s", parts[0]);
        }
      g_string_append (name, "_server");
    }
  else
    g_string_append (name, "_client");

  g_string_append (name, options->language == SE_CODE_PYTHON ? ".py" : ".c");

  return g_string_free (g_steal_pointer (&name), FALSE);
}

/* Quotes a file name for a shell only when it needs it. */
static char *
shell_word (const char *name)
{
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '-' && *p != '/')
      return g_shell_quote (name);

  return g_strdup (name);
}

char *
se_code_run_command (const SeCodeOptions *options,
                     const char          *file_name)
{
  g_autofree char *program = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *quoted_program = NULL;
  const char *dot;

  g_return_val_if_fail (options != NULL && file_name != NULL, NULL);

  quoted = shell_word (file_name);
  if (options->language == SE_CODE_PYTHON)
    return g_strdup_printf ("python3 %s", quoted);

  dot = strrchr (file_name, '.');
  program = dot != NULL && dot != file_name ? g_strndup (file_name, dot - file_name)
                                            : g_strconcat (file_name, ".out", NULL);
  quoted_program = shell_word (program);
  return g_strdup_printf ("gcc -Wall -o %s %s && ./%s", quoted_program, quoted, quoted_program);
}
