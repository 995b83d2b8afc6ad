/* se-log-writer-private.h: what the traffic log needs of the writers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "se-log-writer.h"

G_BEGIN_DECLS

/* "12345 earlier events dropped", translated, without a newline. */
char *_se_log_writer_format_dropped (guint64 n_dropped);

G_END_DECLS
