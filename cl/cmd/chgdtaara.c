/* cl/cmd/chgdtaara.c - CHGDTAARA: change all or part of a data area. */
#include <string.h>

#include "cl/cmd.h"
#include "cl/cmd/dtaara_parm.h"
#include "qsys/base/err.h"
#include "qsys/dtaara/dtaara.h"
#include "qsys/job/job.h"

static const struct qs_cl_parm parms[] = {
    QS_DTAARA_SPEC_PARM,
    { .kwd = "VALUE", .type = QS_CL_CHAR, .len = 2000, .flags = QS_CL_REQUIRED | QS_CL_MIXED_CASE,
      .prompt = "New value" },
};

static int chgdtaara_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_job *j = qs_job_current(err);
    if (!j)
        return -1;
    struct qs_cl_dtaara_ref r;
    if (qs_cl_dtaara_ref(c, &r, err) < 0)
        return -1;
    const char *value = qs_cl_str(c->args, "VALUE");
    return qs_dtaara_change(j, r.lib, r.name, r.start, r.sublen, value, strlen(value), err);
}

QS_CL_COMMAND(chgdtaara) = { .name = "CHGDTAARA", .text = "Change Data Area",
                             QS_CL_PARMS(parms), .run = chgdtaara_run };
