/* cl/cmd/dspjoblog.c - DSPJOBLOG: list a job log, IBM-like. */
#include <string.h>

#include "cl/cmd.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/job/job.h"

static const struct qs_cl_parm job_q[] = {
    { .type = QS_CL_NAME, .len = 10, .spcval = QS_CL_VALUES("*"), .prompt = "Job name" },
    { .type = QS_CL_NAME, .len = 10, .prompt = "User" },
    { .type = QS_CL_CHAR, .len = 6, .prompt = "Number" },
};
static const struct qs_cl_parm parms[] = {
    { .kwd = "JOB", .type = QS_CL_NAME, QS_CL_QUAL(job_q), .dft = "*", .prompt = "Job name" },
    { .kwd = "OUTPUT", .type = QS_CL_CHAR, .len = 8, .dft = "*", .rstd = QS_CL_VALUES("*", "*PRINT"),
      .prompt = "Output" },
    { .kwd = "MSGF", .type = QS_CL_CHAR, .len = 10, .dft = "*FIRST", .flags = QS_CL_KEYWORD,
      .rstd = QS_CL_VALUES("*FIRST", "*SECLVL"), .prompt = "Message detail (qshim)" },
};

static int dspjoblog_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_job *j = qs_job_current(err);
    if (!j)
        return -1;
    /* JOB(number/user/name) as IBM writes it: qualifiers 2 and 3 */
    const char *number = qs_cl_qual(c->args, "JOB", 2);
    if (!number[0])
        number = NULL;
    if (number && !strcmp(number, j->number))
        number = NULL;
    struct qs_buf out;
    qs_buf_init(&out, 64u * 1024 * 1024);
    int rc = qs_joblog_format(j, number, qs_cl_is(c->args, "MSGF", "*SECLVL"), &out, err);
    if (rc == 0)
        fwrite(qs_buf_str(&out), 1, out.len, c->out);
    qs_buf_free(&out);
    return rc;
}

QS_CL_COMMAND(dspjoblog) = { .name = "DSPJOBLOG", .text = "Display Job Log", QS_CL_PARMS(parms),
                             .run = dspjoblog_run };
