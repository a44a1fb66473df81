/*
 * api/burst_run.h - the burst-and-mail run behind QshBurstSplf and BRSSPLF.
 * Internal to api/ (and cl/).
 */
#ifndef QS_API_BURST_RUN_H
#define QS_API_BURST_RUN_H

#include <qshburst.h>

struct qs_err;
struct qs_buf;

/* Run (or resume) the burst of one spooled file; see <qshburst.h>.
 * report (may be NULL) receives one "part N key K: reason" line per part
 * that went to the error queue or failed in the exit program.  0, or -1
 * with err set; parts that failed (res->failed) are not an error here:
 * the callers report BRS0109 after the results. */
int qs_burst_run(const Qsh_Burst_Opts_t *o, Qsh_Burst_Result_t *res, struct qs_buf *report,
                 struct qs_err *err);

/* Replace &KEY &PART &PARTS &PAGES &FIRST &ADDR &FILE &NAME in tmpl (exposed for
 * tests).  Unknown &WORDs are kept as they are. */
struct qs_burst_vars {
    const char *key, *addr, *file, *name;
    unsigned    part, parts, pages, first;
};
int qs_burst_subst(const char *tmpl, const struct qs_burst_vars *v, struct qs_buf *out);

#endif
