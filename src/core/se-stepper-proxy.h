/* se-stepper-proxy.h: the network thread's SeStepper, seen from the GUI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "se-proxy.h"
#include "se-stepper.h"

G_BEGIN_DECLS

#define SE_TYPE_STEPPER_PROXY (se_stepper_proxy_get_type ())

G_DECLARE_FINAL_TYPE (SeStepperProxy, se_stepper_proxy, SE, STEPPER_PROXY, SeProxy)

/* The proxy of the stepper of network's thread. (transfer full) */
SeStepperProxy *se_stepper_proxy_new                  (SeNetwork      *network);
/* Mirrored: "enabled", "n-held", "next-description". */
gboolean        se_stepper_proxy_get_enabled          (SeStepperProxy *self);
guint           se_stepper_proxy_get_n_held           (SeStepperProxy *self);
const char     *se_stepper_proxy_get_next_description (SeStepperProxy *self);
/* se_stepper_set_enabled() and se_stepper_next() on the network thread;
 * their effects are seen on return. */
void            se_stepper_proxy_set_enabled          (SeStepperProxy *self,
                                                       gboolean        enabled);
gboolean        se_stepper_proxy_next                 (SeStepperProxy *self);

G_END_DECLS
