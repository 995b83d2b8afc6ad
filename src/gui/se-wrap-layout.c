/* se-wrap-layout.c: children in lines, wrapping when the next does not fit
 *
 * The log view's toolbar: a search entry, three drop-downs, a counter and
 * buttons, which a GtkBox would push out of a narrow window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "se-wrap-layout.h"

struct _SeWrapLayout
{
  GtkLayoutManager parent_instance;
};

G_DEFINE_FINAL_TYPE (SeWrapLayout, se_wrap_layout, GTK_TYPE_LAYOUT_MANAGER)

/* Its children from left to right, wrapping into
 * another line when the next one does not fit, so that every control
 * stays in reach in a narrow window. In each line the children that
 * expand (the search entry) share what is left; otherwise a last child
 * aligned to the end (the buttons) goes to the right. */

#define SPACING 4

/* How wide a child asks to be in a line: an expanding child its minimum,
 * as it gets what the others leave; the others their natural width. */
static int
child_width (GtkWidget *child)
{
  int min, nat;

  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);

  return gtk_widget_compute_expand (child, GTK_ORIENTATION_HORIZONTAL) ? min : nat;
}

/* Fills line[] with the line of each visible child; returns the number
 * of lines. */
static guint
break_lines (GtkWidget *widget,
             int        width,
             guint     *line,
             guint      n_max)
{
  guint n = 0;
  guint lines = 0;
  int x = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL && n < n_max;
       child = gtk_widget_get_next_sibling (child))
    {
      int nat;

      if (!gtk_widget_should_layout (child))
        continue;

      nat = child_width (child);
      if (lines == 0)
        lines = 1;
      else if (width >= 0 && x + SPACING + nat > width)
        {
          lines++;
          x = 0;
        }
      else
        x += SPACING;
      x += nat;
      line[n++] = lines - 1;
    }

  return lines;
}

#define MAX_CHILDREN 16

static GtkSizeRequestMode
se_wrap_layout_get_request_mode (GtkLayoutManager *manager,
                                 GtkWidget        *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
se_wrap_layout_measure (GtkLayoutManager *manager,
                        GtkWidget        *widget,
                        GtkOrientation    orientation,
                        int               for_size,
                        int              *minimum,
                        int              *natural,
                        int              *minimum_baseline,
                        int              *natural_baseline)
{
  guint line[MAX_CHILDREN];
  int line_height[MAX_CHILDREN] = { 0 };
  guint n_lines;
  guint n = 0;

  *minimum = *natural = 0;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int count = 0;

      for (GtkWidget *child = gtk_widget_get_first_child (widget);
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          int min, nat;

          if (!gtk_widget_should_layout (child))
            continue;
          gtk_widget_measure (child, orientation, -1, &min, &nat, NULL, NULL);
          *minimum = MAX (*minimum, min);
          *natural += nat + (count++ > 0 ? SPACING : 0);
        }
      return;
    }

  n_lines = break_lines (widget, for_size, line, MAX_CHILDREN);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL && n < MAX_CHILDREN;
       child = gtk_widget_get_next_sibling (child))
    {
      int nat;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, orientation, -1, NULL, &nat, NULL, NULL);
      line_height[line[n]] = MAX (line_height[line[n]], nat);
      n++;
    }

  for (guint i = 0; i < n_lines; i++)
    *minimum += line_height[i] + (i > 0 ? SPACING : 0);
  *natural = *minimum;
}

static void
se_wrap_layout_allocate (GtkLayoutManager *manager,
                         GtkWidget        *widget,
                         int               width,
                         int               height,
                         int               baseline)
{
  guint line[MAX_CHILDREN];
  GtkWidget *children[MAX_CHILDREN];
  int widths[MAX_CHILDREN];
  guint n = 0;
  int y = 0;

  break_lines (widget, width, line, MAX_CHILDREN);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL && n < MAX_CHILDREN;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_should_layout (child))
      {
        children[n] = child;
        widths[n] = child_width (child);
        n++;
      }

  for (guint first = 0; first < n;)
    {
      guint last = first;
      guint n_expand = 0;
      int used = 0;
      int extra;
      int line_height = 0;
      int x = 0;

      while (last + 1 < n && line[last + 1] == line[first])
        last++;

      for (guint i = first; i <= last; i++)
        {
          int nat;

          widths[i] = MIN (widths[i], width);
          used += widths[i] + (i > first ? SPACING : 0);
          if (gtk_widget_compute_expand (children[i], GTK_ORIENTATION_HORIZONTAL))
            n_expand++;
          gtk_widget_measure (children[i], GTK_ORIENTATION_VERTICAL, widths[i], NULL, &nat, NULL, NULL);
          line_height = MAX (line_height, nat);
        }
      extra = MAX (0, width - used);

      for (guint i = first; i <= last; i++)
        {
          int w = widths[i];

          if (n_expand > 0 && gtk_widget_compute_expand (children[i], GTK_ORIENTATION_HORIZONTAL))
            {
              w += extra / (int) n_expand;
            }
          else if (n_expand == 0 && i == last && i > first &&
                   gtk_widget_get_halign (children[i]) == GTK_ALIGN_END)
            {
              x += extra;
            }

          gtk_widget_size_allocate (children[i], &(GtkAllocation) { x, y, w, line_height }, -1);
          x += w + SPACING;
        }

      y += line_height + SPACING;
      first = last + 1;
    }
}

static void
se_wrap_layout_class_init (SeWrapLayoutClass *klass)
{
  GtkLayoutManagerClass *manager_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  manager_class->get_request_mode = se_wrap_layout_get_request_mode;
  manager_class->measure = se_wrap_layout_measure;
  manager_class->allocate = se_wrap_layout_allocate;
}

static void
se_wrap_layout_init (SeWrapLayout *self)
{
}

GtkLayoutManager *
se_wrap_layout_new (void)
{
  return g_object_new (SE_TYPE_WRAP_LAYOUT, NULL);
}
