/*
 * api/qusptrus.c - QUSPTRUS, Retrieve Pointer to User Space (qusptrus.h).
 */
#include "api/apiparm.h"
#include "api/errcode.h"
#include "qsys/base/err.h"
#include "qsys/job/job.h"
#include "qsys/usrspc/usrspc.h"

#include <qusptrus.h>

#include <stdarg.h>
#include <string.h>

void qshim_QUSPTRUS(int nargs, void *qname, void *ptr_r, ...)
{
    void *errcode = NULL;
    if (nargs >= 3) {
        va_list ap;
        va_start(ap, ptr_r);
        errcode = va_arg(ap, void *);
        va_end(ap);
    }
    qs_ec_begin(errcode, "QUSPTRUS");
    struct qs_err err = QS_ERR_INIT;
    struct qs_job *j = qs_job_current(&err);
    int rc = -1;
    if (j && (!qname || !ptr_r)) {
        qs_err_set(&err, "CPF24B4", (const char *)NULL);
    } else if (j) {
        char name[11], lib[11];
        void *p = NULL;
        qs_api_field_in(j, qname, 10, name);
        qs_api_field_in(j, (const char *)qname + 10, 10, lib);
        rc = qs_usrspc_ptr(j, lib, name, &p, NULL, &err);
        if (rc == 0)
            memcpy(ptr_r, &p, sizeof p);
    }
    if (rc < 0)
        qs_ec_report(errcode, &err, "QUSPTRUS");
    qs_err_clear(&err);
}
