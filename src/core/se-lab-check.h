/* se-lab-check.h: which steps of a lab the log shows done
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "se-lab.h"
#include "se-traffic-log.h"

G_BEGIN_DECLS

/* Which steps of a lab the events of a log have done. Fed new events as
 * the log publishes them (and the listeners of the window, for checks on
 * a listener's state); a step once passed stays passed. */
typedef struct _SeLabChecker SeLabChecker;

SeLabChecker *se_lab_checker_new         (SeLab         *lab);
void          se_lab_checker_free        (SeLabChecker  *self);
/* Reads the log's events not seen yet and looks at listeners (a
 * GListModel of objects with the SeListener properties "endpoint",
 * "responder" and "running": SeListener or SeListenerProxy; nullable).
 * Returns TRUE if a step passed. */
gboolean      se_lab_checker_update      (SeLabChecker  *self,
                                          SeTrafficLog  *log,
                                          GListModel    *listeners);
gboolean      se_lab_checker_get_passed  (SeLabChecker  *self,
                                          guint          step);
guint         se_lab_checker_get_n_passed (SeLabChecker *self);
/* Forgets what passed and what was seen: the next update reads the
 * whole log again. */
void          se_lab_checker_reset       (SeLabChecker  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeLabChecker, se_lab_checker_free)

G_END_DECLS
