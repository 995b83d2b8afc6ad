/* test-workspace.c: workspace files, written, read back, and refused when wrong
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "socket-explorer-core.h"
#include "se-test-util.h"

static SeWorkspace *
sample (void)
{
  SeWorkspace *workspace = se_workspace_new ();
  SeWorkspaceListener *listener;
  SeWorkspaceClient *client;
  g_autoptr(JsonNode) filters = json_from_string ("{\"search\":\"hello\",\"kinds\":[\"send\"]}", NULL);

  listener = se_workspace_add_listener (workspace, "tcp://127.0.0.1:0", "greeting=Hi there\\n");
  listener->backlog = 5;
  listener->max_connections = 20;
  listener->idle_timeout = 30;
  listener->receive_buffer = 65536;
  listener->read_size = 8;
  g_free (listener->encoding);
  listener->encoding = g_strdup ("gb18030");
  {
    g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) se_rule_unref);

    g_ptr_array_add (rules, se_rule_parse ("regex,delay=10,close:^GET (\\S+)=>HTTP/1.0 200 OK\\r\\n\\r\\n\\1", NULL));
    g_ptr_array_add (rules, se_rule_parse ("exact:ping=>pong {{counter}}", NULL));
    listener->rules = se_rule_set_new (rules);
  }
  se_workspace_add_listener (workspace, "udp://[::1]:0", "echo");
  client = se_workspace_add_client (workspace, "unix:///tmp/demo.sock");
  client->connect_timeout = 1234;
  client->read_size = 1024;
  client->nodelay = TRUE;
  {
    g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) se_rule_unref);

    g_ptr_array_add (rules, se_rule_parse ("prefix:220 =>EHLO me\\r\\n", NULL));
    client->rules = se_rule_set_new (rules);
  }
  /* A UDP client with rules and an auto-send */
  client = se_workspace_add_client (workspace, "udp://127.0.0.1:9");
  {
    g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) se_rule_unref);

    g_ptr_array_add (rules, se_rule_parse ("regex:^ping (\\d+)=>pong \\1", NULL));
    client->rules = se_rule_set_new (rules);
  }
  client->auto_send_data = g_strdup ("tick {{counter}}");
  client->auto_send_eol = SE_EOL_LF;
  client->auto_send_count = 0;
  client->auto_send_interval = 250;
  se_workspace_add_message (workspace, "hello", "hello\\n", FALSE, SE_EOL_CRLF);
  se_workspace_add_message (workspace, "bytes", "00 ff", TRUE, SE_EOL_NONE);
  se_workspace_set_filters (workspace, filters);

  return workspace;
}

static void
assert_same (SeWorkspace *a,
             SeWorkspace *b)
{
  GPtrArray *la = se_workspace_get_listeners (a), *lb = se_workspace_get_listeners (b);
  GPtrArray *ca = se_workspace_get_clients (a), *cb = se_workspace_get_clients (b);
  GPtrArray *ma = se_workspace_get_messages (a), *mb = se_workspace_get_messages (b);

  g_assert_cmpuint (la->len, ==, lb->len);
  for (guint i = 0; i < la->len; i++)
    {
      SeWorkspaceListener *x = g_ptr_array_index (la, i), *y = g_ptr_array_index (lb, i);

      g_assert_cmpstr (x->endpoint, ==, y->endpoint);
      g_assert_cmpstr (x->responder, ==, y->responder);
      g_assert_cmpuint (x->backlog, ==, y->backlog);
      g_assert_cmpuint (x->max_connections, ==, y->max_connections);
      g_assert_cmpuint (x->idle_timeout, ==, y->idle_timeout);
      g_assert_cmpuint (x->receive_buffer, ==, y->receive_buffer);
      g_assert_cmpuint (x->read_size, ==, y->read_size);
      g_assert_cmpstr (x->encoding, ==, y->encoding);
      g_assert_cmpuint (x->rules ? se_rule_set_get_n_rules (x->rules) : 0, ==,
                        y->rules ? se_rule_set_get_n_rules (y->rules) : 0);
      for (guint r = 0; x->rules != NULL && r < se_rule_set_get_n_rules (x->rules); r++)
        {
          g_autofree char *rx = se_rule_to_string (se_rule_set_get_rule (x->rules, r));
          g_autofree char *ry = se_rule_to_string (se_rule_set_get_rule (y->rules, r));

          g_assert_cmpstr (rx, ==, ry);
        }
    }
  g_assert_cmpuint (ca->len, ==, cb->len);
  for (guint i = 0; i < ca->len; i++)
    {
      SeWorkspaceClient *x = g_ptr_array_index (ca, i), *y = g_ptr_array_index (cb, i);

      g_assert_cmpstr (x->endpoint, ==, y->endpoint);
      g_assert_cmpuint (x->connect_timeout, ==, y->connect_timeout);
      g_assert_cmpuint (x->read_size, ==, y->read_size);
      g_assert_cmpint (x->nodelay, ==, y->nodelay);
      g_assert_cmpstr (x->encoding, ==, y->encoding);
      g_assert_cmpstr (x->auto_send_data, ==, y->auto_send_data);
      g_assert_cmpint (x->auto_send_hex, ==, y->auto_send_hex);
      g_assert_cmpint (x->auto_send_eol, ==, y->auto_send_eol);
      g_assert_cmpuint (x->auto_send_count, ==, y->auto_send_count);
      g_assert_cmpuint (x->auto_send_interval, ==, y->auto_send_interval);
      g_assert_cmpuint (x->rules ? se_rule_set_get_n_rules (x->rules) : 0, ==,
                        y->rules ? se_rule_set_get_n_rules (y->rules) : 0);
      if (x->rules != NULL)
        {
          g_autofree char *rx = se_rule_to_string (se_rule_set_get_rule (x->rules, 0));
          g_autofree char *ry = se_rule_to_string (se_rule_set_get_rule (y->rules, 0));

          g_assert_cmpstr (rx, ==, ry);
        }
    }
  g_assert_cmpuint (ma->len, ==, mb->len);
  for (guint i = 0; i < ma->len; i++)
    {
      SeWorkspaceMessage *x = g_ptr_array_index (ma, i), *y = g_ptr_array_index (mb, i);

      g_assert_cmpstr (x->name, ==, y->name);
      g_assert_cmpstr (x->data, ==, y->data);
      g_assert_cmpint (x->hex, ==, y->hex);
      g_assert_cmpint (x->eol, ==, y->eol);
    }
  g_assert_true ((se_workspace_get_filters (a) == NULL) == (se_workspace_get_filters (b) == NULL));
  if (se_workspace_get_filters (a) != NULL)
    g_assert_true (json_node_equal (se_workspace_get_filters (a), se_workspace_get_filters (b)));
}

static void
test_round_trip (void)
{
  g_autoptr(SeWorkspace) workspace = sample ();
  g_autoptr(SeWorkspace) read = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = se_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "demo.sews", NULL);
  g_autofree char *link_path = g_build_filename (dir, "link.sews", NULL);
  g_autofree char *target = g_build_filename (dir, "target", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) link_file = g_file_new_for_path (link_path);
  g_autofree char *kept = NULL;
  struct stat st;

  g_assert_true (se_workspace_save_file (workspace, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  read = se_workspace_new_from_file (file, NULL, &error);
  g_assert_no_error (error);
  assert_same (workspace, read);

  /* A symbolic link at the target is replaced, not followed */
  g_assert_true (g_file_set_contents (target, "keep", -1, NULL));
  g_assert_cmpint (symlink (target, link_path), ==, 0);
  g_assert_true (se_workspace_save_file (workspace, link_file, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (target, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, "keep");
  g_assert_false (g_file_test (link_path, G_FILE_TEST_IS_SYMLINK));

  se_test_remove_dir (dir);
}

/* A listener made from an item has its values */
static void
test_listener_create (void)
{
  g_autoptr(SeWorkspace) workspace = sample ();
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GError) error = NULL;
  SeWorkspaceListener *item = g_ptr_array_index (se_workspace_get_listeners (workspace), 0);
  g_autoptr(SeListener) listener = se_workspace_listener_create (item, log, &error);
  g_autofree char *responder = NULL;
  SeWorkspaceListener *back;

  g_assert_no_error (error);
  g_assert_cmpuint (se_listener_get_backlog (listener), ==, 5);
  g_assert_cmpuint (se_listener_get_max_connections (listener), ==, 20);
  g_assert_cmpuint (se_listener_get_idle_timeout (listener), ==, 30);
  g_assert_cmpuint (se_listener_get_read_size (listener), ==, 8);
  responder = se_responder_to_string (se_listener_get_responder (listener));
  g_assert_cmpstr (responder, ==, "greeting=Hi there\\n");
  g_assert_true (se_listener_get_rules (listener) == item->rules);

  back = se_workspace_listener_new_from (listener, NULL);
  g_assert_cmpstr (back->endpoint, ==, "tcp://127.0.0.1:0");
  g_assert_cmpstr (back->responder, ==, item->responder);
  g_assert_cmpuint (back->backlog, ==, 5);
  g_assert_cmpuint (back->read_size, ==, 8);
  g_assert_true (back->rules == item->rules);
  se_workspace_listener_free (back);
}

static void
assert_refused (const char *text,
                const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeWorkspace) workspace = se_workspace_new_from_data (text, -1, &error);

  g_assert_null (workspace);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  if (strstr (error->message, expected) == NULL)
    g_error ("“%s” does not say “%s”", error->message, expected);
}

static void
test_refused (void)
{
  g_autoptr(SeWorkspace) workspace = sample ();
  g_autofree char *data = se_workspace_to_data (workspace, NULL);
  g_autofree char *truncated = g_strndup (data, strlen (data) / 2);

  /* Broken JSON: json-glib says where */
  assert_refused (truncated, "broken JSON");
  assert_refused (truncated, "(cut short?)");
  assert_refused ("{\n  \"format\": \"socket-explorer-workspace\",\n  \"version\": 1,\n  oops\n}",
                  "broken JSON): line 3, column");
  /* Cut short after an opening brace: json-glib names the brace, the
   * message says where the file ends. */
  assert_refused ("{\"format\": \"socket-explorer-workspace\", \"version\": 1,\n"
                  "  \"listeners\": [\n    {\n", "line 3, column 5: the file ends there");
  /* Cut short inside a string: json-glib names an earlier token */
  assert_refused ("{\"format\": \"socket-explorer-workspace\", \"version\": 1,\n"
                  "  \"listeners\": [ {\"endpoint\": \"tcp://127.0.0.1:0\",\n    \"resp", "line 3, column 9: the file ends there");
  assert_refused ("[1, 2]", "not a JSON object");
  assert_refused ("{\"version\": 1}", "format");
  assert_refused ("{\"format\": \"socket-explorer-workspace\"}", "version");
  assert_refused ("{\"format\": \"socket-explorer-workspace\", \"version\": 9}", "newer");
  assert_refused ("{\"format\": \"socket-explorer-workspace\", \"version\": 1, \"listeners\": {}}", "listeners");
  /* An item with a wrong value: the line of the item, and which */
  assert_refused ("{\"format\": \"socket-explorer-workspace\", \"version\": 1,\n"
                  " \"listeners\": [\n"
                  "  {\"endpoint\": \"tcp://127.0.0.1:0\"},\n"
                  "  {\"endpoint\": \"tcp://nowhere\"}\n"
                  " ]}", "line 4: listener 2");
  assert_refused ("{\"format\": \"socket-explorer-workspace\", \"version\": 1,\n"
                  " \"listeners\": [ {\"endpoint\": \"tcp://127.0.0.1:0\", \"responder\": \"bogus\"} ]}",
                  "listener 1");
  assert_refused ("{\"format\": \"socket-explorer-workspace\", \"version\": 1,\n"
                  " \"listeners\": [ {\"endpoint\": \"tcp://127.0.0.1:0\", \"backlog\": -1} ]}",
                  "listener 1");
  assert_refused ("{\"format\": \"socket-explorer-workspace\", \"version\": 1,\n"
                  " \"listeners\": [ {\"endpoint\": \"tcp://127.0.0.1:0\", \"read-size\": 0} ]}",
                  "read size 1–65536");
  assert_refused ("{\"format\": \"socket-explorer-workspace\", \"version\": 1,\n"
                  " \"clients\": [ {\"endpoint\": \"tcp://127.0.0.1:1\", \"read-size\": 65537} ]}",
                  "client 1");
  assert_refused ("{\"format\": \"socket-explorer-workspace\", \"version\": 1,\n"
                  " \"clients\": [ {\"endpoint\": \"tcp://127.0.0.1:1\", \"nodelay\": 1} ]}",
                  "nodelay true or false");
  assert_refused ("{\"format\": \"socket-explorer-workspace\", \"version\": 1,\n"
                  " \"clients\": [ {\"connect-timeout\": 5} ]}", "client 1: the endpoint is missing");
  assert_refused ("{\"format\": \"socket-explorer-workspace\", \"version\": 1,\n"
                  " \"clients\": [ {\"endpoint\": \"udp://127.0.0.1:9\", \"auto-send\": {\"data\": \"x\", \"interval\": 0}} ]}",
                  "interval");
  assert_refused ("{\"format\": \"socket-explorer-workspace\", \"version\": 1,\n"
                  " \"clients\": [ {\"endpoint\": \"udp://127.0.0.1:9\", \"auto-send\": {\"interval\": 10}} ]}",
                  "“auto-send” needs “data”");
  assert_refused ("{\"format\": \"socket-explorer-workspace\", \"version\": 1,\n"
                  " \"messages\": [ {\"name\": \"x\", \"data\": \"y\", \"eol\": \"cr\"} ]}", "message 1");
  /* A rule that does not compile: its listener, and why */
  assert_refused ("{\"format\": \"socket-explorer-workspace\", \"version\": 1,\n"
                  " \"listeners\": [ {\"endpoint\": \"tcp://127.0.0.1:0\",\n"
                  "   \"rules\": [ {\"type\": \"regex\", \"match\": \"(\", \"reply\": \"x\"} ]} ]}",
                  "listener 1: rule “(”");
  assert_refused ("{\"format\": \"socket-explorer-workspace\", \"version\": 1,\n"
                  " \"listeners\": [ {\"endpoint\": \"tcp://127.0.0.1:0\",\n"
                  "   \"rules\": [ {\"type\": \"glob\", \"match\": \"a\", \"reply\": \"x\"} ]} ]}",
                  "listener 1: rule 1 needs");
}

/* A newer file with members this version does not know still opens */
static void
test_unknown_members (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeWorkspace) workspace =
    se_workspace_new_from_data ("{\"format\": \"socket-explorer-workspace\", \"version\": 1, \"colour\": \"red\",\n"
                                " \"listeners\": [ {\"endpoint\": \"udp://127.0.0.1:0\", \"future\": true} ]}",
                                -1, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (se_workspace_get_listeners (workspace)->len, ==, 1);
  g_assert_cmpuint (se_workspace_get_clients (workspace)->len, ==, 0);
}

/* The shipped tutorial workspace reads */
static void
test_shipped (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("SE_SOURCE_ROOT"), "data", "workspaces",
                                            "tutorial-servers.sews", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(SeWorkspace) workspace = se_workspace_new_from_file (file, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (se_workspace_get_listeners (workspace)->len, ==, 5);
}

typedef struct
{
  guint position, removed, added;
  guint count;
} Change;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Change     *change)
{
  change->position = position;
  change->removed = removed;
  change->added = added;
  change->count++;
}

/* What is open is one list, listeners first: the window's sidebar is
 * bound to it, so its changes must say exactly where. */
static void
test_list_model (void)
{
  g_autoptr(SeWorkspace) workspace = se_workspace_new ();
  g_autoptr(SeNetwork) network = se_network_new ();
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeEndpoint) tcp = se_endpoint_parse ("tcp://127.0.0.1:0", NULL);
  g_autoptr(SeEndpoint) udp = se_endpoint_parse ("udp://127.0.0.1:9", NULL);
  g_autoptr(SeResponder) echo = se_responder_parse ("echo", NULL);
  g_autoptr(SeListenerProxy) first = se_listener_proxy_new (network, tcp, echo, log);
  g_autoptr(SeListenerProxy) second = se_listener_proxy_new (network, tcp, echo, log);
  g_autoptr(SeClientProxy) client = se_client_proxy_new (network, udp, log);
  g_autoptr(GObject) item = NULL;
  Change change = { 0 };
  guint position;

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (workspace)) == G_TYPE_OBJECT);
  g_signal_connect (workspace, "items-changed", G_CALLBACK (items_changed_cb), &change);

  se_workspace_append_listener_proxy (workspace, first);
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.added, ==, 1);

  /* A client goes after the listeners */
  se_workspace_append_client_proxy (workspace, client);
  g_assert_cmpuint (change.position, ==, 1);
  g_assert_cmpuint (change.added, ==, 1);

  /* A listener added later goes before the clients */
  se_workspace_append_listener_proxy (workspace, second);
  g_assert_cmpuint (change.position, ==, 1);
  g_assert_cmpuint (change.removed, ==, 0);
  g_assert_cmpuint (change.count, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (workspace)), ==, 3);
  item = g_list_model_get_item (G_LIST_MODEL (workspace), 2);
  g_assert_true (item == (GObject *) client);
  g_clear_object (&item);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (workspace), 3));
  g_assert_cmpuint (g_list_model_get_n_items (se_workspace_get_listener_proxies (workspace)), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (se_workspace_get_client_proxies (workspace)), ==, 1);

  g_assert_true (se_workspace_find_proxy (workspace, client, &position));
  g_assert_cmpuint (position, ==, 2);
  g_assert_true (se_workspace_find_proxy (workspace, second, &position));
  g_assert_cmpuint (position, ==, 1);

  /* Removing the client says where it was in the whole list */
  g_assert_true (se_workspace_remove_proxy (workspace, client));
  g_assert_cmpuint (change.position, ==, 2);
  g_assert_cmpuint (change.removed, ==, 1);
  g_assert_cmpuint (change.added, ==, 0);
  g_assert_false (se_workspace_find_proxy (workspace, client, NULL));
  g_assert_false (se_workspace_remove_proxy (workspace, client));
  g_assert_cmpuint (change.count, ==, 4);

  g_assert_true (se_workspace_remove_proxy (workspace, first));
  g_assert_cmpuint (change.position, ==, 0);
  item = g_list_model_get_item (G_LIST_MODEL (workspace), 0);
  g_assert_true (item == (GObject *) second);

  g_signal_handlers_disconnect_by_data (workspace, &change);
  se_network_shutdown (network);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/workspace/round-trip", test_round_trip);
  g_test_add_func ("/workspace/listener-create", test_listener_create);
  g_test_add_func ("/workspace/refused", test_refused);
  g_test_add_func ("/workspace/unknown-members", test_unknown_members);
  g_test_add_func ("/workspace/shipped", test_shipped);
  g_test_add_func ("/workspace/list-model", test_list_model);

  return g_test_run ();
}
