/* se-listener-tls.c: a tls:// listener's certificate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A tls:// listener has its certificate before its socket exists (from
 * PEM files read at each start, one set by the caller, or one made on the
 * spot for the loopback names); each accepted connection then speaks TLS
 * with it (se-listener-stream.c).
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "se-listener-private.h"

static void
set_certificate (SeListener      *self,
                 GTlsCertificate *certificate)
{
  g_autofree char *fingerprint = certificate != NULL ? se_tls_certificate_fingerprint (certificate) : NULL;

  g_set_object (&self->tls_certificate, certificate);
  if (g_strcmp0 (fingerprint, self->tls_fingerprint) == 0)
    return;
  g_free (self->tls_fingerprint);
  self->tls_fingerprint = g_steal_pointer (&fingerprint);
  g_object_notify_by_pspec (G_OBJECT (self), _se_listener_properties[PROP_TLS_FINGERPRINT]);
}

/* tls://: a certificate before the socket exists, so that a listener
 * without one fails whole. Without a certificate of its own it makes a
 * self-signed one for this machine's loopback names, and says so. */
gboolean
_se_listener_prepare_tls (SeListener  *self,
                          GError     **error)
{
  /* Files are read again at each start: a certificate renewed on disk
   * is the one a restarted listener presents. */
  if (self->tls_cert_file != NULL)
    {
      g_autoptr(GTlsCertificate) certificate = se_tls_load_certificate (self->tls_cert_file,
                                                                        self->tls_key_file, error);

      if (certificate == NULL)
        {
          _se_listener_log_event (self, SE_EVENT_ERROR, NULL, 0, NULL, 0, (*error)->message);
          return FALSE;
        }
      set_certificate (self, certificate);
    }
  else if (self->tls_certificate == NULL)
    {
      g_autofree char *text = NULL;

      g_autoptr(GTlsCertificate) certificate = se_tls_make_self_signed (error);

      if (certificate == NULL)
        {
          _se_listener_log_event (self, SE_EVENT_ERROR, NULL, 0, NULL, 0, (*error)->message);
          return FALSE;
        }
      set_certificate (self, certificate);

      text = g_strdup_printf (_("made a self-signed certificate for localhost, 127.0.0.1 and ::1: SHA-256 %s; clients must pin it or skip the check"),
                              self->tls_fingerprint);
      _se_listener_log_event (self, SE_EVENT_TLS, NULL, 0, NULL, 0, text);
    }
  else if (!se_tls_check_backend (error))
    {
      _se_listener_log_event (self, SE_EVENT_ERROR, NULL, 0, NULL, 0, (*error)->message);
      return FALSE;
    }

  return TRUE;
}

/**
 * se_listener_set_tls_certificate:
 * @certificate: (nullable): a certificate with its private key, or %NULL
 *   for a self-signed one made when the listener starts
 *
 * For tls:// listeners; takes effect for connections accepted from now on.
 */
void
se_listener_set_tls_certificate (SeListener      *self,
                                 GTlsCertificate *certificate)
{
  g_return_if_fail (SE_IS_LISTENER (self));
  g_return_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate));

  set_certificate (self, certificate);
}

/**
 * se_listener_set_tls_files:
 * @cert_file: (nullable): a PEM file with the certificate (and perhaps
 *   the key), or %NULL for none
 * @key_file: (nullable): a PEM file with the key, if not in @cert_file
 *
 * For tls:// listeners: the files are read when the listener starts (an
 * unusable one fails the start, and is logged), and again at each start.
 * They take the place of a certificate set with
 * se_listener_set_tls_certificate().
 */
void
se_listener_set_tls_files (SeListener *self,
                           const char *cert_file,
                           const char *key_file)
{
  g_return_if_fail (SE_IS_LISTENER (self));
  g_return_if_fail (cert_file != NULL || key_file == NULL);

  if (g_strcmp0 (self->tls_cert_file, cert_file) != 0)
    {
      g_free (self->tls_cert_file);
      self->tls_cert_file = g_strdup (cert_file);
      g_object_notify_by_pspec (G_OBJECT (self), _se_listener_properties[PROP_TLS_CERT_FILE]);
    }
  if (g_strcmp0 (self->tls_key_file, key_file) != 0)
    {
      g_free (self->tls_key_file);
      self->tls_key_file = g_strdup (key_file);
      g_object_notify_by_pspec (G_OBJECT (self), _se_listener_properties[PROP_TLS_KEY_FILE]);
    }
}

const char *
se_listener_get_tls_fingerprint (SeListener *self)
{
  g_return_val_if_fail (SE_IS_LISTENER (self), NULL);

  return self->tls_fingerprint;
}
