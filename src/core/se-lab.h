/* se-lab.h: a guided lesson: steps, each with a text and a check on the traffic log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "se-traffic-log.h"
#include "se-workspace.h"

G_BEGIN_DECLS

#define SE_LAB_RESOURCE_PATH "/io/github/socketexplorer/SocketExplorer/labs/"

#define SE_TYPE_LAB (se_lab_get_type ())

G_DECLARE_FINAL_TYPE (SeLab, se_lab, SE, LAB, GObject)

/* Parses one lab file (data/labs/NN-ID.json; the format is described in
 * se-lab.c). Every check is validated: an unknown member is an error. */
SeLab       *se_lab_new_from_data        (const char  *data,
                                          gssize       length,
                                          GError     **error);
/* The built-in labs, in the order of their file names (SeLab items). */
GListModel  *se_lab_load_builtin         (GError     **error);

const char  *se_lab_get_id               (SeLab       *self);
/* Translated, through gettext */
const char  *se_lab_get_title            (SeLab       *self);
const char  *se_lab_get_summary          (SeLab       *self);
/* "boundaries" when the lab has a one-click demonstration, or NULL */
const char  *se_lab_get_demo             (SeLab       *self);
guint        se_lab_get_n_steps          (SeLab       *self);
const char  *se_lab_get_step_text        (SeLab       *self,
                                          guint        step);
JsonObject  *se_lab_get_step_check       (SeLab       *self,
                                          guint        step);
/* The actions that do the step, for a test to replay (nullable) */
JsonArray   *se_lab_get_step_replay      (SeLab       *self,
                                          guint        step);
/* A new copy of the lab's ready workspace, or NULL if it has none. */
SeWorkspace *se_lab_dup_workspace        (SeLab       *self);
/* Every translatable string of the lab, untranslated (for tests). */
GPtrArray   *se_lab_get_msgids           (SeLab       *self);

G_END_DECLS
