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

#include <adwaita.h>

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

/* libadwaita 1.2 gives these classes sizes in points rather than
 * relative to their parent, so they would not follow the window's font
 * size: they are scaled here one by one. The values are libadwaita's. */
static const struct {
  const char *selector;
  double      points;
} fixed_sizes[] = {
  { ".large-title", 24 },
  { ".title-1", 20 },
  { ".title-2", 15 },
  { ".title-3", 15 },
  { ".title-4", 13 },
  { ".heading", 11 },
  { ".body", 11 },
  { ".caption-heading", 9 },
  { ".caption", 9 },
  { "statuspage.compact > scrolledwindow > viewport > box > clamp > box > .title", 18 },
  { "window.dialog.message box.dialog-vbox.vertical > box > box > box > label.title", 15 },
};

/* GTK 4.8 cannot ellipsize a column title, so the titles of the log and
 * of the connections set the least width of the window: past twice
 * their size they would push it wider than a 1280-pixel projector. */
#define COLUMN_TITLE_POINTS     9
#define COLUMN_TITLE_MAX_FACTOR 2.0

static void
append_size (GString    *css,
             const char *scope,
             const char *selector,
             double      points)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  /* g_ascii_*: CSS wants a dot whatever the locale. */
  g_string_append_printf (css, "%s%s%s { font-size: %spt; }\n",
                          scope, selector[0] != '\0' ? " " : "", selector,
                          g_ascii_formatd (buffer, sizeof buffer, "%.2f", points));
}

/* One block of sizes for plain windows and one for a window in
 * presentation mode, which also gets strong colors: black on white, or
 * white on black with the dark style. */
static void
regenerate (GdkDisplay *display,
            ZoomState  *state)
{
  double base = base_font_points (display);
  g_autoptr(GString) css = g_string_new (NULL);
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  const char *fg = dark ? "#ffffff" : "#000000";
  const char *bg = dark ? "#000000" : "#ffffff";

  for (guint p = 0; p < 2; p++)
    {
      const char *scope = p == 0 ? "window" : "window.presentation";
      double factor = state->zoom * (p == 0 ? 1.0 : SE_ZOOM_PRESENTATION);

      append_size (css, scope, "", base * factor);
      for (guint i = 0; i < G_N_ELEMENTS (fixed_sizes); i++)
        append_size (css, scope, fixed_sizes[i].selector, fixed_sizes[i].points * factor);
      append_size (css, scope, "columnview.view > header > button > box",
                   COLUMN_TITLE_POINTS * MIN (factor, COLUMN_TITLE_MAX_FACTOR));
    }
  /* Presentation mode enlarges what the class reads; buttons are the
   * presenter's and grow at most twice, like column titles: a row of five
   * at 300% would not fit a 1280-pixel projector. */
  append_size (css, "window.presentation", "button",
               base * MAX (state->zoom, MIN (state->zoom * SE_ZOOM_PRESENTATION,
                                             COLUMN_TITLE_MAX_FACTOR)));

  g_string_append_printf (css,
                          "window.presentation, window.presentation .view, "
                          "window.presentation list, window.presentation columnview, "
                          "window.presentation listview, window.presentation textview > text, "
                          "window.presentation statuspage "
                          "{ background-color: %s; color: %s; }\n"
                          "window.presentation columnview.view > header > button > box "
                          "{ color: %s; }\n",
                          bg, fg, fg);

  gtk_css_provider_load_from_data (state->provider, css->str, (gssize) css->len);
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

static void
dark_changed_cb (AdwStyleManager *manager,
                 GParamSpec      *pspec,
                 GdkDisplay      *display)
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
      /* Presentation mode's colors follow the light or dark style */
      g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                               G_CALLBACK (dark_changed_cb), display, 0);
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
