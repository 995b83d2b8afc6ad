/* se-client-page.h: one client: its addresses, a composer and the replies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "se-client-proxy.h"
#include "se-composer.h"

G_BEGIN_DECLS

#define SE_TYPE_CLIENT_PAGE (se_client_page_get_type ())

G_DECLARE_FINAL_TYPE (SeClientPage, se_client_page, SE, CLIENT_PAGE, GtkWidget)

/* ::remove-requested is emitted by the "client.remove" action, once the
 * client is closed; the window then drops the page. */
GtkWidget *se_client_page_new        (SeClientProxy     *client);
SeClientProxy  *se_client_page_get_client (SeClientPage *self);
/* Its composer (workspaces keep its auto-send) */
SeComposer     *se_client_page_get_composer (SeClientPage *self);

G_END_DECLS
