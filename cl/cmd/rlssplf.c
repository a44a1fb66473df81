/*
 * cl/cmd/rlssplf.c - RLSSPLF: release a held spooled file (status *RDY).
 */
#include "splfcmd.h"
#include "qsys/base/str.h"

static const struct qs_cl_parm parms[] = {
    SPLFCMD_FILE,
    SPLFCMD_JOB,
    SPLFCMD_SPLNBR,
};

static int rlssplf_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_splf_attr a;
    if (splfcmd_get(c, &a, err) < 0)
        return -1;
    qs_strlcpy(a.status, "*RDY", sizeof a.status);
    return qs_splf_change(&a, err);
}

QS_CL_COMMAND(rlssplf) = { .name = "RLSSPLF", .text = "Release Spooled File", QS_CL_PARMS(parms),
                           .run = rlssplf_run };
