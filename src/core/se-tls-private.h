/* se-tls-private.h: the TLS transport of tls:// connections
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "se-transport-private.h"

G_BEGIN_DECLS

/* What a connection needs to speak TLS: the server's certificate, or the
 * client's name for the server and how it checks the server's chain. */
typedef struct
{
  gboolean          server;
  GTlsCertificate  *certificate;  /* server: its certificate and key */
  const char       *host;         /* client: the name the certificate must have */
  guint16           port;
  gboolean          insecure;     /* client: accept any certificate (still reported) */
  const char       *pin;          /* client: accept exactly this SHA-256 fingerprint */
  const char       *ca_file;      /* client: trust these authorities (PEM) instead of the system's */
} SeTlsParams;

/* Takes over fd (a connected TCP socket) and starts the handshake; the
 * hooks are set by the connection before the main loop runs again. NULL
 * with @error (fd still the caller's) if GIO has no TLS backend or the
 * certificate is unusable. */
SeTransport *_se_tls_transport_new (int                 fd,
                                    const SeTlsParams  *params,
                                    GError            **error);
/* TRUE for a TLS transport. */
gboolean     _se_transport_is_tls  (SeTransport        *transport);
/* The handshake's result in a few lines (version, cipher, the peer's
 * chain, what the check found), NULL before it is done. */
const char  *_se_tls_transport_get_summary (SeTransport *transport);

G_END_DECLS
