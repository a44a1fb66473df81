/*
 * cl/cmd/dsppfm.c - DSPPFM: print the records of a physical file member
 * (qsys/dbf/pf.h), one line each, trailing blanks removed.
 *
 *   DSPPFM FILE(QGPL/REPORT) MBR(*FIRST)
 */
#include "cl/cmd.h"
#include "cl/cmd/pfrec.h"
#include "qsys/base/err.h"
#include "qsys/job/job.h"

#include <stdio.h>

static const struct qs_cl_parm file_q[] = {
    { .type = QS_CL_NAME, .len = 10, .prompt = "File" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*LIBL", .spcval = QS_CL_VALUES("*LIBL", "*CURLIB"),
      .prompt = "Library" },
};
static const struct qs_cl_parm parms[] = {
    { .kwd = "FILE", .type = QS_CL_NAME, QS_CL_QUAL(file_q), .flags = QS_CL_REQUIRED, .prompt = "File" },
    { .kwd = "MBR", .type = QS_CL_NAME, .len = 10, .dft = "*FIRST", .spcval = QS_CL_VALUES("*FIRST"),
      .prompt = "Member" },
};

static int dsppfm_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_job *j = qs_job_current(err);
    struct qs_pfrecs r;
    if (!j || qs_pfrecs_read(j, qs_cl_qual(c->args, "FILE", 1), qs_cl_qual(c->args, "FILE", 0),
                             qs_cl_str(c->args, "MBR"), &r, err) < 0)
        return -1;
    fprintf(c->out, " File: %s/%s  Member: %s  Record length: %u\n", r.lib, r.file, r.mbr, r.rcdlen);
    for (size_t i = 0; i < r.n; i++)
        fprintf(c->out, "%s\n", r.rec[i]);
    fprintf(c->out, "%zu records.\n", r.n);
    qs_pfrecs_free(&r);
    return 0;
}

QS_CL_COMMAND(dsppfm) = { .name = "DSPPFM", .text = "Display Physical File Member", .maxpos = 2,
                          QS_CL_PARMS(parms), .run = dsppfm_run };
