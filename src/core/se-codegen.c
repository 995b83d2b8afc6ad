/* se-codegen.c: the Python and C programs that do what a listener or a client does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A student takes home a program that does what they just did in the app:
 * the same endpoint, the same responder or message, the same options. The
 * Python is written like the seeds' tutorials (plain calls, one loop, a
 * comment on each step); the C does the same with POSIX sockets. The
 * comments are user interface text and so translated; the code, its
 * names and what it prints are not, so that scripts can read the output
 * ("listening on tcp://127.0.0.1:PORT", as `socket-explorer-cli listen`
 * prints it) in every language. se-codegen-python.c and se-codegen-c.c
 * write the two languages from the pieces in se-codegen-writer.c.
 */
#include "config.h"

#include <string.h>

#include "se-codegen-private.h"

static const char * const language_names[] = {
  [SE_CODE_PYTHON] = "python",
  [SE_CODE_C] = "c",
};

/**
 * se_code_options_init:
 * @options: the options to set
 * @role: a server or a client
 * @endpoint: (transfer none): where it binds or sends
 *
 * Sets every option to the CLI's default.
 */
void
se_code_options_init (SeCodeOptions *options,
                      SeCodeRole     role,
                      SeEndpoint    *endpoint)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->role = role;
  options->language = SE_CODE_PYTHON;
  options->endpoint = endpoint;
  options->backlog = SE_CODE_DEFAULT_BACKLOG;
  options->read_size = SE_CODE_DEFAULT_READ_SIZE;
  options->format = SE_PAYLOAD_TEXT;
  options->eol = SE_EOL_NONE;
  options->repeat = 1;
  options->wait_ms = SE_CODE_DEFAULT_WAIT_MS;
}

/**
 * se_code_generate:
 * @options: what the program does
 *
 * Returns: (transfer full): the program's source
 */
char *
se_code_generate (const SeCodeOptions *options)
{
  SeCodeWriter w = { 0 };

  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (options->endpoint != NULL, NULL);
  g_return_val_if_fail (options->language <= SE_CODE_C, NULL);

  w.options = options;
  w.out = g_string_new (NULL);
  w.protocol = se_endpoint_get_protocol (options->endpoint);
  w.stream = se_endpoint_is_stream (options->endpoint);
  w.is_unix = se_endpoint_is_unix (options->endpoint);
  w.tls = se_endpoint_get_tls (options->endpoint);
  w.ipv6 = !w.is_unix && strchr (se_endpoint_get_host (options->endpoint), ':') != NULL;
  w.family = w.is_unix ? "AF_UNIX" : w.ipv6 ? "AF_INET6" : "AF_INET";
  w.type = w.stream ? "SOCK_STREAM" : "SOCK_DGRAM";
  w.responder = options->role == SE_CODE_LISTEN && options->responder != NULL
                ? se_responder_get_kind (options->responder) : SE_RESPONDER_NONE;

  if (options->language == SE_CODE_PYTHON)
    _se_code_write_python (&w);
  else
    _se_code_write_c (&w);

  return g_string_free (w.out, FALSE);
}

const char *
se_code_language_to_string (SeCodeLanguage language)
{
  g_return_val_if_fail (language <= SE_CODE_C, NULL);

  return language_names[language];
}

/* Accepts "python", "py", "python3" and "c", in any ASCII case. */
gboolean
se_code_language_from_string (const char     *text,
                              SeCodeLanguage *language)
{
  SeCodeLanguage found;

  if (text == NULL)
    return FALSE;

  if (g_ascii_strcasecmp (text, "python") == 0 || g_ascii_strcasecmp (text, "python3") == 0 ||
      g_ascii_strcasecmp (text, "py") == 0)
    found = SE_CODE_PYTHON;
  else if (g_ascii_strcasecmp (text, "c") == 0)
    found = SE_CODE_C;
  else
    return FALSE;

  if (language != NULL)
    *language = found;
  return TRUE;
}
