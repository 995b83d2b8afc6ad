/* se-codegen.h: the Python and C programs that do what a listener or a client does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "se-endpoint.h"
#include "se-payload.h"
#include "se-responder.h"

G_BEGIN_DECLS

typedef enum
{
  SE_CODE_PYTHON,   /* Python 3, the socket module, like the seeds */
  SE_CODE_C,        /* C with POSIX sockets */
} SeCodeLanguage;

typedef enum
{
  SE_CODE_LISTEN,   /* a server: bind, (listen, accept,) answer with a responder */
  SE_CODE_SEND,     /* a client: connect or sendto, send a message, print the replies */
} SeCodeRole;

#define SE_CODE_DEFAULT_READ_SIZE 65536
#define SE_CODE_DEFAULT_BACKLOG   128
#define SE_CODE_DEFAULT_WAIT_MS   1000

/* What the program does. The pointers are borrowed: the caller keeps them
 * alive while it uses the options. */
typedef struct
{
  SeCodeRole       role;
  SeCodeLanguage   language;
  SeEndpoint      *endpoint;     /* listen: where to bind; send: where to send */
  SeResponder     *responder;    /* listen; NULL answers nothing (none) */
  guint            backlog;      /* listen, stream kinds: the listen() queue */
  guint            read_size;    /* the recv() size, at least 1 */
  GBytes          *data;         /* send: the message, line ending included */
  SePayloadFormat  format;       /* send: typed as text or hex (how it is shown) */
  SeEol            eol;          /* send: the line ending at the end of data */
  guint            repeat;       /* send: how many times, at least 1 */
  guint            interval_ms;  /* send: between two sends */
  guint            wait_ms;      /* send: for replies after the last send */
} SeCodeOptions;

/* Sets the defaults of the CLI: read size 64 KiB, backlog 128, one send,
 * no interval, a wait of one second, Python. */
void         se_code_options_init        (SeCodeOptions       *options,
                                          SeCodeRole           role,
                                          SeEndpoint          *endpoint);

/* Returns: (transfer full): the complete program, UTF-8, its comments in
 * the user's language */
char        *se_code_generate            (const SeCodeOptions *options);

/* "python" / "c" */
const char  *se_code_language_to_string  (SeCodeLanguage       language);
gboolean     se_code_language_from_string (const char         *text,
                                           SeCodeLanguage     *language);
/* A file name for the program: "tcp_echo_server.py", "udp_client.c" */
char        *se_code_suggest_file_name   (const SeCodeOptions *options);
/* How to run the saved program, e.g. "python3 tcp_client.py" or
 * "gcc -Wall -o tcp_client tcp_client.c && ./tcp_client" */
char        *se_code_run_command         (const SeCodeOptions *options,
                                          const char          *file_name);

G_END_DECLS
