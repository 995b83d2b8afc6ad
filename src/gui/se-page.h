/* se-page.h: what every page of the window offers the window and its sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SE_TYPE_PAGE (se_page_get_type ())

G_DECLARE_INTERFACE (SePage, se_page, SE, PAGE, GtkWidget)

/* Properties, all read-only strings that a page notifies when they change:
 *   title      what the sidebar row and the header say ("TCP Listener")
 *   endpoint   the page's endpoint, or NULL ("tcp://127.0.0.1:7000")
 *   status     one line of state, or NULL ("Listening · 2 connections")
 *   icon-name  the sidebar row's icon
 *   encoding   the text encoding of its composer (read-write)
 *   number     its number among the window's pages of its kind, set by the
 *              window and shown in the title ("TCP Client #2"; read-write)
 * Signal:
 *   remove-requested  the user asked to remove the page (its Remove button)
 */
struct _SePageInterface
{
  GTypeInterface parent_iface;
};

/* In a page's class_init: overrides the contract's properties as the
 * page's ids first_prop_id .. first_prop_id + SE_PAGE_N_PROPS - 1, in the
 * order title, endpoint, status, icon-name, encoding, number, and stores
 * their pspecs (for notify) at pspecs[first_prop_id] on. */
#define SE_PAGE_N_PROPS 6
void  se_page_class_override_properties (GObjectClass  *object_class,
                                         guint          first_prop_id,
                                         GParamSpec   **pspecs);

char *se_page_dup_title          (SePage *self);
char *se_page_dup_endpoint       (SePage *self);
char *se_page_dup_icon_name      (SePage *self);
/* Emits remove-requested: the window removes the page. */
void  se_page_request_remove     (SePage *self);

G_END_DECLS
