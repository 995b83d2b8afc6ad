/* se-rule.c: match-and-reply rules of listeners and clients
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A rule looks at one received chunk (one recv() on a stream, one
 * datagram) and, if it matches, answers instead of the responder. The
 * reply is text as the composer takes it: captures are put in first, as
 * \xHH escapes so that their bytes stay exact and never read as a macro
 * or an escape, then se_macro_expand() does the macros and escapes.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "se-error.h"
#include "se-json.h"
#include "se-macro.h"
#include "se-payload.h"
#include "se-rule-private.h"

#define MAX_DELAY_MS (60 * 60 * 1000)

struct _SeRule
{
  SeRuleKind  kind;
  char       *match;        /* as written */
  char       *reply;        /* as written */
  GBytes     *match_bytes;  /* exact, prefix, contains: decoded */
  GRegex     *regex;        /* regex */
  guint       delay;
  gboolean    close_after;
};

struct _SeRuleSet
{
  GPtrArray *rules;  /* SeRule */
};

static const char * const kind_names[] = {
  [SE_RULE_EXACT] = "exact",
  [SE_RULE_PREFIX] = "prefix",
  [SE_RULE_CONTAINS] = "contains",
  [SE_RULE_REGEX] = "regex",
};

G_DEFINE_BOXED_TYPE (SeRule, se_rule, se_rule_ref, se_rule_unref)
G_DEFINE_BOXED_TYPE (SeRuleSet, se_rule_set, se_rule_set_ref, se_rule_set_unref)

const char *
se_rule_kind_to_string (SeRuleKind kind)
{
  g_return_val_if_fail (kind <= SE_RULE_REGEX, NULL);
  return kind_names[kind];
}

gboolean
se_rule_kind_from_string (const char *text,
                          SeRuleKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_ascii_strcasecmp (text, kind_names[i]) == 0)
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

static void
se_rule_clear (gpointer data)
{
  SeRule *self = data;

  g_free (self->match);
  g_free (self->reply);
  g_clear_pointer (&self->match_bytes, g_bytes_unref);
  g_clear_pointer (&self->regex, g_regex_unref);
}

SeRule *
se_rule_ref (SeRule *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
se_rule_unref (SeRule *self)
{
  g_atomic_rc_box_release_full (self, se_rule_clear);
}

SeRuleKind
se_rule_get_kind (const SeRule *self)
{
  return self->kind;
}

const char *
se_rule_get_match (const SeRule *self)
{
  return self->match;
}

const char *
se_rule_get_reply (const SeRule *self)
{
  return self->reply;
}

guint
se_rule_get_delay (const SeRule *self)
{
  return self->delay;
}

gboolean
se_rule_get_close_after (const SeRule *self)
{
  return self->close_after;
}

/* The bytes as escapes that se_payload_decode_text() turns back into
 * them, with "{" and "\" always escaped so they cannot start a macro or
 * an escape of their own. */
static void
append_literal (GString      *out,
                const guint8 *data,
                gsize         len)
{
  for (gsize i = 0; i < len; i++)
    {
      guint8 c = data[i];

      if (c >= 0x20 && c < 0x7f && c != '\\' && c != '{')
        g_string_append_c (out, c);
      else
        g_string_append_printf (out, "\\x%02x", c);
    }
}

/* The reply text with \0…\9 replaced by the captures (offsets in data,
 * -1 for a group that did not take part). Other escapes are kept. */
static char *
substitute (const char   *reply,
            const guint8 *data,
            const int    *offsets,
            int           n_groups)
{
  GString *out = g_string_sized_new (strlen (reply) + 16);

  for (const char *p = reply; *p != '\0'; p++)
    {
      if (p[0] == '\\' && g_ascii_isdigit (p[1]))
        {
          int group = p[1] - '0';

          if (group < n_groups && offsets[2 * group] >= 0)
            append_literal (out, data + offsets[2 * group],
                            offsets[2 * group + 1] - offsets[2 * group]);
          p++;
        }
      else if (p[0] == '\\' && p[1] != '\0')
        {
          g_string_append_len (out, p, 2);
          p++;
        }
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

static GBytes *
expand_reply (const SeRule  *self,
              const guint8  *data,
              const int     *offsets,
              int            n_groups,
              guint64        counter,
              GError       **error)
{
  g_autofree char *text = substitute (self->reply, data, offsets, n_groups);

  return se_macro_expand (text, SE_PAYLOAD_TEXT, SE_EOL_NONE, counter, NULL, error);
}

static void
prefix_error (GError     **error,
              const char  *match,
              GError      *cause)
{
  /* Translators: a rule that cannot be used, e.g. "rule “^GET (”: missing ) at end of pattern" */
  g_set_error (error, SE_ERROR, SE_ERROR_INVALID_RESPONDER,
               _("rule “%s”: %s"), match, cause->message);
  g_error_free (cause);
}

SeRule *
se_rule_new (SeRuleKind   kind,
             const char  *match,
             const char  *reply,
             guint        delay_ms,
             gboolean     close_after,
             GError     **error)
{
  g_autoptr(SeRule) self = NULL;
  g_autoptr(GBytes) check = NULL;
  GError *local_error = NULL;
  int no_offsets[2] = { -1, -1 };

  g_return_val_if_fail (kind <= SE_RULE_REGEX, NULL);
  g_return_val_if_fail (match != NULL && reply != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (delay_ms > MAX_DELAY_MS)
    {
      g_set_error (error, SE_ERROR, SE_ERROR_INVALID_RESPONDER,
                   _("rule “%s”: the delay is at most one hour (3600000 ms)"), match);
      return NULL;
    }

  self = g_atomic_rc_box_new0 (SeRule);
  self->kind = kind;
  self->match = g_strdup (match);
  self->reply = g_strdup (reply);
  self->delay = delay_ms;
  self->close_after = close_after;

  if (kind == SE_RULE_REGEX)
    {
      /* RAW: received bytes need not be UTF-8. */
      self->regex = g_regex_new (match, G_REGEX_RAW | G_REGEX_OPTIMIZE, 0, &local_error);
      if (self->regex == NULL)
        {
          prefix_error (error, match, local_error);
          return NULL;
        }
    }
  else
    {
      self->match_bytes = se_payload_decode_text (match, &local_error);
      if (self->match_bytes == NULL)
        {
          prefix_error (error, match, local_error);
          return NULL;
        }
      if (g_bytes_get_size (self->match_bytes) == 0 && kind == SE_RULE_EXACT)
        {
          g_set_error (error, SE_ERROR, SE_ERROR_INVALID_RESPONDER,
                       _("rule “%s”: an exact rule needs something to match (a read is never empty)"), match);
          return NULL;
        }
    }

  /* Bad escapes and unknown macros in the reply are found now, not when
   * a peer first sends something. */
  check = expand_reply (self, NULL, no_offsets, 0, 1, &local_error);
  if (check == NULL)
    {
      prefix_error (error, match, local_error);
      return NULL;
    }

  return g_steal_pointer (&self);
}

SeRule *
se_rule_parse (const char  *text,
               GError     **error)
{
  g_auto(GStrv) options = NULL;
  g_autofree char *head = NULL;
  g_autofree char *match = NULL;
  const char *colon, *arrow;
  SeRuleKind kind;
  guint delay = 0;
  gboolean close_after = FALSE;

  g_return_val_if_fail (text != NULL, NULL);

  colon = strchr (text, ':');
  arrow = colon != NULL ? strstr (colon + 1, "=>") : NULL;
  if (colon == NULL || arrow == NULL)
    {
      g_set_error (error, SE_ERROR, SE_ERROR_INVALID_RESPONDER,
                   _("“%s” is not a rule: write TYPE:MATCH=>REPLY, TYPE one of exact, prefix, contains, regex (e.g. “prefix:HELO=>250 Hello\\r\\n”)"),
                   text);
      return NULL;
    }

  head = g_strndup (text, colon - text);
  options = g_strsplit (head, ",", -1);
  if (!se_rule_kind_from_string (g_strstrip (options[0]), &kind))
    {
      g_set_error (error, SE_ERROR, SE_ERROR_INVALID_RESPONDER,
                   _("“%s” is not a rule type: use exact, prefix, contains or regex"), options[0]);
      return NULL;
    }
  for (guint i = 1; options[i] != NULL; i++)
    {
      const char *option = g_strstrip (options[i]);
      guint64 value;

      if (g_ascii_strcasecmp (option, "close") == 0)
        close_after = TRUE;
      else if (g_str_has_prefix (option, "delay=") &&
               g_ascii_string_to_unsigned (option + 6, 10, 0, MAX_DELAY_MS, &value, NULL))
        delay = value;
      else
        {
          g_set_error (error, SE_ERROR, SE_ERROR_INVALID_RESPONDER,
                       _("“%s” is not a rule option: use delay=MS (0–3600000) or close"), option);
          return NULL;
        }
    }

  match = g_strndup (colon + 1, arrow - colon - 1);
  return se_rule_new (kind, match, arrow + 2, delay, close_after, error);
}

char *
se_rule_to_string (const SeRule *self)
{
  GString *out = g_string_new (kind_names[self->kind]);

  if (self->delay > 0)
    g_string_append_printf (out, ",delay=%u", self->delay);
  if (self->close_after)
    g_string_append (out, ",close");
  g_string_append_printf (out, ":%s=>%s", self->match, self->reply);
  return g_string_free (out, FALSE);
}

static gboolean
match_bytes (const SeRule *self,
             const guint8 *data,
             gsize         len,
             int           offsets[2])
{
  gsize mlen;
  const guint8 *m = g_bytes_get_data (self->match_bytes, &mlen);

  switch (self->kind)
    {
    case SE_RULE_EXACT:
      if (len != mlen || memcmp (data, m, len) != 0)
        return FALSE;
      offsets[0] = 0;
      offsets[1] = len;
      return TRUE;

    case SE_RULE_PREFIX:
      if (len < mlen || (mlen > 0 && memcmp (data, m, mlen) != 0))
        return FALSE;
      offsets[0] = 0;
      offsets[1] = mlen;
      return TRUE;

    case SE_RULE_CONTAINS:
      if (mlen == 0)
        {
          offsets[0] = offsets[1] = 0;
          return TRUE;
        }
      for (gsize i = 0; i + mlen <= len; i++)
        if (data[i] == m[0] && memcmp (data + i, m, mlen) == 0)
          {
            offsets[0] = i;
            offsets[1] = i + mlen;
            return TRUE;
          }
      return FALSE;

    case SE_RULE_REGEX:
    default:
      g_assert_not_reached ();
    }
}

gboolean
se_rule_match (const SeRule  *self,
               const guint8  *data,
               gsize          len,
               guint64        counter,
               GBytes       **reply,
               GError       **error)
{
  int offsets[20];
  int n_groups = 1;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  if (len > G_MAXINT)
    return FALSE;

  if (self->kind == SE_RULE_REGEX)
    {
      g_autoptr(GMatchInfo) info = NULL;

      /* GRegex wants a string; an empty chunk has no data pointer. */
      if (!g_regex_match_full (self->regex, len > 0 ? (const char *) data : "", len,
                               0, 0, &info, NULL))
        return FALSE;
      n_groups = MIN (g_match_info_get_match_count (info), 10);
      for (int g = 0; g < n_groups; g++)
        g_match_info_fetch_pos (info, g, &offsets[2 * g], &offsets[2 * g + 1]);
    }
  else if (!match_bytes (self, data, len, offsets))
    return FALSE;

  if (reply != NULL)
    {
      *reply = expand_reply (self, data, offsets, n_groups, counter, error);
      if (*reply == NULL)
        return FALSE;
    }
  return TRUE;
}

SeRuleSet *
se_rule_set_new (GPtrArray *rules)
{
  SeRuleSet *self = g_atomic_rc_box_new0 (SeRuleSet);

  self->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) se_rule_unref);
  for (guint i = 0; rules != NULL && i < rules->len; i++)
    g_ptr_array_add (self->rules, se_rule_ref (g_ptr_array_index (rules, i)));
  return self;
}

static void
se_rule_set_clear (gpointer data)
{
  SeRuleSet *self = data;

  g_ptr_array_unref (self->rules);
}

SeRuleSet *
se_rule_set_ref (SeRuleSet *self)
{
  return g_atomic_rc_box_acquire (self);
}

SeRuleSet *
_se_rule_set_ref_if_any (SeRuleSet *rules)
{
  return rules != NULL && se_rule_set_get_n_rules (rules) > 0 ? se_rule_set_ref (rules) : NULL;
}

void
se_rule_set_unref (SeRuleSet *self)
{
  g_atomic_rc_box_release_full (self, se_rule_set_clear);
}

guint
se_rule_set_get_n_rules (const SeRuleSet *self)
{
  return self->rules->len;
}

SeRule *
se_rule_set_get_rule (const SeRuleSet *self,
                      guint            index)
{
  g_return_val_if_fail (index < self->rules->len, NULL);
  return g_ptr_array_index (self->rules, index);
}

SeRule *
se_rule_set_match (const SeRuleSet  *self,
                   const guint8     *data,
                   gsize             len,
                   guint64           counter,
                   GBytes          **reply,
                   GError          **error)
{
  for (guint i = 0; i < self->rules->len; i++)
    {
      SeRule *rule = g_ptr_array_index (self->rules, i);
      GError *local_error = NULL;

      if (se_rule_match (rule, data, len, counter, reply, &local_error))
        return rule;
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return rule;
        }
    }
  return NULL;
}

/* Answering */

typedef struct
{
  GWeakRef         target;      /* the connection or listener that ran the rule */
  SeRuleReplyFunc  reply_func;
  char            *peer;        /* datagram listeners: where to */
  GBytes          *reply;
  gboolean         close_after;
} Delayed;

static void
delayed_free (gpointer data)
{
  Delayed *delayed = data;

  g_weak_ref_clear (&delayed->target);
  g_free (delayed->peer);
  g_bytes_unref (delayed->reply);
  g_free (delayed);
}

static gboolean
delayed_cb (gpointer user_data)
{
  Delayed *delayed = user_data;
  g_autoptr(GObject) target = g_weak_ref_get (&delayed->target);

  if (target != NULL)
    delayed->reply_func (target, delayed->peer, delayed->reply, delayed->close_after);
  return G_SOURCE_REMOVE;
}

gboolean
_se_rule_set_answer (SeRuleSet       *self,
                     GObject         *target,
                     SeRuleReplyFunc  reply_func,
                     const char      *peer,
                     const guint8    *data,
                     gsize            len,
                     guint64          counter)
{
  g_autoptr(GBytes) reply = NULL;
  SeRule *rule;

  rule = se_rule_set_match (self, data, len, counter, &reply, NULL);
  if (rule == NULL)
    return FALSE;
  /* A reply that could not be made now ({{file:…}} gone): the responder
   * answers instead. */
  if (reply == NULL)
    return FALSE;

  if (rule->delay == 0)
    reply_func (target, peer, reply, rule->close_after);
  else
    {
      g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();
      g_autoptr(GSource) source = g_timeout_source_new (rule->delay);
      Delayed *delayed = g_new0 (Delayed, 1);

      g_weak_ref_init (&delayed->target, target);
      delayed->reply_func = reply_func;
      delayed->peer = g_strdup (peer);
      delayed->reply = g_steal_pointer (&reply);
      delayed->close_after = rule->close_after;
      g_source_set_callback (source, delayed_cb, delayed, delayed_free);
      g_source_set_static_name (source, "[socket-explorer] rule delay");
      g_source_attach (source, context);
    }
  return TRUE;
}

/* JSON (workspaces) */

void
se_rule_set_to_json (const SeRuleSet *self,
                     JsonBuilder     *builder)
{
  json_builder_begin_array (builder);
  for (guint i = 0; self != NULL && i < self->rules->len; i++)
    {
      SeRule *rule = g_ptr_array_index (self->rules, i);

      json_builder_begin_object (builder);
      se_json_builder_add_member_string (builder, "type", kind_names[rule->kind]);
      se_json_builder_add_member_string (builder, "match", rule->match);
      se_json_builder_add_member_string (builder, "reply", rule->reply);
      se_json_builder_add_member_int (builder, "delay", rule->delay);
      json_builder_set_member_name (builder, "close");
      json_builder_add_boolean_value (builder, rule->close_after);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static gboolean
member_is (JsonObject *object,
           const char *name,
           GType       type)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

SeRuleSet *
se_rule_set_new_from_json (JsonNode  *node,
                           GError   **error)
{
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) se_rule_unref);
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, SE_ERROR, SE_ERROR_INVALID_RESPONDER,
                           _("“rules” must be a list ([ … ])"));
      return NULL;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object;
      SeRuleKind kind;
      gint64 delay = 0;
      gboolean close_after = FALSE;
      SeRule *rule;

      object = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      if (object == NULL ||
          !member_is (object, "type", G_TYPE_STRING) ||
          !se_rule_kind_from_string (json_object_get_string_member (object, "type"), &kind) ||
          !member_is (object, "match", G_TYPE_STRING) ||
          !member_is (object, "reply", G_TYPE_STRING) ||
          (json_object_has_member (object, "delay") && !member_is (object, "delay", G_TYPE_INT64)) ||
          (json_object_has_member (object, "close") && !member_is (object, "close", G_TYPE_BOOLEAN)))
        {
          /* Translators: %u counts the rules of a listener from 1 */
          g_set_error (error, SE_ERROR, SE_ERROR_INVALID_RESPONDER,
                       _("rule %u needs “type” (exact, prefix, contains or regex), “match” and “reply” (text), “delay” (ms) and “close” (true or false)"),
                       i + 1);
          return NULL;
        }
      if (json_object_has_member (object, "delay"))
        delay = json_object_get_int_member (object, "delay");
      if (json_object_has_member (object, "close"))
        close_after = json_object_get_boolean_member (object, "close");
      if (delay < 0 || delay > MAX_DELAY_MS)
        {
          g_set_error (error, SE_ERROR, SE_ERROR_INVALID_RESPONDER,
                       _("rule %u: the delay is at most one hour (3600000 ms)"), i + 1);
          return NULL;
        }
      rule = se_rule_new (kind, json_object_get_string_member (object, "match"),
                          json_object_get_string_member (object, "reply"),
                          (guint) delay, close_after, error);
      if (rule == NULL)
        return NULL;
      g_ptr_array_add (rules, rule);
    }

  return se_rule_set_new (rules);
}
