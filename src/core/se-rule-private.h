/* se-rule-private.h: how connections and listeners run their rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "se-connection.h"
#include "se-listener.h"
#include "se-rule.h"

G_BEGIN_DECLS

/* Runs the rules on one read of a stream connection: if one matches, its
 * reply is sent (now, or after its delay from a timeout on the thread's
 * main context) and the connection closed after it if the rule says so.
 * Returns FALSE if no rule matched: the responder answers. */
gboolean _se_rule_set_answer          (SeRuleSet    *self,
                                       SeConnection *connection,
                                       const guint8 *data,
                                       gsize         len);
/* The same for one datagram from peer (its address as text) of a
 * datagram listener; counter is that peer's {{counter}}. */
gboolean _se_rule_set_answer_datagram (SeRuleSet    *self,
                                       SeListener   *listener,
                                       const char   *peer,
                                       const guint8 *data,
                                       gsize         len,
                                       guint64       counter);

G_END_DECLS
