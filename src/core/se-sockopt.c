/* se-sockopt.c: the options of a socket, read with getsockopt() and changed with setsockopt()
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The seeds set SO_REUSEADDR, SO_BROADCAST and timeouts; the inspector
 * shows the options of any of the app's sockets as the kernel holds them
 * now, and every change is a setsockopt() call in the log like the ones
 * the engine makes itself.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <glib/gi18n-lib.h>

#include "se-error.h"
#include "se-explain.h"
#include "se-proxy-private.h"
#include "se-socket-private.h"
#include "se-sockopt.h"
#include "se-sockopt-private.h"

typedef enum
{
  ON_TCP = 1 << SE_PROTOCOL_TCP,
  ON_UDP = 1 << SE_PROTOCOL_UDP,
  ON_UNIX = 1 << SE_PROTOCOL_UNIX,
  ON_UNIX_DGRAM = 1 << SE_PROTOCOL_UNIX_DGRAM,
  ON_ALL = ON_TCP | ON_UDP | ON_UNIX | ON_UNIX_DGRAM,
} Applies;

typedef struct
{
  SeSockopt           option;
  const char         *name;
  int                 level;
  int                 optname;
  SeSocketOptionType  type;
  Applies             applies;
  const char         *explanation;
  const char         *python;
} OptionInfo;

static const OptionInfo options[] = {
  { SE_SOCKOPT_SO_REUSEADDR, "SO_REUSEADDR", SOL_SOCKET, SO_REUSEADDR,
    SE_SOCKET_OPTION_BOOLEAN, ON_TCP | ON_UDP,
    N_("Lets bind() take a port whose old connections still wait in TIME_WAIT; a server sets it before bind()."),
    "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)" },
  { SE_SOCKOPT_SO_KEEPALIVE, "SO_KEEPALIVE", SOL_SOCKET, SO_KEEPALIVE,
    SE_SOCKET_OPTION_BOOLEAN, ON_TCP,
    N_("Sends probes on an idle connection, so that a peer that vanished is noticed (after two hours by default)."),
    "s.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)" },
  { SE_SOCKOPT_TCP_NODELAY, "TCP_NODELAY", IPPROTO_TCP, TCP_NODELAY,
    SE_SOCKET_OPTION_BOOLEAN, ON_TCP,
    N_("Turns off Nagle's algorithm: small sends leave at once instead of waiting to be merged with the next ones."),
    "s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)" },
  { SE_SOCKOPT_SO_RCVBUF, "SO_RCVBUF", SOL_SOCKET, SO_RCVBUF,
    SE_SOCKET_OPTION_BYTES, ON_ALL,
    N_("The kernel's receive buffer: bytes that arrived and wait for recv(). Linux doubles the size set, for its own bookkeeping."),
    "s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)" },
  { SE_SOCKOPT_SO_SNDBUF, "SO_SNDBUF", SOL_SOCKET, SO_SNDBUF,
    SE_SOCKET_OPTION_BYTES, ON_ALL,
    N_("The kernel's send buffer: bytes send() handed over that are not sent or not acknowledged yet. Linux doubles the size set."),
    "s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 65536)" },
  { SE_SOCKOPT_SO_BROADCAST, "SO_BROADCAST", SOL_SOCKET, SO_BROADCAST,
    SE_SOCKET_OPTION_BOOLEAN, ON_UDP,
    NULL, /* se-explain.c's */
    "s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)" },
  { SE_SOCKOPT_SO_RCVTIMEO, "SO_RCVTIMEO", SOL_SOCKET, SO_RCVTIMEO,
    SE_SOCKET_OPTION_MILLISECONDS, ON_ALL,
    N_("How long a blocking recv() waits before it fails with EAGAIN (0: for ever); no effect on a non-blocking socket like this one."),
    "s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, struct.pack('ll', 1, 500000))" },
  { SE_SOCKOPT_SO_SNDTIMEO, "SO_SNDTIMEO", SOL_SOCKET, SO_SNDTIMEO,
    SE_SOCKET_OPTION_MILLISECONDS, ON_ALL,
    N_("How long a blocking send() waits for room in the send buffer (0: for ever); no effect on a non-blocking socket."),
    "s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, struct.pack('ll', 1, 500000))" },
  { SE_SOCKOPT_NONE, "O_NONBLOCK", 0, 0,
    SE_SOCKET_OPTION_BOOLEAN, ON_ALL,
    N_("Set with fcntl(), not setsockopt(): calls return EAGAIN instead of waiting. The app's sockets never block: epoll wakes them. Python's settimeout() and setblocking() change it."),
    "s.setblocking(False)" },
};

/* helpers */

static const OptionInfo *
find_info (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    if (g_strcmp0 (options[i].name, name) == 0)
      return &options[i];
  return NULL;
}

/* What target is: its socket, log and the names its events carry. */
typedef struct
{
  int           fd;
  SeTrafficLog *log;
  SeProtocol    protocol;
  guint         connection_id;
  char         *local;
  char         *remote;
} Target;

static void
target_clear (Target *target)
{
  g_clear_pointer (&target->local, g_free);
  g_clear_pointer (&target->remote, g_free);
}

static gboolean
target_init (Target  *out,
             GObject *target)
{
  SeConnection *connection = NULL;

  *out = (Target) { .fd = -1 };

  if (SE_IS_CLIENT (target))
    connection = se_client_get_connection (SE_CLIENT (target));
  else if (SE_IS_CONNECTION (target))
    connection = SE_CONNECTION (target);

  if (connection != NULL)
    {
      out->fd = _se_connection_get_socket (connection, &out->log);
      out->protocol = se_connection_get_protocol (connection);
      out->connection_id = se_connection_get_id (connection);
      out->local = g_strdup (se_connection_get_local_address (connection));
      out->remote = g_strdup (se_connection_get_remote_address (connection));
    }
  else if (SE_IS_CLIENT (target))
    {
      out->fd = _se_client_get_socket (SE_CLIENT (target), &out->log);
      out->protocol = se_endpoint_get_protocol (se_client_get_target (SE_CLIENT (target)));
      out->local = g_strdup (se_client_get_local_address (SE_CLIENT (target)));
    }
  else if (SE_IS_LISTENER (target))
    {
      out->fd = _se_listener_get_socket (SE_LISTENER (target), &out->log);
      out->protocol = se_endpoint_get_protocol (se_listener_get_endpoint (SE_LISTENER (target)));
      if (out->fd >= 0)
        out->local = _se_socket_local_string (out->fd);
    }
  else
    {
      g_return_val_if_reached (FALSE);
    }

  return out->fd >= 0;
}

static void
read_option (int                fd,
             const OptionInfo  *info,
             SeSocketOption    *out)
{
  out->option = info->option;
  out->name = info->name;
  out->type = info->type;
  out->settable = info->option != SE_SOCKOPT_NONE;
  out->value = -1;
  out->error_number = 0;

  if (info->option == SE_SOCKOPT_NONE)
    {
      int flags = fcntl (fd, F_GETFL);

      if (flags < 0)
        out->error_number = errno;
      else
        out->value = (flags & O_NONBLOCK) != 0;
    }
  else if (info->type == SE_SOCKET_OPTION_MILLISECONDS)
    {
      struct timeval tv = { 0, 0 };
      socklen_t len = sizeof tv;

      if (getsockopt (fd, info->level, info->optname, &tv, &len) != 0)
        out->error_number = errno;
      else
        out->value = (int) MIN ((gint64) tv.tv_sec * 1000 + tv.tv_usec / 1000, G_MAXINT);
    }
  else
    {
      int value = 0;
      socklen_t len = sizeof value;

      if (getsockopt (fd, info->level, info->optname, &value, &len) != 0)
        out->error_number = errno;
      else
        out->value = info->type == SE_SOCKET_OPTION_BOOLEAN ? value != 0 : value;
    }
}

/* public API */

GArray *
se_socket_options_read (GObject *target)
{
  Target t;
  GArray *array;

  g_return_val_if_fail (G_IS_OBJECT (target), NULL);

  if (!target_init (&t, target))
    {
      target_clear (&t);
      return NULL;
    }

  array = g_array_new (FALSE, TRUE, sizeof (SeSocketOption));
  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    {
      SeSocketOption option;

      if (!(options[i].applies & (1 << t.protocol)))
        continue;
      read_option (t.fd, &options[i], &option);
      g_array_append_val (array, option);
    }

  target_clear (&t);
  return array;
}

gboolean
se_socket_options_set (GObject    *target,
                       SeSockopt   option,
                       int         value,
                       GError    **error)
{
  Target t;
  int errsv;

  g_return_val_if_fail (G_IS_OBJECT (target), FALSE);

  if (option == SE_SOCKOPT_NONE || se_sockopt_to_string (option) == NULL ||
      find_info (se_sockopt_to_string (option)) == NULL)
    {
      g_set_error (error, SE_ERROR, SE_ERROR_FAILED,
                   _("The inspector does not change this option"));
      return FALSE;
    }

  if (!target_init (&t, target))
    {
      target_clear (&t);
      g_set_error_literal (error, SE_ERROR, SE_ERROR_CLOSED,
                           _("Cannot change an option: the socket is closed"));
      return FALSE;
    }

  errsv = _se_socket_set_option (t.fd, option, value, t.log, t.protocol,
                                 t.connection_id, t.local, t.remote);
  target_clear (&t);
  if (errsv != 0)
    {
      g_autofree char *what = g_strdup_printf ("setsockopt(%s)", se_sockopt_to_string (option));

      g_propagate_error (error, se_error_new_errno (errsv, what, NULL));
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  GObject   *target;
  SeSockopt  option;
  int        value;
  GArray    *options;
  gboolean   ok;
  GError    *error;
} Command;

static void
read_func (gpointer data)
{
  Command *command = data;

  command->options = se_socket_options_read (command->target);
}

static void
set_func (gpointer data)
{
  Command *command = data;

  command->ok = se_socket_options_set (command->target, command->option,
                                       command->value, &command->error);
}

GArray *
se_socket_options_read_proxy (SeProxy *proxy)
{
  Command command = { 0 };

  g_return_val_if_fail (SE_IS_PROXY (proxy), NULL);

  command.target = _se_proxy_get_target (proxy);
  se_network_call (_se_proxy_get_network (proxy), read_func, &command);
  return command.options;
}

gboolean
se_socket_options_set_proxy (SeProxy    *proxy,
                             SeSockopt   option,
                             int         value,
                             GError    **error)
{
  Command command = { 0 };

  g_return_val_if_fail (SE_IS_PROXY (proxy), FALSE);

  command.target = _se_proxy_get_target (proxy);
  command.option = option;
  command.value = value;
  se_network_call (_se_proxy_get_network (proxy), set_func, &command);
  if (command.error != NULL)
    g_propagate_error (error, command.error);
  return command.ok;
}

const char *
se_socket_option_explain (const char *name)
{
  const OptionInfo *info = find_info (name);
  const SeExplanation *explanation;

  if (info == NULL)
    return "";
  if (info->explanation != NULL)
    return _(info->explanation);
  explanation = se_explain_lookup (name);
  return explanation != NULL ? se_explanation_get_summary (explanation) : "";
}

const char *
se_socket_option_python (const char *name)
{
  const OptionInfo *info = find_info (name);

  return info != NULL ? info->python : "";
}
