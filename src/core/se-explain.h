/* se-explain.h: what each socket call, errno and lookup error means, for learners
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "se-event.h"

G_BEGIN_DECLS

typedef enum
{
  SE_EXPLAIN_CALL,    /* a call a program makes: accept, send, … */
  SE_EXPLAIN_ERRNO,   /* an errno value: ECONNREFUSED, … */
  SE_EXPLAIN_EAI,     /* a getaddrinfo() error: EAI_NONAME, … */
  SE_EXPLAIN_TLS,     /* the TLS handshake and its failures: TLS_UNKNOWN_CA, … */
} SeExplainKind;

typedef struct
{
  SeExplainKind  kind;
  const char    *name;     /* "accept", "ECONNREFUSED", "EAI_NONAME" */
  const char    *summary;  /* one line, untranslated: use se_explanation_get_summary() */
  const char    *text;     /* two to five sentences, untranslated */
  const char    *python;   /* the Python 3 line that makes the same call, or meets the error */
} SeExplanation;

/* By name, case-insensitively; "accept()" and "accept" are the same.
 * NULL if there is none. */
const SeExplanation *se_explain_lookup          (const char   *name);
/* The call an event of this kind shows (SE_EVENT_RECEIVE: recv). NULL
 * for SE_EVENT_ERROR: see se_explain_for_errno(). */
const SeExplanation *se_explain_for_event_kind  (SeEventKind   kind);
/* What explains this event: its call (sendto/recvfrom for datagrams), or
 * for an error the errno or EAI name its text gives. NULL if none. */
const SeExplanation *se_explain_for_event       (SeEvent      *event);
/* The explanation of an errno value, or NULL. */
const SeExplanation *se_explain_for_errno       (int           errsv);
/* All of them, in the order they are listed (calls, errnos, EAI). */
const SeExplanation *se_explain_get_all         (guint        *n_explanations);

const char          *se_explanation_get_summary (const SeExplanation *self);
const char          *se_explanation_get_text    (const SeExplanation *self);
/* Summary, text and Python line as a few lines of plain text. */
char                *se_explanation_format      (const SeExplanation *self);

G_END_DECLS
