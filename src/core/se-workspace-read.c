/* se-workspace-read.c: a workspace file read back, every error naming its line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Errors name the line: json-glib's parser says where the syntax breaks,
 * and for an item whose values are wrong the line of the item is kept
 * while parsing (the parser's array-element signal). The format:
 * docs/workspace-format.md; the object: se-workspace.c.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "se-error.h"
#include "se-json.h"
#include "se-relay.h"
#include "se-responder.h"
#include "se-rule.h"
#include "se-sender.h"
#include "se-workspace-private.h"
#include "se-tls.h"

/* Reading */

typedef struct
{
  GHashTable *lines;   /* JsonNode of an array element -> its line */
  GError    **error;
} Reader;

static void
array_element_cb (JsonParser *parser,
                  JsonArray  *array,
                  int         index,
                  Reader     *reader)
{
  g_hash_table_insert (reader->lines, json_array_get_element (array, index),
                       GUINT_TO_POINTER (json_parser_get_current_line (parser)));
}

/* "line 7: listener 2: …" */
static gboolean
item_error (Reader     *reader,
            JsonNode   *node,
            const char *what,
            guint       number,
            const char *message)
{
  guint line = GPOINTER_TO_UINT (g_hash_table_lookup (reader->lines, node));

  /* Translators: a problem in a workspace file, e.g. "line 7: listener 2: the endpoint is missing" */
  g_set_error (reader->error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
               _("line %u: %s %u: %s"), line, what, number, message);
  return FALSE;
}

static const char *
get_string (JsonObject *object,
            const char *name,
            const char *fallback,
            gboolean   *ok)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    return fallback;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);

  *ok = FALSE;
  return fallback;
}

static guint
get_uint (JsonObject *object,
          const char *name,
          guint       fallback,
          guint       max,
          gboolean   *ok)
{
  JsonNode *node = json_object_get_member (object, name);
  gint64 value;

  if (node == NULL)
    return fallback;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      *ok = FALSE;
      return fallback;
    }
  value = json_node_get_int (node);
  if (value < 0 || (guint64) value > max)
    {
      *ok = FALSE;
      return fallback;
    }
  return (guint) value;
}

static gboolean
get_bool (JsonObject *object,
          const char *name,
          gboolean    fallback,
          gboolean   *ok)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    return fallback;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);

  *ok = FALSE;
  return fallback;
}

static JsonArray *
get_array (JsonObject  *root,
           const char  *name,
           GError     **error)
{
  JsonNode *node = json_object_get_member (root, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      /* Translators: %s is a member of the file, e.g. "listeners" */
      g_set_error (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
                   _("“%s” must be a list ([ … ])"), name);
      return NULL;
    }
  return json_node_get_array (node);
}

static gboolean
read_listener (SeWorkspace *self,
               Reader      *reader,
               JsonNode    *node,
               guint        number)
{
  SeWorkspaceListener *item;
  g_autoptr(SeEndpoint) endpoint = NULL;
  g_autoptr(SeResponder) responder = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  const char *endpoint_text, *responder_text;
  gboolean ok = TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return item_error (reader, node, _("listener"), number, _("not an object ({ … })"));
  object = json_node_get_object (node);

  endpoint_text = get_string (object, "endpoint", NULL, &ok);
  if (endpoint_text == NULL)
    return item_error (reader, node, _("listener"), number, _("the endpoint is missing"));
  endpoint = se_endpoint_parse (endpoint_text, &error);
  if (endpoint == NULL)
    return item_error (reader, node, _("listener"), number, error->message);
  responder_text = get_string (object, "responder", "none", &ok);
  responder = se_responder_parse (responder_text, &error);
  if (responder == NULL)
    return item_error (reader, node, _("listener"), number, error->message);

  item = se_workspace_add_listener (self, endpoint_text, responder_text);
  item->backlog = get_uint (object, "backlog", item->backlog, 65535, &ok);
  item->max_connections = get_uint (object, "max-connections", item->max_connections, G_MAXUINT, &ok);
  item->idle_timeout = get_uint (object, "idle-timeout", item->idle_timeout, G_MAXUINT / 4, &ok);
  item->receive_buffer = get_uint (object, "receive-buffer", item->receive_buffer, G_MAXINT / 2, &ok);
  item->read_size = get_uint (object, "read-size", item->read_size, SE_CONNECTION_READ_SIZE_DEFAULT, &ok);
  g_free (item->encoding);
  item->encoding = g_strdup (get_string (object, "encoding", "utf-8", &ok));
  item->relay_to = g_strdup (get_string (object, "relay", NULL, &ok));
  item->relay_idle_timeout_ms = get_uint (object, "relay-idle-timeout", item->relay_idle_timeout_ms,
                                          86400 * 1000, &ok);
  item->tls_cert = g_strdup (get_string (object, "tls-cert", NULL, &ok));
  item->tls_key = g_strdup (get_string (object, "tls-key", NULL, &ok));
  if (!ok || item->backlog == 0 || item->read_size == 0)
    return item_error (reader, node, _("listener"), number,
                       _("a value has the wrong type or is out of range (backlog 1–65535, read size 1–65536, numbers not negative)"));
  if ((item->tls_cert != NULL || item->tls_key != NULL) &&
      (!se_endpoint_get_tls (endpoint) || item->tls_cert == NULL))
    return item_error (reader, node, _("listener"), number,
                       _("“tls-cert” and “tls-key” are for tls:// listeners, and “tls-key” needs “tls-cert”"));
  if (item->relay_to != NULL)
    {
      g_autoptr(SeEndpoint) target = se_endpoint_parse (item->relay_to, &error);

      if (target == NULL)
        return item_error (reader, node, _("listener"), number, error->message);
      if (se_endpoint_is_stream (target) != se_endpoint_is_stream (endpoint))
        return item_error (reader, node, _("listener"), number,
                           _("a relay joins like with like: a stream listener to a stream target, a datagram listener to a datagram target"));
    }
  if (json_object_has_member (object, "rules"))
    {
      item->rules = se_rule_set_new_from_json (json_object_get_member (object, "rules"), &error);
      if (item->rules == NULL)
        return item_error (reader, node, _("listener"), number, error->message);
    }

  return TRUE;
}

static gboolean
read_client (SeWorkspace *self,
             Reader      *reader,
             JsonNode    *node,
             guint        number)
{
  SeWorkspaceClient *item;
  g_autoptr(SeEndpoint) endpoint = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  const char *endpoint_text;
  gboolean ok = TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return item_error (reader, node, _("client"), number, _("not an object ({ … })"));
  object = json_node_get_object (node);

  endpoint_text = get_string (object, "endpoint", NULL, &ok);
  if (endpoint_text == NULL)
    return item_error (reader, node, _("client"), number, _("the endpoint is missing"));
  endpoint = se_endpoint_parse (endpoint_text, &error);
  if (endpoint == NULL)
    return item_error (reader, node, _("client"), number, error->message);

  item = se_workspace_add_client (self, endpoint_text);
  item->connect_timeout = get_uint (object, "connect-timeout", item->connect_timeout, G_MAXINT32, &ok);
  item->read_size = get_uint (object, "read-size", item->read_size, SE_CONNECTION_READ_SIZE_DEFAULT, &ok);
  item->nodelay = get_bool (object, "nodelay", item->nodelay, &ok);
  item->tls_insecure = get_bool (object, "tls-insecure", FALSE, &ok);
  item->tls_pin = g_strdup (get_string (object, "tls-pin", NULL, &ok));
  item->tls_ca_file = g_strdup (get_string (object, "tls-ca-file", NULL, &ok));
  g_free (item->encoding);
  item->encoding = g_strdup (get_string (object, "encoding", "utf-8", &ok));
  if (!ok || item->read_size == 0)
    return item_error (reader, node, _("client"), number,
                       _("a value has the wrong type or is out of range (read size 1–65536, numbers not negative, nodelay true or false)"));
  if (item->tls_pin != NULL && !se_tls_fingerprint_matches (item->tls_pin, item->tls_pin))
    return item_error (reader, node, _("client"), number,
                       _("“tls-pin” is not a SHA-256 fingerprint (64 hex digits, colons allowed)"));
  if (json_object_has_member (object, "rules"))
    {
      item->rules = se_rule_set_new_from_json (json_object_get_member (object, "rules"), &error);
      if (item->rules == NULL)
        return item_error (reader, node, _("client"), number, error->message);
    }
  if (json_object_has_member (object, "auto-send"))
    {
      JsonNode *auto_send = json_object_get_member (object, "auto-send");
      JsonObject *settings = JSON_NODE_HOLDS_OBJECT (auto_send) ? json_node_get_object (auto_send) : NULL;
      const char *data = settings != NULL ? get_string (settings, "data", NULL, &ok) : NULL;
      const char *eol = settings != NULL ? get_string (settings, "eol", "none", &ok) : NULL;

      if (settings != NULL)
        {
          item->auto_send_hex = get_bool (settings, "hex", FALSE, &ok);
          item->auto_send_count = get_uint (settings, "count", 0, 100000, &ok);
          item->auto_send_interval = get_uint (settings, "interval", 1000, SE_SENDER_INTERVAL_MAX_MS, &ok);
        }
      if (!ok || data == NULL || !se_eol_from_string (eol, &item->auto_send_eol) ||
          item->auto_send_interval == 0)
        return item_error (reader, node, _("client"), number,
                           _("“auto-send” needs “data” (text), “hex” true or false, “eol” none, lf or crlf, “count” 0–100000 and “interval” 1–86400000 ms"));
      item->auto_send_data = g_strdup (data);
    }

  return TRUE;
}

static gboolean
read_message (SeWorkspace *self,
              Reader      *reader,
              JsonNode    *node,
              guint        number)
{
  JsonObject *object;
  JsonNode *hex_node;
  SeWorkspaceMessage *item;
  const char *name, *data, *eol_text, *encoding, *target;
  gboolean ok = TRUE;
  gboolean hex = FALSE;
  SeEol eol = SE_EOL_NONE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return item_error (reader, node, _("message"), number, _("not an object ({ … })"));
  object = json_node_get_object (node);

  name = get_string (object, "name", NULL, &ok);
  data = get_string (object, "data", NULL, &ok);
  eol_text = get_string (object, "eol", "none", &ok);
  encoding = get_string (object, "encoding", NULL, &ok);
  target = get_string (object, "target", NULL, &ok);
  hex_node = json_object_get_member (object, "hex");
  if (hex_node != NULL)
    {
      if (JSON_NODE_HOLDS_VALUE (hex_node) && json_node_get_value_type (hex_node) == G_TYPE_BOOLEAN)
        hex = json_node_get_boolean (hex_node);
      else
        ok = FALSE;
    }
  if (!ok || name == NULL || data == NULL || !se_eol_from_string (eol_text, &eol))
    return item_error (reader, node, _("message"), number,
                       _("a message needs a “name” and “data” (text), “hex” true or false, and “eol” none, lf or crlf"));

  if (target != NULL && target[0] != '\0')
    {
      g_autoptr(SeEndpoint) endpoint = NULL;
      g_autoptr(GError) error = NULL;

      endpoint = se_endpoint_parse (target, &error);
      if (endpoint == NULL)
        return item_error (reader, node, _("message"), number, error->message);
    }

  item = se_workspace_add_message (self, name, data, hex, eol);
  item->encoding = g_strdup (encoding);
  item->target = target != NULL && target[0] != '\0' ? g_strdup (target) : NULL;
  return TRUE;
}

/* Whether nothing but white space follows the token json-glib stopped at
 * (line and column from 1): then the file was cut short, whatever the
 * parser says it expected there. */
static gboolean
ends_after (const char *data,
            gsize       length,
            guint       line,
            guint       column)
{
  gsize i = 0;

  for (guint l = 1; l < line && i < length; i++)
    if (data[i] == '\n')
      l++;
  i += column > 0 ? column : 1;   /* past the token's first character */
  for (; i < length; i++)
    if (!g_ascii_isspace (data[i]))
      return FALSE;
  return TRUE;
}

/* Whether the file stops inside a string ("backl): json-glib then
 * names the token before the string, not the end. If so, *line and
 * *column (from 1) become where the file ends. */
static gboolean
ends_inside_string (const char *data,
                    gsize       length,
                    guint      *line,
                    guint      *column)
{
  gboolean in_string = FALSE;
  guint l = 1, c = 0;

  for (gsize i = 0; i < length; i++)
    {
      if (data[i] == '\n')
        {
          l++;
          c = 0;
          continue;
        }
      c++;
      if (in_string && data[i] == '\\' && i + 1 < length && data[i + 1] != '\n')
        {
          i++;
          c++;
        }
      else if (data[i] == '"')
        in_string = !in_string;
    }
  if (!in_string)
    return FALSE;
  *line = l;
  *column = c;
  return TRUE;
}

/* json-glib says "<data>:LINE:COLUMN: Parse error: …", and for a file cut
 * short often names the last token it saw ("unexpected character `{'");
 * the person who edited the file wants the line and column in words, and
 * a cut-short file called that. */
static void
set_parse_error (GError       **error,
                 const GError  *parse_error,
                 const char    *data,
                 gsize          length)
{
  unsigned int line, column;
  int consumed = 0;

  if (sscanf (parse_error->message, "<data>:%u:%u: %n", &line, &column, &consumed) != 2 ||
      consumed == 0)
    g_set_error (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
                 _("Not a workspace file (broken JSON): %s"), parse_error->message);
  else if (ends_after (data, length, line, column) ||
           ends_inside_string (data, length, &line, &column))
    /* Translators: a workspace file that stops in the middle */
    g_set_error (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
                 _("Not a workspace file (broken JSON): line %u, column %u: the file ends "
                   "there, in the middle (cut short?)"), line, column);
  else
    /* Translators: where a workspace file is not valid JSON, then
     * json-glib's (English) description */
    g_set_error (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
                 _("Not a workspace file (broken JSON): line %u, column %u: %s"),
                 line, column, parse_error->message + consumed);
}

SeWorkspace *
se_workspace_new_from_data (const char  *data,
                            gssize       length,
                            GError     **error)
{
  return _se_workspace_new_from_data_full (data, length, FALSE, error);
}

/* messages_file: also take a saved-messages file (se-message-library.c),
 * whose "format" is "socket-explorer-messages"; the rest is the same. */
SeWorkspace *
_se_workspace_new_from_data_full (const char  *data,
                                  gssize       length,
                                  gboolean     messages_file,
                                  GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) lines = g_hash_table_new (NULL, NULL);
  g_autoptr(SeWorkspace) self = NULL;
  g_autoptr(GError) parse_error = NULL;
  Reader reader = { lines, error };
  JsonObject *root;
  JsonNode *version, *format, *filters;
  static const struct {
    const char *member;
    gboolean  (*read) (SeWorkspace *, Reader *, JsonNode *, guint);
  } lists[] = {
    { "listeners", read_listener },
    { "clients", read_client },
    { "messages", read_message },
  };

  g_return_val_if_fail (data != NULL, NULL);

  g_signal_connect (parser, "array-element", G_CALLBACK (array_element_cb), &reader);
  if (!json_parser_load_from_data (parser, data, length, &parse_error))
    {
      set_parse_error (error, parse_error, data,
                       length >= 0 ? (gsize) length : strlen (data));
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
                           _("Not a workspace file: it is not a JSON object"));
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));

  format = json_object_get_member (root, "format");
  if (format == NULL || !JSON_NODE_HOLDS_VALUE (format) ||
      json_node_get_value_type (format) != G_TYPE_STRING ||
      (g_strcmp0 (json_node_get_string (format), SE_WORKSPACE_FORMAT) != 0 &&
       (!messages_file || g_strcmp0 (json_node_get_string (format), "socket-explorer-messages") != 0)))
    {
      if (messages_file)
        {
          g_set_error (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
                       _("Not a saved-messages file: “format” is not “%s”"), "socket-explorer-messages");
          return NULL;
        }
      g_set_error (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
                   _("Not a workspace file: “format” is not “%s”"), SE_WORKSPACE_FORMAT);
      return NULL;
    }
  version = json_object_get_member (root, "version");
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) ||
      json_node_get_value_type (version) != G_TYPE_INT64 || json_node_get_int (version) < 1)
    {
      g_set_error_literal (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
                           _("Not a workspace file: its “version” is missing"));
      return NULL;
    }
  if (json_node_get_int (version) > SE_WORKSPACE_VERSION)
    {
      /* Translators: %d is a version number */
      g_set_error (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT,
                   _("This workspace was made by a newer Socket Explorer (version %d); update the app to open it"),
                   (int) json_node_get_int (version));
      return NULL;
    }

  self = se_workspace_new ();
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      JsonArray *array = get_array (root, lists[l].member, error);

      if (array == NULL && error != NULL && *error != NULL)
        return NULL;
      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        if (!lists[l].read (self, &reader, json_array_get_element (array, i), i + 1))
          return NULL;
    }

  filters = json_object_get_member (root, "filters");
  if (filters != NULL && JSON_NODE_HOLDS_OBJECT (filters))
    se_workspace_set_filters (self, filters);

  return g_steal_pointer (&self);
}

SeWorkspace *
se_workspace_new_from_file (GFile         *file,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  SeWorkspace *self;
  gsize length;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, error))
    return NULL;

  self = se_workspace_new_from_data (contents, (gssize) length, &local_error);
  if (self == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      /* Translators: the file's name, then what is wrong with it */
      g_set_error (error, local_error->domain, local_error->code, _("%s: %s"), name, local_error->message);
    }

  return self;
}

