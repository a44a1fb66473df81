/* cl/cmd/dlttbl.c - DLTTBL: delete a conversion table (*TBL). */
#include "cl/cmd.h"
#include "qsys/base/err.h"
#include "qsys/job/job.h"
#include "qsys/tbl/tbl.h"

static const struct qs_cl_parm tbl_q[] = {
    { .type = QS_CL_NAME, .len = 10, .prompt = "Table" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*LIBL", .spcval = QS_CL_VALUES("*LIBL", "*CURLIB"),
      .prompt = "Library" },
};
static const struct qs_cl_parm parms[] = {
    { .kwd = "TBL", .type = QS_CL_NAME, QS_CL_QUAL(tbl_q), .flags = QS_CL_REQUIRED,
      .prompt = "Table" },
};

static int dlttbl_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_job *j = qs_job_current(err);
    if (!j)
        return -1;
    const char *name = qs_cl_qual(c->args, "TBL", 0), *lib = qs_cl_qual(c->args, "TBL", 1);
    if (qs_tbl_delete(j, lib, name, err) != 0)
        return -1;
    qs_cl_comp(c, "CPC2191", name, lib, "*TBL", (const char *)NULL);
    return 0;
}

QS_CL_COMMAND(dlttbl) = { .name = "DLTTBL", .text = "Delete Table",
                          QS_CL_PARMS(parms), .run = dlttbl_run };
