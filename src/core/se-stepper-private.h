/* se-stepper-private.h: what sockets need of step mode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "se-endpoint.h"
#include "se-stepper.h"

G_BEGIN_DECLS

/* Called when the step is let go: stepping is TRUE for "Next" (make the
 * one call now), FALSE when step mode was turned off (go on as usual).
 * The owner may close itself from here. */
typedef void (*SeStepReleaseFunc) (GObject    *owner,
                                   SeStepKind  kind,
                                   gboolean    stepping);

/* The same for a call that needs its own data (a datagram and its
 * address): data goes to release, then data_free (also when the step is
 * forgotten). */
typedef void (*SeStepReleaseDataFunc) (GObject    *owner,
                                       SeStepKind  kind,
                                       gboolean    stepping,
                                       gpointer    data);

/* TRUE if step mode is on for the calling thread's sockets: one lookup of
 * a thread-local pointer, cheap enough for every send and read. */
gboolean _se_stepper_is_on   (void);
/* Holds a call of owner (which it keeps alive) until Next or until step
 * mode ends; description is what the status line shows. */
void     _se_stepper_hold    (GObject           *owner,
                              SeStepKind         kind,
                              char              *description,
                              SeStepReleaseFunc  release);
void     _se_stepper_hold_data (GObject               *owner,
                                SeStepKind             kind,
                                char                  *description,
                                SeStepReleaseDataFunc  release,
                                gpointer               data,
                                GDestroyNotify         data_free);
/* The status line's words for a held call: "send(5) on TCP connection
 * #3"; id is the connection's (0 for a listener, named by address);
 * size the bytes to send, or the bytes waiting to be read. */
char    *_se_step_describe   (SeStepKind         kind,
                              SeProtocol         protocol,
                              guint              id,
                              const char        *address,
                              guint64            size);
/* The same for a datagram socket: id is a client's (0 for a listener,
 * named by address), to where a sendto() goes; size the datagram's. */
char    *_se_step_describe_datagram (SeStepKind   kind,
                                     SeProtocol   protocol,
                                     guint        id,
                                     const char  *address,
                                     const char  *to,
                                     guint64      size);
/* Drops owner's held steps without calling it (it closed). */
void     _se_stepper_forget  (GObject           *owner);

G_END_DECLS
