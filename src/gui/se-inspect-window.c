/* se-inspect-window.c: the Address Inspector: an address or a port as bytes, byte orders and sockaddr
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window of win.inspect-address (main menu): type an IPv4 or IPv6
 * address, a port, or both, and see what the socket calls make of it as
 * you type (src/core/se-inspect.c; `socket-explorer-cli inspect` prints
 * the same). Esc closes it.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "se-inspect.h"
#include "se-inspect-window.h"

struct _SeInspectWindow
{
  AdwWindow    parent_instance;

  AdwEntryRow *entry_row;
  GtkLabel    *result_label;
};

G_DEFINE_FINAL_TYPE (SeInspectWindow, se_inspect_window, ADW_TYPE_WINDOW)

static void
entry_changed_cb (SeInspectWindow *self)
{
  g_auto(SeInspection) inspection = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (se_inspection_parse (&inspection, gtk_editable_get_text (GTK_EDITABLE (self->entry_row)), &error))
    {
      text = se_inspection_format (&inspection);
      gtk_label_set_text (self->result_label, text);
      gtk_widget_remove_css_class (GTK_WIDGET (self->result_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->entry_row), "error");
    }
  else
    {
      gtk_label_set_text (self->result_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->result_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->entry_row), "error");
    }
}

static void
se_inspect_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SE_TYPE_INSPECT_WINDOW);

  G_OBJECT_CLASS (se_inspect_window_parent_class)->dispose (object);
}

static void
se_inspect_window_class_init (SeInspectWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = se_inspect_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/socketexplorer/SocketExplorer/se-inspect-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SeInspectWindow, entry_row);
  gtk_widget_class_bind_template_child (widget_class, SeInspectWindow, result_label);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
se_inspect_window_init (SeInspectWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* An example to start from: the tutorials' server address */
  se_inspect_window_set_text (self, "127.0.0.1:8080");
}

GtkWidget *
se_inspect_window_new (GtkWindow *parent)
{
  return g_object_new (SE_TYPE_INSPECT_WINDOW,
                       "transient-for", parent,
                       NULL);
}

void
se_inspect_window_set_text (SeInspectWindow *self,
                            const char      *text)
{
  g_return_if_fail (SE_IS_INSPECT_WINDOW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->entry_row), text);
  /* "changed" is not emitted when the text stays the same */
  entry_changed_cb (self);
}

const char *
se_inspect_window_get_shown (SeInspectWindow *self)
{
  g_return_val_if_fail (SE_IS_INSPECT_WINDOW (self), NULL);

  return gtk_label_get_text (self->result_label);
}
