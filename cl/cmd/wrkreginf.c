/* cl/cmd/wrkreginf.c - WRKREGINF: the MSF exit points and their programs. */
#include "cl/cmd.h"
#include "qsys/base/err.h"
#include "qsys/exitpgm/exitpgm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct qs_cl_parm parms[] = {
    { .kwd = "EXITPNT", .type = QS_CL_CHAR, .len = 20, .dft = "*ALL", .spcval = QS_CL_VALUES("*ALL"),
      .prompt = "Exit point" },
};

static int wrkreginf_run(struct qs_cl_call *c, struct qs_err *err)
{
    int all = qs_cl_is(c->args, "EXITPNT", "*ALL");
    const char *only = qs_cl_str(c->args, "EXITPNT");
    struct qs_exitpgm_reg *v;
    size_t n;
    if (qs_exitpgm_list(all ? NULL : only, &v, &n, err) < 0)
        return -1;
    fprintf(c->out, "                   Work with Registration Information\n\n");
    fprintf(c->out, " Exit point            Format    Number      Program               Kind     Entry / path\n");
    for (size_t p = 0; qs_exitpgm_points[p]; p++) {
        const char *ep = qs_exitpgm_points[p];
        if (!all && !qs_exitpgm_point_format(only))
            break;
        int shown = 0;
        for (size_t i = 0; i < n; i++) {
            if (strcmp(v[i].exit_point, ep))
                continue;
            fprintf(c->out, " %-20s  %-8s  %10d  %-21s %-8s %s %s\n", ep, v[i].format, v[i].pgmnbr,
                    v[i].pgm, v[i].kind == QS_EXIT_CLPGM ? "*CLPGM" : "*SRVPGM", v[i].symbol, v[i].path);
            shown = 1;
        }
        if (!shown && all)
            fprintf(c->out, " %-20s  %-8s  %10s\n", ep, qs_exitpgm_point_format(ep), "-");
    }
    free(v);
    return 0;
}

QS_CL_COMMAND(wrkreginf) = { .name = "WRKREGINF", .text = "Work with Registration Info",
                             QS_CL_PARMS(parms), .run = wrkreginf_run };
