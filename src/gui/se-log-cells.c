/* se-log-cells.c: the log's cells
 *
 * The factories of the log view's columns (ui/se-log-view.ui names these
 * handlers), and the closures of the connection menu's rows
 * (ui/se-log-connection-*.ui). They are bound into the log view's
 * template scope.
 *
 * Each cell's text is an SeLogText (se-log-text.c, which says why: in a
 * flood GTK makes, binds and measures some 200 rows at a time). The cells
 * are made in C rather than from a GtkBuilder template each, and set at
 * bind without expression watches: the first publish of a flood makes
 * all those rows at once, and parsing a template per cell made that
 * stall of the GUI thread the longest of the flood.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "se-encoding.h"
#include "se-labels.h"
#include "se-log-cells.h"
#include "se-log-text.h"
#include "se-payload.h"

/* How many characters of data a row previews. */
#define PREVIEW_CHARS 120

/* "listen(128)=0 [LISTEN]": the call and the kernel's TCP state */
static char *
call_and_state (SeEvent *event)
{
  g_autofree char *call = se_event_format_call (event);
  SeTcpState state = se_event_get_tcp_state (event);

  if (call == NULL)
    return NULL;
  if (state == SE_TCP_STATE_NONE)
    return g_steal_pointer (&call);
  return g_strdup_printf ("%s [%s]", call, se_tcp_state_to_string (state));
}

static char *
call_and_detail (SeEvent *event)
{
  g_autofree char *call = call_and_state (event);
  const char *detail = se_event_get_detail (event);

  if (call == NULL)
    return g_strdup (detail);
  if (detail[0] == '\0')
    return g_steal_pointer (&call);
  return g_strdup_printf ("%s · %s", call, detail);
}

/* The row's data, read in the encoding of the event's page: bytes it
 * cannot read show as \xHH, never as wrong characters. */
static char *
data_preview (SeEvent    *event,
              const char *encoding)
{
  GBytes *bytes;
  g_autofree char *preview = NULL;
  gsize len = 0;
  const guint8 *data = NULL;

  if (event == NULL)
    return g_strdup ("");

  bytes = se_event_get_data (event);
  if (bytes != NULL)
    data = g_bytes_get_data (bytes, &len);

  /* Events with no bytes show what happened instead: the call as a
   * program makes it, "listen(128)=0", the TCP state and the detail. */
  if (len == 0)
    return call_and_detail (event);

  if (encoding == NULL || g_str_equal (encoding, "utf-8"))
    preview = se_payload_to_escaped (data, len, PREVIEW_CHARS);
  else
    preview = se_encoding_decode_preview (encoding, data, len, PREVIEW_CHARS);
  if (!se_event_get_data_complete (event) && !g_str_has_suffix (preview, "…"))
    return g_strconcat (preview, "…", NULL);
  return g_steal_pointer (&preview);
}

/* Text cells (se-log-text.c) */

static GtkWidget *
text_cell (GtkListItem *list_item)
{
  return gtk_list_item_get_child (list_item);
}

static void
text_cell_set (GtkWidget  *cell,
               const char *text)
{
  se_log_text_set_text (SE_LOG_TEXT (cell), text);
}

static void
setup_text_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, se_log_text_new (SE_LOG_TEXT_PLAIN, 0));
}

static void
setup_numeric_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, se_log_text_new (SE_LOG_TEXT_NUMERIC, 0));
}

static void
setup_address_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, se_log_text_new (SE_LOG_TEXT_MONOSPACE, 0));
}

static void
setup_size_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, se_log_text_new (SE_LOG_TEXT_NUMERIC, 1));
}

/* The time of day to the millisecond */
static void
bind_time_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  char text[SE_EVENT_TIME_OF_DAY_SIZE];

  se_event_format_time_of_day (se_event_get_time (gtk_list_item_get_item (list_item)), 3,
                               text, sizeof text);
  text_cell_set (text_cell (list_item), text);
}

static void
bind_protocol_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  SeEvent *event = gtk_list_item_get_item (list_item);

  text_cell_set (text_cell (list_item),
                 se_labels_protocol_short (se_event_get_protocol (event)));
}

/* "#3"; nothing for events of no connection */
static void
bind_connection_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    gpointer                  user_data)
{
  guint id = se_event_get_connection_id (gtk_list_item_get_item (list_item));
  char text[16] = "";

  if (id != 0)
    g_snprintf (text, sizeof text, "#%u", id);
  text_cell_set (text_cell (list_item), text);
}

/* This side's address */
static void
bind_local_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  text_cell_set (text_cell (list_item),
                 se_event_get_local (gtk_list_item_get_item (list_item)));
}

/* The peer's address */
static void
bind_remote_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  text_cell_set (text_cell (list_item),
                 se_event_get_remote (gtk_list_item_get_item (list_item)));
}

/* Bytes, for what carries bytes: sends and receives show their size even
 * when it is 0. */
static void
bind_size_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  SeEvent *event = gtk_list_item_get_item (list_item);
  SeEventKind kind = se_event_get_kind (event);
  guint64 size = se_event_get_size (event);
  g_autofree char *text = NULL;

  if (kind == SE_EVENT_SEND || kind == SE_EVENT_RECEIVE || size > 0)
    text = g_strdup_printf ("%'" G_GUINT64_FORMAT, size);
  text_cell_set (text_cell (list_item), text);
}

/* The Data column's text depends on the log view (which page an event
 * belongs to, and that page's encoding). The cells bound are kept, so
 * that a change of encoding reads the rows shown again. */
#define BOUND_CELLS_KEY "se-log-cells-bound-data"

static GHashTable *
bound_cells (GtkWidget *log_view)
{
  GHashTable *cells = g_object_get_data (G_OBJECT (log_view), BOUND_CELLS_KEY);

  if (cells == NULL)
    {
      cells = g_hash_table_new (NULL, NULL);
      g_object_set_data_full (G_OBJECT (log_view), BOUND_CELLS_KEY, cells,
                              (GDestroyNotify) g_hash_table_unref);
    }

  return cells;
}

/* How the log view reads each event's bytes (set with the callbacks) */
static SeLogCellsEncodingFunc encoding_func;

static void
data_cell_update (GtkWidget *cell,
                  GtkWidget *log_view)
{
  SeEvent *event = g_object_get_data (G_OBJECT (cell), "se-event");
  g_autofree char *text = NULL;

  if (event != NULL)
    text = data_preview (event, encoding_func != NULL ? encoding_func (log_view, event) : NULL);
  text_cell_set (cell, text);
}

static void
setup_data_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, se_log_text_new (SE_LOG_TEXT_MONOSPACE, 0));
}

static void
bind_data_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkWidget *log_view = user_data;
  GtkWidget *cell = gtk_list_item_get_child (list_item);

  g_object_set_data_full (G_OBJECT (cell), "se-event",
                          g_object_ref (gtk_list_item_get_item (list_item)), g_object_unref);
  g_hash_table_add (bound_cells (log_view), cell);
  data_cell_update (cell, log_view);
}

static void
unbind_data_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  GtkWidget *log_view = user_data;
  GtkWidget *cell = gtk_list_item_get_child (list_item);

  g_hash_table_remove (bound_cells (log_view), cell);
  g_object_set_data (G_OBJECT (cell), "se-event", NULL);
}

static void
teardown_data_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  GtkWidget *cell = gtk_list_item_get_child (list_item);

  if (cell != NULL)
    g_hash_table_remove (bound_cells (user_data), cell);
}

void
se_log_cells_refresh_data (GtkWidget *log_view)
{
  GHashTableIter iter;
  gpointer cell;

  g_hash_table_iter_init (&iter, bound_cells (log_view));
  while (g_hash_table_iter_next (&iter, &cell, NULL))
    data_cell_update (cell, log_view);
}

/* In its list, a connection is its number and its peer ("#3
 * 127.0.0.1:51000"); in the drop-down's button, where room is short, only
 * its number. */
static char *
connection_short_cb (GtkListItem *list_item,
                     const char  *text)
{
  const char *space;

  if (text == NULL)
    return g_strdup ("");
  space = strchr (text, ' ');
  if (text[0] == '#' && space != NULL)
    return g_strndup (text, space - text);
  return g_strdup (text);
}

/* The Kind column: an icon and the kind, coloured by a style class per
 * kind on the cell. The call of an event with bytes is not in the Data
 * column: it is the cell's tooltip. */
static gboolean
query_kind_tooltip_cb (GtkWidget   *box,
                       int          x,
                       int          y,
                       gboolean     keyboard,
                       GtkTooltip  *tooltip,
                       GtkListItem *list_item)
{
  SeEvent *event = gtk_list_item_get_item (list_item);
  g_autofree char *call = NULL;

  if (event == NULL || (call = call_and_state (event)) == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, call);
  return TRUE;
}

static void
setup_kind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkWidget *cell = se_log_text_new (SE_LOG_TEXT_PLAIN, 0);

  /* The tooltip is made when asked for, not set at each bind: setting
   * one makes GTK look for the pointer (a round trip to the X server),
   * which in a flood, with the list following the end, was most of the
   * time the GUI thread spent binding rows (tests/bench, window row). */
  gtk_widget_set_has_tooltip (cell, TRUE);
  g_signal_connect (cell, "query-tooltip", G_CALLBACK (query_kind_tooltip_cb), list_item);
  gtk_list_item_set_child (list_item, cell);
}

/* The kind's icon and name, in the kind's colour: one widget, not a box of
 * an image and a label, as 200 of them are made at once in a flood. */
static void
bind_kind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  SeEvent *event = gtk_list_item_get_item (list_item);
  GtkWidget *cell = gtk_list_item_get_child (list_item);
  const char *style = se_labels_event_kind_style (se_event_get_kind (event));

  /* A recycled row often shows the same kind again: its style is set only
   * when it changes (each change restyles the cell). */
  if (!gtk_widget_has_css_class (cell, style))
    gtk_widget_set_css_classes (cell, (const char *[]) { style, NULL });
  se_log_text_set_icon_name (SE_LOG_TEXT (cell), se_labels_event_icon (event));
  text_cell_set (cell, se_labels_event (event));
}

void
se_log_cells_bind_template_callbacks (GtkWidgetClass         *widget_class,
                                      SeLogCellsEncodingFunc  func)
{
  encoding_func = func;
  gtk_widget_class_bind_template_callback (widget_class, setup_text_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_numeric_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_address_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_size_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_time_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_protocol_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_connection_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_local_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_remote_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_size_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_data_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_data_cb);
  gtk_widget_class_bind_template_callback (widget_class, unbind_data_cb);
  gtk_widget_class_bind_template_callback (widget_class, teardown_data_cb);
  gtk_widget_class_bind_template_callback (widget_class, connection_short_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_kind_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_kind_cb);
}
