/* se-log-follow.h: keeping a scrolled list at its end while new rows come
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SE_TYPE_LOG_FOLLOW (se_log_follow_get_type ())

G_DECLARE_FINAL_TYPE (SeLogFollow, se_log_follow, SE, LOG_FOLLOW, GObject)

/* Follows scrolled's vertical adjustment, and scrolls in the frames of
 * scrolled's frame clock once it is realized. Starts following. */
SeLogFollow *se_log_follow_new           (GtkScrolledWindow *scrolled);
gboolean     se_log_follow_get_following (SeLogFollow       *self);
/* On: scrolls to the end now and after each change of the list. */
void         se_log_follow_set_following (SeLogFollow       *self,
                                          gboolean           following);
void         se_log_follow_scroll_to_end (SeLogFollow       *self);

G_END_DECLS
