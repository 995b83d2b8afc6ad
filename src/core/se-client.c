/* se-client.c: a client of a TCP, UDP, Unix stream or Unix datagram endpoint
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Stream clients resolve the host without blocking (GResolver), then try
 * each address in turn with a non-blocking connect() and a timeout, like
 * socket.create_connection(). Datagram clients own one socket that sends to
 * the target and receives the replies.
 *
 * This file is the GObject (properties, signals, construction, close),
 * the helpers every part uses and the end of a connect; the connect
 * attempts are in se-client-connect.c, the datagram socket in
 * se-client-datagram.c (se-client-private.h is what they share).
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "se-client-private.h"
#include "se-connection-private.h"
#include "se-error.h"
#include "se-rule-private.h"

GParamSpec *_se_client_properties[N_PROPS];
guint _se_client_signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SeClient, se_client, G_TYPE_OBJECT)

/* helpers */

SeProtocol
_se_client_protocol (SeClient *self)
{
  return se_endpoint_get_protocol (self->target);
}

/* Appends an event of this client: its protocol and id (a stream
 * client's connection shares it, so its whole story is one thread). */
void
_se_client_append_info (SeClient    *self,
                        SeEventInfo *info)
{
  if (self->log == NULL)
    return;

  info->protocol = _se_client_protocol (self);
  info->connection_id = self->id;
  se_traffic_log_append_info (self->log, info);
}

void
_se_client_log_event (SeClient     *self,
                      SeEventKind   kind,
                      const char   *local,
                      const char   *remote,
                      guint64       size,
                      const guint8 *data,
                      gsize         data_len,
                      const char   *detail)
{
  SeEventInfo info = {
    .kind = kind,
    .local = local,
    .remote = remote,
    .size = size,
    .data = data,
    .data_len = data_len,
    .text = detail,
  };

  _se_client_append_info (self, &info);
}

/* A call that failed with errsv, as an error event naming it. */
void
_se_client_log_failed_call (SeClient   *self,
                            const char *local,
                            const char *remote,
                            const char *detail,
                            SeCall      call,
                            int         errsv,
                            gsize       asked)
{
  SeEventInfo info = {
    .kind = SE_EVENT_ERROR,
    .local = local,
    .remote = remote,
    .text = detail,
    .call = call,
    .ret = -1,
    .error_number = call != SE_CALL_NONE ? errsv : 0,
    .asked = (guint32) MIN (asked, G_MAXUINT32),
  };

  _se_client_append_info (self, &info);
}

static gboolean
rate_tick_cb (gpointer user_data)
{
  SeClient *self = user_data;
  gint64 now = g_get_monotonic_time ();
  guint64 totals[SE_RATE_N_KINDS];

  /* A stream client's traffic is its connection's. */
  if (self->connection != NULL)
    {
      _se_connection_sample_rates (self->connection, now);
      totals[SE_RATE_BYTES_RECEIVED] = se_connection_get_bytes_received (self->connection);
      totals[SE_RATE_BYTES_SENT] = se_connection_get_bytes_sent (self->connection);
      totals[SE_RATE_MESSAGES_RECEIVED] = se_connection_get_messages_received (self->connection);
      totals[SE_RATE_MESSAGES_SENT] = se_connection_get_messages_sent (self->connection);
    }
  else
    {
      totals[SE_RATE_BYTES_RECEIVED] = self->bytes_received;
      totals[SE_RATE_BYTES_SENT] = self->bytes_sent;
      totals[SE_RATE_MESSAGES_RECEIVED] = self->datagrams_received;
      totals[SE_RATE_MESSAGES_SENT] = self->datagrams_sent;
    }
  se_rate_meter_notify (G_OBJECT (self), _se_client_properties, PROP_RATE_FIRST,
                        se_rate_meter_sample (&self->rates, now, totals));

  return G_SOURCE_CONTINUE;
}

/* Every change of connected comes through here: the rates are sampled
 * while connected (or open, for datagrams). */
void
_se_client_notify_connected (SeClient *self)
{
  gboolean connected = se_client_get_connected (self);

  if (connected && self->rate_timer == NULL)
    {
      se_rate_meter_init (&self->rates);
      rate_tick_cb (self);  /* the baseline */
      self->rate_timer = se_rate_meter_timer_new (rate_tick_cb, self);
    }
  else if (!connected && self->rate_timer != NULL)
    {
      se_rate_meter_timer_clear (&self->rate_timer);
      se_rate_meter_notify (G_OBJECT (self), _se_client_properties, PROP_RATE_FIRST,
                            se_rate_meter_reset (&self->rates));
    }
  g_object_notify_by_pspec (G_OBJECT (self), _se_client_properties[PROP_CONNECTED]);
}

void
_se_client_cancel_attempt (SeClient *self)
{
  /* A connect() held in step mode is never made. */
  if (self->connect_held)
    {
      self->connect_held = FALSE;
      _se_stepper_forget (G_OBJECT (self));
    }
  _se_watch_clear (&self->attempt_watch);
  _se_source_clear (&self->timeout_source);
  if (self->attempt_fd >= 0)
    {
      /* The failed attempt's socket: its state asked before close(). */
      SeEventInfo info = {
        .kind = SE_EVENT_CLOSE,
        .remote = self->attempt_text,
        .call = SE_CALL_CLOSE,
        .tcp_state = _se_client_protocol (self) == SE_PROTOCOL_TCP ? _se_socket_tcp_state (self->attempt_fd) : SE_TCP_STATE_NONE,
      };

      close (self->attempt_fd);
      self->attempt_fd = -1;
      _se_client_append_info (self, &info);
    }
  g_clear_pointer (&self->attempt_text, g_free);
}

void
_se_client_finish_connecting (SeClient *self,
                              GError   *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  if (self->cancel_source != NULL)
    {
      g_source_destroy (self->cancel_source);
      g_clear_pointer (&self->cancel_source, g_source_unref);
    }
  _se_client_cancel_attempt (self);
  g_list_free_full (g_steal_pointer (&self->addresses), g_object_unref);
  g_clear_error (&self->last_error);
  self->connecting = FALSE;

  if (task == NULL)
    {
      g_clear_error (&error);
      return;
    }

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* The target's name did not resolve: say so in plain words, in the log
 * and to the caller. */
void
_se_client_lookup_failed (SeClient     *self,
                          const GError *error)
{
  GError *nice;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    nice = g_error_new (SE_ERROR, SE_ERROR_CANCELLED, _("Cancelled"));
  else
    nice = g_error_new (SE_ERROR, SE_ERROR_NAME_NOT_FOUND,
                        _("Name not found: “%s” could not be resolved (%s)"),
                        se_endpoint_get_host (self->target), error->message);
  _se_client_log_event (self, SE_EVENT_ERROR, NULL, se_endpoint_get_host (self->target),
                        0, NULL, 0, nice->message);
  _se_client_finish_connecting (self, nice);
}

/* overrides */

static void
se_client_dispose (GObject *object)
{
  SeClient *self = (SeClient *)object;

  if (self->task != NULL)
    _se_client_finish_connecting (self, g_error_new (SE_ERROR, SE_ERROR_CANCELLED, _("Cancelled")));
  _se_client_cancel_attempt (self);
  se_rate_meter_timer_clear (&self->rate_timer);

  if (self->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->connection, self);
      _se_connection_close_now (self->connection);
      g_clear_object (&self->connection);
    }

  if (self->fd >= 0)
    se_client_close (self);

  g_clear_object (&self->log);

  G_OBJECT_CLASS (se_client_parent_class)->dispose (object);
}

static void
se_client_finalize (GObject *object)
{
  SeClient *self = (SeClient *)object;

  g_clear_pointer (&self->target, se_endpoint_unref);
  g_free (self->target_text);
  g_free (self->local_address);
  _se_datagram_socket_clear (&self->datagram);
  _se_datagram_options_clear (&self->datagram_options);
  g_clear_error (&self->last_error);
  g_clear_pointer (&self->rules, se_rule_set_unref);
  g_free (self->tls_pin);
  g_free (self->tls_ca_file);

  G_OBJECT_CLASS (se_client_parent_class)->finalize (object);
}

static void
se_client_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SeClient *self = SE_CLIENT (object);

  if (prop_id >= PROP_RATE_FIRST && prop_id < N_PROPS)
    {
      g_value_set_double (value, se_rate_meter_get (&self->rates, prop_id - PROP_RATE_FIRST));
      return;
    }

  switch (prop_id)
    {
    case PROP_CONNECTED:
      g_value_set_boolean (value, se_client_get_connected (self));
      break;
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    case PROP_ID:
      g_value_set_uint (value, self->id);
      break;
    case PROP_TARGET:
      g_value_set_boxed (value, self->target);
      break;
    case PROP_LOCAL_ADDRESS:
      g_value_set_string (value, se_client_get_local_address (self));
      break;
    case PROP_CONNECT_TIMEOUT:
      g_value_set_uint (value, self->connect_timeout);
      break;
    case PROP_BROADCAST:
      g_value_set_boolean (value, self->datagram_options.broadcast);
      break;
    case PROP_MULTICAST_TTL:
      g_value_set_int (value, self->datagram_options.ttl);
      break;
    case PROP_MULTICAST_LOOP:
      g_value_set_boolean (value, self->datagram_options.loop);
      break;
    case PROP_READ_SIZE:
      g_value_set_uint (value, self->read_size);
      break;
    case PROP_NODELAY:
      g_value_set_boolean (value, self->nodelay);
      break;
    case PROP_TLS_INSECURE:
      g_value_set_boolean (value, self->tls_insecure);
      break;
    case PROP_TLS_PIN:
      g_value_set_string (value, self->tls_pin);
      break;
    case PROP_TLS_CA_FILE:
      g_value_set_string (value, self->tls_ca_file);
      break;
    case PROP_BYTES_SENT:
      g_value_set_uint64 (value, self->bytes_sent);
      break;
    case PROP_DATAGRAMS_SENT:
      g_value_set_uint64 (value, self->datagrams_sent);
      break;
    case PROP_BYTES_RECEIVED:
      g_value_set_uint64 (value, self->bytes_received);
      break;
    case PROP_DATAGRAMS_RECEIVED:
      g_value_set_uint64 (value, self->datagrams_received);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
se_client_class_init (SeClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = se_client_dispose;
  object_class->finalize = se_client_finalize;
  object_class->get_property = se_client_get_property;

  _se_client_properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _se_client_properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, SE_TYPE_CONNECTION,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Datagram clients: what this opening of the socket sent and received
   * (a stream client's counters are its connection's). */
  _se_client_properties[PROP_BYTES_SENT] =
    g_param_spec_uint64 ("bytes-sent", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _se_client_properties[PROP_DATAGRAMS_SENT] =
    g_param_spec_uint64 ("datagrams-sent", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _se_client_properties[PROP_BYTES_RECEIVED] =
    g_param_spec_uint64 ("bytes-received", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _se_client_properties[PROP_DATAGRAMS_RECEIVED] =
    g_param_spec_uint64 ("datagrams-received", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _se_client_properties[PROP_ID] =
    g_param_spec_uint ("id", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  _se_client_properties[PROP_TARGET] =
    g_param_spec_boxed ("target", NULL, NULL, SE_TYPE_ENDPOINT,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* Told with connected: it changes when the socket is bound or closed. */
  _se_client_properties[PROP_LOCAL_ADDRESS] =
    g_param_spec_string ("local-address", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _se_client_properties[PROP_CONNECT_TIMEOUT] =
    g_param_spec_uint ("connect-timeout", NULL, NULL, 0, G_MAXUINT, SE_CLIENT_DEFAULT_CONNECT_TIMEOUT_MS,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* UDP: set on the socket when it opens. */
  _se_client_properties[PROP_BROADCAST] =
    g_param_spec_boolean ("broadcast", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _se_client_properties[PROP_MULTICAST_TTL] =
    g_param_spec_int ("multicast-ttl", NULL, NULL, -1, 255, -1,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _se_client_properties[PROP_MULTICAST_LOOP] =
    g_param_spec_boolean ("multicast-loop", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _se_client_properties[PROP_READ_SIZE] =
    g_param_spec_uint ("read-size", NULL, NULL, 1, SE_CONNECTION_READ_SIZE_DEFAULT,
                       SE_CONNECTION_READ_SIZE_DEFAULT,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _se_client_properties[PROP_NODELAY] =
    g_param_spec_boolean ("nodelay", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _se_client_properties[PROP_TLS_INSECURE] =
    g_param_spec_boolean ("tls-insecure", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _se_client_properties[PROP_TLS_PIN] =
    g_param_spec_string ("tls-pin", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _se_client_properties[PROP_TLS_CA_FILE] =
    g_param_spec_string ("tls-ca-file", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* Bytes and messages per second over the last second (se-rate-meter.h). */
  se_rate_meter_make_properties (_se_client_properties, PROP_RATE_FIRST);

  g_object_class_install_properties (object_class, N_PROPS, _se_client_properties);

  /**
   * SeClient::received:
   * @data: the bytes of one recv() or one datagram
   * @from: the sender, in endpoint-address form
   */
  _se_client_signals[RECEIVED] =
    g_signal_new ("received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_BYTES, G_TYPE_STRING);
  _se_client_signals[CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
se_client_init (SeClient *self)
{
  self->fd = -1;
  _se_datagram_socket_init (&self->datagram);
  _se_datagram_options_init (&self->datagram_options);
  self->attempt_fd = -1;
  self->connect_timeout = SE_CLIENT_DEFAULT_CONNECT_TIMEOUT_MS;
  self->read_size = SE_CONNECTION_READ_SIZE_DEFAULT;
}

/* public API */

gboolean
se_client_get_broadcast (SeClient *self)
{
  g_return_val_if_fail (SE_IS_CLIENT (self), FALSE);

  return self->datagram_options.broadcast;
}

void
se_client_set_broadcast (SeClient *self,
                         gboolean  broadcast)
{
  g_return_if_fail (SE_IS_CLIENT (self));

  broadcast = !!broadcast;
  if (self->datagram_options.broadcast == broadcast)
    return;
  self->datagram_options.broadcast = broadcast;
  /* An open socket changes at once, like Python's setsockopt() would,
   * and the log shows the call as it shows every other option. */
  if (self->fd >= 0 && self->connection == NULL)
    _se_socket_set_option (self->fd, SE_SOCKOPT_SO_BROADCAST, broadcast, self->log,
                           se_endpoint_get_protocol (self->target), 0, self->local_address, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), _se_client_properties[PROP_BROADCAST]);
}

int
se_client_get_multicast_ttl (SeClient *self)
{
  g_return_val_if_fail (SE_IS_CLIENT (self), -1);

  return self->datagram_options.ttl;
}

void
se_client_set_multicast_ttl (SeClient *self,
                             int       ttl)
{
  g_return_if_fail (SE_IS_CLIENT (self));

  if (_se_datagram_options_set_ttl (&self->datagram_options, ttl))
    g_object_notify_by_pspec (G_OBJECT (self), _se_client_properties[PROP_MULTICAST_TTL]);
}

gboolean
se_client_get_multicast_loop (SeClient *self)
{
  g_return_val_if_fail (SE_IS_CLIENT (self), TRUE);

  return self->datagram_options.loop;
}

void
se_client_set_multicast_loop (SeClient *self,
                              gboolean  loop)
{
  g_return_if_fail (SE_IS_CLIENT (self));

  if (_se_datagram_options_set_loop (&self->datagram_options, loop))
    g_object_notify_by_pspec (G_OBJECT (self), _se_client_properties[PROP_MULTICAST_LOOP]);
}

SeClient *
se_client_new (SeEndpoint   *target,
               SeTrafficLog *log)
{
  SeClient *self;

  g_return_val_if_fail (target != NULL, NULL);
  g_return_val_if_fail (log == NULL || SE_IS_TRAFFIC_LOG (log), NULL);

  self = g_object_new (SE_TYPE_CLIENT, NULL);
  self->target = se_endpoint_ref (target);
  self->log = log ? g_object_ref (log) : NULL;
  self->id = _se_next_connection_id ();

  return self;
}

SeEndpoint *
se_client_get_target (SeClient *self)
{
  g_return_val_if_fail (SE_IS_CLIENT (self), NULL);
  return self->target;
}

guint
se_client_get_id (SeClient *self)
{
  g_return_val_if_fail (SE_IS_CLIENT (self), 0);
  return self->id;
}

SeRuleSet *
se_client_get_rules (SeClient *self)
{
  g_return_val_if_fail (SE_IS_CLIENT (self), NULL);
  return self->rules;
}

/* Stream clients: takes effect when the client connects; datagram
 * clients: from the next datagram received. */
void
se_client_set_rules (SeClient  *self,
                     SeRuleSet *rules)
{
  g_return_if_fail (SE_IS_CLIENT (self));

  rules = _se_rule_set_ref_if_any (rules);
  g_clear_pointer (&self->rules, se_rule_set_unref);
  self->rules = rules;
}

guint
se_client_get_connect_timeout (SeClient *self)
{
  g_return_val_if_fail (SE_IS_CLIENT (self), 0);
  return self->connect_timeout;
}

void
se_client_set_connect_timeout (SeClient *self,
                               guint     timeout_ms)
{
  g_return_if_fail (SE_IS_CLIENT (self));

  if (self->connect_timeout == timeout_ms)
    return;

  self->connect_timeout = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), _se_client_properties[PROP_CONNECT_TIMEOUT]);
}

guint
se_client_get_read_size (SeClient *self)
{
  g_return_val_if_fail (SE_IS_CLIENT (self), SE_CONNECTION_READ_SIZE_DEFAULT);
  return self->read_size;
}

void
se_client_set_read_size (SeClient *self,
                         guint     read_size)
{
  g_return_if_fail (SE_IS_CLIENT (self));

  read_size = CLAMP (read_size, 1, SE_CONNECTION_READ_SIZE_DEFAULT);
  if (self->read_size == read_size)
    return;
  self->read_size = read_size;
  if (self->connection != NULL)
    _se_connection_set_read_size (self->connection, read_size);
  _se_datagram_socket_set_read_size (&self->datagram, read_size);
  g_object_notify_by_pspec (G_OBJECT (self), _se_client_properties[PROP_READ_SIZE]);
}

gboolean
se_client_get_nodelay (SeClient *self)
{
  g_return_val_if_fail (SE_IS_CLIENT (self), FALSE);
  return self->nodelay;
}

void
se_client_set_nodelay (SeClient *self,
                       gboolean  nodelay)
{
  g_return_if_fail (SE_IS_CLIENT (self));

  nodelay = !!nodelay;
  if (self->nodelay == nodelay)
    return;
  self->nodelay = nodelay;
  g_object_notify_by_pspec (G_OBJECT (self), _se_client_properties[PROP_NODELAY]);
}

gboolean
se_client_get_tls_insecure (SeClient *self)
{
  g_return_val_if_fail (SE_IS_CLIENT (self), FALSE);

  return self->tls_insecure;
}

void
se_client_set_tls_insecure (SeClient *self,
                            gboolean  insecure)
{
  g_return_if_fail (SE_IS_CLIENT (self));

  insecure = !!insecure;
  if (self->tls_insecure == insecure)
    return;
  self->tls_insecure = insecure;
  g_object_notify_by_pspec (G_OBJECT (self), _se_client_properties[PROP_TLS_INSECURE]);
}

const char *
se_client_get_tls_pin (SeClient *self)
{
  g_return_val_if_fail (SE_IS_CLIENT (self), NULL);

  return self->tls_pin;
}

void
se_client_set_tls_pin (SeClient   *self,
                       const char *fingerprint)
{
  g_return_if_fail (SE_IS_CLIENT (self));

  if (fingerprint != NULL && *fingerprint == '\0')
    fingerprint = NULL;
  if (g_strcmp0 (self->tls_pin, fingerprint) == 0)
    return;
  g_free (self->tls_pin);
  self->tls_pin = g_strdup (fingerprint);
  g_object_notify_by_pspec (G_OBJECT (self), _se_client_properties[PROP_TLS_PIN]);
}

const char *
se_client_get_tls_ca_file (SeClient *self)
{
  g_return_val_if_fail (SE_IS_CLIENT (self), NULL);

  return self->tls_ca_file;
}

void
se_client_set_tls_ca_file (SeClient   *self,
                           const char *ca_file)
{
  g_return_if_fail (SE_IS_CLIENT (self));

  if (ca_file != NULL && *ca_file == '\0')
    ca_file = NULL;
  if (g_strcmp0 (self->tls_ca_file, ca_file) == 0)
    return;
  g_free (self->tls_ca_file);
  self->tls_ca_file = g_strdup (ca_file);
  g_object_notify_by_pspec (G_OBJECT (self), _se_client_properties[PROP_TLS_CA_FILE]);
}


SeConnection *
se_client_get_connection (SeClient *self)
{
  g_return_val_if_fail (SE_IS_CLIENT (self), NULL);
  return self->connection;
}

const char *
se_client_get_local_address (SeClient *self)
{
  g_return_val_if_fail (SE_IS_CLIENT (self), NULL);

  if (self->connection != NULL)
    return se_connection_get_local_address (self->connection);
  return self->local_address ? self->local_address : "";
}

gboolean
se_client_get_connected (SeClient *self)
{
  g_return_val_if_fail (SE_IS_CLIENT (self), FALSE);

  if (se_endpoint_is_stream (self->target))
    return self->connection != NULL &&
           se_connection_get_state (self->connection) != SE_CONNECTION_STATE_CLOSED;
  return self->fd >= 0;
}

#define DEFINE_COUNTER(name)                              \
guint64                                                   \
se_client_get_##name (SeClient *self)                    \
{                                                         \
  g_return_val_if_fail (SE_IS_CLIENT (self), 0);          \
  return self->name;                                      \
}

DEFINE_COUNTER (bytes_sent)
DEFINE_COUNTER (datagrams_sent)
DEFINE_COUNTER (bytes_received)
DEFINE_COUNTER (datagrams_received)

gboolean
se_client_shutdown (SeClient  *self,
                    GError   **error)
{
  g_return_val_if_fail (SE_IS_CLIENT (self), FALSE);

  if (!se_endpoint_is_stream (self->target))
    {
      g_set_error (error, SE_ERROR, SE_ERROR_FAILED,
                   _("A datagram socket has no connection to half-close"));
      return FALSE;
    }
  if (self->connection == NULL)
    {
      g_set_error (error, SE_ERROR, SE_ERROR_CLOSED,
                   _("Cannot shut down: the client is not connected"));
      return FALSE;
    }
  return se_connection_shutdown (self->connection, error);
}

void
se_client_close (SeClient *self)
{
  g_return_if_fail (SE_IS_CLIENT (self));

  if (self->task != NULL)
    _se_client_finish_connecting (self, g_error_new (SE_ERROR, SE_ERROR_CANCELLED,
                                                     _("Cancelled: the client was closed while connecting")));

  if (self->connection != NULL)
    {
      se_connection_close (self->connection);
      return;
    }

  if (self->fd >= 0)
    {
      SeEventInfo info = {
        .kind = SE_EVENT_CLOSE,
        .local = self->local_address,
        .remote = self->target_text,
        .call = SE_CALL_CLOSE,
      };

      _se_datagram_socket_close (&self->datagram);
      self->fd = -1;
      _se_client_append_info (self, &info);
      _se_client_notify_connected (self);
      g_signal_emit (self, _se_client_signals[CLOSED], 0);
    }
}

void
se_client_reset (SeClient *self)
{
  g_return_if_fail (SE_IS_CLIENT (self));

  if (self->connection != NULL)
    se_connection_reset (self->connection);
  else
    se_client_close (self);
}

int
_se_client_get_socket (SeClient      *self,
                       SeTrafficLog **log)
{
  g_return_val_if_fail (SE_IS_CLIENT (self), -1);

  if (self->connection != NULL)
    return _se_connection_get_socket (self->connection, log);
  if (log != NULL)
    *log = self->log;
  return self->fd;
}
