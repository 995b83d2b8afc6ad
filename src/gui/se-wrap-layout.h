/* se-wrap-layout.h: children in lines, wrapping when the next does not fit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SE_TYPE_WRAP_LAYOUT (se_wrap_layout_get_type ())

G_DECLARE_FINAL_TYPE (SeWrapLayout, se_wrap_layout, SE, WRAP_LAYOUT, GtkLayoutManager)

/* Left to right, a new line when the next child does not fit. In each
 * line the children that expand share what is left; otherwise a last child
 * aligned to the end goes to the right. At most 16 children are laid out. */
GtkLayoutManager *se_wrap_layout_new (void);

G_END_DECLS
