/* se-tls-transport.c: the TLS transport of tls:// connections
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GTlsConnection (GIO's, from glib-networking over GnuTLS) on top of
 * the connected socket. The handshake runs with
 * g_tls_connection_handshake_async(), which GIO performs on a worker
 * thread: meanwhile the transport asks the reactor to watch nothing (the
 * worker reads and writes the socket), and once it is done it wakes the
 * connection, which then reads and writes through the TLS streams'
 * non-blocking calls like through a plain socket.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/socket.h>

#include <glib/gi18n-lib.h>

#include "se-error.h"
#include "se-tls.h"
#include "se-tls-private.h"

/* A peer that connects and then says nothing must not hold one of GIO's
 * worker threads for ever: the handshake's reads and writes give up
 * after this many seconds of silence. */
#define HANDSHAKE_TIMEOUT_S 10

typedef struct
{
  SeTransport            parent;

  GSocket               *socket;
  GTlsConnection        *tls;
  GPollableInputStream  *in;
  GPollableOutputStream *out;
  GCancellable          *cancellable;

  gboolean               server;
  gboolean               insecure;
  char                  *pin;
  GTlsCertificateFlags   problems;       /* what the check of the peer found */
  char                  *rejected_chain; /* the peer's chain, when it was not trusted */
  gboolean               pin_matched;

  gboolean               handshaking;
  gboolean               failed;
  int                    fail_errno;
  gboolean               closed;         /* by the connection, while handshaking */
  gboolean               reset;
  gboolean               shutdown_pending;
  gboolean               write_closed;
  gboolean               eof_noted;
  gboolean               maybe_pending;  /* bytes may wait in GnuTLS's buffer */
  GSource               *wake_source;
  char                  *summary;
} SeTlsTransport;

static const SeTransportClass tls_class;

static void
note (SeTlsTransport *self,
      SeEventKind     kind,
      const char     *text)
{
  SeEventInfo info = {
    .kind = kind,
    .text = text,
  };

  if (self->parent.hooks != NULL && self->parent.hooks->note != NULL)
    self->parent.hooks->note (self->parent.owner, &info);
}

static gboolean
wake_cb (gpointer user_data)
{
  SeTlsTransport *self = user_data;

  g_clear_pointer (&self->wake_source, g_source_unref);
  if (self->parent.hooks != NULL && self->parent.hooks->wake != NULL)
    self->parent.hooks->wake (self->parent.owner);
  return G_SOURCE_REMOVE;
}

/* Tells the connection to read and write again from the main loop, not
 * from inside the call it is making now. */
static void
schedule_wake (SeTlsTransport *self)
{
  if (self->wake_source != NULL || self->closed)
    return;

  self->wake_source = g_idle_source_new ();
  g_source_set_priority (self->wake_source, G_PRIORITY_DEFAULT);
  g_source_set_callback (self->wake_source, wake_cb, self, NULL);
  g_source_set_static_name (self->wake_source, "[socket-explorer] TLS wake");
  g_source_attach (self->wake_source, g_main_context_get_thread_default ());
}

/* The errno nearest to a GIO or TLS error, for the connection's log and
 * its error property; a TLS failure is logged in full before. */
static int
errno_for_error (const GError *error)
{
  if (error->domain == G_IO_ERROR)
    {
      switch (error->code)
        {
        case G_IO_ERROR_WOULD_BLOCK:
          return EAGAIN;
        case G_IO_ERROR_CONNECTION_CLOSED:  /* also G_IO_ERROR_BROKEN_PIPE */
          return ECONNRESET;
        case G_IO_ERROR_TIMED_OUT:
          return ETIMEDOUT;
        case G_IO_ERROR_CANCELLED:
          return ECANCELED;
        default:
          return EIO;
        }
    }

  return EPROTO;
}

static void
fail (SeTlsTransport *self,
      const GError   *error,
      gboolean        handshake)
{
  g_autofree char *text = NULL;

  self->failed = TRUE;
  self->fail_errno = errno_for_error (error);

  if (handshake && g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE) &&
      self->problems != 0)
    {
      g_autofree char *problems = se_tls_describe_errors (self->problems, "; ");

      if (self->pin != NULL)
        text = g_strdup_printf (_("TLS handshake failed: the server's certificate is not the pinned one (SHA-256 %s) and not trusted: %s; %s"),
                                self->pin, problems, self->rejected_chain);
      else
        text = g_strdup_printf (_("TLS handshake failed: the server's certificate was rejected: %s; %s"),
                                problems, self->rejected_chain);
    }
  else if (handshake)
    text = g_strdup_printf (_("TLS handshake failed: %s (TLS_HANDSHAKE_FAILED)"), error->message);
  else
    text = g_strdup_printf (_("TLS error: %s"), error->message);

  note (self, SE_EVENT_ERROR, text);
}

static gboolean
accept_certificate_cb (GTlsConnection       *tls,
                       GTlsCertificate      *peer,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  SeTlsTransport *self = user_data;

  self->problems = errors;
  g_free (self->rejected_chain);
  self->rejected_chain = se_tls_describe_chain (peer, "; ");
  if (self->pin != NULL)
    {
      g_autofree char *fingerprint = se_tls_certificate_fingerprint (peer);

      self->pin_matched = se_tls_fingerprint_matches (fingerprint, self->pin);
      return self->pin_matched;
    }
  return self->insecure;
}

static char *
make_summary (SeTlsTransport *self,
              const char     *separator)
{
  GTlsCertificate *peer = g_tls_connection_get_peer_certificate (self->tls);
  g_autofree char *cipher = g_tls_connection_get_ciphersuite_name (self->tls);
  const char *version = se_tls_protocol_version_name (g_tls_connection_get_protocol_version (self->tls));
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "%s, %s", version, cipher != NULL ? cipher : "?");

  if (peer != NULL)
    {
      /* One line for the log's event, lines of their own for the pages */
      g_autofree char *chain = g_str_equal (separator, "\n") ? se_tls_describe_chain_lines (peer)
                                                              : se_tls_describe_chain (peer, separator);

      g_string_append (out, separator);
      g_string_append (out, chain);
    }
  else if (self->server)
    {
      g_string_append (out, separator);
      g_string_append (out, _("the client sent no certificate"));
    }

  if (!self->server)
    {
      g_string_append (out, separator);
      if (self->problems == 0)
        g_string_append (out, _("verified: a trusted authority signed it, for this host name"));
      else
        {
          g_autofree char *problems = se_tls_describe_errors (self->problems, "; ");

          if (self->pin_matched)
            g_string_append_printf (out, _("not verified: %s; accepted because its fingerprint is the pinned one"),
                                    problems);
          else
            g_string_append_printf (out, _("not verified: %s; accepted because checking was turned off"),
                                    problems);
        }
    }

  return g_string_free (out, FALSE);
}

static void
do_shutdown (SeTlsTransport *self)
{
  g_autoptr(GError) error = NULL;

  self->shutdown_pending = FALSE;
  self->write_closed = TRUE;
  /* close_notify, then the TCP FIN. The alert is a few dozen bytes: the
   * socket takes it at once (the write is bounded by the timeout). */
  g_socket_set_timeout (self->socket, 2);
  if (g_output_stream_close (G_OUTPUT_STREAM (self->out), NULL, &error))
    note (self, SE_EVENT_TLS, _("sent close_notify: no more data from this side"));
  g_socket_set_timeout (self->socket, 0);
  shutdown (self->parent.fd, SHUT_WR);
}

static void
tls_free (SeTlsTransport *self)
{
  if (self->wake_source != NULL)
    {
      g_source_destroy (self->wake_source);
      g_clear_pointer (&self->wake_source, g_source_unref);
    }

  if (self->reset || self->failed || self->handshaking)
    {
      /* No close_notify: a reset, or a stream that never was. */
      g_socket_close (self->socket, NULL);
    }
  else
    {
      g_socket_set_timeout (self->socket, 1);
      g_io_stream_close (G_IO_STREAM (self->tls), NULL, NULL);
      g_socket_close (self->socket, NULL);
    }
  /* The reactor's descriptor; the socket's own was a duplicate. */
  close (self->parent.fd);

  g_signal_handlers_disconnect_by_data (self->tls, self);
  g_clear_object (&self->tls);
  g_clear_object (&self->socket);
  g_clear_object (&self->cancellable);
  g_free (self->pin);
  g_free (self->rejected_chain);
  g_free (self->summary);
  g_free (self);
}

static void
handshake_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SeTlsTransport *self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &error);

  if (self->closed)
    {
      /* The connection closed during the handshake, and left the rest
       * to us. */
      tls_free (self);
      return;
    }

  self->handshaking = FALSE;
  /* The streams are read and written without blocking from now on */
  g_socket_set_timeout (self->socket, 0);

  if (ok)
    {
      g_autofree char *text = make_summary (self, "; ");

      self->summary = make_summary (self, "\n");
      note (self, SE_EVENT_TLS, text);
      if (self->shutdown_pending)
        do_shutdown (self);
    }
  else
    {
      fail (self, error, TRUE);
    }

  schedule_wake (self);
}

static gssize
tls_recv (SeTransport *transport,
          guint8      *buffer,
          gsize        size,
          int         *errsv)
{
  SeTlsTransport *self = (SeTlsTransport *) transport;
  gsize got = 0;

  if (self->failed)
    {
      *errsv = self->fail_errno;
      return -1;
    }
  if (self->handshaking)
    {
      *errsv = EAGAIN;
      return -1;
    }

  self->maybe_pending = FALSE;

  /* One call of the stream returns at most one TLS record: read until
   * GnuTLS must wait for the socket, or the buffer is full. */
  while (got < size)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_pollable_input_stream_read_nonblocking (self->in, buffer + got, size - got,
                                                           NULL, &error);

      if (n > 0)
        {
          got += n;
          continue;
        }

      if (n == 0 || g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_EOF))
        {
          if (got > 0)
            {
              /* The end comes on the next call; no socket event may say so. */
              self->maybe_pending = TRUE;
              break;
            }
          if (!self->eof_noted)
            {
              self->eof_noted = TRUE;
              if (n == 0)
                note (self, SE_EVENT_TLS, _("received close_notify: the peer sends no more data"));
              else
                note (self, SE_EVENT_TLS, _("the peer closed the TCP connection without close_notify: a cut-off stream would look the same"));
            }
          return 0;
        }

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          if (got > 0)
            break;
          *errsv = EAGAIN;
          return -1;
        }

      if (got > 0)
        {
          /* Hand over what came before; the error comes again next time. */
          self->maybe_pending = TRUE;
          break;
        }

      if (error->domain == G_TLS_ERROR)
        fail (self, error, FALSE);
      *errsv = errno_for_error (error);
      return -1;
    }

  if (got == size)
    self->maybe_pending = TRUE;
  return got;
}

static gssize
tls_send (SeTransport  *transport,
          const guint8 *data,
          gsize         len,
          int          *errsv)
{
  SeTlsTransport *self = (SeTlsTransport *) transport;
  g_autoptr(GError) error = NULL;
  gssize n;

  if (self->failed)
    {
      *errsv = self->fail_errno;
      return -1;
    }
  if (self->handshaking)
    {
      *errsv = EAGAIN;
      return -1;
    }

  n = g_pollable_output_stream_write_nonblocking (self->out, data, len, NULL, &error);
  if (n >= 0)
    return n;

  if (error->domain == G_TLS_ERROR)
    fail (self, error, FALSE);
  *errsv = errno_for_error (error);
  return -1;
}

static int
tls_shutdown_write (SeTransport *transport)
{
  SeTlsTransport *self = (SeTlsTransport *) transport;

  if (self->write_closed)
    return 0;
  if (self->failed)
    return self->fail_errno;
  if (self->handshaking)
    {
      /* After the handshake: there is no TLS stream to end before. */
      self->shutdown_pending = TRUE;
      return 0;
    }

  do_shutdown (self);
  return 0;
}

static int
tls_set_reset (SeTransport *transport)
{
  SeTlsTransport *self = (SeTlsTransport *) transport;
  struct linger lin = { 1, 0 };

  self->reset = TRUE;
  return setsockopt (transport->fd, SOL_SOCKET, SO_LINGER, &lin, sizeof lin) == 0 ? 0 : errno;
}

static guint32
tls_events (SeTransport *transport,
            guint32      wanted)
{
  SeTlsTransport *self = (SeTlsTransport *) transport;

  /* GIO's worker thread owns the socket until the handshake is done. */
  if (self->handshaking)
    return SE_TRANSPORT_UNWATCHED;
  if (self->maybe_pending && (wanted & EPOLLIN))
    schedule_wake (self);
  return wanted;
}

static void
tls_close (SeTransport *transport)
{
  SeTlsTransport *self = (SeTlsTransport *) transport;

  self->parent.hooks = NULL;
  if (self->handshaking)
    {
      /* The worker thread still uses the socket: stop it, and free
       * everything once it has returned (handshake_cb). */
      self->closed = TRUE;
      if (self->wake_source != NULL)
        {
          g_source_destroy (self->wake_source);
          g_clear_pointer (&self->wake_source, g_source_unref);
        }
      g_cancellable_cancel (self->cancellable);
      return;
    }

  tls_free (self);
}

static const SeTransportClass tls_class = {
  .name = "tls",
  .recv = tls_recv,
  .send = tls_send,
  .shutdown_write = tls_shutdown_write,
  .set_reset = tls_set_reset,
  .events = tls_events,
  .close = tls_close,
};

SeTransport *
_se_tls_transport_new (int                 fd,
                       const SeTlsParams  *params,
                       GError            **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketConnection) base = NULL;
  g_autoptr(GIOStream) tls = NULL;
  SeTlsTransport *self;
  int dup_fd;

  g_return_val_if_fail (fd >= 0, NULL);
  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (!params->server || params->certificate != NULL, NULL);

  if (!se_tls_check_backend (error))
    return NULL;

  /* GIO's socket gets a duplicate of the descriptor: the reactor keeps
   * watching fd, and if anything fails here fd is still the caller's. */
  dup_fd = fcntl (fd, F_DUPFD_CLOEXEC, 0);
  if (dup_fd < 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), "dup: %s", g_strerror (errsv));
      return NULL;
    }
  socket = g_socket_new_from_fd (dup_fd, error);
  if (socket == NULL)
    {
      close (dup_fd);
      return NULL;
    }
  base = g_socket_connection_factory_create_connection (socket);

  if (params->server)
    {
      tls = g_tls_server_connection_new (G_IO_STREAM (base), params->certificate, error);
    }
  else
    {
      g_autoptr(GSocketConnectable) identity = g_network_address_new (params->host, params->port);
      g_autoptr(GTlsDatabase) database = NULL;

      /* The authorities the server's chain must lead to: the system's,
       * or the ones a file names (a test CA) */
      if (params->ca_file != NULL)
        {
          g_autoptr(GError) local_error = NULL;
          /* GIO wants the anchors' file name absolute */
          g_autofree char *path = g_canonicalize_filename (params->ca_file, NULL);

          database = g_tls_file_database_new (path, &local_error);
          if (database == NULL)
            {
              g_set_error (error, SE_ERROR, SE_ERROR_FAILED,
                           /* Translators: %s is a file name, then GIO's reason */
                           _("Cannot use the certificate authorities of %s: %s"),
                           params->ca_file, local_error->message);
              return NULL;
            }
        }
      else
        {
          database = g_tls_backend_get_default_database (g_tls_backend_get_default ());
        }

      tls = g_tls_client_connection_new (G_IO_STREAM (base), identity, error);
      if (tls != NULL)
        g_tls_connection_set_database (G_TLS_CONNECTION (tls), database);
    }
  if (tls == NULL)
    return NULL;

  self = g_new0 (SeTlsTransport, 1);
  self->parent.klass = &tls_class;
  self->parent.fd = fd;
  self->socket = g_steal_pointer (&socket);
  self->tls = G_TLS_CONNECTION (g_steal_pointer (&tls));
  self->in = G_POLLABLE_INPUT_STREAM (g_io_stream_get_input_stream (G_IO_STREAM (self->tls)));
  self->out = G_POLLABLE_OUTPUT_STREAM (g_io_stream_get_output_stream (G_IO_STREAM (self->tls)));
  self->cancellable = g_cancellable_new ();
  self->server = params->server;
  self->insecure = params->insecure;
  self->pin = g_strdup (params->pin);

  if (!self->server)
    g_signal_connect (self->tls, "accept-certificate", G_CALLBACK (accept_certificate_cb), self);

  self->handshaking = TRUE;
  g_socket_set_timeout (self->socket, HANDSHAKE_TIMEOUT_S);
  g_tls_connection_handshake_async (self->tls, G_PRIORITY_DEFAULT, self->cancellable,
                                    handshake_cb, self);

  return &self->parent;
}

gboolean
_se_transport_is_tls (SeTransport *transport)
{
  return transport != NULL && transport->klass == &tls_class;
}

const char *
_se_tls_transport_get_summary (SeTransport *transport)
{
  g_return_val_if_fail (_se_transport_is_tls (transport), NULL);

  return ((SeTlsTransport *) transport)->summary;
}
