/*
 * cl/cmd/splfcmd.h - parameter pieces shared by the spooled-file commands
 * (CPYSPLF, DSPSPLF, DLTSPLF, CHGSPLFA, HLDSPLF, RLSSPLF): FILE, JOB,
 * SPLNBR, and finding the spooled file they name.
 */
#ifndef QS_CL_SPLFCMD_H
#define QS_CL_SPLFCMD_H

#include <string.h>

#include "cl/cmd.h"
#include "qsys/base/err.h"
#include "spool/splf.h"

/* JOB(*) or JOB(number/user/name): IBM's qualifier order is name, user, number. */
static const struct qs_cl_parm splfcmd_job_q[] = {
    { .type = QS_CL_NAME, .len = 10, .spcval = QS_CL_VALUES("*"), .prompt = "Job name" },
    { .type = QS_CL_NAME, .len = 10, .prompt = "User" },
    { .type = QS_CL_CHAR, .len = 6, .prompt = "Number" },
};

#define SPLFCMD_FILE \
    { .kwd = "FILE", .type = QS_CL_NAME, .len = 10, .flags = QS_CL_REQUIRED, \
      .prompt = "Spooled file" }
#define SPLFCMD_JOB \
    { .kwd = "JOB", .type = QS_CL_NAME, QS_CL_QUAL(splfcmd_job_q), .dft = "*", \
      .prompt = "Job name" }
#define SPLFCMD_SPLNBR \
    { .kwd = "SPLNBR", .type = QS_CL_INT4, .min = 1, .max = 999999, .dft = "*ONLY", \
      .spcval = QS_CL_VALUES("*ONLY", "*LAST", "*ANY"), .prompt = "Spooled file number" }

/* The spooled file FILE/JOB/SPLNBR name. */
static inline int splfcmd_get(struct qs_cl_call *c, struct qs_splf_attr *a, struct qs_err *err)
{
    const char *job = qs_cl_qual(c->args, "JOB", 0);
    const char *user = qs_cl_qual(c->args, "JOB", 1);
    const char *nbr = qs_cl_qual(c->args, "JOB", 2);
    int n = qs_splf_number_parse(qs_cl_str(c->args, "SPLNBR"));
    if (n == -2)
        return qs_err_set(err, "CPD0084", "0", "SPLNBR", qs_cl_str(c->args, "SPLNBR"),
                          (const char *)NULL);
    if (strcmp(job, "*") == 0)
        job = NULL;
    return qs_splf_get(job, user, nbr, qs_cl_str(c->args, "FILE"), n, a, err);
}

#endif
