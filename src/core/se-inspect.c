/* se-inspect.c: an address or a port as the socket calls see it: bytes, byte order, sockaddr
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tutorials pass ('127.0.0.1', 8080) to bind() and never see what the
 * kernel gets: four bytes from inet_pton(), a port turned around by
 * htons() on a little-endian machine, both packed into a struct sockaddr
 * with the family in front. This file shows exactly that, from the real
 * structures of this machine (their sizes and offsets, the bytes the C
 * library writes), for the Address Inspector of the window and
 * `socket-explorer-cli inspect`.
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>

#include <glib/gi18n-lib.h>

#include "se-error.h"
#include "se-inspect.h"

#define FIELD(type, member) { #member, offsetof (type, member), sizeof (((type *) NULL)->member) }

static const SeInspectField fields_in[] = {
  FIELD (struct sockaddr_in, sin_family),
  FIELD (struct sockaddr_in, sin_port),
  FIELD (struct sockaddr_in, sin_addr),
  FIELD (struct sockaddr_in, sin_zero),
};

static const SeInspectField fields_in6[] = {
  FIELD (struct sockaddr_in6, sin6_family),
  FIELD (struct sockaddr_in6, sin6_port),
  FIELD (struct sockaddr_in6, sin6_flowinfo),
  FIELD (struct sockaddr_in6, sin6_addr),
  FIELD (struct sockaddr_in6, sin6_scope_id),
};

G_STATIC_ASSERT (sizeof (struct sockaddr_in6) <= 28);

static gboolean
parse_port (const char  *text,
            guint16     *port,
            GError     **error)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT16, &value, NULL))
    {
      g_set_error (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
                   /* Translators: %s is what the user typed as a port */
                   _("“%s” is not a port: a port is a number from 0 to 65535"), text);
      return FALSE;
    }

  *port = value;
  return TRUE;
}

static void
build_sockaddr (SeInspection *self)
{
  if (self->kind == SE_INSPECT_IPV4)
    {
      struct sockaddr_in sin;

      memset (&sin, 0, sizeof sin);
      sin.sin_family = AF_INET;
      sin.sin_port = htons (self->port);
      memcpy (&sin.sin_addr, self->bytes, 4);
      memcpy (self->sockaddr, &sin, sizeof sin);
      self->sockaddr_len = sizeof sin;
      self->fields = fields_in;
      self->n_fields = G_N_ELEMENTS (fields_in);
    }
  else
    {
      struct sockaddr_in6 sin6;

      memset (&sin6, 0, sizeof sin6);
      sin6.sin6_family = AF_INET6;
      sin6.sin6_port = htons (self->port);
      memcpy (&sin6.sin6_addr, self->bytes, 16);
      memcpy (self->sockaddr, &sin6, sizeof sin6);
      self->sockaddr_len = sizeof sin6;
      self->fields = fields_in6;
      self->n_fields = G_N_ELEMENTS (fields_in6);
    }
}

gboolean
se_inspection_parse (SeInspection  *self,
                     const char    *text,
                     GError       **error)
{
  g_autofree char *host = NULL;
  g_autofree char *stripped = NULL;
  const char *port_text = NULL;
  char buffer[INET6_ADDRSTRLEN];
  const char *colon;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  memset (self, 0, sizeof *self);
  stripped = g_strstrip (g_strdup (text));

  if (*stripped == '\0')
    {
      g_set_error_literal (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
                           _("Type an IPv4 or IPv6 address, a port, or an address and a port"));
      return FALSE;
    }

  /* A port alone */
  if (g_ascii_isdigit (*stripped) && strspn (stripped, "0123456789") == strlen (stripped))
    {
      self->kind = SE_INSPECT_PORT;
      self->has_port = TRUE;
      return parse_port (stripped, &self->port, error);
    }

  if (*stripped == '[')
    {
      const char *end = strchr (stripped, ']');

      if (end == NULL || (end[1] != '\0' && end[1] != ':'))
        {
          g_set_error (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
                       _("“%s”: an IPv6 address in brackets is written [ADDRESS] or [ADDRESS]:PORT"),
                       stripped);
          return FALSE;
        }
      host = g_strndup (stripped + 1, end - stripped - 1);
      port_text = end[1] == ':' ? end + 2 : NULL;
      self->kind = SE_INSPECT_IPV6;
    }
  else if ((colon = strchr (stripped, ':')) != NULL && strchr (colon + 1, ':') == NULL)
    {
      host = g_strndup (stripped, colon - stripped);
      port_text = colon + 1;
      self->kind = SE_INSPECT_IPV4;
    }
  else
    {
      host = g_strdup (stripped);
      self->kind = colon != NULL ? SE_INSPECT_IPV6 : SE_INSPECT_IPV4;
    }

  if (port_text != NULL)
    {
      if (!parse_port (port_text, &self->port, error))
        return FALSE;
      self->has_port = TRUE;
    }

  if (inet_pton (self->kind == SE_INSPECT_IPV4 ? AF_INET : AF_INET6, host, self->bytes) != 1)
    {
      if (self->kind == SE_INSPECT_IPV4)
        g_set_error (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
                     /* Translators: %s is what the user typed */
                     _("“%s” is not an IPv4 address: inet_pton() wants four numbers from 0 to 255 with dots, such as 192.0.2.1 (a name must be resolved first)"),
                     host);
      else
        g_set_error (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
                     _("“%s” is not an IPv6 address: inet_pton() wants up to eight groups of hexadecimal digits with colons, such as 2001:db8::1"),
                     host);
      return FALSE;
    }

  self->n_bytes = self->kind == SE_INSPECT_IPV4 ? 4 : 16;
  inet_ntop (self->kind == SE_INSPECT_IPV4 ? AF_INET : AF_INET6, self->bytes, buffer, sizeof buffer);
  self->address = g_strdup (buffer);
  build_sockaddr (self);
  return TRUE;
}

void
se_inspection_clear (SeInspection *self)
{
  g_clear_pointer (&self->address, g_free);
}

char *
se_inspect_hex (const guint8 *bytes,
                gsize         n)
{
  GString *text = g_string_sized_new (n * 3);

  for (gsize i = 0; i < n; i++)
    g_string_append_printf (text, i == 0 ? "%02x" : " %02x", bytes[i]);

  return g_string_free (text, FALSE);
}

/* b'\x7f\x00\x00\x01', as Python's repr() prints bytes */
static char *
python_bytes (const guint8 *bytes,
              gsize         n)
{
  gboolean single = memchr (bytes, '\'', n) != NULL;
  gboolean dbl = memchr (bytes, '"', n) != NULL;
  /* Python quotes with " when that saves escaping a ' */
  char quote = single && !dbl ? '"' : '\'';
  GString *text = g_string_new ("b");

  g_string_append_c (text, quote);
  for (gsize i = 0; i < n; i++)
    {
      if (bytes[i] == '\\' || bytes[i] == quote)
        g_string_append_printf (text, "\\%c", bytes[i]);
      else if (bytes[i] == '\t')
        g_string_append (text, "\\t");
      else if (bytes[i] == '\n')
        g_string_append (text, "\\n");
      else if (bytes[i] == '\r')
        g_string_append (text, "\\r");
      else if (bytes[i] >= 0x20 && bytes[i] < 0x7f)
        g_string_append_c (text, bytes[i]);
      else
        g_string_append_printf (text, "\\x%02x", bytes[i]);
    }
  g_string_append_c (text, quote);

  return g_string_free (text, FALSE);
}

static const char *
field_meaning (const SeInspection *self,
               const char         *name)
{
  if (g_str_has_suffix (name, "_family"))
    return self->kind == SE_INSPECT_IPV4 ? _("AF_INET, in host byte order")
                                         : _("AF_INET6, in host byte order");
  if (g_str_has_suffix (name, "_port"))
    return _("htons(port): network byte order");
  if (g_str_has_suffix (name, "_addr"))
    return _("what inet_pton() wrote");
  if (g_str_equal (name, "sin_zero"))
    return _("padding, zero");
  if (g_str_equal (name, "sin6_flowinfo"))
    return _("IPv6 flow label, usually 0");
  if (g_str_equal (name, "sin6_scope_id"))
    return _("interface of a link-local address, else 0");
  return "";
}

static void
format_port (const SeInspection *self,
             GString            *text)
{
  guint8 network[2] = { self->port >> 8, self->port & 0xff };
  guint16 host_order = self->port;
  guint16 misread = GUINT16_SWAP_LE_BE (self->port);
  g_autofree char *network_hex = se_inspect_hex (network, 2);
  g_autofree char *host_hex = se_inspect_hex ((const guint8 *) &host_order, 2);

  /* Translators: %u is a port number, %04x the same in hexadecimal */
  g_string_append_printf (text, _("Port %u (0x%04x)"), self->port, self->port);
  g_string_append_c (text, '\n');
  /* Translators: %u is a port, %s its two bytes in hexadecimal */
  g_string_append_printf (text, _("  htons(%u) in memory: %s (network byte order: most significant byte first)"),
                          self->port, network_hex);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, G_BYTE_ORDER == G_LITTLE_ENDIAN
                                ? _("  this machine is little-endian: in host byte order it is %s")
                                : _("  this machine is big-endian: host and network byte order are the same, %s"),
                          host_hex);
  g_string_append_c (text, '\n');
  if (misread != self->port)
    {
      g_string_append_printf (text, _("  read without ntohs(), the network bytes would mean port %u"), misread);
      g_string_append_c (text, '\n');
    }
}

static void
format_address (const SeInspection *self,
                GString            *text)
{
  g_autofree char *hex = se_inspect_hex (self->bytes, self->n_bytes);

  if (self->kind == SE_INSPECT_IPV4)
    {
      guint32 number = ((guint32) self->bytes[0] << 24) | ((guint32) self->bytes[1] << 16)
                       | ((guint32) self->bytes[2] << 8) | self->bytes[3];
      guint32 host_order = number;
      g_autofree char *host_hex = se_inspect_hex ((const guint8 *) &host_order, 4);

      /* Translators: %s is an address such as 192.0.2.1 */
      g_string_append_printf (text, _("IPv4 address %s"), self->address);
      g_string_append_c (text, '\n');
      /* Translators: the first %s is an address, the second its bytes in hexadecimal */
      g_string_append_printf (text, _("  inet_pton(AF_INET, \"%s\") writes 4 bytes in network byte order: %s"),
                              self->address, hex);
      g_string_append_c (text, '\n');
      g_string_append_printf (text, _("  as one 32-bit number: %u (0x%08x); htonl() of it gives those bytes"),
                              number, number);
      g_string_append_c (text, '\n');
      if (G_BYTE_ORDER == G_LITTLE_ENDIAN)
        {
          g_string_append_printf (text, _("  this machine is little-endian: in host byte order the number is stored as %s"),
                                  host_hex);
          g_string_append_c (text, '\n');
          g_string_append_printf (text, _("  read without ntohl(), the network bytes would mean %u (0x%08x)"),
                                  GUINT32_SWAP_LE_BE (number), GUINT32_SWAP_LE_BE (number));
          g_string_append_c (text, '\n');
        }
    }
  else
    {
      g_string_append_printf (text, _("IPv6 address %s"), self->address);
      g_string_append_c (text, '\n');
      g_string_append_printf (text, _("  inet_pton(AF_INET6, \"%s\") writes 16 bytes in network byte order: %s"),
                              self->address, hex);
      g_string_append_c (text, '\n');
    }
}

static void
format_sockaddr (const SeInspection *self,
                 GString            *text)
{
  g_autofree char *all = se_inspect_hex (self->sockaddr, self->sockaddr_len);
  g_autofree char *title = NULL;
  int width = 0;

  if (self->kind == SE_INSPECT_IPV4)
    /* Translators: %zu is a size in bytes */
    title = g_strdup_printf (_("struct sockaddr_in, %zu bytes on this machine:"), self->sockaddr_len);
  else
    title = g_strdup_printf (_("struct sockaddr_in6, %zu bytes on this machine:"), self->sockaddr_len);
  g_string_append_printf (text, "\n%s\n", title);
  /* The bytes column as wide as its widest field: 3 characters a byte */
  for (guint i = 0; i < self->n_fields; i++)
    width = MAX (width, (int) (3 * self->fields[i].size));

  /* Translators: the heading of a table; keep the columns aligned with the rows below */
  g_string_append_printf (text, "  %-6s %-4s  %-14s %-*s %s\n",
                          _("offset"), _("size"), _("field"), width, _("bytes"), _("meaning"));
  for (guint i = 0; i < self->n_fields; i++)
    {
      const SeInspectField *field = &self->fields[i];
      g_autofree char *bytes = se_inspect_hex (self->sockaddr + field->offset, field->size);

      g_string_append_printf (text, "  %6zu %4zu  %-14s %-*s %s\n",
                              field->offset, field->size, field->name, width, bytes,
                              field_meaning (self, field->name));
    }
  g_string_append_printf (text, "  %s\n", all);
}

static void
format_python (const SeInspection *self,
               GString            *text)
{
  g_string_append_printf (text, "\n%s\n", _("In Python:"));

  if (self->kind != SE_INSPECT_PORT)
    {
      g_autofree char *bytes = python_bytes (self->bytes, self->n_bytes);
      const char *family = self->kind == SE_INSPECT_IPV4 ? "AF_INET" : "AF_INET6";

      g_string_append_printf (text, "  socket.inet_pton(socket.%s, '%s')   # %s\n", family, self->address, bytes);
      if (self->kind == SE_INSPECT_IPV4)
        g_string_append_printf (text, "  struct.unpack('!I', socket.inet_aton('%s'))[0]   # %u\n",
                                self->address,
                                ((guint32) self->bytes[0] << 24) | ((guint32) self->bytes[1] << 16)
                                | ((guint32) self->bytes[2] << 8) | self->bytes[3]);
    }
  if (self->has_port)
    g_string_append_printf (text, "  socket.htons(%u)   # %u\n", self->port, (guint) htons (self->port));
  if (self->kind == SE_INSPECT_IPV4 && self->has_port)
    g_string_append_printf (text, "  s.bind(('%s', %u))\n", self->address, self->port);
  else if (self->kind == SE_INSPECT_IPV6 && self->has_port)
    g_string_append_printf (text, "  s.bind(('%s', %u, 0, 0))   # socket.AF_INET6: (host, port, flowinfo, scope_id)\n",
                            self->address, self->port);
}

char *
se_inspection_format (const SeInspection *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);

  if (self->kind != SE_INSPECT_PORT)
    format_address (self, text);
  if (self->has_port)
    {
      if (self->kind != SE_INSPECT_PORT)
        g_string_append_c (text, '\n');
      format_port (self, text);
    }
  if (self->kind != SE_INSPECT_PORT)
    format_sockaddr (self, text);
  format_python (self, text);

  return g_string_free (text, FALSE);
}
