/* se-send-progress.h: how far an auto-send or a file has got
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "socket-explorer-core.h"

G_BEGIN_DECLS

#define SE_TYPE_SEND_PROGRESS (se_send_progress_get_type ())

G_DECLARE_FINAL_TYPE (SeSendProgress, se_send_progress, SE, SEND_PROGRESS, GtkWidget)

GtkWidget     *se_send_progress_new        (void);
/* Shown only while sender runs: "3 of 10 sent", "notes.txt: 1.0 MB of
 * 4.2 MB", a bar that fills (or pulses, until stopped). */
void           se_send_progress_set_sender (SeSendProgress *self,
                                            SeSenderProxy  *sender);
SeSenderProxy *se_send_progress_get_sender (SeSendProgress *self);
/* The bar's text, for tests and screen readers */
const char    *se_send_progress_get_text   (SeSendProgress *self);

/* "3 of 10 sent", "42 sent", "notes.txt: 1.0 MB of 4.2 MB sent" */
char          *se_send_progress_describe   (SeSenderMode    mode,
                                            guint64         done,
                                            guint64         total,
                                            const char     *name);
/* How sender's last run ended, once it has: a file's "notes.txt: 4.2 MB
 * of 4.2 MB sent", a failure's reason (*is_error TRUE), or NULL for a
 * repetition that went to its end or was stopped. */
char          *se_send_progress_describe_end (SeSenderProxy *sender,
                                              gboolean      *is_error);

G_END_DECLS
