/* cl/cmd/wrkusrprf.c - WRKUSRPRF: list user profiles (non-interactive). */
#include <string.h>

#include "cl/cmd.h"
#include "qsys/base/err.h"
#include "qsys/usrprf/usrprf.h"

static const struct qs_cl_parm parms[] = {
    { .kwd = "USRPRF", .type = QS_CL_GENERIC, .len = 10, .dft = "*ALL",
      .spcval = QS_CL_VALUES("*ALL"), .prompt = "User profile" },
};

struct ctx {
    FILE       *out;
    const char *pat;
    size_t      plen;   /* generic prefix length, or (size_t)-1 for exact */
};

static int one(const struct qs_usrprf *p, void *arg)
{
    struct ctx *x = arg;
    if (x->pat && (x->plen == (size_t)-1 ? strcmp(p->name, x->pat) != 0
                                         : strncmp(p->name, x->pat, x->plen) != 0))
        return 0;
    fprintf(x->out, " %-10s  %-9s  %-7s  %s\n", p->name, p->enabled ? "*ENABLED" : "*DISABLED",
            p->usrcls, p->text);
    return 0;
}

static int wrkusrprf_run(struct qs_cl_call *c, struct qs_err *err)
{
    const char *pat = qs_cl_str(c->args, "USRPRF");
    struct ctx x = { c->out, NULL, (size_t)-1 };
    if (!qs_cl_is(c->args, "USRPRF", "*ALL")) {
        size_t n = strlen(pat);
        x.pat = pat;
        if (n && pat[n - 1] == '*')
            x.plen = n - 1;
    }
    fprintf(c->out, "                           Work with User Profiles\n\n");
    fprintf(c->out, " User        Status     Class    Text\n");
    return qs_usrprf_list(one, &x, err);
}

QS_CL_COMMAND(wrkusrprf) = { .name = "WRKUSRPRF", .text = "Work with User Profiles",
                             QS_CL_PARMS(parms), .run = wrkusrprf_run };
