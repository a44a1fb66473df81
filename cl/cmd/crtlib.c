/* cl/cmd/crtlib.c - CRTLIB: create a library. */
#include "cl/cmd.h"
#include "qsys/base/err.h"
#include "qsys/job/job.h"
#include "qsys/obj/obj.h"

static const struct qs_cl_parm parms[] = {
    { .kwd = "LIB", .type = QS_CL_NAME, .len = 10, .flags = QS_CL_REQUIRED, .prompt = "Library" },
    { .kwd = "TYPE", .type = QS_CL_CHAR, .len = 5, .dft = "*PROD", .rstd = QS_CL_VALUES("*PROD", "*TEST"),
      .prompt = "Library type" },
    { .kwd = "TEXT", .type = QS_CL_CHAR, .len = 50, .dft = "*BLANK",
      .spcval = QS_CL_VALUES("*BLANK"), .flags = QS_CL_MIXED_CASE, .prompt = "Text 'description'" },
};

static int crtlib_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_job *j = qs_job_current(err);
    if (!j)
        return -1;
    const char *lib = qs_cl_str(c->args, "LIB");
    if (qs_lib_create(lib, qs_cl_is(c->args, "TEXT", "*BLANK") ? "" : qs_cl_str(c->args, "TEXT"),
                      j->user, err) < 0)
        return -1;
    qs_cl_comp(c, "CPC2102", lib, (const char *)NULL);
    return 0;
}

QS_CL_COMMAND(crtlib) = { .name = "CRTLIB", .text = "Create Library", QS_CL_PARMS(parms),
                          .run = crtlib_run };
