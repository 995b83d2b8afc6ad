/* se-sender.c: auto-send on a timer and files through the send queue,
 * for one client, connection or listener, with progress
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One implementation for the window (on the network thread, seen through
 * SeSenderProxy) and the CLI (send --file, on its one thread): a
 * repetition ticks on an absolute schedule (se-ticker.c), and a file is
 * read only as fast as the send queue drains, so that a file of any size
 * goes out in bounded memory.
 */
#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>

#include "se-sender.h"
#include "se-client.h"
#include "se-connection.h"
#include "se-error.h"
#include "se-listener.h"
#include "se-macro.h"
#include "se-ticker.h"

/* Datagrams of a file sent per turn of the main loop, so that replies
 * and commands are served in between. */
#define DATAGRAM_BATCH 32

struct _SeSender
{
  GObject           parent_instance;

  GWeakRef          target;      /* SeClient, SeConnection or SeListener */
  char             *peer;        /* a listener's datagram peer; NULL: all */
  GMainContext     *context;     /* where the target lives */

  SeSenderMode      mode;
  guint64           done;
  guint64           total;
  char             *name;
  char             *error_message;
  guint64           peak_queued;

  /* repeat */
  SeSavedMessage   *message;
  GBytes           *fixed;       /* the message, when it has no macros */
  guint64           first_counter;
  GSource          *ticker;

  /* file */
  GFileInputStream *input;
  SeConnection     *connection;  /* streams: whose queue paces the file */
  gulong            queued_id;
  gulong            state_id;
  GSource          *idle;        /* datagrams */
  gsize             datagram_size;
  gboolean          pumping;     /* a send notifies queued-bytes from inside */
};

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_MODE,
  PROP_DONE,
  PROP_TOTAL,
  PROP_NAME,
  PROP_ERROR_MESSAGE,
  N_PROPS
};

enum {
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SeSender, se_sender, G_TYPE_OBJECT)

/* helpers */

static void
clear_run (SeSender *self)
{
  if (self->ticker != NULL)
    {
      g_source_destroy (self->ticker);
      g_clear_pointer (&self->ticker, g_source_unref);
    }
  if (self->idle != NULL)
    {
      g_source_destroy (self->idle);
      g_clear_pointer (&self->idle, g_source_unref);
    }
  if (self->connection != NULL)
    {
      g_clear_signal_handler (&self->queued_id, self->connection);
      g_clear_signal_handler (&self->state_id, self->connection);
      g_clear_object (&self->connection);
    }
  g_clear_object (&self->message);
  g_clear_pointer (&self->fixed, g_bytes_unref);
  g_clear_object (&self->input);
}

/* Ends the run: error NULL when it went to its end. */
static void
finish (SeSender *self,
        GError   *error)
{
  if (self->mode == SE_SENDER_IDLE)
    {
      g_clear_error (&error);
      return;
    }

  clear_run (self);
  self->mode = SE_SENDER_IDLE;
  if (error != NULL && !g_error_matches (error, SE_ERROR, SE_ERROR_CANCELLED))
    {
      g_free (self->error_message);
      self->error_message = g_strdup (error->message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  g_object_ref (self);
  g_signal_emit (self, signals[FINISHED], 0, error);
  g_clear_error (&error);
  g_object_unref (self);
}

static gboolean
send_bytes (SeSender  *self,
            GBytes    *bytes,
            GError   **error)
{
  g_autoptr(GObject) target = g_weak_ref_get (&self->target);

  if (target == NULL)
    {
      g_set_error (error, SE_ERROR, SE_ERROR_CLOSED, _("Cannot send: the socket is gone"));
      return FALSE;
    }
  if (SE_IS_CLIENT (target))
    return se_client_send (SE_CLIENT (target), bytes, error);
  if (SE_IS_CONNECTION (target))
    return se_connection_send (SE_CONNECTION (target), bytes, error);
  if (self->peer != NULL)
    return se_listener_send_to (SE_LISTENER (target), self->peer, bytes, error);
  return se_listener_send_all (SE_LISTENER (target), bytes, error);
}

/* Sets up a new run; FALSE if one is still going. */
static gboolean
begin (SeSender      *self,
       SeSenderMode   mode,
       guint64        total,
       const char    *name,
       GError       **error)
{
  if (self->mode != SE_SENDER_IDLE)
    {
      g_set_error (error, SE_ERROR, SE_ERROR_FAILED,
                   _("Already sending: stop the auto-send or file first"));
      return FALSE;
    }

  g_object_freeze_notify (G_OBJECT (self));
  self->mode = mode;
  self->done = 0;
  self->total = total;
  self->peak_queued = 0;
  g_free (self->name);
  self->name = g_strdup (name);
  g_clear_pointer (&self->error_message, g_free);
  for (guint i = PROP_RUNNING; i < N_PROPS; i++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[i]);
  g_object_thaw_notify (G_OBJECT (self));
  return TRUE;
}

/* repeat */

/* The message for {{counter}} = counter, made as the composer and send
 * --macros make it: text, macros and line ending in the message's
 * encoding, {{file:…}} bytes as they are, {{len}} counting what is sent. */
static GBytes *
expand (SeSavedMessage  *message,
        guint64          counter,
        GError         **error)
{
  gboolean hex = se_saved_message_get_hex (message);

  if (!se_macro_has_macros (se_saved_message_get_data (message)))
    return se_saved_message_expand (message, counter, error);
  return se_macro_expand_encoded (se_saved_message_get_data (message),
                                  hex ? SE_PAYLOAD_HEX : SE_PAYLOAD_TEXT,
                                  se_saved_message_get_eol (message),
                                  hex ? NULL : se_saved_message_get_encoding (message),
                                  counter, NULL, error);
}

/* Sends the next message of the repetition; finishes after the last. */
static void
send_next (SeSender *self)
{
  g_autoptr(GBytes) expanded = NULL;
  GError *error = NULL;
  GBytes *bytes = self->fixed;

  if (bytes == NULL)
    {
      expanded = expand (self->message, self->first_counter + self->done, &error);
      if (expanded == NULL)
        {
          finish (self, error);
          return;
        }
      bytes = expanded;
    }

  if (!send_bytes (self, bytes, &error))
    {
      finish (self, error);
      return;
    }
  self->done++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DONE]);
  if (self->total > 0 && self->done >= self->total)
    finish (self, NULL);
}

static gboolean
tick_cb (gpointer user_data)
{
  SeSender *self = user_data;

  send_next (self);
  /* finish() destroyed the ticker if that was the last */
  return G_SOURCE_CONTINUE;
}

/* file */

/* One read of the file: NULL at its end (*error unset) or on failure. */
static GBytes *
read_chunk (SeSender  *self,
            gsize      size,
            GError   **error)
{
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes (G_INPUT_STREAM (self->input), size, NULL, error);

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    return NULL;
  return g_steal_pointer (&bytes);
}

/* Sends one read of size bytes; FALSE when the run is over. */
static gboolean
send_chunk (SeSender *self,
            gsize     size)
{
  GError *error = NULL;
  g_autoptr(GBytes) chunk = read_chunk (self, size, &error);

  if (chunk == NULL || !send_bytes (self, chunk, &error))
    {
      finish (self, error);
      return FALSE;
    }
  self->done += g_bytes_get_size (chunk);
  if (self->connection != NULL)
    self->peak_queued = MAX (self->peak_queued, se_connection_get_queued_bytes (self->connection));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DONE]);
  return TRUE;
}

/* Streams: fills the queue up to the bound; called again as it drains. */
static void
pump_stream (SeSender *self)
{
  if (self->pumping)
    return;

  g_object_ref (self);
  self->pumping = TRUE;
  while (self->mode == SE_SENDER_FILE &&
         se_connection_get_queued_bytes (self->connection) < SE_SENDER_QUEUE_HIGH &&
         send_chunk (self, SE_SENDER_CHUNK))
    ;
  self->pumping = FALSE;
  g_object_unref (self);
}

static void
connection_changed_cb (SeConnection *connection,
                       GParamSpec   *pspec,
                       SeSender     *self)
{
  /* Drained, or closed: a closed connection refuses the next chunk, and
   * that ends the run with its error. */
  pump_stream (self);
}

static gboolean
pump_datagrams_cb (gpointer user_data)
{
  SeSender *self = user_data;

  for (guint i = 0; i < DATAGRAM_BATCH; i++)
    if (!send_chunk (self, self->datagram_size))
      return G_SOURCE_REMOVE;
  return G_SOURCE_CONTINUE;
}

/* overrides */

static void
se_sender_dispose (GObject *object)
{
  SeSender *self = SE_SENDER (object);

  clear_run (self);
  self->mode = SE_SENDER_IDLE;

  G_OBJECT_CLASS (se_sender_parent_class)->dispose (object);
}

static void
se_sender_finalize (GObject *object)
{
  SeSender *self = SE_SENDER (object);

  g_weak_ref_clear (&self->target);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->peer);
  g_free (self->name);
  g_free (self->error_message);

  G_OBJECT_CLASS (se_sender_parent_class)->finalize (object);
}

static void
se_sender_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SeSender *self = SE_SENDER (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->mode != SE_SENDER_IDLE);
      break;
    case PROP_MODE:
      g_value_set_int (value, self->mode);
      break;
    case PROP_DONE:
      g_value_set_uint64 (value, self->done);
      break;
    case PROP_TOTAL:
      g_value_set_uint64 (value, self->total);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
se_sender_class_init (SeSenderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = se_sender_dispose;
  object_class->finalize = se_sender_finalize;
  object_class->get_property = se_sender_get_property;

  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, flags);
  /* An SeSenderMode */
  properties[PROP_MODE] = g_param_spec_int ("mode", NULL, NULL, SE_SENDER_IDLE, SE_SENDER_FILE,
                                            SE_SENDER_IDLE, flags);
  properties[PROP_DONE] = g_param_spec_uint64 ("done", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_TOTAL] = g_param_spec_uint64 ("total", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SeSender::finished:
   * @error: (nullable): why it ended early (SE_ERROR_CANCELLED: stopped)
   */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
se_sender_init (SeSender *self)
{
  g_weak_ref_init (&self->target, NULL);
  self->context = g_main_context_ref_thread_default ();
}

/* public */

SeSender *
se_sender_get_for (GObject    *target,
                   const char *peer)
{
  g_autofree char *key = NULL;
  SeSender *self;

  g_return_val_if_fail (SE_IS_CLIENT (target) || SE_IS_CONNECTION (target) || SE_IS_LISTENER (target), NULL);
  g_return_val_if_fail (peer == NULL || SE_IS_LISTENER (target), NULL);

  key = g_strconcat ("se-sender:", peer != NULL ? peer : "", NULL);
  self = g_object_get_data (target, key);
  if (self != NULL)
    return self;

  self = g_object_new (SE_TYPE_SENDER, NULL);
  g_weak_ref_set (&self->target, target);
  self->peer = g_strdup (peer);
  g_object_set_data_full (target, key, self, g_object_unref);
  return self;
}

/* Starts a repetition of fixed (message NULL) or of message's
 * expansions. */
static gboolean
start_repeat (SeSender        *self,
              SeSavedMessage  *message,
              GBytes          *fixed,
              guint64          first_counter,
              guint            count,
              guint            interval_ms,
              GError         **error)
{
  if (interval_ms < 1 || interval_ms > SE_SENDER_INTERVAL_MAX_MS)
    {
      g_set_error (error, SE_ERROR, SE_ERROR_FAILED,
                   _("The interval must be 1 ms to 24 hours"));
      return FALSE;
    }
  if (!begin (self, SE_SENDER_REPEAT, count, NULL, error))
    return FALSE;

  self->message = message != NULL ? g_object_ref (message) : NULL;
  self->fixed = fixed != NULL ? g_bytes_ref (fixed) : NULL;
  self->first_counter = first_counter;
  self->ticker = se_ticker_source_new ((guint64) interval_ms * 1000);
  if (self->ticker == NULL)
    {
      finish (self, g_error_new (SE_ERROR, SE_ERROR_FAILED, _("No timer could be made: %s"),
                                 g_strerror (errno)));
      return FALSE;
    }
  g_source_set_callback (self->ticker, tick_cb, self, NULL);
  g_source_set_static_name (self->ticker, "[socket-explorer] auto-send");
  g_source_attach (self->ticker, self->context);

  /* The first now, like a program's first send() before its first sleep;
   * if even that fails, nothing started. */
  send_next (self);
  if (self->mode == SE_SENDER_IDLE && self->done == 0 && self->error_message != NULL)
    {
      g_set_error_literal (error, SE_ERROR, SE_ERROR_FAILED, self->error_message);
      return FALSE;
    }
  return TRUE;
}

gboolean
se_sender_start_repeat (SeSender        *self,
                        SeSavedMessage  *message,
                        guint64          first_counter,
                        guint            count,
                        guint            interval_ms,
                        GError         **error)
{
  g_autoptr(GBytes) fixed = NULL;

  g_return_val_if_fail (SE_IS_SENDER (self), FALSE);
  g_return_val_if_fail (SE_IS_SAVED_MESSAGE (message), FALSE);

  /* A message that cannot be made is refused before anything starts */
  fixed = expand (message, first_counter, error);
  if (fixed == NULL)
    return FALSE;
  /* Without macros every message is the same: made once */
  if (se_macro_has_macros (se_saved_message_get_data (message)))
    return start_repeat (self, message, NULL, first_counter, count, interval_ms, error);
  return start_repeat (self, NULL, fixed, first_counter, count, interval_ms, error);
}

gboolean
se_sender_start_repeat_bytes (SeSender  *self,
                              GBytes    *bytes,
                              guint      count,
                              guint      interval_ms,
                              GError   **error)
{
  g_return_val_if_fail (SE_IS_SENDER (self), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  return start_repeat (self, NULL, bytes, 1, count, interval_ms, error);
}

gboolean
se_sender_start_file (SeSender  *self,
                      GFile     *file,
                      gsize      datagram_size,
                      GError   **error)
{
  g_autoptr(GObject) target = NULL;
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *name = NULL;
  SeConnection *connection = NULL;

  g_return_val_if_fail (SE_IS_SENDER (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  target = g_weak_ref_get (&self->target);
  if (target == NULL)
    {
      g_set_error (error, SE_ERROR, SE_ERROR_CLOSED, _("Cannot send: the socket is gone"));
      return FALSE;
    }
  if (SE_IS_CLIENT (target) && se_endpoint_is_stream (se_client_get_target (SE_CLIENT (target))))
    {
      connection = se_client_get_connection (SE_CLIENT (target));
      if (connection == NULL)
        {
          g_set_error (error, SE_ERROR, SE_ERROR_CLOSED, _("Cannot send: the client is not connected"));
          return FALSE;
        }
    }
  else if (SE_IS_CONNECTION (target))
    connection = SE_CONNECTION (target);
  else if (SE_IS_LISTENER (target) && self->peer == NULL)
    {
      g_set_error (error, SE_ERROR, SE_ERROR_FAILED,
                   _("A file goes to one connection or peer: choose one instead of all"));
      return FALSE;
    }

  input = g_file_read (file, NULL, error);
  if (input == NULL)
    return FALSE;
  info = g_file_input_stream_query_info (input, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, error);
  if (info == NULL)
    return FALSE;
  name = g_file_get_basename (file);
  if (!begin (self, SE_SENDER_FILE, (guint64) g_file_info_get_size (info), name, error))
    return FALSE;

  self->input = g_steal_pointer (&input);
  self->datagram_size = datagram_size > 0 ? datagram_size : SE_SENDER_DATAGRAM_SIZE;
  if (connection != NULL)
    {
      self->connection = g_object_ref (connection);
      self->queued_id = g_signal_connect (connection, "notify::queued-bytes",
                                          G_CALLBACK (connection_changed_cb), self);
      self->state_id = g_signal_connect (connection, "notify::state",
                                         G_CALLBACK (connection_changed_cb), self);
      pump_stream (self);
    }
  else
    {
      self->idle = g_idle_source_new ();
      g_source_set_callback (self->idle, pump_datagrams_cb, self, NULL);
      g_source_set_static_name (self->idle, "[socket-explorer] file datagrams");
      g_source_attach (self->idle, self->context);
    }
  return TRUE;
}

void
se_sender_stop (SeSender *self)
{
  g_return_if_fail (SE_IS_SENDER (self));

  finish (self, g_error_new (SE_ERROR, SE_ERROR_CANCELLED, _("Stopped")));
}

gboolean
se_sender_get_running (SeSender *self)
{
  g_return_val_if_fail (SE_IS_SENDER (self), FALSE);
  return self->mode != SE_SENDER_IDLE;
}

SeSenderMode
se_sender_get_mode (SeSender *self)
{
  g_return_val_if_fail (SE_IS_SENDER (self), SE_SENDER_IDLE);
  return self->mode;
}

guint64
se_sender_get_done (SeSender *self)
{
  g_return_val_if_fail (SE_IS_SENDER (self), 0);
  return self->done;
}

guint64
se_sender_get_total (SeSender *self)
{
  g_return_val_if_fail (SE_IS_SENDER (self), 0);
  return self->total;
}

const char *
se_sender_get_name (SeSender *self)
{
  g_return_val_if_fail (SE_IS_SENDER (self), NULL);
  return self->name;
}

const char *
se_sender_get_error_message (SeSender *self)
{
  g_return_val_if_fail (SE_IS_SENDER (self), NULL);
  return self->error_message;
}

guint64
se_sender_get_peak_queued (SeSender *self)
{
  g_return_val_if_fail (SE_IS_SENDER (self), 0);
  return self->peak_queued;
}
