/* cl/cmd/chgjob.c - CHGJOB: change the current job (CCSID). */
#include "cl/cmd.h"
#include "qsys/base/err.h"
#include "qsys/job/job.h"

static const struct qs_cl_parm job_q[] = {
    { .type = QS_CL_NAME, .len = 10, .spcval = QS_CL_VALUES("*"), .prompt = "Job name" },
    { .type = QS_CL_NAME, .len = 10, .prompt = "User" },
    { .type = QS_CL_CHAR, .len = 6, .prompt = "Number" },
};
static const struct qs_cl_parm parms[] = {
    { .kwd = "JOB", .type = QS_CL_NAME, QS_CL_QUAL(job_q), .dft = "*", .prompt = "Job name" },
    { .kwd = "CCSID", .type = QS_CL_INT4, .dft = "*SAME", .min = 1, .max = 65535,
      .spcval = QS_CL_VALUES("*SAME", "*USRPRF", "*SYSVAL", "*HEX"), .flags = QS_CL_KEYWORD,
      .prompt = "Coded character set ID" },
};

static int chgjob_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_job *j = qs_job_current(err);
    if (!j)
        return -1;
    const char *name = qs_cl_qual(c->args, "JOB", 0);
    if (name[0] && name[0] != '*' && qs_cl_qual(c->args, "JOB", 2)[0] &&
        qs_cl_qual(c->args, "JOB", 2)[0] != j->number[0])
        return qs_err_set(err, "CPF1070", qs_cl_qual(c->args, "JOB", 2), (const char *)NULL);
    if (qs_cl_is(c->args, "CCSID", "*SAME"))
        return 0;
    if (qs_cl_is(c->args, "CCSID", "*SYSVAL") || qs_cl_is(c->args, "CCSID", "*USRPRF") ||
        qs_cl_is(c->args, "CCSID", "*HEX"))
        return qs_job_set_ccsid(j, QS_JOB_CCSID_NATIVE, err);
    return qs_job_set_ccsid(j, (int)qs_cl_int(c->args, "CCSID"), err);
}

QS_CL_COMMAND(chgjob) = { .name = "CHGJOB", .text = "Change Job", QS_CL_PARMS(parms),
                          .run = chgjob_run };
