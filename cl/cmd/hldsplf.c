/*
 * cl/cmd/hldsplf.c - HLDSPLF: hold a spooled file (status *HLD).
 */
#include "splfcmd.h"
#include "qsys/base/str.h"

static const struct qs_cl_parm parms[] = {
    SPLFCMD_FILE,
    SPLFCMD_JOB,
    SPLFCMD_SPLNBR,
};

static int hldsplf_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_splf_attr a;
    if (splfcmd_get(c, &a, err) < 0)
        return -1;
    qs_strlcpy(a.status, "*HLD", sizeof a.status);
    return qs_splf_change(&a, err);
}

QS_CL_COMMAND(hldsplf) = { .name = "HLDSPLF", .text = "Hold Spooled File", QS_CL_PARMS(parms),
                           .run = hldsplf_run };
