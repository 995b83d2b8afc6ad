/* se-connection-close.c: how a stream connection ends
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * shutdown(SHUT_WR) once the queue has drained, an abortive close with
 * SO_LINGER 0, and the close() every end comes to, which tells the
 * owner. A close that first sends what is queued, and the peer's FIN,
 * are in se-connection-io.c; the GObject is in se-connection.c.
 */
#include "config.h"

#include <sys/socket.h>

#include <glib/gi18n-lib.h>

#include "se-connection-internal.h"
#include "se-error.h"

void
_se_connection_do_shutdown (SeConnection *self)
{
  self->shutdown_pending = FALSE;

  if (self->fd < 0 || self->local_shut)
    return;

  {
    int errsv = _se_transport_shutdown_write (self->transport);

    if (errsv != 0)
      {
        _se_connection_record_error (self, errsv, "shutdown", SE_CALL_SHUTDOWN, SHUT_WR);
        return;
      }
  }

  self->local_shut = TRUE;
  {
    SeEventInfo info = {
      .kind = SE_EVENT_SHUTDOWN,
      .detail = SE_EVENT_DETAIL_SHUT_WR,
      .call = SE_CALL_SHUTDOWN,
      .asked = SHUT_WR,
      .tcp_state = _se_connection_tcp_state (self),
    };

    _se_connection_log_call (self, &info);
  }
  _se_connection_update_state (self);

  /* Both directions are finished: nothing more can happen on it. */
  if (self->remote_shut)
    _se_connection_finish_close (self, NULL);
}

/* Called once both directions are done or on close/reset/failure. */
void
_se_connection_finish_close (SeConnection *self,
                             const char   *detail)
{
  g_autofree char *dropped = NULL;

  if (self->fd < 0)
    return;

  _se_watch_clear (&self->watch);
  _se_source_clear (&self->drain_timeout);
  _se_stepper_forget (G_OBJECT (self));

  if (self->queued_bytes > 0 && detail == NULL)
    detail = dropped = g_strdup_printf (_("%zu queued bytes were not sent"),
                                        self->queued_bytes);

  _se_connection_log_close (self, detail);
  _se_connection_clear_queue (self);
  _se_connection_update_state (self);

  g_signal_emit (self, _se_connection_signals[CLOSED], 0);

  /* The reference begin_close() took to finish sending; last. */
  if (self->draining)
    {
      self->draining = FALSE;
      g_object_unref (self);
    }
}

gboolean
se_connection_shutdown (SeConnection  *self,
                        GError       **error)
{
  g_autoptr(SeConnection) hold = NULL;

  g_return_val_if_fail (SE_IS_CONNECTION (self), FALSE);

  if (self->fd < 0)
    {
      g_set_error (error, SE_ERROR, SE_ERROR_CLOSED,
                   _("Cannot shut down: connection #%u is closed"), self->id);
      return FALSE;
    }
  if (self->local_shut || self->shutdown_pending)
    {
      g_set_error (error, SE_ERROR, SE_ERROR_CLOSED,
                   _("Connection #%u is already shut down for writing"), self->id);
      return FALSE;
    }

  hold = g_object_ref (self);
  if (g_queue_is_empty (&self->send_queue))
    _se_connection_do_shutdown (self);
  else
    self->shutdown_pending = TRUE;

  return TRUE;
}

void
se_connection_reset (SeConnection *self)
{
  g_autoptr(SeConnection) hold = NULL;
  int errsv;

  g_return_if_fail (SE_IS_CONNECTION (self));

  if (self->fd < 0)
    return;

  hold = g_object_ref (self);
  errsv = _se_transport_set_reset (self->transport);
  {
    SeEventInfo info = {
      .kind = SE_EVENT_SETSOCKOPT,
      .call = SE_CALL_SETSOCKOPT,
      .ret = errsv != 0 ? -1 : 0,
      .error_number = errsv,
      .option = SE_SOCKOPT_SO_LINGER,
      .asked = 0,
    };

    _se_connection_log_call (self, &info);
  }
  _se_connection_clear_queue (self);
  _se_connection_finish_close (self, _("abortive close: SO_LINGER 0, the peer gets a reset (RST)"));
}
