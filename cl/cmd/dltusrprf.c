/* cl/cmd/dltusrprf.c - DLTUSRPRF: delete a user profile. */
#include <string.h>

#include "cl/cmd.h"
#include "cl/cmd/usrprf_parm.h"
#include "qsys/base/err.h"
#include "qsys/job/job.h"

static const struct qs_cl_parm parms[] = {
    { .kwd = "USRPRF", .type = QS_CL_NAME, .len = 10, .flags = QS_CL_REQUIRED,
      .prompt = "User profile" },
    { .kwd = "OWNOBJOPT", .type = QS_CL_CHAR, .len = 8, .dft = "*NODLT",
      .rstd = QS_CL_VALUES("*NODLT", "*DLT"), .prompt = "Owned object option" },
};

static int dltusrprf_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_job *j = qs_job_current(err);
    if (!j)
        return -1;
    struct qs_usrprf p;
    if (qs_usrprf_retrieve(qs_cl_str(c->args, "USRPRF"), &p, err) < 0)
        return -1;
    /* a job cannot delete the profile it runs under (IBM: CPF2209-like) */
    if (!strcmp(p.name, j->user) || qs_cl_usrprf_may_admin(j, p.name, err) < 0) {
        if (!strcmp(p.name, j->user))
            qs_err_set(err, "CPF2217", p.name, (const char *)NULL);
        return -1;
    }
    if (qs_usrprf_delete(p.name, err) < 0)
        return -1;
    qs_cl_comp(c, "CPC2191", p.name, "QSYS", "*USRPRF", (const char *)NULL);
    return 0;
}

QS_CL_COMMAND(dltusrprf) = { .name = "DLTUSRPRF", .text = "Delete User Profile",
                             QS_CL_PARMS(parms), .run = dltusrprf_run };
