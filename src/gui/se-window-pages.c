/* se-window-pages.c: listeners and clients join the window's workspace
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * However a listener or client comes (a dialog, a workspace, a lab, the
 * command line), it joins the window here: started on the network thread,
 * added to the workspace the sidebar shows, and, if it could not start,
 * its page says why. se-window.c and its parts (workspaces, labs) call
 * these; this file calls none of them back.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "se-gui-util.h"
#include "se-listener-page.h"
#include "se-window-private.h"

/* A listener that runs, or that could not start (a workspace's whose port
 * is taken), joins the workspace: its page shows it, with the error and a
 * Retry button if it did not start. */
static void
se_window_add_listener (SeWindow        *self,
                        SeListenerProxy *listener,
                        const GError    *error)
{
  GtkWidget *page;

  /* A workspace's listener keeps the limits of its file; others get the
   * preferences' */
  if (g_object_get_data (G_OBJECT (listener), "se-workspace-limits") == NULL)
    _se_window_apply_listener_limits (self, listener);
  se_workspace_append_listener_proxy (self->workspace, listener);
  page = se_window_find_page (self, listener);
  if (error != NULL && page != NULL)
    se_listener_page_set_start_error (SE_LISTENER_PAGE (page), error);
}

static void
start_listener_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SeWindow) self = user_data;
  SeListenerProxy *listener = SE_LISTENER_PROXY (object);
  g_autoptr(GError) error = NULL;

  if (se_listener_proxy_start_finish (listener, result, &error))
    {
      se_window_add_listener (self, listener, NULL);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Its page says why and offers to try again; the toast says it
       * even when another page is shown. */
      g_autofree char *endpoint = se_endpoint_to_string (se_listener_proxy_get_endpoint (listener));
      /* Translators: %s is an endpoint, e.g. tcp://127.0.0.1:7000 */
      g_autofree char *what = g_strdup_printf (_("Could not start the listener on %s"), endpoint);

      se_window_add_listener (self, listener, error);
      se_gui_show_error (GTK_WIDGET (self), what, error);
    }
}

/* A client gets its page, connected (the dialog) or not yet (a workspace). */
void
_se_window_add_client (SeWindow      *self,
                       SeClientProxy *client)
{
  g_autofree char *endpoint = se_endpoint_to_string (se_client_proxy_get_target (client));

  _se_window_remember_endpoint (self, endpoint);
  se_workspace_append_client_proxy (self->workspace, client);
}

void
se_window_start_listener (SeWindow    *self,
                          SeEndpoint  *endpoint,
                          SeResponder *responder)
{
  g_autoptr(SeListenerProxy) listener = NULL;

  g_return_if_fail (SE_IS_WINDOW (self));
  g_return_if_fail (endpoint != NULL);
  g_return_if_fail (responder != NULL);

  listener = se_listener_proxy_new (self->network, endpoint, responder, self->log);
  _se_window_start_listener_proxy (self, listener);
}

/* Starts a listener made elsewhere (a workspace); its page comes once it
 * runs, and a toast says why if it cannot. */
void
_se_window_start_listener_proxy (SeWindow        *self,
                                 SeListenerProxy *listener)
{
  se_listener_proxy_start_async (listener, self->cancellable, start_listener_cb, g_object_ref (self));
}

void
_se_window_add_started_listener (SeWindow        *self,
                                 SeListenerProxy *listener)
{
  se_window_add_listener (self, listener, NULL);
}
