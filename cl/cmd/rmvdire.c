/* cl/cmd/rmvdire.c - RMVDIRE: remove a system distribution directory entry. */
#include "cl/cmd/dstcmd.h"
#include "qsys/base/err.h"
#include "qsys/sdd/sdd.h"

#include <stdio.h>

static const struct qs_cl_parm parms[] = {
    { .kwd = "USRID", .type = QS_CL_NAME, QS_CL_ELEMS(qs_dstcmd_usrid_e), .flags = QS_CL_REQUIRED,
      .prompt = "User identifier" },
};

static int rmvdire_run(struct qs_cl_call *c, struct qs_err *err)
{
    const struct qs_cl_val *u = qs_cl_arg(c->args, "USRID");
    const char *user = qs_cl_val_str(qs_cl_val_item(u, 0));
    const char *addr = qs_cl_val_str(qs_cl_val_item(u, 1));
    if (qs_sdd_remove(user, addr, err) < 0)
        return -1;
    fprintf(c->out, "Directory entry %s %s removed.\n", user, addr);
    return 0;
}

QS_CL_COMMAND(rmvdire) = { .name = "RMVDIRE", .text = "Remove Directory Entry",
                           QS_CL_PARMS(parms), .run = rmvdire_run };
