/* socket-explorer-core.h: everything the GUI and the CLI use of the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "se-client.h"
#include "se-client-proxy.h"
#include "se-connection.h"
#include "se-connection-proxy.h"
#include "se-endpoint.h"
#include "se-error.h"
#include "se-event.h"
#include "se-explain.h"
#include "se-listener.h"
#include "se-listener-proxy.h"
#include "se-log-writer.h"
#include "se-macro.h"
#include "se-network.h"
#include "se-payload.h"
#include "se-peer.h"
#include "se-peer-proxy.h"
#include "se-resolver.h"
#include "se-responder.h"
#include "se-rule.h"
#include "se-saved-message.h"
#include "se-message-library.h"
#include "se-traffic-log.h"
#include "se-workspace.h"
