/* se-listener-page.c: one listener, its connections or peers, and a composer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "se-code-window.h"
#include "se-composer.h"
#include "se-gui-util.h"
#include "se-labels.h"
#include "se-listener-columns.h"
#include "se-listener-page.h"
#include "se-rate-graph.h"
#include "se-sockopt-window.h"
#include "se-page.h"

struct _SeListenerPage
{
  GtkWidget           parent_instance;

  SeListenerProxy         *listener;
  SeTrafficLog       *log;
  GCancellable       *cancellable;  /* a restart in progress */
  GtkSingleSelection *connections;  /* of SeConnectionProxy (stream kinds) */
  GtkSingleSelection *peer_selection;  /* of SePeerProxy (datagram kinds) */
  char               *endpoint;
  char               *status;
  char               *start_error;  /* why it could not start, until it runs */
  guint               number;  /* per kind: the 2nd TCP listener is #2 */

  GtkLabel           *endpoint_label;
  GtkLabel           *details_label;
  GtkLabel           *fingerprint_label;
  GtkWidget          *fingerprint_box;
  GtkStack           *list_stack;
  GtkColumnView      *connections_view;
  GtkColumnView      *peers_view;
  AdwStatusPage      *empty_page;
  GtkWidget          *retry_button;
  GtkDropDown        *target_dropdown;
  GtkStringList      *target_model;
  GtkWidget          *close_button;
  GtkLabel           *kernel_label;
  SeComposer         *composer;
  SeCodeWindow       *code_window;  /* while open: a weak pointer */
  guint               kernel_id;     /* asks the kernel's queues, while mapped */
  guint               kernel_unread; /* of the selected connection */
  guint               kernel_unsent;
};

enum {
  PROP_0,
  PROP_LISTENER,
  PROP_LOG,
  PROP_TITLE,
  PROP_ENDPOINT,
  PROP_STATUS,
  PROP_ICON_NAME,
  PROP_ENCODING,
  PROP_NUMBER,
  N_PROPS
};

/* PROP_TITLE .. PROP_NUMBER are the SePage contract's, in its order */
G_STATIC_ASSERT (PROP_NUMBER - PROP_TITLE + 1 == SE_PAGE_N_PROPS);

static GParamSpec *properties[N_PROPS];

static void se_listener_page_page_init (SePageInterface *iface) { }

G_DEFINE_FINAL_TYPE_WITH_CODE (SeListenerPage, se_listener_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (SE_TYPE_PAGE, se_listener_page_page_init))

enum {
  TARGET_SELECTED,
  TARGET_ALL,
};

static gboolean
se_listener_page_is_stream (SeListenerPage *self)
{
  return se_endpoint_is_stream (se_listener_proxy_get_endpoint (self->listener));
}

static void
se_listener_page_set_string (SeListenerPage  *self,
                             char           **field,
                             const char      *value,
                             guint            prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static guint
se_listener_page_count (SeListenerPage *self)
{
  if (se_listener_page_is_stream (self))
    return g_list_model_get_n_items (G_LIST_MODEL (self->connections));

  return g_list_model_get_n_items (G_LIST_MODEL (self->peer_selection));
}

/* The composer repeats and sends files through the core's sender of the
 * target chosen: each connection or peer has its own, still running
 * when another is selected. */
static void
update_sender (SeListenerPage *self)
{
  g_autoptr(SeSenderProxy) sender = NULL;

  if (gtk_drop_down_get_selected (self->target_dropdown) == TARGET_ALL)
    sender = se_sender_proxy_new (SE_PROXY (self->listener), NULL);
  else if (se_listener_page_is_stream (self))
    {
      SeConnectionProxy *connection = gtk_single_selection_get_selected_item (self->connections);

      if (connection != NULL)
        sender = se_sender_proxy_new (SE_PROXY (connection), NULL);
    }
  else
    {
      SePeerProxy *peer = gtk_single_selection_get_selected_item (self->peer_selection);

      if (peer != NULL)
        sender = se_sender_proxy_new (SE_PROXY (self->listener), se_peer_proxy_get_address (peer));
    }
  se_composer_set_sender (self->composer, sender);
}

static void
update_actions (SeListenerPage *self)
{
  gboolean running = se_listener_proxy_get_running (self->listener);
  gboolean stream = se_listener_page_is_stream (self);
  gboolean has_selection;
  gboolean can_send;

  if (stream)
    has_selection = gtk_single_selection_get_selected_item (self->connections) != NULL;
  else
    has_selection = gtk_single_selection_get_selected_item (self->peer_selection) != NULL;

  if (gtk_drop_down_get_selected (self->target_dropdown) == TARGET_ALL)
    can_send = running && se_listener_page_count (self) > 0;
  else
    can_send = running && has_selection;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "listener.stop", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "listener.start",
                                 !running && self->cancellable == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "listener.close-connection",
                                 running && stream && has_selection);
  update_sender (self);
  se_composer_set_can_send (self->composer, can_send);
}

static void
se_listener_page_update (SeListenerPage *self)
{
  SeEndpoint *endpoint = se_listener_proxy_get_endpoint (self->listener);
  gboolean running = se_listener_proxy_get_running (self->listener);
  gboolean stream = se_endpoint_is_stream (endpoint);
  guint count = se_listener_page_count (self);
  g_autofree char *text = se_endpoint_to_string (endpoint);
  g_autofree char *responder = se_labels_responder_describe (se_listener_proxy_get_responder (self->listener), stream);
  g_autofree char *status = NULL;
  g_autofree char *details = NULL;
  g_autofree char *hint = NULL;

  if (running)
    g_clear_pointer (&self->start_error, g_free);

  if (!running && self->start_error != NULL)
    status = g_strdup (_("Could not start"));
  else if (!running)
    status = g_strdup (_("Stopped"));
  else if (stream)
    status = g_strdup_printf (ngettext ("Listening · %u connection",
                                        "Listening · %u connections", count), count);
  else
    status = g_strdup_printf (ngettext ("Bound · %u peer seen",
                                        "Bound · %u peers seen", count), count);

  if (se_listener_proxy_get_relay_target (self->listener) != NULL)
    {
      g_autofree char *target = se_endpoint_to_string (se_listener_proxy_get_relay_target (self->listener));

      /* Translators: "Listening · 2 connections · Relay to tcp://127.0.0.1:80" */
      details = g_strdup_printf (_("%s · Relay to %s"), status, target);
    }
  else if (stream)
    /* Translators: "Listening · 2 connections · Responder: Echo · Backlog 128" */
    details = g_strdup_printf (_("%s · Responder: %s · Backlog %u"),
                               status, responder, se_listener_proxy_get_backlog (self->listener));
  else
    details = g_strdup_printf (_("%s · Responder: %s"), status, responder);
  /* Said only when it is not the default: the lesson of a small one */
  if (se_listener_proxy_get_read_size (self->listener) != SE_CONNECTION_READ_SIZE_DEFAULT)
    {
      /* Translators: recv(bufsize); %s is the text before, %u a number of bytes */
      g_autofree char *with_size = g_strdup_printf (_("%s · Read size %u"), details,
                                                    se_listener_proxy_get_read_size (self->listener));

      g_free (details);
      details = g_steal_pointer (&with_size);
    }

  /* Match-and-reply rules answer before the responder: say how many,
   * and which in the tooltip, in listen --rule's notation. */
  {
    SeRuleSet *rules = se_listener_proxy_get_rules (self->listener);
    g_autoptr(GString) tooltip = NULL;

    if (rules != NULL && se_rule_set_get_n_rules (rules) > 0)
      {
        guint n = se_rule_set_get_n_rules (rules);
        /* Translators: the details, then a count: "Listening · … · Backlog 128 · 2 rules" */
        char *with_rules = g_strdup_printf (ngettext ("%s · %u rule", "%s · %u rules", n), details, n);

        g_free (details);
        details = with_rules;
        tooltip = g_string_new (NULL);
        for (guint i = 0; i < n; i++)
          {
            g_autofree char *rule = se_rule_to_string (se_rule_set_get_rule (rules, i));

            g_string_append_printf (tooltip, "%s%u. %s", i > 0 ? "\n" : "", i + 1, rule);
          }
      }
    /* Only when it changes: setting one makes GTK look for the pointer */
    if (g_strcmp0 (gtk_widget_get_tooltip_text (GTK_WIDGET (self->details_label)),
                   tooltip != NULL ? tooltip->str : NULL) != 0)
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->details_label), tooltip != NULL ? tooltip->str : NULL);
  }

  /* Bytes the kernel holds for the selected connection (SIOCINQ,
   * SIOCOUTQ), as in step mode while a recv() waits: said when some,
   * beside Send to, where the page's height does not change */
  {
    GString *text_queues = g_string_new (NULL);

    if (self->kernel_unsent > 0)
      {
        g_string_append_printf (text_queues, ngettext ("%u byte in the kernel to send",
                                                       "%u bytes in the kernel to send",
                                                       self->kernel_unsent),
                                self->kernel_unsent);
      }
    if (self->kernel_unread > 0)
      {
        if (text_queues->len > 0)
          g_string_append (text_queues, " · ");
        g_string_append_printf (text_queues, ngettext ("%u byte in the kernel to read",
                                                       "%u bytes in the kernel to read",
                                                       self->kernel_unread),
                                self->kernel_unread);
      }
    gtk_label_set_text (self->kernel_label, text_queues->str);
    gtk_widget_set_visible (GTK_WIDGET (self->kernel_label), text_queues->len > 0);
    g_string_free (text_queues, TRUE);
  }

  gtk_label_set_text (self->endpoint_label, text);
  gtk_label_set_text (self->details_label, details);
  {
    /* tls://: the certificate a client pins (New Client fills it in) */
    const char *fingerprint = se_listener_proxy_get_tls_fingerprint (self->listener);
    g_autofree char *fingerprint_text = NULL;

    /* 95 characters do not fit the header: the first and last four
     * pairs, enough to compare by eye; all of it in the tooltip, and
     * the button copies it */
    if (fingerprint != NULL && strlen (fingerprint) == 95)
      /* Translators: %s…%s are the start and the end of a SHA-256 fingerprint */
      fingerprint_text = g_strdup_printf (_("Certificate SHA-256 %.11s…%s"), fingerprint, fingerprint + 84);
    else if (fingerprint != NULL)
      fingerprint_text = g_strdup_printf (_("Certificate SHA-256 %s"), fingerprint);
    gtk_label_set_text (self->fingerprint_label, fingerprint_text != NULL ? fingerprint_text : "");
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->fingerprint_label), fingerprint);
    gtk_widget_set_visible (self->fingerprint_box, fingerprint_text != NULL);
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "listener.copy-fingerprint", fingerprint_text != NULL);
  }

  if (count > 0)
    gtk_stack_set_visible_child_name (self->list_stack, stream ? "connections" : "peers");
  else
    {
      if (!running && self->start_error != NULL)
        {
          adw_status_page_set_title (self->empty_page, _("Could Not Start the Listener"));
          /* Translators: %s says why, e.g. "Address already in use (EADDRINUSE)…" */
          hint = g_strdup_printf (_("%s\n\nFree the port, or remove the listener and start one on another port."),
                                  self->start_error);
        }
      else if (!running)
        {
          adw_status_page_set_title (self->empty_page, _("Listener Stopped"));
          hint = g_strdup (_("The socket is closed. Start it again on the same address, or remove the listener."));
        }
      else if (stream)
        {
          adw_status_page_set_title (self->empty_page, _("No Connections Yet"));
          /* Translators: %s is an endpoint such as tcp://127.0.0.1:7000 */
          hint = g_strdup_printf (_("Connect a client to %s; each accepted connection appears here."), text);
        }
      else
        {
          adw_status_page_set_title (self->empty_page, _("No Datagrams Yet"));
          hint = g_strdup_printf (_("Send a datagram to %s; each peer that sends one appears here."), text);
        }
      adw_status_page_set_description (self->empty_page, hint);
      gtk_widget_set_visible (self->retry_button, !running && self->start_error != NULL);
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
    }

  se_listener_page_set_string (self, &self->endpoint, text, PROP_ENDPOINT);
  se_listener_page_set_string (self, &self->status, status, PROP_STATUS);
  update_actions (self);
}

/* The program of the Code window, when it is open */
static void
se_listener_page_update_code (SeListenerPage *self)
{
  SeCodeOptions options;
  const char *note = NULL;
  g_autofree char *title = NULL;

  if (self->code_window == NULL)
    return;

  se_code_options_init (&options, SE_CODE_LISTEN, se_listener_proxy_get_endpoint (self->listener));
  options.responder = se_listener_proxy_get_responder (self->listener);
  options.backlog = se_listener_proxy_get_backlog (self->listener);
  options.read_size = se_code_window_read_size_of (G_OBJECT (self->listener));
  if (se_listener_proxy_get_running (self->listener))
    note = _("Stop this listener before you run the program: two sockets cannot be bound to the same address.");
  se_code_window_set_options (self->code_window, &options, note);
  g_object_get (self, "title", &title, NULL);
  se_code_window_set_page_title (self->code_window, title);
}

static void
listener_notify_cb (SeListenerPage *self)
{
  se_listener_page_update (self);
  se_listener_page_update_code (self);
}

static void
se_listener_page_show_code_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  SeListenerPage *self = SE_LISTENER_PAGE (widget);

  if (self->code_window == NULL)
    {
      GtkRoot *root = gtk_widget_get_root (widget);

      self->code_window = se_code_window_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL);
      g_object_add_weak_pointer (G_OBJECT (self->code_window), (gpointer *) &self->code_window);
    }
  se_listener_page_update_code (self);
  gtk_window_present (GTK_WINDOW (self->code_window));
}

static void
se_listener_page_show_options_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  se_sockopt_window_show_listener (widget, SE_LISTENER_PAGE (widget)->listener);
}

static void
connections_changed_cb (SeListenerPage *self)
{
  se_listener_page_update (self);
}

static gboolean
composer_send_cb (SeListenerPage *self,
                  GBytes         *bytes,
                  SeComposer     *composer)
{
  g_autoptr(GError) error = NULL;
  gboolean all = gtk_drop_down_get_selected (self->target_dropdown) == TARGET_ALL;
  gboolean ok;

  if (all)
    ok = se_listener_proxy_send_all (self->listener, bytes, &error);
  else if (se_listener_page_is_stream (self))
    {
      SeConnectionProxy *connection = gtk_single_selection_get_selected_item (self->connections);

      ok = connection != NULL && se_connection_proxy_send (connection, bytes, &error);
    }
  else
    {
      SePeerProxy *peer = gtk_single_selection_get_selected_item (self->peer_selection);

      ok = peer != NULL &&
           se_listener_proxy_send_to (self->listener, se_peer_proxy_get_address (peer), bytes, &error);
    }

  if (error != NULL)
    se_gui_show_error (GTK_WIDGET (self), _("Could not send"), error);

  return ok;
}

static void
se_listener_page_stop_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  SeListenerPage *self = SE_LISTENER_PAGE (widget);

  se_listener_proxy_stop (self->listener);
  se_listener_page_update (self);
}

static void
start_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SeListenerPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!se_listener_proxy_start_finish (SE_LISTENER_PROXY (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  if (error != NULL)
    {
      g_free (self->start_error);
      self->start_error = g_strdup (error->message);
      se_gui_show_error (GTK_WIDGET (self), _("Could not start the listener again"), error);
    }
  se_listener_page_update (self);
}

static void
se_listener_page_start_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  SeListenerPage *self = SE_LISTENER_PAGE (widget);

  if (self->cancellable != NULL || se_listener_proxy_get_running (self->listener))
    return;

  self->cancellable = g_cancellable_new ();
  update_actions (self);
  se_listener_proxy_start_async (self->listener, self->cancellable, start_cb, g_object_ref (self));
}

static void
se_listener_page_remove_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  SeListenerPage *self = SE_LISTENER_PAGE (widget);

  if (se_listener_proxy_get_running (self->listener))
    se_listener_proxy_stop (self->listener);
  se_page_request_remove (SE_PAGE (self));
}

static void
se_listener_page_close_connection_action (GtkWidget  *widget,
                                          const char *action_name,
                                          GVariant   *parameter)
{
  SeListenerPage *self = SE_LISTENER_PAGE (widget);
  SeConnectionProxy *connection = gtk_single_selection_get_selected_item (self->connections);

  if (connection != NULL)
    se_connection_proxy_close (connection);
}

static void
se_listener_page_constructed (GObject *object)
{
  SeListenerPage *self = SE_LISTENER_PAGE (object);
  gboolean stream;

  G_OBJECT_CLASS (se_listener_page_parent_class)->constructed (object);

  g_assert (SE_IS_LISTENER_PROXY (self->listener));

  stream = se_listener_page_is_stream (self);
  /* The last minute of its traffic, under its header. */
  se_rate_graph_insert_after (se_rate_graph_new (G_OBJECT (self->listener)),
                              gtk_widget_get_ancestor (GTK_WIDGET (self->details_label), GTK_TYPE_SCROLLED_WINDOW));

  self->connections = gtk_single_selection_new (g_object_ref (se_listener_proxy_get_connections (self->listener)));
  gtk_single_selection_set_autoselect (self->connections, TRUE);
  gtk_column_view_set_model (self->connections_view, GTK_SELECTION_MODEL (self->connections));
  g_signal_connect_object (self->connections, "items-changed",
                           G_CALLBACK (connections_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->connections, "notify::selected",
                           G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);

  self->peer_selection = gtk_single_selection_new (g_object_ref (se_listener_proxy_get_peers (self->listener)));
  gtk_single_selection_set_autoselect (self->peer_selection, TRUE);
  gtk_column_view_set_model (self->peers_view, GTK_SELECTION_MODEL (self->peer_selection));
  g_signal_connect_object (self->peer_selection, "notify::selected",
                           G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->peer_selection, "items-changed",
                           G_CALLBACK (connections_changed_cb), self, G_CONNECT_SWAPPED);

  if (stream)
    {
      gtk_string_list_append (self->target_model, _("Selected connection"));
      gtk_string_list_append (self->target_model, _("All connections"));
    }
  else
    {
      gtk_string_list_append (self->target_model, _("Selected peer"));
      gtk_string_list_append (self->target_model, _("All peers seen"));
      gtk_widget_set_visible (self->close_button, FALSE);
    }

  g_signal_connect_object (self->listener, "notify::running",
                           G_CALLBACK (listener_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->listener, "notify::endpoint",
                           G_CALLBACK (listener_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->listener, "notify::tls-fingerprint",
                           G_CALLBACK (listener_notify_cb), self, G_CONNECT_SWAPPED);
  /* What the Code window shows besides the endpoint */
  g_signal_connect_object (self->listener, "notify::responder",
                           G_CALLBACK (se_listener_page_update_code), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->listener, "notify::backlog",
                           G_CALLBACK (se_listener_page_update_code), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->listener, "notify::read-size",
                           G_CALLBACK (se_listener_page_update_code), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->listener, "notify::read-size",
                           G_CALLBACK (listener_notify_cb), self, G_CONNECT_SWAPPED);

  se_listener_page_update (self);
}

/* Twice a second while the page is shown: what the kernel holds for the
 * selected connection is no event, so nothing else would tell the page. */
static gboolean
kernel_queues_cb (gpointer user_data)
{
  SeListenerPage *self = user_data;
  SeConnectionProxy *connection = self->connections != NULL ?
    gtk_single_selection_get_selected_item (self->connections) : NULL;
  guint unread = 0, unsent = 0;

  if (connection != NULL &&
      se_connection_proxy_get_state (connection) != SE_CONNECTION_STATE_CLOSED)
    se_connection_proxy_get_kernel_queues (connection, &unread, &unsent);

  if (unread != self->kernel_unread || unsent != self->kernel_unsent)
    {
      self->kernel_unread = unread;
      self->kernel_unsent = unsent;
      se_listener_page_update (self);
    }
  return G_SOURCE_CONTINUE;
}

static void
se_listener_page_map (GtkWidget *widget)
{
  SeListenerPage *self = SE_LISTENER_PAGE (widget);

  GTK_WIDGET_CLASS (se_listener_page_parent_class)->map (widget);
  if (self->kernel_id == 0 && se_endpoint_is_stream (se_listener_proxy_get_endpoint (self->listener)))
    self->kernel_id = g_timeout_add (500, kernel_queues_cb, self);
}

static void
se_listener_page_unmap (GtkWidget *widget)
{
  g_clear_handle_id (&SE_LISTENER_PAGE (widget)->kernel_id, g_source_remove);
  GTK_WIDGET_CLASS (se_listener_page_parent_class)->unmap (widget);
}

static void
se_listener_page_dispose (GObject *object)
{
  SeListenerPage *self = SE_LISTENER_PAGE (object);
  GtkWidget *child;

  g_clear_handle_id (&self->kernel_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* The program of a removed page goes with it */
  if (self->code_window != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->code_window), (gpointer *) &self->code_window);
      gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->code_window)));
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), SE_TYPE_LISTENER_PAGE);
  /* The template's root box is not a bound child */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->connections);
  g_clear_object (&self->peer_selection);
  g_clear_object (&self->listener);
  g_clear_object (&self->log);

  G_OBJECT_CLASS (se_listener_page_parent_class)->dispose (object);
}

static void
se_listener_page_finalize (GObject *object)
{
  SeListenerPage *self = SE_LISTENER_PAGE (object);

  g_free (self->endpoint);
  g_free (self->status);
  g_free (self->start_error);

  G_OBJECT_CLASS (se_listener_page_parent_class)->finalize (object);
}

static void
se_listener_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SeListenerPage *self = SE_LISTENER_PAGE (object);

  switch (prop_id)
    {
    case PROP_LISTENER:
      g_value_set_object (value, self->listener);
      break;

    case PROP_LOG:
      g_value_set_object (value, self->log);
      break;

    case PROP_TITLE:
      {
        SeProtocol protocol = se_endpoint_get_protocol (se_listener_proxy_get_endpoint (self->listener));
        const char *title = se_listener_proxy_get_relay_target (self->listener) != NULL
                            ? se_labels_relay_title (protocol)
                            : se_endpoint_get_tls (se_listener_proxy_get_endpoint (self->listener))
                            ? _("TLS Listener")
                            : se_labels_listener_title (protocol);

        /* Numbered among the window's listeners of its kind */
        if (self->number > 0)
          g_value_take_string (value, g_strdup_printf ("%s #%u", title, self->number));
        else
          g_value_set_string (value, title);
      }
      break;

    case PROP_ENDPOINT:
      g_value_set_string (value, self->endpoint);
      break;

    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;

    case PROP_ICON_NAME:
      g_value_set_string (value, "network-server-symbolic");
      break;

    case PROP_ENCODING:
      g_value_set_string (value, se_composer_get_encoding (self->composer));
      break;

    case PROP_NUMBER:
      g_value_set_uint (value, self->number);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
se_listener_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SeListenerPage *self = SE_LISTENER_PAGE (object);

  switch (prop_id)
    {
    case PROP_LISTENER:
      self->listener = g_value_dup_object (value);
      break;

    case PROP_LOG:
      self->log = g_value_dup_object (value);
      break;

    case PROP_ENCODING:
      se_composer_set_encoding (self->composer, g_value_get_string (value));
      break;

    case PROP_NUMBER:
      if (self->number != g_value_get_uint (value))
        {
          self->number = g_value_get_uint (value);
          g_object_notify_by_pspec (object, properties[PROP_NUMBER]);
          g_object_notify_by_pspec (object, properties[PROP_TITLE]);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The encoding chosen in the composer is the page's: whoever shows the
 * page's bytes (the log, the window) is told. */
static void
composer_encoding_changed_cb (SeListenerPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENCODING]);
}

/* tls://: the whole fingerprint, one line, as `send --pin` and the New
 * Client dialog take it */
static void
se_listener_page_copy_fingerprint_action (GtkWidget  *widget,
                                          const char *action_name,
                                          GVariant   *parameter)
{
  SeListenerPage *self = SE_LISTENER_PAGE (widget);
  const char *fingerprint = se_listener_proxy_get_tls_fingerprint (self->listener);

  if (fingerprint != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), fingerprint);
}

static void
se_listener_page_class_init (SeListenerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = se_listener_page_constructed;
  object_class->dispose = se_listener_page_dispose;
  object_class->finalize = se_listener_page_finalize;
  object_class->get_property = se_listener_page_get_property;
  object_class->set_property = se_listener_page_set_property;
  widget_class->map = se_listener_page_map;
  widget_class->unmap = se_listener_page_unmap;

  properties[PROP_LISTENER] =
    g_param_spec_object ("listener", NULL, NULL, SE_TYPE_LISTENER_PROXY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOG] =
    g_param_spec_object ("log", NULL, NULL, SE_TYPE_TRAFFIC_LOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, PROP_TITLE, properties);
  /* The SePage contract, PROP_TITLE to PROP_NUMBER */
  se_page_class_override_properties (object_class, PROP_TITLE, properties);


  g_type_ensure (SE_TYPE_COMPOSER);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/socketexplorer/SocketExplorer/se-listener-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SeListenerPage, endpoint_label);
  gtk_widget_class_bind_template_child (widget_class, SeListenerPage, details_label);
  gtk_widget_class_bind_template_child (widget_class, SeListenerPage, fingerprint_label);
  gtk_widget_class_bind_template_child (widget_class, SeListenerPage, fingerprint_box);
  gtk_widget_class_bind_template_child (widget_class, SeListenerPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, SeListenerPage, connections_view);
  gtk_widget_class_bind_template_child (widget_class, SeListenerPage, peers_view);
  gtk_widget_class_bind_template_child (widget_class, SeListenerPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SeListenerPage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, SeListenerPage, target_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SeListenerPage, target_model);
  gtk_widget_class_bind_template_child (widget_class, SeListenerPage, close_button);
  gtk_widget_class_bind_template_child (widget_class, SeListenerPage, kernel_label);
  gtk_widget_class_bind_template_child (widget_class, SeListenerPage, composer);
  gtk_widget_class_bind_template_callback (widget_class, update_actions);
  gtk_widget_class_bind_template_callback (widget_class, composer_send_cb);

  gtk_widget_class_install_action (widget_class, "listener.stop", NULL, se_listener_page_stop_action);
  gtk_widget_class_install_action (widget_class, "listener.copy-fingerprint", NULL,
                                   se_listener_page_copy_fingerprint_action);
  gtk_widget_class_install_action (widget_class, "listener.start", NULL, se_listener_page_start_action);
  gtk_widget_class_install_action (widget_class, "listener.remove", NULL, se_listener_page_remove_action);
  gtk_widget_class_install_action (widget_class, "listener.close-connection", NULL,
                                   se_listener_page_close_connection_action);
  gtk_widget_class_install_action (widget_class, "listener.show-code", NULL,
                                   se_listener_page_show_code_action);
  gtk_widget_class_install_action (widget_class, "listener.show-options", NULL,
                                   se_listener_page_show_options_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
se_listener_page_init (SeListenerPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->composer, "notify::encoding",
                           G_CALLBACK (composer_encoding_changed_cb), self,
                           G_CONNECT_SWAPPED);

  se_listener_columns_add_connections (self->connections_view);
  se_listener_columns_add_peers (self->peers_view);
}

GtkWidget *
se_listener_page_new (SeListenerProxy   *listener,
                      SeTrafficLog *log)
{
  g_return_val_if_fail (SE_IS_LISTENER_PROXY (listener), NULL);
  g_return_val_if_fail (log == NULL || SE_IS_TRAFFIC_LOG (log), NULL);

  return g_object_new (SE_TYPE_LISTENER_PAGE,
                       "listener", listener,
                       "log", log,
                       NULL);
}

SeListenerProxy *
se_listener_page_get_listener (SeListenerPage *self)
{
  g_return_val_if_fail (SE_IS_LISTENER_PAGE (self), NULL);

  return self->listener;
}

void
se_listener_page_set_start_error (SeListenerPage *self,
                                  const GError   *error)
{
  g_return_if_fail (SE_IS_LISTENER_PAGE (self));

  g_clear_pointer (&self->start_error, g_free);
  if (error != NULL)
    self->start_error = g_strdup (error->message);
  se_listener_page_update (self);
}
