/* se-rule-private.h: how connections and listeners run their rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "se-rule.h"

G_BEGIN_DECLS

/* Sends a rule's reply to peer (a datagram listener's peer, or NULL for
 * a connection's own) and, if close_after, closes: the connection or
 * listener that ran the rule says how, so that rules need know neither. */
typedef void (*SeRuleReplyFunc) (GObject    *target,
                                 const char *peer,
                                 GBytes     *reply,
                                 gboolean    close_after);

/* What a listener, client or connection keeps of rules: a new reference,
 * or NULL for none or for an empty set (which answers nothing). */
SeRuleSet *_se_rule_set_ref_if_any (SeRuleSet *rules);

/* Runs the rules on one read (a stream's recv(), or one datagram from
 * peer): if one matches, reply_func sends its reply to target, now or
 * after the rule's delay (a timeout on the thread's main context; not at
 * all if target is gone by then). counter is the {{counter}} of the
 * reply. Returns FALSE if no rule matched: the responder answers. */
gboolean _se_rule_set_answer (SeRuleSet       *self,
                              GObject         *target,
                              SeRuleReplyFunc  reply_func,
                              const char      *peer,
                              const guint8    *data,
                              gsize            len,
                              guint64          counter);

G_END_DECLS
