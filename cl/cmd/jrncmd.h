/* cl/cmd/jrncmd.h - shared by the journal commands (DSPJRN, CHGJRN, WRKJRNA,
 * DLTJRNRCV): the qualified JRN / JRNRCV names.  Journals are found by name
 * alone (QZMF is QUSRSYS/QZMF on IBM i); the library part is accepted and
 * not used. */
#ifndef QS_CL_CMD_JRNCMD_H
#define QS_CL_CMD_JRNCMD_H

#include "cl/cmd.h"
#include "qsys/base/err.h"
#include "qsys/job/job.h"
#include "qsys/usrprf/usrprf.h"

static const struct qs_cl_parm jrncmd_jrn_q[] = {
    { .type = QS_CL_NAME, .len = 10, .prompt = "Journal" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*LIBL", .spcval = QS_CL_VALUES("*LIBL", "*CURLIB"),
      .prompt = "Library" },
};

#define JRNCMD_JRN \
    { .kwd = "JRN", .type = QS_CL_NAME, QS_CL_QUAL(jrncmd_jrn_q), .flags = QS_CL_REQUIRED, \
      .prompt = "Journal" }

/* CHGJRN and DLTJRNRCV change QUSRSYS objects owned by the system: IBM asks
 * for *OBJMGT / *OBJEXIST on them; qshim has no object authorities for
 * journals, so *ALLOBJ stands in (CPF9802 without it; UNCONFIRMED). */
static inline int jrncmd_may_change(const char *type, const char *name, struct qs_err *err)
{
    struct qs_job *j = qs_job_current(err);
    if (!j)
        return -1;
    if (j->spcaut & QS_SPCAUT_ALLOBJ)
        return 0;
    return qs_err_set(err, "CPF9802", type, name, "QUSRSYS", (const char *)NULL);
}

#endif
