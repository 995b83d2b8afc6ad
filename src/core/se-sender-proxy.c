/* se-sender-proxy.c: an SeSender of the network thread, seen from the GUI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "se-sender-proxy.h"
#include "se-proxy-private.h"

struct _SeSenderProxy
{
  SeProxy parent_instance;
};

G_DEFINE_FINAL_TYPE (SeSenderProxy, se_sender_proxy, SE_TYPE_PROXY)

static guint prop_running, prop_mode, prop_done, prop_total, prop_name, prop_error_message;

#define VALUE(self, prop) _se_proxy_get_value (SE_PROXY (self), prop)
#define TARGET(self) SE_SENDER (_se_proxy_get_target (SE_PROXY (self)))
#define NETWORK(self) _se_proxy_get_network (SE_PROXY (self))

static void
se_sender_proxy_class_init (SeSenderProxyClass *klass)
{
  SeProxyClass *proxy_class = SE_PROXY_CLASS (klass);

  _se_proxy_class_mirror (proxy_class, SE_TYPE_SENDER);
  prop_running = _se_proxy_class_find (proxy_class, "running");
  prop_mode = _se_proxy_class_find (proxy_class, "mode");
  prop_done = _se_proxy_class_find (proxy_class, "done");
  prop_total = _se_proxy_class_find (proxy_class, "total");
  prop_name = _se_proxy_class_find (proxy_class, "name");
  prop_error_message = _se_proxy_class_find (proxy_class, "error-message");
}

static void
se_sender_proxy_init (SeSenderProxy *self)
{
}

/* Making one */

typedef struct
{
  SeProxy       *target;
  const char    *peer;
  SeSenderProxy *proxy;
} Create;

static void
create_func (gpointer data)
{
  Create *create = data;
  SeSender *sender = se_sender_get_for (_se_proxy_get_target (create->target), create->peer);

  create->proxy = _se_network_ensure_proxy (_se_proxy_get_network (create->target), G_OBJECT (sender));
}

SeSenderProxy *
se_sender_proxy_new (SeProxy    *target,
                     const char *peer)
{
  Create create = { target, peer, NULL };

  g_return_val_if_fail (SE_IS_PROXY (target), NULL);

  g_type_class_unref (g_type_class_ref (SE_TYPE_SENDER_PROXY));
  se_network_call (_se_proxy_get_network (target), create_func, &create);

  return create.proxy;
}

/* Values */

gboolean
se_sender_proxy_get_running (SeSenderProxy *self)
{
  g_return_val_if_fail (SE_IS_SENDER_PROXY (self), FALSE);
  return g_value_get_boolean (VALUE (self, prop_running));
}

SeSenderMode
se_sender_proxy_get_mode (SeSenderProxy *self)
{
  g_return_val_if_fail (SE_IS_SENDER_PROXY (self), SE_SENDER_IDLE);
  return g_value_get_int (VALUE (self, prop_mode));
}

guint64
se_sender_proxy_get_done (SeSenderProxy *self)
{
  g_return_val_if_fail (SE_IS_SENDER_PROXY (self), 0);
  return g_value_get_uint64 (VALUE (self, prop_done));
}

guint64
se_sender_proxy_get_total (SeSenderProxy *self)
{
  g_return_val_if_fail (SE_IS_SENDER_PROXY (self), 0);
  return g_value_get_uint64 (VALUE (self, prop_total));
}

const char *
se_sender_proxy_get_name (SeSenderProxy *self)
{
  g_return_val_if_fail (SE_IS_SENDER_PROXY (self), NULL);
  return g_value_get_string (VALUE (self, prop_name));
}

const char *
se_sender_proxy_get_error_message (SeSenderProxy *self)
{
  g_return_val_if_fail (SE_IS_SENDER_PROXY (self), NULL);
  return g_value_get_string (VALUE (self, prop_error_message));
}

/* Commands */

typedef struct
{
  SeSender       *sender;
  SeSavedMessage *message;
  GFile          *file;
  guint64         first_counter;
  guint           count;
  guint           interval_ms;
  gboolean        ok;
  GError         *error;
} Command;

static void
start_repeat_func (gpointer data)
{
  Command *command = data;

  command->ok = se_sender_start_repeat (command->sender, command->message, command->first_counter,
                                        command->count, command->interval_ms, &command->error);
}

static void
start_file_func (gpointer data)
{
  Command *command = data;

  command->ok = se_sender_start_file (command->sender, command->file, 0, &command->error);
}

static void
stop_func (gpointer data)
{
  Command *command = data;

  se_sender_stop (command->sender);
}

static gboolean
run (SeSenderProxy  *self,
     SeNetworkFunc   func,
     Command        *command,
     GError        **error)
{
  command->sender = TARGET (self);
  se_network_call (NETWORK (self), func, command);
  if (command->error != NULL)
    g_propagate_error (error, command->error);

  return command->ok;
}

gboolean
se_sender_proxy_start_repeat (SeSenderProxy   *self,
                              SeSavedMessage  *message,
                              guint64          first_counter,
                              guint            count,
                              guint            interval_ms,
                              GError         **error)
{
  Command command = {
    .message = message,
    .first_counter = first_counter,
    .count = count,
    .interval_ms = interval_ms,
  };

  g_return_val_if_fail (SE_IS_SENDER_PROXY (self), FALSE);
  g_return_val_if_fail (SE_IS_SAVED_MESSAGE (message), FALSE);
  return run (self, start_repeat_func, &command, error);
}

gboolean
se_sender_proxy_start_file (SeSenderProxy  *self,
                            GFile          *file,
                            GError        **error)
{
  Command command = { .file = file };

  g_return_val_if_fail (SE_IS_SENDER_PROXY (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  return run (self, start_file_func, &command, error);
}

void
se_sender_proxy_stop (SeSenderProxy *self)
{
  Command command = { 0 };

  g_return_if_fail (SE_IS_SENDER_PROXY (self));
  run (self, stop_func, &command, NULL);
}
