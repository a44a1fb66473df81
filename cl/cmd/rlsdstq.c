/* cl/cmd/rlsdstq.c - RLSDSTQ: release distribution queue (qsys/snads/dstq.c). */
#include "cl/cmd/dstcmd.h"
#include "cl/cmd/dstq_parm.h"
#include "qsys/base/err.h"

#include <stdio.h>
#include <string.h>

static const struct qs_cl_parm parms[] = { QS_DSTQ_PARMS };

static int rlsdstq_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_snads_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    qs_snads_msf_default(&ctx.msf);
    const char *q = qs_cl_str(c->args, "DSTQ");
    enum qs_dst_level pty = qs_cl_is(c->args, "PTY", "*HIGH") ? QS_LVL_HIGH : QS_LVL_NORMAL;
    if (qs_dstq_release(&ctx, q, pty, err) < 0)
        return -1;
    fprintf(c->out, "Distribution queue %s %s.\n", q, "released");
    return 0;
}

QS_CL_COMMAND(rlsdstq) = { .name = "RLSDSTQ", .text = "Release Distribution Queue",
                          QS_CL_PARMS(parms), .run = rlsdstq_run };
