/* test-resolve-page.c: the resolve page, driven through its actions and widgets
 *
 * Only names every system knows are looked up: localhost, 127.0.0.1, the
 * services and protocols databases, and a name under the reserved
 * ".invalid" domain (RFC 6761) that can never resolve. Its first label is
 * 64 characters, one more than DNS allows, so the C library refuses it
 * before asking any name server: nothing leaves the machine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define INVALID_NAME "no-such-host-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.invalid"

#include <adwaita.h>

#include "gui-test-util.h"

#include "se-resolve-page.h"
#include "se-test-util.h"

#define TIMEOUT_MS 30000

typedef struct
{
  GtkWindow     *window;
  SeResolvePage *page;
  SeResolver    *resolver;
  SeTrafficLog  *log;
} Fixture;

/* Helpers */

static GtkWidget *
get_named (Fixture    *fixture,
           const char *name)
{
  GtkWidget *widget = gui_test_find_named (GTK_WIDGET (fixture->page), name);

  g_assert_nonnull (widget);
  return widget;
}

/* Every label's text under root, in order, each line "|"-separated. */
static void
collect_labels (GtkWidget *root,
                GString   *out)
{
  if (GTK_IS_LABEL (root))
    {
      g_string_append (out, gtk_label_get_label (GTK_LABEL (root)));
      g_string_append_c (out, '|');
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, out);
}

static char *
row_text (GtkWidget *row)
{
  GString *out = g_string_new ("|");

  collect_labels (row, out);
  return g_string_free (out, FALSE);
}

/* The rows of a list with the given widget name, or any if name is NULL. */
static GPtrArray *
rows_named (Fixture    *fixture,
            const char *list_name,
            const char *row_name)
{
  GtkWidget *list = get_named (fixture, list_name);
  GPtrArray *rows = g_ptr_array_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (list);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_BOX_ROW (child) &&
          (row_name == NULL || g_strcmp0 (gtk_widget_get_name (child), row_name) == 0))
        g_ptr_array_add (rows, child);
    }

  return rows;
}

static gboolean
page_is_idle (gpointer data)
{
  Fixture *fixture = data;

  return !se_resolve_page_get_busy (fixture->page);
}

static void
resolve (Fixture    *fixture,
         const char *query)
{
  GtkWidget *row = get_named (fixture, "query-row");

  gtk_editable_set_text (GTK_EDITABLE (row), query);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "resolve.lookup", NULL));
  g_assert_true (se_test_wait_until (page_is_idle, fixture, TIMEOUT_MS));
}

static gboolean
group_visible (Fixture    *fixture,
               const char *list_name)
{
  GtkWidget *list = get_named (fixture, list_name);

  return gtk_widget_is_visible (list);
}

static gboolean
log_has_kind (SeTrafficLog *log,
              SeEventKind   kind)
{
  se_traffic_log_flush (log);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(SeEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (se_event_get_kind (event) == kind)
        return TRUE;
    }

  return FALSE;
}

/* Fixture */

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->log = se_traffic_log_new ();
  fixture->resolver = se_resolver_new (fixture->log);
  fixture->page = SE_RESOLVE_PAGE (se_resolve_page_new ());
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 700, 800);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  se_resolve_page_set_resolver (fixture->page, fixture->resolver);
  gtk_window_present (fixture->window);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_object_add_weak_pointer (G_OBJECT (fixture->page), (gpointer *) &fixture->page);
  gtk_window_destroy (fixture->window);
  g_assert_true (gui_test_wait_finalized (&fixture->page, TIMEOUT_MS));
  /* Cancelled lookups come back on the main loop before letting go. */
  g_object_add_weak_pointer (G_OBJECT (fixture->resolver), (gpointer *) &fixture->resolver);
  g_object_unref (fixture->resolver);
  g_assert_true (gui_test_wait_finalized (&fixture->resolver, TIMEOUT_MS));
  g_assert_finalize_object (fixture->log);
}

/* Tests */

static gboolean
fqdn_known (gpointer data)
{
  Fixture *fixture = data;

  return g_strcmp0 (gtk_label_get_label (GTK_LABEL (get_named (fixture, "fqdn-label"))), "…") != 0;
}

static void
test_this_computer (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *fqdn;

  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (get_named (fixture, "host-name-label"))),
                   ==, se_resolver_get_host_name ());

  g_assert_true (se_test_wait_until (fqdn_known, fixture, TIMEOUT_MS));
  fqdn = gtk_label_get_label (GTK_LABEL (get_named (fixture, "fqdn-label")));
  g_assert_cmpstr (fqdn, !=, "");
}

static void
test_localhost (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) headings = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  gboolean loopback = FALSE;

  g_assert_false (group_visible (fixture, "addresses-list"));

  resolve (fixture, "localhost");

  g_assert_true (group_visible (fixture, "addresses-list"));
  errors = rows_named (fixture, "addresses-list", "error-row");
  g_assert_cmpuint (errors->len, ==, 0);
  headings = rows_named (fixture, "addresses-list", "addrinfo-heading");
  g_assert_cmpuint (headings->len, ==, 1);
  {
    g_autoptr(GPtrArray) all = rows_named (fixture, "addresses-list", NULL);
    g_autofree char *canonical = row_text (g_ptr_array_index (all, 0));

    /* getaddrinfo() with AI_CANONNAME: the first row says the official name. */
    g_assert_nonnull (strstr (canonical, "|Canonical name|"));
  }

  /* One line per address and socket type, as getaddrinfo() gives them. */
  rows = rows_named (fixture, "addresses-list", "addrinfo-row");
  g_assert_cmpuint (rows->len, >=, 1);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autofree char *text = row_text (g_ptr_array_index (rows, i));

      g_test_message ("row: %s", text);
      g_assert_true (strstr (text, "|AF_INET|") != NULL || strstr (text, "|AF_INET6|") != NULL);
      g_assert_true (strstr (text, "|SOCK_STREAM|") != NULL ||
                     strstr (text, "|SOCK_DGRAM|") != NULL ||
                     strstr (text, "|SOCK_RAW|") != NULL);
      if (strstr (text, "|127.0.0.1|") != NULL || strstr (text, "|::1|") != NULL)
        loopback = TRUE;
    }
  g_assert_true (loopback);

  /* Not an address, not a service or protocol: those stay hidden. */
  g_assert_false (group_visible (fixture, "reverse-list"));
  g_assert_false (group_visible (fixture, "services-list"));
  g_assert_false (group_visible (fixture, "protocol-list"));

  g_assert_true (log_has_kind (fixture->log, SE_EVENT_RESOLVE));
  /* Guessing whether "localhost" is also a service is not logged. */
  g_assert_false (log_has_kind (fixture->log, SE_EVENT_ERROR));
}

static void
test_address (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) reverse = NULL;
  g_autofree char *first = NULL;

  resolve (fixture, "127.0.0.1");

  rows = rows_named (fixture, "addresses-list", "addrinfo-row");
  g_assert_cmpuint (rows->len, >=, 1);
  first = row_text (g_ptr_array_index (rows, 0));
  g_assert_nonnull (strstr (first, "|AF_INET|"));
  g_assert_nonnull (strstr (first, "|127.0.0.1|"));

  /* The reverse lookup answers with a host name, or says why not. */
  g_assert_true (group_visible (fixture, "reverse-list"));
  reverse = rows_named (fixture, "reverse-list", NULL);
  g_assert_cmpuint (reverse->len, >=, 1);
  for (guint i = 0; i < reverse->len; i++)
    {
      g_autofree char *text = row_text (g_ptr_array_index (reverse, i));

      g_test_message ("reverse: %s", text);
    }
}

static void
test_service (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) udp = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  g_autofree char *text = NULL;

  resolve (fixture, "http/tcp");

  g_assert_true (group_visible (fixture, "services-list"));
  g_assert_false (group_visible (fixture, "addresses-list"));
  rows = rows_named (fixture, "services-list", NULL);
  g_assert_cmpuint (rows->len, ==, 1);
  text = row_text (g_ptr_array_index (rows, 0));
  g_assert_nonnull (strstr (text, "|http/tcp|"));
  g_assert_nonnull (strstr (text, "|80|"));
  g_clear_pointer (&text, g_free);

  /* And back: port 53 over UDP is the domain service. */
  resolve (fixture, "53/udp");
  udp = rows_named (fixture, "services-list", NULL);
  g_assert_cmpuint (udp->len, ==, 1);
  text = row_text (g_ptr_array_index (udp, 0));
  g_assert_nonnull (strstr (text, "|domain/udp|"));
  g_assert_nonnull (strstr (text, "|53|"));
  g_clear_pointer (&text, g_free);

  /* An unknown service is said in plain words. */
  resolve (fixture, "no-such-service/tcp");
  errors = rows_named (fixture, "services-list", "error-row");
  g_assert_cmpuint (errors->len, ==, 1);
}

static void
test_protocol (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *text = NULL;

  resolve (fixture, "tcp");

  g_assert_true (group_visible (fixture, "protocol-list"));
  rows = rows_named (fixture, "protocol-list", NULL);
  g_assert_cmpuint (rows->len, ==, 1);
  text = row_text (g_ptr_array_index (rows, 0));
  g_assert_nonnull (strstr (text, "|tcp|"));
  g_assert_nonnull (strstr (text, "|6|"));

  /* A protocol's name is not looked up as a host (no name server is
   * asked about "tcp", and no error is shown). */
  g_assert_false (group_visible (fixture, "addresses-list"));
  g_assert_false (log_has_kind (fixture->log, SE_EVENT_ERROR));
}

static void
test_bad_name (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *text = NULL;

  resolve (fixture, INVALID_NAME);

  errors = rows_named (fixture, "addresses-list", "error-row");
  g_assert_cmpuint (errors->len, ==, 1);
  rows = rows_named (fixture, "addresses-list", "addrinfo-row");
  g_assert_cmpuint (rows->len, ==, 0);
  text = row_text (g_ptr_array_index (errors, 0));
  g_test_message ("error: %s", text);
  g_assert_nonnull (strstr (text, INVALID_NAME));
  g_assert_nonnull (strstr (text, "Name not found"));

  g_assert_true (log_has_kind (fixture->log, SE_EVENT_ERROR));
}

static void
test_enter_and_replace (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWidget *row = get_named (fixture, "query-row");
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GPtrArray) addresses = NULL;

  /* Nothing to look up: the action is off. */
  gtk_editable_set_text (GTK_EDITABLE (row), "  ");
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "resolve.lookup", NULL);
  g_assert_false (se_resolve_page_get_busy (fixture->page));
  g_assert_false (group_visible (fixture, "addresses-list"));

  /* Enter in the entry starts a lookup; a second one replaces it. */
  gtk_editable_set_text (GTK_EDITABLE (row), "localhost");
  g_signal_emit_by_name (row, "entry-activated");
  g_assert_true (se_resolve_page_get_busy (fixture->page));
  gtk_editable_set_text (GTK_EDITABLE (row), "http/tcp");
  g_signal_emit_by_name (row, "entry-activated");
  g_assert_true (se_test_wait_until (page_is_idle, fixture, TIMEOUT_MS));
  /* Let any answer to the first query arrive: it must not be shown. */
  se_test_spin (200);

  services = rows_named (fixture, "services-list", NULL);
  g_assert_cmpuint (services->len, ==, 1);
  addresses = rows_named (fixture, "addresses-list", NULL);
  g_assert_cmpuint (addresses->len, ==, 0);
  g_assert_false (group_visible (fixture, "addresses-list"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_printerr ("No display: skipping the resolve page tests\n");
      return 77;
    }
  adw_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/resolve-page/this-computer", test_this_computer);
  ADD ("/resolve-page/localhost", test_localhost);
  ADD ("/resolve-page/address", test_address);
  ADD ("/resolve-page/service", test_service);
  ADD ("/resolve-page/protocol", test_protocol);
  ADD ("/resolve-page/bad-name", test_bad_name);
  ADD ("/resolve-page/enter-and-replace", test_enter_and_replace);

  return g_test_run ();
}
