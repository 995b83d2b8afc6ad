/* se-inspect.h: an address or a port as the socket calls see it: bytes, byte order, sockaddr
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SE_INSPECT_PORT,  /* "8080" */
  SE_INSPECT_IPV4,  /* "192.168.1.10", "127.0.0.1:8080" */
  SE_INSPECT_IPV6,  /* "::1", "[::1]:8080" */
} SeInspectKind;

/* One field of a struct sockaddr_in / sockaddr_in6, as laid out on this
 * machine (offsetof, sizeof) */
typedef struct
{
  const char *name;     /* "sin_family" */
  gsize       offset;
  gsize       size;
} SeInspectField;

typedef struct
{
  SeInspectKind  kind;
  char          *address;       /* as inet_ntop writes it back; NULL for a port */
  guint8         bytes[16];     /* inet_pton's result (network byte order) */
  gsize          n_bytes;       /* 4 or 16; 0 for a port */
  gboolean       has_port;
  guint16        port;          /* host byte order */
  guint8         sockaddr[28];  /* the struct sockaddr_in(6) itself; empty for a port */
  gsize          sockaddr_len;  /* sizeof (struct sockaddr_in) or (struct sockaddr_in6) */
  const SeInspectField *fields; /* of sockaddr, n_fields of them */
  guint          n_fields;
} SeInspection;

/* Reads "8080", "192.0.2.1", "192.0.2.1:80", "2001:db8::1" or
 * "[2001:db8::1]:80". FALSE with an SE_ERROR_INVALID_ENDPOINT error that
 * says what is wrong. */
gboolean  se_inspection_parse   (SeInspection        *self,
                                 const char          *text,
                                 GError             **error);
void      se_inspection_clear   (SeInspection        *self);
/* What the socket calls make of it, in translated words: the bytes
 * inet_pton() writes, the number and its two byte orders (htonl/htons),
 * the sockaddr field by field, and the Python lines that do the same. */
char     *se_inspection_format  (const SeInspection  *self);
/* "c0 a8 01 0a" */
char     *se_inspect_hex        (const guint8        *bytes,
                                 gsize                n);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SeInspection, se_inspection_clear)

G_END_DECLS
