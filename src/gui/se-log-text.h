/* se-log-text.h: one line of text in a cell of the log, cheap to make and to measure
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum {
  SE_LOG_TEXT_PLAIN,
  SE_LOG_TEXT_MONOSPACE,  /* addresses and bytes */
  SE_LOG_TEXT_NUMERIC,    /* figures: digits all as wide */
} SeLogTextStyle;

#define SE_TYPE_LOG_TEXT (se_log_text_get_type ())

G_DECLARE_FINAL_TYPE (SeLogText, se_log_text, SE, LOG_TEXT, GtkWidget)

/* Text on one line, ellipsized at its end when it does not fit, placed
 * by xalign (0 left, 1 right) when it is shorter than the cell. */
GtkWidget  *se_log_text_new      (SeLogTextStyle  style,
                                  float           xalign);
void        se_log_text_set_text (SeLogText      *self,
                                  const char     *text);
const char *se_log_text_get_text (SeLogText      *self);
/* A 16-pixel symbolic icon before the text, in its colour; NULL for none */
void        se_log_text_set_icon_name (SeLogText  *self,
                                       const char *icon_name);

G_END_DECLS
