/* se-saved-messages-popover.h: the composer's list of saved messages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "se-message-library.h"

G_BEGIN_DECLS

#define SE_TYPE_SAVED_MESSAGES_POPOVER (se_saved_messages_popover_get_type ())

G_DECLARE_FINAL_TYPE (SeSavedMessagesPopover, se_saved_messages_popover, SE, SAVED_MESSAGES_POPOVER, GtkPopover)

/* ::send (SeSavedMessage *message) when a row is clicked;
 * ::edit (SeSavedMessage *message) for its "load into the composer". */
GtkWidget        *se_saved_messages_popover_new        (SeMessageLibrary *library);

/* The window's library, shared by every composer: kept in the user's
 * data dir (se_message_library_dup_default_file()), made on first use. A
 * file that could not be read is said once, near widget if it is in a
 * window, or else when a saved-messages list is first opened. */
SeMessageLibrary *se_saved_messages_get_library        (GtkWidget        *widget);

/* Writes the library's pending change now, if it was ever used. */
void              se_saved_messages_flush              (void);

G_END_DECLS
