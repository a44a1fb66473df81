/*
 * cl/cmd/crtoutq.c - CRTOUTQ: create an output queue (*OUTQ object).
 */
#include "outqcmd.h"
#include "qsys/obj/obj.h"

static const struct qs_cl_parm parms[] = {
    { .kwd = "OUTQ", .type = QS_CL_NAME, QS_CL_QUAL(outqcmd_q), .flags = QS_CL_REQUIRED,
      .prompt = "Output queue" },
    { .kwd = "TEXT", .type = QS_CL_CHAR, .len = 50, .dft = "*BLANK",
      .spcval = QS_CL_VALUES("*BLANK"), .flags = QS_CL_MIXED_CASE, .prompt = "Text 'description'" },
};

static int crtoutq_run(struct qs_cl_call *c, struct qs_err *err)
{
    const char *text = qs_cl_is(c->args, "TEXT", "*BLANK") ? "" : qs_cl_str(c->args, "TEXT");
    if (qs_obj_init_system(err) < 0)
        return -1;
    return qs_outq_create(outqcmd_lib(c->args, "OUTQ"), qs_cl_qual(c->args, "OUTQ", 0), text, err);
}

QS_CL_COMMAND(crtoutq) = { .name = "CRTOUTQ", .text = "Create Output Queue", QS_CL_PARMS(parms),
                           .run = crtoutq_run };
