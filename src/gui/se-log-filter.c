/* se-log-filter.c: which traffic log events the log view shows
 *
 * A GtkFilter of its own rather than a GtkCustomFilter, so that it can
 * tell the filter model how strict it is (every event passes while
 * nothing is filtered, without one look at them) and how each change of
 * criteria moves the set of matches, and so that it can be tested
 * without a display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "se-log-filter.h"
#include "se-payload.h"

struct _SeLogFilter
{
  GtkFilter  parent_instance;

  guint      connection_id;  /* 0: any */
  int        protocol;       /* SeProtocol, or -1: any */
  int        kind;           /* SeEventKind, or -1: any */
  char      *search;         /* as given, or NULL: no search */
  char      *folded;         /* casefolded search */
  gboolean   search_ascii;   /* the needle is plain ASCII */
};

G_DEFINE_FINAL_TYPE (SeLogFilter, se_log_filter, GTK_TYPE_FILTER)

typedef enum
{
  CHANGE_NONE,
  CHANGE_MORE_STRICT,
  CHANGE_LESS_STRICT,
  CHANGE_DIFFERENT,
} Change;

static Change
change_combine (Change a,
                Change b)
{
  if (a == CHANGE_NONE)
    return b;
  if (b == CHANGE_NONE || a == b)
    return a;
  return CHANGE_DIFFERENT;
}

/* For a value where "any" lets everything through. */
static Change
value_change (int old_value,
              int new_value,
              int any)
{
  if (old_value == new_value)
    return CHANGE_NONE;
  if (old_value == any)
    return CHANGE_MORE_STRICT;
  if (new_value == any)
    return CHANGE_LESS_STRICT;
  return CHANGE_DIFFERENT;
}

static Change
search_change (const char *old_search,
               const char *new_search)
{
  if (g_strcmp0 (old_search, new_search) == 0)
    return CHANGE_NONE;
  if (old_search == NULL)
    return CHANGE_MORE_STRICT;
  if (new_search == NULL)
    return CHANGE_LESS_STRICT;
  /* Whatever contains the longer needle also contains the shorter one. */
  if (strstr (new_search, old_search) != NULL)
    return CHANGE_MORE_STRICT;
  if (strstr (old_search, new_search) != NULL)
    return CHANGE_LESS_STRICT;
  return CHANGE_DIFFERENT;
}

static gboolean
is_ascii (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    if (*p >= 0x80)
      return FALSE;
  return TRUE;
}

/* needle is lowercase ASCII; haystack may hold any bytes, NULs too. */
static gboolean
ascii_case_contains (const char *haystack,
                     gsize       haystack_len,
                     const char *needle,
                     gsize       needle_len)
{
  if (needle_len == 0)
    return TRUE;

  for (gsize i = 0; i + needle_len <= haystack_len; i++)
    {
      gsize j;

      if (g_ascii_tolower (haystack[i]) != needle[0])
        continue;
      for (j = 1; j < needle_len; j++)
        if (g_ascii_tolower (haystack[i + j]) != needle[j])
          break;
      if (j == needle_len)
        return TRUE;
    }

  return FALSE;
}

static gboolean
text_contains (SeLogFilter *self,
               const char  *text,
               gsize        len)
{
  g_autofree char *folded = NULL;

  if (self->search_ascii)
    return ascii_case_contains (text, len, self->folded, strlen (self->folded));

  folded = g_utf8_casefold (text, len);
  return strstr (folded, self->folded) != NULL;
}

static gboolean
event_matches_search (SeLogFilter *self,
                      SeEvent     *event)
{
  const char *text;
  const guint8 *data;
  GBytes *bytes;
  gsize len = 0;

  text = se_event_get_local (event);
  if (text_contains (self, text, strlen (text)))
    return TRUE;
  text = se_event_get_remote (event);
  if (text_contains (self, text, strlen (text)))
    return TRUE;
  text = se_event_get_detail (event);
  if (text_contains (self, text, strlen (text)))
    return TRUE;

  bytes = se_event_get_data (event);
  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &len);
  if (len == 0)
    return FALSE;

  /* Plain ASCII text is found in the bytes themselves; an escape such as
   * "\r\n" or "\x00", or anything else non-ASCII, is looked for in the
   * escaped text that the preview shows. */
  if (self->search_ascii && strchr (self->folded, '\\') == NULL)
    return ascii_case_contains ((const char *) data, len,
                                self->folded, strlen (self->folded));
  else
    {
      g_autofree char *escaped = se_payload_to_escaped (data, len, G_MAXSIZE);

      return text_contains (self, escaped, strlen (escaped));
    }
}

static gboolean
se_log_filter_match (GtkFilter *filter,
                     gpointer   item)
{
  SeLogFilter *self = SE_LOG_FILTER (filter);
  SeEvent *event = item;

  if (self->connection_id != 0 &&
      se_event_get_connection_id (event) != self->connection_id)
    return FALSE;
  if (self->protocol >= 0 &&
      (int) se_event_get_protocol (event) != self->protocol)
    return FALSE;
  if (self->kind >= 0 &&
      (int) se_event_get_kind (event) != self->kind)
    return FALSE;
  if (self->folded != NULL)
    return event_matches_search (self, event);

  return TRUE;
}

/* Nothing filtered: the filter model passes every event through without
 * looking at any of them, which matters for a log of a million. */
static GtkFilterMatch
se_log_filter_get_strictness (GtkFilter *filter)
{
  SeLogFilter *self = SE_LOG_FILTER (filter);

  return se_log_filter_is_any (self) ? GTK_FILTER_MATCH_ALL : GTK_FILTER_MATCH_SOME;
}

static void
se_log_filter_finalize (GObject *object)
{
  SeLogFilter *self = SE_LOG_FILTER (object);

  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->folded, g_free);

  G_OBJECT_CLASS (se_log_filter_parent_class)->finalize (object);
}

static void
se_log_filter_class_init (SeLogFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkFilterClass *filter_class = GTK_FILTER_CLASS (klass);

  object_class->finalize = se_log_filter_finalize;
  filter_class->match = se_log_filter_match;
  filter_class->get_strictness = se_log_filter_get_strictness;
}

static void
se_log_filter_init (SeLogFilter *self)
{
  self->protocol = -1;
  self->kind = -1;
  self->search_ascii = TRUE;
}

SeLogFilter *
se_log_filter_new (void)
{
  return g_object_new (SE_TYPE_LOG_FILTER, NULL);
}

/* Tells the filter model how the set of matches changed, so that it only
 * looks again at the events that may change side. */
void
se_log_filter_set_criteria (SeLogFilter *self,
                            guint        connection_id,
                            int          protocol,
                            int          kind,
                            const char  *search)
{
  g_autofree char *folded = NULL;
  Change change;

  g_return_if_fail (SE_IS_LOG_FILTER (self));

  if (search != NULL && search[0] == '\0')
    search = NULL;
  if (search != NULL)
    folded = g_utf8_casefold (search, -1);
  protocol = MAX (protocol, -1);
  kind = MAX (kind, -1);

  change = value_change (self->connection_id, connection_id, 0);
  change = change_combine (change, value_change (self->protocol, protocol, -1));
  change = change_combine (change, value_change (self->kind, kind, -1));
  change = change_combine (change, search_change (self->folded, folded));

  self->connection_id = connection_id;
  self->protocol = protocol;
  self->kind = kind;
  if (g_strcmp0 (self->search, search) != 0)
    {
      g_free (self->search);
      self->search = g_strdup (search);
    }
  g_free (self->folded);
  self->folded = g_steal_pointer (&folded);
  /* Decided on the text as typed: casefolding turns some non-ASCII
   * letters into ASCII ("ß" into "ss"), which the bytes-only search
   * would then miss in the original text. */
  self->search_ascii = self->search == NULL || is_ascii (self->search);

  switch (change)
    {
    case CHANGE_NONE:
      break;
    case CHANGE_MORE_STRICT:
      gtk_filter_changed (GTK_FILTER (self), GTK_FILTER_CHANGE_MORE_STRICT);
      break;
    case CHANGE_LESS_STRICT:
      gtk_filter_changed (GTK_FILTER (self), GTK_FILTER_CHANGE_LESS_STRICT);
      break;
    case CHANGE_DIFFERENT:
    default:
      gtk_filter_changed (GTK_FILTER (self), GTK_FILTER_CHANGE_DIFFERENT);
      break;
    }
}

guint
se_log_filter_get_connection_id (SeLogFilter *self)
{
  g_return_val_if_fail (SE_IS_LOG_FILTER (self), 0);

  return self->connection_id;
}

int
se_log_filter_get_protocol (SeLogFilter *self)
{
  g_return_val_if_fail (SE_IS_LOG_FILTER (self), -1);

  return self->protocol;
}

int
se_log_filter_get_kind (SeLogFilter *self)
{
  g_return_val_if_fail (SE_IS_LOG_FILTER (self), -1);

  return self->kind;
}

const char *
se_log_filter_get_search (SeLogFilter *self)
{
  g_return_val_if_fail (SE_IS_LOG_FILTER (self), NULL);

  return self->search;
}

gboolean
se_log_filter_is_any (SeLogFilter *self)
{
  g_return_val_if_fail (SE_IS_LOG_FILTER (self), TRUE);

  return self->connection_id == 0
      && self->protocol < 0
      && self->kind < 0
      && self->folded == NULL;
}
