/*
 * cl/cmd/dltsplf.c - DLTSPLF: delete a spooled file.
 */
#include "splfcmd.h"

static const struct qs_cl_parm parms[] = {
    SPLFCMD_FILE,
    SPLFCMD_JOB,
    SPLFCMD_SPLNBR,
};

static int dltsplf_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_splf_attr a;
    if (splfcmd_get(c, &a, err) < 0)
        return -1;
    return qs_splf_delete(&a, err);
}

QS_CL_COMMAND(dltsplf) = { .name = "DLTSPLF", .text = "Delete Spooled File", QS_CL_PARMS(parms),
                           .run = dltsplf_run };
