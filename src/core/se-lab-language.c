/* se-lab-language.c: the check language of labs, and what a well-formed check is
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A step's check is one JSON object. Most describe an event, and the step
 * passes when enough events of the log match every member given:
 *
 *   "event"            kind: "listen", "accept", "receive", … "resolve"
 *   "protocol"         "tcp", "udp", "unix", "unix-dgram", or "none"
 *   "detail"           the coded detail: "accepted", "partial-send",
 *                      "peer-eof", "shut-wr", "listening", "connected",
 *                      "truncated"
 *   "error"            an errno or EAI_ name, or a list of them: the
 *                      event's detail names one ("… (ECONNREFUSED)")
 *   "remote"           the remote address exactly (a lookup's query)
 *   "data-regex"       a regular expression the retained bytes match
 *   "more-than-sent"   true: a stream receive that holds bytes of more
 *                      than one send (messages ran together)
 *   "fewer-than-sent"  true: a stream receive that ends inside a send
 *                      (a message was cut)
 *   "any"              a list of such objects, one of which must match
 *
 * and, for the step as a whole,
 *
 *   "count"            how many matching events (1 if absent)
 *   "after"            the index of an earlier step: only events after
 *                      the one that passed it count
 *
 * The other kind of check is about state: "listener": { "protocol": "tcp",
 * "responder": "timestamp" } passes while such a listener runs.
 *
 * Sends and receives are matched per direction of a stream (the sender's
 * local and remote addresses are the receiver's remote and local), so the
 * checker knows which sends a receive's bytes came from.
 *
 * se-lab.c validates each step's check here when it reads a lab;
 * se-lab-check.c evaluates checks against the log. A new member is added
 * in both: its validation here, its predicate there.
 */
#include "config.h"

#include "se-error.h"
#include "se-lab-private.h"
#include "se-responder.h"

static const char * const detail_names[] = {
  [SE_EVENT_DETAIL_TEXT] = "text",
  [SE_EVENT_DETAIL_ACCEPTED] = "accepted",
  [SE_EVENT_DETAIL_PARTIAL_SEND] = "partial-send",
  [SE_EVENT_DETAIL_PEER_EOF] = "peer-eof",
  [SE_EVENT_DETAIL_SHUT_WR] = "shut-wr",
  [SE_EVENT_DETAIL_LISTENING] = "listening",
  [SE_EVENT_DETAIL_CONNECTED] = "connected",
  [SE_EVENT_DETAIL_TRUNCATED] = "truncated",
  [SE_EVENT_DETAIL_RELAYED] = "relayed",
  NULL,
};

const char *
_se_lab_detail_name (SeEventDetailCode code)
{
  /* A code newer than the language matches no "detail" member */
  return (gsize) code < G_N_ELEMENTS (detail_names) - 1 ? detail_names[code] : "";
}

/* Validation */

static gboolean
is_string_member (JsonObject *object,
                  const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
validate_event (JsonObject  *check,
                gboolean     top,
                GError     **error)
{
  g_autoptr(GList) members = json_object_get_members (check);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *node = json_object_get_member (check, name);
      gboolean ok;

      if (g_str_equal (name, "event"))
        {
          SeEventKind kind;

          ok = is_string_member (check, name)
               && se_event_kind_from_string (json_node_get_string (node), &kind);
        }
      else if (g_str_equal (name, "protocol"))
        {
          SeProtocol protocol;

          ok = is_string_member (check, name)
               && (g_str_equal (json_node_get_string (node), "none")
                   || se_protocol_from_string (json_node_get_string (node), &protocol));
        }
      else if (g_str_equal (name, "detail"))
        {
          ok = is_string_member (check, name)
               && g_strv_contains ((const char * const *) detail_names, json_node_get_string (node));
        }
      else if (g_str_equal (name, "error"))
        {
          ok = is_string_member (check, name);
          if (JSON_NODE_HOLDS_ARRAY (node))
            {
              JsonArray *names = json_node_get_array (node);

              ok = json_array_get_length (names) > 0;
              for (guint i = 0; ok && i < json_array_get_length (names); i++)
                ok = json_node_get_value_type (json_array_get_element (names, i)) == G_TYPE_STRING;
            }
        }
      else if (g_str_equal (name, "remote"))
        ok = is_string_member (check, name);
      else if (g_str_equal (name, "data-regex"))
        {
          g_autoptr(GRegex) regex = NULL;

          ok = is_string_member (check, name)
               && (regex = g_regex_new (json_node_get_string (node), G_REGEX_RAW, 0, error)) != NULL;
        }
      else if (g_str_equal (name, "more-than-sent") || g_str_equal (name, "fewer-than-sent"))
        ok = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN;
      else if (g_str_equal (name, "any"))
        {
          JsonArray *any = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

          ok = any != NULL && json_array_get_length (any) > 0;
          for (guint i = 0; ok && i < json_array_get_length (any); i++)
            {
              JsonNode *item = json_array_get_element (any, i);

              ok = JSON_NODE_HOLDS_OBJECT (item)
                   && validate_event (json_node_get_object (item), FALSE, error);
            }
        }
      else if (top && (g_str_equal (name, "count") || g_str_equal (name, "after")))
        ok = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64
             && json_node_get_int (node) >= (g_str_equal (name, "count") ? 1 : 0);
      else
        ok = FALSE;

      if (!ok)
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, SE_ERROR, SE_ERROR_FAILED, "unknown or wrong check member “%s”", name);
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
_se_lab_check_validate (JsonObject  *check,
                        GError     **error)
{
  JsonNode *listener = json_object_get_member (check, "listener");

  if (listener != NULL)
    {
      JsonObject *object;
      SeProtocol protocol;
      g_autoptr(SeResponder) responder = NULL;

      if (json_object_get_size (check) != 1 || !JSON_NODE_HOLDS_OBJECT (listener))
        {
          g_set_error_literal (error, SE_ERROR, SE_ERROR_FAILED, "“listener” stands alone");
          return FALSE;
        }
      object = json_node_get_object (listener);
      if (json_object_get_size (object) != 2
          || !is_string_member (object, "protocol") || !is_string_member (object, "responder")
          || !se_protocol_from_string (json_object_get_string_member (object, "protocol"), &protocol)
          || (responder = se_responder_parse (json_object_get_string_member (object, "responder"), NULL)) == NULL)
        {
          g_set_error_literal (error, SE_ERROR, SE_ERROR_FAILED,
                               "“listener” needs a “protocol” and a “responder”");
          return FALSE;
        }
      return TRUE;
    }

  return validate_event (check, TRUE, error);
}
