/* se-log-follow.c: keeping a scrolled list at its end while new rows come
 *
 * The log view follows the newest event until the user scrolls up, and
 * again once they scroll back to the end. Telling the user's scrolling
 * from the list's own (as rows come and go) is the hard part, below.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "se-log-follow.h"

struct _SeLogFollow
{
  GObject        parent_instance;

  GtkWidget     *scrolled;     /* weak */
  GtkAdjustment *adjustment;
  GdkFrameClock *frame_clock;
  gulong         layout_handler;

  guint          following : 1;
  guint          laying_out : 1;
};

G_DEFINE_FINAL_TYPE (SeLogFollow, se_log_follow, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FOLLOWING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
se_log_follow_scroll_to_end (SeLogFollow *self)
{
  double end;

  g_return_if_fail (SE_IS_LOG_FOLLOW (self));

  end = gtk_adjustment_get_upper (self->adjustment)
        - gtk_adjustment_get_page_size (self->adjustment);

  /* Only called while following: the value it sets is at the end, and
   * keeps following on. */
  if (gtk_adjustment_get_value (self->adjustment) != end)
    gtk_adjustment_set_value (self->adjustment, end);
}

/* Runs after the window's layout handler, in the frame's layout phase. */
static void
frame_clock_layout_cb (SeLogFollow   *self,
                       GdkFrameClock *frame_clock)
{
  if (!self->laying_out)
    return;

  self->laying_out = FALSE;
  if (self->following)
    se_log_follow_scroll_to_end (self);
}

/* The list laid itself out anew (more rows, fewer rows, another size).
 * Whatever the value does until that is over is the list's doing, not the
 * user's, and it must not stop following. Then, if following, scroll to
 * the new end.
 *
 * That scroll happens in the same frame's layout phase, right after the
 * window's allocation, not from an idle: the list view keeps its place by
 * an anchor row that it only updates when it is laid out again, and a
 * scroll queued for later left a frame in which the user's own scroll
 * (up, away from the end) was measured against the old anchor, and the
 * next layout put the view back at the end. Scrolled within the layout
 * phase, the list is laid out again in the same frame (GDK repeats the
 * layout phase while layout is requested), before any input is handled.
 * Not realized, the view has no frames yet: the first one settles it. */
static void
adjustment_changed_cb (SeLogFollow   *self,
                       GtkAdjustment *adjustment)
{
  self->laying_out = TRUE;
  if (self->frame_clock != NULL)
    gdk_frame_clock_request_phase (self->frame_clock, GDK_FRAME_CLOCK_PHASE_LAYOUT);
}

static void
adjustment_value_changed_cb (SeLogFollow   *self,
                             GtkAdjustment *adjustment)
{
  double end;
  gboolean at_end;

  if (self->laying_out)
    return;

  end = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
  at_end = gtk_adjustment_get_value (adjustment) >= end - 1.0;

  /* Scrolling up stops following; scrolling back to the end resumes. */
  if (at_end != self->following)
    {
      self->following = at_end;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOWING]);
    }
}

static void
scrolled_realize_cb (SeLogFollow *self,
                     GtkWidget   *scrolled)
{
  g_set_object (&self->frame_clock, gtk_widget_get_frame_clock (scrolled));
  self->layout_handler = g_signal_connect_object (self->frame_clock, "layout",
                                                  G_CALLBACK (frame_clock_layout_cb), self,
                                                  G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

static void
scrolled_unrealize_cb (SeLogFollow *self,
                       GtkWidget   *scrolled)
{
  if (self->frame_clock != NULL)
    {
      g_clear_signal_handler (&self->layout_handler, self->frame_clock);
      g_clear_object (&self->frame_clock);
    }
  self->laying_out = FALSE;
}

static void
se_log_follow_dispose (GObject *object)
{
  SeLogFollow *self = SE_LOG_FOLLOW (object);

  scrolled_unrealize_cb (self, NULL);
  if (self->adjustment != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->adjustment, self);
      g_clear_object (&self->adjustment);
    }
  if (self->scrolled != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->scrolled, self);
      g_object_remove_weak_pointer (G_OBJECT (self->scrolled), (gpointer *) &self->scrolled);
      self->scrolled = NULL;
    }

  G_OBJECT_CLASS (se_log_follow_parent_class)->dispose (object);
}

static void
se_log_follow_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SeLogFollow *self = SE_LOG_FOLLOW (object);

  switch (prop_id)
    {
    case PROP_FOLLOWING:
      g_value_set_boolean (value, self->following);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
se_log_follow_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SeLogFollow *self = SE_LOG_FOLLOW (object);

  switch (prop_id)
    {
    case PROP_FOLLOWING:
      se_log_follow_set_following (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
se_log_follow_class_init (SeLogFollowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = se_log_follow_dispose;
  object_class->get_property = se_log_follow_get_property;
  object_class->set_property = se_log_follow_set_property;

  properties[PROP_FOLLOWING] =
    g_param_spec_boolean ("following", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
se_log_follow_init (SeLogFollow *self)
{
  self->following = TRUE;
}

SeLogFollow *
se_log_follow_new (GtkScrolledWindow *scrolled)
{
  SeLogFollow *self;

  g_return_val_if_fail (GTK_IS_SCROLLED_WINDOW (scrolled), NULL);

  self = g_object_new (SE_TYPE_LOG_FOLLOW, NULL);
  self->scrolled = GTK_WIDGET (scrolled);
  g_object_add_weak_pointer (G_OBJECT (scrolled), (gpointer *) &self->scrolled);
  g_signal_connect_object (scrolled, "realize",
                           G_CALLBACK (scrolled_realize_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (scrolled, "unrealize",
                           G_CALLBACK (scrolled_unrealize_cb), self,
                           G_CONNECT_SWAPPED);
  if (gtk_widget_get_realized (GTK_WIDGET (scrolled)))
    scrolled_realize_cb (self, GTK_WIDGET (scrolled));

  self->adjustment = g_object_ref (gtk_scrolled_window_get_vadjustment (scrolled));
  g_signal_connect_object (self->adjustment, "changed",
                           G_CALLBACK (adjustment_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->adjustment, "value-changed",
                           G_CALLBACK (adjustment_value_changed_cb), self,
                           G_CONNECT_SWAPPED);

  return self;
}

gboolean
se_log_follow_get_following (SeLogFollow *self)
{
  g_return_val_if_fail (SE_IS_LOG_FOLLOW (self), FALSE);

  return self->following;
}

void
se_log_follow_set_following (SeLogFollow *self,
                             gboolean     following)
{
  g_return_if_fail (SE_IS_LOG_FOLLOW (self));

  following = !!following;
  if (following == self->following)
    return;

  self->following = following;
  if (following)
    se_log_follow_scroll_to_end (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOWING]);
}
