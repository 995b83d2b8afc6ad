/* se-connection-proxy.c: an SeConnection of the network thread, seen from the GUI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "se-connection-proxy.h"
#include "se-proxy-private.h"

struct _SeConnectionProxy
{
  SeProxy parent_instance;
};

G_DEFINE_FINAL_TYPE (SeConnectionProxy, se_connection_proxy, SE_TYPE_PROXY)

static guint prop_id, prop_state, prop_local, prop_remote, prop_bytes_sent,
             prop_bytes_received, prop_messages_sent, prop_messages_received, prop_error,
             prop_tls_summary;

#define VALUE(self, prop) _se_proxy_get_value (SE_PROXY (self), prop)

static void
se_connection_proxy_class_init (SeConnectionProxyClass *klass)
{
  SeProxyClass *proxy_class = SE_PROXY_CLASS (klass);

  _se_proxy_class_mirror (proxy_class, SE_TYPE_CONNECTION);
  prop_id = _se_proxy_class_find (proxy_class, "id");
  prop_state = _se_proxy_class_find (proxy_class, "state");
  prop_local = _se_proxy_class_find (proxy_class, "local-address");
  prop_remote = _se_proxy_class_find (proxy_class, "remote-address");
  prop_bytes_sent = _se_proxy_class_find (proxy_class, "bytes-sent");
  prop_bytes_received = _se_proxy_class_find (proxy_class, "bytes-received");
  prop_messages_sent = _se_proxy_class_find (proxy_class, "messages-sent");
  prop_messages_received = _se_proxy_class_find (proxy_class, "messages-received");
  prop_error = _se_proxy_class_find (proxy_class, "error");
  prop_tls_summary = _se_proxy_class_find (proxy_class, "tls-summary");
}

static void
se_connection_proxy_init (SeConnectionProxy *self)
{
}

guint
se_connection_proxy_get_id (SeConnectionProxy *self)
{
  g_return_val_if_fail (SE_IS_CONNECTION_PROXY (self), 0);
  return g_value_get_uint (VALUE (self, prop_id));
}

SeConnectionState
se_connection_proxy_get_state (SeConnectionProxy *self)
{
  g_return_val_if_fail (SE_IS_CONNECTION_PROXY (self), SE_CONNECTION_STATE_CLOSED);
  return g_value_get_int (VALUE (self, prop_state));
}

const char *
se_connection_proxy_get_local_address (SeConnectionProxy *self)
{
  g_return_val_if_fail (SE_IS_CONNECTION_PROXY (self), NULL);
  return g_value_get_string (VALUE (self, prop_local));
}

const char *
se_connection_proxy_get_remote_address (SeConnectionProxy *self)
{
  g_return_val_if_fail (SE_IS_CONNECTION_PROXY (self), NULL);
  return g_value_get_string (VALUE (self, prop_remote));
}

guint64
se_connection_proxy_get_bytes_sent (SeConnectionProxy *self)
{
  g_return_val_if_fail (SE_IS_CONNECTION_PROXY (self), 0);
  return g_value_get_uint64 (VALUE (self, prop_bytes_sent));
}

guint64
se_connection_proxy_get_bytes_received (SeConnectionProxy *self)
{
  g_return_val_if_fail (SE_IS_CONNECTION_PROXY (self), 0);
  return g_value_get_uint64 (VALUE (self, prop_bytes_received));
}

guint64
se_connection_proxy_get_messages_sent (SeConnectionProxy *self)
{
  g_return_val_if_fail (SE_IS_CONNECTION_PROXY (self), 0);
  return g_value_get_uint64 (VALUE (self, prop_messages_sent));
}

guint64
se_connection_proxy_get_messages_received (SeConnectionProxy *self)
{
  g_return_val_if_fail (SE_IS_CONNECTION_PROXY (self), 0);
  return g_value_get_uint64 (VALUE (self, prop_messages_received));
}

const GError *
se_connection_proxy_get_error (SeConnectionProxy *self)
{
  g_return_val_if_fail (SE_IS_CONNECTION_PROXY (self), NULL);
  return g_value_get_boxed (VALUE (self, prop_error));
}

/* Commands, run on the network thread */

typedef struct
{
  SeConnection *connection;
  GBytes       *data;
  gboolean      ok;
  GError       *error;
} Command;

static void
send_func (gpointer data)
{
  Command *command = data;

  command->ok = se_connection_send (command->connection, command->data, &command->error);
}

static void
shutdown_func (gpointer data)
{
  Command *command = data;

  command->ok = se_connection_shutdown (command->connection, &command->error);
}

static void
close_func (gpointer data)
{
  se_connection_close (((Command *) data)->connection);
}

static void
reset_func (gpointer data)
{
  se_connection_reset (((Command *) data)->connection);
}

typedef struct
{
  SeConnection *connection;
  guint         unread;
  guint         unsent;
  gboolean      ok;
} QueuesCommand;

static void
kernel_queues_func (gpointer data)
{
  QueuesCommand *command = data;

  command->ok = se_connection_get_kernel_queues (command->connection, &command->unread, &command->unsent);
}

static gboolean
run (SeConnectionProxy  *self,
     SeNetworkFunc       func,
     GBytes             *bytes,
     GError            **error)
{
  Command command = { SE_CONNECTION (_se_proxy_get_target (SE_PROXY (self))), bytes, FALSE, NULL };

  se_network_call (_se_proxy_get_network (SE_PROXY (self)), func, &command);
  if (command.error != NULL)
    g_propagate_error (error, command.error);

  return command.ok;
}

gboolean
se_connection_proxy_send (SeConnectionProxy  *self,
                          GBytes             *data,
                          GError            **error)
{
  g_return_val_if_fail (SE_IS_CONNECTION_PROXY (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  return run (self, send_func, data, error);
}

gboolean
se_connection_proxy_shutdown (SeConnectionProxy  *self,
                              GError            **error)
{
  g_return_val_if_fail (SE_IS_CONNECTION_PROXY (self), FALSE);

  return run (self, shutdown_func, NULL, error);
}

void
se_connection_proxy_close (SeConnectionProxy *self)
{
  g_return_if_fail (SE_IS_CONNECTION_PROXY (self));

  run (self, close_func, NULL, NULL);
}

gboolean
se_connection_proxy_get_kernel_queues (SeConnectionProxy *self,
                                       guint             *unread,
                                       guint             *unsent)
{
  QueuesCommand command = { 0 };

  g_return_val_if_fail (SE_IS_CONNECTION_PROXY (self), FALSE);

  command.connection = SE_CONNECTION (_se_proxy_get_target (SE_PROXY (self)));
  se_network_call (_se_proxy_get_network (SE_PROXY (self)), kernel_queues_func, &command);
  if (unread != NULL)
    *unread = command.unread;
  if (unsent != NULL)
    *unsent = command.unsent;
  return command.ok;
}

void
se_connection_proxy_reset (SeConnectionProxy *self)
{
  g_return_if_fail (SE_IS_CONNECTION_PROXY (self));

  run (self, reset_func, NULL, NULL);
}

const char *
se_connection_proxy_get_tls_summary (SeConnectionProxy *self)
{
  g_return_val_if_fail (SE_IS_CONNECTION_PROXY (self), NULL);
  return g_value_get_string (VALUE (self, prop_tls_summary));
}
