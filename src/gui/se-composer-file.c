/* se-composer-file.c: send a file as it is, as one message
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Send File… picks a file; its bytes are read off the main loop and go
 * out as they are (no escapes, no macros, no line ending, no encoding)
 * to wherever the composer sends. The widget is in se-composer.c.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "se-composer-private.h"

#define SEND_FILE_MAX ((goffset) 1 << 30)

static void
se_composer_say (SeComposer *self,
                 const char *text,
                 gboolean    is_error)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), is_error ? "dim-label" : "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->message_label), is_error ? "error" : "dim-label");
  gtk_label_set_text (self->message_label, text);
}

static void
file_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GFile *file = G_FILE (object);
  g_autoptr(SeComposer) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *text = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gboolean ok = FALSE;
  gsize length;

  if (!g_file_load_contents_finish (file, result, &contents, &length, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_clear_object (&self->file_cancellable);
      text = g_strdup_printf ("%s: %s", name, error->message);
      se_composer_say (self, text, TRUE);
      return;
    }
  g_clear_object (&self->file_cancellable);
  if (!self->can_send)
    return;

  /* As it is: no escapes, no macros, no line ending, no encoding */
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  g_signal_emit_by_name (self, "send", bytes, &ok);
  if (!ok)
    return;
  self->sent++;
  /* Translators: after a file was sent, e.g. "notes.txt: 1520 bytes sent." */
  text = g_strdup_printf (ngettext ("%s: %zu byte sent.", "%s: %zu bytes sent.", (gulong) MIN (length, G_MAXULONG)),
                          name, length);
  se_composer_say (self, text, FALSE);
}

static void
file_chosen_cb (GtkNativeDialog *chooser,
                int              response,
                SeComposer      *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->file_chooser);
  if (file != NULL)
    se_composer_send_file (self, file);
}

/* Reads file (asynchronously) and sends its bytes as they are, as one
 * message, to wherever this composer sends. */
void
se_composer_send_file (SeComposer *self,
                       GFile      *file)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SE_IS_COMPOSER (self));
  g_return_if_fail (G_IS_FILE (file));

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                            G_FILE_QUERY_INFO_NONE, NULL, &error);
  if (info != NULL && g_file_info_get_size (info) > SEND_FILE_MAX)
    {
      /* Translators: %s is a file name */
      g_autofree char *text = g_strdup_printf (_("%s is larger than 1 GiB, the most one message may hold"),
                                               g_file_info_get_display_name (info));

      se_composer_say (self, text, TRUE);
      return;
    }

  /* Read off the main loop; the bytes then go into the send queue. */
  g_cancellable_cancel (self->file_cancellable);
  g_clear_object (&self->file_cancellable);
  self->file_cancellable = g_cancellable_new ();
  se_composer_say (self, _("Reading the file…"), FALSE);
  g_file_load_contents_async (file, self->file_cancellable, file_loaded_cb, g_object_ref (self));
}

void
_se_composer_send_file_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  SeComposer *self = SE_COMPOSER (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (!self->can_send || self->file_chooser != NULL)
    return;

  self->file_chooser = GTK_NATIVE_DIALOG (gtk_file_chooser_native_new (_("Send a File"),
                                                                       GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                                       GTK_FILE_CHOOSER_ACTION_OPEN,
                                                                       _("_Send"), NULL));
  gtk_native_dialog_set_modal (self->file_chooser, TRUE);
  g_signal_connect_object (self->file_chooser, "response", G_CALLBACK (file_chosen_cb), self, 0);
  gtk_native_dialog_show (self->file_chooser);
}
