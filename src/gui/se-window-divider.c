/* se-window-divider.c: how the page and the traffic log share the window's height
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "se-window-private.h"

/* What the traffic log below the page is given, when the window has the
 * room: its toolbar, its column titles and about five rows; with an
 * event's details open, about four rows and the details. The page
 * scrolls when it needs more. */
#define LOG_HEIGHT             250
#define LOG_HEIGHT_WITH_DETAIL 480

/* Below this height (a small screen, 2× scale on 1280×800, large text)
 * the welcome page leaves out its large icon, which would push its
 * buttons out of view. */
#define WELCOME_ICON_HEIGHT    480
#define WELCOME_ICON           "network-workgroup-symbolic"

/* A drag of the divider's handle moves the paned while the pointer is
 * down; the window's own placements happen otherwise. */
static void
paned_drag_begin_cb (SeWindow       *self,
                     double          x,
                     double          y,
                     GtkGestureDrag *gesture)
{
  self->divider_dragging = TRUE;
}

static void
paned_drag_end_cb (SeWindow       *self,
                   double          x,
                   double          y,
                   GtkGestureDrag *gesture)
{
  self->divider_dragging = FALSE;
}

static void
paned_position_changed_cb (SeWindow   *self,
                           GParamSpec *pspec,
                           GtkPaned   *paned)
{
  if (self->divider_dragging)
    self->divider_moved = TRUE;
}

/* The page gets the height it asks for, as long as the log keeps a
 * useful height; the page scrolls when it gets less. The log is never
 * given less than three fifths of the room, unless the page needs it to
 * keep its composer in view. Once the user drags the divider, it stays
 * there until another page is shown. */
void
_se_window_place_divider (SeWindow *self)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);
  int height = gtk_widget_get_height (GTK_WIDGET (self->paned));
  int width = gtk_widget_get_width (GTK_WIDGET (self->paned));
  int log_height = LOG_HEIGHT;
  int minimum = 0;
  int natural = 0;
  int position;

  if (height > 0)
    {
      const char *icon = height >= WELCOME_ICON_HEIGHT ? WELCOME_ICON : NULL;
      AdwStatusPage *welcome = ADW_STATUS_PAGE (self->welcome_page);

      if (g_strcmp0 (adw_status_page_get_icon_name (welcome), icon) != 0)
        adw_status_page_set_icon_name (welcome, icon);
    }

  if (page == NULL || height <= 0 || self->log_only || self->divider_moved)
    return;

  if (se_log_view_get_selected (self->log_view) != NULL)
    log_height = LOG_HEIGHT_WITH_DETAIL;

  gtk_widget_measure (page, GTK_ORIENTATION_VERTICAL, width, &minimum, &natural, NULL, NULL);

  /* Once laid out, a page that scrolls says how tall it really is. */
  {
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->page_scroller));
    double upper = gtk_adjustment_get_upper (adjustment);

    if (upper > gtk_adjustment_get_page_size (adjustment) + 0.5)
      natural = MAX (natural, (int) upper);
  }
  /* Setting the position only queues an allocation: nothing calls back
   * into here meanwhile. */
  position = MIN (natural, MAX (height - log_height, height * 2 / 5));
  /* But never less than the page's minimum, where its composer and
   * options are still in view (its title and lists scroll first): in a
   * small window or with large text the log gives up rows before the
   * page hides a control. The paned keeps the log's own minimum. */
  position = MAX (position, minimum);
  /* The welcome page is its buttons: an empty log gives up its rows for
   * them (the paned keeps the log's own minimum) */
  if (page == self->welcome_page)
    position = MAX (position, natural);
  if (gtk_paned_get_position (self->paned) != position)
    gtk_paned_set_position (self->paned, position);
}

static gboolean
place_divider_idle_cb (gpointer user_data)
{
  SeWindow *self = user_data;

  self->divider_idle_id = 0;
  _se_window_place_divider (self);

  return G_SOURCE_REMOVE;
}

/* From a size-allocate (the page's scroller learnt its height): a new
 * position set there would wait for some other change to be laid out
 * (at 1920×1080 the composer's last line stayed scrolled away), so it is
 * set right after. */
void
_se_window_queue_place_divider (SeWindow *self)
{
  if (self->divider_idle_id == 0)
    self->divider_idle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, place_divider_idle_cb, self, NULL);
}

void
_se_window_dispose_divider (SeWindow *self)
{
  g_clear_handle_id (&self->divider_idle_id, g_source_remove);
}

void
_se_window_page_changed_divider (SeWindow *self)
{
  self->divider_moved = FALSE;
}

void
_se_window_init_divider (SeWindow *self)
{
  /* Capture phase: the paned's own drag gesture claims the sequence. The
   * divider used to snap back as soon as the page's scroller changed
   * size under the drag, so it could only move a few pixels. */
  GtkGesture *drag = gtk_gesture_drag_new ();

  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (drag, "drag-begin", G_CALLBACK (paned_drag_begin_cb), self);
  g_signal_connect_swapped (drag, "drag-end", G_CALLBACK (paned_drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->paned), GTK_EVENT_CONTROLLER (drag));
  g_signal_connect_object (self->paned, "notify::position",
                           G_CALLBACK (paned_position_changed_cb), self, G_CONNECT_SWAPPED);
}
