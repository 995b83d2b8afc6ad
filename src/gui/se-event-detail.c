/* se-event-detail.c: every field of one traffic-log event, and its bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "se-event-detail.h"
#include "se-explain.h"
#include "se-gui-util.h"
#include "se-labels.h"
#include "se-encoding.h"
#include "se-payload.h"

/* A text view with megabytes in it is slow to lay out; past this many
 * bytes the detail pane shows the beginning and says so. */
#define MAX_SHOWN_BYTES (64 * 1024)

#define UI_RESOURCE "/io/github/socketexplorer/SocketExplorer/se-event-detail.ui"

struct _SeEventDetail
{
  GtkWidget    parent_instance;

  SeEvent     *event;

  GtkStack    *stack;

  /* The event's page: built when the first event is shown. NULL until
   * then, as are all the widgets below. */
  GtkWidget   *event_page;
  GtkLabel    *time_label;
  GtkBox      *kind_box;
  GtkImage    *kind_image;
  GtkLabel    *kind_label;
  GtkLabel    *protocol_label;
  GtkLabel    *connection_label;
  GtkLabel    *local_label;
  GtkLabel    *remote_label;
  GtkLabel    *size_label;
  GtkWidget   *call_child;
  GtkLabel    *call_label;
  GtkWidget   *tcp_state_child;
  GtkLabel    *tcp_state_label;
  GtkWidget   *detail_child;
  GtkLabel    *detail_title;
  GtkLabel    *detail_label;
  GtkLabel    *retained_label;
  GtkTextView *text_view;
  GtkDropDown *encoding_dropdown;
  guint        encoding;  /* its index in se_encoding_list () */
  GtkTextView *hex_view;
  GtkLabel    *explain_label;
};

G_DEFINE_FINAL_TYPE (SeEventDetail, se_event_detail, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_EVENT,
  N_PROPS
};

enum {
  CLOSE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The escaped form keeps a line break readable: after each "\n" escape
 * the text view also breaks the line. */
static char *
escaped_with_breaks (const char   *encoding_id,
                     const guint8 *data,
                     gsize         len)
{
  /* UTF-8 keeps the payload codec's own preview; the others are decoded
   * with the same escapes, undecodable bytes as \xHH. */
  g_autofree char *escaped = g_strcmp0 (encoding_id, "utf-8") == 0
                             ? se_payload_to_escaped (data, len, G_MAXSIZE)
                             : se_encoding_decode_preview (encoding_id, data, len, 0);
  GString *out = g_string_sized_new (strlen (escaped) + 16);

  for (const char *p = escaped; *p != '\0'; p++)
    {
      g_string_append_c (out, *p);
      if (*p == '\\' && p[1] != '\0')
        {
          p++;
          g_string_append_c (out, *p);
          if (*p == 'n')
            g_string_append_c (out, '\n');
        }
    }

  return g_string_free (out, FALSE);
}

static void
set_text (GtkTextView *view,
          const char  *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text, -1);
}

static void se_event_detail_update (SeEventDetail *self);

static void close_clicked_cb (SeEventDetail *self,
                              GtkButton     *button);

static GtkWidget *
get_widget (GtkBuilder *builder,
            const char *id)
{
  GObject *object = gtk_builder_get_object (builder, id);

  g_assert (GTK_IS_WIDGET (object));

  return GTK_WIDGET (object);
}

/* Most of the time no event is selected, and the pane is hidden: its
 * fields, text views and hex dump are only built for the first event
 * shown, which keeps them out of the window's startup. */
static void
se_event_detail_ensure_event_page (SeEventDetail *self)
{
  static const char *ids[] = { "event_page", NULL };
  g_autoptr(GtkBuilderScope) scope = NULL;
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;

  if (self->event_page != NULL)
    return;

  scope = gtk_builder_cscope_new ();
  gtk_builder_cscope_add_callback (GTK_BUILDER_CSCOPE (scope), close_clicked_cb);
  builder = gtk_builder_new ();
  gtk_builder_set_scope (builder, scope);
  gtk_builder_set_current_object (builder, G_OBJECT (self));
  gtk_builder_set_translation_domain (builder, GETTEXT_PACKAGE);
  if (!gtk_builder_add_objects_from_resource (builder, UI_RESOURCE, ids, &error))
    g_error ("Could not build the event detail pane: %s", error->message);

  self->event_page = get_widget (builder, "event_page");
  self->time_label = GTK_LABEL (get_widget (builder, "time_label"));
  self->kind_box = GTK_BOX (get_widget (builder, "kind_box"));
  self->kind_image = GTK_IMAGE (get_widget (builder, "kind_image"));
  self->kind_label = GTK_LABEL (get_widget (builder, "kind_label"));
  self->protocol_label = GTK_LABEL (get_widget (builder, "protocol_label"));
  self->connection_label = GTK_LABEL (get_widget (builder, "connection_label"));
  self->local_label = GTK_LABEL (get_widget (builder, "local_label"));
  self->remote_label = GTK_LABEL (get_widget (builder, "remote_label"));
  self->size_label = GTK_LABEL (get_widget (builder, "size_label"));
  self->call_child = get_widget (builder, "call_child");
  self->call_label = GTK_LABEL (get_widget (builder, "call_label"));
  self->tcp_state_child = get_widget (builder, "tcp_state_child");
  self->tcp_state_label = GTK_LABEL (get_widget (builder, "tcp_state_label"));
  self->detail_child = get_widget (builder, "detail_child");
  self->detail_title = GTK_LABEL (get_widget (builder, "detail_title"));
  self->detail_label = GTK_LABEL (get_widget (builder, "detail_label"));
  self->retained_label = GTK_LABEL (get_widget (builder, "retained_label"));
  self->text_view = GTK_TEXT_VIEW (get_widget (builder, "text_view"));
  self->encoding_dropdown = GTK_DROP_DOWN (get_widget (builder, "encoding_dropdown"));
  {
    g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
    const SeEncoding *encodings = se_encoding_list ();

    for (gsize i = 0; encodings[i].id != NULL; i++)
      gtk_string_list_append (labels, _(encodings[i].label));
    gtk_drop_down_set_model (self->encoding_dropdown, G_LIST_MODEL (labels));
    gtk_drop_down_set_selected (self->encoding_dropdown, self->encoding);
    g_signal_connect_swapped (self->encoding_dropdown, "notify::selected",
                              G_CALLBACK (se_event_detail_update), self);
  }
  self->hex_view = GTK_TEXT_VIEW (get_widget (builder, "hex_view"));
  self->explain_label = GTK_LABEL (get_widget (builder, "explain_label"));

  gtk_stack_add_named (self->stack, self->event_page, "event");
}

/* What the call does, why, and its Python line; or why there is none. */
static void
se_event_detail_update_explanation (SeEventDetail *self)
{
  const SeExplanation *explanation = se_explain_for_event (self->event);
  g_autofree char *summary = NULL;
  g_autofree char *text = NULL;
  g_autofree char *python = NULL;
  g_autofree char *markup = NULL;

  if (explanation == NULL)
    {
      gtk_label_set_label (self->explain_label, _("There is no explanation of this event yet."));
      return;
    }

  summary = g_markup_escape_text (se_explanation_get_summary (explanation), -1);
  text = g_markup_escape_text (se_explanation_get_text (explanation), -1);
  python = g_markup_escape_text (explanation->python, -1);
  markup = g_strdup_printf ("<b>%s</b>\n\n%s\n\n%s\n<tt>%s</tt>",
                            summary, text, _("In Python:"), python);
  gtk_label_set_markup (self->explain_label, markup);
}

/* The call as a program makes it, "recv(1024)=5", with its errno
 * spelled out when it failed; and the kernel's TCP state after it. */
static void
se_event_detail_update_call (SeEventDetail *self)
{
  g_autofree char *call = se_event_format_call (self->event);
  SeTcpState state = se_event_get_tcp_state (self->event);
  int error_number = se_event_get_errno (self->event);

  if (call != NULL && error_number != 0)
    {
      g_autofree char *with_error = g_strdup_printf ("%s (%s)", call, g_strerror (error_number));

      g_free (call);
      call = g_steal_pointer (&with_error);
    }
  gtk_label_set_label (self->call_label, call != NULL ? call : "");
  gtk_widget_set_visible (self->call_child, call != NULL);

  gtk_label_set_label (self->tcp_state_label,
                       state != SE_TCP_STATE_NONE ? se_tcp_state_to_string (state) : "");
  gtk_widget_set_visible (self->tcp_state_child, state != SE_TCP_STATE_NONE);
}

static void
se_event_detail_update (SeEventDetail *self)
{
  g_autoptr(GDateTime) date_time = NULL;
  g_autofree char *time_text = NULL;
  g_autofree char *connection_text = NULL;
  g_autofree char *number = NULL;
  g_autofree char *size_text = NULL;
  g_autofree char *text = NULL;
  g_autofree char *hex = NULL;
  const guint8 *data = NULL;
  gsize retained = 0;
  gsize shown;
  guint64 size;
  GBytes *bytes;
  SeEventKind kind;
  const char *detail;
  gint64 usec;

  if (self->event == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      if (self->event_page != NULL)
        {
          set_text (self->text_view, "");
          set_text (self->hex_view, "");
        }
      return;
    }

  se_event_detail_ensure_event_page (self);

  usec = se_event_get_time (self->event);
  date_time = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);
  if (date_time != NULL)
    {
      g_autofree char *day = g_date_time_format (date_time, "%Y-%m-%d %H:%M:%S");

      time_text = g_strdup_printf ("%s.%06d", day, (int) (usec % G_USEC_PER_SEC));
    }
  gtk_label_set_label (self->time_label, time_text ? time_text : "");

  kind = se_event_get_kind (self->event);
  gtk_label_set_label (self->kind_label, se_labels_event (self->event));
  gtk_image_set_from_icon_name (self->kind_image, se_labels_event_icon (self->event));
  gtk_widget_set_css_classes (GTK_WIDGET (self->kind_box),
                              (const char *[]) { se_labels_event_kind_style (kind), NULL });

  /* A lookup has no transport; a blank would look like a missing value */
  gtk_label_set_label (self->protocol_label,
                       se_event_get_protocol (self->event) == SE_PROTOCOL_NONE
                       ? C_("protocol", "None")
                       : se_labels_protocol (se_event_get_protocol (self->event)));

  if (se_event_get_connection_id (self->event) != 0)
    connection_text = g_strdup_printf ("#%u", se_event_get_connection_id (self->event));
  gtk_label_set_label (self->connection_label,
                       connection_text ? connection_text : C_("connection", "None"));

  gtk_label_set_label (self->local_label, se_event_get_local (self->event));
  gtk_label_set_label (self->remote_label, se_event_get_remote (self->event));

  size = se_event_get_size (self->event);
  number = g_strdup_printf ("%" G_GUINT64_FORMAT, size);
  /* Translators: %s is a number of bytes */
  size_text = g_strdup_printf (ngettext ("%s byte", "%s bytes", (gulong) MIN (size, G_MAXULONG)),
                               number);
  gtk_label_set_label (self->size_label, size_text);

  se_event_detail_update_call (self);

  detail = se_event_get_detail (self->event);
  gtk_label_set_label (self->detail_label, detail);
  gtk_widget_set_visible (GTK_WIDGET (self->detail_title), detail[0] != '\0');
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), detail[0] != '\0');
  gtk_widget_set_visible (self->detail_child, detail[0] != '\0');
  if (kind == SE_EVENT_ERROR)
    gtk_widget_add_css_class (GTK_WIDGET (self->detail_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->detail_label), "error");

  bytes = se_event_get_data (self->event);
  if (bytes != NULL)
    data = g_bytes_get_data (bytes, &retained);
  shown = MIN (retained, MAX_SHOWN_BYTES);

  if (!se_event_get_data_complete (self->event))
    {
      g_autofree char *marker = NULL;

      g_autofree char *kept = g_strdup_printf ("%" G_GSIZE_FORMAT, retained);

      /* Translators: %s is a number of bytes */
      marker = g_strdup_printf (ngettext ("Not retained past the capture budget: only the first %s byte was kept",
                                          "Not retained past the capture budget: only the first %s bytes were kept",
                                          (gulong) retained),
                                kept);
      gtk_label_set_label (self->retained_label, marker);
      gtk_widget_set_visible (GTK_WIDGET (self->retained_label), TRUE);
    }
  else if (shown < retained)
    {
      g_autofree char *marker = NULL;

      g_autofree char *first = g_strdup_printf ("%" G_GSIZE_FORMAT, shown);
      g_autofree char *all = g_strdup_printf ("%" G_GSIZE_FORMAT, retained);

      /* Translators: both are numbers of bytes */
      marker = g_strdup_printf (_("Showing the first %s of %s bytes"), first, all);
      gtk_label_set_label (self->retained_label, marker);
      gtk_widget_set_visible (GTK_WIDGET (self->retained_label), TRUE);
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->retained_label), FALSE);
    }

  text = escaped_with_breaks (se_event_detail_get_encoding (self), data, shown);
  hex = se_payload_hex_dump (data, shown);
  set_text (self->text_view, text);
  set_text (self->hex_view, hex);
  se_event_detail_update_explanation (self);

  gtk_stack_set_visible_child_name (self->stack, "event");
}

static void
close_clicked_cb (SeEventDetail *self,
                  GtkButton     *button)
{
  g_signal_emit (self, signals[CLOSE], 0);
}

static void
se_event_detail_dispose (GObject *object)
{
  SeEventDetail *self = (SeEventDetail *)object;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->event);

  G_OBJECT_CLASS (se_event_detail_parent_class)->dispose (object);
}

static void
se_event_detail_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SeEventDetail *self = SE_EVENT_DETAIL (object);

  switch (prop_id)
    {
    case PROP_EVENT:
      g_value_set_object (value, self->event);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
se_event_detail_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SeEventDetail *self = SE_EVENT_DETAIL (object);

  switch (prop_id)
    {
    case PROP_EVENT:
      se_event_detail_set_event (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
se_event_detail_class_init (SeEventDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = se_event_detail_dispose;
  object_class->get_property = se_event_detail_get_property;
  object_class->set_property = se_event_detail_set_property;

  properties[PROP_EVENT] =
    g_param_spec_object ("event", NULL, NULL,
                         SE_TYPE_EVENT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SeEventDetail::close:
   *
   * The user asked to put the details away.
   */
  signals[CLOSE] =
    g_signal_new ("close",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);


  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "eventdetail");
}

static void
se_event_detail_init (SeEventDetail *self)
{
  static const char *ids[] = { "stack", NULL };
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GError) error = NULL;

  gtk_builder_set_translation_domain (builder, GETTEXT_PACKAGE);
  if (!gtk_builder_add_objects_from_resource (builder, UI_RESOURCE, ids, &error))
    g_error ("Could not build the event detail pane: %s", error->message);
  self->stack = GTK_STACK (get_widget (builder, "stack"));
  gtk_widget_set_parent (GTK_WIDGET (self->stack), GTK_WIDGET (self));

  se_event_detail_update (self);
}

GtkWidget *
se_event_detail_new (void)
{
  return g_object_new (SE_TYPE_EVENT_DETAIL, NULL);
}

SeEvent *
se_event_detail_get_event (SeEventDetail *self)
{
  g_return_val_if_fail (SE_IS_EVENT_DETAIL (self), NULL);

  return self->event;
}

void
se_event_detail_set_event (SeEventDetail *self,
                           SeEvent       *event)
{
  g_return_if_fail (SE_IS_EVENT_DETAIL (self));
  g_return_if_fail (event == NULL || SE_IS_EVENT (event));

  if (g_set_object (&self->event, event))
    {
      se_event_detail_update (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT]);
    }
}

const char *
se_event_detail_get_encoding (SeEventDetail *self)
{
  const SeEncoding *encodings = se_encoding_list ();
  guint selected;

  g_return_val_if_fail (SE_IS_EVENT_DETAIL (self), NULL);

  if (self->encoding_dropdown == NULL)
    return encodings[0].id;
  selected = gtk_drop_down_get_selected (self->encoding_dropdown);
  for (guint i = 0; encodings[i].id != NULL; i++)
    if (i == selected)
      return encodings[i].id;
  return encodings[0].id;
}

void
se_event_detail_set_encoding (SeEventDetail *self,
                              const char    *encoding)
{
  const SeEncoding *encodings = se_encoding_list ();
  const SeEncoding *found;

  g_return_if_fail (SE_IS_EVENT_DETAIL (self));

  found = se_encoding_lookup (encoding != NULL ? encoding : "utf-8", NULL);
  if (found == NULL)
    found = &encodings[0];
  self->encoding = (guint) (found - encodings);
  if (self->encoding_dropdown != NULL)
    gtk_drop_down_set_selected (self->encoding_dropdown, self->encoding);
}
