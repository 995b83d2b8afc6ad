/* se-lab-check.c: a lab's checks evaluated against the traffic log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The language of checks (which members a check has and what each means)
 * is described and validated in se-lab-language.c; here each member is a
 * predicate on the log's events. Every predicate lives here, so that new
 * event fields (the call, its return value and errno, the TCP state)
 * become new members in one place.
 *
 * Sends and receives are matched per direction of a stream (the sender's
 * local and remote addresses are the receiver's remote and local), so the
 * checker knows which sends a receive's bytes came from.
 */
#include "config.h"

#include <string.h>

#include "se-error.h"
#include "se-lab-check.h"
#include "se-lab-private.h"
#include "se-listener.h"

/* A direction of a stream keeps at most this many sends not yet seen
 * received (a peer outside the app never reports its receives). */
#define MAX_PENDING_SENDS 4096

typedef struct
{
  guint    count;
  gboolean passed;
  guint64  passed_at;   /* seq of the event that passed it */
} StepState;

struct _SeLabChecker
{
  SeLab      *lab;
  StepState  *steps;
  guint       n_steps;
  gpointer    log;      /* only compared: a new log is read from its start */
  guint64     seen;     /* number of the first event of the log not read yet */
  guint64     seq;      /* events read by this checker */
  GHashTable *streams;  /* "local\nremote" of a sender -> GQueue of guint64 bytes left */
  GHashTable *regexes;  /* pattern -> GRegex */
};

typedef struct
{
  gboolean more_than_sent;
  gboolean fewer_than_sent;
} Flags;


/* Evaluation */

static char *
stream_key (const char *from,
            const char *to)
{
  return g_strconcat (from, "\n", to, NULL);
}

/* What a stream event says about message boundaries. A send queues its
 * size on its direction; a receive takes its bytes from the front. */
static void
queue_free (gpointer data)
{
  g_queue_free_full (data, g_free);
}

static Flags
se_lab_checker_account (SeLabChecker *self,
                        SeEvent      *event)
{
  Flags flags = { FALSE, FALSE };
  SeEventKind kind = se_event_get_kind (event);
  guint64 size = se_event_get_size (event);
  g_autofree char *key = NULL;
  GQueue *queue;

  if (!se_protocol_is_stream (se_event_get_protocol (event)) || size == 0
      || (kind != SE_EVENT_SEND && kind != SE_EVENT_RECEIVE))
    return flags;

  if (kind == SE_EVENT_SEND)
    {
      key = stream_key (se_event_get_local (event), se_event_get_remote (event));
      queue = g_hash_table_lookup (self->streams, key);
      if (queue == NULL)
        {
          queue = g_queue_new ();
          g_hash_table_insert (self->streams, g_steal_pointer (&key), queue);
        }
      if (queue->length >= MAX_PENDING_SENDS)
        g_free (g_queue_pop_head (queue));
      g_queue_push_tail (queue, g_memdup2 (&size, sizeof size));
      return flags;
    }

  key = stream_key (se_event_get_remote (event), se_event_get_local (event));
  queue = g_hash_table_lookup (self->streams, key);
  if (queue == NULL || queue->length == 0)
    return flags;

  for (guint sends = 0; size > 0 && queue->length > 0; sends++)
    {
      guint64 *left = g_queue_peek_head (queue);

      if (sends > 0)
        flags.more_than_sent = TRUE;

      if (size < *left)
        {
          *left -= size;
          flags.fewer_than_sent = TRUE;
          size = 0;
        }
      else
        {
          size -= *left;
          g_free (g_queue_pop_head (queue));
        }
    }

  return flags;
}

/* Whether the event's detail names the error: the name as a whole word */
static gboolean
detail_names_error (const char *detail,
                    const char *name)
{
  gsize len = strlen (name);

  for (const char *p = strstr (detail, name); p != NULL; p = strstr (p + 1, name))
    {
      gboolean starts = p == detail || !(g_ascii_isalnum (p[-1]) || p[-1] == '_');
      gboolean ends = !(g_ascii_isalnum (p[len]) || p[len] == '_');

      if (starts && ends)
        return TRUE;
    }

  return FALSE;
}

static gboolean
error_matches (JsonNode *node,
               SeEvent  *event)
{
  const char *detail = se_event_get_detail (event);

  if (JSON_NODE_HOLDS_VALUE (node))
    return detail_names_error (detail, json_node_get_string (node));

  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    if (detail_names_error (detail, json_array_get_string_element (json_node_get_array (node), i)))
      return TRUE;

  return FALSE;
}

static gboolean
data_matches (SeLabChecker *self,
              const char   *pattern,
              SeEvent      *event)
{
  GRegex *regex = g_hash_table_lookup (self->regexes, pattern);
  GBytes *data = se_event_get_data (event);
  gsize len = 0;
  const char *bytes;

  if (regex == NULL)
    {
      /* Checked when the lab was read */
      regex = g_regex_new (pattern, G_REGEX_RAW, 0, NULL);
      g_return_val_if_fail (regex != NULL, FALSE);
      g_hash_table_insert (self->regexes, g_strdup (pattern), regex);
    }

  if (data == NULL)
    return FALSE;

  bytes = g_bytes_get_data (data, &len);
  if (bytes == NULL)
    return FALSE;

  return g_regex_match_full (regex, bytes, len, 0, 0, NULL, NULL);
}

static gboolean
event_matches (SeLabChecker *self,
               JsonObject   *check,
               SeEvent      *event,
               const Flags  *flags)
{
  JsonNode *node;
  SeProtocol protocol = se_event_get_protocol (event);

  if ((node = json_object_get_member (check, "event")) != NULL
      && !g_str_equal (json_node_get_string (node), se_event_kind_to_string (se_event_get_kind (event))))
    return FALSE;

  if ((node = json_object_get_member (check, "protocol")) != NULL
      && !g_str_equal (json_node_get_string (node),
                       protocol == SE_PROTOCOL_NONE ? "none" : se_protocol_to_string (protocol)))
    return FALSE;

  if ((node = json_object_get_member (check, "detail")) != NULL
      && !g_str_equal (json_node_get_string (node), _se_lab_detail_name (se_event_get_detail_code (event))))
    return FALSE;

  if ((node = json_object_get_member (check, "error")) != NULL && !error_matches (node, event))
    return FALSE;

  if ((node = json_object_get_member (check, "remote")) != NULL
      && !g_str_equal (json_node_get_string (node), se_event_get_remote (event)))
    return FALSE;

  if ((node = json_object_get_member (check, "more-than-sent")) != NULL
      && json_node_get_boolean (node) != flags->more_than_sent)
    return FALSE;

  if ((node = json_object_get_member (check, "fewer-than-sent")) != NULL
      && json_node_get_boolean (node) != flags->fewer_than_sent)
    return FALSE;

  if ((node = json_object_get_member (check, "data-regex")) != NULL
      && !data_matches (self, json_node_get_string (node), event))
    return FALSE;

  if ((node = json_object_get_member (check, "any")) != NULL)
    {
      JsonArray *any = json_node_get_array (node);
      gboolean one = FALSE;

      for (guint i = 0; !one && i < json_array_get_length (any); i++)
        one = event_matches (self, json_array_get_object_element (any, i), event, flags);
      if (!one)
        return FALSE;
    }

  return TRUE;
}

static gboolean
listener_matches (JsonObject *check,
                  GObject    *listener)
{
  GObjectClass *klass = G_OBJECT_GET_CLASS (listener);
  g_autoptr(SeEndpoint) endpoint = NULL;
  g_autoptr(SeResponder) responder = NULL;
  g_autoptr(SeResponder) wanted = NULL;
  gboolean running = FALSE;
  SeProtocol protocol;

  if (g_object_class_find_property (klass, "endpoint") == NULL
      || g_object_class_find_property (klass, "responder") == NULL
      || g_object_class_find_property (klass, "running") == NULL)
    return FALSE;

  g_object_get (listener, "endpoint", &endpoint, "responder", &responder, "running", &running, NULL);
  se_protocol_from_string (json_object_get_string_member (check, "protocol"), &protocol);
  wanted = se_responder_parse (json_object_get_string_member (check, "responder"), NULL);

  return running && endpoint != NULL && responder != NULL && wanted != NULL
         && se_endpoint_get_protocol (endpoint) == protocol
         && se_responder_get_kind (responder) == se_responder_get_kind (wanted);
}

static void
se_lab_checker_pass (SeLabChecker *self,
                     guint         step)
{
  self->steps[step].passed = TRUE;
  self->steps[step].passed_at = self->seq;
}

static gboolean
se_lab_checker_read_event (SeLabChecker *self,
                           SeEvent      *event)
{
  Flags flags = se_lab_checker_account (self, event);
  gboolean changed = FALSE;

  self->seq++;

  for (guint i = 0; i < self->n_steps; i++)
    {
      JsonObject *check = se_lab_get_step_check (self->lab, i);
      StepState *state = &self->steps[i];

      if (state->passed || json_object_has_member (check, "listener"))
        continue;

      if (json_object_has_member (check, "after"))
        {
          StepState *earlier = &self->steps[json_object_get_int_member (check, "after")];

          if (!earlier->passed || earlier->passed_at >= self->seq)
            continue;
        }

      if (!event_matches (self, check, event, &flags))
        continue;

      state->count++;
      if (state->count >= (guint) json_object_get_int_member_with_default (check, "count", 1))
        {
          se_lab_checker_pass (self, i);
          changed = TRUE;
        }
    }

  return changed;
}

SeLabChecker *
se_lab_checker_new (SeLab *lab)
{
  SeLabChecker *self;

  g_return_val_if_fail (SE_IS_LAB (lab), NULL);

  self = g_new0 (SeLabChecker, 1);
  self->lab = g_object_ref (lab);
  self->n_steps = se_lab_get_n_steps (lab);
  self->steps = g_new0 (StepState, self->n_steps);
  self->streams = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, queue_free);
  self->regexes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_regex_unref);
  return self;
}

void
se_lab_checker_free (SeLabChecker *self)
{
  if (self == NULL)
    return;

  g_object_unref (self->lab);
  g_free (self->steps);
  g_hash_table_unref (self->streams);
  g_hash_table_unref (self->regexes);
  g_free (self);
}

gboolean
se_lab_checker_update (SeLabChecker *self,
                       SeTrafficLog *log,
                       GListModel   *listeners)
{
  gboolean changed = FALSE;
  guint64 base;
  guint n;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (SE_IS_TRAFFIC_LOG (log), FALSE);
  g_return_val_if_fail (listeners == NULL || G_IS_LIST_MODEL (listeners), FALSE);

  /* The events views have been told of: the log's model, whose first
   * item is event number n_dropped (only the log's own thread drops) */
  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  base = se_traffic_log_get_n_dropped (log);

  if (log != self->log || base + n < self->seen)
    {
      /* Another log, or this one was cleared: read it from its start;
       * what passed stays passed. */
      self->log = log;
      self->seen = 0;
      g_hash_table_remove_all (self->streams);
    }

  for (guint64 i = MAX (self->seen, base); i < base + n; i++)
    {
      g_autoptr(SeEvent) event = g_list_model_get_item (G_LIST_MODEL (log), (guint) (i - base));

      changed |= se_lab_checker_read_event (self, event);
    }
  self->seen = base + n;

  for (guint i = 0; listeners != NULL && i < self->n_steps; i++)
    {
      JsonObject *check = se_lab_get_step_check (self->lab, i);

      if (self->steps[i].passed || !json_object_has_member (check, "listener"))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (listeners); j++)
        {
          g_autoptr(GObject) listener = g_list_model_get_item (listeners, j);

          if (listener_matches (json_object_get_object_member (check, "listener"), listener))
            {
              se_lab_checker_pass (self, i);
              changed = TRUE;
              break;
            }
        }
    }

  return changed;
}

gboolean
se_lab_checker_get_passed (SeLabChecker *self,
                           guint         step)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (step < self->n_steps, FALSE);

  return self->steps[step].passed;
}

guint
se_lab_checker_get_n_passed (SeLabChecker *self)
{
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->n_steps; i++)
    n += self->steps[i].passed ? 1 : 0;

  return n;
}

void
se_lab_checker_reset (SeLabChecker *self)
{
  g_return_if_fail (self != NULL);

  memset (self->steps, 0, self->n_steps * sizeof (StepState));
  self->log = NULL;
  self->seen = 0;
  self->seq = 0;
  g_hash_table_remove_all (self->streams);
}
