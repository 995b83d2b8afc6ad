/* se-window-step.c: step mode, the window's sockets held at each call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A teacher narrates a handshake, a message and a close one call at a
 * time: with step mode on (the header bar's toggle, the main menu), each
 * send(), recv(), accept() and close() of the window's stream sockets
 * waits (se-stepper.c), the bar under the header says which call is next,
 * and F10 or its Next button lets it go. Leaving step mode lets
 * everything held go at once. While step mode is on, F10 is Next rather
 * than the main menu's key.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "se-stepper-proxy.h"
#include "se-window-private.h"

static void
se_window_update_step (SeWindow *self)
{
  gboolean enabled = se_stepper_proxy_get_enabled (self->stepper);
  guint n_held = se_stepper_proxy_get_n_held (self->stepper);
  GAction *mode = g_action_map_lookup_action (G_ACTION_MAP (self->step_actions), "mode");
  GAction *next = g_action_map_lookup_action (G_ACTION_MAP (self->step_actions), "next");
  g_autofree char *text = NULL;
  g_autofree char *more = NULL;

  g_simple_action_set_state (G_SIMPLE_ACTION (mode), g_variant_new_boolean (enabled));
  g_simple_action_set_enabled (G_SIMPLE_ACTION (next), enabled && n_held > 0);
  gtk_revealer_set_reveal_child (self->step_bar, enabled);
  /* F10 is Next while stepping, the main menu's key otherwise */
  gtk_menu_button_set_primary (self->primary_button, !enabled);

  if (n_held == 0)
    text = g_strdup (_("Step mode: nothing is held. The next connect(), send(), recv(), accept(), close(), sendto() or recvfrom() of a socket waits here."));
  else
    /* Translators: %s is the held call, e.g. "send(5) on TCP connection #3" */
    text = g_strdup_printf (_("Held: %s — press F10"), se_stepper_proxy_get_next_description (self->stepper));
  gtk_label_set_text (self->step_label, text);

  if (n_held > 1)
    /* Translators: how many calls wait behind the one shown */
    more = g_strdup_printf (ngettext ("%u more call waits", "%u more calls wait", n_held - 1), n_held - 1);
  gtk_label_set_text (self->step_more_label, more != NULL ? more : "");
  gtk_widget_set_visible (GTK_WIDGET (self->step_more_label), more != NULL);
}

static void
step_mode_change_state (GSimpleAction *action,
                        GVariant      *state,
                        gpointer       user_data)
{
  SeWindow *self = user_data;

  se_stepper_proxy_set_enabled (self->stepper, g_variant_get_boolean (state));
  se_window_update_step (self);
}

static void
step_mode_activate (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  g_autoptr(GVariant) state = g_action_get_state (G_ACTION (action));

  g_action_change_state (G_ACTION (action), g_variant_new_boolean (!g_variant_get_boolean (state)));
}

static void
step_next_activate (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  SeWindow *self = user_data;

  se_stepper_proxy_next (self->stepper);
  se_window_update_step (self);
}

static GtkWidget *
create_step_bar (SeWindow *self)
{
  GtkWidget *revealer = gtk_revealer_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name ("media-skip-forward-symbolic");
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *next = gtk_button_new_with_mnemonic (_("_Next Step"));
  GtkWidget *leave = gtk_button_new_with_mnemonic (_("_Leave Step Mode"));

  gtk_widget_add_css_class (box, "step-bar");
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  self->step_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->step_label, 0);
  gtk_label_set_wrap (self->step_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->step_label), "heading");
  self->step_more_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->step_more_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->step_more_label), "caption");
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_set_valign (labels, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (labels), GTK_WIDGET (self->step_label));
  gtk_box_append (GTK_BOX (labels), GTK_WIDGET (self->step_more_label));

  gtk_actionable_set_action_name (GTK_ACTIONABLE (next), "step.next");
  gtk_widget_add_css_class (next, "suggested-action");
  gtk_widget_set_valign (next, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (next, _("Let the held call go (F10)"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (leave), "step.mode");
  gtk_widget_set_valign (leave, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (leave, _("Let every held call go and stop holding"));

  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_box_append (GTK_BOX (box), next);
  gtk_box_append (GTK_BOX (box), leave);
  gtk_revealer_set_child (GTK_REVEALER (revealer), box);
  gtk_revealer_set_transition_type (GTK_REVEALER (revealer), GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  return revealer;
}

void
_se_window_init_step (SeWindow *self)
{
  static const GActionEntry entries[] = {
    { "mode", step_mode_activate, NULL, "false", step_mode_change_state },
    { "next", step_next_activate },
  };
  GtkWidget *header = gtk_widget_get_first_child (self->content);
  GtkWidget *toggle;

  self->stepper = se_stepper_proxy_new (self->network);
  self->step_actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->step_actions), entries,
                                   G_N_ELEMENTS (entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "step", G_ACTION_GROUP (self->step_actions));

  /* Under the content's header bar, above the page and the log */
  self->step_bar = GTK_REVEALER (create_step_bar (self));
  gtk_box_insert_child_after (GTK_BOX (self->content), GTK_WIDGET (self->step_bar), header);

  toggle = gtk_toggle_button_new ();
  gtk_widget_set_name (toggle, "step-mode-button");
  gtk_button_set_icon_name (GTK_BUTTON (toggle), "media-skip-forward-symbolic");
  gtk_widget_set_tooltip_text (toggle, _("Step Mode: hold each call of the sockets until Next (F10)"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (toggle), "step.mode");
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), toggle);

  g_signal_connect_object (self->stepper, "notify",
                           G_CALLBACK (se_window_update_step), self, G_CONNECT_SWAPPED);
  se_window_update_step (self);
}

void
_se_window_dispose_step (SeWindow *self)
{
  /* Held calls go on as the window's sockets close */
  if (self->stepper != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->stepper, self);
      se_stepper_proxy_set_enabled (self->stepper, FALSE);
    }
  g_clear_object (&self->stepper);
  g_clear_object (&self->step_actions);
}
