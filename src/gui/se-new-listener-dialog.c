/* se-new-listener-dialog.c: choose a listener's kind, address, port and responder, and start it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "se-gui-util.h"
#include "se-labels.h"
#include "se-new-listener-dialog.h"
#include "se-tls.h"
#include "se-payload.h"
#include "se-relay.h"
#include "se-rules-editor.h"

struct _SeNewListenerDialog
{
  AdwWindow        parent_instance;

  SeNetwork       *network;
  SeTrafficLog    *log;
  GCancellable    *cancellable;  /* the start in progress, if any */

  GtkWidget       *error_group;
  GtkLabel        *error_label;
  AdwComboRow     *kind_row;
  AdwComboRow     *address_row;
  AdwEntryRow     *custom_address_row;
  GtkWidget       *warning_row;
  GtkWidget       *port_row;
  GtkSpinButton   *port_spin;
  AdwEntryRow     *path_row;
  GtkWidget       *backlog_row;
  AdwEntryRow     *groups_row;
  GtkSpinButton   *backlog_spin;
  GtkSpinButton   *read_size_spin;
  AdwComboRow     *responder_row;
  AdwEntryRow     *greeting_row;
  GtkSwitch       *relay_switch;
  AdwEntryRow     *relay_target_row;
  SeRulesEditor   *rules_editor;
  AdwActionRow    *cert_row;
  AdwActionRow    *key_row;
  GtkWidget       *cert_clear_button;
  char            *cert_path;    /* tls://: NULL for a self-signed certificate */
  char            *key_path;     /* NULL: in the certificate's file */
  GtkNativeDialog *chooser;      /* a file chooser while open */
  GtkSpinner      *spinner;
  GtkWidget       *start_button;
};

enum {
  STARTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SeNewListenerDialog, se_new_listener_dialog, ADW_TYPE_WINDOW)

/* In the order of the kind row's model; the last is TLS over TCP */
static const SeProtocol kinds[] = {
  SE_PROTOCOL_TCP,
  SE_PROTOCOL_UDP,
  SE_PROTOCOL_UNIX,
  SE_PROTOCOL_UNIX_DGRAM,
  SE_PROTOCOL_TCP,
};
#define KIND_TLS 4

/* In the order of the address row's model; NULL is "another address" */
static const char *addresses[] = { "127.0.0.1", "::1", "0.0.0.0", "::", NULL };

static const SeResponderKind responders[] = {
  SE_RESPONDER_NONE,
  SE_RESPONDER_ECHO,
  SE_RESPONDER_UPPER,
  SE_RESPONDER_TIMESTAMP,
  SE_RESPONDER_GREETING,
  SE_RESPONDER_DISCARD,
  SE_RESPONDER_FRAMED,
};

static SeProtocol
se_new_listener_dialog_get_protocol (SeNewListenerDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->kind_row);

  return selected < G_N_ELEMENTS (kinds) ? kinds[selected] : SE_PROTOCOL_TCP;
}

static gboolean
se_new_listener_dialog_get_tls (SeNewListenerDialog *self)
{
  return adw_combo_row_get_selected (self->kind_row) == KIND_TLS;
}

static SeResponderKind
se_new_listener_dialog_get_responder_kind (SeNewListenerDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->responder_row);

  return selected < G_N_ELEMENTS (responders) ? responders[selected] : SE_RESPONDER_NONE;
}

/* The host to bind to, or NULL when "another address" is still empty */
static char *
se_new_listener_dialog_get_host (SeNewListenerDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->address_row);
  g_autofree char *text = NULL;

  if (selected < G_N_ELEMENTS (addresses) && addresses[selected] != NULL)
    return g_strdup (addresses[selected]);

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->custom_address_row))));
  /* Accept the bracketed IPv6 form people copy from URLs */
  if (text[0] == '[' && g_str_has_suffix (text, "]"))
    {
      text[strlen (text) - 1] = '\0';
      memmove (text, text + 1, strlen (text));
    }

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

/* The relay's target as typed, or NULL if it is not an endpoint */
static SeEndpoint *
se_new_listener_dialog_get_relay_target (SeNewListenerDialog *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->relay_target_row))));

  return *text != '\0' ? se_endpoint_parse (text, NULL) : NULL;
}

static gboolean
is_all_interfaces (const char *host)
{
  return g_strcmp0 (host, "0.0.0.0") == 0 ||
         g_strcmp0 (host, "::") == 0 ||
         g_strcmp0 (host, "0:0:0:0:0:0:0:0") == 0;
}

static void
se_new_listener_dialog_show_error (SeNewListenerDialog *self,
                                   const char          *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (self->error_group, message != NULL);
}

/* A greeting closes a connection, but only answers a datagram */
static void
se_new_listener_dialog_update_responder_labels (SeNewListenerDialog *self,
                                                gboolean             stream)
{
  GtkStringList *model = GTK_STRING_LIST (adw_combo_row_get_model (self->responder_row));

  for (guint i = 0; i < G_N_ELEMENTS (responders); i++)
    {
      const char *label = se_labels_responder (responders[i], stream);
      const char *shown = gtk_string_list_get_string (model, i);

      if (g_strcmp0 (label, shown) != 0)
        {
          guint selected = adw_combo_row_get_selected (self->responder_row);
          const char * const replacement[] = { label, NULL };

          gtk_string_list_splice (model, i, 1, replacement);
          adw_combo_row_set_selected (self->responder_row, selected);
        }
    }
}

static char *
file_display_name (const char *path)
{
  return g_filename_display_name (path);
}

/* What the certificate rows say: the files chosen, or the self-signed
 * certificate the listener will make. */
static void
se_new_listener_dialog_update_tls (SeNewListenerDialog *self)
{
  g_autofree char *cert = self->cert_path != NULL ? file_display_name (self->cert_path) : NULL;
  g_autofree char *key = self->key_path != NULL ? file_display_name (self->key_path) : NULL;

  adw_action_row_set_subtitle (self->cert_row,
                               cert != NULL ? cert
                                            : _("None: a self-signed certificate for localhost, 127.0.0.1 and ::1 is made when the listener starts"));
  adw_action_row_set_subtitle (self->key_row,
                               key != NULL ? key
                                           : cert != NULL ? _("In the certificate’s file")
                                                          : _("Made with the certificate"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->key_row), self->cert_path != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.clear-certificate", self->cert_path != NULL);
  gtk_widget_set_visible (self->cert_clear_button, self->cert_path != NULL);
}

static void
chooser_response_cb (GtkNativeDialog     *chooser,
                     int                  response,
                     SeNewListenerDialog *self)
{
  gboolean key = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "se-key"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        {
          if (key)
            {
              g_free (self->key_path);
              self->key_path = path;
            }
          else
            {
              g_free (self->cert_path);
              self->cert_path = path;
            }
        }
    }

  g_clear_object (&self->chooser);
  se_new_listener_dialog_show_error (self, NULL);
  se_new_listener_dialog_update_tls (self);
}

static void
se_new_listener_dialog_choose (SeNewListenerDialog *self,
                               gboolean             key)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  chooser = gtk_file_chooser_native_new (key ? _("Choose the Private Key") : _("Choose the Certificate"),
                                         GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PEM files"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_filter_add_pattern (filter, "*.key");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "se-key", GINT_TO_POINTER (key));
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

static void
se_new_listener_dialog_choose_certificate_action (GtkWidget  *widget,
                                                  const char *action_name,
                                                  GVariant   *parameter)
{
  se_new_listener_dialog_choose (SE_NEW_LISTENER_DIALOG (widget), FALSE);
}

static void
se_new_listener_dialog_choose_key_action (GtkWidget  *widget,
                                          const char *action_name,
                                          GVariant   *parameter)
{
  se_new_listener_dialog_choose (SE_NEW_LISTENER_DIALOG (widget), TRUE);
}

static void
se_new_listener_dialog_clear_certificate_action (GtkWidget  *widget,
                                                 const char *action_name,
                                                 GVariant   *parameter)
{
  SeNewListenerDialog *self = SE_NEW_LISTENER_DIALOG (widget);

  g_clear_pointer (&self->cert_path, g_free);
  g_clear_pointer (&self->key_path, g_free);
  se_new_listener_dialog_update_tls (self);
}

static void
update_cb (SeNewListenerDialog *self)
{
  SeProtocol protocol = se_new_listener_dialog_get_protocol (self);
  gboolean unix_kind = protocol == SE_PROTOCOL_UNIX || protocol == SE_PROTOCOL_UNIX_DGRAM;
  gboolean stream = se_protocol_is_stream (protocol);
  guint address = adw_combo_row_get_selected (self->address_row);
  g_autofree char *host = se_new_listener_dialog_get_host (self);
  const char *path = gtk_editable_get_text (GTK_EDITABLE (self->path_row));
  gboolean valid;

  gtk_widget_set_visible (GTK_WIDGET (self->address_row), !unix_kind);
  gtk_widget_set_visible (GTK_WIDGET (self->custom_address_row),
                          !unix_kind && address < G_N_ELEMENTS (addresses) && addresses[address] == NULL);
  gtk_widget_set_visible (self->warning_row, !unix_kind && is_all_interfaces (host));
  gtk_widget_set_visible (self->port_row, !unix_kind);
  gtk_widget_set_visible (GTK_WIDGET (self->path_row), unix_kind);
  gtk_widget_set_visible (self->backlog_row, stream);
  gtk_widget_set_visible (GTK_WIDGET (self->groups_row), protocol == SE_PROTOCOL_UDP);
  gtk_widget_set_visible (GTK_WIDGET (self->cert_row), se_new_listener_dialog_get_tls (self));
  gtk_widget_set_visible (GTK_WIDGET (self->key_row), se_new_listener_dialog_get_tls (self));
  se_new_listener_dialog_update_tls (self);
  se_new_listener_dialog_update_responder_labels (self, stream);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->responder_row),
                               se_labels_responder_explain (se_new_listener_dialog_get_responder_kind (self), stream));
  gtk_widget_set_visible (GTK_WIDGET (self->greeting_row),
                          se_new_listener_dialog_get_responder_kind (self) == SE_RESPONDER_GREETING);

  if (unix_kind)
    valid = *path != '\0' && strlen (path) <= SE_UNIX_PATH_MAX;
  else
    valid = host != NULL;

  /* A relay sends on what it receives: no responder of its own. */
  {
    gboolean relay = gtk_switch_get_active (self->relay_switch);
    g_autoptr(SeEndpoint) target = relay ? se_new_listener_dialog_get_relay_target (self) : NULL;

    gtk_widget_set_visible (GTK_WIDGET (self->relay_target_row), relay);
    gtk_widget_set_sensitive (GTK_WIDGET (self->responder_row), !relay);
    gtk_widget_set_sensitive (GTK_WIDGET (self->greeting_row), !relay);
    if (relay)
      valid = valid && target != NULL;
  }
  /* A rule that does not compile says so under itself */
  valid &= se_rules_editor_get_valid (self->rules_editor);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.start",
                                 valid && self->cancellable == NULL);
}

/* The user changed what to start: an error about the previous try (for
 * example "Address already in use") no longer applies. */
static void
inputs_changed_cb (SeNewListenerDialog *self)
{
  if (self->cancellable == NULL)
    se_new_listener_dialog_show_error (self, NULL);
  update_cb (self);
}

static void
se_new_listener_dialog_set_busy (SeNewListenerDialog *self,
                                 gboolean             busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  update_cb (self);
}

static void
start_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  SeListenerProxy *listener = SE_LISTENER_PROXY (object);
  g_autoptr(SeNewListenerDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!se_listener_proxy_start_finish (listener, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_clear_object (&self->cancellable);
      se_new_listener_dialog_set_busy (self, FALSE);
      se_new_listener_dialog_show_error (self, error->message);
      return;
    }

  g_clear_object (&self->cancellable);
  se_new_listener_dialog_set_busy (self, FALSE);
  g_signal_emit (self, signals[STARTED], 0, listener);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
se_new_listener_dialog_start_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  SeNewListenerDialog *self = SE_NEW_LISTENER_DIALOG (widget);
  SeProtocol protocol = se_new_listener_dialog_get_protocol (self);
  SeResponderKind responder_kind = se_new_listener_dialog_get_responder_kind (self);
  g_autoptr(SeEndpoint) endpoint = NULL;
  g_autoptr(SeResponder) responder = NULL;
  g_autoptr(SeListenerProxy) listener = NULL;
  g_autofree char *greeting = NULL;
  g_autoptr(SeEndpoint) relay_target = NULL;

  if (self->cancellable != NULL)
    return;

  if (protocol == SE_PROTOCOL_UNIX || protocol == SE_PROTOCOL_UNIX_DGRAM)
    {
      const char *path = gtk_editable_get_text (GTK_EDITABLE (self->path_row));

      if (*path == '\0' || strlen (path) > SE_UNIX_PATH_MAX)
        {
          se_new_listener_dialog_show_error (self, _("The socket file name must not be empty and at most 107 bytes long."));
          return;
        }
      endpoint = se_endpoint_new_unix (protocol, path);
    }
  else
    {
      g_autofree char *host = se_new_listener_dialog_get_host (self);

      if (host == NULL)
        {
          se_new_listener_dialog_show_error (self, _("Type the address to listen on."));
          return;
        }
      endpoint = se_endpoint_new_inet (protocol, host,
                                       gtk_spin_button_get_value_as_int (self->port_spin));
      if (se_new_listener_dialog_get_tls (self))
        {
          SeEndpoint *tls = se_endpoint_with_tls (endpoint, TRUE);

          se_endpoint_unref (endpoint);
          endpoint = tls;
        }
    }


  if (gtk_switch_get_active (self->relay_switch))
    {
      g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->relay_target_row))));
      g_autoptr(GError) error = NULL;

      relay_target = se_endpoint_parse (text, &error);
      if (relay_target == NULL)
        {
          /* Translators: %s says what is wrong with the relay's target */
          g_autofree char *message = g_strdup_printf (_("The relay’s target is not an endpoint: %s"), error->message);

          se_new_listener_dialog_show_error (self, message);
          return;
        }
      if (se_endpoint_is_stream (relay_target) != se_protocol_is_stream (protocol))
        {
          se_new_listener_dialog_show_error (self, _("A relay joins like with like: a TCP or Unix stream listener relays to a stream target (tcp://, unix://), a UDP or Unix datagram listener to a datagram target (udp://, unix-dgram://)."));
          return;
        }
      responder_kind = SE_RESPONDER_NONE;
    }

  if (responder_kind == SE_RESPONDER_GREETING)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = se_payload_decode_text (gtk_editable_get_text (GTK_EDITABLE (self->greeting_row)), &error);
      gsize len;
      const char *data;

      if (bytes == NULL)
        {
          /* Translators: %s says what is wrong with the greeting text */
          g_autofree char *message = g_strdup_printf (_("The greeting text is not valid: %s"), error->message);

          se_new_listener_dialog_show_error (self, message);
          return;
        }
      data = g_bytes_get_data (bytes, &len);
      greeting = g_strndup (data, len);
    }

  responder = se_responder_new (responder_kind, greeting);
  listener = se_listener_proxy_new (self->network, endpoint, responder, self->log);
  if (se_protocol_is_stream (protocol))
    se_listener_proxy_set_backlog (listener, gtk_spin_button_get_value_as_int (self->backlog_spin));
  if (protocol == SE_PROTOCOL_UDP)
    {
      /* "239.1.2.3, 239.1.2.4@eth0": commas or spaces between groups */
      g_auto(GStrv) groups = g_regex_split_simple ("[\\s,]+",
                                                   gtk_editable_get_text (GTK_EDITABLE (self->groups_row)),
                                                   0, 0);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) wanted = NULL;
      g_autoptr(GError) error = NULL;

      for (guint i = 0; groups[i] != NULL; i++)
        {
          if (groups[i][0] != '\0')
            g_strv_builder_add (builder, groups[i]);
        }
      wanted = g_strv_builder_end (builder);
      if (!se_listener_proxy_set_multicast_groups (listener, (const char * const *) wanted, &error))
        {
          se_new_listener_dialog_show_error (self, error->message);
          return;
        }
    }
  if (relay_target != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!se_listener_proxy_set_relay (listener, relay_target, SE_RELAY_DEFAULT_IDLE_TIMEOUT_MS, &error))
        {
          se_new_listener_dialog_show_error (self, error->message);
          return;
        }
    }
  se_listener_proxy_set_read_size (listener, gtk_spin_button_get_value_as_int (self->read_size_spin));
  /* Read by the listener when it starts: a file it cannot use fails the
   * start, which this dialog then says, before any socket is made */
  if (se_endpoint_get_tls (endpoint) && self->cert_path != NULL)
    se_listener_proxy_set_tls_files (listener, self->cert_path, self->key_path);
  {
    g_autoptr(SeRuleSet) rules = se_rules_editor_dup_rules (self->rules_editor);

    se_listener_proxy_set_rules (listener, rules);
  }

  se_new_listener_dialog_show_error (self, NULL);
  self->cancellable = g_cancellable_new ();
  se_new_listener_dialog_set_busy (self, TRUE);
  se_listener_proxy_start_async (listener, self->cancellable, start_cb, g_object_ref (self));
}

static char *
default_unix_path (void)
{
  /* A name no other listener of ours uses yet */
  for (guint i = 1; ; i++)
    {
      g_autofree char *name = g_strdup_printf ("socket-explorer-%u.sock", i);
      g_autofree char *path = g_build_filename (g_get_user_runtime_dir (), name, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS) || i >= 1000)
        return g_steal_pointer (&path);
    }
}

static void
se_new_listener_dialog_dispose (GObject *object)
{
  SeNewListenerDialog *self = SE_NEW_LISTENER_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (self->chooser);
      g_clear_object (&self->chooser);
    }
  g_clear_pointer (&self->cert_path, g_free);
  g_clear_pointer (&self->key_path, g_free);
  g_clear_object (&self->network);
  g_clear_object (&self->log);
  gtk_widget_dispose_template (GTK_WIDGET (self), SE_TYPE_NEW_LISTENER_DIALOG);

  G_OBJECT_CLASS (se_new_listener_dialog_parent_class)->dispose (object);
}

static void
se_new_listener_dialog_class_init (SeNewListenerDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = se_new_listener_dialog_dispose;

  signals[STARTED] =
    g_signal_new ("started",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SE_TYPE_LISTENER_PROXY);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/socketexplorer/SocketExplorer/se-new-listener-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SeNewListenerDialog, error_group);
  gtk_widget_class_bind_template_child (widget_class, SeNewListenerDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SeNewListenerDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, SeNewListenerDialog, address_row);
  gtk_widget_class_bind_template_child (widget_class, SeNewListenerDialog, custom_address_row);
  gtk_widget_class_bind_template_child (widget_class, SeNewListenerDialog, warning_row);
  gtk_widget_class_bind_template_child (widget_class, SeNewListenerDialog, port_row);
  gtk_widget_class_bind_template_child (widget_class, SeNewListenerDialog, port_spin);
  gtk_widget_class_bind_template_child (widget_class, SeNewListenerDialog, path_row);
  gtk_widget_class_bind_template_child (widget_class, SeNewListenerDialog, backlog_row);
  gtk_widget_class_bind_template_child (widget_class, SeNewListenerDialog, groups_row);
  gtk_widget_class_bind_template_child (widget_class, SeNewListenerDialog, backlog_spin);
  gtk_widget_class_bind_template_child (widget_class, SeNewListenerDialog, read_size_spin);
  gtk_widget_class_bind_template_child (widget_class, SeNewListenerDialog, responder_row);
  gtk_widget_class_bind_template_child (widget_class, SeNewListenerDialog, greeting_row);
  gtk_widget_class_bind_template_child (widget_class, SeNewListenerDialog, relay_switch);
  gtk_widget_class_bind_template_child (widget_class, SeNewListenerDialog, relay_target_row);
  gtk_widget_class_bind_template_child (widget_class, SeNewListenerDialog, rules_editor);
  gtk_widget_class_bind_template_child (widget_class, SeNewListenerDialog, cert_row);
  gtk_widget_class_bind_template_child (widget_class, SeNewListenerDialog, key_row);
  gtk_widget_class_bind_template_child (widget_class, SeNewListenerDialog, cert_clear_button);
  gtk_widget_class_bind_template_child (widget_class, SeNewListenerDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, SeNewListenerDialog, start_button);
  gtk_widget_class_bind_template_callback (widget_class, inputs_changed_cb);

  gtk_widget_class_install_action (widget_class, "dialog.start", NULL, se_new_listener_dialog_start_action);
  gtk_widget_class_install_action (widget_class, "dialog.choose-certificate", NULL,
                                   se_new_listener_dialog_choose_certificate_action);
  gtk_widget_class_install_action (widget_class, "dialog.choose-key", NULL,
                                   se_new_listener_dialog_choose_key_action);
  gtk_widget_class_install_action (widget_class, "dialog.clear-certificate", NULL,
                                   se_new_listener_dialog_clear_certificate_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "dialog.start", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "dialog.start", NULL);
}

static void
se_new_listener_dialog_init (SeNewListenerDialog *self)
{
  g_autoptr(GtkStringList) responder_model = gtk_string_list_new (NULL);
  g_autofree char *path = default_unix_path ();

  g_type_ensure (SE_TYPE_RULES_EDITOR);
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (responders); i++)
    gtk_string_list_append (responder_model, se_labels_responder (responders[i], TRUE));
  adw_combo_row_set_model (self->responder_row, G_LIST_MODEL (responder_model));
  adw_combo_row_set_selected (self->responder_row, 1);  /* Echo */

  gtk_editable_set_text (GTK_EDITABLE (self->path_row), path);
  se_gui_combo_row_set_full_list (self->address_row);
  se_gui_combo_row_set_full_list (self->responder_row);

  /* Enter in any field starts the listener; Cancel is only a click or
   * Escape away. The port is the first field one types into. */
  se_gui_spin_button_set_activates_default (self->port_spin);
  se_gui_spin_button_set_activates_default (self->backlog_spin);
  se_gui_spin_button_set_activates_default (self->read_size_spin);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->start_button);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->port_spin));

  update_cb (self);
}

SeNewListenerDialog *
se_new_listener_dialog_new (GtkWindow    *parent,
                            SeNetwork    *network,
                            SeTrafficLog *log)
{
  SeNewListenerDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SE_IS_NETWORK (network), NULL);
  g_return_val_if_fail (SE_IS_TRAFFIC_LOG (log), NULL);

  self = g_object_new (SE_TYPE_NEW_LISTENER_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->network = g_object_ref (network);
  self->log = g_object_ref (log);

  return self;
}
