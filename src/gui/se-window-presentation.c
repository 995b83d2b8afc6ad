/* se-window-presentation.c: the window's zoom and presentation mode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For a classroom: Ctrl+plus, Ctrl+minus and Ctrl+0 (and the control in
 * the main menu) scale every text of the app from 50 % to 300 %, kept in
 * the "zoom" setting so the next class starts at the same size; F5 shows
 * the current page and the log alone, full screen, larger and with more
 * contrast, until Esc or F5 again.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "se-window-private.h"
#include "se-zoom.h"

static double
se_window_get_zoom (SeWindow *self)
{
  if (_se_window_has_key (self, "zoom"))
    return g_settings_get_double (self->settings, "zoom");
  return self->zoom;
}

/* Applies the zoom to the display, and says it in the menu and on the
 * zoom actions (none can go past the ends). */
static void
se_window_update_zoom (SeWindow *self)
{
  double zoom = se_window_get_zoom (self);

  se_zoom_apply (gtk_widget_get_display (GTK_WIDGET (self)), zoom);

  if (self->zoom_label != NULL)
    {
      /* Translators: the text size in the main menu, e.g. 125% */
      g_autofree char *text = g_strdup_printf (_("%.0f%%"), zoom * 100);

      gtk_label_set_label (self->zoom_label, text);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-in", zoom < SE_ZOOM_MAX - 0.001);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-out", zoom > SE_ZOOM_MIN + 0.001);
}

static void
se_window_set_zoom (SeWindow *self,
                    double    zoom)
{
  zoom = CLAMP (zoom, SE_ZOOM_MIN, SE_ZOOM_MAX);

  /* Through the setting: every window follows its changed signal. */
  if (_se_window_has_key (self, "zoom"))
    g_settings_set_double (self->settings, "zoom", zoom);
  else
    {
      self->zoom = zoom;
      se_window_update_zoom (self);
    }
}

static void
zoom_changed_cb (SeWindow   *self,
                 const char *key,
                 GSettings  *settings)
{
  se_window_update_zoom (self);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SeWindow *self = SE_WINDOW (widget);
  int direction = g_str_equal (action_name, "win.zoom-in") ? 1 :
                  g_str_equal (action_name, "win.zoom-out") ? -1 : 0;

  se_window_set_zoom (self, se_zoom_step (se_window_get_zoom (self), direction));
}

GtkWidget *
_se_window_create_zoom_control (SeWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *out = gtk_button_new_from_icon_name ("zoom-out-symbolic");
  GtkWidget *reset = gtk_button_new ();
  GtkWidget *in = gtk_button_new_from_icon_name ("zoom-in-symbolic");

  gtk_widget_add_css_class (box, "linked");
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (reset, TRUE);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (out), "win.zoom-out");
  gtk_widget_set_tooltip_text (out, _("Smaller Text"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (out), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Smaller Text"), -1);

  self->zoom_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_width_chars (self->zoom_label, 5);
  gtk_button_set_child (GTK_BUTTON (reset), GTK_WIDGET (self->zoom_label));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (reset), "win.zoom-reset");
  gtk_widget_set_tooltip_text (reset, _("Normal Text Size"));

  gtk_actionable_set_action_name (GTK_ACTIONABLE (in), "win.zoom-in");
  gtk_widget_set_tooltip_text (in, _("Larger Text"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (in), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Larger Text"), -1);

  gtk_box_append (GTK_BOX (box), out);
  gtk_box_append (GTK_BOX (box), reset);
  gtk_box_append (GTK_BOX (box), in);

  se_window_update_zoom (self);

  return box;
}

/* Presentation mode */

void
_se_window_set_presentation (SeWindow *self,
                             gboolean  presentation)
{
  presentation = !!presentation;
  if (self->presentation == presentation)
    return;

  self->presentation = presentation;
  /* The page and the log only: the sidebar goes, the window fills the
   * screen, and the "presentation" style makes text larger and stronger. */
  gtk_widget_set_visible (self->sidebar, !presentation);
  gtk_widget_set_visible (self->sidebar_separator, !presentation);
  adw_leaflet_set_visible_child (self->leaflet, self->content);
  if (presentation)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "presentation");
      gtk_window_fullscreen (GTK_WINDOW (self));
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "presentation");
      gtk_window_unfullscreen (GTK_WINDOW (self));
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.leave-presentation", presentation);
  g_object_notify (G_OBJECT (self), "presentation");
}

/* Esc leaves presentation mode. The action is enabled only then, so
 * that otherwise Esc goes on to whoever wants it (a search entry). */
static void
leave_presentation_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  _se_window_set_presentation (SE_WINDOW (widget), FALSE);
}

void
_se_window_class_init_presentation (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, zoom_action);
  /* SeWindow:presentation, installed by se-window.c */
  gtk_widget_class_install_property_action (widget_class, "win.presentation", "presentation");
  gtk_widget_class_install_action (widget_class, "win.leave-presentation", NULL, leave_presentation_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.leave-presentation", NULL);
}

void
_se_window_init_presentation (SeWindow *self)
{
  self->zoom = 1.0;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.leave-presentation", FALSE);
  if (_se_window_has_key (self, "zoom"))
    g_signal_connect_object (self->settings, "changed::zoom",
                             G_CALLBACK (zoom_changed_cb), self, G_CONNECT_SWAPPED);
  se_window_update_zoom (self);
}
