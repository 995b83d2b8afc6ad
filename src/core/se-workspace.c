/* se-workspace.c: a prepared demo: listeners, clients, saved messages, filters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A teacher prepares the servers of a lesson at home and opens them in
 * class. The file is JSON (docs/workspace-format.md), read and written
 * with json-glib:
 *
 *   { "format": "socket-explorer-workspace", "version": 1,
 *     "listeners": [ { "endpoint": "tcp://127.0.0.1:0", "responder": "echo",
 *                      "backlog": 128, … } ],
 *     "clients":   [ { "endpoint": "tcp://127.0.0.1:7000", … } ],
 *     "messages":  [ { "name": "GET", "data": "GET / HTTP/1.0\\r\\n\\r\\n",
 *                      "hex": false, "eol": "none" } ],
 *     "filters":   { … the window's, kept as they are … } }
 *
 * Errors name the line: json-glib's parser says where the syntax breaks,
 * and for an item whose values are wrong the line of the item is kept
 * while parsing (the parser's array-element signal).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "se-error.h"
#include "se-json.h"
#include "se-relay.h"
#include "se-client-proxy.h"
#include "se-listener-proxy.h"
#include "se-responder.h"
#include "se-workspace-private.h"

struct _SeWorkspace
{
  GObject    parent_instance;

  GPtrArray *listeners;  /* SeWorkspaceListener */
  GPtrArray *clients;    /* SeWorkspaceClient */
  GPtrArray *messages;   /* SeWorkspaceMessage */
  JsonNode  *filters;    /* an object, or NULL */

  /* What is open, the GListModel side: listeners, then clients */
  GListStore *listener_proxies;  /* SeListenerProxy */
  GListStore *client_proxies;    /* SeClientProxy */
};

static void se_workspace_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SeWorkspace, se_workspace, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, se_workspace_list_model_init))

void
se_workspace_listener_free (SeWorkspaceListener *item)
{
  if (item == NULL)
    return;
  g_free (item->endpoint);
  g_free (item->responder);
  g_free (item->encoding);
  g_free (item->relay_to);
  g_clear_pointer (&item->rules, se_rule_set_unref);
  g_free (item);
}

void
se_workspace_client_free (SeWorkspaceClient *item)
{
  if (item == NULL)
    return;
  g_free (item->endpoint);
  g_free (item->encoding);
  g_clear_pointer (&item->rules, se_rule_set_unref);
  g_free (item);
}

void
se_workspace_message_free (SeWorkspaceMessage *item)
{
  if (item == NULL)
    return;
  g_free (item->name);
  g_free (item->data);
  g_free (item->encoding);
  g_free (item->target);
  g_free (item);
}

static void
se_workspace_finalize (GObject *object)
{
  SeWorkspace *self = SE_WORKSPACE (object);

  g_ptr_array_unref (self->listeners);
  g_ptr_array_unref (self->clients);
  g_ptr_array_unref (self->messages);
  g_clear_pointer (&self->filters, json_node_unref);
  g_clear_object (&self->listener_proxies);
  g_clear_object (&self->client_proxies);

  G_OBJECT_CLASS (se_workspace_parent_class)->finalize (object);
}

/* GListModel: the listener proxies, then the client proxies */

static GType
se_workspace_get_item_type (GListModel *model)
{
  return G_TYPE_OBJECT;
}

static guint
se_workspace_get_n_items (GListModel *model)
{
  SeWorkspace *self = SE_WORKSPACE (model);

  return g_list_model_get_n_items (G_LIST_MODEL (self->listener_proxies)) +
         g_list_model_get_n_items (G_LIST_MODEL (self->client_proxies));
}

static gpointer
se_workspace_get_item (GListModel *model,
                       guint       position)
{
  SeWorkspace *self = SE_WORKSPACE (model);
  guint n_listeners = g_list_model_get_n_items (G_LIST_MODEL (self->listener_proxies));

  if (position < n_listeners)
    return g_list_model_get_item (G_LIST_MODEL (self->listener_proxies), position);

  return g_list_model_get_item (G_LIST_MODEL (self->client_proxies), position - n_listeners);
}

static void
se_workspace_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = se_workspace_get_item_type;
  iface->get_n_items = se_workspace_get_n_items;
  iface->get_item = se_workspace_get_item;
}

/* A change of either store is the same change of the whole list, the
 * clients' shifted by the listeners before them. */
static void
listener_proxies_changed_cb (SeWorkspace *self,
                             guint        position,
                             guint        removed,
                             guint        added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
client_proxies_changed_cb (SeWorkspace *self,
                           guint        position,
                           guint        removed,
                           guint        added)
{
  guint n_listeners = g_list_model_get_n_items (G_LIST_MODEL (self->listener_proxies));

  g_list_model_items_changed (G_LIST_MODEL (self), n_listeners + position, removed, added);
}

static void
se_workspace_class_init (SeWorkspaceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = se_workspace_finalize;
}

static void
se_workspace_init (SeWorkspace *self)
{
  self->listeners = g_ptr_array_new_with_free_func ((GDestroyNotify) se_workspace_listener_free);
  self->clients = g_ptr_array_new_with_free_func ((GDestroyNotify) se_workspace_client_free);
  self->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) se_workspace_message_free);
  self->listener_proxies = g_list_store_new (SE_TYPE_LISTENER_PROXY);
  self->client_proxies = g_list_store_new (SE_TYPE_CLIENT_PROXY);
  g_signal_connect_object (self->listener_proxies, "items-changed",
                           G_CALLBACK (listener_proxies_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->client_proxies, "items-changed",
                           G_CALLBACK (client_proxies_changed_cb), self, G_CONNECT_SWAPPED);
}

SeWorkspace *
se_workspace_new (void)
{
  return g_object_new (SE_TYPE_WORKSPACE, NULL);
}

SeWorkspaceListener *
se_workspace_add_listener (SeWorkspace *self,
                           const char  *endpoint,
                           const char  *responder)
{
  SeWorkspaceListener *item;

  g_return_val_if_fail (SE_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (endpoint != NULL, NULL);

  item = g_new0 (SeWorkspaceListener, 1);
  item->endpoint = g_strdup (endpoint);
  item->responder = g_strdup (responder != NULL ? responder : "none");
  item->backlog = SE_LISTENER_DEFAULT_BACKLOG;
  item->max_connections = SE_LISTENER_DEFAULT_MAX_CONNECTIONS;
  item->receive_buffer = SE_LISTENER_DEFAULT_RECEIVE_BUFFER;
  item->read_size = SE_CONNECTION_READ_SIZE_DEFAULT;
  item->encoding = g_strdup ("utf-8");
  item->relay_idle_timeout_ms = SE_RELAY_DEFAULT_IDLE_TIMEOUT_MS;
  g_ptr_array_add (self->listeners, item);

  return item;
}

SeWorkspaceClient *
se_workspace_add_client (SeWorkspace *self,
                         const char  *endpoint)
{
  SeWorkspaceClient *item;

  g_return_val_if_fail (SE_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (endpoint != NULL, NULL);

  item = g_new0 (SeWorkspaceClient, 1);
  item->endpoint = g_strdup (endpoint);
  item->connect_timeout = 5000;
  item->read_size = SE_CONNECTION_READ_SIZE_DEFAULT;
  item->encoding = g_strdup ("utf-8");
  g_ptr_array_add (self->clients, item);

  return item;
}

SeWorkspaceMessage *
se_workspace_add_message (SeWorkspace *self,
                          const char  *name,
                          const char  *data,
                          gboolean     hex,
                          SeEol        eol)
{
  SeWorkspaceMessage *item;

  g_return_val_if_fail (SE_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (name != NULL && data != NULL, NULL);

  item = g_new0 (SeWorkspaceMessage, 1);
  item->name = g_strdup (name);
  item->data = g_strdup (data);
  item->hex = hex;
  item->eol = eol;
  g_ptr_array_add (self->messages, item);

  return item;
}

GPtrArray *
se_workspace_get_listeners (SeWorkspace *self)
{
  g_return_val_if_fail (SE_IS_WORKSPACE (self), NULL);
  return self->listeners;
}

GPtrArray *
se_workspace_get_clients (SeWorkspace *self)
{
  g_return_val_if_fail (SE_IS_WORKSPACE (self), NULL);
  return self->clients;
}

GPtrArray *
se_workspace_get_messages (SeWorkspace *self)
{
  g_return_val_if_fail (SE_IS_WORKSPACE (self), NULL);
  return self->messages;
}

JsonNode *
se_workspace_get_filters (SeWorkspace *self)
{
  g_return_val_if_fail (SE_IS_WORKSPACE (self), NULL);
  return self->filters;
}

void
se_workspace_set_filters (SeWorkspace *self,
                          JsonNode    *filters)
{
  g_return_if_fail (SE_IS_WORKSPACE (self));
  g_return_if_fail (filters == NULL || JSON_NODE_HOLDS_OBJECT (filters));

  g_clear_pointer (&self->filters, json_node_unref);
  if (filters != NULL)
    self->filters = json_node_copy (filters);
}

/* What is open */

void
se_workspace_append_listener_proxy (SeWorkspace     *self,
                                    SeListenerProxy *listener)
{
  g_return_if_fail (SE_IS_WORKSPACE (self));
  g_return_if_fail (SE_IS_LISTENER_PROXY (listener));

  g_list_store_append (self->listener_proxies, listener);
}

void
se_workspace_append_client_proxy (SeWorkspace   *self,
                                  SeClientProxy *client)
{
  g_return_if_fail (SE_IS_WORKSPACE (self));
  g_return_if_fail (SE_IS_CLIENT_PROXY (client));

  g_list_store_append (self->client_proxies, client);
}

gboolean
se_workspace_remove_proxy (SeWorkspace *self,
                           gpointer     proxy)
{
  guint position;

  g_return_val_if_fail (SE_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (G_IS_OBJECT (proxy), FALSE);

  if (SE_IS_LISTENER_PROXY (proxy) && g_list_store_find (self->listener_proxies, proxy, &position))
    g_list_store_remove (self->listener_proxies, position);
  else if (SE_IS_CLIENT_PROXY (proxy) && g_list_store_find (self->client_proxies, proxy, &position))
    g_list_store_remove (self->client_proxies, position);
  else
    return FALSE;

  return TRUE;
}

gboolean
se_workspace_find_proxy (SeWorkspace *self,
                         gpointer     proxy,
                         guint       *position)
{
  guint found;

  g_return_val_if_fail (SE_IS_WORKSPACE (self), FALSE);

  if (SE_IS_LISTENER_PROXY (proxy) && g_list_store_find (self->listener_proxies, proxy, &found))
    {
      if (position != NULL)
        *position = found;
      return TRUE;
    }
  if (SE_IS_CLIENT_PROXY (proxy) && g_list_store_find (self->client_proxies, proxy, &found))
    {
      if (position != NULL)
        *position = g_list_model_get_n_items (G_LIST_MODEL (self->listener_proxies)) + found;
      return TRUE;
    }

  return FALSE;
}

GListModel *
se_workspace_get_listener_proxies (SeWorkspace *self)
{
  g_return_val_if_fail (SE_IS_WORKSPACE (self), NULL);
  return G_LIST_MODEL (self->listener_proxies);
}

GListModel *
se_workspace_get_client_proxies (SeWorkspace *self)
{
  g_return_val_if_fail (SE_IS_WORKSPACE (self), NULL);
  return G_LIST_MODEL (self->client_proxies);
}

/* Reading */

typedef struct
{
  GHashTable *lines;   /* JsonNode of an array element -> its line */
  GError    **error;
} Reader;

static void
array_element_cb (JsonParser *parser,
                  JsonArray  *array,
                  int         index,
                  Reader     *reader)
{
  g_hash_table_insert (reader->lines, json_array_get_element (array, index),
                       GUINT_TO_POINTER (json_parser_get_current_line (parser)));
}

/* "line 7: listener 2: …" */
static gboolean
item_error (Reader     *reader,
            JsonNode   *node,
            const char *what,
            guint       number,
            const char *message)
{
  guint line = GPOINTER_TO_UINT (g_hash_table_lookup (reader->lines, node));

  /* Translators: a problem in a workspace file, e.g. "line 7: listener 2: the endpoint is missing" */
  g_set_error (reader->error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
               _("line %u: %s %u: %s"), line, what, number, message);
  return FALSE;
}

static const char *
get_string (JsonObject *object,
            const char *name,
            const char *fallback,
            gboolean   *ok)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    return fallback;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);

  *ok = FALSE;
  return fallback;
}

static guint
get_uint (JsonObject *object,
          const char *name,
          guint       fallback,
          guint       max,
          gboolean   *ok)
{
  JsonNode *node = json_object_get_member (object, name);
  gint64 value;

  if (node == NULL)
    return fallback;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      *ok = FALSE;
      return fallback;
    }
  value = json_node_get_int (node);
  if (value < 0 || (guint64) value > max)
    {
      *ok = FALSE;
      return fallback;
    }
  return (guint) value;
}

static gboolean
get_bool (JsonObject *object,
          const char *name,
          gboolean    fallback,
          gboolean   *ok)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    return fallback;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);

  *ok = FALSE;
  return fallback;
}

static JsonArray *
get_array (JsonObject  *root,
           const char  *name,
           GError     **error)
{
  JsonNode *node = json_object_get_member (root, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      /* Translators: %s is a member of the file, e.g. "listeners" */
      g_set_error (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
                   _("“%s” must be a list ([ … ])"), name);
      return NULL;
    }
  return json_node_get_array (node);
}

static gboolean
read_listener (SeWorkspace *self,
               Reader      *reader,
               JsonNode    *node,
               guint        number)
{
  SeWorkspaceListener *item;
  g_autoptr(SeEndpoint) endpoint = NULL;
  g_autoptr(SeResponder) responder = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  const char *endpoint_text, *responder_text;
  gboolean ok = TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return item_error (reader, node, _("listener"), number, _("not an object ({ … })"));
  object = json_node_get_object (node);

  endpoint_text = get_string (object, "endpoint", NULL, &ok);
  if (endpoint_text == NULL)
    return item_error (reader, node, _("listener"), number, _("the endpoint is missing"));
  endpoint = se_endpoint_parse (endpoint_text, &error);
  if (endpoint == NULL)
    return item_error (reader, node, _("listener"), number, error->message);
  responder_text = get_string (object, "responder", "none", &ok);
  responder = se_responder_parse (responder_text, &error);
  if (responder == NULL)
    return item_error (reader, node, _("listener"), number, error->message);

  item = se_workspace_add_listener (self, endpoint_text, responder_text);
  item->backlog = get_uint (object, "backlog", item->backlog, 65535, &ok);
  item->max_connections = get_uint (object, "max-connections", item->max_connections, G_MAXUINT, &ok);
  item->idle_timeout = get_uint (object, "idle-timeout", item->idle_timeout, G_MAXUINT / 4, &ok);
  item->receive_buffer = get_uint (object, "receive-buffer", item->receive_buffer, G_MAXINT / 2, &ok);
  item->read_size = get_uint (object, "read-size", item->read_size, SE_CONNECTION_READ_SIZE_DEFAULT, &ok);
  g_free (item->encoding);
  item->encoding = g_strdup (get_string (object, "encoding", "utf-8", &ok));
  item->relay_to = g_strdup (get_string (object, "relay", NULL, &ok));
  item->relay_idle_timeout_ms = get_uint (object, "relay-idle-timeout", item->relay_idle_timeout_ms,
                                          86400 * 1000, &ok);
  if (!ok || item->backlog == 0 || item->read_size == 0)
    return item_error (reader, node, _("listener"), number,
                       _("a value has the wrong type or is out of range (backlog 1–65535, read size 1–65536, numbers not negative)"));
  if (item->relay_to != NULL)
    {
      g_autoptr(SeEndpoint) target = se_endpoint_parse (item->relay_to, &error);

      if (target == NULL)
        return item_error (reader, node, _("listener"), number, error->message);
      if (se_endpoint_is_stream (target) != se_endpoint_is_stream (endpoint))
        return item_error (reader, node, _("listener"), number,
                           _("a relay joins like with like: a stream listener to a stream target, a datagram listener to a datagram target"));
    }
  if (json_object_has_member (object, "rules"))
    {
      item->rules = se_rule_set_new_from_json (json_object_get_member (object, "rules"), &error);
      if (item->rules == NULL)
        return item_error (reader, node, _("listener"), number, error->message);
    }

  return TRUE;
}

static gboolean
read_client (SeWorkspace *self,
             Reader      *reader,
             JsonNode    *node,
             guint        number)
{
  SeWorkspaceClient *item;
  g_autoptr(SeEndpoint) endpoint = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  const char *endpoint_text;
  gboolean ok = TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return item_error (reader, node, _("client"), number, _("not an object ({ … })"));
  object = json_node_get_object (node);

  endpoint_text = get_string (object, "endpoint", NULL, &ok);
  if (endpoint_text == NULL)
    return item_error (reader, node, _("client"), number, _("the endpoint is missing"));
  endpoint = se_endpoint_parse (endpoint_text, &error);
  if (endpoint == NULL)
    return item_error (reader, node, _("client"), number, error->message);

  item = se_workspace_add_client (self, endpoint_text);
  item->connect_timeout = get_uint (object, "connect-timeout", item->connect_timeout, G_MAXINT32, &ok);
  item->read_size = get_uint (object, "read-size", item->read_size, SE_CONNECTION_READ_SIZE_DEFAULT, &ok);
  item->nodelay = get_bool (object, "nodelay", item->nodelay, &ok);
  g_free (item->encoding);
  item->encoding = g_strdup (get_string (object, "encoding", "utf-8", &ok));
  if (!ok || item->read_size == 0)
    return item_error (reader, node, _("client"), number,
                       _("a value has the wrong type or is out of range (read size 1–65536, numbers not negative, nodelay true or false)"));
  if (json_object_has_member (object, "rules"))
    {
      item->rules = se_rule_set_new_from_json (json_object_get_member (object, "rules"), &error);
      if (item->rules == NULL)
        return item_error (reader, node, _("client"), number, error->message);
    }

  return TRUE;
}

static gboolean
read_message (SeWorkspace *self,
              Reader      *reader,
              JsonNode    *node,
              guint        number)
{
  JsonObject *object;
  JsonNode *hex_node;
  SeWorkspaceMessage *item;
  const char *name, *data, *eol_text, *encoding, *target;
  gboolean ok = TRUE;
  gboolean hex = FALSE;
  SeEol eol = SE_EOL_NONE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return item_error (reader, node, _("message"), number, _("not an object ({ … })"));
  object = json_node_get_object (node);

  name = get_string (object, "name", NULL, &ok);
  data = get_string (object, "data", NULL, &ok);
  eol_text = get_string (object, "eol", "none", &ok);
  encoding = get_string (object, "encoding", NULL, &ok);
  target = get_string (object, "target", NULL, &ok);
  hex_node = json_object_get_member (object, "hex");
  if (hex_node != NULL)
    {
      if (JSON_NODE_HOLDS_VALUE (hex_node) && json_node_get_value_type (hex_node) == G_TYPE_BOOLEAN)
        hex = json_node_get_boolean (hex_node);
      else
        ok = FALSE;
    }
  if (!ok || name == NULL || data == NULL || !se_eol_from_string (eol_text, &eol))
    return item_error (reader, node, _("message"), number,
                       _("a message needs a “name” and “data” (text), “hex” true or false, and “eol” none, lf or crlf"));

  if (target != NULL && target[0] != '\0')
    {
      g_autoptr(SeEndpoint) endpoint = NULL;
      g_autoptr(GError) error = NULL;

      endpoint = se_endpoint_parse (target, &error);
      if (endpoint == NULL)
        return item_error (reader, node, _("message"), number, error->message);
    }

  item = se_workspace_add_message (self, name, data, hex, eol);
  item->encoding = g_strdup (encoding);
  item->target = target != NULL && target[0] != '\0' ? g_strdup (target) : NULL;
  return TRUE;
}

/* Whether nothing but white space follows the token json-glib stopped at
 * (line and column from 1): then the file was cut short, whatever the
 * parser says it expected there. */
static gboolean
ends_after (const char *data,
            gsize       length,
            guint       line,
            guint       column)
{
  gsize i = 0;

  for (guint l = 1; l < line && i < length; i++)
    if (data[i] == '\n')
      l++;
  i += column > 0 ? column : 1;   /* past the token's first character */
  for (; i < length; i++)
    if (!g_ascii_isspace (data[i]))
      return FALSE;
  return TRUE;
}

/* Whether the file stops inside a string ("backl): json-glib then
 * names the token before the string, not the end. If so, *line and
 * *column (from 1) become where the file ends. */
static gboolean
ends_inside_string (const char *data,
                    gsize       length,
                    guint      *line,
                    guint      *column)
{
  gboolean in_string = FALSE;
  guint l = 1, c = 0;

  for (gsize i = 0; i < length; i++)
    {
      if (data[i] == '\n')
        {
          l++;
          c = 0;
          continue;
        }
      c++;
      if (in_string && data[i] == '\\' && i + 1 < length && data[i + 1] != '\n')
        {
          i++;
          c++;
        }
      else if (data[i] == '"')
        in_string = !in_string;
    }
  if (!in_string)
    return FALSE;
  *line = l;
  *column = c;
  return TRUE;
}

/* json-glib says "<data>:LINE:COLUMN: Parse error: …", and for a file cut
 * short often names the last token it saw ("unexpected character `{'");
 * the person who edited the file wants the line and column in words, and
 * a cut-short file called that. */
static void
set_parse_error (GError       **error,
                 const GError  *parse_error,
                 const char    *data,
                 gsize          length)
{
  unsigned int line, column;
  int consumed = 0;

  if (sscanf (parse_error->message, "<data>:%u:%u: %n", &line, &column, &consumed) != 2 ||
      consumed == 0)
    g_set_error (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
                 _("Not a workspace file (broken JSON): %s"), parse_error->message);
  else if (ends_after (data, length, line, column) ||
           ends_inside_string (data, length, &line, &column))
    /* Translators: a workspace file that stops in the middle */
    g_set_error (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
                 _("Not a workspace file (broken JSON): line %u, column %u: the file ends "
                   "there, in the middle (cut short?)"), line, column);
  else
    /* Translators: where a workspace file is not valid JSON, then
     * json-glib's (English) description */
    g_set_error (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
                 _("Not a workspace file (broken JSON): line %u, column %u: %s"),
                 line, column, parse_error->message + consumed);
}

SeWorkspace *
se_workspace_new_from_data (const char  *data,
                            gssize       length,
                            GError     **error)
{
  return _se_workspace_new_from_data_full (data, length, FALSE, error);
}

/* messages_file: also take a saved-messages file (se-message-library.c),
 * whose "format" is "socket-explorer-messages"; the rest is the same. */
SeWorkspace *
_se_workspace_new_from_data_full (const char  *data,
                                  gssize       length,
                                  gboolean     messages_file,
                                  GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) lines = g_hash_table_new (NULL, NULL);
  g_autoptr(SeWorkspace) self = NULL;
  g_autoptr(GError) parse_error = NULL;
  Reader reader = { lines, error };
  JsonObject *root;
  JsonNode *version, *format, *filters;
  static const struct {
    const char *member;
    gboolean  (*read) (SeWorkspace *, Reader *, JsonNode *, guint);
  } lists[] = {
    { "listeners", read_listener },
    { "clients", read_client },
    { "messages", read_message },
  };

  g_return_val_if_fail (data != NULL, NULL);

  g_signal_connect (parser, "array-element", G_CALLBACK (array_element_cb), &reader);
  if (!json_parser_load_from_data (parser, data, length, &parse_error))
    {
      set_parse_error (error, parse_error, data,
                       length >= 0 ? (gsize) length : strlen (data));
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
                           _("Not a workspace file: it is not a JSON object"));
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));

  format = json_object_get_member (root, "format");
  if (format == NULL || !JSON_NODE_HOLDS_VALUE (format) ||
      json_node_get_value_type (format) != G_TYPE_STRING ||
      (g_strcmp0 (json_node_get_string (format), SE_WORKSPACE_FORMAT) != 0 &&
       (!messages_file || g_strcmp0 (json_node_get_string (format), "socket-explorer-messages") != 0)))
    {
      if (messages_file)
        {
          g_set_error (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
                       _("Not a saved-messages file: “format” is not “%s”"), "socket-explorer-messages");
          return NULL;
        }
      g_set_error (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
                   _("Not a workspace file: “format” is not “%s”"), SE_WORKSPACE_FORMAT);
      return NULL;
    }
  version = json_object_get_member (root, "version");
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) ||
      json_node_get_value_type (version) != G_TYPE_INT64 || json_node_get_int (version) < 1)
    {
      g_set_error_literal (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
                           _("Not a workspace file: its “version” is missing"));
      return NULL;
    }
  if (json_node_get_int (version) > SE_WORKSPACE_VERSION)
    {
      /* Translators: %d is a version number */
      g_set_error (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
                   _("This workspace was made by a newer Socket Explorer (version %d); update the app to open it"),
                   (int) json_node_get_int (version));
      return NULL;
    }

  self = se_workspace_new ();
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      JsonArray *array = get_array (root, lists[l].member, error);

      if (array == NULL && error != NULL && *error != NULL)
        return NULL;
      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        if (!lists[l].read (self, &reader, json_array_get_element (array, i), i + 1))
          return NULL;
    }

  filters = json_object_get_member (root, "filters");
  if (filters != NULL && JSON_NODE_HOLDS_OBJECT (filters))
    self->filters = json_node_copy (filters);

  return g_steal_pointer (&self);
}

SeWorkspace *
se_workspace_new_from_file (GFile         *file,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  SeWorkspace *self;
  gsize length;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, error))
    return NULL;

  self = se_workspace_new_from_data (contents, (gssize) length, &local_error);
  if (self == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      /* Translators: the file's name, then what is wrong with it */
      g_set_error (error, local_error->domain, local_error->code, _("%s: %s"), name, local_error->message);
    }

  return self;
}

/* Writing */

char *
se_workspace_to_data (SeWorkspace *self,
                      gsize       *length)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  char *data;

  g_return_val_if_fail (SE_IS_WORKSPACE (self), NULL);

  json_builder_begin_object (builder);
  se_json_builder_add_member_string (builder, "format", SE_WORKSPACE_FORMAT);
  se_json_builder_add_member_int (builder, "version", SE_WORKSPACE_VERSION);

  json_builder_set_member_name (builder, "listeners");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->listeners->len; i++)
    {
      SeWorkspaceListener *item = g_ptr_array_index (self->listeners, i);

      json_builder_begin_object (builder);
      se_json_builder_add_member_string (builder, "endpoint", item->endpoint);
      se_json_builder_add_member_string (builder, "responder", item->responder);
      se_json_builder_add_member_int (builder, "backlog", item->backlog);
      se_json_builder_add_member_int (builder, "max-connections", item->max_connections);
      se_json_builder_add_member_int (builder, "idle-timeout", item->idle_timeout);
      se_json_builder_add_member_int (builder, "receive-buffer", item->receive_buffer);
      se_json_builder_add_member_int (builder, "read-size", item->read_size);
      se_json_builder_add_member_string (builder, "encoding", item->encoding);
      if (item->relay_to != NULL)
        {
          se_json_builder_add_member_string (builder, "relay", item->relay_to);
          se_json_builder_add_member_int (builder, "relay-idle-timeout", item->relay_idle_timeout_ms);
        }
      if (item->rules != NULL && se_rule_set_get_n_rules (item->rules) > 0)
        {
          json_builder_set_member_name (builder, "rules");
          se_rule_set_to_json (item->rules, builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "clients");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->clients->len; i++)
    {
      SeWorkspaceClient *item = g_ptr_array_index (self->clients, i);

      json_builder_begin_object (builder);
      se_json_builder_add_member_string (builder, "endpoint", item->endpoint);
      se_json_builder_add_member_int (builder, "connect-timeout", item->connect_timeout);
      se_json_builder_add_member_int (builder, "read-size", item->read_size);
      json_builder_set_member_name (builder, "nodelay");
      json_builder_add_boolean_value (builder, item->nodelay);
      se_json_builder_add_member_string (builder, "encoding", item->encoding);
      if (item->rules != NULL && se_rule_set_get_n_rules (item->rules) > 0)
        {
          json_builder_set_member_name (builder, "rules");
          se_rule_set_to_json (item->rules, builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->messages->len; i++)
    {
      SeWorkspaceMessage *item = g_ptr_array_index (self->messages, i);

      json_builder_begin_object (builder);
      se_json_builder_add_member_string (builder, "name", item->name);
      se_json_builder_add_member_string (builder, "data", item->data);
      json_builder_set_member_name (builder, "hex");
      json_builder_add_boolean_value (builder, item->hex);
      se_json_builder_add_member_string (builder, "eol", se_eol_to_string (item->eol));
      if (item->encoding != NULL && g_strcmp0 (item->encoding, "utf-8") != 0)
        se_json_builder_add_member_string (builder, "encoding", item->encoding);
      if (item->target != NULL)
        se_json_builder_add_member_string (builder, "target", item->target);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (self->filters != NULL)
    {
      json_builder_set_member_name (builder, "filters");
      json_builder_add_value (builder, json_node_copy (self->filters));
    }
  json_builder_end_object (builder);

  /* Pretty: a teacher may read or edit the file by hand. */
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  data = json_generator_to_data (generator, length);

  return data;
}

gboolean
se_workspace_save_file (SeWorkspace   *self,
                        GFile         *file,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (SE_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  data = se_workspace_to_data (self, &length);
  /* GIO's safe save: a temporary file next to it, renamed over it;
   * REPLACE_DESTINATION replaces a symbolic link instead of following
   * it, PRIVATE makes it 0600. */
  return g_file_replace_contents (file, data, length, NULL, FALSE,
                                  G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                  NULL, cancellable, error);
}

/* Listeners */

SeListener *
se_workspace_listener_create (const SeWorkspaceListener  *item,
                              SeTrafficLog               *log,
                              GError                    **error)
{
  g_autoptr(SeEndpoint) endpoint = NULL;
  g_autoptr(SeResponder) responder = NULL;
  SeListener *listener;

  g_return_val_if_fail (item != NULL, NULL);
  g_return_val_if_fail (SE_IS_TRAFFIC_LOG (log), NULL);

  endpoint = se_endpoint_parse (item->endpoint, error);
  if (endpoint == NULL)
    return NULL;
  responder = se_responder_parse (item->responder, error);
  if (responder == NULL)
    return NULL;

  listener = se_listener_new (endpoint, responder, log);
  se_listener_set_backlog (listener, item->backlog);
  se_listener_set_max_connections (listener, item->max_connections);
  se_listener_set_idle_timeout (listener, item->idle_timeout);
  se_listener_set_receive_buffer (listener, item->receive_buffer);
  se_listener_set_read_size (listener, item->read_size);
  if (item->relay_to != NULL)
    {
      g_autoptr(SeEndpoint) target = se_endpoint_parse (item->relay_to, error);
      g_autoptr(SeRelay) relay = NULL;

      if (target != NULL)
        relay = se_relay_attach (listener, target, error);
      if (relay == NULL)
        {
          g_object_unref (listener);
          return NULL;
        }
      se_relay_set_idle_timeout_ms (relay, item->relay_idle_timeout_ms);
    }
  se_listener_set_rules (listener, item->rules);

  return listener;
}

SeWorkspaceListener *
se_workspace_listener_new_from (SeListener *listener,
                                SeEndpoint *asked)
{
  SeWorkspaceListener *item;

  g_return_val_if_fail (SE_IS_LISTENER (listener), NULL);

  item = g_new0 (SeWorkspaceListener, 1);
  item->endpoint = se_endpoint_to_string (asked != NULL ? asked : se_listener_get_endpoint (listener));
  item->responder = se_responder_to_string (se_listener_get_responder (listener));
  item->backlog = se_listener_get_backlog (listener);
  item->max_connections = se_listener_get_max_connections (listener);
  item->idle_timeout = se_listener_get_idle_timeout (listener);
  item->receive_buffer = se_listener_get_receive_buffer (listener);
  item->read_size = se_listener_get_read_size (listener);
  item->encoding = g_strdup ("utf-8");
  item->relay_idle_timeout_ms = SE_RELAY_DEFAULT_IDLE_TIMEOUT_MS;
  if (se_relay_get_for_listener (listener) != NULL)
    {
      SeRelay *relay = se_relay_get_for_listener (listener);

      item->relay_to = se_endpoint_to_string (se_relay_get_target (relay));
      item->relay_idle_timeout_ms = se_relay_get_idle_timeout_ms (relay);
    }
  if (se_listener_get_rules (listener) != NULL)
    item->rules = se_rule_set_ref (se_listener_get_rules (listener));

  return item;
}
