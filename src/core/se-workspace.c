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
 * Reading it back, with errors that name the line: se-workspace-read.c.
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
  g_free (item->tls_cert);
  g_free (item->tls_key);
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
  g_free (item->tls_pin);
  g_free (item->tls_ca_file);
  g_clear_pointer (&item->rules, se_rule_set_unref);
  g_free (item->auto_send_data);
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
      if (item->tls_cert != NULL)
        se_json_builder_add_member_string (builder, "tls-cert", item->tls_cert);
      if (item->tls_key != NULL)
        se_json_builder_add_member_string (builder, "tls-key", item->tls_key);
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
      if (item->tls_insecure)
        {
          json_builder_set_member_name (builder, "tls-insecure");
          json_builder_add_boolean_value (builder, TRUE);
        }
      if (item->tls_pin != NULL)
        se_json_builder_add_member_string (builder, "tls-pin", item->tls_pin);
      if (item->tls_ca_file != NULL)
        se_json_builder_add_member_string (builder, "tls-ca-file", item->tls_ca_file);
      if (item->rules != NULL && se_rule_set_get_n_rules (item->rules) > 0)
        {
          json_builder_set_member_name (builder, "rules");
          se_rule_set_to_json (item->rules, builder);
        }
      if (item->auto_send_data != NULL)
        {
          json_builder_set_member_name (builder, "auto-send");
          json_builder_begin_object (builder);
          se_json_builder_add_member_string (builder, "data", item->auto_send_data);
          json_builder_set_member_name (builder, "hex");
          json_builder_add_boolean_value (builder, item->auto_send_hex);
          se_json_builder_add_member_string (builder, "eol", se_eol_to_string (item->auto_send_eol));
          se_json_builder_add_member_int (builder, "count", item->auto_send_count);
          se_json_builder_add_member_int (builder, "interval", item->auto_send_interval);
          json_builder_end_object (builder);
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
  se_listener_set_tls_files (listener, item->tls_cert, item->tls_key);
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
  g_object_get (listener, "tls-cert-file", &item->tls_cert, "tls-key-file", &item->tls_key, NULL);

  return item;
}
