/* se-composer.h: compose a message as text or hex, and send it once or N times
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "se-payload.h"
#include "se-sender-proxy.h"

G_BEGIN_DECLS

#define SE_TYPE_COMPOSER (se_composer_get_type ())

G_DECLARE_FINAL_TYPE (SeComposer, se_composer, SE, COMPOSER, GtkWidget)

/* ::send (GBytes *data) → gboolean is emitted once per message (N times
 * when repeating); a handler returns FALSE when sending failed, which
 * stops the repetition. */
GtkWidget  *se_composer_new           (void);
gboolean    se_composer_get_can_send  (SeComposer *self);
void        se_composer_set_can_send  (SeComposer *self,
                                       gboolean    can_send);
gboolean    se_composer_get_repeating (SeComposer *self);
/* The core's sender of the page's current target: repetitions on a
 * timer and files run there, with their progress shown here. */
void        se_composer_set_sender    (SeComposer    *self,
                                       SeSenderProxy *sender);
/* Stops a repetition or file in progress. */
void        se_composer_stop          (SeComposer *self);
void        se_composer_send_file     (SeComposer *self,
                                       GFile      *file);
void        se_composer_set_text      (SeComposer *self,
                                       const char *text);
/* The "encoding" property: an se-encoding id that text is sent in. */
const char *se_composer_get_encoding  (SeComposer *self);
void        se_composer_set_encoding  (SeComposer *self,
                                       const char *encoding);

/* ::changed is emitted when the message or one of its options changes. */
gboolean    se_composer_get_message   (SeComposer       *self,
                                       GBytes          **data,
                                       SePayloadFormat  *format,
                                       SeEol            *eol,
                                       guint            *repeat,
                                       guint            *interval_ms,
                                       GError          **error);
gboolean    se_composer_get_has_macros (SeComposer      *self);
/* Workspaces: the auto-send set up in the composer (message, count,
 * interval), started or not; FALSE if there is none (count 1 or no
 * interval). */
gboolean    se_composer_get_auto_send (SeComposer  *self,
                                       char       **data,
                                       gboolean    *hex,
                                       SeEol       *eol,
                                       guint       *count,
                                       guint       *interval_ms);
/* Sets one up, ready to be started with Send. */
void        se_composer_set_auto_send (SeComposer  *self,
                                       const char  *data,
                                       gboolean     hex,
                                       SeEol        eol,
                                       guint        count,
                                       guint        interval_ms);

G_END_DECLS
