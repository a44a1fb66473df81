/*
 * cl/cmd/crtclpgm.c - CRTCLPGM: make a CL source stream file a *PGM object.
 *
 * The source is compiled first (its CPD diagnostics name line and column;
 * nothing is created on error, CPF0815) and then stored, as source, in the
 * *PGM object LIB/PGM (attribute CLP), so CALL PGM(LIB/PGM) finds it through
 * the library list.  REPLACE(*YES) replaces an existing program.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cl/pgm_int.h"
#include "cl/run.h"
#include "qsys/base/err.h"
#include "qsys/base/fileio.h"
#include "qsys/base/limits.h"
#include "qsys/base/str.h"
#include "qsys/job/job.h"
#include "qsys/obj/obj.h"

static const struct qs_cl_parm pgm_q[] = {
    { .type = QS_CL_NAME, .len = 10, .prompt = "Program" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*CURLIB", .spcval = QS_CL_VALUES("*CURLIB"),
      .prompt = "Library" },
};
static const struct qs_cl_parm parms[] = {
    { .kwd = "PGM", .type = QS_CL_NAME, QS_CL_QUAL(pgm_q), .flags = QS_CL_REQUIRED,
      .prompt = "Program" },
    { .kwd = "SRCSTMF", .type = QS_CL_PNAME, .len = 5000, .flags = QS_CL_REQUIRED,
      .prompt = "Source stream file" },
    { .kwd = "TEXT", .type = QS_CL_CHAR, .len = 50, .dft = "*BLANK",
      .spcval = QS_CL_VALUES("*BLANK"), .flags = QS_CL_MIXED_CASE, .prompt = "Text 'description'" },
    { .kwd = "REPLACE", .type = QS_CL_CHAR, .len = 4, .dft = "*YES",
      .rstd = QS_CL_VALUES("*YES", "*NO"), .prompt = "Replace program" },
};

static int crtclpgm_run(struct qs_cl_call *c, struct qs_err *err)
{
    const char *name = qs_cl_qual(c->args, "PGM", 0);
    const char *lib = qs_cl_qual(c->args, "PGM", 1);
    struct qs_job *j = qs_job_current(err);
    struct qs_buf src;
    struct qs_cl_prog *p = NULL;
    struct qs_cl_pos pos = { 0, 0 };
    struct qs_objdesc *d = NULL;
    int rc = -1;

    if (!j)
        return -1;
    if (lib[0] == '*')
        lib = "QGPL";   /* qshim has no current library (docs/objects.md) */
    qs_buf_init(&src, QS_MAX_CL_PROGRAM);
    if (qs_file_read(qs_cl_str(c->args, "SRCSTMF"), QS_MAX_CL_PROGRAM, &src, err) < 0)
        goto out;
    if (qs_cl_prog_compile(name, qs_buf_str(&src), src.len, &p, &pos, err) < 0) {
        char where[48];
        snprintf(where, sizeof where, "line %u, column %u: ", pos.line, pos.col);
        if (c->env->diag)
            fprintf(c->env->diag, "%s%s: %s\n", where, err->msgid, err->text ? err->text : "");
        FILE *dg = c->env->diag;
        c->env->diag = NULL;
        qs_cl_send_err(c->env, QS_MSG_DIAG, "*", err);
        c->env->diag = dg;
        qs_err_set(err, "CPF0815", name, (const char *)NULL);
        goto out;
    }
    if (!(d = malloc(sizeof *d))) {
        qs_err_sys(err, ENOMEM);
        goto out;
    }
    if (qs_obj_exists(lib, name, "*PGM")) {
        if (qs_cl_is(c->args, "REPLACE", "*NO")) {
            qs_err_set(err, "CPF9870", "*PGM", name, lib, (const char *)NULL);
            goto out;
        }
        if (qs_obj_read(lib, name, "*PGM", d, NULL, err) < 0 ||
            qs_job_check_aut(j, d, QS_AUT_CHANGE, err) < 0)
            goto out;
        if (!qs_cl_is(c->args, "TEXT", "*BLANK"))
            qs_strlcpy(d->text, qs_cl_str(c->args, "TEXT"), sizeof d->text);
        rc = qs_obj_update(d, src.data, src.len, err);
    } else {
        qs_objdesc_init(d, lib, name, "*PGM", j->user);
        qs_strlcpy(d->attr, "CLP", sizeof d->attr);
        if (!qs_cl_is(c->args, "TEXT", "*BLANK"))
            qs_strlcpy(d->text, qs_cl_str(c->args, "TEXT"), sizeof d->text);
        rc = qs_obj_create(d, src.data, src.len, err);
    }
out:
    free(d);
    qs_cl_prog_free(&p);
    qs_buf_free(&src);
    return rc;
}

QS_CL_COMMAND(crtclpgm) = { .name = "CRTCLPGM", .text = "Create CL Program",
                            QS_CL_PARMS(parms), .run = crtclpgm_run };
