/* se-test-util.c: helpers shared by the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "se-test-util.h"

gboolean
se_test_wait_until (gboolean (*predicate) (gpointer data),
                    gpointer   data,
                    guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!predicate (data))
    {
      if (g_get_monotonic_time () >= deadline)
        return FALSE;
      /* Never block forever: wake up at least every 10 ms to check the
       * deadline. */
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }

  return TRUE;
}

static gboolean
flag_is_set (gpointer data)
{
  return *(const gboolean *) data;
}

gboolean
se_test_wait_for_flag (const gboolean *flag,
                       guint           timeout_ms)
{
  return se_test_wait_until (flag_is_set, (gpointer) flag, timeout_ms);
}

void
se_test_spin (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

char *
se_test_make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("se-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
se_test_remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_unlink (child);
    }

  g_rmdir (path);
}

void
se_test_store_result (GObject      *source,
                      GAsyncResult *res,
                      gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (res);
}

static gboolean
result_is_set (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

GAsyncResult *
se_test_wait_result (GAsyncResult **result,
                     guint          timeout_ms)
{
  g_assert_true (se_test_wait_until (result_is_set, result, timeout_ms));
  return *result;
}

typedef struct
{
  GListModel *model;
  guint       n;
} WaitItems;

static gboolean
has_n_items (gpointer data)
{
  WaitItems *w = data;

  return g_list_model_get_n_items (w->model) == w->n;
}

gboolean
se_test_wait_n_items (GListModel *model,
                      guint       n,
                      guint       timeout_ms)
{
  WaitItems w = { model, n };

  return se_test_wait_until (has_n_items, &w, timeout_ms);
}
