/* se-code-window.c: the Python or C program that does what a page does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A window of its own, beside the main one, so that it fits any screen
 * the main window fits and a teacher can put it next to the log. The
 * page that opened it pushes its options whenever they change; the
 * program is made by the core's generator (se-codegen.h), the same one
 * `socket-explorer-cli code` prints with.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "se-code-window.h"

struct _SeCodeWindow
{
  AdwWindow          parent_instance;

  AdwWindowTitle    *window_title;
  AdwToastOverlay   *toast_overlay;
  GtkStack          *stack;
  GtkTextView       *text_view;
  AdwStatusPage     *empty_page;
  GtkLabel          *run_label;
  GtkLabel          *note_label;

  SeCodeLanguage     language;
  gboolean           has_options;
  SeCodeOptions      options;    /* with references of its own */
  char              *text;       /* the program shown */
  GtkFileChooserNative *chooser;
  GCancellable      *cancellable;  /* a save in progress */
};

enum {
  PROP_0,
  PROP_LANGUAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SeCodeWindow, se_code_window, ADW_TYPE_WINDOW)

static void
clear_options (SeCodeWindow *self)
{
  g_clear_pointer (&self->options.endpoint, se_endpoint_unref);
  g_clear_pointer (&self->options.responder, se_responder_unref);
  g_clear_pointer (&self->options.data, g_bytes_unref);
  self->has_options = FALSE;
}

static void
regenerate (SeCodeWindow *self)
{
  g_autofree char *file_name = NULL;
  g_autofree char *run = NULL;
  g_autofree char *run_text = NULL;

  g_clear_pointer (&self->text, g_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "code.copy", self->has_options);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "code.save", self->has_options);

  if (!self->has_options)
    {
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), "", -1);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      gtk_widget_set_visible (GTK_WIDGET (self->run_label), FALSE);
      return;
    }

  self->options.language = self->language;
  self->text = se_code_generate (&self->options);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), self->text, -1);
  gtk_stack_set_visible_child_name (self->stack, "code");

  file_name = se_code_suggest_file_name (&self->options);
  run = se_code_run_command (&self->options, file_name);
  /* Translators: %s is a command such as "python3 tcp_client.py" */
  run_text = g_strdup_printf (_("Save it, then run it with: %s"), run);
  gtk_label_set_text (self->run_label, run_text);
  gtk_widget_set_visible (GTK_WIDGET (self->run_label), TRUE);
}

static void
se_code_window_copy_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  SeCodeWindow *self = SE_CODE_WINDOW (widget);

  if (self->text == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->text);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Program copied")));
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SeCodeWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: %s says why, e.g. "Permission denied" */
      message = g_strdup_printf (_("Could not save the program: %s"), error->message);
    }
  else
    {
      g_autofree char *name = g_file_get_basename (G_FILE (source));

      /* Translators: %s is a file name */
      message = g_strdup_printf (_("Saved as %s"), name);
    }

  g_clear_object (&self->cancellable);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
chooser_response_cb (SeCodeWindow         *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GtkFileChooserNative) owned = g_steal_pointer (&self->chooser);

  if (response == GTK_RESPONSE_ACCEPT && self->text != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      GBytes *contents = g_bytes_new (self->text, strlen (self->text));

      if (file != NULL)
        {
          g_cancellable_cancel (self->cancellable);
          g_clear_object (&self->cancellable);
          self->cancellable = g_cancellable_new ();
          /* Off the main loop: a slow disk or a network folder does not
           * stop the window. The bytes live until the write is done. */
          g_file_replace_contents_bytes_async (file, contents, NULL, FALSE,
                                               G_FILE_CREATE_REPLACE_DESTINATION,
                                               self->cancellable, save_done_cb,
                                               g_object_ref (self));
        }
      g_bytes_unref (contents);
    }

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
}

static void
se_code_window_save_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  SeCodeWindow *self = SE_CODE_WINDOW (widget);
  g_autofree char *name = NULL;
  GtkFileFilter *filter;

  if (self->text == NULL)
    return;

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  self->chooser = gtk_file_chooser_native_new (_("Save the Program"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  filter = gtk_file_filter_new ();
  if (self->language == SE_CODE_PYTHON)
    {
      gtk_file_filter_set_name (filter, _("Python programs"));
      gtk_file_filter_add_suffix (filter, "py");
    }
  else
    {
      gtk_file_filter_set_name (filter, _("C programs"));
      gtk_file_filter_add_suffix (filter, "c");
    }
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_object_unref (filter);
  name = se_code_suggest_file_name (&self->options);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
se_code_window_dispose (GObject *object)
{
  SeCodeWindow *self = SE_CODE_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), SE_TYPE_CODE_WINDOW);

  G_OBJECT_CLASS (se_code_window_parent_class)->dispose (object);
}

static void
se_code_window_finalize (GObject *object)
{
  SeCodeWindow *self = SE_CODE_WINDOW (object);

  clear_options (self);
  g_free (self->text);

  G_OBJECT_CLASS (se_code_window_parent_class)->finalize (object);
}

static void
se_code_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SeCodeWindow *self = SE_CODE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      g_value_set_string (value, se_code_language_to_string (self->language));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
se_code_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SeCodeWindow *self = SE_CODE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      {
        SeCodeLanguage language;

        if (!se_code_language_from_string (g_value_get_string (value), &language))
          language = SE_CODE_PYTHON;
        if (language != self->language)
          {
            self->language = language;
            regenerate (self);
            g_object_notify_by_pspec (object, pspec);
          }
      }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
se_code_window_class_init (SeCodeWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = se_code_window_dispose;
  object_class->finalize = se_code_window_finalize;
  object_class->get_property = se_code_window_get_property;
  object_class->set_property = se_code_window_set_property;

  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL, "python",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/socketexplorer/SocketExplorer/se-code-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SeCodeWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SeCodeWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SeCodeWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SeCodeWindow, text_view);
  gtk_widget_class_bind_template_child (widget_class, SeCodeWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SeCodeWindow, run_label);
  gtk_widget_class_bind_template_child (widget_class, SeCodeWindow, note_label);

  gtk_widget_class_install_property_action (widget_class, "code.language", "language");
  gtk_widget_class_install_action (widget_class, "code.copy", NULL, se_code_window_copy_action);
  gtk_widget_class_install_action (widget_class, "code.save", NULL, se_code_window_save_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "code.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "code.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
se_code_window_init (SeCodeWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->language = SE_CODE_PYTHON;
  regenerate (self);
}

SeCodeWindow *
se_code_window_new (GtkWindow  *parent,
                    const char *page_title)
{
  SeCodeWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (SE_TYPE_CODE_WINDOW,
                       "transient-for", parent,
                       NULL);
  if (parent != NULL && gtk_window_get_application (parent) != NULL)
    gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (parent));
  se_code_window_set_page_title (self, page_title);

  return self;
}

void
se_code_window_set_page_title (SeCodeWindow *self,
                               const char   *page_title)
{
  g_return_if_fail (SE_IS_CODE_WINDOW (self));

  adw_window_title_set_subtitle (self->window_title, page_title != NULL ? page_title : "");
}

void
se_code_window_set_options (SeCodeWindow        *self,
                            const SeCodeOptions *options,
                            const char          *note)
{
  g_return_if_fail (SE_IS_CODE_WINDOW (self));

  clear_options (self);
  if (options != NULL)
    {
      self->options = *options;
      self->options.endpoint = options->endpoint != NULL ? se_endpoint_ref (options->endpoint) : NULL;
      self->options.responder = options->responder != NULL ? se_responder_ref (options->responder) : NULL;
      self->options.data = options->data != NULL ? g_bytes_ref (options->data) : NULL;
      self->has_options = options->endpoint != NULL;
    }

  if (self->has_options)
    {
      gtk_label_set_text (self->note_label, note != NULL ? note : "");
      gtk_widget_set_visible (GTK_WIDGET (self->note_label), note != NULL && *note != '\0');
    }
  else
    {
      adw_status_page_set_description (self->empty_page, note);
      gtk_widget_set_visible (GTK_WIDGET (self->note_label), FALSE);
    }
  regenerate (self);
}

const char *
se_code_window_get_text (SeCodeWindow *self)
{
  g_return_val_if_fail (SE_IS_CODE_WINDOW (self), NULL);

  return self->text;
}

guint
se_code_window_read_size_of (GObject *proxy)
{
  GParamSpec *pspec;
  g_auto(GValue) value = G_VALUE_INIT;
  g_auto(GValue) as_uint = G_VALUE_INIT;

  g_return_val_if_fail (G_IS_OBJECT (proxy), SE_CODE_DEFAULT_READ_SIZE);

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (proxy), "read-size");
  if (pspec == NULL || !(pspec->flags & G_PARAM_READABLE))
    return SE_CODE_DEFAULT_READ_SIZE;

  g_value_init (&value, pspec->value_type);
  g_object_get_property (proxy, "read-size", &value);
  g_value_init (&as_uint, G_TYPE_UINT);
  if (!g_value_transform (&value, &as_uint) || g_value_get_uint (&as_uint) == 0)
    return SE_CODE_DEFAULT_READ_SIZE;

  return g_value_get_uint (&as_uint);
}
