/* cl/cmd/dltjrnrcv.c - DLTJRNRCV JRNRCV(): delete a detached journal
 * receiver; as on IBM i the attached one is refused (CPF7022) and receivers
 * go in the order they were detached (the oldest first).  qsys/jrn/jrn.h. */
#include "cl/cmd/jrncmd.h"
#include "qsys/jrn/jrn.h"

static const struct qs_cl_parm rcv_q[] = {
    { .type = QS_CL_NAME, .len = 10, .prompt = "Journal receiver" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*LIBL", .spcval = QS_CL_VALUES("*LIBL", "*CURLIB"),
      .prompt = "Library" },
};
static const struct qs_cl_parm parms[] = {
    { .kwd = "JRNRCV", .type = QS_CL_NAME, QS_CL_QUAL(rcv_q), .flags = QS_CL_REQUIRED,
      .prompt = "Journal receiver" },
};

static int dltjrnrcv_run(struct qs_cl_call *c, struct qs_err *err)
{
    const char *rcv = qs_cl_qual(c->args, "JRNRCV", 0);
    if (jrncmd_may_change("*JRNRCV", rcv, err) < 0)
        return -1;
    char jrn[11];
    return qs_jrn_delete_receiver(rcv, jrn, err);
}

QS_CL_COMMAND(dltjrnrcv) = { .name = "DLTJRNRCV", .text = "Delete Journal Receiver",
                             QS_CL_PARMS(parms), .run = dltjrnrcv_run };
