/* se-saved-message.h: one named message of the saved-messages library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "se-payload.h"

G_BEGIN_DECLS

#define SE_TYPE_SAVED_MESSAGE (se_saved_message_get_type ())

G_DECLARE_FINAL_TYPE (SeSavedMessage, se_saved_message, SE, SAVED_MESSAGE, GObject)

/* data is as typed in the composer: text with escapes and macros, or hex
 * digits (hex TRUE). encoding is an se-encoding id for text ("utf-8");
 * target an endpoint ("tcp://127.0.0.1:7000") or NULL for "wherever it
 * is sent from". */
SeSavedMessage *se_saved_message_new          (const char      *name,
                                               const char      *data,
                                               gboolean         hex,
                                               SeEol            eol);
const char     *se_saved_message_get_name     (SeSavedMessage  *self);
void            se_saved_message_set_name     (SeSavedMessage  *self,
                                               const char      *name);
const char     *se_saved_message_get_data     (SeSavedMessage  *self);
void            se_saved_message_set_data     (SeSavedMessage  *self,
                                               const char      *data);
gboolean        se_saved_message_get_hex      (SeSavedMessage  *self);
void            se_saved_message_set_hex      (SeSavedMessage  *self,
                                               gboolean         hex);
SeEol           se_saved_message_get_eol      (SeSavedMessage  *self);
void            se_saved_message_set_eol      (SeSavedMessage  *self,
                                               SeEol            eol);
const char     *se_saved_message_get_encoding (SeSavedMessage  *self);
void            se_saved_message_set_encoding (SeSavedMessage  *self,
                                               const char      *encoding);
const char     *se_saved_message_get_target   (SeSavedMessage  *self);
void            se_saved_message_set_target   (SeSavedMessage  *self,
                                               const char      *target);

/* The bytes to send: macros expanded ({{counter}} = counter), escapes or
 * hex decoded, the line ending added, then text encoded. */
GBytes         *se_saved_message_expand       (SeSavedMessage  *self,
                                               guint64          counter,
                                               GError         **error);

G_END_DECLS
