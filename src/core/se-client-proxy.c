/* se-client-proxy.c: an SeClient of the network thread, seen from the GUI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "se-client-proxy.h"
#include "se-proxy-private.h"

struct _SeClientProxy
{
  SeProxy    parent_instance;

  SeRuleSet *rules;  /* as last set through the proxy (for workspaces) */
};

G_DEFINE_FINAL_TYPE (SeClientProxy, se_client_proxy, SE_TYPE_PROXY)

enum {
  RECEIVED,
  CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static guint prop_target, prop_id, prop_connection, prop_local, prop_connected,
             prop_connect_timeout, prop_bytes_sent, prop_datagrams_sent,
             prop_bytes_received, prop_datagrams_received, prop_read_size, prop_nodelay,
             prop_tls_insecure, prop_tls_pin, prop_tls_ca_file;

#define VALUE(self, prop) _se_proxy_get_value (SE_PROXY (self), prop)
#define TARGET(self) SE_CLIENT (_se_proxy_get_target (SE_PROXY (self)))
#define NETWORK(self) _se_proxy_get_network (SE_PROXY (self))

/* Signals, replayed in order with the values */

typedef struct
{
  GBytes *data;
  char   *from;
} Received;

static void
received_free (gpointer data)
{
  Received *received = data;

  g_bytes_unref (received->data);
  g_free (received->from);
  g_free (received);
}

static void
emit_received (SeProxy  *proxy,
               gpointer  data)
{
  Received *received = data;

  g_signal_emit (proxy, signals[RECEIVED], 0, received->data, received->from);
}

static void
emit_closed (SeProxy  *proxy,
             gpointer  data)
{
  g_signal_emit (proxy, signals[CLOSED], 0);
}

static void
target_received_cb (SeClient    *client,
                    GBytes      *data,
                    const char  *from,
                    SeProxyLink *link)
{
  g_autoptr(SeProxy) proxy = _se_proxy_link_dup_proxy (link);
  Received *received;

  if (proxy == NULL)
    return;

  received = g_new (Received, 1);
  received->data = g_bytes_ref (data);
  received->from = g_strdup (from);
  _se_network_post (_se_proxy_link_get_network (link), proxy, SE_POST_FLUSH | SE_POST_DEFERRED, emit_received, received, received_free);
}

static void
target_closed_cb (SeClient    *client,
                  SeProxyLink *link)
{
  g_autoptr(SeProxy) proxy = _se_proxy_link_dup_proxy (link);

  if (proxy != NULL)
    _se_network_post (_se_proxy_link_get_network (link), proxy, SE_POST_FLUSH | SE_POST_DEFERRED, emit_closed, NULL, NULL);
}

static void
se_client_proxy_attach (GObject     *target,
                        SeProxyLink *link)
{
  g_signal_connect (target, "received", G_CALLBACK (target_received_cb), link);
  g_signal_connect (target, "closed", G_CALLBACK (target_closed_cb), link);
}

static void
se_client_proxy_finalize (GObject *object)
{
  SeClientProxy *self = SE_CLIENT_PROXY (object);

  g_clear_pointer (&self->rules, se_rule_set_unref);

  G_OBJECT_CLASS (se_client_proxy_parent_class)->finalize (object);
}

static void
se_client_proxy_class_init (SeClientProxyClass *klass)
{
  SeProxyClass *proxy_class = SE_PROXY_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = se_client_proxy_finalize;

  proxy_class->attach = se_client_proxy_attach;

  /* The connection property holds a connection's proxy: its class
   * registers the type it stands for before the mirror looks it up. */
  g_type_class_unref (g_type_class_ref (SE_TYPE_CONNECTION_PROXY));
  _se_proxy_class_mirror (proxy_class, SE_TYPE_CLIENT);
  prop_target = _se_proxy_class_find (proxy_class, "target");
  prop_id = _se_proxy_class_find (proxy_class, "id");
  prop_connection = _se_proxy_class_find (proxy_class, "connection");
  prop_local = _se_proxy_class_find (proxy_class, "local-address");
  prop_connected = _se_proxy_class_find (proxy_class, "connected");
  prop_connect_timeout = _se_proxy_class_find (proxy_class, "connect-timeout");
  prop_bytes_sent = _se_proxy_class_find (proxy_class, "bytes-sent");
  prop_datagrams_sent = _se_proxy_class_find (proxy_class, "datagrams-sent");
  prop_bytes_received = _se_proxy_class_find (proxy_class, "bytes-received");
  prop_datagrams_received = _se_proxy_class_find (proxy_class, "datagrams-received");
  prop_read_size = _se_proxy_class_find (proxy_class, "read-size");
  prop_nodelay = _se_proxy_class_find (proxy_class, "nodelay");
  prop_tls_insecure = _se_proxy_class_find (proxy_class, "tls-insecure");
  prop_tls_pin = _se_proxy_class_find (proxy_class, "tls-pin");
  prop_tls_ca_file = _se_proxy_class_find (proxy_class, "tls-ca-file");

  /**
   * SeClientProxy::received:
   * @data: the bytes of one recv() or one datagram
   * @from: the sender, in endpoint-address form
   */
  signals[RECEIVED] =
    g_signal_new ("received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_BYTES, G_TYPE_STRING);
  signals[CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
se_client_proxy_init (SeClientProxy *self)
{
}

/* Making one */

typedef struct
{
  SeNetwork     *network;
  SeEndpoint    *target;
  SeTrafficLog  *log;
  SeClientProxy *proxy;
} Create;

static void
create_func (gpointer data)
{
  Create *create = data;
  g_autoptr(SeClient) client = se_client_new (create->target, create->log);

  create->proxy = _se_network_ensure_proxy (create->network, G_OBJECT (client));
}

SeClientProxy *
se_client_proxy_new (SeNetwork    *network,
                     SeEndpoint   *target,
                     SeTrafficLog *log)
{
  Create create = { network, target, log, NULL };

  g_return_val_if_fail (SE_IS_NETWORK (network), NULL);
  g_return_val_if_fail (target != NULL, NULL);
  g_return_val_if_fail (SE_IS_TRAFFIC_LOG (log), NULL);

  g_type_class_unref (g_type_class_ref (SE_TYPE_CLIENT_PROXY));
  se_network_call (network, create_func, &create);

  return create.proxy;
}

/* Values */

SeEndpoint *
se_client_proxy_get_target (SeClientProxy *self)
{
  g_return_val_if_fail (SE_IS_CLIENT_PROXY (self), NULL);
  return g_value_get_boxed (VALUE (self, prop_target));
}

guint
se_client_proxy_get_id (SeClientProxy *self)
{
  g_return_val_if_fail (SE_IS_CLIENT_PROXY (self), 0);
  return g_value_get_uint (VALUE (self, prop_id));
}

SeConnectionProxy *
se_client_proxy_get_connection (SeClientProxy *self)
{
  g_return_val_if_fail (SE_IS_CLIENT_PROXY (self), NULL);
  return g_value_get_object (VALUE (self, prop_connection));
}

const char *
se_client_proxy_get_local_address (SeClientProxy *self)
{
  const char *local;

  g_return_val_if_fail (SE_IS_CLIENT_PROXY (self), NULL);
  local = g_value_get_string (VALUE (self, prop_local));
  return local != NULL ? local : "";
}

gboolean
se_client_proxy_get_connected (SeClientProxy *self)
{
  g_return_val_if_fail (SE_IS_CLIENT_PROXY (self), FALSE);
  return g_value_get_boolean (VALUE (self, prop_connected));
}

guint
se_client_proxy_get_read_size (SeClientProxy *self)
{
  g_return_val_if_fail (SE_IS_CLIENT_PROXY (self), 0);
  return g_value_get_uint (VALUE (self, prop_read_size));
}

gboolean
se_client_proxy_get_tls_insecure (SeClientProxy *self)
{
  g_return_val_if_fail (SE_IS_CLIENT_PROXY (self), FALSE);
  return g_value_get_boolean (VALUE (self, prop_tls_insecure));
}

const char *
se_client_proxy_get_tls_pin (SeClientProxy *self)
{
  g_return_val_if_fail (SE_IS_CLIENT_PROXY (self), NULL);
  return g_value_get_string (VALUE (self, prop_tls_pin));
}

const char *
se_client_proxy_get_tls_ca_file (SeClientProxy *self)
{
  g_return_val_if_fail (SE_IS_CLIENT_PROXY (self), NULL);
  return g_value_get_string (VALUE (self, prop_tls_ca_file));
}

gboolean
se_client_proxy_get_nodelay (SeClientProxy *self)
{
  g_return_val_if_fail (SE_IS_CLIENT_PROXY (self), FALSE);
  return g_value_get_boolean (VALUE (self, prop_nodelay));
}

guint
se_client_proxy_get_connect_timeout (SeClientProxy *self)
{
  g_return_val_if_fail (SE_IS_CLIENT_PROXY (self), 0);
  return g_value_get_uint (VALUE (self, prop_connect_timeout));
}

guint64
se_client_proxy_get_bytes_sent (SeClientProxy *self)
{
  g_return_val_if_fail (SE_IS_CLIENT_PROXY (self), 0);
  return g_value_get_uint64 (VALUE (self, prop_bytes_sent));
}

guint64
se_client_proxy_get_datagrams_sent (SeClientProxy *self)
{
  g_return_val_if_fail (SE_IS_CLIENT_PROXY (self), 0);
  return g_value_get_uint64 (VALUE (self, prop_datagrams_sent));
}

guint64
se_client_proxy_get_bytes_received (SeClientProxy *self)
{
  g_return_val_if_fail (SE_IS_CLIENT_PROXY (self), 0);
  return g_value_get_uint64 (VALUE (self, prop_bytes_received));
}

guint64
se_client_proxy_get_datagrams_received (SeClientProxy *self)
{
  g_return_val_if_fail (SE_IS_CLIENT_PROXY (self), 0);
  return g_value_get_uint64 (VALUE (self, prop_datagrams_received));
}

/* Commands */

typedef struct
{
  SeClient *client;
  guint     value;
  SeRuleSet *rules;
  GBytes   *data;
  GPtrArray *messages;  /* send_burst_func: GBytes */
  const char *text;
  gboolean  ok;
  GError   *error;
} Command;

static void
set_connect_timeout_func (gpointer data)
{
  Command *command = data;
  se_client_set_connect_timeout (command->client, command->value);
}

static void
set_broadcast_func (gpointer data)
{
  Command *command = data;
  se_client_set_broadcast (command->client, command->value != 0);
}

static void
set_read_size_func (gpointer data)
{
  Command *command = data;
  se_client_set_read_size (command->client, command->value);
}

static void
set_nodelay_func (gpointer data)
{
  Command *command = data;
  se_client_set_nodelay (command->client, command->value != 0);
}

static void
set_tls_insecure_func (gpointer data)
{
  Command *command = data;
  se_client_set_tls_insecure (command->client, command->value != 0);
}

static void
set_tls_pin_func (gpointer data)
{
  Command *command = data;
  se_client_set_tls_pin (command->client, command->text);
}

static void
set_tls_ca_file_func (gpointer data)
{
  Command *command = data;
  se_client_set_tls_ca_file (command->client, command->text);
}

static void
set_rules_func (gpointer data)
{
  Command *command = data;
  se_client_set_rules (command->client, command->rules);
}

static void
send_func (gpointer data)
{
  Command *command = data;
  command->ok = se_client_send (command->client, command->data, &command->error);
}

static void
send_burst_func (gpointer data)
{
  Command *command = data;

  command->ok = TRUE;
  for (guint i = 0; command->ok && i < command->messages->len; i++)
    command->ok = se_client_send (command->client, command->messages->pdata[i], &command->error);
}

static void
shutdown_func (gpointer data)
{
  Command *command = data;
  command->ok = se_client_shutdown (command->client, &command->error);
}

static void
close_func (gpointer data)
{
  Command *command = data;
  se_client_close (command->client);
}

static void
reset_func (gpointer data)
{
  Command *command = data;
  se_client_reset (command->client);
}

static gboolean
run (SeClientProxy  *self,
     SeNetworkFunc   func,
     Command        *command,
     GError        **error)
{
  command->client = TARGET (self);
  se_network_call (NETWORK (self), func, command);
  if (command->error != NULL)
    g_propagate_error (error, command->error);

  return command->ok;
}

void
se_client_proxy_set_broadcast (SeClientProxy *self,
                               gboolean       broadcast)
{
  Command command = { .value = broadcast ? 1 : 0 };

  g_return_if_fail (SE_IS_CLIENT_PROXY (self));
  run (self, set_broadcast_func, &command, NULL);
}

void
se_client_proxy_set_connect_timeout (SeClientProxy *self,
                                     guint          timeout_ms)
{
  Command command = { .value = timeout_ms };

  g_return_if_fail (SE_IS_CLIENT_PROXY (self));
  run (self, set_connect_timeout_func, &command, NULL);
}

void
se_client_proxy_set_read_size (SeClientProxy *self,
                               guint          read_size)
{
  Command command = { .value = read_size };

  g_return_if_fail (SE_IS_CLIENT_PROXY (self));
  run (self, set_read_size_func, &command, NULL);
}

void
se_client_proxy_set_tls_insecure (SeClientProxy *self,
                                  gboolean       insecure)
{
  Command command = { .value = !!insecure };

  g_return_if_fail (SE_IS_CLIENT_PROXY (self));
  run (self, set_tls_insecure_func, &command, NULL);
}

void
se_client_proxy_set_tls_pin (SeClientProxy *self,
                             const char    *fingerprint)
{
  Command command = { .text = fingerprint };

  g_return_if_fail (SE_IS_CLIENT_PROXY (self));
  run (self, set_tls_pin_func, &command, NULL);
}

void
se_client_proxy_set_tls_ca_file (SeClientProxy *self,
                                 const char    *ca_file)
{
  Command command = { .text = ca_file };

  g_return_if_fail (SE_IS_CLIENT_PROXY (self));
  run (self, set_tls_ca_file_func, &command, NULL);
}

void
se_client_proxy_set_nodelay (SeClientProxy *self,
                             gboolean       nodelay)
{
  Command command = { .value = !!nodelay };

  g_return_if_fail (SE_IS_CLIENT_PROXY (self));
  run (self, set_nodelay_func, &command, NULL);
}

/* Rules for what the server sends: a stream client's from the next
 * connect on, a datagram client's from the next datagram. The set is immutable and atomically counted: both threads
 * may hold it. */
void
se_client_proxy_set_rules (SeClientProxy *self,
                           SeRuleSet     *rules)
{
  Command command = { .rules = rules };

  g_return_if_fail (SE_IS_CLIENT_PROXY (self));
  if (rules != NULL)
    se_rule_set_ref (rules);
  g_clear_pointer (&self->rules, se_rule_set_unref);
  self->rules = rules;
  run (self, set_rules_func, &command, NULL);
}

SeRuleSet *
se_client_proxy_get_rules (SeClientProxy *self)
{
  g_return_val_if_fail (SE_IS_CLIENT_PROXY (self), NULL);
  return self->rules;
}

gboolean
se_client_proxy_send (SeClientProxy  *self,
                      GBytes         *data,
                      GError        **error)
{
  Command command = { .data = data };

  g_return_val_if_fail (SE_IS_CLIENT_PROXY (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  return run (self, send_func, &command, error);
}

gboolean
se_client_proxy_send_burst (SeClientProxy  *self,
                            GPtrArray      *messages,
                            GError        **error)
{
  Command command = { .messages = messages };

  g_return_val_if_fail (SE_IS_CLIENT_PROXY (self), FALSE);
  g_return_val_if_fail (messages != NULL, FALSE);
  return run (self, send_burst_func, &command, error);
}

gboolean
se_client_proxy_shutdown (SeClientProxy  *self,
                          GError        **error)
{
  Command command = { 0 };

  g_return_val_if_fail (SE_IS_CLIENT_PROXY (self), FALSE);
  return run (self, shutdown_func, &command, error);
}

void
se_client_proxy_close (SeClientProxy *self)
{
  Command command = { 0 };

  g_return_if_fail (SE_IS_CLIENT_PROXY (self));
  run (self, close_func, &command, NULL);
}

void
se_client_proxy_reset (SeClientProxy *self)
{
  Command command = { 0 };

  g_return_if_fail (SE_IS_CLIENT_PROXY (self));
  run (self, reset_func, &command, NULL);
}

/* Connecting: completed through the op queue, after the values. */

typedef struct
{
  GTask    *task;     /* the owner's */
  SeClient *client;   /* a reference, let go of on the network thread */
  GError   *error;
} Connect;

static void
connect_free (gpointer data)
{
  Connect *connect = data;

  g_clear_object (&connect->task);
  g_clear_error (&connect->error);
  g_free (connect);
}

static void
connect_done (SeProxy  *proxy,
              gpointer  data)
{
  Connect *connect = data;

  if (connect->error != NULL)
    g_task_return_error (connect->task, g_steal_pointer (&connect->error));
  else
    g_task_return_boolean (connect->task, TRUE);
}

static void
connected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Connect *connect = user_data;
  SeProxy *proxy = g_task_get_source_object (connect->task);

  se_client_connect_finish (SE_CLIENT (object), result, &connect->error);
  g_clear_object (&connect->client);
  _se_network_post (_se_proxy_get_network (proxy), proxy, SE_POST_FLUSH | SE_POST_DEFERRED, connect_done, connect, connect_free);
}

static void
connect_func (gpointer data)
{
  Connect *connect = data;

  se_client_connect_async (connect->client, g_task_get_cancellable (connect->task), connected_cb, connect);
}

void
se_client_proxy_connect_async (SeClientProxy       *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Connect *connect;

  g_return_if_fail (SE_IS_CLIENT_PROXY (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  connect = g_new0 (Connect, 1);
  connect->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (connect->task, se_client_proxy_connect_async);
  connect->client = g_object_ref (TARGET (self));
  _se_network_invoke (NETWORK (self), connect_func, connect, NULL);
}

gboolean
se_client_proxy_connect_finish (SeClientProxy  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (SE_IS_CLIENT_PROXY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
