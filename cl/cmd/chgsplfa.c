/*
 * cl/cmd/chgsplfa.c - CHGSPLFA: change spooled file attributes.
 *
 * Supported: OUTQ (move to another output queue; it must exist), USRDTA,
 * FORMTYPE, SAVE, HOLD-like status via STATUS is HLDSPLF/RLSSPLF's job.
 * *SAME keeps a value.  A move is how IBM users park a failed report on an
 * error queue (CHGSPLFA … OUTQ(ERRLIB/ERROR)).
 */
#include "splfcmd.h"
#include "qsys/base/str.h"

static const struct qs_cl_parm outq_q[] = {
    { .type = QS_CL_NAME, .len = 10, .spcval = QS_CL_VALUES("*SAME"), .prompt = "Output queue" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*LIBL", .spcval = QS_CL_VALUES("*LIBL", "*CURLIB"),
      .prompt = "Library" },
};
static const struct qs_cl_parm parms[] = {
    SPLFCMD_FILE,
    SPLFCMD_JOB,
    SPLFCMD_SPLNBR,
    { .kwd = "OUTQ", .type = QS_CL_NAME, QS_CL_QUAL(outq_q), .dft = "*SAME", .prompt = "Output queue" },
    { .kwd = "USRDTA", .type = QS_CL_CHAR, .len = 10, .dft = "*SAME", .spcval = QS_CL_VALUES("*SAME"),
      .flags = QS_CL_MIXED_CASE, .prompt = "User data" },
    { .kwd = "FORMTYPE", .type = QS_CL_CHAR, .len = 10, .dft = "*SAME",
      .spcval = QS_CL_VALUES("*SAME", "*STD"), .prompt = "Form type" },
    { .kwd = "SAVE", .type = QS_CL_CHAR, .len = 5, .dft = "*SAME",
      .rstd = QS_CL_VALUES("*SAME", "*YES", "*NO"), .prompt = "Save file" },
};

static int chgsplfa_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_splf_attr a;
    if (splfcmd_get(c, &a, err) < 0)
        return -1;
    if (!qs_cl_is(c->args, "OUTQ", "*SAME")) {
        const char *lib = qs_cl_qual(c->args, "OUTQ", 1);
        const char *q = qs_cl_qual(c->args, "OUTQ", 0);
        if (!*lib || qs_strcaseeq(lib, "*LIBL") || qs_strcaseeq(lib, "*CURLIB")) {
            /* the library list's queue: QGPL and QUSRSYS hold the shared ones */
            lib = qs_outq_exists("QUSRSYS", q) && !qs_outq_exists("QGPL", q) ? "QUSRSYS" : "QGPL";
        }
        qs_strlcpy(a.outq, q, sizeof a.outq);
        qs_strlcpy(a.outqlib, lib, sizeof a.outqlib);
    }
    if (!qs_cl_is(c->args, "USRDTA", "*SAME"))
        qs_strlcpy(a.usrdta, qs_cl_str(c->args, "USRDTA"), sizeof a.usrdta);
    if (!qs_cl_is(c->args, "FORMTYPE", "*SAME"))
        qs_strlcpy(a.formtype, qs_cl_str(c->args, "FORMTYPE"), sizeof a.formtype);
    if (!qs_cl_is(c->args, "SAVE", "*SAME"))
        a.save = qs_cl_is(c->args, "SAVE", "*YES");
    return qs_splf_change(&a, err);
}

QS_CL_COMMAND(chgsplfa) = { .name = "CHGSPLFA", .text = "Change Spooled File Attributes",
                            QS_CL_PARMS(parms), .run = chgsplfa_run };
