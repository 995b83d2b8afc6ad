/* se-new-client-dialog.c: type (or pick) an endpoint, and connect a client to it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "se-error.h"
#include "se-gui-util.h"
#include "se-labels.h"
#include "se-listener.h"
#include "se-rules-editor.h"
#include "se-tls.h"
#include "se-new-client-dialog.h"

struct _SeNewClientDialog
{
  AdwWindow        parent_instance;

  SeNetwork       *network;
  SeTrafficLog    *log;
  GCancellable    *cancellable;  /* the connection in progress, if any */
  SeClientProxy   *client;       /* the client being connected */

  AdwEntryRow     *endpoint_row;
  GtkWidget       *timeout_row;
  GtkSpinButton   *timeout_spin;
  GtkWidget       *broadcast_row;
  GtkSwitch       *broadcast_switch;
  GtkSpinButton   *read_size_spin;
  GtkWidget       *nodelay_row;
  GtkSwitch       *nodelay_switch;
  GtkWidget       *tls_insecure_row;
  GtkSwitch       *tls_insecure_switch;
  AdwEntryRow     *tls_pin_row;
  AdwActionRow    *tls_ca_row;
  GtkWidget       *tls_ca_clear_button;
  char            *tls_ca_file;  /* NULL: the system's authorities */
  GtkNativeDialog *chooser;      /* the CA file chooser while open */
  SeRulesEditor   *rules_editor;
  GtkWidget       *message_group;
  GtkLabel        *message_label;
  GtkWidget       *listeners_group;
  GtkListBox      *listeners_list;
  GtkWidget       *recent_group;
  GtkListBox      *recent_list;
  GtkSpinner      *spinner;
  GtkWidget       *connect_button;
};

enum {
  CONNECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SeNewClientDialog, se_new_client_dialog, ADW_TYPE_WINDOW)

static void
se_new_client_dialog_show_message (SeNewClientDialog *self,
                                   const char        *message)
{
  gtk_label_set_text (self->message_label, message ? message : "");
  gtk_widget_set_visible (self->message_group, message != NULL);
}

/* Parses the entry; on failure says why, in plain words. */
static SeEndpoint *
se_new_client_dialog_parse (SeNewClientDialog  *self,
                            GError            **error)
{
  g_autoptr(SeEndpoint) endpoint = NULL;

  endpoint = se_endpoint_parse (gtk_editable_get_text (GTK_EDITABLE (self->endpoint_row)), error);
  if (endpoint == NULL)
    return NULL;

  if (!se_endpoint_is_unix (endpoint) && se_endpoint_get_port (endpoint) == 0)
    {
      g_set_error_literal (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
                           _("Port 0 only makes sense for a listener (“any free port”); "
                             "a client needs the real port the listener got."));
      return NULL;
    }

  return g_steal_pointer (&endpoint);
}

static void
se_new_client_dialog_update (SeNewClientDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeEndpoint) endpoint = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->endpoint_row));

  if (*text == '\0')
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->endpoint_row), "error");
      if (self->cancellable == NULL)
        se_new_client_dialog_show_message (self, NULL);
    }
  else
    {
      endpoint = se_new_client_dialog_parse (self, &error);
      if (endpoint == NULL)
        {
          gtk_widget_add_css_class (GTK_WIDGET (self->endpoint_row), "error");
          se_new_client_dialog_show_message (self, error->message);
        }
      else
        {
          gtk_widget_remove_css_class (GTK_WIDGET (self->endpoint_row), "error");
          se_new_client_dialog_show_message (self, NULL);
        }
    }

  /* A datagram client sends without connecting: there is nothing to time out */
  gtk_widget_set_visible (self->timeout_row,
                          endpoint == NULL || se_endpoint_is_stream (endpoint));
  gtk_widget_set_visible (self->broadcast_row,
                          endpoint != NULL && se_endpoint_get_protocol (endpoint) == SE_PROTOCOL_UDP);
  /* Nagle's algorithm is TCP's */
  gtk_widget_set_visible (self->nodelay_row,
                          endpoint == NULL || se_endpoint_get_protocol (endpoint) == SE_PROTOCOL_TCP);
  /* tls:// only: how the server's certificate is checked */
  {
    gboolean tls = endpoint != NULL && se_endpoint_get_tls (endpoint);
    const char *pin = gtk_editable_get_text (GTK_EDITABLE (self->tls_pin_row));

    gtk_widget_set_visible (self->tls_insecure_row, tls);
    gtk_widget_set_visible (GTK_WIDGET (self->tls_pin_row), tls);
    gtk_widget_set_visible (GTK_WIDGET (self->tls_ca_row), tls);
    gtk_widget_set_visible (self->tls_ca_clear_button, self->tls_ca_file != NULL);
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.clear-authorities", self->tls_ca_file != NULL);
    {
      g_autofree char *shown = self->tls_ca_file != NULL ? g_filename_display_name (self->tls_ca_file) : NULL;

      adw_action_row_set_subtitle (self->tls_ca_row, shown != NULL ? shown : _("The system’s"));
    }
    if (tls && *pin != '\0' && !se_tls_fingerprint_matches (pin, pin))
      {
        gtk_widget_add_css_class (GTK_WIDGET (self->tls_pin_row), "error");
        se_new_client_dialog_show_message (self, _("The pinned fingerprint must be a SHA-256 fingerprint: 64 hex digits, colons allowed, as the listener shows it."));
        g_clear_pointer (&endpoint, se_endpoint_unref);
      }
    else
      gtk_widget_remove_css_class (GTK_WIDGET (self->tls_pin_row), "error");
  }
  /* Rules answer what comes back, on a connection or in datagrams */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.connect",
                                 endpoint != NULL && self->cancellable == NULL &&
                                 se_rules_editor_get_valid (self->rules_editor));
}

static void
endpoint_changed_cb (SeNewClientDialog *self)
{
  se_new_client_dialog_update (self);
}

static void
row_activated_cb (SeNewClientDialog *self,
                  GtkListBoxRow     *row)
{
  const char *endpoint = g_object_get_data (G_OBJECT (row), "se-endpoint");
  const char *fingerprint = g_object_get_data (G_OBJECT (row), "se-fingerprint");

  gtk_editable_set_text (GTK_EDITABLE (self->tls_pin_row), fingerprint != NULL ? fingerprint : "");
  se_new_client_dialog_set_endpoint (self, endpoint);
  gtk_widget_grab_focus (GTK_WIDGET (self->endpoint_row));
}

static void
se_new_client_dialog_set_busy (SeNewClientDialog *self,
                               gboolean           busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  /* The focus leaves the entry before it is made insensitive: GTK warns
   * if a focused text loses its sensitivity while the connection is
   * made (which now takes at least a frame). */
  if (busy)
    {
      GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (self));

      if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->endpoint_row)))
        gtk_window_set_focus (GTK_WINDOW (self), NULL);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->endpoint_row), !busy);
  se_new_client_dialog_update (self);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  SeClientProxy *client = SE_CLIENT_PROXY (object);
  g_autoptr(SeNewClientDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!se_client_proxy_connect_finish (client, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          self->client != client)
        return;

      g_clear_object (&self->cancellable);
      g_clear_object (&self->client);
      se_new_client_dialog_set_busy (self, FALSE);
      se_new_client_dialog_show_message (self, error->message);
      return;
    }

  g_clear_object (&self->cancellable);
  se_new_client_dialog_set_busy (self, FALSE);
  g_signal_emit (self, signals[CONNECTED], 0, client);
  g_clear_object (&self->client);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Step mode holds the connect() (se-stepper.c) while this dialog, modal,
 * waits for it: F10 here is the window's Next Step, as there. */
static void
se_new_client_dialog_step_next_action (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *parameter)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (widget));

  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "step.next", NULL);
}

static void
se_new_client_dialog_connect_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  SeNewClientDialog *self = SE_NEW_CLIENT_DIALOG (widget);
  g_autoptr(SeEndpoint) endpoint = NULL;
  g_autoptr(GError) error = NULL;

  if (self->cancellable != NULL)
    return;

  endpoint = se_new_client_dialog_parse (self, &error);
  if (endpoint == NULL)
    {
      se_new_client_dialog_show_message (self, error->message);
      return;
    }

  se_new_client_dialog_show_message (self, NULL);
  self->client = se_client_proxy_new (self->network, endpoint, self->log);
  se_client_proxy_set_connect_timeout (self->client,
                                 (guint) (gtk_spin_button_get_value (self->timeout_spin) * 1000));
  if (se_endpoint_get_protocol (endpoint) == SE_PROTOCOL_UDP)
    se_client_proxy_set_broadcast (self->client, gtk_switch_get_active (self->broadcast_switch));
  se_client_proxy_set_read_size (self->client, gtk_spin_button_get_value_as_int (self->read_size_spin));
  se_client_proxy_set_nodelay (self->client, gtk_switch_get_active (self->nodelay_switch));
  if (se_endpoint_get_tls (endpoint))
    {
      se_client_proxy_set_tls_insecure (self->client, gtk_switch_get_active (self->tls_insecure_switch));
      se_client_proxy_set_tls_pin (self->client, gtk_editable_get_text (GTK_EDITABLE (self->tls_pin_row)));
      se_client_proxy_set_tls_ca_file (self->client, self->tls_ca_file);
    }
  {
    g_autoptr(SeRuleSet) rules = se_rules_editor_dup_rules (self->rules_editor);

    se_client_proxy_set_rules (self->client, rules);
  }
  self->cancellable = g_cancellable_new ();
  se_new_client_dialog_set_busy (self, TRUE);
  se_client_proxy_connect_async (self->client, self->cancellable, connect_cb, g_object_ref (self));
}

static void
chooser_response_cb (GtkNativeDialog   *chooser,
                     int                response,
                     SeNewClientDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        {
          g_free (self->tls_ca_file);
          self->tls_ca_file = path;
        }
    }
  g_clear_object (&self->chooser);
  se_new_client_dialog_update (self);
}

static void
se_new_client_dialog_choose_authorities_action (GtkWidget  *widget,
                                                const char *action_name,
                                                GVariant   *parameter)
{
  SeNewClientDialog *self = SE_NEW_CLIENT_DIALOG (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Choose the Certificate Authorities"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PEM files"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

static void
se_new_client_dialog_clear_authorities_action (GtkWidget  *widget,
                                               const char *action_name,
                                               GVariant   *parameter)
{
  SeNewClientDialog *self = SE_NEW_CLIENT_DIALOG (widget);

  g_clear_pointer (&self->tls_ca_file, g_free);
  se_new_client_dialog_update (self);
}

static GtkWidget *
endpoint_row_new (const char *endpoint,
                  const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), endpoint);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_add_css_class (row, "endpoint-row");
  g_object_set_data_full (G_OBJECT (row), "se-endpoint", g_strdup (endpoint), g_free);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));

  return row;
}

static void
se_new_client_dialog_dispose (GObject *object)
{
  SeNewClientDialog *self = SE_NEW_CLIENT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (self->chooser);
      g_clear_object (&self->chooser);
    }
  g_clear_pointer (&self->tls_ca_file, g_free);
  if (self->client != NULL)
    se_client_proxy_close (self->client);
  g_clear_object (&self->client);
  g_clear_object (&self->network);
  g_clear_object (&self->log);
  gtk_widget_dispose_template (GTK_WIDGET (self), SE_TYPE_NEW_CLIENT_DIALOG);

  G_OBJECT_CLASS (se_new_client_dialog_parent_class)->dispose (object);
}

static void
se_new_client_dialog_class_init (SeNewClientDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = se_new_client_dialog_dispose;

  signals[CONNECTED] =
    g_signal_new ("connected",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SE_TYPE_CLIENT_PROXY);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/socketexplorer/SocketExplorer/se-new-client-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SeNewClientDialog, endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, SeNewClientDialog, timeout_row);
  gtk_widget_class_bind_template_child (widget_class, SeNewClientDialog, timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, SeNewClientDialog, broadcast_row);
  gtk_widget_class_bind_template_child (widget_class, SeNewClientDialog, broadcast_switch);
  gtk_widget_class_bind_template_child (widget_class, SeNewClientDialog, read_size_spin);
  gtk_widget_class_bind_template_child (widget_class, SeNewClientDialog, nodelay_row);
  gtk_widget_class_bind_template_child (widget_class, SeNewClientDialog, nodelay_switch);
  gtk_widget_class_bind_template_child (widget_class, SeNewClientDialog, tls_insecure_row);
  gtk_widget_class_bind_template_child (widget_class, SeNewClientDialog, tls_insecure_switch);
  gtk_widget_class_bind_template_child (widget_class, SeNewClientDialog, tls_pin_row);
  gtk_widget_class_bind_template_child (widget_class, SeNewClientDialog, tls_ca_row);
  gtk_widget_class_bind_template_child (widget_class, SeNewClientDialog, tls_ca_clear_button);
  gtk_widget_class_bind_template_child (widget_class, SeNewClientDialog, rules_editor);
  gtk_widget_class_bind_template_child (widget_class, SeNewClientDialog, message_group);
  gtk_widget_class_bind_template_child (widget_class, SeNewClientDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, SeNewClientDialog, listeners_group);
  gtk_widget_class_bind_template_child (widget_class, SeNewClientDialog, listeners_list);
  gtk_widget_class_bind_template_child (widget_class, SeNewClientDialog, recent_group);
  gtk_widget_class_bind_template_child (widget_class, SeNewClientDialog, recent_list);
  gtk_widget_class_bind_template_child (widget_class, SeNewClientDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, SeNewClientDialog, connect_button);
  gtk_widget_class_bind_template_callback (widget_class, endpoint_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "dialog.step-next", NULL, se_new_client_dialog_step_next_action);
  gtk_widget_class_install_action (widget_class, "dialog.connect", NULL, se_new_client_dialog_connect_action);
  gtk_widget_class_install_action (widget_class, "dialog.choose-authorities", NULL,
                                   se_new_client_dialog_choose_authorities_action);
  gtk_widget_class_install_action (widget_class, "dialog.clear-authorities", NULL,
                                   se_new_client_dialog_clear_authorities_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "dialog.connect", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "dialog.connect", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, 0, "dialog.step-next", NULL);
}

static void
se_new_client_dialog_init (SeNewClientDialog *self)
{
  g_type_ensure (SE_TYPE_RULES_EDITOR);
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Enter in the endpoint (or the timeout) connects */
  se_gui_spin_button_set_activates_default (self->timeout_spin);
  se_gui_spin_button_set_activates_default (self->read_size_spin);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->connect_button);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->endpoint_row));

  se_new_client_dialog_update (self);
}

SeNewClientDialog *
se_new_client_dialog_new (GtkWindow          *parent,
                          SeNetwork          *network,
                          SeTrafficLog       *log,
                          const char * const *recent,
                          GListModel         *listeners)
{
  SeNewClientDialog *self;
  guint n_listeners = 0;
  guint n_recent = 0;
  g_autofree char *suggestion = NULL;
  g_autofree char *suggestion_pin = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SE_IS_NETWORK (network), NULL);
  g_return_val_if_fail (SE_IS_TRAFFIC_LOG (log), NULL);
  g_return_val_if_fail (listeners == NULL || G_IS_LIST_MODEL (listeners), NULL);

  self = g_object_new (SE_TYPE_NEW_CLIENT_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->network = g_object_ref (network);
  self->log = g_object_ref (log);

  for (guint i = 0; listeners != NULL && i < g_list_model_get_n_items (listeners); i++)
    {
      g_autoptr(SeListenerProxy) listener = g_list_model_get_item (listeners, i);
      SeEndpoint *bound = se_listener_proxy_get_endpoint (listener);
      SeProtocol protocol = se_endpoint_get_protocol (bound);
      g_autoptr(SeEndpoint) local = NULL;
      const char *host;

      if (!se_listener_proxy_get_running (listener))
        continue;

      /* A listener on all interfaces is reached through the loopback address */
      host = se_endpoint_is_unix (bound) ? NULL : se_endpoint_get_host (bound);
      if (g_strcmp0 (host, "0.0.0.0") == 0)
        local = se_endpoint_new_inet (protocol, "127.0.0.1", se_endpoint_get_port (bound));
      else if (g_strcmp0 (host, "::") == 0)
        local = se_endpoint_new_inet (protocol, "::1", se_endpoint_get_port (bound));
      if (local != NULL && se_endpoint_get_tls (bound))
        {
          SeEndpoint *tls = se_endpoint_with_tls (local, TRUE);

          se_endpoint_unref (local);
          local = tls;
        }

      g_free (suggestion);
      suggestion = se_endpoint_to_string (local != NULL ? local : bound);
      g_free (suggestion_pin);
      /* A TLS listener of this window: its client trusts its certificate
       * by fingerprint, which the dialog fills in. */
      suggestion_pin = g_strdup (se_listener_proxy_get_tls_fingerprint (listener));
      {
        GtkWidget *row = endpoint_row_new (suggestion, se_labels_listener_title (protocol));

        g_object_set_data_full (G_OBJECT (row), "se-fingerprint", g_strdup (suggestion_pin), g_free);
        gtk_list_box_append (self->listeners_list, row);
      }
      n_listeners++;
    }

  for (guint i = 0; recent != NULL && recent[i] != NULL; i++)
    {
      gtk_list_box_append (self->recent_list, endpoint_row_new (recent[i], NULL));
      n_recent++;
    }

  gtk_widget_set_visible (self->listeners_group, n_listeners > 0);
  gtk_widget_set_visible (self->recent_group, n_recent > 0);

  /* The listener started last is the likeliest target, then the endpoint
   * used last. */
  if (suggestion != NULL)
    {
      if (suggestion_pin != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->tls_pin_row), suggestion_pin);
      se_new_client_dialog_set_endpoint (self, suggestion);
    }
  else if (recent != NULL && recent[0] != NULL)
    se_new_client_dialog_set_endpoint (self, recent[0]);

  return self;
}

void
se_new_client_dialog_set_endpoint (SeNewClientDialog *self,
                                   const char        *text)
{
  g_return_if_fail (SE_IS_NEW_CLIENT_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->endpoint_row), text ? text : "");
  gtk_editable_set_position (GTK_EDITABLE (self->endpoint_row), -1);
}
