/* cl/cmd/wrksrvtble.c - WRKSRVTBLE: list the service table. */
#include <string.h>

#include "cl/cmd.h"
#include "qsys/base/err.h"
#include "qsys/srvtbl/srvtbl.h"

static const struct qs_cl_parm parms[] = {
    { .kwd = "SERVICE", .type = QS_CL_CHAR, .len = 32, .dft = "*ALL", .flags = QS_CL_MIXED_CASE,
      .spcval = QS_CL_VALUES("*ALL"), .prompt = "Service" },
};

struct ctx {
    FILE       *out;
    const char *svc;
};

static int one(const struct qs_srvtble *e, void *arg)
{
    struct ctx *x = arg;
    if (x->svc && strcmp(x->svc, e->service) != 0)
        return 0;
    fprintf(x->out, " %-32s %5d  %-8s %s\n", e->service, e->port, e->protocol, e->text);
    for (size_t i = 0; i < e->naliases; i++)
        fprintf(x->out, "   alias %s\n", e->aliases[i]);
    return 0;
}

static int wrksrvtble_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct ctx x = { c->out, qs_cl_is(c->args, "SERVICE", "*ALL") ? NULL
                                                                   : qs_cl_str(c->args, "SERVICE") };
    fprintf(c->out, "                         Work with Service Table Entries\n\n");
    fprintf(c->out, " Service                           Port  Protocol Text\n");
    return qs_srvtbl_list(one, &x, err);
}

QS_CL_COMMAND(wrksrvtble) = { .name = "WRKSRVTBLE", .text = "Work with Service Table Entries",
                              QS_CL_PARMS(parms), .run = wrksrvtble_run };
