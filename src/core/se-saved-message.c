/* se-saved-message.c: one named message of the saved-messages library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "se-core-enums.h"
#include "se-encoding.h"
#include "se-macro.h"
#include "se-saved-message.h"

struct _SeSavedMessage
{
  GObject   parent_instance;

  char     *name;
  char     *data;
  gboolean  hex;
  SeEol     eol;
  char     *encoding;
  char     *target;
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_DATA,
  PROP_HEX,
  PROP_EOL,
  PROP_ENCODING,
  PROP_TARGET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SeSavedMessage, se_saved_message, G_TYPE_OBJECT)

static void
set_string (SeSavedMessage  *self,
            char           **field,
            const char      *value,
            guint            prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
se_saved_message_finalize (GObject *object)
{
  SeSavedMessage *self = SE_SAVED_MESSAGE (object);

  g_free (self->name);
  g_free (self->data);
  g_free (self->encoding);
  g_free (self->target);

  G_OBJECT_CLASS (se_saved_message_parent_class)->finalize (object);
}

static void
se_saved_message_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SeSavedMessage *self = SE_SAVED_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_DATA:
      g_value_set_string (value, self->data);
      break;
    case PROP_HEX:
      g_value_set_boolean (value, self->hex);
      break;
    case PROP_EOL:
      g_value_set_enum (value, self->eol);
      break;
    case PROP_ENCODING:
      g_value_set_string (value, self->encoding);
      break;
    case PROP_TARGET:
      g_value_set_string (value, self->target);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
se_saved_message_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SeSavedMessage *self = SE_SAVED_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      se_saved_message_set_name (self, g_value_get_string (value));
      break;
    case PROP_DATA:
      se_saved_message_set_data (self, g_value_get_string (value));
      break;
    case PROP_HEX:
      se_saved_message_set_hex (self, g_value_get_boolean (value));
      break;
    case PROP_EOL:
      se_saved_message_set_eol (self, g_value_get_enum (value));
      break;
    case PROP_ENCODING:
      se_saved_message_set_encoding (self, g_value_get_string (value));
      break;
    case PROP_TARGET:
      se_saved_message_set_target (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
se_saved_message_class_init (SeSavedMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = se_saved_message_finalize;
  object_class->get_property = se_saved_message_get_property;
  object_class->set_property = se_saved_message_set_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, "", flags);
  properties[PROP_DATA] = g_param_spec_string ("data", NULL, NULL, "", flags);
  properties[PROP_HEX] = g_param_spec_boolean ("hex", NULL, NULL, FALSE, flags);
  properties[PROP_EOL] = g_param_spec_enum ("eol", NULL, NULL, SE_TYPE_EOL, SE_EOL_NONE, flags);
  properties[PROP_ENCODING] = g_param_spec_string ("encoding", NULL, NULL, "utf-8", flags);
  properties[PROP_TARGET] = g_param_spec_string ("target", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
se_saved_message_init (SeSavedMessage *self)
{
  self->name = g_strdup ("");
  self->data = g_strdup ("");
  self->encoding = g_strdup ("utf-8");
}

SeSavedMessage *
se_saved_message_new (const char *name,
                      const char *data,
                      gboolean    hex,
                      SeEol       eol)
{
  SeSavedMessage *self = g_object_new (SE_TYPE_SAVED_MESSAGE, NULL);

  se_saved_message_set_name (self, name);
  se_saved_message_set_data (self, data);
  self->hex = !!hex;
  self->eol = eol;
  return self;
}

const char *
se_saved_message_get_name (SeSavedMessage *self)
{
  g_return_val_if_fail (SE_IS_SAVED_MESSAGE (self), NULL);
  return self->name;
}

void
se_saved_message_set_name (SeSavedMessage *self,
                           const char     *name)
{
  g_return_if_fail (SE_IS_SAVED_MESSAGE (self));
  set_string (self, &self->name, name != NULL ? name : "", PROP_NAME);
}

const char *
se_saved_message_get_data (SeSavedMessage *self)
{
  g_return_val_if_fail (SE_IS_SAVED_MESSAGE (self), NULL);
  return self->data;
}

void
se_saved_message_set_data (SeSavedMessage *self,
                           const char     *data)
{
  g_return_if_fail (SE_IS_SAVED_MESSAGE (self));
  set_string (self, &self->data, data != NULL ? data : "", PROP_DATA);
}

gboolean
se_saved_message_get_hex (SeSavedMessage *self)
{
  g_return_val_if_fail (SE_IS_SAVED_MESSAGE (self), FALSE);
  return self->hex;
}

void
se_saved_message_set_hex (SeSavedMessage *self,
                          gboolean        hex)
{
  g_return_if_fail (SE_IS_SAVED_MESSAGE (self));
  if (self->hex == !!hex)
    return;
  self->hex = !!hex;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEX]);
}

SeEol
se_saved_message_get_eol (SeSavedMessage *self)
{
  g_return_val_if_fail (SE_IS_SAVED_MESSAGE (self), SE_EOL_NONE);
  return self->eol;
}

void
se_saved_message_set_eol (SeSavedMessage *self,
                          SeEol           eol)
{
  g_return_if_fail (SE_IS_SAVED_MESSAGE (self));
  if (self->eol == eol)
    return;
  self->eol = eol;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EOL]);
}

const char *
se_saved_message_get_encoding (SeSavedMessage *self)
{
  g_return_val_if_fail (SE_IS_SAVED_MESSAGE (self), NULL);
  return self->encoding;
}

/* An unknown name is kept as UTF-8. */
void
se_saved_message_set_encoding (SeSavedMessage *self,
                               const char     *encoding)
{
  const SeEncoding *found;

  g_return_if_fail (SE_IS_SAVED_MESSAGE (self));
  found = se_encoding_lookup (encoding != NULL ? encoding : "utf-8", NULL);
  set_string (self, &self->encoding, found != NULL ? found->id : "utf-8", PROP_ENCODING);
}

const char *
se_saved_message_get_target (SeSavedMessage *self)
{
  g_return_val_if_fail (SE_IS_SAVED_MESSAGE (self), NULL);
  return self->target;
}

void
se_saved_message_set_target (SeSavedMessage *self,
                             const char     *target)
{
  g_return_if_fail (SE_IS_SAVED_MESSAGE (self));
  set_string (self, &self->target, target != NULL && target[0] != '\0' ? target : NULL, PROP_TARGET);
}

GBytes *
se_saved_message_expand (SeSavedMessage  *self,
                         guint64          counter,
                         GError         **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize len;
  const char *data;

  g_return_val_if_fail (SE_IS_SAVED_MESSAGE (self), NULL);

  bytes = se_macro_expand (self->data, self->hex ? SE_PAYLOAD_HEX : SE_PAYLOAD_TEXT,
                           self->eol, counter, NULL, error);
  /* As the composer does: escapes and line ending in UTF-8, then the
   * whole text into its encoding. */
  if (bytes == NULL || self->hex || g_strcmp0 (self->encoding, "utf-8") == 0)
    return g_steal_pointer (&bytes);
  data = g_bytes_get_data (bytes, &len);
  return se_encoding_encode (self->encoding, data != NULL ? data : "", len, error);
}
