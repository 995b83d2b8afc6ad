/* se-inspect-window.h: the Address Inspector: an address or a port as bytes, byte orders and sockaddr
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SE_TYPE_INSPECT_WINDOW (se_inspect_window_get_type ())

G_DECLARE_FINAL_TYPE (SeInspectWindow, se_inspect_window, SE, INSPECT_WINDOW, AdwWindow)

GtkWidget  *se_inspect_window_new       (GtkWindow       *parent);
/* What the entry holds; setting it shows what it means at once */
void        se_inspect_window_set_text  (SeInspectWindow *self,
                                         const char      *text);
/* The text shown: the inspection, or why the entry is not an address */
const char *se_inspect_window_get_shown (SeInspectWindow *self);

G_END_DECLS
