/* cl/cmd/rtvdtaara.c - RTVDTAARA: copy a data area (or a substring) into a
 * CL variable. */
#include <string.h>

#include "cl/cmd.h"
#include "cl/cmd/dtaara_parm.h"
#include "qsys/base/err.h"
#include "qsys/dtaara/dtaara.h"
#include "qsys/job/job.h"

static const struct qs_cl_parm parms[] = {
    QS_DTAARA_SPEC_PARM,
    { .kwd = "RTNVAR", .type = QS_CL_VARNAME, .flags = QS_CL_REQUIRED,
      .prompt = "CL variable for returned value" },
};

static int rtvdtaara_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_job *j = qs_job_current(err);
    if (!j)
        return -1;
    struct qs_cl_dtaara_ref r;
    if (qs_cl_dtaara_ref(c, &r, err) < 0)
        return -1;
    struct qs_dtaara da;
    if (qs_dtaara_retrieve(j, r.lib, r.name, &da, err) < 0)
        return -1;
    if (r.start && da.type != QS_DTAARA_CHAR)
        return qs_err_set(err, "CPF1087", da.name, da.lib, (const char *)NULL);
    char v[QS_DTAARA_CHAR_MAX + 1];
    if (qs_dtaara_value_text(&da, r.start, r.sublen, v, sizeof v, err) < 0)
        return -1;
    size_t n = da.type == QS_DTAARA_CHAR ? (r.start ? (size_t)r.sublen : da.value_len) : strlen(v);
    return qs_cl_var_set(c, "RTNVAR", v, n, err);
}

QS_CL_COMMAND(rtvdtaara) = { .name = "RTVDTAARA", .text = "Retrieve Data Area",
                             QS_CL_PARMS(parms), .flags = QS_CL_PGMONLY, .run = rtvdtaara_run };
