/* se-rule.h: match-and-reply rules of listeners and clients
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  SE_RULE_EXACT,     /* the received chunk is exactly MATCH */
  SE_RULE_PREFIX,    /* it starts with MATCH */
  SE_RULE_CONTAINS,  /* MATCH occurs in it */
  SE_RULE_REGEX,     /* GRegex (PCRE) on the bytes, captures \1…\9 */
} SeRuleKind;

#define SE_TYPE_RULE     (se_rule_get_type ())
#define SE_TYPE_RULE_SET (se_rule_set_get_type ())

/* An immutable, reference-counted rule. */
typedef struct _SeRule SeRule;
/* An immutable, reference-counted ordered list of rules: the first rule
 * that matches answers. */
typedef struct _SeRuleSet SeRuleSet;

GType        se_rule_get_type          (void) G_GNUC_CONST;
GType        se_rule_set_get_type      (void) G_GNUC_CONST;

/* match: for exact, prefix and contains, text with the escapes of
 * se_payload_decode_text() (\n, \r, \t, \\, \xHH); for regex a PCRE
 * pattern. reply: text with the same escapes, macros ({{counter}} …) and
 * \0…\9 for the whole match and the regex's groups (\0 alone for the
 * other kinds). delay_ms: wait this long before replying (at most one
 * hour). close_after: close the connection once the reply is sent
 * (streams only). A pattern that does not compile, a bad escape or an
 * unknown macro is an SE_ERROR_INVALID_RESPONDER error that says which. */
SeRule      *se_rule_new               (SeRuleKind    kind,
                                        const char   *match,
                                        const char   *reply,
                                        guint         delay_ms,
                                        gboolean      close_after,
                                        GError      **error);
/* "TYPE[,delay=MS][,close]:MATCH=>REPLY", as `listen --rule` takes it:
 * "regex:^GET (\S+)=>HTTP/1.0 200 OK\r\n\r\nyou asked for \1",
 * "exact,close:quit\n=>bye\n". The first "=>" separates MATCH and REPLY. */
SeRule      *se_rule_parse             (const char   *text,
                                        GError      **error);
/* The parse notation of the rule. */
char        *se_rule_to_string         (const SeRule *self);
SeRule      *se_rule_ref               (SeRule       *self);
void         se_rule_unref             (SeRule       *self);

SeRuleKind   se_rule_get_kind          (const SeRule *self);
const char  *se_rule_get_match         (const SeRule *self);
const char  *se_rule_get_reply         (const SeRule *self);
guint        se_rule_get_delay         (const SeRule *self);
gboolean     se_rule_get_close_after   (const SeRule *self);

/* "exact", "prefix", "contains", "regex" */
const char  *se_rule_kind_to_string    (SeRuleKind    kind);
gboolean     se_rule_kind_from_string  (const char   *text,
                                        SeRuleKind   *kind);

/* Whether the rule matches data; if so and reply is not NULL, *reply is
 * the reply (captures and macros expanded, counter for {{counter}}). An
 * expansion that fails at run time ({{file:…}} gone) sets error. */
gboolean     se_rule_match             (const SeRule *self,
                                        const guint8 *data,
                                        gsize         len,
                                        guint64       counter,
                                        GBytes      **reply,
                                        GError      **error);

/* Takes the rules (SeRule, any number, NULL for none). */
SeRuleSet   *se_rule_set_new           (GPtrArray    *rules);
SeRuleSet   *se_rule_set_ref           (SeRuleSet    *self);
void         se_rule_set_unref         (SeRuleSet    *self);
guint        se_rule_set_get_n_rules   (const SeRuleSet *self);
SeRule      *se_rule_set_get_rule      (const SeRuleSet *self,
                                        guint            index);
/* The first rule that matches, or NULL; *reply as se_rule_match(). */
SeRule      *se_rule_set_match         (const SeRuleSet *self,
                                        const guint8    *data,
                                        gsize            len,
                                        guint64          counter,
                                        GBytes         **reply,
                                        GError         **error);

/* Workspaces: [ { "type": "regex", "match": "…", "reply": "…",
 * "delay": 0, "close": false }, … ] */
void         se_rule_set_to_json       (const SeRuleSet *self,
                                        JsonBuilder     *builder);
SeRuleSet   *se_rule_set_new_from_json (JsonNode        *node,
                                        GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeRule, se_rule_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeRuleSet, se_rule_set_unref)

G_END_DECLS
