/* se-stepper.h: step mode, the app's own sockets held at each call until "Next"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The calls step mode holds (see se-stepper.c for which sockets). */
typedef enum
{
  SE_STEP_SEND,    /* send(), sendto(): the bytes wait in the app, not yet in the kernel */
  SE_STEP_RECV,    /* recv(), recvfrom(): the bytes wait in the kernel's receive buffer */
  SE_STEP_ACCEPT,  /* accept(): the peer waits in the listen backlog */
  SE_STEP_CLOSE,   /* close() (after the held sends before it) */
  SE_STEP_CONNECT, /* connect(): no SYN sent yet, the server sees nothing */
} SeStepKind;

#define SE_TYPE_STEPPER (se_stepper_get_type ())

G_DECLARE_FINAL_TYPE (SeStepper, se_stepper, SE, STEPPER, GObject)

/* The stepper of the calling thread, the one whose sockets it holds (the
 * network thread's in the window): made on first use, kept until the
 * thread ends. (transfer none) */
SeStepper  *se_stepper_get_default          (void);

gboolean    se_stepper_get_enabled          (SeStepper *self);
/* Turning step mode off releases every held step, oldest first. */
void        se_stepper_set_enabled          (SeStepper *self,
                                             gboolean   enabled);
guint       se_stepper_get_n_held           (SeStepper *self);
/* What the next step does, "send(5) on TCP connection #3"; "" if none. */
const char *se_stepper_get_next_description (SeStepper *self);
/* Lets the oldest held call go. FALSE if nothing was held. */
gboolean    se_stepper_next                 (SeStepper *self);

G_END_DECLS
