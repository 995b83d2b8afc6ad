/* se-gui-util.h: small helpers shared by the window's widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "se-endpoint.h"
#include "se-responder.h"

G_BEGIN_DECLS

/* Enter in the spin button activates the window's default widget, as
 * GtkEntry:activates-default does (GtkSpinButton has no such property
 * before GTK 4.14). */
void        se_gui_spin_button_set_activates_default (GtkSpinButton *spin);
/* Gives the row's open list labels that are never cut off (the default
 * list of AdwComboRow 1.2 ellipsizes the selected item to make room for
 * its check mark), with the check mark of the selected item. */
void        se_gui_combo_row_set_full_list (AdwComboRow *row);
/* Shows an error as a toast in the window that holds widget. */
void        se_gui_show_error            (GtkWidget       *widget,
                                          const char      *what,
                                          const GError    *error);
/* Shows text as a toast in the window that holds widget, through its
 * "win.toast" action (the only way toasts are shown). */
void        se_gui_show_toast            (GtkWidget       *widget,
                                          const char      *text);

G_END_DECLS
