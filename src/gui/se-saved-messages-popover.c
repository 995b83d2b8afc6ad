/* se-saved-messages-popover.c: the composer's list of saved messages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row per message of the library: its shortcut (Ctrl+1…9 for the
 * first nine), its name (double-click to rename), a preview, a button
 * that loads it into the composer and one that deletes it. A click on
 * the row sends it. Import and export go through the portal-friendly
 * GtkFileChooserNative (GtkFileDialog is GTK 4.10).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "se-gui-util.h"
#include "se-payload.h"
#include "se-saved-messages-popover.h"

#define PREVIEW_CHARS 32

struct _SeSavedMessagesPopover
{
  GtkPopover        parent_instance;

  GtkListBox       *list;
  SeMessageLibrary *library;
  GtkNativeDialog  *chooser;   /* while importing or exporting */
};

enum {
  SEND,
  EDIT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SeSavedMessagesPopover, se_saved_messages_popover, GTK_TYPE_POPOVER)

static SeMessageLibrary *default_library;
/* Why the library's file could not be read, until someone is told */
static GError *load_error;

static void
show_load_error (GtkWidget *widget)
{
  if (load_error == NULL || widget == NULL || gtk_widget_get_root (widget) == NULL)
    return;
  se_gui_show_error (widget, _("Could not read the saved messages"), load_error);
  g_clear_error (&load_error);
}

SeMessageLibrary *
se_saved_messages_get_library (GtkWidget *widget)
{
  if (default_library == NULL)
    {
      g_autoptr(GFile) file = se_message_library_dup_default_file ();

      default_library = se_message_library_new_for_file (file, &load_error);
    }
  show_load_error (widget);
  return default_library;
}

void
se_saved_messages_flush (void)
{
  if (default_library != NULL)
    se_message_library_flush (default_library);
}

static gboolean
find_position (SeMessageLibrary *library,
               SeSavedMessage   *message,
               guint            *position)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (library)); i++)
    {
      g_autoptr(SeSavedMessage) item = g_list_model_get_item (G_LIST_MODEL (library), i);

      if (item == message)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

static void
delete_clicked_cb (GtkButton              *button,
                   SeSavedMessagesPopover *self)
{
  SeSavedMessage *message = g_object_get_data (G_OBJECT (button), "se-message");
  guint position;

  if (find_position (self->library, message, &position))
    se_message_library_remove (self->library, position);
}

static void
edit_clicked_cb (GtkButton              *button,
                 SeSavedMessagesPopover *self)
{
  SeSavedMessage *message = g_object_get_data (G_OBJECT (button), "se-message");

  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[EDIT], 0, message);
}

static char *
preview (SeSavedMessage *message)
{
  const char *data = se_saved_message_get_data (message);
  /* The line ending as the escapes it stands for */
  static const char * const eols[] = { [SE_EOL_NONE] = "", [SE_EOL_LF] = "\\n", [SE_EOL_CRLF] = "\\r\\n" };
  const char *eol = eols[se_saved_message_get_eol (message)];

  if (se_saved_message_get_hex (message))
    /* Translators: the preview of a saved message in hexadecimal */
    return g_strdup_printf (_("hex %s"), data);
  return g_utf8_strlen (data, -1) > PREVIEW_CHARS
         ? g_strdup_printf ("%.*s…", (int) (g_utf8_offset_to_pointer (data, PREVIEW_CHARS) - data), data)
         : g_strconcat (data, eol, NULL);
}

static void
message_data_changed_cb (SeSavedMessage *message,
                         GParamSpec     *pspec,
                         GtkLabel       *label)
{
  g_autofree char *text = preview (message);

  gtk_label_set_text (label, text);
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  SeSavedMessagesPopover *self = user_data;
  SeSavedMessage *message = item;
  GtkWidget *row, *box, *texts, *name, *data, *button;
  g_autofree char *text = preview (message);

  row = gtk_list_box_row_new ();
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);

  texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_hexpand (texts, TRUE);
  name = gtk_editable_label_new (se_saved_message_get_name (message));
  gtk_widget_set_tooltip_text (name, _("Double-click to rename"));
  g_object_bind_property (message, "name", name, "text", G_BINDING_BIDIRECTIONAL);
  gtk_box_append (GTK_BOX (texts), name);
  data = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (data), 0);
  gtk_label_set_ellipsize (GTK_LABEL (data), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (data, "caption");
  gtk_widget_add_css_class (data, "dim-label");
  gtk_widget_add_css_class (data, "payload");
  g_signal_connect_object (message, "notify::data", G_CALLBACK (message_data_changed_cb), data, 0);
  g_signal_connect_object (message, "notify::eol", G_CALLBACK (message_data_changed_cb), data, 0);
  gtk_box_append (GTK_BOX (texts), data);
  gtk_box_append (GTK_BOX (box), texts);

  button = gtk_button_new_from_icon_name ("document-edit-symbolic");
  gtk_widget_set_tooltip_text (button, _("Load into the composer"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data_full (G_OBJECT (button), "se-message", g_object_ref (message), g_object_unref);
  g_signal_connect_object (button, "clicked", G_CALLBACK (edit_clicked_cb), self, 0);
  gtk_box_append (GTK_BOX (box), button);

  button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_tooltip_text (button, _("Delete"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data_full (G_OBJECT (button), "se-message", g_object_ref (message), g_object_unref);
  g_signal_connect_object (button, "clicked", G_CALLBACK (delete_clicked_cb), self, 0);
  gtk_box_append (GTK_BOX (box), button);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "se-message", g_object_ref (message), g_object_unref);
  return row;
}

/* "Ctrl+1" … "Ctrl+9" before the first nine rows */
static void
update_shortcuts (SeSavedMessagesPopover *self)
{
  GtkListBoxRow *row;

  for (guint i = 0; (row = gtk_list_box_get_row_at_index (self->list, i)) != NULL; i++)
    {
      GtkWidget *box = gtk_list_box_row_get_child (row);
      GtkWidget *first = gtk_widget_get_first_child (box);
      g_autofree char *text = NULL;

      if (!GTK_IS_LABEL (first))
        {
          first = gtk_label_new (NULL);
          gtk_widget_add_css_class (first, "dim-label");
          gtk_widget_add_css_class (first, "numeric");
          gtk_widget_set_size_request (first, 48, -1);
          gtk_box_prepend (GTK_BOX (box), first);
        }
      if (i < 9)
        /* Translators: the keyboard shortcut that sends a saved message */
        text = g_strdup_printf (_("Ctrl+%u"), i + 1);
      gtk_label_set_text (GTK_LABEL (first), text != NULL ? text : "");
    }
}

static void
row_activated_cb (SeSavedMessagesPopover *self,
                  GtkListBoxRow          *row)
{
  SeSavedMessage *message = g_object_get_data (G_OBJECT (row), "se-message");

  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[SEND], 0, message);
}

static void
import_response_cb (GtkNativeDialog        *chooser,
                    int                     response,
                    SeSavedMessagesPopover *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  int added;

  if (response != GTK_RESPONSE_ACCEPT)
    goto out;

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  added = se_message_library_import_file (self->library, file, &error);
  if (added < 0)
    se_gui_show_error (GTK_WIDGET (self), _("Could not import the messages"), error);
  else
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%d message imported", "%d messages imported", added),
                                               added);

      se_gui_show_toast (GTK_WIDGET (self), text);
    }

out:
  g_clear_object (&self->chooser);
}

static void
export_response_cb (GtkNativeDialog        *chooser,
                    int                     response,
                    SeSavedMessagesPopover *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      if (!se_message_library_export_file (self->library, file, &error))
        se_gui_show_error (GTK_WIDGET (self), _("Could not export the messages"), error);
      else
        se_gui_show_toast (GTK_WIDGET (self), _("Saved messages exported"));
    }
  g_clear_object (&self->chooser);
}

static void
choose (SeSavedMessagesPopover *self,
        gboolean                save)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_popover_popdown (GTK_POPOVER (self));
  g_clear_object (&self->chooser);
  self->chooser = GTK_NATIVE_DIALOG (gtk_file_chooser_native_new (save ? _("Export Saved Messages")
                                                                        : _("Import Saved Messages"),
                                                                   GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                                   save ? GTK_FILE_CHOOSER_ACTION_SAVE
                                                                        : GTK_FILE_CHOOSER_ACTION_OPEN,
                                                                   save ? _("_Export") : _("_Import"),
                                                                   NULL));
  gtk_file_filter_set_name (filter, _("Saved messages and workspaces"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_filter_add_pattern (filter, "*.sews");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  if (save)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), "messages.json");
  gtk_native_dialog_set_modal (self->chooser, TRUE);
  g_signal_connect_object (self->chooser, "response",
                           G_CALLBACK (save ? export_response_cb : import_response_cb), self, 0);
  gtk_native_dialog_show (self->chooser);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  choose (SE_SAVED_MESSAGES_POPOVER (widget), FALSE);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  choose (SE_SAVED_MESSAGES_POPOVER (widget), TRUE);
}

static void
se_saved_messages_popover_dispose (GObject *object)
{
  SeSavedMessagesPopover *self = SE_SAVED_MESSAGES_POPOVER (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), SE_TYPE_SAVED_MESSAGES_POPOVER);
  g_clear_object (&self->library);

  G_OBJECT_CLASS (se_saved_messages_popover_parent_class)->dispose (object);
}

static void
se_saved_messages_popover_class_init (SeSavedMessagesPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = se_saved_messages_popover_dispose;

  signals[SEND] =
    g_signal_new ("send", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SE_TYPE_SAVED_MESSAGE);
  signals[EDIT] =
    g_signal_new ("edit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SE_TYPE_SAVED_MESSAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/socketexplorer/SocketExplorer/se-saved-messages-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, SeSavedMessagesPopover, list);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "saved.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "saved.export", NULL, export_action);
}

static void
se_saved_messages_popover_init (SeSavedMessagesPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* A file that could not be read is said when the list is first
   * opened (the composers are made before their window shows). */
  g_signal_connect (self, "show", G_CALLBACK (show_load_error), NULL);
}

GtkWidget *
se_saved_messages_popover_new (SeMessageLibrary *library)
{
  SeSavedMessagesPopover *self;

  g_return_val_if_fail (SE_IS_MESSAGE_LIBRARY (library), NULL);

  self = g_object_new (SE_TYPE_SAVED_MESSAGES_POPOVER, NULL);
  self->library = g_object_ref (library);
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (library), create_row_cb, self, NULL);
  g_signal_connect_object (library, "items-changed", G_CALLBACK (update_shortcuts), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  update_shortcuts (self);
  return GTK_WIDGET (self);
}
