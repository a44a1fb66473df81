/* cl/cmd/dtaara_parm.c - DTAARA parameter of CHGDTAARA and RTVDTAARA. */
#include "cl/cmd/dtaara_parm.h"

#include <string.h>

#include "qsys/base/err.h"

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
/* DTAARA(LIB/NAME (start length)), as IBM writes it */
const struct qs_cl_parm qs_cl_dtaara_elems[2] = {
    { .type = QS_CL_NAME, QS_CL_QUAL(dtaara_q), .flags = QS_CL_REQUIRED, .prompt = "Data area" },
    { .type = QS_CL_INT4, QS_CL_ELEMS(sub_e), .dft = "*ALL", .spcval = QS_CL_VALUES("*ALL"),
      .prompt = "Substring" },
};

int qs_cl_dtaara_ref(struct qs_cl_call *c, struct qs_cl_dtaara_ref *r, struct qs_err *err)
{
    const struct qs_cl_val *d = qs_cl_arg(c->args, "DTAARA");
    const struct qs_cl_val *obj = qs_cl_val_item(d, 0);
    const struct qs_cl_val *sub = qs_cl_val_item(d, 1);
    const struct qs_cl_val *st = sub && qs_cl_val_count(sub) ? qs_cl_val_item(sub, 0) : sub;
    const struct qs_cl_val *ln = sub && qs_cl_val_count(sub) ? qs_cl_val_item(sub, 1) : NULL;
    r->name = qs_cl_val_str(qs_cl_val_item(obj, 0));
    r->lib = qs_cl_val_str(qs_cl_val_item(obj, 1));
    r->start = 0;
    r->sublen = 0;
    if (!strcmp(r->name, "*GDA") || !strcmp(r->name, "*PDA"))
        return qs_err_set(err, "CPF1015", r->name, "*LIBL", (const char *)NULL);
    if (st && !qs_cl_val_is(st, "*ALL")) {
        r->start = (int)qs_cl_val_int(st);
        r->sublen = ln && qs_cl_val_given(ln) ? (int)qs_cl_val_int(ln) : 1;
    }
    return 0;
}
