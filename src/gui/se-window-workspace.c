/* se-window-workspace.c: opening and saving workspaces in the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A teacher prepares the servers of a lesson and opens them in class:
 * File ▸ Open Workspace… (app.open-workspace, se-application.c; or
 * `socket-explorer FILE.sews`, or a double
 * click on the file) starts the workspace's listeners with their
 * responders, rules and limits, and shows its clients, not connected:
 * their page's Connect button connects them; its saved messages join the
 * composer's library. A listener that cannot start says
 * why in a toast and the others open. Save Workspace As… writes what the
 * window has (the format: docs/workspace-format.md, se-workspace.c).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "se-gui-util.h"
#include "se-saved-messages-popover.h"
#include "se-window-private.h"
#include "se-workspace.h"

static void
se_window_open_loaded (SeWindow    *self,
                       SeWorkspace *workspace)
{
  GPtrArray *listeners, *clients;

  listeners = se_workspace_get_listeners (workspace);
  for (guint i = 0; i < listeners->len; i++)
    {
      SeWorkspaceListener *item = g_ptr_array_index (listeners, i);
      g_autoptr(SeEndpoint) endpoint = se_endpoint_parse (item->endpoint, NULL);
      g_autoptr(SeResponder) responder = se_responder_parse (item->responder, NULL);
      g_autoptr(SeListenerProxy) listener = NULL;

      /* The file was checked when it was read */
      g_return_if_fail (endpoint != NULL && responder != NULL);

      listener = se_listener_proxy_new (self->network, endpoint, responder, self->log);
      g_object_set_data_full (G_OBJECT (listener), "se-encoding", g_strdup (item->encoding), g_free);
      se_listener_proxy_set_backlog (listener, item->backlog);
      se_listener_proxy_set_rules (listener, item->rules);
      _se_window_start_listener_proxy (self, listener);
      /* The preferences' limits apply when the page is added; the
       * workspace's own come after them. */
      se_listener_proxy_set_max_connections (listener, item->max_connections);
      se_listener_proxy_set_idle_timeout (listener, item->idle_timeout);
    }

  clients = se_workspace_get_clients (workspace);
  for (guint i = 0; i < clients->len; i++)
    {
      SeWorkspaceClient *item = g_ptr_array_index (clients, i);
      g_autoptr(SeEndpoint) target = se_endpoint_parse (item->endpoint, NULL);
      g_autoptr(SeClientProxy) client = NULL;

      g_return_if_fail (target != NULL);

      client = se_client_proxy_new (self->network, target, self->log);
      g_object_set_data_full (G_OBJECT (client), "se-encoding", g_strdup (item->encoding), g_free);
      se_client_proxy_set_connect_timeout (client, item->connect_timeout);
      se_client_proxy_set_rules (client, item->rules);
      _se_window_add_client (self, client);
    }
}

void
se_window_open_workspace (SeWindow *self,
                          GFile    *file)
{
  g_autoptr(SeWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SE_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  /* A workspace is a few kilobytes: read at once. */
  workspace = se_workspace_new_from_file (file, NULL, &error);
  if (workspace == NULL)
    {
      se_gui_show_error (GTK_WIDGET (self), _("Could not open the workspace"), error);
      return;
    }

  se_window_open_loaded (self, workspace);
  /* Its messages join the saved messages (once: those already there are
   * not added again), and stay after the workspace is closed. */
  se_message_library_add_from_workspace (se_saved_messages_get_library (GTK_WIDGET (self)), workspace);
  g_set_object (&self->workspace_file, file);
}

/* The encoding of the proxy's page, into a workspace item's field */
static void
se_window_item_set_encoding (SeWindow  *self,
                             gpointer   proxy,
                             char     **encoding)
{
  GtkWidget *page = _se_window_find_page (self, proxy);

  if (page != NULL)
    {
      g_free (*encoding);
      g_object_get (page, "encoding", encoding, NULL);
    }
}

/* What the window has, as a workspace: the listeners on the endpoints they
 * are bound to (so a port the system chose is kept), the clients. */
static SeWorkspace *
se_window_dup_workspace (SeWindow *self)
{
  SeWorkspace *workspace = se_workspace_new ();
  GListModel *listeners = G_LIST_MODEL (self->listeners);
  GListModel *clients = G_LIST_MODEL (self->clients);

  for (guint i = 0; i < g_list_model_get_n_items (listeners); i++)
    {
      g_autoptr(SeListenerProxy) listener = g_list_model_get_item (listeners, i);
      g_autofree char *endpoint = se_endpoint_to_string (se_listener_proxy_get_endpoint (listener));
      g_autofree char *responder = se_responder_to_string (se_listener_proxy_get_responder (listener));
      SeWorkspaceListener *item = se_workspace_add_listener (workspace, endpoint, responder);

      item->backlog = se_listener_proxy_get_backlog (listener);
      se_window_item_set_encoding (self, listener, &item->encoding);
      item->max_connections = se_listener_proxy_get_max_connections (listener);
      item->idle_timeout = se_listener_proxy_get_idle_timeout (listener);
      if (se_listener_proxy_get_rules (listener) != NULL)
        item->rules = se_rule_set_ref (se_listener_proxy_get_rules (listener));
    }

  for (guint i = 0; i < g_list_model_get_n_items (clients); i++)
    {
      g_autoptr(SeClientProxy) client = g_list_model_get_item (clients, i);
      g_autofree char *endpoint = se_endpoint_to_string (se_client_proxy_get_target (client));
      SeWorkspaceClient *item = se_workspace_add_client (workspace, endpoint);

      item->connect_timeout = se_client_proxy_get_connect_timeout (client);
      if (se_client_proxy_get_rules (client) != NULL)
        item->rules = se_rule_set_ref (se_client_proxy_get_rules (client));
      se_window_item_set_encoding (self, client, &item->encoding);
    }

  return workspace;
}

gboolean
se_window_save_workspace (SeWindow  *self,
                          GFile     *file,
                          GError   **error)
{
  g_autoptr(SeWorkspace) workspace = NULL;

  g_return_val_if_fail (SE_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  workspace = se_window_dup_workspace (self);
  /* A workspace carries the saved messages (the session does not: the
   * library keeps them itself). */
  se_message_library_fill_workspace (se_saved_messages_get_library (GTK_WIDGET (self)), workspace);
  if (!se_workspace_save_file (workspace, file, NULL, error))
    return FALSE;

  g_set_object (&self->workspace_file, file);
  return TRUE;
}

/* The session: what the window had when it was closed (or the app quit)
 * comes back at the next start, kept in the "session" setting. */

void
se_window_save_session (SeWindow *self)
{
  g_autoptr(SeWorkspace) workspace = NULL;
  g_autofree char *data = NULL;

  g_return_if_fail (SE_IS_WINDOW (self));

  if (!_se_window_has_key (self, "session"))
    return;

  workspace = se_window_dup_workspace (self);
  data = se_workspace_to_data (workspace, NULL);
  g_settings_set_string (self->settings, "session", data);
}

gboolean
se_window_restore_session (SeWindow *self)
{
  g_autoptr(SeWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;

  g_return_val_if_fail (SE_IS_WINDOW (self), FALSE);

  if (!_se_window_has_key (self, "session"))
    return FALSE;

  data = g_settings_get_string (self->settings, "session");
  if (data[0] == '\0')
    return FALSE;

  workspace = se_workspace_new_from_data (data, -1, &error);
  if (workspace == NULL)
    {
      se_gui_show_error (GTK_WIDGET (self), _("Could not restore the last session"), error);
      return FALSE;
    }

  se_window_open_loaded (self, workspace);
  return TRUE;
}

/* The file choosers */

static GtkFileFilter *
workspace_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Workspaces"));
  gtk_file_filter_add_mime_type (filter, SE_WORKSPACE_MIME_TYPE);
  gtk_file_filter_add_suffix (filter, "sews");

  return filter;
}

static void
open_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  SeWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      se_window_open_workspace (self, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

void
se_window_choose_workspace_to_open (SeWindow *self)
{
  GtkFileChooserNative *chooser;

  g_return_if_fail (SE_IS_WINDOW (self));

  chooser = gtk_file_chooser_native_new (_("Open Workspace"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), NULL);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), workspace_filter ());
  g_signal_connect (chooser, "response", G_CALLBACK (open_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
save_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  SeWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GError) error = NULL;

      if (!se_window_save_workspace (self, file, &error))
        {
          se_gui_show_error (GTK_WIDGET (self), _("Could not save the workspace"), error);
        }
      else
        {
          g_autofree char *name = g_file_get_basename (file);
          /* Translators: %s is a file name */
          g_autofree char *text = g_strdup_printf (_("Saved “%s”"), name);

          se_gui_show_toast (GTK_WIDGET (self), text);
        }
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

void
se_window_choose_workspace_to_save (SeWindow *self)
{
  GtkFileChooserNative *chooser;

  g_return_if_fail (SE_IS_WINDOW (self));

  chooser = gtk_file_chooser_native_new (_("Save Workspace"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), NULL);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), workspace_filter ());
  if (self->workspace_file != NULL)
    gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), self->workspace_file, NULL);
  else
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("Lesson.sews"));
  g_signal_connect (chooser, "response", G_CALLBACK (save_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
