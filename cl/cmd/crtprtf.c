/* cl/cmd/crtprtf.c - CRTPRTF, CHGPRTF, OVRPRTF and DLTOVR: printer files
 * and their overrides (spool/prtf.h). */
#include "cl/cmd.h"
#include "prtfcmd.h"
#include "qsys/base/err.h"
#include "qsys/job/job.h"

#include <string.h>

static const struct qs_cl_parm file_q[] = {
    { .type = QS_CL_NAME, .len = 10, .prompt = "File" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*CURLIB", .spcval = QS_CL_VALUES("*CURLIB", "*LIBL"),
      .prompt = "Library" },
};
static const struct qs_cl_parm crt_parms[] = {
    { .kwd = "FILE", .type = QS_CL_NAME, QS_CL_QUAL(file_q), .flags = QS_CL_REQUIRED,
      .prompt = "File" },
    PRTFCMD_ATTRS,
    { .kwd = "TEXT", .type = QS_CL_CHAR, .len = 50, .dft = "*BLANK",
      .spcval = QS_CL_VALUES("*BLANK"), .flags = QS_CL_MIXED_CASE | QS_CL_KEYWORD,
      .prompt = "Text 'description'" },
    { .kwd = "REPLACE", .type = QS_CL_CHAR, .len = 4, .dft = "*YES",
      .rstd = QS_CL_VALUES("*YES", "*NO"), .flags = QS_CL_KEYWORD, .prompt = "Replace file" },
};
static const struct qs_cl_parm chg_file_q[] = {
    { .type = QS_CL_NAME, .len = 10, .prompt = "File" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*LIBL", .spcval = QS_CL_VALUES("*LIBL", "*CURLIB"),
      .prompt = "Library" },
};
static const struct qs_cl_parm chg_parms[] = {
    { .kwd = "FILE", .type = QS_CL_NAME, QS_CL_QUAL(chg_file_q), .flags = QS_CL_REQUIRED,
      .prompt = "File" },
    PRTFCMD_ATTRS,
};
static const struct qs_cl_parm ovr_parms[] = {
    { .kwd = "FILE", .type = QS_CL_NAME, .len = 10, .flags = QS_CL_REQUIRED,
      .spcval = QS_CL_VALUES("*PRTF"), .prompt = "File being overridden" },
    PRTFCMD_ATTRS,
};
static const struct qs_cl_parm dltovr_parms[] = {
    { .kwd = "FILE", .type = QS_CL_NAME, .len = 10, .flags = QS_CL_REQUIRED,
      .spcval = QS_CL_VALUES("*ALL", "*PRTF"), .prompt = "Overridden file name" },
};

static int crtprtf_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_job *j = qs_job_current(err);
    if (!j)
        return -1;
    struct qs_prtf p, given;
    qs_prtf_default(&p);
    memset(&given, 0, sizeof given);
    prtfcmd_attrs(c, &given);
    qs_prtf_merge(&p, &given);
    const char *text = qs_cl_is(c->args, "TEXT", "*BLANK") ? "" : qs_cl_str(c->args, "TEXT");
    const char *file = qs_cl_qual(c->args, "FILE", 0), *lib = qs_cl_qual(c->args, "FILE", 1);
    if (qs_prtf_create(j, lib, file, &p, text, qs_cl_is(c->args, "REPLACE", "*YES"), err) < 0)
        return -1;
    qs_cl_comp(c, "CPC7301", file, lib[0] == '*' ? "QGPL" : lib, (const char *)NULL);
    return 0;
}

static int chgprtf_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_job *j = qs_job_current(err);
    if (!j)
        return -1;
    struct qs_prtf p;
    memset(&p, 0, sizeof p);
    prtfcmd_attrs(c, &p);
    return qs_prtf_change(j, qs_cl_qual(c->args, "FILE", 1), qs_cl_qual(c->args, "FILE", 0), &p,
                          err);
}

static int ovrprtf_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_prtf p;
    memset(&p, 0, sizeof p);
    prtfcmd_attrs(c, &p);
    return qs_prtf_override(qs_cl_str(c->args, "FILE"), &p, err);
}

static int dltovr_run(struct qs_cl_call *c, struct qs_err *err)
{
    return qs_prtf_override_delete(qs_cl_str(c->args, "FILE"), err);
}

QS_CL_COMMAND(crtprtf) = { .name = "CRTPRTF", .text = "Create Printer File",
                           QS_CL_PARMS(crt_parms), .maxpos = 1, .run = crtprtf_run };
QS_CL_COMMAND(chgprtf) = { .name = "CHGPRTF", .text = "Change Printer File",
                           QS_CL_PARMS(chg_parms), .maxpos = 1, .run = chgprtf_run };
QS_CL_COMMAND(ovrprtf) = { .name = "OVRPRTF", .text = "Override with Printer File",
                           QS_CL_PARMS(ovr_parms), .maxpos = 1, .run = ovrprtf_run };
QS_CL_COMMAND(dltovr) = { .name = "DLTOVR", .text = "Delete Override",
                          QS_CL_PARMS(dltovr_parms), .run = dltovr_run };
