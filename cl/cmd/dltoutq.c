/*
 * cl/cmd/dltoutq.c - DLTOUTQ: delete an empty output queue (CPF3428 while
 * it holds spooled files).
 */
#include "outqcmd.h"

static const struct qs_cl_parm parms[] = {
    { .kwd = "OUTQ", .type = QS_CL_NAME, QS_CL_QUAL(outqcmd_q), .flags = QS_CL_REQUIRED,
      .prompt = "Output queue" },
};

static int dltoutq_run(struct qs_cl_call *c, struct qs_err *err)
{
    return qs_outq_delete(outqcmd_lib(c->args, "OUTQ"), qs_cl_qual(c->args, "OUTQ", 0), err);
}

QS_CL_COMMAND(dltoutq) = { .name = "DLTOUTQ", .text = "Delete Output Queue", QS_CL_PARMS(parms),
                           .run = dltoutq_run };
