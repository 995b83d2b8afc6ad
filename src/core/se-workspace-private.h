/* se-workspace-private.h: what the message library needs of workspaces
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "se-workspace.h"

G_BEGIN_DECLS

/* As se_workspace_new_from_data(); with messages_file, a saved-messages
 * file ("format": "socket-explorer-messages") is read as well. */
SeWorkspace *_se_workspace_new_from_data_full (const char  *data,
                                               gssize       length,
                                               gboolean     messages_file,
                                               GError     **error);

G_END_DECLS
