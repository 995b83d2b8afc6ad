/* se-window-help.c: F1, help for the page shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A learner presses F1 on the page in front of them and reads what it
 * does in socket terms: which calls a listener or a client made, what its
 * buttons do, what the log will show and what its errors mean. The text
 * depends on the kind of page (welcome, listener, client, stream or
 * datagram, Resolve, the log alone); the keyboard shortcuts are one click
 * away (Ctrl+?), and About is in the main menu.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "se-client-page.h"
#include "se-listener-page.h"
#include "se-window-private.h"

typedef struct
{
  const char *heading;
  const char *text;
} HelpSection;

typedef struct
{
  const char        *title;
  const HelpSection *sections;
} HelpTopic;

static const HelpSection welcome_sections[] = {
  { N_("Listeners and clients"),
    N_("A listener is the server side: it binds an address and a port and waits, accepting connections (TCP, Unix stream) or receiving datagrams (UDP, Unix datagram). Start one with New Listener (Ctrl+N). A client is the other side: it connects to a listener and sends messages. Start one with New Client (Ctrl+Shift+N).") },
  { N_("Try it"),
    N_("Start a TCP listener with the Echo responder, connect a client to it and send “hello\\n”. The reply comes back on the client's page.") },
  { N_("The traffic log"),
    N_("Every step appears in the log below the page: bind, listen, accept, connect, send, receive, shutdown, close and errors, with the addresses of both ends. Select an event to see its bytes as text and hex.") },
  { N_("Workspaces"),
    N_("A workspace keeps a lesson's listeners and clients. Save it with Save Workspace (Ctrl+S) and open it again in class (Ctrl+O), or double-click the .sews file. What the window has is kept when you quit, and comes back at the next start.") },
  { N_("Step mode"),
    N_("Step mode (the step button of the header bar, or the main menu) holds each call of this window's sockets until you press F10 or Next Step: a connect() sends no SYN yet, a send() or sendto() keeps its bytes in the app, a recv() leaves the bytes in the kernel's receive buffer (the diagram draws them in flight, dashed), a recvfrom() reads one datagram per step and leaves the others in the kernel, an accept() leaves the peer in the backlog, and close() waits too. The bar under the header says which call is next. Leaving step mode lets every held call go at once.") },
  { NULL, NULL }
};

static const HelpSection stream_listener_sections[] = {
  { N_("What this listener did"),
    N_("It made a socket, bound it to the address shown (bind()), and called listen(): the system now completes connections for it, up to the backlog, and each accept() hands one over as a new socket. Each accepted connection is a row of the list, with the peer's address and port.") },
  { N_("The responder"),
    N_("The responder answers for you: Echo sends back what arrives, UPPERCASE echo in capitals, Timestamp adds the time, Greeting sends a line and closes, Framed reads size-prefixed messages. With none, answer by hand: pick a connection (or all) and send from the composer.") },
  { N_("A stream, not messages"),
    N_("TCP carries a stream of bytes. One send() on the other side may arrive as several receives here, and several sends as one: the log shows each recv() as it returned, the way recv(bufsize) cuts a stream into pieces.") },
  { N_("Buttons"),
    N_("Stop closes the listening socket and its connections; Start Again binds the same address and port again; Close Connection closes the selected one; Remove stops the listener and takes it out of the sidebar.") },
  { N_("When it cannot start"),
    N_("“Address already in use” means another socket has that port: stop that program, or use another port (0 lets the system choose). Ports below 1024 need privileges. Retry binds again once the port is free.") },
  { N_("Socket options"),
    N_("Options shows the socket's options as getsockopt() reads them now (SO_REUSEADDR, SO_KEEPALIVE, TCP_NODELAY, the buffer sizes, the timeouts, blocking mode), each with what it does. Changing one calls setsockopt(), and the log shows the call. Blocking mode is only shown: the app's sockets never block.") },
  { N_("Step mode"),
    N_("Step mode (the step button of the header bar, or the main menu) holds each call of this window's sockets until you press F10 or Next Step: a connect() sends no SYN yet, a send() or sendto() keeps its bytes in the app, a recv() leaves the bytes in the kernel's receive buffer (the diagram draws them in flight, dashed), a recvfrom() reads one datagram per step and leaves the others in the kernel, an accept() leaves the peer in the backlog, and close() waits too. The bar under the header says which call is next. Leaving step mode lets every held call go at once.") },
  { NULL, NULL }
};

static const HelpSection datagram_listener_sections[] = {
  { N_("What this listener did"),
    N_("It made a datagram socket and bound it to the address shown (bind()). There is no listen() and no accept(): UDP has no connections. Each address that sends a datagram is a peer of the list.") },
  { N_("Datagrams"),
    N_("Each datagram arrives whole, or not at all: what one sendto() sent, one recvfrom() reads. Datagrams can be lost or arrive out of order, and nothing in the log says when one is lost.") },
  { N_("The responder"),
    N_("The responder answers each datagram to the address it came from: Echo sends it back, UPPERCASE echo in capitals, Timestamp adds the time. With none, pick a peer (or all peers seen) and send from the composer.") },
  { N_("When it cannot start"),
    N_("“Address already in use” means another socket has that port: stop that program, or use another port (0 lets the system choose). Retry binds again once the port is free.") },
  { N_("Socket options"),
    N_("Options shows the socket's options as getsockopt() reads them now (SO_REUSEADDR, SO_KEEPALIVE, TCP_NODELAY, the buffer sizes, the timeouts, blocking mode), each with what it does. Changing one calls setsockopt(), and the log shows the call. Blocking mode is only shown: the app's sockets never block.") },
  { NULL, NULL }
};

static const HelpSection stream_client_sections[] = {
  { N_("What this client did"),
    N_("It made a socket and called connect() with the address shown: the system picked a local port for it (see Local address), and the three-way handshake made the connection. Messages you send go to the peer; its replies appear below.") },
  { N_("Buttons"),
    N_("Half-Close calls shutdown(SHUT_WR): the peer reads the end of the stream (recv() returns 0) and can still answer. Close closes the socket. Reset aborts the connection, and the peer sees “connection reset”. Connect or Reconnect makes a new connection to the same address.") },
  { N_("Errors"),
    N_("“Connection refused” means nothing listens on that port. A timeout means no answer came at all: a firewall, or an address that does not exist.") },
  { N_("Text and bytes"),
    N_("Type text with \\n, \\r, \\t and \\xHH escapes, or switch to Hex to type bytes. The encoding (UTF-8, GB18030, Big5…) says which bytes the text becomes, and how replies are read.") },
  { N_("Socket options"),
    N_("Options shows the socket's options as getsockopt() reads them now (SO_REUSEADDR, SO_KEEPALIVE, TCP_NODELAY, the buffer sizes, the timeouts, blocking mode), each with what it does. Changing one calls setsockopt(), and the log shows the call. Blocking mode is only shown: the app's sockets never block.") },
  { N_("Step mode"),
    N_("Step mode (the step button of the header bar, or the main menu) holds each call of this window's sockets until you press F10 or Next Step: a connect() sends no SYN yet, a send() or sendto() keeps its bytes in the app, a recv() leaves the bytes in the kernel's receive buffer (the diagram draws them in flight, dashed), a recvfrom() reads one datagram per step and leaves the others in the kernel, an accept() leaves the peer in the backlog, and close() waits too. The bar under the header says which call is next. Leaving step mode lets every held call go at once.") },
  { NULL, NULL }
};

static const HelpSection datagram_client_sections[] = {
  { N_("What this client does"),
    N_("It sends datagrams to the address shown with sendto(). Nothing is connected: the first send binds a local port, and any reply comes back to it.") },
  { N_("Lost datagrams"),
    N_("A datagram to a port where nobody listens is dropped; on Linux the next call on the socket may then fail with “connection refused”, from the ICMP message that came back.") },
  { N_("Text and bytes"),
    N_("Type text with \\n, \\r, \\t and \\xHH escapes, or switch to Hex to type bytes. The encoding (UTF-8, GB18030, Big5…) says which bytes the text becomes, and how replies are read.") },
  { N_("Socket options"),
    N_("Options shows the socket's options as getsockopt() reads them now (SO_REUSEADDR, SO_KEEPALIVE, TCP_NODELAY, the buffer sizes, the timeouts, blocking mode), each with what it does. Changing one calls setsockopt(), and the log shows the call. Blocking mode is only shown: the app's sockets never block.") },
  { NULL, NULL }
};

static const HelpSection resolve_sections[] = {
  { N_("Names and addresses"),
    N_("Resolve turns a host name into addresses the way getaddrinfo() does (and gethostbyname_ex() in Python), an address into a name like gethostbyaddr(), and shows the fully qualified name as getfqdn() would.") },
  { N_("Services and protocols"),
    N_("A service name such as “http” becomes its port with getservbyname(), and back with getservbyport(); protocol names and numbers come from getprotobyname().") },
  { N_("Errors"),
    N_("“Name or service not known” (gaierror in Python) means the resolver found nothing for that name. Lookups ask the system's resolver, so they follow /etc/hosts and the DNS settings of this computer.") },
  { NULL, NULL }
};

static const HelpSection log_sections[] = {
  { N_("The traffic log"),
    N_("Every event of every socket of this window, oldest first: what each call did, the addresses of both ends, the size and the bytes. Select an event to see its details, as text in an encoding or as hex.") },
  { N_("Finding events"),
    N_("Search addresses and data (Ctrl+F), or show one connection, protocol or kind. Follow new events (Ctrl+J) keeps the newest in view; Pause (Ctrl+Shift+P) holds the view still while events are kept.") },
  { N_("Keeping it"),
    N_("Export (Ctrl+E) writes the events as text or as JSON lines; Clear (Ctrl+K) empties the log. Ctrl+L brings the page back above the log.") },
  { NULL, NULL }
};

/* What to explain for the page shown */
static HelpTopic
se_window_help_topic (SeWindow *self)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);

  if (self->log_only)
    return (HelpTopic) { N_("The Traffic Log"), log_sections };

  if (SE_IS_LISTENER_PAGE (page))
    {
      SeListenerProxy *listener = se_listener_page_get_listener (SE_LISTENER_PAGE (page));

      if (se_endpoint_is_stream (se_listener_proxy_get_endpoint (listener)))
        return (HelpTopic) { N_("A Stream Listener"), stream_listener_sections };
      return (HelpTopic) { N_("A Datagram Listener"), datagram_listener_sections };
    }

  if (SE_IS_CLIENT_PAGE (page))
    {
      SeClientProxy *client = se_client_page_get_client (SE_CLIENT_PAGE (page));

      if (se_endpoint_is_stream (se_client_proxy_get_target (client)))
        return (HelpTopic) { N_("A Stream Client"), stream_client_sections };
      return (HelpTopic) { N_("A Datagram Client"), datagram_client_sections };
    }

  if (page != NULL && page == self->resolve_page)
    return (HelpTopic) { N_("Resolving Names"), resolve_sections };

  return (HelpTopic) { N_("Getting Started"), welcome_sections };
}

static GtkWidget *
help_label (const char *text,
            const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  /* Selectable to copy a call's name, but no caret on open */
  gtk_widget_set_focusable (label, FALSE);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);

  return label;
}

static void
help_shortcuts_cb (SeWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-help-overlay", NULL);
}

static GtkWidget *
se_window_build_help (SeWindow *self)
{
  HelpTopic topic = se_window_help_topic (self);
  GtkWidget *window, *box, *header, *title, *scroller, *clamp, *content, *button;
  GtkShortcutController *shortcuts;

  window = adw_window_new ();
  gtk_widget_set_name (window, "help-window");
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 620);
  {
    /* Translators: the title of the help window, e.g. "Help: A Stream Listener" */
    g_autofree char *window_title = g_strdup_printf (_("Help: %s"), _(topic.title));

    gtk_window_set_title (GTK_WINDOW (window), window_title);
  }

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  title = adw_window_title_new (_(topic.title), _("Help"));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  button = gtk_button_new_with_mnemonic (_("_Keyboard Shortcuts"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "help.shortcuts");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), button);
  gtk_box_append (GTK_BOX (box), header);

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_top (content, 18);
  gtk_widget_set_margin_bottom (content, 24);
  gtk_widget_set_margin_start (content, 18);
  gtk_widget_set_margin_end (content, 18);
  for (const HelpSection *section = topic.sections; section->heading != NULL; section++)
    {
      GtkWidget *heading = help_label (_(section->heading), "heading");

      if (section != topic.sections)
        gtk_widget_set_margin_top (heading, 12);
      gtk_box_append (GTK_BOX (content), heading);
      gtk_box_append (GTK_BOX (content), help_label (_(section->text), "body"));
    }

  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 640);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_box_append (GTK_BOX (box), scroller);
  adw_window_set_content (ADW_WINDOW (window), box);

  /* The shortcuts button opens the main window's shortcuts window (a
   * window's own widget actions are not reachable from another window),
   * and Esc closes help */
  {
    g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
    g_autoptr(GSimpleAction) action = g_simple_action_new ("shortcuts", NULL);

    g_signal_connect_object (action, "activate", G_CALLBACK (help_shortcuts_cb), self, G_CONNECT_SWAPPED);
    g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
    gtk_widget_insert_action_group (window, "help", G_ACTION_GROUP (group));
  }
  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, GTK_EVENT_CONTROLLER (shortcuts));

  return window;
}

static void
se_window_help_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SeWindow *self = SE_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (se_window_build_help (self)));
}

void
_se_window_class_init_help (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.help", NULL, se_window_help_action);
}
