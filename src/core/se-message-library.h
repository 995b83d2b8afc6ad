/* se-message-library.h: the saved messages, a list kept in a JSON file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "se-saved-message.h"
#include "se-workspace.h"

G_BEGIN_DECLS

#define SE_MESSAGE_LIBRARY_FORMAT "socket-explorer-messages"
#define SE_MESSAGE_LIBRARY_VERSION 1

#define SE_TYPE_MESSAGE_LIBRARY (se_message_library_get_type ())

/* A GListModel of SeSavedMessage. With a file, every change (an item
 * added, removed, moved or edited) is written to it, atomically, from a
 * worker thread. */
G_DECLARE_FINAL_TYPE (SeMessageLibrary, se_message_library, SE, MESSAGE_LIBRARY, GObject)

/* An empty library, kept in memory only. */
SeMessageLibrary *se_message_library_new          (void);
/* The library kept in file: read from it if it exists (the shipped
 * messages if it does not); a file that cannot be read sets error and
 * leaves the library with the shipped messages, not saving over the
 * file until something changes. */
SeMessageLibrary *se_message_library_new_for_file (GFile             *file,
                                                   GError           **error);
/* g_get_user_data_dir()/socket-explorer/messages.json */
GFile            *se_message_library_dup_default_file (void);

void              se_message_library_add          (SeMessageLibrary  *self,
                                                   SeSavedMessage    *message);
void              se_message_library_remove       (SeMessageLibrary  *self,
                                                   guint              position);
void              se_message_library_clear        (SeMessageLibrary  *self);
/* The first message called name, or NULL. */
SeSavedMessage   *se_message_library_find         (SeMessageLibrary  *self,
                                                   const char        *name);
/* A name not yet in the library: base, or “base 2”, “base 3”… */
char             *se_message_library_unique_name  (SeMessageLibrary  *self,
                                                   const char        *base);
/* The shipped messages: an HTTP/1.1 GET with a Host header, a gopher
 * selector, an SMTP exchange, a POP3 exchange. */
void              se_message_library_add_defaults (SeMessageLibrary  *self);

/* JSON: { "format": "socket-explorer-messages", "version": 1,
 * "messages": [ … ] } (docs/messages-format.md). A workspace's
 * "messages" are read too. Import appends; a message with the same
 * name and contents as one already there is skipped. Returns how many
 * were added, or -1 with error (nothing added). */
int               se_message_library_import_data  (SeMessageLibrary  *self,
                                                   const char        *data,
                                                   gssize             length,
                                                   GError           **error);
int               se_message_library_import_file  (SeMessageLibrary  *self,
                                                   GFile             *file,
                                                   GError           **error);
char             *se_message_library_to_data      (SeMessageLibrary  *self,
                                                   gsize             *length);
/* Written to a temporary file next to file and renamed over it. */
gboolean          se_message_library_export_file  (SeMessageLibrary  *self,
                                                   GFile             *file,
                                                   GError           **error);
/* Writes the library's file now if a change is not written yet (tests,
 * quitting); nothing if there is none. */
void              se_message_library_flush        (SeMessageLibrary  *self);

/* Workspaces: their messages into the library (as import does), and the
 * library's messages into a workspace. */
guint             se_message_library_add_from_workspace (SeMessageLibrary *self,
                                                         SeWorkspace      *workspace);
void              se_message_library_fill_workspace     (SeMessageLibrary *self,
                                                         SeWorkspace      *workspace);

G_END_DECLS
