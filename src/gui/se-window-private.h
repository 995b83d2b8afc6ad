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
#include "se-stepper-proxy.h"
#include "se-window.h"
#include "se-workspace.h"

G_BEGIN_DECLS

struct _SeWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;   /* NULL if the schema is not installed */
  SeNetwork            *network;    /* the thread the sockets run on */
  SeTrafficLog         *log;
  SeResolver           *resolver;
  /* The listeners and clients, a GListModel the sidebar is bound to,
   * and the saved messages and filters of the file opened
   * (se-window-sidebar.c, se-window-workspace.c) */
  SeWorkspace          *workspace;
  GHashTable           *pages;      /* proxy of the workspace -> its page */
  GListStore           *sidebar_tools;  /* the tools' rows (Resolve), strings */
  GListModel           *sidebar_model;  /* the tools, then the workspace */
  char                **recent;     /* when there are no settings */
  char                **recent_workspaces;  /* URIs, when there are no settings */
  GMenu                *recent_menu;  /* the main menu's Open Recent */
  GCancellable         *cancellable; /* listeners being started by se_window_start_listener () */
  gboolean              log_only;
  gboolean              presentation;
  GFile                *workspace_file;  /* the workspace last opened or saved */
  guint                 listener_numbers[SE_PROTOCOL_NONE + 1];  /* pages made, per kind */
  guint                 relay_numbers[SE_PROTOCOL_NONE + 1];     /* relays: numbered apart */
  guint                 client_numbers[SE_PROTOCOL_NONE + 1];
  /* The user dragged the divider: it stays where they left it until
   * another page is shown (se-window-divider.c). */
  gboolean              divider_moved;
  gboolean              divider_dragging;
  guint                 divider_idle_id;
  guint                 session_save_id;  /* the session, kept a moment after a change */
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
  AdwWindowTitle       *sidebar_title;  /* its subtitle: the workspace file */
  GtkWidget            *log_only_button;
  AdwToastOverlay      *toast_overlay;
  GtkPaned             *paned;
  GtkWidget            *page_scroller;
  GtkStack             *stack;
  GtkWidget            *welcome_page;
  GtkWidget            *recent_box;  /* the welcome page's recent workspaces */
  GtkListBox           *recent_list;
  GtkWidget            *resolve_page;  /* made when first shown */
  GtkWidget            *labs_row;
  GtkWidget            *labs_page;     /* made when first shown (se-window-labs.c) */
  SeLogView            *log_view;
  GtkPaned             *log_paned;
  GtkWidget            *diagram_view;  /* SeDiagramView */
  gboolean              show_diagram;

  /* Step mode (se-window-step.c) */
  SeStepperProxy       *stepper;
  GSimpleActionGroup   *step_actions;  /* "step.mode", "step.next" */
  GtkRevealer          *step_bar;
  GtkLabel             *step_label;
  GtkLabel             *step_more_label;
};

/* se-window.c */
void _se_window_add_client              (SeWindow        *self,
                                         SeClientProxy   *client);
void _se_window_start_listener_proxy    (SeWindow        *self,
                                         SeListenerProxy *listener);
/* A listener started by other code than _se_window_start_listener_proxy()
 * gets its page */
void _se_window_add_started_listener    (SeWindow        *self,
                                         SeListenerProxy *listener);

/* se-window-workspace.c */
void _se_window_class_init_workspace    (GtkWidgetClass  *widget_class);
void _se_window_init_workspace          (SeWindow        *self);
void _se_window_dispose_workspace       (SeWindow        *self);
void _se_window_remember_workspace      (SeWindow        *self,
                                         GFile           *file);
void _se_window_update_recent_workspaces (SeWindow       *self);

/* se-window-help.c */
void _se_window_class_init_help         (GtkWidgetClass  *widget_class);

/* se-window-sidebar.c */
void _se_window_init_sidebar            (SeWindow        *self);
void _se_window_dispose_sidebar         (SeWindow        *self);

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

/* se-window-workspace.c */
void _se_window_open_loaded             (SeWindow        *self,
                                         SeWorkspace     *workspace);

/* se-window-labs.c */
void _se_window_class_init_labs         (GtkWidgetClass  *widget_class);
void _se_window_init_labs               (SeWindow        *self);
GtkWidget *_se_window_ensure_labs_page  (SeWindow        *self);

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
/* The same, right after the allocation under way */
void _se_window_queue_place_divider     (SeWindow       *self);
void _se_window_dispose_divider         (SeWindow       *self);
/* Another page is shown: the window places the divider again. */
void _se_window_page_changed_divider    (SeWindow       *self);

/* se-window-step.c */
void _se_window_init_step               (SeWindow       *self);
void _se_window_dispose_step            (SeWindow       *self);

/* se-window-diagram.c */
void _se_window_class_init_diagram      (GtkWidgetClass *widget_class);
void _se_window_init_diagram            (SeWindow       *self);
void _se_window_set_show_diagram        (SeWindow       *self,
                                         gboolean        show);
/* The diagram draws what the visible page is about. */
void _se_window_update_diagram_focus    (SeWindow       *self);

G_END_DECLS
