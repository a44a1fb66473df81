/*
 * cl/cmd/clroutq.c - CLROUTQ: delete every spooled file on an output queue
 * (files still being written are left alone).
 */
#include "outqcmd.h"

static const struct qs_cl_parm parms[] = {
    { .kwd = "OUTQ", .type = QS_CL_NAME, QS_CL_QUAL(outqcmd_q), .flags = QS_CL_REQUIRED,
      .prompt = "Output queue" },
};

static int clroutq_run(struct qs_cl_call *c, struct qs_err *err)
{
    unsigned n = 0;
    const char *lib = outqcmd_lib(c->args, "OUTQ"), *q = qs_cl_qual(c->args, "OUTQ", 0);
    if (qs_outq_clear(lib, q, &n, err) < 0)
        return -1;
    fprintf(c->out, "%u spooled files deleted from output queue %s/%s.\n", n, lib, q);
    return 0;
}

QS_CL_COMMAND(clroutq) = { .name = "CLROUTQ", .text = "Clear Output Queue", QS_CL_PARMS(parms),
                           .run = clroutq_run };
