/* test-tls-window.c: a TLS listener and its clients made in the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Needs a display: run under xvfb-run. Without one, or without GIO's TLS
 * backend (glib-networking), the test is skipped (exit status 77). Real
 * sockets on 127.0.0.1, port 0.
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "gui-test-util.h"
#include "se-client-page.h"
#include "se-listener-page.h"
#include "se-new-client-dialog.h"
#include "se-test-util.h"
#include "se-window.h"
#include "socket-explorer-core.h"

#define KIND_TLS 4
#define RESPONDER_ECHO 1

typedef struct
{
  GtkWidget  *page;
  const char *name;
  const char *part;
} LabelWait;

static gboolean
label_has (gpointer data)
{
  LabelWait *wait = data;
  const char *text = gtk_label_get_text (GTK_LABEL (gui_test_get_named (wait->page, wait->name)));

  return strstr (text, wait->part) != NULL;
}

static void
wait_label (GtkWidget  *page,
            const char *name,
            const char *part)
{
  LabelWait wait = { page, name, part };

  if (!se_test_wait_until (label_has, &wait, 10000))
    g_error ("%s never said “%s”: “%s”", name, part,
             gtk_label_get_text (GTK_LABEL (gui_test_get_named (page, name))));
}

static void
test_tls_window (void)
{
  SeWindow *window = se_window_new (NULL);
  g_autofree char *endpoint = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *title = NULL;
  GtkWidget *listener_page, *dialog, *page;

  gtk_window_present (GTK_WINDOW (window));
  se_test_spin (50);

  /* A TLS echo listener with a certificate made on the spot: its page
   * shows the fingerprint, and can copy it. */
  endpoint = gui_test_start_listener (window, KIND_TLS, RESPONDER_ECHO);
  g_assert_true (g_str_has_prefix (endpoint, "tls://127.0.0.1:"));
  listener_page = se_window_get_visible_page (window);
  g_object_get (listener_page, "title", &title, NULL);
  g_assert_cmpstr (title, ==, "TLS Listener #1");
  wait_label (listener_page, "listener-tls-fingerprint", "Certificate SHA-256");
  g_assert_true (gtk_widget_is_visible (gui_test_get_named (listener_page, "listener-tls-fingerprint")));
  g_assert_true (gui_test_action_clickable (listener_page, "listener.copy-fingerprint"));
  fingerprint = g_strdup (gtk_widget_get_tooltip_text (gui_test_get_named (listener_page, "listener-tls-fingerprint")));
  g_assert_cmpuint (strlen (fingerprint), ==, 95);

  /* New Client suggests that listener, with its fingerprint pinned */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-client", NULL));
  dialog = gui_test_wait_for_toplevel (SE_TYPE_NEW_CLIENT_DIALOG);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (gui_test_get_named (dialog, "client-endpoint-entry"))),
                   ==, endpoint);
  g_assert_true (gtk_widget_is_visible (gui_test_get_named (dialog, "client-tls-pin")));
  g_assert_true (gtk_widget_is_visible (gui_test_get_named (dialog, "client-tls-insecure")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (gui_test_get_named (dialog, "client-tls-pin"))),
                   ==, fingerprint);

  /* A pin that is not a fingerprint is said, and nothing connects */
  gtk_editable_set_text (GTK_EDITABLE (gui_test_get_named (dialog, "client-tls-pin")), "not hex");
  g_assert_false (gui_test_action_clickable (dialog, "dialog.connect"));
  g_assert_true (gtk_widget_is_visible (gui_test_get_named (dialog, "client-error")));
  gtk_editable_set_text (GTK_EDITABLE (gui_test_get_named (dialog, "client-tls-pin")), fingerprint);
  g_assert_true (gui_test_action_clickable (dialog, "dialog.connect"));
  gtk_widget_activate_action (dialog, "dialog.connect", NULL);
  g_assert_true (gui_test_wait_toplevel_gone (SE_TYPE_NEW_CLIENT_DIALOG));

  /* The page says what the handshake agreed on, and the chain with the
   * check's result when expanded */
  page = se_window_get_visible_page (window);
  g_assert_true (SE_IS_CLIENT_PAGE (page));
  g_assert_true (gtk_widget_is_visible (gui_test_get_named (page, "client-tls")));
  wait_label (page, "client-tls-summary", "TLS 1.");
  g_assert_true (gtk_widget_is_visible (gui_test_get_named (page, "client-tls-button")));
  gtk_menu_button_popup (GTK_MENU_BUTTON (gui_test_get_named (page, "client-tls-button")));
  se_test_spin (100);
  g_assert_true (gtk_widget_is_visible (gui_test_get_named (page, "client-tls-details")));
  wait_label (page, "client-tls-details", "pinned one");
  wait_label (page, "client-tls-details", fingerprint);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (gui_test_get_named (page, "client-tls-button")));

  /* An echo through the TLS stream */
  gui_test_send_from_page (page, "secret hello");
  wait_label (page, "client-traffic", "received 12 bytes");

  /* Without the pin, the system's authorities do not know the
   * certificate: the page says so in plain words. */
  dialog = gui_test_open_client_dialog (window, endpoint);
  gtk_editable_set_text (GTK_EDITABLE (gui_test_get_named (dialog, "client-tls-pin")), "");
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (gui_test_get_named (dialog, "client-tls-insecure"))));
  gtk_widget_activate_action (dialog, "dialog.connect", NULL);
  g_assert_true (gui_test_wait_toplevel_gone (SE_TYPE_NEW_CLIENT_DIALOG));
  page = se_window_get_visible_page (window);
  wait_label (page, "client-status", "No trusted certificate authority signed this certificate (TLS_UNKNOWN_CA)");
  wait_label (page, "client-tls-summary", "did not finish");
  g_assert_false (gtk_widget_is_visible (gui_test_get_named (page, "client-tls-button")));

  /* Saved: the client's pin; opened again: a listener of the same kind
   * with the certificate files the workspace names */
  {
    g_autofree char *dir = se_test_make_temp_dir ();
    g_autofree char *path = g_build_filename (dir, "tls.sews", NULL);
    g_autofree char *cert_path = g_build_filename (dir, "cert.pem", NULL);
    g_autofree char *key_path = g_build_filename (dir, "key.pem", NULL);
    g_autofree char *saved = NULL;
    g_autofree char *cert_pem = NULL;
    g_autofree char *key_pem = NULL;
    g_autofree char *expected = NULL;
    g_autofree char *workspace = NULL;
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GError) error = NULL;
    g_autoptr(GTlsCertificate) certificate = se_tls_make_self_signed (&error);
    GListModel *listeners = se_window_get_listeners (window);
    guint before = g_list_model_get_n_items (listeners);
    g_autoptr(SeListenerProxy) opened = NULL;

    g_assert_true (se_window_save_workspace (window, file, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
    g_assert_nonnull (strstr (saved, "\"tls-pin\""));
    g_assert_nonnull (strstr (saved, fingerprint));

    g_object_get (certificate, "certificate-pem", &cert_pem, "private-key-pem", &key_pem, NULL);
    g_assert_true (g_file_set_contents (cert_path, cert_pem, -1, NULL));
    g_assert_true (g_file_set_contents (key_path, key_pem, -1, NULL));
    expected = se_tls_certificate_fingerprint (certificate);
    workspace = g_strdup_printf ("{\"format\": \"socket-explorer-workspace\", \"version\": 1, \"listeners\": "
                                 "[{\"endpoint\": \"tls://127.0.0.1:0\", \"responder\": \"echo\", "
                                 "\"tls-cert\": \"%s\", \"tls-key\": \"%s\"}]}", cert_path, key_path);
    g_assert_true (g_file_set_contents (path, workspace, -1, NULL));
    se_window_open_workspace (window, file);
    g_assert_true (gui_test_wait_for_items (listeners, before + 1));
    opened = g_list_model_get_item (listeners, before);
    for (guint i = 0; i < 200 && se_listener_proxy_get_tls_fingerprint (opened) == NULL; i++)
      se_test_spin (10);
    g_assert_cmpstr (se_listener_proxy_get_tls_fingerprint (opened), ==, expected);
    g_assert_cmpstr (se_listener_proxy_get_tls_cert_file (opened), ==, cert_path);

    /* A client of it that trusts that certificate as its authority (a
     * workspace's tls-ca-file, the dialog's Certificate Authorities):
     * verified, not just accepted */
    {
      GListModel *clients = se_window_get_clients (window);
      guint n_clients = g_list_model_get_n_items (clients);
      g_autofree char *with_client = NULL;
      g_autoptr(SeClientProxy) client = NULL;
      GtkWidget *client_page;

      with_client = g_strdup_printf ("{\"format\": \"socket-explorer-workspace\", \"version\": 1, \"clients\": "
                                     "[{\"endpoint\": \"tls://localhost:%u\", \"tls-ca-file\": \"%s\"}]}",
                                     (guint) se_endpoint_get_port (se_listener_proxy_get_endpoint (opened)), cert_path);
      g_assert_true (g_file_set_contents (path, with_client, -1, NULL));
      se_window_open_workspace (window, file);
      g_assert_true (gui_test_wait_for_items (clients, n_clients + 1));
      client = g_list_model_get_item (clients, n_clients);
      g_assert_cmpstr (se_client_proxy_get_tls_ca_file (client), ==, cert_path);
      gui_test_select_sidebar_row (window, g_list_model_get_n_items (listeners) + n_clients + 1);
      se_test_spin (100);
      client_page = se_window_get_visible_page (window);
      g_assert_true (SE_IS_CLIENT_PAGE (client_page));
      g_assert_true (gui_test_action_clickable (client_page, "client.reconnect"));
      gtk_widget_activate_action (client_page, "client.reconnect", NULL);
      wait_label (client_page, "client-tls-summary", "TLS 1.");
      gtk_menu_button_popup (GTK_MENU_BUTTON (gui_test_get_named (client_page, "client-tls-button")));
      se_test_spin (100);
      wait_label (client_page, "client-tls-details", "verified: a trusted authority signed it");
      gtk_menu_button_popdown (GTK_MENU_BUTTON (gui_test_get_named (client_page, "client-tls-button")));
    }
    se_test_remove_dir (dir);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  se_test_spin (50);
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("No display: skipping the window tests (run them under xvfb-run)\n");
      return 77;
    }
  if (!se_tls_check_backend (NULL))
    {
      g_printerr ("GIO has no TLS backend (install glib-networking): skipping\n");
      return 77;
    }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/tls-window/listener-client-pin-refusal", test_tls_window);

  return g_test_run ();
}
