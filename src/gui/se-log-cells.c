/* se-log-cells.c: what the log's cells show that an expression cannot say
 *
 * The columns are described in ui/se-log-cell-*.ui (and the connection
 * menu's rows in ui/se-log-connection-*.ui), with expressions on SeEvent's
 * properties; these are their closures, and the factories of the Kind
 * and Data columns.
 * They are bound into the log view's template scope, which the builder
 * list item factories of its template use.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "se-encoding.h"
#include "se-labels.h"
#include "se-log-cells.h"
#include "se-payload.h"

/* How many characters of data a row previews. */
#define PREVIEW_CHARS 120

static char *
format_time_of_day (gint64 usec)
{
  g_autoptr(GDateTime) date_time = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);

  if (date_time == NULL)
    return g_strdup ("");

  return g_strdup_printf ("%02d:%02d:%02d.%03d",
                          g_date_time_get_hour (date_time),
                          g_date_time_get_minute (date_time),
                          g_date_time_get_second (date_time),
                          (int) ((usec % G_USEC_PER_SEC) / 1000));
}

/* Closures of the columns' templates (ui/se-log-cell-*.ui): what an
 * expression cannot say by itself. The first argument is the list item. */
static char *
protocol_name_cb (GtkListItem *list_item,
                  SeProtocol   protocol)
{
  return g_strdup (se_labels_protocol_short (protocol));
}

static char *
connection_name_cb (GtkListItem *list_item,
                    guint        id)
{
  return id != 0 ? g_strdup_printf ("#%u", id) : g_strdup ("");
}

/* Sends and receives show their size even when it is 0. */
static char *
size_text_cb (GtkListItem *list_item,
              SeEventKind  kind,
              guint64      size)
{
  if (kind == SE_EVENT_SEND || kind == SE_EVENT_RECEIVE || size > 0)
    return g_strdup_printf ("%'" G_GUINT64_FORMAT, size);
  return g_strdup ("");
}

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

/* The Data column is made in C, like Kind: its text depends on the log
 * view (which page an event belongs to, and that page's encoding), which
 * an expression in the column's template cannot reach. The labels bound
 * are kept, so that a change of encoding reads the rows shown again. */
#define BOUND_LABELS_KEY "se-log-cells-bound-data"

static GHashTable *
bound_labels (GtkWidget *log_view)
{
  GHashTable *labels = g_object_get_data (G_OBJECT (log_view), BOUND_LABELS_KEY);

  if (labels == NULL)
    {
      labels = g_hash_table_new (NULL, NULL);
      g_object_set_data_full (G_OBJECT (log_view), BOUND_LABELS_KEY, labels,
                              (GDestroyNotify) g_hash_table_unref);
    }

  return labels;
}

/* How the log view reads each event's bytes (set with the callbacks) */
static SeLogCellsEncodingFunc encoding_func;

static void
data_label_update (GtkLabel  *label,
                   GtkWidget *log_view)
{
  SeEvent *event = g_object_get_data (G_OBJECT (label), "se-event");
  g_autofree char *text = NULL;

  if (event != NULL)
    text = data_preview (event, encoding_func != NULL ? encoding_func (log_view, event) : NULL);
  gtk_label_set_label (label, text != NULL ? text : "");
}

static void
setup_data_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "monospace");
  gtk_list_item_set_child (list_item, label);
}

static void
bind_data_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkWidget *log_view = user_data;
  GtkWidget *label = gtk_list_item_get_child (list_item);

  g_object_set_data_full (G_OBJECT (label), "se-event",
                          g_object_ref (gtk_list_item_get_item (list_item)), g_object_unref);
  g_hash_table_add (bound_labels (log_view), label);
  data_label_update (GTK_LABEL (label), log_view);
}

static void
unbind_data_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  GtkWidget *log_view = user_data;
  GtkWidget *label = gtk_list_item_get_child (list_item);

  g_hash_table_remove (bound_labels (log_view), label);
  g_object_set_data (G_OBJECT (label), "se-event", NULL);
}

static void
teardown_data_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);

  if (label != NULL)
    g_hash_table_remove (bound_labels (user_data), label);
}

void
se_log_cells_refresh_data (GtkWidget *log_view)
{
  GHashTableIter iter;
  gpointer label;

  g_hash_table_iter_init (&iter, bound_labels (log_view));
  while (g_hash_table_iter_next (&iter, &label, NULL))
    data_label_update (label, log_view);
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

static char *
format_time_cb (GtkListItem *list_item,
                gint64       usec)
{
  return format_time_of_day (usec);
}

/* The Kind column stays in C: its colour is a style class per kind on the
 * cell, and a binding cannot add or remove one style class in GTK 4.8. */
/* The call of an event with bytes is not in the Data column: here. */
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
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *image = gtk_image_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), label);
  /* The tooltip is made when asked for, not set at each bind: setting
   * one makes GTK look for the pointer (a round trip to the X server),
   * which in a flood, with the list following the end, was most of the
   * time the GUI thread spent binding rows (tests/bench, window row). */
  gtk_widget_set_has_tooltip (box, TRUE);
  g_signal_connect (box, "query-tooltip", G_CALLBACK (query_kind_tooltip_cb), list_item);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_kind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  SeEvent *event = gtk_list_item_get_item (list_item);
  SeEventKind kind = se_event_get_kind (event);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *image = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_last_child (box);

  const char *style = se_labels_event_kind_style (kind);
  const char *icon = se_labels_event_icon (event);

  /* A recycled row often shows the same kind again: its style and icon
   * are set only when they change (each change restyles the row). */
  if (!gtk_widget_has_css_class (box, style))
    gtk_widget_set_css_classes (box, (const char *[]) { style, NULL });
  if (g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (image)), icon) != 0)
    gtk_image_set_from_icon_name (GTK_IMAGE (image), icon);
  gtk_label_set_label (GTK_LABEL (label), se_labels_event (event));
}

void
se_log_cells_bind_template_callbacks (GtkWidgetClass         *widget_class,
                                      SeLogCellsEncodingFunc  func)
{
  encoding_func = func;
  gtk_widget_class_bind_template_callback (widget_class, format_time_cb);
  gtk_widget_class_bind_template_callback (widget_class, protocol_name_cb);
  gtk_widget_class_bind_template_callback (widget_class, connection_name_cb);
  gtk_widget_class_bind_template_callback (widget_class, size_text_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_data_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_data_cb);
  gtk_widget_class_bind_template_callback (widget_class, unbind_data_cb);
  gtk_widget_class_bind_template_callback (widget_class, teardown_data_cb);
  gtk_widget_class_bind_template_callback (widget_class, connection_short_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_kind_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_kind_cb);
}
