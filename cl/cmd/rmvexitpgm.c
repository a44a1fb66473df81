/* cl/cmd/rmvexitpgm.c - RMVEXITPGM: remove an MSF exit program registration. */
#include "cl/cmd.h"
#include "qsys/base/err.h"
#include "qsys/exitpgm/exitpgm.h"

#include <stdio.h>

static const struct qs_cl_parm parms[] = {
    { .kwd = "EXITPNT", .type = QS_CL_CHAR, .len = 20, .flags = QS_CL_REQUIRED, .prompt = "Exit point" },
    { .kwd = "FORMAT", .type = QS_CL_NAME, .len = 8, .flags = QS_CL_REQUIRED, .prompt = "Exit point format" },
    { .kwd = "PGMNBR", .type = QS_CL_INT4, .min = 1, .max = 2147483647, .flags = QS_CL_REQUIRED,
      .prompt = "Program number" },
};

static int rmvexitpgm_run(struct qs_cl_call *c, struct qs_err *err)
{
    const char *ep = qs_cl_str(c->args, "EXITPNT");
    int nbr = (int)qs_cl_int(c->args, "PGMNBR");
    if (qs_exitpgm_remove(ep, qs_cl_str(c->args, "FORMAT"), nbr, err) < 0)
        return -1;
    fprintf(c->out, "Exit program number %d removed from exit point %s.\n", nbr, ep);
    return 0;
}

QS_CL_COMMAND(rmvexitpgm) = { .name = "RMVEXITPGM", .text = "Remove Exit Program",
                              QS_CL_PARMS(parms), .run = rmvexitpgm_run };
