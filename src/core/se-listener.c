/* se-listener.c: a TCP, UDP, Unix stream or Unix datagram listener
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Stream listeners accept on the main loop and hand each peer to an
 * SeConnection; datagram listeners read each datagram, run the responder
 * and reply to the sender's address. One non-blocking socket each, watched
 * by the reactor (se-reactor.c); nothing blocks the loop. Datagrams are
 * read and answered in batches (recvmmsg/sendmmsg), peers are accepted in
 * batches.
 *
 * This file is the GObject (properties, signals, construction, getters
 * and setters). Binding, starting and stopping are in se-listener-start.c,
 * accepting peers in se-listener-stream.c, datagrams in
 * se-listener-datagram.c, and the events every part appends in
 * se-listener-events.c (se-listener-private.h is what they share).
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "se-connection-private.h"
#include "se-error.h"
#include "se-listener-private.h"
#include "se-peer-private.h"
#include "se-rule-private.h"

G_DEFINE_FINAL_TYPE (SeListener, se_listener, G_TYPE_OBJECT)

/* overrides */

static void
se_listener_dispose (GObject *object)
{
  SeListener *self = (SeListener *)object;

  if (self->running)
    se_listener_stop (self);
  _se_listener_close_socket (self);
  se_rate_meter_timer_clear (&self->rate_timer);

  g_clear_object (&self->connections);
  g_clear_object (&self->log);

  G_OBJECT_CLASS (se_listener_parent_class)->dispose (object);
}

static void
se_listener_finalize (GObject *object)
{
  SeListener *self = (SeListener *)object;

  g_clear_pointer (&self->endpoint, se_endpoint_unref);
  g_clear_pointer (&self->responder, se_responder_unref);
  g_clear_pointer (&self->rules, se_rule_set_unref);
  g_clear_pointer (&self->peer_index, g_hash_table_unref);
  g_clear_object (&self->peers);
  g_clear_pointer (&self->touched, g_ptr_array_unref);
  g_free (self->local_address);
  _se_datagram_socket_clear (&self->datagram);
  _se_datagram_options_clear (&self->multicast);
  g_clear_object (&self->tls_certificate);
  g_free (self->tls_fingerprint);
  g_free (self->tls_cert_file);
  g_free (self->tls_key_file);
  _se_listener_discard_replies (self);
  g_free (self->replies);
  g_free (self->queued);

  G_OBJECT_CLASS (se_listener_parent_class)->finalize (object);
}

static void
se_listener_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SeListener *self = SE_LISTENER (object);

  if (prop_id >= PROP_RATE_FIRST && prop_id < N_PROPS)
    {
      g_value_set_double (value, se_rate_meter_get (&self->rates, prop_id - PROP_RATE_FIRST));
      return;
    }

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_boxed (value, self->endpoint);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_BACKLOG:
      g_value_set_uint (value, self->backlog);
      break;
    case PROP_MAX_CONNECTIONS:
      g_value_set_uint (value, self->max_connections);
      break;
    case PROP_IDLE_TIMEOUT:
      g_value_set_uint (value, self->idle_timeout);
      break;
    case PROP_CLOSE_ON_EOF:
      g_value_set_boolean (value, self->close_on_eof);
      break;
    case PROP_RECEIVE_BUFFER:
      g_value_set_uint (value, self->receive_buffer);
      break;
    case PROP_MULTICAST_GROUPS:
      g_value_set_boxed (value, self->multicast.groups);
      break;
    case PROP_MULTICAST_TTL:
      g_value_set_int (value, self->multicast.ttl);
      break;
    case PROP_MULTICAST_LOOP:
      g_value_set_boolean (value, self->multicast.loop);
      break;
    case PROP_TLS_FINGERPRINT:
      g_value_set_string (value, self->tls_fingerprint);
      break;
    case PROP_TLS_CERT_FILE:
      g_value_set_string (value, self->tls_cert_file);
      break;
    case PROP_TLS_KEY_FILE:
      g_value_set_string (value, self->tls_key_file);
      break;
    case PROP_READ_SIZE:
      g_value_set_uint (value, self->read_size);
      break;
    case PROP_ID:
      g_value_set_uint (value, self->id);
      break;
    case PROP_RESPONDER:
      g_value_set_boxed (value, self->responder);
      break;
    case PROP_RULES:
      g_value_set_boxed (value, self->rules);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
se_listener_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SeListener *self = SE_LISTENER (object);

  switch (prop_id)
    {
    case PROP_BACKLOG:
      se_listener_set_backlog (self, g_value_get_uint (value));
      break;
    case PROP_MAX_CONNECTIONS:
      se_listener_set_max_connections (self, g_value_get_uint (value));
      break;
    case PROP_IDLE_TIMEOUT:
      se_listener_set_idle_timeout (self, g_value_get_uint (value));
      break;
    case PROP_CLOSE_ON_EOF:
      se_listener_set_close_on_eof (self, g_value_get_boolean (value));
      break;
    case PROP_RECEIVE_BUFFER:
      se_listener_set_receive_buffer (self, g_value_get_uint (value));
      break;
    case PROP_MULTICAST_GROUPS:
      {
        g_autoptr(GError) error = NULL;

        if (!se_listener_set_multicast_groups (self, g_value_get_boxed (value), &error))
          g_warning ("%s", error->message);
      }
      break;
    case PROP_MULTICAST_TTL:
      se_listener_set_multicast_ttl (self, g_value_get_int (value));
      break;
    case PROP_MULTICAST_LOOP:
      se_listener_set_multicast_loop (self, g_value_get_boolean (value));
      break;
    case PROP_READ_SIZE:
      se_listener_set_read_size (self, g_value_get_uint (value));
      break;
    case PROP_RULES:
      se_listener_set_rules (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
se_listener_class_init (SeListenerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = se_listener_dispose;
  object_class->finalize = se_listener_finalize;
  object_class->get_property = se_listener_get_property;
  object_class->set_property = se_listener_set_property;

  _se_listener_properties[PROP_ENDPOINT] =
    g_param_spec_boxed ("endpoint", NULL, NULL, SE_TYPE_ENDPOINT,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _se_listener_properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _se_listener_properties[PROP_BACKLOG] =
    g_param_spec_uint ("backlog", NULL, NULL, 1, 65535, SE_LISTENER_DEFAULT_BACKLOG,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Peers accepted past this many open connections are closed at once,
   * and the log says so; 0 = no limit. */
  _se_listener_properties[PROP_MAX_CONNECTIONS] =
    g_param_spec_uint ("max-connections", NULL, NULL, 0, G_MAXUINT, SE_LISTENER_DEFAULT_MAX_CONNECTIONS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Seconds without a byte either way after which a connection is
   * closed; 0 = never. */
  _se_listener_properties[PROP_IDLE_TIMEOUT] =
    g_param_spec_uint ("idle-timeout", NULL, NULL, 0, G_MAXUINT / 4, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Close a connection once its peer has sent FIN, even without a
   * responder (the tutorials' servers do). */
  _se_listener_properties[PROP_CLOSE_ON_EOF] =
    g_param_spec_boolean ("close-on-eof", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* SO_RCVBUF asked for a datagram socket at start; 0 = the kernel's. */
  _se_listener_properties[PROP_RECEIVE_BUFFER] =
    g_param_spec_uint ("receive-buffer", NULL, NULL, 0, G_MAXINT / 2, SE_LISTENER_DEFAULT_RECEIVE_BUFFER,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _se_listener_properties[PROP_MULTICAST_GROUPS] =
    g_param_spec_boxed ("multicast-groups", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _se_listener_properties[PROP_MULTICAST_TTL] =
    g_param_spec_int ("multicast-ttl", NULL, NULL, -1, 255, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _se_listener_properties[PROP_MULTICAST_LOOP] =
    g_param_spec_boolean ("multicast-loop", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* tls://: the SHA-256 fingerprint of the listener's certificate, once
   * it has one (given, or made on start); NULL before. */
  _se_listener_properties[PROP_TLS_FINGERPRINT] =
    g_param_spec_string ("tls-fingerprint", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* tls://: the PEM files of its certificate and key, read at each
   * start (se_listener_set_tls_files()); NULL for none. */
  _se_listener_properties[PROP_TLS_CERT_FILE] =
    g_param_spec_string ("tls-cert-file", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _se_listener_properties[PROP_TLS_KEY_FILE] =
    g_param_spec_string ("tls-key-file", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The bufsize of every recv()/recvfrom(), for connections accepted and
   * datagrams read from now on. */
  _se_listener_properties[PROP_READ_SIZE] =
    g_param_spec_uint ("read-size", NULL, NULL, 1, SE_CONNECTION_READ_SIZE_DEFAULT,
                       SE_CONNECTION_READ_SIZE_DEFAULT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _se_listener_properties[PROP_ID] =
    g_param_spec_uint ("id", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  _se_listener_properties[PROP_RESPONDER] =
    g_param_spec_boxed ("responder", NULL, NULL, SE_TYPE_RESPONDER,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Match-and-reply rules, tried before the responder (NULL: none). */
  _se_listener_properties[PROP_RULES] =
    g_param_spec_boxed ("rules", NULL, NULL, SE_TYPE_RULE_SET,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* Bytes and messages per second over the last second, of all its
   * connections and datagrams (se-rate-meter.h). */
  se_rate_meter_make_properties (_se_listener_properties, PROP_RATE_FIRST);

  g_object_class_install_properties (object_class, N_PROPS, _se_listener_properties);

  /**
   * SeListener::datagram-received:
   * @data: the bytes of one datagram (at most 64 KiB of it)
   * @from: the sender, in endpoint-address form
   *
   * Datagram listeners: one datagram read, after it was logged.
   */
  _se_listener_signals[DATAGRAM_RECEIVED] =
    g_signal_new ("datagram-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_BYTES, G_TYPE_STRING);
}

static void
se_listener_init (SeListener *self)
{
  static guint next_id = 0;

  self->id = ++next_id;
  self->fd = -1;
  _se_datagram_socket_init (&self->datagram);
  _se_datagram_options_init (&self->multicast);
  self->backlog = SE_LISTENER_DEFAULT_BACKLOG;
  self->max_connections = SE_LISTENER_DEFAULT_MAX_CONNECTIONS;
  self->receive_buffer = SE_LISTENER_DEFAULT_RECEIVE_BUFFER;
  self->read_size = SE_CONNECTION_READ_SIZE_DEFAULT;
  self->connections = g_list_store_new (SE_TYPE_CONNECTION);
  self->peers = g_list_store_new (SE_TYPE_PEER);
  self->peer_index = g_hash_table_new (_se_sockaddr_hash, _se_sockaddr_equal);
  self->touched = g_ptr_array_new ();
}

/* private API */

void
_se_listener_set_datagram_func (SeListener             *self,
                                SeListenerDatagramFunc  func,
                                gpointer                user_data)
{
  g_return_if_fail (SE_IS_LISTENER (self));

  self->datagram_func = func;
  self->datagram_data = user_data;
}

SeTrafficLog *
_se_listener_get_log (SeListener *self)
{
  g_return_val_if_fail (SE_IS_LISTENER (self), NULL);

  return self->log;
}

/* public API */

SeListener *
se_listener_new (SeEndpoint   *endpoint,
                 SeResponder  *responder,
                 SeTrafficLog *log)
{
  SeListener *self;

  g_return_val_if_fail (endpoint != NULL, NULL);
  g_return_val_if_fail (log == NULL || SE_IS_TRAFFIC_LOG (log), NULL);

  self = g_object_new (SE_TYPE_LISTENER, NULL);
  self->endpoint = se_endpoint_ref (endpoint);
  self->responder = responder ? se_responder_ref (responder) : se_responder_new (SE_RESPONDER_NONE, NULL);
  self->log = log ? g_object_ref (log) : NULL;

  return self;
}

SeEndpoint *
se_listener_get_endpoint (SeListener *self)
{
  g_return_val_if_fail (SE_IS_LISTENER (self), NULL);
  return self->endpoint;
}

SeResponder *
se_listener_get_responder (SeListener *self)
{
  g_return_val_if_fail (SE_IS_LISTENER (self), NULL);
  return self->responder;
}

/* Applies to connections accepted from now on and to datagrams. */
void
se_listener_set_responder (SeListener  *self,
                           SeResponder *responder)
{
  g_return_if_fail (SE_IS_LISTENER (self));
  g_return_if_fail (responder != NULL);

  if (self->responder == responder)
    return;

  se_responder_ref (responder);
  g_clear_pointer (&self->responder, se_responder_unref);
  self->responder = responder;
  g_object_notify_by_pspec (G_OBJECT (self), _se_listener_properties[PROP_RESPONDER]);
}

SeRuleSet *
se_listener_get_rules (SeListener *self)
{
  g_return_val_if_fail (SE_IS_LISTENER (self), NULL);
  return self->rules;
}

/* Applies to connections accepted from now on and to datagrams; an empty
 * set is the same as none. */
void
se_listener_set_rules (SeListener *self,
                       SeRuleSet  *rules)
{
  g_autoptr(SeRuleSet) kept = NULL;

  g_return_if_fail (SE_IS_LISTENER (self));

  kept = _se_rule_set_ref_if_any (rules);
  if (self->rules == kept)
    return;

  g_clear_pointer (&self->rules, se_rule_set_unref);
  self->rules = g_steal_pointer (&kept);
  g_object_notify_by_pspec (G_OBJECT (self), _se_listener_properties[PROP_RULES]);
}

guint
se_listener_get_backlog (SeListener *self)
{
  g_return_val_if_fail (SE_IS_LISTENER (self), 0);
  return self->backlog;
}

void
se_listener_set_backlog (SeListener *self,
                         guint       backlog)
{
  g_return_if_fail (SE_IS_LISTENER (self));

  backlog = CLAMP (backlog, 1, 65535);
  if (self->backlog == backlog)
    return;

  self->backlog = backlog;
  g_object_notify_by_pspec (G_OBJECT (self), _se_listener_properties[PROP_BACKLOG]);
}

#define DEFINE_UINT_PROPERTY(name, field, PROP, after)            \
guint                                                              \
se_listener_get_##name (SeListener *self)                         \
{                                                                  \
  g_return_val_if_fail (SE_IS_LISTENER (self), 0);                 \
  return self->field;                                              \
}                                                                  \
                                                                   \
void                                                               \
se_listener_set_##name (SeListener *self,                          \
                        guint       value)                         \
{                                                                  \
  g_return_if_fail (SE_IS_LISTENER (self));                        \
  if (self->field == value)                                        \
    return;                                                        \
  self->field = value;                                             \
  after;                                                           \
  g_object_notify_by_pspec (G_OBJECT (self), _se_listener_properties[PROP]);    \
}

DEFINE_UINT_PROPERTY (max_connections, max_connections, PROP_MAX_CONNECTIONS, (void) 0)
DEFINE_UINT_PROPERTY (idle_timeout, idle_timeout, PROP_IDLE_TIMEOUT, _se_listener_update_idle_timer (self))
DEFINE_UINT_PROPERTY (receive_buffer, receive_buffer, PROP_RECEIVE_BUFFER, (void) 0)

const char * const *
se_listener_get_multicast_groups (SeListener *self)
{
  g_return_val_if_fail (SE_IS_LISTENER (self), NULL);

  return (const char * const *) self->multicast.groups;
}

gboolean
se_listener_set_multicast_groups (SeListener         *self,
                                  const char * const *groups,
                                  GError            **error)
{
  g_return_val_if_fail (SE_IS_LISTENER (self), FALSE);

  if (!_se_datagram_options_set_groups (&self->multicast, groups, error))
    return FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), _se_listener_properties[PROP_MULTICAST_GROUPS]);
  return TRUE;
}

int
se_listener_get_multicast_ttl (SeListener *self)
{
  g_return_val_if_fail (SE_IS_LISTENER (self), -1);

  return self->multicast.ttl;
}

void
se_listener_set_multicast_ttl (SeListener *self,
                               int         ttl)
{
  g_return_if_fail (SE_IS_LISTENER (self));

  if (_se_datagram_options_set_ttl (&self->multicast, ttl))
    g_object_notify_by_pspec (G_OBJECT (self), _se_listener_properties[PROP_MULTICAST_TTL]);
}

gboolean
se_listener_get_multicast_loop (SeListener *self)
{
  g_return_val_if_fail (SE_IS_LISTENER (self), TRUE);

  return self->multicast.loop;
}

void
se_listener_set_multicast_loop (SeListener *self,
                                gboolean    loop)
{
  g_return_if_fail (SE_IS_LISTENER (self));

  if (_se_datagram_options_set_loop (&self->multicast, loop))
    g_object_notify_by_pspec (G_OBJECT (self), _se_listener_properties[PROP_MULTICAST_LOOP]);
}

guint
se_listener_get_read_size (SeListener *self)
{
  g_return_val_if_fail (SE_IS_LISTENER (self), SE_CONNECTION_READ_SIZE_DEFAULT);
  return self->read_size;
}

void
se_listener_set_read_size (SeListener *self,
                           guint       read_size)
{
  g_return_if_fail (SE_IS_LISTENER (self));
  read_size = CLAMP (read_size, 1, SE_CONNECTION_READ_SIZE_DEFAULT);
  if (self->read_size == read_size)
    return;
  self->read_size = read_size;
  _se_datagram_socket_set_read_size (&self->datagram, read_size);
  g_object_notify_by_pspec (G_OBJECT (self), _se_listener_properties[PROP_READ_SIZE]);
}

gboolean
se_listener_get_close_on_eof (SeListener *self)
{
  g_return_val_if_fail (SE_IS_LISTENER (self), FALSE);
  return self->close_on_eof;
}

void
se_listener_set_close_on_eof (SeListener *self,
                              gboolean    close_on_eof)
{
  g_return_if_fail (SE_IS_LISTENER (self));

  close_on_eof = !!close_on_eof;
  if (self->close_on_eof == close_on_eof)
    return;
  self->close_on_eof = close_on_eof;
  g_object_notify_by_pspec (G_OBJECT (self), _se_listener_properties[PROP_CLOSE_ON_EOF]);
}

gboolean
se_listener_get_running (SeListener *self)
{
  g_return_val_if_fail (SE_IS_LISTENER (self), FALSE);
  return self->running;
}

guint
se_listener_get_id (SeListener *self)
{
  g_return_val_if_fail (SE_IS_LISTENER (self), 0);
  return self->id;
}

GListModel *
se_listener_get_connections (SeListener *self)
{
  g_return_val_if_fail (SE_IS_LISTENER (self), NULL);
  return G_LIST_MODEL (self->connections);
}

GListModel *
se_listener_get_peers (SeListener *self)
{
  g_return_val_if_fail (SE_IS_LISTENER (self), NULL);
  return G_LIST_MODEL (self->peers);
}

int
_se_listener_get_socket (SeListener    *self,
                         SeTrafficLog **log)
{
  g_return_val_if_fail (SE_IS_LISTENER (self), -1);

  if (log != NULL)
    *log = self->log;
  return self->fd;
}
