/* se-gui-util.c: small helpers shared by the window's widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "se-gui-util.h"

void
se_gui_show_error (GtkWidget    *widget,
                   const char   *what,
                   const GError *error)
{
  g_autofree char *text = NULL;

  if (what != NULL)
    /* Translators: what failed, then why, e.g. "Could not send: Connection reset by peer" */
    text = g_strdup_printf (_("%s: %s"), what, error->message);
  else
    text = g_strdup (error->message);

  se_gui_show_toast (widget, text);
}

void
se_gui_show_toast (GtkWidget  *widget,
                   const char *text)
{
  /* The window's "win.toast" action, found up the widget's ancestors:
   * widgets need not know the window (no include of se-window.h). A
   * widget not in a window has nowhere to show it. */
  gtk_widget_activate_action (widget, "win.toast", "s", text);
}

void
se_gui_spin_button_set_activates_default (GtkSpinButton *spin)
{
  GtkEditable *delegate;

  g_return_if_fail (GTK_IS_SPIN_BUTTON (spin));

  /* The spin button's text updates the value on "activate" before the
   * text's own handler activates the default widget. */
  delegate = gtk_editable_get_delegate (GTK_EDITABLE (spin));
  if (GTK_IS_TEXT (delegate))
    gtk_text_set_activates_default (GTK_TEXT (delegate), TRUE);
}

static void
full_list_update_check (GtkListItem *item)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  AdwComboRow *row = g_object_get_data (G_OBJECT (item), "se-combo-row");

  if (box == NULL || row == NULL)
    return;

  gtk_widget_set_opacity (gtk_widget_get_last_child (box),
                          gtk_list_item_get_position (item) == adw_combo_row_get_selected (row) ? 1 : 0);
}

static void
full_list_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    AdwComboRow              *row)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), check);
  gtk_list_item_set_child (item, box);
  g_object_set_data (G_OBJECT (item), "se-combo-row", row);
}

static void
full_list_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   AdwComboRow              *row)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GObject *object = gtk_list_item_get_item (item);

  if (GTK_IS_STRING_OBJECT (object))
    gtk_label_set_text (GTK_LABEL (gtk_widget_get_first_child (box)),
                        gtk_string_object_get_string (GTK_STRING_OBJECT (object)));
  g_signal_connect_object (row, "notify::selected", G_CALLBACK (full_list_update_check),
                           item, G_CONNECT_SWAPPED);
  full_list_update_check (item);
}

static void
full_list_unbind_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     AdwComboRow              *row)
{
  g_signal_handlers_disconnect_by_func (row, full_list_update_check, item);
}

void
se_gui_combo_row_set_full_list (AdwComboRow *row)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_return_if_fail (ADW_IS_COMBO_ROW (row));

  g_signal_connect (factory, "setup", G_CALLBACK (full_list_setup_cb), row);
  g_signal_connect (factory, "bind", G_CALLBACK (full_list_bind_cb), row);
  g_signal_connect (factory, "unbind", G_CALLBACK (full_list_unbind_cb), row);
  adw_combo_row_set_list_factory (row, factory);
}
