/* se-zoom.h: the size of all text in the app's windows, for a projector
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SE_ZOOM_MIN 0.5
#define SE_ZOOM_MAX 3.0

/* How much bigger presentation mode makes text, on top of the zoom. */
#define SE_ZOOM_PRESENTATION 1.5

/* The next zoom level up (direction > 0) or down (< 0) from zoom, in
 * the steps of GNOME apps (…, 90 %, 100 %, 110 %, 125 %, …); 1.0 for 0. */
double se_zoom_step   (double      zoom,
                       int         direction);
/* Makes all text of every window on display zoom times its normal size
 * (clamped to SE_ZOOM_MIN .. SE_ZOOM_MAX); windows with the style class
 * "presentation" get SE_ZOOM_PRESENTATION times more. */
void   se_zoom_apply  (GdkDisplay *display,
                       double      zoom);
/* The zoom last applied to display (1.0 if none was). */
double se_zoom_get    (GdkDisplay *display);

G_END_DECLS
