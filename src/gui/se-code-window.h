/* se-code-window.h: the Python or C program that does what a page does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "se-codegen.h"

G_BEGIN_DECLS

#define SE_TYPE_CODE_WINDOW (se_code_window_get_type ())

G_DECLARE_FINAL_TYPE (SeCodeWindow, se_code_window, SE, CODE_WINDOW, AdwWindow)

/* A window beside parent (not modal), titled "Code" with the page's title
 * under it. Its "language" property ("python" or "c") is its switch. */
SeCodeWindow *se_code_window_new           (GtkWindow           *parent,
                                            const char          *page_title);
void          se_code_window_set_page_title (SeCodeWindow       *self,
                                             const char         *page_title);
/* Shows the program of options (copied; its language is ignored: the
 * window's switch chooses), with note under it (nullable), or, with
 * options NULL, note alone in place of the program (why there is none). */
void          se_code_window_set_options   (SeCodeWindow        *self,
                                            const SeCodeOptions *options,
                                            const char          *note);
/* The "read-size" of a listener or client proxy (the recv() size), or
 * the default 64 KiB for one without that property. */
guint         se_code_window_read_size_of  (GObject             *proxy);

/* The program shown, NULL if none. */
const char   *se_code_window_get_text      (SeCodeWindow        *self);

G_END_DECLS
