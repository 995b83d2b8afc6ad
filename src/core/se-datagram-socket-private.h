/* se-datagram-socket-private.h: the datagram socket of listeners and clients
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "se-reactor-private.h"
#include "se-socket-private.h"
#include "se-stepper-private.h"

#include <glib-object.h>

G_BEGIN_DECLS

/* Datagrams per recvmmsg(), and rounds of it per wake-up. */
#define _SE_DATAGRAM_BATCH  32
#define _SE_DATAGRAM_ROUNDS 4

typedef struct _SeDatagramSocket SeDatagramSocket;

/* One datagram as it was read: the bytes are in the socket's slot until
 * the batch ends. The sender's address is binary: the log keeps it so
 * (SeEventInfo.remote_sa), and _se_datagram_from_text() makes its text
 * only for who needs one. */
typedef struct
{
  const guint8     *data;
  gsize             size;       /* its real size (a Unix datagram can be longer than a slot) */
  gsize             kept;       /* bytes in data: at most the read size */
  SeSockaddr       *from;       /* valid until the batch ends */
  SeDatagramSocket *socket;     /* that read it */
  gboolean          can_reply;  /* FALSE: an unbound Unix datagram sender */
  gint64            time;       /* g_get_real_time() as the recvmmsg() that read it returned */
} SeDatagram;

typedef struct
{
  /* One datagram read. The owner may close the socket from here. */
  void (*received)   (SeDatagramSocket *socket,
                      const SeDatagram *datagram,
                      gpointer          user_data);
  /* After each batch, before its slots are read into again. */
  void (*batch_done) (SeDatagramSocket *socket,
                      gpointer          user_data);
  /* recvmmsg() failed with errsv (an ICMP error of an earlier send, e.g.
   * ECONNREFUSED): it does not stop the socket. */
  void (*failed)     (SeDatagramSocket *socket,
                      int               errsv,
                      gpointer          user_data);
  /* Step mode (se-stepper.c): the words of a held call, to its address
   * (a sendto()) or NULL (a recvfrom()). */
  char *(*describe_step) (SeDatagramSocket *socket,
                          SeStepKind        kind,
                          const char       *to,
                          gsize             size,
                          gpointer          user_data);
  /* Step mode: a held sendto() is let go, make (and log) it now. */
  void (*send_released)  (SeDatagramSocket *socket,
                          const SeSockaddr *to,
                          GBytes           *data,
                          gpointer          user_data);
} SeDatagramFuncs;

/* Embedded in its owner (SeListener, SeClient); zero-filled is "closed". */
struct _SeDatagramSocket
{
  int                    fd;      /* -1 when closed (use _se_datagram_socket_init) */
  SeWatch                watch;
  guint8                *slots;   /* _SE_DATAGRAM_BATCH × _SE_DATAGRAM_MAX, untouched pages cost nothing */
  SeSockaddr             last_from;
  char                  *last_from_text;
  const SeDatagramFuncs *funcs;
  gpointer               owner;   /* the GObject it is part of, passed to the funcs */
  guint                  read_size;  /* recvfrom(bufsize): 1 to _SE_DATAGRAM_MAX, 0 = _SE_DATAGRAM_MAX */
  gboolean               recv_held;      /* step mode: readable, not read until "Next" */
  gboolean               recv_released;  /* "Next": read one datagram */
};

void        _se_datagram_socket_init   (SeDatagramSocket      *self);
/* Takes fd (non-blocking, SOCK_DGRAM) and reads it through the reactor.
 * FALSE with errno if it cannot be watched (fd is then still the
 * caller's). */
gboolean    _se_datagram_socket_start  (SeDatagramSocket      *self,
                                        int                    fd,
                                        const SeDatagramFuncs *funcs,
                                        gpointer               owner);
/* The bufsize each recvfrom() asks for (1 to _SE_DATAGRAM_MAX): the rest
 * of a longer datagram is lost, as in any program. */
void        _se_datagram_socket_set_read_size (SeDatagramSocket *self,
                                               guint             read_size);
guint       _se_datagram_socket_get_read_size (SeDatagramSocket *self);
/* Step mode: holds a sendto() of data to `to` until "Next"; then
 * funcs->send_released makes it. */
void        _se_datagram_socket_hold_send (SeDatagramSocket *self,
                                           const SeSockaddr *to,
                                           const char       *to_text,
                                           GBytes           *data);
/* Stops watching and closes the fd, forgetting held calls (the owner's);
 * safe from a callback. */
void        _se_datagram_socket_close  (SeDatagramSocket      *self);
/* Closes and frees what the socket holds (the owner's finalize). */
void        _se_datagram_socket_clear  (SeDatagramSocket      *self);
/* A sender's name, "127.0.0.1:5000" or a path, formatted once while
 * datagrams keep coming from the same address. */
const char *_se_datagram_socket_name   (SeDatagramSocket      *self,
                                        const SeSockaddr      *addr);

/* The recvfrom() event of a datagram that socket read, its sender in
 * binary; the owner adds its own local address, if it logs one. */
SeEventInfo _se_datagram_receive_info  (SeDatagramSocket      *socket,
                                        const SeDatagram      *datagram);

/* The sender's text, valid until the next datagram (see above). */
static inline const char *
_se_datagram_from_text (const SeDatagram *datagram)
{
  return _se_datagram_socket_name (datagram->socket, datagram->from);
}

G_END_DECLS
