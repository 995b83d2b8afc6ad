/* se-tls.h: certificates for tls:// endpoints, and their description in plain words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* TRUE if GIO has a TLS backend (glib-networking); otherwise @error says
 * what to install. */
gboolean         se_tls_check_backend          (GError             **error);

/* The SHA-256 fingerprint of the certificate's DER bytes as 32 uppercase
 * hex pairs joined by ':', the form `openssl x509 -fingerprint -sha256`
 * prints. */
char            *se_tls_certificate_fingerprint (GTlsCertificate    *certificate);
/* Compares a fingerprint as a user typed it: any case, with or without
 * colons, an optional "sha256:" or "SHA256=" in front. */
gboolean         se_tls_fingerprint_matches    (const char          *fingerprint,
                                                const char          *typed);

/* A certificate and its private key from PEM files (the key may be in
 * the certificate's file: @key_file NULL). */
GTlsCertificate *se_tls_load_certificate       (const char          *cert_file,
                                                const char          *key_file,
                                                GError             **error);
/* A self-signed certificate made on the spot, valid for 30 days for
 * localhost, 127.0.0.1 and ::1 (an ECDSA P-256 key). */
GTlsCertificate *se_tls_make_self_signed       (GError             **error);

/* "TLS 1.3", "TLS 1.2", …; "" if unknown. */
const char      *se_tls_protocol_version_name  (GTlsProtocolVersion  version);
/* One line per certificate of the chain that starts at @certificate:
 * subject, issuer, validity and SHA-256 fingerprint (translated). */
char            *se_tls_describe_chain         (GTlsCertificate    *certificate,
                                                const char          *separator);
/* The same, several lines per certificate: a heading, then subject,
 * issuer, validity and fingerprint indented on lines of their own. */
char            *se_tls_describe_chain_lines   (GTlsCertificate    *certificate);
/* Each problem in @flags in plain translated words, with its name for
 * `socket-explorer-cli explain` in brackets: "The certificate has expired
 * (TLS_EXPIRED)"; joined by @separator. "" for none. */
char            *se_tls_describe_errors        (GTlsCertificateFlags  flags,
                                                const char          *separator);

G_END_DECLS
