/* test-resolver.c: SeResolver, on local names, addresses and databases only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <json-glib/json-glib.h>

#include "socket-explorer-core.h"
#include "se-test-util.h"

/* Local lookups answer in milliseconds; this only bounds a broken run. */
#define WAIT_MS 10000

static gboolean
have_file (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;

  {
    g_autofree char *message = g_strdup_printf ("%s is missing (install netbase)", path);
    g_test_skip (message);
  }
  return FALSE;
}

/* Waits for the result of an async call made with se_test_store_result. */
static GAsyncResult *
wait_result (GAsyncResult **result)
{
  GAsyncResult *res = se_test_wait_result (result, WAIT_MS);

  g_assert_nonnull (res);
  return res;
}

static SeLookupResult *
lookup_name (SeResolver  *resolver,
             const char  *name,
             GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  se_resolver_lookup_name_async (resolver, name, NULL, se_test_store_result, &result);
  return se_resolver_lookup_name_finish (resolver, wait_result (&result), error);
}

static SeServiceResult *
lookup_service (SeResolver  *resolver,
                const char  *service,
                const char  *protocol,
                GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  se_resolver_lookup_service_async (resolver, service, protocol, NULL, se_test_store_result, &result);
  return se_resolver_lookup_service_finish (resolver, wait_result (&result), error);
}

static gboolean
result_is_set (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static gboolean
has_address (const SeLookupResult *result,
             const char           *address)
{
  for (guint i = 0; i < result->entries->len; i++)
    {
      const SeAddrInfo *info = g_ptr_array_index (result->entries, i);

      if (strcmp (info->address, address) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Every entry is a well-formed getaddrinfo() result: a known family whose
 * address parses as that family, a known socket type, and the protocol
 * that goes with it. */
static void
check_entries (const SeLookupResult *result)
{
  g_assert_nonnull (result->entries);
  g_assert_cmpuint (result->entries->len, >, 0);

  for (guint i = 0; i < result->entries->len; i++)
    {
      const SeAddrInfo *info = g_ptr_array_index (result->entries, i);
      g_autoptr(GInetAddress) parsed = g_inet_address_new_from_string (info->address);

      g_assert_nonnull (parsed);
      g_assert_true (info->family == AF_INET || info->family == AF_INET6);
      g_assert_cmpint (g_inet_address_get_family (parsed), ==,
                       info->family == AF_INET ? G_SOCKET_FAMILY_IPV4 : G_SOCKET_FAMILY_IPV6);

      switch (info->socktype)
        {
        case SOCK_STREAM:
          g_assert_cmpint (info->protocol, ==, IPPROTO_TCP);
          break;
        case SOCK_DGRAM:
          g_assert_cmpint (info->protocol, ==, IPPROTO_UDP);
          break;
        case SOCK_RAW:
          g_assert_cmpint (info->protocol, ==, 0);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

static void
test_name_localhost (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeLookupResult) result = NULL;
  SeResolver *resolver = se_resolver_new (NULL);
  gboolean saw_stream = FALSE;

  result = lookup_name (resolver, "localhost", &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpstr (result->name, ==, "localhost");
  check_entries (result);
  g_assert_true (has_address (result, "127.0.0.1") || has_address (result, "::1"));

  for (guint i = 0; i < result->entries->len; i++)
    {
      const SeAddrInfo *info = g_ptr_array_index (result->entries, i);
      g_autoptr(GInetAddress) parsed = g_inet_address_new_from_string (info->address);

      g_assert_true (g_inet_address_get_is_loopback (parsed));
      saw_stream |= info->socktype == SOCK_STREAM;
    }
  /* socktype 0 in the hints: every type is listed, stream among them. */
  g_assert_true (saw_stream);
  g_assert_nonnull (result->canonical_name);
  g_assert_cmpstr (result->canonical_name, !=, "");

  g_assert_finalize_object (resolver);
}

static void
check_literal (const char *literal,
               int         family)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeLookupResult) result = NULL;
  SeResolver *resolver = se_resolver_new (NULL);

  result = lookup_name (resolver, literal, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpstr (result->name, ==, literal);
  check_entries (result);

  for (guint i = 0; i < result->entries->len; i++)
    {
      const SeAddrInfo *info = g_ptr_array_index (result->entries, i);

      g_assert_cmpint (info->family, ==, family);
      g_assert_cmpstr (info->address, ==, literal);
    }

  g_assert_finalize_object (resolver);
}

static void
test_name_literal_ipv4 (void)
{
  check_literal ("127.0.0.1", AF_INET);
}

static void
test_name_literal_ipv6 (void)
{
  check_literal ("::1", AF_INET6);
}

static void
test_name_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeLookupResult) result = NULL;
  SeResolver *resolver = se_resolver_new (NULL);

  result = lookup_name (resolver, "", &error);
  g_assert_null (result);
  g_assert_error (error, SE_ERROR, SE_ERROR_NAME_NOT_FOUND);

  g_assert_finalize_object (resolver);
}

/* ".invalid" is reserved (RFC 2606): it never resolves. Its first label is
 * 64 characters, one more than DNS allows, so the C library refuses it
 * before building a query: the test sends nothing to any name server
 * (checked with strace), and the wait is bounded anyway. */
#define INVALID_NAME "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.invalid"
static void
test_name_invalid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(SeLookupResult) found = NULL;
  SeResolver *resolver = se_resolver_new (NULL);

  G_STATIC_ASSERT (sizeof INVALID_NAME == 64 + sizeof ".invalid");
  se_resolver_lookup_name_async (resolver, INVALID_NAME, cancellable,
                                 se_test_store_result, &result);
  if (!se_test_wait_until (result_is_set, &result, WAIT_MS))
    {
      /* A name server that neither answers nor refuses: give up on it
       * (cancellation returns at once), and say so. */
      g_cancellable_cancel (cancellable);
      g_assert_nonnull (se_test_wait_result (&result, 2000));
      found = se_resolver_lookup_name_finish (resolver, result, &error);
      g_assert_error (error, SE_ERROR, SE_ERROR_CANCELLED);
      g_clear_object (&result);
      g_assert_finalize_object (resolver);
      g_test_skip ("the name server did not answer within 10 s");
      return;
    }

  found = se_resolver_lookup_name_finish (resolver, result, &error);
  g_assert_null (found);
  g_assert_error (error, SE_ERROR, SE_ERROR_NAME_NOT_FOUND);
  /* Like Python's gaierror: the name, the EAI_ code, the system's words. */
  g_assert_nonnull (strstr (error->message, "“" INVALID_NAME "”"));
  g_assert_nonnull (strstr (error->message, "(EAI_"));
  g_clear_object (&result);

  g_assert_finalize_object (resolver);
}

static void
test_address_loopback (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SeReverseResult) found = NULL;
  SeResolver *resolver = se_resolver_new (NULL);

  se_resolver_lookup_address_async (resolver, "127.0.0.1", NULL, se_test_store_result, &result);
  found = se_resolver_lookup_address_finish (resolver, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpstr (found->address, ==, "127.0.0.1");
  g_assert_nonnull (found->host_name);
  g_assert_cmpstr (found->host_name, !=, "");
  /* A name, not the address given back as text. */
  g_assert_cmpstr (found->host_name, !=, "127.0.0.1");
  g_assert_nonnull (found->aliases);
  for (guint i = 0; found->aliases[i] != NULL; i++)
    g_assert_cmpstr (found->aliases[i], !=, found->host_name);
  g_clear_object (&result);

  g_assert_finalize_object (resolver);
}

static void
test_address_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SeReverseResult) found = NULL;
  SeResolver *resolver = se_resolver_new (NULL);

  se_resolver_lookup_address_async (resolver, "", NULL, se_test_store_result, &result);
  found = se_resolver_lookup_address_finish (resolver, wait_result (&result), &error);
  g_assert_null (found);
  g_assert_error (error, SE_ERROR, SE_ERROR_NAME_NOT_FOUND);
  g_clear_object (&result);

  g_assert_finalize_object (resolver);
}

static void
test_service_by_name (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeServiceResult) http = NULL;
  g_autoptr(SeServiceResult) smtp = NULL;
  SeResolver *resolver;

  if (!have_file ("/etc/services"))
    return;

  resolver = se_resolver_new (NULL);

  http = lookup_service (resolver, "http", "tcp", &error);
  g_assert_no_error (error);
  g_assert_nonnull (http);
  g_assert_cmpstr (http->name, ==, "http");
  g_assert_cmpuint (http->port, ==, 80);
  g_assert_cmpstr (http->protocol, ==, "tcp");
  g_assert_nonnull (http->aliases);

  /* NULL means tcp; the seed's second example. */
  smtp = lookup_service (resolver, "smtp", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (smtp);
  g_assert_cmpuint (smtp->port, ==, 25);
  g_assert_cmpstr (smtp->protocol, ==, "tcp");

  g_assert_finalize_object (resolver);
}

static void
test_service_by_port (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeServiceResult) http = NULL;
  g_autoptr(SeServiceResult) domain = NULL;
  SeResolver *resolver;

  if (!have_file ("/etc/services"))
    return;

  resolver = se_resolver_new (NULL);

  http = lookup_service (resolver, "80", "tcp", &error);
  g_assert_no_error (error);
  g_assert_nonnull (http);
  g_assert_cmpstr (http->name, ==, "http");
  g_assert_cmpuint (http->port, ==, 80);
  g_assert_cmpstr (http->protocol, ==, "tcp");

  domain = lookup_service (resolver, "53", "udp", &error);
  g_assert_no_error (error);
  g_assert_nonnull (domain);
  g_assert_cmpstr (domain->name, ==, "domain");
  g_assert_cmpuint (domain->port, ==, 53);
  g_assert_cmpstr (domain->protocol, ==, "udp");

  g_assert_finalize_object (resolver);
}

static void
test_service_unknown (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeServiceResult) found = NULL;
  SeResolver *resolver = se_resolver_new (NULL);

  found = lookup_service (resolver, "nosuchservice-xyz", "tcp", &error);
  g_assert_null (found);
  g_assert_error (error, SE_ERROR, SE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "“nosuchservice-xyz”"));
  g_clear_error (&error);

  /* Not a port at all. */
  found = lookup_service (resolver, "70000", "tcp", &error);
  g_assert_null (found);
  g_assert_error (error, SE_ERROR, SE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Services are looked up for tcp or udp only. */
  found = lookup_service (resolver, "http", "icmp", &error);
  g_assert_null (found);
  g_assert_error (error, SE_ERROR, SE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  found = lookup_service (resolver, "", "tcp", &error);
  g_assert_null (found);
  g_assert_error (error, SE_ERROR, SE_ERROR_NOT_FOUND);

  g_assert_finalize_object (resolver);
}

static void
test_protocol_async (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  SeResolver *resolver = se_resolver_new (log);
  g_autoptr(SeEvent) event = NULL;

  if (!have_file ("/etc/protocols"))
    {
      g_object_unref (resolver);
      return;
    }

  se_resolver_lookup_protocol_async (resolver, "tcp", NULL, se_test_store_result, &result);
  g_assert_cmpint (se_resolver_lookup_protocol_finish (resolver, wait_result (&result), &error), ==, 6);
  g_assert_no_error (error);
  g_clear_object (&result);

  se_resolver_lookup_protocol_async (resolver, "nosuchproto", NULL, se_test_store_result, &result);
  g_assert_cmpint (se_resolver_lookup_protocol_finish (resolver, wait_result (&result), &error), ==, -1);
  g_assert_error (error, SE_ERROR, SE_ERROR_NOT_FOUND);
  g_clear_object (&result);

  /* Both lookups are in the log, like every other lookup. */
  se_traffic_log_flush (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 2);
  event = g_list_model_get_item (G_LIST_MODEL (log), 0);
  g_assert_cmpint (se_event_get_kind (event), ==, SE_EVENT_RESOLVE);
  g_clear_object (&event);
  event = g_list_model_get_item (G_LIST_MODEL (log), 1);
  g_assert_cmpint (se_event_get_kind (event), ==, SE_EVENT_ERROR);

  g_assert_finalize_object (resolver);
}

static void
test_protocol (void)
{
  g_autoptr(GError) error = NULL;

  if (!have_file ("/etc/protocols"))
    return;

  g_assert_cmpint (se_resolver_lookup_protocol ("tcp", &error), ==, 6);
  g_assert_no_error (error);
  g_assert_cmpint (se_resolver_lookup_protocol ("udp", &error), ==, 17);
  g_assert_no_error (error);
  /* A number the database knows is given back. */
  g_assert_cmpint (se_resolver_lookup_protocol ("17", &error), ==, 17);
  g_assert_no_error (error);

  g_assert_cmpint (se_resolver_lookup_protocol ("nosuchproto", &error), ==, -1);
  g_assert_error (error, SE_ERROR, SE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "“nosuchproto”"));
  g_clear_error (&error);

  g_assert_cmpint (se_resolver_lookup_protocol ("300", &error), ==, -1);
  g_assert_error (error, SE_ERROR, SE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpint (se_resolver_lookup_protocol ("", &error), ==, -1);
  g_assert_error (error, SE_ERROR, SE_ERROR_NOT_FOUND);
}

static gboolean
host_name_in_hosts_file (const char *host_name)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/etc/hosts", &contents, NULL, NULL))
    return FALSE;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = NULL;
      char *hash = strchr (lines[i], '#');

      if (hash != NULL)
        *hash = '\0';
      words = g_strsplit_set (lines[i], " \t", -1);
      for (guint w = 1; words[0] != NULL && words[w] != NULL; w++)
        if (g_ascii_strcasecmp (words[w], host_name) == 0)
          return TRUE;
    }

  return FALSE;
}

static void
test_host_name (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *fqdn = NULL;
  const char *host_name = se_resolver_get_host_name ();
  SeResolver *resolver = se_resolver_new (NULL);

  g_assert_nonnull (host_name);
  g_assert_cmpstr (host_name, !=, "");

  /* getfqdn() looks the host name up; unless /etc/hosts knows it, that
   * would ask a name server off this machine, which tests never do. */
  if (!host_name_in_hosts_file (host_name))
    {
      g_object_unref (resolver);
      g_test_skip ("the host name is not in /etc/hosts; its FQDN would need a name server");
      return;
    }

  se_resolver_get_fqdn_async (resolver, NULL, se_test_store_result, &result);
  fqdn = se_resolver_get_fqdn_finish (resolver, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (fqdn);
  g_assert_cmpstr (fqdn, !=, "");
  g_clear_object (&result);

  g_assert_finalize_object (resolver);
}

static void
test_cancel (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(SeLookupResult) found = NULL;
  g_autoptr(SeServiceResult) service = NULL;
  g_autofree char *fqdn = NULL;
  SeResolver *resolver = se_resolver_new (NULL);
  gint64 start;

  /* Cancelled while in flight: the worker's own answer is dropped. */
  start = g_get_monotonic_time ();
  se_resolver_lookup_name_async (resolver, "localhost", cancellable, se_test_store_result, &result);
  g_cancellable_cancel (cancellable);
  found = se_resolver_lookup_name_finish (resolver, wait_result (&result), &error);
  g_assert_null (found);
  g_assert_error (error, SE_ERROR, SE_ERROR_CANCELLED);
  g_assert_nonnull (strstr (error->message, "“localhost”"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_clear_error (&error);
  g_clear_object (&result);

  /* Already cancelled: nothing runs. */
  se_resolver_lookup_service_async (resolver, "http", "tcp", cancellable, se_test_store_result, &result);
  service = se_resolver_lookup_service_finish (resolver, wait_result (&result), &error);
  g_assert_null (service);
  g_assert_error (error, SE_ERROR, SE_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&result);

  se_resolver_get_fqdn_async (resolver, cancellable, se_test_store_result, &result);
  fqdn = se_resolver_get_fqdn_finish (resolver, wait_result (&result), &error);
  g_assert_null (fqdn);
  g_assert_error (error, SE_ERROR, SE_ERROR_CANCELLED);
  g_clear_object (&result);

  /* Worker threads still finishing a dropped call hold no reference. */
  g_assert_finalize_object (resolver);
}

static SeEvent *
log_event (SeTrafficLog *log,
           guint         index)
{
  SeEvent *event = g_list_model_get_item (G_LIST_MODEL (log), index);

  g_assert_nonnull (event);
  g_assert_cmpuint (se_event_get_connection_id (event), ==, 0);
  g_assert_cmpstr (se_event_get_local (event), ==, "");
  g_assert_cmpuint (se_event_get_size (event), ==, 0);
  return event;
}

static void
test_log (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SeLookupResult) found = NULL;
  g_autoptr(SeLookupResult) missing = NULL;
  g_autoptr(SeEvent) event = NULL;
  g_autofree char *expected = NULL;
  SeTrafficLog *log = se_traffic_log_new ();
  SeResolver *resolver = se_resolver_new (log);
  gboolean services = g_file_test ("/etc/services", G_FILE_TEST_EXISTS);
  guint n = 0;

  /* A found name: a resolve event that summarizes the answer. */
  found = lookup_name (resolver, "localhost", &error);
  g_assert_no_error (error);
  se_traffic_log_flush (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, ++n);
  event = log_event (log, n - 1);
  g_assert_cmpint (se_event_get_kind (event), ==, SE_EVENT_RESOLVE);
  /* A lookup is no transport: no protocol in the event, its text line or
   * its JSON (where "tcp" once suggested a connection) */
  g_assert_cmpint (se_event_get_protocol (event), ==, SE_PROTOCOL_NONE);
  {
    g_autofree char *line = se_event_format_text (event);
    g_autofree char *json = se_event_format_json (event);
    g_autoptr(JsonNode) node = json_from_string (json, &error);

    g_assert_no_error (error);
    g_assert_nonnull (strstr (line, " resolve -- localhost "));
    g_assert_null (strstr (line, "tcp"));
    g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
    g_assert_false (json_object_has_member (json_node_get_object (node), "proto"));
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "kind"), ==, "resolve");
  }
  g_assert_cmpstr (se_event_get_remote (event), ==, "localhost");
  g_assert_true (g_str_has_prefix (se_event_get_detail (event), "localhost → "));
  g_assert_true (strstr (se_event_get_detail (event), "127.0.0.1") != NULL ||
                 strstr (se_event_get_detail (event), "::1") != NULL);
  expected = g_strdup_printf ("(canonical %s)", found->canonical_name);
  g_assert_true (g_str_has_suffix (se_event_get_detail (event), expected));
  g_clear_object (&event);

  /* A failure: an error event whose detail is the error message. */
  missing = lookup_name (resolver, "", &error);
  g_assert_error (error, SE_ERROR, SE_ERROR_NAME_NOT_FOUND);
  se_traffic_log_flush (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, ++n);
  event = log_event (log, n - 1);
  g_assert_cmpint (se_event_get_kind (event), ==, SE_EVENT_ERROR);
  g_assert_cmpint (se_event_get_protocol (event), ==, SE_PROTOCOL_NONE);
  g_assert_cmpstr (se_event_get_detail (event), ==, error->message);
  g_clear_object (&event);
  g_clear_error (&error);

  /* A service: the protocol asked for. */
  if (services)
    {
      g_autoptr(SeServiceResult) domain = lookup_service (resolver, "53", "udp", &error);

      g_assert_no_error (error);
      se_traffic_log_flush (log);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, ++n);
      event = log_event (log, n - 1);
      g_assert_cmpint (se_event_get_kind (event), ==, SE_EVENT_RESOLVE);
      /* The "udp" of /etc/services is only a name: still no transport */
      g_assert_cmpint (se_event_get_protocol (event), ==, SE_PROTOCOL_NONE);
      g_assert_cmpstr (se_event_get_remote (event), ==, "53");
      g_assert_cmpstr (se_event_get_detail (event), ==, "53/udp → domain");
      g_clear_object (&event);
    }

  /* A reverse lookup. */
  {
    g_autoptr(SeReverseResult) reverse = NULL;
    g_autofree char *prefix = NULL;

    se_resolver_lookup_address_async (resolver, "127.0.0.1", NULL, se_test_store_result, &result);
    reverse = se_resolver_lookup_address_finish (resolver, wait_result (&result), &error);
    g_assert_no_error (error);
    g_clear_object (&result);
    se_traffic_log_flush (log);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, ++n);
    event = log_event (log, n - 1);
    g_assert_cmpint (se_event_get_kind (event), ==, SE_EVENT_RESOLVE);
    g_assert_cmpstr (se_event_get_remote (event), ==, "127.0.0.1");
    prefix = g_strdup_printf ("127.0.0.1 → %s", reverse->host_name);
    g_assert_true (g_str_has_prefix (se_event_get_detail (event), prefix));
    g_clear_object (&event);
  }

  g_assert_finalize_object (resolver);
  g_assert_finalize_object (log);
}

static void
test_to_string (void)
{
  g_assert_cmpstr (se_address_family_to_string (AF_INET), ==, "AF_INET");
  g_assert_cmpstr (se_address_family_to_string (AF_INET6), ==, "AF_INET6");
  g_assert_cmpstr (se_address_family_to_string (AF_UNIX), ==, "AF_UNIX");
  g_assert_cmpstr (se_socket_type_to_string (SOCK_STREAM), ==, "SOCK_STREAM");
  g_assert_cmpstr (se_socket_type_to_string (SOCK_DGRAM), ==, "SOCK_DGRAM");
  g_assert_cmpstr (se_socket_type_to_string (SOCK_RAW), ==, "SOCK_RAW");
  g_assert_cmpstr (se_ip_protocol_to_string (IPPROTO_TCP), ==, "IPPROTO_TCP");
  g_assert_cmpstr (se_ip_protocol_to_string (IPPROTO_UDP), ==, "IPPROTO_UDP");
  g_assert_cmpstr (se_ip_protocol_to_string (0), ==, "IPPROTO_IP");
  /* Unknown values come back as their number. */
  g_assert_cmpstr (se_address_family_to_string (12345), ==, "12345");
  g_assert_cmpstr (se_socket_type_to_string (0), ==, "0");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/resolver/name/localhost", test_name_localhost);
  g_test_add_func ("/resolver/name/literal-ipv4", test_name_literal_ipv4);
  g_test_add_func ("/resolver/name/literal-ipv6", test_name_literal_ipv6);
  g_test_add_func ("/resolver/name/empty", test_name_empty);
  g_test_add_func ("/resolver/name/invalid", test_name_invalid);
  g_test_add_func ("/resolver/address/loopback", test_address_loopback);
  g_test_add_func ("/resolver/address/empty", test_address_empty);
  g_test_add_func ("/resolver/service/by-name", test_service_by_name);
  g_test_add_func ("/resolver/service/by-port", test_service_by_port);
  g_test_add_func ("/resolver/service/unknown", test_service_unknown);
  g_test_add_func ("/resolver/protocol", test_protocol);
  g_test_add_func ("/resolver/protocol-async", test_protocol_async);
  g_test_add_func ("/resolver/host-name", test_host_name);
  g_test_add_func ("/resolver/cancel", test_cancel);
  g_test_add_func ("/resolver/log", test_log);
  g_test_add_func ("/resolver/to-string", test_to_string);

  return g_test_run ();
}
