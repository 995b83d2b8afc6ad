/* test-labs.c: every built-in lab, replayed through the core, passes every check
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each step of a lab carries "replay" actions: what a student does to pass
 * it. The test does them with real listeners and clients on loopback (port
 * 0, Unix sockets in a temporary directory) and asserts that after each
 * step the step's check has passed. A name that does not exist is one
 * getaddrinfo() refuses without asking a name server (a label too long
 * for DNS), so nothing leaves the machine. Port 80 binds with
 * privileges: as root the lab runs in a child that gives them up; where
 * even that binds (a system that lets everybody bind low ports), the
 * test appends the event an unprivileged bind() logs, made with the
 * core's own message, and says so in the TAP output.
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "se-client.h"
#include "se-error.h"
#include "se-lab-check.h"
#include "se-lab-private.h"
#include "se-listener.h"
#include "se-resolver.h"
#include "se-test-util.h"

#define WAIT_MS 5000
#define INVALID_NAME "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.invalid"

typedef struct
{
  SeTrafficLog *log;
  GListStore   *listeners;
  GHashTable   *named;     /* name -> SeListener or SeClient */
  SeResolver   *resolver;
  char         *tmpdir;
  GArray       *raw_fds;
} Replay;

static void
replay_init (Replay *replay)
{
  replay->log = se_traffic_log_new ();
  replay->listeners = g_list_store_new (SE_TYPE_LISTENER);
  replay->named = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  replay->resolver = se_resolver_new (replay->log);
  replay->tmpdir = se_test_make_temp_dir ();
  replay->raw_fds = g_array_new (FALSE, FALSE, sizeof (int));
}

static void
replay_clear (Replay *replay)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (replay->listeners)); i++)
    {
      g_autoptr(SeListener) listener = g_list_model_get_item (G_LIST_MODEL (replay->listeners), i);

      se_listener_stop (listener);
    }
  for (guint i = 0; i < replay->raw_fds->len; i++)
    close (g_array_index (replay->raw_fds, int, i));
  g_array_unref (replay->raw_fds);
  g_hash_table_unref (replay->named);
  g_clear_object (&replay->listeners);
  g_clear_object (&replay->resolver);
  se_test_spin (50);
  g_clear_object (&replay->log);
  se_test_remove_dir (replay->tmpdir);
  g_free (replay->tmpdir);
}

static void
append_error (Replay     *replay,
              const char *remote,
              const char *message)
{
  SeEventInfo info = {
    .kind = SE_EVENT_ERROR,
    .protocol = SE_PROTOCOL_NONE,
    .remote = remote,
    .text = message,
  };

  se_traffic_log_append_info (replay->log, &info);
}

static void
do_listen (Replay     *replay,
           JsonObject *action)
{
  const char *text = json_object_get_string_member (action, "listen");
  const char *name = json_object_get_string_member_with_default (action, "as", NULL);
  gboolean fails = json_object_get_boolean_member_with_default (action, "fails", FALSE);
  g_autoptr(SeEndpoint) endpoint = NULL;
  g_autoptr(SeResponder) responder = NULL;
  g_autoptr(SeListener) listener = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expanded = NULL;
  GParamSpec *read_size;
  gboolean started;

  if (g_str_has_prefix (text, "same:"))
    {
      SeListener *first = g_hash_table_lookup (replay->named, text + 5);

      g_assert_true (SE_IS_LISTENER (first));
      endpoint = se_endpoint_ref (se_listener_get_endpoint (first));
    }
  else
    {
      g_auto(GStrv) parts = g_strsplit (text, "$TMP", -1);

      expanded = g_strjoinv (replay->tmpdir, parts);
      endpoint = se_endpoint_parse (expanded, &error);
      g_assert_no_error (error);
    }

  responder = se_responder_parse (json_object_get_string_member_with_default (action, "responder", "none"),
                                  &error);
  g_assert_no_error (error);
  listener = se_listener_new (endpoint, responder, replay->log);

  /* The read size (recv(bufsize)) is an option of newer listeners */
  read_size = g_object_class_find_property (G_OBJECT_GET_CLASS (listener), "read-size");
  if (json_object_has_member (action, "read-size")
      && read_size != NULL && (read_size->flags & G_PARAM_WRITABLE) != 0)
    g_object_set (listener, "read-size", (guint) json_object_get_int_member (action, "read-size"), NULL);

  se_listener_start_async (listener, NULL, se_test_store_result, &result);
  started = se_listener_start_finish (listener, se_test_wait_result (&result, WAIT_MS), &error);

  if (json_object_get_boolean_member_with_default (action, "unprivileged", FALSE) && started)
    {
      g_autoptr(GError) denied = se_error_new_errno (EACCES, "bind", se_endpoint_to_string (endpoint));

      g_test_message ("port %u bound here (privileged): the check is tested on the event an "
                      "unprivileged bind() logs", se_endpoint_get_port (endpoint));
      se_listener_stop (listener);
      append_error (replay, NULL, denied->message);
      return;
    }

  if (fails)
    {
      g_assert_false (started);
      g_assert_nonnull (error);
      return;
    }

  g_assert_no_error (error);
  g_assert_true (started);
  g_list_store_append (replay->listeners, listener);
  if (name != NULL)
    g_hash_table_insert (replay->named, g_strdup (name), g_object_ref (listener));
}

static SeClient *
client_connect (Replay     *replay,
                SeEndpoint *target,
                guint       timeout_ms,
                GError    **error)
{
  g_autoptr(SeClient) client = se_client_new (target, replay->log);
  g_autoptr(GAsyncResult) result = NULL;

  if (timeout_ms != 0)
    se_client_set_connect_timeout (client, timeout_ms);
  se_client_connect_async (client, NULL, se_test_store_result, &result);
  if (!se_client_connect_finish (client, se_test_wait_result (&result, WAIT_MS), error))
    return NULL;

  return g_steal_pointer (&client);
}

static void
do_connect (Replay     *replay,
            JsonObject *action)
{
  SeListener *listener = g_hash_table_lookup (replay->named, json_object_get_string_member (action, "connect"));
  g_autoptr(GError) error = NULL;
  SeClient *client;

  g_assert_true (SE_IS_LISTENER (listener));
  client = client_connect (replay, se_listener_get_endpoint (listener), 0, &error);
  g_assert_no_error (error);
  g_hash_table_insert (replay->named, g_strdup (json_object_get_string_member (action, "as")), client);
  se_test_spin (50);
}

static void
do_send (Replay     *replay,
         JsonObject *action)
{
  SeClient *client = g_hash_table_lookup (replay->named, json_object_get_string_member (action, "send"));
  const char *data = json_object_get_string_member (action, "data");
  guint times = json_object_get_int_member_with_default (action, "times", 1);
  g_autoptr(GError) error = NULL;

  g_assert_true (SE_IS_CLIENT (client));

  if (json_object_get_boolean_member_with_default (action, "each", FALSE))
    {
      /* One send() each, without running the loop in between: the
       * receiver finds them all in its buffer at once. */
      for (guint i = 0; i < times; i++)
        {
          g_autoptr(GBytes) bytes = g_bytes_new (data, strlen (data));

          g_assert_true (se_client_send (client, bytes, &error));
          g_assert_no_error (error);
        }
    }
  else
    {
      GString *all = g_string_new (NULL);
      g_autoptr(GBytes) bytes = NULL;

      for (guint i = 0; i < times; i++)
        g_string_append (all, data);
      bytes = g_string_free_to_bytes (all);
      g_assert_true (se_client_send (client, bytes, &error));
      g_assert_no_error (error);
    }

  se_test_spin (100);
}

/* A port where nothing listens: one the system just gave and took back */
static void
do_connect_refused (Replay *replay)
{
  struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof sin;
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  g_autofree char *text = NULL;
  g_autoptr(SeEndpoint) target = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SeClient) client = NULL;

  g_assert_cmpint (bind (fd, (struct sockaddr *) &sin, sizeof sin), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &sin, &len), ==, 0);
  close (fd);

  text = g_strdup_printf ("tcp://127.0.0.1:%u", ntohs (sin.sin_port));
  target = se_endpoint_parse (text, NULL);
  client = client_connect (replay, target, 0, &error);
  g_assert_null (client);
  g_assert_error (error, SE_ERROR, SE_ERROR_CONNECTION_REFUSED);
}

/* A listener whose backlog is full and which never accepts: the kernel
 * drops the SYN, so the handshake never completes, as with an address
 * where nothing answers. */
static void
do_connect_timeout (Replay *replay)
{
  struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof sin;
  int lfd = socket (AF_INET, SOCK_STREAM, 0);
  g_autofree char *text = NULL;
  g_autoptr(SeEndpoint) target = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SeClient) client = NULL;

  g_assert_cmpint (bind (lfd, (struct sockaddr *) &sin, sizeof sin), ==, 0);
  g_assert_cmpint (listen (lfd, 0), ==, 0);
  g_assert_cmpint (getsockname (lfd, (struct sockaddr *) &sin, &len), ==, 0);
  g_array_append_val (replay->raw_fds, lfd);

  for (guint i = 0; i < 3; i++)
    {
      int fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

      connect (fd, (struct sockaddr *) &sin, sizeof sin);
      g_array_append_val (replay->raw_fds, fd);
    }
  se_test_spin (100);

  text = g_strdup_printf ("tcp://127.0.0.1:%u", ntohs (sin.sin_port));
  target = se_endpoint_parse (text, NULL);
  client = client_connect (replay, target, 300, &error);
  g_assert_null (client);
  g_assert_error (error, SE_ERROR, SE_ERROR_TIMED_OUT);
}

typedef enum { RESOLVE_NAME, RESOLVE_ADDRESS, RESOLVE_SERVICE, RESOLVE_PROTOCOL } ResolveKind;

static void
do_resolve (Replay      *replay,
            ResolveKind  kind,
            JsonObject  *action)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok = FALSE;

  switch (kind)
    {
    case RESOLVE_NAME:
      se_resolver_lookup_name_async (replay->resolver, json_object_get_string_member (action, "resolve-name"),
                                     NULL, se_test_store_result, &result);
      {
        SeLookupResult *value = se_resolver_lookup_name_finish (replay->resolver,
                                                                se_test_wait_result (&result, WAIT_MS), &error);
        ok = value != NULL;
        g_clear_pointer (&value, se_lookup_result_free);
      }
      break;
    case RESOLVE_ADDRESS:
      se_resolver_lookup_address_async (replay->resolver, json_object_get_string_member (action, "resolve-address"),
                                        NULL, se_test_store_result, &result);
      {
        SeReverseResult *value = se_resolver_lookup_address_finish (replay->resolver,
                                                                    se_test_wait_result (&result, WAIT_MS), &error);
        ok = value != NULL;
        g_clear_pointer (&value, se_reverse_result_free);
      }
      break;
    case RESOLVE_SERVICE:
      se_resolver_lookup_service_async (replay->resolver, json_object_get_string_member (action, "resolve-service"),
                                        json_object_get_string_member (action, "protocol"),
                                        NULL, se_test_store_result, &result);
      {
        SeServiceResult *value = se_resolver_lookup_service_finish (replay->resolver,
                                                                    se_test_wait_result (&result, WAIT_MS), &error);
        ok = value != NULL;
        g_clear_pointer (&value, se_service_result_free);
      }
      break;
    case RESOLVE_PROTOCOL:
    default:
      se_resolver_lookup_protocol_async (replay->resolver, json_object_get_string_member (action, "resolve-protocol"),
                                         NULL, se_test_store_result, &result);
      ok = se_resolver_lookup_protocol_finish (replay->resolver,
                                               se_test_wait_result (&result, WAIT_MS), &error) >= 0;
      break;
    }

  g_assert_no_error (error);
  g_assert_true (ok);
}

static void
do_action (Replay     *replay,
           JsonObject *action)
{
  if (json_object_has_member (action, "listen"))
    do_listen (replay, action);
  else if (json_object_has_member (action, "connect"))
    do_connect (replay, action);
  else if (json_object_has_member (action, "send"))
    do_send (replay, action);
  else if (json_object_has_member (action, "wait"))
    se_test_spin (json_object_get_int_member (action, "wait"));
  else if (json_object_has_member (action, "close"))
    {
      SeClient *client = g_hash_table_lookup (replay->named, json_object_get_string_member (action, "close"));

      g_assert_true (SE_IS_CLIENT (client));
      se_client_close (client);
      se_test_spin (200);
    }
  else if (json_object_has_member (action, "connect-refused"))
    do_connect_refused (replay);
  else if (json_object_has_member (action, "connect-timeout"))
    do_connect_timeout (replay);
  else if (json_object_has_member (action, "resolve-name"))
    do_resolve (replay, RESOLVE_NAME, action);
  else if (json_object_has_member (action, "resolve-address"))
    do_resolve (replay, RESOLVE_ADDRESS, action);
  else if (json_object_has_member (action, "resolve-service"))
    do_resolve (replay, RESOLVE_SERVICE, action);
  else if (json_object_has_member (action, "resolve-protocol"))
    do_resolve (replay, RESOLVE_PROTOCOL, action);
  else if (json_object_has_member (action, "unknown-name"))
    {
      /* Not the lab's name itself, which the C library would ask a name
       * server about: a name under the same reserved ".invalid" domain
       * whose first label is one character longer than DNS allows, which
       * getaddrinfo() refuses without asking anyone. */
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      SeLookupResult *value;

      g_assert_true (g_str_has_suffix (json_object_get_string_member (action, "unknown-name"), ".invalid"));
      se_resolver_lookup_name_async (replay->resolver, INVALID_NAME, NULL, se_test_store_result, &result);
      value = se_resolver_lookup_name_finish (replay->resolver, se_test_wait_result (&result, WAIT_MS), &error);
      g_assert_null (value);
      g_assert_error (error, SE_ERROR, SE_ERROR_NAME_NOT_FOUND);
    }
  else
    g_error ("unknown replay action");
}

/* Whether a step of the lab wants a bind() that only fails without
 * privileges (port 80) */
static gboolean
lab_needs_unprivileged (SeLab *lab)
{
  for (guint i = 0; i < se_lab_get_n_steps (lab); i++)
    {
      JsonArray *actions = se_lab_get_step_replay (lab, i);

      for (guint j = 0; actions != NULL && j < json_array_get_length (actions); j++)
        if (json_object_get_boolean_member_with_default (json_array_get_object_element (actions, j),
                                                         "unprivileged", FALSE))
          return TRUE;
    }

  return FALSE;
}

static void
test_lab_replay_steps (SeLab *lab)
{
  g_autoptr(SeLabChecker) checker = se_lab_checker_new (lab);
  Replay replay = { 0 };

  replay_init (&replay);

  /* Nothing passes on an empty log */
  se_lab_checker_update (checker, replay.log, G_LIST_MODEL (replay.listeners));
  g_assert_cmpuint (se_lab_checker_get_n_passed (checker), ==, 0);

  for (guint i = 0; i < se_lab_get_n_steps (lab); i++)
    {
      JsonArray *actions = se_lab_get_step_replay (lab, i);

      g_assert_nonnull (actions);
      for (guint j = 0; j < json_array_get_length (actions); j++)
        do_action (&replay, json_array_get_object_element (actions, j));

      se_traffic_log_flush (replay.log);
      se_lab_checker_update (checker, replay.log, G_LIST_MODEL (replay.listeners));
      if (!se_lab_checker_get_passed (checker, i))
        g_error ("lab %s: step %u did not pass", se_lab_get_id (lab), i + 1);
    }

  g_assert_cmpuint (se_lab_checker_get_n_passed (checker), ==, se_lab_get_n_steps (lab));

  /* A fresh checker reads the same log to the same verdict */
  {
    g_autoptr(SeLabChecker) again = se_lab_checker_new (lab);

    se_lab_checker_update (again, replay.log, G_LIST_MODEL (replay.listeners));
    g_assert_cmpuint (se_lab_checker_get_n_passed (again), ==, se_lab_get_n_steps (lab));
  }

  replay_clear (&replay);
}

/* As root, a lab with a low port runs in a child that gives up its
 * privileges first, as a student's session has none (test-sockets.c
 * does the same) */
static void
test_lab_replay (gconstpointer data)
{
  SeLab *lab = SE_LAB ((gpointer) data);

  if (geteuid () != 0 || !lab_needs_unprivileged (lab))
    {
      test_lab_replay_steps (lab);
      return;
    }

  if (g_test_subprocess ())
    {
      if (setgid (65534) != 0 || setuid (65534) != 0)
        g_test_message ("cannot give up root privileges here");
      test_lab_replay_steps (lab);
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* The strings xgettext reads (se-lab-strings.c) are the labs' strings */
static void
test_lab_strings (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) labs = se_lab_load_builtin (&error);
  guint n = 0, n_table = 0;

  g_assert_no_error (error);
  while (_se_lab_strings[n_table] != NULL)
    n_table++;

  for (guint i = 0; i < g_list_model_get_n_items (labs); i++)
    {
      g_autoptr(SeLab) lab = g_list_model_get_item (labs, i);
      g_autoptr(GPtrArray) msgids = se_lab_get_msgids (lab);

      for (guint j = 0; j < msgids->len; j++, n++)
        if (n >= n_table || g_strcmp0 (_se_lab_strings[n], msgids->pdata[j]) != 0)
          g_error ("src/core/se-lab-strings.c is out of date with lab %s: "
                   "run data/labs/update-strings.py", se_lab_get_id (lab));
    }
  g_assert_cmpuint (n, ==, n_table);
}

static void
test_lab_builtin (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) labs = se_lab_load_builtin (&error);
  gboolean demo = FALSE, workspace = FALSE;

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (labs), ==, 8);
  for (guint i = 0; i < g_list_model_get_n_items (labs); i++)
    {
      g_autoptr(SeLab) lab = g_list_model_get_item (labs, i);
      g_autoptr(SeWorkspace) copy = se_lab_dup_workspace (lab);

      demo |= g_strcmp0 (se_lab_get_demo (lab), "boundaries") == 0;
      if (copy != NULL)
        {
          workspace = TRUE;
          g_assert_cmpuint (se_workspace_get_listeners (copy)->len, >, 0);
        }
    }
  g_assert_true (demo);
  g_assert_true (workspace);
}

/* Every lab speaks Chinese with LANGUAGE=zh_CN: its strings come from the
 * catalog the build made (SE_BUILD_ROOT/po). Run in a child, so that the
 * other tests keep English. */
static void
test_lab_zh_CN (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *localedir = g_build_filename (g_getenv ("SE_BUILD_ROOT"), "po", NULL);
      g_autoptr(GListModel) labs = NULL;
      g_autoptr(GError) error = NULL;

      g_setenv ("LANGUAGE", "zh_CN", TRUE);
      setlocale (LC_ALL, "C.UTF-8");
      bindtextdomain (GETTEXT_PACKAGE, localedir);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

      labs = se_lab_load_builtin (&error);
      g_assert_no_error (error);
      for (guint i = 0; i < g_list_model_get_n_items (labs); i++)
        {
          g_autoptr(SeLab) lab = g_list_model_get_item (labs, i);
          g_autoptr(GPtrArray) msgids = se_lab_get_msgids (lab);
          const char *shown[] = { se_lab_get_title (lab), se_lab_get_summary (lab) };

          g_assert_cmpuint (msgids->len, ==, 2 + se_lab_get_n_steps (lab));
          for (guint j = 0; j < msgids->len; j++)
            {
              const char *text = j < 2 ? shown[j] : se_lab_get_step_text (lab, j - 2);

              if (g_strcmp0 (text, msgids->pdata[j]) == 0)
                g_error ("lab %s: “%s” has no zh_CN translation", se_lab_get_id (lab), text);
            }
        }
      return;
    }

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static SeLab *
lab_with_checks (const char *checks)
{
  g_autofree char *data = g_strdup_printf ("{ \"id\": \"t\", \"title\": \"T\", \"summary\": \"S\", "
                                           "\"steps\": [ %s ] }", checks);
  g_autoptr(GError) error = NULL;
  SeLab *lab = se_lab_new_from_data (data, -1, &error);

  g_assert_no_error (error);
  return lab;
}

static void
append (SeTrafficLog *log,
        SeEventKind   kind,
        SeProtocol    protocol,
        const char   *local,
        const char   *remote,
        guint64       size,
        const char   *text)
{
  SeEventInfo info = {
    .kind = kind, .protocol = protocol, .local = local, .remote = remote,
    .size = size, .text = text,
  };

  se_traffic_log_append_info (log, &info);
  se_traffic_log_flush (log);
}

#define A "127.0.0.1:5000"
#define B "127.0.0.1:7000"

/* Which sends a receive came from: per direction, by size */
static void
test_check_boundaries (void)
{
  g_autoptr(SeLab) lab = lab_with_checks (
    "{ \"text\": \"merged\", \"check\": { \"event\": \"receive\", \"more-than-sent\": true } },"
    "{ \"text\": \"cut\", \"check\": { \"event\": \"receive\", \"fewer-than-sent\": true } },"
    "{ \"text\": \"whole\", \"check\": { \"event\": \"receive\", \"protocol\": \"tcp\", "
    "  \"more-than-sent\": false, \"fewer-than-sent\": false, \"count\": 2 } }");
  g_autoptr(SeLabChecker) checker = se_lab_checker_new (lab);
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();

  /* Sends of 5 and 5 read as 5 and 5: whole; the reply the other way
   * does not count as a send towards B */
  append (log, SE_EVENT_SEND, SE_PROTOCOL_TCP, A, B, 5, NULL);
  append (log, SE_EVENT_SEND, SE_PROTOCOL_TCP, B, A, 9, NULL);
  append (log, SE_EVENT_SEND, SE_PROTOCOL_TCP, A, B, 5, NULL);
  append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_TCP, B, A, 5, NULL);
  append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_TCP, B, A, 5, NULL);
  se_lab_checker_update (checker, log, NULL);
  g_assert_false (se_lab_checker_get_passed (checker, 0));
  g_assert_false (se_lab_checker_get_passed (checker, 1));
  g_assert_true (se_lab_checker_get_passed (checker, 2));

  /* UDP keeps boundaries: never merged or cut */
  append (log, SE_EVENT_SEND, SE_PROTOCOL_UDP, A, B, 5, NULL);
  append (log, SE_EVENT_SEND, SE_PROTOCOL_UDP, A, B, 5, NULL);
  append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_UDP, B, A, 10, NULL);
  se_lab_checker_update (checker, log, NULL);
  g_assert_false (se_lab_checker_get_passed (checker, 0));

  /* 5 + 5 read as 8, then 2: the first merged and cut, */
  append (log, SE_EVENT_SEND, SE_PROTOCOL_TCP, A, B, 5, NULL);
  append (log, SE_EVENT_SEND, SE_PROTOCOL_TCP, A, B, 5, NULL);
  append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_TCP, B, A, 8, NULL);
  se_lab_checker_update (checker, log, NULL);
  g_assert_true (se_lab_checker_get_passed (checker, 0));
  g_assert_true (se_lab_checker_get_passed (checker, 1));
  g_assert_cmpuint (se_lab_checker_get_n_passed (checker), ==, 3);
}

static void
test_check_errors_and_after (void)
{
  g_autoptr(SeLab) lab = lab_with_checks (
    "{ \"text\": \"refused\", \"check\": { \"event\": \"error\", \"error\": \"ECONNREFUSED\" } },"
    "{ \"text\": \"gai\", \"check\": { \"error\": [ \"EAI_NONAME\", \"EAI_AGAIN\" ] } },"
    "{ \"text\": \"later\", \"check\": { \"event\": \"resolve\", \"remote\": \"localhost\", "
    "  \"protocol\": \"none\", \"after\": 0 } }");
  g_autoptr(SeLabChecker) checker = se_lab_checker_new (lab);
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();

  /* Before step 1 passed, step 3's event does not count */
  append (log, SE_EVENT_RESOLVE, SE_PROTOCOL_NONE, NULL, "localhost", 0, "localhost → 127.0.0.1");
  /* A longer name is not the name */
  append (log, SE_EVENT_ERROR, SE_PROTOCOL_TCP, NULL, B, 0, "Refused (ECONNREFUSEDX)");
  append (log, SE_EVENT_ERROR, SE_PROTOCOL_NONE, NULL, "x", 0, "Name not found (EAI_AGAIN: Temporary failure)");
  se_lab_checker_update (checker, log, NULL);
  g_assert_false (se_lab_checker_get_passed (checker, 0));
  g_assert_true (se_lab_checker_get_passed (checker, 1));
  g_assert_false (se_lab_checker_get_passed (checker, 2));

  append (log, SE_EVENT_ERROR, SE_PROTOCOL_TCP, NULL, B, 0, "Connection refused by " B " (ECONNREFUSED)");
  append (log, SE_EVENT_RESOLVE, SE_PROTOCOL_NONE, NULL, "localhost.", 0, "");
  se_lab_checker_update (checker, log, NULL);
  g_assert_true (se_lab_checker_get_passed (checker, 0));
  g_assert_false (se_lab_checker_get_passed (checker, 2));

  append (log, SE_EVENT_RESOLVE, SE_PROTOCOL_NONE, NULL, "localhost", 0, "localhost → 127.0.0.1");
  se_lab_checker_update (checker, log, NULL);
  g_assert_true (se_lab_checker_get_passed (checker, 2));

  /* Cleared: what passed stays passed; reset forgets */
  se_traffic_log_clear (log);
  se_lab_checker_update (checker, log, NULL);
  g_assert_cmpuint (se_lab_checker_get_n_passed (checker), ==, 3);
  se_lab_checker_reset (checker);
  se_lab_checker_update (checker, log, NULL);
  g_assert_cmpuint (se_lab_checker_get_n_passed (checker), ==, 0);
}

static void
test_check_invalid (void)
{
  const char *bad[] = {
    "{ \"text\": \"x\", \"check\": { \"event\": \"lisen\" } }",
    "{ \"text\": \"x\", \"check\": { \"protocol\": \"sctp\" } }",
    "{ \"text\": \"x\", \"check\": { \"evnt\": \"listen\" } }",
    "{ \"text\": \"x\", \"check\": { \"count\": 0 } }",
    "{ \"text\": \"x\", \"check\": { \"data-regex\": \"(\" } }",
    "{ \"text\": \"x\", \"check\": { \"any\": [ { \"count\": 2 } ] } }",
    "{ \"text\": \"x\", \"check\": { \"listener\": { \"protocol\": \"tcp\" } } }",
    "{ \"text\": \"x\", \"check\": { \"listener\": { \"protocol\": \"tcp\", \"responder\": \"nope\" } } }",
    "{ \"text\": \"x\", \"check\": { \"after\": 0 } }",
    "{ \"text\": \"x\" }",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *data = g_strdup_printf ("{ \"id\": \"t\", \"title\": \"T\", \"summary\": \"S\", "
                                               "\"steps\": [ %s ] }", bad[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(SeLab) lab = se_lab_new_from_data (data, -1, &error);

      g_assert_null (lab);
      g_assert_nonnull (error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GListModel) labs = NULL;
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/labs/builtin", test_lab_builtin);
  g_test_add_func ("/labs/strings", test_lab_strings);
  g_test_add_func ("/labs/zh_CN", test_lab_zh_CN);
  g_test_add_func ("/labs/check/boundaries", test_check_boundaries);
  g_test_add_func ("/labs/check/errors-and-after", test_check_errors_and_after);
  g_test_add_func ("/labs/check/invalid", test_check_invalid);

  labs = se_lab_load_builtin (&error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (labs); i++)
    {
      SeLab *lab = g_list_model_get_item (labs, i);
      g_autofree char *path = g_strdup_printf ("/labs/replay/%s", se_lab_get_id (lab));

      g_test_add_data_func_full (path, lab, test_lab_replay, g_object_unref);
    }

  return g_test_run ();
}
