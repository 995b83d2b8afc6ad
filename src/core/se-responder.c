/* se-responder.c: built-in responders of listeners
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib-object.h>
#include <glib/gi18n-lib.h>

#include "se-error.h"
#include "se-payload.h"
#include "se-responder.h"

/* The greeting of the seed tutorials' first server. It is sent over the
 * wire, so it is data, not a user interface string: not translated. */
#define DEFAULT_GREETING "Thank you for connection"

/* The header the framed responder sends before a body is PREFIX|n; by
 * default exactly what the seeds' command server sends, so that their
 * command client (which checks for CMD_RESULT_SIZE) sends its go-ahead. */
#define DEFAULT_FRAMED_PREFIX "CMD_RESULT_SIZE"

struct _SeResponder
{
  SeResponderKind  kind;
  GBytes          *greeting;       /* GREETING only: the bytes sent */
  char            *greeting_text;  /* the same, NUL-terminated */
  char            *framed_prefix;  /* FRAMED only: before "|n" */
};

struct _SeResponderState
{
  /* FRAMED on a stream: the body announced by "PREFIX|n", waiting for the
   * peer's go-ahead; NULL while waiting for the next message. */
  GBytes *pending;
};

static const char * const kind_names[] = {
  [SE_RESPONDER_NONE] = "none",
  [SE_RESPONDER_ECHO] = "echo",
  [SE_RESPONDER_UPPER] = "upper",
  [SE_RESPONDER_TIMESTAMP] = "timestamp",
  [SE_RESPONDER_GREETING] = "greeting",
  [SE_RESPONDER_DISCARD] = "discard",
  [SE_RESPONDER_FRAMED] = "framed",
};

G_DEFINE_BOXED_TYPE (SeResponder, se_responder, se_responder_ref, se_responder_unref)

static void
se_responder_clear (gpointer data)
{
  SeResponder *self = data;

  g_clear_pointer (&self->greeting, g_bytes_unref);
  g_clear_pointer (&self->greeting_text, g_free);
  g_clear_pointer (&self->framed_prefix, g_free);
}

static SeResponder *
responder_new_take_greeting (SeResponderKind  kind,
                             GBytes          *greeting)
{
  SeResponder *self = g_atomic_rc_box_new0 (SeResponder);

  self->kind = kind;

  if (kind == SE_RESPONDER_GREETING)
    {
      gsize len;
      const char *data;

      if (greeting == NULL)
        greeting = g_bytes_new_static (DEFAULT_GREETING, strlen (DEFAULT_GREETING));

      data = g_bytes_get_data (greeting, &len);
      self->greeting = greeting;
      /* An empty GBytes may have NULL data. */
      self->greeting_text = g_strndup (data != NULL ? data : "", len);
    }
  else
    g_clear_pointer (&greeting, g_bytes_unref);

  if (kind == SE_RESPONDER_FRAMED)
    self->framed_prefix = g_strdup (DEFAULT_FRAMED_PREFIX);

  return self;
}

static void
add_reply (SeResponse   *response,
           const guint8 *data,
           gsize         len)
{
  g_ptr_array_add (response->replies, g_bytes_new (data, len));
}

static void
add_framed_header (const SeResponder *self,
                   SeResponse        *response,
                   gsize              len)
{
  char *header = g_strdup_printf ("%s|%" G_GSIZE_FORMAT, self->framed_prefix, len);

  g_ptr_array_add (response->replies, g_bytes_new_take (header, strlen (header)));
}

/**
 * se_responder_new:
 * @kind: what the responder does
 * @greeting: (nullable): for %SE_RESPONDER_GREETING, the text to send;
 *   %NULL for the default "Thank you for connection". Ignored otherwise.
 *
 * Returns: (transfer full): a new responder
 */
SeResponder *
se_responder_new (SeResponderKind  kind,
                  const char      *greeting)
{
  g_return_val_if_fail (kind >= SE_RESPONDER_NONE && kind <= SE_RESPONDER_FRAMED, NULL);

  return responder_new_take_greeting (kind,
                                      greeting != NULL ? g_bytes_new (greeting, strlen (greeting)) : NULL);
}

/**
 * se_responder_parse:
 * @text: "none", "echo", "upper", "timestamp", "greeting", "greeting=TEXT",
 *   "discard", "framed" or "framed=PREFIX"; TEXT may use the escapes of
 *   se_payload_decode_text()
 * @error: return location for a %SE_ERROR_INVALID_RESPONDER error
 *
 * Names are read in any ASCII case; whitespace around the name is
 * ignored, but a greeting's TEXT is taken exactly as written.
 *
 * Returns: (transfer full) (nullable): the responder
 */
SeResponder *
se_responder_parse (const char  *text,
                    GError     **error)
{
  g_autofree char *name = NULL;
  const char *value = NULL;
  const char *eq;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  eq = strchr (text, '=');
  if (eq != NULL)
    {
      name = g_strndup (text, eq - text);
      value = eq + 1;
    }
  else
    name = g_strdup (text);
  g_strstrip (name);

  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    {
      g_autoptr(GBytes) greeting = NULL;
      g_autoptr(GError) local_error = NULL;

      if (g_ascii_strcasecmp (name, kind_names[i]) != 0)
        continue;

      if (value == NULL)
        return responder_new_take_greeting ((SeResponderKind) i, NULL);

      if (i == SE_RESPONDER_FRAMED)
        {
          SeResponder *self;

          /* framed=PREFIX: the header's word, which a client compares */
          if (value[0] == '\0' || strchr (value, '|') != NULL)
            {
              g_set_error_literal (error, SE_ERROR, SE_ERROR_INVALID_RESPONDER,
                                   _("framed=PREFIX needs a prefix without “|”, e.g. framed=CMD_RESULT_SIZE"));
              return NULL;
            }
          self = responder_new_take_greeting (SE_RESPONDER_FRAMED, NULL);
          g_free (self->framed_prefix);
          self->framed_prefix = g_strdup (value);
          return self;
        }

      if (i != SE_RESPONDER_GREETING)
        {
          g_set_error (error, SE_ERROR, SE_ERROR_INVALID_RESPONDER,
                       _("The responder “%s” takes no “=” value; only greeting=TEXT and framed=PREFIX do"),
                       kind_names[i]);
          return NULL;
        }

      greeting = se_payload_decode_text (value, &local_error);
      if (greeting == NULL)
        {
          g_set_error (error, SE_ERROR, SE_ERROR_INVALID_RESPONDER,
                       /* Translators: the first %s is the text, the second says what is wrong with it */
                       _("Invalid greeting text “%s”: %s"), value, local_error->message);
          return NULL;
        }

      return responder_new_take_greeting (SE_RESPONDER_GREETING, g_steal_pointer (&greeting));
    }

  g_set_error (error, SE_ERROR, SE_ERROR_INVALID_RESPONDER,
               _("Unknown responder “%s”; use one of none, echo, upper, timestamp, greeting=TEXT, discard, framed"),
               name);

  return NULL;
}

SeResponder *
se_responder_ref (SeResponder *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
se_responder_unref (SeResponder *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, se_responder_clear);
}

SeResponderKind
se_responder_get_kind (const SeResponder *self)
{
  g_return_val_if_fail (self != NULL, SE_RESPONDER_NONE);

  return self->kind;
}

/* Returns: (nullable): the greeting of a %SE_RESPONDER_GREETING
 *   responder (up to its first NUL byte, if it has one), else %NULL */
const char *
se_responder_get_greeting (const SeResponder *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->greeting_text;
}

/* Returns: (nullable) (transfer none): the greeting's bytes of a
 *   %SE_RESPONDER_GREETING responder, else %NULL */
GBytes *
se_responder_get_greeting_bytes (const SeResponder *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->greeting;
}

/* Returns: (nullable): the header's word of a %SE_RESPONDER_FRAMED
 *   responder ("CMD_RESULT_SIZE" unless changed), else %NULL */
const char *
se_responder_get_framed_prefix (const SeResponder *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->framed_prefix;
}

/**
 * se_responder_to_string:
 *
 * Returns: (transfer full): the notation se_responder_parse() reads back
 *   to an equal responder, e.g. "echo" or "greeting=Hello\n"
 */
char *
se_responder_to_string (const SeResponder *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->kind == SE_RESPONDER_GREETING)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (self->greeting, &len);
      g_autofree char *escaped = se_payload_to_escaped (data, len, 0);

      return g_strconcat ("greeting=", escaped, NULL);
    }

  if (self->kind == SE_RESPONDER_FRAMED && g_strcmp0 (self->framed_prefix, DEFAULT_FRAMED_PREFIX) != 0)
    return g_strconcat ("framed=", self->framed_prefix, NULL);

  return g_strdup (kind_names[self->kind]);
}

SeResponderState *
se_responder_state_new (void)
{
  return g_new0 (SeResponderState, 1);
}

void
se_responder_state_free (SeResponderState *state)
{
  if (state == NULL)
    return;

  g_clear_pointer (&state->pending, g_bytes_unref);
  g_free (state);
}

void
se_responder_on_accept (const SeResponder *self,
                        SeResponderState  *state,
                        SeResponse        *response)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (response != NULL && response->replies != NULL);

  if (state != NULL)
    g_clear_pointer (&state->pending, g_bytes_unref);

  if (self->kind == SE_RESPONDER_GREETING)
    {
      if (g_bytes_get_size (self->greeting) > 0)
        g_ptr_array_add (response->replies, g_bytes_ref (self->greeting));
      response->close = TRUE;
    }
}

void
se_responder_on_data (const SeResponder *self,
                      SeResponderState  *state,
                      const guint8      *data,
                      gsize              len,
                      gboolean           is_datagram,
                      SeResponse        *response)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (data != NULL || len == 0);
  g_return_if_fail (response != NULL && response->replies != NULL);

  /* A stream has no empty messages; an empty datagram is a real one. */
  if (len == 0 && !is_datagram)
    return;

  switch (self->kind)
    {
    case SE_RESPONDER_NONE:
    case SE_RESPONDER_DISCARD:
      break;

    case SE_RESPONDER_ECHO:
      add_reply (response, data, len);
      break;

    case SE_RESPONDER_UPPER:
      {
        guint8 *upper = g_memdup2 (data, len);

        for (gsize i = 0; i < len; i++)
          upper[i] = (guint8) g_ascii_toupper ((char) upper[i]);
        g_ptr_array_add (response->replies, g_bytes_new_take (upper, len));
      }
      break;

    case SE_RESPONDER_TIMESTAMP:
      {
        g_autoptr(GDateTime) now = g_date_time_new_now_local ();
        g_autofree char *stamp = se_format_ctime (now);
        GByteArray *reply = g_byte_array_sized_new (strlen (stamp) + 3 + len);

        /* '[%s] %s' % (ctime(), data), as the seeds' servers send. */
        g_byte_array_append (reply, (const guint8 *) "[", 1);
        g_byte_array_append (reply, (const guint8 *) stamp, strlen (stamp));
        g_byte_array_append (reply, (const guint8 *) "] ", 2);
        g_byte_array_append (reply, data, len);
        g_ptr_array_add (response->replies, g_byte_array_free_to_bytes (reply));
      }
      break;

    case SE_RESPONDER_GREETING:
      /* A stream got its greeting on accept; a datagram has no accept,
       * so each one is answered with the greeting. */
      if (is_datagram)
        g_ptr_array_add (response->replies, g_bytes_ref (self->greeting));
      break;

    case SE_RESPONDER_FRAMED:
      if (is_datagram)
        {
          add_framed_header (self, response, len);
          add_reply (response, data, len);
        }
      else
        {
          g_return_if_fail (state != NULL);

          if (state->pending == NULL)
            {
              /* A message: announce its size, keep it as the body. */
              add_framed_header (self, response, len);
              state->pending = g_bytes_new (data, len);
            }
          else
            {
              /* The go-ahead: whatever it says, send the body. */
              g_ptr_array_add (response->replies, g_steal_pointer (&state->pending));
            }
        }
      break;

    default:
      g_assert_not_reached ();
    }
}

void
se_response_init (SeResponse *response)
{
  g_return_if_fail (response != NULL);

  response->replies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  response->close = FALSE;
}

void
se_response_clear (SeResponse *response)
{
  g_return_if_fail (response != NULL);

  g_clear_pointer (&response->replies, g_ptr_array_unref);
  response->close = FALSE;
}

/**
 * se_format_ctime:
 * @time: the time to format, in the time zone it should be shown in
 *
 * Formats like C's ctime() and Python's time.ctime(), without the
 * newline: "Mon Dec  9 12:46:36 2013". The day and month names are the
 * English ones whatever the locale, as ctime() gives them.
 *
 * Returns: (transfer full): the text
 */
char *
se_format_ctime (GDateTime *time)
{
  static const char days[][4] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char months[][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

  g_return_val_if_fail (time != NULL, NULL);

  return g_strdup_printf ("%s %s %2d %02d:%02d:%02d %d",
                          days[g_date_time_get_day_of_week (time) - 1],
                          months[g_date_time_get_month (time) - 1],
                          g_date_time_get_day_of_month (time),
                          g_date_time_get_hour (time),
                          g_date_time_get_minute (time),
                          g_date_time_get_second (time),
                          g_date_time_get_year (time));
}
