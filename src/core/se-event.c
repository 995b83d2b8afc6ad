/* se-event.c: one event of the traffic log, handed out on demand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "se-call-private.h"
#include "se-error.h"
#include "se-core-enums.h"
#include "se-event-private.h"
#include "se-log-store-private.h"
#include "se-payload.h"

/* The log keeps compact records; an SeEvent is a snapshot of one of them,
 * made when a view asks for it and dropped when the view is done. It owns
 * references to the log's interned strings and a GBytes of the payload,
 * so it stays valid after the log is cleared. */
struct _SeEvent
{
  GObject  parent_instance;

  gint64   time;
  guint64  size;
  char    *local;   /* GRefString or NULL */
  char    *remote;  /* GRefString or NULL */
  char    *detail;  /* GRefString or NULL */
  SeLogAddress *local_address;   /* the log's binary addresses, referenced, or NULL */
  SeLogAddress *remote_address;
  GBytes  *data;
  guint    index;
  guint    connection_id;
  guint8   kind;
  guint8   protocol;
  guint8   data_complete;
  guint8   detail_code;  /* SeEventDetailCode */
  guint8   call;         /* SeCall */
  guint8   option;       /* SeSockopt */
  guint8   tcp_state;    /* SeTcpState */
  int      error_number;
  guint32  asked;
  guint32  detail_arg;   /* of a coded detail (SE_EVENT_DETAIL_RELAYED: the other leg) */
  gint64   ret;
};

G_DEFINE_FINAL_TYPE (SeEvent, se_event, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INDEX,
  PROP_TIME,
  PROP_KIND,
  PROP_PROTOCOL,
  PROP_CONNECTION_ID,
  PROP_LOCAL,
  PROP_REMOTE,
  PROP_SIZE,
  PROP_DATA,
  PROP_DATA_COMPLETE,
  PROP_DETAIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const kind_names[SE_EVENT_N_KINDS] = {
  [SE_EVENT_BIND] = "bind",
  [SE_EVENT_LISTEN] = "listen",
  [SE_EVENT_ACCEPT] = "accept",
  [SE_EVENT_CONNECT] = "connect",
  [SE_EVENT_SEND] = "send",
  [SE_EVENT_RECEIVE] = "receive",
  [SE_EVENT_SHUTDOWN] = "shutdown",
  [SE_EVENT_CLOSE] = "close",
  [SE_EVENT_ERROR] = "error",
  [SE_EVENT_RESOLVE] = "resolve",
  [SE_EVENT_JOIN] = "join",
  [SE_EVENT_LEAVE] = "leave",
  [SE_EVENT_SOCKET] = "socket",
  [SE_EVENT_SETSOCKOPT] = "setsockopt",
  [SE_EVENT_TLS] = "tls",
};

static inline const char *
string_or_empty (const char *str)
{
  return str != NULL ? str : "";
}

/* Splits µs since the epoch into whole seconds (rounded down, also
 * before 1970) and the microseconds within that second. */
static void
split_time (gint64  time,
            gint64 *seconds,
            int    *usec)
{
  gint64 s = time / G_USEC_PER_SEC;
  gint64 u = time % G_USEC_PER_SEC;

  if (u < 0)
    {
      s -= 1;
      u += G_USEC_PER_SEC;
    }

  *seconds = s;
  *usec = (int) u;
}

/* Appends text on one line: control characters become spaces and
 * invalid UTF-8 becomes U+FFFD. */
static void
append_one_line (GString    *out,
                 const char *text)
{
  g_autofree char *valid = NULL;
  gsize len = strlen (text);
  gsize i = 0;
  const char *p;

  /* Addresses and most details are printable ASCII: no copy for them,
   * checked eight bytes at a time. */
  for (; i + 8 <= len; i += 8)
    {
      guint64 v;

      memcpy (&v, text + i, 8);
      if (!_se_bytes8_printable (v))
        break;
    }
  while (i < len && text[i] >= 0x20 && text[i] < 0x7f)
    i++;
  if (i == len)
    {
      _se_string_put (out, text, len);
      return;
    }

  valid = g_utf8_make_valid (text, -1);

  for (p = valid; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      g_string_append_c (out, (c < 0x20 || c == 0x7f) ? ' ' : (char) c);
    }
}

/* Decimal digits without printf: a log line is made for every event, and
 * the format machinery was the largest part of making one. */
static void
append_uint (GString *out,
             guint64  value)
{
  char digits[24];
  char *p = digits + sizeof digits;

  do
    {
      *--p = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value > 0);

  _se_string_put (out, p, digits + sizeof digits - p);
}

/* Exactly six digits, zero-padded. */
static void
append_usec (GString *out,
             int      usec)
{
  char digits[6];

  for (int i = 5; i >= 0; i--)
    {
      digits[i] = (char) ('0' + usec % 10);
      usec /= 10;
    }
  _se_string_put (out, digits, 6);
}

static const char *
arrow_for_kind (SeEventKind kind)
{
  switch (kind)
    {
    case SE_EVENT_SEND:
    case SE_EVENT_CONNECT:
      return "->";
    case SE_EVENT_RECEIVE:
    case SE_EVENT_ACCEPT:
      return "<-";
    case SE_EVENT_BIND:
    case SE_EVENT_LISTEN:
    case SE_EVENT_SHUTDOWN:
    case SE_EVENT_CLOSE:
    case SE_EVENT_ERROR:
    case SE_EVENT_RESOLVE:
    case SE_EVENT_JOIN:
    case SE_EVENT_LEAVE:
    default:
      return "--";
    }
}

static void
se_event_finalize (GObject *object)
{
  SeEvent *self = (SeEvent *)object;

  g_clear_pointer (&self->local, g_ref_string_release);
  g_clear_pointer (&self->remote, g_ref_string_release);
  g_clear_pointer (&self->detail, g_ref_string_release);
  g_clear_pointer (&self->local_address, _se_log_address_release);
  g_clear_pointer (&self->remote_address, _se_log_address_release);
  g_clear_pointer (&self->data, g_bytes_unref);

  G_OBJECT_CLASS (se_event_parent_class)->finalize (object);
}

static void
se_event_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  SeEvent *self = SE_EVENT (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      g_value_set_uint (value, self->index);
      break;

    case PROP_TIME:
      g_value_set_int64 (value, self->time);
      break;

    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_PROTOCOL:
      g_value_set_enum (value, self->protocol);
      break;

    case PROP_CONNECTION_ID:
      g_value_set_uint (value, self->connection_id);
      break;

    case PROP_LOCAL:
      g_value_set_string (value, se_event_get_local (self));
      break;

    case PROP_REMOTE:
      g_value_set_string (value, se_event_get_remote (self));
      break;

    case PROP_SIZE:
      g_value_set_uint64 (value, self->size);
      break;

    case PROP_DATA:
      g_value_set_boxed (value, self->data);
      break;

    case PROP_DATA_COMPLETE:
      g_value_set_boolean (value, self->data_complete);
      break;

    case PROP_DETAIL:
      g_value_set_string (value, se_event_get_detail (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
se_event_class_init (SeEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = se_event_finalize;
  object_class->get_property = se_event_get_property;

  /* Read-only, so that list views can sort and filter on them with
   * property expressions; an event never changes. */
  properties[PROP_INDEX] =
    g_param_spec_uint ("index", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TIME] =
    g_param_spec_int64 ("time", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       SE_TYPE_EVENT_KIND, SE_EVENT_BIND,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PROTOCOL] =
    g_param_spec_enum ("protocol", NULL, NULL,
                       SE_TYPE_PROTOCOL, SE_PROTOCOL_TCP,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CONNECTION_ID] =
    g_param_spec_uint ("connection-id", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOCAL] =
    g_param_spec_string ("local", NULL, NULL, "",
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_REMOTE] =
    g_param_spec_string ("remote", NULL, NULL, "",
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SIZE] =
    g_param_spec_uint64 ("size", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DATA] =
    g_param_spec_boxed ("data", NULL, NULL,
                        G_TYPE_BYTES,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DATA_COMPLETE] =
    g_param_spec_boolean ("data-complete", NULL, NULL,
                          TRUE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DETAIL] =
    g_param_spec_string ("detail", NULL, NULL, "",
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
se_event_init (SeEvent *self)
{
  self->data_complete = TRUE;
}

SeEvent *
_se_event_new (guint        index,
               gint64       time,
               SeEventKind  kind,
               SeProtocol   protocol,
               guint        connection_id,
               const char  *local,
               const char  *remote,
               guint64      size,
               GBytes      *data,
               gboolean     data_complete,
               const char  *detail)
{
  SeEvent *self;

  g_return_val_if_fail (kind < SE_EVENT_N_KINDS, NULL);
  g_return_val_if_fail (protocol <= SE_PROTOCOL_NONE, NULL);

  self = g_object_new (SE_TYPE_EVENT, NULL);
  self->index = index;
  self->time = time;
  self->kind = kind;
  self->protocol = protocol;
  self->connection_id = connection_id;
  self->local = local != NULL ? g_ref_string_acquire ((char *) local) : NULL;
  self->remote = remote != NULL ? g_ref_string_acquire ((char *) remote) : NULL;
  self->detail = detail != NULL ? g_ref_string_acquire ((char *) detail) : NULL;
  self->size = size;
  self->data = data != NULL ? g_bytes_ref (data) : g_bytes_new (NULL, 0);
  self->data_complete = !!data_complete;

  return self;
}

guint
se_event_get_index (SeEvent *self)
{
  g_return_val_if_fail (SE_IS_EVENT (self), 0);

  return self->index;
}

gint64
se_event_get_time (SeEvent *self)
{
  g_return_val_if_fail (SE_IS_EVENT (self), 0);

  return self->time;
}

SeEventKind
se_event_get_kind (SeEvent *self)
{
  g_return_val_if_fail (SE_IS_EVENT (self), SE_EVENT_ERROR);

  return self->kind;
}

SeProtocol
se_event_get_protocol (SeEvent *self)
{
  g_return_val_if_fail (SE_IS_EVENT (self), SE_PROTOCOL_TCP);

  return self->protocol;
}

guint
se_event_get_connection_id (SeEvent *self)
{
  g_return_val_if_fail (SE_IS_EVENT (self), 0);

  return self->connection_id;
}

const char *
se_event_get_local (SeEvent *self)
{
  g_return_val_if_fail (SE_IS_EVENT (self), NULL);

  return string_or_empty (self->local);
}

const char *
se_event_get_remote (SeEvent *self)
{
  g_return_val_if_fail (SE_IS_EVENT (self), NULL);

  return string_or_empty (self->remote);
}

guint64
se_event_get_size (SeEvent *self)
{
  g_return_val_if_fail (SE_IS_EVENT (self), 0);

  return self->size;
}

/**
 * se_event_get_data:
 * @self: an #SeEvent
 *
 * Returns: (transfer none): the retained bytes, never %NULL; shorter than
 *   the size when the capture budget ran out (see
 *   se_event_get_data_complete())
 */
GBytes *
se_event_get_data (SeEvent *self)
{
  g_return_val_if_fail (SE_IS_EVENT (self), NULL);

  return self->data;
}

gboolean
se_event_get_data_complete (SeEvent *self)
{
  g_return_val_if_fail (SE_IS_EVENT (self), FALSE);

  return self->data_complete;
}

const char *
se_event_get_detail (SeEvent *self)
{
  g_return_val_if_fail (SE_IS_EVENT (self), NULL);

  return string_or_empty (self->detail);
}

SeEventDetailCode
se_event_get_detail_code (SeEvent *self)
{
  g_return_val_if_fail (SE_IS_EVENT (self), SE_EVENT_DETAIL_TEXT);

  return self->detail_code;
}

void
_se_event_set_detail_code (SeEvent           *self,
                           SeEventDetailCode  detail_code)
{
  g_return_if_fail (SE_IS_EVENT (self));

  self->detail_code = detail_code;
}

void
_se_event_set_detail_arg (SeEvent *self,
                          guint32  detail_arg)
{
  g_return_if_fail (SE_IS_EVENT (self));

  self->detail_arg = detail_arg;
}

guint
se_event_get_relayed_to (SeEvent *self)
{
  g_return_val_if_fail (SE_IS_EVENT (self), 0);

  return self->detail_code == SE_EVENT_DETAIL_RELAYED ? self->detail_arg : 0;
}

void
_se_event_set_addresses (SeEvent  *self,
                         gpointer  local_address,
                         gpointer  remote_address)
{
  g_return_if_fail (SE_IS_EVENT (self));

  g_clear_pointer (&self->local_address, _se_log_address_release);
  g_clear_pointer (&self->remote_address, _se_log_address_release);
  self->local_address = local_address != NULL ? g_atomic_rc_box_acquire (local_address) : NULL;
  self->remote_address = remote_address != NULL ? g_atomic_rc_box_acquire (remote_address) : NULL;
}

gconstpointer
_se_event_get_sockaddr (SeEvent  *self,
                        gboolean  remote,
                        gsize    *len)
{
  SeLogAddress *address;

  g_return_val_if_fail (SE_IS_EVENT (self), NULL);

  address = remote ? self->remote_address : self->local_address;
  if (address == NULL)
    return NULL;
  *len = address->len;
  return address->bytes;
}

void
_se_event_set_call (SeEvent    *self,
                    SeCall      call,
                    gint64      ret,
                    int         error_number,
                    guint32     asked,
                    SeSockopt   option,
                    SeTcpState  tcp_state)
{
  g_return_if_fail (SE_IS_EVENT (self));
  g_return_if_fail (call < SE_CALL_N_CALLS);
  g_return_if_fail (option < SE_SOCKOPT_N_OPTIONS);
  g_return_if_fail (tcp_state < SE_TCP_STATE_N_STATES);

  self->call = call;
  self->ret = error_number != 0 ? -1 : ret;
  self->error_number = error_number;
  self->asked = asked;
  self->option = option;
  self->tcp_state = tcp_state;
}

SeCall
se_event_get_call (SeEvent *self)
{
  g_return_val_if_fail (SE_IS_EVENT (self), SE_CALL_NONE);

  return self->call;
}

gint64
se_event_get_ret (SeEvent *self)
{
  g_return_val_if_fail (SE_IS_EVENT (self), -1);

  return self->ret;
}

int
se_event_get_errno (SeEvent *self)
{
  g_return_val_if_fail (SE_IS_EVENT (self), 0);

  return self->error_number;
}

guint32
se_event_get_asked (SeEvent *self)
{
  g_return_val_if_fail (SE_IS_EVENT (self), 0);

  return self->asked;
}

SeSockopt
se_event_get_option (SeEvent *self)
{
  g_return_val_if_fail (SE_IS_EVENT (self), SE_SOCKOPT_NONE);

  return self->option;
}

SeTcpState
se_event_get_tcp_state (SeEvent *self)
{
  g_return_val_if_fail (SE_IS_EVENT (self), SE_TCP_STATE_NONE);

  return self->tcp_state;
}

char *
se_event_format_call (SeEvent *self)
{
  GString *out;

  g_return_val_if_fail (SE_IS_EVENT (self), NULL);

  if (self->call == SE_CALL_NONE)
    return NULL;

  out = g_string_new (NULL);
  _se_call_append (out, self->call, self->protocol, self->local, self->remote,
                   self->option, self->asked, self->ret, self->error_number);
  return g_string_free (out, FALSE);
}

const char *
se_event_kind_to_string (SeEventKind kind)
{
  g_return_val_if_fail (kind < SE_EVENT_N_KINDS, NULL);

  return kind_names[kind];
}

gboolean
se_event_kind_from_string (const char  *text,
                           SeEventKind *kind)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = 0; i < SE_EVENT_N_KINDS; i++)
    {
      if (g_ascii_strcasecmp (text, kind_names[i]) == 0)
        {
          if (kind != NULL)
            *kind = (SeEventKind) i;
          return TRUE;
        }
    }

  return FALSE;
}

/* The time of day of an event, "12:46:36" (local) or
 * "2013-12-19T12:46:36" (UTC). Events come many per second, and making a
 * local GDateTime looks at /etc/localtime every time: the text for the
 * last second is kept, per thread (writers run on export threads too). */
typedef struct
{
  gint64 seconds;
  char   text[32];
} TimeCache;

static const char *
format_seconds (TimeCache  *cache,
                gint64      seconds,
                gboolean    local)
{
  if (cache->seconds != seconds || cache->text[0] == '\0')
    {
      g_autoptr(GDateTime) dt = local ? g_date_time_new_from_unix_local (seconds)
                                      : g_date_time_new_from_unix_utc (seconds);
      g_autofree char *text = NULL;

      if (dt != NULL)
        text = g_date_time_format (dt, local ? "%H:%M:%S" : "%Y-%m-%dT%H:%M:%S");
      g_strlcpy (cache->text,
                 text != NULL ? text : (local ? "??:??:??" : "0000-00-00T00:00:00"),
                 sizeof cache->text);
      cache->seconds = seconds;
    }
  return cache->text;
}

/**
 * se_event_format_time_of_day:
 * @time: µs since the epoch
 * @digits: digits of the second's fraction, 0 to 6
 * @buf: where to write
 * @size: the size of @buf (%SE_EVENT_TIME_OF_DAY_SIZE is enough)
 *
 * Writes the local time of day, "12:46:36.123" with 3 @digits: the text
 * line's, cut to @digits. The text of the last second is kept per
 * thread, as events come many per second.
 */
void
se_event_format_time_of_day (gint64  time,
                             guint   digits,
                             char   *buf,
                             gsize   size)
{
  static __thread TimeCache cache;
  gint64 seconds;
  int usec;
  char fraction[8];

  g_return_if_fail (buf != NULL && size > 0);

  digits = MIN (digits, 6);
  split_time (time, &seconds, &usec);
  g_snprintf (fraction, sizeof fraction, "%06d", usec);
  fraction[digits] = '\0';
  g_snprintf (buf, size, "%s%s%s", format_seconds (&cache, seconds, TRUE),
              digits > 0 ? "." : "", fraction);
}

void
_se_event_format_time_iso (gint64  time,
                           char   *buf,
                           gsize   size)
{
  static __thread TimeCache cache;
  gint64 seconds;
  int usec;

  split_time (time, &seconds, &usec);
  g_snprintf (buf, size, "%s.%06dZ", format_seconds (&cache, seconds, FALSE), usec);
}

char *
_se_event_format_detail (SeEventDetailCode  detail,
                         guint32        arg,
                         guint          connection_id,
                         guint64        size,
                         gsize          data_len,
                         const char    *local)
{
  switch (detail)
    {
    case SE_EVENT_DETAIL_ACCEPTED:
      return g_strdup_printf (_("accept() returned a new socket for connection #%u"), connection_id);
    case SE_EVENT_DETAIL_PARTIAL_SEND:
      return g_strdup_printf (_("partial send: %zd of %zu bytes accepted by the kernel, the rest is queued"),
                              (gssize) size, (gsize) arg);
    /* Two different acts that share the event kind "shutdown": the
     * wording keeps the peer's FIN apart from the user's own half-close. */
    case SE_EVENT_DETAIL_PEER_EOF:
      return g_strdup (_("peer closed its side (recv() returned 0)"));
    case SE_EVENT_DETAIL_SHUT_WR:
      return g_strdup (_("shut down sending (shutdown(SHUT_WR))"));
    case SE_EVENT_DETAIL_LISTENING:
      return g_strdup_printf (_("listen(backlog=%u): waiting for connections"), (guint) arg);
    case SE_EVENT_DETAIL_CONNECTED:
      return g_strdup_printf (_("connect() succeeded: this side got %s from the system"),
                              local != NULL ? local : "");
    case SE_EVENT_DETAIL_TRUNCATED:
      return g_strdup_printf (_("datagram of %zd bytes truncated to %zu"), (gssize) size, data_len);
    case SE_EVENT_DETAIL_RELAYED:
      /* A datagram relay's session has no connection on the listening
       * side: the note names the sender (remote) and the leg to the target. */
      if (connection_id == 0)
        return g_strdup_printf (_("datagrams from this sender relayed through connection #%u"), (guint) arg);
      return g_strdup_printf (_("relayed to connection #%u"), (guint) arg);
    case SE_EVENT_DETAIL_TEXT:
    default:
      return NULL;
    }
}

/**
 * se_event_format_text:
 * @self: an #SeEvent
 *
 * One line for people (no newline), with the local time:
 * "12:46:36.123456 receive tcp #3 127.0.0.1:7000 <- 127.0.0.1:51000 5 B "hello"".
 * The connection, the addresses, the size and the preview appear only when
 * the event has them; a payload cut by the capture budget is marked.
 *
 * Returns: (transfer full): the line
 */
void
_se_event_fields_append_text_part (const SeEventFields *self,
                                   GString             *out,
                                   SeTextPart           part)
{
  static __thread TimeCache cache;
  const char *hms;
  gint64 seconds;
  int usec;

  if (part == SE_TEXT_PART_TAIL)
    goto tail;

  split_time (self->time, &seconds, &usec);
  hms = format_seconds (&cache, seconds, TRUE);

  _se_string_put_str (out, hms);
  g_string_append_c (out, '.');
  append_usec (out, usec);
  g_string_append_c (out, ' ');
  _se_string_put_str (out, kind_names[self->kind]);
  /* A lookup has no transport: no "tcp" that would suggest a socket */
  if (self->protocol != SE_PROTOCOL_NONE)
    {
      g_string_append_c (out, ' ');
      _se_string_put_str (out, se_protocol_to_string (self->protocol));
    }

  if (self->connection_id != 0)
    {
      _se_string_put_str (out, " #");
      append_uint (out, self->connection_id);
    }

  if (self->local != NULL && self->local[0] != '\0')
    {
      g_string_append_c (out, ' ');
      append_one_line (out, self->local);
    }

  if (self->remote != NULL && self->remote[0] != '\0')
    {
      g_string_append_c (out, ' ');
      /* A datagram relay's note names the sender, which came to us */
      if (self->detail_code == SE_EVENT_DETAIL_RELAYED && self->connection_id == 0)
        _se_string_put_str (out, "<-");
      else
        _se_string_put_str (out, arrow_for_kind (self->kind));
      g_string_append_c (out, ' ');
      append_one_line (out, self->remote);
    }
  if (part == SE_TEXT_PART_HEAD)
    return;

tail:
  if (self->size > 0 || self->kind == SE_EVENT_SEND || self->kind == SE_EVENT_RECEIVE)
    {
      g_string_append_c (out, ' ');
      append_uint (out, self->size);
      _se_string_put_str (out, " B \"");
      se_payload_append_escaped (out, self->data, self->data_len, SE_EVENT_TEXT_PREVIEW_CHARS);
      g_string_append_c (out, '"');

      /* Cut by the budget where the preview would have gone on; a
       * payload kept as far as the preview reads shows its "…". */
      if (!self->data_complete && self->data_len < MIN (self->size, SE_EVENT_TEXT_PREVIEW_BYTES))
        {
          g_string_append_c (out, ' ');
          _se_string_put_str (out, _("[not retained past capture budget]"));
        }
    }

  if (self->call != SE_CALL_NONE)
    {
      g_string_append_c (out, ' ');
      _se_call_append (out, self->call, self->protocol, self->local, self->remote,
                       self->option, self->asked, self->ret, self->error_number);
    }
  if (self->tcp_state != SE_TCP_STATE_NONE)
    {
      _se_string_put_str (out, " [");
      _se_string_put_str (out, se_tcp_state_to_string (self->tcp_state));
      g_string_append_c (out, ']');
    }

  if (self->detail != NULL && self->detail[0] != '\0')
    {
      g_string_append_c (out, ' ');
      append_one_line (out, self->detail);
    }
}

void
_se_event_get_fields (SeEvent       *self,
                      SeEventFields *fields)
{
  *fields = (SeEventFields) {
    .index = self->index,
    .time = self->time,
    .size = self->size,
    .local = self->local,
    .remote = self->remote,
    .detail = self->detail,
    .detail_code = self->detail_code,
    .detail_arg = self->detail_arg,
    .data_complete = self->data_complete,
    .connection_id = self->connection_id,
    .kind = self->kind,
    .protocol = self->protocol,
    .call = self->call,
    .option = self->option,
    .tcp_state = self->tcp_state,
    .error_number = self->error_number,
    .asked = self->asked,
    .ret = self->ret,
  };
  fields->data = g_bytes_get_data (self->data, &fields->data_len);
}

char *
se_event_format_text (SeEvent *self)
{
  SeEventFields fields;
  GString *out;

  g_return_val_if_fail (SE_IS_EVENT (self), NULL);

  _se_event_get_fields (self, &fields);
  out = g_string_sized_new (128);
  _se_event_fields_append_text (&fields, out);
  return g_string_free (out, FALSE);
}

