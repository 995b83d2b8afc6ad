/* se-lab-private.h: what se-lab.c and se-lab-check.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "se-lab.h"
#include "se-event.h"

G_BEGIN_DECLS

/* Whether check is a check of the language se-lab-check.c evaluates:
 * known members with values of the right type. */
gboolean _se_lab_check_validate (JsonObject  *check,
                                 GError     **error);

/* A detail code's name in checks ("peer-eof"), "" if it has none. */
const char *_se_lab_detail_name (SeEventDetailCode code);

/* The lab's strings for xgettext, generated (se-lab-strings.c) */
extern const char * const _se_lab_strings[];

G_END_DECLS
