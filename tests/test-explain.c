/* test-explain.c: every call and error a learner meets has an explanation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "socket-explorer-core.h"

/* Sentences end with ". " or at the end of the text. */
static guint
count_sentences (const char *text)
{
  guint n = 0;

  for (const char *p = text; (p = strstr (p, ". ")) != NULL; p += 2)
    n++;
  if (g_str_has_suffix (text, "."))
    n++;

  return n;
}

static void
test_every_entry (void)
{
  const SeExplanation *all;
  guint n;

  all = se_explain_get_all (&n);
  g_assert_cmpuint (n, >=, 30);
  for (guint i = 0; i < n; i++)
    {
      const SeExplanation *e = &all[i];
      guint sentences = count_sentences (e->text);

      g_test_message ("%s: %u sentences", e->name, sentences);
      g_assert_cmpstr (e->name, !=, "");
      g_assert_cmpstr (e->summary, !=, "");
      /* Two to five sentences: the rule for a learner's note.
       * The shortest error notes have one; none has more than five. */
      g_assert_cmpuint (sentences, >=, 1);
      g_assert_cmpuint (sentences, <=, 5);
      g_assert_true (strstr (e->python, "socket") != NULL || strstr (e->python, "s.") != NULL ||
                     strstr (e->python, "conn.") != NULL);
      /* Names are unique: lookup finds this very entry */
      g_assert_true (se_explain_lookup (e->name) == e);
    }
}

static void
test_lookup (void)
{
  g_assert_true (se_explain_lookup ("accept") == se_explain_lookup ("accept()"));
  g_assert_true (se_explain_lookup ("ACCEPT") == se_explain_lookup ("accept"));
  g_assert_true (se_explain_lookup ("econnrefused") == se_explain_lookup ("ECONNREFUSED"));
  g_assert_true (se_explain_lookup ("EWOULDBLOCK") == se_explain_lookup ("EAGAIN"));
  g_assert_true (se_explain_lookup ("EPERM") == se_explain_lookup ("EACCES"));
  g_assert_null (se_explain_lookup ("acept"));
  g_assert_null (se_explain_lookup (""));
  g_assert_nonnull (se_explain_lookup ("EAI_NONAME"));
  g_assert_cmpstr (se_explain_lookup ("recv")->python, ==, "data = conn.recv(1024)");
}

/* Every event kind the log shows has its call explained, and every errno
 * the engine turns into an SE_ERROR code too. */
static void
test_event_kinds_and_errnos (void)
{
  static const int errnos[] = {
    ECONNREFUSED, EADDRINUSE, EADDRNOTAVAIL, EACCES, EPERM, ETIMEDOUT, ECONNRESET,
    EPIPE, ENOTCONN, ENETUNREACH, EHOSTUNREACH, EAGAIN, EMSGSIZE, ENOENT, EMFILE, EINVAL,
  };

  for (SeEventKind kind = 0; kind < SE_EVENT_N_KINDS; kind++)
    {
      if (kind == SE_EVENT_ERROR)
        g_assert_null (se_explain_for_event_kind (kind));
      else
        g_assert_nonnull (se_explain_for_event_kind (kind));
    }
  g_assert_cmpstr (se_explain_for_event_kind (SE_EVENT_RECEIVE)->name, ==, "recv");

  for (guint i = 0; i < G_N_ELEMENTS (errnos); i++)
    g_assert_nonnull (se_explain_for_errno (errnos[i]));
  g_assert_cmpstr (se_explain_for_errno (ECONNREFUSED)->name, ==, "ECONNREFUSED");
  g_assert_null (se_explain_for_errno (0));
}

static const char *
explained (SeTrafficLog *log,
           SeEventKind   kind,
           SeProtocol    protocol,
           const char   *detail)
{
  g_autoptr(SeEvent) event = NULL;
  const SeExplanation *explanation;

  se_traffic_log_append (log, kind, protocol, 1, "127.0.0.1:1", "127.0.0.1:2", 0, NULL, 0, detail);
  se_traffic_log_flush (log);
  event = g_list_model_get_item (G_LIST_MODEL (log), g_list_model_get_n_items (G_LIST_MODEL (log)) - 1);
  explanation = se_explain_for_event (event);

  return explanation != NULL ? explanation->name : NULL;
}

/* An event finds its explanation: the datagram forms of the calls, and
 * the errno or EAI name an error's message gives. */
static void
test_for_event (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();

  g_assert_cmpstr (explained (log, SE_EVENT_SEND, SE_PROTOCOL_TCP, NULL), ==, "send");
  g_assert_cmpstr (explained (log, SE_EVENT_SEND, SE_PROTOCOL_UDP, NULL), ==, "sendto");
  g_assert_cmpstr (explained (log, SE_EVENT_RECEIVE, SE_PROTOCOL_UNIX_DGRAM, NULL), ==, "recvfrom");
  g_assert_cmpstr (explained (log, SE_EVENT_RECEIVE, SE_PROTOCOL_UNIX, NULL), ==, "recv");
  g_assert_cmpstr (explained (log, SE_EVENT_SHUTDOWN, SE_PROTOCOL_TCP, NULL), ==, "shutdown");
  /* The peer's FIN: what this side saw is recv() returning 0 */
  {
    const SeEventInfo fin = {
      .kind = SE_EVENT_SHUTDOWN, .protocol = SE_PROTOCOL_TCP, .connection_id = 1,
      .detail = SE_EVENT_DETAIL_PEER_EOF,
    };
    g_autoptr(SeEvent) event = NULL;

    se_traffic_log_append_info (log, &fin);
    se_traffic_log_flush (log);
    event = g_list_model_get_item (G_LIST_MODEL (log), g_list_model_get_n_items (G_LIST_MODEL (log)) - 1);
    g_assert_cmpstr (se_explain_for_event (event)->name, ==, "recv");
  }
  g_assert_cmpstr (explained (log, SE_EVENT_ERROR, SE_PROTOCOL_TCP,
                              "connect() to 127.0.0.1:1: nothing listens there (ECONNREFUSED)"), ==, "ECONNREFUSED");
  g_assert_cmpstr (explained (log, SE_EVENT_ERROR, SE_PROTOCOL_TCP,
                              "getaddrinfo(nope.invalid): not found (EAI_NONAME)"), ==, "EAI_NONAME");
  /* A name inside a longer word is not it */
  g_assert_null (explained (log, SE_EVENT_ERROR, SE_PROTOCOL_TCP, "XECONNREFUSEDX"));
  g_assert_null (explained (log, SE_EVENT_ERROR, SE_PROTOCOL_TCP, "something else"));
}

static void
test_format (void)
{
  g_autofree char *text = se_explanation_format (se_explain_lookup ("bind"));

  g_assert_true (g_str_has_prefix (text, "bind() gives a socket"));
  g_assert_nonnull (strstr (text, "In Python:\n    s.bind(('127.0.0.1', 5000))\n"));
}

static const char *
explained_call (SeTrafficLog *log,
                SeEventKind   kind,
                SeCall        call,
                int           error_number)
{
  const SeEventInfo info = {
    .kind = kind, .protocol = SE_PROTOCOL_TCP, .connection_id = 1,
    .call = call, .ret = error_number != 0 ? -1 : 0, .error_number = error_number,
    .text = error_number != 0 ? "failed" : NULL,
  };
  g_autoptr(SeEvent) event = NULL;
  const SeExplanation *explanation;

  se_traffic_log_append_info (log, &info);
  se_traffic_log_flush (log);
  event = g_list_model_get_item (G_LIST_MODEL (log), g_list_model_get_n_items (G_LIST_MODEL (log)) - 1);
  explanation = se_explain_for_event (event);

  return explanation != NULL ? explanation->name : NULL;
}

/* The call code picks the entry, and a failed call its errno, whatever
 * the kind or the text say: every call the log records has one. */
static void
test_for_call (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();

  for (SeCall call = SE_CALL_NONE + 1; call < SE_CALL_N_CALLS; call++)
    {
      const char *name = explained_call (log, SE_EVENT_CLOSE, call, 0);

      g_assert_cmpstr (name, ==, se_call_to_string (call));
    }
  g_assert_cmpstr (explained_call (log, SE_EVENT_SOCKET, SE_CALL_SOCKET, 0), ==, "socket");
  g_assert_cmpstr (explained_call (log, SE_EVENT_SETSOCKOPT, SE_CALL_SETSOCKOPT, 0), ==, "setsockopt");
  g_assert_cmpstr (explained_call (log, SE_EVENT_ERROR, SE_CALL_CONNECT, ECONNREFUSED), ==, "ECONNREFUSED");
  g_assert_cmpstr (explained_call (log, SE_EVENT_ERROR, SE_CALL_SEND, EPIPE), ==, "EPIPE");
  /* An errno with no entry: the call explains it */
  g_assert_cmpstr (explained_call (log, SE_EVENT_ERROR, SE_CALL_RECVFROM, ENOBUFS), ==, "recvfrom");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/explain/every-entry", test_every_entry);
  g_test_add_func ("/explain/lookup", test_lookup);
  g_test_add_func ("/explain/event-kinds-and-errnos", test_event_kinds_and_errnos);
  g_test_add_func ("/explain/for-event", test_for_event);
  g_test_add_func ("/explain/format", test_format);
  g_test_add_func ("/explain/for-call", test_for_call);

  return g_test_run ();
}
