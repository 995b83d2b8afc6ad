/* test-responder.c: the built-in responders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <glib-object.h>

#include "se-error.h"
#include "se-responder.h"

static void
assert_reply (SeResponse *response,
              guint       index,
              const char *expected,
              gsize       expected_len)
{
  GBytes *bytes;
  gsize len;
  gconstpointer data;

  g_assert_cmpuint (index, <, response->replies->len);
  bytes = g_ptr_array_index (response->replies, index);
  data = g_bytes_get_data (bytes, &len);
  g_assert_cmpmem (data, len, expected, expected_len);
}

#define assert_reply_str(r, i, s) assert_reply ((r), (i), (s), strlen (s))

/* Runs one on_data and returns the response in *response (initialised). */
static void
feed (SeResponder      *responder,
      SeResponderState *state,
      const char       *data,
      gsize             len,
      gboolean          is_datagram,
      SeResponse       *response)
{
  se_response_init (response);
  se_responder_on_data (responder, state, (const guint8 *) data, len, is_datagram, response);
}

static void
test_parse (void)
{
  static const struct
  {
    const char      *text;
    SeResponderKind  kind;
    const char      *greeting;
    const char      *canonical;
  } cases[] = {
    { "none", SE_RESPONDER_NONE, NULL, "none" },
    { "echo", SE_RESPONDER_ECHO, NULL, "echo" },
    { "upper", SE_RESPONDER_UPPER, NULL, "upper" },
    { "timestamp", SE_RESPONDER_TIMESTAMP, NULL, "timestamp" },
    { "discard", SE_RESPONDER_DISCARD, NULL, "discard" },
    { "framed", SE_RESPONDER_FRAMED, NULL, "framed" },
    { "ECHO", SE_RESPONDER_ECHO, NULL, "echo" },
    { "  Upper \n", SE_RESPONDER_UPPER, NULL, "upper" },
    { "greeting", SE_RESPONDER_GREETING, "Thank you for connection", "greeting=Thank you for connection" },
    { "greeting=Hello", SE_RESPONDER_GREETING, "Hello", "greeting=Hello" },
    { "greeting=Hi there\\r\\n", SE_RESPONDER_GREETING, "Hi there\r\n", "greeting=Hi there\\r\\n" },
    { "greeting=欢迎\\x21", SE_RESPONDER_GREETING, "欢迎!", "greeting=欢迎!" },
    { "greeting=a=b ", SE_RESPONDER_GREETING, "a=b ", "greeting=a=b " },
    { "greeting=", SE_RESPONDER_GREETING, "", "greeting=" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SeResponder) responder = se_responder_parse (cases[i].text, &error);
      g_autoptr(SeResponder) again = NULL;
      g_autofree char *str = NULL;

      g_test_message ("parsing “%s”", cases[i].text);
      g_assert_no_error (error);
      g_assert_nonnull (responder);
      g_assert_cmpint (se_responder_get_kind (responder), ==, cases[i].kind);
      g_assert_cmpstr (se_responder_get_greeting (responder), ==, cases[i].greeting);

      str = se_responder_to_string (responder);
      g_assert_cmpstr (str, ==, cases[i].canonical);

      again = se_responder_parse (str, &error);
      g_assert_no_error (error);
      g_assert_cmpint (se_responder_get_kind (again), ==, cases[i].kind);
      g_assert_cmpstr (se_responder_get_greeting (again), ==, cases[i].greeting);
    }
}

static void
test_parse_errors (void)
{
  static const struct
  {
    const char *text;
    const char *mentions;
  } cases[] = {
    { "reverse", "“reverse”" },
    { "", "“”" },
    { "echo2", "“echo2”" },
    { "echo=x", "“echo”" },
    { "greeting=bad\\q", "\\q" },
    { "greeting=tail\\", "backslash" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SeResponder) responder = se_responder_parse (cases[i].text, &error);

      g_test_message ("parsing “%s”: %s", cases[i].text, error ? error->message : "(no error)");
      g_assert_null (responder);
      g_assert_error (error, SE_ERROR, SE_ERROR_INVALID_RESPONDER);
      g_assert_nonnull (strstr (error->message, cases[i].mentions));
    }
}

static void
test_parse_error_lists_valid (void)
{
  static const char * const names[] = { "none", "echo", "upper", "timestamp", "greeting", "discard", "framed" };
  g_autoptr(GError) error = NULL;
  g_autoptr(SeResponder) responder = se_responder_parse ("chargen", &error);

  g_assert_null (responder);
  g_assert_error (error, SE_ERROR, SE_ERROR_INVALID_RESPONDER);
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_nonnull (strstr (error->message, names[i]));
}

static void
test_new_and_boxed (void)
{
  g_autoptr(SeResponder) greeting = se_responder_new (SE_RESPONDER_GREETING, NULL);
  g_autoptr(SeResponder) custom = se_responder_new (SE_RESPONDER_GREETING, "hi\n");
  g_autoptr(SeResponder) echo = se_responder_new (SE_RESPONDER_ECHO, "ignored");
  g_autofree char *custom_str = se_responder_to_string (custom);
  SeResponder *copy;

  g_assert_cmpstr (se_responder_get_greeting (greeting), ==, "Thank you for connection");
  g_assert_cmpstr (se_responder_get_greeting (custom), ==, "hi\n");
  g_assert_cmpstr (custom_str, ==, "greeting=hi\\n");
  g_assert_null (se_responder_get_greeting (echo));

  g_assert_true (G_TYPE_IS_BOXED (SE_TYPE_RESPONDER));
  copy = g_boxed_copy (SE_TYPE_RESPONDER, echo);
  g_assert_true (copy == echo);
  g_boxed_free (SE_TYPE_RESPONDER, copy);
  g_assert_cmpint (se_responder_get_kind (echo), ==, SE_RESPONDER_ECHO);
}

static void
test_response_init_clear (void)
{
  SeResponse response;

  se_response_init (&response);
  g_assert_nonnull (response.replies);
  g_assert_cmpuint (response.replies->len, ==, 0);
  g_assert_false (response.close);
  g_ptr_array_add (response.replies, g_bytes_new ("x", 1));
  response.close = TRUE;
  se_response_clear (&response);
  g_assert_null (response.replies);
  g_assert_false (response.close);
}

static void
test_echo_upper (void)
{
  g_autoptr(SeResponder) echo = se_responder_parse ("echo", NULL);
  g_autoptr(SeResponder) upper = se_responder_parse ("upper", NULL);
  g_autoptr(SeResponderState) state = se_responder_state_new ();
  const char binary[] = "a\0b\xff";
  SeResponse response;

  se_response_init (&response);
  se_responder_on_accept (echo, state, &response);
  g_assert_cmpuint (response.replies->len, ==, 0);
  g_assert_false (response.close);
  se_response_clear (&response);

  feed (echo, state, "hello 你好\n", strlen ("hello 你好\n"), FALSE, &response);
  g_assert_cmpuint (response.replies->len, ==, 1);
  assert_reply_str (&response, 0, "hello 你好\n");
  g_assert_false (response.close);
  se_response_clear (&response);

  feed (echo, state, binary, 4, TRUE, &response);
  g_assert_cmpuint (response.replies->len, ==, 1);
  assert_reply (&response, 0, binary, 4);
  se_response_clear (&response);

  /* An empty datagram is echoed; an empty stream read is not a message. */
  feed (echo, NULL, "", 0, TRUE, &response);
  g_assert_cmpuint (response.replies->len, ==, 1);
  assert_reply (&response, 0, "", 0);
  se_response_clear (&response);
  feed (echo, state, "", 0, FALSE, &response);
  g_assert_cmpuint (response.replies->len, ==, 0);
  se_response_clear (&response);

  feed (upper, state, "Hello, World! 你好 ß\x01", strlen ("Hello, World! 你好 ß\x01"), FALSE, &response);
  g_assert_cmpuint (response.replies->len, ==, 1);
  /* Only ASCII letters change: UTF-8 bytes pass through untouched. */
  assert_reply_str (&response, 0, "HELLO, WORLD! 你好 ß\x01");
  se_response_clear (&response);
}

static void
test_none_discard (void)
{
  const char *names[] = { "none", "discard" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(SeResponder) responder = se_responder_parse (names[i], NULL);
      g_autoptr(SeResponderState) state = se_responder_state_new ();
      SeResponse response;

      se_response_init (&response);
      se_responder_on_accept (responder, state, &response);
      g_assert_cmpuint (response.replies->len, ==, 0);
      g_assert_false (response.close);
      se_response_clear (&response);

      feed (responder, state, "data", 4, FALSE, &response);
      g_assert_cmpuint (response.replies->len, ==, 0);
      g_assert_false (response.close);
      se_response_clear (&response);

      feed (responder, NULL, "data", 4, TRUE, &response);
      g_assert_cmpuint (response.replies->len, ==, 0);
      se_response_clear (&response);
    }
}

static void
test_greeting (void)
{
  g_autoptr(SeResponder) def = se_responder_parse ("greeting", NULL);
  g_autoptr(SeResponder) custom = se_responder_parse ("greeting=Welcome\\n", NULL);
  g_autoptr(SeResponder) empty = se_responder_parse ("greeting=", NULL);
  g_autoptr(SeResponderState) state = se_responder_state_new ();
  SeResponse response;

  se_response_init (&response);
  se_responder_on_accept (def, state, &response);
  g_assert_cmpuint (response.replies->len, ==, 1);
  assert_reply_str (&response, 0, "Thank you for connection");
  g_assert_true (response.close);
  se_response_clear (&response);

  se_response_init (&response);
  se_responder_on_accept (custom, state, &response);
  g_assert_cmpuint (response.replies->len, ==, 1);
  assert_reply_str (&response, 0, "Welcome\n");
  g_assert_true (response.close);
  se_response_clear (&response);

  /* Stream data after the accept: the greeting was already sent. */
  feed (custom, state, "hi", 2, FALSE, &response);
  g_assert_cmpuint (response.replies->len, ==, 0);
  g_assert_false (response.close);
  se_response_clear (&response);

  /* A datagram has no accept: it gets the greeting, and nothing closes. */
  feed (custom, NULL, "hi", 2, TRUE, &response);
  g_assert_cmpuint (response.replies->len, ==, 1);
  assert_reply_str (&response, 0, "Welcome\n");
  g_assert_false (response.close);
  se_response_clear (&response);

  /* An empty greeting sends nothing but still closes. */
  se_response_init (&response);
  se_responder_on_accept (empty, state, &response);
  g_assert_cmpuint (response.replies->len, ==, 0);
  g_assert_true (response.close);
  se_response_clear (&response);
}

static void
test_framed_stream (void)
{
  g_autoptr(SeResponder) framed = se_responder_parse ("framed", NULL);
  g_autoptr(SeResponderState) state = se_responder_state_new ();
  g_autoptr(SeResponderState) other = se_responder_state_new ();
  const char *messages[] = { "ls -l", "你好", "x", "a much longer message with\nnewlines\n" };
  SeResponse response;

  se_response_init (&response);
  se_responder_on_accept (framed, state, &response);
  g_assert_cmpuint (response.replies->len, ==, 0);
  g_assert_false (response.close);
  se_response_clear (&response);

  for (gsize i = 0; i < G_N_ELEMENTS (messages); i++)
    {
      g_autofree char *header = g_strdup_printf ("CMD_RESULT_SIZE|%zu", strlen (messages[i]));

      /* The message: only the header comes back. */
      feed (framed, state, messages[i], strlen (messages[i]), FALSE, &response);
      g_assert_cmpuint (response.replies->len, ==, 1);
      assert_reply_str (&response, 0, header);
      g_assert_false (response.close);
      se_response_clear (&response);

      /* The go-ahead (its content does not matter): the body. */
      feed (framed, state, "CMD_RESULT", 10, FALSE, &response);
      g_assert_cmpuint (response.replies->len, ==, 1);
      assert_reply_str (&response, 0, messages[i]);
      se_response_clear (&response);
    }

  /* Connections do not share state: "other" starts a new exchange. */
  feed (framed, state, "first", 5, FALSE, &response);
  assert_reply_str (&response, 0, "CMD_RESULT_SIZE|5");
  se_response_clear (&response);
  feed (framed, other, "second!", 7, FALSE, &response);
  g_assert_cmpuint (response.replies->len, ==, 1);
  assert_reply_str (&response, 0, "CMD_RESULT_SIZE|7");
  se_response_clear (&response);
  feed (framed, state, "go", 2, FALSE, &response);
  assert_reply_str (&response, 0, "first");
  se_response_clear (&response);
  feed (framed, other, "go", 2, FALSE, &response);
  assert_reply_str (&response, 0, "second!");
  se_response_clear (&response);

  /* A pending body is forgotten when the state is freed with it. */
  feed (framed, other, "left behind", 11, FALSE, &response);
  se_response_clear (&response);
}

static void
test_framed_datagram (void)
{
  g_autoptr(SeResponder) framed = se_responder_parse ("framed", NULL);
  const char *messages[] = { "hello", "", "第二个" };
  SeResponse response;

  for (gsize i = 0; i < G_N_ELEMENTS (messages); i++)
    {
      g_autofree char *header = g_strdup_printf ("CMD_RESULT_SIZE|%zu", strlen (messages[i]));

      feed (framed, NULL, messages[i], strlen (messages[i]), TRUE, &response);
      g_assert_cmpuint (response.replies->len, ==, 2);
      assert_reply_str (&response, 0, header);
      assert_reply_str (&response, 1, messages[i]);
      g_assert_false (response.close);
      se_response_clear (&response);
    }
}

/* framed=PREFIX: the header's word, read back and written back */
static void
test_framed_prefix (void)
{
  g_autoptr(SeResponder) framed = se_responder_parse ("framed=LEN", NULL);
  g_autoptr(SeResponder) plain = se_responder_parse ("framed", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = se_responder_to_string (framed);
  g_autofree char *plain_text = se_responder_to_string (plain);
  SeResponse response;

  g_assert_cmpstr (text, ==, "framed=LEN");
  g_assert_cmpstr (plain_text, ==, "framed");
  feed (framed, NULL, "abc", 3, TRUE, &response);
  assert_reply_str (&response, 0, "LEN|3");
  se_response_clear (&response);

  g_assert_null (se_responder_parse ("framed=", &error));
  g_assert_error (error, SE_ERROR, SE_ERROR_INVALID_RESPONDER);
  g_clear_error (&error);
  g_assert_null (se_responder_parse ("framed=A|B", &error));
  g_assert_error (error, SE_ERROR, SE_ERROR_INVALID_RESPONDER);
}

static void
test_format_ctime (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) t1 = g_date_time_new (utc, 2013, 12, 9, 12, 46, 36);
  g_autoptr(GDateTime) t2 = g_date_time_new (utc, 2013, 12, 19, 1, 2, 3);
  g_autoptr(GDateTime) t3 = g_date_time_new (utc, 2024, 2, 29, 23, 59, 59);
  g_autofree char *s1 = se_format_ctime (t1);
  g_autofree char *s2 = se_format_ctime (t2);
  g_autofree char *s3 = se_format_ctime (t3);

  g_assert_cmpstr (s1, ==, "Mon Dec  9 12:46:36 2013");
  g_assert_cmpstr (s2, ==, "Thu Dec 19 01:02:03 2013");
  g_assert_cmpstr (s3, ==, "Thu Feb 29 23:59:59 2024");
}

/* Agrees with the C library's own ctime() for local times over a span
 * of days, so a change of day, month or DST is covered. */
static void
test_format_ctime_matches_libc (void)
{
  time_t start = 1700000000;   /* Nov 2023 */

  for (int i = 0; i < 400; i++)
    {
      time_t t = start + (time_t) i * 86400 * 7 / 3 + i * 3607;
      char buf[64];
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (t);
      g_autofree char *ours = se_format_ctime (dt);

      g_assert_nonnull (ctime_r (&t, buf));
      buf[strcspn (buf, "\n")] = '\0';
      g_assert_cmpstr (ours, ==, buf);
    }
}

static void
test_timestamp (void)
{
  g_autoptr(SeResponder) stamp = se_responder_parse ("timestamp", NULL);
  g_autoptr(SeResponderState) state = se_responder_state_new ();
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GDateTime) before = g_date_time_new_now_local ();
  g_autoptr(GDateTime) after = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *stamp_text = NULL;
  g_autofree char *before_text = NULL;
  g_autofree char *after_text = NULL;
  SeResponse response;
  GBytes *bytes;

  feed (stamp, state, "hello 你好", strlen ("hello 你好"), FALSE, &response);
  after = g_date_time_new_now_local ();
  g_assert_cmpuint (response.replies->len, ==, 1);
  g_assert_false (response.close);

  bytes = g_ptr_array_index (response.replies, 0);
  reply = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  regex = g_regex_new ("^\\[((Mon|Tue|Wed|Thu|Fri|Sat|Sun) "
                       "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                       "[ 123][0-9] [0-2][0-9]:[0-5][0-9]:[0-6][0-9] [0-9]{4})\\] hello 你好$",
                       0, 0, NULL);
  g_assert_nonnull (regex);
  g_assert_true (g_regex_match (regex, reply, 0, &match));

  /* The time in it is now: the same as before or after the call. */
  stamp_text = g_match_info_fetch (match, 1);
  before_text = se_format_ctime (before);
  after_text = se_format_ctime (after);
  g_assert_true (g_str_equal (stamp_text, before_text) || g_str_equal (stamp_text, after_text));

  se_response_clear (&response);

  /* Binary data is kept byte for byte after the prefix. */
  feed (stamp, NULL, "\0\xff", 2, TRUE, &response);
  bytes = g_ptr_array_index (response.replies, 0);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, strlen ("[Mon Dec  9 12:46:36 2013] ") + 2);
  g_assert_cmpmem ((const guint8 *) g_bytes_get_data (bytes, NULL) + g_bytes_get_size (bytes) - 2, 2,
                   "\0\xff", 2);
  se_response_clear (&response);
}

int
main (int   argc,
      char *argv[])
{
  /* A zone with daylight saving time, so that the comparison with
   * ctime() crosses a DST change; without tzdata both fall back to UTC. */
  g_setenv ("TZ", "Europe/Berlin", TRUE);
  tzset ();
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/responder/parse", test_parse);
  g_test_add_func ("/responder/parse-errors", test_parse_errors);
  g_test_add_func ("/responder/parse-error-lists-valid", test_parse_error_lists_valid);
  g_test_add_func ("/responder/new-and-boxed", test_new_and_boxed);
  g_test_add_func ("/responder/response-init-clear", test_response_init_clear);
  g_test_add_func ("/responder/echo-upper", test_echo_upper);
  g_test_add_func ("/responder/none-discard", test_none_discard);
  g_test_add_func ("/responder/greeting", test_greeting);
  g_test_add_func ("/responder/framed/stream", test_framed_stream);
  g_test_add_func ("/responder/framed/datagram", test_framed_datagram);
  g_test_add_func ("/responder/framed/prefix", test_framed_prefix);
  g_test_add_func ("/responder/ctime/format", test_format_ctime);
  g_test_add_func ("/responder/ctime/matches-libc", test_format_ctime_matches_libc);
  g_test_add_func ("/responder/timestamp", test_timestamp);

  return g_test_run ();
}
