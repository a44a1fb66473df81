/*
 * cl/pgm_run.c - running a compiled CL program.
 *
 * Owns a program's frame (its variables, the parameters it shares with its
 * caller), &variable substitution into commands, MONMSG dispatch and the
 * function check: an escape message that no command-level or program-level
 * MONMSG takes ends the program with CPF9999, which its caller receives.
 * Also owns CALL's search for a program: a registered C entry point, a *PGM
 * object holding CL source, or <name>.clp beside the calling program.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cl/pgm_int.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"
#include "qsys/base/packed.h"
#include "qsys/base/str.h"
#include "qsys/job/job.h"
#include "qsys/obj/obj.h"

/* --- C entry points ------------------------------------------------------ */

#define MAX_ENTRIES 64
static struct {
    char        name[11];
    qs_cl_entry fn;
} entries[MAX_ENTRIES];
static size_t nentries;

int qs_cl_pgm_register(const char *name, qs_cl_entry fn)
{
    char nm[11];
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > 10)
        return -1;
    memcpy(nm, name, n + 1);
    qs_str_upper(nm);
    if (!qs_cl_is_name(nm, n))
        return -1;
    for (size_t i = 0; i < nentries; i++)
        if (strcmp(entries[i].name, nm) == 0) {
            entries[i].fn = fn;
            return 0;
        }
    if (nentries == MAX_ENTRIES)
        return -1;
    memcpy(entries[nentries].name, nm, n + 1);
    entries[nentries++].fn = fn;
    return 0;
}

void qs_cl_pgm_set_op_limit(struct qs_cl_env *env, unsigned long long max_ops)
{
    env->max_ops = max_ops;
}

/* --- variables ----------------------------------------------------------- */

static int resolve(void *arg, const char *name, struct qs_buf *out, struct qs_err *err)
{
    struct qs_cl_frame *fr = arg;
    const struct qs_cl_var *v = qs_cl_vars_find(&fr->vars, name, strlen(name));
    if (!v) {
        char nm[16];
        snprintf(nm, sizeof nm, "&%s", name);
        return qs_err_set(err, "CPD0727", nm, (const char *)NULL);
    }
    return qs_cl_var_text(v, out, err);
}

static int eval_text(void *arg, const char *expr, size_t len, struct qs_buf *out,
                     struct qs_err *err)
{
    struct qs_cl_frame *fr = arg;
    return qs_cl_eval_text(&fr->vars, expr, len, out, err);
}

int qs_cl_var_set(struct qs_cl_call *c, const char *kwd, const char *val, size_t len,
                  struct qs_err *err)
{
    const char *name = qs_cl_str(c->args, kwd);
    if (!qs_cl_given(c->args, kwd) || !*name)
        return 0;
    if (!c->env || !c->env->frame)
        return qs_err_set(err, "CPD0031", c->cmd->name, (const char *)NULL);
    struct qs_cl_var *v = qs_cl_vars_find(&c->env->frame->vars, name, strlen(name));
    if (!v)
        return qs_err_set(err, "CPD0727", name, (const char *)NULL);
    return qs_cl_var_put_text(v, val, len, err);
}

static void vars_free(struct qs_cl_vars *vs)
{
    for (size_t i = 0; i < vs->n; i++)
        free(vs->v[i].data);
    free(vs->v);
    vs->v = NULL;
    vs->n = 0;
}

static int vars_init(struct qs_cl_frame *fr, struct qs_err *err)
{
    const struct qs_cl_prog *p = fr->p;
    fr->vars.v = calloc(p->ndecl ? p->ndecl : 1, sizeof *fr->vars.v);
    if (!fr->vars.v)
        return qs_err_sys(err, ENOMEM);
    for (size_t i = 0; i < p->ndecl; i++) {
        struct qs_cl_var *v = &fr->vars.v[i];
        *v = p->decl[i].v;
        v->data = calloc(1, v->size);
        if (!v->data)
            return qs_err_sys(err, ENOMEM);
        fr->vars.n = i + 1;
        if (v->type == QS_CL_VT_CHAR)
            memset(v->data, ' ', v->size);
        else if (v->type == QS_CL_VT_LGL)
            v->data[0] = '0';
        else if (v->type == QS_CL_VT_DEC)
            v->data[v->size - 1] = 0x0F;   /* packed zero, sign F */
    }
    for (size_t i = 0; i < p->ndecl; i++) {
        if (!p->decl[i].init)
            continue;
        struct qs_cl_xval x;
        qs_cl_xval_init(&x);
        int rc = qs_cl_eval(&fr->vars, p->decl[i].init, strlen(p->decl[i].init), &x, err);
        if (rc == 0)
            rc = qs_cl_var_put(&fr->vars.v[i], &x, err);
        qs_cl_xval_free(&x);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* --- MONMSG and the function check --------------------------------------- */

static int mon_matches(const struct qs_cl_op *m, const char *msgid, const struct qs_err *err)
{
    for (size_t k = 0; k < m->nids; k++) {
        if (!qs_msgid_matches(m->ids[k], msgid))
            continue;
        if (m->cmpdta) {
            size_t n = strlen(m->cmpdta);
            if (!err || err->data_len < n || memcmp(err->data, m->cmpdta, n) != 0)
                continue;
        }
        return 1;
    }
    return 0;
}

/* Find a MONMSG for msgid: 1 with *pc set to its EXEC, 0 if none. */
static int find_monitor(const struct qs_cl_frame *fr, size_t *pc, size_t *resume,
                        const char *msgid, const struct qs_err *err)
{
    const struct qs_cl_prog *p = fr->p;
    const struct qs_cl_op *op = &p->op[*pc];
    if (op->k == QS_CL_OP_CMD || op->k == QS_CL_OP_CHGVAR) {
        size_t m = op->mon;
        while (m > 0 && m < p->nop && p->op[m].k == QS_CL_OP_MONMSG) {
            if (mon_matches(&p->op[m], msgid, err)) {
                *pc = m + 1;
                return 1;
            }
            m = p->op[m].target;
        }
    }
    for (size_t k = 0; k < p->npgmmon; k++)
        if (mon_matches(&p->op[p->pgmmon[k]], msgid, err)) {
            *resume = *pc + 1;
            *pc = p->pgmmon[k] + 1;
            return 1;
        }
    return 0;
}

/* An escape arrived at op *pc: 0 when monitored (continue at *pc), -1 when
 * the program ends (err holds what the caller receives). */
static int on_escape(struct qs_cl_env *env, struct qs_cl_frame *fr, size_t *pc, size_t *resume,
                     struct qs_err *err)
{
    char line[16];
    if (fr->escape_to_caller)
        return -1;
    qs_cl_send_err(env, QS_MSG_ESCAPE, "*", err);
    if (find_monitor(fr, pc, resume, err->msgid, err)) {
        qs_err_clear(err);
        return 0;
    }
    /* function check */
    char orig[8];
    qs_strlcpy(orig, err->msgid, sizeof orig);
    snprintf(line, sizeof line, "%u", fr->p->op[*pc].line);
    qs_err_set(err, "CPF9999", orig, fr->p->name, "0000", "", line, (const char *)NULL);
    if (find_monitor(fr, pc, resume, "CPF9999", err)) {
        qs_err_clear(err);
        return 0;
    }
    qs_cl_send_err(env, QS_MSG_ESCAPE, "*", err);
    if (env->diag) {
        if (env->last_diag[0])
            fprintf(env->diag, "%s\n", env->last_diag);
        /* the outermost program's function check is shown by its caller */
        if (fr->up)
            fprintf(env->diag, "%s: %s\n", err->msgid, err->text ? err->text : "");
    }
    return -1;
}

/* --- the run loop -------------------------------------------------------- */

/* CHGVAR %SST(&V start len) VALUE(...): replace part of a *CHAR variable. */
static int sst_assign(struct qs_cl_frame *fr, const char *t, size_t tl,
                      const struct qs_cl_xval *x, struct qs_err *err)
{
    const char *o = memchr(t, '(', tl);
    struct qs_buf tmp;
    struct qs_cl_stmt *st = NULL;
    struct qs_cl_xval n[2];
    long long v2[2] = { 0, 0 };
    int rc = -1;

    if (!o || t[tl - 1] != ')' ||
        !(qs_memcaseeq(t, (size_t)(o - t), "%SST") || qs_memcaseeq(t, (size_t)(o - t), "%SUBSTRING")))
        return qs_err_set(err, "CPD0751", t, (const char *)NULL);
    qs_buf_init(&tmp, QS_MAX_CL_COMMAND);
    qs_buf_adds(&tmp, "X ");
    qs_buf_add(&tmp, o + 1, (size_t)(t + tl - 1 - (o + 1)));
    if (qs_cl_stmt_parse(tmp.data, tmp.len, &st, NULL, err) < 0) {
        qs_buf_free(&tmp);
        return -1;
    }
    qs_cl_xval_init(&n[0]);
    qs_cl_xval_init(&n[1]);
    struct qs_cl_var *v = NULL;
    if (st->nparm != 3 || st->parm[0].kwd || st->parm[0].val.kind != QS_CL_N_WORD ||
        !(v = qs_cl_vars_find(&fr->vars, st->parm[0].val.span, st->parm[0].val.spanlen)) ||
        v->type != QS_CL_VT_CHAR) {
        qs_err_set(err, "CPD0751", t, (const char *)NULL);
        goto out;
    }
    for (int k = 0; k < 2; k++) {
        const struct qs_cl_node *nd = &st->parm[k + 1].val;
        if (qs_cl_eval(&fr->vars, nd->span, nd->spanlen, &n[k], err) < 0)
            goto out;
        if (n[k].t != QS_CL_X_NUM) {
            qs_err_set(err, "CPD0753", (const char *)NULL);
            goto out;
        }
        __int128 q = n[k].n;
        for (int s = 0; s < n[k].scale; s++)
            q /= 10;
        v2[k] = q > 100000 ? 100000 : q < -1 ? -1 : (long long)q;
    }
    if (v2[0] < 1 || v2[1] < 1 || (size_t)(v2[0] - 1 + v2[1]) > v->size) {
        qs_err_set(err, "MCH0603", (const char *)NULL);
        goto out;
    }
    struct qs_cl_var part = { "", QS_CL_VT_CHAR, (unsigned)v2[1], 0, v->data + v2[0] - 1,
                              (size_t)v2[1] };
    rc = qs_cl_var_put(&part, x, err);
out:
    qs_cl_xval_free(&n[0]);
    qs_cl_xval_free(&n[1]);
    qs_cl_stmt_free(&st);
    qs_buf_free(&tmp);
    return rc;
}

static int chgvar(struct qs_cl_frame *fr, const struct qs_cl_op *op, struct qs_err *err)
{
    struct qs_cl_xval x;
    int rc;
    const char *t = op->a;
    size_t tl = strlen(t);
    while (tl > 0 && t[tl - 1] == ' ')
        tl--;
    while (tl > 0 && *t == ' ') {
        t++;
        tl--;
    }
    qs_cl_xval_init(&x);
    rc = qs_cl_eval(&fr->vars, op->b, strlen(op->b), &x, err);
    if (rc == 0 && tl > 0 && *t == '&') {
        struct qs_cl_var *v = qs_cl_vars_find(&fr->vars, t, tl);
        if (!v) {
            char nm[16];
            qs_strlcpy(nm, t, tl + 1 < sizeof nm ? tl + 1 : sizeof nm);
            qs_str_upper(nm);
            rc = qs_err_set(err, "CPD0727", nm, (const char *)NULL);
        } else {
            rc = qs_cl_var_put(v, &x, err);
        }
    } else if (rc == 0 && tl > 4 && t[0] == '%') {
        rc = sst_assign(fr, t, tl, &x, err);
    } else if (rc == 0) {
        rc = qs_err_set(err, "CPD0751", t, (const char *)NULL);
    }
    qs_cl_xval_free(&x);
    return rc;
}

static int cond(struct qs_cl_frame *fr, const char *e, int *b_r, struct qs_err *err)
{
    struct qs_cl_xval x;
    int rc;
    qs_cl_xval_init(&x);
    rc = qs_cl_eval(&fr->vars, e, strlen(e), &x, err);
    if (rc == 0) {
        if (x.t == QS_CL_X_LGL)
            *b_r = x.b;
        else if (x.t == QS_CL_X_CHAR && x.s.len == 1 && (x.s.data[0] == '0' || x.s.data[0] == '1'))
            *b_r = x.s.data[0] == '1';
        else
            rc = qs_err_set(err, "CPD0752", (const char *)NULL);
    }
    qs_cl_xval_free(&x);
    return rc;
}

static int for_var(struct qs_cl_frame *fr, const char *name, struct qs_cl_var **v_r,
                   struct qs_err *err)
{
    struct qs_cl_var *v = qs_cl_vars_find(&fr->vars, name, strlen(name));
    if (!v || (v->type != QS_CL_VT_INT && v->type != QS_CL_VT_UINT && v->type != QS_CL_VT_DEC))
        return qs_err_set(err, "CPD0727", name, (const char *)NULL);
    *v_r = v;
    return 0;
}

static int run_ops(struct qs_cl_env *env, struct qs_cl_frame *fr, struct qs_err *err)
{
    const struct qs_cl_prog *p = fr->p;
    struct qs_cl_resolver rv = { resolve, eval_text, fr };
    size_t pc = 0, resume = 0;
    size_t subr_stack[QS_CL_MAX_SUBR_DEPTH];
    unsigned nsubr = 0;

    while (pc < p->nop) {
        const struct qs_cl_op *op = &p->op[pc];
        int rc = 0, b = 0;
        if (env->max_ops && ++env->ops > env->max_ops) {
            qs_err_set(err, "CPF9897", "CL program operation limit reached", (const char *)NULL);
            return -1;
        }
        switch (op->k) {
        case QS_CL_OP_CMD:
            env->pos.line = op->line;
            env->last_diag[0] = '\0';
            rc = qs_cl_run_stmt(env, op->st, &rv, err);
            if (rc == 0)
                pc++;
            break;
        case QS_CL_OP_CHGVAR:
            env->last_diag[0] = '\0';
            rc = chgvar(fr, op, err);
            if (rc == 0)
                pc++;
            break;
        case QS_CL_OP_JF:
            rc = cond(fr, op->a, &b, err);
            if (rc == 0)
                pc = b ? pc + 1 : op->target;
            break;
        case QS_CL_OP_JUMP:
        case QS_CL_OP_MONMSG:
            pc = op->target;
            break;
        case QS_CL_OP_GOTO:
            pc++;
            break;
        case QS_CL_OP_RESUME:
            pc = resume;
            break;
        case QS_CL_OP_RETURN:
            return 0;
        case QS_CL_OP_CALLSUBR:
            if (nsubr == QS_CL_MAX_SUBR_DEPTH) {
                rc = qs_err_set(err, "CPF9897", "Subroutine stack full", (const char *)NULL);
                break;
            }
            subr_stack[nsubr++] = pc;
            pc = op->target;
            break;
        case QS_CL_OP_RTNSUBR: {
            if (nsubr == 0)
                return 0;   /* ENDSUBR reached without CALLSUBR: program ends */
            size_t from = subr_stack[nsubr - 1];
            const struct qs_cl_op *call = &p->op[from];
            if (call->b) {
                struct qs_cl_var *v = qs_cl_vars_find(&fr->vars, call->b, strlen(call->b));
                struct qs_cl_xval x;
                qs_cl_xval_init(&x);
                if (!v)
                    rc = qs_err_set(err, "CPD0727", call->b, (const char *)NULL);
                else if (op->a)
                    rc = qs_cl_eval(&fr->vars, op->a, strlen(op->a), &x, err);
                else
                    x.t = QS_CL_X_NUM;
                if (rc == 0 && v)
                    rc = qs_cl_var_put(v, &x, err);
                qs_cl_xval_free(&x);
            }
            if (rc == 0) {
                nsubr--;
                pc = from + 1;
            }
            break;
        }
        case QS_CL_OP_FORINIT:
        case QS_CL_OP_FORTEST:
        case QS_CL_OP_FORSTEP: {
            struct qs_cl_var *v = NULL;
            struct qs_cl_xval x, cur;
            qs_cl_xval_init(&x);
            qs_cl_xval_init(&cur);
            rc = for_var(fr, op->a, &v, err);
            if (rc == 0 && op->k == QS_CL_OP_FORINIT) {
                rc = qs_cl_eval(&fr->vars, op->b, strlen(op->b), &x, err);
                if (rc == 0)
                    rc = qs_cl_var_put(v, &x, err);
                if (rc == 0)
                    pc++;
            } else if (rc == 0 && op->k == QS_CL_OP_FORTEST) {
                rc = qs_cl_eval(&fr->vars, op->b, strlen(op->b), &x, err);
                if (rc == 0 && x.t != QS_CL_X_NUM)
                    rc = qs_err_set(err, "CPD0753", (const char *)NULL);
                if (rc == 0)
                    rc = qs_cl_var_get(v, &cur, err);
                if (rc == 0) {
                    __int128 a = cur.n, l = x.n;
                    for (int s = cur.scale; s < x.scale; s++)
                        a *= 10;
                    for (int s = x.scale; s < cur.scale; s++)
                        l *= 10;
                    int done = op->by >= 0 ? a > l : a < l;
                    pc = done ? op->target : pc + 1;
                }
            } else if (rc == 0) {
                rc = qs_cl_var_get(v, &cur, err);
                if (rc == 0) {
                    __int128 step = op->by;
                    for (int s = 0; s < cur.scale; s++)
                        step *= 10;
                    cur.n += step;
                    rc = qs_cl_var_put(v, &cur, err);
                }
                if (rc == 0)
                    pc++;
            }
            qs_cl_xval_free(&x);
            qs_cl_xval_free(&cur);
            break;
        }
        }
        if (rc < 0 && on_escape(env, fr, &pc, &resume, err) < 0)
            return -1;
    }
    return 0;
}

int qs_cl_prog_run(struct qs_cl_env *env, const struct qs_cl_prog *p,
                   const struct qs_cl_argref *args, size_t nargs,
                   const char *const *texts, size_t ntexts, struct qs_err *err)
{
    struct qs_cl_frame fr;
    size_t n = args ? nargs : ntexts;
    int rc = -1;

    if (n != p->nparm) {
        char a[16], b[16];
        snprintf(a, sizeof a, "%zu", n);
        snprintf(b, sizeof b, "%zu", p->nparm);
        return qs_err_set(err, "MCH0802", a, b, (const char *)NULL);
    }
    if (env->depth >= QS_MAX_CL_CALL_DEPTH)
        return qs_err_set(err, "CPF9897", "CALL nesting too deep", (const char *)NULL);
    memset(&fr, 0, sizeof fr);
    fr.p = p;
    fr.up = env->frame;
    if (vars_init(&fr, err) < 0)
        goto out;
    for (size_t i = 0; i < p->nparm; i++) {
        struct qs_cl_var *v = qs_cl_vars_find(&fr.vars, p->parm[i], strlen(p->parm[i]));
        if (args) {
            size_t k = args[i].len < v->size ? args[i].len : v->size;
            memcpy(v->data, args[i].data, k);
        } else if (qs_cl_var_put_text(v, texts[i], strlen(texts[i]), err) < 0) {
            goto out;
        }
    }
    env->frame = &fr;
    env->depth++;
    if (env->job)
        qs_job_push_pgm(env->job, p->name);
    rc = run_ops(env, &fr, err);
    if (env->job)
        qs_job_pop_pgm(env->job);
    env->depth--;
    env->frame = fr.up;
    /* parameters are shared with the caller: copy back */
    for (size_t i = 0; args && i < p->nparm; i++) {
        struct qs_cl_var *v = qs_cl_vars_find(&fr.vars, p->parm[i], strlen(p->parm[i]));
        size_t k = args[i].len < v->size ? args[i].len : v->size;
        memcpy(args[i].data, v->data, k);
    }
out:
    vars_free(&fr.vars);
    return rc;
}

/* --- finding programs ---------------------------------------------------- */

static int run_source(struct qs_cl_env *env, const char *name, const char *dir, const char *src,
                      size_t len, const struct qs_cl_argref *args, size_t nargs,
                      const char *const *texts, size_t ntexts, struct qs_err *err)
{
    struct qs_cl_prog *p = NULL;
    struct qs_cl_pos pos = { 0, 0 };
    int rc;
    if (qs_cl_prog_compile(name, src, len, &p, &pos, err) < 0) {
        env->pos = pos;
        if (env->diag) {
            fprintf(env->diag, "%s: ", name);
            if (pos.line)
                fprintf(env->diag, "line %u, ", pos.line);
            if (pos.col)
                fprintf(env->diag, "column %u: ", pos.col);
            fprintf(env->diag, "%s: %s\n", err->msgid, err->text ? err->text : "");
        }
        FILE *d = env->diag;
        env->diag = NULL;
        qs_cl_send_err(env, QS_MSG_DIAG, "*", err);
        env->diag = d;
        char nm[11];
        qs_strlcpy(nm, name, sizeof nm);
        qs_str_upper(nm);
        return qs_err_set(err, "CPF0815", nm, (const char *)NULL);
    }
    if (dir)
        p->dir = strdup(dir);
    rc = qs_cl_prog_run(env, p, args, nargs, texts, ntexts, err);
    qs_cl_prog_free(&p);
    return rc;
}

static char *dir_of(const char *path)
{
    const char *sl = strrchr(path, '/');
    if (!sl)
        return strdup(".");
    if (sl == path)
        return strdup("/");
    return strndup(path, (size_t)(sl - path));
}

static void base_name(const char *path, char out[11])
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    size_t n = 0;
    while (b[n] && b[n] != '.' && n < 10)
        n++;
    memcpy(out, b, n);
    out[n] = '\0';
    qs_str_upper(out);
    if (!qs_cl_is_name(out, n))
        qs_strlcpy(out, "QCLPGM", 11);
}

int qs_cl_pgm_run_source(struct qs_cl_env *env, const char *name, const char *src, size_t len,
                         const char *const *parms, size_t nparms, struct qs_err *err)
{
    char nm[11];
    base_name(name ? name : "QCLPGM", nm);
    return run_source(env, nm, NULL, src, len, NULL, 0, parms ? parms : (const char *const *)"",
                      nparms, err);
}

int qs_cl_pgm_run_file_refs(struct qs_cl_env *env, const char *path,
                            const struct qs_cl_argref *args, size_t nargs, struct qs_err *err)
{
    struct qs_buf src;
    char nm[11];
    char *dir = dir_of(path);
    qs_buf_init(&src, QS_MAX_CL_PROGRAM);
    int rc = !dir ? qs_err_sys(err, ENOMEM) : qs_file_read(path, QS_MAX_CL_PROGRAM, &src, err);
    if (rc == 0) {
        base_name(path, nm);
        rc = run_source(env, nm, dir, qs_buf_str(&src), src.len, args, nargs, NULL, 0, err);
    }
    qs_buf_free(&src);
    free(dir);
    return rc;
}

int qs_cl_pgm_run_file(struct qs_cl_env *env, const char *path, const char *const *parms,
                       size_t nparms, struct qs_err *err)
{
    struct qs_buf src;
    char nm[11];
    int rc;
    char *dir = dir_of(path);
    qs_buf_init(&src, QS_MAX_CL_PROGRAM);
    if (!dir || qs_file_read(path, QS_MAX_CL_PROGRAM, &src, err) < 0) {
        qs_buf_free(&src);
        free(dir);
        return dir ? -1 : qs_err_sys(err, ENOMEM);
    }
    base_name(path, nm);
    rc = run_source(env, nm, dir, qs_buf_str(&src), src.len, NULL, 0, parms, nparms, err);
    qs_buf_free(&src);
    free(dir);
    return rc;
}

static int try_file(struct qs_cl_env *env, const char *dir, const char *name,
                    const struct qs_cl_argref *args, size_t nargs, int *found, struct qs_err *err)
{
    static const char *const ext[] = { ".clp", ".CLP", ".clle", ".CLLE" };
    char lower[11];
    qs_strlcpy(lower, name, sizeof lower);
    for (char *q = lower; *q; q++)
        if (*q >= 'A' && *q <= 'Z')
            *q = (char)(*q + 32);
    for (int cs = 0; cs < 2; cs++)
        for (size_t e = 0; e < sizeof ext / sizeof ext[0]; e++) {
            struct qs_buf path, src;
            qs_buf_init(&path, QS_MAX_PATH);
            qs_buf_addf(&path, "%s/%s%s", dir, cs ? name : lower, ext[e]);
            if (access(qs_buf_str(&path), R_OK) != 0) {
                qs_buf_free(&path);
                continue;
            }
            *found = 1;
            qs_buf_init(&src, QS_MAX_CL_PROGRAM);
            int rc = qs_file_read(qs_buf_str(&path), QS_MAX_CL_PROGRAM, &src, err);
            if (rc == 0)
                rc = run_source(env, name, dir, qs_buf_str(&src), src.len, args, nargs, NULL, 0, err);
            qs_buf_free(&src);
            qs_buf_free(&path);
            return rc;
        }
    return 0;
}

int qs_cl_call_program(struct qs_cl_env *env, const char *lib, const char *name,
                       const struct qs_cl_argref *args, size_t nargs, struct qs_err *err)
{
    int libl = !lib || !*lib || qs_strcaseeq(lib, "*LIBL") || qs_strcaseeq(lib, "*CURLIB");

    if (strcmp(name, "QCMDEXC") == 0 && (libl || qs_strcaseeq(lib, "QSYS"))) {
        long long n = 0;
        if (nargs != 2 && nargs != 3) {
            char a[16];
            snprintf(a, sizeof a, "%zu", nargs);
            return qs_err_set(err, "MCH0802", a, "2", (const char *)NULL);
        }
        if (args[1].len < 8 || qs_packed_to_ll(args[1].data, 15, &n, err) < 0)
            return qs_err_set(err, "MCH1202", (const char *)NULL);
        n /= 100000;
        if (n < 0 || (size_t)n > args[0].len)
            n = (long long)args[0].len;
        return qs_cl_qcmdexc(env, (const char *)args[0].data, (size_t)n, err);
    }

    for (size_t i = 0; libl && i < nentries; i++) {
        if (strcmp(entries[i].name, name) != 0)
            continue;
        char **argv = calloc(nargs + 2, sizeof *argv);
        if (!argv)
            return qs_err_sys(err, ENOMEM);
        argv[0] = entries[i].name;
        for (size_t k = 0; k < nargs; k++)
            argv[k + 1] = (char *)args[k].data;
        if (env->job)
            qs_job_push_pgm(env->job, name);
        int rc = entries[i].fn((int)nargs + 1, argv);
        if (env->job)
            qs_job_pop_pgm(env->job);
        free(argv);
        if (rc != 0) {
            char t[80];
            snprintf(t, sizeof t, "Program %s ended with return code %d", name, rc);
            return qs_err_set(err, "CPF9898", t, (const char *)NULL);
        }
        return 0;
    }

    /* a *PGM object holding CL source */
    if (env->job) {
        char where[QS_NAME_LEN + 1];
        struct qs_err e2 = QS_ERR_INIT;
        if (qs_obj_resolve(&env->job->libl, libl ? "*LIBL" : lib, name, "*PGM", where, &e2) == 0) {
            struct qs_objdesc d;
            struct qs_buf src;
            qs_buf_init(&src, QS_MAX_CL_PROGRAM);
            int rc = qs_obj_read(where, name, "*PGM", &d, &src, err);
            if (rc == 0)
                rc = qs_job_check_aut(env->job, &d, QS_AUT_USE, err);
            if (rc == 0)
                rc = run_source(env, name, NULL, qs_buf_str(&src), src.len, args, nargs, NULL, 0, err);
            qs_buf_free(&src);
            qs_err_clear(&e2);
            return rc;
        }
        qs_err_clear(&e2);
    }

    /* <name>.clp beside the calling program, then in the current directory */
    if (libl) {
        int found = 0, rc;
        const char *dir = env->frame && env->frame->p->dir ? env->frame->p->dir : ".";
        rc = try_file(env, dir, name, args, nargs, &found, err);
        if (!found && strcmp(dir, ".") != 0)
            rc = try_file(env, ".", name, args, nargs, &found, err);
        if (found)
            return rc;
    }
    qs_err_set(err, "CPD0170", name, libl ? "*LIBL" : lib, (const char *)NULL);
    qs_cl_send_err(env, QS_MSG_DIAG, "*", err);
    return qs_err_set(err, "CPF0001", "CALL", (const char *)NULL);
}
