/* se-client-page.c: one client: its addresses, a composer and the replies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "se-client-page.h"
#include "se-page.h"
#include "se-code-window.h"
#include "se-composer.h"
#include "se-encoding.h"
#include "se-gui-util.h"
#include "se-labels.h"
#include "se-payload.h"
#include "se-rate-graph.h"
#include "se-sockopt-window.h"

/* The replies view keeps the most recent lines only; the log has them all. */
#define MAX_REPLY_LINES 1000
#define MAX_REPLY_CHARS 4096

struct _SeClientPage
{
  GtkWidget      parent_instance;

  SeClientProxy      *client;
  SeConnectionProxy  *connection;  /* stream clients */
  GCancellable  *cancellable; /* a reconnection in progress */
  char          *endpoint;
  char          *status;
  guint          number;      /* per kind: the 2nd TCP client is #2 */
  guint          update_id;   /* a queued update of the labels */
  guint          kernel_id;   /* asks the kernel's queues, while mapped */
  guint          kernel_unread;
  guint          kernel_unsent;
  gboolean       ever_connected;  /* FALSE for a workspace's client not yet connected */

  GtkLabel      *endpoint_label;
  GtkLabel      *status_label;
  GtkLabel      *local_label;
  GtkLabel      *remote_label;
  GtkLabel      *traffic_label;
  GtkWidget     *tls_title_label;
  GtkWidget     *tls_box;
  GtkWidget     *tls_button;
  GtkLabel      *tls_label;
  GtkLabel      *tls_details_label;
  GtkWidget     *half_close_button;
  GtkWidget     *reset_button;
  GtkButton     *reconnect_button;
  GtkTextView   *replies_view;
  SeComposer    *composer;
  SeCodeWindow  *code_window;  /* while open: a weak pointer */
};

enum {
  PROP_0,
  PROP_CLIENT,
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

static void se_client_page_page_init (SePageInterface *iface) { }

G_DEFINE_FINAL_TYPE_WITH_CODE (SeClientPage, se_client_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (SE_TYPE_PAGE, se_client_page_page_init))

static gboolean
se_client_page_is_stream (SeClientPage *self)
{
  return se_endpoint_is_stream (se_client_proxy_get_target (self->client));
}

static void
se_client_page_set_status (SeClientPage *self,
                           const char   *status)
{
  if (g_strcmp0 (self->status, status) == 0)
    return;

  g_free (self->status);
  self->status = g_strdup (status);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

/* tls://: the handshake's first line (version, cipher) on the row, the
 * server's chain and what its check found in the Certificate popover. */
static void
se_client_page_update_tls (SeClientPage *self)
{
  gboolean tls = se_endpoint_get_tls (se_client_proxy_get_target (self->client));
  const char *summary = NULL;

  gtk_widget_set_visible (self->tls_title_label, tls);
  gtk_widget_set_visible (self->tls_box, tls);
  if (!tls)
    return;

  if (self->connection != NULL)
    summary = se_connection_proxy_get_tls_summary (self->connection);

  if (summary != NULL)
    {
      const char *newline = strchr (summary, '\n');
      g_autofree char *first = newline != NULL ? g_strndup (summary, newline - summary) : g_strdup (summary);

      gtk_label_set_text (self->tls_label, first);
      gtk_label_set_text (self->tls_details_label, newline != NULL ? newline + 1 : "");
      gtk_widget_set_visible (self->tls_button, newline != NULL);
    }
  else
    {
      gboolean failed = self->connection != NULL &&
                        se_connection_proxy_get_state (self->connection) == SE_CONNECTION_STATE_CLOSED;

      gtk_label_set_text (self->tls_label,
                          failed ? _("No TLS stream: the handshake did not finish (the status says why)")
                                 : _("Handshake under way…"));
      gtk_label_set_text (self->tls_details_label, "");
      gtk_widget_set_visible (self->tls_button, FALSE);
    }
}

static void
se_client_page_update (SeClientPage *self)
{
  gboolean stream = se_client_page_is_stream (self);
  gboolean connected = se_client_proxy_get_connected (self->client);
  SeConnectionState state = SE_CONNECTION_STATE_CLOSED;
  g_autofree char *status = NULL;
  const char *short_status = "";
  g_autofree char *traffic_in = NULL;
  g_autofree char *traffic_out = NULL;
  g_autofree char *traffic = NULL;
  const char *local = NULL;
  const char *remote = NULL;
  g_autofree char *target_address = NULL;

  if (stream && self->connection != NULL)
    {
      const GError *error = se_connection_proxy_get_error (self->connection);

      state = se_connection_proxy_get_state (self->connection);
      local = se_connection_proxy_get_local_address (self->connection);
      remote = se_connection_proxy_get_remote_address (self->connection);
      traffic_in = se_labels_format_traffic (TRUE, FALSE, se_connection_proxy_get_bytes_received (self->connection),
                                             se_connection_proxy_get_messages_received (self->connection));
      traffic_out = se_labels_format_traffic (TRUE, TRUE, se_connection_proxy_get_bytes_sent (self->connection),
                                              se_connection_proxy_get_messages_sent (self->connection));

      switch (state)
        {
        case SE_CONNECTION_STATE_CONNECTED:
        case SE_CONNECTION_STATE_HALF_CLOSED_LOCAL:
        case SE_CONNECTION_STATE_HALF_CLOSED_REMOTE:
          status = g_strdup (se_labels_connection_state_long (state));
          short_status = se_labels_connection_state (state);
          break;
        case SE_CONNECTION_STATE_CLOSED:
        default:
          short_status = se_labels_connection_state (SE_CONNECTION_STATE_CLOSED);
          if (error != NULL)
            /* Translators: %s says why, e.g. "Connection reset by peer" */
            status = g_strdup_printf (_("Closed: %s"), error->message);
          else
            status = g_strdup (_("Closed"));
          break;
        }
    }
  else
    {
      local = se_client_proxy_get_local_address (self->client);
      traffic_in = se_labels_format_traffic (FALSE, FALSE, se_client_proxy_get_bytes_received (self->client),
                                             se_client_proxy_get_datagrams_received (self->client));
      traffic_out = se_labels_format_traffic (FALSE, TRUE, se_client_proxy_get_bytes_sent (self->client),
                                              se_client_proxy_get_datagrams_sent (self->client));
      if (connected)
        {
          status = g_strdup (_("Open: datagrams need no connection, each one is addressed"));
          short_status = _("Open");
        }
      else
        {
          status = g_strdup (_("Closed"));
          short_status = _("Closed");
        }
    }

  /* A client of a workspace or of the last session, not connected yet,
   * says so, and its button connects rather than reconnects */
  if (connected)
    self->ever_connected = TRUE;
  if (!connected && !self->ever_connected && self->cancellable == NULL && self->connection == NULL)
    {
      g_free (status);
      status = g_strdup (_("Not connected yet: Connect opens the socket"));
      short_status = _("Not connected");
    }
  gtk_button_set_label (self->reconnect_button, self->ever_connected ? _("Re_connect") : _("_Connect"));

  /* The peer in the same form for every kind: "127.0.0.1:5000", as
   * getpeername() and the log show it, not "udp://…" */
  if (remote == NULL || *remote == '\0')
    remote = target_address = se_endpoint_to_address (se_client_proxy_get_target (self->client));
  if (local == NULL || *local == '\0')
    local = _("(not bound yet: the system picks an address at the first send)");

  /* Translators: "Sent 5 bytes in 1 send · received 5 bytes in 2 reads" */
  traffic = g_strdup_printf (_("Sent %s · received %s"), traffic_out, traffic_in);
  /* Bytes the kernel holds (SIOCINQ, SIOCOUTQ): said only when there are
   * some, as when the peer does not read. */
  if (stream && self->connection != NULL && state != SE_CONNECTION_STATE_CLOSED)
    {
      GString *text = g_string_new (traffic);
      guint64 queued = 0;

      /* Not yet handed to send(): a peer that does not read, or a send
       * held in step mode */
      g_object_get (self->connection, "queued-bytes", &queued, NULL);
      if (queued > 0)
        {
          g_string_append (text, " · ");
          /* Translators: bytes the app has not yet handed to send() */
          g_string_append_printf (text, ngettext ("%u byte waits in the app to be sent",
                                                  "%u bytes wait in the app to be sent",
                                                  (guint) MIN (queued, G_MAXUINT)),
                                  (guint) MIN (queued, G_MAXUINT));
        }
      if (self->kernel_unsent > 0)
        {
          g_string_append (text, " · ");
          /* Translators: SIOCOUTQ: bytes sent by the program, not yet sent or acknowledged */
          g_string_append_printf (text, ngettext ("%u byte in the kernel to send",
                                                  "%u bytes in the kernel to send",
                                                  self->kernel_unsent),
                                  self->kernel_unsent);
        }
      if (self->kernel_unread > 0)
        {
          g_string_append (text, " · ");
          /* Translators: SIOCINQ: bytes received by the kernel, not yet read by recv() */
          g_string_append_printf (text, ngettext ("%u byte in the kernel to read",
                                                  "%u bytes in the kernel to read",
                                                  self->kernel_unread),
                                  self->kernel_unread);
        }
      g_free (traffic);
      traffic = g_string_free (text, FALSE);
    }

  /* Its match-and-reply rules answer what comes back: how many, and
   * which in the tooltip, in send --rule's notation */
  {
    SeRuleSet *rules = se_client_proxy_get_rules (self->client);
    g_autoptr(GString) tooltip = NULL;

    if (rules != NULL && se_rule_set_get_n_rules (rules) > 0)
      {
        guint n = se_rule_set_get_n_rules (rules);
        /* Translators: the details, then a count: "Listening · … · Backlog 128 · 2 rules" */
        char *with_rules = g_strdup_printf (ngettext ("%s · %u rule", "%s · %u rules", n), status, n);

        g_free (status);
        status = with_rules;
        tooltip = g_string_new (NULL);
        for (guint i = 0; i < n; i++)
          {
            g_autofree char *rule = se_rule_to_string (se_rule_set_get_rule (rules, i));

            g_string_append_printf (tooltip, "%s%u. %s", i > 0 ? "\n" : "", i + 1, rule);
          }
      }
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), tooltip != NULL ? tooltip->str : NULL);
  }

  gtk_label_set_text (self->endpoint_label, self->endpoint);
  gtk_label_set_text (self->status_label, status);
  gtk_label_set_text (self->local_label, local);
  gtk_label_set_text (self->remote_label, remote);
  gtk_label_set_text (self->traffic_label, traffic);
  se_client_page_update_tls (self);
  se_client_page_set_status (self, short_status);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "client.half-close",
                                 stream && connected &&
                                 (state == SE_CONNECTION_STATE_CONNECTED ||
                                  state == SE_CONNECTION_STATE_HALF_CLOSED_REMOTE));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "client.close", connected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "client.reconnect",
                                 !connected && self->cancellable == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "client.reset", stream && connected);
  se_composer_set_can_send (self->composer,
                            connected &&
                            (!stream ||
                             state == SE_CONNECTION_STATE_CONNECTED ||
                             state == SE_CONNECTION_STATE_HALF_CLOSED_REMOTE));
}

static void se_client_page_queue_update (SeClientPage *self);

/* Twice a second while the page is shown: what the kernel holds for the
 * connection is no event, so nothing else would tell the page. */
static gboolean
kernel_queues_cb (gpointer user_data)
{
  SeClientPage *self = user_data;
  guint unread = 0, unsent = 0;

  if (self->connection != NULL &&
      se_connection_proxy_get_state (self->connection) != SE_CONNECTION_STATE_CLOSED)
    se_connection_proxy_get_kernel_queues (self->connection, &unread, &unsent);

  if (unread != self->kernel_unread || unsent != self->kernel_unsent)
    {
      self->kernel_unread = unread;
      self->kernel_unsent = unsent;
      se_client_page_queue_update (self);
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
update_idle_cb (gpointer user_data)
{
  SeClientPage *self = user_data;

  self->update_id = 0;
  se_client_page_update (self);

  return G_SOURCE_REMOVE;
}

/* Traffic changes several counters at once, each with its own notify:
 * the labels are rebuilt once for all of them, before the next frame. */
static void
se_client_page_queue_update (SeClientPage *self)
{
  if (self->update_id == 0)
    self->update_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update_idle_cb, self, NULL);
}

static void
se_client_page_append_reply (SeClientPage *self,
                             GBytes       *bytes,
                             const char   *from)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->replies_view);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_date_time_format (now, "%H:%M:%S");
  g_autofree char *escaped = NULL;
  g_autofree char *line = NULL;
  GtkTextIter end;
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  g_autofree char *size_text = NULL;

  /* In the page's encoding, as the composer sends (GB18030 text reads as
   * Chinese, not as escapes) */
  escaped = se_encoding_decode_preview (se_composer_get_encoding (self->composer), data, size, MAX_REPLY_CHARS);
  size_text = g_strdup_printf ("%" G_GSIZE_FORMAT, size);
  if (se_client_page_is_stream (self))
    /* Translators: a reply line: time, size in bytes, the bytes as text */
    line = g_strdup_printf (_("%s  %s B  %s\n"), time, size_text, escaped);
  else
    /* Translators: a reply line: time, sender, size in bytes, the bytes as text */
    line = g_strdup_printf (_("%s  from %s  %s B  %s\n"), time, from ? from : "", size_text, escaped);

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, line, -1);

  if (gtk_text_buffer_get_line_count (buffer) > MAX_REPLY_LINES + 1)
    {
      GtkTextIter start, cut;

      gtk_text_buffer_get_start_iter (buffer, &start);
      gtk_text_buffer_get_iter_at_line (buffer, &cut,
                                        gtk_text_buffer_get_line_count (buffer) - MAX_REPLY_LINES - 1);
      gtk_text_buffer_delete (buffer, &start, &cut);
    }

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_view_scroll_to_iter (self->replies_view, &end, 0, FALSE, 0, 0);
}

static void
client_received_cb (SeClientPage *self,
                    GBytes       *bytes,
                    const char   *from,
                    SeClientProxy     *client)
{
  se_client_page_append_reply (self, bytes, from);
}

static void
client_changed_cb (SeClientPage *self)
{
  se_client_page_update (self);
}

static void
se_client_page_set_connection (SeClientPage *self,
                               SeConnectionProxy *connection)
{
  if (self->connection == connection)
    return;

  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);
  g_set_object (&self->connection, connection);
  /* Its state, addresses and counters are all on the page */
  if (connection != NULL)
    g_signal_connect_object (connection, "notify",
                             G_CALLBACK (se_client_page_queue_update), self, G_CONNECT_SWAPPED);
}

static void
client_notify_connection_cb (SeClientPage *self)
{
  se_client_page_set_connection (self, se_client_proxy_get_connection (self->client));
  se_client_page_update (self);
}

static gboolean
composer_send_cb (SeClientPage *self,
                  GBytes       *bytes,
                  SeComposer   *composer)
{
  g_autoptr(GError) error = NULL;

  if (!se_client_proxy_send (self->client, bytes, &error))
    {
      se_gui_show_error (GTK_WIDGET (self), _("Could not send"), error);
      return FALSE;
    }

  return TRUE;
}

static void
se_client_page_half_close_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  SeClientPage *self = SE_CLIENT_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (!se_client_proxy_shutdown (self->client, &error))
    se_gui_show_error (widget, _("Could not half-close"), error);
  se_client_page_update (self);
}

static void
se_client_page_close_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  SeClientPage *self = SE_CLIENT_PAGE (widget);

  se_client_proxy_close (self->client);
  se_client_page_update (self);
}

static void
se_client_page_reset_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  SeClientPage *self = SE_CLIENT_PAGE (widget);

  se_client_proxy_reset (self->client);
  se_client_page_update (self);
}

static void
reconnect_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SeClientPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!se_client_proxy_connect_finish (SE_CLIENT_PROXY (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  if (error != NULL)
    se_gui_show_error (GTK_WIDGET (self), _("Could not reconnect"), error);
  /* A new connection has a new id: "TCP Client #4" */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  se_client_page_update (self);
}

static void
se_client_page_reconnect_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  SeClientPage *self = SE_CLIENT_PAGE (widget);

  if (self->cancellable != NULL || se_client_proxy_get_connected (self->client))
    return;

  self->cancellable = g_cancellable_new ();
  se_client_page_update (self);
  se_client_proxy_connect_async (self->client, self->cancellable, reconnect_cb, g_object_ref (self));
}

static void
se_client_page_remove_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  SeClientPage *self = SE_CLIENT_PAGE (widget);

  if (se_client_proxy_get_connected (self->client))
    se_client_proxy_close (self->client);
  se_page_request_remove (SE_PAGE (self));
}

static void
se_client_page_clear_replies_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  SeClientPage *self = SE_CLIENT_PAGE (widget);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->replies_view), "", 0);
}

/* The program of the Code window, when it is open: what the composer
 * holds, sent as the composer would send it */
static void
se_client_page_update_code (SeClientPage *self)
{
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  SeCodeOptions options;

  if (self->code_window == NULL)
    return;

  g_object_get (self, "title", &title, NULL);
  se_code_window_set_page_title (self->code_window, title);
  se_code_options_init (&options, SE_CODE_SEND, se_client_proxy_get_target (self->client));
  options.read_size = se_code_window_read_size_of (G_OBJECT (self->client));
  if (!se_composer_get_message (self->composer, &data, &options.format, &options.eol,
                                &options.repeat, &options.interval_ms, &error))
    {
      g_autofree char *note = NULL;

      /* Translators: %s says what is wrong with the message */
      note = g_strdup_printf (_("The message in the composer cannot be sent as it is: %s"), error->message);
      se_code_window_set_options (self->code_window, NULL, note);
      return;
    }
  if (g_bytes_get_size (data) == 0)
    {
      se_code_window_set_options (self->code_window, NULL,
                                  _("Type a message in the composer: the program sends it."));
      return;
    }

  options.data = data;
  se_code_window_set_options (self->code_window, &options,
                              se_composer_get_has_macros (self->composer)
                              ? _("The macros are expanded once, as for the next send: the program sends the same bytes every time.")
                              : NULL);
}

static void
se_client_page_show_code_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  SeClientPage *self = SE_CLIENT_PAGE (widget);

  if (self->code_window == NULL)
    {
      GtkRoot *root = gtk_widget_get_root (widget);

      self->code_window = se_code_window_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL);
      g_object_add_weak_pointer (G_OBJECT (self->code_window), (gpointer *) &self->code_window);
    }
  se_client_page_update_code (self);
  gtk_window_present (GTK_WINDOW (self->code_window));
}

static void
se_client_page_show_options_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  se_sockopt_window_show_client (widget, SE_CLIENT_PAGE (widget)->client);
}

static void
se_client_page_constructed (GObject *object)
{
  SeClientPage *self = SE_CLIENT_PAGE (object);
  gboolean stream;

  G_OBJECT_CLASS (se_client_page_parent_class)->constructed (object);

  g_assert (SE_IS_CLIENT_PROXY (self->client));

  stream = se_client_page_is_stream (self);
  self->endpoint = se_endpoint_to_string (se_client_proxy_get_target (self->client));
  gtk_widget_set_visible (self->half_close_button, stream);
  gtk_widget_set_visible (self->reset_button, stream);

  g_signal_connect_object (self->client, "received",
                           G_CALLBACK (client_received_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->client, "closed",
                           G_CALLBACK (client_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->client, "notify::connected",
                           G_CALLBACK (client_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->client, "notify::connection",
                           G_CALLBACK (client_notify_connection_cb), self, G_CONNECT_SWAPPED);
  /* A datagram client's own counters */
  for (guint i = 0; i < 4; i++)
    {
      static const char * const counters[] = {
        "notify::bytes-sent", "notify::datagrams-sent",
        "notify::bytes-received", "notify::datagrams-received",
      };

      g_signal_connect_object (self->client, counters[i],
                               G_CALLBACK (se_client_page_queue_update), self, G_CONNECT_SWAPPED);
    }
  /* The last minute of its traffic, under its header. */
  se_rate_graph_insert_after (se_rate_graph_new (G_OBJECT (self->client)),
                              gtk_widget_get_ancestor (GTK_WIDGET (self->endpoint_label), GTK_TYPE_SCROLLED_WINDOW));

  /* What the Code window shows, besides the composer's message */
  g_signal_connect_object (self->client, "notify::read-size",
                           G_CALLBACK (se_client_page_update_code), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->composer, "changed",
                           G_CALLBACK (se_client_page_update_code), self, G_CONNECT_SWAPPED);

  /* Auto-send and files: the core's sender of this client */
  {
    g_autoptr(SeSenderProxy) sender = se_sender_proxy_new (SE_PROXY (self->client), NULL);

    se_composer_set_sender (self->composer, sender);
  }

  se_client_page_set_connection (self, se_client_proxy_get_connection (self->client));
  se_client_page_update (self);
}

static void
se_client_page_map (GtkWidget *widget)
{
  SeClientPage *self = SE_CLIENT_PAGE (widget);

  GTK_WIDGET_CLASS (se_client_page_parent_class)->map (widget);

  if (self->kernel_id == 0 && se_client_page_is_stream (self))
    self->kernel_id = g_timeout_add (500, kernel_queues_cb, self);
}

static void
se_client_page_unmap (GtkWidget *widget)
{
  SeClientPage *self = SE_CLIENT_PAGE (widget);

  g_clear_handle_id (&self->kernel_id, g_source_remove);

  GTK_WIDGET_CLASS (se_client_page_parent_class)->unmap (widget);
}

static void
se_client_page_dispose (GObject *object)
{
  SeClientPage *self = SE_CLIENT_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->update_id, g_source_remove);
  /* The program of a removed page goes with it */
  if (self->code_window != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->code_window), (gpointer *) &self->code_window);
      gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->code_window)));
    }
  g_clear_handle_id (&self->kernel_id, g_source_remove);
  se_client_page_set_connection (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SE_TYPE_CLIENT_PAGE);
  /* The template's root box is not a bound child */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (se_client_page_parent_class)->dispose (object);
}

static void
se_client_page_finalize (GObject *object)
{
  SeClientPage *self = SE_CLIENT_PAGE (object);

  g_free (self->endpoint);
  g_free (self->status);

  G_OBJECT_CLASS (se_client_page_parent_class)->finalize (object);
}

static void
se_client_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SeClientPage *self = SE_CLIENT_PAGE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_TITLE:
      {
        SeEndpoint *target = se_client_proxy_get_target (self->client);
        const char *title = se_endpoint_get_tls (target) ? _("TLS Client")
                                                         : se_labels_client_title (se_endpoint_get_protocol (target));

        /* Numbered among the window's clients of its kind ("TCP Client
         * #2"); before the window numbers it, by its id */
        g_value_take_string (value, g_strdup_printf ("%s #%u", title,
                                                     self->number > 0 ? self->number : se_client_proxy_get_id (self->client)));
      }
      break;

    case PROP_ENDPOINT:
      g_value_set_string (value, self->endpoint);
      break;

    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;

    case PROP_ICON_NAME:
      g_value_set_string (value, "network-transmit-receive-symbolic");
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
se_client_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SeClientPage *self = SE_CLIENT_PAGE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
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
composer_encoding_changed_cb (SeClientPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENCODING]);
}

static void
se_client_page_class_init (SeClientPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = se_client_page_constructed;
  object_class->dispose = se_client_page_dispose;
  object_class->finalize = se_client_page_finalize;
  object_class->get_property = se_client_page_get_property;
  object_class->set_property = se_client_page_set_property;
  widget_class->map = se_client_page_map;
  widget_class->unmap = se_client_page_unmap;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, SE_TYPE_CLIENT_PROXY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, PROP_TITLE, properties);
  /* The SePage contract, PROP_TITLE to PROP_NUMBER */
  se_page_class_override_properties (object_class, PROP_TITLE, properties);


  g_type_ensure (SE_TYPE_COMPOSER);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/socketexplorer/SocketExplorer/se-client-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SeClientPage, endpoint_label);
  gtk_widget_class_bind_template_child (widget_class, SeClientPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, SeClientPage, local_label);
  gtk_widget_class_bind_template_child (widget_class, SeClientPage, remote_label);
  gtk_widget_class_bind_template_child (widget_class, SeClientPage, traffic_label);
  gtk_widget_class_bind_template_child (widget_class, SeClientPage, tls_title_label);
  gtk_widget_class_bind_template_child (widget_class, SeClientPage, tls_box);
  gtk_widget_class_bind_template_child (widget_class, SeClientPage, tls_button);
  gtk_widget_class_bind_template_child (widget_class, SeClientPage, tls_label);
  gtk_widget_class_bind_template_child (widget_class, SeClientPage, tls_details_label);
  gtk_widget_class_bind_template_child (widget_class, SeClientPage, half_close_button);
  gtk_widget_class_bind_template_child (widget_class, SeClientPage, reset_button);
  gtk_widget_class_bind_template_child (widget_class, SeClientPage, reconnect_button);
  gtk_widget_class_bind_template_child (widget_class, SeClientPage, replies_view);
  gtk_widget_class_bind_template_child (widget_class, SeClientPage, composer);
  gtk_widget_class_bind_template_callback (widget_class, composer_send_cb);

  gtk_widget_class_install_action (widget_class, "client.half-close", NULL, se_client_page_half_close_action);
  gtk_widget_class_install_action (widget_class, "client.close", NULL, se_client_page_close_action);
  gtk_widget_class_install_action (widget_class, "client.reset", NULL, se_client_page_reset_action);
  gtk_widget_class_install_action (widget_class, "client.reconnect", NULL, se_client_page_reconnect_action);
  gtk_widget_class_install_action (widget_class, "client.remove", NULL, se_client_page_remove_action);
  gtk_widget_class_install_action (widget_class, "client.clear-replies", NULL, se_client_page_clear_replies_action);
  gtk_widget_class_install_action (widget_class, "client.show-code", NULL, se_client_page_show_code_action);
  gtk_widget_class_install_action (widget_class, "client.show-options", NULL, se_client_page_show_options_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
se_client_page_init (SeClientPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->composer, "notify::encoding",
                           G_CALLBACK (composer_encoding_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

GtkWidget *
se_client_page_new (SeClientProxy *client)
{
  g_return_val_if_fail (SE_IS_CLIENT_PROXY (client), NULL);

  return g_object_new (SE_TYPE_CLIENT_PAGE,
                       "client", client,
                       NULL);
}

SeClientProxy *
se_client_page_get_client (SeClientPage *self)
{
  g_return_val_if_fail (SE_IS_CLIENT_PAGE (self), NULL);

  return self->client;
}

SeComposer *
se_client_page_get_composer (SeClientPage *self)
{
  g_return_val_if_fail (SE_IS_CLIENT_PAGE (self), NULL);
  return self->composer;
}
