/* window-test-util.h: what the test-window*.c programs share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "se-window.h"

G_BEGIN_DECLS

/* The window -------------------------------------------------------------- */

typedef struct
{
  SeWindow *window;
} Fixture;

void     fixture_set_up      (Fixture       *fixture,
                              gconstpointer  data);
void     fixture_tear_down   (Fixture       *fixture,
                              gconstpointer  data);
/* For se_test_wait_until(): data is an SeListenerProxy. */
gboolean listener_running_cb (gpointer       data);

G_END_DECLS
