/* se-relay.c: a listener that forwards every connection or datagram to a target
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The relay is layered on the engine's own objects: the SeListener
 * accepts (or reads datagrams), an SeClient connects to the target for
 * each accepted connection (or datagram source), and each leg is an
 * SeConnection of its own, so both legs are logged with their own ids
 * exactly as any listener's or client's are. The relay only moves bytes
 * between them: what one leg receives, the other sends; a full send
 * queue on one leg holds reading on the other; a FIN on one leg becomes
 * shutdown(SHUT_WR) on the other.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "se-client.h"
#include "se-connection-private.h"
#include "se-error.h"
#include "se-listener-private.h"
#include "se-relay.h"

/* Datagrams from one source kept while its socket to the target opens. */
#define MAX_PENDING_DATAGRAMS 64
/* Datagram sessions open at once, each a socket: a flood from many source
 * addresses must not use up the descriptors. */
#define MAX_DATAGRAM_SESSIONS 4096

typedef struct
{
  SeRelay      *relay;        /* unowned: the relay owns the session */
  SeConnection *accepted;     /* the client's leg */
  SeClient     *client;       /* connects the target's leg */
  SeConnection *target;       /* the target's leg, once connected */
  gboolean      accepted_held;
  gboolean      target_held;
} StreamSession;

typedef struct
{
  SeRelay  *relay;
  char     *source;           /* the sender, endpoint-address form */
  SeClient *client;           /* its socket to the target */
  GQueue    pending;          /* GBytes waiting for the socket to open */
  gint64    last_activity;    /* monotonic µs */
  gboolean  open;
} DatagramSession;

struct _SeRelay
{
  GObject      parent_instance;

  SeListener  *listener;      /* weak: the listener owns the relay */
  SeTrafficLog *log;
  SeEndpoint  *target;
  guint        idle_timeout_ms;

  GPtrArray   *streams;       /* StreamSession* */
  GHashTable  *datagrams;     /* source → DatagramSession* */
  /* On the context of the thread that attached the relay (the network
   * thread, in the window), not the global default. */
  GSource     *idle_source;
  GSource     *prune_source;  /* forgets finished sessions, outside their callbacks */
};

G_DEFINE_FINAL_TYPE (SeRelay, se_relay, G_TYPE_OBJECT)

static GQuark relay_quark;

static void stream_session_end (StreamSession *session);

/* helpers */

static GSource *
add_source (GSource     *source,
            GSourceFunc  func,
            gpointer     data)
{
  g_source_set_callback (source, func, data, NULL);
  g_source_attach (source, g_main_context_get_thread_default ());
  return source;
}

static void
clear_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static void
log_text (SeRelay      *self,
          SeEventKind   kind,
          SeConnection *connection,
          const char   *remote,
          const char   *text)
{
  SeEventInfo info = {
    .kind = kind,
    .protocol = se_endpoint_get_protocol (self->target),
    .text = text,
  };

  if (self->log == NULL)
    return;

  if (connection != NULL)
    {
      info.protocol = se_connection_get_protocol (connection);
      info.connection_id = se_connection_get_id (connection);
      _se_connection_set_info_addresses (connection, &info);
    }
  else if (self->listener != NULL)
    {
      SeEndpoint *bound = se_listener_get_endpoint (self->listener);

      info.protocol = se_endpoint_get_protocol (bound);
      info.remote = remote;
    }
  se_traffic_log_append_info (self->log, &info);
}

static StreamSession *
find_stream (SeRelay      *self,
             SeConnection *connection)
{
  for (guint i = 0; i < self->streams->len; i++)
    {
      StreamSession *session = g_ptr_array_index (self->streams, i);

      if (session->accepted == connection || session->target == connection)
        return session;
    }
  return NULL;
}

static void
stream_session_free (StreamSession *session)
{
  if (session->accepted != NULL)
    g_signal_handlers_disconnect_by_data (session->accepted, session);
  if (session->target != NULL)
    g_signal_handlers_disconnect_by_data (session->target, session);
  if (session->client != NULL)
    g_signal_handlers_disconnect_by_data (session->client, session);
  g_clear_object (&session->accepted);
  g_clear_object (&session->target);
  g_clear_object (&session->client);
  g_free (session);
}

static SeConnection *
other_leg (StreamSession *session,
           SeConnection  *leg)
{
  return leg == session->accepted ? session->target : session->accepted;
}

static void
set_held (StreamSession *session,
          SeConnection  *leg,
          gboolean       held)
{
  gboolean *flag = leg == session->accepted ? &session->accepted_held : &session->target_held;

  if (*flag == held)
    return;
  *flag = held;
  _se_connection_set_read_held (leg, held);
}

static gboolean
stream_session_is_done (StreamSession *session)
{
  return se_connection_get_state (session->accepted) == SE_CONNECTION_STATE_CLOSED &&
         (session->target == NULL ||
          se_connection_get_state (session->target) == SE_CONNECTION_STATE_CLOSED) &&
         (session->target != NULL || !se_client_get_connected (session->client));
}

static gboolean
prune_cb (gpointer user_data)
{
  SeRelay *self = user_data;

  g_clear_pointer (&self->prune_source, g_source_unref);
  for (guint i = self->streams->len; i > 0; i--)
    if (stream_session_is_done (g_ptr_array_index (self->streams, i - 1)))
      g_ptr_array_remove_index_fast (self->streams, i - 1);
  return G_SOURCE_REMOVE;
}

/* The session is over once both legs are closed (or the target's never
 * opened): forget it, once the callbacks that may still use it are done. */
static void
stream_session_maybe_done (StreamSession *session)
{
  SeRelay *self = session->relay;

  if (stream_session_is_done (session) && self->prune_source == NULL)
    self->prune_source = add_source (g_idle_source_new (), prune_cb, self);
}

/* callbacks */

static void
leg_received_cb (SeConnection  *leg,
                 GBytes        *bytes,
                 StreamSession *session)
{
  SeConnection *to = other_leg (session, leg);
  g_autoptr(GError) error = NULL;

  if (to == NULL || _se_connection_is_closing (to))
    return;

  /* A refused send is logged on that leg; the pair cannot go on without
   * losing bytes, so both legs end with a reset, as a relay must. */
  if (!se_connection_send (to, bytes, &error))
    {
      se_connection_reset (leg);
      se_connection_reset (to);
      return;
    }

  if (se_connection_get_queued_bytes (to) >= SE_RELAY_HOLD_QUEUED)
    set_held (session, leg, TRUE);
}

static void
leg_queued_cb (SeConnection  *leg,
               GParamSpec    *pspec,
               StreamSession *session)
{
  SeConnection *from = other_leg (session, leg);

  if (from != NULL && se_connection_get_queued_bytes (leg) <= SE_RELAY_RESUME_QUEUED)
    set_held (session, from, FALSE);
}

static void
leg_state_cb (SeConnection  *leg,
              GParamSpec    *pspec,
              StreamSession *session)
{
  SeConnection *to = other_leg (session, leg);

  /* The peer sent FIN on this leg: pass it on once what it sent before
   * has gone out on the other. */
  if (se_connection_get_state (leg) == SE_CONNECTION_STATE_HALF_CLOSED_REMOTE &&
      to != NULL && se_connection_get_state (to) != SE_CONNECTION_STATE_CLOSED &&
      se_connection_get_state (to) != SE_CONNECTION_STATE_HALF_CLOSED_LOCAL &&
      !_se_connection_is_closing (to))
    {
      g_autoptr(GError) error = NULL;

      se_connection_shutdown (to, &error);
    }
}

static void
leg_closed_cb (SeConnection  *leg,
               StreamSession *session)
{
  SeConnection *to = other_leg (session, leg);

  if (leg == session->accepted && session->target == NULL && session->client != NULL)
    {
      /* Still connecting: give up the attempt. */
      se_client_close (session->client);
    }
  else if (to != NULL)
    {
      /* Nothing more can come from this leg: the other sends what it
       * still holds, then closes. */
      set_held (session, to, FALSE);
      se_connection_close (to);
    }

  stream_session_maybe_done (session);
}

static void
watch_leg (StreamSession *session,
           SeConnection  *leg)
{
  g_signal_connect (leg, "received", G_CALLBACK (leg_received_cb), session);
  g_signal_connect (leg, "notify::queued-bytes", G_CALLBACK (leg_queued_cb), session);
  g_signal_connect (leg, "notify::state", G_CALLBACK (leg_state_cb), session);
  g_signal_connect (leg, "closed", G_CALLBACK (leg_closed_cb), session);
}

/* The client's connection exists (notified before it reads anything):
 * pair it with the accepted one. */
static void
client_connection_cb (SeClient      *client,
                      GParamSpec    *pspec,
                      StreamSession *session)
{
  SeRelay *self = session->relay;
  SeConnection *target = se_client_get_connection (client);

  if (target == NULL || session->target != NULL)
    return;

  session->target = g_object_ref (target);
  watch_leg (session, target);

  if (self->log != NULL)
    {
      /* "connect tcp #1 127.0.0.1:8080 -> 127.0.0.1:80 relayed to
       * connection #2": the client's connection now reaches the target. */
      SeEventInfo info = {
        .kind = SE_EVENT_CONNECT,
        .protocol = se_connection_get_protocol (session->accepted),
        .connection_id = se_connection_get_id (session->accepted),
        .local = se_connection_get_local_address (session->accepted),
        .remote = se_connection_get_remote_address (target),
        .detail = SE_EVENT_DETAIL_RELAYED,
        .detail_arg = se_connection_get_id (target),
      };

      se_traffic_log_append_info (self->log, &info);
    }

  if (se_connection_get_state (session->accepted) == SE_CONNECTION_STATE_CLOSED)
    {
      se_connection_close (target);
      return;
    }
  set_held (session, session->accepted, FALSE);
}

static void
client_connected_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(SeRelay) self = user_data;
  SeClient *client = SE_CLIENT (source);
  g_autoptr(GError) error = NULL;
  StreamSession *session = NULL;

  if (se_client_connect_finish (client, result, &error))
    return;

  for (guint i = 0; i < self->streams->len; i++)
    {
      StreamSession *candidate = g_ptr_array_index (self->streams, i);

      if (candidate->client == client)
        session = candidate;
    }
  if (session == NULL || session->target != NULL)
    return;

  /* The client logged why; the accepted connection says what it means. */
  if (se_connection_get_state (session->accepted) != SE_CONNECTION_STATE_CLOSED)
    {
      g_autofree char *target = se_endpoint_to_string (self->target);
      g_autofree char *text = g_strdup_printf (_("Relay: cannot reach %s (%s); closing connection #%u"),
                                               target, error->message,
                                               se_connection_get_id (session->accepted));

      log_text (self, SE_EVENT_ERROR, session->accepted, NULL, text);
      se_connection_close (session->accepted);
    }
  else
    {
      stream_session_maybe_done (session);
    }
}

static void
stream_session_start (SeRelay      *self,
                      SeConnection *accepted)
{
  StreamSession *session = g_new0 (StreamSession, 1);

  session->relay = self;
  session->accepted = g_object_ref (accepted);
  g_ptr_array_add (self->streams, session);

  /* Nothing is read from the client until there is somewhere to send it. */
  set_held (session, accepted, TRUE);
  watch_leg (session, accepted);

  session->client = se_client_new (self->target, self->log);
  g_signal_connect (session->client, "notify::connection",
                    G_CALLBACK (client_connection_cb), session);
  se_client_connect_async (session->client, NULL, client_connected_cb, g_object_ref (self));
}

/* The listener stopped: its connections closed at once, and so does the
 * other leg. */
static void
stream_session_end (StreamSession *session)
{
  if (session->target == NULL && session->client != NULL)
    se_client_close (session->client);
  if (session->target != NULL)
    _se_connection_close_now (session->target);
}

static void
connections_changed_cb (GListModel *connections,
                        guint       position,
                        guint       removed,
                        guint       added,
                        SeRelay    *self)
{
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(SeConnection) connection = g_list_model_get_item (connections, position + i);

      if (find_stream (self, connection) == NULL &&
          se_connection_get_state (connection) != SE_CONNECTION_STATE_CLOSED)
        stream_session_start (self, connection);
    }
}

/* datagrams */

static void
datagram_session_free (DatagramSession *session)
{
  g_signal_handlers_disconnect_by_data (session->client, session);
  se_client_close (session->client);
  g_object_unref (session->client);
  g_queue_clear_full (&session->pending, (GDestroyNotify) g_bytes_unref);
  g_free (session->source);
  g_free (session);
}

static void
datagram_reply_cb (SeClient        *client,
                   GBytes          *bytes,
                   const char      *from,
                   DatagramSession *session)
{
  SeRelay *self = session->relay;
  g_autoptr(GError) error = NULL;

  session->last_activity = g_get_monotonic_time ();
  /* Logged by the listener, failure included. */
  if (self->listener != NULL)
    se_listener_send_to (self->listener, session->source, bytes, &error);
}

/* "connect udp 127.0.0.1:8080 <- 127.0.0.1:51000 datagrams from this
 * sender relayed through connection #2": the note that ties a sender to
 * the leg to the target, before the first datagram goes out on it (a
 * diagram draws the session as one relay between them). */
static void
log_datagram_session (SeRelay         *self,
                      DatagramSession *session)
{
  g_autofree char *bound = NULL;
  SeEndpoint *endpoint;
  SeEventInfo info = {
    .kind = SE_EVENT_CONNECT,
    .detail = SE_EVENT_DETAIL_RELAYED,
    .detail_arg = se_client_get_id (session->client),
    .remote = session->source,
  };

  if (self->log == NULL || self->listener == NULL)
    return;

  endpoint = se_listener_get_endpoint (self->listener);
  bound = se_endpoint_to_address (endpoint);
  info.protocol = se_endpoint_get_protocol (endpoint);
  info.local = bound;
  se_traffic_log_append_info (self->log, &info);
}

static void
datagram_connected_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(SeRelay) self = user_data;
  SeClient *client = SE_CLIENT (source);
  g_autoptr(GError) error = NULL;
  DatagramSession *session = NULL;
  GHashTableIter iter;
  gpointer value;
  GBytes *bytes;

  g_hash_table_iter_init (&iter, self->datagrams);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((DatagramSession *) value)->client == client)
      session = value;

  if (!se_client_connect_finish (client, result, &error))
    {
      /* The client logged why; forget the session (the next datagram
       * from the source tries again). */
      if (session != NULL)
        g_hash_table_remove (self->datagrams, session->source);
      return;
    }
  if (session == NULL)
    return;

  session->open = TRUE;
  log_datagram_session (self, session);
  while ((bytes = g_queue_pop_head (&session->pending)) != NULL)
    {
      g_autoptr(GError) send_error = NULL;

      se_client_send (client, bytes, &send_error);
      g_bytes_unref (bytes);
    }
}

static gboolean
idle_cb (gpointer user_data)
{
  SeRelay *self = user_data;
  gint64 limit = g_get_monotonic_time () - (gint64) self->idle_timeout_ms * 1000;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->datagrams);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      DatagramSession *session = value;

      if (session->open && session->last_activity <= limit)
        {
          g_autofree char *text = g_strdup_printf (_("Relay: the session of %s ended after %.1f s without a datagram either way"),
                                                   session->source,
                                                   self->idle_timeout_ms / 1000.0);

          log_text (self, SE_EVENT_CLOSE, NULL, session->source, text);
          g_hash_table_iter_remove (&iter);
        }
    }

  if (g_hash_table_size (self->datagrams) == 0)
    {
      g_clear_pointer (&self->idle_source, g_source_unref);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
ensure_idle_timer (SeRelay *self)
{
  if (self->idle_source != NULL || self->idle_timeout_ms == 0)
    return;

  /* Sessions end within a quarter of the timeout of going quiet. */
  self->idle_source = add_source (g_timeout_source_new (MAX (self->idle_timeout_ms / 4, 10)),
                                  idle_cb, self);
}

static void
datagram_cb (SeListener   *listener,
             const char   *from,
             const guint8 *data,
             gsize         len,
             gboolean      can_reply,
             gpointer      user_data)
{
  SeRelay *self = user_data;
  DatagramSession *session;
  g_autoptr(GBytes) bytes = NULL;

  if (!can_reply)
    {
      log_text (self, SE_EVENT_ERROR, NULL, from,
                _("Relay: the sender's socket has no address (an unbound Unix datagram socket), so no reply could reach it; not relayed"));
      return;
    }

  session = g_hash_table_lookup (self->datagrams, from);
  if (session == NULL && g_hash_table_size (self->datagrams) >= MAX_DATAGRAM_SESSIONS)
    {
      log_text (self, SE_EVENT_ERROR, NULL, from,
                _("Relay: datagram dropped, 4096 sources already have a session (each a socket); one ends after its idle timeout"));
      return;
    }
  if (session == NULL)
    {
      session = g_new0 (DatagramSession, 1);
      session->relay = self;
      session->source = g_strdup (from);
      g_queue_init (&session->pending);
      session->client = se_client_new (self->target, self->log);
      g_signal_connect (session->client, "received", G_CALLBACK (datagram_reply_cb), session);
      g_hash_table_insert (self->datagrams, session->source, session);
      se_client_connect_async (session->client, NULL, datagram_connected_cb, g_object_ref (self));
      ensure_idle_timer (self);
    }

  session->last_activity = g_get_monotonic_time ();
  bytes = g_bytes_new (data, len);

  if (session->open)
    {
      g_autoptr(GError) error = NULL;

      /* Logged by the client, failure included. */
      se_client_send (session->client, bytes, &error);
    }
  else if (g_queue_get_length (&session->pending) < MAX_PENDING_DATAGRAMS)
    {
      g_queue_push_tail (&session->pending, g_steal_pointer (&bytes));
    }
  else
    {
      log_text (self, SE_EVENT_ERROR, NULL, from,
                _("Relay: datagram dropped, the socket to the target is not open yet and already holds 64"));
    }
}

static void
close_all (SeRelay *self)
{
  /* A copy: ending one session may change the list. The copy only
   * borrows the sessions (g_ptr_array_copy() would copy the free func). */
  g_autoptr(GPtrArray) streams = g_ptr_array_copy (self->streams, NULL, NULL);

  g_ptr_array_set_free_func (streams, NULL);
  for (guint i = 0; i < streams->len; i++)
    stream_session_end (g_ptr_array_index (streams, i));
  g_hash_table_remove_all (self->datagrams);
  clear_source (&self->idle_source);
}

static void
listener_running_cb (SeListener *listener,
                     GParamSpec *pspec,
                     SeRelay    *self)
{
  if (!se_listener_get_running (listener))
    close_all (self);
}

/* overrides */

static void
se_relay_dispose (GObject *object)
{
  SeRelay *self = (SeRelay *)object;

  if (self->listener != NULL)
    {
      _se_listener_set_datagram_func (self->listener, NULL, NULL);
      g_object_remove_weak_pointer (G_OBJECT (self->listener), (gpointer *) &self->listener);
      self->listener = NULL;
    }
  if (self->streams != NULL)
    close_all (self);
  g_clear_pointer (&self->streams, g_ptr_array_unref);
  g_clear_pointer (&self->datagrams, g_hash_table_unref);
  clear_source (&self->idle_source);
  clear_source (&self->prune_source);

  G_OBJECT_CLASS (se_relay_parent_class)->dispose (object);
}

static void
se_relay_finalize (GObject *object)
{
  SeRelay *self = (SeRelay *)object;

  g_clear_object (&self->log);
  g_clear_pointer (&self->target, se_endpoint_unref);

  G_OBJECT_CLASS (se_relay_parent_class)->finalize (object);
}

static void
se_relay_class_init (SeRelayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = se_relay_dispose;
  object_class->finalize = se_relay_finalize;

  relay_quark = g_quark_from_static_string ("se-relay");
}

static void
se_relay_init (SeRelay *self)
{
  self->idle_timeout_ms = SE_RELAY_DEFAULT_IDLE_TIMEOUT_MS;
  self->streams = g_ptr_array_new_with_free_func ((GDestroyNotify) stream_session_free);
  self->datagrams = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                           (GDestroyNotify) datagram_session_free);
}

/* public API */

SeRelay *
se_relay_attach (SeListener  *listener,
                 SeEndpoint  *target,
                 GError     **error)
{
  g_autoptr(SeResponder) none = NULL;
  SeRelay *self;
  SeEndpoint *endpoint;

  g_return_val_if_fail (SE_IS_LISTENER (listener), NULL);
  g_return_val_if_fail (target != NULL, NULL);

  endpoint = se_listener_get_endpoint (listener);
  if (se_endpoint_is_stream (endpoint) != se_endpoint_is_stream (target))
    {
      g_set_error_literal (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
                           _("A relay joins like with like: a stream listener (tcp, unix) to a stream target, a datagram listener (udp, unix-dgram) to a datagram target"));
      return NULL;
    }
  if (se_listener_get_running (listener) || se_relay_get_for_listener (listener) != NULL)
    {
      g_set_error_literal (error, SE_ERROR, SE_ERROR_FAILED,
                           _("A relay is set up before its listener starts, once"));
      return NULL;
    }

  g_type_ensure (SE_TYPE_RELAY);
  self = g_object_new (SE_TYPE_RELAY, NULL);
  self->listener = listener;
  g_object_add_weak_pointer (G_OBJECT (listener), (gpointer *) &self->listener);
  self->target = se_endpoint_ref (target);
  if (_se_listener_get_log (listener) != NULL)
    self->log = g_object_ref (_se_listener_get_log (listener));

  /* Bytes go where the relay sends them, and a FIN is passed on rather
   * than closing the connection. */
  none = se_responder_new (SE_RESPONDER_NONE, NULL);
  se_listener_set_responder (listener, none);
  se_listener_set_close_on_eof (listener, FALSE);

  g_signal_connect_object (se_listener_get_connections (listener), "items-changed",
                           G_CALLBACK (connections_changed_cb), self, 0);
  g_signal_connect_object (listener, "notify::running",
                           G_CALLBACK (listener_running_cb), self, 0);
  _se_listener_set_datagram_func (listener, datagram_cb, self);

  /* The listener keeps the relay; the caller gets a reference too. */
  g_object_set_qdata_full (G_OBJECT (listener), relay_quark, g_object_ref (self), g_object_unref);

  return self;
}

SeRelay *
se_relay_get_for_listener (SeListener *listener)
{
  g_return_val_if_fail (SE_IS_LISTENER (listener), NULL);

  if (relay_quark == 0)
    return NULL;
  return g_object_get_qdata (G_OBJECT (listener), relay_quark);
}

SeListener *
se_relay_get_listener (SeRelay *self)
{
  g_return_val_if_fail (SE_IS_RELAY (self), NULL);
  return self->listener;
}

SeEndpoint *
se_relay_get_target (SeRelay *self)
{
  g_return_val_if_fail (SE_IS_RELAY (self), NULL);
  return self->target;
}

guint
se_relay_get_idle_timeout_ms (SeRelay *self)
{
  g_return_val_if_fail (SE_IS_RELAY (self), 0);
  return self->idle_timeout_ms;
}

void
se_relay_set_idle_timeout_ms (SeRelay *self,
                              guint    timeout_ms)
{
  g_return_if_fail (SE_IS_RELAY (self));

  self->idle_timeout_ms = timeout_ms;
  clear_source (&self->idle_source);
  if (g_hash_table_size (self->datagrams) > 0)
    ensure_idle_timer (self);
}

guint
se_relay_get_n_sessions (SeRelay *self)
{
  g_return_val_if_fail (SE_IS_RELAY (self), 0);
  return self->streams->len + g_hash_table_size (self->datagrams);
}

guint
se_relay_get_paired_id (SeRelay *self,
                        guint    connection_id)
{
  g_return_val_if_fail (SE_IS_RELAY (self), 0);

  for (guint i = 0; i < self->streams->len; i++)
    {
      StreamSession *session = g_ptr_array_index (self->streams, i);
      guint accepted_id = se_connection_get_id (session->accepted);
      guint target_id = se_client_get_id (session->client);

      if (accepted_id == connection_id)
        return target_id;
      if (target_id == connection_id)
        return accepted_id;
    }
  return 0;
}
