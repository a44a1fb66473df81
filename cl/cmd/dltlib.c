/* cl/cmd/dltlib.c - DLTLIB: delete a library and everything in it. */
#include <string.h>

#include "cl/cmd.h"
#include "qsys/base/err.h"
#include "qsys/job/job.h"
#include "qsys/obj/obj.h"
#include "qsys/usrprf/usrprf.h"

static const struct qs_cl_parm parms[] = {
    { .kwd = "LIB", .type = QS_CL_NAME, .len = 10, .flags = QS_CL_REQUIRED, .prompt = "Library" },
};

static int dltlib_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_job *j = qs_job_current(err);
    if (!j)
        return -1;
    const char *lib = qs_cl_str(c->args, "LIB");
    char owner[QS_NAME_LEN + 1];
    if (qs_lib_owner(lib, owner, err) < 0)
        return -1;
    /* deleting a library deletes every object in it: owner or *ALLOBJ */
    if (!(j->spcaut & QS_SPCAUT_ALLOBJ) && strcmp(owner, j->user) != 0)
        return qs_err_set(err, "CPF2182", lib, (const char *)NULL);
    if (qs_lib_delete(lib, err) < 0)
        return -1;
    qs_cl_comp(c, "CPC2194", lib, (const char *)NULL);
    return 0;
}

QS_CL_COMMAND(dltlib) = { .name = "DLTLIB", .text = "Delete Library", QS_CL_PARMS(parms),
                          .run = dltlib_run };
