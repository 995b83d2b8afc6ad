/* se-listener-events.c: what every part of a listener shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The events a listener appends to the log (its protocol, its own
 * address, the call that failed and its errno), and its property and
 * signal tables, which se_listener_class_init() fills. Every other file
 * of the listener uses this one; it uses none of them.
 */
#include "config.h"

#include "se-listener-private.h"

GParamSpec *_se_listener_properties[N_PROPS];
guint _se_listener_signals[N_SIGNALS];

/* helpers */

SeProtocol
_se_listener_protocol (SeListener *self)
{
  return se_endpoint_get_protocol (self->endpoint);
}

/* An event of this listener: its protocol, and its own address unless
 * the event names another (a connection's). */
static void
fill_info (SeListener  *self,
           SeEventInfo *info)
{
  info->protocol = _se_listener_protocol (self);
  if (info->local == NULL && info->local_sa == NULL)
    {
      info->local = self->local_address;
      if (self->local_sa.len > 0)
        {
          info->local_sa = _se_sockaddr_ptr (&self->local_sa);
          info->local_sa_len = self->local_sa.len;
        }
    }
}

void
_se_listener_flush_queued (SeListener *self)
{
  guint n = self->n_queued;

  if (n == 0)
    return;

  self->n_queued = 0;
  if (self->log != NULL)
    se_traffic_log_append_infos (self->log, self->queued, n);
}

void
_se_listener_append_info (SeListener  *self,
                          SeEventInfo *info)
{
  if (self->log == NULL)
    return;

  /* What the listener read before comes before. */
  _se_listener_flush_queued (self);
  fill_info (self, info);
  se_traffic_log_append_info (self->log, info);
}

void
_se_listener_queue_info (SeListener  *self,
                         SeEventInfo *info)
{
  if (self->log == NULL)
    return;

  if (self->queued == NULL)
    self->queued = g_new (SeEventInfo, _SE_DATAGRAM_BATCH);
  else if (self->n_queued == _SE_DATAGRAM_BATCH)
    _se_listener_flush_queued (self);

  fill_info (self, info);
  self->queued[self->n_queued++] = *info;
}

void
_se_listener_log_event (SeListener   *self,
                        SeEventKind   kind,
                        const char   *remote,
                        guint64       size,
                        const guint8 *data,
                        gsize         data_len,
                        const char   *detail)
{
  SeEventInfo info = {
    .kind = kind,
    .remote = remote,
    .size = size,
    .data = data,
    .data_len = data_len,
    .text = detail,
  };

  _se_listener_append_info (self, &info);
}

/* A call that failed: the next log_error() says which, with its errno. */
void
_se_listener_set_failed_call (SeListener *self,
                              SeCall      call,
                              int         errsv)
{
  self->failed_call = call;
  self->failed_errno = errsv;
}

void
_se_listener_log_error (SeListener   *self,
                        const GError *error)
{
  SeEventInfo info = {
    .kind = SE_EVENT_ERROR,
    .text = error->message,
    .call = self->failed_call,
    .ret = -1,
    .error_number = self->failed_call != SE_CALL_NONE ? self->failed_errno : 0,
  };

  _se_listener_set_failed_call (self, SE_CALL_NONE, 0);
  _se_listener_append_info (self, &info);
}
