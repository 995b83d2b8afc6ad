/* se-endpoint-row.c: one row of the window's sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "se-endpoint-row.h"
#include "se-page.h"

struct _SeEndpointRow
{
  GtkListBoxRow      parent_instance;

  SeEndpointSection  section;
  GtkWidget         *page;    /* weak: the window's stack owns it; may be NULL */
  guint              serial;  /* creation order, for sorting */

  GtkLabel          *title;
  GtkLabel          *endpoint;
  GtkLabel          *status;
};

G_DEFINE_FINAL_TYPE (SeEndpointRow, se_endpoint_row, GTK_TYPE_LIST_BOX_ROW)

static void
bind_label (SeEndpointRow *self,
            const char    *property,
            GtkLabel      *label)
{
  /* Pages keep their rows up to date through the SePage contract; other
   * rows (Resolve) have a title only. */
  if (SE_IS_PAGE (self->page))
    {
      g_object_bind_property (self->page, property, label, "label", G_BINDING_SYNC_CREATE);
      g_object_bind_property (self->page, property, label, "tooltip-text", G_BINDING_SYNC_CREATE);
    }
  else
    gtk_widget_hide (GTK_WIDGET (label));
}

static void
se_endpoint_row_class_init (SeEndpointRowClass *klass)
{
}

static void
se_endpoint_row_init (SeEndpointRow *self)
{
  static guint next_serial;

  self->serial = ++next_serial;
}

GtkWidget *
se_endpoint_row_new (SeEndpointSection  section,
                     GtkWidget         *page,
                     const char        *icon_name,
                     const char        *title)
{
  SeEndpointRow *self;
  GtkWidget *box, *labels, *icon;

  g_return_val_if_fail (page == NULL || GTK_IS_WIDGET (page), NULL);

  self = g_object_new (SE_TYPE_ENDPOINT_ROW, NULL);
  self->section = section;
  self->page = page;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  icon = gtk_image_new_from_icon_name (icon_name);
  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), icon);

  labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_set_valign (labels, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), labels);

  self->title = GTK_LABEL (gtk_label_new (title));
  self->endpoint = GTK_LABEL (gtk_label_new (NULL));
  self->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->endpoint), "address");
  gtk_widget_add_css_class (GTK_WIDGET (self->endpoint), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->status), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->status), "dim-label");
  {
    GtkLabel *column[] = { self->title, self->endpoint, self->status };

    for (guint i = 0; i < G_N_ELEMENTS (column); i++)
      {
        gtk_label_set_xalign (column[i], 0);
        gtk_label_set_ellipsize (column[i], PANGO_ELLIPSIZE_MIDDLE);
        gtk_box_append (GTK_BOX (labels), GTK_WIDGET (column[i]));
      }
  }

  if (SE_IS_PAGE (page))
    g_object_bind_property (page, "title", self->title, "label", G_BINDING_SYNC_CREATE);
  bind_label (self, "endpoint", self->endpoint);
  bind_label (self, "status", self->status);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), box);

  return GTK_WIDGET (self);
}

SeEndpointSection
se_endpoint_row_get_section (SeEndpointRow *self)
{
  g_return_val_if_fail (SE_IS_ENDPOINT_ROW (self), 0);

  return self->section;
}

GtkWidget *
se_endpoint_row_get_page (SeEndpointRow *self)
{
  g_return_val_if_fail (SE_IS_ENDPOINT_ROW (self), NULL);

  return self->page;
}

guint
se_endpoint_row_get_serial (SeEndpointRow *self)
{
  g_return_val_if_fail (SE_IS_ENDPOINT_ROW (self), 0);

  return self->serial;
}
