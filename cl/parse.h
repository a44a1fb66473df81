/*
 * cl/parse.h - the CL command parser (internal to cl/).
 *
 * Two steps, so that a CL program parses each statement once and binds it
 * each time it runs (after substituting variables):
 *
 *   qs_cl_stmt_parse()  text -> struct qs_cl_stmt: label, command name and the
 *                       parameters as written (a tree of words, quoted
 *                       strings, qualified names and parenthesised lists).
 *                       Knows nothing about commands; syntax errors only.
 *   qs_cl_bind()        stmt + command definition -> struct qs_cl_args:
 *                       keywords and positions matched to parameters, variables
 *                       resolved, values type/length/range checked, defaults
 *                       applied.
 *
 * Errors are IBM CPD messages in `err` with the 1-based column of the value
 * at fault in pos->col (0 when the error is not tied to one place).  The tree
 * points into the statement's own copy of the text; nothing is modified in
 * place.  Invariant: nesting depth <= QS_MAX_CL_NEST, parameters <=
 * QS_MAX_CL_PARMS, the text <= QS_MAX_CL_COMMAND.
 */
#ifndef QS_CL_PARSE_H
#define QS_CL_PARSE_H

#include <stddef.h>

#include "cl/cmd.h"

struct qs_err;
struct qs_buf;

struct qs_cl_pos {
    unsigned line;   /* source line of the statement (CL programs), else 0 */
    unsigned col;    /* 1-based column within the statement, 0 if none */
};

enum qs_cl_nkind {
    QS_CL_N_WORD,    /* unquoted run: *LIBL, ABC, &VAR, 12.5, %SST(&A 1 2) */
    QS_CL_N_STR,     /* quoted string or X'..' literal, decoded into str */
    QS_CL_N_LIST,    /* ( ... ): kids are the elements */
    QS_CL_N_QUAL     /* A/B/C: kids are the parts in written order */
};

struct qs_cl_node {
    enum qs_cl_nkind   kind;
    const char        *span;     /* the node's source text (with quotes/parens) */
    size_t             spanlen;
    char              *str;      /* STR: decoded value (heap), NUL-terminated */
    size_t             slen;
    unsigned           col;
    struct qs_cl_node *kid;
    size_t             nkid;
};

struct qs_cl_pnode {
    const char        *kwd;      /* NULL for a positional value */
    size_t             kwdlen;
    unsigned           col;
    struct qs_cl_node  val;      /* keyword: LIST of what is inside KWD(...) */
};

struct qs_cl_stmt {
    char               *text;    /* owned copy of the statement */
    size_t              len;
    const char         *label;   /* "LOOP" of "LOOP: CHGVAR ..." or NULL */
    size_t              labellen;
    const char         *lib;     /* "QSYS" of "QSYS/CRTDTAARA" or NULL */
    size_t              liblen;
    const char         *name;    /* command name as written, NULL for a bare label */
    size_t              namelen;
    unsigned            namecol;
    struct qs_cl_pnode *parm;
    size_t              nparm;
    unsigned            line;    /* set by the caller (CL programs) */
};

/* Parse one command.  0, or -1 with err (CPD0004/CPD0005/CPD0020…) and pos. */
int  qs_cl_stmt_parse(const char *src, size_t len, struct qs_cl_stmt **r,
                      struct qs_cl_pos *pos, struct qs_err *err);
void qs_cl_stmt_free(struct qs_cl_stmt **s);
/* Command name of a parsed statement, upper-cased, in buf[11]; "" if none. */
void qs_cl_stmt_cmdname(const struct qs_cl_stmt *s, char buf[11]);

/* Variables for binding: `get` appends the value of &name (name without the
 * ampersand, upper case) to out and returns 0, or returns -1 with err set. */
struct qs_cl_resolver {
    int  (*get)(void *arg, const char *name, struct qs_buf *out, struct qs_err *err);
    /* Evaluate a CL expression written as a parameter value
     * (MSG('File' *BCAT &F), %SST(...)); NULL = expressions not allowed. */
    int  (*eval)(void *arg, const char *expr, size_t len, struct qs_buf *out, struct qs_err *err);
    void  *arg;
};

int  qs_cl_bind(const struct qs_cl_cmd *cmd, const struct qs_cl_stmt *st,
                const struct qs_cl_resolver *rv, struct qs_cl_args **r,
                struct qs_cl_pos *pos, struct qs_err *err);
void qs_cl_args_free(struct qs_cl_args **a);

/* Is s[0..n) a valid IBM name (A-Z $ # @ first, then also 0-9 _ .)? */
int  qs_cl_is_name(const char *s, size_t n);

/* Internal representation shared by bind.c and args.c. */
enum qs_cl_vkind { QS_CL_V_SCALAR, QS_CL_V_QUAL, QS_CL_V_ELEMS, QS_CL_V_LIST };
struct qs_cl_val {
    enum qs_cl_vkind  kind;
    unsigned char     given;
    char             *s;      /* scalar text, NUL-terminated; NULL = "" */
    size_t            len;
    struct qs_cl_val *item;
    unsigned          n;
};
struct qs_cl_args {
    const struct qs_cl_cmd *cmd;
    struct qs_cl_val       *v;   /* one per cmd->parms[i] */
};

#endif
