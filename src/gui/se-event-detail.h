/* se-event-detail.h: every field of one traffic-log event, and its bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "se-event.h"

G_BEGIN_DECLS

#define SE_TYPE_EVENT_DETAIL (se_event_detail_get_type ())

G_DECLARE_FINAL_TYPE (SeEventDetail, se_event_detail, SE, EVENT_DETAIL, GtkWidget)

GtkWidget *se_event_detail_new       (void);
SeEvent   *se_event_detail_get_event (SeEventDetail *self);
void       se_event_detail_set_event (SeEventDetail *self,
                                      SeEvent       *event);

/* The se-encoding id the Text view decodes the payload with ("utf-8" until
 * another is chosen in its drop-down). */
const char *se_event_detail_get_encoding (SeEventDetail *self);
/* Reads the payload in that encoding (an se-encoding id or alias); the
 * drop-down still lets the reader choose another. */
void        se_event_detail_set_encoding (SeEventDetail *self,
                                          const char    *encoding);

G_END_DECLS
