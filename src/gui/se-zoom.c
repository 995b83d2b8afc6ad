/* se-zoom.c: the size of all text in the app's windows, for a projector
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A teacher's projector needs everything larger: the log, the pages,
 * the hex dump, the sidebar. GTK 4.8's CSS has no calc() for font sizes,
 * so one style provider per display sets an absolute font-size on every
 * toplevel window, computed from the desktop's font size (GtkSettings'
 * gtk-font-name) times the zoom; everything inside inherits it or is
 * sized relative to it (libadwaita's title classes use percentages). The
 * provider is regenerated when the zoom or the desktop font changes.
 */
#include "config.h"

#include "se-zoom.h"

static const double levels[] = {
  0.5, 0.67, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0,
};

typedef struct
{
  GtkCssProvider *provider;
  double          zoom;
} ZoomState;

double
se_zoom_step (double zoom,
              int    direction)
{
  if (direction == 0)
    return 1.0;

  if (direction > 0)
    {
      for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
        if (levels[i] > zoom + 0.001)
          return levels[i];
      return SE_ZOOM_MAX;
    }

  for (guint i = G_N_ELEMENTS (levels); i > 0; i--)
    if (levels[i - 1] < zoom - 0.001)
      return levels[i - 1];
  return SE_ZOOM_MIN;
}

/* The desktop's text size in points. */
static double
base_font_points (GdkDisplay *display)
{
  g_autofree char *font_name = NULL;
  PangoFontDescription *description;
  double points = 11;

  g_object_get (gtk_settings_get_for_display (display), "gtk-font-name", &font_name, NULL);
  if (font_name == NULL)
    return points;

  description = pango_font_description_from_string (font_name);
  if (pango_font_description_get_size (description) > 0)
    {
      points = (double) pango_font_description_get_size (description) / PANGO_SCALE;
      /* An absolute size is in device pixels: 96 per inch, 72 points. */
      if (pango_font_description_get_size_is_absolute (description))
        points *= 72.0 / 96.0;
    }
  pango_font_description_free (description);

  return points;
}

static void
zoom_state_free (gpointer data)
{
  ZoomState *state = data;

  g_clear_object (&state->provider);
  g_free (state);
}

static void
regenerate (GdkDisplay *display,
            ZoomState  *state)
{
  double base = base_font_points (display);
  g_autofree char *css = NULL;
  char size[G_ASCII_DTOSTR_BUF_SIZE];
  char presentation[G_ASCII_DTOSTR_BUF_SIZE];

  /* g_ascii_*: CSS wants a dot whatever the locale. */
  g_ascii_formatd (size, sizeof size, "%.2f", base * state->zoom);
  g_ascii_formatd (presentation, sizeof presentation, "%.2f",
                   base * state->zoom * SE_ZOOM_PRESENTATION);
  css = g_strdup_printf ("window { font-size: %spt; }\n"
                         "window.presentation { font-size: %spt; }\n",
                         size, presentation);
  gtk_css_provider_load_from_data (state->provider, css, -1);
}

static void
font_name_changed_cb (GtkSettings *settings,
                      GParamSpec  *pspec,
                      GdkDisplay  *display)
{
  ZoomState *state = g_object_get_data (G_OBJECT (display), "se-zoom");

  if (state != NULL)
    regenerate (display, state);
}

static ZoomState *
ensure_state (GdkDisplay *display)
{
  ZoomState *state = g_object_get_data (G_OBJECT (display), "se-zoom");

  if (state == NULL)
    {
      state = g_new0 (ZoomState, 1);
      state->zoom = 1.0;
      state->provider = gtk_css_provider_new ();
      g_object_set_data_full (G_OBJECT (display), "se-zoom", state, zoom_state_free);
      /* Above the application's style (which sets no sizes), below a
       * user's own style sheet. */
      gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (state->provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
      g_signal_connect_object (gtk_settings_get_for_display (display), "notify::gtk-font-name",
                               G_CALLBACK (font_name_changed_cb), display, 0);
    }

  return state;
}

void
se_zoom_apply (GdkDisplay *display,
               double      zoom)
{
  ZoomState *state;

  g_return_if_fail (GDK_IS_DISPLAY (display));

  state = ensure_state (display);
  state->zoom = CLAMP (zoom, SE_ZOOM_MIN, SE_ZOOM_MAX);
  regenerate (display, state);
}

double
se_zoom_get (GdkDisplay *display)
{
  ZoomState *state;

  g_return_val_if_fail (GDK_IS_DISPLAY (display), 1.0);

  state = g_object_get_data (G_OBJECT (display), "se-zoom");
  return state != NULL ? state->zoom : 1.0;
}
