/* se-composer-private.h: what the composer's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * se-composer.c is the widget (text or hex, once or N times, saved
 * messages); se-composer-file.c sends a file as it is.
 */
#pragma once

#include "se-composer.h"
#include "se-message-library.h"

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
  GCancellable   *file_cancellable;  /* the file being read */

  char           *format;     /* "text" or "hex" */
  char           *encoding;   /* an se-encoding id: what text is sent in */
  GBytes         *pending;    /* what a repetition sends (without macros) */
  guint64         sent;       /* messages sent: {{counter}} is sent + 1 */
  guint           remaining;  /* messages left in the repetition */
  guint           total;      /* messages in the repetition, 0: until stopped */
  guint           repeat_sent; /* messages of the repetition sent so far */
  guint           repeat_id;  /* the timer, only while repeating */
  gboolean        can_send;
  gboolean        valid;      /* the entry decodes to at least one byte */
};

/* se-composer-file.c: the composer.send-file action */
void _se_composer_send_file_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter);

G_END_DECLS
