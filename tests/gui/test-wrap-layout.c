/* test-wrap-layout.c: the log toolbar's layout wraps its children into lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>

#include "se-wrap-layout.h"

#define CHILD_WIDTH 100
#define CHILD_HEIGHT 30
#define SPACING 4

static GtkWidget *
make_child (gboolean expand,
            GtkAlign halign)
{
  GtkWidget *child = gtk_label_new (NULL);

  gtk_widget_set_size_request (child, CHILD_WIDTH, CHILD_HEIGHT);
  gtk_widget_set_hexpand (child, expand);
  gtk_widget_set_halign (child, halign);
  return child;
}

static void
assert_allocation (GtkWidget *child,
                   int        x,
                   int        y,
                   int        width)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (child, gtk_widget_get_parent (child), &bounds));
  g_assert_cmpint ((int) bounds.origin.x, ==, x);
  g_assert_cmpint ((int) bounds.origin.y, ==, y);
  g_assert_cmpint ((int) bounds.size.width, ==, width);
}

static void
test_wrap (void)
{
  GtkWidget *box = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0));
  GtkWidget *search = make_child (TRUE, GTK_ALIGN_FILL);
  GtkWidget *middle = make_child (FALSE, GTK_ALIGN_FILL);
  GtkWidget *buttons = make_child (FALSE, GTK_ALIGN_END);
  int min, nat;

  gtk_widget_set_layout_manager (box, se_wrap_layout_new ());
  gtk_box_append (GTK_BOX (box), search);
  gtk_box_append (GTK_BOX (box), middle);
  gtk_box_append (GTK_BOX (box), buttons);

  g_assert_cmpint (gtk_widget_get_request_mode (box), ==, GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH);

  /* As wide as the widest child at least; all in one line naturally. */
  gtk_widget_measure (box, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (min, ==, CHILD_WIDTH);
  g_assert_cmpint (nat, ==, 3 * CHILD_WIDTH + 2 * SPACING);

  /* Room for all: one line, the expanding search entry takes the rest. */
  gtk_widget_measure (box, GTK_ORIENTATION_VERTICAL, 500, &min, NULL, NULL, NULL);
  g_assert_cmpint (min, ==, CHILD_HEIGHT);
  gtk_widget_size_allocate (box, &(GtkAllocation) { 0, 0, 500, CHILD_HEIGHT }, -1);
  assert_allocation (search, 0, 0, 500 - 2 * CHILD_WIDTH - 2 * SPACING);
  assert_allocation (buttons, 500 - CHILD_WIDTH, 0, CHILD_WIDTH);

  /* Room for two a line: the last wraps, alone in its line, and starts
   * it (it only goes right when it ends a line of several). */
  gtk_widget_measure (box, GTK_ORIENTATION_VERTICAL, 250, &min, NULL, NULL, NULL);
  g_assert_cmpint (min, ==, 2 * CHILD_HEIGHT + SPACING);
  gtk_widget_size_allocate (box, &(GtkAllocation) { 0, 0, 250, min }, -1);
  assert_allocation (search, 0, 0, 250 - CHILD_WIDTH - SPACING);
  assert_allocation (middle, 250 - CHILD_WIDTH, 0, CHILD_WIDTH);
  assert_allocation (buttons, 0, CHILD_HEIGHT + SPACING, CHILD_WIDTH);

  /* One a line. */
  gtk_widget_measure (box, GTK_ORIENTATION_VERTICAL, CHILD_WIDTH, &min, NULL, NULL, NULL);
  g_assert_cmpint (min, ==, 3 * CHILD_HEIGHT + 2 * SPACING);

  /* A hidden child takes no room. */
  gtk_widget_set_visible (middle, FALSE);
  gtk_widget_measure (box, GTK_ORIENTATION_VERTICAL, 2 * CHILD_WIDTH + SPACING, &min, NULL, NULL, NULL);
  g_assert_cmpint (min, ==, CHILD_HEIGHT);
  gtk_widget_measure (box, GTK_ORIENTATION_VERTICAL, 2 * CHILD_WIDTH + SPACING - 1, &min, NULL, NULL, NULL);
  g_assert_cmpint (min, ==, 2 * CHILD_HEIGHT + SPACING);

  g_object_unref (box);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_printerr ("No display: skipping the wrap layout tests\n");
      return 77;
    }

  g_test_add_func ("/wrap-layout/wrap", test_wrap);

  return g_test_run ();
}
