/* se-workspace.h: a prepared demo: listeners, clients, saved messages, filters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "se-client-proxy.h"
#include "se-listener.h"
#include "se-listener-proxy.h"
#include "se-payload.h"
#include "se-traffic-log.h"

G_BEGIN_DECLS

#define SE_WORKSPACE_FORMAT  "socket-explorer-workspace"
#define SE_WORKSPACE_VERSION 1
#define SE_WORKSPACE_MIME_TYPE "application/x-socket-explorer-workspace"

/* One listener of a workspace, as the user set it up (endpoint and
 * responder in the CLI's notation: "tcp://127.0.0.1:0", "greeting=Hi"). */
typedef struct
{
  char  *endpoint;
  char  *responder;
  guint  backlog;
  guint  max_connections;
  guint  idle_timeout;
  guint  receive_buffer;
  guint  read_size;         /* recv(bufsize), 1 to 65536 */
  char  *encoding;          /* text encoding of its page, e.g. "utf-8" */
  char  *relay_to;          /* a relay's target endpoint, or NULL (se-relay.h) */
  guint  relay_idle_timeout_ms;  /* a datagram relay's session idle timeout */
  SeRuleSet *rules;         /* match-and-reply rules, NULL for none */
  char  *tls_cert;          /* tls://: PEM files, NULL for a self-signed certificate */
  char  *tls_key;
} SeWorkspaceListener;

typedef struct
{
  char  *endpoint;
  guint  connect_timeout;   /* ms */
  guint  read_size;         /* recv(bufsize), 1 to 65536 */
  gboolean nodelay;         /* TCP_NODELAY */
  char  *encoding;
  SeRuleSet *rules;         /* rules for what the server sends, NULL for none */
  /* Auto-send set up in its composer (not started on open): the message
   * as typed, sent count times (0: until stopped) every interval ms;
   * auto_send_data NULL: none. Its encoding is the client's. */
  char  *auto_send_data;
  gboolean auto_send_hex;
  SeEol  auto_send_eol;
  guint  auto_send_count;
  guint  auto_send_interval;
  gboolean tls_insecure;    /* tls://: accept any certificate */
  char  *tls_pin;           /* tls://: a pinned SHA-256 fingerprint, or NULL */
  char  *tls_ca_file;       /* tls://: authorities to check against, NULL: the system's */
} SeWorkspaceClient;

typedef struct
{
  char     *name;
  char     *data;           /* as typed: text with escapes, or hex */
  gboolean  hex;
  SeEol     eol;
  char     *encoding;       /* text: an se-encoding id, NULL for utf-8 */
  char     *target;         /* an endpoint, or NULL */
} SeWorkspaceMessage;

#define SE_TYPE_WORKSPACE (se_workspace_get_type ())

G_DECLARE_FINAL_TYPE (SeWorkspace, se_workspace, SE, WORKSPACE, GObject)

SeWorkspace *se_workspace_new               (void);
/* Parses a workspace; on error nothing is returned and the message names
 * the line (and the item) at fault. Unknown members are ignored, so that
 * a newer file still opens; a newer version is refused. */
SeWorkspace *se_workspace_new_from_data     (const char    *data,
                                             gssize         length,
                                             GError       **error);
SeWorkspace *se_workspace_new_from_file     (GFile         *file,
                                             GCancellable  *cancellable,
                                             GError       **error);
char        *se_workspace_to_data           (SeWorkspace   *self,
                                             gsize         *length);
/* Written to a private (0600) temporary file next to file and renamed
 * over it: a failure leaves file as it was, a symbolic link is replaced. */
gboolean     se_workspace_save_file         (SeWorkspace   *self,
                                             GFile         *file,
                                             GCancellable  *cancellable,
                                             GError       **error);

/* (element-type SeWorkspaceListener) etc.; the arrays own their items
 * and may be changed (use the _add functions to add). */
GPtrArray   *se_workspace_get_listeners     (SeWorkspace   *self);
GPtrArray   *se_workspace_get_clients       (SeWorkspace   *self);
GPtrArray   *se_workspace_get_messages      (SeWorkspace   *self);
/* The window's log filters, an object kept as it is (nullable). */
JsonNode    *se_workspace_get_filters       (SeWorkspace   *self);
void         se_workspace_set_filters       (SeWorkspace   *self,
                                             JsonNode      *filters);

SeWorkspaceListener *se_workspace_add_listener (SeWorkspace *self,
                                                const char  *endpoint,
                                                const char  *responder);
SeWorkspaceClient   *se_workspace_add_client   (SeWorkspace *self,
                                                const char  *endpoint);
SeWorkspaceMessage  *se_workspace_add_message  (SeWorkspace *self,
                                                const char  *name,
                                                const char  *data,
                                                gboolean     hex,
                                                SeEol        eol);

/* What is open. A workspace is also a GListModel (of GObject) of the
 * listeners and clients its owner runs, as the network thread's proxies:
 * every SeListenerProxy first, then every SeClientProxy, each kind in the
 * order added. The window binds its sidebar to it. The arrays above are
 * what a file holds; the window turns one into the other when it opens
 * or saves a file (se-window-workspace.c), and keeps the messages and
 * filters of the file it opened in its own workspace. */
void         se_workspace_append_listener_proxy (SeWorkspace     *self,
                                                 SeListenerProxy *listener);
void         se_workspace_append_client_proxy   (SeWorkspace     *self,
                                                 SeClientProxy   *client);
/* FALSE if proxy is not in the workspace */
gboolean     se_workspace_remove_proxy          (SeWorkspace     *self,
                                                 gpointer         proxy);
/* Whether proxy is in the workspace, and where (in the whole list) */
gboolean     se_workspace_find_proxy            (SeWorkspace     *self,
                                                 gpointer         proxy,
                                                 guint           *position);
/* The two parts of the list, each a GListModel of its own */
GListModel  *se_workspace_get_listener_proxies  (SeWorkspace     *self);
GListModel  *se_workspace_get_client_proxies    (SeWorkspace     *self);

/* A listener set up as the item says, not started. */
SeListener  *se_workspace_listener_create   (const SeWorkspaceListener *item,
                                             SeTrafficLog              *log,
                                             GError                   **error);
/* The item of a listener (its endpoint as asked, not as bound). */
SeWorkspaceListener *se_workspace_listener_new_from (SeListener *listener,
                                                     SeEndpoint *asked);
void         se_workspace_listener_free     (SeWorkspaceListener *item);
void         se_workspace_client_free       (SeWorkspaceClient   *item);
void         se_workspace_message_free      (SeWorkspaceMessage  *item);

G_END_DECLS
