/* se-endpoint-row.h: one row of the window's sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  SE_ENDPOINT_SECTION_TOOLS,
  SE_ENDPOINT_SECTION_LISTENERS,
  SE_ENDPOINT_SECTION_CLIENTS,
} SeEndpointSection;

#define SE_TYPE_ENDPOINT_ROW (se_endpoint_row_get_type ())

G_DECLARE_FINAL_TYPE (SeEndpointRow, se_endpoint_row, SE, ENDPOINT_ROW, GtkListBoxRow)

/* The row shows the page's "title", "endpoint" and "status" string
 * properties when it has them, else just title. page may be NULL for a
 * page the window makes when it is first shown. */
GtkWidget         *se_endpoint_row_new         (SeEndpointSection  section,
                                                GtkWidget         *page,
                                                const char        *icon_name,
                                                const char        *title);
SeEndpointSection  se_endpoint_row_get_section (SeEndpointRow     *self);
GtkWidget         *se_endpoint_row_get_page    (SeEndpointRow     *self);
guint              se_endpoint_row_get_serial  (SeEndpointRow     *self);

G_END_DECLS
