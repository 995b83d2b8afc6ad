/* se-rules-editor.h: edit an ordered list of match-and-reply rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "se-rule.h"

G_BEGIN_DECLS

#define SE_TYPE_RULES_EDITOR (se_rules_editor_get_type ())

/* An AdwPreferencesGroup: "Add Rule" in its header, one row per rule
 * (type, match, reply, delay, close after, remove), a rule that does not
 * compile said under it. ::valid is FALSE while one does not. */
G_DECLARE_FINAL_TYPE (SeRulesEditor, se_rules_editor, SE, RULES_EDITOR, AdwPreferencesGroup)

GtkWidget *se_rules_editor_new       (void);
gboolean   se_rules_editor_get_valid (SeRulesEditor *self);
guint      se_rules_editor_get_n_rules (SeRulesEditor *self);
/* The rules as they are now, NULL for none (or if one is not valid). */
SeRuleSet *se_rules_editor_dup_rules (SeRulesEditor *self);
/* Adds a row with these values (the "Add Rule" button adds an empty
 * prefix rule). */
void       se_rules_editor_add_rule  (SeRulesEditor *self,
                                      SeRuleKind     kind,
                                      const char    *match,
                                      const char    *reply,
                                      guint          delay_ms,
                                      gboolean       close_after);

G_END_DECLS
