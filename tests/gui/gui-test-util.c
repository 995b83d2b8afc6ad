/* gui-test-util.c: driving the window through its widgets and actions, for
 * the window tests and the screenshot driver
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gui-test-util.h"
#include "se-endpoint-row.h"
#include "se-client-page.h"
#include "se-listener-page.h"
#include "se-log-text.h"
#include "se-new-client-dialog.h"
#include "se-new-listener-dialog.h"
#include "se-test-util.h"
#include "socket-explorer-core.h"

/* root or its first descendant for which match (widget, data) holds */
static GtkWidget *
find_widget (GtkWidget  *root,
             gboolean  (*match) (GtkWidget  *widget,
                                 const char *data),
             const char *data)
{
  if (match (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
has_name (GtkWidget  *widget,
          const char *name)
{
  return g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

static gboolean
triggers_action (GtkWidget  *widget,
                 const char *action)
{
  return GTK_IS_ACTIONABLE (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

GtkWidget *
gui_test_find_named (GtkWidget  *root,
                     const char *name)
{
  return find_widget (root, has_name, name);
}

GtkWidget *
gui_test_get_named (GtkWidget  *root,
                    const char *name)
{
  GtkWidget *widget = gui_test_find_named (root, name);

  if (widget == NULL)
    g_error ("no widget named “%s” in %s", name, G_OBJECT_TYPE_NAME (root));

  return widget;
}

/* Hidden widgets and a stack's pages not shown are not searched; root
 * itself may be one (a page not shown). */
const char *
gui_test_widget_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_label (GTK_LABEL (widget));
  if (SE_IS_LOG_TEXT (widget))
    return se_log_text_get_text (SE_LOG_TEXT (widget));
  return NULL;
}

gboolean
gui_test_find_label (GtkWidget  *root,
                     const char *text)
{
  const char *shown = gui_test_widget_text (root);

  if (shown != NULL && strstr (shown, text) != NULL)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_visible (child) && gtk_widget_get_child_visible (child) &&
        gui_test_find_label (child, text))
      return TRUE;

  return FALSE;
}

gboolean
gui_test_action_clickable (GtkWidget  *root,
                           const char *action)
{
  GtkWidget *button = find_widget (root, triggers_action, action);

  if (button == NULL)
    g_error ("no button for %s in %s", action, G_OBJECT_TYPE_NAME (root));

  return gtk_widget_is_sensitive (button);
}

typedef struct
{
  GType      type;
  GtkWidget *found;
} ToplevelWait;

static gboolean
find_toplevel_cb (gpointer data)
{
  ToplevelWait *wait = data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  wait->found = NULL;
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, wait->type) &&
          gtk_widget_get_visible (window))
        {
          wait->found = window;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
toplevel_gone_cb (gpointer data)
{
  return !find_toplevel_cb (data);
}

GtkWidget *
gui_test_wait_for_toplevel (GType type)
{
  ToplevelWait wait = { type, NULL };

  if (!se_test_wait_until (find_toplevel_cb, &wait, GUI_TEST_WAIT_MS))
    g_error ("no %s appeared", g_type_name (type));

  return wait.found;
}

gboolean
gui_test_wait_toplevel_gone (GType type)
{
  ToplevelWait wait = { type, NULL };

  return se_test_wait_until (toplevel_gone_cb, &wait, GUI_TEST_WAIT_MS);
}

typedef struct
{
  GListModel *model;
  guint       n;
} CountWait;

static gboolean
pointer_is_null_cb (gpointer data)
{
  return *(gpointer *) data == NULL;
}

gboolean
gui_test_wait_finalized (gpointer location,
                         guint    timeout_ms)
{
  return se_test_wait_until (pointer_is_null_cb, location, timeout_ms);
}

static gboolean
model_has_n_cb (gpointer data)
{
  CountWait *wait = data;

  return g_list_model_get_n_items (wait->model) >= wait->n;
}

gboolean
gui_test_wait_for_items (GListModel *model,
                         guint       n)
{
  CountWait wait = { model, n };

  return se_test_wait_until (model_has_n_cb, &wait, GUI_TEST_WAIT_MS);
}

GtkWidget *
gui_test_open_listener_dialog (SeWindow *window)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-listener", NULL));

  return gui_test_wait_for_toplevel (SE_TYPE_NEW_LISTENER_DIALOG);
}

char *
gui_test_start_listener (SeWindow *window,
                         guint     kind,
                         guint     responder)
{
  GListModel *listeners = se_window_get_listeners (window);
  guint before = g_list_model_get_n_items (listeners);
  GtkWidget *dialog, *page;
  g_autoptr(SeEndpoint) endpoint = NULL;
  const char *text;

  dialog = gui_test_open_listener_dialog (window);

  adw_combo_row_set_selected (ADW_COMBO_ROW (gui_test_get_named (dialog, "listener-kind")), kind);
  adw_combo_row_set_selected (ADW_COMBO_ROW (gui_test_get_named (dialog, "listener-address")), 0);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (gui_test_get_named (dialog, "listener-port")), 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (gui_test_get_named (dialog, "listener-responder")), responder);
  /* Loopback: no "others can connect" warning */
  g_assert_false (gtk_widget_is_visible (gui_test_get_named (dialog, "listener-warning")));

  g_assert_true (gui_test_action_clickable (dialog, "dialog.start"));
  gtk_widget_activate_action (dialog, "dialog.start", NULL);

  g_assert_true (gui_test_wait_for_items (listeners, before + 1));
  g_assert_true (gui_test_wait_toplevel_gone (SE_TYPE_NEW_LISTENER_DIALOG));

  page = se_window_get_visible_page (window);
  g_assert_true (SE_IS_LISTENER_PAGE (page));
  text = gtk_label_get_text (GTK_LABEL (gui_test_get_named (page, "listener-endpoint")));
  endpoint = se_endpoint_parse (text, NULL);
  g_assert_nonnull (endpoint);
  g_assert_cmpstr (se_endpoint_get_host (endpoint), ==, "127.0.0.1");
  g_assert_cmpuint (se_endpoint_get_port (endpoint), !=, 0);

  return g_strdup (text);
}

GtkWidget *
gui_test_open_client_dialog (SeWindow   *window,
                             const char *endpoint)
{
  GtkWidget *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-client", NULL));
  dialog = gui_test_wait_for_toplevel (SE_TYPE_NEW_CLIENT_DIALOG);
  gtk_editable_set_text (GTK_EDITABLE (gui_test_get_named (dialog, "client-endpoint-entry")), endpoint);

  return dialog;
}

GtkWidget *
gui_test_connect_client (SeWindow   *window,
                         const char *endpoint)
{
  GListModel *clients = se_window_get_clients (window);
  guint before = g_list_model_get_n_items (clients);
  GtkWidget *dialog = gui_test_open_client_dialog (window, endpoint);
  GtkWidget *page;

  g_assert_false (gtk_widget_is_visible (gui_test_get_named (dialog, "client-error")));
  g_assert_true (gui_test_action_clickable (dialog, "dialog.connect"));
  gtk_widget_activate_action (dialog, "dialog.connect", NULL);

  g_assert_true (gui_test_wait_for_items (clients, before + 1));
  g_assert_true (gui_test_wait_toplevel_gone (SE_TYPE_NEW_CLIENT_DIALOG));

  page = se_window_get_visible_page (window);
  g_assert_true (SE_IS_CLIENT_PAGE (page));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gui_test_get_named (page, "client-endpoint"))), ==, endpoint);

  return page;
}

void
gui_test_select_sidebar_row (SeWindow *window,
                             int       index)
{
  GtkListBox *sidebar = GTK_LIST_BOX (gui_test_get_named (GTK_WIDGET (window), "sidebar"));
  int n_tools = 0;
  GtkListBoxRow *row;

  /* The tools after Resolve (Labs) are not counted */
  while ((row = gtk_list_box_get_row_at_index (sidebar, n_tools)) != NULL
         && se_endpoint_row_get_section (SE_ENDPOINT_ROW (row)) == SE_ENDPOINT_SECTION_TOOLS)
    n_tools++;

  gtk_list_box_select_row (sidebar, gtk_list_box_get_row_at_index (sidebar, index == 0 ? 0 : index - 1 + n_tools));
}

void
gui_test_send_from_page (GtkWidget  *page,
                         const char *text)
{
  GtkWidget *entry = gui_test_get_named (page, "composer-entry");

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_assert_true (gui_test_action_clickable (page, "composer.send"));
  gtk_widget_activate_action (entry, "composer.send", NULL);
}

void
gui_test_append (SeTrafficLog *log,
                 SeEventKind   kind,
                 SeProtocol    protocol,
                 guint         connection_id,
                 const char   *local,
                 const char   *remote,
                 const char   *data,
                 gsize         len,
                 const char   *detail)
{
  se_traffic_log_append (log, kind, protocol, connection_id, local, remote,
                         len, (const guint8 *) data, len, detail);
}

void
gui_test_append_sample (SeTrafficLog *log)
{
  gui_test_append (log, SE_EVENT_LISTEN, SE_PROTOCOL_TCP, 0, "127.0.0.1:7000", "", NULL, 0, NULL);
  gui_test_append (log, SE_EVENT_ACCEPT, SE_PROTOCOL_TCP, 1, "127.0.0.1:7000", "127.0.0.1:51000", NULL, 0, NULL);
  gui_test_append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_TCP, 1, "127.0.0.1:7000", "127.0.0.1:51000", "hello\n", 6, NULL);
  gui_test_append (log, SE_EVENT_SEND, SE_PROTOCOL_TCP, 1, "127.0.0.1:7000", "127.0.0.1:51000", "HELLO\n", 6, NULL);
  gui_test_append (log, SE_EVENT_BIND, SE_PROTOCOL_UDP, 0, "127.0.0.1:9000", "", NULL, 0, NULL);
  gui_test_append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_UDP, 2, "127.0.0.1:9000", "127.0.0.1:52000", "ping", 4, NULL);
  gui_test_append (log, SE_EVENT_ERROR, SE_PROTOCOL_TCP, 3, "", "127.0.0.1:1", NULL, 0,
          "Connection refused (ECONNREFUSED)");
  gui_test_append (log, SE_EVENT_CLOSE, SE_PROTOCOL_TCP, 1, "127.0.0.1:7000", "127.0.0.1:51000", NULL, 0, NULL);
  gui_test_append (log, SE_EVENT_SEND, SE_PROTOCOL_UNIX, 4, "/tmp/se.sock", "", "\x00\x01 binary", 9, NULL);
  se_traffic_log_flush (log);
}

void
gui_test_log_fixture_setup (GuiTestLogFixture *fixture,
                            gconstpointer      data)
{
  fixture->log = se_traffic_log_new ();
  fixture->view = se_log_view_new ();
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 900, 600);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  se_log_view_set_log (fixture->view, fixture->log);
  gtk_window_present (fixture->window);
}

void
gui_test_log_fixture_teardown (GuiTestLogFixture *fixture,
                               gconstpointer      data)
{
  g_object_add_weak_pointer (G_OBJECT (fixture->view), (gpointer *) &fixture->view);
  gtk_window_destroy (fixture->window);
  /* Rows may hold on to the last items until the next frame. */
  g_assert_true (gui_test_wait_finalized (&fixture->view, GUI_TEST_WAIT_MS));
  g_assert_finalize_object (fixture->log);
}

gboolean
gui_test_received_enough_cb (gpointer data)
{
  GuiTestReadWait *wait = data;
  guint8 buf[256];
  gssize n;

  n = g_socket_receive_with_blocking (wait->socket, (char *) buf, sizeof buf, FALSE, NULL, NULL);
  if (n > 0)
    g_byte_array_append (wait->received, buf, n);
  return wait->received->len >= wait->expected;
}
