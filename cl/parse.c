/*
 * cl/parse.c - CL command syntax: text -> struct qs_cl_stmt.
 *
 * Owns the lexical rules of a CL command: blanks separate values, '(' ')'
 * group lists (nested up to QS_MAX_CL_NEST), '...' quotes strings with ''
 * for a quote, X'..' is a hex literal, '/' joins the parts of a qualified
 * name, KWD( starts a keyword parameter, a comment is a blank, a leading
 * "name:" is a label.  A %BIF( ... ) is kept as one word so expressions in
 * positional values survive as text.  Everything else is the binder's job.
 *
 * The statement copies the text once; every node points into that copy.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cl/parse.h"
#include "qsys/base/err.h"
#include "qsys/base/limits.h"
#include "qsys/base/str.h"

struct lexer {
    const char       *s;
    size_t            n;
    size_t            i;
    struct qs_cl_pos *pos;
    struct qs_err    *err;
};

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int is_name_first(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '$' || c == '#' || c == '@';
}

static int is_name_char(char c)
{
    return is_name_first(c) || (c >= '0' && c <= '9') || c == '_' || c == '.';
}

int qs_cl_is_name(const char *s, size_t n)
{
    if (n == 0 || !is_name_first(s[0]) || (s[0] >= 'a' && s[0] <= 'z'))
        return 0;
    for (size_t i = 1; i < n; i++)
        if (!is_name_char(s[i]) || (s[i] >= 'a' && s[i] <= 'z'))
            return 0;
    return 1;
}

static int lex_fail(struct lexer *lx, size_t at, const char *msgid, const char *v1, const char *v2)
{
    if (lx->pos)
        lx->pos->col = (unsigned)at + 1;
    return qs_err_set(lx->err, msgid, v1, v2, (const char *)NULL);
}

/* CPD0020: character c not valid following the text before it. */
static int lex_bad_char(struct lexer *lx, size_t at)
{
    char c[2] = { lx->s[at], '\0' };
    size_t from = at > 32 ? at - 32 : 0;
    char before[33];
    memcpy(before, lx->s + from, at - from);
    before[at - from] = '\0';
    return lex_fail(lx, at, "CPD0020", c, before);
}

/* Skip blanks and comments. */
static int skip_blanks(struct lexer *lx)
{
    for (;;) {
        while (lx->i < lx->n && is_blank(lx->s[lx->i]))
            lx->i++;
        if (lx->i + 1 < lx->n && lx->s[lx->i] == '/' && lx->s[lx->i + 1] == '*') {
            const char *end = NULL;
            for (size_t j = lx->i + 2; j + 1 < lx->n; j++)
                if (lx->s[j] == '*' && lx->s[j + 1] == '/') {
                    end = lx->s + j;
                    break;
                }
            /* an unterminated comment runs to the end, as IBM reads it */
            lx->i = end ? (size_t)(end - lx->s) + 2 : lx->n;
            continue;
        }
        return 0;
    }
}

static void node_free(struct qs_cl_node *nd)
{
    for (size_t i = 0; i < nd->nkid; i++)
        node_free(&nd->kid[i]);
    free(nd->kid);
    free(nd->str);
    nd->kid = NULL;
    nd->str = NULL;
    nd->nkid = 0;
}

static int kid_push(struct lexer *lx, struct qs_cl_node *parent, size_t *cap, struct qs_cl_node **r)
{
    if (parent->nkid == *cap) {
        size_t nc = *cap ? *cap * 2 : 4;
        struct qs_cl_node *k = realloc(parent->kid, nc * sizeof *k);
        if (!k)
            return qs_err_sys(lx->err, ENOMEM);
        parent->kid = k;
        *cap = nc;
    }
    *r = &parent->kid[parent->nkid++];
    memset(*r, 0, sizeof **r);
    return 0;
}

static int parse_list_body(struct lexer *lx, struct qs_cl_node *list, unsigned depth);

/* A quoted string starting at lx->i (on the quote), or X'..' when hex. */
static int parse_string(struct lexer *lx, struct qs_cl_node *nd, int hex)
{
    size_t start = lx->i - (hex ? 1 : 0);
    size_t j = lx->i + 1;
    size_t cap = 16, n = 0;
    char *out = malloc(cap);
    if (!out)
        return qs_err_sys(lx->err, ENOMEM);
    for (;;) {
        if (j >= lx->n) {
            free(out);
            return lex_fail(lx, lx->i, "CPD0005", NULL, NULL);
        }
        char c = lx->s[j];
        if (c == '\'') {
            if (j + 1 < lx->n && lx->s[j + 1] == '\'') {
                j++;
            } else {
                j++;
                break;
            }
        }
        if (n + 2 > cap) {
            char *o = realloc(out, cap * 2);
            if (!o) {
                free(out);
                return qs_err_sys(lx->err, ENOMEM);
            }
            out = o;
            cap *= 2;
        }
        out[n++] = c;
        j++;
    }
    out[n] = '\0';
    if (hex) {
        size_t k = 0;
        if (n % 2) {
            free(out);
            return lex_fail(lx, start, "CPD0020", "'", "X");
        }
        for (size_t m = 0; m < n; m += 2) {
            int v = 0;
            for (int h = 0; h < 2; h++) {
                char c = out[m + (size_t)h];
                int d = c >= '0' && c <= '9' ? c - '0'
                      : c >= 'A' && c <= 'F' ? c - 'A' + 10
                      : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
                if (d < 0) {
                    free(out);
                    return lex_fail(lx, start, "CPD0020", "X", "'");
                }
                v = v * 16 + d;
            }
            out[k++] = (char)v;
        }
        out[k] = '\0';
        n = k;
    }
    nd->kind = QS_CL_N_STR;
    nd->str = out;
    nd->slen = n;
    nd->span = lx->s + start;
    nd->spanlen = j - start;
    nd->col = (unsigned)start + 1;
    lx->i = j;
    return 0;
}

/* One atom: ( list ), 'string', X'hex', or a word. */
static int parse_atom(struct lexer *lx, struct qs_cl_node *nd, unsigned depth)
{
    size_t st = lx->i;
    char c = lx->s[st];
    if (c == '(') {
        if (depth >= QS_MAX_CL_NEST)
            return lex_fail(lx, st, "CPD0004", NULL, NULL);
        nd->kind = QS_CL_N_LIST;
        nd->col = (unsigned)st + 1;
        lx->i++;
        if (parse_list_body(lx, nd, depth + 1) < 0)
            return -1;
        nd->span = lx->s + st;
        nd->spanlen = lx->i - st;
        return 0;
    }
    if (c == '\'')
        return parse_string(lx, nd, 0);
    if ((c == 'X' || c == 'x') && st + 1 < lx->n && lx->s[st + 1] == '\'') {
        lx->i++;
        return parse_string(lx, nd, 1);
    }
    if (c == ')')
        return lex_fail(lx, st, "CPD0004", NULL, NULL);
    /* a word; one starting with '/' is an unquoted path and takes its slashes */
    size_t j = st;
    int path = c == '/';
    while (j < lx->n) {
        char d = lx->s[j];
        if (is_blank(d) || d == ')' || d == '\'' || (d == '/' && !path))
            break;
        if (d == '(') {
            /* %SST( ... ) and similar stay inside the word */
            if (lx->s[st] != '%')
                break;
            int lvl = 0;
            int inq = 0;
            for (; j < lx->n; j++) {
                char e = lx->s[j];
                if (e == '\'')
                    inq = !inq;
                else if (!inq && e == '(')
                    lvl++;
                else if (!inq && e == ')' && --lvl == 0)
                    break;
            }
            if (j >= lx->n)
                return lex_fail(lx, st, "CPD0004", NULL, NULL);
        }
        j++;
    }
    if (j == st)
        return lex_bad_char(lx, st);
    nd->kind = QS_CL_N_WORD;
    nd->span = lx->s + st;
    nd->spanlen = j - st;
    nd->col = (unsigned)st + 1;
    lx->i = j;
    return 0;
}

/* An element: atom or atom/atom/... (no blanks around '/'). */
static int parse_elem(struct lexer *lx, struct qs_cl_node *nd, unsigned depth)
{
    size_t st = lx->i;
    if (parse_atom(lx, nd, depth) < 0)
        return -1;
    if (lx->i >= lx->n || lx->s[lx->i] != '/' || lx->s[st] == '/')
        return 0;
    /* qualified: move the first atom into a QUAL node */
    struct qs_cl_node first = *nd, *k;
    size_t cap = 0;
    memset(nd, 0, sizeof *nd);
    nd->kind = QS_CL_N_QUAL;
    nd->col = first.col;
    if (kid_push(lx, nd, &cap, &k) < 0) {
        node_free(&first);
        return -1;
    }
    *k = first;
    while (lx->i < lx->n && lx->s[lx->i] == '/') {
        lx->i++;
        if (lx->i >= lx->n || is_blank(lx->s[lx->i]) || lx->s[lx->i] == ')' || lx->s[lx->i] == '/')
            return lex_bad_char(lx, lx->i - 1);
        if (kid_push(lx, nd, &cap, &k) < 0 || parse_atom(lx, k, depth) < 0)
            return -1;
        if (nd->nkid > 8)
            return lex_fail(lx, k->col - 1, "CPD0020", "/", "");
    }
    nd->span = lx->s + st;
    nd->spanlen = lx->i - st;
    return 0;
}

/* Elements up to the matching ')' (lx->i is just past '('). */
static int parse_list_body(struct lexer *lx, struct qs_cl_node *list, unsigned depth)
{
    size_t open = lx->i - 1, cap = 0;
    for (;;) {
        skip_blanks(lx);
        if (lx->i >= lx->n)
            return lex_fail(lx, open, "CPD0004", NULL, NULL);
        if (lx->s[lx->i] == ')') {
            lx->i++;
            return 0;
        }
        struct qs_cl_node *k;
        if (kid_push(lx, list, &cap, &k) < 0 || parse_elem(lx, k, depth) < 0)
            return -1;
    }
}

void qs_cl_stmt_free(struct qs_cl_stmt **sp)
{
    struct qs_cl_stmt *s = sp ? *sp : NULL;
    if (!s)
        return;
    for (size_t i = 0; i < s->nparm; i++)
        node_free(&s->parm[i].val);
    free(s->parm);
    free(s->text);
    free(s);
    *sp = NULL;
}

void qs_cl_stmt_cmdname(const struct qs_cl_stmt *s, char buf[11])
{
    size_t n = s && s->name ? s->namelen : 0;
    if (n > 10)
        n = 10;
    for (size_t i = 0; i < n; i++) {
        char c = s->name[i];
        buf[i] = (c >= 'a' && c <= 'z') ? (char)(c - 32) : c;
    }
    buf[n] = '\0';
}

static size_t name_run(const char *s, size_t i, size_t n)
{
    size_t j = i;
    if (j < n && is_name_first(s[j])) {
        while (j < n && is_name_char(s[j]))
            j++;
    }
    return j - i;
}

static int parse_params(struct lexer *lx, struct qs_cl_stmt *s)
{
    size_t cap = 0;
    for (;;) {
        skip_blanks(lx);
        if (lx->i >= lx->n)
            return 0;
        if (s->nparm >= QS_MAX_CL_PARMS)
            return lex_fail(lx, lx->i, "CPD0044", NULL, NULL);
        if (s->nparm == cap) {
            size_t nc = cap ? cap * 2 : 8;
            struct qs_cl_pnode *p = realloc(s->parm, nc * sizeof *p);
            if (!p)
                return qs_err_sys(lx->err, ENOMEM);
            s->parm = p;
            cap = nc;
        }
        struct qs_cl_pnode *p = &s->parm[s->nparm++];
        memset(p, 0, sizeof *p);
        p->col = (unsigned)lx->i + 1;
        size_t k = name_run(lx->s, lx->i, lx->n);
        if (k > 0 && lx->i + k < lx->n && lx->s[lx->i + k] == '(') {
            p->kwd = lx->s + lx->i;
            p->kwdlen = k;
            size_t st = lx->i + k;
            lx->i = st + 1;
            p->val.kind = QS_CL_N_LIST;
            p->val.col = (unsigned)st + 1;
            if (parse_list_body(lx, &p->val, 1) < 0)
                return -1;
            p->val.span = lx->s + st;
            p->val.spanlen = lx->i - st;
        } else if (parse_elem(lx, &p->val, 0) < 0) {
            return -1;
        }
        /* values must be separated by blanks */
        if (lx->i < lx->n && lx->s[lx->i] == ')')
            return lex_fail(lx, lx->i, "CPD0004", NULL, NULL);
        if (lx->i < lx->n && !is_blank(lx->s[lx->i]) && lx->s[lx->i] != '/')
            return lex_bad_char(lx, lx->i);
    }
}

int qs_cl_stmt_parse(const char *src, size_t len, struct qs_cl_stmt **r,
                     struct qs_cl_pos *pos, struct qs_err *err)
{
    struct qs_cl_stmt *s;
    struct lexer lx;

    *r = NULL;
    if (pos)
        pos->col = 0;
    if (len > QS_MAX_CL_COMMAND) {
        char lim[24];
        snprintf(lim, sizeof lim, "%u", QS_MAX_CL_COMMAND);
        return qs_err_set(err, "CPD0074", "0", "CMD", "", lim, (const char *)NULL);
    }
    s = calloc(1, sizeof *s);
    if (!s || !(s->text = malloc(len + 1))) {
        free(s);
        return qs_err_sys(err, ENOMEM);
    }
    memcpy(s->text, src, len);
    s->text[len] = '\0';
    s->len = len;
    lx = (struct lexer){ s->text, len, 0, pos, err };

    skip_blanks(&lx);
    size_t k = name_run(lx.s, lx.i, lx.n);
    if (k > 0 && lx.i + k < lx.n && lx.s[lx.i + k] == ':') {
        s->label = lx.s + lx.i;
        s->labellen = k;
        lx.i += k + 1;
        skip_blanks(&lx);
        k = name_run(lx.s, lx.i, lx.n);
    }
    if (lx.i >= lx.n) {
        if (s->label) {
            *r = s;
            return 0;
        }
        qs_cl_stmt_free(&s);
        return qs_err_set(err, "CPD0020", " ", "", (const char *)NULL);
    }
    if (k > 0 && lx.i + k < lx.n && lx.s[lx.i + k] == '/') {
        s->lib = lx.s + lx.i;
        s->liblen = k;
        lx.i += k + 1;
        k = name_run(lx.s, lx.i, lx.n);
    }
    if (k == 0 || k > 10) {
        int rc = k == 0 ? lex_bad_char(&lx, lx.i < lx.n ? lx.i : lx.n - 1)
                        : lex_fail(&lx, lx.i, "CPD0030", "", "*LIBL");
        if (k > 10) {
            char nm[64];
            qs_strlcpy(nm, lx.s + lx.i, k + 1 < sizeof nm ? k + 1 : sizeof nm);
            qs_err_set(err, "CPD0030", nm, "*LIBL", (const char *)NULL);
        }
        qs_cl_stmt_free(&s);
        return rc;
    }
    s->name = lx.s + lx.i;
    s->namelen = k;
    s->namecol = (unsigned)lx.i + 1;
    lx.i += k;
    if (lx.i < lx.n && !is_blank(lx.s[lx.i]) &&
        !(lx.s[lx.i] == '/' && lx.i + 1 < lx.n && lx.s[lx.i + 1] == '*')) {
        int rc = lex_bad_char(&lx, lx.i);
        qs_cl_stmt_free(&s);
        return rc;
    }
    if (parse_params(&lx, s) < 0) {
        qs_cl_stmt_free(&s);
        return -1;
    }
    *r = s;
    return 0;
}
