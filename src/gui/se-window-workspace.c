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
 * composer's library. A listener that cannot start gets
 * a page that says why, with a Retry button, and the others open. Save
 * (Ctrl+S) writes what the window has to the file it came from, Save
 * Workspace As… to another (the format: docs/workspace-format.md,
 * se-workspace.c). The files opened and saved are the recent workspaces,
 * in the main menu and on the welcome page; what the window had when it
 * was closed, and which file it was, come back at the next start.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "se-client-page.h"
#include "se-gui-util.h"
#include "se-saved-messages-popover.h"
#include "se-window-private.h"
#include "se-workspace.h"

/* The file the workspace is saved to; the sidebar's title names it */
static void
se_window_set_workspace_file (SeWindow *self,
                              GFile    *file)
{
  g_autofree char *name = NULL;

  g_set_object (&self->workspace_file, file);
  if (file != NULL)
    {
      g_autofree char *basename = g_file_get_basename (file);

      name = g_filename_display_name (basename);
    }
  adw_window_title_set_subtitle (self->sidebar_title, name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sidebar_title), name);
}

void
_se_window_open_loaded (SeWindow    *self,
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
      if (item->relay_to != NULL)
        {
          g_autoptr(SeEndpoint) target = se_endpoint_parse (item->relay_to, NULL);

          /* Checked when it was read, like the endpoint */
          g_return_if_fail (target != NULL);
          se_listener_proxy_set_relay (listener, target, item->relay_idle_timeout_ms, NULL);
        }
      se_listener_proxy_set_rules (listener, item->rules);
      /* The file's limits, not the preferences' (se_window_add_listener) */
      se_listener_proxy_set_max_connections (listener, item->max_connections);
      se_listener_proxy_set_idle_timeout (listener, item->idle_timeout);
      g_object_set_data (G_OBJECT (listener), "se-workspace-limits", GINT_TO_POINTER (TRUE));
      se_listener_proxy_set_read_size (listener, item->read_size);
      if (item->tls_cert != NULL)
        se_listener_proxy_set_tls_files (listener, item->tls_cert, item->tls_key);
      _se_window_start_listener_proxy (self, listener);
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
      se_client_proxy_set_read_size (client, item->read_size);
      se_client_proxy_set_nodelay (client, item->nodelay);
      se_client_proxy_set_tls_insecure (client, item->tls_insecure);
      se_client_proxy_set_tls_pin (client, item->tls_pin);
      se_client_proxy_set_tls_ca_file (client, item->tls_ca_file);
      se_client_proxy_set_rules (client, item->rules);
      _se_window_add_client (self, client);
      if (item->auto_send_data != NULL)
        {
          GtkWidget *page = se_window_find_page (self, client);

          if (SE_IS_CLIENT_PAGE (page))
            se_composer_set_auto_send (se_client_page_get_composer (SE_CLIENT_PAGE (page)),
                                       item->auto_send_data, item->auto_send_hex, item->auto_send_eol,
                                       item->auto_send_count, item->auto_send_interval);
        }
    }

  /* The file's filters stay with the window, so that saving it again
   * keeps them (its messages join the saved messages' library, which
   * se_window_save_workspace() writes back) */
  if (se_workspace_get_filters (workspace) != NULL)
    se_workspace_set_filters (self->workspace, se_workspace_get_filters (workspace));
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

  _se_window_open_loaded (self, workspace);
  se_window_set_workspace_file (self, file);
  _se_window_remember_workspace (self, file);
  /* Its messages join the saved messages (once: those already there are
   * not added again), and stay after the workspace is closed. */
  se_message_library_add_from_workspace (se_saved_messages_get_library (GTK_WIDGET (self)), workspace);
}

/* The encoding of the proxy's page, into a workspace item's field */
static void
se_window_item_set_encoding (SeWindow  *self,
                             gpointer   proxy,
                             char     **encoding)
{
  GtkWidget *page = se_window_find_page (self, proxy);

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
  GListModel *listeners = se_workspace_get_listener_proxies (self->workspace);
  GListModel *clients = se_workspace_get_client_proxies (self->workspace);

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
      if (se_listener_proxy_get_relay_target (listener) != NULL)
        {
          item->relay_to = se_endpoint_to_string (se_listener_proxy_get_relay_target (listener));
          item->relay_idle_timeout_ms = se_listener_proxy_get_relay_idle_timeout_ms (listener);
        }
      item->read_size = se_listener_proxy_get_read_size (listener);
      item->tls_cert = g_strdup (se_listener_proxy_get_tls_cert_file (listener));
      item->tls_key = g_strdup (se_listener_proxy_get_tls_key_file (listener));
      if (se_listener_proxy_get_rules (listener) != NULL)
        item->rules = se_rule_set_ref (se_listener_proxy_get_rules (listener));
    }

  for (guint i = 0; i < g_list_model_get_n_items (clients); i++)
    {
      g_autoptr(SeClientProxy) client = g_list_model_get_item (clients, i);
      g_autofree char *endpoint = se_endpoint_to_string (se_client_proxy_get_target (client));
      SeWorkspaceClient *item = se_workspace_add_client (workspace, endpoint);

      item->connect_timeout = se_client_proxy_get_connect_timeout (client);
      item->read_size = se_client_proxy_get_read_size (client);
      item->nodelay = se_client_proxy_get_nodelay (client);
      item->tls_insecure = se_client_proxy_get_tls_insecure (client);
      item->tls_pin = g_strdup (se_client_proxy_get_tls_pin (client));
      item->tls_ca_file = g_strdup (se_client_proxy_get_tls_ca_file (client));
      if (se_client_proxy_get_rules (client) != NULL)
        item->rules = se_rule_set_ref (se_client_proxy_get_rules (client));
      se_window_item_set_encoding (self, client, &item->encoding);
      {
        GtkWidget *page = se_window_find_page (self, client);

        if (SE_IS_CLIENT_PAGE (page))
          se_composer_get_auto_send (se_client_page_get_composer (SE_CLIENT_PAGE (page)),
                                     &item->auto_send_data, &item->auto_send_hex, &item->auto_send_eol,
                                     &item->auto_send_count, &item->auto_send_interval);
      }
    }

  se_workspace_set_filters (workspace, se_workspace_get_filters (self->workspace));

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

  se_window_set_workspace_file (self, file);
  _se_window_remember_workspace (self, file);
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
  /* Save (Ctrl+S) after the next start writes to the same file */
  if (_se_window_has_key (self, "session-file"))
    {
      g_autofree char *uri = self->workspace_file != NULL ? g_file_get_uri (self->workspace_file) : NULL;

      g_settings_set_string (self->settings, "session-file", uri != NULL ? uri : "");
    }
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

  _se_window_open_loaded (self, workspace);
  if (_se_window_has_key (self, "session-file"))
    {
      g_autofree char *uri = g_settings_get_string (self->settings, "session-file");

      if (uri[0] != '\0')
        {
          g_autoptr(GFile) file = g_file_new_for_uri (uri);

          se_window_set_workspace_file (self, file);
        }
    }
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

/* Saves and says so, or says why not */
static void
se_window_save_and_tell (SeWindow *self,
                         GFile    *file)
{
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

static void
save_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  SeWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      se_window_save_and_tell (self, file);
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

/* Save (Ctrl+S): to the file the workspace came from or was last saved
 * to; a workspace that has none yet asks where, as Save As does. */
void
se_window_save_workspace_to_current (SeWindow *self)
{
  g_return_if_fail (SE_IS_WINDOW (self));

  if (self->workspace_file == NULL)
    se_window_choose_workspace_to_save (self);
  else
    se_window_save_and_tell (self, self->workspace_file);
}

GFile *
se_window_get_workspace_file (SeWindow *self)
{
  g_return_val_if_fail (SE_IS_WINDOW (self), NULL);

  return self->workspace_file;
}

/* Recent workspaces: the files opened or saved, most recent first, kept
 * in the "recent-workspaces" setting (or for the window's life without
 * the schema), shown in the main menu's Open Recent and on the welcome
 * page. */

#define MAX_RECENT_WORKSPACES 8
#define WELCOME_RECENT_WORKSPACES 4

static char **
se_window_dup_recent_workspaces (SeWindow *self)
{
  if (_se_window_has_key (self, "recent-workspaces"))
    return g_settings_get_strv (self->settings, "recent-workspaces");

  return g_strdupv (self->recent_workspaces != NULL ? self->recent_workspaces : (char *[]) { NULL });
}

static void
se_window_set_recent_workspaces (SeWindow           *self,
                                 const char * const *uris)
{
  if (_se_window_has_key (self, "recent-workspaces"))
    g_settings_set_strv (self->settings, "recent-workspaces", uris);
  g_strfreev (self->recent_workspaces);
  self->recent_workspaces = g_strdupv ((char **) uris);
  _se_window_update_recent_workspaces (self);
}

void
_se_window_remember_workspace (SeWindow *self,
                               GFile    *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  g_auto(GStrv) old = se_window_dup_recent_workspaces (self);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) uris = NULL;
  guint n = 1;

  g_strv_builder_add (builder, uri);
  for (guint i = 0; old[i] != NULL && n < MAX_RECENT_WORKSPACES; i++)
    if (!g_str_equal (old[i], uri))
      {
        g_strv_builder_add (builder, old[i]);
        n++;
      }
  uris = g_strv_builder_end (builder);
  se_window_set_recent_workspaces (self, (const char * const *) uris);
}

static void
se_window_forget_workspace (SeWindow   *self,
                            const char *uri)
{
  g_auto(GStrv) old = se_window_dup_recent_workspaces (self);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) uris = NULL;

  for (guint i = 0; old[i] != NULL; i++)
    if (!g_str_equal (old[i], uri))
      g_strv_builder_add (builder, old[i]);
  uris = g_strv_builder_end (builder);
  se_window_set_recent_workspaces (self, (const char * const *) uris);
}

/* "lesson.sews" and the folder it is in, for a menu item or a row */
static char *
recent_display_name (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);

  return g_filename_display_name (name);
}

static char *
recent_display_folder (GFile *file)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *path = parent != NULL ? g_file_get_path (parent) : NULL;
  const char *home = g_get_home_dir ();

  if (path == NULL)
    return parent != NULL ? g_file_get_uri (parent) : g_strdup ("");
  /* ~/Lessons rather than /home/teacher/Lessons */
  if (home != NULL && g_str_has_prefix (path, home) &&
      (path[strlen (home)] == '/' || path[strlen (home)] == '\0'))
    return g_strconcat ("~", path + strlen (home), NULL);

  return g_filename_display_name (path);
}

/* The menu's Open Recent and the welcome page's list follow the setting */
void
_se_window_update_recent_workspaces (SeWindow *self)
{
  g_auto(GStrv) uris = se_window_dup_recent_workspaces (self);
  GtkWidget *child;
  guint shown = 0;

  if (self->recent_menu != NULL)
    {
      g_menu_remove_all (self->recent_menu);
      for (guint i = 0; uris[i] != NULL; i++)
        {
          g_autoptr(GFile) file = g_file_new_for_uri (uris[i]);
          g_autofree char *name = recent_display_name (file);
          g_autoptr(GMenuItem) item = g_menu_item_new (name, NULL);

          g_menu_item_set_action_and_target (item, "win.open-recent", "s", uris[i]);
          g_menu_append_item (self->recent_menu, item);
        }
      /* An item without an action is shown, greyed out */
      if (uris[0] == NULL)
        g_menu_append (self->recent_menu, _("No Recent Workspaces"), NULL);
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);
  for (guint i = 0; uris[i] != NULL && shown < WELCOME_RECENT_WORKSPACES; i++, shown++)
    {
      g_autoptr(GFile) file = g_file_new_for_uri (uris[i]);
      g_autofree char *name = recent_display_name (file);
      g_autofree char *folder = recent_display_folder (file);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), folder);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("folder-documents-symbolic"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-recent");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", uris[i]);
      gtk_list_box_append (self->recent_list, row);
    }
  gtk_widget_set_visible (self->recent_box, shown > 0);
  /* The welcome page scrolls inside itself: the window gives it the
   * height of the list */
  _se_window_queue_place_divider (self);
}

/* win.open-recent (s): a recent workspace by its URI; one that is gone
 * leaves the list, and a toast says so. */
static void
se_window_open_recent_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  SeWindow *self = SE_WINDOW (widget);
  const char *uri = g_variant_get_string (parameter, NULL);
  g_autoptr(GFile) file = g_file_new_for_uri (uri);

  if (!g_file_query_exists (file, NULL))
    {
      g_autofree char *name = recent_display_name (file);
      /* Translators: %s is a file name */
      g_autofree char *text = g_strdup_printf (_("“%s” is no longer there"), name);

      se_window_forget_workspace (self, uri);
      se_gui_show_toast (widget, text);
      return;
    }

  se_window_open_workspace (self, file);
}

static void
se_window_save_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  se_window_save_workspace_to_current (SE_WINDOW (widget));
}

/* Quitting never loses the lesson, and neither does a crash or a logout
 * that never asks the window to close: a change of the listeners and
 * clients is kept in the session a moment later (the application also
 * keeps it when the window closes). */
#define SESSION_SAVE_DELAY_MS 1000

static gboolean
save_session_timeout_cb (gpointer user_data)
{
  SeWindow *self = user_data;

  self->session_save_id = 0;
  se_window_save_session (self);

  return G_SOURCE_REMOVE;
}

static void
workspace_changed_cb (SeWindow *self)
{
  if (self->session_save_id == 0)
    self->session_save_id = g_timeout_add (SESSION_SAVE_DELAY_MS, save_session_timeout_cb, self);
}

void
_se_window_dispose_workspace (SeWindow *self)
{
  g_clear_handle_id (&self->session_save_id, g_source_remove);
}

static void
recent_settings_changed_cb (SeWindow *self)
{
  _se_window_update_recent_workspaces (self);
}

void
_se_window_class_init_workspace (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", se_window_open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.save-workspace", NULL, se_window_save_action);
}

void
_se_window_init_workspace (SeWindow *self)
{
  if (_se_window_has_key (self, "recent-workspaces"))
    g_signal_connect_object (self->settings, "changed::recent-workspaces",
                             G_CALLBACK (recent_settings_changed_cb), self,
                             G_CONNECT_SWAPPED);
  _se_window_update_recent_workspaces (self);
  if (_se_window_has_key (self, "session"))
    g_signal_connect_object (self->workspace, "items-changed",
                             G_CALLBACK (workspace_changed_cb), self,
                             G_CONNECT_SWAPPED);
}
