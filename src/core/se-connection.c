/* se-connection.c: one stream connection (TCP or Unix stream), accepted or connected
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The connection owns a non-blocking socket and watches it on the GLib main
 * loop with g_unix_fd_add_full(): no thread per connection, nothing blocks.
 * Raw file descriptors are used rather than GSocket so that every failure
 * keeps its exact errno, which the app names to the learner.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include <glib/gi18n-lib.h>
#include <glib-unix.h>

#include "se-connection-private.h"
#include "se-error.h"

/* One recv() reads at most this much, like recv(bufsize). */
#define READ_CHUNK (64 * 1024)
/* While more than this waits to be sent, stop reading: an echo responder
 * must not queue without bound when the peer does not read. */
#define READ_PAUSE_QUEUED (4 * 1024 * 1024)
#define READ_RESUME_QUEUED (1 * 1024 * 1024)
/* How long a closing connection may take to send what is still queued,
 * like the kernel's own buffer after close(); then the rest is dropped
 * (and the log says how much). */
#define CLOSE_DRAIN_TIMEOUT_MS 5000

struct _SeConnection
{
  GObject            parent_instance;

  int                fd;
  guint              id;
  SeProtocol         protocol;
  SeConnectionState  state;
  gboolean           accepted;

  char              *local_address;
  char              *remote_address;

  SeTrafficLog      *log;
  SeResponder       *responder;
  SeResponderState  *responder_state;

  guint64            bytes_sent;
  guint64            bytes_received;
  guint64            messages_sent;
  guint64            messages_received;

  GQueue             send_queue;      /* GBytes */
  gsize              head_offset;     /* bytes of the head already written */
  gsize              queued_bytes;

  guint              read_source;
  guint              write_source;
  gboolean           read_paused;
  gboolean           shutdown_pending;  /* shutdown(SHUT_WR) once drained */
  gboolean           close_pending;     /* close once drained */
  gboolean           local_shut;
  gboolean           remote_shut;

  GError            *error;
  guint              drain_timeout;  /* a close waiting for the queue to drain */
  gboolean           draining;       /* holds a reference while draining */
};

/* Every connection reads into this one buffer: the main loop reads one
 * socket at a time, and the bytes are copied out before anything else
 * can run. Tens of thousands of connections do not each hold 64 KiB. */
static guint8 read_buffer[READ_CHUNK];

enum {
  PROP_0,
  PROP_ID,
  PROP_STATE,
  PROP_LOCAL_ADDRESS,
  PROP_REMOTE_ADDRESS,
  PROP_BYTES_SENT,
  PROP_BYTES_RECEIVED,
  PROP_MESSAGES_SENT,
  PROP_MESSAGES_RECEIVED,
  PROP_QUEUED_BYTES,
  N_PROPS
};

enum {
  RECEIVED,
  CLOSED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SeConnection, se_connection, G_TYPE_OBJECT)

static gboolean se_connection_readable_cb (int fd, GIOCondition condition, gpointer user_data);
static gboolean se_connection_writable_cb (int fd, GIOCondition condition, gpointer user_data);
static void     se_connection_finish_close (SeConnection *self, const char *detail);

/* helpers */

static void
log_event (SeConnection *self,
           SeEventKind   kind,
           guint64       size,
           const guint8 *data,
           gsize         data_len,
           const char   *detail)
{
  if (self->log == NULL)
    return;

  se_traffic_log_append (self->log, kind, self->protocol, self->id,
                         self->local_address, self->remote_address,
                         size, data, data_len, detail);
}

static void
set_state (SeConnection      *self,
           SeConnectionState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
update_state (SeConnection *self)
{
  if (self->fd < 0)
    set_state (self, SE_CONNECTION_STATE_CLOSED);
  else if (self->local_shut)
    set_state (self, SE_CONNECTION_STATE_HALF_CLOSED_LOCAL);
  else if (self->remote_shut)
    set_state (self, SE_CONNECTION_STATE_HALF_CLOSED_REMOTE);
  else
    set_state (self, SE_CONNECTION_STATE_CONNECTED);
}

static void
record_error (SeConnection *self,
              int           errsv,
              const char   *context)
{
  g_autoptr(GError) error = se_error_new_errno (errsv, context, self->remote_address);

  log_event (self, SE_EVENT_ERROR, 0, NULL, 0, error->message);

  if (self->error == NULL)
    self->error = g_steal_pointer (&error);
}

/* A send the connection cannot take: the caller gets the error, and the
 * log shows it, like every other failure. Takes the message. */
static gboolean
refuse (SeConnection  *self,
        GError       **error,
        SeError        code,
        char          *message)
{
  log_event (self, SE_EVENT_ERROR, 0, NULL, 0, message);
  g_set_error_literal (error, SE_ERROR, code, message);
  g_free (message);
  return FALSE;
}

static void
watch_read (SeConnection *self)
{
  if (self->read_source != 0 || self->fd < 0 || self->remote_shut ||
      self->read_paused || self->close_pending)
    return;

  self->read_source = g_unix_fd_add_full (G_PRIORITY_DEFAULT, self->fd,
                                          G_IO_IN | G_IO_HUP | G_IO_ERR,
                                          se_connection_readable_cb,
                                          self, NULL);
}

static void
watch_write (SeConnection *self)
{
  if (self->write_source != 0 || self->fd < 0)
    return;

  self->write_source = g_unix_fd_add_full (G_PRIORITY_DEFAULT, self->fd,
                                           G_IO_OUT | G_IO_ERR | G_IO_HUP,
                                           se_connection_writable_cb,
                                           self, NULL);
}

static void
clear_queue (SeConnection *self)
{
  GBytes *bytes;

  while ((bytes = g_queue_pop_head (&self->send_queue)) != NULL)
    g_bytes_unref (bytes);

  self->head_offset = 0;
  if (self->queued_bytes != 0)
    {
      self->queued_bytes = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUED_BYTES]);
    }
}

static void
do_shutdown (SeConnection *self)
{
  self->shutdown_pending = FALSE;

  if (self->fd < 0 || self->local_shut)
    return;

  if (shutdown (self->fd, SHUT_WR) != 0)
    {
      record_error (self, errno, "shutdown");
      return;
    }

  self->local_shut = TRUE;
  log_event (self, SE_EVENT_SHUTDOWN, 0, NULL, 0,
             _("shutdown(SHUT_WR): this side will send no more data"));
  update_state (self);

  /* Both directions are finished: nothing more can happen on it. */
  if (self->remote_shut)
    se_connection_finish_close (self, NULL);
}

static void
maybe_resume_reading (SeConnection *self)
{
  if (self->read_paused && self->queued_bytes <= READ_RESUME_QUEUED)
    {
      self->read_paused = FALSE;
      watch_read (self);
    }
}

/* Reads what is already in the receive buffer without waiting, as
 * received events, before the connection is closed for a failed send. */
static void
receive_pending (SeConnection *self)
{
  for (guint i = 0; i < 64 && self->fd >= 0 && !self->remote_shut; i++)
    {
      g_autoptr(GBytes) bytes = NULL;
      ssize_t n;

      do
        n = recv (self->fd, read_buffer, READ_CHUNK, MSG_DONTWAIT);
      while (n < 0 && errno == EINTR);

      if (n <= 0)
        break;

      bytes = g_bytes_new (read_buffer, n);
      self->bytes_received += n;
      self->messages_received++;
      log_event (self, SE_EVENT_RECEIVE, n, g_bytes_get_data (bytes, NULL), n, NULL);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_RECEIVED]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGES_RECEIVED]);
      g_signal_emit (self, signals[RECEIVED], 0, bytes);
    }
}

/* Writes as much of the queue as the socket takes now. Returns FALSE if
 * the connection failed (and was closed). */
static gboolean
flush_queue (SeConnection *self)
{
  guint64 sent_before = self->bytes_sent;
  guint64 messages_before = self->messages_sent;
  gboolean ok = TRUE;

  while (self->fd >= 0 && !g_queue_is_empty (&self->send_queue))
    {
      GBytes *head = g_queue_peek_head (&self->send_queue);
      gsize len;
      const guint8 *data = g_bytes_get_data (head, &len);
      gsize remaining = len - self->head_offset;
      ssize_t n;

      n = send (self->fd, data + self->head_offset, remaining, MSG_NOSIGNAL);

      if (n < 0)
        {
          int errsv = errno;

          if (errsv == EINTR)
            continue;
          if (errsv == EAGAIN || errsv == EWOULDBLOCK)
            break;

          /* The peer is gone (EPIPE, ECONNRESET), but what it sent before
           * may still wait in our receive buffer, like a greeting server's
           * text: read it before closing, so that nothing is lost. */
          receive_pending (self);
          record_error (self, errsv, "send");
          se_connection_finish_close (self, NULL);
          ok = FALSE;
          break;
        }

      {
        g_autofree char *detail = NULL;

        /* A send() that took only part of what was asked is exactly the
         * difference between send() and sendall(): show it. */
        if ((gsize) n < remaining)
          detail = g_strdup_printf (_("partial send: %zd of %zu bytes accepted by the kernel, the rest is queued"),
                                    n, remaining);
        log_event (self, SE_EVENT_SEND, n, data + self->head_offset, n, detail);
      }

      self->bytes_sent += n;
      self->head_offset += n;
      self->queued_bytes -= n;

      if (self->head_offset == len)
        {
          g_bytes_unref (g_queue_pop_head (&self->send_queue));
          self->head_offset = 0;
          self->messages_sent++;
        }
    }

  if (self->bytes_sent != sent_before)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_SENT]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUED_BYTES]);
    }
  if (self->messages_sent != messages_before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGES_SENT]);

  if (!ok || self->fd < 0)
    return FALSE;

  if (g_queue_is_empty (&self->send_queue))
    {
      g_clear_handle_id (&self->write_source, g_source_remove);

      if (self->close_pending)
        {
          se_connection_finish_close (self, NULL);
          return FALSE;
        }
      if (self->shutdown_pending)
        do_shutdown (self);
    }
  else
    {
      watch_write (self);
    }

  if (self->fd >= 0)
    maybe_resume_reading (self);

  return self->fd >= 0;
}

static gboolean
drain_timeout_cb (gpointer user_data)
{
  SeConnection *self = user_data;

  self->drain_timeout = 0;
  se_connection_finish_close (self, NULL);
  return G_SOURCE_REMOVE;
}

/* Closes once the queue has drained (at once if it is empty), reading no
 * more meanwhile. The connection keeps itself alive until then. */
static void
begin_close (SeConnection *self)
{
  if (self->fd < 0)
    return;

  self->close_pending = TRUE;
  g_clear_handle_id (&self->read_source, g_source_remove);

  if (!g_queue_is_empty (&self->send_queue))
    flush_queue (self);
  if (self->fd < 0)
    return;
  if (g_queue_is_empty (&self->send_queue))
    {
      se_connection_finish_close (self, NULL);
      return;
    }

  if (!self->draining)
    {
      self->draining = TRUE;
      g_object_ref (self);
    }
  if (self->drain_timeout == 0)
    self->drain_timeout = g_timeout_add (CLOSE_DRAIN_TIMEOUT_MS, drain_timeout_cb, self);
}

static void
apply_response (SeConnection *self,
                SeResponse   *response)
{
  for (guint i = 0; i < response->replies->len; i++)
    {
      g_autoptr(GError) error = NULL;

      /* A refused reply is logged by se_connection_send(). */
      if (!se_connection_send (self, g_ptr_array_index (response->replies, i), &error))
        return;
    }

  if (response->close && self->fd >= 0)
    begin_close (self);
}

/* Called once both directions are done or on close/reset/failure. */
static void
se_connection_finish_close (SeConnection *self,
                            const char   *detail)
{
  g_autofree char *dropped = NULL;

  if (self->fd < 0)
    return;

  g_clear_handle_id (&self->read_source, g_source_remove);
  g_clear_handle_id (&self->write_source, g_source_remove);
  g_clear_handle_id (&self->drain_timeout, g_source_remove);

  if (self->queued_bytes > 0 && detail == NULL)
    detail = dropped = g_strdup_printf (_("%zu queued bytes were not sent"),
                                        self->queued_bytes);

  close (self->fd);
  self->fd = -1;
  log_event (self, SE_EVENT_CLOSE, 0, NULL, 0, detail);
  clear_queue (self);
  update_state (self);

  g_signal_emit (self, signals[CLOSED], 0);

  /* The reference begin_close() took to finish sending; last. */
  if (self->draining)
    {
      self->draining = FALSE;
      g_object_unref (self);
    }
}

/* callbacks */

static gboolean
se_connection_readable_cb (int          fd,
                           GIOCondition condition,
                           gpointer     user_data)
{
  SeConnection *self = user_data;
  g_autoptr(SeConnection) hold = g_object_ref (self);
  ssize_t n;

  do
    n = recv (fd, read_buffer, READ_CHUNK, 0);
  while (n < 0 && errno == EINTR);

  if (n < 0)
    {
      int errsv = errno;

      if (errsv == EAGAIN || errsv == EWOULDBLOCK)
        return G_SOURCE_CONTINUE;

      self->read_source = 0;
      record_error (self, errsv, "recv");
      se_connection_finish_close (self, NULL);
      return G_SOURCE_REMOVE;
    }

  if (n == 0)
    {
      /* recv() returned b'': the peer shut down writing (or closed). */
      self->read_source = 0;
      self->remote_shut = TRUE;
      log_event (self, SE_EVENT_SHUTDOWN, 0, NULL, 0,
                 _("recv() returned 0 bytes: the peer will send no more data (EOF)"));
      update_state (self);

      if (self->local_shut)
        {
          se_connection_finish_close (self, NULL);
        }
      else if (self->accepted && self->responder != NULL &&
               se_responder_get_kind (self->responder) != SE_RESPONDER_NONE)
        {
          /* A server with a responder does what the seeds' servers do
           * when recv() returns nothing: finish sending, then close. */
          begin_close (self);
        }
      return G_SOURCE_REMOVE;
    }

  {
    g_autoptr(GBytes) bytes = g_bytes_new (read_buffer, n);

    self->bytes_received += n;
    self->messages_received++;
    log_event (self, SE_EVENT_RECEIVE, n, g_bytes_get_data (bytes, NULL), n, NULL);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_RECEIVED]);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGES_RECEIVED]);

    g_signal_emit (self, signals[RECEIVED], 0, bytes);

    if (self->fd >= 0 && self->responder != NULL)
      {
        SeResponse response;

        se_response_init (&response);
        se_responder_on_data (self->responder, self->responder_state,
                              g_bytes_get_data (bytes, NULL), n, FALSE, &response);
        apply_response (self, &response);
        se_response_clear (&response);
      }
  }

  if (self->fd < 0)
    {
      self->read_source = 0;
      return G_SOURCE_REMOVE;
    }

  /* Only a responder turns reading into more sending; a connection driven
   * by the user (or a client) keeps reading whatever it has queued, or two
   * peers that both send could wait on each other forever. */
  if (self->queued_bytes >= READ_PAUSE_QUEUED && self->responder != NULL &&
      se_responder_get_kind (self->responder) != SE_RESPONDER_NONE &&
      se_responder_get_kind (self->responder) != SE_RESPONDER_DISCARD)
    {
      self->read_paused = TRUE;
      self->read_source = 0;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
se_connection_writable_cb (int          fd,
                           GIOCondition condition,
                           gpointer     user_data)
{
  SeConnection *self = user_data;
  g_autoptr(SeConnection) hold = g_object_ref (self);

  /* flush_queue() removes this watch (write_source) once the queue is
   * empty or the connection closed; removing the dispatching source is
   * allowed, and returning FALSE afterwards is harmless. */
  flush_queue (self);

  if (self->write_source != 0)
    return G_SOURCE_CONTINUE;

  return G_SOURCE_REMOVE;
}

/* overrides */

static void
se_connection_dispose (GObject *object)
{
  SeConnection *self = (SeConnection *)object;

  if (self->fd >= 0)
    {
      g_clear_handle_id (&self->read_source, g_source_remove);
      g_clear_handle_id (&self->write_source, g_source_remove);
      g_clear_handle_id (&self->drain_timeout, g_source_remove);
      close (self->fd);
      self->fd = -1;
      log_event (self, SE_EVENT_CLOSE, 0, NULL, 0, NULL);
    }
  clear_queue (self);

  g_clear_object (&self->log);
  g_clear_pointer (&self->responder, se_responder_unref);
  g_clear_pointer (&self->responder_state, se_responder_state_free);

  G_OBJECT_CLASS (se_connection_parent_class)->dispose (object);
}

static void
se_connection_finalize (GObject *object)
{
  SeConnection *self = (SeConnection *)object;

  g_free (self->local_address);
  g_free (self->remote_address);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (se_connection_parent_class)->finalize (object);
}

static void
se_connection_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SeConnection *self = SE_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_uint (value, self->id);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_LOCAL_ADDRESS:
      g_value_set_string (value, self->local_address);
      break;
    case PROP_REMOTE_ADDRESS:
      g_value_set_string (value, self->remote_address);
      break;
    case PROP_BYTES_SENT:
      g_value_set_uint64 (value, self->bytes_sent);
      break;
    case PROP_BYTES_RECEIVED:
      g_value_set_uint64 (value, self->bytes_received);
      break;
    case PROP_MESSAGES_SENT:
      g_value_set_uint64 (value, self->messages_sent);
      break;
    case PROP_MESSAGES_RECEIVED:
      g_value_set_uint64 (value, self->messages_received);
      break;
    case PROP_QUEUED_BYTES:
      g_value_set_uint64 (value, self->queued_bytes);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
se_connection_class_init (SeConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = se_connection_dispose;
  object_class->finalize = se_connection_finalize;
  object_class->get_property = se_connection_get_property;

  properties[PROP_ID] =
    g_param_spec_uint ("id", NULL, NULL, 0, G_MAXUINT, 0, flags);
  /* An SeConnectionState; an int so that no enum GType is needed to bind it. */
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      SE_CONNECTION_STATE_CONNECTED, SE_CONNECTION_STATE_CLOSED,
                      SE_CONNECTION_STATE_CONNECTED, flags);
  properties[PROP_LOCAL_ADDRESS] =
    g_param_spec_string ("local-address", NULL, NULL, NULL, flags);
  properties[PROP_REMOTE_ADDRESS] =
    g_param_spec_string ("remote-address", NULL, NULL, NULL, flags);
  properties[PROP_BYTES_SENT] =
    g_param_spec_uint64 ("bytes-sent", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_BYTES_RECEIVED] =
    g_param_spec_uint64 ("bytes-received", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_MESSAGES_SENT] =
    g_param_spec_uint64 ("messages-sent", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_MESSAGES_RECEIVED] =
    g_param_spec_uint64 ("messages-received", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_QUEUED_BYTES] =
    g_param_spec_uint64 ("queued-bytes", NULL, NULL, 0, G_MAXUINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SeConnection::received:
   * @data: the bytes one recv() returned
   */
  signals[RECEIVED] =
    g_signal_new ("received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BYTES);
  /**
   * SeConnection::closed:
   * The socket was closed (by either side, a reset, or a failure).
   */
  signals[CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
se_connection_init (SeConnection *self)
{
  self->fd = -1;
  g_queue_init (&self->send_queue);
}

/* private API */

guint
_se_next_connection_id (void)
{
  static guint next_id = 0;

  return ++next_id;
}

SeConnection *
_se_connection_new (int           fd,
                    guint         id,
                    SeProtocol    protocol,
                    gboolean      accepted,
                    SeTrafficLog *log,
                    SeResponder  *responder)
{
  SeConnection *self;
  struct sockaddr_storage addr;
  socklen_t len;

  g_return_val_if_fail (fd >= 0, NULL);

  self = g_object_new (SE_TYPE_CONNECTION, NULL);
  self->fd = fd;
  self->id = id != 0 ? id : _se_next_connection_id ();
  self->protocol = protocol;
  self->accepted = accepted;
  self->log = log ? g_object_ref (log) : NULL;
  self->responder = responder ? se_responder_ref (responder) : NULL;
  self->responder_state = se_responder_state_new ();

  len = sizeof addr;
  if (getsockname (fd, (struct sockaddr *)&addr, &len) == 0)
    self->local_address = se_format_sockaddr (&addr, len);
  else
    self->local_address = g_strdup ("");

  len = sizeof addr;
  if (getpeername (fd, (struct sockaddr *)&addr, &len) == 0)
    self->remote_address = se_format_sockaddr (&addr, len);
  else
    self->remote_address = g_strdup ("");

  return self;
}

void
_se_connection_start (SeConnection *self)
{
  g_return_if_fail (SE_IS_CONNECTION (self));

  if (self->accepted && self->responder != NULL)
    {
      SeResponse response;

      se_response_init (&response);
      se_responder_on_accept (self->responder, self->responder_state, &response);
      apply_response (self, &response);
      se_response_clear (&response);
    }

  watch_read (self);
}

/* public API */

guint
se_connection_get_id (SeConnection *self)
{
  g_return_val_if_fail (SE_IS_CONNECTION (self), 0);
  return self->id;
}

SeProtocol
se_connection_get_protocol (SeConnection *self)
{
  g_return_val_if_fail (SE_IS_CONNECTION (self), SE_PROTOCOL_TCP);
  return self->protocol;
}

SeConnectionState
se_connection_get_state (SeConnection *self)
{
  g_return_val_if_fail (SE_IS_CONNECTION (self), SE_CONNECTION_STATE_CLOSED);
  return self->state;
}

const char *
se_connection_get_local_address (SeConnection *self)
{
  g_return_val_if_fail (SE_IS_CONNECTION (self), NULL);
  return self->local_address;
}

const char *
se_connection_get_remote_address (SeConnection *self)
{
  g_return_val_if_fail (SE_IS_CONNECTION (self), NULL);
  return self->remote_address;
}

gboolean
se_connection_get_accepted (SeConnection *self)
{
  g_return_val_if_fail (SE_IS_CONNECTION (self), FALSE);
  return self->accepted;
}

guint64
se_connection_get_bytes_sent (SeConnection *self)
{
  g_return_val_if_fail (SE_IS_CONNECTION (self), 0);
  return self->bytes_sent;
}

guint64
se_connection_get_bytes_received (SeConnection *self)
{
  g_return_val_if_fail (SE_IS_CONNECTION (self), 0);
  return self->bytes_received;
}

guint64
se_connection_get_messages_sent (SeConnection *self)
{
  g_return_val_if_fail (SE_IS_CONNECTION (self), 0);
  return self->messages_sent;
}

guint64
se_connection_get_messages_received (SeConnection *self)
{
  g_return_val_if_fail (SE_IS_CONNECTION (self), 0);
  return self->messages_received;
}

gsize
se_connection_get_queued_bytes (SeConnection *self)
{
  g_return_val_if_fail (SE_IS_CONNECTION (self), 0);
  return self->queued_bytes;
}

const GError *
se_connection_get_error (SeConnection *self)
{
  g_return_val_if_fail (SE_IS_CONNECTION (self), NULL);
  return self->error;
}

gboolean
se_connection_send (SeConnection  *self,
                    GBytes        *data,
                    GError       **error)
{
  gsize len;

  g_return_val_if_fail (SE_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  len = g_bytes_get_size (data);

  if (self->fd < 0)
    return refuse (self, error, SE_ERROR_CLOSED,
                   g_strdup_printf (_("Cannot send: connection #%u is closed"), self->id));
  if (self->close_pending)
    return refuse (self, error, SE_ERROR_CLOSED,
                   g_strdup_printf (_("Cannot send: connection #%u is closing"), self->id));
  if (self->local_shut || self->shutdown_pending)
    return refuse (self, error, SE_ERROR_CLOSED,
                   g_strdup_printf (_("Cannot send: connection #%u was shut down for writing"), self->id));

  if (len == 0)
    return TRUE;

  if (self->queued_bytes + len > SE_CONNECTION_SEND_QUEUE_MAX)
    return refuse (self, error, SE_ERROR_QUEUE_FULL,
                   g_strdup_printf (_("Cannot send: %zu bytes are already waiting on connection #%u because the peer is not reading; the send queue holds at most %d MiB"),
                                    self->queued_bytes, self->id, SE_CONNECTION_SEND_QUEUE_MAX / (1024 * 1024)));

  g_queue_push_tail (&self->send_queue, g_bytes_ref (data));
  self->queued_bytes += len;

  /* Write now if nothing was waiting; otherwise the write watch will. */
  if (self->write_source == 0)
    {
      g_autoptr(SeConnection) hold = g_object_ref (self);

      flush_queue (self);
    }
  else
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUED_BYTES]);
    }

  return TRUE;
}

gboolean
se_connection_shutdown (SeConnection  *self,
                        GError       **error)
{
  g_autoptr(SeConnection) hold = NULL;

  g_return_val_if_fail (SE_IS_CONNECTION (self), FALSE);

  if (self->fd < 0)
    {
      g_set_error (error, SE_ERROR, SE_ERROR_CLOSED,
                   _("Cannot shut down: connection #%u is closed"), self->id);
      return FALSE;
    }
  if (self->local_shut || self->shutdown_pending)
    {
      g_set_error (error, SE_ERROR, SE_ERROR_CLOSED,
                   _("Connection #%u is already shut down for writing"), self->id);
      return FALSE;
    }

  hold = g_object_ref (self);
  if (g_queue_is_empty (&self->send_queue))
    do_shutdown (self);
  else
    self->shutdown_pending = TRUE;

  return TRUE;
}

void
se_connection_close (SeConnection *self)
{
  g_autoptr(SeConnection) hold = NULL;

  g_return_if_fail (SE_IS_CONNECTION (self));

  if (self->fd < 0)
    return;

  hold = g_object_ref (self);
  begin_close (self);
}

void
_se_connection_close_now (SeConnection *self)
{
  g_autoptr(SeConnection) hold = NULL;

  g_return_if_fail (SE_IS_CONNECTION (self));

  if (self->fd < 0)
    return;

  hold = g_object_ref (self);
  /* Give what is queued one last non-blocking chance. */
  if (!g_queue_is_empty (&self->send_queue))
    flush_queue (self);
  se_connection_finish_close (self, NULL);
}

void
se_connection_reset (SeConnection *self)
{
  g_autoptr(SeConnection) hold = NULL;
  struct linger lin = { 1, 0 };

  g_return_if_fail (SE_IS_CONNECTION (self));

  if (self->fd < 0)
    return;

  hold = g_object_ref (self);
  /* SO_LINGER with a zero timeout makes close() send RST instead of FIN. */
  if (setsockopt (self->fd, SOL_SOCKET, SO_LINGER, &lin, sizeof lin) != 0)
    record_error (self, errno, "setsockopt");
  clear_queue (self);
  se_connection_finish_close (self, _("abortive close: SO_LINGER 0, the peer gets a reset (RST)"));
}

const char *
se_connection_state_to_string (SeConnectionState state)
{
  switch (state)
    {
    case SE_CONNECTION_STATE_CONNECTED:
      return _("connected");
    case SE_CONNECTION_STATE_HALF_CLOSED_LOCAL:
      return _("half-closed (we sent FIN)");
    case SE_CONNECTION_STATE_HALF_CLOSED_REMOTE:
      return _("half-closed (peer sent FIN)");
    case SE_CONNECTION_STATE_CLOSED:
      return _("closed");
    default:
      return "?";
    }
}
