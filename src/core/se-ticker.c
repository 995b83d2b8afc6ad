/* se-ticker.c: a main-loop source that fires every N microseconds on an
 * absolute schedule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <unistd.h>
#include <sys/timerfd.h>

#include <glib-unix.h>

#include "se-ticker.h"

typedef struct
{
  GSource   source;
  int       fd;
  gpointer  tag;
  guint64   missed;
} SeTickerSource;

static gboolean
ticker_dispatch (GSource     *source,
                 GSourceFunc  callback,
                 gpointer     user_data)
{
  SeTickerSource *self = (SeTickerSource *) source;
  guint64 expirations = 0;
  gssize n;

  if (!(g_source_query_unix_fd (source, self->tag) & G_IO_IN))
    return G_SOURCE_CONTINUE;

  do
    n = read (self->fd, &expirations, sizeof expirations);
  while (n < 0 && errno == EINTR);
  if (n != sizeof expirations || expirations == 0)
    return G_SOURCE_CONTINUE;

  /* Late (the loop was busy): the ticks that passed fire now, one after
   * the other, so that the count over time stays exact; a stopped
   * callback stops them. */
  self->missed += expirations - 1;
  if (callback == NULL)
    return G_SOURCE_REMOVE;

  for (guint64 i = 0; i < expirations; i++)
    {
      if (callback (user_data) == G_SOURCE_REMOVE)
        return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
ticker_finalize (GSource *source)
{
  SeTickerSource *self = (SeTickerSource *) source;

  if (self->fd >= 0)
    close (self->fd);
}

static GSourceFuncs ticker_funcs = {
  .dispatch = ticker_dispatch,
  .finalize = ticker_finalize,
};

GSource *
se_ticker_source_new (guint64 interval_us)
{
  struct itimerspec spec = { 0 };
  struct timespec now;
  SeTickerSource *self;
  int fd;

  g_return_val_if_fail (interval_us > 0, NULL);

  fd = timerfd_create (CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  if (fd < 0)
    return NULL;

  /* The first tick one interval from now, then every interval after it,
   * counted from that first deadline and not from each dispatch. */
  clock_gettime (CLOCK_MONOTONIC, &now);
  spec.it_interval.tv_sec = interval_us / G_USEC_PER_SEC;
  spec.it_interval.tv_nsec = (interval_us % G_USEC_PER_SEC) * 1000;
  spec.it_value.tv_sec = now.tv_sec + spec.it_interval.tv_sec;
  spec.it_value.tv_nsec = now.tv_nsec + spec.it_interval.tv_nsec;
  if (spec.it_value.tv_nsec >= 1000000000)
    {
      spec.it_value.tv_sec++;
      spec.it_value.tv_nsec -= 1000000000;
    }
  if (timerfd_settime (fd, TFD_TIMER_ABSTIME, &spec, NULL) != 0)
    {
      int errsv = errno;

      close (fd);
      errno = errsv;
      return NULL;
    }

  self = (SeTickerSource *) g_source_new (&ticker_funcs, sizeof (SeTickerSource));
  g_source_set_static_name (&self->source, "[se-ticker]");
  self->fd = fd;
  self->tag = g_source_add_unix_fd (&self->source, fd, G_IO_IN);

  return &self->source;
}

guint64
se_ticker_source_get_missed (GSource *source)
{
  g_return_val_if_fail (source != NULL, 0);

  return ((SeTickerSource *) source)->missed;
}
