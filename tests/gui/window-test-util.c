/* window-test-util.c: what the test-window*.c programs share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "se-listener-proxy.h"
#include "se-test-util.h"
#include "window-test-util.h"

void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->window = se_window_new (NULL);
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  gtk_window_present (GTK_WINDOW (fixture->window));
  se_test_spin (50);
}

void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  se_test_spin (20);
  g_assert_null (fixture->window);
}

gboolean
listener_running_cb (gpointer data)
{
  return se_listener_proxy_get_running (data);
}
