/* se-endpoint.c: endpoint notation (tcp://HOST:PORT, udp://…, unix://…, unix-dgram://…)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <glib/gi18n-lib.h>

#include "se-endpoint.h"
#include "se-error.h"

struct _SeEndpoint
{
  SeProtocol  protocol;
  guint16     port;
  gboolean    tls;    /* TCP only: tls://, a TLS stream over the TCP connection */
  char       *host;   /* TCP/UDP only, without brackets */
  char       *path;   /* Unix kinds only */
};

static const struct
{
  SeProtocol  protocol;
  const char *name;
} protocol_names[] = {
  { SE_PROTOCOL_TCP, "tcp" },
  { SE_PROTOCOL_UDP, "udp" },
  { SE_PROTOCOL_UNIX, "unix" },
  { SE_PROTOCOL_UNIX_DGRAM, "unix-dgram" },
};

G_DEFINE_BOXED_TYPE (SeEndpoint, se_endpoint, se_endpoint_ref, se_endpoint_unref)

static void
se_endpoint_clear (gpointer data)
{
  SeEndpoint *self = data;

  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->path, g_free);
}

static gboolean
protocol_is_unix (SeProtocol protocol)
{
  return protocol == SE_PROTOCOL_UNIX || protocol == SE_PROTOCOL_UNIX_DGRAM;
}

static gboolean
protocol_is_valid (SeProtocol protocol)
{
  return protocol >= SE_PROTOCOL_TCP && protocol <= SE_PROTOCOL_UNIX_DGRAM;
}

static SeEndpoint *
endpoint_alloc (SeProtocol protocol)
{
  SeEndpoint *self = g_atomic_rc_box_new0 (SeEndpoint);

  self->protocol = protocol;

  return self;
}

G_GNUC_PRINTF (3, 4)
static gboolean
set_invalid (GError     **error,
             const char  *input,
             const char  *format,
             ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
               /* Translators: the first %s is what the user typed, the second
                * explains what is wrong with it */
               _("Invalid endpoint “%s”: %s"), input, reason);

  return FALSE;
}

/* Parses a decimal port of 0…65535; "text" is everything after the ':'. */
static gboolean
parse_port (const char  *input,
            const char  *text,
            guint16     *port,
            GError     **error)
{
  guint value = 0;

  if (*text == '\0')
    return set_invalid (error, input,
                        _("the port is missing; add “:PORT” after the host, for example tcp://127.0.0.1:7000 (port 0 lets the system choose)"));

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return set_invalid (error, input, _("the port “%s” is not a number"), text);
    }

  for (const char *p = text; *p != '\0'; p++)
    {
      value = value * 10 + (guint) (*p - '0');
      if (value > G_MAXUINT16)
        return set_invalid (error, input,
                            _("the port %s is out of range; ports go from 0 to 65535"), text);
    }

  *port = (guint16) value;

  return TRUE;
}

static gboolean
check_host (const char  *input,
            const char  *host,
            GError     **error)
{
  if (*host == '\0')
    return set_invalid (error, input,
                        _("the host is empty; write a name or an address before the port, for example tcp://127.0.0.1:7000"));

  for (const char *p = host; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p) || *p == '/')
        return set_invalid (error, input,
                            _("the host “%s” contains a space, a control character or a “/”"), host);
      if (*p == '[' || *p == ']')
        return set_invalid (error, input,
                            _("the brackets around the IPv6 address do not match; write it like tcp://[::1]:7000"));
    }

  return TRUE;
}

static SeEndpoint *
parse_inet (SeProtocol   protocol,
            const char  *input,
            const char  *rest,
            GError     **error)
{
  g_autofree char *host = NULL;
  const char *port_text;
  guint16 port = 0;

  if (*rest == '[')
    {
      const char *close = strchr (rest, ']');

      if (close == NULL)
        {
          set_invalid (error, input,
                       _("the “[” of the IPv6 address is never closed; write it like tcp://[::1]:7000"));
          return NULL;
        }

      host = g_strndup (rest + 1, close - rest - 1);

      if (close[1] == '\0')
        {
          set_invalid (error, input,
                       _("the port is missing; add “:PORT” after the host, for example tcp://[::1]:7000 (port 0 lets the system choose)"));
          return NULL;
        }
      if (close[1] != ':')
        {
          set_invalid (error, input,
                       _("expected “:” and a port after “]”, found “%s”"), close + 1);
          return NULL;
        }

      port_text = close + 2;
    }
  else
    {
      const char *colon = strrchr (rest, ':');

      if (strchr (rest, ']') != NULL)
        {
          set_invalid (error, input,
                       _("there is a “]” without a matching “[”; write IPv6 addresses like tcp://[::1]:7000"));
          return NULL;
        }

      if (colon == NULL)
        {
          set_invalid (error, input,
                       _("the port is missing; add “:PORT” after the host, for example tcp://127.0.0.1:7000 (port 0 lets the system choose)"));
          return NULL;
        }

      if (strchr (rest, ':') != colon)
        {
          set_invalid (error, input,
                       _("an IPv6 address must be put in brackets, like tcp://[::1]:7000"));
          return NULL;
        }

      host = g_strndup (rest, colon - rest);
      port_text = colon + 1;
    }

  if (!check_host (input, host, error))
    return NULL;

  if (!parse_port (input, port_text, &port, error))
    return NULL;

  return se_endpoint_new_inet (protocol, host, port);
}

static SeEndpoint *
parse_unix (SeProtocol   protocol,
            const char  *input,
            const char  *path,
            GError     **error)
{
  gsize len = strlen (path);

  if (len == 0)
    {
      set_invalid (error, input,
                   _("the socket path is empty; write it like unix:///tmp/socket"));
      return NULL;
    }

  if (len > SE_UNIX_PATH_MAX)
    {
      set_invalid (error, input,
                   _("the socket path is %u bytes long, but a Unix socket path can be at most %u bytes"),
                   (guint) MIN (len, G_MAXUINT), (guint) SE_UNIX_PATH_MAX);
      return NULL;
    }

  return se_endpoint_new_unix (protocol, path);
}

/**
 * se_endpoint_parse:
 * @text: "tcp://HOST:PORT", "tls://HOST:PORT", "udp://HOST:PORT", "unix:///path" or
 *   "unix-dgram:///path"; IPv6 hosts in brackets
 * @error: return location for a %SE_ERROR_INVALID_ENDPOINT error
 *
 * Surrounding whitespace is ignored and the scheme may be in any case.
 *
 * Returns: (transfer full) (nullable): the endpoint, or %NULL with @error set
 */
SeEndpoint *
se_endpoint_parse (const char  *text,
                   GError     **error)
{
  g_autofree char *input = NULL;
  g_autofree char *scheme = NULL;
  const char *sep;
  SeProtocol protocol;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  input = g_strstrip (g_strdup (text));

  if (*input == '\0')
    {
      g_set_error (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
                   _("The endpoint is empty; write it like tcp://127.0.0.1:7000 or unix:///tmp/socket"));
      return NULL;
    }

  sep = strstr (input, "://");
  if (sep == NULL)
    {
      g_autofree char *message = NULL;

      /* "127.0.0.1:7000", "localhost:7000", "/tmp/socket": say which
       * scheme is missing, with the input written the right way. */
      if (input[0] == '/')
        message = g_strdup_printf (_("the scheme is missing; write unix://%s (or unix-dgram://%s)"),
                                   input, input);
      else if (strchr (input, ':') != NULL && strstr (input, ":/") == NULL)
        message = g_strdup_printf (_("the scheme is missing; write tcp://%s or udp://%s"),
                                   input, input);
      else
        message = g_strdup (_("the “://” after the scheme is missing; write it like tcp://127.0.0.1:7000 or unix:///tmp/socket"));
      set_invalid (error, input, "%s", message);
      return NULL;
    }

  scheme = g_strndup (input, sep - input);

  /* tls:// is TCP with a TLS stream on top: the socket, its events and
   * its addresses are TCP's. */
  if (g_ascii_strcasecmp (scheme, "tls") == 0)
    {
      g_autoptr(SeEndpoint) tcp = parse_inet (SE_PROTOCOL_TCP, input, sep + 3, error);

      return tcp != NULL ? se_endpoint_with_tls (tcp, TRUE) : NULL;
    }

  if (!se_protocol_from_string (scheme, &protocol))
    {
      if (*scheme == '\0')
        set_invalid (error, input,
                     _("the scheme is missing; start with one of tcp, tls, udp, unix, unix-dgram"));
      else
        set_invalid (error, input,
                     _("unknown scheme “%s”; use one of tcp, tls, udp, unix, unix-dgram"), scheme);
      return NULL;
    }

  if (protocol_is_unix (protocol))
    return parse_unix (protocol, input, sep + 3, error);
  else
    return parse_inet (protocol, input, sep + 3, error);
}

/**
 * se_endpoint_new_inet:
 * @protocol: %SE_PROTOCOL_TCP or %SE_PROTOCOL_UDP
 * @host: a host name or a literal address (brackets around an IPv6
 *   address are removed)
 * @port: the port; 0 lets the system choose
 *
 * Returns: (transfer full): a new endpoint
 */
SeEndpoint *
se_endpoint_new_inet (SeProtocol  protocol,
                      const char *host,
                      guint16     port)
{
  SeEndpoint *self;
  gsize len;

  g_return_val_if_fail (protocol == SE_PROTOCOL_TCP || protocol == SE_PROTOCOL_UDP, NULL);
  g_return_val_if_fail (host != NULL, NULL);

  self = endpoint_alloc (protocol);
  len = strlen (host);
  if (len >= 2 && host[0] == '[' && host[len - 1] == ']')
    self->host = g_strndup (host + 1, len - 2);
  else
    self->host = g_strdup (host);
  self->port = port;

  return self;
}

/**
 * se_endpoint_new_unix:
 * @protocol: %SE_PROTOCOL_UNIX or %SE_PROTOCOL_UNIX_DGRAM
 * @path: the socket path
 *
 * Returns: (transfer full): a new endpoint
 */
SeEndpoint *
se_endpoint_new_unix (SeProtocol  protocol,
                      const char *path)
{
  SeEndpoint *self;

  g_return_val_if_fail (protocol_is_unix (protocol), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  self = endpoint_alloc (protocol);
  self->path = g_strdup (path);

  return self;
}

SeEndpoint *
se_endpoint_ref (SeEndpoint *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
se_endpoint_unref (SeEndpoint *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, se_endpoint_clear);
}

SeProtocol
se_endpoint_get_protocol (const SeEndpoint *self)
{
  g_return_val_if_fail (self != NULL, SE_PROTOCOL_TCP);

  return self->protocol;
}

/* Returns: (nullable): the host of a TCP/UDP endpoint, %NULL for Unix ones */
const char *
se_endpoint_get_host (const SeEndpoint *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->host;
}

/* Returns: the port of a TCP/UDP endpoint, 0 for Unix ones */
guint16
se_endpoint_get_port (const SeEndpoint *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->port;
}

/* Returns: (nullable): the path of a Unix endpoint, %NULL for TCP/UDP */
const char *
se_endpoint_get_path (const SeEndpoint *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->path;
}

gboolean
se_endpoint_is_stream (const SeEndpoint *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return se_protocol_is_stream (self->protocol);
}

gboolean
se_endpoint_is_unix (const SeEndpoint *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return protocol_is_unix (self->protocol);
}

/**
 * se_endpoint_to_address:
 *
 * Returns: (transfer full): what follows the scheme: "127.0.0.1:7000",
 *   "[::1]:7000" or "/tmp/socket", the form the log uses for addresses
 */
char *
se_endpoint_to_address (const SeEndpoint *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (protocol_is_unix (self->protocol))
    return g_strdup (self->path);

  if (strchr (self->host, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", self->host, (guint) self->port);

  return g_strdup_printf ("%s:%u", self->host, (guint) self->port);
}

/**
 * se_endpoint_to_string:
 *
 * Returns: (transfer full): the endpoint in the notation se_endpoint_parse()
 *   reads, e.g. "tcp://[::1]:7000" or "unix:///tmp/socket"
 */
char *
se_endpoint_to_string (const SeEndpoint *self)
{
  g_autofree char *address = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  address = se_endpoint_to_address (self);
  return g_strconcat (self->tls ? "tls" : se_protocol_to_string (self->protocol),
                      "://", address, NULL);
}

/**
 * se_endpoint_with_port:
 * @self: a TCP or UDP endpoint
 * @port: the new port
 *
 * Returns: (transfer full): a copy of @self with @port
 */
SeEndpoint *
se_endpoint_with_port (const SeEndpoint *self,
                       guint16           port)
{
  SeEndpoint *copy;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (!protocol_is_unix (self->protocol), NULL);

  copy = se_endpoint_new_inet (self->protocol, self->host, port);
  copy->tls = self->tls;
  return copy;
}

/**
 * se_endpoint_with_tls:
 * @self: a TCP endpoint
 * @tls: whether a TLS stream runs over the connection (tls://)
 *
 * Returns: (transfer full): a copy of @self with @tls
 */
SeEndpoint *
se_endpoint_with_tls (const SeEndpoint *self,
                      gboolean          tls)
{
  SeEndpoint *copy;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->protocol == SE_PROTOCOL_TCP, NULL);

  copy = se_endpoint_new_inet (self->protocol, self->host, self->port);
  copy->tls = !!tls;
  return copy;
}

/* TRUE for tls:// endpoints (whose protocol is SE_PROTOCOL_TCP) */
gboolean
se_endpoint_get_tls (const SeEndpoint *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->tls;
}

/* Hosts compare without regard to ASCII case: host names are not case
 * sensitive, and neither are the hex digits of IPv6 literals. */
gboolean
se_endpoint_equal (const SeEndpoint *a,
                   const SeEndpoint *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;
  if (a->protocol != b->protocol || a->tls != b->tls)
    return FALSE;

  if (protocol_is_unix (a->protocol))
    return g_strcmp0 (a->path, b->path) == 0;

  return a->port == b->port && g_ascii_strcasecmp (a->host, b->host) == 0;
}

const char *
se_protocol_to_string (SeProtocol protocol)
{
  g_return_val_if_fail (protocol_is_valid (protocol), NULL);

  return protocol_names[protocol].name;
}

/* Accepts the names of se_protocol_to_string() in any ASCII case. */
gboolean
se_protocol_from_string (const char *text,
                         SeProtocol *protocol)
{
  if (text == NULL)
    return FALSE;

  for (gsize i = 0; i < G_N_ELEMENTS (protocol_names); i++)
    {
      if (g_ascii_strcasecmp (text, protocol_names[i].name) == 0)
        {
          if (protocol != NULL)
            *protocol = protocol_names[i].protocol;
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
se_protocol_is_stream (SeProtocol protocol)
{
  return protocol == SE_PROTOCOL_TCP || protocol == SE_PROTOCOL_UNIX;
}

/* Abstract Unix names may hold any byte: show the printable ones and
 * escape the rest, so that the result is one readable line. */
static void
append_abstract_name (GString      *str,
                      const guint8 *name,
                      gsize         len)
{
  for (gsize i = 0; i < len; i++)
    {
      if (name[i] >= 0x20 && name[i] < 0x7f && name[i] != '\\')
        g_string_append_c (str, (char) name[i]);
      else if (name[i] == '\\')
        g_string_append (str, "\\\\");
      else
        g_string_append_printf (str, "\\x%02x", name[i]);
    }
}

/**
 * se_format_sockaddr:
 * @sockaddr: a struct sockaddr_in, sockaddr_in6 or sockaddr_un
 * @len: its length, as returned by getsockname()/accept()/recvfrom()
 *
 * The fixed notations "(unnamed)" and "@name" are not translated: they
 * are addresses, shown and exported the same in every language.
 *
 * Returns: (transfer full): "127.0.0.1:7000", "[::1]:7000",
 *   "[fe80::1%eth0]:7000", "/tmp/x.sock", "@name" or "(unnamed)"
 */
char *
se_format_sockaddr (gconstpointer sockaddr,
                    gsize         len)
{
  struct sockaddr_storage storage;
  sa_family_t family;

  if (sockaddr == NULL || len < sizeof (sa_family_t))
    return g_strdup ("(unnamed)");

  /* Copy: the caller's buffer need not be aligned for the struct. */
  memset (&storage, 0, sizeof storage);
  memcpy (&storage, sockaddr, MIN (len, sizeof storage));
  family = storage.ss_family;

  switch (family)
    {
    case AF_INET:
      {
        const struct sockaddr_in *sin = (const struct sockaddr_in *) &storage;
        char host[INET_ADDRSTRLEN];

        if (len < sizeof *sin)
          break;
        if (inet_ntop (AF_INET, &sin->sin_addr, host, sizeof host) == NULL)
          break;
        return g_strdup_printf ("%s:%u", host, (guint) ntohs (sin->sin_port));
      }

    case AF_INET6:
      {
        const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *) &storage;
        char host[INET6_ADDRSTRLEN];

        if (len < sizeof *sin6)
          break;
        if (inet_ntop (AF_INET6, &sin6->sin6_addr, host, sizeof host) == NULL)
          break;

        if (sin6->sin6_scope_id != 0)
          {
            char ifname[IF_NAMESIZE];

            if (if_indextoname (sin6->sin6_scope_id, ifname) != NULL)
              return g_strdup_printf ("[%s%%%s]:%u", host, ifname, (guint) ntohs (sin6->sin6_port));
            return g_strdup_printf ("[%s%%%u]:%u", host, (guint) sin6->sin6_scope_id,
                                    (guint) ntohs (sin6->sin6_port));
          }

        return g_strdup_printf ("[%s]:%u", host, (guint) ntohs (sin6->sin6_port));
      }

    case AF_UNIX:
      {
        const struct sockaddr_un *addr_un = (const struct sockaddr_un *) &storage;
        gsize offset = offsetof (struct sockaddr_un, sun_path);
        gsize path_len;

        if (len <= offset)
          return g_strdup ("(unnamed)");

        path_len = MIN (len, sizeof (struct sockaddr_un)) - offset;

        if (addr_un->sun_path[0] == '\0')
          {
            GString *str;

            /* Linux abstract namespace: the name is all the bytes after
             * the leading NUL, NULs included. */
            if (path_len <= 1)
              return g_strdup ("(unnamed)");
            str = g_string_new ("@");
            append_abstract_name (str, (const guint8 *) addr_un->sun_path + 1, path_len - 1);
            return g_string_free (str, FALSE);
          }

        return g_strndup (addr_un->sun_path, path_len);
      }

    default:
      break;
    }

  return g_strdup_printf ("(address family %u)", (guint) family);
}
