/* test-i18n.c: the window speaks Simplified Chinese when LANGUAGE=zh_CN
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loads the translations that the build made (SE_BUILD_ROOT/po, where
 * po/meson.build puts zh_CN/LC_MESSAGES/socket-explorer.mo), opens the
 * window and reads what its widgets show: known zh_CN strings must be
 * there, their English originals must not, and no visible text may be an
 * English message that the catalog translates (a missing _() at the place
 * that shows it).
 *
 * Needs a display: run under xvfb-run. Without one the test is skipped
 * (exit status 77).
 */
#include "config.h"

#include <locale.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gui-test-util.h"
#include "socket-explorer-core.h"
#include "se-test-util.h"
#include "se-window.h"

/* What the user sees ------------------------------------------------------ */

typedef struct
{
  GHashTable *texts;     /* what labels show, mnemonics removed */
  GHashTable *raw;       /* labels as set (with _ and markup), tooltips, window titles */
} Shown;

static void
shown_add (Shown      *shown,
           GHashTable *table,
           const char *text)
{
  if (text != NULL && text[0] != '\0')
    g_hash_table_add (table, g_strdup (text));
}

static void
collect_shown (GtkWidget *widget,
               Shown     *shown)
{
  /* Only what is on screen: hidden stack pages and closed popovers are
   * not mapped. */
  if (!gtk_widget_get_mapped (widget))
    return;

  if (GTK_IS_LABEL (widget))
    {
      shown_add (shown, shown->texts, gtk_label_get_text (GTK_LABEL (widget)));
      shown_add (shown, shown->raw, gtk_label_get_label (GTK_LABEL (widget)));
    }
  else if (gui_test_widget_text (widget) != NULL)
    {
      shown_add (shown, shown->texts, gui_test_widget_text (widget));
      shown_add (shown, shown->raw, gui_test_widget_text (widget));
    }
  if (GTK_IS_WINDOW (widget))
    {
      shown_add (shown, shown->texts, gtk_window_get_title (GTK_WINDOW (widget)));
      shown_add (shown, shown->raw, gtk_window_get_title (GTK_WINDOW (widget)));
    }
  shown_add (shown, shown->raw, gtk_widget_get_tooltip_text (widget));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_shown (child, shown);
}

static Shown *
shown_new (GtkWidget *root)
{
  Shown *shown = g_new0 (Shown, 1);

  shown->texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  shown->raw = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  collect_shown (root, shown);

  return shown;
}

static void
shown_free (Shown *shown)
{
  g_hash_table_unref (shown->texts);
  g_hash_table_unref (shown->raw);
  g_free (shown);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Shown, shown_free)

static char *
shown_dump (Shown *shown)
{
  g_autoptr(GString) out = g_string_new (NULL);
  GHashTableIter iter;
  const char *text;

  g_hash_table_iter_init (&iter, shown->texts);
  while (g_hash_table_iter_next (&iter, (gpointer *) &text, NULL))
    g_string_append_printf (out, "  “%s”\n", text);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
shown_contains (Shown      *shown,
                const char *needle)
{
  GHashTableIter iter;
  const char *text;

  g_hash_table_iter_init (&iter, shown->texts);
  while (g_hash_table_iter_next (&iter, (gpointer *) &text, NULL))
    if (strstr (text, needle) != NULL)
      return TRUE;

  return FALSE;
}

typedef struct
{
  const char *english;
  const char *chinese;
} Expected;

/* Each translation must be shown as a whole label (or, with partial, as
 * part of one), and the English original as a whole label nowhere. */
static void
assert_translated (Shown          *shown,
                   const Expected *expected,
                   gsize           n_expected,
                   gboolean        partial)
{
  for (gsize i = 0; i < n_expected; i++)
    {
      gboolean found = partial
        ? shown_contains (shown, expected[i].chinese)
        : g_hash_table_contains (shown->texts, expected[i].chinese);

      if (!found)
        {
          g_autofree char *dump = shown_dump (shown);

          g_error ("“%s” (for “%s”) is not shown; the window shows:\n%s",
                   expected[i].chinese, expected[i].english, dump);
        }
      if (g_hash_table_contains (shown->texts, expected[i].english))
        g_error ("“%s” is shown in English, not as “%s”",
                 expected[i].english, expected[i].chinese);
    }
}

/* No visible text is an English message of ours that has a translation:
 * that would be a string shown without _(). */
static void
assert_no_english (Shown *shown)
{
  g_autoptr(GString) english = g_string_new (NULL);
  GHashTableIter iter;
  const char *text;

  g_hash_table_iter_init (&iter, shown->raw);
  while (g_hash_table_iter_next (&iter, (gpointer *) &text, NULL))
    {
      const char *translated = g_dgettext (GETTEXT_PACKAGE, text);

      /* Event kinds are shown as the CLI's --kind takes them, untranslated
       * on purpose (se-labels.c); "socket" is also a metainfo keyword. */
      if (se_event_kind_from_string (text, NULL))
        continue;
      if (g_strcmp0 (translated, text) != 0)
        g_string_append_printf (english, "  “%s” (should be “%s”)\n", text, translated);
    }

  if (english->len > 0)
    g_error ("untranslated text on screen:\n%s", english->str);
}

/* The window -------------------------------------------------------------- */

typedef struct
{
  SeWindow *window;
} Fixture;

static gboolean
log_view_shown_cb (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->window = se_window_new (NULL);
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1100, 720);
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (se_test_wait_until (log_view_shown_cb,
                                     se_window_get_log_view (fixture->window),
                                     GUI_TEST_WAIT_MS));
  se_test_spin (100);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  se_test_spin (20);
  g_assert_null (fixture->window);
}

/* Tests ------------------------------------------------------------------- */

static void
test_catalog (void)
{
  g_autofree char *mo = g_build_filename (g_getenv ("SE_BUILD_ROOT"), "po", "zh_CN",
                                          "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);

  if (!g_file_test (mo, G_FILE_TEST_IS_REGULAR))
    g_error ("%s is missing: the build did not make the translations", mo);

  /* The catalog answers before any widget is involved */
  g_assert_cmpstr (_("Socket Explorer"), ==, "套接字探索器");
  g_assert_cmpstr (g_dpgettext2 (GETTEXT_PACKAGE, "shortcut window", "Quit"), ==, "退出");
  g_assert_cmpstr (ngettext ("%u byte will be sent.", "%u bytes will be sent.", 2), ==, "将发送 %u 字节。");
}

static void
test_window (Fixture       *fixture,
             gconstpointer  data)
{
  static const Expected expected[] = {
    /* the sidebar and the welcome page */
    { "Resolve", "解析" },
    { "Watch Sockets Work", "看套接字如何工作" },
    /* the traffic log's column titles */
    { "Time", "时间" },
    { "Kind", "类型" },
    { "Protocol", "协议" },
    { "Local", "本地" },
    { "Remote", "远程" },
    { "Size", "大小" },
    { "Data", "数据" },
  };
  g_autoptr(Shown) shown = shown_new (GTK_WIDGET (fixture->window));

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fixture->window)), ==, "套接字探索器");
  g_assert_true (g_hash_table_contains (shown->texts, "套接字探索器"));
  g_assert_false (g_hash_table_contains (shown->texts, "Socket Explorer"));
  assert_translated (shown, expected, G_N_ELEMENTS (expected), FALSE);
  assert_no_english (shown);
}

static void
test_listener (Fixture       *fixture,
               gconstpointer  data)
{
  static const Expected expected[] = {
    /* the sidebar's section */
    { "Listeners", "监听器" },
    /* the page's buttons (mnemonics removed) and its empty table */
    { "Stop", "停止" },
    { "Close Connection", "关闭连接" },
    { "No Connections Yet", "还没有连接" },
  };
  /* Within longer texts: the row's and page's title ("TCP 监听器 #1"),
   * and the status, built with ngettext() (the one form of zh_CN) */
  static const Expected status[] = {
    { "TCP Listener", "TCP 监听器 #" },
    { "Listening · 0 connections", "正在监听 · 0 个连接" },
  };
  g_autofree char *endpoint = gui_test_start_listener (fixture->window, 0 /* TCP */, 1 /* echo */);
  g_autoptr(Shown) shown = NULL;

  se_test_spin (300);
  shown = shown_new (GTK_WIDGET (fixture->window));

  assert_translated (shown, expected, G_N_ELEMENTS (expected), FALSE);
  assert_translated (shown, status, G_N_ELEMENTS (status), TRUE);
  /* The log's rows are in Chinese too: listen(backlog=…) */
  g_assert_true (shown_contains (shown, "：等待连接"));
  assert_no_english (shown);
}

int
main (int   argc,
      char *argv[])
{
  const char *build_root = g_getenv ("SE_BUILD_ROOT");
  const char *localedir = g_getenv ("SE_LOCALEDIR");

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("No display: skipping the translation tests (run them under xvfb-run)\n");
      return 77;
    }
  if (build_root == NULL || localedir == NULL)
    {
      g_printerr ("SE_BUILD_ROOT or SE_LOCALEDIR is not set: run this test with meson test\n");
      return 1;
    }

  /* LANGUAGE is ignored in the "C" locale, but not in C.UTF-8 */
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");

  /* As src/main.c does under `meson devenv` */
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/i18n/catalog", test_catalog);
  g_test_add ("/i18n/window", Fixture, NULL, fixture_set_up, test_window, fixture_tear_down);
  g_test_add ("/i18n/listener", Fixture, NULL, fixture_set_up, test_listener, fixture_tear_down);

  return g_test_run ();
}
