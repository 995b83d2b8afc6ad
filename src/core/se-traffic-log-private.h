/* se-traffic-log-private.h: what the log's export needs of it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "se-log-store-private.h"
#include "se-traffic-log.h"

G_BEGIN_DECLS

/* A snapshot of the events in the log now (under its lock), for a
 * writer on any thread. */
SeLogSnapshot *_se_traffic_log_snapshot (SeTrafficLog *self);

G_END_DECLS
