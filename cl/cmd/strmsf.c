/* cl/cmd/strmsf.c - STRMSF / ENDMSF: start and end the Mail Server
 * Framework workers (NBRMSFJOB threads in one daemon, pid in run/qmsf.pid).
 * MSGOPT(*RESUME) keeps the queue; *CLEAR empties it first.  Both need
 * *JOBCTL special authority (they start and end system jobs); without it
 * CPF90AB (qshim's choice of id, UNCONFIRMED: IBM's restriction and message
 * are not in the reference). */
#include "cl/cmd.h"
#include "qsys/base/buf.h"
#include "qsys/base/err.h"
#include "qsys/base/root.h"
#include "qsys/base/fileio.h"
#include "qsys/msf/msf.h"
#include "qsys/netsrv/svrctl.h"
#include "qsys/usrprf/usrprf.h"

#include <stdio.h>

static const struct qs_cl_parm sparms[] = {
    { .kwd = "MSGOPT", .type = QS_CL_CHAR, .len = 7, .dft = "*RESUME",
      .rstd = QS_CL_VALUES("*RESUME", "*RESET", "*CLEAR"), .prompt = "Message option" },
    { .kwd = "NBRMSFJOB", .type = QS_CL_INT4, .min = 1, .max = 99, .dft = "3",
      .prompt = "Number of MSF jobs" },
};
static const struct qs_cl_parm eparms[] = {
    { .kwd = "OPTION", .type = QS_CL_CHAR, .len = 7, .dft = "*CNTRLD",
      .rstd = QS_CL_VALUES("*CNTRLD", "*IMMED"), .prompt = "How to end" },
    { .kwd = "DELAY", .type = QS_CL_INT4, .min = 1, .max = 999999, .dft = "30",
      .prompt = "Controlled end delay time" },
};

static int strmsf_run(struct qs_cl_call *c, struct qs_err *err)
{
    if (qs_cl_is(c->args, "MSGOPT", "*CLEAR") && qs_msf_coldstart(err) < 0)
        return -1;
    struct qs_buf pf;
    qs_buf_init(&pf, 4096);
    if (qs_svr_pidfile(&pf, "qmsf") < 0) {
        qs_buf_free(&pf);
        return qs_err_sys(err, 2);
    }
    char jobs[16];
    snprintf(jobs, sizeof jobs, "%lld", qs_cl_int(c->args, "NBRMSFJOB"));
    char *argv[] = { (char *)"qmailadm", (char *)"strmsf", (char *)"--jobs", jobs,
                     (char *)"--pidfile", pf.data, NULL };
    int rc = qs_svr_start("qmsf", "qmailadm", argv, err);
    qs_buf_free(&pf);
    return rc;
}

static int endmsf_run(struct qs_cl_call *c, struct qs_err *err)
{
    int wait = qs_cl_is(c->args, "OPTION", "*IMMED") ? 1 : (int)qs_cl_int(c->args, "DELAY");
    return qs_svr_end("qmsf", wait, err) < 0 ? -1 : 0;
}

QS_CL_COMMAND(strmsf) = { .name = "STRMSF", .text = "Start Mail Server Framework",
                          QS_CL_PARMS(sparms), .spcaut = QS_SPCAUT_JOBCTL,
                          .spcaut_msgid = "CPF90AB", .run = strmsf_run };
QS_CL_COMMAND(endmsf) = { .name = "ENDMSF", .text = "End Mail Server Framework",
                          QS_CL_PARMS(eparms), .spcaut = QS_SPCAUT_JOBCTL,
                          .spcaut_msgid = "CPF90AB", .run = endmsf_run };
