/* cl/cmd/crtusrprf.c - CRTUSRPRF: create a user profile. */
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
      .dft = "*USRPRF", .spcval = QS_CL_VALUES("*USRPRF", "*NONE"),
      .prompt = "User password" },
    { .kwd = "PWDEXP", .type = QS_CL_CHAR, .len = 5, .dft = "*NO",
      .rstd = QS_CL_VALUES("*NO", "*YES"), .prompt = "Set password to expired" },
    { .kwd = "STATUS", .type = QS_CL_CHAR, .len = 9, .dft = "*ENABLED",
      .rstd = QS_CL_VALUES("*ENABLED", "*DISABLED"), .prompt = "Status" },
    { .kwd = "USRCLS", .type = QS_CL_CHAR, .len = 7, .dft = "*USER",
      .rstd = QS_CL_VALUES("*USER", "*SYSOPR", "*PGMR", "*SECADM", "*SECOFR"),
      .prompt = "User class" },
    { .kwd = "TEXT", .type = QS_CL_CHAR, .len = 50, .flags = QS_CL_MIXED_CASE,
      .dft = "*BLANK", .spcval = QS_CL_VALUES("*BLANK"),
      .prompt = "Text 'description'" },
    { .kwd = "SPCAUT", .type = QS_CL_CHAR, .len = 9, .max_rep = 8,
      .dft = "*USRCLS", .sngval = QS_CL_VALUES("*USRCLS", "*NONE"),
      .rstd = QS_CL_VALUES("*ALLOBJ", "*AUDIT", "*IOSYSCFG", "*JOBCTL", "*SAVSYS", "*SECADM",
                           "*SERVICE", "*SPLCTL"),
      .prompt = "Special authority" },
    { .kwd = "CCSID", .type = QS_CL_INT4, .min = 1, .max = 65535, .flags = QS_CL_KEYWORD,
      .dft = "*SYSVAL", .spcval = QS_CL_VALUES("*SYSVAL"),
      .prompt = "Coded character set ID" },
};

static int crtusrprf_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_job *j = qs_job_current(err);
    if (!j)
        return -1;
    const char *name = qs_cl_str(c->args, "USRPRF");
    if (qs_cl_usrprf_may_admin(j, name, err) < 0)
        return -1;
    struct qs_usrprf p;
    qs_usrprf_init(&p, name);
    qs_strlcpy(p.owner, j->user, sizeof p.owner);
    int rc = qs_cl_usrprf_apply(c, j, &p, 1, err);
    if (rc == 0)
        rc = qs_usrprf_create(&p, err);
    if (rc == 0)
        qs_cl_comp(c, "CPC2213", p.name, (const char *)NULL);
    explicit_bzero(&p, sizeof p);
    return rc;
}

QS_CL_COMMAND(crtusrprf) = { .name = "CRTUSRPRF", .text = "Create User Profile",
                             QS_CL_PARMS(parms), .run = crtusrprf_run };
