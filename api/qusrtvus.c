/*
 * api/qusrtvus.c - QUSRTVUS, Retrieve User Space (see qusrtvus.h).
 */
#include "api/apiparm.h"
#include "api/errcode.h"
#include "api/usrspc_parm.h"
#include "qsys/base/err.h"
#include "qsys/job/job.h"
#include "qsys/usrspc/usrspc.h"

#include <qusrtvus.h>

#include <stdarg.h>

void qshim_QUSRTVUS(int nargs, void *qname, int start, int len, void *rcv, ...)
{
    void *errcode = NULL;
    if (nargs >= 5) {
        va_list ap;
        va_start(ap, rcv);
        errcode = va_arg(ap, void *);
        va_end(ap);
    }
    qs_ec_begin(errcode, "QUSRTVUS");
    struct qs_err err = QS_ERR_INIT;
    struct qs_job *j = qs_job_current(&err);
    int rc = -1;
    char name[11], lib[11];
    size_t off;
    if (j && qs_api_usrspc_parms(j, qname && rcv, qname, start, len, name, lib, &off, &err) == 0)
        rc = qs_usrspc_read(j, lib, name, off, (size_t)len, rcv, &err);
    if (rc < 0)
        qs_ec_report(errcode, &err, "QUSRTVUS");
    qs_err_clear(&err);
}
