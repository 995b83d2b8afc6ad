/* se-diagram-svg.h: a sequence diagram as SVG
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "se-diagram.h"

G_BEGIN_DECLS

/* The colours of a drawing, "#rrggbb". */
typedef struct
{
  const char *background;
  const char *foreground;
  const char *dim;         /* lifelines, states, the new-socket arrow */
  const char *box;         /* the fill of the calls' boxes */
  const char *data;        /* stream bytes */
  const char *datagram;
  const char *handshake;
  const char *fin;
} SeDiagramColors;

/* Light colours on white, for slides and print. */
const SeDiagramColors *se_diagram_colors_light (void);

/* A standalone SVG document (UTF-8, ending in a newline) of the diagram,
 * in a 13 px monospace font; colors NULL for the light ones. Every arrow
 * and call is a group with a <title> and data-event="INDEX" (the
 * SeEvent:index of its event). */
char *se_diagram_to_svg (SeDiagram             *diagram,
                         const SeDiagramColors *colors);

G_END_DECLS
