/* se-composer-private.h: the composer's fields, for its own files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "se-composer.h"
#include "se-message-library.h"
#include "se-send-progress.h"

G_BEGIN_DECLS

struct _SeComposer
{
  GtkWidget       parent_instance;

  GtkEntry       *entry;
  GtkDropDown    *eol_dropdown;
  GtkDropDown    *encoding_dropdown;
  GtkSpinButton  *count_spin;
  GtkSpinButton  *interval_spin;
  GtkCheckButton *sendall_check;
  GtkLabel       *message_label;
  GtkStack       *send_stack;
  GtkMenuButton  *saved_button;
  SeMessageLibrary *library;  /* the window's saved messages */
  GtkNativeDialog *file_chooser;  /* Send File…, while open */
  SeSendProgress *progress;
  SeSenderProxy  *sender;     /* the core's sender of the current target:
                               * repetitions and files run there */
  gboolean        running;    /* sender's run, as last seen */

  char           *format;     /* "text" or "hex" */
  char           *encoding;   /* an se-encoding id: what text is sent in */
  guint64         sent;       /* messages sent: {{counter}} is sent + 1 */
  gboolean        can_send;
  gboolean        valid;      /* the entry decodes to at least one byte */
};

/* The line endings of the drop-down, in its order */
extern const SeEol _se_composer_eols[3];
SePayloadFormat _se_composer_get_payload_format (SeComposer *self);
SeEol           _se_composer_get_eol            (SeComposer *self);

G_END_DECLS
