/* se-composer.c: compose a message as text or hex, and send it once or N times
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "se-composer-private.h"
#include "se-macro.h"
#include "se-encoding.h"
#include "se-payload.h"
#include "se-gui-util.h"
#include "se-saved-messages-popover.h"
#include "se-send-progress.h"


enum {
  PROP_0,
  PROP_FORMAT,
  PROP_ENCODING,
  PROP_CAN_SEND,
  PROP_REPEATING,
  N_PROPS
};

enum {
  SEND,
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SeComposer, se_composer, GTK_TYPE_WIDGET)

static void se_composer_show_end (SeComposer *self);

const SeEol _se_composer_eols[3] = { SE_EOL_NONE, SE_EOL_LF, SE_EOL_CRLF };

SePayloadFormat
_se_composer_get_payload_format (SeComposer *self)
{
  return g_strcmp0 (self->format, "hex") == 0 ? SE_PAYLOAD_HEX : SE_PAYLOAD_TEXT;
}

SeEol
_se_composer_get_eol (SeComposer *self)
{
  guint selected = gtk_drop_down_get_selected (self->eol_dropdown);

  return selected < G_N_ELEMENTS (_se_composer_eols) ? _se_composer_eols[selected] : SE_EOL_NONE;
}

/* The message's bytes; its macros ({{counter}}, {{time}}, … se-macro.h)
 * expanded for the next message sent. */
static GBytes *
se_composer_decode (SeComposer  *self,
                    GError     **error)
{
  SePayloadFormat format = _se_composer_get_payload_format (self);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autoptr(GBytes) bytes = NULL;
  gsize len;
  const char *data;

  /* With macros the text is encoded piece by piece: {{file:PATH}} keeps
   * its bytes and {{len}} counts the encoded ones, as send --macros does */
  if (se_macro_has_macros (text))
    return se_macro_expand_encoded (text, format, _se_composer_get_eol (self),
                                    format == SE_PAYLOAD_HEX ? NULL : self->encoding,
                                    self->sent + 1, NULL, error);
  bytes = se_payload_decode (text, format, _se_composer_get_eol (self), error);

  /* Escapes and the line ending are applied first, in UTF-8; then the whole
   * message, line ending included, goes into the chosen encoding. */
  if (bytes == NULL || format == SE_PAYLOAD_HEX || g_strcmp0 (self->encoding, "utf-8") == 0)
    return g_steal_pointer (&bytes);
  data = g_bytes_get_data (bytes, &len);
  return se_encoding_encode (self->encoding, data != NULL ? data : "", len, error);
}

static gboolean
se_composer_is_running (SeComposer *self)
{
  return self->sender != NULL && se_sender_proxy_get_running (self->sender);
}

static void
se_composer_update_actions (SeComposer *self)
{
  gboolean repeating = se_composer_is_running (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.send",
                                 self->can_send && self->valid && !repeating);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.stop", repeating);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.send-file", self->can_send && !repeating);
  gtk_stack_set_visible_child_name (self->send_stack, repeating ? "stop" : "send");
}

/* "Sending 2 of 3…" while a repetition runs */
static void
se_composer_show_progress (SeComposer *self)
{
  g_autofree char *message = NULL;
  guint done = (guint) MIN (se_sender_proxy_get_done (self->sender), G_MAXUINT);
  guint total = (guint) MIN (se_sender_proxy_get_total (self->sender), G_MAXUINT);

  if (se_sender_proxy_get_mode (self->sender) == SE_SENDER_FILE)
    /* Translators: a file being sent, %s is its name */
    message = g_strdup_printf (_("Sending %s; Stop (Escape) cancels it…"),
                               se_sender_proxy_get_name (self->sender));
  else if (total == 0)
    /* Translators: progress of a send repeated until stopped */
    message = g_strdup_printf (ngettext ("%u message sent; Stop (Escape) ends it…",
                                         "%u messages sent; Stop (Escape) ends it…",
                                         done),
                               done);
  else
    /* Translators: progress of a repeated send: messages sent so far, of how many */
    message = g_strdup_printf (_("Sending %u of %u…"), done, total);
  gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "dim-label");
  gtk_label_set_text (self->message_label, message);
}

/* Decodes the entry as the user types, and says what is wrong or what
 * will be sent. */
static void
se_composer_validate (SeComposer *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = se_composer_decode (self, &error);
  g_autofree char *message = NULL;

  /* One send() or one sendall() is a choice only for a repetition; the
   * row stays as short as before otherwise. */
  gtk_widget_set_visible (GTK_WIDGET (self->sendall_check),
                          gtk_spin_button_get_value_as_int (self->count_spin) > 1);

  if (bytes == NULL)
    {
      self->valid = FALSE;
      gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
      gtk_label_set_text (self->message_label, error->message);
    }
  else
    {
      gsize size = g_bytes_get_size (bytes);

      self->valid = size > 0;
      gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "dim-label");
      guint count = gtk_spin_button_get_value_as_int (self->count_spin);
      guint interval = gtk_spin_button_get_value_as_int (self->interval_spin);

      if (size > 0 && count == 0 && interval == 0)
        {
          /* Without an interval, "until stopped" would never let go */
          self->valid = FALSE;
          message = g_strdup (_("Repeat 0 times sends until you press Stop: choose an interval of 1 ms or more."));
        }
      else if (size > 0 && count == 0)
        /* Translators: a repetition without end, e.g. "every 1000 ms until you press Stop." */
        message = g_strdup_printf (_("Will be sent every %u ms until you press Stop."), interval);
      else if (size > 0 && count > 1)
        {
          /* Translators: a size, as in "6 bytes, 3 times, 1000 ms apart." */
          g_autofree char *bytes_text = g_strdup_printf (ngettext ("%u byte", "%u bytes",
                                                                   (gulong) MIN (size, G_MAXUINT)),
                                                         (guint) MIN (size, G_MAXUINT));

          if (gtk_widget_get_visible (GTK_WIDGET (self->sendall_check)) &&
              gtk_check_button_get_active (self->sendall_check))
            /* Translators: the first %s is a size such as "6 bytes"; sendall() is Python's, not translated */
            message = g_strdup_printf (ngettext ("%s, %u time over, will be sent by one sendall().",
                                                 "%s, %u times over, will be sent by one sendall().",
                                                 count),
                                       bytes_text, count);
          else if (interval > 0)
            /* Translators: the first %s is a size such as "6 bytes" */
            message = g_strdup_printf (ngettext ("%s will be sent %u time, %u ms apart.",
                                                 "%s will be sent %u times, %u ms apart.",
                                                 count),
                                       bytes_text, count, interval);
          else
            /* Translators: the first %s is a size such as "6 bytes" */
            message = g_strdup_printf (ngettext ("%s will be sent %u time, all at once.",
                                                 "%s will be sent %u times, all at once.",
                                                 count),
                                       bytes_text, count);
        }
      else if (size > 0)
        message = g_strdup_printf (ngettext ("%u byte will be sent.",
                                             "%u bytes will be sent.",
                                             (gulong) MIN (size, G_MAXUINT)),
                                   (guint) MIN (size, G_MAXUINT));
      else if (_se_composer_get_payload_format (self) == SE_PAYLOAD_HEX)
        message = g_strdup (_("Type bytes in hexadecimal, for example 48 65 6c 6c 6f."));
      else
        message = g_strdup (_("Type text; \\n, \\r, \\t, \\\\ and \\xHH stand for special bytes."));
      if (se_composer_is_running (self))
        se_composer_show_progress (self);
      else
        gtk_label_set_text (self->message_label, message);
    }

  se_composer_update_actions (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
se_composer_emit_send (SeComposer *self,
                       GBytes     *bytes)
{
  g_autoptr(GBytes) expanded = NULL;
  gboolean ok = FALSE;

  /* With macros each message is expanded anew: {{counter}} counts,
   * {{time}} moves. */
  if (se_macro_has_macros (gtk_editable_get_text (GTK_EDITABLE (self->entry))))
    {
      expanded = se_composer_decode (self, NULL);
      if (expanded == NULL)
        return FALSE;
      bytes = expanded;
    }

  g_signal_emit (self, signals[SEND], 0, bytes, &ok);
  if (ok)
    self->sent++;

  return ok;
}

/* All count messages in one buffer, handed over in one send: what a
 * program's sendall(message * count) does, where one send() per message
 * lets each go on its own. */
static gboolean
se_composer_emit_sendall (SeComposer *self,
                          GBytes     *bytes,
                          guint       count)
{
  g_autoptr(GByteArray) all = g_byte_array_new ();
  g_autoptr(GBytes) joined = NULL;
  gboolean macros = se_macro_has_macros (gtk_editable_get_text (GTK_EDITABLE (self->entry)));
  guint64 sent = self->sent;
  gboolean ok = FALSE;

  for (guint i = 0; i < count; i++)
    {
      /* Each message its own expansion: {{counter}} counts on. */
      g_autoptr(GBytes) one = macros ? se_composer_decode (self, NULL) : g_bytes_ref (bytes);
      gsize len;
      const guint8 *data;

      if (one == NULL)
        {
          self->sent = sent;
          return FALSE;
        }
      data = g_bytes_get_data (one, &len);
      g_byte_array_append (all, data, len);
      self->sent++;
    }
  self->sent = sent;

  joined = g_byte_array_free_to_bytes (g_steal_pointer (&all));
  g_signal_emit (self, signals[SEND], 0, joined, &ok);
  if (ok)
    self->sent += count;

  return ok;
}

static void
entry_changed_cb (SeComposer *self)
{
  se_composer_validate (self);
}

static void
entry_activate_cb (SeComposer *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "composer.send", NULL);
}

static void
se_composer_send_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  SeComposer *self = SE_COMPOSER (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  guint count, interval;

  if (!self->can_send || se_composer_is_running (self))
    return;

  bytes = se_composer_decode (self, &error);
  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      se_composer_validate (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->entry));
      return;
    }

  count = gtk_spin_button_get_value_as_int (self->count_spin);
  interval = gtk_spin_button_get_value_as_int (self->interval_spin);

  if (count == 0 && interval == 0)
    return;
  if (count > 1 && gtk_widget_get_visible (GTK_WIDGET (self->sendall_check)) &&
      gtk_check_button_get_active (self->sendall_check))
    {
      se_composer_emit_sendall (self, bytes, count);
      return;
    }

  if (count == 1 || interval == 0)
    {
      /* Once, or all at once: they go into the connection's send queue. */
      for (guint i = 0; i < count; i++)
        if (!se_composer_emit_send (self, bytes))
          break;
      return;
    }

  /* On a timer: the core's sender of this target runs it on the network
   * thread, on an absolute schedule, and the page shows its progress. */
  if (self->sender != NULL)
    {
      g_autoptr(SeSavedMessage) message = NULL;

      message = se_saved_message_new ("", gtk_editable_get_text (GTK_EDITABLE (self->entry)),
                                      _se_composer_get_payload_format (self) == SE_PAYLOAD_HEX,
                                      _se_composer_get_eol (self));
      se_saved_message_set_encoding (message, self->encoding);
      if (!se_sender_proxy_start_repeat (self->sender, message, self->sent + 1, count, interval, &error))
        se_gui_show_error (widget, _("Could not send"), error);
    }
}

/* A saved message goes out as it was saved (its own format, line ending
 * and encoding, macros expanded), to wherever this composer sends; the
 * entry is left as it is. */
static void
se_composer_send_saved (SeComposer     *self,
                        SeSavedMessage *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gboolean ok = FALSE;

  if (!self->can_send)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  bytes = se_saved_message_expand (message, self->sent + 1, &error);
  if (bytes == NULL)
    {
      g_autofree char *text = g_strdup_printf ("%s: %s", se_saved_message_get_name (message), error->message);

      gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
      gtk_label_set_text (self->message_label, text);
      return;
    }
  g_signal_emit (self, signals[SEND], 0, bytes, &ok);
  if (ok)
    self->sent++;
}

static void
saved_send_cb (SeComposer     *self,
               SeSavedMessage *message)
{
  se_composer_send_saved (self, message);
}

/* Into the entry, to change it before sending */
static void
saved_edit_cb (SeComposer     *self,
               SeSavedMessage *message)
{
  gboolean hex = se_saved_message_get_hex (message);
  SeEol eol = se_saved_message_get_eol (message);

  g_object_set (self, "format", hex ? "hex" : "text", NULL);
  if (!hex)
    se_composer_set_encoding (self, se_saved_message_get_encoding (message));
  for (guint i = 0; i < G_N_ELEMENTS (_se_composer_eols); i++)
    if (_se_composer_eols[i] == eol)
      gtk_drop_down_set_selected (self->eol_dropdown, i);
  se_composer_set_text (self, se_saved_message_get_data (message));
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static void
se_composer_send_saved_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  SeComposer *self = SE_COMPOSER (widget);
  g_autoptr(SeSavedMessage) message = NULL;

  message = g_list_model_get_item (G_LIST_MODEL (self->library), (guint) g_variant_get_int32 (parameter));
  if (message == NULL)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  se_composer_send_saved (self, message);
}

/* The entry as a new saved message, named after its start */
static void
se_composer_save_message_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  SeComposer *self = SE_COMPOSER (widget);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autoptr(SeSavedMessage) message = NULL;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  g_autofree char *toast = NULL;

  if (text[0] == '\0')
    {
      gtk_widget_error_bell (widget);
      return;
    }
  base = g_utf8_strlen (text, -1) > 24
         ? g_strdup_printf ("%.*s…", (int) (g_utf8_offset_to_pointer (text, 24) - text), text)
         : g_strdup (text);
  name = se_message_library_unique_name (self->library, base);
  message = se_saved_message_new (name, text, _se_composer_get_payload_format (self) == SE_PAYLOAD_HEX,
                                  _se_composer_get_eol (self));
  se_saved_message_set_encoding (message, self->encoding);
  se_message_library_add (self->library, message);
  /* Translators: %s is the new saved message's name */
  toast = g_strdup_printf (_("Saved as “%s”"), name);
  se_gui_show_toast (widget, toast);
}

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

/* Sends file's bytes as they are, to wherever this composer sends,
 * through the core's bounded sender: read on the network thread only as
 * fast as the send queue drains, so a file of any size fits. */
void
se_composer_send_file (SeComposer *self,
                       GFile      *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (SE_IS_COMPOSER (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->sender == NULL || !self->can_send || se_composer_is_running (self))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  if (se_sender_proxy_start_file (self->sender, file, &error))
    {
      /* A small file may be all sent before the call returns */
      if (!se_composer_is_running (self))
        se_composer_show_end (self);
    }
  else
    {
      g_autofree char *text = NULL;

      name = g_file_get_basename (file);
      text = g_strdup_printf ("%s: %s", name, error->message);
      se_composer_say (self, text, TRUE);
    }
}

static void
se_composer_send_file_action (GtkWidget  *widget,
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

static void
se_composer_stop_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  se_composer_stop (SE_COMPOSER (widget));
}

static void
se_composer_dispose (GObject *object)
{
  SeComposer *self = SE_COMPOSER (object);
  GtkWidget *child;

  if (self->sender != NULL)
    g_signal_handlers_disconnect_by_data (self->sender, self);
  g_clear_object (&self->sender);
  if (self->file_chooser != NULL)
    gtk_native_dialog_destroy (self->file_chooser);
  g_clear_object (&self->file_chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), SE_TYPE_COMPOSER);
  g_clear_object (&self->library);
  /* The template's root box is not a bound child */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (se_composer_parent_class)->dispose (object);
}

static void
se_composer_finalize (GObject *object)
{
  SeComposer *self = SE_COMPOSER (object);

  g_free (self->format);
  g_free (self->encoding);

  G_OBJECT_CLASS (se_composer_parent_class)->finalize (object);
}

static void
se_composer_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SeComposer *self = SE_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_FORMAT:
      g_value_set_string (value, self->format);
      break;

    case PROP_ENCODING:
      g_value_set_string (value, self->encoding);
      break;

    case PROP_CAN_SEND:
      g_value_set_boolean (value, self->can_send);
      break;

    case PROP_REPEATING:
      g_value_set_boolean (value, se_composer_is_running (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
se_composer_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SeComposer *self = SE_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_FORMAT:
      {
        const char *format = g_value_get_string (value);

        if (g_strcmp0 (format, "hex") != 0)
          format = "text";
        if (g_strcmp0 (self->format, format) != 0)
          {
            g_free (self->format);
            self->format = g_strdup (format);
            gtk_widget_set_visible (GTK_WIDGET (self->encoding_dropdown),
                                    g_strcmp0 (format, "text") == 0);
            se_composer_validate (self);
            g_object_notify_by_pspec (object, pspec);
          }
      }
      break;

    case PROP_ENCODING:
      se_composer_set_encoding (self, g_value_get_string (value));
      break;

    case PROP_CAN_SEND:
      se_composer_set_can_send (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
encoding_selected_cb (SeComposer *self)
{
  const SeEncoding *encodings = se_encoding_list ();
  guint selected = gtk_drop_down_get_selected (self->encoding_dropdown);

  for (guint i = 0; encodings[i].id != NULL; i++)
    if (i == selected)
      se_composer_set_encoding (self, encodings[i].id);
}

static void
se_composer_class_init (SeComposerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = se_composer_dispose;
  object_class->finalize = se_composer_finalize;
  object_class->get_property = se_composer_get_property;
  object_class->set_property = se_composer_set_property;

  properties[PROP_FORMAT] =
    g_param_spec_string ("format", NULL, NULL, "text",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* An se-encoding id ("utf-8", "gb18030", …); aliases are accepted and
   * stored as the id, unknown names fall back to UTF-8. */
  properties[PROP_ENCODING] =
    g_param_spec_string ("encoding", NULL, NULL, "utf-8",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_SEND] =
    g_param_spec_boolean ("can-send", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REPEATING] =
    g_param_spec_boolean ("repeating", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SEND] =
    g_signal_new ("send",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_BOOLEAN, 1, G_TYPE_BYTES);
  /* The message or one of its options changed (see se_composer_get_message()) */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  g_type_ensure (SE_TYPE_SEND_PROGRESS);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/socketexplorer/SocketExplorer/se-composer.ui");
  gtk_widget_class_bind_template_child (widget_class, SeComposer, entry);
  gtk_widget_class_bind_template_child (widget_class, SeComposer, eol_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SeComposer, encoding_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SeComposer, count_spin);
  gtk_widget_class_bind_template_child (widget_class, SeComposer, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, SeComposer, sendall_check);
  gtk_widget_class_bind_template_child (widget_class, SeComposer, message_label);
  gtk_widget_class_bind_template_child (widget_class, SeComposer, send_stack);
  gtk_widget_class_bind_template_child (widget_class, SeComposer, saved_button);
  gtk_widget_class_bind_template_child (widget_class, SeComposer, progress);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);

  gtk_widget_class_install_action (widget_class, "composer.send", NULL, se_composer_send_action);
  gtk_widget_class_install_action (widget_class, "composer.stop", NULL, se_composer_stop_action);
  gtk_widget_class_install_action (widget_class, "composer.send-saved", "i", se_composer_send_saved_action);
  gtk_widget_class_install_action (widget_class, "composer.save-message", NULL, se_composer_save_message_action);
  gtk_widget_class_install_action (widget_class, "composer.send-file", NULL, se_composer_send_file_action);
  gtk_widget_class_install_property_action (widget_class, "composer.format", "format");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "composer.send", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "composer.send", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "composer.stop", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
se_composer_init (SeComposer *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  const SeEncoding *encodings = se_encoding_list ();
  GtkEventController *shortcuts;
  GtkWidget *popover;

  self->format = g_strdup ("text");
  self->encoding = g_strdup ("utf-8");

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The model is built here so the labels are translated at run time, in
   * the order and with the ids of se-encoding. */
  for (gsize i = 0; encodings[i].id != NULL; i++)
    gtk_string_list_append (labels, _(encodings[i].label));
  gtk_drop_down_set_model (self->encoding_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->encoding_dropdown, 0);
  g_signal_connect_swapped (self->encoding_dropdown, "notify::selected",
                            G_CALLBACK (encoding_selected_cb), self);

  self->library = g_object_ref (se_saved_messages_get_library (NULL));
  popover = se_saved_messages_popover_new (self->library);
  g_signal_connect_object (popover, "send", G_CALLBACK (saved_send_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (popover, "edit", G_CALLBACK (saved_edit_cb), self, G_CONNECT_SWAPPED);
  gtk_menu_button_set_popover (self->saved_button, popover);

  /* Ctrl+1…9 anywhere in the window, for the composer of the page shown:
   * a managed controller is run by the window, and only while this
   * composer is mapped. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_MANAGED);
  for (int i = 0; i < 9; i++)
    {
      GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_1 + i, GDK_CONTROL_MASK),
                                                gtk_named_action_new ("composer.send-saved"));

      gtk_shortcut_set_arguments (shortcut, g_variant_new_int32 (i));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), shortcut);
    }
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  se_composer_validate (self);
}

GtkWidget *
se_composer_new (void)
{
  return g_object_new (SE_TYPE_COMPOSER, NULL);
}

gboolean
se_composer_get_can_send (SeComposer *self)
{
  g_return_val_if_fail (SE_IS_COMPOSER (self), FALSE);

  return self->can_send;
}

void
se_composer_set_can_send (SeComposer *self,
                          gboolean    can_send)
{
  g_return_if_fail (SE_IS_COMPOSER (self));

  can_send = !!can_send;
  if (self->can_send == can_send)
    return;

  self->can_send = can_send;
  if (!can_send)
    se_composer_stop (self);
  se_composer_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_SEND]);
}

gboolean
se_composer_get_repeating (SeComposer *self)
{
  g_return_val_if_fail (SE_IS_COMPOSER (self), FALSE);

  return se_composer_is_running (self);
}

/* Stops the repetition or file of the current target. */
void
se_composer_stop (SeComposer *self)
{
  g_return_if_fail (SE_IS_COMPOSER (self));

  if (se_composer_is_running (self))
    se_sender_proxy_stop (self->sender);
}

/* The sender's run started or ended: say how it ended, and what the
 * next send will do. */
static void
sender_changed_cb (SeComposer *self)
{
  gboolean running = se_composer_is_running (self);

  if (running)
    se_composer_show_progress (self);
  if (running == self->running)
    return;

  self->running = running;
  se_composer_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPEATING]);
  if (!running)
    se_composer_show_end (self);
}

/* How the last run ended */
static void
se_composer_show_end (SeComposer *self)
{
  gboolean is_error = FALSE;
  g_autofree char *text = se_send_progress_describe_end (self->sender, &is_error);

  /* {{counter}} goes on from where a repetition ended */
  if (se_sender_proxy_get_name (self->sender) == NULL)
    self->sent += se_sender_proxy_get_done (self->sender);
  se_composer_validate (self);
  if (text != NULL)
    se_composer_say (self, text, is_error);
}

/* Each target (client, connection, peer) has its sender: one that is
 * not shown keeps running. */
void
se_composer_set_sender (SeComposer    *self,
                        SeSenderProxy *sender)
{
  g_return_if_fail (SE_IS_COMPOSER (self));
  g_return_if_fail (sender == NULL || SE_IS_SENDER_PROXY (sender));

  if (self->sender == sender)
    return;
  if (self->sender != NULL)
    g_signal_handlers_disconnect_by_data (self->sender, self);
  g_set_object (&self->sender, sender);
  if (sender != NULL)
    {
      g_signal_connect_swapped (sender, "notify::running", G_CALLBACK (sender_changed_cb), self);
      g_signal_connect_swapped (sender, "notify::done", G_CALLBACK (sender_changed_cb), self);
    }
  if (self->progress != NULL)
    se_send_progress_set_sender (self->progress, sender);
  self->running = se_composer_is_running (self);
  se_composer_validate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPEATING]);
}

void
se_composer_set_text (SeComposer *self,
                      const char *text)
{
  g_return_if_fail (SE_IS_COMPOSER (self));

  gtk_editable_set_text (GTK_EDITABLE (self->entry), text ? text : "");
}

const char *
se_composer_get_encoding (SeComposer *self)
{
  g_return_val_if_fail (SE_IS_COMPOSER (self), NULL);

  return self->encoding;
}

void
se_composer_set_encoding (SeComposer *self,
                          const char *encoding)
{
  const SeEncoding *encodings = se_encoding_list ();
  const SeEncoding *found;

  g_return_if_fail (SE_IS_COMPOSER (self));

  found = se_encoding_lookup (encoding != NULL ? encoding : "utf-8", NULL);
  if (found == NULL)
    found = &encodings[0];
  if (g_strcmp0 (self->encoding, found->id) == 0)
    return;

  g_free (self->encoding);
  self->encoding = g_strdup (found->id);
  gtk_drop_down_set_selected (self->encoding_dropdown, (guint) (found - encodings));
  se_composer_validate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENCODING]);
}

/**
 * se_composer_get_message:
 * @self: a composer
 * @data: (out) (transfer full): the bytes the next send sends (macros
 *   expanded for it, line ending included, in the encoding)
 * @format: (out) (optional): typed as text or hex
 * @eol: (out) (optional): the line ending at the end of @data
 * @repeat: (out) (optional): how many times it is sent
 * @interval_ms: (out) (optional): the milliseconds between two sends
 * @error: why the message cannot be sent as typed
 *
 * What a Send would send, for views that show it another way (the code).
 *
 * Returns: %FALSE with @error set if the message does not decode
 */
gboolean
se_composer_get_message (SeComposer       *self,
                         GBytes          **data,
                         SePayloadFormat  *format,
                         SeEol            *eol,
                         guint            *repeat,
                         guint            *interval_ms,
                         GError          **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (SE_IS_COMPOSER (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  bytes = se_composer_decode (self, error);
  if (bytes == NULL)
    return FALSE;

  *data = g_steal_pointer (&bytes);
  if (format != NULL)
    *format = _se_composer_get_payload_format (self);
  if (eol != NULL)
    *eol = _se_composer_get_eol (self);
  if (repeat != NULL)
    *repeat = (guint) MAX (gtk_spin_button_get_value_as_int (self->count_spin), 1);
  if (interval_ms != NULL)
    *interval_ms = (guint) MAX (gtk_spin_button_get_value_as_int (self->interval_spin), 0);

  return TRUE;
}

/* TRUE when the message has macros ({{counter}}, …), which change at
 * every send. */
gboolean
se_composer_get_has_macros (SeComposer *self)
{
  g_return_val_if_fail (SE_IS_COMPOSER (self), FALSE);

  return se_macro_has_macros (gtk_editable_get_text (GTK_EDITABLE (self->entry)));
}

