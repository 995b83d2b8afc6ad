/* se-preferences-window.c: the limits of the engine and the log, in GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each row is bound to its key, so a change applies at once (the window
 * listens to the same keys) and survives a restart; byte sizes are shown
 * in MiB.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "se-preferences-window.h"

#define MIB (1024 * 1024)

struct _SePreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  GtkAdjustment        *log_budget_adjustment;
  GtkAdjustment        *capture_budget_adjustment;
  GtkAdjustment        *send_queue_adjustment;
  GtkAdjustment        *max_connections_adjustment;
  GtkAdjustment        *idle_timeout_adjustment;
};

G_DEFINE_FINAL_TYPE (SePreferencesWindow, se_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* helpers */

static gboolean
bytes_to_mib (GValue   *value,
              GVariant *variant,
              gpointer  user_data)
{
  g_value_set_double (value, (double) (g_variant_get_uint64 (variant) / MIB));
  return TRUE;
}

static GVariant *
mib_to_bytes (const GValue       *value,
              const GVariantType *expected_type,
              gpointer            user_data)
{
  return g_variant_new_uint64 ((guint64) g_value_get_double (value) * MIB);
}

static gboolean
uint_to_double (GValue   *value,
                GVariant *variant,
                gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_uint32 (variant));
  return TRUE;
}

static GVariant *
double_to_uint (const GValue       *value,
                const GVariantType *expected_type,
                gpointer            user_data)
{
  return g_variant_new_uint32 ((guint32) g_value_get_double (value));
}

static void
bind (SePreferencesWindow *self,
      const char          *key,
      GtkAdjustment       *adjustment,
      gboolean             mebibytes)
{
  g_settings_bind_with_mapping (self->settings, key, adjustment, "value",
                                G_SETTINGS_BIND_DEFAULT,
                                mebibytes ? bytes_to_mib : uint_to_double,
                                mebibytes ? mib_to_bytes : double_to_uint,
                                NULL, NULL);
}

/* overrides */

static void
se_preferences_window_dispose (GObject *object)
{
  SePreferencesWindow *self = SE_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SE_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (se_preferences_window_parent_class)->dispose (object);
}

static void
se_preferences_window_class_init (SePreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = se_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/socketexplorer/SocketExplorer/se-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SePreferencesWindow, log_budget_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SePreferencesWindow, capture_budget_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SePreferencesWindow, send_queue_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SePreferencesWindow, max_connections_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SePreferencesWindow, idle_timeout_adjustment);
}

static void
se_preferences_window_init (SePreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* public API */

GtkWidget *
se_preferences_window_new (GtkWindow *parent,
                           GSettings *settings)
{
  SePreferencesWindow *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (SE_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       NULL);
  self->settings = g_object_ref (settings);

  bind (self, "log-budget", self->log_budget_adjustment, TRUE);
  bind (self, "capture-budget", self->capture_budget_adjustment, TRUE);
  bind (self, "send-queue-limit", self->send_queue_adjustment, TRUE);
  bind (self, "max-connections", self->max_connections_adjustment, FALSE);
  bind (self, "idle-timeout", self->idle_timeout_adjustment, FALSE);

  return GTK_WIDGET (self);
}
