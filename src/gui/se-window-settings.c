/* se-window-settings.c: what the window keeps in GSettings, and the engine limits it applies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "se-window-private.h"

#define MAX_RECENT_ENDPOINTS 10
/* The log-budget key's default, for when there is no schema. */
#define DEFAULT_LOG_BUDGET   (256 * 1024 * 1024)

/* The GSettings schema is optional, so that the window also runs from a
 * build tree where it was not compiled. */
GSettings *
_se_window_open_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    {
      g_debug ("GSettings schema %s not found: the window size and the recent "
               "endpoints will not be remembered", APP_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

gboolean
_se_window_has_key (SeWindow   *self,
                    const char *key)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  if (self->settings != NULL)
    g_object_get (self->settings, "settings-schema", &schema, NULL);

  /* A schema compiled before the key was added has no such key. */
  return schema != NULL && g_settings_schema_has_key (schema, key);
}

/* A listener gets the connection limits of the preferences when it is
 * added, and again whenever they change. */
void
_se_window_apply_listener_limits (SeWindow        *self,
                                  SeListenerProxy *listener)
{
  if (_se_window_has_key (self, "max-connections"))
    se_listener_proxy_set_max_connections (listener, g_settings_get_uint (self->settings, "max-connections"));
  if (_se_window_has_key (self, "idle-timeout"))
    se_listener_proxy_set_idle_timeout (listener, g_settings_get_uint (self->settings, "idle-timeout"));
}

static void
settings_changed_cb (SeWindow   *self,
                     const char *key,
                     GSettings  *settings)
{
  if (g_strcmp0 (key, "send-queue-limit") == 0)
    {
      se_connection_set_send_queue_total_limit ((gsize) g_settings_get_uint64 (settings, key));
    }
  else if (g_strcmp0 (key, "max-connections") == 0 || g_strcmp0 (key, "idle-timeout") == 0)
    {
      guint n = g_list_model_get_n_items (se_workspace_get_listener_proxies (self->workspace));

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(SeListenerProxy) listener = g_list_model_get_item (se_workspace_get_listener_proxies (self->workspace), i);

          _se_window_apply_listener_limits (self, listener);
        }
    }
}

/* The traffic log drops its oldest events past the log-budget setting and
 * keeps payload up to capture-budget; the engine's send queues hold at most
 * send-queue-limit. All followed as they change. */
void
_se_window_apply_settings (SeWindow *self)
{
  if (_se_window_has_key (self, "log-budget"))
    g_settings_bind (self->settings, "log-budget", self->log, "memory-budget",
                     G_SETTINGS_BIND_GET);
  else
    se_traffic_log_set_memory_budget (self->log, DEFAULT_LOG_BUDGET);

  if (_se_window_has_key (self, "capture-budget"))
    g_settings_bind (self->settings, "capture-budget", self->log, "capture-budget",
                     G_SETTINGS_BIND_GET);

  if (self->settings != NULL)
    {
      g_signal_connect_object (self->settings, "changed",
                               G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
      if (_se_window_has_key (self, "send-queue-limit"))
        settings_changed_cb (self, "send-queue-limit", self->settings);
    }
}

char **
_se_window_dup_recent (SeWindow *self)
{
  if (self->settings != NULL)
    return g_settings_get_strv (self->settings, "recent-endpoints");

  return g_strdupv (self->recent);
}

void
_se_window_remember_endpoint (SeWindow   *self,
                              const char *endpoint)
{
  g_auto(GStrv) old = _se_window_dup_recent (self);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = 1;

  g_strv_builder_add (builder, endpoint);
  for (guint i = 0; old != NULL && old[i] != NULL && n < MAX_RECENT_ENDPOINTS; i++)
    if (g_strcmp0 (old[i], endpoint) != 0)
      {
        g_strv_builder_add (builder, old[i]);
        n++;
      }

  g_strfreev (self->recent);
  self->recent = g_strv_builder_end (builder);
  if (self->settings != NULL)
    g_settings_set_strv (self->settings, "recent-endpoints", (const char * const *) self->recent);
}
