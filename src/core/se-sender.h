/* se-sender.h: auto-send on a timer and files through the send queue,
 * for one client, connection or listener, with progress
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "se-saved-message.h"

G_BEGIN_DECLS

/* What a sender is doing (the "mode" property, an int) */
typedef enum
{
  SE_SENDER_IDLE,
  SE_SENDER_REPEAT,  /* a message every interval, N times or until stopped */
  SE_SENDER_FILE,    /* a file's bytes, bounded: read as the queue drains */
} SeSenderMode;

/* A stream gets a file in reads of this size, and never more than
 * SE_SENDER_QUEUE_HIGH bytes of it wait in the connection's send queue:
 * a file of any size goes out in bounded memory. */
#define SE_SENDER_CHUNK       (64 * 1024)
#define SE_SENDER_QUEUE_HIGH  (1024 * 1024)
/* Datagrams of a file: bytes per datagram unless told otherwise */
#define SE_SENDER_DATAGRAM_SIZE 1024
/* The longest interval of a repetition: a day */
#define SE_SENDER_INTERVAL_MAX_MS (24u * 3600u * 1000u)

#define SE_TYPE_SENDER (se_sender_get_type ())

G_DECLARE_FINAL_TYPE (SeSender, se_sender, SE, SENDER, GObject)

/* The sender of target: an SeClient, an SeConnection, or an SeListener
 * (peer: a datagram peer's address, or NULL for every connection or
 * peer). Made on first use and kept with target, so that whoever asks
 * again (another view of the same connection) finds the same one, still
 * running. Lives on target's thread and sends from its main context.
 * (transfer none) */
SeSender     *se_sender_get_for          (GObject         *target,
                                          const char      *peer);

/* Sends message now and then every interval_ms (1 ms to
 * SE_SENDER_INTERVAL_MAX_MS) on an absolute schedule (se-ticker.h), count
 * times in all or until stopped (count 0). Macros are expanded for each
 * message as the composer and send --macros do (se_macro_expand_encoded()
 * in the message's encoding), {{counter}} from first_counter on. A failed send ends it, and
 * its error is the "error-message". */
gboolean      se_sender_start_repeat     (SeSender        *self,
                                          SeSavedMessage  *message,
                                          guint64          first_counter,
                                          guint            count,
                                          guint            interval_ms,
                                          GError         **error);
/* The same bytes every time */
gboolean      se_sender_start_repeat_bytes (SeSender      *self,
                                            GBytes        *bytes,
                                            guint          count,
                                            guint          interval_ms,
                                            GError       **error);
/* Sends the bytes of file as they are: a stream's in chunks read only as
 * its send queue drains below SE_SENDER_QUEUE_HIGH, datagrams one per
 * datagram_size bytes (0: SE_SENDER_DATAGRAM_SIZE). Fails at once if the
 * file cannot be opened, or if the target is a whole listener's streams. */
gboolean      se_sender_start_file       (SeSender        *self,
                                          GFile           *file,
                                          gsize            datagram_size,
                                          GError         **error);
/* Ends a run early: ::finished with SE_ERROR_CANCELLED. */
void          se_sender_stop             (SeSender        *self);

gboolean      se_sender_get_running      (SeSender        *self);
SeSenderMode  se_sender_get_mode         (SeSender        *self);
/* Messages (repeat) or bytes (file) sent so far in this run */
guint64       se_sender_get_done         (SeSender        *self);
/* Messages of the run (0: until stopped) or the file's size */
guint64       se_sender_get_total        (SeSender        *self);
/* The file's name, for progress ("notes.txt") */
const char   *se_sender_get_name         (SeSender        *self);
/* Why the last run ended before its end (a failed send, a file that
 * could not be read), or NULL; not set by se_sender_stop(). */
const char   *se_sender_get_error_message (SeSender       *self);
/* Files to streams: the most bytes the connection's send queue held
 * while this run sent (the bound above, plus one chunk at most). */
guint64       se_sender_get_peak_queued  (SeSender        *self);

G_END_DECLS
