/* se-labs-page.c: the built-in labs, and the steps of the one being done
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list shows every lab (src/core/se-lab.c) with how many of its steps
 * are done; a lab shows its steps, each ticked when its check passes. The
 * checks read the window's traffic log as it publishes (once a frame) and
 * look at its listeners, so a step ticks while the student works on
 * another page. Only the lab shown (or the list, while on screen) is
 * checked live; the others catch up (from the events still in the log)
 * when the list is shown again.
 *
 * Opening a lab's workspace and running its demonstration are the
 * window's work: the page asks with the "open-workspace" and "run-demo"
 * signals.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "se-lab-check.h"
#include "se-labs-page.h"
#include "se-workspace.h"

struct _SeLabsPage
{
  GtkWidget     parent_instance;

  GListModel   *labs;       /* SeLab */
  GPtrArray    *checkers;   /* SeLabChecker, one per lab */
  GPtrArray    *list_rows;  /* AdwActionRow, one per lab */
  GPtrArray    *step_rows;  /* AdwActionRow of the lab shown */
  int           current;    /* index of the lab shown, or -1 */

  SeTrafficLog *log;
  GListModel   *listeners;

  GtkStack             *stack;
  AdwPreferencesGroup  *list_group;
  AdwPreferencesGroup  *lab_group;
  AdwPreferencesGroup  *steps_group;
  GtkWidget            *demo_button;
  GtkWidget            *workspace_button;
};

enum {
  OPEN_WORKSPACE,
  RUN_DEMO,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SeLabsPage, se_labs_page, GTK_TYPE_WIDGET)

/* Helpers */

static SeLab *
se_labs_page_get_lab (SeLabsPage *self,
                      guint       index)
{
  g_autoptr(SeLab) lab = g_list_model_get_item (self->labs, index);

  /* The model holds it */
  return lab;
}

static char *
progress_text (guint n_passed,
               guint n_steps)
{
  if (n_passed == n_steps)
    return g_strdup (_("Done"));

  /* Translators: steps of a lab done, e.g. "2 of 5" */
  return g_strdup_printf (_("%u of %u"), n_passed, n_steps);
}

static void
se_labs_page_update_list_row (SeLabsPage *self,
                              guint       index)
{
  SeLab *lab = se_labs_page_get_lab (self, index);
  SeLabChecker *checker = g_ptr_array_index (self->checkers, index);
  GtkWidget *label = g_object_get_data (g_ptr_array_index (self->list_rows, index), "se-progress");
  g_autofree char *text = progress_text (se_lab_checker_get_n_passed (checker), se_lab_get_n_steps (lab));

  gtk_label_set_text (GTK_LABEL (label), text);
  if (se_lab_checker_get_n_passed (checker) == se_lab_get_n_steps (lab))
    gtk_widget_add_css_class (label, "success");
  else
    gtk_widget_remove_css_class (label, "success");
}

static void
se_labs_page_update_steps (SeLabsPage *self)
{
  SeLab *lab;
  SeLabChecker *checker;
  g_autofree char *description = NULL;
  guint n_passed;

  if (self->current < 0)
    return;

  lab = se_labs_page_get_lab (self, self->current);
  checker = g_ptr_array_index (self->checkers, self->current);
  n_passed = se_lab_checker_get_n_passed (checker);

  for (guint i = 0; i < self->step_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->step_rows, i);
      GtkWidget *tick = g_object_get_data (G_OBJECT (row), "se-tick");
      GtkWidget *number = g_object_get_data (G_OBJECT (row), "se-number");
      gboolean passed = se_lab_checker_get_passed (checker, i);

      gtk_widget_set_visible (tick, passed);
      gtk_widget_set_visible (number, !passed);
      /* Read out by screen readers, shown by the tick */
      gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_CHECKED,
                                   passed ? GTK_ACCESSIBLE_TRISTATE_TRUE : GTK_ACCESSIBLE_TRISTATE_FALSE,
                                   -1);
    }

  if (n_passed == se_lab_get_n_steps (lab))
    description = g_strdup (_("Every step is done. Well done!"));
  else
    /* Translators: e.g. "2 of 5 steps done" */
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u step done", "%u of %u steps done",
                                                se_lab_get_n_steps (lab)),
                                   n_passed, se_lab_get_n_steps (lab));
  adw_preferences_group_set_description (self->steps_group, description);
}

/* Reads what the log and the listeners say: the lab shown only, or all */
static void
se_labs_page_check (SeLabsPage *self,
                    gboolean    all)
{
  if (self->log == NULL)
    return;

  for (guint i = 0; i < self->checkers->len; i++)
    {
      if (!all && (int) i != self->current)
        continue;

      se_lab_checker_update (g_ptr_array_index (self->checkers, i), self->log, self->listeners);
      se_labs_page_update_list_row (self, i);
    }

  se_labs_page_update_steps (self);
}

static GtkWidget *
step_row_new (const char *text,
              guint       index)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *tick = gtk_image_new_from_icon_name ("emblem-ok-symbolic");
  g_autofree char *digits = g_strdup_printf ("%u", index + 1);
  GtkWidget *number = gtk_label_new (digits);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);

  gtk_widget_add_css_class (tick, "success");
  gtk_widget_set_size_request (tick, 24, -1);
  gtk_widget_set_tooltip_text (tick, _("Done"));
  gtk_widget_set_visible (tick, FALSE);
  gtk_widget_add_css_class (number, "dim-label");
  gtk_widget_add_css_class (number, "numeric");
  gtk_widget_set_size_request (number, 24, -1);

  adw_action_row_add_prefix (ADW_ACTION_ROW (row), tick);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), number);
  g_object_set_data (G_OBJECT (row), "se-tick", tick);
  g_object_set_data (G_OBJECT (row), "se-number", number);

  return row;
}

static void
se_labs_page_show_index (SeLabsPage *self,
                         int         index)
{
  SeLab *lab;

  for (guint i = 0; i < self->step_rows->len; i++)
    adw_preferences_group_remove (self->steps_group, g_ptr_array_index (self->step_rows, i));
  g_ptr_array_set_size (self->step_rows, 0);

  self->current = index;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "labs.back", index >= 0);

  if (index < 0)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "labs.run-demo", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "labs.open-workspace", FALSE);
      gtk_stack_set_visible_child_name (self->stack, "list");
      se_labs_page_check (self, TRUE);
      return;
    }

  lab = se_labs_page_get_lab (self, index);
  adw_preferences_group_set_title (self->lab_group, se_lab_get_title (lab));
  adw_preferences_group_set_description (self->lab_group, se_lab_get_summary (lab));

  gtk_widget_set_visible (self->demo_button, se_lab_get_demo (lab) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "labs.run-demo", se_lab_get_demo (lab) != NULL);
  {
    g_autoptr(SeWorkspace) workspace = se_lab_dup_workspace (lab);

    gtk_widget_set_visible (self->workspace_button, workspace != NULL);
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "labs.open-workspace", workspace != NULL);
  }
  gtk_widget_set_visible (gtk_widget_get_parent (self->demo_button),
                          gtk_widget_get_visible (self->demo_button)
                          || gtk_widget_get_visible (self->workspace_button));

  for (guint i = 0; i < se_lab_get_n_steps (lab); i++)
    {
      GtkWidget *row = step_row_new (se_lab_get_step_text (lab, i), i);

      adw_preferences_group_add (self->steps_group, row);
      g_ptr_array_add (self->step_rows, row);
    }

  gtk_stack_set_visible_child_name (self->stack, "lab");
  se_labs_page_check (self, FALSE);
}

/* Callbacks */

/* The lab shown is checked live; the list, while it is on screen, or
 * when it is shown again */
static void
se_labs_page_check_live (SeLabsPage *self)
{
  se_labs_page_check (self, self->current < 0 && gtk_widget_get_mapped (GTK_WIDGET (self)));
}

static void
log_items_changed_cb (SeLabsPage *self)
{
  se_labs_page_check_live (self);
}

static void
listener_running_cb (SeLabsPage *self)
{
  se_labs_page_check_live (self);
}

static void
listeners_items_changed_cb (SeLabsPage *self,
                            guint       position,
                            guint       removed,
                            guint       added,
                            GListModel *listeners)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GObject) listener = g_list_model_get_item (listeners, i);

      g_signal_connect_object (listener, "notify::running", G_CALLBACK (listener_running_cb), self,
                               G_CONNECT_SWAPPED);
    }

  se_labs_page_check_live (self);
}

static void
list_row_activated_cb (SeLabsPage    *self,
                       AdwActionRow  *row)
{
  se_labs_page_show_index (self, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "se-index")));
}

static void
se_labs_page_map (GtkWidget *widget)
{
  SeLabsPage *self = SE_LABS_PAGE (widget);

  GTK_WIDGET_CLASS (se_labs_page_parent_class)->map (widget);
  se_labs_page_check (self, TRUE);
}

/* Actions */

static void
se_labs_page_back_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  se_labs_page_show_index (SE_LABS_PAGE (widget), -1);
}

static void
se_labs_page_open_workspace_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  SeLabsPage *self = SE_LABS_PAGE (widget);
  g_autoptr(SeWorkspace) workspace = NULL;

  if (self->current < 0)
    return;

  workspace = se_lab_dup_workspace (se_labs_page_get_lab (self, self->current));
  if (workspace != NULL)
    g_signal_emit (self, signals[OPEN_WORKSPACE], 0, workspace);
}

static void
se_labs_page_run_demo_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  SeLabsPage *self = SE_LABS_PAGE (widget);
  const char *demo;

  if (self->current < 0)
    return;

  demo = se_lab_get_demo (se_labs_page_get_lab (self, self->current));
  if (demo != NULL)
    g_signal_emit (self, signals[RUN_DEMO], 0, demo);
}

/* Overrides */

static void
se_labs_page_dispose (GObject *object)
{
  SeLabsPage *self = SE_LABS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SE_TYPE_LABS_PAGE);
  if (self->log != NULL)
    g_signal_handlers_disconnect_by_data (self->log, self);
  if (self->listeners != NULL)
    g_signal_handlers_disconnect_by_data (self->listeners, self);
  g_clear_object (&self->log);
  g_clear_object (&self->listeners);

  G_OBJECT_CLASS (se_labs_page_parent_class)->dispose (object);
}

static void
se_labs_page_finalize (GObject *object)
{
  SeLabsPage *self = SE_LABS_PAGE (object);

  g_clear_pointer (&self->checkers, g_ptr_array_unref);
  g_clear_pointer (&self->list_rows, g_ptr_array_unref);
  g_clear_pointer (&self->step_rows, g_ptr_array_unref);
  g_clear_object (&self->labs);

  G_OBJECT_CLASS (se_labs_page_parent_class)->finalize (object);
}

static void
se_labs_page_class_init (SeLabsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = se_labs_page_dispose;
  object_class->finalize = se_labs_page_finalize;
  widget_class->map = se_labs_page_map;

  /* The lab's ready workspace, to open in the window */
  signals[OPEN_WORKSPACE] =
    g_signal_new ("open-workspace", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SE_TYPE_WORKSPACE);
  /* The lab's demonstration ("boundaries"), to run in the window */
  signals[RUN_DEMO] =
    g_signal_new ("run-demo", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/socketexplorer/SocketExplorer/se-labs-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SeLabsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SeLabsPage, list_group);
  gtk_widget_class_bind_template_child (widget_class, SeLabsPage, lab_group);
  gtk_widget_class_bind_template_child (widget_class, SeLabsPage, steps_group);
  gtk_widget_class_bind_template_child (widget_class, SeLabsPage, demo_button);
  gtk_widget_class_bind_template_child (widget_class, SeLabsPage, workspace_button);

  gtk_widget_class_install_action (widget_class, "labs.back", NULL, se_labs_page_back_action);
  gtk_widget_class_install_action (widget_class, "labs.open-workspace", NULL,
                                   se_labs_page_open_workspace_action);
  gtk_widget_class_install_action (widget_class, "labs.run-demo", NULL, se_labs_page_run_demo_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "labs.back", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
se_labs_page_init (SeLabsPage *self)
{
  g_autoptr(GError) error = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->checkers = g_ptr_array_new_with_free_func ((GDestroyNotify) se_lab_checker_free);
  self->list_rows = g_ptr_array_new ();
  self->step_rows = g_ptr_array_new ();
  self->current = -1;

  /* Built into the program and checked by the tests: a failure here is
   * a broken build, not something the user did. */
  self->labs = se_lab_load_builtin (&error);
  if (self->labs == NULL)
    {
      g_critical ("The built-in labs cannot be read: %s", error->message);
      self->labs = G_LIST_MODEL (g_list_store_new (SE_TYPE_LAB));
    }

  for (guint i = 0; i < g_list_model_get_n_items (self->labs); i++)
    {
      SeLab *lab = se_labs_page_get_lab (self, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *progress = gtk_label_new (NULL);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), se_lab_get_title (lab));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), se_lab_get_summary (lab));
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), progress);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      g_object_set_data (G_OBJECT (row), "se-progress", progress);
      g_object_set_data (G_OBJECT (row), "se-index", GUINT_TO_POINTER (i));
      g_signal_connect_object (row, "activated", G_CALLBACK (list_row_activated_cb), self,
                               G_CONNECT_SWAPPED);
      adw_preferences_group_add (self->list_group, row);

      g_ptr_array_add (self->list_rows, row);
      g_ptr_array_add (self->checkers, se_lab_checker_new (lab));
      se_labs_page_update_list_row (self, i);
    }

  se_labs_page_show_index (self, -1);
}

/* Public API */

GtkWidget *
se_labs_page_new (void)
{
  return g_object_new (SE_TYPE_LABS_PAGE, NULL);
}

void
se_labs_page_set_sources (SeLabsPage   *self,
                          SeTrafficLog *log,
                          GListModel   *listeners)
{
  g_return_if_fail (SE_IS_LABS_PAGE (self));
  g_return_if_fail (SE_IS_TRAFFIC_LOG (log));
  g_return_if_fail (G_IS_LIST_MODEL (listeners));
  g_return_if_fail (self->log == NULL);

  self->log = g_object_ref (log);
  self->listeners = g_object_ref (listeners);
  g_signal_connect_object (log, "items-changed", G_CALLBACK (log_items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (listeners, "items-changed", G_CALLBACK (listeners_items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  listeners_items_changed_cb (self, 0, 0, g_list_model_get_n_items (listeners), listeners);
  se_labs_page_check (self, TRUE);
}

gboolean
se_labs_page_show_lab (SeLabsPage *self,
                       const char *id)
{
  g_return_val_if_fail (SE_IS_LABS_PAGE (self), FALSE);

  if (id == NULL)
    {
      se_labs_page_show_index (self, -1);
      return TRUE;
    }

  for (guint i = 0; i < g_list_model_get_n_items (self->labs); i++)
    if (g_strcmp0 (se_lab_get_id (se_labs_page_get_lab (self, i)), id) == 0)
      {
        se_labs_page_show_index (self, i);
        return TRUE;
      }

  return FALSE;
}

const char *
se_labs_page_get_lab_id (SeLabsPage *self)
{
  g_return_val_if_fail (SE_IS_LABS_PAGE (self), NULL);

  if (self->current < 0)
    return NULL;

  return se_lab_get_id (se_labs_page_get_lab (self, self->current));
}

guint
se_labs_page_get_n_passed (SeLabsPage *self)
{
  g_return_val_if_fail (SE_IS_LABS_PAGE (self), 0);

  if (self->current < 0)
    return 0;

  return se_lab_checker_get_n_passed (g_ptr_array_index (self->checkers, self->current));
}
