/*
 * cl/cmd/call.c - CALL: run a program, passing parameters by reference.
 *
 * PARM values are variables (the callee shares their storage: what it
 * changes, the caller sees) or constants, passed as IBM passes them:
 * character constants as at least 32 blank-padded bytes, numeric constants
 * as packed decimal (15 5), logical constants as one byte.  The program is
 * found as described in cl/pgm_int.h (qs_cl_call_program).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cl/pgm_int.h"
#include "cl/run.h"
#include "qsys/base/err.h"
#include "qsys/base/limits.h"
#include "qsys/base/str.h"

static const struct qs_cl_parm pgm_q[] = {
    { .type = QS_CL_NAME, .len = 10, .prompt = "Program" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*LIBL", .spcval = QS_CL_VALUES("*LIBL", "*CURLIB"),
      .prompt = "Library" },
};
static const struct qs_cl_parm parms[] = {
    { .kwd = "PGM", .type = QS_CL_NAME, QS_CL_QUAL(pgm_q), .flags = QS_CL_REQUIRED,
      .prompt = "Program" },
    { .kwd = "PARM", .type = QS_CL_EXPR, .prompt = "Parameters (up to 255)" },
};

#define MAX_CALL_PARMS 255

static int constant(struct qs_cl_env *env, const struct qs_cl_node *nd, struct qs_cl_argref *a,
                    struct qs_err *err)
{
    const char *s = nd->kind == QS_CL_N_STR ? nd->str : nd->span;
    size_t n = nd->kind == QS_CL_N_STR ? nd->slen : nd->spanlen;
    int numeric = nd->kind == QS_CL_N_WORD && n > 0;
    for (size_t i = 0; numeric && i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == ',' ||
              (i == 0 && (s[i] == '-' || s[i] == '+'))))
            numeric = 0;
    if (numeric) {
        struct qs_cl_var v = { "", QS_CL_VT_DEC, 15, 5, NULL, 8 };
        if (!(a->data = calloc(1, 8)))
            return qs_err_sys(err, ENOMEM);
        v.data = a->data;
        a->len = 8;
        return qs_cl_var_put_text(&v, s, n, err);
    }
    size_t len = n < 32 ? 32 : n;
    if (!(a->data = malloc(len + 1)))
        return qs_err_sys(err, ENOMEM);
    memset(a->data, ' ', len);
    memcpy(a->data, s, n);
    if (nd->kind == QS_CL_N_WORD)
        for (size_t i = 0; i < n; i++)
            if (a->data[i] >= 'a' && a->data[i] <= 'z')
                a->data[i] = (unsigned char)(a->data[i] - 32);
    a->data[len] = '\0';
    a->len = len;
    (void)env;
    return 0;
}

static int call_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_cl_env *env = c->env;
    struct qs_cl_stmt *st = NULL;
    struct qs_cl_argref args[MAX_CALL_PARMS];
    unsigned char owned[MAX_CALL_PARMS];
    size_t n = 0;
    int rc = -1;
    struct qs_buf tmp;

    qs_buf_init(&tmp, QS_MAX_CL_COMMAND + 8);
    if (qs_buf_adds(&tmp, "PARM ") < 0 || qs_buf_adds(&tmp, qs_cl_str(c->args, "PARM")) < 0) {
        qs_buf_free(&tmp);
        return qs_err_sys(err, ENOMEM);
    }
    if (qs_cl_stmt_parse(tmp.data, tmp.len, &st, NULL, err) < 0)
        goto out;
    if (st->nparm > MAX_CALL_PARMS) {
        qs_err_set(err, "CPD0087", "0", "PARM", "", "255", (const char *)NULL);
        goto out;
    }
    for (size_t i = 0; i < st->nparm; i++, n++) {
        const struct qs_cl_node *nd = &st->parm[i].val;
        owned[i] = 0;
        if (st->parm[i].kwd || nd->kind == QS_CL_N_LIST || nd->kind == QS_CL_N_QUAL) {
            qs_err_set(err, "CPD0084", "0", "PARM", "", (const char *)NULL);
            goto out;
        }
        if (nd->kind == QS_CL_N_WORD && nd->span[0] == '&') {
            struct qs_cl_var *v = env->frame ? qs_cl_vars_find(&env->frame->vars, nd->span, nd->spanlen)
                                             : NULL;
            if (!v) {
                char nm[16];
                qs_strlcpy(nm, nd->span, nd->spanlen + 1 < sizeof nm ? nd->spanlen + 1 : sizeof nm);
                qs_str_upper(nm);
                qs_err_set(err, "CPD0727", nm, (const char *)NULL);
                goto out;
            }
            args[i].data = v->data;
            args[i].len = v->size;
        } else {
            if (constant(env, nd, &args[i], err) < 0)
                goto out;
            owned[i] = 1;
        }
    }
    rc = qs_cl_call_program(env, qs_cl_qual(c->args, "PGM", 1), qs_cl_qual(c->args, "PGM", 0),
                            args, n, err);
out:
    for (size_t i = 0; i < n; i++)
        if (owned[i])
            free(args[i].data);
    qs_cl_stmt_free(&st);
    qs_buf_free(&tmp);
    return rc;
}

QS_CL_COMMAND(call) = { .name = "CALL", .text = "Call Program", QS_CL_PARMS(parms),
                        .run = call_run };
