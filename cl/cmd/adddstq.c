/*
 * cl/cmd/adddstq.c - ADDDSTQ and RMVDSTQ: distribution queues besides the
 * built-in QSMTPQ (qsys/snads/dstq.c).
 *
 *   ADDDSTQ DSTQ(CHICAGO) RMTLOCNAME(CHICAGO) DSTQTYPE(*SNADS)
 *   RMVDSTQ DSTQ(CHICAGO)
 *
 * A queue is held, released, sent and listed with HLDDSTQ, RLSDSTQ, SNDDSTQ
 * and WRKDSTQ; its definition and held state survive restarts.  qshim has no
 * SNADS link to a next system, so nothing is routed to these queues yet;
 * IBM's MODE, RMTNETID, LCLLOCNAME and the send-time parameters are not
 * taken.
 */
#include "cl/cmd.h"
#include "qsys/base/err.h"
#include "qsys/snads/snads.h"

#include <stdio.h>

static const struct qs_cl_parm add_parms[] = {
    { .kwd = "DSTQ", .type = QS_CL_CHAR, .len = 10, .flags = QS_CL_REQUIRED,
      .prompt = "Distribution queue" },
    { .kwd = "RMTLOCNAME", .type = QS_CL_NAME, .len = 8, .flags = QS_CL_REQUIRED,
      .prompt = "Remote location" },
    { .kwd = "DSTQTYPE", .type = QS_CL_CHAR, .len = 6, .dft = "*SNADS",
      .rstd = QS_CL_VALUES("*SNADS", "*SVDS", "*RPDS"), .prompt = "Queue type" },
    { .kwd = "TEXT", .type = QS_CL_CHAR, .len = 50, .dft = "*BLANK", .spcval = QS_CL_VALUES("*BLANK"),
      .flags = QS_CL_MIXED_CASE, .prompt = "Text description" },
};
static const struct qs_cl_parm rmv_parms[] = {
    { .kwd = "DSTQ", .type = QS_CL_CHAR, .len = 10, .flags = QS_CL_REQUIRED,
      .prompt = "Distribution queue" },
};

static int adddstq_run(struct qs_cl_call *c, struct qs_err *err)
{
    const struct qs_cl_args *a = c->args;
    if (qs_dstq_add(qs_cl_str(a, "DSTQ"), qs_cl_str(a, "DSTQTYPE"), qs_cl_str(a, "RMTLOCNAME"),
                    qs_cl_is(a, "TEXT", "*BLANK") ? "" : qs_cl_str(a, "TEXT"), err) < 0)
        return -1;
    fprintf(c->out, "Distribution queue %s added.\n", qs_cl_str(a, "DSTQ"));
    return 0;
}

static int rmvdstq_run(struct qs_cl_call *c, struct qs_err *err)
{
    if (qs_dstq_remove(qs_cl_str(c->args, "DSTQ"), err) < 0)
        return -1;
    fprintf(c->out, "Distribution queue %s removed.\n", qs_cl_str(c->args, "DSTQ"));
    return 0;
}

QS_CL_COMMAND(adddstq) = { .name = "ADDDSTQ", .text = "Add Distribution Queue", .maxpos = 2,
                           QS_CL_PARMS(add_parms), .run = adddstq_run };
QS_CL_COMMAND(rmvdstq) = { .name = "RMVDSTQ", .text = "Remove Distribution Queue", .maxpos = 1,
                           QS_CL_PARMS(rmv_parms), .run = rmvdstq_run };
