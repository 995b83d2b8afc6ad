/* se-client-datagram.c: a datagram client's socket
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens one socket for the target (a Unix one autobound, so that replies
 * can come back), sends each message with sendto() and reads the replies
 * in batches. A stream client's send goes to its connection. The GObject
 * is in se-client.c.
 */
#include "config.h"

#include <errno.h>
#include <unistd.h>
#include <sys/un.h>
#include <netinet/in.h>

#include <glib/gi18n-lib.h>

#include "se-client-private.h"
#include "se-connection-private.h"
#include "se-error.h"
#include "se-rule-private.h"

/* datagram */

/* A rule matched a datagram from the target: the reply goes back to it
 * (a failed send is logged by se_client_send()); "close" closes the
 * client's socket, ending its conversation. */
static void
rule_reply_cb (GObject    *target,
               const char *peer,
               GBytes     *reply,
               gboolean    close_after)
{
  SeClient *self = SE_CLIENT (target);

  if (self->fd < 0)
    return;
  if (g_bytes_get_size (reply) > 0)
    se_client_send (self, reply, NULL);
  if (close_after)
    se_client_close (self);
}

static void
datagram_received_cb (SeDatagramSocket *socket,
                      const SeDatagram *datagram,
                      gpointer          user_data)
{
  SeClient *self = user_data;
  g_autoptr(GBytes) bytes = NULL;
  SeEventInfo info = _se_datagram_receive_info (socket, datagram);

  info.local = self->local_address;
  _se_client_append_info (self, &info);
  self->bytes_received += datagram->size;
  self->datagrams_received++;
  self->received_unnotified = TRUE;

  bytes = g_bytes_new (datagram->data, datagram->kept);
  g_signal_emit (self, _se_client_signals[RECEIVED], 0, bytes, _se_datagram_from_text (datagram));

  /* Rules answer the target, as a connection's answer its peer */
  if (self->rules != NULL && self->fd >= 0)
    _se_rule_set_answer (self->rules, G_OBJECT (self), rule_reply_cb, _se_datagram_from_text (datagram),
                         datagram->data, datagram->kept, self->datagrams_sent + 1);
}

/* The counters are notified once per batch, not per datagram. */
static void
datagram_batch_done_cb (SeDatagramSocket *socket,
                        gpointer          user_data)
{
  SeClient *self = user_data;

  if (self->received_unnotified)
    {
      self->received_unnotified = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), _se_client_properties[PROP_BYTES_RECEIVED]);
      g_object_notify_by_pspec (G_OBJECT (self), _se_client_properties[PROP_DATAGRAMS_RECEIVED]);
    }
}

static void
datagram_failed_cb (SeDatagramSocket *socket,
                    int               errsv,
                    gpointer          user_data)
{
  SeClient *self = user_data;
  g_autoptr(GError) error = se_error_new_errno (errsv, "recvfrom", self->target_text);

  _se_client_log_failed_call (self, self->local_address, self->target_text, error->message,
                              SE_CALL_RECVFROM, errsv, _se_datagram_socket_get_read_size (socket));
}

static char *
datagram_describe_step_cb (SeDatagramSocket *socket,
                           SeStepKind        kind,
                           const char       *to,
                           gsize             size,
                           gpointer          user_data)
{
  SeClient *self = user_data;

  return _se_step_describe_datagram (kind, _se_client_protocol (self), self->id, NULL, to, size);
}

static gboolean send_now (SeClient *self, GBytes *data, GError **error);

/* Step mode: the held sendto() goes now (a failure is logged). */
static void
datagram_send_released_cb (SeDatagramSocket *socket,
                           const SeSockaddr *to,
                           GBytes           *data,
                           gpointer          user_data)
{
  send_now (SE_CLIENT (user_data), data, NULL);
}

static const SeDatagramFuncs datagram_funcs = {
  .received = datagram_received_cb,
  .batch_done = datagram_batch_done_cb,
  .failed = datagram_failed_cb,
  .describe_step = datagram_describe_step_cb,
  .send_released = datagram_send_released_cb,
};

static gboolean
open_datagram (SeClient  *self,
               int        family,
               GError   **error)
{
  /* A client closed and opened again starts with no local address, and
   * counts afresh, as a stream client's new connection does. */
  g_clear_pointer (&self->local_address, g_free);
  self->bytes_sent = self->datagrams_sent = 0;
  self->bytes_received = self->datagrams_received = 0;
  for (guint i = PROP_BYTES_SENT; i <= PROP_DATAGRAMS_RECEIVED; i++)
    g_object_notify_by_pspec (G_OBJECT (self), _se_client_properties[i]);
  self->fd = _se_socket_open (family, SOCK_DGRAM);
  if (self->fd < 0)
    {
      se_set_error_errno (error, errno, "socket", self->target_text);
      return FALSE;
    }
  _se_socket_log_open (self->log, _se_client_protocol (self), self->id, self->fd, 0, NULL, self->target_text);

  if (family == AF_UNIX)
    {
      sa_family_t autobind = AF_UNIX;

      /* Binding with only the family asks Linux for a unique abstract
       * address: without one, the server could not reply. */
      if (bind (self->fd, (const struct sockaddr *)&autobind, sizeof autobind) != 0)
        {
          se_set_error_errno (error, errno, "bind", NULL);
          close (self->fd);
          self->fd = -1;
          return FALSE;
        }
      self->local_address = _se_socket_local_string (self->fd);
      {
        SeEventInfo info = {
          .kind = SE_EVENT_BIND,
          .local = self->local_address,
          .text = _("autobind: the system gave this socket an abstract address so that replies can come back"),
          .call = SE_CALL_BIND,
        };

        _se_client_append_info (self, &info);
      }
    }
  else
    {
      self->local_address = g_strdup ("");
    }

  if (!_se_datagram_options_apply (&self->datagram_options, self->fd, family, NULL, self->log,
                                   se_endpoint_get_protocol (self->target), self->local_address, error))
    {
      close (self->fd);
      self->fd = -1;
      return FALSE;
    }

  _se_datagram_socket_set_read_size (&self->datagram, self->read_size);
  if (!_se_datagram_socket_start (&self->datagram, self->fd, &datagram_funcs, self))
    {
      se_set_error_errno (error, errno, "epoll_ctl", self->target_text);
      close (self->fd);
      self->fd = -1;
      return FALSE;
    }
  _se_client_notify_connected (self);
  return TRUE;
}

/* Opens the datagram socket for target_addr and ends the connect with
 * the outcome. */
void
_se_client_finish_datagram (SeClient *self)
{
  GError *error = NULL;

  if (!open_datagram (self, self->target_addr.addr.ss_family, &error))
    _se_client_log_event (self, SE_EVENT_ERROR, NULL, self->target_text, 0, NULL, 0, error->message);
  _se_client_finish_connecting (self, error);
}

void
_se_client_datagram_lookup_cb (GObject      *source,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SeClient *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  GList *addresses;
  GInetAddress *chosen = NULL;

  addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (source), result, &error);

  /* Closed (or cancelled) while looking up: this connect is over. */
  if (self->task != task)
    {
      g_resolver_free_addresses (addresses);
      return;
    }

  if (addresses == NULL)
    {
      _se_client_lookup_failed (self, error);
      return;
    }

  /* A datagram gets no answer to say an address was wrong, so prefer
   * IPv4 the way the seeds' AF_INET sockets do. */
  for (GList *l = addresses; l != NULL; l = l->next)
    if (g_inet_address_get_family (l->data) == G_SOCKET_FAMILY_IPV4)
      {
        chosen = l->data;
        break;
      }
  if (chosen == NULL)
    chosen = addresses->data;

  _se_sockaddr_from_inet (&self->target_addr, chosen, se_endpoint_get_port (self->target));
  g_free (self->target_text);
  self->target_text = _se_sockaddr_to_string (&self->target_addr);
  g_resolver_free_addresses (addresses);

  _se_client_finish_datagram (self);
}

/* The one sendto() of a datagram to the target, logged. */
static gboolean
send_now (SeClient  *self,
          GBytes    *data,
          GError   **error)
{
  gsize len;
  const guint8 *bytes;
  ssize_t n;

  bytes = g_bytes_get_data (data, &len);
  do
    n = sendto (self->fd, bytes, len, MSG_NOSIGNAL,
                (const struct sockaddr *)&self->target_addr.addr, self->target_addr.len);
  while (n < 0 && errno == EINTR);

  if (n < 0)
    {
      /* error may be NULL: the failure is logged all the same. */
      int errsv = errno;
      GError *local_error = se_error_new_errno (errsv, "sendto", self->target_text);

      if (errsv == EACCES && !self->datagram_options.broadcast &&
          _se_sockaddr_may_be_broadcast (&self->target_addr))
        {
          g_autofree char *message = local_error->message;

          local_error->message =
            /* Translators: appended to "sendto(…): Permission denied (EACCES)" */
            g_strdup_printf (_("%s: %s is a broadcast address, and sending to one needs SO_BROADCAST (turn on Broadcast, or --broadcast)"),
                             message, self->target_text);
        }

      _se_client_log_failed_call (self, self->local_address, self->target_text, local_error->message,
                                  SE_CALL_SENDTO, errsv, len);
      g_propagate_error (error, local_error);
      return FALSE;
    }

  /* The first sendto() on an unbound UDP socket binds it: show where. */
  if (self->local_address == NULL || self->local_address[0] == '\0')
    {
      g_free (self->local_address);
      self->local_address = _se_socket_local_string (self->fd);
    }

  {
    SeEventInfo info = {
      .kind = SE_EVENT_SEND,
      .local = self->local_address,
      .remote = self->target_text,
      .size = n,
      .data = bytes,
      .data_len = n,
      .call = SE_CALL_SENDTO,
      .ret = n,
      .asked = (guint32) MIN (len, G_MAXUINT32),
    };

    _se_client_append_info (self, &info);
  }
  self->bytes_sent += n;
  self->datagrams_sent++;
  g_object_notify_by_pspec (G_OBJECT (self), _se_client_properties[PROP_BYTES_SENT]);
  g_object_notify_by_pspec (G_OBJECT (self), _se_client_properties[PROP_DATAGRAMS_SENT]);
  return TRUE;
}

gboolean
se_client_send (SeClient  *self,
                GBytes    *data,
                GError   **error)
{
  g_return_val_if_fail (SE_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  if (se_endpoint_is_stream (self->target))
    {
      if (self->connection == NULL)
        {
          g_set_error (error, SE_ERROR, SE_ERROR_CLOSED,
                       _("Cannot send: the client is not connected"));
          return FALSE;
        }
      return se_connection_send (self->connection, data, error);
    }

  if (self->fd < 0)
    {
      g_set_error (error, SE_ERROR, SE_ERROR_CLOSED,
                   _("Cannot send: the client's socket is closed"));
      return FALSE;
    }

  /* Step mode: the datagram waits in the app until "Next" (se-stepper.c). */
  if (_se_stepper_is_on ())
    {
      _se_datagram_socket_hold_send (&self->datagram, &self->target_addr, self->target_text, data);
      return TRUE;
    }

  return send_now (self, data, error);
}
