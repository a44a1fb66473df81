/* cl/cmd/wrkjrna.c - WRKJRNA JRN() OUTPUT(*|*PRINT): the journal's attached
 * receiver and its receiver directory (every receiver of the chain, oldest
 * first, with attach and detach times, status, first and last sequence
 * number and size).  A printed list; *PRINT spools it as QPDSPJNA. */
#include "cl/cmd/jrncmd.h"
#include "qsys/jrn/jrn.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static const struct qs_cl_parm parms[] = {
    JRNCMD_JRN,
    { .kwd = "OUTPUT", .type = QS_CL_CHAR, .len = 8, .dft = "*", .rstd = QS_CL_VALUES("*", "*PRINT"),
      .prompt = "Output" },
};

static void when(char out[20], int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    out[0] = '\0';
    if (t && localtime_r(&tt, &tm))
        strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm);
}

static int wrkjrna_run(struct qs_cl_call *c, struct qs_err *err)
{
    const char *jrn = qs_cl_qual(c->args, "JRN", 0);
    struct qs_jrn_rcv *r;
    size_t n;
    if (qs_jrn_receivers(jrn, &r, &n, err) < 0)
        return -1;
    FILE *o = c->out;
    fprintf(o, "                          Work with Journal Attributes\n\n"
               " Journal  . . . . . . :   %-10s  Library  . . . . . . :   QUSRSYS\n"
               " Attached receiver  . :   %-10s  Library  . . . . . . :   QUSRSYS\n\n"
               "                             Receiver Directory\n\n"
               " Receiver    Attached             Detached             Status     "
               "First sequence   Last sequence         Size\n", jrn, r[n - 1].name);
    for (size_t i = 0; i < n; i++) {
        char a[20], d[20];
        when(a, r[i].attached);
        when(d, r[i].detached);
        fprintf(o, " %-10s  %-19s  %-19s  %-9s  %14" PRIu64 "  %14" PRIu64 "  %11" PRIu64 "\n",
                r[i].name, a, d, i == n - 1 ? "*ATTACHED" : "*ONLINE", r[i].first_seq,
                r[i].last_seq, r[i].size);
    }
    fprintf(o, "\n %zu receiver%s\n", n, n == 1 ? "" : "s");
    free(r);
    return 0;
}

QS_CL_COMMAND(wrkjrna) = { .name = "WRKJRNA", .text = "Work with Journal Attributes",
                           QS_CL_PARMS(parms), .prtf = "QPDSPJNA", .run = wrkjrna_run };
