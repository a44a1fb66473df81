/* cl/cmd/chgusrprf.c - CHGUSRPRF: change a user profile. */
#include <string.h>

#include "cl/cmd.h"
#include "cl/cmd/usrprf_parm.h"
#include "qsys/base/err.h"
#include "qsys/base/str.h"
#include "qsys/job/job.h"

static const struct qs_cl_parm parms[] = {
    { .kwd = "USRPRF", .type = QS_CL_NAME, .len = 10, .flags = QS_CL_REQUIRED,
      .prompt = "User profile" },
    { .kwd = "PASSWORD", .type = QS_CL_CHAR, .len = 128, .flags = QS_CL_MIXED_CASE,
      .dft = "*SAME", .spcval = QS_CL_VALUES("*SAME", "*USRPRF", "*NONE"),
      .prompt = "User password" },
    { .kwd = "PWDEXP", .type = QS_CL_CHAR, .len = 5, .dft = "*SAME",
      .rstd = QS_CL_VALUES("*SAME", "*NO", "*YES"), .prompt = "Set password to expired" },
    { .kwd = "STATUS", .type = QS_CL_CHAR, .len = 9, .dft = "*SAME",
      .rstd = QS_CL_VALUES("*SAME", "*ENABLED", "*DISABLED"), .prompt = "Status" },
    { .kwd = "USRCLS", .type = QS_CL_CHAR, .len = 7, .dft = "*SAME",
      .rstd = QS_CL_VALUES("*SAME", "*USER", "*SYSOPR", "*PGMR", "*SECADM", "*SECOFR"),
      .prompt = "User class" },
    { .kwd = "TEXT", .type = QS_CL_CHAR, .len = 50, .flags = QS_CL_MIXED_CASE,
      .dft = "*SAME", .spcval = QS_CL_VALUES("*SAME", "*BLANK"),
      .prompt = "Text 'description'" },
    { .kwd = "SPCAUT", .type = QS_CL_CHAR, .len = 9, .max_rep = 8,
      .dft = "*SAME", .sngval = QS_CL_VALUES("*SAME", "*USRCLS", "*NONE"),
      .rstd = QS_CL_VALUES("*ALLOBJ", "*AUDIT", "*IOSYSCFG", "*JOBCTL", "*SAVSYS", "*SECADM",
                           "*SERVICE", "*SPLCTL"),
      .prompt = "Special authority" },
    { .kwd = "CCSID", .type = QS_CL_INT4, .min = 1, .max = 65535, .flags = QS_CL_KEYWORD,
      .dft = "*SAME", .spcval = QS_CL_VALUES("*SAME", "*SYSVAL"),
      .prompt = "Coded character set ID" },
};

static int chgusrprf_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_job *j = qs_job_current(err);
    if (!j)
        return -1;
    struct qs_usrprf p;
    if (qs_usrprf_retrieve(qs_cl_str(c->args, "USRPRF"), &p, err) < 0)
        return -1;
    int rc = strcmp(p.name, j->user) ? qs_cl_usrprf_may_admin(j, p.name, err) : 0;
    if (rc == 0)
        rc = qs_cl_usrprf_apply(c, j, &p, 0, err);
    if (rc == 0)
        rc = qs_usrprf_change(&p, err);
    if (rc == 0)
        qs_cl_comp(c, "CPC2205", p.name, (const char *)NULL);
    explicit_bzero(&p, sizeof p);
    return rc;
}

QS_CL_COMMAND(chgusrprf) = { .name = "CHGUSRPRF", .text = "Change User Profile",
                             QS_CL_PARMS(parms), .run = chgusrprf_run };
