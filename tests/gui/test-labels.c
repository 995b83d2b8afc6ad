/* test-labels.c: the window's words for events, protocols, states and
 * counters (src/gui/se-labels.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No widget is made, so no display is needed. Events come from a real
 * SeTrafficLog, the way the log view gets them.
 */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "se-labels.h"
#include "se-traffic-log.h"

static SeEvent *
append_and_get (SeTrafficLog      *log,
                const SeEventInfo *info)
{
  guint index = se_traffic_log_append_info (log, info);

  g_assert_cmpuint (index, !=, G_MAXUINT);
  se_traffic_log_flush (log);
  return g_list_model_get_item (G_LIST_MODEL (log), g_list_model_get_n_items (G_LIST_MODEL (log)) - 1);
}

static void
test_shutdowns (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  const SeEventInfo ours_info = {
    .kind = SE_EVENT_SHUTDOWN, .protocol = SE_PROTOCOL_TCP, .connection_id = 1,
    .local = "127.0.0.1:40000", .remote = "127.0.0.1:7000",
    .detail = SE_EVENT_DETAIL_SHUT_WR,
  };
  const SeEventInfo peers_info = {
    .kind = SE_EVENT_SHUTDOWN, .protocol = SE_PROTOCOL_TCP, .connection_id = 1,
    .local = "127.0.0.1:7000", .remote = "127.0.0.1:40000",
    .detail = SE_EVENT_DETAIL_PEER_EOF,
  };
  g_autoptr(SeEvent) ours = append_and_get (log, &ours_info);
  g_autoptr(SeEvent) peers = append_and_get (log, &peers_info);

  /* Same kind in the core (the CLI's --kind shutdown finds both) … */
  g_assert_cmpint (se_event_get_kind (ours), ==, se_event_get_kind (peers));
  g_assert_cmpstr (se_labels_event_kind (SE_EVENT_SHUTDOWN), ==, "shutdown");
  /* … but the window tells them apart, in words and icon */
  g_assert_cmpstr (se_labels_event (ours), ==, "shutdown");
  g_assert_cmpstr (se_labels_event (peers), ==, "peer closed");
  g_assert_cmpstr (se_labels_event_icon (ours), !=, se_labels_event_icon (peers));
  g_assert_cmpstr (se_event_get_detail (ours), ==, "shut down sending (shutdown(SHUT_WR))");
  g_assert_cmpstr (se_event_get_detail (peers), ==, "peer closed its side (recv() returned 0)");
}

static void
test_resolve_protocol (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  const SeEventInfo info = {
    .kind = SE_EVENT_RESOLVE, .protocol = SE_PROTOCOL_NONE,
    .remote = "localhost", .text = "localhost → 127.0.0.1",
  };
  g_autoptr(SeEvent) event = append_and_get (log, &info);

  g_assert_cmpint (se_event_get_protocol (event), ==, SE_PROTOCOL_NONE);
  g_assert_cmpstr (se_labels_protocol (se_event_get_protocol (event)), ==, "");
  g_assert_cmpstr (se_labels_protocol_short (se_event_get_protocol (event)), ==, "");
  g_assert_cmpstr (se_labels_protocol (SE_PROTOCOL_TCP), ==, "TCP");
  g_assert_cmpstr (se_labels_protocol_short (SE_PROTOCOL_UNIX_DGRAM), ==, "Unix dgram");
}

static void
test_states (void)
{
  g_assert_cmpstr (se_labels_connection_state (SE_CONNECTION_STATE_HALF_CLOSED_REMOTE), ==,
                   "Half-closed by the peer");
  g_assert_cmpstr (se_labels_connection_state (SE_CONNECTION_STATE_HALF_CLOSED_LOCAL), ==,
                   "Half-closed by us");
  g_assert_cmpstr (se_labels_connection_state_long (SE_CONNECTION_STATE_HALF_CLOSED_REMOTE), ==,
                   "Half-closed: the peer closed its side, we can still send");
  g_assert_cmpstr (se_labels_connection_state_long (SE_CONNECTION_STATE_CONNECTED), ==, "Connected");
}

static void
test_traffic (void)
{
  static const struct {
    gboolean    stream;
    gboolean    sent;
    guint64     bytes;
    guint64     count;
    const char *expected;
  } cases[] = {
    { TRUE, FALSE, 115, 2, "115 bytes in 2 reads" },
    { TRUE, FALSE, 1, 1, "1 byte in 1 read" },
    { TRUE, TRUE, 5, 1, "5 bytes in 1 send" },
    { TRUE, TRUE, 0, 0, "0 bytes in 0 sends" },
    { FALSE, FALSE, 30, 3, "30 bytes in 3 datagrams" },
    { FALSE, TRUE, 4, 1, "4 bytes in 1 datagram" },
    { FALSE, TRUE, G_MAXUINT64, G_MAXUINT64,
      "18446744073709551615 bytes in 18446744073709551615 datagrams" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = se_labels_format_traffic (cases[i].stream, cases[i].sent,
                                                        cases[i].bytes, cases[i].count);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

/* The counters in Chinese, from the catalog the build made */
static void
test_traffic_zh_CN (void)
{
  const char *localedir = g_getenv ("SE_LOCALEDIR");
  g_autofree char *read = NULL;
  g_autofree char *datagram = NULL;

  if (localedir == NULL)
    {
      g_test_skip ("SE_LOCALEDIR is not set: run this test with meson test");
      return;
    }

  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  read = se_labels_format_traffic (TRUE, FALSE, 115, 2);
  datagram = se_labels_format_traffic (FALSE, TRUE, 30, 3);
  g_unsetenv ("LANGUAGE");
  /* gettext caches per LANGUAGE value, so English returns after this */

  g_assert_cmpstr (read, ==, "115 字节，共 2 次读取");
  g_assert_cmpstr (datagram, ==, "30 字节，共 3 个数据报");
}

int
main (int   argc,
      char *argv[])
{
  /* LANGUAGE is honoured in C.UTF-8 (not in "C"); English unless set */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/labels/shutdowns", test_shutdowns);
  g_test_add_func ("/labels/resolve-protocol", test_resolve_protocol);
  g_test_add_func ("/labels/states", test_states);
  g_test_add_func ("/labels/traffic", test_traffic);
  g_test_add_func ("/labels/traffic-zh_CN", test_traffic_zh_CN);

  return g_test_run ();
}
