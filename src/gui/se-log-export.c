/* se-log-export.c: exporting the traffic log to a file the user chooses
 *
 * The file chooser, the format choice from the core's log writer table,
 * a name fixed to the chosen format's extension (with a question before
 * replacing a file of the fixed name), and the outcome as a toast. The log
 * view owns one and gives it the log.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include <adwaita.h>

#include "se-log-export.h"
#include "se-log-filter.h"
#include "se-log-writer.h"

struct _SeLogExport
{
  GObject               parent_instance;

  GtkWidget            *parent;   /* weak: its window parents the dialogs */
  SeTrafficLog         *log;
  SeLogFilter          *filter;   /* the view's: what "only the shown events" means */
  GtkFileChooserNative *chooser;
  GCancellable         *cancellable;
  gboolean              offers_shown;  /* the chooser has the "shown" choice */
};

G_DEFINE_FINAL_TYPE (SeLogExport, se_log_export, G_TYPE_OBJECT)

enum {
  TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  SeLogExport *self;
  GFile       *file;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->file);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportData, export_data_free)

static void
export_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(ExportData) data = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!se_traffic_log_export_finish (SE_TRAFFIC_LOG (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: %s says what went wrong */
      message = g_strdup_printf (_("Could not export the log: %s"), error->message);
    }
  else
    {
      g_autofree char *name = g_file_get_basename (data->file);

      /* Translators: %s is a file name */
      message = g_strdup_printf (_("Exported the log to “%s”"), name ? name : "");
    }

  g_signal_emit (data->self, signals[TOAST], 0, message);
}

/* The file a format is saved to: a name that ends in another format's
 * extension (the suggested "traffic-log.txt" after choosing JSON Lines:
 * GTK 4.8's file chooser cannot rename as the choice changes) gets this
 * format's; any other name is left as the user typed it. NULL if the
 * name is right. The extensions come from the core's writer table. */
static GFile *
export_file_for_format (GFile          *file,
                        SeExportFormat  format)
{
  const SeLogWriter *writer = se_log_writer_get (format);
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr(GFile) parent = g_file_get_parent (file);

  if (writer == NULL || name == NULL || parent == NULL)
    return NULL;

  for (guint i = 0; i < se_log_writer_get_n_writers (); i++)
    {
      const SeLogWriter *other = se_log_writer_get ((SeExportFormat) i);
      g_autofree char *suffix = g_strconcat (".", other->extension, NULL);
      g_autofree char *stem = NULL;
      g_autofree char *renamed = NULL;

      if (other == writer || !g_str_has_suffix (name, suffix) ||
          strlen (name) == strlen (suffix))
        continue;

      stem = g_strndup (name, strlen (name) - strlen (suffix));
      renamed = g_strconcat (stem, ".", writer->extension, NULL);

      return g_file_get_child (parent, renamed);
    }

  return NULL;
}

typedef struct
{
  SeLogExport    *self;
  GFile          *file;
  SeExportFormat  format;
  gboolean        shown_only;
} RenamedExport;

static void
renamed_export_free (RenamedExport *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->file);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RenamedExport, renamed_export_free)

static void
replace_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  RenamedExport *data = user_data;

  if (g_strcmp0 (response, "replace") == 0 && data->self != NULL)
    se_log_export_to_file_full (data->self, data->file, data->format, data->shown_only);
  /* Once */
  g_clear_object (&data->self);
}

/* The user confirmed the name they saw, not the renamed one: a file of
 * the renamed one is only replaced when they say so. */
static void
renamed_file_info_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(RenamedExport) data = user_data;
  const SeLogWriter *writer;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  GtkWidget *dialog;
  GtkRoot *root;

  info = g_file_query_info_finish (G_FILE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (info == NULL)
    {
      /* Not there (or not readable: the export says why if it fails) */
      se_log_export_to_file_full (data->self, data->file, data->format, data->shown_only);
      return;
    }

  name = g_file_get_basename (data->file);
  root = data->self->parent != NULL ? gtk_widget_get_root (data->self->parent) : NULL;
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   NULL, NULL);
  /* Translators: %s is a file name */
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Replace “%s”?"), name);
  writer = se_log_writer_get (data->format);
  /* Translators: the first %s is a format ("Text", "JSON Lines"), the
   * second its file name extension ("txt", "jsonl") */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("The log is exported in the format “%s”, so its file name ends in .%s, and a file of that name already exists in the folder. Replacing it overwrites its contents."),
                                  se_log_writer_get_display_name (writer),
                                  writer->extension);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "replace", _("_Replace"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "replace",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (replace_response_cb),
                         g_steal_pointer (&data), (GClosureNotify) renamed_export_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
chooser_response_cb (SeLogExport          *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GtkFileChooserNative) owned = g_steal_pointer (&self->chooser);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      const char *choice = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "format");
      const SeLogWriter *writer = choice != NULL ? se_log_writer_lookup (choice) : NULL;
      SeExportFormat format = writer != NULL ? writer->format : SE_EXPORT_TEXT;
      /* Offered only while the filters hide something. */
      gboolean shown_only = self->offers_shown &&
                            g_strcmp0 (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "shown"), "true") == 0;
      g_autoptr(GFile) renamed = NULL;

      if (file != NULL)
        renamed = export_file_for_format (file, format);

      if (renamed != NULL)
        {
          RenamedExport *data = g_new0 (RenamedExport, 1);

          data->self = g_object_ref (self);
          data->file = g_object_ref (renamed);
          data->format = format;
          data->shown_only = shown_only;
          g_file_query_info_async (renamed, G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                   G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT,
                                   self->cancellable, renamed_file_info_cb, data);
        }
      else if (file != NULL)
        {
          se_log_export_to_file_full (self, file, format, shown_only);
        }
    }

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
}

/* The file chooser, with a choice of every format of the core's writer
 * table; the export starts once a file is chosen. */
void
se_log_export_choose (SeLogExport *self)
{
  guint n_writers = se_log_writer_get_n_writers ();
  g_autofree const char **choice_ids = g_new0 (const char *, n_writers + 1);
  g_autofree const char **choice_labels = g_new0 (const char *, n_writers + 1);
  g_autoptr(GString) suffixes = g_string_new (NULL);
  g_autofree char *filter_name = NULL;
  g_autofree char *current_name = NULL;
  const SeLogWriter *text_writer = se_log_writer_get (SE_EXPORT_TEXT);
  GtkFileFilter *filter;
  GtkRoot *root;

  g_return_if_fail (SE_IS_LOG_EXPORT (self));

  if (self->log == NULL || self->parent == NULL)
    return;

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  root = gtk_widget_get_root (self->parent);
  self->chooser = gtk_file_chooser_native_new (_("Export the Traffic Log"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  /* Every format of the core's writer table, and nothing else. */
  filter = gtk_file_filter_new ();
  for (guint i = 0; i < n_writers; i++)
    {
      const SeLogWriter *writer = se_log_writer_get ((SeExportFormat) i);

      choice_ids[i] = writer->id;
      choice_labels[i] = se_log_writer_get_display_name (writer);
      gtk_file_filter_add_suffix (filter, writer->extension);
      g_string_append_printf (suffixes, "%s.%s", i > 0 ? ", " : "", writer->extension);
    }
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (self->chooser), "format", _("Format"),
                               choice_ids, choice_labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (self->chooser), "format", text_writer->id);
  /* A check box (a choice without options), off: the whole log, unless
   * the user asks for the rows the filters show. */
  self->offers_shown = self->filter != NULL && !se_log_filter_is_any (self->filter);
  if (self->offers_shown)
    gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (self->chooser), "shown",
                                 _("Only the events the filters show"), NULL, NULL);
  /* One real filter, for every format, rather than an empty "(None)".
   * Translators: %s is a list of file name extensions, ".txt, .jsonl" */
  filter_name = g_strdup_printf (_("Traffic logs (%s)"), suffixes->str);
  gtk_file_filter_set_name (filter, filter_name);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_object_unref (filter);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("All files"));
  gtk_file_filter_add_pattern (filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_object_unref (filter);
  /* Translators: the suggested file name of an exported log, without its
   * extension (".txt" is added) */
  current_name = g_strconcat (_("traffic-log"), ".", text_writer->extension, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), current_name);
  g_signal_connect_object (self->chooser, "response",
                           G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
se_log_export_dispose (GObject *object)
{
  SeLogExport *self = SE_LOG_EXPORT (object);

  se_log_export_cancel (self);
  g_clear_object (&self->log);
  g_clear_object (&self->filter);

  G_OBJECT_CLASS (se_log_export_parent_class)->dispose (object);
}

static void
se_log_export_finalize (GObject *object)
{
  SeLogExport *self = SE_LOG_EXPORT (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (se_log_export_parent_class)->finalize (object);
}

static void
se_log_export_class_init (SeLogExportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = se_log_export_dispose;
  object_class->finalize = se_log_export_finalize;

  /**
   * SeLogExport::toast:
   * @message: what to tell the user
   *
   * How an export went (or why it did not), for the window to show as a
   * toast.
   */
  signals[TOAST] =
    g_signal_new ("toast",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
se_log_export_init (SeLogExport *self)
{
  self->cancellable = g_cancellable_new ();
}

SeLogExport *
se_log_export_new (GtkWidget *parent)
{
  SeLogExport *self;

  g_return_val_if_fail (GTK_IS_WIDGET (parent), NULL);

  self = g_object_new (SE_TYPE_LOG_EXPORT, NULL);
  self->parent = parent;
  g_object_add_weak_pointer (G_OBJECT (parent), (gpointer *) &self->parent);

  return self;
}

void
se_log_export_set_log (SeLogExport  *self,
                       SeTrafficLog *log)
{
  g_return_if_fail (SE_IS_LOG_EXPORT (self));
  g_return_if_fail (log == NULL || SE_IS_TRAFFIC_LOG (log));

  g_set_object (&self->log, log);
}

/* The parent is going away: no dialog outlives it, no toast comes after. */
void
se_log_export_cancel (SeLogExport *self)
{
  g_return_if_fail (SE_IS_LOG_EXPORT (self));

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  if (self->parent != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->parent), (gpointer *) &self->parent);
      self->parent = NULL;
    }
}

void
se_log_export_set_filter (SeLogExport *self,
                          SeLogFilter *filter)
{
  g_return_if_fail (SE_IS_LOG_EXPORT (self));
  g_return_if_fail (filter == NULL || SE_IS_LOG_FILTER (filter));

  g_set_object (&self->filter, filter);
}

void
se_log_export_to_file (SeLogExport    *self,
                       GFile          *file,
                       SeExportFormat  format)
{
  se_log_export_to_file_full (self, file, format, FALSE);
}

/* On the export's worker thread, with a filter of its own. */
static gboolean
shown_filter_func (SeEvent  *event,
                   gpointer  user_data)
{
  return gtk_filter_match (GTK_FILTER (user_data), event);
}

void
se_log_export_to_file_full (SeLogExport    *self,
                            GFile          *file,
                            SeExportFormat  format,
                            gboolean        shown_only)
{
  ExportData *data;

  g_return_if_fail (SE_IS_LOG_EXPORT (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->log == NULL)
    return;

  data = g_new0 (ExportData, 1);
  data->self = g_object_ref (self);
  data->file = g_object_ref (file);
  if (shown_only && self->filter != NULL && !se_log_filter_is_any (self->filter))
    {
      /* A copy of the criteria as they are now: the worker thread must not
       * share the view's filter, which the user may change meanwhile. */
      SeLogFilter *copy = se_log_filter_new ();

      se_log_filter_set_criteria (copy,
                                  se_log_filter_get_connection_id (self->filter),
                                  se_log_filter_get_protocol (self->filter),
                                  se_log_filter_get_kind (self->filter),
                                  se_log_filter_get_search (self->filter));
      se_traffic_log_export_filtered_async (self->log, file, format,
                                            shown_filter_func, copy, g_object_unref,
                                            self->cancellable, export_ready_cb, data);
      return;
    }
  se_traffic_log_export_async (self->log, file, format, self->cancellable,
                               export_ready_cb, data);
}
