/* cl/cmd/crtpf.c - CRTPF: create a program-described physical file
 * (RCDLEN), the target of CPYSPLF TOFILE; see qsys/dbf/pf.h.  DDS source
 * (SRCFILE) is not supported: RCDLEN is required here. */
#include "cl/cmd.h"
#include "qsys/base/err.h"
#include "qsys/dbf/pf.h"
#include "qsys/job/job.h"

static const struct qs_cl_parm file_q[] = {
    { .type = QS_CL_NAME, .len = 10, .prompt = "File" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*CURLIB", .spcval = QS_CL_VALUES("*CURLIB"),
      .prompt = "Library" },
};
static const struct qs_cl_parm parms[] = {
    { .kwd = "FILE", .type = QS_CL_NAME, QS_CL_QUAL(file_q), .flags = QS_CL_REQUIRED,
      .prompt = "File" },
    { .kwd = "RCDLEN", .type = QS_CL_DEC, .len = 5, .dec = 0, .min = 1, .max = QS_PF_RCDLEN_MAX,
      .flags = QS_CL_REQUIRED | QS_CL_KEYWORD, .prompt = "Record length, if no DDS" },
    { .kwd = "TEXT", .type = QS_CL_CHAR, .len = 50, .dft = "*BLANK",
      .spcval = QS_CL_VALUES("*BLANK"), .flags = QS_CL_MIXED_CASE | QS_CL_KEYWORD,
      .prompt = "Text 'description'" },
};

static int crtpf_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_job *j = qs_job_current(err);
    if (!j)
        return -1;
    const char *file = qs_cl_qual(c->args, "FILE", 0);
    const char *lib = qs_cl_qual(c->args, "FILE", 1);
    const char *text = qs_cl_is(c->args, "TEXT", "*BLANK") ? "" : qs_cl_str(c->args, "TEXT");
    if (qs_pf_create(j, lib, file, (unsigned)qs_cl_int(c->args, "RCDLEN"), text, err) < 0)
        return -1;
    qs_cl_comp(c, "CPC7301", file, lib[0] == '*' ? "QGPL" : lib, (const char *)NULL);
    return 0;
}

QS_CL_COMMAND(crtpf) = { .name = "CRTPF", .text = "Create Physical File",
                         QS_CL_PARMS(parms), .run = crtpf_run };
