/* cl/cmd/chgjrn.c - CHGJRN JRN() JRNRCV(*GEN|*SAME): detach the attached
 * journal receiver and attach a new one named by incrementing its number
 * (QZMF000001 -> QZMF000002); sequence numbers continue.  qsys/jrn/jrn.h. */
#include "cl/cmd/jrncmd.h"
#include "qsys/jrn/jrn.h"

static const struct qs_cl_parm parms[] = {
    JRNCMD_JRN,
    { .kwd = "JRNRCV", .type = QS_CL_CHAR, .len = 5, .dft = "*SAME",
      .rstd = QS_CL_VALUES("*SAME", "*GEN"), .prompt = "Journal receiver" },
};

static int chgjrn_run(struct qs_cl_call *c, struct qs_err *err)
{
    const char *jrn = qs_cl_qual(c->args, "JRN", 0);
    if (qs_cl_is(c->args, "JRNRCV", "*SAME"))
        return 0;
    if (jrncmd_may_change("*JRN", jrn, err) < 0)
        return -1;
    char rcv[11];
    return qs_jrn_change(jrn, rcv, err);
}

QS_CL_COMMAND(chgjrn) = { .name = "CHGJRN", .text = "Change Journal",
                          QS_CL_PARMS(parms), .run = chgjrn_run };
