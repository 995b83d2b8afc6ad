/* se-sender-proxy.h: an SeSender of the network thread, seen from the GUI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "se-proxy.h"
#include "se-sender.h"

G_BEGIN_DECLS

#define SE_TYPE_SENDER_PROXY (se_sender_proxy_get_type ())

G_DECLARE_FINAL_TYPE (SeSenderProxy, se_sender_proxy, SE, SENDER_PROXY, SeProxy)

/* The sender of target, an SeClientProxy, SeConnectionProxy or
 * SeListenerProxy (peer: a datagram peer, or NULL for all): the same
 * proxy, with the same run, each time it is asked for while alive. */
SeSenderProxy *se_sender_proxy_new               (SeProxy        *target,
                                                  const char     *peer);
gboolean       se_sender_proxy_get_running       (SeSenderProxy  *self);
SeSenderMode   se_sender_proxy_get_mode          (SeSenderProxy  *self);
guint64        se_sender_proxy_get_done          (SeSenderProxy  *self);
guint64        se_sender_proxy_get_total         (SeSenderProxy  *self);
const char    *se_sender_proxy_get_name          (SeSenderProxy  *self);
const char    *se_sender_proxy_get_error_message (SeSenderProxy  *self);

/* As se_sender_start_repeat(): message is taken as it is now (do not
 * change it afterwards). */
gboolean       se_sender_proxy_start_repeat      (SeSenderProxy  *self,
                                                  SeSavedMessage *message,
                                                  guint64         first_counter,
                                                  guint           count,
                                                  guint           interval_ms,
                                                  GError        **error);
/* As se_sender_start_file(), datagrams of SE_SENDER_DATAGRAM_SIZE. */
gboolean       se_sender_proxy_start_file        (SeSenderProxy  *self,
                                                  GFile          *file,
                                                  GError        **error);
void           se_sender_proxy_stop              (SeSenderProxy  *self);

G_END_DECLS
