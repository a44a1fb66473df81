/* cl/cmd/crtdtaara.c - CRTDTAARA: create a data area. */
#include "cl/cmd.h"
#include "qsys/base/err.h"
#include "qsys/dtaara/dtaara.h"
#include "qsys/job/job.h"

static const struct qs_cl_parm dtaara_q[] = {
    { .type = QS_CL_NAME, .len = 10, .prompt = "Data area" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*CURLIB", .spcval = QS_CL_VALUES("*CURLIB"),
      .prompt = "Library" },
};
static const struct qs_cl_parm len_e[] = {
    { .type = QS_CL_DEC, .len = 5, .dec = 0, .min = 1, .max = 2000, .prompt = "Length" },
    { .type = QS_CL_DEC, .len = 2, .dec = 0, .min = 0, .max = 24, .prompt = "Decimal positions" },
};
static const struct qs_cl_parm parms[] = {
    { .kwd = "DTAARA", .type = QS_CL_NAME, QS_CL_QUAL(dtaara_q), .flags = QS_CL_REQUIRED,
      .prompt = "Data area" },
    { .kwd = "TYPE", .type = QS_CL_CHAR, .len = 5, .flags = QS_CL_REQUIRED,
      .rstd = QS_CL_VALUES("*DEC", "*CHAR", "*LGL"), .prompt = "Type" },
    { .kwd = "LEN", .type = QS_CL_DEC, QS_CL_ELEMS(len_e), .prompt = "Length" },
    { .kwd = "VALUE", .type = QS_CL_CHAR, .len = 2000, .flags = QS_CL_MIXED_CASE,
      .prompt = "Initial value" },
    { .kwd = "RMTDTAARA", .type = QS_CL_NAME, .len = 10, .dft = "*NONE",
      .rstd = QS_CL_VALUES("*NONE"), .flags = QS_CL_KEYWORD, .prompt = "Remote data area" },
    { .kwd = "TEXT", .type = QS_CL_CHAR, .len = 50, .dft = "*BLANK",
      .spcval = QS_CL_VALUES("*BLANK"), .flags = QS_CL_MIXED_CASE, .prompt = "Text 'description'" },
    { .kwd = "AUT", .type = QS_CL_CHAR, .len = 10, .dft = "*LIBCRTAUT",
      .rstd = QS_CL_VALUES("*LIBCRTAUT", "*CHANGE", "*ALL", "*USE", "*EXCLUDE"),
      .prompt = "Authority" },
};

static int crtdtaara_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_job *j = qs_job_current(err);
    if (!j)
        return -1;
    const char *name = qs_cl_qual(c->args, "DTAARA", 0);
    const char *lib = qs_cl_qual(c->args, "DTAARA", 1);
    enum qs_dtaara_type t = QS_DTAARA_CHAR;
    qs_dtaara_type_parse(qs_cl_str(c->args, "TYPE"), &t);
    int len = 0, dec = -1;
    if (qs_cl_given(c->args, "LEN")) {
        const struct qs_cl_val *l = qs_cl_arg(c->args, "LEN");
        const struct qs_cl_val *l0 = qs_cl_val_item(l, 0), *l1 = qs_cl_val_item(l, 1);
        len = (int)(l0 ? qs_cl_val_int(l0) : qs_cl_val_int(l));
        dec = l1 && qs_cl_val_given(l1) ? (int)qs_cl_val_int(l1) : 0;
    }
    const char *value = qs_cl_given(c->args, "VALUE") ? qs_cl_str(c->args, "VALUE") : NULL;
    const char *text = qs_cl_is(c->args, "TEXT", "*BLANK") ? "" : qs_cl_str(c->args, "TEXT");
    enum qs_aut aut = QS_AUT_CHANGE;
    if (!qs_cl_is(c->args, "AUT", "*LIBCRTAUT"))
        qs_aut_parse(qs_cl_str(c->args, "AUT"), &aut);
    if (qs_dtaara_create(j, lib, name, t, len, dec, value, text, aut, err) < 0)
        return -1;
    /* qshim has no current library: *CURLIB means QGPL (docs/objects.md) */
    qs_cl_comp(c, "CPC0904", name, lib[0] && lib[0] != '*' ? lib : "QGPL", (const char *)NULL);
    return 0;
}

QS_CL_COMMAND(crtdtaara) = { .name = "CRTDTAARA", .text = "Create Data Area",
                             QS_CL_PARMS(parms), .run = crtdtaara_run };
