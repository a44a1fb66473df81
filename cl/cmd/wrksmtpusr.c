/* cl/cmd/wrksmtpusr.c - WRKSMTPUSR: list the SMTP mailbox directory (the
 * entries ADDUSRSMTP / CHGUSRSMTP made: profile, alias, domain), a printed
 * list; OUTPUT(*PRINT) spools it.  With CHGSMTPA DIRTYPE(*SDD) the server
 * looks names up in the system distribution directory instead (WRKDIRE);
 * the list says so.  Needs *SECADM like the commands that change the
 * directory (qshim's choice; IBM's parameters and restrictions for
 * WRKSMTPUSR are not in the reference, UNCONFIRMED). */
#include "cl/cmd.h"
#include "qsys/base/err.h"
#include "qsys/msf/mailcfg.h"
#include "qsys/usrprf/usrprf.h"

#include <stdio.h>

static const struct qs_cl_parm parms[] = {
    { .kwd = "OUTPUT", .type = QS_CL_CHAR, .len = 8, .dft = "*", .rstd = QS_CL_VALUES("*", "*PRINT"),
      .prompt = "Output" },
};

static int row(const char *usrprf, const char *alias, const char *domain, void *arg)
{
    fprintf(arg, " %-10s  %-30s  %s\n", usrprf, alias, domain);
    return 0;
}

static int wrksmtpusr_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_mailcfg cfg;
    if (qs_mailcfg_load(&cfg, err) < 0)
        return -1;
    int sdd = cfg.dirtype == QS_DIR_SDD;
    qs_mailcfg_free(&cfg);
    fprintf(c->out, "                         Work with SMTP Users\n\n%s"
                    " User        Alias                           Domain\n",
            sdd ? " (DIRTYPE(*SDD): the server uses the distribution directory, WRKDIRE)\n\n"
                : "");
    int n = qs_smtpdir_each(row, c->out, err);
    if (n < 0)
        return -1;
    fprintf(c->out, "\n %d %s\n", n, n == 1 ? "entry" : "entries");
    return 0;
}

QS_CL_COMMAND(wrksmtpusr) = { .name = "WRKSMTPUSR", .text = "Work with SMTP Users",
                              QS_CL_PARMS(parms), .spcaut = QS_SPCAUT_SECADM,
                              .spcaut_msgid = "CPF90AA", .run = wrksmtpusr_run };
