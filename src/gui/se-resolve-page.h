/* se-resolve-page.h: names, addresses, services and protocols, looked up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "se-resolver.h"

G_BEGIN_DECLS

#define SE_TYPE_RESOLVE_PAGE (se_resolve_page_get_type ())

G_DECLARE_FINAL_TYPE (SeResolvePage, se_resolve_page, SE, RESOLVE_PAGE, GtkWidget)

GtkWidget  *se_resolve_page_new          (void);
SeResolver *se_resolve_page_get_resolver (SeResolvePage *self);
void        se_resolve_page_set_resolver (SeResolvePage *self,
                                          SeResolver    *resolver);
/* TRUE while lookups are under way. */
gboolean    se_resolve_page_get_busy     (SeResolvePage *self);

G_END_DECLS
