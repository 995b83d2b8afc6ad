/* se-json.c: the one way the project writes JSON (over json-glib)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "se-json.h"

/* Freed when their thread ends. */
static GPrivate thread_generator = G_PRIVATE_INIT (g_object_unref);
static GPrivate thread_builder = G_PRIVATE_INIT (g_object_unref);

void
se_json_builder_add_string (JsonBuilder *builder,
                            const char  *text)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));

  if (text == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  /* Valid text (nearly all of it) is not copied an extra time. */
  if (g_utf8_validate (text, -1, NULL))
    {
      json_builder_add_string_value (builder, text);
    }
  else
    {
      g_autofree char *valid = g_utf8_make_valid (text, -1);

      json_builder_add_string_value (builder, valid);
    }
}

void
se_json_builder_add_member_string (JsonBuilder *builder,
                                   const char  *name,
                                   const char  *text)
{
  json_builder_set_member_name (builder, name);
  se_json_builder_add_string (builder, text);
}

void
se_json_builder_add_member_strv (JsonBuilder  *builder,
                                 const char   *name,
                                 char        **strv)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    se_json_builder_add_string (builder, strv[i]);
  json_builder_end_array (builder);
}

void
se_json_builder_add_member_int (JsonBuilder *builder,
                                const char  *name,
                                gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

void
se_json_builder_append (JsonBuilder *builder,
                        GString     *out)
{
  g_autoptr(JsonNode) root = NULL;
  JsonGenerator *generator;

  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (out != NULL);

  root = json_builder_get_root (builder);
  g_return_if_fail (root != NULL);

  /* Not pretty: one object per line is what JSON Lines and the CLI's
   * line-by-line readers need. One generator per thread, kept: a log
   * written as JSON Lines makes one object per event. */
  generator = g_private_get (&thread_generator);
  if (generator == NULL)
    {
      generator = json_generator_new ();
      g_private_set (&thread_generator, generator);
    }
  json_generator_set_root (generator, root);
  json_generator_to_gstring (generator, out);
  json_generator_set_root (generator, NULL);
}

JsonBuilder *
se_json_thread_builder (void)
{
  JsonBuilder *builder = g_private_get (&thread_builder);

  if (builder == NULL)
    {
      builder = json_builder_new ();
      g_private_set (&thread_builder, builder);
    }
  json_builder_reset (builder);

  return builder;
}

char *
se_json_builder_to_string (JsonBuilder *builder)
{
  GString *out = g_string_new (NULL);

  se_json_builder_append (builder, out);

  return g_string_free (out, FALSE);
}

void
se_json_append_count (GString    *out,
                      const char *name,
                      guint64     value)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  /* JSON numbers from json-glib are gint64; a count never gets near. */
  se_json_builder_add_member_int (builder, name, (gint64) MIN (value, (guint64) G_MAXINT64));
  json_builder_end_object (builder);
  se_json_builder_append (builder, out);
}
