/* se-lab.c: a guided lesson: steps, each with a text and a check on the traffic log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Labs are data, not code: one JSON file per lab in data/labs/, compiled
 * into the core's resources, so that the window, the CLI and the tests
 * read the same lessons.
 *
 *   { "id": "tcp-server",
 *     "title": "…", "summary": "…",           translatable
 *     "demo": "boundaries",                    optional one-click demo
 *     "workspace": { … a workspace file … },   optional, opened by a button
 *     "steps": [ { "text": "…",                translatable
 *                  "check": { "event": "listen", "protocol": "tcp" },
 *                  "replay": [ { "listen": "tcp://127.0.0.1:0", … } ] } ] }
 *
 * The check language is evaluated in se-lab-check.c, and only there. The
 * replay actions are what a test does to pass the step (tests/test-labs.c).
 *
 * The translatable strings also live in se-lab-strings.c, generated from
 * the JSON by data/labs/update-strings.py, so that xgettext finds them;
 * a test fails when the two differ.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "se-error.h"
#include "se-lab.h"
#include "se-lab-private.h"
#include "se-lab-resources.h"

typedef struct
{
  char       *text;
  JsonObject *check;
  JsonArray  *replay;   /* nullable */
} Step;

struct _SeLab
{
  GObject    parent_instance;

  char      *id;
  char      *title;
  char      *summary;
  char      *demo;
  char      *workspace;  /* the workspace object as JSON text, or NULL */
  GArray    *steps;      /* Step */
};

G_DEFINE_FINAL_TYPE (SeLab, se_lab, G_TYPE_OBJECT)

static void
step_clear (gpointer data)
{
  Step *step = data;

  g_clear_pointer (&step->text, g_free);
  g_clear_pointer (&step->check, json_object_unref);
  g_clear_pointer (&step->replay, json_array_unref);
}

static const char *
member_string (JsonObject  *object,
               const char  *name,
               gboolean     required,
               GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL && !required)
    return NULL;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING
      || *json_node_get_string (node) == '\0')
    {
      g_set_error (error, SE_ERROR, SE_ERROR_FAILED,
                   "lab: “%s” must be a non-empty string", name);
      return NULL;
    }

  return json_node_get_string (node);
}

static gboolean
se_lab_parse_step (SeLab       *self,
                   JsonNode    *node,
                   guint        index,
                   GError     **error)
{
  JsonObject *object;
  JsonNode *check, *replay;
  const char *text;
  Step step = { 0 };

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, SE_ERROR, SE_ERROR_FAILED, "lab %s: step %u is not an object",
                   self->id, index + 1);
      return FALSE;
    }

  object = json_node_get_object (node);
  if ((text = member_string (object, "text", TRUE, error)) == NULL)
    return FALSE;

  check = json_object_get_member (object, "check");
  if (check == NULL || !JSON_NODE_HOLDS_OBJECT (check)
      || !_se_lab_check_validate (json_node_get_object (check), error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, SE_ERROR, SE_ERROR_FAILED, "lab %s: step %u has no check",
                     self->id, index + 1);
      g_prefix_error (error, "lab %s, step %u: ", self->id, index + 1);
      return FALSE;
    }

  replay = json_object_get_member (object, "replay");
  if (replay != NULL && !JSON_NODE_HOLDS_ARRAY (replay))
    {
      g_set_error (error, SE_ERROR, SE_ERROR_FAILED, "lab %s: step %u: “replay” is not a list",
                   self->id, index + 1);
      return FALSE;
    }

  step.text = g_strdup (text);
  step.check = json_object_ref (json_node_get_object (check));
  step.replay = replay != NULL ? json_array_ref (json_node_get_array (replay)) : NULL;
  g_array_append_val (self->steps, step);
  return TRUE;
}

static void
se_lab_finalize (GObject *object)
{
  SeLab *self = SE_LAB (object);

  g_free (self->id);
  g_free (self->title);
  g_free (self->summary);
  g_free (self->demo);
  g_free (self->workspace);
  g_array_unref (self->steps);

  G_OBJECT_CLASS (se_lab_parent_class)->finalize (object);
}

static void
se_lab_class_init (SeLabClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = se_lab_finalize;
}

static void
se_lab_init (SeLab *self)
{
  self->steps = g_array_new (FALSE, TRUE, sizeof (Step));
  g_array_set_clear_func (self->steps, step_clear);
}

SeLab *
se_lab_new_from_data (const char  *data,
                      gssize       length,
                      GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(SeLab) self = NULL;
  JsonObject *root;
  JsonNode *steps, *workspace;
  const char *text;

  g_return_val_if_fail (data != NULL, NULL);

  if (!json_parser_load_from_data (parser, data, length, error))
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, SE_ERROR, SE_ERROR_FAILED, "lab: not a JSON object");
      return NULL;
    }

  root = json_node_get_object (json_parser_get_root (parser));
  self = g_object_new (SE_TYPE_LAB, NULL);

  if ((text = member_string (root, "id", TRUE, error)) == NULL)
    return NULL;
  self->id = g_strdup (text);
  if ((text = member_string (root, "title", TRUE, error)) == NULL)
    return NULL;
  self->title = g_strdup (text);
  if ((text = member_string (root, "summary", TRUE, error)) == NULL)
    return NULL;
  self->summary = g_strdup (text);
  if (json_object_has_member (root, "demo"))
    {
      if ((text = member_string (root, "demo", TRUE, error)) == NULL)
        return NULL;
      self->demo = g_strdup (text);
    }

  workspace = json_object_get_member (root, "workspace");
  if (workspace != NULL)
    {
      g_autoptr(SeWorkspace) parsed = NULL;

      self->workspace = json_to_string (workspace, FALSE);
      /* Refused now rather than when a student presses the button */
      parsed = se_workspace_new_from_data (self->workspace, -1, error);
      if (parsed == NULL)
        {
          g_prefix_error (error, "lab %s: ", self->id);
          return NULL;
        }
    }

  steps = json_object_get_member (root, "steps");
  if (steps == NULL || !JSON_NODE_HOLDS_ARRAY (steps)
      || json_array_get_length (json_node_get_array (steps)) == 0)
    {
      g_set_error (error, SE_ERROR, SE_ERROR_FAILED, "lab %s: no steps", self->id);
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (json_node_get_array (steps)); i++)
    if (!se_lab_parse_step (self, json_array_get_element (json_node_get_array (steps), i),
                            i, error))
      return NULL;

  /* "after" names an earlier step */
  for (guint i = 0; i < self->steps->len; i++)
    {
      Step *step = &g_array_index (self->steps, Step, i);

      if (json_object_has_member (step->check, "after")
          && json_object_get_int_member (step->check, "after") >= i)
        {
          g_set_error (error, SE_ERROR, SE_ERROR_FAILED,
                       "lab %s, step %u: “after” must name an earlier step", self->id, i + 1);
          return NULL;
        }
    }

  return g_steal_pointer (&self);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char **) a, *(char **) b);
}

GListModel *
se_lab_load_builtin (GError **error)
{
  g_autoptr(GListStore) labs = g_list_store_new (SE_TYPE_LAB);
  g_auto(GStrv) names = NULL;
  GResource *resource = se_lab_resources_get_resource ();

  names = g_resource_enumerate_children (resource, SE_LAB_RESOURCE_PATH, 0, error);
  if (names == NULL)
    return NULL;

  qsort (names, g_strv_length (names), sizeof (char *), compare_names);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(SeLab) lab = NULL;
      gsize size;
      const char *data;

      if (!g_str_has_suffix (names[i], ".json"))
        continue;

      path = g_strconcat (SE_LAB_RESOURCE_PATH, names[i], NULL);
      bytes = g_resource_lookup_data (resource, path, 0, error);
      if (bytes == NULL)
        return NULL;

      data = g_bytes_get_data (bytes, &size);
      lab = se_lab_new_from_data (data, size, error);
      if (lab == NULL)
        return NULL;
      g_list_store_append (labs, lab);
    }

  return G_LIST_MODEL (g_steal_pointer (&labs));
}

const char *
se_lab_get_id (SeLab *self)
{
  g_return_val_if_fail (SE_IS_LAB (self), NULL);
  return self->id;
}

const char *
se_lab_get_title (SeLab *self)
{
  g_return_val_if_fail (SE_IS_LAB (self), NULL);
  return _(self->title);
}

const char *
se_lab_get_summary (SeLab *self)
{
  g_return_val_if_fail (SE_IS_LAB (self), NULL);
  return _(self->summary);
}

const char *
se_lab_get_demo (SeLab *self)
{
  g_return_val_if_fail (SE_IS_LAB (self), NULL);
  return self->demo;
}

guint
se_lab_get_n_steps (SeLab *self)
{
  g_return_val_if_fail (SE_IS_LAB (self), 0);
  return self->steps->len;
}

const char *
se_lab_get_step_text (SeLab *self,
                      guint  step)
{
  g_return_val_if_fail (SE_IS_LAB (self), NULL);
  g_return_val_if_fail (step < self->steps->len, NULL);
  return _(g_array_index (self->steps, Step, step).text);
}

JsonObject *
se_lab_get_step_check (SeLab *self,
                       guint  step)
{
  g_return_val_if_fail (SE_IS_LAB (self), NULL);
  g_return_val_if_fail (step < self->steps->len, NULL);
  return g_array_index (self->steps, Step, step).check;
}

JsonArray *
se_lab_get_step_replay (SeLab *self,
                        guint  step)
{
  g_return_val_if_fail (SE_IS_LAB (self), NULL);
  g_return_val_if_fail (step < self->steps->len, NULL);
  return g_array_index (self->steps, Step, step).replay;
}

SeWorkspace *
se_lab_dup_workspace (SeLab *self)
{
  g_return_val_if_fail (SE_IS_LAB (self), NULL);

  if (self->workspace == NULL)
    return NULL;

  /* Checked when the lab was read */
  return se_workspace_new_from_data (self->workspace, -1, NULL);
}

GPtrArray *
se_lab_get_msgids (SeLab *self)
{
  GPtrArray *msgids;

  g_return_val_if_fail (SE_IS_LAB (self), NULL);

  msgids = g_ptr_array_new ();
  g_ptr_array_add (msgids, self->title);
  g_ptr_array_add (msgids, self->summary);
  for (guint i = 0; i < self->steps->len; i++)
    g_ptr_array_add (msgids, g_array_index (self->steps, Step, i).text);

  return msgids;
}
