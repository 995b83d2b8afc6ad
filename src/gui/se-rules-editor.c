/* se-rules-editor.c: edit an ordered list of match-and-reply rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each row keeps its widgets and the rule they make (compiled as the user
 * types, with se_rule_new(), so a bad pattern is said at once, under the
 * row, and the dialog's Start stays off).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "se-rules-editor.h"

typedef struct
{
  GtkWidget   *row;
  GtkDropDown *kind;
  GtkEditable *match;
  GtkEditable *reply;
  GtkSpinButton *delay;
  GtkCheckButton *close_after;
  GtkLabel    *error;
  SeRule      *rule;   /* NULL while not valid */
} RuleRow;

struct _SeRulesEditor
{
  AdwPreferencesGroup parent_instance;

  GPtrArray *rows;   /* RuleRow, in order */
  gboolean   valid;
};

enum {
  PROP_0,
  PROP_VALID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SeRulesEditor, se_rules_editor, ADW_TYPE_PREFERENCES_GROUP)

static void
rule_row_free (gpointer data)
{
  RuleRow *row = data;

  g_clear_pointer (&row->rule, se_rule_unref);
  g_free (row);
}

static void
update_valid (SeRulesEditor *self)
{
  gboolean valid = TRUE;

  for (guint i = 0; i < self->rows->len; i++)
    valid &= ((RuleRow *) g_ptr_array_index (self->rows, i))->rule != NULL;
  if (self->valid == valid)
    return;
  self->valid = valid;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
}

static void
rule_changed_cb (SeRulesEditor *self,
                 GtkWidget     *widget)
{
  RuleRow *row = g_object_get_data (G_OBJECT (widget), "se-rule-row");
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&row->rule, se_rule_unref);
  /* An empty prefix would answer everything: say so rather than guess. */
  if (gtk_editable_get_text (row->match)[0] == '\0')
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         _("Type what to match (a regex such as . matches anything)."));
  else
    row->rule = se_rule_new (gtk_drop_down_get_selected (row->kind),
                           gtk_editable_get_text (row->match),
                           gtk_editable_get_text (row->reply),
                           gtk_spin_button_get_value_as_int (row->delay),
                           gtk_check_button_get_active (row->close_after),
                           &error);
  gtk_label_set_text (row->error, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (row->error), error != NULL);
  if (error != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (row->match), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row->match), "error");
  update_valid (self);
}

static void
remove_clicked_cb (SeRulesEditor *self,
                   GtkButton     *button)
{
  RuleRow *row = g_object_get_data (G_OBJECT (button), "se-rule-row");

  adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), row->row);
  g_ptr_array_remove (self->rows, row);
  update_valid (self);
}

static GtkWidget *
labelled (const char *text,
          GtkWidget  *widget)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new_with_mnemonic (text);

  gtk_label_set_mnemonic_widget (GTK_LABEL (label), widget);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), widget);
  return box;
}

void
se_rules_editor_add_rule (SeRulesEditor *self,
                          SeRuleKind     kind,
                          const char    *match,
                          const char    *reply,
                          guint          delay_ms,
                          gboolean       close_after)
{
  static const char * const kinds[] = { N_("Exact"), N_("Prefix"), N_("Contains"), N_("Regex"), NULL };
  g_autoptr(GtkStringList) kind_model = gtk_string_list_new (NULL);
  RuleRow *row = g_new0 (RuleRow, 1);
  GtkWidget *box, *line, *button;

  g_return_if_fail (SE_IS_RULES_EDITOR (self));

  for (guint i = 0; kinds[i] != NULL; i++)
    gtk_string_list_append (kind_model, _(kinds[i]));

  row->row = adw_preferences_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row->row), FALSE);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);

  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  row->kind = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&kind_model)), NULL));
  gtk_drop_down_set_selected (row->kind, kind);
  gtk_widget_set_tooltip_text (GTK_WIDGET (row->kind),
                               _("Exact: the whole chunk received; Prefix: how it starts; Contains: anywhere in it; Regex: a regular expression, its groups as \\1…\\9 in the reply"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->kind), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Rule type"), -1);
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (row->kind));
  row->match = GTK_EDITABLE (gtk_entry_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (row->match), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (row->match), _("What to match, e.g. GET (\\S+)"));
  gtk_widget_add_css_class (GTK_WIDGET (row->match), "payload");
  gtk_editable_set_text (row->match, match);
  gtk_box_append (GTK_BOX (line), labelled (_("_Match"), GTK_WIDGET (row->match)));
  gtk_widget_set_hexpand (gtk_widget_get_last_child (line), TRUE);
  button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_tooltip_text (button, _("Remove this rule"));
  gtk_widget_add_css_class (button, "flat");
  gtk_box_append (GTK_BOX (line), button);
  gtk_box_append (GTK_BOX (box), line);

  row->reply = GTK_EDITABLE (gtk_entry_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (row->reply), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (row->reply), _("The reply, e.g. you asked for \\1\\r\\n"));
  gtk_widget_add_css_class (GTK_WIDGET (row->reply), "payload");
  gtk_editable_set_text (row->reply, reply);
  line = labelled (_("_Reply"), GTK_WIDGET (row->reply));
  gtk_box_append (GTK_BOX (box), line);

  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  row->delay = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, 3600000, 100));
  gtk_spin_button_set_value (row->delay, delay_ms);
  gtk_box_append (GTK_BOX (line), labelled (_("_Delay (ms)"), GTK_WIDGET (row->delay)));
  row->close_after = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("_Close after the reply")));
  gtk_check_button_set_active (row->close_after, close_after);
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (row->close_after));
  gtk_box_append (GTK_BOX (box), line);

  row->error = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (row->error, 0);
  gtk_label_set_wrap (row->error, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (row->error), "error");
  gtk_widget_add_css_class (GTK_WIDGET (row->error), "caption");
  gtk_widget_set_visible (GTK_WIDGET (row->error), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->error));

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row->row), box);

  g_object_set_data (G_OBJECT (row->kind), "se-rule-row", row);
  g_object_set_data (G_OBJECT (row->match), "se-rule-row", row);
  g_object_set_data (G_OBJECT (row->reply), "se-rule-row", row);
  g_object_set_data (G_OBJECT (row->delay), "se-rule-row", row);
  g_object_set_data (G_OBJECT (row->close_after), "se-rule-row", row);
  g_object_set_data (G_OBJECT (button), "se-rule-row", row);
  g_signal_connect_object (row->kind, "notify::selected", G_CALLBACK (rule_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row->match, "changed", G_CALLBACK (rule_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row->reply, "changed", G_CALLBACK (rule_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row->delay, "value-changed", G_CALLBACK (rule_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row->close_after, "toggled", G_CALLBACK (rule_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (button, "clicked", G_CALLBACK (remove_clicked_cb), self, G_CONNECT_SWAPPED);

  g_ptr_array_add (self->rows, row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row->row);
  rule_changed_cb (self, GTK_WIDGET (row->match));
}

static void
add_rule_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SeRulesEditor *self = SE_RULES_EDITOR (widget);
  RuleRow *row;

  se_rules_editor_add_rule (self, SE_RULE_PREFIX, "", "", 0, FALSE);
  row = g_ptr_array_index (self->rows, self->rows->len - 1);
  gtk_widget_grab_focus (GTK_WIDGET (row->match));
}

static void
se_rules_editor_finalize (GObject *object)
{
  SeRulesEditor *self = SE_RULES_EDITOR (object);

  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (se_rules_editor_parent_class)->finalize (object);
}

static void
se_rules_editor_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SeRulesEditor *self = SE_RULES_EDITOR (object);

  switch (prop_id)
    {
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
se_rules_editor_class_init (SeRulesEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = se_rules_editor_finalize;
  object_class->get_property = se_rules_editor_get_property;

  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "rules.add", NULL, add_rule_action);
}

static void
se_rules_editor_init (SeRulesEditor *self)
{
  GtkWidget *button;

  self->rows = g_ptr_array_new_with_free_func (rule_row_free);
  self->valid = TRUE;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Match-and-Reply Rules"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                         _("Tried in order on each chunk received; the first that matches answers instead of the responder. Replies take \\r \\n \\xHH, \\1…\\9 and macros such as {{counter}}."));
  button = gtk_button_new_with_mnemonic (_("_Add Rule"));
  gtk_widget_set_name (button, "rules-add");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "rules.add");
  gtk_widget_add_css_class (button, "flat");
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (self), button);
}

GtkWidget *
se_rules_editor_new (void)
{
  return g_object_new (SE_TYPE_RULES_EDITOR, NULL);
}

gboolean
se_rules_editor_get_valid (SeRulesEditor *self)
{
  g_return_val_if_fail (SE_IS_RULES_EDITOR (self), FALSE);
  return self->valid;
}

guint
se_rules_editor_get_n_rules (SeRulesEditor *self)
{
  g_return_val_if_fail (SE_IS_RULES_EDITOR (self), 0);
  return self->rows->len;
}

SeRuleSet *
se_rules_editor_dup_rules (SeRulesEditor *self)
{
  g_autoptr(GPtrArray) rules = g_ptr_array_new ();

  g_return_val_if_fail (SE_IS_RULES_EDITOR (self), NULL);

  if (!self->valid || self->rows->len == 0)
    return NULL;
  for (guint i = 0; i < self->rows->len; i++)
    g_ptr_array_add (rules, ((RuleRow *) g_ptr_array_index (self->rows, i))->rule);
  return se_rule_set_new (rules);
}
