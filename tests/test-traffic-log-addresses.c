/* test-traffic-log-addresses.c: socket addresses the log keeps in binary
 * and reads exactly as the text the engine used to log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real sockets only: 127.0.0.1, ::1 and Unix sockets in a temp dir, port
 * 0. The other addresses here are only formatted, never used.
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <glib/gstdio.h>

#include "se-endpoint.h"
#include "se-event.h"
#include "se-listener.h"
#include "se-responder.h"
#include "se-test-util.h"
#include "se-traffic-log.h"
#include "traffic-log-test-util.h"

typedef struct
{
  struct sockaddr_storage addr;
  socklen_t               len;
  const char             *text;   /* what it reads as: the text the engine used to log */
} Address;

static void
address_in (Address    *out,
            const char *host,
            guint16     port,
            guint32     scope_id,
            const char *text)
{
  memset (out, 0, sizeof *out);
  if (strchr (host, ':') != NULL)
    {
      struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) &out->addr;

      sin6->sin6_family = AF_INET6;
      sin6->sin6_port = htons (port);
      sin6->sin6_scope_id = scope_id;
      g_assert_cmpint (inet_pton (AF_INET6, host, &sin6->sin6_addr), ==, 1);
      out->len = sizeof *sin6;
    }
  else
    {
      struct sockaddr_in *sin = (struct sockaddr_in *) &out->addr;

      sin->sin_family = AF_INET;
      sin->sin_port = htons (port);
      g_assert_cmpint (inet_pton (AF_INET, host, &sin->sin_addr), ==, 1);
      out->len = sizeof *sin;
    }
  out->text = text;
}

/* name of name_len bytes: a path (with its NUL), or an abstract name
 * (starting with a NUL); 0 bytes: an unnamed socket. */
static void
address_unix (Address    *out,
              const char *name,
              gsize       name_len,
              const char *text)
{
  struct sockaddr_un *sun = (struct sockaddr_un *) &out->addr;

  memset (out, 0, sizeof *out);
  sun->sun_family = AF_UNIX;
  memcpy (sun->sun_path, name, name_len);
  out->len = offsetof (struct sockaddr_un, sun_path) + name_len;
  out->text = text;
}

static guint
append_binary (SeTrafficLog  *log,
               const Address *local,
               const Address *remote)
{
  SeEventInfo info = {
    .kind = SE_EVENT_RECEIVE,
    .protocol = SE_PROTOCOL_UDP,
    .size = 2,
    .data = (const guint8 *) "hi",
    .data_len = 2,
    .call = SE_CALL_RECVFROM,
    .ret = 2,
    .asked = 65536,
    /* Ignored: the binary address wins. */
    .local = "not this",
    .remote = "nor this",
    .local_sa = (const struct sockaddr *) &local->addr,
    .local_sa_len = local->len,
    .remote_sa = (const struct sockaddr *) &remote->addr,
    .remote_sa_len = remote->len,
  };

  return se_traffic_log_append_info (log, &info);
}

/* The same event with the addresses as text, as the engine logged them
 * before it kept them in binary. */
static guint
append_text (SeTrafficLog  *log,
             const Address *local,
             const Address *remote)
{
  g_autofree char *local_text = se_format_sockaddr (&local->addr, local->len);
  g_autofree char *remote_text = se_format_sockaddr (&remote->addr, remote->len);
  SeEventInfo info = {
    .kind = SE_EVENT_RECEIVE,
    .protocol = SE_PROTOCOL_UDP,
    .local = local_text,
    .remote = remote_text,
    .size = 2,
    .data = (const guint8 *) "hi",
    .data_len = 2,
    .call = SE_CALL_RECVFROM,
    .ret = 2,
    .asked = 65536,
  };

  return se_traffic_log_append_info (log, &info);
}

/* A line without its time, which differs between two appends. */
static const char *
after_time (const char *line)
{
  const char *space = strchr (line, ' ');

  g_assert_nonnull (space);
  return space + 1;
}

static void
test_addresses_binary (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  guint lo = if_nametoindex ("lo");
  g_autofree char *lo_text = g_strdup_printf ("[fe80::1%%%s]:7000", "lo");
  Address a[10];
  guint n = 0;
  g_auto(GStrv) text_lines = NULL;
  g_auto(GStrv) json_lines = NULL;
  guint n_text, n_json;

  address_in (&a[n++], "127.0.0.1", 7000, 0, "127.0.0.1:7000");
  address_in (&a[n++], "127.0.0.1", 51000, 0, "127.0.0.1:51000");
  address_in (&a[n++], "::1", 7000, 0, "[::1]:7000");
  address_in (&a[n++], "::ffff:127.0.0.1", 0, 0, "[::ffff:127.0.0.1]:0");
  /* A scope id that names no interface reads as its number. */
  address_in (&a[n++], "fe80::1", 7000, 4000000000u, "[fe80::1%4000000000]:7000");
  if (lo != 0)
    address_in (&a[n++], "fe80::1", 7000, lo, lo_text);
  address_unix (&a[n++], "/tmp/x.sock", sizeof "/tmp/x.sock", "/tmp/x.sock");
  address_unix (&a[n++], "\0se-test", sizeof "\0se-test" - 1, "@se-test");
  address_unix (&a[n++], "", 0, "(unnamed)");

  /* Each address as the local and as the remote side, in binary and
   * then as text. */
  for (guint i = 0; i < n; i++)
    {
      append_binary (log, &a[i], &a[(i + 1) % n]);
      append_text (log, &a[i], &a[(i + 1) % n]);
    }
  se_traffic_log_flush (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 2 * n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SeEvent) binary = get_event (log, 2 * i);
      g_autoptr(SeEvent) text = get_event (log, 2 * i + 1);
      g_autofree char *binary_line = se_event_format_text (binary);
      g_autofree char *text_line = se_event_format_text (text);

      g_assert_cmpstr (se_event_get_local (binary), ==, a[i].text);
      g_assert_cmpstr (se_event_get_remote (binary), ==, a[(i + 1) % n].text);
      g_assert_cmpstr (se_event_get_local (text), ==, a[i].text);
      g_assert_cmpstr (se_event_get_remote (text), ==, a[(i + 1) % n].text);
      g_assert_cmpstr (after_time (binary_line), ==, after_time (text_line));
    }

  /* The writers of an export (from a snapshot) read the same. */
  text_lines = write_lines (log, SE_EXPORT_TEXT, &n_text);
  json_lines = write_lines (log, SE_EXPORT_JSON_LINES, &n_json);
  g_assert_cmpuint (n_text, ==, 2 * n);
  g_assert_cmpuint (n_json, ==, 2 * n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GHashTable) binary = json_parse_flat_object (json_lines[2 * i]);
      g_autoptr(GHashTable) text = json_parse_flat_object (json_lines[2 * i + 1]);

      g_assert_cmpstr (after_time (text_lines[2 * i]), ==, after_time (text_lines[2 * i + 1]));
      g_assert_nonnull (binary);
      g_assert_nonnull (text);
      g_assert_cmpstr (json_get (binary, "local", 's'), ==, a[i].text);
      g_assert_cmpstr (json_get (binary, "remote", 's'), ==, a[(i + 1) % n].text);
      g_assert_cmpstr (json_get (text, "remote", 's'), ==, a[(i + 1) % n].text);
    }
}

/* One address is kept once: a second event with it costs its record and
 * nothing more, and its text is made once and shared by the items. */
static void
test_addresses_interned (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  Address local, remote, other;
  gsize before, after_first, after_many, after_text;
  g_autoptr(SeEvent) first = NULL;
  g_autoptr(SeEvent) last = NULL;

  address_in (&local, "127.0.0.1", 7000, 0, "127.0.0.1:7000");
  address_in (&remote, "127.0.0.1", 51000, 0, "127.0.0.1:51000");
  address_in (&other, "127.0.0.1", 51001, 0, "127.0.0.1:51001");

  append_binary (log, &local, &remote);
  before = se_traffic_log_get_memory_size (log);
  append_binary (log, &local, &other);
  after_first = se_traffic_log_get_memory_size (log);
  /* A new address is counted in the log's size. */
  g_assert_cmpuint (after_first, >, before);

  for (guint i = 0; i < 1000; i++)
    append_binary (log, &local, &remote);
  after_many = se_traffic_log_get_memory_size (log);
  /* The first 4096 records are one chunk, counted with the first event. */
  g_assert_cmpuint (after_many, ==, after_first);

  se_traffic_log_flush (log);
  first = get_event (log, 0);
  last = get_event (log, 1001);
  after_text = se_traffic_log_get_memory_size (log);
  /* The text is made when shown, once, and counted then. */
  g_assert_cmpuint (after_text, >, after_many);
  g_assert_true (se_event_get_remote (first) == se_event_get_remote (last));
  g_assert_true (se_event_get_local (first) == se_event_get_local (last));
  g_assert_cmpstr (se_event_get_remote (last), ==, "127.0.0.1:51000");
  {
    g_autoptr(SeEvent) again = get_event (log, 1000);

    g_assert_cmpuint (se_traffic_log_get_memory_size (log), ==, after_text);
    g_assert_true (se_event_get_remote (again) == se_event_get_remote (last));
  }
}

/* Slots freed with their events are given to other addresses; an
 * address seen again after that is interned anew, never read as the
 * one that took its slot. */
static void
test_addresses_slots_reused (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  Address a, b, c, d;

  address_in (&a, "127.0.0.1", 1001, 0, "127.0.0.1:1001");
  address_in (&b, "127.0.0.1", 1002, 0, "127.0.0.1:1002");
  address_in (&c, "::1", 1003, 0, "[::1]:1003");
  address_unix (&d, "/tmp/d.sock", sizeof "/tmp/d.sock", "/tmp/d.sock");

  append_binary (log, &a, &b);
  append_binary (log, &a, &b);
  se_traffic_log_flush (log);
  se_traffic_log_drop_before (log, 2);

  /* c and d take the slots a and b had; then a and b come back. */
  append_binary (log, &c, &d);
  append_binary (log, &a, &b);
  append_binary (log, &b, &a);
  append_binary (log, &d, &c);
  se_traffic_log_flush (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 4);

  {
    const Address *expected[4][2] = { { &c, &d }, { &a, &b }, { &b, &a }, { &d, &c } };

    for (guint i = 0; i < 4; i++)
      {
        g_autoptr(SeEvent) event = get_event (log, i);

        g_assert_cmpstr (se_event_get_local (event), ==, expected[i][0]->text);
        g_assert_cmpstr (se_event_get_remote (event), ==, expected[i][1]->text);
      }
  }
}

/* From real sockets: what a datagram listener logs of a sender (its
 * receive and its echo) is what the sender's getsockname() reads as, and
 * its own address what the listener's endpoint says. */

typedef struct
{
  SeTrafficLog *log;
  SeEventKind   kind;
} FindKind;

static gboolean
find_kind_cb (gpointer data)
{
  FindKind *find = data;
  guint n;

  se_traffic_log_flush (find->log);
  n = g_list_model_get_n_items (G_LIST_MODEL (find->log));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SeEvent) event = get_event (find->log, i);

      if (se_event_get_kind (event) == find->kind && se_event_get_call (event) != SE_CALL_NONE)
        return TRUE;
    }
  return FALSE;
}

static SeEvent *
find_kind (SeTrafficLog *log,
           SeEventKind   kind)
{
  FindKind find = { log, kind };
  guint n;

  g_assert_true (se_test_wait_until (find_kind_cb, &find, 5000));
  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SeEvent) event = get_event (log, i);

      if (se_event_get_kind (event) == kind && se_event_get_call (event) != SE_CALL_NONE)
        return g_steal_pointer (&event);
    }
  g_assert_not_reached ();
}

/* Sends one datagram from fd (bound as the case needs) to a fresh echo
 * listener at endpoint_text, and checks the addresses logged. */
static void
check_sender (const char *endpoint_text,
              int         fd,
              gboolean    can_reply)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeEndpoint) endpoint = se_endpoint_parse (endpoint_text, NULL);
  g_autoptr(SeResponder) responder = se_responder_parse ("echo", NULL);
  g_autoptr(SeListener) listener = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SeEvent) received = NULL;
  g_autofree char *sender_text = NULL;
  g_autofree char *listener_text = NULL;
  struct sockaddr_storage addr;
  socklen_t len;
  SeEndpoint *bound;

  g_assert_nonnull (endpoint);
  listener = se_listener_new (endpoint, responder, log);
  se_listener_start_async (listener, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, 5000);
  g_assert_true (se_listener_start_finish (listener, result, &error));
  g_assert_no_error (error);

  /* The listener's address, as the kernel has it. */
  bound = se_listener_get_endpoint (listener);
  memset (&addr, 0, sizeof addr);
  if (se_endpoint_is_unix (bound))
    {
      Address path;

      address_unix (&path, se_endpoint_get_path (bound), strlen (se_endpoint_get_path (bound)) + 1, NULL);
      addr = path.addr;
      len = path.len;
    }
  else
    {
      Address inet;

      address_in (&inet, se_endpoint_get_host (bound), se_endpoint_get_port (bound), 0, NULL);
      addr = inet.addr;
      len = inet.len;
    }
  listener_text = se_format_sockaddr (&addr, len);
  g_assert_cmpint (sendto (fd, "ping", 4, 0, (struct sockaddr *) &addr, len), ==, 4);

  len = sizeof addr;
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &addr, &len), ==, 0);
  sender_text = se_format_sockaddr (&addr, len);

  received = find_kind (log, SE_EVENT_RECEIVE);
  g_assert_cmpstr (se_event_get_remote (received), ==, sender_text);
  g_assert_cmpstr (se_event_get_local (received), ==, listener_text);

  if (can_reply)
    {
      g_autoptr(SeEvent) sent = find_kind (log, SE_EVENT_SEND);

      g_assert_cmpstr (se_event_get_remote (sent), ==, sender_text);
      g_assert_cmpstr (se_event_get_local (sent), ==, listener_text);
    }

  se_listener_stop (listener);
  close (fd);
}

static void
test_addresses_from_sockets (void)
{
  g_autofree char *dir = se_test_make_temp_dir ();
  g_autofree char *listen_path = g_build_filename (dir, "listener.sock", NULL);
  g_autofree char *client_path = g_build_filename (dir, "client.sock", NULL);
  g_autofree char *unix_text = g_strdup_printf ("unix-dgram://%s", listen_path);
  Address any;
  int fd;

  /* UDP over IPv4 */
  fd = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  address_in (&any, "127.0.0.1", 0, 0, NULL);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &any.addr, any.len), ==, 0);
  check_sender ("udp://127.0.0.1:0", fd, TRUE);

  /* UDP over IPv6, where there is a loopback for it */
  fd = socket (AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  address_in (&any, "::1", 0, 0, NULL);
  if (fd >= 0 && bind (fd, (struct sockaddr *) &any.addr, any.len) == 0)
    check_sender ("udp://[::1]:0", fd, TRUE);
  else if (fd >= 0)
    close (fd);

  /* A Unix datagram sender bound to a path */
  fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  address_unix (&any, client_path, strlen (client_path) + 1, NULL);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &any.addr, any.len), ==, 0);
  check_sender (unix_text, fd, TRUE);
  g_unlink (client_path);

  /* … autobound: an abstract name ("@" and five hex digits) */
  fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  address_unix (&any, "", 0, NULL);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &any.addr, any.len), ==, 0);
  check_sender (unix_text, fd, TRUE);

  /* … and not bound at all: "(unnamed)", nothing to answer */
  fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  check_sender (unix_text, fd, FALSE);

  se_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/traffic-log/addresses/binary", test_addresses_binary);
  g_test_add_func ("/traffic-log/addresses/interned", test_addresses_interned);
  g_test_add_func ("/traffic-log/addresses/slots-reused", test_addresses_slots_reused);
  g_test_add_func ("/traffic-log/addresses/from-sockets", test_addresses_from_sockets);

  return g_test_run ();
}
