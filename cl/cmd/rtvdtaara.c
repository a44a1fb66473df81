/* cl/cmd/rtvdtaara.c - RTVDTAARA: copy a data area (or a substring) into a
 * CL variable. */
#include <string.h>

#include "cl/cmd.h"
#include "qsys/base/err.h"
#include "qsys/dtaara/dtaara.h"
#include "qsys/job/job.h"

static const struct qs_cl_parm dtaara_q[] = {
    { .type = QS_CL_NAME, .len = 10, .spcval = QS_CL_VALUES("*LDA", "*GDA", "*PDA"),
      .prompt = "Data area" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*LIBL", .spcval = QS_CL_VALUES("*LIBL", "*CURLIB"),
      .prompt = "Library" },
};
static const struct qs_cl_parm sub_e[] = {
    { .type = QS_CL_INT4, .spcval = QS_CL_VALUES("*ALL"), .min = 1, .max = 2000,
      .prompt = "Substring starting position" },
    { .type = QS_CL_INT4, .min = 1, .max = 2000, .prompt = "Substring length" },
};
static const struct qs_cl_parm dtaara_e[] = {
    { .type = QS_CL_NAME, QS_CL_QUAL(dtaara_q), .flags = QS_CL_REQUIRED, .prompt = "Data area" },
    { .type = QS_CL_INT4, QS_CL_ELEMS(sub_e), .dft = "*ALL", .spcval = QS_CL_VALUES("*ALL"),
      .prompt = "Substring" },
};
static const struct qs_cl_parm parms[] = {
    { .kwd = "DTAARA", .type = QS_CL_NAME, QS_CL_ELEMS(dtaara_e), .flags = QS_CL_REQUIRED,
      .prompt = "Data area specification" },
    { .kwd = "RTNVAR", .type = QS_CL_VARNAME, .flags = QS_CL_REQUIRED,
      .prompt = "CL variable for returned value" },
};

static int rtvdtaara_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_job *j = qs_job_current(err);
    if (!j)
        return -1;
    const struct qs_cl_val *d = qs_cl_arg(c->args, "DTAARA");
    const struct qs_cl_val *obj = qs_cl_val_item(d, 0);
    const struct qs_cl_val *sub = qs_cl_val_item(d, 1);
    const struct qs_cl_val *st = sub && qs_cl_val_count(sub) ? qs_cl_val_item(sub, 0) : sub;
    const struct qs_cl_val *ln = sub && qs_cl_val_count(sub) ? qs_cl_val_item(sub, 1) : NULL;
    const char *name = qs_cl_val_str(qs_cl_val_item(obj, 0));
    const char *lib = qs_cl_val_str(qs_cl_val_item(obj, 1));
    if (!strcmp(name, "*GDA") || !strcmp(name, "*PDA"))
        return qs_err_set(err, "CPF1015", name, "*LIBL", (const char *)NULL);
    struct qs_dtaara da;
    if (qs_dtaara_retrieve(j, lib, name, &da, err) < 0)
        return -1;
    int start = 0, sublen = 0;
    if (st && !qs_cl_val_is(st, "*ALL")) {
        if (da.type != QS_DTAARA_CHAR)
            return qs_err_set(err, "CPF1087", da.name, da.lib, (const char *)NULL);
        start = (int)qs_cl_val_int(st);
        sublen = ln && qs_cl_val_given(ln) ? (int)qs_cl_val_int(ln) : 1;
    }
    char v[QS_DTAARA_CHAR_MAX + 1];
    if (qs_dtaara_value_text(&da, start, sublen, v, sizeof v, err) < 0)
        return -1;
    size_t n = da.type == QS_DTAARA_CHAR ? (start ? (size_t)sublen : da.value_len) : strlen(v);
    return qs_cl_var_set(c, "RTNVAR", v, n, err);
}

QS_CL_COMMAND(rtvdtaara) = { .name = "RTVDTAARA", .text = "Retrieve Data Area",
                             QS_CL_PARMS(parms), .flags = QS_CL_PGMONLY, .run = rtvdtaara_run };
