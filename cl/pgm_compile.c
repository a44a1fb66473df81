/*
 * cl/pgm_compile.c - CL source -> a flat program of ops (see pgm_int.h).
 *
 * Owns the structure rules of a CL program: PGM first, DCLs before the
 * first command, program-level MONMSGs right after the DCLs, command-level
 * MONMSGs right after their command, ELSE right after the IF it belongs to
 * (the nearest unpaired one), DO/DOWHILE/DOUNTIL/DOFOR ... ENDDO and
 * SELECT/WHEN/OTHERWISE/ENDSELECT nested up to 25 levels, labels unique and
 * every GOTO/LEAVE/ITERATE target defined.  Commands without variables are
 * bound here already, so their CPD errors come at compile time as with
 * CRTCLPGM.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cl/pgm_int.h"
#include "cl/src.h"
#include "qsys/base/err.h"
#include "qsys/base/limits.h"
#include "qsys/base/str.h"

#define MAX_NEST 25

struct loop {
    char     label[11];
    size_t   iter_target;  /* ITERATE goes here (known for DOWHILE/DOFOR/DOUNTIL at end) */
    size_t  *leaves, nleaves;
    size_t  *iters, niters;
};

struct label {
    char   name[11];
    size_t op;
    unsigned line;
};

struct comp {
    struct qs_cl_prog *p;
    size_t             i;        /* next statement */
    struct loop        loop[MAX_NEST];
    unsigned           nloop;
    unsigned           nest;
    struct label      *lab;
    size_t             nlab;
    size_t             last_cmd; /* op index of the last command, for MONMSG; SIZE_MAX none */
    size_t            *mongroup; /* jumps to the end of the current MONMSG group */
    size_t             nmongroup;
    int                seen_cmd; /* an executable statement was compiled */
    int                seen_pgm;
    int                in_subr;
    int                ended;
    struct qs_cl_pos  *pos;
    struct qs_err     *err;
};

static int fail(struct comp *c, unsigned line, unsigned col, const char *msgid, const char *v1)
{
    if (c->pos) {
        c->pos->line = line;
        c->pos->col = col;
    }
    return qs_err_set(c->err, msgid, v1, (const char *)NULL);
}

static int emit(struct comp *c, enum qs_cl_opk k, unsigned line, size_t *idx_r)
{
    struct qs_cl_prog *p = c->p;
    if (p->nop == p->capop) {
        size_t nc = p->capop ? p->capop * 2 : 64;
        struct qs_cl_op *o = realloc(p->op, nc * sizeof *o);
        if (!o)
            return qs_err_sys(c->err, ENOMEM);
        p->op = o;
        p->capop = nc;
    }
    memset(&p->op[p->nop], 0, sizeof p->op[0]);
    p->op[p->nop].k = k;
    p->op[p->nop].line = line;
    *idx_r = p->nop++;
    return 0;
}

static int push_idx(struct comp *c, size_t **arr, size_t *n, size_t v)
{
    size_t *a = realloc(*arr, (*n + 1) * sizeof *a);
    if (!a)
        return qs_err_sys(c->err, ENOMEM);
    a[(*n)++] = v;
    *arr = a;
    return 0;
}

static int add_stmt(struct comp *c, struct qs_cl_stmt *st)
{
    struct qs_cl_prog *p = c->p;
    if (p->nst == p->capst) {
        size_t nc = p->capst ? p->capst * 2 : 64;
        struct qs_cl_stmt **s = realloc(p->st, nc * sizeof *s);
        if (!s)
            return qs_err_sys(c->err, ENOMEM);
        p->st = s;
        p->capst = nc;
    }
    p->st[p->nst++] = st;
    return 0;
}

/* Constant expressions in command parameters are checked at compile time. */
static int const_eval(void *arg, const char *expr, size_t len, struct qs_buf *out,
                      struct qs_err *err)
{
    static const struct qs_cl_vars none = { NULL, 0 };
    (void)arg;
    return qs_cl_eval_text(&none, expr, len, out, err);
}

/* Bind a program statement against its definition (no variables needed). */
static int bind_stmt(struct comp *c, const struct qs_cl_cmd *cmd, const struct qs_cl_stmt *st,
                     struct qs_cl_args **a)
{
    struct qs_cl_pos pos = { st->line, 0 };
    struct qs_cl_resolver rv = { NULL, const_eval, NULL };
    if (qs_cl_bind(cmd, st, &rv, a, &pos, c->err) < 0) {
        if (c->pos) {
            c->pos->line = st->line;
            c->pos->col = pos.col;
        }
        return -1;
    }
    return 0;
}

static int define_label(struct comp *c, const struct qs_cl_stmt *st)
{
    char name[11];
    if (!st->label)
        return 0;
    size_t n = st->labellen < 10 ? st->labellen : 10;
    memcpy(name, st->label, n);
    name[n] = '\0';
    qs_str_upper(name);
    if (st->labellen > 10)
        return fail(c, st->line, 1, "CPD0071", name);
    for (size_t i = 0; i < c->nlab; i++)
        if (strcmp(c->lab[i].name, name) == 0)
            return fail(c, st->line, 1, "CPD0716", name);
    struct label *l = realloc(c->lab, (c->nlab + 1) * sizeof *l);
    if (!l)
        return qs_err_sys(c->err, ENOMEM);
    c->lab = l;
    qs_strlcpy(l[c->nlab].name, name, sizeof l[0].name);
    l[c->nlab].op = c->p->nop;
    l[c->nlab].line = st->line;
    c->nlab++;
    return 0;
}

static int compile_one(struct comp *c, struct qs_cl_stmt *st);

/* Compile a command given as text (THEN, ELSE CMD, EXEC, OTHERWISE). */
static int compile_text(struct comp *c, const char *text, size_t len, unsigned line)
{
    struct qs_cl_stmt *st = NULL;
    struct qs_cl_pos pos = { line, 0 };
    while (len > 0 && text[len - 1] == ' ')
        len--;
    while (len > 0 && *text == ' ') {
        text++;
        len--;
    }
    if (len == 0)
        return 0;
    if (qs_cl_stmt_parse(text, len, &st, &pos, c->err) < 0) {
        if (c->pos) {
            c->pos->line = line;
            c->pos->col = pos.col;
        }
        return -1;
    }
    st->line = line;
    if (add_stmt(c, st) < 0) {
        qs_cl_stmt_free(&st);
        return -1;
    }
    return compile_one(c, st);
}

/* Statements up to the matching end statement (ENDDO). */
static int compile_block(struct comp *c, const char *end, unsigned line)
{
    if (++c->nest > MAX_NEST)
        return fail(c, line, 0, "CPD0717", end);
    for (;;) {
        if (c->i >= c->p->nst || c->ended)
            return fail(c, line, 0, "CPD0717", end);
        struct qs_cl_stmt *st = c->p->st[c->i++];
        char nm[11];
        qs_cl_stmt_cmdname(st, nm);
        if (strcmp(nm, end) == 0) {
            if (define_label(c, st) < 0)
                return -1;
            c->nest--;
            return 0;
        }
        if (compile_one(c, st) < 0)
            return -1;
    }
}

/* The THEN part: "DO" opens a block from the statement stream. */
static int compile_then(struct comp *c, const char *text, size_t len, unsigned line)
{
    while (len > 0 && text[len - 1] == ' ')
        len--;
    while (len > 0 && *text == ' ') {
        text++;
        len--;
    }
    if (len == 2 && qs_memcaseeq(text, 2, "DO"))
        return compile_block(c, "ENDDO", line);
    return compile_text(c, text, len, line);
}

static struct qs_cl_stmt *peek(struct comp *c, const char *name)
{
    char nm[11];
    if (c->i >= c->p->nst)
        return NULL;
    qs_cl_stmt_cmdname(c->p->st[c->i], nm);
    return strcmp(nm, name) == 0 ? c->p->st[c->i] : NULL;
}

static int compile_if(struct comp *c, const struct qs_cl_cmd *cmd, struct qs_cl_stmt *st)
{
    struct qs_cl_args *a = NULL;
    size_t jf, jend;
    if (bind_stmt(c, cmd, st, &a) < 0 || emit(c, QS_CL_OP_JF, st->line, &jf) < 0)
        goto fail;
    c->p->op[jf].a = strdup(qs_cl_str(a, "COND"));
    if (!c->p->op[jf].a)
        goto nomem;
    const char *then = qs_cl_str(a, "THEN");
    if (compile_then(c, then, strlen(then), st->line) < 0)
        goto fail;
    struct qs_cl_stmt *el = peek(c, "ELSE");
    if (el) {
        struct qs_cl_args *b = NULL;
        const struct qs_cl_cmd *ecmd = qs_cl_cmd_find("ELSE", 4);
        c->i++;
        if (emit(c, QS_CL_OP_JUMP, el->line, &jend) < 0)
            goto fail;
        c->p->op[jf].target = c->p->nop;
        if (define_label(c, el) < 0)
            goto fail;
        const char *cmdtext;
        size_t cmdlen;
        if (el->nparm > 1) {
            /* ELSE CHGVAR ... written without CMD( ): the rest is the command */
            cmdtext = el->name + el->namelen;
            cmdlen = (size_t)(el->text + el->len - cmdtext);
        } else {
            if (bind_stmt(c, ecmd, el, &b) < 0)
                goto fail;
            cmdtext = qs_cl_str(b, "CMD");
            cmdlen = strlen(cmdtext);
        }
        int rc = compile_then(c, cmdtext, cmdlen, el->line);
        qs_cl_args_free(&b);
        if (rc < 0)
            goto fail;
        c->p->op[jend].target = c->p->nop;
    } else {
        c->p->op[jf].target = c->p->nop;
    }
    qs_cl_args_free(&a);
    return 0;
nomem:
    qs_err_sys(c->err, ENOMEM);
fail:
    qs_cl_args_free(&a);
    return -1;
}

static int compile_select(struct comp *c, struct qs_cl_stmt *st)
{
    size_t *ends = NULL, nends = 0;
    int have_other = 0;
    if (++c->nest > MAX_NEST)
        return fail(c, st->line, 0, "CPD0717", "ENDSELECT");
    for (;;) {
        if (c->i >= c->p->nst) {
            free(ends);
            return fail(c, st->line, 0, "CPD0717", "ENDSELECT");
        }
        struct qs_cl_stmt *w = c->p->st[c->i++];
        char nm[11];
        struct qs_cl_args *a = NULL;
        qs_cl_stmt_cmdname(w, nm);
        if (define_label(c, w) < 0)
            goto fail;
        if (strcmp(nm, "ENDSELECT") == 0)
            break;
        if (strcmp(nm, "WHEN") == 0 && !have_other) {
            size_t jf, je;
            if (bind_stmt(c, qs_cl_cmd_find("WHEN", 4), w, &a) < 0 ||
                emit(c, QS_CL_OP_JF, w->line, &jf) < 0)
                goto fail;
            c->p->op[jf].a = strdup(qs_cl_str(a, "COND"));
            const char *then = qs_cl_str(a, "THEN");
            if (!c->p->op[jf].a || compile_then(c, then, strlen(then), w->line) < 0 ||
                emit(c, QS_CL_OP_JUMP, w->line, &je) < 0 || push_idx(c, &ends, &nends, je) < 0) {
                qs_cl_args_free(&a);
                goto fail;
            }
            c->p->op[jf].target = c->p->nop;
        } else if (strcmp(nm, "OTHERWISE") == 0 && !have_other) {
            have_other = 1;
            const char *cmd;
            size_t cmdlen;
            if (w->nparm > 1) {   /* OTHERWISE CHGVAR ... without CMD( ) */
                cmd = w->name + w->namelen;
                cmdlen = (size_t)(w->text + w->len - cmd);
            } else {
                if (bind_stmt(c, qs_cl_cmd_find("OTHERWISE", 9), w, &a) < 0)
                    goto fail;
                cmd = qs_cl_str(a, "CMD");
                cmdlen = strlen(cmd);
            }
            if (compile_then(c, cmd, cmdlen, w->line) < 0) {
                qs_cl_args_free(&a);
                goto fail;
            }
        } else {
            fail(c, w->line, w->namecol, "CPD0710", nm);
            goto fail;
        }
        qs_cl_args_free(&a);
    }
    for (size_t k = 0; k < nends; k++)
        c->p->op[ends[k]].target = c->p->nop;
    free(ends);
    c->nest--;
    return 0;
fail:
    free(ends);
    return -1;
}

static int loop_find(struct comp *c, const char *label, unsigned line, struct loop **l_r)
{
    if (c->nloop == 0)
        return fail(c, line, 0, "CPD0718", label);
    if (qs_strcaseeq(label, "*CURRENT") || !*label) {
        *l_r = &c->loop[c->nloop - 1];
        return 0;
    }
    for (unsigned k = c->nloop; k > 0; k--)
        if (qs_strcaseeq(c->loop[k - 1].label, label)) {
            *l_r = &c->loop[k - 1];
            return 0;
        }
    return fail(c, line, 0, "CPD0715", label);
}

static void loop_close(struct comp *c, size_t iter, size_t end)
{
    struct loop *l = &c->loop[c->nloop - 1];
    for (size_t k = 0; k < l->nleaves; k++)
        c->p->op[l->leaves[k]].target = end;
    for (size_t k = 0; k < l->niters; k++)
        c->p->op[l->iters[k]].target = iter;
    free(l->leaves);
    free(l->iters);
    c->nloop--;
}

static int loop_open(struct comp *c, const struct qs_cl_stmt *st)
{
    if (c->nloop >= MAX_NEST)
        return fail(c, st->line, 0, "CPD0717", "ENDDO");
    struct loop *l = &c->loop[c->nloop++];
    memset(l, 0, sizeof *l);
    if (st->label) {
        size_t n = st->labellen < 10 ? st->labellen : 10;
        memcpy(l->label, st->label, n);
        l->label[n] = '\0';
        qs_str_upper(l->label);
    }
    return 0;
}

static int compile_loop(struct comp *c, const struct qs_cl_cmd *cmd, struct qs_cl_stmt *st,
                        const char *nm)
{
    struct qs_cl_args *a = NULL;
    size_t top, jf = 0, j;
    if (bind_stmt(c, cmd, st, &a) < 0 || loop_open(c, st) < 0)
        goto fail;
    if (strcmp(nm, "DOFOR") == 0) {
        size_t init, test;
        if (emit(c, QS_CL_OP_FORINIT, st->line, &init) < 0)
            goto fail;
        c->p->op[init].a = strdup(qs_cl_str(a, "VAR") + 1);
        c->p->op[init].b = strdup(qs_cl_str(a, "FROM"));
        top = c->p->nop;
        if (emit(c, QS_CL_OP_FORTEST, st->line, &test) < 0)
            goto fail;
        c->p->op[test].a = strdup(qs_cl_str(a, "VAR") + 1);
        c->p->op[test].b = strdup(qs_cl_str(a, "TO"));
        c->p->op[test].by = qs_cl_int(a, "BY");
        if (!c->p->op[init].a || !c->p->op[init].b || !c->p->op[test].a || !c->p->op[test].b)
            goto nomem;
        if (compile_block(c, "ENDDO", st->line) < 0)
            goto fail;
        size_t step = c->p->nop;
        if (emit(c, QS_CL_OP_FORSTEP, st->line, &j) < 0)
            goto fail;
        c->p->op[j].a = strdup(qs_cl_str(a, "VAR") + 1);
        c->p->op[j].by = qs_cl_int(a, "BY");
        if (!c->p->op[j].a || emit(c, QS_CL_OP_JUMP, st->line, &j) < 0)
            goto fail;
        c->p->op[j].target = top;
        c->p->op[test].target = c->p->nop;
        loop_close(c, step, c->p->nop);
    } else if (strcmp(nm, "DOWHILE") == 0) {
        top = c->p->nop;
        if (emit(c, QS_CL_OP_JF, st->line, &jf) < 0)
            goto fail;
        if (!(c->p->op[jf].a = strdup(qs_cl_str(a, "COND"))))
            goto nomem;
        if (compile_block(c, "ENDDO", st->line) < 0 || emit(c, QS_CL_OP_JUMP, st->line, &j) < 0)
            goto fail;
        c->p->op[j].target = top;
        c->p->op[jf].target = c->p->nop;
        loop_close(c, top, c->p->nop);
    } else {   /* DOUNTIL: body first, test at the end */
        top = c->p->nop;
        if (compile_block(c, "ENDDO", st->line) < 0)
            goto fail;
        size_t test = c->p->nop;
        if (emit(c, QS_CL_OP_JF, st->line, &jf) < 0)
            goto fail;
        if (!(c->p->op[jf].a = strdup(qs_cl_str(a, "COND"))))
            goto nomem;
        c->p->op[jf].target = top;
        loop_close(c, test, c->p->nop);
    }
    qs_cl_args_free(&a);
    return 0;
nomem:
    qs_err_sys(c->err, ENOMEM);
fail:
    qs_cl_args_free(&a);
    return -1;
}

static int compile_dcl(struct comp *c, const struct qs_cl_cmd *cmd, struct qs_cl_stmt *st)
{
    struct qs_cl_args *a = NULL;
    struct qs_cl_decl d;
    if (c->seen_cmd)
        return fail(c, st->line, st->namecol, "CPD0710", "DCL");
    if (bind_stmt(c, cmd, st, &a) < 0)
        return -1;
    memset(&d, 0, sizeof d);
    d.line = st->line;
    qs_strlcpy(d.v.name, qs_cl_str(a, "VAR") + 1, sizeof d.v.name);
    qs_str_upper(d.v.name);
    const struct qs_cl_val *len = qs_cl_arg(a, "LEN");
    long long ln = qs_cl_val_int(qs_cl_val_item(len, 0));
    long long dc = qs_cl_val_int(qs_cl_val_item(len, 1));
    int given = qs_cl_val_given(qs_cl_val_item(len, 0));
    const char *ty = qs_cl_str(a, "TYPE");
    if (strcmp(ty, "*CHAR") == 0) {
        d.v.type = QS_CL_VT_CHAR;
        d.v.len = given ? (unsigned)ln : 32;
        if (d.v.len > QS_CL_MAX_CHAR_VAR)
            goto badlen;
        d.v.size = d.v.len;
    } else if (strcmp(ty, "*DEC") == 0) {
        d.v.type = QS_CL_VT_DEC;
        d.v.len = given ? (unsigned)ln : 15;
        d.v.dec = given ? (unsigned)dc : 5;
        if (d.v.len > QS_CL_MAX_DEC || d.v.dec > d.v.len)
            goto badlen;
        d.v.size = d.v.len / 2 + 1;
    } else if (strcmp(ty, "*LGL") == 0) {
        d.v.type = QS_CL_VT_LGL;
        d.v.len = 1;
        if (given && ln != 1)
            goto badlen;
        d.v.size = 1;
    } else {
        d.v.type = strcmp(ty, "*INT") == 0 ? QS_CL_VT_INT : QS_CL_VT_UINT;
        d.v.len = given ? (unsigned)ln : 4;
        if (d.v.len != 2 && d.v.len != 4 && d.v.len != 8)
            goto badlen;
        d.v.size = d.v.len;
    }
    for (size_t i = 0; i < c->p->ndecl; i++)
        if (strcmp(c->p->decl[i].v.name, d.v.name) == 0) {
            qs_cl_args_free(&a);
            return fail(c, st->line, 0, "CPD0728", d.v.name);
        }
    if (c->p->ndecl >= QS_CL_MAX_VARS) {
        qs_cl_args_free(&a);
        return fail(c, st->line, 0, "CPD0710", "DCL");
    }
    if (qs_cl_given(a, "VALUE") && !(d.init = strdup(qs_cl_str(a, "VALUE")))) {
        qs_cl_args_free(&a);
        return qs_err_sys(c->err, ENOMEM);
    }
    struct qs_cl_decl *nd = realloc(c->p->decl, (c->p->ndecl + 1) * sizeof *nd);
    if (!nd) {
        free(d.init);
        qs_cl_args_free(&a);
        return qs_err_sys(c->err, ENOMEM);
    }
    c->p->decl = nd;
    nd[c->p->ndecl++] = d;
    qs_cl_args_free(&a);
    return 0;
badlen:
    qs_cl_args_free(&a);
    return fail(c, st->line, 0, "CPD0729", d.v.name);
}

/* A statement other than MONMSG ends the current MONMSG group. */
static void close_mongroup(struct comp *c)
{
    for (size_t k = 0; k < c->nmongroup; k++)
        c->p->op[c->mongroup[k]].target = c->p->nop;
    c->nmongroup = 0;
}

static int compile_monmsg(struct comp *c, const struct qs_cl_cmd *cmd, struct qs_cl_stmt *st)
{
    struct qs_cl_args *a = NULL;
    size_t m, j;
    int pgm_level = !c->seen_cmd;
    if (!pgm_level && c->last_cmd == (size_t)-1)
        return fail(c, st->line, st->namecol, "CPD0710", "MONMSG");
    if (bind_stmt(c, cmd, st, &a) < 0 || emit(c, QS_CL_OP_MONMSG, st->line, &m) < 0)
        goto fail;
    const struct qs_cl_val *ids = qs_cl_arg(a, "MSGID");
    unsigned n = qs_cl_val_count(ids);
    struct qs_cl_op *op = &c->p->op[m];
    op->ids = calloc(n ? n : 1, sizeof *op->ids);
    if (!op->ids)
        goto nomem;
    for (unsigned k = 0; k < n; k++) {
        const char *id = qs_cl_val_str(qs_cl_val_item(ids, k));
        if (strlen(id) != 7) {
            fail(c, st->line, 0, "CPD0084", id);
            qs_err_set(c->err, "CPD0084", "7", "MSGID", id, (const char *)NULL);
            goto fail;
        }
        qs_strlcpy(op->ids[k], id, sizeof op->ids[k]);
    }
    op->nids = n;
    if (!qs_cl_is(a, "CMPDTA", "*NONE") && !(op->cmpdta = strdup(qs_cl_str(a, "CMPDTA"))))
        goto nomem;
    if (pgm_level) {
        if (push_idx(c, &c->p->pgmmon, &c->p->npgmmon, m) < 0)
            goto fail;
    } else if (c->p->op[c->last_cmd].mon == 0) {
        c->p->op[c->last_cmd].mon = m;
    }
    /* EXEC is compiled inline; MONMSG's own statement does not become the
     * "last command" and must not take the following MONMSGs. */
    size_t save_last = c->last_cmd, *save_grp = c->mongroup, save_ngrp = c->nmongroup;
    const char *exec = qs_cl_str(a, "EXEC");
    int save_seen = c->seen_cmd, rc;
    c->seen_cmd = 1;
    c->mongroup = NULL;
    c->nmongroup = 0;
    rc = compile_then(c, exec, strlen(exec), st->line);
    close_mongroup(c);
    free(c->mongroup);
    c->mongroup = save_grp;
    c->nmongroup = save_ngrp;
    c->seen_cmd = save_seen;
    c->last_cmd = save_last;
    if (rc < 0)
        goto fail;
    if (emit(c, pgm_level ? QS_CL_OP_RESUME : QS_CL_OP_JUMP, st->line, &j) < 0)
        goto fail;
    if (!pgm_level && push_idx(c, &c->mongroup, &c->nmongroup, j) < 0)
        goto fail;
    c->p->op[m].target = c->p->nop;
    qs_cl_args_free(&a);
    return 0;
nomem:
    qs_err_sys(c->err, ENOMEM);
fail:
    qs_cl_args_free(&a);
    return -1;
}

/* SUBR name ... ENDSUBR: jumped over in normal flow, entered by CALLSUBR. */
static int compile_subr(struct comp *c, const struct qs_cl_cmd *cmd, struct qs_cl_stmt *st)
{
    struct qs_cl_args *a = NULL;
    size_t skip, r;
    if (c->in_subr || c->nest)
        return fail(c, st->line, st->namecol, "CPD0710", "SUBR");
    if (bind_stmt(c, cmd, st, &a) < 0)
        return -1;
    char name[11];
    qs_strlcpy(name, qs_cl_str(a, "SUBR"), sizeof name);
    qs_cl_args_free(&a);
    for (size_t k = 0; k < c->p->nsubr; k++)
        if (strcmp(c->p->subr[k].name, name) == 0)
            return fail(c, st->line, 0, "CPD0716", name);
    struct qs_cl_subr *ns = realloc(c->p->subr, (c->p->nsubr + 1) * sizeof *ns);
    if (!ns)
        return qs_err_sys(c->err, ENOMEM);
    c->p->subr = ns;
    if (emit(c, QS_CL_OP_JUMP, st->line, &skip) < 0)
        return -1;
    qs_strlcpy(ns[c->p->nsubr].name, name, sizeof ns[0].name);
    ns[c->p->nsubr].op = c->p->nop;
    c->p->nsubr++;
    c->in_subr = 1;
    /* the body runs to ENDSUBR, which returns like RTNSUBR */
    for (;;) {
        if (c->i >= c->p->nst)
            return fail(c, st->line, 0, "CPD0717", "ENDSUBR");
        struct qs_cl_stmt *s2 = c->p->st[c->i++];
        char nm[11];
        qs_cl_stmt_cmdname(s2, nm);
        if (strcmp(nm, "ENDSUBR") == 0) {
            close_mongroup(c);
            if (define_label(c, s2) < 0 || bind_stmt(c, qs_cl_cmd_find("ENDSUBR", 7), s2, &a) < 0 ||
                emit(c, QS_CL_OP_RTNSUBR, s2->line, &r) < 0) {
                qs_cl_args_free(&a);
                return -1;
            }
            if (qs_cl_given(a, "RTNVAL") && !(c->p->op[r].a = strdup(qs_cl_str(a, "RTNVAL")))) {
                qs_cl_args_free(&a);
                return qs_err_sys(c->err, ENOMEM);
            }
            qs_cl_args_free(&a);
            break;
        }
        if (compile_one(c, s2) < 0)
            return -1;
    }
    c->in_subr = 0;
    c->last_cmd = (size_t)-1;
    c->p->op[skip].target = c->p->nop;
    return 0;
}

static int has_var(const struct qs_cl_stmt *st)
{
    int inq = 0;
    for (size_t i = 0; i < st->len; i++) {
        if (st->text[i] == '\'')
            inq = !inq;
        else if (!inq && st->text[i] == '&')
            return 1;
    }
    return 0;
}

static int compile_one(struct comp *c, struct qs_cl_stmt *st)
{
    char nm[11];
    qs_cl_stmt_cmdname(st, nm);
    if (strcmp(nm, "MONMSG") != 0)
        close_mongroup(c);
    if (define_label(c, st) < 0)
        return -1;
    if (!st->name)
        return 0;
    const struct qs_cl_cmd *cmd = qs_cl_cmd_find(st->name, st->namelen);
    if (!cmd) {
        fail(c, st->line, st->namecol, "CPD0030", nm);
        return qs_err_set(c->err, "CPD0030", nm, "*LIBL", (const char *)NULL);
    }
    if (strcmp(nm, "PGM") == 0) {
        struct qs_cl_args *a = NULL;
        if (c->seen_pgm || c->p->ndecl || c->seen_cmd)
            return fail(c, st->line, st->namecol, "CPD0710", nm);
        c->seen_pgm = 1;
        if (bind_stmt(c, cmd, st, &a) < 0)
            return -1;
        const struct qs_cl_val *pv = qs_cl_arg(a, "PARM");
        unsigned n = qs_cl_val_count(pv);
        if (n && !(c->p->parm = calloc(n, sizeof *c->p->parm))) {
            qs_cl_args_free(&a);
            return qs_err_sys(c->err, ENOMEM);
        }
        for (unsigned k = 0; k < n; k++) {
            qs_strlcpy(c->p->parm[k], qs_cl_val_str(qs_cl_val_item(pv, k)) + 1, sizeof c->p->parm[k]);
            qs_str_upper(c->p->parm[k]);
        }
        c->p->nparm = n;
        qs_cl_args_free(&a);
        return 0;
    }
    if (strcmp(nm, "DCL") == 0)
        return compile_dcl(c, cmd, st);
    if (strcmp(nm, "DCLPRCOPT") == 0 || strcmp(nm, "COPYRIGHT") == 0) {
        struct qs_cl_args *a = NULL;
        int rc = bind_stmt(c, cmd, st, &a);   /* checked, then ignored */
        qs_cl_args_free(&a);
        return rc;
    }
    if (strcmp(nm, "MONMSG") == 0)
        return compile_monmsg(c, cmd, st);
    c->seen_cmd = 1;
    c->last_cmd = (size_t)-1;
    if (strcmp(nm, "ENDPGM") == 0) {
        size_t r;
        c->ended = 1;
        return emit(c, QS_CL_OP_RETURN, st->line, &r);
    }
    if (strcmp(nm, "RETURN") == 0) {
        size_t r;
        return emit(c, QS_CL_OP_RETURN, st->line, &r);
    }
    if (strcmp(nm, "IF") == 0)
        return compile_if(c, cmd, st);
    if (strcmp(nm, "DO") == 0)
        return compile_block(c, "ENDDO", st->line);
    if (strcmp(nm, "SELECT") == 0)
        return compile_select(c, st);
    if (strcmp(nm, "DOWHILE") == 0 || strcmp(nm, "DOUNTIL") == 0 || strcmp(nm, "DOFOR") == 0)
        return compile_loop(c, cmd, st, nm);
    if (strcmp(nm, "LEAVE") == 0 || strcmp(nm, "ITERATE") == 0) {
        struct qs_cl_args *a = NULL;
        struct loop *l = NULL;
        size_t j;
        if (bind_stmt(c, cmd, st, &a) < 0)
            return -1;
        int rc = loop_find(c, qs_cl_str(a, "CMDLBL"), st->line, &l);
        qs_cl_args_free(&a);
        if (rc < 0 || emit(c, QS_CL_OP_JUMP, st->line, &j) < 0)
            return -1;
        return nm[0] == 'L' ? push_idx(c, &l->leaves, &l->nleaves, j)
                            : push_idx(c, &l->iters, &l->niters, j);
    }
    if (strcmp(nm, "GOTO") == 0) {
        struct qs_cl_args *a = NULL;
        size_t j;
        if (bind_stmt(c, cmd, st, &a) < 0 || emit(c, QS_CL_OP_GOTO, st->line, &j) < 0) {
            qs_cl_args_free(&a);
            return -1;
        }
        c->p->op[j].a = strdup(qs_cl_str(a, "CMDLBL"));
        qs_cl_args_free(&a);
        return c->p->op[j].a ? 0 : qs_err_sys(c->err, ENOMEM);
    }
    if (strcmp(nm, "SUBR") == 0)
        return compile_subr(c, cmd, st);
    if (strcmp(nm, "CALLSUBR") == 0 || strcmp(nm, "RTNSUBR") == 0) {
        struct qs_cl_args *a = NULL;
        size_t j;
        int call = nm[0] == 'C';
        if (!call && !c->in_subr)
            return fail(c, st->line, st->namecol, "CPD0710", nm);
        if (bind_stmt(c, cmd, st, &a) < 0 ||
            emit(c, call ? QS_CL_OP_CALLSUBR : QS_CL_OP_RTNSUBR, st->line, &j) < 0) {
            qs_cl_args_free(&a);
            return -1;
        }
        struct qs_cl_op *op = &c->p->op[j];
        const char *k1 = call ? qs_cl_str(a, "SUBR") : qs_cl_str(a, "RTNVAL");
        int has1 = call || qs_cl_given(a, "RTNVAL");
        int has2 = call && qs_cl_given(a, "RTNVAL");
        op->a = has1 ? strdup(k1) : NULL;
        op->b = has2 ? strdup(qs_cl_str(a, "RTNVAL") + 1) : NULL;
        qs_cl_args_free(&a);
        if ((has1 && !op->a) || (has2 && !op->b))
            return qs_err_sys(c->err, ENOMEM);
        if (call)
            c->last_cmd = j;
        return 0;
    }
    if (strcmp(nm, "ELSE") == 0 || strcmp(nm, "ENDDO") == 0 || strcmp(nm, "WHEN") == 0 ||
        strcmp(nm, "OTHERWISE") == 0 || strcmp(nm, "ENDSELECT") == 0 || strcmp(nm, "ENDSUBR") == 0)
        return fail(c, st->line, st->namecol, "CPD0710", nm);
    if (strcmp(nm, "CHGVAR") == 0) {
        struct qs_cl_args *a = NULL;
        size_t j;
        if (bind_stmt(c, cmd, st, &a) < 0 || emit(c, QS_CL_OP_CHGVAR, st->line, &j) < 0) {
            qs_cl_args_free(&a);
            return -1;
        }
        c->p->op[j].a = strdup(qs_cl_str(a, "VAR"));
        c->p->op[j].b = strdup(qs_cl_str(a, "VALUE"));
        c->p->op[j].st = st;
        qs_cl_args_free(&a);
        c->last_cmd = j;
        return c->p->op[j].a && c->p->op[j].b ? 0 : qs_err_sys(c->err, ENOMEM);
    }
    /* any other command: checked now when it has no variables */
    if (!has_var(st) && !(cmd->flags & QS_CL_PGMONLY)) {
        struct qs_cl_args *a = NULL;
        if (bind_stmt(c, cmd, st, &a) < 0)
            return -1;
        qs_cl_args_free(&a);
    }
    size_t j;
    if (emit(c, QS_CL_OP_CMD, st->line, &j) < 0)
        return -1;
    c->p->op[j].st = st;
    c->last_cmd = j;
    return 0;
}

void qs_cl_prog_free(struct qs_cl_prog **pp)
{
    struct qs_cl_prog *p = pp ? *pp : NULL;
    if (!p)
        return;
    for (size_t i = 0; i < p->nst; i++)
        qs_cl_stmt_free(&p->st[i]);
    free(p->st);
    for (size_t i = 0; i < p->nop; i++) {
        free(p->op[i].a);
        free(p->op[i].b);
        free(p->op[i].ids);
        free(p->op[i].cmpdta);
    }
    free(p->op);
    for (size_t i = 0; i < p->ndecl; i++)
        free(p->decl[i].init);
    free(p->decl);
    free(p->parm);
    free(p->pgmmon);
    free(p->subr);
    free(p->dir);
    free(p);
    *pp = NULL;
}

int qs_cl_prog_compile(const char *name, const char *src, size_t len,
                       struct qs_cl_prog **r, struct qs_cl_pos *pos, struct qs_err *err)
{
    struct comp c;
    struct qs_cl_src rd;
    struct qs_buf b;
    unsigned line = 0;
    int got;

    *r = NULL;
    memset(&c, 0, sizeof c);
    c.pos = pos;
    c.err = err;
    c.last_cmd = (size_t)-1;
    if (pos)
        pos->line = pos->col = 0;
    if (!(c.p = calloc(1, sizeof *c.p)))
        return qs_err_sys(err, ENOMEM);
    qs_strlcpy(c.p->name, name && *name ? name : "*N", sizeof c.p->name);
    qs_str_upper(c.p->name);

    /* 1. statements */
    qs_buf_init(&b, QS_MAX_CL_COMMAND);
    qs_cl_src_init(&rd, src, len);
    while ((got = qs_cl_src_next(&rd, &b, &line, err)) > 0) {
        struct qs_cl_stmt *st = NULL;
        struct qs_cl_pos p2 = { line, 0 };
        if (qs_cl_stmt_parse(b.data, b.len, &st, &p2, err) < 0) {
            if (pos) {
                pos->line = line;
                pos->col = p2.col;
            }
            got = -1;
            break;
        }
        st->line = line;
        if (add_stmt(&c, st) < 0) {
            qs_cl_stmt_free(&st);
            got = -1;
            break;
        }
    }
    qs_buf_free(&b);
    if (got < 0)
        goto fail;

    /* 2. ops */
    size_t nsrc = c.p->nst;
    while (c.i < nsrc && !c.ended) {
        if (compile_one(&c, c.p->st[c.i++]) < 0)
            goto fail;
    }
    close_mongroup(&c);
    if (!c.ended) {
        size_t rr;
        if (emit(&c, QS_CL_OP_RETURN, line, &rr) < 0)
            goto fail;
    }
    /* 3. GOTO and CALLSUBR targets */
    for (size_t i = 0; i < c.p->nop; i++) {
        struct qs_cl_op *op = &c.p->op[i];
        if (op->k != QS_CL_OP_CALLSUBR)
            continue;
        size_t k;
        for (k = 0; k < c.p->nsubr; k++)
            if (qs_strcaseeq(c.p->subr[k].name, op->a))
                break;
        if (k == c.p->nsubr) {
            fail(&c, op->line, 0, "CPD0715", op->a);
            goto fail;
        }
        op->target = c.p->subr[k].op;
    }
    for (size_t i = 0; i < c.p->nop; i++) {
        struct qs_cl_op *op = &c.p->op[i];
        if (op->k != QS_CL_OP_GOTO)
            continue;
        size_t k;
        for (k = 0; k < c.nlab; k++)
            if (qs_strcaseeq(c.lab[k].name, op->a))
                break;
        if (k == c.nlab) {
            fail(&c, op->line, 0, "CPD0715", op->a);
            goto fail;
        }
        op->k = QS_CL_OP_JUMP;
        op->target = c.lab[k].op;
    }
    for (size_t i = 0; i < c.p->nparm; i++) {
        size_t k;
        for (k = 0; k < c.p->ndecl; k++)
            if (strcmp(c.p->decl[k].v.name, c.p->parm[i]) == 0)
                break;
        if (k == c.p->ndecl) {
            char nm[14];
            snprintf(nm, sizeof nm, "&%s", c.p->parm[i]);
            fail(&c, 0, 0, "CPD0727", nm);
            goto fail;
        }
    }
    free(c.lab);
    free(c.mongroup);
    *r = c.p;
    return 0;
fail:
    for (unsigned k = 0; k < c.nloop; k++) {
        free(c.loop[k].leaves);
        free(c.loop[k].iters);
    }
    free(c.lab);
    free(c.mongroup);
    qs_cl_prog_free(&c.p);
    return -1;
}
