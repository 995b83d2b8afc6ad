/* se-cli-resolve.c: socket-explorer-cli resolve NAME|ADDRESS|SERVICE/PROTO
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "se-cli.h"
#include "se-json.h"

typedef enum
{
  QUERY_NAME,
  QUERY_ADDRESS,
  QUERY_SERVICE,
  QUERY_HOSTNAME,
} QueryKind;

typedef struct
{
  GMainLoop       *loop;
  SeResolver      *resolver;
  QueryKind        kind;
  char            *query;          /* name, address or service */
  char            *protocol;       /* of a service */
  SeLookupResult  *lookup;
  SeReverseResult *reverse;
  GError          *reverse_error;  /* no name for the address: not fatal */
  SeServiceResult *service;
  char            *fqdn;
  GError          *error;
} ResolveRun;

/* Text output */

static int
display_width (const char *text)
{
  return (int) g_utf8_strlen (text, -1);
}

static void
append_padded (GString    *out,
               const char *text,
               int         width)
{
  g_string_append (out, text);
  for (int i = display_width (text); i < width; i++)
    g_string_append_c (out, ' ');
}

/* pairs: label, value, label, value, …, NULL */
static void
append_pairs (GString           *out,
              const char * const *pairs)
{
  int width = 0;

  for (guint i = 0; pairs[i] != NULL; i += 2)
    width = MAX (width, display_width (pairs[i]));

  for (guint i = 0; pairs[i] != NULL; i += 2)
    {
      append_padded (out, pairs[i], width + 2);
      g_string_append (out, pairs[i + 1]);
      g_string_append_c (out, '\n');
    }
}

static char *
join_aliases (char **aliases)
{
  if (aliases == NULL || aliases[0] == NULL)
    return g_strdup (_("(none)"));

  return g_strjoinv (" ", aliases);
}

static void
append_lookup_text (GString        *out,
                    SeLookupResult *lookup)
{
  const char *headers[4] = { _("family"), _("type"), _("protocol"), _("address") };
  int widths[4];
  const char *pairs[] = {
    _("name"), lookup->name,
    _("canonical name"), lookup->canonical_name != NULL ? lookup->canonical_name : _("(none)"),
    NULL
  };

  append_pairs (out, pairs);
  g_string_append_c (out, '\n');

  for (guint c = 0; c < 4; c++)
    widths[c] = display_width (headers[c]);
  for (guint i = 0; i < lookup->entries->len; i++)
    {
      SeAddrInfo *info = g_ptr_array_index (lookup->entries, i);
      const char *cells[4] = {
        se_address_family_to_string (info->family),
        se_socket_type_to_string (info->socktype),
        se_ip_protocol_to_string (info->protocol),
        info->address,
      };

      for (guint c = 0; c < 4; c++)
        widths[c] = MAX (widths[c], display_width (cells[c]));
    }

  for (guint c = 0; c < 3; c++)
    append_padded (out, headers[c], widths[c] + 2);
  g_string_append_printf (out, "%s\n", headers[3]);
  for (guint i = 0; i < lookup->entries->len; i++)
    {
      SeAddrInfo *info = g_ptr_array_index (lookup->entries, i);

      append_padded (out, se_address_family_to_string (info->family), widths[0] + 2);
      append_padded (out, se_socket_type_to_string (info->socktype), widths[1] + 2);
      append_padded (out, se_ip_protocol_to_string (info->protocol), widths[2] + 2);
      g_string_append_printf (out, "%s\n", info->address);
    }
}

static char *
format_text (ResolveRun *run)
{
  g_autoptr(GString) out = g_string_new (NULL);

  switch (run->kind)
    {
    case QUERY_NAME:
      append_lookup_text (out, run->lookup);
      break;

    case QUERY_ADDRESS:
      if (run->reverse == NULL)
        {
          const char *pairs[] = {
            _("address"), run->query,
            _("host name"), run->reverse_error->message,
            NULL
          };

          append_pairs (out, pairs);
          g_string_append_c (out, '\n');
          append_lookup_text (out, run->lookup);
          break;
        }
      else
      {
        g_autofree char *aliases = join_aliases (run->reverse->aliases);
        const char *pairs[] = {
          _("address"), run->reverse->address,
          _("host name"), run->reverse->host_name,
          _("aliases"), aliases,
          NULL
        };

        append_pairs (out, pairs);
        g_string_append_c (out, '\n');
        append_lookup_text (out, run->lookup);
      }
      break;

    case QUERY_SERVICE:
      {
        g_autofree char *aliases = join_aliases (run->service->aliases);
        g_autofree char *port = g_strdup_printf ("%u", run->service->port);
        const char *pairs[] = {
          _("service"), run->service->name,
          _("port"), port,
          _("protocol"), run->service->protocol,
          _("aliases"), aliases,
          NULL
        };

        append_pairs (out, pairs);
      }
      break;

    case QUERY_HOSTNAME:
      {
        const char *pairs[] = {
          _("host name"), se_resolver_get_host_name (),
          _("FQDN"), run->fqdn,
          NULL
        };

        append_pairs (out, pairs);
      }
      break;

    default:
      g_assert_not_reached ();
    }

  return g_strdup (out->str);
}

/* JSON output, through the core's one JSON path (se-json.h): odd bytes
 * in a name or an error message become U+FFFD as in the log. */

static void
add_lookup_json (JsonBuilder    *builder,
                 SeLookupResult *lookup)
{
  se_json_builder_add_member_string (builder, "name", lookup->name);
  /* null when there is none */
  se_json_builder_add_member_string (builder, "canonical_name", lookup->canonical_name);
  json_builder_set_member_name (builder, "addresses");
  json_builder_begin_array (builder);
  for (guint i = 0; i < lookup->entries->len; i++)
    {
      SeAddrInfo *info = g_ptr_array_index (lookup->entries, i);

      json_builder_begin_object (builder);
      se_json_builder_add_member_string (builder, "family", se_address_family_to_string (info->family));
      se_json_builder_add_member_string (builder, "socktype", se_socket_type_to_string (info->socktype));
      se_json_builder_add_member_string (builder, "protocol", se_ip_protocol_to_string (info->protocol));
      se_json_builder_add_member_string (builder, "address", info->address);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static char *
format_json (ResolveRun *run)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GString) json = g_string_new (NULL);

  json_builder_begin_object (builder);

  switch (run->kind)
    {
    case QUERY_NAME:
      add_lookup_json (builder, run->lookup);
      break;

    case QUERY_ADDRESS:
      add_lookup_json (builder, run->lookup);
      json_builder_set_member_name (builder, "reverse");
      json_builder_begin_object (builder);
      if (run->reverse == NULL)
        {
          se_json_builder_add_member_string (builder, "address", run->query);
          se_json_builder_add_member_string (builder, "error", run->reverse_error->message);
        }
      else
        {
          se_json_builder_add_member_string (builder, "address", run->reverse->address);
          se_json_builder_add_member_string (builder, "host_name", run->reverse->host_name);
          se_json_builder_add_member_strv (builder, "aliases", run->reverse->aliases);
        }
      json_builder_end_object (builder);
      break;

    case QUERY_SERVICE:
      se_json_builder_add_member_string (builder, "service", run->service->name);
      se_json_builder_add_member_int (builder, "port", run->service->port);
      se_json_builder_add_member_string (builder, "protocol", run->service->protocol);
      se_json_builder_add_member_strv (builder, "aliases", run->service->aliases);
      break;

    case QUERY_HOSTNAME:
      se_json_builder_add_member_string (builder, "hostname", se_resolver_get_host_name ());
      se_json_builder_add_member_string (builder, "fqdn", run->fqdn);
      break;

    default:
      g_assert_not_reached ();
    }

  json_builder_end_object (builder);
  se_json_builder_append (builder, json);
  g_string_append_c (json, '\n');

  return g_strdup (json->str);
}

/* Lookups */

static void
reverse_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ResolveRun *run = user_data;

  /* An address without a name (no PTR record, nothing in /etc/hosts) is
   * an answer too: the forward table is still shown. */
  run->reverse = se_resolver_lookup_address_finish (SE_RESOLVER (source), result, &run->reverse_error);
  g_main_loop_quit (run->loop);
}

static void
name_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  ResolveRun *run = user_data;

  run->lookup = se_resolver_lookup_name_finish (SE_RESOLVER (source), result, &run->error);
  if (run->lookup != NULL && run->kind == QUERY_ADDRESS)
    {
      /* gethostbyaddr() after getaddrinfo(), like Python's socket module. */
      se_resolver_lookup_address_async (run->resolver, run->query, NULL, reverse_done_cb, run);
      return;
    }

  g_main_loop_quit (run->loop);
}

static void
service_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ResolveRun *run = user_data;

  run->service = se_resolver_lookup_service_finish (SE_RESOLVER (source), result, &run->error);
  g_main_loop_quit (run->loop);
}

static void
fqdn_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  ResolveRun *run = user_data;

  run->fqdn = se_resolver_get_fqdn_finish (SE_RESOLVER (source), result, &run->error);
  g_main_loop_quit (run->loop);
}

static int
resolve_protocol (const char *name,
                  gboolean    json)
{
  g_autoptr(GError) error = NULL;
  int number;

  number = se_resolver_lookup_protocol (name, &error);
  if (number < 0)
    return se_cli_fail_error (SE_CLI_EXIT_FAILURE, error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(GString) out = g_string_new (NULL);

      json_builder_begin_object (builder);
      se_json_builder_add_member_string (builder, "protocol", name);
      se_json_builder_add_member_int (builder, "number", number);
      json_builder_end_object (builder);
      se_json_builder_append (builder, out);
      g_string_append_c (out, '\n');
      fputs (out->str, stdout);
    }
  else
    {
      g_autoptr(GString) out = g_string_new (NULL);
      g_autofree char *number_text = g_strdup_printf ("%d", number);
      const char *pairs[] = {
        _("protocol"), name,
        _("number"), number_text,
        NULL
      };

      append_pairs (out, pairs);
      fputs (out->str, stdout);
    }

  return SE_CLI_EXIT_OK;
}

static gboolean
classify (ResolveRun  *run,
          const char  *argument)
{
  const char *slash = strrchr (argument, '/');
  gsize len = strlen (argument);

  if (slash != NULL)
    {
      run->kind = QUERY_SERVICE;
      run->query = g_strndup (argument, slash - argument);
      run->protocol = g_strdup (slash + 1);

      return run->query[0] != '\0' && run->protocol[0] != '\0';
    }

  /* "[::1]" as in endpoints */
  if (len > 2 && argument[0] == '[' && argument[len - 1] == ']')
    run->query = g_strndup (argument + 1, len - 2);
  else
    run->query = g_strdup (argument);

  run->kind = g_hostname_is_ip_address (run->query) ? QUERY_ADDRESS : QUERY_NAME;

  return run->query[0] != '\0';
}

int
se_cli_resolve (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SeResolver) resolver = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *protocol_name = NULL;
  g_autofree char *output = NULL;
  gboolean json = FALSE;
  gboolean hostname = FALSE;
  ResolveRun run = { 0 };
  int status = SE_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "hostname", 'H', 0, G_OPTION_ARG_NONE, &hostname,
      N_("Show this machine’s host name and fully qualified domain name"), NULL },
    { "protocol", 'p', 0, G_OPTION_ARG_STRING, &protocol_name,
      N_("Look up the number of an IP protocol (getprotobyname), e.g. tcp"), N_("NAME") },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json,
      N_("Print one JSON object"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("NAME|ADDRESS|SERVICE/PROTO"));
  g_option_context_set_summary (context,
                                _("Looks up what the system knows, as the socket module does:\n"
                                  "  NAME           getaddrinfo(): every address, socket type and protocol,\n"
                                  "                 and the canonical name\n"
                                  "  ADDRESS        the same for a literal IP address, and the reverse\n"
                                  "                 lookup (gethostbyaddr)\n"
                                  "  SERVICE/PROTO  getservbyname() or getservbyport(): http/tcp, 53/udp\n"
                                  "  --hostname     gethostname() and getfqdn()\n"
                                  "  --protocol     getprotobyname()"));
  g_option_context_set_description (context,
                                    _("Examples:\n"
                                      "  socket-explorer-cli resolve localhost\n"
                                      "  socket-explorer-cli resolve 127.0.0.1 --json\n"
                                      "  socket-explorer-cli resolve http/tcp\n"
                                      "  socket-explorer-cli resolve --protocol udp\n"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!se_cli_parse_options (context, &argc, &argv))
    return SE_CLI_EXIT_USAGE;

  if ((hostname ? 1 : 0) + (protocol_name != NULL ? 1 : 0) + (argc > 1 ? 1 : 0) != 1 || argc > 2)
    return se_cli_fail (SE_CLI_EXIT_USAGE,
                        _("resolve: give one NAME, ADDRESS or SERVICE/PROTO, or --hostname, or --protocol NAME (see resolve --help)"));

  if (protocol_name != NULL)
    return resolve_protocol (protocol_name, json);

  resolver = se_resolver_new (NULL);
  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  run.resolver = resolver;

  if (hostname)
    {
      run.kind = QUERY_HOSTNAME;
      se_resolver_get_fqdn_async (resolver, NULL, fqdn_done_cb, &run);
    }
  else if (!classify (&run, argv[1]))
    {
      g_free (run.query);
      g_free (run.protocol);
      return se_cli_fail (SE_CLI_EXIT_USAGE,
                          _("resolve: expected a NAME, an ADDRESS or SERVICE/PROTO such as http/tcp"));
    }
  else if (run.kind == QUERY_SERVICE)
    se_resolver_lookup_service_async (resolver, run.query, run.protocol, NULL, service_done_cb, &run);
  else
    se_resolver_lookup_name_async (resolver, run.query, NULL, name_done_cb, &run);

  g_main_loop_run (loop);

  if (run.error != NULL)
    status = se_cli_fail_error (SE_CLI_EXIT_FAILURE, run.error);
  else
    {
      output = json ? format_json (&run) : format_text (&run);
      fputs (output, stdout);
    }

  g_clear_error (&run.error);
  g_clear_pointer (&run.lookup, se_lookup_result_free);
  g_clear_pointer (&run.reverse, se_reverse_result_free);
  g_clear_error (&run.reverse_error);
  g_clear_pointer (&run.service, se_service_result_free);
  g_free (run.fqdn);
  g_free (run.query);
  g_free (run.protocol);

  return status;
}
