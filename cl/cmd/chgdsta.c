/* cl/cmd/chgdsta.c - CHGDSTA: change distribution attributes (KEEPRCP,
 * USEMSFLCL, SMTPRTE).  As IBM documents, the user needs *SECADM (CPF90AA). */
#include "cl/cmd/dstcmd.h"
#include "qsys/base/err.h"
#include "qsys/base/str.h"
#include "qsys/job/job.h"
#include "qsys/usrprf/usrprf.h"

#include <stdio.h>

static const struct qs_cl_parm parms[] = {
    { .kwd = "KEEPRCP", .type = QS_CL_CHAR, .len = 5, .dft = "*SAME",
      .rstd = QS_CL_VALUES("*SAME", "*BCC", "*ALL", "*NONE"), .prompt = "Keep recipients" },
    { .kwd = "USEMSFLCL", .type = QS_CL_CHAR, .len = 5, .dft = "*SAME",
      .rstd = QS_CL_VALUES("*SAME", "*NO", "*YES"), .prompt = "Use MSF for local" },
    { .kwd = "SMTPRTE", .type = QS_CL_NAME, QS_CL_ELEMS(qs_dstcmd_usrid_e), .dft = "*SAME",
      .sngval = QS_CL_VALUES("*SAME", "*NONE"), .prompt = "SMTP route" },
};

static int chgdsta_run(struct qs_cl_call *c, struct qs_err *err)
{
    const struct qs_cl_args *a = c->args;
    struct qs_job *j = qs_job_current(err);
    if (!j)
        return -1;
    if (!(j->spcaut & QS_SPCAUT_SECADM))
        return qs_err_set(err, "CPF90AA", "CHGDSTA", (const char *)NULL);
    struct qs_dsta d;
    if (qs_dsta_get(&d, err) < 0)
        return -1;
    if (!qs_cl_is(a, "KEEPRCP", "*SAME"))
        qs_keeprcp_parse(qs_cl_str(a, "KEEPRCP"), &d.keeprcp);
    if (!qs_cl_is(a, "USEMSFLCL", "*SAME"))
        d.usemsflcl = qs_cl_is(a, "USEMSFLCL", "*YES");
    const struct qs_cl_val *r = qs_cl_arg(a, "SMTPRTE");
    if (qs_cl_val_count(r) >= 2) {
        qs_strlcpy(d.smtprte_user, qs_cl_val_str(qs_cl_val_item(r, 0)), sizeof d.smtprte_user);
        qs_strlcpy(d.smtprte_addr, qs_cl_val_str(qs_cl_val_item(r, 1)), sizeof d.smtprte_addr);
    } else if (qs_cl_val_is(r, "*NONE")) {
        d.smtprte_user[0] = d.smtprte_addr[0] = '\0';
    }
    if (qs_dsta_set(&d, err) < 0)
        return -1;
    fprintf(c->out, "Distribution attributes changed.\n");
    return 0;
}

QS_CL_COMMAND(chgdsta) = { .name = "CHGDSTA", .text = "Change Distribution Attributes",
                           QS_CL_PARMS(parms), .run = chgdsta_run };
