/* cl/cmd/wrkdstq.c - WRKDSTQ: list distribution queues (non-interactive). */
#include "cl/cmd.h"
#include "qsys/base/err.h"
#include "qsys/base/str.h"
#include "qsys/snads/snads.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct qs_cl_parm parms[] = {
    { .kwd = "DSTQ", .type = QS_CL_CHAR, .len = 10, .dft = "*ALL", .spcval = QS_CL_VALUES("*ALL"),
      .prompt = "Distribution queue" },
};

static int wrkdstq_run(struct qs_cl_call *c, struct qs_err *err)
{
    struct qs_dstq_info *v;
    size_t n;
    if (qs_dstq_list(&v, &n, err) < 0)
        return -1;
    fprintf(c->out, "                      Work with Distribution Queues\n\n");
    fprintf(c->out, " Queue       Priority  Status    Queue depth  Type    Remote location\n");
    const char *only = qs_cl_str(c->args, "DSTQ");
    int all = qs_cl_is(c->args, "DSTQ", "*ALL");
    for (size_t i = 0; i < n; i++) {
        if (!all && !qs_strcaseeq(only, v[i].name))
            continue;
        fprintf(c->out, " %-10s  *NORMAL   %-8s  %-11zu  %-6s  %s\n", v[i].name,
                v[i].held_normal ? "HELD" : "RLS", v[i].n_normal, v[i].type, v[i].rmtloc);
        if (strcmp(v[i].type, "*SVDS"))        /* *SVDS queues have no *HIGH */
            fprintf(c->out, " %-10s  *HIGH     %-8s  %-11zu  %-6s  %s\n", v[i].name,
                    v[i].held_high ? "HELD" : "RLS", v[i].n_high, v[i].type, v[i].rmtloc);
    }
    free(v);
    return 0;
}

QS_CL_COMMAND(wrkdstq) = { .name = "WRKDSTQ", .text = "Work with Distribution Queues",
                           QS_CL_PARMS(parms), .run = wrkdstq_run };
