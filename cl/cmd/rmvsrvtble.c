/* cl/cmd/rmvsrvtble.c - RMVSRVTBLE: remove a service table entry. */
#include "cl/cmd.h"
#include "qsys/base/err.h"
#include "qsys/srvtbl/srvtbl.h"

static const struct qs_cl_parm parms[] = {
    { .kwd = "SERVICE", .type = QS_CL_CHAR, .len = 32, .flags = QS_CL_REQUIRED | QS_CL_MIXED_CASE,
      .prompt = "Service" },
    { .kwd = "PORT", .type = QS_CL_INT4, .min = 1, .max = 65535, .flags = QS_CL_REQUIRED,
      .prompt = "Port" },
    { .kwd = "PROTOCOL", .type = QS_CL_CHAR, .len = 32, .flags = QS_CL_REQUIRED | QS_CL_MIXED_CASE,
      .prompt = "Protocol" },
};

static int rmvsrvtble_run(struct qs_cl_call *c, struct qs_err *err)
{
    const char *svc = qs_cl_str(c->args, "SERVICE");
    if (qs_srvtbl_remove(svc, (int)qs_cl_int(c->args, "PORT"), qs_cl_str(c->args, "PROTOCOL"),
                         err) < 0)
        return -1;
    qs_cl_comp(c, "TCP1905", svc, (const char *)NULL);
    return 0;
}

QS_CL_COMMAND(rmvsrvtble) = { .name = "RMVSRVTBLE", .text = "Remove Service Table Entry",
                              QS_CL_PARMS(parms), .run = rmvsrvtble_run };
