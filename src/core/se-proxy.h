/* se-proxy.h: the base of proxies of network-thread objects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * See se-proxy-private.h.
 */
#pragma once

#include "se-network.h"

G_BEGIN_DECLS

#define SE_TYPE_PROXY (se_proxy_get_type ())

typedef struct _SeProxyLink SeProxyLink;

G_DECLARE_DERIVABLE_TYPE (SeProxy, se_proxy, SE, PROXY, GObject)

struct _SeProxyClass
{
  GObjectClass  parent_class;

  /*< private >*/
  GType         target_type;
  GParamSpec  **mirrored;      /* the target's pspecs, by the proxy's property id */
  GParamSpec  **own;           /* the proxy's copies of them, same ids */
  guint         n_mirrored;    /* ids 1 .. n_mirrored */

  /* Network thread, once per target, when its first proxy is made:
   * connect to the target's other signals, reaching the proxy through
   * the link (the proxy may die and be made again; the link stays). */
  void        (*attach)        (GObject     *target,
                                SeProxyLink *link);
};

G_END_DECLS
