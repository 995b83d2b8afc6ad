/* se-tls-cert.c: certificates for tls:// endpoints, and their description in plain words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GIO reads and checks certificates; making one (a listener's self-signed
 * certificate for localhost) needs GnuTLS's X.509 API, which GIO's own
 * TLS backend, glib-networking, is built on.
 */
#include "config.h"

#include <string.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include <glib/gi18n-lib.h>

#include "se-error.h"
#include "se-explain.h"
#include "se-tls.h"

#define SELF_SIGNED_DAYS 30

gboolean
se_tls_check_backend (GError **error)
{
  if (g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    return TRUE;

  g_set_error_literal (error, SE_ERROR, SE_ERROR_FAILED,
                       _("TLS is not available: GIO has no TLS backend. Install glib-networking (the package of that name on Debian and Fedora)."));
  return FALSE;
}

char *
se_tls_certificate_fingerprint (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;
  g_autofree char *hex = NULL;
  GString *out;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    return g_strdup ("");

  hex = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
  out = g_string_sized_new (96);
  for (gsize i = 0; hex[i] != '\0' && hex[i + 1] != '\0'; i += 2)
    {
      if (i > 0)
        g_string_append_c (out, ':');
      g_string_append_c (out, g_ascii_toupper (hex[i]));
      g_string_append_c (out, g_ascii_toupper (hex[i + 1]));
    }
  return g_string_free (out, FALSE);
}

/* Only the hex digits, lowercase. */
static char *
fingerprint_digits (const char *text)
{
  GString *out = g_string_new (NULL);

  if (g_ascii_strncasecmp (text, "sha256", 6) == 0 && (text[6] == ':' || text[6] == '='))
    text += 7;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isxdigit (*p))
        g_string_append_c (out, g_ascii_tolower (*p));
      else if (*p != ':' && *p != ' ')
        {
          g_string_free (out, TRUE);
          return NULL;
        }
    }
  return g_string_free (out, FALSE);
}

gboolean
se_tls_fingerprint_matches (const char *fingerprint,
                            const char *typed)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (fingerprint == NULL || typed == NULL)
    return FALSE;

  a = fingerprint_digits (fingerprint);
  b = fingerprint_digits (typed);
  return a != NULL && b != NULL && strlen (a) == 64 && strcmp (a, b) == 0;
}

GTlsCertificate *
se_tls_load_certificate (const char  *cert_file,
                         const char  *key_file,
                         GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GTlsCertificate *certificate;

  g_return_val_if_fail (cert_file != NULL, NULL);

  if (!se_tls_check_backend (error))
    return NULL;

  if (key_file != NULL)
    certificate = g_tls_certificate_new_from_files (cert_file, key_file, &local_error);
  else
    certificate = g_tls_certificate_new_from_file (cert_file, &local_error);

  if (certificate == NULL)
    {
      g_set_error (error, SE_ERROR, SE_ERROR_FAILED,
                   /* Translators: the first %s is a file name (or two), the second GIO's reason */
                   _("Cannot use the certificate %s: %s"),
                   cert_file, local_error->message);
      return NULL;
    }

  {
    g_autoptr(GTlsCertificate) owned = certificate;
    gboolean has_key = FALSE;
    g_autofree char *key_pem = NULL;

    g_object_get (certificate, "private-key-pem", &key_pem, NULL);
    has_key = key_pem != NULL;
    if (!has_key)
      {
        g_set_error (error, SE_ERROR, SE_ERROR_FAILED,
                     _("Cannot use the certificate %s: it has no private key; give the key file too (--key)"),
                     cert_file);
        return NULL;
      }
    return g_steal_pointer (&owned);
  }
}

#define GNUTLS_CHECK(call) \
  G_STMT_START { \
    int gnutls_ret_ = (call); \
    if (gnutls_ret_ < 0) \
      { \
        g_set_error (error, SE_ERROR, SE_ERROR_FAILED, \
                     _("Cannot make a self-signed certificate: %s"), \
                     gnutls_strerror (gnutls_ret_)); \
        goto out; \
      } \
  } G_STMT_END

GTlsCertificate *
se_tls_make_self_signed (GError **error)
{
  static const guint8 loopback4[4] = { 127, 0, 0, 1 };
  static const guint8 loopback6[16] = { [15] = 1 };
  gnutls_x509_privkey_t key = NULL;
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t crt_pem = { NULL, 0 };
  gnutls_datum_t key_pem = { NULL, 0 };
  GTlsCertificate *certificate = NULL;
  guint8 serial[16];
  time_t now = time (NULL);

  if (!se_tls_check_backend (error))
    return NULL;

  for (gsize i = 0; i < sizeof serial; i++)
    serial[i] = (guint8) g_random_int_range (0, 256);
  serial[0] &= 0x7f;  /* a positive number */

  GNUTLS_CHECK (gnutls_x509_privkey_init (&key));
  GNUTLS_CHECK (gnutls_x509_privkey_generate (key, GNUTLS_PK_ECDSA,
                                              GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1), 0));
  GNUTLS_CHECK (gnutls_x509_crt_init (&crt));
  GNUTLS_CHECK (gnutls_x509_crt_set_version (crt, 3));
  GNUTLS_CHECK (gnutls_x509_crt_set_serial (crt, serial, sizeof serial));
  /* An hour back, for peers whose clock is a little behind. */
  GNUTLS_CHECK (gnutls_x509_crt_set_activation_time (crt, now - 3600));
  GNUTLS_CHECK (gnutls_x509_crt_set_expiration_time (crt, now + SELF_SIGNED_DAYS * 24 * 3600));
  GNUTLS_CHECK (gnutls_x509_crt_set_dn (crt, "CN=localhost,O=Socket Explorer (self-signed)", NULL));
  GNUTLS_CHECK (gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_DNSNAME, "localhost",
                                                      strlen ("localhost"), GNUTLS_FSAN_APPEND));
  GNUTLS_CHECK (gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_IPADDRESS, loopback4,
                                                      sizeof loopback4, GNUTLS_FSAN_APPEND));
  GNUTLS_CHECK (gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_IPADDRESS, loopback6,
                                                      sizeof loopback6, GNUTLS_FSAN_APPEND));
  GNUTLS_CHECK (gnutls_x509_crt_set_basic_constraints (crt, 0, -1));
  GNUTLS_CHECK (gnutls_x509_crt_set_key_usage (crt, GNUTLS_KEY_DIGITAL_SIGNATURE));
  GNUTLS_CHECK (gnutls_x509_crt_set_key_purpose_oid (crt, GNUTLS_KP_TLS_WWW_SERVER, 0));
  GNUTLS_CHECK (gnutls_x509_crt_set_key (crt, key));
  GNUTLS_CHECK (gnutls_x509_crt_sign2 (crt, crt, key, GNUTLS_DIG_SHA256, 0));
  GNUTLS_CHECK (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_PEM, &crt_pem));
  GNUTLS_CHECK (gnutls_x509_privkey_export2 (key, GNUTLS_X509_FMT_PEM, &key_pem));

  {
    g_autofree char *pem = g_strdup_printf ("%.*s%.*s",
                                            (int) crt_pem.size, (const char *) crt_pem.data,
                                            (int) key_pem.size, (const char *) key_pem.data);

    certificate = g_tls_certificate_new_from_pem (pem, -1, error);
  }

out:
  gnutls_free (crt_pem.data);
  gnutls_free (key_pem.data);
  if (crt != NULL)
    gnutls_x509_crt_deinit (crt);
  if (key != NULL)
    gnutls_x509_privkey_deinit (key);
  return certificate;
}

const char *
se_tls_protocol_version_name (GTlsProtocolVersion version)
{
  switch (version)
    {
    case G_TLS_PROTOCOL_VERSION_SSL_3_0:
      return "SSL 3.0";
    case G_TLS_PROTOCOL_VERSION_TLS_1_0:
      return "TLS 1.0";
    case G_TLS_PROTOCOL_VERSION_TLS_1_1:
      return "TLS 1.1";
    case G_TLS_PROTOCOL_VERSION_TLS_1_2:
      return "TLS 1.2";
    case G_TLS_PROTOCOL_VERSION_TLS_1_3:
      return "TLS 1.3";
    case G_TLS_PROTOCOL_VERSION_DTLS_1_0:
      return "DTLS 1.0";
    case G_TLS_PROTOCOL_VERSION_DTLS_1_2:
      return "DTLS 1.2";
    case G_TLS_PROTOCOL_VERSION_UNKNOWN:
    default:
      return "";
    }
}

static char *
format_date (GDateTime *time)
{
  if (time == NULL)
    return g_strdup ("?");
  return g_date_time_format (time, "%Y-%m-%d %H:%M:%S UTC");
}

char *
se_tls_describe_chain (GTlsCertificate *certificate,
                       const char      *separator)
{
  GString *out = g_string_new (NULL);
  guint n = 0;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  /* A chain is short; the bound guards against a loop. */
  for (GTlsCertificate *c = certificate; c != NULL && n < 16; c = g_tls_certificate_get_issuer (c))
    {
      g_autofree char *subject = g_tls_certificate_get_subject_name (c);
      g_autofree char *issuer = g_tls_certificate_get_issuer_name (c);
      g_autoptr(GDateTime) before = g_tls_certificate_get_not_valid_before (c);
      g_autoptr(GDateTime) after = g_tls_certificate_get_not_valid_after (c);
      g_autofree char *from = format_date (before);
      g_autofree char *until = format_date (after);
      g_autofree char *fingerprint = se_tls_certificate_fingerprint (c);

      if (n > 0)
        g_string_append (out, separator);
      n++;
      g_string_append_printf (out,
                              /* Translators: one certificate of a chain: its number,
                               * subject, issuer, validity dates and SHA-256 fingerprint */
                              _("certificate %u: subject “%s”, issuer “%s”, valid from %s to %s, SHA-256 %s"),
                              n, subject != NULL ? subject : "", issuer != NULL ? issuer : "",
                              from, until, fingerprint);
    }

  return g_string_free (out, FALSE);
}

char *
se_tls_describe_chain_lines (GTlsCertificate *certificate)
{
  GString *out = g_string_new (NULL);
  guint n = 0;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  for (GTlsCertificate *c = certificate; c != NULL && n < 16; c = g_tls_certificate_get_issuer (c))
    {
      g_autofree char *subject = g_tls_certificate_get_subject_name (c);
      g_autofree char *issuer = g_tls_certificate_get_issuer_name (c);
      g_autoptr(GDateTime) before = g_tls_certificate_get_not_valid_before (c);
      g_autoptr(GDateTime) after = g_tls_certificate_get_not_valid_after (c);
      g_autofree char *from = format_date (before);
      g_autofree char *until = format_date (after);
      g_autofree char *fingerprint = se_tls_certificate_fingerprint (c);

      if (n > 0)
        g_string_append_c (out, '\n');
      n++;
      /* Translators: the heading of one certificate of a chain (1 is the server's own) */
      g_string_append_printf (out, _("Certificate %u"), n);
      g_string_append (out, "\n  ");
      g_string_append_printf (out, _("subject: %s"), subject != NULL ? subject : "");
      g_string_append (out, "\n  ");
      g_string_append_printf (out, _("issuer: %s"), issuer != NULL ? issuer : "");
      g_string_append (out, "\n  ");
      g_string_append_printf (out, _("valid from %s to %s"), from, until);
      g_string_append (out, "\n  ");
      g_string_append_printf (out, _("SHA-256: %s"), fingerprint);
    }

  return g_string_free (out, FALSE);
}

char *
se_tls_describe_errors (GTlsCertificateFlags  flags,
                        const char           *separator)
{
  static const struct {
    GTlsCertificateFlags  flag;
    const char           *name;
  } names[] = {
    { G_TLS_CERTIFICATE_UNKNOWN_CA, "TLS_UNKNOWN_CA" },
    { G_TLS_CERTIFICATE_BAD_IDENTITY, "TLS_BAD_IDENTITY" },
    { G_TLS_CERTIFICATE_NOT_ACTIVATED, "TLS_NOT_ACTIVATED" },
    { G_TLS_CERTIFICATE_EXPIRED, "TLS_EXPIRED" },
    { G_TLS_CERTIFICATE_REVOKED, "TLS_REVOKED" },
    { G_TLS_CERTIFICATE_INSECURE, "TLS_INSECURE" },
    { G_TLS_CERTIFICATE_GENERIC_ERROR, "TLS_GENERIC_ERROR" },
  };
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const SeExplanation *explanation;

      if (!(flags & names[i].flag))
        continue;
      explanation = se_explain_lookup (names[i].name);
      if (out->len > 0)
        g_string_append (out, separator);
      g_string_append_printf (out, "%s (%s)",
                              explanation != NULL ? se_explanation_get_summary (explanation) : "",
                              names[i].name);
    }

  return g_string_free (out, FALSE);
}
