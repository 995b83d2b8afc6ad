/* se-preferences-window.h: the limits of the engine and the log, in GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SE_TYPE_PREFERENCES_WINDOW (se_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (SePreferencesWindow, se_preferences_window, SE, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* Edits settings (the app's schema) in place: every change applies at once. */
GtkWidget *se_preferences_window_new (GtkWindow *parent,
                                      GSettings *settings);

G_END_DECLS
