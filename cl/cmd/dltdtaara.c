/* cl/cmd/dltdtaara.c - DLTDTAARA: delete a data area. */
#include "cl/cmd.h"
#include "qsys/base/err.h"
#include "qsys/dtaara/dtaara.h"
#include "qsys/job/job.h"

static const struct qs_cl_parm dtaara_q[] = {
    { .type = QS_CL_NAME, .len = 10, .prompt = "Data area" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*LIBL", .spcval = QS_CL_VALUES("*LIBL", "*CURLIB"),
      .prompt = "Library" },
};
static const struct qs_cl_parm parms[] = {
    { .kwd = "DTAARA", .type = QS_CL_NAME, QS_CL_QUAL(dtaara_q), .flags = QS_CL_REQUIRED,
      .prompt = "Data area" },
};

static int dltdtaara_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_job *j = qs_job_current(err);
    if (!j)
        return -1;
    const char *name = qs_cl_qual(c->args, "DTAARA", 0);
    const char *lib = qs_cl_qual(c->args, "DTAARA", 1);
    struct qs_dtaara d;
    if (qs_dtaara_retrieve(j, lib, name, &d, err) < 0 ||
        qs_dtaara_delete(j, d.lib, d.name, err) < 0)
        return -1;
    qs_cl_comp(c, "CPC2191", d.name, d.lib, "*DTAARA", (const char *)NULL);
    return 0;
}

QS_CL_COMMAND(dltdtaara) = { .name = "DLTDTAARA", .text = "Delete Data Area",
                             QS_CL_PARMS(parms), .run = dltdtaara_run };
