/* test-encoding-send.c: the composer's encoding, from a client page to a
 * plain socket on 127.0.0.1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "gui-test-util.h"
#include "se-composer.h"
#include "se-log-view.h"
#include "se-event-detail.h"
#include "socket-explorer-core.h"
#include "se-test-util.h"
#include "se-window.h"

#define WAIT_MS GUI_TEST_WAIT_MS

static gboolean
buffer_has_reply_cb (gpointer data)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (data, &start, &end);
  text = gtk_text_buffer_get_text (data, &start, &end, FALSE);
  return strstr (text, "再见") != NULL;
}

/* A window with a client page connected to a plain TCP socket on
 * 127.0.0.1 (not the app's listener: what arrives is what the composer
 * sent, byte for byte); returns the page, *peer is the accepted socket. */
static GtkWidget *
client_page_to_plain_socket (SeWindow **window,
                             GSocket  **peer)
{
  g_autoptr(GSocket) server = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  GtkWidget *page;

  server = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (server, any, TRUE, &error));
  g_assert_true (g_socket_listen (server, &error));
  bound = g_socket_get_local_address (server, &error);
  g_assert_no_error (error);
  endpoint = g_strdup_printf ("tcp://127.0.0.1:%u",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  *window = se_window_new (NULL);
  g_object_add_weak_pointer (G_OBJECT (*window), (gpointer *) window);
  gtk_window_present (GTK_WINDOW (*window));
  se_test_spin (50);

  page = gui_test_connect_client (*window, endpoint);
  /* The handshake is done by the kernel; accept does not wait. */
  g_socket_set_timeout (server, WAIT_MS / 1000 + 1);
  *peer = g_socket_accept (server, NULL, &error);
  g_assert_no_error (error);

  return page;
}

static gboolean
log_shows_cb (gpointer data)
{
  gpointer *args = data;

  return gui_test_find_label (args[0], args[1]);
}

static void
test_gb18030_from_client_page (void)
{
  g_autoptr(GSocket) peer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) received = g_byte_array_new ();
  SeWindow *window;
  GtkWidget *page, *entry, *dropdown, *composer;
  GuiTestReadWait wait;

  page = client_page_to_plain_socket (&window, &peer);

  entry = gui_test_get_named (page, "composer-entry");
  dropdown = gui_test_get_named (page, "composer-encoding");
  composer = gtk_widget_get_ancestor (entry, SE_TYPE_COMPOSER);
  g_assert_nonnull (composer);
  g_assert_true (gtk_widget_get_visible (dropdown));
  g_assert_cmpstr (se_composer_get_encoding (SE_COMPOSER (composer)), ==, "utf-8");

  /* Choose GB18030 the way a user does, in the drop-down (row 1). */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 1);
  g_assert_cmpstr (se_composer_get_encoding (SE_COMPOSER (composer)), ==, "gb18030");

  gui_test_send_from_page (page, "你好");

  wait = (GuiTestReadWait) { peer, received, 4 };
  if (!se_test_wait_until (gui_test_received_enough_cb, &wait, WAIT_MS))
    g_error ("received %u bytes, expected 4", received->len);
  g_assert_cmpmem (received->data, received->len, "\xc4\xe3\xba\xc3", 4);

  /* The reply, 再见 in GB18030, reads as Chinese in the replies */
  g_assert_cmpint (g_socket_send (peer, "\xd4\xd9\xbc\xfb", 4, NULL, &error), ==, 4);
  g_assert_no_error (error);
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (gui_test_get_named (page, "client-replies")));

    if (!se_test_wait_until (buffer_has_reply_cb, buffer, WAIT_MS))
      g_error ("the replies do not show 再见");
  }

  /* The log's Data column reads the page's events in its encoding */
  {
    GtkWidget *log_view = se_window_get_log_view (window);
    gpointer args[] = { log_view, (gpointer) "你好" };
    gpointer reply_args[] = { log_view, (gpointer) "再见" };
    gpointer escaped_args[] = { log_view, (gpointer) "\\xc4\\xe3\\xba\\xc3" };
    GListModel *rows = se_log_view_get_model (SE_LOG_VIEW (log_view));
    GtkWidget *detail = gui_test_get_named (log_view, "detail");

    if (!se_test_wait_until (log_shows_cb, args, WAIT_MS))
      g_error ("the log's Data column does not show 你好");
    if (!se_test_wait_until (log_shows_cb, reply_args, WAIT_MS))
      g_error ("the log's Data column does not show 再见");

    /* The details of the send read it in GB18030 too */
    for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
      {
        g_autoptr(SeEvent) event = g_list_model_get_item (rows, i);

        if (se_event_get_kind (event) == SE_EVENT_SEND)
          se_log_view_select (SE_LOG_VIEW (log_view), i);
      }
    se_test_spin (100);
    g_assert_cmpstr (se_event_detail_get_encoding (SE_EVENT_DETAIL (detail)), ==, "gb18030");

    /* Back to UTF-8: the same bytes are not UTF-8, and show as escapes */
    gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 0);
    if (!se_test_wait_until (log_shows_cb, escaped_args, WAIT_MS))
      g_error ("the log's Data column does not read the bytes again in UTF-8");
    g_assert_cmpstr (se_event_detail_get_encoding (SE_EVENT_DETAIL (detail)), ==, "utf-8");
    gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 1);
  }

  /* Hex is bytes already: no encoding to choose. */
  gtk_widget_activate_action (composer, "composer.format", "s", "hex");
  g_assert_false (gtk_widget_get_visible (dropdown));
  gtk_widget_activate_action (composer, "composer.format", "s", "text");
  g_assert_true (gtk_widget_get_visible (dropdown));

  gtk_window_destroy (GTK_WINDOW (window));
  se_test_spin (20);
  g_assert_null (window);
}

static void
test_property_and_unrepresentable (void)
{
  GtkWidget *composer = g_object_ref_sink (se_composer_new ());
  g_autofree char *encoding = NULL;
  GtkWidget *entry;

  /* Aliases are stored as the id; an unknown name is UTF-8. */
  g_object_set (composer, "encoding", "GBK", NULL);
  g_object_get (composer, "encoding", &encoding, NULL);
  g_assert_cmpstr (encoding, ==, "gb18030");
  se_composer_set_encoding (SE_COMPOSER (composer), "klingon");
  g_assert_cmpstr (se_composer_get_encoding (SE_COMPOSER (composer)), ==, "utf-8");

  /* Latin-1 cannot hold 你: the entry is marked as wrong. */
  entry = gui_test_get_named (composer, "composer-entry");
  se_composer_set_encoding (SE_COMPOSER (composer), "latin1");
  se_composer_set_text (SE_COMPOSER (composer), "a你");
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  se_composer_set_text (SE_COMPOSER (composer), "café");
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
  /* …and back to UTF-8, 你 is fine again. */
  se_composer_set_text (SE_COMPOSER (composer), "a你");
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  se_composer_set_encoding (SE_COMPOSER (composer), "utf-8");
  g_assert_false (gtk_widget_has_css_class (entry, "error"));

  g_object_unref (composer);
}

static char *
view_text (GtkWidget *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
test_event_detail_decodes (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeEvent) event = NULL;
  GtkWidget *detail = g_object_ref_sink (se_event_detail_new ());
  g_autofree char *as_utf8 = NULL;
  g_autofree char *as_gb18030 = NULL;
  GtkWidget *view, *dropdown;

  se_traffic_log_append (log, SE_EVENT_RECEIVE, SE_PROTOCOL_TCP, 1, "127.0.0.1:7000", "127.0.0.1:51000",
                         5, (const guint8 *) "\xc4\xe3\xba\xc3\xff", 5, NULL);
  se_traffic_log_flush (log);
  event = g_list_model_get_item (G_LIST_MODEL (log), 0);
  se_event_detail_set_event (SE_EVENT_DETAIL (detail), event);

  view = gui_test_get_named (detail, "text-view");
  dropdown = gui_test_get_named (detail, "detail-encoding");
  g_assert_cmpstr (se_event_detail_get_encoding (SE_EVENT_DETAIL (detail)), ==, "utf-8");
  as_utf8 = view_text (view);
  g_assert_cmpstr (as_utf8, ==, "\\xc4\\xe3\\xba\\xc3\\xff");

  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 1);
  g_assert_cmpstr (se_event_detail_get_encoding (SE_EVENT_DETAIL (detail)), ==, "gb18030");
  as_gb18030 = view_text (view);
  g_assert_cmpstr (as_gb18030, ==, "你好\\xff");

  g_object_unref (detail);
}

/* Macros in the composer: each message of a repetition is expanded anew,
 * {{counter}} from 1 for this sender */
static void
test_composer_macros (void)
{
  g_autoptr(GSocket) peer = NULL;
  g_autoptr(GByteArray) received = g_byte_array_new ();
  SeWindow *window;
  GtkWidget *page;
  GuiTestReadWait wait;

  page = client_page_to_plain_socket (&window, &peer);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (gui_test_get_named (page, "composer-count")), 3);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (gui_test_get_named (page, "composer-interval")), 0);
  gui_test_send_from_page (page, "n={{counter}};");

  wait = (GuiTestReadWait) { peer, received, 12 };
  if (!se_test_wait_until (gui_test_received_enough_cb, &wait, WAIT_MS))
    g_error ("received %u bytes, expected 12", received->len);
  g_assert_cmpmem (received->data, received->len, "n=1;n=2;n=3;", 12);

  /* In GB18030, {{len}} counts the bytes sent after it: "|" and 你好's
   * four (in UTF-8 it would say 7) */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (gui_test_get_named (page, "composer-count")), 1);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (gui_test_get_named (page, "composer-encoding")), 1);
  g_byte_array_set_size (received, 0);
  gui_test_send_from_page (page, "{{len}}|你好");
  wait = (GuiTestReadWait) { peer, received, 6 };
  if (!se_test_wait_until (gui_test_received_enough_cb, &wait, WAIT_MS))
    g_error ("received %u bytes, expected 6", received->len);
  g_assert_cmpmem (received->data, received->len, "5|\xc4\xe3\xba\xc3", 6);

  gtk_window_destroy (GTK_WINDOW (window));
  se_test_spin (20);
  g_assert_null (window);
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("No display: skipping the encoding tests (run them under xvfb-run)\n");
      return 77;
    }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/encoding/gb18030-from-client-page", test_gb18030_from_client_page);
  g_test_add_func ("/encoding/composer-macros", test_composer_macros);
  g_test_add_func ("/encoding/property-and-unrepresentable", test_property_and_unrepresentable);

  g_test_add_func ("/encoding/event-detail-decodes", test_event_detail_decodes);

  return g_test_run ();
}
