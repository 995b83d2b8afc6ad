/* se-test-util.h: helpers shared by the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Iterates the default main context until *flag is TRUE or timeout_ms
 * passes; returns *flag. */
gboolean se_test_wait_for_flag   (const gboolean *flag,
                                  guint           timeout_ms);
/* Iterates until predicate(data) is TRUE or timeout_ms passes. */
gboolean se_test_wait_until      (gboolean      (*predicate) (gpointer data),
                                  gpointer        data,
                                  guint           timeout_ms);
/* Iterates until model holds exactly n items or timeout_ms passes;
 * returns whether it does. */
gboolean se_test_wait_n_items    (GListModel     *model,
                                  guint           n,
                                  guint           timeout_ms);
/* Iterates the main context for about ms milliseconds. */
void     se_test_spin            (guint           ms);
/* A fresh temporary directory; removed (with its contents) by
 * se_test_remove_dir(). */
char    *se_test_make_temp_dir   (void);
void     se_test_remove_dir      (const char     *path);
/* Waits for a GAsyncResult: pass se_test_store_result as callback and
 * &result as user_data, then call se_test_wait_result (&result, ms). */
void     se_test_store_result    (GObject        *source,
                                  GAsyncResult   *res,
                                  gpointer        user_data);
GAsyncResult *se_test_wait_result (GAsyncResult **result,
                                   guint           timeout_ms);

G_END_DECLS
