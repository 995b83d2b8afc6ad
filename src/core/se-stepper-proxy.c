/* se-stepper-proxy.c: the network thread's SeStepper, seen from the GUI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "se-proxy-private.h"
#include "se-stepper-proxy.h"

struct _SeStepperProxy
{
  SeProxy parent_instance;
};

G_DEFINE_FINAL_TYPE (SeStepperProxy, se_stepper_proxy, SE_TYPE_PROXY)

static guint prop_enabled, prop_n_held, prop_next_description;

#define VALUE(self, prop) _se_proxy_get_value (SE_PROXY (self), prop)

typedef struct
{
  SeNetwork      *network;
  SeStepper      *stepper;
  SeStepperProxy *proxy;
  gboolean        enabled;
  gboolean        ok;
} Command;

static void
se_stepper_proxy_class_init (SeStepperProxyClass *klass)
{
  SeProxyClass *proxy_class = SE_PROXY_CLASS (klass);

  _se_proxy_class_mirror (proxy_class, SE_TYPE_STEPPER);
  prop_enabled = _se_proxy_class_find (proxy_class, "enabled");
  prop_n_held = _se_proxy_class_find (proxy_class, "n-held");
  prop_next_description = _se_proxy_class_find (proxy_class, "next-description");
}

static void
se_stepper_proxy_init (SeStepperProxy *self)
{
}

static void
new_func (gpointer data)
{
  Command *command = data;

  command->proxy = _se_network_ensure_proxy (command->network,
                                             G_OBJECT (se_stepper_get_default ()));
}

static void
set_enabled_func (gpointer data)
{
  Command *command = data;

  se_stepper_set_enabled (command->stepper, command->enabled);
}

static void
next_func (gpointer data)
{
  Command *command = data;

  command->ok = se_stepper_next (command->stepper);
}

SeStepperProxy *
se_stepper_proxy_new (SeNetwork *network)
{
  Command command = { network, NULL, NULL, FALSE, FALSE };

  g_return_val_if_fail (SE_IS_NETWORK (network), NULL);

  /* The proxy type registers itself for SeStepper in class_init. */
  g_type_class_unref (g_type_class_ref (SE_TYPE_STEPPER_PROXY));
  se_network_call (network, new_func, &command);
  return command.proxy;
}

gboolean
se_stepper_proxy_get_enabled (SeStepperProxy *self)
{
  g_return_val_if_fail (SE_IS_STEPPER_PROXY (self), FALSE);
  return g_value_get_boolean (VALUE (self, prop_enabled));
}

guint
se_stepper_proxy_get_n_held (SeStepperProxy *self)
{
  g_return_val_if_fail (SE_IS_STEPPER_PROXY (self), 0);
  return g_value_get_uint (VALUE (self, prop_n_held));
}

const char *
se_stepper_proxy_get_next_description (SeStepperProxy *self)
{
  const char *text;

  g_return_val_if_fail (SE_IS_STEPPER_PROXY (self), "");
  text = g_value_get_string (VALUE (self, prop_next_description));
  return text != NULL ? text : "";
}

void
se_stepper_proxy_set_enabled (SeStepperProxy *self,
                              gboolean        enabled)
{
  Command command = { NULL, NULL, NULL, enabled, FALSE };

  g_return_if_fail (SE_IS_STEPPER_PROXY (self));

  command.stepper = SE_STEPPER (_se_proxy_get_target (SE_PROXY (self)));
  se_network_call (_se_proxy_get_network (SE_PROXY (self)), set_enabled_func, &command);
}

gboolean
se_stepper_proxy_next (SeStepperProxy *self)
{
  Command command = { NULL, NULL, NULL, FALSE, FALSE };

  g_return_val_if_fail (SE_IS_STEPPER_PROXY (self), FALSE);

  command.stepper = SE_STEPPER (_se_proxy_get_target (SE_PROXY (self)));
  se_network_call (_se_proxy_get_network (SE_PROXY (self)), next_func, &command);
  return command.ok;
}
