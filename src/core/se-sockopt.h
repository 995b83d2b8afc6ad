/* se-sockopt.h: the options of a socket, read with getsockopt() and changed with setsockopt()
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "se-event.h"
#include "se-proxy.h"

G_BEGIN_DECLS

typedef enum
{
  SE_SOCKET_OPTION_BOOLEAN,
  SE_SOCKET_OPTION_BYTES,
  SE_SOCKET_OPTION_MILLISECONDS,
} SeSocketOptionType;

typedef struct
{
  /* The setsockopt() option; SE_SOCKOPT_NONE for O_NONBLOCK, which is a
   * flag of the file (fcntl), shown but not changed: the app's sockets
   * must not block its network thread. */
  SeSockopt           option;
  const char         *name;          /* "SO_REUSEADDR", "O_NONBLOCK" */
  SeSocketOptionType  type;
  gboolean            settable;
  int                 value;         /* 0/1, bytes or ms; -1 if it could not be read */
  int                 error_number;  /* the errno getsockopt() failed with, or 0 */
} SeSocketOption;

/* The options that apply to target (an SeConnection, SeListener or
 * SeClient; TCP_NODELAY only on TCP, SO_BROADCAST only on UDP, …) with
 * their values now, as a GArray of SeSocketOption; NULL if it has no open
 * socket. Call on the thread of the sockets. */
GArray     *se_socket_options_read      (GObject      *target);
/* setsockopt() on target's socket, logged as a setsockopt event with its
 * return value or errno; FALSE with an SE_ERROR if it failed or the
 * option cannot be changed. */
gboolean    se_socket_options_set       (GObject      *target,
                                         SeSockopt     option,
                                         int           value,
                                         GError      **error);
/* The same, from the owner's thread through a proxy of the target
 * (SeConnectionProxy, SeListenerProxy, SeClientProxy). */
GArray     *se_socket_options_read_proxy (SeProxy     *proxy);
gboolean    se_socket_options_set_proxy  (SeProxy     *proxy,
                                          SeSockopt    option,
                                          int          value,
                                          GError     **error);
/* What the option does, one translated line; and the Python line that
 * sets it. name as in SeSocketOption. */
const char *se_socket_option_explain    (const char   *name);
const char *se_socket_option_python     (const char   *name);

G_END_DECLS
