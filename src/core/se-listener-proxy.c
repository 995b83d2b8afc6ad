/* se-listener-proxy.c: an SeListener of the network thread, seen from the GUI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Besides the mirrored properties, the listener's two list models
 * (connections, peers) are mirrored as GListStores of proxies: each
 * items-changed of the target's is replayed on the owner's thread, in
 * order, with the proxies of the added items.
 */
#include "config.h"

#include "se-connection-proxy.h"
#include "se-listener-proxy.h"
#include "se-peer-proxy.h"
#include "se-relay.h"
#include "se-proxy-private.h"

struct _SeListenerProxy
{
  SeProxy     parent_instance;

  GListStore *connections;  /* SeConnectionProxy */
  GListStore *peers;        /* SePeerProxy */

  SeEndpoint *relay_target;  /* NULL unless the listener relays (se-relay.h) */
  guint       relay_idle_timeout_ms;
};

G_DEFINE_FINAL_TYPE (SeListenerProxy, se_listener_proxy, SE_TYPE_PROXY)

static guint prop_endpoint, prop_responder, prop_running, prop_id, prop_backlog,
             prop_max_connections, prop_idle_timeout, prop_read_size, prop_rules,
             prop_tls_fingerprint, prop_tls_cert_file, prop_tls_key_file;

#define VALUE(self, prop) _se_proxy_get_value (SE_PROXY (self), prop)
#define TARGET(self) SE_LISTENER (_se_proxy_get_target (SE_PROXY (self)))
#define NETWORK(self) _se_proxy_get_network (SE_PROXY (self))

/* Lists */

typedef struct
{
  gboolean   peers;
  guint      position;
  guint      removed;
  GPtrArray *added;    /* proxies */
} Splice;

static void
splice_free (gpointer data)
{
  Splice *splice = data;

  g_ptr_array_unref (splice->added);
  g_free (splice);
}

static void
apply_splice (SeProxy  *proxy,
              gpointer  data)
{
  SeListenerProxy *self = SE_LISTENER_PROXY (proxy);
  Splice *splice = data;

  g_list_store_splice (splice->peers ? self->peers : self->connections,
                       splice->position, splice->removed,
                       splice->added->pdata, splice->added->len);
}

static void
post_splice (SeProxyLink *link,
             GListModel  *model,
             gboolean     peers,
             guint        position,
             guint        removed,
             guint        added)
{
  g_autoptr(SeProxy) proxy = _se_proxy_link_dup_proxy (link);
  SeNetwork *network = _se_proxy_link_get_network (link);
  Splice *splice;

  if (proxy == NULL)
    return;

  splice = g_new (Splice, 1);
  splice->peers = peers;
  splice->position = position;
  splice->removed = removed;
  splice->added = g_ptr_array_new_full (added, g_object_unref);
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, position + i);

      g_ptr_array_add (splice->added, _se_network_ensure_proxy (network, item));
    }

  _se_network_post (network, proxy, 0, apply_splice, splice, splice_free);
}

static void
connections_changed_cb (GListModel  *model,
                        guint        position,
                        guint        removed,
                        guint        added,
                        SeProxyLink *link)
{
  post_splice (link, model, FALSE, position, removed, added);
}

static void
peers_changed_cb (GListModel  *model,
                  guint        position,
                  guint        removed,
                  guint        added,
                  SeProxyLink *link)
{
  post_splice (link, model, TRUE, position, removed, added);
}

static void
se_listener_proxy_attach (GObject     *target,
                          SeProxyLink *link)
{
  GListModel *connections = se_listener_get_connections (SE_LISTENER (target));
  GListModel *peers = se_listener_get_peers (SE_LISTENER (target));

  /* The models live as long as the listener, which outlives the link. */
  g_signal_connect (connections, "items-changed", G_CALLBACK (connections_changed_cb), link);
  g_signal_connect (peers, "items-changed", G_CALLBACK (peers_changed_cb), link);

  if (g_list_model_get_n_items (connections) > 0)
    post_splice (link, connections, FALSE, 0, 0, g_list_model_get_n_items (connections));
  if (g_list_model_get_n_items (peers) > 0)
    post_splice (link, peers, TRUE, 0, 0, g_list_model_get_n_items (peers));
}

static void
se_listener_proxy_finalize (GObject *object)
{
  SeListenerProxy *self = SE_LISTENER_PROXY (object);

  g_clear_object (&self->connections);
  g_clear_object (&self->peers);
  g_clear_pointer (&self->relay_target, se_endpoint_unref);

  G_OBJECT_CLASS (se_listener_proxy_parent_class)->finalize (object);
}

static void
se_listener_proxy_class_init (SeListenerProxyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SeProxyClass *proxy_class = SE_PROXY_CLASS (klass);

  object_class->finalize = se_listener_proxy_finalize;
  proxy_class->attach = se_listener_proxy_attach;

  /* The items of its lists are proxies of these: their classes (which
   * register the types they stand for) exist before the network thread
   * makes any. */
  g_type_class_unref (g_type_class_ref (SE_TYPE_CONNECTION_PROXY));
  g_type_class_unref (g_type_class_ref (SE_TYPE_PEER_PROXY));
  _se_proxy_class_mirror (proxy_class, SE_TYPE_LISTENER);
  prop_endpoint = _se_proxy_class_find (proxy_class, "endpoint");
  prop_responder = _se_proxy_class_find (proxy_class, "responder");
  prop_running = _se_proxy_class_find (proxy_class, "running");
  prop_id = _se_proxy_class_find (proxy_class, "id");
  prop_backlog = _se_proxy_class_find (proxy_class, "backlog");
  prop_max_connections = _se_proxy_class_find (proxy_class, "max-connections");
  prop_idle_timeout = _se_proxy_class_find (proxy_class, "idle-timeout");
  prop_read_size = _se_proxy_class_find (proxy_class, "read-size");
  prop_tls_fingerprint = _se_proxy_class_find (proxy_class, "tls-fingerprint");
  prop_tls_cert_file = _se_proxy_class_find (proxy_class, "tls-cert-file");
  prop_tls_key_file = _se_proxy_class_find (proxy_class, "tls-key-file");
  prop_rules = _se_proxy_class_find (proxy_class, "rules");
}

static void
se_listener_proxy_init (SeListenerProxy *self)
{
  self->connections = g_list_store_new (SE_TYPE_CONNECTION_PROXY);
  self->peers = g_list_store_new (SE_TYPE_PEER_PROXY);
}

/* Making one */

typedef struct
{
  SeNetwork       *network;
  SeEndpoint      *endpoint;
  SeResponder     *responder;
  SeTrafficLog    *log;
  SeListenerProxy *proxy;
} Create;

static void
create_func (gpointer data)
{
  Create *create = data;
  g_autoptr(SeListener) listener = se_listener_new (create->endpoint, create->responder, create->log);

  create->proxy = _se_network_ensure_proxy (create->network, G_OBJECT (listener));
}

SeListenerProxy *
se_listener_proxy_new (SeNetwork    *network,
                       SeEndpoint   *endpoint,
                       SeResponder  *responder,
                       SeTrafficLog *log)
{
  Create create = { network, endpoint, responder, log, NULL };

  g_return_val_if_fail (SE_IS_NETWORK (network), NULL);
  g_return_val_if_fail (endpoint != NULL, NULL);
  g_return_val_if_fail (SE_IS_TRAFFIC_LOG (log), NULL);

  /* The class is made here, before the network thread makes the proxy */
  g_type_class_unref (g_type_class_ref (SE_TYPE_LISTENER_PROXY));
  se_network_call (network, create_func, &create);

  return create.proxy;
}

/* Values */

SeEndpoint *
se_listener_proxy_get_endpoint (SeListenerProxy *self)
{
  g_return_val_if_fail (SE_IS_LISTENER_PROXY (self), NULL);
  return g_value_get_boxed (VALUE (self, prop_endpoint));
}

SeResponder *
se_listener_proxy_get_responder (SeListenerProxy *self)
{
  g_return_val_if_fail (SE_IS_LISTENER_PROXY (self), NULL);
  return g_value_get_boxed (VALUE (self, prop_responder));
}

gboolean
se_listener_proxy_get_running (SeListenerProxy *self)
{
  g_return_val_if_fail (SE_IS_LISTENER_PROXY (self), FALSE);
  return g_value_get_boolean (VALUE (self, prop_running));
}

guint
se_listener_proxy_get_id (SeListenerProxy *self)
{
  g_return_val_if_fail (SE_IS_LISTENER_PROXY (self), 0);
  return g_value_get_uint (VALUE (self, prop_id));
}

guint
se_listener_proxy_get_backlog (SeListenerProxy *self)
{
  g_return_val_if_fail (SE_IS_LISTENER_PROXY (self), 0);
  return g_value_get_uint (VALUE (self, prop_backlog));
}

guint
se_listener_proxy_get_max_connections (SeListenerProxy *self)
{
  g_return_val_if_fail (SE_IS_LISTENER_PROXY (self), 0);
  return g_value_get_uint (VALUE (self, prop_max_connections));
}

guint
se_listener_proxy_get_read_size (SeListenerProxy *self)
{
  g_return_val_if_fail (SE_IS_LISTENER_PROXY (self), 0);
  return g_value_get_uint (VALUE (self, prop_read_size));
}

const char *
se_listener_proxy_get_tls_fingerprint (SeListenerProxy *self)
{
  g_return_val_if_fail (SE_IS_LISTENER_PROXY (self), NULL);
  return g_value_get_string (VALUE (self, prop_tls_fingerprint));
}

const char *
se_listener_proxy_get_tls_cert_file (SeListenerProxy *self)
{
  g_return_val_if_fail (SE_IS_LISTENER_PROXY (self), NULL);
  return g_value_get_string (VALUE (self, prop_tls_cert_file));
}

const char *
se_listener_proxy_get_tls_key_file (SeListenerProxy *self)
{
  g_return_val_if_fail (SE_IS_LISTENER_PROXY (self), NULL);
  return g_value_get_string (VALUE (self, prop_tls_key_file));
}

guint
se_listener_proxy_get_idle_timeout (SeListenerProxy *self)
{
  g_return_val_if_fail (SE_IS_LISTENER_PROXY (self), 0);
  return g_value_get_uint (VALUE (self, prop_idle_timeout));
}

GListModel *
se_listener_proxy_get_connections (SeListenerProxy *self)
{
  g_return_val_if_fail (SE_IS_LISTENER_PROXY (self), NULL);
  return G_LIST_MODEL (self->connections);
}

GListModel *
se_listener_proxy_get_peers (SeListenerProxy *self)
{
  g_return_val_if_fail (SE_IS_LISTENER_PROXY (self), NULL);
  return G_LIST_MODEL (self->peers);
}

/* Commands */

typedef struct
{
  SeListener  *listener;
  guint        value;
  SeResponder *responder;
  SeEndpoint  *endpoint;
  SeRuleSet   *rules;
  const char  *peer;
  GBytes      *data;
  char       **strv;
  GTlsCertificate *certificate;
  const char  *cert_file;
  const char  *key_file;
  gboolean     ok;
  GError      *error;
} Command;

static void
set_relay_func (gpointer data)
{
  Command *command = data;
  g_autoptr(SeRelay) relay = se_relay_attach (command->listener, command->endpoint, &command->error);

  command->ok = relay != NULL;
  if (relay != NULL)
    se_relay_set_idle_timeout_ms (relay, command->value);
}

static void
set_backlog_func (gpointer data)
{
  Command *command = data;
  se_listener_set_backlog (command->listener, command->value);
}

static void
set_multicast_groups_func (gpointer data)
{
  Command *command = data;
  command->ok = se_listener_set_multicast_groups (command->listener,
                                                  (const char * const *) command->strv,
                                                  &command->error);
}

static void
set_max_connections_func (gpointer data)
{
  Command *command = data;
  se_listener_set_max_connections (command->listener, command->value);
}

static void
set_idle_timeout_func (gpointer data)
{
  Command *command = data;
  se_listener_set_idle_timeout (command->listener, command->value);
}

static void
set_read_size_func (gpointer data)
{
  Command *command = data;
  se_listener_set_read_size (command->listener, command->value);
}

static void
set_tls_certificate_func (gpointer data)
{
  Command *command = data;
  se_listener_set_tls_certificate (command->listener, command->certificate);
}

static void
set_tls_files_func (gpointer data)
{
  Command *command = data;
  se_listener_set_tls_files (command->listener, command->cert_file, command->key_file);
}

static void
set_responder_func (gpointer data)
{
  Command *command = data;
  se_listener_set_responder (command->listener, command->responder);
}

static void
set_rules_func (gpointer data)
{
  Command *command = data;
  se_listener_set_rules (command->listener, command->rules);
}

static void
stop_func (gpointer data)
{
  Command *command = data;
  se_listener_stop (command->listener);
}

static void
send_all_func (gpointer data)
{
  Command *command = data;
  command->ok = se_listener_send_all (command->listener, command->data, &command->error);
}

static void
send_to_func (gpointer data)
{
  Command *command = data;
  command->ok = se_listener_send_to (command->listener, command->peer, command->data, &command->error);
}

static gboolean
run (SeListenerProxy  *self,
     SeNetworkFunc     func,
     Command          *command,
     GError          **error)
{
  command->listener = TARGET (self);
  se_network_call (NETWORK (self), func, command);
  if (command->error != NULL)
    g_propagate_error (error, command->error);

  return command->ok;
}

gboolean
se_listener_proxy_set_multicast_groups (SeListenerProxy     *self,
                                        const char * const  *groups,
                                        GError             **error)
{
  Command command = { .strv = (char **) groups };

  g_return_val_if_fail (SE_IS_LISTENER_PROXY (self), FALSE);
  return run (self, set_multicast_groups_func, &command, error);
}

void
se_listener_proxy_set_backlog (SeListenerProxy *self,
                               guint            backlog)
{
  Command command = { .value = backlog };

  g_return_if_fail (SE_IS_LISTENER_PROXY (self));
  run (self, set_backlog_func, &command, NULL);
}

void
se_listener_proxy_set_max_connections (SeListenerProxy *self,
                                       guint            max_connections)
{
  Command command = { .value = max_connections };

  g_return_if_fail (SE_IS_LISTENER_PROXY (self));
  run (self, set_max_connections_func, &command, NULL);
}

void
se_listener_proxy_set_idle_timeout (SeListenerProxy *self,
                                    guint            seconds)
{
  Command command = { .value = seconds };

  g_return_if_fail (SE_IS_LISTENER_PROXY (self));
  run (self, set_idle_timeout_func, &command, NULL);
}

void
se_listener_proxy_set_read_size (SeListenerProxy *self,
                                 guint            read_size)
{
  Command command = { .value = read_size };

  g_return_if_fail (SE_IS_LISTENER_PROXY (self));
  run (self, set_read_size_func, &command, NULL);
}

/* tls://: the certificate to present (GTlsCertificate is thread-safe to
 * share), NULL for a self-signed one made at start. */
void
se_listener_proxy_set_tls_certificate (SeListenerProxy *self,
                                       GTlsCertificate *certificate)
{
  Command command = { .certificate = certificate };

  g_return_if_fail (SE_IS_LISTENER_PROXY (self));
  run (self, set_tls_certificate_func, &command, NULL);
}

/* tls://: PEM files read by the network thread at each start */
void
se_listener_proxy_set_tls_files (SeListenerProxy *self,
                                 const char      *cert_file,
                                 const char      *key_file)
{
  Command command = { .cert_file = cert_file, .key_file = key_file };

  g_return_if_fail (SE_IS_LISTENER_PROXY (self));
  run (self, set_tls_files_func, &command, NULL);
}

void
se_listener_proxy_set_responder (SeListenerProxy *self,
                                 SeResponder     *responder)
{
  Command command = { .responder = responder };

  g_return_if_fail (SE_IS_LISTENER_PROXY (self));
  g_return_if_fail (responder != NULL);
  run (self, set_responder_func, &command, NULL);
}

/* Rules are immutable and reference-counted atomically: the network
 * thread may hold them while the GUI does too. */
void
se_listener_proxy_set_rules (SeListenerProxy *self,
                             SeRuleSet       *rules)
{
  Command command = { .rules = rules };

  g_return_if_fail (SE_IS_LISTENER_PROXY (self));
  run (self, set_rules_func, &command, NULL);
}

SeRuleSet *
se_listener_proxy_get_rules (SeListenerProxy *self)
{
  g_return_val_if_fail (SE_IS_LISTENER_PROXY (self), NULL);
  return g_value_get_boxed (VALUE (self, prop_rules));
}

void
se_listener_proxy_stop (SeListenerProxy *self)
{
  Command command = { 0 };

  g_return_if_fail (SE_IS_LISTENER_PROXY (self));
  run (self, stop_func, &command, NULL);
}

gboolean
se_listener_proxy_send_all (SeListenerProxy  *self,
                            GBytes           *data,
                            GError          **error)
{
  Command command = { .data = data };

  g_return_val_if_fail (SE_IS_LISTENER_PROXY (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  return run (self, send_all_func, &command, error);
}

gboolean
se_listener_proxy_send_to (SeListenerProxy  *self,
                           const char       *peer,
                           GBytes           *data,
                           GError          **error)
{
  Command command = { .peer = peer, .data = data };

  g_return_val_if_fail (SE_IS_LISTENER_PROXY (self), FALSE);
  g_return_val_if_fail (peer != NULL, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  return run (self, send_to_func, &command, error);
}

/* Starting: the owner's task is completed through the op queue, after
 * the values it changed (running, the bound endpoint). */

typedef struct
{
  GTask      *task;       /* the owner's */
  SeListener *listener;   /* a reference, let go of on the network thread */
  GError     *error;
} Start;

static void
start_free (gpointer data)
{
  Start *start = data;

  g_clear_object (&start->task);
  g_clear_error (&start->error);
  g_free (start);
}

static void
start_done (SeProxy  *proxy,
            gpointer  data)
{
  Start *start = data;

  if (start->error != NULL)
    g_task_return_error (start->task, g_steal_pointer (&start->error));
  else
    g_task_return_boolean (start->task, TRUE);
}

static void
started_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Start *start = user_data;
  SeProxy *proxy = g_task_get_source_object (start->task);

  se_listener_start_finish (SE_LISTENER (object), result, &start->error);
  g_clear_object (&start->listener);
  _se_network_post (_se_proxy_get_network (proxy), proxy, SE_POST_FLUSH | SE_POST_DEFERRED, start_done, start, start_free);
}

static void
start_func (gpointer data)
{
  Start *start = data;

  se_listener_start_async (start->listener, g_task_get_cancellable (start->task), started_cb, start);
}

void
se_listener_proxy_start_async (SeListenerProxy     *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Start *start;

  g_return_if_fail (SE_IS_LISTENER_PROXY (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  start = g_new0 (Start, 1);
  start->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (start->task, se_listener_proxy_start_async);
  start->listener = g_object_ref (TARGET (self));
  _se_network_invoke (NETWORK (self), start_func, start, NULL);
}

gboolean
se_listener_proxy_start_finish (SeListenerProxy  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (SE_IS_LISTENER_PROXY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
se_listener_proxy_set_relay (SeListenerProxy  *self,
                             SeEndpoint       *target,
                             guint             idle_timeout_ms,
                             GError          **error)
{
  Command command = { .endpoint = target, .value = idle_timeout_ms };

  g_return_val_if_fail (SE_IS_LISTENER_PROXY (self), FALSE);
  g_return_val_if_fail (target != NULL, FALSE);

  if (!run (self, set_relay_func, &command, error))
    return FALSE;

  g_clear_pointer (&self->relay_target, se_endpoint_unref);
  self->relay_target = se_endpoint_ref (target);
  self->relay_idle_timeout_ms = idle_timeout_ms;
  return TRUE;
}

SeEndpoint *
se_listener_proxy_get_relay_target (SeListenerProxy *self)
{
  g_return_val_if_fail (SE_IS_LISTENER_PROXY (self), NULL);
  return self->relay_target;
}

guint
se_listener_proxy_get_relay_idle_timeout_ms (SeListenerProxy *self)
{
  g_return_val_if_fail (SE_IS_LISTENER_PROXY (self), 0);
  return self->relay_idle_timeout_ms;
}
