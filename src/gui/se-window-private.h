/* se-window-private.h: what the window's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window is split by job, like GNOME Text Editor's editor-window-*.c:
 * se-window.c (pages, sidebar, log, dialogs), se-window-presentation.c
 * (zoom and presentation mode), se-window-settings.c (GSettings and the
 * limits it sets), se-window-workspace.c (open and save workspaces) and
 * se-window-divider.c (how the page and the log share the height).
 */
#pragma once

#include <adwaita.h>

#include "se-log-view.h"
#include "se-client-proxy.h"
#include "se-listener-proxy.h"
#include "se-network.h"
#include "se-window.h"

G_BEGIN_DECLS

struct _SeWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;   /* NULL if the schema is not installed */
  SeNetwork            *network;    /* the thread the sockets run on */
  SeTrafficLog         *log;
  SeResolver           *resolver;
  GListStore           *listeners;  /* SeListenerProxy */
  GListStore           *clients;    /* SeClientProxy */
  char                **recent;     /* when there are no settings */
  GCancellable         *cancellable; /* listeners being started by se_window_start_listener () */
  gboolean              log_only;
  gboolean              presentation;
  GFile                *workspace_file;  /* the workspace last opened or saved */
  guint                 listener_numbers[SE_PROTOCOL_NONE + 1];  /* pages made, per kind */
  guint                 client_numbers[SE_PROTOCOL_NONE + 1];
  /* The user dragged the divider: it stays where they left it until
   * another page is shown (se-window-divider.c). */
  gboolean              divider_moved;
  gboolean              divider_dragging;
  double                zoom;       /* when there are no settings */

  guint                 rates_id;   /* the total rates in the status line, once a second */
  GBinding             *title_binding;
  GBinding             *subtitle_binding;
  GtkWidget            *resolve_row;

  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  GtkWidget            *sidebar_separator;
  GtkLabel             *zoom_label;  /* in the main menu, once built */
  GtkWidget            *content;
  GtkListBox           *sidebar_list;
  GtkMenuButton        *add_button;
  GtkMenuButton        *primary_button;
  AdwWindowTitle       *content_title;
  GtkWidget            *log_only_button;
  AdwToastOverlay      *toast_overlay;
  GtkPaned             *paned;
  GtkWidget            *page_scroller;
  GtkStack             *stack;
  GtkWidget            *welcome_page;
  GtkWidget            *resolve_page;  /* made when first shown */
  SeLogView            *log_view;
};

/* se-window.c */
void _se_window_add_client              (SeWindow        *self,
                                         SeClientProxy   *client);
void _se_window_start_listener_proxy    (SeWindow        *self,
                                         SeListenerProxy *listener);
GtkWidget *_se_window_find_page         (SeWindow        *self,
                                         gpointer         proxy);

/* se-window-settings.c */
GSettings *_se_window_open_settings          (void);
/* Whether the window's settings have key (a schema compiled before the key
 * was added has not). */
gboolean   _se_window_has_key                (SeWindow        *self,
                                              const char      *key);
void       _se_window_apply_listener_limits  (SeWindow        *self,
                                              SeListenerProxy *listener);
void       _se_window_apply_settings         (SeWindow        *self);
char     **_se_window_dup_recent             (SeWindow        *self);
void       _se_window_remember_endpoint      (SeWindow        *self,
                                              const char      *endpoint);

/* se-window-presentation.c */
void _se_window_class_init_presentation (GtkWidgetClass *widget_class);
void _se_window_init_presentation       (SeWindow       *self);
void _se_window_set_presentation        (SeWindow       *self,
                                         gboolean        presentation);
/* The zoom control of the main menu, for its popover's "zoom" slot. */
GtkWidget *_se_window_create_zoom_control (SeWindow     *self);

/* se-window-divider.c */
void _se_window_init_divider            (SeWindow       *self);
/* Gives the page above the log the height it needs, when the user has
 * not placed the divider themselves. */
void _se_window_place_divider           (SeWindow       *self);
/* Another page is shown: the window places the divider again. */
void _se_window_page_changed_divider    (SeWindow       *self);

G_END_DECLS
