/* test-codegen.c: the generator's text, literal by literal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * That the programs run and exchange the right bytes is the job of
 * tests/interop/test-codegen.py; here, the pieces that a run would not
 * show: how awkward bytes are written, names, commands, options.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "socket-explorer-core.h"

static char *
generate_send (const char      *endpoint_text,
               const char      *data,
               gsize            len,
               SePayloadFormat  format,
               SeCodeLanguage   language)
{
  g_autoptr(SeEndpoint) endpoint = se_endpoint_parse (endpoint_text, NULL);
  g_autoptr(GBytes) bytes = g_bytes_new (data, len);
  SeCodeOptions options;

  g_assert_nonnull (endpoint);
  se_code_options_init (&options, SE_CODE_SEND, endpoint);
  options.data = bytes;
  options.format = format;
  options.language = language;
  options.repeat = 3;
  options.interval_ms = 250;
  options.wait_ms = 1500;

  return se_code_generate (&options);
}

static void
test_c_literals (void)
{
  /* "\x41" then "B" would be one escape, "??=" a trigraph, a quote ends
   * the string: each is written so that the bytes come out the same */
  static const char data[] = "\x01" "B?\?=\"\\\xff" "C";
  g_autofree char *program = generate_send ("tcp://127.0.0.1:7000", data, sizeof data - 1,
                                            SE_PAYLOAD_TEXT, SE_CODE_C);

  g_assert_nonnull (strstr (program, "static const char message[] = \"\\x01\" \"B?\\?=\\\"\\\\\\xff\" \"C\";"));
  g_assert_nonnull (strstr (program, "#define REPEAT 3"));
  g_assert_nonnull (strstr (program, "#define INTERVAL_MS 250"));
  g_assert_nonnull (strstr (program, "#define WAIT_MS 1500"));
}

static void
test_python_literals (void)
{
  g_autofree char *ascii = generate_send ("udp://127.0.0.1:7000", "it's\r\n", 6,
                                          SE_PAYLOAD_TEXT, SE_CODE_PYTHON);
  g_autofree char *unicode = generate_send ("udp://127.0.0.1:7000", "你好\n", strlen ("你好\n"),
                                            SE_PAYLOAD_TEXT, SE_CODE_PYTHON);
  g_autofree char *bytes = generate_send ("udp://127.0.0.1:7000", "\xc4\xe3", 2,
                                          SE_PAYLOAD_TEXT, SE_CODE_PYTHON);
  g_autofree char *hex = generate_send ("udp://127.0.0.1:7000", "Hi", 2,
                                        SE_PAYLOAD_HEX, SE_CODE_PYTHON);

  g_assert_nonnull (strstr (ascii, "MESSAGE = b'it\\'s\\r\\n'\n"));
  g_assert_nonnull (strstr (unicode, "MESSAGE = '你好\\n'.encode('utf-8')\n"));
  g_assert_nonnull (strstr (bytes, "MESSAGE = b'\\xc4\\xe3'\n"));
  g_assert_nonnull (strstr (hex, "MESSAGE = bytes.fromhex('48 69')\n"));
  g_assert_nonnull (strstr (ascii, "REPEAT = 3\nINTERVAL = 0.25\n"));
  g_assert_nonnull (strstr (ascii, "WAIT = 1.5\n"));
  g_assert_nonnull (strstr (ascii, "sock.sendto(MESSAGE, (HOST, PORT))"));
}

static void
test_seconds_whatever_the_locale (void)
{
  g_autofree char *program = NULL;

  /* A locale with a decimal comma must not make "INTERVAL = 0,25" */
  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") == NULL &&
      setlocale (LC_NUMERIC, "fr_FR.UTF-8") == NULL)
    {
      g_test_skip ("no locale with a decimal comma is installed");
      return;
    }
  program = generate_send ("tcp://127.0.0.1:7000", "x", 1, SE_PAYLOAD_TEXT, SE_CODE_PYTHON);
  setlocale (LC_NUMERIC, "C");
  g_assert_nonnull (strstr (program, "INTERVAL = 0.25\n"));
}

static void
test_listener_programs (void)
{
  g_autoptr(SeEndpoint) endpoint = se_endpoint_parse ("tcp://[::1]:0", NULL);
  g_autoptr(SeEndpoint) unix_endpoint = se_endpoint_parse ("unix:///tmp/100%.sock", NULL);
  g_autoptr(SeResponder) framed = se_responder_parse ("framed=LEN", NULL);
  g_autoptr(SeResponder) greeting = se_responder_parse ("greeting=Hi\\x00!", NULL);
  g_autofree char *python = NULL;
  g_autofree char *c = NULL;
  g_autofree char *greeter = NULL;
  g_autofree char *unix_c = NULL;
  SeCodeOptions options;

  se_code_options_init (&options, SE_CODE_LISTEN, endpoint);
  options.responder = framed;
  options.read_size = 8;
  options.backlog = 5;
  python = se_code_generate (&options);
  g_assert_nonnull (strstr (python, "socket.socket(socket.AF_INET6, socket.SOCK_STREAM)"));
  g_assert_nonnull (strstr (python, "PREFIX = b'LEN'\n"));
  g_assert_nonnull (strstr (python, "BUFSIZE = 8\n"));
  g_assert_nonnull (strstr (python, "server.listen(BACKLOG)"));
  g_assert_nonnull (strstr (python, "BACKLOG = 5\n"));
  g_assert_nonnull (strstr (python, "print('listening on tcp://[::1]:' + str(port), flush=True)"));

  options.language = SE_CODE_C;
  c = se_code_generate (&options);
  g_assert_nonnull (strstr (c, "hints.ai_family = AF_INET6;"));
  g_assert_nonnull (strstr (c, "#define PREFIX \"LEN\""));
  g_assert_nonnull (strstr (c, "printf (\"listening on tcp://[::1]:%s\\n\", port);"));

  /* A greeting keeps its NUL byte: the C sends sizeof - 1 bytes */
  options.responder = greeting;
  greeter = se_code_generate (&options);
  g_assert_nonnull (strstr (greeter, "static const char greeting[] = \"Hi\\x00!\";"));
  g_assert_nonnull (strstr (greeter, "sizeof greeting - 1"));
  g_assert_null (strstr (greeter, "recv ("));

  /* A '%' of a path is printed as itself */
  se_code_options_init (&options, SE_CODE_LISTEN, unix_endpoint);
  options.language = SE_CODE_C;
  unix_c = se_code_generate (&options);
  g_assert_nonnull (strstr (unix_c, "printf (\"listening on unix:///tmp/100%%.sock\\n\");"));
  g_assert_nonnull (strstr (unix_c, "unlink (PATH);"));
}

static void
test_names (void)
{
  g_autoptr(SeEndpoint) udp = se_endpoint_parse ("udp://127.0.0.1:0", NULL);
  g_autoptr(SeEndpoint) dgram = se_endpoint_parse ("unix-dgram:///tmp/x", NULL);
  g_autoptr(SeResponder) greeting = se_responder_parse ("greeting=Hello there", NULL);
  g_autofree char *name1 = NULL;
  g_autofree char *name2 = NULL;
  g_autofree char *run1 = NULL;
  g_autofree char *run2 = NULL;
  g_autofree char *run3 = NULL;
  SeCodeLanguage language;
  SeCodeOptions options;

  se_code_options_init (&options, SE_CODE_LISTEN, udp);
  options.responder = greeting;
  name1 = se_code_suggest_file_name (&options);
  g_assert_cmpstr (name1, ==, "udp_greeting_server.py");
  run1 = se_code_run_command (&options, name1);
  g_assert_cmpstr (run1, ==, "python3 udp_greeting_server.py");

  se_code_options_init (&options, SE_CODE_SEND, dgram);
  options.language = SE_CODE_C;
  name2 = se_code_suggest_file_name (&options);
  g_assert_cmpstr (name2, ==, "unix_dgram_client.c");
  run2 = se_code_run_command (&options, name2);
  g_assert_cmpstr (run2, ==, "gcc -Wall -o unix_dgram_client unix_dgram_client.c && ./unix_dgram_client");
  run3 = se_code_run_command (&options, "my client.c");
  g_assert_cmpstr (run3, ==, "gcc -Wall -o 'my client' 'my client.c' && ./'my client'");

  g_assert_true (se_code_language_from_string ("C", &language));
  g_assert_cmpint (language, ==, SE_CODE_C);
  g_assert_true (se_code_language_from_string ("python3", &language));
  g_assert_cmpint (language, ==, SE_CODE_PYTHON);
  g_assert_false (se_code_language_from_string ("rust", &language));
  g_assert_cmpstr (se_code_language_to_string (SE_CODE_C), ==, "c");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/codegen/c-literals", test_c_literals);
  g_test_add_func ("/codegen/python-literals", test_python_literals);
  g_test_add_func ("/codegen/seconds-whatever-the-locale", test_seconds_whatever_the_locale);
  g_test_add_func ("/codegen/listener-programs", test_listener_programs);
  g_test_add_func ("/codegen/names", test_names);

  return g_test_run ();
}
