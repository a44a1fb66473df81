/*
 * api/qusrtvus.c - QUSRTVUS, Retrieve User Space (see qusrtvus.h).
 */
#include "api/apiparm.h"
#include "api/errcode.h"
#include "qsys/base/err.h"
#include "qsys/job/job.h"
#include "qsys/usrspc/usrspc.h"

#include <qusrtvus.h>

#include <stdarg.h>
#include <stdio.h>

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
    if (j && (!qname || !rcv)) {
        qs_err_set(&err, "CPF24B4", (const char *)NULL);
    } else if (j && len < 0) {
        char v[16];
        snprintf(v, sizeof v, "%d", len);
        qs_err_set(&err, "CPF3C14", v, (const char *)NULL);
    } else if (j) {
        char name[11], lib[11];
        qs_api_field_in(j, qname, 10, name);
        qs_api_field_in(j, (const char *)qname + 10, 10, lib);
        rc = qs_usrspc_read(j, lib, name, start < 1 ? 0 : (size_t)start, (size_t)len, rcv, &err);
    }
    if (rc < 0)
        qs_ec_report(errcode, &err, "QUSRTVUS");
    qs_err_clear(&err);
}
