/* se-composer-auto-send.c: the composer's auto-send settings, as
 * workspaces keep them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "se-composer-private.h"

/* Workspaces: the auto-send set up here (an interval, a count other than
 * one, a message), whether or not it runs; FALSE if none is. */
gboolean
se_composer_get_auto_send (SeComposer  *self,
                           char       **data,
                           gboolean    *hex,
                           SeEol       *eol,
                           guint       *count,
                           guint       *interval_ms)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));

  *count = gtk_spin_button_get_value_as_int (self->count_spin);
  *interval_ms = gtk_spin_button_get_value_as_int (self->interval_spin);
  if (text[0] == '\0' || *count == 1 || *interval_ms == 0)
    return FALSE;
  *data = g_strdup (text);
  *hex = _se_composer_get_payload_format (self) == SE_PAYLOAD_HEX;
  *eol = _se_composer_get_eol (self);
  return TRUE;
}

/* Sets one up, ready for Send (not started) */
void
se_composer_set_auto_send (SeComposer *self,
                           const char *data,
                           gboolean    hex,
                           SeEol       eol,
                           guint       count,
                           guint       interval_ms)
{
  g_object_set (self, "format", hex ? "hex" : "text", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (_se_composer_eols); i++)
    if (_se_composer_eols[i] == eol)
      gtk_drop_down_set_selected (self->eol_dropdown, i);
  gtk_spin_button_set_value (self->count_spin, count);
  gtk_spin_button_set_value (self->interval_spin, interval_ms);
  se_composer_set_text (self, data);
}
