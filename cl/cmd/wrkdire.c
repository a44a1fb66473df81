/* cl/cmd/wrkdire.c - WRKDIRE: list the system distribution directory. */
#include "cl/cmd.h"
#include "qsys/base/err.h"
#include "qsys/base/str.h"
#include "qsys/sdd/sdd.h"

#include <stdio.h>
#include <stdlib.h>

static const struct qs_cl_parm parms[] = {
    { .kwd = "USRID", .type = QS_CL_CHAR, .len = 8, .dft = "*ALL", .spcval = QS_CL_VALUES("*ALL"),
      .prompt = "User ID" },
};

static int wrkdire_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_sdd_entry *v;
    size_t n;
    if (qs_sdd_list(&v, &n, err) < 0)
        return -1;
    const char *only = qs_cl_str(c->args, "USRID");
    int all = qs_cl_is(c->args, "USRID", "*ALL");
    fprintf(c->out, "                        Work with Directory Entries\n\n");
    fprintf(c->out, " User ID   Address   User prof   Pref addr  Service  SMTP name                        Description\n");
    for (size_t i = 0; i < n; i++) {
        if (!all && qs_strcaseeq(v[i].user, only) == 0)
            continue;
        char smtp[330] = "";
        if (v[i].smtp_user[0])
            snprintf(smtp, sizeof smtp, "%s@%s", v[i].smtp_user, v[i].smtp_domain);
        fprintf(c->out, " %-8s  %-8s  %-10s  %-9s  %-7s  %-32s %s\n", v[i].user, v[i].addr,
                v[i].usrprf[0] ? v[i].usrprf : "*NONE", qs_sdd_prefadr_name(v[i].prefadr),
                qs_sdd_msflvl_name(v[i].msflvl), smtp, v[i].desc);
    }
    free(v);
    return 0;
}

QS_CL_COMMAND(wrkdire) = { .name = "WRKDIRE", .text = "Work with Directory Entries",
                           QS_CL_PARMS(parms), .run = wrkdire_run };
