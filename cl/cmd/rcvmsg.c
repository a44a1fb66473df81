/*
 * cl/cmd/rcvmsg.c - RCVMSG: receive a message from the program's queue.
 *
 * Takes the newest message of the requested type off the running program's
 * message queue (the messages its commands sent it, the escape a MONMSG
 * handled) and returns its parts in CL variables.  With no message the
 * variables are set to blanks and MSGDTALEN/MSGLEN to 0.
 */
#include <stdio.h>
#include <string.h>

#include "cl/pgm_int.h"
#include "cl/run.h"
#include "qsys/base/err.h"
#include "qsys/job/job.h"

static const struct qs_cl_parm pgmq_e[] = {
    { .type = QS_CL_CHAR, .len = 5, .dft = "*SAME", .rstd = QS_CL_VALUES("*SAME"),
      .prompt = "Relationship" },
    { .type = QS_CL_CHAR, .len = 10, .dft = "*", .prompt = "Call stack entry" },
};
static const struct qs_cl_parm parms[] = {
    { .kwd = "PGMQ", .type = QS_CL_CHAR, QS_CL_ELEMS(pgmq_e), .prompt = "Call stack entry" },
    { .kwd = "MSGTYPE", .type = QS_CL_CHAR, .len = 6, .dft = "*ANY",
      .rstd = QS_CL_VALUES("*ANY", "*NEXT", "*LAST", "*FIRST", "*COMP", "*DIAG", "*INFO",
                           "*EXCP", "*INQ", "*RQS"), .prompt = "Message type" },
    { .kwd = "RMV", .type = QS_CL_CHAR, .len = 9, .dft = "*YES",
      .rstd = QS_CL_VALUES("*YES", "*NO", "*KEEPEXCP"), .prompt = "Remove message" },
    { .kwd = "WAIT", .type = QS_CL_INT4, .dft = "0", .spcval = QS_CL_VALUES("*MAX"),
      .prompt = "Wait time" },
    { .kwd = "MSG", .type = QS_CL_VARNAME, .prompt = "CL var for message (any length)" },
    { .kwd = "MSGLEN", .type = QS_CL_VARNAME, .prompt = "CL var for MSGLEN (5 0)" },
    { .kwd = "MSGDTA", .type = QS_CL_VARNAME, .prompt = "CL var for MSGDTA" },
    { .kwd = "MSGDTALEN", .type = QS_CL_VARNAME, .prompt = "CL var for MSGDTALEN (5 0)" },
    { .kwd = "MSGID", .type = QS_CL_VARNAME, .prompt = "CL var for MSGID (7)" },
    { .kwd = "SEV", .type = QS_CL_VARNAME, .prompt = "CL var for SEV (2 0)" },
    { .kwd = "RTNTYPE", .type = QS_CL_VARNAME, .prompt = "CL var for RTNTYPE (2)" },
    { .kwd = "SENDER", .type = QS_CL_VARNAME, .prompt = "CL var for SENDER" },
};

static const char *rtntype(enum qs_msgtype t)
{
    switch (t) {
    case QS_MSG_COMP:   return "01";
    case QS_MSG_DIAG:   return "02";
    case QS_MSG_INFO:   return "04";
    case QS_MSG_INQ:    return "05";
    case QS_MSG_RQS:    return "08";
    case QS_MSG_NOTIFY: return "14";
    case QS_MSG_ESCAPE: return "15";
    default:            return "04";
    }
}

static int rcvmsg_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_jobmsg m;
    char num[24];
    int type = -1, got = 0;
    const char *ty = qs_cl_str(c->args, "MSGTYPE");

    if (!strcmp(ty, "*COMP"))
        type = QS_MSG_COMP;
    else if (!strcmp(ty, "*DIAG"))
        type = QS_MSG_DIAG;
    else if (!strcmp(ty, "*INFO"))
        type = QS_MSG_INFO;
    else if (!strcmp(ty, "*EXCP"))
        type = QS_MSG_ESCAPE;
    else if (!strcmp(ty, "*INQ"))
        type = QS_MSG_INQ;
    else if (!strcmp(ty, "*RQS"))
        type = QS_MSG_RQS;
    memset(&m, 0, sizeof m);
    if (c->env->job)
        got = qs_job_rcvmsg(c->env->job, type, !qs_cl_is(c->args, "RMV", "*NO"), &m);
    if (!got) {
        if (qs_cl_var_set(c, "MSG", "", 0, err) < 0 || qs_cl_var_set(c, "MSGID", "", 0, err) < 0 ||
            qs_cl_var_set(c, "MSGDTA", "", 0, err) < 0 ||
            qs_cl_var_set(c, "MSGLEN", "0", 1, err) < 0 ||
            qs_cl_var_set(c, "MSGDTALEN", "0", 1, err) < 0 ||
            qs_cl_var_set(c, "RTNTYPE", "", 0, err) < 0)
            return -1;
        return 0;
    }
    int rc = -1;
    const char *text = m.text ? m.text : "";
    if (qs_cl_var_set(c, "MSG", text, strlen(text), err) < 0 ||
        qs_cl_var_set(c, "MSGID", m.msgid, strlen(m.msgid), err) < 0 ||
        qs_cl_var_set(c, "MSGDTA", (const char *)m.data, m.data_len, err) < 0 ||
        qs_cl_var_set(c, "RTNTYPE", rtntype(m.type), 2, err) < 0 ||
        qs_cl_var_set(c, "SENDER", m.from_pgm, strlen(m.from_pgm), err) < 0)
        goto out;
    snprintf(num, sizeof num, "%zu", strlen(text));
    if (qs_cl_var_set(c, "MSGLEN", num, strlen(num), err) < 0)
        goto out;
    snprintf(num, sizeof num, "%zu", m.data_len);
    if (qs_cl_var_set(c, "MSGDTALEN", num, strlen(num), err) < 0)
        goto out;
    snprintf(num, sizeof num, "%d", m.severity);
    if (qs_cl_var_set(c, "SEV", num, strlen(num), err) < 0)
        goto out;
    rc = 0;
out:
    qs_jobmsg_free(&m);
    return rc;
}

QS_CL_COMMAND(rcvmsg) = { .name = "RCVMSG", .text = "Receive Message", QS_CL_PARMS(parms),
                          .maxpos = 0, .flags = QS_CL_PGMONLY, .run = rcvmsg_run };
