/* cl/cmd/dspusrprf.c - DSPUSRPRF: display a user profile (basic). */
#include <stdio.h>
#include <time.h>

#include "cl/cmd.h"
#include "qsys/base/err.h"
#include "qsys/usrprf/usrprf.h"

static const struct qs_cl_parm parms[] = {
    { .kwd = "USRPRF", .type = QS_CL_NAME, .len = 10, .flags = QS_CL_REQUIRED,
      .prompt = "User profile" },
    { .kwd = "TYPE", .type = QS_CL_CHAR, .len = 7, .dft = "*BASIC", .rstd = QS_CL_VALUES("*BASIC"),
      .prompt = "Type of information" },
    { .kwd = "OUTPUT", .type = QS_CL_CHAR, .len = 8, .dft = "*", .rstd = QS_CL_VALUES("*", "*PRINT"),
      .prompt = "Output" },
};

static int dspusrprf_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_usrprf p;
    if (qs_usrprf_retrieve(qs_cl_str(c->args, "USRPRF"), &p, err) < 0)
        return -1;
    char sa[128], when[32] = "", ccsid[16];
    qs_spcaut_format(p.spcaut, sa, sizeof sa);
    if (p.last_signon) {
        struct tm tm;
        localtime_r(&p.last_signon, &tm);
        strftime(when, sizeof when, "%Y-%m-%d  %H:%M:%S", &tm);
    }
    if (p.ccsid == QS_CCSID_SYSVAL)
        snprintf(ccsid, sizeof ccsid, "*SYSVAL");
    else
        snprintf(ccsid, sizeof ccsid, "%d", p.ccsid);
    FILE *o = c->out;
    fprintf(o, "                        Display User Profile - Basic\n\n");
    fprintf(o, " User profile . . . . . . . . . . . . . . . :   %s\n", p.name);
    fprintf(o, " Previous sign-on . . . . . . . . . . . . . :   %s\n", when);
    fprintf(o, " Sign-on attempts not valid . . . . . . . . :   %d\n", p.invalid_signons);
    fprintf(o, " Status . . . . . . . . . . . . . . . . . . :   %s\n",
            p.enabled ? "*ENABLED" : "*DISABLED");
    fprintf(o, " Password none  . . . . . . . . . . . . . . :   %s\n", p.pwhash[0] ? "*NO" : "*YES");
    fprintf(o, " Set password to expired  . . . . . . . . . :   %s\n", p.pwdexp ? "*YES" : "*NO");
    fprintf(o, " User class . . . . . . . . . . . . . . . . :   %s\n", p.usrcls);
    fprintf(o, " Special authority  . . . . . . . . . . . . :   %s\n", sa);
    fprintf(o, " Owner  . . . . . . . . . . . . . . . . . . :   %s\n", p.owner);
    fprintf(o, " Coded character set ID . . . . . . . . . . :   %s\n", ccsid);
    fprintf(o, " Text . . . . . . . . . . . . . . . . . . . :   %s\n", p.text);
    return 0;
}

QS_CL_COMMAND(dspusrprf) = { .name = "DSPUSRPRF", .text = "Display User Profile",
                             QS_CL_PARMS(parms), .run = dspusrprf_run };
