/* se-labs-page.h: the built-in labs, and the steps of the one being done
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "se-traffic-log.h"

G_BEGIN_DECLS

#define SE_TYPE_LABS_PAGE (se_labs_page_get_type ())

G_DECLARE_FINAL_TYPE (SeLabsPage, se_labs_page, SE, LABS_PAGE, GtkWidget)

GtkWidget  *se_labs_page_new            (void);
/* Where the checks look: the window's log and its listeners (a
 * GListModel of SeListenerProxy). */
void        se_labs_page_set_sources    (SeLabsPage   *self,
                                         SeTrafficLog *log,
                                         GListModel   *listeners);
/* Shows the steps of the lab with that id (FALSE if there is none), or
 * the list of labs for NULL. */
gboolean    se_labs_page_show_lab       (SeLabsPage   *self,
                                         const char   *id);
/* The id of the lab shown, or NULL when the list is shown */
const char *se_labs_page_get_lab_id     (SeLabsPage   *self);
/* Steps of the lab shown that have passed */
guint       se_labs_page_get_n_passed   (SeLabsPage   *self);

G_END_DECLS
