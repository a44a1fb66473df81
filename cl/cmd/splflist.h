/*
 * cl/cmd/splflist.h - the printed spooled-file list of WRKSPLF and WRKOUTQ.
 */
#ifndef QS_CL_SPLFLIST_H
#define QS_CL_SPLFLIST_H

#include <stdio.h>
#include <time.h>

#include "spool/splf.h"

struct splflist {
    FILE    *out;
    unsigned n;
};

static inline void splflist_head(FILE *out)
{
    fprintf(out, "%-10s %-10s %-10s %-10s %-4s %6s %-8s %6s %-10s %-10s %-6s %-10s %-8s\n",
            "File", "User", "Queue", "User Data", "Sts", "Pages", "Form", "Nbr",
            "Job", "User", "Number", "Date", "Time");
}

static inline int splflist_row(const struct qs_splf_attr *a, void *arg)
{
    struct splflist *l = arg;
    struct tm tm;
    char d[16] = "", t[16] = "";
    time_t when = a->created;
    if (localtime_r(&when, &tm)) {
        strftime(d, sizeof d, "%Y-%m-%d", &tm);
        strftime(t, sizeof t, "%H:%M:%S", &tm);
    }
    fprintf(l->out, "%-10s %-10s %-10s %-10s %-4s %6u %-8s %6d %-10s %-10s %-6s %-10s %-8s\n",
            a->file, a->user, a->outq, a->usrdta, a->status + 1, a->pages, a->formtype,
            a->number, a->job, a->user, a->jobnbr, d, t);
    l->n++;
    return 0;
}

#endif
