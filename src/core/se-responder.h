/* se-responder.h: built-in responders of listeners
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  SE_RESPONDER_NONE,       /* the user replies by hand */
  SE_RESPONDER_ECHO,
  SE_RESPONDER_UPPER,      /* UPPERCASE echo (ASCII letters) */
  SE_RESPONDER_TIMESTAMP,  /* "[Mon Dec 19 12:46:36 2013] data", like the ctime servers */
  SE_RESPONDER_GREETING,   /* greeting text on accept, then close */
  SE_RESPONDER_DISCARD,
  SE_RESPONDER_FRAMED,     /* "CMD_RESULT_SIZE|n" (or PREFIX|n), wait for the go-ahead, then the n-byte body */
} SeResponderKind;

#define SE_TYPE_RESPONDER (se_responder_get_type ())

/* An immutable, reference-counted description of a responder. */
typedef struct _SeResponder SeResponder;

/* What a responder wants done after an event. */
typedef struct
{
  GPtrArray *replies;   /* GBytes, in order; never NULL */
  gboolean   close;     /* close the connection after the replies are sent */
} SeResponse;

/* Per-connection state for the responders that need it (framed). */
typedef struct _SeResponderState SeResponderState;

GType            se_responder_get_type      (void) G_GNUC_CONST;
SeResponder     *se_responder_new           (SeResponderKind  kind,
                                             const char      *greeting);
/* "none", "echo", "upper", "timestamp", "greeting=TEXT", "greeting",
 * "discard", "framed" */
SeResponder     *se_responder_parse         (const char      *text,
                                             GError         **error);
SeResponder     *se_responder_ref           (SeResponder     *self);
void             se_responder_unref         (SeResponder     *self);
SeResponderKind  se_responder_get_kind      (const SeResponder *self);
const char      *se_responder_get_greeting  (const SeResponder *self);
/* The greeting's bytes (GREETING only, else NULL), NUL bytes included */
GBytes          *se_responder_get_greeting_bytes (const SeResponder *self);
/* The word before "|n" of the framed header (FRAMED only, else NULL) */
const char      *se_responder_get_framed_prefix  (const SeResponder *self);
char            *se_responder_to_string     (const SeResponder *self);

SeResponderState *se_responder_state_new    (void);
void             se_responder_state_free    (SeResponderState *state);

/* A stream peer has just been accepted. */
void             se_responder_on_accept     (const SeResponder *self,
                                             SeResponderState  *state,
                                             SeResponse        *response);
/* Data arrived (one recv() on a stream, or one datagram). is_datagram
 * changes the framed responder: a datagram gets header and body at once. */
void             se_responder_on_data       (const SeResponder *self,
                                             SeResponderState  *state,
                                             const guint8      *data,
                                             gsize              len,
                                             gboolean           is_datagram,
                                             SeResponse        *response);

void             se_response_init           (SeResponse      *response);
void             se_response_clear          (SeResponse      *response);

/* For the timestamp responder and tests: ctime()-style "Mon Dec 19 12:46:36 2013" */
char            *se_format_ctime            (GDateTime       *time);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeResponder, se_responder_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeResponderState, se_responder_state_free)

G_END_DECLS
