/*
 * cl/cmd/outqcmd.h - the OUTQ(lib/name) parameter shared by CRTOUTQ,
 * DLTOUTQ, CLROUTQ and WRKOUTQ, and resolving its library.
 */
#ifndef QS_CL_OUTQCMD_H
#define QS_CL_OUTQCMD_H

#include "cl/cmd.h"
#include "qsys/base/str.h"
#include "spool/splf.h"

static const struct qs_cl_parm outqcmd_q[] = {
    { .type = QS_CL_NAME, .len = 10, .prompt = "Output queue" },
    { .type = QS_CL_NAME, .len = 10, .dft = "*LIBL", .spcval = QS_CL_VALUES("*LIBL", "*CURLIB"),
      .prompt = "Library" },
};

/* For *LIBL or *CURLIB: the first of QGPL, QUSRSYS holding the queue (QGPL when
 * none does: creation goes to the current library, QGPL by default). */
static inline const char *outqcmd_lib(const struct qs_cl_args *args, const char *kwd)
{
    const char *lib = qs_cl_qual(args, kwd, 1), *q = qs_cl_qual(args, kwd, 0);
    if (*lib && !qs_strcaseeq(lib, "*LIBL") && !qs_strcaseeq(lib, "*CURLIB"))
        return lib;
    if (!qs_outq_exists("QGPL", q) && qs_outq_exists("QUSRSYS", q))
        return "QUSRSYS";
    return "QGPL";
}

#endif
