/* se-socket-test-util.h: what the socket tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A client plus what it received, a listener started and waited for,
 * counts of the log's events and of open descriptors, and a plain TCP
 * socket that never accepts: for test-sockets*.c.
 */
#pragma once

#include <netinet/in.h>

#include "socket-explorer-core.h"

G_BEGIN_DECLS

#define WAIT_MS 5000

/* A client plus what it received. */
typedef struct
{
  SeClient   *client;
  GByteArray *received;
  guint       n_datagrams;
  gboolean    closed;
} Peer;

/* For se_test_wait_until (has_len, &w, …): the peer received len bytes. */
typedef struct
{
  Peer  *peer;
  gsize  len;
} WaitLen;

/* A temporary directory for Unix sockets, made by each test's main(). */
extern char *tmpdir;

SeListener   *start_listener    (const char          *endpoint_text,
                                 const char          *responder_text,
                                 SeTrafficLog        *log,
                                 GError             **error);
Peer         *peer_connect      (SeEndpoint          *target,
                                 SeTrafficLog        *log,
                                 GError             **error);
void          peer_free         (Peer                *peer);
void          peer_send         (Peer                *peer,
                                 const char          *text);
gboolean      has_len           (gpointer             data);
gboolean      peer_wait_bytes   (Peer                *peer,
                                 gsize                len);
char         *peer_text         (Peer                *peer);
guint         count_events      (SeTrafficLog        *log,
                                 SeEventKind          kind);
guint         count_fds         (void);
/* For se_test_wait_until(): count_fds() is GPOINTER_TO_UINT (data). */
gboolean      fds_are           (gpointer             data);
/* The endpoint for a listener of this kind: port 0 or a fresh Unix path. */
char         *listen_text       (const char          *scheme,
                                 const char          *host);
/* The listener's first connection, once it has one. */
SeConnection *first_connection  (SeListener          *listener);
/* A plain TCP socket (no SeListener) listening on 127.0.0.1 at a port the
 * system chooses; *sin gets its address and *target its endpoint. */
int           raw_tcp_listen    (int                  backlog,
                                 struct sockaddr_in  *sin,
                                 SeEndpoint         **target);
/* Fills the accept queue of a listener with backlog 0 with plain
 * non-blocking connects, so that the next SYN goes unanswered. */
void          fill_accept_queue (const struct sockaddr_in *sin,
                                 int                 *fillers,
                                 guint                n_fillers);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Peer, peer_free)

G_END_DECLS
